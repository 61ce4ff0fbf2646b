/* The scoring engine (share/rules.md §3): one indicator at a time —
 * positive, reverse and equal comparisons, zero targets, missing inputs,
 * rounding, deductions, overrides, qualitative bands and deadlines.
 * Templates are built in C (tests/engine_fixture.h), not loaded from YAML,
 * so these tests pin the engine alone.  Every expected value is worked out
 * by hand in the comment beside it.  The template's nodes are in
 * tests/test_engine_nodes.c. */
#include "engine_fixture.h"

/* Hubei's qualitative bands: partly achieved from 50%, not 60%. */
static jx_qual_band hubei_bands[] = {
	{"达成年度指标", "Target achieved", 800000, 1000000, 1},
	{"部分达成", "Partly achieved", 500000, 800000, 0},
	{"未达成", "Not achieved", 0, 500000, 0},
};

/* ---- positive indicators (≥ >) --------------------------------------------- */

static void test_positive_unmet(void **state)
{
	/* target ≥ 6, actual 5, 2 points: 5 ÷ 6 × 2 = 1.666… → 1.67; rate 5 ÷ 6 = 0.8333333… → 0.833333 */
	ind_res x = run(JX_CMP_GE, "6", "5", "2");
	assert_int_equal(x.score, D("1.67"));
	assert_int_equal(x.rate, D("0.833333"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "5 ÷ 6 × 2 = 1.67");
}

static void test_positive_met_no_over(void **state)
{
	/* target ≥ 20, actual 22, 10 points: met → 10; 22 ÷ 20 = 110% < 130%: no over flag */
	ind_res x = run(JX_CMP_GE, "20", "22", "10");
	assert_int_equal(x.score, D("10"));
	assert_int_equal(x.rate, D("1.1"));
	assert_int_equal(x.flags, 0);
	assert_string_equal(x.expl, "22 ≥ 20，达标，得满分 10");
}

static void test_over_achievement(void **state)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(JX_CMP_GE, "100", "130", "5");
	ind_res x;
	/* 130 ÷ 100 = 130% exactly = threshold 130% → over; score stays 5 (deduction 0) */
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("5"));
	assert_int_equal(x.flags, JX_SF_OVER);
	assert_int_equal(x.rate, D("1.3"));
	assert_string_equal(x.expl, "130 ≥ 100，达标，得满分 5；达到目标的 130.00%（≥ 130%），超额完成");
	/* 129.99 ÷ 100 = 129.99% < 130% → no flag */
	ind.actual = D("129.99");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("5"));
	assert_int_equal(x.flags, 0);
	/* the same with ">" : 130 > 100 met, 130% ≥ 130% → over */
	ind.cmp = JX_CMP_GT;
	ind.actual = D("130");
	x = run_ind(&r, &ind);
	assert_int_equal(x.flags, JX_SF_OVER);
	/* a provincial rule deducting 2: 5 − 2 = 3.00 */
	ind.cmp = JX_CMP_GE;
	r.over_deduction = D("2");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("3"));
	assert_int_equal(x.flags, JX_SF_OVER);
	/* deducting 6 from 5 stops at 0 */
	r.over_deduction = D("6");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, 0);
	/* no over rule at all (threshold JX_NONE): no flag even at 300% */
	r.over_threshold = JX_NONE;
	r.over_deduction = 0;
	ind.actual = D("300");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("5"));
	assert_int_equal(x.flags, 0);
	/* a threshold of 150%: 140 ÷ 100 = 140% → no flag; 150 → flag */
	r.over_threshold = D("1.5");
	ind.actual = D("140");
	assert_int_equal(run_ind(&r, &ind).flags, 0);
	ind.actual = D("150");
	assert_int_equal(run_ind(&r, &ind).flags, JX_SF_OVER);
}

static void test_gt_at_target(void **state)
{
	/* "> 20" with actual 20 is not met; 20 ÷ 20 × 10 = 10.00 by the proportional rule,
	 * and the target is flagged unmet */
	ind_res x = run(JX_CMP_GT, "20", "20", "10");
	assert_int_equal(x.score, D("10"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	/* actual 21 > 20 → met, 10 */
	x = run(JX_CMP_GT, "20", "21", "10");
	assert_int_equal(x.score, D("10"));
	assert_int_equal(x.flags, 0);
	/* actual 15: 15 ÷ 20 × 10 = 7.50 */
	x = run(JX_CMP_GT, "20", "15", "10");
	assert_int_equal(x.score, D("7.5"));
}

/* ---- reverse indicators (≤ <) ---------------------------------------------- */

static void test_reverse_linear(void **state)
{
	ind_res x;
	/* target ≤ 90, actual 99, 8 points: (2 × 90 − 99) ÷ 90 × 8 = 81 ÷ 90 × 8 = 0.9 × 8 = 7.20 */
	x = run(JX_CMP_LE, "90", "99", "8");
	assert_int_equal(x.score, D("7.2"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_int_equal(x.rate, D("1.1")); /* 99 ÷ 90 */
	assert_string_equal(x.expl, "(2 × 90 − 99) ÷ 90 × 8 = 7.20");
	/* actual 180 = 2 × 90 → 0 */
	x = run(JX_CMP_LE, "90", "180", "8");
	assert_int_equal(x.score, 0);
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "180 ≥ 2 × 90，得 0 分");
	/* actual 179.1: (180 − 179.1) ÷ 90 × 8 = 0.9 ÷ 90 × 8 = 0.08 */
	x = run(JX_CMP_LE, "90", "179.1", "8");
	assert_int_equal(x.score, D("0.08"));
	/* actual 250 > 2t → 0 */
	x = run(JX_CMP_LE, "90", "250", "8");
	assert_int_equal(x.score, 0);
	/* actual 90 ≤ 90 → met, 8 */
	x = run(JX_CMP_LE, "90", "90", "8");
	assert_int_equal(x.score, D("8"));
	assert_int_equal(x.flags, 0);
	assert_string_equal(x.expl, "90 ≤ 90，达标，得满分 8");
	/* "< 90" with actual 90 is not met: (180 − 90) ÷ 90 × 8 = 8, flagged unmet */
	x = run(JX_CMP_LT, "90", "90", "8");
	assert_int_equal(x.score, D("8"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	/* "< 90", actual 89 → met */
	x = run(JX_CMP_LT, "90", "89", "8");
	assert_int_equal(x.score, D("8"));
	assert_int_equal(x.flags, 0);
	/* over-achievement never applies to reverse indicators: 10 ≤ 90 is 11% of target */
	x = run(JX_CMP_LE, "90", "10", "8");
	assert_int_equal(x.flags, 0);
}

static void test_reverse_ratio(void **state)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(JX_CMP_LE, "90", "99", "8");
	ind_res x;
	r.reverse = JX_REVERSE_RATIO;
	/* 90 ÷ 99 × 8 = 720 ÷ 99 = 7.2727… → 7.27 */
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("7.27"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "90 ÷ 99 × 8 = 7.27");
	/* no cut-off at 2t: 90 ÷ 200 × 8 = 3.60 */
	ind.actual = D("200");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("3.6"));
	/* met → full */
	ind.actual = D("60");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("8"));
}

/* ---- equal (=) ------------------------------------------------------------- */

static void test_equal(void **state)
{
	ind_res x;
	/* = 5, actual 5 → 4 */
	x = run(JX_CMP_EQ, "5", "5", "4");
	assert_int_equal(x.score, D("4"));
	assert_int_equal(x.flags, 0);
	/* actual 4 < 5: 4 ÷ 5 × 4 = 3.20 */
	x = run(JX_CMP_EQ, "5", "4", "4");
	assert_int_equal(x.score, D("3.2"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "4 ÷ 5 × 4 = 3.20");
	/* actual 6 > 5: 5 ÷ 6 × 4 = 3.333… → 3.33 */
	x = run(JX_CMP_EQ, "5", "6", "4");
	assert_int_equal(x.score, D("3.33"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "5 ÷ 6 × 4 = 3.33");
}

/* ---- target 0 for every comparator ----------------------------------------- */

static void test_target_zero(void **state)
{
	ind_res x;
	/* ≥ 0: always met (actuals count as ≥ 0) */
	x = run(JX_CMP_GE, "0", "0", "4");
	assert_int_equal(x.score, D("4"));
	assert_int_equal(x.flags, 0);
	assert_int_equal(x.rate, JX_NONE); /* a ÷ 0 has no rate */
	x = run(JX_CMP_GE, "0", "3", "4");
	assert_int_equal(x.score, D("4"));
	assert_int_equal(x.flags, 0); /* no over flag without a positive target */
	/* > 0: 0 > 0 fails → 0; 1 > 0 → 4 */
	x = run(JX_CMP_GT, "0", "0", "4");
	assert_int_equal(x.score, 0);
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "0 > 0 不成立，得 0 分");
	x = run(JX_CMP_GT, "0", "1", "4");
	assert_int_equal(x.score, D("4"));
	/* = 0: actual ≤ 0 full, else 0 */
	x = run(JX_CMP_EQ, "0", "0", "4");
	assert_int_equal(x.score, D("4"));
	x = run(JX_CMP_EQ, "0", "2", "4");
	assert_int_equal(x.score, 0);
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "2 ≠ 0，得 0 分");
	/* ≤ 0 */
	x = run(JX_CMP_LE, "0", "0", "4");
	assert_int_equal(x.score, D("4"));
	assert_int_equal(x.flags, 0);
	x = run(JX_CMP_LE, "0", "0.5", "4");
	assert_int_equal(x.score, 0);
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "0.5 > 0，得 0 分");
	/* < 0: actual ≤ 0 counts as full, else 0 */
	x = run(JX_CMP_LT, "0", "0", "4");
	assert_int_equal(x.score, D("4"));
	assert_int_equal(x.flags, 0);
	x = run(JX_CMP_LT, "0", "1", "4");
	assert_int_equal(x.score, 0);
	assert_int_equal(x.flags, JX_SF_UNMET);
}

static void test_negative_actual(void **state)
{
	ind_res x;
	/* ≥ 10, actual −5 counts as 0: 0 ÷ 10 × 4 = 0.00; rate 0 */
	x = run(JX_CMP_GE, "10", "-5", "4");
	assert_int_equal(x.score, 0);
	assert_int_equal(x.rate, 0);
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "实际值 -5 为负，按 0 计；0 ÷ 10 × 4 = 0.00");
	/* ≤ 10, actual −5 → 0 ≤ 10 met → 4 */
	x = run(JX_CMP_LE, "10", "-5", "4");
	assert_int_equal(x.score, D("4"));
	assert_int_equal(x.flags, 0);
	/* = 0, actual −1 → 0 ≤ 0 → 4 */
	x = run(JX_CMP_EQ, "0", "-1", "4");
	assert_int_equal(x.score, D("4"));
}

static void test_missing_inputs(void **state)
{
	ind_res x;
	/* no actual → no score, incomplete; no rate */
	x = run(JX_CMP_GE, "6", NULL, "2");
	assert_int_equal(x.score, JX_NONE);
	assert_int_equal(x.rate, JX_NONE);
	assert_int_equal(x.flags, JX_SF_INCOMPLETE);
	assert_string_equal(x.expl, "实际完成值未填");
	/* no target */
	x = run(JX_CMP_GE, NULL, "5", "2");
	assert_int_equal(x.score, JX_NONE);
	assert_int_equal(x.flags, JX_SF_INCOMPLETE);
	/* no points: the rate is still known (5 ÷ 6) */
	x = run(JX_CMP_GE, "6", "5", NULL);
	assert_int_equal(x.score, JX_NONE);
	assert_int_equal(x.flags, JX_SF_INCOMPLETE);
	assert_int_equal(x.rate, D("0.833333"));
	/* no comparator */
	x = run(JX_CMP_NONE, "6", "5", "2");
	assert_int_equal(x.score, JX_NONE);
	assert_int_equal(x.flags, JX_SF_INCOMPLETE);
	/* NULL arguments do not crash */
	jx_score_indicator(NULL, NULL, NULL, NULL, NULL, NULL, 0);
}

/* ---- rounding -------------------------------------------------------------- */

static void test_rounding_half_up(void **state)
{
	jx_rules r = national_rules();
	jx_indicator ind;
	ind_res x;
	/* 1 ÷ 8 × 0.2 = 0.025 exactly → half-up → 0.03 */
	x = run(JX_CMP_GE, "8", "1", "0.2");
	assert_int_equal(x.score, D("0.03"));
	/* 67 ÷ 100 × 1.5 = 1.005 exactly → 1.01 (a binary double holds 1.00499…, which would give 1.00) */
	x = run(JX_CMP_GE, "100", "67", "1.5");
	assert_int_equal(x.score, D("1.01"));
	assert_string_equal(x.expl, "67 ÷ 100 × 1.5 = 1.01");
	/* 0.999999 ÷ 8 × 0.2 = 0.024999975 → 0.02 (just below the half) */
	x = run(JX_CMP_GE, "8", "0.999999", "0.2");
	assert_int_equal(x.score, D("0.02"));
	/* decimals come from the rules: 1 decimal, 70 ÷ 100 × 1.5 = 1.05 → 1.1; 67 → 1.005 → 1.0 */
	r.decimals = 1;
	ind = mk(JX_CMP_GE, "100", "70", "1.5");
	assert_int_equal(run_ind(&r, &ind).score, D("1.1"));
	ind.actual = D("67");
	assert_int_equal(run_ind(&r, &ind).score, D("1"));
	/* the reverse rule too: (180 − 99.5) ÷ 90 × 0.5 = 80.5 ÷ 180 = 0.447222… → 0.45 at 2 decimals */
	x = run(JX_CMP_LE, "90", "99.5", "0.5");
	assert_int_equal(x.score, D("0.45"));
}

static void test_deduction(void **state)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(JX_CMP_GE, "6", "5", "2");
	ind_res x;
	/* 5 ÷ 6 × 2 = 1.666… minus 2 → below 0 → 0 */
	ind.deduction = D("2");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, 0);
	assert_string_equal(x.expl, "5 ÷ 6 × 2 = 1.67；扣分 2 → 0.00");
	/* rounding happens once, after the deduction: 1.666… − 0.005 = 1.661666… → 1.66
	 * (rounding first would give 1.67 − 0.005 = 1.665 → 1.67) */
	ind.deduction = D("0.005");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("1.66"));
	/* a met indicator: 10 − 0.5 = 9.50 */
	ind = mk(JX_CMP_GE, "20", "22", "10");
	ind.deduction = D("0.5");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("9.5"));
	assert_int_equal(x.flags, 0);
	/* a zero deduction changes nothing */
	ind.deduction = 0;
	assert_int_equal(run_ind(&r, &ind).score, D("10"));
}

static void test_override(void **state)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(JX_CMP_GE, "6", "5", "2");
	ind_res x;
	/* computed 1.67, overridden to 1.5 → 1.50; the unmet target is still reported */
	ind.override_score = D("1.5");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("1.5"));
	assert_int_equal(x.flags, JX_SF_OVERRIDDEN | JX_SF_UNMET);
	assert_string_equal(x.expl, "5 ÷ 6 × 2 = 1.67；评审调整为 1.50");
	/* the override is the score: a deduction does not apply on top */
	ind.deduction = D("1");
	assert_int_equal(run_ind(&r, &ind).score, D("1.5"));
	ind.deduction = JX_NONE;
	/* clamped to [0, points]: 3 → 2, −1 → 0 */
	ind.override_score = D("3");
	assert_int_equal(run_ind(&r, &ind).score, D("2"));
	ind.override_score = D("-1");
	assert_int_equal(run_ind(&r, &ind).score, 0);
	/* an override completes an indicator whose actual is missing */
	ind.actual = JX_NONE;
	ind.override_score = D("1.2");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("1.2"));
	assert_int_equal(x.flags, JX_SF_OVERRIDDEN);
}

/* ---- qualitative (定性) ---------------------------------------------------- */

static void test_qualitative(void **state)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(JX_CMP_QUAL, NULL, NULL, "10");
	ind_res x;
	/* no band chosen → no score */
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, JX_NONE);
	assert_int_equal(x.flags, JX_SF_INCOMPLETE);
	assert_int_equal(x.rate, JX_NONE);
	/* a band index outside the rules → as none */
	ind.band = 3;
	assert_int_equal(run_ind(&r, &ind).score, JX_NONE);
	/* 部分达成 [60%, 80%), typed 7 → 7, unmet */
	ind.band = 1;
	ind.score_entered = D("7");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("7"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "定性：部分达成并具有一定效果 [60%, 80%)，评分 7");
	/* the band's lower edge 6 and just below the top 7.99 are used as typed */
	ind.score_entered = D("6");
	assert_int_equal(run_ind(&r, &ind).score, D("6"));
	ind.score_entered = D("7.99");
	assert_int_equal(run_ind(&r, &ind).score, D("7.99"));
	/* 8 lies outside [6, 8): the field layer refuses it; if it gets here it is used, nothing more flagged */
	ind.score_entered = D("8");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("8"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	/* no score typed in a lower band: lo × points = 60% × 10 = 6.00, provisional */
	ind.score_entered = JX_NONE;
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("6"));
	assert_int_equal(x.flags, JX_SF_INCOMPLETE | JX_SF_UNMET);
	/* top band 达成年度指标 [80%, 100%], nothing typed → full 10, met */
	ind.band = 0;
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("10"));
	assert_int_equal(x.flags, 0);
	assert_string_equal(x.expl, "定性：达成年度指标 [80%, 100%]，未填评分，按满分 10 计");
	/* top band typed 9 → 9, still met; typed 8 (its lower edge) → 8 */
	ind.score_entered = D("9");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("9"));
	assert_int_equal(x.flags, 0);
	ind.score_entered = D("8");
	assert_int_equal(run_ind(&r, &ind).score, D("8"));
	/* a typed score is rounded like any other: 7.125 → 7.13 */
	ind.band = 1;
	ind.score_entered = D("7.125");
	assert_int_equal(run_ind(&r, &ind).score, D("7.13"));
	/* 未达成 [0, 60%), typed 5.5 → 5.5, unmet */
	ind.band = 2;
	ind.score_entered = D("5.5");
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("5.5"));
	assert_int_equal(x.flags, JX_SF_UNMET);
	/* 未达成 with nothing typed: 0% × 10 = 0 */
	ind.score_entered = JX_NONE;
	assert_int_equal(run_ind(&r, &ind).score, 0);
	/* the bands are rules: Hubei's 部分达成 [50%, 80%) gives 50% × 10 = 5.00 when nothing is typed */
	r.bands = hubei_bands;
	ind.band = 1;
	x = run_ind(&r, &ind);
	assert_int_equal(x.score, D("5"));
	assert_string_equal(x.expl, "定性：部分达成 [50%, 80%)，未填评分，暂按 50% × 10 = 5.00 计");
}

/* ---- deadlines (时限) ------------------------------------------------------ */

static ind_res run_deadline(const char *target, const char *actual)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(JX_CMP_DEADLINE, NULL, NULL, "2");
	ind.target_text = (char *)target;
	ind.actual_text = (char *)actual;
	return run_ind(&r, &ind);
}

static void test_deadline(void **state)
{
	ind_res x;
	/* done on the day → full 2 */
	x = run_deadline("2023-06-30", "2023-06-30");
	assert_int_equal(x.score, D("2"));
	assert_int_equal(x.flags, 0);
	assert_int_equal(x.rate, JX_NONE);
	assert_string_equal(x.expl, "完成 2023-06-30，不晚于期限 2023-06-30，得满分 2");
	/* a day late → 0, unmet */
	x = run_deadline("2023-06-30", "2023-07-01");
	assert_int_equal(x.score, 0);
	assert_int_equal(x.flags, JX_SF_UNMET);
	assert_string_equal(x.expl, "完成 2023-07-01，晚于期限 2023-06-30，得 0 分");
	/* "2023年6月" means 2023-06-30: the 30th is in time, July 1st is not */
	assert_int_equal(run_deadline("2023年6月", "2023年6月30日").score, D("2"));
	assert_int_equal(run_deadline("2023年6月", "2023-07-01").score, 0);
	/* "2024-02" is 2024-02-29 (leap year); 2023-02 ends on the 28th */
	assert_int_equal(run_deadline("2024-02", "2024-02-29").score, D("2"));
	assert_int_equal(run_deadline("2023-02", "2023-03-01").score, 0);
	/* an actual month counts as its last day: 2023年6月 vs deadline 2023-06-15 → late */
	assert_int_equal(run_deadline("2023-06-15", "2023年6月").score, 0);
	/* missing or unreadable dates: no score */
	x = run_deadline("2023-06-30", NULL);
	assert_int_equal(x.score, JX_NONE);
	assert_int_equal(x.flags, JX_SF_INCOMPLETE);
	x = run_deadline(NULL, "2023-06-30");
	assert_int_equal(x.score, JX_NONE);
	assert_int_equal(x.flags, JX_SF_INCOMPLETE);
	x = run_deadline("2023-02-29", "2023-01-01"); /* no such day */
	assert_int_equal(x.score, JX_NONE);
	x = run_deadline("年底前", "2023-01-01");
	assert_int_equal(x.score, JX_NONE);
	assert_int_equal(x.flags, JX_SF_INCOMPLETE);
	x = run_deadline("2023-13-01", "2023-01-01");
	assert_int_equal(x.score, JX_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_positive_unmet, teardown),
		cmocka_unit_test_teardown(test_positive_met_no_over, teardown),
		cmocka_unit_test_teardown(test_over_achievement, teardown),
		cmocka_unit_test_teardown(test_gt_at_target, teardown),
		cmocka_unit_test_teardown(test_reverse_linear, teardown),
		cmocka_unit_test_teardown(test_reverse_ratio, teardown),
		cmocka_unit_test_teardown(test_equal, teardown),
		cmocka_unit_test_teardown(test_target_zero, teardown),
		cmocka_unit_test_teardown(test_negative_actual, teardown),
		cmocka_unit_test_teardown(test_missing_inputs, teardown),
		cmocka_unit_test_teardown(test_rounding_half_up, teardown),
		cmocka_unit_test_teardown(test_deduction, teardown),
		cmocka_unit_test_teardown(test_override, teardown),
		cmocka_unit_test_teardown(test_qualitative, teardown),
		cmocka_unit_test_teardown(test_deadline, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
