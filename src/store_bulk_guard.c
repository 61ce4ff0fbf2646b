/* The store: during a bulk import, the guard that keeps new indicator rows
 * out of finalised sheets is held by the store itself, once a sheet,
 * instead of by SQLite's trigger, once a row.
 *
 * Why.  schema/016's trigger indicators_final_insert refuses a new
 * indicator row of a finalised sheet.  SQLite runs a row trigger's program
 * for every row written, and an INSERT … SELECT into a table that has an
 * INSERT trigger first copies every row it selects into a temporary table
 * (so that the trigger cannot change what the SELECT reads).  A sheet's 300
 * indicators go in as one INSERT … SELECT (store_ind_rows.c), and importing
 * them the trigger and its copy were a fifth of all the instructions: 2.7 M
 * of 13.9 M a sheet, the largest single cost left in a 10,000-sheet bundle.
 *
 * What.  The first time a bulk transaction (jx_store_begin_bulk) writes
 * indicator rows (store_write.c insert_ind_at), the trigger is dropped
 * inside it; its text, read from the database in the same transaction, is
 * kept, and just before the transaction's COMMIT the trigger is made again
 * from that text and read back.  In between, before a sheet's indicators
 * are written, the store asks once the question the trigger asked for
 * every row — is the sheet finalised? — and refuses in the same way, with
 * jixiao's own words (store_check_editable).  An import that writes no
 * indicator leaves the schema alone, so that importing what is already
 * there leaves the file as it was, byte for byte.
 *
 * Why nothing else sees a difference.  SQLite's schema changes belong to
 * the transaction like any row: other connections, other processes and
 * jixiao's own check at open (store_guard.c) read the last committed
 * state, which always has the trigger; a rollback, a failed import, a
 * killed process or a lost power before COMMIT bring it back with
 * everything else; and the COMMIT is not run unless the trigger was made
 * again exactly as it was — otherwise the whole import is rolled back
 * (db.c jx_db_set_bulk_before_commit).  Only this table's INSERT guard is
 * held: its rows are hundreds a sheet; the other tables' few rows keep
 * their triggers, as do UPDATE and DELETE everywhere. */
#include "store_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define GUARD_NAME "indicators_final_insert"
/* the trigger's row in the schema, its name bound as ?1 */
#define GUARD_ROW "FROM sqlite_master WHERE type = 'trigger' AND name = ?1 AND tbl_name = 'indicators'"

/* The trigger made again from its kept text, then read back: it must be
 * there with exactly that text. */
static int make_again(void *arg, jx_err *err)
{
	jx_store *st = arg;
	sqlite3_stmt *q = NULL;
	const char *tail = NULL;
	int64_t same = 0;
	int ok = sqlite3_prepare_v2(st->db.h, st->bulk_guard_sql, -1, &q, &tail) == SQLITE_OK && q;
	while (ok && tail && *tail && isspace((unsigned char)*tail))
		tail++;
	ok = ok && !(tail && *tail) && sqlite3_step(q) == SQLITE_DONE;
	sqlite3_finalize(q);
	ok = ok && jx_db_int(&st->db, err, &same,
			     "SELECT count(*) " GUARD_ROW " AND sql = ?2",
			     DB_VALS(DB_TEXT(GUARD_NAME), DB_TEXT(st->bulk_guard_sql))) == 1 && same == 1;
	st->bulk_guard_sql[0] = 0;
	if (ok)
		return 0;
	jx_err_set(err, "保护定稿评价表的触发器 %s 未能恢复，本次导入全部撤销，数据库保持原样",
		   "the trigger %s that protects finalised sheets could not be made again; the whole import was undone "
		   "and the database is as it was",
		   GUARD_NAME);
	return -1;
}

static int held(const jx_store *st)
{
	return st->db.bulk && st->db.bulk_before_commit == make_again && st->db.bulk_before_commit_arg == st;
}

static void hold(jx_store *st)
{
	jx_err ignored = {{0}};
	char *sql = NULL;
	int rc;
	rc = jx_db_text(&st->db, &ignored, &sql,
			"SELECT sql " GUARD_ROW,
			DB_VALS(DB_TEXT(GUARD_NAME)));
	/* absent (the store is then read-only anyway) or too long to keep:
	 * the trigger stays where it is */
	if (rc == 1 && sql && strlen(sql) < sizeof st->bulk_guard_sql &&
	    sqlite3_exec(st->db.h, "DROP TRIGGER " GUARD_NAME, NULL, NULL, NULL) == SQLITE_OK) {
		memcpy(st->bulk_guard_sql, sql, strlen(sql) + 1);
		jx_db_set_bulk_before_commit(&st->db, make_again, st);
	}
	free(sql);
}

int store_bulk_guard_check(jx_store *st, int64_t id, jx_err *err)
{
	if (!st->db.bulk)
		return 0;
	if (!held(st))
		hold(st);
	return held(st) ? store_check_editable(st, id, err) : 0;
}
