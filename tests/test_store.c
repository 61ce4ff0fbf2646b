/* The SQLite store: migrations, refusal of foreign and future files, whole
 * sheets in and out, one-field commits with their audit rows, conflicts
 * between workstations, trash, history and structure edits. */
#include "testutil.h"
#include "rawdb.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "field.h"
#include "model.h"
#include "store.h"
#include "store_int.h" /* the store's connection, for one statement run inside a bulk transaction */
#include "schema_text.h"
#include "embedded.h"

#include "store_fixture.h"

/* ---- tests ---- */

/* A sheet loaded to be read only (an export's) holds the same content as
 * one loaded to be edited, its indicators' texts kept together, a long
 * text among them; it refuses indicator edits, and a clone of it is an
 * ordinary sheet that takes them (each under ASan: nothing freed twice
 * or leaked). */
static void test_load_view(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-view", "只读载入"), *back = NULL, *view = NULL, *copy;
	jx_indicator *d;
	jx_err err = {{0}};
	char *long_text = malloc(9001);
	assert_non_null(long_text);
	/* 3,000 汉字 of 3 bytes: longer than a quarter of a 16 KiB block */
	for (int i = 0; i < 3000; i++)
		memcpy(long_text + 3 * i, "长", 3);
	long_text[9000] = 0;
	for (int i = 0; i < 300; i++) {
		char key[16], name[32];
		snprintf(key, sizeof key, "k%d", i);
		snprintf(name, sizeof name, "指标 %d", i);
		d = jx_sheet_add_ind(s, key);
		jx_set_str(&d->name, name);
		jx_set_str(&d->unit, "个");
		d->target = JX_INT(i);
		if (i == 150)
			jx_set_str(&d->note, long_text);
	}
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_int_equal(jx_store_load_view(st, s->id, &view, &err), 0);
	assert_null(back->ind_texts);
	assert_non_null(view->ind_texts);
	assert_true(jx_sheet_equal(back, view));
	assert_true(jx_sheet_equal(s, view));
	assert_int_equal(view->n_inds, s->n_inds);
	assert_string_equal(jx_sheet_ind(view, "k150")->note, long_text);
	assert_string_equal(view->inds[view->n_inds - 1].key, "k299");
	/* never edited: adding or removing an indicator is refused */
	assert_null(jx_sheet_add_ind(view, "x"));
	jx_sheet_remove_ind(view, 0);
	assert_int_equal(view->n_inds, s->n_inds);
	copy = jx_sheet_clone(view);
	assert_null(copy->ind_texts);
	/* a sheet whose indicators own their texts keeps none with them */
	assert_null(jx_sheet_keep_text(copy, "x", 1));
	assert_null(copy->ind_texts);
	assert_true(jx_sheet_equal(copy, view));
	assert_non_null(jx_sheet_add_ind(copy, "x"));
	assert_int_equal(jx_set_str(&copy->inds[0].name, "改名"), 0);
	jx_sheet_remove_ind(copy, 1);
	assert_int_equal(copy->n_inds, s->n_inds);
	/* no such sheet */
	jx_sheet_free(view);
	view = NULL;
	assert_int_equal(jx_store_load_view(st, 9999, &view, &err), -1);
	assert_null(view);
	jx_sheet_free(copy);
	jx_sheet_free(back);
	jx_sheet_free(s);
	free(long_text);
	jx_store_close(st);
}

/* The schema written into the binary at build time (tools/schema_expect.c)
 * is what the embedded migrations make now, and what a new database has:
 * so the usual open compares with the constant, and the in-memory rerun is
 * left for a SQLite library that prints table SQL differently. */
static void test_schema_expected_is_what_migrations_make(void **state)
{
	tmpdb *t = *state;
	const char *sql[64];
	char *now, *have;
	int n = jx_store_schema_version();
	jx_store *st;
	sqlite3 *raw;
	assert_true(n > 0 && n <= 64);
	for (int i = 0; i < n; i++)
		sql[i] = jx_schema_files[i].data; /* embedded data ends with a NUL after its len bytes */
	now = jx_schema_of_migrations(sql, n);
	assert_non_null(now);
	assert_string_equal(now, jx_schema_expected);
	st = open_ok(t->db, JX_STORE_CREATE);
	jx_store_close(st);
	raw = raw_open(t->db);
	have = jx_schema_text(raw);
	sqlite3_close(raw);
	assert_non_null(have);
	assert_string_equal(have, jx_schema_expected);
	free(now);
	free(have);
}

static void test_create_and_migrate(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_err err = {{0}};
	struct stat sb;
	sqlite3 *db;
	/* without CREATE a missing file is an error and is not made */
	assert_int_equal(jx_store_open(&st, t->db, 0, &err), -1);
	assert_contains(err.msg, "不存在");
	assert_false(exists(t->db));

	st = open_ok(t->db, JX_STORE_CREATE);
	jx_store_close(st);
	assert_int_equal(stat(t->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	db = raw_open(t->db);
	assert_true(raw_int(db, "PRAGMA application_id") == JX_APPLICATION_ID);
	assert_true(jx_store_schema_version() >= 1);
	assert_true(raw_int(db, "PRAGMA user_version") == jx_store_schema_version());
	assert_true(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit'") == 1);
	/* every project-info key has its column */
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('sheets') WHERE name = '%s'",
			 jx_info_labels[i].key);
		assert_true(raw_int(db, sql) == 1);
	}
	assert_true(raw_int(db, "SELECT count(*) FROM pragma_journal_mode") == 1);
	sqlite3_close(db);

	/* reopen: nothing to migrate, still the same version */
	st = open_ok(t->db, JX_STORE_CREATE);
	jx_store_close(st);
	db = raw_open(t->db);
	assert_true(raw_int(db, "PRAGMA user_version") == jx_store_schema_version());
	sqlite3_close(db);
}

static void test_insert_load_roundtrip(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-roundtrip", "2022年工业发展管理经费"), *back = NULL;
	jx_sheet *blank;
	jx_err err = {{0}};
	sqlite3 *db;
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	assert_true(s->id > 0);
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(s, back));
	assert_true(back->id == s->id);
	assert_string_equal(back->origin, "host-a");
	assert_non_null(back->updated_at);
	jx_sheet_free(back);

	/* a sheet without uid gets one; an empty sheet loads back empty */
	blank = jx_sheet_new();
	jx_set_str(&blank->template_id, "external-result");
	insert_ok(st, blank);
	assert_non_null(blank->uid);
	assert_int_equal(strlen(blank->uid), 36);
	assert_int_equal(jx_store_load(st, blank->id, &back, &err), 0);
	assert_true(jx_sheet_equal(blank, back));
	jx_sheet_free(back);

	/* no such sheet */
	assert_int_equal(jx_store_load(st, 9999, &back, &err), -1);
	assert_null(back);
	assert_contains(err.msg, "9999");
	jx_store_close(st);

	/* money is exact: 480.82 万元 is stored as the integer 480,820,000
	 * (480.82 × 10^6, i.e. 4,808,200 元 = 480,820,000 分) */
	db = raw_open(t->db);
	assert_int_equal(raw_type(db, "SELECT spent FROM funds WHERE source = '当年财政拨款'"), SQLITE_INTEGER);
	assert_true(raw_int(db, "SELECT spent FROM funds WHERE source = '当年财政拨款'") == 480820000LL);
	/* 1935 万元 = 1,935,000,000 */
	assert_true(raw_int(db, "SELECT budget FROM funds WHERE source = '当年财政拨款'") == 1935000000LL);
	/* not entered is NULL, zero is 0 */
	assert_int_equal(raw_type(db, "SELECT planned FROM funds WHERE source = '上年结转资金'"), SQLITE_NULL);
	assert_int_equal(raw_type(db, "SELECT budget FROM funds WHERE source = '上年结转资金'"), SQLITE_INTEGER);
	/* a REAL in a money column is refused by the schema */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE funds SET spent = 480.82", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE funds SET spent = -5", NULL, NULL, NULL), SQLITE_OK);
	/* audit rows are append-only */
	assert_true(raw_int(db, "SELECT count(*) FROM audit") == 2);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET new_value = 'x'", NULL, NULL, NULL), SQLITE_OK);
	assert_true(raw_int(db, "SELECT count(*) FROM audit") == 2);
	sqlite3_close(db);
	jx_sheet_free(s);
	jx_sheet_free(blank);
}

static void test_set_field_writes_row_and_audit(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-set", "测试项目"), *back = NULL;
	jx_audit_row *h = NULL;
	size_t n = 0;
	int64_t rev;
	jx_err err = {{0}};
	sqlite3 *db;
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	assert_true(s->revision == 0);

	set_ok(st, s, "ind:i1:actual", "６"); /* full-width 6 */
	assert_true(jx_sheet_ind(s, "i1")->actual == JX_INT(6));
	assert_true(s->revision == 1);
	assert_int_equal(jx_store_revision(st, s->id, &rev, &err), 0);
	assert_true(rev == 1);
	assert_int_equal(jx_store_history(st, s->id, "ind:i1:actual", &h, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].field, "ind:i1:actual");
	assert_string_equal(h[0].old_value, "5");
	assert_string_equal(h[0].new_value, "6");
	assert_string_equal(h[0].user, "tester");
	/* UTC ISO 8601: YYYY-MM-DDTHH:MM:SSZ */
	assert_int_equal(strlen(h[0].at), 20);
	assert_int_equal(h[0].at[10], 'T');
	assert_int_equal(h[0].at[19], 'Z');
	jx_audit_free(h, n);

	/* the same value again: nothing written, no audit row, same revision */
	set_ok(st, s, "ind:i1:actual", "6.000");
	assert_int_equal(jx_store_history(st, s->id, "ind:i1:actual", &h, &n, &err), 0);
	assert_int_equal(n, 1);
	jx_audit_free(h, n);
	assert_true(s->revision == 1);

	/* one field of every family, each read back from disk */
	set_ok(st, s, "year", "2023");
	set_ok(st, s, "status", "submitted");
	set_ok(st, s, "info:name", "新名称");
	set_ok(st, s, "narr:problems", "无");
	set_ok(st, s, "basis:1", "改过的依据");
	set_ok(st, s, "basis:2", "新增的依据");
	set_ok(st, s, "fund:当年财政拨款:spent", "500");
	set_ok(st, s, "fund:其他资金:budget", "3"); /* a new source row */
	set_ok(st, s, "fund:上年结转资金:source", "上年结余");
	set_ok(st, s, "sub:0:spent", "");
	set_ok(st, s, "sub:2:name", "第三个二级项目");
	set_ok(st, s, "goal:0:actual", "全部完成");
	set_ok(st, s, "ind:i2:band", "0");
	set_ok(st, s, "ind:i2:cmp", "=");
	set_ok(st, s, "ind:i5:deviation_reason", "提前完成");
	set_ok(st, s, "mark:decision.project.basis:1", "1");
	set_ok(st, s, "mark:decision.project.basis:0", "0.5");
	set_ok(st, s, "entry:result:note", "");
	set_ok(st, s, "entry:effect.impact:score", "9");
	set_ok(st, s, "measure:三公经费预算数", "30");
	set_ok(st, s, "measure:上年末存量资金", "0");
	set_ok(st, s, "review:result", "不通过");
	set_ok(st, s, "review:score", "");
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(s, back));
	assert_true(back->revision == s->revision);
	assert_int_equal(back->year, 2023);
	assert_string_equal(back->funds[0].source, "当年财政拨款");
	assert_true(back->funds[0].spent == JX_INT(500));
	assert_string_equal(back->funds[1].source, "上年结余");
	assert_string_equal(back->funds[2].source, "其他资金");
	assert_int_equal(back->n_subs, 3);
	assert_int_equal(back->n_basis, 3);
	assert_int_equal(back->inds[1].cmp, JX_CMP_EQ);
	jx_sheet_free(back);
	/* revision: 1 + 23 changes above */
	assert_true(s->revision == 24);
	jx_store_close(st);

	db = raw_open(t->db);
	assert_true(raw_int(db, "SELECT revision FROM sheets") == 24);
	/* the insert's row + 24 field rows */
	assert_true(raw_int(db, "SELECT count(*) FROM audit") == 25);
	assert_true(raw_int(db, "SELECT actual FROM indicators WHERE key = 'i1'") == 6000000);
	assert_true(raw_int(db, "SELECT spent FROM funds WHERE source = '当年财政拨款'") == 500000000);
	assert_int_equal(raw_type(db, "SELECT review_score FROM sheets"), SQLITE_NULL);
	sqlite3_close(db);
	jx_sheet_free(s);
}

static void test_failed_set_changes_nothing(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-fail", "测试项目"), *copy;
	jx_err err = {{0}};
	char *before, *after;
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	copy = jx_sheet_clone(s);
	before = dump(t->db);
	assert_int_equal(jx_store_set_field(st, s, NULL, "fund:当年财政拨款:spent", "-5", "tester", &err), -1);
	assert_contains(err.msg, "不能为负数");
	assert_int_equal(jx_store_set_field(st, s, NULL, "fund:当年财政拨款:spent", "1,2", "tester", &err), -1);
	assert_contains(err.msg, "有歧义");
	assert_int_equal(jx_store_set_field(st, s, NULL, "fund:当年财政拨款:spent", "1e400", "tester", &err), -1);
	assert_contains(err.msg, "超出范围");
	assert_int_equal(jx_store_set_field(st, s, NULL, "ind:i9:actual", "1", "tester", &err), -1);
	assert_contains(err.msg, "没有编号");
	assert_int_equal(jx_store_set_field(st, s, NULL, "nothing", "1", "tester", &err), -1);
	assert_contains(err.msg, "未知的字段");
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:name", "a\x01", "tester", &err), -1);
	assert_contains(err.msg, "控制字符");
	after = dump(t->db);
	assert_string_equal(before, after);
	assert_true(jx_sheet_equal(copy, s));
	assert_true(copy->revision == s->revision);
	free(before);
	free(after);
	jx_sheet_free(copy);
	jx_sheet_free(s);
	jx_store_close(st);
}

static void test_conflict_between_workstations(void **state)
{
	tmpdb *t = *state;
	jx_store *a, *b;
	jx_sheet *s = full_sheet("uid-conflict", "原名称"), *sa = NULL, *sb = NULL, *copy;
	jx_err err = {{0}};
	char *before, *after;
	a = open_ok(t->db, JX_STORE_CREATE);
	b = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(a, s);
	assert_int_equal(jx_store_load(a, s->id, &sa, &err), 0);
	assert_int_equal(jx_store_load(b, s->id, &sb, &err), 0);

	/* workstation A commits the name; B, still seeing the old name, may not overwrite it */
	set_ok(a, sa, "info:name", "甲改的名称");
	copy = jx_sheet_clone(sb);
	before = dump(t->db);
	assert_int_equal(jx_store_set_field(b, sb, NULL, "info:name", "乙改的名称", "tester", &err), -1);
	assert_contains(err.msg, "该字段已被其他工作站修改为“甲改的名称”");
	after = dump(t->db);
	assert_string_equal(before, after);
	assert_true(jx_sheet_equal(copy, sb));
	free(before);
	free(after);
	jx_sheet_free(copy);

	/* a field A did not touch is B's to change */
	set_ok(b, sb, "info:unit", "乙改的单位");
	/* B's revision was 0 and the disk's 1: B is told it is behind */
	assert_true(sb->revision == 0);

	/* an indicator A deletes cannot be edited by B */
	{
		jx_err e2 = {{0}};
		assert_int_equal(jx_store_delete_indicator(a, sa, 0, "tester", &e2), 0);
		assert_int_equal(jx_store_set_field(b, sb, NULL, "ind:i1:actual", "4", "tester", &err), -1);
		assert_contains(err.msg, "其他工作站删除");
		/* nor may B restructure a list it no longer sees */
		assert_int_equal(jx_store_add_indicator(b, sb, 0, "output.quantity", "tester", &err), -1);
		assert_contains(err.msg, "指标列表已被其他工作站修改");
	}
	/* a new fund row A added is not overwritten by B's own "new" row */
	set_ok(a, sa, "fund:其他资金:budget", "3");
	assert_int_equal(jx_store_set_field(b, sb, NULL, "fund:其他资金:budget", "4", "tester", &err), -1);
	assert_contains(err.msg, "该字段已被其他工作站修改为“3”");

	jx_sheet_free(sa);
	jx_sheet_free(sb);
	jx_sheet_free(s);
	jx_store_close(a);
	jx_store_close(b);
}

static void test_future_version_refused(void **state)
{
	tmpdb *t = *state;
	jx_store *st = (jx_store *)1;
	jx_err err = {{0}};
	sqlite3 *db;
	char sql[128], *before, *after;
	size_t n1, n2;
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
		 (int)JX_APPLICATION_ID, jx_store_schema_version() + 1);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE sheets (id INTEGER PRIMARY KEY, future TEXT)", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	before = test_read_file(t->db, &n1);
	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_CREATE, &err), -1);
	assert_null(st);
	snprintf(sql, sizeof sql, "数据库结构版本 %d；本程序只认识 %d", jx_store_schema_version() + 1,
		 jx_store_schema_version());
	assert_contains(err.msg, "更新版本的 jixiao");
	assert_contains(err.msg, sql);
	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_READONLY, &err), -1);
	assert_contains(err.msg, "更新版本的 jixiao");
	jx_lang = JX_LANG_EN;
	assert_int_equal(jx_store_open(&st, t->db, 0, &err), -1);
	jx_lang = JX_LANG_ZH;
	assert_contains(err.msg, "written by a newer version of jixiao");
	after = test_read_file(t->db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

static void test_random_bytes_refused(void **state)
{
	tmpdb *t = *state;
	jx_store *st = NULL;
	jx_err err = {{0}};
	FILE *f;
	uint32_t x = 12345;
	char *before, *after;
	size_t n1, n2;
	f = fopen(t->db, "wb");
	assert_non_null(f);
	for (int i = 0; i < 8192; i++) {
		x = x * 1103515245u + 12345u; /* any bytes, the same every run */
		fputc((int)(x >> 16) & 0xff, f);
	}
	fclose(f);
	before = test_read_file(t->db, &n1);
	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_CREATE, &err), -1);
	assert_contains(err.msg, "不是 jixiao 数据库");
	assert_contains(err.msg, "文件不是数据库");
	after = test_read_file(t->db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	/* a text file too */
	f = fopen(t->db, "wb");
	fputs("name: 不是数据库\n", f);
	fclose(f);
	before = test_read_file(t->db, &n1);
	assert_int_equal(jx_store_open(&st, t->db, 0, &err), -1);
	assert_contains(err.msg, "不是 jixiao 数据库");
	after = test_read_file(t->db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

static void test_foreign_sqlite_refused(void **state)
{
	tmpdb *t = *state;
	jx_store *st = NULL;
	jx_err err = {{0}};
	sqlite3 *db;
	char *before, *after;
	size_t n1, n2;
	/* another program's tables, no application id */
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('张三')", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	before = test_read_file(t->db, &n1);
	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_CREATE, &err), -1);
	assert_contains(err.msg, "不是 jixiao 数据库");
	after = test_read_file(t->db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	unlink(t->db);

	/* another program's application id, even with no tables */
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA application_id = 287454020", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	before = test_read_file(t->db, &n1);
	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_CREATE, &err), -1);
	assert_contains(err.msg, "其他程序");
	after = test_read_file(t->db, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

static void test_readonly(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-ro", "只读项目"), *back = NULL;
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	int fd;
	/* read-only never creates */
	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_READONLY | JX_STORE_CREATE, &err), -1);
	assert_false(exists(t->db));
	/* an empty file is not set up read-only: it says what to run */
	fd = open(t->db, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_READONLY, &err), -1);
	assert_contains(err.msg, "还不是 jixiao 数据库（其中还没有任何数据）；请先运行 jixiao init 或 jixiao import");

	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	jx_store_close(st);

	st = open_ok(t->db, JX_STORE_READONLY);
	assert_int_equal(jx_store_list(st, 0, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "只读项目");
	jx_summaries_free(v, n);
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(s, back));
	assert_int_equal(jx_store_set_field(st, back, NULL, "info:name", "改", "tester", &err), -1);
	assert_contains(err.msg, "数据库文件只读，无法保存");
	assert_string_equal(back->info[JX_INFO_NAME], "只读项目");
	assert_int_equal(jx_store_trash(st, s->id, 1, "tester", &err), -1);
	assert_contains(err.msg, "只读");
	jx_sheet_free(back);
	jx_store_close(st);
	jx_sheet_free(s);
}

static void test_trash_list_find(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *a = full_sheet("uid-a", "甲项目"), *b = full_sheet("uid-b", "乙项目"), *c = full_sheet("uid-c", "甲项目");
	jx_sheet_summary *v = NULL;
	jx_audit_row *h = NULL;
	size_t n = 0;
	int64_t id;
	jx_err err = {{0}};
	st = open_ok(t->db, JX_STORE_CREATE);
	a->year = 2021;
	insert_ok(st, a);
	insert_ok(st, b);
	insert_ok(st, c);
	assert_int_equal(jx_store_set_summary(st, b->id, D("98.93"), "优", 3, &err), 0);

	/* year descending, then name as UTF-8 bytes: 乙 (E4 B9 99) before 甲 (E7 94 B2) */
	assert_int_equal(jx_store_list(st, 0, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].year, 2022);
	assert_string_equal(v[0].name, "乙项目");
	assert_true(v[0].total == D("98.93"));
	assert_string_equal(v[0].grade, "优");
	assert_int_equal(v[0].findings, 3);
	assert_string_equal(v[1].name, "甲项目");
	assert_true(v[1].total == JX_NONE);
	assert_int_equal(v[1].findings, -1);
	assert_int_equal(v[2].year, 2021);
	jx_summaries_free(v, n);

	assert_int_equal(jx_store_find_uid(st, "uid-b", &id, &err), 0);
	assert_true(id == b->id);
	assert_int_equal(jx_store_find_uid(st, "uid-none", &id, &err), 0);
	assert_true(id == 0);
	/* last year's sheet of the same project */
	assert_int_equal(jx_store_find_project(st, c, 2021, &id, &err), 0);
	assert_true(id == a->id);
	assert_int_equal(jx_store_find_project(st, b, 2021, &id, &err), 0);
	assert_true(id == 0);

	assert_int_equal(jx_store_trash(st, a->id, 1, "tester", &err), 0);
	assert_int_equal(jx_store_list(st, 0, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	jx_summaries_free(v, n);
	assert_int_equal(jx_store_list(st, 1, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[2].deleted, 1);
	assert_true(v[2].revision == 1);
	jx_summaries_free(v, n);
	/* trashed sheets are not last year's sheet */
	assert_int_equal(jx_store_find_project(st, c, 2021, &id, &err), 0);
	assert_true(id == 0);
	/* trashing twice changes nothing */
	assert_int_equal(jx_store_trash(st, a->id, 1, "tester", &err), 0);
	assert_int_equal(jx_store_trash(st, a->id, 0, "tester", &err), 0);
	assert_int_equal(jx_store_list(st, 0, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	jx_summaries_free(v, n);
	assert_int_equal(jx_store_history(st, a->id, "sheet:deleted", &h, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].old_value, "0");
	assert_string_equal(h[0].new_value, "1");
	assert_string_equal(h[1].old_value, "1");
	assert_string_equal(h[1].new_value, "0");
	jx_audit_free(h, n);
	assert_int_equal(jx_store_trash(st, 4242, 1, "tester", &err), -1);
	assert_int_equal(jx_store_set_summary(st, 4242, 0, "", 0, &err), -1);

	jx_sheet_free(a);
	jx_sheet_free(b);
	jx_sheet_free(c);
	jx_store_close(st);
}

static void test_history(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-h", "历史"), *other = full_sheet("uid-h2", "别的");
	jx_audit_row *h = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	jx_indicator *d;
	st = open_ok(t->db, JX_STORE_CREATE);
	/* an "i10" beside "i1": history of ind:i1 must not include i10 */
	d = jx_sheet_add_ind(s, "i10");
	jx_set_str(&d->name, "另一个");
	insert_ok(st, s);
	insert_ok(st, other);
	set_ok(st, s, "ind:i1:actual", "4");
	set_ok(st, s, "ind:i10:actual", "7");
	set_ok(st, s, "ind:i1:actual", "3");
	set_ok(st, s, "ind:i1:points", "3");
	set_ok(st, other, "ind:i1:actual", "1");

	assert_int_equal(jx_store_history(st, s->id, NULL, &h, &n, &err), 0);
	assert_int_equal(n, 5); /* create + 4 */
	assert_string_equal(h[0].field, "sheet:create");
	assert_string_equal(h[0].new_value, "历史");
	assert_string_equal(h[1].field, "ind:i1:actual");
	assert_string_equal(h[4].field, "ind:i1:points");
	for (size_t i = 1; i < n; i++)
		assert_true(h[i].id > h[i - 1].id);
	jx_audit_free(h, n);

	assert_int_equal(jx_store_history(st, s->id, "ind:i1", &h, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].old_value, "5");
	assert_string_equal(h[0].new_value, "4");
	assert_string_equal(h[1].old_value, "4");
	assert_string_equal(h[1].new_value, "3");
	assert_string_equal(h[2].field, "ind:i1:points");
	jx_audit_free(h, n);

	assert_int_equal(jx_store_history(st, s->id, "ind:i1:actual", &h, &n, &err), 0);
	assert_int_equal(n, 2);
	jx_audit_free(h, n);
	assert_int_equal(jx_store_history(st, other->id, "ind:i1:actual", &h, &n, &err), 0);
	assert_int_equal(n, 1);
	jx_audit_free(h, n);
	jx_sheet_free(s);
	jx_sheet_free(other);
	jx_store_close(st);
}

static void test_insert_many_all_or_nothing(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *v[3];
	jx_sheet_summary *list = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	char *before, *after;
	st = open_ok(t->db, JX_STORE_CREATE);
	v[0] = full_sheet("uid-1", "第一份");
	v[1] = full_sheet("uid-2", "第二份");
	v[2] = full_sheet("uid-1", "重复编号"); /* same uid as the first */
	before = dump(t->db);
	assert_int_equal(jx_store_insert_many(st, v, 3, "tester", &err), -1);
	assert_contains(err.msg, "第 3 份评价表（重复编号）");
	assert_contains(err.msg, "uid-1");
	after = dump(t->db);
	assert_string_equal(before, after);
	free(after);
	assert_int_equal(jx_store_list(st, 1, &list, &n, &err), 0);
	assert_int_equal(n, 0);
	jx_summaries_free(list, n);
	for (int i = 0; i < 3; i++)
		assert_true(v[i]->id == 0);

	/* a sheet breaking a rule of the schema (negative money) rolls all back too */
	jx_set_str(&v[2]->uid, "uid-3");
	v[2]->funds[0].spent = JX_INT(-5);
	assert_int_equal(jx_store_insert_many(st, v, 3, "tester", &err), -1);
	assert_contains(err.msg, "约束");
	after = dump(t->db);
	assert_string_equal(before, after);
	free(after);

	v[2]->funds[0].spent = JX_INT(5);
	assert_int_equal(jx_store_insert_many(st, v, 3, "tester", &err), 0);
	assert_int_equal(jx_store_list(st, 1, &list, &n, &err), 0);
	assert_int_equal(n, 3);
	jx_summaries_free(list, n);
	for (int i = 0; i < 3; i++)
		assert_true(v[i]->id > 0);
	/* inserting one of them again is refused by its uid */
	assert_int_equal(jx_store_insert(st, v[0], "tester", &err), -1);
	assert_contains(err.msg, "已在数据库中");
	free(before);
	for (int i = 0; i < 3; i++)
		jx_sheet_free(v[i]);
	jx_store_close(st);
}

static void test_replace(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-r", "替换"), *newer, *back = NULL;
	jx_audit_row *h = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	newer = jx_sheet_clone(s);
	jx_sheet_remove_ind(newer, 0);
	jx_set_str(&newer->info[JX_INFO_NAME], "替换后");
	newer->funds[0].spent = JX_INT(1000);
	jx_sheet_set_mark(newer, "decision.project.basis", 3, D("0.5"));
	assert_int_equal(jx_store_replace(st, newer, "tester", "导入 newer.yaml", &err), 0);
	assert_true(newer->revision == 1);
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(newer, back));
	assert_false(jx_sheet_equal(s, back));
	jx_sheet_free(back);
	assert_int_equal(jx_store_history(st, s->id, "sheet:replace", &h, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].old_value, "revision 0");
	assert_string_equal(h[0].new_value, "导入 newer.yaml");
	jx_audit_free(h, n);
	/* a different uid under the same id is refused */
	jx_set_str(&newer->uid, "uid-other");
	assert_int_equal(jx_store_replace(st, newer, "tester", "x", &err), -1);
	assert_contains(err.msg, "编号不一致");
	jx_sheet_free(newer);
	jx_sheet_free(s);
	jx_store_close(st);
}

static void test_indicator_structure(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-ind", "结构"), *back = NULL;
	jx_audit_row *h = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s); /* keys i1, i2, i5 */

	/* add at the front: the next key after the largest, i5 → i6 */
	assert_int_equal(jx_store_add_indicator(st, s, 0, "output.quality", "tester", &err), 0);
	assert_int_equal(s->n_inds, 4);
	assert_string_equal(s->inds[0].key, "i6");
	assert_string_equal(s->inds[0].slot, "output.quality");
	assert_string_equal(s->inds[1].key, "i1");
	assert_true(s->revision == 1);
	set_ok(st, s, "ind:i6:name", "质量达标率");
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(s, back));
	jx_sheet_free(back);

	/* move i6 from first to last, then i5 to the front */
	assert_int_equal(jx_store_move_indicator(st, s, 0, 3, "tester", &err), 0);
	assert_string_equal(s->inds[3].key, "i6");
	assert_string_equal(s->inds[0].key, "i1");
	assert_int_equal(jx_store_move_indicator(st, s, 2, 0, "tester", &err), 0);
	assert_string_equal(s->inds[0].key, "i5");
	assert_string_equal(s->inds[1].key, "i1");
	assert_string_equal(s->inds[2].key, "i2");
	assert_string_equal(s->inds[3].key, "i6");
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(s, back));
	jx_sheet_free(back);
	assert_int_equal(jx_store_move_indicator(st, s, 0, 4, "tester", &err), -1);

	/* delete the largest key; the next one added must not reuse it */
	assert_int_equal(jx_store_delete_indicator(st, s, 3, "tester", &err), 0);
	assert_int_equal(s->n_inds, 3);
	assert_null(jx_sheet_ind(s, "i6"));
	assert_int_equal(jx_store_add_indicator(st, s, 99, "output.cost", "tester", &err), 0);
	assert_string_equal(s->inds[3].key, "i7");
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(s, back));
	jx_sheet_free(back);
	assert_int_equal(jx_store_delete_indicator(st, s, 7, "tester", &err), -1);

	/* the audit trail of i6: added at the front of three (so also moved
	 * from place 4, the end, to place 1: the add row does not say where),
	 * named, moved, deleted with its summary */
	assert_int_equal(jx_store_history(st, s->id, "ind:i6", &h, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(h[0].field, "ind:i6");
	assert_string_equal(h[0].old_value, "");
	assert_string_equal(h[0].new_value, "slot=output.quality");
	assert_string_equal(h[1].field, "ind:i6:pos");
	assert_string_equal(h[1].old_value, "4");
	assert_string_equal(h[1].new_value, "1");
	assert_string_equal(h[2].field, "ind:i6:name");
	assert_string_equal(h[3].field, "ind:i6:pos");
	assert_string_equal(h[3].old_value, "1");
	assert_string_equal(h[3].new_value, "4");
	assert_string_equal(h[4].field, "ind:i6");
	assert_string_equal(h[4].old_value, "slot=output.quality; name=质量达标率");
	assert_string_equal(h[4].new_value, "");
	jx_audit_free(h, n);
	jx_sheet_free(s);
	jx_store_close(st);
}

static void test_busy_database(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-busy", "占用"), *copy;
	jx_err err = {{0}};
	sqlite3 *other;
	time_t t0;
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	copy = jx_sheet_clone(s);
	other = raw_open(t->db);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	t0 = time(NULL);
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:name", "改", "tester", &err), -1);
	assert_true(time(NULL) - t0 >= 4); /* it waited for the busy timeout (5 s) */
	assert_string_equal(err.msg, "数据库正被另一程序占用，请稍后再试");
	assert_true(jx_sheet_equal(copy, s));
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	set_ok(st, s, "info:name", "改");
	jx_sheet_free(copy);
	jx_sheet_free(s);
	jx_store_close(st);
}

static void test_current_user(void **state)
{
	char *saved = getenv("USER") ? strdup(getenv("USER")) : NULL;
	(void)state;
	setenv("USER", "zhangsan", 1);
	assert_string_equal(jx_current_user(), "zhangsan");
	unsetenv("USER");
	assert_true(strlen(jx_current_user()) > 0); /* the login name, or "unknown" */
	if (saved) {
		setenv("USER", saved, 1);
		free(saved);
	}
}

/* Deferred sync (the workstation's): a commit is complete for every other
 * connection at once; jx_store_unsynced says the disk does not have it yet
 * until jx_store_sync; the write-ahead log is folded into the database file
 * by jx_store_sync once it holds 1,000 pages, never in the middle of a
 * commit.  Without deferring, nothing is ever left unsynced. */
static off_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? sb.st_size : -1;
}

static void test_deferred_sync(void **state)
{
	tmpdb *t = *state;
	jx_store *st, *other;
	jx_sheet *s = full_sheet("uid-sync", "测试项目"), *back = NULL;
	jx_err err = {{0}};
	off_t before;

	/* the default: synced at each commit */
	st = open_ok(t->db, JX_STORE_CREATE);
	insert_ok(st, s);
	set_ok(st, s, "ind:i1:actual", "6");
	assert_int_equal(jx_store_unsynced(st), 0);

	assert_int_equal(jx_store_defer_sync(st, &err), 0);
	assert_int_equal(jx_store_unsynced(st), 0);
	set_ok(st, s, "ind:i1:actual", "7");
	assert_int_equal(jx_store_unsynced(st), 1);
	/* another connection sees the commit before the sync */
	other = open_ok(t->db, JX_STORE_READONLY);
	assert_int_equal(jx_store_load(other, s->id, &back, &err), 0);
	assert_true(jx_sheet_ind(back, "i1")->actual == JX_INT(7));
	jx_sheet_free(back);
	back = NULL;
	jx_store_close(other);
	assert_int_equal(jx_store_sync(st, &err), 0);
	assert_int_equal(jx_store_unsynced(st), 0);
	/* nothing new: nothing to do */
	assert_int_equal(jx_store_sync(st, &err), 0);

	/* each commit of a 2,000-character text adds pages to the log; past
	 * 1,000 pages the database file itself is still the same size until
	 * jx_store_sync folds the log in */
	assert_int_equal(jx_store_sync(st, &err), 0);
	before = file_size(t->db);
	assert_true(before > 0);
	{
		char *big = malloc(6016);
		assert_non_null(big);
		for (int i = 0; i < 400; i++) {
			/* a number, then 2,000 three-byte characters: over 6,000
			 * bytes, two pages or more with the audit row's old and new
			 * values; each value different */
			int len = snprintf(big, 16, "%d", i);
			for (int k = 0; k < 2000; k++)
				memcpy(big + len + 3 * k, i % 2 ? "甲" : "乙", 3);
			big[len + 6000] = '\0';
			set_ok(st, s, "narr:problems", big);
		}
		free(big);
	}
	assert_int_equal(jx_store_unsynced(st), 1);
	assert_true(file_size(t->db) == before); /* no checkpoint during the commits */
	assert_int_equal(jx_store_sync(st, &err), 0);
	assert_true(file_size(t->db) > before);  /* folded in by the sync */
	assert_int_equal(jx_store_unsynced(st), 0);

	/* closing syncs what is left; the last value is there */
	set_ok(st, s, "ind:i1:actual", "8");
	assert_int_equal(jx_store_unsynced(st), 1);
	jx_store_close(st);
	st = open_ok(t->db, JX_STORE_READONLY);
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_ind(back, "i1")->actual == JX_INT(8));
	assert_int_equal(jx_store_unsynced(st), 0);
	jx_sheet_free(back);
	jx_store_close(st);
	jx_sheet_free(s);
}

/* The database guarding itself: schema objects as the migrations made
 * them, -wal/-shm files, a directory writable by all, values out of range,
 * and a name that looks like an SQLite URI. */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *db = raw_open(path);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		print_error("%s: %s\n", sql, msg ? msg : "?");
		fail();
	}
	sqlite3_free(msg);
	sqlite3_close(db);
}

static void test_guards(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	jx_sheet *s = full_sheet("uid-g", "守护"), *back = NULL;
	jx_err err = {{0}};
	char trig[2048], path[200], cwd[512];
	sqlite3 *raw;
	sqlite3_stmt *q;
	int64_t id;

	st = open_ok(t->db, JX_STORE_CREATE);
	assert_non_null(jx_sheet_set_mark(s, "decision.basis", 0, D("1")));
	insert_ok(st, s);
	id = s->id;
	assert_int_equal(jx_store_schema_damage(st, &err), 0);
	jx_store_close(st);

	/* a trigger dropped: read-only, the trigger named, nothing written */
	raw = raw_open(t->db);
	assert_int_equal(sqlite3_prepare_v2(raw, "SELECT sql FROM sqlite_master WHERE name = 'audit_no_update'", -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	snprintf(trig, sizeof trig, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(raw);
	raw_sql(t->db, "DROP TRIGGER audit_no_update");
	st = open_ok(t->db, 0);
	assert_true(jx_store_is_readonly(st));
	assert_int_equal(jx_store_schema_damage(st, &err), 1);
	assert_contains(err.msg, "触发器 audit_no_update 缺失");
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:manager", "某人", "tester", &err), -1);
	assert_contains(err.msg, "触发器 audit_no_update 缺失");
	assert_int_equal(jx_store_trash(st, id, 1, "tester", &err), -1);
	jx_store_close(st);
	/* rewritten (the same name, another body) */
	raw_sql(t->db, "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END");
	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_schema_damage(st, &err), 1);
	assert_contains(err.msg, "触发器 audit_no_update 与本程序建立的不同");
	jx_store_close(st);
	/* put back exactly: writable again */
	raw_sql(t->db, "DROP TRIGGER audit_no_update");
	raw_sql(t->db, trig);
	st = open_ok(t->db, 0);
	assert_false(jx_store_is_readonly(st));
	assert_int_equal(jx_store_schema_damage(st, &err), 0);
	set_ok(st, s, "info:manager", "某人");
	jx_store_close(st);
	/* an index added */
	raw_sql(t->db, "CREATE INDEX sneaky ON sheets (manager)");
	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_schema_damage(st, &err), 1);
	assert_contains(err.msg, "多出了 索引 sneaky");
	jx_store_close(st);
	raw_sql(t->db, "DROP INDEX sneaky");

	/* a -wal file more readable than the database: not opened */
	assert_int_equal(chmod(t->db, 0600), 0);
	snprintf(path, sizeof path, "%s-wal", t->db);
	close(open(path, O_WRONLY | O_CREAT, 0644));
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(jx_store_open(&st, t->db, 0, &err), -1);
	assert_contains(err.msg, "可被其他用户读写（权限 644，数据库本身为 600）");
	assert_int_equal(jx_store_open(&st, t->db, JX_STORE_READONLY, &err), -1);
	unlink(path);

	/* a directory every user may write: a warning, none when sticky */
	assert_int_equal(chmod(t->dir, 0777), 0);
	st = open_ok(t->db, 0);
	assert_non_null(jx_store_warning(st));
	assert_contains(jx_store_warning(st), "任何用户都可写入");
	jx_store_close(st);
	assert_int_equal(chmod(t->dir, 01777), 0);
	st = open_ok(t->db, 0);
	assert_null(jx_store_warning(st));
	jx_store_close(st);
	assert_int_equal(chmod(t->dir, 0700), 0);

	/* a checklist item number no template has: refused at load, named */
	raw_sql(t->db, "UPDATE marks SET item = 2000000000 WHERE node = 'decision.basis' AND item = 0");
	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_load(st, id, &back, &err), -1);
	assert_null(back);
	assert_contains(err.msg, "mark:decision.basis 为 2000000000，超出允许的范围（0–999）");
	jx_store_close(st);
	raw_sql(t->db, "UPDATE marks SET item = 0 WHERE item = 2000000000");

	/* an indicator's band past the last band a template has (63): refused
	 * at load, the field named with the indicator's key */
	raw_sql(t->db, "UPDATE indicators SET band = 64 WHERE key = 'i1'");
	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_load(st, id, &back, &err), -1);
	assert_null(back);
	assert_contains(err.msg, "ind:i1:band 为 64，超出允许的范围（-1–63）");
	jx_store_close(st);
	raw_sql(t->db, "UPDATE indicators SET band = NULL WHERE key = 'i1'");

	/* the indicator's other kinds of value, compared as the row is read:
	 * a negative override score (it may not be below 0), an amount one
	 * past the largest decimal (999999999999.999999 is 999999999999999999
	 * in millionths), a name of 70,000 bytes (hex of 35,000 zero bytes;
	 * at most 65,536) */
	raw_sql(t->db, "UPDATE indicators SET override_score = -1 WHERE key = 'i1'");
	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_load(st, id, &back, &err), -1);
	assert_null(back);
	assert_contains(err.msg, "ind:i1:override_score 为 -1，超出允许的范围（0 至 999999999999.999999）");
	jx_store_close(st);
	raw_sql(t->db, "UPDATE indicators SET override_score = NULL, score_stated = 1000000000000000000 WHERE key = 'i1'");
	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_load(st, id, &back, &err), -1);
	assert_contains(err.msg, "ind:i1:score_stated 为 1000000000000000000，超出允许的范围（±999999999999.999999 以内）");
	jx_store_close(st);
	raw_sql(t->db, "UPDATE indicators SET score_stated = NULL, name = hex(zeroblob(35000)) WHERE key = 'i1'");
	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_load(st, id, &back, &err), -1);
	assert_contains(err.msg, "ind:i1:name 为 70000 字节，超出允许的范围（至多 65536 字节）");
	/* the largest name allowed is read */
	raw_sql(t->db, "UPDATE indicators SET name = hex(zeroblob(32768)) WHERE key = 'i1'");
	assert_int_equal(jx_store_load(st, id, &back, &err), 0);
	assert_int_equal(strlen(jx_sheet_ind(back, "i1")->name), 65536);
	jx_sheet_free(back);
	back = NULL;
	jx_store_close(st);
	raw_sql(t->db, "UPDATE indicators SET name = 'x' WHERE key = 'i1'");

	/* the sheet's own fields and its other rows are checked quietly first
	 * and named only when refused: the message names the field still */
	raw_sql(t->db, "UPDATE funds SET spent = 1000000000000000000 WHERE source = '上年结转资金'");
	st = open_ok(t->db, 0);
	assert_int_equal(jx_store_load(st, id, &back, &err), -1);
	assert_contains(err.msg, "fund:上年结转资金:spent 为 1000000000000000000，超出允许的范围（0 至 999999999999.999999）");
	raw_sql(t->db, "UPDATE funds SET spent = 5 WHERE source = '上年结转资金'");
	raw_sql(t->db, "UPDATE sheets SET department = hex(zeroblob(35000))");
	assert_int_equal(jx_store_load(st, id, &back, &err), -1);
	assert_contains(err.msg, "info:department 为 70000 字节，超出允许的范围（至多 65536 字节）");
	raw_sql(t->db, "UPDATE sheets SET department = 'd'");
	assert_int_equal(jx_store_load(st, id, &back, &err), 0);
	jx_sheet_free(back);
	back = NULL;
	jx_store_close(st);

	/* "file:…?mode=memory" is a file name in the current directory */
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(t->dir), 0);
	st = open_ok("file:x.db?mode=memory", JX_STORE_CREATE);
	jx_store_close(st);
	assert_true(exists("file:x.db?mode=memory"));
	unlink("file:x.db?mode=memory");
	assert_int_equal(chdir(cwd), 0);
	jx_sheet_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_migrate, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_schema_expected_is_what_migrations_make, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_load_view, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_guards, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_insert_load_roundtrip, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_set_field_writes_row_and_audit, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_failed_set_changes_nothing, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_conflict_between_workstations, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_future_version_refused, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_random_bytes_refused, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_foreign_sqlite_refused, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_readonly, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_trash_list_find, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_history, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_insert_many_all_or_nothing, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_replace, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_indicator_structure, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_busy_database, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_deferred_sync, setup_db, teardown_db),
		cmocka_unit_test(test_current_user),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
