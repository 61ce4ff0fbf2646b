/* The collection view (汇总): rows read from the list summaries, grouped
 * and counted; the roster's gaps; the roster file.  See collect.h. */
#include "collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "stage.h"
#include "strutil.h"
#include "table_read.h"

/* ---- words ---------------------------------------------------------------- */

int jx_collect_by_parse(const char *text, jx_collect_by *by)
{
	static const struct {
		const char *en, *zh, *zh2;
		jx_collect_by by;
	} words[] = {
		{"unit", "单位", "实施单位", JX_COLLECT_UNIT},
		{"department", "部门", "主管部门", JX_COLLECT_DEPARTMENT},
		{"stage", "阶段", "阶段", JX_COLLECT_STAGE},
	};
	for (size_t i = 0; text && i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(text, words[i].en) || !strcmp(text, words[i].zh) || !strcmp(text, words[i].zh2)) {
			*by = words[i].by;
			return 0;
		}
	return -1;
}

const char *jx_collect_by_label(jx_collect_by by)
{
	switch (by) {
	case JX_COLLECT_DEPARTMENT:
		return L("主管部门", "department");
	case JX_COLLECT_STAGE:
		return L("阶段", "stage");
	default:
		return L("实施单位", "unit");
	}
}

#define CG_ZH(id, zh, en) zh,
#define CG_EN(id, zh, en) en,
static const char *const grade_zh[] = {JX_COLLECT_GRADES(CG_ZH)};
static const char *const grade_en[] = {JX_COLLECT_GRADES(CG_EN)};
#undef CG_ZH
#undef CG_EN

const char *jx_collect_grade_label(jx_collect_grade g)
{
	return g < JX_CG_N ? L(grade_zh[g], grade_en[g]) : "?";
}

jx_collect_grade jx_collect_grade_of(const char *grade)
{
	if (!jx_has_text(grade))
		return JX_CG_NONE;
	/* 未完成（N 项未填）: values still to fill in */
	if (!strncmp(grade, grade_zh[JX_CG_INCOMPLETE], strlen(grade_zh[JX_CG_INCOMPLETE])))
		return JX_CG_INCOMPLETE;
	for (int g = 0; g < JX_CG_INCOMPLETE; g++)
		if (!strcmp(grade, grade_zh[g]))
			return (jx_collect_grade)g;
	return JX_CG_NONE;
}

#define ST_KEY(key, zh, en) key,
#define ST_ZH(key, zh, en) zh,
#define ST_EN(key, zh, en) en,
static const char *const status_key[] = {JX_COLLECT_STATUSES(ST_KEY)};
static const char *const status_zh[] = {JX_COLLECT_STATUSES(ST_ZH)};
static const char *const status_en[] = {JX_COLLECT_STATUSES(ST_EN)};
#undef ST_KEY
#undef ST_ZH
#undef ST_EN
enum { N_KNOWN_STATUS = sizeof status_key / sizeof status_key[0] };

const char *jx_collect_status_label(const char *status)
{
	if (!jx_has_text(status))
		status = "draft";
	for (size_t i = 0; i < N_KNOWN_STATUS; i++)
		if (!strcmp(status, status_key[i]))
			return L(status_zh[i], status_en[i]);
	return status;
}

const char *jx_collect_key_label(const jx_collect *c, const jx_collect_group *g)
{
	if (c->by == JX_COLLECT_STAGE)
		return jx_stage_label(jx_stage_of_key(g->key));
	return g->key ? g->key : L("（未填写）", "(not filled in)");
}

/* ---- counting -------------------------------------------------------------- */

static void stats_free(jx_collect_stats *s)
{
	for (size_t i = 0; i < s->n_status; i++)
		free(s->status[i].status);
	free(s->status);
	memset(s, 0, sizeof *s);
}

/* Known statuses keep their places at the front, in their order. */
static int status_rank(const char *st)
{
	for (size_t i = 0; i < N_KNOWN_STATUS; i++)
		if (!strcmp(st, status_key[i]))
			return (int)i;
	return N_KNOWN_STATUS;
}

static int count_status(jx_collect_stats *s, const char *st)
{
	size_t at = 0;
	int rank = status_rank(st);
	for (size_t i = 0; i < s->n_status; i++)
		if (!strcmp(s->status[i].status, st)) {
			s->status[i].n++;
			return 0;
		}
	while (at < s->n_status && status_rank(s->status[at].status) <= rank)
		at++;
	jx_collect_count *v = realloc(s->status, (s->n_status + 1) * sizeof *v);
	char *copy = strdup(st);
	if (!v || !copy) {
		free(copy);
		if (v)
			s->status = v;
		return -1;
	}
	s->status = v;
	memmove(v + at + 1, v + at, (s->n_status - at) * sizeof *v);
	v[at].status = copy;
	v[at].n = 1;
	s->n_status++;
	return 0;
}

static int count_row(jx_collect_stats *s, const jx_collect_row *r)
{
	s->n++;
	s->grades[r->bin]++;
	if (r->exec_rate != JX_NONE) {
		s->n_rate++;
		s->rate_sum += r->exec_rate;
	}
	if (r->total != JX_NONE) {
		s->n_total++;
		s->total_sum += r->total;
	}
	if (r->findings > 0)
		s->findings += r->findings;
	return count_status(s, r->status);
}

jx_dec jx_collect_mean_rate(const jx_collect_stats *s)
{
	return s->n_rate ? jx_muldiv(s->rate_sum, JX_SCALE, JX_INT(s->n_rate), 6) : JX_NONE;
}

jx_dec jx_collect_mean_total(const jx_collect_stats *s)
{
	return s->n_total ? jx_muldiv(s->total_sum, JX_SCALE, JX_INT(s->n_total), 6) : JX_NONE;
}

int64_t jx_collect_status_count(const jx_collect_stats *s, const char *status)
{
	for (size_t i = 0; i < s->n_status; i++)
		if (!strcmp(s->status[i].status, status))
			return s->status[i].n;
	return 0;
}

static const char *row_key(jx_collect_by by, const jx_collect_row *r)
{
	switch (by) {
	case JX_COLLECT_DEPARTMENT:
		return r->department;
	case JX_COLLECT_STAGE:
		return r->stage ? r->stage : "self";
	default:
		return r->unit;
	}
}

static int group_rows(jx_collect *c)
{
	for (size_t i = 0; i < c->n_rows; i++) {
		jx_collect_row *r = &c->rows[i];
		const char *key = row_key(c->by, r);
		jx_collect_group *g = c->n_groups ? &c->groups[c->n_groups - 1] : NULL;
		r->bin = jx_collect_grade_of(r->grade);
		if (!g || g->year != r->year || !jx_streq(g->key, key)) {
			jx_collect_group *v = realloc(c->groups, (c->n_groups + 1) * sizeof *v);
			if (!v)
				return -1;
			c->groups = v;
			g = &v[c->n_groups++];
			memset(g, 0, sizeof *g);
			g->year = r->year;
			g->first = i;
			if (key && !(g->key = strdup(key)))
				return -1;
		}
		g->n++;
		if (count_row(&g->st, r) || count_row(&c->all, r))
			return -1;
	}
	return 0;
}

/* ---- the roster's gaps ---------------------------------------------------- */

typedef struct {
	const char *unit;
	size_t at;
	int64_t drafts, sent;
} unit_mark;

static int cmp_mark(const void *a, const void *b)
{
	return strcmp(((const unit_mark *)a)->unit, ((const unit_mark *)b)->unit);
}

/* Which units of the roster have no sheet of gap_year past a draft.  The
 * roster is sorted once and every row looked up in it. */
static int find_gaps(jx_collect *c)
{
	unit_mark *m;
	if (!c->n_roster)
		return 0;
	c->gap_year = c->year;
	for (size_t i = 0; !c->gap_year && i < c->n_rows; i++)
		c->gap_year = c->rows[i].year > c->gap_year ? c->rows[i].year : c->gap_year;
	if (!c->gap_year)
		return 0;
	if (!(m = calloc(c->n_roster, sizeof *m)) || !(c->gaps = calloc(c->n_roster, sizeof *c->gaps))) {
		free(m);
		return -1;
	}
	for (size_t i = 0; i < c->n_roster; i++) {
		m[i].unit = c->roster[i].unit;
		m[i].at = i;
	}
	qsort(m, c->n_roster, sizeof *m, cmp_mark);
	for (size_t i = 0; i < c->n_rows; i++) {
		const jx_collect_row *r = &c->rows[i];
		unit_mark key = {.unit = r->unit}, *hit;
		if (r->year != c->gap_year || !r->unit)
			continue;
		if ((hit = bsearch(&key, m, c->n_roster, sizeof *m, cmp_mark))) {
			if (!strcmp(r->status, "draft"))
				hit->drafts++;
			else
				hit->sent++;
		}
	}
	/* back in the roster's order: each mark to its entry's place */
	for (size_t i = 0; i < c->n_roster; i++)
		c->gaps[m[i].at].drafts = m[i].sent ? -1 : m[i].drafts;
	for (size_t k = 0; k < c->n_roster; k++)
		if (c->gaps[k].drafts >= 0) {
			c->gaps[c->n_gaps].drafts = c->gaps[k].drafts;
			c->gaps[c->n_gaps++].who = &c->roster[k];
		}
	free(m);
	return 0;
}

/* ---- reading ----------------------------------------------------------------- */

void jx_collect_rows_free(jx_collect_row *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].unit);
		free(v[i].department);
		free(v[i].stage);
		free(v[i].status);
		free(v[i].grade);
	}
	free(v);
}

static void clear_rows(jx_collect *c);

void jx_collect_free(jx_collect *c)
{
	clear_rows(c);
	jx_roster_free(c->roster, c->n_roster);
	memset(c, 0, sizeof *c);
}

/* The rows, their groups and the roster's gaps (what a read fills in). */
static void clear_rows(jx_collect *c)
{
	jx_collect_rows_free(c->rows, c->n_rows);
	for (size_t i = 0; i < c->n_groups; i++) {
		free(c->groups[i].key);
		stats_free(&c->groups[i].st);
	}
	free(c->groups);
	stats_free(&c->all);
	free(c->gaps);
	c->rows = NULL;
	c->groups = NULL;
	c->gaps = NULL;
	c->n_rows = c->n_groups = c->n_gaps = 0;
	c->unscored = 0;
}

/* NULL before any text (as SQL sorts it), then bytes: UTF-8 order. */
static int cmp_text(const char *a, const char *b)
{
	return !a || !b ? (a != NULL) - (b != NULL) : strcmp(a, b);
}

static int stage_rank(const char *stage)
{
	return !stage ? JX_STAGE_SELF : (int)jx_stage_of_key(stage);
}

/* The view's order: year descending, the group's key (stages in the order
 * a year goes through them), name, id. */
static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	const jx_collect_row *a = pa, *b = pb;
	jx_collect_by by = *(const jx_collect_by *)ctx;
	int d = (a->year < b->year) - (a->year > b->year);
	if (!d)
		d = by == JX_COLLECT_STAGE ? stage_rank(a->stage) - stage_rank(b->stage)
					   : cmp_text(row_key(by, a), row_key(by, b));
	if (!d)
		d = cmp_text(a->name, b->name);
	return d ? d : (a->id > b->id) - (a->id < b->id);
}

static int read_rows(jx_store *st, jx_collect *c, jx_err *err)
{
	clear_rows(c);
	if (jx_store_collect_rows(st, c->year, &c->rows, &c->n_rows, err) < 0)
		return -1;
	qsort_r(c->rows, c->n_rows, sizeof *c->rows, cmp_rows, &c->by);
	for (size_t i = 0; i < c->n_rows; i++)
		c->unscored += !c->rows[i].fresh;
	if (group_rows(c) < 0 || find_gaps(c) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	return 0;
}

/* Score the sheets of ids and store their summaries, in one transaction;
 * *scored of them (a sheet of a template set lacks is left as it is). */
static int score_ids(jx_store *st, const jx_templates *set, const int64_t *ids, size_t n, size_t *scored, jx_err *err)
{
	int rc = 0;
	if (jx_store_begin(st, err) < 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		jx_sheet *s = NULL;
		jx_scoresheet ss;
		jx_findings fs;
		memset(&ss, 0, sizeof ss);
		memset(&fs, 0, sizeof fs);
		fs.no_messages = 1; /* only counted */
		if (jx_store_load(st, ids[i], &s, err) < 0 || jx_app_refresh_summary(st, set, s, &ss, &fs, err) < 0)
			rc = -1;
		else
			*scored += jx_templates_find(set, jx_nz(s->template_id)) != NULL;
		jx_scoresheet_free(&ss);
		jx_findings_free(&fs);
		jx_sheet_free(s);
	}
	if (rc == 0 && jx_store_commit(st, err) < 0)
		rc = -1;
	if (rc < 0)
		jx_store_rollback(st);
	return rc;
}

int jx_collect_rescore(jx_store *st, const jx_templates *set, jx_collect *c, jx_err *err)
{
	int64_t *ids;
	size_t n = 0, scored = 0;
	if (!c->unscored || jx_store_is_readonly(st))
		return 0;
	if (!(ids = calloc(c->unscored, sizeof *ids))) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	for (size_t i = 0; i < c->n_rows && n < c->unscored; i++)
		if (!c->rows[i].fresh)
			ids[n++] = c->rows[i].id;
	if (score_ids(st, set, ids, n, &scored, err) < 0) {
		free(ids);
		return -1;
	}
	free(ids);
	c->scored += scored;
	return scored ? read_rows(st, c, err) : 0;
}

int jx_collect_read(jx_store *st, const jx_templates *set, jx_collect_by by, int year, jx_collect *out, jx_err *err)
{
	memset(out, 0, sizeof *out);
	out->by = by;
	out->year = year;
	if (jx_store_roster(st, &out->roster, &out->n_roster, err) < 0 || read_rows(st, out, err) < 0 ||
	    (set && jx_collect_rescore(st, set, out, err) < 0)) {
		jx_collect_free(out);
		return -1;
	}
	return 0;
}

/* ---- bars -------------------------------------------------------------------- */

char *jx_collect_bar(char *buf, size_t len, double value, double full, int width, int ascii)
{
	static const char *const eighth[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	size_t used = 0;
	long cells8;
	buf[0] = 0;
	if (full <= 0 || value <= 0 || width <= 0)
		return buf;
	if (value > full)
		value = full;
	cells8 = (long)(value / full * width * 8 + 0.5);
	if (cells8 == 0)
		cells8 = 1; /* a count above 0 never looks like none */
	for (long i = 0; i < cells8 / 8 && used + 4 < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s", ascii ? "#" : "█");
	if (!ascii && cells8 % 8 && used + 4 < len)
		used += (size_t)snprintf(buf + used, len - used, "%s", eighth[cells8 % 8]);
	else if (ascii && cells8 < 8 && used + 2 < len)
		snprintf(buf + used, len - used, "#"); /* under one cell still shows */
	return buf;
}

/* ---- the roster file ------------------------------------------------------------- */

static int roster_msg(char ***msgs, size_t *n, const char *path, size_t line, const char *zh, const char *en,
		      const char *arg)
{
	char text[600], where[300];
	char **v = realloc(*msgs, (*n + 1) * sizeof *v);
	if (!v)
		return -1;
	*msgs = v;
	snprintf(where, sizeof where, "%s:%zu: ", path, line);
	snprintf(text, sizeof text, L(zh, en), arg ? arg : "");
	if (!(v[*n] = malloc(strlen(where) + strlen(text) + 1)))
		return -1;
	strcpy(v[*n], where);
	strcat(v[*n], text);
	(*n)++;
	return 0;
}

static int is_heading(const char *cell)
{
	static const char *const heads[] = {"单位", "实施单位", "单位名称", "unit", "Unit"};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		if (!strcmp(cell, heads[i]))
			return 1;
	return 0;
}

/* A cell's text without blanks around it (malloc'd; NULL when empty). */
static char *trimmed(const char *s)
{
	size_t n;
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || !strncmp(s, "　", 3))
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || (n >= 3 && !strncmp(s + n - 3, "　", 3))))
		n -= s[n - 1] == ' ' || s[n - 1] == '\t' ? 1 : 3;
	return n ? strndup(s, n) : NULL;
}

enum { ROSTER_MAX_TEXT = 400 };

/* Check one line (row r of t) and add it to v; 1 when it was bad (a
 * message added), -1 out of memory. */
static int roster_line(const jx_table *t, size_t r, const char *path, jx_roster_entry *v, size_t *n, char ***msgs,
		       size_t *n_msgs)
{
	char *unit = trimmed(jx_table_at(t, r, 0)), *dept = trimmed(jx_table_at(t, r, 1));
	size_t line = r + 1;
	int bad = 0;
	for (size_t k = 2; k < t->ncols && !bad; k++)
		if (jx_has_text(jx_table_at(t, r, k)))
			bad = roster_msg(msgs, n_msgs, path, line, "多于两列（应为：单位,主管部门）",
					 "more than two columns (expected: unit,department)", NULL) ? -1 : 1;
	if (!bad && !unit && dept)
		bad = roster_msg(msgs, n_msgs, path, line, "没有单位名称", "no unit name", NULL) ? -1 : 1;
	if (!bad && ((unit && strlen(unit) > ROSTER_MAX_TEXT) || (dept && strlen(dept) > ROSTER_MAX_TEXT)))
		bad = roster_msg(msgs, n_msgs, path, line, "名称过长（最多 400 字节）", "name too long (400 bytes at most)",
				 NULL) ? -1 : 1;
	for (size_t i = 0; !bad && unit && i < *n; i++)
		if (!strcmp(v[i].unit, unit))
			bad = roster_msg(msgs, n_msgs, path, line, "单位「%s」重复", "unit \"%s\" listed twice", unit) ? -1 : 1;
	if (bad || !unit || unit[0] == '#' || (*n == 0 && r == 0 && is_heading(unit))) {
		free(unit);
		free(dept);
		return bad;
	}
	v[*n].unit = unit;
	v[(*n)++].department = dept;
	return 0;
}

int jx_roster_read(const char *path, jx_roster_entry **out, size_t *n, char ***msgs, size_t *n_msgs, jx_err *err)
{
	jx_book b;
	jx_roster_entry *v;
	int rc = 0;
	*out = NULL;
	*n = 0;
	if (jx_book_read(path, &b, err) < 0)
		return -1;
	if (!b.n || !b.t[0].nrows) {
		jx_book_free(&b);
		jx_err_set(err, "%s: 名单是空的", "%s: the roster is empty", path);
		return -1;
	}
	if (!(v = calloc(b.t[0].nrows, sizeof *v))) {
		jx_book_free(&b);
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	for (size_t r = 0; r < b.t[0].nrows && rc >= 0; r++) {
		int bad = roster_line(&b.t[0], r, path, v, n, msgs, n_msgs);
		rc = bad < 0 ? -1 : rc + bad;
	}
	jx_book_free(&b);
	if (rc < 0)
		jx_err_set(err, "内存不足", "out of memory");
	else if (rc > 0)
		jx_err_set(err, "%s: %d 行有错，名单未导入", "%s: %d bad lines, the roster was not imported", path, rc);
	else if (!*n)
		jx_err_set(err, "%s: 名单是空的", "%s: the roster is empty", path), rc = -1;
	if (rc) {
		jx_roster_free(v, *n);
		*n = 0;
		return -1;
	}
	*out = v;
	return 0;
}
