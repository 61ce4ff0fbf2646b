/* 绩效指标: the indicator grid (一级 / 二级 / 三级, comparator, target, unit,
 * actual, points, score, deviation reason ...).  Add, insert, delete (with
 * undo) and move rows; comparator, category and qualitative band are
 * picked from lists; each row's score comes from the engine after every
 * commit; rows with a problem are marked. */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "export.h"
#include "field.h"
#include "grid.h"
#include "monitor.h"
#include "strutil.h"
#include "textwidth.h"
#include "ws.h"
#include "ws_comment.h"
#include "scr_library.h"

/* F1: what this screen is and how it is used (help() adds what concerns
 * the cursor). */
static const char about_zh[] =
	"绩效指标：一级 / 二级 / 三级指标，计算符号，年度指标值（目标），计量单位，实际完成值，分值，得分，偏差原因。"
	"得分和完成率由评分引擎按本表模板的规则计算，每次保存后整行、小计、总分和等级立即更新。\n\n"
	"标有「!」的行有问题：缺少偏差原因，所在类别的分值合计不对，或检查发现了别的问题；光标所在行的问题显示在最下面。\n\n"
	"在当前格上直接输入数字、汉字或符号即开始编辑并替换原值，Enter 或 F2 打开原值（Enter 保存并到下一行，Tab 保存并到右边一格，"
	"Esc 取消；Tab 跳过得分、完成率等计算列，照表填写的目标之后直接到「实际」）；计算符号、类别和档次从列表中选择（p）。目标可照表中写法填写：≥95%、≤90万元、>=20家、2023年6月前、按时完成，"
	"计算符号、数值、单位（或时限、定性）一并填好；实际值可带本指标的单位（37.24万元、98%）。"
	"a 在下面添加一行、i 在上面插入一行（先选类别，Enter 沿用当前类别），d 删除（撤销可连同原有编号恢复），K/J 上移/下移；x 显示当前行得分的计算说明；"
	"H 显示当前格的修改记录（在得分等计算列上：整行的修改记录）；左右键可横向滚动到更多列"
	"（填报得分、调整得分、扣分、所属项目、原文，按年度绩效目标分块的模板的所属目标：1、2 …；监控表的全年预计、预警、完成可能性、偏差类别、整改、整改措施；指标调整说明；备注）。"
	"预警列以字母和颜色表示：G 绿、Y 黄、R 红，后面是差距（百分点）。"
	"从监控表生成的自评表，备注中是监控时的全年预计和完成目标可能性（如「6月监控：全年预计 5个，有可能」），"
	"光标所在行的备注显示在最下面；备注不计分，也不算实际完成值。监控表本身另有「监控」屏（M）。\n";
static const char about_en[] =
	"Indicators: level 1 / 2 / 3, comparator, annual target, unit, actual, points, score, deviation "
	"reason. Scores and rates are computed by the scoring engine under this sheet's template; after each "
	"save the row, the subtotals, the total and the grade update at once.\n\n"
	"Rows marked \"!\" have a problem: a missing deviation reason, a category whose points do not add up, "
	"or another finding; the current row's problem is shown at the bottom.\n\n"
	"Typing a digit, Chinese or a sign on the cell starts editing it and replaces the value; Enter or F2 "
	"opens the value (Enter saves and goes down, Tab saves and goes right, Esc cancels; Tab passes the "
	"computed columns, and after a target typed as printed goes on to the actual); comparator, "
	"category and band are picked from lists (p). A target is typed as tables print it: >=95%, <=90万元, "
	"2023年6月前, 按时完成 set the comparator, number and unit (or deadline, or qualitative) together; an "
	"actual may carry the indicator's unit (37.24万元, 98%). a adds a row below, i inserts above (each asks "
	"its category first: Enter keeps the current one), d deletes (undo "
	"brings it back under its own key), K/J move up/down; x explains the row's score; H shows the cell's history "
	"(on a computed column: the whole row's); Left/Right scroll to more columns "
	"(stated score, override, deduction, sub-project, texts as printed, under goal blocks the goal: 1, 2 …; a monitoring sheet's forecast, light, "
	"likelihood, cause, rectification and measures; the target's adjustment reason; the note). A light is a letter and a "
	"colour, G green, Y yellow, R red, followed by its gap in points. "
	"A self-evaluation made from a monitoring sheet has the monitoring forecast and likelihood in each note "
	"(6月监控：全年预计 5个，有可能), shown at the bottom for the current row; a note is never scored nor an actual. "
	"A monitoring sheet has its own screen too (M).\n";

enum {
	IC_MARK, IC_L1, IC_L2, IC_NAME, IC_CMP, IC_TARGET, IC_UNIT, IC_ACTUAL, IC_POINTS, IC_SCORE, IC_RATE, IC_BAND,
	IC_DEV, IC_STATED, IC_OVERRIDE, IC_OVR_REASON, IC_DEDUCT, IC_DED_REASON, IC_SUBPROJECT, IC_TARGET_TEXT,
	IC_ACTUAL_TEXT, IC_GOAL,
	/* a monitoring sheet's columns (monitor.h), then the adjustment of a
	 * target against the declared one */
	IC_FORECAST, IC_LIGHT, IC_LIKELY, IC_CAUSE, IC_RECTIFY, IC_MEASURES, IC_ADJUST, IC_NOTE, IC_N
};
_Static_assert(IC_N <= 32, "a row's cell mask holds 32 columns");

static const ui_gcol ind_cols[IC_N] = {
	{"", "", 1, 0, UI_LEFT},
	{"一级", "Level 1", 8, 0, UI_LEFT},
	{"二级", "Level 2", 8, 0, UI_LEFT},
	{"三级指标", "Indicator", 16, 4, UI_LEFT},
	{"符号", "Cmp", 4, 0, UI_LEFT},
	{"目标", "Target", 8, 0, UI_RIGHT},
	{"单位", "Unit", 4, 0, UI_LEFT},
	{"实际", "Actual", 8, 0, UI_RIGHT},
	{"分值", "Pts", 5, 0, UI_RIGHT},
	{"得分", "Score", 6, 0, UI_RIGHT},
	{"完成率", "Rate", 8, 0, UI_RIGHT},
	{"档次", "Band", 8, 0, UI_LEFT},
	{"偏差原因", "Deviation reason", 12, 2, UI_LEFT},
	{"填报得分", "Stated", 8, 0, UI_RIGHT},
	{"调整得分", "Override", 8, 0, UI_RIGHT},
	{"调整理由", "Override reason", 12, 0, UI_LEFT},
	{"扣分", "Deduct", 5, 0, UI_RIGHT},
	{"扣分原因", "Deduction reason", 12, 0, UI_LEFT},
	{"所属项目", "Sub-project", 10, 0, UI_LEFT},
	{"目标原文", "Target text", 10, 0, UI_LEFT},
	{"实际原文", "Actual text", 10, 0, UI_LEFT},
	{"所属目标", "Goal", 8, 0, UI_RIGHT},
	{"全年预计", "Forecast", 8, 0, UI_RIGHT},
	{"预警", "Light", 10, 0, UI_LEFT},
	{"完成可能性", "Likelihood", 10, 0, UI_LEFT},
	{"偏差类别", "Cause", 12, 0, UI_LEFT},
	{"整改", "Rectify", 4, 0, UI_LEFT},
	{"整改措施", "Measures", 12, 0, UI_LEFT},
	{"调整说明", "Adjustment", 12, 0, UI_LEFT},
	{"备注", "Note", 12, 0, UI_LEFT},
};

typedef struct {
	ws *w;
	ui_grid g;
	char find[128]; /* last text searched with / */
	unsigned char *problem; /* per row: 1 when marked */
	uint32_t *cellmask;     /* per row: columns a finding points to */
	size_t nproblem;
	unsigned gen;           /* ws fnd_gen the marks were computed for */
	int have_gen;
	int after_target;       /* a target typed as printed was just committed (tab_stop) */
} inds_st;

/* ---- template helpers ------------------------------------------------------ */

static const jx_node *slot_node(ws *w, const jx_indicator *d)
{
	return w->s.t && d->slot ? jx_template_node(w->s.t, d->slot) : NULL;
}

static const char *node_name(const jx_node *n)
{
	if (!n)
		return "";
	return L(n->name ? n->name : n->key, n->name_en ? n->name_en : (n->name ? n->name : n->key));
}

static const jx_node *level1(const jx_node *n)
{
	while (n && n->parent)
		n = n->parent;
	return n;
}

static int is_text_cmp(jx_cmp c)
{
	return c == JX_CMP_QUAL || c == JX_CMP_DEADLINE;
}

/* Field path behind a column (NULL for computed columns). */
static const char *col_field(const jx_indicator *d, int col)
{
	switch (col) {
	case IC_L1:
	case IC_L2: return "slot";
	case IC_NAME: return "name";
	case IC_CMP: return "cmp";
	case IC_TARGET: return is_text_cmp(d->cmp) ? "target_text" : "target";
	case IC_UNIT: return "unit";
	case IC_ACTUAL: return is_text_cmp(d->cmp) ? "actual_text" : "actual";
	case IC_POINTS: return "points";
	case IC_SCORE: return d->cmp == JX_CMP_QUAL ? "score_entered" : NULL;
	case IC_BAND: return "band";
	case IC_DEV: return "deviation_reason";
	case IC_STATED: return "score_stated";
	case IC_OVERRIDE: return "override_score";
	case IC_OVR_REASON: return "override_reason";
	case IC_DEDUCT: return "deduction";
	case IC_DED_REASON: return "deduction_reason";
	case IC_SUBPROJECT: return "subproject";
	case IC_TARGET_TEXT: return "target_text";
	case IC_ACTUAL_TEXT: return "actual_text";
	case IC_GOAL: return "goal";
	case IC_FORECAST: return "forecast";
	case IC_LIKELY: return "likelihood";
	case IC_CAUSE: return "cause";
	case IC_RECTIFY: return "rectify";
	case IC_MEASURES: return "measures";
	case IC_ADJUST: return "adjust_reason";
	case IC_NOTE: return "note";
	default: return NULL;
	}
}

static int col_path(const jx_indicator *d, int col, char *buf, size_t len)
{
	const char *f = col_field(d, col);
	if (!f)
		return -1;
	snprintf(buf, len, "ind:%s:%s", d->key, f);
	return 0;
}

/* ---- problems ---------------------------------------------------------------- */

static int path_is_ind(const char *p, const char *key)
{
	size_t n = strlen(key);
	return strncmp(p, "ind:", 4) == 0 && strncmp(p + 4, key, n) == 0 && (p[4 + n] == '\0' || p[4 + n] == ':');
}

struct keyidx {
	const char *key;
	size_t i;
};

static int cmp_keyidx(const void *a, const void *b)
{
	return strcmp(((const struct keyidx *)a)->key, ((const struct keyidx *)b)->key);
}

/* Mark rows: a finding about the indicator (error or warning), or its
 * category's points not adding up (E101 on its slot or 一级 node); and the
 * cells findings point to.  Recomputed only when the sheet or its findings
 * changed: a frame must stay cheap with 300 rows and hundreds of findings. */
static void compute_problems(inds_st *s)
{
	ws *w = s->w;
	size_t n = w->s.sheet ? w->s.sheet->n_inds : 0;
	if (s->have_gen && s->gen == w->s.fnd_gen && s->nproblem >= n)
		return;
	if (n > s->nproblem) {
		unsigned char *p = realloc(s->problem, n);
		if (p)
			s->problem = p;
		uint32_t *m = realloc(s->cellmask, n * sizeof *m);
		if (m)
			s->cellmask = m;
		if (!p || !m)
			return;
		s->nproblem = n;
	}
	if (s->problem)
		memset(s->problem, 0, s->nproblem);
	if (s->cellmask)
		memset(s->cellmask, 0, s->nproblem * sizeof *s->cellmask);
	s->gen = w->s.fnd_gen;
	s->have_gen = 1;
	if (!n)
		return;
	struct keyidx *idx = malloc(n * sizeof *idx);
	if (!idx)
		return;
	size_t nk = 0;
	for (size_t i = 0; i < n; i++)
		if (w->s.sheet->inds[i].key)
			idx[nk++] = (struct keyidx){w->s.sheet->inds[i].key, i};
	qsort(idx, nk, sizeof *idx, cmp_keyidx);
	/* categories whose points do not add up */
	const char *e101[64];
	int ne101 = 0;
	for (size_t k = 0; k < w->s.fnd.n; k++) {
		const jx_finding *f = &w->s.fnd.v[k];
		if (!f->path || f->sev == JX_SEV_INFO)
			continue;
		if (strncmp(f->path, "ind:", 4) == 0) {
			char key[96];
			const char *p = f->path + 4, *colon = strchr(p, ':');
			size_t kl = colon ? (size_t)(colon - p) : strlen(p);
			if (kl >= sizeof key)
				continue;
			memcpy(key, p, kl);
			key[kl] = '\0';
			struct keyidx probe = {key, 0}, *hit = bsearch(&probe, idx, nk, sizeof *idx, cmp_keyidx);
			if (!hit)
				continue;
			s->problem[hit->i] = 1;
			if (colon) {
				const jx_indicator *d = &w->s.sheet->inds[hit->i];
				for (int c = 0; c < IC_N; c++) {
					const char *fld = col_field(d, c);
					if (fld && strcmp(fld, colon + 1) == 0)
						s->cellmask[hit->i] |= 1u << c;
				}
			}
		} else if (strcmp(f->code, "E101") == 0 && strncmp(f->path, "node:", 5) == 0 && ne101 < 64) {
			e101[ne101++] = f->path + 5;
		}
	}
	for (size_t i = 0; i < n && ne101; i++) {
		const jx_indicator *d = &w->s.sheet->inds[i];
		const jx_node *sn = slot_node(w, d);
		const jx_node *l1 = level1(sn);
		for (int k = 0; k < ne101; k++)
			if ((sn && strcmp(e101[k], sn->key) == 0) || (l1 && strcmp(e101[k], l1->key) == 0))
				s->problem[i] = 1;
	}
	free(idx);
}

/* ---- cells --------------------------------------------------------------------- */

static void cell(void *ctx, int row, int col, char *buf, size_t len, int *role)
{
	inds_st *s = ctx;
	ws *w = s->w;
	char path[160], tmp[64];
	if ((size_t)row >= w->s.sheet->n_inds)
		return;
	const jx_indicator *d = &w->s.sheet->inds[row];
	const jx_score_item *it = NULL;
	if (col == IC_SCORE || col == IC_RATE) {
		snprintf(path, sizeof path, "ind:%s", d->key);
		it = w->s.scored ? jx_score_find(&w->s.ss, path) : NULL;
	}
	switch (col) {
	case IC_MARK:
		/* a problem of its place in the template first; else an open
		 * comment on the indicator (ws_comment.h) */
		snprintf(path, sizeof path, "ind:%s", jx_nz(d->key));
		if ((size_t)row < s->nproblem && s->problem[row]) {
			snprintf(buf, len, "!");
			*role = UC_ERROR;
		} else if (ws_commented(w, path)) {
			snprintf(buf, len, "%s", WS_COMMENT_MARK);
			*role = UC_WARN;
		}
		return;
	case IC_L1: {
		const jx_node *sn = slot_node(w, d);
		if (w->s.scored && w->s.ss.goal_blocks && jx_goal_blocks_replace(w->s.t, sn) && d->goal != JX_NONE) {
			/* a row of a goal block, short enough for the column: 目标2
			 * (年度绩效目标2 in the line above the grid and on the scoring sheet) */
			snprintf(buf, len, L("目标%lld", "Goal %lld"), (long long)(d->goal / JX_SCALE));
			return;
		}
		snprintf(buf, len, "%s", sn ? node_name(level1(sn)) : (d->slot ? d->slot : ""));
		return;
	}
	case IC_L2: {
		const jx_node *sn = slot_node(w, d);
		snprintf(buf, len, "%s", sn ? node_name(sn) : "");
		return;
	}
	case IC_SCORE:
		if (d->cmp == JX_CMP_QUAL && d->score_entered == JX_NONE && it && it->score == JX_NONE) {
			snprintf(buf, len, "%s", "");
			return;
		}
		if (it)
			snprintf(buf, len, "%s", it->score == JX_NONE ? L("不适用", "n/a") : ws_fmt(tmp, it->score, w->s.t ? w->s.t->rules.decimals : 2));
		if (it && (it->flags & JX_SF_UNMET))
			*role = UC_WARN;
		return;
	case IC_RATE:
		if (it && it->rate != JX_NONE)
			snprintf(buf, len, "%s", ws_fmt_rate(tmp, it->rate));
		return;
	case IC_LIGHT: {
		/* the letter and the word, readable without colour, then the gap */
		jx_ind_light l = jx_monitor_ind(w->s.t, d);
		if (l.light != JX_LIGHT_NONE) {
			snprintf(buf, len, "%s %s %s", jx_light_letter(l.light), jx_light_name(l.light),
				 l.gap == JX_NONE ? "" : ws_fmt(tmp, l.gap, 2));
			*role = l.light == JX_LIGHT_RED ? UC_ERROR : l.light == JX_LIGHT_YELLOW ? UC_WARN : UC_OK;
		}
		return;
	}
	case IC_BAND:
		if (d->cmp == JX_CMP_QUAL && w->s.t && d->band >= 0 && (size_t)d->band < w->s.t->rules.n_bands) {
			const jx_qual_band *b = &w->s.t->rules.bands[d->band];
			snprintf(buf, len, "%s", L(b->name ? b->name : "", b->name_en ? b->name_en : (b->name ? b->name : "")));
		}
		return;
	case IC_TARGET:
		if (!is_text_cmp(d->cmp) && d->target == JX_NONE && d->target_text) {
			/* a target printed as text only */
			snprintf(buf, len, "%s", d->target_text);
			*role = UC_DIM;
			return;
		}
		break;
	case IC_ACTUAL:
		if (!is_text_cmp(d->cmp) && d->actual == JX_NONE && d->actual_text) {
			snprintf(buf, len, "%s", d->actual_text);
			*role = UC_DIM;
			return;
		}
		break;
	default:
		break;
	}
	if (!col_field(d, col))
		return;
	/* the columns of every row straight from the indicator (the same text
	 * jx_field_get gives: a number trimmed, a text as it is); the others
	 * through their field path */
	switch (col) {
	case IC_NAME: snprintf(buf, len, "%s", d->name ? d->name : ""); break;
	case IC_UNIT: snprintf(buf, len, "%s", d->unit ? d->unit : ""); break;
	case IC_DEV: snprintf(buf, len, "%s", d->deviation_reason ? d->deviation_reason : ""); break;
	case IC_TARGET:
	case IC_ACTUAL:
	case IC_POINTS:
		if (!is_text_cmp(d->cmp) || col == IC_POINTS) {
			jx_fmt_len(tmp, col == IC_TARGET ? d->target : col == IC_ACTUAL ? d->actual : d->points, 6, 1);
			snprintf(buf, len, "%s", tmp);
			break;
		}
		/* fall through */
	default:
		col_path(d, col, path, sizeof path);
		session_get(&w->s, path, buf, len);
		break;
	}
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	if (w->s.err_path[0] && col_path(d, col, path, sizeof path) == 0 && strcmp(w->s.err_path, path) == 0)
		*role = UC_ERROR;
	else if ((size_t)row < s->nproblem && (s->cellmask[row] & (1u << col)))
		*role = UC_WARN;
}

/* Tab passes over what cannot be typed into: computed columns, a band on
 * a numeric indicator, a unit on a deadline or qualitative one; and, right
 * after a target typed as printed (≥95%, ≤90万元), over the cells that
 * target filled, so that the actual comes next. */
static int tab_stop(void *ctx, int row, int col)
{
	inds_st *s = ctx;
	ws *w = s->w;
	if (!w->s.sheet || row < 0 || (size_t)row >= w->s.sheet->n_inds)
		return 1;
	const jx_indicator *d = &w->s.sheet->inds[row];
	char path[160];
	switch (col) {
	case IC_MARK:
	case IC_RATE:
		return 0;
	case IC_SCORE:
	case IC_BAND:
		return d->cmp == JX_CMP_QUAL;
	case IC_UNIT:
		if (is_text_cmp(d->cmp))
			return 0;
		/* fall through */
	case IC_TARGET:
		return !s->after_target || col_path(d, col, path, sizeof path) < 0 || !session_field_text(&w->s, path)[0];
	default:
		return 1;
	}
}

static int row_role(void *ctx, int row)
{
	inds_st *s = ctx;
	if ((size_t)row < s->nproblem && s->problem[row])
		return UC_MARK;
	return -1;
}

/* ---- view ------------------------------------------------------------------------ */

static void *create(ws *w)
{
	inds_st *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->w = w;
	ui_grid_init(&s->g, ind_cols, IC_N, 4, cell, s);
	s->g.row_role = row_role;
	s->g.tab_stop = tab_stop;
	s->g.col = IC_ACTUAL;
	return s;
}

static void destroy(void *st)
{
	inds_st *s = st;
	if (s) {
		free(s->problem);
		free(s->cellmask);
	}
	free(s);
}

static void sync_rows(inds_st *s)
{
	s->g.nrows = s->w->s.sheet ? (int)s->w->s.sheet->n_inds : 0;
	ui_grid_clamp(&s->g);
}

static void sheet_changed(ws *w, void *st)
{
	(void)w;
	sync_rows(st);
}

static const jx_indicator *current(inds_st *s)
{
	ws *w = s->w;
	if (!w->s.sheet || s->g.row < 0 || (size_t)s->g.row >= w->s.sheet->n_inds)
		return NULL;
	return &w->s.sheet->inds[s->g.row];
}

/* One line per 一级 category holding indicators: score / points. */
static void draw_summary(ws *w, int y, int x, int wd)
{
	char line[1024], a[32], b[32];
	size_t o = 0;
	o += (size_t)snprintf(line, sizeof line, L("指标 %zu 个", "%zu indicators"), w->s.sheet->n_inds);
	if (w->s.scored) {
		for (size_t i = 0; i < w->s.ss.n && o < sizeof line - 80; i++) {
			const jx_score_item *it = &w->s.ss.items[i];
			if (it->kind != JX_ITEM_NODE || it->depth != 0 || !it->node)
				continue;
			int has_slot = 0;
			for (size_t k = 0; k < it->node->n_children; k++)
				if (it->node->children[k]->kind == JX_NODE_SLOT)
					has_slot = 1;
			if (!has_slot && it->node->kind != JX_NODE_SLOT)
				continue;
			char gname[64] = "";
			if (it->goal && w->s.t->goal_blocks) /* 年度绩效目标2, without its text */
				snprintf(gname, sizeof gname, "%s%d", L(w->s.t->goal_blocks->name, w->s.t->goal_blocks->name_en),
					 it->goal);
			o += (size_t)snprintf(line + o, sizeof line - o, "  %s %s/%s", gname[0] ? gname : node_name(it->node),
					      it->score == JX_NONE ? "-" : ws_fmt(a, it->score, 2), ws_fmt(b, it->points, -1));
		}
	}
	ui_text(y, x, wd, line, ui_attr(UC_TITLE), UI_LEFT);
}

static void draw(ws *w, void *st, int y, int x, int h, int wd)
{
	inds_st *s = st;
	char path[160], label[256], val[512], line[1024];
	sync_rows(s);
	compute_problems(s);
	draw_summary(w, y, x, wd);
	if (s->g.nrows == 0) {
		ui_grid_draw(&s->g, y + 1, x, 2, wd, NULL);
		ui_text(y + 4, x + 2, wd - 4, L("还没有指标：按 a 添加一行", "no indicators yet: a adds a row"), ui_attr(UC_INFO), UI_LEFT);
		return;
	}
	ui_grid_draw(&s->g, y + 1, x, h - 3, wd, w->editing ? &w->ed : NULL);
	/* the current cell in full, and how its row is scored (or why a value was refused) */
	const jx_indicator *d = current(s);
	if (!d)
		return;
	int dy = y + h - 2;
	if (col_path(d, s->g.col, path, sizeof path) == 0) {
		int role = -1;
		jx_field_label(w->s.sheet, path, label, sizeof label);
		val[0] = '\0';
		if (s->g.col == IC_BAND && d->cmp != JX_CMP_QUAL)
			snprintf(val, sizeof val, "%s", L("不适用（只有定性指标选档次）", "n/a (only qualitative indicators take a band)"));
		else if (s->g.col == IC_BAND || s->g.col == IC_L1 || s->g.col == IC_L2)
			cell(s, s->g.row, s->g.col, val, sizeof val, &role); /* names, not numbers or keys */
		else
			session_get(&w->s, path, val, sizeof val);
		for (char *p = val; *p; p++)
			if (*p == '\n')
				*p = ' ';
		snprintf(line, sizeof line, "%s: %s", label, val);
	} else {
		snprintf(line, sizeof line, "%s: %s", d->name ? d->name : "", L(ind_cols[s->g.col].zh, ind_cols[s->g.col].en));
	}
	ui_text(dy, x, wd, line, ui_attr(UC_INFO), UI_LEFT);
	dy++;
	if (w->s.err_path[0] && path_is_ind(w->s.err_path, d->key)) {
		snprintf(line, sizeof line, "! %s", w->s.err_msg);
		ui_text(dy, x, wd, line, ui_attr(UC_ERROR), UI_LEFT);
		return;
	}
	snprintf(path, sizeof path, "ind:%s", d->key);
	const jx_score_item *it = w->s.scored ? jx_score_find(&w->s.ss, path) : NULL;
	const jx_finding *f = NULL;
	for (size_t k = 0; k < w->s.fnd.n && !f; k++)
		if (w->s.fnd.v[k].path && path_is_ind(w->s.fnd.v[k].path, d->key) && w->s.fnd.v[k].sev != JX_SEV_INFO)
			f = &w->s.fnd.v[k];
	if (f && (f->sev == JX_SEV_ERROR || !jx_has_text(d->note))) {
		snprintf(line, sizeof line, "%s %s: %s", jx_severity_name(f->sev), f->code, f->msg ? f->msg : "");
		ui_text(dy, x, wd, line, ui_attr(f->sev == JX_SEV_ERROR ? UC_ERROR : UC_WARN), UI_LEFT);
	} else if (jx_has_text(d->note)) {
		/* a self-evaluation's note (the monitoring forecast) in sight
		 * while the actual is typed — over a warning, which a fresh
		 * self-evaluation has on every row (its actual unfilled) and
		 * the row's ! still marks — before the score it never enters */
		int n = snprintf(line, sizeof line, "%s%s", L("备注：", "note: "), d->note);
		for (char *p = line; *p; p++)
			if (*p == '\n')
				*p = ' ';
		if (it && n > 0 && (size_t)n < sizeof line)
			snprintf(line + n, sizeof line - (size_t)n, "  %s %s", L("得分：", "score:"), jx_score_expl(&w->s.ss, it));
		ui_text(dy, x, wd, line, ui_attr(UC_DIM), UI_LEFT);
	} else if (it) {
		snprintf(line, sizeof line, "%s %s", L("得分：", "score:"), jx_score_expl(&w->s.ss, it));
		ui_text(dy, x, wd, line, ui_attr(UC_DIM), UI_LEFT);
	}
}

/* ---- pickers ------------------------------------------------------------------------ */

static const char *const cmp_values[] = {">=", ">", "=", "<=", "<", "定性", "时限"};
static const char *const cmp_labels_zh[] = {">=  大于等于（正向）", ">   大于（正向）", "=   等于", "<=  小于等于（反向）",
					    "<   小于（反向）", "定性（选档次，在档次内打分）", "时限（日期 YYYY-MM-DD）"};
static const char *const cmp_labels_en[] = {">=  at least", ">   more than", "=   equal", "<=  at most (reverse)",
					    "<   less than (reverse)", "qualitative (band, score within it)",
					    "deadline (date YYYY-MM-DD)"};

static void pick_cmp(ws *w, const jx_indicator *d)
{
	char path[160];
	snprintf(path, sizeof path, "ind:%s:cmp", d->key);
	if (!session_can_edit(&w->s, path))
		return;
	int sel = 0;
	for (int i = 0; i < 7; i++)
		if (strcmp(cmp_values[i], jx_cmp_name(d->cmp)) == 0)
			sel = i;
	int k = ui_pick(L("计算符号", "Comparator"), jx_lang == JX_LANG_EN ? cmp_labels_en : cmp_labels_zh, 7, sel);
	if (k >= 0)
		session_commit(&w->s, path, cmp_values[k]);
}

/* Slots of the template, as "一级 / 二级" labels. */
static int slot_list(ws *w, const jx_node **nodes, char (*labels)[128], int max)
{
	int n = 0;
	if (!w->s.t)
		return 0;
	for (size_t i = 0; i < w->s.t->n_all && n < max; i++) {
		const jx_node *nd = w->s.t->all[i];
		if (nd->kind != JX_NODE_SLOT)
			continue;
		const jx_node *l1 = level1(nd);
		if (l1 && l1 != nd)
			snprintf(labels[n], 128, "%s / %s", node_name(l1), node_name(nd));
		else
			snprintf(labels[n], 128, "%s", node_name(nd));
		nodes[n++] = nd;
	}
	return n;
}

static const jx_node *pick_slot(ws *w, const char *current_key, const char *title)
{
	const jx_node *nodes[64];
	char labels[64][128];
	const char *opts[64];
	int n = slot_list(w, nodes, labels, 64), sel = 0;
	if (n == 0) {
		ws_msg(w, UC_WARN, "%s", L("本表的模板没有可放指标的类别", "this sheet's template has no indicator category"));
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		opts[i] = labels[i];
		if (current_key && strcmp(nodes[i]->key, current_key) == 0)
			sel = i;
	}
	int k = ui_pick(title, opts, n, sel);
	return k >= 0 ? nodes[k] : NULL;
}

static void pick_band(ws *w, const jx_indicator *d)
{
	char path[160];
	const char *opts[16];
	char labels[16][160];
	snprintf(path, sizeof path, "ind:%s:band", d->key);
	if (!session_can_edit(&w->s, path))
		return;
	if (d->cmp != JX_CMP_QUAL) {
		ws_msg(w, UC_INFO, "%s", L("档次只用于定性指标：先把计算符号设为「定性」", "bands are for qualitative indicators: set the comparator to qualitative first"));
		return;
	}
	if (!w->s.t || w->s.t->rules.n_bands == 0)
		return;
	int n = 0;
	for (size_t i = 0; i < w->s.t->rules.n_bands && n < 15; i++) {
		const jx_qual_band *b = &w->s.t->rules.bands[i];
		char lo[32], hi[32];
		snprintf(labels[n], sizeof labels[n], "%s  [%s%%, %s%%%s", L(b->name ? b->name : "", b->name_en ? b->name_en : ""),
			 jx_fmt_trim(lo, jx_muldiv(b->lo, JX_INT(100), JX_SCALE, 2)),
			 jx_fmt_trim(hi, jx_muldiv(b->hi, JX_INT(100), JX_SCALE, 2)), b->hi_inclusive ? "]" : ")");
		opts[n] = labels[n];
		n++;
	}
	opts[n++] = L("（不选）", "(none)");
	int k = ui_pick(L("完成档次", "Band"), opts, n, d->band >= 0 ? d->band : 0);
	if (k < 0)
		return;
	if (k == n - 1)
		session_commit(&w->s, path, "");
	else
		session_commit(&w->s, path, w->s.t->rules.bands[k].name);
}

/* Enter on the current cell (key 0): the editor with its value, a list, or
 * why it cannot be changed; a key typed on it: the editor with the key. */
static void begin_edit(ws *w, inds_st *s, int key)
{
	const jx_indicator *d = current(s);
	char path[160];
	if (!d)
		return;
	int col = s->g.col;
	if (col == IC_CMP && !key) {
		pick_cmp(w, d);
		return;
	}
	if (col == IC_L1 || col == IC_L2) {
		snprintf(path, sizeof path, "ind:%s:slot", d->key);
		if (!session_can_edit(&w->s, path))
			return;
		const jx_node *n = pick_slot(w, d->slot, L("指标类别", "Category"));
		if (n)
			session_commit(&w->s, path, n->key);
		return;
	}
	if (col == IC_BAND) {
		pick_band(w, d);
		return;
	}
	if (col == IC_MARK || col == IC_RATE || (col == IC_SCORE && d->cmp != JX_CMP_QUAL)) {
		ws_msg(w, UC_INFO, "%s",
		       L("得分和完成率由评分引擎计算：按 x 看计算说明；要调整请填「调整得分」和「调整理由」列",
			 "scores and rates are computed: x explains them; to adjust, fill the Override and Override reason columns"));
		return;
	}
	if (col_path(d, col, path, sizeof path) < 0)
		return;
	/* reasons keep their line breaks: edited in a box, not in the cell */
	if (jx_field_type_of(path) == JX_FT_LONGTEXT)
		ws_edit_long_typed(w, path, key);
	else if (key)
		ws_type_into(w, path, key, 0);
	else
		ws_edit_begin(w, path, 0);
	/* a target or actual as tables print it: ≥95%, 37.24万元 (typed on
	 * the comparator, a whole target as well) */
	if (w->editing && (col == IC_TARGET || col == IC_ACTUAL || col == IC_CMP))
		w->edit_how = col == IC_ACTUAL ? WS_EDIT_ACTUAL : WS_EDIT_TARGET;
}

/* A key typed on the current cell (ws_type_to_edit): the cell's new value,
 * added at the end of a reason, a list opened on a choice.  0 when it is a
 * digit and no cell here can take it (computed, or the sheet cannot be
 * changed now): it goes to its screen. */
static int type_key(ws *w, inds_st *s, int key)
{
	const jx_indicator *d = current(s);
	char path[160];
	int col = s->g.col;
	int computed = col == IC_MARK || col == IC_RATE || (col == IC_SCORE && d && d->cmp != JX_CMP_QUAL);
	if (!d)
		return 0;
	if (computed || col_path(d, col, path, sizeof path) < 0 || !session_may_edit(&w->s, path)) {
		if (key >= '0' && key <= '9')
			return 0;
		begin_edit(w, s, 0); /* says why not */
		return VR_HANDLED;
	}
	/* the comparator is typed (≥, >=, 定性) as well as picked */
	begin_edit(w, s, col == IC_L1 || col == IC_L2 || col == IC_BAND ? 0 : key);
	return VR_HANDLED;
}

static void add_row(ws *w, inds_st *s, int before)
{
	const jx_indicator *d = current(s);
	if (!session_can_edit(&w->s, NULL))
		return;
	/* from the library when it has entries (Esc: an empty row) */
	const jx_lib *lib = ws_library(w);
	const jx_lib_entry *from = NULL;
	if (lib && lib->n) {
		long k = ws_library_pick(lib);
		from = k >= 0 ? &lib->v[k] : NULL;
	}
	/* its 一级 / 二级 category first: the library entry's, or picked with
	 * the current row's preselected (Enter takes it) */
	const jx_node *n = from ? ws_library_slot(w, from) : NULL;
	if (!n)
		n = pick_slot(w, d ? d->slot : NULL, L("新指标的类别（Enter 沿用当前类别）", "Category of the new indicator (Enter keeps the current one)"));
	if (!n)
		return;
	char *sl = jx_strdup(n->key);
	size_t at = d ? (size_t)s->g.row + (before ? 0 : 1) : w->s.sheet->n_inds;
	if (d && !jx_streq(d->slot, n->key)) {
		/* another category: after its last row (the end when it has none) */
		at = w->s.sheet->n_inds;
		for (size_t i = 0; i < w->s.sheet->n_inds; i++)
			if (jx_streq(w->s.sheet->inds[i].slot, n->key))
				at = i + 1;
	}
	if (session_ind_add(&w->s, at, sl) == 0) {
		sync_rows(s);
		s->g.row = (int)at;
		s->g.col = IC_NAME;
		ui_grid_clamp(&s->g);
		if (from) {
			ws_library_fill(w, from, at);
			sync_rows(s);
			return;
		}
		char path[160];
		snprintf(path, sizeof path, "ind:%s:name", w->s.sheet->inds[at].key);
		ws_edit_begin(w, path, 0);
	}
	free(sl);
}

/* Jump to the next indicator whose name (or sub-project) contains the text. */
static void find_next(ws *w, inds_st *s)
{
	size_t n = w->s.sheet->n_inds;
	if (!s->find[0] || !n)
		return;
	for (size_t step = 1; step <= n; step++) {
		size_t i = ((size_t)s->g.row + step) % n;
		const jx_indicator *d = &w->s.sheet->inds[i];
		if ((d->name && strstr(d->name, s->find)) || (d->subproject && strstr(d->subproject, s->find))) {
			s->g.row = (int)i;
			ws_msg(w, UC_INFO, L("找到「%s」：第 %zu 行（/ Enter 找下一个）", "found \"%s\": row %zu (/ Enter finds the next)"), s->find, i + 1);
			return;
		}
	}
	ws_msg(w, UC_WARN, L("没有找到「%s」", "\"%s\" not found"), s->find);
}

static int key(ws *w, void *st, int k, ui_action a)
{
	inds_st *s = st;
	sync_rows(s);
	if (w->editing) {
		s->after_target = w->edit_how == WS_EDIT_TARGET;
		int r = ws_grid_edit_feed(w, &s->g, k);
		s->after_target = 0;
		return r;
	}
	if (ui_grid_key(&s->g, k))
		return VR_HANDLED;
	if (ws_type_to_edit(k))
		return type_key(w, s, k);
	const jx_indicator *d = current(s);
	switch (a) {
	case UA_EDIT:
		begin_edit(w, s, 0);
		return VR_HANDLED;
	case UA_PICK:
		if (d && s->g.col != IC_BAND && s->g.col != IC_L1 && s->g.col != IC_L2)
			s->g.col = IC_CMP;
		begin_edit(w, s, 0);
		return VR_HANDLED;
	case UA_ADD:
		add_row(w, s, 0);
		return VR_HANDLED;
	case UA_INSERT:
		add_row(w, s, 1);
		return VR_HANDLED;
	case UA_DELETE:
		if (!d)
			return VR_HANDLED;
		if (session_ind_delete(&w->s, (size_t)s->g.row) == 0)
			sync_rows(s);
		return VR_HANDLED;
	case UA_FILTER: {
		char buf[128] = "";
		if (!ui_prompt(L("查找指标", "Find an indicator"), L("指标名称中的文字（空白：找下一个）", "Text in the indicator's name (empty: find the next)"), buf, sizeof buf))
			return VR_HANDLED;
		if (buf[0])
			snprintf(s->find, sizeof s->find, "%s", buf);
		find_next(w, s);
		return VR_HANDLED;
	}
	case UA_MOVE_UP:
		if (d && s->g.row > 0 && session_ind_move(&w->s, (size_t)s->g.row, (size_t)s->g.row - 1) == 0)
			s->g.row--;
		return VR_HANDLED;
	case UA_MOVE_DOWN:
		if (d && s->g.row + 1 < s->g.nrows && session_ind_move(&w->s, (size_t)s->g.row, (size_t)s->g.row + 1) == 0)
			s->g.row++;
		return VR_HANDLED;
	default:
		return 0;
	}
}

static void help(ws *w, void *st, ui_buf *b)
{
	inds_st *s = st;
	const jx_indicator *d = current(s);
	if (!d || !w->s.t)
		return;
	const jx_node *sn = slot_node(w, d);
	ui_buf_printf(b, L("\n当前指标：%s（%s）\n", "\nThis indicator: %s (%s)\n"), d->name ? d->name : "", sn ? node_name(sn) : "");
	if (sn && sn->help)
		ui_buf_printf(b, "%s\n", sn->help);
	const jx_rules *r = &w->s.t->rules;
	switch (d->cmp) {
	case JX_CMP_GE:
	case JX_CMP_GT:
		ui_buf_add(b, L("正向指标：实际达到目标得满分，否则按 实际 ÷ 目标 × 分值 计分。\n",
				"Positive: meeting the target earns full points, otherwise actual / target x points.\n"));
		break;
	case JX_CMP_LE:
	case JX_CMP_LT:
		ui_buf_add(b, r->reverse == JX_REVERSE_LINEAR
				      ? L("反向指标：达到目标得满分；目标 < 实际 < 2 × 目标 时按 (1 − (实际 − 目标) ÷ 目标) × 分值；实际 ≥ 2 × 目标 得 0 分。\n",
					  "Reverse: meeting the target earns full points; between target and twice the target (1 - (actual - target) / target) x points; at twice the target or more 0.\n")
				      : L("反向指标：达到目标得满分，否则按 目标 ÷ 实际 × 分值 计分。\n",
					  "Reverse: meeting the target earns full points, otherwise target / actual x points.\n"));
		break;
	case JX_CMP_EQ:
		ui_buf_add(b, L("等于：达到得满分，否则按正向比例计分；目标为 0 时实际 ≤ 0 得满分，否则 0 分。\n",
				"Equal: met earns full points, otherwise proportional; with target 0 an actual <= 0 earns full points, else 0.\n"));
		break;
	case JX_CMP_QUAL:
		ui_buf_add(b, L("定性指标：先选完成档次，再在该档次的范围内填写得分（「得分」列）：\n",
				"Qualitative: choose the band, then type the score within it (Score column):\n"));
		for (size_t i = 0; i < r->n_bands; i++) {
			char lo[32], hi[32];
			ui_buf_printf(b, "  %s [%s%%, %s%%%s\n", L(r->bands[i].name, r->bands[i].name_en ? r->bands[i].name_en : r->bands[i].name),
				      jx_fmt_trim(lo, jx_muldiv(r->bands[i].lo, JX_INT(100), JX_SCALE, 2)),
				      jx_fmt_trim(hi, jx_muldiv(r->bands[i].hi, JX_INT(100), JX_SCALE, 2)),
				      r->bands[i].hi_inclusive ? "]" : ")");
		}
		break;
	case JX_CMP_DEADLINE:
		ui_buf_add(b, L("时限指标：目标和实际都是日期 YYYY-MM-DD，按期完成得满分。\n",
				"Deadline: target and actual are dates YYYY-MM-DD; done in time earns full points.\n"));
		break;
	default:
		ui_buf_add(b, L("尚未选择计算符号（p 选择）。\n", "No comparator chosen yet (p picks one).\n"));
		break;
	}
	if (r->over_threshold != JX_NONE) {
		char t[32];
		ui_buf_printf(b, L("超额完成：实际达到目标的 %s%% 及以上时须填写偏差原因。\n",
				   "Over-achievement: at %s%% of the target or more a deviation reason is required.\n"),
			      jx_fmt_trim(t, jx_muldiv(r->over_threshold, JX_INT(100), JX_SCALE, 2)));
	}
	ui_buf_printf(b, L("得分四舍五入到 %d 位小数；小计和总分是各项四舍五入后得分之和。\n",
			   "Scores are rounded half-up to %d decimals; subtotals and the total add the rounded scores.\n"),
		      r->decimals);
}

static void explain(ws *w, void *st, ui_buf *b)
{
	inds_st *s = st;
	const jx_indicator *d = current(s);
	char path[160];
	if (!d)
		return;
	snprintf(path, sizeof path, "ind:%s", d->key);
	ws_explain_path(w, path, b);
	const jx_node *sn = slot_node(w, d);
	if (sn && w->s.scored) {
		snprintf(path, sizeof path, "node:%s", sn->key);
		const jx_score_item *it = jx_score_find(&w->s.ss, path);
		if (it) {
			char sc[32], pt[32];
			ui_buf_printf(b, L("\n%s 小计：%s / %s\n", "\n%s subtotal: %s / %s\n"), node_name(sn),
				      ws_fmt(sc, it->score, 2), ws_fmt(pt, it->points, -1));
			ui_buf_add(b, jx_score_expl(&w->s.ss, it));
			ui_buf_add(b, "\n");
		}
	}
}

static int go_to(ws *w, void *st, const char *path)
{
	inds_st *s = st;
	if (!w->s.sheet || strncmp(path, "ind:", 4) != 0)
		return 0;
	sync_rows(s);
	for (size_t i = 0; i < w->s.sheet->n_inds; i++) {
		const jx_indicator *d = &w->s.sheet->inds[i];
		if (!path_is_ind(path, d->key))
			continue;
		s->g.row = (int)i;
		const char *col = path + 4 + strlen(d->key);
		if (*col == ':') {
			col++;
			for (int c = 0; c < IC_N; c++) {
				const char *f = col_field(d, c);
				if (f && strcmp(f, col) == 0 && c != IC_L1) {
					s->g.col = c;
					break;
				}
			}
		}
		ui_grid_clamp(&s->g);
		return 1;
	}
	return 0;
}

static int field_at(ws *w, void *st, char *buf, size_t len)
{
	inds_st *s = st;
	sync_rows(s);
	const jx_indicator *d = current(s);
	if (!d)
		return 0;
	/* a computed column: the whole row's history */
	if (col_path(d, s->g.col, buf, len) < 0 || s->g.col == IC_L1 || s->g.col == IC_L2)
		snprintf(buf, len, "ind:%s", d->key);
	return 1;
}

/* The key bar, most used first: what does not fit at 80 columns is left
 * out from the end (F1 lists every key, / included). */
static const ui_action inds_keybar[] = {UA_EDIT,    UA_ADD,       UA_INSERT, UA_DELETE, UA_EXPLAIN,  UA_UNDO,
					 UA_HISTORY, UA_PICK,      UA_MOVE_UP, UA_MOVE_DOWN, UA_REDO,  UA_EXPORT,
					 UA_FINALISE, UA_IMPORT, UA_NONE};

const view_ops scr_inds_ops = {SHEET_VIEW_OPS("绩效指标", "Indicators"),
				.help = help, .explain = explain, .field_at = field_at, .keybar = inds_keybar};
