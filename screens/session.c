/* The workstation's session without the terminal (see session.h): the
 * open sheet and its scores, field commits and their conflict rules, undo
 * and redo, the deferred disk sync and the message line's text. */
#include "session.h"
#include "strutil.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "err.h"
#include "field.h"
#include "target.h"
#include "textwidth.h"

/* ---- small helpers --------------------------------------------------------- */

int64_t session_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void session_vmsg(ws_session *s, int role, const char *fmt, va_list ap)
{
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	s->msg_role = role;
	s->msg_awaits_sync = 0;
	s->msg_sheet = s->sheet ? s->sheet->id : 0;
}

void session_forget_msg_unless(ws_session *s, int64_t id)
{
	if (s->msg_sheet && s->msg_sheet != id) {
		s->msg[0] = '\0';
		s->msg_role = UC_NORMAL;
		s->msg_awaits_sync = 0;
		s->msg_sheet = 0;
	}
}

static void session_msg(ws_session *s, int role, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static void session_msg(ws_session *s, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	session_vmsg(s, role, fmt, ap);
	va_end(ap);
}

/* Copy at most len-1 bytes of s, cut at a character boundary. */
static void copy_cut(char *dst, size_t len, const char *s)
{
	size_t n = strlen(s), i = 0, adv;
	if (len == 0)
		return;
	if (n < len) {
		memcpy(dst, s, n + 1);
		return;
	}
	while (i < n) {
		jx_utf8_decode(s + i, n - i, &adv);
		if (i + adv > len - 1)
			break;
		i += adv;
	}
	memcpy(dst, s, i);
	dst[i] = '\0';
}

/* A value for a message: one line, at most ~40 columns. */
static void short_value(char *dst, size_t len, const char *s)
{
	char tmp[256];
	int used;
	copy_cut(tmp, sizeof tmp, s ? s : "");
	for (char *p = tmp; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	size_t cut = jx_text_fit(tmp, 40, &used);
	int more = tmp[cut] != '\0';
	tmp[cut] = '\0';
	copy_cut(dst, len > 3 ? len - 3 : len, tmp);
	if (more)
		strcat(dst, "...");
}

static char field_big[JX_FIELD_MAX + 8];

/* Full current text of a field (static buffer, valid until the next call). */
const char *session_field_text(ws_session *s, const char *path)
{
	jx_err err;
	if (!s->sheet || jx_field_get(s->sheet, path, field_big, sizeof field_big, &err) < 0)
		field_big[0] = '\0';
	return field_big;
}

const char *session_get(ws_session *s, const char *path, char *buf, size_t len)
{
	copy_cut(buf, len, session_field_text(s, path));
	return buf;
}

int session_findings_count(const ws_session *s, int sev)
{
	int n = 0;
	for (size_t i = 0; i < s->fnd.n; i++)
		if ((int)s->fnd.v[i].sev == sev)
			n++;
	return n;
}

const jx_finding *session_finding_for(const ws_session *s, const char *path)
{
	const jx_finding *best = NULL;
	for (size_t i = 0; i < s->fnd.n; i++) {
		const jx_finding *f = &s->fnd.v[i];
		if (f->path && strcmp(f->path, path) == 0 && (!best || f->sev < best->sev))
			best = f;
	}
	return best;
}

/* ---- undo stacks ---------------------------------------------------------------- */

static void undo_entry_free(undo_entry *e)
{
	free(e->path);
	free(e->old_text);
	free(e->new_text);
	free(e->ind_key);
	jx_sheet_free(e->holder);
	memset(e, 0, sizeof *e);
}

static void push_undo(undo_stack *u, undo_entry e)
{
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 32;
		undo_entry *v = realloc(u->v, cap * sizeof *v);
		if (!v) {
			undo_entry_free(&e);
			return;
		}
		u->v = v;
		u->cap = cap;
	}
	/* keep the history bounded */
	if (u->n >= 1000) {
		undo_entry_free(&u->v[0]);
		memmove(u->v, u->v + 1, (u->n - 1) * sizeof *u->v);
		u->n--;
	}
	u->v[u->n++] = e;
}

static void stack_clear(undo_stack *u)
{
	for (size_t i = 0; i < u->n; i++)
		undo_entry_free(&u->v[i]);
	u->n = 0;
}

/* A new change can be undone; what was undone before it can no longer be
 * redone. */
static void record(ws_session *s, undo_entry e)
{
	push_undo(&s->undo, e);
	stack_clear(&s->redo);
}

static void undo_clear(ws_session *s)
{
	stack_clear(&s->undo);
	stack_clear(&s->redo);
}

/* ---- scoring and sheets ----------------------------------------------------- */

static void sheet_changed(ws_session *s)
{
	s->fnd_gen++;
	if (s->hooks.sheet_changed)
		s->hooks.sheet_changed(s->hooks.ctx);
}

/* Score the open sheet again (every score on screen comes from this); its
 * checks are marked stale and run right after the next frame is drawn
 * (session_after_frame), so that a keystroke's frame waits only for the
 * score. */
static void rescore(ws_session *s)
{
	s->gen++;
	if (!s->sheet || !s->t) {
		s->scored = 0;
		s->checks_stale = 0;
		jx_findings_clear(&s->fnd);
		s->fnd_gen++;
		return;
	}
	jx_app_score(s->t, s->sheet, &s->ss);
	s->scored = 1;
	s->checks_stale = 1;
}

void session_check_now(ws_session *s)
{
	if (!s->checks_stale)
		return;
	s->checks_stale = 0;
	jx_findings_clear(&s->fnd);
	s->fnd_gen++;
	if (!s->sheet || !s->t || !s->scored)
		return;
	jx_check(s->t, s->sheet, &s->ss, s->prev, &s->fnd);
	s->gen++;
	s->fnd_gen++;
}

/* The disk sync of the commits the frame just drawn shows (see
 * jx_store_defer_sync): the keystroke's new scores are on screen without
 * waiting for the disk; the status line says 保存中 until the disk has them
 * and 已保存 after. */
static int sync_commits(ws_session *s)
{
	jx_err err;
	int64_t t0;
	if (!s->st || !jx_store_unsynced(s->st) || session_now_ms() < s->sync_retry_ms)
		return 0;
	t0 = now_us();
	if (jx_store_sync(s->st, &err) < 0) {
		s->sync_retry_ms = session_now_ms() + 1000;
		session_msg(s, UC_ERROR, "%s", err.msg);
		return 1;
	}
	s->timing.sync_us = now_us() - t0;
	s->sync_retry_ms = 0;
	if (s->msg_awaits_sync) {
		snprintf(s->msg, sizeof s->msg, "%s", s->msg_synced);
		s->msg_role = UC_OK;
		s->msg_awaits_sync = 0;
	}
	return 1;
}

int session_after_frame(ws_session *s)
{
	int again = sync_commits(s);
	if (s->checks_stale) {
		session_check_now(s);
		again = 1;
	}
	return again;
}

void session_save_summary(ws_session *s)
{
	jx_err err;
	if (!s->sheet || !s->scored || !s->summary_dirty || s->db_readonly)
		return;
	session_check_now(s);
	if (jx_app_store_summary(s->st, s->sheet->id, &s->ss, &s->fnd, &err) == 0)
		s->summary_dirty = 0;
}

const char *session_save_label(const ws_session *s)
{
	if (s->db_unwritable)
		return L("数据库不能写入", "database read-only");
	switch (s->save) {
	case SAVE_SAVED: return jx_store_unsynced(s->st) ? L("保存中", "saving") : L("已保存", "saved");
	case SAVE_EDITING: return L("编辑中", "editing");
	case SAVE_FAILED: return L("未保存", "NOT saved");
	case SAVE_READONLY: return L("只读", "read-only");
	default: return "";
	}
}

void session_clear_field_error(ws_session *s)
{
	s->err_path[0] = '\0';
	s->err_msg[0] = '\0';
}

void session_close_sheet(ws_session *s)
{
	if (s->hooks.closing)
		s->hooks.closing(s->hooks.ctx);
	session_save_summary(s);
	jx_sheet_free(s->sheet);
	jx_sheet_free(s->prev);
	s->sheet = NULL;
	s->prev = NULL;
	s->t = NULL;
	s->scored = 0;
	jx_findings_clear(&s->fnd);
	undo_clear(s);
	session_clear_field_error(s);
	sheet_changed(s);
}

/* Replace the open sheet by a freshly loaded copy (same id). */
static void adopt_sheet(ws_session *s, jx_sheet *fresh)
{
	jx_sheet_free(s->sheet);
	s->sheet = fresh;
	s->t = jx_templates_find(&s->tpl, fresh->template_id);
	rescore(s);
	sheet_changed(s);
}

int session_open_sheet(ws_session *s, int64_t id)
{
	jx_err err;
	jx_sheet *fresh = NULL;
	if (jx_store_load(s->st, id, &fresh, &err) < 0) {
		session_msg(s, UC_ERROR, "%s", err.msg);
		return -1;
	}
	session_forget_msg_unless(s, id);
	if (s->sheet && s->sheet->id != id)
		session_close_sheet(s);
	else if (s->sheet) {
		adopt_sheet(s, fresh);
		return 0;
	}
	s->sheet = fresh;
	s->t = jx_templates_find(&s->tpl, fresh->template_id);
	/* last year's sheet of the same project, for the year-on-year checks */
	jx_sheet_free(s->prev);
	s->prev = jx_app_previous_year(s->st, fresh);
	rescore(s);
	session_check_now(s); /* opening is not a keystroke: the first frame shows everything */
	s->summary_dirty = 1; /* the list cache may predate this program's scoring */
	s->save = s->db_readonly ? SAVE_READONLY : SAVE_SAVED;
	sheet_changed(s);
	if (!s->t)
		session_msg(s, UC_WARN, L("找不到模板「%s」：本表只能查看，不能评分", "template \"%s\" not found: the sheet cannot be scored"),
		       fresh->template_id ? fresh->template_id : "");
	return 0;
}

int session_reload_if_changed(ws_session *s)
{
	jx_err err;
	int64_t rev;
	if (!s->sheet)
		return 0;
	if (jx_store_revision(s->st, s->sheet->id, &rev, &err) < 0 || rev == s->sheet->revision)
		return 0;
	jx_sheet *fresh = NULL;
	if (jx_store_load(s->st, s->sheet->id, &fresh, &err) < 0)
		return 0;
	adopt_sheet(s, fresh);
	session_msg(s, UC_INFO, "%s", L("已载入其他工作站对本表的修改", "loaded changes made to this sheet on another workstation"));
	return 1;
}


/* ---- editing permissions and commits ----------------------------------------- */

int session_sheet_final(const jx_sheet *s)
{
	return s && s->status && strcmp(s->status, "final") == 0;
}

static int is_review_path(const char *path)
{
	return strncmp(path, "review:", 7) == 0;
}

/* Why a field (NULL: the sheet's rows) cannot be changed now, with the
 * message's colour; NULL when it can. */
static const char *edit_refusal(const ws_session *s, const char *path, int *role)
{
	*role = UC_WARN;
	if (!s->sheet)
		return L("没有打开的项目", "no sheet is open");
	if (s->db_readonly) {
		*role = UC_ERROR;
		return L("数据库只读：不能修改", "the database is read-only: nothing can be changed");
	}
	if (session_sheet_final(s->sheet))
		return L("本表已定稿，不能修改；要修改须先重新打开（按 F，写明理由）",
			 "this sheet is finalised and cannot be changed; reopen it first (F, with a reason)");
	if (s->review && (!path || !is_review_path(path)))
		return L("审核模式：只能修改审核得分、审核意见和审核结论", "review mode: only the review score, opinion and result can be changed");
	if (!s->review && path && is_review_path(path))
		return L("审核字段只能在审核模式（jixiao --review）中修改", "review fields can only be changed in review mode (jixiao --review)");
	return NULL;
}

int session_may_edit(const ws_session *s, const char *path)
{
	int role;
	return edit_refusal(s, path, &role) == NULL;
}

int session_can_edit(ws_session *s, const char *path)
{
	int role;
	const char *why = edit_refusal(s, path, &role);
	if (why)
		session_msg(s, role, "%s", why);
	return why == NULL;
}

/* ---- the database file becoming read-only ------------------------------------ */

/* Why path cannot be written now ("" when it can, or does not exist). */
static const char *unwritable_reason(const char *path)
{
	if (access(path, F_OK) != 0 || access(path, W_OK) == 0)
		return "";
	switch (errno) {
	case EROFS: return L("文件系统已变为只读", "the file system became read-only");
	case EPERM: return L("文件被设为不可修改", "the file was made unchangeable");
	case EACCES: return L("没有写入权限", "no permission to write it");
	default: return L("无法写入", "it cannot be written");
	}
}

/* After a failed write: when the database (its file, its log or its
 * directory) can no longer be written, why says so in words a user can act
 * on, s->db_unwritable is set and 1 is returned.  access() only: opening and
 * closing the file here would drop SQLite's locks on it. */
static int db_unwritable(ws_session *s, char *why, size_t len)
{
	char p[1200], dir[1024];
	const char *r = s->db_path ? unwritable_reason(s->db_path) : "";
	if (!*r && s->db_path) {
		snprintf(p, sizeof p, "%s-wal", s->db_path);
		r = unwritable_reason(p);
	}
	if (!*r && s->db_path) {
		const char *slash = strrchr(s->db_path, '/');
		if (!slash)
			snprintf(dir, sizeof dir, ".");
		else
			snprintf(dir, sizeof dir, "%.*s", slash == s->db_path ? 1 : (int)(slash - s->db_path), s->db_path);
		r = unwritable_reason(dir);
	}
	if (!*r)
		return 0;
	s->db_unwritable = 1;
	snprintf(why, len,
		 L("数据库已不能写入（%s），这次修改没有保存；输入的文字仍在编辑框中，恢复写入后按 Enter 再保存，或按 Esc 放弃",
		   "the database can no longer be written (%s): this change was not saved; what you typed is still in the "
		   "editor: press Enter again once it can be written, or Esc to give it up"),
		 r);
	return 1;
}

/* Idle: tell when a database that could not be written can be again. */
static void db_recheck(ws_session *s, int editing)
{
	char why[512];
	if (!s->db_unwritable || db_unwritable(s, why, sizeof why))
		return;
	s->db_unwritable = 0;
	session_msg(s, UC_OK, "%s",
	       editing ? L("数据库又可以写入了：按 Enter 保存编辑框中的文字", "the database can be written again: press Enter to save what you typed")
			  : L("数据库又可以写入了", "the database can be written again"));
}

void session_idle(ws_session *s, int editing)
{
	int64_t now = session_now_ms();
	if (now - s->last_rev_check < 1000)
		return;
	db_recheck(s, editing);
	/* show another workstation's commits without a key press */
	if (!editing) {
		s->last_rev_check = session_now_ms();
		if (s->sheet)
			session_reload_if_changed(s);
	}
}

/* A change made on another workstation since the sheet was loaded: load it.
 * Returns 1 when `path` itself was changed there (its old value differs from
 * `old`), 0 otherwise; -1 when the revision could not be read. */
static int sync_before_commit(ws_session *s, const char *path, const char *old)
{
	jx_err err;
	int64_t rev;
	if (jx_store_revision(s->st, s->sheet->id, &rev, &err) < 0)
		return -1;
	if (rev == s->sheet->revision)
		return 0;
	jx_sheet *fresh = NULL;
	if (jx_store_load(s->st, s->sheet->id, &fresh, &err) < 0)
		return -1;
	adopt_sheet(s, fresh);
	return path && strcmp(session_field_text(s, path), old) != 0;
}

/* Write fields (one, or those of a target typed as printed, in one
 * transaction) without touching undo.  0 or -1 (message in err). */
static int commit_changes_raw(ws_session *s, const jx_field_changes *c, jx_err *err)
{
	/* the store moves the sheet's revision past its own commit (and leaves
	 * it behind when another workstation committed meanwhile, so that the
	 * next check reloads) */
	int64_t t0 = now_us();
	if (jx_app_set_changes(s->st, s->sheet, s->t, c, s->user, err) < 0)
		return -1;
	int64_t t1 = now_us();
	rescore(s);
	s->timing.commit_us = t1 - t0;
	s->timing.score_us = now_us() - t1;
	s->summary_dirty = 1;
	s->save = SAVE_SAVED;
	return 0;
}

static int commit_raw(ws_session *s, const char *path, const char *text, jx_err *err)
{
	jx_field_changes one = {.n = 1};
	if (strlen(path) >= sizeof one.path[0]) {
		jx_err_set(err, "字段路径太长：%s", "field path too long: %s", path);
		return -1;
	}
	snprintf(one.path[0], sizeof one.path[0], "%s", path);
	one.value[0] = text;
	return commit_changes_raw(s, &one, err);
}

/* The field at path was changed on another workstation since this one
 * showed it (the sheet now holds that value): say so beside the field; the
 * user's text stays in the editor. */
static void report_conflict(ws_session *s, const char *path, const char *text)
{
	char sv[128], nv[128];
	short_value(sv, sizeof sv, session_field_text(s, path));
	short_value(nv, sizeof nv, text);
	snprintf(s->err_path, sizeof s->err_path, "%s", path);
	snprintf(s->err_msg, sizeof s->err_msg,
		 L("此字段刚在其他工作站改为「%s」；你的「%s」未保存（再次提交将覆盖）",
		   "this field was just changed on another workstation to \"%s\"; your \"%s\" was not saved (commit again to overwrite)"),
		 sv, nv);
	session_msg(s, UC_WARN, "%s", s->err_msg);
}

/* text was not saved to path (whose saved value is old): why, beside the
 * field and on the message line. */
static void refuse(ws_session *s, const char *path, const char *old, const char *text, const char *why)
{
	char label[256], sv[128], nv[128];
	jx_field_label(s->sheet, path, label, sizeof label);
	short_value(sv, sizeof sv, old);
	short_value(nv, sizeof nv, text);
	snprintf(s->err_path, sizeof s->err_path, "%s", path);
	copy_cut(s->err_msg, sizeof s->err_msg, why);
	session_msg(s, UC_ERROR, L("「%s」未保存，%s 保存的值仍为「%s」：%s", "\"%s\" not saved; %s keeps its saved value \"%s\": %s"),
		    nv, label, sv, why);
}

int session_commit(ws_session *s, const char *path, const char *text)
{
	jx_err err;
	char label[256], nv[128];

	if (!session_can_edit(s, path)) {
		snprintf(s->err_path, sizeof s->err_path, "%s", path);
		copy_cut(s->err_msg, sizeof s->err_msg, s->msg);
		return -1;
	}
	char *old = jx_strdup(session_field_text(s, path));
	if (!old)
		return -1;
	int conflict = sync_before_commit(s, path, old);
	if (conflict == 1) {
		report_conflict(s, path, text);
		free(old);
		return -1;
	}
	free(old);
	old = jx_strdup(session_field_text(s, path));
	if (!old)
		return -1;
	if (strcmp(old, text) == 0) {
		if (strcmp(s->err_path, path) == 0)
			session_clear_field_error(s);
		free(old);
		return 0;
	}
	jx_field_label(s->sheet, path, label, sizeof label);
	if (commit_raw(s, path, text, &err) < 0) {
		char why[512];
		/* another workstation committed between the check above and the
		 * write (the store refuses under its write lock): show what the
		 * database holds now and say so, as when it is noticed before */
		if (sync_before_commit(s, path, old) == 1) {
			report_conflict(s, path, text);
			free(old);
			return -1;
		}
		if (db_unwritable(s, why, sizeof why))
			snprintf(err.msg, sizeof err.msg, "%s", why);
		refuse(s, path, old, text, err.msg);
		free(old);
		return -1;
	}
	undo_entry e = {0};
	e.kind = UNDO_FIELD;
	e.path = jx_strdup(path);
	e.old_text = old;
	e.new_text = jx_strdup(session_field_text(s, path));
	record(s, e);
	if (strcmp(s->err_path, path) == 0)
		session_clear_field_error(s);
	s->db_unwritable = 0;
	short_value(nv, sizeof nv, session_field_text(s, path));
	/* said as saved once the disk has it (at once when it already has) */
	snprintf(s->msg_synced, sizeof s->msg_synced, L("已保存 %s = %s", "saved %s = %s"), label, nv);
	if (jx_store_unsynced(s->st)) {
		session_msg(s, UC_DIM, L("正在保存 %s = %s", "saving %s = %s"), label, nv);
		s->msg_awaits_sync = 1;
	} else {
		session_msg(s, UC_OK, "%s", s->msg_synced);
	}
	return 0;
}

/* Several fields typed as one value (a target as printed sets comparator,
 * number, unit and text): written by the operations layer in one
 * transaction (jx_app_set_changes), each with its audit row, and undone
 * as one change.  0, or -1 with the reason beside the cell of path. */
static int commit_changes(ws_session *s, const char *path, const char *text, const jx_field_changes *c)
{
	jx_err err;
	char *old[JX_FIELD_CHANGES_MAX] = {0};
	int r = -1;
	for (size_t i = 0; i < c->n; i++)
		if (!session_can_edit(s, c->path[i])) {
			snprintf(s->err_path, sizeof s->err_path, "%s", path);
			copy_cut(s->err_msg, sizeof s->err_msg, s->msg);
			return -1;
		}
	for (size_t i = 0; i < c->n; i++)
		if (!(old[i] = jx_strdup(session_field_text(s, c->path[i]))))
			goto done;
	if (commit_changes_raw(s, c, &err) < 0) {
		/* nothing was kept: show the sheet as the database holds it */
		char why[512];
		jx_sheet *fresh = NULL;
		jx_err lerr;
		if (jx_store_load(s->st, s->sheet->id, &fresh, &lerr) == 0)
			adopt_sheet(s, fresh);
		if (db_unwritable(s, why, sizeof why))
			snprintf(err.msg, sizeof err.msg, "%s", why);
		refuse(s, path, session_field_text(s, path), text, err.msg);
		goto done;
	}
	s->db_unwritable = 0;
	/* one undo takes the fields back together */
	int recorded = 0;
	for (size_t i = 0; i < c->n; i++) {
		const char *now = session_field_text(s, c->path[i]);
		if (strcmp(old[i], now) == 0)
			continue;
		undo_entry e = {0};
		e.kind = UNDO_FIELD;
		e.path = jx_strdup(c->path[i]);
		e.old_text = old[i];
		e.new_text = jx_strdup(now);
		e.joined = recorded++ > 0;
		old[i] = NULL;
		record(s, e);
	}
	if (strcmp(s->err_path, path) == 0)
		session_clear_field_error(s);
	/* what was understood, then saved as every commit is */
	if (jx_store_unsynced(s->st)) {
		snprintf(s->msg_synced, sizeof s->msg_synced, L("%s；已保存", "%s; saved"), c->said);
		session_msg(s, UC_DIM, L("%s；正在保存", "%s; saving"), c->said);
		s->msg_awaits_sync = 1;
	} else {
		session_msg(s, UC_OK, L("%s；已保存", "%s; saved"), c->said);
	}
	r = 0;
done:
	for (size_t i = 0; i < c->n; i++)
		free(old[i]);
	return r;
}

int session_commit_typed(ws_session *s, const char *path, const char *text, session_typed how)
{
	jx_field_changes c;
	jx_err err;
	if (!session_may_edit(s, path))
		return session_commit(s, path, text);
	/* another workstation's change to this cell is said, not overwritten;
	 * theirs to the rest of the sheet is loaded before the text is read
	 * against it (an actual's unit is the indicator's as saved now) */
	char *old = jx_strdup(session_field_text(s, path));
	if (!old)
		return -1;
	int conflict = sync_before_commit(s, path, old);
	free(old);
	if (conflict == 1) {
		report_conflict(s, path, text);
		return -1;
	}
	/* read as the command line reads it (jixiao set) */
	if (jx_app_typed_changes(s->sheet, path, text, how == TYPED_ACTUAL ? JX_TYPED_ACTUAL : JX_TYPED_TARGET, &c, &err) < 0) {
		refuse(s, path, session_field_text(s, path), text, err.msg);
		return -1;
	}
	if (c.n == 1 && strcmp(c.path[0], path) == 0 && !c.said[0])
		return session_commit(s, path, c.value[0]);
	if (c.n == 1 && !c.said[0])
		return session_commit(s, c.path[0], c.value[0]);
	return commit_changes(s, path, text, &c);
}

/* ---- undo ------------------------------------------------------------------------ */

static int ind_index(const ws_session *s, const char *key)
{
	for (size_t i = 0; i < s->sheet->n_inds; i++)
		if (s->sheet->inds[i].key && key && strcmp(s->sheet->inds[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* Structural edits: allowed, and the sheet is the latest one on disk. */
static int structural_ok(ws_session *s)
{
	if (!session_can_edit(s, NULL))
		return 0;
	sync_before_commit(s, NULL, NULL);
	return 1;
}

static void after_structure(ws_session *s)
{
	rescore(s);
	s->summary_dirty = 1;
	s->save = SAVE_SAVED;
	sheet_changed(s);
}

/* A structural edit was made (e: its undo entry). */
static void structure_done(ws_session *s, undo_entry e)
{
	record(s, e);
	after_structure(s);
}

/* A structural edit failed: say why; when the database may have gone
 * read-only meanwhile, say so. */
static void structure_failed(ws_session *s, const jx_err *err)
{
	char why[512];
	if (db_unwritable(s, why, sizeof why))
		session_msg(s, UC_ERROR, L("未保存：%s", "not saved: %s"), why);
	else
		session_msg(s, UC_ERROR, "%s", err->msg);
}

/* A sheet holding a copy of one indicator (its key, every column): what
 * undo keeps of a deleted row. */
static jx_sheet *hold_indicator(const jx_indicator *d)
{
	jx_sheet *h = jx_sheet_new();
	jx_indicator *c = h ? jx_sheet_add_ind(h, d->key) : NULL;
	if (!c || !c->key || jx_ind_copy_columns(c, d)) {
		jx_sheet_free(h);
		return NULL;
	}
	return h;
}

/* A sheet holding a copy of row `at` of a list. */
static jx_sheet *hold_row(const jx_sheet *s, jx_row_kind kind, size_t at)
{
	jx_sheet *h = jx_sheet_new();
	if (!h)
		return NULL;
	int ok = 0;
	switch (kind) {
	case JX_ROW_FUND: {
		jx_fund *f = jx_sheet_add_fund(h, s->funds[at].source);
		if (f && f->source) {
			f->planned = s->funds[at].planned;
			f->budget = s->funds[at].budget;
			f->received = s->funds[at].received;
			f->spent = s->funds[at].spent;
			ok = 1;
		}
		break;
	}
	case JX_ROW_SUB: {
		jx_subproject *p = jx_sheet_add_sub(h);
		if (p && jx_set_str(&p->name, s->subs[at].name) == 0) {
			p->budget = s->subs[at].budget;
			p->spent = s->subs[at].spent;
			ok = 1;
		}
		break;
	}
	case JX_ROW_BASIS:
		ok = jx_sheet_add_basis(h, s->basis[at]) == 0;
		break;
	case JX_ROW_GOAL: {
		jx_goal *g = jx_sheet_add_goal(h);
		ok = g && jx_set_str(&g->planned, s->goals[at].planned) == 0 && jx_set_str(&g->actual, s->goals[at].actual) == 0;
		break;
	}
	}
	if (!ok) {
		jx_sheet_free(h);
		return NULL;
	}
	return h;
}

/* Index of the row of s that is the held row (a fund by its source, the
 * others at position at when the same); -1 when it is not there. */
static int held_row_index(const jx_sheet *s, jx_row_kind kind, size_t at, const jx_sheet *h)
{
	switch (kind) {
	case JX_ROW_FUND:
		for (size_t i = 0; i < s->n_funds; i++)
			if (jx_texteq(s->funds[i].source, h->funds[0].source))
				return (int)i;
		return -1;
	case JX_ROW_SUB:
		return at < s->n_subs && jx_texteq(s->subs[at].name, h->subs[0].name) && s->subs[at].budget == h->subs[0].budget &&
				       s->subs[at].spent == h->subs[0].spent
			       ? (int)at
			       : -1;
	case JX_ROW_BASIS:
		return at < s->n_basis && jx_texteq(s->basis[at], h->basis[0]) ? (int)at : -1;
	case JX_ROW_GOAL:
		return at < s->n_goals && jx_texteq(s->goals[at].planned, h->goals[0].planned) &&
				       jx_texteq(s->goals[at].actual, h->goals[0].actual)
			       ? (int)at
			       : -1;
	}
	return -1;
}

/* What a row is called in messages: 资金来源「中央财政」, 二级项目 3「…」. */
static void row_title(const jx_sheet *s, jx_row_kind kind, size_t at, char *buf, size_t len)
{
	char v[128];
	switch (kind) {
	case JX_ROW_FUND:
		short_value(v, sizeof v, s->funds[at].source);
		snprintf(buf, len, L("资金来源「%s」", "fund source \"%s\""), v);
		break;
	case JX_ROW_SUB:
		short_value(v, sizeof v, s->subs[at].name);
		snprintf(buf, len, L("二级项目 %zu「%s」", "sub-project %zu \"%s\""), at + 1, v);
		break;
	case JX_ROW_BASIS:
		short_value(v, sizeof v, s->basis[at]);
		snprintf(buf, len, L("立项依据 %zu「%s」", "basis document %zu \"%s\""), at + 1, v);
		break;
	case JX_ROW_GOAL:
		short_value(v, sizeof v, s->goals[at].planned);
		snprintf(buf, len, L("年度目标 %zu「%s」", "goal %zu \"%s\""), at + 1, v);
		break;
	}
}

int session_ind_add(ws_session *s, size_t at, const char *slot)
{
	jx_err err;
	if (!structural_ok(s))
		return -1;
	if (at > s->sheet->n_inds)
		at = s->sheet->n_inds;
	if (jx_store_add_indicator(s->st, s->sheet, at, slot, s->user, &err) < 0) {
		structure_failed(s, &err);
		return -1;
	}
	structure_done(s, (undo_entry){.kind = UNDO_IND_ADD, .at = at, .ind_key = jx_strdup(s->sheet->inds[at].key)});
	session_msg(s, UC_OK, "%s", L("已添加一行指标", "indicator row added"));
	return 0;
}

int session_ind_delete(ws_session *s, size_t at)
{
	jx_err err;
	char q[512];
	if (!structural_ok(s) || at >= s->sheet->n_inds)
		return -1;
	/* asked as every other row is (session_row_delete) */
	const char *name = s->sheet->inds[at].name;
	snprintf(q, sizeof q, L("删除第 %zu 行指标「%s」？（撤销可恢复）", "Delete indicator row %zu \"%s\"? (undo brings it back)"), at + 1,
		 name && *name ? name : L("（未命名）", "(unnamed)"));
	if (s->hooks.confirm && !s->hooks.confirm(s->hooks.ctx, L("删除", "Delete"), q)) {
		session_msg(s, UC_INFO, "%s", L("未删除", "nothing deleted"));
		return -1;
	}
	undo_entry e = {0};
	e.kind = UNDO_IND_DEL;
	e.at = at;
	e.ind_key = jx_strdup(s->sheet->inds[at].key);
	e.holder = hold_indicator(&s->sheet->inds[at]);
	if (!e.ind_key || !e.holder) {
		undo_entry_free(&e);
		session_msg(s, UC_ERROR, "%s", L("内存不足：未删除", "out of memory: nothing deleted"));
		return -1;
	}
	if (jx_store_delete_indicator(s->st, s->sheet, at, s->user, &err) < 0) {
		structure_failed(s, &err);
		undo_entry_free(&e);
		return -1;
	}
	structure_done(s, e);
	session_msg(s, UC_OK, "%s", L("已删除一行指标（撤销可恢复）", "indicator row deleted (undo brings it back)"));
	return 0;
}

int session_ind_move(ws_session *s, size_t from, size_t to)
{
	jx_err err;
	if (!structural_ok(s) || from >= s->sheet->n_inds || to >= s->sheet->n_inds || from == to)
		return -1;
	if (jx_store_move_indicator(s->st, s->sheet, from, to, s->user, &err) < 0) {
		structure_failed(s, &err);
		return -1;
	}
	structure_done(s, (undo_entry){.kind = UNDO_IND_MOVE, .at = from, .to = to});
	return 0;
}

int session_row_delete(ws_session *s, jx_row_kind kind, size_t at)
{
	jx_err err;
	char title[256], q[512];
	if (!structural_ok(s) || at >= jx_store_row_count(s->sheet, kind))
		return -1;
	row_title(s->sheet, kind, at, title, sizeof title);
	snprintf(q, sizeof q, L("删除%s？（撤销可恢复）", "Delete %s? (undo brings it back)"), title);
	if (s->hooks.confirm && !s->hooks.confirm(s->hooks.ctx, L("删除", "Delete"), q)) {
		session_msg(s, UC_INFO, "%s", L("未删除", "nothing deleted"));
		return -1;
	}
	undo_entry e = {0};
	e.kind = UNDO_ROW_DEL;
	e.row_kind = kind;
	e.at = at;
	e.holder = hold_row(s->sheet, kind, at);
	if (!e.holder) {
		session_msg(s, UC_ERROR, "%s", L("内存不足：未删除", "out of memory: nothing deleted"));
		return -1;
	}
	if (jx_store_delete_row(s->st, s->sheet, kind, at, s->user, &err) < 0) {
		structure_failed(s, &err);
		undo_entry_free(&e);
		return -1;
	}
	structure_done(s, e);
	session_msg(s, UC_OK, L("已删除%s（撤销可恢复）", "deleted %s (undo brings it back)"), title);
	return 0;
}

/* Show the field an undo or redo changed. */
static void go_to(ws_session *s, const char *path)
{
	if (s->hooks.go_to)
		s->hooks.go_to(s->hooks.ctx, path);
}

/* Apply entry e backwards (undo) or forwards (redo).  0 or -1. */
static int apply_entry(ws_session *s, undo_entry *e, int backwards)
{
	jx_err err;
	char label[256], v[128];
	switch (e->kind) {
	case UNDO_FIELD: {
		const char *expect = backwards ? e->new_text : e->old_text;
		const char *target = backwards ? e->old_text : e->new_text;
		if (!session_can_edit(s, e->path))
			return -1;
		sync_before_commit(s, NULL, NULL);
		if (strcmp(session_field_text(s, e->path), expect) != 0) {
			jx_field_label(s->sheet, e->path, label, sizeof label);
			session_msg(s, UC_WARN, L("%s 已被其他修改改变，不能%s", "%s has been changed since; cannot %s it"), label,
			       backwards ? L("撤销", "undo") : L("重做", "redo"));
			return -1;
		}
		if (commit_raw(s, e->path, target, &err) < 0) {
			structure_failed(s, &err);
			return -1;
		}
		jx_field_label(s->sheet, e->path, label, sizeof label);
		short_value(v, sizeof v, target);
		session_msg(s, UC_OK, "%s %s = %s", backwards ? L("已撤销：", "undone:") : L("已重做：", "redone:"), label, v);
		go_to(s, e->path);
		return 0;
	}
	case UNDO_IND_ADD:
	case UNDO_IND_DEL: {
		/* undoing an add and redoing a delete take the row out; the
		 * others put it back whole, under its own key */
		int take_out = (e->kind == UNDO_IND_ADD) == backwards;
		if (!structural_ok(s))
			return -1;
		if (take_out) {
			int i = ind_index(s, e->ind_key);
			if (i < 0) {
				session_msg(s, UC_WARN, "%s", L("这一行指标已不在表中", "that indicator row is no longer in the sheet"));
				return -1;
			}
			jx_sheet *h = hold_indicator(&s->sheet->inds[i]);
			if (!h) {
				session_msg(s, UC_ERROR, "%s", L("内存不足", "out of memory"));
				return -1;
			}
			if (jx_store_delete_indicator(s->st, s->sheet, (size_t)i, s->user, &err) < 0) {
				jx_sheet_free(h);
				structure_failed(s, &err);
				return -1;
			}
			jx_sheet_free(e->holder);
			e->holder = h;
			e->at = (size_t)i;
		} else {
			if (!e->holder || jx_store_restore_indicator(s->st, s->sheet, e->at, &e->holder->inds[0], s->user, &err) < 0) {
				if (e->holder)
					structure_failed(s, &err);
				return -1;
			}
		}
		after_structure(s);
		if (!take_out) {
			char where[160];
			snprintf(where, sizeof where, "ind:%s:name", e->holder->inds[0].key);
			go_to(s, where);
		}
		if (e->kind == UNDO_IND_ADD)
			session_msg(s, UC_OK, "%s", backwards ? L("已撤销添加", "add undone") : L("已重做添加", "add redone"));
		else
			session_msg(s, UC_OK, "%s", backwards ? L("已撤销删除，指标连同原有编号恢复", "delete undone: the indicator is back under its own key")
							 : L("已重做删除", "delete redone"));
		return 0;
	}
	case UNDO_ROW_DEL: {
		char title[256];
		if (!structural_ok(s))
			return -1;
		if (backwards) {
			if (jx_store_insert_row(s->st, s->sheet, e->row_kind, e->at, e->holder, 0, s->user, &err) < 0) {
				structure_failed(s, &err);
				return -1;
			}
			after_structure(s);
			size_t at = e->at < jx_store_row_count(s->sheet, e->row_kind) ? e->at : jx_store_row_count(s->sheet, e->row_kind) - 1;
			if (e->row_kind == JX_ROW_FUND)
				at = (size_t)held_row_index(s->sheet, JX_ROW_FUND, 0, e->holder);
			row_title(s->sheet, e->row_kind, at, title, sizeof title);
			session_msg(s, UC_OK, L("已撤销删除：%s", "delete undone: %s"), title);
		} else {
			int i = held_row_index(s->sheet, e->row_kind, e->at, e->holder);
			if (i < 0) {
				session_msg(s, UC_WARN, "%s", L("这一行已被其他修改改变，不能重做", "that row has been changed since; cannot redo"));
				return -1;
			}
			row_title(s->sheet, e->row_kind, (size_t)i, title, sizeof title);
			if (jx_store_delete_row(s->st, s->sheet, e->row_kind, (size_t)i, s->user, &err) < 0) {
				structure_failed(s, &err);
				return -1;
			}
			e->at = (size_t)i;
			after_structure(s);
			session_msg(s, UC_OK, L("已重做删除：%s", "delete redone: %s"), title);
		}
		return 0;
	}
	case UNDO_IND_MOVE: {
		size_t a = backwards ? e->to : e->at, b = backwards ? e->at : e->to;
		if (!structural_ok(s) || a >= s->sheet->n_inds || b >= s->sheet->n_inds)
			return -1;
		if (jx_store_move_indicator(s->st, s->sheet, a, b, s->user, &err) < 0) {
			structure_failed(s, &err);
			return -1;
		}
		after_structure(s);
		session_msg(s, UC_OK, "%s", backwards ? L("已撤销移动", "move undone") : L("已重做移动", "move redone"));
		return 0;
	}
	}
	return -1;
}

/* Take the newest entry of `from`, apply it (backwards: undo) and put it
 * on `to`; an entry that cannot be applied stays where it was. */
static void replay(ws_session *s, undo_stack *from, undo_stack *to, int backwards)
{
	if (!s->sheet || from->n == 0) {
		session_msg(s, UC_INFO, "%s",
			    backwards ? L("没有可撤销的修改", "nothing to undo") : L("没有可重做的修改", "nothing to redo"));
		return;
	}
	/* the entries of one change of several fields go together: undo takes
	 * them back from the last, redo puts them again from the first */
	int more;
	size_t done = 0;
	do {
		undo_entry e = from->v[from->n - 1];
		from->n--;
		if (apply_entry(s, &e, backwards) < 0) {
			from->v[from->n++] = e; /* keep it */
			return;
		}
		more = backwards ? e.joined : from->n && from->v[from->n - 1].joined;
		push_undo(to, e);
		done++;
	} while (more && from->n);
	/* redone: shown at its first field (the cell it was typed in) */
	if (!backwards && done > 1 && to->n >= done && to->v[to->n - done].path)
		go_to(s, to->v[to->n - done].path);
}

void session_undo(ws_session *s)
{
	replay(s, &s->undo, &s->redo, 1);
}

void session_redo(ws_session *s)
{
	replay(s, &s->redo, &s->undo, 0);
}

void session_free(ws_session *s)
{
	if (s->sheet)
		session_close_sheet(s);
	jx_scoresheet_free(&s->ss);
	jx_findings_free(&s->fnd);
	free(s->undo.v);
	free(s->redo.v);
	jx_templates_free(&s->tpl);
	jx_store_close(s->st);
	memset(s, 0, sizeof *s);
}
