/* Finalised sheets (定稿) and their digest: finalising records it and
 * refuses every edit, reopening needs a reason, verifying finds changes
 * made behind the program's back, finalised sheets arriving from files
 * and older versions; databases created private.
 *
 * The store is tested through its API; a database is changed "behind the
 * program's back" with the SQLite library (helpers: finaltest.h). */
#include "finaltest.h"

/* ======================================================================
 * The digest
 */

/* The canonical form, written out again here from model.c's description:
 * 's' + 8-byte big-endian length + bytes; 'i' / 'd' + 8 bytes; 'n'. */
typedef struct {
	unsigned char b[4096];
	size_t n;
} stream;

static void put8(stream *w, char tag, uint64_t v)
{
	w->b[w->n++] = (unsigned char)tag;
	for (int i = 7; i >= 0; i--)
		w->b[w->n++] = (unsigned char)(v >> (8 * i));
}

static void put_s(stream *w, const char *s)
{
	size_t k = strlen(s);
	put8(w, 's', k);
	memcpy(w->b + w->n, s, k);
	w->n += k;
}

static void test_digest_canonical_form(void **state)
{
	(void)state;
	jx_sheet *s = jx_sheet_new();
	stream w = {{0}, 0};
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	char want[65], got[65];
	jx_set_str(&s->uid, "u1");
	jx_set_str(&s->template_id, "external-result");
	s->template_version = 1;
	s->year = 2023;
	jx_set_str(&s->status, "final");
	s->id = 77;        /* not content */
	s->revision = 9;   /* not content */
	jx_set_str(&s->origin, "host");
	/* by hand: header, uid, template, version, year, status, 15 info texts,
	 * 4 narrative texts, 9 empty lists, review score not entered, opinion,
	 * result */
	put_s(&w, "jixiao sheet digest 1");
	put_s(&w, "u1");
	put_s(&w, "external-result");
	put8(&w, 'i', 1);
	put8(&w, 'i', 2023);
	put_s(&w, "final");
	for (int i = 0; i < 15 + 4; i++)
		put_s(&w, "");
	for (int i = 0; i < 9; i++)
		put8(&w, 'i', 0);
	w.b[w.n++] = 'n';
	put_s(&w, "");
	put_s(&w, "");
	assert_int_equal(JX_INFO_COUNT, 15);
	assert_int_equal(JX_NARR_COUNT, 4);
	assert_int_equal(EVP_Digest(w.b, w.n, md, &len, EVP_sha256(), NULL), 1);
	for (unsigned i = 0; i < 32; i++)
		sprintf(want + 2 * i, "%02x", md[i]);
	assert_int_equal(jx_sheet_digest(s, got), 0);
	assert_string_equal(got, want);
	jx_sheet_free(s);
}

/* Every field jx_sheet_equal compares moves the digest; what it ignores
 * does not. */
static void test_digest_covers_the_content(void **state)
{
	(void)state;
	jx_sheet *s = full_sheet("uid-d", "项目");
	char base[65], h[65];
	assert_int_equal(jx_sheet_digest(s, base), 0);
	assert_int_equal(strlen(base), 64);
	assert_true(strspn(base, "0123456789abcdef") == 64);

	/* one change at a time, each undone on a fresh copy */
	for (int k = 0; k < 40; k++) {
		jx_sheet *c = jx_sheet_clone(s);
		assert_non_null(c);
		switch (k) {
		case 0: jx_set_str(&c->uid, "uid-e"); break;
		case 1: jx_set_str(&c->template_id, "project-self-hubei-2020"); break;
		case 2: c->template_version = 2; break;
		case 3: c->year = 2023; break;
		case 4: jx_set_str(&c->status, "final"); break;
		case 5: jx_set_str(&c->info[JX_INFO_MANAGER], "某人"); break;
		case 6: jx_set_str(&c->info[JX_INFO_IMPLEMENTATION], NULL); break;
		case 7: jx_set_str(&c->narr[JX_NARR_OTHER], "另"); break;
		case 8: jx_set_str(&c->basis[0], "别的文件"); break;
		case 9: jx_sheet_add_basis(c, ""); break; /* one more, empty */
		case 10: c->funds[0].spent = D("480.83"); break;
		case 11: c->funds[0].planned = JX_NONE; break;
		case 12: jx_set_str(&c->funds[0].source, "其他资金"); break;
		case 13: c->subs[0].spent = D("12.6"); break;
		case 14: jx_set_str(&c->goals[0].actual, "完成四项"); break;
		case 15: c->inds[0].actual = JX_INT(6); break;
		case 16: c->inds[0].cmp = JX_CMP_GT; break;
		case 17: jx_set_str(&c->inds[0].unit, "项"); break;
		case 18: c->inds[1].band = 0; break;
		case 19: c->inds[1].score_entered = D("7.6"); break;
		case 20: c->inds[1].override_score = D("7"); break;
		case 21: jx_set_str(&c->inds[1].deviation_reason, "原因"); break;
		case 22: { /* the order of indicators is content */
			jx_indicator tmp = c->inds[0];
			c->inds[0] = c->inds[1];
			c->inds[1] = tmp;
			break;
		}
		case 23: jx_set_str(&c->inds[0].key, "i9"); break;
		case 24: jx_sheet_set_mark(c, "decision.project.basis", 0, D("0.5")); break;
		case 25: jx_sheet_set_mark(c, "decision.project.basis", 1, JX_INT(1)); break;
		case 26: c->entries[0].score = D("80.07"); break;
		case 27: jx_set_str(&c->entries[0].note, NULL); break;
		case 28: c->measures[0].value = D("28.9"); break;
		case 29: jx_sheet_set_measure(c, "三公经费实际支出", D("8")); break;
		case 30: c->stated[0].value = D("98.94"); break;
		case 31: jx_set_str(&c->stated[0].source, "正文"); break;
		case 32: c->review_score = JX_NONE; break;
		case 33: jx_set_str(&c->review_opinion, "不同意"); break;
		case 34: jx_set_str(&c->review_result, "不通过"); break;
		case 35: jx_set_str(&c->inds[0].subproject, "分项"); break;
		case 36: c->inds[0].points = D("2.5"); break;
		case 37: c->inds[0].deduction = D("0.1"); break;
		case 38: jx_set_str(&c->inds[0].target_text, "≥6个"); break;
		case 39: c->funds[0].received = 0; break; /* zero is not "not entered" */
		}
		assert_false(jx_sheet_equal(s, c));
		assert_int_equal(jx_sheet_digest(c, h), 0);
		if (strcmp(h, base) == 0) {
			print_error("change %d left the digest as it was\n", k);
			fail();
		}
		jx_sheet_free(c);
	}
	/* not content: ids, revision, time, machine; the order of marks; an
	 * empty mark; NULL against "" */
	{
		jx_sheet *c = jx_sheet_clone(s);
		jx_mark m;
		c->id = 5;
		c->revision = 99;
		jx_set_str(&c->updated_at, "2024-01-01T00:00:00Z");
		jx_set_str(&c->origin, "elsewhere");
		m = c->marks[0];
		c->marks[0] = c->marks[1];
		c->marks[1] = m;
		jx_sheet_set_mark(c, "decision.project.procedure", 1, JX_NONE);
		assert_true(jx_sheet_equal(s, c));
		assert_int_equal(jx_sheet_digest(c, h), 0);
		assert_string_equal(h, base);
		jx_sheet_free(c);
	}
	jx_sheet_free(s);
}

/* ======================================================================
 * Finalised sheets in the store
 */

static void test_finalise_records_and_refuses_every_edit(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE), *other;
	jx_sheet *s = full_sheet("uid-f", "定稿项目"), *before, *s2 = NULL, *copy;
	jx_err err = {{0}};
	jx_audit_row *rows = NULL;
	size_t nr = 0, added = 99;
	char msg[256], stored[65], now[65], want[65], *d0, *d1;
	int64_t rev;
	jx_audit_row in = {0};

	insert_ok(st, s);
	rev = s->revision;
	finalise_ok(st, s);
	assert_string_equal(s->status, "final");
	assert_int_equal(s->revision, rev + 1);

	/* the digest is the one of the sheet as stored, status "final" included */
	{
		jx_sheet *back = NULL;
		assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
		assert_string_equal(back->status, "final");
		assert_true(jx_sheet_equal(back, s));
		assert_int_equal(jx_sheet_digest(back, want), 0);
		jx_sheet_free(back);
	}
	assert_int_equal(verify_state(st, s->id, stored, now), 1);
	assert_string_equal(stored, want);
	assert_string_equal(now, want);

	/* audited: who, the status before, the digest */
	assert_int_equal(jx_store_history(st, s->id, "sheet:finalise", &rows, &nr, &err), 0);
	assert_int_equal(nr, 1);
	assert_string_equal(rows[0].user, "审定人");
	assert_string_equal(rows[0].old_value, "submitted");
	snprintf(msg, sizeof msg, "sha256:%s", want);
	assert_string_equal(rows[0].new_value, msg);
	assert_true(strlen(rows[0].at) == 20);
	jx_audit_free(rows, nr);

	/* every edit is refused with the same words, nothing changes */
	final_msg(msg, sizeof msg, s->id);
	before = jx_sheet_clone(s);
	d0 = dump(t->db);
	static const char *const paths[][2] = {
		{"info:name", "改名"},	      {"info:manager", "某人"}, {"status", "draft"},   {"year", "2023"},
		{"fund:当年财政拨款:spent", "1"}, {"ind:i1:actual", "6"},   {"narr:other", "另"},  {"review:score", "90"},
		{"basis:1", "新文件"},	      {"goal:0:actual", "无"},  {"mark:decision.project.basis:1", "1"},
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		err.msg[0] = 0;
		assert_int_equal(jx_store_set_field(st, s, NULL, paths[i][0], paths[i][1], "tester", &err), -1);
		assert_string_equal(err.msg, msg);
	}
	/* the same value again is refused too: the sheet is closed */
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:name", "定稿项目", "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_add_indicator(st, s, 0, "output.quality", "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_delete_indicator(st, s, 0, "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_move_indicator(st, s, 0, 1, "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_trash(st, s->id, 1, "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	{
		jx_sheet *r = jx_sheet_clone(s);
		jx_set_str(&r->info[JX_INFO_MANAGER], "替换");
		assert_int_equal(jx_store_replace(st, r, "tester", "import", &err), -1);
		assert_string_equal(err.msg, msg);
		/* a bundle whose version would replace it */
		in.gid = "ffff:1";
		in.at = "2030-01-01T00:00:00Z";
		in.user = "远方";
		in.field = "info:manager";
		in.new_value = "替换";
		assert_int_equal(jx_store_replace_received(st, r, &in, 1, &added, &err), -1);
		assert_string_equal(err.msg, msg);
		jx_sheet_free(r);
	}
	assert_true(jx_sheet_equal(s, before));
	d1 = dump(t->db);
	assert_string_equal(d0, d1);
	free(d1);

	/* another workstation on the same file is refused as well */
	other = open_ok(t->db, JX_STORE_CREATE);
	assert_int_equal(jx_store_load(other, s->id, &s2, &err), 0);
	assert_int_equal(jx_store_set_field(other, s2, NULL, "info:phone", "123", "second", &err), -1);
	assert_string_equal(err.msg, msg);

	/* another machine's version kept beside it as a conflict copy does
	 * not change it; settling that conflict either way does */
	copy = jx_sheet_clone(s);
	jx_set_str(&copy->uid, NULL);
	jx_set_str(&copy->status, "reviewed");
	jx_set_str(&copy->info[JX_INFO_MANAGER], "另一台");
	in.gid = "eeee:1";
	assert_int_equal(jx_store_insert_received(other, copy, &in, 1, s->id, "host-b", &err), 0);
	assert_int_equal(jx_store_resolve(other, s->id, copy->id, 1, "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_resolve(other, s->id, copy->id, 0, "tester", &err), -1);
	assert_string_equal(err.msg, msg);

	/* what is not the sheet's content stays possible: the list's cached
	 * figures and history rows that bring no change */
	assert_int_equal(jx_store_set_summary(st, s->id, D("92.32"), "优", 3, &err), 0);
	in.gid = "dddd:1";
	in.field = "info:phone";
	assert_int_equal(jx_store_append_history(st, s->id, &in, 1, &added, &err), 0);
	assert_int_equal(added, 1);
	assert_int_equal(verify_state(st, s->id, stored, now), 1);

	free(d0);
	jx_sheet_free(copy);
	jx_sheet_free(s2);
	jx_store_close(other);
	jx_sheet_free(before);
	jx_sheet_free(s);
	jx_store_close(st);
}

/* Every statement of `sql` refused by the finalised sheets' triggers. */
static void all_refused_as_finalised(sqlite3 *db, const char *const *sql, size_t n)
{
	char m[256];
	for (size_t i = 0; i < n; i++) {
		if (raw_exec(db, sql[i], m, sizeof m) == SQLITE_OK) {
			print_error("not refused: %s\n", sql[i]);
			fail();
		}
		assert_contains(m, "the sheet is finalised");
	}
}

/* The database itself refuses a change to a finalised sheet's content. */
static void test_triggers_guard_the_content(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-g", "触发器"), *other = full_sheet("uid-h", "未定稿");
	sqlite3 *db;
	char m[256];
	static const char *const sql[] = {
		"UPDATE sheets SET manager = 'x' WHERE uid = 'uid-g'",
		"UPDATE sheets SET status = 'draft' WHERE uid = 'uid-g'",
		"UPDATE sheets SET deleted = 1 WHERE uid = 'uid-g'",
		"UPDATE sheets SET final_digest = '0000000000000000000000000000000000000000000000000000000000000000' "
		"WHERE uid = 'uid-g'",
		"DELETE FROM sheets WHERE uid = 'uid-g'",
		"UPDATE indicators SET actual = 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"DELETE FROM indicators WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE indicators SET pos = pos + 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"INSERT INTO indicators (sheet_id, key, pos) SELECT id, 'new', 99 FROM sheets WHERE uid = 'uid-g'",
		"INSERT OR IGNORE INTO indicators (sheet_id, key, pos) SELECT id, 'new', 99 FROM sheets WHERE uid = 'uid-g'",
		/* REPLACE deletes the row it replaces before the insert's trigger runs */
		"INSERT OR REPLACE INTO indicators (sheet_id, key, pos, name) SELECT id, 'i1', 0, 'x' FROM sheets "
		"WHERE uid = 'uid-g'",
		"INSERT INTO basis (sheet_id, pos, text) SELECT id, 9, 'x' FROM sheets WHERE uid = 'uid-g'",
		"UPDATE funds SET spent = 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE subprojects SET spent = 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE goals SET actual = 'x' WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE marks SET awarded = 0 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE entries SET score = 0 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE measures SET value = 0 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE stated SET value = 0 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE narrative SET text = 'x' WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
	};
	char *d0, *d1;
	insert_ok(st, s);
	insert_ok(st, other);
	finalise_ok(st, s);
	jx_store_close(st);
	d0 = dump(t->db);
	db = raw_open(t->db);
	all_refused_as_finalised(db, sql, sizeof sql / sizeof sql[0]);
	/* the sheet next to it is not finalised: the same changes go through */
	assert_int_equal(raw_exec(db, "UPDATE indicators SET actual = 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-h')",
				  m, sizeof m),
			 SQLITE_OK);
	sqlite3_close(db);
	d1 = dump(t->db);
	/* only the other sheet's indicators changed */
	assert_string_not_equal(d0, d1);
	free(d0);
	free(d1);
	jx_sheet_free(s);
	jx_sheet_free(other);
}

static void test_reopen_needs_a_reason_and_is_audited(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-r", "重新打开");
	jx_err err = {{0}};
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	char stored[65], now[65], first[65], want[80];
	static const char *const blank[] = {NULL, "", "  \t\n", "\xE3\x80\x80\xE3\x80\x80"};
	insert_ok(st, s);
	set_ok(st, s, "status", "reviewed");
	finalise_ok(st, s);
	assert_int_equal(verify_state(st, s->id, first, now), 1);

	for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
		assert_int_equal(jx_store_reopen(st, s, blank[i], "tester", &err), -1);
		assert_contains(err.msg, "须写明原因");
	}
	assert_string_equal(s->status, "final");
	assert_int_equal(verify_state(st, s->id, stored, now), 1);

	assert_int_equal(jx_store_reopen(st, s, "负责人填错，需更正", "审定人", &err), 0);
	/* the status it had before */
	assert_string_equal(s->status, "reviewed");
	assert_int_equal(verify_state(st, s->id, stored, now), 0);
	assert_int_equal(jx_store_history(st, s->id, "sheet:reopen", &rows, &nr, &err), 0);
	assert_int_equal(nr, 1);
	snprintf(want, sizeof want, "sha256:%s", first);
	assert_string_equal(rows[0].old_value, want);
	assert_string_equal(rows[0].new_value, "负责人填错，需更正");
	assert_string_equal(rows[0].user, "审定人");
	jx_audit_free(rows, nr);

	/* editable again; finalised again with another digest */
	set_ok(st, s, "info:manager", "正确的人");
	assert_int_equal(jx_store_reopen(st, s, "再开", "tester", &err), -1);
	assert_contains(err.msg, "没有定稿");
	finalise_ok(st, s);
	assert_int_equal(verify_state(st, s->id, stored, now), 1);
	assert_string_not_equal(stored, first);
	jx_sheet_free(s);
	jx_store_close(st);
}

static void test_finalise_refusals(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE), *other;
	jx_sheet *a = full_sheet("uid-a", "甲"), *b = full_sheet("uid-b", "乙"), *c = full_sheet("uid-c", "丙"), *copy, *a2 = NULL;
	jx_err err = {{0}};
	jx_sheet none = {0};
	char stored[65], now[65];
	jx_audit_row in = {0};
	insert_ok(st, a);
	insert_ok(st, b);
	insert_ok(st, c);

	/* "final" is not a value to type: it goes with the digest */
	assert_int_equal(jx_store_set_field(st, a, NULL, "status", "final", "tester", &err), -1);
	assert_contains(err.msg, "jixiao finalise");
	assert_int_equal(jx_store_set_field(st, a, NULL, "status", "定稿", "tester", &err), -1);
	assert_contains(err.msg, "jixiao finalise");
	assert_string_equal(a->status, "submitted");
	assert_int_equal(verify_state(st, a->id, stored, now), 0);

	/* not stored */
	assert_int_equal(jx_store_finalise(st, &none, "tester", &err), -1);
	assert_contains(err.msg, "尚未保存");

	/* changed by another workstation since it was loaded: look again first */
	other = open_ok(t->db, JX_STORE_CREATE);
	assert_int_equal(jx_store_load(other, a->id, &a2, &err), 0);
	set_ok(other, a2, "info:phone", "0750-1234567");
	assert_int_equal(jx_store_finalise(st, a, "tester", &err), -1);
	assert_contains(err.msg, "其他工作站");
	assert_int_equal(verify_state(st, a->id, stored, now), 0);

	/* in the trash */
	assert_int_equal(jx_store_trash(st, b->id, 1, "tester", &err), 0);
	assert_int_equal(jx_store_finalise(st, b, "tester", &err), -1);
	assert_contains(err.msg, "回收站");

	/* with a conflict not settled, and the conflict copy itself */
	copy = jx_sheet_clone(c);
	jx_set_str(&copy->uid, NULL);
	jx_set_str(&copy->info[JX_INFO_MANAGER], "另一台");
	in.gid = "cccc:1";
	in.at = "2030-01-01T00:00:00Z";
	in.user = "远方";
	in.field = "info:manager";
	assert_int_equal(jx_store_insert_received(st, copy, &in, 1, c->id, "host-b", &err), 0);
	assert_int_equal(jx_store_finalise(st, c, "tester", &err), -1);
	assert_contains(err.msg, "冲突副本");
	assert_int_equal(jx_store_finalise(st, copy, "tester", &err), -1);
	assert_contains(err.msg, "冲突副本");

	/* already final */
	jx_sheet_free(a2);
	a2 = NULL;
	assert_int_equal(jx_store_load(st, a->id, &a2, &err), 0);
	finalise_ok(st, a2);
	assert_int_equal(jx_store_finalise(st, a2, "tester", &err), -1);
	assert_contains(err.msg, "已经定稿");

	jx_sheet_free(a2);
	jx_sheet_free(copy);
	jx_sheet_free(a);
	jx_sheet_free(b);
	jx_sheet_free(c);
	jx_store_close(other);
	jx_store_close(st);
}

/* verify recomputes the digest from what is stored. */
static void test_verify_finds_changes_behind_the_back(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-v", "核对"), *n = full_sheet("uid-w", "草稿"), *back = NULL;
	jx_err err = {{0}};
	sqlite3 *db;
	char first[65], stored[65], now[65], want[65];
	insert_ok(st, s);
	insert_ok(st, n);
	finalise_ok(st, s);
	assert_int_equal(verify_state(st, s->id, first, now), 1);
	assert_int_equal(verify_state(st, n->id, stored, now), 0);
	assert_string_equal(stored, "");

	/* an actual changed with the guards taken away */
	db = raw_open(t->db);
	assert_int_equal(raw_exec(db,
				  "DROP TRIGGER indicators_final_update; "
				  "UPDATE indicators SET actual = 6000000 WHERE key = 'i1' AND sheet_id = "
				  "(SELECT id FROM sheets WHERE uid = 'uid-v')",
				  NULL, 0),
			 SQLITE_OK);
	assert_int_equal(verify_state(st, s->id, stored, now), 2);
	assert_string_equal(stored, first);
	/* "now" is the digest of the sheet as it is stored now */
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(back->inds[0].actual == JX_INT(6));
	assert_int_equal(jx_sheet_digest(back, want), 0);
	assert_string_equal(now, want);
	assert_string_not_equal(now, first);
	jx_sheet_free(back);

	/* put back: the content is what was finalised again */
	assert_int_equal(raw_exec(db, "UPDATE indicators SET actual = 5000000 WHERE key = 'i1' AND sheet_id = "
				      "(SELECT id FROM sheets WHERE uid = 'uid-v')",
				  NULL, 0),
			 SQLITE_OK);
	assert_int_equal(verify_state(st, s->id, stored, now), 1);

	/* the digest itself replaced by that of the changed content: the
	 * append-only history still holds the one written at finalisation */
	assert_int_equal(raw_exec(db,
				  "DROP TRIGGER sheets_final_update; DROP TRIGGER sheets_final_digest; "
				  "UPDATE sheets SET manager = '冒名' WHERE uid = 'uid-v'",
				  NULL, 0),
			 SQLITE_OK);
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_int_equal(jx_sheet_digest(back, want), 0);
	jx_sheet_free(back);
	{
		char sql[256];
		snprintf(sql, sizeof sql, "UPDATE sheets SET final_digest = '%s' WHERE uid = 'uid-v'", want);
		assert_int_equal(raw_exec(db, sql, NULL, 0), SQLITE_OK);
	}
	assert_int_equal(verify_state(st, s->id, stored, now), 2);
	assert_string_equal(stored, first);
	assert_string_equal(now, want);

	/* the mark taken away altogether: not final any more, digest gone */
	assert_int_equal(raw_exec(db, "UPDATE sheets SET final_digest = NULL, status = 'draft' WHERE uid = 'uid-v'", NULL, 0),
			 SQLITE_OK);
	assert_int_equal(verify_state(st, s->id, stored, now), 2);
	assert_string_equal(stored, first);
	sqlite3_close(db);
	jx_sheet_free(s);
	jx_sheet_free(n);
	jx_store_close(st);
}

/* A sheet that arrives finalised (a file, a bundle) is finalised here. */
static void test_finalised_sheets_arriving(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *f = full_sheet("uid-i", "导入的定稿"), *r = full_sheet("uid-j", "收到的定稿"), *base = full_sheet("uid-k", "本机"),
		 *copy;
	jx_err err = {{0}};
	jx_audit_row *rows = NULL, in = {0};
	size_t nr = 0;
	char stored[65], now[65], msg[256];
	jx_set_str(&f->status, "final");
	insert_ok(st, f);
	assert_int_equal(verify_state(st, f->id, stored, now), 1);
	assert_int_equal(jx_store_history(st, f->id, NULL, &rows, &nr, &err), 0);
	assert_int_equal(nr, 2);
	assert_string_equal(rows[0].field, "sheet:create");
	assert_string_equal(rows[1].field, "sheet:finalise");
	snprintf(msg, sizeof msg, "sha256:%s", stored);
	assert_string_equal(rows[1].new_value, msg);
	jx_audit_free(rows, nr);
	final_msg(msg, sizeof msg, f->id);
	assert_int_equal(jx_store_set_field(st, f, NULL, "info:name", "改", "tester", &err), -1);
	assert_string_equal(err.msg, msg);

	/* received with its history: finalised, no row of this machine */
	jx_set_str(&r->status, "final");
	in.gid = "bbbb:1";
	in.at = "2030-01-01T00:00:00Z";
	in.user = "远方";
	in.field = "sheet:create";
	assert_int_equal(jx_store_insert_received(st, r, &in, 1, 0, NULL, &err), 0);
	assert_int_equal(verify_state(st, r->id, stored, now), 1);
	assert_int_equal(jx_store_history(st, r->id, NULL, &rows, &nr, &err), 0);
	assert_int_equal(nr, 1);
	jx_audit_free(rows, nr);

	/* a final version kept as a conflict copy is not finalised; taking it
	 * finalises the sheet */
	insert_ok(st, base);
	copy = jx_sheet_clone(base);
	jx_set_str(&copy->uid, NULL);
	jx_set_str(&copy->status, "final");
	jx_set_str(&copy->info[JX_INFO_MANAGER], "对方");
	in.gid = "aaaa:7";
	assert_int_equal(jx_store_insert_received(st, copy, &in, 1, base->id, "host-b", &err), 0);
	assert_int_equal(verify_state(st, copy->id, stored, now), 0);
	assert_int_equal(jx_store_resolve(st, base->id, copy->id, 1, "tester", &err), 0);
	assert_int_equal(verify_state(st, base->id, stored, now), 1);
	jx_sheet_free(copy);
	jx_sheet_free(f);
	jx_sheet_free(r);
	jx_sheet_free(base);
	jx_store_close(st);
}

/* A private database file made by an earlier version: the first
 * `version` migrations run by hand, as that version left it (WAL mode). */
static sqlite3 *old_db(const char *path, int version)
{
	char sql[256];
	sqlite3 *db;
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	db = raw_open(path);
	for (int i = 0; i < version; i++) {
		char *text = malloc(jx_schema_files[i].len + 1);
		memcpy(text, jx_schema_files[i].data, jx_schema_files[i].len);
		text[jx_schema_files[i].len] = 0;
		assert_int_equal(raw_exec(db, text, NULL, 0), SQLITE_OK);
		free(text);
	}
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d; PRAGMA journal_mode = WAL;",
		 (int)JX_APPLICATION_ID, version);
	assert_int_equal(raw_exec(db, sql, NULL, 0), SQLITE_OK);
	return db;
}

/* A schema-2 file, made from the program's own first two migrations, with
 * a sheet already marked final: upgraded, the sheet gets its digest and
 * the file stays private. */
static void test_upgrade_seals_final_sheets_and_keeps_0600(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	sqlite3 *db;
	char stored[65], now[65], wal[256], shm[256];
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	struct stat sb;
	assert_true(jx_store_schema_version() >= 3);
	db = old_db(t->db, 2);
	assert_int_equal(raw_exec(db,
				  "INSERT INTO sheets (uid, template_id, year, status, name, revision) "
				  "VALUES ('old-final', 'external-result', 2023, 'final', '旧定稿', 3);"
				  "INSERT INTO entries (sheet_id, pos, node, score) VALUES (1, 0, 'result', 80080000);"
				  "INSERT INTO sheets (uid, template_id, year, status, name) "
				  "VALUES ('old-draft', 'external-result', 2023, 'draft', '旧草稿');",
				  NULL, 0),
			 SQLITE_OK);
	sqlite3_close(db);

	st = open_ok(t->db, JX_STORE_CREATE);
	/* while it is open, its log and shared-memory files are as private */
	snprintf(wal, sizeof wal, "%s-wal", t->db);
	snprintf(shm, sizeof shm, "%s-shm", t->db);
	assert_int_equal(stat(t->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(shm, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(verify_state(st, 1, stored, now), 1);
	assert_int_equal(verify_state(st, 2, stored, now), 0);
	assert_int_equal(jx_store_load(st, 1, &s, &err), 0);
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:name", "改", "tester", &err), -1);
	assert_contains(err.msg, "已定稿");
	jx_sheet_free(s);
	jx_store_close(st);
	db = raw_open(t->db);
	assert_true(raw_int(db, "PRAGMA user_version") == jx_store_schema_version());
	assert_true(raw_int(db, "SELECT count(*) FROM audit WHERE field = 'sheet:finalise' AND sheet_id = 1") == 1);
	sqlite3_close(db);
	assert_int_equal(stat(t->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

/* A schema-15 file, whose indicators were a rowid table with an index by
 * pos, upgraded: the same rows in the same order, now in a table without
 * rowid ordered by (sheet_id, pos, key), and a sheet finalised after the
 * upgrade has its indicators refused to every change as before. */
static void test_upgrade_clusters_indicators(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	sqlite3 *db;
	char m[256], *before, *after;
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	static const char *const refused[] = {
		"INSERT INTO indicators (sheet_id, key, pos) VALUES (1, 'd', 3)",
		"INSERT OR IGNORE INTO indicators (sheet_id, key, pos) VALUES (1, 'd', 3)",
		"INSERT OR REPLACE INTO indicators (sheet_id, key, pos) VALUES (1, 'a', 0)",
		"UPDATE indicators SET name = 'x' WHERE sheet_id = 1 AND key = 'b'",
		"UPDATE indicators SET pos = pos + 1 WHERE sheet_id = 1",
		"UPDATE indicators SET sheet_id = 2 WHERE sheet_id = 1 AND key = 'c'",
		"DELETE FROM indicators WHERE sheet_id = 1 AND key = 'a'",
	};
	assert_true(jx_store_schema_version() >= 16);
	db = old_db(t->db, 15);
	/* stored out of their order (rowids 1-3 hold pos 1, 0, 2): the upgraded
	 * table and a load give them by pos */
	assert_int_equal(raw_exec(db,
				  "INSERT INTO sheets (id, uid, template_id, year, status, name) "
				  "VALUES (1, 'old-a', 'external-result', 2023, 'draft', '旧表甲');"
				  "INSERT INTO sheets (id, uid, template_id, year, status, name) "
				  "VALUES (2, 'old-b', 'external-result', 2023, 'draft', '旧表乙');"
				  "INSERT INTO indicators (sheet_id, key, pos, slot, name, cmp, target, unit, actual, points, band, "
				  "deduction, deduction_reason, forecast, likelihood, goal, note) VALUES "
				  "(1, 'b', 1, 'output', '乙指标', '>=', 950000, '%', 960000, 100000000, NULL, 0, NULL, "
				  "970000, '确定能', 1, '备注乙'),"
				  "(1, 'a', 0, 'output', '甲指标', '定性', NULL, NULL, NULL, 50000000, 2, 10000000, '扣分', "
				  "NULL, NULL, NULL, NULL),"
				  "(1, 'c', 2, NULL, '丙指标', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
				  "NULL),"
				  "(2, 'x', 0, 'output', '戊指标', '<=', 3000000, '天', 2000000, 20000000, NULL, NULL, NULL, NULL, "
				  "NULL, NULL, NULL);",
				  m, sizeof m),
			 SQLITE_OK);
	sqlite3_close(db);
	before = dump(t->db);

	st = open_ok(t->db, JX_STORE_CREATE);
	after = dump(t->db);
	assert_string_equal(before, after);
	db = raw_open(t->db);
	assert_true(raw_int(db, "PRAGMA user_version") == jx_store_schema_version());
	assert_true(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'indicators' "
				"AND sql LIKE '%WITHOUT ROWID'") == 1);
	assert_true(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE tbl_name LIKE 'indicators_%' "
				"OR name = 'indicators_by_pos'") == 0);
	assert_true(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'indicators'") ==
		    3);
	/* stored in pos order: the table's own order is the sheet's */
	assert_true(raw_int(db, "SELECT group_concat(name, '') = '甲指标乙指标丙指标戊指标' FROM indicators") == 1);
	sqlite3_close(db);
	assert_int_equal(jx_store_load(st, 1, &s, &err), 0);
	assert_int_equal(s->n_inds, 3);
	assert_string_equal(s->inds[0].key, "a");
	assert_string_equal(s->inds[1].key, "b");
	assert_string_equal(s->inds[2].key, "c");
	assert_int_equal(s->inds[0].cmp, JX_CMP_QUAL);
	assert_int_equal(s->inds[1].target, 950000);
	assert_string_equal(s->inds[1].note, "备注乙");
	finalise_ok(st, s);
	jx_sheet_free(s);
	jx_store_close(st);

	free(before);
	before = dump(t->db);
	db = raw_open(t->db);
	all_refused_as_finalised(db, refused, sizeof refused / sizeof refused[0]);
	sqlite3_close(db);
	free(after);
	after = dump(t->db);
	assert_string_equal(before, after);
	/* the other sheet's rows move and change as before */
	db = raw_open(t->db);
	assert_int_equal(raw_exec(db, "INSERT INTO indicators (sheet_id, key, pos) VALUES (2, 'y', 0);"
				      "UPDATE indicators SET pos = pos + 1 WHERE sheet_id = 2 AND key = 'x';",
				  m, sizeof m),
			 SQLITE_OK);
	assert_true(raw_int(db, "SELECT pos FROM indicators WHERE sheet_id = 2 AND key = 'x'") == 1);
	sqlite3_close(db);
	free(before);
	free(after);
}

/* The upgrade to 16 rebuilds the indicators table; the old table's pages,
 * more than a quarter of this file, are given back right after it, and
 * every row is still there. */
static void test_upgrade_gives_back_the_old_table(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	sqlite3 *db;
	char m[256];
	int64_t pages_before, pages_after;
	db = old_db(t->db, 15);
	/* 4,000 indicators of 200-character names: about 200 pages of 4 KiB
	 * in the table alone, most of the file */
	assert_int_equal(raw_exec(db,
				  "INSERT INTO sheets (id, uid, template_id, year, status, name) "
				  "VALUES (1, 'old-a', 'external-result', 2023, 'draft', '旧表');"
				  "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 3999) "
				  "INSERT INTO indicators (sheet_id, key, pos, name) "
				  "SELECT 1, 'k' || i, i, hex(randomblob(100)) FROM n;",
				  m, sizeof m),
			 SQLITE_OK);
	assert_int_equal(raw_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, 0), SQLITE_OK);
	pages_before = raw_int(db, "PRAGMA page_count");
	sqlite3_close(db);

	st = open_ok(t->db, JX_STORE_CREATE);
	jx_store_close(st);
	db = raw_open(t->db);
	assert_true(raw_int(db, "PRAGMA user_version") == jx_store_schema_version());
	assert_true(raw_int(db, "PRAGMA freelist_count") == 0);
	pages_after = raw_int(db, "PRAGMA page_count");
	/* without the compaction the file holds both tables: nearly twice
	 * the pages; with it, no more than before (the new table has one
	 * index fewer) */
	assert_true(pages_after <= pages_before);
	assert_true(raw_int(db, "SELECT count(*) FROM indicators WHERE sheet_id = 1") == 4000);
	assert_true(raw_int(db, "SELECT count(*) FROM indicators WHERE length(name) = 200") == 4000);
	sqlite3_close(db);
}

/* Whatever the umask, a new database is 0600. */
static void test_new_database_is_private(void **state)
{
	tmpdb *t = *state;
	mode_t old = umask(0);
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	struct stat sb;
	char p[256];
	umask(old);
	assert_int_equal(stat(t->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(p, sizeof p, "%s-wal", t->db);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	jx_store_close(st);
}

/* What the upgrade hook was told, in order: "from>to:done;" each. */
static void note_upgrade(int from, int to, int done, void *ctx)
{
	char *log = ctx;
	size_t n = strlen(log);
	snprintf(log + n, 128 - n, "%d>%d:%d;", from, to, done);
}

/* The hook hears of an upgrade of an existing file before and after it,
 * once; a database created from nothing and one already current are not
 * upgraded, so it hears nothing of them. */
static void test_upgrade_is_told(void **state)
{
	tmpdb *t = *state;
	static char log[128]; /* outlives a failed assertion: the hook may still point here */
	char want[64], fresh[256];
	int known = jx_store_schema_version();
	sqlite3 *db = old_db(t->db, known - 1);
	sqlite3_close(db);
	jx_store_on_upgrade(note_upgrade, log);
	jx_store_close(open_ok(t->db, JX_STORE_CREATE));
	snprintf(want, sizeof want, "%d>%d:0;%d>%d:1;", known - 1, known, known - 1, known);
	assert_string_equal(log, want);
	jx_store_close(open_ok(t->db, JX_STORE_CREATE));
	snprintf(fresh, sizeof fresh, "%s.new", t->db);
	jx_store_close(open_ok(fresh, JX_STORE_CREATE));
	jx_store_on_upgrade(NULL, NULL);
	assert_string_equal(log, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest_canonical_form),
		cmocka_unit_test(test_digest_covers_the_content),
		cmocka_unit_test_setup_teardown(test_finalise_records_and_refuses_every_edit, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_triggers_guard_the_content, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_reopen_needs_a_reason_and_is_audited, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_finalise_refusals, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_verify_finds_changes_behind_the_back, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_finalised_sheets_arriving, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_upgrade_seals_final_sheets_and_keeps_0600, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_upgrade_clusters_indicators, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_upgrade_gives_back_the_old_table, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_new_database_is_private, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_upgrade_is_told, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
