/* The visible form of jixiao's own workbook compared with the form its
 * hidden data makes (xform_data.h): a clerk's edit in a spreadsheet
 * program is either taken (a cell showing one field exactly: the form's
 * tags) or refused, never silently lost.  The form is built again on
 * import with the builder the export uses, so the export writes nothing
 * more for it. */
#include "xform_data_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dec.h"
#include "strutil.h"
#include "target.h"
#include "xform_build.h"

/* A cell of the visible form that differs from the built one. */
typedef struct {
	int r, c, tag; /* tag: index into the form's tags, -1 for a formula's cell */
} diff;

typedef struct {
	const jx_table *vis;
	const char *file;
	jx_err *err;
	diff *v;
	size_t n, cap;
	int first_r, first_c; /* the first cell that differs, -1 before */
} checker;

/* The text of form cell fc as the reader gets it back from the file: a
 * text as it is, a number as the double the writer stores (export_xlsx.c)
 * in 15 significant digits (table_read.h); a merge's covered cell is
 * empty.  buf needs 48 bytes. */
static const char *stored_text(const jx_xcell *fc, char *buf)
{
	char t[48];
	if (!fc || fc->covered)
		return "";
	if (fc->num == JX_XN_TEXT)
		return jx_nz(fc->text);
	if (!fc->has_value)
		return "";
	snprintf(buf, 48, "%.15g", strtod(jx_fmt_trim(t, fc->value), NULL));
	return buf;
}

/* 1 when the visible text reads what the form cell holds: a number the
 * spreadsheet program wrote back in another spelling ("0.5" for ".5",
 * "1E-3") is the same number. */
static int same_cell(const jx_xcell *fc, const char *vis)
{
	char want_buf[48], got[48], *end;
	const char *want = stored_text(fc, want_buf);
	double d;
	vis = jx_nz(vis);
	if (strcmp(want, vis) == 0)
		return 1;
	if (!fc || fc->covered || fc->num == JX_XN_TEXT || !fc->has_value || !*vis)
		return 0;
	d = strtod(vis, &end);
	if (end == vis || *end)
		return 0;
	snprintf(got, sizeof got, "%.15g", d);
	return strcmp(got, want) == 0;
}

static const jx_xcell *form_cell(const jx_xform *f, int r, int c)
{
	return r < f->nrows && c < f->ncols ? jx_xform_cell(f, r, c) : NULL;
}

/* 1 when the visible text reads what form cell (r, c) holds; a cell
 * covered by a merge may also read the merge's label, which the writer
 * repeats at the top of a printed page (export_xlsx.c). */
static int same_at(const jx_xform *f, const int *owner, int r, int c, const char *vis)
{
	const jx_xcell *fc = form_cell(f, r, c);
	if (same_cell(fc, vis))
		return 1;
	return fc && fc->covered && owner[r * f->ncols + c] > 0 &&
	       same_cell(&f->cells[owner[r * f->ncols + c] - 1], vis) && !f->cells[owner[r * f->ncols + c] - 1].formula;
}

/* For each cell a merge covers, 1 + the index of the merge's top-left
 * cell; 0 for any other.  NULL when out of memory. */
static int *merge_owners(const jx_xform *f)
{
	int *o = calloc((size_t)f->nrows * (size_t)f->ncols + 1, sizeof *o);
	for (int r = 0; o && r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *top = jx_xform_cell(f, r, c);
			if (top->covered || (top->rowspan <= 1 && top->colspan <= 1))
				continue;
			for (int i = r; i < r + top->rowspan && i < f->nrows; i++)
				for (int j = c; j < c + top->colspan && j < f->ncols; j++)
					if (i != r || j != c)
						o[i * f->ncols + j] = r * f->ncols + c + 1;
		}
	return o;
}

/* The last row and the last column holding text in the form and in the
 * visible table: when either differs, rows or columns were inserted or
 * deleted. */
static int moved(const jx_xform *f, const jx_table *vis)
{
	int fr = -1, fc = -1, vr = -1, vc = -1;
	char buf[48];
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++)
			if (*stored_text(jx_xform_cell(f, r, c), buf)) {
				fr = r;
				fc = c > fc ? c : fc;
			}
	for (size_t r = 0; r < vis->nrows; r++)
		for (size_t c = 0; c < vis->ncols; c++)
			if (*jx_nz(jx_table_at(vis, r, c))) {
				vr = (int)r;
				vc = (int)c > vc ? (int)c : vc;
			}
	return fr != vr || fc != vc;
}

/* "file!sheet!H40: …": a cell jixiao computes or writes was changed;
 * when rows or columns were inserted or deleted, the first cell that
 * differs is where they were. */
static int refuse(checker *k, const jx_xform *f, int r, int c)
{
	char ref[16], shown[48];
	/* text typed beside or below the form moves nothing */
	int shifted = k->first_r >= 0 && k->first_r < f->nrows && k->first_c < f->ncols && moved(f, k->vis);
	const jx_xcell *fc;
	const char *was;
	if (shifted) {
		r = k->first_r;
		c = k->first_c;
	}
	fc = form_cell(f, r, c);
	was = fc && !fc->covered ? (fc->num == JX_XN_TEXT ? jx_nz(fc->text) : jx_xcell_display(fc, shown)) : "";
	jx_table_cellname((size_t)r, (size_t)c, ref, sizeof ref);
	if (shifted)
		jx_err_set(k->err,
			   "%s!%s!%s: 表中的行或列有增删（这一格导出时为“%.200s”，表中为“%.200s”）："
			   "请在 jixiao 中增删，或用 --map 按表格的布局读入",
			   "%s!%s!%s: rows or columns were inserted or deleted (this cell was exported as \"%.200s\", "
			   "the sheet reads \"%.200s\"): add or remove them in jixiao, or import with --map to read the "
			   "workbook by its layout",
			   k->file, k->vis->name, ref, was, jx_nz(jx_table_at(k->vis, (size_t)r, (size_t)c)));
	else
		jx_err_set(k->err,
			   "%s!%s!%s: 表中为“%.200s”，导出时为“%.200s”：这一格由 jixiao 计算或生成，"
			   "在表格程序中改了不会导入；请在 jixiao 中修改，或用 --map 按表格的布局读入",
			   "%s!%s!%s: the sheet reads \"%.200s\", exported as \"%.200s\": jixiao computes or writes "
			   "this cell, a change made in a spreadsheet program is not imported; change it in jixiao, or "
			   "import with --map to read the workbook by its layout",
			   k->file, k->vis->name, ref, jx_nz(jx_table_at(k->vis, (size_t)r, (size_t)c)), was);
	return -1;
}

static int push(checker *k, int r, int c, int tag)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;
		diff *v = realloc(k->v, cap * sizeof *v);
		if (!v) {
			jx_err_set(k->err, "内存不足", "out of memory");
			return -1;
		}
		k->v = v;
		k->cap = cap;
	}
	k->v[k->n++] = (diff){r, c, tag};
	return 0;
}

/* Every cell of the form and of the visible table compared: the cells
 * that differ kept (a tagged one, or a formula's, whose cached value the
 * spreadsheet program recomputes from tagged cells), any other refused. */
static int compare(checker *k, const jx_xform *f)
{
	size_t nr = (size_t)f->nrows > k->vis->nrows ? (size_t)f->nrows : k->vis->nrows;
	size_t nc = (size_t)f->ncols > k->vis->ncols ? (size_t)f->ncols : k->vis->ncols;
	int *tag_at = calloc((size_t)f->nrows * (size_t)f->ncols + 1, sizeof *tag_at), *owner = merge_owners(f);
	int rc = 0;
	if (!tag_at || !owner) {
		free(tag_at);
		free(owner);
		jx_err_set(k->err, "内存不足", "out of memory");
		return -1;
	}
	for (int i = 0; i < f->n_tags; i++)
		tag_at[f->tags[i].row * f->ncols + f->tags[i].col] = i + 1;
	for (size_t r = 0; rc == 0 && r < nr; r++)
		for (size_t c = 0; rc == 0 && c < nc; c++) {
			const jx_xcell *fc = form_cell(f, (int)r, (int)c);
			int tag = fc ? tag_at[r * (size_t)f->ncols + c] - 1 : -1;
			if (fc ? same_at(f, owner, (int)r, (int)c, jx_table_at(k->vis, r, c))
			       : same_cell(NULL, jx_table_at(k->vis, r, c)))
				continue;
			if (k->first_r < 0) {
				k->first_r = (int)r;
				k->first_c = (int)c;
			}
			if (tag >= 0 || (fc && fc->formula))
				rc = push(k, (int)r, (int)c, tag);
			else
				rc = refuse(k, f, (int)r, (int)c);
		}
	free(tag_at);
	free(owner);
	return rc;
}

/* The visible text of a tagged cell set as its field, as a person typing
 * it would: a target or an actual read as tables print them (≥20个,
 * 9个), an empty amount's dash (jx_fx_money) as no amount, any other field as its
 * text; the document's sentence printed for an actual is then gone. */
static int set_visible(jx_sheet *s, const jx_template *tpl, const char *path, const char *text, jx_err *err)
{
	jx_field_path fp;
	jx_field_changes ch = {0};
	jx_indicator *d = NULL;
	char key[128];
	if (jx_field_path_parse(path, &fp))
		return jx_field_set(s, tpl, path, text, err);
	if ((fp.fam == JX_FP_FUND || fp.fam == JX_FP_MEASURE) && strcmp(text, "—") == 0)
		text = "";
	if (fp.fam == JX_FP_IND) {
		snprintf(key, sizeof key, "%.*s", (int)fp.name_len, fp.name);
		d = jx_sheet_ind(s, key);
	}
	if (!d || (strcmp(fp.column, "target") != 0 && strcmp(fp.column, "actual") != 0))
		return jx_field_set(s, tpl, path, text, err);
	if ((strcmp(fp.column, "target") == 0 ? jx_target_changes(d, text, &ch, err) : jx_actual_changes(d, text, &ch, err)))
		return -1;
	for (size_t i = 0; i < ch.n; i++)
		if (jx_field_set(s, tpl, ch.path[i], ch.value[i], err))
			return -1;
	if (strcmp(fp.column, "actual") == 0) {
		free(d->actual_text);
		d->actual_text = NULL;
	}
	return 0;
}

/* A form of sheet s as the export builds it (no previous year's sheet:
 * it changes only what the checks say, not what the form prints). */
static jx_xform *build(jx_xsheet *xs, const jx_templates *set, const jx_sheet *s, jx_err *err)
{
	jx_xform *f;
	if (jx_xsheet_score(xs, set, s, NULL, err))
		return NULL;
	if (!(f = jx_xform_build(xs, 1, 0)))
		jx_err_set(err, "内存不足", "out of memory");
	return f;
}

/* The tagged cells that differ taken as their fields, then the formulas'
 * cells checked against the form of the sheet so changed. */
static int apply(checker *k, const jx_xform *f, jx_sheet *s, const jx_templates *set, const jx_template *tpl)
{
	jx_xsheet xs = {0};
	jx_xform *f2 = NULL;
	int rc = 0, formulas = 0;
	char ref[16], why[sizeof k->err->msg];
	for (size_t i = 0; rc == 0 && i < k->n; i++) {
		const diff *d = &k->v[i];
		jx_err e = {{0}};
		formulas |= d->tag < 0;
		if (d->tag < 0 ||
		    set_visible(s, tpl, f->tags[d->tag].path, jx_nz(jx_table_at(k->vis, (size_t)d->r, (size_t)d->c)), &e) == 0)
			continue;
		snprintf(why, sizeof why, "%s", e.msg);
		jx_table_cellname((size_t)d->r, (size_t)d->c, ref, sizeof ref);
		jx_err_set(k->err, "%s!%s!%s: %s", "%s!%s!%s: %s", k->file, k->vis->name, ref, why);
		rc = -1;
	}
	if (rc == 0 && formulas && !(f2 = build(&xs, set, s, k->err)))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < k->n; i++) {
		const diff *d = &k->v[i];
		if (d->tag < 0 && !(f2->nrows == f->nrows && f2->ncols == f->ncols &&
				    same_cell(form_cell(f2, d->r, d->c), jx_table_at(k->vis, (size_t)d->r, (size_t)d->c))))
			rc = refuse(k, f, d->r, d->c);
	}
	jx_xform_free(f2);
	jx_xsheet_free(&xs);
	return rc;
}

/* Each cell taken said, once the sheet is known to be imported. */
static void say(const checker *k, const jx_xform *f, jx_xdata_note note, void *ctx)
{
	char ref[16], shown[48], msg[1024];
	for (size_t i = 0; note && i < k->n; i++) {
		const diff *d = &k->v[i];
		const jx_xcell *fc = form_cell(f, d->r, d->c);
		if (d->tag < 0)
			continue;
		jx_table_cellname((size_t)d->r, (size_t)d->c, ref, sizeof ref);
		snprintf(msg, sizeof msg,
			 L("%s!%s!%s: 表中已改为“%.200s”（导出时为“%.200s”），按表中的值导入",
			   "%s!%s!%s: changed in the sheet to \"%.200s\" (exported as \"%.200s\"); imported as the sheet shows it"),
			 k->file, k->vis->name, ref, jx_nz(jx_table_at(k->vis, (size_t)d->r, (size_t)d->c)),
			 fc->num == JX_XN_TEXT ? jx_nz(fc->text) : jx_xcell_display(fc, shown));
		note(ctx, msg);
	}
}

int jx_xdata_check(jx_sheet *s, const jx_templates *set, const jx_template *tpl, const jx_table *vis,
		   const char *file, jx_xdata_note note, void *note_ctx, jx_err *err)
{
	checker k = {.vis = vis, .file = file, .err = err, .first_r = -1, .first_c = -1};
	jx_xsheet xs = {0};
	jx_xform *f = build(&xs, set, s, err);
	int rc = f ? compare(&k, f) : -1;
	if (rc == 0 && k.n)
		rc = apply(&k, f, s, set, tpl);
	if (rc == 0)
		say(&k, f, note, note_ctx);
	jx_xform_free(f);
	jx_xsheet_free(&xs);
	free(k.v);
	return rc;
}
