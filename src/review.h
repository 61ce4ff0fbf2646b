/* A sheet's statuses and the review round that moves it between them
 * (share/rules.md §2.10): 草稿 → 已送审 → 已退回 (with a reason) → 已送审 →
 * 已审核 → 定稿.  The statuses and the transitions are declared once here;
 * the field setter, the sheet-file reader, the store, the command line and
 * the workstation all read them from these tables.  Pure: no database. */
#ifndef JX_REVIEW_H
#define JX_REVIEW_H

#include "err.h"

typedef enum {
	JX_ST_DRAFT, JX_ST_SUBMITTED, JX_ST_RETURNED, JX_ST_REVIEWED, JX_ST_FINAL, JX_ST_COUNT
} jx_status_id;

typedef struct {
	const char *key;   /* as stored and in sheet files */
	const char *zh, *en;
} jx_status_name;
extern const jx_status_name jx_statuses[JX_ST_COUNT];

/* The status a key or a Chinese name (also the older 已提交) names; NULL
 * and "" are a draft; -1 for anything else. */
int jx_status_of(const char *text);
/* A status key in the user's language (an unknown one as it is). */
const char *jx_status_label(const char *key);

/* Who is working: the unit that fills and submits a sheet, or a reviewer. */
typedef enum { JX_ROLE_UNIT, JX_ROLE_REVIEWER } jx_role;
/* "unit" / "reviewer" (also 单位 / 审核): 0 with *r, or -1. */
int jx_role_parse(const char *text, jx_role *r);
const char *jx_role_label(jx_role r);

/* The review round's steps.  Finalising (定稿) and reopening stay their own
 * operations (store_final.c). */
typedef enum { JX_ACT_SUBMIT, JX_ACT_RETURN, JX_ACT_APPROVE, JX_ACT_COUNT } jx_review_action;

typedef struct {
	const char *name;   /* the command: submit, return, approve */
	const char *field;  /* its audit row: sheet:submit, sheet:return, sheet:approve */
	const char *zh, *en; /* what the step is called: 上报, 退回, 审核通过 */
	jx_role role;       /* who may take it */
	unsigned from;      /* the statuses it starts from (bits of jx_status_id) */
	jx_status_id to;
} jx_transition;
extern const jx_transition jx_transitions[JX_ACT_COUNT];

/* The action whose audit field (sheet:submit …) or name (submit …) this
 * is, or -1. */
int jx_review_action_of_field(const char *field);
int jx_review_action_of_name(const char *name);

/* May role take step a on a sheet of status `status`?  0 when it may;
 * otherwise -1 with err saying why (the role, or the status it is in and
 * the statuses the step starts from). */
int jx_review_may(jx_review_action a, jx_role role, const char *status, jx_err *err);

/* The longest reason a return takes, in bytes. */
#define JX_REASON_MAX 500
/* A return's reason: required, one line (field.h's one-line rules), at
 * most JX_REASON_MAX bytes.  0 with *out (malloc'd, trimmed), or -1 (err). */
int jx_review_reason(const char *text, char **out, jx_err *err);

#endif
