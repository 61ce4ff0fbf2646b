/* Checks a sheet as a careful reviewer would (share/rules.md §4). */
#ifndef JX_CHECKS_H
#define JX_CHECKS_H

#include "engine.h"

typedef enum { JX_SEV_ERROR = 0, JX_SEV_WARNING = 1, JX_SEV_INFO = 2 } jx_severity;

typedef struct {
	char code[16];      /* stable code, e.g. "E601": see the table in checks.c and share/checks.md */
	jx_severity sev;
	char *path;         /* field path the finding points to (see field.h) */
	char *msg;          /* in the current UI language */
} jx_finding;

typedef struct {
	jx_finding *v;
	size_t n, cap;
} jx_findings;

/* prev: the same project's sheet for the previous year, or NULL. */
void jx_check(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss, const jx_sheet *prev,
	      jx_findings *out);
void jx_findings_clear(jx_findings *f);
void jx_findings_free(jx_findings *f);
const char *jx_severity_name(jx_severity s); /* 错误 / 警告 / 提示 (error / warning / info) */

#endif
