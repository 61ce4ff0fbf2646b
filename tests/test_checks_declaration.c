/* Check 17: a target declaration (绩效目标申报) as a reviewer reads it
 * (share/checks.md), each finding worked out by hand below; and that a
 * declaration runs none of the checks of results. */
#include "checks_fixture.h"
#include "stage.h"

/* A clean declaration of project-declaration-2020, year 2024, 项目期
 * 2024年3月—2024年10月 (from 2024-03-01 by its month, to 2024-10-31):
 *   d1 培训人数 ≥ 100 人 (数量), d2 验收合格率 ≥ 95 % (质量),
 *   d3 完成验收 时限 2024-10-31 (the period's last day: inside),
 *   d4 带动就业 定性 (社会效益), d5 服务对象满意度 ≥ 90 % (满意度);
 *   one goal.  Nothing to find. */
static jx_sheet *declaration(void)
{
	jx_sheet *s = jx_sheet_new();
	jx_indicator *d;
	jx_goal *g;
	assert_non_null(s);
	set(&s->template_id, "project-declaration-2020");
	s->template_version = 1;
	s->year = 2024;
	set(&s->stage, "declaration");
	set(&s->info[JX_INFO_NAME], "乡村道路养护经费");
	set(&s->info[JX_INFO_EVAL_PERIOD], "2024年3月—2024年10月");
	assert_non_null(jx_sheet_add_fund(s, "当年财政拨款"));
	s->funds[0].budget = D("100");
	g = jx_sheet_add_goal(s);
	assert_non_null(g);
	set(&g->planned, "完成全县 120 公里乡村道路养护。");
	ind(s, "d1", "output.quantity", "培训人数", JX_CMP_GE, "100", NULL, "人", NULL);
	ind(s, "d2", "output.quality", "验收合格率", JX_CMP_GE, "95", NULL, "%", NULL);
	d = ind(s, "d3", "output.timeliness", "完成验收", JX_CMP_DEADLINE, NULL, NULL, NULL, NULL);
	set(&d->target_text, "2024-10-31");
	d = ind(s, "d4", "benefit.social", "带动就业", JX_CMP_QUAL, NULL, NULL, NULL, NULL);
	set(&d->target_text, "明显带动");
	ind(s, "d5", "satisfaction.service", "服务对象满意度", JX_CMP_GE, "90", NULL, "%", NULL);
	return s;
}

static void test_clean_declaration(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = declaration();
	(void)state;
	run(s, NULL, &f);
	/* no actual, no score, no points, no spending: the checks of results
	 * (W1503 actual missing, I1403 points missing, E102 the 一级 total,
	 * W1504 spending missing) leave a declaration alone */
	assert_int_equal(f.n, 0);
	/* the same sheet read as a self-evaluation would be full of them */
	set(&s->stage, "self");
	run(s, NULL, &f);
	assert_true(count(&f, "W1503", NULL, NULL) > 0);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* The stage of a declaration table's sheet without a stored stage is
 * declaration (a sheet made on the workstation from the template). */
static void test_stage_from_template(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = declaration();
	(void)state;
	set(&s->stage, NULL);
	assert_int_equal(jx_sheet_stage_in(s, tpl("project-declaration-2020")), JX_STAGE_DECLARATION);
	assert_int_equal(jx_sheet_stage_in(s, tpl("project-self-2020")), JX_STAGE_SELF);
	run(s, NULL, &f);
	assert_int_equal(f.n, 0);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_categories(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = declaration();
	(void)state;
	/* drop 产出 (d1 d2 d3) and 效益 (d4): only d5 is left */
	for (int i = 0; i < 4; i++)
		jx_sheet_remove_ind(s, 0);
	run(s, NULL, &f);
	expect(&f, "E1701", "node:output", "没有产出指标");
	expect(&f, "E1702", "node:benefit", "没有效益指标");
	expect_none(&f, "W1703", NULL);
	jx_sheet_free(s);
	/* 满意度 missing: asked by this template */
	s = declaration();
	jx_sheet_remove_ind(s, 4);
	run(s, NULL, &f);
	expect(&f, "W1703", "node:satisfaction", "要求申报满意度指标");
	expect_none(&f, "E1701", NULL);
	/* a template without a 满意度 一级 (Hubei 2020) does not ask for one */
	run_t(tpl("project-self-hubei-2020"), s, NULL, &f);
	expect_none(&f, "W1703", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_numbers_units_rates(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = declaration();
	jx_indicator *d;
	(void)state;
	/* 数量指标 as text: no number */
	d = jx_sheet_ind(s, "d1");
	d->cmp = JX_CMP_QUAL;
	d->target = JX_NONE;
	set(&d->target_text, "若干");
	/* 成本指标 with a comparator and no number */
	ind(s, "c1", "output.cost", "人均培训成本", JX_CMP_LE, NULL, NULL, "元", NULL);
	/* a number without a unit */
	ind(s, "n1", "output.quantity", "养护里程", JX_CMP_GE, "120", NULL, NULL, NULL);
	/* rates: 101% over, exactly 100% fine, a growth rate may pass 100% */
	ind(s, "r1", "output.quality", "路面合格率", JX_CMP_GE, "101", NULL, "%", NULL);
	ind(s, "r2", "output.quality", "路面完好率", JX_CMP_GE, "100", NULL, "%", NULL);
	ind(s, "r3", "benefit.economic", "农产品销售额增长率", JX_CMP_GE, "120", NULL, "%", NULL);
	ind(s, "r4", "satisfaction.service", "群众满意度", JX_CMP_GE, "100.5", NULL, "%", NULL);
	run(s, NULL, &f);
	expect(&f, "W1704", "ind:d1:target", "培训人数（数量指标）：指标值须为数字");
	expect(&f, "W1704", "ind:d1:target", "现为「若干」");
	expect(&f, "W1704", "ind:c1:target", "人均培训成本（成本指标）");
	expect(&f, "W1705", "ind:n1:unit", "养护里程：指标值 120 未写度量单位");
	expect(&f, "W1706", "ind:r1:target", "路面合格率：比率不能超过 100%，指标值写作 ≥101%");
	expect(&f, "W1706", "ind:r4:target", "≥100.5%");
	expect_none(&f, "W1706", "ind:r2:target");
	expect_none(&f, "W1706", "ind:r3:target");
	/* 社会效益 定性 (d4) is not measured: no W1704 */
	expect_none(&f, "W1704", "ind:d4:target");
	assert_int_equal(count(&f, "W1704", NULL, NULL), 2);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_deadlines(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = declaration();
	jx_indicator *d;
	(void)state;
	/* 项目期 2024年3月—2024年10月: 2024-02-29 is before March, 2024-03-01
	 * its first day, 2024-11-01 the day after its last */
	d = ind(s, "t1", "output.timeliness", "启动", JX_CMP_DEADLINE, NULL, NULL, NULL, NULL);
	set(&d->target_text, "2024-02-29");
	d = ind(s, "t2", "output.timeliness", "开工", JX_CMP_DEADLINE, NULL, NULL, NULL, NULL);
	set(&d->target_text, "2024-03-01");
	d = ind(s, "t3", "output.timeliness", "完工", JX_CMP_DEADLINE, NULL, NULL, NULL, NULL);
	set(&d->target_text, "2024-11-01");
	run(s, NULL, &f);
	expect(&f, "W1707", "ind:t1:target_text", "启动：完成期限 2024-02-29 不在项目期（2024年3月—2024年10月）内");
	expect(&f, "W1707", "ind:t3:target_text", "2024-11-01");
	expect_none(&f, "W1707", "ind:t2:target_text");
	expect_none(&f, "W1707", "ind:d3:target_text");
	/* no 项目期: the year declared, 2024-01-01 to 2024-12-31 */
	set(&s->info[JX_INFO_EVAL_PERIOD], NULL);
	run(s, NULL, &f);
	expect_none(&f, "W1707", "ind:t1:target_text");
	expect_none(&f, "W1707", "ind:t3:target_text");
	set(&jx_sheet_ind(s, "t3")->target_text, "2025-01-01");
	run(s, NULL, &f);
	expect(&f, "W1707", "ind:t3:target_text", "不在申报年度（2024 年）内");
	/* a period over several years, written with 至 and full dates */
	set(&s->info[JX_INFO_EVAL_PERIOD], "2024-01-01至2026-12-31");
	run(s, NULL, &f);
	expect_none(&f, "W1707", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_placeholders_goal_duplicates(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = declaration();
	jx_indicator *d;
	(void)state;
	set(&s->info[JX_INFO_NAME], "XX县乡村道路养护经费");
	set(&jx_sheet_ind(s, "d1")->name, "培训人数（请填写）");
	set(&jx_sheet_ind(s, "d2")->unit, "××");
	set(&s->goals[0].planned, "示例：完成养护");
	run(s, NULL, &f);
	expect(&f, "W1708", "info:name", "仍有占位文字「XX」");
	expect(&f, "W1708", "ind:d1:name", "「请填写」");
	expect(&f, "W1708", "ind:d2:unit", "「××」");
	expect(&f, "W1708", "goal:0:planned", "「示例」");
	assert_int_equal(count(&f, "W1708", NULL, NULL), 4);
	expect_none(&f, "W1709", NULL);
	jx_sheet_free(s);

	/* 年度总体目标: none, or only blanks */
	s = declaration();
	set(&s->goals[0].planned, "  ");
	run(s, NULL, &f);
	expect(&f, "W1709", "goals", "年度总体目标未填写");
	jx_sheet_free(s);

	/* the same name twice in one sub-project; once more in another */
	s = declaration();
	d = ind(s, "x1", "output.quantity", "培训人数", JX_CMP_GE, "50", NULL, "人", NULL);
	d = ind(s, "x2", "output.quantity", "培训人数", JX_CMP_GE, "50", NULL, "人", NULL);
	set(&d->subproject, "二期");
	run(s, NULL, &f);
	/* x1 is the 6th indicator, d1 the 1st, neither in a sub-project */
	expect(&f, "W1710", "ind:x1:name", "培训人数：与第 1 项指标同名");
	expect_none(&f, "W1710", "ind:x2:name");
	assert_int_equal(count(&f, "W1710", NULL, NULL), 1);
	all_utf8(&f);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* The declaration sample: the one finding its comment names. */
static void test_sample(void **state)
{
	char path[256];
	jx_err err;
	jx_sheet **all = NULL;
	size_t n = 0;
	jx_findings f = {0};
	(void)state;
	snprintf(path, sizeof path, "%s/%s", JX_SAMPLES, "stages/jiangmen-2022-project-declaration.yaml");
	if (jx_sheets_read(path, &g_set, &all, &n, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		fail();
	}
	assert_int_equal(n, 1);
	assert_string_equal(all[0]->stage, "declaration");
	run(all[0], NULL, &f);
	/* 2023-06-30 after 项目期 2022年1月—2022年12月 */
	expect(&f, "W1707", "ind:r10:target_text", "完成期限 2023-06-30 不在项目期（2022年1月—2022年12月）内");
	assert_int_equal(f.n, 1);
	jx_findings_free(&f);
	jx_sheets_free(all, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_declaration),
		cmocka_unit_test(test_stage_from_template),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_numbers_units_rates),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_placeholders_goal_duplicates),
		cmocka_unit_test(test_sample),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
