/* Checks (share/rules.md §4): unit cases built in C for every check, each with
 * the corrected sheet that must not raise the finding, then the four
 * sample sheets.  Every expected number is worked out by hand in a comment. */
#include "checks_fixture.h"

static void test_consistent_sheet_has_no_findings(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	(void)state;
	/* stated figures that agree: total 98, grade 优, execution 100%, received 100% */
	stated(s, "total", "98", NULL, "结论");
	stated(s, "grade", NULL, "优", "结论");
	stated(s, "execution:rate", "100", NULL, NULL);
	stated(s, "funds:received_rate", "100", NULL, NULL);
	stated(s, "node:output:points", "50", NULL, NULL);
	stated(s, "node:output:score", "50", NULL, NULL);
	stated(s, "ind:i1:actual", "100", NULL, NULL);
	run(s, NULL, &f);
	assert_int_equal(f.n, 0);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 1. weights ---------------------------------------------------------- */

static void test_weights_group_sum(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	(void)state;
	/* i2 worth 15: 产出 30 + 15 = 45 ≠ 50 */
	jx_sheet_ind(s, "i2")->points = D("15");
	run(s, NULL, &f);
	expect(&f, "E101", "node:output", "产出指标：分值 50 分，下级各项分值合计 45 分");
	expect_none(&f, "E101", "node:benefit");
	/* corrected: 30 + 20 = 50 */
	jx_sheet_ind(s, "i2")->points = D("20");
	run(s, NULL, &f);
	expect_none(&f, "E101", NULL);
	/* with no 效益 indicator at all the group is not summed (I1404 says it) */
	jx_sheet_remove_ind(s, 2);
	run(s, NULL, &f);
	expect_none(&f, "E101", "node:benefit");
	expect(&f, "I1404", "node:benefit", "效益指标：分值 30 分，尚无指标（经济效益指标、社会效益指标、生态效益指标、可持续影响指标）");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_weights_fixed_slot_and_stated_points(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = jx_sheet_new();
	(void)state;
	set(&s->template_id, "dept-eval-2020");
	s->year = 2024;
	set(&s->info[JX_INFO_NAME], "工业倍增升级工作经费");
	/* 产出数量 is a slot worth 10: two indicators of 6 add to 12 */
	ind(s, "i1", "output.quantity", "新增规上企业", JX_CMP_GE, "20", "22", "家", "6");
	ind(s, "i2", "output.quantity", "新增技改项目", JX_CMP_GE, "10", "10", "个", "6");
	/* 决策 stated with 6 points (heading) and 40 (appendix); the template says 20 */
	stated(s, "node:decision:points", "6", NULL, "正文 四(一)");
	stated(s, "node:decision:points", "40", NULL, "附件");
	stated(s, "node:output:points", "60", NULL, "附件");
	run(s, NULL, &f);
	expect(&f, "E101", "node:output.quantity", "产出数量：分值 10 分，所列指标分值合计 12 分");
	expect(&f, "W103", "node:decision", "文中分值 6 分（正文 四(一)），模板分值 20 分");
	expect(&f, "W103", "node:decision", "文中分值 40 分（附件），模板分值 20 分");
	expect(&f, "W103", "node:output", "文中分值 60 分（附件），模板分值 40 分");
	/* corrected: 5 + 5 = 10, stated 20 and 40 */
	jx_sheet_ind(s, "i1")->points = D("5");
	jx_sheet_ind(s, "i2")->points = D("5");
	s->stated[0].value = D("20");
	s->stated[1].value = D("20");
	s->stated[2].value = D("40");
	run(s, NULL, &f);
	expect_none(&f, "E101", NULL);
	expect_none(&f, "W103", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_weights_roots_total(void **state)
{
	jx_findings f = {0};
	jx_err err;
	jx_sheet *s = national();
	jx_template *t = jx_template_load_file(JX_TEMPLATES "/project-self-2020.yaml", &err);
	(void)state;
	assert_non_null(t);
	run_t(t, s, NULL, &f);
	expect_none(&f, "E102", NULL);
	/* the roots are 10 + 50 + 30 + 10 = 100; a template whose total is 120 does not add up */
	t->rules.total_points = D("120");
	run_t(t, s, NULL, &f);
	expect(&f, "E102", "total", "一级指标分值合计 100 分，应为 120 分");
	jx_template_free(t);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 2. stated scores ----------------------------------------------------- */

/* A department evaluation with every checklist point marked in full, so
 * 决策 = 项目立项 6 + 绩效目标 7 + 资金投入 7 = 20. */
static jx_sheet *dept_eval(void)
{
	const jx_template *t = tpl("dept-eval-2020");
	jx_sheet *s = jx_sheet_new();
	jx_fund *f;
	assert_non_null(s);
	set(&s->template_id, "dept-eval-2020");
	s->year = 2024;
	set(&s->info[JX_INFO_NAME], "工业倍增升级工作经费");
	set(&s->narr[JX_NARR_PROBLEMS], "项目管理制度不够健全。");
	f = jx_sheet_add_fund(s, "市县财政");
	f->planned = f->budget = f->received = f->spent = D("57");
	for (size_t i = 0; i < t->n_all; i++) {
		const jx_node *n = t->all[i];
		if (n->kind == JX_NODE_CHECKLIST)
			for (size_t k = 0; k < n->n_items; k++)
				assert_non_null(jx_sheet_set_mark(s, n->key, (int)k, n->items[k].points));
	}
	return s;
}

static void test_stated_node_scores(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = dept_eval();
	(void)state;
	stated(s, "node:decision:score", "6", NULL, "正文 四(一)");
	run(s, NULL, &f);
	expect(&f, "W201", "node:decision", "项目决策：文中得分 6 分（正文 四(一)），各项得分合计 20 分");
	/* corrected */
	s->stated[0].value = D("20");
	run(s, NULL, &f);
	expect_none(&f, "W201", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_stated_indicator_scores_and_total(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_indicator *d;
	(void)state;
	/* i1: ≥ 12, actual 11, 30 points → 11 ÷ 12 × 30 = 27.5 */
	d = jx_sheet_ind(s, "i1");
	d->target = D("12");
	d->actual = D("11");
	set(&d->deviation_reason, "部分学员延期参训");
	d->score_stated = D("29");
	stated(s, "ind:i1:score", "28", NULL, "正文");
	/* recomputed total: 10 + 27.5 + 20 + 28 + 10 = 95.5 */
	stated(s, "total", "98", NULL, "结论");
	run(s, NULL, &f);
	expect(&f, "W202", "ind:i1:score_stated", "培训人数：文中得分 29 分，重新计算为 27.5 分");
	expect(&f, "W202", "ind:i1", "文中得分 28 分（正文），重新计算为 27.5 分");
	expect(&f, "W203", "total", "总分：文中 98 分（结论），重新计算为 95.5 分");
	/* corrected */
	d->score_stated = D("27.5");
	s->stated[0].value = D("27.5");
	s->stated[1].value = D("95.5");
	run(s, NULL, &f);
	expect_none(&f, "W202", NULL);
	expect_none(&f, "W203", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 3. grade -------------------------------------------------------------- */

static void test_grade(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_stated *g;
	(void)state;
	stated(s, "total", "98", NULL, NULL);
	g = stated(s, "grade", NULL, "良", NULL);
	run(s, NULL, &f);
	/* 98 ≥ 90 → 优; the recomputed total is also 98, so only W301 */
	expect(&f, "W301", "total", "等级：文中写作「良」，但文中总分 98 分对应「优」");
	expect_none(&f, "W302", NULL);
	set(&g->text, "优秀");
	run(s, NULL, &f);
	expect_none(&f, "W301", NULL);
	expect_none(&f, "W302", NULL);
	/* recomputed lower: i1 actual 50 → 50 ÷ 100 × 30 = 15; total 10 + 15 + 20 + 28 + 10 = 83 → 良 */
	jx_sheet_ind(s, "i1")->actual = D("50");
	set(&jx_sheet_ind(s, "i1")->deviation_reason, "受疫情影响");
	run(s, NULL, &f);
	expect_none(&f, "W301", NULL);
	expect(&f, "W302", "total", "重新计算的总分 83 分对应「良」");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 4. rates ---------------------------------------------------------------- */

static void test_rates_execution(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_stated *st;
	(void)state;
	/* 480.82 ÷ 1935 = 0.248486… → 24.85% */
	s->funds[0].planned = s->funds[0].budget = s->funds[0].received = D("1935");
	s->funds[0].spent = D("480.82");
	st = stated(s, "execution:rate", "24.85", NULL, "正文");
	run(s, NULL, &f);
	expect_none(&f, "W401", NULL);
	/* at the stated precision: 24.8486… to one decimal is 24.8 */
	st->value = D("24.8");
	run(s, NULL, &f);
	expect_none(&f, "W401", NULL);
	st->value = D("24.84");
	run(s, NULL, &f);
	expect(&f, "W401", "execution", "预算执行率：文中 24.84%（正文），按 全年执行数（B） 480.82 ÷ 全年预算数（A） 1935 计算为 24.85%");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_rates_received_node_indicator(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_stated *rr, *nr, *ir;
	(void)state;
	/* received 1717 of 2900: 1717 ÷ 2900 = 0.592068… → 59.21% */
	s->funds[0].planned = s->funds[0].budget = D("2900");
	s->funds[0].received = D("1717");
	s->funds[0].spent = D("1659");
	rr = stated(s, "funds:received_rate", "96.62", NULL, NULL);
	/* 产出 score rate 50 ÷ 50 = 100% */
	nr = stated(s, "node:output:rate", "90", NULL, NULL);
	/* i2 completion 98 ÷ 95 = 1.031578… → 103.16% */
	ir = stated(s, "ind:i2:rate", "100", NULL, NULL);
	run(s, NULL, &f);
	expect(&f, "W401", "funds:received", "资金到位率：文中 96.62%，按 实际到位 1717 ÷ 全年预算数 2900 计算为 59.21%");
	expect(&f, "W401", "node:output", "文中得分率 90%，得分 50 ÷ 分值 50 为 100.00%");
	expect(&f, "W401", "ind:i2", "验收合格率：文中完成率 100%，实际 98% ÷ 目标 95% 为 103.16%");
	/* (the stated array may move as it grows: look the entries up again) */
	rr = &s->stated[0];
	nr = &s->stated[1];
	ir = &s->stated[2];
	rr->value = D("59.21");
	nr->value = D("100");
	ir->value = D("103.16");
	run(s, NULL, &f);
	expect_none(&f, "W401", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_rates_external(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = jx_sheet_new();
	jx_fund *fu;
	jx_stated *st;
	(void)state;
	set(&s->template_id, "external-result");
	s->year = 2023;
	set(&s->info[JX_INFO_NAME], "工业发展专项资金");
	set(&s->narr[JX_NARR_PROBLEMS], "预算编制依据不全面。");
	fu = jx_sheet_add_fund(s, "市级财政");
	fu->budget = D("2900");
	fu->received = D("1717");
	fu->spent = D("1659");
	assert_non_null(jx_sheet_set_entry(s, "result", D("80.08")));
	/* execution here is spent ÷ received: 1659 ÷ 1717 = 0.966220… → 96.62% */
	st = stated(s, "execution:rate", "96.62", NULL, "基本情况");
	run(s, NULL, &f);
	expect_none(&f, "W401", NULL);
	st->value = D("57.21"); /* 1659 ÷ 2900 = 57.2069 → 57.21, the wrong denominator */
	run(s, NULL, &f);
	expect(&f, "W401", "execution", "计算为 96.62%");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 5. two actuals ------------------------------------------------------------ */

static void test_two_actuals(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_stated *st;
	(void)state;
	st = stated(s, "ind:i2:actual", "100", NULL, "正文 四(三)");
	run(s, NULL, &f);
	expect(&f, "W501", "ind:i2:actual", "验收合格率：文中实际值 100%（正文 四(三)），表中实际值 98%");
	st->value = D("98");
	run(s, NULL, &f);
	expect_none(&f, "W501", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* Many figures stated for indicators: the first lookups by key go over the
 * indicators, the rest through a table of their keys, and both find the
 * same ones.  20 indicators k01..k20 (table actual 10), each stated at 11:
 * 20 findings, one per indicator, none for a key the sheet lacks. */
static void test_two_actuals_many(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	char key[16], path[32];
	(void)state;
	for (int i = 1; i <= 20; i++) {
		snprintf(key, sizeof key, "k%02d", i);
		ind(s, key, "output.quantity", key, JX_CMP_GE, "10", "10", "个", NULL);
	}
	for (int i = 1; i <= 20; i++) {
		snprintf(path, sizeof path, "ind:k%02d:actual", i);
		stated(s, path, "11", NULL, "正文");
		if (i == 12)
			stated(s, "ind:nosuch:actual", "11", NULL, "正文");
	}
	run(s, NULL, &f);
	assert_int_equal(count(&f, "W501", NULL, NULL), 20);
	for (int i = 1; i <= 20; i++) {
		snprintf(path, sizeof path, "ind:k%02d:actual", i);
		snprintf(key, sizeof key, "k%02d：", i);
		expect(&f, "W501", path, key);
	}
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 6. unmet targets ------------------------------------------------------------- */

static void test_unmet_full_points(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_indicator *d = jx_sheet_ind(s, "i1");
	(void)state;
	/* ≥ 80, actual 56: 56 ÷ 80 = 70.00%, score 56 ÷ 80 × 30 = 21, yet stated 30 */
	d->target = D("80");
	d->actual = D("56");
	set(&d->unit, "家");
	d->score_stated = D("30");
	run(s, NULL, &f);
	expect(&f, "E601", "ind:i1:score_stated", "培训人数：目标 80家，实际 56家，完成率 70.00%，却记满分 30");
	expect(&f, "W602", "ind:i1:deviation_reason", "未达成目标");
	/* corrected: stated 21 and a reason */
	d->score_stated = D("21");
	set(&d->deviation_reason, "经济下行，企业达规困难");
	run(s, NULL, &f);
	expect_none(&f, "E601", NULL);
	expect_none(&f, "W602", NULL);
	expect_none(&f, "W202", NULL);
	/* a stated 100% completion rate is the same claim */
	stated(s, "ind:i1:rate", "100", NULL, "正文");
	d->score_stated = JX_NONE;
	run(s, NULL, &f);
	expect(&f, "E601", "ind:i1", "文中却写作完成率 100%（正文）");
	/* an override to full points (reported rather than the stated rate) */
	d->override_score = D("30");
	set(&d->override_reason, "评审组认定");
	run(s, NULL, &f);
	expect(&f, "E601", "ind:i1:override_score", "却改判为满分 30");
	expect_none(&f, "E604", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_over_override_qualitative(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_indicator *d2 = jx_sheet_ind(s, "i2"), *d3 = jx_sheet_ind(s, "i3");
	(void)state;
	/* ≥ 100, actual exactly 130 = 130% of target → a reason is required */
	d2->target = D("100");
	d2->actual = D("130");
	run(s, NULL, &f);
	expect(&f, "W603", "ind:i2:deviation_reason", "完成率 130.00%");
	d2->actual = D("129.99");
	run(s, NULL, &f);
	expect_none(&f, "W603", NULL);
	d2->actual = D("130");
	set(&d2->deviation_reason, "年初目标保守");
	run(s, NULL, &f);
	expect_none(&f, "W603", NULL);

	/* override without a reason */
	d2->override_score = D("18");
	run(s, NULL, &f);
	expect(&f, "E604", "ind:i2:override_reason", "改判得分 18 分，未填写改判理由");
	set(&d2->override_reason, "佐证材料不全");
	run(s, NULL, &f);
	expect_none(&f, "E604", NULL);

	/* qualitative in 部分达成并具有一定效果 without a typed score */
	d3->band = 1;
	d3->score_entered = JX_NONE;
	set(&d3->deviation_reason, "带动效果低于预期");
	run(s, NULL, &f);
	expect(&f, "I605", "ind:i3:score_entered", "部分达成并具有一定效果");
	d3->score_entered = D("20"); /* 60% × 30 = 18 ≤ 20 < 24 = 80% × 30 */
	run(s, NULL, &f);
	expect_none(&f, "I605", NULL);
	d3->band = 0;
	d3->score_entered = JX_NONE;
	run(s, NULL, &f);
	expect_none(&f, "I605", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 7. self-score against execution ------------------------------------------------- */

static void test_inflated_self_score(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_stated *st;
	(void)state;
	/* 480.82 ÷ 1935 = 24.85% < 60% with a stated total of 98.93 ≥ 90 */
	s->funds[0].planned = s->funds[0].budget = s->funds[0].received = D("1935");
	s->funds[0].spent = D("480.82");
	st = stated(s, "total", "98.93", NULL, "六、自评结论");
	run(s, NULL, &f);
	expect(&f, "W701", "total", "文中总分 98.93 分，而预算执行率仅 24.85%");
	/* execution score 10 × 0.248486 = 2.48; recomputed 2.48 + 30 + 20 + 28 + 10 = 90.48 */
	expect(&f, "W203", "total", "重新计算为 90.48 分");
	/* without a stated total the recomputed 90.48 ≥ 90 is still out of line */
	st->value = JX_NONE;
	run(s, NULL, &f);
	expect(&f, "W701", "total", "计算总分 90.48 分");
	/* stated total below 90: no finding */
	st->value = D("89.99");
	run(s, NULL, &f);
	expect_none(&f, "W701", NULL);
	/* execution exactly 60% (1161 ÷ 1935 = 0.6): not below the threshold */
	st->value = D("98.93");
	s->funds[0].spent = D("1161");
	run(s, NULL, &f);
	expect_none(&f, "W701", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_execution_caps(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_stated *st;
	(void)state;
	set(&s->template_id, "project-self-hubei-2020");
	set(&jx_sheet_ind(s, "i4")->slot, "benefit.satisfaction");
	/* execution 55 ÷ 100 = 55%: below 80%, 70% and 60% → the lowest cap, 69 */
	s->funds[0].spent = D("55");
	st = stated(s, "total", "85", NULL, NULL);
	run(s, NULL, &f);
	expect(&f, "E702", "total", "预算执行率 55.00% 低于 60%，总分不得超过 69 分，文中总分 85 分");
	st->value = D("69");
	run(s, NULL, &f);
	expect_none(&f, "E702", NULL);
	/* the national template has no caps */
	set(&s->template_id, "project-self-2020");
	set(&jx_sheet_ind(s, "i4")->slot, "satisfaction.service");
	st->value = D("85");
	run(s, NULL, &f);
	expect_none(&f, "E702", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_exec_reason(void **state)
{
	jx_findings f = {0};
	jx_err err;
	jx_sheet *s = national();
	jx_template *t = jx_template_load_file(JX_TEMPLATES "/project-self-2020.yaml", &err);
	(void)state;
	assert_non_null(t);
	/* a rule "below 90% needs a reason" (Sichuan); execution 85 ÷ 100 = 85% */
	t->rules.exec_reason_below = D("0.9");
	s->funds[0].spent = D("85");
	set(&s->narr[JX_NARR_PROBLEMS], "无。");
	run_t(t, s, NULL, &f);
	expect(&f, "W703", "narr:problems", "预算执行率 85.00% 低于 90%");
	set(&s->narr[JX_NARR_PROBLEMS], "部分合同年底才签订，资金未能及时支付。");
	run_t(t, s, NULL, &f);
	expect_none(&f, "W703", NULL);
	jx_template_free(t);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 8. 0 ÷ 0 ----------------------------------------------------------------------- */

static jx_sheet *dept_overall(void)
{
	jx_sheet *s = jx_sheet_new();
	assert_non_null(s);
	set(&s->template_id, "dept-overall");
	s->year = 2023;
	set(&s->info[JX_INFO_NAME], "湛江市工业和信息化局本级部门整体支出");
	set(&s->narr[JX_NARR_PROBLEMS], "部分重点任务未完成。");
	jx_sheet_set_measure(s, "年度实际支出", D("4804.489367"));
	jx_sheet_set_measure(s, "财政下达预算数", D("4804.489367"));
	jx_sheet_set_measure(s, "结转结余", D("0"));
	jx_sheet_set_measure(s, "当年末存量资金", D("0"));
	jx_sheet_set_measure(s, "上年末存量资金", D("0"));
	jx_sheet_set_measure(s, "三公经费实际支出", D("8.128826"));
	jx_sheet_set_measure(s, "三公经费预算数", D("28.8"));
	return s;
}

static void test_not_applicable(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = dept_overall();
	jx_stated *st;
	(void)state;
	/* (0 ÷ 0 − 1) × 100% is undefined: not applicable, never −100% */
	st = stated(s, "node:execution.stock:rate", "-100", NULL, "正文 三(二)2");
	run(s, NULL, &f);
	expect(&f, "W801", "node:execution.stock", "存量资金效率性：0 ÷ 0 不适用，文中写作 −100%");
	expect(&f, "I802", "node:execution.stock", "不适用");
	expect_none(&f, "W401", "node:execution.stock");
	st->value = JX_NONE;
	run(s, NULL, &f);
	expect_none(&f, "W801", NULL);
	expect(&f, "I802", "node:execution.stock", "按满分计");
	/* stock 5 → 4: 5 ÷ 4 − 1 = 25%, applicable */
	jx_sheet_set_measure(s, "当年末存量资金", D("5"));
	jx_sheet_set_measure(s, "上年末存量资金", D("4"));
	run(s, NULL, &f);
	expect_none(&f, "I802", NULL);
	/* and a stated −25% against (5 ÷ 4 − 1) = 25% is a rate finding */
	st->value = D("-25");
	run(s, NULL, &f);
	expect(&f, "W401", "node:execution.stock", "计算为 25.00%");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 9. funds -------------------------------------------------------------------------- */

static void test_funds_rows(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_fund *a, *b;
	(void)state;
	free(s->funds[0].source);
	s->n_funds = 0;
	a = jx_sheet_add_fund(s, "基本支出");
	a->budget = D("2534.19");
	a->received = D("2731.04");
	a->spent = D("2731.04");
	b = jx_sheet_add_fund(s, "项目支出");
	b->budget = D("13613.09");
	b->received = D("2073.45");
	b->spent = D("2100");
	a = jx_sheet_fund(s, "基本支出"); /* the rows may have moved */
	run(s, NULL, &f);
	expect(&f, "E901", "fund:基本支出:received", "基本支出：实际到位 2731.04 万元，超过全年预算数 2534.19 万元");
	expect(&f, "E902", "fund:项目支出:spent", "项目支出：全年执行数 2100 万元，超过实际到位 2073.45 万元");
	/* rows already say it: no total finding */
	expect_none(&f, "E901", "funds:received");
	expect_none(&f, "E902", "funds:spent");
	/* received 2731.04 + 2073.45 = 4804.49 of 2534.19 + 13613.09 = 16147.28: 29.75% */
	expect(&f, "W903", "funds:received", "实际到位 4804.49 万元，到位率 29.75%");
	/* corrected rows */
	a->received = a->spent = D("2534.19");
	b->spent = D("2073.45");
	run(s, NULL, &f);
	expect_none(&f, "E901", NULL);
	expect_none(&f, "E902", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* Findings only counted (an export that shows no message): the same codes
 * and paths in the same order as with messages, and no message. */
static void test_counts_without_messages(void **state)
{
	jx_findings full = {0}, counted = {0};
	jx_sheet *s = national();
	(void)state;
	/* received 2000 over the budget of 100 (E901), spent 2100 over it (E902) */
	s->funds[0].received = D("2000");
	s->funds[0].spent = D("2100");
	run(s, NULL, &full);
	counted.no_messages = 1;
	run(s, NULL, &counted);
	assert_true(full.n >= 2);
	assert_non_null(first(&full, "E901", NULL));
	assert_non_null(first(&full, "E902", NULL));
	assert_int_equal(counted.n, full.n);
	assert_int_equal(jx_findings_unfilled(&counted), jx_findings_unfilled(&full));
	for (size_t i = 0; i < full.n; i++) {
		assert_string_equal(counted.v[i].code, full.v[i].code);
		assert_string_equal(counted.v[i].path, full.v[i].path);
		assert_int_equal(counted.v[i].sev, full.v[i].sev);
		assert_non_null(full.v[i].msg);
		assert_null(counted.v[i].msg);
	}
	/* cleared for the next sheet, the findings still only count */
	jx_findings_clear(&counted);
	run(s, NULL, &counted);
	assert_int_equal(counted.n, full.n);
	assert_null(counted.v[0].msg);
	jx_findings_free(&full);
	jx_findings_free(&counted);
	jx_sheet_free(s);
}

static void test_funds_received_short(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	(void)state;
	/* 4804.49 ÷ 16147.27: 16147.27 × 0.2975 = 4803.81; the rest 0.68 ÷ 16147.27 = 0.00004
	 * → 0.29754 → 29.75% */
	s->funds[0].planned = s->funds[0].budget = D("16147.27");
	s->funds[0].received = s->funds[0].spent = D("4804.49");
	run(s, NULL, &f);
	expect(&f, "W903", "fund:当年财政拨款:received",
	       "资金到位不足：全年预算数 16147.27 万元，实际到位 4804.49 万元，到位率 29.75%");
	s->funds[0].received = D("16147.27");
	run(s, NULL, &f);
	expect_none(&f, "W903", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_funds_totals_and_blanks(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_fund *a, *b, *c;
	jx_subproject *p;
	(void)state;
	free(s->funds[0].source);
	s->n_funds = 0;
	/* Xinfeng's appendix: 中央 0/0/0, 省 0/0/0, 市县 57/—/57 */
	a = jx_sheet_add_fund(s, "中央财政");
	a->planned = a->received = a->spent = 0;
	b = jx_sheet_add_fund(s, "省财政"); /* may move the array: a is not used after this */
	b->planned = b->received = b->spent = 0;
	c = jx_sheet_add_fund(s, "市县财政");
	c->planned = D("57");
	c->spent = D("57");
	(void)a;
	(void)b;
	run(s, NULL, &f);
	expect(&f, "I905", "fund:市县财政:received", "市县财政：实际到位 未填写");
	/* the totals would say spent 57 > received 0: not reported while a row is blank */
	expect_none(&f, "E902", NULL);
	expect_none(&f, "I905", "fund:市县财政:budget"); /* no row uses 全年预算数 */
	c->received = D("-5");
	run(s, NULL, &f);
	expect(&f, "I905", "fund:市县财政:received", "为负数 −5");
	c->received = D("57");
	run(s, NULL, &f);
	expect_none(&f, "I905", NULL);
	expect_none(&f, "E902", NULL);

	/* sub-projects: 1000 + 900 = 1900 against 57 planned; spent 221.39 + 5.65 = 227.04 vs 57 */
	p = jx_sheet_add_sub(s);
	set(&p->name, "推进大型产业集聚区工作经费");
	p->budget = D("1000");
	p->spent = D("221.39");
	p = jx_sheet_add_sub(s);
	set(&p->name, "项目评审");
	p->budget = D("900");
	run(s, NULL, &f);
	expect(&f, "W904", "subs:budget", "二级项目预算金额合计 1900 万元，与资金表年初预算数 57 万元不一致");
	expect(&f, "W904", "subs:spent", "二级项目实际支出合计 221.39 万元");
	expect(&f, "I905", "sub:1:spent", "二级项目「项目评审」：实际支出金额 未填写");
	/* corrected: the sub-projects add up to the funds table */
	s->subs[0].budget = D("50");
	s->subs[0].spent = D("50");
	s->subs[1].budget = D("7");
	s->subs[1].spent = D("7");
	run(s, NULL, &f);
	expect_none(&f, "W904", NULL);
	expect_none(&f, "I905", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 10. 存在问题：无 --------------------------------------------------------------------- */

static void test_problems_none(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_indicator *d = jx_sheet_ind(s, "i1");
	(void)state;
	set(&s->narr[JX_NARR_PROBLEMS], "无。");
	run(s, NULL, &f);
	/* i3 scored 28 of 30: 2 points lost */
	expect(&f, "W1001", "narr:problems", "存在的问题写作「无。」，但得分 98 分，失分 2 分");
	jx_sheet_ind(s, "i3")->score_entered = D("30");
	run(s, NULL, &f);
	expect_none(&f, "W1001", NULL); /* nothing unmet, nothing lost, 100% executed */
	/* ≥ 80, actual 56 → unmet; 56 ÷ 80 × 30 = 21, total 10 + 21 + 20 + 30 + 10 = 91 */
	d->target = D("80");
	d->actual = D("56");
	set(&d->unit, "家");
	set(&d->deviation_reason, "企业达规困难");
	run(s, NULL, &f);
	expect(&f, "W1001", "narr:problems",
	       "存在的问题写作「无。」，但培训人数 未达成目标（目标 80家，实际 56家，完成率 70.00%）；得分 91 分，失分 9 分");
	set(&s->narr[JX_NARR_PROBLEMS], "新增规上企业未达目标，原因是经济下行。");
	run(s, NULL, &f);
	expect_none(&f, "W1001", NULL);
	/* empty problems and execution 90 ÷ 100 = 90%: score 9, total 99 */
	d->actual = D("80");
	s->funds[0].spent = D("90");
	set(&s->narr[JX_NARR_PROBLEMS], NULL);
	run(s, NULL, &f);
	expect(&f, "W1001", "narr:problems", "存在的问题写作「（空）」，但得分 99 分，失分 1 分；预算执行率 90.00%");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 11. budget-process measures as outputs -------------------------------------------- */

static void test_output_measures(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	(void)state;
	jx_sheet_ind(s, "i1")->points = D("20");
	ind(s, "i5", "output.timeliness", "资金拨付及时率", JX_CMP_GE, "95", "95", "%", "5");
	ind(s, "i6", "output.cost", "资金使用率", JX_CMP_GE, "95", "100", "%", "5");
	run(s, NULL, &f);
	expect(&f, "W1101", "ind:i5:name", "资金拨付及时率（时效指标）是预算执行过程的指标");
	expect(&f, "W1101", "ind:i6:name", "资金使用率（成本指标）");
	expect_none(&f, "W1101", "ind:i1:name");
	/* the same names outside 产出 are not reported */
	set(&jx_sheet_ind(s, "i5")->slot, "benefit.economic");
	set(&jx_sheet_ind(s, "i6")->slot, "benefit.economic");
	run(s, NULL, &f);
	expect_none(&f, "W1101", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 12. another project named --------------------------------------------------------- */

static void test_other_project(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = dept_eval();
	jx_goal *g;
	(void)state;
	set(&s->info[JX_INFO_NAME], "2024年工业倍增升级工作经费");
	set(&s->narr[JX_NARR_OTHER],
	    "综合项目预算执行和绩效指标值完成情况，基本公共卫生服务补助资金项目评价得分98分，评价等级为“优”。");
	/* generic phrases and our own project: never reported */
	set(&s->narr[JX_NARR_PROBLEMS],
	    "因为有些项目预算并没明确需要实现的绩效目标；当前，我局绩效项目绩效评价与实际工作联系不够紧密；"
	    "本项目、该项目和二级项目均已完成；全周期协助做好项目要素保障工作，开展重点工业项目建设；"
	    "2024年工业倍增升级工作经费项目已完成。");
	g = jx_sheet_add_goal(s);
	set(&g->planned, "新增规上工业企业20家以上。");
	run(s, NULL, &f);
	expect(&f, "W1201", "narr:other", "基本公共卫生服务补助资金项目");
	assert_int_equal(count(&f, "W1201", NULL, NULL), 1);
	/* the same text about our own project: nothing */
	set(&s->narr[JX_NARR_OTHER], "综合项目预算执行和绩效指标值完成情况，工业倍增升级工作经费项目评价得分98分。");
	run(s, NULL, &f);
	expect_none(&f, "W1201", NULL);
	/* in a goal, and named once even when repeated */
	set(&g->actual, "完成乡村振兴示范村建设项目，乡村振兴示范村建设项目已验收。");
	run(s, NULL, &f);
	expect(&f, "W1201", "goal:0:actual", "乡村振兴示范村建设项目");
	assert_int_equal(count(&f, "W1201", NULL, NULL), 1);
	/* a document's title in 《》 names a document, not a project */
	set(&s->narr[JX_NARR_SUGGESTIONS], "依据《江门市无线电专题项目管理实施细则（试行）》执行。");
	run(s, NULL, &f);
	expect_none(&f, "W1201", "narr:suggestions");
	set(&s->narr[JX_NARR_SUGGESTIONS], "依据江门市无线电专题项目管理实施细则执行。");
	run(s, NULL, &f);
	expect(&f, "W1201", "narr:suggestions", "江门市无线电专题项目");
	/* 本项目 inside a sentence refers to this sheet's project: nothing;
	 * a real other project's name in the same sentence: still found */
	set(&s->narr[JX_NARR_SUGGESTIONS], "按合同约定支付本项目尾款，该项目已验收。");
	run(s, NULL, &f);
	expect_none(&f, "W1201", "narr:suggestions");
	set(&s->narr[JX_NARR_SUGGESTIONS], "按合同约定支付江门市无线电专题项目尾款。");
	run(s, NULL, &f);
	expect(&f, "W1201", "narr:suggestions", "江门市无线电专题项目");
	set(&s->narr[JX_NARR_SUGGESTIONS], NULL);
	/* a name the sheet itself lists as a sub-project is ours */
	set(&jx_sheet_add_sub(s)->name, "乡村振兴示范村建设");
	run(s, NULL, &f);
	expect_none(&f, "W1201", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 13. previous year ------------------------------------------------------------------- */

static void test_previous_year(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national(), *prev = national();
	jx_indicator *d;
	(void)state;
	prev->year = 2022;
	jx_sheet_ind(prev, "i1")->actual = D("120");
	/* this year's target ≥ 100 is below last year's actual 120 */
	run(s, prev, &f);
	expect(&f, "W1301", "ind:i1:target", "培训人数：本年目标 ≥100人，低于上年（2022 年）实际完成 120人");
	jx_findings_free(&f);
	/* corrected: last year 90 → target 100 is higher; i2 last year 94 < 95, i4 88 < 90 */
	jx_sheet_ind(prev, "i1")->actual = D("90");
	jx_sheet_ind(prev, "i2")->actual = D("94");
	jx_sheet_ind(prev, "i4")->actual = D("88");
	run(s, prev, &f);
	expect_none(&f, "W1301", NULL);
	/* matched by slot and name: another slot is another indicator */
	jx_sheet_ind(prev, "i1")->actual = D("120");
	set(&jx_sheet_ind(prev, "i1")->slot, "output.quality");
	run(s, prev, &f);
	expect_none(&f, "W1301", NULL);
	/* reverse indicator: ≤ 50 this year, last year's actual 40 → looser */
	d = ind(s, "i7", "output.cost", "单位成本", JX_CMP_LE, "50", "45", "元", "0");
	ind(prev, "i7", "output.cost", "单位成本", JX_CMP_LE, "60", "40", "元", "0");
	(void)d;
	run(s, prev, &f);
	expect(&f, "W1301", "ind:i7:target", "宽于上年（2022 年）实际 40元");
	/* no previous sheet: nothing */
	run(s, NULL, &f);
	expect_none(&f, "W1301", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
	jx_sheet_free(prev);
}

static void test_previous_year_i2(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national(), *prev = national();
	(void)state;
	/* the national() sheet's i2 target 95 against last year's actual 98: lower */
	prev->year = 2022;
	run(s, prev, &f);
	expect(&f, "W1301", "ind:i2:target", "验收合格率：本年目标 ≥95%，低于上年（2022 年）实际完成 98%");
	jx_findings_free(&f);
	jx_sheet_free(s);
	jx_sheet_free(prev);
}

/* ---- 14. essentials ------------------------------------------------------------------------ */

static void test_essentials(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	(void)state;
	set(&s->info[JX_INFO_NAME], NULL);
	s->year = 0;
	jx_sheet_ind(s, "i2")->points = JX_NONE;
	jx_sheet_remove_ind(s, 3); /* no 服务对象满意度 indicator */
	ind(s, "i9", "output.nowhere", "无处安放", JX_CMP_GE, "1", "1", NULL, "1");
	stated(s, "node:nothing:score", "5", NULL, "附件");
	run(s, NULL, &f);
	expect(&f, "I1401", "info:name", "项目名称未填写");
	expect(&f, "I1402", "year", "评价年度未填写");
	expect(&f, "I1403", "ind:i2:points", "验收合格率：分值未填写");
	expect(&f, "I1404", "node:satisfaction", "满意度指标：分值 10 分，尚无指标（服务对象满意度指标）");
	expect(&f, "W1405", "ind:i9:slot", "output.nowhere");
	expect(&f, "I1406", "node:nothing:score", "node:nothing:score");
	/* with i2's points missing 产出 cannot be summed: no E101 guess */
	expect_none(&f, "E101", "node:output");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- 15. completeness ------------------------------------------------------------------------ */

/* Each value the template needs, emptied one by one from the consistent
 * national sheet (no finding at all, so grade 优): a finding at its field,
 * counted by jx_findings_unfilled, and the grade waits for them. */
static void test_completeness(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_indicator *d;
	jx_goal *g;
	jx_scoresheet ss = {0};
	char buf[JX_GRADE_TEXT_LEN];
	(void)state;
	run(s, NULL, &f);
	assert_int_equal(f.n, 0);
	assert_int_equal(jx_findings_unfilled(&f), 0);
	jx_score(tpl("project-self-2020"), s, &ss);
	assert_string_equal(jx_grade_text(&ss, 0, 0, buf, sizeof buf), "优"); /* 98 ≥ 90 */
	assert_string_equal(jx_grade_text(&ss, 0, 1, buf, sizeof buf), "Excellent");

	/* i1 培训人数 (≥): the actual gone; i2 验收合格率: only a text target */
	jx_sheet_ind(s, "i1")->actual = JX_NONE;
	d = jx_sheet_ind(s, "i2");
	d->target = JX_NONE;
	set(&d->target_text, "≥百分之九十五");
	/* i3 带动就业 (定性): no band */
	jx_sheet_ind(s, "i3")->band = -1;
	/* i4 服务对象满意度: only the text of its actual */
	d = jx_sheet_ind(s, "i4");
	d->actual = JX_NONE;
	set(&d->actual_text, "基本满意");
	/* i5 按期完工 (时限), 5 points: no completion date; i6 with points and no comparator */
	d = ind(s, "i5", "output.timeliness", "按期完工", JX_CMP_DEADLINE, NULL, NULL, NULL, "5");
	set(&d->target_text, "2023-06-30");
	ind(s, "i6", "output.cost", "成本控制", JX_CMP_NONE, "1", "1", NULL, "5");
	/* the fund row: no 全年执行数 (budget 100) */
	s->funds[0].spent = JX_NONE;
	/* goals: one planned without what was achieved, one complete, one empty */
	g = jx_sheet_add_goal(s);
	set(&g->planned, "完成道路养护 30 公里");
	g = jx_sheet_add_goal(s);
	set(&g->planned, "群众满意");
	set(&g->actual, "满意度 95%");
	jx_sheet_add_goal(s);
	run(s, NULL, &f);
	expect(&f, "W1503", "ind:i1:actual", "培训人数：实际完成值未填");
	expect(&f, "W1502", "ind:i2:target", "验收合格率：年度指标值只有文字「≥百分之九十五」，未填数字（计算符号 ≥ 按数字计分）");
	expect(&f, "W1503", "ind:i3:band", "带动就业：定性指标未选完成档次");
	expect(&f, "W1503", "ind:i4:actual", "服务对象满意度：实际完成值只有文字「基本满意」，未填数字");
	expect(&f, "W1503", "ind:i5:actual_text", "按期完工：实际完成日期未填");
	expect_none(&f, "W1502", "ind:i5:target_text"); /* 2023-06-30 is read */
	expect(&f, "W1501", "ind:i6:cmp", "成本控制：分值 5 分，未选计算符号");
	expect(&f, "W1504", "fund:当年财政拨款:spent", "当年财政拨款：全年执行数未填（预算 100 万元）");
	expect_none(&f, "I905", "fund:当年财政拨款:spent"); /* said once, by W1504 */
	expect(&f, "W1505", "goal:0:actual", "年度总体目标「完成道路养护 30 公里」：实际完成情况未填");
	expect_none(&f, "W1505", "goal:1:actual");
	expect_none(&f, "W1505", "goal:2:actual");
	/* i1 i2 i3 i4 i5 i6, the fund row, goal 0: 8 */
	assert_int_equal(jx_findings_unfilled(&f), 8);
	assert_int_equal(count(&f, "W1501", NULL, NULL) + count(&f, "W1502", NULL, NULL) +
				 count(&f, "W1503", NULL, NULL) + count(&f, "W1504", NULL, NULL) +
				 count(&f, "W1505", NULL, NULL),
			 8);
	assert_int_equal(first(&f, "W1503", NULL)->sev, JX_SEV_WARNING);
	assert_string_equal(jx_grade_text(&ss, 8, 0, buf, sizeof buf), "未完成（8 项未填）");
	assert_string_equal(jx_grade_text(&ss, 8, 1, buf, sizeof buf), "incomplete (8 unfilled)");
	/* the list's cache holds the Chinese; English shows it in English */
	assert_string_equal(jx_grade_cached("未完成（8 项未填）", buf, sizeof buf), "未完成（8 项未填）");
	jx_lang = JX_LANG_EN;
	jx_grade_cached("未完成（8 项未填）", buf, sizeof buf);
	jx_lang = JX_LANG_ZH;
	assert_string_equal(buf, "incomplete (8 unfilled)");
	assert_string_equal(jx_grade_cached("良", buf, sizeof buf), "良");

	/* a deadline that cannot be read; a deviation reason W602 asks for counts too */
	d = jx_sheet_ind(s, "i5");
	set(&d->target_text, "年底前");
	set(&d->actual_text, "2023-05-01");
	d = jx_sheet_ind(s, "i1");
	d->actual = D("50"); /* 50 of 100: unmet, no reason */
	run(s, NULL, &f);
	expect(&f, "W1502", "ind:i5:target_text", "按期完工：完成期限「年底前」无法识别");
	expect_none(&f, "W1503", "ind:i5:actual_text");
	expect_none(&f, "W1503", "ind:i1:actual");
	expect(&f, "W602", "ind:i1:deviation_reason", "培训人数：未达成目标");
	/* i1 (W602) i2 i3 i4 i5 i6, the fund row, goal 0: still 8 */
	assert_int_equal(jx_findings_unfilled(&f), 8);

	/* an indicator in a category the template does not have is not asked for */
	ind(s, "i9", "output.nowhere", "无处安放", JX_CMP_GE, "1", NULL, NULL, "1");
	run(s, NULL, &f);
	expect(&f, "W1405", "ind:i9:slot", NULL);
	expect_none(&f, "W1503", "ind:i9:actual");

	/* in English */
	jx_lang = JX_LANG_EN;
	run(s, NULL, &f);
	jx_lang = JX_LANG_ZH;
	expect(&f, "W1504", "fund:当年财政拨款:spent", "当年财政拨款: spent not filled in (budget 100)");
	expect(&f, "W1503", "ind:i3:band", "带动就业: qualitative, no band chosen");
	jx_scoresheet_free(&ss);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* The template's own items: a typed score, a checklist, a formula's inputs. */
static void test_completeness_template_items(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = dept_eval();
	jx_fund *fu;
	(void)state;
	/* dept-eval: the checklist 立项依据充分性 with none of its 4 要点 marked */
	for (size_t i = 0; i < s->n_marks;)
		if (strcmp(s->marks[i].node, "decision.project.basis") == 0) {
			free(s->marks[i].node);
			s->marks[i] = s->marks[--s->n_marks];
		} else {
			i++;
		}
	run(s, NULL, &f);
	expect(&f, "W1506", "mark:decision.project.basis:0", "立项依据充分性：评价要点尚未评分");
	assert_int_equal(count(&f, "W1506", NULL, NULL), 1);
	/* one 要点 marked (even 0 points): the checklist is scored */
	assert_non_null(jx_sheet_set_mark(s, "decision.project.basis", 2, D("0")));
	run(s, NULL, &f);
	expect_none(&f, "W1506", NULL);
	jx_sheet_free(s);

	/* dept-overall: 财政下达预算数, read by 支出完成率 and 结转结余率, missing: said once */
	s = dept_overall();
	for (size_t i = 0; i < s->n_measures; i++)
		if (strcmp(s->measures[i].name, "财政下达预算数") == 0)
			s->measures[i].value = JX_NONE;
	run(s, NULL, &f);
	expect(&f, "W1506", "measure:财政下达预算数", "支出完成率：财政下达预算数未填");
	assert_int_equal(count(&f, "W1506", "measure:财政下达预算数", NULL), 1);
	jx_sheet_free(s);

	/* external result: no typed 评价得分, no 实际到位 (execution = spent ÷ received) */
	s = jx_sheet_new();
	set(&s->template_id, "external-result");
	s->year = 2023;
	set(&s->info[JX_INFO_NAME], "工业发展专项资金");
	fu = jx_sheet_add_fund(s, "市级财政");
	fu->budget = D("2900");
	fu->spent = D("1659");
	run(s, NULL, &f);
	expect(&f, "W1506", "entry:result:score", "评价得分：尚未录入评分");
	expect(&f, "W1506", "funds:received", "预算执行率：实际到位未填");
	assert_int_equal(jx_findings_unfilled(&f), 2);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* A copy to a new year (actuals, spending and what was achieved cleared)
 * is not complete: one finding per value to fill in, never 检查 0. */
static void test_completeness_new_year(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	(void)state;
	for (size_t i = 0; i < s->n_inds; i++) {
		s->inds[i].actual = JX_NONE;
		s->inds[i].band = -1;
		s->inds[i].score_entered = JX_NONE;
	}
	s->funds[0].received = s->funds[0].spent = JX_NONE;
	run(s, NULL, &f);
	/* i1 i2 i4 actual, i3 band, the fund row's spent: 5 */
	assert_int_equal(jx_findings_unfilled(&f), 5);
	expect(&f, "W1503", "ind:i1:actual", NULL);
	expect(&f, "W1503", "ind:i2:actual", NULL);
	expect(&f, "W1503", "ind:i3:band", NULL);
	expect(&f, "W1503", "ind:i4:actual", NULL);
	expect(&f, "W1504", "fund:当年财政拨款:spent", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* A category worth points with none of the sheet's own indicators in it is
 * unfilled (W1507), said at the highest such category: the national form's
 * 满意度指标 is worth 10 points (share/templates/project-self-2020.yaml);
 * with no indicator at all, each of 产出 50, 效益 30, 满意度 10 is said. */
static void test_completeness_empty_categories(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	(void)state;
	/* i4 is the only 满意度 indicator: without it, 满意度指标 is empty */
	jx_sheet_remove_ind(s, 3);
	run(s, NULL, &f);
	expect(&f, "W1507", "node:satisfaction", "满意度指标：分值 10 分，尚无三级指标");
	expect_none(&f, "W1507", "node:satisfaction.service"); /* said once, at the 一级 */
	expect_none(&f, "W1507", "node:output");
	assert_int_equal(count(&f, "W1507", NULL, NULL), 1);
	assert_int_equal(jx_findings_unfilled(&f), 1);
	/* no indicator at all: the three 一级 categories */
	while (s->n_inds)
		jx_sheet_remove_ind(s, 0);
	run(s, NULL, &f);
	expect(&f, "W1507", "node:output", "产出指标：分值 50 分，尚无三级指标");
	expect(&f, "W1507", "node:benefit", "效益指标：分值 30 分，尚无三级指标");
	expect(&f, "W1507", "node:satisfaction", NULL);
	assert_int_equal(count(&f, "W1507", NULL, NULL), 3);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ---- order, language, robustness ----------------------------------------------------------- */

static int check_no(const char *code)
{
	return atoi(code + 1) / 100;
}

static void test_order_and_language(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = national();
	jx_indicator *d = jx_sheet_ind(s, "i1");
	(void)state;
	d->target = D("80");
	d->actual = D("56");
	d->score_stated = D("30");
	s->funds[0].spent = D("24");
	set(&s->narr[JX_NARR_PROBLEMS], "无");
	stated(s, "total", "99", NULL, NULL);
	stated(s, "grade", NULL, "良", NULL);
	jx_sheet_ind(s, "i2")->points = D("25");
	run(s, NULL, &f);
	assert_true(f.n >= 6);
	for (size_t i = 1; i < f.n; i++)
		assert_true(check_no(f.v[i - 1].code) <= check_no(f.v[i].code));
	/* same sheet, same findings */
	{
		jx_findings g = {0};
		run(s, NULL, &g);
		assert_int_equal(f.n, g.n);
		for (size_t i = 0; i < f.n; i++) {
			assert_string_equal(f.v[i].code, g.v[i].code);
			assert_string_equal(f.v[i].path, g.v[i].path);
			assert_string_equal(f.v[i].msg, g.v[i].msg);
		}
		jx_findings_free(&g);
	}
	assert_string_equal(jx_severity_name(JX_SEV_ERROR), "错误");
	assert_string_equal(jx_severity_name(JX_SEV_WARNING), "警告");
	assert_string_equal(jx_severity_name(JX_SEV_INFO), "提示");
	assert_int_equal(first(&f, "E601", NULL)->sev, JX_SEV_ERROR);
	assert_int_equal(first(&f, "W1001", NULL)->sev, JX_SEV_WARNING);
	{
		const char *sev;
		jx_lang = JX_LANG_EN;
		run(s, NULL, &f);
		sev = jx_severity_name(JX_SEV_ERROR);
		jx_lang = JX_LANG_ZH; /* before any assertion can leave this test */
		expect(&f, "E601", "ind:i1:score_stated",
		       "培训人数: target 80人, actual 56人, 70.00% achieved, yet scored the full 30");
		assert_string_equal(sev, "error");
	}
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_empty_and_odd_sheets(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = jx_sheet_new();
	jx_indicator *d;
	(void)state;
	/* nothing at all: only the essentials, no crash */
	set(&s->template_id, "project-self-2020");
	run(s, NULL, &f);
	expect(&f, "I1401", NULL, NULL);
	expect(&f, "I1402", NULL, NULL);
	/* no template: the sheet-only checks still run */
	jx_findings_clear(&f);
	jx_check(NULL, s, NULL, NULL, &f);
	expect(&f, "I1401", NULL, NULL);
	/* no scoresheet given: computed inside */
	jx_findings_clear(&f);
	jx_check(tpl("project-self-2020"), s, NULL, NULL, &f);
	expect(&f, "I1402", NULL, NULL);
	/* indicators with no name, no key-worthy values, huge texts */
	d = jx_sheet_add_ind(s, NULL);
	d->cmp = JX_CMP_GE;
	d->target = 0;
	d->actual = D("-3");
	{
		size_t n = 60000;
		char *big = malloc(n + 1);
		assert_non_null(big);
		for (size_t i = 0; i + 3 <= n; i += 3)
			memcpy(big + i, "项", 3);
		big[n - n % 3] = 0;
		set(&s->info[JX_INFO_NAME], "测试");
		set(&s->narr[JX_NARR_OTHER], big);
		set(&d->name, big);
		free(big);
	}
	/* long sources, units and slot names are cut between characters */
	{
		char longtxt[1200];
		size_t k = 0;
		jx_stated *st;
		while (k + 3 < sizeof longtxt) {
			memcpy(longtxt + k, "源", 3);
			k += 3;
		}
		longtxt[k] = 0;
		st = stated(s, "total", "99", NULL, NULL);
		set(&st->source, longtxt);
		stated(s, "node:output:points", "7", NULL, NULL);
		set(&s->stated[s->n_stated - 1].source, longtxt);
		set(&d->unit, longtxt);
		set(&d->slot, longtxt);
		d->score_stated = D("5");
		d->points = D("5");
		set(&s->narr[JX_NARR_PROBLEMS], "无");
	}
	run(s, NULL, &f);
	assert_true(f.n > 3);
	for (size_t i = 0; i < f.n; i++)
		assert_true(strlen(f.v[i].msg) < 4096);
	all_utf8(&f);
	/* absurd amounts: sums must not overflow (UBSan watches) */
	for (int i = 0; i < 20; i++) {
		jx_indicator *x = ind(s, NULL, "output.quantity", "巨量", JX_CMP_GE, "1", "999999999999", NULL,
				      "999999999999");
		x->score_stated = D("999999999999");
		jx_subproject *p = jx_sheet_add_sub(s);
		p->budget = p->spent = D("999999999999");
	}
	stated(s, "node:output:points", "999999999999", NULL, NULL);
	run(s, NULL, &f);
	/* the sum is held at the largest value, 999999999999.999999 */
	expect(&f, "E101", "node:output", "下级各项分值合计 999999999999.999999 分");
	all_utf8(&f);
	jx_findings_free(&f);
	jx_findings_free(&f); /* freeing twice is harmless */
	jx_sheet_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_consistent_sheet_has_no_findings),
		cmocka_unit_test(test_weights_group_sum),
		cmocka_unit_test(test_weights_fixed_slot_and_stated_points),
		cmocka_unit_test(test_weights_roots_total),
		cmocka_unit_test(test_stated_node_scores),
		cmocka_unit_test(test_stated_indicator_scores_and_total),
		cmocka_unit_test(test_grade),
		cmocka_unit_test(test_rates_execution),
		cmocka_unit_test(test_rates_received_node_indicator),
		cmocka_unit_test(test_rates_external),
		cmocka_unit_test(test_two_actuals),
		cmocka_unit_test(test_two_actuals_many),
		cmocka_unit_test(test_unmet_full_points),
		cmocka_unit_test(test_over_override_qualitative),
		cmocka_unit_test(test_inflated_self_score),
		cmocka_unit_test(test_execution_caps),
		cmocka_unit_test(test_exec_reason),
		cmocka_unit_test(test_not_applicable),
		cmocka_unit_test(test_funds_rows),
		cmocka_unit_test(test_counts_without_messages),
		cmocka_unit_test(test_funds_received_short),
		cmocka_unit_test(test_funds_totals_and_blanks),
		cmocka_unit_test(test_problems_none),
		cmocka_unit_test(test_output_measures),
		cmocka_unit_test(test_other_project),
		cmocka_unit_test(test_previous_year),
		cmocka_unit_test(test_previous_year_i2),
		cmocka_unit_test(test_essentials),
		cmocka_unit_test(test_completeness),
		cmocka_unit_test(test_completeness_new_year),
		cmocka_unit_test(test_completeness_empty_categories),
		cmocka_unit_test(test_completeness_template_items),
		cmocka_unit_test(test_order_and_language),
		cmocka_unit_test(test_empty_and_odd_sheets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
