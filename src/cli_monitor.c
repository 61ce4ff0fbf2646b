/* `jixiao score` of a monitoring sheet (绩效运行监控): 序时进度 for months
 * 1–N as the template reckons it, then each fund row's execution against it
 * and each indicator's forecast against its target, with the gap and the
 * light as a letter and a word (G 绿, Y 黄, R 红), readable without
 * colour.  The figures come from monitor.h. */
#include <stdio.h>
#include <string.h>

#include "cli_int.h"
#include "monitor.h"
#include "stage.h"
#include "store.h"

static const char *pct2(char *buf, jx_dec v)
{
	if (v == JX_NONE)
		return "";
	jx_fmt(buf, v, 2);
	return buf;
}

static const char *money(char *buf, jx_dec v)
{
	return v == JX_NONE ? "" : jx_fmt(buf, v, 2);
}

static const char *light_text(char *buf, size_t len, jx_light l)
{
	snprintf(buf, len, "%s %s", jx_light_letter(l), jx_light_name(l));
	return l == JX_LIGHT_NONE ? "-" : buf;
}

static const char *schedule_how(const jx_template *t)
{
	switch (t && t->monitor.on ? t->monitor.schedule : JX_SCHED_MONTHS) {
	case JX_SCHED_DAYS: return L("按日", "by day");
	case JX_SCHED_TABLE: return L("按模板进度表", "by the template's table");
	default: return L("按月", "by month");
	}
}

static void fund_line(const char *name, jx_dec planned, jx_dec budget, jx_dec spent, jx_dec forecast,
		      const jx_fund_light *f)
{
	static const int w[] = {16, -10, -10, -10, -8, -8, 7, -10};
	char b[6][40], lt[32];
	const char *cells[] = {name,
			       money(b[0], planned),
			       money(b[1], budget),
			       money(b[2], spent),
			       pct2(b[3], f->rate),
			       pct2(b[4], f->gap),
			       light_text(lt, sizeof lt, f->light),
			       money(b[5], forecast)};
	put_cells(8, cells, w, NULL);
}

static void print_funds(const jx_sheet *s, const jx_monitor *m)
{
	static const int w[] = {16, -10, -10, -10, -8, -8, 7, -10};
	char months[40];
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	jx_dec fc = JX_NONE;
	const char *head[8];
	snprintf(months, sizeof months, L("1–%d月执行", "spent 1-%d"), m->month);
	head[0] = L("资金来源", "source");
	head[1] = L("年初预算", "initial");
	head[2] = L("调整后预算", "adjusted");
	head[3] = months;
	head[4] = L("执行率%", "rate %");
	head[5] = L("差距", "gap");
	head[6] = L("灯", "light");
	head[7] = L("全年预计", "forecast");
	put_cells(8, head, w, NULL);
	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *f = &s->funds[i];
		fc = f->forecast == JX_NONE ? fc : jx_add(fc, f->forecast);
		fund_line(jx_nz(f->source), f->planned, f->budget, f->spent, f->forecast, &m->funds[i]);
	}
	fund_line(L("合计", "total"), ft.planned, ft.budget, ft.spent, fc, &m->total);
}

static void print_inds(const jx_sheet *s, const jx_monitor *m)
{
	static const int w[] = {24, -10, -10, -10, -10, -8, 10, 7};
	char b[5][40], lt[32];
	const char *head[] = {L("指标", "indicator"), L("年度指标值", "target"),   L("实际完成", "actual"),
			      L("全年预计", "forecast"),  L("预计完成%", "progress %"), L("差距", "gap"),
			      L("完成可能性", "likelihood"), L("灯", "light")};
	put_cells(8, head, w, NULL);
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		const char *cells[] = {d->name ? d->name : d->key,
				       d->target == JX_NONE ? jx_nz(d->target_text) : jx_fmt_trim(b[0], d->target),
				       d->actual == JX_NONE ? jx_nz(d->actual_text) : jx_fmt_trim(b[1], d->actual),
				       d->forecast == JX_NONE ? "" : jx_fmt_trim(b[2], d->forecast),
				       pct2(b[3], m->inds[i].progress),
				       pct2(b[4], m->inds[i].gap),
				       jx_nz(d->likelihood),
				       light_text(lt, sizeof lt, m->inds[i].light)};
		put_cells(8, cells, w, NULL);
	}
}

void cli_print_monitoring(const jx_template *t, const jx_sheet *s)
{
	jx_monitor m;
	char b1[40];
	if (jx_monitor_compute(t, s, &m) < 0) {
		cli_err("内存不足", "out of memory");
		return;
	}
	if (m.schedule == JX_NONE)
		cli_out("序时进度 - (未指定截止月份)\n", "Time schedule - (no month given)\n");
	else
		cli_out("序时进度 %s%%（1–%d月，%s）\n", "Time schedule %s%% (months 1-%d, %s)\n", pct2(b1, m.schedule),
			m.month, schedule_how(t));
	cli_out("灯：绿 %zu  黄 %zu  红 %zu\n", "Lights: green %zu  yellow %zu  red %zu\n", m.count[JX_LIGHT_GREEN],
		m.count[JX_LIGHT_YELLOW], m.count[JX_LIGHT_RED]);
	print_funds(s, &m);
	print_inds(s, &m);
	jx_monitor_free(&m);
}

int cli_light_arg(const char *arg, int *light)
{
	static const struct {
		const char *en, *zh;
		jx_light l;
	} words[] = {{"red", "红", JX_LIGHT_RED}, {"yellow", "黄", JX_LIGHT_YELLOW}, {"green", "绿", JX_LIGHT_GREEN}};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(arg, words[i].en) || !strcmp(arg, words[i].zh)) {
			*light = (int)words[i].l;
			return 0;
		}
	cli_err("未知的灯“%s”；可用：red（红）、yellow（黄）、green（绿）", "unknown light \"%s\"; use red, yellow or green",
		arg);
	return JX_EXIT_USAGE;
}

/* The worst light of a stored monitoring sheet; JX_LIGHT_NONE for any
 * other sheet, or one that cannot be read. */
static jx_light worst_light(cli_t *c, jx_store *st, int64_t id)
{
	jx_sheet *s = NULL;
	jx_monitor m;
	jx_err err;
	jx_light worst = JX_LIGHT_NONE;
	const jx_template *t;
	if (jx_store_load(st, id, &s, &err) < 0)
		return JX_LIGHT_NONE;
	t = jx_templates_find(&c->tpl, jx_nz(s->template_id));
	if (t && jx_sheet_stage_in(s, t) == JX_STAGE_MONITORING && jx_monitor_compute(t, s, &m) == 0) {
		for (int l = JX_LIGHT_GREEN; l <= JX_LIGHT_RED; l++)
			if (m.count[l])
				worst = (jx_light)l;
		jx_monitor_free(&m);
	}
	jx_sheet_free(s);
	return worst;
}

size_t cli_keep_light(cli_t *c, jx_store *st, jx_sheet_summary *v, size_t n, int light)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (jx_stage_of_key(v[i].stage) == JX_STAGE_MONITORING && (int)worst_light(c, st, v[i].id) == light) {
			v[k++] = v[i];
			continue;
		}
		jx_summary_clear(&v[i]);
	}
	return k;
}
