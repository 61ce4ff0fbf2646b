/* 评分表: the sheet's template as a tree that folds and unfolds, with
 * points, scores, subtotals, total and grade from the engine; checklist
 * 评价要点 marked in place; formula inputs and manual scores entered here;
 * one key explains any computed number. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "field.h"
#include "grid.h"
#include "textwidth.h"
#include "ws.h"

/* F1: what this screen is and how it is used (help() adds what concerns
 * the cursor). */
static const char about_zh[] =
	"评分表：本表模板的评分树，显示各项分值、得分、完成率、小计、总分和等级，全部由评分引擎计算，每次保存后立即更新。"
	"「填报」列是原表上写的得分，与重算结果不一致时在「检查」列标出。\n\n"
	"Space 或 - 折叠/展开（左键折叠，右键展开），+ 全部展开；x 显示当前数字的计算说明。\n"
	"评价要点：Space 在「满足（得全部分）」和「不满足（0 分）」之间切换，Enter 输入部分得分（不能超过该要点的分值）。\n"
	"公式项的输入（如年度实际支出）和手工评分项的得分在这里输入；指标行按 Enter 转到「绩效指标」。\n";
static const char about_en[] =
	"Scoring: the template's tree with points, scores, rates, subtotals, total and grade, all computed by "
	"the scoring engine and updated after each save. The Stated column is the score the source "
	"document prints; a difference is flagged in the Check column.\n\n"
	"Space or - folds/unfolds (Left folds, Right unfolds), + unfolds all; x explains the number.\n"
	"Checklist points: Space switches between met (full points) and not met (0); Enter types a partial "
	"score (not above the point's value).\n"
	"Formula inputs and manual scores are entered here; Enter on an indicator goes to Indicators.\n";

enum { SC_NAME, SC_POINTS, SC_SCORE, SC_RATE, SC_STATED, SC_FLAG, SC_N };
static const ui_gcol score_cols[SC_N] = {
	{"评分项目", "Item", 30, 1, UI_LEFT},
	{"分值", "Points", 6, 0, UI_RIGHT},
	{"得分", "Score", 7, 0, UI_RIGHT},
	{"完成率", "Rate", 8, 0, UI_RIGHT},
	{"填报", "Stated", 7, 0, UI_RIGHT},
	{"检查", "Check", 5, 0, UI_LEFT},
};

typedef enum { R_ITEM, R_CHECK, R_MEASURE, R_NOTE, R_TOTAL } row_kind;

typedef struct {
	row_kind kind;
	int item;     /* index into ss.items (R_ITEM, and the owner of the others) */
	int sub;      /* checklist item index; measure: 0 = input a, 1 = input b */
	int depth;
} srow;

typedef struct {
	ws *w;
	ui_grid g;
	srow *rows;
	int nrows, cap;
	char **folded; /* keys of folded nodes */
	int nfolded;
} score_st;

static const char *node_name(const jx_node *n)
{
	if (!n)
		return "";
	return L(n->name ? n->name : n->key, n->name_en ? n->name_en : (n->name ? n->name : n->key));
}

/* What a fold is kept by: the node's key, or for a goal block and the
 * slots in it the item's path (goal:<i>, goal:<i>:<key>), each block by
 * itself. */
static const char *fold_key(const jx_score_item *it)
{
	return it->goal ? it->path : it->node->key;
}

static int is_folded(score_st *s, const char *key)
{
	for (int i = 0; i < s->nfolded; i++)
		if (strcmp(s->folded[i], key) == 0)
			return i;
	return -1;
}

static void set_folded(score_st *s, const char *key, int fold)
{
	int i = is_folded(s, key);
	if (fold && i < 0) {
		char **v = realloc(s->folded, (size_t)(s->nfolded + 1) * sizeof *v);
		if (!v)
			return;
		s->folded = v;
		s->folded[s->nfolded++] = jx_strdup(key);
	} else if (!fold && i >= 0) {
		free(s->folded[i]);
		s->folded[i] = s->folded[--s->nfolded];
	}
}

static void push(score_st *s, row_kind k, int item, int sub, int depth)
{
	if (s->nrows == s->cap) {
		int cap = s->cap ? s->cap * 2 : 128;
		srow *v = realloc(s->rows, (size_t)cap * sizeof *v);
		if (!v)
			return;
		s->rows = v;
		s->cap = cap;
	}
	s->rows[s->nrows++] = (srow){k, item, sub, depth};
}

static int has_children(const jx_scoresheet *ss, int i)
{
	const jx_score_item *it = &ss->items[i];
	if (i + 1 < (int)ss->n && ss->items[i + 1].parent == i)
		return 1;
	if (it->node && it->node->kind == JX_NODE_CHECKLIST && it->node->n_items)
		return 1;
	if (it->node && it->node->kind == JX_NODE_FORMULA &&
	    ((it->node->input_a && strncmp(it->node->input_a, "measure.", 8) == 0) ||
	     (it->node->input_b && strncmp(it->node->input_b, "measure.", 8) == 0)))
		return 1;
	if (it->node && it->node->kind == JX_NODE_MANUAL)
		return 1;
	return 0;
}

/* Visible rows: items in pre-order, skipping the inside of folded nodes. */
static void rebuild(score_st *s)
{
	ws *w = s->w;
	s->nrows = 0;
	if (!w->s.scored) {
		s->g.nrows = 0;
		return;
	}
	const jx_scoresheet *ss = &w->s.ss;
	int hide_depth = -1;
	for (int i = 0; i < (int)ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		if (it->kind == JX_ITEM_TOTAL)
			continue;
		if (hide_depth >= 0) {
			if (it->depth > hide_depth)
				continue;
			hide_depth = -1;
		}
		push(s, R_ITEM, i, 0, it->depth);
		if (!it->node || it->kind != JX_ITEM_NODE)
			continue;
		if (is_folded(s, fold_key(it)) >= 0) {
			hide_depth = it->depth;
			continue;
		}
		const jx_node *n = it->node;
		if (n->kind == JX_NODE_CHECKLIST)
			for (size_t k = 0; k < n->n_items; k++)
				push(s, R_CHECK, i, (int)k, it->depth + 1);
		if (n->kind == JX_NODE_FORMULA) {
			if (n->input_a && strncmp(n->input_a, "measure.", 8) == 0)
				push(s, R_MEASURE, i, 0, it->depth + 1);
			if (n->input_b && strncmp(n->input_b, "measure.", 8) == 0)
				push(s, R_MEASURE, i, 1, it->depth + 1);
		}
		if (n->kind == JX_NODE_MANUAL)
			push(s, R_NOTE, i, 0, it->depth + 1);
	}
	push(s, R_TOTAL, -1, 0, 0);
	s->g.nrows = s->nrows;
	ui_grid_clamp(&s->g);
}

/* Field path a row edits (or "" if none). */
static void row_path(score_st *s, const srow *r, char *buf, size_t len)
{
	const jx_scoresheet *ss = &s->w->s.ss;
	buf[0] = '\0';
	if (r->kind == R_TOTAL || r->item < 0)
		return;
	const jx_score_item *it = &ss->items[r->item];
	const jx_node *n = it->node;
	switch (r->kind) {
	case R_CHECK:
		snprintf(buf, len, "mark:%s:%d", n->key, r->sub);
		break;
	case R_MEASURE: {
		const char *in = r->sub ? n->input_b : n->input_a;
		snprintf(buf, len, "measure:%s", in + 8);
		break;
	}
	case R_NOTE:
		snprintf(buf, len, "entry:%s:note", n->key);
		break;
	case R_ITEM:
		if (it->kind == JX_ITEM_IND && it->ind)
			snprintf(buf, len, "ind:%s:actual", it->ind->key);
		else if (n && n->kind == JX_NODE_MANUAL)
			snprintf(buf, len, "entry:%s:score", n->key);
		break;
	default:
		break;
	}
}

static const jx_stated *stated_score(ws *w, const jx_score_item *it)
{
	char p[160];
	snprintf(p, sizeof p, "%s:score", it->path);
	return jx_sheet_stated(w->s.sheet, p);
}

static const jx_finding *item_finding(ws *w, const jx_score_item *it)
{
	const jx_finding *best = NULL;
	size_t n = strlen(it->path);
	for (size_t k = 0; k < w->s.fnd.n; k++) {
		const jx_finding *f = &w->s.fnd.v[k];
		if (!f->path || strncmp(f->path, it->path, n) != 0 || (f->path[n] != '\0' && f->path[n] != ':'))
			continue;
		if (!best || f->sev < best->sev)
			best = f;
	}
	return best;
}

static void cell(void *ctx, int row, int col, char *buf, size_t len, int *role)
{
	score_st *s = ctx;
	ws *w = s->w;
	char a[64], path[160];
	if (row >= s->nrows)
		return;
	const srow *r = &s->rows[row];
	const int dec = w->s.t ? w->s.t->rules.decimals : 2;
	if (r->kind == R_TOTAL) {
		switch (col) {
		case SC_NAME:
			snprintf(buf, len, "%s", L("总分", "Total"));
			break;
		case SC_POINTS:
			ws_fmt(buf, w->s.ss.points, -1);
			break;
		case SC_SCORE:
			snprintf(buf, len, "%s", w->s.ss.total == JX_NONE ? "-" : ws_fmt(a, w->s.ss.total, 2));
			break;
		case SC_RATE:
			/* no grade while values are unfilled (the line above says how many) */
			if (jx_findings_unfilled(&w->s.fnd) > 0)
				snprintf(buf, len, "%s", L("未完成", "incomplete"));
			else
				jx_grade_text(&w->s.ss, 0, jx_lang == JX_LANG_EN, buf, len);
			break;
		case SC_STATED: {
			const jx_stated *st = jx_sheet_stated(w->s.sheet, "total");
			if (st)
				ws_fmt(buf, st->value, 2);
			break;
		}
		case SC_FLAG:
			for (size_t k = 0; k < w->s.fnd.n; k++)
				if (w->s.fnd.v[k].path && strcmp(w->s.fnd.v[k].path, "total") == 0) {
					snprintf(buf, len, "!");
					*role = w->s.fnd.v[k].sev == JX_SEV_ERROR ? UC_ERROR : UC_WARN;
					break;
				}
			break;
		}
		if (*role < 0)
			*role = UC_TITLE;
		return;
	}
	const jx_score_item *it = &w->s.ss.items[r->item];
	const jx_node *n = it->node;
	int indent = r->depth * 2;
	if (indent > 12)
		indent = 12;
	switch (r->kind) {
	case R_ITEM:
		if (col == SC_NAME) {
			const char *mark = "   ";
			if (it->kind == JX_ITEM_NODE && has_children(&w->s.ss, r->item))
				mark = is_folded(s, fold_key(it)) >= 0 ? "[+]" : "[-]";
			const char *name = it->kind == JX_ITEM_IND && it->ind ? (it->ind->name ? it->ind->name : "")
					   : it->name ? it->name : node_name(n);
			snprintf(buf, len, "%*s%s %s", indent, "", mark, name);
			if (it->depth == 0)
				*role = UC_TITLE;
		} else if (col == SC_POINTS) {
			ws_fmt(buf, it->points, -1);
		} else if (col == SC_SCORE) {
			if (it->score == JX_NONE)
				snprintf(buf, len, "%s", (it->flags & JX_SF_NA) ? L("不适用", "n/a") : "");
			else
				ws_fmt(buf, it->score, dec);
			if (it->flags & JX_SF_UNMET)
				*role = UC_WARN;
		} else if (col == SC_RATE) {
			if (it->rate != JX_NONE)
				ws_fmt_rate(buf, it->rate);
			else if (it->flags & JX_SF_NA)
				snprintf(buf, len, "%s", L("不适用", "n/a"));
		} else if (col == SC_STATED) {
			const jx_stated *st = stated_score(w, it);
			if (st && st->value != JX_NONE)
				ws_fmt(buf, st->value, -1);
			else if (it->kind == JX_ITEM_IND && it->ind && it->ind->score_stated != JX_NONE)
				ws_fmt(buf, it->ind->score_stated, -1);
		} else if (col == SC_FLAG) {
			const jx_finding *f = item_finding(w, it);
			if (f && f->sev != JX_SEV_INFO) {
				snprintf(buf, len, "%s", f->sev == JX_SEV_ERROR ? "!!" : "!");
				*role = f->sev == JX_SEV_ERROR ? UC_ERROR : UC_WARN;
			}
		}
		return;
	case R_CHECK: {
		const jx_check_item *ci = &n->items[r->sub];
		const jx_mark *m = jx_sheet_mark(w->s.sheet, n->key, r->sub);
		if (col == SC_NAME) {
			const char *box = !m || m->awarded == JX_NONE ? "[ ]" : m->awarded >= ci->points ? "[x]" : m->awarded > 0 ? "[~]" : "[ ]";
			snprintf(buf, len, "%*s%s %d. %s", indent, "", box, r->sub + 1, ci->label ? ci->label : "");
			if (m && m->awarded != JX_NONE && m->awarded >= ci->points)
				*role = UC_OK;
		} else if (col == SC_POINTS) {
			ws_fmt(buf, ci->points, -1);
		} else if (col == SC_SCORE && m) {
			ws_fmt(buf, m->awarded, -1);
		}
		snprintf(path, sizeof path, "mark:%s:%d", n->key, r->sub);
		if (strcmp(w->s.err_path, path) == 0)
			*role = UC_ERROR;
		return;
	}
	case R_MEASURE: {
		const char *in = r->sub ? n->input_b : n->input_a;
		const char *lab = r->sub ? n->input_b_label : n->input_a_label;
		if (col == SC_NAME) {
			snprintf(buf, len, "%*s    %s%s", indent, "", r->sub ? L("分母 ", "b: ") : L("分子 ", "a: "), lab ? lab : in + 8);
			*role = UC_DIM;
		} else if (col == SC_SCORE) {
			snprintf(path, sizeof path, "measure:%s", in + 8);
			session_get(&w->s, path, buf, len);
			if (strcmp(w->s.err_path, path) == 0)
				*role = UC_ERROR;
		}
		return;
	}
	case R_NOTE:
		if (col == SC_NAME) {
			snprintf(path, sizeof path, "entry:%s:note", n->key);
			char note[256];
			session_get(&w->s, path, note, sizeof note);
			for (char *p = note; *p; p++)
				if (*p == '\n')
					*p = ' ';
			snprintf(buf, len, "%*s    %s%s", indent, "", L("说明：", "note: "), note);
			*role = UC_DIM;
		}
		return;
	default:
		return;
	}
}

static void *create(ws *w)
{
	score_st *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->w = w;
	ui_grid_init(&s->g, score_cols, SC_N, 1, cell, s);
	s->g.col = SC_NAME;
	return s;
}

static void destroy(void *st)
{
	score_st *s = st;
	if (!s)
		return;
	for (int i = 0; i < s->nfolded; i++)
		free(s->folded[i]);
	free(s->folded);
	free(s->rows);
	free(s);
}

static void sheet_changed(ws *w, void *st)
{
	(void)w;
	rebuild(st);
}

static void draw(ws *w, void *st, int y, int x, int h, int wd)
{
	score_st *s = st;
	char line[1200], a[32], b[32];
	rebuild(s);
	if (!w->s.scored) {
		ui_text(y + 1, x + 2, wd - 4, L("本表的模板不可用，无法评分", "this sheet's template is not available: it cannot be scored"),
			ui_attr(UC_WARN), UI_LEFT);
		return;
	}
	const jx_template *t = w->s.t;
	/* the template's name, then the total, grade and execution rate: the
	 * name is cut when the line is too narrow for all, the figures never */
	const char *tname = t ? L(t->name ? t->name : t->id, t->name_en ? t->name_en : t->id) : "";
	char g[JX_GRADE_TEXT_LEN]; /* or 未完成（N 项未填） */
	jx_grade_text(&w->s.ss, jx_findings_unfilled(&w->s.fnd), jx_lang == JX_LANG_EN, g, sizeof g);
	snprintf(line, sizeof line, "%s %s %s", L("总分", "Total"), w->s.ss.total == JX_NONE ? "-" : ws_fmt(a, w->s.ss.total, 2), g);
	if (w->s.ss.exec_rate != JX_NONE) {
		size_t o = strlen(line);
		snprintf(line + o, sizeof line - o, L("   预算执行率 %s", "   execution rate %s"), ws_fmt_rate(b, w->s.ss.exec_rate));
	}
	int figw = jx_text_width(line), namew = jx_text_width(tname);
	if (namew > wd - figw - 3)
		namew = wd - figw - 3;
	if (namew < 0)
		namew = 0;
	ui_fill(y, x, wd, ui_attr(UC_TITLE));
	ui_text(y, x, namew, tname, ui_attr(UC_TITLE), UI_LEFT);
	ui_text(y, x + (namew ? namew + 3 : 0), wd - (namew ? namew + 3 : 0), line, ui_attr(UC_TITLE), UI_LEFT);
	ui_grid_draw(&s->g, y + 1, x, h - 2, wd, w->editing ? &w->ed : NULL);
	/* the current row's explanation or problem */
	int dy = y + h - 1;
	if (s->g.row < 0 || s->g.row >= s->nrows)
		return;
	const srow *r = &s->rows[s->g.row];
	if (w->s.err_path[0]) {
		char p[160];
		row_path(s, r, p, sizeof p);
		if (strcmp(p, w->s.err_path) == 0 || r->kind == R_MEASURE || r->kind == R_CHECK) {
			snprintf(line, sizeof line, "! %s", w->s.err_msg);
			ui_text(dy, x, wd, line, ui_attr(UC_ERROR), UI_LEFT);
			return;
		}
	}
	if (r->kind == R_TOTAL) {
		ui_text(dy, x, wd, w->s.ss.text ? w->s.ss.text + w->s.ss.total_expl : "", ui_attr(UC_DIM), UI_LEFT);
		return;
	}
	const jx_score_item *it = &w->s.ss.items[r->item];
	const jx_finding *f = item_finding(w, it);
	if (r->kind == R_ITEM && f && f->sev != JX_SEV_INFO) {
		snprintf(line, sizeof line, "%s %s: %s", jx_severity_name(f->sev), f->code, f->msg ? f->msg : "");
		ui_text(dy, x, wd, line, ui_attr(f->sev == JX_SEV_ERROR ? UC_ERROR : UC_WARN), UI_LEFT);
		return;
	}
	if (r->kind == R_CHECK) {
		const jx_check_item *ci = &it->node->items[r->sub];
		snprintf(line, sizeof line, "%s", ci->label ? ci->label : "");
		ui_text(dy, x, wd, line, ui_attr(UC_INFO), UI_LEFT);
		return;
	}
	ui_text(dy, x, wd, jx_score_expl(&w->s.ss, it), ui_attr(UC_DIM), UI_LEFT);
}

static void toggle_fold(score_st *s, const srow *r)
{
	if (r->kind != R_ITEM)
		return;
	const jx_score_item *it = &s->w->s.ss.items[r->item];
	if (it->kind != JX_ITEM_NODE || !it->node || !has_children(&s->w->s.ss, r->item))
		return;
	set_folded(s, fold_key(it), is_folded(s, fold_key(it)) < 0);
}

/* Space on a 评价要点: met (full points) <-> not met (0). */
static void toggle_mark(ws *w, score_st *s, const srow *r)
{
	const jx_node *n = w->s.ss.items[r->item].node;
	const jx_check_item *ci = &n->items[r->sub];
	const jx_mark *m = jx_sheet_mark(w->s.sheet, n->key, r->sub);
	char path[160], v[32];
	snprintf(path, sizeof path, "mark:%s:%d", n->key, r->sub);
	int full = m && m->awarded != JX_NONE && m->awarded >= ci->points;
	session_commit(&w->s, path, full ? "0" : jx_fmt_trim(v, ci->points));
	(void)s;
}

static int key(ws *w, void *st, int k, ui_action a)
{
	score_st *s = st;
	char path[160];
	rebuild(s);
	if (w->editing)
		return ws_grid_edit_feed(w, &s->g, k);
	if (k == UK_FN(KEY_LEFT) && s->g.row < s->nrows) {
		/* Left on an open node folds it; on a child goes to the parent */
		const srow *r = &s->rows[s->g.row];
		if (r->kind == R_ITEM && w->s.ss.items[r->item].node && has_children(&w->s.ss, r->item) &&
		    is_folded(s, fold_key(&w->s.ss.items[r->item])) < 0) {
			toggle_fold(s, r);
			return VR_HANDLED;
		}
		return VR_HANDLED;
	}
	if (k == UK_FN(KEY_RIGHT) && s->g.row < s->nrows) {
		const srow *r = &s->rows[s->g.row];
		if (r->kind == R_ITEM && w->s.ss.items[r->item].node && is_folded(s, fold_key(&w->s.ss.items[r->item])) >= 0)
			toggle_fold(s, r);
		return VR_HANDLED;
	}
	if (ui_grid_key(&s->g, k))
		return VR_HANDLED;
	if (s->g.row < 0 || s->g.row >= s->nrows)
		return 0;
	const srow *r = &s->rows[s->g.row];
	switch (a) {
	case UA_FOLD:
		if (r->kind == R_CHECK && k == ' ')
			toggle_mark(w, s, r);
		else
			toggle_fold(s, r);
		return VR_HANDLED;
	case UA_UNFOLD_ALL:
		for (int i = 0; i < s->nfolded; i++)
			free(s->folded[i]);
		s->nfolded = 0;
		return VR_HANDLED;
	case UA_EDIT:
		switch (r->kind) {
		case R_CHECK:
		case R_MEASURE:
		case R_NOTE:
			row_path(s, r, path, sizeof path);
			if (r->kind == R_NOTE) {
				ws_edit_long(w, path);
				return VR_HANDLED;
			}
			s->g.col = SC_SCORE;
			ws_edit_begin(w, path, 0);
			return VR_HANDLED;
		case R_ITEM: {
			const jx_score_item *it = &w->s.ss.items[r->item];
			if (it->kind == JX_ITEM_IND) {
				row_path(s, r, path, sizeof path);
				ws_go_to_path(w, path);
			} else if (it->node && it->node->kind == JX_NODE_MANUAL) {
				row_path(s, r, path, sizeof path);
				s->g.col = SC_SCORE;
				ws_edit_begin(w, path, 0);
			} else if (it->node && it->node->kind == JX_NODE_FORMULA && it->node->input_a &&
				   strncmp(it->node->input_a, "funds.", 6) == 0) {
				ws_go_to_path(w, "funds");
			} else if (has_children(&w->s.ss, r->item)) {
				toggle_fold(s, r);
			}
			return VR_HANDLED;
		}
		default:
			return VR_HANDLED;
		}
	default:
		return 0;
	}
}

static void help(ws *w, void *st, ui_buf *b)
{
	score_st *s = st;
	if (s->g.row >= 0 && s->g.row < s->nrows && s->rows[s->g.row].kind != R_TOTAL) {
		const jx_score_item *it = &w->s.ss.items[s->rows[s->g.row].item];
		if (it->node) {
			ui_buf_printf(b, "\n%s\n", node_name(it->node));
			if (it->node->criteria)
				ui_buf_printf(b, "%s\n", it->node->criteria);
			if (it->node->help)
				ui_buf_printf(b, "%s\n", it->node->help);
		}
	}
}

static void explain(ws *w, void *st, ui_buf *b)
{
	score_st *s = st;
	if (s->g.row < 0 || s->g.row >= s->nrows)
		return;
	const srow *r = &s->rows[s->g.row];
	if (r->kind == R_TOTAL) {
		char t[32];
		ui_buf_printf(b, "%s %s\n\n", L("总分", "Total"), ws_fmt(t, w->s.ss.total, 2));
		if (w->s.ss.text)
			ui_buf_add(b, w->s.ss.text + w->s.ss.total_expl);
		return;
	}
	ws_explain_path(w, w->s.ss.items[r->item].path, b);
}

static int go_to(ws *w, void *st, const char *path)
{
	score_st *s = st;
	char p[160];
	if (!w->s.sheet || !w->s.scored)
		return 0;
	rebuild(s);
	for (int i = 0; i < s->nrows; i++) {
		const srow *r = &s->rows[i];
		if (r->kind == R_TOTAL) {
			if (strcmp(path, "total") == 0) {
				s->g.row = i;
				return 1;
			}
			continue;
		}
		row_path(s, r, p, sizeof p);
		if ((r->kind != R_ITEM || strncmp(path, "ind:", 4) != 0) && p[0] && strcmp(p, path) == 0) {
			s->g.row = i;
			return 1;
		}
		if (r->kind == R_ITEM && strncmp(path, "node:", 5) == 0 && strcmp(w->s.ss.items[r->item].path, path) == 0) {
			s->g.row = i;
			return 1;
		}
	}
	return 0;
}

static int field_at(ws *w, void *st, char *buf, size_t len)
{
	score_st *s = st;
	if (!w->s.scored || s->g.row < 0 || s->g.row >= s->nrows)
		return 0;
	const srow *r = &s->rows[s->g.row];
	row_path(s, r, buf, len);
	/* an indicator's row: its whole history */
	if (r->kind == R_ITEM && r->item >= 0 && w->s.ss.items[r->item].kind == JX_ITEM_IND && w->s.ss.items[r->item].ind)
		snprintf(buf, len, "ind:%s", w->s.ss.items[r->item].ind->key);
	return buf[0] != '\0';
}

/* The key bar, most used first: what does not fit at 80 columns is left
 * out from the end (F1 lists every key). */
static const ui_action score_keybar[] = {UA_FOLD,    UA_UNFOLD_ALL, UA_EDIT,     UA_EXPLAIN, UA_UNDO, UA_REDO,
					  UA_HISTORY, UA_EXPORT,     UA_FINALISE, UA_IMPORT,  UA_NONE};

const view_ops scr_score_ops = {SHEET_VIEW_OPS("评分表", "Scoring"),
				.help = help, .explain = explain, .field_at = field_at, .keybar = score_keybar};
