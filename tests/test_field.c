/* Field paths: get/set round trips for every family and every refusal. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "every_column.h"
#include "field.h"
#include "model.h"
#include "template.h"

/* A small template written by hand after share/rules.md §3.1/§3.2: the national
 * qualitative bands 80/60, the 立项依据充分性 checklist 1 + 1 + 0.5 + 0.5,
 * two indicator slots and a manual node worth 100. */
static jx_qual_band bands[] = {
	{"达成年度指标", "Achieved", 800000, 1000000, 1},
	{"部分达成并具有一定效果", "Partly achieved", 600000, 800000, 0},
	{"未达成且效果较差", "Not achieved", 0, 600000, 0},
};
static jx_check_item basis_items[] = {
	{"①", 1000000}, {"②", 1000000}, {"③", 500000}, {"④", 500000},
};
static jx_node n_basis = {.key = "decision.project.basis", .name = "立项依据充分性", .kind = JX_NODE_CHECKLIST,
			  .level = 3, .points = 3000000, .items = basis_items, .n_items = 4};
static jx_node n_qty = {.key = "output.quantity", .name = "数量指标", .category = "数量指标", .kind = JX_NODE_SLOT,
			.level = 2, .points = JX_NONE};
static jx_node n_quality = {.key = "output.quality", .name = "质量指标", .category = "质量指标",
			    .kind = JX_NODE_SLOT, .level = 2, .points = JX_NONE};
static jx_node n_result = {.key = "result", .name = "评价得分", .kind = JX_NODE_MANUAL, .level = 1, .points = 100000000};
static jx_node *all_nodes[] = {&n_basis, &n_qty, &n_quality, &n_result};
static jx_template tpl = {
	.id = "test-template",
	.rules = {.bands = bands, .n_bands = 3, .total_points = 100000000, .decimals = 2},
	.all = all_nodes,
	.n_all = 4,
};

static char buf[JX_FIELD_MAX + 64];

static const char *get(const jx_sheet *s, const char *path)
{
	jx_err err = {{0}};
	if (jx_field_get(s, path, buf, sizeof buf, &err) != 0) {
		print_error("get %s failed: %s\n", path, err.msg);
		fail();
	}
	return buf;
}

static void set_ok(jx_sheet *s, const jx_template *t, const char *path, const char *text)
{
	jx_err err = {{0}};
	if (jx_field_set(s, t, path, text, &err) != 0) {
		print_error("set %s = \"%s\" refused: %s\n", path, text, err.msg);
		fail();
	}
}

/* Refused with a message containing `phrase`, and the sheet unchanged. */
static void set_refused(jx_sheet *s, const jx_template *t, const char *path, const char *text, const char *phrase)
{
	jx_err err = {{0}};
	jx_sheet *before = jx_sheet_clone(s);
	assert_non_null(before);
	if (jx_field_set(s, t, path, text, &err) == 0) {
		print_error("set %s = \"%.60s\" was accepted\n", path, text);
		jx_sheet_free(before);
		fail();
	}
	if (!strstr(err.msg, phrase)) {
		print_error("set %s: message \"%s\" lacks \"%s\"\n", path, err.msg, phrase);
		jx_sheet_free(before);
		fail();
	}
	assert_true(jx_sheet_equal(before, s));
	jx_sheet_free(before);
}

static jx_sheet *sample(void)
{
	jx_sheet *s = jx_sheet_new();
	jx_indicator *d;
	assert_non_null(s);
	jx_set_str(&s->template_id, "test-template");
	s->year = 2022;
	assert_non_null(jx_sheet_add_fund(s, "中央财政"));
	d = jx_sheet_add_ind(s, "i1");
	assert_non_null(d);
	jx_set_str(&d->name, "评审项目总数量");
	jx_set_str(&d->slot, "output.quantity");
	d = jx_sheet_add_ind(s, "i2");
	assert_non_null(d);
	jx_set_str(&d->name, "服务质量");
	d->cmp = JX_CMP_QUAL;
	d->points = JX_INT(10);
	return s;
}

static void test_year_status(void **state)
{
	jx_sheet *s = sample();
	(void)state;
	set_ok(s, NULL, "year", "2024");
	assert_int_equal(s->year, 2024);
	assert_string_equal(get(s, "year"), "2024");
	set_ok(s, NULL, "year", "２０２３"); /* full-width digits */
	assert_int_equal(s->year, 2023);
	set_refused(s, NULL, "year", "1999", "2000 至 2100");
	set_refused(s, NULL, "year", "2101", "2000 至 2100");
	set_refused(s, NULL, "year", "2024.5", "2000 至 2100");
	set_refused(s, NULL, "year", "", "请填写数字");
	set_ok(s, NULL, "status", "submitted");
	assert_string_equal(get(s, "status"), "submitted");
	set_ok(s, NULL, "status", "定稿");
	assert_string_equal(get(s, "status"), "final");
	set_refused(s, NULL, "status", "done", "draft、submitted、returned、reviewed 或 final");
	set_ok(s, NULL, "status", "已提交"); /* the older name of 已送审 */
	assert_string_equal(get(s, "status"), "submitted");
	set_ok(s, NULL, "status", "已退回");
	assert_string_equal(get(s, "status"), "returned");
	jx_sheet_free(s);
}

static void test_info_narr(void **state)
{
	jx_sheet *s = sample();
	(void)state;
	set_ok(s, NULL, "info:name", "  2022年工业发展管理经费　"); /* blanks and U+3000 trimmed */
	assert_string_equal(get(s, "info:name"), "2022年工业发展管理经费");
	assert_string_equal(s->info[JX_INFO_NAME], "2022年工业发展管理经费");
	set_refused(s, NULL, "info:name", "第一行\n第二行", "只能填写一行");
	set_refused(s, NULL, "info:unit", "a\tb", "控制字符");
	set_ok(s, NULL, "info:background", "第一段\r\n第二段\r第三段\n\t缩进");
	assert_string_equal(get(s, "info:background"), "第一段\n第二段\n第三段\n\t缩进");
	set_ok(s, NULL, "info:unit", "");
	assert_null(s->info[JX_INFO_UNIT]);
	assert_string_equal(get(s, "info:unit"), "");
	/* dates are normalised to YYYY-MM-DD */
	set_ok(s, NULL, "info:fill_date", "2023年3月5日");
	assert_string_equal(get(s, "info:fill_date"), "2023-03-05");
	set_ok(s, NULL, "info:fill_date", "2024/2/29"); /* 2024 is a leap year */
	assert_string_equal(get(s, "info:fill_date"), "2024-02-29");
	set_refused(s, NULL, "info:fill_date", "2023-02-29", "不是有效日期");
	set_refused(s, NULL, "info:fill_date", "明年", "不是有效日期");
	for (int i = 0; i < JX_NARR_COUNT; i++) {
		char path[64];
		snprintf(path, sizeof path, "narr:%s", jx_narr_labels[i].key);
		set_ok(s, NULL, path, "一\n二");
		assert_string_equal(s->narr[i], "一\n二");
		assert_string_equal(get(s, path), "一\n二");
	}
	jx_sheet_free(s);
}

static void test_text_limits(void **state)
{
	jx_sheet *s = sample();
	size_t n;
	char *big = malloc(JX_FIELD_MAX + 2);
	(void)state;
	assert_non_null(big);
	/* 10,000 characters of Chinese = 30,000 bytes, under JX_FIELD_MAX */
	for (n = 0; n < 10000; n++)
		memcpy(big + n * 3, "字", 3);
	big[n * 3] = 0;
	set_ok(s, NULL, "narr:problems", big);
	assert_string_equal(get(s, "narr:problems"), big);
	/* exactly JX_FIELD_MAX bytes: accepted; one more: refused */
	memset(big, 'a', JX_FIELD_MAX);
	big[JX_FIELD_MAX] = 0;
	set_ok(s, NULL, "narr:other", big);
	assert_int_equal(strlen(s->narr[JX_NARR_OTHER]), JX_FIELD_MAX);
	big[JX_FIELD_MAX] = 'a';
	big[JX_FIELD_MAX + 1] = 0;
	set_refused(s, NULL, "narr:other", big, "文本太长");
	free(big);
	/* invalid UTF-8: a stray byte, an overlong '/', a surrogate, a cut sequence */
	set_refused(s, NULL, "narr:other", "ab\xff", "UTF-8");
	set_refused(s, NULL, "narr:other", "\xC0\xAF", "UTF-8");
	set_refused(s, NULL, "narr:other", "\xED\xA0\x80", "UTF-8");
	set_refused(s, NULL, "info:name", "项\xE7\x9B", "UTF-8");
	/* control characters other than newline and tab */
	set_refused(s, NULL, "narr:other", "a\x01z", "控制字符");
	set_refused(s, NULL, "narr:other", "a\x7fz", "控制字符");
	set_refused(s, NULL, "narr:other", "a\xC2\x85z", "控制字符"); /* U+0085 */
	/* one-line fields: text that reorders or breaks the line */
	set_refused(s, NULL, "info:name", "ab\xE2\x80\xAE" "cd", "U+202E");   /* RIGHT-TO-LEFT OVERRIDE */
	set_refused(s, NULL, "info:unit", "ab\xE2\x80\xAA", "U+202A");     /* LEFT-TO-RIGHT EMBEDDING */
	set_refused(s, NULL, "info:name", "\xE2\x81\xA6" "ab", "U+2066");     /* LEFT-TO-RIGHT ISOLATE */
	set_refused(s, NULL, "info:name", "ab\xE2\x81\xA9", "U+2069");     /* POP DIRECTIONAL ISOLATE */
	set_refused(s, NULL, "info:name", "a\xE2\x80\xA8" "b", "U+2028");     /* LINE SEPARATOR */
	set_refused(s, NULL, "info:name", "a\xE2\x80\xA9" "b", "U+2029");     /* PARAGRAPH SEPARATOR */
	set_refused(s, NULL, "info:name", "a\xC2\x85" "b", "U+0085");          /* NEXT LINE */
	jx_sheet_free(s);
}

static void test_funds(void **state)
{
	jx_sheet *s = sample();
	(void)state;
	set_ok(s, NULL, "fund:中央财政:budget", "1935");
	set_ok(s, NULL, "fund:中央财政:spent", "480.82");
	/* 480.82 万元 = 480.82 × 10^6 millionths = 480,820,000 (an exact count of fen) */
	assert_true(s->funds[0].spent == 480820000LL);
	assert_string_equal(get(s, "fund:中央财政:spent"), "480.82");
	set_ok(s, NULL, "fund:中央财政:planned", "１２"); /* full-width → 12 */
	assert_true(s->funds[0].planned == JX_INT(12));
	assert_string_equal(get(s, "fund:中央财政:planned"), "12");
	set_ok(s, NULL, "fund:中央财政:received", "1,234.5");
	assert_string_equal(get(s, "fund:中央财政:received"), "1234.5");
	set_refused(s, NULL, "fund:中央财政:received", "1,2", "有歧义");
	set_refused(s, NULL, "fund:中央财政:received", "-5", "不能为负数");
	set_refused(s, NULL, "fund:中央财政:received", "1e400", "超出范围");
	set_refused(s, NULL, "fund:中央财政:received", "95%", "百分号");
	set_refused(s, NULL, "fund:中央财政:received", "1.0000001", "小数位数太多");
	set_ok(s, NULL, "fund:中央财政:received", "");
	assert_true(s->funds[0].received == JX_NONE);
	/* a value for a new source adds its row; an empty one adds nothing */
	set_ok(s, NULL, "fund:省财政:budget", "");
	assert_int_equal(s->n_funds, 1);
	assert_string_equal(get(s, "fund:省财政:budget"), "");
	set_ok(s, NULL, "fund:省财政:budget", "57");
	assert_int_equal(s->n_funds, 2);
	assert_string_equal(s->funds[1].source, "省财政");
	assert_true(s->funds[1].budget == JX_INT(57));
	/* rename */
	set_ok(s, NULL, "fund:省财政:source", "市县财政");
	assert_string_equal(get(s, "fund:市县财政:source"), "市县财政");
	assert_string_equal(get(s, "fund:市县财政:budget"), "57");
	set_refused(s, NULL, "fund:市县财政:source", "中央财政", "已存在");
	set_refused(s, NULL, "fund:市县财政:source", "", "不能为空");
	set_refused(s, NULL, "fund:其他:source", "别的", "没有资金来源");
	jx_sheet_free(s);
}

static void test_subs_goals_basis(void **state)
{
	jx_sheet *s = sample();
	(void)state;
	set_ok(s, NULL, "sub:0:name", "项目评审");
	assert_int_equal(s->n_subs, 1);
	set_ok(s, NULL, "sub:0:budget", "30");
	set_ok(s, NULL, "sub:0:spent", "12.5");
	assert_string_equal(get(s, "sub:0:name"), "项目评审");
	assert_string_equal(get(s, "sub:0:budget"), "30");
	assert_string_equal(get(s, "sub:0:spent"), "12.5");
	assert_string_equal(get(s, "sub:1:name"), ""); /* the row after the last reads empty */
	set_refused(s, NULL, "sub:2:name", "跳过一行", "没有第 3 个二级项目");
	set_refused(s, NULL, "sub:0:spent", "-1", "不能为负数");
	set_ok(s, NULL, "sub:1:budget", "");
	assert_int_equal(s->n_subs, 1);

	set_ok(s, NULL, "goal:0:planned", "完成评审\n按时验收");
	set_ok(s, NULL, "goal:0:actual", "已完成");
	assert_int_equal(s->n_goals, 1);
	assert_string_equal(get(s, "goal:0:planned"), "完成评审\n按时验收");
	assert_string_equal(get(s, "goal:0:actual"), "已完成");
	set_refused(s, NULL, "goal:5:actual", "x", "没有第 6 条年度目标");

	set_ok(s, NULL, "basis:0", "《江门市工业发展专项资金管理办法》");
	set_ok(s, NULL, "basis:1", "江工信〔2022〕1号");
	assert_int_equal(s->n_basis, 2);
	set_ok(s, NULL, "basis:0", "修改后的文件");
	assert_string_equal(get(s, "basis:0"), "修改后的文件");
	assert_string_equal(get(s, "basis:1"), "江工信〔2022〕1号");
	set_refused(s, NULL, "basis:3", "x", "没有第 4 份立项依据");
	jx_sheet_free(s);
}

static void test_indicator_columns(void **state)
{
	jx_sheet *s = sample();
	jx_indicator *d;
	(void)state;
	set_ok(s, NULL, "ind:i1:cmp", ">=");
	set_ok(s, NULL, "ind:i1:target", "6");
	set_ok(s, NULL, "ind:i1:target_text", "≥6个");
	set_ok(s, NULL, "ind:i1:unit", "个");
	set_ok(s, NULL, "ind:i1:actual", "5");
	set_ok(s, NULL, "ind:i1:actual_text", "评审项目总数量 5 个");
	set_ok(s, NULL, "ind:i1:points", "2");
	set_ok(s, NULL, "ind:i1:subproject", "2022年5G产业发展扶持资金项目评审");
	set_ok(s, NULL, "ind:i1:score_stated", "2");
	set_ok(s, NULL, "ind:i1:deduction", "0.5");
	set_ok(s, NULL, "ind:i1:deduction_reason", "资料不全");
	set_ok(s, NULL, "ind:i1:deviation_reason", "一个项目推迟到下年");
	set_ok(s, NULL, "ind:i1:name", "评审项目数");
	d = jx_sheet_ind(s, "i1");
	assert_int_equal(d->cmp, JX_CMP_GE);
	assert_true(d->target == JX_INT(6));
	assert_true(d->actual == JX_INT(5));
	assert_true(d->points == JX_INT(2));
	assert_true(d->deduction == D("0.5"));
	assert_string_equal(get(s, "ind:i1:cmp"), ">=");
	assert_string_equal(get(s, "ind:i1:target"), "6");
	assert_string_equal(get(s, "ind:i1:target_text"), "≥6个");
	assert_string_equal(get(s, "ind:i1:unit"), "个");
	assert_string_equal(get(s, "ind:i1:actual"), "5");
	assert_string_equal(get(s, "ind:i1:actual_text"), "评审项目总数量 5 个");
	assert_string_equal(get(s, "ind:i1:points"), "2");
	assert_string_equal(get(s, "ind:i1:subproject"), "2022年5G产业发展扶持资金项目评审");
	assert_string_equal(get(s, "ind:i1:score_stated"), "2");
	assert_string_equal(get(s, "ind:i1:deduction"), "0.5");
	assert_string_equal(get(s, "ind:i1:deduction_reason"), "资料不全");
	assert_string_equal(get(s, "ind:i1:deviation_reason"), "一个项目推迟到下年");
	assert_string_equal(get(s, "ind:i1:name"), "评审项目数");
	assert_string_equal(get(s, "ind:i1:slot"), "output.quantity");
	/* comparator spellings */
	set_ok(s, NULL, "ind:i1:cmp", "≤");
	assert_string_equal(get(s, "ind:i1:cmp"), "<=");
	set_ok(s, NULL, "ind:i1:cmp", "");
	assert_string_equal(get(s, "ind:i1:cmp"), "");
	set_refused(s, NULL, "ind:i1:cmp", "≈", "不是计算符号");
	/* percent signs where a rate makes sense; negatives allowed for an actual */
	set_ok(s, NULL, "ind:i1:actual", "95%");
	assert_true(d->actual == JX_INT(95));
	set_ok(s, NULL, "ind:i1:actual", "-3");
	assert_true(d->actual == JX_INT(-3));
	set_refused(s, NULL, "ind:i1:points", "-2", "不能为负数");
	set_refused(s, NULL, "ind:i1:deduction", "-1", "不能为负数");
	set_refused(s, NULL, "ind:i1:points", "95%", "百分号");
	set_refused(s, &tpl, "ind:i1:points", "101", "超过模板总分");
	/* override: the score alone is accepted (the checks ask for the reason) */
	set_ok(s, NULL, "ind:i1:override_score", "1.5");
	assert_true(d->override_score == D("1.5"));
	assert_null(d->override_reason);
	set_refused(s, NULL, "ind:i1:override_score", "2.5", "超过分值"); /* points are 2 */
	set_ok(s, NULL, "ind:i1:override_reason", "复核后调整");
	assert_string_equal(get(s, "ind:i1:override_reason"), "复核后调整");
	/* deadline indicators keep dates as YYYY-MM-DD */
	set_ok(s, NULL, "ind:i1:cmp", "时限");
	set_ok(s, NULL, "ind:i1:target_text", "2023年6月30日");
	assert_string_equal(get(s, "ind:i1:target_text"), "2023-06-30");
	set_ok(s, NULL, "ind:i1:actual_text", "2023.7.1");
	assert_string_equal(get(s, "ind:i1:actual_text"), "2023-07-01");
	set_refused(s, NULL, "ind:i1:actual_text", "2023-06-31", "不是有效日期");
	/* slot: by key or by category name when the template is known */
	set_ok(s, &tpl, "ind:i1:slot", "质量指标");
	assert_string_equal(get(s, "ind:i1:slot"), "output.quality");
	set_ok(s, &tpl, "ind:i1:slot", "output.quantity");
	assert_string_equal(get(s, "ind:i1:slot"), "output.quantity");
	set_refused(s, &tpl, "ind:i1:slot", "效益指标", "没有指标类别");
	set_refused(s, &tpl, "ind:i1:slot", "decision.project.basis", "没有指标类别"); /* not a slot */
	set_refused(s, &tpl, "ind:i1:slot", "", "请选择指标类别");
	jx_sheet_free(s);
}

/* Every column of JX_IND_COLUMNS has its field path "ind:<key>:<member>",
 * of its field type and with its label; what get gives, set takes back;
 * copied column by column through the paths, i1's values make i2 equal. */
static void test_every_indicator_column_path(void **state)
{
#define COLUMN(member, kind, field_type, yaml, zh, en, ...) {#member, field_type, zh, en},
	static const struct {
		const char *member;
		jx_field_type type;
		const char *zh, *en;
	} cols[] = {JX_IND_COLUMNS(COLUMN)};
#undef COLUMN
	jx_sheet *s = every_column_sheet(), *want = every_column_sheet();
	char path[64], label[256], value[512];
	(void)state;
	jx_set_str(&s->inds[0].name, NULL); /* labels name the indicator by its key */
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		snprintf(path, sizeof path, "ind:i1:%s", cols[i].member);
		assert_int_equal(jx_field_type_of(path), cols[i].type);
		jx_field_label(s, path, label, sizeof label);
		if (!strstr(label, cols[i].zh))
			fail_msg("label of %s is \"%s\", without \"%s\"", path, label, cols[i].zh);
	}
	jx_set_str(&s->inds[0].name, want->inds[0].name);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		snprintf(path, sizeof path, "ind:i1:%s", cols[i].member);
		snprintf(value, sizeof value, "%s", get(s, path));
		assert_true(value[0] != 0); /* every column of i1 is set */
		snprintf(path, sizeof path, "ind:i2:%s", cols[i].member);
		if (strcmp(cols[i].member, "score_stated") == 0) {
			/* a document may state a negative score; nobody types one */
			set_refused(s, NULL, path, value, "");
			continue;
		}
		set_ok(s, NULL, path, value);
		assert_string_equal(get(s, path), value);
	}
	/* i2 = i1 but for the stated score */
	s->inds[1].score_stated = s->inds[0].score_stated;
	jx_set_str(&s->inds[1].key, "i1");
	jx_sheet_remove_ind(s, 0);
	jx_sheet_remove_ind(want, 1);
	assert_true(jx_sheet_equal(s, want));
	jx_sheet_free(s);
	jx_sheet_free(want);
}

static void test_qualitative_band(void **state)
{
	jx_sheet *s = sample();
	jx_indicator *d = jx_sheet_ind(s, "i2");
	(void)state;
	/* by name or by number */
	set_ok(s, &tpl, "ind:i2:band", "部分达成并具有一定效果");
	assert_int_equal(d->band, 1);
	assert_string_equal(get(s, "ind:i2:band"), "1");
	set_ok(s, &tpl, "ind:i2:band", "0");
	assert_int_equal(d->band, 0);
	set_ok(s, &tpl, "ind:i2:band", "Not achieved");
	assert_int_equal(d->band, 2);
	set_refused(s, &tpl, "ind:i2:band", "3", "超出范围");
	set_refused(s, &tpl, "ind:i2:band", "很好", "没有档次");
	set_refused(s, NULL, "ind:i2:band", "达成年度指标", "编号"); /* no template: numbers only */

	/* 10 points, 部分达成并具有一定效果 = [60%, 80%) → [6, 8): 8 refused, 7.99 accepted */
	set_ok(s, &tpl, "ind:i2:band", "1");
	set_refused(s, &tpl, "ind:i2:score_entered", "8", "不在所选档次“部分达成并具有一定效果”的范围 [6, 8)");
	set_ok(s, &tpl, "ind:i2:score_entered", "7.99");
	assert_true(d->score_entered == D("7.99"));
	set_ok(s, &tpl, "ind:i2:score_entered", "6"); /* the lower edge is inside */
	set_refused(s, &tpl, "ind:i2:score_entered", "5.99", "不在所选档次");
	/* 达成年度指标 = [80%, 100%] → [8, 10], the top edge included */
	set_ok(s, &tpl, "ind:i2:band", "0");
	set_ok(s, &tpl, "ind:i2:score_entered", "10");
	set_ok(s, &tpl, "ind:i2:score_entered", "8");
	set_refused(s, &tpl, "ind:i2:score_entered", "7.99", "不在所选档次");
	/* 未达成且效果较差 = [0, 60%) → [0, 6) */
	set_ok(s, &tpl, "ind:i2:band", "2");
	set_ok(s, &tpl, "ind:i2:score_entered", "0");
	set_refused(s, &tpl, "ind:i2:score_entered", "6", "[0, 6)");
	/* never above the points, template or not */
	set_refused(s, NULL, "ind:i2:score_entered", "10.5", "超过分值");
	set_refused(s, NULL, "ind:i2:score_entered", "-1", "不能为负数");
	set_ok(s, &tpl, "ind:i2:score_entered", "");
	assert_true(d->score_entered == JX_NONE);
	jx_sheet_free(s);
}

static void test_marks_entries_measures(void **state)
{
	jx_sheet *s = sample();
	(void)state;
	/* 立项依据充分性: items ① 1, ② 1, ③ 0.5, ④ 0.5 */
	set_ok(s, &tpl, "mark:decision.project.basis:0", "1");
	set_ok(s, &tpl, "mark:decision.project.basis:2", "0.5");
	assert_int_equal(s->n_marks, 2);
	assert_string_equal(get(s, "mark:decision.project.basis:2"), "0.5");
	assert_string_equal(get(s, "mark:decision.project.basis:1"), ""); /* not given */
	set_refused(s, &tpl, "mark:decision.project.basis:2", "0.6", "超过该评价要点的分值 0.5");
	set_refused(s, &tpl, "mark:decision.project.basis:4", "0", "只有 4 个评价要点");
	set_refused(s, &tpl, "mark:decision.nothing:0", "1", "模板中没有指标");
	set_refused(s, &tpl, "mark:output.quantity:0", "1", "不是按评价要点打分");
	set_refused(s, NULL, "mark:decision.project.basis:0", "-1", "不能为负数");
	set_ok(s, NULL, "mark:decision.project.basis:0", "0.75"); /* partial credit */
	assert_true(jx_sheet_mark(s, "decision.project.basis", 0)->awarded == D("0.75"));
	set_ok(s, NULL, "mark:decision.project.basis:3", ""); /* empty: no new mark */
	assert_int_equal(s->n_marks, 2);

	/* manual score within [0, 100] */
	set_ok(s, &tpl, "entry:result:score", "80.08");
	assert_string_equal(get(s, "entry:result:score"), "80.08");
	set_ok(s, &tpl, "entry:result:score", "100");
	set_refused(s, &tpl, "entry:result:score", "100.01", "超出范围（0 至 100）");
	set_refused(s, &tpl, "entry:result:score", "-1", "不能为负数");
	set_refused(s, &tpl, "entry:nothing:score", "1", "模板中没有指标");
	set_ok(s, NULL, "entry:result:note", "第三方评价\n结果良");
	assert_string_equal(get(s, "entry:result:note"), "第三方评价\n结果良");
	assert_int_equal(s->n_entries, 1);

	set_ok(s, NULL, "measure:三公经费预算数", "28.8");
	set_ok(s, NULL, "measure:三公经费实际支出", "8.128826");
	assert_string_equal(get(s, "measure:三公经费预算数"), "28.8");
	assert_string_equal(get(s, "measure:三公经费实际支出"), "8.128826");
	assert_string_equal(get(s, "measure:上年末存量资金"), "");
	set_refused(s, NULL, "measure:三公经费预算数", "-1", "不能为负数");
	set_refused(s, NULL, "measure:坏\x01名", "1", "控制字符");
	assert_int_equal(s->n_measures, 2);
	jx_sheet_free(s);
}

static void test_review(void **state)
{
	jx_sheet *s = sample();
	(void)state;
	set_ok(s, &tpl, "review:score", "98.93");
	assert_true(s->review_score == D("98.93"));
	assert_string_equal(get(s, "review:score"), "98.93");
	set_refused(s, &tpl, "review:score", "100.5", "超过总分");
	set_ok(s, NULL, "review:opinion", "同意。\n请补充偏差原因。");
	assert_string_equal(get(s, "review:opinion"), "同意。\n请补充偏差原因。");
	set_ok(s, NULL, "review:result", "通过");
	assert_string_equal(get(s, "review:result"), "通过");
	set_ok(s, NULL, "review:result", "fail");
	assert_string_equal(get(s, "review:result"), "不通过");
	set_ok(s, NULL, "review:result", "");
	assert_null(s->review_result);
	set_refused(s, NULL, "review:result", "基本通过", "通过”或“不通过");
	jx_sheet_free(s);
}

static void test_unknown_paths(void **state)
{
	jx_sheet *s = sample();
	jx_err err = {{0}};
	char small[4];
	(void)state;
	set_refused(s, NULL, "foo", "1", "未知的字段");
	set_refused(s, NULL, "info:nothing", "1", "未知的字段");
	set_refused(s, NULL, "ind:i1:bogus", "1", "未知的字段");
	set_refused(s, NULL, "ind:i9:actual", "1", "没有编号为“i9”的指标");
	set_refused(s, NULL, "sub:x:name", "1", "未知的字段");
	set_refused(s, NULL, "sub:01:name", "1", "未知的字段");
	set_refused(s, NULL, "mark:decision.project.basis:-1", "1", "未知的字段");
	set_refused(s, NULL, "review:grade", "1", "未知的字段");
	assert_int_equal(jx_field_get(s, "nothing:here", buf, sizeof buf, &err), -1);
	assert_non_null(strstr(err.msg, "未知的字段"));
	assert_int_equal(jx_field_get(s, "ind:i9:name", buf, sizeof buf, &err), -1);
	/* a value longer than the buffer is an error, never cut short */
	assert_int_equal(jx_field_get(s, "ind:i1:name", small, sizeof small, &err), -1);
	assert_non_null(strstr(err.msg, "缓冲区"));
	jx_sheet_free(s);
}

/* A one-line text loses the blanks at its ends only: "总分 98" keeps its
 * last three bytes (" 98" once read as a trailing ideographic blank), and
 * a trailing U+3000 goes. */
/* A sheet's one-line texts are refused for a character that reorders or
 * breaks the line wherever it stands, and only for such a character:
 * U+2014 (E2 80 94) and U+00B7 (C2 B7) share the first bytes of U+2028..
 * U+2069 and U+0085 and pass; a long text (the deviation reason) keeps a
 * U+2028. */
static void test_oneline_check(void **state)
{
	static const struct {
		const char *text, *code; /* code NULL: accepted */
	} cases[] = {
		{"评审项目总数量—甲·乙", NULL},
		{"\xc2\xb7\xe2\x80\x94\xe2\x80\xa7\xe2\x81\xa5\xe2\x80\xaf", NULL}, /* U+2027, U+2065, U+202F: next to the range */
		{"评审\xe2\x81\xa9项目", "U+2069"},
		{"\xe2\x81\xa6", "U+2066"},
		{"评审项目总数量\xe2\x80\xaa", "U+202A"},
		{"\xe2\x80\xae末", "U+202E"},
		{"甲\xe2\x80\xa9", "U+2029"},
		{"甲\xc2\x85乙", "U+0085"},
	};
	jx_err err = {{0}};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		jx_sheet *s = sample();
		jx_set_str(&s->inds[1].unit, cases[i].text);
		if (!cases[i].code) {
			assert_int_equal(jx_sheet_oneline_check(s, &err), 0);
		} else {
			assert_int_equal(jx_sheet_oneline_check(s, &err), -1);
			assert_non_null(strstr(err.msg, cases[i].code));
			assert_non_null(strstr(err.msg, "ind:i2:unit"));
		}
		jx_sheet_free(s);
	}
	{
		jx_sheet *s = sample();
		jx_set_str(&s->inds[0].deviation_reason, "第一段\xe2\x80\xa8第二段");
		assert_int_equal(jx_sheet_oneline_check(s, &err), 0);
		jx_set_str(&s->info[JX_INFO_NAME], "项目\xe2\x80\xa8名称");
		assert_int_equal(jx_sheet_oneline_check(s, &err), -1);
		assert_non_null(strstr(err.msg, "U+2028"));
		jx_sheet_free(s);
	}
}

static void test_clean_line_ends(void **state)
{
	char *out = NULL;
	jx_err err = {{0}};
	(void)state;
	assert_int_equal(jx_field_clean_line("附件 评价表 总分 98", &out, &err), 0);
	assert_string_equal(out, "附件 评价表 总分 98");
	free(out);
	assert_int_equal(jx_field_clean_line("王 12", &out, &err), 0);
	assert_string_equal(out, "王 12");
	free(out);
	assert_int_equal(jx_field_clean_line("\xe3\x80\x80总分 98 \xe3\x80\x80 ", &out, &err), 0);
	assert_string_equal(out, "总分 98");
	free(out);
}

static void test_labels_types(void **state)
{
	jx_sheet *s = sample();
	char label[256];
	(void)state;
	jx_field_label(s, "ind:i1:actual", label, sizeof label);
	assert_string_equal(label, "评审项目总数量 · 实际完成值");
	jx_field_label(s, "info:name", label, sizeof label);
	assert_string_equal(label, "项目名称");
	jx_field_label(s, "fund:中央财政:spent", label, sizeof label);
	assert_string_equal(label, "中央财政 · 全年执行数");
	jx_field_label(s, "narr:problems", label, sizeof label);
	assert_string_equal(label, "存在的问题及原因分析");
	jx_field_label(s, "review:result", label, sizeof label);
	assert_string_equal(label, "审核结论");
	jx_field_label(s, "ind:i1:pos", label, sizeof label);
	assert_string_equal(label, "评审项目总数量 · 排列位置");
	jx_field_label(s, "mark:decision.project.basis:1", label, sizeof label);
	assert_string_equal(label, "decision.project.basis · 评价要点 2");
	jx_lang = JX_LANG_EN;
	jx_field_label(s, "ind:i1:actual", label, sizeof label);
	assert_string_equal(label, "评审项目总数量 · Actual");
	jx_field_label(s, "info:name", label, sizeof label);
	assert_string_equal(label, "Project name");
	{
		jx_err err = {{0}};
		assert_int_equal(jx_field_set(s, NULL, "fund:中央财政:budget", "-5", &err), -1);
		assert_non_null(strstr(err.msg, "negative"));
	}
	jx_lang = JX_LANG_ZH;

	assert_int_equal(jx_field_type_of("year"), JX_FT_YEAR);
	assert_int_equal(jx_field_type_of("status"), JX_FT_CHOICE);
	assert_int_equal(jx_field_type_of("info:name"), JX_FT_TEXT);
	assert_int_equal(jx_field_type_of("info:background"), JX_FT_LONGTEXT);
	assert_int_equal(jx_field_type_of("info:fill_date"), JX_FT_DATE);
	assert_int_equal(jx_field_type_of("narr:other"), JX_FT_LONGTEXT);
	assert_int_equal(jx_field_type_of("fund:中央财政:spent"), JX_FT_MONEY);
	assert_int_equal(jx_field_type_of("sub:0:budget"), JX_FT_MONEY);
	assert_int_equal(jx_field_type_of("ind:i1:cmp"), JX_FT_CMP);
	assert_int_equal(jx_field_type_of("ind:i1:band"), JX_FT_BAND);
	assert_int_equal(jx_field_type_of("ind:i1:points"), JX_FT_POINTS);
	assert_int_equal(jx_field_type_of("ind:i1:target"), JX_FT_NUMBER);
	assert_int_equal(jx_field_type_of("mark:a.b:0"), JX_FT_POINTS);
	assert_int_equal(jx_field_type_of("review:result"), JX_FT_CHOICE);
	jx_sheet_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_year_status),
		cmocka_unit_test(test_info_narr),
		cmocka_unit_test(test_text_limits),
		cmocka_unit_test(test_funds),
		cmocka_unit_test(test_subs_goals_basis),
		cmocka_unit_test(test_indicator_columns),
		cmocka_unit_test(test_every_indicator_column_path),
		cmocka_unit_test(test_qualitative_band),
		cmocka_unit_test(test_marks_entries_measures),
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_unknown_paths),
		cmocka_unit_test(test_labels_types),
		cmocka_unit_test(test_clean_line_ends),
		cmocka_unit_test(test_oneline_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
