/* The form of the project self-evaluation (项目支出绩效自评表, national layout
 * and its provincial variants): project and funds with the execution rate,
 * the year's goals, the indicators by 一级/二级/三级 with subtotals, the total
 * and grade, and the sub-projects (二级项目) under the table. */
#include "xform_build.h"
#include "strutil.h"

#include <stdio.h>
#include <string.h>

/* Sub-projects (二级项目) with their total. */
static void subprojects_block(jx_xbuilder *b, const jx_sheet *s)
{
	int r, first;
	jx_dec tb = 0, ts = 0;
	int nb = 0, ns = 0;
	const int nc = b->f->ncols;

	if (s->n_subs == 0 || nc < 4)
		return;
	r = jx_fx_row(b);
	jx_fx_row_style(b, r, JX_XS_NOTE);
	r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_span(b, r, 0, nc, "二级项目预算安排及使用情况（万元）", JX_XS_HEAD);
	r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_text(b, r, 0, "序号", JX_XS_HEAD);
	jx_fx_span(b, r, 1, nc - 3, "二级项目", JX_XS_HEAD);
	jx_fx_text(b, r, nc - 2, "预算金额", JX_XS_HEAD);
	jx_fx_text(b, r, nc - 1, "实际支出金额", JX_XS_HEAD);
	first = b->f->nrows;
	for (size_t i = 0; i < s->n_subs; i++) {
		const jx_subproject *sp = &s->subs[i];
		r = jx_fx_row(b);
		if (r < 0)
			return;
		jx_fx_num(b, r, 0, JX_INT((int64_t)i + 1), JX_XN_INT, JX_XS_CENTER);
		jx_fx_span(b, r, 1, nc - 3, sp->name, JX_XS_TEXT);
		jx_fx_num(b, r, nc - 2, sp->budget, JX_XN_MONEY, JX_XS_NUMBER);
		jx_fx_num(b, r, nc - 1, sp->spent, JX_XN_MONEY, JX_XS_NUMBER);
		if (sp->budget != JX_NONE) {
			tb = jx_add(tb, sp->budget);
			nb++;
		}
		if (sp->spent != JX_NONE) {
			ts = jx_add(ts, sp->spent);
			ns++;
		}
	}
	r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_span(b, r, 0, nc - 2, "合计", JX_XS_TOTAL);
	jx_fx_funds_total(b, r, nc - 2, first, (int)s->n_subs, nb ? tb : JX_NONE);
	jx_fx_funds_total(b, r, nc - 1, first, (int)s->n_subs, ns ? ts : JX_NONE);
	jx_xform_cell(b->f, r, nc - 2)->style = JX_XS_TOTAL;
	jx_xform_cell(b->f, r, nc - 1)->style = JX_XS_TOTAL;
}


/* The parts the total and the total points add up (the execution row and
 * each 一级 subtotal), gathered while the blocks are written. */
typedef struct {
	jx_xcellset total, points;
} project_parts;

/* Funds: the total row first (with the execution rate's points, rate and
 * score), then the rows by source. */
static void project_funds(jx_xbuilder *b, const jx_xsheet *x, int ex, project_parts *parts)
{
	static const char *const heads[] = {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
	const jx_sheet *s = x->sheet;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	int r, head, first, nf = (int)s->n_funds;
	jx_xcell *cell;

	head = jx_fx_row(b);
	jx_fx_text(b, head, 0, "项目资金（万元）", JX_XS_LABEL);
	jx_fx_span(b, head, 1, 2, "", JX_XS_HEAD);
	jx_fx_heads(b, head, 3, heads, 6);
	r = jx_fx_rows(b, 1 + nf);
	if (r < 0)
		return;
	first = r + 1;
	jx_fx_span(b, r, 1, 2, "年度资金总额", JX_XS_LABEL);
	jx_fx_funds_total(b, r, 3, first, nf, ft.planned);
	jx_fx_funds_total(b, r, 4, first, nf, ft.budget);
	jx_fx_funds_total(b, r, 5, first, nf, ft.spent);
	jx_fx_input(b, "funds.planned", r, 3);
	jx_fx_input(b, "funds.budget", r, 4);
	jx_fx_input(b, "funds.spent", r, 5);
	if (ex >= 0) {
		const jx_score_item *it = &x->ss.items[ex];
		jx_fx_num(b, r, 6, it->points, JX_XN_POINTS, JX_XS_CENTER);
		cell = jx_fx_num(b, r, 7, it->rate, JX_XN_RATE, JX_XS_CENTER);
		jx_fx_rate_formula(b, cell, it->node);
		b->f->rate_row = r;
		b->f->rate_col = 7;
		jx_fx_num(b, r, 8, it->score, JX_XN_SCORE, JX_XS_CENTER);
		jx_fx_set_add(&parts->total, r, 8);
		jx_fx_set_add(&parts->points, r, 6);
	}
	for (int i = 0; i < nf; i++) {
		const jx_fund *fd = &s->funds[i];
		int rr = first + i;
		char label[512];
		snprintf(label, sizeof label, "%s%s", i == 0 ? "其中：" : "", jx_nz(fd->source));
		jx_fx_span(b, rr, 1, 2, label, JX_XS_TEXT);
		jx_fx_num(b, rr, 3, fd->planned, JX_XN_MONEY, JX_XS_NUMBER);
		jx_fx_num(b, rr, 4, fd->budget, JX_XN_MONEY, JX_XS_NUMBER);
		jx_fx_num(b, rr, 5, fd->spent, JX_XN_MONEY, JX_XS_NUMBER);
		jx_fx_text(b, rr, 6, "—", JX_XS_CENTER);
		cell = jx_fx_num(b, rr, 7, jx_xrow_rate(fd->spent, fd->budget), JX_XN_RATE, JX_XS_CENTER);
		if (cell && cell->has_value)
			jx_fx_formula(b, cell, "=F%d/E%d", rr + 1, rr + 1);
		jx_fx_text(b, rr, 8, "—", JX_XS_CENTER);
	}
	jx_fx_merge(b, head, 0, 2 + nf, 1);
}

/* 年度总体目标: each goal planned and achieved (one empty row if none). */
static void project_goals(jx_xbuilder *b, const jx_sheet *s)
{
	int r, head = jx_fx_row(b);
	jx_fx_text(b, head, 0, "年度总体目标", JX_XS_LABEL);
	jx_fx_span(b, head, 1, 4, "预期目标", JX_XS_HEAD);
	jx_fx_span(b, head, 5, 4, "实际完成情况", JX_XS_HEAD);
	for (size_t i = 0; i < (s->n_goals ? s->n_goals : 1); i++) {
		r = jx_fx_row(b);
		jx_fx_span(b, r, 1, 4, s->n_goals ? s->goals[i].planned : "", JX_XS_TEXT);
		jx_fx_span(b, r, 5, 4, s->n_goals ? s->goals[i].actual : "", JX_XS_TEXT);
	}
	jx_fx_merge(b, head, 0, b->f->nrows - head, 1);
}

/* While the indicator rows are written: the cells each 一级 subtotal adds
 * up, and the parts of the total. */
typedef struct {
	jx_xcellset pts, scores;
	project_parts *parts;
} indicator_walk;

static void indicator_leaf(jx_xbuilder *b, const jx_xsheet *x, const jx_xtree_row *row, int r, void *ctx)
{
	indicator_walk *w = ctx;
	const jx_scoresheet *ss = &x->ss;
	const jx_score_item *it = &ss->items[row->leaf];
	jx_fx_text(b, r, 1, jx_xitem_name(&ss->items[row->root]), JX_XS_CENTER);
	jx_fx_text(b, r, 2, row->l2 >= 0 ? jx_xitem_name(&ss->items[row->l2]) : "", JX_XS_CENTER);
	jx_fx_text(b, r, 3, row->leaf != row->root && row->leaf != row->l2 ? jx_xitem_name(it) : "", JX_XS_TEXT);
	jx_fx_leaf_cells(b, x, it, r, 4, 5);
	jx_fx_num(b, r, 6, it->points, JX_XN_POINTS, JX_XS_CENTER);
	jx_fx_num(b, r, 7, it->score, JX_XN_SCORE, JX_XS_CENTER);
	jx_fx_text(b, r, 8, it->ind && it->ind->deviation_reason ? it->ind->deviation_reason : "", JX_XS_TEXT);
	jx_fx_set_add(&w->pts, r, 6);
	jx_fx_set_add(&w->scores, r, 7);
}

static void indicator_l2_group(jx_xbuilder *b, int first, int rows, void *ctx)
{
	jx_fx_merge(b, first, 2, rows, 1);
}

/* 小计 */
static void indicator_subtotal(jx_xbuilder *b, const jx_xsheet *x, int root, int first, int r, void *ctx)
{
	indicator_walk *w = ctx;
	const jx_score_item *rit = &x->ss.items[root];
	jx_xcell *cell;
	char buf[256];
	jx_fx_text(b, r, 1, jx_xitem_name(rit), JX_XS_CENTER);
	snprintf(buf, sizeof buf, "%s小计", jx_xitem_name(rit));
	jx_fx_span(b, r, 2, 4, buf, JX_XS_TOTAL);
	cell = jx_fx_num(b, r, 6, rit->points, JX_XN_POINTS, JX_XS_TOTAL);
	jx_fx_sum_formula(b, cell, &w->pts, NULL);
	cell = jx_fx_num(b, r, 7, rit->score, JX_XN_SCORE, JX_XS_TOTAL);
	jx_fx_sum_formula(b, cell, &w->scores, NULL);
	jx_fx_text(b, r, 8, "", JX_XS_TOTAL);
	jx_fx_set_add(&w->parts->points, r, 6);
	jx_fx_set_add(&w->parts->total, r, 7);
	jx_fx_merge(b, first, 1, b->f->nrows - first, 1);
	w->pts.n = w->scores.n = 0;
	w->pts.overflow = w->scores.overflow = 0;
}

/* 绩效指标: every indicator but the execution rate's, with subtotals. */
static void project_indicators(jx_xbuilder *b, const jx_xsheet *x, int ex, project_parts *parts)
{
	static const char *const heads[] = {"一级指标", "二级指标", "三级指标",		 "年度指标值", "实际完成值",
					    "分值",	"得分",	"偏差原因分析及改进措施"};
	static const jx_xtree_walk walk = {indicator_leaf, indicator_l2_group, indicator_subtotal};
	indicator_walk w = {.parts = parts};
	int head = jx_fx_row(b);

	b->f->head_rows = 0;
	jx_fx_text(b, head, 0, "绩效指标", JX_XS_LABEL);
	jx_fx_heads(b, head, 1, heads, 8);
	jx_fx_tree(b, x, ex, &walk, &w);
	jx_fx_merge(b, head, 0, b->f->nrows - head, 1);
}

/* 总分 and 等级 */
static void project_total(jx_xbuilder *b, const jx_xsheet *x, const project_parts *parts)
{
	const jx_scoresheet *ss = &x->ss;
	jx_xcell *cell;
	char buf[256];
	int r = jx_fx_row(b);

	if (r < 0)
		return;
	jx_fx_span(b, r, 0, 6, "总分", JX_XS_TOTAL);
	cell = jx_fx_num(b, r, 6, ss->points, JX_XN_POINTS, JX_XS_TOTAL);
	jx_fx_sum_formula(b, cell, &parts->points, NULL);
	cell = jx_fx_num(b, r, 7, ss->total, JX_XN_SCORE, JX_XS_TOTAL);
	jx_fx_total_formula(b, x, cell, &parts->total);
	b->f->total_row = r;
	b->f->total_col = 7;
	jx_fx_text(b, r, 8, "", JX_XS_TOTAL);
	r = jx_fx_row(b);
	jx_fx_span(b, r, 0, 6, "评价等级", JX_XS_TOTAL);
	jx_xgrade_text(x, buf, sizeof buf);
	jx_fx_span(b, r, 6, 3, buf, JX_XS_TOTAL);
	if (ss->total != ss->total_raw && ss->text)
		jx_fx_note(b, ss->text + ss->total_expl);
}

void jx_xbuild_project_self(jx_xbuilder *b, const jx_xsheet *x)
{
	static const int mins[9] = {8, 8, 10, 16, 12, 12, 6, 8, 16};
	static const int maxs[9] = {10, 12, 16, 36, 24, 24, 8, 10, 40};
	static const jx_xfield particulars[] = {{"主管部门", 1, JX_INFO_DEPARTMENT, 3}, {"实施单位", 1, JX_INFO_UNIT, 4}};
	const jx_sheet *s = x->sheet;
	int ex = jx_xexec_root(&x->ss);
	project_parts parts = {.total.n = 0};

	jx_fx_begin(b, x, mins, maxs);
	jx_fx_line(b, "项目名称", jx_xinfo(s, JX_INFO_NAME));
	jx_fx_field_rows(b, s, particulars, 2);
	if (b->oom)
		return;
	project_funds(b, x, ex, &parts);
	if (!b->oom)
		project_goals(b, s);
	if (!b->oom)
		project_indicators(b, x, ex, &parts);
	if (!b->oom) {
		project_total(b, x, &parts);
		jx_fx_filler_note(b, s);
		subprojects_block(b, s);
	}
}
