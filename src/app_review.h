/* The review round as both front ends run it (review.h for the statuses
 * and steps): the role of this run, a step taken with its checks, the last
 * return's reason, the reviewer's one-screen view of a sheet, and the
 * summary by unit of an import of many bundles. */
#ifndef JX_APP_REVIEW_H
#define JX_APP_REVIEW_H

#include "app.h"
#include "review.h"

/* The run's role: a reviewer with --review (review 1), else JIXIAO_ROLE
 * from the environment (unit / reviewer, 单位 / 审核) — read beside the
 * user name the audit rows record — else a unit.  -1 (err) when
 * JIXIAO_ROLE names no role. */
int jx_app_set_role(int review, jx_err *err);
jx_role jx_app_role(void);

/* Take step a on s as the run's role: refused (JX_APP_REFUSED, err says
 * why) for the wrong role, the wrong status, a finalised sheet, a conflict
 * copy, one in the trash, or a return whose reason is missing, longer than
 * JX_REASON_MAX or not one line.  JX_APP_DONE, or -1 on a database error. */
int jx_app_review_step(jx_store *st, jx_sheet *s, jx_review_action a, const char *reason, const char *user,
		       jx_err *err);
/* May the run's role take step a on s now?  (The workstation offers only
 * these.) */
int jx_app_review_may(const jx_sheet *s, jx_review_action a);

/* The reason, reviewer and time of the last return of sheet id: 1 with
 * *reason (malloc'd) and who/at (may be NULL; malloc'd), 0 when the last
 * step was not a return, -1 (err). */
int jx_app_last_return(jx_store *st, int64_t id, char **reason, char **who, char **at, jx_err *err);

/* A sheet at a glance for its reviewer, one line each in the user's
 * language: the recomputed total and grade against what the document
 * states, the findings counted by severity and the first few, the
 * execution rate, and every field changed since the last review step
 * (old → new).  0, or -1 (err). */
int jx_app_review_glance(jx_store *st, const jx_templates *set, const jx_sheet *s, jx_app_msgs *lines, jx_err *err);

/* ---- an import of many bundles, summed up by unit ---- */

typedef struct {
	char *unit, *dept;  /* 项目实施单位, 主管部门 of the sheets (NULL: not filled) */
	size_t n_new, n_updated, n_answered, n_conflict, n_other;
} jx_app_unit_sum;
typedef struct {
	jx_app_unit_sum *v;
	size_t n;
	jx_app_unit_sum total;
} jx_app_unit_sums;

/* The merge report summed up by unit: each unit's new, updated,
 * returned-and-answered (returned here, arriving submitted again) and
 * conflicting sheets, in the order units first appear.  0, or -1 out of
 * memory. */
int jx_app_unit_sums_of(jx_app_unit_sums *u, const jx_merge_report *rep);
void jx_app_unit_sums_free(jx_app_unit_sums *u);

#endif
