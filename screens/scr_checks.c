/* 检查: the core's findings grouped by severity; Enter jumps to the field
 * concerned.  Above them the reviewer's fields (审核得分, 审核结论, 审核意见),
 * editable in review mode only. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "field.h"
#include "textwidth.h"
#include "ws.h"
#include "ws_comment.h"

/* F1: what this screen is and how it is used. */
static const char about_zh[] =
	"检查：像仔细的审核人一样核对本表——分值合计、填报得分与重算得分、等级与总分、比率与金额、同一指标的两个实际值、"
	"未完成却得满分、缺少偏差原因、自评分与预算执行率不相称、0 ÷ 0 的比率、到位与执行金额、「存在问题：无」等；"
	"还列出每个尚未填写的数值（实际完成值、全年执行数、年度目标的完成情况、评分……），有未填项时等级显示为"
	"「未完成（N 项未填）」，定稿前会再问一次。"
	"发现按严重程度分组：错误、警告、提示。上下键选择，Enter 转到有关字段。\n\n"
	"上方是审核字段：审核得分、审核结论（通过/不通过）、审核意见。只有用 jixiao --review 打开的审核模式可以填写，"
	"每次修改都记入修改记录；审核模式下表格的其他内容都是只读的。\n\n"
	"发现之后列出未解决的批注（#序号、位置、内容），下方显示选中批注的全文和最近的答复。Enter 转到批注所在的字段；"
	"在那里（或就在这里）按 C：可添加新批注、答复这条批注、把它标为已解决或重新打开。有未解决批注的字段、指标和资金来源"
	"在行首标有 *。批注和答复都记入修改记录，并随交换文件传递。\n";
static const char about_en[] =
	"Checks: the sheet is checked as a careful reviewer would: points adding up, stated against recomputed "
	"scores, grade against total, rates against amounts, two actuals for one indicator, unmet targets "
	"with full points, missing deviation reasons, a self-score out of line with budget execution, 0 / 0 "
	"rates, received and spent amounts, \"problems: none\" and more; and every value still to fill in "
	"(actuals, spending, what the goals achieved, typed scores...): while any is open the grade shows as "
	"\"incomplete (N unfilled)\" and finalising asks again. Findings are grouped by severity: "
	"errors, warnings, notes. Up/Down choose, Enter goes to the field concerned.\n\n"
	"Above: the review fields (score, result pass/fail, opinion). Only review mode (jixiao --review) can "
	"fill them, each change audited; in review mode everything else in the sheet is read-only.\n\n"
	"After the findings: the open comments (#number, place, text); below, the chosen one in full with its "
	"latest answer. Enter goes to the field commented on; there (or right here) C adds a new comment, answers "
	"this one, marks it resolved or reopens it. Fields, indicators and fund sources with open comments are "
	"marked * at the start of their row. Comments and answers are audited and travel in bundles.\n";

/* In the list after the findings: the open comments (ws_comment.h), under
 * a heading of their own. */
#define COMMENT_HEADING (-100)
#define COMMENT_BASE (1 << 24) /* COMMENT_BASE + i: comment i of ws_comments() */

typedef struct {
	ui_form f;      /* review fields */
	int focus;      /* 0 review form, 1 findings */
	int *order;     /* findings in display order: index, or -1-sev for a heading */
	int norder, cap;
	int cur, top;
} checks_st;

static const char *const results_zh[] = {"通过", "不通过"};
static const char *const results_en[] = {"通过 (pass)", "不通过 (fail)"};

static void build_form(checks_st *s)
{
	form_reset(&s->f);
	form_add(&s->f, UF_LINE, "review:score", L("审核得分", "Review score"));
	ui_fitem *it = form_add(&s->f, UF_CHOICE, "review:result", L("审核结论", "Review result"));
	if (it) {
		it->values = results_zh;
		it->choices = jx_lang == JX_LANG_EN ? results_en : results_zh;
		it->nchoices = 2;
	}
	it = form_add(&s->f, UF_AREA, "review:opinion", L("审核意见", "Review opinion"));
	if (it)
		it->lines = 2;
}

static void push(checks_st *s, int v)
{
	if (s->norder == s->cap) {
		int cap = s->cap ? s->cap * 2 : 64;
		int *o = realloc(s->order, (size_t)cap * sizeof *o);
		if (!o)
			return;
		s->order = o;
		s->cap = cap;
	}
	s->order[s->norder++] = v;
}

static void build_list(ws *w, checks_st *s)
{
	s->norder = 0;
	for (int sev = JX_SEV_ERROR; sev <= JX_SEV_INFO; sev++) {
		if (!session_findings_count(&w->s, sev))
			continue;
		push(s, -1 - sev);
		for (size_t i = 0; i < w->s.fnd.n; i++)
			if ((int)w->s.fnd.v[i].sev == sev)
				push(s, (int)i);
	}
	const jx_comments *c = ws_comments(w);
	if (c && jx_comments_open(c)) {
		push(s, COMMENT_HEADING);
		for (size_t i = 0; i < c->n && i < COMMENT_BASE; i++)
			if (!c->v[i].resolved)
				push(s, COMMENT_BASE + (int)i);
	}
	if (s->cur >= s->norder)
		s->cur = s->norder - 1;
	if (s->cur < 0)
		s->cur = 0;
	/* never rest on a heading */
	if (s->norder && s->order[s->cur] < 0 && s->cur + 1 < s->norder)
		s->cur++;
}

static void *create(ws *w)
{
	(void)w;
	checks_st *s = calloc(1, sizeof *s);
	if (s)
		build_form(s);
	return s;
}

static void destroy(void *st)
{
	checks_st *s = st;
	if (!s)
		return;
	form_free(&s->f);
	free(s->order);
	free(s);
}

static void enter(ws *w, void *st)
{
	checks_st *s = st;
	/* a reviewer starts on the review fields, everyone else on the findings */
	s->focus = w->s.review ? 0 : 1;
}

static void sheet_changed(ws *w, void *st)
{
	checks_st *s = st;
	build_form(s);
	if (w->s.sheet)
		build_list(w, s);
}

/* What a finding's path names, for a person: the field's label, the
 * scoring item's name, 总分 ... */
static void finding_place(ws *w, const char *path, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!path || !*path)
		return;
	if (strcmp(path, "total") == 0 || strcmp(path, "grade") == 0) {
		snprintf(buf, len, "%s", strcmp(path, "total") == 0 ? L("总分", "total") : L("等级", "grade"));
		return;
	}
	if (strncmp(path, "funds:", 6) == 0) {
		snprintf(buf, len, "%s", L("资金来源 · 合计", "funds · totals"));
		return;
	}
	if (strncmp(path, "subs:", 5) == 0) {
		snprintf(buf, len, "%s", L("二级项目 · 合计", "sub-projects · totals"));
		return;
	}
	if (strcmp(path, "execution") == 0 || strncmp(path, "node:", 5) == 0 ||
	    (strncmp(path, "ind:", 4) == 0 && !strchr(path + 4, ':'))) {
		/* a scoring item: its name as the scoring sheet shows it */
		const jx_score_item *it = w->s.scored ? jx_score_find(&w->s.ss, path) : NULL;
		if (it && it->kind == JX_ITEM_IND && it->ind && it->ind->name)
			snprintf(buf, len, "%s", it->ind->name);
		else if (it && it->name)
			snprintf(buf, len, "%s · %s", L("评分表", "scoring"), it->name);
		else if (it && it->node)
			snprintf(buf, len, "%s · %s", L("评分表", "scoring"),
				 L(it->node->name ? it->node->name : it->node->key,
				   it->node->name_en ? it->node->name_en : (it->node->name ? it->node->name : it->node->key)));
		else if (strcmp(path, "execution") == 0)
			snprintf(buf, len, "%s", L("预算执行率", "execution rate"));
		if (buf[0])
			return;
	}
	jx_field_label(w->s.sheet, path, buf, len);
	if (!buf[0])
		snprintf(buf, len, "%s", path);
}

struct detail {
	int y, x, w, max, attr;
};

static void detail_line(void *ctx, int line, const char *s, size_t len)
{
	struct detail *d = ctx;
	char buf[1200];
	if (line >= d->max)
		return;
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	ui_text(d->y + line, d->x, d->w, buf, d->attr, UI_LEFT);
}

/* A line of the open comments: their heading, or "#N place: text". */
static void comment_line(ws *w, int v, int yy, int x, int wd, int sel)
{
	const jx_comments *c = ws_comments(w);
	char line[1200], place[300];
	if (!c)
		return;
	if (v == COMMENT_HEADING) {
		snprintf(line, sizeof line, L("未解决的批注 (%zu)", "Open comments (%zu)"), jx_comments_open(c));
		ui_text(yy, x, wd, line, ui_attr(UC_HEADER), UI_LEFT);
		return;
	}
	const jx_comment *k = &c->v[v - COMMENT_BASE];
	jx_comment_place_label(w->s.sheet, k->place, place, sizeof place);
	snprintf(line, sizeof line, "  %s#%d %s%s%s", WS_COMMENT_MARK, v - COMMENT_BASE + 1, place, L("：", ": "), k->note.text);
	ui_text(yy, x, wd, line, sel ? ui_attr(UC_SELECT) : ui_attr(UC_NORMAL), UI_LEFT);
}

/* The current comment in full, with its last answer, and where it is. */
static void comment_detail(ws *w, int i, int y, int x, int wd)
{
	const jx_comments *c = ws_comments(w);
	char line[4000], place[300];
	if (!c || i < 0 || (size_t)i >= c->n)
		return;
	const jx_comment *k = &c->v[i];
	if (k->n_answers)
		snprintf(line, sizeof line, L("%s（%s）  答复：%s（%s）", "%s (%s)  answer: %s (%s)"), k->note.text, k->note.user,
			 k->answers[k->n_answers - 1].text, k->answers[k->n_answers - 1].user);
	else
		snprintf(line, sizeof line, L("%s（%s）  尚无答复", "%s (%s)  no answer yet"), k->note.text, k->note.user);
	struct detail d = {y, x, wd, 2, ui_attr(UC_INFO)};
	ui_wrap(line, wd, detail_line, &d);
	jx_comment_place_label(w->s.sheet, k->place, place, sizeof place);
	snprintf(line, sizeof line, L("位置：%s（Enter 转到；C 答复或标为已解决）", "at: %s (Enter goes there; C answers or resolves)"),
		 place);
	ui_text(y + 2, x, wd, line, ui_attr(UC_DIM), UI_LEFT);
}

static void draw(ws *w, void *st, int y, int x, int h, int wd)
{
	checks_st *s = st;
	char line[1200];
	session_check_now(&w->s); /* this screen shows the findings themselves */
	build_form(s);
	build_list(w, s);
	int fh = 5;
	if (w->s.err_path[0] && strncmp(w->s.err_path, "review:", 7) == 0)
		fh++;
	if (w->editing && ws_is_editing(w, "review:opinion"))
		fh += 3;
	ui_text(y, x, wd, w->s.review ? L("审核（审核模式）", "Review (review mode)") : L("审核（只能在审核模式中填写）", "Review (filled in review mode only)"),
		ui_attr(UC_HEADER), UI_LEFT);
	s->f.inactive = s->focus != 0;
	form_draw(w, &s->f, y + 1, x, fh - 1, wd);

	int ly = y + fh;
	snprintf(line, sizeof line, L("检查发现：错误 %d  警告 %d  提示 %d", "Findings: %d errors  %d warnings  %d notes"),
		 session_findings_count(&w->s, JX_SEV_ERROR), session_findings_count(&w->s, JX_SEV_WARNING), session_findings_count(&w->s, JX_SEV_INFO));
	ui_text(ly, x, wd, line, ui_attr(UC_HEADER), UI_LEFT);
	/* below the findings: the current one in full (3 lines) */
	int lh = y + h - (ly + 1) - (s->focus == 1 ? 3 : 0);
	if (s->norder == 0) {
		ui_text(ly + 2, x + 2, wd - 4, w->s.scored ? L("没有发现问题", "no findings") : L("本表无法评分，没有检查", "the sheet cannot be scored: no checks"),
			ui_attr(UC_OK), UI_LEFT);
		return;
	}
	if (s->cur < s->top)
		s->top = s->cur;
	if (s->cur >= s->top + lh)
		s->top = s->cur - lh + 1;
	if (s->top > 0 && s->order[s->top - 1] < 0 && s->top - 1 <= s->cur && s->cur < s->top - 1 + lh)
		s->top--; /* show the heading of the first group */
	for (int r = 0; r < lh && s->top + r < s->norder; r++) {
		int i = s->top + r, v = s->order[i], yy = ly + 1 + r;
		if (v == COMMENT_HEADING || v >= COMMENT_BASE) {
			comment_line(w, v, yy, x, wd, s->focus == 1 && i == s->cur);
			continue;
		}
		if (v < 0) {
			int sev = -1 - v;
			snprintf(line, sizeof line, "%s (%d)", jx_severity_name((jx_severity)sev), session_findings_count(&w->s, sev));
			ui_text(yy, x, wd, line, ui_attr(sev == JX_SEV_ERROR ? UC_ERROR : sev == JX_SEV_WARNING ? UC_WARN : UC_INFO), UI_LEFT);
			continue;
		}
		const jx_finding *f = &w->s.fnd.v[v];
		snprintf(line, sizeof line, "  %-6s %s", f->code, f->msg ? f->msg : "");
		for (char *p = line; *p; p++)
			if (*p == '\n')
				*p = ' ';
		int sel = s->focus == 1 && i == s->cur;
		ui_text(yy, x, wd, line, sel ? ui_attr(UC_SELECT) : ui_attr(UC_NORMAL), UI_LEFT);
	}
	if (s->focus == 1 && s->cur < s->norder && s->order[s->cur] >= COMMENT_BASE) {
		comment_detail(w, s->order[s->cur] - COMMENT_BASE, y + h - 3, x, wd);
		return;
	}
	/* the current finding in full (the list cuts long ones) and where it points */
	if (s->focus == 1 && s->cur < s->norder && s->order[s->cur] >= 0) {
		const jx_finding *f = &w->s.fnd.v[s->order[s->cur]];
		char place[256];
		snprintf(line, sizeof line, "%s %s", f->code, f->msg ? f->msg : "");
		for (char *p = line; *p; p++)
			if (*p == '\n')
				*p = ' ';
		struct detail d = {y + h - 3, x, wd, 2, ui_attr(UC_INFO)};
		ui_wrap(line, wd, detail_line, &d);
		finding_place(w, f->path, place, sizeof place);
		snprintf(line, sizeof line, L("位置：%s（Enter 转到）", "at: %s (Enter goes there)"), place);
		ui_text(y + h - 1, x, wd, line, ui_attr(UC_DIM), UI_LEFT);
	}
}

static int key(ws *w, void *st, int k, ui_action a)
{
	checks_st *s = st;
	session_check_now(&w->s);
	build_form(s);
	build_list(w, s);
	if (s->focus == 0) {
		if (!w->editing && k == UK_FN(KEY_DOWN) && s->f.cur >= s->f.n - 1 && s->norder) {
			s->focus = 1;
			return VR_HANDLED;
		}
		int r = form_key(w, &s->f, k, a);
		if (r)
			return r;
		return 0;
	}
	switch (k) {
	case UK_FN(KEY_UP):
	case 'k':
		if (s->cur > 0)
			s->cur--;
		while (s->cur > 0 && s->order[s->cur] < 0)
			s->cur--;
		if (s->cur == 0 && s->norder && s->order[0] < 0) {
			s->focus = 0;
			s->f.cur = s->f.n - 1;
		}
		return VR_HANDLED;
	case UK_FN(KEY_DOWN):
	case 'j':
		if (s->cur + 1 < s->norder)
			s->cur++;
		while (s->cur + 1 < s->norder && s->order[s->cur] < 0)
			s->cur++;
		return VR_HANDLED;
	case UK_FN(KEY_PPAGE):
		s->cur = s->cur > 10 ? s->cur - 10 : 1;
		return VR_HANDLED;
	case UK_FN(KEY_NPAGE):
		s->cur = s->cur + 10 < s->norder ? s->cur + 10 : s->norder - 1;
		return VR_HANDLED;
	case UK_FN(KEY_HOME):
		s->cur = 1;
		return VR_HANDLED;
	case UK_FN(KEY_END):
		s->cur = s->norder - 1;
		return VR_HANDLED;
	case UK_TAB:
	case UK_FN(KEY_BTAB):
		s->focus = 0;
		return VR_HANDLED;
	default:
		break;
	}
	if (a == UA_EDIT && s->cur < s->norder && s->order[s->cur] >= COMMENT_BASE) {
		const jx_comments *c = ws_comments(w);
		if (c) {
			char *p = jx_strdup(c->v[s->order[s->cur] - COMMENT_BASE].place);
			ws_go_to_path(w, p);
			free(p);
		}
		return VR_HANDLED;
	}
	if (a == UA_EDIT && s->cur < s->norder && s->order[s->cur] >= 0) {
		const jx_finding *f = &w->s.fnd.v[s->order[s->cur]];
		if (f->path) {
			char *p = jx_strdup(f->path);
			ws_go_to_path(w, p);
			free(p);
		}
		return VR_HANDLED;
	}
	return 0;
}

static int go_to(ws *w, void *st, const char *path)
{
	checks_st *s = st;
	(void)w;
	build_form(s);
	if (form_go_to(&s->f, path)) {
		s->focus = 0;
		return 1;
	}
	return 0;
}

static int field_at(ws *w, void *st, char *buf, size_t len)
{
	checks_st *s = st;
	session_check_now(&w->s);
	build_form(s);
	build_list(w, s);
	if (s->focus == 0) {
		const ui_fitem *it = form_current(&s->f);
		if (!it)
			return 0;
		snprintf(buf, len, "%s", it->path);
		return 1;
	}
	if (s->cur >= s->norder || s->order[s->cur] < 0)
		return 0;
	if (s->order[s->cur] >= COMMENT_BASE) {
		/* a comment: its place (C answers or resolves it there) */
		const jx_comments *c = ws_comments(w);
		if (!c)
			return 0;
		snprintf(buf, len, "%s", c->v[s->order[s->cur] - COMMENT_BASE].place);
		return 1;
	}
	const jx_finding *f = &w->s.fnd.v[s->order[s->cur]];
	/* a finding on a field: that field's history */
	if (!f->path || strncmp(f->path, "node:", 5) == 0 || strcmp(f->path, "total") == 0 || strcmp(f->path, "execution") == 0 ||
	    strncmp(f->path, "funds:", 6) == 0 || strncmp(f->path, "subs:", 5) == 0)
		return 0;
	snprintf(buf, len, "%s", f->path);
	return 1;
}

/* The key bar, most used first: what does not fit at 80 columns is left
 * out from the end (F1 lists every key). */
static const ui_action checks_keybar[] = {UA_EDIT, UA_UNDO, UA_REDO, UA_HISTORY, UA_EXPORT, UA_FINALISE, UA_IMPORT, UA_NONE};

const view_ops scr_checks_ops = {SHEET_VIEW_OPS("检查", "Checks"),
				.enter = enter, .field_at = field_at, .keybar = checks_keybar};
