/* Check 15, completeness (未填项): every value the template needs that is not
 * filled in yet, each at its field, so that a sheet with one open is never
 * graded as final (jx_findings_unfilled, jx_grade_text). */
#include "checks_int.h"

#include <stdio.h>
#include <string.h>

/* The value the engine scores with is missing at ind:<key>:<col>: not
 * there at all; for a number (date 0), only its printed text; for a date
 * (date 1), a text that cannot be read as one (a readable date is fine). */
static void need(ck_ctx *c, const jx_indicator *d, const char *code, const char *col, const char *text,
		 const char *what_zh, const char *what_en, int date)
{
	char path[200], t[160];
	const char *what = L(what_zh, what_en);
	if (date && !ck_blank(text) && jx_deadline_parse(text) >= 0)
		return;
	snprintf(path, sizeof path, "ind:%s:%s", d->key, col);
	if (ck_blank(text)) {
		ck_add(c, code, path, "%s：%s未填", "%s: %s not filled in", ck_ind_name(d), what);
		return;
	}
	ck_clip(t, sizeof t, text, 120);
	if (date)
		ck_add(c, code, path, "%s：%s「%s」无法识别（应为 YYYY-MM-DD 或 YYYY年M月D日）",
		       "%s: %s \"%s\" cannot be read (expected YYYY-MM-DD)", ck_ind_name(d), what, t);
	else
		ck_add(c, code, path, "%s：%s只有文字「%s」，未填数字（计算符号 %s 按数字计分）：请填写数字，或将指标性质改为定性",
		       "%s: %s is only text (\"%s\"), no number (comparator %s scores a number): enter the number, "
		       "or make the indicator qualitative",
		       ck_ind_name(d), what, t, jx_cmp_symbol(d->cmp));
}

static void check_indicator(ck_ctx *c, const jx_indicator *d)
{
	char path[200];
	if (jx_ind_not_applicable(d))
		return; /* printed "/": nothing to fill in (I1407 says how it counts) */
	switch (d->cmp) {
	case JX_CMP_GE: case JX_CMP_GT: case JX_CMP_EQ: case JX_CMP_LE: case JX_CMP_LT:
		if (d->target == JX_NONE)
			need(c, d, "W1502", "target", d->target_text, "年度指标值", "the target", 0);
		if (d->actual == JX_NONE)
			need(c, d, "W1503", "actual", d->actual_text, "实际完成值", "the actual", 0);
		break;
	case JX_CMP_QUAL:
		if (d->band < 0 || !c->t || (size_t)d->band >= c->t->rules.n_bands) {
			snprintf(path, sizeof path, "ind:%s:band", d->key);
			ck_add(c, "W1503", path, "%s：定性指标未选完成档次", "%s: qualitative, no band chosen",
			       ck_ind_name(d));
		}
		break;
	case JX_CMP_DEADLINE:
		need(c, d, "W1502", "target_text", d->target_text, "完成期限", "the deadline", 1);
		need(c, d, "W1503", "actual_text", d->actual_text, "实际完成日期", "the completion date", 1);
		break;
	default:
		if (d->points != JX_NONE && d->points > 0) {
			snprintf(path, sizeof path, "ind:%s:cmp", d->key);
			ck_add(c, "W1501", path, "%s：分值 %s 分，未选计算符号", "%s: worth %s points, no comparator chosen",
			       ck_ind_name(d), ck_num(c, d->points));
		}
		break;
	}
}

/* Does a fund row with a budget lack its 全年执行数 (W1504 says so)? */
static int spent_missing_in_a_row(const jx_sheet *s)
{
	for (size_t i = 0; i < s->n_funds; i++)
		if (s->funds[i].spent == JX_NONE && (s->funds[i].budget != JX_NONE || s->funds[i].planned != JX_NONE))
			return 1;
	return 0;
}

/* A formula's input that is missing: measure:<name>, or funds:<col> when
 * the funds table has no value of that column at all. */
static void need_input(ck_ctx *c, const jx_node *n, const char *spec, const char *label)
{
	char path[200];
	if (!spec || jx_formula_input(c->s, &c->tot, spec) != JX_NONE)
		return;
	if (strncmp(spec, "measure.", 8) == 0)
		snprintf(path, sizeof path, "measure:%s", spec + 8);
	else if (strncmp(spec, "funds.", 6) == 0 && !(strcmp(spec, "funds.spent") == 0 && spent_missing_in_a_row(c->s)))
		snprintf(path, sizeof path, "funds:%s", spec + 6);
	else
		return;
	/* one value read by two formulas is one value to fill in */
	for (size_t i = 0; i < c->out->n; i++)
		if (strcmp(c->out->v[i].code, "W1506") == 0 && strcmp(c->out->v[i].path, path) == 0)
			return;
	ck_add(c, "W1506", path, "%s：%s未填", "%s: %s not filled in", ck_node_name(n),
	       label && *label ? label : spec);
}

static int any_mark(const jx_sheet *s, const jx_node *n)
{
	for (size_t k = 0; k < n->n_items; k++)
		if (jx_sheet_mark(s, n->key, (int)k))
			return 1;
	return 0;
}

/* The template's own items that wait for a value: a manual node's score, a
 * checklist not marked at all, a formula's inputs or its typed score — each
 * only where the engine found it missing. */
static void check_nodes(ck_ctx *c)
{
	char path[200];
	for (size_t i = 0; i < c->t->n_all; i++) {
		const jx_node *n = c->t->all[i];
		const jx_score_item *it = ck_item(c, "node:", n->key);
		const jx_entry *en;
		if (!it || !(it->flags & JX_SF_INCOMPLETE))
			continue;
		switch (n->kind) {
		case JX_NODE_MANUAL:
			en = jx_sheet_entry(c->s, n->key);
			if (en && en->score != JX_NONE)
				break;
			snprintf(path, sizeof path, "entry:%s:score", n->key);
			ck_add(c, "W1506", path, "%s：尚未录入评分", "%s: no score entered yet", ck_node_name(n));
			break;
		case JX_NODE_CHECKLIST:
			if (n->n_items == 0 || any_mark(c->s, n))
				break;
			snprintf(path, sizeof path, "mark:%s:0", n->key);
			ck_add(c, "W1506", path, "%s：评价要点尚未评分", "%s: no checklist item marked yet", ck_node_name(n));
			break;
		case JX_NODE_FORMULA:
			need_input(c, n, n->input_a, n->input_a_label);
			need_input(c, n, n->input_b, n->input_b_label);
			en = jx_sheet_entry(c->s, n->key);
			if (n->fscore == JX_FS_ENTERED && (!en || en->score == JX_NONE) &&
			    jx_formula_input(c->s, &c->tot, n->input_a) != JX_NONE &&
			    jx_formula_input(c->s, &c->tot, n->input_b) != JX_NONE) {
				snprintf(path, sizeof path, "entry:%s:score", n->key);
				ck_add(c, "W1506", path, "%s：尚未录入评分", "%s: no score entered yet", ck_node_name(n));
			}
			break;
		default:
			break;
		}
	}
}

/* Counts in *slots the slots under n (n included) and returns how many of
 * the sheet's indicators sit in them. */
static size_t inds_under(const ck_ctx *c, const jx_node *n, size_t *slots)
{
	size_t k = 0;
	if (n->kind == JX_NODE_SLOT) {
		++*slots;
		/* from the slot index: this runs at every level of the tree */
		k += n->key ? ck_slot_count(c, n->key) : 0;
	}
	for (size_t i = 0; i < n->n_children; i++)
		k += inds_under(c, n->children[i], slots);
	return k;
}

/* A category worth points (产出指标 50, 满意度指标 10) whose indicators are
 * the sheet's own and of which the sheet has none yet: its points would be
 * scored 0 as if final.  Said at the highest such category; a template
 * whose categories have no fixed points (the unit spreads them) needs at
 * least one indicator somewhere. */
static void check_empty_categories(ck_ctx *c, const jx_node *n, int *said)
{
	char path[200];
	size_t slots = 0, here = inds_under(c, n, &slots);
	if (slots == 0 || here > 0)
		return;
	if (c->ss && c->ss->goal_blocks && jx_goal_blocks_replace(c->t, n))
		return; /* the goals stand for it, each asked for rows by W2003 */
	if (n->points != JX_NONE && n->points > 0) {
		snprintf(path, sizeof path, "node:%s", n->key);
		ck_add(c, "W1507", path, "%s：分值 %s 分，尚无三级指标", "%s: worth %s points, no indicator yet",
		       ck_node_name(n), ck_num(c, n->points));
		*said = 1;
		return;
	}
	for (size_t i = 0; i < n->n_children; i++)
		check_empty_categories(c, n->children[i], said);
}

static void check_indicators_present(ck_ctx *c)
{
	size_t slots = 0, any = 0;
	int said = 0;
	const jx_node *first = NULL;
	for (size_t i = 0; i < c->t->n_all; i++) {
		const jx_node *n = c->t->all[i];
		if (n->parent)
			continue;
		any += inds_under(c, n, &slots);
		check_empty_categories(c, n, &said);
	}
	for (size_t i = 0; i < c->t->n_all && !first; i++)
		if (c->t->all[i]->kind == JX_NODE_SLOT)
			first = c->t->all[i];
	if (first && any == 0 && !said) {
		char path[200];
		snprintf(path, sizeof path, "node:%s", first->key);
		ck_add(c, "W1507", path, "尚无绩效指标", "no performance indicator yet");
	}
}

void ck_check_completeness(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	char path[200], t[160];
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		const jx_node *n = c->t && d->slot ? ck_ind_slot_node(c, d) : NULL;
		if (c->t && !(n && n->kind == JX_NODE_SLOT))
			continue; /* not scored (W1405) */
		check_indicator(c, d);
	}
	/* 全年执行数 of a row that has a budget */
	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *f = &s->funds[i];
		const char *src = f->source ? f->source : "";
		if (f->spent != JX_NONE || (f->budget == JX_NONE && f->planned == JX_NONE))
			continue;
		snprintf(path, sizeof path, "fund:%s:spent", src);
		ck_add(c, "W1504", path, "%s：全年执行数未填（预算 %s 万元）", "%s: spent not filled in (budget %s)", src,
		       ck_num(c, f->budget != JX_NONE ? f->budget : f->planned));
	}
	/* 年度总体目标: each goal planned needs what was achieved */
	for (size_t i = 0; i < s->n_goals; i++) {
		const jx_goal *g = &s->goals[i];
		if (ck_blank(g->planned) || !ck_blank(g->actual))
			continue;
		ck_clip(t, sizeof t, g->planned, 60);
		snprintf(path, sizeof path, "goal:%zu:actual", i);
		ck_add(c, "W1505", path, "年度总体目标「%s」：实际完成情况未填", "annual goal \"%s\": what was achieved is not filled in",
		       t);
	}
	if (c->t && c->ss)
		check_nodes(c);
	if (c->t)
		check_indicators_present(c);
}

/* Completeness findings: check 15, and the deviation reasons check 6 finds
 * missing (W602, W603). */
static int is_unfilled(const char *code)
{
	return strncmp(code, "W15", 3) == 0 || strcmp(code, "W602") == 0 || strcmp(code, "W603") == 0;
}

size_t jx_findings_unfilled(const jx_findings *fs)
{
	size_t n = 0;
	if (!fs)
		return 0;
	for (size_t i = 0; i < fs->n; i++)
		if (is_unfilled(fs->v[i].code))
			n++;
	return n;
}

const char *jx_grade_text(const jx_scoresheet *ss, size_t unfilled, int english, char *buf, size_t len)
{
	const jx_grade_band *g = ss ? ss->grade : NULL;
	if (!buf || !len)
		return "";
	if (unfilled > 0)
		snprintf(buf, len, english ? "incomplete (%zu unfilled)" : "未完成（%zu 项未填）", unfilled);
	else if (g && english && g->grade_en)
		snprintf(buf, len, "%s", g->grade_en);
	else
		snprintf(buf, len, "%s", g && g->grade ? g->grade : "");
	return buf;
}

const char *jx_grade_cached(const char *stored, char *buf, size_t len)
{
	unsigned long n;
	if (!buf || !len)
		return "";
	if (stored && jx_lang == JX_LANG_EN && sscanf(stored, "未完成（%lu 项未填）", &n) == 1)
		snprintf(buf, len, "incomplete (%lu unfilled)", n);
	else
		snprintf(buf, len, "%s", stored ? stored : "");
	return buf;
}
