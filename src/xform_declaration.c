/* The form of the project target declaration (项目支出绩效目标申报表, the
 * national layout): the project's particulars, its funds by source under
 * 年度资金总额, the 年度总体目标, then the indicators by 一级/二级/三级 with
 * 指标性质, 指标值, 度量单位 and 分值 (empty where the province assigns
 * none), and the sign-off block.  Nothing is scored: there is no total. */
#include "xform_build.h"
#include "engine.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The indicator table's columns. */
enum { D_L1, D_L2, D_L3, D_CMP, D_TARGET, D_UNIT, D_POINTS };

/* Funds: 项目资金（万元） merged down its rows, 年度资金总额 with the sum of
 * the sources, then 其中：<source> for every source the form prints. */
static void declaration_funds(jx_xbuilder *b, const jx_xsheet *x)
{
	jx_fund_totals ft = jx_sheet_fund_totals(x->sheet);
	jx_xfund_row *rows;
	int nf = (int)jx_xfund_rows(x, &rows), r, first;
	char label[256];
	r = jx_fx_row(b);
	if (r < 0) {
		free(rows);
		return;
	}
	first = r;
	jx_fx_text(b, r, 0, "项目资金（万元）", JX_XS_LABEL);
	jx_fx_span(b, r, 1, 3, "年度资金总额", JX_XS_LABEL);
	jx_fx_merge(b, r, 4, 1, 3);
	jx_fx_money(b, r, 4, ft.budget);
	jx_fx_input(b, "funds.budget", r, 4);
	for (int i = 0; i < nf; i++) {
		if ((r = jx_fx_row(b)) < 0)
			break;
		snprintf(label, sizeof label, "其中：%s", jx_nz(rows[i].source));
		jx_fx_span(b, r, 1, 3, label, JX_XS_TEXT);
		jx_fx_merge(b, r, 4, 1, 3);
		jx_fx_money(b, r, 4, rows[i].fund ? rows[i].fund->budget : JX_NONE);
		if (rows[i].fund) /* a source the sheet has: its figure taken back */
			jx_fx_tag(b, r, 4, "fund", rows[i].fund->source, "budget");
	}
	if (b->f->nrows - first > 1)
		jx_fx_merge(b, first, 0, b->f->nrows - first, 1);
	free(rows);
}

/* 指标值 as the table prints it: the number alone (its unit has a column),
 * or the text of a deadline or qualitative target. */
static void target_cell(jx_xbuilder *b, int r, const jx_indicator *d)
{
	char num[48];
	if (d->cmp == JX_CMP_DEADLINE || d->cmp == JX_CMP_QUAL || d->target == JX_NONE)
		jx_fx_text(b, r, D_TARGET, jx_nz(d->target_text), JX_XS_CENTER);
	else
		jx_fx_text(b, r, D_TARGET, jx_fmt_trim(num, d->target), JX_XS_CENTER);
}

/* An indicator's row after its 二级 cell. */
static void indicator_row(jx_xbuilder *b, int r, const jx_indicator *d, size_t i, const void *ctx)
{
	(void)i;
	(void)ctx;
	jx_fx_text(b, r, D_L3, jx_nz(d->name), JX_XS_TEXT);
	jx_fx_text(b, r, D_CMP, jx_cmp_symbol(d->cmp)[0] ? jx_cmp_symbol(d->cmp) : jx_nz(jx_cmp_name(d->cmp)),
		   JX_XS_CENTER);
	target_cell(b, r, d);
	jx_fx_text(b, r, D_UNIT, jx_nz(d->unit), JX_XS_CENTER);
	if (d->points != JX_NONE)
		jx_fx_num(b, r, D_POINTS, d->points, JX_XN_POINTS, JX_XS_NUMBER);
	/* the cells showing its own fields exactly */
	jx_fx_tag(b, r, D_L3, "ind", d->key, "name");
	jx_fx_tag(b, r, D_CMP, "ind", d->key, "cmp");
	jx_fx_tag(b, r, D_TARGET, "ind", d->key, "target");
	jx_fx_tag(b, r, D_UNIT, "ind", d->key, "unit");
	jx_fx_tag(b, r, D_POINTS, "ind", d->key, "points");
}

/* The indicator table: a heading row, then for each 一级 node its slots'
 * indicators, the 一级 and 二级 cells merged down their rows; a slot with
 * no indicator prints one empty row, so that the form shows what the
 * template asks for. */
static void declaration_indicators(jx_xbuilder *b, const jx_xsheet *x)
{
	static const char *const heads[] = {"一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "分值"};
	int r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_heads(b, r, 0, heads, 7);
	b->f->head_first = r;
	b->f->head_rows = 1;
	jx_fx_slot_table(b, x, D_L1, D_L2, indicator_row, NULL);
}

void jx_xbuild_declaration(jx_xbuilder *b, const jx_xsheet *x)
{
	static const int mins[JX_XDECLARATION_COLUMNS] = {10, 12, 24, 8, 12, 8, 6};
	static const int maxs[JX_XDECLARATION_COLUMNS] = {12, 16, 40, 10, 24, 10, 8};
	static const jx_xfield particulars[] = {
		{"主管部门", 1, JX_INFO_DEPARTMENT, 2}, {"实施单位", 1, JX_INFO_UNIT, 3},
		{"项目属性", 1, JX_INFO_PROJECT_TYPE, 2}, {"项目期", 1, JX_INFO_EVAL_PERIOD, 3}};
	const jx_sheet *s = x->sheet;
	jx_xsbuf sb = {0};

	jx_fx_begin(b, x, mins, maxs);
	jx_fx_info_line(b, "项目名称", s, JX_INFO_NAME);
	jx_fx_field_rows(b, s, particulars, 4);
	declaration_funds(b, x);
	for (size_t i = 0; i < s->n_goals; i++)
		if (jx_has_text(s->goals[i].planned))
			jx_xsb_add(&sb, "%s%s", sb.len ? "\n" : "", s->goals[i].planned);
	jx_fx_line(b, "年度总体目标", sb.len ? sb.s : "");
	if (sb.oom)
		b->oom = 1;
	free(sb.s);
	declaration_indicators(b, x);
	jx_fx_signoff(b, s);
}
