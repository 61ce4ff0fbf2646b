/* Exact decimal numbers for jixiao.
 *
 * Every number a sheet holds (targets, actuals, points, scores, rates) is a
 * jx_dec: a signed 64-bit integer counting millionths.  Money is an integer
 * count of fen (0.01 yuan); since 1 万元 = 1,000,000 fen, a money value in fen
 * is exactly the jx_dec of the same amount in 万元.  No binary floating point
 * is used for any stored or scored value.
 */
#ifndef JX_DEC_H
#define JX_DEC_H

#include <stdint.h>
#include <stddef.h>

typedef int64_t jx_dec;

#define JX_SCALE 1000000LL
#define JX_NONE INT64_MIN          /* value absent (not entered) */
#define JX_DEC_MAX 999999999999999999LL /* 999,999,999,999.999999 */
#define JX_INT(n) ((jx_dec)(n) * JX_SCALE)

/* A 128-bit intermediate result brought back into ±JX_DEC_MAX: every
 * computed value (dec.c's arithmetic, the engine's scores) is clamped so. */
static inline jx_dec jx_dec_clamp(__int128 v)
{
	if (v > JX_DEC_MAX)
		return JX_DEC_MAX;
	if (v < -JX_DEC_MAX)
		return -JX_DEC_MAX;
	return (jx_dec)v;
}

/* Round half away from zero ("half-up" as used in the forms) to `decimals`
 * (0..6) decimal places.  JX_NONE stays JX_NONE. */
jx_dec jx_round(jx_dec v, int decimals);

/* Decimal places v is written with, trailing zeros ignored (0..6): how
 * precisely a printed figure was printed. */
int jx_dec_places(jx_dec v);

/* a + b for sums over a sheet's rows: JX_NONE (not entered) leaves the other
 * operand; the sum is clamped to ±JX_DEC_MAX like every computed value, so
 * that many rows of large amounts never overflow. */
jx_dec jx_add(jx_dec a, jx_dec b);

/* a × b ÷ c computed exactly (128-bit) and rounded half-up to `decimals`.
 * c == 0 returns JX_NONE.  Any argument JX_NONE returns JX_NONE. */
jx_dec jx_muldiv(jx_dec a, jx_dec b, jx_dec c, int decimals);

/* Compare a ÷ b with c ÷ d exactly (b, d > 0): -1, 0, 1. */
int jx_cmp_ratio(jx_dec a, jx_dec b, jx_dec c, jx_dec d);

/* The one formatter of numbers as text (every screen, export and message
 * uses these).  buf needs 32 bytes; JX_NONE formats as "".
 *
 * Format with exactly `decimals` places (rounded half-up): "2.48".
 * Returns buf. */
char *jx_fmt(char *buf, jx_dec v, int decimals);
/* Format with up to 6 places, trailing zeros removed: "2.5", "95". */
char *jx_fmt_trim(char *buf, jx_dec v);
/* jx_fmt (trim 0) or jx_fmt_trim (trim 1, decimals ignored), returning the
 * length of the text: for writers that append to it. */
size_t jx_fmt_len(char *buf, jx_dec v, int decimals, int trim);
/* A fraction (1.0 = JX_SCALE) as a percentage, its exact value × 100
 * rounded to `decimals` places, or trimmed when decimals < 0, then "%":
 * 0.248485 -> "24.85%" (2), 0.7 -> "70%" (-1).  Beyond ±JX_DEC_MAX the
 * percentage is clamped. */
char *jx_fmt_pct(char *buf, jx_dec frac, int decimals);

#endif
