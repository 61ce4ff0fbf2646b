/* The evaluation sheet in memory: creation, appenders and lookups, deep
 * copy, equality and the digest of a finalised sheet (see model.h). */
#include "model.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "strutil.h"

#define JX_LABEL_ITEM(id, key, zh, en) {key, zh, en},
const jx_label jx_info_labels[JX_INFO_COUNT] = {JX_INFO_FIELDS(JX_LABEL_ITEM)};
const jx_label jx_narr_labels[JX_NARR_COUNT] = {JX_NARR_FIELDS(JX_LABEL_ITEM)};
#undef JX_LABEL_ITEM

char *jx_strdup(const char *s)
{
	size_t n;
	char *d;
	if (!s)
		return NULL;
	n = strlen(s);
	d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

int jx_set_str(char **dst, const char *src)
{
	char *d = NULL;
	if (src && *src) {
		d = jx_strdup(src);
		if (!d)
			return -1;
	}
	free(*dst);
	*dst = d;
	return 0;
}

static const struct {
	jx_cmp c;
	const char *name;
} cmp_names[] = {
	{JX_CMP_GE, ">="}, {JX_CMP_GT, ">"}, {JX_CMP_EQ, "="}, {JX_CMP_LE, "<="}, {JX_CMP_LT, "<"},
	{JX_CMP_QUAL, "定性"}, {JX_CMP_DEADLINE, "时限"},
	/* accepted spellings */
	{JX_CMP_GE, "≥"}, {JX_CMP_LE, "≤"}, {JX_CMP_GE, "＞＝"}, {JX_CMP_LE, "＜＝"}, {JX_CMP_GT, "＞"},
	{JX_CMP_LT, "＜"}, {JX_CMP_EQ, "＝"}, {JX_CMP_QUAL, "qualitative"}, {JX_CMP_DEADLINE, "deadline"},
	{JX_CMP_EQ, "=="},
};

const char *jx_cmp_name(jx_cmp c)
{
	for (size_t i = 0; i < sizeof cmp_names / sizeof cmp_names[0]; i++)
		if (cmp_names[i].c == c)
			return cmp_names[i].name;
	return "";
}

int jx_cmp_parse(const char *s, jx_cmp *out)
{
	if (!s || !*s) {
		*out = JX_CMP_NONE;
		return 0;
	}
	/* >=, >, <=, < as jixiao writes them (nearly every indicator's),
	 * without going down the list */
	if ((s[0] == '>' || s[0] == '<') && (!s[1] || (s[1] == '=' && !s[2]))) {
		*out = s[0] == '>' ? (s[1] ? JX_CMP_GE : JX_CMP_GT) : (s[1] ? JX_CMP_LE : JX_CMP_LT);
		return 0;
	}
	for (size_t i = 0; i < sizeof cmp_names / sizeof cmp_names[0]; i++)
		if (cmp_names[i].name[0] == s[0] && strcmp(cmp_names[i].name, s) == 0) {
			*out = cmp_names[i].c;
			return 0;
		}
	return -1;
}

jx_sheet *jx_sheet_new(void)
{
	jx_sheet *s = calloc(1, sizeof *s);
	if (s) {
		s->review_score = JX_NONE;
		jx_fund_stated_clear(&s->funds_total);
	}
	return s;
}

/* What each kind of indicator column (model.h JX_IND_COLUMNS) needs to be
 * released, initialised, copied and compared. */
#define IND_FREE_TEXT(v) free(v)
#define IND_FREE_DEC(v) (void)0
#define IND_FREE_CMP(v) (void)0
#define IND_FREE_BAND(v) (void)0
#define IND_FREE(member, kind, ...) IND_FREE_##kind(d->member);

#define IND_INIT_TEXT(v) ((v) = NULL)
#define IND_INIT_DEC(v) ((v) = JX_NONE)
#define IND_INIT_CMP(v) ((v) = JX_CMP_NONE)
#define IND_INIT_BAND(v) ((v) = -1)
#define IND_INIT(member, kind, ...) IND_INIT_##kind(d->member);

#define IND_EQ_TEXT(a, b) jx_texteq(a, b)
#define IND_EQ_DEC(a, b) ((a) == (b))
#define IND_EQ_CMP(a, b) ((a) == (b))
#define IND_EQ_BAND(a, b) ((a) == (b))
#define IND_EQ(member, kind, ...) &&IND_EQ_##kind(x->member, y->member)

/* The columns of a sheet's simple rows (funds, subprojects, goals, entries,
 * measures, stated figures), in the order the digest takes them: a text
 * (char *) or a number (jx_dec) at a byte offset.  Freeing, equality and
 * the digest walk them. */
typedef struct {
	size_t off;
	int text;
} row_col;
#define TEXT_COL(type, member) {offsetof(type, member), 1}
#define DEC_COL(type, member) {offsetof(type, member), 0}
#define NROWCOLS(cols) (sizeof(cols) / sizeof((cols)[0]))

static const row_col fund_cols[] = {TEXT_COL(jx_fund, source), DEC_COL(jx_fund, planned), DEC_COL(jx_fund, budget),
				    DEC_COL(jx_fund, received), DEC_COL(jx_fund, spent)};
static const row_col sub_cols[] = {TEXT_COL(jx_subproject, name), DEC_COL(jx_subproject, budget),
				   DEC_COL(jx_subproject, spent)};
static const row_col goal_cols[] = {TEXT_COL(jx_goal, planned), TEXT_COL(jx_goal, actual), DEC_COL(jx_goal, points)};
/* The goal columns "jixiao sheet digest 1" was made with; a goal's points
 * came later and are hashed after the rest, only when some goal has them. */
#define GOAL_DIGEST1_COLUMNS 2
static const row_col entry_cols[] = {TEXT_COL(jx_entry, node), DEC_COL(jx_entry, score), TEXT_COL(jx_entry, note)};
static const row_col measure_cols[] = {TEXT_COL(jx_measure, name), DEC_COL(jx_measure, value)};
static const row_col stated_cols[] = {TEXT_COL(jx_stated, path), DEC_COL(jx_stated, value), TEXT_COL(jx_stated, text),
				      TEXT_COL(jx_stated, source)};

static char *const *text_at(const void *row, const row_col *c)
{
	return (char *const *)((const char *)row + c->off);
}

static const jx_dec *dec_at(const void *row, const row_col *c)
{
	return (const jx_dec *)((const char *)row + c->off);
}

/* Free the texts of the n rows (size bytes each) at v, then v. */
static void free_rows(void *v, size_t n, size_t size, const row_col *cols, size_t ncols)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ncols; k++)
			if (cols[k].text)
				free(*text_at((char *)v + i * size, &cols[k]));
	free(v);
}

#define FREE_ROWS(arr, n, cols) free_rows(arr, n, sizeof *(arr), cols, NROWCOLS(cols))

/* A block of kept texts (jx_sheet.ind_texts): the newest first, filled
 * from its start. */
struct jx_text_block {
	struct jx_text_block *next;
	size_t used, cap;
	char data[];
};

/* 300 indicators of a county's sheet keep about 30-45 KiB of text */
#define TEXT_BLOCK (16 * 1024)

static void free_text_blocks(struct jx_text_block *b)
{
	while (b) {
		struct jx_text_block *next = b->next;
		free(b);
		b = next;
	}
}

char *jx_sheet_keep_text(jx_sheet *s, const char *t, size_t n)
{
	struct jx_text_block *b = s->ind_texts;
	char *d;
	if (!b && s->n_inds) /* its indicators' texts are their own already */
		return NULL;
	if (!b || b->cap - b->used < n + 1) {
		/* a text longer than a quarter block gets a block of its own,
		 * behind the one being filled */
		size_t cap = n + 1 > TEXT_BLOCK / 4 ? n + 1 : TEXT_BLOCK;
		struct jx_text_block *nb = malloc(sizeof *nb + cap);
		if (!nb)
			return NULL;
		nb->used = 0;
		nb->cap = cap;
		if (b && cap != TEXT_BLOCK) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			s->ind_texts = nb;
		}
		b = nb;
	}
	d = b->data + b->used;
	memcpy(d, t, n);
	d[n] = 0;
	b->used += n + 1;
	return d;
}

int jx_sheet_kept_texts_have(const jx_sheet *s, const char *bytes)
{
	for (const struct jx_text_block *b = s->ind_texts; b; b = b->next)
		for (const char *c = bytes; *c; c++)
			if (memchr(b->data, (unsigned char)*c, b->used))
				return 1;
	return 0;
}

static void ind_clear(jx_indicator *d)
{
	free(d->key);
	JX_IND_COLUMNS(IND_FREE)
}

void jx_sheet_free(jx_sheet *s)
{
	size_t i;
	if (!s)
		return;
	free(s->uid);
	free(s->template_id);
	free(s->status);
	for (i = 0; i < JX_INFO_COUNT; i++)
		free(s->info[i]);
	for (i = 0; i < JX_NARR_COUNT; i++)
		free(s->narr[i]);
	for (i = 0; i < s->n_basis; i++)
		free(s->basis[i]);
	free(s->basis);
	FREE_ROWS(s->funds, s->n_funds, fund_cols);
	FREE_ROWS(s->subs, s->n_subs, sub_cols);
	FREE_ROWS(s->goals, s->n_goals, goal_cols);
	if (s->ind_texts)
		free_text_blocks(s->ind_texts);
	else
		for (i = 0; i < s->n_inds; i++)
			ind_clear(&s->inds[i]);
	free(s->inds);
	for (i = 0; i < s->n_marks; i++)
		free(s->marks[i].node);
	free(s->marks);
	FREE_ROWS(s->entries, s->n_entries, entry_cols);
	FREE_ROWS(s->measures, s->n_measures, measure_cols);
	FREE_ROWS(s->stated, s->n_stated, stated_cols);
	free(s->review_opinion);
	free(s->review_result);
	free(s->updated_at);
	free(s->origin);
	free(s->stage);
	free(s->stage_from);
	free(s);
}

/* Grow an array by one zeroed element; returns it or NULL. */
static void *grow(void **arr, size_t *n, size_t size)
{
	/* capacity is the next power of two at or above n: full when n is a
	 * power of two (tested without counting up to it each time) */
	if ((*n & (*n - 1)) == 0) {
		size_t ncap = *n == 0 ? 4 : *n * 2;
		void *p = realloc(*arr, ncap * size);
		if (!p)
			return NULL;
		*arr = p;
	}
	void *e = (char *)*arr + *n * size;
	memset(e, 0, size);
	(*n)++;
	return e;
}

#define GROW(arr, n) grow((void **)&(arr), &(n), sizeof *(arr))

/* The element of v (n elements of size bytes) whose text, the char * at
 * byte offset off, is name (jx_streq); NULL for none. */
static void *find_named(const void *v, size_t n, size_t size, size_t off, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		const char *e = (const char *)v + i * size;
		if (jx_streq(*(char *const *)(e + off), name))
			return (void *)e;
	}
	return NULL;
}

/* The element of arr (n of them, of type) whose member is name. */
#define FIND_NAMED(arr, n, type, member, name) \
	((type *)find_named(arr, n, sizeof(type), offsetof(type, member), name))

static jx_mark *find_mark(const jx_sheet *s, const char *node, int item)
{
	for (size_t i = 0; i < s->n_marks; i++)
		if (jx_streq(s->marks[i].node, node) && s->marks[i].item == item)
			return &s->marks[i];
	return NULL;
}

/* A new zeroed element appended to arr with a copy of name in the text at
 * byte offset off; NULL when out of memory. */
static void *new_named(void **arr, size_t *n, size_t size, size_t off, const char *name)
{
	char *e = grow(arr, n, size);
	if (e)
		*(char **)(e + off) = jx_strdup(name);
	return e;
}

#define NEW_NAMED(arr, n, type, member, name) \
	((type *)new_named((void **)&(arr), &(n), sizeof(type), offsetof(type, member), name))

jx_fund *jx_sheet_add_fund(jx_sheet *s, const char *source)
{
	jx_fund *f = NEW_NAMED(s->funds, s->n_funds, jx_fund, source, source);
	if (f)
		f->planned = f->budget = f->received = f->spent = f->forecast = JX_NONE;
	return f;
}

jx_subproject *jx_sheet_add_sub(jx_sheet *s)
{
	jx_subproject *p = GROW(s->subs, s->n_subs);
	if (p)
		p->budget = p->spent = JX_NONE;
	return p;
}

jx_goal *jx_sheet_add_goal(jx_sheet *s)
{
	jx_goal *g = GROW(s->goals, s->n_goals);
	if (g)
		g->points = JX_NONE;
	return g;
}

static void ind_init(jx_indicator *d)
{
	memset(d, 0, sizeof *d);
	JX_IND_COLUMNS(IND_INIT)
}

static char *next_ind_key(const jx_sheet *s)
{
	long max = 0;
	char buf[32];
	for (size_t i = 0; i < s->n_inds; i++) {
		const char *k = s->inds[i].key;
		if (k && k[0] == 'i') {
			char *end;
			long v = strtol(k + 1, &end, 10);
			if (*end == 0 && v > max)
				max = v;
		}
	}
	snprintf(buf, sizeof buf, "i%ld", max + 1);
	return jx_strdup(buf);
}

jx_indicator *jx_sheet_insert_ind(jx_sheet *s, size_t at, const char *key)
{
	char *k;
	jx_indicator *d;
	if (s->ind_texts) /* its texts are kept: never edited */
		return NULL;
	if (!(k = key ? jx_strdup(key) : next_ind_key(s)))
		return NULL;
	if (at > s->n_inds)
		at = s->n_inds;
	d = GROW(s->inds, s->n_inds);
	if (!d) {
		free(k);
		return NULL;
	}
	memmove(&s->inds[at + 1], &s->inds[at], (s->n_inds - 1 - at) * sizeof *d);
	d = &s->inds[at];
	ind_init(d);
	d->key = k;
	return d;
}

jx_indicator *jx_sheet_add_ind(jx_sheet *s, const char *key)
{
	return jx_sheet_insert_ind(s, s->n_inds, key);
}

jx_indicator *jx_sheet_add_kept_ind(jx_sheet *s, char *key)
{
	jx_indicator *d = GROW(s->inds, s->n_inds);
	if (!d)
		return NULL;
	/* ind_init's values on the zeroed element GROW gives (300 of them a
	 * sheet: zeroed once, not twice) */
	JX_IND_COLUMNS(IND_INIT)
	d->key = key;
	return d;
}

void jx_sheet_remove_ind(jx_sheet *s, size_t at)
{
	if (at >= s->n_inds || s->ind_texts)
		return;
	ind_clear(&s->inds[at]);
	memmove(&s->inds[at], &s->inds[at + 1], (s->n_inds - at - 1) * sizeof s->inds[0]);
	s->n_inds--;
}

int jx_sheet_add_basis(jx_sheet *s, const char *doc)
{
	char **p = GROW(s->basis, s->n_basis);
	if (!p)
		return -1;
	*p = jx_strdup(doc);
	return 0;
}

/* The element of arr whose member is name, else a new one appended with a
 * copy of name in member; NULL when out of memory. */
static void *named_or_new(void **arr, size_t *n, size_t size, size_t off, const char *name)
{
	void *e = find_named(*arr, *n, size, off, name);
	return e ? e : new_named(arr, n, size, off, name);
}

#define NAMED_OR_NEW(arr, n, type, member, name) \
	((type *)named_or_new((void **)&(arr), &(n), sizeof(type), offsetof(type, member), name))

jx_mark *jx_sheet_set_mark(jx_sheet *s, const char *node, int item, jx_dec awarded)
{
	jx_mark *m = find_mark(s, node, item);
	if (!m && (m = GROW(s->marks, s->n_marks))) {
		m->node = jx_strdup(node);
		m->item = item;
	}
	if (m)
		m->awarded = awarded;
	return m;
}

jx_entry *jx_sheet_set_entry(jx_sheet *s, const char *node, jx_dec score)
{
	jx_entry *e = NAMED_OR_NEW(s->entries, s->n_entries, jx_entry, node, node);
	if (e)
		e->score = score;
	return e;
}

jx_measure *jx_sheet_set_measure(jx_sheet *s, const char *name, jx_dec value)
{
	jx_measure *m = NAMED_OR_NEW(s->measures, s->n_measures, jx_measure, name, name);
	if (m)
		m->value = value;
	return m;
}

jx_stated *jx_sheet_add_stated(jx_sheet *s, const char *path)
{
	jx_stated *t = NEW_NAMED(s->stated, s->n_stated, jx_stated, path, path);
	if (t)
		t->value = JX_NONE;
	return t;
}

jx_indicator *jx_sheet_ind(const jx_sheet *s, const char *key)
{
	return FIND_NAMED(s->inds, s->n_inds, jx_indicator, key, key);
}

jx_fund *jx_sheet_fund(const jx_sheet *s, const char *source)
{
	return FIND_NAMED(s->funds, s->n_funds, jx_fund, source, source);
}

const jx_mark *jx_sheet_mark(const jx_sheet *s, const char *node, int item)
{
	return find_mark(s, node, item);
}

const jx_entry *jx_sheet_entry(const jx_sheet *s, const char *node)
{
	return FIND_NAMED(s->entries, s->n_entries, jx_entry, node, node);
}

const jx_measure *jx_sheet_measure(const jx_sheet *s, const char *name)
{
	return FIND_NAMED(s->measures, s->n_measures, jx_measure, name, name);
}

const jx_stated *jx_sheet_stated(const jx_sheet *s, const char *path)
{
	return FIND_NAMED(s->stated, s->n_stated, jx_stated, path, path);
}

static jx_dec add_opt(jx_dec acc, jx_dec v)
{
	if (v == JX_NONE)
		return acc;
	return jx_add(acc, v);
}

jx_fund_totals jx_sheet_fund_totals(const jx_sheet *s)
{
	jx_fund_totals t = {JX_NONE, JX_NONE, JX_NONE, JX_NONE};
	for (size_t i = 0; i < s->n_funds; i++) {
		t.planned = add_opt(t.planned, s->funds[i].planned);
		t.budget = add_opt(t.budget, s->funds[i].budget);
		t.received = add_opt(t.received, s->funds[i].received);
		t.spent = add_opt(t.spent, s->funds[i].spent);
	}
	return t;
}

/* ---- the printed funds total ---- */

#define FT_CLEAR(member, ...) t->member = JX_NONE;
#define FT_EMPTY(member, ...) &&t->member == JX_NONE
#define FT_EQ(member, ...) &&a->member == b->member

void jx_fund_stated_clear(jx_fund_stated *t)
{
	JX_FUND_TOTAL_COLUMNS(FT_CLEAR)
}

int jx_fund_stated_empty(const jx_fund_stated *t)
{
	return 1 JX_FUND_TOTAL_COLUMNS(FT_EMPTY);
}

int jx_fund_stated_equal(const jx_fund_stated *a, const jx_fund_stated *b)
{
	return 1 JX_FUND_TOTAL_COLUMNS(FT_EQ);
}

/* ---- clone and equality ---- */

#define DUP(field) (d->field = jx_strdup(s->field))

/* Copies of a column: a clone keeps text as it is (jx_strdup), a copy made
 * for the store or undo normalises "" to NULL (jx_set_str). */
#define IND_CLONE_TEXT(dst, src) ((dst) = jx_strdup(src))
#define IND_CLONE_DEC(dst, src) ((dst) = (src))
#define IND_CLONE_CMP(dst, src) ((dst) = (src))
#define IND_CLONE_BAND(dst, src) ((dst) = (src))
#define IND_CLONE(member, kind, ...) IND_CLONE_##kind(d->member, s->member);

#define IND_COPY_TEXT(dst, src) (rc |= jx_set_str(&(dst), src))
#define IND_COPY_DEC(dst, src) ((dst) = (src))
#define IND_COPY_CMP(dst, src) ((dst) = (src))
#define IND_COPY_BAND(dst, src) ((dst) = (src))
#define IND_COPY(member, kind, ...) IND_COPY_##kind(d->member, s->member);

/* Every column of s into the fresh indicator d (whose key is its own). */
static void ind_clone_columns(jx_indicator *d, const jx_indicator *s)
{
	JX_IND_COLUMNS(IND_CLONE)
}

int jx_ind_copy_columns(jx_indicator *d, const jx_indicator *s)
{
	int rc = 0;
	JX_IND_COLUMNS(IND_COPY)
	return rc ? -1 : 0;
}

jx_sheet *jx_sheet_clone(const jx_sheet *s)
{
	jx_sheet *d = jx_sheet_new();
	size_t i;
	if (!d)
		return NULL;
	d->id = s->id;
	DUP(uid);
	DUP(template_id);
	d->template_version = s->template_version;
	d->year = s->year;
	DUP(status);
	for (i = 0; i < JX_INFO_COUNT; i++)
		DUP(info[i]);
	for (i = 0; i < JX_NARR_COUNT; i++)
		DUP(narr[i]);
	for (i = 0; i < s->n_basis; i++)
		jx_sheet_add_basis(d, s->basis[i]);
	for (i = 0; i < s->n_funds; i++) {
		jx_fund *f = jx_sheet_add_fund(d, s->funds[i].source);
		if (f) {
			char *src = f->source;
			*f = s->funds[i];
			f->source = src;
		}
	}
	for (i = 0; i < s->n_subs; i++) {
		jx_subproject *p = jx_sheet_add_sub(d);
		if (p) {
			*p = s->subs[i];
			p->name = jx_strdup(s->subs[i].name);
		}
	}
	for (i = 0; i < s->n_goals; i++) {
		jx_goal *g = jx_sheet_add_goal(d);
		if (g) {
			g->planned = jx_strdup(s->goals[i].planned);
			g->actual = jx_strdup(s->goals[i].actual);
			g->points = s->goals[i].points;
		}
	}
	for (i = 0; i < s->n_inds; i++) {
		const jx_indicator *o = &s->inds[i];
		jx_indicator *n = jx_sheet_add_ind(d, o->key);
		if (!n)
			continue;
		ind_clone_columns(n, o);
	}
	for (i = 0; i < s->n_marks; i++)
		jx_sheet_set_mark(d, s->marks[i].node, s->marks[i].item, s->marks[i].awarded);
	for (i = 0; i < s->n_entries; i++) {
		jx_entry *e = jx_sheet_set_entry(d, s->entries[i].node, s->entries[i].score);
		if (e)
			e->note = jx_strdup(s->entries[i].note);
	}
	for (i = 0; i < s->n_measures; i++)
		jx_sheet_set_measure(d, s->measures[i].name, s->measures[i].value);
	for (i = 0; i < s->n_stated; i++) {
		jx_stated *t = jx_sheet_add_stated(d, s->stated[i].path);
		if (t) {
			t->value = s->stated[i].value;
			t->text = jx_strdup(s->stated[i].text);
			t->source = jx_strdup(s->stated[i].source);
		}
	}
	d->funds_total = s->funds_total;
	d->review_score = s->review_score;
	DUP(review_opinion);
	DUP(review_result);
	d->revision = s->revision;
	DUP(updated_at);
	DUP(origin);
	DUP(stage);
	d->stage_month = s->stage_month;
	DUP(stage_from);
	return d;
}

/* The n rows (size bytes each) at a and b hold equal columns. */
static int rows_equal(const void *a, const void *b, size_t n, size_t size, const row_col *cols, size_t ncols)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ncols; k++) {
			const char *x = (const char *)a + i * size, *y = (const char *)b + i * size;
			if (cols[k].text ? !jx_texteq(*text_at(x, &cols[k]), *text_at(y, &cols[k]))
					 : *dec_at(x, &cols[k]) != *dec_at(y, &cols[k]))
				return 0;
		}
	return 1;
}

#define ROWS_EQUAL(a, b, n, cols) rows_equal(a, b, n, sizeof *(a), cols, NROWCOLS(cols))

int jx_sheet_equal(const jx_sheet *a, const jx_sheet *b)
{
	size_t i;
	if (!jx_texteq(a->uid, b->uid) || !jx_texteq(a->template_id, b->template_id) || a->template_version != b->template_version ||
	    a->year != b->year || !jx_texteq(a->status, b->status))
		return 0;
	for (i = 0; i < JX_INFO_COUNT; i++)
		if (!jx_texteq(a->info[i], b->info[i]))
			return 0;
	for (i = 0; i < JX_NARR_COUNT; i++)
		if (!jx_texteq(a->narr[i], b->narr[i]))
			return 0;
	if (a->n_basis != b->n_basis || a->n_funds != b->n_funds || a->n_subs != b->n_subs || a->n_goals != b->n_goals ||
	    a->n_inds != b->n_inds || a->n_entries != b->n_entries ||
	    a->n_measures != b->n_measures || a->n_stated != b->n_stated)
		return 0;
	for (i = 0; i < a->n_basis; i++)
		if (!jx_texteq(a->basis[i], b->basis[i]))
			return 0;
	for (i = 0; i < a->n_funds; i++)
		if (a->funds[i].forecast != b->funds[i].forecast)
			return 0;
	if (!ROWS_EQUAL(a->funds, b->funds, a->n_funds, fund_cols) || !ROWS_EQUAL(a->subs, b->subs, a->n_subs, sub_cols) ||
	    !ROWS_EQUAL(a->goals, b->goals, a->n_goals, goal_cols))
		return 0;
	for (i = 0; i < a->n_inds; i++) {
		const jx_indicator *x = &a->inds[i], *y = &b->inds[i];
		if (!(jx_texteq(x->key, y->key) JX_IND_COLUMNS(IND_EQ)))
			return 0;
	}
	/* marks are a set keyed by (node, item); an empty mark equals no mark */
	for (i = 0; i < a->n_marks; i++) {
		const jx_mark *m = jx_sheet_mark(b, a->marks[i].node, a->marks[i].item);
		if (a->marks[i].awarded != (m ? m->awarded : JX_NONE))
			return 0;
	}
	for (i = 0; i < b->n_marks; i++) {
		const jx_mark *m = jx_sheet_mark(a, b->marks[i].node, b->marks[i].item);
		if (b->marks[i].awarded != (m ? m->awarded : JX_NONE))
			return 0;
	}
	if (!ROWS_EQUAL(a->entries, b->entries, a->n_entries, entry_cols) ||
	    !ROWS_EQUAL(a->measures, b->measures, a->n_measures, measure_cols) ||
	    !ROWS_EQUAL(a->stated, b->stated, a->n_stated, stated_cols))
		return 0;
	if (!jx_fund_stated_equal(&a->funds_total, &b->funds_total))
		return 0;
	if (a->review_score != b->review_score || !jx_texteq(a->review_opinion, b->review_opinion) ||
	    !jx_texteq(a->review_result, b->review_result))
		return 0;
	if (!jx_texteq(a->stage, b->stage) || a->stage_month != b->stage_month || !jx_texteq(a->stage_from, b->stage_from))
		return 0;
	return 1;
}

/* ---- digest ---- */

/* The canonical form is a stream of tagged values: 's' + 8-byte big-endian
 * length + bytes for text (NULL and "" alike, as jx_sheet_equal has them),
 * 'd' + 8 bytes for a number, 'n' for a number not entered, 'i' + 8 bytes
 * for a count or an integer.  Every list starts with its count, so that no
 * two different sheets give the same stream. */
typedef struct {
	EVP_MD_CTX *ctx;
	int bad;
} hasher;

static void h_bytes(hasher *h, const void *p, size_t n)
{
	if (!h->bad && n && EVP_DigestUpdate(h->ctx, p, n) != 1)
		h->bad = 1;
}

static void h_tagged(hasher *h, char tag, uint64_t v)
{
	unsigned char b[9];
	b[0] = (unsigned char)tag;
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (56 - 8 * i));
	h_bytes(h, b, sizeof b);
}

static void h_str(hasher *h, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	h_tagged(h, 's', (uint64_t)n);
	h_bytes(h, s, n);
}

static void h_dec(hasher *h, jx_dec v)
{
	if (v == JX_NONE)
		h_bytes(h, "n", 1);
	else
		h_tagged(h, 'd', (uint64_t)v);
}

static void h_int(hasher *h, int64_t v)
{
	h_tagged(h, 'i', (uint64_t)v);
}

/* An indicator column into the digest, by its kind. */
#define IND_HASH_TEXT(v) h_str(h, v)
#define IND_HASH_DEC(v) h_dec(h, v)
#define IND_HASH_CMP(v) h_int(h, (int64_t)(v))
#define IND_HASH_BAND(v) h_int(h, v)

/* The indicator columns "jixiao sheet digest 1" was made with: the first 18
 * of JX_IND_COLUMNS, each in the stream whether set or not.  A column added
 * since is in the stream only when set, as 'c' + its name + its value, so
 * that adding a column leaves the digest of every sheet finalised before it
 * (where the new column is empty) as it was. */
#define IND_DIGEST1_COLUMNS 18
#define IND_COUNT_ONE(member, ...) +1
_Static_assert(0 JX_IND_COLUMNS(IND_COUNT_ONE) >= IND_DIGEST1_COLUMNS, "an indicator column of digest 1 is gone");

#define IND_IS_SET_TEXT(v) ((v) && *(v))
#define IND_IS_SET_DEC(v) ((v) != JX_NONE)
#define IND_IS_SET_CMP(v) ((v) != JX_CMP_NONE)
#define IND_IS_SET_BAND(v) ((v) >= 0)
#define IND_HASH(member, kind, ...)                                       \
	if (col < IND_DIGEST1_COLUMNS || IND_IS_SET_##kind(d->member)) { \
		if (col >= IND_DIGEST1_COLUMNS) {                           \
			h_bytes(h, "c", 1);                                 \
			h_str(h, #member);                                  \
		}                                                           \
		IND_HASH_##kind(d->member);                                 \
	}                                                                   \
	col++;

static void h_ind(hasher *h, const jx_indicator *d)
{
	int col = 0;
	h_str(h, d->key);
	JX_IND_COLUMNS(IND_HASH)
}

/* A list of rows: its count, then each row's columns in order. */
static void h_rows(hasher *h, const void *v, size_t n, size_t size, const row_col *cols, size_t ncols)
{
	h_int(h, (int64_t)n);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ncols; k++) {
			const char *row = (const char *)v + i * size;
			if (cols[k].text)
				h_str(h, *text_at(row, &cols[k]));
			else
				h_dec(h, *dec_at(row, &cols[k]));
		}
}

#define H_ROWS(h, arr, n, cols) h_rows(h, arr, n, sizeof *(arr), cols, NROWCOLS(cols))

static int mark_order(const void *x, const void *y)
{
	const jx_mark *a = *(const jx_mark *const *)x, *b = *(const jx_mark *const *)y;
	int c = jx_textcmp(a->node, b->node);
	if (c)
		return c;
	return (a->item > b->item) - (a->item < b->item);
}

int jx_sheet_digest(const jx_sheet *s, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	const jx_mark **marks = NULL;
	size_t nm = 0, i;
	hasher h = {EVP_MD_CTX_new(), 0};

	hex[0] = 0;
	if (!h.ctx)
		return -1;
	if (EVP_DigestInit_ex(h.ctx, EVP_sha256(), NULL) != 1)
		h.bad = 1;
	h_str(&h, "jixiao sheet digest 1");
	h_str(&h, s->uid);
	h_str(&h, s->template_id);
	h_int(&h, s->template_version);
	h_int(&h, s->year);
	h_str(&h, s->status);
	for (i = 0; i < JX_INFO_COUNT; i++)
		h_str(&h, s->info[i]);
	for (i = 0; i < JX_NARR_COUNT; i++)
		h_str(&h, s->narr[i]);
	h_int(&h, (int64_t)s->n_basis);
	for (i = 0; i < s->n_basis; i++)
		h_str(&h, s->basis[i]);
	H_ROWS(&h, s->funds, s->n_funds, fund_cols);
	H_ROWS(&h, s->subs, s->n_subs, sub_cols);
	h_rows(&h, s->goals, s->n_goals, sizeof *s->goals, goal_cols, GOAL_DIGEST1_COLUMNS);
	h_int(&h, (int64_t)s->n_inds);
	for (i = 0; i < s->n_inds; i++)
		h_ind(&h, &s->inds[i]);
	/* marks are a set keyed by (node, item); an empty mark is no mark */
	if (s->n_marks) {
		marks = malloc(s->n_marks * sizeof *marks);
		if (!marks)
			h.bad = 1;
		for (i = 0; marks && i < s->n_marks; i++)
			if (s->marks[i].awarded != JX_NONE)
				marks[nm++] = &s->marks[i];
		if (nm > 1)
			qsort(marks, nm, sizeof *marks, mark_order);
	}
	h_int(&h, (int64_t)nm);
	for (i = 0; i < nm; i++) {
		h_str(&h, marks[i]->node);
		h_int(&h, marks[i]->item);
		h_dec(&h, marks[i]->awarded);
	}
	free(marks);
	H_ROWS(&h, s->entries, s->n_entries, entry_cols);
	H_ROWS(&h, s->measures, s->n_measures, measure_cols);
	H_ROWS(&h, s->stated, s->n_stated, stated_cols);
	h_dec(&h, s->review_score);
	h_str(&h, s->review_opinion);
	h_str(&h, s->review_result);
	/* the stage link joined the digest later: hashed only when set, so
	 * that sheets finalised before keep their digest */
	if ((s->stage && *s->stage) || s->stage_month || (s->stage_from && *s->stage_from)) {
		h_str(&h, "stage");
		h_str(&h, s->stage);
		h_int(&h, s->stage_month);
		h_str(&h, s->stage_from);
	}
	/* the printed funds total joined the digest later: hashed only when
	 * set, so that sheets finalised before keep their digest */
	if (!jx_fund_stated_empty(&s->funds_total)) {
		h_str(&h, "funds_total");
#define H_FUND_TOTAL(member, ...) h_dec(&h, s->funds_total.member);
		JX_FUND_TOTAL_COLUMNS(H_FUND_TOTAL)
#undef H_FUND_TOTAL
	}
	for (i = 0; i < s->n_goals; i++)
		if (s->goals[i].points != JX_NONE)
			break;
	if (i < s->n_goals) {
		h_str(&h, "goal points");
		for (i = 0; i < s->n_goals; i++)
			h_dec(&h, s->goals[i].points);
	}
	/* a fund's forecast (monitoring) joined later still: only when set */
	for (i = 0; i < s->n_funds; i++)
		if (s->funds[i].forecast != JX_NONE) {
			h_str(&h, "fund-forecast");
			h_int(&h, (int64_t)i);
			h_dec(&h, s->funds[i].forecast);
		}
	if (!h.bad && (EVP_DigestFinal_ex(h.ctx, md, &len) != 1 || len != 32))
		h.bad = 1;
	EVP_MD_CTX_free(h.ctx);
	if (h.bad)
		return -1;
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = 0;
	return 0;
}
