/* Exact decimals and the number rules for values people type. */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dec.h"
#include "err.h"
#include "num.h"

static jx_dec parse_ok(const char *s, int flags)
{
	jx_err e = {{0}};
	jx_dec v = 12345;
	int rc = jx_parse_dec(s, flags, &v, &e);
	if (rc != 0)
		fail_msg("\"%s\" refused: %s", s, e.msg);
	return v;
}

static void parse_refused(const char *s, int flags, const char *phrase)
{
	jx_err e = {{0}};
	jx_dec v = 777;
	assert_int_equal(jx_parse_dec(s, flags, &v, &e), -1);
	assert_true(v == 777); /* nothing written on error */
	if (!strstr(e.msg, phrase))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s, e.msg, phrase);
}

static void test_plain_numbers(void **state)
{
	(void)state;
	assert_true(parse_ok("0", 0) == 0);
	assert_true(parse_ok("12", 0) == JX_INT(12));
	assert_true(parse_ok("480.82", 0) == 480820000);
	assert_true(parse_ok("-3.5", 0) == -3500000);
	assert_true(parse_ok("+7", 0) == JX_INT(7));
	assert_true(parse_ok("  42  ", 0) == JX_INT(42));
	assert_true(parse_ok(".5", 0) == 500000);
	assert_true(parse_ok("0.000001", 0) == 1);
}

static void test_thousands_separators(void **state)
{
	(void)state;
	/* 1,234.5 is one thousand two hundred thirty-four and a half */
	assert_true(parse_ok("1,234.5", 0) == 1234500000);
	assert_true(parse_ok("16,147.27", 0) == 16147270000);
	assert_true(parse_ok("1,234,567", 0) == JX_INT(1234567));
	parse_refused("1,2", 0, "歧义");
	parse_refused("1,23", 0, "歧义");
	parse_refused("12,3456", 0, "歧义");
	parse_refused("1234,567", 0, "歧义");
	parse_refused(",123", 0, "歧义");
}

static void test_full_width(void **state)
{
	(void)state;
	/* full-width digits are normalised: "１２" is 12 */
	assert_true(parse_ok("１２", 0) == JX_INT(12));
	assert_true(parse_ok("９５．５", 0) == 95500000);
	assert_true(parse_ok("－３", 0) == JX_INT(-3));
	assert_true(parse_ok("\xe3\x80\x80" "8" "\xe3\x80\x80", 0) == JX_INT(8)); /* ideographic spaces */
	assert_true(parse_ok("95％", JX_NUM_PERCENT) == JX_INT(95));
}

static void test_refusals(void **state)
{
	(void)state;
	parse_refused("1e400", 0, "超出范围");
	parse_refused("1000000000000", 0, "超出范围"); /* 10^12 */
	parse_refused("0.0000001", 0, "小数位数太多");
	parse_refused("abc", 0, "不是数字");
	parse_refused("12元", 0, "不是数字");
	parse_refused("1.2.3", 0, "不是数字");
	parse_refused("", 0, "请填写数字");
	parse_refused("-", 0, "不是数字");
	parse_refused("95%", 0, "百分号");
	parse_refused("-5", JX_NUM_NONNEG, "不能为负数");
	/* exponents are fine while in range */
	assert_true(parse_ok("1e3", 0) == JX_INT(1000));
	assert_true(parse_ok("2.5E-1", 0) == 250000);
	parse_refused("1e-7", 0, "小数位数太多");
}

static void test_money(void **state)
{
	jx_err e = {{0}};
	jx_dec v = 0;
	(void)state;
	/* 480.82 万元 = 4,808,200 元 = 480,820,000 fen: the jx_dec of 万元 is fen */
	assert_int_equal(jx_parse_money("480.82", &v, &e), 0);
	assert_true(v == 480820000);
	assert_int_equal(jx_parse_money("", &v, &e), 0);
	assert_true(v == JX_NONE);
	assert_int_equal(jx_parse_money("-5", &v, &e), -1);
	assert_int_equal(jx_parse_money("1,2", &v, &e), -1);
}

static void test_english_messages(void **state)
{
	jx_err e = {{0}};
	jx_dec v;
	(void)state;
	jx_lang = JX_LANG_EN;
	assert_int_equal(jx_parse_dec("1,2", 0, &v, &e), -1);
	assert_non_null(strstr(e.msg, "ambiguous"));
	jx_lang = JX_LANG_ZH;
}

static void test_rounding_half_up(void **state)
{
	(void)state;
	/* 1.005 is exact in millionths, so it rounds up to 1.01 (no binary float error) */
	assert_true(jx_round(D("1.005"), 2) == D("1.01"));
	assert_true(jx_round(D("1.004999"), 2) == D("1.00"));
	assert_true(jx_round(D("2.4848"), 2) == D("2.48"));
	assert_true(jx_round(D("-1.005"), 2) == -D("1.01"));
	assert_true(jx_round(D("0.125"), 2) == D("0.13"));
	assert_true(jx_round(JX_NONE, 2) == JX_NONE);
	/* the largest figures, and the halves at each number of places:
	 * 999,999,999,999.999999 to 0 places is 1,000,000,000,000, past the
	 * largest figure, so it stays the largest; -0.5 to 0 places is -1 */
	assert_true(jx_round(JX_DEC_MAX, 0) == JX_DEC_MAX);
	assert_true(jx_round(-JX_DEC_MAX, 0) == -JX_DEC_MAX);
	assert_true(jx_round(JX_DEC_MAX, 6) == JX_DEC_MAX);
	assert_true(jx_round(D("999999999999.994999"), 2) == D("999999999999.99"));
	assert_true(jx_round(D("-0.5"), 0) == -D("1"));
	assert_true(jx_round(D("0.49"), 0) == 0);
	assert_true(jx_round(D("0.000005"), 5) == D("0.00001"));
	assert_true(jx_round(D("-0.000005"), 5) == -D("0.00001"));
	assert_true(jx_round(D("-0.000004"), 5) == 0);
	assert_true(jx_round(D("12.345"), 1) == D("12.3"));
	assert_true(jx_round(D("12.35"), 1) == D("12.4"));
	assert_true(jx_round(D("-12.35"), 1) == -D("12.4"));
}

static void test_muldiv(void **state)
{
	char buf[32];
	(void)state;
	/* execution score: 480.82 ÷ 1935 × 10 = 2.48486… → 2.48 */
	assert_true(jx_muldiv(D("480.82"), D("10"), D("1935"), 2) == D("2.48"));
	/* rate in percent: 480.82 × 100 ÷ 1935 = 24.8486… → 24.85 */
	assert_true(jx_muldiv(D("480.82"), D("100"), D("1935"), 2) == D("24.85"));
	/* 1659 × 100 ÷ 1717 = 96.6220… → 96.62 */
	assert_true(jx_muldiv(D("1659"), D("100"), D("1717"), 2) == D("96.62"));
	/* 5 ÷ 6 × 2 = 1.6666… → 1.67 */
	assert_true(jx_muldiv(D("5"), D("2"), D("6"), 2) == D("1.67"));
	/* exactly half: 1 × 0.2 ÷ 8 = 0.025 → 0.03 */
	assert_true(jx_muldiv(D("1"), D("0.2"), D("8"), 2) == D("0.03"));
	assert_true(jx_muldiv(D("1"), D("1"), 0, 2) == JX_NONE);
	assert_true(jx_muldiv(JX_NONE, D("1"), D("1"), 2) == JX_NONE);
	assert_int_equal(jx_cmp_ratio(D("130"), D("100"), D("1.3"), D("1")), 0);
	assert_int_equal(jx_cmp_ratio(D("129.99"), D("100"), D("1.3"), D("1")), -1);
	assert_string_equal(jx_fmt(buf, D("2.4848"), 2), "2.48");
	assert_string_equal(jx_fmt(buf, D("-0.001"), 2), "0.00");
	assert_string_equal(jx_fmt(buf, D("-1.5"), 1), "-1.5");
	assert_string_equal(jx_fmt(buf, D("1935"), 0), "1935");
	assert_string_equal(jx_fmt_trim(buf, D("95.500")), "95.5");
	assert_string_equal(jx_fmt_trim(buf, D("20")), "20");
	assert_string_equal(jx_fmt(buf, JX_NONE, 2), "");
}

/* Exponents are scaled exactly; a missing text reads as an empty one. */
static void test_exponents_and_null(void **state)
{
	jx_err e = {{0}};
	jx_dec v = 777;
	(void)state;
	assert_true(parse_ok("1.5e3", 0) == JX_INT(1500));
	assert_true(parse_ok("2e-6", 0) == 2);
	assert_true(parse_ok("0e99", 0) == 0);
	assert_true(parse_ok("0e-99", 0) == 0);
	assert_true(parse_ok("-1,234.5E1", 0) == JX_INT(-12345));
	parse_refused("1e-7", 0, "小数位数太多");
	parse_refused("1e12", 0, "超出范围");
	parse_refused("1e", 0, "不是数字");
	parse_refused("1x,234", 0, "有歧义");
	assert_int_equal(jx_parse_dec(NULL, JX_NUM_ALLOW_EMPTY, &v, &e), 0);
	assert_true(v == JX_NONE);
	v = 777;
	assert_int_equal(jx_parse_dec(NULL, 0, &v, &e), -1);
	assert_true(v == 777);
	assert_non_null(strstr(e.msg, "请填写数字"));
}

/* The formatter as it was written with snprintf, to hold the fast one to. */
static void reference_fmt(char *buf, jx_dec v, int decimals, int trim)
{
	static const int64_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	jx_dec r;
	uint64_t u, ip, fp;
	int neg;
	size_t n;
	if (v == JX_NONE) {
		buf[0] = 0;
		return;
	}
	if (trim || decimals > 6)
		decimals = 6;
	if (decimals < 0)
		decimals = 0;
	r = jx_round(v, decimals);
	neg = r < 0;
	u = neg ? (uint64_t)(-(r + 1)) + 1 : (uint64_t)r;
	ip = u / JX_SCALE;
	fp = (u % JX_SCALE) / (uint64_t)p10[6 - decimals];
	if (neg && u == 0)
		neg = 0;
	if (decimals)
		snprintf(buf, 32, "%s%llu.%0*llu", neg ? "-" : "", (unsigned long long)ip, decimals, (unsigned long long)fp);
	else
		snprintf(buf, 32, "%s%llu", neg ? "-" : "", (unsigned long long)ip);
	if (!trim || !strchr(buf, '.'))
		return;
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = 0;
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = 0;
}

static void test_formatter(void **state)
{
	static const jx_dec edges[] = {0, 1, -1, 5, -5, 499999, 500000, -500000, 999999, 1000000, -1000000,
				       JX_DEC_MAX, -JX_DEC_MAX, JX_DEC_MAX - 1, INT64_MAX, INT64_MIN + 1,
				       /* where the formatter stops rounding for itself and asks
				        * jx_round (which clamps), and carries into the integer */
				       JX_DEC_MAX - JX_SCALE, JX_DEC_MAX - JX_SCALE - 1, -(JX_DEC_MAX - JX_SCALE),
				       -(JX_DEC_MAX - JX_SCALE) + 1, JX_DEC_MAX - 500000, 999999999999995000LL,
				       -999999999999995000LL, 994999, 995000, -995000, 9999995, 99999999500000LL};
	char got[32], want[32];
	uint64_t x = 88172645463325252ULL;
	(void)state;
	for (int i = 0; i < 20000; i++) {
		jx_dec v;
		if (i < (int)(sizeof edges / sizeof edges[0])) {
			v = edges[i];
		} else {
			/* xorshift: values of every size, both signs */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			v = (jx_dec)(x >> (x % 60)) * ((x & 1) ? -1 : 1);
		}
		for (int d = -1; d <= 7; d++) {
			size_t n = jx_fmt_len(got, v, d, 0);
			reference_fmt(want, v, d, 0);
			assert_string_equal(got, want);
			assert_int_equal(n, strlen(want));
			assert_string_equal(jx_fmt(got, v, d), want);
		}
		reference_fmt(want, v, 6, 1);
		assert_string_equal(jx_fmt_trim(got, v), want);
		assert_int_equal(jx_fmt_len(got, v, 2, 1), strlen(want));
	}
	assert_string_equal(jx_fmt_pct(got, D("0.248485"), 2), "24.85%");
	assert_string_equal(jx_fmt_pct(got, D("0.7"), -1), "70%");
	assert_string_equal(jx_fmt_pct(got, D("1.30125"), -1), "130.125%");
	assert_string_equal(jx_fmt_pct(got, D("-0.00001"), 2), "0.00%");
	assert_string_equal(jx_fmt_pct(got, JX_NONE, 2), "");
	assert_string_equal(jx_fmt_pct(got, JX_DEC_MAX, 2), "999999999999.99%");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_numbers),  cmocka_unit_test(test_thousands_separators),
		cmocka_unit_test(test_full_width),     cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_money),          cmocka_unit_test(test_english_messages),
		cmocka_unit_test(test_rounding_half_up), cmocka_unit_test(test_muldiv),
		cmocka_unit_test(test_exponents_and_null),
		cmocka_unit_test(test_formatter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
