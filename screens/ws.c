/* The workstation's event loop: keys, frames and dialogs, the views and
 * the edit in progress; the session it works on is session.c.  See ws.h. */
#include "ws.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "err.h"
#include "ws_comment.h"
#include "export.h"
#include "field.h"
#include "grid.h"
#include "stage.h"
#include "textwidth.h"
#include "workstation.h"

static const view_ops *const view_table[WS_NVIEWS] = {
	&scr_list_ops, &scr_info_ops, &scr_funds_ops, &scr_inds_ops, &scr_score_ops, &scr_narr_ops, &scr_checks_ops,
	&scr_monitor_ops,
};

/* Whether view v is a tab now: the monitoring screen only on a monitoring
 * sheet, so that every other sheet keeps its seven tabs. */
static int view_shown(const ws *w, int v)
{
	return v != WS_MONITOR ||
	       (w->s.sheet && jx_sheet_stage_in(w->s.sheet, w->s.t) == JX_STAGE_MONITORING);
}

/* The next view shown after (dir 1) or before (dir -1) the current one. */
static int view_step(const ws *w, int dir)
{
	int v = w->cur;
	do
		v = (v + dir + WS_NVIEWS) % WS_NVIEWS;
	while (!view_shown(w, v));
	return v;
}


/* ---- small helpers --------------------------------------------------------- */

void ws_msg(ws *w, int role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	session_vmsg(&w->s, role, fmt, ap);
	va_end(ap);
	if (w->cur == WS_LIST)
		w->s.msg_sheet = 0; /* said on the list: about the list */
}

const char *ws_fmt(char *buf, jx_dec v, int decimals)
{
	jx_fmt_len(buf, v, decimals < 0 ? 6 : decimals, decimals < 0);
	return buf;
}

const char *ws_fmt_rate(char *buf, jx_dec rate)
{
	return jx_fmt_pct(buf, rate, 2);
}

void ws_explain_path(ws *w, const char *path, ui_buf *b)
{
	session_check_now(&w->s);
	const jx_score_item *it = w->s.scored ? jx_score_find(&w->s.ss, path) : NULL;
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
	ui_buf_add(b, jx_score_expl(&w->s.ss, it));
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
	for (size_t i = 0; i < w->s.fnd.n; i++) {
		const jx_finding *f = &w->s.fnd.v[i];
		if (f->path && strcmp(f->path, path) == 0)
			ui_buf_printf(b, "\n%s %s: %s\n", jx_severity_name(f->sev), f->code, f->msg ? f->msg : "");
	}
}

/* ---- the edit in progress -------------------------------------------------------- */

int ws_is_editing(const ws *w, const char *path)
{
	return w->editing && strcmp(w->edit_path, path) == 0;
}

static void edit_cancel(ws *w)
{
	if (!w->editing)
		return;
	ui_edit_free(&w->ed);
	w->editing = 0;
	if (strcmp(w->s.err_path, w->edit_path) == 0)
		session_clear_field_error(&w->s);
	w->edit_path[0] = '\0';
	w->s.save = w->s.db_readonly ? SAVE_READONLY : SAVE_SAVED;
}

/* Commit the edit in progress (leaving the field); 0 or -1 (refused). */
static int edit_commit(ws *w)
{
	if (!w->editing)
		return 0;
	char path[160];
	snprintf(path, sizeof path, "%s", w->edit_path);
	const char *text = ui_edit_text(&w->ed);
	int r = w->edit_how == WS_EDIT_FIELD ? session_commit(&w->s, path, text)
					     : session_commit_typed(&w->s, path, text, w->edit_how == WS_EDIT_ACTUAL ? TYPED_ACTUAL : TYPED_TARGET);
	if (r < 0) {
		w->s.save = SAVE_FAILED;
		return -1;
	}
	ui_edit_free(&w->ed);
	w->editing = 0;
	w->edit_path[0] = '\0';
	/* the value was the saved one (nothing to write): the edit is over */
	if (w->s.save == SAVE_EDITING || w->s.save == SAVE_FAILED)
		w->s.save = w->s.db_readonly ? SAVE_READONLY : SAVE_SAVED;
	return 0;
}

/* Start editing with the editor holding `text` instead of the saved value. */
static int edit_begin_with(ws *w, const char *path, int multiline, const char *text)
{
	if (w->editing)
		edit_cancel(w);
	if (!session_can_edit(&w->s, path))
		return -1;
	ui_edit_init(&w->ed, multiline, JX_FIELD_MAX);
	ui_edit_set(&w->ed, text);
	w->editing = 1;
	w->edit_how = WS_EDIT_FIELD;
	snprintf(w->edit_path, sizeof w->edit_path, "%s", path);
	w->s.save = SAVE_EDITING;
	return 0;
}

int ws_edit_begin(ws *w, const char *path, int multiline)
{
	if (!session_can_edit(&w->s, path))
		return -1;
	char *cur = jx_strdup(session_field_text(&w->s, path));
	int r = edit_begin_with(w, path, multiline, cur ? cur : "");
	free(cur);
	return r;
}

int ws_edit_begin_text(ws *w, const char *path, int multiline, const char *text)
{
	return edit_begin_with(w, path, multiline, text);
}

int ws_type_to_edit(int key)
{
	if (!UK_IS_CHAR(key) || key == ' ')
		return 0;
	if (key >= 0x80 || (key >= '0' && key <= '9'))
		return 1;
	if ((key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z'))
		return 0;
	/* punctuation: unless it is a command (/ ? [ ]); folding (- + *)
	 * belongs to 评分表, which has no cells */
	ui_action a = ui_action_of(key);
	return a == UA_NONE || a == UA_FOLD || a == UA_UNFOLD_ALL;
}

/* The current text of path with key added at its end, malloc'd (NULL: no memory). */
static char *text_and_key(ws *w, const char *path, int key)
{
	char k[8];
	int kl = jx_utf8_encode((uint32_t)key, k);
	const char *cur = session_field_text(&w->s, path);
	size_t n = strlen(cur);
	char *t = malloc(n + (size_t)(kl > 0 ? kl : 0) + 1);
	if (!t)
		return NULL;
	memcpy(t, cur, n);
	if (kl > 0)
		memcpy(t + n, k, (size_t)kl);
	t[n + (size_t)(kl > 0 ? kl : 0)] = '\0';
	return t;
}

int ws_type_into(ws *w, const char *path, int key, int multiline)
{
	if (!session_may_edit(&w->s, path)) {
		if (key >= '0' && key <= '9')
			return 0;
		session_can_edit(&w->s, path); /* says why */
		return VR_HANDLED;
	}
	char k[8] = "";
	int kl = jx_utf8_encode((uint32_t)key, k);
	if (kl <= 0)
		return VR_HANDLED;
	k[kl] = '\0';
	if (!multiline) {
		/* as a spreadsheet: the key replaces the value (Esc brings it back) */
		edit_begin_with(w, path, 0, k);
		return VR_HANDLED;
	}
	char *t = text_and_key(w, path, key);
	if (t)
		edit_begin_with(w, path, 1, t);
	free(t);
	return VR_HANDLED;
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
		edit_commit(w);
		break;
	case UE_ESC:
		if (w->ed.multiline && w->ed.changed &&
		    !ui_confirm(L("取消修改", "Cancel edit"), L("放弃对此字段的修改？", "Discard the changes to this field?")))
			break;
		edit_cancel(w);
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
	if (r == UE_TAB || r == UE_BTAB) {
		ui_grid_tab(g, r == UE_TAB ? 1 : -1);
		return VR_HANDLED;
	}
	int down = r == UE_ENTER || r == UE_DOWN ? 1 : r == UE_UP ? -1 : 0;
	if (g->row + down >= 0 && g->row + down < g->nrows) {
		g->row += down;
		/* Enter after a run of Tabs: the next row from where the run began */
		if (r == UE_ENTER && g->tab_home >= 0)
			g->col = g->tab_home;
	}
	if (r != UE_ESC)
		g->tab_home = -1;
	return VR_HANDLED;
}

int ws_edit_long(ws *w, const char *path)
{
	return ws_edit_long_typed(w, path, 0);
}

int ws_edit_long_typed(ws *w, const char *path, int key)
{
	char label[256];
	if (w->editing)
		edit_cancel(w);
	if (!session_can_edit(&w->s, path))
		return -1;
	ui_edit ed;
	ui_edit_init(&ed, 1, JX_FIELD_MAX);
	char *t = key ? text_and_key(w, path, key) : NULL;
	ui_edit_set(&ed, t ? t : session_field_text(&w->s, path));
	free(t);
	jx_field_label(w->s.sheet, path, label, sizeof label);
	w->s.save = SAVE_EDITING;
	int r = -1;
	const char *note = NULL;
	while (ui_edit_dialog(label, &ed, note)) {
		if (session_commit(&w->s, path, ui_edit_text(&ed)) == 0) {
			r = 0;
			break;
		}
		note = w->s.err_msg; /* refused: say why and keep the text */
	}
	if (r < 0 && strcmp(w->s.err_path, path) == 0)
		session_clear_field_error(&w->s);
	ui_edit_free(&ed);
	if (w->s.save == SAVE_EDITING || w->s.save == SAVE_FAILED)
		w->s.save = w->s.db_readonly ? SAVE_READONLY : SAVE_SAVED;
	return r;
}

/* ---- views ----------------------------------------------------------------------- */

int ws_reload_if_changed(ws *w)
{
	return !w->editing && session_reload_if_changed(&w->s);
}

/* The session's hooks: what the views and the editor do when it changes. */
static void views_sheet_changed(void *ctx)
{
	ws *w = ctx;
	for (int i = 0; i < WS_NVIEWS; i++)
		if (view_table[i]->sheet_changed)
			view_table[i]->sheet_changed(w, w->vst[i]);
}

static void sheet_closing(void *ctx)
{
	edit_cancel(ctx);
}

static void go_to_path(void *ctx, const char *path)
{
	ws_go_to_path(ctx, path);
}

static int confirm(void *ctx, const char *title, const char *question)
{
	(void)ctx;
	return ui_confirm(title, question);
}

static void bind_session(ws *w)
{
	w->s.hooks = (ws_session_hooks){views_sheet_changed, sheet_closing, go_to_path, confirm, w};
}

int ws_switch(ws *w, int v)
{
	if (v < 0 || v >= WS_NVIEWS)
		return -1;
	if (w->editing && edit_commit(w) < 0)
		return -1;
	if (v == WS_LIST)
		session_save_summary(&w->s);
	/* the list shows no sheet's message; a sheet's screen no other sheet's */
	session_forget_msg_unless(&w->s, v == WS_LIST || !w->s.sheet ? 0 : w->s.sheet->id);
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
	int cols = ui_cols(), x = 0, need = 0, tight;
	char t[64];
	ui_fill(0, 0, cols, ui_attr(UC_TABBAR));
	/* the monitoring tab is named by its key (M); where the eight tabs do
	 * not fit (80 columns) each loses its trailing blank */
	for (int i = 0; i < WS_NVIEWS; i++)
		if (view_shown(w, i))
			need += jx_text_width(L(view_table[i]->zh, view_table[i]->en)) + 4;
	tight = need > cols;
	for (int i = 0; i < WS_NVIEWS && x < cols; i++) {
		if (!view_shown(w, i))
			continue;
		char num[8];
		snprintf(num, sizeof num, i == WS_MONITOR ? "M" : "%d", i + 1);
		snprintf(t, sizeof t, tight ? " %s %s" : " %s %s ", num, L(view_table[i]->zh, view_table[i]->en));
		int tw = jx_text_width(t);
		if (x + tw > cols)
			tw = cols - x;
		ui_text(0, x, tw, t, ui_attr(i == w->cur ? UC_TAB_ACTIVE : UC_TABBAR), UI_LEFT);
		x += tw;
	}
	const char *mode = w->s.review ? L("审核模式", "REVIEW") : NULL;
	if (mode) {
		int mw = jx_text_width(mode) + 2;
		if (x + mw <= cols)
			ui_text(0, cols - mw, mw, mode, ui_attr(UC_TAB_ACTIVE), UI_CENTER);
	}
}

/* The right part of the status line: execution rate (with_exec), total and
 * grade (or 未完成（N 项未填）), findings, 定稿, the save state; 审核模式 first
 * in review mode. */
static void status_right(ws *w, char *right, size_t len, int with_exec)
{
	char a[32], b[32];
	const char *save = session_save_label(&w->s);
	char state[64] = "";
	if (w->s.sheet && session_sheet_final(w->s.sheet))
		snprintf(state, sizeof state, "%s  ", L("定稿", "final"));
	if (w->s.sheet && w->s.scored) {
		char g[JX_GRADE_TEXT_LEN]; /* or 未完成（N 项未填） */
		char exec[64] = "";
		jx_grade_text(&w->s.ss, jx_findings_unfilled(&w->s.fnd), jx_lang == JX_LANG_EN, g, sizeof g);
		if (with_exec && w->s.ss.exec_rate != JX_NONE)
			snprintf(exec, sizeof exec, "%s %s  ", L("执行率", "exec"), ws_fmt_rate(b, w->s.ss.exec_rate));
		snprintf(right, len, "%s%s %s %s  %s %zu  %s%s ", exec, L("总分", "total"),
			 w->s.ss.total == JX_NONE ? "-" : ws_fmt(a, w->s.ss.total, 2), g, L("检查", "checks"), w->s.fnd.n, state,
			 save);
	} else if (w->s.sheet) {
		snprintf(right, len, "%s  %s%s ", L("未评分", "not scored"), state, save);
	} else {
		snprintf(right, len, "%s ", w->s.db_readonly ? L("只读", "read-only") : "");
	}
	if (w->s.review) {
		/* the mode stays in sight even where the tab bar has no room for it */
		const char *mode = L("审核模式  ", "REVIEW  ");
		size_t ml = strlen(mode), rl = strlen(right);
		if (ml + rl < len) {
			memmove(right + ml, right, rl + 1);
			memcpy(right, mode, ml);
		}
	}
}

static void draw_status(ws *w, int y)
{
	int cols = ui_cols();
	char left[512], right[512];
	ui_fill(y, 0, cols, ui_attr(UC_STATUS));
	if (w->s.sheet) {
		snprintf(left, sizeof left, " %d %s", w->s.sheet->year, w->s.sheet->info[JX_INFO_NAME] ? w->s.sheet->info[JX_INFO_NAME] : "");
	} else {
		snprintf(left, sizeof left, " %s", w->s.db_path ? w->s.db_path : "");
	}
	status_right(w, right, sizeof right, 1);
	/* a long grade (未完成（12 项未填）) leaves the sheet's name a few
	 * columns: the execution rate (on 资金来源 and 评分表 too) gives way */
	int lw = jx_text_width(left), room = cols - jx_text_width(right) - 2;
	if (room < (lw < 20 ? lw : 20))
		status_right(w, right, sizeof right, 0);
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
		if (w->s.review && (a == UA_ADD || a == UA_INSERT || a == UA_DELETE || a == UA_NEW_SHEET || a == UA_COPY_YEAR ||
				  a == UA_RESTORE || a == UA_MOVE_UP || a == UA_MOVE_DOWN || a == UA_TRASH || a == UA_IMPORT))
			continue;
		const char *label = ui_action_label(a);
		if (a == UA_FINALISE) {
			/* F reopens a finalised sheet */
			const jx_sheet_summary *ls = w->cur == WS_LIST ? scr_list_selected(w) : NULL;
			int fin = w->cur == WS_LIST ? ls && ls->status && strcmp(ls->status, "final") == 0 : session_sheet_final(w->s.sheet);
			if (fin)
				label = L("重新打开", "Reopen");
		}
		x = keybar_item(y, x, limit, ui_action_key1(a), label);
	}
	x = keybar_item(y, x, limit, ui_action_key1(UA_NEXT_SCREEN), ui_action_label(UA_NEXT_SCREEN));
	keybar_item(y, cols - qw, cols + 1, qk, ui_action_label(UA_QUIT));
	(void)x;
}

/* Keys pressed while the window was too small: ignored, and said so once
 * the window is big enough again. */
static int keys_ignored_small;

static void draw_frame_body(ws *w);

static void draw_frame(void *ctx)
{
	ws_comments_frame(1);
	draw_frame_body(ctx);
	ws_comments_frame(0);
}

static void draw_frame_body(ws *w)
{
	ui_clear();
	if (too_small()) {
		draw_small();
		return;
	}
	if (keys_ignored_small) {
		ws_msg(w, UC_WARN, L("窗口太小时按下的 %d 个键已忽略（未做任何修改）", "%d keys pressed while the window was too small were ignored (nothing changed)"),
		       keys_ignored_small);
		keys_ignored_small = 0;
	}
	int rows = ui_rows(), cols = ui_cols();
	draw_tabs(w);
	const view_ops *v = view_table[w->cur];
	int body_h = rows - 4;
	if (v->needs_sheet && !w->s.sheet) {
		ui_text(3, 2, cols - 4, L("没有打开的项目：在「项目列表」（按 1）中选择一个项目并按 Enter。",
					  "No sheet is open: choose one in Projects (press 1) and press Enter."),
			ui_attr(UC_INFO), UI_LEFT);
	} else {
		v->draw(w, w->vst[w->cur], 1, 0, body_h, cols);
	}
	/* message line: a refused value's reason, or the last message */
	const char *m = w->s.msg;
	int role = w->s.msg_role;
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
	if (v->about_zh)
		ui_buf_add(&b, L(v->about_zh, v->about_en));
	if (v->help)
		v->help(w, w->vst[w->cur], &b);
	if (w->editing) {
		ui_buf_add(&b, "\n");
		ui_buf_add(&b, L("正在编辑：Enter 保存（多行文本用 Tab 或 F2 保存），Esc 取消，左右键按字移动，Home/End 到头尾，"
				 "Ctrl-U 删除光标前的文字，Ctrl-K 删除光标后的文字。输入法的候选窗口跟随光标。\n",
				 "Editing: Enter saves (Tab or F2 in a text area), Esc cancels, Left/Right move by character, "
				 "Home/End to either end, Ctrl-U deletes before the caret, Ctrl-K after it.\n"));
	}
	ui_buf_add(&b, L("\n填写：光标所在的格（或字段）上直接输入数字、汉字或符号，就开始编辑并替换原值（多行文本：加在末尾）；"
			 "Enter 或 F2 打开原值，光标在末尾；Esc 放弃修改，原值不变。字母键是命令（a 添加、d 删除……），"
			 "以字母开头的值请先按 Enter。\n"
			 "切换屏幕：F6 / Shift-F6，或 Alt-1 … Alt-7（任何地方，编辑中先保存）；数字键 1 … 7 只在光标不在可填写的格上时切换。\n",
			 "\nEntering: type a digit, Chinese or a sign on the cell (or field) under the cursor to start editing it; "
			 "what you type replaces the value (a text area: it is added at the end). Enter or F2 opens the value "
			 "with the caret at its end; Esc gives up the edit and keeps the saved value. Letters are commands (a adds, "
			 "d deletes ...): for a value that begins with a letter press Enter first.\n"
			 "Screens: F6 / Shift-F6, or Alt-1 ... Alt-7 from anywhere (an edit is saved first); the digits 1 ... 7 "
			 "go to a screen only where the cursor is on no cell that can be filled.\n"));
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
	ui_buf_add(&b, L("  Alt-1 … Alt-7  转到第 1 … 7 屏（任何地方）\n", "  Alt-1 ... Alt-7  go to screen 1 ... 7 (anywhere)\n"));
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
	if (!b.len && w->s.sheet && w->s.scored) {
		char t[32];
		ui_buf_printf(&b, "%s %s\n\n", L("总分", "Total"), ws_fmt(t, w->s.ss.total, 2));
		if (w->s.ss.text)
			ui_buf_add(&b, w->s.ss.text + w->s.ss.total_expl);
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
	if (!w->s.sheet) {
		ws_msg(w, UC_WARN, "%s", L("没有打开的项目", "no sheet is open"));
		return;
	}
	const view_ops *v = view_table[w->cur];
	if (v->field_at && v->field_at(w, w->vst[w->cur], path, sizeof path) && path[0])
		ws_show_history(w, w->s.sheet->id, path);
	else
		ws_show_history(w, w->s.sheet->id, NULL);
}

/* C: a comment at the field under the cursor (ws_comment.h). */
static void comment_key(ws *w)
{
	char path[256] = "";
	const view_ops *v = view_table[w->cur];
	if (w->s.sheet && w->cur != WS_LIST && v->field_at && !v->field_at(w, w->vst[w->cur], path, sizeof path))
		path[0] = 0;
	ws_comment_at(w, w->cur == WS_LIST ? NULL : path);
}

/* ---- the loop ---------------------------------------------------------------------------- */

static void request_quit(ws *w)
{
	if (w->editing && edit_commit(w) < 0) {
		if (!ui_confirm(L("退出", "Quit"), L("当前字段的新值未能保存。放弃它并退出？", "The current field's new value could not be saved. Discard it and quit?")))
			return;
		edit_cancel(w);
	}
	session_save_summary(&w->s);
	w->quit = 1;
}

/* Ctrl-Z: curses ended, the program stopped as the shell's job control
 * expects (SIGTSTP with its default action); after fg (SIGCONT) the
 * terminal is set up again and the whole screen redrawn. */
static void suspend_now(void)
{
	struct sigaction dfl, old;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	putp("\033[?2004l"); /* no bracketed paste for the shell */
	fflush(stdout);
	endwin();
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP); /* returns after SIGCONT */
	sigaction(SIGTSTP, &old, NULL);
	reset_prog_mode();
	putp("\033[?2004h");
	fflush(stdout);
	clearok(curscr, TRUE);
	refresh();
}

static void handle_key(ws *w, int key)
{
	ui_action a = ui_action_of(key);
	const view_ops *v = view_table[w->cur];

	if (key == UK_CTRL('Z')) {
		/* raw mode: Ctrl-Z is a key, not SIGTSTP; the field being typed stays open */
		suspend_now();
		return;
	}
	if (too_small()) {
		/* nothing is drawn: only quitting is safe; the rest is counted
		 * and said to be ignored once the window is big enough */
		if (a == UA_QUIT && key != 'q')
			request_quit(w);
		else if (key != UK_PASTE_BEGIN && key != UK_PASTE_END)
			keys_ignored_small++;
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
			if (edit_commit(w) == 0)
				ws_switch(w, view_step(w, a == UA_NEXT_SCREEN ? 1 : -1));
			return;
		}
	}
	/* Alt+digit: that screen from anywhere (ws_switch saves an edit first) */
	if (key >= UK_ALT_SCREEN('1') && key <= UK_ALT_SCREEN('7')) {
		ws_switch(w, key - UK_ALT_SCREEN('1'));
		return;
	}
	int r = 0;
	if (!(v->needs_sheet && !w->s.sheet))
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
		ws_switch(w, view_step(w, 1));
		break;
	case UA_PREV_SCREEN:
		ws_switch(w, view_step(w, -1));
		break;
	case UA_MONITOR:
		if (!w->s.sheet)
			ws_msg(w, UC_WARN, "%s", L("先打开一张监控表（1 项目列表，Enter）", "open a monitoring sheet first (1 Projects, Enter)"));
		else if (!view_shown(w, WS_MONITOR))
			ws_msg(w, UC_WARN, "%s",
			       L("监控屏只用于监控表；S 转到本项目的下一阶段", "the monitoring screen is for monitoring sheets; S goes to the project's next stage"));
		else
			ws_switch(w, WS_MONITOR);
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
		session_undo(&w->s);
		break;
	case UA_REDO:
		session_redo(&w->s);
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
	case UA_NEXT_STAGE:
		ws_next_stage(w);
		break;
	case UA_COMMENT:
		comment_key(w);
		break;
	case UA_COLLECT:
		ws_show_collect(w);
		break;
	case UA_SUBMIT:
	case UA_RETURN:
	case UA_APPROVE:
		ws_review_step(w, a == UA_SUBMIT ? JX_ACT_SUBMIT : a == UA_RETURN ? JX_ACT_RETURN : JX_ACT_APPROVE);
		break;
	case UA_NEXT_SHEET:
	case UA_PREV_SHEET:
		ws_review_move(w, a == UA_NEXT_SHEET ? 1 : -1);
		break;
	case UA_GLANCE:
		ws_review_glance(w);
		break;
	default:
		if (key != UK_PASTE_BEGIN && key != UK_PASTE_END && key != UK_ESC)
			ws_msg(w, UC_DIM, "%s", L("此键在这里没有作用；按 F1 看帮助", "that key does nothing here; F1 for help"));
		break;
	}
}


/* A key, then the monitoring screen left for 绩效指标 when the sheet
 * open now is no monitoring sheet (S went to another stage). */
static void handle_key_and_stay(ws *w, int key)
{
	handle_key(w, key);
	if (w->cur == WS_MONITOR && !view_shown(w, WS_MONITOR) && !w->quit)
		ws_switch(w, w->s.sheet ? WS_INDS : WS_LIST);
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

/* SIGTSTP sent from outside (kill -TSTP; Ctrl-Z itself is a key in raw
 * mode): only noted here, the loop suspends as for the key. */
static volatile sig_atomic_t suspend_asked;

static void on_suspend_signal(int sig)
{
	(void)sig;
	suspend_asked = 1;
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
	sa.sa_handler = on_suspend_signal;
	sigaction(SIGTSTP, &sa, NULL);
}

/* Nothing can be asked any more: the value being typed is committed if it
 * can be (a refused one stays unsaved, as it would on screen), the project
 * list's cache updated, the loop ends. */
static void stop_now(ws *w)
{
	if (w->editing && edit_commit(w) < 0)
		edit_cancel(w);
	session_save_summary(&w->s);
	w->quit = 1;
}

/* The next key; Esc followed at once by a digit 1 … 7 is Alt+digit (what
 * terminals send for it), any other key after an Esc comes next on its own. */
static int next_key(ws *w, int timeout_ms)
{
	if (w->has_held) {
		w->has_held = 0;
		return w->held_key;
	}
	int key = ui_read_key(timeout_ms);
	if (key != UK_ESC)
		return key;
	int k2 = ui_read_key(0);
	if (k2 >= '1' && k2 <= '7')
		return UK_ALT_SCREEN(k2);
	if (k2 != UK_NONE) {
		w->held_key = k2;
		w->has_held = 1;
	}
	return key;
}

static void run(ws *w)
{
	w->s.last_rev_check = session_now_ms();
	while (!w->quit) {
		if (stop_signal) {
			stop_now(w);
			break;
		}
		if (suspend_asked) {
			suspend_asked = 0;
			suspend_now();
		}
		draw_frame(w);
		ui_present();
		/* the frame shows every new score; the checks follow at once */
		if (session_after_frame(&w->s))
			continue;
		int key = next_key(w, 1000);
		if (key == UK_NONE) {
			session_idle(&w->s, w->editing);
			continue;
		}
		if (key == UK_RESIZE)
			continue;
		handle_key_and_stay(w, key);
		/* keys already waiting (a paste, fast typing) are handled before
		 * the next frame is drawn */
		for (int i = 0; i < 100000 && !w->quit && !stop_signal; i++) {
			key = next_key(w, 0);
			if (key == UK_NONE || key == UK_RESIZE)
				break;
			handle_key_and_stay(w, key);
		}
	}
}

static void parse_args(ws *w, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--review") == 0)
			w->s.review = 1;
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
	bind_session(w);
	w->s.db_path = db_path;
	w->s.user = user ? user : jx_current_user();
	if (jx_store_open(&w->s.st, db_path, JX_STORE_CREATE, &err) < 0) {
		jx_err e2;
		/* a database we may read but not write: open it to look at */
		if (jx_store_open(&w->s.st, db_path, JX_STORE_READONLY, &e2) < 0) {
			fprintf(stderr, "jixiao: %s\n", err.msg);
			return JX_EXIT_DB;
		}
		w->s.db_readonly = 1;
	} else if (jx_store_is_readonly(w->s.st)) {
		/* the file or its directory cannot be written: opened to look at */
		w->s.db_readonly = 1;
	} else if (jx_store_defer_sync(w->s.st, &err) < 0) {
		fprintf(stderr, "jixiao: %s\n", err.msg);
		jx_store_close(w->s.st);
		w->s.st = NULL;
		return JX_EXIT_DB;
	}
	if (jx_app_load_templates(&w->s.tpl, templates_dir, NULL, NULL, &err) < 0) {
		fprintf(stderr, "jixiao: %s\n", err.msg);
		jx_store_close(w->s.st);
		w->s.st = NULL;
		return JX_EXIT_INPUT;
	}
	for (int i = 0; i < WS_NVIEWS; i++)
		w->vst[i] = view_table[i]->create ? view_table[i]->create(w) : NULL;
	w->s.save = w->s.db_readonly ? SAVE_READONLY : SAVE_NONE;
	return 0;
}

/* An unknown key sequence, said on the message line. */
static void key_notice(void *ctx, const char *text)
{
	ws_msg(ctx, UC_INFO, "%s", text);
}

/* After ui_init: the first screen. */
void ws_start(ws *w)
{
	const jx_template *replaced = jx_app_replaced_builtin(&w->s.tpl);
	ui_set_background(draw_frame, w);
	ui_set_notice(key_notice, w);
	jx_err damage;
	if (w->s.st && jx_store_schema_damage(w->s.st, &damage))
		ws_msg(w, UC_WARN, "%s", damage.msg); /* read-only, and why */
	else if (w->s.db_readonly)
		ws_msg(w, UC_WARN, "%s", L("数据库以只读方式打开：可以查看，不能修改", "the database is open read-only: you can look, not change"));
	else if (w->s.st && jx_store_warning(w->s.st))
		ws_msg(w, UC_WARN, "%s", jx_store_warning(w->s.st));
	else if (replaced) {
		/* a province's variant in the place of a national form: never unnoticed */
		const jx_template *t = replaced;
		ws_msg(w, UC_WARN,
		       L("注意：内置模板 %s 已由 %s（第 %d 版）替换，按它计分",
			 "note: the built-in template %s is replaced by %s (version %d) and scored by it"),
		       t->id, t->file, t->version);
	} else if (w->s.review)
		ws_msg(w, UC_INFO, "%s", L("审核模式：表格只读，只能填写审核得分、审核意见和审核结论", "review mode: sheets are read-only except the review score, opinion and result"));
	w->cur = WS_LIST;
	if (view_table[WS_LIST]->enter)
		view_table[WS_LIST]->enter(w, w->vst[WS_LIST]);
}

void ws_teardown(ws *w)
{
	session_close_sheet(&w->s);
	for (int i = 0; i < WS_NVIEWS; i++)
		if (view_table[i]->destroy)
			view_table[i]->destroy(w->vst[i]);
	ws_comments_forget();
	session_free(&w->s);
	memset(w, 0, sizeof *w);
}

void ws_key(ws *w, int key)
{
	handle_key_and_stay(w, key);
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
	int ui = ui_init();
	if (ui == -2) {
		/* TERM names a terminal terminfo does not know: say which, and what to set */
		const char *term = getenv("TERM");
		char shown[64];
		snprintf(shown, sizeof shown, "%s", term ? term : "");
		for (char *p = shown; *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
				*p = '?'; /* a name, never a control sequence */
		fprintf(stderr, "jixiao: ");
		fprintf(stderr, L("无法启动终端界面：不认识终端类型 TERM=%s；请设置 TERM=xterm-256color 后再运行（例如 TERM=xterm-256color jixiao）\n",
				  "cannot start the terminal interface: unknown terminal type TERM=%s; set TERM=xterm-256color and run again (e.g. TERM=xterm-256color jixiao)\n"),
			shown);
		ws_teardown(&w);
		return JX_EXIT_INPUT;
	}
	if (ui < 0) {
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
