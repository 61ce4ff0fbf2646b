/* The form of the project monitoring table (项目支出绩效目标执行监控表, the
 * national layout of 绩效运行监控, "双监控"): the project's particulars,
 * 序时进度 for months 1–N, the funds by source with 年初预算, 调整后预算,
 * 1–N月执行数, 执行率, the gap to 序时进度 and its light, 全年预计执行数;
 * the 年度总体目标; then the indicators by 一级/二级/三级 with 年度指标值,
 * 1–N月实际完成值, 全年预计完成值, 完成目标可能性, the light, 偏差原因
 * (category and text), 是否需要整改 and 整改措施; the sign-off block.
 * A light is printed as a letter and a word (G 绿 …) with its gap, so that
 * a black-and-white print reads the same.  Figures: monitor.h. */
#include "xform_build.h"
#include "monitor.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The indicator table's columns. */
enum { M_L1, M_L2, M_L3, M_TARGET, M_ACTUAL, M_FORECAST, M_LIKELY, M_LIGHT, M_CAUSE, M_REASON, M_RECTIFY, M_MEASURES };

/* "Y 黄 12.50" : the light's letter and word, and its gap in points. */
static void light_cell(jx_xbuilder *b, int r, int c, jx_light l, jx_dec gap)
{
	char txt[64], g[40];
	if (l == JX_LIGHT_NONE) {
		jx_fx_text(b, r, c, "", JX_XS_CENTER);
		return;
	}
	if (gap != JX_NONE)
		snprintf(txt, sizeof txt, "%s %s %s", jx_light_letter(l), jx_light_name(l), jx_fmt(g, gap, 2));
	else
		snprintf(txt, sizeof txt, "%s %s", jx_light_letter(l), jx_light_name(l));
	/* styled as a figure: never broken between the letter and the gap */
	jx_fx_text(b, r, c, txt, JX_XS_NUMBER);
}

/* A percentage ×JX_SCALE as a rate cell (the form's rates are fractions). */
static void pct_cell(jx_xbuilder *b, int r, int c, jx_dec pct)
{
	if (pct == JX_NONE)
		jx_fx_text(b, r, c, "", JX_XS_NUMBER);
	else
		jx_fx_num(b, r, c, jx_muldiv(pct, 1, 100, 6), JX_XN_RATE, JX_XS_NUMBER);
}

static void fund_row(jx_xbuilder *b, const char *source, const jx_fund *f, const jx_fund_light *l, int style)
{
	int r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_span(b, r, 1, 2, source, style == JX_XS_TOTAL ? JX_XS_LABEL : JX_XS_TEXT);
	jx_fx_money(b, r, 3, f ? f->planned : JX_NONE);
	jx_fx_money(b, r, 4, f ? f->budget : JX_NONE);
	jx_fx_money(b, r, 5, f ? f->spent : JX_NONE);
	pct_cell(b, r, 6, l->rate);
	if (l->gap != JX_NONE)
		jx_fx_num(b, r, 7, l->gap, JX_XN_SCORE, JX_XS_NUMBER);
	light_cell(b, r, 8, l->light, JX_NONE);
	jx_fx_merge(b, r, 9, 1, 3);
	jx_fx_money(b, r, 9, f ? f->forecast : JX_NONE);
	if (f && style != JX_XS_TOTAL) { /* a source the sheet has: its figures taken back */
		jx_fx_tag(b, r, 3, "fund", f->source, "planned");
		jx_fx_tag(b, r, 4, "fund", f->source, "budget");
		jx_fx_tag(b, r, 5, "fund", f->source, "spent");
		jx_fx_tag(b, r, 9, "fund", f->source, "forecast");
	}
}

/* Funds: 项目资金（万元） merged down its rows, a heading row, one row per
 * source the form prints, then 合计. */
static void monitoring_funds(jx_xbuilder *b, const jx_xsheet *x, const jx_monitor *m)
{
	static const char *const heads[] = {"年初预算数", "调整后预算数", "", "执行率", "与序时进度差距", "预警"};
	jx_fund_totals ft = jx_sheet_fund_totals(x->sheet);
	jx_fund total = {NULL, ft.planned, ft.budget, ft.received, ft.spent, JX_NONE};
	jx_xfund_row *rows;
	int nf = (int)jx_xfund_rows(x, &rows), r, first;
	char months[48];
	if ((r = jx_fx_row(b)) < 0) {
		free(rows);
		return;
	}
	first = r;
	jx_fx_text(b, r, 0, "项目资金（万元）", JX_XS_LABEL);
	jx_fx_span(b, r, 1, 2, "资金来源", JX_XS_HEAD);
	jx_fx_heads(b, r, 3, heads, 6);
	snprintf(months, sizeof months, "1–%d月执行数", m->month);
	jx_fx_text(b, r, 5, months, JX_XS_HEAD);
	jx_fx_span(b, r, 9, 3, "全年预计执行数", JX_XS_HEAD);
	for (int i = 0; i < nf; i++) {
		const jx_fund *f = rows[i].fund;
		jx_fund_light none = {JX_NONE, JX_NONE, JX_LIGHT_NONE};
		size_t k = f ? (size_t)(f - x->sheet->funds) : 0;
		fund_row(b, jx_nz(rows[i].source), f, f ? &m->funds[k] : &none, JX_XS_TEXT);
	}
	for (size_t i = 0; i < x->sheet->n_funds; i++)
		total.forecast = x->sheet->funds[i].forecast == JX_NONE ? total.forecast
									 : jx_add(total.forecast, x->sheet->funds[i].forecast);
	fund_row(b, "合计", &total, &m->total, JX_XS_TOTAL);
	if (b->f->nrows - first > 1)
		jx_fx_merge(b, first, 0, b->f->nrows - first, 1);
	free(rows);
}

static void num_or_text(jx_xbuilder *b, int r, int c, jx_dec v, const char *text)
{
	char num[48];
	jx_fx_text(b, r, c, v == JX_NONE ? jx_nz(text) : jx_fmt_trim(num, v), JX_XS_CENTER);
}

/* An indicator's row after its 二级 cell (ctx: the sheet's lights). */
static void indicator_row(jx_xbuilder *b, int r, const jx_indicator *d, size_t i, const void *ctx)
{
	const jx_monitor *m = ctx;
	char tgt[96], num[48];
	jx_fx_text(b, r, M_L3, jx_nz(d->name), JX_XS_TEXT);
	/* 年度指标值 with its comparator and unit: "≥ 95 %" */
	if (d->target == JX_NONE)
		snprintf(tgt, sizeof tgt, "%s", jx_nz(d->target_text));
	else
		snprintf(tgt, sizeof tgt, "%s%s%s", jx_cmp_symbol(d->cmp), jx_fmt_trim(num, d->target), jx_nz(d->unit));
	/* a number with its comparator and unit is one figure: not broken */
	jx_fx_text(b, r, M_TARGET, tgt, d->target == JX_NONE ? JX_XS_CENTER : JX_XS_NUMBER);
	num_or_text(b, r, M_ACTUAL, d->actual, d->actual_text);
	jx_fx_tag(b, r, M_ACTUAL, "ind", d->key, "actual");
	num_or_text(b, r, M_FORECAST, d->forecast, NULL);
	jx_fx_text(b, r, M_LIKELY, jx_nz(d->likelihood), JX_XS_CENTER);
	light_cell(b, r, M_LIGHT, m->inds[i].light, m->inds[i].gap);
	jx_fx_text(b, r, M_CAUSE, jx_nz(d->cause), JX_XS_CENTER);
	jx_fx_text(b, r, M_REASON, jx_nz(d->deviation_reason), JX_XS_TEXT);
	jx_fx_text(b, r, M_RECTIFY, jx_nz(d->rectify), JX_XS_CENTER);
	jx_fx_text(b, r, M_MEASURES, jx_nz(d->measures), JX_XS_TEXT);
	/* the cells showing its own fields exactly */
	jx_fx_tag(b, r, M_L3, "ind", d->key, "name");
	jx_fx_tag(b, r, M_TARGET, "ind", d->key, "target");
	jx_fx_tag(b, r, M_FORECAST, "ind", d->key, "monitor.forecast");
	jx_fx_tag(b, r, M_LIKELY, "ind", d->key, "monitor.likelihood");
	jx_fx_tag(b, r, M_CAUSE, "ind", d->key, "monitor.cause");
	jx_fx_tag(b, r, M_REASON, "ind", d->key, "deviation_reason");
	jx_fx_tag(b, r, M_RECTIFY, "ind", d->key, "monitor.rectify");
	jx_fx_tag(b, r, M_MEASURES, "ind", d->key, "monitor.measures");
}

static void monitoring_indicators(jx_xbuilder *b, const jx_xsheet *x, const jx_monitor *m)
{
	static const char *const heads[] = {"一级指标",   "二级指标", "三级指标",	"年度指标值", "",
					    "全年预计完成值", "完成目标可能性", "预警（差距）", "偏差原因",	"原因说明",
					    "是否需要整改", "整改措施"};
	char months[48];
	int r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_heads(b, r, 0, heads, JX_XMONITORING_COLUMNS);
	snprintf(months, sizeof months, "1–%d月实际完成值", m->month);
	jx_fx_text(b, r, M_ACTUAL, months, JX_XS_HEAD);
	b->f->head_first = r;
	b->f->head_rows = 1;
	jx_fx_slot_table(b, x, M_L1, M_L2, indicator_row, m);
}

void jx_xbuild_monitoring(jx_xbuilder *b, const jx_xsheet *x)
{
	static const int mins[JX_XMONITORING_COLUMNS] = {8, 10, 16, 12, 10, 10, 8, 12, 8, 16, 6, 16};
	static const int maxs[JX_XMONITORING_COLUMNS] = {10, 12, 28, 14, 12, 12, 10, 14, 10, 28, 8, 28};
	static const jx_xfield particulars[] = {{"主管部门", 2, JX_INFO_DEPARTMENT, 4}, {"实施单位", 2, JX_INFO_UNIT, 4}};
	const jx_sheet *s = x->sheet;
	jx_xsbuf sb = {0};
	jx_monitor m;
	char line[96], pc[40];

	if (jx_monitor_compute(x->tpl, s, &m) < 0) {
		b->oom = 1;
		return;
	}
	jx_fx_begin(b, x, mins, maxs);
	jx_fx_info_line(b, "项目名称", s, JX_INFO_NAME);
	jx_fx_field_rows(b, s, particulars, 2);
	if (m.schedule != JX_NONE)
		snprintf(line, sizeof line, "1–%d月，%s%%", m.month, jx_fmt(pc, m.schedule, 2));
	else
		snprintf(line, sizeof line, "（未指定截止月份）");
	jx_fx_line(b, "序时进度", line);
	monitoring_funds(b, x, &m);
	for (size_t i = 0; i < s->n_goals; i++)
		if (jx_has_text(s->goals[i].planned))
			jx_xsb_add(&sb, "%s%s", sb.len ? "\n" : "", s->goals[i].planned);
	jx_fx_line(b, "年度总体目标", sb.len ? sb.s : "");
	if (sb.oom)
		b->oom = 1;
	free(sb.s);
	monitoring_indicators(b, x, &m);
	jx_fx_note(b, "预警：G 绿、Y 黄、R 红；资金的差距为序时进度减执行率（百分点），指标的差距为 100 减预计完成程度"
		      "（全年预计完成值与年度指标值之比，百分点）；界限见模板。");
	jx_fx_signoff(b, s);
	jx_monitor_free(&m);
}
