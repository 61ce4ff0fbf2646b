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

const char *const jx_xdata_heads[JX_XDATA_NCOLS] = {"工作表", "字段", "值", "单元格", "印出"};
enum { D_SHEET, D_PATH, D_VALUE, D_CELL, D_PRINTED };

/* Paths that are not field paths: which template and stage the sheet is
 * (the form's title says so), and the figures its source document states
 * (the reviewer's sheet prints them). */
#define P_TEMPLATE "template"
#define P_STAGE "stage"
#define P_STAGE_MONTH "stage_month"
#define P_STATED "stated:"
static const char *const stated_cols[] = {"path", "value", "text", "source"};

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
	char *buf;  /* a field's value */
	char path[1024];
	int rc;
} writer;

/* The text the reader gets back from a cell: a text cell's text, a
 * number as its shortest decimal. */
static const char *cell_read_back(const jx_xcell *cell, char *num)
{
	if (cell->num == JX_XN_TEXT)
		return jx_nz(cell->text);
	return cell->has_value ? jx_fmt_trim(num, cell->value) : "";
}

static void put_row(writer *w, const char *path, const char *value)
{
	char ref[16] = "", num[48];
	const char *printed = "";
	const char *cols[JX_XDATA_NCOLS];
	for (int i = 0; i < w->f->n_tags; i++) {
		const struct jx_xtag *t = &w->f->tags[i];
		if (strcmp(t->path, path) == 0) {
			jx_table_cellname((size_t)t->row, (size_t)t->col, ref, sizeof ref);
			printed = cell_read_back(jx_xform_cell(w->f, t->row, t->col), num);
			break;
		}
	}
	cols[D_SHEET] = w->f->sheet_name;
	cols[D_PATH] = path;
	cols[D_VALUE] = value;
	cols[D_CELL] = ref;
	cols[D_PRINTED] = printed;
	if (w->put(w->ctx, cols) < 0)
		w->rc = -1;
}

/* The field at the path made of fmt, when it has a value (always: also
 * when empty, the row that makes its indicator, fund or list row). */
static void field_row(writer *w, int always, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void field_row(writer *w, int always, const char *fmt, ...)
{
	va_list ap;
	jx_err err = {{0}};
	int n;
	if (w->rc)
		return;
	va_start(ap, fmt);
	n = vsnprintf(w->path, sizeof w->path, fmt, ap);
	va_end(ap);
	/* a path longer than the buffer is a name no form prints whole */
	if (n < 0 || (size_t)n >= sizeof w->path || jx_field_get(w->x->sheet, w->path, w->buf, JX_FIELD_MAX + 1, &err))
		return;
	if (always || w->buf[0])
		put_row(w, w->path, w->buf);
}

/* Every column of a row of a family, the first one always. */
static void columns_row(writer *w, jx_field_family fam, const char *base, const char *skip)
{
	const char *col;
	for (int i = 0; (col = jx_field_column_word(fam, i)); i++)
		if (!skip || strcmp(col, skip) != 0)
			field_row(w, i == 0, "%s:%s", base, col);
}

/* Each stated figure by its index: a document may state one figure in
 * several places. */
static void stated_rows(writer *w, const jx_sheet *s)
{
	char num[48];
	for (size_t i = 0; i < s->n_stated && !w->rc; i++) {
		const jx_stated *st = &s->stated[i];
		const char *v[] = {st->path, st->value == JX_NONE ? "" : jx_fmt_trim(num, st->value), st->text, st->source};
		for (int k = 0; k < 4; k++)
			if (k == 0 || jx_has_text(v[k])) {
				snprintf(w->path, sizeof w->path, P_STATED "%zu:%s", i, stated_cols[k]);
				put_row(w, w->path, v[k]);
			}
	}
}

static void list_rows(writer *w, const jx_sheet *s)
{
	char base[600];
	for (size_t i = 0; i < s->n_basis; i++)
		field_row(w, 1, "basis:%zu", i);
	for (size_t i = 0; i < s->n_funds; i++) {
		snprintf(base, sizeof base, "fund:%s", jx_nz(s->funds[i].source));
		field_row(w, 1, "%s:source", base);
		columns_row(w, JX_FP_FUND, base, "source");
	}
	columns_row(w, JX_FP_FUND_TOTAL, "funds:total", NULL);
	for (size_t i = 0; i < s->n_subs; i++) {
		snprintf(base, sizeof base, "sub:%zu", i);
		columns_row(w, JX_FP_SUB, base, NULL);
	}
	for (size_t i = 0; i < s->n_goals; i++) {
		snprintf(base, sizeof base, "goal:%zu", i);
		columns_row(w, JX_FP_GOAL, base, NULL);
	}
	for (size_t i = 0; i < s->n_inds; i++) {
		snprintf(base, sizeof base, "ind:%s", jx_nz(s->inds[i].key));
		columns_row(w, JX_FP_IND, base, NULL);
	}
	for (size_t i = 0; i < s->n_marks; i++)
		field_row(w, 1, "mark:%s:%d", jx_nz(s->marks[i].node), s->marks[i].item);
	for (size_t i = 0; i < s->n_entries; i++) {
		snprintf(base, sizeof base, "entry:%s", jx_nz(s->entries[i].node));
		columns_row(w, JX_FP_ENTRY, base, NULL);
	}
	for (size_t i = 0; i < s->n_measures; i++)
		field_row(w, 1, "measure:%s", jx_nz(s->measures[i].name));
}

int jx_xdata_rows(const jx_xsheet *x, const jx_xform *f, jx_xdata_put put, void *ctx)
{
	const jx_sheet *s = x->sheet;
	writer w = {.x = x, .f = f, .put = put, .ctx = ctx};
	char num[16];
	if (!(w.buf = malloc(JX_FIELD_MAX + 1)))
		return -1;
	put_row(&w, P_TEMPLATE, jx_nz(s->template_id));
	if (jx_has_text(s->stage))
		put_row(&w, P_STAGE, s->stage);
	if (s->stage_month > 0) {
		snprintf(num, sizeof num, "%d", s->stage_month);
		put_row(&w, P_STAGE_MONTH, num);
	}
	field_row(&w, 0, "year");
	for (int i = 0; i < JX_INFO_COUNT; i++)
		field_row(&w, 0, "info:%s", jx_info_labels[i].key);
	for (int i = 0; i < JX_NARR_COUNT; i++)
		field_row(&w, 0, "narr:%s", jx_narr_labels[i].key);
	list_rows(&w, s);
	stated_rows(&w, s);
	free(w.buf);
	return w.rc;
}

/* ---- reading ---------------------------------------------------------------------------- */

int jx_xdata_find(const jx_book *book)
{
	for (size_t i = 0; book->kind == JX_BOOK_XLSX && i < book->n; i++)
		if (jx_streq(book->t[i].name, JX_XDATA_SHEET))
			return (int)i;
	return -1;
}

typedef struct {
	const jx_book *book;
	const jx_table *t; /* the hidden rows */
	const char *file;
	const jx_templates *set;
	jx_xdata_note note;
	void *note_ctx;
	jx_err *err;
	/* the sheet being made */
	jx_sheet *s;
	const jx_template *tpl;
	const jx_table *form; /* its visible worksheet */
	char visible_ind[128]; /* indicator whose actual the visible cell gave */
	const char *path;      /* the row's field path */
} reader;

static const char *col_at(const reader *rd, size_t r, int c)
{
	return jx_nz(jx_table_at(rd->t, r, (size_t)c));
}

/* "file!jixiao-data!B12: " before a message. */
static int fail_at(reader *rd, size_t r, int c, const char *why)
{
	char ref[16], msg[sizeof rd->err->msg];
	snprintf(msg, sizeof msg, "%s", why);
	jx_table_cellname(r, (size_t)c, ref, sizeof ref);
	jx_err_set(rd->err, "%s!%s!%s: %s", "%s!%s!%s: %s", rd->file, JX_XDATA_SHEET, ref, msg);
	return -1;
}

/* "B12" into row and column (0-based); -1 when it is not a cell name. */
static int parse_cellname(const char *s, size_t *r, size_t *c)
{
	size_t col = 0, row = 0, nl = 0, nd = 0;
	for (; *s >= 'A' && *s <= 'Z' && nl < 3; s++, nl++)
		col = col * 26 + (size_t)(*s - 'A' + 1);
	for (; *s >= '0' && *s <= '9' && nd < 7; s++, nd++)
		row = row * 10 + (size_t)(*s - '0');
	if (*s || !nl || !nd || !row || (nd > 1 && s[-(long)nd] == '0'))
		return -1;
	*r = row - 1;
	*c = col - 1;
	return 0;
}

/* The row a field path names, made when it is the next one (an indicator
 * or fund by its name; a list row by its index, which must follow the
 * last). */
static int make_row(reader *rd, size_t r, const jx_field_path *fp)
{
	jx_sheet *s = rd->s;
	char name[512];
	size_t have;
	if (fp->fam == JX_FP_IND || fp->fam == JX_FP_FUND) {
		if (!fp->name_len || fp->name_len >= sizeof name)
			return fail_at(rd, r, D_PATH, L("名称为空或过长", "empty or too long a name"));
		memcpy(name, fp->name, fp->name_len);
		name[fp->name_len] = 0;
		if (fp->fam == JX_FP_IND ? jx_sheet_ind(s, name) != NULL : jx_sheet_fund(s, name) != NULL)
			return 0;
		if (fp->fam == JX_FP_IND ? !jx_sheet_add_ind(s, name) : !jx_sheet_add_fund(s, name))
			return fail_at(rd, r, D_PATH, L("内存不足", "out of memory"));
		return 0;
	}
	have = fp->fam == JX_FP_BASIS ? s->n_basis : fp->fam == JX_FP_SUB ? s->n_subs : fp->fam == JX_FP_GOAL ? s->n_goals : (size_t)-1;
	if (have == (size_t)-1 || (size_t)fp->idx < have)
		return 0;
	if ((size_t)fp->idx > have)
		return fail_at(rd, r, D_PATH, L("行号不连续", "the row numbers skip one"));
	if (fp->fam == JX_FP_BASIS ? jx_sheet_add_basis(s, "") != 0
	    : fp->fam == JX_FP_SUB ? !jx_sheet_add_sub(s)
				   : !jx_sheet_add_goal(s))
		return fail_at(rd, r, D_PATH, L("内存不足", "out of memory"));
	return 0;
}

/* A figure the source document states: "stated:<i>:path|value|text|source",
 * the path first. */
static int set_stated(reader *rd, size_t r, const char *path, const char *value)
{
	const char *p = path + strlen(P_STATED), *colon = strchr(p, ':');
	size_t i = 0, k;
	jx_stated *st;
	jx_dec v = JX_NONE;
	char *clean = NULL;
	for (; p < colon && *p >= '0' && *p <= '9' && i < 100000; p++)
		i = i * 10 + (size_t)(*p - '0');
	for (k = 0; colon && p == colon && k < 4 && strcmp(colon + 1, stated_cols[k]) != 0; k++)
		;
	if (!colon || p != colon || k == 4 || i > rd->s->n_stated || (i == rd->s->n_stated) != (k == 0))
		return fail_at(rd, r, D_PATH, L("不是表上的数", "not a figure of the form"));
	if (k == 0) {
		if (!*value || strlen(value) > 200)
			return fail_at(rd, r, D_VALUE, L("不是表上的数", "not a figure of the form"));
		return jx_sheet_add_stated(rd->s, value) ? 0 : fail_at(rd, r, D_PATH, L("内存不足", "out of memory"));
	}
	st = &rd->s->stated[i];
	if (k == 1) {
		if (*value && jx_parse_dec(value, 0, &v, rd->err))
			return fail_at(rd, r, D_VALUE, rd->err->msg);
		st->value = v;
		return 0;
	}
	if (jx_field_clean_line(value, &clean, rd->err))
		return fail_at(rd, r, D_VALUE, rd->err->msg);
	free(k == 2 ? st->text : st->source);
	*(k == 2 ? &st->text : &st->source) = clean;
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

/* The value of a row whose visible cell someone changed: an indicator's
 * actual as the number it now reads (its own unit may follow). */
static int set_visible(reader *rd, const jx_field_path *fp, const char *path, const char *text, jx_err *err)
{
	jx_indicator *d;
	char num[256];
	size_t n = strlen(text), u;
	if (fp->fam != JX_FP_IND || strcmp(fp->column, "actual") != 0)
		return jx_field_set(rd->s, rd->tpl, path, text, err);
	snprintf(rd->visible_ind, sizeof rd->visible_ind, "%.*s", (int)fp->name_len, fp->name);
	d = jx_sheet_ind(rd->s, rd->visible_ind);
	u = d && d->unit ? strlen(d->unit) : 0;
	if (u && n > u && strcmp(text + n - u, d->unit) == 0)
		n -= u;
	snprintf(num, sizeof num, "%.*s", (int)n, text);
	if (jx_field_set(rd->s, rd->tpl, path, num, err))
		return -1;
	free(d->actual_text);
	d->actual_text = NULL;
	return 0;
}

/* One field row: the exact value, or the visible cell's when it no longer
 * reads what was printed. */
static int set_field(reader *rd, size_t r, const char *path, const char *value)
{
	jx_field_path fp;
	const char *cell = col_at(rd, r, D_CELL);
	jx_err e = {{0}};
	size_t vr, vc;
	if (jx_field_path_parse(path, &fp) || fp.fam == JX_FP_STATUS || fp.fam == JX_FP_REVIEW)
		return fail_at(rd, r, D_PATH, L("该字段不在表上，隐藏数据不能设置它", "no form shows this field: hidden data cannot set it"));
	if (make_row(rd, r, &fp))
		return -1;
	if (fp.fam == JX_FP_IND && fp.column && strcmp(fp.column, "actual_text") == 0 && rd->visible_ind[0] &&
	    strlen(rd->visible_ind) == fp.name_len && memcmp(rd->visible_ind, fp.name, fp.name_len) == 0)
		return 0; /* the changed visible cell replaced the printed sentence */
	if (*cell) {
		const char *now, *printed = col_at(rd, r, D_PRINTED);
		char ref[16], msg[1024];
		if (parse_cellname(cell, &vr, &vc))
			return fail_at(rd, r, D_CELL, L("不是单元格名", "not a cell name"));
		now = jx_nz(jx_table_at(rd->form, vr, vc));
		if (strcmp(now, printed) != 0) {
			jx_table_cellname(vr, vc, ref, sizeof ref);
			if (set_visible(rd, &fp, path, now, &e)) {
				jx_err_set(rd->err, "%s!%s!%s: %s", "%s!%s!%s: %s", rd->file, rd->form->name, ref, e.msg);
				return -1;
			}
			snprintf(msg, sizeof msg, L("%s!%s!%s: 表中已改为“%.200s”（导出时为“%.200s”），按表中的值导入",
						    "%s!%s!%s: changed in the sheet to \"%.200s\" (exported as \"%.200s\"); imported as the sheet shows it"),
				 rd->file, rd->form->name, ref, now, printed);
			if (rd->note)
				rd->note(rd->note_ctx, msg);
			return 0;
		}
	}
	rd->path = path;
	if (jx_field_set(rd->s, rd->tpl, path, value, &e) || keep_written(rd, &fp, value, &e))
		return fail_at(rd, r, D_VALUE, e.msg);
	return 0;
}

static int set_stage(reader *rd, size_t r, const char *path, const char *value)
{
	if (strcmp(path, P_STAGE) == 0) {
		jx_stage g;
		if (jx_stage_parse(value, &g) || strcmp(jx_stage_key(g), value) != 0)
			return fail_at(rd, r, D_VALUE, L("不是评价表的阶段", "not a stage of a sheet"));
		return jx_set_str(&rd->s->stage, value) ? fail_at(rd, r, D_VALUE, L("内存不足", "out of memory")) : 0;
	}
	rd->s->stage_month = atoi(value);
	if (rd->s->stage_month < 1 || rd->s->stage_month > 12 || strspn(value, "0123456789") != strlen(value))
		return fail_at(rd, r, D_VALUE, L("监控月份须为 1 至 12", "the monitoring month must be 1 to 12"));
	return 0;
}

/* A new sheet at a "template" row: its visible form and its template. */
static int begin_sheet(reader *rd, size_t r)
{
	const char *ws = col_at(rd, r, D_SHEET), *id = col_at(rd, r, D_VALUE);
	char why[600];
	rd->form = NULL;
	for (size_t i = 0; i < rd->book->n; i++)
		if (jx_streq(rd->book->t[i].name, ws) && &rd->book->t[i] != rd->t)
			rd->form = &rd->book->t[i];
	if (!rd->form) {
		snprintf(why, sizeof why,
			 L("隐藏数据所属的工作表“%.200s”不在文件中：没有可见的表，隐藏数据不单独导入",
			   "the worksheet \"%.200s\" the hidden data belongs to is not in the file: without its visible form the hidden data is not imported"),
			 ws);
		return fail_at(rd, r, D_SHEET, why);
	}
	if (!(rd->tpl = jx_templates_find(rd->set, id))) {
		snprintf(why, sizeof why, L("没有模板“%.200s”", "no template \"%.200s\""), id);
		return fail_at(rd, r, D_VALUE, why);
	}
	if (!(rd->s = jx_sheet_new()) || jx_set_str(&rd->s->template_id, id))
		return fail_at(rd, r, D_VALUE, L("内存不足", "out of memory"));
	rd->visible_ind[0] = 0;
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

static int check_heads(reader *rd)
{
	for (int c = 0; c < JX_XDATA_NCOLS; c++)
		if (strcmp(col_at(rd, 0, c), jx_xdata_heads[c]) != 0)
			return fail_at(rd, 0, c, L("不是 jixiao 导出的隐藏数据表（表头不符）", "not the hidden data jixiao exports (its heading differs)"));
	return 0;
}

int jx_xdata_sheets(const jx_book *book, int data, const char *file, const jx_templates *set, jx_sheet ***out,
		    size_t *n, jx_xdata_note note, void *note_ctx, jx_err *err)
{
	reader rd = {.book = book, .t = &book->t[data], .file = file, .set = set, .note = note, .note_ctx = note_ctx,
		     .err = err};
	int rc = check_heads(&rd);
	*out = NULL;
	*n = 0;
	for (size_t r = 1; rc == 0 && r < rd.t->nrows; r++) {
		const char *path = col_at(&rd, r, D_PATH), *value = col_at(&rd, r, D_VALUE);
		if (!*path && !*value)
			continue;
		if (strcmp(path, P_TEMPLATE) == 0) {
			if (rd.s && push_sheet(out, n, rd.s) < 0)
				rc = fail_at(&rd, r, D_PATH, L("内存不足", "out of memory"));
			rd.s = NULL;
			if (rc == 0)
				rc = begin_sheet(&rd, r);
		} else if (!rd.s) {
			rc = fail_at(&rd, r, D_PATH, L("隐藏数据的第一行须是 template", "the hidden data must begin with a template row"));
		} else if (!jx_streq(col_at(&rd, r, D_SHEET), rd.form->name)) {
			rc = fail_at(&rd, r, D_SHEET, L("一张表的行须连在一起", "a sheet's rows must follow each other"));
		} else if (strcmp(path, P_STAGE) == 0 || strcmp(path, P_STAGE_MONTH) == 0) {
			rc = set_stage(&rd, r, path, value);
		} else if (strncmp(path, P_STATED, strlen(P_STATED)) == 0) {
			rc = set_stated(&rd, r, path, value);
		} else {
			rc = set_field(&rd, r, path, value);
		}
	}
	if (rc == 0 && rd.s && push_sheet(out, n, rd.s) < 0)
		rc = fail_at(&rd, rd.t->nrows, D_PATH, L("内存不足", "out of memory"));
	else if (rc == 0 && rd.s)
		rd.s = NULL;
	if (rc == 0 && *n == 0)
		rc = fail_at(&rd, 1, D_PATH, L("隐藏数据表是空的", "the hidden data is empty"));
	if (rc < 0) {
		jx_sheet_free(rd.s);
		jx_sheets_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
