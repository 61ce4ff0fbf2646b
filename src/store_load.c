/* The store: reading sheets (whole or in parts, the parts a write checks
 * against) and finding a sheet by uid or by project.  The project list's
 * summaries are read in store_list.c. */
#include "store_int.h"

#include "field.h"
#include "num.h"

#include <stdint.h>
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

/* What a sheet's rows are read into: the sheet, and for its indicators
 * (read inside SQLite by jx_ind_row, below) whether their texts are kept
 * with the sheet's, whether a value is past the ranges, and why jx_ind_row
 * stopped the query when it did. */
typedef struct {
	jx_sheet *s;
	int kept;
	int suspect;
	int failed;
	jx_err err;
	/* the comparators read (read_cmp): their spellings' bytes and values */
	uint64_t cmp_words[8];
	jx_cmp cmps[8];
	int n_cmps;
} load_ctx;

/* Read every row of a child query into c->s with `row`; a NULL row for
 * the indicators, which jx_ind_row reads as SQLite steps to them. */
static int load_rows(jx_store *st, sqlite3_stmt *q, load_ctx *c, int (*row)(sqlite3_stmt *, jx_sheet *, jx_err *),
		     jx_err *err)
{
	int rc;
	if (!q)
		return -1;
	while ((rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW)
		if (row && row(q, c->s, err)) {
			sqlite3_reset(q);
			return -1;
		}
	if (rc < 0) {
		if (c->failed) /* jx_ind_row's own message, not SQLite's */
			*err = c->err;
		return -1;
	}
	sqlite3_reset(q);
	return 0;
}

static int row_oom(jx_err *err)
{
	jx_db_no_memory(err);
	return -1;
}

/* One text column as the sheet keeps it: NULL for NULL or empty, else a
 * copy up to its first NUL, as jx_db_col_str; *len its length.  SQLite's
 * text always ends in a NUL, so strlen alone finds where the copy ends
 * (asking for its byte count as well was a call more per text). */
static int value_str(sqlite3_value *v, char **dst, size_t *len, jx_sheet *kept)
{
	const char *t = (const char *)sqlite3_value_text(v);
	size_t n;
	*len = 0;
	if (!t || !*t)
		return 0;
	n = strlen(t);
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

/* Each indicator column's place in store_ind_map (JX_IND_COLUMNS' order). */
#define IND_POS(member, ...) IND_POS_##member,
enum { JX_IND_COLUMNS(IND_POS) IND_NCOLS };
#undef IND_POS

/* A comparator's text as the indicator keeps it.  A sheet's rows spell a
 * few comparators again and again, and jx_cmp_parse compares a text with
 * each name in turn: the spellings of up to 7 bytes already read are kept
 * as integers (their bytes, zero-padded) beside their answers, and a text
 * is first looked for among them. */
static int read_cmp(sqlite3_value *x, jx_cmp *out, const jx_indicator *d, load_ctx *c)
{
	const char *t = (const char *)sqlite3_value_text(x);
	size_t n = t ? strlen(t) : 0;
	uint64_t word = 0;
	if (n > 0 && n < sizeof word) {
		memcpy(&word, t, n);
		for (int i = 0; i < c->n_cmps; i++)
			if (c->cmp_words[i] == word) {
				*out = c->cmps[i];
				return 0;
			}
	}
	if (t && jx_cmp_parse(t, out)) {
		jx_err_set(&c->err, "数据库中指标“%s”的计算符号“%s”无效", "indicator \"%s\" has an invalid comparator \"%s\" in the database",
			   d->key, t);
		return -1;
	}
	if (word && c->n_cmps < (int)(sizeof c->cmps / sizeof c->cmps[0])) {
		c->cmp_words[c->n_cmps] = word;
		c->cmps[c->n_cmps++] = *out;
	}
	return 0;
}

/* An indicator row as ind_sql asks for it (v[0] the last column of
 * store_ind_map ... v[n - 1] the first, v[n] the key), appended to c->s.
 * Each column's type and content are read from its value once (asking the
 * statement twice per column, for the type and then the content, was a
 * fifth of loading); a NULL column leaves the fresh indicator's empty
 * value.  c->suspect is set when a value is past what
 * store_check_ranges allows: the values are compared while they are at
 * hand, and only then does that check go over the indicators again to name
 * the field (going over every value a second time was a tenth of loading).
 * The columns are read in straight-line code made from JX_IND_COLUMNS, each
 * with its kind and place known when compiling (a loop over store_ind_map
 * looked up each column's kind, place and range in turn: a fifth of this
 * function). */
static int read_ind(sqlite3_value **v, load_ctx *c)
{
	jx_sheet *s = c->s, *kept = c->kept ? s : NULL;
	const char *key = (const char *)sqlite3_value_text(v[IND_NCOLS]);
	jx_indicator *d = new_ind(s, key ? key : "", c->kept);
	int oom = 0, bad = 0;
	sqlite3_value *x1;
	size_t n;
	int64_t x;
	if (!d || !d->key)
		return row_oom(&c->err);
#define READ_TEXT(member, flags)                                  \
	do {                                                      \
		oom |= value_str(x1, &d->member, &n, kept);       \
		bad |= n > JX_FIELD_MAX;                          \
	} while (0)
#define READ_DEC(member, flags)                                                                  \
	do {                                                                                     \
		x = sqlite3_value_int64(x1);                                                     \
		d->member = (jx_dec)x;                                                           \
		bad |= x > JX_DEC_MAX || x < (((flags) & JX_NUM_NONNEG) ? 0 : -JX_DEC_MAX);      \
	} while (0)
#define READ_CMP(member, flags)                              \
	do {                                                 \
		if (read_cmp(x1, &d->member, d, c))          \
			return -1;                           \
	} while (0)
#define READ_BAND(member, flags)                                                  \
	do {                                                                      \
		d->member = (int)sqlite3_value_int64(x1);                         \
		bad |= d->member < -1 || d->member > STORE_BAND_MAX;              \
	} while (0)
#define READ_IND(member, kind, ft, k, zh, en, flags)           \
	x1 = v[IND_NCOLS - 1 - IND_POS_##member];                \
	if (sqlite3_value_type(x1) != SQLITE_NULL)               \
		READ_##kind(member, flags);
	JX_IND_COLUMNS(READ_IND)
#undef READ_IND
#undef READ_TEXT
#undef READ_DEC
#undef READ_CMP
#undef READ_BAND
	c->suspect |= bad;
	return oom ? row_oom(&c->err) : 0;
}

/* jx_ind_row(ctx, columns..., key): called by the indicator query for
 * each row (ind_sql), reading it into the load_ctx bound as a pointer at ctx.
 * SQLite hands a function its arguments as one array of values, where
 * reading the same row's 27 columns through the statement is a call to
 * sqlite3_column_value each (with its checks and error bookkeeping, a
 * sixth of loading).  The queries' ORDER BY pos is the order of the
 * table's primary key (sheet_id, pos, key): SQLite walks it without a
 * sort, so the calls come in the order the rows are shown.  Registered
 * SQLITE_DIRECTONLY: a view or trigger in a database file cannot call it,
 * and without the pointer it does nothing. */
static void sql_ind_row(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	load_ctx *c = sqlite3_value_pointer(argv[0], "jx_ind_row");
	if (!c || c->failed || argc != (int)store_ind_ncols + 2)
		return;
	if (read_ind(argv + 1, c)) {
		c->failed = 1;
		sqlite3_result_error(cx, "jx_ind_row", -1);
	}
}

int store_load_functions(jx_store *st, jx_err *err)
{
	int rc = sqlite3_create_function_v2(st->db.h, "jx_ind_row", (int)store_ind_ncols + 2,
					    SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, sql_ind_row, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		jx_db_error(&st->db, rc, err);
		return -1;
	}
	return 0;
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

/* The indicator query of a sheet (?1), or of its indicator ?3 when
 * by_key: jx_ind_row with the load_ctx bound at ?2 and the columns from
 * the table's last to its first.  SQLite reads where each column of a
 * row lies from the row's header as far as the column asked for: asked
 * in the table's order, it went back to the header for each column;
 * asked for the last first, it reads the whole header in one go (a third
 * of the instructions SQLite spent stepping the query).  A whole sheet's
 * query calls jx_ind_row in its WHERE clause and returns no row: each row
 * handed back to the caller was SQLite leaving its interpreter and
 * entering it again, a tenth of stepping the query.  The rows still come
 * in the order of the table's primary key (sheet_id, pos, key), which
 * ORDER BY pos walks without a sort; load_parts checks that no sort was
 * made (a sort would order the rows after jx_ind_row had read them).
 * Built once: its address stays the same, which the statement cache
 * looks up first. */
static const char *ind_sql(int by_key)
{
	static char sql[2][sizeof "SELECT jx_ind_row(?2, " IND_COLS ") FROM indicators WHERE sheet_id = ?1 ORDER BY pos" +
			   sizeof " AND key = ?3" + sizeof "SELECT 1 FROM indicators WHERE sheet_id = ?1 AND "];
	char *p = sql[by_key != 0];
	if (!p[0]) {
		size_t n = (size_t)snprintf(p, sizeof sql[0], by_key ? "SELECT jx_ind_row(?2" : "SELECT 1 FROM indicators WHERE sheet_id = ?1 AND jx_ind_row(?2");
		for (size_t i = store_ind_ncols; i-- > 0;)
			n += (size_t)snprintf(p + n, sizeof sql[0] - n, ", %s", store_ind_map[i].col);
		snprintf(p + n, sizeof sql[0] - n, by_key ? ", key) FROM indicators WHERE sheet_id = ?1 AND key = ?3 ORDER BY pos" : ", key) ORDER BY pos");
	}
	return p;
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
	{PART_INDS, NULL, NULL}, /* ind_sql */
	{PART_MARKS, "SELECT node, item, awarded FROM marks WHERE sheet_id = ?1 ORDER BY pos", row_mark},
	{PART_ENTRIES, "SELECT node, score, note FROM entries WHERE sheet_id = ?1 ORDER BY pos", row_entry},
	{PART_MEASURES, "SELECT name, value FROM measures WHERE sheet_id = ?1 ORDER BY pos", row_measure},
	{PART_STATED, "SELECT path, value, text, source FROM stated WHERE sheet_id = ?1 ORDER BY pos", row_stated},
	{PART_NARR, "SELECT section, text FROM narrative WHERE sheet_id = ?1", row_narr},
};

/* The parts of sheet id into c->s; ind_key limits indicators to one. */
static int load_parts(jx_store *st, int64_t id, load_ctx *c, int parts, const char *ind_key, jx_err *err)
{
	if ((parts & PART_SHEET) && load_sheet_row(st, id, c->s, err))
		return -1;
	for (size_t i = 0; i < NMAP(parts_sql); i++) {
		sqlite3_stmt *q;
		int rc;
		if (!(parts & parts_sql[i].part))
			continue;
		if (parts_sql[i].part != PART_INDS) {
			q = jx_db_query(&st->db, err, parts_sql[i].sql, DB_VALS(DB_INT(id)));
		} else {
			q = ind_key ? jx_db_query(&st->db, err, ind_sql(1), DB_VALS(DB_INT(id), DB_NULL, DB_TEXT(ind_key)))
				    : jx_db_query(&st->db, err, ind_sql(0), DB_VALS(DB_INT(id)));
			if (q && sqlite3_bind_pointer(q, 2, c, "jx_ind_row", NULL) != SQLITE_OK) {
				jx_db_error(&st->db, sqlite3_errcode(st->db.h), err);
				return -1;
			}
		}
		rc = load_rows(st, q, c, parts_sql[i].row, err);
		if (q && parts_sql[i].part == PART_INDS) {
			sqlite3_bind_null(q, 2); /* c lives on the caller's stack */
			if (!rc && !ind_key && sqlite3_stmt_status(q, SQLITE_STMTSTATUS_SORT, 1)) {
				jx_err_set(err, "数据库的指标表没有按序号读出（索引与本版本不符）",
					   "the database did not read the indicators in their order (its indexes are not this version's)");
				return -1;
			}
		}
		if (rc)
			return -1;
	}
	return 0;
}

int store_load_parts(jx_store *st, int64_t id, jx_sheet *s, int parts, const char *ind_key, jx_err *err)
{
	load_ctx c = {.s = s};
	return load_parts(st, id, &c, parts, ind_key, err);
}

/* The whole sheet id; its indicators' texts kept with the sheet's when
 * `kept`, and their values compared with the ranges as they are read. */
static int load_whole(jx_store *st, int64_t id, jx_sheet **out, int kept, jx_err *err)
{
	load_ctx c = {.s = jx_sheet_new(), .kept = kept};
	*out = NULL;
	if (!c.s) {
		jx_db_no_memory(err);
		return -1;
	}
	/* one read transaction, so the parts agree with each other */
	if (jx_db_begin_read(&st->db, err)) {
		jx_sheet_free(c.s);
		return -1;
	}
	if (load_parts(st, id, &c, PART_ALL, NULL, err) || store_check_ranges(c.s, !c.suspect, err)) {
		jx_db_rollback(&st->db);
		jx_sheet_free(c.s);
		return -1;
	}
	if (jx_db_commit(&st->db, err)) {
		jx_sheet_free(c.s);
		return -1;
	}
	*out = c.s;
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

/* The project's sheet of that year: first only whether there is one,
 * since the ORDER BY of the question that picks it has SQLite open (and
 * clear) a sorter even when nothing is found, ten times the cost of the
 * first question, and an export asks for the year before of every sheet. */
int jx_store_find_project(jx_store *st, const jx_sheet *s, int year, int64_t *id, jx_err *err)
{
#define PROJECT_WHERE                                                                              \
	"FROM sheets WHERE template_id = ?1 AND name IS ?2 AND unit IS ?3 AND year = ?4 AND deleted = 0 " \
	"AND conflict_of IS NULL AND id <> ?5"
	const jx_db_val v[] = {DB_TEXT(s->template_id), DB_TEXT(s->info[JX_INFO_NAME]), DB_TEXT(s->info[JX_INFO_UNIT]),
			       DB_INT(year), DB_INT(s->id)};
	int rc = jx_db_int(&st->db, err, id, "SELECT 1 " PROJECT_WHERE " LIMIT 1", v, sizeof v / sizeof v[0]);
	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	return jx_db_int(&st->db, err, id, "SELECT id " PROJECT_WHERE " ORDER BY revision DESC, id DESC LIMIT 1", v,
			 sizeof v / sizeof v[0]) < 0
		       ? -1
		       : 0;
#undef PROJECT_WHERE
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
