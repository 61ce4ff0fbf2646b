/* The workstation's session (screens/session.c) without a terminal: a field
 * commit with its audit row and the new total, a refused value, undo and
 * redo of every kind of change, a conflict with another workstation (noticed
 * before the write and refused by the store under its write lock), and the
 * deferred disk sync behind 保存中 / 已保存. */
#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "err.h"
#include "field.h"
#include "model.h"
#include "session.h"
#include "sheetio.h"
#include "store.h"
#include "template.h"

#define SAMPLE JX_SAMPLES "/jiangmen-2022-project-self.yaml"

/* A session on a fresh database holding the sample, its sheet open. */
typedef struct {
	char dir[64], db[128];
	ws_session s;
	int64_t id;
	int changed;        /* hooks.sheet_changed calls */
	char went_to[160];  /* the last hooks.go_to path */
	int asked;          /* hooks.confirm calls */
	int say_no;         /* hooks.confirm answers no */
	char question[512]; /* the last question asked */
} fixture;

static void on_changed(void *ctx)
{
	((fixture *)ctx)->changed++;
}

static void on_go_to(void *ctx, const char *path)
{
	fixture *f = ctx;
	snprintf(f->went_to, sizeof f->went_to, "%s", path);
}

static int on_confirm(void *ctx, const char *title, const char *question)
{
	fixture *f = ctx;
	(void)title;
	snprintf(f->question, sizeof f->question, "%s", question);
	f->asked++;
	return !f->say_no;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	jx_err err = {{0}};
	jx_sheet **v = NULL;
	size_t n = 0;
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/jx-session-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
	ws_session *s = &f->s;
	s->db_path = f->db;
	s->user = "tester";
	if (jx_templates_load_builtin(&s->tpl, &err) < 0 || jx_store_open(&s->st, f->db, JX_STORE_CREATE, &err) < 0 ||
	    jx_store_defer_sync(s->st, &err) < 0 || jx_sheets_read(SAMPLE, &s->tpl, &v, &n, &err) < 0 || n != 1 ||
	    jx_store_insert(s->st, v[0], "tester", &err) < 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	f->id = v[0]->id;
	jx_sheets_free(v, n);
	s->hooks = (ws_session_hooks){on_changed, NULL, on_go_to, on_confirm, f};
	if (session_open_sheet(s, f->id) < 0 || session_after_frame(s) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	char p[160];
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	session_free(&f->s);
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", f->db, sfx[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The sheet as the database holds it now. */
static jx_sheet *on_disk(fixture *f)
{
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	assert_int_equal(jx_store_load(f->s.st, f->id, &s, &err), 0);
	return s;
}

static const char *text(fixture *f, const char *path)
{
	return session_field_text(&f->s, path);
}

static size_t history_count(fixture *f, const char *path)
{
	jx_audit_row *h = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	assert_int_equal(jx_store_history(f->s.st, f->id, path, &h, &n, &err), 0);
	jx_audit_free(h, n);
	return n;
}

/* The session's sheet is the one on disk, and the same as `want`. */
static void assert_sheet_is(fixture *f, const jx_sheet *want)
{
	jx_sheet *d = on_disk(f);
	assert_true(jx_sheet_equal(f->s.sheet, want));
	assert_true(jx_sheet_equal(d, want));
	jx_sheet_free(d);
}

static void test_commit_writes_field_audit_and_total(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	jx_scoresheet fresh = {0};
	jx_dec before = s->ss.total;
	size_t audits = history_count(f, "ind:r1:actual");

	assert_string_equal(text(f, "ind:r1:actual"), "2");
	assert_int_equal(session_commit(s, "ind:r1:actual", "1"), 0);
	assert_string_equal(text(f, "ind:r1:actual"), "1");
	assert_string_equal(s->err_path, "");
	/* on disk with its audit row */
	jx_sheet *d = on_disk(f);
	assert_true(d->inds[0].actual == D("1"));
	assert_int_equal(history_count(f, "ind:r1:actual"), audits + 1);
	/* scored again: half the target earns half of 0.95 */
	assert_true(s->scored);
	assert_true(s->ss.total != before);
	/* half the target earns half of 0.95: 0.48 at two decimals */
	assert_true(before - s->ss.total == D("0.47"));
	jx_score(s->t, d, &fresh);
	assert_true(fresh.total == s->ss.total);
	assert_true(s->summary_dirty);
	jx_scoresheet_free(&fresh);
	jx_sheet_free(d);

	/* the same value again: nothing written */
	assert_int_equal(session_commit(s, "ind:r1:actual", "1"), 0);
	assert_int_equal(history_count(f, "ind:r1:actual"), audits + 1);
}

static void test_refused_value_keeps_saved(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	jx_sheet *copy = jx_sheet_clone(s->sheet);
	size_t audits = history_count(f, NULL);

	assert_int_equal(session_commit(s, "ind:r1:actual", "很多"), -1);
	assert_string_equal(s->err_path, "ind:r1:actual");
	assert_true(s->err_msg[0] != '\0');
	assert_int_equal(s->msg_role, UC_ERROR);
	assert_non_null(strstr(s->msg, "未保存"));
	assert_string_equal(text(f, "ind:r1:actual"), "2");
	assert_sheet_is(f, copy);
	assert_int_equal(history_count(f, NULL), audits);
	assert_int_equal(s->undo.n, 0);
	/* a good value afterwards clears the field's error */
	assert_int_equal(session_commit(s, "ind:r1:actual", "3"), 0);
	assert_string_equal(s->err_path, "");
	jx_sheet_free(copy);
}

static void test_undo_redo_field(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	jx_sheet *before = jx_sheet_clone(s->sheet);
	jx_dec total = s->ss.total;

	assert_int_equal(session_commit(s, "info:name", "改过的名称"), 0);
	jx_sheet *after = jx_sheet_clone(s->sheet);
	assert_int_equal(session_commit(s, "ind:r2:actual", "0"), 0);
	jx_sheet *after2 = jx_sheet_clone(s->sheet);
	assert_int_equal(s->undo.n, 2);

	session_undo(s);
	assert_sheet_is(f, after);
	assert_string_equal(f->went_to, "ind:r2:actual");
	session_undo(s);
	assert_sheet_is(f, before);
	assert_true(s->ss.total == total);
	assert_non_null(strstr(s->msg, "已撤销"));
	/* nothing left to undo: said, nothing changed */
	session_undo(s);
	assert_non_null(strstr(s->msg, "没有可撤销的修改"));
	assert_sheet_is(f, before);

	session_redo(s);
	assert_sheet_is(f, after);
	session_redo(s);
	assert_sheet_is(f, after2);
	assert_int_equal(s->redo.n, 0);
	assert_int_equal(s->undo.n, 2);
	/* a new commit drops what could be redone */
	session_undo(s);
	assert_int_equal(s->redo.n, 1);
	assert_int_equal(session_commit(s, "ind:r3:actual", "1"), 0);
	assert_int_equal(s->redo.n, 0);
	jx_sheet_free(before);
	jx_sheet_free(after);
	jx_sheet_free(after2);
}

/* The change just made is undone (the sheet is `before` again, on disk
 * too), redone (as it was after the change) and undone again. */
static void undo_redo_undo(fixture *f, const jx_sheet *before)
{
	jx_sheet *after = jx_sheet_clone(f->s.sheet);
	session_undo(&f->s);
	assert_sheet_is(f, before);
	session_redo(&f->s);
	assert_sheet_is(f, after);
	session_undo(&f->s);
	assert_sheet_is(f, before);
	jx_sheet_free(after);
}

/* The store's field writes left before one fails as a full disk would
 * (0: none fails; __wrap_jx_store_set_field below). */
static int fail_after;

/* A target typed as printed (≥95%) is one change of four fields: one undo
 * takes it back whole, one redo puts it again; a unit not the indicator's
 * on an actual is refused and nothing is written. */
static void test_typed_target_is_one_change(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	jx_sheet *before = jx_sheet_clone(s->sheet);
	size_t rows = history_count(f, "ind:r2:target");

	/* r2: >= 2 个 in the sample.  Written in one transaction: the third
	 * field refused, the first two are not kept either */
	fail_after = 3;
	assert_int_equal(session_commit_typed(s, "ind:r2:target", "≤90万元", TYPED_TARGET), -1);
	assert_int_equal(fail_after, 0);
	assert_sheet_is(f, before);
	assert_int_equal(history_count(f, "ind:r2:target"), rows);
	assert_int_equal(s->undo.n, 0);
	assert_string_equal(s->err_path, "ind:r2:target");
	assert_non_null(strstr(s->err_msg, "磁盘已满"));
	assert_int_equal(session_commit_typed(s, "ind:r2:target", "≤90万元", TYPED_TARGET), 0);
	assert_string_equal(text(f, "ind:r2:cmp"), "<=");
	assert_string_equal(text(f, "ind:r2:target"), "90");
	assert_string_equal(text(f, "ind:r2:unit"), "万元");
	assert_string_equal(text(f, "ind:r2:target_text"), "≤90万元");
	assert_non_null(strstr(s->msg, "已识别：≤ 90 万元"));
	assert_int_equal(history_count(f, "ind:r2:target"), rows + 1);
	assert_int_equal(s->undo.n, 4);
	jx_sheet *after = jx_sheet_clone(s->sheet);
	session_undo(s);
	assert_sheet_is(f, before);
	assert_int_equal(s->undo.n, 0);
	session_redo(s);
	assert_sheet_is(f, after);
	assert_int_equal(s->undo.n, 4);

	/* the actual in its own unit, then in another */
	assert_int_equal(session_commit_typed(s, "ind:r2:actual", "37.24万元", TYPED_ACTUAL), 0);
	assert_string_equal(text(f, "ind:r2:actual"), "37.24");
	size_t n = history_count(f, "ind:r2:actual");
	assert_int_equal(session_commit_typed(s, "ind:r2:actual", "98%", TYPED_ACTUAL), -1);
	assert_string_equal(s->err_path, "ind:r2:actual");
	assert_non_null(strstr(s->err_msg, "本指标的计量单位是「万元」"));
	assert_non_null(strstr(s->msg, "保存的值仍为「37.24」"));
	assert_string_equal(text(f, "ind:r2:actual"), "37.24");
	assert_int_equal(history_count(f, "ind:r2:actual"), n);
	/* the comparator cell: a comparator alone is its value */
	assert_int_equal(session_commit_typed(s, "ind:r2:cmp", " >= ", TYPED_TARGET), 0);
	assert_string_equal(text(f, "ind:r2:cmp"), ">=");
	assert_string_equal(text(f, "ind:r2:target"), "90");
	jx_sheet_free(before);
	jx_sheet_free(after);
}

static void test_undo_redo_indicator_add_delete_move(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	jx_sheet *orig = jx_sheet_clone(s->sheet);
	size_t n = s->sheet->n_inds;

	/* add */
	assert_int_equal(session_ind_add(s, 1, "output.quantity"), 0);
	assert_int_equal(s->sheet->n_inds, n + 1);
	undo_redo_undo(f, orig);

	/* delete: asked first, as every other row; no keeps the row */
	int changed = f->changed;
	f->say_no = 1;
	assert_int_equal(session_ind_delete(s, 2), -1);
	assert_int_equal(f->asked, 1);
	assert_non_null(strstr(f->question, "删除第 3 行指标"));
	assert_int_equal(s->sheet->n_inds, n);
	assert_string_equal(s->msg, "未删除");
	f->say_no = 0;
	/* yes deletes it; undo puts it back whole, under its own key, at its place */
	assert_int_equal(session_ind_delete(s, 2), 0);
	assert_int_equal(f->asked, 2);
	assert_true(f->changed > changed);
	assert_int_equal(s->sheet->n_inds, n - 1);
	undo_redo_undo(f, orig);
	assert_string_equal(s->sheet->inds[2].key, orig->inds[2].key);
	assert_string_equal(f->went_to, "ind:r3:name");

	/* move */
	assert_int_equal(session_ind_move(s, 0, 3), 0);
	assert_string_equal(s->sheet->inds[3].key, "r1");
	undo_redo_undo(f, orig);
	jx_sheet_free(orig);
}

static void say(ws_session *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	session_vmsg(s, UC_OK, fmt, ap);
	va_end(ap);
}

/* A message belongs to the sheet open when it was said: kept on that sheet,
 * gone once another sheet or the list (0) is shown. */
static void test_message_belongs_to_its_sheet(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	say(s, "%s", "关于本表的消息");
	assert_int_equal(s->msg_sheet, f->id);
	session_forget_msg_unless(s, f->id);
	assert_string_equal(s->msg, "关于本表的消息");
	session_forget_msg_unless(s, f->id + 1);
	assert_string_equal(s->msg, "");
	say(s, "%s", "再一条");
	session_forget_msg_unless(s, 0);
	assert_string_equal(s->msg, "");
	/* said with no sheet open: about no sheet, kept */
	session_close_sheet(s);
	say(s, "%s", "列表上的消息");
	assert_int_equal(s->msg_sheet, 0);
	session_forget_msg_unless(s, f->id);
	assert_string_equal(s->msg, "列表上的消息");
	/* opening another sheet forgets the open one's message */
	assert_int_equal(session_open_sheet(s, f->id), 0);
	say(s, "%s", "关于本表的消息");
	s->msg_sheet = f->id + 1; /* as if said while another sheet was open */
	assert_int_equal(session_open_sheet(s, f->id), 0);
	assert_string_equal(s->msg, "");
}

static void test_undo_redo_fund_row_delete(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;

	/* a second source, so that the first is put back before it */
	assert_int_equal(session_commit(s, "fund:其他资金:budget", "3"), 0);
	assert_int_equal(s->sheet->n_funds, 2);
	jx_sheet *two = jx_sheet_clone(s->sheet);
	jx_dec total = s->ss.total;

	assert_int_equal(session_row_delete(s, JX_ROW_FUND, 0), 0);
	assert_int_equal(f->asked, 1);
	assert_int_equal(s->sheet->n_funds, 1);
	assert_string_equal(s->sheet->funds[0].source, "其他资金");
	undo_redo_undo(f, two);
	assert_true(s->ss.total == total);
	assert_non_null(strstr(s->msg, "当年财政拨款"));
	jx_sheet_free(two);
}

/* Another workstation (a second connection) commits `path` = `value`. */
static void other_commits(fixture *f, const char *path, const char *value)
{
	jx_store *b = NULL;
	jx_sheet *sb = NULL;
	jx_err err = {{0}};
	assert_int_equal(jx_store_open(&b, f->db, JX_STORE_CREATE, &err), 0);
	assert_int_equal(jx_store_load(b, f->id, &sb, &err), 0);
	assert_int_equal(jx_store_set_field(b, sb, NULL, path, value, "other", &err), 0);
	jx_sheet_free(sb);
	jx_store_close(b);
}

static void assert_conflict_reported(fixture *f, const char *path, const char *theirs, jx_sheet *want)
{
	ws_session *s = &f->s;
	assert_string_equal(s->err_path, path);
	assert_non_null(strstr(s->err_msg, "其他工作站"));
	assert_non_null(strstr(s->err_msg, theirs));
	assert_int_equal(s->msg_role, UC_WARN);
	/* theirs stands, in the session and on disk */
	assert_string_equal(text(f, path), theirs);
	assert_sheet_is(f, want);
	assert_int_equal(s->undo.n, 0);
}

static void test_conflict_other_workstation_first(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;

	other_commits(f, "info:name", "甲改的名称");
	jx_sheet *theirs = on_disk(f);
	/* this workstation still shows the old name and commits its own */
	assert_int_equal(session_commit(s, "info:name", "乙改的名称"), -1);
	assert_conflict_reported(f, "info:name", "甲改的名称", theirs);
	/* committing again, now knowing theirs, overwrites it */
	assert_int_equal(session_commit(s, "info:name", "乙改的名称"), 0);
	assert_string_equal(text(f, "info:name"), "乙改的名称");
	jx_sheet_free(theirs);
}

/* The other workstation's commit that lands between the session's revision
 * check and its write: the test links with -Wl,--wrap=jx_store_set_field,
 * so the session's write comes here first. */
static struct {
	fixture *f;
	const char *path, *value;
} race;


int __real_jx_store_set_field(jx_store *st, jx_sheet *s, const jx_template *t, const char *path, const char *text,
			      const char *user, jx_err *err);
int __wrap_jx_store_set_field(jx_store *st, jx_sheet *s, const jx_template *t, const char *path, const char *text,
			      const char *user, jx_err *err);
int __wrap_jx_store_set_field(jx_store *st, jx_sheet *s, const jx_template *t, const char *path, const char *text,
			      const char *user, jx_err *err)
{
	if (race.f) {
		fixture *f = race.f;
		race.f = NULL;
		other_commits(f, race.path, race.value);
	}
	if (fail_after > 0 && --fail_after == 0) {
		jx_err_set(err, "磁盘已满", "disk full");
		return -1;
	}
	return __real_jx_store_set_field(st, s, t, path, text, user, err);
}

static void test_conflict_refused_under_write_lock(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	size_t audits = history_count(f, NULL);

	race.f = f;
	race.path = "ind:r1:actual";
	race.value = "5";
	assert_int_equal(session_commit(s, "ind:r1:actual", "1"), -1);
	assert_null(race.f);
	jx_sheet *theirs = on_disk(f);
	assert_string_equal(text(f, "ind:r1:actual"), "5");
	assert_conflict_reported(f, "ind:r1:actual", "5", theirs);
	/* theirs is the only audit row added */
	assert_int_equal(history_count(f, NULL), audits + 1);
	jx_sheet_free(theirs);
}

static void test_other_field_changed_elsewhere_is_loaded(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	other_commits(f, "info:unit", "别处改的单位");
	/* a commit to another field loads theirs first and keeps both */
	assert_int_equal(session_commit(s, "info:name", "新名称"), 0);
	assert_string_equal(text(f, "info:unit"), "别处改的单位");
	assert_string_equal(text(f, "info:name"), "新名称");
	jx_sheet *d = on_disk(f);
	assert_true(jx_sheet_equal(d, s->sheet));
	jx_sheet_free(d);
	/* and the idle reload shows another commit without one of ours */
	other_commits(f, "info:unit", "又改的单位");
	assert_int_equal(session_reload_if_changed(s), 1);
	assert_string_equal(text(f, "info:unit"), "又改的单位");
	assert_int_equal(session_reload_if_changed(s), 0);
}

static void test_undo_refused_after_change_elsewhere(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	assert_int_equal(session_commit(s, "info:name", "我们的名称"), 0);
	other_commits(f, "info:name", "别处的名称");
	jx_sheet *theirs = on_disk(f);
	/* undo would put back what was there before ours: theirs is kept */
	session_undo(s);
	assert_non_null(strstr(s->msg, "已被其他修改改变"));
	assert_string_equal(text(f, "info:name"), "别处的名称");
	assert_sheet_is(f, theirs);
	assert_int_equal(s->undo.n, 1);
	assert_int_equal(s->redo.n, 0);
	jx_sheet_free(theirs);
}

static void test_summary_and_close(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	assert_int_equal(session_commit(s, "ind:r1:actual", "1"), 0);
	jx_dec total = s->ss.total;
	session_check_now(s);
	int findings = (int)s->fnd.n;
	int changed = f->changed;
	/* closing writes what the project list shows and forgets the sheet */
	session_close_sheet(s);
	assert_null(s->sheet);
	assert_int_equal(s->undo.n, 0);
	assert_true(f->changed > changed);
	assert_int_equal(jx_store_list(s->st, 0, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(v[0].total == total);
	assert_int_equal(v[0].findings, findings);
	jx_summaries_free(v, n);
	/* nothing open: nothing can be changed, and undo says so */
	assert_int_equal(session_commit(s, "info:name", "x"), -1);
	assert_non_null(strstr(s->msg, "没有打开的项目"));
	session_undo(s);
	assert_non_null(strstr(s->msg, "没有可撤销的修改"));
	/* opened again: scored and checked at once */
	assert_int_equal(session_open_sheet(s, f->id), 0);
	assert_true(s->scored);
	assert_false(s->checks_stale);
	assert_true(s->ss.total == total);
}

static void test_deferred_sync_state(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;

	assert_string_equal(session_save_label(s), "已保存");
	assert_int_equal(session_commit(s, "ind:r1:actual", "1"), 0);
	/* committed (another connection reads it) but not yet on the disk */
	assert_true(jx_store_unsynced(s->st));
	assert_string_equal(session_save_label(s), "保存中");
	assert_non_null(strstr(s->msg, "正在保存"));
	assert_true(s->checks_stale);
	/* after the frame: synced, checked, said */
	assert_int_equal(session_after_frame(s), 1);
	assert_false(jx_store_unsynced(s->st));
	assert_false(s->checks_stale);
	assert_string_equal(session_save_label(s), "已保存");
	assert_non_null(strstr(s->msg, "已保存"));
	assert_int_equal(s->msg_role, UC_OK);
	/* nothing more to do */
	assert_int_equal(session_after_frame(s), 0);
}

static void test_edits_refused_when_final_or_review(void **state)
{
	fixture *f = *state;
	ws_session *s = &f->s;
	s->review = 1;
	assert_int_equal(session_commit(s, "info:name", "x"), -1);
	assert_non_null(strstr(s->msg, "审核模式"));
	assert_int_equal(session_ind_add(s, 0, "output.quantity"), -1);
	s->review = 0;
	jx_set_str(&s->sheet->status, "final");
	assert_int_equal(session_commit(s, "info:name", "x"), -1);
	assert_non_null(strstr(s->msg, "定稿"));
	assert_int_equal(session_row_delete(s, JX_ROW_FUND, 0), -1);
	assert_int_equal(f->asked, 0);
}

int main(void)
{
	jx_lang = JX_LANG_ZH;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_writes_field_audit_and_total, setup, teardown),
		cmocka_unit_test_setup_teardown(test_message_belongs_to_its_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_value_keeps_saved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_redo_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_target_is_one_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_redo_indicator_add_delete_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_redo_fund_row_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_other_workstation_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_refused_under_write_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_field_changed_elsewhere_is_loaded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_refused_after_change_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_and_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred_sync_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edits_refused_when_final_or_review, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
