/* Sheet files: the four samples, lossless round trips, and every refusal
 * with its file:line:column.  Runs from the top of the source tree. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "every_column.h"
#include "field.h"
#include "model.h"
#include "sheetio.h"
#include "store.h"
#include "template.h"

static jx_templates set;

static int setup(void **state)
{
	jx_err e = {{0}};
	(void)state;
	if (jx_templates_load_builtin(&set, &e) < 0) {
		fprintf(stderr, "templates: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	jx_templates_free(&set);
	return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static jx_sheet **read_ok(const char *text, size_t *n)
{
	jx_sheet **v = NULL;
	jx_err e = {{0}};
	if (jx_sheets_read_mem("t.yaml", text, strlen(text), &set, &v, n, &e) < 0)
		fail_msg("unexpected error: %s", e.msg);
	return v;
}

static void read_fails_len(const char *text, size_t len, const char *where, const char *phrase)
{
	jx_sheet **v = (jx_sheet **)(uintptr_t)1;
	size_t n = 99;
	jx_err e = {{0}};
	assert_int_equal(jx_sheets_read_mem("t.yaml", text, len, &set, &v, &n, &e), -1);
	assert_null(v);
	assert_int_equal(n, 0);
	if (strncmp(e.msg, where, strlen(where)) != 0 || !strstr(e.msg, phrase))
		fail_msg("got \"%s\", want prefix \"%s\" and \"%s\"", e.msg, where, phrase);
}

static void read_fails(const char *text, const char *where, const char *phrase)
{
	read_fails_len(text, strlen(text), where, phrase);
}

static jx_sheet **load_sample(const char *file, size_t *n)
{
	char path[256];
	jx_sheet **v = NULL;
	jx_err e = {{0}};
	snprintf(path, sizeof path, "%s/%s", JX_SAMPLES, file);
	if (jx_sheets_read(path, &set, &v, n, &e) < 0)
		fail_msg("%s: %s", path, e.msg);
	return v;
}

/* Write sheets to a malloc'd buffer. */
static char *write_mem(jx_sheet *const *v, size_t n, const jx_templates *with, size_t *len)
{
	char *buf = NULL;
	size_t sz = 0;
	jx_err e = {{0}};
	FILE *f = open_memstream(&buf, &sz);
	assert_non_null(f);
	if ((with ? jx_sheets_write_with(f, v, n, with, &e) : jx_sheets_write(f, v, n, &e)) < 0)
		fail_msg("write: %s", e.msg);
	fclose(f);
	*len = sz;
	return buf;
}

/* read → write → read gives equal sheets; write → read → write gives the same bytes. */
static void check_round_trip(jx_sheet **v, size_t n, const jx_templates *with)
{
	size_t len1, len2, n2;
	char *y1 = write_mem(v, n, with, &len1), *y2;
	jx_sheet **w = NULL;
	jx_err e = {{0}};
	if (jx_sheets_read_mem("out.yaml", y1, len1, &set, &w, &n2, &e) < 0)
		fail_msg("reading the written file: %s\n%s", e.msg, y1);
	assert_int_equal(n2, n);
	for (size_t i = 0; i < n; i++)
		if (!jx_sheet_equal(v[i], w[i]))
			fail_msg("sheet %zu differs after the round trip:\n%s", i, y1);
	y2 = write_mem(w, n2, with, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(y1, y2, len1);
	jx_sheets_free(w, n2);
	free(y1);
	free(y2);
}

static const jx_stated *stated_with(const jx_sheet *s, const char *path, jx_dec value, const char *source_part)
{
	for (size_t i = 0; i < s->n_stated; i++) {
		const jx_stated *t = &s->stated[i];
		if (!strcmp(t->path, path) && t->value == value &&
		    (!source_part || (t->source && strstr(t->source, source_part))))
			return t;
	}
	return NULL;
}

/* Sum of the points of the indicators whose slot starts with prefix. */
static jx_dec points_under(const jx_sheet *s, const char *prefix, size_t *count)
{
	jx_dec sum = 0;
	size_t pl = strlen(prefix);
	*count = 0;
	for (size_t i = 0; i < s->n_inds; i++)
		if (!strncmp(s->inds[i].slot, prefix, pl)) {
			assert_true(s->inds[i].points != JX_NONE);
			sum += s->inds[i].points;
			(*count)++;
		}
	return sum;
}

#define HEAD "jixiao: 1\nsheets:\n  - template: project-self-2020\n    year: 2024\n"

/* ---- the samples --------------------------------------------------------------- */

static void test_sample_xinfeng(void **state)
{
	size_t n;
	jx_sheet **v = load_sample("xinfeng-2024-dept-eval.yaml", &n), *s;
	const jx_indicator *d;
	const jx_stated *t;
	jx_fund_totals ft;
	(void)state;
	assert_int_equal(n, 1);
	s = v[0];
	assert_string_equal(s->template_id, "dept-eval-2020");
	assert_int_equal(s->year, 2024);
	assert_string_equal(s->info[JX_INFO_NAME], "2024年工业倍增升级工作经费");
	assert_string_equal(s->info[JX_INFO_UNIT], "信丰县工业和信息化局");
	assert_string_equal(s->info[JX_INFO_MANAGER], "涂晓夏");
	assert_string_equal(s->info[JX_INFO_PHONE], "19079840810");
	assert_string_equal(s->info[JX_INFO_EVAL_PERIOD], "2024年1月1日至2024年12月31日");
	/* funds: 中央 0, 省 0, 市县 57, 其他 blank → totals 0 + 0 + 57 = 57 */
	assert_int_equal(s->n_funds, 4);
	ft = jx_sheet_fund_totals(s);
	assert_true(ft.planned == D("57") && ft.budget == D("57") && ft.received == D("57") && ft.spent == D("57"));
	assert_true(jx_sheet_fund(s, "中央财政")->spent == 0);
	assert_true(jx_sheet_fund(s, "其他")->spent == JX_NONE);
	/* 9 checklist nodes, every point marked: 4+3+4+3+4+2+4+2+4 = 30 marks */
	assert_int_equal(s->n_marks, 30);
	assert_true(jx_sheet_mark(s, "decision.project.basis", 3)->awarded == D("0.5"));
	assert_true(jx_sheet_mark(s, "decision.funding.allocation", 0)->awarded == D("2"));
	/* 7 indicators; 产出 10 + 5 + 5 + 10 + 10 = 40, 效益 10 + 10 = 20 */
	assert_int_equal(s->n_inds, 7);
	{
		size_t c;
		assert_true(points_under(s, "output.", &c) == D("40"));
		assert_int_equal(c, 5);
		assert_true(points_under(s, "benefit.", &c) == D("20"));
		assert_int_equal(c, 2);
	}
	d = jx_sheet_ind(s, "i3");
	assert_string_equal(d->name, "重大项目开工率");
	assert_true(d->target == D("95") && d->actual == D("95") && d->points == D("5"));
	d = jx_sheet_ind(s, "i6");
	assert_string_equal(d->name, "提升就业率");
	assert_int_equal(d->cmp, JX_CMP_QUAL);
	assert_int_equal(d->band, 0); /* 达成年度指标, the first band */
	assert_true(d->score_entered == D("8") && d->score_stated == D("8"));
	assert_non_null(strstr(d->deviation_reason, "就业岗位与预期目标有差距"));
	/* the stated figures that disagree with each other, each with its source */
	assert_non_null(stated_with(s, "node:decision:points", D("20"), "目录"));
	assert_non_null(stated_with(s, "node:decision:score", D("20"), "目录"));
	assert_non_null(stated_with(s, "node:decision:points", D("6"), "四(一)"));
	assert_non_null(stated_with(s, "node:decision:score", D("6"), "四(一)"));
	assert_non_null(stated_with(s, "node:decision:points", D("40"), "附件"));
	assert_non_null(stated_with(s, "node:output:points", D("60"), "附件"));
	assert_non_null(stated_with(s, "node:output:points", D("40"), NULL));
	assert_non_null(stated_with(s, "node:output:score", D("40"), NULL));
	assert_non_null(stated_with(s, "node:benefit:score", D("20"), "四(四)"));
	assert_non_null(stated_with(s, "node:benefit:score", D("18"), "正文 三"));
	assert_non_null(stated_with(s, "ind:i3:actual", D("100"), "正文"));
	t = stated_with(s, "total", D("98"), "正文 三");
	assert_non_null(t);
	assert_non_null(strstr(t->text, "基本公共卫生服务补助资金项目评价得分98分"));
	assert_string_equal(jx_sheet_stated(s, "grade")->text, "优");
	assert_string_equal(s->narr[JX_NARR_OTHER], "无");
	assert_non_null(s->narr[JX_NARR_EXPERIENCE]);
	assert_non_null(strstr(s->narr[JX_NARR_PROBLEMS], "4. 部分工作人员缺乏正确的绩效管理认知"));
	assert_int_equal(s->n_goals, 2);
	jx_sheets_free(v, n);
}

static void test_sample_jiangmen(void **state)
{
	size_t n, c;
	jx_sheet **v = load_sample("jiangmen-2022-project-self.yaml", &n), *s;
	const jx_indicator *d;
	jx_dec budget = 0, spent = 0;
	(void)state;
	assert_int_equal(n, 1);
	s = v[0];
	assert_string_equal(s->template_id, "project-self-2020");
	assert_int_equal(s->year, 2022);
	assert_string_equal(s->info[JX_INFO_FILLER], "李凤笑");
	assert_string_equal(s->info[JX_INFO_PHONE], "3279820");
	assert_string_equal(s->info[JX_INFO_FILL_DATE], "2023年4月7日");
	assert_string_equal(s->info[JX_INFO_DEPARTMENT], "江门市工业和信息化局");
	/* 表 1: seven documents */
	assert_int_equal(s->n_basis, 7);
	assert_non_null(strstr(s->basis[0], "江府办函〔2022〕67 号"));
	assert_non_null(strstr(s->basis[6], "粤工信办函〔2022〕4 号"));
	/* 表 2: ten sub-projects, 1000+90+15+120+77+85+28+150+20+350 = 1935 and
	 * 221.39+5.65+3.00+57.66+5.00+40.50+27.62+120.00+0.00+0.00 = 480.82 */
	assert_int_equal(s->n_subs, 10);
	for (size_t i = 0; i < s->n_subs; i++) {
		budget += s->subs[i].budget;
		spent += s->subs[i].spent;
	}
	assert_true(budget == D("1935"));
	assert_true(spent == D("480.82"));
	assert_string_equal(s->subs[9].name, "珠江西岸先进装备制造业投资贸易洽谈会经费");
	assert_true(s->subs[9].spent == 0);
	assert_true(jx_sheet_fund(s, "当年财政拨款")->budget == D("1935"));
	assert_true(jx_sheet_fund(s, "当年财政拨款")->spent == D("480.82"));
	/* 表 3 rows 1–66, one indicator each */
	assert_int_equal(s->n_inds, 66);
	/* each 一级 adds up to its weight: 产出 50, 效益 30, 满意度 10 */
	assert_true(points_under(s, "output.", &c) == D("50"));
	assert_int_equal(c, 53); /* 49 数量 + 2 质量 + 2 时效 */
	assert_true(points_under(s, "benefit.", &c) == D("30"));
	assert_int_equal(c, 7); /* 4 社会效益 + 3 可持续影响 */
	assert_true(points_under(s, "satisfaction.", &c) == D("10"));
	assert_int_equal(c, 6);
	points_under(s, "output.quantity", &c);
	assert_int_equal(c, 49); /* the text says 48: see the comment in the sample */
	/* row 25: the one unmet indicator */
	d = jx_sheet_ind(s, "r25");
	assert_string_equal(d->name, "评审项目总数量");
	assert_int_equal(d->cmp, JX_CMP_GE);
	assert_true(d->target == D("6") && d->actual == D("5"));
	/* row 23: 有效投诉率 2 起以下 → ≤ 2, actual 0 */
	d = jx_sheet_ind(s, "r23");
	assert_int_equal(d->cmp, JX_CMP_LE);
	assert_true(d->target == D("2") && d->actual == 0);
	assert_string_equal(d->slot, "satisfaction.service");
	/* row 10: deadline 2023年6月前 */
	d = jx_sheet_ind(s, "r10");
	assert_int_equal(d->cmp, JX_CMP_DEADLINE);
	assert_string_equal(d->target_text, "2023-06-30");
	/* row 52: a "完成" target is qualitative, band 达成年度指标 */
	d = jx_sheet_ind(s, "r52");
	assert_int_equal(d->cmp, JX_CMP_QUAL);
	assert_int_equal(d->band, 0);
	assert_true(jx_sheet_stated(s, "execution:rate")->value == D("24.85"));
	assert_true(jx_sheet_stated(s, "total")->value == D("98.93"));
	assert_string_equal(jx_sheet_stated(s, "grade")->text, "优");
	assert_non_null(strstr(s->narr[JX_NARR_PROBLEMS], "2.财政资金困难，预算执行率较低"));
	assert_non_null(strstr(s->narr[JX_NARR_SUGGESTIONS], "2.加强预算执行监管力度"));
	jx_sheets_free(v, n);
}

static void test_sample_zhanjiang(void **state)
{
	size_t n, c;
	jx_sheet **v = load_sample("zhanjiang-2023-dept-overall.yaml", &n), *s;
	const jx_template *t;
	const jx_indicator *d;
	jx_fund_totals ft;
	(void)state;
	assert_int_equal(n, 1);
	s = v[0];
	t = jx_templates_find(&set, "dept-overall");
	assert_string_equal(s->template_id, "dept-overall");
	assert_string_equal(s->info[JX_INFO_UNIT], "湛江市工业和信息化局本级");
	assert_string_equal(s->info[JX_INFO_FILL_DATE], "2024年7月29日");
	/* rows: 2534.19 + 13613.09 = 16147.28 (the report prints 16147.27);
	 * received and spent 2731.04 + 2073.45 = 4804.49 */
	ft = jx_sheet_fund_totals(s);
	assert_true(ft.budget == D("16147.28"));
	assert_true(ft.received == D("4804.49"));
	assert_true(ft.spent == D("4804.49"));
	/* 48044893.67 元 = 4804.489367 万元; 288000 元 = 28.8; 81288.26 元 = 8.128826 */
	assert_int_equal(s->n_measures, 7);
	assert_true(jx_sheet_measure(s, "年度实际支出")->value == D("4804.489367"));
	assert_true(jx_sheet_measure(s, "财政下达预算数")->value == D("4804.489367"));
	assert_true(jx_sheet_measure(s, "当年末存量资金")->value == 0);
	assert_true(jx_sheet_measure(s, "上年末存量资金")->value == 0);
	assert_true(jx_sheet_measure(s, "三公经费预算数")->value == D("28.8"));
	assert_true(jx_sheet_measure(s, "三公经费实际支出")->value == D("8.128826"));
	/* key tasks: points 2.5 + 2.5 + 4 × 1.25 + 5 + 5 + 5 = 25 */
	assert_true(points_under(s, "effect.tasks", &c) == D("25"));
	assert_int_equal(c, 9);
	d = jx_sheet_ind(s, "t4");
	assert_string_equal(d->name, "新增规模以上工业企业");
	assert_true(d->target == D("80") && d->actual == D("56"));
	assert_true(d->score_stated == d->points);
	assert_true(jx_sheet_stated(s, "ind:t4:rate")->value == D("100"));
	/* every manual item has its full points (the report scores 100) */
	assert_int_equal(s->n_entries, 8);
	for (size_t i = 0; i < s->n_entries; i++) {
		const jx_node *nd = jx_template_node(t, s->entries[i].node);
		assert_non_null(nd);
		assert_true(s->entries[i].score == nd->points);
		assert_non_null(s->entries[i].note);
	}
	assert_true(jx_sheet_entry(s, "effect.fairness")->score == D("5"));
	assert_true(jx_sheet_stated(s, "node:execution.stock:rate")->value == D("-100"));
	assert_true(jx_sheet_stated(s, "total")->value == D("100"));
	assert_string_equal(jx_sheet_stated(s, "grade")->text, "优");
	assert_string_equal(s->narr[JX_NARR_PROBLEMS], "无");
	assert_string_equal(s->narr[JX_NARR_SUGGESTIONS], "无");
	assert_string_equal(s->narr[JX_NARR_OTHER], "无");
	jx_sheets_free(v, n);
}

static void test_sample_jingdezhen(void **state)
{
	size_t n;
	jx_sheet **v = load_sample("jingdezhen-2023-external.yaml", &n), *s;
	jx_fund_totals ft;
	(void)state;
	assert_int_equal(n, 1);
	s = v[0];
	assert_string_equal(s->template_id, "external-result");
	assert_string_equal(s->info[JX_INFO_ORG_MODE], "景德镇市财政局");
	assert_string_equal(s->info[JX_INFO_EVALUATOR], "江西源起思成管理咨询有限公司");
	assert_string_equal(s->info[JX_INFO_EVAL_PERIOD], "2024年6月-7月");
	ft = jx_sheet_fund_totals(s);
	assert_true(ft.budget == D("2900") && ft.received == D("1717") && ft.spent == D("1659"));
	assert_true(jx_sheet_entry(s, "result")->score == D("80.08"));
	assert_true(jx_sheet_stated(s, "execution:rate")->value == D("96.62"));
	assert_true(jx_sheet_stated(s, "total")->value == D("80.08"));
	assert_string_equal(jx_sheet_stated(s, "grade")->text, "良");
	assert_non_null(strstr(s->info[JX_INFO_BACKGROUND], "预算资金执行率96.62%"));
	assert_non_null(strstr(s->info[JX_INFO_IMPLEMENTATION], "2. 强化企业担保，稳固工业总盘"));
	assert_non_null(strstr(s->narr[JX_NARR_PROBLEMS], "二是部分工作成效情况未跟进统计"));
	assert_null(strstr(s->narr[JX_NARR_PROBLEMS], "主要问题\n与建议"));
	assert_non_null(strstr(s->narr[JX_NARR_SUGGESTIONS], "以“企业信用”作为一项申报条件"));
	jx_sheets_free(v, n);
}

static void test_samples_round_trip(void **state)
{
	static const char *const files[] = {"xinfeng-2024-dept-eval.yaml", "jiangmen-2022-project-self.yaml",
					     "zhanjiang-2023-dept-overall.yaml", "jingdezhen-2023-external.yaml"};
	jx_sheet *all[4];
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		size_t n;
		jx_sheet **v = load_sample(files[i], &n);
		check_round_trip(v, n, &set);
		check_round_trip(v, n, NULL); /* jx_sheets_write: built-in templates */
		all[i] = v[0];
		free(v);
	}
	/* all four in one file */
	check_round_trip(all, 4, &set);
	for (size_t i = 0; i < 4; i++)
		jx_sheet_free(all[i]);
}

/* The example printed in share/sheet-format.md reads and round-trips. */
static void test_format_doc_example(void **state)
{
	FILE *f = fopen("share/sheet-format.md", "r");
	char line[4096], *buf = NULL;
	size_t len = 0, n;
	int in_section = 0, in_code = 0;
	FILE *m = open_memstream(&buf, &len);
	jx_sheet **v;
	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, "## A complete small example", 27))
			in_section = 1;
		else if (in_section && !in_code && !strncmp(line, "```yaml", 7))
			in_code = 1;
		else if (in_code && !strncmp(line, "```", 3))
			break;
		else if (in_code)
			fputs(line, m);
	}
	fclose(f);
	fclose(m);
	v = read_ok(buf, &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0]->n_inds, 4);
	assert_int_equal(jx_sheet_ind(v[0], "i3")->band, 1); /* 部分达成并具有一定效果 */
	assert_true(jx_sheet_fund(v[0], "当年财政拨款")->spent == D("114.5"));
	assert_string_equal(v[0]->info[JX_INFO_BACKGROUND], "全县农村公路 1,200 公里，需要日常养护。\n本项目保障养护经费。");
	check_round_trip(v, n, &set);
	jx_sheets_free(v, n);
	free(buf);
}

/* ---- writing: quoting and exactness ------------------------------------------- */

static const char *const tricky[] = {
	" leading", "trailing ", "  both  ", "a: b", "#hash", "a #b", "x:y", "key: value # c", "123", "0123", "1,234.5",
	"１２", "-5", "+1", ".5", "1e3", "0x1F", "2023-06-30", "12:30", "true", "True", "yes", "no", "on", "off", "y",
	"N", "null", "Null", "~", "-", "- item", "---", "...", "[x]", "{y}", "'single'", "\"double\"", "multi\nline",
	"multi\nline\n", "\nleading newline", "trailing newlines\n\n", "  indented\nsecond", "a\n\n\nb", "tab\there",
	"cr\r\nlf", "only\rcr", "%percent", "@at", "`tick", "!bang", "&amp", "*star", "|pipe", ">gt", "?q", ",comma",
	"=", "<=", ">=", "是", "否", "中文：冒号", "emoji 😀 ok", "nel\xc2\x85x", "ls\xe2\x80\xa8x", "bom\xef\xbb\xbfx",
	"back\\slash", "space before newline \nnext", " ", "\n", "\t", "\"", "'", "\\", "a\"b'c", "≥95%",
	"line1\n  line2 indented\n\tline3 tab", "ctrl\x01\x1f\x7f", "“全角引号”", "末尾空格　",
	"very long line very long line very long line very long line very long line very long line very long line "
	"very long line very long line very long line very long line",
};

/* str with its line breaks made blanks, for the one-line fields (names,
 * units ...), which refuse line breaks (share/sheet-format.md). */
static char *one_line(const char *str)
{
	char *t = jx_strdup(str);
	for (char *p = t; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return t;
}

static jx_sheet *tricky_sheet(const char *str, int k)
{
	char *line = one_line(str);
	jx_sheet *s = jx_sheet_new();
	jx_indicator *d;
	jx_stated *st;
	char uid[40];
	assert_non_null(s);
	snprintf(uid, sizeof uid, "tricky-%d", k);
	s->uid = jx_strdup(uid);
	s->template_id = jx_strdup("project-self-2020");
	s->template_version = 1;
	s->year = 2024;
	s->status = jx_strdup("draft");
	s->revision = 7;
	s->updated_at = jx_strdup(str);
	s->origin = jx_strdup(str);
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		int long_text = i == JX_INFO_BACKGROUND || i == JX_INFO_CONTENT || i == JX_INFO_IMPLEMENTATION;
		s->info[i] = jx_strdup(long_text ? str : line);
	}
	for (int i = 0; i < JX_NARR_COUNT; i++)
		s->narr[i] = jx_strdup(str);
	jx_sheet_add_basis(s, line);
	jx_sheet_add_basis(s, "plain");
	jx_sheet_add_fund(s, line)->spent = D("1.5");
	jx_sheet_add_sub(s)->name = jx_strdup(line);
	jx_sheet_add_goal(s)->actual = jx_strdup(str);
	d = jx_sheet_add_ind(s, "i1");
	d->slot = jx_strdup("benefit.social");
	d->name = jx_strdup(line);
	d->subproject = jx_strdup(line);
	d->cmp = JX_CMP_QUAL;
	d->target_text = jx_strdup(line);
	d->unit = jx_strdup(line);
	d->actual_text = jx_strdup(line);
	d->points = D("10");
	d->band = 2;
	d->score_entered = D("3.5");
	d->score_stated = D("-1.25");
	d->override_score = D("4");
	d->override_reason = jx_strdup(str);
	d->deduction = D("0.5");
	d->deduction_reason = jx_strdup(str);
	d->deviation_reason = jx_strdup(str);
	st = jx_sheet_add_stated(s, "ind:i1:score");
	st->text = jx_strdup(str);
	st->source = jx_strdup(str);
	s->review_score = D("88.5");
	s->review_opinion = jx_strdup(str);
	s->review_result = jx_strdup("不通过");
	free(line);
	return s;
}

/* ---- every indicator column (model.h JX_IND_COLUMNS) ------------------------ */

/* Column `member` of src into d, by its kind. */
#define COPY_TEXT(dst, src) jx_set_str(&(dst), src)
#define COPY_DEC(dst, src) ((dst) = (src))
#define COPY_CMP(dst, src) ((dst) = (src))
#define COPY_BAND(dst, src) ((dst) = (src))
#define COPY_ONE(member, kind, ...)                        \
	if (strcmp(#member, col) == 0)                     \
		COPY_##kind(d->member, src->member);
#define YAML_KEY(member, kind, field_type, yaml, ...) yaml,

static void copy_column(jx_indicator *d, const jx_indicator *src, const char *col)
{
	JX_IND_COLUMNS(COPY_ONE)
}

/* The written text has "key:" where a sheet file puts column yaml
 * ("group.key": "group:" and, under it, "key:"). */
static int has_yaml_key(const char *text, const char *yaml)
{
	char want[64];
	const char *dot = strchr(yaml, '.');
	if (dot) {
		snprintf(want, sizeof want, "\n    %.*s:\n", (int)(dot - yaml), yaml);
		if (!strstr(text, want))
			return 0;
		snprintf(want, sizeof want, "\n      %s: ", dot + 1);
		return strstr(text, want) != NULL;
	}
	snprintf(want, sizeof want, "\n    %s: ", yaml);
	return strstr(text, want) != NULL;
}

/* Every column goes to the file under its key and comes back, alone (with
 * the slot a sheet file requires) and all together; a nested map is written
 * only when one of its members is set. */
static void test_every_indicator_column_round_trips(void **state)
{
	static const char *const yaml[] = {JX_IND_COLUMNS(YAML_KEY)};
#define MEMBER_NAME(member, ...) #member,
	static const char *const member[] = {JX_IND_COLUMNS(MEMBER_NAME)};
#undef MEMBER_NAME
	jx_sheet *full = every_column_sheet();
	size_t len;
	char *text;
	(void)state;
	text = write_mem(&full, 1, NULL, &len);
	for (size_t i = 0; i < sizeof yaml / sizeof yaml[0]; i++)
		if (!has_yaml_key(text, yaml[i]))
			fail_msg("column %s is not written as \"%s\":\n%s", member[i], yaml[i], text);
	/* the indicator with nothing set is its key and slot only */
	{
		const char *i2 = strstr(text, "\n  - key: i2\n    slot: output.quality\n");
		assert_non_null(i2);
		/* nothing after it: it is the last thing of the sheet */
		assert_string_equal(i2 + strlen("\n  - key: i2\n    slot: output.quality\n"), "");
	}
	check_round_trip(&full, 1, NULL);
	free(text);
	for (size_t i = 0; i < sizeof yaml / sizeof yaml[0]; i++) {
		jx_sheet *one = every_column_sheet();
		jx_indicator *d;
		const char *dot = strchr(yaml[i], '.');
		/* a fresh indicator with the slot and column i */
		jx_sheet_remove_ind(one, 0);
		jx_sheet_remove_ind(one, 0);
		d = jx_sheet_add_ind(one, "i1");
		copy_column(d, &full->inds[0], "slot");
		copy_column(d, &full->inds[0], member[i]);
		text = write_mem(&one, 1, NULL, &len);
		if (!has_yaml_key(text, yaml[i]))
			fail_msg("column %s alone is not written as \"%s\":\n%s", member[i], yaml[i], text);
		for (size_t k = 0; k < sizeof yaml / sizeof yaml[0]; k++) {
			const char *kd = strchr(yaml[k], '.');
			char group[32];
			if (!kd || (dot && kd - yaml[k] == dot - yaml[i] && !strncmp(yaml[k], yaml[i], (size_t)(dot - yaml[i]))))
				continue;
			snprintf(group, sizeof group, "\n    %.*s:", (int)(kd - yaml[k]), yaml[k]);
			if (strstr(text, group))
				fail_msg("column %s alone writes the empty map %s:\n%s", member[i], group + 5, text);
		}
		check_round_trip(&one, 1, NULL);
		free(text);
		jx_sheet_free(one);
	}
	jx_sheet_free(full);
}

/* The digest of a finalised sheet never changes, and a clone has it too. */
static void test_every_column_digest(void **state)
{
	jx_sheet *s = digest1_sheet(), *c;
	char hex[65], again[65];
	(void)state;
	assert_int_equal(jx_sheet_digest(s, hex), 0);
	assert_string_equal(hex, DIGEST1_SHEET_DIGEST);
	c = jx_sheet_clone(s);
	assert_non_null(c);
	assert_true(jx_sheet_equal(s, c));
	assert_int_equal(jx_sheet_digest(c, again), 0);
	assert_string_equal(again, DIGEST1_SHEET_DIGEST);
	jx_sheet_free(c);
	jx_sheet_free(s);
	/* with every column: clone, equality and digest agree */
	s = every_column_sheet();
	c = jx_sheet_clone(s);
	assert_true(jx_sheet_equal(s, c));
	assert_int_equal(jx_sheet_digest(s, hex), 0);
	assert_int_equal(jx_sheet_digest(c, again), 0);
	assert_string_equal(hex, again);
	jx_sheet_free(c);
	/* jx_ind_copy_columns copies every column but the key: i2 made a copy
	 * of i1 under the key i1, with i1 gone, is the sheet without i2 */
	c = every_column_sheet();
	assert_int_equal(jx_ind_copy_columns(&c->inds[1], &c->inds[0]), 0);
	assert_string_equal(c->inds[1].key, "i2");
	jx_sheet_remove_ind(c, 0);
	jx_set_str(&c->inds[0].key, "i1");
	jx_sheet_remove_ind(s, 1);
	assert_true(jx_sheet_equal(s, c));
	jx_sheet_free(c);
	jx_sheet_free(s);
}

static void test_tricky_text_round_trip(void **state)
{
	size_t n = sizeof tricky / sizeof tricky[0];
	jx_sheet **v = calloc(n, sizeof *v);
	(void)state;
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = tricky_sheet(tricky[i], (int)i);
	check_round_trip(v, n, &set);
	check_round_trip(v, n, NULL);
	jx_sheets_free(v, n);
}

/* Text that would read as a number, boolean or null is quoted; several
 * lines use the literal block style. */
static void test_quoting_style(void **state)
{
	static const char *const words[] = {"123", "true", "null", "~", "2023-06-30", "-5", "１２", "yes"};
	(void)state;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		jx_sheet *s = tricky_sheet(words[i], 0);
		size_t len;
		char *y = write_mem(&s, 1, &set, &len), want[64];
		snprintf(want, sizeof want, "name: \"%s\"\n", words[i]);
		if (!strstr(y, want))
			fail_msg("\"%s\" is not double-quoted:\n%s", words[i], y);
		free(y);
		jx_sheet_free(s);
	}
	{
		jx_sheet *s = tricky_sheet("第一行\n第二行", 0);
		size_t len;
		char *y = write_mem(&s, 1, &set, &len);
		/* (a name is one line: its line break became a blank) */
		assert_non_null(strstr(y, "    name: 第一行 第二行\n"));
		assert_non_null(strstr(y, "    background: |-\n      第一行\n      第二行\n"));
		/* numbers are plain scalars; bands are written by name */
		assert_non_null(strstr(y, "    points: 10\n"));
		assert_non_null(strstr(y, "    score: 3.5\n"));
		assert_non_null(strstr(y, "    stated_score: -1.25\n"));
		assert_non_null(strstr(y, "    band: 未达成且效果较差\n"));
		assert_non_null(strstr(y, "  template: project-self-2020\n"));
		assert_true(strncmp(y, "jixiao: 1\nsheets:\n", 18) == 0);
		free(y);
		jx_sheet_free(s);
	}
}

/* Many random strings built from awkward pieces survive a round trip. */
static void test_random_text_round_trip(void **state)
{
	static const char *const pieces[] = {" ", "  ", "\n", "\t", ":", ": ", "#", " #", "-", "- ", "'", "\"", "\\",
					     "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "?",
					     "0", "1.5", "e3", "true", "null", "~", "中", "文", "，", "：", "\r",
					     "\xc2\x85", "\xe2\x80\xa8", "x", "yes", "---", "...", "=", "<"};
	size_t np = sizeof pieces / sizeof pieces[0], n = 300;
	jx_sheet **v = calloc(n, sizeof *v);
	unsigned seed = 12345;
	(void)state;
	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		char buf[256] = "";
		size_t k = 1 + i % 9;
		for (size_t j = 0; j < k; j++) {
			seed = seed * 1103515245u + 12345u;
			strcat(buf, pieces[(seed >> 16) % np]);
		}
		v[i] = tricky_sheet(buf, (int)i);
	}
	check_round_trip(v, n, &set);
	jx_sheets_free(v, n);
}

/* Without the template a band is written as its number and reads back the same. */
static void test_write_without_templates(void **state)
{
	jx_templates none = {NULL, 0};
	jx_sheet *s = tricky_sheet("x", 0);
	size_t len;
	char *y;
	(void)state;
	y = write_mem(&s, 1, &none, &len);
	assert_non_null(strstr(y, "    band: 2\n"));
	free(y);
	check_round_trip(&s, 1, &none);
	jx_sheet_free(s);
}

static void test_write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	jx_sheet *s = tricky_sheet("x", 0);
	jx_err e = {{0}};
	(void)state;
	if (!f) {
		jx_sheet_free(s);
		skip();
	}
	assert_int_equal(jx_sheets_write(f, &s, 1, &e), -1);
	assert_non_null(strstr(e.msg, "写入失败"));
	fclose(f);
	jx_sheet_free(s);
}

/* Text that is not UTF-8 is refused, as libyaml refuses it, whichever
 * field holds it, and nothing half-written is taken for a bundle; valid
 * characters of two, three and four bytes are written. */
static void test_invalid_utf8_refused(void **state)
{
	static const char *const bad[] = {"\xff", "a\xe4\xb8", "\xc0\x80", "\xe0\x80\x80", "\xf0\x80\x80\x80",
					  "中\x80文"};
	/* (libyaml escapes a character beyond U+FFFF, which it does not count
	 * as printable) */
	static const char *const good[][2] = {
		{"\xc3\xa9", "\xc3\xa9"}, {"中文", "中文"}, {"\xf0\x9f\x98\x80", "\"\\U0001F600\""}};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		for (int where = 0; where < 2; where++) {
			jx_sheet *s = tricky_sheet("x", 0);
			jx_err e = {{0}};
			char *out = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&out, &len);
			assert_non_null(f);
			if (where == 0) {
				free(s->info[JX_INFO_NAME]);
				s->info[JX_INFO_NAME] = jx_strdup(bad[i]);
			} else {
				free(s->narr[0]);
				s->narr[0] = jx_strdup(bad[i]);
			}
			if (jx_sheets_write(f, &s, 1, &e) != -1)
				fail_msg("text %zu (field %d) was written", i, where);
			assert_non_null(strstr(e.msg, "生成 YAML 失败"));
			fclose(f);
			free(out);
			jx_sheet_free(s);
		}
	}
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		jx_sheet *s = tricky_sheet(good[i][0], 0);
		size_t len;
		char *y = write_mem(&s, 1, &set, &len), want[64];
		snprintf(want, sizeof want, "    name: %s\n", good[i][1]);
		assert_non_null(strstr(y, want));
		free(y);
		jx_sheet_free(s);
	}
}

static void test_empty_list(void **state)
{
	size_t n = 9, len;
	jx_sheet **v = read_ok("jixiao: 1\nsheets: []\n", &n);
	char *y;
	(void)state;
	assert_int_equal(n, 0);
	assert_null(v);
	y = write_mem(NULL, 0, &set, &len);
	assert_string_equal(y, "jixiao: 1\nsheets: []\n");
	free(y);
}

/* ---- reading: defaults and generated ids ------------------------------------- */

static int is_uuid4(const char *u)
{
	if (!u || strlen(u) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (u[i] != '-')
				return 0;
		} else if (!strchr("0123456789abcdef", u[i])) {
			return 0;
		}
	}
	return u[14] == '4' && strchr("89ab", u[19]) != NULL;
}

static void test_defaults_and_ids(void **state)
{
	const char *y = HEAD "    indicators:\n"
			     "      - slot: output.quantity\n"
			     "      - key: i5\n        slot: output.quantity\n"
			     "      - slot: output.quality\n"
			     "      - key: x-9\n        slot: output.quality\n";
	size_t n, n2;
	jx_sheet **v = read_ok(y, &n), **w = read_ok(y, &n2);
	(void)state;
	assert_int_equal(n, 1);
	/* uid: a random version-4 UUID, different each time */
	assert_true(is_uuid4(v[0]->uid));
	assert_true(is_uuid4(w[0]->uid));
	assert_string_not_equal(v[0]->uid, w[0]->uid);
	/* status draft and the template's version when absent */
	assert_string_equal(v[0]->status, "draft");
	assert_int_equal(v[0]->template_version, 1);
	/* keys: the highest written i<N> is i5, so the missing ones get i6, i7 */
	assert_int_equal(v[0]->n_inds, 4);
	assert_string_equal(v[0]->inds[0].key, "i6");
	assert_string_equal(v[0]->inds[1].key, "i5");
	assert_string_equal(v[0]->inds[2].key, "i7");
	assert_string_equal(v[0]->inds[3].key, "x-9");
	jx_sheets_free(v, n);
	jx_sheets_free(w, n2);
}

static void test_number_forms(void **state)
{
	const char *y = HEAD "    funds:\n"
			     "      - {source: 当年财政拨款, budget: \"1,234.5\", spent: ０.５}\n"
			     "    indicators:\n"
			     "      - key: i1\n        slot: output.quantity\n        target: １２\n        actual: 95%\n"
			     "        points: '  7 '\n        stated_score: ~\n"
			     "    stated:\n      - {path: \"execution:rate\", value: 24.85%}\n";
	size_t n;
	jx_sheet **v = read_ok(y, &n);
	const jx_indicator *d;
	(void)state;
	assert_true(jx_sheet_fund(v[0], "当年财政拨款")->budget == D("1234.5"));
	assert_true(jx_sheet_fund(v[0], "当年财政拨款")->spent == D("0.5"));
	d = jx_sheet_ind(v[0], "i1");
	assert_true(d->target == D("12")); /* full-width １２ is 12 */
	assert_true(d->actual == D("95"));
	assert_true(d->points == D("7"));
	assert_true(d->score_stated == JX_NONE);
	assert_true(v[0]->stated[0].value == D("24.85"));
	jx_sheets_free(v, n);
}

static void test_bands_and_marks(void **state)
{
	const char *y = "jixiao: 1\nsheets:\n  - template: dept-eval-2020\n"
			"    indicators:\n"
			"      - {key: a, slot: benefit.social, cmp: 定性, band: Annual target achieved}\n"
			"      - {key: b, slot: benefit.social, cmp: 定性, band: \"1\"}\n"
			"      - {key: c, slot: benefit.social, cmp: ≥}\n"
			"    marks:\n"
			"      process.org.rules: [2, null]\n"
			"      decision.project.basis: [null, 1, ~, 0.25]\n"
			"      process.org.effectiveness: ~\n"
			"    entries: {}\n";
	size_t n;
	jx_sheet **v = read_ok(y, &n);
	(void)state;
	assert_int_equal(jx_sheet_ind(v[0], "a")->band, 0);
	assert_int_equal(jx_sheet_ind(v[0], "b")->band, 1);
	assert_int_equal(jx_sheet_ind(v[0], "c")->cmp, JX_CMP_GE);
	/* null leaves a point unmarked: 1 + 2 marks */
	assert_int_equal(v[0]->n_marks, 3);
	assert_true(jx_sheet_mark(v[0], "process.org.rules", 0)->awarded == D("2"));
	assert_null(jx_sheet_mark(v[0], "process.org.rules", 1));
	assert_null(jx_sheet_mark(v[0], "decision.project.basis", 0));
	assert_true(jx_sheet_mark(v[0], "decision.project.basis", 3)->awarded == D("0.25"));
	check_round_trip(v, n, &set);
	jx_sheets_free(v, n);
}

static void test_read_file_and_stdin_name(void **state)
{
	char path[] = "/tmp/jx-sheet-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	jx_sheet **v = NULL;
	size_t n;
	jx_err e = {{0}};
	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("jixiao: 1\nsheets:\n  - template: nope\n", f);
	fclose(f);
	assert_int_equal(jx_sheets_read(path, &set, &v, &n, &e), -1);
	/* the message starts with the file's own name */
	assert_true(strncmp(e.msg, path, strlen(path)) == 0);
	assert_non_null(strstr(e.msg, ":3:15: 未知模板"));
	unlink(path);
	assert_int_equal(jx_sheets_read("/nonexistent/x.yaml", &set, &v, &n, &e), -1);
	assert_non_null(strstr(e.msg, "无法打开"));
	assert_null(v);
}

/* A bundle read sheet by sheet (jx_bundle_read_each, the import's way)
 * hands over sheets whose indicators' texts are kept together: the same
 * values as jx_sheets_read gives, keys given to indicators without one, a
 * copy that can be edited, and the same refusals (a name broken over two
 * lines) with nothing left behind (the ASan build checks the memory). */
typedef struct {
	jx_sheet **v;
	size_t n;
} streamed;

static int keep_streamed(void *ctx, jx_sheet *s, jx_sheet_history *h, jx_err *err)
{
	streamed *c = ctx;
	(void)err;
	jx_audit_free(h->rows, h->n);
	if (c->n == 4) {
		jx_sheet_free(s);
		return -1;
	}
	c->v[c->n++] = s;
	return 0;
}

/* The n sheets streamed (v) and read whole (w) are the same but for
 * their uids, new each read. */
static void same_sheets(jx_sheet **v, jx_sheet **w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *uid = v[i]->uid;
		v[i]->uid = w[i]->uid;
		assert_true(jx_sheet_equal(v[i], w[i]));
		v[i]->uid = uid;
	}
}

static int read_streamed(const char *text, streamed *c, jx_err *e)
{
	char path[] = "/tmp/jx-stream-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	rc = jx_bundle_read_each(path, &set, keep_streamed, c, e);
	unlink(path);
	return rc;
}

/* The import's reading takes a text straight from the file only where the
 * general checks would give it as written: nulls (~, null, Null, NULL, an
 * empty value) stay absent, a quoted "null" and a plain "Nope" are texts,
 * keys i100 and on are keys, every comparator's spelling is read, a band
 * by its number or either name; the same sheet as jx_sheets_read gives.  Then the one-line check of such a
 * sheet, whose indicator texts it goes over in one pass: a clean sheet
 * passes, a curly quote (lead byte E2 like the controls) in a long text
 * passes after the texts are looked at one by one, a right-to-left
 * override (U+202E) in a name is refused naming it. */
static void test_streamed_plain_texts(void **state)
{
	const char *y = HEAD "    indicators:\n"
			     "      - {key: i100, slot: output.quantity, name: ~, unit: \"null\", cmp: \"＞＝\", target: 5}\n"
			     "      - {key: i101, slot: output.quality, name: null, unit: Nope, cmp: 定性, target_text: ''}\n"
			     "      - {key: i102, slot: output.timeliness, name: NULL, unit: '', cmp: \"<\", actual: 2}\n"
			     "      - {key: i103, slot: output.quality, name: Null, unit: 天, cmp: \"=\", note: \"“注”\"}\n"
			     "      - {key: i104, slot: output.quantity, name: 甲, unit: 个, cmp: \">\"}\n"
			     "      - {key: i105, slot: output.quality, cmp: 定性, band: 2}\n"
			     "      - {key: i106, slot: output.quality, cmp: 定性, band: \"Partly achieved, with some effect\"}\n"
			     "      - {key: i107, slot: output.quality, cmp: 定性, band: 部分达成并具有一定效果}\n"
			     "  - template: project-self-2020\n    year: 2025\n    indicators:\n"
			     "      - {key: i1, slot: output.quantity, name: \"甲\\u202E乙\"}\n"
			     "  - template: project-self-2020\n    year: 2026\n    indicators:\n"
			     "      - {key: i1, slot: output.quantity, name: 甲, unit: 个, note: 注}\n";
	jx_sheet *v[4], **w;
	streamed c = {v, 0};
	jx_err e = {{0}};
	size_t n;
	(void)state;
	assert_int_equal(read_streamed(y, &c, &e), 0);
	assert_int_equal(c.n, 3);
	w = read_ok(y, &n);
	assert_int_equal(n, 3);
	assert_non_null(v[0]->ind_texts);
	assert_int_equal(v[0]->n_inds, 8);
	assert_string_equal(v[0]->inds[0].key, "i100");
	assert_null(v[0]->inds[0].name);
	assert_string_equal(v[0]->inds[0].unit, "null");
	assert_int_equal(v[0]->inds[0].cmp, JX_CMP_GE);
	assert_null(v[0]->inds[1].name);
	assert_string_equal(v[0]->inds[1].unit, "Nope");
	assert_int_equal(v[0]->inds[1].cmp, JX_CMP_QUAL);
	assert_null(v[0]->inds[1].target_text);
	assert_null(v[0]->inds[2].name);
	assert_null(v[0]->inds[2].unit);
	assert_int_equal(v[0]->inds[2].cmp, JX_CMP_LT);
	assert_null(v[0]->inds[3].name);
	assert_int_equal(v[0]->inds[3].cmp, JX_CMP_EQ);
	assert_string_equal(v[0]->inds[4].slot, "output.quantity");
	assert_int_equal(v[0]->inds[4].cmp, JX_CMP_GT);
	/* a band by its number, its English name, its name */
	assert_int_equal(v[0]->inds[5].band, 2);
	assert_int_equal(v[0]->inds[6].band, 1);
	assert_int_equal(v[0]->inds[7].band, 1);
	same_sheets(v, w, n);
	/* the note's “ and ” are E2 80 9C and E2 80 9D: no control, kept */
	assert_int_equal(jx_sheet_oneline_check(v[0], &e), 0);
	assert_int_equal(jx_sheet_oneline_check(v[1], &e), -1);
	assert_non_null(strstr(e.msg, "（ind:i1:name）"));
	assert_non_null(strstr(e.msg, "U+202E"));
	/* each sheet keeps its own slot names (the sheets before gone) */
	jx_sheet_free(v[0]);
	jx_sheet_free(v[1]);
	assert_string_equal(v[2]->inds[0].slot, "output.quantity");
	/* nothing with E2 at all */
	assert_int_equal(jx_sheet_oneline_check(v[2], &e), 0);
	jx_sheet_free(v[2]);
	jx_sheets_free(w, n);
	/* an unknown key among them, refused as before */
	c.n = 0;
	assert_int_equal(read_streamed(HEAD "    indicators:\n      - {key: i1, slot: output.quantity, nmae: 甲}\n", &c, &e),
			 -1);
	assert_non_null(strstr(e.msg, "未知字段“nmae”"));
	assert_int_equal(c.n, 0);
}

static void test_streamed_sheets_keep_texts(void **state)
{
	const char *y = HEAD "    indicators:\n"
			     "      - {slot: output.quantity, name: 甲, unit: 个, cmp: \">=\", target: 5}\n"
			     "      - {key: i4, slot: output.quality, name: 乙, deviation_reason: \"一\\n二\"}\n"
			     "      - {key: k, slot: output.quality, name: \"\", note: 注}\n"
			     "  - template: project-self-2020\n    year: 2025\n";
	jx_sheet *v[4], **w;
	streamed c = {v, 0};
	jx_err e = {{0}};
	size_t n;
	jx_indicator *d;
	(void)state;
	assert_int_equal(read_streamed(y, &c, &e), 0);
	assert_int_equal(c.n, 2);
	w = read_ok(y, &n);
	assert_int_equal(n, 2);
	assert_non_null(v[0]->ind_texts);
	assert_null(w[0]->ind_texts);
	assert_int_equal(v[0]->n_inds, 3);
	assert_string_equal(v[0]->inds[0].key, "i5"); /* after the highest, i4 */
	assert_string_equal(v[0]->inds[1].key, "i4");
	assert_string_equal(v[0]->inds[1].deviation_reason, "一\n二");
	assert_null(v[0]->inds[2].name);
	assert_string_equal(v[0]->inds[2].note, "注");
	same_sheets(v, w, n);
	/* a copy is a sheet like any other: its texts can be replaced */
	{
		jx_sheet *copy = jx_sheet_clone(v[0]);
		assert_non_null(copy);
		assert_null(copy->ind_texts);
		d = jx_sheet_ind(copy, "i4");
		assert_int_equal(jx_set_str(&d->name, "丙"), 0);
		assert_non_null(jx_sheet_add_ind(copy, NULL));
		jx_sheet_free(copy);
	}
	jx_sheet_free(v[0]);
	jx_sheet_free(v[1]);
	jx_sheets_free(w, n);

	/* "        name: \"甲\\n乙\"" breaks a one-line text: refused at its
	 * place, line 8 column 48 ("{" at 9, "key: i1, " 10–18, "slot: output.quantity, "
	 * 19–41, "name: " 42–47), after the sheet before it was handed over */
	c.n = 0;
	assert_int_equal(read_streamed("jixiao: 1\nsheets:\n  - template: project-self-2020\n    year: 2024\n"
				       "  - template: project-self-2020\n    year: 2024\n    indicators:\n"
				       "      - {key: i1, slot: output.quantity, name: \"甲\\n乙\"}\n",
				       &c, &e),
			 -1);
	assert_non_null(strstr(e.msg, ":8:48: “"));
	assert_non_null(strstr(e.msg, "只能填写一行文字"));
	assert_int_equal(c.n, 1);
	for (size_t i = 0; i < c.n; i++)
		jx_sheet_free(v[i]);
	/* a duplicate key and a bad comparator, each after kept texts */
	c.n = 0;
	assert_int_equal(read_streamed(HEAD "    indicators:\n      - {key: i1, slot: output.quantity, name: 甲}\n"
					    "      - {key: i1, slot: output.quantity, name: 乙}\n",
				       &c, &e),
			 -1);
	assert_non_null(strstr(e.msg, "指标键“i1”重复"));
	assert_int_equal(c.n, 0);
	assert_int_equal(read_streamed(HEAD "    indicators:\n      - {key: i1, slot: output.quantity, cmp: \"=>\"}\n",
				       &c, &e),
			 -1);
	assert_non_null(strstr(e.msg, "比较符号“=>”无效"));
}

/* ---- reading: every refusal with its place --------------------------------------- */

static void test_unknown_template(void **state)
{
	(void)state;
	/* "  - template: nope": the value starts at column 15 */
	read_fails("jixiao: 1\nsheets:\n  - template: nope\n", "t.yaml:3:15:", "未知模板“nope”，可用模板：");
	read_fails("jixiao: 1\nsheets:\n  - template: nope\n", "t.yaml:3:15:", "project-self-2020");
	read_fails("jixiao: 1\nsheets:\n  - year: 2024\n", "t.yaml:3:5:", "缺少模板");
}

static void test_unknown_field(void **state)
{
	(void)state;
	read_fails(HEAD "    colour: red\n", "t.yaml:5:5:", "未知字段“colour”");
	read_fails(HEAD "    info:\n      nmae: x\n", "t.yaml:6:7:", "未知字段“nmae”");
	/* "      - {slot: output.quantity, traget: 5}": '{' at 9, "slot: " 10–15,
	 * "output.quantity, " 16–32, so "traget" starts at 33 */
	read_fails(HEAD "    indicators:\n      - {slot: output.quantity, traget: 5}\n", "t.yaml:6:33:", "未知字段“traget”");
	read_fails("jixiao: 1\nsheets: []\nextra: 1\n", "t.yaml:3:1:", "未知字段“extra”");
}

/* An indicator's keys are read in whatever order they are written, the
 * nested maps too; one it may not have, or a nested map written as a
 * scalar, is refused at its place; a slot that is not a slot is refused
 * after an indicator whose slot was one. */
static void test_indicator_key_order(void **state)
{
	size_t n;
	jx_sheet **v;
	(void)state;
	v = read_ok(HEAD "    indicators:\n"
			 "      - points: 2\n        actual: 7\n        unit: 个\n        target: 5\n        cmp: \">=\"\n"
			 "        name: 甲\n        slot: output.quantity\n        key: k9\n"
			 "      - override:\n          reason: 复核\n          score: 1\n        name: 乙\n"
			 "        slot: output.quality\n        key: k2\n",
		    &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0]->n_inds, 2);
	assert_string_equal(v[0]->inds[0].key, "k9");
	assert_string_equal(v[0]->inds[0].slot, "output.quantity");
	assert_string_equal(v[0]->inds[0].name, "甲");
	assert_string_equal(v[0]->inds[0].unit, "个");
	assert_int_equal(v[0]->inds[0].cmp, JX_CMP_GE);
	assert_true(v[0]->inds[0].target == JX_INT(5));
	assert_true(v[0]->inds[0].actual == JX_INT(7));
	assert_true(v[0]->inds[0].points == JX_INT(2));
	assert_string_equal(v[0]->inds[1].key, "k2");
	assert_string_equal(v[0]->inds[1].slot, "output.quality");
	assert_true(v[0]->inds[1].override_score == JX_INT(1));
	assert_string_equal(v[0]->inds[1].override_reason, "复核");
	jx_sheets_free(v, n);
	/* "        override: 5": the value at column 19 of line 8 */
	read_fails(HEAD "    indicators:\n      - key: k1\n        slot: output.quantity\n        override: 5\n",
		   "t.yaml:8:19:", "override 应为映射");
	read_fails(HEAD "    indicators:\n      - key: k1\n        slot: output.quantity\n        name: 甲\n        nmae: 乙\n",
		   "t.yaml:9:9:", "未知字段“nmae”");
	/* "        override: {score: 1, reasn: x}": '{' at 19, "score: 1, " 20–29 */
	read_fails(HEAD "    indicators:\n      - key: k1\n        slot: output.quantity\n        override: {score: 1, reasn: x}\n",
		   "t.yaml:8:30:", "未知字段“reasn”");
	read_fails(HEAD "    indicators:\n      - {key: k1, slot: output.quantity}\n"
			"      - {key: k2, slot: output}\n", /* '{' at 9, "key: k2, " 10–18, "slot: " 19–24 */
		   "t.yaml:7:25:", "不是模板“project-self-2020”中可放指标的位置");
}

static void test_bad_slot(void **state)
{
	(void)state;
	/* "        slot: output.speed": value at column 15 */
	read_fails(HEAD "    indicators:\n      - key: i1\n        slot: output.speed\n", "t.yaml:7:15:",
		   "“output.speed”不是模板“project-self-2020”中可放指标的位置");
	/* a node that exists but is not a slot */
	read_fails(HEAD "    indicators:\n      - key: i1\n        slot: output\n", "t.yaml:7:15:", "output.quantity");
	read_fails(HEAD "    indicators:\n      - key: i1\n", "t.yaml:6:9:", "slot");
}

static void test_bad_numbers(void **state)
{
	(void)state;
	/* "        spent: -5": value at column 16 */
	read_fails(HEAD "    funds:\n      - source: 当年财政拨款\n        spent: -5\n", "t.yaml:7:16:", "不能为负数");
	/* "        target: 1,2" and "        actual: 1e400": value at column 17 */
	read_fails(HEAD "    indicators:\n      - slot: output.quantity\n        target: 1,2\n", "t.yaml:7:17:", "有歧义");
	read_fails(HEAD "    indicators:\n      - slot: output.quantity\n        actual: 1e400\n", "t.yaml:7:17:",
		   "超出范围");
	read_fails(HEAD "    indicators:\n      - slot: output.quantity\n        points: 1.1234567\n", "t.yaml:7:17:",
		   "小数位数太多");
	read_fails(HEAD "    indicators:\n      - slot: output.quantity\n        points: [1]\n", "t.yaml:7:17:",
		   "应为数字");
	/* "      - {name: a, budget: 十}": "name: a, " 10–18, "budget: " 19–26, 十 at 27 */
	read_fails(HEAD "    subprojects:\n      - {name: a, budget: 十}\n", "t.yaml:6:27:", "不是数字");
	read_fails(HEAD "    review: {score: -1}\n", "t.yaml:5:21:", "不能为负数");
	read_fails("jixiao: 1\nsheets:\n  - template: project-self-2020\n    year: 20x\n", "t.yaml:4:11:", "不是数字");
	read_fails("jixiao: 1\nsheets:\n  - template: project-self-2020\n    year: 1850\n", "t.yaml:4:11:",
		   "1900 到 2999");
}

static void test_yaml_level_refusals(void **state)
{
	char *big, deep[512];
	size_t len = 9u * 1024u * 1024u, k;
	(void)state;
	/* duplicate key: the second "year" at line 5 column 5 */
	read_fails(HEAD "    year: 2025\n", "t.yaml:5:5:", "重复");
	/* alias: "    narrative: *a" — the '*' at column 16 */
	read_fails(HEAD "    info: &a {name: x}\n    narrative: *a\n", "t.yaml:6:16:", "别名");
	/* non-UTF-8 bytes after "      name: " (12 characters) */
	read_fails(HEAD "    info:\n      name: \xff\xfe\n", "t.yaml:6:13:", "UTF-8");
	/* a 9 MiB sheet: the cap is on each sheet, said where the sheet
	 * starts ("  - template:" at line 3, the mapping at column 5) */
	big = malloc(len);
	assert_non_null(big);
	memcpy(big, HEAD, strlen(HEAD));
	memset(big + strlen(HEAD), '#', len - strlen(HEAD));
	read_fails_len(big, len, "t.yaml:3:5:", "表格过大");
	free(big);
	/* nesting: root map, sheets list and the sheet map are 3 levels; the
	 * 62nd '[' would be the 65th.  "    info: " is 10 characters, so the
	 * 62nd '[' is at column 10 + 62 = 72. */
	k = (size_t)snprintf(deep, sizeof deep, HEAD "    info: ");
	for (int i = 0; i < 70; i++)
		deep[k++] = '[';
	for (int i = 0; i < 70; i++)
		deep[k++] = ']';
	deep[k++] = '\n';
	deep[k] = 0;
	read_fails(deep, "t.yaml:5:72:", "嵌套层数过深");
	read_fails("a: [1, 2\n", "t.yaml:", "YAML");
}

static void test_duplicates(void **state)
{
	(void)state;
	/* "      - key: i1" at line 8: the value at column 14 */
	read_fails(HEAD "    indicators:\n      - key: i1\n        slot: output.quantity\n      - key: i1\n"
			"        slot: output.quality\n",
		   "t.yaml:8:14:", "指标键“i1”重复（第一次出现在第 6 行）");
	/* "      - {source: 其他资金}": "source: " 10–17, the value at 18 */
	read_fails(HEAD "    funds:\n      - {source: 其他资金}\n      - {source: 其他资金}\n", "t.yaml:7:18:",
		   "资金来源“其他资金”重复");
	read_fails("jixiao: 1\nsheets:\n  - {template: project-self-2020, uid: abc}\n"
		   "  - {template: project-self-2020, uid: abc}\n",
		   /* "  - {template: project-self-2020, uid: abc}": '{' 5,
		    * "template: project-self-2020, " 6–34, "uid: " 35–39, abc at 40 */
		   "t.yaml:4:40:", "“abc”在文件中出现两次");
	read_fails(HEAD "    indicators:\n      - {key: \"a b\", slot: output.quantity}\n", "t.yaml:6:15:", "指标键“a b”无效");
	read_fails(HEAD "    uid: \"x y\"\n", "t.yaml:5:10:", "表格编号（uid）“x y”无效");
}

/* Keys i<N> with N rising are told apart without sorting them; any other
 * keys are compared all with all, as before.  Each line "      - {key: K,
 * slot: output.quantity}" is line 6 + its place; K starts at column 15. */
static void test_duplicate_keys_in_any_order(void **state)
{
	static const struct {
		const char *keys[5];
		int twice;      /* place (0-based) of the first key that repeats one, -1 none */
		int first_line; /* the line of the key it repeats */
	} cases[] = {
		{{"i1", "i2", "i10", "i3", NULL}, -1, 0},  /* not rising: sorted, all different */
		{{"i1", "i01", "i001", NULL}, -1, 0},      /* the same N written three ways: three keys */
		{{"i1", "i2", "i3", "i2", NULL}, 3, 7},    /* rising, then back to i2 */
		{{"i3", "i2", "i1", "i3", NULL}, 3, 6},
		{{"i1", "x", "i1", NULL}, 2, 6},
		{{"i1", "i1", NULL}, 1, 6},
		{{"i9", "i10", "i11", NULL}, -1, 0},
		{{"i0", "i1", NULL}, -1, 0},
		{{"i1", "i0", NULL}, -1, 0},
		{{"i99999999999999999999", "i99999999999999999999", NULL}, 1, 6}, /* past LONG_MAX: sorted */
	};
	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char y[1024], where[32], want[128];
		size_t len = (size_t)snprintf(y, sizeof y, HEAD "    indicators:\n"), n, k;
		for (k = 0; cases[c].keys[k]; k++)
			len += (size_t)snprintf(y + len, sizeof y - len, "      - {key: %s, slot: output.quantity}\n",
						cases[c].keys[k]);
		if (cases[c].twice < 0) {
			jx_sheet **v = read_ok(y, &n);
			assert_int_equal(v[0]->n_inds, k);
			for (size_t i = 0; i < k; i++)
				assert_string_equal(v[0]->inds[i].key, cases[c].keys[i]);
			jx_sheets_free(v, n);
			continue;
		}
		snprintf(where, sizeof where, "t.yaml:%d:15:", 6 + cases[c].twice);
		snprintf(want, sizeof want, "指标键“%s”重复（第一次出现在第 %d 行）", cases[c].keys[cases[c].twice],
			 cases[c].first_line);
		read_fails(y, where, want);
	}
	/* keys given to indicators written without one come after the highest
	 * i<N>: i1, (i3), i2 */
	{
		size_t n;
		jx_sheet **v = read_ok(HEAD "    indicators:\n      - {key: i1, slot: output.quantity}\n"
					    "      - {slot: output.quantity}\n      - {key: i2, slot: output.quantity}\n",
				       &n);
		assert_string_equal(v[0]->inds[0].key, "i1");
		assert_string_equal(v[0]->inds[1].key, "i3");
		assert_string_equal(v[0]->inds[2].key, "i2");
		jx_sheets_free(v, n);
	}
}

/* An indicator's absent columns are empty (no text, no number, no
 * comparator, no band), and of two bad values the first column's is
 * refused, in whatever order the keys come. */
static void test_indicator_absent_and_bad_columns(void **state)
{
	size_t n;
	jx_sheet **v;
	const jx_indicator *d;
	(void)state;
	v = read_ok(HEAD "    indicators:\n      - {key: i1, slot: output.quantity}\n", &n);
	d = &v[0]->inds[0];
	assert_string_equal(d->slot, "output.quantity");
	assert_null(d->name);
	assert_null(d->unit);
	assert_null(d->deviation_reason);
	assert_null(d->measures);
	assert_int_equal(d->cmp, JX_CMP_NONE);
	assert_int_equal(d->band, -1);
	assert_true(d->target == JX_NONE && d->actual == JX_NONE && d->points == JX_NONE);
	assert_true(d->override_score == JX_NONE && d->deduction == JX_NONE && d->forecast == JX_NONE);
	jx_sheets_free(v, n);
	/* points (a later column) is written first and is bad too: target,
	 * the earlier column, is the one refused; "        target: x" has
	 * its value at column 17 of line 8 */
	read_fails(HEAD "    indicators:\n      - key: i1\n        points: y\n        target: x\n"
			"        slot: output.quantity\n",
		   "t.yaml:8:17:", "“x”不是数字");
	/* the comparator read from the tree without a copy: refused as before
	 * ("        cmp: ~=": the value at column 14 of line 7) */
	read_fails(HEAD "    indicators:\n      - key: i1\n        cmp: \"~=\"\n        slot: output.quantity\n",
		   "t.yaml:7:14:", "比较符号“~=”无效");
	/* a key that is not text, or an empty one (given i1 as if missing) */
	read_fails(HEAD "    indicators:\n      - key: [a]\n        slot: output.quantity\n", "t.yaml:6:14:",
		   "此处应为文字");
	v = read_ok(HEAD "    indicators:\n      - key: \"\"\n        slot: output.quantity\n", &n);
	assert_string_equal(v[0]->inds[0].key, "i1");
	jx_sheets_free(v, n);
}

static void test_version(void **state)
{
	(void)state;
	read_fails("jixiao: 2\nsheets: []\n", "t.yaml:1:9:", "不支持的表格文件版本“2”（本程序读取版本 1）");
	read_fails("jixiao: one\nsheets: []\n", "t.yaml:1:9:", "不支持的表格文件版本");
	read_fails("sheets: []\n", "t.yaml:1:1:", "缺少版本字段“jixiao: 1”");
	read_fails("", "t.yaml:1:1:", "文件是空的");
	read_fails("- a\n- b\n", "t.yaml:1:1:", "不是 jixiao 表格文件");
	read_fails("jixiao: 1\n", "t.yaml:1:1:", "缺少表格列表");
	read_fails("jixiao: 1\nsheets: {a: 1}\n", "t.yaml:2:9:", "应为列表");
	read_fails("jixiao: 1\nsheets:\n  - template: project-self-2020\n    template_version: 2\n", "t.yaml:4:23:",
		   "第 2 版，本程序只有第 1 版");
}

static void test_template_references(void **state)
{
	const char *de = "jixiao: 1\nsheets:\n  - template: dept-eval-2020\n";
	char y[1024];
	(void)state;
	/* "      process.org.rules: [2, 2, 1]": the third mark at column 33 */
	snprintf(y, sizeof y, "%s    marks:\n      process.org.rules: [2, 2, 1]\n", de);
	read_fails(y, "t.yaml:5:33:", "“process.org.rules”只有 2 个评价要点，这里给了 3 个");
	/* each point of 管理制度健全性 is worth 2 */
	snprintf(y, sizeof y, "%s    marks:\n      process.org.rules: [2.5]\n", de);
	read_fails(y, "t.yaml:5:27:", "最多 2 分，这里给了 2.5 分");
	snprintf(y, sizeof y, "%s    marks:\n      output.quantity: [1]\n", de);
	read_fails(y, "t.yaml:5:7:", "“output.quantity”不是模板“dept-eval-2020”中的评价要点");
	snprintf(y, sizeof y, "%s    indicators:\n      - {slot: benefit.social, band: 很好}\n", de);
	/* "      - {slot: benefit.social, band: 很好}": "slot: benefit.social, " 10–31,
	 * "band: " 32–37, the value at 38 */
	read_fails(y, "t.yaml:5:38:", "没有定性档次“很好”；可用档次：达成年度指标");
	/* 预算执行率 is computed, not typed */
	read_fails(HEAD "    entries:\n      execution: {score: 5}\n", "t.yaml:6:7:", "不是模板“project-self-2020”中手工评分的项");
	read_fails("jixiao: 1\nsheets:\n  - template: external-result\n    entries:\n      result: {score: 100.01}\n",
		   "t.yaml:5:23:", "最多 100 分，这里填了 100.01 分");
	read_fails("jixiao: 1\nsheets:\n  - template: dept-overall\n    measures:\n      年度支出: 5\n", "t.yaml:5:7:",
		   "不使用测算数“年度支出”；可用：年度实际支出");
	read_fails(HEAD "    measures:\n      x: 5\n", "t.yaml:6:7:", "该模板不使用测算数");
	read_fails("jixiao: 1\nsheets:\n  - template: dept-overall\n    measures:\n      结转结余: -1\n", "t.yaml:5:13:",
		   "不能为负数");
}

static void test_stated_paths(void **state)
{
	(void)state;
	read_fails(HEAD "    stated:\n      - {path: foo, value: 1}\n", "t.yaml:6:16:", "路径“foo”无效");
	read_fails(HEAD "    stated:\n      - {path: \"node:nope:score\", value: 1}\n", "t.yaml:6:16:", "没有节点“nope”");
	read_fails(HEAD "    stated:\n      - {path: \"node:output:weight\", value: 1}\n", "t.yaml:6:16:", "无效");
	read_fails(HEAD "    stated:\n      - {path: \"ind:i9:actual\", value: 1}\n", "t.yaml:6:16:", "没有键为“i9”的指标");
	read_fails(HEAD "    stated:\n      - {path: total}\n", "t.yaml:6:9:", "需要数值（value）或文字（text）");
	read_fails(HEAD "    stated:\n      - {value: 3}\n", "t.yaml:6:9:", "缺少路径");
	{
		size_t n;
		jx_sheet **v = read_ok(HEAD "    stated:\n"
					    "      - {path: \"ind:i1:rate\", value: -100, source: here}\n"
					    "      - {path: \"node:satisfaction.service:points\", value: 10}\n"
					    "    indicators:\n      - {key: i1, slot: output.quantity}\n",
				       &n);
		assert_true(v[0]->stated[0].value == D("-100"));
		assert_string_equal(v[0]->stated[0].source, "here");
		jx_sheets_free(v, n);
	}
}

static void test_field_values(void **state)
{
	char *y;
	size_t len;
	(void)state;
	read_fails(HEAD "    status: done\n", "t.yaml:5:13:", "状态“done”无效");
	read_fails(HEAD "    review: {result: 好}\n", "t.yaml:5:22:", "审核结论“好”无效");
	read_fails(HEAD "    indicators:\n      - {slot: output.quantity, cmp: \"~=\"}\n", "t.yaml:6:38:", "比较符号“~=”无效");
	read_fails(HEAD "    basis: 文件\n", "t.yaml:5:12:", "应为列表");
	read_fails(HEAD "    info: [a]\n", "t.yaml:5:11:", "应为映射");
	read_fails(HEAD "    info:\n      name: [a]\n", "t.yaml:6:13:", "应为文字");
	read_fails(HEAD "    funds:\n      - {planned: 1}\n", "t.yaml:6:9:", "来源");
	/* a text longer than 65536 bytes */
	len = strlen(HEAD) + 40 + 70000;
	y = malloc(len);
	assert_non_null(y);
	snprintf(y, len, HEAD "    info:\n      name: ");
	memset(y + strlen(y), 'x', 70000);
	y[strlen(HEAD) + 22 + 70000] = 0;
	read_fails(y, "t.yaml:6:13:", "文字过长");
	free(y);
}

/* One good sheet and one bad: nothing comes back (and nothing leaks). */
static void test_all_or_nothing(void **state)
{
	(void)state;
	read_fails("jixiao: 1\nsheets:\n"
		   "  - template: project-self-2020\n    year: 2024\n    info: {name: 好表}\n"
		   "  - template: project-self-2020\n    year: 2024\n"
		   "    indicators:\n      - {key: i1, slot: output.nothing}\n",
		   "t.yaml:9:25:", "output.nothing");
	read_fails("jixiao: 1\nsheets:\n"
		   "  - template: project-self-2020\n"
		   "  - template: project-self-2020\n    funds: [{source: a, spent: \"1,2\"}]\n",
		   /* "    funds: [{source: a, spent: \"1,2\"}]": '[' 12, '{' 13, "source: a, " 14–24,
		    * "spent: " 25–31, the quoted value at 32 */
		   "t.yaml:5:32:", "有歧义");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_xinfeng),
		cmocka_unit_test(test_sample_jiangmen),
		cmocka_unit_test(test_sample_zhanjiang),
		cmocka_unit_test(test_sample_jingdezhen),
		cmocka_unit_test(test_samples_round_trip),
		cmocka_unit_test(test_format_doc_example),
		cmocka_unit_test(test_tricky_text_round_trip),
		cmocka_unit_test(test_every_indicator_column_round_trips),
		cmocka_unit_test(test_every_column_digest),
		cmocka_unit_test(test_quoting_style),
		cmocka_unit_test(test_random_text_round_trip),
		cmocka_unit_test(test_write_without_templates),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_invalid_utf8_refused),
		cmocka_unit_test(test_empty_list),
		cmocka_unit_test(test_defaults_and_ids),
		cmocka_unit_test(test_number_forms),
		cmocka_unit_test(test_bands_and_marks),
		cmocka_unit_test(test_read_file_and_stdin_name),
		cmocka_unit_test(test_streamed_sheets_keep_texts),
		cmocka_unit_test(test_streamed_plain_texts),
		cmocka_unit_test(test_unknown_template),
		cmocka_unit_test(test_unknown_field),
		cmocka_unit_test(test_bad_slot),
		cmocka_unit_test(test_indicator_key_order),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_yaml_level_refusals),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_duplicate_keys_in_any_order),
		cmocka_unit_test(test_indicator_absent_and_bad_columns),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_template_references),
		cmocka_unit_test(test_stated_paths),
		cmocka_unit_test(test_field_values),
		cmocka_unit_test(test_all_or_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
