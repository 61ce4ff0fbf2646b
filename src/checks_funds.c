/* Checks on money and the rates made from it: 4 stated rates, 7 the
 * self-score against budget execution, 8 0 ÷ 0 not applicable, 9 the funds
 * table and the total row the document prints for it; with the exact rates
 * (as ratios) from a formula node's inputs. */
#include "checks_int.h"

#include "fundtotal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* exact rates from a formula node's inputs                                 */

static const char *input_label(ck_ctx *c, const char *input, const char *label)
{
	char *b;
	if (label && *label)
		return label;
	if (!input)
		return "?";
	for (size_t i = 0; i < JX_FUND_INPUTS; i++)
		if (strcmp(input, jx_fund_inputs[i].input) == 0)
			return L(jx_fund_inputs[i].name_zh, jx_fund_inputs[i].finding_en);
	if (ck_starts_with(input, "measure.")) {
		b = ck_nbuf(c);
		ck_clip(b, CK_NB, input + 8, 200);
		return b;
	}
	return input;
}

/* a ÷ b for two amounts (b > 0). */
static ck_ratio amounts_ratio(jx_dec a, jx_dec b)
{
	ck_ratio r = {a, b, a, b, 1};
	return r;
}

/* A rate the engine computed, as a fraction (1.0 = JX_SCALE). */
static ck_ratio fraction_ratio(jx_dec f)
{
	ck_ratio r = {JX_NONE, JX_NONE, f, JX_SCALE, 1};
	return r;
}

static ck_ratio formula_ratio(const ck_ctx *c, const jx_node *n)
{
	ck_ratio r = {JX_NONE, JX_NONE, JX_NONE, JX_NONE, 0};
	r.a = jx_formula_input(c->s, &c->tot, n->input_a);
	r.b = jx_formula_input(c->s, &c->tot, n->input_b);
	if (r.a == JX_NONE || r.b == JX_NONE)
		return r;
	switch (n->formula) {
	case JX_F_GROWTH:
		r.num = r.a - r.b;
		break;
	case JX_F_SAVING:
		r.num = r.b - r.a;
		break;
	default:
		r.num = r.a;
		break;
	}
	r.den = r.b;
	r.ok = r.den > 0;
	return r;
}

static const jx_node *exec_node(const ck_ctx *c)
{
	if (!c->t)
		return NULL;
	for (size_t i = 0; i < c->t->n_all; i++)
		if (c->t->all[i]->execution && c->t->all[i]->kind == JX_NODE_FORMULA)
			return c->t->all[i];
	return NULL;
}

/* The budget execution rate as an exact ratio (from the execution node's
 * inputs; the engine's rate when the template has no such node). */
ck_ratio ck_exec_ratio(const ck_ctx *c)
{
	const jx_node *n = exec_node(c);
	ck_ratio r = {JX_NONE, JX_NONE, JX_NONE, JX_NONE, 0};
	if (n)
		return formula_ratio(c, n);
	if (c->ss && c->ss->exec_rate != JX_NONE)
		return fraction_ratio(c->ss->exec_rate);
	return r;
}

/* 到位率: the template's formula on funds.received if it has one
 * (资金到位率 = received ÷ planned), else received ÷ budget (or planned). */
static ck_ratio received_ratio(const ck_ctx *c, const jx_node **via)
{
	ck_ratio r = {JX_NONE, JX_NONE, JX_NONE, JX_NONE, 0};
	*via = NULL;
	if (c->t)
		for (size_t i = 0; i < c->t->n_all; i++) {
			const jx_node *n = c->t->all[i];
			if (n->kind == JX_NODE_FORMULA && n->formula == JX_F_RATIO && n->input_a &&
			    strcmp(n->input_a, "funds.received") == 0) {
				*via = n;
				return formula_ratio(c, n);
			}
		}
	r.a = c->tot.received;
	r.b = c->tot.budget != JX_NONE ? c->tot.budget : c->tot.planned;
	if (r.a == JX_NONE || r.b == JX_NONE)
		return r;
	r.num = r.a;
	r.den = r.b;
	r.ok = r.den > 0;
	return r;
}

jx_dec ck_pct(ck_ratio r, int decimals)
{
	return r.ok ? jx_muldiv(r.num, JX_INT(100), r.den, decimals) : JX_NONE;
}

/* ------------------------------------------------------------------------ */
/* 4. stated rates                                                          */

/* Compare a stated percent with an exact ratio at the stated precision.
 * Returns 1 when they differ (and fills the recomputed value at 2 decimals). */
static int rate_differs(jx_dec stated, ck_ratio r, jx_dec *calc2)
{
	int d = jx_dec_places(stated);
	jx_dec at = ck_pct(r, d);
	*calc2 = ck_pct(r, 2);
	if (at == JX_NONE)
		return 0;
	return at != stated;
}

/* 预算执行率 stated as "execution:rate". */
static void rate_execution(ck_ctx *c, const jx_stated *st)
{
	ck_ratio r = ck_exec_ratio(c);
	const jx_node *n = exec_node(c);
	jx_dec calc;
	if (!rate_differs(st->value, r, &calc))
		return;
	if (n)
		ck_add(c, "W401", "execution", "预算执行率：文中 %s%%%s，按 %s %s ÷ %s %s 计算为 %s%%",
		       "execution rate: the document states %s%%%s, %s %s ÷ %s %s gives %s%%", ck_num(c, st->value),
		       ck_src_note(c, st), input_label(c, n->input_a, n->input_a_label), ck_num(c, r.a),
		       input_label(c, n->input_b, n->input_b_label), ck_num(c, r.b), ck_num2(c, calc));
	else
		ck_add(c, "W401", "execution", "预算执行率：文中 %s%%%s，重新计算为 %s%%",
		       "execution rate: the document states %s%%%s, recomputed %s%%", ck_num(c, st->value),
		       ck_src_note(c, st), ck_num2(c, calc));
}

/* 资金到位率 stated as "funds:received_rate". */
static void rate_received(ck_ctx *c, const jx_stated *st)
{
	const jx_node *via;
	ck_ratio r = received_ratio(c, &via);
	jx_dec calc;
	if (!rate_differs(st->value, r, &calc))
		return;
	ck_add(c, "W401", "funds:received", "资金到位率：文中 %s%%%s，按 实际到位 %s ÷ %s %s 计算为 %s%%",
	       "funds received rate: the document states %s%%%s, received %s ÷ %s %s gives %s%%",
	       ck_num(c, st->value), ck_src_note(c, st), ck_num(c, r.a),
	       via ? input_label(c, via->input_b, via->input_b_label)
		   : (c->tot.budget != JX_NONE ? L("全年预算数", "full-year budget") : L("年初预算数", "initial budget")),
	       ck_num(c, r.b), ck_num2(c, calc));
}

/* A node's rate stated as "node:<key>:rate": a formula's, or the 得分率
 * score ÷ points of any other node. */
static void rate_node(ck_ctx *c, const jx_stated *st, const char *key)
{
	const jx_node *n = ck_tnode(c, key);
	const jx_score_item *it = ck_item(c, "node:", key);
	char path[160];
	ck_ratio r;
	jx_dec calc;
	if (!n)
		return;
	snprintf(path, sizeof path, "node:%s", n->key);
	if (n->kind == JX_NODE_FORMULA) {
		r = formula_ratio(c, n);
		if (!r.ok)
			return; /* not applicable: check 8 */
		if (!rate_differs(st->value, r, &calc))
			return;
		ck_add(c, "W401", path, "%s：文中 %s%%%s，按 %s %s、%s %s 计算为 %s%%",
		       "%s: the document states %s%%%s, from %s %s and %s %s it is %s%%", ck_node_name(n),
		       ck_num(c, st->value), ck_src_note(c, st), input_label(c, n->input_a, n->input_a_label),
		       ck_num(c, r.a), input_label(c, n->input_b, n->input_b_label), ck_num(c, r.b), ck_num2(c, calc));
		return;
	}
	if (!it || it->score == JX_NONE || it->points == JX_NONE || it->points <= 0)
		return;
	if (!rate_differs(st->value, amounts_ratio(it->score, it->points), &calc))
		return;
	ck_add(c, "W401", path, "%s：文中得分率 %s%%%s，得分 %s ÷ 分值 %s 为 %s%%",
	       "%s: the document states a score rate of %s%%%s, score %s ÷ points %s is %s%%", ck_node_name(n),
	       ck_num(c, st->value), ck_src_note(c, st), ck_num(c, it->score), ck_num(c, it->points),
	       ck_num2(c, calc));
}

/* An indicator's completion rate stated as "ind:<key>:rate". */
static void rate_ind(ck_ctx *c, const jx_stated *st, const char *key)
{
	const jx_indicator *d = ck_sheet_ind(c, key);
	const jx_score_item *it = d ? ck_ind_item(c, d) : NULL;
	char path[160];
	jx_dec calc;
	if (!d)
		return;
	snprintf(path, sizeof path, "ind:%s", d->key);
	if (ck_ind_positive(d) && d->actual != JX_NONE && d->target != JX_NONE && d->target > 0) {
		if (!rate_differs(st->value, amounts_ratio(d->actual < 0 ? 0 : d->actual, d->target), &calc))
			return;
		ck_add(c, "W401", path, "%s：文中完成率 %s%%%s，实际 %s ÷ 目标 %s 为 %s%%",
		       "%s: the document states %s%% achieved%s, actual %s ÷ target %s is %s%%", ck_ind_name(d),
		       ck_num(c, st->value), ck_src_note(c, st), ck_num_unit(c, d->actual, d->unit),
		       ck_num_unit(c, d->target, d->unit), ck_num2(c, calc));
	} else if (it && it->rate != JX_NONE) {
		if (!rate_differs(st->value, fraction_ratio(it->rate), &calc))
			return;
		ck_add(c, "W401", path, "%s：文中完成率 %s%%%s，重新计算为 %s%%",
		       "%s: the document states %s%% achieved%s, recomputed %s%%", ck_ind_name(d), ck_num(c, st->value),
		       ck_src_note(c, st), ck_num2(c, calc));
	}
}

void ck_check_rates(ck_ctx *c)
{
	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		char key[128];
		const char *col;
		if (!st->path || st->value == JX_NONE)
			continue;
		if (strcmp(st->path, "execution:rate") == 0)
			rate_execution(c, st);
		else if (strcmp(st->path, "funds:received_rate") == 0)
			rate_received(c, st);
		else if (ck_split_stated(st->path, "node:", key, sizeof key, &col) && strcmp(col, "rate") == 0)
			rate_node(c, st, key);
		else if (ck_split_stated(st->path, "ind:", key, sizeof key, &col) && strcmp(col, "rate") == 0)
			rate_ind(c, st, key);
	}
}

/* ------------------------------------------------------------------------ */
/* 7. self-score against budget execution                                   */

/* W703: execution below exec_reason_below needs its reason, written where
 * the template says (the national form: 存在的问题及原因分析; Sichuan: the
 * 原因 column beside the execution row, entry:execution:note). */
static void check_exec_reason(ck_ctx *c, ck_ratio e)
{
	const jx_rules *r = &c->t->rules;
	const char *field = r->exec_reason_field ? r->exec_reason_field : "narr:problems";
	char label[200], *text;
	if (r->exec_reason_below == JX_NONE || jx_cmp_ratio(e.num, e.den, r->exec_reason_below, JX_SCALE) >= 0)
		return;
	if (!(text = ck_field_text(c, field)))
		return;
	if (ck_says_none(text))
		ck_add(c, "W703", field, "预算执行率 %s%% 低于 %s%%，须在“%s”中说明原因",
		       "budget execution %s%% is below %s%%: the reason must be given in \"%s\"", ck_num2(c, ck_pct(e, 2)),
		       ck_num(c, jx_muldiv(r->exec_reason_below, JX_INT(100), JX_SCALE, 2)),
		       ck_field_label(c, field, label, sizeof label));
	free(text);
}

void ck_check_execution(ck_ctx *c)
{
	const jx_rules *r = &c->t->rules;
	ck_ratio e = ck_exec_ratio(c);
	const jx_stated *st_total = NULL;
	jx_dec total;
	int stated;
	if (!e.ok)
		return;
	for (size_t i = 0; i < c->s->n_stated; i++)
		if (c->s->stated[i].path && strcmp(c->s->stated[i].path, "total") == 0 &&
		    c->s->stated[i].value != JX_NONE) {
			st_total = &c->s->stated[i];
			break;
		}
	stated = st_total != NULL;
	total = stated ? st_total->value : (c->ss ? c->ss->total : JX_NONE);

	if (r->inflate_exec_below != JX_NONE && r->inflate_total_min != JX_NONE && total != JX_NONE &&
	    jx_cmp_ratio(e.num, e.den, r->inflate_exec_below, JX_SCALE) < 0 && total >= r->inflate_total_min)
		ck_add(c, "W701", "total",
		       "自评分虚高：%s总分 %s 分，而预算执行率仅 %s%%（执行率低于 %s%% 时总分不宜达到 %s 分）",
		       "self-score out of line: %stotal %s with a budget execution rate of only %s%% (below %s%%, a "
		       "total of %s or more is not credible)",
		       stated ? L("文中", "stated ") : L("计算", "computed "), ck_num(c, total),
		       ck_num2(c, ck_pct(e, 2)), ck_num(c, jx_muldiv(r->inflate_exec_below, JX_INT(100), JX_SCALE, 2)),
		       ck_num(c, r->inflate_total_min));

	if (stated && r->n_caps > 0) {
		const jx_exec_cap *cap = NULL;
		for (size_t i = 0; i < r->n_caps; i++)
			if (jx_exec_cap_applies(&r->caps[i], jx_cmp_ratio(e.num, e.den, r->caps[i].below, JX_SCALE)) &&
			    (!cap || r->caps[i].max_total < cap->max_total))
				cap = &r->caps[i];
		if (cap && st_total->value > cap->max_total)
			ck_add(c, "E702", "total", "预算执行率 %s%% %s %s%%，总分不得超过 %s 分，文中总分 %s 分",
			       "budget execution %s%% is %s %s%%, so the total may not exceed %s; the document "
			       "states %s",
			       ck_num2(c, ck_pct(e, 2)), cap->inclusive ? L("不高于", "at or below") : L("低于", "below"),
			       ck_num(c, jx_muldiv(cap->below, JX_INT(100), JX_SCALE, 2)), ck_num(c, cap->max_total),
			       ck_num(c, st_total->value));
	}
	check_exec_reason(c, e);
}

/* ------------------------------------------------------------------------ */
/* 8. 0 ÷ 0: not applicable                                                 */

void ck_check_not_applicable(ck_ctx *c)
{
	char path[160];
	for (size_t i = 0; i < c->t->n_all; i++) {
		const jx_node *n = c->t->all[i];
		const jx_score_item *it;
		const jx_stated *st;
		ck_ratio r;
		char why[300];
		if (n->kind != JX_NODE_FORMULA)
			continue;
		it = ck_item(c, "node:", n->key);
		if (!it || !(it->flags & JX_SF_NA))
			continue;
		r = formula_ratio(c, n);
		if (r.a != JX_NONE && r.b != JX_NONE)
			snprintf(why, sizeof why, L("%s ÷ %s 不适用", "%s ÷ %s is not applicable"), ck_num(c, r.a),
				 ck_num(c, r.b));
		else
			snprintf(why, sizeof why, L("缺少%s，不适用", "%s missing: not applicable"),
				 input_label(c, r.a == JX_NONE ? n->input_a : n->input_b,
					     r.a == JX_NONE ? n->input_a_label : n->input_b_label));
		ck_utf8_fix_tail(why);
		snprintf(path, sizeof path, "node:%s", n->key);
		st = ck_stated_for(c, "node:", n->key, "rate");
		if (st && st->value != JX_NONE)
			ck_add(c, "W801", path, "%s：%s，文中写作 %s%%%s", "%s: %s, yet the document states %s%%%s",
			       ck_node_name(n), why, ck_num(c, st->value), ck_src_note(c, st));
		ck_add(c, "I802", path, "%s：%s（%s %s，%s %s）%s", "%s: %s (%s %s, %s %s)%s", ck_node_name(n), why,
		       input_label(c, n->input_a, n->input_a_label), ck_num(c, r.a),
		       input_label(c, n->input_b, n->input_b_label), ck_num(c, r.b),
		       n->na_full ? L("，按满分计", "; counted as full points") : L("，不计分", "; not scored"));
	}
}

/* ------------------------------------------------------------------------ */
/* 9. funds                                                                 */

static const char *fund_col_label(int col)
{
	switch (col) {
	case 0:
		return L("年初预算数", "initial budget");
	case 1:
		return L("全年预算数", "full-year budget");
	case 2:
		return L("实际到位", "received");
	default:
		return L("全年执行数", "spent");
	}
}

static const char *const fund_col_key[4] = {"planned", "budget", "received", "spent"};

static jx_dec fund_col(const jx_fund *f, int col)
{
	return col == 0 ? f->planned : col == 1 ? f->budget : col == 2 ? f->received : f->spent;
}

/* The budget a row's receipts are held against: 全年预算数, else 年初预算数. */
static jx_dec fund_budget(const jx_fund *f, int *col)
{
	*col = f->budget != JX_NONE ? 1 : 0;
	return f->budget != JX_NONE ? f->budget : f->planned;
}

/* W906: a budget adjusted during the year (年初预算数 total ≠ 全年预算数
 * total) must be explained where the template says (Sichuan: "年中发生预算
 * 调整的（追加或调减），应单独说明理由"). */
static void check_adjustment(ck_ctx *c)
{
	const char *field = c->t ? c->t->rules.adjust_reason_field : NULL;
	char label[200], *text;
	if (!field || c->tot.planned == JX_NONE || c->tot.budget == JX_NONE || c->tot.planned == c->tot.budget)
		return;
	if (!(text = ck_field_text(c, field)))
		return;
	if (ck_says_none(text))
		ck_add(c, "W906", field, "年初预算数 %s 万元，全年预算数（调整后）%s 万元，年中%s %s 万元，须在“%s”中说明调整理由",
		       "the budget was adjusted during the year from %s to %s (10k yuan, %s %s): the reason must be given in \"%s\"",
		       ck_num(c, c->tot.planned), ck_num(c, c->tot.budget),
		       c->tot.budget > c->tot.planned ? L("追加", "up") : L("调减", "down"),
		       ck_num(c, c->tot.budget > c->tot.planned ? c->tot.budget - c->tot.planned
								: c->tot.planned - c->tot.budget),
		       ck_field_label(c, field, label, sizeof label));
	free(text);
}

/* W907, I910, W908, W909: the total row as the document prints it
 * (funds:total:*) against the rows' sums, the recomputed execution rate and
 * the execution node's score, each compared as fundtotal.c says. */
static void check_stated_total(ck_ctx *c)
{
	const jx_fund_stated *ft = &c->s->funds_total;
	jx_fund_total_calc calc;
	char path[64];
	jx_dec v;
	if (jx_fund_stated_empty(ft))
		return;
	jx_fund_total_compute(c->t, c->s, c->ss, &calc);
	for (int k = 0; k < JX_FUND_TOTAL_AMOUNTS; k++) {
		if ((v = jx_fund_total_get(ft, k)) == JX_NONE)
			continue;
		snprintf(path, sizeof path, "funds:total:%s", jx_fund_total_cols[k].key);
		if (calc.sum[k] == JX_NONE)
			ck_add(c, "I910", path, "资金合计：文中%s合计 %s 万元，但各资金来源行均未填写%s，无从核对",
			       "funds total: the document's %s total is %s (10k yuan), but no fund row has a %s to check it "
			       "against",
			       jx_fund_total_label(c->t, k), ck_num(c, v), jx_fund_total_label(c->t, k));
		else if (jx_fund_total_differs(&calc, k, v))
			ck_add(c, "W907", path, "资金合计：文中%s合计 %s 万元，与各行之和 %s 万元不符",
			       "funds total: the document's %s total is %s (10k yuan), its rows add up to %s",
			       jx_fund_total_label(c->t, k), ck_num(c, v), ck_num(c, calc.sum[k]));
	}
	if ((v = ft->rate) != JX_NONE) {
		const char *la = calc.exec ? input_label(c, calc.exec->input_a, calc.exec->input_a_label)
					   : jx_fund_total_label(c->t, JX_FT_COL_spent);
		const char *lb = calc.exec ? input_label(c, calc.exec->input_b, calc.exec->input_b_label)
					   : jx_fund_total_label(c->t, JX_FT_COL_budget);
		if (jx_fund_total_differs(&calc, JX_FT_COL_rate, v))
			ck_add(c, "W908", "funds:total:rate", "资金合计：文中执行率 %s%%，按 %s %s ÷ %s %s 计算为 %s%%",
			       "funds total: the document's execution rate is %s%%, %s %s ÷ %s %s gives %s%%", ck_num(c, v),
			       la, ck_num(c, calc.a), lb, ck_num(c, calc.b),
			       ck_num2(c, jx_fund_total_shown(&calc, JX_FT_COL_rate)));
		else if (calc.a != JX_NONE && calc.b != JX_NONE && calc.b <= 0)
			ck_add(c, "W908", "funds:total:rate", "资金合计：文中执行率 %s%%，而%s为 %s，执行率不适用",
			       "funds total: the document's execution rate is %s%%, but the %s is %s: no rate applies",
			       ck_num(c, v), lb, ck_num(c, calc.b));
	}
	if ((v = ft->score) != JX_NONE && jx_fund_total_differs(&calc, JX_FT_COL_score, v))
		ck_add(c, "W909", "funds:total:score", "资金合计：文中%s得分 %s 分，重新计算为 %s 分",
		       "funds total: the document scores %s %s, recomputed %s", ck_node_name(calc.exec), ck_num(c, v),
		       ck_num(c, calc.score));
}

void ck_check_funds(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	int used[4] = {0, 0, 0, 0};
	int row_err_recv = 0, row_err_spent = 0, partial_recv = 0, partial_spent = 0;
	char path[200];

	for (size_t i = 0; i < s->n_funds; i++)
		for (int k = 0; k < 4; k++)
			if (fund_col(&s->funds[i], k) != JX_NONE)
				used[k] = 1;

	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *f = &s->funds[i];
		const char *src = f->source ? f->source : "";
		int bcol;
		jx_dec b = fund_budget(f, &bcol);
		if (b != JX_NONE && f->received != JX_NONE && f->received > b) {
			row_err_recv = 1;
			snprintf(path, sizeof path, "fund:%s:received", src);
			ck_add(c, "E901", path, "%s：实际到位 %s 万元，超过%s %s 万元",
			       "%s: received %s (10k yuan), more than the %s of %s", src, ck_num(c, f->received),
			       fund_col_label(bcol), ck_num(c, b));
		}
		if (f->received != JX_NONE && f->spent != JX_NONE && f->spent > f->received) {
			row_err_spent = 1;
			snprintf(path, sizeof path, "fund:%s:spent", src);
			ck_add(c, "E902", path, "%s：全年执行数 %s 万元，超过实际到位 %s 万元",
			       "%s: spent %s (10k yuan), more than the %s received", src, ck_num(c, f->spent),
			       ck_num(c, f->received));
		}
		if ((b == JX_NONE) != (f->received == JX_NONE))
			partial_recv = 1;
		if ((f->spent == JX_NONE) != (f->received == JX_NONE))
			partial_spent = 1;
	}

	if (s->n_funds > 1) {
		int bcol = c->tot.budget != JX_NONE ? 1 : 0;
		jx_dec b = c->tot.budget != JX_NONE ? c->tot.budget : c->tot.planned;
		if (!row_err_recv && !partial_recv && b != JX_NONE && c->tot.received != JX_NONE &&
		    c->tot.received > b)
			ck_add(c, "E901", "funds:received", "资金合计：实际到位 %s 万元，超过%s %s 万元",
			       "funds in total: received %s (10k yuan), more than the %s of %s",
			       ck_num(c, c->tot.received), fund_col_label(bcol), ck_num(c, b));
		if (!row_err_spent && !partial_spent && c->tot.received != JX_NONE && c->tot.spent != JX_NONE &&
		    c->tot.spent > c->tot.received)
			ck_add(c, "E902", "funds:spent", "资金合计：全年执行数 %s 万元，超过实际到位 %s 万元",
			       "funds in total: spent %s (10k yuan), more than the %s received",
			       ck_num(c, c->tot.spent), ck_num(c, c->tot.received));
	}

	/* 到位率 below 100% */
	{
		int bcol = c->tot.budget != JX_NONE ? 1 : 0;
		jx_dec b = c->tot.budget != JX_NONE ? c->tot.budget : c->tot.planned;
		jx_dec rec = c->tot.received;
		if (!partial_recv && b != JX_NONE && rec != JX_NONE && b > 0 && rec < b) {
			if (s->n_funds == 1)
				snprintf(path, sizeof path, "fund:%s:received",
					 s->funds[0].source ? s->funds[0].source : "");
			else
				snprintf(path, sizeof path, "funds:received");
			ck_add(c, "W903", path, "资金到位不足：%s %s 万元，实际到位 %s 万元，到位率 %s%%",
			       "funds short: %s %s (10k yuan), received %s, %s%% of it", fund_col_label(bcol),
			       ck_num(c, b), ck_num(c, rec), ck_num2(c, jx_muldiv(rec, JX_INT(100), b, 2)));
		}
	}

	/* sub-projects against the funds table */
	if (s->n_subs > 0) {
		jx_dec sb = JX_NONE, sp = JX_NONE;
		int bcol = c->tot.budget != JX_NONE ? 1 : 0;
		jx_dec fb = c->tot.budget != JX_NONE ? c->tot.budget : c->tot.planned;
		for (size_t i = 0; i < s->n_subs; i++) {
			if (s->subs[i].budget != JX_NONE)
				sb = ck_sat_add(sb == JX_NONE ? 0 : sb, s->subs[i].budget);
			if (s->subs[i].spent != JX_NONE)
				sp = ck_sat_add(sp == JX_NONE ? 0 : sp, s->subs[i].spent);
		}
		if (sb != JX_NONE && fb != JX_NONE && sb != fb)
			ck_add(c, "W904", "subs:budget", "二级项目预算金额合计 %s 万元，与资金表%s %s 万元不一致",
			       "the sub-projects' budgets add up to %s (10k yuan), the funds table's %s is %s",
			       ck_num(c, sb), fund_col_label(bcol), ck_num(c, fb));
		if (sp != JX_NONE && c->tot.spent != JX_NONE && sp != c->tot.spent)
			ck_add(c, "W904", "subs:spent",
			       "二级项目实际支出合计 %s 万元，与资金表全年执行数 %s 万元不一致",
			       "the sub-projects' spending adds up to %s (10k yuan), the funds table's spent is %s",
			       ck_num(c, sp), ck_num(c, c->tot.spent));
	}

	/* negative amounts, and blanks in a row that has other amounts */
	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *f = &s->funds[i];
		const char *src = f->source ? f->source : "";
		int any = 0;
		for (int k = 0; k < 4; k++)
			if (fund_col(f, k) != JX_NONE)
				any = 1;
		for (int k = 0; k < 4; k++) {
			jx_dec v = fund_col(f, k);
			snprintf(path, sizeof path, "fund:%s:%s", src, fund_col_key[k]);
			if (v != JX_NONE && v < 0)
				ck_add(c, "I905", path, "%s：%s 为负数 %s", "%s: %s is negative (%s)", src,
				       fund_col_label(k), ck_num(c, v));
			else if (v == JX_NONE && any && used[k] &&
				 !(k == 3 && (f->budget != JX_NONE || f->planned != JX_NONE))) /* W1504 says it */
				ck_add(c, "I905", path, "%s：%s 未填写（同行其他金额已填）",
				       "%s: %s is blank while the row has other amounts", src, fund_col_label(k));
		}
	}
	for (size_t i = 0; i < s->n_subs; i++) {
		const jx_subproject *p = &s->subs[i];
		const char *nm = p->name ? p->name : "";
		jx_dec v[2] = {p->budget, p->spent};
		static const char *const key[2] = {"budget", "spent"};
		for (int k = 0; k < 2; k++) {
			snprintf(path, sizeof path, "sub:%zu:%s", i, key[k]);
			if (v[k] != JX_NONE && v[k] < 0)
				ck_add(c, "I905", path, "二级项目「%s」：%s 为负数 %s",
				       "sub-project \"%s\": %s is negative (%s)", nm,
				       k == 0 ? L("预算金额", "budget") : L("实际支出金额", "spent"), ck_num(c, v[k]));
			else if (v[k] == JX_NONE && v[1 - k] != JX_NONE)
				ck_add(c, "I905", path, "二级项目「%s」：%s 未填写（同行其他金额已填）",
				       "sub-project \"%s\": %s is blank while the row has other amounts", nm,
				       k == 0 ? L("预算金额", "budget") : L("实际支出金额", "spent"));
		}
	}
	check_adjustment(c);
	check_stated_total(c);
}
