/* The statuses and the review round's steps (review.h). */
#include "review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "strutil.h"

const jx_status_name jx_statuses[JX_ST_COUNT] = {
	[JX_ST_DRAFT] = {"draft", "草稿", "draft"},
	[JX_ST_SUBMITTED] = {"submitted", "已送审", "submitted"},
	[JX_ST_RETURNED] = {"returned", "已退回", "returned"},
	[JX_ST_REVIEWED] = {"reviewed", "已审核", "reviewed"},
	[JX_ST_FINAL] = {"final", "定稿", "final"},
};

#define BIT(s) (1u << (s))

/* share/rules.md §2.10: the unit submits a draft, and answers a return by
 * submitting again; the reviewer returns or approves what was submitted. */
const jx_transition jx_transitions[JX_ACT_COUNT] = {
	[JX_ACT_SUBMIT] = {"submit", "sheet:submit", "上报", "submit", JX_ROLE_UNIT,
			   BIT(JX_ST_DRAFT) | BIT(JX_ST_RETURNED), JX_ST_SUBMITTED},
	[JX_ACT_RETURN] = {"return", "sheet:return", "退回", "return", JX_ROLE_REVIEWER, BIT(JX_ST_SUBMITTED),
			   JX_ST_RETURNED},
	[JX_ACT_APPROVE] = {"approve", "sheet:approve", "审核通过", "approve", JX_ROLE_REVIEWER, BIT(JX_ST_SUBMITTED),
			    JX_ST_REVIEWED},
};

int jx_status_of(const char *text)
{
	if (!text || !*text)
		return JX_ST_DRAFT;
	for (int i = 0; i < JX_ST_COUNT; i++)
		if (strcmp(text, jx_statuses[i].key) == 0 || strcmp(text, jx_statuses[i].zh) == 0)
			return i;
	/* what 已送审 was called before the review round had its own words */
	return strcmp(text, "已提交") == 0 ? JX_ST_SUBMITTED : -1;
}

const char *jx_status_label(const char *key)
{
	int i = jx_status_of(key);
	return i < 0 ? key : L(jx_statuses[i].zh, jx_statuses[i].en);
}

int jx_role_parse(const char *text, jx_role *r)
{
	if (jx_texteq(text, "unit") || jx_texteq(text, "单位"))
		*r = JX_ROLE_UNIT;
	else if (jx_texteq(text, "reviewer") || jx_texteq(text, "审核"))
		*r = JX_ROLE_REVIEWER;
	else
		return -1;
	return 0;
}

const char *jx_role_label(jx_role r)
{
	return r == JX_ROLE_REVIEWER ? L("审核人", "reviewer") : L("填报单位", "unit");
}

int jx_review_action_of_field(const char *field)
{
	for (int i = 0; i < JX_ACT_COUNT; i++)
		if (jx_texteq(field, jx_transitions[i].field))
			return i;
	return -1;
}

int jx_review_action_of_name(const char *name)
{
	for (int i = 0; i < JX_ACT_COUNT; i++)
		if (jx_texteq(name, jx_transitions[i].name))
			return i;
	return -1;
}

/* "草稿或已退回": the statuses of mask in words. */
static void from_words(unsigned mask, char *buf, size_t len)
{
	size_t at = 0;
	int n = 0, total = 0;
	for (int i = 0; i < JX_ST_COUNT; i++)
		total += (mask & BIT(i)) != 0;
	buf[0] = 0;
	for (int i = 0; i < JX_ST_COUNT && at < len; i++) {
		if (!(mask & BIT(i)))
			continue;
		n++;
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
				       n == 1 ? "" : n == total ? L("或", " or ") : L("、", ", "),
				       L(jx_statuses[i].zh, jx_statuses[i].en));
	}
}

int jx_review_may(jx_review_action a, jx_role role, const char *status, jx_err *err)
{
	const jx_transition *t = &jx_transitions[a];
	int st = jx_status_of(status);
	char from[120];
	if (role != t->role) {
		jx_err_set(err, "%s不能%s：只有%s可以%s", "a %s cannot %s: only a %s may %s", jx_role_label(role),
			   L(t->zh, t->en), jx_role_label(t->role), L(t->zh, t->en));
		return -1;
	}
	if (st >= 0 && (t->from & BIT(st)))
		return 0;
	from_words(t->from, from, sizeof from);
	jx_err_set(err, "评价表状态为“%s”，不能%s：只有%s的评价表可以%s",
		   "the sheet is %s, so it cannot %s: only a sheet that is %s can %s", jx_status_label(status),
		   L(t->zh, t->en), from, L(t->zh, t->en));
	return -1;
}

int jx_review_reason(const char *text, char **out, jx_err *err)
{
	*out = NULL;
	if (jx_field_clean_line(text, out, err))
		return -1;
	if (!*out) {
		jx_err_set(err, "退回须写明原因", "a return needs a reason");
		return -1;
	}
	if (strlen(*out) > JX_REASON_MAX) {
		jx_err_set(err, "退回原因太长：%zu 字节，最多 %d 字节", "the reason is too long: %zu bytes, at most %d",
			   strlen(*out), JX_REASON_MAX);
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
