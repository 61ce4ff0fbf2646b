/* The store: reading sheets (whole or in parts, the parts a write checks
 * against) and finding a sheet by uid or by project.  The project list's
 * summaries are read in store_list.c. */
#include "store_int.h"

#include "field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Made from JX_IND_COLUMNS: a column added there is read, written, listed
 * in the INSERT and SELECT lists and named by field paths here with no
 * other change (its schema/ migration adds the SQL column). */
#define STORE_IND_MAP(member, kind, ...) {#member, K_##kind, offsetof(jx_indicator, member)},
const colmap store_ind_map[] = {JX_IND_COLUMNS(STORE_IND_MAP)};
const size_t store_ind_ncols = NMAP(store_ind_map);

const colmap *store_find_map(const colmap *m, size_t n, const char *col)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].col, col) == 0)
			return &m[i];
	return NULL;
}

jx_db_val store_mapped_val(const void *base, const colmap *m)
{
	const char *p = (const char *)base + m->off;
	switch (m->kind) {
	case K_TEXT: return DB_TEXT(*(char *const *)p);
	case K_DEC: return DB_DEC(*(const jx_dec *)p);
	case K_INT: return DB_INT(*(const int *)p);
	case K_CMP: {
		jx_cmp c = *(const jx_cmp *)p;
		return DB_TEXT(c == JX_CMP_NONE ? NULL : jx_cmp_name(c));
	}
	case K_BAND: {
		int b = *(const int *)p;
		return b < 0 ? DB_NULL : DB_INT(b);
	}
	}
	return DB_NULL;
}

int store_not_found(jx_err *err, int64_t id)
{
	jx_err_set(err, "数据库中没有编号为 %lld 的评价表", "there is no sheet %lld in the database", (long long)id);
	return -1;
}

sqlite3_stmt *store_sheet_row(jx_store *st, const char *sql, int64_t id, jx_err *err)
{
	sqlite3_stmt *q = jx_db_query(&st->db, err, sql, DB_VALS(DB_INT(id)));
	int rc;
	if (!q || (rc = jx_db_step(&st->db, q, err)) < 0)
		return NULL;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		store_not_found(err, id);
		return NULL;
	}
	return q;
}

/* ---- parts of a sheet ---- */

static int load_sheet_row(jx_store *st, int64_t id, jx_sheet *s, jx_err *err)
{
	sqlite3_stmt *q = store_sheet_row(st, "SELECT " SHEET_COLS " FROM sheets WHERE id = ?1", id, err);
	int c = 0, oom = 0;
	if (!q)
		return -1;
	s->id = id;
	oom |= jx_db_col_str(q, c++, &s->uid);
	oom |= jx_db_col_str(q, c++, &s->template_id);
	s->template_version = sqlite3_column_int(q, c++);
	s->year = sqlite3_column_int(q, c++);
	oom |= jx_db_col_str(q, c++, &s->status);
	for (int i = 0; i < JX_INFO_COUNT; i++)
		oom |= jx_db_col_str(q, c++, &s->info[i]);
	s->review_score = jx_db_col_dec(q, c++);
	oom |= jx_db_col_str(q, c++, &s->review_opinion);
	oom |= jx_db_col_str(q, c++, &s->review_result);
	s->revision = sqlite3_column_int64(q, c++);
	oom |= jx_db_col_str(q, c++, &s->updated_at);
	oom |= jx_db_col_str(q, c++, &s->origin);
	oom |= jx_db_col_str(q, c++, &s->stage);
	s->stage_month = (int)jx_db_col_int(q, c++, 0);
	oom |= jx_db_col_str(q, c++, &s->stage_from);
	if (sqlite3_column_int(q, c++))
		oom |= jx_set_str(&s->status, "returned") != 0;
#define LOAD_FT(member, ...) s->funds_total.member = jx_db_col_dec(q, c++);
	JX_FUND_TOTAL_COLUMNS(LOAD_FT)
#undef LOAD_FT
	sqlite3_reset(q);
	if (oom) {
		jx_db_no_memory(err);
		return -1;
	}
	return 0;
}

/* Read every row of a child query into s with `row`. */
static int load_rows(jx_store *st, sqlite3_stmt *q, jx_sheet *s, int (*row)(sqlite3_stmt *, jx_sheet *, jx_err *),
		     jx_err *err)
{
	int rc;
	if (!q)
		return -1;
	while ((rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW)
		if (row(q, s, err)) {
			sqlite3_reset(q);
			return -1;
		}
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	return 0;
}

static int row_oom(jx_err *err)
{
	jx_db_no_memory(err);
	return -1;
}

/* One text column as the sheet keeps it: NULL for NULL or empty, else a
 * copy up to its first NUL (as jx_db_col_str, which asks the statement for
 * the text and then measures it again); *len its length. */
static int value_str(sqlite3_value *v, char **dst, size_t *len, jx_sheet *kept)
{
	const char *t = (const char *)sqlite3_value_text(v);
	size_t n;
	*len = 0;
	if (!t || !*t)
		return 0;
	n = strnlen(t, (size_t)sqlite3_value_bytes(v));
	if (kept)
		*dst = jx_sheet_keep_text(kept, t, n);
	else if ((*dst = malloc(n + 1))) {
		memcpy(*dst, t, n);
		(*dst)[n] = 0;
	}
	if (!*dst)
		return -1;
	*len = n;
	return 0;
}

/* The fresh indicator of key k: its key copied, or kept with the sheet's
 * texts when `kept` (a sheet only read, jx_store_load_view). */
static jx_indicator *new_ind(jx_sheet *s, const char *k, int kept)
{
	char *key;
	if (!kept)
		return jx_sheet_add_ind(s, k);
	key = jx_sheet_keep_text(s, k, strlen(k));
	return key ? jx_sheet_add_kept_ind(s, key) : NULL;
}

/* An indicator row.  Each column is fetched once as a value, its type and
 * content read from that (asking the statement twice per column, for the
 * type and then the content, was a fifth of loading); a NULL column leaves
 * the fresh indicator's empty value.  *suspect is set when a value is past
 * what store_check_ranges allows: the values are compared while they are
 * at hand, and only then does that check go over the indicators again to
 * name the field (going over every value a second time was a tenth of
 * loading). */
static int read_ind(sqlite3_stmt *q, jx_sheet *s, int kept, int *suspect, jx_err *err)
{
	const char *key = (const char *)sqlite3_column_text(q, 0);
	jx_indicator *d = new_ind(s, key ? key : "", kept);
	int oom = 0, c = 1, bad = 0;
	if (!d || !d->key)
		return row_oom(err);
	for (size_t i = 0; i < store_ind_ncols; i++, c++) {
		sqlite3_value *v = sqlite3_column_value(q, c);
		char *p = (char *)d + store_ind_map[i].off;
		size_t n;
		int64_t x;
		if (sqlite3_value_type(v) == SQLITE_NULL) {
			if (store_ind_map[i].kind == K_INT)
				*(int *)p = 0;
			continue;
		}
		switch (store_ind_map[i].kind) {
		case K_TEXT:
			oom |= value_str(v, (char **)p, &n, kept ? s : NULL);
			bad |= n > JX_FIELD_MAX;
			break;
		case K_DEC:
			x = sqlite3_value_int64(v);
			*(jx_dec *)p = (jx_dec)x;
			bad |= x > JX_DEC_MAX || x < (store_ind_nonneg[i] ? 0 : -JX_DEC_MAX);
			break;
		case K_INT:
			*(int *)p = sqlite3_value_int(v);
			bad |= *(int *)p < 0 || *(int *)p > STORE_ITEM_MAX;
			break;
		case K_CMP: {
			const char *t = (const char *)sqlite3_value_text(v);
			jx_cmp cmp = JX_CMP_NONE;
			if (t && jx_cmp_parse(t, &cmp)) {
				jx_err_set(err, "数据库中指标“%s”的计算符号“%s”无效", "indicator \"%s\" has an invalid comparator \"%s\" in the database",
					   d->key, t);
				return -1;
			}
			*(jx_cmp *)p = cmp;
			break;
		}
		case K_BAND:
			*(int *)p = (int)sqlite3_value_int64(v);
			bad |= *(int *)p < -1 || *(int *)p > STORE_BAND_MAX;
			break;
		}
	}
	*suspect |= bad;
	return oom ? row_oom(err) : 0;
}

static int row_ind(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	int suspect = 0;
	return read_ind(q, s, 0, &suspect, err);
}

static int row_basis(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	if (jx_sheet_add_basis(s, NULL) || jx_db_col_str(q, 0, &s->basis[s->n_basis - 1]))
		return row_oom(err);
	return 0;
}

static int row_fund(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_fund *f = jx_sheet_add_fund(s, NULL);
	if (!f || jx_db_col_str(q, 0, &f->source))
		return row_oom(err);
	f->planned = jx_db_col_dec(q, 1);
	f->budget = jx_db_col_dec(q, 2);
	f->received = jx_db_col_dec(q, 3);
	f->spent = jx_db_col_dec(q, 4);
	f->forecast = jx_db_col_dec(q, 5);
	return 0;
}

static int row_sub(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_subproject *p = jx_sheet_add_sub(s);
	if (!p || jx_db_col_str(q, 0, &p->name))
		return row_oom(err);
	p->budget = jx_db_col_dec(q, 1);
	p->spent = jx_db_col_dec(q, 2);
	return 0;
}

static int row_goal(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_goal *g = jx_sheet_add_goal(s);
	if (!g || jx_db_col_str(q, 0, &g->planned) || jx_db_col_str(q, 1, &g->actual))
		return row_oom(err);
	g->points = jx_db_col_dec(q, 2);
	return 0;
}

static const char *key_col(sqlite3_stmt *q)
{
	const char *t = (const char *)sqlite3_column_text(q, 0);
	return t ? t : "";
}

static int row_mark(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_mark *m = jx_sheet_set_mark(s, key_col(q), sqlite3_column_int(q, 1), jx_db_col_dec(q, 2));
	return !m || !m->node ? row_oom(err) : 0;
}

static int row_entry(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_entry *e = jx_sheet_set_entry(s, key_col(q), jx_db_col_dec(q, 1));
	return !e || !e->node || jx_db_col_str(q, 2, &e->note) ? row_oom(err) : 0;
}

static int row_measure(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_measure *m = jx_sheet_set_measure(s, key_col(q), jx_db_col_dec(q, 1));
	return !m || !m->name ? row_oom(err) : 0;
}

static int row_stated(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	jx_stated *t = jx_sheet_add_stated(s, key_col(q));
	if (!t || !t->path || jx_db_col_str(q, 2, &t->text) || jx_db_col_str(q, 3, &t->source))
		return row_oom(err);
	t->value = jx_db_col_dec(q, 1);
	return 0;
}

static int row_narr(sqlite3_stmt *q, jx_sheet *s, jx_err *err)
{
	const char *sec = (const char *)sqlite3_column_text(q, 0);
	for (int i = 0; sec && i < JX_NARR_COUNT; i++)
		if (strcmp(jx_narr_labels[i].key, sec) == 0)
			return jx_db_col_str(q, 1, &s->narr[i]) ? row_oom(err) : 0;
	return 0; /* the schema admits only known sections */
}

/* The child tables of a sheet: what each part reads and how. */
static const struct {
	int part;
	const char *sql;
	int (*row)(sqlite3_stmt *, jx_sheet *, jx_err *);
} parts_sql[] = {
	{PART_BASIS, "SELECT text FROM basis WHERE sheet_id = ?1 ORDER BY pos", row_basis},
	{PART_FUNDS, "SELECT source, planned, budget, received, spent, forecast FROM funds WHERE sheet_id = ?1 ORDER BY pos", row_fund},
	{PART_SUBS, "SELECT name, budget, spent FROM subprojects WHERE sheet_id = ?1 ORDER BY pos", row_sub},
	{PART_GOALS, "SELECT planned, actual, points FROM goals WHERE sheet_id = ?1 ORDER BY pos", row_goal},
	{PART_INDS, "SELECT " IND_COLS " FROM indicators WHERE sheet_id = ?1 ORDER BY pos", row_ind},
	{PART_MARKS, "SELECT node, item, awarded FROM marks WHERE sheet_id = ?1 ORDER BY pos", row_mark},
	{PART_ENTRIES, "SELECT node, score, note FROM entries WHERE sheet_id = ?1 ORDER BY pos", row_entry},
	{PART_MEASURES, "SELECT name, value FROM measures WHERE sheet_id = ?1 ORDER BY pos", row_measure},
	{PART_STATED, "SELECT path, value, text, source FROM stated WHERE sheet_id = ?1 ORDER BY pos", row_stated},
	{PART_NARR, "SELECT section, text FROM narrative WHERE sheet_id = ?1", row_narr},
};

/* The indicators of a whole sheet, with *suspect set as read_ind says. */
static int load_inds(jx_store *st, sqlite3_stmt *q, jx_sheet *s, int kept, int *suspect, jx_err *err)
{
	int rc;
	if (!q)
		return -1;
	while ((rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW)
		if (read_ind(q, s, kept, suspect, err)) {
			sqlite3_reset(q);
			return -1;
		}
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	return 0;
}

/* store_load_parts; inds_suspect not NULL: the indicators compared with
 * the ranges as they are read (load_inds), their texts kept with the
 * sheet's when `kept`. */
static int load_parts(jx_store *st, int64_t id, jx_sheet *s, int parts, const char *ind_key, int *inds_suspect,
		      int kept, jx_err *err)
{
	if ((parts & PART_SHEET) && load_sheet_row(st, id, s, err))
		return -1;
	for (size_t i = 0; i < NMAP(parts_sql); i++) {
		sqlite3_stmt *q;
		if (!(parts & parts_sql[i].part))
			continue;
		if (parts_sql[i].part == PART_INDS && ind_key)
			q = jx_db_query(&st->db, err,
					"SELECT " IND_COLS " FROM indicators WHERE sheet_id = ?1 AND key = ?2",
					DB_VALS(DB_INT(id), DB_TEXT(ind_key)));
		else
			q = jx_db_query(&st->db, err, parts_sql[i].sql, DB_VALS(DB_INT(id)));
		if (parts_sql[i].part == PART_INDS && inds_suspect ? load_inds(st, q, s, kept, inds_suspect, err)
								    : load_rows(st, q, s, parts_sql[i].row, err))
			return -1;
	}
	return 0;
}

int store_load_parts(jx_store *st, int64_t id, jx_sheet *s, int parts, const char *ind_key, jx_err *err)
{
	return load_parts(st, id, s, parts, ind_key, NULL, 0, err);
}

static int load_whole(jx_store *st, int64_t id, jx_sheet **out, int kept, jx_err *err)
{
	jx_sheet *s = jx_sheet_new();
	int suspect = 0;
	*out = NULL;
	if (!s) {
		jx_db_no_memory(err);
		return -1;
	}
	/* one read transaction, so the parts agree with each other */
	if (jx_db_begin_read(&st->db, err)) {
		jx_sheet_free(s);
		return -1;
	}
	if (load_parts(st, id, s, PART_ALL, NULL, &suspect, kept, err) || store_check_ranges(s, !suspect, err)) {
		jx_db_rollback(&st->db);
		jx_sheet_free(s);
		return -1;
	}
	if (jx_db_commit(&st->db, err)) {
		jx_sheet_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int jx_store_load(jx_store *st, int64_t id, jx_sheet **out, jx_err *err)
{
	return load_whole(st, id, out, 0, err);
}

int jx_store_load_view(jx_store *st, int64_t id, jx_sheet **out, jx_err *err)
{
	return load_whole(st, id, out, 1, err);
}

/* ---- rows, find ---- */

/* v (n elements of size bytes, room for *cap) with room for one more;
 * NULL (v untouched) when out of memory. */
static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 16;
	if (!(v = realloc(v, ncap * size)))
		return NULL;
	*cap = ncap;
	return v;
}

int store_collect(jx_store *st, sqlite3_stmt *q, size_t size, int (*read_row)(sqlite3_stmt *q, void *row),
		  void (*free_rows)(void *v, size_t n), void **out, size_t *n, jx_err *err)
{
	char *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!q)
		return -1;
	while ((rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW) {
		char *p = grow(v, &cap, cnt, size);
		if (!p)
			goto oom;
		v = p;
		if (read_row(q, v + cnt * size)) {
			cnt++; /* the element read_row left safe to free */
			goto oom;
		}
		cnt++;
	}
	if (rc < 0) {
		free_rows(v, cnt);
		return -1;
	}
	sqlite3_reset(q);
	*out = v;
	*n = cnt;
	return 0;
oom:
	sqlite3_reset(q);
	free_rows(v, cnt);
	jx_db_no_memory(err);
	return -1;
}

int jx_store_find_uid(jx_store *st, const char *uid, int64_t *id, jx_err *err)
{
	return jx_db_int(&st->db, err, id, "SELECT id FROM sheets WHERE uid = ?1", DB_VALS(DB_STR(uid ? uid : ""))) < 0
		       ? -1
		       : 0;
}

int jx_store_find_project(jx_store *st, const jx_sheet *s, int year, int64_t *id, jx_err *err)
{
	return jx_db_int(&st->db, err, id,
			 "SELECT id FROM sheets WHERE template_id = ?1 AND name IS ?2 AND unit IS ?3 AND year = ?4 "
			 "AND deleted = 0 AND conflict_of IS NULL AND id <> ?5 ORDER BY revision DESC, id DESC LIMIT 1",
			 DB_VALS(DB_TEXT(s->template_id), DB_TEXT(s->info[JX_INFO_NAME]),
				 DB_TEXT(s->info[JX_INFO_UNIT]), DB_INT(year), DB_INT(s->id))) < 0
		       ? -1
		       : 0;
}

int jx_store_revision(jx_store *st, int64_t id, int64_t *rev, jx_err *err)
{
	int64_t v;
	int rc = jx_db_int(&st->db, err, &v, "SELECT revision FROM sheets WHERE id = ?1", DB_VALS(DB_INT(id)));
	if (rc < 0)
		return -1;
	if (rc == 0)
		return store_not_found(err, id);
	*rev = v;
	return 0;
}

int jx_store_set_summary(jx_store *st, int64_t id, jx_dec total, const char *grade, int findings, jx_err *err)
{
	if (store_writable(st, err) ||
	    jx_db_exec(&st->db, err, "UPDATE sheets SET total = ?2, grade = ?3, findings = ?4 WHERE id = ?1",
		       DB_VALS(DB_INT(id), DB_DEC(total), DB_TEXT(grade), findings < 0 ? DB_NULL : DB_INT(findings))))
		return -1;
	if (jx_db_changes(&st->db) != 1)
		return store_not_found(err, id);
	return 0;
}
