/* The store's bulk transaction (import's): statement journals kept in
 * memory, the page cache raised and put back, the finalised-sheet guard
 * on new indicator rows held by the store and given back, and the two SQL entry
 * points import and loading use (jx_ind_rows, jx_ind_row) closed to
 * anything but the store's own statements. */
#include "store_fixture.h"

/* The SQL function loading reads indicator rows with (jx_ind_row) works
 * only where the store calls it: called by hand without the pointer the
 * store binds, it returns NULL and touches nothing; a view in the database
 * file that calls it is refused when read (SQLITE_DIRECTONLY), so a file
 * cannot make it run; and sheets still load after both. */
static void test_ind_row_function_only_for_loading(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-fn", "载入函数"), *view = NULL;
	jx_err err = {{0}};
	char args[400] = "", sql[600];
	sqlite3_stmt *q;
	/* the pointer, the indicator's columns and its key */
	for (size_t i = 0; i < store_ind_ncols + 2; i++)
		strcat(args, i ? ", NULL" : "NULL");
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	snprintf(sql, sizeof sql, "SELECT jx_ind_row(%s)", args);
	assert_int_equal(sqlite3_prepare_v2(st->db.h, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(q, 0), SQLITE_NULL);
	sqlite3_finalize(q);
	snprintf(sql, sizeof sql, "CREATE VIEW fn_view AS SELECT jx_ind_row(%s) AS x", args);
	assert_int_equal(sqlite3_exec(st->db.h, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(st->db.h, "SELECT x FROM fn_view", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(st->db.h), "jx_ind_row"));
	assert_int_equal(sqlite3_exec(st->db.h, "DROP VIEW fn_view", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(jx_store_load_view(st, s->id, &view, &err), 0);
	assert_true(jx_sheet_equal(s, view));
	jx_sheet_free(view);
	jx_sheet_free(s);
	jx_store_close(st);
}

/* A sheet's indicators are stored by reading them from memory through the
 * table jx_ind_rows: each row at its pos and each column as the sheet
 * holds it (a figure an integer of millionths, a text a text, NULL for
 * what is empty: no comparator, no band, an unset figure or text), as
 * binding them did.  The table gives nothing without the pointer the store
 * binds, cannot be read without its argument, and a view in the database
 * file that reads it is refused (SQLITE_VTAB_DIRECTONLY). */
static void test_ind_rows_table_only_for_storing(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-rows", "存储表"), *back = NULL;
	jx_err err = {{0}};
	char sql[600];
	sqlite3_stmt *q;
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	snprintf(sql, sizeof sql,
		 "SELECT group_concat(key || ':' || pos || ':' || quote(cmp) || ':' || quote(target) || ':' || "
		 "quote(unit) || ':' || quote(actual) || ':' || quote(band) || ':' || quote(deduction) || ':' || "
		 "quote(note), ' ') FROM (SELECT * FROM indicators WHERE sheet_id = %lld ORDER BY pos)",
		 (long long)s->id);
	assert_int_equal(sqlite3_prepare_v2(st->db.h, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	/* i1: target 6 and actual 5 (x 1,000,000), deduction 0.5; i2: band 1;
	 * i5: actual -1; the rest NULL */
	assert_string_equal((const char *)sqlite3_column_text(q, 0),
			    "i1:0:'>=':6000000:'个':5000000:NULL:500000:NULL "
			    "i2:1:'定性':NULL:NULL:NULL:1:NULL:NULL "
			    "i5:2:'时限':NULL:NULL:-1000000:NULL:NULL:NULL");
	sqlite3_finalize(q);
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(s, back));
	/* by hand */
	assert_int_not_equal(sqlite3_prepare_v2(st->db.h, "SELECT count(*) FROM jx_ind_rows", -1, &q, NULL),
			     SQLITE_OK);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(st->db.h, "SELECT count(*) FROM jx_ind_rows(NULL)", -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_exec(st->db.h, "CREATE VIEW rows_view AS SELECT key FROM jx_ind_rows(NULL)", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(st->db.h, "SELECT key FROM rows_view", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(st->db.h), "jx_ind_rows"));
	assert_int_equal(sqlite3_exec(st->db.h, "DROP VIEW rows_view", NULL, NULL, NULL), SQLITE_OK);
	jx_sheet_free(back);
	jx_sheet_free(s);
	jx_store_close(st);
}

/* ---- a bulk transaction keeps statement journals in memory ---- */

/* The default VFS with its xOpen counted: SQLite opens a file flagged
 * SQLITE_OPEN_SUBJOURNAL only when a statement's journal spills out of
 * memory (past 64 KiB by default). */
static sqlite3_vfs counting_vfs, *real_vfs;
static int subjournal_files;

static int counting_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	(void)vfs;
	if (flags & SQLITE_OPEN_SUBJOURNAL)
		subjournal_files++;
	return real_vfs->xOpen(real_vfs, name, f, flags, out);
}

/* One statement that changes every indicator row of s: about 40 pages that
 * were in the file before it, so well past 64 KiB of statement journal. */
static int spills_of_one_statement(jx_store *st, const jx_sheet *s)
{
	char sql[160];
	subjournal_files = 0;
	snprintf(sql, sizeof sql, "UPDATE indicators SET name = name || '改' WHERE sheet_id = %lld", (long long)s->id);
	assert_int_equal(sqlite3_exec(st->db.h, sql, NULL, NULL, NULL), SQLITE_OK);
	return subjournal_files;
}

static void test_bulk_statement_journal_in_memory(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-bulk", "批量导入");
	jx_err err = {{0}};
	char *before, *after;

	real_vfs = sqlite3_vfs_find(NULL);
	assert_non_null(real_vfs);
	counting_vfs = *real_vfs;
	counting_vfs.zName = "jixiao-test-counting";
	counting_vfs.xOpen = counting_open;
	assert_int_equal(sqlite3_vfs_register(&counting_vfs, 1), SQLITE_OK);

	/* 400 indicators of a 300-byte name: 120 KB of rows, about 30 pages */
	for (int i = 0; i < 400; i++) {
		char key[16], name[320];
		jx_indicator *d;
		snprintf(key, sizeof key, "b%d", i);
		memset(name, 'n', 300);
		name[300] = 0;
		d = jx_sheet_add_ind(s, key);
		assert_non_null(d);
		jx_set_str(&d->name, name);
	}
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);

	/* an ordinary transaction: the statement's journal spills to a file
	 * (what the bulk transaction is measured against; if SQLite ever keeps
	 * it in memory here too, this test has nothing left to show) */
	assert_int_equal(jx_store_begin(st, &err), 0);
	assert_true(spills_of_one_statement(st, s) >= 1);
	jx_store_rollback(st);

	/* a bulk transaction, as an import runs: no file; and rolled back, the
	 * statement left nothing */
	before = dump(t->db);
	assert_int_equal(jx_store_begin_bulk(st, &err), 0);
	assert_int_equal(spills_of_one_statement(st, s), 0);
	jx_store_rollback(st);
	after = dump(t->db);
	assert_string_equal(before, after);
	free(after);

	/* and after it, the next transaction is an ordinary one again */
	assert_int_equal(jx_store_begin_bulk(st, &err), 0);
	assert_int_equal(jx_store_commit(st, &err), 0);
	assert_int_equal(jx_store_begin(st, &err), 0);
	assert_true(spills_of_one_statement(st, s) >= 1);
	jx_store_rollback(st);

	free(before);
	jx_store_close(st);
	jx_sheet_free(s);
	assert_int_equal(sqlite3_vfs_register(real_vfs, 1), SQLITE_OK);
	assert_int_equal(sqlite3_vfs_unregister(&counting_vfs), SQLITE_OK);
}

static int cache_size(jx_store *st)
{
	sqlite3_stmt *q = NULL;
	int v;
	assert_int_equal(sqlite3_prepare_v2(st->db.h, "PRAGMA cache_size", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* A bulk transaction raises the page cache to 8 MiB (-8192: KiB) so that
 * an import's dirty pages are not spilled to the WAL before COMMIT, sets
 * back SQLite's default (-2000) after a commit and after a rollback, and
 * leaves a larger cache (the workstation list's 14 MiB) as it is. */
static void test_bulk_page_cache(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_err err = {{0}};

	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_CREATE, &err), 0);
	assert_int_equal(cache_size(st), -2000);
	assert_int_equal(jx_store_begin_bulk(st, &err), 0);
	assert_int_equal(cache_size(st), -8192);
	assert_int_equal(jx_store_commit(st, &err), 0);
	assert_int_equal(cache_size(st), -2000);
	assert_int_equal(jx_store_begin_bulk(st, &err), 0);
	jx_store_rollback(st);
	assert_int_equal(cache_size(st), -2000);
	assert_int_equal(sqlite3_exec(st->db.h, "PRAGMA cache_size = -14336", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(jx_store_begin_bulk(st, &err), 0);
	assert_int_equal(cache_size(st), -14336);
	assert_int_equal(jx_store_commit(st, &err), 0);
	assert_int_equal(cache_size(st), -14336);
	jx_store_close(st);
}

/* The finalised-sheet guard on new indicator rows during an import.  The
 * trigger indicators_final_insert, as schema/016 made it. */
static const char guard_sql[] = "CREATE TRIGGER indicators_final_insert AFTER INSERT ON indicators\n"
				"WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL\n"
				"BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END";

/* The trigger's text as the database holds it now ("" when absent). */
static void guard_now(jx_store *st, char *out, size_t len)
{
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(st->db.h,
					    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
					    "name = 'indicators_final_insert' AND tbl_name = 'indicators'",
					    -1, &q, NULL),
			 SQLITE_OK);
	out[0] = 0;
	if (sqlite3_step(q) == SQLITE_ROW)
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
}

/* Rows of table for sheet id, counted behind the store's back. */
static int64_t rows_of(jx_store *st, const char *table, int64_t id)
{
	char sql[120];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE sheet_id = %lld", table, (long long)id);
	return raw_int(st->db.h, sql);
}

/* In a bulk transaction the store holds the guard itself from the first
 * indicator written: the trigger is gone inside the transaction only
 * (before any indicator is written it is still there, so that an import
 * that changes nothing changes nothing), and the store refuses a new indicator
 * of a finalised sheet with its own words, as the trigger refused it; a
 * sheet that is not finalised takes its rows.  After a rollback and after
 * a commit the trigger is back with its text to the byte and guards, and
 * the database opens again as jixiao made it (the schema check at open
 * finds nothing changed). */
static void test_bulk_holds_final_guard(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *fin = full_sheet("uid-fin", "已定稿"), *open = full_sheet("uid-open", "未定稿");
	jx_indicator extra = {0};
	jx_err err = {{0}};
	char now[600];
	int64_t fin_rows, open_rows;

	extra.key = "x1";
	extra.name = "补充指标";
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, fin);
	insert_ok(st, open);
	assert_int_equal(jx_store_finalise(st, fin, "tester", &err), 0);
	fin_rows = rows_of(st, "indicators", fin->id);
	open_rows = rows_of(st, "indicators", open->id);
	assert_true(fin_rows > 0);
	guard_now(st, now, sizeof now);
	assert_string_equal(now, guard_sql);

	assert_int_equal(jx_store_begin_bulk(st, &err), 0);
	guard_now(st, now, sizeof now);
	assert_string_equal(now, guard_sql); /* nothing written yet */
	assert_int_equal(store_insert_ind_row(st, fin->id, &extra, fin_rows, &err), -1);
	guard_now(st, now, sizeof now);
	assert_string_equal(now, ""); /* held by the store */
	assert_non_null(strstr(err.msg, "已定稿"));
	assert_int_equal(rows_of(st, "indicators", fin->id), fin_rows);
	err.msg[0] = 0;
	assert_int_equal(store_insert_ind_row(st, open->id, &extra, open_rows, &err), 0);
	assert_int_equal(rows_of(st, "indicators", open->id), open_rows + 1);
	/* a rollback (an import that fails) takes the row back and gives the
	 * trigger back */
	jx_store_rollback(st);
	assert_int_equal(rows_of(st, "indicators", open->id), open_rows);
	guard_now(st, now, sizeof now);
	assert_string_equal(now, guard_sql);

	/* a commit that goes through puts the trigger back, and it guards */
	assert_int_equal(jx_store_begin_bulk(st, &err), 0);
	assert_int_equal(store_insert_ind_row(st, open->id, &extra, open_rows, &err), 0);
	assert_int_equal(jx_store_commit(st, &err), 0);
	assert_int_equal(rows_of(st, "indicators", open->id), open_rows + 1);
	guard_now(st, now, sizeof now);
	assert_string_equal(now, guard_sql);
	snprintf(now, sizeof now, "INSERT INTO indicators (sheet_id, key, pos) VALUES (%lld, 'y1', 999)",
		 (long long)fin->id);
	assert_int_not_equal(sqlite3_exec(st->db.h, now, NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(st->db.h), "the sheet is finalised"));
	jx_store_close(st);

	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_schema_damage(st, &err), 0);
	jx_store_close(st);
	jx_sheet_free(fin);
	jx_sheet_free(open);
}

/* When the trigger cannot be made again at the commit (here a trigger of
 * that name made by something else inside the transaction is in the way),
 * the commit is refused with a message saying so, and the whole import is
 * undone: the database is byte for byte what it was, trigger included. */
static void test_bulk_guard_not_back_undoes_all(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-back", "触发器"), *more = full_sheet("uid-more", "另一张");
	jx_err err = {{0}};
	char *before, *after, now[600];

	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	before = dump(t->db);
	assert_int_equal(jx_store_begin_bulk(st, &err), 0);
	assert_int_equal(jx_store_insert(st, more, "tester", &err), 0);
	assert_int_equal(sqlite3_exec(st->db.h,
				      "CREATE TRIGGER indicators_final_insert AFTER INSERT ON indicators "
				      "BEGIN SELECT 1; END",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(jx_store_commit(st, &err), -1);
	assert_non_null(strstr(err.msg, "indicators_final_insert"));
	assert_non_null(strstr(err.msg, "撤销"));
	guard_now(st, now, sizeof now);
	assert_string_equal(now, guard_sql);
	jx_store_close(st);
	after = dump(t->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	jx_sheet_free(s);
	jx_sheet_free(more);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ind_row_function_only_for_loading, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_ind_rows_table_only_for_storing, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_bulk_statement_journal_in_memory, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_bulk_page_cache, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_bulk_holds_final_guard, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_bulk_guard_not_back_undoes_all, setup_db, teardown_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
