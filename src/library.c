/* The indicator library in memory: entries, merging, the search index
 * (library.h). */
#include "library.h"

#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "strutil.h"

#define LIB_COL_ITEM(member, kind, key, zh, en) {key, zh, en, JX_LIBK_##kind},
const jx_lib_column jx_lib_columns[] = {JX_LIB_COLUMNS(LIB_COL_ITEM)};
#undef LIB_COL_ITEM
const size_t jx_lib_ncolumns = sizeof jx_lib_columns / sizeof jx_lib_columns[0];

/* Where each column's value lives in the struct, in column order. */
#define LIB_OFF_ITEM(member, kind, ...) offsetof(jx_lib_entry, member),
static const size_t col_off[] = {JX_LIB_COLUMNS(LIB_OFF_ITEM)};
#undef LIB_OFF_ITEM

static char **text_at(jx_lib_entry *e, size_t col)
{
	return (char **)((char *)e + col_off[col]);
}

static const char *ctext_at(const jx_lib_entry *e, size_t col)
{
	return *(char *const *)((const char *)e + col_off[col]);
}

/* The comparator as 指标性质 is printed in the forms. */
static const char *cmp_shown(jx_cmp c)
{
	switch (c) {
	case JX_CMP_GE: return "≥";
	case JX_CMP_LE: return "≤";
	case JX_CMP_NONE: return "";
	default: return jx_cmp_name(c);
	}
}

const char *jx_lib_get(const jx_lib_entry *e, size_t col, char *buf, size_t len)
{
	if (col >= jx_lib_ncolumns)
		return "";
	switch (jx_lib_columns[col].kind) {
	case JX_LIBK_CMP:
		return cmp_shown(*(const jx_cmp *)((const char *)e + col_off[col]));
	case JX_LIBK_DEC: {
		jx_dec v = *(const jx_dec *)((const char *)e + col_off[col]);
		char tmp[64];
		if (v == JX_NONE)
			return "";
		snprintf(buf, len, "%s", jx_fmt_trim(tmp, v));
		return buf;
	}
	default:
		return jx_nz(ctext_at(e, col));
	}
}

static int set_text(char **dst, const char *text)
{
	char *d = NULL;
	if (jx_has_text(text) && !(d = jx_strdup(text)))
		return -1;
	free(*dst);
	*dst = d;
	return 0;
}

int jx_lib_set(jx_lib_entry *e, size_t col, const char *text, jx_err *err)
{
	if (col >= jx_lib_ncolumns)
		return -1;
	const jx_lib_column *c = &jx_lib_columns[col];
	switch (c->kind) {
	case JX_LIBK_CMP: {
		jx_cmp v;
		if (jx_cmp_parse(jx_has_text(text) ? text : "", &v) < 0) {
			jx_err_set(err, "指标性质“%s”无法识别（可用 ≥ > = ≤ < 定性 时限）",
				   "comparator \"%s\" not recognised (use >= > = <= < 定性 时限)", text);
			return -1;
		}
		e->cmp = v;
		return 0;
	}
	case JX_LIBK_DEC: {
		jx_dec v = JX_NONE;
		jx_dec *dst = (jx_dec *)((char *)e + col_off[col]);
		if (jx_has_text(text) && jx_parse_dec(text, JX_NUM_PERCENT, &v, err) < 0)
			return -1;
		*dst = v;
		return 0;
	}
	case JX_LIBK_KIND:
		if (!jx_has_text(text))
			return set_text(text_at(e, col), NULL);
		if (strcmp(text, "共性") == 0 || strcmp(text, "common") == 0 || strcmp(text, "共性指标") == 0)
			return set_text(text_at(e, col), "共性");
		if (strcmp(text, "个性") == 0 || strcmp(text, "specific") == 0 || strcmp(text, "个性指标") == 0)
			return set_text(text_at(e, col), "个性");
		jx_err_set(err, "“%s”应为 共性 或 个性", "\"%s\" should be 共性 (common) or 个性 (specific)", text);
		return -1;
	default:
		if (col_off[col] == offsetof(jx_lib_entry, name) && !jx_has_text(text)) {
			jx_err_set(err, "指标名称不能为空", "the indicator's name cannot be empty");
			return -1;
		}
		if (set_text(text_at(e, col), text) < 0) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		return 0;
	}
}

/* Headings a provincial list or jixiao's own indicator table uses for a
 * column, besides the column's own zh and en labels and its key. */
static const struct {
	const char *heading, *key;
} aliases[] = {
	{"指标名称", "name"},  {"计算符号", "cmp"},   {"年度指标值", "target"}, {"指标值", "target"},
	{"计量单位", "unit"},  {"单位", "unit"},      {"评分标准", "note"},     {"评分规则", "note"},
	{"共性个性", "kind"},
};

int jx_lib_column_of(const char *heading)
{
	if (!jx_has_text(heading))
		return -1;
	for (size_t i = 0; i < jx_lib_ncolumns; i++)
		if (strcmp(heading, jx_lib_columns[i].zh) == 0 || strcmp(heading, jx_lib_columns[i].en) == 0 ||
		    strcmp(heading, jx_lib_columns[i].key) == 0)
			return (int)i;
	for (size_t a = 0; a < sizeof aliases / sizeof aliases[0]; a++)
		if (strcmp(heading, aliases[a].heading) == 0)
			for (size_t i = 0; i < jx_lib_ncolumns; i++)
				if (strcmp(aliases[a].key, jx_lib_columns[i].key) == 0)
					return (int)i;
	return -1;
}

void jx_lib_entry_clear(jx_lib_entry *e)
{
	for (size_t c = 0; c < jx_lib_ncolumns; c++)
		if (jx_lib_columns[c].kind == JX_LIBK_TEXT || jx_lib_columns[c].kind == JX_LIBK_KIND)
			free(*text_at(e, c));
	for (size_t i = 0; i < e->nsources; i++)
		free(e->sources[i]);
	free(e->sources);
	memset(e, 0, sizeof *e);
	e->target_min = e->target_max = JX_NONE;
}

int jx_lib_add_source(jx_lib_entry *e, const char *source)
{
	size_t lo = 0, hi = e->nsources;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(e->sources[mid], source);
		if (c == 0)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	char **v = realloc(e->sources, (e->nsources + 1) * sizeof *v);
	if (!v)
		return -1;
	e->sources = v;
	char *s = jx_strdup(source);
	if (!s)
		return -1;
	memmove(v + lo + 1, v + lo, (e->nsources - lo) * sizeof *v);
	v[lo] = s;
	e->nsources++;
	return 1;
}

void jx_lib_widen(jx_lib_entry *e, jx_dec target)
{
	if (target == JX_NONE)
		return;
	if (e->target_min == JX_NONE || target < e->target_min)
		e->target_min = target;
	if (e->target_max == JX_NONE || target > e->target_max)
		e->target_max = target;
}

int jx_lib_merge(jx_lib_entry *into, const jx_lib_entry *from)
{
	int added = 0;
	for (size_t c = 0; c < jx_lib_ncolumns; c++) {
		jx_lib_kind k = jx_lib_columns[c].kind;
		if ((k == JX_LIBK_TEXT || k == JX_LIBK_KIND) && !jx_has_text(ctext_at(into, c)) &&
		    jx_has_text(ctext_at(from, c)) && set_text(text_at(into, c), ctext_at(from, c)) < 0)
			return -1;
	}
	if (into->cmp == JX_CMP_NONE)
		into->cmp = from->cmp;
	jx_lib_widen(into, from->target_min);
	jx_lib_widen(into, from->target_max);
	for (size_t i = 0; i < from->nsources; i++) {
		int r = jx_lib_add_source(into, from->sources[i]);
		if (r < 0)
			return -1;
		added += r;
	}
	return added;
}

const char *jx_lib_target_of(const jx_indicator *d, char *buf, size_t len)
{
	char num[64];
	buf[0] = 0;
	if (d->cmp == JX_CMP_DEADLINE) {
		if (jx_has_text(d->target_text))
			snprintf(buf, len, "%s前", d->target_text);
	} else if (d->cmp == JX_CMP_QUAL || d->target == JX_NONE) {
		if (jx_has_text(d->target_text))
			snprintf(buf, len, "%s", d->target_text);
	} else
		snprintf(buf, len, "%s%s%s", cmp_shown(d->cmp), jx_fmt_trim(num, d->target), jx_nz(d->unit));
	return buf;
}

const char *jx_lib_range_text(const jx_lib_entry *e, char *buf, size_t len)
{
	char a[64], b[64];
	buf[0] = 0;
	if (e->target_min == JX_NONE)
		return buf;
	if (e->target_min == e->target_max)
		snprintf(buf, len, "%s%s", jx_fmt_trim(a, e->target_min), jx_nz(e->unit));
	else
		snprintf(buf, len, "%s–%s%s", jx_fmt_trim(a, e->target_min), jx_fmt_trim(b, e->target_max), jx_nz(e->unit));
	return buf;
}

/* ---- the library in memory ---- */

static int key_cmp(const jx_lib_entry *x, const char *name, const char *unit)
{
	int c = jx_textcmp(x->name, name);
	return c ? c : jx_textcmp(x->unit, unit);
}

long jx_lib_find(const jx_lib *lib, const char *name, const char *unit)
{
	size_t lo = 0, hi = lib->byname ? lib->nkeyed : 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = key_cmp(&lib->v[lib->byname[mid]], name, unit);
		if (c == 0)
			return (long)lib->byname[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* entries appended since the index was built */
	for (size_t i = lib->byname ? lib->nkeyed : 0; i < lib->n; i++)
		if (jx_texteq(lib->v[i].name, name) && jx_texteq(lib->v[i].unit, unit))
			return (long)i;
	return -1;
}

int jx_lib_append(jx_lib *lib, jx_lib_entry *e)
{
	if (lib->n == lib->cap) {
		size_t cap = lib->cap ? lib->cap * 2 : 64;
		jx_lib_entry *v = realloc(lib->v, cap * sizeof *v);
		if (!v)
			return -1;
		lib->v = v;
		lib->cap = cap;
	}
	lib->v[lib->n++] = *e;
	memset(e, 0, sizeof *e);
	e->target_min = e->target_max = JX_NONE;
	return 0;
}

static void index_free(jx_lib *lib)
{
	if (lib->hay)
		for (size_t i = 0; i < lib->nkeyed; i++)
			free(lib->hay[i]);
	free(lib->hay);
	free(lib->haylen);
	free(lib->order);
	free(lib->byname);
	lib->byname = NULL;
	lib->nkeyed = 0;
	lib->hay = NULL;
	lib->haylen = NULL;
	lib->order = NULL;
}

/* Latin letters folded to lower case, in place (UTF-8 of other scripts
 * never contains bytes 'A'..'Z'). */
static void fold(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

/* The text searched: the name first (a query's first word at its start
 * ranks first), then the categories, apart by a byte no text has. */
static char *hay_of(const jx_lib_entry *e, size_t *len)
{
	const char *part[] = {e->name, e->l1, e->l2, e->sector, e->domain};
	size_t n = 0;
	for (size_t i = 0; i < 5; i++)
		n += strlen(jx_nz(part[i])) + 1;
	char *h = malloc(n + 1), *p = h;
	if (!h)
		return NULL;
	for (size_t i = 0; i < 5; i++) {
		size_t k = strlen(jx_nz(part[i]));
		memcpy(p, jx_nz(part[i]), k);
		p += k;
		*p++ = '\x1f';
	}
	*p = 0;
	fold(h, n);
	*len = n;
	return h;
}

static const jx_lib *sort_lib;
static int by_uses_name(const void *a, const void *b)
{
	const jx_lib_entry *x = &sort_lib->v[*(const size_t *)a], *y = &sort_lib->v[*(const size_t *)b];
	if (x->nsources != y->nsources)
		return x->nsources > y->nsources ? -1 : 1;
	return key_cmp(x, y->name, y->unit);
}

static int by_key(const void *a, const void *b)
{
	const jx_lib_entry *x = &sort_lib->v[*(const size_t *)a], *y = &sort_lib->v[*(const size_t *)b];
	return key_cmp(x, y->name, y->unit);
}

int jx_lib_index(jx_lib *lib)
{
	index_free(lib);
	lib->order = malloc((lib->n ? lib->n : 1) * sizeof *lib->order);
	lib->hay = calloc(lib->n ? lib->n : 1, sizeof *lib->hay);
	lib->haylen = calloc(lib->n ? lib->n : 1, sizeof *lib->haylen);
	lib->byname = malloc((lib->n ? lib->n : 1) * sizeof *lib->byname);
	if (!lib->order || !lib->hay || !lib->haylen || !lib->byname) {
		index_free(lib);
		return -1;
	}
	lib->nkeyed = lib->n; /* the size of every array of the index */
	for (size_t i = 0; i < lib->n; i++) {
		lib->order[i] = lib->byname[i] = i;
		if (!(lib->hay[i] = hay_of(&lib->v[i], &lib->haylen[i]))) {
			index_free(lib);
			return -1;
		}
	}
	sort_lib = lib;
	qsort(lib->order, lib->n, sizeof *lib->order, by_uses_name);
	qsort(lib->byname, lib->n, sizeof *lib->byname, by_key);
	sort_lib = NULL;
	return 0;
}

#define LIB_MAX_WORDS 8

/* The query's words, folded, into buf: their starts and lengths. */
static size_t split_words(const char *q, char *buf, size_t cap, const char **w, size_t *wl)
{
	size_t n = 0, o = 0;
	while (*q && n < LIB_MAX_WORDS) {
		if (*q == ' ' || *q == '\t') {
			q++;
			continue;
		}
		if ((unsigned char)q[0] == 0xE3 && (unsigned char)q[1] == 0x80 && (unsigned char)q[2] == 0x80) {
			q += 3;
			continue;
		}
		size_t start = o;
		while (*q && *q != ' ' && *q != '\t' &&
		       !((unsigned char)q[0] == 0xE3 && (unsigned char)q[1] == 0x80 && (unsigned char)q[2] == 0x80) &&
		       o + 1 < cap)
			buf[o++] = *q++;
		if (o + 1 >= cap)
			break;
		fold(buf + start, o - start);
		w[n] = buf + start;
		wl[n++] = o - start;
		buf[o++] = 0;
	}
	return n;
}

static int matches(const jx_lib *lib, size_t i, const char **w, const size_t *wl, size_t nw)
{
	for (size_t k = 0; k < nw; k++)
		if (!memmem(lib->hay[i], lib->haylen[i], w[k], wl[k]))
			return 0;
	return 1;
}

size_t jx_lib_search(const jx_lib *lib, const char *query, size_t *out, size_t max)
{
	char buf[512];
	const char *w[LIB_MAX_WORDS];
	size_t wl[LIB_MAX_WORDS];
	size_t nw = split_words(query ? query : "", buf, sizeof buf, w, wl), total = 0;
	if (!lib->order)
		return 0;
	/* two passes in the index's order: names beginning with the first word,
	 * then the others that match */
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < lib->nkeyed; k++) {
			size_t i = lib->order[k];
			int prefix = nw > 0 && lib->haylen[i] >= wl[0] && memcmp(lib->hay[i], w[0], wl[0]) == 0;
			if (nw > 0 && prefix != (pass == 0))
				continue;
			if (nw == 0 && pass == 1)
				break;
			if (!matches(lib, i, w, wl, nw))
				continue;
			if (total < max)
				out[total] = i;
			total++;
		}
	return total;
}

void jx_lib_free(jx_lib *lib)
{
	index_free(lib);
	for (size_t i = 0; i < lib->n; i++)
		jx_lib_entry_clear(&lib->v[i]);
	free(lib->v);
	memset(lib, 0, sizeof *lib);
}
