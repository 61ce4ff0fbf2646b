/* The form of a finance or third-party evaluation's result
 * (财政支出绩效评价结果反馈表): four columns of particulars, funds, the
 * execution rate, score and conclusion, then the narrative (基本情况,
 * 主要绩效情况, 主要问题与建议) in long cells. */
#include "xform_build.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append text after a line break, with its heading label unless the text
 * already starts with that heading. */
static void join_text(jx_xsbuf *sb, const char *label, const char *text)
{
	size_t ll = label ? strcspn(label, "\n") : 0;
	if (!text || !*text)
		return;
	if (label && ll && strncmp(text, label, ll) == 0)
		label = NULL;
	jx_xsb_add(sb, "%s%s%s", sb->len ? "\n" : "", jx_nz(label), text);
}

void jx_xbuild_external(jx_xbuilder *b, const jx_xsheet *x)
{
	static const int mins[4] = {12, 24, 12, 24};
	static const int maxs[4] = {14, 40, 14, 40};
	static const jx_xfield organisers[] = {
		{"评价组织机构", 1, JX_INFO_ORG_MODE, 1}, {"项目主管部门", 1, JX_INFO_DEPARTMENT, 1}};
	static const jx_xfield evaluation[] = {
		{"评价机构", 1, JX_INFO_EVALUATOR, 1}, {"评价时间", 1, JX_INFO_EVAL_PERIOD, 1}};
	const jx_sheet *s = x->sheet;
	const jx_scoresheet *ss = &x->ss;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	int r, ex = jx_xexec_root(ss);
	char buf[256];
	jx_xcell *cell;
	jx_xsbuf sb = {0};

	jx_fx_begin(b, x, mins, maxs);
	/* no indicator table: the title is what a later page repeats */
	b->f->head_first = 0;
	b->f->head_rows = 2;
	jx_fx_info_line(b, "项目名称", s, JX_INFO_NAME);
	jx_fx_field_rows(b, s, organisers, 2);
	r = jx_fx_row(b);
	jx_fx_field(b, r, 0, "项目单位名称", 1, jx_xinfo(s, JX_INFO_UNIT), 1);
	jx_fx_text(b, r, 2, "评价年度", JX_XS_LABEL);
	snprintf(buf, sizeof buf, "%d", s->year);
	jx_fx_text(b, r, 3, buf, JX_XS_TEXT);
	jx_fx_field_rows(b, s, evaluation, 2);
	r = jx_fx_row(b);
	jx_fx_text(b, r, 0, "预算数（万元）", JX_XS_LABEL);
	jx_fx_num(b, r, 1, ft.budget, JX_XN_MONEY, JX_XS_NUMBER);
	jx_fx_input(b, "funds.budget", r, 1);
	jx_fx_text(b, r, 2, "实际到位（万元）", JX_XS_LABEL);
	jx_fx_num(b, r, 3, ft.received, JX_XN_MONEY, JX_XS_NUMBER);
	jx_fx_input(b, "funds.received", r, 3);
	r = jx_fx_row(b);
	jx_fx_text(b, r, 0, "实际支出（万元）", JX_XS_LABEL);
	jx_fx_num(b, r, 1, ft.spent, JX_XN_MONEY, JX_XS_NUMBER);
	jx_fx_input(b, "funds.spent", r, 1);
	jx_fx_text(b, r, 2, "预算执行率", JX_XS_LABEL);
	if (ex >= 0) {
		cell = jx_fx_num(b, r, 3, ss->items[ex].rate, JX_XN_RATE, JX_XS_NUMBER);
		jx_fx_rate_formula(b, cell, ss->items[ex].node);
		b->f->rate_row = r;
		b->f->rate_col = 3;
	}
	r = jx_fx_row(b);
	jx_fx_text(b, r, 0, "评价分值", JX_XS_LABEL);
	/* One scored item: the total is the engine's value itself. */
	jx_fx_num(b, r, 1, ss->total, JX_XN_SCORE, JX_XS_NUMBER);
	b->f->total_row = r;
	b->f->total_col = 1;
	jx_fx_text(b, r, 2, "评价结论", JX_XS_LABEL);
	jx_xgrade_text(x, buf, sizeof buf);
	jx_fx_text(b, r, 3, buf, JX_XS_TEXT);

	join_text(&sb, NULL, s->info[JX_INFO_BACKGROUND]);
	join_text(&sb, NULL, s->info[JX_INFO_CONTENT]);
	jx_fx_line(b, "基本情况", sb.len ? sb.s : "");
	sb.len = 0;
	join_text(&sb, NULL, s->info[JX_INFO_IMPLEMENTATION]);
	for (size_t i = 0; i < s->n_goals; i++)
		join_text(&sb, NULL, s->goals[i].actual);
	join_text(&sb, NULL, s->narr[JX_NARR_EXPERIENCE]);
	jx_fx_line(b, "主要绩效情况", sb.len ? sb.s : "");
	sb.len = 0;
	join_text(&sb, "一、存在的问题\n", s->narr[JX_NARR_PROBLEMS]);
	join_text(&sb, "二、相关建议\n", s->narr[JX_NARR_SUGGESTIONS]);
	join_text(&sb, "三、其他需要说明的问题\n", s->narr[JX_NARR_OTHER]);
	jx_fx_line(b, "主要问题与建议", sb.len ? sb.s : "");
	if (sb.oom)
		b->oom = 1;
	free(sb.s);
	jx_fx_signoff(b, s);
}

