/* The workstation session and its event loop; see ws.h. */
#include "ws.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "err.h"
#include "export.h"
#include "field.h"
#include "grid.h"
#include "textwidth.h"
#include "workstation.h"

static const view_ops *const view_table[WS_NVIEWS] = {
	&scr_list_ops, &scr_info_ops, &scr_funds_ops, &scr_inds_ops, &scr_score_ops, &scr_narr_ops, &scr_checks_ops,
};

/* ---- small helpers --------------------------------------------------------- */

static int64_t now_ms(void)
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

void ws_msg(ws *w, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof w->msg, fmt, ap);
	va_end(ap);
	w->msg_role = role;
	w->msg_awaits_sync = 0;
}

void ws_msg_clear(ws *w)
{
	w->msg[0] = '\0';
	w->msg_role = UC_NORMAL;
	w->msg_awaits_sync = 0;
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
static const char *field_text(ws *w, const char *path)
{
	jx_err err;
	if (!w->sheet || jx_field_get(w->sheet, path, field_big, sizeof field_big, &err) < 0)
		field_big[0] = '\0';
	return field_big;
}

const char *ws_get(ws *w, const char *path, char *buf, size_t len)
{
	copy_cut(buf, len, field_text(w, path));
	return buf;
}

const char *ws_fmt(char *buf, jx_dec v, int decimals)
{
	/* jx_fmt / jx_fmt_trim without stdio: a frame formats hundreds */
	jx_xfmt(buf, v, decimals < 0 ? 6 : decimals, decimals < 0);
	return buf;
}

const char *ws_fmt_rate(char *buf, jx_dec rate)
{
	if (rate == JX_NONE) {
		buf[0] = '\0';
		return buf;
	}
	/* fraction ×1e6 → percent with 2 decimals, from the exact value */
	jx_dec pct = jx_muldiv(rate, JX_INT(100), JX_SCALE, 2);
	jx_fmt(buf, pct, 2);
	strcat(buf, "%");
	return buf;
}

int ws_findings_count(const ws *w, int sev)
{
	int n = 0;
	for (size_t i = 0; i < w->fnd.n; i++)
		if ((int)w->fnd.v[i].sev == sev)
			n++;
	return n;
}

const jx_finding *ws_finding_for(const ws *w, const char *path)
{
	const jx_finding *best = NULL;
	for (size_t i = 0; i < w->fnd.n; i++) {
		const jx_finding *f = &w->fnd.v[i];
		if (f->path && strcmp(f->path, path) == 0 && (!best || f->sev < best->sev))
			best = f;
	}
	return best;
}

void ws_explain_path(ws *w, const char *path, ui_buf *b)
{
	ws_check_now(w);
	const jx_score_item *it = w->scored ? jx_score_find(&w->ss, path) : NULL;
	char label[256];
	if (!it) {
		ui_buf_add(b, L("这里没有计算得出的数值。", "There is no computed number here."));
		return;
	}
	if (it->kind == JX_ITEM_IND && it->ind)
		snprintf(label, sizeof label, "%s", it->ind->name ? it->ind->name : it->path);
	else if (it->node)
		snprintf(label, sizeof label, "%s", L(it->node->name, it->node->name_en ? it->node->name_en : it->node->name));
	else
		snprintf(label, sizeof label, "%s", it->path);
	char p[32], s[32], r[32];
	ui_buf_printf(b, "%s\n\n", label);
	ui_buf_printf(b, "%s %s    %s %s", L("分值", "Points"), ws_fmt(p, it->points, -1), L("得分", "Score"),
		      it->score == JX_NONE ? L("不适用", "n/a") : ws_fmt(s, it->score, 2));
	if (it->rate != JX_NONE)
		ui_buf_printf(b, "    %s %s", L("完成率", "Rate"), ws_fmt_rate(r, it->rate));
	ui_buf_add(b, "\n\n");
	ui_buf_add(b, jx_score_expl(&w->ss, it));
	ui_buf_add(b, "\n");
	if (it->flags) {
		ui_buf_add(b, "\n");
		if (it->flags & JX_SF_NA)
			ui_buf_printf(b, "- %s\n", L("不适用（如 0 ÷ 0 或缺少输入）", "not applicable (0 / 0 or missing input)"));
		if (it->flags & JX_SF_UNMET)
			ui_buf_printf(b, "- %s\n", L("未达到目标值", "target not met"));
		if (it->flags & JX_SF_OVER)
			ui_buf_printf(b, "- %s\n", L("超过目标值的超额完成阈值，须填写偏差原因",
						      "above the over-achievement threshold: a deviation reason is required"));
		if (it->flags & JX_SF_INCOMPLETE)
			ui_buf_printf(b, "- %s\n", L("有输入尚未填写", "an input is not entered yet"));
		if (it->flags & JX_SF_OVERRIDDEN)
			ui_buf_printf(b, "- %s\n", L("使用了评价人调整的得分", "the evaluator's override is used"));
		if (it->flags & JX_SF_CAPPED)
			ui_buf_printf(b, "- %s\n", L("受预算执行率限制封顶", "capped by the execution rate"));
	}
	for (size_t i = 0; i < w->fnd.n; i++) {
		const jx_finding *f = &w->fnd.v[i];
		if (f->path && strcmp(f->path, path) == 0)
			ui_buf_printf(b, "\n%s %s: %s\n", jx_severity_name(f->sev), f->code, f->msg ? f->msg : "");
	}
}

/* ---- scoring and sheets ----------------------------------------------------- */

static void views_sheet_changed(ws *w)
{
	w->fnd_gen++;
	for (int i = 0; i < WS_NVIEWS; i++)
		if (view_table[i]->sheet_changed)
			view_table[i]->sheet_changed(w, w->vst[i]);
}

void ws_rescore(ws *w)
{
	w->gen++;
	if (!w->sheet || !w->t) {
		w->scored = 0;
		w->checks_stale = 0;
		jx_findings_clear(&w->fnd);
		w->fnd_gen++;
		return;
	}
	jx_score(w->t, w->sheet, &w->ss);
	w->scored = 1;
	w->checks_stale = 1;
}

void ws_check_now(ws *w)
{
	if (!w->checks_stale)
		return;
	w->checks_stale = 0;
	jx_findings_clear(&w->fnd);
	w->fnd_gen++;
	if (!w->sheet || !w->t || !w->scored)
		return;
	jx_check(w->t, w->sheet, &w->ss, w->prev, &w->fnd);
	w->gen++;
	w->fnd_gen++;
}

/* The disk sync of the commits the frame just drawn shows (see
 * jx_store_defer_sync): the keystroke's new scores are on screen without
 * waiting for the disk; the status line says 保存中 until the disk has them
 * and 已保存 after. */
int64_t ws_last_sync_us;

static int sync_commits(ws *w)
{
	jx_err err;
	int64_t t0;
	if (!w->st || !jx_store_unsynced(w->st) || now_ms() < w->sync_retry_ms)
		return 0;
	t0 = now_us();
	if (jx_store_sync(w->st, &err) < 0) {
		w->sync_retry_ms = now_ms() + 1000;
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return 1;
	}
	ws_last_sync_us = now_us() - t0;
	w->sync_retry_ms = 0;
	if (w->msg_awaits_sync) {
		snprintf(w->msg, sizeof w->msg, "%s", w->msg_synced);
		w->msg_role = UC_OK;
		w->msg_awaits_sync = 0;
	}
	return 1;
}

int ws_after_frame(ws *w)
{
	int again = sync_commits(w);
	if (w->checks_stale) {
		ws_check_now(w);
		again = 1;
	}
	return again;
}

void ws_save_summary(ws *w)
{
	jx_err err;
	if (!w->sheet || !w->scored || !w->summary_dirty || w->db_readonly)
		return;
	ws_check_now(w);
	const char *grade = w->ss.grade ? w->ss.grade->grade : "";
	if (jx_store_set_summary(w->st, w->sheet->id, w->ss.total, grade ? grade : "", (int)w->fnd.n, &err) == 0)
		w->summary_dirty = 0;
}

static void clear_field_error(ws *w)
{
	w->err_path[0] = '\0';
	w->err_msg[0] = '\0';
}

void ws_close_sheet(ws *w)
{
	if (w->editing)
		ws_edit_cancel(w);
	ws_save_summary(w);
	jx_sheet_free(w->sheet);
	jx_sheet_free(w->prev);
	w->sheet = NULL;
	w->prev = NULL;
	w->t = NULL;
	w->scored = 0;
	jx_findings_clear(&w->fnd);
	ws_undo_clear(w);
	clear_field_error(w);
	views_sheet_changed(w);
}

/* Replace the open sheet by a freshly loaded copy (same id). */
static void adopt_sheet(ws *w, jx_sheet *s)
{
	jx_sheet_free(w->sheet);
	w->sheet = s;
	w->t = jx_templates_find(&w->tpl, s->template_id);
	ws_rescore(w);
	views_sheet_changed(w);
}

int ws_open_sheet(ws *w, int64_t id)
{
	jx_err err;
	jx_sheet *s = NULL;
	if (jx_store_load(w->st, id, &s, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return -1;
	}
	if (w->sheet && w->sheet->id != id)
		ws_close_sheet(w);
	else if (w->sheet) {
		adopt_sheet(w, s);
		return 0;
	}
	w->sheet = s;
	w->t = jx_templates_find(&w->tpl, s->template_id);
	/* last year's sheet of the same project, for the year-on-year checks */
	int64_t pid = 0;
	jx_sheet_free(w->prev);
	w->prev = NULL;
	if (jx_store_find_project(w->st, s, s->year - 1, &pid, &err) == 0 && pid > 0 && pid != s->id)
		jx_store_load(w->st, pid, &w->prev, &err);
	ws_rescore(w);
	ws_check_now(w); /* opening is not a keystroke: the first frame shows everything */
	w->summary_dirty = 1; /* the list cache may predate this program's scoring */
	w->save = w->db_readonly ? SAVE_READONLY : SAVE_SAVED;
	views_sheet_changed(w);
	if (!w->t)
		ws_msg(w, UC_WARN, L("找不到模板「%s」：本表只能查看，不能评分", "template \"%s\" not found: the sheet cannot be scored"),
		       s->template_id ? s->template_id : "");
	return 0;
}

int ws_reload_if_changed(ws *w)
{
	jx_err err;
	int64_t rev;
	if (!w->sheet || w->editing)
		return 0;
	if (jx_store_revision(w->st, w->sheet->id, &rev, &err) < 0 || rev == w->sheet->revision)
		return 0;
	jx_sheet *s = NULL;
	if (jx_store_load(w->st, w->sheet->id, &s, &err) < 0)
		return 0;
	adopt_sheet(w, s);
	ws_msg(w, UC_INFO, "%s", L("已载入其他工作站对本表的修改", "loaded changes made to this sheet on another workstation"));
	return 1;
}

/* ---- editing permissions and commits ----------------------------------------- */

int ws_sheet_final(const jx_sheet *s)
{
	return s && s->status && strcmp(s->status, "final") == 0;
}

static int is_review_path(const char *path)
{
	return strncmp(path, "review:", 7) == 0;
}

int ws_can_edit(ws *w, const char *path)
{
	if (!w->sheet) {
		ws_msg(w, UC_WARN, "%s", L("没有打开的项目", "no sheet is open"));
		return 0;
	}
	if (w->db_readonly) {
		ws_msg(w, UC_ERROR, "%s", L("数据库只读：不能修改", "the database is read-only: nothing can be changed"));
		return 0;
	}
	if (ws_sheet_final(w->sheet)) {
		ws_msg(w, UC_WARN, "%s",
		       L("本表已定稿，不能修改；要修改须先重新打开（按 F，写明理由）",
			 "this sheet is finalised and cannot be changed; reopen it first (F, with a reason)"));
		return 0;
	}
	if (w->review && (!path || !is_review_path(path))) {
		ws_msg(w, UC_WARN, "%s",
		       L("审核模式：只能修改审核得分、审核意见和审核结论", "review mode: only the review score, opinion and result can be changed"));
		return 0;
	}
	if (!w->review && path && is_review_path(path)) {
		ws_msg(w, UC_WARN, "%s",
		       L("审核字段只能在审核模式（jixiao --review）中修改", "review fields can only be changed in review mode (jixiao --review)"));
		return 0;
	}
	return 1;
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
 * on, w->db_unwritable is set and 1 is returned.  access() only: opening and
 * closing the file here would drop SQLite's locks on it. */
static int db_unwritable(ws *w, char *why, size_t len)
{
	char p[1200], dir[1024];
	const char *r = w->db_path ? unwritable_reason(w->db_path) : "";
	if (!*r && w->db_path) {
		snprintf(p, sizeof p, "%s-wal", w->db_path);
		r = unwritable_reason(p);
	}
	if (!*r && w->db_path) {
		const char *slash = strrchr(w->db_path, '/');
		if (!slash)
			snprintf(dir, sizeof dir, ".");
		else
			snprintf(dir, sizeof dir, "%.*s", slash == w->db_path ? 1 : (int)(slash - w->db_path), w->db_path);
		r = unwritable_reason(dir);
	}
	if (!*r)
		return 0;
	w->db_unwritable = 1;
	snprintf(why, len,
		 L("数据库已不能写入（%s），这次修改没有保存；输入的文字仍在编辑框中，恢复写入后按 Enter 再保存，或按 Esc 放弃",
		   "the database can no longer be written (%s): this change was not saved; what you typed is still in the "
		   "editor: press Enter again once it can be written, or Esc to give it up"),
		 r);
	return 1;
}

/* Idle: tell when a database that could not be written can be again. */
static void db_recheck(ws *w)
{
	char why[512];
	if (!w->db_unwritable || db_unwritable(w, why, sizeof why))
		return;
	w->db_unwritable = 0;
	ws_msg(w, UC_OK, "%s",
	       w->editing ? L("数据库又可以写入了：按 Enter 保存编辑框中的文字", "the database can be written again: press Enter to save what you typed")
			  : L("数据库又可以写入了", "the database can be written again"));
}

/* A change made on another workstation since the sheet was loaded: load it.
 * Returns 1 when `path` itself was changed there (its old value differs from
 * `old`), 0 otherwise; -1 when the revision could not be read. */
static int sync_before_commit(ws *w, const char *path, const char *old)
{
	jx_err err;
	int64_t rev;
	if (jx_store_revision(w->st, w->sheet->id, &rev, &err) < 0)
		return -1;
	if (rev == w->sheet->revision)
		return 0;
	jx_sheet *s = NULL;
	if (jx_store_load(w->st, w->sheet->id, &s, &err) < 0)
		return -1;
	adopt_sheet(w, s);
	return path && strcmp(field_text(w, path), old) != 0;
}

/* Write one field without touching undo.  0 or -1 (message in err). */
ws_timing ws_last_timing;

static int commit_raw(ws *w, const char *path, const char *text, jx_err *err)
{
	/* the store moves the sheet's revision past its own commit (and leaves
	 * it behind when another workstation committed meanwhile, so that the
	 * next check reloads) */
	int64_t t0 = now_us();
	if (jx_store_set_field(w->st, w->sheet, w->t, path, text, w->user, err) < 0)
		return -1;
	int64_t t1 = now_us();
	ws_rescore(w);
	ws_last_timing.commit_us = t1 - t0;
	ws_last_timing.score_us = now_us() - t1;
	w->summary_dirty = 1;
	w->save = SAVE_SAVED;
	return 0;
}

static void undo_entry_free(undo_entry *e);
static void push_undo(undo_stack *u, undo_entry e);
static void stack_clear(undo_stack *u);

/* The field at path was changed on another workstation since this one
 * showed it (the sheet now holds that value): say so beside the field; the
 * user's text stays in the editor. */
static void report_conflict(ws *w, const char *path, const char *text)
{
	char sv[128], nv[128];
	short_value(sv, sizeof sv, field_text(w, path));
	short_value(nv, sizeof nv, text);
	snprintf(w->err_path, sizeof w->err_path, "%s", path);
	snprintf(w->err_msg, sizeof w->err_msg,
		 L("此字段刚在其他工作站改为「%s」；你的「%s」未保存（再次提交将覆盖）",
		   "this field was just changed on another workstation to \"%s\"; your \"%s\" was not saved (commit again to overwrite)"),
		 sv, nv);
	ws_msg(w, UC_WARN, "%s", w->err_msg);
}

int ws_commit(ws *w, const char *path, const char *text)
{
	jx_err err;
	char label[256], sv[128], nv[128];

	if (!ws_can_edit(w, path)) {
		snprintf(w->err_path, sizeof w->err_path, "%s", path);
		copy_cut(w->err_msg, sizeof w->err_msg, w->msg);
		return -1;
	}
	char *old = jx_strdup(field_text(w, path));
	if (!old)
		return -1;
	int conflict = sync_before_commit(w, path, old);
	if (conflict == 1) {
		report_conflict(w, path, text);
		free(old);
		return -1;
	}
	free(old);
	old = jx_strdup(field_text(w, path));
	if (!old)
		return -1;
	if (strcmp(old, text) == 0) {
		if (strcmp(w->err_path, path) == 0)
			clear_field_error(w);
		free(old);
		return 0;
	}
	jx_field_label(w->sheet, path, label, sizeof label);
	if (commit_raw(w, path, text, &err) < 0) {
		char why[512];
		/* another workstation committed between the check above and the
		 * write (the store refuses under its write lock): show what the
		 * database holds now and say so, as when it is noticed before */
		if (sync_before_commit(w, path, old) == 1) {
			report_conflict(w, path, text);
			free(old);
			return -1;
		}
		if (db_unwritable(w, why, sizeof why))
			snprintf(err.msg, sizeof err.msg, "%s", why);
		short_value(sv, sizeof sv, old);
		short_value(nv, sizeof nv, text);
		snprintf(w->err_path, sizeof w->err_path, "%s", path);
		copy_cut(w->err_msg, sizeof w->err_msg, err.msg);
		ws_msg(w, UC_ERROR, L("「%s」未保存，%s 保存的值仍为「%s」：%s", "\"%s\" not saved; %s keeps its saved value \"%s\": %s"),
		       nv, label, sv, err.msg);
		free(old);
		return -1;
	}
	undo_entry e = {0};
	e.kind = UNDO_FIELD;
	e.path = jx_strdup(path);
	e.old_text = old;
	e.new_text = jx_strdup(field_text(w, path));
	push_undo(&w->undo, e);
	stack_clear(&w->redo);
	if (strcmp(w->err_path, path) == 0)
		clear_field_error(w);
	w->db_unwritable = 0;
	short_value(nv, sizeof nv, field_text(w, path));
	/* said as saved once the disk has it (at once when it already has) */
	snprintf(w->msg_synced, sizeof w->msg_synced, L("已保存 %s = %s", "saved %s = %s"), label, nv);
	if (jx_store_unsynced(w->st)) {
		ws_msg(w, UC_DIM, L("正在保存 %s = %s", "saving %s = %s"), label, nv);
		w->msg_awaits_sync = 1;
	} else {
		ws_msg(w, UC_OK, "%s", w->msg_synced);
	}
	return 0;
}

/* ---- the edit in progress -------------------------------------------------------- */

int ws_is_editing(const ws *w, const char *path)
{
	return w->editing && strcmp(w->edit_path, path) == 0;
}

int ws_edit_begin_with(ws *w, const char *path, int multiline, const char *text)
{
	if (w->editing)
		ws_edit_cancel(w);
	if (!ws_can_edit(w, path))
		return -1;
	ui_edit_init(&w->ed, multiline, JX_FIELD_MAX);
	ui_edit_set(&w->ed, text);
	w->editing = 1;
	snprintf(w->edit_path, sizeof w->edit_path, "%s", path);
	copy_cut(w->edit_saved, sizeof w->edit_saved, field_text(w, path));
	w->save = SAVE_EDITING;
	return 0;
}

int ws_edit_begin(ws *w, const char *path, int multiline)
{
	if (!ws_can_edit(w, path))
		return -1;
	char *cur = jx_strdup(field_text(w, path));
	int r = ws_edit_begin_with(w, path, multiline, cur ? cur : "");
	free(cur);
	return r;
}

void ws_edit_cancel(ws *w)
{
	if (!w->editing)
		return;
	ui_edit_free(&w->ed);
	w->editing = 0;
	if (strcmp(w->err_path, w->edit_path) == 0)
		clear_field_error(w);
	w->edit_path[0] = '\0';
	w->save = w->db_readonly ? SAVE_READONLY : SAVE_SAVED;
}

int ws_edit_commit(ws *w)
{
	if (!w->editing)
		return 0;
	char path[160];
	snprintf(path, sizeof path, "%s", w->edit_path);
	if (ws_commit(w, path, ui_edit_text(&w->ed)) < 0) {
		w->save = SAVE_FAILED;
		return -1;
	}
	ui_edit_free(&w->ed);
	w->editing = 0;
	w->edit_path[0] = '\0';
	/* the value was the saved one (nothing to write): the edit is over */
	if (w->save == SAVE_EDITING || w->save == SAVE_FAILED)
		w->save = w->db_readonly ? SAVE_READONLY : SAVE_SAVED;
	return 0;
}

int ws_edit_feed(ws *w, int key)
{
	int r = ui_edit_key(&w->ed, key);
	if (w->ed.multiline && r == UE_UNHANDLED && (key == UK_FN(KEY_F(2)) || key == UK_CTRL('S')))
		r = UE_ENTER;
	switch (r) {
	case UE_REFUSED:
		ws_msg(w, UC_ERROR, L("已达到长度上限（%d 字节），多出的文字未输入", "length limit reached (%d bytes): the rest was not entered"),
		       JX_FIELD_MAX);
		break;
	case UE_ENTER:
	case UE_TAB:
	case UE_BTAB:
	case UE_UP:
	case UE_DOWN:
		ws_edit_commit(w);
		break;
	case UE_ESC:
		if (w->ed.multiline && w->ed.changed &&
		    !ui_confirm(L("取消修改", "Cancel edit"), L("放弃对此字段的修改？", "Discard the changes to this field?")))
			break;
		ws_edit_cancel(w);
		ws_msg(w, UC_INFO, "%s", L("已取消修改，保存的值未变", "edit cancelled; the saved value is unchanged"));
		break;
	default:
		break;
	}
	if (w->editing && !w->ed.pasting) {
		int bad = ui_invalid_input();
		if (w->ed.dropped && bad)
			ws_msg(w, UC_WARN,
			       L("粘贴的文字中有 %d 个控制字符已去掉，%d 个无效的 UTF-8 字节显示为 U+FFFD",
				 "%d control characters in the pasted text were removed, %d invalid UTF-8 bytes shown as U+FFFD"),
			       w->ed.dropped, bad);
		else if (w->ed.dropped)
			ws_msg(w, UC_WARN, L("粘贴的文字中有 %d 个控制字符，已去掉", "%d control characters in the pasted text were removed"),
			       w->ed.dropped);
		else if (bad)
			ws_msg(w, UC_WARN, L("输入中有 %d 个无效的 UTF-8 字节，显示为 U+FFFD；保存前可以删去",
					     "%d invalid UTF-8 bytes in the input are shown as U+FFFD; delete them before saving if you like"),
			       bad);
		w->ed.dropped = 0;
	}
	return r;
}

int ws_grid_edit_feed(ws *w, struct ui_grid *g, int key)
{
	int r = ws_edit_feed(w, key);
	if (w->editing)
		return VR_HANDLED;
	switch (r) {
	case UE_ENTER:
	case UE_DOWN:
		if (g->row + 1 < g->nrows)
			g->row++;
		break;
	case UE_UP:
		if (g->row > 0)
			g->row--;
		break;
	case UE_TAB:
		if (g->col + 1 < g->ncols)
			g->col++;
		break;
	case UE_BTAB:
		if (g->col > 0)
			g->col--;
		break;
	default:
		break;
	}
	return VR_HANDLED;
}

int ws_edit_long(ws *w, const char *path)
{
	char label[256];
	if (w->editing)
		ws_edit_cancel(w);
	if (!ws_can_edit(w, path))
		return -1;
	ui_edit ed;
	ui_edit_init(&ed, 1, JX_FIELD_MAX);
	ui_edit_set(&ed, field_text(w, path));
	jx_field_label(w->sheet, path, label, sizeof label);
	w->save = SAVE_EDITING;
	int r = -1;
	const char *note = NULL;
	while (ui_edit_dialog(label, &ed, note)) {
		if (ws_commit(w, path, ui_edit_text(&ed)) == 0) {
			r = 0;
			break;
		}
		note = w->err_msg; /* refused: say why and keep the text */
	}
	if (r < 0 && strcmp(w->err_path, path) == 0)
		clear_field_error(w);
	ui_edit_free(&ed);
	if (w->save == SAVE_EDITING || w->save == SAVE_FAILED)
		w->save = w->db_readonly ? SAVE_READONLY : SAVE_SAVED;
	return r;
}

/* ---- undo ------------------------------------------------------------------------ */

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

void ws_undo_clear(ws *w)
{
	stack_clear(&w->undo);
	stack_clear(&w->redo);
}

static int ind_index(const ws *w, const char *key)
{
	for (size_t i = 0; i < w->sheet->n_inds; i++)
		if (w->sheet->inds[i].key && key && strcmp(w->sheet->inds[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* Structural edits: allowed, and the sheet is the latest one on disk. */
static int structural_ok(ws *w)
{
	if (!ws_can_edit(w, NULL))
		return 0;
	sync_before_commit(w, NULL, NULL);
	return 1;
}

static void after_structure(ws *w)
{
	ws_rescore(w);
	w->summary_dirty = 1;
	w->save = SAVE_SAVED;
	views_sheet_changed(w);
}

/* A structural edit failed: say why; when the database may have gone
 * read-only meanwhile, say so. */
static void structure_failed(ws *w, const jx_err *err)
{
	char why[512];
	if (db_unwritable(w, why, sizeof why))
		ws_msg(w, UC_ERROR, L("未保存：%s", "not saved: %s"), why);
	else
		ws_msg(w, UC_ERROR, "%s", err->msg);
}

/* A sheet holding a copy of one indicator (its key, every column): what
 * undo keeps of a deleted row. */
static jx_sheet *hold_indicator(const jx_indicator *d)
{
	jx_sheet *h = jx_sheet_new();
	jx_indicator *c = h ? jx_sheet_add_ind(h, d->key) : NULL;
	if (!c || !c->key || jx_set_str(&c->slot, d->slot) || jx_set_str(&c->name, d->name) ||
	    jx_set_str(&c->subproject, d->subproject) || jx_set_str(&c->target_text, d->target_text) ||
	    jx_set_str(&c->unit, d->unit) || jx_set_str(&c->actual_text, d->actual_text) ||
	    jx_set_str(&c->override_reason, d->override_reason) || jx_set_str(&c->deduction_reason, d->deduction_reason) ||
	    jx_set_str(&c->deviation_reason, d->deviation_reason)) {
		jx_sheet_free(h);
		return NULL;
	}
	c->cmp = d->cmp;
	c->target = d->target;
	c->actual = d->actual;
	c->points = d->points;
	c->band = d->band;
	c->score_entered = d->score_entered;
	c->score_stated = d->score_stated;
	c->override_score = d->override_score;
	c->deduction = d->deduction;
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

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Index of the row of s that is the held row (a fund by its source, the
 * others at position at when the same); -1 when it is not there. */
static int held_row_index(const jx_sheet *s, jx_row_kind kind, size_t at, const jx_sheet *h)
{
	switch (kind) {
	case JX_ROW_FUND:
		for (size_t i = 0; i < s->n_funds; i++)
			if (same_text(s->funds[i].source, h->funds[0].source))
				return (int)i;
		return -1;
	case JX_ROW_SUB:
		return at < s->n_subs && same_text(s->subs[at].name, h->subs[0].name) && s->subs[at].budget == h->subs[0].budget &&
				       s->subs[at].spent == h->subs[0].spent
			       ? (int)at
			       : -1;
	case JX_ROW_BASIS:
		return at < s->n_basis && same_text(s->basis[at], h->basis[0]) ? (int)at : -1;
	case JX_ROW_GOAL:
		return at < s->n_goals && same_text(s->goals[at].planned, h->goals[0].planned) &&
				       same_text(s->goals[at].actual, h->goals[0].actual)
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

int ws_ind_add(ws *w, size_t at, const char *slot)
{
	jx_err err;
	if (!structural_ok(w))
		return -1;
	if (at > w->sheet->n_inds)
		at = w->sheet->n_inds;
	if (jx_store_add_indicator(w->st, w->sheet, at, slot, w->user, &err) < 0) {
		structure_failed(w, &err);
		return -1;
	}
	undo_entry e = {0};
	e.kind = UNDO_IND_ADD;
	e.at = at;
	e.ind_key = jx_strdup(w->sheet->inds[at].key);
	push_undo(&w->undo, e);
	stack_clear(&w->redo);
	after_structure(w);
	ws_msg(w, UC_OK, "%s", L("已添加一行指标", "indicator row added"));
	return 0;
}

int ws_ind_delete(ws *w, size_t at)
{
	jx_err err;
	if (!structural_ok(w) || at >= w->sheet->n_inds)
		return -1;
	undo_entry e = {0};
	e.kind = UNDO_IND_DEL;
	e.at = at;
	e.ind_key = jx_strdup(w->sheet->inds[at].key);
	e.holder = hold_indicator(&w->sheet->inds[at]);
	if (!e.ind_key || !e.holder) {
		undo_entry_free(&e);
		ws_msg(w, UC_ERROR, "%s", L("内存不足：未删除", "out of memory: nothing deleted"));
		return -1;
	}
	if (jx_store_delete_indicator(w->st, w->sheet, at, w->user, &err) < 0) {
		structure_failed(w, &err);
		undo_entry_free(&e);
		return -1;
	}
	push_undo(&w->undo, e);
	stack_clear(&w->redo);
	after_structure(w);
	ws_msg(w, UC_OK, "%s", L("已删除一行指标（撤销可恢复）", "indicator row deleted (undo brings it back)"));
	return 0;
}

int ws_ind_move(ws *w, size_t from, size_t to)
{
	jx_err err;
	if (!structural_ok(w) || from >= w->sheet->n_inds || to >= w->sheet->n_inds || from == to)
		return -1;
	if (jx_store_move_indicator(w->st, w->sheet, from, to, w->user, &err) < 0) {
		structure_failed(w, &err);
		return -1;
	}
	undo_entry e = {0};
	e.kind = UNDO_IND_MOVE;
	e.at = from;
	e.to = to;
	push_undo(&w->undo, e);
	stack_clear(&w->redo);
	after_structure(w);
	return 0;
}

int ws_row_delete(ws *w, jx_row_kind kind, size_t at)
{
	jx_err err;
	char title[256], q[512];
	if (!structural_ok(w) || at >= jx_store_row_count(w->sheet, kind))
		return -1;
	row_title(w->sheet, kind, at, title, sizeof title);
	snprintf(q, sizeof q, L("删除%s？（撤销可恢复）", "Delete %s? (undo brings it back)"), title);
	if (!ui_confirm(L("删除", "Delete"), q)) {
		ws_msg(w, UC_INFO, "%s", L("未删除", "nothing deleted"));
		return -1;
	}
	undo_entry e = {0};
	e.kind = UNDO_ROW_DEL;
	e.row_kind = kind;
	e.at = at;
	e.holder = hold_row(w->sheet, kind, at);
	if (!e.holder) {
		ws_msg(w, UC_ERROR, "%s", L("内存不足：未删除", "out of memory: nothing deleted"));
		return -1;
	}
	if (jx_store_delete_row(w->st, w->sheet, kind, at, w->user, &err) < 0) {
		structure_failed(w, &err);
		undo_entry_free(&e);
		return -1;
	}
	push_undo(&w->undo, e);
	stack_clear(&w->redo);
	after_structure(w);
	ws_msg(w, UC_OK, L("已删除%s（撤销可恢复）", "deleted %s (undo brings it back)"), title);
	return 0;
}

/* Apply entry e backwards (undo) or forwards (redo).  0 or -1. */
static int apply_entry(ws *w, undo_entry *e, int backwards)
{
	jx_err err;
	char label[256], v[128];
	switch (e->kind) {
	case UNDO_FIELD: {
		const char *expect = backwards ? e->new_text : e->old_text;
		const char *target = backwards ? e->old_text : e->new_text;
		if (!ws_can_edit(w, e->path))
			return -1;
		sync_before_commit(w, NULL, NULL);
		if (strcmp(field_text(w, e->path), expect) != 0) {
			jx_field_label(w->sheet, e->path, label, sizeof label);
			ws_msg(w, UC_WARN, L("%s 已被其他修改改变，不能%s", "%s has been changed since; cannot %s it"), label,
			       backwards ? L("撤销", "undo") : L("重做", "redo"));
			return -1;
		}
		if (commit_raw(w, e->path, target, &err) < 0) {
			structure_failed(w, &err);
			return -1;
		}
		jx_field_label(w->sheet, e->path, label, sizeof label);
		short_value(v, sizeof v, target);
		ws_msg(w, UC_OK, "%s %s = %s", backwards ? L("已撤销：", "undone:") : L("已重做：", "redone:"), label, v);
		ws_go_to_path(w, e->path);
		return 0;
	}
	case UNDO_IND_ADD:
	case UNDO_IND_DEL: {
		/* undoing an add and redoing a delete take the row out; the
		 * others put it back whole, under its own key */
		int take_out = (e->kind == UNDO_IND_ADD) == backwards;
		if (!structural_ok(w))
			return -1;
		if (take_out) {
			int i = ind_index(w, e->ind_key);
			if (i < 0) {
				ws_msg(w, UC_WARN, "%s", L("这一行指标已不在表中", "that indicator row is no longer in the sheet"));
				return -1;
			}
			jx_sheet *h = hold_indicator(&w->sheet->inds[i]);
			if (!h) {
				ws_msg(w, UC_ERROR, "%s", L("内存不足", "out of memory"));
				return -1;
			}
			if (jx_store_delete_indicator(w->st, w->sheet, (size_t)i, w->user, &err) < 0) {
				jx_sheet_free(h);
				structure_failed(w, &err);
				return -1;
			}
			jx_sheet_free(e->holder);
			e->holder = h;
			e->at = (size_t)i;
		} else {
			if (!e->holder || jx_store_restore_indicator(w->st, w->sheet, e->at, &e->holder->inds[0], w->user, &err) < 0) {
				if (e->holder)
					structure_failed(w, &err);
				return -1;
			}
		}
		after_structure(w);
		if (!take_out) {
			char where[160];
			snprintf(where, sizeof where, "ind:%s:name", e->holder->inds[0].key);
			ws_go_to_path(w, where);
		}
		if (e->kind == UNDO_IND_ADD)
			ws_msg(w, UC_OK, "%s", backwards ? L("已撤销添加", "add undone") : L("已重做添加", "add redone"));
		else
			ws_msg(w, UC_OK, "%s", backwards ? L("已撤销删除，指标连同原有编号恢复", "delete undone: the indicator is back under its own key")
							 : L("已重做删除", "delete redone"));
		return 0;
	}
	case UNDO_ROW_DEL: {
		char title[256];
		if (!structural_ok(w))
			return -1;
		if (backwards) {
			if (jx_store_insert_row(w->st, w->sheet, e->row_kind, e->at, e->holder, 0, w->user, &err) < 0) {
				structure_failed(w, &err);
				return -1;
			}
			after_structure(w);
			size_t at = e->at < jx_store_row_count(w->sheet, e->row_kind) ? e->at : jx_store_row_count(w->sheet, e->row_kind) - 1;
			if (e->row_kind == JX_ROW_FUND)
				at = (size_t)held_row_index(w->sheet, JX_ROW_FUND, 0, e->holder);
			row_title(w->sheet, e->row_kind, at, title, sizeof title);
			ws_msg(w, UC_OK, L("已撤销删除：%s", "delete undone: %s"), title);
		} else {
			int i = held_row_index(w->sheet, e->row_kind, e->at, e->holder);
			if (i < 0) {
				ws_msg(w, UC_WARN, "%s", L("这一行已被其他修改改变，不能重做", "that row has been changed since; cannot redo"));
				return -1;
			}
			row_title(w->sheet, e->row_kind, (size_t)i, title, sizeof title);
			if (jx_store_delete_row(w->st, w->sheet, e->row_kind, (size_t)i, w->user, &err) < 0) {
				structure_failed(w, &err);
				return -1;
			}
			e->at = (size_t)i;
			after_structure(w);
			ws_msg(w, UC_OK, L("已重做删除：%s", "delete redone: %s"), title);
		}
		return 0;
	}
	case UNDO_IND_MOVE: {
		size_t a = backwards ? e->to : e->at, b = backwards ? e->at : e->to;
		if (!structural_ok(w) || a >= w->sheet->n_inds || b >= w->sheet->n_inds)
			return -1;
		if (jx_store_move_indicator(w->st, w->sheet, a, b, w->user, &err) < 0) {
			structure_failed(w, &err);
			return -1;
		}
		after_structure(w);
		ws_msg(w, UC_OK, "%s", backwards ? L("已撤销移动", "move undone") : L("已重做移动", "move redone"));
		return 0;
	}
	}
	return -1;
}

void ws_undo(ws *w)
{
	if (!w->sheet || w->undo.n == 0) {
		ws_msg(w, UC_INFO, "%s", L("没有可撤销的修改", "nothing to undo"));
		return;
	}
	undo_entry e = w->undo.v[w->undo.n - 1];
	w->undo.n--;
	if (apply_entry(w, &e, 1) < 0) {
		w->undo.v[w->undo.n++] = e; /* keep it */
		return;
	}
	push_undo(&w->redo, e);
}

void ws_redo(ws *w)
{
	if (!w->sheet || w->redo.n == 0) {
		ws_msg(w, UC_INFO, "%s", L("没有可重做的修改", "nothing to redo"));
		return;
	}
	undo_entry e = w->redo.v[w->redo.n - 1];
	w->redo.n--;
	if (apply_entry(w, &e, 0) < 0) {
		w->redo.v[w->redo.n++] = e;
		return;
	}
	push_undo(&w->undo, e);
}

/* ---- views ----------------------------------------------------------------------- */

int ws_switch(ws *w, int v)
{
	if (v < 0 || v >= WS_NVIEWS)
		return -1;
	if (w->editing && ws_edit_commit(w) < 0)
		return -1;
	if (v == WS_LIST)
		ws_save_summary(w);
	w->cur = v;
	/* returning to a screen shows what other workstations committed */
	ws_reload_if_changed(w);
	if (view_table[v]->enter)
		view_table[v]->enter(w, w->vst[v]);
	return 0;
}

void ws_go_to_path(ws *w, const char *path)
{
	/* the view that edits the field, in order of preference */
	static const int order[] = {WS_INDS, WS_FUNDS, WS_INFO, WS_NARR, WS_SCORE, WS_CHECKS};
	if (view_table[w->cur]->go_to && view_table[w->cur]->go_to(w, w->vst[w->cur], path))
		return;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		int v = order[i];
		if (view_table[v]->go_to && view_table[v]->go_to(w, w->vst[v], path)) {
			if (v != w->cur)
				ws_switch(w, v);
			view_table[v]->go_to(w, w->vst[v], path);
			return;
		}
	}
}

/* ---- drawing the frame -------------------------------------------------------------- */

static int too_small(void)
{
	return ui_rows() < 24 || ui_cols() < 80;
}

static void draw_small(void)
{
	/* pieces that stay whole when the width allows: never "8" / "0×24" */
	char size[64];
	snprintf(size, sizeof size, L("当前 %d×%d", "now %dx%d"), ui_cols(), ui_rows());
	const char *pieces[3] = {L("终端窗口太小", "Terminal window too small"), L("（至少 80×24）", " (at least 80x24)"), size};
	char lines[8][128];
	int nl = 0, w = ui_cols(), h = ui_rows();
	for (int i = 0; i < 3; i++) {
		const char *p = pieces[i];
		if (i == 2 || nl == 0) {
			if (nl < 8)
				lines[nl++][0] = '\0';
		} else if (jx_text_width(lines[nl - 1]) + jx_text_width(p) > w && nl < 8) {
			lines[nl++][0] = '\0';
		}
		/* a piece wider than the terminal is cut between characters */
		while (*p && nl <= 8) {
			char *cur = lines[nl - 1];
			int used;
			size_t take = jx_text_fit(p, w - jx_text_width(cur), &used);
			if (take == 0) {
				if (!cur[0])
					break; /* not even one character fits */
				if (nl == 8)
					break;
				lines[nl++][0] = '\0';
				continue;
			}
			size_t cl = strlen(cur);
			if (cl + take >= sizeof lines[0])
				break;
			memcpy(cur + cl, p, take);
			cur[cl + take] = '\0';
			p += take;
			if (*p && nl < 8)
				lines[nl++][0] = '\0';
			else if (*p)
				break;
		}
	}
	int y = (h - nl) / 2;
	if (y < 0)
		y = 0;
	for (int i = 0; i < nl && y + i < h; i++) {
		int lw = jx_text_width(lines[i]);
		int x = (w - lw) / 2 > 0 ? (w - lw) / 2 : 0;
		ui_text(y + i, x, lw, lines[i], ui_attr(i < nl - 1 ? UC_WARN : UC_NORMAL), UI_LEFT);
	}
}

static void draw_tabs(ws *w)
{
	int cols = ui_cols(), x = 0;
	ui_fill(0, 0, cols, ui_attr(UC_TABBAR));
	for (int i = 0; i < WS_NVIEWS && x < cols; i++) {
		char t[64];
		snprintf(t, sizeof t, " %d %s ", i + 1, L(view_table[i]->zh, view_table[i]->en));
		int tw = jx_text_width(t);
		if (x + tw > cols)
			tw = cols - x;
		ui_text(0, x, tw, t, ui_attr(i == w->cur ? UC_TAB_ACTIVE : UC_TABBAR), UI_LEFT);
		x += tw;
	}
	const char *mode = w->review ? L("审核模式", "REVIEW") : NULL;
	if (mode) {
		int mw = jx_text_width(mode) + 2;
		if (x + mw <= cols)
			ui_text(0, cols - mw, mw, mode, ui_attr(UC_TAB_ACTIVE), UI_CENTER);
	}
}

static void draw_status(ws *w, int y)
{
	int cols = ui_cols();
	char left[512], right[512], a[32], b[32];
	ui_fill(y, 0, cols, ui_attr(UC_STATUS));
	if (w->sheet) {
		snprintf(left, sizeof left, " %d %s", w->sheet->year, w->sheet->info[JX_INFO_NAME] ? w->sheet->info[JX_INFO_NAME] : "");
	} else {
		snprintf(left, sizeof left, " %s", w->db_path ? w->db_path : "");
	}
	const char *save;
	switch (w->save) {
	case SAVE_SAVED: save = jx_store_unsynced(w->st) ? L("保存中", "saving") : L("已保存", "saved"); break;
	case SAVE_EDITING: save = L("编辑中", "editing"); break;
	case SAVE_FAILED: save = L("未保存", "NOT saved"); break;
	case SAVE_READONLY: save = L("只读", "read-only"); break;
	default: save = ""; break;
	}
	if (w->db_unwritable)
		save = L("数据库不能写入", "database read-only");
	char state[64] = "";
	if (w->sheet && ws_sheet_final(w->sheet))
		snprintf(state, sizeof state, "%s  ", L("定稿", "final"));
	if (w->sheet && w->scored) {
		const char *g = w->ss.grade ? L(w->ss.grade->grade, w->ss.grade->grade_en ? w->ss.grade->grade_en : w->ss.grade->grade) : "";
		char exec[64] = "";
		if (w->ss.exec_rate != JX_NONE)
			snprintf(exec, sizeof exec, "%s %s  ", L("执行率", "exec"), ws_fmt_rate(b, w->ss.exec_rate));
		snprintf(right, sizeof right, "%s%s %s %s  %s %zu  %s%s ", exec, L("总分", "total"),
			 w->ss.total == JX_NONE ? "-" : ws_fmt(a, w->ss.total, 2), g ? g : "", L("检查", "checks"), w->fnd.n, state,
			 save);
	} else if (w->sheet) {
		snprintf(right, sizeof right, "%s  %s%s ", L("未评分", "not scored"), state, save);
	} else {
		snprintf(right, sizeof right, "%s ", w->db_readonly ? L("只读", "read-only") : "");
	}
	if (w->review) {
		/* the mode stays in sight even where the tab bar has no room for it */
		const char *mode = L("审核模式  ", "REVIEW  ");
		size_t ml = strlen(mode), rl = strlen(right);
		if (ml + rl < sizeof right) {
			memmove(right + ml, right, rl + 1);
			memcpy(right, mode, ml);
		}
	}
	int rw = jx_text_width(right);
	if (rw > cols)
		rw = cols;
	ui_text(y, 0, cols - rw - 2, left, ui_attr(UC_STATUS), UI_LEFT);
	ui_text(y, cols - rw, rw, right, ui_bold(ui_attr(UC_STATUS)), UI_LEFT);
}

static int keybar_item(int y, int x, int maxx, const char *key, const char *label)
{
	int kw = jx_text_width(key), lw = jx_text_width(label);
	if (x + kw + lw + 1 > maxx)
		return x;
	ui_text(y, x, kw, key, ui_attr(UC_KEY), UI_LEFT);
	ui_text(y, x + kw, lw, label, ui_attr(UC_KEYLABEL), UI_LEFT);
	return x + kw + lw + 1;
}

static void draw_keybar(ws *w, int y)
{
	int cols = ui_cols(), x = 0;
	ui_fill(y, 0, cols, ui_attr(UC_NORMAL));
	if (w->editing) {
		if (w->ed.multiline) {
			x = keybar_item(y, x, cols, "Tab", L("保存", "Save"));
			x = keybar_item(y, x, cols, "F2", L("保存", "Save"));
			x = keybar_item(y, x, cols, "Esc", L("取消", "Cancel"));
			x = keybar_item(y, x, cols, "Enter", L("换行", "Newline"));
		} else {
			x = keybar_item(y, x, cols, "Enter", L("保存", "Save"));
			x = keybar_item(y, x, cols, "Tab", L("保存并下一项", "Save+next"));
			x = keybar_item(y, x, cols, "Esc", L("取消", "Cancel"));
		}
		x = keybar_item(y, x, cols, "F1", L("帮助", "Help"));
		return;
	}
	const ui_action *kb = view_table[w->cur]->keybar;
	/* quitting is always shown, at the right end */
	char qk[32];
	snprintf(qk, sizeof qk, "%s", ui_action_key1(UA_QUIT));
	int qw = jx_text_width(qk) + jx_text_width(ui_action_label(UA_QUIT));
	int limit = cols - qw - 1;
	x = keybar_item(y, x, limit, ui_action_key1(UA_HELP), ui_action_label(UA_HELP));
	for (int i = 0; kb && kb[i] != UA_NONE; i++) {
		ui_action a = kb[i];
		/* review mode: only what a reviewer can do */
		if (w->review && (a == UA_ADD || a == UA_INSERT || a == UA_DELETE || a == UA_NEW_SHEET || a == UA_COPY_YEAR ||
				  a == UA_RESTORE || a == UA_MOVE_UP || a == UA_MOVE_DOWN || a == UA_TRASH || a == UA_IMPORT))
			continue;
		const char *label = ui_action_label(a);
		if (a == UA_FINALISE) {
			/* F reopens a finalised sheet */
			const jx_sheet_summary *ls = w->cur == WS_LIST ? scr_list_selected(w) : NULL;
			int fin = w->cur == WS_LIST ? ls && ls->status && strcmp(ls->status, "final") == 0 : ws_sheet_final(w->sheet);
			if (fin)
				label = L("重新打开", "Reopen");
		}
		x = keybar_item(y, x, limit, ui_action_key1(a), label);
	}
	x = keybar_item(y, x, limit, ui_action_key1(UA_NEXT_SCREEN), ui_action_label(UA_NEXT_SCREEN));
	keybar_item(y, cols - qw, cols + 1, qk, ui_action_label(UA_QUIT));
	(void)x;
}

static void draw_frame(void *ctx)
{
	ws *w = ctx;
	ui_clear();
	if (too_small()) {
		draw_small();
		return;
	}
	int rows = ui_rows(), cols = ui_cols();
	draw_tabs(w);
	const view_ops *v = view_table[w->cur];
	int body_h = rows - 4;
	if (v->needs_sheet && !w->sheet) {
		ui_text(3, 2, cols - 4, L("没有打开的项目：在「项目列表」（按 1）中选择一个项目并按 Enter。",
					  "No sheet is open: choose one in Projects (press 1) and press Enter."),
			ui_attr(UC_INFO), UI_LEFT);
	} else {
		v->draw(w, w->vst[w->cur], 1, 0, body_h, cols);
	}
	/* message line: a refused value's reason, or the last message */
	const char *m = w->msg;
	int role = w->msg_role;
	ui_text(rows - 3, 0, cols, m, ui_attr((ui_color)role), UI_LEFT);
	draw_status(w, rows - 2);
	draw_keybar(w, rows - 1);
}

/* ---- help ------------------------------------------------------------------------------ */

static void show_help(ws *w)
{
	ui_buf b = {0};
	const view_ops *v = view_table[w->cur];
	char title[128];
	snprintf(title, sizeof title, "%s: %s", L("帮助", "Help"), L(v->zh, v->en));
	if (v->help)
		v->help(w, w->vst[w->cur], &b);
	if (w->editing) {
		ui_buf_add(&b, "\n");
		ui_buf_add(&b, L("正在编辑：Enter 保存（多行文本用 Tab 或 F2 保存），Esc 取消，左右键按字移动，Home/End 到头尾，"
				 "Ctrl-U 删除光标前的文字，Ctrl-K 删除光标后的文字。输入法的候选窗口跟随光标。\n",
				 "Editing: Enter saves (Tab or F2 in a text area), Esc cancels, Left/Right move by character, "
				 "Home/End to either end, Ctrl-U deletes before the caret, Ctrl-K after it.\n"));
	}
	ui_buf_add(&b, L("\n保存：每个字段在 Enter、Tab 或离开时立即写入数据库并留下修改记录；所有得分在同一画面中更新。"
			 "被拒绝的值不会保存，原值保持不变，原因显示在字段旁。\n",
			 "\nSaving: each field is written to the database with its audit row on Enter, Tab or when you leave it; "
			 "every score is updated in the same frame. A refused value is not saved; the saved value stays and the "
			 "reason is shown beside the field.\n"));
	ui_buf_add(&b, L("\n按键（功能键不可用时使用字母键）：\n", "\nKeys (letters work where function keys do not):\n"));
	for (int a = 0; a < UA_COUNT; a++) {
		char keys[64];
		snprintf(keys, sizeof keys, "%s", ui_action_keys((ui_action)a));
		/* F18 is how terminals report shift-F6 */
		char *f18 = strstr(keys, "F18");
		if (f18) {
			memmove(f18 + 4, f18 + 3, strlen(f18 + 3) + 1);
			memcpy(f18, "S-F6", 4);
		}
		ui_buf_printf(&b, "  %-14s %s\n", keys, ui_action_full_label((ui_action)a));
	}
	ui_buf_add(&b, L("  方向键 PgUp PgDn Home End  移动\n", "  arrows PgUp PgDn Home End  move\n"));
	ui_show_text(title, b.s ? b.s : "");
	ui_buf_free(&b);
}

static void show_explain(ws *w)
{
	ui_buf b = {0};
	const view_ops *v = view_table[w->cur];
	if (v->explain)
		v->explain(w, w->vst[w->cur], &b);
	if (!b.len && w->sheet && w->scored) {
		char t[32];
		ui_buf_printf(&b, "%s %s\n\n", L("总分", "Total"), ws_fmt(t, w->ss.total, 2));
		if (w->ss.text)
			ui_buf_add(&b, w->ss.text + w->ss.total_expl);
	}
	if (b.len)
		ui_show_text(L("计算说明", "How it is computed"), b.s);
	else
		ws_msg(w, UC_INFO, "%s", L("这里没有计算得出的数值", "there is no computed number here"));
	ui_buf_free(&b);
}

/* H: the history of the field under the cursor; of the whole sheet on the
 * project list or where the cursor is on no field. */
static void show_field_history(ws *w)
{
	char path[256];
	if (w->cur == WS_LIST) {
		const jx_sheet_summary *s = scr_list_selected(w);
		ws_show_history(w, s ? s->id : 0, NULL);
		return;
	}
	if (!w->sheet) {
		ws_msg(w, UC_WARN, "%s", L("没有打开的项目", "no sheet is open"));
		return;
	}
	const view_ops *v = view_table[w->cur];
	if (v->field_at && v->field_at(w, w->vst[w->cur], path, sizeof path) && path[0])
		ws_show_history(w, w->sheet->id, path);
	else
		ws_show_history(w, w->sheet->id, NULL);
}

/* ---- the loop ---------------------------------------------------------------------------- */

static void request_quit(ws *w)
{
	if (w->editing && ws_edit_commit(w) < 0) {
		if (!ui_confirm(L("退出", "Quit"), L("当前字段的新值未能保存。放弃它并退出？", "The current field's new value could not be saved. Discard it and quit?")))
			return;
		ws_edit_cancel(w);
	}
	ws_save_summary(w);
	w->quit = 1;
}

static void handle_key(ws *w, int key)
{
	ui_action a = ui_action_of(key);
	const view_ops *v = view_table[w->cur];

	if (too_small()) {
		/* nothing is drawn: only quitting is safe */
		if (a == UA_QUIT && key != 'q')
			request_quit(w);
		return;
	}
	if (w->editing) {
		if (key == UK_FN(KEY_F(1))) {
			show_help(w);
			return;
		}
		if (key == UK_FN(KEY_F(10)) || key == UK_CTRL('Q') || key == UK_CTRL('C')) {
			request_quit(w);
			return;
		}
		/* F6 / Shift-F6 (not their letters, which are text here): save
		 * the field, then go to the next or previous screen */
		if (key >= UK_FN_BASE && (a == UA_NEXT_SCREEN || a == UA_PREV_SCREEN)) {
			if (ws_edit_commit(w) == 0)
				ws_switch(w, (w->cur + (a == UA_NEXT_SCREEN ? 1 : WS_NVIEWS - 1)) % WS_NVIEWS);
			return;
		}
	}
	int r = 0;
	if (!(v->needs_sheet && !w->sheet))
		r = v->key(w, w->vst[w->cur], key, a);
	if (r & VR_QUIT)
		request_quit(w);
	if (r)
		return;
	if (w->editing) {
		/* a view that does not handle its own editor keys */
		ws_edit_feed(w, key);
		return;
	}
	switch (a) {
	case UA_HELP:
		show_help(w);
		break;
	case UA_EXPLAIN:
		show_explain(w);
		break;
	case UA_NEXT_SCREEN:
		ws_switch(w, (w->cur + 1) % WS_NVIEWS);
		break;
	case UA_PREV_SCREEN:
		ws_switch(w, (w->cur + WS_NVIEWS - 1) % WS_NVIEWS);
		break;
	case UA_SCREEN1:
	case UA_SCREEN2:
	case UA_SCREEN3:
	case UA_SCREEN4:
	case UA_SCREEN5:
	case UA_SCREEN6:
	case UA_SCREEN7:
		ws_switch(w, a - UA_SCREEN1);
		break;
	case UA_UNDO:
		ws_undo(w);
		break;
	case UA_REDO:
		ws_redo(w);
		break;
	case UA_QUIT:
		request_quit(w);
		break;
	case UA_REDRAW:
		clearok(curscr, TRUE);
		ws_reload_if_changed(w);
		break;
	case UA_HISTORY:
		show_field_history(w);
		break;
	case UA_EXPORT:
		ws_export(w);
		break;
	case UA_IMPORT:
		ws_import(w);
		break;
	case UA_FINALISE:
		ws_finalise_toggle(w);
		break;
	default:
		if (key != UK_PASTE_BEGIN && key != UK_PASTE_END && key != UK_ESC)
			ws_msg(w, UC_DIM, "%s", L("此键在这里没有作用；按 F1 看帮助", "that key does nothing here; F1 for help"));
		break;
	}
}

/* The terminal hung up (SIGHUP: the SSH connection of a user on an old
 * Windows PC dropped) or the system asked the program to stop (SIGTERM):
 * the signal's number, seen by the loop, which then saves the field being
 * edited, as leaving it would, and ends. */
#define stop_signal ui_stop_signal

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a waiting read returns at once */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Nothing can be asked any more: the value being typed is committed if it
 * can be (a refused one stays unsaved, as it would on screen), the project
 * list's cache updated, the loop ends. */
static void stop_now(ws *w)
{
	if (w->editing && ws_edit_commit(w) < 0)
		ws_edit_cancel(w);
	ws_save_summary(w);
	w->quit = 1;
}

static void run(ws *w)
{
	w->last_rev_check = now_ms();
	while (!w->quit) {
		if (stop_signal) {
			stop_now(w);
			break;
		}
		draw_frame(w);
		ui_present();
		/* the frame shows every new score; the checks follow at once */
		if (ws_after_frame(w))
			continue;
		int key = ui_read_key(1000);
		if (key == UK_NONE) {
			/* idle: show another workstation's commits without a key press */
			if (now_ms() - w->last_rev_check >= 1000)
				db_recheck(w);
			if (!w->editing && now_ms() - w->last_rev_check >= 1000) {
				w->last_rev_check = now_ms();
				if (w->sheet)
					ws_reload_if_changed(w);
			}
			continue;
		}
		if (key == UK_RESIZE)
			continue;
		handle_key(w, key);
		/* keys already waiting (a paste, fast typing) are handled before
		 * the next frame is drawn */
		for (int i = 0; i < 100000 && !w->quit && !stop_signal; i++) {
			key = ui_read_key(0);
			if (key == UK_NONE || key == UK_RESIZE)
				break;
			handle_key(w, key);
		}
	}
}

static void parse_args(ws *w, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--review") == 0)
			w->review = 1;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) {
			if (strcmp(argv[i + 1], "en") == 0)
				jx_lang = JX_LANG_EN;
			else if (strcmp(argv[i + 1], "zh") == 0)
				jx_lang = JX_LANG_ZH;
		} else if (strcmp(argv[i], "--lang=en") == 0)
			jx_lang = JX_LANG_EN;
		else if (strcmp(argv[i], "--lang=zh") == 0)
			jx_lang = JX_LANG_ZH;
	}
}

/* Open the database and templates, create the views.  0, or a jixiao exit
 * code with the message on stderr. */
int ws_setup(ws *w, const char *db_path, const char *user, const char *templates_dir)
{
	jx_err err;
	w->db_path = db_path;
	w->user = user ? user : jx_current_user();
	if (jx_store_open(&w->st, db_path, JX_STORE_CREATE, &err) < 0) {
		jx_err e2;
		/* a database we may read but not write: open it to look at */
		if (jx_store_open(&w->st, db_path, JX_STORE_READONLY, &e2) < 0) {
			fprintf(stderr, "jixiao: %s\n", err.msg);
			return JX_EXIT_DB;
		}
		w->db_readonly = 1;
	} else if (jx_store_is_readonly(w->st)) {
		/* the file or its directory cannot be written: opened to look at */
		w->db_readonly = 1;
	} else if (jx_store_defer_sync(w->st, &err) < 0) {
		fprintf(stderr, "jixiao: %s\n", err.msg);
		jx_store_close(w->st);
		w->st = NULL;
		return JX_EXIT_DB;
	}
	if (jx_app_load_templates(&w->tpl, templates_dir, NULL, NULL, &err) < 0) {
		fprintf(stderr, "jixiao: %s\n", err.msg);
		jx_store_close(w->st);
		w->st = NULL;
		return JX_EXIT_INPUT;
	}
	for (int i = 0; i < WS_NVIEWS; i++)
		w->vst[i] = view_table[i]->create ? view_table[i]->create(w) : NULL;
	w->save = w->db_readonly ? SAVE_READONLY : SAVE_NONE;
	return 0;
}

/* After ui_init: the first screen. */
void ws_start(ws *w)
{
	const jx_template *replaced = jx_app_replaced_builtin(&w->tpl);
	ui_set_background(draw_frame, w);
	if (w->db_readonly)
		ws_msg(w, UC_WARN, "%s", L("数据库以只读方式打开：可以查看，不能修改", "the database is open read-only: you can look, not change"));
	else if (replaced) {
		/* a province's variant in the place of a national form: never unnoticed */
		const jx_template *t = replaced;
		ws_msg(w, UC_WARN,
		       L("注意：内置模板 %s 已由 %s（第 %d 版）替换，按它计分",
			 "note: the built-in template %s is replaced by %s (version %d) and scored by it"),
		       t->id, t->file, t->version);
	} else if (w->review)
		ws_msg(w, UC_INFO, "%s", L("审核模式：表格只读，只能填写审核得分、审核意见和审核结论", "review mode: sheets are read-only except the review score, opinion and result"));
	w->cur = WS_LIST;
	if (view_table[WS_LIST]->enter)
		view_table[WS_LIST]->enter(w, w->vst[WS_LIST]);
}

void ws_teardown(ws *w)
{
	ws_close_sheet(w);
	for (int i = 0; i < WS_NVIEWS; i++)
		if (view_table[i]->destroy)
			view_table[i]->destroy(w->vst[i]);
	jx_scoresheet_free(&w->ss);
	jx_findings_free(&w->fnd);
	free(w->undo.v);
	free(w->redo.v);
	jx_templates_free(&w->tpl);
	jx_store_close(w->st);
	memset(w, 0, sizeof *w);
}

void ws_key(ws *w, int key)
{
	handle_key(w, key);
}

void ws_frame(ws *w)
{
	draw_frame(w);
	ui_present();
}

int jx_workstation_main(int argc, char **argv, const char *db_path)
{
	ws w;
	memset(&w, 0, sizeof w);
	parse_args(&w, argc, argv);
	const jx_app_options *o = jx_app_opts();
	/* before the database is opened (or created): nothing is touched when
	 * the workstation cannot run here */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "jixiao: %s\n",
			L("录入工作台需要在终端中运行；在脚本中请使用子命令（jixiao --help）",
			  "the workstation needs a terminal; scripts use the subcommands (jixiao --help)"));
		return JX_EXIT_INPUT;
	}
	int rc = ws_setup(&w, db_path, o ? o->user : NULL, o ? o->templates_dir : NULL);
	if (rc)
		return rc;
	/* before the terminal is set up, so that curses keeps these handlers */
	catch_stop_signals();
	if (ui_init() < 0) {
		fprintf(stderr, "jixiao: %s\n",
			L("无法启动终端界面（需要 UTF-8 字符集和可用的终端）", "cannot start the terminal interface (needs a UTF-8 locale and a terminal)"));
		ws_teardown(&w);
		return JX_EXIT_INPUT;
	}
	ws_start(&w);
	run(&w);
	ui_end();
	ws_teardown(&w);
	/* ended by a signal: the shell's convention, 128 + its number */
	return stop_signal ? 128 + stop_signal : 0;
}
