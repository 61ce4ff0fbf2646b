/* Reading the hidden data of jixiao's own workbook back (xform_data.h):
 * each value through the field validation of any import, then the
 * sheet's visible form compared with the form it makes (xform_data_check.c). */
#include "xform_data_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dec.h"
#include "num.h"
#include "sheetio.h"
#include "stage.h"
#include "strutil.h"

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
	const char *cols[JX_XDATA_NLISTS][JX_XDATA_MAX_COLS]; /* each list's column words (its #cols row) */
	int ncols[JX_XDATA_NLISTS];
	char *colmem[JX_XDATA_NLISTS];               /* where they are kept */
	char *line;                          /* the row being read, split at its tabs */
	size_t line_cap;
	const char *f[JX_XDATA_MAX_COLS + 3];         /* its texts */
	int nf;
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
			if (rd->nf == JX_XDATA_MAX_COLS + 3)
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

/* A figure the source document states: column k (jx_xdata_stated_cols) of row i. */
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
	if (strcmp(jx_xdata_lists[l].prefix, P_STATED) == 0) {
		const char *p = base + strlen(P_STATED) + 1;
		if (!*p || strlen(p) > 6 || strspn(p, "0123456789") != strlen(p) || (p[0] == '0' && p[1]))
			return fail_at(rd, r, 0, L("不是表上的数", "not a figure of the form"));
		stated_i = (size_t)atol(p);
	}
	for (int k = 0; k < rd->ncols[l]; k++) {
		const char *value = col_at(rd, r, k + 1);
		if (strcmp(jx_xdata_lists[l].prefix, P_STATED) == 0) {
			int w;
			for (w = 0; jx_xdata_stated_cols[w] && strcmp(jx_xdata_stated_cols[w], rd->cols[l][k]) != 0; w++)
				;
			if (!jx_xdata_stated_cols[w])
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
	int l = jx_xdata_list_of(col_at(rd, r, 1)), k;
	size_t len = 0;
	char *m;
	if (l < 0)
		return fail_at(rd, r, 1, L("不是 jixiao 导出的列表", "not a list jixiao exports"));
	for (k = 0; k < JX_XDATA_MAX_COLS && *col_at(rd, r, k + 2); k++)
		len += strlen(col_at(rd, r, k + 2)) + 1;
	free(rd->colmem[l]);
	if (!(rd->colmem[l] = m = malloc(len + 1)))
		return fail_at(rd, r, 0, L("内存不足", "out of memory"));
	for (k = 0; k < JX_XDATA_MAX_COLS && *col_at(rd, r, k + 2); k++) {
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

/* The sheet made: its visible form compared with the form it makes, the
 * cells someone changed in a spreadsheet program taken or refused
 * (xform_data_check.c). */
static int finish_sheet(reader *rd, size_t r, jx_sheet ***out, size_t *n)
{
	if (jx_xdata_check(rd->s, rd->set, rd->tpl, rd->form, rd->file, rd->note, rd->note_ctx, rd->err))
		return -1;
	if (push_sheet(out, n, rd->s) < 0)
		return fail_at(rd, r, 0, L("内存不足", "out of memory"));
	rd->s = NULL;
	return 0;
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
		if (rd->s && finish_sheet(rd, r, out, n) < 0)
			return -1;
		return begin_sheet(rd, r);
	}
	if (!rd->s)
		return fail_at(rd, r, 0, L("隐藏数据须以 #sheet 行开始", "the hidden data must begin with a #sheet row"));
	if (strcmp(a, R_COLS) == 0)
		return cols_row(rd, r);
	if (a[0] == R_TAG) /* a workbook of an earlier jixiao: its form is compared whole instead */
		return 0;
	if (strcmp(a, P_STAGE) == 0 || strcmp(a, P_STAGE_MONTH) == 0)
		return set_stage(rd, r, a, col_at(rd, r, 1));
	colon = strncmp(a, "funds:total", 11) == 0 ? a + 11 : strchr(a, ':');
	snprintf(prefix, sizeof prefix, "%.*s", colon ? (int)(colon - a) : 0, a);
	if (colon && (l = jx_xdata_list_of(prefix)) >= 0 && rd->ncols[l] > 0)
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
	for (int l = 0; l < JX_XDATA_NLISTS; l++)
		free(rd.colmem[l]);
	if (rc < 0) {
		jx_sheet_free(rd.s);
		jx_sheets_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
