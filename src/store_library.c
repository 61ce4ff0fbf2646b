/* The indicator library in the database (schema/010_library.sql): loaded
 * whole into memory for searching, dirty entries written back in one
 * transaction. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "library.h"
#include "strutil.h"

/* The columns in JX_LIB_COLUMNS order (every key is its column's name). */
#define LIB_SQL_COL(member, kind, key, ...) ", " key
#define LIB_SQL_Q(member, kind, key, ...) ", ?"
#define LIB_COLS "id" JX_LIB_COLUMNS(LIB_SQL_COL)

/* Read the columns of row q (after id) into e. */
static int read_entry(sqlite3_stmt *q, jx_lib_entry *e, jx_err *err)
{
	e->id = sqlite3_column_int64(q, 0);
	for (size_t c = 0; c < jx_lib_ncolumns; c++) {
		const char *v = (const char *)sqlite3_column_text(q, (int)c + 1);
		if (jx_lib_columns[c].kind == JX_LIBK_DEC) {
			jx_dec d = jx_db_col_dec(q, (int)c + 1);
			if (d == JX_NONE)
				continue;
			jx_lib_widen(e, d); /* min and max are read in that order: each one its own */
			continue;
		}
		if (v && jx_lib_set(e, c, v, err) < 0)
			return -1;
	}
	return 0;
}

int jx_store_library_load(jx_store *st, jx_lib *lib, jx_err *err)
{
	sqlite3_stmt *q;
	int rc;
	memset(lib, 0, sizeof *lib);
	if (jx_db_begin_read(&st->db, err))
		return -1;
	q = jx_db_query(&st->db, err, "SELECT " LIB_COLS " FROM library ORDER BY id", NULL, 0);
	if (!q)
		goto fail;
	while ((rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW) {
		jx_lib_entry e;
		memset(&e, 0, sizeof e);
		e.target_min = e.target_max = JX_NONE;
		if (read_entry(q, &e, err) < 0 || jx_lib_append(lib, &e) < 0) {
			jx_lib_entry_clear(&e);
			sqlite3_reset(q);
			goto fail;
		}
	}
	if (rc < 0)
		goto fail;
	/* sources in entry order: both lists are by id */
	q = jx_db_query(&st->db, err, "SELECT entry, source FROM library_sources ORDER BY entry, source", NULL, 0);
	if (!q)
		goto fail;
	size_t at = 0;
	while ((rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		while (at < lib->n && lib->v[at].id < id)
			at++;
		if (at < lib->n && lib->v[at].id == id &&
		    jx_lib_add_source(&lib->v[at], (const char *)sqlite3_column_text(q, 1)) < 0) {
			sqlite3_reset(q);
			jx_db_no_memory(err);
			goto fail;
		}
	}
	if (rc < 0)
		goto fail;
	jx_db_rollback(&st->db);
	if (jx_lib_index(lib) < 0) {
		jx_db_no_memory(err);
		jx_lib_free(lib);
		return -1;
	}
	return 0;
fail:
	jx_db_rollback(&st->db);
	jx_lib_free(lib);
	return -1;
}

/* Bind e's columns at 2.. of q (1 is the id). */
static void bind_entry(jx_store *st, sqlite3_stmt *q, const jx_lib_entry *e)
{
	for (size_t c = 0; c < jx_lib_ncolumns; c++) {
		char buf[64];
		int at = (int)c + 2;
		switch (jx_lib_columns[c].kind) {
		case JX_LIBK_DEC:
			jx_db_bind(&st->db, q, at,
				   DB_DEC(strcmp(jx_lib_columns[c].key, "target_min") == 0 ? e->target_min : e->target_max));
			break;
		case JX_LIBK_CMP:
			jx_db_bind(&st->db, q, at, DB_TEXT(e->cmp == JX_CMP_NONE ? NULL : jx_cmp_name(e->cmp)));
			break;
		default: {
			const char *v = jx_lib_get(e, c, buf, sizeof buf);
			/* the unit is part of the key: "" rather than NULL */
			jx_db_bind(&st->db, q, at, strcmp(jx_lib_columns[c].key, "unit") == 0 ? DB_STR(v) : DB_TEXT(v));
		}
		}
	}
}

static int save_one(jx_store *st, jx_lib_entry *e, jx_err *err)
{
	sqlite3_stmt *q = jx_db_prepare(&st->db,
					"INSERT OR REPLACE INTO library (" LIB_COLS ") VALUES (?" JX_LIB_COLUMNS(LIB_SQL_Q) ")",
					err);
	if (!q)
		return -1;
	jx_db_bind(&st->db, q, 1, e->id ? DB_INT(e->id) : DB_NULL);
	bind_entry(st, q, e);
	if (jx_db_run(&st->db, q, err))
		return -1;
	if (!e->id)
		e->id = jx_db_last_rowid(&st->db);
	for (size_t i = 0; i < e->nsources; i++)
		if (jx_db_exec(&st->db, err, "INSERT OR IGNORE INTO library_sources (entry, source) VALUES (?1, ?2)",
			       DB_VALS(DB_INT(e->id), DB_STR(e->sources[i]))))
			return -1;
	return 0;
}

int jx_store_library_save(jx_store *st, jx_lib *lib, jx_err *err)
{
	int64_t *ids = calloc(lib->n ? lib->n : 1, sizeof *ids);
	if (!ids) {
		jx_db_no_memory(err);
		return -1;
	}
	if (store_writable(st, err) || jx_db_begin(&st->db, err)) {
		free(ids);
		return -1;
	}
	for (size_t i = 0; i < lib->n; i++) {
		ids[i] = lib->v[i].id;
		if (lib->v[i].dirty && save_one(st, &lib->v[i], err) < 0)
			goto fail;
	}
	if (jx_db_commit(&st->db, err))
		goto fail;
	for (size_t i = 0; i < lib->n; i++)
		lib->v[i].dirty = 0;
	free(ids);
	return 0;
fail:
	jx_db_rollback(&st->db);
	/* nothing was kept: new entries have no id again */
	for (size_t i = 0; i < lib->n; i++)
		lib->v[i].id = ids[i];
	free(ids);
	return -1;
}

int jx_store_library_delete(jx_store *st, int64_t id, jx_err *err)
{
	if (store_writable(st, err) || jx_db_begin(&st->db, err))
		return -1;
	if (jx_db_exec(&st->db, err, "DELETE FROM library_sources WHERE entry = ?1", DB_VALS(DB_INT(id))) ||
	    jx_db_exec(&st->db, err, "DELETE FROM library WHERE id = ?1", DB_VALS(DB_INT(id))))
		goto fail;
	int n = jx_db_changes(&st->db);
	if (jx_db_commit(&st->db, err))
		goto fail;
	return n > 0;
fail:
	jx_db_rollback(&st->db);
	return -1;
}

int jx_store_library_restore(jx_store *st, const jx_lib_entry *e, jx_err *err)
{
	jx_lib_entry copy = *e;
	if (store_writable(st, err) || jx_db_begin(&st->db, err))
		return -1;
	if (save_one(st, &copy, err) || jx_db_commit(&st->db, err)) {
		jx_db_rollback(&st->db);
		return -1;
	}
	return 0;
}
