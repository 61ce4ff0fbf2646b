/* Checks 1 to 3: the points of the template and the sheet add up, the
 * scores and the grade the document states match the recomputed ones. */
#include "checks_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------ */
/* points a node stands for                                                 */

static jx_dec eff_points(const ck_ctx *c, const jx_node *n, int *empty);

/* Sum of a group's children's points; JX_NONE when one is not known yet.
 * *any: some child carries points (is not an empty slot). */
static jx_dec children_sum(const ck_ctx *c, const jx_node *n, int *any)
{
	jx_dec sum = 0;
	*any = 0;
	for (size_t k = 0; k < n->n_children; k++) {
		int e;
		jx_dec p = eff_points(c, n->children[k], &e);
		if (p == JX_NONE)
			return JX_NONE;
		if (!e)
			*any = 1;
		sum = ck_sat_add(sum, p);
	}
	return sum;
}

/* Sum of the points of a checklist's items (评价要点). */
static jx_dec checklist_sum(const jx_node *n)
{
	jx_dec sum = 0;
	for (size_t i = 0; i < n->n_items; i++)
		if (n->items[i].points != JX_NONE)
			sum = ck_sat_add(sum, n->items[i].points);
	return sum;
}

/* Points a node stands for: its fixed points, else the sum below it.
 * JX_NONE when some indicator below has no points yet.  *empty is set when
 * nothing below carries points (slots without indicators). */
static jx_dec eff_points(const ck_ctx *c, const jx_node *n, int *empty)
{
	jx_dec sum;
	*empty = 0;
	if (n->points != JX_NONE)
		return n->points;
	switch (n->kind) {
	case JX_NODE_SLOT: {
		size_t count;
		int missing;
		sum = ck_slot_points(c, n->key, &count, &missing);
		if (missing)
			return JX_NONE;
		*empty = count == 0;
		return sum;
	}
	case JX_NODE_CHECKLIST:
		return checklist_sum(n);
	case JX_NODE_GROUP: {
		int any;
		sum = children_sum(c, n, &any);
		if (sum != JX_NONE)
			*empty = n->n_children > 0 && !any;
		return sum;
	}
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------------ */
/* 1. weights                                                               */

void ck_check_weights(ck_ctx *c)
{
	const jx_template *t = c->t;
	jx_dec roots = 0;
	int roots_known = 1;
	char path[160];

	for (size_t i = 0; i < t->n_all; i++) {
		const jx_node *n = t->all[i];
		jx_dec sum;
		int any;
		if (n->points == JX_NONE)
			continue;
		if (c->ss && c->ss->goal_blocks && jx_goal_blocks_replace(t, n))
			continue; /* the goal blocks stand for it: check 20 adds them up */
		snprintf(path, sizeof path, "node:%s", n->key);
		if (n->kind == JX_NODE_GROUP) {
			sum = children_sum(c, n, &any);
			if (sum == JX_NONE || !any || sum == n->points)
				continue;
			ck_add(c, "E101", path, "%s：分值 %s 分，下级各项分值合计 %s 分",
			       "%s: worth %s points, but its parts add up to %s", ck_node_name(n), ck_num(c, n->points),
			       ck_num(c, sum));
		} else if (n->kind == JX_NODE_SLOT) {
			size_t count;
			int missing;
			sum = ck_slot_points(c, n->key, &count, &missing);
			if (missing || count == 0 || sum == n->points)
				continue;
			ck_add(c, "E101", path, "%s：分值 %s 分，所列指标分值合计 %s 分",
			       "%s: worth %s points, but its indicators add up to %s", ck_node_name(n),
			       ck_num(c, n->points), ck_num(c, sum));
		} else if (n->kind == JX_NODE_CHECKLIST && n->n_items > 0) {
			sum = checklist_sum(n);
			if (sum == n->points)
				continue;
			ck_add(c, "E101", path, "%s：分值 %s 分，评价要点分值合计 %s 分",
			       "%s: worth %s points, but its checklist items add up to %s", ck_node_name(n),
			       ck_num(c, n->points), ck_num(c, sum));
		}
	}

	for (size_t i = 0; i < t->n_roots; i++) {
		int e;
		jx_dec p = eff_points(c, t->roots[i], &e);
		if (p == JX_NONE) {
			roots_known = 0;
			break;
		}
		roots = ck_sat_add(roots, p);
	}
	if (roots_known && t->rules.total_points != JX_NONE && t->n_roots > 0 && roots != t->rules.total_points)
		ck_add(c, "E102", "total", "一级指标分值合计 %s 分，应为 %s 分",
		       "the first-level items add up to %s points instead of %s", ck_num(c, roots),
		       ck_num(c, t->rules.total_points));

	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		char key[128];
		const char *col;
		const jx_node *n;
		jx_dec p, sum;
		int e, any;
		if (!ck_split_stated(st->path, "node:", key, sizeof key, &col) || strcmp(col, "points") != 0 ||
		    st->value == JX_NONE)
			continue;
		n = ck_tnode(c, key);
		if (!n)
			continue; /* I1406 */
		p = eff_points(c, n, &e);
		if (p == JX_NONE || p == st->value)
			continue;
		snprintf(path, sizeof path, "node:%s", n->key);
		if (n->points != JX_NONE && n->kind == JX_NODE_GROUP && (sum = children_sum(c, n, &any)) != JX_NONE &&
		    any)
			ck_add(c, "W103", path, "%s：文中分值 %s 分%s，模板分值 %s 分，下级各项分值合计 %s 分",
			       "%s: the document gives %s points%s, the template %s, its parts add up to %s",
			       ck_node_name(n), ck_num(c, st->value), ck_src_note(c, st), ck_num(c, p), ck_num(c, sum));
		else if (n->points != JX_NONE)
			ck_add(c, "W103", path, "%s：文中分值 %s 分%s，模板分值 %s 分",
			       "%s: the document gives %s points%s, the template %s", ck_node_name(n),
			       ck_num(c, st->value), ck_src_note(c, st), ck_num(c, p));
		else
			ck_add(c, "W103", path, "%s：文中分值 %s 分%s，各项分值合计 %s 分",
			       "%s: the document gives %s points%s, its parts add up to %s", ck_node_name(n),
			       ck_num(c, st->value), ck_src_note(c, st), ck_num(c, p));
	}
}

/* ------------------------------------------------------------------------ */
/* 2. stated scores and subtotals                                           */

static const char *incomplete_note(ck_ctx *c, const jx_score_item *it)
{
	if (it && (it->flags & JX_SF_INCOMPLETE))
		return L("（尚有未填项）", " (some inputs not entered yet)");
	return "";
}

/* The first score the document states for an indicator: its 得分 column,
 * else its first "ind:<key>:score" figure; JX_NONE when none. */
static jx_dec ind_stated_score(const ck_ctx *c, const jx_indicator *d, const jx_stated **where)
{
	*where = NULL;
	if (d->score_stated != JX_NONE)
		return d->score_stated;
	for (size_t k = ck_ind_score_first(c, d); k < c->s->n_stated; k = ck_ind_score_next(c, d, k)) {
		char key[128];
		const char *col;
		const jx_stated *st = &c->s->stated[k];
		if (ck_split_stated(st->path, "ind:", key, sizeof key, &col) && strcmp(col, "score") == 0 &&
		    strcmp(key, d->key) == 0 && st->value != JX_NONE) {
			*where = st;
			return st->value;
		}
	}
	return JX_NONE;
}

/* W204: a score the document states for an indicator the engine cannot
 * score (a comparator without a number, none at all …): it cannot be
 * compared, and says why. */
static void stated_unscored(ck_ctx *c, const jx_indicator *d, const jx_score_item *it)
{
	const jx_stated *st;
	jx_dec v = ind_stated_score(c, d, &st);
	char path[160], why[200], t[160];
	int numeric = d->cmp == JX_CMP_GE || d->cmp == JX_CMP_GT || d->cmp == JX_CMP_EQ || d->cmp == JX_CMP_LE ||
		      d->cmp == JX_CMP_LT;
	if (v == JX_NONE)
		return;
	if (numeric && d->target != JX_NONE && d->actual == JX_NONE && !ck_blank(d->actual_text)) {
		ck_clip(t, sizeof t, d->actual_text, 120);
		snprintf(why, sizeof why, L("实际完成值只有文字「%s」", "the actual is only text (\"%s\")"), t);
	} else {
		ck_clip(why, sizeof why, jx_score_expl(c->ss, it), 180);
	}
	if (st)
		snprintf(path, sizeof path, "ind:%s", d->key);
	else
		snprintf(path, sizeof path, "ind:%s:score_stated", d->key);
	ck_add(c, "W204", path, "%s：文中得分 %s 分%s，但本指标无法计分（%s），无从核对",
	       "%s: the document scores it %s%s, but it cannot be scored (%s), so the score cannot be checked",
	       ck_ind_name(d), ck_num(c, v), st ? ck_src_note(c, st) : "", why);
}

/* The score the document states for one scored item (a node's
 * "node:<key>:score", an indicator's 得分); JX_NONE when none. */
static jx_dec item_stated(ck_ctx *c, const jx_score_item *it)
{
	const jx_stated *st;
	if (it->kind == JX_ITEM_IND)
		return it->ind ? ind_stated_score(c, it->ind, &st) : JX_NONE;
	if (it->kind == JX_ITEM_NODE && it->node) {
		st = ck_stated_for(c, "node:", it->node->key, "score");
		return st ? st->value : JX_NONE;
	}
	return JX_NONE;
}

#define SUM_NAMES_MAX 8 /* the items named in W205; the rest are counted */

/* Names, in sheet order, the items whose stated score went into the stated
 * sum and differs from the recomputed one: "评审项目总数量（文中 0.94，计算
 * 0.78）、…". */
static void differing_items(ck_ctx *c, const jx_dec *own, const unsigned char *used, char *buf, size_t len)
{
	size_t o = 0, named = 0, more = 0;
	buf[0] = 0;
	for (size_t i = 0; i < c->ss->n; i++) {
		const jx_score_item *it = &c->ss->items[i];
		const char *name;
		if (!used[i] || own[i] == it->score)
			continue;
		if (named == SUM_NAMES_MAX) {
			more++;
			continue;
		}
		name = it->kind == JX_ITEM_IND ? ck_ind_name(it->ind) : ck_node_name(it->node);
		if (it->score == JX_NONE)
			o += (size_t)snprintf(buf + o, len - o, L("%s%s（文中 %s，无法计分）", "%s%s (stated %s, cannot be scored)"),
					      named ? L("、", ", ") : "", name, ck_num(c, own[i]));
		else
			o += (size_t)snprintf(buf + o, len - o, L("%s%s（文中 %s，计算 %s）", "%s%s (stated %s, computed %s)"),
					      named ? L("、", ", ") : "", name, ck_num(c, own[i]), ck_num(c, it->score));
		named++;
		if (o >= len) {
			o = len - 1;
			break;
		}
	}
	if (more && o < len)
		snprintf(buf + o, len - o, L("等，另有 %zu 项", " and %zu more"), more);
	ck_utf8_fix_tail(buf);
}

/* W205: the stated total is the sum of the stated scores — the document
 * added up its own column — yet the recomputed total differs: the column
 * is where the difference lies, so the items that differ are named.  An
 * item's stated score stands for everything below it; an item without one
 * counts by its parts; the sum is known only when every part is. */
static void stated_sum(ck_ctx *c)
{
	const jx_stated *total = NULL;
	size_t n = c->ss ? c->ss->n : 0;
	jx_dec *own, *sum, roots = 0;
	unsigned char *known, *used;
	int roots_known = 1;
	char list[2048];
	for (size_t i = 0; i < c->s->n_stated && !total; i++)
		if (jx_streq(c->s->stated[i].path, "total") && c->s->stated[i].value != JX_NONE)
			total = &c->s->stated[i];
	if (!total || n == 0 || c->ss->total == JX_NONE || total->value == c->ss->total)
		return;
	own = calloc(n, sizeof *own);
	sum = calloc(n, sizeof *sum);
	known = malloc(n);
	used = calloc(n, 1);
	if (!own || !sum || !known || !used)
		goto out;
	memset(known, 2, n); /* 2: no part seen yet */
	/* bottom-up: the items are in pre-order, so every part comes after its whole */
	for (size_t k = n; k-- > 0;) {
		const jx_score_item *it = &c->ss->items[k];
		int ok;
		if (it->kind == JX_ITEM_TOTAL)
			continue;
		own[k] = item_stated(c, it);
		if (own[k] != JX_NONE) {
			ok = 1;
			sum[k] = own[k];
		} else if (known[k] != 2) {
			ok = known[k];
		} else {
			/* a leaf without a stated score: known only when it stands for nothing */
			ok = it->points == JX_NONE || it->points == 0;
			sum[k] = 0;
		}
		if (it->parent < 0) {
			roots_known &= ok;
			roots = ck_sat_add(roots, sum[k]);
		} else {
			unsigned char *pk = &known[it->parent];
			*pk = (unsigned char)((*pk == 2 ? 1 : *pk) & ok);
			sum[it->parent] = ck_sat_add(sum[it->parent], sum[k]);
		}
	}
	if (!roots_known || roots != total->value)
		goto out;
	/* top-down: a stated score counts unless a whole above it has its own */
	for (size_t k = 0; k < n; k++) {
		const jx_score_item *it = &c->ss->items[k];
		int through = it->parent < 0 || (used[it->parent] & 2);
		if (it->kind == JX_ITEM_TOTAL || !through)
			continue;
		used[k] = own[k] != JX_NONE ? 1 : 2; /* 1: counted here; 2: counted by its parts */
	}
	for (size_t k = 0; k < n; k++)
		used[k] = used[k] == 1;
	differing_items(c, own, used, list, sizeof list);
	ck_add(c, "W205", "total", "总分：文中 %s 分%s，等于各项文中得分之和，而重新计算为 %s 分；得分不同的项目：%s",
	       "total: the document's %s%s is the sum of its own item scores, but recomputed it is %s; the items that "
	       "differ: %s",
	       ck_num(c, total->value), ck_src_note(c, total), ck_num(c, c->ss->total), list[0] ? list : L("无", "none"));
out:
	free(own);
	free(sum);
	free(known);
	free(used);
}

void ck_check_scores(ck_ctx *c)
{
	char path[160];
	/* node subtotals, in the order the sheet states them */
	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		char key[128];
		const char *col;
		const jx_node *n;
		const jx_score_item *it;
		if (!ck_split_stated(st->path, "node:", key, sizeof key, &col) || strcmp(col, "score") != 0 ||
		    st->value == JX_NONE)
			continue;
		n = ck_tnode(c, key);
		it = ck_item(c, "node:", key);
		if (!n || !it || it->score == JX_NONE || it->score == st->value)
			continue;
		snprintf(path, sizeof path, "node:%s", n->key);
		if (n->kind == JX_NODE_GROUP || n->kind == JX_NODE_SLOT)
			ck_add(c, "W201", path, "%s：文中得分 %s 分%s，各项得分合计 %s 分%s",
			       "%s: the document scores it %s%s, its parts add up to %s%s", ck_node_name(n),
			       ck_num(c, st->value), ck_src_note(c, st), ck_num(c, it->score), incomplete_note(c, it));
		else
			ck_add(c, "W201", path, "%s：文中得分 %s 分%s，重新计算为 %s 分%s",
			       "%s: the document scores it %s%s, recomputed %s%s", ck_node_name(n),
			       ck_num(c, st->value), ck_src_note(c, st), ck_num(c, it->score), incomplete_note(c, it));
	}
	/* indicators, in sheet order: the 得分 column, then stated figures */
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		const jx_score_item *it = ck_ind_item(c, d);
		const jx_stated *st;
		if (it && it->score == JX_NONE && !jx_ind_not_applicable(d))
			stated_unscored(c, d, it);
		if (!it || it->score == JX_NONE)
			continue;
		if (d->score_stated != JX_NONE && d->score_stated != it->score) {
			snprintf(path, sizeof path, "ind:%s:score_stated", d->key);
			ck_add(c, "W202", path, "%s：文中得分 %s 分，重新计算为 %s 分%s",
			       "%s: the document scores it %s, recomputed %s%s", ck_ind_name(d),
			       ck_num(c, d->score_stated), ck_num(c, it->score), incomplete_note(c, it));
		}
		/* the stated figures "ind:<key>:score" of this indicator, in sheet order */
		for (size_t k = ck_ind_score_first(c, d); k < c->s->n_stated; k = ck_ind_score_next(c, d, k)) {
			char key[128];
			const char *col;
			st = &c->s->stated[k];
			if (!ck_split_stated(st->path, "ind:", key, sizeof key, &col) || strcmp(col, "score") != 0 ||
			    strcmp(key, d->key) != 0 || st->value == JX_NONE)
				continue;
			if (st->value == it->score || st->value == d->score_stated)
				continue; /* equal, or already reported above */
			snprintf(path, sizeof path, "ind:%s", d->key);
			ck_add(c, "W202", path, "%s：文中得分 %s 分%s，重新计算为 %s 分%s",
			       "%s: the document scores it %s%s, recomputed %s%s", ck_ind_name(d), ck_num(c, st->value),
			       ck_src_note(c, st), ck_num(c, it->score), incomplete_note(c, it));
		}
	}
	/* the total */
	if (c->ss && c->ss->total != JX_NONE)
		for (size_t i = 0; i < c->s->n_stated; i++) {
			const jx_stated *st = &c->s->stated[i];
			if (!st->path || strcmp(st->path, "total") != 0 || st->value == JX_NONE ||
			    st->value == c->ss->total)
				continue;
			ck_add(c, "W203", "total", "总分：文中 %s 分%s，重新计算为 %s 分%s",
			       "total: the document states %s%s, recomputed %s%s", ck_num(c, st->value),
			       ck_src_note(c, st), ck_num(c, c->ss->total),
			       incomplete_note(c, jx_score_find(c->ss, "total")));
		}
	stated_sum(c);
}

/* ------------------------------------------------------------------------ */
/* 3. grade                                                                 */

static const char *grade_text(const jx_grade_band *g)
{
	if (!g)
		return "";
	if (jx_lang == JX_LANG_EN && g->grade_en && *g->grade_en)
		return g->grade_en;
	return g->grade ? g->grade : "";
}

/* Does the stated text name this band?  "优", "优秀", "良好", "Good". */
static int grade_matches(const char *text, const jx_grade_band *g)
{
	const char *p = text;
	if (!g || !text)
		return 0;
	while (*p == ' ' || *p == '"' || ck_starts_with(p, "“") || ck_starts_with(p, "「"))
		p += *p == ' ' || *p == '"' ? 1 : 3;
	if (g->grade && *g->grade && ck_starts_with(p, g->grade))
		return 1;
	if (g->grade_en && *g->grade_en && strncasecmp(p, g->grade_en, strlen(g->grade_en)) == 0)
		return 1;
	return 0;
}

void ck_check_grade(ck_ctx *c)
{
	const jx_stated *grade = NULL, *total = NULL;
	const jx_grade_band *g_stated = NULL, *g_calc = NULL;
	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		if (!st->path)
			continue;
		if (!grade && strcmp(st->path, "grade") == 0 && !ck_blank(st->text))
			grade = st;
		if (!total && strcmp(st->path, "total") == 0 && st->value != JX_NONE)
			total = st;
	}
	if (!grade || !c->t || c->t->rules.n_grades == 0)
		return;
	if (total) {
		g_stated = jx_template_grade(c->t, total->value);
		if (g_stated && !grade_matches(grade->text, g_stated))
			ck_add(c, "W301", "total", "等级：文中写作「%s」，但文中总分 %s 分对应「%s」",
			       "grade: the document says \"%s\", but its own total %s falls in \"%s\"", grade->text,
			       ck_num(c, total->value), grade_text(g_stated));
	}
	if (c->ss && c->ss->total != JX_NONE) {
		g_calc = jx_template_grade(c->t, c->ss->total);
		/* said once already when the stated total falls in the same band */
		if (g_calc && !grade_matches(grade->text, g_calc) && (!g_stated || g_stated != g_calc))
			ck_add(c, "W302", "total", "等级：文中写作「%s」，重新计算的总分 %s 分对应「%s」",
			       "grade: the document says \"%s\", the recomputed total %s falls in \"%s\"", grade->text,
			       ck_num(c, c->ss->total), grade_text(g_calc));
	}
}
