/* The scoring engine (share/rules.md §3): a pure function of (template, sheet).
 *
 * Every score is computed as an exact fraction (128-bit numerator and
 * denominator, values in millionths) and rounded once, half-up, to the
 * template's decimals — never from a rate already rounded for display, and
 * never through binary floating point.  Every rule on which the sources
 * disagree is read from jx_rules or from the node.
 *
 * Each computed number gets an explanation written with its inputs
 * ("5 ÷ 6 × 2 = 1.67") in the UI language.  The result's item and text
 * buffers are reused between calls, so a recompute on an unchanged sheet
 * allocates nothing.
 *
 * This file is the template's tree over the sheet: groups, slots,
 * checklists, formulas, the total and its caps.  One indicator under the
 * rules is engine_rules.c; the fractions both use, engine_int.h.
 */
#include "engine_int.h"

#include <stdlib.h>

/* Longest explanation of one item, in bytes (longer ones are cut at a
 * character boundary). */
#define EXPL_MAX 1024
/* A subtotal lists at most this many terms; beyond it, only the count. */
#define SUM_TERMS_MAX 10
/* Sheets up to this many indicators get their slot keys hashed on the stack. */
#define SLOT_HASH_MAX 2048
#define SLOT_BUCKETS 64

/* ---- the whole sheet ------------------------------------------------------ */

typedef struct {
	const jx_template *t;
	const jx_sheet *s;
	jx_scoresheet *out;
	jx_fund_totals ft;
	int dec;
	int oom;
	int exec_found;  /* the execution node was met */
	int exec_have;   /* ... and its rate is defined */
	frac exec_rate;  /* exact */
	/* hash of each indicator's slot, so that each slot node finds its
	 * indicators without a string compare per indicator; NULL = not computed;
	 * the indicators chained by their hash's bucket, each chain in sheet
	 * order: slot_head[bucket] and slot_next[i] are an index + 1, 0 = end */
	const uint32_t *slot_hash;
	const uint32_t *slot_next;
	uint32_t slot_head[SLOT_BUCKETS];
	int goal;               /* the goal block being scored (1 = 年度绩效目标1); 0 = none */
	const jx_node *move_to; /* not_applicable: move — the node receiving the points */
	jx_dec moved;           /* not-applicable points moved so far */
	char scratch[EXPL_MAX];
} ctx;

typedef struct {
	jx_dec points, score;
	int flags;
	jx_dec na_pts; /* points of not-applicable indicators below, not yet rescaled */
} node_result;

static int reserve_items(ctx *c)
{
	jx_scoresheet *o = c->out;
	if (o->n < o->cap)
		return 0;
	{
		size_t ncap = o->cap ? o->cap * 2 : 64;
		jx_score_item *v = realloc(o->items, ncap * sizeof *v);
		if (!v)
			return -1;
		o->items = v;
		o->cap = ncap;
	}
	return 0;
}

/* Room for one explanation at the end of the text; the buffer to write it in. */
static char *expl_begin(ctx *c)
{
	jx_scoresheet *o = c->out;
	if (!c->oom && o->text_cap - o->text_len < EXPL_MAX) {
		size_t ncap = o->text_cap ? o->text_cap : 8192;
		char *p;
		while (ncap - o->text_len < EXPL_MAX)
			ncap *= 2;
		p = realloc(o->text, ncap);
		if (!p) {
			c->oom = 1;
		} else {
			o->text = p;
			o->text_cap = ncap;
		}
	}
	if (c->oom)
		return c->scratch;
	return o->text + o->text_len;
}

/* Finish the explanation written at expl_begin(); returns its offset. */
static size_t expl_end(ctx *c, const char *buf)
{
	jx_scoresheet *o = c->out;
	size_t off;
	if (c->oom || buf != o->text + o->text_len)
		return 0;
	off = o->text_len;
	o->text_len += strlen(buf) + 1;
	return off;
}

static void set_path(char *dst, const char *prefix, const char *key)
{
	size_t cap = sizeof(((jx_score_item *)0)->path), n = strlen(prefix), k;
	memcpy(dst, prefix, n);
	k = key ? strlen(key) : 0;
	if (k > cap - 1 - n)
		k = cap - 1 - n;
	memcpy(dst + n, key ? key : "", k);
	dst[n + k] = 0;
}

static int add_item(ctx *c, jx_item_kind kind, const jx_node *node, const jx_indicator *ind, int parent, int depth)
{
	jx_score_item *it;
	if (c->oom || reserve_items(c) < 0) {
		c->oom = 1;
		return -1;
	}
	it = &c->out->items[c->out->n];
	it->kind = kind;
	it->node = node;
	it->ind = ind;
	it->parent = parent;
	it->depth = depth;
	it->points = JX_NONE;
	it->score = JX_NONE;
	it->rate = JX_NONE;
	it->flags = 0;
	it->expl = 0;
	it->goal = c->goal;
	it->label = 0;
	it->name = NULL;
	if (kind == JX_ITEM_IND) {
		/* set_path's, with the prefix's length known: one item a
		 * sheet's 300 indicators each */
		size_t k = ind->key ? strlen(ind->key) : 0;
		if (k > sizeof it->path - 5)
			k = sizeof it->path - 5;
		memcpy(it->path, "ind:", 4);
		memcpy(it->path + 4, ind->key ? ind->key : "", k);
		it->path[4 + k] = 0;
	} else if (kind == JX_ITEM_NODE && c->goal) { /* a slot of a goal block */
		char pre[32];
		snprintf(pre, sizeof pre, "goal:%d:", c->goal - 1);
		set_path(it->path, pre, node->key);
	} else if (kind == JX_ITEM_NODE) {
		set_path(it->path, "node:", node->key);
	} else {
		set_path(it->path, "total", "");
	}
	return (int)c->out->n++;
}

/* FNV-1a of a key's end, and its length */
static uint32_t key_hash(const char *k)
{
	uint32_t h = 2166136261u;
	size_t n;
	if (!k)
		return 0;
	/* the length and the last 8 bytes, where a template's slots differ
	 * (output.quantity, output.quality): every byte of each indicator's
	 * slot was a tenth of scoring it */
	n = strlen(k);
	for (size_t i = n > 8 ? n - 8 : 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h ^ (uint32_t)n;
}

/* "小计：a + b + c = s" over the items whose parent is `idx`. */
static void expl_sum(ctx *c, sbuf *b, int idx, const char *label_zh, const char *label_en, jx_dec total)
{
	jx_scoresheet *o = c->out;
	size_t n = 0, i, start = idx < 0 ? 0 : (size_t)idx + 1;
	/* no explanation wanted (no_expl): nothing to count its terms for */
	if (!b->p)
		return;
	for (i = start; i < o->n; i++)
		if (o->items[i].parent == idx && o->items[i].kind != JX_ITEM_TOTAL)
			n++;
	sb_put(b, L(label_zh, label_en));
	if (n == 0) {
		sb_put(b, L("无下级项目，", "nothing below, "));
		sb_fix(b, total, c->dec);
		return;
	}
	if (n > SUM_TERMS_MAX) {
		sb_trim(b, (jx_dec)n * JX_SCALE);
		sb_put(b, L(" 项合计 ", " items, sum "));
		sb_fix(b, total, c->dec);
		return;
	}
	n = 0;
	for (i = start; i < o->n; i++) {
		const jx_score_item *ch = &o->items[i];
		if (ch->parent != idx || ch->kind == JX_ITEM_TOTAL)
			continue;
		if (n++)
			sb_put(b, " + ");
		if (ch->score == JX_NONE)
			sb_put(b, (ch->flags & (JX_SF_NA | JX_SF_INCOMPLETE)) == JX_SF_NA ? L("不适用", "n/a") : L("未评", "n/a"));
		else
			sb_fix(b, ch->score, c->dec);
	}
	sb_put(b, " = ");
	sb_fix(b, total, c->dec);
}

static node_result score_node(ctx *c, const jx_node *n, int parent, int depth);

/* Is n the node m or below it? */
static int node_within(const jx_node *n, const jx_node *m)
{
	for (; n; n = n->parent)
		if (n == m)
			return 1;
	return 0;
}

/* not_applicable: move — the points leave node n (outside the receiving
 * node) at once: n keeps the scores of the rest, nothing is rescaled, and
 * the receiving node takes the points at the end (move_received). */
static void score_move(ctx *c, jx_dec w, node_result *r, sbuf *b)
{
	c->moved = jx_dec_clamp((i128)c->moved + r->na_pts);
	sb_put(b, L("；不适用 ", "; not applicable "));
	sb_trim(b, r->na_pts);
	sb_put(b, L(" 分移至“", " points moved to \""));
	sb_put(b, L(c->move_to->name, c->move_to->name_en));
	sb_put(b, L("”", "\""));
	if (w != JX_NONE && w - r->na_pts <= 0) {
		r->score = JX_NONE;
		r->flags |= JX_SF_NA;
	}
	r->na_pts = 0;
}

/* Not-applicable points below a node with fixed points W (rules
 * not_applicable: rescale): the scores of the rest, worth W − na, are
 * scaled to W — s × W ÷ (W − na), never above W.  A node without fixed
 * points hands them up; a node whose points are all not applicable is
 * itself not applicable and hands up its W.  Under not_applicable: move,
 * n outside the receiving node moves them instead (score_move). */
static void score_rescale(ctx *c, const jx_node *n, jx_dec w, node_result *r, sbuf *b)
{
	jx_dec app;
	frac v;
	if (r->na_pts > 0 && c->move_to && n && !node_within(n, c->move_to)) {
		score_move(c, w, r, b);
		return;
	}
	if (r->na_pts <= 0 || w == JX_NONE)
		return;
	app = w - r->na_pts;
	if (app <= 0) {
		r->score = JX_NONE;
		r->flags |= JX_SF_NA;
		r->na_pts = w;
		sb_put(b, L("；全部不适用", "; all not applicable"));
		return;
	}
	v = fr((i128)r->score * w, app);
	if (fr_cmp(v, fr_dec(w)) > 0)
		v = fr_dec(w);
	sb_put(b, L("；不适用 ", "; not applicable "));
	sb_trim(b, r->na_pts);
	sb_put(b, L(" 分不计，折算：", " points left out, rescaled: "));
	sb_fix(b, r->score, c->dec);
	sb_put(b, " × ");
	sb_trim(b, w);
	sb_put(b, " ÷ ");
	sb_trim(b, app);
	sb_put(b, " = ");
	r->score = fr_round(v, c->dec);
	sb_fix(b, r->score, c->dec);
	r->na_pts = 0;
}

/* What a slot's indicators add up to while they are scored. */
typedef struct {
	i128 sum, pts;
	size_t count, applicable;
} slot_acc;

/* Indicator ind of slot n (under item idx): its item, scored. */
static void slot_ind(ctx *c, const jx_node *n, int idx, int depth, const jx_indicator *ind, slot_acc *a,
		     node_result *r)
{
	int ii, fl;
	char *e;
	jx_dec sc, rt;
	if (!jx_streq(ind->slot, n->key))
		return;
	if (c->goal && ind->goal != (jx_dec)c->goal * JX_SCALE)
		return;
	a->count++;
	ii = add_item(c, JX_ITEM_IND, n, ind, idx, depth + 1);
	e = expl_begin(c);
	e[0] = 0; /* (what no_expl leaves) */
	jx_score_indicator(&c->t->rules, ind, &sc, &rt, &fl, e, c->out->no_expl ? 0 : EXPL_MAX);
	if (ii >= 0) {
		jx_score_item *it = &c->out->items[ii];
		it->points = ind->points;
		it->score = sc;
		it->rate = rt;
		it->flags = fl;
		it->expl = expl_end(c, e);
	}
	if (sc != JX_NONE)
		a->sum += sc;
	if (sc != JX_NONE || !(fl & JX_SF_NA))
		a->applicable++;
	if (ind->points != JX_NONE && ind->points > 0) {
		a->pts += ind->points;
		if ((fl & JX_SF_NA) && sc == JX_NONE)
			r->na_pts = jx_dec_clamp((i128)r->na_pts + ind->points);
	}
	r->flags |= fl & JX_SF_INCOMPLETE;
}

static node_result score_slot(ctx *c, const jx_node *n, int idx, int depth, sbuf *b)
{
	node_result r = {JX_NONE, 0, 0, 0};
	slot_acc a = {0, 0, 0, 0};
	i128 sum, pts;
	size_t count, applicable;
	const jx_sheet *s = c->s;
	uint32_t h = key_hash(n->key);
	if (c->slot_hash) {
		/* the indicators whose slot hashes alike, in sheet order (going
		 * over all of them for each slot was a fifth of scoring) */
		for (uint32_t k = c->slot_head[h % SLOT_BUCKETS]; k; k = c->slot_next[k - 1])
			if (c->slot_hash[k - 1] == h)
				slot_ind(c, n, idx, depth, &s->inds[k - 1], &a, &r);
	} else {
		for (size_t i = 0; i < s->n_inds; i++)
			slot_ind(c, n, idx, depth, &s->inds[i], &a, &r);
	}
	sum = a.sum;
	pts = a.pts;
	count = a.count;
	applicable = a.applicable;
	r.score = jx_dec_clamp(sum);
	r.points = n->points != JX_NONE ? n->points : jx_dec_clamp(pts);
	if (count == 0 && n->points != JX_NONE && n->points > 0)
		r.flags |= JX_SF_INCOMPLETE;
	if (count == 0) {
		sb_put(b, L("尚无指标，得 ", "no indicators yet: "));
		sb_fix(b, r.score, c->dec);
	} else {
		expl_sum(c, b, idx, "小计：", "subtotal: ", r.score);
		score_rescale(c, n, n->points, &r, b);
	}
	if (count > 0 && applicable == 0) { /* every indicator here is not applicable */
		r.score = JX_NONE;
		r.flags |= JX_SF_NA;
	}
	return r;
}

static node_result score_checklist(ctx *c, const jx_node *n, sbuf *b)
{
	node_result r = {JX_NONE, 0, 0, 0};
	i128 sum = 0, pts = 0;
	size_t marked = 0;
	char note[EXPL_MAX];
	sbuf nb;
	sb_init(&nb, note, sizeof note);
	for (size_t i = 0; i < n->n_items; i++) {
		jx_dec ip = n->items[i].points == JX_NONE ? 0 : n->items[i].points;
		const jx_mark *m = jx_sheet_mark(c->s, n->key, (int)i);
		jx_dec got = 0;
		if (ip > 0)
			pts += ip;
		if (m && m->awarded != JX_NONE) {
			marked++;
			got = m->awarded < 0 ? 0 : m->awarded;
			if (got > ip) {
				got = ip;
				sb_put(&nb, L("；第 ", "; item "));
				sb_trim(&nb, (jx_dec)(i + 1) * JX_SCALE);
				sb_put(&nb, L(" 项评分 ", " marked "));
				sb_trim(&nb, m->awarded);
				sb_put(&nb, L(" 超过其分值 ", " above its points "));
				sb_trim(&nb, ip);
				sb_put(&nb, L("，按 ", ", counted as "));
				sb_trim(&nb, ip);
				sb_put(&nb, L(" 计", ""));
			} else if (m->awarded < 0) {
				sb_put(&nb, L("；负分按 0 计", "; a negative mark counts as 0"));
			}
		}
		sum += got;
		if (i)
			sb_put(b, " + ");
		else
			sb_put(b, L("评价要点：", "checklist: "));
		sb_trim(b, got);
	}
	r.points = n->points != JX_NONE ? n->points : jx_dec_clamp(pts);
	r.score = fr_round(fr_dec(jx_dec_clamp(sum)), c->dec);
	if (n->n_items == 0) {
		sb_put(b, L("无评价要点", "no checklist items"));
		r.flags |= JX_SF_INCOMPLETE;
		return r;
	}
	sb_put(b, " = ");
	sb_fix(b, r.score, c->dec);
	if (marked == 0) {
		r.flags |= JX_SF_INCOMPLETE;
		sb_put(b, L("（尚未评分）", " (not marked yet)"));
	}
	sb_put(b, note);
	return r;
}

jx_dec jx_formula_input(const jx_sheet *s, const jx_fund_totals *ft, const char *spec)
{
	const jx_measure *m;
	if (!spec)
		return JX_NONE;
	if (strncmp(spec, "funds.", 6) == 0) {
		const char *col = spec + 6;
		if (strcmp(col, "planned") == 0)
			return ft->planned;
		if (strcmp(col, "budget") == 0)
			return ft->budget;
		if (strcmp(col, "received") == 0)
			return ft->received;
		if (strcmp(col, "spent") == 0)
			return ft->spent;
		return JX_NONE;
	}
	if (strncmp(spec, "measure.", 8) == 0) {
		m = jx_sheet_measure(s, spec + 8);
		return m ? m->value : JX_NONE;
	}
	return JX_NONE;
}

/* What to call a formula input in a message: the node's label, else the
 * funds column's name, else the measure's name. */
static const char *input_label(const jx_node *n, int which)
{
	const char *l = which ? n->input_b_label : n->input_a_label;
	const char *spec = which ? n->input_b : n->input_a;
	if (l && *l)
		return l;
	if (!spec || !*spec)
		return L("（未定义的输入）", "(undefined input)");
	for (size_t i = 0; i < JX_FUND_INPUTS; i++)
		if (strcmp(spec, jx_fund_inputs[i].input) == 0)
			return L(jx_fund_inputs[i].name_zh, jx_fund_inputs[i].name_en);
	if (strncmp(spec, "measure.", 8) == 0)
		return spec + 8;
	return spec;
}

/* "480.82 ÷ 1935", "5 ÷ 4 − 1", "(100 − 90) ÷ 100" */
static void expl_formula(sbuf *b, const jx_node *n, jx_dec a, jx_dec d)
{
	switch (n->formula) {
	case JX_F_GROWTH:
		sb_trim(b, a);
		sb_put(b, " ÷ ");
		sb_trim(b, d);
		sb_put(b, " − 1");
		break;
	case JX_F_SAVING:
		sb_put(b, "(");
		sb_trim(b, d);
		sb_put(b, " − ");
		sb_trim(b, a);
		sb_put(b, ") ÷ ");
		sb_trim(b, d);
		break;
	default:
		sb_trim(b, a);
		sb_put(b, " ÷ ");
		sb_trim(b, d);
		break;
	}
}

/* A formula node's inputs and rate while it is scored. */
typedef struct {
	jx_dec a, d;  /* the inputs */
	jx_dec p;     /* the node's points, not below 0 */
	i128 rn, rd;  /* the rate as the plain fraction rn ÷ rd (rd > 0) */
	frac rate;    /* and in millionths */
} formula;

/* The rate of a formula node and its explanation.  Returns 1 when that
 * settles the score (an input missing, 0 ÷ 0), 0 when it is still to score. */
static int formula_rate(ctx *c, const jx_node *n, formula *f, node_result *r, jx_dec *rate_out, sbuf *b)
{
	int first_exec = 0;
	if (n->execution && !c->exec_found) {
		c->exec_found = 1;
		first_exec = 1;
	}
	if (f->a == JX_NONE || f->d == JX_NONE) {
		sb_put(b, L("缺少数据：", "missing input: "));
		sb_put(b, input_label(n, f->a == JX_NONE ? 0 : 1));
		if (n->fscore == JX_FS_ENTERED)
			return 0;
		r->flags |= JX_SF_INCOMPLETE;
		return 1;
	}
	if (f->d == 0) {
		/* the division itself is undefined: "0 ÷ 0：不适用", never −100% */
		r->flags |= JX_SF_NA;
		sb_trim(b, f->a);
		sb_put(b, " ÷ ");
		sb_trim(b, f->d);
		/* an entered score, or the comparison a ≤ b, needs no division */
		if (n->fscore == JX_FS_AT_MOST || n->fscore == JX_FS_ENTERED) {
			sb_put(b, L("：比率不适用", ": rate not applicable"));
			return 0;
		}
		r->score = jx_round(n->na_full ? f->p : 0, c->dec);
		sb_put(b, n->na_full ? L("：不适用（按满分计）", ": not applicable (full points)")
				     : L("：不适用（得 0 分）", ": not applicable (0 points)"));
		return 1;
	}
	switch (n->formula) {
	case JX_F_GROWTH:
		f->rn = (i128)f->a - f->d;
		break;
	case JX_F_SAVING:
		f->rn = (i128)f->d - f->a;
		break;
	default:
		f->rn = f->a;
		break;
	}
	f->rd = f->d;
	if (f->rd < 0) {
		f->rn = -f->rn;
		f->rd = -f->rd;
	}
	f->rate = fr(f->rn * JX_SCALE, f->rd);
	*rate_out = fr_round(f->rate, 6);
	if (first_exec) {
		c->exec_have = 1;
		c->exec_rate = f->rate;
	}
	expl_formula(b, n, f->a, f->d);
	sb_put(b, " = ");
	sb_pct(b, f->rate);
	return 0;
}

/* JX_FS_ENTERED: the score typed for the node, within [0, points].
 * Returns 0 when none is typed yet. */
static int fs_entered(ctx *c, const jx_node *n, const formula *f, frac *v, node_result *r, sbuf *b)
{
	const jx_entry *en = jx_sheet_entry(c->s, n->key);
	jx_dec e;
	if (!en || en->score == JX_NONE) {
		r->flags |= JX_SF_INCOMPLETE;
		sb_put(b, L("；未录入评分", "; no score entered"));
		return 0;
	}
	e = en->score < 0 ? 0 : en->score;
	if (n->points != JX_NONE && e > f->p)
		e = f->p;
	*v = fr_dec(e);
	sb_put(b, L("；录入评分 ", "; entered score "));
	sb_trim(b, en->score);
	if (e != en->score) {
		sb_put(b, L("，按 ", ", counted as "));
		sb_trim(b, e);
		sb_put(b, L(" 计", ""));
	}
	return 1;
}

/* JX_FS_AT_MOST: full points when a ≤ b, else 0. */
static frac fs_at_most(const formula *f, node_result *r, sbuf *b)
{
	sb_put(b, L("；", "; "));
	sb_trim(b, f->a);
	if (f->a <= f->d) {
		sb_put(b, " ≤ ");
		sb_trim(b, f->d);
		sb_put(b, L("，得满分 ", ", full points "));
		sb_trim(b, f->p);
		return fr_dec(f->p);
	}
	r->flags |= JX_SF_UNMET;
	sb_put(b, " > ");
	sb_trim(b, f->d);
	sb_put(b, L("，得 0 分", ", 0 points"));
	return fr_dec(0);
}

/* JX_FS_BANDS: the fraction of the points of the highest band reached. */
static frac fs_bands(const jx_node *n, const formula *f, int dec, node_result *r, sbuf *b)
{
	const jx_rate_band *best = NULL;
	jx_dec part;
	frac v;
	for (size_t i = 0; i < n->n_bands; i++) {
		const jx_rate_band *rb = &n->bands[i];
		if (rb->min_rate == JX_NONE || fr_cmp(fr_dec(rb->min_rate), f->rate) > 0)
			continue;
		if (!best || rb->min_rate > best->min_rate)
			best = rb;
	}
	sb_put(b, L("；", "; "));
	if (!best) {
		r->flags |= JX_SF_UNMET;
		sb_put(b, L("低于最低档，得 0 分", "below every band, 0 points"));
		return fr_dec(0);
	}
	part = best->fraction == JX_NONE || best->fraction < 0 ? 0 : best->fraction;
	if (part > JX_SCALE)
		part = JX_SCALE;
	v = fr_times(fr_dec(part), f->p);
	if (part < JX_SCALE)
		r->flags |= JX_SF_UNMET;
	sb_put(b, "≥ ");
	sb_pct_trim(b, best->min_rate);
	sb_put(b, L(" 档：", " band: "));
	sb_pct_trim(b, part);
	expl_times(b, f->p, v, dec);
	return v;
}

/* JX_FS_ZERO_IS_FULL: (1 − rate) × points, within [0, points]. */
static frac fs_zero_is_full(const formula *f, int dec, node_result *r, sbuf *b)
{
	frac v;
	sb_put(b, L("；", "; "));
	if (f->rn <= 0) {
		sb_put(b, L("不高于 0，得满分 ", "not above 0, full points "));
		sb_trim(b, f->p);
		return fr_dec(f->p);
	}
	r->flags |= JX_SF_UNMET;
	if (f->rn >= f->rd) {
		sb_put(b, L("不低于 100%，得 0 分", "100% or more, 0 points"));
		return fr_dec(0);
	}
	/* (1 − rn ÷ rd) × p */
	v = fr((f->rd - f->rn) * f->p, f->rd);
	sb_put(b, "(1 − ");
	sb_pct(b, f->rate);
	sb_put(b, ")");
	expl_times(b, f->p, v, dec);
	return v;
}

/* JX_FS_RATE: min(max(rate, 0), 1) × points. */
static frac fs_rate(const formula *f, int dec, node_result *r, sbuf *b)
{
	frac v;
	sb_put(b, L("；", "; "));
	if (f->rn >= f->rd) {
		v = fr_dec(f->p);
		if (f->rn > f->rd)
			sb_put(b, L("超过 100% 按 100% 计，", "counted as 100%: "));
		sb_put(b, "100%");
		expl_times(b, f->p, v, dec);
		return v;
	}
	v = f->rn <= 0 ? fr_dec(0) : fr(f->rn * f->p, f->rd);
	r->flags |= JX_SF_UNMET;
	sb_pct(b, f->rate);
	expl_times(b, f->p, v, dec);
	return v;
}

static node_result score_formula(ctx *c, const jx_node *n, jx_dec *rate_out, sbuf *b)
{
	node_result r = {n->points, JX_NONE, 0, 0};
	formula f = {0, 0, 0, 0, 1, {0, 1}};
	frac v;
	f.a = jx_formula_input(c->s, &c->ft, n->input_a);
	f.d = jx_formula_input(c->s, &c->ft, n->input_b);
	f.p = n->points == JX_NONE ? 0 : (n->points < 0 ? 0 : n->points);
	*rate_out = JX_NONE;
	if (formula_rate(c, n, &f, &r, rate_out, b))
		return r;
	if (n->points == 0 && n->fscore != JX_FS_ENTERED) {
		/* a rate the form shows without scoring it (e.g. a result form's execution rate) */
		sb_put(b, L("（仅显示，不计分）", " (shown, not scored)"));
		r.score = 0;
		return r;
	}
	switch (n->fscore) {
	case JX_FS_ENTERED:
		if (!fs_entered(c, n, &f, &v, &r, b))
			return r;
		break;
	case JX_FS_AT_MOST:
		v = fs_at_most(&f, &r, b);
		break;
	case JX_FS_BANDS:
		v = fs_bands(n, &f, c->dec, &r, b);
		break;
	case JX_FS_ZERO_IS_FULL:
		v = fs_zero_is_full(&f, c->dec, &r, b);
		break;
	default:
		v = fs_rate(&f, c->dec, &r, b);
		break;
	}
	r.score = fr_round(v, c->dec);
	return r;
}

static node_result score_manual(ctx *c, const jx_node *n, sbuf *b)
{
	node_result r = {n->points, JX_NONE, 0, 0};
	const jx_entry *en = jx_sheet_entry(c->s, n->key);
	jx_dec e;
	if (!en || en->score == JX_NONE) {
		r.flags |= JX_SF_INCOMPLETE;
		sb_put(b, L("未录入评分", "no score entered"));
		return r;
	}
	e = en->score < 0 ? 0 : en->score;
	if (n->points != JX_NONE && e > n->points)
		e = n->points < 0 ? 0 : n->points;
	r.score = jx_round(e, c->dec);
	sb_put(b, L("录入评分 ", "entered score "));
	sb_trim(b, en->score);
	if (r.score != en->score) {
		sb_put(b, L("，按 ", ", counted as "));
		sb_fix(b, r.score, c->dec);
		sb_put(b, L(" 计", ""));
	}
	return r;
}

static node_result score_group(ctx *c, const jx_node *n, int idx, int depth, sbuf *b)
{
	node_result r = {JX_NONE, 0, 0, 0};
	i128 sum = 0, pts = 0;
	int scored = 0, any_na = 0;
	for (size_t i = 0; i < n->n_children; i++) {
		node_result ch;
		if (!n->children[i])
			continue;
		ch = score_node(c, n->children[i], idx, depth + 1);
		scored |= ch.score != JX_NONE && ch.points != JX_NONE && ch.points > 0;
		any_na |= (ch.flags & JX_SF_NA) && ch.score == JX_NONE;
		if (ch.score != JX_NONE)
			sum += ch.score;
		if (ch.points != JX_NONE && ch.points > 0)
			pts += ch.points;
		r.flags |= ch.flags & JX_SF_INCOMPLETE;
		r.na_pts = jx_dec_clamp((i128)r.na_pts + ch.na_pts);
	}
	r.score = jx_dec_clamp(sum);
	r.points = n->points != JX_NONE ? n->points : jx_dec_clamp(pts);
	expl_sum(c, b, idx, "小计：", "subtotal: ", r.score);
	score_rescale(c, n, n->points, &r, b);
	if (!scored && any_na && r.score != JX_NONE) { /* nothing below but what is not applicable */
		r.score = JX_NONE;
		r.flags |= JX_SF_NA;
	}
	return r;
}

static node_result score_node(ctx *c, const jx_node *n, int parent, int depth)
{
	node_result r;
	int idx = add_item(c, JX_ITEM_NODE, n, NULL, parent, depth);
	jx_dec rate = JX_NONE;
	char *e;
	sbuf b;

	/* Children first (their items follow this one), then this node's text. */
	if (n->kind == JX_NODE_GROUP || n->kind == JX_NODE_SLOT) {
		char tmp[EXPL_MAX];
		sb_init(&b, tmp, sizeof tmp);
		if (n->kind == JX_NODE_GROUP)
			r = score_group(c, n, idx, depth, &b);
		else
			r = score_slot(c, n, idx, depth, &b);
		e = expl_begin(c);
		memcpy(e, tmp, b.len + 1);
	} else {
		e = expl_begin(c);
		sb_init(&b, e, EXPL_MAX);
		switch (n->kind) {
		case JX_NODE_CHECKLIST:
			r = score_checklist(c, n, &b);
			break;
		case JX_NODE_FORMULA:
			r = score_formula(c, n, &rate, &b);
			break;
		default:
			r = score_manual(c, n, &b);
			break;
		}
	}
	if (idx >= 0) {
		jx_score_item *it = &c->out->items[idx];
		it->points = r.points;
		it->score = r.score;
		it->rate = rate;
		it->flags = r.flags;
		it->expl = expl_end(c, e);
	}
	return r;
}

/* ---- goal blocks ---------------------------------------------------------- */

int jx_goal_blocks_replace(const jx_template *t, const jx_node *n)
{
	if (!t || !t->goal_blocks || !n)
		return 0;
	for (size_t i = 0; i < t->goal_blocks->n_replaces; i++)
		if (node_within(n, t->goal_blocks->replaces[i]))
			return 1;
	return 0;
}

int jx_goal_blocks_on(const jx_template *t, const jx_sheet *s)
{
	if (!t || !t->goal_blocks || !s)
		return 0;
	for (size_t i = 0; i < s->n_goals; i++)
		if (s->goals[i].points != JX_NONE)
			return 1;
	for (size_t i = 0; i < s->n_inds; i++)
		if (s->inds[i].goal != JX_NONE)
			return 1;
	return 0;
}

/* Does goal block g have indicators in slot n? */
static int goal_has_rows(const jx_sheet *s, const jx_node *n, int g)
{
	for (size_t i = 0; i < s->n_inds; i++)
		if (s->inds[i].goal == (jx_dec)g * JX_SCALE && jx_streq(s->inds[i].slot, n->key))
			return 1;
	return 0;
}

/* A goal block's name, "年度绩效目标2：<预期目标>", kept in the text. */
static size_t goal_label(ctx *c, int g)
{
	const jx_goal_blocks *gb = c->t->goal_blocks;
	const char *planned = c->s->goals[g - 1].planned;
	char num[16], *e = expl_begin(c);
	sbuf b;
	sb_init(&b, e, EXPL_MAX);
	sb_put(&b, L(gb->name, gb->name_en));
	snprintf(num, sizeof num, L("%d", " %d"), g);
	sb_put(&b, num);
	if (jx_has_text(planned)) {
		sb_put(&b, L("：", ": "));
		sb_put(&b, planned);
	}
	return expl_end(c, e);
}

/* Goal block g: the slots below the replaced nodes that hold its
 * indicators, each scored as usual; worth the points the sheet gives the
 * goal (else the sum of its indicators'). */
static node_result score_goal(ctx *c, int g)
{
	const jx_goal_blocks *gb = c->t->goal_blocks;
	node_result r = {JX_NONE, 0, 0, 0};
	i128 sum = 0, pts = 0;
	size_t rows = 0;
	jx_dec gp = c->s->goals[g - 1].points;
	char tmp[EXPL_MAX], *e;
	sbuf b;
	int idx;

	c->goal = g;
	idx = add_item(c, JX_ITEM_NODE, gb->replaces[0], NULL, -1, 0);
	for (size_t i = 0; i < c->t->n_all; i++) {
		const jx_node *n = c->t->all[i];
		node_result ch;
		if (n->kind != JX_NODE_SLOT || !jx_goal_blocks_replace(c->t, n) || !goal_has_rows(c->s, n, g))
			continue;
		rows++;
		ch = score_node(c, n, idx, 1);
		if (ch.score != JX_NONE)
			sum += ch.score;
		if (ch.points != JX_NONE && ch.points > 0)
			pts += ch.points;
		r.flags |= ch.flags & JX_SF_INCOMPLETE;
		r.na_pts = jx_dec_clamp((i128)r.na_pts + ch.na_pts);
	}
	r.score = jx_dec_clamp(sum);
	r.points = gp != JX_NONE ? gp : jx_dec_clamp(pts);
	sb_init(&b, tmp, sizeof tmp);
	if (rows == 0) {
		r.flags |= JX_SF_INCOMPLETE;
		sb_put(&b, L("尚无指标，得 ", "no indicators yet: "));
		sb_fix(&b, r.score, c->dec);
	} else {
		expl_sum(c, &b, idx, "小计：", "subtotal: ", r.score);
		score_rescale(c, gb->replaces[0], gp, &r, &b);
	}
	e = expl_begin(c);
	memcpy(e, tmp, b.len + 1);
	if (idx >= 0) {
		jx_score_item *it = &c->out->items[idx];
		it->points = r.points;
		it->score = r.score;
		it->flags = r.flags;
		it->expl = expl_end(c, e);
		set_path(it->path, "goal:", "");
		snprintf(it->path + 5, sizeof it->path - 5, "%d", g - 1);
		it->label = goal_label(c, g);
	}
	c->goal = 0;
	return r;
}

/* Every goal block of the sheet, in the place of the nodes they replace. */
static node_result score_goals(ctx *c)
{
	node_result r = {0, 0, 0, 0};
	for (size_t g = 1; g <= c->s->n_goals; g++) {
		node_result gr = score_goal(c, (int)g);
		if (gr.score != JX_NONE)
			r.score = jx_dec_clamp((i128)r.score + gr.score);
		if (gr.points != JX_NONE && gr.points > 0)
			r.points = jx_dec_clamp((i128)r.points + gr.points);
		r.flags |= gr.flags & JX_SF_INCOMPLETE;
		r.na_pts = jx_dec_clamp((i128)r.na_pts + gr.na_pts);
	}
	return r;
}

/* ---- not applicable: move ---------------------------------------------------- */

/* A new explanation for item idx: its old one, then `more`. */
static void expl_append(ctx *c, int idx, const char *more)
{
	jx_scoresheet *o = c->out;
	char tmp[EXPL_MAX];
	sbuf b;
	char *e;
	sb_init(&b, tmp, sizeof tmp);
	sb_put(&b, o->text ? o->text + o->items[idx].expl : "");
	sb_put(&b, more);
	e = expl_begin(c);
	memcpy(e, tmp, b.len + 1);
	o->items[idx].expl = expl_end(c, e);
}

/* The receiving node takes the moved points M: its score s of P points
 * becomes s × (P + M) ÷ P (never above P + M), worth P + M, and the nodes
 * above it change by as much.  Returns the change of the total, or JX_NONE
 * when the node has no score to scale (then the total is rescaled). */
static jx_dec move_received(ctx *c)
{
	jx_scoresheet *o = c->out;
	jx_dec m = c->moved, s, p, ns, delta;
	char more[EXPL_MAX];
	sbuf b;
	int idx = -1;
	frac v;
	for (size_t i = 0; i < o->n && idx < 0; i++)
		if (o->items[i].kind == JX_ITEM_NODE && o->items[i].node == c->move_to && !o->items[i].goal)
			idx = (int)i;
	if (idx < 0 || o->items[idx].score == JX_NONE || o->items[idx].points == JX_NONE || o->items[idx].points <= 0)
		return JX_NONE;
	s = o->items[idx].score;
	p = o->items[idx].points;
	v = fr((i128)s * (p + m), p);
	if (fr_cmp(v, fr_dec(p + m)) > 0)
		v = fr_dec(p + m);
	ns = fr_round(v, c->dec);
	delta = ns - s;
	sb_init(&b, more, sizeof more);
	sb_put(&b, L("；移入不适用指标 ", "; not-applicable points moved in: "));
	sb_trim(&b, m);
	sb_put(&b, L(" 分，折算：", ", rescaled: "));
	sb_fix(&b, s, c->dec);
	sb_put(&b, " × ");
	sb_trim(&b, p + m);
	sb_put(&b, " ÷ ");
	sb_trim(&b, p);
	sb_put(&b, " = ");
	sb_fix(&b, ns, c->dec);
	expl_append(c, idx, more);
	for (int k = idx; k >= 0; k = o->items[k].parent) {
		jx_score_item *it = &o->items[k];
		it->points = jx_dec_clamp((i128)it->points + m);
		if (k != idx) {
			it->score = jx_dec_clamp((i128)it->score + delta);
			sb_init(&b, more, sizeof more);
			sb_put(&b, L("；含移入的不适用分值，", "; with the points moved in, "));
			sb_fix(&b, it->score, c->dec);
			expl_append(c, k, more);
		} else {
			it->score = ns;
		}
	}
	return delta;
}

/* The grade band with the highest minimum the total reaches. */
static const jx_grade_band *grade_for(const jx_rules *r, jx_dec total)
{
	const jx_grade_band *best = NULL;
	for (size_t i = 0; r->grades && i < r->n_grades; i++) {
		const jx_grade_band *g = &r->grades[i];
		jx_dec min = g->min == JX_NONE ? -JX_DEC_MAX : g->min;
		if (total < min)
			continue;
		if (!best || min > (best->min == JX_NONE ? -JX_DEC_MAX : best->min))
			best = g;
	}
	return best;
}

void jx_score(const jx_template *t, const jx_sheet *s, jx_scoresheet *out)
{
	uint32_t slot_hash[SLOT_HASH_MAX], slot_next[SLOT_HASH_MAX];
	ctx c;
	i128 total = 0, pts = 0;
	jx_dec root_na = 0; /* not-applicable points no node with fixed points took */
	int flags = 0, tidx;
	char *e;
	sbuf b;

	if (!out)
		return;
	out->n = 0;
	out->text_len = 0;
	out->total = out->total_raw = out->points = 0;
	out->exec_rate = out->received_rate = JX_NONE;
	out->grade = NULL;
	out->total_expl = 0;
	out->na_moved = 0;
	out->goal_blocks = 0;
	if (!t || !s)
		return;

	c.t = t;
	c.s = s;
	c.out = out;
	c.ft = jx_sheet_fund_totals(s);
	c.dec = clamp_decimals(t->rules.decimals);
	c.oom = 0;
	c.exec_found = c.exec_have = 0;
	c.exec_rate = fr_dec(0);
	c.slot_hash = NULL;
	c.slot_next = NULL;
	c.goal = 0;
	c.move_to = t->rules.not_applicable == JX_NA_MOVE ? jx_template_node(t, t->rules.na_move_to) : NULL;
	c.moved = 0;
	c.scratch[0] = 0;
	out->goal_blocks = jx_goal_blocks_on(t, s);
	if (s->n_inds <= SLOT_HASH_MAX) {
		memset(c.slot_head, 0, sizeof c.slot_head);
		for (size_t i = s->n_inds; i-- > 0;) {
			uint32_t *head = &c.slot_head[(slot_hash[i] = key_hash(s->inds[i].slot)) % SLOT_BUCKETS];
			slot_next[i] = *head;
			*head = (uint32_t)i + 1;
		}
		c.slot_hash = slot_hash;
		c.slot_next = slot_next;
	}

	/* offset 0 is always the empty string */
	e = expl_begin(&c);
	e[0] = 0;
	expl_end(&c, e);

	for (size_t i = 0; i < t->n_roots; i++) {
		node_result r;
		if (!t->roots[i])
			continue;
		if (out->goal_blocks && jx_goal_blocks_replace(t, t->roots[i])) {
			/* the goal blocks stand where the first node they replace stood */
			if (t->roots[i] != t->goal_blocks->replaces[0])
				continue;
			r = score_goals(&c);
		} else {
			r = score_node(&c, t->roots[i], -1, 0);
		}
		root_na = jx_dec_clamp((i128)root_na + r.na_pts);
		if (r.score != JX_NONE)
			total += r.score;
		if (r.points != JX_NONE && r.points > 0)
			pts += r.points;
		flags |= r.flags & JX_SF_INCOMPLETE;
	}
	if (c.moved > 0) {
		jx_dec delta = move_received(&c);
		out->na_moved = c.moved;
		if (delta == JX_NONE) /* nothing there to scale: the total is rescaled instead */
			root_na = jx_dec_clamp((i128)root_na + c.moved);
		else
			total += delta;
	}
	out->total_raw = jx_dec_clamp(total);
	out->total = out->total_raw;
	out->points = jx_dec_clamp(pts);
	if (c.exec_have)
		out->exec_rate = fr_round(c.exec_rate, 6);
	if (c.ft.budget != JX_NONE && c.ft.received != JX_NONE && c.ft.budget != 0)
		out->received_rate = jx_muldiv(c.ft.received, JX_SCALE, c.ft.budget, 6);

	tidx = add_item(&c, JX_ITEM_TOTAL, NULL, NULL, -1, 0);
	{
		char tmp[EXPL_MAX];
		const jx_exec_cap *cap = NULL;
		sb_init(&b, tmp, sizeof tmp);
		expl_sum(&c, &b, -1, "总分：", "total: ", out->total_raw);
		if (root_na > 0) { /* a whole 一级 not applicable: the total rescaled to total_points */
			node_result tr = {out->points, out->total_raw, 0, root_na};
			score_rescale(&c, NULL, t->rules.total_points, &tr, &b);
			out->total_raw = out->total = tr.score == JX_NONE ? 0 : tr.score;
		}
		/* caps: compared with the exact execution rate */
		if (c.exec_have) {
			for (size_t i = 0; i < t->rules.n_caps; i++) {
				const jx_exec_cap *k = &t->rules.caps[i];
				if (k->below == JX_NONE || k->max_total == JX_NONE)
					continue;
				if (!jx_exec_cap_applies(k, fr_cmp(c.exec_rate, fr_dec(k->below))))
					continue;
				if (!cap || k->max_total < cap->max_total)
					cap = k;
			}
		}
		if (cap && out->total_raw > cap->max_total) {
			out->total = cap->max_total;
			flags |= JX_SF_CAPPED;
			sb_put(&b, L("；执行率 ", "; execution "));
			sb_pct(&b, c.exec_rate);
			sb_put(&b, cap->inclusive ? L(" 不高于 ", " at or below ") : L(" 低于 ", " below "));
			sb_pct_trim(&b, cap->below);
			sb_put(&b, L("，总分上限 ", ", total capped at "));
			sb_trim(&b, cap->max_total);
		}
		out->grade = grade_for(&t->rules, out->total);
		e = expl_begin(&c);
		memcpy(e, tmp, b.len + 1);
	}
	if (tidx >= 0) {
		jx_score_item *it = &out->items[tidx];
		it->points = out->points;
		it->score = out->total;
		it->rate = out->exec_rate;
		it->flags = flags;
		it->expl = expl_end(&c, e);
		out->total_expl = it->expl;
	}
	/* the text is written: its addresses hold from here */
	for (size_t i = 0; i < out->n && !c.oom; i++)
		if (out->items[i].label)
			out->items[i].name = out->text + out->items[i].label;
	if (c.oom) {
		/* Out of memory: keep the totals, drop the partial item list. */
		out->n = 0;
		out->total_expl = 0;
		if (out->text && out->text_cap) {
			out->text[0] = 0;
			out->text_len = 1;
		}
	}
}

void jx_scoresheet_free(jx_scoresheet *ss)
{
	if (!ss)
		return;
	free(ss->items);
	free(ss->text);
	memset(ss, 0, sizeof *ss);
	ss->exec_rate = ss->received_rate = JX_NONE;
}

const char *jx_score_label(const jx_score_item *it)
{
	if (!it)
		return "";
	if (it->name)
		return it->name;
	if (it->kind == JX_ITEM_IND)
		return jx_nz(it->ind ? it->ind->name : NULL);
	if (it->kind == JX_ITEM_TOTAL || !it->node)
		return L("总分", "Total");
	if (jx_lang == JX_LANG_EN && it->node->name_en && *it->node->name_en)
		return it->node->name_en;
	return jx_nz(it->node->name);
}

const jx_score_item *jx_score_find(const jx_scoresheet *ss, const char *path)
{
	if (!ss || !path)
		return NULL;
	for (size_t i = 0; i < ss->n; i++)
		if (strcmp(ss->items[i].path, path) == 0)
			return &ss->items[i];
	return NULL;
}
