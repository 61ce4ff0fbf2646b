/* The store's SQLite layer (see db.h).
 *
 * Every statement is prepared once per connection (on first use), kept in a
 * small cache keyed by its SQL text and finalized at close; every value is
 * bound, never pasted into the SQL.
 */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define BUSY_TIMEOUT_MS 5000

struct jx_db_cached {
	char *sql;
	const char *asked; /* the caller's string it was last asked for by */
	size_t len;
	sqlite3_stmt *stmt;
};

/* ---- errors ---- */

void jx_db_no_memory(jx_err *err)
{
	jx_err_set(err, "内存不足", "out of memory");
}

/* Turn an SQLite result code into a message a user can act on. */
void jx_db_error(jx_db *db, int rc, jx_err *err)
{
	const char *detail = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		jx_err_set(err, "数据库正被另一程序占用，请稍后再试",
			   "the database is in use by another program; please try again shortly");
		break;
	case SQLITE_READONLY:
		jx_err_set(err, "数据库文件只读，无法保存", "the database file is read-only; nothing was saved");
		break;
	case SQLITE_FULL:
		jx_err_set(err, "磁盘已满，未能保存", "the disk is full; nothing was saved");
		break;
	case SQLITE_NOMEM:
		jx_db_no_memory(err);
		break;
	case SQLITE_CORRUPT:
		jx_err_set(err, "数据库文件已损坏（%s）", "the database file is damaged (%s)", detail);
		break;
	case SQLITE_NOTADB:
		jx_err_set(err, "不是 jixiao 数据库（文件不是数据库）", "not a jixiao database (file is not a database)");
		break;
	case SQLITE_IOERR:
		jx_err_set(err, "读写数据库文件出错，未能保存（%s）", "error reading or writing the database file; nothing was saved (%s)",
			   detail);
		break;
	case SQLITE_CANTOPEN:
		jx_err_set(err, "无法打开数据库文件（%s）", "cannot open the database file (%s)", detail);
		break;
	case SQLITE_CONSTRAINT:
		jx_err_set(err, "数据不符合数据库的约束，未保存（%s）", "the data breaks a rule of the database; nothing was saved (%s)",
			   detail);
		break;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		jx_err_set(err, "没有访问数据库的权限（%s）", "no permission to use the database (%s)", detail);
		break;
	default:
		jx_err_set(err, "数据库错误：%s（代码 %d）", "database error: %s (code %d)", detail, rc);
		break;
	}
}

/* ---- connection ---- */

static int memstatus_off;

int jx_db_open(jx_db *db, const char *name, int flags, jx_err *err)
{
	char *plain = NULL;
	int rc;
	/* A file name is a file name: SQLite built to read URIs everywhere
	 * would take "file:x.db?mode=memory" as an in-memory database, and
	 * ":memory:" is one in every build: a relative name is opened as
	 * "./name" unless the caller asked for a URI. */
	if (!(flags & SQLITE_OPEN_URI) && name[0] != '/' && name[0] &&
	    !(name[0] == '.' && name[1] == '/')) {
		size_t n = strlen(name);
		if (!(plain = malloc(n + 3))) {
			jx_db_no_memory(err);
			return -1;
		}
		memcpy(plain, "./", 2);
		memcpy(plain + 2, name, n + 1);
		name = plain;
	}
	/* SQLite counts every allocation under a global mutex for
	 * sqlite3_memory_used(), which jixiao never asks: without it an
	 * import's 150,000 allocations in 20 sheets cost 6% fewer
	 * instructions.  It can only be set before SQLite's first use (later
	 * it fails harmlessly: the counting stays). */
	if (!memstatus_off) {
		memstatus_off = 1;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	/* Each connection is used by one thread only (jixiao has no other):
	 * without SQLite's mutex around every call, which took a tenth of
	 * the time of loading a sheet's rows. */
	rc = sqlite3_open_v2(name, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL);
	free(plain);
	if (rc != SQLITE_OK) {
		db->last_rc = db->h ? sqlite3_extended_errcode(db->h) : rc;
		jx_db_error(db, rc, err);
		return -1;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	return 0;
}

void jx_db_close(jx_db *db)
{
	for (size_t i = 0; i < db->n_cache; i++) {
		sqlite3_finalize(db->cache[i].stmt);
		free(db->cache[i].sql);
	}
	free(db->cache);
	db->cache = NULL;
	db->n_cache = db->cap_cache = 0;
	if (db->h)
		sqlite3_close(db->h);
	db->h = NULL;
	db->depth = 0;
	db->bulk = 0;
	db->bulk_before_commit = NULL;
	db->bulk_before_commit_arg = NULL;
}

/* ---- statements ---- */

/* The cached statement of sql, reset, or NULL.  Statements are asked for by
 * the same string literal each time: that pointer is tried first, the text
 * compared once, rather than every cached text (an import asks for the
 * indicator row's statement 300 times a sheet). */
static sqlite3_stmt *cached(jx_db *db, const char *sql)
{
	size_t len = strlen(sql), i;
	for (i = 0; i < db->n_cache; i++)
		if (db->cache[i].asked == sql && db->cache[i].len == len && memcmp(db->cache[i].sql, sql, len) == 0)
			break;
	if (i == db->n_cache)
		for (i = 0; i < db->n_cache; i++)
			if (db->cache[i].len == len && memcmp(db->cache[i].sql, sql, len) == 0)
				break;
	if (i == db->n_cache)
		return NULL;
	db->cache[i].asked = sql;
	sqlite3_reset(db->cache[i].stmt);
	sqlite3_clear_bindings(db->cache[i].stmt);
	db->bind_rc = SQLITE_OK;
	return db->cache[i].stmt;
}

sqlite3_stmt *jx_db_prepare(jx_db *db, const char *sql, jx_err *err)
{
	sqlite3_stmt *q = cached(db, sql);
	int rc;
	if (q)
		return q;
	if (db->n_cache == db->cap_cache) {
		size_t ncap = db->cap_cache ? db->cap_cache * 2 : 64;
		jx_db_cached *p = realloc(db->cache, ncap * sizeof *p);
		if (!p) {
			jx_db_no_memory(err);
			return NULL;
		}
		db->cache = p;
		db->cap_cache = ncap;
	}
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL);
	if (rc != SQLITE_OK) {
		jx_db_error(db, rc, err);
		sqlite3_finalize(q);
		return NULL;
	}
	db->cache[db->n_cache].sql = strdup(sql);
	db->cache[db->n_cache].asked = sql;
	db->cache[db->n_cache].len = strlen(sql);
	if (!db->cache[db->n_cache].sql) {
		sqlite3_finalize(q);
		jx_db_no_memory(err);
		return NULL;
	}
	db->cache[db->n_cache++].stmt = q;
	db->bind_rc = SQLITE_OK;
	return q;
}

void jx_db_bind(jx_db *db, sqlite3_stmt *q, int i, jx_db_val v)
{
	int rc;
	if (v.name)
		i = sqlite3_bind_parameter_index(q, v.name);
	switch (v.kind) {
	case JX_DB_INT: rc = sqlite3_bind_int64(q, i, v.i); break;
	case JX_DB_TEXT:
		rc = v.s && *v.s ? sqlite3_bind_text(q, i, v.s, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i);
		break;
	case JX_DB_STR: rc = v.s ? sqlite3_bind_text(q, i, v.s, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i); break;
	case JX_DB_DEC: rc = v.i == JX_NONE ? sqlite3_bind_null(q, i) : sqlite3_bind_int64(q, i, v.i); break;
	default: rc = sqlite3_bind_null(q, i); break;
	}
	if (rc != SQLITE_OK && db->bind_rc == SQLITE_OK)
		db->bind_rc = rc;
}

void jx_db_bind_pointer(jx_db *db, sqlite3_stmt *q, int i, void *p, const char *type)
{
	int rc = sqlite3_bind_pointer(q, i, p, type, NULL);
	if (rc != SQLITE_OK && db->bind_rc == SQLITE_OK)
		db->bind_rc = rc;
}

sqlite3_stmt *jx_db_query(jx_db *db, jx_err *err, const char *sql, const jx_db_val *v, size_t n)
{
	sqlite3_stmt *q = jx_db_prepare(db, sql, err);
	if (!q)
		return NULL;
	for (size_t i = 0; i < n; i++)
		jx_db_bind(db, q, (int)i + 1, v[i]);
	return q;
}

int jx_db_step(jx_db *db, sqlite3_stmt *q, jx_err *err)
{
	int rc;
	if (db->bind_rc != SQLITE_OK) {
		jx_db_error(db, db->bind_rc, err);
		sqlite3_reset(q);
		return -1;
	}
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	db->last_rc = rc;
	jx_db_error(db, rc, err);
	sqlite3_reset(q);
	return -1;
}

int jx_db_run(jx_db *db, sqlite3_stmt *q, jx_err *err)
{
	int rc = jx_db_step(db, q, err);
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	return 0;
}

/* ---- one-shot ---- */

int jx_db_exec(jx_db *db, jx_err *err, const char *sql, const jx_db_val *v, size_t n)
{
	sqlite3_stmt *q = jx_db_query(db, err, sql, v, n);
	return q ? jx_db_run(db, q, err) : -1;
}

int jx_db_exec_sql(jx_db *db, const char *sql, jx_err *err)
{
	return jx_db_exec(db, err, sql, NULL, 0);
}

int jx_db_changes(jx_db *db)
{
	return sqlite3_changes(db->h);
}

int64_t jx_db_last_rowid(jx_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int jx_db_int(jx_db *db, jx_err *err, int64_t *out, const char *sql, const jx_db_val *v, size_t n)
{
	sqlite3_stmt *q = jx_db_query(db, err, sql, v, n);
	int rc;
	*out = 0;
	if (!q || (rc = jx_db_step(db, q, err)) < 0)
		return -1;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW;
}

int jx_db_text(jx_db *db, jx_err *err, char **out, const char *sql, const jx_db_val *v, size_t n)
{
	sqlite3_stmt *q = jx_db_query(db, err, sql, v, n);
	int rc;
	*out = NULL;
	if (!q || (rc = jx_db_step(db, q, err)) < 0)
		return -1;
	if (rc == SQLITE_ROW && jx_db_col_text(q, 0, out, err))
		return -1;
	sqlite3_reset(q);
	return rc == SQLITE_ROW;
}

int jx_db_ints(jx_db *db, sqlite3_stmt *q, int64_t **out, size_t *n, jx_err *err)
{
	int64_t *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!q)
		return -1;
	while ((rc = jx_db_step(db, q, err)) == SQLITE_ROW) {
		if (cnt == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			int64_t *p = realloc(v, ncap * sizeof *p);
			if (!p) {
				sqlite3_reset(q);
				free(v);
				jx_db_no_memory(err);
				return -1;
			}
			v = p;
			cap = ncap;
		}
		v[cnt++] = sqlite3_column_int64(q, 0);
	}
	if (rc < 0) {
		free(v);
		return -1;
	}
	sqlite3_reset(q);
	*out = v;
	*n = cnt;
	return 0;
}

/* ---- transactions ---- */

static int tx_open(jx_db *db, const char *begin_sql, jx_err *err)
{
	if (db->depth > 0) {
		if (sqlite3_get_autocommit(db->h)) {
			/* SQLite ended the outer transaction after an error */
			jx_err_set(err, "数据库事务已中止，未保存", "the database transaction was aborted; nothing was saved");
			return -1;
		}
		if (!db->bulk && sqlite3_exec(db->h, "SAVEPOINT jx_nested", NULL, NULL, NULL) != SQLITE_OK) {
			jx_db_error(db, sqlite3_errcode(db->h), err);
			return -1;
		}
	} else if (jx_db_exec_sql(db, begin_sql, err)) {
		return -1;
	}
	db->depth++;
	return 0;
}

int jx_db_begin(jx_db *db, jx_err *err)
{
	return tx_open(db, "BEGIN IMMEDIATE", err);
}

/* A bulk transaction keeps SQLite's statement journals in memory.  An
 * import's statements that can fail part-way (a multi-row INSERT under
 * CHECKs, triggers and foreign keys, a sheet row under its indexes) each
 * journal the pages they change, so that the statement alone can be undone.
 * Past 64 KiB, SQLite's default, that journal spills to a temporary file,
 * and in a 1,000-sheet import most sheet inserts did: 84,000 page writes to
 * a file deleted at once, half of the import's time in the kernel.  In
 * memory a statement's journal lives as long as the statement and holds
 * only the pages it touched, so memory stays that of one sheet.  SQLite
 * reads temp_store when a transaction begins, so it is set before BEGIN and
 * set back when the transaction ends: elsewhere large sorts keep spilling to
 * files.  Best effort: without it the import is slower, not different. */
static void bulk_journal_in_memory(jx_db *db, int on)
{
	sqlite3_exec(db->h, on ? "PRAGMA temp_store = MEMORY" : "PRAGMA temp_store = DEFAULT", NULL, NULL, NULL);
}

/* A bulk transaction's page cache, in KiB: SQLite's default is 2 MiB. */
enum { BULK_CACHE_KIB = 8192 };

static int pragma_int(jx_db *db, const char *sql)
{
	jx_err ignored = {{0}};
	int64_t v = 0;
	return jx_db_int(db, &ignored, &v, sql, NULL, 0) == 1 ? (int)v : 0;
}

/* Every page an import changes stays dirty until COMMIT.  Once they fill
 * the 2 MiB cache, SQLite spills them to the WAL inside the transaction,
 * reads them back when the next sheets change them again (the tables' and
 * indexes' right-hand leaves, their interior pages, the list summaries)
 * and writes them to the WAL once more.  With 8 MiB a 3,000-sheet import
 * made 7% fewer page writes and 12% fewer reads; 16 MiB gained almost
 * nothing more for 8 MiB more memory.  Spilled frames count only at
 * COMMIT, so durability is as before.  A fixed size keeps memory bounded
 * whatever the number of sheets; a larger cache (the workstation list's)
 * is left as it is, and the size there was is set back at the end.  Best
 * effort: without it the import is slower, not different. */
static void bulk_cache(jx_db *db, int on)
{
	char sql[48];
	if (on) {
		int was = pragma_int(db, "PRAGMA cache_size");
		/* positive: pages; negative: KiB */
		long kib = was < 0 ? -(long)was : (long)was * pragma_int(db, "PRAGMA page_size") / 1024;
		db->bulk_cache_was = was;
		if (!was || kib >= BULK_CACHE_KIB) {
			db->bulk_cache_was = 0;
			return;
		}
		snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", (int)BULK_CACHE_KIB);
	} else {
		if (!db->bulk_cache_was)
			return;
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", db->bulk_cache_was);
		db->bulk_cache_was = 0;
	}
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

static void bulk_end(jx_db *db)
{
	if (db->bulk) {
		bulk_journal_in_memory(db, 0);
		bulk_cache(db, 0);
	}
	db->bulk = 0;
	db->bulk_before_commit = NULL;
	db->bulk_before_commit_arg = NULL;
}

void jx_db_set_bulk_before_commit(jx_db *db, int (*fn)(void *arg, jx_err *err), void *arg)
{
	if (!db->bulk)
		return;
	db->bulk_before_commit = fn;
	db->bulk_before_commit_arg = arg;
}

int jx_db_begin_bulk(jx_db *db, jx_err *err)
{
	if (db->depth > 0) {
		jx_err_set(err, "已有进行中的事务", "a transaction is already open");
		return -1;
	}
	bulk_journal_in_memory(db, 1);
	bulk_cache(db, 1);
	if (tx_open(db, "BEGIN IMMEDIATE", err)) {
		bulk_journal_in_memory(db, 0);
		bulk_cache(db, 0);
		return -1;
	}
	db->bulk = 1;
	db->bulk_broken = 0;
	return 0;
}

int jx_db_begin_read(jx_db *db, jx_err *err)
{
	return tx_open(db, "BEGIN", err);
}

void jx_db_rollback(jx_db *db)
{
	if (db->depth <= 0)
		return;
	db->depth--;
	if (sqlite3_get_autocommit(db->h)) {
		db->depth = 0; /* already rolled back by SQLite */
		bulk_end(db);
		return;
	}
	if (db->depth > 0 && db->bulk) {
		db->bulk_broken = 1;
	} else if (db->depth > 0) {
		sqlite3_exec(db->h, "ROLLBACK TO jx_nested", NULL, NULL, NULL);
		sqlite3_exec(db->h, "RELEASE jx_nested", NULL, NULL, NULL);
	} else {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		bulk_end(db);
	}
}

int jx_db_commit(jx_db *db, jx_err *err)
{
	if (db->depth > 1) {
		if (sqlite3_get_autocommit(db->h)) {
			db->depth = 0;
			bulk_end(db);
			jx_err_set(err, "数据库事务已中止，未保存", "the database transaction was aborted; nothing was saved");
			return -1;
		}
		if (!db->bulk && sqlite3_exec(db->h, "RELEASE jx_nested", NULL, NULL, NULL) != SQLITE_OK) {
			jx_db_error(db, sqlite3_errcode(db->h), err);
			jx_db_rollback(db);
			return -1;
		}
		db->depth--;
		return 0;
	}
	if (db->bulk && db->bulk_broken) {
		jx_err_set(err, "数据库事务已中止，未保存", "the database transaction was aborted; nothing was saved");
		jx_db_rollback(db);
		return -1;
	}
	if (db->bulk && db->bulk_before_commit && db->bulk_before_commit(db->bulk_before_commit_arg, err)) {
		jx_db_rollback(db);
		return -1;
	}
	if (jx_db_exec_sql(db, "COMMIT", err)) {
		jx_db_rollback(db);
		return -1;
	}
	db->depth = 0;
	bulk_end(db);
	return 0;
}

/* ---- columns ---- */

int jx_db_col_str(sqlite3_stmt *q, int i, char **dst)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	if (!t || !*t) {
		free(*dst);
		*dst = NULL;
		return 0;
	}
	return jx_set_str(dst, (const char *)t);
}

int jx_db_col_text(sqlite3_stmt *q, int i, char **dst, jx_err *err)
{
	if (jx_db_col_str(q, i, dst) == 0)
		return 0;
	sqlite3_reset(q);
	jx_db_no_memory(err);
	return -1;
}

char *jx_db_col_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return jx_strdup(t ? (const char *)t : "");
}

jx_dec jx_db_col_dec(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? JX_NONE : (jx_dec)sqlite3_column_int64(q, i);
}

int64_t jx_db_col_int(sqlite3_stmt *q, int i, int64_t none)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? none : sqlite3_column_int64(q, i);
}
