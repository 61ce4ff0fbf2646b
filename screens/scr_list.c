/* 项目列表: every sheet with year, name, unit, template, total, grade,
 * status and number of findings; filter, sort, new, copy to a new year,
 * trash and restore, open. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app.h"
#include "err.h"
#include "grid.h"
#include "textwidth.h"
#include "ws.h"

enum { LC_YEAR, LC_NAME, LC_UNIT, LC_TEMPLATE, LC_TOTAL, LC_GRADE, LC_STATUS, LC_FINDINGS, LC_N };

static ui_gcol list_cols[LC_N] = {
	{"年度", "Year", 4, 0, UI_LEFT},
	{"项目名称", "Project", 20, 3, UI_LEFT},
	{"实施单位", "Unit", 12, 2, UI_LEFT},
	{"模板", "Template", 12, 1, UI_LEFT},
	{"总分", "Total", 6, 0, UI_RIGHT},
	{"等级", "Grade", 4, 0, UI_LEFT},
	{"状态", "Status", 6, 0, UI_LEFT},
	{"检查", "Checks", 4, 0, UI_RIGHT},
};

typedef struct {
	jx_sheet_summary *all;
	size_t n;
	int *vis; /* indices into all, filtered and sorted */
	int nvis;
	char filter[256];
	int filtering;
	ui_edit fed;
	int sort_col, sort_desc, sorted;
	int show_trash;
	int brief_grade; /* the grade column says 未完成 12: the whole wording would not fit */
	ui_grid g;
	int64_t keep_id; /* keep the cursor on this sheet after a reload */
	ws *w;
} list_st;

static const char *status_label(const char *s)
{
	if (!s || !*s)
		return "";
	if (strcmp(s, "draft") == 0)
		return L("草稿", "draft");
	if (strcmp(s, "submitted") == 0)
		return L("已提交", "submitted");
	if (strcmp(s, "reviewed") == 0)
		return L("已审核", "reviewed");
	if (strcmp(s, "final") == 0)
		return L("定稿", "final");
	return s;
}

static const char *template_label(ws *w, const char *id)
{
	const jx_template *t = id ? jx_templates_find(&w->s.tpl, id) : NULL;
	if (!t)
		return id ? id : "";
	return L(t->name ? t->name : t->id, t->name_en ? t->name_en : t->id);
}

/* The grade as the list's column shows it.  未完成（12 项未填） does not fit
 * beside the other columns at 80: the column says 未完成 12 ("unfilled 12"),
 * and the top line the whole wording for the selected sheet (brief 0). */
static const char *grade_label(ws *w, const jx_sheet_summary *s, char *buf, size_t len, int brief)
{
	unsigned long open;
	/* the summary keeps jx_grade_text's Chinese wording whatever the language */
	if (brief && sscanf(s->grade, "未完成（%lu 项未填）", &open) == 1) {
		snprintf(buf, len, L("未完成 %lu", "unfilled %lu"), open);
		return buf;
	}
	/* the template's own English name of the grade */
	const jx_template *t = s->template_id ? jx_templates_find(&w->s.tpl, s->template_id) : NULL;
	if (jx_lang == JX_LANG_EN && t)
		for (size_t i = 0; i < t->rules.n_grades; i++)
			if (t->rules.grades[i].grade && strcmp(t->rules.grades[i].grade, s->grade) == 0 && t->rules.grades[i].grade_en)
				return t->rules.grades[i].grade_en;
	/* 未完成（N 项未填） in the user's language */
	return jx_grade_cached(s->grade, buf, len);
}

/* Case-insensitive (ASCII) substring test. */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return 1;
	for (const char *p = hay ? hay : ""; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return 1;
	return 0;
}

static int matches(list_st *l, const jx_sheet_summary *s)
{
	if (!l->filter[0])
		return 1;
	char year[16], tot[32];
	snprintf(year, sizeof year, "%d", s->year);
	ws_fmt(tot, s->total, 2);
	/* every blank-separated word must match some column */
	char f[256];
	snprintf(f, sizeof f, "%s", l->filter);
	for (char *tok = strtok(f, " "); tok; tok = strtok(NULL, " ")) {
		if (!(contains(year, tok) || contains(s->name, tok) || contains(s->unit, tok) ||
		      contains(s->template_id, tok) || contains(template_label(l->w, s->template_id), tok) ||
		      contains(status_label(s->status), tok) || contains(s->grade, tok) || contains(tot, tok)))
			return 0;
	}
	return 1;
}

static list_st *sort_ctx;

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_rows(const void *pa, const void *pb)
{
	const jx_sheet_summary *a = &sort_ctx->all[*(const int *)pa], *b = &sort_ctx->all[*(const int *)pb];
	int c = 0;
	switch (sort_ctx->sort_col) {
	case LC_YEAR: c = (a->year > b->year) - (a->year < b->year); break;
	case LC_NAME: c = cmp_str(a->name, b->name); break;
	case LC_UNIT: c = cmp_str(a->unit, b->unit); break;
	case LC_TEMPLATE: c = cmp_str(a->template_id, b->template_id); break;
	case LC_TOTAL: {
		/* not scored sorts below every score */
		jx_dec x = a->total == JX_NONE ? INT64_MIN + 1 : a->total, y = b->total == JX_NONE ? INT64_MIN + 1 : b->total;
		c = (x > y) - (x < y);
		break;
	}
	case LC_GRADE: c = cmp_str(a->grade, b->grade); break;
	case LC_STATUS: c = cmp_str(a->status, b->status); break;
	case LC_FINDINGS: c = (a->findings > b->findings) - (a->findings < b->findings); break;
	}
	if (sort_ctx->sort_desc)
		c = -c;
	if (!c)
		c = (a->id > b->id) - (a->id < b->id);
	return c;
}

static void rebuild(list_st *l)
{
	int64_t keep = l->keep_id;
	if (!keep && l->g.row >= 0 && l->g.row < l->nvis)
		keep = l->all[l->vis[l->g.row]].id;
	free(l->vis);
	l->vis = malloc((l->n ? l->n : 1) * sizeof *l->vis);
	l->nvis = 0;
	if (!l->vis)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (l->all[i].deleted == l->show_trash && matches(l, &l->all[i]))
			l->vis[l->nvis++] = (int)i;
	if (l->sorted) {
		sort_ctx = l;
		qsort(l->vis, (size_t)l->nvis, sizeof *l->vis, cmp_rows);
	}
	l->g.nrows = l->nvis;
	for (int i = 0; i < l->nvis; i++)
		if (l->all[l->vis[i]].id == keep)
			l->g.row = i;
	l->keep_id = 0;
	ui_grid_clamp(&l->g);
}

static void reload(ws *w, list_st *l)
{
	jx_err err;
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	if (l->g.row >= 0 && l->g.row < l->nvis && !l->keep_id)
		l->keep_id = l->all[l->vis[l->g.row]].id;
	if (jx_store_list(w->s.st, 1, &v, &n, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return;
	}
	jx_summaries_free(l->all, l->n);
	l->all = v;
	l->n = n;
	rebuild(l);
}

/* Total, grade and findings of a sheet never scored by this program. */
static void fill_summary(ws *w, jx_sheet_summary *s)
{
	jx_err err;
	jx_sheet *sh = NULL;
	jx_scoresheet ss = {0};
	jx_findings f = {0};
	/* the same checks as when the sheet is open, last year's sheet included */
	if (!jx_templates_find(&w->s.tpl, s->template_id) || jx_store_load(w->s.st, s->id, &sh, &err) < 0 ||
	    !jx_app_evaluate(w->s.st, &w->s.tpl, sh, NULL, &ss, &f)) {
		s->findings = 0;
		jx_sheet_free(sh);
		return;
	}
	s->total = ss.total;
	/* as jx_app_store_summary keeps it: 未完成（N 项未填） while values are unfilled */
	jx_grade_text(&ss, jx_findings_unfilled(&f), 0, s->grade, sizeof s->grade);
	s->findings = (int)f.n;
	if (!w->s.db_readonly)
		jx_app_store_summary(w->s.st, s->id, &ss, &f, &err);
	jx_findings_free(&f);
	jx_scoresheet_free(&ss);
	jx_sheet_free(sh);
}

static void cell(void *ctx, int row, int col, char *buf, size_t len, int *role)
{
	list_st *l = ctx;
	if (row >= l->nvis)
		return;
	jx_sheet_summary *s = &l->all[l->vis[row]];
	switch (col) {
	case LC_YEAR: snprintf(buf, len, "%d", s->year); break;
	case LC_NAME: snprintf(buf, len, "%s", s->name ? s->name : ""); break;
	case LC_UNIT: snprintf(buf, len, "%s", s->unit ? s->unit : ""); break;
	case LC_TEMPLATE: snprintf(buf, len, "%s", template_label(l->w, s->template_id)); break;
	case LC_TOTAL: ws_fmt(buf, s->total, 2); break;
	case LC_GRADE: {
		char g[JX_GRADE_TEXT_LEN];
		snprintf(buf, len, "%s", grade_label(l->w, s, g, sizeof g, l->brief_grade));
		break;
	}
	case LC_STATUS: snprintf(buf, len, "%s", status_label(s->status)); break;
	case LC_FINDINGS:
		if (s->findings >= 0)
			snprintf(buf, len, "%d", s->findings);
		if (s->findings > 0)
			*role = UC_WARN;
		break;
	}
}

static int row_role(void *ctx, int row)
{
	list_st *l = ctx;
	if (row < l->nvis && l->w->s.sheet && l->all[l->vis[row]].id == l->w->s.sheet->id)
		return UC_TITLE;
	return -1;
}

/* The widest grade of the rows shown, whole or brief. */
static int widest_grade(list_st *l, int brief)
{
	int want = 0;
	for (int r = 0; r < l->nvis; r++) {
		char buf[JX_GRADE_TEXT_LEN];
		int gw = jx_text_width(grade_label(l->w, &l->all[l->vis[r]], buf, sizeof buf, brief));
		if (gw > want)
			want = gw;
	}
	return want;
}

/* The grade column as wide as its widest text: 未完成（12 项未填） (19
 * columns) where the other columns keep their width, else 未完成 12; where
 * the columns would still not fit in wd, the width is taken from the unit,
 * template and name columns down to a minimum, so that the list fits 80
 * columns. */
static void fit_grade_column(list_st *l, int wd)
{
	static int base[LC_N];
	static const int least[LC_N] = {[LC_NAME] = 12, [LC_UNIT] = 6, [LC_TEMPLATE] = 6};
	static const int give[] = {LC_UNIT, LC_TEMPLATE, LC_NAME};
	int want = 0, more = LC_N - 1 - wd;
	if (!base[LC_YEAR])
		for (int i = 0; i < LC_N; i++)
			base[i] = list_cols[i].width;
	for (int i = 0; i < LC_N; i++) {
		list_cols[i].width = base[i];
		more += i == LC_GRADE ? 0 : base[i];
	}
	want = widest_grade(l, 0);
	l->brief_grade = more + want > 0;
	if (l->brief_grade)
		want = widest_grade(l, 1);
	if (want <= base[LC_GRADE])
		return;
	list_cols[LC_GRADE].width = want;
	more += want;
	for (size_t k = 0; k < sizeof give / sizeof give[0] && more > 0; k++) {
		int c = give[k], take = list_cols[c].width - least[c];
		if (take > more)
			take = more;
		if (take > 0) {
			list_cols[c].width -= take;
			more -= take;
		}
	}
}

static void *create(ws *w)
{
	list_st *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->w = w;
	if (jx_lang == JX_LANG_EN) {
		/* English words are longer than the Chinese ones */
		list_cols[LC_NAME].width = 16;
		list_cols[LC_TEMPLATE].width = 10;
		list_cols[LC_GRADE].width = 9;
		list_cols[LC_STATUS].width = 9;
		list_cols[LC_FINDINGS].width = 6;
	}
	l->g.cols = list_cols;
	l->g.ncols = LC_N;
	l->g.frozen = 2;
	l->g.ctx = l;
	l->g.cell = cell;
	l->g.row_role = row_role;
	l->g.col = LC_NAME;
	l->sort_col = LC_YEAR;
	ui_edit_init(&l->fed, 0, 200);
	return l;
}

static void destroy(void *st)
{
	list_st *l = st;
	if (!l)
		return;
	jx_summaries_free(l->all, l->n);
	free(l->vis);
	ui_edit_free(&l->fed);
	free(l);
}

static void enter(ws *w, void *st)
{
	list_st *l = st;
	if (w->s.sheet)
		l->keep_id = w->s.sheet->id;
	reload(w, l);
}

static void sheet_changed(ws *w, void *st)
{
	(void)w;
	(void)st;
}

static void set_keybar(const list_st *l);

static void draw(ws *w, void *st, int y, int x, int h, int wd)
{
	list_st *l = st;
	set_keybar(l);
	char info[512], sort[128] = "";
	if (l->sorted)
		snprintf(sort, sizeof sort, L("，按%s%s", ", by %s%s"), L(list_cols[l->sort_col].zh, list_cols[l->sort_col].en),
			 l->sort_desc ? L("降序", " descending") : L("升序", " ascending"));
	snprintf(info, sizeof info, L("%s %d 个%s", "%s: %d%s"), l->show_trash ? L("回收站", "Trash") : L("项目", "Sheets"),
		 l->nvis, sort);
	ui_text(y, x, wd, info, ui_attr(UC_TITLE), UI_LEFT);
	if (l->filtering || l->filter[0]) {
		const char *lab = L("筛选: ", "Filter: ");
		int lw = jx_text_width(info) + 2;
		int fw = jx_text_width(lab);
		ui_text(y, x + lw, fw, lab, ui_attr(UC_TITLE), UI_LEFT);
		if (l->filtering)
			ui_edit_draw(&l->fed, y, x + lw + fw, 1, wd - lw - fw, ui_attr(UC_EDIT));
		else
			ui_text(y, x + lw + fw, wd - lw - fw, l->filter, ui_attr(UC_INFO), UI_LEFT);
	}
	/* how to open a sheet (or get one back), at the right end */
	const char *hint = !l->nvis ? "" : l->show_trash ? L("r 恢复  t 返回项目列表", "r restores  t back to the list")
						      : L("Enter 打开", "Enter opens");
	/* sheets never scored by this program get their summary when shown */
	int body = h - 2;
	for (int r = 0; r < body && l->g.top + r < l->nvis; r++) {
		jx_sheet_summary *s = &l->all[l->vis[l->g.top + r]];
		if (s->findings < 0 && !s->deleted)
			fill_summary(w, s);
	}
	fit_grade_column(l, wd);
	/* the selected sheet's 未完成（N 项未填） in full, where its column shortens it */
	char full[JX_GRADE_TEXT_LEN + 128], g[JX_GRADE_TEXT_LEN], b[JX_GRADE_TEXT_LEN];
	const jx_sheet_summary *sel = l->g.row >= 0 && l->g.row < l->nvis ? &l->all[l->vis[l->g.row]] : NULL;
	if (sel && !l->show_trash && l->brief_grade &&
	    strcmp(grade_label(w, sel, g, sizeof g, 0), grade_label(w, sel, b, sizeof b, 1)) != 0) {
		snprintf(full, sizeof full, "%s  %s", g, hint);
		hint = full;
	}
	int hw = jx_text_width(hint);
	if (hw && !l->filtering && jx_text_width(info) + jx_text_width(l->filter) + hw + 12 < wd)
		ui_text(y, x + wd - hw - 1, hw, hint, ui_attr(UC_DIM), UI_LEFT);
	if (l->nvis == 0) {
		ui_grid_draw(&l->g, y + 1, x, 2, wd, NULL);
		const char *empty = l->filter[0] ? L("没有符合筛选条件的项目（Esc 清除筛选）", "no sheet matches the filter (Esc clears it)")
				    : l->show_trash ? L("回收站是空的（按 t 返回）", "the trash is empty (t to go back)")
						    : L("还没有项目：按 n 新建，按 I 导入交换文件，或在命令行用 jixiao import 导入表格文件",
							"no sheets yet: n creates one, I imports a bundle, or import sheet files with jixiao import");
		ui_text(y + 3, x + 2, wd - 4, empty, ui_attr(UC_INFO), UI_LEFT);
		return;
	}
	ui_grid_draw(&l->g, y + 1, x, h - 1, wd, NULL);
}

static const jx_sheet_summary *current(list_st *l)
{
	if (l->g.row < 0 || l->g.row >= l->nvis)
		return NULL;
	return &l->all[l->vis[l->g.row]];
}

static int refuse_change(ws *w)
{
	if (w->s.review) {
		ws_msg(w, UC_WARN, "%s", L("审核模式：不能新建、复制或删除项目", "review mode: sheets cannot be created, copied or deleted"));
		return 1;
	}
	if (w->s.db_readonly) {
		ws_msg(w, UC_ERROR, "%s", L("数据库只读：不能修改", "the database is read-only: nothing can be changed"));
		return 1;
	}
	return 0;
}

static void open_current(ws *w, list_st *l)
{
	const jx_sheet_summary *s = current(l);
	if (!s)
		return;
	if (s->deleted) {
		ws_msg(w, UC_WARN, "%s", L("回收站中的项目要先恢复（按 r）才能打开", "restore a sheet from the trash (r) before opening it"));
		return;
	}
	if (session_open_sheet(&w->s, s->id) == 0)
		ws_switch(w, w->s.review ? WS_SCORE : WS_INFO);
}

static int default_year(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return tm.tm_year + 1900 - 1; /* sheets evaluate the year just ended */
}

static int parse_year(ws *w, const char *s, int *year)
{
	char *end;
	long v = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (end == s || *end || v < 1990 || v > 2100) {
		ws_msg(w, UC_ERROR, L("年度「%s」无效（1990 至 2100）", "invalid year \"%s\" (1990 to 2100)"), s);
		return -1;
	}
	*year = (int)v;
	return 0;
}

static void new_sheet(ws *w, list_st *l)
{
	jx_err err;
	if (refuse_change(w) || w->s.tpl.n == 0)
		return;
	const char **names = calloc(w->s.tpl.n, sizeof *names);
	if (!names)
		return;
	for (size_t i = 0; i < w->s.tpl.n; i++) {
		const jx_template *t = w->s.tpl.v[i];
		names[i] = L(t->name ? t->name : t->id, t->name_en ? t->name_en : t->id);
	}
	int k = ui_pick(L("新建：选择模板", "New sheet: choose a template"), names, (int)w->s.tpl.n, 0);
	free(names);
	if (k < 0)
		return;
	const jx_template *t = w->s.tpl.v[k];
	char ybuf[16], name[512] = "";
	int year;
	snprintf(ybuf, sizeof ybuf, "%d", default_year());
	if (!ui_prompt(L("新建", "New sheet"), L("评价年度", "Year evaluated"), ybuf, sizeof ybuf) || parse_year(w, ybuf, &year) < 0)
		return;
	if (!ui_prompt(L("新建", "New sheet"), L("项目名称", "Project name"), name, sizeof name))
		return;
	jx_sheet *s = jx_sheet_new();
	if (!s)
		return;
	s->year = year;
	jx_set_str(&s->template_id, t->id);
	s->template_version = t->version;
	jx_set_str(&s->status, "draft");
	char *clean = jx_text_clean(name, strlen(name), 0);
	jx_set_str(&s->info[JX_INFO_NAME], clean);
	free(clean);
	for (size_t i = 0; i < t->n_fund_sources; i++)
		jx_sheet_add_fund(s, t->fund_sources[i]);
	if (jx_store_insert(w->s.st, s, w->s.user, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		jx_sheet_free(s);
		return;
	}
	int64_t id = s->id;
	jx_sheet_free(s);
	l->keep_id = id;
	reload(w, l);
	ws_msg(w, UC_OK, L("已新建项目（编号 %lld）", "sheet created (number %lld)"), (long long)id);
	if (session_open_sheet(&w->s, id) == 0)
		ws_switch(w, WS_INFO);
}

static void copy_year(ws *w, list_st *l)
{
	jx_err err;
	const jx_sheet_summary *cur = current(l);
	if (!cur || refuse_change(w))
		return;
	if (cur->deleted) {
		ws_msg(w, UC_WARN, "%s", L("请先恢复这个项目", "restore the sheet first"));
		return;
	}
	char ybuf[16];
	int year;
	snprintf(ybuf, sizeof ybuf, "%d", cur->year + 1);
	char label[512];
	snprintf(label, sizeof label, L("把「%s」复制到年度（保留目标、分值和结构，清空实际完成值）",
					"Copy \"%s\" to the year (targets, points and structure kept, actuals cleared)"),
		 cur->name ? cur->name : "");
	if (!ui_prompt(L("复制到新年度", "Copy to a new year"), label, ybuf, sizeof ybuf) || parse_year(w, ybuf, &year) < 0)
		return;
	/* targets, weights and structure kept; what was achieved, scored,
	 * stated and reviewed cleared */
	int64_t id = 0;
	int rc = jx_app_copy_to_year(w->s.st, cur->id, year, w->s.user, &id, &err);
	if (rc < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return;
	}
	if (rc > 0) {
		ws_msg(w, UC_WARN, L("%d 年已有这个项目的表（编号 %lld），未复制", "there is already a %d sheet of this project (number %lld); not copied"),
		       year, (long long)id);
		return;
	}
	l->keep_id = id;
	ws_msg(w, UC_OK, L("已复制为 %d 年的新表（编号 %lld）", "copied to a new %d sheet (number %lld)"), year, (long long)id);
	reload(w, l);
}

static void trash(ws *w, list_st *l, int deleted)
{
	jx_err err;
	const jx_sheet_summary *cur = current(l);
	if (!cur || refuse_change(w))
		return;
	if (cur->deleted == deleted)
		return;
	if (deleted && cur->status && strcmp(cur->status, "final") == 0) {
		ws_msg(w, UC_WARN, "%s",
		       L("本表已定稿，不能删除；要删除须先重新打开（按 F，写明理由）",
			 "this sheet is finalised and cannot be deleted; reopen it first (F, with a reason)"));
		return;
	}
	char q[600];
	snprintf(q, sizeof q,
		 deleted ? L("把 %d 年的「%s」移到回收站？（可在回收站中恢复）", "Move the %d sheet \"%s\" to the trash? (it can be restored)")
			 : L("从回收站恢复 %d 年的「%s」？", "Restore the %d sheet \"%s\" from the trash?"),
		 cur->year, cur->name ? cur->name : "");
	if (!ui_confirm(deleted ? L("删除", "Delete") : L("恢复", "Restore"), q))
		return;
	int64_t id = cur->id;
	if (deleted && w->s.sheet && w->s.sheet->id == id)
		session_close_sheet(&w->s);
	if (jx_store_trash(w->s.st, id, deleted, w->s.user, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return;
	}
	ws_msg(w, UC_OK, "%s", deleted ? L("已移到回收站（按 t 查看回收站，r 恢复）", "moved to the trash (t shows the trash, r restores)")
				     : L("已恢复", "restored"));
	reload(w, l);
}

static int key(ws *w, void *st, int k, ui_action a)
{
	list_st *l = st;
	if (l->filtering) {
		int r = ui_edit_key(&l->fed, k);
		if (r == UE_ENTER || r == UE_TAB || r == UE_DOWN) {
			l->filtering = 0;
		} else if (r == UE_ESC) {
			l->filtering = 0;
			l->filter[0] = '\0';
			ui_edit_set(&l->fed, "");
		}
		if (r != UE_UNHANDLED || l->filtering) {
			snprintf(l->filter, sizeof l->filter, "%s", ui_edit_text(&l->fed));
			l->g.row = 0;
			rebuild(l);
			return VR_HANDLED;
		}
	}
	if (k == UK_ESC && l->filter[0]) {
		l->filter[0] = '\0';
		ui_edit_set(&l->fed, "");
		rebuild(l);
		return VR_HANDLED;
	}
	if (k == UK_ENTER) {
		open_current(w, l);
		return VR_HANDLED;
	}
	if (ui_grid_key(&l->g, k))
		return VR_HANDLED;
	switch (a) {
	case UA_EDIT:
		open_current(w, l);
		return VR_HANDLED;
	case UA_FILTER:
		l->filtering = 1;
		ui_edit_set(&l->fed, l->filter);
		return VR_HANDLED;
	case UA_SORT:
		if (l->sorted && l->sort_col == l->g.col)
			l->sort_desc = !l->sort_desc;
		else {
			l->sorted = 1;
			l->sort_col = l->g.col;
			l->sort_desc = l->g.col == LC_TOTAL || l->g.col == LC_YEAR || l->g.col == LC_FINDINGS;
		}
		rebuild(l);
		return VR_HANDLED;
	case UA_NEW_SHEET:
	case UA_ADD:
		new_sheet(w, l);
		return VR_HANDLED;
	case UA_COPY_YEAR:
		copy_year(w, l);
		return VR_HANDLED;
	case UA_DELETE:
		trash(w, l, 1);
		return VR_HANDLED;
	case UA_RESTORE:
		trash(w, l, 0);
		return VR_HANDLED;
	case UA_TRASH:
		l->show_trash = !l->show_trash;
		l->g.row = 0;
		rebuild(l);
		return VR_HANDLED;
	case UA_REDRAW:
		reload(w, l);
		return 0;
	default:
		return 0;
	}
}

static void help(ws *w, void *st, ui_buf *b)
{
	(void)w;
	(void)st;
	ui_buf_add(b, L("项目列表：数据库中的每一张评价表，显示年度、项目名称、实施单位、模板、总分、等级、状态和检查发现的问题数。\n\n"
			"Enter 打开项目；/ 输入筛选条件（多个词用空格分开，Esc 清除）；s 按光标所在列排序（再按一次反向）；"
			"n 用模板新建；c 复制到新年度（保留目标、分值和结构，清空实际完成值和评分）；"
			"d 移到回收站（需确认）；t 查看回收站；r 从回收站恢复。\n\n"
			"F 定稿（定稿后本表的每一项修改都被拒绝；再按 F 重新打开，须写明理由，记入修改记录）；"
			"E 导出当前项目或列表中（按当前筛选）的全部项目：xlsx、CSV、HTML、评价报告初稿或交换文件；"
			"I 导入交换文件并显示合并结果；H 查看这张表的全部修改记录。\n",
			"Projects: every evaluation sheet in the database with its year, name, unit, template, total, grade, "
			"status and number of check findings.\n\n"
			"Enter opens a sheet; / filters (several words separated by blanks; Esc clears); s sorts by the column "
			"under the cursor (again to reverse); n creates a sheet from a template; c copies it to a new year "
			"(targets, points and structure kept; actuals and scores cleared); d moves it to the trash (after "
			"confirmation); t shows the trash; r restores from the trash.\n\n"
			"F finalises the sheet (every change to it is then refused; F again reopens it, with a reason that "
			"goes into its history); E exports the sheet or every sheet of the list as filtered: xlsx, CSV, HTML, "
			"report draft or bundle; I imports a bundle and shows how it merged; H shows the sheet's history.\n"));
}

static int go_to(ws *w, void *st, const char *path)
{
	(void)w;
	(void)st;
	(void)path;
	return 0;
}

const jx_sheet_summary *scr_list_selected(ws *w)
{
	list_st *l = w->vst[WS_LIST];
	return l ? current(l) : NULL;
}

int scr_list_shown(ws *w, int64_t **ids, size_t *n, size_t *conflict_copies, int *trash)
{
	list_st *l = w->vst[WS_LIST];
	*ids = NULL;
	*n = 0;
	*conflict_copies = 0;
	*trash = 0;
	if (!l)
		return 0;
	if (l->nvis == 0 && l->n == 0)
		reload(w, l);
	*trash = l->show_trash;
	int64_t *v = malloc(((size_t)l->nvis + 1) * sizeof *v);
	if (!v)
		return -1;
	for (int i = 0; i < l->nvis; i++) {
		const jx_sheet_summary *s = &l->all[l->vis[i]];
		if (s->conflict_of > 0)
			(*conflict_copies)++;
		else if (!s->deleted)
			v[(*n)++] = s->id;
	}
	*ids = v;
	return 0;
}

void scr_list_reload(ws *w)
{
	list_st *l = w->vst[WS_LIST];
	if (l)
		reload(w, l);
}

/* The key bar, most used first: what does not fit at 80 columns is left
 * out from the end (F1 lists every key).  Enter (open) is shown on the
 * title line; the trash has its own keys (set_keybar). */
static const ui_action list_keys[] = {UA_FILTER, UA_SORT,   UA_NEW_SHEET, UA_COPY_YEAR, UA_DELETE, UA_FINALISE,
				       UA_EXPORT, UA_IMPORT, UA_HISTORY,   UA_TRASH,     UA_NONE};
static const ui_action trash_keys[] = {UA_FILTER, UA_SORT, UA_RESTORE, UA_TRASH, UA_HISTORY, UA_NONE};
static ui_action list_keybar[sizeof list_keys / sizeof list_keys[0]] = {UA_NONE};

static void set_keybar(const list_st *l)
{
	const ui_action *src = l->show_trash ? trash_keys : list_keys;
	size_t i = 0;
	for (; src[i] != UA_NONE && i + 1 < sizeof list_keybar / sizeof list_keybar[0]; i++)
		list_keybar[i] = src[i];
	list_keybar[i] = UA_NONE;
}

const view_ops scr_list_ops = {
	.zh = "项目列表",
	.en = "Projects",
	.needs_sheet = 0,
	.create = create,
	.destroy = destroy,
	.enter = enter,
	.sheet_changed = sheet_changed,
	.draw = draw,
	.key = key,
	.help = help,
	.explain = NULL,
	.go_to = go_to,
	.keybar = list_keybar,
};
