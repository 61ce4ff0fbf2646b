/* Checks on an indicator's target and actual: 5 two actuals, 6 unmet
 * targets, deviation reasons and overrides, 13 targets below last year's
 * actuals; with the comparisons they share. */
#include "checks_int.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* indicators                                                               */

/* Target not met, from the engine's flag or the comparator itself. */
int ck_ind_unmet(const jx_indicator *d, const jx_score_item *it)
{
	jx_dec a = d->actual, t = d->target;
	if (it && (it->flags & JX_SF_UNMET))
		return 1;
	if (a == JX_NONE || t == JX_NONE)
		return 0;
	switch (d->cmp) {
	case JX_CMP_GE:
		return a < t;
	case JX_CMP_GT:
		return a <= t;
	case JX_CMP_EQ:
		return a != t;
	case JX_CMP_LE:
		return a > t;
	case JX_CMP_LT:
		return a >= t;
	default:
		return 0;
	}
}

int ck_ind_positive(const jx_indicator *d)
{
	return d->cmp == JX_CMP_GE || d->cmp == JX_CMP_GT || d->cmp == JX_CMP_EQ;
}

/* Completion rate actual ÷ target in percent (positive indicators with a target > 0). */
jx_dec ck_ind_completion_pct(const jx_indicator *d, int decimals)
{
	if (!ck_ind_positive(d) || d->actual == JX_NONE || d->target == JX_NONE || d->target <= 0)
		return JX_NONE;
	return jx_muldiv(d->actual < 0 ? 0 : d->actual, JX_INT(100), d->target, decimals);
}

static int ind_over(const ck_ctx *c, const jx_indicator *d, const jx_score_item *it)
{
	const jx_rules *r = &c->t->rules;
	if (it && (it->flags & JX_SF_OVER))
		return 1;
	if (r->over_threshold == JX_NONE || d->actual == JX_NONE || d->target == JX_NONE || d->target <= 0)
		return 0;
	if (d->cmp != JX_CMP_GE && d->cmp != JX_CMP_GT)
		return 0;
	return jx_cmp_ratio(d->actual, d->target, r->over_threshold, JX_SCALE) >= 0;
}

/* ------------------------------------------------------------------------ */
/* 5. two actuals for one indicator                                         */

void ck_check_actuals(ck_ctx *c)
{
	char path[160];
	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		char key[128];
		const char *col;
		const jx_indicator *d;
		if (!ck_split_stated(st->path, "ind:", key, sizeof key, &col) || strcmp(col, "actual") != 0)
			continue;
		d = ck_sheet_ind(c, key);
		if (!d || st->value == JX_NONE || d->actual == JX_NONE || st->value == d->actual)
			continue;
		snprintf(path, sizeof path, "ind:%s:actual", d->key);
		ck_add(c, "W501", path, "%s：文中实际值 %s%s，表中实际值 %s，同一指标有两个实际值",
		       "%s: the document gives the actual as %s%s, the table as %s: two actuals for one indicator",
		       ck_ind_name(d), ck_num_unit(c, st->value, d->unit), ck_src_note(c, st),
		       ck_num_unit(c, d->actual, d->unit));
	}
}

/* ------------------------------------------------------------------------ */
/* 6. unmet targets, deviation reasons, overrides                           */

static const jx_qual_band *top_band(const jx_rules *r, int *idx)
{
	const jx_qual_band *top = NULL;
	*idx = -1;
	for (size_t i = 0; i < r->n_bands; i++)
		if (!top || r->bands[i].hi > top->hi) {
			top = &r->bands[i];
			*idx = (int)i;
		}
	return top;
}

/* "目标 80，实际 56，完成率 70.00%": how an indicator stands, for messages. */
static void target_actual(ck_ctx *c, const jx_indicator *d, char *ta, size_t len)
{
	jx_dec comp = ck_ind_completion_pct(d, 2);
	if (comp != JX_NONE)
		snprintf(ta, len, L("目标 %s，实际 %s，完成率 %s%%", "target %s, actual %s, %s%% achieved"),
			 ck_num_unit(c, d->target, d->unit), ck_num_unit(c, d->actual, d->unit), ck_num2(c, comp));
	else
		snprintf(ta, len, L("目标 %s%s，实际 %s", "target %s%s, actual %s"), jx_cmp_symbol(d->cmp),
			 d->target != JX_NONE ? ck_num_unit(c, d->target, d->unit)
					      : (d->target_text ? d->target_text : ""),
			 d->actual != JX_NONE ? ck_num_unit(c, d->actual, d->unit)
					      : (d->actual_text ? d->actual_text : ""));
	ck_utf8_fix_tail(ta);
}

void ck_check_targets(ck_ctx *c)
{
	const jx_rules *r = &c->t->rules;
	char path[160];
	int top_idx;
	top_band(r, &top_idx);

	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		const jx_score_item *it = ck_ind_item(c, d);
		int unmet = ck_ind_unmet(d, it);
		char ta[600];
		/* the text of ta only when a finding needs it (most indicators raise none) */
#define TA() (ta[0] ? ta : (target_actual(c, d, ta, sizeof ta), ta))
		ta[0] = 0;

		if (unmet) {
			const jx_stated *st_rate = ck_stated_for(c, "ind:", d->key, "rate");
			const jx_stated *st_score = ck_stated_for(c, "ind:", d->key, "score");
			int full = 0;
			if (d->points != JX_NONE && d->points > 0) {
				if (d->score_stated != JX_NONE && d->score_stated >= d->points) {
					snprintf(path, sizeof path, "ind:%s:score_stated", d->key);
					ck_add(c, "E601", path, "%s：%s，却记满分 %s", "%s: %s, yet scored the full %s",
					       ck_ind_name(d), TA(), ck_num(c, d->score_stated));
					full = 1;
				} else if (st_score && st_score->value != JX_NONE && st_score->value >= d->points) {
					snprintf(path, sizeof path, "ind:%s", d->key);
					ck_add(c, "E601", path, "%s：%s，却记满分 %s%s",
					       "%s: %s, yet scored the full %s%s", ck_ind_name(d), TA(),
					       ck_num(c, st_score->value), ck_src_note(c, st_score));
					full = 1;
				} else if (d->override_score != JX_NONE && d->override_score >= d->points) {
					snprintf(path, sizeof path, "ind:%s:override_score", d->key);
					ck_add(c, "E601", path, "%s：%s，却改判为满分 %s",
					       "%s: %s, yet overridden to the full %s", ck_ind_name(d), TA(),
					       ck_num(c, d->override_score));
					full = 1;
				}
			}
			if (!full && st_rate && st_rate->value != JX_NONE && st_rate->value >= JX_INT(100)) {
				snprintf(path, sizeof path, "ind:%s", d->key);
				ck_add(c, "E601", path, "%s：%s，文中却写作完成率 %s%%%s",
				       "%s: %s, yet the document states %s%% achieved%s", ck_ind_name(d), TA(),
				       ck_num(c, st_rate->value), ck_src_note(c, st_rate));
			}
			if (ck_blank(d->deviation_reason)) {
				snprintf(path, sizeof path, "ind:%s:deviation_reason", d->key);
				ck_add(c, "W602", path, "%s：未达成目标（%s），未填写偏差原因",
				       "%s: target not met (%s), and no deviation reason is given", ck_ind_name(d),
				       TA());
			}
		}
		if (r->over_reason_required && ck_blank(d->deviation_reason) && ind_over(c, d, it)) {
			snprintf(path, sizeof path, "ind:%s:deviation_reason", d->key);
			ck_add(c, "W603", path, "%s：%s，达到或超过目标的 %s%%，须说明偏差原因，未填写",
			       "%s: %s, at or above %s%% of the target, which needs a deviation reason; none given",
			       ck_ind_name(d), TA(), ck_num(c, jx_muldiv(r->over_threshold, JX_INT(100), JX_SCALE, 2)));
		}
#undef TA
		if (d->override_score != JX_NONE && ck_blank(d->override_reason)) {
			snprintf(path, sizeof path, "ind:%s:override_reason", d->key);
			ck_add(c, "E604", path, "%s：改判得分 %s 分，未填写改判理由",
			       "%s: score overridden to %s without a reason", ck_ind_name(d),
			       ck_num(c, d->override_score));
		}
		if (d->cmp == JX_CMP_QUAL && d->band >= 0 && (size_t)d->band < r->n_bands && d->band != top_idx &&
		    d->score_entered == JX_NONE) {
			const jx_qual_band *b = &r->bands[d->band];
			snprintf(path, sizeof path, "ind:%s:score_entered", d->key);
			ck_add(c, "I605", path, "%s：定性指标评为「%s」，尚未填写得分（%s%% 至 %s%% 的分值）",
			       "%s: qualitative, rated \"%s\", no score typed yet (%s%% to %s%% of the points)",
			       ck_ind_name(d),
			       jx_lang == JX_LANG_EN && b->name_en ? b->name_en : (b->name ? b->name : ""),
			       ck_num(c, jx_muldiv(b->lo, JX_INT(100), JX_SCALE, 2)),
			       ck_num(c, jx_muldiv(b->hi, JX_INT(100), JX_SCALE, 2)));
		}
	}
}

/* ------------------------------------------------------------------------ */
/* 13. previous year                                                        */

static int unit_compatible(const char *a, const char *b)
{
	return ck_blank(a) || ck_blank(b) || strcmp(a, b) == 0;
}

void ck_check_previous_year(ck_ctx *c)
{
	char path[160];
	if (!c->prev)
		return;
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		const jx_indicator *o = NULL;
		int reverse = d->cmp == JX_CMP_LE || d->cmp == JX_CMP_LT;
		if (d->target == JX_NONE || !(ck_ind_positive(d) || reverse))
			continue;
		for (size_t k = 0; k < c->prev->n_inds; k++) {
			const jx_indicator *x = &c->prev->inds[k];
			if (jx_streq(x->slot, d->slot) && jx_streq(x->name, d->name) && x->actual != JX_NONE &&
			    unit_compatible(x->unit, d->unit)) {
				o = x;
				break;
			}
		}
		if (!o)
			continue;
		snprintf(path, sizeof path, "ind:%s:target", d->key);
		if (!reverse && d->target < o->actual)
			ck_add(c, "W1301", path, "%s：本年目标 %s%s，低于上年（%d 年）实际完成 %s",
			       "%s: this year's target %s%s is below last year's (%d) actual %s", ck_ind_name(d),
			       jx_cmp_symbol(d->cmp), ck_num_unit(c, d->target, d->unit), c->prev->year,
			       ck_num_unit(c, o->actual, o->unit));
		else if (reverse && d->target > o->actual)
			ck_add(c, "W1301", path, "%s：本年目标 %s%s，宽于上年（%d 年）实际 %s（反向指标）",
			       "%s: this year's target %s%s is looser than last year's (%d) actual %s (lower is "
			       "better)",
			       ck_ind_name(d), jx_cmp_symbol(d->cmp), ck_num_unit(c, d->target, d->unit), c->prev->year,
			       ck_num_unit(c, o->actual, o->unit));
	}
}
