/* The engine's private helpers, shared by its two halves: engine_rules.c
 * (one indicator under the template's rules) and engine.c (the template's
 * tree over the sheet).  Exact fractions, so that every score is rounded
 * once, and the explanation buffer both write into. */
#ifndef JX_ENGINE_INT_H
#define JX_ENGINE_INT_H

#include "engine.h"
#include "strutil.h"

#include <stdio.h>
#include <string.h>

typedef __int128 i128;

static const int64_t pow10_tab[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* ---- exact fractions ------------------------------------------------------ */

/* A value in millionths as n ÷ d, d > 0. */
typedef struct {
	i128 n, d;
} frac;

static inline frac fr(i128 n, i128 d)
{
	frac f;
	if (d < 0) {
		n = -n;
		d = -d;
	}
	f.n = n;
	f.d = d;
	return f;
}

static inline frac fr_dec(jx_dec v)
{
	return fr(v, 1);
}

static inline int fr_sign(frac f)
{
	return f.n < 0 ? -1 : f.n > 0;
}

/* Compare two fractions by cross products.  The engine only compares a
 * score or rate with an integer or a template fraction; with sheet values
 * bounded by JX_DEC_MAX (< 2^60) every product stays below 2^127. */
static inline int fr_cmp(frac a, frac b)
{
	i128 l = a.n * b.d, r = b.n * a.d;
	return l < r ? -1 : l > r;
}

/* n ÷ d rounded half away from zero, d > 0. */
static inline i128 div_round(i128 n, i128 d)
{
	int neg = n < 0;
	i128 q, r;
	if (neg)
		n = -n;
	q = n / d;
	r = n % d;
	if (r >= d - r)
		q++;
	return neg ? -q : q;
}

static inline int clamp_decimals(int d)
{
	return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* The fraction rounded half-up to `decimals`. */
static inline jx_dec fr_round(frac f, int decimals)
{
	/* (2^61 − 1) ÷ unit: the largest denominator the 64-bit path takes */
	static const int64_t d_lim[7] = {2305843009213LL, 23058430092136LL, 230584300921369LL,
					 2305843009213693LL, 23058430092136939LL, 230584300921369395LL,
					 2305843009213693951LL};
	int dec = clamp_decimals(decimals);
	int64_t unit = pow10_tab[6 - dec];
	/* (in range first: the remainder is then a 64-bit one, not a call) */
	if (f.d == 1 && f.n >= -JX_DEC_MAX && f.n <= JX_DEC_MAX && (int64_t)f.n % unit == 0)
		return (jx_dec)f.n; /* already exact at this precision */
	/* the common case fits in 64 bits, where division is cheap */
	if (f.n > -((i128)1 << 61) && f.n < ((i128)1 << 61) && f.d <= d_lim[dec]) {
		int64_t n = (int64_t)f.n, d = (int64_t)f.d * unit;
		int64_t q = (n < 0 ? -n : n) / d, r = (n < 0 ? -n : n) % d;
		if (r >= d - r)
			q++;
		return jx_dec_clamp((i128)(n < 0 ? -q : q) * unit);
	}
	/* denominators stay below 2^64, so f.d × unit fits in 128 bits */
	return jx_dec_clamp(div_round(f.n, f.d * unit) * unit);
}

/* f × points exactly (points in millionths: f × p ÷ 10^6 as a fraction). */
static inline frac fr_times(frac f, jx_dec p)
{
	return fr(f.n * p, f.d * JX_SCALE);
}

static inline frac fr_sub_dec(frac f, jx_dec v)
{
	return fr(f.n - (i128)v * f.d, f.d);
}

/* ---- explanation text ----------------------------------------------------- */

typedef struct {
	char *p;
	size_t cap, len;
} sbuf;

static inline void sb_init(sbuf *b, char *p, size_t cap)
{
	b->p = cap ? p : NULL;
	b->cap = p ? cap : 0;
	b->len = 0;
	if (b->p)
		b->p[0] = 0;
}

/* Append n bytes; a piece that does not fit is cut at a UTF-8 character
 * boundary, and nothing is appended after it (engine_rules.c: one body,
 * not inlined, so that the compiler does not guess at the bounds of the
 * constant pieces it would be inlined with). */
void engine_sb_putn(sbuf *b, const char *s, size_t n);

/* A buffer without room (b->p NULL: no explanation wanted, jx_scoresheet
 * no_expl) takes nothing, and nothing is formatted for it. */
static inline void sb_put(sbuf *b, const char *s)
{
	if (s && b->p)
		engine_sb_putn(b, s, strlen(s));
}

static inline void sb_trim(sbuf *b, jx_dec v)
{
	char t[32];
	if (b->p)
		engine_sb_putn(b, t, jx_fmt_len(t, v, 6, 1));
}

static inline void sb_fix(sbuf *b, jx_dec v, int decimals)
{
	char t[32];
	if (b->p)
		engine_sb_putn(b, t, jx_fmt_len(t, v, decimals, 0));
}

/* An exact fraction (a rate, 1.0 = 10^6) as a percentage with 2 decimals. */
static inline void sb_pct(sbuf *b, frac rate)
{
	if (!b->p)
		return;
	sb_fix(b, fr_round(fr(rate.n * 100, rate.d), 2), 2);
	sb_put(b, "%");
}

/* A template fraction (0.7 = 700000) as a trimmed percentage: "70%". */
static inline void sb_pct_trim(sbuf *b, jx_dec f)
{
	char t[40];
	if (b->p)
		sb_put(b, jx_fmt_pct(t, f, -1));
}

/* " × p = s" with s the rounded value of the fraction. */
static inline void expl_times(sbuf *b, jx_dec p, frac v, int dec)
{
	if (!b->p)
		return;
	sb_put(b, " × ");
	sb_trim(b, p);
	sb_put(b, " = ");
	sb_fix(b, fr_round(v, dec), dec);
}

#endif
