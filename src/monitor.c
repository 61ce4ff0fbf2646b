/* Monitoring figures and lights (monitor.h). */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "monitor.h"

const char *const jx_monitor_likelihoods[] = {"确定能", "有可能", "完全不可能", NULL};
const char *const jx_monitor_causes[] = {"经费保障", "制度保障", "人员保障", "硬件条件保障", "其他", NULL};
const char *const jx_monitor_rectify[] = {"是", "否", NULL};

int jx_monitor_word(const char *const *list, const char *word)
{
	for (int i = 0; word && *word && list[i]; i++)
		if (strcmp(list[i], word) == 0)
			return i;
	return -1;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

jx_dec jx_monitor_schedule(const jx_template *t, int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int sched = t && t->monitor.on ? (int)t->monitor.schedule : JX_SCHED_MONTHS, doy = 0;
	if (month < 1 || month > 12)
		return JX_NONE;
	switch (sched) {
	case JX_SCHED_TABLE:
		return jx_round(t->monitor.table[month - 1], 2);
	case JX_SCHED_DAYS:
		/* the last day of month N as a share of the year's days */
		for (int i = 0; i < month; i++)
			doy += days[i] + (i == 1 && leap(year));
		return jx_muldiv(JX_INT(doy), JX_INT(100), JX_INT(365 + leap(year)), 2);
	default:
		return jx_muldiv(JX_INT(month), JX_INT(100), JX_INT(12), 2);
	}
}

static int over(jx_dec gap, const jx_light_edge *e)
{
	return e->edge != JX_NONE && (e->inclusive ? gap >= e->edge : gap > e->edge);
}

jx_light jx_monitor_light(jx_dec gap, const jx_light_edge *yellow, const jx_light_edge *red)
{
	if (gap == JX_NONE)
		return JX_LIGHT_NONE;
	if (over(gap, red))
		return JX_LIGHT_RED;
	return over(gap, yellow) ? JX_LIGHT_YELLOW : JX_LIGHT_GREEN;
}

static jx_fund_light fund_light(const jx_template *t, jx_dec schedule, jx_dec budget, jx_dec planned, jx_dec spent)
{
	jx_fund_light f = {JX_NONE, JX_NONE, JX_LIGHT_NONE};
	jx_dec base = budget != JX_NONE ? budget : planned; /* 调整后预算, else 年初预算 */
	if (base == JX_NONE || base <= 0 || spent == JX_NONE)
		return f;
	f.rate = jx_muldiv(spent, JX_INT(100), base, 2);
	if (schedule == JX_NONE || f.rate == JX_NONE)
		return f;
	f.gap = schedule - f.rate;
	if (t && t->monitor.on)
		f.light = jx_monitor_light(f.gap, &t->monitor.fund_yellow, &t->monitor.fund_red);
	return f;
}

/* 预计完成程度: for "more is better" (≥, >, =) forecast ÷ target; for
 * "less is better" (≤, <) target ÷ forecast, a forecast of 0 meeting it. */
static jx_dec progress(const jx_indicator *d)
{
	if (d->target == JX_NONE || d->forecast == JX_NONE)
		return JX_NONE;
	switch (d->cmp) {
	case JX_CMP_GE:
	case JX_CMP_GT:
	case JX_CMP_EQ:
		return d->target > 0 ? jx_muldiv(d->forecast, JX_INT(100), d->target, 2) : JX_NONE;
	case JX_CMP_LE:
	case JX_CMP_LT:
		if (d->forecast <= d->target)
			return JX_INT(100);
		return d->forecast > 0 ? jx_muldiv(d->target, JX_INT(100), d->forecast, 2) : JX_NONE;
	default:
		return JX_NONE;
	}
}

jx_ind_light jx_monitor_ind(const jx_template *t, const jx_indicator *d)
{
	jx_ind_light r = {progress(d), JX_NONE, JX_LIGHT_NONE};
	int likely = jx_monitor_word(jx_monitor_likelihoods, d->likelihood);
	if (r.progress != JX_NONE) {
		r.gap = r.progress >= JX_INT(100) ? 0 : JX_INT(100) - r.progress;
		if (t && t->monitor.on)
			r.light = jx_monitor_light(r.gap, &t->monitor.ind_yellow, &t->monitor.ind_red);
	}
	/* what the unit says of its own chances raises the light, never lowers it */
	if (t && t->monitor.on && likely == JX_LIKELY_NEVER)
		r.light = JX_LIGHT_RED;
	else if (t && t->monitor.on && likely == JX_LIKELY_MAYBE && r.light < JX_LIGHT_YELLOW)
		r.light = JX_LIGHT_YELLOW;
	else if (t && t->monitor.on && likely == 0 && r.light == JX_LIGHT_NONE)
		r.light = JX_LIGHT_GREEN;
	return r;
}

int jx_monitor_compute(const jx_template *t, const jx_sheet *s, jx_monitor *m)
{
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	memset(m, 0, sizeof *m);
	m->month = s->stage_month;
	m->schedule = jx_monitor_schedule(t, s->year, s->stage_month);
	if ((s->n_funds && !(m->funds = calloc(s->n_funds, sizeof *m->funds))) ||
	    (s->n_inds && !(m->inds = calloc(s->n_inds, sizeof *m->inds)))) {
		jx_monitor_free(m);
		return -1;
	}
	m->n_funds = s->n_funds;
	m->n_inds = s->n_inds;
	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *f = &s->funds[i];
		m->funds[i] = fund_light(t, m->schedule, f->budget, f->planned, f->spent);
		m->count[m->funds[i].light]++;
	}
	m->total = fund_light(t, m->schedule, ft.budget, ft.planned, ft.spent);
	m->count[m->total.light]++;
	for (size_t i = 0; i < s->n_inds; i++) {
		m->inds[i] = jx_monitor_ind(t, &s->inds[i]);
		m->count[m->inds[i].light]++;
	}
	return 0;
}

void jx_monitor_free(jx_monitor *m)
{
	free(m->funds);
	free(m->inds);
	m->funds = NULL;
	m->inds = NULL;
	m->n_funds = m->n_inds = 0;
}

const char *jx_light_letter(jx_light l)
{
	static const char *const letters[] = {"-", "G", "Y", "R"};
	return letters[l];
}

const char *jx_light_name(jx_light l)
{
	switch (l) {
	case JX_LIGHT_GREEN: return L("绿", "green");
	case JX_LIGHT_YELLOW: return L("黄", "yellow");
	case JX_LIGHT_RED: return L("红", "red");
	default: return "-";
	}
}

jx_light jx_monitor_worst(const jx_monitor *m)
{
	for (int l = JX_LIGHT_RED; l > JX_LIGHT_NONE; l--)
		if (m->count[l])
			return (jx_light)l;
	return JX_LIGHT_NONE;
}

const jx_grade_band *jx_monitor_band(jx_light l)
{
	static const jx_grade_band bands[] = {
		{"绿灯", "green light", 0},
		{"黄灯", "yellow light", 0},
		{"红灯", "red light", 0},
	};
	return l == JX_LIGHT_NONE ? NULL : &bands[l - JX_LIGHT_GREEN];
}
