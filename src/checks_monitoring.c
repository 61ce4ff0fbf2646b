/* 18. A monitoring sheet (绩效运行监控) as the finance bureau reads it
 * (share/checks.md, check 18): every red light explained, 完全不可能 with
 * its 整改措施, a forecast short of its target explained, the table's own
 * words in its word columns.  Runs only on a monitoring sheet; the lights
 * are the template's (monitor.h). */
#include "checks_int.h"
#include "monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reason of a fund row's light: written where the template asks for
 * the reason of low execution (存在的问题及原因分析 by default). */
static void fund_red(ck_ctx *c, const jx_monitor *m)
{
	const char *field = c->t->rules.exec_reason_field ? c->t->rules.exec_reason_field : "narr:problems";
	char label[200], path[320], *text;
	if (!(text = ck_field_text(c, field)))
		return;
	if (!ck_says_none(text)) {
		free(text);
		return;
	}
	for (size_t i = 0; i <= c->s->n_funds; i++) {
		const jx_fund_light *l = i < c->s->n_funds ? &m->funds[i] : &m->total;
		const char *name = i < c->s->n_funds ? jx_nz(c->s->funds[i].source) : L("合计", "total");
		if (l->light != JX_LIGHT_RED)
			continue;
		if (i < c->s->n_funds)
			snprintf(path, sizeof path, "fund:%.200s:spent", name);
		else
			snprintf(path, sizeof path, "%s", field);
		ck_add(c, "W1801", path, "%s：红灯（执行率 %s%%，序时进度 %s%%，差距 %s 个百分点），须在“%s”中说明原因",
		       "%s: red light (execution %s%%, time schedule %s%%, gap %s points): give the reason in \"%s\"", name,
		       ck_num2(c, l->rate), ck_num2(c, m->schedule), ck_num2(c, l->gap),
		       ck_field_label(c, field, label, sizeof label));
	}
	free(text);
}

static int has_reason(const jx_indicator *d)
{
	return !ck_blank(d->cause) && !ck_blank(d->deviation_reason);
}

/* W1804: a word column holding something the table does not offer. */
static void check_words(ck_ctx *c, const jx_indicator *d)
{
	static const struct {
		const char *col, *zh, *en;
		const char *const *words;
		const char *list;
	} cols[] = {
		{"likelihood", "完成目标可能性", "likelihood", jx_monitor_likelihoods, "确定能、有可能、完全不可能"},
		{"cause", "偏差原因类别", "cause of deviation", jx_monitor_causes, "经费保障、制度保障、人员保障、硬件条件保障、其他"},
		{"rectify", "是否需要整改", "needs rectification", jx_monitor_rectify, "是、否"},
	};
	const char *v[] = {d->likelihood, d->cause, d->rectify};
	char path[160];
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
		if (ck_blank(v[k]) || jx_monitor_word(cols[k].words, v[k]) >= 0)
			continue;
		snprintf(path, sizeof path, "ind:%s:%s", d->key, cols[k].col);
		ck_add(c, "W1804", path, "%s：%s「%s」不是监控表的选项（%s）", "%s: %s \"%s\" is not one of the table's words (%s)",
		       ck_ind_name(d), L(cols[k].zh, cols[k].en), v[k], cols[k].list);
	}
}

static void check_ind(ck_ctx *c, const jx_indicator *d, const jx_ind_light *l)
{
	char path[160];
	int likely = jx_monitor_word(jx_monitor_likelihoods, d->likelihood);
	snprintf(path, sizeof path, "ind:%s:deviation_reason", d->key);
	if (l->light == JX_LIGHT_RED && !has_reason(d))
		ck_add(c, "W1801", path, "%s：红灯（%s），未填偏差原因类别及说明",
		       "%s: red light (%s) without the cause of deviation and its explanation", ck_ind_name(d),
		       l->gap != JX_NONE && l->gap > 0 ? L("预计完成程度不足", "forecast short of target")
						       : L("完成目标可能性为完全不可能", "likelihood 完全不可能"));
	else if (l->light != JX_LIGHT_RED && l->progress != JX_NONE && l->progress < JX_INT(100) && !has_reason(d))
		ck_add(c, "W1803", path, "%s：全年预计完成值 %s 未达年度指标值 %s（预计完成 %s%%），未填偏差原因类别及说明",
		       "%s: the forecast %s falls short of the target %s (%s%% expected), without the cause and its explanation",
		       ck_ind_name(d), ck_num(c, d->forecast), ck_num(c, d->target), ck_num2(c, l->progress));
	snprintf(path, sizeof path, "ind:%s:measures", d->key);
	if (likely == JX_LIKELY_NEVER && ck_blank(d->measures))
		ck_add(c, "W1802", path, "%s：完成目标可能性为完全不可能，未填整改措施",
		       "%s: the target is 完全不可能 (cannot be met) and no rectification measures are given", ck_ind_name(d));
	else if (jx_monitor_word(jx_monitor_rectify, d->rectify) == 0 && ck_blank(d->measures))
		ck_add(c, "W1805", path, "%s：需要整改，未填整改措施", "%s: rectification needed, no measures given",
		       ck_ind_name(d));
	check_words(c, d);
}

void ck_check_monitoring(ck_ctx *c)
{
	jx_monitor m;
	if (jx_monitor_compute(c->t, c->s, &m) < 0)
		return;
	if (c->s->stage_month < 1 || c->s->stage_month > 12)
		ck_add(c, "W1806", "execution", "监控表未指定截止月份，无法计算序时进度",
		       "the monitoring sheet has no last month: the time schedule cannot be computed");
	fund_red(c, &m);
	for (size_t i = 0; i < c->s->n_inds; i++)
		check_ind(c, &c->s->inds[i], &m.inds[i]);
	jx_monitor_free(&m);
}
