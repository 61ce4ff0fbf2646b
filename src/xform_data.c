/* The hidden worksheet of exact values (xform_data.h): written beside the
 * forms of an xlsx export (read back by xform_data_read.c). */
#include "xform_data_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dec.h"
#include "field.h"
#include "strutil.h"
#include "xform_build.h"

const char *const jx_xdata_stated_cols[] = {"path", "value", "text", "source", NULL};

const jx_xdata_list jx_xdata_lists[JX_XDATA_NLISTS] = {
	{"fund", JX_FP_FUND}, {"funds:total", JX_FP_FUND_TOTAL}, {"sub", JX_FP_SUB},   {"goal", JX_FP_GOAL},
	{"ind", JX_FP_IND},   {"entry", JX_FP_ENTRY},            {P_STATED, JX_FP_REVIEW /* unused */},
};

const char *jx_xdata_list_word(int l, int i)
{
	return strcmp(jx_xdata_lists[l].prefix, P_STATED) == 0 ? (i < 4 ? jx_xdata_stated_cols[i] : NULL)
							      : jx_field_column_word(jx_xdata_lists[l].fam, i);
}

int jx_xdata_list_of(const char *prefix)
{
	for (int l = 0; l < JX_XDATA_NLISTS; l++)
		if (strcmp(jx_xdata_lists[l].prefix, prefix) == 0)
			return l;
	return -1;
}

void jx_fx_tag_add(jx_xbuilder *b, int r, int c, const char *fam, const char *name, const char *col)
{
	jx_xform *f = b->f;
	struct jx_xtag *t;
	if (f->n_tags == f->tags_cap) {
		int cap = f->tags_cap ? 2 * f->tags_cap : 64;
		struct jx_xtag *v = realloc(f->tags, (size_t)cap * sizeof *v);
		if (!v)
			return;
		f->tags = v;
		f->tags_cap = cap;
	}
	t = &f->tags[f->n_tags];
	/* joined by hand: a form of 300 indicators has some 1,500 tags, and
	 * snprintf made them a fifth of a CSV or HTML export's time */
	name = jx_nz(name);
	{
		size_t lf = strlen(fam), ln = strlen(name), lc = col ? strlen(col) : 0;
		size_t len = lf + 1 + ln + (col ? 1 + lc : 0);
		char *p = t->path;
		if (len >= sizeof t->path)
			return; /* a path that does not fit is no tag */
		memcpy(p, fam, lf);
		p[lf] = ':';
		memcpy(p + lf + 1, name, ln);
		p += lf + 1 + ln;
		if (col) {
			*p++ = ':';
			memcpy(p, col, lc);
			p += lc;
		}
		*p = '\0';
	}
	t->row = r;
	t->col = c;
	f->n_tags++;
}

void jx_fx_info_line(jx_xbuilder *b, const char *label, const jx_sheet *s, int info)
{
	const char *value = jx_xinfo(s, info);
	int first = b->f->nrows;
	jx_fx_line(b, label, value);
	/* taken back only when one row shows the whole value */
	if (b->f->nrows == first + 1 && strcmp(jx_nz(jx_xform_cell(b->f, first, 1)->text), value) == 0)
		jx_fx_tag(b, first, 1, "info", jx_info_labels[info].key, NULL);
}

/* ---- writing ---------------------------------------------------------------------------- */

typedef struct {
	const jx_xsheet *x;
	const jx_xform *f;
	jx_xdata_put put;
	void *ctx;
	char *buf;            /* a field's value */
	char *line;           /* the row's texts joined */
	size_t line_cap;
	char path[1024];
	int rc;
} writer;

/* A row's texts in one cell, joined by tabs, each tab, line break and
 * backslash of a text escaped (\t, \n, \r, \\): one cell a row costs
 * far less to write and to read than one cell a field.  A text longer
 * than a cell holds goes on in the next cells of the row (split between
 * two characters). */
static void put(writer *w, const char *const *cols, int n)
{
	const char *cells[64];
	size_t len = 0, need = 64 + 1, at = 0; /* 64: a NUL after each cell */
	int nc = 0;
	if (w->rc)
		return;
	for (int i = 0; i < n; i++)
		need += 2 * strlen(cols[i]) + 1;
	if (need > w->line_cap) {
		char *l = realloc(w->line, need);
		if (!l) {
			w->rc = -1;
			return;
		}
		w->line = l;
		w->line_cap = need;
	}
	for (int i = 0; i < n; i++) {
		if (i)
			w->line[len++] = '\t';
		for (const char *p = cols[i]; *p;) {
			size_t run = strcspn(p, "\t\n\r\\"); /* copied as they are */
			memcpy(w->line + len, p, run);
			len += run;
			p += run;
			if (*p) {
				w->line[len++] = '\\';
				w->line[len++] = *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\';
				p++;
			}
		}
	}
	w->line[len] = 0;
	while (at < len && nc < 64) { /* cut into cells: 32,767 characters at most, 32,000 bytes here */
		size_t end = at + JX_XDATA_CELL < len ? at + JX_XDATA_CELL : len;
		while (end < len && ((unsigned char)w->line[end] & 0xC0) == 0x80)
			end--;
		cells[nc++] = w->line + at;
		if (end < len) {
			memmove(w->line + end + 1, w->line + end, len - end + 1);
			w->line[end] = 0;
			len++;
			end++;
		}
		at = end;
	}
	if (at < len || w->put(w->ctx, cells, nc) < 0)
		w->rc = -1;
}

/* One row of list l: base, then each column's value, the row found in s
 * by name (a view of the sheet holding just this row, so that finding it
 * is immediate) or by index. */
static void list_row(writer *w, int l, const jx_sheet *s, const char *base, const char *name, int idx,
		     const jx_stated *st)
{
	/* each list's column words, looked up once rather than for every
	 * field of every row (a form of 300 indicators has 7,800 fields) */
	static const char *words[JX_XDATA_NLISTS][JX_XDATA_MAX_COLS + 1];
	static int have_words[JX_XDATA_NLISTS];
	const char *cols[JX_XDATA_MAX_COLS + 1], *word;
	char nums[JX_XDATA_MAX_COLS + 1][32];
	jx_field_path fp = {.fam = jx_xdata_lists[l].fam, .idx = idx, .name = name, .name_len = name ? strlen(name) : 0};
	int n = 1;
	if (!have_words[l]) {
		for (int i = 0; i < JX_XDATA_MAX_COLS; i++)
			if (!(words[l][i] = jx_xdata_list_word(l, i)))
				break;
		have_words[l] = 1;
	}
	cols[0] = base;
	for (int i = 0; (word = words[l][i]) && n <= JX_XDATA_MAX_COLS; i++, n++) {
		if (st) {
			cols[n] = i == 0 ? st->path : i == 1 ? (st->value == JX_NONE ? "" : jx_fmt_trim(nums[n], st->value))
				: i == 2 ? jx_nz(st->text) : jx_nz(st->source);
			continue;
		}
		fp.col = i;
		fp.column = word;
		if (jx_field_value(s, &fp, &cols[n], nums[n]) < 0)
			cols[n] = "";
	}
	while (n > 2 && !*cols[n - 1]) /* empty cells at the end are not written */
		n--;
	put(w, cols, n);
}

static void cols_rows(writer *w)
{
	for (int l = 0; l < JX_XDATA_NLISTS; l++) {
		const char *cols[JX_XDATA_MAX_COLS + 2], *word;
		int n = 2;
		cols[0] = R_COLS;
		cols[1] = jx_xdata_lists[l].prefix;
		for (int i = 0; (word = jx_xdata_list_word(l, i)) && n < JX_XDATA_MAX_COLS + 2; i++)
			cols[n++] = word;
		put(w, cols, n);
	}
}


static void list_rows(writer *w, const jx_sheet *s)
{
	char base[600];
	jx_sheet v = *s;
	for (size_t i = 0; i < s->n_funds; i++) {
		snprintf(base, sizeof base, "fund:%s", jx_nz(s->funds[i].source));
		v.funds = &s->funds[i];
		v.n_funds = 1;
		list_row(w, jx_xdata_list_of("fund"), &v, base, jx_nz(s->funds[i].source), 0, NULL);
	}
	v = *s;
	if (!jx_fund_stated_empty(&s->funds_total))
		list_row(w, jx_xdata_list_of("funds:total"), s, "funds:total", NULL, 0, NULL);
	for (size_t i = 0; i < s->n_subs; i++) {
		snprintf(base, sizeof base, "sub:%zu", i);
		list_row(w, jx_xdata_list_of("sub"), s, base, NULL, (int)i, NULL);
	}
	for (size_t i = 0; i < s->n_goals; i++) {
		snprintf(base, sizeof base, "goal:%zu", i);
		list_row(w, jx_xdata_list_of("goal"), s, base, NULL, (int)i, NULL);
	}
	for (size_t i = 0; i < s->n_inds; i++) {
		snprintf(base, sizeof base, "ind:%s", jx_nz(s->inds[i].key));
		v.inds = &s->inds[i];
		v.n_inds = 1;
		list_row(w, jx_xdata_list_of("ind"), &v, base, jx_nz(s->inds[i].key), 0, NULL);
	}
	for (size_t i = 0; i < s->n_entries; i++) {
		snprintf(base, sizeof base, "entry:%s", jx_nz(s->entries[i].node));
		list_row(w, jx_xdata_list_of("entry"), s, base, jx_nz(s->entries[i].node), 0, NULL);
	}
	for (size_t i = 0; i < s->n_stated; i++) {
		snprintf(base, sizeof base, P_STATED ":%zu", i);
		list_row(w, jx_xdata_list_of(P_STATED), s, base, NULL, 0, &s->stated[i]);
	}
}

/* A field of one row "path | value", when it has a value. */
static void field_row(writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void field_row(writer *w, const char *fmt, ...)
{
	va_list ap;
	jx_err err = {{0}};
	const char *cols[2] = {w->path, w->buf};
	int n;
	va_start(ap, fmt);
	n = vsnprintf(w->path, sizeof w->path, fmt, ap);
	va_end(ap);
	/* a path longer than the buffer is a name no form prints whole */
	if (n < 0 || (size_t)n >= sizeof w->path || jx_field_get(w->x->sheet, w->path, w->buf, JX_FIELD_MAX + 1, &err))
		return;
	if (w->buf[0])
		put(w, cols, 2);
}

size_t jx_xdata_rows_max(const jx_sheet *s)
{
	/* the #sheet, #cols, stage and single fields' rows; a row per list
	 * row */
	return 1 + JX_XDATA_NLISTS + 3 + JX_INFO_COUNT + JX_NARR_COUNT + s->n_basis + s->n_funds + 1 + s->n_subs +
	       s->n_goals + s->n_inds + s->n_entries + s->n_stated + s->n_marks + s->n_measures;
}

int jx_xdata_head(jx_xdata_put put_fn, void *ctx)
{
	const char *cells[1] = {R_HEAD "\t" LAYOUT};
	return put_fn(ctx, cells, 1);
}

int jx_xdata_rows(const jx_xsheet *x, const jx_xform *f, jx_xdata_put put_fn, void *ctx)
{
	const jx_sheet *s = x->sheet;
	writer w = {.x = x, .f = f, .put = put_fn, .ctx = ctx};
	const char *head[3] = {R_SHEET, f->sheet_name, jx_nz(s->template_id)};
	char num[16];
	w.buf = malloc(JX_FIELD_MAX + 1);
	if (!w.buf)
		return -1;
	put(&w, head, 3);
	cols_rows(&w);
	if (jx_has_text(s->stage)) {
		const char *cols[2] = {P_STAGE, s->stage};
		put(&w, cols, 2);
	}
	if (s->stage_month > 0) {
		const char *cols[2] = {P_STAGE_MONTH, num};
		snprintf(num, sizeof num, "%d", s->stage_month);
		put(&w, cols, 2);
	}
	field_row(&w, "year");
	for (int i = 0; i < JX_INFO_COUNT; i++)
		field_row(&w, "info:%s", jx_info_labels[i].key);
	for (int i = 0; i < JX_NARR_COUNT; i++)
		field_row(&w, "narr:%s", jx_narr_labels[i].key);
	for (size_t i = 0; i < s->n_basis; i++)
		field_row(&w, "basis:%zu", i);
	list_rows(&w, s);
	for (size_t i = 0; i < s->n_marks; i++)
		field_row(&w, "mark:%s:%d", jx_nz(s->marks[i].node), s->marks[i].item);
	for (size_t i = 0; i < s->n_measures; i++)
		field_row(&w, "measure:%s", jx_nz(s->measures[i].name));
	free(w.buf);
	free(w.line);
	return w.rc;
}

