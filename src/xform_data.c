/* The hidden worksheet of exact values (xform_data.h): written beside the
 * forms of an xlsx export, read back by import. */
#include "xform_data.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dec.h"
#include "field.h"
#include "num.h"
#include "stage.h"
#include "sheetio.h"
#include "strutil.h"
#include "xform_build.h"

/* The first cell of a row says what the row is. */
#define R_HEAD JX_XDATA_SHEET /* the first row: "jixiao-data | 1" (the layout's version) */
#define R_SHEET "#sheet"      /* "#sheet | worksheet of the form | template" begins a sheet */
#define R_COLS "#cols"        /* "#cols | ind | name | slot …": the columns of a list's rows */
#define R_TAG '@'             /* "@ind:i3:actual | F20 | printed text": the cell showing a field */
#define LAYOUT "1"

/* Paths that are not field paths: which stage the sheet is (the form's
 * title says so), and the figures its source document states (the
 * reviewer's sheet prints them), each by its index since a document may
 * state one figure in several places. */
#define P_STAGE "stage"
#define P_STAGE_MONTH "stage_month"
#define P_STATED "stated"
static const char *const stated_cols[] = {"path", "value", "text", "source", NULL};

/* The lists written one row per list row, declared once for both ways. */
static const struct {
	const char *prefix;
	jx_field_family fam;
} lists[] = {
	{"fund", JX_FP_FUND}, {"funds:total", JX_FP_FUND_TOTAL}, {"sub", JX_FP_SUB},   {"goal", JX_FP_GOAL},
	{"ind", JX_FP_IND},   {"entry", JX_FP_ENTRY},            {P_STATED, JX_FP_REVIEW /* unused */},
};
enum { N_LISTS = (int)(sizeof lists / sizeof lists[0]), MAX_COLS = 40 };

static const char *list_word(int l, int i)
{
	return strcmp(lists[l].prefix, P_STATED) == 0 ? (i < 4 ? stated_cols[i] : NULL)
						     : jx_field_column_word(lists[l].fam, i);
}

void jx_fx_tag(jx_xbuilder *b, int r, int c, const char *fam, const char *name, const char *col)
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
	if (snprintf(t->path, sizeof t->path, "%s:%s:%s", fam, jx_nz(name), col) >= (int)sizeof t->path)
		return;
	t->row = r;
	t->col = c;
	f->n_tags++;
}

/* ---- writing ---------------------------------------------------------------------------- */

typedef struct {
	const jx_xsheet *x;
	const jx_xform *f;
	jx_xdata_put put;
	void *ctx;
	struct jx_xtag *tags; /* the form's, sorted by path */
	char *buf;            /* a field's value */
	char *line;           /* the row's texts joined */
	size_t line_cap;
	char path[1024];
	int rc;
} writer;

static int tag_cmp(const void *a, const void *b)
{
	return strcmp(((const struct jx_xtag *)a)->path, ((const struct jx_xtag *)b)->path);
}

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
		for (const char *p = cols[i]; *p; p++) {
			const char *e = *p == '\t' ? "t" : *p == '\n' ? "n" : *p == '\r' ? "r" : *p == '\\' ? "\\" : NULL;
			if (e) {
				w->line[len++] = '\\';
				w->line[len++] = *e;
			} else {
				w->line[len++] = *p;
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

/* The tag rows of the fields under base ("ind:i3"): the cell and the text
 * the reader gets back from it (a text cell's text, a number as its
 * shortest decimal). */
static void tag_rows(writer *w, const char *base)
{
	size_t n = strlen(base), lo = 0, hi = (size_t)w->f->n_tags;
	while (lo < hi) { /* the first tag not before base */
		size_t mid = (lo + hi) / 2;
		if (strcmp(w->tags[mid].path, base) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < (size_t)w->f->n_tags && strncmp(w->tags[lo].path, base, n) == 0; lo++) {
		const struct jx_xtag *t = &w->tags[lo];
		const jx_xcell *cell = jx_xform_cell(w->f, t->row, t->col);
		char ref[16], num[48], at[sizeof t->path + 1];
		const char *cols[3] = {at, ref, ""};
		if (t->path[n] != ':')
			continue;
		snprintf(at, sizeof at, "%c%s", R_TAG, t->path);
		jx_table_cellname((size_t)t->row, (size_t)t->col, ref, sizeof ref);
		if (cell->num == JX_XN_TEXT)
			cols[2] = jx_nz(cell->text);
		else if (cell->has_value)
			cols[2] = jx_fmt_trim(num, cell->value);
		put(w, cols, 3);
	}
}

/* One row of list l: base, then each column's value, the row found in s
 * by name (a view of the sheet holding just this row, so that finding it
 * is immediate) or by index. */
static void list_row(writer *w, int l, const jx_sheet *s, const char *base, const char *name, int idx,
		     const jx_stated *st)
{
	const char *cols[MAX_COLS + 1], *word;
	char nums[MAX_COLS + 1][32];
	jx_field_path fp = {.fam = lists[l].fam, .idx = idx, .name = name, .name_len = name ? strlen(name) : 0};
	int n = 1;
	cols[0] = base;
	for (int i = 0; (word = list_word(l, i)) && n <= MAX_COLS; i++, n++) {
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
	tag_rows(w, base);
}

static void cols_rows(writer *w)
{
	for (int l = 0; l < N_LISTS; l++) {
		const char *cols[MAX_COLS + 2], *word;
		int n = 2;
		cols[0] = R_COLS;
		cols[1] = lists[l].prefix;
		for (int i = 0; (word = list_word(l, i)) && n < MAX_COLS + 2; i++)
			cols[n++] = word;
		put(w, cols, n);
	}
}

static int list_of(const char *prefix)
{
	for (int l = 0; l < N_LISTS; l++)
		if (strcmp(lists[l].prefix, prefix) == 0)
			return l;
	return -1;
}

static void list_rows(writer *w, const jx_sheet *s)
{
	char base[600];
	jx_sheet v = *s;
	for (size_t i = 0; i < s->n_funds; i++) {
		snprintf(base, sizeof base, "fund:%s", jx_nz(s->funds[i].source));
		v.funds = &s->funds[i];
		v.n_funds = 1;
		list_row(w, list_of("fund"), &v, base, jx_nz(s->funds[i].source), 0, NULL);
	}
	v = *s;
	if (!jx_fund_stated_empty(&s->funds_total))
		list_row(w, list_of("funds:total"), s, "funds:total", NULL, 0, NULL);
	for (size_t i = 0; i < s->n_subs; i++) {
		snprintf(base, sizeof base, "sub:%zu", i);
		list_row(w, list_of("sub"), s, base, NULL, (int)i, NULL);
	}
	for (size_t i = 0; i < s->n_goals; i++) {
		snprintf(base, sizeof base, "goal:%zu", i);
		list_row(w, list_of("goal"), s, base, NULL, (int)i, NULL);
	}
	for (size_t i = 0; i < s->n_inds; i++) {
		snprintf(base, sizeof base, "ind:%s", jx_nz(s->inds[i].key));
		v.inds = &s->inds[i];
		v.n_inds = 1;
		list_row(w, list_of("ind"), &v, base, jx_nz(s->inds[i].key), 0, NULL);
	}
	for (size_t i = 0; i < s->n_entries; i++) {
		snprintf(base, sizeof base, "entry:%s", jx_nz(s->entries[i].node));
		list_row(w, list_of("entry"), s, base, jx_nz(s->entries[i].node), 0, NULL);
	}
	for (size_t i = 0; i < s->n_stated; i++) {
		snprintf(base, sizeof base, P_STATED ":%zu", i);
		list_row(w, list_of(P_STATED), s, base, NULL, 0, &s->stated[i]);
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
	w.tags = malloc((size_t)(f->n_tags ? f->n_tags : 1) * sizeof *w.tags);
	if (!w.buf || !w.tags) {
		free(w.buf);
		free(w.tags);
		return -1;
	}
	memcpy(w.tags, f->tags, (size_t)f->n_tags * sizeof *w.tags);
	qsort(w.tags, (size_t)f->n_tags, sizeof *w.tags, tag_cmp);
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
	free(w.tags);
	free(w.line);
	return w.rc;
}

/* ---- reading ---------------------------------------------------------------------------- */

int jx_xdata_present(const jx_book *book)
{
	for (size_t i = 0; book->kind == JX_BOOK_XLSX && i < book->n; i++)
		if (jx_streq(book->t[i].name, JX_XDATA_SHEET))
			return 1;
	return 0;
}

/* The hidden worksheets: "jixiao-data", then "jixiao-data 2" … */
static int is_data(const jx_table *t)
{
	size_t n = strlen(JX_XDATA_SHEET);
	return t->name && strncmp(t->name, JX_XDATA_SHEET, n) == 0 &&
	       (t->name[n] == 0 || (t->name[n] == ' ' && t->name[n + 1] >= '2' && t->name[n + 1] <= '9'));
}

typedef struct {
	const jx_book *book;
	const jx_table *t; /* the hidden worksheet being read */
	const char *file;
	const jx_templates *set;
	jx_xdata_note note;
	void *note_ctx;
	jx_err *err;
	const char *cols[N_LISTS][MAX_COLS]; /* each list's column words (its #cols row) */
	int ncols[N_LISTS];
	char *colmem[N_LISTS];               /* where they are kept */
	char *line;                          /* the row being read, split at its tabs */
	size_t line_cap;
	const char *f[MAX_COLS + 3];         /* its texts */
	int nf;
	struct { /* the sheet's tag rows, read once its values are all set */
		const jx_table *t;
		size_t r;
	} *tags;
	size_t ntags, tags_cap;
	/* the sheet being made */
	jx_sheet *s;
	const jx_template *tpl;
	const jx_table *form; /* its visible worksheet */
	const char *path;     /* the field path being set */
	char pathbuf[1024];
} reader;

/* Text c of the row being read ("" past its last). */
static const char *col_at(const reader *rd, size_t r, int c)
{
	(void)r;
	return c >= 0 && c < rd->nf ? rd->f[c] : "";
}

/* "file!jixiao-data!A12: why" (text c of the row: its number, 1-based). */
static int fail_at(reader *rd, size_t r, int c, const char *why)
{
	char ref[16], msg[sizeof rd->err->msg];
	snprintf(msg, sizeof msg, "%s", why);
	jx_table_cellname(r, 0, ref, sizeof ref);
	if (c > 0)
		jx_err_set(rd->err, "%s!%s!%s: 第 %d 项：%s", "%s!%s!%s: item %d: %s", rd->file, rd->t->name, ref, c + 1, msg);
	else
		jx_err_set(rd->err, "%s!%s!%s: %s", "%s!%s!%s: %s", rd->file, rd->t->name, ref, msg);
	return -1;
}

/* Row r's cells joined (a long row goes on past column A), split at its
 * tabs and unescaped (see put). */
static int split_row(reader *rd, size_t r)
{
	size_t len = 0, c;
	const char *cell;
	char *p, *o;
	rd->nf = 0;
	for (c = 0; c < rd->t->ncols && (cell = jx_table_at(rd->t, r, c)); c++) {
		size_t n = strlen(cell);
		if (len + n + 1 > rd->line_cap) {
			char *l = realloc(rd->line, 2 * (len + n + 1));
			if (!l)
				return fail_at(rd, r, 0, L("内存不足", "out of memory"));
			rd->line = l;
			rd->line_cap = 2 * (len + n + 1);
		}
		memcpy(rd->line + len, cell, n);
		len += n;
	}
	if (!len)
		return 0;
	rd->line[len] = 0;
	rd->f[rd->nf++] = o = rd->line;
	for (p = rd->line; *p; p++) {
		if (*p == '\t') {
			*o++ = 0;
			if (rd->nf == MAX_COLS + 3)
				return fail_at(rd, r, 0, L("一行的项太多", "too many items in a row"));
			rd->f[rd->nf++] = o;
		} else if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	return 0;
}

/* "B12" into row and column (0-based); -1 when it is not a cell name. */
static int parse_cellname(const char *s, size_t *r, size_t *c)
{
	size_t col = 0, row = 0, nl = 0, nd = 0;
	for (; *s >= 'A' && *s <= 'Z' && nl < 3; s++, nl++)
		col = col * 26 + (size_t)(*s - 'A' + 1);
	if (*s == '0')
		return -1;
	for (; *s >= '0' && *s <= '9' && nd < 7; s++, nd++)
		row = row * 10 + (size_t)(*s - '0');
	if (*s || !nl || !nd)
		return -1;
	*r = row - 1;
	*c = col - 1;
	return 0;
}

/* The row a field path names, made when it is the next one (an indicator
 * or fund by its name; a list row by its index, which must follow the
 * last). */
static int make_row(reader *rd, size_t r, int c, const jx_field_path *fp)
{
	jx_sheet *s = rd->s;
	char name[512];
	size_t have;
	if (fp->fam == JX_FP_IND || fp->fam == JX_FP_FUND) {
		if (!fp->name_len || fp->name_len >= sizeof name)
			return fail_at(rd, r, c, L("名称为空或过长", "empty or too long a name"));
		memcpy(name, fp->name, fp->name_len);
		name[fp->name_len] = 0;
		if (fp->fam == JX_FP_IND ? jx_sheet_ind(s, name) != NULL : jx_sheet_fund(s, name) != NULL)
			return 0;
		if (fp->fam == JX_FP_IND ? !jx_sheet_add_ind(s, name) : !jx_sheet_add_fund(s, name))
			return fail_at(rd, r, c, L("内存不足", "out of memory"));
		return 0;
	}
	have = fp->fam == JX_FP_BASIS ? s->n_basis : fp->fam == JX_FP_SUB ? s->n_subs : fp->fam == JX_FP_GOAL ? s->n_goals : (size_t)-1;
	if (have == (size_t)-1 || (size_t)fp->idx < have)
		return 0;
	if ((size_t)fp->idx > have)
		return fail_at(rd, r, c, L("行号不连续", "the row numbers skip one"));
	if (fp->fam == JX_FP_BASIS ? jx_sheet_add_basis(s, "") != 0
	    : fp->fam == JX_FP_SUB ? !jx_sheet_add_sub(s)
				   : !jx_sheet_add_goal(s))
		return fail_at(rd, r, c, L("内存不足", "out of memory"));
	return 0;
}

/* A date as the document wrote it ("2023年4月7日"), kept as written once
 * the field has read it as a date. */
static int keep_written(reader *rd, const jx_field_path *fp, const char *value, jx_err *err)
{
	char *clean = NULL;
	if (fp->fam != JX_FP_INFO || jx_field_type_of(rd->path) != JX_FT_DATE || !*value)
		return 0;
	if (jx_field_clean_line(value, &clean, err))
		return -1;
	free(rd->s->info[fp->idx]);
	rd->s->info[fp->idx] = clean;
	return 0;
}

/* Field rd->path of the hidden data (cell r, c) set to value, as any
 * import sets it; a field no form shows is refused. */
static int set_field(reader *rd, size_t r, int c, const char *value, jx_field_path *fp)
{
	jx_err e = {{0}};
	if (jx_field_path_parse(rd->path, fp) || fp->fam == JX_FP_STATUS || fp->fam == JX_FP_REVIEW)
		return fail_at(rd, r, c ? c - 1 : 0,
			       L("该字段不在表上，隐藏数据不能设置它", "no form shows this field: hidden data cannot set it"));
	if (make_row(rd, r, c, fp))
		return -1;
	if (jx_field_set(rd->s, rd->tpl, rd->path, value, &e) || keep_written(rd, fp, value, &e))
		return fail_at(rd, r, c, e.msg);
	return 0;
}

/* A figure the source document states: column k (stated_cols) of row i. */
static int set_stated(reader *rd, size_t r, int c, size_t i, int k, const char *value)
{
	jx_stated *st;
	jx_dec v = JX_NONE;
	char *clean = NULL;
	if (i > rd->s->n_stated || (i == rd->s->n_stated) != (k == 0) || (k == 0 && (!*value || strlen(value) > 200)))
		return fail_at(rd, r, c, L("不是表上的数", "not a figure of the form"));
	if (k == 0)
		return jx_sheet_add_stated(rd->s, value) ? 0 : fail_at(rd, r, c, L("内存不足", "out of memory"));
	st = &rd->s->stated[i];
	if (k == 1) {
		if (*value && jx_parse_dec(value, 0, &v, rd->err))
			return fail_at(rd, r, c, rd->err->msg);
		st->value = v;
		return 0;
	}
	if (jx_field_clean_line(value, &clean, rd->err))
		return fail_at(rd, r, c, rd->err->msg);
	free(k == 2 ? st->text : st->source);
	*(k == 2 ? &st->text : &st->source) = clean;
	return 0;
}

/* A row of list l: base in column A, the values of its #cols words after it. */
static int read_list(reader *rd, size_t r, int l, const char *base)
{
	jx_field_path fp;
	size_t stated_i = 0;
	if (strcmp(lists[l].prefix, P_STATED) == 0) {
		const char *p = base + strlen(P_STATED) + 1;
		if (!*p || strlen(p) > 6 || strspn(p, "0123456789") != strlen(p) || (p[0] == '0' && p[1]))
			return fail_at(rd, r, 0, L("不是表上的数", "not a figure of the form"));
		stated_i = (size_t)atol(p);
	}
	for (int k = 0; k < rd->ncols[l]; k++) {
		const char *value = col_at(rd, r, k + 1);
		if (strcmp(lists[l].prefix, P_STATED) == 0) {
			int w;
			for (w = 0; stated_cols[w] && strcmp(stated_cols[w], rd->cols[l][k]) != 0; w++)
				;
			if (!stated_cols[w])
				return fail_at(rd, 0, k + 2, L("不是表上的数", "not a figure of the form"));
			if ((w == 0 || *value) && set_stated(rd, r, k + 1, stated_i, w, value))
				return -1;
			continue;
		}
		if (!*value && k > 0)
			continue;
		if (snprintf(rd->pathbuf, sizeof rd->pathbuf, "%s:%s", base, rd->cols[l][k]) >= (int)sizeof rd->pathbuf)
			return fail_at(rd, r, 0, L("名称过长", "too long a name"));
		rd->path = rd->pathbuf;
		if (set_field(rd, r, k + 1, value, &fp))
			return -1;
	}
	return 0;
}

/* The visible cell someone changed wins: an indicator's actual as the
 * number it now reads (its own unit may follow), any other field as
 * its text. */
static int set_visible(reader *rd, const jx_field_path *fp, const char *text, jx_err *err)
{
	jx_indicator *d;
	char num[256], key[128];
	size_t n = strlen(text), u;
	if (fp->fam != JX_FP_IND || strcmp(fp->column, "actual") != 0)
		return jx_field_set(rd->s, rd->tpl, rd->path, text, err);
	snprintf(key, sizeof key, "%.*s", (int)fp->name_len, fp->name);
	if (!(d = jx_sheet_ind(rd->s, key)))
		return jx_field_set(rd->s, rd->tpl, rd->path, text, err); /* says there is no such indicator */
	u = d->unit ? strlen(d->unit) : 0;
	if (u && n > u && strcmp(text + n - u, d->unit) == 0)
		n -= u;
	snprintf(num, sizeof num, "%.*s", (int)n, text);
	if (jx_field_set(rd->s, rd->tpl, rd->path, num, err))
		return -1;
	free(d->actual_text); /* the sentence printed there is gone */
	d->actual_text = NULL;
	return 0;
}

/* "@path | cell | printed": when the visible cell no longer reads what was
 * printed, its text is the field's value. */
static int tag_row(reader *rd, size_t r)
{
	const char *cell = col_at(rd, r, 1), *printed = col_at(rd, r, 2), *now;
	char ref[16], msg[1024];
	jx_field_path fp;
	jx_err e = {{0}};
	size_t vr, vc;
	rd->path = col_at(rd, r, 0) + 1;
	if (jx_field_path_parse(rd->path, &fp) || fp.fam == JX_FP_STATUS || fp.fam == JX_FP_REVIEW)
		return fail_at(rd, r, 0, L("该字段不在表上，隐藏数据不能设置它", "no form shows this field: hidden data cannot set it"));
	if (parse_cellname(cell, &vr, &vc))
		return fail_at(rd, r, 1, L("不是单元格名", "not a cell name"));
	now = jx_nz(jx_table_at(rd->form, vr, vc));
	if (strcmp(now, printed) == 0)
		return 0;
	jx_table_cellname(vr, vc, ref, sizeof ref);
	if (make_row(rd, r, 0, &fp) || set_visible(rd, &fp, now, &e)) {
		if (e.msg[0])
			jx_err_set(rd->err, "%s!%s!%s: %s", "%s!%s!%s: %s", rd->file, rd->form->name, ref, e.msg);
		return -1;
	}
	snprintf(msg, sizeof msg,
		 L("%s!%s!%s: 表中已改为“%.200s”（导出时为“%.200s”），按表中的值导入",
		   "%s!%s!%s: changed in the sheet to \"%.200s\" (exported as \"%.200s\"); imported as the sheet shows it"),
		 rd->file, rd->form->name, ref, now, printed);
	if (rd->note)
		rd->note(rd->note_ctx, msg);
	return 0;
}

static int set_stage(reader *rd, size_t r, const char *path, const char *value)
{
	if (strcmp(path, P_STAGE) == 0) {
		jx_stage g;
		if (jx_stage_parse(value, &g) || strcmp(jx_stage_key(g), value) != 0)
			return fail_at(rd, r, 1, L("不是评价表的阶段", "not a stage of a sheet"));
		return jx_set_str(&rd->s->stage, value) ? fail_at(rd, r, 1, L("内存不足", "out of memory")) : 0;
	}
	rd->s->stage_month = atoi(value);
	if (rd->s->stage_month < 1 || rd->s->stage_month > 12 || strspn(value, "0123456789") != strlen(value))
		return fail_at(rd, r, 1, L("监控月份须为 1 至 12", "the monitoring month must be 1 to 12"));
	return 0;
}

/* "#sheet | worksheet | template": a new sheet, its visible form found. */
static int begin_sheet(reader *rd, size_t r)
{
	const char *ws = col_at(rd, r, 1), *id = col_at(rd, r, 2);
	char why[600];
	rd->form = NULL;
	for (size_t i = 0; i < rd->book->n; i++)
		if (jx_streq(rd->book->t[i].name, ws) && !is_data(&rd->book->t[i]))
			rd->form = &rd->book->t[i];
	if (!rd->form) {
		snprintf(why, sizeof why,
			 L("隐藏数据所属的工作表“%.200s”不在文件中：没有可见的表，隐藏数据不单独导入",
			   "the worksheet \"%.200s\" the hidden data belongs to is not in the file: without its visible form the hidden data is not imported"),
			 ws);
		return fail_at(rd, r, 1, why);
	}
	if (!(rd->tpl = jx_templates_find(rd->set, id))) {
		snprintf(why, sizeof why, L("没有模板“%.200s”", "no template \"%.200s\""), id);
		return fail_at(rd, r, 2, why);
	}
	if (!(rd->s = jx_sheet_new()) || jx_set_str(&rd->s->template_id, id))
		return fail_at(rd, r, 2, L("内存不足", "out of memory"));
	return 0;
}

/* "#cols | list | word …" */
static int cols_row(reader *rd, size_t r)
{
	int l = list_of(col_at(rd, r, 1)), k;
	size_t len = 0;
	char *m;
	if (l < 0)
		return fail_at(rd, r, 1, L("不是 jixiao 导出的列表", "not a list jixiao exports"));
	for (k = 0; k < MAX_COLS && *col_at(rd, r, k + 2); k++)
		len += strlen(col_at(rd, r, k + 2)) + 1;
	free(rd->colmem[l]);
	if (!(rd->colmem[l] = m = malloc(len + 1)))
		return fail_at(rd, r, 0, L("内存不足", "out of memory"));
	for (k = 0; k < MAX_COLS && *col_at(rd, r, k + 2); k++) {
		rd->cols[l][k] = strcpy(m, col_at(rd, r, k + 2));
		m += strlen(m) + 1;
	}
	rd->ncols[l] = k;
	return 0;
}

static int push_sheet(jx_sheet ***v, size_t *n, jx_sheet *s)
{
	jx_sheet **nv = realloc(*v, (*n + 1) * sizeof *nv);
	if (!nv)
		return -1;
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

static int add_tag(reader *rd, size_t r)
{
	if (rd->ntags == rd->tags_cap) {
		size_t cap = rd->tags_cap ? 2 * rd->tags_cap : 256;
		void *v = realloc(rd->tags, cap * sizeof *rd->tags);
		if (!v)
			return fail_at(rd, r, 0, L("内存不足", "out of memory"));
		rd->tags = v;
		rd->tags_cap = cap;
	}
	rd->tags[rd->ntags].t = rd->t;
	rd->tags[rd->ntags++].r = r;
	return 0;
}

/* The sheet made: the visible cells someone changed win over every value
 * of the hidden data, wherever its rows put them. */
static int finish_sheet(reader *rd, size_t r, jx_sheet ***out, size_t *n)
{
	const jx_table *t = rd->t;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < rd->ntags; i++) {
		rd->t = rd->tags[i].t;
		if ((rc = split_row(rd, rd->tags[i].r)) == 0)
			rc = tag_row(rd, rd->tags[i].r);
	}
	rd->t = t;
	rd->ntags = 0;
	if (rc == 0 && push_sheet(out, n, rd->s) < 0)
		rc = fail_at(rd, r, 0, L("内存不足", "out of memory"));
	if (rc == 0)
		rd->s = NULL;
	return rc;
}

/* One row of the hidden data, as its first cell says. */
static int data_row(reader *rd, size_t r, jx_sheet ***out, size_t *n)
{
	const char *a = col_at(rd, r, 0);
	char prefix[32];
	const char *colon;
	int l;
	jx_field_path fp;
	if (!*a)
		return 0;
	if (strcmp(a, R_SHEET) == 0) {
		/* finishing reads the tag rows: this row is read again after */
		if (rd->s && (finish_sheet(rd, r, out, n) < 0 || split_row(rd, r) < 0))
			return -1;
		return begin_sheet(rd, r);
	}
	if (!rd->s)
		return fail_at(rd, r, 0, L("隐藏数据须以 #sheet 行开始", "the hidden data must begin with a #sheet row"));
	if (strcmp(a, R_COLS) == 0)
		return cols_row(rd, r);
	if (a[0] == R_TAG)
		return add_tag(rd, r);
	if (strcmp(a, P_STAGE) == 0 || strcmp(a, P_STAGE_MONTH) == 0)
		return set_stage(rd, r, a, col_at(rd, r, 1));
	colon = strncmp(a, "funds:total", 11) == 0 ? a + 11 : strchr(a, ':');
	snprintf(prefix, sizeof prefix, "%.*s", colon ? (int)(colon - a) : 0, a);
	if (colon && (l = list_of(prefix)) >= 0 && rd->ncols[l] > 0)
		return read_list(rd, r, l, a);
	rd->path = a;
	return set_field(rd, r, 1, col_at(rd, r, 1), &fp);
}

int jx_xdata_sheets(const jx_book *book, const char *file, const jx_templates *set, jx_sheet ***out, size_t *n,
		    jx_xdata_note note, void *note_ctx, jx_err *err)
{
	reader rd = {.book = book, .file = file, .set = set, .note = note, .note_ctx = note_ctx, .err = err};
	int rc = 0;
	*out = NULL;
	*n = 0;
	for (size_t i = 0; rc == 0 && i < book->n; i++) {
		if (!is_data(&book->t[i]))
			continue;
		rd.t = &book->t[i];
		if (split_row(&rd, 0) < 0)
			break;
		if (strcmp(col_at(&rd, 0, 0), R_HEAD) != 0 || strcmp(col_at(&rd, 0, 1), LAYOUT) != 0) {
			rc = fail_at(&rd, 0, 0, L("不是 jixiao 导出的隐藏数据表", "not the hidden data jixiao exports"));
			break;
		}
		for (size_t r = 1; rc == 0 && r < rd.t->nrows; r++)
			if ((rc = split_row(&rd, r)) == 0)
				rc = data_row(&rd, r, out, n);
	}
	if (rc == 0 && rd.s)
		rc = finish_sheet(&rd, rd.t->nrows, out, n);
	if (rc == 0 && *n == 0)
		rc = fail_at(&rd, 1, 0, L("隐藏数据表是空的", "the hidden data is empty"));
	free(rd.line);
	free(rd.tags);
	for (int l = 0; l < N_LISTS; l++)
		free(rd.colmem[l]);
	if (rc < 0) {
		jx_sheet_free(rd.s);
		jx_sheets_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
