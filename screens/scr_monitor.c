/* 监控: the screen of a monitoring sheet (绩效运行监控), laid out as the
 * national monitoring table reads: per fund row 年初预算, 调整后预算,
 * 1–N月执行数, 执行率, 序时进度, the gap and the light; per indicator
 * 年度指标值, 1–N月实际, 全年预计, 完成目标可能性, the light and its gap,
 * then 偏差原因, 整改 and 整改措施.  Every light is a letter and a word
 * (R 红, Y 黄, G 绿) as well as a colour, so that it reads in monochrome;
 * the figures come from monitor.c, as `score` and the exports print them.
 * What a clerk fills in at monitoring (执行数, 全年预计, 可能性, 偏差原因,
 * 整改措施) is edited here, each through the session's commit like every
 * other screen. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "field.h"
#include "err.h"
#include "grid.h"
#include "monitor.h"
#include "stage.h"
#include "strutil.h"
#include "textwidth.h"
#include "ws.h"

static const char about_zh[] =
	"监控：监控表（项目支出绩效目标执行监控表）的专用屏，不用横向滚动即可看到整张表。\n\n"
	"上方是资金：各来源的年初预算、调整后预算、1–N月执行数、执行率、序时进度、差距（序时进度减执行率，百分点）和预警灯，"
	"以及全年预计执行数，最后一行是合计。下方是绩效指标：年度指标值、1–N月实际完成值、全年预计完成值、完成目标可能性、"
	"预警灯和差距（100 减预计完成程度），再往右是偏差原因类别、原因说明、是否需要整改和整改措施。\n\n"
	"预警灯同时以字母和颜色表示：R 红、Y 黄、G 绿，黑白终端上也能看清；界限是模板规定的（share/templates/README.md 的 monitoring；jixiao score 打印每个灯和差距）。\n\n"
	"方向键移动（资金表最后一行按下键进入指标表）；在执行数、全年预计、实际上直接输入数字即替换原值，Enter 打开原值；"
	"完成可能性、偏差原因类别和是否需要整改在 Enter 或 p 后从列表中选择；原因说明和整改措施在文本框中编辑（Tab 或 F2 保存）；"
	"d 清空当前格。每次保存后灯和差距立即更新。最下面两行是当前格的全文和该行灯的算法。\n";
static const char about_en[] =
	"Monitoring: the screen of a monitoring sheet (the national monitoring table), the whole table in view "
	"without scrolling sideways.\n\n"
	"Above, the funds: per source the initial budget, the adjusted budget, spending in months 1-N, the "
	"execution rate, the time schedule (序时进度), the gap (schedule minus rate, in points) and the light, "
	"and the full-year forecast; the last row is the total. Below, the indicators: target, actual in months "
	"1-N, full-year forecast, likelihood, light and gap (100 minus the expected completion), then further "
	"right the deviation cause, its explanation, whether to rectify and the measures.\n\n"
	"A light is a letter and a colour, R red, Y yellow, G green, readable in monochrome; its edges are the "
	"template's (its monitoring block; jixiao score prints every light with its gap).\n\n"
	"Arrows move (Down on the last fund row goes to the indicators); typing a number on spending, a "
	"forecast or an actual replaces it, Enter opens the value; likelihood, cause and rectification are "
	"picked from a list (Enter or p); the explanation and the measures are edited in a text box (Tab or F2 "
	"saves); d clears the cell. Lights and gaps change with every save. The two bottom lines show the "
	"current cell in full and how its row's light is lit.\n";

enum { MF_SOURCE, MF_PLANNED, MF_BUDGET, MF_SPENT, MF_RATE, MF_SCHED, MF_GAP, MF_LIGHT, MF_FORECAST, MF_N };
enum {
	MI_NAME, MI_TARGET, MI_ACTUAL, MI_FORECAST, MI_LIKELY, MI_LIGHT, MI_GAP, MI_CAUSE, MI_REASON, MI_RECTIFY,
	MI_MEASURES, MI_N
};

/* The columns; the 1–N月 headings are the sheet's month (mon_st). */
/* 资金来源 is 12 wide so that 当年财政拨款 stays whole in 80 columns; a
 * wider terminal gives its spare width to the names and to the texts of
 * the indicators (原因说明, 整改措施). */
static const ui_gcol fund_cols[MF_N] = {
	{"资金来源", "Source", 12, 1, UI_LEFT},  {"年初预算", "Initial", 8, 0, UI_RIGHT},
	{"调整后预算", "Adjusted", 10, 0, UI_RIGHT}, {"执行数", "Spent", 9, 0, UI_RIGHT},
	{"执行率", "Rate", 6, 0, UI_RIGHT},      {"序时进度", "Schedule", 8, 0, UI_RIGHT},
	{"差距", "Gap", 6, 0, UI_RIGHT},         {"灯", "Lt", 4, 0, UI_LEFT},
	{"全年预计", "Forecast", 8, 0, UI_RIGHT},
};
static const ui_gcol ind_cols[MI_N] = {
	{"三级指标", "Indicator", 12, 3, UI_LEFT}, {"年度指标值", "Target", 10, 0, UI_RIGHT},
	{"实际", "Actual", 9, 0, UI_RIGHT},       {"全年预计", "Forecast", 8, 0, UI_RIGHT},
	{"完成可能性", "Likelihood", 10, 0, UI_LEFT}, {"灯", "Lt", 4, 0, UI_LEFT},
	{"差距", "Gap", 6, 0, UI_RIGHT},          {"偏差原因", "Cause", 8, 0, UI_LEFT},
	{"原因说明", "Explanation", 12, 2, UI_LEFT}, {"整改", "Fix", 4, 0, UI_LEFT},
	{"整改措施", "Measures", 12, 2, UI_LEFT},
};
/* The field behind each editable column ("" = computed or shown only). */
static const char *const fund_keys[MF_N] = {"", "planned", "budget", "spent", "", "", "", "", "forecast"};
static const char *const ind_keys[MI_N] = {"",      "",	     "actual", "forecast", "likelihood", "",
					   "", "cause", "deviation_reason", "rectify", "measures"};

typedef struct {
	ws *w;
	ui_grid fg, ig;
	int focus; /* 0 funds, 1 indicators */
	ui_gcol fcols[MF_N], icols[MI_N];
	char spent_head[2][32], actual_head[2][32];
	jx_monitor m;
	int have_m;
} mon_st;

static int is_monitoring(ws *w)
{
	return w->s.sheet && jx_sheet_stage_in(w->s.sheet, w->s.t) == JX_STAGE_MONITORING;
}

/* The lights and gaps of the sheet as it is now, and the grids' sizes. */
static void sync_rows(mon_st *s)
{
	ws *w = s->w;
	if (s->have_m)
		jx_monitor_free(&s->m);
	s->have_m = 0;
	s->fg.nrows = s->ig.nrows = 0;
	if (!is_monitoring(w))
		return;
	if (jx_monitor_compute(w->s.t, w->s.sheet, &s->m) == 0)
		s->have_m = 1;
	int month = w->s.sheet->stage_month;
	snprintf(s->spent_head[0], sizeof s->spent_head[0], "1–%d月执行", month);
	snprintf(s->spent_head[1], sizeof s->spent_head[1], "1-%d spent", month);
	snprintf(s->actual_head[0], sizeof s->actual_head[0], "1–%d月实际", month);
	snprintf(s->actual_head[1], sizeof s->actual_head[1], "1-%d actual", month);
	s->fcols[MF_SPENT].zh = s->spent_head[0];
	s->fcols[MF_SPENT].en = s->spent_head[1];
	s->icols[MI_ACTUAL].zh = s->actual_head[0];
	s->icols[MI_ACTUAL].en = s->actual_head[1];
	s->fg.nrows = (int)w->s.sheet->n_funds;
	s->ig.nrows = (int)w->s.sheet->n_inds;
	ui_grid_clamp(&s->fg);
	ui_grid_clamp(&s->ig);
	if (s->focus == 0 && s->fg.nrows == 0 && s->ig.nrows > 0)
		s->focus = 1;
}

static int light_role(jx_light l)
{
	return l == JX_LIGHT_RED ? UC_ERROR : l == JX_LIGHT_YELLOW ? UC_WARN : l == JX_LIGHT_GREEN ? UC_OK : -1;
}

static void light_cell(jx_light l, char *buf, size_t len, int *role)
{
	if (l == JX_LIGHT_NONE)
		return;
	snprintf(buf, len, "%s %s", jx_light_letter(l), jx_light_name(l));
	*role = light_role(l);
}

static void pct(char *buf, size_t len, jx_dec v, const char *suffix)
{
	char t[40];
	if (v != JX_NONE)
		snprintf(buf, len, "%s%s", ws_fmt(t, v, 2), suffix);
}

static void fund_cell(void *ctx, int row, int col, char *buf, size_t len, int *role)
{
	mon_st *s = ctx;
	ws *w = s->w;
	const jx_sheet *sh = w->s.sheet;
	char t[40];
	int total = row >= (int)sh->n_funds;
	const jx_fund *f = total ? NULL : &sh->funds[row];
	const jx_fund_light *l = !s->have_m ? NULL : total ? &s->m.total : &s->m.funds[row];
	jx_fund_totals tot = jx_sheet_fund_totals(sh);
	jx_dec fc = JX_NONE;
	if (total)
		for (size_t i = 0; i < sh->n_funds; i++)
			fc = sh->funds[i].forecast == JX_NONE ? fc : jx_add(fc, sh->funds[i].forecast);
	switch (col) {
	case MF_SOURCE: snprintf(buf, len, "%s", total ? L("合计", "Total") : jx_nz(f->source)); return;
	case MF_PLANNED: ws_fmt(buf, total ? tot.planned : f->planned, 2); return;
	case MF_BUDGET: ws_fmt(buf, total ? tot.budget : f->budget, 2); return;
	case MF_SPENT: ws_fmt(buf, total ? tot.spent : f->spent, 2); return;
	case MF_FORECAST: ws_fmt(buf, total ? fc : f->forecast, 2); return;
	case MF_RATE:
		if (l)
			pct(buf, len, l->rate, "%");
		return;
	case MF_SCHED:
		if (s->have_m)
			pct(buf, len, s->m.schedule, "%");
		return;
	case MF_GAP:
		if (l && l->gap != JX_NONE)
			snprintf(buf, len, "%s", ws_fmt(t, l->gap, 2));
		return;
	case MF_LIGHT:
		if (l)
			light_cell(l->light, buf, len, role);
		return;
	default: return;
	}
}

/* 年度指标值 as the table prints it: "≥6个", or the text of a deadline or
 * qualitative target. */
static void target_text(const jx_indicator *d, char *buf, size_t len)
{
	char t[40];
	if (d->cmp == JX_CMP_QUAL || d->cmp == JX_CMP_DEADLINE || d->target == JX_NONE)
		snprintf(buf, len, "%s", jx_nz(d->target_text));
	else
		snprintf(buf, len, "%s%s%s", jx_cmp_symbol(d->cmp), jx_fmt_trim(t, d->target), jx_nz(d->unit));
}

static int text_cmp(const jx_indicator *d)
{
	return d->cmp == JX_CMP_QUAL || d->cmp == JX_CMP_DEADLINE;
}

static void ind_cell(void *ctx, int row, int col, char *buf, size_t len, int *role)
{
	mon_st *s = ctx;
	const jx_sheet *sh = s->w->s.sheet;
	char t[40];
	if ((size_t)row >= sh->n_inds)
		return;
	const jx_indicator *d = &sh->inds[row];
	const jx_ind_light *l = s->have_m ? &s->m.inds[row] : NULL;
	switch (col) {
	case MI_NAME: snprintf(buf, len, "%s", jx_nz(d->name)); return;
	case MI_TARGET: target_text(d, buf, len); return;
	case MI_ACTUAL:
		if (text_cmp(d) || d->actual == JX_NONE)
			snprintf(buf, len, "%s", jx_nz(d->actual_text));
		else
			jx_fmt_trim(buf, d->actual);
		return;
	case MI_FORECAST:
		if (d->forecast != JX_NONE)
			jx_fmt_trim(buf, d->forecast);
		return;
	case MI_LIKELY: snprintf(buf, len, "%s", jx_nz(d->likelihood)); return;
	case MI_LIGHT:
		if (l)
			light_cell(l->light, buf, len, role);
		return;
	case MI_GAP:
		if (l && l->gap != JX_NONE)
			snprintf(buf, len, "%s", ws_fmt(t, l->gap, 2));
		return;
	case MI_CAUSE: snprintf(buf, len, "%s", jx_nz(d->cause)); return;
	case MI_REASON: snprintf(buf, len, "%s", jx_nz(d->deviation_reason)); break;
	case MI_RECTIFY: snprintf(buf, len, "%s", jx_nz(d->rectify)); return;
	case MI_MEASURES: snprintf(buf, len, "%s", jx_nz(d->measures)); break;
	default: return;
	}
	for (char *p = buf; *p; p++) /* a text area's lines on one line */
		if (*p == '\n')
			*p = ' ';
}

/* The field path of the current cell of the focused grid ("" when the
 * cell is computed or shown only). */
static void cur_path(mon_st *s, char *buf, size_t len)
{
	const jx_sheet *sh = s->w->s.sheet;
	buf[0] = '\0';
	if (!sh)
		return;
	if (s->focus == 0 && s->fg.row < (int)sh->n_funds && fund_keys[s->fg.col][0])
		snprintf(buf, len, "fund:%s:%s", jx_nz(sh->funds[s->fg.row].source), fund_keys[s->fg.col]);
	else if (s->focus == 1 && s->ig.row < (int)sh->n_inds && ind_keys[s->ig.col][0]) {
		const jx_indicator *d = &sh->inds[s->ig.row];
		snprintf(buf, len, "ind:%s:%s", jx_nz(d->key),
			 s->ig.col == MI_ACTUAL && text_cmp(d) ? "actual_text" : ind_keys[s->ig.col]);
	}
}

static int tab_stop(void *ctx, int row, int col)
{
	mon_st *s = ctx;
	(void)row;
	return s->focus == 0 ? fund_keys[col][0] != '\0' : ind_keys[col][0] != '\0';
}

static void *create(ws *w)
{
	mon_st *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->w = w;
	memcpy(s->fcols, fund_cols, sizeof fund_cols);
	memcpy(s->icols, ind_cols, sizeof ind_cols);
	ui_grid_init(&s->fg, s->fcols, MF_N, 1, fund_cell, s);
	s->fg.nfoot = 1; /* 合计 */
	s->fg.col = MF_SPENT;
	s->fg.tab_stop = tab_stop;
	ui_grid_init(&s->ig, s->icols, MI_N, 1, ind_cell, s);
	s->ig.col = MI_FORECAST;
	s->ig.tab_stop = tab_stop;
	return s;
}

static void destroy(void *st)
{
	mon_st *s = st;
	if (s && s->have_m)
		jx_monitor_free(&s->m);
	free(s);
}

static void sheet_changed(ws *w, void *st)
{
	(void)w;
	sync_rows(st);
}

/* How the current row's light is lit, with the numbers beside it. */
static void light_line(mon_st *s, char *line, size_t len)
{
	const jx_sheet *sh = s->w->s.sheet;
	char a[40], b[40], c[40], d4[40], e[40];
	line[0] = '\0';
	if (!s->have_m)
		return;
	if (s->focus == 0 && s->fg.row < (int)sh->n_funds) {
		const jx_fund *f = &sh->funds[s->fg.row];
		const jx_fund_light *l = &s->m.funds[s->fg.row];
		if (l->rate == JX_NONE)
			return;
		snprintf(line, len,
			 L("执行率 %s%% = %s ÷ %s；序时进度 %s%% − 执行率 = 差距 %s：%s %s",
			   "rate %s%% = %s / %s; schedule %s%% - rate = gap %s: %s %s"),
			 ws_fmt(a, l->rate, 2), ws_fmt(b, f->spent, 2), ws_fmt(c, f->budget, 2),
			 ws_fmt(d4, s->m.schedule, 2), ws_fmt(e, l->gap, 2), jx_light_letter(l->light),
			 jx_light_name(l->light));
	} else if (s->focus == 1 && s->ig.row < (int)sh->n_inds) {
		const jx_indicator *d = &sh->inds[s->ig.row];
		const jx_ind_light *l = &s->m.inds[s->ig.row];
		int n = 0;
		if (l->progress != JX_NONE)
			n = snprintf(line, len,
				     L("预计完成 %s%%（全年预计 %s，年度指标值 %s），差距 %s", "expected %s%% (forecast %s, target %s), gap %s"),
				     ws_fmt(a, l->progress, 2), jx_fmt_trim(b, d->forecast), jx_fmt_trim(c, d->target),
				     ws_fmt(d4, l->gap, 2));
		if (l->light != JX_LIGHT_NONE && n >= 0 && (size_t)n < len)
			snprintf(line + n, len - (size_t)n, "%s%s %s%s%s", n ? L("：", ": ") : L("预警 ", "light "), jx_light_letter(l->light),
				 jx_light_name(l->light), jx_has_text(d->likelihood) ? L("；", "; ") : "", jx_nz(d->likelihood));
	}
}

static void draw(ws *w, void *st, int y, int x, int h, int wd)
{
	mon_st *s = st;
	char a[40], line[1024], label[256];
	sync_rows(s);
	if (!is_monitoring(w)) {
		ui_text(y + 1, x + 2, wd - 4, L("这张表不是监控表：监控屏只用于监控表（按 4 看绩效指标）",
						"this is not a monitoring sheet: the monitoring screen is for monitoring sheets (4: indicators)"),
			ui_attr(UC_INFO), UI_LEFT);
		return;
	}
	/* 序时进度 and the count of each colour */
	snprintf(line, sizeof line, L("序时进度 %s%%（1–%d月）  灯：红 %zu  黄 %zu  绿 %zu", "Schedule %s%% (1-%d)  lights: red %zu  yellow %zu  green %zu"),
		 s->have_m && s->m.schedule != JX_NONE ? ws_fmt(a, s->m.schedule, 2) : "-", w->s.sheet->stage_month,
		 s->have_m ? s->m.count[JX_LIGHT_RED] : 0, s->have_m ? s->m.count[JX_LIGHT_YELLOW] : 0,
		 s->have_m ? s->m.count[JX_LIGHT_GREEN] : 0);
	ui_text(y, x, wd, line, ui_attr(UC_TITLE), UI_LEFT);
	/* the funds: header, rows, total, at most a third of the screen */
	int fh = s->fg.nrows + 2, body = h - 4;
	if (fh > body / 3 + 1)
		fh = body / 3 + 1;
	s->fg.unfocused = s->focus != 0;
	s->ig.unfocused = s->focus != 1;
	ui_grid_draw(&s->fg, y + 1, x, fh, wd, s->focus == 0 && w->editing ? &w->ed : NULL);
	int iy = y + 1 + fh;
	ui_text(iy, x, wd, L("绩效指标", "Indicators"), ui_attr(UC_HEADER), UI_LEFT);
	int ih = y + h - 2 - (iy + 1);
	if (ih >= 2)
		ui_grid_draw(&s->ig, iy + 1, x, ih, wd, s->focus == 1 && w->editing ? &w->ed : NULL);
	/* the current cell in full; how its row's light is lit (or why a
	 * value was refused) */
	int dy = y + h - 2;
	char path[200];
	cur_path(s, path, sizeof path);
	if (path[0]) {
		jx_field_label(w->s.sheet, path, label, sizeof label);
		if (s->focus == 0 && s->fg.col == MF_SPENT) /* the months it covers, as the column says */
			snprintf(label, sizeof label, "%s · %s", jx_nz(w->s.sheet->funds[s->fg.row].source),
				 L(s->spent_head[0], s->spent_head[1]));
		int n = snprintf(line, sizeof line, "%s: ", label);
		if (n > 0 && (size_t)n < sizeof line)
			snprintf(line + n, sizeof line - (size_t)n, "%s", session_field_text(&w->s, path));
		for (char *p = line; *p; p++)
			if (*p == '\n')
				*p = ' ';
		ui_text(dy, x, wd, line, ui_attr(UC_INFO), UI_LEFT);
	}
	if (w->s.err_path[0] && (strncmp(w->s.err_path, "ind:", 4) == 0 || strncmp(w->s.err_path, "fund:", 5) == 0)) {
		snprintf(line, sizeof line, "! %s", w->s.err_msg);
		ui_text(dy + 1, x, wd, line, ui_attr(UC_ERROR), UI_LEFT);
		return;
	}
	light_line(s, line, sizeof line);
	ui_text(dy + 1, x, wd, line, ui_attr(UC_DIM), UI_LEFT);
}

/* A choice of the monitoring table picked from its list (Esc: nothing). */
static void pick_word(ws *w, const char *path, const char *title, const char *const *words)
{
	int n = 0, cur;
	if (!session_can_edit(&w->s, path))
		return;
	while (words[n])
		n++;
	cur = jx_monitor_word(words, session_field_text(&w->s, path));
	int k = ui_pick(title, words, n, cur < 0 ? 0 : cur);
	if (k >= 0)
		session_commit(&w->s, path, words[k]);
}

/* Enter (or a key typed, key != 0) on the current cell. */
static int begin_edit(ws *w, mon_st *s, int key)
{
	char path[200];
	cur_path(s, path, sizeof path);
	if (!path[0]) {
		if (key >= '0' && key <= '9')
			return 0; /* a digit on a computed cell: its screen */
		ws_msg(w, UC_INFO, "%s",
		       L("执行率、序时进度、差距和灯是算出来的；年度指标值在「4 绩效指标」屏修改",
			 "rates, schedule, gaps and lights are computed; the target is changed on 4 Indicators"));
		return VR_HANDLED;
	}
	if (s->focus == 1 && (s->ig.col == MI_LIKELY || s->ig.col == MI_CAUSE || s->ig.col == MI_RECTIFY)) {
		const char *const *words = s->ig.col == MI_LIKELY ? jx_monitor_likelihoods
					   : s->ig.col == MI_CAUSE ? jx_monitor_causes
								    : jx_monitor_rectify;
		pick_word(w, path, L(ind_cols[s->ig.col].zh, ind_cols[s->ig.col].en), words);
		return VR_HANDLED;
	}
	if (jx_field_type_of(path) == JX_FT_LONGTEXT) {
		ws_edit_long_typed(w, path, key);
		return VR_HANDLED;
	}
	if (key)
		return ws_type_into(w, path, key, 0);
	ws_edit_begin(w, path, 0);
	return VR_HANDLED;
}

static int key(ws *w, void *st, int k, ui_action a)
{
	mon_st *s = st;
	char path[200];
	sync_rows(s);
	if (!is_monitoring(w))
		return 0;
	ui_grid *g = s->focus == 0 ? &s->fg : &s->ig;
	if (w->editing)
		return ws_grid_edit_feed(w, g, k);
	if (k == UK_FN(KEY_DOWN) && s->focus == 0 && s->fg.row + 1 >= s->fg.nrows && s->ig.nrows > 0) {
		s->focus = 1;
		s->ig.row = 0;
		return VR_HANDLED;
	}
	if (k == UK_FN(KEY_UP) && s->focus == 1 && s->ig.row == 0 && s->fg.nrows > 0) {
		s->focus = 0;
		s->fg.row = s->fg.nrows - 1;
		return VR_HANDLED;
	}
	if (ui_grid_key(g, k))
		return VR_HANDLED;
	if (g->nrows == 0)
		return 0;
	if (ws_type_to_edit(k))
		return begin_edit(w, s, k);
	switch (a) {
	case UA_EDIT:
	case UA_PICK:
		return begin_edit(w, s, 0);
	case UA_DELETE:
		cur_path(s, path, sizeof path);
		if (path[0])
			session_commit(&w->s, path, "");
		return VR_HANDLED;
	default: return 0;
	}
}

static int go_to(ws *w, void *st, const char *path)
{
	mon_st *s = st;
	const jx_sheet *sh = w->s.sheet;
	sync_rows(s);
	if (!is_monitoring(w))
		return 0;
	for (size_t r = 0; r < sh->n_funds; r++)
		for (int c = 0; c < MF_N; c++) {
			char p[200];
			if (!fund_keys[c][0])
				continue;
			snprintf(p, sizeof p, "fund:%s:%s", jx_nz(sh->funds[r].source), fund_keys[c]);
			if (strcmp(p, path) == 0) {
				s->focus = 0;
				s->fg.row = (int)r;
				s->fg.col = c;
				return 1;
			}
		}
	for (size_t r = 0; r < sh->n_inds; r++)
		for (int c = 0; c < MI_N; c++) {
			char p[200];
			if (!ind_keys[c][0])
				continue;
			snprintf(p, sizeof p, "ind:%s:%s", jx_nz(sh->inds[r].key), ind_keys[c]);
			if (strcmp(p, path) == 0) {
				s->focus = 1;
				s->ig.row = (int)r;
				s->ig.col = c;
				return 1;
			}
		}
	return 0;
}

static int field_at(ws *w, void *st, char *buf, size_t len)
{
	mon_st *s = st;
	sync_rows(s);
	if (!is_monitoring(w))
		return 0;
	cur_path(s, buf, len);
	return buf[0] != '\0';
}

static const ui_action mon_keybar[] = {UA_EDIT, UA_PICK, UA_DELETE, UA_UNDO, UA_REDO, UA_HISTORY, UA_EXPORT, UA_NONE};

const view_ops scr_monitor_ops = {SHEET_VIEW_OPS("监控", "Monitoring"), .field_at = field_at, .keybar = mon_keybar};
