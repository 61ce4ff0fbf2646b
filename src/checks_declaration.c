/* 17. A target declaration (绩效目标申报) as a reviewer reads it before the
 * budget is approved (share/checks.md, check 17): the categories the table
 * asks for, numbers and units where the 二级 calls for them, rates that
 * cannot pass 100%, deadlines inside the project period, placeholder text
 * left in, the 年度总体目标, duplicate indicator names.  Runs only on a
 * declaration; a declaration runs none of the checks of results. */
#include "checks_int.h"
#include "engine.h"
#include "field.h"

#include <stdio.h>
#include <string.h>

/* 1 when some indicator sits in a slot under the root node `root`. */
static int has_under(const ck_ctx *c, const char *root)
{
	size_t n = strlen(root);
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const char *slot = c->s->inds[i].slot;
		if (slot && strncmp(slot, root, n) == 0 && (slot[n] == 0 || slot[n] == '.'))
			return 1;
	}
	return 0;
}

/* 产出 and 效益 always; 满意度 when the template has that 一级. */
static void check_categories(ck_ctx *c)
{
	if (!has_under(c, "output"))
		ck_add(c, "E1701", "node:output", "申报表没有产出指标（须至少一项）",
		       "the declaration has no output indicator (at least one is required)");
	if (!has_under(c, "benefit"))
		ck_add(c, "E1702", "node:benefit", "申报表没有效益指标（须至少一项）",
		       "the declaration has no benefit indicator (at least one is required)");
	if (c->t && ck_tnode(c, "satisfaction") && !has_under(c, "satisfaction"))
		ck_add(c, "W1703", "node:satisfaction", "本表要求申报满意度指标，尚未填写",
		       "this table asks for a satisfaction indicator; there is none");
}

/* The 二级 categories whose indicators are measured: a number and a unit. */
static int needs_number(const ck_ctx *c, const jx_indicator *d)
{
	static const char *const measured[] = {"数量指标", "质量指标", "成本指标"};
	const jx_node *n = d->slot ? ck_tnode(c, d->slot) : NULL;
	for (size_t i = 0; n && n->category && i < sizeof measured / sizeof measured[0]; i++)
		if (strcmp(n->category, measured[i]) == 0)
			return 1;
	return 0;
}

static int numeric_cmp(jx_cmp k)
{
	return k == JX_CMP_GE || k == JX_CMP_GT || k == JX_CMP_EQ || k == JX_CMP_LE || k == JX_CMP_LT;
}

/* A rate that cannot pass 100%: in %, named …率 or …满意度, and not a
 * growth (增长率, 提高, 提升, 增幅 may pass 100%). */
static int capped_rate(const jx_indicator *d)
{
	static const char *const growth[] = {"增长", "提高", "提升", "增幅", "同比", "环比"};
	size_t n = d->name ? strlen(d->name) : 0;
	if (!d->unit || (strcmp(d->unit, "%") != 0 && strcmp(d->unit, "％") != 0) || !n)
		return 0;
	for (size_t i = 0; i < sizeof growth / sizeof growth[0]; i++)
		if (strstr(d->name, growth[i]))
			return 0;
	return (n >= 3 && strcmp(d->name + n - 3, "率") == 0) || strstr(d->name, "满意度") != NULL;
}

static void check_numbers(ck_ctx *c, const jx_indicator *d)
{
	char path[160];
	const jx_node *n = d->slot ? ck_tnode(c, d->slot) : NULL;
	if (needs_number(c, d) && (!numeric_cmp(d->cmp) || d->target == JX_NONE)) {
		snprintf(path, sizeof path, "ind:%s:target", d->key);
		ck_add(c, "W1704", path, "%s（%s）：指标值须为数字并写明指标性质（≥、≤、= 等），现为「%s」",
		       "%s (%s): the target must be a number with its comparator (≥, ≤, = ...); it reads \"%s\"",
		       ck_ind_name(d), n ? ck_node_name(n) : "", d->target_text ? d->target_text : "");
		return;
	}
	if (numeric_cmp(d->cmp) && d->target != JX_NONE && ck_blank(d->unit)) {
		snprintf(path, sizeof path, "ind:%s:unit", d->key);
		ck_add(c, "W1705", path, "%s：指标值 %s 未写度量单位", "%s: the target %s has no unit", ck_ind_name(d),
		       ck_num(c, d->target));
	}
	if ((d->cmp == JX_CMP_GE || d->cmp == JX_CMP_GT || d->cmp == JX_CMP_EQ) && d->target != JX_NONE &&
	    d->target > JX_INT(100) && capped_rate(d)) {
		snprintf(path, sizeof path, "ind:%s:target", d->key);
		ck_add(c, "W1706", path, "%s：比率不能超过 100%%，指标值写作 %s%s%%", "%s: a rate cannot pass 100%%; the target reads %s%s%%",
		       ck_ind_name(d), jx_cmp_symbol(d->cmp), ck_num(c, d->target));
	}
}

/* The project period written in 项目期 (info.eval_period on a declaration):
 * "2022年1月—2022年12月", "2022-01-01至2024-12-31"; *from and *to as
 * y·10000 + m·100 + d (from by its month: its day is not compared).  0, or
 * -1 when it cannot be read. */
static int project_period(const char *text, long *from, long *to)
{
	static const char *const seps[] = {"至", "—", "–", "～", "~", "－", "到"};
	char a[128];
	for (size_t i = 0; text && i < sizeof seps / sizeof seps[0]; i++) {
		const char *p = strstr(text, seps[i]);
		size_t n;
		if (!p || (n = (size_t)(p - text)) >= sizeof a)
			continue;
		memcpy(a, text, n);
		a[n] = 0;
		p += strlen(seps[i]);
		while (strncmp(p, "—", strlen("—")) == 0) /* "——" */
			p += strlen("—");
		*from = jx_deadline_parse(a);
		*to = jx_deadline_parse(p);
		if (*from > 0 && *to > 0 && *from / 100 <= *to / 100) {
			*from = *from / 100 * 100 + 1;
			return 0;
		}
	}
	return -1;
}

static void check_deadline(ck_ctx *c, const jx_indicator *d, long from, long to, const char *period)
{
	char path[160];
	long when;
	if (d->cmp != JX_CMP_DEADLINE || (when = jx_deadline_parse(d->target_text)) < 0 || (when >= from && when <= to))
		return;
	snprintf(path, sizeof path, "ind:%s:target_text", d->key);
	ck_add(c, "W1707", path, "%s：完成期限 %s 不在%s内", "%s: the deadline %s is outside %s", ck_ind_name(d),
	       d->target_text, period);
}

/* Text a template or an example left in: the first such word of text. */
static const char *placeholder(const char *text)
{
	static const char *const words[] = {"XX", "xx", "××", "请填写", "示例"};
	for (size_t i = 0; text && i < sizeof words / sizeof words[0]; i++)
		if (strstr(text, words[i]))
			return words[i];
	return NULL;
}

static void placeholder_at(ck_ctx *c, const char *path, const char *text)
{
	char label[200];
	const char *w = placeholder(text);
	if (!w)
		return;
	ck_add(c, "W1708", path, "%s：仍有占位文字「%s」", "%s: placeholder text \"%s\" is left in",
	       ck_field_label(c, path, label, sizeof label), w);
}

static void check_placeholders(ck_ctx *c)
{
	static const char *const ind_cols[] = {"name", "target_text", "unit"};
	const jx_sheet *s = c->s;
	char path[200];
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		snprintf(path, sizeof path, "info:%s", jx_info_labels[i].key);
		placeholder_at(c, path, s->info[i]);
	}
	for (size_t i = 0; i < s->n_goals; i++) {
		snprintf(path, sizeof path, "goal:%zu:planned", i);
		placeholder_at(c, path, s->goals[i].planned);
	}
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		const char *v[] = {d->name, d->target_text, d->unit};
		for (size_t k = 0; k < 3; k++) {
			snprintf(path, sizeof path, "ind:%s:%s", d->key, ind_cols[k]);
			placeholder_at(c, path, v[k]);
		}
	}
}

/* Each indicator named like an earlier one of the same sub-project, with
 * that one's row: the same name under two sub-projects (评审项目总数量 of
 * two reviews) is two indicators. */
static void check_duplicates(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	char path[160];
	for (size_t i = 1; i < s->n_inds; i++) {
		const char *nm = s->inds[i].name;
		if (ck_blank(nm))
			continue;
		for (size_t k = 0; k < i; k++)
			if (s->inds[k].name && strcmp(s->inds[k].name, nm) == 0 &&
			    jx_texteq(s->inds[k].subproject, s->inds[i].subproject)) {
				snprintf(path, sizeof path, "ind:%s:name", s->inds[i].key);
				ck_add(c, "W1710", path, "%s：与第 %zu 项指标同名（同一项目内）", "%s: the same name as indicator %zu of the same sub-project", nm, k + 1);
				break;
			}
	}
}

void ck_check_declaration(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	long from = (long)s->year * 10000 + 101, to = (long)s->year * 10000 + 1231;
	char period[160];
	int goal = 0;
	check_categories(c);
	if (project_period(s->info[JX_INFO_EVAL_PERIOD], &from, &to) == 0)
		snprintf(period, sizeof period, L("项目期（%s）", "the project period (%s)"), s->info[JX_INFO_EVAL_PERIOD]);
	else
		snprintf(period, sizeof period, L("申报年度（%d 年）", "the year declared (%d)"), s->year);
	for (size_t i = 0; i < s->n_inds; i++) {
		check_numbers(c, &s->inds[i]);
		if (s->year > 0 || s->info[JX_INFO_EVAL_PERIOD])
			check_deadline(c, &s->inds[i], from, to, period);
	}
	check_placeholders(c);
	for (size_t i = 0; i < s->n_goals; i++)
		goal |= !ck_blank(s->goals[i].planned);
	if (!goal)
		ck_add(c, "W1709", "goals", "年度总体目标未填写", "the year's overall goal (年度总体目标) is missing");
	check_duplicates(c);
}
