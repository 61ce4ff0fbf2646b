/* The indicator library in files: YAML (jixiao's own), CSV and xlsx (a
 * table with a heading row).  Reading is all or nothing; a spreadsheet's
 * errors name file!sheet!cell, a YAML file's file:line:column. */
#include "library_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "export_ops.h"
#include "num.h"
#include "safefile.h"
#include "strutil.h"
#include "table_read.h"
#include "target.h"
#include "yamldoc.h"

static const char *file_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* What an entry read from a file says about its target: a target written
 * as tables print it ("≥95%") gives the comparator, the number (the
 * range) and the unit when they are not written apart. */
static void target_fills(jx_lib_entry *e)
{
	jx_target t;
	/* a qualitative target may read as a number (10000万元以上): its
	 * comparator says it is not one */
	if (e->cmp == JX_CMP_QUAL || e->cmp == JX_CMP_DEADLINE || !jx_has_text(e->target) ||
	    jx_target_parse(e->target, &t, NULL) < 0)
		return;
	if (e->cmp == JX_CMP_NONE)
		e->cmp = t.cmp;
	if (t.kind == JX_TGT_NUMBER) {
		if (!jx_has_text(e->unit) && t.unit[0])
			e->unit = jx_strdup(t.unit);
		if (jx_texteq(e->unit, t.unit) || !t.unit[0])
			jx_lib_widen(e, t.value);
		/* a bare number in its column, the comparator and unit in theirs
		 * (a provincial list): the typical target as tables print it */
		if (t.cmp == JX_CMP_NONE && !t.unit[0] && e->cmp != JX_CMP_NONE) {
			jx_indicator d;
			char buf[200];
			memset(&d, 0, sizeof d);
			d.cmp = e->cmp;
			d.target = t.value;
			d.unit = e->unit;
			char *n = jx_strdup(jx_lib_target_of(&d, buf, sizeof buf));
			if (n) {
				free(e->target);
				e->target = n;
			}
		}
	}
}

/* Put e (taken over) into lib, merged with an entry of the same name and
 * unit read before; sources_default when it names none. */
static int add_read(jx_lib *lib, jx_lib_entry *e, const char *file, jx_err *err)
{
	char src[320];
	target_fills(e);
	if (e->nsources == 0) {
		snprintf(src, sizeof src, "file:%s", file_base(file));
		if (jx_lib_add_source(e, src) < 0)
			goto oom;
	}
	long at = jx_lib_find(lib, e->name, e->unit);
	if (at >= 0) {
		int r = jx_lib_merge(&lib->v[at], e);
		jx_lib_entry_clear(e);
		if (r < 0)
			goto oom;
		return 0;
	}
	if (jx_lib_append(lib, e) < 0)
		goto oom;
	return 0;
oom:
	jx_lib_entry_clear(e);
	jx_err_set(err, "内存不足", "out of memory");
	return -1;
}

/* ---- YAML ---- */

static int yaml_entry(const yd_doc *doc, const yd_node *item, jx_lib *lib, const char *file, jx_err *err)
{
	const char *allowed[32];
	size_t na = 0;
	jx_lib_entry e;
	memset(&e, 0, sizeof e);
	e.target_min = e.target_max = JX_NONE;
	for (size_t c = 0; c < jx_lib_ncolumns; c++)
		allowed[na++] = jx_lib_columns[c].key;
	allowed[na++] = "uses";
	allowed[na++] = "sources";
	allowed[na] = NULL;
	if (yd_expect_keys(doc, item, L("指标库条目", "library entry"), allowed, err))
		return -1;
	for (size_t c = 0; c < jx_lib_ncolumns; c++) {
		const yd_node *n = yd_get(item, jx_lib_columns[c].key);
		const char *s = NULL;
		jx_err e2;
		if (!n)
			continue;
		if (yd_str(doc, n, &s, err))
			goto fail;
		if (s && jx_lib_set(&e, c, s, &e2) < 0) {
			yd_failf(doc, n, err, "%s", "%s", e2.msg);
			goto fail;
		}
	}
	if (!jx_has_text(e.name)) {
		yd_fail(doc, item, err, "指标库条目缺少 name（指标名称）", "library entry without a name");
		goto fail;
	}
	const yd_node *srcs = NULL;
	if (yd_get_opt(doc, item, "sources", YD_SEQ, &srcs, err))
		goto fail;
	for (size_t i = 0; srcs && i < srcs->n; i++) {
		const char *s = NULL;
		if (yd_str(doc, srcs->items[i], &s, err))
			goto fail;
		if (jx_has_text(s) && jx_lib_add_source(&e, s) < 0)
			goto fail;
	}
	return add_read(lib, &e, file, err);
fail:
	jx_lib_entry_clear(&e);
	return -1;
}

static int read_yaml(const char *path, jx_lib *lib, jx_err *err)
{
	yd_doc doc;
	const yd_node *entries = NULL;
	static const char *const top[] = {"jixiao_library", "entries", NULL};
	if (yd_load_file(&doc, path, err))
		return -1;
	int rc = -1;
	if (!doc.root || yd_expect_keys(&doc, doc.root, L("指标库文件", "library file"), top, err))
		goto done;
	if (!yd_get(doc.root, "jixiao_library")) {
		yd_fail(&doc, doc.root, err, "不是指标库文件（缺少 jixiao_library: 1）",
			"not a library file (no jixiao_library: 1)");
		goto done;
	}
	if (yd_get_opt(&doc, doc.root, "entries", YD_SEQ, &entries, err))
		goto done;
	for (size_t i = 0; entries && i < entries->n; i++)
		if (yaml_entry(&doc, entries->items[i], lib, path, err))
			goto done;
	rc = 0;
done:
	yd_free(&doc);
	return rc;
}

/* ---- spreadsheets ---- */

#define HEAD_ROWS 40
#define COL_USES (-2)
#define COL_SOURCES (-3)

/* The heading row of t: the first of its first rows with a name column. */
static long find_heading(const jx_table *t, int *map)
{
	for (size_t r = 0; r < t->nrows && r < HEAD_ROWS; r++) {
		int has_name = 0;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *h = jx_table_at(t, r, c);
			int k = jx_lib_column_of(h);
			if (k < 0 && h && (strcmp(h, JX_LIB_USES_ZH) == 0 || strcmp(h, JX_LIB_USES_EN) == 0))
				k = COL_USES;
			if (k < 0 && h && (strcmp(h, JX_LIB_SOURCES_ZH) == 0 || strcmp(h, JX_LIB_SOURCES_EN) == 0))
				k = COL_SOURCES;
			map[c] = k;
			if (k >= 0 && strcmp(jx_lib_columns[k].key, "name") == 0)
				has_name = 1;
		}
		if (has_name)
			return (long)r;
	}
	return -1;
}

/* A cell's text, or the text of the merged range it is under: a 一级 or
 * 二级 merged down its rows.  Not across: a label merged over several
 * columns (a subtotal, a sign-off line) is no value of the columns it
 * covers. */
static const char *cell_merged(const jx_table *t, size_t r, size_t c)
{
	const char *v = jx_table_at(t, r, c);
	if (v)
		return v;
	for (size_t i = 0; i < t->nmerges; i++) {
		const jx_table_merge *m = &t->merges[i];
		if (r > m->r0 && r <= m->r1 && c == m->c0)
			return jx_table_at(t, m->r0, m->c0);
	}
	return NULL;
}

static int is_category(int col)
{
	return col >= 0 && (strcmp(jx_lib_columns[col].key, "l1") == 0 || strcmp(jx_lib_columns[col].key, "l2") == 0);
}

static void cell_fail(jx_err *err, const char *file, const jx_table *t, size_t r, size_t c, const char *msg)
{
	char cn[16];
	jx_err_set(err, "%s!%s!%s：%s", "%s!%s!%s: %s", file_base(file), t->name ? t->name : "",
		   jx_table_cellname(r, c, cn, sizeof cn), msg);
}

/* Sources written in one cell, a line each. */
static int add_sources_text(jx_lib_entry *e, const char *v)
{
	while (v && *v) {
		const char *nl = strpbrk(v, "\r\n");
		size_t n = nl ? (size_t)(nl - v) : strlen(v);
		char buf[320];
		if (n > 0 && n < sizeof buf) {
			memcpy(buf, v, n);
			buf[n] = 0;
			if (jx_has_text(buf) && jx_lib_add_source(e, buf) < 0)
				return -1;
		}
		v = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* Read row r into lib.  0, or 1 when the row is no indicator and `after_gap`
 * (a blank row came before it): the table has ended (a form's funds table
 * or sign-off lines below its indicators); -1 with err. */
static int table_row(const jx_table *t, size_t r, const int *map, int after_gap, jx_lib *lib, const char *file,
		     jx_err *err)
{
	jx_lib_entry e;
	int any = 0, values = 0;
	size_t name_col = 0;
	memset(&e, 0, sizeof e);
	e.target_min = e.target_max = JX_NONE;
	for (size_t c = 0; c < t->ncols; c++) {
		const char *v = cell_merged(t, r, c);
		jx_err e2;
		if (map[c] >= 0 && strcmp(jx_lib_columns[map[c]].key, "name") == 0)
			name_col = c;
		if (!jx_has_text(v) || map[c] == -1 || map[c] == COL_USES)
			continue;
		/* a merged 一级 / 二级 alone does not make a row */
		if (jx_table_at(t, r, c))
			any = 1;
		if (!is_category(map[c]))
			values = 1;
		if (map[c] == COL_SOURCES) {
			if (add_sources_text(&e, v) < 0)
				goto oom;
			continue;
		}
		if (jx_lib_set(&e, (size_t)map[c], v, &e2) < 0) {
			cell_fail(err, file, t, r, c, e2.msg);
			goto fail;
		}
	}
	/* a row of categories alone (a subtotal, a sub-project's heading, a
	 * sign-off line in the first column) is no indicator */
	if (!any || (!jx_has_text(e.name) && !values)) {
		jx_lib_entry_clear(&e);
		return 0;
	}
	if (!jx_has_text(e.name)) {
		if (after_gap) {
			jx_lib_entry_clear(&e);
			return 1;
		}
		cell_fail(err, file, t, r, name_col, L("缺少指标名称", "the indicator's name is missing"));
		goto fail;
	}
	return add_read(lib, &e, file, err);
oom:
	jx_err_set(err, "内存不足", "out of memory");
fail:
	jx_lib_entry_clear(&e);
	return -1;
}

static int row_blank(const jx_table *t, size_t r)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (jx_has_text(jx_table_at(t, r, c)))
			return 0;
	return 1;
}

static int read_table(const char *path, jx_lib *lib, jx_err *err)
{
	jx_book book;
	int rc = -1, found = 0;
	if (jx_book_read(path, &book, err))
		return -1;
	for (size_t i = 0; i < book.n; i++) {
		const jx_table *t = &book.t[i];
		int *map = calloc(t->ncols ? t->ncols : 1, sizeof *map);
		if (!map) {
			jx_err_set(err, "内存不足", "out of memory");
			goto done;
		}
		long h = find_heading(t, map);
		int gap = 0, k = 0;
		if (h >= 0) {
			found = 1;
			for (size_t r = (size_t)h + 1; r < t->nrows && k == 0; r++) {
				if (row_blank(t, r)) {
					gap = 1;
					continue;
				}
				if ((k = table_row(t, r, map, gap, lib, path, err)) < 0) {
					free(map);
					goto done;
				}
			}
		}
		free(map);
	}
	if (!found) {
		jx_err_set(err, "%s：没有找到指标库的标题行（前 %d 行中应有“三级指标”或“指标名称”一列）",
			   "%s: no heading row of a library (a column \"三级指标\", \"指标名称\" or \"Indicator\" in the "
			   "first %d rows)",
			   file_base(path), HEAD_ROWS);
		goto done;
	}
	rc = 0;
done:
	jx_book_free(&book);
	return rc;
}

int jx_lib_read_file(const char *path, jx_lib *lib, jx_err *err)
{
	int rc;
	memset(lib, 0, sizeof *lib);
	rc = jx_table_is_spreadsheet(path) ? read_table(path, lib, err) : read_yaml(path, lib, err);
	if (rc == 0 && jx_lib_index(lib) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		rc = -1;
	}
	if (rc)
		jx_lib_free(lib);
	return rc;
}

/* ---- writing ---- */

int jx_lib_format_of(const char *name, const char *path, jx_lib_format *out)
{
	static const struct {
		const char *name;
		jx_lib_format f;
	} fmts[] = {{"yaml", JX_LIBF_YAML}, {"yml", JX_LIBF_YAML}, {"xlsx", JX_LIBF_XLSX}, {"csv", JX_LIBF_CSV}};
	const char *dot = NULL;
	if (!name && path && (dot = strrchr(path, '.')) && !strchr(dot, '/'))
		name = dot + 1;
	for (size_t i = 0; name && i < sizeof fmts / sizeof fmts[0]; i++)
		if (strcasecmp(name, fmts[i].name) == 0) {
			*out = fmts[i].f;
			return 0;
		}
	return -1;
}

/* A YAML double-quoted scalar. */
static void yaml_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void write_yaml(FILE *f, const jx_lib *lib)
{
	fputs("# jixiao 指标库 (indicator library): jixiao library import FILE\n"
	      "# uses is the number of sources (sheets and lists) an entry came from.\n"
	      "jixiao_library: 1\nentries:\n",
	      f);
	for (size_t k = 0; k < lib->nkeyed; k++) {
		const jx_lib_entry *e = &lib->v[lib->order[k]];
		int first = 1;
		for (size_t c = 0; c < jx_lib_ncolumns; c++) {
			char buf[64];
			const char *v = jx_lib_get(e, c, buf, sizeof buf);
			if (!*v)
				continue;
			fprintf(f, "%s%s: ", first ? "  - " : "    ", jx_lib_columns[c].key);
			yaml_quoted(f, jx_lib_columns[c].kind == JX_LIBK_CMP ? jx_cmp_name(e->cmp) : v);
			fputc('\n', f);
			first = 0;
		}
		fprintf(f, "    uses: %zu\n    sources:\n", e->nsources);
		for (size_t i = 0; i < e->nsources; i++) {
			fputs("      - ", f);
			yaml_quoted(f, e->sources[i]);
			fputc('\n', f);
		}
	}
}

static char *sources_text(const jx_lib_entry *e)
{
	size_t n = 1;
	for (size_t i = 0; i < e->nsources; i++)
		n += strlen(e->sources[i]) + 1;
	char *s = malloc(n), *p = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < e->nsources; i++)
		p += sprintf(p, "%s%s", i ? "\n" : "", e->sources[i]);
	*p = 0;
	return s;
}

static int write_csv(FILE *f, const jx_lib *lib, jx_err *err)
{
	jx_export_run run = {.f = f, .path = "", .n = 1};
	if (jx_csv_begin(&run, err))
		return -1;
	jx_csv *c = run.w;
	jx_csv_table(c, L("指标库", "library"));
	for (size_t k = 0; k < jx_lib_ncolumns; k++) {
		const char *h = L(jx_lib_columns[k].zh, jx_lib_columns[k].en);
		jx_csv_text(c, h, strlen(h));
	}
	jx_csv_text(c, L(JX_LIB_USES_ZH, JX_LIB_USES_EN), strlen(L(JX_LIB_USES_ZH, JX_LIB_USES_EN)));
	jx_csv_text(c, L(JX_LIB_SOURCES_ZH, JX_LIB_SOURCES_EN), strlen(L(JX_LIB_SOURCES_ZH, JX_LIB_SOURCES_EN)));
	jx_csv_row_end(c);
	for (size_t k = 0; k < lib->nkeyed; k++) {
		const jx_lib_entry *e = &lib->v[lib->order[k]];
		char buf[64], uses[32];
		for (size_t col = 0; col < jx_lib_ncolumns; col++) {
			const char *v = jx_lib_get(e, col, buf, sizeof buf);
			if (jx_lib_columns[col].kind == JX_LIBK_DEC && *v)
				jx_csv_number(c, v);
			else
				jx_csv_text(c, v, strlen(v));
		}
		snprintf(uses, sizeof uses, "%zu", e->nsources);
		jx_csv_number(c, uses);
		char *s = sources_text(e);
		jx_csv_text(c, jx_nz(s), strlen(jx_nz(s)));
		free(s);
		jx_csv_row_end(c);
	}
	jx_csv_table_end(c);
	return jx_csv_end(&run, 0, err);
}

static int write_xlsx(const char *tmp, const jx_lib *lib, jx_err *err)
{
	lxw_workbook *wb = workbook_new(tmp);
	if (!wb) {
		jx_err_set(err, "无法写入 xlsx 文件", "cannot write the xlsx file");
		return -1;
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, L("指标库", "Library"));
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	lxw_format *wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	size_t nc = jx_lib_ncolumns;
	for (size_t k = 0; k < nc; k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, L(jx_lib_columns[k].zh, jx_lib_columns[k].en), head);
	worksheet_write_string(ws, 0, (lxw_col_t)nc, L(JX_LIB_USES_ZH, JX_LIB_USES_EN), head);
	worksheet_write_string(ws, 0, (lxw_col_t)nc + 1, L(JX_LIB_SOURCES_ZH, JX_LIB_SOURCES_EN), head);
	worksheet_set_column(ws, 0, (lxw_col_t)nc + 1, 14, NULL);
	worksheet_set_column(ws, 2, 2, 30, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	for (size_t k = 0; k < lib->nkeyed; k++) {
		const jx_lib_entry *e = &lib->v[lib->order[k]];
		lxw_row_t r = (lxw_row_t)(k + 1);
		char buf[64];
		for (size_t col = 0; col < nc; col++) {
			const char *v = jx_lib_get(e, col, buf, sizeof buf);
			if (!*v)
				continue;
			if (jx_lib_columns[col].kind == JX_LIBK_DEC)
				worksheet_write_number(ws, r, (lxw_col_t)col, strtod(v, NULL), NULL);
			else
				worksheet_write_string(ws, r, (lxw_col_t)col, v, NULL);
		}
		worksheet_write_number(ws, r, (lxw_col_t)nc, (double)e->nsources, NULL);
		char *s = sources_text(e);
		if (s && *s)
			worksheet_write_string(ws, r, (lxw_col_t)nc + 1, s, wrap);
		free(s);
	}
	lxw_error rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR) {
		jx_err_set(err, "无法写入 xlsx 文件：%s", "cannot write the xlsx file: %s", lxw_strerror(rc));
		return -1;
	}
	return 0;
}

int jx_lib_write_file(const jx_lib *lib, const char *path, jx_lib_format fmt, int force, jx_err *err)
{
	jx_safefile sf;
	if (jx_safefile_open(&sf, path, force, err))
		return -1;
	int rc = 0;
	if (fmt == JX_LIBF_XLSX)
		rc = jx_safefile_release(&sf, err) || write_xlsx(sf.tmp, lib, err);
	else if (fmt == JX_LIBF_CSV)
		rc = write_csv(sf.f, lib, err);
	else
		write_yaml(sf.f, lib);
	if (rc) {
		jx_safefile_abort(&sf);
		return -1;
	}
	return jx_safefile_commit(&sf, err);
}
