/* The funds total row as a document prints it (funds_total, the field
 * paths funds:total:*): compared with the rows' sums (W907, I910), the
 * recomputed execution rate (W908) and the execution score (W909) at the
 * precision it is printed with; typed, read and written, equal and hashed
 * like the rest of a sheet.  Every expected number is worked out by hand in
 * the comment above it. */
#include "checks_fixture.h"

#include "field.h"
#include "fundtotal.h"

/* A sheet on template_id with the one fund row of the Jiangmen sample's
 * form: 本年财政拨款 planned = budget = received = 1935, spent 480.82. */
static jx_sheet *sheet_1935(const char *template_id)
{
	jx_sheet *s = jx_sheet_new();
	jx_fund *f;
	assert_non_null(s);
	set(&s->template_id, template_id);
	s->template_version = 1;
	s->year = 2022;
	set(&s->info[JX_INFO_NAME], "工业发展管理经费");
	f = jx_sheet_add_fund(s, "本年财政拨款");
	assert_non_null(f);
	f->planned = f->budget = f->received = D("1935");
	f->spent = D("480.82");
	return s;
}

static int total_findings(const jx_findings *f)
{
	return count(f, "W907", NULL, NULL) + count(f, "W908", NULL, NULL) + count(f, "W909", NULL, NULL) +
	       count(f, "I910", NULL, NULL);
}

/* The case: a table printing 0 / 0 / 0 in its 年度资金总额 row above
 * a filled 本年财政拨款 row.  Each printed amount against its column's sum:
 * 年初预算数 0 ≠ 1935, 全年预算数 0 ≠ 1935, 全年执行数 0 ≠ 480.82 — three
 * W907, each naming both numbers (the template's labels for the inputs of
 * its execution formula: 全年预算数（A）, 全年执行数（B）). */
static void test_zero_total_row(void **state)
{
	jx_sheet *s = sheet_1935("project-self-2020");
	jx_findings f = {0};
	(void)state;
	s->funds_total.planned = s->funds_total.budget = s->funds_total.spent = D("0");
	run(s, NULL, &f);
	expect(&f, "W907", "funds:total:planned", "资金合计：文中年初预算数合计 0 万元，与各行之和 1935 万元不符");
	expect(&f, "W907", "funds:total:budget", "文中全年预算数（A）合计 0 万元，与各行之和 1935 万元不符");
	expect(&f, "W907", "funds:total:spent", "文中全年执行数（B）合计 0 万元，与各行之和 480.82 万元不符");
	assert_int_equal(count(&f, "W907", NULL, NULL), 3);
	assert_int_equal(total_findings(&f), 3);
	all_utf8(&f);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* A total row that agrees says nothing: 1935 / 1935 / 1935 / 480.82, the
 * rate 24.85% (480.82 ÷ 1935 = 0.248486… = 24.8486…%, 24.85 at the 2
 * decimals printed) and the score 2.48 (0.248486… × 10 = 2.4849 → 2.48). */
static void test_agreeing_total_row(void **state)
{
	jx_sheet *s = sheet_1935("project-self-2020");
	jx_findings f = {0};
	(void)state;
	s->funds_total.planned = s->funds_total.budget = s->funds_total.received = D("1935");
	s->funds_total.spent = D("480.82");
	s->funds_total.rate = D("24.85");
	s->funds_total.score = D("2.48");
	run(s, NULL, &f);
	assert_int_equal(total_findings(&f), 0);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* The rate at the precision it is printed with (24.8486…%): 24.8 at 1
 * decimal and 25 at none agree; 24.84 at 2 decimals is not 24.85, and 30 is
 * not 25.  The finding gives the inputs: 480.82 ÷ 1935 = 24.85%. */
static void test_rate_precision(void **state)
{
	static const struct {
		const char *printed;
		int differs;
	} cases[] = {{"24.85", 0}, {"24.8", 0}, {"25", 0}, {"24.8486", 0}, {"24.84", 1}, {"24.9", 1}, {"30", 1}};
	jx_sheet *s = sheet_1935("project-self-2020");
	jx_findings f = {0};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s->funds_total.rate = D(cases[i].printed);
		run(s, NULL, &f);
		if (count(&f, "W908", "funds:total:rate", NULL) != cases[i].differs)
			fail_msg("printed rate %s", cases[i].printed);
		if (cases[i].differs)
			expect(&f, "W908", "funds:total:rate", "按 全年执行数（B） 480.82 ÷ 全年预算数（A） 1935 计算为 24.85%");
	}
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* The score compared exactly, as the stated-score checks compare (W201):
 * 2.48 agrees; 2.49 (what the rounded 24.85% × 10 gives) and 2.5 do not. */
static void test_score_exact(void **state)
{
	jx_sheet *s = sheet_1935("project-self-2020");
	jx_findings f = {0};
	(void)state;
	s->funds_total.score = D("2.48");
	run(s, NULL, &f);
	expect_none(&f, "W909", NULL);
	s->funds_total.score = D("2.49");
	run(s, NULL, &f);
	expect(&f, "W909", "funds:total:score", "资金合计：文中预算执行率得分 2.49 分，重新计算为 2.48 分");
	s->funds_total.score = D("2.5");
	run(s, NULL, &f);
	expect(&f, "W909", "funds:total:score", "2.5 分，重新计算为 2.48 分");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* Amounts at the precision printed, never coarser than 2 decimals: two
 * rows of 81288.26 元 = 8.128826 万元 add up to 16.257652 万元; printed
 * 16.26 (16.257652 at 2 decimals) and 16.257652 agree, 16.25 and 16 (at 2
 * decimals still 16.26 ≠ 16.00) do not. */
static void test_amount_precision(void **state)
{
	static const struct {
		const char *printed;
		int differs;
	} cases[] = {{"16.26", 0}, {"16.257652", 0}, {"16.2577", 0}, {"16.25", 1}, {"16", 1}, {"16.2576", 1}};
	jx_sheet *s = jx_sheet_new();
	jx_findings f = {0};
	(void)state;
	set(&s->template_id, "project-self-2020");
	s->template_version = 1;
	jx_sheet_add_fund(s, "当年财政拨款")->spent = D("8.128826");
	jx_sheet_add_fund(s, "其他资金")->spent = D("8.128826");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s->funds_total.spent = D(cases[i].printed);
		run(s, NULL, &f);
		if (count(&f, "W907", "funds:total:spent", NULL) != cases[i].differs)
			fail_msg("printed amount %s", cases[i].printed);
	}
	expect(&f, "W907", "funds:total:spent", "与各行之和 16.257652 万元不符");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* Nothing to compare with: a printed 实际到位 total of 100 where no row
 * has 实际到位 is I910; a printed rate where the budget is 0 (0 ÷ 0) is
 * W908 saying no rate applies. */
static void test_nothing_to_compare(void **state)
{
	jx_sheet *s = jx_sheet_new();
	jx_fund *fd;
	jx_findings f = {0};
	(void)state;
	set(&s->template_id, "project-self-2020");
	s->template_version = 1;
	fd = jx_sheet_add_fund(s, "当年财政拨款");
	fd->budget = D("0");
	fd->spent = D("0");
	s->funds_total.received = D("100");
	s->funds_total.rate = D("100");
	run(s, NULL, &f);
	expect(&f, "I910", "funds:total:received", "文中实际到位合计 100 万元，但各资金来源行均未填写实际到位");
	expect(&f, "W908", "funds:total:rate", "文中执行率 100%，而全年预算数（A）为 0，执行率不适用");
	assert_int_equal(total_findings(&f), 2);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* Sichuan computes the rate on 调整后预算数: its label names the printed
 * budget; 1935 printed against the rows' 2000 (1935 + 65). */
static void test_template_labels(void **state)
{
	jx_sheet *s = sheet_1935("project-self-sichuan");
	jx_findings f = {0};
	(void)state;
	jx_sheet_add_fund(s, "单位资金")->budget = D("65");
	s->funds_total.budget = D("1935");
	run(s, NULL, &f);
	expect(&f, "W907", "funds:total:budget", "文中调整后预算数合计 1935 万元，与各行之和 2000 万元不符");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* The field paths: funds:total:<col> typed as money, a percent or points;
 * "" clears; a negative amount and an unknown column are refused and
 * change nothing. */
static void test_field_paths(void **state)
{
	jx_sheet *s = sheet_1935("project-self-2020");
	const jx_template *t = tpl("project-self-2020");
	jx_err err = {{0}};
	char buf[64];
	(void)state;
	assert_int_equal(jx_field_set(s, t, "funds:total:budget", "1,935", &err), 0);
	assert_true(s->funds_total.budget == D("1935"));
	assert_int_equal(jx_field_set(s, t, "funds:total:rate", "24.85%", &err), 0);
	assert_true(s->funds_total.rate == D("24.85"));
	assert_int_equal(jx_field_set(s, t, "funds:total:score", "2.48", &err), 0);
	assert_int_equal(jx_field_get(s, "funds:total:rate", buf, sizeof buf, &err), 0);
	assert_string_equal(buf, "24.85");
	assert_int_equal(jx_field_set(s, t, "funds:total:spent", "-5", &err), -1);
	assert_true(s->funds_total.spent == JX_NONE);
	assert_int_equal(jx_field_set(s, t, "funds:total:colour", "5", &err), -1);
	assert_int_equal(jx_field_set(s, t, "funds:total:budget", "", &err), 0);
	assert_true(s->funds_total.budget == JX_NONE);
	assert_int_equal(jx_field_type_of("funds:total:planned"), JX_FT_MONEY);
	jx_field_label(s, "funds:total:spent", buf, sizeof buf);
	assert_string_equal(buf, "资金合计（原表） · 全年执行数");
	jx_sheet_free(s);
}

/* A sheet file: funds_total written in flow style after the rows, read
 * back equal; a file without it reads as nothing printed; an unknown key
 * in it is refused.  Equality and the digest see the printed figures; a
 * sheet without any is written without the key (and hashes nothing for it,
 * so finalised sheets keep their digests: tests/test_final*.c). */
static void test_sheet_file(void **state)
{
	static const char yaml[] = "jixiao: 1\nsheets:\n  - template: project-self-2020\n    year: 2022\n"
				   "    funds:\n      - {source: 本年财政拨款, budget: 1935, spent: 480.82}\n"
				   "    funds_total: {planned: 0, budget: 0, spent: 0, rate: 24.85%, score: 2.48}\n";
	static const char old[] = "jixiao: 1\nsheets:\n  - template: project-self-2020\n    year: 2022\n";
	static const char bad[] = "jixiao: 1\nsheets:\n  - template: project-self-2020\n    funds_total: {total: 1}\n";
	jx_sheet **v = NULL, **w = NULL, *c;
	size_t n = 0, n2 = 0, len = 0;
	char *buf = NULL, d1[65], d2[65];
	jx_err err = {{0}};
	FILE *f;
	(void)state;
	assert_int_equal(jx_sheets_read_mem("t.yaml", yaml, sizeof yaml - 1, &g_set, &v, &n, &err), 0);
	assert_true(v[0]->funds_total.planned == 0 && v[0]->funds_total.rate == D("24.85"));
	assert_true(v[0]->funds_total.received == JX_NONE);
	f = open_memstream(&buf, &len);
	assert_int_equal(jx_sheets_write(f, v, n, &err), 0);
	fclose(f);
	assert_non_null(strstr(buf, "  funds_total: {planned: 0, budget: 0, spent: 0, rate: 24.85, score: 2.48}\n"));
	assert_int_equal(jx_sheets_read_mem("out.yaml", buf, len, &g_set, &w, &n2, &err), 0);
	assert_true(jx_sheet_equal(v[0], w[0]));
	c = jx_sheet_clone(v[0]);
	assert_true(jx_sheet_equal(v[0], c));
	assert_int_equal(jx_sheet_digest(c, d1), 0);
	c->funds_total.score = D("2.49");
	assert_false(jx_sheet_equal(v[0], c));
	assert_int_equal(jx_sheet_digest(c, d2), 0);
	assert_string_not_equal(d1, d2);
	/* nothing printed: not written, and the digest of the sheet as it was */
	jx_fund_stated_clear(&c->funds_total);
	assert_int_equal(jx_sheet_digest(c, d1), 0);
	jx_sheets_free(w, n2);
	w = NULL;
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(jx_sheets_write(f, &c, 1, &err), 0);
	fclose(f);
	assert_null(strstr(buf, "funds_total"));
	jx_sheet_free(c);
	free(buf);
	jx_sheets_free(v, n);
	assert_int_equal(jx_sheets_read_mem("old.yaml", old, sizeof old - 1, &g_set, &v, &n, &err), 0);
	assert_true(jx_fund_stated_empty(&v[0]->funds_total));
	jx_sheets_free(v, n);
	assert_int_equal(jx_sheets_read_mem("bad.yaml", bad, sizeof bad - 1, &g_set, &v, &n, &err), -1);
	assert_non_null(strstr(err.msg, "total"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_total_row),	  cmocka_unit_test(test_agreeing_total_row),
		cmocka_unit_test(test_rate_precision),	  cmocka_unit_test(test_score_exact),
		cmocka_unit_test(test_amount_precision),  cmocka_unit_test(test_nothing_to_compare),
		cmocka_unit_test(test_template_labels),	  cmocka_unit_test(test_field_paths),
		cmocka_unit_test(test_sheet_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
