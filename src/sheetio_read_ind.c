/* Reading a sheet file's indicators (share/sheet-format.md), for
 * sheetio_read.c: each indicator's keys are matched to model.h's columns
 * in one pass, and every value is checked as the rest of the sheet is. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "num.h"
#include "sheetio_priv.h"
#include "sheetio_reader.h"
#include "strutil.h"

static int read_band(reader *r, const yd_node *n, int *out)
{
	const jx_rules *ru = &r->t->rules;
	const char *s;
	*out = -1;
	if (!n || yd_is_null(n))
		return 0;
	if (n->kind != YD_SCALAR)
		return failf(r, n, "band 应为档次名称", "band should be the name of a band");
	s = n->str;
	/* (jx_streq's, the first bytes compared first: a band is mostly
	 * written as its number, which no name begins like) */
	for (size_t i = 0; i < ru->n_bands; i++) {
		const char *zh = ru->bands[i].name, *en = ru->bands[i].name_en;
		if ((zh && zh[0] == s[0] && strcmp(zh, s) == 0) || (en && en[0] == s[0] && strcmp(en, s) == 0)) {
			*out = (int)i;
			return 0;
		}
	}
	/* a band number (0 = the first band) is also accepted: 1 to 3
	 * digits, read as strtol reads them */
	if (*s >= '0' && *s <= '9' && n->len <= 3) {
		const char *end = s;
		long v = 0;
		while (*end >= '0' && *end <= '9')
			v = v * 10 + (*end++ - '0');
		if (!*end && (size_t)v < ru->n_bands) {
			*out = (int)v;
			return 0;
		}
	}
	{
		const char **names = malloc((ru->n_bands ? ru->n_bands : 1) * sizeof *names);
		char list[600];
		if (!names)
			return sior_oom(r, n);
		for (size_t i = 0; i < ru->n_bands; i++)
			names[i] = jx_nz(ru->bands[i].name);
		sior_join_names(list, sizeof list, names, ru->n_bands);
		free(names);
		return failf(r, n, "模板“%s”没有定性档次“%s”；可用档次：%s", "template \"%s\" has no qualitative band \"%s\"; bands: %s",
			     r->t->id, s, list);
	}
}

#define SIO_KIND_TEXT JX_SIO_TEXT
#define SIO_KIND_DEC JX_SIO_DEC
#define SIO_KIND_CMP JX_SIO_CMP
#define SIO_KIND_BAND JX_SIO_BAND
#define SIO_COL(member, kind, type, yaml, zh, en, file_num, ...) \
	{#member, SIO_KIND_##kind, type, yaml, file_num, offsetof(jx_indicator, member)},
const jx_sio_col jx_sio_ind_cols[JX_SIO_NCOLS] = {JX_IND_COLUMNS(SIO_COL)};
#undef SIO_COL

/* The keys an indicator's mapping may have: "key", then each top-level
 * column and each nested map (where its first member comes).  names holds
 * the group names (one per column at most); keys ends with NULL. */
static void ind_keys(const char **keys, char names[][32])
{
	size_t n = 0;
	keys[n++] = "key";
	for (int i = 0; i < JX_SIO_NCOLS; i++) {
		const char *y = jx_sio_ind_cols[i].yaml;
		if (!jx_sio_group_len(y)) {
			keys[n++] = y;
		} else if (jx_sio_group_starts(i)) {
			snprintf(names[i], sizeof names[i], "%.*s", (int)jx_sio_group_len(y), y);
			keys[n++] = names[i];
		}
	}
	keys[n] = NULL;
}

/* Where a key of len bytes at s goes in a table of IND_KEY_SLOTS places
 * (a power of two): by its length and its first and last bytes, which tell
 * an indicator's keys, and a template's slots, apart nearly always.  A look-up
 * by it is one comparison where a search of the key list was a dozen
 * (strcmp was the largest part of reading an indicator). */
#define IND_KEY_SLOTS 64
static unsigned key_slot(const char *s, size_t len)
{
	return (unsigned)(len * 5 + (unsigned char)s[0] * 3 + (unsigned char)s[len ? len - 1 : 0]) & (IND_KEY_SLOTS - 1);
}

/* Whether scalar n is surely a text (not a null: ~, null, empty, as
 * yd_is_null has them; a plain four bytes beginning with n are left to the
 * general checks), of 1 to max bytes, not beginning with NUL: the text is
 * then the tree's own, as scalar_str's checks would give it. */
static inline __attribute__((always_inline)) int plain_text(const yd_node *n, size_t max)
{
	return n && n->kind == YD_SCALAR && n->len && n->len <= max && n->str[0] &&
	       !(n->plain && (n->len == 1 ? n->str[0] == '~' : n->len == 4 && (n->str[0] | 0x20) == 'n'));
}

/* sior_ind_text, a text kept with the sheet's taken straight from the tree */
static inline __attribute__((always_inline)) int ind_text(reader *r, const yd_node *n, char **dst)
{
	if (!r->keep_texts || !plain_text(n, JX_FIELD_MAX))
		return sior_ind_text(r, n, dst);
	if (!(*dst = jx_sheet_keep_text(r->s, n->str, n->len)))
		return sior_oom(r, n);
	return 0;
}

/* The slot: a slot node of the sheet's template.  slot is the indicator's
 * "slot" value (NULL when absent), m the indicator, for the message. */
static int read_slot(reader *r, const yd_node *slot, const yd_node *m, jx_indicator *d)
{
	const jx_node *nd;
	unsigned h = 0;
	int plain = r->keep_texts && plain_text(slot, JX_FIELD_MAX);
	/* a sheet's 300 indicators name a handful of slots: the template's
	 * nodes are searched once for each, the slots found kept by hash for
	 * the sheets of the same template (a slot found at its place is the
	 * one sior_find_node finds: the first of that name); and a slot's
	 * name is kept once with each sheet, its indicators sharing it */
	if (r->slots_of != r->t) {
		memset(r->slots, 0, sizeof r->slots);
		r->slots_of = r->t;
	}
	if (plain) {
		h = key_slot(slot->str, slot->len) & (sizeof r->slots / sizeof r->slots[0] - 1);
		if (r->slot_kept[h] && strcmp(r->slot_kept[h], slot->str) == 0) {
			d->slot = r->slot_kept[h];
			return 0;
		}
	}
	if (ind_text(r, slot, &d->slot) < 0)
		return -1;
	if (!d->slot)
		return failf(r, slot ? slot : m, "指标缺少所在位置（slot），如 output.quantity", "an indicator needs its slot, e.g. output.quantity");
	if (!plain)
		h = key_slot(d->slot, strlen(d->slot)) & (sizeof r->slots / sizeof r->slots[0] - 1);
	if (!r->slots[h] || strcmp(r->slots[h]->key, d->slot) != 0) {
		nd = sior_find_node(r->t, d->slot);
		if (!nd || nd->kind != JX_NODE_SLOT) {
			char list[700];
			sior_node_names(r->t, sior_is_slot, list, sizeof list);
			return failf(r, slot, "“%s”不是模板“%s”中可放指标的位置；可用位置：%s",
				     "\"%s\" is not an indicator slot of template \"%s\"; slots: %s", d->slot, r->t->id, list);
		}
		r->slots[h] = nd;
	}
	if (plain)
		r->slot_kept[h] = d->slot;
	return 0;
}

static int read_cmp(reader *r, const yd_node *cmp, jx_cmp *out)
{
	const char *cmp_text;
	if (plain_text(cmp, JX_FIELD_MAX))
		cmp_text = cmp->str;
	else if (sior_node_str(r, cmp, &cmp_text) < 0)
		return -1;
	if (jx_cmp_parse(cmp_text, out) < 0)
		return failf(r, cmp, "比较符号“%s”无效；可用：>=、>、=、<=、<、定性、时限（也可写 ≥ ≤）",
			     "comparator \"%s\" is invalid; use >=, >, =, <=, <, 定性 (qualitative) or 时限 (deadline)",
			     cmp_text);
	return 0;
}

/* The indicators' keys, each column's key within its map and the column
 * that starts its nested map (-1 at the top level), worked out once for
 * the run rather than for each of thousands of indicators.  col[j] is the
 * column keys[j] names at the top level (the first member for a nested
 * map), -1 for "key". */
static struct {
	int ready;
	const char *keys[JX_SIO_NCOLS + 2];
	char names[JX_SIO_NCOLS][32];
	signed char col[JX_SIO_NCOLS + 2];
	size_t nkeys;
	unsigned char starts[JX_SIO_NCOLS];
	const char *key[JX_SIO_NCOLS];
	signed char group[JX_SIO_NCOLS];
	uint32_t top;    /* the top-level columns, a bit each */
	uint32_t nested; /* the columns that start a nested map */
	size_t klen[JX_SIO_NCOLS + 2];      /* strlen(keys[j]) */
	unsigned char at[IND_KEY_SLOTS];    /* j + 1 of the key hashed there (linear probing), 0: none */
} ind_shape;

/* an indicator's columns present in its mapping are a bitmask */
_Static_assert(JX_SIO_NCOLS <= 32, "an indicator's columns fit a 32-bit mask");

static void ind_shape_init(void)
{
	if (ind_shape.ready)
		return;
	ind_keys(ind_shape.keys, ind_shape.names);
	for (int i = 0; i < JX_SIO_NCOLS; i++) {
		const char *y = jx_sio_ind_cols[i].yaml;
		ind_shape.starts[i] = (unsigned char)jx_sio_group_starts(i);
		ind_shape.key[i] = jx_sio_key(y);
		ind_shape.group[i] = -1;
		for (int k = 0; jx_sio_group_len(y) && ind_shape.group[i] < 0; k++)
			if (jx_sio_same_group(jx_sio_ind_cols[k].yaml, y))
				ind_shape.group[i] = (signed char)k;
	}
	/* ind_keys lists "key", then in column order each top-level column
	 * and each nested map where its first member is */
	ind_shape.col[0] = -1;
	ind_shape.nkeys = 1;
	for (int i = 0; i < JX_SIO_NCOLS; i++)
		if (ind_shape.group[i] < 0 || ind_shape.starts[i])
			ind_shape.col[ind_shape.nkeys++] = (signed char)i;
	for (int i = 0; i < JX_SIO_NCOLS; i++) {
		if (ind_shape.group[i] < 0)
			ind_shape.top |= (uint32_t)1 << i;
		if (ind_shape.starts[i])
			ind_shape.nested |= (uint32_t)1 << i;
	}
	for (size_t j = 0; j < ind_shape.nkeys; j++) {
		unsigned h = key_slot(ind_shape.keys[j], ind_shape.klen[j] = strlen(ind_shape.keys[j]));
		while (ind_shape.at[h])
			h = (h + 1) & (IND_KEY_SLOTS - 1);
		ind_shape.at[h] = (unsigned char)(j + 1);
	}
	ind_shape.ready = 1;
}

/* Whether the first w and the last w of the n bytes at a and b are the
 * same (w <= n: two words that may overlap; inlined, w is a constant). */
static inline __attribute__((always_inline)) int same_ends(const char *a, const char *b, size_t n, size_t w)
{
	uint64_t x = 0, y = 0, u = 0, v = 0;
	memcpy(&x, a, w), memcpy(&y, b, w);
	memcpy(&u, a + n - w, w), memcpy(&v, b + n - w, w);
	return x == y && u == v;
}

/* Whether the n bytes at a and b are the same: an indicator's keys are 3
 * to 16 bytes, compared as two words (a call of memcmp was as much as the
 * rest of the look-up). */
static int same_key(const char *a, const char *b, size_t n)
{
	if (n > 16)
		return memcmp(a, b, n) == 0;
	if (n >= 8)
		return same_ends(a, b, n, 8);
	if (n >= 4)
		return same_ends(a, b, n, 4);
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The place j in ind_shape.keys of the key k names, or -1: looked up by
 * its hash; a key not found there (unknown, or with a NUL inside, which
 * strcmp reads up to) is searched for as strcmp finds it. */
static int key_index(const yd_node *k)
{
	unsigned h = key_slot(k->str, k->len);
	for (int j; (j = ind_shape.at[h] - 1) >= 0; h = (h + 1) & (IND_KEY_SLOTS - 1))
		if (ind_shape.klen[j] == k->len && same_key(ind_shape.keys[j], k->str, k->len))
			return j;
	for (size_t j = 0; j < ind_shape.nkeys; j++)
		if (strcmp(ind_shape.keys[j], k->str) == 0)
			return (int)j;
	return -1;
}

/* Whether one of the 8 bytes of w is CR or LF. */
static int word_breaks(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t lf = w ^ (ones * '\n'), cr = w ^ (ones * '\r');
	return (((lf - ones) & ~lf & highs) | ((cr - ones) & ~cr & highs)) != 0;
}

/* Whether a byte of the n (1 to LINE_SCAN_MAX) at s may be CR or LF, a
 * word at a time (the last word may overlap the one before; libc's strpbrk
 * was twice as long for a sheet's names and units).  A NUL inside (where
 * strpbrk stops) may make it say yes wrongly: sior_refuse_line_break looks
 * again. */
#define LINE_SCAN_MAX 16
static int has_break(const char *s, size_t n)
{
	uint64_t w = 0x2020202020202020u; /* blanks: no line break */
	if (n < 8) {
		memcpy(&w, s, n);
		return word_breaks(w);
	}
	for (size_t i = 0; i + 8 < n; i += 8) {
		memcpy(&w, s + i, 8);
		if (word_breaks(w))
			return 1;
	}
	memcpy(&w, s + n - 8, 8);
	return word_breaks(w);
}

/* Text column c of d (from n) has a line break: kept when the field takes
 * several lines, else refused, naming the field "ind:<key>:<member>".
 * Apart, so that reading a column has no path to make room for. */
__attribute__((noinline)) static int ind_line_break(reader *r, const yd_node *n, jx_indicator *d, const jx_sio_col *c)
{
	char path[MAX_KEY_LEN + 32];
	snprintf(path, sizeof path, "ind:%s:%s", d->key, c->member);
	return sior_refuse_line_break(r, n, path, NULL, JX_SIO_AT(d, c, char *));
}

/* Column c of indicator d from its value n (NULL when absent).  Text is
 * checked as the field "ind:<key>:<member>" (a key not given yet is a
 * stand-in "?"; the message has the place). */
static int read_ind_col(reader *r, const yd_node *n, jx_indicator *d, const jx_sio_col *c)
{
	switch (c->kind) {
	case JX_SIO_TEXT:
		/* the field's path is written only for a text with a line break;
		 * a text taken as written (ind_text's) is scanned at its length */
		if (r->keep_texts && plain_text(n, JX_FIELD_MAX)) {
			if (!(*JX_SIO_AT(d, c, char *) = jx_sheet_keep_text(r->s, n->str, n->len)))
				return sior_oom(r, n);
			if (n->len <= LINE_SCAN_MAX ? !has_break(n->str, n->len) : !strpbrk(n->str, "\r\n"))
				return 0;
			return ind_line_break(r, n, d, c);
		}
		if (sior_ind_text(r, n, JX_SIO_AT(d, c, char *)) < 0)
			return -1;
		if (!*JX_SIO_AT(d, c, char *) || !strpbrk(*JX_SIO_AT(d, c, char *), "\r\n"))
			return 0;
		return ind_line_break(r, n, d, c);
	case JX_SIO_DEC:
		/* sior_node_dec without its frame: yd_dec gives an absent
		 * value (NULL) JX_NONE with JX_NUM_ALLOW_EMPTY as it does */
		return yd_dec(r->doc, n, c->file_num | JX_NUM_ALLOW_EMPTY, JX_SIO_AT(d, c, jx_dec), r->err);
	case JX_SIO_CMP:
		return read_cmp(r, n, JX_SIO_AT(d, c, jx_cmp));
	case JX_SIO_BAND:
		return read_band(r, n, JX_SIO_AT(d, c, int));
	}
	return -1;
}

/* The columns of the nested map g (absent: NULL) that column i starts
 * (its first member). */
static int read_ind_group(reader *r, const yd_node *g, jx_indicator *d, int i)
{
	const char *keys[JX_SIO_NCOLS + 1];
	size_t n = 0;
	if (!g || yd_is_null(g))
		return 0;
	for (int k = i; k < JX_SIO_NCOLS; k++)
		if (ind_shape.group[k] == i)
			keys[n++] = ind_shape.key[k];
	keys[n] = NULL;
	if (sior_expect(r, g, YD_MAP, ind_shape.names[i]) < 0 || yd_check_keys(r->doc, g, keys, r->err) < 0)
		return -1;
	for (int k = i; k < JX_SIO_NCOLS; k++)
		if (ind_shape.group[k] == i && read_ind_col(r, yd_get(g, ind_shape.key[k]), d, &jx_sio_ind_cols[k]) < 0)
			return -1;
	return 0;
}

/* The values of indicator m's keys by column (at[i]: column i at the top
 * level, or the nested map column i starts; set only where bit i of
 * *present is) and its "key", in one pass over its keys; a key it may not
 * have is refused as yd_check_keys refuses it.  Each key is found by its
 * hash (key_index). */
static int ind_values(reader *r, const yd_node *m, const yd_node **at, uint32_t *present, const yd_node **key)
{
	if (sior_expect(r, m, YD_MAP, "indicators") < 0)
		return -1;
	*present = 0;
	*key = NULL;
	for (size_t i = 0; i < m->n; i++) {
		int j = key_index(m->keys[i]);
		if (j < 0)
			return yd_check_keys(r->doc, m, ind_shape.keys, r->err);
		if (ind_shape.col[j] < 0) {
			*key = m->items[i];
		} else {
			at[ind_shape.col[j]] = m->items[i];
			*present |= (uint32_t)1 << ind_shape.col[j];
		}
	}
	return 0;
}

static int read_indicator(reader *r, const yd_node *m, const yd_node **key_at)
{
	const yd_node *k, *at[JX_SIO_NCOLS];
	const char *key;
	uint32_t present, todo;
	jx_indicator *d;

	ind_shape_init();
	if (ind_values(r, m, at, &present, &k) < 0)
		return -1;
	/* the key is checked in the tree and copied once, into the indicator */
	if (plain_text(k, MAX_KEY_LEN))
		key = k->str;
	else if (sior_node_str(r, k, &key) < 0)
		return -1;
	/* by the tree's length (a key valid so has no NUL inside), else as
	 * far as its first NUL, as it is kept */
	if (key && !sior_valid_ind_key(key, k->len) && !sior_valid_ind_key(key, strlen(key)))
		return failf(r, k, "指标键“%s”无效：不能含空白或冒号，最长 %d 字节", "indicator key \"%s\" is invalid: no blanks or colons, at most %d bytes",
			     k->str, MAX_KEY_LEN);
	/* a missing key gets a temporary one; real keys are given once all are read */
	if (r->keep_texts) {
		char *kept = jx_sheet_keep_text(r->s, key ? key : "?", key ? k->len : 1);
		d = kept ? jx_sheet_add_kept_ind(r->s, kept) : NULL;
	} else {
		d = jx_sheet_add_ind(r->s, key ? key : "?");
	}
	if (!d || !d->key)
		return sior_oom(r, m);
	/* (a key read is a text there: not null, not empty) */
	*key_at = key ? k : k && !yd_is_null(k) && k->len ? k : NULL;

	/* the top-level columns first, then the nested maps, each in column
	 * order; an absent column keeps the value the new indicator has (no
	 * text, no number, no comparator, no band), so only the present are
	 * read, and the slot, which must be there */
	at[JX_SIO_slot] = present & (uint32_t)1 << JX_SIO_slot ? at[JX_SIO_slot] : NULL;
	for (todo = (present & ind_shape.top) | (uint32_t)1 << JX_SIO_slot; todo; todo &= todo - 1) {
		int i = __builtin_ctz(todo);
		if (i == JX_SIO_slot ? read_slot(r, at[i], m, d) < 0 : read_ind_col(r, at[i], d, &jx_sio_ind_cols[i]) < 0)
			return -1;
	}
	for (todo = present & ind_shape.nested; todo; todo &= todo - 1)
		if (read_ind_group(r, at[__builtin_ctz(todo)], d, __builtin_ctz(todo)) < 0)
			return -1;
	return 0;
}

static int cmp_key_at(const void *a, const void *b, void *ctx)
{
	const jx_sheet *s = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(s->inds[x].key, s->inds[y].key);
	return c ? c : (x > y) - (x < y);
}

/* The first indicator (*i, in order) whose key an earlier one (*j, the
 * first with it) has; *i = s->n_inds when every key is once.  Sorted rather
 * than compared pairwise: 300 indicators are 45,000 comparisons a sheet
 * pairwise.  0, or -1 out of memory. */
static int twice_at(const jx_sheet *s, size_t *i, size_t *j)
{
	size_t *o = malloc((s->n_inds ? s->n_inds : 1) * sizeof *o);
	if (!o)
		return -1;
	for (size_t k = 0; k < s->n_inds; k++)
		o[k] = k;
	qsort_r(o, s->n_inds, sizeof *o, cmp_key_at, (void *)s);
	*i = s->n_inds;
	for (size_t k = 1; k < s->n_inds; k++)
		if (o[k] < *i && strcmp(s->inds[o[k]].key, s->inds[o[k - 1]].key) == 0 &&
		    (k < 2 || strcmp(s->inds[o[k - 1]].key, s->inds[o[k - 2]].key) != 0)) {
			*i = o[k];
			*j = o[k - 1];
		}
	free(o);
	return 0;
}

int sior_read_indicators(reader *r, const yd_node *sheet)
{
	const yd_node *seq, **key_at = NULL;
	long next = 0, last = 0;
	int rising = 1;
	size_t i2, j2 = 0;
	int rc = -1;
	if (sior_get_seq(r, sheet, "indicators", &seq) < 0)
		return -1;
	if (!seq)
		return 0;
	if (!(key_at = calloc(seq->n ? seq->n : 1, sizeof *key_at)))
		return sior_oom(r, seq);
	r->in_kept = r->keep_texts;
	for (size_t i = 0; i < seq->n; i++)
		if (read_indicator(r, seq->items[i], &key_at[i]) < 0)
			goto out;
	/* the highest i<N> written in the file; and whether the keys are all
	 * i<N> as jixiao writes them (no leading zero) with N rising, which
	 * makes each key different from every other without sorting them */
	for (size_t i = 0; i < seq->n; i++) {
		const char *k = r->s->inds[i].key;
		long v = 0;
		int over = 0;
		if (!key_at[i] || k[0] != 'i' || k[1] < '0' || k[1] > '9') {
			rising = 0;
			continue;
		}
		/* as strtol reads it: digits only, too large refused */
		for (k++; *k >= '0' && *k <= '9'; k++)
			if (v > LONG_MAX / 10 || (v == LONG_MAX / 10 && *k - '0' > LONG_MAX % 10))
				over = 1;
			else
				v = v * 10 + (*k - '0');
		if (*k || over) {
			rising = 0;
			continue;
		}
		if (r->s->inds[i].key[1] == '0' || (i > 0 && v <= last))
			rising = 0;
		last = v;
		if (v > next)
			next = v < 1000000000L ? v : 1000000000L;
	}
	/* keys for indicators written without one: i<N> after the highest */
	for (size_t i = 0; i < seq->n; i++) {
		char buf[32];
		if (key_at[i])
			continue;
		snprintf(buf, sizeof buf, "i%ld", ++next);
		if (r->keep_texts ? !(r->s->inds[i].key = jx_sheet_keep_text(r->s, buf, strlen(buf)))
				  : jx_set_str(&r->s->inds[i].key, buf) < 0) {
			sior_oom(r, seq->items[i]);
			goto out;
		}
	}
	/* every key once */
	if (rising) {
		i2 = seq->n;
	} else if (twice_at(r->s, &i2, &j2) < 0) {
		sior_oom(r, seq);
		goto out;
	}
	if (i2 < seq->n) {
		const yd_node *at = key_at[i2] ? key_at[i2] : seq->items[i2];
		const yd_node *first = key_at[j2] ? key_at[j2] : seq->items[j2];
		failf(r, at, "指标键“%s”重复（第一次出现在第 %d 行）", "indicator key \"%s\" is used twice (first at line %d)",
		      r->s->inds[i2].key, first->line);
		goto out;
	}
	rc = 0;
out:
	r->in_kept = 0;
	free(key_at);
	return rc;
}
