/* The tree forms: the department evaluation (部门评价表) and the
 * whole-department self-evaluation (部门整体支出绩效自评表).  Both print the
 * sheet's particulars and funds, then one table of the score items
 * (一级 | 分值 | 二级 | 分值 | 三级 | 分值 | 评分标准 | 完成情况 | 得分) with
 * subtotals, the total and the grade with its bands. */
#include "xform_build.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The template's grade bands: "优 ≥ 90；良 ≥ 80；…；差 < 60". */
static void grade_legend(const jx_template *t, char *buf, size_t len)
{
	char num[32];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < t->rules.n_grades && n + 1 < len; i++) {
		const jx_grade_band *g = &t->rules.grades[i];
		if (g->min > 0)
			n += (size_t)snprintf(buf + n, len - n, "%s%s ≥ %s", i ? "；" : "", jx_nz(g->grade),
					      jx_fmt_trim(num, g->min));
		else if (i > 0)
			n += (size_t)snprintf(buf + n, len - n, "；%s < %s", jx_nz(g->grade),
					      jx_fmt_trim(num, t->rules.grades[i - 1].min));
		else
			n += (size_t)snprintf(buf + n, len - n, "%s", jx_nz(g->grade));
	}
}

/* While the tree's rows are written: the scores each 一级 subtotal adds
 * up, and the parts of the total and of the total points. */
typedef struct {
	jx_xcellset scores, total_parts, points_parts;
} tree_walk;

static void tree_leaf(jx_xbuilder *b, const jx_xsheet *x, const jx_xtree_row *row, int r, void *ctx)
{
	tree_walk *w = ctx;
	const jx_scoresheet *ss = &x->ss;
	const jx_score_item *rit = &ss->items[row->root], *it = &ss->items[row->leaf];
	jx_fx_text(b, r, 0, jx_xitem_name(rit), JX_XS_CENTER);
	jx_fx_num(b, r, 1, rit->points, JX_XN_POINTS, JX_XS_CENTER);
	if (row->l2 >= 0) {
		const jx_score_item *l2 = &ss->items[row->l2];
		jx_fx_text(b, r, 2, jx_xitem_name(l2), JX_XS_CENTER);
		jx_fx_num(b, r, 3, l2->points, JX_XN_POINTS, JX_XS_CENTER);
	}
	if (row->l2 != row->leaf && row->leaf != row->root) {
		jx_fx_text(b, r, 4, jx_xitem_name(it), JX_XS_TEXT);
		jx_fx_num(b, r, 5, it->points, JX_XN_POINTS, JX_XS_CENTER);
	}
	jx_fx_leaf_cells(b, x, it, r, 6, 7);
	jx_fx_num(b, r, 8, it->score, JX_XN_SCORE, JX_XS_CENTER);
	jx_fx_set_add(&w->scores, r, 8);
}

static void tree_l2_group(jx_xbuilder *b, int first, int rows, void *ctx)
{
	jx_fx_merge(b, first, 2, rows, 1);
	jx_fx_merge(b, first, 3, rows, 1);
}

static void tree_subtotal(jx_xbuilder *b, const jx_xsheet *x, int root, int first, int r, void *ctx)
{
	tree_walk *w = ctx;
	const jx_score_item *rit = &x->ss.items[root];
	jx_xcell *cell;
	char buf[512];
	jx_fx_text(b, r, 0, jx_xitem_name(rit), JX_XS_CENTER);
	jx_fx_num(b, r, 1, rit->points, JX_XN_POINTS, JX_XS_CENTER);
	snprintf(buf, sizeof buf, "%s小计", jx_xitem_name(rit));
	jx_fx_span(b, r, 2, 6, buf, JX_XS_TOTAL);
	cell = jx_fx_num(b, r, 8, rit->score, JX_XN_SCORE, JX_XS_TOTAL);
	jx_fx_sum_formula(b, cell, &w->scores, NULL);
	jx_fx_set_add(&w->total_parts, r, 8);
	jx_fx_set_add(&w->points_parts, first, 1);
	jx_fx_merge(b, first, 0, b->f->nrows - first, 1);
	jx_fx_merge(b, first, 1, b->f->nrows - first, 1);
	w->scores.n = 0;
	w->scores.overflow = 0;
}

/* The table of score items, the total and the grade. */
static void tree_block(jx_xbuilder *b, const jx_xsheet *x, int skip_root)
{
	static const char *const heads[] = {"一级指标", "分值",	    "二级指标", "分值", "三级指标",
					    "分值",	"评分标准", "完成情况", "得分"};
	static const jx_xtree_walk walk = {tree_leaf, tree_l2_group, tree_subtotal};
	tree_walk w = {.scores.n = 0};
	jx_xcell *cell;
	int r;

	r = jx_fx_row(b);
	jx_fx_span(b, r, 0, 9, "绩效评价指标评分", JX_XS_HEAD);
	r = jx_fx_row(b);
	jx_fx_heads(b, r, 0, heads, 9);
	jx_fx_tree(b, x, skip_root, &walk, &w);
	if (b->oom)
		return;
	r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_text(b, r, 0, "总分", JX_XS_TOTAL);
	cell = jx_fx_num(b, r, 1, x->ss.points, JX_XN_POINTS, JX_XS_TOTAL);
	jx_fx_sum_formula(b, cell, &w.points_parts, NULL);
	jx_fx_span(b, r, 2, 6, "", JX_XS_TOTAL);
	cell = jx_fx_num(b, r, 8, x->ss.total, JX_XN_SCORE, JX_XS_TOTAL);
	jx_fx_total_formula(b, x, cell, &w.total_parts);
	b->f->total_row = r;
	b->f->total_col = 8;
	r = jx_fx_row(b);
	jx_fx_text(b, r, 0, "评价等次", JX_XS_TOTAL);
	{
		char g[64], legend[256], line[400];
		jx_xgrade_text(x, g, sizeof g);
		grade_legend(x->tpl, legend, sizeof legend);
		snprintf(line, sizeof line, "%s%s%s%s", g, *legend ? "（" : "", legend, *legend ? "）" : "");
		jx_fx_span(b, r, 1, 8, line, JX_XS_TOTAL);
	}
	if (x->ss.total != x->ss.total_raw && x->ss.text)
		jx_fx_note(b, x->ss.text + x->ss.total_expl);
}

static int template_uses(const jx_template *t, const char *input)
{
	for (size_t i = 0; i < t->n_all; i++) {
		const jx_node *n = t->all[i];
		if (n->kind == JX_NODE_FORMULA && (jx_streq(n->input_a, input) || jx_streq(n->input_b, input)))
			return 1;
	}
	return 0;
}

void jx_xbuild_dept_eval(jx_xbuilder *b, const jx_xsheet *x)
{
	static const int mins[9] = {8, 5, 8, 5, 12, 5, 24, 10, 6};
	static const int maxs[9] = {10, 6, 12, 6, 24, 6, 48, 24, 8};
	static const jx_xfield particulars[] = {
		{"主管部门", 1, JX_INFO_DEPARTMENT, 3}, {"项目实施单位", 2, JX_INFO_UNIT, 3},
		{"项目负责人", 1, JX_INFO_MANAGER, 3},  {"联系电话", 2, JX_INFO_PHONE, 3},
	};
	const jx_sheet *s = x->sheet;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	int r, first, nf = (int)s->n_funds;
	char buf[1024];

	jx_fx_begin(b, x, mins, maxs);
	jx_fx_line(b, "项目名称", jx_xinfo(s, JX_INFO_NAME));
	jx_fx_field_rows(b, s, particulars, 4);
	jx_fx_line(b, "项目类型", jx_xinfo(s, JX_INFO_PROJECT_TYPE));
	if (b->oom)
		return;

	/* 计划投资额 | 实际到位资金 | 实际使用情况, then "其中：" by source. */
	r = jx_fx_rows(b, 1 + nf);
	if (r < 0)
		return;
	first = r + 1;
	jx_fx_span(b, r, 0, 2, "计划投资额（万元）", JX_XS_LABEL);
	jx_fx_span(b, r, 3, 2, "实际到位资金（万元）", JX_XS_LABEL);
	jx_fx_span(b, r, 6, 2, "实际使用情况（万元）", JX_XS_LABEL);
	jx_fx_funds_total(b, r, 2, first, nf, ft.planned);
	jx_fx_funds_total(b, r, 5, first, nf, ft.received);
	jx_fx_funds_total(b, r, 8, first, nf, ft.spent);
	jx_fx_input(b, "funds.planned", r, 2);
	jx_fx_input(b, "funds.received", r, 5);
	jx_fx_input(b, "funds.spent", r, 8);
	for (int i = 0; i < nf; i++) {
		const jx_fund *fd = &s->funds[i];
		snprintf(buf, sizeof buf, "其中：%s", jx_nz(fd->source));
		jx_fx_span(b, first + i, 0, 2, buf, JX_XS_TEXT);
		jx_fx_num(b, first + i, 2, fd->planned, JX_XN_MONEY, JX_XS_NUMBER);
		jx_fx_span(b, first + i, 3, 2, buf, JX_XS_TEXT);
		jx_fx_num(b, first + i, 5, fd->received, JX_XN_MONEY, JX_XS_NUMBER);
		jx_fx_span(b, first + i, 6, 2, buf, JX_XS_TEXT);
		jx_fx_num(b, first + i, 8, fd->spent, JX_XN_MONEY, JX_XS_NUMBER);
	}
	/* 全年预算数, when a formula of the template uses it. */
	if (ft.budget != JX_NONE && template_uses(x->tpl, "funds.budget")) {
		int rb = jx_fx_row(b);
		jx_fx_span(b, rb, 0, 2, "全年预算数（万元）", JX_XS_LABEL);
		jx_fx_funds_total(b, rb, 2, first, 0, ft.budget);
		jx_fx_span(b, rb, 3, 6, "", JX_XS_TEXT);
		jx_fx_input(b, "funds.budget", rb, 2);
	}
	tree_block(b, x, -1);
	if (s->info[JX_INFO_EVALUATOR] || s->info[JX_INFO_EVAL_PERIOD]) {
		jx_xsbuf sb = {0};
		jx_xsb_add(&sb, "评价机构：%s　　评价时间：%s", jx_xinfo(s, JX_INFO_EVALUATOR), jx_xinfo(s, JX_INFO_EVAL_PERIOD));
		if (sb.oom)
			b->oom = 1;
		jx_fx_note(b, sb.len ? sb.s : "");
		free(sb.s);
	}
	jx_fx_filler_note(b, s);
}

void jx_xbuild_dept_overall(jx_xbuilder *b, const jx_xsheet *x)
{
	static const int mins[9] = {8, 5, 10, 5, 14, 5, 20, 12, 6};
	static const int maxs[9] = {10, 6, 14, 6, 28, 6, 40, 24, 8};
	const jx_sheet *s = x->sheet;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	int r, first, nf = (int)s->n_funds;
	char name[128];

	jx_fx_begin(b, x, mins, maxs);
	jx_fx_line(b, "单位名称", jx_xinfo(s, s->info[JX_INFO_UNIT] ? JX_INFO_UNIT : JX_INFO_NAME));
	r = jx_fx_row(b);
	jx_fx_field(b, r, 0, "主管部门", 1, jx_xinfo(s, JX_INFO_DEPARTMENT), 3);
	jx_fx_span(b, r, 4, 2, "评价年度", JX_XS_LABEL);
	{
		char y[16];
		snprintf(y, sizeof y, "%d", s->year);
		jx_fx_span(b, r, 6, 3, y, JX_XS_TEXT);
	}
	if (nf > 0) {
		r = jx_fx_row(b);
		jx_fx_span(b, r, 0, 3, "资金来源（万元）", JX_XS_HEAD);
		jx_fx_text(b, r, 3, "年初预算数", JX_XS_HEAD);
		jx_fx_text(b, r, 4, "全年预算数", JX_XS_HEAD);
		jx_fx_span(b, r, 5, 2, "实际到位", JX_XS_HEAD);
		jx_fx_text(b, r, 7, "全年执行数", JX_XS_HEAD);
		jx_fx_text(b, r, 8, "执行率", JX_XS_HEAD);
		r = jx_fx_rows(b, 1 + nf);
		if (r < 0)
			return;
		first = r + 1;
		jx_fx_span(b, r, 0, 3, "合计", JX_XS_LABEL);
		jx_fx_funds_total(b, r, 3, first, nf, ft.planned);
		jx_fx_funds_total(b, r, 4, first, nf, ft.budget);
		jx_fx_funds_total(b, r, 5, first, nf, ft.received);
		jx_fx_merge(b, r, 5, 1, 2);
		jx_fx_funds_total(b, r, 7, first, nf, ft.spent);
		{
			jx_xcell *cell = jx_fx_num(b, r, 8, jx_xrow_rate(ft.spent, ft.budget), JX_XN_RATE, JX_XS_CENTER);
			if (cell && cell->has_value)
				jx_fx_formula(b, cell, "=H%d/E%d", r + 1, r + 1);
		}
		jx_fx_input(b, "funds.planned", r, 3);
		jx_fx_input(b, "funds.budget", r, 4);
		jx_fx_input(b, "funds.received", r, 5);
		jx_fx_input(b, "funds.spent", r, 7);
		for (int i = 0; i < nf; i++) {
			const jx_fund *fd = &s->funds[i];
			int rr = first + i;
			jx_xcell *cell;
			jx_fx_span(b, rr, 0, 3, fd->source, JX_XS_TEXT);
			jx_fx_num(b, rr, 3, fd->planned, JX_XN_MONEY, JX_XS_NUMBER);
			jx_fx_num(b, rr, 4, fd->budget, JX_XN_MONEY, JX_XS_NUMBER);
			jx_fx_num(b, rr, 5, fd->received, JX_XN_MONEY, JX_XS_NUMBER);
			jx_fx_merge(b, rr, 5, 1, 2);
			jx_fx_num(b, rr, 7, fd->spent, JX_XN_MONEY, JX_XS_NUMBER);
			cell = jx_fx_num(b, rr, 8, jx_xrow_rate(fd->spent, fd->budget), JX_XN_RATE, JX_XS_CENTER);
			if (cell && cell->has_value)
				jx_fx_formula(b, cell, "=H%d/E%d", rr + 1, rr + 1);
		}
	}
	if (s->n_measures > 0) {
		r = jx_fx_row(b);
		jx_fx_span(b, r, 0, 9, "基础数据", JX_XS_HEAD);
		for (size_t i = 0; i < s->n_measures; i += 3) {
			r = jx_fx_row(b);
			if (r < 0)
				return;
			for (size_t k = 0; k < 3; k++) {
				int c = (int)k * 3;
				if (i + k < s->n_measures) {
					const jx_measure *m = &s->measures[i + k];
					jx_fx_span(b, r, c, 2, m->name, JX_XS_LABEL);
					jx_fx_num(b, r, c + 2, m->value, JX_XN_VALUE, JX_XS_NUMBER);
					snprintf(name, sizeof name, "measure.%s", jx_nz(m->name));
					jx_fx_input(b, name, r, c + 2);
				} else {
					jx_fx_span(b, r, c, 2, "", JX_XS_TEXT);
				}
			}
		}
	}
	tree_block(b, x, -1);
	jx_fx_filler_note(b, s);
}
