/* The store: the project list's summaries, all at once (jx_store_list, for
 * the command line) or as a window over an indexed query (store_list.h,
 * for the workstation); a filtered view's pass is store_list_pass.c's.
 *
 * The window's SQL is put together from the fixed fragments below: the
 * filter's words and every other value are bound, never pasted; only
 * column names from list_key_cols are. */
#include "store_int.h"
#include "store_list.h"
#include "store_list_has.h"
#include "store_list_int.h"
#include "store_list_memo.h"
#include "store_list_pass.h"

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

int store_list_functions(jx_store *st, jx_err *err)
{
	int rc = sqlite3_create_function_v2(st->db.h, "jx_list_total", 1,
					    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, store_list_total,
					    NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(st->db.h, "jx_list_has", -1,
						SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, store_list_has, NULL,
						NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(st->db.h, "jx_list_words", -1,
						SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, store_list_words,
						NULL, NULL, NULL);
	if (rc == SQLITE_OK) /* jx_list_scan's gatherer (store_list_pass.c) */
		rc = sqlite3_create_function_v2(st->db.h, "jx_list_acc", -1, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
						list_pass_acc_step, list_pass_acc_final, NULL);
	if (rc != SQLITE_OK) {
		jx_db_error(&st->db, rc, err);
		return -1;
	}
	return 0;
}

/* ---- the window's SQL ------------------------------------------------------------ */

const char *const list_key_cols[JX_LIST_NKEYS] = {
	[JX_LIST_YEAR] = "year",   [JX_LIST_NAME] = "name",   [JX_LIST_UNIT] = "unit",
	[JX_LIST_TEMPLATE] = "template_id", [JX_LIST_TOTAL] = "total", [JX_LIST_GRADE] = "grade",
	[JX_LIST_STATUS] = STORE_STATUS_SQL, [JX_LIST_FINDINGS] = "findings",
};

/* Where a word of the filter is looked for: the columns the list shows,
 * as it shows them.  '#' stands for the word's number; :p# is the word,
 * looked for by jx_list_has (store_list_has.c) with ASCII letters in any case, as
 * the list always has.  A column is left out where the word cannot be in
 * it (letters in a year), which keeps the pass over 100,000 sheets short. */
enum { IN_ANY, IN_DIGITS, IN_NUMBER, IN_TEMPLATES, IN_STATUSES, IN_STAGES };
static const struct {
	int when;
	const char *sql;
} word_terms[] = {
	/* a conflict copy's label holds its name: the name looked at first, as
	 * every sheet's, and the label only for a copy the name did not match,
	 * where a CASE read conflict_of for every sheet */
	{IN_ANY, "jx_list_has(:p#, name, unit, template_id, grade) OR (conflict_of > 0 AND jx_list_has(:p#, "
		 "coalesce(name, '') || :before || coalesce(nullif(conflict_origin, ''), '?') || :after))"},
	/* the 阶段 column (stage.h) in both languages (stage_words), the year
	 * and the total as the list shows them: looked at by jx_list_words
	 * (IN_STAGES, IN_DIGITS, IN_NUMBER: word_flags) */
	/* one of the templates or statuses the caller lists ("|a|b|"), each
	 * bound as a value of its own: "x IN (:t0_0, :t0_1)" compares, where
	 * instr(:t0, '|' || x || '|') made a text for every sheet */
	{IN_TEMPLATES, "template_id IN "},
	{IN_STATUSES, STORE_STATUS_SQL " IN "},
};

/* How many values "|a|b|" lists. */
static size_t n_items(const char *list)
{
	size_t n = 0;
	for (const char *p = list ? list : ""; *p; p++)
		n += *p == '|' && p[1] && p[1] != '|';
	return n;
}

/* Every view's word's values of lists (templates and statuses). */
static size_t n_list_values(const jx_list_view *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->n_words; i++)
		n += n_items(v->words[i].templates) + n_items(v->words[i].statuses);
	return n;
}

/* The 阶段 column's words as jx_list_words matches them
 * (list_stage_words): a word that is in none of them is not looked for
 * there on every row. */

static int may_be_stage(const char *w)
{
	for (size_t i = 0; i < sizeof list_stage_words / sizeof list_stage_words[0]; i++)
		if (strcasestr(list_stage_words[i], w))
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

static void add(stmt_text *t, const char *fmt, ...);

/* Are the view's words looked for together, by one jx_list_words per
 * sheet (store_list_has.c)?  For two words or more, none with lists of
 * templates or statuses (those compare in SQL): one word alone is looked
 * for as before, its name matched before its conflict_of is read. */
static int words_together(const jx_list_view *v)
{
	if (v->n_words < 2)
		return 0;
	for (size_t i = 0; i < v->n_words; i++)
		if (may_match(&v->words[i], IN_TEMPLATES) || may_match(&v->words[i], IN_STATUSES))
			return 0;
	return 1;
}

/* The columns besides the four every word is looked for in, as
 * word_terms chooses them for a word. */
static int word_flags(const jx_list_word *w)
{
	int letters = 0;
	for (const char *p = w->word ? w->word : ""; *p; p++)
		letters |= (*p | 0x20) >= 'a' && (*p | 0x20) <= 'z';
	return (may_match(w, IN_STAGES) ? JX_LIST_W_STAGE : 0) | (may_match(w, IN_DIGITS) ? JX_LIST_W_YEAR : 0) |
	       (may_match(w, IN_NUMBER) ? JX_LIST_W_TOTAL : 0) | (letters ? JX_LIST_W_LETTERS : 0);
}

/* jx_list_words' columns, after its words: stage, year and total only
 * when a word may be in them (NULL, no column read, else), a conflict
 * copy's origin only for a copy. */
static void together_cols(stmt_text *t, const jx_list_view *v)
{
	int any = 0;
	for (size_t i = 0; i < v->n_words; i++)
		any |= word_flags(&v->words[i]) & ~JX_LIST_W_LETTERS;
	add(t, "name, unit, template_id, grade, CASE WHEN conflict_of > 0 THEN coalesce(nullif(conflict_origin, ''), "
	       "'?') END, :before, :after, %s, %s, %s)",
	    any & JX_LIST_W_STAGE ? "stage" : "NULL", any & JX_LIST_W_YEAR ? "year" : "NULL",
	    any & JX_LIST_W_TOTAL ? "total" : "NULL");
}

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

void list_stmt_free(stmt_text *t)
{
	for (size_t i = 0; i < t->n_words; i++)
		free(t->words[i]);
	free(t->words);
	free(t->sql);
	free(t->vals);
	free(t->names);
}

/* "(:c<i>_0, :c<i>_1 …)": the values list ("|a|b|") names, each bound
 * (copied, kept in t->words). */
static void in_list(stmt_text *t, size_t i, char c, const char *list)
{
	size_t j = 0;
	add(t, "(");
	for (const char *p = list; !t->oom && *p;) {
		const char *e = strchr(p + 1, '|');
		if (*p != '|' || !e)
			break;
		if (e > p + 1) {
			char name[24], *val = strndup(p + 1, (size_t)(e - p - 1));
			if (!val) {
				t->oom = 1;
				break;
			}
			t->words[t->n_words++] = val;
			snprintf(name, sizeof name, ":%c%u_%u", c, (unsigned)i, (unsigned)j);
			add(t, "%s%s", j++ ? ", " : "", name);
			bind(t, name, DB_STR(val));
		}
		p = e;
	}
	add(t, ")");
}

int list_view_where(stmt_text *t, const jx_list_view *v, const char *select, const char *from, size_t more,
		    jx_err *err)
{
	memset(t, 0, sizeof *t);
	size_t nl = n_list_values(v), nv = 3 + v->n_words + nl + more;
	t->vals = calloc(nv, sizeof *t->vals);
	t->names = calloc(nv, sizeof *t->names);
	t->words = calloc(v->n_words + nl + 1, sizeof *t->words);
	t->oom = !t->vals || !t->names || !t->words;
	add(t, "%s FROM %s WHERE deleted = :deleted", select, from);
	bind(t, ":deleted", DB_INT(v->trash ? 1 : 0));
	if (v->n_words) {
		bind(t, ":before", DB_STR(copy_before()));
		bind(t, ":after", DB_STR(copy_after()));
	}
	int together = words_together(v);
	if (together)
		add(t, " AND jx_list_words(");
	for (size_t i = 0; i < v->n_words && !t->oom; i++) {
		const jx_list_word *w = &v->words[i];
		char name[24], *pat = strdup(w->word ? w->word : "");
		if (!pat) {
			t->oom = 1;
			break;
		}
		t->words[t->n_words++] = pat;
		snprintf(name, sizeof name, ":p%zu", i);
		bind(t, name, DB_STR(pat));
		if (together) {
			add(t, "%s, %d, ", name, word_flags(w));
			continue;
		}
		add(t, " AND (");
		for (size_t k = 0, n = 0; k < sizeof word_terms / sizeof word_terms[0]; k++) {
			if (!may_match(w, word_terms[k].when))
				continue;
			add(t, n++ ? " OR " : "");
			if (word_terms[k].when == IN_TEMPLATES || word_terms[k].when == IN_STATUSES) {
				add(t, "%s", word_terms[k].sql);
				in_list(t, i, word_terms[k].when == IN_TEMPLATES ? 't' : 's',
					word_terms[k].when == IN_TEMPLATES ? w->templates : w->statuses);
				continue;
			}
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
		/* the stage, year and total looked at in one call, only for a
		 * sheet whose texts above did not hold the word: a jx_list_has
		 * of each, and jx_list_total's copy of its text, cost the pass
		 * of a word of digits a fifth more */
		int cols = word_flags(w) & ~JX_LIST_W_LETTERS;
		if (cols)
			add(t, " OR jx_list_words(%s, %d, NULL, NULL, NULL, NULL, NULL, NULL, NULL, %s, %s, %s)", name,
			    word_flags(w), cols & JX_LIST_W_STAGE ? "stage" : "NULL", cols & JX_LIST_W_YEAR ? "year" : "NULL",
			    cols & JX_LIST_W_TOTAL ? "total" : "NULL");
		add(t, ")");
	}
	if (together) /* the columns a word may be in read once (together_cols) */
		together_cols(t, v);
	if (t->oom) {
		list_stmt_free(t);
		jx_db_no_memory(err);
		return -1;
	}
	return 0;
}

int list_by_key(const jx_list_view *v)
{
	return v->sorted && v->key >= 0 && v->key < JX_LIST_NKEYS;
}

/* " ORDER BY …": the view's order, ties by id.  Sorted by a key and
 * filtered, "+" (walk) keeps SQLite from walking the key's index in
 * order, which would read every sheet's row to look for the words: it
 * reads sheets_list, which holds them, and sorts the rows that match.
 * That is right for every id of the view (jx_list_ids); for a window of
 * a view where many sheets match (the few are read by id, jx_list_rows_of)
 * the walk finds its rows after reading a few more than it shows, where
 * the sort took every match (schema/015: both directions are in order). */
static void order_by(stmt_text *t, const jx_list_view *v, int walk)
{
	if (!list_by_key(v))
		add(t, " ORDER BY year DESC, name, id");
	else
		add(t, " ORDER BY %s%s%s, id", v->n_words && !walk ? "+" : "", list_key_cols[v->key], v->desc ? " DESC" : "");
}

sqlite3_stmt *list_query(jx_store *st, stmt_text *t, jx_err *err)
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
	list_stmt_free(t);
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
static int each_pair(jx_store *st, const jx_list_view *v, jx_list_grade_fn *each_grade, void *ctx, jx_err *err)
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
		  jx_list_grade_fn *each_grade, void *ctx, jx_err *err)
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
	if (list_view_where(&t, v, "SELECT grade, template_id, count(*)", "sheets", 0, err))
		return -1;
	add(&t, " GROUP BY +grade, +template_id");
	sqlite3_stmt *q = list_query(st, &t, err);
	int rc = q ? 0 : -1;
	while (q && (rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW) {
		*n += sqlite3_column_int64(q, 2);
		if (each_grade)
			each_grade(ctx, (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1));
	}
	if (q && rc == SQLITE_DONE)
		sqlite3_reset(q);
	list_stmt_free(&t);
	return rc < 0 ? -1 : 0;
}

/* The ids of rows offset … of the view, at most limit (*ids malloc'd). */
static int window_ids(jx_store *st, const jx_list_view *v, int64_t offset, int limit, int64_t **ids, size_t *n,
		      jx_err *err)
{
	stmt_text t;
	/* ids first, from the index alone: the sheets' rows are read only for
	 * the rows shown, however far down the window is */
	if (list_view_where(&t, v, "SELECT id", "sheets", 2, err))
		return -1;
	order_by(&t, v, 1);
	add(&t, " LIMIT :limit OFFSET :offset");
	bind(&t, ":limit", DB_INT(limit));
	bind(&t, ":offset", DB_INT(offset));
	sqlite3_stmt *q = list_query(st, &t, err);
	int rc = q ? jx_db_ints(&st->db, q, ids, n, err) : -1;
	list_stmt_free(&t);
	return rc;
}

int jx_list_rows_of(jx_store *st, const int64_t *ids, size_t nid, jx_sheet_summary **out, size_t *n, jx_err *err)
{
	*out = NULL;
	*n = 0;
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
	if (rc < 0) {
		jx_summaries_free(rows, got);
		return -1;
	}
	*out = rows;
	*n = got;
	return 0;
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
	int rc = jx_list_rows_of(st, ids, nid, out, n, err);
	free(ids);
	return rc;
}

static jx_db_val key_db(const key_val *k)
{
	switch (k->type) {
	case SQLITE_NULL: return DB_NULL;
	case SQLITE_INTEGER: return DB_INT(k->i);
	default: return DB_STR(k->text); /* a list's sort values are integers or texts */
	}
}

int list_key_of(sqlite3_value *v, key_val *k)
{
	memset(k, 0, sizeof *k);
	k->type = sqlite3_value_type(v);
	switch (k->type) {
	case SQLITE_NULL: return 0;
	case SQLITE_INTEGER: k->i = sqlite3_value_int64(v); return 0;
	case SQLITE_FLOAT: k->r = sqlite3_value_double(v); return 0;
	default:
		k->type = SQLITE_TEXT;
		k->len = (size_t)sqlite3_value_bytes(v);
		k->text = malloc(k->len + 1);
		if (!k->text)
			return -1;
		memcpy(k->text, sqlite3_value_text(v), k->len + 1);
		return 0;
	}
}

static int read_key(sqlite3_stmt *q, int col, key_val *k)
{
	return list_key_of(sqlite3_column_value(q, col), k);
}

/* "SELECT k1, k2": what places a sheet in v's order, ties by id — its
 * key's column (and NULL), or its year and name in the list's own. */
static void sort_select(const jx_list_view *v, char *buf, size_t len)
{
	snprintf(buf, len, "SELECT %s, %s", list_by_key(v) ? list_key_cols[v->key] : "year",
		 list_by_key(v) ? "NULL" : "name");
}

/* The sort values of q's row (a sort_select; q NULL: not prepared, err
 * set), q reset after: 1 with *k1, *k2; 0 when it has no row; -1 with err. */
static int step_keys(jx_store *st, sqlite3_stmt *q, key_val *k1, key_val *k2, jx_err *err)
{
	int r = q ? jx_db_step(&st->db, q, err) : -1;
	if (r != SQLITE_ROW)
		return r < 0 ? -1 : 0;
	int oom = read_key(q, 0, k1) | read_key(q, 1, k2);
	sqlite3_reset(q);
	if (oom) {
		jx_db_no_memory(err);
		return -1;
	}
	return 1;
}

int list_keys_of(jx_store *st, const jx_list_view *v, int64_t id, key_val *k1, key_val *k2, jx_err *err)
{
	char sel[200], sql[240];
	sort_select(v, sel, sizeof sel);
	snprintf(sql, sizeof sql, "%s FROM sheets WHERE id = ?1", sel);
	return step_keys(st, jx_db_query(&st->db, err, sql, DB_VALS(DB_INT(id))), k1, k2, err);
}

/* How many sheets of the view match cond (over :k1, :k2 and :id): added
 * to *sum.  0 or -1. */
static int count_range(jx_store *st, const jx_list_view *v, const char *cond, const key_val *k1, const key_val *k2,
		       int64_t id, int64_t *sum, jx_err *err)
{
	stmt_text t;
	int64_t n = 0;
	if (list_view_where(&t, v, "SELECT count(*)", "sheets", 3, err))
		return -1;
	add(&t, " AND %s", cond);
	/* only the values cond names: a name not in the statement is an error */
	if (strstr(cond, ":k1"))
		bind(&t, ":k1", key_db(k1));
	if (strstr(cond, ":k2"))
		bind(&t, ":k2", key_db(k2));
	if (strstr(cond, ":id"))
		bind(&t, ":id", DB_INT(id));
	if (int_of(st, &t, &n, err))
		return -1;
	*sum += n;
	return 0;
}

/* The conditions a sheet before the selected one meets, in the view's
 * order (NULL sorts first, as the lowest; ties by id), over :k1, :k2 (its
 * sort values) and :id: each a range of the index the view is sorted by,
 * into conds (texts in bufs); their number, at most 4. */
static size_t before_conds(const jx_list_view *v, const key_val *k1, const key_val *k2, char bufs[3][200],
			   const char *conds[4])
{
	char c[160];
	const char *col = list_by_key(v) ? list_key_cols[v->key] : NULL;
	size_t n = 0;
	if (!col) { /* year descending (never NULL), then name, then id */
		conds[n++] = "year > :k1";
		if (k2->type != SQLITE_NULL) {
			conds[n++] = "year = :k1 AND name IS NULL";
			conds[n++] = "year = :k1 AND name < :k2";
			conds[n++] = "year = :k1 AND name = :k2 AND id < :id";
		} else
			conds[n++] = "year = :k1 AND name IS NULL AND id < :id";
		return n;
	}
	/* filtered, "+": not the key's index, whose entries lack the columns
	 * the words are looked for in, but one pass over sheets_list, which
	 * has them */
	snprintf(c, sizeof c, "%s%s", v->n_words ? "+" : "", col);
	if (k1->type != SQLITE_NULL) {
		snprintf(bufs[0], sizeof bufs[0], v->desc ? "%s > :k1" : "%s < :k1", c);
		snprintf(bufs[1], sizeof bufs[1], "%s = :k1 AND id < :id", c);
		conds[n++] = bufs[0];
		conds[n++] = bufs[1];
		if (!v->desc) {
			snprintf(bufs[2], sizeof bufs[2], "%s IS NULL", c);
			conds[n++] = bufs[2];
		}
	} else {
		snprintf(bufs[0], sizeof bufs[0], "%s IS NULL AND id < :id", c);
		conds[n++] = bufs[0];
		if (v->desc) {
			snprintf(bufs[1], sizeof bufs[1], "%s IS NOT NULL", c);
			conds[n++] = bufs[1];
		}
	}
	return n;
}

/* The conditions of before_conds as one: "((a) OR (b) …)". */
static void any_of(char *all, size_t len, const char *const *conds, size_t n)
{
	size_t at = (size_t)snprintf(all, len, "(");
	for (size_t i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(all + at, len - at, "%s(%s)", i ? " OR " : "", conds[i]);
	if (at < len)
		snprintf(all + at, len - at, ")");
}

/* The sheets before the selected one: counted in ranges of the index the
 * view is sorted by — SQLite seeks to each range and counts its entries —
 * rather than by comparing every sheet with the selected one, which took
 * a pass over 100,000 sheets for every sort. */
static int count_before(jx_store *st, const jx_list_view *v, const key_val *k1, const key_val *k2, int64_t id,
			int64_t *pos, jx_err *err)
{
	char bufs[3][200], all[900];
	const char *conds[4] = {NULL};
	size_t n = before_conds(v, k1, k2, bufs, conds);
	*pos = 0;
	if (!v->n_words || !list_by_key(v)) {
		for (size_t i = 0; i < n; i++)
			if (count_range(st, v, conds[i], k1, k2, id, pos, err) < 0)
				return -1;
		return 0;
	}
	any_of(all, sizeof all, conds, n);
	return count_range(st, v, all, k1, k2, id, pos, err);
}

int jx_list_position(jx_store *st, const jx_list_view *v, int64_t id, int64_t *pos, jx_err *err)
{
	stmt_text t;
	char sel[200];
	key_val k1 = {0}, k2 = {0};
	*pos = 0;
	/* is it in the view at all, and its sort values */
	sort_select(v, sel, sizeof sel);
	if (list_view_where(&t, v, sel, "sheets", 1, err))
		return -1;
	add(&t, " AND id = :id");
	bind(&t, ":id", DB_INT(id));
	int rc = step_keys(st, list_query(st, &t, err), &k1, &k2, err);
	list_stmt_free(&t);
	if (rc == 1 && count_before(st, v, &k1, &k2, id, pos, err) < 0)
		rc = -1;
	free(k1.text);
	free(k2.text);
	return rc;
}

/* ---- a filtered view from the views remembered ----------------------------------- */

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The memo's ids put in v's order: the whole list's ids walked in that
 * order from the index it is sorted by, as SQLite orders them (ties by
 * id), those of the memo taken — one walk of an index of ids, where
 * finding them again took a pass over every sheet's words.  0 or -1. */
static int reorder(jx_store *st, const jx_list_view *v, list_memo_view *m, jx_err *err)
{
	jx_list_view all = *v;
	stmt_text t;
	int64_t *set = malloc((m->n ? m->n : 1) * sizeof *set), *ids = malloc((m->n ? m->n : 1) * sizeof *ids);
	size_t got = 0;
	int rc = -1;
	all.words = NULL;
	all.n_words = 0;
	if (!set || !ids) {
		jx_db_no_memory(err);
		goto out;
	}
	memcpy(set, m->ids, m->n * sizeof *set);
	qsort(set, m->n, sizeof *set, cmp_id);
	if (list_view_where(&t, &all, "SELECT id", "sheets", 0, err))
		goto out;
	order_by(&t, &all, 1);
	sqlite3_stmt *q = list_query(st, &t, err);
	int r = q ? SQLITE_ROW : -1;
	while (got < m->n && (r = jx_db_step(&st->db, q, err)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		if (bsearch(&id, set, m->n, sizeof *set, cmp_id))
			ids[got++] = id;
	}
	if (r == SQLITE_ROW)
		sqlite3_reset(q);
	list_stmt_free(&t);
	if (r >= 0 && got == m->n) {
		free(m->ids);
		m->ids = ids;
		ids = NULL;
		m->sorted = v->sorted;
		m->key = v->key;
		m->desc = v->desc;
		rc = 0;
	} else if (r >= 0) /* cannot be: the memo is of this state */
		jx_err_set(err, "项目列表已变化，请按 Ctrl-L 刷新", "the list has changed; Ctrl-L reads it again");
out:
	free(set);
	free(ids);
	return rc;
}

static list_memo_view *memo_view(jx_store *st, const jx_list_view *v, jx_err *err, int *failed);

/* A view too big to keep, back again with the cursor on the same sheet:
 * its count, grades, the sheet's row and the rows around it as the pass
 * found them.  1, or -1 with err. */
static int from_window(const list_memo_view *m, jx_list_scan_out *out,
		       jx_list_grade_fn *each_grade, void *ctx, jx_err *err)
{
	if (m->n) { /* the rows near keep (the list's own order) */
		out->near = malloc(m->n * sizeof *out->near);
		if (!out->near) {
			jx_db_no_memory(err);
			return -1;
		}
		memcpy(out->near, m->ids, m->n * sizeof *out->near);
		out->n_near = m->n;
		out->near_off = m->near_off;
	}
	out->n = m->total;
	out->pos = m->pos;
	list_memo_grades(m, each_grade, ctx);
	return 1;
}

/* The view from the memo when it holds every sheet of it at this state:
 * 1 with *out as list_pass_filtered gives it, 0 when it does not, -1 with err. */
static int from_memo(jx_store *st, const jx_list_view *v, int64_t keep, size_t few_max, jx_list_scan_out *out,
		     jx_list_grade_fn *each_grade, void *ctx, jx_err *err)
{
	int failed;
	list_memo_view *m = memo_view(st, v, err, &failed);
	if (failed)
		return -1;
	if (m && m->window) /* of the same order, the cursor on the same sheet */
		return m->sorted == v->sorted && (!v->sorted || (m->key == v->key && m->desc == v->desc)) && m->keep == keep &&
				       m->total > (int64_t)few_max
			       ? from_window(m, out, each_grade, ctx, err)
			       : 0;
	if (!m || m->n > few_max)
		return 0;
	if ((m->sorted != v->sorted || (v->sorted && (m->key != v->key || m->desc != v->desc))) && reorder(st, v, m, err) < 0)
		return -1;
	out->few = malloc((m->n ? m->n : 1) * sizeof *out->few);
	if (!out->few) {
		jx_db_no_memory(err);
		return -1;
	}
	memcpy(out->few, m->ids, m->n * sizeof *out->few);
	out->n_few = m->n;
	out->n = (int64_t)m->n;
	for (size_t i = 0; keep && i < m->n; i++)
		if (m->ids[i] == keep) {
			out->pos = (int64_t)i;
			break;
		}
	list_memo_grades(m, each_grade, ctx);
	return 1;
}

static int same(const char *a, const unsigned char *b)
{
	return a && b ? strcmp(a, (const char *)b) == 0 : !a && !b;
}

static char *dup_or_null(const unsigned char *s, int *oom)
{
	char *d = s ? strdup((const char *)s) : NULL;
	*oom |= s && !d;
	return d;
}

/* The (grade, template id) pair of the row, among pairs (2 * *n texts),
 * added when new.  0, or -1 when out of memory. */
static int add_pair(char ***pairs, size_t *n, const unsigned char *g, const unsigned char *tp)
{
	for (size_t i = 0; i < *n; i++)
		if (same((*pairs)[2 * i], g) && same((*pairs)[2 * i + 1], tp))
			return 0;
	char **p = realloc(*pairs, (2 * *n + 2) * sizeof *p);
	if (!p)
		return -1;
	*pairs = p;
	int oom = 0;
	p[2 * *n] = dup_or_null(g, &oom);
	p[2 * *n + 1] = dup_or_null(tp, &oom);
	(*n)++;
	return oom ? -1 : 0;
}

/* A word typed on, or a word added: every sheet the new view holds is in
 * the view of m, whose sheets are all kept — only they are looked at, by
 * id, in m's order (v's), where a pass looked at every sheet.  The new
 * view is remembered in turn.  1 with m's memo entry replaced by v's, 0
 * when m cannot serve, -1 with err. */
static int narrow(jx_store *st, const jx_list_view *v, list_memo_view *m, int64_t dv, int64_t ch, jx_err *err)
{
	stmt_text t;
	if (list_view_where(&t, v, "SELECT grade, template_id", "sheets", 1, err))
		return -1;
	add(&t, " AND id = :nid");
	bind(&t, ":nid", DB_INT(0));
	sqlite3_stmt *q = list_query(st, &t, err);
	int at = q ? sqlite3_bind_parameter_index(q, ":nid") : 0, r = q ? 0 : -1;
	int64_t *ids = malloc((m->n ? m->n : 1) * sizeof *ids);
	char **pairs = NULL;
	size_t got = 0, n_pairs = 0;
	if (!ids && r == 0) {
		jx_db_no_memory(err);
		r = -1;
	}
	for (size_t i = 0; r == 0 && i < m->n; i++) {
		sqlite3_bind_int64(q, at, m->ids[i]);
		int s = jx_db_step(&st->db, q, err);
		if (s == SQLITE_ROW) {
			ids[got++] = m->ids[i];
			if (add_pair(&pairs, &n_pairs, sqlite3_column_text(q, 0), sqlite3_column_text(q, 1)) < 0) {
				jx_db_no_memory(err);
				s = -1;
			}
		}
		sqlite3_reset(q);
		r = s < 0 ? -1 : 0;
	}
	list_stmt_free(&t);
	char *sig = r == 0 ? list_memo_sig(v) : NULL;
	if (r == 0 && !sig) {
		jx_db_no_memory(err);
		r = -1;
	}
	if (r < 0) {
		free(ids);
		list_memo_pairs_free(pairs, n_pairs);
		return -1;
	}
	list_memo_put(st, sig, v, dv, ch, ids, got, pairs, n_pairs);
	return 1;
}

/* The view from the memo: remembered as it is, or narrowed from one
 * whose sheets are few beside the list: a sheet looked up by id costs
 * about as much as 30 sheets' share of a pass (13 µs and 0.37 µs with
 * 100,000 sheets, the table's page read for each), so a view of at most
 * a NARROW_SHARE-th of the sheets (the highest id telling how many there
 * are, in one seek) is narrowed by look-ups, a wider one by a pass. */
enum { NARROW_SHARE = 32 };

static list_memo_view *memo_view(jx_store *st, const jx_list_view *v, jx_err *err, int *failed)
{
	int64_t dv, ch;
	*failed = 0;
	char *sig = list_memo_sig(v);
	list_memo_view *m = sig && list_memo_stamp(st, &dv, &ch) == 0 ? list_memo_find(st, sig, dv, ch) : NULL;
	int64_t top = 0;
	if (!m && sig && jx_db_int(&st->db, err, &top, "SELECT max(id) FROM sheets", NULL, 0) < 0)
		*failed = 1;
	else if (!m && sig) {
		list_memo_view *wide = list_memo_wider(st, v, (size_t)(top / NARROW_SHARE));
		int r = wide ? narrow(st, v, wide, dv, ch, err) : 0;
		*failed = r < 0;
		m = r > 0 ? list_memo_find(st, sig, dv, ch) : NULL;
	}
	free(sig);
	return m;
}

int jx_list_scan(jx_store *st, const jx_list_view *v, int64_t keep, int keep_first, size_t few_max, jx_list_scan_out *out,
		 jx_list_grade_fn *each_grade, void *ctx, jx_err *err)
{
	memset(out, 0, sizeof *out);
	out->pos = -1;
	if (v->n_words) {
		int r = from_memo(st, v, keep, few_max, out, each_grade, ctx, err);
		if (r)
			return r < 0 ? -1 : 0;
		list_memo_cache(st);
		return list_pass_filtered(st, v, keep, keep_first, few_max, out, each_grade, ctx, err);
	}
	/* the whole list: counted from the b-tree, the grades by index seeks */
	if (jx_list_count(st, v, &out->n, each_grade, ctx, err) < 0)
		return -1;
	int64_t pos = 0;
	int rc = keep ? jx_list_position(st, v, keep, &pos, err) : 0;
	if (rc > 0)
		out->pos = pos;
	return rc < 0 ? -1 : 0;
}

int jx_list_ids(jx_store *st, const jx_list_view *v, int64_t **ids, size_t *n, size_t *copies, jx_err *err)
{
	stmt_text t;
	int64_t nc = 0;
	*ids = NULL;
	*n = 0;
	*copies = 0;
	if (list_view_where(&t, v, "SELECT count(*)", "sheets", 0, err))
		return -1;
	add(&t, " AND conflict_of > 0");
	if (int_of(st, &t, &nc, err) || list_view_where(&t, v, "SELECT id", "sheets", 0, err))
		return -1;
	add(&t, " AND deleted = 0 AND coalesce(conflict_of, 0) <= 0");
	order_by(&t, v, 0);
	sqlite3_stmt *q = list_query(st, &t, err);
	int rc = q ? jx_db_ints(&st->db, q, ids, n, err) : -1;
	list_stmt_free(&t);
	if (rc < 0)
		return -1;
	*copies = (size_t)nc;
	return 0;
}
