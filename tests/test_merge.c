/* Bundles between offline machines: two (or three) temporary databases play
 * the machines; sheets travel as YAML bundles with their audit rows and are
 * merged by uid and history (merge.h, share/sheet-format.md).
 *
 * Every expected result follows from the merge rules, never from the
 * program's output:
 *   new uid                                  → new, with the sender's rows
 *   incoming ids ⊋ local ids                 → updated (content replaced)
 *   incoming ids ⊊ local ids                 → newer here (kept)
 *   the same ids and content                 → unchanged (nothing written)
 *   each side has ids the other lacks        → conflict: local kept, the
 *                                              incoming version kept as a
 *                                              conflict copy
 *   no history, same content                 → unchanged; other content → conflict
 */
#include "merge_fixture.h"

/* ---- identity ---- */

static void test_database_ids(void **state)
{
	machines *m = *state;
	const char *a = jx_store_db_id(m->st[A]), *b = jx_store_db_id(m->st[B]);
	jx_err err = {{0}};
	jx_audit_row *h = NULL;
	size_t n = 0;
	char want[128];
	int64_t id;
	/* 16 lowercase hex digits (8 random bytes), different per database */
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	assert_string_not_equal(a, b);
	/* and stable: the same after closing and opening again */
	snprintf(want, sizeof want, "%s", a);
	jx_store_close(m->st[A]);
	assert_int_equal(jx_store_open(&m->st[A], m->path[A], 0, &err), 0);
	jx_store_set_origin(m->st[A], names[A]);
	assert_string_equal(jx_store_db_id(m->st[A]), want);

	/* a row written here: "<db id>:<row number>", this machine as origin */
	import_sample(m, A, JD, JX_MERGE_NEW);
	id = id_of(m->st[A], JD_UID);
	assert_int_equal(jx_store_history(m->st[A], id, NULL, &h, &n, &err), 0);
	assert_int_equal(n, 1); /* a sample has no history: its import starts one */
	snprintf(want, sizeof want, "%s:%lld", jx_store_db_id(m->st[A]), (long long)h[0].id);
	assert_string_equal(h[0].gid, want);
	assert_string_equal(h[0].origin, "machine-a");
	assert_string_equal(h[0].field, "sheet:create");
	jx_audit_free(h, n);
}

/* A version-1 database (no ids yet) is upgraded: its rows get its new id. */
static void test_upgrade_gives_ids(void **state)
{
	machines *m = *state;
	char path[160], *sql, want[96];
	sqlite3 *db;
	jx_store *st = NULL;
	jx_err err = {{0}};
	jx_audit_row *h = NULL;
	size_t n = 0;
	snprintf(path, sizeof path, "%s/v1.db", m->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sql = malloc(jx_schema_files[0].len + 1);
	assert_non_null(sql);
	memcpy(sql, jx_schema_files[0].data, jx_schema_files[0].len);
	sql[jx_schema_files[0].len] = 0;
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	snprintf(want, sizeof want, "PRAGMA application_id = %d; PRAGMA user_version = 1;", (int)JX_APPLICATION_ID);
	assert_int_equal(sqlite3_exec(db, want, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO sheets (id, uid, template_id, year) VALUES (7, 'old-sheet', 'external-result', 2020);"
				      "INSERT INTO audit (id, at, \"user\", sheet_id, field, new_value) "
				      "VALUES (41, '2021-01-02T03:04:05Z', 'wang', 7, 'sheet:create', 'x');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(jx_store_open(&st, path, 0, &err), 0);
	assert_int_equal(jx_store_history(st, 7, NULL, &h, &n, &err), 0);
	assert_int_equal(n, 1);
	snprintf(want, sizeof want, "%s:41", jx_store_db_id(st));
	assert_string_equal(h[0].gid, want);
	assert_string_equal(h[0].user, "wang");
	jx_audit_free(h, n);
	jx_store_close(st);
	for (int i = 0; i < 3; i++) {
		static const char *const sfx[] = {"", "-wal", "-shm"};
		char p[200];
		snprintf(p, sizeof p, "%s%s", path, sfx[i]);
		unlink(p);
	}
}

/* ---- the relation of two histories ---- */

static void test_history_relation(void **state)
{
	(void)state;
	jx_audit_row h[5];
	static const char *const ids[5] = {"a:1", "a:2", "b:1", "a:3", "c:9"};
	memset(h, 0, sizeof h);
	for (int i = 0; i < 5; i++)
		h[i].gid = (char *)(uintptr_t)ids[i];
	/* {a:1 a:2} vs {a:1 a:2}: the same */
	assert_int_equal(jx_history_relation(h, 2, h, 2), JX_HIST_SAME);
	/* local {a:1 a:2}, incoming {a:1 a:2 b:1}: incoming extends */
	assert_int_equal(jx_history_relation(h, 2, h, 3), JX_HIST_EXTENDS);
	/* local {a:1 a:2 b:1}, incoming {a:1}: local extends */
	assert_int_equal(jx_history_relation(h, 3, h, 1), JX_HIST_BEHIND);
	/* local {a:1 a:2 b:1}, incoming {a:3 c:9}: each lacks the other's */
	assert_int_equal(jx_history_relation(h, 3, h + 3, 2), JX_HIST_DIVERGED);
	/* order does not matter: {b:1 a:3} vs {a:3 b:1} */
	{
		jx_audit_row x[2], y[2];
		memset(x, 0, sizeof x);
		memset(y, 0, sizeof y);
		x[0].gid = y[1].gid = (char *)(uintptr_t)"b:1";
		x[1].gid = y[0].gid = (char *)(uintptr_t)"a:3";
		assert_int_equal(jx_history_relation(x, 2, y, 2), JX_HIST_SAME);
	}
}

/* ---- the five results ---- */

static void test_new_sheet_travels_with_history(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_audit_row *ha = NULL, *hb = NULL;
	size_t na = 0, nb = 0, len;
	int64_t ida, idb;
	char *y;
	jx_merge_item it;
	jx_sheet *sa, *sb;

	import_sample(m, A, JD, JX_MERGE_NEW);
	ida = id_of(m->st[A], JD_UID);
	set_field(m, A, ida, "info:manager", "张三"); /* A's history: create + 1 edit */
	y = export_bundle(m->st[A], &m->set, ida, &len);
	it = expect_merge(m, B, y, len, JX_MERGE_NEW);
	idb = id_of(m->st[B], JD_UID);
	assert_true(it.id == idb);
	assert_int_equal(it.rows_added, 2);

	/* the same content under the same uid */
	sa = load(m->st[A], ida);
	sb = load(m->st[B], idb);
	assert_true(jx_sheet_equal(sa, sb));
	jx_sheet_free(sa);
	jx_sheet_free(sb);

	/* A's audit rows are B's history, with A's ids, users and machine, in order */
	assert_int_equal(jx_store_history(m->st[A], ida, NULL, &ha, &na, &err), 0);
	assert_int_equal(jx_store_history(m->st[B], idb, NULL, &hb, &nb, &err), 0);
	assert_int_equal(na, 2);
	assert_int_equal(nb, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(hb[i].gid, ha[i].gid);
		assert_int_equal(strncmp(hb[i].gid, jx_store_db_id(m->st[A]), 16), 0);
		assert_string_equal(hb[i].at, ha[i].at);
		assert_string_equal(hb[i].user, ha[i].user);
		assert_string_equal(hb[i].origin, "machine-a");
		assert_string_equal(hb[i].field, ha[i].field);
		assert_string_equal(hb[i].old_value, ha[i].old_value);
		assert_string_equal(hb[i].new_value, ha[i].new_value);
	}
	assert_string_equal(hb[1].user, "alice");
	assert_string_equal(hb[1].field, "info:manager");
	assert_string_equal(hb[1].new_value, "张三");
	jx_audit_free(ha, na);
	jx_audit_free(hb, nb);

	/* imported twice: nothing new, no row twice */
	expect_merge(m, B, y, len, JX_MERGE_UNCHANGED);
	assert_int_equal(history_len(m->st[B], idb), 2);
	assert_int_equal(count(m->st[B], "all"), 1);
	free(y);
}

static void test_newer_replaces(void **state)
{
	machines *m = *state;
	int64_t ida, idb;
	size_t len;
	char *y;
	jx_merge_item it;
	in_sync(m, &ida, &idb);
	/* A edits twice: A's ids ⊋ B's */
	set_field(m, A, ida, "info:manager", "张三");
	set_field(m, A, ida, "entry:result:score", "81.5");
	y = export_bundle(m->st[A], &m->set, ida, &len);
	it = expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	assert_true(it.id == idb);
	assert_int_equal(it.rows_added, 2);
	assert_true(it.content_changed);
	assert_string_equal(field(m->st[B], idb, "info:manager"), "张三");
	assert_string_equal(field(m->st[B], idb, "entry:result:score"), "81.5");
	assert_int_equal(history_len(m->st[B], idb), 3); /* create + 2 edits */
	assert_int_equal(count(m->st[B], "all"), 1);
	free(y);
}

static void test_older_is_kept_out(void **state)
{
	machines *m = *state;
	int64_t ida, idb;
	size_t len;
	char *y;
	jx_merge_item it;
	in_sync(m, &ida, &idb);
	y = export_bundle(m->st[A], &m->set, ida, &len); /* A's bundle before B's edit */
	set_field(m, B, idb, "info:phone", "0798-1234567");
	/* B's ids ⊋ the bundle's: B keeps its version */
	it = expect_merge(m, B, y, len, JX_MERGE_NEWER_HERE);
	assert_true(it.id == idb);
	assert_int_equal(it.rows_added, 0);
	assert_string_equal(field(m->st[B], idb, "info:phone"), "0798-1234567");
	assert_int_equal(history_len(m->st[B], idb), 2);
	free(y);
}

static void test_identical_is_unchanged(void **state)
{
	machines *m = *state;
	int64_t ida, idb;
	size_t len;
	char *y;
	int64_t rev0, rev1;
	jx_err err = {{0}};
	in_sync(m, &ida, &idb);
	assert_int_equal(jx_store_revision(m->st[B], idb, &rev0, &err), 0);
	y = export_bundle(m->st[A], &m->set, ida, &len);
	expect_merge(m, B, y, len, JX_MERGE_UNCHANGED);
	assert_int_equal(jx_store_revision(m->st[B], idb, &rev1, &err), 0);
	assert_true(rev0 == rev1); /* nothing written */
	assert_int_equal(history_len(m->st[B], idb), 1);
	free(y);
}

/* Both edited since their common history: each keeps a version; B imports A's. */
static void make_conflict(machines *m, int64_t *ida, int64_t *idb, int64_t *copy)
{
	size_t len;
	char *y;
	jx_merge_item it;
	jx_err err = {{0}};
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	in_sync(m, ida, idb);
	set_field(m, A, *ida, "info:manager", "张三");         /* only on A */
	set_field(m, B, *idb, "info:phone", "0798-1234567"); /* only on B */
	y = export_bundle(m->st[A], &m->set, *ida, &len);
	it = expect_merge(m, B, y, len, JX_MERGE_CONFLICT);
	assert_true(it.id == *idb);
	assert_int_equal(it.copy_state, 0);
	*copy = it.copy_id;
	assert_true(*copy > 0 && *copy != *idb);

	/* B's sheet is as B left it */
	assert_string_equal(field(m->st[B], *idb, "info:phone"), "0798-1234567");
	assert_string_equal(field(m->st[B], *idb, "info:manager"), "");
	/* A's version is there too, marked as a copy of it */
	assert_string_equal(field(m->st[B], *copy, "info:manager"), "张三");
	assert_string_equal(field(m->st[B], *copy, "info:phone"), "");
	assert_int_equal(jx_store_list(m->st[B], 0, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		if (v[i].id == *copy) {
			assert_true(v[i].conflict_of == *idb);
			assert_string_equal(v[i].name, "2023年工业发展专项资金（冲突副本，来自 machine-a）");
		} else {
			assert_true(v[i].conflict_of == 0);
			assert_string_equal(v[i].name, "2023年工业发展专项资金");
		}
	}
	jx_summaries_free(v, n);
	/* the copy carries A's whole history: create + A's edit */
	assert_int_equal(history_len(m->st[B], *copy), 2);

	/* the same bundle again: still a conflict, no second copy */
	it = expect_merge(m, B, y, len, JX_MERGE_CONFLICT);
	assert_int_equal(it.copy_state, 2);
	assert_true(it.copy_id == *copy);
	assert_int_equal(count(m->st[B], "copies"), 1);
	free(y);
}

static void test_both_edited_keeps_both(void **state)
{
	machines *m = *state;
	int64_t ida, idb, copy;
	size_t len;
	char *y;
	jx_merge_item it;
	make_conflict(m, &ida, &idb, &copy);

	/* A goes on editing: the copy follows A's newer version */
	set_field(m, A, ida, "narr:other", "补充说明");
	y = export_bundle(m->st[A], &m->set, ida, &len);
	it = expect_merge(m, B, y, len, JX_MERGE_CONFLICT);
	assert_int_equal(it.copy_state, 1);
	assert_true(it.copy_id == copy);
	assert_int_equal(it.rows_added, 1);
	assert_string_equal(field(m->st[B], copy, "narr:other"), "补充说明");
	assert_string_equal(field(m->st[B], idb, "narr:other"), "");
	assert_int_equal(count(m->st[B], "copies"), 1);
	free(y);

	/* an unsettled copy is not a sheet to send on */
	y = export_bundle(m->st[B], &m->set, 0, &len);
	assert_null(strstr(y, "冲突副本"));
	assert_null(strstr(y, "补充说明"));
	free(y);
}

static void test_resolve_keep_local(void **state)
{
	machines *m = *state;
	int64_t ida, idb, copy, of, cp;
	size_t len;
	char *y;
	jx_err err = {{0}};
	jx_audit_row *h = NULL;
	size_t n = 0;
	jx_merge_item it;
	make_conflict(m, &ida, &idb, &copy);

	/* either number names the conflict */
	assert_int_equal(jx_merge_find_conflict(m->st[B], idb, &of, &cp, &err), 0);
	assert_true(of == idb && cp == copy);
	assert_int_equal(jx_merge_find_conflict(m->st[B], copy, &of, &cp, &err), 0);
	assert_true(of == idb && cp == copy);

	assert_int_equal(jx_store_resolve(m->st[B], idb, copy, 0, "bob", &err), 0);
	/* B's content stays; the copy is in the trash */
	assert_string_equal(field(m->st[B], idb, "info:phone"), "0798-1234567");
	assert_string_equal(field(m->st[B], idb, "info:manager"), "");
	assert_int_equal(count(m->st[B], "live"), 1);
	assert_int_equal(count(m->st[B], "copies"), 0);
	assert_int_equal(count(m->st[B], "all"), 2);
	assert_int_not_equal(jx_merge_find_conflict(m->st[B], idb, &of, &cp, &err), 0);

	/* B's history now holds both sides and the decision:
	 * create (A) + phone (B) + manager (A, from the copy) + resolve (B) */
	assert_int_equal(jx_store_history(m->st[B], idb, NULL, &h, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(h[1].field, "info:phone");
	assert_string_equal(h[2].field, "info:manager");
	assert_int_equal(strncmp(h[2].gid, jx_store_db_id(m->st[A]), 16), 0);
	assert_string_equal(h[3].field, "sheet:resolve");
	assert_string_equal(h[3].new_value, "local");
	assert_string_equal(h[3].user, "bob");
	jx_audit_free(h, n);
	assert_int_equal(history_len(m->st[B], copy), 3); /* create, manager, sheet:deleted */

	/* back on A: B's history extends A's, so A takes B's decision */
	y = export_bundle(m->st[B], &m->set, idb, &len);
	it = expect_merge(m, A, y, len, JX_MERGE_UPDATED);
	assert_true(it.content_changed);
	assert_int_equal(it.rows_added, 2); /* B's phone edit and the resolve row */
	assert_string_equal(field(m->st[A], ida, "info:phone"), "0798-1234567");
	assert_string_equal(field(m->st[A], ida, "info:manager"), "");
	free(y);
	/* and the two machines agree from now on */
	y = export_bundle(m->st[A], &m->set, ida, &len);
	expect_merge(m, B, y, len, JX_MERGE_UNCHANGED);
	free(y);
}

static void test_resolve_keep_incoming(void **state)
{
	machines *m = *state;
	int64_t ida, idb, copy;
	size_t len;
	char *y;
	jx_err err = {{0}};
	jx_merge_item it;
	jx_sheet *sb;
	make_conflict(m, &ida, &idb, &copy);

	assert_int_equal(jx_store_resolve(m->st[B], idb, copy, 1, "bob", &err), 0);
	/* A's content under B's sheet (same number, same uid) */
	assert_string_equal(field(m->st[B], idb, "info:manager"), "张三");
	assert_string_equal(field(m->st[B], idb, "info:phone"), "");
	sb = load(m->st[B], idb);
	assert_string_equal(sb->uid, JD_UID);
	jx_sheet_free(sb);
	assert_int_equal(count(m->st[B], "live"), 1);
	assert_int_equal(count(m->st[B], "copies"), 0);
	/* create + phone + manager + resolve */
	assert_int_equal(history_len(m->st[B], idb), 4);

	/* A already has this content: it only learns the history */
	y = export_bundle(m->st[B], &m->set, idb, &len);
	it = expect_merge(m, A, y, len, JX_MERGE_UPDATED);
	assert_false(it.content_changed);
	assert_int_equal(it.rows_added, 2);
	assert_string_equal(field(m->st[A], ida, "info:manager"), "张三");
	assert_string_equal(field(m->st[A], ida, "info:phone"), "");
	assert_int_equal(history_len(m->st[A], ida), 4);
	free(y);

	/* a settled conflict is settled: A's old bundle is now older than B */
	set_field(m, A, ida, "narr:other", "后续修改");
	y = export_bundle(m->st[A], &m->set, ida, &len);
	expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	assert_string_equal(field(m->st[B], idb, "narr:other"), "后续修改");
	free(y);
}

/* Both made the very same edit: nothing to choose between, histories joined. */
static void test_same_edit_on_both(void **state)
{
	machines *m = *state;
	int64_t ida, idb;
	size_t len;
	char *y;
	jx_merge_item it;
	int64_t rev0, rev1, rev2;
	jx_err err = {{0}};
	in_sync(m, &ida, &idb);
	set_field(m, A, ida, "info:manager", "张三");
	set_field(m, B, idb, "info:manager", "张三");
	assert_int_equal(jx_store_revision(m->st[B], idb, &rev0, &err), 0);
	y = export_bundle(m->st[A], &m->set, ida, &len);
	it = expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	assert_false(it.content_changed);
	assert_int_equal(it.rows_added, 1);
	assert_int_equal(count(m->st[B], "copies"), 0);
	assert_int_equal(history_len(m->st[B], idb), 3); /* create + B's + A's */
	/* the row that arrived raises the revision by one (a workstation
	 * showing the sheet reloads it), though the content is the same */
	assert_int_equal(jx_store_revision(m->st[B], idb, &rev1, &err), 0);
	assert_true(rev1 == rev0 + 1);
	/* the same bundle again adds no row (B's history now holds A's: newer
	 * here) and leaves the revision */
	expect_merge(m, B, y, len, JX_MERGE_NEWER_HERE);
	assert_int_equal(jx_store_revision(m->st[B], idb, &rev2, &err), 0);
	assert_true(rev2 == rev1);
	free(y);
}

/* Several machines' bundles in one import merge one after the other. */
static void test_two_bundles_in_one_import(void **state)
{
	machines *m = *state;
	int64_t ida, idb, idc;
	size_t l1, l2;
	char *y1, *y2;
	jx_bundle b[2];
	jx_merge_report rep;
	jx_err err = {{0}};
	in_sync(m, &ida, &idb);
	/* C gets A's sheet too */
	y1 = export_bundle(m->st[A], &m->set, ida, &l1);
	expect_merge(m, C, y1, l1, JX_MERGE_NEW);
	free(y1);
	idc = id_of(m->st[C], JD_UID);
	/* A edits; B takes A's edit and edits on top: B's bundle extends A's */
	set_field(m, A, ida, "info:manager", "张三");
	y1 = export_bundle(m->st[A], &m->set, ida, &l1);
	expect_merge(m, B, y1, l1, JX_MERGE_UPDATED);
	set_field(m, B, idb, "info:phone", "0798-1234567");
	y2 = export_bundle(m->st[B], &m->set, idb, &l2);
	/* C imports A's then B's bundle in one go: updated twice, no conflict */
	memset(b, 0, sizeof b);
	b[0].file = "a.yaml";
	b[1].file = "b.yaml";
	assert_int_equal(jx_bundle_read_mem("a.yaml", y1, l1, &m->set, &b[0].v, &b[0].h, &b[0].n, &err), 0);
	assert_int_equal(jx_bundle_read_mem("b.yaml", y2, l2, &m->set, &b[1].v, &b[1].h, &b[1].n, &err), 0);
	assert_int_equal(jx_merge_bundles(m->st[C], b, 2, "importer", &rep, &err), 0);
	assert_int_equal(rep.n, 2);
	assert_int_equal(rep.v[0].result, JX_MERGE_UPDATED);
	assert_int_equal(rep.v[1].result, JX_MERGE_UPDATED);
	assert_string_equal(rep.v[1].file, "b.yaml");
	assert_int_equal(rep.count[JX_MERGE_UPDATED], 2);
	jx_merge_report_free(&rep);
	for (int i = 0; i < 2; i++) {
		jx_sheets_free(b[i].v, b[i].n);
		jx_histories_free(b[i].h, b[i].n);
	}
	assert_string_equal(field(m->st[C], idc, "info:manager"), "张三");
	assert_string_equal(field(m->st[C], idc, "info:phone"), "0798-1234567");
	assert_int_equal(history_len(m->st[C], idc), 3);
	free(y1);
	free(y2);
}

/* ---- files without history ---- */

static void test_sample_without_history(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	char *text, *p;
	size_t len;
	FILE *f;
	long flen;
	jx_merge_report rep;
	int64_t id;
	import_sample(m, A, JD, JX_MERGE_NEW);
	id = id_of(m->st[A], JD_UID);
	/* the same file again: unchanged */
	import_sample(m, A, JD, JX_MERGE_UNCHANGED);
	assert_int_equal(count(m->st[A], "all"), 1);
	assert_int_equal(history_len(m->st[A], id), 1);

	/* the file edited by hand (80.08 → 80.09): no history to go by, so both
	 * versions are kept rather than one of them dropped */
	f = fopen(JD, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	flen = ftell(f);
	rewind(f);
	text = malloc((size_t)flen + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)flen, f), (size_t)flen);
	fclose(f);
	text[flen] = 0;
	len = (size_t)flen;
	p = strstr(text, "score: 80.08\n");
	assert_non_null(p);
	p[strlen("score: 80.0")] = '9';
	assert_int_equal(merge_mem(m->st[A], &m->set, "edited.yaml", text, len, &rep, &err), 0);
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.v[0].result, JX_MERGE_CONFLICT);
	assert_true(rep.v[0].id == id);
	/* no audit row names a machine: the label is the file's name */
	assert_string_equal(rep.v[0].origin, "edited.yaml");
	assert_string_equal(field(m->st[A], id, "entry:result:score"), "80.08");
	assert_string_equal(field(m->st[A], rep.v[0].copy_id, "entry:result:score"), "80.09");
	jx_merge_report_free(&rep);
	free(text);
}

/* ---- the format ---- */

static void test_all_samples_round_trip(void **state)
{
	machines *m = *state;
	size_t l1, l2;
	char *e1, *e2;
	jx_err err = {{0}};
	jx_merge_report rep;
	const char *files[4] = {JM, JD, XF, ZJ};
	for (int i = 0; i < 4; i++)
		import_sample(m, A, files[i], JX_MERGE_NEW);
	/* some history beyond the first rows, text that needs care included */
	set_field(m, A, id_of(m->st[A], JD_UID), "narr:other", "第一行\n第二行：\"引号\" 与 #号");
	set_field(m, A, id_of(m->st[A], JD_UID), "info:phone", "0798");
	e1 = export_bundle(m->st[A], &m->set, 0, &l1);
	/* into an empty database: all four new, every row with it */
	assert_int_equal(merge_mem(m->st[C], &m->set, "all.yaml", e1, l1, &rep, &err), 0);
	assert_int_equal(rep.n, 4);
	assert_int_equal(rep.count[JX_MERGE_NEW], 4);
	jx_merge_report_free(&rep);
	assert_int_equal(history_len(m->st[C], id_of(m->st[C], JD_UID)), 3);
	/* and out again: the same bytes */
	e2 = export_bundle(m->st[C], &m->set, 0, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(e1, e2, l1);
	/* the audit lists are in the file */
	assert_non_null(strstr(e1, "\n  audit:\n"));
	assert_non_null(strstr(e1, "origin: machine-a"));
	free(e1);
	free(e2);
}

static void test_audit_list_read_and_written(void **state)
{
	machines *m = *state;
	static const char doc[] = "jixiao: 1\n"
				  "sheets:\n"
				  "- uid: u-1\n"
				  "  template: external-result\n"
				  "  template_version: 1\n"
				  "  year: 2023\n"
				  "  status: draft\n"
				  "  info:\n"
				  "    name: 测试\n"
				  "  audit:\n"
				  "  - id: \"00ff00ff00ff00ff:1\"\n"
				  "    at: \"2024-01-02T03:04:05Z\"\n"
				  "    user: 王某\n"
				  "    origin: PC-1\n"
				  "    field: sheet:create\n"
				  "    new: 测试\n"
				  "  - id: \"00ff00ff00ff00ff:7\"\n"
				  "    at: \"2024-01-03T00:00:00Z\"\n"
				  "    user: 王某\n"
				  "    field: entry:result:score\n"
				  "    old: \"12\"\n"
				  "    new: |-\n"
				  "      两行\n"
				  "      文字\n";
	jx_sheet **v = NULL;
	jx_sheet_history *h = NULL;
	size_t n = 0, len;
	jx_err err = {{0}};
	char *out = NULL;
	FILE *f;
	(void)m;
	assert_int_equal(jx_bundle_read_mem("t.yaml", doc, sizeof doc - 1, &m->set, &v, &h, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].n, 2);
	assert_string_equal(h[0].rows[0].gid, "00ff00ff00ff00ff:1");
	assert_string_equal(h[0].rows[0].at, "2024-01-02T03:04:05Z");
	assert_string_equal(h[0].rows[0].user, "王某");
	assert_string_equal(h[0].rows[0].origin, "PC-1");
	assert_string_equal(h[0].rows[0].field, "sheet:create");
	assert_null(h[0].rows[0].old_value);
	assert_string_equal(h[0].rows[0].new_value, "测试");
	assert_null(h[0].rows[1].origin);
	assert_string_equal(h[0].rows[1].old_value, "12");
	assert_string_equal(h[0].rows[1].new_value, "两行\n文字");
	/* written back: the same bytes (this document is in canonical form) */
	f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(jx_bundle_write(f, v, h, n, &m->set, &err), 0);
	fclose(f);
	assert_string_equal(out, doc);
	free(out);
	jx_sheets_free(v, n);
	jx_histories_free(h, n);

	/* a plain sheet reader accepts the list and leaves it */
	assert_int_equal(jx_sheets_read_mem("t.yaml", doc, sizeof doc - 1, &m->set, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	jx_sheets_free(v, n);
}

/* A bad bundle: nothing read, and the place named. */
static void expect_bad(machines *m, const char *doc, const char *where, const char *words)
{
	jx_sheet **v = NULL;
	jx_sheet_history *h = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	assert_int_equal(jx_bundle_read_mem("bad.yaml", doc, strlen(doc), &m->set, &v, &h, &n, &err), -1);
	assert_null(v);
	assert_null(h);
	if (strncmp(err.msg, where, strlen(where)) != 0 || !strstr(err.msg, words))
		fail_msg("message \"%s\", expected \"%s…%s\"", err.msg, where, words);
}

static void test_bad_audit_lists(void **state)
{
	machines *m = *state;
	static const char head[] = "jixiao: 1\nsheets:\n- uid: u-1\n  template: external-result\n  audit:\n";
	char doc[1024];
	/* line 6 is the first row's first line: "  - id: ..." at column 5 for the value */
	snprintf(doc, sizeof doc, "%s  - id: nocolon\n    at: \"2024-01-02T03:04:05Z\"\n    user: u\n    field: f\n", head);
	expect_bad(m, doc, "bad.yaml:6:9: ", "修改记录编号");
	snprintf(doc, sizeof doc, "%s  - id: 00000000000000ab:1\n    at: yesterday\n    user: u\n    field: f\n", head);
	expect_bad(m, doc, "bad.yaml:7:9: ", "UTC");
	snprintf(doc, sizeof doc, "%s  - id: 00000000000000ab:1\n    at: \"2024-01-02T03:04:05Z\"\n    field: f\n", head);
	expect_bad(m, doc, "bad.yaml:6:", "user");
	snprintf(doc, sizeof doc, "%s  - id: 00000000000000ab:1\n    at: \"2024-01-02T03:04:05Z\"\n    user: u\n    field: f\n    colour: red\n",
		 head);
	expect_bad(m, doc, "bad.yaml:10:", "colour");
	/* the same id twice in one history: the second is named, with the first's line */
	snprintf(doc, sizeof doc,
		 "%s  - id: 00000000000000ab:1\n    at: \"2024-01-02T03:04:05Z\"\n    user: u\n    field: f\n"
		 "  - id: 00000000000000ab:1\n    at: \"2024-01-02T03:04:06Z\"\n    user: u\n    field: g\n",
		 head);
	expect_bad(m, doc, "bad.yaml:10:9: ", "第 6 行");
}

/* A bundle that contradicts the database changes nothing, not even the
 * sheets before the bad one. */
static void test_refused_bundle_changes_nothing(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_merge_report rep;
	jx_audit_row *h = NULL;
	size_t n = 0, len;
	char doc[2048];
	int64_t id, rev0, rev1;
	import_sample(m, A, JD, JX_MERGE_NEW);
	id = id_of(m->st[A], JD_UID);
	assert_int_equal(jx_store_revision(m->st[A], id, &rev0, &err), 0);
	assert_int_equal(jx_store_history(m->st[A], id, NULL, &h, &n, &err), 0);
	assert_int_equal(n, 1);
	/* a new sheet first, then one whose row reuses A's row id with other
	 * content (what a copied database file would send) */
	len = (size_t)snprintf(doc, sizeof doc,
			       "jixiao: 1\nsheets:\n"
			       "- uid: new-sheet\n  template: external-result\n  year: 2024\n"
			       "- uid: other-sheet\n  template: external-result\n  year: 2024\n  audit:\n"
			       "  - id: \"%s\"\n    at: \"2020-01-01T00:00:00Z\"\n    user: someone\n    field: info:name\n",
			       h[0].gid);
	jx_audit_free(h, n);
	assert_int_equal(merge_mem(m->st[A], &m->set, "copied.yaml", doc, len, &rep, &err), JX_MERGE_REFUSED);
	assert_non_null(strstr(err.msg, "copied.yaml"));
	assert_non_null(strstr(err.msg, "other-sheet"));
	assert_int_equal(rep.n, 0);
	assert_int_equal(count(m->st[A], "all"), 1);
	assert_true(id_of(m->st[A], "new-sheet") == 0);
	assert_int_equal(jx_store_revision(m->st[A], id, &rev1, &err), 0);
	assert_true(rev0 == rev1);
}

/* Several conflict copies of one sheet: the copy must be named. */
static void test_two_copies_need_a_name(void **state)
{
	machines *m = *state;
	int64_t ida, idb, copy, idc, of, cp;
	size_t len;
	char *y;
	jx_err err = {{0}};
	jx_merge_item it;
	make_conflict(m, &ida, &idb, &copy);
	/* C entered the same sample itself (a history of its own) and edited it */
	import_sample(m, C, JD, JX_MERGE_NEW);
	idc = id_of(m->st[C], JD_UID);
	set_field(m, C, idc, "info:filler", "赵六");
	y = export_bundle(m->st[C], &m->set, idc, &len);
	it = expect_merge(m, B, y, len, JX_MERGE_CONFLICT);
	assert_int_equal(it.copy_state, 0);
	assert_true(it.copy_id != copy);
	free(y);
	assert_int_equal(count(m->st[B], "copies"), 2);
	assert_int_equal(jx_merge_find_conflict(m->st[B], idb, &of, &cp, &err), -1);
	assert_non_null(strstr(err.msg, "2 个冲突副本"));
	assert_int_equal(jx_merge_find_conflict(m->st[B], it.copy_id, &of, &cp, &err), 0);
	assert_true(of == idb && cp == it.copy_id);
	/* a copy is not the copy of another sheet */
	assert_int_equal(jx_store_resolve(m->st[B], idb, idb, 0, "bob", &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_database_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_gives_ids, setup, teardown),
		cmocka_unit_test(test_history_relation),
		cmocka_unit_test_setup_teardown(test_new_sheet_travels_with_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_is_kept_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identical_is_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_edited_keeps_both, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_keep_local, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_keep_incoming, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_edit_on_both, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_bundles_in_one_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sample_without_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_samples_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_list_read_and_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_audit_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_bundle_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_copies_need_a_name, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
