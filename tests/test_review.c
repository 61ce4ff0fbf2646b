/* The review round's table (src/review.c, share/rules.md §2.10): for every
 * step, every role and every status, whether the step is allowed, and the
 * reason's rules. */
#include "testutil.h"

#include "err.h"
#include "review.h"

/* The whole table written out by hand: allowed[step][role][status].
 *   submit   unit      草稿, 已退回 → 已送审
 *   return   reviewer  已送审       → 已退回
 *   approve  reviewer  已送审       → 已审核
 * columns: 草稿 已送审 已退回 已审核 定稿 */
static const int allowed[JX_ACT_COUNT][2][JX_ST_COUNT] = {
	[JX_ACT_SUBMIT] = {{1, 0, 1, 0, 0}, {0, 0, 0, 0, 0}},
	[JX_ACT_RETURN] = {{0, 0, 0, 0, 0}, {0, 1, 0, 0, 0}},
	[JX_ACT_APPROVE] = {{0, 0, 0, 0, 0}, {0, 1, 0, 0, 0}},
};

static void test_every_step(void **state)
{
	(void)state;
	int n_allowed = 0;
	for (int a = 0; a < JX_ACT_COUNT; a++)
		for (int r = 0; r < 2; r++)
			for (int st = 0; st < JX_ST_COUNT; st++) {
				jx_err err = {{0}};
				int rc = jx_review_may((jx_review_action)a, (jx_role)r, jx_statuses[st].key, &err);
				if (allowed[a][r][st] != (rc == 0))
					fail_msg("%s by %s from %s: %s", jx_transitions[a].name, r ? "reviewer" : "unit",
						 jx_statuses[st].key, rc ? err.msg : "allowed");
				if (rc)
					assert_true(err.msg[0] != 0);
				n_allowed += rc == 0;
			}
	/* 2 + 1 + 1 of the 3 × 2 × 5 = 30 cases */
	assert_int_equal(n_allowed, 4);
}

static void test_targets_and_fields(void **state)
{
	(void)state;
	assert_int_equal(jx_transitions[JX_ACT_SUBMIT].to, JX_ST_SUBMITTED);
	assert_int_equal(jx_transitions[JX_ACT_RETURN].to, JX_ST_RETURNED);
	assert_int_equal(jx_transitions[JX_ACT_APPROVE].to, JX_ST_REVIEWED);
	assert_int_equal(jx_review_action_of_field("sheet:return"), JX_ACT_RETURN);
	assert_int_equal(jx_review_action_of_field("sheet:finalise"), -1);
	assert_int_equal(jx_review_action_of_field(NULL), -1);
	assert_int_equal(jx_review_action_of_name("approve"), JX_ACT_APPROVE);
	assert_int_equal(jx_review_action_of_name("finalise"), -1);
}

static void test_messages(void **state)
{
	(void)state;
	jx_err err = {{0}};
	jx_lang = JX_LANG_ZH;
	assert_int_equal(jx_review_may(JX_ACT_SUBMIT, JX_ROLE_UNIT, "reviewed", &err), -1);
	assert_string_equal(err.msg, "评价表状态为“已审核”，不能上报：只有草稿或已退回的评价表可以上报");
	assert_int_equal(jx_review_may(JX_ACT_RETURN, JX_ROLE_UNIT, "submitted", &err), -1);
	assert_string_equal(err.msg, "填报单位不能退回：只有审核人可以退回");
	jx_lang = JX_LANG_EN;
	assert_int_equal(jx_review_may(JX_ACT_APPROVE, JX_ROLE_REVIEWER, "final", &err), -1);
	assert_string_equal(err.msg, "the sheet is final, so it cannot approve: only a sheet that is submitted can approve");
	jx_lang = JX_LANG_ZH;
}

static void test_statuses(void **state)
{
	(void)state;
	jx_role r;
	assert_int_equal(jx_status_of(NULL), JX_ST_DRAFT);
	assert_int_equal(jx_status_of(""), JX_ST_DRAFT);
	assert_int_equal(jx_status_of("已送审"), JX_ST_SUBMITTED);
	assert_int_equal(jx_status_of("已提交"), JX_ST_SUBMITTED);
	assert_int_equal(jx_status_of("returned"), JX_ST_RETURNED);
	assert_int_equal(jx_status_of("done"), -1);
	assert_string_equal(jx_status_label("returned"), "已退回");
	assert_string_equal(jx_status_label("odd"), "odd");
	assert_int_equal(jx_role_parse("reviewer", &r), 0);
	assert_int_equal(r, JX_ROLE_REVIEWER);
	assert_int_equal(jx_role_parse("单位", &r), 0);
	assert_int_equal(r, JX_ROLE_UNIT);
	assert_int_equal(jx_role_parse("boss", &r), -1);
}

static void test_reason(void **state)
{
	(void)state;
	jx_err err = {{0}};
	char *out = NULL, big[JX_REASON_MAX + 2];
	assert_int_equal(jx_review_reason("  缺佐证材料 ", &out, &err), 0);
	assert_string_equal(out, "缺佐证材料");
	free(out);
	assert_int_equal(jx_review_reason("", &out, &err), -1);
	assert_null(out);
	assert_int_equal(jx_review_reason("   ", &out, &err), -1);
	assert_int_equal(jx_review_reason(NULL, &out, &err), -1);
	assert_int_equal(jx_review_reason("a\nb", &out, &err), -1);
	assert_int_equal(jx_review_reason("a\x01", &out, &err), -1);
	memset(big, 'x', JX_REASON_MAX);
	big[JX_REASON_MAX] = 0;
	assert_int_equal(jx_review_reason(big, &out, &err), 0); /* 500 bytes: the most */
	free(out);
	big[JX_REASON_MAX] = 'x';
	big[JX_REASON_MAX + 1] = 0;
	assert_int_equal(jx_review_reason(big, &out, &err), -1);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_step), cmocka_unit_test(test_targets_and_fields),
		cmocka_unit_test(test_messages),   cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
