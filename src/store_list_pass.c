/* A filtered project list in one pass (store_list_pass.h): an aggregate,
 * jx_list_acc, run over every sheet the filter's words match, counts
 * them, gathers their (grade, template id) pairs, finds the selected
 * sheet's row and the rows around it, and keeps the ids of a view of few
 * sheets to sort them here — what three passes over 100,000 sheets did
 * for each key typed.  Separate from store_list.c, which puts the view's
 * statements together and reads the rows shown, because this is code of
 * another kind: it runs inside SQLite, once per sheet, and compares sort
 * values as SQLite orders them. */
#include "store_int.h"
#include "store_list_int.h"
#include "store_list_memo.h"
#include "store_list_pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- sort values as SQLite orders them ------------------------------------------- */

/* v as a key_val whose text is SQLite's own, valid during the call it
 * was given to (never freed). */
static void key_peek(sqlite3_value *v, key_val *k)
{
	memset(k, 0, sizeof *k);
	k->type = sqlite3_value_type(v);
	switch (k->type) {
	case SQLITE_NULL: break;
	case SQLITE_INTEGER: k->i = sqlite3_value_int64(v); break;
	case SQLITE_FLOAT: k->r = sqlite3_value_double(v); break;
	default:
		k->type = SQLITE_TEXT;
		k->text = (char *)sqlite3_value_text(v);
		k->len = (size_t)sqlite3_value_bytes(v);
		if (!k->text) {
			k->text = "";
			k->len = 0;
		}
	}
}

/* a before b (< 0), after, or equal, as SQLite orders them: NULL first,
 * then numbers, then texts byte by byte (BINARY), a shorter text first */
static int key_cmp(const key_val *a, const key_val *b)
{
	int ra = a->type == SQLITE_NULL ? 0 : a->type == SQLITE_TEXT ? 2 : 1;
	int rb = b->type == SQLITE_NULL ? 0 : b->type == SQLITE_TEXT ? 2 : 1;
	if (ra != rb || ra == 0)
		return ra - rb;
	if (ra == 2) {
		int c = memcmp(a->text, b->text, a->len < b->len ? a->len : b->len);
		return c ? c : (a->len > b->len) - (a->len < b->len);
	}
	if (a->type == SQLITE_INTEGER && b->type == SQLITE_INTEGER)
		return (a->i > b->i) - (a->i < b->i);
	double x = a->type == SQLITE_INTEGER ? (double)a->i : a->r, y = b->type == SQLITE_INTEGER ? (double)b->i : b->r;
	return (x > y) - (x < y);
}

/* ---- a filtered view in one pass ------------------------------------------------- */

/* What jx_list_acc gathers from the rows of the view, in whatever order
 * SQLite reads them: the distinct (grade, template id) pairs, handed to
 * each_grade as they are first seen, and the ids while there are at most
 * few_max of them. */
typedef struct {
	jx_list_grade_fn *each_grade;
	void *ctx;
	struct pair {
		char *grade, *template_id; /* NULL: SQL NULL */
		int grade_len, template_len; /* -1: NULL */
	} *pairs;
	size_t n_pairs, last;
	struct few_row {
		int64_t id;
		key_val k1, k2;
	} *rows; /* while there are at most few_max */
	size_t n_rows, cap, few_max;
	int oom;
	/* In the list's own order (not sorted by a key) the rows come as
	 * SQLite reads sheets_list, which is that order when the statement's
	 * plan is a search of it by deleted alone (in_order, checked once by
	 * walks_list_order): the selected sheet's row is counted here and the
	 * rows around it kept, where its row took a count of its own and the
	 * rows shown a walk of the view down to it (a Backspace to a filter of
	 * many sheets).  Each row's year and name were compared with the last
	 * row's instead, two more columns read and a copy of the name for
	 * every sheet. */
	int own_order, in_order;
	int64_t keep, keep_at; /* keep's row, -1 until it comes */
	int found;             /* keep is in the view (in any order) */
	int64_t near[JX_LIST_NEAR]; /* rows near_off …: JX_LIST_NEAR_BEFORE before keep's, the rest from it */
	int64_t near_off;
	size_t n_near;
	/* Sorted by a key: the rows before keep's (keep_row: its id and sort
	 * value) counted here, compared as few_cmp sorts, where a total() of
	 * the SQL conditions of before_conds (store_list.c) cost every sheet a third of the
	 * pass again. */
	const jx_list_view *view;
	int count_before;
	struct few_row keep_row;
	int64_t before;
} scan_acc;

static int few_cmp(const void *x, const void *y, void *view);

/* A row of the view in its own order: keep's row and the rows near it. */
static void own_order_row(scan_acc *a, int64_t id)
{
	if (a->keep_at < 0 && id == a->keep) {
		a->keep_at = (int64_t)a->n_rows;
		/* the JX_LIST_NEAR_BEFORE before it, out of the ring, in order */
		size_t before = a->n_near, first = a->n_rows % JX_LIST_NEAR_BEFORE;
		int64_t ring[JX_LIST_NEAR_BEFORE];
		for (size_t i = 0; i < before; i++)
			ring[i] = a->near[(first + JX_LIST_NEAR_BEFORE - before + i) % JX_LIST_NEAR_BEFORE];
		memcpy(a->near, ring, before * sizeof *ring);
		a->near_off = a->keep_at - (int64_t)before;
	}
	if (a->keep_at < 0) { /* a ring of the last rows */
		a->near[a->n_rows % JX_LIST_NEAR_BEFORE] = id;
		if (a->n_near < JX_LIST_NEAR_BEFORE)
			a->n_near++;
	} else if (a->n_near < JX_LIST_NEAR)
		a->near[a->n_near++] = id;
}


/* Room in the kept rows for one more (doubling); 0, with oom set, if none. */
static int room_for_a_row(scan_acc *a)
{
	if (a->n_rows == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		struct few_row *r = realloc(a->rows, cap * sizeof *r);
		if (!r) {
			a->oom = 1;
			return 0;
		}
		a->rows = r;
		a->cap = cap;
	}
	return 1;
}

/* A text argument's bytes as SQLite holds them (*p) and their length, -1
 * for NULL: sqlite3_value_text would first copy a text read from the
 * index to end it with a zero, for every sheet. */
static int raw_of(sqlite3_value *v, const char **p)
{
	if (sqlite3_value_type(v) == SQLITE_NULL) {
		*p = NULL;
		return -1;
	}
	*p = sqlite3_value_blob(v);
	return sqlite3_value_bytes(v);
}

static int same_raw(const char *s, int slen, const char *p, int len)
{
	return slen == len && (len <= 0 || memcmp(s, p, (size_t)len) == 0);
}

/* Is the pair (g, glen; tp, tlen) p?  Lengths first: most rows repeat the
 * last pair, and a different one mostly differs in length. */
static int same_pair(const struct pair *p, const char *g, int glen, const char *tp, int tlen)
{
	return same_raw(p->grade, p->grade_len, g, glen) && same_raw(p->template_id, p->template_len, tp, tlen);
}

/* jx_list_acc(:acc, grade, template_id, id[, k1]): an aggregate whose
 * result is nothing; it fills the scan_acc bound at :acc, k1 being the
 * row's sort value in a list sorted by a column (the list's own order
 * needs none: its rows come in order, walks_list_order).  A county's
 * sheets hold a few dozen pairs, and rows in the list's order mostly
 * repeat the last. */
void list_pass_acc_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	/* the pointer bound at :acc found once, kept in the aggregate's own
	 * context: sqlite3_value_pointer compares its type's name every call */
	scan_acc **at = sqlite3_aggregate_context(cx, sizeof *at), *a = at ? *at : NULL;
	if (at && !a)
		a = *at = sqlite3_value_pointer(argv[0], "jx_list_scan");
	if (!a || a->oom || argc < 4 + !a->own_order)
		return;
	const char *g, *tp;
	int glen = raw_of(argv[1], &g), tlen = raw_of(argv[2], &tp);
	size_t k = a->last;
	if (!(k < a->n_pairs && same_pair(&a->pairs[k], g, glen, tp, tlen)))
		for (k = 0; k < a->n_pairs; k++)
			if (same_pair(&a->pairs[k], g, glen, tp, tlen))
				break;
	if (k == a->n_pairs) {
		struct pair *p = realloc(a->pairs, (a->n_pairs + 1) * sizeof *p);
		if (!p) {
			a->oom = 1;
			return;
		}
		a->pairs = p;
		p[k].grade = glen < 0 ? NULL : strndup(g, (size_t)glen);
		p[k].template_id = tlen < 0 ? NULL : strndup(tp, (size_t)tlen);
		p[k].grade_len = glen;
		p[k].template_len = tlen;
		a->n_pairs++;
		a->oom |= (glen >= 0 && !p[k].grade) || (tlen >= 0 && !p[k].template_id);
		if (a->each_grade && !a->oom)
			a->each_grade(a->ctx, p[k].grade, p[k].template_id);
	}
	a->last = k;
	if (a->keep && sqlite3_value_int64(argv[3]) == a->keep)
		a->found = 1;
	if (a->count_before) {
		struct few_row r = {.id = sqlite3_value_int64(argv[3])};
		key_peek(argv[4], &r.k1);
		a->before += few_cmp(&r, &a->keep_row, (void *)a->view) < 0;
	}
	if (a->own_order)
		own_order_row(a, sqlite3_value_int64(argv[3]));
	if (a->n_rows < a->few_max && !room_for_a_row(a))
		return;
	if (a->n_rows < a->few_max && a->own_order) {
		memset(&a->rows[a->n_rows], 0, sizeof *a->rows);
		a->rows[a->n_rows].id = sqlite3_value_int64(argv[3]);
	} else if (a->n_rows < a->few_max) {
		struct few_row *r = &a->rows[a->n_rows];
		r->id = sqlite3_value_int64(argv[3]);
		memset(&r->k2, 0, sizeof r->k2);
		r->k2.type = SQLITE_NULL; /* a column's order has one sort value */
		if (list_key_of(argv[4], &r->k1)) {
			a->oom = 1;
			return;
		}
	}
	a->n_rows++;
}

void list_pass_acc_final(sqlite3_context *cx)
{
	sqlite3_result_null(cx);
}

/* The view's order of two of its rows (qsort_r): as order_by's ORDER BY. */
static int few_cmp(const void *x, const void *y, void *view)
{
	const struct few_row *a = x, *b = y;
	const jx_list_view *v = view;
	int c;
	if (!list_by_key(v)) { /* year descending, then name */
		c = -key_cmp(&a->k1, &b->k1);
		if (!c)
			c = key_cmp(&a->k2, &b->k2);
	} else
		c = v->desc ? -key_cmp(&a->k1, &b->k1) : key_cmp(&a->k1, &b->k1);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* The view just read kept in the memo (store_list_memo.h), its pairs
 * taken from a; nothing kept when out of memory (it is only a shortcut). */
static list_memo_view *remember(jx_store *st, const jx_list_view *v, const int64_t *ids, size_t n, scan_acc *a)
{
	int64_t dv, ch;
	if (list_memo_stamp(st, &dv, &ch) < 0)
		return NULL;
	char *sig = list_memo_sig(v), **pairs = malloc((2 * a->n_pairs + 1) * sizeof *pairs);
	int64_t *copy = malloc((n ? n : 1) * sizeof *copy);
	if (!sig || !pairs || !copy) {
		free(sig);
		free(pairs);
		free(copy);
		return NULL;
	}
	if (n)
		memcpy(copy, ids, n * sizeof *copy);
	for (size_t i = 0; i < a->n_pairs; i++) {
		pairs[2 * i] = a->pairs[i].grade;
		pairs[2 * i + 1] = a->pairs[i].template_id;
		a->pairs[i].grade = a->pairs[i].template_id = NULL;
	}
	return list_memo_put(st, sig, v, dv, ch, copy, n, pairs, a->n_pairs);
}

/* A view too big to keep whole kept as out has it: count, grades and
 * keep's row, with the rows near it when the pass found them (in the
 * list's own order) — for a Backspace back to it with the cursor on the
 * same sheet, the first row of the word typed on often being the first
 * of this one too. */
static void remember_window(jx_store *st, const jx_list_view *v, int64_t keep, scan_acc *a, const jx_list_scan_out *out)
{
	list_memo_view *m = remember(st, v, out->near, out->n_near, a);
	if (m) {
		m->window = 1;
		m->total = out->n;
		m->keep = keep;
		m->pos = out->pos;
		m->near_off = out->near_off;
	}
}

/* What the pass found (a) made the view's answer (out): the few ids in
 * order, else keep's row and the rows near it, else keep's row counted
 * apart.  0 or -1. */
static int finish_scan(jx_store *st, const jx_list_view *v, int64_t keep, int keep_first, int in_view, int has_keys,
		       int64_t before, scan_acc *a, jx_list_scan_out *out, jx_err *err)
{
	int own = a->own_order && a->in_order;
	if (out->n <= (int64_t)a->few_max && out->n == (int64_t)a->n_rows && (own || !a->own_order)) {
		/* sorted here, as SQLite would: finding them again in order
		 * would take another pass, or a look-up of each sheet's row */
		if (!own && a->n_rows > 1)
			qsort_r(a->rows, a->n_rows, sizeof *a->rows, few_cmp, (void *)v);
		out->few = malloc((a->n_rows ? a->n_rows : 1) * sizeof *out->few);
		if (!out->few) {
			jx_db_no_memory(err);
			return -1;
		}
		for (size_t i = 0; i < a->n_rows; i++) {
			out->few[i] = a->rows[i].id;
			if (in_view && a->rows[i].id == keep)
				out->pos = (int64_t)i;
		}
		out->n_few = a->n_rows;
		remember(st, v, out->few, out->n_few, a);
		return 0;
	}
	if (own) {
		/* keep's row and the rows around it; else the first rows */
		size_t first = a->n_rows < a->few_max ? a->n_rows : a->few_max; /* those in rows */
		size_t n = a->keep_at >= 0 ? a->n_near : first < JX_LIST_NEAR ? first : JX_LIST_NEAR;
		if (in_view && a->keep_at >= 0)
			out->pos = a->keep_at;
		out->near = malloc((n ? n : 1) * sizeof *out->near);
		if (!out->near) {
			jx_db_no_memory(err);
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			out->near[i] = a->keep_at >= 0 ? a->near[i] : a->rows[i].id;
		out->n_near = n;
		out->near_off = a->keep_at >= 0 ? a->near_off : 0;
		remember_window(st, v, keep, a, out);
		return 0;
	}
	if (in_view && keep_first) {
		out->pos = 0; /* nothing came before it, and nothing was added */
	} else if (in_view && has_keys) {
		out->pos = before;
	} else if (in_view) {
		int64_t pos = 0;
		int r = jx_list_position(st, v, keep, &pos, err);
		if (r < 0)
			return -1;
		if (r > 0)
			out->pos = pos;
	}
	if (!a->own_order) /* sorted by a key: its count, grades and keep's row */
		remember_window(st, v, keep, a, out);
	return 0;
}

static void acc_free(scan_acc *a)
{
	for (size_t i = 0; i < a->n_rows && i < a->few_max; i++) {
		free(a->rows[i].k1.text);
		free(a->rows[i].k2.text);
	}
	free(a->rows);
	for (size_t i = 0; i < a->n_pairs; i++) {
		free(a->pairs[i].grade);
		free(a->pairs[i].template_id);
	}
	free(a->pairs);
}

/* Does SQLite read the rows of sql (a pass of list_pass_filtered) in the list's
 * own order, year descending, name, id?  It does when its plan is one
 * search of sheets_list by deleted alone, the index being in that order
 * after deleted (schema/014).  Any other plan, or one this SQLite words
 * otherwise, is taken as not in order: the selected sheet's row is then
 * counted apart, as for a list sorted by a column. */
static int walks_list_order(jx_store *st, const char *sql)
{
	static const char want[] = "USING COVERING INDEX sheets_list (deleted=?)";
	char *eqp = malloc(strlen(sql) + 20);
	sqlite3_stmt *q = NULL;
	int rows = 0, ok = 0;
	if (eqp) {
		sprintf(eqp, "EXPLAIN QUERY PLAN %s", sql);
		if (sqlite3_prepare_v2(st->db.h, eqp, -1, &q, NULL) != SQLITE_OK)
			q = NULL;
	}
	while (q && sqlite3_step(q) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(q, 3);
		size_t len = d ? strlen(d) : 0;
		ok = ++rows == 1 && len >= sizeof want - 1 && strcmp(d + len - (sizeof want - 1), want) == 0;
	}
	sqlite3_finalize(q);
	free(eqp);
	return ok && rows == 1;
}

/* The filtered view: count, whether the selected sheet is in it and the
 * grades in one pass over the list's index (sheets_list holds every column
 * a word is looked for in), where the count and the grades took a pass and
 * a sort; then the few ids in order, or the selected sheet's row: in the
 * list's own order found in the same pass, else counted in it (sorted by
 * a key) or by jx_list_position. */
int list_pass_filtered(jx_store *st, const jx_list_view *v, int64_t keep, int keep_first, size_t few_max,
		       jx_list_scan_out *out, jx_list_grade_fn *each_grade, void *ctx, jx_err *err)
{
	stmt_text t;
	char sel[200];
	scan_acc a;
	int in_view = 0;
	int64_t before = 0;
	key_val k1 = {0}, k2 = {0};
	memset(&a, 0, sizeof a);
	a.each_grade = each_grade;
	a.ctx = ctx;
	a.few_max = few_max;
	a.own_order = a.in_order = !list_by_key(v);
	a.keep = keep;
	a.keep_at = -1;
	/* the count and whether keep is there gathered by jx_list_acc too:
	 * an aggregate of its own costs every sheet a step */
	snprintf(sel, sizeof sel, "SELECT jx_list_acc(:acc, grade, template_id, id%s%s)", list_by_key(v) ? ", " : "",
		 list_by_key(v) ? list_key_cols[v->key] : "");
	int rc = -1, has_keys = keep && !keep_first && list_by_key(v) ? list_keys_of(st, v, keep, &k1, &k2, err) : 0;
	if (has_keys < 0)
		goto out;
	/* sorted by a key: the selected sheet's row counted in the same pass
	 * (the sheets of the view before it), where jx_list_position took
	 * another */
	if (has_keys) {
		a.count_before = 1;
		a.view = v;
		a.keep_row.id = keep;
		a.keep_row.k1 = k1; /* k1 itself freed below */
	}
	if (list_view_where(&t, v, sel, "sheets", 3, err))
		goto out;
	sqlite3_stmt *q = list_query(st, &t, err);
	if (q && a.own_order)
		a.in_order = walks_list_order(st, t.sql);
	int acc_at = q ? sqlite3_bind_parameter_index(q, ":acc") : 0;
	if (q && acc_at > 0 && sqlite3_bind_pointer(q, acc_at, &a, "jx_list_scan", NULL) == SQLITE_OK) {
		int r = jx_db_step(&st->db, q, err);
		if (r == SQLITE_ROW && !a.oom) {
			out->n = (int64_t)a.n_rows;
			in_view = a.found;
			before = a.before;
			rc = 0;
		} else if (r == SQLITE_ROW)
			jx_db_no_memory(err);
		if (r == SQLITE_ROW)
			sqlite3_reset(q);
		sqlite3_bind_null(q, acc_at);
	}
	list_stmt_free(&t);
	if (rc == 0)
		rc = finish_scan(st, v, keep, keep_first, in_view, has_keys, before, &a, out, err);
out:
	free(k1.text);
	free(k2.text);
	acc_free(&a);
	return rc;
}
