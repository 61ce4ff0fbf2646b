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
#include "store_list.h"
#include "err.h"
#include "grid.h"
#include "textwidth.h"
#include "ws.h"
#include "scr_library.h"

/* The columns are the keys the list's query sorts by (store_list.h). */
enum {
	LC_YEAR = JX_LIST_YEAR,
	LC_NAME = JX_LIST_NAME,
	LC_UNIT = JX_LIST_UNIT,
	LC_TEMPLATE = JX_LIST_TEMPLATE,
	LC_TOTAL = JX_LIST_TOTAL,
	LC_GRADE = JX_LIST_GRADE,
	LC_STATUS = JX_LIST_STATUS,
	LC_FINDINGS = JX_LIST_FINDINGS,
	LC_N = JX_LIST_NKEYS
};

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

/* Rows read at a time: the screen asks SQLite for a window of the list
 * around the rows it shows, never for the whole list. */
enum { WIN_ROWS = 256, FIRST_ROWS = 96, MAX_WORDS = 128 };
/* A filtered view of at most this many sheets keeps their ids (128 KiB):
 * its rows are then read by id, where finding a window's rows again
 * would take a pass over every sheet (a few matches among 100,000). */
enum { FEW_IDS = 16384 };

typedef struct {
	/* which sheets, in which order: filter, sort and trash as SQLite's
	 * query (store_list.h) */
	jx_list_view view;
	jx_list_word words[MAX_WORDS];
	char tokens[256];          /* the filter cut into its words */
	char *templates[MAX_WORDS]; /* per word: the templates whose label holds it */
	char statuses[MAX_WORDS][64];
	int nvis;                  /* sheets in the view */
	int64_t *few;              /* their ids in order, when filtered to FEW_IDS or fewer */
	int64_t *near;             /* else the ids of rows near_off … around the cursor, */
	size_t n_near;             /* from the pass that read the view (jx_list_scan) */
	int64_t near_off;
	jx_sheet_summary *win;     /* rows win_off … win_off + nwin - 1 of it */
	size_t nwin;
	int win_off;
	int loaded;
	int fresh; /* the view read again, no window read since: the next one small */
	jx_sheet_summary sel;      /* the selected row, kept apart from the window (current) */
	int has_sel;
	unsigned gen, sel_gen;     /* the view read again: sel copied again */
	int wide_full, wide_brief; /* the widest grade of the view, whole and brief */
	char filter[256];
	int filtering;
	ui_edit fed;
	int sort_col, sort_desc, sorted;
	int show_trash;
	int brief_grade; /* the grade column says 未完成 12: the whole wording would not fit */
	ui_grid g;
	int64_t keep_id; /* keep the cursor on this sheet after a reload */
	int narrowed;    /* the filter was narrowed: the first row's sheet stays first */
	/* the filter as the view was last read, and whether it has changed
	 * since: keys typed into it are taken together, the list read once
	 * for all that have arrived (an input method sends each 汉字 of a
	 * word as a key of its own), when it is next drawn or used (settle) */
	char read_filter[256];
	int stale;
	ws *w;
} list_st;

static const char *status_label(const char *s)
{
	return s && *s ? jx_status_label(s) : "";
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

/* Case-insensitive (ASCII) substring test, as SQLite's filter does it. */
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

/* The view from the filter, the sort and the trash: every blank-separated
 * word must match some column; the labels the list shows for templates and
 * statuses are its own, so it says which of them hold each word. */
static void set_view(list_st *l)
{
	for (size_t i = 0; i < l->view.n_words; i++) {
		free(l->templates[i]);
		l->templates[i] = NULL;
	}
	memset(&l->view, 0, sizeof l->view);
	l->view.trash = l->show_trash;
	l->view.sorted = l->sorted;
	l->view.key = (jx_list_key)l->sort_col;
	l->view.desc = l->sort_desc;
	l->view.words = l->words;
	snprintf(l->tokens, sizeof l->tokens, "%s", l->filter);
	char *save = NULL;
	for (char *tok = strtok_r(l->tokens, " ", &save); tok && l->view.n_words < MAX_WORDS;
	     tok = strtok_r(NULL, " ", &save)) {
		size_t k = l->view.n_words++, len = 2;
		const jx_templates *set = &l->w->s.tpl;
		for (size_t t = 0; t < set->n; t++)
			if (contains(template_label(l->w, set->v[t]->id), tok))
				len += strlen(set->v[t]->id) + 1;
		char *tl = l->templates[k] = malloc(len);
		if (tl) {
			strcpy(tl, "|");
			for (size_t t = 0; t < set->n; t++)
				if (contains(template_label(l->w, set->v[t]->id), tok))
					strcat(strcat(tl, set->v[t]->id), "|");
		}
		snprintf(l->statuses[k], sizeof l->statuses[k], "|");
		for (size_t i = 0; i < JX_ST_COUNT; i++)
			if (contains(status_label(jx_statuses[i].key), tok)) {
				strcat(l->statuses[k], jx_statuses[i].key);
				strcat(l->statuses[k], "|");
			}
		l->words[k] = (jx_list_word){tok, tl ? tl : "", l->statuses[k]};
	}
}

static void drop_window(list_st *l)
{
	jx_summaries_free(l->win, l->nwin);
	l->win = NULL;
	l->nwin = 0;
	l->win_off = 0;
}

/* Row r of the view, read with the window around it when the window
 * does not hold it; NULL when there is none (or it could not be read). */
static jx_sheet_summary *row_at(list_st *l, int r)
{
	if (r < 0 || r >= l->nvis)
		return NULL;
	if (r >= l->win_off && (size_t)(r - l->win_off) < l->nwin)
		return &l->win[r - l->win_off];
	/* most of the window ahead when going down, behind when going up;
	 * the first after the view is read again (the screen's rows from the
	 * first shown) smaller: each row is a look-up, and a key typed into
	 * the filter of 100,000 sheets spent 7 ms reading 256 where it shows
	 * 21 */
	int size = l->fresh ? FIRST_ROWS : WIN_ROWS;
	int off = r >= l->win_off ? r - size / 4 : r - size * 3 / 4;
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	jx_err err;
	if (off < 0)
		off = 0;
	size_t want = (size_t)(l->nvis - off < size ? l->nvis - off : size);
	const int64_t *ids = l->few ? l->few + off : NULL;
	if (!ids && l->near && off >= l->near_off && (size_t)(off - l->near_off) + want <= l->n_near)
		ids = l->near + (off - l->near_off); /* no walk of the view down to them */
	int rc = ids ? jx_list_rows_of(l->w->s.st, ids, want, &v, &n, &err)
		     : jx_list_rows(l->w->s.st, &l->view, off, size, &v, &n, &err);
	if (rc < 0) {
		ws_msg(l->w, UC_ERROR, "%s", err.msg);
		return NULL;
	}
	l->fresh = 0;
	drop_window(l);
	l->win = v;
	l->nwin = n;
	l->win_off = off;
	return (size_t)(r - off) < n ? &l->win[r - off] : NULL;
}

/* The widest grade among the view's (grade, template) pairs. */
static void widen_grade(list_st *l, const char *grade, const char *template_id)
{
	jx_sheet_summary s = {0};
	char buf[JX_GRADE_TEXT_LEN];
	s.template_id = (char *)template_id;
	snprintf(s.grade, sizeof s.grade, "%s", grade ? grade : "");
	int full = jx_text_width(grade_label(l->w, &s, buf, sizeof buf, 0));
	int brief = jx_text_width(grade_label(l->w, &s, buf, sizeof buf, 1));
	if (full > l->wide_full)
		l->wide_full = full;
	if (brief > l->wide_brief)
		l->wide_brief = brief;
}

static void each_grade(void *ctx, const char *grade, const char *template_id)
{
	widen_grade(ctx, grade, template_id);
}

/* Read the view again (filter, sort or trash changed, or the database):
 * its count and grades; the cursor stays on the sheet it was on, or on
 * keep_id. */
static void rebuild(list_st *l)
{
	int64_t keep = l->keep_id;
	jx_err err;
	if (!keep) {
		const jx_sheet_summary *s = row_at(l, l->g.row);
		if (s)
			keep = s->id;
	}
	set_view(l);
	drop_window(l);
	free(l->few);
	l->few = NULL;
	free(l->near);
	l->near = NULL;
	l->fresh = 1;
	l->gen++;
	l->loaded = 1;
	l->wide_full = l->wide_brief = 0;
	jx_list_scan_out sc;
	if (jx_list_scan(l->w->s.st, &l->view, keep, keep && l->narrowed, FEW_IDS, &sc, each_grade, l, &err) < 0) {
		ws_msg(l->w, UC_ERROR, "%s", err.msg);
		sc.n = 0;
		sc.pos = -1;
	}
	l->few = sc.few;
	l->near = sc.near;
	l->n_near = sc.n_near;
	l->near_off = sc.near_off;
	l->nvis = sc.n > INT32_MAX ? INT32_MAX : (int)sc.n;
	l->g.nrows = l->nvis;
	if (keep && sc.pos >= 0 && sc.pos < l->nvis)
		l->g.row = (int)sc.pos;
	l->keep_id = 0;
	l->narrowed = 0;
	snprintf(l->read_filter, sizeof l->read_filter, "%s", l->filter);
	l->stale = 0;
	ui_grid_clamp(&l->g);
}

/* Does every sheet the words of `after` find hold the words of `before`?
 * Each earlier word is part of its later one (any case), and words may
 * have been added: the list only shrinks, in its order. */
static int narrows(const char *before, const char *after)
{
	char b[256], a[256], *sb = NULL, *sa = NULL;
	snprintf(b, sizeof b, "%s", before);
	snprintf(a, sizeof a, "%s", after);
	char *wa = strtok_r(a, " ", &sa);
	for (char *wb = strtok_r(b, " ", &sb); wb; wb = strtok_r(NULL, " ", &sb), wa = strtok_r(NULL, " ", &sa))
		if (!wa || !strcasestr(wa, wb))
			return 0;
	return 1;
}

static void reload(ws *w, list_st *l)
{
	(void)w;
	rebuild(l);
}

/* The view read for the filter typed since it was last read: the cursor
 * goes to the first row's sheet (rebuild), which stays first when the
 * list only shrinks. */
static void settle(list_st *l)
{
	if (!l->stale)
		return;
	l->narrowed = narrows(l->read_filter, l->filter);
	rebuild(l);
}

static void free_sel(list_st *l)
{
	if (l->has_sel) {
		free(l->sel.name);
		free(l->sel.unit);
		free(l->sel.template_id);
		free(l->sel.status);
	}
	l->has_sel = 0;
}

/* The selected row: a copy of its window row, kept until another row is
 * selected or the view is read again, so that what a dialog (which may
 * draw the list, and so move its window) was asked about stays put. */
static const jx_sheet_summary *current(list_st *l)
{
	const jx_sheet_summary *s = row_at(l, l->g.row);
	if (!s)
		return NULL;
	if (l->has_sel && l->sel.id == s->id && l->sel_gen == l->gen)
		return &l->sel;
	jx_sheet_summary c = *s;
	c.name = c.unit = c.template_id = c.status = NULL;
	if ((s->name && !(c.name = strdup(s->name))) || (s->unit && !(c.unit = strdup(s->unit))) ||
	    (s->template_id && !(c.template_id = strdup(s->template_id))) || (s->status && !(c.status = strdup(s->status)))) {
		free(c.name);
		free(c.unit);
		free(c.template_id);
		free(c.status);
		return NULL;
	}
	free_sel(l);
	l->sel = c;
	l->has_sel = 1;
	l->sel_gen = l->gen;
	return &l->sel;
}

/* Total, grade and findings of a sheet never scored by this program. */
static void evaluate_summary(ws *w, jx_sheet_summary *s)
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

/* The same for row s of the window, and for the selected row when it is s. */
static void fill_summary(list_st *l, jx_sheet_summary *s)
{
	evaluate_summary(l->w, s);
	widen_grade(l, s->grade, s->template_id);
	if (l->has_sel && l->sel.id == s->id) {
		l->sel.total = s->total;
		l->sel.findings = s->findings;
		memcpy(l->sel.grade, s->grade, sizeof s->grade);
	}
}

static void cell(void *ctx, int row, int col, char *buf, size_t len, int *role)
{
	list_st *l = ctx;
	const jx_sheet_summary *s = row_at(l, row);
	if (!s)
		return;
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
	const jx_sheet_summary *s = l->w->s.sheet ? row_at(l, row) : NULL;
	if (s && s->id == l->w->s.sheet->id)
		return UC_TITLE;
	return -1;
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
	want = l->wide_full;
	l->brief_grade = more + want > 0;
	if (l->brief_grade)
		want = l->wide_brief;
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
	drop_window(l);
	free(l->few);
	free(l->near);
	free_sel(l);
	for (size_t i = 0; i < l->view.n_words; i++)
		free(l->templates[i]);
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
	settle(l);
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
		jx_sheet_summary *s = row_at(l, l->g.top + r);
		if (s && s->findings < 0 && !s->deleted)
			fill_summary(l, s);
	}
	fit_grade_column(l, wd);
	/* the selected sheet's 未完成（N 项未填） in full, where its column shortens it */
	char full[JX_GRADE_TEXT_LEN + 128], g[JX_GRADE_TEXT_LEN], b[JX_GRADE_TEXT_LEN];
	const jx_sheet_summary *sel = current(l);
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
						    : L("还没有项目：按 n 新建，或按 I 导入交换文件或表格（xlsx、xls、CSV）",
							"no sheets yet: n creates one, or I imports a bundle or a spreadsheet (xlsx, xls, CSV)");
		ui_text(y + 3, x + 2, wd - 4, empty, ui_attr(UC_INFO), UI_LEFT);
		return;
	}
	ui_grid_draw(&l->g, y + 1, x, h - 1, wd, NULL);
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
	/* a declaration table's sheet is stored as the year's declaration, so
	 * that list --stage finds it and jixiao stage goes on from it */
	if (t->kind == JX_KIND_PROJECT_DECLARATION)
		jx_set_str(&s->stage, "declaration");
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
			/* a key that leaves the words as they were (Enter, an arrow)
			 * does not read 100,000 sheets again; one that changes them
			 * has the list read when it is next drawn or used (settle),
			 * once for every key that came with it */
			if (strcmp(l->filter, ui_edit_text(&l->fed)) != 0)
				l->stale = 1;
			snprintf(l->filter, sizeof l->filter, "%s", ui_edit_text(&l->fed));
			l->g.row = 0;
			if (!l->stale)
				ui_grid_clamp(&l->g);
			return VR_HANDLED;
		}
	}
	settle(l);
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
	case UA_LIBRARY:
		ws_library_screen(w);
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
			"I 导入交换文件或表格（先预览各列的对应）并显示合并结果；H 查看这张表的全部修改记录。\n",
			"Projects: every evaluation sheet in the database with its year, name, unit, template, total, grade, "
			"status and number of check findings.\n\n"
			"Enter opens a sheet; / filters (several words separated by blanks; Esc clears); s sorts by the column "
			"under the cursor (again to reverse); n creates a sheet from a template; c copies it to a new year "
			"(targets, points and structure kept; actuals and scores cleared); d moves it to the trash (after "
			"confirmation); t shows the trash; r restores from the trash.\n\n"
			"F finalises the sheet (every change to it is then refused; F again reopens it, with a reason that "
			"goes into its history); E exports the sheet or every sheet of the list as filtered: xlsx, CSV, HTML, "
			"report draft or bundle; I imports a bundle or a spreadsheet (previewing its columns first) and shows how it merged; H shows the sheet's history.\n"));
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
	if (l)
		settle(l);
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
	if (!l->loaded)
		reload(w, l);
	settle(l);
	*trash = l->show_trash;
	/* every sheet of the view, not only the window's */
	jx_err err;
	if (jx_list_ids(w->s.st, &l->view, ids, n, conflict_copies, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return -1;
	}
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
