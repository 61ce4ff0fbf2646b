/* The store: the project list's summaries, all at once (jx_store_list, for
 * the command line) or as a window over an indexed query (store_list.h,
 * for the workstation).
 *
 * The window's SQL is put together from the fixed fragments below: the
 * filter's words and every other value are bound, never pasted; only
 * column names from key_cols are. */
#include "store_int.h"
#include "store_list.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a summary row --------------------------------------------------------------- */

#define SUMMARY_COLS                                                                                          \
	"id, uid, year, name, unit, template_id, " STORE_STATUS_SQL ", total, grade, findings, deleted, revision, conflict_of, " \
	"conflict_origin, stage, stage_month"

void jx_summary_clear(jx_sheet_summary *e)
{
	free(e->name);
	free(e->unit);
	free(e->template_id);
	free(e->status);
	free(e->stage);
	memset(e, 0, sizeof *e);
}

void jx_summaries_free(jx_sheet_summary *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		jx_summary_clear(&v[i]);
	free(v);
}

/* What the list adds to a conflict copy's name, before and after the
 * machine it came from: "name（冲突副本，来自 machine）".  The filter
 * matches the name so labelled. */
static const char *copy_before(void)
{
	return L("（冲突副本，来自 ", " (conflict copy from ");
}

static const char *copy_after(void)
{
	return L("）", ")");
}

/* The list says what a conflict copy is: another machine's version. */
static int label_copy(jx_sheet_summary *e, const unsigned char *origin)
{
	const char *nm = e->name ? e->name : "";
	const char *from = origin && *origin ? (const char *)origin : "?";
	size_t len = strlen(nm) + strlen(from) + strlen(copy_before()) + strlen(copy_after()) + 1;
	char *label = malloc(len);
	if (!label)
		return 1;
	snprintf(label, len, "%s%s%s%s", nm, copy_before(), from, copy_after());
	free(e->name);
	e->name = label;
	return 0;
}

static void free_summaries(void *v, size_t n)
{
	jx_summaries_free(v, n);
}

/* One row of SUMMARY_COLS into row (a jx_sheet_summary); 1 when out of memory. */
static int read_summary(sqlite3_stmt *q, void *row)
{
	jx_sheet_summary *e = row;
	const unsigned char *t;
	int oom = 0;
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(q, 0);
	t = sqlite3_column_text(q, 1);
	snprintf(e->uid, sizeof e->uid, "%s", t ? (const char *)t : "");
	e->year = sqlite3_column_int(q, 2);
	oom |= jx_db_col_str(q, 3, &e->name);
	oom |= jx_db_col_str(q, 4, &e->unit);
	oom |= jx_db_col_str(q, 5, &e->template_id);
	oom |= jx_db_col_str(q, 6, &e->status);
	e->total = jx_db_col_dec(q, 7);
	t = sqlite3_column_text(q, 8);
	snprintf(e->grade, sizeof e->grade, "%s", t ? (const char *)t : "");
	e->findings = (int)jx_db_col_int(q, 9, -1);
	e->deleted = sqlite3_column_int(q, 10);
	e->revision = sqlite3_column_int64(q, 11);
	e->conflict_of = jx_db_col_int(q, 12, 0);
	oom |= jx_db_col_str(q, 14, &e->stage);
	e->stage_month = (int)jx_db_col_int(q, 15, 0);
	if (!oom && e->conflict_of > 0)
		oom = label_copy(e, sqlite3_column_text(q, 13));
	return oom;
}

int jx_store_list(jx_store *st, int with_deleted, jx_sheet_summary **out, size_t *n, jx_err *err)
{
	sqlite3_stmt *q = jx_db_query(&st->db, err,
				      "SELECT " SUMMARY_COLS " FROM sheets WHERE ?1 OR deleted = 0 ORDER BY year DESC, name, id",
				      DB_VALS(DB_INT(with_deleted ? 1 : 0)));
	void *v;
	int rc = store_collect(st, q, sizeof **out, read_summary, free_summaries, &v, n, err);
	*out = v;
	return rc;
}

/* ---- the total as the list prints it, for the filter ----------------------------- */

/* jx_list_total(total): the text the list shows for a total (jx_fmt, two
 * decimals; "" when not scored), so that a word typed is looked for in
 * the very text on the screen. */
static void sql_list_total(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	char buf[48];
	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
		sqlite3_result_text(cx, "", 0, SQLITE_STATIC);
		return;
	}
	jx_fmt(buf, (jx_dec)sqlite3_value_int64(argv[0]), 2);
	sqlite3_result_text(cx, buf, -1, SQLITE_TRANSIENT);
}

int store_list_functions(jx_store *st, jx_err *err)
{
	int rc = sqlite3_create_function_v2(st->db.h, "jx_list_total", 1,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_list_total,
					    NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		jx_db_error(&st->db, rc, err);
		return -1;
	}
	return 0;
}

/* ---- the window's SQL ------------------------------------------------------------ */

/* The column of each key. */
static const char *const key_cols[JX_LIST_NKEYS] = {
	[JX_LIST_YEAR] = "year",   [JX_LIST_NAME] = "name",   [JX_LIST_UNIT] = "unit",
	[JX_LIST_TEMPLATE] = "template_id", [JX_LIST_TOTAL] = "total", [JX_LIST_GRADE] = "grade",
	[JX_LIST_STATUS] = STORE_STATUS_SQL, [JX_LIST_FINDINGS] = "findings",
};

/* Where a word of the filter is looked for: the columns the list shows,
 * as it shows them.  '#' stands for the word's number; :p# is the word as
 * a LIKE pattern (%word%), which SQLite matches with ASCII letters in any
 * case, as the list always has.  A column is left out where the word
 * cannot be in it (letters in a year), which keeps the pass over 100,000
 * sheets short. */
enum { IN_ANY, IN_DIGITS, IN_NUMBER, IN_TEMPLATES, IN_STATUSES, IN_STAGES };
static const struct {
	int when;
	const char *sql;
} word_terms[] = {
	{IN_ANY, "(CASE WHEN conflict_of > 0 THEN coalesce(name, '') || :before || coalesce(nullif(conflict_origin, ''), '?') "
		 "|| :after ELSE name END) LIKE :p# ESCAPE '\\'"},
	{IN_ANY, "unit LIKE :p# ESCAPE '\\'"},
	{IN_ANY, "template_id LIKE :p# ESCAPE '\\'"},
	{IN_ANY, "grade LIKE :p# ESCAPE '\\'"},
	/* the 阶段 column (stage.h), in both languages (stage_words) */
	{IN_STAGES, "(CASE stage WHEN 'declaration' THEN '申报 declaration' WHEN 'monitoring' THEN '监控 monitoring' "
		 "ELSE '自评 self' END) LIKE :p# ESCAPE '\\'"},
	{IN_DIGITS, "year LIKE :p# ESCAPE '\\'"},
	{IN_NUMBER, "jx_list_total(total) LIKE :p# ESCAPE '\\'"},
	{IN_TEMPLATES, "instr(:t#, '|' || template_id || '|')"},
	{IN_STATUSES, "instr(:s#, '|' || " STORE_STATUS_SQL " || '|')"},
};

/* The 阶段 column's words as the term above matches them: a word that is
 * in none of them is not looked for there on every row. */
static const char *const stage_words[] = {"申报 declaration", "监控 monitoring", "自评 self"};

static int may_be_stage(const char *w)
{
	for (size_t i = 0; i < sizeof stage_words / sizeof stage_words[0]; i++)
		if (strcasestr(stage_words[i], w))
			return 1;
	return 0;
}

/* Is every character of w one of set? */
static int only(const char *w, const char *set)
{
	for (; *w; w++)
		if (!strchr(set, *w))
			return 0;
	return 1;
}

/* Can word w (its lists of templates and statuses) be in a column looked
 * at `when`? */
static int may_match(const jx_list_word *w, int when)
{
	switch (when) {
	case IN_DIGITS: return only(w->word, "0123456789");
	case IN_NUMBER: return only(w->word, "0123456789.-");
	case IN_TEMPLATES: return w->templates && strlen(w->templates) > 1;
	case IN_STATUSES: return w->statuses && strlen(w->statuses) > 1;
	case IN_STAGES: return may_be_stage(w->word);
	default: return 1;
	}
}

/* %w% with LIKE's own characters escaped; NULL when out of memory. */
static char *like_pattern(const char *w)
{
	char *p = malloc(2 * strlen(w) + 3), *o = p;
	if (!p)
		return NULL;
	*o++ = '%';
	for (; *w; w++) {
		if (*w == '%' || *w == '_' || *w == '\\')
			*o++ = '\\';
		*o++ = *w;
	}
	*o++ = '%';
	*o = 0;
	return p;
}

/* A statement being put together, with its values. */
typedef struct {
	char *sql;
	size_t len, cap;
	jx_db_val *vals;
	size_t n_vals;
	char (*names)[24]; /* the parameters' names, as long as vals */
	char **words;      /* the words in lower case */
	size_t n_words;
	int oom;
} stmt_text;

static void add(stmt_text *t, const char *fmt, ...)
{
	va_list ap;
	if (t->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(t->sql + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (k < 0) {
			t->oom = 1;
			return;
		}
		if ((size_t)k < t->cap - t->len) {
			t->len += (size_t)k;
			return;
		}
		size_t ncap = (t->cap + (size_t)k + 1) * 2;
		char *p = realloc(t->sql, ncap);
		if (!p) {
			t->oom = 1;
			return;
		}
		t->sql = p;
		t->cap = ncap;
	}
}

/* Bind v at the parameter named name (":w0"). */
static void bind(stmt_text *t, const char *name, jx_db_val v)
{
	if (t->oom)
		return;
	snprintf(t->names[t->n_vals], sizeof t->names[0], "%s", name);
	t->vals[t->n_vals] = DB_AT(t->names[t->n_vals], v);
	t->n_vals++;
}

static void stmt_free(stmt_text *t)
{
	for (size_t i = 0; i < t->n_words; i++)
		free(t->words[i]);
	free(t->words);
	free(t->sql);
	free(t->vals);
	free(t->names);
}

/* "select FROM from WHERE" and the view's condition, with room for
 * `more` values besides; 0, or -1 when out of memory (err set). */
static int view_where(stmt_text *t, const jx_list_view *v, const char *select, const char *from, size_t more,
		      jx_err *err)
{
	memset(t, 0, sizeof *t);
	size_t nv = 3 + 3 * v->n_words + more;
	t->vals = calloc(nv, sizeof *t->vals);
	t->names = calloc(nv, sizeof *t->names);
	t->words = calloc(v->n_words + 1, sizeof *t->words);
	t->oom = !t->vals || !t->names || !t->words;
	add(t, "%s FROM %s WHERE deleted = :deleted", select, from);
	bind(t, ":deleted", DB_INT(v->trash ? 1 : 0));
	if (v->n_words) {
		bind(t, ":before", DB_STR(copy_before()));
		bind(t, ":after", DB_STR(copy_after()));
	}
	for (size_t i = 0; i < v->n_words && !t->oom; i++) {
		const jx_list_word *w = &v->words[i];
		char name[24], *pat = like_pattern(w->word ? w->word : "");
		if (!pat) {
			t->oom = 1;
			break;
		}
		t->words[t->n_words++] = pat;
		add(t, " AND (");
		for (size_t k = 0, n = 0; k < sizeof word_terms / sizeof word_terms[0]; k++) {
			if (!may_match(w, word_terms[k].when))
				continue;
			add(t, n++ ? " OR " : "");
			for (const char *p = word_terms[k].sql; *p; p++) {
				const char *hash = strchr(p, '#');
				size_t len = hash ? (size_t)(hash - p) : strlen(p);
				add(t, "%.*s", (int)len, p);
				if (!hash)
					break;
				add(t, "%zu", i);
				p = hash;
			}
		}
		add(t, ")");
		snprintf(name, sizeof name, ":p%zu", i);
		bind(t, name, DB_STR(pat));
		if (may_match(w, IN_TEMPLATES)) {
			snprintf(name, sizeof name, ":t%zu", i);
			bind(t, name, DB_STR(w->templates));
		}
		if (may_match(w, IN_STATUSES)) {
			snprintf(name, sizeof name, ":s%zu", i);
			bind(t, name, DB_STR(w->statuses));
		}
	}
	if (t->oom) {
		stmt_free(t);
		jx_db_no_memory(err);
		return -1;
	}
	return 0;
}

/* Is the view sorted by one of its keys (else in the list's own order)? */
static int by_key(const jx_list_view *v)
{
	return v->sorted && v->key >= 0 && v->key < JX_LIST_NKEYS;
}

/* " ORDER BY …": the view's order, ties by id. */
static void order_by(stmt_text *t, const jx_list_view *v)
{
	if (!by_key(v))
		add(t, " ORDER BY year DESC, name, id");
	else
		add(t, " ORDER BY %s%s, id", key_cols[v->key], v->desc ? " DESC" : "");
}

/* The statement put together, prepared and bound; NULL with err. */
static sqlite3_stmt *query(jx_store *st, stmt_text *t, jx_err *err)
{
	if (t->oom) {
		jx_db_no_memory(err);
		return NULL;
	}
	return jx_db_query(&st->db, err, t->sql, t->vals, t->n_vals);
}

/* The statement's one number into *out, and the statement freed; 0 or -1. */
static int int_of(jx_store *st, stmt_text *t, int64_t *out, jx_err *err)
{
	int rc = t->oom ? -1 : jx_db_int(&st->db, err, out, t->sql, t->vals, t->n_vals);
	if (t->oom)
		jx_db_no_memory(err);
	stmt_free(t);
	return rc < 0 ? -1 : 0;
}

/* ---- the window ------------------------------------------------------------------ */

/* The smallest text of sql's first column greater than after (bound at
 * ?2, the view's deleted at ?1, and ?3 when given): 1 with *out
 * (malloc'd), 0 when none, -1 with err. */
static int next_text(jx_store *st, const char *sql, const jx_list_view *v, const char *after, const char *also,
		     char **out, jx_err *err)
{
	*out = NULL;
	int rc = also ? jx_db_text(&st->db, err, out, sql, DB_VALS(DB_INT(v->trash ? 1 : 0), DB_STR(after), DB_STR(also)))
		      : jx_db_text(&st->db, err, out, sql, DB_VALS(DB_INT(v->trash ? 1 : 0), DB_STR(after)));
	return rc < 0 ? -1 : *out != NULL;
}

/* The unfiltered view's (grade, template id) pairs, by index seeks in
 * sheets_by_grade (min() of a range is one seek) rather than a pass over
 * every sheet: a county's list holds a few dozen pairs however many
 * sheets it has.  A sheet not scored yet (no grade) adds no width. */
static int each_pair(jx_store *st, const jx_list_view *v,
		     void (*each_grade)(void *ctx, const char *grade, const char *template_id), void *ctx, jx_err *err)
{
	char *grade = NULL;
	int rc;
	for (;;) {
		char *g = NULL;
		rc = next_text(st, "SELECT min(grade) FROM sheets WHERE deleted = ?1 AND grade > ?2", v, grade ? grade : "",
			       NULL, &g, err);
		free(grade);
		grade = g;
		if (rc <= 0)
			break;
		char *tpl = NULL;
		for (;;) {
			char *t = NULL;
			rc = next_text(st,
				       "SELECT min(template_id) FROM sheets WHERE deleted = ?1 AND grade = ?3 AND template_id > ?2",
				       v, tpl ? tpl : "", grade, &t, err);
			free(tpl);
			tpl = t;
			if (rc <= 0)
				break;
			each_grade(ctx, grade, tpl);
		}
		free(tpl);
		if (rc < 0)
			break;
	}
	free(grade);
	return rc < 0 ? -1 : 0;
}

int jx_list_count(jx_store *st, const jx_list_view *v, int64_t *n,
		  void (*each_grade)(void *ctx, const char *grade, const char *template_id), void *ctx, jx_err *err)
{
	stmt_text t;
	*n = 0;
	if (!v->n_words) {
		/* the whole list: every sheet less the trash, which SQLite counts
		 * from the b-tree's pages without reading the rows */
		if (jx_db_int(&st->db, err, n,
			      v->trash ? "SELECT count(*) FROM sheets WHERE deleted = 1"
				       : "SELECT (SELECT count(*) FROM sheets) - (SELECT count(*) FROM sheets WHERE deleted = 1)",
			      NULL, 0) < 0)
			return -1;
		return each_grade ? each_pair(st, v, each_grade, ctx, err) : 0;
	}
	/* filtered: one pass for the count and the grades (sheets_by_grade
	 * holds both) */
	if (view_where(&t, v, "SELECT grade, template_id, count(*)", "sheets", 0, err))
		return -1;
	add(&t, " GROUP BY +grade, +template_id");
	sqlite3_stmt *q = query(st, &t, err);
	int rc = q ? 0 : -1;
	while (q && (rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW) {
		*n += sqlite3_column_int64(q, 2);
		if (each_grade)
			each_grade(ctx, (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1));
	}
	if (q && rc == SQLITE_DONE)
		sqlite3_reset(q);
	stmt_free(&t);
	return rc < 0 ? -1 : 0;
}

/* The ids of rows offset … of the view, at most limit (*ids malloc'd). */
static int window_ids(jx_store *st, const jx_list_view *v, int64_t offset, int limit, int64_t **ids, size_t *n,
		      jx_err *err)
{
	stmt_text t;
	/* ids first, from the index alone: the sheets' rows are read only for
	 * the rows shown, however far down the window is */
	if (view_where(&t, v, "SELECT id", "sheets", 2, err))
		return -1;
	order_by(&t, v);
	add(&t, " LIMIT :limit OFFSET :offset");
	bind(&t, ":limit", DB_INT(limit));
	bind(&t, ":offset", DB_INT(offset));
	sqlite3_stmt *q = query(st, &t, err);
	int rc = q ? jx_db_ints(&st->db, q, ids, n, err) : -1;
	stmt_free(&t);
	return rc;
}

int jx_list_rows(jx_store *st, const jx_list_view *v, int64_t offset, int limit, jx_sheet_summary **out, size_t *n,
		 jx_err *err)
{
	int64_t *ids = NULL;
	size_t nid = 0;
	*out = NULL;
	*n = 0;
	if (offset < 0)
		offset = 0;
	if (limit <= 0 || window_ids(st, v, offset, limit, &ids, &nid, err) < 0)
		return limit <= 0 ? 0 : -1;
	jx_sheet_summary *rows = calloc(nid ? nid : 1, sizeof *rows);
	size_t got = 0;
	int rc = rows ? 0 : -1;
	if (!rows)
		jx_db_no_memory(err);
	for (size_t i = 0; rc == 0 && i < nid; i++) {
		sqlite3_stmt *q = jx_db_query(&st->db, err, "SELECT " SUMMARY_COLS " FROM sheets WHERE id = ?1",
					      DB_VALS(DB_INT(ids[i])));
		int r = q ? jx_db_step(&st->db, q, err) : -1;
		if (r == SQLITE_ROW) {
			/* another program may have deleted it since: then it is left out */
			if (read_summary(q, &rows[got++])) {
				jx_db_no_memory(err);
				r = -1;
			}
			sqlite3_reset(q);
		}
		if (r < 0)
			rc = -1;
	}
	free(ids);
	if (rc < 0) {
		jx_summaries_free(rows, got);
		return -1;
	}
	*out = rows;
	*n = got;
	return 0;
}

/* The condition that a sheet comes before sheet :id, whose sort values are
 * k.k1 (and k.k2), in the view's order: NULL sorts first, as the lowest. */
static void before(stmt_text *t, const jx_list_view *v)
{
	if (!by_key(v)) {
		/* year descending (never NULL), then name, then id */
		add(t, " AND (year > k.k1 OR (year = k.k1 AND ((k.k2 IS NOT NULL AND (name IS NULL OR name < k.k2)) "
		       "OR (name IS k.k2 AND id < :id))))");
		return;
	}
	const char *c = key_cols[v->key];
	if (v->desc)
		add(t, " AND ((%s IS NOT NULL AND (k.k1 IS NULL OR %s > k.k1)) OR (%s IS k.k1 AND id < :id))", c, c, c);
	else
		add(t, " AND ((k.k1 IS NOT NULL AND (%s IS NULL OR %s < k.k1)) OR (%s IS k.k1 AND id < :id))", c, c, c);
}

int jx_list_position(jx_store *st, const jx_list_view *v, int64_t id, int64_t *pos, jx_err *err)
{
	stmt_text t;
	int64_t in = 0;
	*pos = 0;
	/* is it in the view at all? */
	if (view_where(&t, v, "SELECT count(*)", "sheets", 1, err))
		return -1;
	add(&t, " AND id = :id");
	bind(&t, ":id", DB_INT(id));
	if (int_of(st, &t, &in, err))
		return -1;
	if (in == 0)
		return 0;
	/* how many come before it: its sort values joined to every sheet */
	char from[160];
	snprintf(from, sizeof from, "(SELECT %s AS k1, %s AS k2 FROM sheets WHERE id = :id) AS k, sheets",
		 by_key(v) ? key_cols[v->key] : "year", by_key(v) ? "NULL" : "name");
	if (view_where(&t, v, "SELECT count(*)", from, 1, err))
		return -1;
	before(&t, v);
	bind(&t, ":id", DB_INT(id));
	return int_of(st, &t, pos, err) ? -1 : 1;
}

int jx_list_ids(jx_store *st, const jx_list_view *v, int64_t **ids, size_t *n, size_t *copies, jx_err *err)
{
	stmt_text t;
	int64_t nc = 0;
	*ids = NULL;
	*n = 0;
	*copies = 0;
	if (view_where(&t, v, "SELECT count(*)", "sheets", 0, err))
		return -1;
	add(&t, " AND conflict_of > 0");
	if (int_of(st, &t, &nc, err) || view_where(&t, v, "SELECT id", "sheets", 0, err))
		return -1;
	add(&t, " AND deleted = 0 AND coalesce(conflict_of, 0) <= 0");
	order_by(&t, v);
	sqlite3_stmt *q = query(st, &t, err);
	int rc = q ? jx_db_ints(&st->db, q, ids, n, err) : -1;
	stmt_free(&t);
	if (rc < 0)
		return -1;
	*copies = (size_t)nc;
	return 0;
}
