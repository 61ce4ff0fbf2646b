/* The form of the project self-evaluation (项目支出绩效自评表, national layout
 * and its provincial variants): project and funds with the execution rate,
 * the year's goals, the indicators by 一级/二级/三级 with subtotals (and
 * their 二级项目/分项目 when the sheet has any), the total and grade, the
 * sign-off block, and the sub-projects (二级项目) under the table. */
#include "xform_build.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the indicator table's columns are: the 二级项目/分项目 column is
 * there only when an indicator names its sub-project. */
typedef struct {
	int l1, l2, sub, l3, target, actual, points, score, reason; /* sub -1: none */
} project_cols;

static project_cols columns(int with_sub)
{
	project_cols c = {1, 2, -1, 3, 4, 5, 6, 7, 8};
	if (with_sub) {
		c.sub = 3;
		c.l3 = 4;
		c.target = 5;
		c.actual = 6;
		c.points = 7;
		c.score = 8;
		c.reason = 9;
	}
	return c;
}

/* 1 when an indicator of the sheet names its sub-project. */
static int has_subprojects(const jx_sheet *s)
{
	for (size_t i = 0; i < s->n_inds; i++)
		if (s->inds[i].subproject && *s->inds[i].subproject)
			return 1;
	return 0;
}

int jx_xproject_columns(const jx_sheet *s)
{
	return has_subprojects(s) ? 10 : 9;
}

/* Sub-projects (二级项目) with their total. */
static void subprojects_block(jx_xbuilder *b, const jx_sheet *s)
{
	int r, first;
	jx_dec tb = 0, ts = 0;
	int nb = 0, ns = 0;
	const int nc = b->f->ncols;
	char idx[24];

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
		snprintf(idx, sizeof idx, "%zu", i);
		jx_fx_tag(b, r, nc - 2, "sub", idx, "budget");
		jx_fx_tag(b, r, nc - 1, "sub", idx, "spent");
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
	/* a table of its own: on one page when it fits */
	jx_fx_keep(b, first - 3, r - first + 4);
}


/* The parts the total and the total points add up (the execution row and
 * each 一级 subtotal), gathered while the blocks are written. */
typedef struct {
	jx_xcellset total, points;
} project_parts;

/* Funds: the total row first (with the execution rate's points, rate and
 * score), then a row for every source the template lists (— where the
 * sheet has none) and the sheet's other sources, then the total row as the
 * document printed it when the sheet holds one (原表合计, each figure that
 * differs from the computed total marked ※).  The six headings take the
 * last six columns, the sources' names the columns between. */
static void project_funds(jx_xbuilder *b, const jx_xsheet *x, int ex, project_parts *parts)
{
	static const char *const heads[] = {"年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"};
	const int nc = b->f->ncols, c = nc - 6, name_cols = nc - 7;
	jx_fund_totals ft = jx_sheet_fund_totals(x->sheet);
	jx_xfund_row *rows;
	int r, head, first, nf = (int)jx_xfund_rows(x, &rows);
	int printed = !jx_fund_stated_empty(&x->sheet->funds_total);
	jx_xcell *cell;

	if (!rows) {
		b->oom = 1;
		return;
	}
	head = jx_fx_row(b);
	jx_fx_text(b, head, 0, "项目资金（万元）", JX_XS_LABEL);
	jx_fx_span(b, head, 1, name_cols, "", JX_XS_HEAD);
	jx_fx_heads(b, head, c, heads, 6);
	r = jx_fx_rows(b, 1 + nf + printed);
	if (r < 0) {
		free(rows);
		return;
	}
	first = r + 1;
	jx_fx_span(b, r, 1, name_cols, "年度资金总额", JX_XS_LABEL);
	jx_fx_funds_total(b, r, c, first, nf, ft.planned);
	jx_fx_funds_total(b, r, c + 1, first, nf, ft.budget);
	jx_fx_funds_total(b, r, c + 2, first, nf, ft.spent);
	jx_fx_input(b, "funds.planned", r, c);
	jx_fx_input(b, "funds.budget", r, c + 1);
	jx_fx_input(b, "funds.spent", r, c + 2);
	if (ex >= 0) {
		const jx_score_item *it = &x->ss.items[ex];
		jx_fx_num(b, r, c + 3, it->points, JX_XN_POINTS, JX_XS_CENTER);
		cell = jx_fx_num(b, r, c + 4, it->rate, JX_XN_RATE, JX_XS_CENTER);
		jx_fx_rate_formula(b, cell, it->node);
		b->f->rate_row = r;
		b->f->rate_col = c + 4;
		jx_fx_num(b, r, c + 5, it->score, JX_XN_SCORE, JX_XS_CENTER);
		jx_fx_set_add(&parts->total, r, c + 5);
		jx_fx_set_add(&parts->points, r, c + 3);
	}
	for (int i = 0; i < nf; i++) {
		const jx_fund *fd = rows[i].fund;
		int rr = first + i;
		char label[512];
		snprintf(label, sizeof label, "%s%s", i == 0 ? "其中：" : "", rows[i].source);
		jx_fx_span(b, rr, 1, name_cols, label, JX_XS_TEXT);
		jx_fx_money(b, rr, c, fd ? fd->planned : JX_NONE);
		jx_fx_money(b, rr, c + 1, fd ? fd->budget : JX_NONE);
		jx_fx_money(b, rr, c + 2, fd ? fd->spent : JX_NONE);
		for (int k = 0; fd && k < 3; k++) /* a source the sheet has: its figures taken back */
			jx_fx_tag(b, rr, c + k, "fund", fd->source, k == 0 ? "planned" : k == 1 ? "budget" : "spent");
		jx_fx_text(b, rr, c + 3, "—", JX_XS_CENTER);
		jx_fx_row_rate(b, rr, c + 4, c + 2, c + 1);
		jx_fx_text(b, rr, c + 5, "—", JX_XS_CENTER);
	}
	if (printed) {
		/* 年初预算数, 全年预算数, —, 全年执行数, 执行率, 得分 (no 实际到位 on this form) */
		const int cols[6] = {c, c + 1, -1, c + 2, c + 4, c + 5};
		jx_fx_printed_total(b, x, first + nf, 1, name_cols, cols);
		jx_fx_text(b, first + nf, c + 3, "—", JX_XS_CENTER);
	}
	jx_fx_merge(b, head, 0, 2 + nf + printed, 1);
	jx_fx_keep(b, head, 2 + nf + printed);
	free(rows);
}

/* 年度总体目标: each goal planned and achieved (one empty row if none). */
static void project_goals(jx_xbuilder *b, const jx_sheet *s)
{
	const int nc = b->f->ncols, half = (nc - 1) / 2;
	int r, head = jx_fx_row(b);
	char idx[24];
	jx_fx_text(b, head, 0, "年度总体目标", JX_XS_LABEL);
	jx_fx_span(b, head, 1, half, "预期目标", JX_XS_HEAD);
	jx_fx_span(b, head, 1 + half, nc - 1 - half, "实际完成情况", JX_XS_HEAD);
	for (size_t i = 0; i < (s->n_goals ? s->n_goals : 1); i++) {
		r = jx_fx_row(b);
		jx_fx_span(b, r, 1, half, s->n_goals ? s->goals[i].planned : "", JX_XS_TEXT);
		jx_fx_span(b, r, 1 + half, nc - 1 - half, s->n_goals ? s->goals[i].actual : "", JX_XS_TEXT);
		if (s->n_goals) {
			snprintf(idx, sizeof idx, "%zu", i);
			jx_fx_tag(b, r, 1, "goal", idx, "planned");
			jx_fx_tag(b, r, 1 + half, "goal", idx, "actual");
		}
	}
	jx_fx_merge(b, head, 0, b->f->nrows - head, 1);
	jx_fx_keep(b, head, 2);
}

/* While the indicator rows are written: the cells each 一级 subtotal adds
 * up, and the parts of the total. */
typedef struct {
	jx_xcellset pts, scores;
	project_parts *parts;
	project_cols col;
	int ind_findings; /* a finding's path names an indicator ("ind:…") */
} indicator_walk;

/* Whether a finding points at the indicator's deviation reason (its path
 * "ind:<key>:deviation_reason", cut short to 159 bytes as jx_xmissing was
 * asked), compared in place rather than written out for every indicator. */
static int reason_missing(const jx_xsheet *x, const char *key)
{
	static const char col[] = ":deviation_reason";
	size_t klen = strlen(key);
	if (4 + klen + sizeof col > 160) {
		const char *const part[] = {"ind:", key, col};
		char path[160];
		size_t n = 0;
		for (int k = 0; k < 3; k++) {
			size_t m = strlen(part[k]);
			if (m > sizeof path - 1 - n)
				m = sizeof path - 1 - n;
			memcpy(path + n, part[k], m);
			n += m;
		}
		path[n] = 0;
		return jx_xmissing(x, path);
	}
	for (size_t i = 0; i < x->findings.n; i++) {
		const char *p = x->findings.v[i].path;
		if (p && strncmp(p, "ind:", 4) == 0 && strncmp(p + 4, key, klen) == 0 && strcmp(p + 4 + klen, col) == 0)
			return 1;
	}
	return 0;
}

static void indicator_leaf(jx_xbuilder *b, const jx_xsheet *x, const jx_xtree_row *row, int r, void *ctx)
{
	indicator_walk *w = ctx;
	const project_cols *k = &w->col;
	const jx_scoresheet *ss = &x->ss;
	const jx_score_item *it = &ss->items[row->leaf];
	const jx_indicator *ind = it->kind == JX_ITEM_IND ? it->ind : NULL;
	/* A CSV writes the cells a merge covers empty (jx_xform.no_widths):
	 * the 一级 and 二级 names of all but a group's first row are left out */
	if (!b->f->no_widths || !row->same_root)
		jx_fx_text(b, r, k->l1, jx_xitem_name(&ss->items[row->root]), JX_XS_CENTER);
	if (!b->f->no_widths || !row->same_l2)
		jx_fx_text(b, r, k->l2, row->l2 >= 0 ? jx_xitem_name(&ss->items[row->l2]) : "", JX_XS_CENTER);
	if (k->sub >= 0)
		jx_fx_text(b, r, k->sub, ind && ind->subproject ? ind->subproject : "", JX_XS_TEXT);
	jx_fx_text(b, r, k->l3, row->leaf != row->root && row->leaf != row->l2 ? jx_xitem_name(it) : "", JX_XS_TEXT);
	jx_fx_leaf_cells(b, x, it, r, k->target, k->actual);
	jx_fx_num(b, r, k->points, it->points, JX_XN_POINTS, JX_XS_CENTER);
	if (ind && row->leaf != row->root && row->leaf != row->l2) /* the cells showing its own fields */
		jx_fx_tag(b, r, k->l3, "ind", ind->key, "name");
	if (ind && ind->points != JX_NONE && ind->points == it->points)
		jx_fx_tag(b, r, k->points, "ind", ind->key, "points");
	if (ind)
		jx_fx_tag(b, r, k->reason, "ind", ind->key, "deviation_reason");
	jx_fx_num(b, r, k->score, it->score, JX_XN_SCORE, JX_XS_CENTER);
	if (ind && w->ind_findings && reason_missing(x, ind->key ? ind->key : ""))
		jx_fx_text(b, r, k->reason, "（须填写偏差原因）", JX_XS_MISSING);
	else
		jx_fx_text(b, r, k->reason, ind && ind->deviation_reason ? ind->deviation_reason : "", JX_XS_TEXT);
	jx_fx_set_add(&w->pts, r, k->points);
	jx_fx_set_add(&w->scores, r, k->score);
}

/* A 二级 group: its label merged down its rows, and so are the runs of
 * rows of one sub-project. */
static void indicator_l2_group(jx_xbuilder *b, int first, int rows, void *ctx)
{
	const indicator_walk *w = ctx;
	jx_fx_merge(b, first, w->col.l2, rows, 1);
	for (int r = first; w->col.sub >= 0 && r < first + rows;) {
		const char *t = jx_nz(jx_xform_cell(b->f, r, w->col.sub)->text);
		int e = r + 1;
		while (e < first + rows && strcmp(jx_nz(jx_xform_cell(b->f, e, w->col.sub)->text), t) == 0)
			e++;
		if (*t)
			jx_fx_merge(b, r, w->col.sub, e - r, 1);
		r = e;
	}
}

/* 小计 */
static void indicator_subtotal(jx_xbuilder *b, const jx_xsheet *x, int root, int first, int r, void *ctx)
{
	indicator_walk *w = ctx;
	const project_cols *k = &w->col;
	const jx_score_item *rit = &x->ss.items[root];
	jx_xcell *cell;
	char buf[256];
	jx_fx_text(b, r, k->l1, jx_xitem_name(rit), JX_XS_CENTER);
	if (rit->goal && x->tpl && x->tpl->goal_blocks) /* 年度绩效目标1小计, without the goal's text again */
		snprintf(buf, sizeof buf, "%s%d小计", x->tpl->goal_blocks->name, rit->goal);
	else
		snprintf(buf, sizeof buf, "%s小计", jx_xitem_name(rit));
	jx_fx_span(b, r, k->l2, k->points - k->l2, buf, JX_XS_TOTAL);
	cell = jx_fx_num(b, r, k->points, rit->points, JX_XN_POINTS, JX_XS_TOTAL);
	jx_fx_sum_formula(b, cell, &w->pts, NULL);
	cell = jx_fx_num(b, r, k->score, rit->score, JX_XN_SCORE, JX_XS_TOTAL);
	jx_fx_sum_formula(b, cell, &w->scores, NULL);
	jx_fx_text(b, r, k->reason, "", JX_XS_TOTAL);
	jx_fx_set_add(&w->parts->points, r, k->points);
	jx_fx_set_add(&w->parts->total, r, k->score);
	jx_fx_merge(b, first, k->l1, b->f->nrows - first, 1);
	w->pts.n = w->scores.n = 0;
	w->pts.overflow = w->scores.overflow = 0;
}

/* 绩效指标: every indicator but the execution rate's, with subtotals.  Its
 * heading is repeated at the top of every printed page. */
static void project_indicators(jx_xbuilder *b, const jx_xsheet *x, int ex, project_parts *parts)
{
	static const char *const heads[] = {"一级指标", "二级指标", "二级项目/分项目", "三级指标", "年度指标值",
					    "实际完成值", "分值", "得分", "偏差原因分析及改进措施"};
	static const jx_xtree_walk walk = {indicator_leaf, indicator_l2_group, indicator_subtotal};
	indicator_walk w; /* not zeroed whole: its two sets are 16 KiB, used up to n */
	int head = jx_fx_row(b), c = 1;

	w.parts = parts;
	w.col = columns(b->f->ncols == 10);
	/* reason_missing looks only at such paths: without any, no indicator
	 * has its findings gone over */
	w.ind_findings = 0;
	for (size_t i = 0; i < x->findings.n && !w.ind_findings; i++)
		w.ind_findings = x->findings.v[i].path && strncmp(x->findings.v[i].path, "ind:", 4) == 0;
	w.pts.n = w.pts.overflow = w.scores.n = w.scores.overflow = 0;
	jx_fx_text(b, head, 0, "绩效指标", JX_XS_LABEL);
	for (int i = 0; i < 9; i++)
		if (i != 2 || w.col.sub >= 0)
			jx_fx_text(b, head, c++, heads[i], JX_XS_HEAD);
	b->f->head_first = head;
	b->f->head_rows = 1;
	jx_fx_keep(b, head, 2);
	jx_fx_tree(b, x, ex, &walk, &w);
	jx_fx_merge(b, head, 0, b->f->nrows - head, 1);
}

/* 总分 and 等级 */
static void project_total(jx_xbuilder *b, const jx_xsheet *x, const project_parts *parts)
{
	const jx_scoresheet *ss = &x->ss;
	const project_cols k = columns(b->f->ncols == 10);
	jx_xcell *cell;
	char buf[256];
	int r = jx_fx_row(b);

	if (r < 0)
		return;
	jx_fx_span(b, r, 0, k.points, "总分", JX_XS_TOTAL);
	cell = jx_fx_num(b, r, k.points, ss->points, JX_XN_POINTS, JX_XS_TOTAL);
	jx_fx_sum_formula(b, cell, &parts->points, NULL);
	cell = jx_fx_num(b, r, k.score, ss->total, JX_XN_SCORE, JX_XS_TOTAL);
	jx_fx_total_formula(b, x, cell, &parts->total);
	b->f->total_row = r;
	b->f->total_col = k.score;
	jx_fx_text(b, r, k.reason, "", JX_XS_TOTAL);
	r = jx_fx_row(b);
	jx_fx_span(b, r, 0, k.points, "评价等级", JX_XS_TOTAL);
	jx_xgrade_text(x, buf, sizeof buf);
	jx_fx_span(b, r, k.points, b->f->ncols - k.points, buf, JX_XS_TOTAL);
	jx_fx_keep(b, r - 1, 2);
	if (ss->total != ss->total_raw && ss->text)
		jx_fx_note(b, ss->text + ss->total_expl);
}

void jx_xbuild_project_self(jx_xbuilder *b, const jx_xsheet *x)
{
	/* 0 label, 1 一级, 2 二级, [二级项目/分项目,] 三级, 年度指标值, 实际完成值,
	 * 分值, 得分, 偏差原因 */
	static const int mins9[9] = {8, 8, 10, 16, 12, 12, 6, 8, 16};
	static const int maxs9[9] = {10, 12, 16, 36, 24, 24, 8, 10, 40};
	static const int mins10[10] = {8, 8, 10, 16, 16, 12, 12, 6, 8, 16};
	static const int maxs10[10] = {10, 12, 16, 28, 32, 24, 24, 8, 10, 36};
	static const jx_xfield particulars[] = {{"主管部门", 1, JX_INFO_DEPARTMENT, 3}, {"实施单位", 1, JX_INFO_UNIT, 4}};
	static const jx_xfield particulars10[] = {{"主管部门", 1, JX_INFO_DEPARTMENT, 4},
						  {"实施单位", 1, JX_INFO_UNIT, 4}};
	const jx_sheet *s = x->sheet;
	const int wide = b->f->ncols == 10;
	int ex = jx_xexec_root(&x->ss);
	project_parts parts; /* its sets are read up to n: not zeroed whole (16 KiB) */

	parts.total.n = parts.total.overflow = parts.points.n = parts.points.overflow = 0;
	jx_fx_begin(b, x, wide ? mins10 : mins9, wide ? maxs10 : maxs9);
	jx_fx_info_line(b, "项目名称", s, JX_INFO_NAME);
	jx_fx_field_rows(b, s, wide ? particulars10 : particulars, 2);
	if (b->oom)
		return;
	project_funds(b, x, ex, &parts);
	if (!b->oom)
		project_goals(b, s);
	if (!b->oom)
		project_indicators(b, x, ex, &parts);
	if (!b->oom) {
		project_total(b, x, &parts);
		subprojects_block(b, s);
		jx_fx_signoff(b, s);
	}
}
