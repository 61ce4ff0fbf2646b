/* The scoring engine (share/rules.md §3): a template's nodes — execution
 * and other formulas, checklists, manual nodes, the tree and its points,
 * execution caps, grades — and the whole sheet scored in English, twice, or
 * with NULL inputs.  Templates are built in C (tests/engine_fixture.h), not
 * loaded from YAML, so these tests pin the engine alone.  Every expected
 * value is worked out by hand in the comment beside it. */
#include "engine_fixture.h"

/* Hubei's caps on the total score when execution falls short. */
static jx_exec_cap hubei_caps[] = {
	{800000, 89000000, 0}, /* 70–80% → ≤ 89 */
	{700000, 79000000, 0}, /* 60–70% → ≤ 79 */
	{600000, 69000000, 0}, /* < 60%  → ≤ 69 */
	{500000, 59000000, 0}, /* < 50%  → ≤ 59 */
};

/* ---- formulas -------------------------------------------------------------- */

/* The national execution node: funds.spent ÷ funds.budget, 10 points. */
static jx_template *tpl_execution(const char *points)
{
	jx_template *t = tpl_new();
	jx_node *n = formula_add(t, NULL, "execution", JX_F_RATIO, "funds.spent", "funds.budget", JX_FS_RATE, points);
	n->execution = 1;
	return t;
}

static void test_execution_worked_example(void **state)
{
	jx_template *t = tpl_execution("10");
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	/* seed 002: A 1935, B 480.82 (two rows adding up to it) */
	fund_add(s, "当年财政拨款", NULL, "1900", NULL, "480");
	fund_add(s, "其他资金", NULL, "35", NULL, "0.82");
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:execution");
	assert_non_null(it);
	/* 480.82 ÷ 1935 = 0.2484857881… → 24.85%; × 10 = 2.484857… → 2.48 (from the exact
	 * ratio; the rounded 24.85% × 10 would give 2.485 → 2.49) */
	assert_int_equal(it->score, D("2.48"));
	assert_int_equal(it->rate, D("0.248486"));
	assert_int_equal(it->points, D("10"));
	assert_int_equal(it->flags, JX_SF_UNMET);
	assert_string_equal(jx_score_expl(&ss, it), "480.82 ÷ 1935 = 24.85%；24.85% × 10 = 2.48");
	assert_int_equal(ss.exec_rate, D("0.248486"));
	assert_int_equal(ss.total, D("2.48"));
	assert_int_equal(ss.total_raw, D("2.48"));
	assert_int_equal(ss.points, D("10"));
	assert_int_equal(ss.received_rate, JX_NONE); /* nothing received entered */
	/* English */
	jx_lang = JX_LANG_EN;
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:execution");
	assert_string_equal(jx_score_expl(&ss, it), "480.82 ÷ 1935 = 24.85%; 24.85% × 10 = 2.48");
	jx_lang = JX_LANG_ZH;
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_execution_rates_seed004(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	jx_node *n = formula_add(t, NULL, "execution", JX_F_RATIO, "funds.spent", "funds.received", JX_FS_RATE, "0");
	n->execution = 1;
	/* seed 004: budget 2900, received 1717, spent 1659 */
	fund_add(s, "市县财政", NULL, "2900", "1717", "1659");
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:execution");
	/* 1659 ÷ 1717 = 0.966220151… → 96.62%; 0 points → score 0 */
	assert_int_equal(ss.exec_rate, D("0.96622"));
	assert_int_equal(it->score, 0);
	/* a 0-point rate is shown, not scored, and is not "unmet" */
	assert_string_equal(jx_score_expl(&ss, it), "1659 ÷ 1717 = 96.62%（仅显示，不计分）");
	assert_false(it->flags & JX_SF_UNMET);
	/* received ÷ budget = 1717 ÷ 2900 = 0.5920689655… → 0.592069 */
	assert_int_equal(ss.received_rate, D("0.592069"));
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_formula_rate_mode(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	formula_add(t, NULL, "received", JX_F_RATIO, "funds.received", "funds.planned", JX_FS_RATE, "4");
	/* received above plan: 110 ÷ 100 = 110%, counted as 100% → 4 */
	fund_add(s, "市县财政", "100", "100", "110", "90");
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:received");
	assert_int_equal(it->score, D("4"));
	assert_int_equal(it->rate, D("1.1"));
	assert_int_equal(it->flags, 0);
	assert_string_equal(jx_score_expl(&ss, it), "110 ÷ 100 = 110.00%；超过 100% 按 100% 计，100% × 4 = 4.00");
	/* 57 ÷ 60 = 95% → 0.95 × 4 = 3.80 */
	s->funds[0].planned = D("60");
	s->funds[0].received = D("57");
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:received");
	assert_int_equal(it->score, D("3.8"));
	assert_int_equal(it->flags, JX_SF_UNMET);
	/* a missing input: no score, no rate */
	s->funds[0].received = JX_NONE;
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:received");
	assert_int_equal(it->score, JX_NONE);
	assert_int_equal(it->rate, JX_NONE);
	assert_int_equal(it->flags, JX_SF_INCOMPLETE);
	assert_string_equal(jx_score_expl(&ss, it), "缺少数据：实际到位");
	/* an input the engine does not know counts as missing */
	t->roots[0]->input_a = "funds.nonsense";
	s->funds[0].received = D("57");
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:received")->flags, JX_SF_INCOMPLETE);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_formula_zero_over_zero(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	jx_node *stock = formula_add(t, NULL, "stock", JX_F_GROWTH, "measure.当年末存量资金", "measure.上年末存量资金",
				     JX_FS_ZERO_IS_FULL, "5");
	formula_add(t, NULL, "ratio", JX_F_RATIO, "measure.a", "measure.b", JX_FS_RATE, "4");
	stock->na_full = 1;
	/* seed 003: 0 ÷ 0 − 1 is not −100%: not applicable; na_full → 5 */
	jx_sheet_set_measure(s, "当年末存量资金", 0);
	jx_sheet_set_measure(s, "上年末存量资金", 0);
	jx_sheet_set_measure(s, "a", 0);
	jx_sheet_set_measure(s, "b", 0);
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:stock");
	assert_int_equal(it->score, D("5"));
	assert_int_equal(it->rate, JX_NONE);
	assert_int_equal(it->flags, JX_SF_NA);
	assert_string_equal(jx_score_expl(&ss, it), "0 ÷ 0：不适用（按满分计）");
	assert_null(strstr(jx_score_expl(&ss, it), "-100"));
	/* a ratio 0 ÷ 0 without na_full → 0 */
	it = jx_score_find(&ss, "node:ratio");
	assert_int_equal(it->score, 0);
	assert_int_equal(it->rate, JX_NONE);
	assert_int_equal(it->flags, JX_SF_NA);
	assert_string_equal(jx_score_expl(&ss, it), "0 ÷ 0：不适用（得 0 分）");
	/* 5 ÷ 0 is not applicable either */
	jx_sheet_set_measure(s, "a", D("5"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:ratio");
	assert_int_equal(it->flags, JX_SF_NA);
	assert_int_equal(it->score, 0);
	/* totals: 5 + 0 = 5 */
	assert_int_equal(ss.total, D("5"));
	/* stock not na_full → 0 */
	stock->na_full = 0;
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:stock")->score, 0);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_formula_growth_and_saving(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	formula_add(t, NULL, "stock", JX_F_GROWTH, "measure.end", "measure.start", JX_FS_ZERO_IS_FULL, "5");
	formula_add(t, NULL, "saving", JX_F_SAVING, "measure.actual_cost", "measure.plan_cost", JX_FS_RATE, "10");
	/* growth 5 ÷ 4 − 1 = 25% → (1 − 25%) × 5 = 3.75 */
	jx_sheet_set_measure(s, "end", D("5"));
	jx_sheet_set_measure(s, "start", D("4"));
	/* saving (100 − 90) ÷ 100 = 10% → 10% × 10 = 1.00 */
	jx_sheet_set_measure(s, "actual_cost", D("90"));
	jx_sheet_set_measure(s, "plan_cost", D("100"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:stock");
	assert_int_equal(it->rate, D("0.25"));
	assert_int_equal(it->score, D("3.75"));
	assert_string_equal(jx_score_expl(&ss, it), "5 ÷ 4 − 1 = 25.00%；(1 − 25.00%) × 5 = 3.75");
	it = jx_score_find(&ss, "node:saving");
	assert_int_equal(it->rate, D("0.1"));
	assert_int_equal(it->score, D("1"));
	assert_string_equal(jx_score_expl(&ss, it), "(100 − 90) ÷ 100 = 10.00%；10.00% × 10 = 1.00");
	/* stock fell: 3 ÷ 4 − 1 = −25% ≤ 0 → full 5 */
	jx_sheet_set_measure(s, "end", D("3"));
	/* cost overrun: (100 − 120) ÷ 100 = −20% → 0 */
	jx_sheet_set_measure(s, "actual_cost", D("120"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:stock");
	assert_int_equal(it->rate, D("-0.25"));
	assert_int_equal(it->score, D("5"));
	assert_int_equal(jx_score_find(&ss, "node:saving")->score, 0);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_formula_zero_is_full(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	formula_add(t, NULL, "carry", JX_F_RATIO, "measure.结转结余", "measure.财政下达预算数", JX_FS_ZERO_IS_FULL, "5");
	/* 0 ÷ 16147.27 = 0 → full 5 */
	jx_sheet_set_measure(s, "结转结余", 0);
	jx_sheet_set_measure(s, "财政下达预算数", D("16147.27"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:carry");
	assert_int_equal(it->score, D("5"));
	assert_int_equal(it->flags, 0);
	/* 12 ÷ 100 = 12% → (1 − 0.12) × 5 = 4.40 */
	jx_sheet_set_measure(s, "结转结余", D("12"));
	jx_sheet_set_measure(s, "财政下达预算数", D("100"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:carry");
	assert_int_equal(it->score, D("4.4"));
	assert_int_equal(it->flags, JX_SF_UNMET);
	/* 150 ÷ 100 = 150% → max(0, 1 − 1.5) × 5 = 0 */
	jx_sheet_set_measure(s, "结转结余", D("150"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:carry")->score, 0);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_formula_at_most(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	formula_add(t, NULL, "sangong", JX_F_RATIO, "measure.三公经费实际支出", "measure.三公经费预算数", JX_FS_AT_MOST,
		    "5");
	/* seed 003: 8.128826 万元 spent of 28.8 budgeted → 5; rate 8.128826 ÷ 28.8 = 0.2822509… → 0.282251 */
	jx_sheet_set_measure(s, "三公经费实际支出", D("8.128826"));
	jx_sheet_set_measure(s, "三公经费预算数", D("28.8"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:sangong");
	assert_int_equal(it->score, D("5"));
	assert_int_equal(it->rate, D("0.282251"));
	assert_int_equal(it->flags, 0);
	assert_string_equal(jx_score_expl(&ss, it), "8.128826 ÷ 28.8 = 28.23%；8.128826 ≤ 28.8，得满分 5");
	/* equal is within: 28.8 ≤ 28.8 → 5 */
	jx_sheet_set_measure(s, "三公经费实际支出", D("28.8"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:sangong")->score, D("5"));
	/* 30 > 28.8 → 0 */
	jx_sheet_set_measure(s, "三公经费实际支出", D("30"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:sangong");
	assert_int_equal(it->score, 0);
	assert_int_equal(it->flags, JX_SF_UNMET);
	/* nothing budgeted, nothing spent: 0 ≤ 0 → 5; the rate is not applicable */
	jx_sheet_set_measure(s, "三公经费实际支出", 0);
	jx_sheet_set_measure(s, "三公经费预算数", 0);
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:sangong");
	assert_int_equal(it->score, D("5"));
	assert_int_equal(it->rate, JX_NONE);
	assert_int_equal(it->flags, JX_SF_NA);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_formula_bands(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	jx_node *n = formula_add(t, NULL, "control", JX_F_RATIO, "measure.a", "measure.b", JX_FS_BANDS, "10");
	const jx_score_item *it;
	/* deliberately not sorted: the highest min_rate reached wins */
	n->bands = talloc(3 * sizeof *n->bands);
	n->bands[0] = (jx_rate_band){D("0.6"), D("0.5")};
	n->bands[1] = (jx_rate_band){D("0.9"), D("1")};
	n->bands[2] = (jx_rate_band){D("0.8"), D("0.8")};
	n->n_bands = 3;
	jx_sheet_set_measure(s, "b", D("100"));
	/* 85% → band ≥ 80%: 0.8 × 10 = 8.00 */
	jx_sheet_set_measure(s, "a", D("85"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:control");
	assert_int_equal(it->score, D("8"));
	assert_string_equal(jx_score_expl(&ss, it), "85 ÷ 100 = 85.00%；≥ 80% 档：80% × 10 = 8.00");
	/* exactly 90% → band ≥ 90%: 10 */
	jx_sheet_set_measure(s, "a", D("90"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:control");
	assert_int_equal(it->score, D("10"));
	assert_int_equal(it->flags, 0);
	/* 89.999999% → still the 80% band: 8 */
	jx_sheet_set_measure(s, "a", D("89.999999"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:control")->score, D("8"));
	/* exactly 60% → 0.5 × 10 = 5.00 */
	jx_sheet_set_measure(s, "a", D("60"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:control")->score, D("5"));
	/* 50% is below every band → 0 */
	jx_sheet_set_measure(s, "a", D("50"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:control");
	assert_int_equal(it->score, 0);
	assert_int_equal(it->flags, JX_SF_UNMET);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_formula_entered(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	formula_add(t, NULL, "quality", JX_F_RATIO, "measure.达标产出", "measure.实际产出", JX_FS_ENTERED, "10");
	jx_sheet_set_measure(s, "达标产出", D("95"));
	jx_sheet_set_measure(s, "实际产出", D("100"));
	/* rate shown (95%), no score typed → incomplete */
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:quality");
	assert_int_equal(it->score, JX_NONE);
	assert_int_equal(it->rate, D("0.95"));
	assert_int_equal(it->flags, JX_SF_INCOMPLETE);
	/* typed 8 → 8 */
	jx_sheet_set_entry(s, "quality", D("8"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:quality");
	assert_int_equal(it->score, D("8"));
	assert_int_equal(it->flags, 0);
	assert_string_equal(jx_score_expl(&ss, it), "95 ÷ 100 = 95.00%；录入评分 8");
	/* typed 12 > 10 → 10 */
	jx_sheet_set_entry(s, "quality", D("12"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:quality")->score, D("10"));
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

/* ---- checklist and manual nodes -------------------------------------------- */

static void test_checklist(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	/* 立项依据充分性: ①1 ②1 ③0.5 ④0.5 = 3 */
	checklist_add(t, NULL, "basis", "3", "1", "1", "0.5", "0.5", NULL);
	/* nothing marked: 0, incomplete */
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:basis");
	assert_int_equal(it->score, 0);
	assert_int_equal(it->points, D("3"));
	assert_int_equal(it->flags, JX_SF_INCOMPLETE);
	/* a mark for an item the node does not have is ignored: still incomplete */
	jx_sheet_set_mark(s, "basis", 9, D("1"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:basis")->flags, JX_SF_INCOMPLETE);
	/* ① 1, ② 0.5 (partial), ③ 0.8 capped at its 0.5, ④ unmarked:
	 * 1 + 0.5 + 0.5 + 0 = 2.00 */
	jx_sheet_set_mark(s, "basis", 0, D("1"));
	jx_sheet_set_mark(s, "basis", 1, D("0.5"));
	jx_sheet_set_mark(s, "basis", 2, D("0.8"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:basis");
	assert_int_equal(it->score, D("2"));
	assert_int_equal(it->flags, 0);
	assert_string_equal(jx_score_expl(&ss, it),
			    "评价要点：1 + 0.5 + 0.5 + 0 = 2.00；第 3 项评分 0.8 超过其分值 0.5，按 0.5 计");
	/* a negative mark counts 0: 1 + 0 + 0.5 + 0 = 1.50 */
	jx_sheet_set_mark(s, "basis", 1, D("-1"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:basis")->score, D("1.5"));
	/* all marked in full: 1 + 1 + 0.5 + 0.5 = 3 */
	jx_sheet_set_mark(s, "basis", 1, D("1"));
	jx_sheet_set_mark(s, "basis", 3, D("0.5"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:basis")->score, D("3"));
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void test_manual(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	node_add(t, NULL, "result", JX_NODE_MANUAL, "100");
	/* nothing entered → no score, incomplete */
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:result");
	assert_int_equal(it->score, JX_NONE);
	assert_int_equal(it->flags, JX_SF_INCOMPLETE);
	assert_int_equal(ss.total, 0);
	assert_int_equal(jx_score_find(&ss, "total")->flags, JX_SF_INCOMPLETE);
	/* seed 004: 80.08 → 80.08, 良 */
	jx_sheet_set_entry(s, "result", D("80.08"));
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "node:result");
	assert_int_equal(it->score, D("80.08"));
	assert_string_equal(jx_score_expl(&ss, it), "录入评分 80.08");
	assert_int_equal(ss.total, D("80.08"));
	assert_string_equal(ss.grade->grade, "良");
	/* clamped to [0, 100] */
	jx_sheet_set_entry(s, "result", D("120"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:result")->score, D("100"));
	jx_sheet_set_entry(s, "result", D("-3"));
	jx_score(t, s, &ss);
	assert_int_equal(jx_score_find(&ss, "node:result")->score, 0);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

/* ---- the tree: slots, groups, pre-order ------------------------------------ */

static void test_tree_and_points(void **state)
{
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	jx_node *output = node_add(t, NULL, "output", JX_NODE_GROUP, "50");
	jx_node *benefit;
	static const char *order[] = {"node:output", "node:output.quantity", "ind:q1", "ind:q2",
				      "node:output.quality", "ind:q3", "node:benefit", "node:benefit.x",
				      "node:benefit.y", "total"};
	static const int parents[] = {-1, 0, 1, 1, 0, 4, -1, 6, 6, -1};
	static const int depths[] = {0, 1, 2, 2, 1, 2, 0, 1, 1, 0};
	node_add(t, output, "output.quantity", JX_NODE_SLOT, NULL);
	node_add(t, output, "output.quality", JX_NODE_SLOT, "20");
	benefit = node_add(t, NULL, "benefit", JX_NODE_GROUP, NULL);
	node_add(t, benefit, "benefit.x", JX_NODE_MANUAL, "10");
	node_add(t, benefit, "benefit.y", JX_NODE_MANUAL, "5");

	ind_add(s, "q1", "output.quantity", JX_CMP_GE, "6", "5", "2");    /* 1.67 */
	ind_add(s, "q3", "output.quality", JX_CMP_GE, "95", "96", "8");   /* 8 */
	ind_add(s, "q2", "output.quantity", JX_CMP_GE, "20", "22", "10"); /* 10 */
	ind_add(s, "lost", "nowhere", JX_CMP_GE, "1", "1", "3");          /* in no slot: not scored */
	jx_sheet_set_entry(s, "benefit.x", D("7"));
	jx_sheet_set_entry(s, "benefit.y", D("5"));
	jx_score(t, s, &ss);

	assert_int_equal(ss.n, 10);
	for (size_t i = 0; i < ss.n; i++) {
		assert_string_equal(ss.items[i].path, order[i]);
		assert_int_equal(ss.items[i].parent, parents[i]);
		assert_int_equal(ss.items[i].depth, depths[i]);
	}
	assert_int_equal(ss.items[2].kind, JX_ITEM_IND);
	assert_ptr_equal(ss.items[2].ind, &s->inds[0]);
	assert_int_equal(ss.items[9].kind, JX_ITEM_TOTAL);
	assert_null(jx_score_find(&ss, "ind:lost"));
	assert_null(jx_score_find(&ss, "node:nothing"));

	/* slot without its own points: 2 + 10 = 12 points; 1.67 + 10 = 11.67 */
	it = jx_score_find(&ss, "node:output.quantity");
	assert_int_equal(it->points, D("12"));
	assert_int_equal(it->score, D("11.67"));
	assert_string_equal(jx_score_expl(&ss, it), "小计：1.67 + 10.00 = 11.67");
	/* slot with fixed points 20 (indicators add to 8): points 20, score 8 */
	it = jx_score_find(&ss, "node:output.quality");
	assert_int_equal(it->points, D("20"));
	assert_int_equal(it->score, D("8"));
	/* group with fixed points 50: 50; score 11.67 + 8 = 19.67 */
	it = jx_score_find(&ss, "node:output");
	assert_int_equal(it->points, D("50"));
	assert_int_equal(it->score, D("19.67"));
	/* group without points: 10 + 5 = 15; 7 + 5 = 12 */
	it = jx_score_find(&ss, "node:benefit");
	assert_int_equal(it->points, D("15"));
	assert_int_equal(it->score, D("12"));
	/* total 19.67 + 12 = 31.67 of 50 + 15 = 65 points */
	it = jx_score_find(&ss, "total");
	assert_int_equal(it->score, D("31.67"));
	assert_int_equal(it->points, D("65"));
	assert_int_equal(ss.total, D("31.67"));
	assert_int_equal(ss.points, D("65"));
	assert_string_equal(jx_score_expl(&ss, it), "总分：19.67 + 12.00 = 31.67");
	assert_int_equal(ss.total_expl, it->expl);
	assert_string_equal(ss.grade->grade, "差");
	assert_int_equal(ss.exec_rate, JX_NONE); /* no execution node */

	/* an indicator without its actual counts 0 and marks its slot and the total incomplete:
	 * quantity 0 + 10 = 10, output 10 + 8 = 18, total 18 + 12 = 30 */
	s->inds[0].actual = JX_NONE;
	jx_score(t, s, &ss);
	it = jx_score_find(&ss, "ind:q1");
	assert_int_equal(it->score, JX_NONE);
	it = jx_score_find(&ss, "node:output.quantity");
	assert_int_equal(it->score, D("10"));
	assert_int_equal(it->flags & JX_SF_INCOMPLETE, JX_SF_INCOMPLETE);
	assert_string_equal(jx_score_expl(&ss, it), "小计：未评 + 10.00 = 10.00");
	assert_int_equal(jx_score_find(&ss, "node:output")->flags & JX_SF_INCOMPLETE, JX_SF_INCOMPLETE);
	assert_int_equal(jx_score_find(&ss, "total")->flags & JX_SF_INCOMPLETE, JX_SF_INCOMPLETE);
	assert_int_equal(ss.total, D("30"));
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

/* ---- execution caps -------------------------------------------------------- */

/* execution 20 × rate (Hubei) plus a manual 80; caps from the provincial manual. */
static jx_template *tpl_caps(void)
{
	jx_template *t = tpl_execution("20");
	node_add(t, NULL, "rest", JX_NODE_MANUAL, "80");
	t->rules.caps = hubei_caps;
	t->rules.n_caps = 4;
	return t;
}

static void score_caps(jx_template *t, jx_scoresheet *ss, const char *spent, const char *rest)
{
	jx_sheet *s = jx_sheet_new();
	fund_add(s, "省财政", NULL, "100", NULL, spent);
	jx_sheet_set_entry(s, "rest", D(rest));
	jx_score(t, s, ss);
	jx_sheet_free(s);
}

static void test_execution_caps(void **state)
{
	jx_template *t = tpl_caps();
	jx_scoresheet ss = {0};
	const jx_score_item *it;
	/* exactly 70%: not below 70%, but below 80% → ≤ 89; 20 × 0.7 = 14, 14 + 80 = 94 → 89 */
	score_caps(t, &ss, "70", "80");
	assert_int_equal(ss.exec_rate, D("0.7"));
	assert_int_equal(ss.total_raw, D("94"));
	assert_int_equal(ss.total, D("89"));
	it = jx_score_find(&ss, "total");
	assert_int_equal(it->score, D("89"));
	assert_int_equal(it->flags, JX_SF_CAPPED);
	assert_string_equal(jx_score_expl(&ss, it), "总分：14.00 + 80.00 = 94.00；执行率 70.00% 低于 80%，总分上限 89");
	assert_string_equal(ss.grade->grade, "良");
	/* 69.99%: below 80% and 70% → the tighter 79; 20 × 0.6999 = 13.998 → 14.00; 94 → 79 */
	score_caps(t, &ss, "69.99", "80");
	assert_int_equal(ss.total_raw, D("94"));
	assert_int_equal(ss.total, D("79"));
	/* 65%: 13 + 80 = 93 → 79 */
	score_caps(t, &ss, "65", "80");
	assert_int_equal(ss.total, D("79"));
	assert_string_equal(jx_score_expl(&ss, jx_score_find(&ss, "total")),
			    "总分：13.00 + 80.00 = 93.00；执行率 65.00% 低于 70%，总分上限 79");
	assert_string_equal(ss.grade->grade, "中");
	/* exactly 60%: 12 + 80 = 92; below 70% → 79 */
	score_caps(t, &ss, "60", "80");
	assert_int_equal(ss.total, D("79"));
	/* 59.999999%: below 60% → 69; 20 × 0.59999999 = 11.9999998 → 12.00; 92 → 69 */
	score_caps(t, &ss, "59.999999", "80");
	assert_int_equal(ss.total, D("69"));
	/* exactly 50%: 10 + 80 = 90 → below 60% → 69 */
	score_caps(t, &ss, "50", "80");
	assert_int_equal(ss.total, D("69"));
	/* 49.99%: 9.998 → 10.00; 90 → 59 */
	score_caps(t, &ss, "49.99", "80");
	assert_int_equal(ss.total, D("59"));
	assert_string_equal(ss.grade->grade, "差");
	/* exactly 80%: no cap; 16 + 80 = 96 */
	score_caps(t, &ss, "80", "80");
	assert_int_equal(ss.total, D("96"));
	assert_int_equal(jx_score_find(&ss, "total")->flags, 0);
	/* a cap that is in force but not reached changes nothing: 70% → ≤ 89, 14 + 60 = 74 */
	score_caps(t, &ss, "70", "60");
	assert_int_equal(ss.total, D("74"));
	assert_int_equal(jx_score_find(&ss, "total")->flags, 0);
	/* the national rules have no caps: 13 + 80 = 93 stays */
	t->rules.n_caps = 0;
	score_caps(t, &ss, "65", "80");
	assert_int_equal(ss.total, D("93"));
	jx_scoresheet_free(&ss);
}

static void test_caps_without_execution_rate(void **state)
{
	jx_template *t = tpl_caps();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	/* budget 0: the execution rate is not applicable, so no cap applies: 0 + 80 = 80 */
	fund_add(s, "省财政", NULL, "0", NULL, "0");
	jx_sheet_set_entry(s, "rest", D("80"));
	jx_score(t, s, &ss);
	assert_int_equal(ss.exec_rate, JX_NONE);
	assert_int_equal(ss.total, D("80"));
	assert_int_equal(jx_score_find(&ss, "total")->flags & JX_SF_CAPPED, 0);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

/* ---- grades ---------------------------------------------------------------- */

static void test_grades(void **state)
{
	static const struct {
		const char *total, *grade;
	} cases[] = {
		{"100", "优"}, {"90", "优"}, {"89.99", "良"}, {"80", "良"}, {"79.99", "中"},
		{"60", "中"}, {"59.99", "差"}, {"0", "差"},
	};
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_scoresheet ss = {0};
	node_add(t, NULL, "result", JX_NODE_MANUAL, "100");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		jx_sheet_set_entry(s, "result", D(cases[i].total));
		jx_score(t, s, &ss);
		assert_int_equal(ss.total, D(cases[i].total));
		assert_non_null(ss.grade);
		assert_string_equal(ss.grade->grade, cases[i].grade);
	}
	/* no grade bands in the rules → no grade */
	t->rules.n_grades = 0;
	jx_score(t, s, &ss);
	assert_null(ss.grade);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

/* ---- English explanations -------------------------------------------------- */

static void test_english(void **state)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(JX_CMP_GE, "20", "22", "10");
	ind_res x;
	jx_lang = JX_LANG_EN;
	x = run_ind(&r, &ind);
	assert_string_equal(x.expl, "22 ≥ 20, met, full points 10");
	ind = mk(JX_CMP_QUAL, NULL, NULL, "10");
	ind.band = 1;
	ind.score_entered = D("7");
	x = run_ind(&r, &ind);
	assert_string_equal(x.expl, "qualitative: Partly achieved with some effect [60%, 80%), score 7");
	jx_lang = JX_LANG_ZH;
}

/* ---- explanation buffer limits --------------------------------------------- */

static void test_short_explanation_buffer(void **state)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(JX_CMP_GE, "20", "22", "10");
	char small[8], tiny[6];
	jx_dec sc;
	int fl;
	/* "22 ≥ 20，…" is put together from pieces "22", " ", "≥" (3 bytes), " ", "20", …;
	 * 8 bytes hold 7 characters of text: "22 ≥ " is exactly 7 bytes, "20" no longer fits */
	jx_score_indicator(&r, &ind, &sc, NULL, &fl, small, sizeof small);
	assert_int_equal(sc, D("10"));
	assert_string_equal(small, "22 ≥ ");
	/* 6 bytes: "22 " (3) leaves 2 bytes, too few for the 3-byte "≥": cut before it, never inside */
	jx_score_indicator(&r, &ind, &sc, NULL, &fl, tiny, sizeof tiny);
	assert_string_equal(tiny, "22 ");
	/* no buffer at all */
	jx_score_indicator(&r, &ind, &sc, NULL, &fl, NULL, 0);
	assert_int_equal(sc, D("10"));
}

/* ---- buffer reuse and stability -------------------------------------------- */

/* A national-shaped sheet: execution + output/benefit/satisfaction slots holding n indicators. */
static jx_template *tpl_national(void)
{
	jx_template *t = tpl_execution("10");
	jx_node *g;
	g = node_add(t, NULL, "output", JX_NODE_GROUP, "50");
	node_add(t, g, "output.quantity", JX_NODE_SLOT, NULL);
	node_add(t, g, "output.quality", JX_NODE_SLOT, NULL);
	g = node_add(t, NULL, "benefit", JX_NODE_GROUP, "30");
	node_add(t, g, "benefit.social", JX_NODE_SLOT, NULL);
	g = node_add(t, NULL, "satisfaction", JX_NODE_GROUP, "10");
	node_add(t, g, "satisfaction.service", JX_NODE_SLOT, NULL);
	return t;
}

static jx_sheet *sheet_national(size_t n)
{
	static const char *slots[] = {"output.quantity", "output.quality", "benefit.social", "satisfaction.service"};
	jx_sheet *s = jx_sheet_new();
	fund_add(s, "当年财政拨款", NULL, "1935", "1935", "480.82");
	for (size_t i = 0; i < n; i++) {
		jx_indicator *ind = ind_add(s, NULL, slots[i % 4], (jx_cmp)(JX_CMP_GE + i % 5), "90", NULL, "0.5");
		ind->actual = D("80") + (jx_dec)(i % 37) * JX_SCALE;
		if (i % 11 == 0) {
			ind->cmp = JX_CMP_QUAL;
			ind->band = (int)(i % 3);
		}
	}
	return s;
}

static void test_twice_identical(void **state)
{
	jx_template *t = tpl_national();
	jx_sheet *s = sheet_national(300);
	jx_scoresheet ss = {0};
	jx_score_item *items_copy, *items_ptr;
	char *text_copy, *text_ptr;
	size_t n, text_len, cap, text_cap;
	jx_dec total;

	jx_score(t, s, &ss);
	/* 1 execution + 3 groups + 4 slots + 300 indicators + total */
	assert_int_equal(ss.n, 1 + 3 + 4 + 300 + 1);
	n = ss.n;
	text_len = ss.text_len;
	total = ss.total;
	items_copy = malloc(n * sizeof *items_copy);
	text_copy = malloc(text_len);
	assert_non_null(items_copy);
	assert_non_null(text_copy);
	memcpy(items_copy, ss.items, n * sizeof *items_copy);
	memcpy(text_copy, ss.text, text_len);
	items_ptr = ss.items;
	text_ptr = ss.text;
	cap = ss.cap;
	text_cap = ss.text_cap;

	jx_score(t, s, &ss);
	/* the same buffers, untouched in size, and byte-identical content */
	assert_ptr_equal(ss.items, items_ptr);
	assert_ptr_equal(ss.text, text_ptr);
	assert_int_equal(ss.cap, cap);
	assert_int_equal(ss.text_cap, text_cap);
	assert_int_equal(ss.n, n);
	assert_int_equal(ss.text_len, text_len);
	assert_int_equal(ss.total, total);
	assert_memory_equal(ss.items, items_copy, n * sizeof *items_copy);
	assert_memory_equal(ss.text, text_copy, text_len);
	/* the execution sub-score within: 2.48 */
	assert_int_equal(jx_score_find(&ss, "node:execution")->score, D("2.48"));
	/* every indicator item has its explanation */
	for (size_t i = 0; i < ss.n; i++)
		if (ss.items[i].kind == JX_ITEM_IND)
			assert_true(strlen(jx_score_expl(&ss, &ss.items[i])) > 0);

	free(items_copy);
	free(text_copy);
	jx_scoresheet_free(&ss);
	assert_null(ss.items);
	assert_null(ss.text);
	jx_scoresheet_free(&ss); /* twice is harmless */
	jx_sheet_free(s);
}

static void test_null_inputs(void **state)
{
	jx_scoresheet ss = {0};
	jx_template *t = tpl_new();
	jx_sheet *s = jx_sheet_new();
	jx_score(NULL, NULL, &ss);
	assert_int_equal(ss.n, 0);
	assert_string_equal(ss.text ? ss.text : "", "");
	jx_score(t, NULL, &ss);
	assert_int_equal(ss.n, 0);
	jx_score(t, s, NULL);
	/* an empty template: only the total, 0 of 0 */
	jx_score(t, s, &ss);
	assert_int_equal(ss.n, 1);
	assert_int_equal(ss.total, 0);
	assert_int_equal(ss.points, 0);
	assert_null(jx_score_find(NULL, "total"));
	assert_null(jx_score_find(&ss, NULL));
	jx_scoresheet_free(&ss);
	jx_scoresheet_free(NULL);
	jx_sheet_free(s);
}

/* The helpers the checks share with the engine: a deadline's date, a
 * formula input's value and a comparator's symbol. */
static void test_shared_helpers(void **state)
{
	jx_sheet *s = jx_sheet_new();
	jx_fund_totals ft;
	(void)state;
	assert_int_equal(jx_deadline_parse("2023-06-30"), 20230630);
	assert_int_equal(jx_deadline_parse(" 2023/6/3 "), 20230603);
	assert_int_equal(jx_deadline_parse("2023.12.31"), 20231231);
	assert_int_equal(jx_deadline_parse("2024-02"), 20240229); /* a month alone: its last day */
	assert_int_equal(jx_deadline_parse("2023年2月"), 20230228);
	assert_int_equal(jx_deadline_parse("2023年6月底"), 20230630);
	assert_int_equal(jx_deadline_parse("2023年6月末"), 20230630);
	assert_int_equal(jx_deadline_parse("2023年6月30日"), 20230630);
	assert_int_equal(jx_deadline_parse("2024年2月29号"), 20240229);
	assert_int_equal(jx_deadline_parse("2023-02-29"), -1);
	assert_int_equal(jx_deadline_parse("2023-13-01"), -1);
	assert_int_equal(jx_deadline_parse("2023-6/30"), -1);
	assert_int_equal(jx_deadline_parse("0999-01-01"), -1);
	assert_int_equal(jx_deadline_parse("2023年6月30"), -1);
	assert_int_equal(jx_deadline_parse("下半年"), -1);
	assert_int_equal(jx_deadline_parse(""), -1);
	assert_int_equal(jx_deadline_parse(NULL), -1);

	fund_add(s, "市县财政", "100", "120", "110", "90");
	jx_sheet_set_measure(s, "当年末存量资金", D("3.5"));
	ft = jx_sheet_fund_totals(s);
	assert_int_equal(jx_formula_input(s, &ft, "funds.planned"), D("100"));
	assert_int_equal(jx_formula_input(s, &ft, "funds.budget"), D("120"));
	assert_int_equal(jx_formula_input(s, &ft, "funds.received"), D("110"));
	assert_int_equal(jx_formula_input(s, &ft, "funds.spent"), D("90"));
	assert_int_equal(jx_formula_input(s, &ft, "measure.当年末存量资金"), D("3.5"));
	assert_true(jx_formula_input(s, &ft, "measure.无此项") == JX_NONE);
	assert_true(jx_formula_input(s, &ft, "funds.nonsense") == JX_NONE);
	assert_true(jx_formula_input(s, &ft, "spent") == JX_NONE);
	assert_true(jx_formula_input(s, &ft, NULL) == JX_NONE);

	assert_string_equal(jx_cmp_symbol(JX_CMP_GE), "≥");
	assert_string_equal(jx_cmp_symbol(JX_CMP_GT), ">");
	assert_string_equal(jx_cmp_symbol(JX_CMP_EQ), "=");
	assert_string_equal(jx_cmp_symbol(JX_CMP_LE), "≤");
	assert_string_equal(jx_cmp_symbol(JX_CMP_LT), "<");
	assert_string_equal(jx_cmp_symbol(JX_CMP_QUAL), "");
	jx_sheet_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_execution_worked_example, teardown),
		cmocka_unit_test_teardown(test_execution_rates_seed004, teardown),
		cmocka_unit_test_teardown(test_formula_rate_mode, teardown),
		cmocka_unit_test_teardown(test_formula_zero_over_zero, teardown),
		cmocka_unit_test_teardown(test_formula_growth_and_saving, teardown),
		cmocka_unit_test_teardown(test_formula_zero_is_full, teardown),
		cmocka_unit_test_teardown(test_formula_at_most, teardown),
		cmocka_unit_test_teardown(test_formula_bands, teardown),
		cmocka_unit_test_teardown(test_formula_entered, teardown),
		cmocka_unit_test_teardown(test_checklist, teardown),
		cmocka_unit_test_teardown(test_manual, teardown),
		cmocka_unit_test_teardown(test_tree_and_points, teardown),
		cmocka_unit_test_teardown(test_execution_caps, teardown),
		cmocka_unit_test_teardown(test_caps_without_execution_rate, teardown),
		cmocka_unit_test_teardown(test_grades, teardown),
		cmocka_unit_test_teardown(test_english, teardown),
		cmocka_unit_test_teardown(test_short_explanation_buffer, teardown),
		cmocka_unit_test_teardown(test_twice_identical, teardown),
		cmocka_unit_test_teardown(test_null_inputs, teardown),
		cmocka_unit_test_teardown(test_shared_helpers, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
