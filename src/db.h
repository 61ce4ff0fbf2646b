/* A thin layer over SQLite for the store (store*.c only): statements
 * prepared once and kept by their SQL text, values bound from a list
 * (by position or by name), one-shot statements and single-value queries,
 * nested transactions, and SQLite's result codes turned into messages a
 * user can act on.  Shaped after fossil's db.c. */
#ifndef JX_DB_H
#define JX_DB_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "dec.h"
#include "err.h"

typedef struct jx_db_cached jx_db_cached;

typedef struct {
	sqlite3 *h;
	int last_rc;          /* result of the last failed step */
	int bind_rc;          /* first failed bind since the statement was fetched */
	jx_db_cached *cache;  /* prepared statements by SQL text */
	size_t n_cache, cap_cache;
	int depth;            /* open transaction levels: 1 = BEGIN, more = savepoints */
	int bulk;             /* jx_db_begin_bulk: the levels inside are not savepoints */
	int bulk_broken;      /* a level inside a bulk transaction was rolled back */
	int bulk_cache_was;   /* cache_size before the bulk transaction, set back at its end */
	/* Run just before a bulk transaction's COMMIT; when it fails the
	 * transaction is rolled back instead.  Cleared when the transaction
	 * ends either way (jx_db_set_bulk_before_commit). */
	int (*bulk_before_commit)(void *arg, jx_err *err);
	void *bulk_before_commit_arg;
} jx_db;

/* One value to bind: at its position in the list (?1, ?2, …), or at the
 * parameter `name` (":id") when set. */
typedef enum { JX_DB_NULL, JX_DB_INT, JX_DB_TEXT, JX_DB_STR, JX_DB_DEC } jx_db_kind;
typedef struct {
	const char *name;
	jx_db_kind kind;
	int64_t i;
	const char *s;
} jx_db_val;

/* Bound text must outlive the statement's step (it is not copied). */
#define DB_INT(v) ((jx_db_val){NULL, JX_DB_INT, (int64_t)(v), NULL})
#define DB_TEXT(v) ((jx_db_val){NULL, JX_DB_TEXT, 0, (v)}) /* NULL or "" -> SQL NULL */
#define DB_STR(v) ((jx_db_val){NULL, JX_DB_STR, 0, (v)})   /* "" stays "" (NULL -> SQL NULL) */
#define DB_DEC(v) ((jx_db_val){NULL, JX_DB_DEC, (int64_t)(v), NULL}) /* JX_NONE -> SQL NULL */
#define DB_NULL ((jx_db_val){NULL, JX_DB_NULL, 0, NULL})
/* The same value bound at a named parameter. */
static inline jx_db_val jx_db_named(const char *name, jx_db_val v)
{
	v.name = name;
	return v;
}
#define DB_AT(name, v) jx_db_named(name, v)
/* Is v bound as SQL NULL?  A statement from jx_db_prepare has every
 * parameter NULL already, so a caller binding many values may skip these. */
static inline int jx_db_val_null(jx_db_val v)
{
	return v.kind == JX_DB_NULL || (v.kind == JX_DB_TEXT && (!v.s || !*v.s)) || (v.kind == JX_DB_STR && !v.s) ||
	       (v.kind == JX_DB_DEC && v.i == JX_NONE);
}

/* A list of values for the functions below: DB_VALS(DB_INT(id), DB_TEXT(s)). */
#define DB_VALS(...) (const jx_db_val[]){__VA_ARGS__}, sizeof((jx_db_val[]){__VA_ARGS__}) / sizeof(jx_db_val)

/* Open the connection (flags: sqlite3_open_v2's) with extended result
 * codes, defensive mode and a busy timeout. */
int jx_db_open(jx_db *db, const char *name, int flags, jx_err *err);
/* Finalize every cached statement and close the connection. */
void jx_db_close(jx_db *db);

/* A message for an SQLite result code. */
void jx_db_error(jx_db *db, int rc, jx_err *err);
void jx_db_no_memory(jx_err *err);

/* The cached statement for sql, reset and with no values bound; NULL with
 * a message in err. */
sqlite3_stmt *jx_db_prepare(jx_db *db, const char *sql, jx_err *err);
/* Bind v at position i (or at v.name); a failure is reported by the next step. */
void jx_db_bind(jx_db *db, sqlite3_stmt *q, int i, jx_db_val v);
/* Bind memory of the program's own at position i, for an SQL function or
 * table of the program's own that asks for it by type; it must outlive
 * the statement's step. */
void jx_db_bind_pointer(jx_db *db, sqlite3_stmt *q, int i, void *p, const char *type);
/* Prepare sql and bind the n values: the statement, ready to step. */
sqlite3_stmt *jx_db_query(jx_db *db, jx_err *err, const char *sql, const jx_db_val *v, size_t n);
/* Step once: SQLITE_ROW or SQLITE_DONE, or -1 with a message (statement reset). */
int jx_db_step(jx_db *db, sqlite3_stmt *q, jx_err *err);
/* Step a statement that returns no rows, and reset it. */
int jx_db_run(jx_db *db, sqlite3_stmt *q, jx_err *err);

/* One-shot statements: prepare (cached), bind, run.  Rows changed by the
 * last one: jx_db_changes. */
int jx_db_exec(jx_db *db, jx_err *err, const char *sql, const jx_db_val *v, size_t n);
/* A statement without values. */
int jx_db_exec_sql(jx_db *db, const char *sql, jx_err *err);
int jx_db_changes(jx_db *db);
int64_t jx_db_last_rowid(jx_db *db);
/* The first column of the first row as an integer or as text (malloc'd;
 * NULL for NULL or ""): 1 with *out set, 0 when there is no row (*out 0
 * or NULL), -1 on error. */
int jx_db_int(jx_db *db, jx_err *err, int64_t *out, const char *sql, const jx_db_val *v, size_t n);
int jx_db_text(jx_db *db, jx_err *err, char **out, const char *sql, const jx_db_val *v, size_t n);

/* Every row's first column as an integer (*out malloc'd, NULL when none). */
int jx_db_ints(jx_db *db, sqlite3_stmt *q, int64_t **out, size_t *n, jx_err *err);

/* Transactions nest: the outermost level is a real transaction (BEGIN
 * IMMEDIATE to write, plain BEGIN to read), inner levels are savepoints, so
 * that a function can run alone or inside its caller's transaction. */
int jx_db_begin(jx_db *db, jx_err *err);
/* An outer transaction whose inner levels take no savepoint: each savepoint
 * copies every page it changes to a sub-journal (a temporary file once it
 * outgrows memory), about two thousand page writes for a sheet of 300
 * indicators.  For work that is all or nothing as a whole (import): an inner
 * level rolled back cannot be undone alone, so it makes the whole
 * transaction fail at its commit. */
int jx_db_begin_bulk(jx_db *db, jx_err *err);
/* Inside a bulk transaction: fn(arg, err) runs just before its COMMIT, and
 * a failure rolls the whole transaction back; forgotten when it ends. */
void jx_db_set_bulk_before_commit(jx_db *db, int (*fn)(void *arg, jx_err *err), void *arg);
int jx_db_begin_read(jx_db *db, jx_err *err);
int jx_db_commit(jx_db *db, jx_err *err);
void jx_db_rollback(jx_db *db);

/* Columns of the current row.  Text: "" reads as NULL; *dst is replaced. */
int jx_db_col_str(sqlite3_stmt *q, int i, char **dst);
/* jx_db_col_str; when out of memory the statement is reset and err says so. */
int jx_db_col_text(sqlite3_stmt *q, int i, char **dst, jx_err *err);
/* Text as a new string ("" for NULL); NULL only when out of memory. */
char *jx_db_col_dup(sqlite3_stmt *q, int i);
jx_dec jx_db_col_dec(sqlite3_stmt *q, int i);
/* An integer column, `none` for NULL. */
int64_t jx_db_col_int(sqlite3_stmt *q, int i, int64_t none);

#endif
