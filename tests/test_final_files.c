/* Hardening of the record: audit rows nobody can change, and database
 * files that are full, cut short, foreign or read-only (the file, or its
 * directory, with or without a log beside it).  Cases that need file
 * permissions run as the user nobody when the tests run as root (root
 * ignores permissions).  Helpers: finaltest.h. */
#include "finaltest.h"

/* ======================================================================
 * Audit rows: append-only
 */

static void test_audit_rows_cannot_change(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-au", "审计");
	jx_err err = {{0}};
	jx_audit_row *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	sqlite3 *db;
	char m[256];
	insert_ok(st, s);
	set_ok(st, s, "info:manager", "甲");
	set_ok(st, s, "info:manager", "乙");
	assert_int_equal(jx_store_history(st, s->id, NULL, &a, &na, &err), 0);
	assert_int_equal(na, 3);

	/* every later operation only appends */
	assert_int_equal(jx_store_add_indicator(st, s, 0, "output.quality", "tester", &err), 0);
	assert_int_equal(jx_store_move_indicator(st, s, 0, 2, "tester", &err), 0);
	assert_int_equal(jx_store_delete_indicator(st, s, 2, "tester", &err), 0);
	assert_int_equal(jx_store_trash(st, s->id, 1, "tester", &err), 0);
	assert_int_equal(jx_store_trash(st, s->id, 0, "tester", &err), 0);
	{
		/* the trash takes a number, not the sheet: look at it again */
		int64_t id = s->id;
		jx_sheet_free(s);
		assert_int_equal(jx_store_load(st, id, &s, &err), 0);
	}
	finalise_ok(st, s);
	assert_int_equal(jx_store_reopen(st, s, "更正", "tester", &err), 0);
	assert_int_equal(jx_store_history(st, s->id, NULL, &b, &nb, &err), 0);
	/* 8 rows: the add at place 1 of the sheet's indicators (before the
	 * end, so also its move row), the move, the delete, two trash rows,
	 * finalise, reopen */
	assert_int_equal(nb, na + 8);
	for (size_t i = 0; i < na; i++) {
		assert_true(a[i].id == b[i].id);
		assert_string_equal(a[i].at, b[i].at);
		assert_string_equal(a[i].user, b[i].user);
		assert_string_equal(a[i].field, b[i].field);
		assert_string_equal(a[i].old_value, b[i].old_value);
		assert_string_equal(a[i].new_value, b[i].new_value);
		assert_string_equal(a[i].gid, b[i].gid);
	}
	jx_audit_free(a, na);
	jx_audit_free(b, nb);
	jx_store_close(st);

	/* and the file refuses to change or drop one */
	db = raw_open(t->db);
	assert_int_not_equal(raw_exec(db, "UPDATE audit SET new_value = '丙' WHERE field = 'info:manager'", m, sizeof m),
			     SQLITE_OK);
	assert_contains(m, "audit rows cannot be changed");
	assert_int_not_equal(raw_exec(db, "DELETE FROM audit", m, sizeof m), SQLITE_OK);
	assert_contains(m, "audit rows cannot be deleted");
	assert_int_not_equal(raw_exec(db, "INSERT INTO audit (at, \"user\", sheet_id, field) VALUES ('x', 'y', 1, 'z')", m,
				      sizeof m),
			     SQLITE_OK);
	assert_contains(m, "global id");
	assert_true(raw_int(db, "SELECT count(*) FROM audit") == 11);
	sqlite3_close(db);
	jx_sheet_free(s);
}

/* ======================================================================
 * Broken and hostile database files through the store
 */

static void test_full_disk(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-full", "满"), *before, *back = NULL;
	jx_err err = {{0}};
	char h0[65], h1[65], *big;
	sqlite3 *db;
	int64_t pages;
	insert_ok(st, s);
	jx_store_close(st); /* the log folded into the file */
	file_sha256(t->db, h0);
	db = raw_open(t->db);
	pages = raw_int(db, "PRAGMA page_count");
	sqlite3_close(db);

	st = open_ok(t->db, JX_STORE_CREATE);
	assert_int_equal(jx_store_limit_pages(st, pages, &err), 0);
	big = malloc(20001);
	memset(big, 'x', 20000);
	big[20000] = 0;
	before = jx_sheet_clone(s);
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:background", big, "tester", &err), -1);
	assert_contains(err.msg, "磁盘已满，未能保存");
	assert_true(jx_sheet_equal(s, before));
	/* still readable, nothing half-written */
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(back, before));
	jx_sheet_free(back);
	jx_store_close(st);
	file_sha256(t->db, h1);
	assert_string_equal(h0, h1);
	db = raw_open(t->db);
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	free(big);
	jx_sheet_free(before);
	jx_sheet_free(s);
}

static void test_truncated_and_foreign_files_left_alone(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE), *x = NULL;
	jx_sheet *s = full_sheet("uid-tr", "截断");
	jx_err err = {{0}};
	char cut[256], h0[65], h1[65];
	sqlite3 *db;
	insert_ok(st, s);
	jx_store_close(st);

	/* cut after 3 pages (4096 bytes each): the schema page stays readable,
	 * the rows do not */
	snprintf(cut, sizeof cut, "%s/cut.db", t->dir);
	copy_file(t->db, cut, 0600);
	assert_int_equal(truncate(cut, 3 * 4096), 0);
	file_sha256(cut, h0);
	for (int flags = 0; flags <= JX_STORE_READONLY; flags += JX_STORE_READONLY) {
		jx_sheet_summary *v = NULL;
		size_t n = 0;
		err.msg[0] = 0;
		if (jx_store_open(&x, cut, flags | (flags ? 0 : JX_STORE_CREATE), &err) == 0) {
			/* it may open; reading what is gone is refused in words */
			assert_int_equal(jx_store_list(x, 1, &v, &n, &err), -1);
			jx_store_close(x);
		}
		assert_contains(err.msg, "损坏");
	}
	file_sha256(cut, h1);
	assert_string_equal(h0, h1);

	/* a newer jixiao's file: refused before anything is touched */
	db = raw_open(t->db);
	assert_int_equal(raw_exec(db, "PRAGMA user_version = 99", NULL, 0), SQLITE_OK);
	sqlite3_close(db);
	file_sha256(t->db, h0);
	assert_int_equal(jx_store_open(&x, t->db, JX_STORE_CREATE, &err), -1);
	assert_contains(err.msg, "更新版本的 jixiao");
	assert_contains(err.msg, "未做任何改动");
	file_sha256(t->db, h1);
	assert_string_equal(h0, h1);
	jx_sheet_free(s);
}

/* Permissions: as nobody when root.  The checks run in a child that can
 * drop to nobody for good; it says what went wrong on stderr. */
#define CHILD_CHECK(cond, what)                                         \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "%s (%s)\n", what, err.msg);    \
			_exit(1);                                       \
		}                                                       \
	} while (0)

static void readonly_child(const char *db, int dir_case)
{
	jx_store *st = NULL;
	jx_sheet_summary *v = NULL;
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	size_t n = 0;
	drop_to_nobody();
	/* asked for writing, it opens for reading and says it cannot write */
	CHILD_CHECK(jx_store_open(&st, db, JX_STORE_CREATE, &err) == 0, "open");
	CHILD_CHECK(jx_store_is_readonly(st), "read-only");
	CHILD_CHECK(jx_store_list(st, 0, &v, &n, &err) == 0 && n == 1, "list");
	CHILD_CHECK(jx_store_load(st, v[0].id, &s, &err) == 0, "load");
	CHILD_CHECK(jx_store_set_field(st, s, NULL, "info:name", "改", "nobody", &err) == -1, "set refused");
	CHILD_CHECK(strstr(err.msg, dir_case ? "目录只读" : "数据库文件只读，无法保存") != NULL, "message");
	CHILD_CHECK(jx_store_trash(st, s->id, 1, "nobody", &err) == -1, "trash refused");
	CHILD_CHECK(jx_store_finalise(st, s, "nobody", &err) == -1 && strstr(err.msg, "只读"), "finalise refused");
	jx_sheet_free(s);
	jx_summaries_free(v, n);
	jx_store_close(st);
	/* asked for reading */
	CHILD_CHECK(jx_store_open(&st, db, JX_STORE_READONLY, &err) == 0, "open read-only");
	jx_store_close(st);
	_exit(0);
}

static int in_child(void (*fn)(const char *, int), const char *db, int arg, char *msg, size_t len)
{
	char errf[300];
	pid_t pid;
	int stt = 0;
	snprintf(errf, sizeof errf, "%s.child-err", db);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fe = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fe >= 0)
			dup2(fe, 2);
		fn(db, arg);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &stt, 0), pid);
	{
		char *m = slurp(errf);
		snprintf(msg, len, "%s", m);
		free(m);
	}
	unlink(errf);
	return WIFEXITED(stt) ? WEXITSTATUS(stt) : 128 + WTERMSIG(stt);
}

static void make_nobody_db(tmpdb *t, const char *sub, char *db, size_t len)
{
	char d[256];
	jx_store *st;
	jx_sheet *s = full_sheet("uid-ro", "只读");
	snprintf(d, sizeof d, "%s/%s", t->dir, sub);
	assert_int_equal(mkdir(d, 0755), 0);
	snprintf(db, len, "%s/jx.db", d);
	st = open_ok(db, JX_STORE_CREATE);
	insert_ok(st, s);
	jx_store_close(st);
	jx_sheet_free(s);
	if (getuid() == 0) {
		assert_int_equal(chown(d, NOBODY, NOBODY), 0);
		assert_int_equal(chown(db, NOBODY, NOBODY), 0);
	}
}

static void test_readonly_file_and_directory(void **state)
{
	tmpdb *t = *state;
	char db[300], dir[300], msg[512], h0[65], h1[65];
	/* a read-only file in a writable directory */
	make_nobody_db(t, "f", db, sizeof db);
	assert_int_equal(chmod(db, 0444), 0);
	file_sha256(db, h0);
	if (in_child(readonly_child, db, 0, msg, sizeof msg) != 0) {
		print_error("read-only file: %s\n", msg);
		fail();
	}
	file_sha256(db, h1);
	assert_string_equal(h0, h1);

	/* a writable file in a read-only directory: no -shm can be made */
	make_nobody_db(t, "d", db, sizeof db);
	snprintf(dir, sizeof dir, "%s/d", t->dir);
	assert_int_equal(chmod(dir, 0555), 0);
	file_sha256(db, h0);
	if (in_child(readonly_child, db, 1, msg, sizeof msg) != 0) {
		print_error("read-only directory: %s\n", msg);
		fail();
	}
	file_sha256(db, h1);
	assert_string_equal(h0, h1);
	{
		char *l = listing(dir);
		assert_string_equal(l, "jx.db\n"); /* nothing made beside it */
		free(l);
	}
	chmod(dir, 0755);
}

static void wal_child(const char *db, int arg)
{
	jx_store *st = NULL;
	jx_err err = {{0}};
	(void)arg;
	drop_to_nobody();
	CHILD_CHECK(jx_store_open(&st, db, JX_STORE_READONLY, &err) == -1, "refused");
	CHILD_CHECK(strstr(err.msg, "未并入的修改") != NULL, "message");
	_exit(0);
}

/* A read-only directory holding a log with changes not yet in the file:
 * reading the file alone would show an older state, so it is refused. */
static void test_readonly_directory_with_pending_log(void **state)
{
	tmpdb *t = *state;
	char db[300], dir[300], wal[320], msg[512], h0[65], h1[65];
	sqlite3 *w;
	make_nobody_db(t, "p", db, sizeof db);
	snprintf(dir, sizeof dir, "%s/p", t->dir);
	snprintf(wal, sizeof wal, "%s-wal", db);
	/* a writer that never folds its log back, then vanishes */
	w = raw_open(db);
	assert_int_equal(raw_exec(w, "PRAGMA wal_autocheckpoint = 0; UPDATE sheets SET phone = '1'", NULL, 0), SQLITE_OK);
	{
		/* copy the file and its log as a crash would leave them */
		char db2[320], wal2[330];
		snprintf(db2, sizeof db2, "%s/q", t->dir);
		assert_int_equal(mkdir(db2, 0755), 0);
		snprintf(db2, sizeof db2, "%s/q/jx.db", t->dir);
		snprintf(wal2, sizeof wal2, "%s/q/jx.db-wal", t->dir);
		copy_file(db, db2, 0644);
		copy_file(wal, wal2, 0644);
		sqlite3_close(w);
		snprintf(dir, sizeof dir, "%s/q", t->dir);
		if (getuid() == 0) {
			assert_int_equal(chown(dir, NOBODY, NOBODY), 0);
			assert_int_equal(chown(db2, NOBODY, NOBODY), 0);
			assert_int_equal(chown(wal2, NOBODY, NOBODY), 0);
		}
		assert_int_equal(chmod(dir, 0555), 0);
		file_sha256(db2, h0);
		if (in_child(wal_child, db2, 0, msg, sizeof msg) != 0) {
			print_error("pending log: %s\n", msg);
			fail();
		}
		file_sha256(db2, h1);
		assert_string_equal(h0, h1);
		chmod(dir, 0755);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_audit_rows_cannot_change, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_full_disk, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_truncated_and_foreign_files_left_alone, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_readonly_file_and_directory, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_readonly_directory_with_pending_log, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
