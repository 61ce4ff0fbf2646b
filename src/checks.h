/* Checks a sheet as a careful reviewer would (share/rules.md §4). */
#ifndef JX_CHECKS_H
#define JX_CHECKS_H

#include "engine.h"

typedef enum { JX_SEV_ERROR = 0, JX_SEV_WARNING = 1, JX_SEV_INFO = 2 } jx_severity;

typedef struct {
	char code[16];      /* stable code, e.g. "E601": see the table in checks.c and share/checks.md */
	jx_severity sev;
	char *path;         /* field path the finding points to (see field.h) */
	char *msg;          /* in the current UI language; NULL when the findings have no_messages */
} jx_finding;

typedef struct {
	jx_finding *v;
	size_t n, cap;
	/* Set by the caller when only the findings' codes and paths are used
	 * (counts, the grade's unfilled count, which cells are missing): the
	 * messages are not formatted and msg is NULL.  Formatting them was
	 * most of the checks' time in an export that shows none. */
	int no_messages;
} jx_findings;

/* prev: the same project's sheet for the previous year, or NULL. */
void jx_check(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss, const jx_sheet *prev,
	      jx_findings *out);
/* Check 19 (checks_stages.c): a monitoring or self-evaluation sheet s
 * against its project's declaration decl and latest monitoring sheet mon
 * (either NULL), appended to out. */
void jx_check_stages(const jx_template *t, const jx_sheet *s, const jx_sheet *decl, const jx_sheet *mon,
		     jx_findings *out);
void jx_findings_clear(jx_findings *f);
void jx_findings_free(jx_findings *f);
const char *jx_severity_name(jx_severity s); /* 错误 / 警告 / 提示 (error / warning / info) */

/* Completeness (checks_complete.c).  The findings of fs that name a value
 * still to be filled in: check 15 (W1501–W1506) and the missing deviation
 * reasons of check 6 (W602, W603). */
size_t jx_findings_unfilled(const jx_findings *fs);
/* The grade as every front end and export shows it: while unfilled > 0
 * "未完成（N 项未填）" ("incomplete (N unfilled)" when english), else the
 * band's grade (its English name when english and the template has one),
 * "" when there is none.  Returns buf. */
const char *jx_grade_text(const jx_scoresheet *ss, size_t unfilled, int english, char *buf, size_t len);
/* A grade kept in the list's summary (written with english = 0) in the
 * user's language: "未完成（N 项未填）" becomes "incomplete (N unfilled)" in
 * English, any other text is copied.  Returns buf. */
const char *jx_grade_cached(const char *stored, char *buf, size_t len);
#define JX_GRADE_TEXT_LEN 64

#endif
