/* Targets and actuals typed as published tables print them (src/target.c):
 * every example of issue 10, the spellings around them, and the refusals. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "model.h"
#include "target.h"

/* parse text, which must be accepted */
static jx_target ok(const char *text)
{
	jx_target t;
	jx_err err = {{0}};
	if (jx_target_parse(text, &t, &err) != 0) {
		print_error("\"%s\" refused: %s\n", text, err.msg);
		fail();
	}
	return t;
}

/* parse text, which must be refused with a message containing want */
static void refused(const char *text, const char *want)
{
	jx_target t;
	jx_err err = {{0}};
	if (jx_target_parse(text, &t, &err) == 0) {
		print_error("\"%s\" accepted (kind %d)\n", text, (int)t.kind);
		fail();
	}
	if (!strstr(err.msg, want)) {
		print_error("\"%s\": message \"%s\" lacks \"%s\"\n", text, err.msg, want);
		fail();
	}
}

static void number(const char *text, jx_cmp cmp, const char *value, const char *unit)
{
	jx_target t = ok(text);
	assert_int_equal(t.kind, JX_TGT_NUMBER);
	assert_int_equal(t.cmp, cmp);
	assert_true(t.value == D(value));
	assert_string_equal(t.unit, unit);
}

static void said(const char *text, const char *want)
{
	jx_target t = ok(text);
	char buf[256];
	jx_target_describe(&t, text, buf, sizeof buf);
	assert_string_equal(buf, want);
}

/* the six examples of the issue */
static void test_issue_examples(void **state)
{
	(void)state;
	number("≥95%", JX_CMP_GE, "95", "%");
	number("≤90万元", JX_CMP_LE, "90", "万元");
	number(">=20家", JX_CMP_GE, "20", "家");
	number("=100%", JX_CMP_EQ, "100", "%");
	jx_target t = ok("2023年6月前");
	assert_int_equal(t.kind, JX_TGT_DEADLINE);
	assert_int_equal(t.cmp, JX_CMP_DEADLINE);
	/* a month alone is its last day (share/samples: "2023年6月前" is 2023-06-30) */
	assert_string_equal(t.date, "2023-06-30");
	t = ok("按时完成");
	assert_int_equal(t.kind, JX_TGT_QUAL);
	assert_int_equal(t.cmp, JX_CMP_QUAL);
}

/* what the message line says for each */
static void test_describe(void **state)
{
	(void)state;
	said("≥95%", "≥ 95 %");
	said("≤90万元", "≤ 90 万元");
	said(">=20家", "≥ 20 家");
	said("=100%", "= 100 %");
	said("2023年6月前", "时限 2023-06-30");
	said("按时完成", "定性「按时完成」");
	said("  37.24万元 ", "37.24 万元");
	said("", "（空）");
	jx_lang = JX_LANG_EN;
	said("≥95%", "≥ 95 %");
	said("2023年6月前", "deadline 2023-06-30");
	said("按时完成", "qualitative \"按时完成\"");
	jx_lang = JX_LANG_ZH;
}

/* other ways the same things are printed */
static void test_spellings(void **state)
{
	(void)state;
	number("≥ 95 %", JX_CMP_GE, "95", "%");
	number("＞＝９５％", JX_CMP_GE, "95", "%");    /* full-width */
	number("≧95%", JX_CMP_GE, "95", "%");
	number(">90", JX_CMP_GT, "90", "");
	number("＜5", JX_CMP_LT, "5", "");
	number("<=3起", JX_CMP_LE, "3", "起");
	number("==1", JX_CMP_EQ, "1", "");
	number("2 起以下", JX_CMP_LE, "2", "起"); /* share/rules.md §2.5 */
	number("95%以上", JX_CMP_GE, "95", "%");
	number("95%及以上", JX_CMP_GE, "95", "%");
	number("50万元以内", JX_CMP_LE, "50", "万元");
	number("≥95%以上", JX_CMP_GE, "95", "%"); /* said twice, the same */
	number("不低于85%", JX_CMP_GE, "85", "%");
	number("不超过1,234.5万元", JX_CMP_LE, "1234.5", "万元");
	number("大于等于10个", JX_CMP_GE, "10", "个");
	number("95", JX_CMP_NONE, "95", "");
	number("37.24万元", JX_CMP_NONE, "37.24", "万元");
	number("0.5", JX_CMP_NONE, "0.5", "");
	number("1935.5", JX_CMP_NONE, "1935.5", ""); /* four digits and a point: a number, not a date */
	number("-5%", JX_CMP_NONE, "-5", "%");
	number("7 个", JX_CMP_NONE, "7", "个");
	number("20人次/年", JX_CMP_NONE, "20", "人次/年");
}

static void deadline(const char *text, const char *date)
{
	jx_target t = ok(text);
	assert_int_equal(t.kind, JX_TGT_DEADLINE);
	assert_int_equal(t.cmp, JX_CMP_DEADLINE);
	assert_string_equal(t.date, date);
}

static void test_deadlines(void **state)
{
	(void)state;
	deadline("2023年6月前完成", "2023-06-30");
	deadline("2023年6月底前", "2023-06-30");
	deadline("2023年6月之前", "2023-06-30");
	deadline("2024年2月以前", "2024-02-29"); /* a leap year */
	deadline("2023年9月15日前", "2023-09-15");
	deadline("2023-06-30", "2023-06-30");
	deadline("2023/6/30前", "2023-06-30");
	deadline("2023年底前", "2023-12-31");
	deadline("2023年", "2023-12-31");
	deadline("≤2023年6月", "2023-06-30");
	deadline("不晚于2023年10月", "2023-10-31");
}

static void qual(const char *text)
{
	jx_target t = ok(text);
	assert_int_equal(t.kind, JX_TGT_QUAL);
	assert_int_equal(t.cmp, JX_CMP_QUAL);
}

static void test_qualitative(void **state)
{
	(void)state;
	qual("按时完成");
	qual("有效提升");
	qual("不低于上年水平");     /* a comparator word before text */
	qual("3项工作全部完成");     /* a number opening a sentence */
	qual("达到3项工作全部完成");
	jx_target t = ok("   ");
	assert_int_equal(t.kind, JX_TGT_EMPTY);
	t = ok(NULL);
	assert_int_equal(t.kind, JX_TGT_EMPTY);
}

static void test_refusals(void **state)
{
	(void)state;
	refused("≥", "计算符号后面应是数值");
	refused("≥abc", "计算符号后面应是数值");
	refused(">= 好", "计算符号后面应是数值");
	refused("≥1,2", "有歧义");
	refused("≥95%以下", "计算符号不一致");
	refused("≥3项工作全部完成", "单位太长或含有数字");
	refused("≥20家30个", "单位太长或含有数字");
	refused("2023年13月前", "不是有效的日期");
	refused("2023-02-30", "不是有效的日期");
	refused("≥2023年6月", "日期前只能用 ≤ 或 <");
	refused("1.1234567", "");
	jx_lang = JX_LANG_EN;
	refused("≥", "a comparator must be followed by a number");
	refused("2023年13月前", "is not a valid date");
	jx_lang = JX_LANG_ZH;
}

/* ---- the changes for an indicator ---- */

static jx_indicator ind(jx_cmp cmp, const char *unit)
{
	jx_indicator d;
	memset(&d, 0, sizeof d);
	d.key = "i3";
	d.cmp = cmp;
	d.unit = (char *)unit;
	d.target = d.actual = JX_NONE;
	return d;
}

static void change(const jx_field_changes *c, size_t i, const char *path, const char *value)
{
	assert_true(i < c->n);
	assert_string_equal(c->path[i], path);
	assert_string_equal(c->value[i], value);
}

static void test_target_changes(void **state)
{
	(void)state;
	jx_field_changes c;
	jx_err err = {{0}};
	/* a new indicator: comparator, number, unit and the text as printed together */
	jx_indicator d = ind(JX_CMP_NONE, NULL);
	assert_int_equal(jx_target_changes(&d, "≥95%", &c, &err), 0);
	assert_int_equal(c.n, 4);
	change(&c, 0, "ind:i3:cmp", ">=");
	change(&c, 1, "ind:i3:target", "95");
	change(&c, 2, "ind:i3:unit", "%");
	change(&c, 3, "ind:i3:target_text", "≥95%");
	assert_string_equal(c.said, "已识别：≥ 95 %");
	/* the comparator and unit it already has are not written again */
	d = ind(JX_CMP_LE, "万元");
	assert_int_equal(jx_target_changes(&d, "≤90万元", &c, &err), 0);
	assert_int_equal(c.n, 2);
	change(&c, 0, "ind:i3:target", "90");
	change(&c, 1, "ind:i3:target_text", "≤90万元");
	/* a plain number: only the number, nothing to say */
	d = ind(JX_CMP_GE, "家");
	assert_int_equal(jx_target_changes(&d, "２０", &c, &err), 0);
	assert_int_equal(c.n, 1);
	change(&c, 0, "ind:i3:target", "20");
	assert_string_equal(c.said, "");
	/* a number with its unit keeps the comparator the row has */
	assert_int_equal(jx_target_changes(&d, "25家", &c, &err), 0);
	assert_int_equal(c.n, 2);
	change(&c, 0, "ind:i3:target", "25");
	change(&c, 1, "ind:i3:target_text", "25家");
	assert_string_equal(c.said, "已识别：≥ 25 家");
	/* a deadline: 时限 and the date */
	assert_int_equal(jx_target_changes(&d, "2023年6月前", &c, &err), 0);
	assert_int_equal(c.n, 2);
	change(&c, 0, "ind:i3:cmp", "时限");
	change(&c, 1, "ind:i3:target_text", "2023-06-30");
	assert_string_equal(c.said, "已识别：时限 2023-06-30");
	/* qualitative: 定性 and the text */
	assert_int_equal(jx_target_changes(&d, "按时完成", &c, &err), 0);
	assert_int_equal(c.n, 2);
	change(&c, 0, "ind:i3:cmp", "定性");
	change(&c, 1, "ind:i3:target_text", "按时完成");
	assert_string_equal(c.said, "已识别：定性「按时完成」");
	/* on a qualitative row a plain text or number stays its text, as before */
	d = ind(JX_CMP_QUAL, NULL);
	assert_int_equal(jx_target_changes(&d, "促进", &c, &err), 0);
	assert_int_equal(c.n, 1);
	change(&c, 0, "ind:i3:target_text", "促进");
	assert_int_equal(jx_target_changes(&d, "95", &c, &err), 0);
	assert_int_equal(c.n, 1);
	change(&c, 0, "ind:i3:target_text", "95");
	/* a number with a unit there: numeric now, the comparator left to fill */
	assert_int_equal(jx_target_changes(&d, "95%", &c, &err), 0);
	assert_int_equal(c.n, 4);
	change(&c, 0, "ind:i3:cmp", "");
	change(&c, 1, "ind:i3:target", "95");
	assert_string_equal(c.said, "已识别：95 %（计算符号未填：按 p 选择）");
	/* empty clears the cell's own field */
	assert_int_equal(jx_target_changes(&d, "", &c, &err), 0);
	assert_int_equal(c.n, 1);
	change(&c, 0, "ind:i3:target_text", "");
	d = ind(JX_CMP_GE, NULL);
	assert_int_equal(jx_target_changes(&d, " ", &c, &err), 0);
	change(&c, 0, "ind:i3:target", "");
	/* refused: nothing to commit */
	assert_int_equal(jx_target_changes(&d, "≥", &c, &err), -1);
	assert_int_equal(c.n, 0);
}

static void test_actual_changes(void **state)
{
	(void)state;
	jx_field_changes c;
	jx_err err = {{0}};
	/* the indicator's own unit is accepted */
	jx_indicator d = ind(JX_CMP_GE, "万元");
	assert_int_equal(jx_actual_changes(&d, "37.24万元", &c, &err), 0);
	assert_int_equal(c.n, 1);
	change(&c, 0, "ind:i3:actual", "37.24");
	assert_string_equal(c.said, "已识别：37.24 万元");
	d = ind(JX_CMP_GE, "%");
	assert_int_equal(jx_actual_changes(&d, "98%", &c, &err), 0);
	change(&c, 0, "ind:i3:actual", "98");
	assert_int_equal(jx_actual_changes(&d, "９８％", &c, &err), 0);
	change(&c, 0, "ind:i3:actual", "98");
	d = ind(JX_CMP_GE, "％"); /* stored full-width */
	assert_int_equal(jx_actual_changes(&d, "98%", &c, &err), 0);
	/* a plain number: as always, nothing to say */
	assert_int_equal(jx_actual_changes(&d, "98", &c, &err), 0);
	change(&c, 0, "ind:i3:actual", "98");
	assert_string_equal(c.said, "");
	/* another unit: refused, naming the expected one */
	d = ind(JX_CMP_GE, "万元");
	assert_int_equal(jx_actual_changes(&d, "98%", &c, &err), -1);
	assert_non_null(strstr(err.msg, "本指标的计量单位是「万元」"));
	assert_int_equal(c.n, 0);
	assert_int_equal(jx_actual_changes(&d, "37万", &c, &err), -1);
	jx_lang = JX_LANG_EN;
	assert_int_equal(jx_actual_changes(&d, "98%", &c, &err), -1);
	assert_non_null(strstr(err.msg, "measured in \"万元\", not \"%\""));
	jx_lang = JX_LANG_ZH;
	/* a comparator has no place in an actual */
	assert_int_equal(jx_actual_changes(&d, "≥37万元", &c, &err), -1);
	assert_non_null(strstr(err.msg, "不带计算符号"));
	/* no unit yet: the typed one is set too */
	d = ind(JX_CMP_GE, NULL);
	assert_int_equal(jx_actual_changes(&d, "25家", &c, &err), 0);
	assert_int_equal(c.n, 2);
	change(&c, 0, "ind:i3:actual", "25");
	change(&c, 1, "ind:i3:unit", "家");
	/* what is not a number goes to the field as typed (it refuses it there) */
	assert_int_equal(jx_actual_changes(&d, "1,2", &c, &err), 0);
	change(&c, 0, "ind:i3:actual", "1,2");
	assert_int_equal(jx_actual_changes(&d, "已完成", &c, &err), 0);
	change(&c, 0, "ind:i3:actual", "已完成");
	/* a qualitative or deadline row: its text, as before */
	d = ind(JX_CMP_DEADLINE, NULL);
	assert_int_equal(jx_actual_changes(&d, "2023-04-07", &c, &err), 0);
	assert_int_equal(c.n, 1);
	change(&c, 0, "ind:i3:actual_text", "2023-04-07");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_examples), cmocka_unit_test(test_describe),
		cmocka_unit_test(test_spellings),      cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_qualitative),    cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_target_changes), cmocka_unit_test(test_actual_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
