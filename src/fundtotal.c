/* The funds table's total row as printed against the one computed (see
 * fundtotal.h). */
#include "fundtotal.h"

#include <stdio.h>
#include <string.h>

#include "field.h"
#include "num.h"
#include "strutil.h"

#define FT_COL(member, type, flags, zh, en) {#member, type, flags, zh, en},
const jx_fund_total_col jx_fund_total_cols[JX_FUND_TOTAL_COUNT] = {JX_FUND_TOTAL_COLUMNS(FT_COL)};
#undef FT_COL

int jx_fund_total_find(const char *key)
{
	for (int i = 0; key && i < JX_FUND_TOTAL_COUNT; i++)
		if (strcmp(jx_fund_total_cols[i].key, key) == 0)
			return i;
	return -1;
}

#define FT_GET(member, ...) \
	case JX_FT_COL_##member: return t->member;
jx_dec jx_fund_total_get(const jx_fund_stated *t, int col)
{
	switch (col) {
		JX_FUND_TOTAL_COLUMNS(FT_GET)
	}
	return JX_NONE;
}
#undef FT_GET

#define FT_PUT(member, ...)        \
	case JX_FT_COL_##member:   \
		t->member = v;     \
		break;
void jx_fund_total_put(jx_fund_stated *t, int col, jx_dec v)
{
	switch (col) {
		JX_FUND_TOTAL_COLUMNS(FT_PUT)
	}
}
#undef FT_PUT

int jx_fund_total_parse(int col, const char *text, jx_dec *out, jx_err *err)
{
	if (col < 0 || col >= JX_FUND_TOTAL_COUNT)
		return -1;
	if (jx_fund_total_cols[col].field_type == JX_FT_MONEY)
		return jx_parse_money(text ? text : "", out, err);
	return jx_parse_dec(text ? text : "", jx_fund_total_cols[col].num_flags | JX_NUM_ALLOW_EMPTY, out, err);
}

static const jx_node *exec_node(const jx_template *t)
{
	for (size_t i = 0; t && i < t->n_all; i++)
		if (t->all[i]->execution && t->all[i]->kind == JX_NODE_FORMULA)
			return t->all[i];
	return NULL;
}

const char *jx_fund_total_label(const jx_template *t, int col)
{
	static const char *const inputs[JX_FUND_TOTAL_AMOUNTS] = {"funds.planned", "funds.budget", "funds.received",
								  "funds.spent"};
	const jx_node *n = exec_node(t);
	if (n && col >= 0 && col < JX_FUND_TOTAL_AMOUNTS && jx_lang != JX_LANG_EN) {
		if (jx_streq(n->input_a, inputs[col]) && jx_has_text(n->input_a_label))
			return n->input_a_label;
		if (jx_streq(n->input_b, inputs[col]) && jx_has_text(n->input_b_label))
			return n->input_b_label;
	}
	if (col < 0 || col >= JX_FUND_TOTAL_COUNT)
		return "";
	return L(jx_fund_total_cols[col].zh, jx_fund_total_cols[col].en);
}

void jx_fund_total_compute(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss, jx_fund_total_calc *out)
{
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	const jx_node *n = exec_node(t);
	memset(out, 0, sizeof *out);
	out->sum[JX_FT_COL_planned] = ft.planned;
	out->sum[JX_FT_COL_budget] = ft.budget;
	out->sum[JX_FT_COL_received] = ft.received;
	out->sum[JX_FT_COL_spent] = ft.spent;
	out->exec = n;
	out->score = JX_NONE;
	/* the template's execution formula (national: 全年执行数 ÷ 全年预算数;
	 * Sichuan: ÷ 调整后预算数; departments: ÷ 实际到位), else spent ÷ budget */
	out->a = n ? jx_formula_input(s, &ft, n->input_a) : ft.spent;
	out->b = n ? jx_formula_input(s, &ft, n->input_b) : ft.budget;
	out->num = out->a;
	out->den = out->b;
	if (n && out->a != JX_NONE && out->b != JX_NONE) {
		if (n->formula == JX_F_GROWTH)
			out->num = out->a - out->b;
		else if (n->formula == JX_F_SAVING)
			out->num = out->b - out->a;
	}
	out->ok = out->a != JX_NONE && out->b != JX_NONE && out->b > 0;
	if (n && ss) {
		char path[160];
		const jx_score_item *it;
		snprintf(path, sizeof path, "node:%s", n->key);
		if ((it = jx_score_find(ss, path)))
			out->score = it->score;
	}
}

jx_dec jx_fund_total_shown(const jx_fund_total_calc *c, int col)
{
	if (col >= 0 && col < JX_FUND_TOTAL_AMOUNTS)
		return c->sum[col];
	if (col == JX_FT_COL_rate)
		return c->ok ? jx_muldiv(c->num, JX_INT(100), c->den, 2) : JX_NONE;
	if (col == JX_FT_COL_score)
		return c->score;
	return JX_NONE;
}

int jx_fund_total_differs(const jx_fund_total_calc *c, int col, jx_dec v)
{
	int d = jx_dec_places(v);
	if (v == JX_NONE)
		return 0;
	if (col >= 0 && col < JX_FUND_TOTAL_AMOUNTS) {
		if (c->sum[col] == JX_NONE)
			return 0;
		return jx_round(c->sum[col], d < 2 ? 2 : d) != v;
	}
	if (col == JX_FT_COL_rate)
		return c->ok && jx_muldiv(c->num, JX_INT(100), c->den, d) != v;
	if (col == JX_FT_COL_score)
		return c->score != JX_NONE && c->score != v;
	return 0;
}
