/* 19. A sheet against the earlier stages of its project's year
 * (share/checks.md, check 19): the targets declared with the budget, and
 * the forecasts the latest monitoring sheet made.  A target that changed
 * needs its adjustment recorded (adjust_reason); a self-evaluation's
 * actual below the monitoring forecast needs its reason; so does spending
 * below the spending forecast.  Indicators are matched by key: `jixiao
 * stage` keeps every key, so a key names the same indicator in every stage. */
#include "checks_int.h"
#include "stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const jx_indicator *same_ind(const jx_sheet *other, const char *key)
{
	return other ? jx_sheet_ind(other, key) : NULL;
}

/* The target as the forms print it: "≥95%", or its text. */
static const char *target_text(ck_ctx *c, const jx_indicator *d)
{
	char *b = ck_nbuf(c);
	if (d->target == JX_NONE)
		snprintf(b, CK_NB, "%s", d->target_text ? d->target_text : "");
	else
		snprintf(b, CK_NB, "%s%s%s", jx_cmp_symbol(d->cmp), ck_num(c, d->target), d->unit ? d->unit : "");
	return b;
}

static int target_changed(const jx_indicator *a, const jx_indicator *b)
{
	if (a->target != JX_NONE || b->target != JX_NONE)
		return a->target != b->target || a->cmp != b->cmp;
	return !jx_texteq(a->target_text, b->target_text);
}

/* "监控 1–6月" of the monitoring sheet, in a buffer of the ring. */
static const char *mon_name(ck_ctx *c, const jx_sheet *mon)
{
	return jx_stage_text(mon->stage, mon->stage_month, ck_nbuf(c), CK_NB);
}

/* W1902: the actual misses the forecast in the direction that matters
 * (below for "more is better", above for ≤ and <). */
static int behind(const jx_indicator *d, jx_dec forecast)
{
	if (d->actual == JX_NONE || forecast == JX_NONE)
		return 0;
	return d->cmp == JX_CMP_LE || d->cmp == JX_CMP_LT ? d->actual > forecast : d->actual < forecast;
}

static void check_inds(ck_ctx *c, const jx_sheet *decl, const jx_sheet *mon)
{
	char path[160];
	int self = jx_sheet_stage_in(c->s, c->t) == JX_STAGE_SELF;
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i], *x = same_ind(decl, d->key), *m = same_ind(mon, d->key);
		if (x && target_changed(d, x) && ck_blank(d->adjust_reason)) {
			snprintf(path, sizeof path, "ind:%s:adjust_reason", d->key);
			ck_add(c, "W1901", path, "%s：年度指标值 %s 与申报时的 %s 不同，未填指标调整说明",
			       "%s: the target %s differs from the declared %s, and no adjustment reason is recorded",
			       ck_ind_name(d), target_text(c, d), target_text(c, x));
		}
		if (self && m && behind(d, m->forecast) && ck_blank(d->deviation_reason)) {
			snprintf(path, sizeof path, "ind:%s:deviation_reason", d->key);
			ck_add(c, "W1902", path, "%s：实际完成值 %s 低于监控时的全年预计 %s（%s），未说明原因",
			       "%s: the actual %s is behind the forecast %s made at monitoring (%s), and no reason is given",
			       ck_ind_name(d), ck_num(c, d->actual), ck_num(c, m->forecast), mon_name(c, mon));
		}
	}
}

/* W1903: the year's spending below what monitoring forecast for it. */
static void check_spending(ck_ctx *c, const jx_sheet *mon)
{
	const char *field = c->t && c->t->rules.exec_reason_field ? c->t->rules.exec_reason_field : "narr:problems";
	jx_dec forecast = JX_NONE;
	char label[200], *text;
	for (size_t i = 0; i < mon->n_funds; i++)
		forecast = mon->funds[i].forecast == JX_NONE ? forecast : jx_add(forecast, mon->funds[i].forecast);
	if (forecast == JX_NONE || c->tot.spent == JX_NONE || c->tot.spent >= forecast)
		return;
	if (!(text = ck_field_text(c, field)))
		return;
	if (ck_says_none(text))
		ck_add(c, "W1903", field, "全年执行数 %s 万元低于监控时预计的 %s 万元（%s），须在“%s”中说明原因",
		       "spending of %s (10,000 yuan) is below the %s forecast at monitoring (%s): give the reason in \"%s\"",
		       ck_num2(c, c->tot.spent), ck_num2(c, forecast), mon_name(c, mon),
		       ck_field_label(c, field, label, sizeof label));
	free(text);
}

void jx_check_stages(const jx_template *t, const jx_sheet *s, const jx_sheet *decl, const jx_sheet *mon,
		     jx_findings *out)
{
	ck_ctx *c;
	jx_stage g = jx_sheet_stage_in(s, t);
	if (!s || !out || g == JX_STAGE_DECLARATION || (!decl && !mon))
		return;
	if (!(c = calloc(1, sizeof *c)))
		return;
	c->t = t;
	c->s = s;
	c->out = out;
	c->tot = jx_sheet_fund_totals(s);
	check_inds(c, decl, g == JX_STAGE_SELF ? mon : NULL);
	if (g == JX_STAGE_SELF && mon)
		check_spending(c, mon);
	free(c);
}
