/* The collection view (汇总) of a county: every live sheet (out of the
 * trash, not a conflict copy) grouped by year and by unit, department or
 * stage, with counts by status, the grade distribution, execution rates,
 * scores and findings; and the roster of units expected to submit, with
 * those that have not (no sheet of the year, or only drafts).
 *
 * Read with one SQL query over the list summaries (sheets.total, grade,
 * findings) and the execution rates kept beside them (schema/008), never
 * by scoring every sheet: 10,000 sheets take milliseconds.  A sheet whose
 * summary is missing or older than its last change (a database written by
 * an older jixiao, SQL copies) is scored once and its summary stored, as
 * the project list does for the rows it shows.
 *
 * No curses: the command line (jixiao collect, the summary and dashboard
 * exports) and the workstation (screens/scr_collect.c) draw from it. */
#ifndef JX_COLLECT_H
#define JX_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "dec.h"
#include "err.h"
#include "store.h"
#include "template.h"

/* What the groups are within a year. */
typedef enum { JX_COLLECT_UNIT, JX_COLLECT_DEPARTMENT, JX_COLLECT_STAGE } jx_collect_by;
/* "unit", "department", "stage" (or 单位, 部门, 阶段): 0 and *by, -1 otherwise. */
int jx_collect_by_parse(const char *text, jx_collect_by *by);
/* The grouping's name in the user's language (实施单位, 主管部门, 阶段). */
const char *jx_collect_by_label(jx_collect_by by);

/* The grade bins, declared once: X(id, zh, en).  A sheet's stored grade is
 * one of the first four, 未完成（N 项未填） (values still to fill in), or
 * none (a declaration, a template without grades, not scored). */
#define JX_COLLECT_GRADES(X)                  \
	X(EXCELLENT, "优", "Excellent")       \
	X(GOOD, "良", "Good")                 \
	X(FAIR, "中", "Fair")                 \
	X(POOR, "差", "Poor")                 \
	X(INCOMPLETE, "未完成", "incomplete") \
	X(NONE, "无等级", "no grade")
#define JX_CG_ITEM(id, zh, en) JX_CG_##id,
typedef enum { JX_COLLECT_GRADES(JX_CG_ITEM) JX_CG_N } jx_collect_grade;
#undef JX_CG_ITEM
/* The bin's name in the user's language. */
const char *jx_collect_grade_label(jx_collect_grade g);
/* The bin of a stored grade (NULL or "": none). */
jx_collect_grade jx_collect_grade_of(const char *grade);

/* The statuses known, in the order a sheet goes through them; any other
 * status stored (a newer jixiao's) is counted under its own word. */
#define JX_COLLECT_STATUSES(X)                       \
	X("draft", "草稿", "draft")                  \
	X("submitted", "已送审", "submitted")        \
	X("returned", "已退回", "returned")          \
	X("reviewed", "已审核", "reviewed")          \
	X("final", "定稿", "final")
/* A status word in the user's language (an unknown word as it is; NULL or
 * "" is a draft). */
const char *jx_collect_status_label(const char *status);

/* One sheet as the view reads it. */
typedef struct {
	int64_t id;
	int year;
	char *name, *unit, *department;
	char *stage;        /* stage.h key, NULL = self-evaluation */
	int stage_month;
	char *status;       /* "draft" when none is stored */
	jx_dec total;       /* JX_NONE: none */
	char *grade;        /* as stored (NULL: none) */
	jx_collect_grade bin;
	int findings;       /* -1: unknown */
	jx_dec exec_rate;   /* fraction in millionths; JX_NONE: none or unknown */
	int fresh;          /* summary and rate are of the sheet as it is now */
} jx_collect_row;

/* Counts of a set of sheets (a group, or all of them). */
typedef struct {
	char *status;
	int64_t n;
} jx_collect_count;
typedef struct {
	int64_t n;
	jx_collect_count *status; /* known statuses first in their order, then others as met */
	size_t n_status;
	int64_t grades[JX_CG_N];
	int64_t n_rate;     /* sheets with an execution rate */
	jx_dec rate_sum;    /* their rates added (millionths) */
	int64_t n_total;    /* sheets with a total */
	jx_dec total_sum;
	int64_t findings;   /* findings of the sheets whose count is known */
} jx_collect_stats;

/* One group: the sheets rows[first .. first + n) of one year and key. */
typedef struct {
	int year;
	char *key;          /* unit, department or stage key ("self" for none); NULL: not filled in */
	size_t first, n;
	jx_collect_stats st;
} jx_collect_group;

/* A unit of the roster. */
typedef struct {
	char *unit, *department;
} jx_roster_entry;
void jx_roster_free(jx_roster_entry *v, size_t n);

/* A unit of the roster that has not submitted for the year. */
typedef struct {
	const jx_roster_entry *who; /* in jx_collect.roster */
	int64_t drafts;             /* its sheets of the year, all drafts (0: none at all) */
} jx_collect_gap;

typedef struct {
	jx_collect_by by;
	int year;                   /* only this year; 0: every year */
	jx_collect_row *rows;       /* in group order: year descending, key, name, id */
	size_t n_rows;
	jx_collect_group *groups;
	size_t n_groups;
	jx_collect_stats all;       /* every row */
	jx_roster_entry *roster;
	size_t n_roster;
	int gap_year;               /* the year the gaps are of: year, else the latest; 0 none */
	jx_collect_gap *gaps;
	size_t n_gaps;
	size_t scored;              /* sheets scored now because their summary was missing or stale */
	size_t unscored;            /* sheets whose summary is missing or stale and could not be stored */
} jx_collect;

/* Read the view of st: year 0 for every year, with one query.  set (the
 * templates) then scores the sheets whose summary is missing or stale and
 * stores it when st can be written (jx_collect_rescore); NULL leaves them
 * as they are, counted in unscored.  0, or -1 with err and *out empty. */
int jx_collect_read(jx_store *st, const jx_templates *set, jx_collect_by by, int year, jx_collect *out,
		    jx_err *err);
void jx_collect_free(jx_collect *c);
/* Score the sheets of c whose summary is missing or stale, store their
 * summaries (one transaction) and read c again; nothing when there is
 * none or st is read-only (they stay in unscored).  0, or -1 with err. */
int jx_collect_rescore(jx_store *st, const jx_templates *set, jx_collect *c, jx_err *err);
void jx_collect_rows_free(jx_collect_row *v, size_t n);
/* The mean execution rate of s (JX_NONE when no sheet has one). */
jx_dec jx_collect_mean_rate(const jx_collect_stats *s);
/* The mean total (JX_NONE when none). */
jx_dec jx_collect_mean_total(const jx_collect_stats *s);
/* The count of a status word in s (0 when absent). */
int64_t jx_collect_status_count(const jx_collect_stats *s, const char *status);
/* A group's key in words: the unit or department, 未填写 for none, a
 * stage's name. */
const char *jx_collect_key_label(const jx_collect *c, const jx_collect_group *g);

/* A bar of width cells for value out of full: full blocks and the eighth
 * blocks ▏▎▍▌▋▊▉ (Unicode), or '#' for each whole cell (ascii).  Into buf
 * (at least width * 3 + 1 bytes); returns buf. */
char *jx_collect_bar(char *buf, size_t len, double value, double full, int width, int ascii);

/* ---- the roster (store_collect.c) ---- */

/* Read a roster file: one unit a line, optionally a comma (or tab) and its
 * department; UTF-8 or GB18030, CSV quoting as csv_read.c reads it (an xlsx
 * or xls sheet is read the same way).  Blank lines, lines starting with #
 * and a heading line (单位, 实施单位, 单位名称, unit) are passed over.  Each
 * bad line (more than two columns, a department without a unit, a unit
 * listed twice, text too long) is one message "file:line: …" in msgs
 * (at most max_msgs, then how many more); with any, -1 and nothing kept.
 * Otherwise 0 with *out (malloc'd). */
int jx_roster_read(const char *path, jx_roster_entry **out, size_t *n, char ***msgs, size_t *n_msgs, jx_err *err);
/* Replace the stored roster by v in one transaction.  0, or -1 with err. */
int jx_store_roster_replace(jx_store *st, const jx_roster_entry *v, size_t n, jx_err *err);
/* The stored roster in its order (*out malloc'd, NULL when empty). */
int jx_store_roster(jx_store *st, jx_roster_entry **out, size_t *n, jx_err *err);

/* ---- the rows (store_collect.c) ---- */

/* Keep a sheet's execution rate beside its summary, at its current
 * revision (jx_app_store_summary calls it).  0, or -1 with err. */
int jx_store_set_rate(jx_store *st, int64_t id, jx_dec rate, jx_err *err);
/* Every live sheet of year (0: all), in no particular order (*rows
 * malloc'd; bin left for the caller). */
int jx_store_collect_rows(jx_store *st, int year, jx_collect_row **rows, size_t *n, jx_err *err);

#endif
