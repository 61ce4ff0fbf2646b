/* Check 18: goal blocks (template.h jx_goal_blocks, Hubei's 2020 project
 * form).  The goals' points add up to what the nodes they replace were
 * worth, each goal's points to its indicators', every goal has rows, every
 * indicator below the replaced nodes sits in a goal of the sheet, and a
 * goal's stated subtotal is the recomputed one.  A sheet made before goal
 * blocks (no goal points, no indicator in a goal) is scored by the
 * template's nodes, and is told so. */
#include "checks_int.h"

#include <stdio.h>
#include <string.h>

/* "年度绩效目标2" in the UI language. */
static const char *goal_name(ck_ctx *c, size_t i, char *buf, size_t len)
{
	const jx_goal_blocks *gb = c->t->goal_blocks;
	snprintf(buf, len, L("%s%zu", "%s %zu"), L(gb->name, gb->name_en), i + 1);
	return buf;
}

/* W2007: goal blocks not used by this sheet. */
static void goals_not_used(ck_ctx *c)
{
	const jx_goal_blocks *gb = c->t->goal_blocks;
	char names[200] = "";
	size_t len = 0;
	for (size_t i = 0; i < gb->n_replaces && len < sizeof names - 1; i++)
		len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? L("、", ", ") : "",
					ck_node_name(gb->replaces[i]));
	if (c->s->n_inds == 0)
		return;
	ck_add(c, "W2007", "goals",
	       "本表的模板按%s分块计分（各目标的分值由本表给出，指标归入各目标），本表未填写目标分值，指标也未归入目标，"
	       "暂按%s（合计 %s 分）计分",
	       "this sheet's template scores by %s blocks (each goal's points given by the sheet, its indicators "
	       "under it); this sheet gives no goal points and puts no indicator under a goal, so it is scored by %s "
	       "(%s points) for now",
	       L(gb->name, gb->name_en), names, ck_num(c, gb->points));
}

/* E2005: indicators below the replaced nodes that no goal of the sheet holds. */
static void goal_orphans(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	char path[160];
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		const jx_node *n = ck_ind_slot_node(c, d);
		if (!n || !jx_goal_blocks_replace(c->t, n))
			continue;
		snprintf(path, sizeof path, "ind:%s:goal", d->key);
		if (d->goal == JX_NONE)
			ck_add(c, "E2005", path, "%s：未归入年度绩效目标，不计分", "%s: under no goal, not scored",
			       ck_ind_name(d));
		else if (d->goal < JX_SCALE || d->goal % JX_SCALE || (size_t)(d->goal / JX_SCALE) > s->n_goals)
			ck_add(c, "E2005", path, "%s：所属目标 %s 不存在（本表有 %zu 个年度绩效目标），不计分",
			       "%s: goal %s does not exist (the sheet has %zu goals), not scored", ck_ind_name(d),
			       ck_num(c, d->goal), s->n_goals);
	}
}

/* E2002 W2003 W2004 W2006 for goal i; returns its points (JX_NONE when not given). */
static jx_dec check_goal(ck_ctx *c, size_t i)
{
	const jx_goal *g = &c->s->goals[i];
	const jx_score_item *it;
	const jx_stated *st;
	char path[64], name[120], key[24];
	jx_dec sum = 0;
	size_t rows = 0;
	int missing = 0;
	goal_name(c, i, name, sizeof name);
	for (size_t k = 0; k < c->s->n_inds; k++) {
		const jx_indicator *d = &c->s->inds[k];
		const jx_node *n;
		if (d->goal != (jx_dec)(i + 1) * JX_SCALE || !(n = ck_ind_slot_node(c, d)) ||
		    !jx_goal_blocks_replace(c->t, n))
			continue;
		rows++;
		if (d->points == JX_NONE)
			missing = 1;
		else
			sum = ck_sat_add(sum, d->points);
	}
	snprintf(path, sizeof path, "goal:%zu:points", i);
	if (g->points == JX_NONE)
		ck_add(c, "W2004", path, "%s：目标分值未填写", "%s: the goal's points are not given", name);
	if (rows == 0) {
		snprintf(path, sizeof path, "goal:%zu", i);
		ck_add(c, "W2003", path, "%s：没有指标", "%s: no indicators", name);
	} else if (g->points != JX_NONE && !missing && sum != g->points) {
		ck_add(c, "E2002", path, "%s：分值 %s 分，所列指标分值合计 %s 分",
		       "%s: worth %s points, but its indicators add up to %s", name, ck_num(c, g->points), ck_num(c, sum));
	}
	snprintf(key, sizeof key, "%zu", i);
	st = ck_stated_for(c, "goal:", key, "score");
	snprintf(path, sizeof path, "goal:%zu", i);
	it = jx_score_find(c->ss, path);
	if (st && st->value != JX_NONE && it && it->score != JX_NONE && !(it->flags & JX_SF_INCOMPLETE) &&
	    st->value != it->score)
		ck_add(c, "W2006", path, "%s：文中得分 %s 分%s，重新计算为 %s 分",
		       "%s: stated score %s%s, recomputed %s", name, ck_num(c, st->value), ck_src_note(c, st),
		       ck_num(c, it->score));
	return g->points;
}

void ck_check_goals(ck_ctx *c)
{
	const jx_goal_blocks *gb = c->t ? c->t->goal_blocks : NULL;
	jx_dec sum = 0;
	int all = 1;
	if (!gb || !c->ss)
		return;
	if (!c->ss->goal_blocks) {
		goals_not_used(c);
		return;
	}
	for (size_t i = 0; i < c->s->n_goals; i++) {
		jx_dec p = check_goal(c, i);
		if (p == JX_NONE)
			all = 0;
		else
			sum = ck_sat_add(sum, p);
	}
	if (c->s->n_goals == 0)
		ck_add(c, "E2001", "goals", "指标已归入年度绩效目标，但本表没有年度绩效目标（goals）",
		       "indicators sit under goals, but the sheet has no goals");
	else if (all && sum != gb->points)
		ck_add(c, "E2001", "goals", "各%s分值合计 %s 分，应为 %s 分", "the %s blocks add up to %s points instead of %s",
		       L(gb->name, gb->name_en), ck_num(c, sum), ck_num(c, gb->points));
	goal_orphans(c);
}
