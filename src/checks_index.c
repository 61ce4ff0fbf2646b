/* The lookups of one run of the checks (checks_int.h): string tables over
 * the stated figures, indicators, slots and scored items, so that the checks
 * stay linear in the size of the sheet, and the names the messages use. */
#include "checks_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* string tables                                                            */

/* Open addressing over the names of an array's elements; a name is looked
 * up as the concatenation of up to three parts, without building it. */
typedef const char *(*name_fn)(const void *arr, size_t i);

typedef struct strtab {
	uint32_t *slots; /* element index + 1; 0 = empty */
	uint32_t mask;
	name_fn name;
	const void *arr;
} strtab;

static uint32_t fnv_bytes(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* parts[0..3) with their lengths; the name must equal their concatenation. */
static int name_is(const char *name, const char *const *parts, const size_t *lens)
{
	for (int k = 0; k < 3; k++) {
		if (lens[k] && strncmp(name, parts[k], lens[k]) != 0)
			return 0;
		name += lens[k];
	}
	return *name == 0;
}

static long tab_find(const strtab *t, const char *a, const char *b, const char *c)
{
	const char *parts[3] = {a ? a : "", b ? b : "", c ? c : ""};
	size_t lens[3] = {strlen(parts[0]), strlen(parts[1]), strlen(parts[2])};
	uint32_t h = 2166136261u;
	for (int k = 0; k < 3; k++)
		h = fnv_bytes(h, parts[k], lens[k]);
	for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
		uint32_t v = t->slots[i];
		if (!v)
			return -1;
		if (name_is(t->name(t->arr, v - 1), parts, lens))
			return (long)(v - 1);
	}
}

/* What tells elements with the same name apart without their names: two
 * elements of the same non-NULL group have the same name (the slot node an
 * indicator was scored under, whose key is its slot). */
typedef const void *(*group_fn)(const void *ctx, size_t i);

/* Table of the n names; *first (may be NULL) gets for each element the
 * index of the first element with the same name.  NULL names are left out
 * (first[i] = i).  With `group`, an element of a group met before takes
 * that one's first without its name being hashed and compared again (a
 * sheet's 300 indicators fall in a dozen slots).  NULL when out of memory. */
static strtab *tab_new(name_fn name, const void *arr, size_t n, uint32_t *first, group_fn group, const void *gctx)
{
	enum { SEEN = 64 }; /* groups remembered, by their address */
	struct {
		const void *g;
		uint32_t first;
	} seen[SEEN];
	strtab *t;
	uint32_t size = 16;
	if (n >= 0x3fffffff)
		return NULL;
	while (size < 2 * n)
		size *= 2;
	t = malloc(sizeof *t);
	if (!t)
		return NULL;
	t->slots = calloc(size, sizeof *t->slots);
	if (!t->slots) {
		free(t);
		return NULL;
	}
	t->mask = size - 1;
	t->name = name;
	t->arr = arr;
	if (group && first)
		memset(seen, 0, sizeof seen);
	for (size_t e = 0; e < n; e++) {
		const char *nm = name(arr, e);
		const void *g = group && first ? group(gctx, e) : NULL;
		size_t at = ((uintptr_t)g >> 4) % SEEN;
		uint32_t i;
		if (first)
			first[e] = (uint32_t)e;
		if (!nm)
			continue;
		if (g && seen[at].g == g) {
			first[e] = seen[at].first;
			continue;
		}
		for (i = fnv_bytes(2166136261u, nm, strlen(nm)) & t->mask; t->slots[i]; i = (i + 1) & t->mask)
			if (strcmp(name(arr, t->slots[i] - 1), nm) == 0)
				break;
		if (t->slots[i]) {
			if (first)
				first[e] = t->slots[i] - 1;
		} else {
			t->slots[i] = (uint32_t)e + 1;
		}
		if (g) {
			seen[at].g = g;
			seen[at].first = first[e];
		}
	}
	return t;
}

static void tab_free(strtab *t)
{
	if (t) {
		free(t->slots);
		free(t);
	}
}

static const char *stated_name(const void *arr, size_t i)
{
	return ((const jx_stated *)arr)[i].path;
}

static const char *ind_key_name(const void *arr, size_t i)
{
	return ((const jx_indicator *)arr)[i].key;
}

static const char *slot_name(const void *arr, size_t i)
{
	return ((const jx_indicator *)arr)[i].slot;
}

static const char *item_name(const void *arr, size_t i)
{
	return ((const jx_score_item *)arr)[i].path;
}

/* The stated figures by path, each path's figures chained in sheet order. */
static void stated_index(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	uint32_t *first, *tail;
	if (s->n_stated == 0)
		return;
	first = malloc(s->n_stated * sizeof *first);
	tail = malloc(s->n_stated * sizeof *tail);
	c->stated_next = calloc(s->n_stated, sizeof *c->stated_next);
	if (first && tail && c->stated_next)
		c->stated_tab = tab_new(stated_name, s->stated, s->n_stated, first, NULL, NULL);
	if (c->stated_tab) {
		for (size_t i = 0; i < s->n_stated; i++) {
			tail[i] = (uint32_t)i;
			if (first[i] != i) {
				c->stated_next[tail[first[i]]] = (uint32_t)i + 1;
				tail[first[i]] = (uint32_t)i;
			}
		}
	} else {
		free(c->stated_next);
		c->stated_next = NULL;
	}
	free(first);
	free(tail);
}

/* The indicators of one slot, added up once (ck_ctx.slots). */
typedef struct ck_slot_sum {
	size_t count;
	int missing;         /* an indicator without points */
	jx_dec sum;          /* ck_sat_add of the points given, in sheet order */
	const jx_node *node; /* ck_tnode(slot), once looked up */
	int node_known;
} ck_slot_sum;

/* An indicator's group for the slot table: the slot node the engine
 * scored it under (its key is the indicator's slot), NULL if not scored. */
static const void *slot_group(const void *ctx, size_t i)
{
	const ck_ctx *c = ctx;
	const jx_score_item *it = c->ind_items[i];
	return it && it->kind == JX_ITEM_IND && it->node && it->node->kind == JX_NODE_SLOT ? (const void *)it->node : NULL;
}

static void slot_index(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	uint32_t *first;
	if (s->n_inds == 0)
		return;
	first = malloc(s->n_inds * sizeof *first);
	c->slots = calloc(s->n_inds, sizeof *c->slots);
	if (first && c->slots)
		c->slot_tab = tab_new(slot_name, s->inds, s->n_inds, first, c->ind_items ? slot_group : NULL, c);
	if (c->slot_tab) {
		for (size_t i = 0; i < s->n_inds; i++) {
			ck_slot_sum *g = &c->slots[first[i]];
			if (!s->inds[i].slot)
				continue;
			g->count++;
			/* "/" in the points column of a not-applicable row is no gap */
			if (s->inds[i].points == JX_NONE && !jx_ind_not_applicable(&s->inds[i]))
				g->missing = 1;
			else if (s->inds[i].points != JX_NONE)
				g->sum = ck_sat_add(g->sum, s->inds[i].points);
		}
		c->slot_first = first;
	} else {
		free(c->slots);
		c->slots = NULL;
		free(first);
	}
}

/* The indicators whose slot is `key` (NULL: the table is missing and the
 * caller counts them itself).  *none when there are none. */
static const ck_slot_sum *slot_of(const ck_ctx *c, const char *key, int *none)
{
	long i;
	*none = 0;
	if (!c->slot_tab || !key)
		return NULL;
	i = tab_find(c->slot_tab, key, NULL, NULL);
	if (i < 0)
		*none = 1;
	return i < 0 ? NULL : &c->slots[i];
}

const char *ck_ind_name(const jx_indicator *d)
{
	return d->name && *d->name ? d->name : d->key;
}

const char *ck_node_name(const jx_node *n)
{
	if (jx_lang == JX_LANG_EN && n->name_en && *n->name_en)
		return n->name_en;
	return n->name && *n->name ? n->name : n->key;
}

const jx_node *ck_tnode(const ck_ctx *c, const char *key)
{
	return c->t ? jx_template_node(c->t, key) : NULL;
}

/* The items ck_item looks among for a node or a goal: an indicator's item's
 * path starts with "ind:", so none of them is ever one.  0 when out of
 * memory (then every item is looked at). */
static int other_items(ck_ctx *c)
{
	if (c->n_others < 0) {
		c->others = malloc((c->ss->n ? c->ss->n : 1) * sizeof *c->others);
		if (!c->others)
			return 0;
		c->n_others = 0;
		for (size_t i = 0; i < c->ss->n; i++)
			if (c->ss->items[i].kind != JX_ITEM_IND)
				c->others[c->n_others++] = (uint32_t)i;
	}
	return c->others != NULL;
}

const jx_score_item *ck_item(ck_ctx *c, const char *fmt_prefix, const char *key)
{
	char p[160];
	size_t lp, lk;
	if (!c->ss || !key)
		return NULL;
	lp = strlen(fmt_prefix);
	lk = strlen(key);
	if ((strcmp(fmt_prefix, "node:") == 0 || strcmp(fmt_prefix, "goal:") == 0) && lp + lk < sizeof p &&
	    other_items(c)) {
		/* the first item of that path, as jx_score_find finds it */
		memcpy(p, fmt_prefix, lp);
		memcpy(p + lp, key, lk + 1);
		for (long i = 0; i < c->n_others; i++)
			if (strcmp(c->ss->items[c->others[i]].path, p) == 0)
				return &c->ss->items[c->others[i]];
		return NULL;
	}
	/* A few lookups scan the items; many use a table of their paths. */
	if (!c->item_tab && ++c->item_calls > 8 && c->ss->n > 16)
		c->item_tab = tab_new(item_name, c->ss->items, c->ss->n, NULL, NULL, NULL);
	if (c->item_tab && lp + lk < sizeof p) {
		long i = tab_find(c->item_tab, fmt_prefix, key, NULL);
		return i < 0 ? NULL : &c->ss->items[i];
	}
	snprintf(p, sizeof p, "%s%s", fmt_prefix, key);
	return jx_score_find(c->ss, p);
}

/* The sheet's indicator with this key (jx_sheet_ind). */
const jx_indicator *ck_sheet_ind(ck_ctx *c, const char *key)
{
	long i;
	/* A few lookups scan the indicators; many use a table of their keys
	 * (most sheets need none: building it for each was a tenth of the
	 * checks). */
	if (!c->ind_tab && ++c->ind_calls > 8 && c->s->n_inds > 16)
		c->ind_tab = tab_new(ind_key_name, c->s->inds, c->s->n_inds, NULL, NULL, NULL);
	if (!c->ind_tab || !key)
		return jx_sheet_ind(c->s, key);
	i = tab_find(c->ind_tab, key, NULL, NULL);
	return i < 0 ? NULL : &c->s->inds[i];
}

/* Index of d in the sheet's indicator array; 0 when d is not one of them.
 * (Compared as integers: pointers into different objects are not ordered.) */
static int ind_index(const jx_sheet *s, const jx_indicator *d, size_t *i)
{
	uintptr_t p = (uintptr_t)d, b = (uintptr_t)s->inds;
	if (!d || !s->inds || p < b || (p - b) % sizeof *d != 0 || (p - b) / sizeof *d >= s->n_inds)
		return 0;
	*i = (p - b) / sizeof *d;
	return 1;
}

/* The engine's item for an indicator of the sheet (NULL when not scored). */
const jx_score_item *ck_ind_item(ck_ctx *c, const jx_indicator *d)
{
	size_t i;
	if (!c->ind_items || !ind_index(c->s, d, &i))
		return ck_item(c, "ind:", d->key);
	return c->ind_items[i];
}

/* Split a stated path "node:<key>:<col>" / "ind:<key>:<col>" into key and
 * column.  Returns 1 when it has that prefix. */
int ck_split_stated(const char *path, const char *prefix, char *key, size_t klen, const char **col)
{
	size_t pl = strlen(prefix);
	const char *k, *e;
	if (!path || strncmp(path, prefix, pl) != 0)
		return 0;
	k = path + pl;
	e = strrchr(k, ':');
	if (!e || e == k || (size_t)(e - k) >= klen)
		return 0;
	memcpy(key, k, (size_t)(e - k));
	key[e - k] = 0;
	*col = e + 1;
	return 1;
}

const jx_stated *ck_stated_for(const ck_ctx *c, const char *prefix, const char *key, const char *col)
{
	char p[200];
	const jx_sheet *s = c->s;
	if (s->n_stated == 0)
		return NULL;
	if (c->stated_tab && key && strlen(prefix) + strlen(key) + 1 + strlen(col) < sizeof p) {
		/* "<prefix><key>:<col>": the key's ':' goes with the column */
		char colon_col[64];
		long i;
		if (strlen(col) + 2 <= sizeof colon_col) {
			colon_col[0] = ':';
			strcpy(colon_col + 1, col);
			i = tab_find(c->stated_tab, prefix, key, colon_col);
			return i < 0 ? NULL : &s->stated[i];
		}
	}
	snprintf(p, sizeof p, "%s%s:%s", prefix, key, col);
	return jx_sheet_stated(s, p);
}

/* Walk the stated figures that may be indicator d's "ind:<key>:score": with
 * the table, only those with exactly that path (ck_split_stated reads any
 * other path as another key or column); without it, all of them. */
size_t ck_ind_score_first(const ck_ctx *c, const jx_indicator *d)
{
	size_t kl = d->key ? strlen(d->key) : 0;
	long i;
	if (!c->stated_tab)
		return 0;
	if (kl == 0 || kl >= 128)
		return c->s->n_stated; /* ck_split_stated never yields such a key */
	i = tab_find(c->stated_tab, "ind:", d->key, ":score");
	return i < 0 ? c->s->n_stated : (size_t)i;
}

size_t ck_ind_score_next(const ck_ctx *c, const jx_indicator *d, size_t k)
{
	(void)d;
	if (!c->stated_tab)
		return k + 1;
	return c->stated_next[k] ? c->stated_next[k] - 1 : c->s->n_stated;
}

/* a + b, held within ±JX_DEC_MAX (sums of absurd entries must not overflow). */
jx_dec ck_sat_add(jx_dec a, jx_dec b)
{
	__int128 r = (__int128)a + b;
	if (r > JX_DEC_MAX)
		return JX_DEC_MAX;
	if (r < -JX_DEC_MAX)
		return -JX_DEC_MAX;
	return (jx_dec)r;
}

/* The points of the indicators in slot `key`, added up in sheet order
 * (those without points left out); *count: how many there are, *missing:
 * one of them has no points yet. */
jx_dec ck_slot_points(const ck_ctx *c, const char *key, size_t *count, int *missing)
{
	const jx_sheet *s = c->s;
	jx_dec sum = 0;
	int none;
	const ck_slot_sum *g = slot_of(c, key, &none);
	*count = g ? g->count : 0;
	*missing = g ? g->missing : 0;
	if (g || none)
		return g ? g->sum : 0;
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		if (!d->slot || strcmp(d->slot, key) != 0)
			continue;
		(*count)++;
		if (d->points == JX_NONE && !jx_ind_not_applicable(d))
			*missing = 1;
		else if (d->points != JX_NONE)
			sum = ck_sat_add(sum, d->points);
	}
	return sum;
}

size_t ck_slot_count(const ck_ctx *c, const char *key)
{
	size_t n;
	int missing;
	ck_slot_points(c, key, &n, &missing);
	return n;
}

/* ck_tnode(slot), looked up once per slot. */
const jx_node *ck_slot_node(ck_ctx *c, const char *slot)
{
	int none;
	ck_slot_sum *g = (ck_slot_sum *)slot_of(c, slot, &none);
	if (!g)
		return ck_tnode(c, slot);
	if (!g->node_known) {
		g->node = ck_tnode(c, slot);
		g->node_known = 1;
	}
	return g->node;
}

const jx_node *ck_ind_slot_node(ck_ctx *c, const jx_indicator *d)
{
	size_t i;
	ck_slot_sum *g;
	if (!d->slot || !c->slot_first || !ind_index(c->s, d, &i))
		return ck_slot_node(c, d->slot);
	g = &c->slots[c->slot_first[i]];
	if (!g->node_known) {
		g->node = ck_tnode(c, d->slot);
		g->node_known = 1;
	}
	return g->node;
}

/* ------------------------------------------------------------------------ */
/* building the lookups                                                     */

void ck_index_build(ck_ctx *c)
{
	const jx_sheet *s = c->s;
	const jx_scoresheet *ss = c->ss;
	if (ss && s->n_inds > 0) {
		c->ind_items = calloc(s->n_inds, sizeof *c->ind_items);
		if (c->ind_items)
			for (size_t i = 0; i < ss->n; i++) {
				const jx_score_item *it = &ss->items[i];
				size_t k;
				if (it->kind == JX_ITEM_IND && ind_index(s, it->ind, &k))
					c->ind_items[k] = it;
			}
	}
	stated_index(c);
	c->n_others = -1;
	slot_index(c);
}

void ck_index_free(ck_ctx *c)
{
	free(c->ind_items);
	tab_free(c->stated_tab);
	free(c->stated_next);
	tab_free(c->ind_tab);
	tab_free(c->item_tab);
	free(c->others);
	tab_free(c->slot_tab);
	free(c->slots);
	free(c->slot_first);
}
