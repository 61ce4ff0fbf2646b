/* Exact decimal arithmetic and the one formatter of numbers as text (dec.h). */
#include "dec.h"

#include <string.h>

typedef __int128 i128;

static const int64_t pow10_tab[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

/* num ÷ den rounded half away from zero; den != 0. */
static i128 div_round(i128 num, i128 den)
{
	i128 q, r;
	int neg = 0;
	if (den < 0) {
		den = -den;
		num = -num;
	}
	if (num < 0) {
		neg = 1;
		num = -num;
	}
	q = num / den;
	r = num % den;
	if (2 * r >= den)
		q++;
	return neg ? -q : q;
}

jx_dec jx_round(jx_dec v, int decimals)
{
	int64_t unit;
	if (v == JX_NONE)
		return JX_NONE;
	if (decimals < 0)
		decimals = 0;
	if (decimals >= 6)
		return v;
	unit = pow10_tab[6 - decimals];
	/* Any figure a sheet holds in 64 bits: __int128 division is a call
	 * into the compiler's library, and exports round every figure they
	 * print.  The same rounding, half away from zero. */
	if (v > -((jx_dec)1 << 62) && v < ((jx_dec)1 << 62)) {
		int64_t a = v < 0 ? -v : v, q = a / unit;
		if (2 * (a % unit) >= unit)
			q++;
		q *= unit;
		return jx_dec_clamp(v < 0 ? -q : q);
	}
	return jx_dec_clamp(div_round(v, unit) * unit);
}

/* Decimal places a stated value is written with (trailing zeros ignored). */
int jx_dec_places(jx_dec v)
{
	int d = 0;
	jx_dec frac;
	if (v == JX_NONE)
		return 0;
	frac = v % JX_SCALE;
	if (frac < 0)
		frac = -frac;
	if (frac == 0)
		return 0;
	d = 6;
	while (d > 0 && frac % 10 == 0) {
		frac /= 10;
		d--;
	}
	return d;
}

jx_dec jx_add(jx_dec a, jx_dec b)
{
	if (a == JX_NONE)
		return b;
	if (b == JX_NONE)
		return a;
	return jx_dec_clamp((i128)a + b);
}

jx_dec jx_muldiv(jx_dec a, jx_dec b, jx_dec c, int decimals)
{
	i128 num, den;
	int64_t unit;
	if (a == JX_NONE || b == JX_NONE || c == JX_NONE || c == 0)
		return JX_NONE;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	unit = pow10_tab[6 - decimals];
	/* value = a·b ÷ c in millionths; in units of 10^-decimals it is
	 * a·b ÷ (c · unit). */
	num = (i128)a * b;
	den = (i128)c * unit;
	return jx_dec_clamp(div_round(num, den) * unit);
}

int jx_cmp_ratio(jx_dec a, jx_dec b, jx_dec c, jx_dec d)
{
	i128 l = (i128)a * d, r = (i128)c * b;
	return l < r ? -1 : l > r ? 1 : 0;
}

/* Two decimal digits at a time: a frame of the workstation or an export of
 * a thousand sheets formats hundreds of thousands of numbers, and snprintf
 * was most of that time. */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* The digits of u (1 at least), written at buf + n - 1 backwards. */
static void put_digits(char *end, uint64_t u, int n)
{
	for (; n >= 2; n -= 2) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (n)
		end[-1] = (char)('0' + u % 10);
}

/* The digits go straight to buf, counted first (they had been written to
 * a buffer of their own and copied, and the decimals written a digit at a
 * time; an export of 1,000 sheets formats about 1.2 million figures). */
size_t jx_fmt_len(char *buf, jx_dec v, int decimals, int trim)
{
	size_t n = 0;
	uint64_t u, ip, fp;
	jx_dec r;
	int nd = 1;
	if (v == JX_NONE) {
		buf[0] = 0;
		return 0;
	}
	if (trim || decimals > 6)
		decimals = 6;
	if (decimals < 0)
		decimals = 0;
	if (decimals < 6 && v > -(JX_DEC_MAX - JX_SCALE) && v < JX_DEC_MAX - JX_SCALE) {
		/* rounded here as jx_round rounds (half away from zero; nothing
		 * this far inside the range is clamped), and split into the
		 * integer part and the decimals shown in the same steps */
		uint64_t a = (uint64_t)(v < 0 ? -v : v), unit = (uint64_t)pow10_tab[6 - decimals], q = a / unit;
		if (2 * (a % unit) >= unit)
			q++;
		if (v < 0 && q)
			buf[n++] = '-';
		ip = q / (uint64_t)pow10_tab[decimals];
		fp = q % (uint64_t)pow10_tab[decimals];
	} else {
		r = decimals == 6 ? v : jx_round(v, decimals);
		if (r < 0) {
			buf[n++] = '-';
			u = (uint64_t)(-(r + 1)) + 1;
		} else {
			u = (uint64_t)r;
		}
		ip = u / JX_SCALE;
		fp = (u % JX_SCALE) / (uint64_t)pow10_tab[6 - decimals];
	}
	for (uint64_t t = ip; t >= 10; t /= 10)
		nd++;
	n += (size_t)nd;
	put_digits(buf + n, ip, nd);
	if (decimals > 0 && !(trim && fp == 0)) {
		/* fp has `decimals` digits, zero-padded on the left */
		buf[n++] = '.';
		n += (size_t)decimals;
		put_digits(buf + n, fp, decimals);
		if (trim) {
			while (buf[n - 1] == '0')
				n--;
			if (buf[n - 1] == '.')
				n--;
		}
	}
	buf[n] = 0;
	return n;
}

char *jx_fmt(char *buf, jx_dec v, int decimals)
{
	jx_fmt_len(buf, v, decimals, 0);
	return buf;
}

char *jx_fmt_trim(char *buf, jx_dec v)
{
	jx_fmt_len(buf, v, 6, 1);
	return buf;
}

char *jx_fmt_pct(char *buf, jx_dec frac, int decimals)
{
	size_t n;
	if (frac == JX_NONE) {
		buf[0] = 0;
		return buf;
	}
	n = jx_fmt_len(buf, jx_dec_clamp((i128)frac * 100), decimals < 0 ? 6 : decimals, decimals < 0);
	buf[n] = '%';
	buf[n + 1] = 0;
	return buf;
}
