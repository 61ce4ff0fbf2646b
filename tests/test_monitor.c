/* Monitoring sheets (monitor.h, checks 18 and 19): 序时进度, each light's
 * edges exactly at the template's numbers and just past them, the checks
 * of a monitoring sheet and the checks across stages, every number worked
 * out by hand in the comment beside it.
 *
 * project-monitoring-2020's edges (its header says so):
 *   fund light on gap = 序时进度 − 执行率: yellow gap > 10, red gap > 20;
 *   indicator light on gap = 100 − forecast ÷ target (%): yellow gap > 0,
 *   red gap > 10; 有可能 at least yellow, 完全不可能 red. */
#include "checks_fixture.h"
#include "monitor.h"
#include "stage.h"

#define MON "project-monitoring-2020"

/* A monitoring sheet for months 1..month of 2022: one fund row 当年财政拨款
 * of budget 100 万元 and spending `spent`, and nothing else. */
static jx_sheet *monitoring(int month, const char *spent)
{
	jx_sheet *s = jx_sheet_new();
	assert_non_null(s);
	set(&s->template_id, MON);
	s->template_version = 1;
	s->year = 2022;
	set(&s->stage, "monitoring");
	s->stage_month = month;
	set(&s->info[JX_INFO_NAME], "乡村道路养护经费");
	assert_non_null(jx_sheet_add_fund(s, "当年财政拨款"));
	s->funds[0].planned = s->funds[0].budget = D("100");
	s->funds[0].spent = spent ? D(spent) : JX_NONE;
	return s;
}

static jx_light fund_light(const char *spent)
{
	jx_monitor m;
	jx_sheet *s = monitoring(6, spent);
	jx_light l;
	assert_int_equal(jx_monitor_compute(tpl(MON), s, &m), 0);
	assert_int_equal(m.schedule, D("50")); /* 6 ÷ 12 = 50.00% */
	l = m.funds[0].light;
	assert_int_equal(m.total.light, l); /* one row: the total is that row */
	jx_monitor_free(&m);
	jx_sheet_free(s);
	return l;
}

static void test_schedule(void **state)
{
	jx_template *t;
	jx_err err;
	static const char table_tpl[] =
		"id: t\nversion: 1\nname: t\nkind: project-monitoring\n"
		"monitoring:\n  schedule: table\n"
		"  schedule_table: [5, 10, 20, 30, 40, 45, 50, 60, 70, 80, 90, 100]\n"
		"nodes:\n  - {key: output, name: 产出指标, kind: group, children: [{key: output.quantity, name: 数量指标, kind: slot}]}\n";
	(void)state;
	/* months: N ÷ 12 rounded to two decimals: 6 → 50.00, 7 → 58.333… → 58.33, 12 → 100 */
	assert_int_equal(jx_monitor_schedule(tpl(MON), 2022, 6), D("50"));
	assert_int_equal(jx_monitor_schedule(tpl(MON), 2022, 7), D("58.33"));
	assert_int_equal(jx_monitor_schedule(tpl(MON), 2022, 12), D("100"));
	assert_int_equal(jx_monitor_schedule(tpl(MON), 2022, 0), JX_NONE);
	assert_int_equal(jx_monitor_schedule(tpl(MON), 2022, 13), JX_NONE);
	t = jx_template_load_mem("t.yaml", table_tpl, sizeof table_tpl - 1, &err);
	if (!t)
		fprintf(stderr, "%s\n", err.msg);
	assert_non_null(t);
	/* table: the template's own number for month 7 */
	assert_int_equal(jx_monitor_schedule(t, 2022, 7), D("50"));
	/* days: the last day of June is day 31+28+31+30+31+30 = 181 of 365:
	 * 181 ÷ 365 = 0.495890… → 49.59; in 2024 day 182 of 366: 0.497267… → 49.73 */
	t->monitor.schedule = JX_SCHED_DAYS;
	assert_int_equal(jx_monitor_schedule(t, 2022, 6), D("49.59"));
	assert_int_equal(jx_monitor_schedule(t, 2024, 6), D("49.73"));
	jx_template_free(t);
}

/* A monitoring block's mistakes are refused with the line they are on. */
static void test_template_errors(void **state)
{
#define TPL_HEAD "id: t\nversion: 1\nname: t\nkind: project-monitoring\nnodes:\n  - {key: output, name: 产出指标, kind: group, children: [{key: output.quantity, name: 数量指标, kind: slot}]}\nmonitoring:\n"
	static const struct {
		const char *yaml, *phrase;
	} bad[] = {
		{TPL_HEAD "  fund_lights: {yellow: {over: 10, at_or_over: 10}}\n", "over（差距大于）或 at_or_over"},
		{TPL_HEAD "  fund_lights: {yellow: {}}\n", "over（差距大于）或 at_or_over"},
		{TPL_HEAD "  fund_lights: {yellow: {over: 20}, red: {over: 10}}\n", "红灯的界限不能低于黄灯的界限"},
		{TPL_HEAD "  schedule: table\n  schedule_table: [10, 20]\n", "共 12 个"},
		{TPL_HEAD "  schedule_table: [1,2,3,4,5,6,7,8,9,10,11,12]\n", "只用于 schedule: table"},
		{TPL_HEAD "  schedule: table\n  schedule_table: [1,2,3,4,5,6,7,8,9,10,12,11]\n", "逐月不减"},
		{TPL_HEAD "  schedule: weekly\n", "未知的序时进度算法“weekly”"},
		{TPL_HEAD "  lights: {}\n", "lights"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		jx_err err;
		jx_template *t = jx_template_load_mem("t.yaml", bad[i].yaml, strlen(bad[i].yaml), &err);
		if (t || !strstr(err.msg, bad[i].phrase))
			fail_msg("case %zu: got \"%s\", expected \"%s\"", i, t ? "(loaded)" : err.msg, bad[i].phrase);
	}
#undef TPL_HEAD
}

/* 序时进度 50.00, budget 100: 执行率 = spent, gap = 50 − spent. */
static void test_fund_light_edges(void **state)
{
	jx_light_edge y = {D("10"), 1}, r = {D("20"), 1};
	(void)state;
	assert_int_equal(fund_light("60"), JX_LIGHT_GREEN);    /* gap −10: ahead */
	assert_int_equal(fund_light("40"), JX_LIGHT_GREEN);    /* gap 10.00: not > 10 */
	assert_int_equal(fund_light("39.99"), JX_LIGHT_YELLOW); /* gap 10.01 > 10 */
	assert_int_equal(fund_light("30"), JX_LIGHT_YELLOW);   /* gap 20.00: not > 20 */
	assert_int_equal(fund_light("29.99"), JX_LIGHT_RED);   /* gap 20.01 > 20 */
	assert_int_equal(fund_light(NULL), JX_LIGHT_NONE);     /* nothing spent entered: no light */
	/* a template writing at_or_over: the edge itself is past it */
	assert_int_equal(jx_monitor_light(D("10"), &y, &r), JX_LIGHT_YELLOW);
	assert_int_equal(jx_monitor_light(D("9.99"), &y, &r), JX_LIGHT_GREEN);
	assert_int_equal(jx_monitor_light(D("20"), &y, &r), JX_LIGHT_RED);
}

/* One indicator target cmp/target, forecast, likelihood; its light. */
static jx_ind_light ind_light(jx_cmp cmp, const char *target, const char *forecast, const char *likely)
{
	jx_monitor m;
	jx_sheet *s = monitoring(6, "50");
	jx_indicator *d = ind(s, "i1", "output.quantity", "养护里程", cmp, target, NULL, "公里", NULL);
	jx_ind_light l;
	d->forecast = forecast ? D(forecast) : JX_NONE;
	set(&d->likelihood, likely);
	assert_int_equal(jx_monitor_compute(tpl(MON), s, &m), 0);
	l = m.inds[0];
	jx_monitor_free(&m);
	jx_sheet_free(s);
	return l;
}

static void test_ind_light_edges(void **state)
{
	jx_ind_light l;
	(void)state;
	/* ≥ 100: forecast 100 → 100.00%, gap 0: not > 0 */
	l = ind_light(JX_CMP_GE, "100", "100", NULL);
	assert_int_equal(l.progress, D("100"));
	assert_int_equal(l.gap, 0);
	assert_int_equal(l.light, JX_LIGHT_GREEN);
	/* forecast 99.99 → 99.99%, gap 0.01 > 0: yellow */
	l = ind_light(JX_CMP_GE, "100", "99.99", NULL);
	assert_int_equal(l.gap, D("0.01"));
	assert_int_equal(l.light, JX_LIGHT_YELLOW);
	/* forecast 90 → gap 10.00: not > 10, yellow; 89.99 → gap 10.01: red */
	assert_int_equal(ind_light(JX_CMP_GE, "100", "90", NULL).light, JX_LIGHT_YELLOW);
	assert_int_equal(ind_light(JX_CMP_GE, "100", "89.99", NULL).light, JX_LIGHT_RED);
	/* over-achieving is no gap: 120 ÷ 100 = 120%, gap 0 */
	l = ind_light(JX_CMP_GE, "100", "120", NULL);
	assert_int_equal(l.progress, D("120"));
	assert_int_equal(l.gap, 0);
	/* ≤ 2: forecast 2 meets it; 2.2 → 2 ÷ 2.2 = 90.909… → 90.91%, gap 9.09:
	 * yellow; 3 → 66.67%, gap 33.33: red */
	assert_int_equal(ind_light(JX_CMP_LE, "2", "2", NULL).light, JX_LIGHT_GREEN);
	l = ind_light(JX_CMP_LE, "2", "2.2", NULL);
	assert_int_equal(l.progress, D("90.91"));
	assert_int_equal(l.light, JX_LIGHT_YELLOW);
	assert_int_equal(ind_light(JX_CMP_LE, "2", "3", NULL).light, JX_LIGHT_RED);
	/* what the unit says raises the light, never lowers it */
	assert_int_equal(ind_light(JX_CMP_GE, "100", "100", "有可能").light, JX_LIGHT_YELLOW);
	assert_int_equal(ind_light(JX_CMP_GE, "100", "100", "完全不可能").light, JX_LIGHT_RED);
	assert_int_equal(ind_light(JX_CMP_GE, "100", "80", "确定能").light, JX_LIGHT_RED);
	/* no forecast: 确定能 is green, nothing at all is no light */
	assert_int_equal(ind_light(JX_CMP_GE, "100", NULL, "确定能").light, JX_LIGHT_GREEN);
	assert_int_equal(ind_light(JX_CMP_GE, "100", NULL, NULL).light, JX_LIGHT_NONE);
}

/* W1801 on funds: 序时进度 50, 执行率 29.99, gap 20.01 > 20: red, on the row
 * and on 合计; explained in 存在的问题及原因分析 it is not reported. */
static void test_fund_red_reason(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = monitoring(6, "29.99");
	(void)state;
	run(s, NULL, &f);
	expect(&f, "W1801", "fund:当年财政拨款:spent", "红灯（执行率 29.99%，序时进度 50.00%，差距 20.01 个百分点）");
	expect(&f, "W1801", "narr:problems", "合计：红灯");
	assert_int_equal(f.n, 2);
	/* at 30.00 the gap is 20.00: yellow, nothing to explain */
	s->funds[0].spent = D("30");
	run(s, NULL, &f);
	assert_int_equal(f.n, 0);
	s->funds[0].spent = D("29.99");
	set(&s->narr[JX_NARR_PROBLEMS], "压减一般性支出，付款延后。");
	run(s, NULL, &f);
	assert_int_equal(f.n, 0);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_indicator_checks(void **state)
{
	jx_findings f = {0};
	jx_sheet *s = monitoring(6, "50"); /* 执行率 50 = 序时进度: green */
	jx_indicator *a, *b;
	(void)state;
	ind(s, "a", "output.quantity", "养护里程", JX_CMP_GE, "100", NULL, "公里", NULL);
	ind(s, "b", "output.quality", "验收合格率", JX_CMP_GE, "95", NULL, "%", NULL);
	a = &s->inds[0]; /* after both are added: adding moves the array */
	b = &s->inds[1];
	a->forecast = D("89.99"); /* gap 10.01: red */
	b->forecast = D("95");    /* met */
	set(&b->likelihood, "完全不可能");
	run(s, NULL, &f);
	/* a: red without a cause; b: 完全不可能 is red too, and has no measures */
	expect(&f, "W1801", "ind:a:deviation_reason", "养护里程：红灯（预计完成程度不足）");
	expect(&f, "W1801", "ind:b:deviation_reason", "完成目标可能性为完全不可能");
	expect(&f, "W1802", "ind:b:measures", "验收合格率：完成目标可能性为完全不可能，未填整改措施");
	assert_int_equal(f.n, 3);
	/* a cause without its text is not a reason */
	set(&a->cause, "经费保障");
	set(&b->cause, "其他");
	set(&b->deviation_reason, "验收标准提高");
	set(&b->measures, "增加抽检");
	run(s, NULL, &f);
	expect(&f, "W1801", "ind:a:deviation_reason", NULL);
	assert_int_equal(f.n, 1);
	/* forecast 95 of 100: 95.00%, gap 5.00, yellow: W1803, not W1801 */
	a->forecast = D("95");
	set(&a->cause, NULL);
	run(s, NULL, &f);
	expect(&f, "W1803", "ind:a:deviation_reason", "全年预计完成值 95 未达年度指标值 100（预计完成 95.00%）");
	assert_int_equal(f.n, 1);
	set(&a->cause, "经费保障");
	set(&a->deviation_reason, "资金压减");
	/* 需要整改 (是) without measures; a word the table does not offer */
	set(&a->rectify, "是");
	set(&a->likelihood, "大概");
	run(s, NULL, &f);
	expect(&f, "W1805", "ind:a:measures", "养护里程：需要整改，未填整改措施");
	expect(&f, "W1804", "ind:a:likelihood", "完成目标可能性「大概」不是监控表的选项");
	assert_int_equal(f.n, 2);
	set(&a->measures, "调整计划");
	set(&a->likelihood, "有可能");
	run(s, NULL, &f);
	assert_int_equal(f.n, 0);
	/* no month: no 序时进度 */
	s->stage_month = 0;
	run(s, NULL, &f);
	expect(&f, "W1806", "execution", "监控表未指定截止月份");
	assert_int_equal(f.n, 1);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* Check 19 with the sheets given directly: a declaration of target ≥ 6 and
 * ≤ 2, a monitoring sheet forecasting 5 and 1 and spending of 1200, and a
 * self-evaluation. */
static void test_across_stages(void **state)
{
	jx_findings f = {0};
	jx_sheet *decl = monitoring(0, NULL), *mon = monitoring(6, "20"), *self = monitoring(0, "90");
	jx_indicator *m1, *m2, *s1, *s2;
	(void)state;
	set(&decl->stage, "declaration");
	set(&self->stage, "self");
	set(&self->template_id, "project-self-2020");
	ind(decl, "r25", "output.quantity", "评审项目总数量", JX_CMP_GE, "6", NULL, "个", NULL);
	ind(decl, "r23", "satisfaction.service", "有效投诉率", JX_CMP_LE, "2", NULL, "起", NULL);
	ind(mon, "r25", "output.quantity", "评审项目总数量", JX_CMP_GE, "6", NULL, "个", NULL);
	ind(mon, "r23", "satisfaction.service", "有效投诉率", JX_CMP_LE, "2", NULL, "起", NULL);
	m1 = &mon->inds[0];
	m2 = &mon->inds[1];
	m1->forecast = D("5");
	m2->forecast = D("1");
	mon->funds[0].forecast = D("95");
	ind(self, "r25", "output.quantity", "评审项目总数量", JX_CMP_GE, "7", NULL, "个", NULL);
	ind(self, "r23", "satisfaction.service", "有效投诉率", JX_CMP_LE, "2", NULL, "起", NULL);
	s1 = &self->inds[0];
	s2 = &self->inds[1];
	s1->actual = D("4"); /* 4 < forecast 5 */
	s2->actual = D("2"); /* ≤: 2 > forecast 1 is behind it */
	/* spent 90 < forecast 95, no reason written */
	jx_check_stages(tpl("project-self-2020"), self, decl, mon, &f);
	expect(&f, "W1901", "ind:r25:adjust_reason", "评审项目总数量：年度指标值 ≥7个 与申报时的 ≥6个 不同");
	expect(&f, "W1902", "ind:r25:deviation_reason", "实际完成值 4 低于监控时的全年预计 5（监控 1–6月）");
	expect(&f, "W1902", "ind:r23:deviation_reason", "实际完成值 2 低于监控时的全年预计 1");
	expect(&f, "W1903", "narr:problems", "全年执行数 90.00 万元低于监控时预计的 95.00 万元（监控 1–6月）");
	assert_int_equal(f.n, 4);
	/* each explained where it asks: nothing */
	jx_findings_clear(&f);
	set(&s1->adjust_reason, "年中追加预算，调增目标");
	set(&s1->deviation_reason, "评审项目减少");
	set(&s2->deviation_reason, "投诉增加");
	set(&self->narr[JX_NARR_PROBLEMS], "压减一般性支出");
	jx_check_stages(tpl("project-self-2020"), self, decl, mon, &f);
	assert_int_equal(f.n, 0);
	/* spending equal to the forecast: not behind it */
	set(&self->narr[JX_NARR_PROBLEMS], NULL);
	self->funds[0].spent = D("95");
	jx_check_stages(tpl("project-self-2020"), self, decl, mon, &f);
	assert_int_equal(f.n, 0);
	/* a monitoring sheet is held to the declared targets, not to itself */
	m1->target = D("5");
	jx_check_stages(tpl(MON), mon, decl, NULL, &f);
	expect(&f, "W1901", "ind:r25:adjust_reason", "年度指标值 ≥5个 与申报时的 ≥6个 不同");
	assert_int_equal(f.n, 1);
	/* a declaration has nothing before it */
	jx_findings_clear(&f);
	jx_check_stages(tpl("project-declaration-2020"), decl, decl, mon, &f);
	assert_int_equal(f.n, 0);
	jx_findings_free(&f);
	jx_sheet_free(decl);
	jx_sheet_free(mon);
	jx_sheet_free(self);
}

/* The sample's monitoring sheet written and read back: every monitoring
 * column (model.h, the fund's forecast) survives a sheet file; 1200 万元 is
 * 1200 × 10^6 millionths. */
static void test_sample_round_trip(void **state)
{
	jx_sheet **v = NULL, **back = NULL;
	size_t n = 0, nb = 0;
	jx_err err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	const jx_indicator *d;
	(void)state;
	assert_int_equal(jx_sheets_read(JX_SAMPLES "/stages/jiangmen-2022-project-monitoring.yaml", &g_set, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0]->funds[0].forecast, JX_INT(1200));
	assert_int_equal(v[0]->stage_month, 6);
	d = jx_sheet_ind(v[0], "r25");
	assert_non_null(d);
	assert_int_equal(d->forecast, JX_INT(5));
	assert_string_equal(d->likelihood, "有可能");
	assert_string_equal(d->cause, "经费保障");
	assert_string_equal(d->rectify, "是");
	assert_string_equal(d->measures, "调整评审计划，优先保障已立项项目的评审");
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(jx_sheets_write(f, v, n, &err), 0);
	fclose(f);
	assert_non_null(strstr(buf, "forecast: 1200"));
	assert_non_null(strstr(buf, "likelihood: 有可能"));
	assert_int_equal(jx_sheets_read_mem("back.yaml", buf, len, &g_set, &back, &nb, &err), 0);
	assert_int_equal(nb, 1);
	assert_true(jx_sheet_equal(v[0], back[0]));
	/* a forecast changed is a change */
	back[0]->funds[0].forecast = JX_INT(1300);
	assert_false(jx_sheet_equal(v[0], back[0]));
	free(buf);
	jx_sheets_free(v, n);
	jx_sheets_free(back, nb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule),	    cmocka_unit_test(test_template_errors),
		cmocka_unit_test(test_fund_light_edges),
		cmocka_unit_test(test_ind_light_edges),	    cmocka_unit_test(test_fund_red_reason),
		cmocka_unit_test(test_indicator_checks),    cmocka_unit_test(test_across_stages),
		cmocka_unit_test(test_sample_round_trip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
