/* 资金来源: the fund rows by source × 年初预算 / 全年预算 / 到位 / 执行 with
 * totals, the live 到位率 and 执行率; the total row as the document prints
 * it (原表合计, funds:total:*) above the computed one, with 执行率 and 得分
 * columns, each printed figure that differs marked "*"; the sub-project grid
 * with its totals. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fundtotal.h"
#include "grid.h"
#include "monitor.h"
#include "stage.h"
#include "strutil.h"
#include "textwidth.h"
#include "ws.h"
#include "ws_comment.h"

/* F1: what this screen is and how it is used (help() adds what concerns
 * the cursor). */
static const char about_zh[] =
	"资金来源：按来源填写年初预算数、全年预算数（A）、实际到位和全年执行数（B），单位万元；合计是各行之和。"
	"到位率和预算执行率按本表模板的口径由评分引擎计算，每次保存后立即更新。\n\n"
	"下方是二级项目的预算金额和实际支出金额。\n\n"
	"方向键移动（在资金表最后一行按下键进入二级项目）；在格上直接输入数字即替换原值（Enter 或 F2 打开原值，Esc 放弃）；"
	"Enter 保存并到下一行（用 Tab 横着填完一行后，Enter 回到下一行开始填的那一列），Tab 保存并到右边一格；"
	"a 添加资金来源或二级项目；在资金来源或二级项目名称上按 d 删除整行（先确认，撤销可恢复），在金额上按 d 清空该金额；"
	"H 查看当前格的修改记录。金额：不能为负，最多 6 位小数，可用千分位「1,234.5」。\n\n"
	"原表合计：原表（申报或自评文件）印出的年度资金总额 / 合计行，按 a 选“原表合计”后照原样录入各金额、执行率和得分；"
	"它显示在计算的合计之上，与计算不符的数字前标 *，审核检查（W907–W909）写明两个数。"
	"在“原表合计”几个字上按 d 清空整行。\n";
static const char about_en[] =
	"Funds: for each source the initial budget, the full-year budget (A), funds received and funds spent "
	"(B), in 10,000 yuan; totals are the sums of the rows. The received and execution rates are computed "
	"by the scoring engine as this sheet's template defines them, after every save.\n\n"
	"Below: the sub-projects' budgets and spending.\n\n"
	"Arrows move (Down on the last fund row goes to the sub-projects); typing a number on a cell replaces "
	"its value (Enter or F2 opens the value, Esc gives up); Enter saves and goes "
	"down (after a row typed across with Tab, to the column where it began), Tab saves and goes right; a adds a fund source or a sub-project; d on a source or a sub-project's "
	"name deletes the row (after asking; undo brings it back), on an amount clears it; H shows the cell's "
	"history. Amounts: "
	"not negative, at most 6 decimals, thousands separators allowed (1,234.5).\n\n"
	"Total as printed: the 年度资金总额 / 合计 row the source document prints; a, then \"Total as printed\", "
	"adds it, to be typed as printed with its execution rate and score. It shows above the computed total; "
	"a printed figure that differs is marked * and the checks (W907-W909) give both numbers. d on its name "
	"clears the whole row.\n";

/* The five columns every sheet shows, then those some show: rate and
 * score beside a total row as printed, 全年预计执行数 (FC_FORECAST) on a
 * monitoring sheet.  The grid shows the columns of s->map in order. */
enum { FC_SOURCE, FC_PLANNED, FC_BUDGET, FC_RECEIVED, FC_SPENT, FC_RATE, FC_SCORE, FC_FORECAST, FC_ALL, FC_N = FC_RATE };
static const ui_gcol fund_cols[FC_ALL] = {
	{"资金来源", "Source", 12, 2, UI_LEFT},
	{"年初预算数", "Initial", 12, 1, UI_RIGHT},
	{"全年预算数", "Full-year", 12, 1, UI_RIGHT},
	{"实际到位", "Received", 12, 1, UI_RIGHT},
	{"全年执行数", "Spent", 12, 1, UI_RIGHT},
	{"执行率", "Rate", 8, 0, UI_RIGHT},
	{"得分", "Score", 6, 0, UI_RIGHT},
	{"全年预计", "Forecast", 12, 1, UI_RIGHT},
};
/* The first five as a monitoring table names them. */
static const ui_gcol monitoring_cols[FC_N] = {
	{"资金来源", "Source", 12, 2, UI_LEFT},
	{"年初预算", "Initial", 12, 1, UI_RIGHT},
	{"调整后预算", "Adjusted", 12, 1, UI_RIGHT},
	{"实际到位", "Received", 12, 1, UI_RIGHT},
	{"1–N月执行", "Spent so far", 12, 1, UI_RIGHT},
};
static const char *const fund_keys[FC_ALL] = {"source", "planned", "budget", "received", "spent",
					     "rate",   "score",   "forecast"};
/* the funds:total column of each column (-1: the row's name, or none) */
static const int total_col[FC_ALL] = {-1,
				      JX_FT_COL_planned,
				      JX_FT_COL_budget,
				      JX_FT_COL_received,
				      JX_FT_COL_spent,
				      JX_FT_COL_rate,
				      JX_FT_COL_score,
				      -1};

enum { SC_NAME, SC_BUDGET, SC_SPENT, SC_N };
static const ui_gcol sub_cols[SC_N] = {
	{"二级项目", "Sub-project", 24, 3, UI_LEFT},
	{"预算金额", "Budget", 12, 1, UI_RIGHT},
	{"实际支出金额", "Spent", 12, 1, UI_RIGHT},
};
static const char *const sub_keys[SC_N] = {"name", "budget", "spent"};

typedef struct {
	ws *w;
	ui_grid fg, sg;
	int focus; /* 0 funds, 1 sub-projects */
	char pending[128]; /* a new source not yet holding a value */
	int total_open;    /* the total row as printed asked for (a), still empty */
	ui_gcol cols[FC_ALL]; /* the columns shown, */
	int map[FC_ALL];      /* and which FC_* each one is */
	int monitoring;       /* a monitoring sheet: its forecast and light */
} funds_st;

/* The sources' rows, the new source's among them. */
static int n_source_rows(funds_st *s)
{
	return (int)s->w->s.sheet->n_funds + (s->pending[0] ? 1 : 0);
}

static int has_total_row(funds_st *s)
{
	return s->total_open || !jx_fund_stated_empty(&s->w->s.sheet->funds_total);
}

/* The rows: the sources, then the total row as printed when there is one. */
static int n_fund_rows(funds_st *s)
{
	return n_source_rows(s) + has_total_row(s);
}

static int is_total_row(funds_st *s, int row)
{
	return has_total_row(s) && row == n_source_rows(s);
}

static const char *fund_source(funds_st *s, int row)
{
	if ((size_t)row < s->w->s.sheet->n_funds)
		return s->w->s.sheet->funds[row].source ? s->w->s.sheet->funds[row].source : "";
	return s->pending;
}

static void fund_path(funds_st *s, int row, int col, char *buf, size_t len)
{
	if (is_total_row(s, row))
		snprintf(buf, len, "funds:total:%s", fund_keys[col == FC_SOURCE ? FC_PLANNED : col]);
	else if (col == FC_RATE || col == FC_SCORE)
		buf[0] = '\0'; /* a source row has no rate or score of its own here */
	else
		snprintf(buf, len, "fund:%s:%s", fund_source(s, row), fund_keys[col]);
}

static void sub_path(int row, int col, char *buf, size_t len)
{
	snprintf(buf, len, "sub:%d:%s", row, sub_keys[col]);
}

/* An amount as stored ("1935", "40.5", "480.8234") with at least two
 * decimals ("1935.00", "40.50", "480.8234"), so that it lines up with the
 * totals; anything that is not a plain number stays as it is. */
static void money_text(char *buf, size_t len)
{
	size_t n = strlen(buf), i = buf[0] == '-' ? 1 : 0, dot = 0, digits = 0;
	if (!n)
		return;
	for (; i < n; i++) {
		if (buf[i] == '.' && !dot)
			dot = i;
		else if (buf[i] >= '0' && buf[i] <= '9')
			digits++;
		else
			return;
	}
	if (!digits)
		return;
	size_t decimals = dot ? n - dot - 1 : 0;
	if (!dot && n + 3 < len)
		snprintf(buf + n, len - n, ".00");
	else if (dot && decimals < 2 && n + 2 - decimals < len)
		snprintf(buf + n, len - n, "%s", decimals == 1 ? "0" : "00");
}

/* A cell of a stored row: its text (an amount with two decimals), marked
 * when its value was refused or a check points at it. */
static void stored_cell(ws *w, const char *path, int amount, char *buf, size_t len, int *role)
{
	session_get(&w->s, path, buf, len);
	if (amount)
		money_text(buf, len);
	if (strcmp(w->s.err_path, path) == 0)
		*role = UC_ERROR;
	else if (session_finding_for(&w->s, path))
		*role = UC_WARN;
}

/* The first cell of a row with an open comment on it (ws_comment.h) starts
 * with the mark, which shows without colour too. */
static void comment_mark(ws *w, const char *row_path, char *buf, size_t len)
{
	size_t n = strlen(buf), m = strlen(WS_COMMENT_MARK " ");
	if (!ws_commented(w, row_path) || n + m >= len)
		return;
	memmove(buf + m, buf, n + 1);
	memcpy(buf, WS_COMMENT_MARK " ", m);
}

/* The computed total row (the footer), or the total row as printed with
 * "*" before each figure that differs from the computed one. */
static void total_cell(funds_st *s, int printed, int col, char *buf, size_t len, int *role)
{
	ws *w = s->w;
	jx_fund_total_calc calc;
	jx_dec v;
	int k = total_col[col];
	char num[32];
	if (col == FC_SOURCE) {
		snprintf(buf, len, "%s", printed ? L("原表合计", "As printed") : L("合计", "Total"));
		if (printed)
			*role = UC_DIM;
		return;
	}
	jx_fund_total_compute(w->s.t, w->s.sheet, w->s.scored ? &w->s.ss : NULL, &calc);
	if (!printed) {
		ws_fmt(buf, jx_fund_total_shown(&calc, k), 2);
		if (k == JX_FT_COL_rate && buf[0])
			snprintf(buf + strlen(buf), len - strlen(buf), "%%");
		return;
	}
	v = jx_fund_total_get(&w->s.sheet->funds_total, k);
	if (k == JX_FT_COL_rate || k == JX_FT_COL_score)
		jx_fmt_trim(num, v);
	else
		ws_fmt(num, v, 2);
	if (jx_fund_total_differs(&calc, k, v)) {
		snprintf(buf, len, "*%s%s", num, k == JX_FT_COL_rate ? "%" : "");
		*role = UC_WARN;
	} else {
		snprintf(buf, len, "%s%s", num, k == JX_FT_COL_rate && num[0] ? "%" : "");
	}
	fund_path(s, n_source_rows(s), col, num, sizeof num);
	if (strcmp(w->s.err_path, num) == 0)
		*role = UC_ERROR;
}

/* The footer's 全年预计: the sum of the rows' forecasts. */
static void forecast_total(funds_st *s, char *buf, size_t len)
{
	jx_dec v = JX_NONE;
	for (size_t i = 0; i < s->w->s.sheet->n_funds; i++)
		if (s->w->s.sheet->funds[i].forecast != JX_NONE)
			v = jx_add(v, s->w->s.sheet->funds[i].forecast);
	(void)len;
	ws_fmt(buf, v, 2);
}

static void fund_cell(void *ctx, int row, int gcol, char *buf, size_t len, int *role)
{
	funds_st *s = ctx;
	ws *w = s->w;
	char path[256];
	int col = s->map[gcol];
	if (col == FC_FORECAST && row >= n_fund_rows(s)) {
		forecast_total(s, buf, len);
		return;
	}
	if (col == FC_FORECAST && is_total_row(s, row))
		return; /* the printed total has no forecast */
	if (row >= n_fund_rows(s) || is_total_row(s, row)) {
		total_cell(s, row < n_fund_rows(s), col, buf, len, role);
		return;
	}
	if (col == FC_RATE || col == FC_SCORE)
		return;
	fund_path(s, row, col, path, sizeof path);
	if ((size_t)row >= w->s.sheet->n_funds) {
		/* the new source, not stored until it holds an amount */
		if (col == FC_SOURCE)
			snprintf(buf, len, "%s", s->pending);
		*role = strcmp(w->s.err_path, path) == 0 ? UC_ERROR : UC_DIM;
		return;
	}
	stored_cell(w, path, col != FC_SOURCE, buf, len, role);
	if (col == FC_SOURCE) {
		snprintf(path, sizeof path, "fund:%s", jx_nz(w->s.sheet->funds[row].source));
		comment_mark(w, path, buf, len);
	}
}

static void sub_cell(void *ctx, int row, int col, char *buf, size_t len, int *role)
{
	funds_st *s = ctx;
	ws *w = s->w;
	char path[96];
	if (row >= (int)w->s.sheet->n_subs + 1) {
		/* footer: totals of the rows entered */
		jx_dec b = JX_NONE, sp = JX_NONE;
		for (size_t i = 0; i < w->s.sheet->n_subs; i++) {
			if (w->s.sheet->subs[i].budget != JX_NONE)
				b = (b == JX_NONE ? 0 : b) + w->s.sheet->subs[i].budget;
			if (w->s.sheet->subs[i].spent != JX_NONE)
				sp = (sp == JX_NONE ? 0 : sp) + w->s.sheet->subs[i].spent;
		}
		if (col == SC_NAME)
			snprintf(buf, len, L("合计（%zu 个）", "Total (%zu)"), w->s.sheet->n_subs);
		else
			ws_fmt(buf, col == SC_BUDGET ? b : sp, 2);
		return;
	}
	sub_path(row, col, path, sizeof path);
	if (row == (int)w->s.sheet->n_subs) {
		if (col == SC_NAME)
			snprintf(buf, len, "%s", L("（新增一行：按 Enter 输入）", "(new row: Enter to type)"));
		*role = strcmp(w->s.err_path, path) == 0 ? UC_ERROR : UC_DIM;
		return;
	}
	stored_cell(w, path, col != SC_NAME, buf, len, role);
	if (col == SC_NAME) {
		snprintf(path, sizeof path, "sub:%d", row);
		comment_mark(w, path, buf, len);
	}
}

static void *create(ws *w)
{
	funds_st *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->w = w;
	for (int c = 0; c < FC_N; c++) {
		s->cols[c] = fund_cols[c];
		s->map[c] = c;
	}
	ui_grid_init(&s->fg, s->cols, FC_N, 1, fund_cell, s);
	s->fg.nfoot = 1; /* the totals */
	s->fg.col = FC_PLANNED; /* the form's first amount: a row is typed from it with Tab */
	ui_grid_init(&s->sg, sub_cols, SC_N, 1, sub_cell, s);
	s->sg.nfoot = 1;
	return s;
}

static void destroy(void *st)
{
	free(st);
}

static void sync_rows(funds_st *s)
{
	ws *w = s->w;
	if (!w->s.sheet)
		return;
	if (s->pending[0] && jx_sheet_fund(w->s.sheet, s->pending))
		s->pending[0] = '\0';
	if (!jx_fund_stated_empty(&w->s.sheet->funds_total))
		s->total_open = 0; /* held by the sheet now */
	/* the columns this sheet shows (s->map), named as its form names them */
	int monitoring = jx_sheet_stage_in(w->s.sheet, w->s.t) == JX_STAGE_MONITORING, n = 0;
	s->monitoring = monitoring;
	for (int c = 0; c < FC_ALL; c++) {
		if (((c == FC_RATE || c == FC_SCORE) && !has_total_row(s)) || (c == FC_FORECAST && !monitoring))
			continue;
		s->cols[n] = monitoring && c < FC_N ? monitoring_cols[c] : fund_cols[c];
		s->map[n++] = c;
	}
	s->fg.ncols = n;
	s->fg.nrows = n_fund_rows(s);
	s->sg.nrows = (int)w->s.sheet->n_subs + 1;
	ui_grid_clamp(&s->fg);
	ui_grid_clamp(&s->sg);
}

static void sheet_changed(ws *w, void *st)
{
	funds_st *s = st;
	if (!w->s.sheet) {
		s->pending[0] = '\0';
		s->total_open = 0;
	}
	sync_rows(s);
}

static const jx_score_item *exec_item(ws *w)
{
	if (!w->s.scored)
		return NULL;
	for (size_t i = 0; i < w->s.ss.n; i++)
		if (w->s.ss.items[i].node && w->s.ss.items[i].node->execution)
			return &w->s.ss.items[i];
	return NULL;
}

/* A monitoring sheet's line under its funds: 序时进度, the total's
 * execution rate, its gap and its light as a letter and a word in the
 * light's colour (monitor.h).  1 when drawn. */
static int monitoring_line(ws *w, int y, int x, int wd)
{
	jx_monitor m;
	char a[32], b[32], c[32], line[256];
	int lw;
	if (jx_monitor_compute(w->s.t, w->s.sheet, &m) < 0)
		return 0;
	snprintf(line, sizeof line, L("序时进度 %s%%（1–%d月）  执行率 %s%%  差距 %s  ", "Schedule %s%% (1-%d)  Executed %s%%  Gap %s  "),
		 m.schedule == JX_NONE ? "-" : ws_fmt(a, m.schedule, 2), m.month,
		 m.total.rate == JX_NONE ? "-" : ws_fmt(b, m.total.rate, 2), m.total.gap == JX_NONE ? "-" : ws_fmt(c, m.total.gap, 2));
	ui_text(y, x, wd, line, ui_attr(UC_TITLE), UI_LEFT);
	lw = jx_text_width(line);
	if (m.total.light != JX_LIGHT_NONE && lw < wd) {
		snprintf(line, sizeof line, "%s %s", jx_light_letter(m.total.light), jx_light_name(m.total.light));
		ui_text(y, x + lw, wd - lw, line,
			ui_attr(m.total.light == JX_LIGHT_RED ? UC_ERROR : m.total.light == JX_LIGHT_YELLOW ? UC_WARN : UC_OK),
			UI_LEFT);
	}
	jx_monitor_free(&m);
	return 1;
}

static void draw(ws *w, void *st, int y, int x, int h, int wd)
{
	funds_st *s = st;
	char a[32], b[32], line[512];
	sync_rows(s);
	ui_text(y, x, wd, L("项目资金（万元）", "Project funds (10,000 yuan)"), ui_attr(UC_HEADER), UI_LEFT);
	int fh = s->fg.nrows + 2; /* header + rows + total */
	int max_fh = h / 2;
	if (fh > max_fh)
		fh = max_fh;
	s->fg.unfocused = s->focus != 0;
	s->sg.unfocused = s->focus != 1;
	ui_grid_draw(&s->fg, y + 1, x, fh, wd, s->focus == 0 && w->editing ? &w->ed : NULL);
	int ry = y + 1 + fh;
	/* the rates as the engine computes them for this template */
	snprintf(line, sizeof line, "%s %s    %s %s", L("到位率", "Received rate"),
		 w->s.scored && w->s.ss.received_rate != JX_NONE ? ws_fmt_rate(a, w->s.ss.received_rate) : "-",
		 L("预算执行率", "Execution rate"), w->s.scored && w->s.ss.exec_rate != JX_NONE ? ws_fmt_rate(b, w->s.ss.exec_rate) : "-");
	const jx_score_item *ei = exec_item(w);
	if (s->monitoring && monitoring_line(w, ry, x, wd))
		ei = NULL; /* a monitoring sheet's line says how its light is lit */
	else
		ui_text(ry, x, wd, line, ui_attr(UC_TITLE), UI_LEFT);
	/* how the execution score is computed: beside the rates, or on the
	 * next line when it does not fit there (a refused value's reason
	 * takes that line first) */
	int dy = ry + 1;
	int refused = w->s.err_path[0] && (strncmp(w->s.err_path, "fund:", 5) == 0 || strncmp(w->s.err_path, "sub:", 4) == 0 ||
					   strncmp(w->s.err_path, "funds:total:", 12) == 0);
	if (ei) {
		const char *ex = jx_score_expl(&w->s.ss, ei);
		int lw = jx_text_width(line) + 4;
		if (lw + jx_text_width(ex) <= wd)
			ui_text(ry, x + lw, wd - lw, ex, ui_attr(UC_DIM), UI_LEFT);
		else if (!refused)
			ui_text(dy, x, wd, ex, ui_attr(UC_DIM), UI_LEFT);
	}
	if (refused) {
		char em[900];
		snprintf(em, sizeof em, "! %s", w->s.err_msg);
		ui_text(dy, x, wd, em, ui_attr(UC_ERROR), UI_LEFT);
	}
	int sy = dy + 1;
	ui_text(sy, x, wd, L("二级项目（万元）", "Sub-projects (10,000 yuan)"), ui_attr(UC_HEADER), UI_LEFT);
	int sh = y + h - (sy + 1);
	if (sh >= 3)
		ui_grid_draw(&s->sg, sy + 1, x, sh, wd, s->focus == 1 && w->editing ? &w->ed : NULL);
}

static void cur_path(funds_st *s, char *buf, size_t len)
{
	if (s->focus == 0)
		fund_path(s, s->fg.row, s->map[s->fg.col], buf, len);
	else
		sub_path(s->sg.row, s->sg.col, buf, len);
}

static const char *const default_sources[] = {"中央财政", "省财政", "市县财政", "当年财政拨款", "上年结转资金", "其他资金", "其他"};

static void add_source(ws *w, funds_st *s)
{
	const char *opts[16];
	int n = 0;
	if (!session_can_edit(&w->s, "fund:x:budget"))
		return;
	if (w->s.t)
		for (size_t i = 0; i < w->s.t->n_fund_sources && n < 8; i++)
			if (!jx_sheet_fund(w->s.sheet, w->s.t->fund_sources[i]))
				opts[n++] = w->s.t->fund_sources[i];
	for (size_t i = 0; i < sizeof default_sources / sizeof default_sources[0] && n < 14; i++) {
		int dup = jx_sheet_fund(w->s.sheet, default_sources[i]) != NULL;
		for (int j = 0; j < n; j++)
			if (strcmp(opts[j], default_sources[i]) == 0)
				dup = 1;
		if (!dup)
			opts[n++] = default_sources[i];
	}
	opts[n++] = L("其他（手工输入）", "Other (type it)");
	if (!has_total_row(s))
		opts[n++] = L("原表合计（照原表录入合计行）", "Total as printed (the document's total row)");
	int k = ui_pick(L("添加资金来源", "Add a fund source"), opts, n, 0);
	if (k < 0)
		return;
	if (!has_total_row(s) && k == n - 1) {
		s->total_open = 1;
		sync_rows(s);
		s->focus = 0;
		s->fg.row = n_source_rows(s);
		s->fg.col = FC_PLANNED;
		ws_msg(w, UC_INFO, "%s", L("照原表输入合计行的金额、执行率和得分", "type the total row's figures as printed"));
		return;
	}
	if (!has_total_row(s))
		n--; /* the typed name is the option before it */
	char name[128] = "";
	if (k == n - 1) {
		if (!ui_prompt(L("添加资金来源", "Add a fund source"), L("资金来源名称", "Source name"), name, sizeof name) || !name[0])
			return;
		if (strchr(name, ':')) {
			ws_msg(w, UC_ERROR, "%s", L("资金来源名称不能含有冒号", "a source name cannot contain a colon"));
			return;
		}
	} else {
		snprintf(name, sizeof name, "%s", opts[k]);
	}
	if (jx_sheet_fund(w->s.sheet, name)) {
		ws_msg(w, UC_WARN, L("资金来源「%s」已存在", "the fund source \"%s\" already exists"), name);
		return;
	}
	snprintf(s->pending, sizeof s->pending, "%s", name);
	sync_rows(s);
	s->focus = 0;
	s->fg.row = s->fg.nrows - 1;
	s->fg.col = FC_PLANNED;
	ws_msg(w, UC_INFO, "%s", L("输入一个金额后这一行才会保存", "the row is saved once it holds an amount"));
}

/* d on 原表合计: every printed figure cleared, one commit each. */
static void clear_total_row(funds_st *s)
{
	char path[64];
	for (int c = FC_PLANNED; c < FC_ALL; c++)
		if (total_col[c] >= 0 && jx_fund_total_get(&s->w->s.sheet->funds_total, total_col[c]) != JX_NONE) {
			fund_path(s, n_source_rows(s), c, path, sizeof path);
			if (session_commit(&s->w->s, path, ""))
				break;
		}
	s->total_open = 0;
	sync_rows(s);
}

static int key(ws *w, void *st, int k, ui_action a)
{
	funds_st *s = st;
	char path[256];
	sync_rows(s);
	ui_grid *g = s->focus == 0 ? &s->fg : &s->sg;
	if (w->editing) {
		return ws_grid_edit_feed(w, g, k);
	}
	if (k == UK_FN(KEY_DOWN) && s->focus == 0 && s->fg.row + 1 >= s->fg.nrows) {
		s->focus = 1;
		s->sg.row = 0;
		return VR_HANDLED;
	}
	if (k == UK_FN(KEY_UP) && s->focus == 1 && s->sg.row == 0) {
		s->focus = 0;
		s->fg.row = s->fg.nrows - 1;
		return VR_HANDLED;
	}
	if (ui_grid_key(g, k))
		return VR_HANDLED;
	cur_path(s, path, sizeof path);
	if (g->nrows > 0 && !path[0] && (ws_type_to_edit(k) || a == UA_EDIT || a == UA_DELETE))
		return VR_HANDLED; /* a source's rate or score: computed for the total only */
	if (ws_type_to_edit(k) && g->nrows > 0) {
		/* typed on a cell: its new value (a digit where the cell cannot
		 * take it goes to its screen) */
		return ws_type_into(w, path, k, 0);
	}
	switch (a) {
	case UA_EDIT:
		if (g->nrows == 0)
			return VR_HANDLED;
		cur_path(s, path, sizeof path);
		ws_edit_begin(w, path, 0);
		return VR_HANDLED;
	case UA_ADD:
	case UA_INSERT:
		if (s->focus == 0)
			add_source(w, s);
		else {
			s->sg.row = (int)w->s.sheet->n_subs;
			s->sg.col = SC_NAME;
			sub_path(s->sg.row, SC_NAME, path, sizeof path);
			ws_edit_begin(w, path, 0);
		}
		return VR_HANDLED;
	case UA_DELETE:
		if (g->nrows == 0)
			return VR_HANDLED;
		cur_path(s, path, sizeof path);
		/* d on a source or a sub-project's name deletes the row (after
		 * asking; undo puts it back); on an amount it clears the amount */
		if (s->focus == 0 && is_total_row(s, s->fg.row) && s->fg.col == FC_SOURCE) {
			clear_total_row(s);
			return VR_HANDLED;
		}
		if (s->focus == 0 && s->fg.col == FC_SOURCE) {
			if ((size_t)s->fg.row < w->s.sheet->n_funds && session_row_delete(&w->s, JX_ROW_FUND, (size_t)s->fg.row) == 0)
				sync_rows(s);
			else if ((size_t)s->fg.row >= w->s.sheet->n_funds)
				s->pending[0] = '\0'; /* a new source not saved yet: just drop it */
			return VR_HANDLED;
		}
		if (s->focus == 1 && s->sg.row >= (int)w->s.sheet->n_subs)
			return VR_HANDLED;
		if (s->focus == 1 && s->sg.col == SC_NAME) {
			if (session_row_delete(&w->s, JX_ROW_SUB, (size_t)s->sg.row) == 0)
				sync_rows(s);
			return VR_HANDLED;
		}
		session_commit(&w->s, path, "");
		return VR_HANDLED;
	default:
		return 0;
	}
}

static void help(ws *w, void *st, ui_buf *b)
{
	const jx_score_item *ei = exec_item(w);
	(void)st;
	if (ei && ei->node && ei->node->help)
		ui_buf_printf(b, "\n%s\n", ei->node->help);
}

static void explain(ws *w, void *st, ui_buf *b)
{
	(void)st;
	const jx_score_item *ei = exec_item(w);
	if (!ei)
		return;
	ws_explain_path(w, ei->path, b);
	if (w->s.ss.received_rate != JX_NONE) {
		char r[32];
		jx_fund_totals t = jx_sheet_fund_totals(w->s.sheet);
		char a1[32], a2[32];
		ui_buf_printf(b, L("\n到位率 = 实际到位 %s ÷ 全年预算 %s = %s\n", "\nReceived rate = received %s / budget %s = %s\n"),
			      ws_fmt(a1, t.received, 2), ws_fmt(a2, t.budget, 2), ws_fmt_rate(r, w->s.ss.received_rate));
	}
}

static int go_to(ws *w, void *st, const char *path)
{
	funds_st *s = st;
	if (!w->s.sheet)
		return 0;
	sync_rows(s);
	if (strncmp(path, "fund", 4) == 0) {
		for (int r = 0; r < s->fg.nrows; r++)
			for (int c = is_total_row(s, r); c < s->fg.ncols; c++) {
				char p[256];
				fund_path(s, r, s->map[c], p, sizeof p);
				if (strcmp(p, path) == 0) {
					s->focus = 0;
					s->fg.row = r;
					s->fg.col = c;
					return 1;
				}
			}
		if (strncmp(path, "funds", 5) == 0) {
			s->focus = 0;
			return 1;
		}
	}
	if (strcmp(path, "execution") == 0 || strncmp(path, "subs:", 5) == 0) {
		s->focus = path[0] == 's';
		return 1;
	}
	if (strncmp(path, "sub:", 4) == 0) {
		int r = atoi(path + 4);
		const char *col = strrchr(path, ':');
		for (int c = 0; c < SC_N && col; c++)
			if (strcmp(col + 1, sub_keys[c]) == 0) {
				s->focus = 1;
				s->sg.row = r;
				s->sg.col = c;
				ui_grid_clamp(&s->sg);
				return 1;
			}
	}
	return 0;
}

static int field_at(ws *w, void *st, char *buf, size_t len)
{
	funds_st *s = st;
	sync_rows(s);
	if (s->focus == 1 && s->sg.row >= (int)w->s.sheet->n_subs)
		return 0;
	if (s->focus == 0 && s->fg.nrows == 0)
		return 0;
	cur_path(s, buf, len);
	return 1;
}

/* The key bar, most used first: what does not fit at 80 columns is left
 * out from the end (F1 lists every key). */
static const ui_action funds_keybar[] = {UA_EDIT,    UA_ADD,    UA_DELETE,   UA_EXPLAIN, UA_UNDO,
					  UA_REDO,    UA_HISTORY, UA_EXPORT, UA_FINALISE, UA_IMPORT,  UA_NONE};

const view_ops scr_funds_ops = {SHEET_VIEW_OPS("资金来源", "Funds"),
				.help = help, .explain = explain, .field_at = field_at, .keybar = funds_keybar};
