/* The box characters' choice (screens/boxchoice.c, included here: the
 * workstation's code is not in the core library): JIXIAO_ASCII first, then
 * a legacy CJK character set in the locale or in the locale's name (also
 * when that locale is not installed), else the terminal's answer. */
#include "testutil.h"
#include <string.h>

#include "../screens/boxchoice.c"

static void test_jixiao_ascii_decides(void **state)
{
	(void)state;
	assert_int_equal(ui_box_choice("1", "UTF-8", "zh_CN.UTF-8"), UI_BOX_ASCII);
	assert_int_equal(ui_box_choice("yes", "UTF-8", NULL), UI_BOX_ASCII);
	/* 0 asks for lines whatever the locale says */
	assert_int_equal(ui_box_choice("0", "GB18030", "zh_CN.GB18030"), UI_BOX_UNICODE);
	/* empty: not set */
	assert_int_equal(ui_box_choice("", "UTF-8", "C.UTF-8"), UI_BOX_ASK);
}

static void test_legacy_cjk_locale_means_ascii(void **state)
{
	(void)state;
	/* the codeset of the locale in force */
	static const char *const legacy[] = {"GB18030", "GBK", "GB2312", "gb18030", "BIG5", "BIG5-HKSCS", "EUC-JP",
					     "EUC-KR", "EUC-TW", "SHIFT_JIS", "SJIS", "CP936", "CP950", "CP949", "CP932"};
	for (size_t i = 0; i < sizeof legacy / sizeof legacy[0]; i++) {
		assert_true(ui_box_legacy_cjk(legacy[i]));
		assert_int_equal(ui_box_choice(NULL, legacy[i], NULL), UI_BOX_ASCII);
	}
	/* a locale named but not installed: setlocale fails, the codeset is
	 * ASCII's, the name still says what the terminal is set to */
	assert_int_equal(ui_box_choice(NULL, "ANSI_X3.4-1968", "zh_CN.GB18030"), UI_BOX_ASCII);
	assert_int_equal(ui_box_choice(NULL, "ANSI_X3.4-1968", "zh_TW.Big5"), UI_BOX_ASCII);
	assert_int_equal(ui_box_choice(NULL, "ANSI_X3.4-1968", "ja_JP.eucJP@modifier"), UI_BOX_ASCII);
	assert_int_equal(ui_box_choice(NULL, "ANSI_X3.4-1968", "zh_CN.gbk"), UI_BOX_ASCII);
	/* UTF-8 and the rest: ask the terminal */
	static const char *const other[] = {"UTF-8", "utf8", "ANSI_X3.4-1968", "ISO-8859-1", "KOI8-R", ""};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		assert_false(ui_box_legacy_cjk(other[i]));
		assert_int_equal(ui_box_choice(NULL, other[i], "zh_CN.UTF-8"), UI_BOX_ASK);
	}
	assert_false(ui_box_legacy_cjk(NULL));
	assert_int_equal(ui_box_choice(NULL, "UTF-8", NULL), UI_BOX_ASK);
	/* a name without a character set, or only a modifier */
	assert_int_equal(ui_box_choice(NULL, "UTF-8", "zh_CN"), UI_BOX_ASK);
	assert_int_equal(ui_box_choice(NULL, "UTF-8", "C"), UI_BOX_ASK);
}

static void test_terminal_answer(void **state)
{
	(void)state;
	/* ESC[6n after U+2500 written at column 1: the cursor at column 2 is
	 * one column wide, at 3 two columns; no answer keeps the lines */
	assert_int_equal(ui_box_from_probe(2), UI_BOX_UNICODE);
	assert_int_equal(ui_box_from_probe(3), UI_BOX_ASCII);
	assert_int_equal(ui_box_from_probe(0), UI_BOX_UNICODE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jixiao_ascii_decides),
		cmocka_unit_test(test_legacy_cjk_locale_means_ascii),
		cmocka_unit_test(test_terminal_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
