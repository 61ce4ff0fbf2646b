#include "dec.h"

#include <stdio.h>
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

static jx_dec clamp(i128 v)
{
	if (v > JX_DEC_MAX)
		return JX_DEC_MAX;
	if (v < -JX_DEC_MAX)
		return -JX_DEC_MAX;
	return (jx_dec)v;
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
	return clamp(div_round(v, unit) * unit);
}

jx_dec jx_add(jx_dec a, jx_dec b)
{
	if (a == JX_NONE)
		return b;
	if (b == JX_NONE)
		return a;
	return clamp((i128)a + b);
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
	return clamp(div_round(num, den) * unit);
}

int jx_cmp_ratio(jx_dec a, jx_dec b, jx_dec c, jx_dec d)
{
	i128 l = (i128)a * d, r = (i128)c * b;
	return l < r ? -1 : l > r ? 1 : 0;
}

char *jx_fmt(char *buf, jx_dec v, int decimals)
{
	jx_dec r;
	uint64_t u, ip, fp;
	int neg;
	if (v == JX_NONE) {
		buf[0] = 0;
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	r = jx_round(v, decimals);
	neg = r < 0;
	u = neg ? (uint64_t)(-(r + 1)) + 1 : (uint64_t)r;
	ip = u / JX_SCALE;
	fp = (u % JX_SCALE) / (uint64_t)pow10_tab[6 - decimals];
	if (neg && u == 0)
		neg = 0;
	if (decimals)
		snprintf(buf, 32, "%s%llu.%0*llu", neg ? "-" : "", (unsigned long long)ip, decimals,
			 (unsigned long long)fp);
	else
		snprintf(buf, 32, "%s%llu", neg ? "-" : "", (unsigned long long)ip);
	return buf;
}

char *jx_fmt_trim(char *buf, jx_dec v)
{
	size_t n;
	jx_fmt(buf, v, 6);
	if (!strchr(buf, '.'))
		return buf;
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = 0;
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = 0;
	return buf;
}
