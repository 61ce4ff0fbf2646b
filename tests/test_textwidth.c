/* Display width of UTF-8 text (src/textwidth.c).  Every expected width is
 * counted by hand: 汉字 and full-width forms 2 columns, ASCII 1, combining
 * marks 0, each invalid byte 1 (shown as U+FFFD). */
#include "testutil.h"

#include <locale.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "textwidth.h"

static void widths(void **state)
{
	/* 项 目 名 称: 4 characters × 2 = 8 */
	assert_int_equal(jx_text_width("项目名称"), 8);
	/* a(1) 项(2) b(1) = 4 */
	assert_int_equal(jx_text_width("a项b"), 4);
	assert_int_equal(jx_text_width(""), 0);
	assert_int_equal(jx_text_width(NULL), 0);
	/* 资金到位率 5×2 = 10, "(%)" 3 → 13 */
	assert_int_equal(jx_text_width("资金到位率(%)"), 13);
	/* full-width digits １２３ (U+FF11..U+FF13): 3×2 = 6 */
	assert_int_equal(jx_text_width("１２３"), 6);
	/* full-width comma U+FF0C and ideographic space U+3000: 2 + 2 */
	assert_int_equal(jx_text_width("，\u3000"), 4);
	/* ideographic full stop and book-title marks 。《》: 3×2 */
	assert_int_equal(jx_text_width("。《》"), 6);
	/* e + U+0301 combining acute: 1 + 0 */
	assert_int_equal(jx_text_width("e\xCC\x81"), 1);
	/* Hangul syllable 한 (U+D55C) 2 */
	assert_int_equal(jx_text_width("\xED\x95\x9C"), 2);
	/* U+1F600 (emoji, East Asian Wide) 2 */
	assert_int_equal(jx_text_width("\xF0\x9F\x98\x80"), 2);
	/* U+20000 (CJK extension B) 2 */
	assert_int_equal(jx_text_width("\xF0\xA0\x80\x80"), 2);
	/* é U+00E9 precomposed: 1 */
	assert_int_equal(jx_text_width("\xC3\xA9"), 1);
	/* a tab is shown as U+FFFD: 1 column */
	assert_int_equal(jx_text_width("\t"), 1);
	/* width_n stops at len: "项目" first 3 bytes = 项 = 2 */
	assert_int_equal(jx_text_width_n("项目", 3), 2);
}

static void invalid_bytes(void **state)
{
	/* a, 0xFF (invalid, 1), b → 3 */
	assert_int_equal(jx_text_width("a\xFF" "b"), 3);
	/* E9 A1 is 项 without its last byte: two invalid bytes → 2 */
	assert_int_equal(jx_text_width("\xE9\xA1"), 2);
	/* overlong '/' C0 AF: two invalid bytes → 2 */
	assert_int_equal(jx_text_width("\xC0\xAF"), 2);
	/* encoded surrogate ED A0 80: three invalid bytes → 3 */
	assert_int_equal(jx_text_width("\xED\xA0\x80"), 3);
	/* F4 90 80 80 = U+110000, beyond Unicode: four invalid bytes → 4 */
	assert_int_equal(jx_text_width("\xF4\x90\x80\x80"), 4);
	/* a lone continuation byte before 项: 1 + 2 */
	assert_int_equal(jx_text_width("\x80项"), 3);
}

static void valid(void **state)
{
	assert_true(jx_utf8_valid("项目名称 abc", strlen("项目名称 abc")));
	assert_true(jx_utf8_valid("", 0));
	assert_false(jx_utf8_valid("a\xFF", 2));
	assert_false(jx_utf8_valid("\xE9\xA1", 2));     /* truncated */
	assert_false(jx_utf8_valid("\xC0\xAF", 2));     /* overlong */
	assert_false(jx_utf8_valid("\xE0\x80\xAF", 3)); /* overlong, 3 bytes */
	assert_false(jx_utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
	assert_false(jx_utf8_valid("a\0b", 3));         /* embedded NUL */
	/* the full string is valid but cutting 项 in half is not */
	assert_true(jx_utf8_valid("项", 3));
	assert_false(jx_utf8_valid("项", 2));
}

static void decode_encode(void **state)
{
	size_t adv;
	char buf[4];
	/* 项 = E9 A1 B9 = 1001 100001 111001 = U+9879 */
	assert_int_equal(jx_utf8_decode("项", 3, &adv), 0x9879);
	assert_int_equal(adv, 3);
	assert_int_equal(jx_utf8_decode("A", 1, &adv), 'A');
	assert_int_equal(adv, 1);
	assert_int_equal(jx_utf8_decode("\xFF", 1, &adv), -1);
	assert_int_equal(adv, 1);
	assert_int_equal(jx_utf8_decode("", 0, &adv), -1);
	assert_int_equal(adv, 0);
	/* U+1F600 = F0 9F 98 80 */
	assert_int_equal(jx_utf8_decode("\xF0\x9F\x98\x80", 4, &adv), 0x1F600);
	assert_int_equal(adv, 4);

	assert_int_equal(jx_utf8_encode(0x9879, buf), 3);
	assert_memory_equal(buf, "\xE9\xA1\xB9", 3);
	assert_int_equal(jx_utf8_encode(0xE9, buf), 2);
	assert_memory_equal(buf, "\xC3\xA9", 2);
	assert_int_equal(jx_utf8_encode(0x1F600, buf), 4);
	assert_memory_equal(buf, "\xF0\x9F\x98\x80", 4);
	assert_int_equal(jx_utf8_encode(0xD800, buf), 0);
	assert_int_equal(jx_utf8_encode(0x110000, buf), 0);
	assert_int_equal(jx_display_char(0x07), JX_REPLACEMENT);
	assert_int_equal(jx_display_char(0x85), JX_REPLACEMENT); /* C1 NEL */
	assert_int_equal(jx_display_char(0x9879), 0x9879);
	/* the characters that reorder or break a line, each end of each range,
	 * are drawn as U+FFFD (one column); their neighbours are themselves */
	{
		static const uint32_t shown[] = {0x202A, 0x202E, 0x2066, 0x2069, 0x2028, 0x2029, 0x0085};
		static const uint32_t kept[] = {0x2027, 0x202F, 0x2065, 0x206A, 0x200F};
		for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
			assert_true(jx_reorders_line(shown[i]));
			assert_int_equal(jx_display_char(shown[i]), JX_REPLACEMENT);
			assert_int_equal(jx_char_width(shown[i]), 1);
		}
		for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
			assert_false(jx_reorders_line(kept[i]));
			assert_int_equal(jx_display_char(kept[i]), kept[i]);
		}
	}
}

static void fit(void **state)
{
	int used = -1;
	/* 项目 at width 3: 项 (2 columns, 3 bytes) fits, 目 would need 4 */
	assert_int_equal(jx_text_fit("项目", 3, &used), 3);
	assert_int_equal(used, 2);
	/* width 4: both, 6 bytes */
	assert_int_equal(jx_text_fit("项目", 4, &used), 6);
	assert_int_equal(used, 4);
	/* width 1: 项 cut, nothing */
	assert_int_equal(jx_text_fit("项目", 1, &used), 0);
	assert_int_equal(used, 0);
	/* a项b at 2: "a" (1), 项 would reach 3 */
	assert_int_equal(jx_text_fit("a项b", 2, &used), 1);
	assert_int_equal(used, 1);
	/* a项b at 3: "a项" = 1 + 3 bytes, 3 columns */
	assert_int_equal(jx_text_fit("a项b", 3, &used), 4);
	assert_int_equal(used, 3);
	/* wider than the text: whole string (5 bytes, 4 columns) */
	assert_int_equal(jx_text_fit("a项b", 80, &used), 5);
	assert_int_equal(used, 4);
	/* a combining mark after the last character that fits goes with it:
	 * e + U+0301 (3 bytes, 1 column), then x */
	assert_int_equal(jx_text_fit("e\xCC\x81x", 1, &used), 3);
	assert_int_equal(used, 1);
	/* invalid bytes count 1 each: FF FF 项 at width 2 → 2 bytes */
	assert_int_equal(jx_text_fit("\xFF\xFF项", 2, &used), 2);
	assert_int_equal(used, 2);
	assert_int_equal(jx_text_fit("abc", 0, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(jx_text_fit("abc", -5, NULL), 0);
	assert_int_equal(jx_text_fit(NULL, 5, &used), 0);
	assert_int_equal(used, 0);
}

static void clean(void **state)
{
	/* tab → space, ^A dropped, CRLF → \n, invalid FF → U+FFFD (EF BF BD) */
	const char in[] = "a\tb\x01" "c\r\nd\xFF";
	char *out = jx_text_clean(in, sizeof in - 1, 1);
	assert_non_null(out);
	assert_string_equal(out, "a bc\nd\xEF\xBF\xBD");
	free(out);
	out = jx_text_clean(in, sizeof in - 1, 0);
	assert_string_equal(out, "a bc d\xEF\xBF\xBD");
	free(out);
	/* a lone CR is a line break too; Chinese passes unchanged */
	out = jx_text_clean("项目\r名称", strlen("项目\r名称"), 1);
	assert_string_equal(out, "项目\n名称");
	free(out);
	/* an embedded NUL is a control character: dropped */
	out = jx_text_clean("a\0b", 3, 0);
	assert_string_equal(out, "ab");
	free(out);
	out = jx_text_clean("", 0, 0);
	assert_string_equal(out, "");
	free(out);
}

/* jx_text_scan and jx_text_is_clean answer alike: clean exactly when
 * jx_text_clean would return the text unchanged.  Widths by hand. */
static void scan_and_clean(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		int clean, cols, multi, punct; /* punct: a comma, a double quote or a line break */
	} v[] = {
		/* 项目 2×2 = 4, "\n" then "ab" 2: longest line 4 */
		{"项目\nab", 8, 1, 4, 1, 1},
		{"abc", 3, 1, 3, 0, 0},
		{"a,b", 3, 1, 3, 0, 1},
		{"\"项\"", 5, 1, 4, 0, 1},
		{"1 - 2", 5, 1, 5, 0, 0},
		/* 한 U+D55C (ED 95 9C, below the surrogates) 2 */
		{"\xED\x95\x9C", 3, 1, 2, 0, 0},
		/* U+0800 (E0 A0 80) is not overlong: 1 */
		{"\xE0\xA0\x80", 3, 1, 1, 0, 0},
		/* é 1, U+1F600 2 */
		{"\xC3\xA9\xF0\x9F\x98\x80", 6, 1, 3, 0, 0},
		{"\xE0\x80\x80", 3, 0, 0, 0, 0},  /* overlong */
		{"\xED\xA0\x80", 3, 0, 0, 0, 0},  /* a surrogate */
		{"\xC2\x85", 2, 0, 0, 0, 0},      /* C1 control NEL */
		{"\xE9\xA1", 2, 0, 0, 0, 0},      /* 项 cut short */
		{"\xE9\x21\xB9", 3, 0, 0, 0, 0}, /* a continuation byte missing */
		{"a\tb", 3, 0, 0, 0, 0},
		{"a\x7F", 2, 0, 0, 0, 0},
		{"a\rb", 3, 0, 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		int cols = -1, multi = -1, punct = -1;
		char *c = jx_text_clean(v[i].s, v[i].len, 1);
		assert_non_null(c);
		assert_int_equal(strlen(c) == v[i].len && memcmp(c, v[i].s, v[i].len) == 0, v[i].clean);
		free(c);
		assert_int_equal(jx_text_is_clean(v[i].s, v[i].len, &punct), v[i].clean);
		assert_int_equal(punct, v[i].clean ? v[i].punct : -1);
		assert_int_equal(jx_text_scan(v[i].s, v[i].len, &cols, &multi), v[i].clean);
		if (v[i].clean) {
			assert_int_equal(cols, v[i].cols);
			assert_int_equal(multi, v[i].multi);
		}
	}
}

/* jx_text_is_clean against jx_text_clean on random strings of the bytes
 * that matter (ASCII and its controls, continuation bytes, every kind of
 * lead byte, the surrogates' ED, bytes no UTF-8 has): clean exactly when
 * cleaning leaves the text as it is, and then punct exactly when it holds
 * a comma, a double quote or a line feed. */
static void is_clean_random(void **state)
{
	static const unsigned char bytes[] = {'a', ' ', ',', '"', '\n', '\t', '\r', 0x00, 0x1F, 0x7F, 0x80, 0x85, 0x9F,
					      0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xE2, 0xE9, 0xEC, 0xED,
					      0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA1, 0xB9, 0x95};
	uint64_t x = 88172645463325252ULL;
	(void)state;
	for (int i = 0; i < 200000; i++) {
		char s[16];
		size_t len;
		int punct = -1, clean;
		char *c;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = (size_t)(x % 13);
		for (size_t k = 0; k < len; k++)
			s[k] = (char)bytes[(x >> (4 + 4 * (k % 14))) % sizeof bytes];
		if (x & 1) /* often a whole 汉字 or two */
			for (size_t k = 0; k + 3 <= len && k < 6; k += 3)
				memcpy(s + k, "\xE9\xA1\xB9", 3);
		c = jx_text_clean(s, len, 1);
		assert_non_null(c);
		clean = strlen(c) == len && memcmp(c, s, len) == 0;
		free(c);
		assert_int_equal(jx_text_is_clean(s, len, &punct), clean);
		if (clean)
			assert_int_equal(punct, memchr(s, ',', len) || memchr(s, '"', len) || memchr(s, '\n', len));
	}
}

/* The same widths whatever the locale: run the CJK cases under "C" and
 * under "C.UTF-8" (when the system has it). */
static void locale_independent(void **state)
{
	const char *locales[] = { "C", "C.UTF-8", "POSIX" };
	size_t i;
	for (i = 0; i < sizeof locales / sizeof locales[0]; i++) {
		int used;
		setlocale(LC_ALL, locales[i]);
		assert_int_equal(jx_text_width("项目名称"), 8);
		assert_int_equal(jx_text_width("a项b"), 4);
		assert_int_equal(jx_text_width("１２３，"), 8);
		assert_int_equal(jx_text_width("e\xCC\x81"), 1);
		assert_int_equal(jx_text_fit("项目", 3, &used), 3);
		assert_int_equal(used, 2);
	}
	setlocale(LC_ALL, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths),
		cmocka_unit_test(invalid_bytes),
		cmocka_unit_test(valid),
		cmocka_unit_test(decode_encode),
		cmocka_unit_test(fit),
		cmocka_unit_test(clean),
		cmocka_unit_test(scan_and_clean), cmocka_unit_test(is_clean_random),
		cmocka_unit_test(locale_independent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
