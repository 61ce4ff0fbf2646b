/* The review round in the workstation: U 上报, B 退回 (asking the reason),
 * A 审核通过 from the list and from any sheet screen; the status picker,
 * which offers only the steps this run's role may take; and for a reviewer
 * (--review) the next and previous sheet of the filtered list ({ }) and the
 * review screen (V), where a sheet is approved or returned with one key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_review.h"
#include "err.h"
#include "ws.h"

/* The sheet a step applies to, as it is on disk: the open one (reloaded)
 * or the selected row's, loaded into *own (free it).  NULL after a message. */
static jx_sheet *step_sheet(ws *w, jx_sheet **own, char *name, size_t len)
{
	jx_err err = {{0}};
	int year = 0, deleted = 0;
	int64_t id = ws_target_sheet(w, &year, name, len, &deleted);
	*own = NULL;
	if (id <= 0)
		return NULL;
	if (w->s.sheet && w->s.sheet->id == id) {
		ws_reload_if_changed(w);
		return w->s.sheet;
	}
	if (jx_store_load(w->s.st, id, own, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return NULL;
	}
	return *own;
}

/* The reason of a return, asked until it is one the rules take: 1 with it
 * in buf, 0 when the reviewer gave up. */
static int ask_reason(ws *w, const char *name, char *buf, size_t len)
{
	char label[400], *clean = NULL;
	jx_err err = {{0}};
	snprintf(label, sizeof label, L("退回「%s」的原因（必填，一行，记入修改记录）", "Why return \"%s\" (required, one line, recorded in its history)"),
		 name);
	for (;;) {
		if (!ui_prompt(L("退回", "Return"), label, buf, len))
			return 0;
		if (jx_review_reason(buf, &clean, &err) == 0) {
			free(clean);
			return 1;
		}
		ws_msg(w, UC_WARN, "%s", err.msg);
		ui_show_text(L("退回", "Return"), err.msg);
	}
}

void ws_review_step(ws *w, jx_review_action a)
{
	jx_err err = {{0}};
	jx_sheet *own = NULL, *s;
	char name[256], before[64], reason[JX_REASON_MAX + 1] = "";
	int rc;
	if (w->s.db_readonly) {
		ws_msg(w, UC_ERROR, "%s", L("数据库只读：状态不能改变", "the database is read-only: no status can change"));
		return;
	}
	if (!(s = step_sheet(w, &own, name, sizeof name)))
		return;
	snprintf(before, sizeof before, "%s", jx_status_label(s->status));
	if (!jx_app_review_may(s, a) || a != JX_ACT_RETURN || ask_reason(w, name, reason, sizeof reason)) {
		rc = jx_app_review_step(w->s.st, s, a, reason, w->s.user, &err);
		if (rc == JX_APP_DONE)
			ws_msg(w, UC_OK, L("%s：「%s」%s → %s", "%s: \"%s\" %s → %s"),
			       L(jx_transitions[a].zh, jx_transitions[a].en), name, before, jx_status_label(s->status));
		else
			ws_msg(w, UC_ERROR, "%s", err.msg);
	} else {
		ws_msg(w, UC_INFO, "%s", L("未退回", "not returned"));
	}
	if (own)
		jx_sheet_free(own);
	else
		ws_reload_if_changed(w);
	w->s.summary_dirty = 1;
	scr_list_reload(w);
}

void ws_review_pick(ws *w)
{
	const char *opts[JX_ACT_COUNT];
	jx_review_action acts[JX_ACT_COUNT];
	char text[JX_ACT_COUNT][128];
	int n = 0;
	if (!w->s.sheet)
		return;
	for (int a = 0; a < JX_ACT_COUNT; a++) {
		if (!jx_app_review_may(w->s.sheet, (jx_review_action)a))
			continue;
		snprintf(text[n], sizeof text[n], "%s（→ %s）", L(jx_transitions[a].zh, jx_transitions[a].en),
			 L(jx_statuses[jx_transitions[a].to].zh, jx_statuses[jx_transitions[a].to].en));
		opts[n] = text[n];
		acts[n++] = (jx_review_action)a;
	}
	if (n == 0) {
		ws_msg(w, UC_INFO, L("%s现在不能改变这张表的状态（%s）；定稿用 F", "a %s cannot change this sheet's status now (%s); F finalises"),
		       jx_role_label(jx_app_role()), jx_status_label(w->s.sheet->status));
		return;
	}
	int k = ui_pick(L("改变状态", "Change the status"), opts, n, 0);
	if (k >= 0)
		ws_review_step(w, acts[k]);
}

void ws_review_move(ws *w, int dir)
{
	int64_t *ids = NULL, at = -1, cur;
	size_t n = 0, copies = 0;
	int trash = 0;
	if (!w->s.review) {
		ws_msg(w, UC_INFO, "%s", L("{ } 在审核模式（jixiao --review）中换表", "{ and } move between sheets in review mode (jixiao --review)"));
		return;
	}
	cur = w->cur == WS_LIST && scr_list_selected(w) ? scr_list_selected(w)->id : w->s.sheet ? w->s.sheet->id : 0;
	if (scr_list_shown(w, &ids, &n, &copies, &trash) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (ids[i] == cur)
			at = (int64_t)i;
	at = at < 0 ? 0 : at + dir;
	if (at < 0 || at >= (int64_t)n) {
		ws_msg(w, UC_INFO, "%s", dir > 0 ? L("已是列表中的最后一张", "this is the last sheet of the list")
						 : L("已是列表中的第一张", "this is the first sheet of the list"));
	} else if (session_open_sheet(&w->s, ids[at]) == 0) {
		if (w->cur == WS_LIST)
			ws_switch(w, WS_SCORE);
		ws_msg(w, UC_OK, L("第 %lld 张，共 %zu 张（列表的筛选）", "sheet %lld of %zu (the list's filter)"), (long long)at + 1, n);
	}
	free(ids);
}

void ws_review_glance(ws *w)
{
	jx_err err = {{0}};
	jx_app_msgs lines = {0};
	jx_sheet *own = NULL, *s;
	ui_buf b = {0};
	char name[256], title[400];
	int key;
	if (!(s = step_sheet(w, &own, name, sizeof name)))
		return;
	if (jx_app_review_glance(w->s.st, &w->s.tpl, s, &lines, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		jx_sheet_free(own);
		return;
	}
	ui_buf_printf(&b, "%s%s\n", L("状态：", "status: "), jx_status_label(s->status));
	for (size_t i = 0; i < lines.n; i++)
		ui_buf_printf(&b, "%s\n", lines.v[i]);
	snprintf(title, sizeof title, L("审核一览：%d 年「%s」", "At a glance: %d \"%s\""), s->year, name);
	key = ui_show_text_keys(title, b.s ? b.s : "", "AB", L("A 审核通过  B 退回", "A approve  B return"));
	ui_buf_free(&b);
	jx_app_msgs_free(&lines);
	jx_sheet_free(own);
	if (key)
		ws_review_step(w, key == 'A' ? JX_ACT_APPROVE : JX_ACT_RETURN);
}
