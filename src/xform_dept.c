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

/* 评价等次 as the appendix of a department evaluation prints it: each
 * grade with its tick box, the sheet's ticked ("优（√）　良（ ）…"), none
 * while values are unfilled (then 未完成（N 项未填） after them). */
static void grade_boxes(const jx_xsheet *x, jx_xsbuf *sb)
{
	char g[64];
	const jx_rules *r = &x->tpl->rules;
	jx_xgrade_text(x, g, sizeof g);
	for (size_t i = 0; i < r->n_grades; i++)
		jx_xsb_add(sb, "%s%s（%s）", i ? "　" : "", jx_nz(r->grades[i].grade),
			   jx_streq(r->grades[i].grade, g) ? "√" : " ");
	for (size_t i = 0; i < r->n_grades; i++)
		if (jx_streq(r->grades[i].grade, g))
			return;
	if (*g)
		jx_xsb_add(sb, "%s%s", r->n_grades ? "　" : "", g);
}

/* 项目类型 with its tick boxes, as seed documents print it:
 * "经常性项目（√）　一次性项目（ ）"; a type that is neither is added. */
static void project_type_boxes(const jx_sheet *s, jx_xsbuf *sb)
{
	const char *t = jx_xinfo(s, JX_INFO_PROJECT_TYPE);
	int regular = strstr(t, "经常") != NULL, once = strstr(t, "一次") != NULL;
	jx_xsb_add(sb, "经常性项目（%s）　一次性项目（%s）", regular ? "√" : " ", once ? "√" : " ");
	if (*t && !regular && !once)
		jx_xsb_add(sb, "　%s", t);
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
		jx_fx_leaf_cells(b, x, it, r, 6, 7);
		if (it->kind == JX_ITEM_IND && it->ind) { /* the cells showing its own fields */
			jx_fx_tag(b, r, 4, "ind", it->ind->key, "name");
			if (it->ind->points != JX_NONE && it->ind->points == it->points)
				jx_fx_tag(b, r, 5, "ind", it->ind->key, "points");
		}
	} else {
		/* no 三级: its 评分标准 takes the 三级 columns too */
		jx_fx_leaf_cells(b, x, it, r, 4, 7);
		jx_fx_merge(b, r, 4, 1, 3);
	}
	/* the sheet's execution rate: the one the summary shows */
	if (it->kind == JX_ITEM_NODE && it->node && it->node->execution && jx_xform_cell(b->f, r, 7)->has_value) {
		b->f->rate_row = r;
		b->f->rate_col = 7;
	}
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
	b->f->head_first = r;
	b->f->head_rows = 1;
	jx_fx_keep(b, r - 1, 3);
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
		char legend[256];
		jx_xsbuf *sb = &b->scratch;
		sb->len = 0;
		grade_boxes(x, sb);
		grade_legend(x->tpl, legend, sizeof legend);
		if (*legend)
			jx_xsb_add(sb, "\n（%s）", legend);
		if (sb->oom)
			b->oom = 1;
		jx_fx_span(b, r, 1, 8, sb->len ? sb->s : "", JX_XS_TOTAL);
	}
	jx_fx_keep(b, r - 1, 2);
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
	static const int mins[9] = {8, 5, 8, 5, 12, 5, 24, 10, 7};
	static const int maxs[9] = {10, 7, 12, 7, 24, 7, 48, 24, 8};
	static const jx_xfield particulars[] = {
		{"主管部门", 1, JX_INFO_DEPARTMENT, 3}, {"项目实施单位", 2, JX_INFO_UNIT, 3},
		{"项目负责人", 1, JX_INFO_MANAGER, 3},  {"联系电话", 2, JX_INFO_PHONE, 3},
	};
	const jx_sheet *s = x->sheet;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	jx_xfund_row *rows;
	int r, first, nf, printed = !jx_fund_stated_empty(&s->funds_total);
	char buf[1024];

	jx_fx_begin(b, x, mins, maxs);
	jx_fx_info_line(b, "项目名称", s, JX_INFO_NAME);
	jx_fx_field_rows(b, s, particulars, 4);
	b->scratch.len = 0;
	project_type_boxes(s, &b->scratch);
	jx_fx_line(b, "项目类型", b->scratch.len ? b->scratch.s : "");
	nf = (int)jx_xfund_rows(x, &rows);
	if (b->oom || !rows) {
		b->oom = 1;
		free(rows);
		return;
	}

	/* 计划投资额 | 实际到位资金 | 实际使用情况, then "其中：" by source:
	 * every source the template lists; then the total as printed. */
	r = jx_fx_rows(b, 1 + nf + printed);
	if (r < 0) {
		free(rows);
		return;
	}
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
		const jx_fund *fd = rows[i].fund;
		snprintf(buf, sizeof buf, "其中：%s", rows[i].source);
		jx_fx_span(b, first + i, 0, 2, buf, JX_XS_TEXT);
		jx_fx_money(b, first + i, 2, fd ? fd->planned : JX_NONE);
		jx_fx_span(b, first + i, 3, 2, buf, JX_XS_TEXT);
		jx_fx_money(b, first + i, 5, fd ? fd->received : JX_NONE);
		jx_fx_span(b, first + i, 6, 2, buf, JX_XS_TEXT);
		jx_fx_money(b, first + i, 8, fd ? fd->spent : JX_NONE);
		if (fd) { /* a source the sheet has: its figures taken back */
			jx_fx_tag(b, first + i, 2, "fund", fd->source, "planned");
			jx_fx_tag(b, first + i, 5, "fund", fd->source, "received");
			jx_fx_tag(b, first + i, 8, "fund", fd->source, "spent");
		}
	}
	if (printed) {
		/* its label in each of the three parts, as the sources' */
		const int cols[6] = {2, -1, 5, 8, -1, -1};
		const char *label = jx_fx_printed_total_label(jx_fx_printed_total(b, x, first + nf, 0, 2, cols));
		jx_fx_span(b, first + nf, 3, 2, label, JX_XS_TEXT);
		jx_fx_span(b, first + nf, 6, 2, label, JX_XS_TEXT);
	}
	jx_fx_keep(b, r, 1 + nf + printed);
	free(rows);
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
	jx_fx_signoff(b, s);
}

/* 资金来源 (万元) of the whole department: 年初预算数 | 全年预算数 | 实际到位 |
 * 全年执行数, each amount over one of the wide columns (never in a narrow
 * 分值 column), the total first, the total as printed (原表合计) last.  No rate here: the sheet's execution rate
 * is the template's (支出完成率), shown in the table below. */
static void overall_funds(jx_xbuilder *b, const jx_xsheet *x)
{
	/* columns of each part: source name, then the four amounts */
	static const int c0[5] = {0, 2, 3, 5, 7}, span[5] = {2, 1, 2, 2, 2};
	static const char *const heads[5] = {"资金来源（万元）", "年初预算数", "全年预算数", "实际到位", "全年执行数"};
	static const char *const inputs[4] = {"funds.planned", "funds.budget", "funds.received", "funds.spent"};
	jx_fund_totals ft = jx_sheet_fund_totals(x->sheet);
	const jx_dec totals[4] = {ft.planned, ft.budget, ft.received, ft.spent};
	jx_xfund_row *rows;
	int r, first, nf = (int)jx_xfund_rows(x, &rows);
	int printed = !jx_fund_stated_empty(&x->sheet->funds_total);

	if (!rows) {
		b->oom = 1;
		return;
	}
	r = jx_fx_rows(b, 2 + nf + printed);
	if (r < 0) {
		free(rows);
		return;
	}
	first = r + 2;
	for (int k = 0; k < 5; k++)
		jx_fx_span(b, r, c0[k], span[k], heads[k], JX_XS_HEAD);
	jx_fx_span(b, r + 1, 0, 2, "合计", JX_XS_LABEL);
	for (int k = 1; k < 5; k++) {
		jx_fx_funds_total(b, r + 1, c0[k], first, nf, totals[k - 1]);
		jx_fx_merge(b, r + 1, c0[k], 1, span[k]);
		jx_fx_input(b, inputs[k - 1], r + 1, c0[k]);
	}
	for (int i = 0; i < nf; i++) {
		const jx_fund *fd = rows[i].fund;
		const jx_dec v[4] = {fd ? fd->planned : JX_NONE, fd ? fd->budget : JX_NONE, fd ? fd->received : JX_NONE,
				     fd ? fd->spent : JX_NONE};
		jx_fx_span(b, first + i, 0, 2, rows[i].source, JX_XS_TEXT);
		for (int k = 1; k < 5; k++) {
			static const char *const cols[4] = {"planned", "budget", "received", "spent"};
			jx_fx_money(b, first + i, c0[k], v[k - 1]);
			jx_fx_merge(b, first + i, c0[k], 1, span[k]);
			if (fd) /* a source the sheet has: its figures taken back */
				jx_fx_tag(b, first + i, c0[k], "fund", fd->source, cols[k - 1]);
		}
	}
	if (printed) {
		/* the amounts as printed, under the rows the total adds up (the
		 * rate of this form is the template's, in the table below) */
		const int cols[6] = {c0[1], c0[2], c0[3], c0[4], -1, -1};
		jx_fx_printed_total(b, x, first + nf, 0, 2, cols);
		for (int k = 1; k < 5; k++)
			jx_fx_merge(b, first + nf, c0[k], 1, span[k]);
	}
	jx_fx_keep(b, r, 2 + nf + printed);
	free(rows);
}

/* 基础数据 (万元): the formula inputs, two to a row, each amount over two
 * columns of which one is wide. */
static void overall_measures(jx_xbuilder *b, const jx_sheet *s)
{
	char name[128];
	int r = jx_fx_row(b);
	jx_fx_span(b, r, 0, 9, "基础数据（万元）", JX_XS_HEAD);
	for (size_t i = 0; i < s->n_measures; i += 2) {
		r = jx_fx_row(b);
		if (r < 0)
			return;
		for (size_t k = 0; k < 2; k++) {
			int lc = k ? 5 : 0, lw = k ? 2 : 3, vc = k ? 7 : 3;
			if (i + k < s->n_measures) {
				const jx_measure *m = &s->measures[i + k];
				jx_fx_span(b, r, lc, lw, m->name, JX_XS_LABEL);
				jx_fx_money(b, r, vc, m->value);
				jx_fx_merge(b, r, vc, 1, 2);
				snprintf(name, sizeof name, "measure.%s", jx_nz(m->name));
				jx_fx_input(b, name, r, vc);
				jx_fx_tag(b, r, vc, "measure", m->name, NULL);
			} else {
				jx_fx_span(b, r, lc, lw + 2, "", JX_XS_TEXT);
			}
		}
	}
}

void jx_xbuild_dept_overall(jx_xbuilder *b, const jx_xsheet *x)
{
	/* 完成情况 holds the unit's own long account: as wide as 评分标准 */
	static const int mins[9] = {8, 6, 10, 6, 12, 6, 16, 20, 7};
	static const int maxs[9] = {10, 7, 14, 7, 28, 7, 40, 36, 8};
	const jx_sheet *s = x->sheet;
	int r;

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
	if (s->n_funds > 0 || x->tpl->n_fund_sources > 0)
		overall_funds(b, x);
	if (s->n_measures > 0 && !b->oom)
		overall_measures(b, s);
	if (!b->oom)
		tree_block(b, x, -1);
	jx_fx_signoff(b, s);
}
