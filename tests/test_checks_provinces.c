/* Published provincial tables, scored and checked as printed: Sichuan's
 * 部门预算项目支出绩效自评表 (project-self-sichuan), the 一体化 platform
 * manual's variant (project-self-yitihua-2022: 指标偏离 −2, execution caps),
 * and the checks published tables need (W204, W205, W703 at the template's
 * field, W906, W1503's remedy, W1601 and the length limit at the field).
 * Every expected number is worked out by hand in the comment above it. */
#include "checks_fixture.h"

#include "field.h"

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */

static jx_sheet *sheet_on(const char *template_id)
{
	jx_sheet *s = jx_sheet_new();
	assert_non_null(s);
	set(&s->template_id, template_id);
	s->template_version = 1;
	s->year = 2023;
	set(&s->info[JX_INFO_NAME], "工资性支出");
	return s;
}

static void score_of(const jx_sheet *s, jx_scoresheet *ss)
{
	memset(ss, 0, sizeof *ss);
	jx_score(tpl(s->template_id), s, ss);
}

static jx_dec item_score(const jx_scoresheet *ss, const char *path)
{
	const jx_score_item *it = jx_score_find(ss, path);
	assert_non_null(it);
	return it->score;
}

/* A small template from memory ("t"), with an execution node of 10 points
 * on 全年执行数 ÷ 全年预算数 first: EXEC_NODE. */
#define EXEC_NODE                                                                                  \
	"  - {key: execution, name: 预算执行率, kind: formula, points: 10, input_a: funds.spent,"     \
	" input_b: funds.budget, execution: true}\n"

static jx_template *small_template(const char *yaml, size_t len)
{
	jx_err err = {{0}};
	jx_template *t = jx_template_load_mem("t.yaml", yaml, len, &err);
	if (!t)
		fail_msg("%s", err.msg);
	return t;
}

/* A sheet on template "t" with one fund row: budget 100, spent `spent`
 * (the row in *fd when fd is given). */
static jx_sheet *small_sheet(const char *spent, jx_fund **fd)
{
	jx_sheet *s = sheet_on("t");
	jx_fund *f = jx_sheet_add_fund(s, "当年财政拨款");
	assert_non_null(f);
	f->budget = f->received = D("100");
	f->spent = D(spent);
	if (fd)
		*fd = f;
	return s;
}

/* n characters: "问" and "a" by turns, starting with "问". */
static char *text_of(size_t n)
{
	char *t = calloc(n * 3 + 1, 1);
	assert_non_null(t);
	for (size_t i = 0; i < n; i++)
		strcat(t, i % 2 ? "a" : "问");
	return t;
}

/* ------------------------------------------------------------------------ */
/* Sichuan                                                                  */

/* The Sichuan sheet:
 *   财政资金: 年初预算 200, 调整后预算 250, 到位 250, 执行 212.5
 *     执行率 = 212.5 ÷ 250 = 85.00% → 预算执行情况 0.85 × 10 = 8.50
 *   i1 发放覆盖率 = 100%, actual 100, 权重 60 → met → 60
 *   i2 足额保障率 = 100%, actual 95, 权重 30 → 95 ÷ 100 × 30 = 28.50
 *   一级 10 + 60 + 30 = 100 (no E102); total 8.50 + 60 + 28.50 = 97.00 → 优 */
static jx_sheet *sichuan(void)
{
	jx_sheet *s = sheet_on("project-self-sichuan");
	jx_fund *f = jx_sheet_add_fund(s, "财政资金");
	jx_goal *g = jx_sheet_add_goal(s);
	assert_non_null(f);
	assert_non_null(g);
	f->planned = D("200");
	f->budget = f->received = D("250");
	f->spent = D("212.5");
	set(&g->planned, "保障工资及时、足额发放。");
	set(&g->actual, "工资按月足额发放。");
	ind(s, "i1", "output.quantity", "发放覆盖率", JX_CMP_EQ, "100", "100", "%", "60");
	ind(s, "i2", "benefit.social", "足额保障率", JX_CMP_EQ, "100", "95", "%", "30");
	set(&s->inds[1].deviation_reason, "个别人员社保补缴延至次年。");
	set(&s->narr[JX_NARR_PROBLEMS], "社保缴费基数调整较晚。");
	return s;
}

static void test_sichuan_score(void **state)
{
	jx_sheet *s = sichuan();
	jx_scoresheet ss;
	(void)state;
	score_of(s, &ss);
	/* 212.5 ÷ 250 = 0.85 exactly */
	assert_int_equal(ss.exec_rate, 850000);
	assert_int_equal(item_score(&ss, "node:execution"), D("8.5"));
	assert_int_equal(item_score(&ss, "ind:i1"), D("60"));
	assert_int_equal(item_score(&ss, "ind:i2"), D("28.5"));
	/* 产出 60, 效益 28.50, 满意度 0 (no indicator) */
	assert_int_equal(item_score(&ss, "node:output"), D("60"));
	assert_int_equal(item_score(&ss, "node:benefit"), D("28.5"));
	assert_int_equal(ss.total, D("97"));
	assert_string_equal(ss.grade->grade, "优");
	jx_scoresheet_free(&ss);

	/* i1 worth 55: the indicators hold 55 + 30 = 85 of their 90, so the
	 * 一级 add up to 10 + 55 + 30 = 95 ≠ 100 → E102 */
	s->inds[0].points = D("55");
	{
		jx_findings f = {0};
		run(s, NULL, &f);
		expect(&f, "E102", "total", "一级指标分值合计 95 分，应为 100 分");
		jx_findings_free(&f);
	}
	jx_sheet_free(s);
}

static void test_sichuan_reasons(void **state)
{
	jx_sheet *s = sichuan();
	jx_findings f = {0};
	jx_fund *fd = &s->funds[0];
	(void)state;
	run(s, NULL, &f);
	/* 85.00% < 90%: the reason goes beside the execution row (its note) */
	expect(&f, "W703", "entry:execution:note", "预算执行率 85.00% 低于 90%，须在“预算执行情况 · 说明”中说明原因");
	/* 200 → 250 during the year: 250 − 200 = 50 added, explained in 其他需要说明的问题 */
	expect(&f, "W906", "narr:other",
	       "年初预算数 200 万元，全年预算数（调整后）250 万元，年中追加 50 万元，须在“其他需要说明的问题”中说明调整理由");
	expect_none(&f, "W703", "narr:problems");

	/* written: both said no more; "无" is no reason */
	assert_int_equal(jx_field_set(s, tpl(s->template_id), "entry:execution:note", "社保补缴资金年底才下达。", NULL), 0);
	set(&s->narr[JX_NARR_OTHER], "无");
	run(s, NULL, &f);
	expect_none(&f, "W703", NULL);
	expect(&f, "W906", "narr:other", NULL);
	set(&s->narr[JX_NARR_OTHER], "年中追加社保缴费基数调整资金 50 万元。");
	run(s, NULL, &f);
	expect_none(&f, "W906", NULL);

	/* 225 ÷ 250 = 90.00% exactly is not below 90%: no reason asked;
	 * 年初 = 调整后 250: no adjustment */
	set(&s->narr[JX_NARR_OTHER], NULL);
	jx_sheet_set_entry(s, "execution", JX_NONE);
	set(&s->entries[0].note, NULL);
	fd->spent = D("225");
	fd->planned = D("250");
	run(s, NULL, &f);
	expect_none(&f, "W703", NULL);
	expect_none(&f, "W906", NULL);

	/* the national template asks the reason in 存在问题 and has no adjustment rule */
	set(&s->template_id, "project-self-2020");
	fd->spent = D("212.5");
	fd->planned = D("200");
	set(&s->narr[JX_NARR_PROBLEMS], "无");
	run(s, NULL, &f);
	expect_none(&f, "W703", NULL); /* exec_reason_below is off there */
	expect_none(&f, "W906", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* 年度目标完成情况 ≤ 100 字, 存在问题 ≤ 200 字: checked on a sheet as read,
 * refused when typed. */
static void test_sichuan_lengths(void **state)
{
	jx_sheet *s = sichuan();
	const jx_template *t = tpl(s->template_id);
	jx_findings f = {0};
	jx_err err = {{0}};
	char *t100 = text_of(100), *t101 = text_of(101), *t201 = text_of(201);
	(void)state;
	/* as imported: 101 > 100 and 201 > 200 */
	set(&s->goals[0].actual, t101);
	set(&s->narr[JX_NARR_PROBLEMS], t201);
	run(s, NULL, &f);
	expect(&f, "W1601", "goal:0:actual", "年度目标 1 · 实际完成情况：101 字，超过模板规定的 100 字");
	expect(&f, "W1601", "narr:problems", "存在的问题及原因分析：201 字，超过模板规定的 200 字");
	assert_int_equal(count(&f, "W1601", NULL, NULL), 2);
	assert_int_equal(first(&f, "W1601", NULL)->sev, JX_SEV_WARNING);

	/* typed: 101 refused with the message, nothing changed; 100 accepted */
	set(&s->goals[0].actual, "工资按月足额发放。");
	assert_int_equal(jx_field_set(s, t, "goal:0:actual", t101, &err), -1);
	assert_string_equal(err.msg, "年度目标 1 · 实际完成情况最多 100 字（模板“project-self-sichuan”的规定），现有 101 字");
	assert_string_equal(s->goals[0].actual, "工资按月足额发放。");
	assert_int_equal(jx_field_set(s, t, "goal:0:actual", t100, &err), 0);
	/* the execution reason (原因, 100 字以内): the note is named by its node */
	assert_int_equal(jx_field_set(s, t, "entry:execution:note", t101, &err), -1);
	assert_string_equal(err.msg, "预算执行情况 · 说明最多 100 字（模板“project-self-sichuan”的规定），现有 101 字");
	assert_int_equal(s->n_entries, 0);
	assert_string_equal(s->goals[0].actual, t100);
	/* the planned goal has no limit; neither has the national template */
	assert_int_equal(jx_field_set(s, t, "goal:0:planned", t201, &err), 0);
	assert_int_equal(jx_field_set(s, tpl("project-self-2020"), "narr:problems", t201, &err), 0);
	set(&s->narr[JX_NARR_PROBLEMS], "社保缴费基数调整较晚。");
	run(s, NULL, &f);
	expect_none(&f, "W1601", NULL);
	free(t100);
	free(t101);
	free(t201);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ------------------------------------------------------------------------ */
/* the 一体化 manual: 指标偏离 −2 and the execution caps                       */

/* 当年财政拨款 budget 100, received 100, spent `spent`;
 *   i1 参会企业数量 ≥ 18, actual 25, 50 points: met, 25 ÷ 18 = 138.89% ≥ 130%
 *      → 指标偏离, 50 − 2 = 48
 *   i2 带动就业人数 ≥ 10, actual 10, 30 points → 30
 *   i3 服务对象满意度 ≥ 90, actual 95, 10 points → 10 (105.56%) */
static jx_sheet *yitihua(const char *spent)
{
	jx_sheet *s = sheet_on("project-self-yitihua-2022");
	jx_fund *f = jx_sheet_add_fund(s, "当年财政拨款");
	assert_non_null(f);
	f->planned = f->budget = f->received = D("100");
	f->spent = D(spent);
	ind(s, "i1", "output.quantity", "参会企业数量", JX_CMP_GE, "18", "25", "家", "50");
	ind(s, "i2", "benefit.social", "带动就业人数", JX_CMP_GE, "10", "10", "人", "30");
	ind(s, "i3", "satisfaction.service", "服务对象满意度", JX_CMP_GE, "90", "95", "%", "10");
	return s;
}

static void test_yitihua_caps(void **state)
{
	static const struct {
		const char *spent, *exec, *total, *grade;
		int capped;
	} cases[] = {
		/* 70 ÷ 100 = 70.00%: 7.00; raw 7 + 48 + 30 + 10 = 95; 70% is not
		 * below 70 but below 80 → the 70–80 band's cap 89 → 良 */
		{"70", "7", "89", "良", 1},
		/* 69.99%: 0.6999 × 10 = 6.999 → 7.00; raw 95; below 70 → 79 → 中 */
		{"69.99", "7", "79", "中", 1},
		/* 80.00% exactly is not capped: 8 + 48 + 30 + 10 = 96 → 优 */
		{"80", "8", "96", "优", 0},
		/* 79.99%: 7.999 → 8.00; raw 96; below 80 → 89 */
		{"79.99", "8", "89", "良", 1},
		/* 45%: 4.50; raw 92.50; caps 89, 79, 69, 59 all apply, the
		 * strictest wins → 59 → 差 */
		{"45", "4.5", "59", "差", 1},
		/* 50.00%: 5.00; raw 93; below 60, not below 50 → 69 → 中 */
		{"50", "5", "69", "中", 1},
		/* 100%: 10 + 48 + 30 + 10 = 98, no cap → 优 */
		{"100", "10", "98", "优", 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		jx_sheet *s = yitihua(cases[i].spent);
		jx_scoresheet ss;
		const jx_score_item *tot;
		score_of(s, &ss);
		assert_int_equal(item_score(&ss, "ind:i1"), D("48"));
		assert_int_equal(item_score(&ss, "node:execution"), D(cases[i].exec));
		if (ss.total != D(cases[i].total))
			fail_msg("spent %s: total %lld", cases[i].spent, (long long)ss.total);
		assert_string_equal(ss.grade->grade, cases[i].grade);
		tot = jx_score_find(&ss, "total");
		assert_int_equal(!!(tot->flags & JX_SF_CAPPED), cases[i].capped);
		jx_scoresheet_free(&ss);
		jx_sheet_free(s);
	}
}

static void test_yitihua_checks(void **state)
{
	jx_sheet *s = yitihua("70");
	jx_findings f = {0};
	jx_scoresheet ss;
	(void)state;
	score_of(s, &ss);
	/* "参会企业数量：…138.89%（≥ 130%），超额完成，扣 2 → 48.00" */
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "ind:i1")), "扣 2 → 48.00"));
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "total")), "执行率 70.00% 低于 80%，总分上限 89"));
	jx_scoresheet_free(&ss);
	/* a stated 95 above the cap 89 at 70% (the 70–80 band) */
	stated(s, "total", "95", NULL, "自评表");
	run(s, NULL, &f);
	expect(&f, "E702", "total", "预算执行率 70.00% 低于 80%，总分不得超过 89 分，文中总分 95 分");
	/* 25 ÷ 18 = 138.89% ≥ 130%: a reason is required */
	expect(&f, "W603", "ind:i1:deviation_reason", "138.89%");
	/* the stated 89 is the cap: no E702 */
	s->stated[0].value = D("89");
	run(s, NULL, &f);
	expect_none(&f, "E702", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* A province that reads "60%–70%" with 70% in the lower band writes
 * at_or_below: 70% exactly is then capped at 79. */
static void test_inclusive_cap(void **state)
{
	static const char y[] = "id: t\nname: 测试\nkind: project-self\n"
				"rules:\n"
				"  execution_caps:\n"
				"    - {below: 80, max_total: 89}\n"
				"    - {at_or_below: 70, max_total: 79}\n"
				"nodes:\n" EXEC_NODE "  - {key: result, name: 评分, kind: manual, points: 90}\n";
	jx_template *t = small_template(y, sizeof y - 1);
	jx_fund *fd;
	jx_sheet *s = small_sheet("70", &fd);
	jx_scoresheet ss;
	jx_findings f = {0};
	(void)state;
	assert_non_null(jx_sheet_set_entry(s, "result", D("90")));
	/* 70 ÷ 100 = 70% → 7.00; raw 7 + 90 = 97; 70% ≤ 70% → 79 (not 89) */
	memset(&ss, 0, sizeof ss);
	jx_score(t, s, &ss);
	assert_int_equal(ss.total_raw, D("97"));
	assert_int_equal(ss.total, D("79"));
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "total")), "执行率 70.00% 不高于 70%，总分上限 79"));
	stated(s, "total", "85", NULL, NULL);
	jx_check(t, s, &ss, NULL, &f);
	expect(&f, "E702", "total", "预算执行率 70.00% 不高于 70%，总分不得超过 79 分，文中总分 85 分");
	jx_scoresheet_free(&ss);
	/* 70.01%: 7.001 → 7.00; above 70, below 80 → 89 */
	fd->spent = D("70.01");
	memset(&ss, 0, sizeof ss);
	jx_score(t, s, &ss);
	assert_int_equal(ss.total, D("89"));
	jx_scoresheet_free(&ss);
	jx_findings_free(&f);
	jx_sheet_free(s);
	jx_template_free(t);
}

/* ------------------------------------------------------------------------ */
/* checks published tables need                                             */

/* National template, every figure stated as a table prints it:
 *   funds 100 / 100 / 100 / 100 → 100% → 执行 10 (stated 10)
 *   i1 培训人数 ≥ 100, actual 80, 50 points (stated 50) → 80 ÷ 100 × 50 = 40
 *   i2 带动就业 ≥ 10, actual 10, 30 points (stated 30) → 30
 *   i3 满意度 ≥ 90, actual 95, 10 points (stated 10) → 10
 *   stated total 100 = 10 + 50 + 30 + 10, the sum of the stated column;
 *   recomputed 10 + 40 + 30 + 10 = 90. */
static jx_sheet *stated_table(void)
{
	jx_sheet *s = sheet_on("project-self-2020");
	jx_fund *f = jx_sheet_add_fund(s, "当年财政拨款");
	assert_non_null(f);
	f->planned = f->budget = f->received = f->spent = D("100");
	ind(s, "i1", "output.quantity", "培训人数", JX_CMP_GE, "100", "80", "人", "50")->score_stated = D("50");
	ind(s, "i2", "benefit.social", "带动就业", JX_CMP_GE, "10", "10", "人", "30")->score_stated = D("30");
	ind(s, "i3", "satisfaction.service", "服务对象满意度", JX_CMP_GE, "90", "95", "%", "10")->score_stated = D("10");
	stated(s, "node:execution:score", "10", NULL, "自评表");
	stated(s, "total", "100", NULL, "自评表 合计");
	return s;
}

static void test_stated_sum(void **state)
{
	jx_sheet *s = stated_table();
	jx_findings f = {0};
	(void)state;
	run(s, NULL, &f);
	expect(&f, "W203", "total", "总分：文中 100 分（自评表 合计），重新计算为 90 分");
	expect(&f, "W205", "total",
	       "总分：文中 100 分（自评表 合计），等于各项文中得分之和，而重新计算为 90 分；得分不同的项目：培训人数（文中 50，计算 40）");
	assert_int_equal(count(&f, "W205", NULL, NULL), 1);

	/* a subtotal stated for 产出 stands for its indicators: 10 + 50 + 30 +
	 * 10 = 100 still, and the item named is 产出指标 (i1's 45 is not added) */
	s->inds[0].score_stated = D("45");
	stated(s, "node:output:score", "50", NULL, NULL);
	run(s, NULL, &f);
	expect(&f, "W205", "total", "得分不同的项目：产出指标（文中 50，计算 40）");

	/* a stated total that is not the column's sum: 10 + 50 + 30 + 10 = 100 ≠ 99 */
	s->stated[1].value = D("99");
	run(s, NULL, &f);
	expect(&f, "W203", "total", NULL);
	expect_none(&f, "W205", NULL);

	/* the execution row's score not printed: the column's sum is unknown */
	s->stated[1].value = D("100");
	s->stated[0].value = JX_NONE;
	run(s, NULL, &f);
	expect_none(&f, "W205", NULL);

	/* the stated total equal to the recomputed one: nothing to say */
	jx_sheet_free(s);
	s = stated_table();
	s->inds[0].actual = D("100");
	run(s, NULL, &f);
	expect_none(&f, "W203", NULL);
	expect_none(&f, "W205", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* An indicator printed with a word for its actual ("完成") and a score:
 * the score cannot be compared, and the remedy is said. */
static void test_stated_unscored(void **state)
{
	jx_sheet *s = stated_table();
	jx_indicator *d = &s->inds[1];
	jx_findings f = {0};
	(void)state;
	d->actual = JX_NONE;
	set(&d->actual_text, "完成");
	run(s, NULL, &f);
	expect(&f, "W204", "ind:i2:score_stated",
	       "带动就业：文中得分 30 分，但本指标无法计分（实际完成值只有文字「完成」），无从核对");
	expect(&f, "W1503", "ind:i2:actual",
	       "带动就业：实际完成值只有文字「完成」，未填数字（计算符号 ≥ 按数字计分）：请填写数字，或将指标性质改为定性");
	expect_none(&f, "W202", "ind:i2:score_stated");
	/* W205 names it: stated 30, cannot be scored (the sum 100 still holds) */
	expect(&f, "W205", "total", "带动就业（文中 30，无法计分）");

	/* no comparator at all: the engine's reason, and W1501 */
	d->cmp = JX_CMP_NONE;
	run(s, NULL, &f);
	expect(&f, "W204", "ind:i2:score_stated", "（指标性质未选）");
	expect(&f, "W1501", "ind:i2:cmp", "带动就业：分值 30 分，未选计算符号");

	/* a stated "ind:<key>:score" figure is pointed at ind:<key> with its source */
	d->score_stated = JX_NONE;
	stated(s, "ind:i2:score", "28", NULL, "正文 三(二)");
	run(s, NULL, &f);
	expect(&f, "W204", "ind:i2", "带动就业：文中得分 28 分（正文 三(二)），但本指标无法计分");

	/* not stated: nothing to compare */
	s->stated[s->n_stated - 1].value = JX_NONE;
	run(s, NULL, &f);
	expect_none(&f, "W204", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* ------------------------------------------------------------------------ */
/* not-applicable indicators (/, 不适用)                                      */

/* National template (not_applicable: rescale, the default):
 *   funds 100 / 100 → 执行 10
 *   产出 50: i1 培训人数 ≥ 100, 80, 20 points → 80 ÷ 100 × 20 = 16
 *            i2 验收合格率 ≥ 95, 95, 20 points → 20
 *            i3 安全事故 "/" (质量指标), 10 points → not applicable
 *     产出 = (16 + 20) × 50 ÷ (50 − 10) = 36 × 50 ÷ 40 = 45.00
 *   效益 30: i4 带动就业 ≥ 10, 10, 30 points → 30
 *   满意度 10: i5 服务对象满意度 "不适用", 10 points → the whole 一级 not
 *     applicable, its 10 left to the total
 *   total = (10 + 45 + 30) × 100 ÷ (100 − 10) = 85 × 100 ÷ 90 = 94.444… → 94.44 → 优 */
static jx_sheet *with_na(void)
{
	jx_sheet *s = sheet_on("project-self-2020");
	jx_fund *f = jx_sheet_add_fund(s, "当年财政拨款");
	jx_indicator *d;
	assert_non_null(f);
	f->planned = f->budget = f->received = f->spent = D("100");
	set(&s->narr[JX_NARR_PROBLEMS], "培训人数未达标。");
	set(&ind(s, "i1", "output.quantity", "培训人数", JX_CMP_GE, "100", "80", "人", "20")->deviation_reason, "疫情");
	ind(s, "i2", "output.quantity", "验收合格率", JX_CMP_GE, "95", "95", "%", "20");
	d = ind(s, "i3", "output.quality", "安全事故", JX_CMP_NONE, NULL, NULL, NULL, "10");
	set(&d->target_text, "/");
	set(&d->actual_text, " / ");
	ind(s, "i4", "benefit.social", "带动就业", JX_CMP_GE, "10", "10", "人", "30");
	d = ind(s, "i5", "satisfaction.service", "服务对象满意度", JX_CMP_GE, "90", NULL, "%", "10");
	set(&d->actual_text, "不适用");
	return s;
}

static void test_na_rescale(void **state)
{
	jx_sheet *s = with_na();
	jx_scoresheet ss;
	jx_findings f = {0};
	(void)state;
	assert_true(jx_ind_not_applicable(&s->inds[2]));
	assert_true(jx_ind_not_applicable(&s->inds[4]));
	assert_false(jx_ind_not_applicable(&s->inds[0]));
	score_of(s, &ss);
	assert_int_equal(item_score(&ss, "ind:i3"), JX_NONE);
	assert_true(jx_score_find(&ss, "ind:i3")->flags & JX_SF_NA);
	assert_int_equal(item_score(&ss, "node:output.quality"), JX_NONE);
	assert_true(jx_score_find(&ss, "node:output.quality")->flags & JX_SF_NA);
	assert_int_equal(item_score(&ss, "node:output"), D("45"));
	assert_false(jx_score_find(&ss, "node:output")->flags & JX_SF_NA);
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "node:output")),
			       "不适用 10 分不计，折算：36.00 × 50 ÷ 40 = 45.00"));
	assert_int_equal(item_score(&ss, "node:satisfaction"), JX_NONE);
	assert_true(jx_score_find(&ss, "node:satisfaction")->flags & JX_SF_NA);
	assert_int_equal(ss.total, D("94.44"));
	assert_string_equal(ss.grade->grade, "优");
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "total")), "85.00 × 100 ÷ 90 = 94.44"));
	jx_scoresheet_free(&ss);

	/* shown, and nothing asked of them: no comparator, target or actual */
	run(s, NULL, &f);
	expect(&f, "I1407", "ind:i3:actual_text", "安全事故：不适用（分值 10 分），分值不计，所在类别按比例折算到其分值");
	expect(&f, "I1407", "ind:i5:actual_text", NULL);
	expect_none(&f, "W1501", NULL);
	expect_none(&f, "W1502", NULL);
	expect_none(&f, "W1503", NULL);
	expect_none(&f, "W204", NULL);
	assert_int_equal(jx_findings_unfilled(&f), 0);

	/* printed "/" in the points column too: nothing to rescale.  产出 then
	 * holds 20 + 20 = 40 of its 50 points (E101 says so) and scores 36 */
	s->inds[2].points = JX_NONE;
	score_of(s, &ss);
	assert_int_equal(item_score(&ss, "node:output"), D("36"));
	jx_scoresheet_free(&ss);
	run(s, NULL, &f);
	expect(&f, "E101", "node:output", "产出指标：分值 50 分，下级各项分值合计 40 分");
	expect(&f, "I1407", "ind:i3:actual_text", "安全事故：不适用，不计分");
	expect_none(&f, "I1403", "ind:i3:points");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* not_applicable: full — the indicator counts its points:
 *   执行 10; 产出 90: i1 ≥ 100, 80, 45 points → 80 ÷ 100 × 45 = 36;
 *   i2 "/" 45 points → 45; 产出 36 + 45 = 81; total 10 + 81 = 91 */
static void test_na_full(void **state)
{
	static const char y[] = "id: t\nname: 测试\nkind: project-self\n"
				"rules: {not_applicable: full}\n"
				"nodes:\n" EXEC_NODE "  - key: output\n"
				"    name: 产出指标\n"
				"    kind: group\n"
				"    points: 90\n"
				"    children:\n"
				"      - {key: output.quantity, name: 数量指标, kind: slot}\n";
	jx_template *t = small_template(y, sizeof y - 1);
	jx_sheet *s = small_sheet("100", NULL);
	jx_findings f = {0};
	jx_scoresheet ss;
	(void)state;
	ind(s, "i1", "output.quantity", "培训人数", JX_CMP_GE, "100", "80", "人", "45");
	set(&ind(s, "i2", "output.quantity", "安全事故", JX_CMP_NONE, NULL, NULL, NULL, "45")->actual_text, "／");
	memset(&ss, 0, sizeof ss);
	jx_score(t, s, &ss);
	assert_int_equal(item_score(&ss, "ind:i2"), D("45"));
	assert_true(jx_score_find(&ss, "ind:i2")->flags & JX_SF_NA);
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "ind:i2")), "不适用，按满分计 45.00"));
	assert_int_equal(item_score(&ss, "node:output"), D("81"));
	assert_int_equal(ss.total, D("91"));
	jx_check(t, s, &ss, NULL, &f);
	expect(&f, "I1407", "ind:i2:actual_text", "安全事故：不适用（分值 45 分），按满分计");
	jx_scoresheet_free(&ss);
	jx_findings_free(&f);
	jx_sheet_free(s);
	jx_template_free(t);
}

/* ------------------------------------------------------------------------ */
/* goal blocks (project-self-hubei-2020: 年度绩效目标1 … n)                    */

/* A two-goal Hubei sheet entered as printed:
 *   funds 100 / 90 → 执行 90 ÷ 100 = 90% → 20 × 90% = 18.00
 *   年度绩效目标1, 40 points:
 *     i1 数量 维修供水工程 ≥ 20, 16, 20 points → 16 ÷ 20 × 20 = 16.00
 *     i2 质量 验收合格率 ≥ 100%, 100, 10 points → 10.00
 *     i3 时效 完工时间 ≤ 2020-12-31, 2020-11-30, 10 points → 10.00
 *     subtotal 16 + 10 + 10 = 36.00 of 20 + 10 + 10 = 40 ✓
 *   年度绩效目标2, 40 points:
 *     i4 社会效益 受益人口 ≥ 5000, 5000, 20 points → 20.00
 *     i5 满意度 群众满意度 ≥ 90%, 81, 20 points → 81 ÷ 90 × 20 = 18.00
 *     subtotal 20 + 18 = 38.00 of 40 ✓
 *   goals 40 + 40 = 80 = 产出 40 + 效益 40, the nodes they replace ✓
 *   total 18 + 36 + 38 = 92.00 */
static jx_sheet *hubei_goals(void)
{
	jx_sheet *s = sheet_on("project-self-hubei-2020");
	jx_fund *f = jx_sheet_add_fund(s, "当年财政拨款");
	jx_goal *g;
	jx_indicator *d;
	assert_non_null(f);
	f->planned = f->budget = f->received = D("100");
	f->spent = D("90");
	set(&s->narr[JX_NARR_PROBLEMS], "维修进度偏慢。");
	for (int i = 0; i < 2; i++) {
		assert_non_null(g = jx_sheet_add_goal(s));
		set(&g->planned, i ? "受益群众满意" : "完成 20 处供水工程维修");
		set(&g->actual, "基本完成");
		g->points = D("40");
	}
	set(&ind(s, "i1", "output.quantity", "维修供水工程", JX_CMP_GE, "20", "16", "处", "20")->deviation_reason, "雨季");
	ind(s, "i2", "output.quality", "验收合格率", JX_CMP_GE, "100", "100", "%", "10");
	d = ind(s, "i3", "output.timeliness", "完工时间", JX_CMP_DEADLINE, NULL, NULL, NULL, "10");
	set(&d->target_text, "2020-12-31");
	set(&d->actual_text, "2020-11-30");
	ind(s, "i4", "benefit.social", "受益人口", JX_CMP_GE, "5000", "5000", "人", "20");
	set(&ind(s, "i5", "benefit.satisfaction", "群众满意度", JX_CMP_GE, "90", "81", "%", "20")->deviation_reason, "水压");
	for (size_t i = 0; i < s->n_inds; i++)
		s->inds[i].goal = i < 3 ? D("1") : D("2");
	return s;
}

static void test_goal_blocks_score(void **state)
{
	jx_sheet *s = hubei_goals();
	jx_scoresheet ss;
	jx_findings f = {0};
	const jx_score_item *it;
	(void)state;
	score_of(s, &ss);
	assert_true(ss.goal_blocks);
	assert_int_equal(item_score(&ss, "node:execution"), D("18"));
	it = jx_score_find(&ss, "goal:0");
	assert_non_null(it);
	assert_string_equal(jx_score_label(it), "年度绩效目标1：完成 20 处供水工程维修");
	assert_int_equal(it->points, D("40"));
	assert_int_equal(it->score, D("36"));
	assert_int_equal(it->goal, 1);
	assert_int_equal(item_score(&ss, "goal:0:output.quantity"), D("16"));
	assert_int_equal(jx_score_find(&ss, "ind:i1")->parent, jx_score_find(&ss, "goal:0:output.quantity") - ss.items);
	assert_int_equal(item_score(&ss, "goal:1"), D("38"));
	assert_int_equal(item_score(&ss, "goal:1:benefit.satisfaction"), D("18"));
	/* the replaced nodes are not scored on their own */
	assert_null(jx_score_find(&ss, "node:output"));
	assert_null(jx_score_find(&ss, "node:benefit"));
	assert_int_equal(ss.total, D("92"));
	assert_int_equal(ss.points, D("100"));
	jx_scoresheet_free(&ss);

	/* entered as printed: no weight error, nothing about the goals */
	stated(s, "goal:0:score", "36", NULL, NULL);
	stated(s, "goal:1:score", "38", NULL, NULL);
	stated(s, "total", "92", NULL, NULL);
	run(s, NULL, &f);
	expect_none(&f, "E101", NULL);
	expect_none(&f, "E102", NULL);
	for (const char *const *c = (const char *const[]){"E2001", "E2002", "W2003", "W2004", "E2005", "W2006", "W2007",
							   "W203", NULL};
	     *c; c++)
		expect_none(&f, *c, NULL);
	/* both goals' rows in 产出 slots: 效益 40 holds none, and is not asked for any
	 * (the goals stand for it) */
	set(&s->inds[3].slot, "output.quantity");
	set(&s->inds[4].slot, "output.quality");
	run(s, NULL, &f);
	expect_none(&f, "I1404", NULL);
	expect_none(&f, "W1507", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

static void test_goal_blocks_checks(void **state)
{
	jx_sheet *s = hubei_goals();
	jx_findings f = {0};
	jx_goal *g;
	(void)state;
	/* stated subtotal 37, recomputed 36 */
	stated(s, "goal:0:score", "37", "", "自评表");
	run(s, NULL, &f);
	expect(&f, "W2006", "goal:0", "年度绩效目标1：文中得分 37 分（自评表），重新计算为 36 分");
	/* goal 1 worth 45: its rows add up to 20 + 10 + 10 = 40; the goals to 45 + 40 = 85, not 80 */
	s->goals[0].points = D("45");
	run(s, NULL, &f);
	expect(&f, "E2002", "goal:0:points", "年度绩效目标1：分值 45 分，所列指标分值合计 40 分");
	expect(&f, "E2001", "goals", "各年度绩效目标分值合计 85 分，应为 80 分");
	s->goals[0].points = D("40");
	/* a third goal with no rows and no points; i5 under goal 4, which is not there */
	assert_non_null(g = jx_sheet_add_goal(s));
	set(&g->planned, "长效管护");
	s->inds[4].goal = D("4");
	run(s, NULL, &f);
	expect(&f, "W2003", "goal:2", "年度绩效目标3：没有指标");
	expect(&f, "W2004", "goal:2:points", "年度绩效目标3：目标分值未填写");
	expect(&f, "E2005", "ind:i5:goal", "群众满意度：所属目标 4 不存在（本表有 3 个年度绩效目标），不计分");
	/* 年度绩效目标2 now holds i4 alone: 20 of its 40 */
	expect(&f, "E2002", "goal:1:points", "年度绩效目标2：分值 40 分，所列指标分值合计 20 分");
	s->inds[4].goal = JX_NONE;
	run(s, NULL, &f);
	expect(&f, "E2005", "ind:i5:goal", "群众满意度：未归入年度绩效目标，不计分");
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* A Hubei sheet made before goal blocks (no goal points, no indicator under
 * a goal) is scored by 产出 40 and 效益 40 as before and told so:
 *   产出 16 + 10 + 10 = 36, 效益 20 + 18 = 38, total 18 + 36 + 38 = 92 */
static void test_goal_blocks_old_sheet(void **state)
{
	jx_sheet *s = hubei_goals();
	jx_scoresheet ss;
	jx_findings f = {0};
	(void)state;
	for (size_t i = 0; i < s->n_goals; i++)
		s->goals[i].points = JX_NONE;
	for (size_t i = 0; i < s->n_inds; i++)
		s->inds[i].goal = JX_NONE;
	score_of(s, &ss);
	assert_false(ss.goal_blocks);
	assert_int_equal(item_score(&ss, "node:output"), D("36"));
	assert_int_equal(item_score(&ss, "node:benefit"), D("38"));
	assert_null(jx_score_find(&ss, "goal:0"));
	assert_int_equal(ss.total, D("92"));
	jx_scoresheet_free(&ss);
	run(s, NULL, &f);
	expect(&f, "W2007", "goals", "暂按产出指标、效益指标（合计 80 分）计分");
	expect_none(&f, "E2005", NULL);
	jx_findings_free(&f);
	jx_sheet_free(s);
}

/* Goal points and an indicator's goal at the field: goal:<i>:points (i from
 * 0) within the total, ind:<key>:goal a whole number from 1. */
static void test_goal_fields(void **state)
{
	jx_sheet *s = hubei_goals();
	jx_err err = {{0}};
	char buf[64];
	(void)state;
	assert_int_equal(jx_field_set(s, tpl(s->template_id), "goal:1:points", "35", &err), 0);
	assert_int_equal(s->goals[1].points, D("35"));
	assert_int_equal(jx_field_get(s, "goal:1:points", buf, sizeof buf, &err), 0);
	assert_string_equal(buf, "35");
	assert_int_not_equal(jx_field_set(s, tpl(s->template_id), "goal:1:points", "120", &err), 0);
	assert_non_null(strstr(err.msg, "超过总分 100"));
	assert_int_equal(s->goals[1].points, D("35"));
	assert_int_equal(jx_field_set(s, tpl(s->template_id), "ind:i4:goal", "1", &err), 0);
	assert_int_equal(s->inds[3].goal, D("1"));
	assert_int_not_equal(jx_field_set(s, tpl(s->template_id), "ind:i4:goal", "1.5", &err), 0);
	assert_int_not_equal(jx_field_set(s, tpl(s->template_id), "ind:i4:goal", "0", &err), 0);
	assert_int_equal(s->inds[3].goal, D("1"));
	jx_sheet_free(s);
}

/* not_applicable: {move: benefit} — the points leave their category and
 * the named one takes them:
 *   执行 100 ÷ 100 → 10
 *   产出 50: i1 ≥ 100, 80, 20 points → 16; i2 ≥ 95, 95, 20 → 20;
 *            i3 "/" 10 points → not applicable, its 10 moved to 效益;
 *            产出 keeps 16 + 20 = 36, not rescaled
 *   效益 40: i4 ≥ 10, 8, 40 points → 8 ÷ 10 × 40 = 32;
 *            with the 10 moved in: 32 × (40 + 10) ÷ 40 = 40.00, worth 50
 *   total 10 + 36 + 40 = 86.00 (of 100: 10 + 50 − 10 + 50) */
/* What the loader refuses in goal_blocks and not_applicable: move. */
static void test_goal_blocks_refused(void **state)
{
	static const char *const bad[][2] = {
		{"goal_blocks: {name: 年度绩效目标, replaces: [execution]}\n", "不含预算执行"},
		{"goal_blocks: {name: 年度绩效目标, replaces: [output.quantity]}\n", "分值固定的一级节点"},
		{"goal_blocks: {name: 年度绩效目标, replaces: [output, output]}\n", "重复"},
		{"goal_blocks: {replaces: [output]}\n", "name"},
		{"rules: {not_applicable: {move: nowhere}}\n", "nowhere"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char y[1024];
		jx_err err = {{0}};
		jx_template *t;
		snprintf(y, sizeof y,
			 "id: t\nname: 测试\nkind: project-self\n%snodes:\n" EXEC_NODE
			 "  - {key: output, name: 产出指标, kind: group, points: 90, children: [{key: output.quantity, "
			 "name: 数量指标, kind: slot}]}\n",
			 bad[i][0]);
		t = jx_template_load_mem("t.yaml", y, strlen(y), &err);
		if (t || !strstr(err.msg, bad[i][1]))
			fail_msg("case %zu: %s", i, t ? "loaded" : err.msg);
	}
}

static void test_na_move(void **state)
{
	static const char y[] = "id: t\nname: 测试\nkind: project-self\n"
				"rules: {not_applicable: {move: benefit}}\n"
				"nodes:\n" EXEC_NODE "  - key: output\n"
				"    name: 产出指标\n"
				"    kind: group\n"
				"    points: 50\n"
				"    children:\n"
				"      - {key: output.quantity, name: 数量指标, kind: slot}\n"
				"  - key: benefit\n"
				"    name: 效益指标\n"
				"    kind: group\n"
				"    points: 40\n"
				"    children:\n"
				"      - {key: benefit.social, name: 社会效益指标, kind: slot}\n";
	jx_template *t = small_template(y, sizeof y - 1);
	jx_sheet *s = small_sheet("100", NULL);
	jx_findings f = {0};
	jx_scoresheet ss;
	(void)state;
	assert_int_equal(t->rules.not_applicable, JX_NA_MOVE);
	ind(s, "i1", "output.quantity", "培训人数", JX_CMP_GE, "100", "80", "人", "20");
	ind(s, "i2", "output.quantity", "验收合格率", JX_CMP_GE, "95", "95", "%", "20");
	set(&ind(s, "i3", "output.quantity", "安全事故", JX_CMP_NONE, NULL, NULL, NULL, "10")->actual_text, "/");
	ind(s, "i4", "benefit.social", "带动就业", JX_CMP_GE, "10", "8", "人", "40");
	memset(&ss, 0, sizeof ss);
	jx_score(t, s, &ss);
	assert_int_equal(item_score(&ss, "ind:i3"), JX_NONE);
	assert_int_equal(item_score(&ss, "node:output"), D("36"));
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "node:output.quantity")),
			       "不适用 10 分移至“效益指标”"));
	assert_int_equal(item_score(&ss, "node:benefit"), D("40"));
	assert_int_equal(jx_score_find(&ss, "node:benefit")->points, D("50"));
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "node:benefit")),
			       "移入不适用指标 10 分，折算：32.00 × 50 ÷ 40 = 40.00"));
	assert_int_equal(ss.na_moved, D("10"));
	assert_int_equal(ss.total, D("86"));
	jx_check(t, s, &ss, NULL, &f);
	expect(&f, "I1407", "ind:i3:actual_text", "安全事故：不适用（分值 10 分），分值移至“效益指标”");
	assert_non_null(strstr(jx_score_expl(&ss, jx_score_find(&ss, "node:benefit")), "移入不适用指标 10 分"));
	jx_scoresheet_free(&ss);
	jx_findings_free(&f);
	jx_sheet_free(s);
	jx_template_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sichuan_score),	cmocka_unit_test(test_sichuan_reasons),
		cmocka_unit_test(test_sichuan_lengths), cmocka_unit_test(test_yitihua_caps),
		cmocka_unit_test(test_yitihua_checks),	cmocka_unit_test(test_inclusive_cap),
		cmocka_unit_test(test_stated_sum),	cmocka_unit_test(test_stated_unscored),
		cmocka_unit_test(test_na_rescale),	cmocka_unit_test(test_na_full),
		cmocka_unit_test(test_goal_blocks_score), cmocka_unit_test(test_goal_blocks_checks),
		cmocka_unit_test(test_goal_blocks_old_sheet), cmocka_unit_test(test_goal_fields),
		cmocka_unit_test(test_na_move),		cmocka_unit_test(test_goal_blocks_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
