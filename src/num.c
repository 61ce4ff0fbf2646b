/* Parsing numbers typed by people (num.h). */
#include "num.h"

#include <string.h>

/* Map one character at s (ASCII or full-width form) to ASCII; *len gets its
 * byte length.  Returns 0 for a character that has no ASCII meaning here. */
static char norm_char(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return (char)s[0];
	}
	/* U+FF01..U+FF5E full-width ASCII: EF BC 81..BF, EF BD 80..9E */
	if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x81 && s[2] <= 0xBF) {
		*len = 3;
		return (char)(s[2] - 0x81 + 0x21);
	}
	if (s[0] == 0xEF && s[1] == 0xBD && s[2] >= 0x80 && s[2] <= 0x9E) {
		*len = 3;
		return (char)(s[2] - 0x80 + 0x60);
	}
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) { /* ideographic space */
		*len = 3;
		return ' ';
	}
	if (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) { /* minus sign */
		*len = 3;
		return '-';
	}
	*len = 1;
	while ((s[*len] & 0xC0) == 0x80)
		(*len)++;
	return 0;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* src in ASCII (full-width forms, U+3000 and the minus sign mapped) into
 * buf; *n gets its length.  -1 (err set) for a character that has no place
 * in a number, or a text too long to be one. */
static int to_ascii(const char *src, char *buf, size_t cap, size_t *n, jx_err *err)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t len;
	*n = 0;
	while (*p) {
		char c = norm_char(p, &len);
		if (!c) {
			jx_err_set(err, "“%s”不是数字：含有字符“%.*s”", "\"%s\" is not a number: it contains \"%.*s\"",
				   src, (int)len, (const char *)p);
			return -1;
		}
		if (*n + 1 >= cap) {
			jx_err_set(err, "数字太长：%.40s…", "number too long: %.40s...", src);
			return -1;
		}
		buf[(*n)++] = c;
		p += len;
	}
	buf[*n] = 0;
	return 0;
}

/* Commas in the integer part buf[from..) (up to its point or exponent) only
 * between groups of three, as in 1,234,567.5; 1 when so or when there are
 * none. */
static int commas_ok(const char *buf, size_t from, size_t n)
{
	size_t k, group = 0, groups = 0;
	int has_comma = 0, ok = 1;
	for (k = from; k < n && buf[k] != '.' && buf[k] != 'e' && buf[k] != 'E'; k++)
		if (buf[k] == ',')
			has_comma = 1;
	if (!has_comma)
		return 1;
	for (k = from; k < n && buf[k] != '.' && buf[k] != 'e' && buf[k] != 'E'; k++) {
		if (buf[k] == ',') {
			if ((groups == 0 && (group < 1 || group > 3)) || (groups > 0 && group != 3))
				ok = 0;
			groups++;
			group = 0;
		} else if (buf[k] >= '0' && buf[k] <= '9') {
			group++;
		} else {
			break;
		}
	}
	return ok && group == 3;
}

/* The digits read, mant × 10^(shift − 6), in millionths: *mant becomes
 * mant × 10^shift.  -1 (err set) when out of range or with more than 6
 * decimal places. */
static int scale_to_dec(__int128 *mant, int overflow, int shift, const char *src, jx_err *err)
{
	if (overflow || shift > 30) {
		if (*mant != 0 || overflow) {
			jx_err_set(err, "“%s”超出范围（绝对值须小于一万亿）", "\"%s\" is out of range (must be below 10^12 in size)", src);
			return -1;
		}
		shift = 0;
	}
	if (shift < 0) {
		__int128 unit = 1;
		int s = -shift;
		if (s > 30) {
			if (*mant != 0) {
				jx_err_set(err, "“%s”小数位数太多（最多 6 位）", "\"%s\" has too many decimal places (at most 6)", src);
				return -1;
			}
		} else {
			while (s--)
				unit *= 10;
			if (*mant % unit) {
				jx_err_set(err, "“%s”小数位数太多（最多 6 位）", "\"%s\" has too many decimal places (at most 6)", src);
				return -1;
			}
			*mant /= unit;
		}
	} else {
		while (shift--) {
			*mant *= 10;
			if (*mant > (__int128)JX_DEC_MAX * 10)
				break;
		}
	}
	if (*mant > JX_DEC_MAX) {
		jx_err_set(err, "“%s”超出范围（绝对值须小于一万亿）", "\"%s\" is out of range (must be below 10^12 in size)", src);
		return -1;
	}
	return 0;
}

int jx_parse_dec(const char *src, int flags, jx_dec *out, jx_err *err)
{
	char buf[128];
	size_t n, i;
	int neg = 0, seen_digit = 0, seen_point = 0, decimals = 0;
	int exp = 0, exp_neg = 0;
	__int128 mant = 0;
	int overflow = 0;

	if (!src)
		src = "";
	/* Normalise to ASCII, refusing anything that is not part of a number. */
	if (to_ascii(src, buf, sizeof buf, &n, err) < 0)
		return -1;
	/* trim */
	while (n > 0 && is_blank(buf[n - 1]))
		buf[--n] = 0;
	i = 0;
	while (buf[i] && is_blank(buf[i]))
		i++;
	if (n > 0 && buf[n - 1] == '%') {
		if (!(flags & JX_NUM_PERCENT)) {
			jx_err_set(err, "“%s”：此处不接受百分号，请只填数字", "\"%s\": no percent sign here, enter the number only", src);
			return -1;
		}
		buf[--n] = 0;
		while (n > 0 && is_blank(buf[n - 1]))
			buf[--n] = 0;
	}
	if (i >= n) {
		if (flags & JX_NUM_ALLOW_EMPTY) {
			*out = JX_NONE;
			return 0;
		}
		jx_err_set(err, "请填写数字", "a number is required");
		return -1;
	}
	if (buf[i] == '+' || buf[i] == '-') {
		neg = buf[i] == '-';
		i++;
	}
	/* Check digit grouping first. */
	if (!commas_ok(buf, i, n)) {
		jx_err_set(err, "“%s”有歧义：逗号只能用作千位分隔（如 1,234.5），小数请用小数点",
			   "\"%s\" is ambiguous: a comma may only separate thousands (as in 1,234.5); use a point for decimals",
			   src);
		return -1;
	}
	for (; i < n; i++) {
		char c = buf[i];
		if (c >= '0' && c <= '9') {
			seen_digit = 1;
			if (seen_point)
				decimals++;
			if (mant > (__int128)1 << 100)
				overflow = 1;
			else
				mant = mant * 10 + (c - '0');
		} else if (c == ',' && !seen_point) {
			continue;
		} else if (c == '.' && !seen_point) {
			seen_point = 1;
		} else if ((c == 'e' || c == 'E') && seen_digit) {
			size_t k = i + 1;
			int ed = 0;
			if (k < n && (buf[k] == '+' || buf[k] == '-'))
				exp_neg = buf[k++] == '-';
			for (; k < n && buf[k] >= '0' && buf[k] <= '9'; k++) {
				ed = 1;
				if (exp < 100000)
					exp = exp * 10 + (buf[k] - '0');
			}
			if (!ed || k != n) {
				jx_err_set(err, "“%s”不是数字", "\"%s\" is not a number", src);
				return -1;
			}
			break;
		} else {
			jx_err_set(err, "“%s”不是数字", "\"%s\" is not a number", src);
			return -1;
		}
	}
	if (!seen_digit) {
		jx_err_set(err, "“%s”不是数字", "\"%s\" is not a number", src);
		return -1;
	}
	/* value = mant × 10^(exp - decimals); we need it × 10^6 */
	if (scale_to_dec(&mant, overflow, (exp_neg ? -exp : exp) - decimals + 6, src, err) < 0)
		return -1;
	if (neg && mant != 0 && (flags & JX_NUM_NONNEG)) {
		jx_err_set(err, "“%s”：此处不能为负数", "\"%s\": cannot be negative here", src);
		return -1;
	}
	*out = neg ? -(jx_dec)mant : (jx_dec)mant;
	return 0;
}

int jx_parse_money(const char *s, jx_dec *out, jx_err *err)
{
	return jx_parse_dec(s, JX_NUM_NONNEG | JX_NUM_ALLOW_EMPTY, out, err);
}
