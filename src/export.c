/* Export: the formats and their names, default file names, and the driver:
 * one loop for every format (read each sheet, score and check it, build its
 * form, hand it to the format's writer, then the summary), around it the
 * output (a file complete or absent, standard output, or GB18030 converted
 * as a whole).  The writers are entries of jx_export_ops (export_ops.h). */
#include "export_ops.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safefile.h"
#include "strutil.h"

/* ------------------------------------------------------------------------
 * Formats and names
 */

static const jx_export_ops *const writers[] = {
	[JX_EXPORT_XLSX] = &jx_export_xlsx_ops,
	[JX_EXPORT_CSV] = &jx_export_csv_ops,
	[JX_EXPORT_HTML] = &jx_export_html_ops,
	[JX_EXPORT_REPORT_MD] = &jx_export_report_md_ops,
	[JX_EXPORT_REPORT_HTML] = &jx_export_report_html_ops,
	[JX_EXPORT_CSV_DATA] = &jx_export_csv_data_ops,
};

static const jx_export_ops *writer(jx_export_format fmt)
{
	return (size_t)fmt < sizeof writers / sizeof writers[0] ? writers[fmt] : NULL;
}

static const struct {
	const char *name;
	jx_export_format fmt;
} format_names[] = {
	{"xlsx", JX_EXPORT_XLSX},	 {"csv", JX_EXPORT_CSV},		{"html", JX_EXPORT_HTML},
	{"md", JX_EXPORT_REPORT_MD},	 {"report-md", JX_EXPORT_REPORT_MD}, {"report", JX_EXPORT_REPORT_MD},
	{"report-html", JX_EXPORT_REPORT_HTML}, {"csv-data", JX_EXPORT_CSV_DATA},
};

int jx_export_format_parse(const char *name, jx_export_format *out, jx_err *err)
{
	for (size_t i = 0; name && i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(name, format_names[i].name) == 0) {
			*out = format_names[i].fmt;
			return 0;
		}
	jx_err_set(err, "未知的导出格式：%s（可用：xlsx、csv、csv-data、html、md、report-html）",
		   "unknown export format: %s (use xlsx, csv, csv-data, html, md, report-html)", jx_nz(name));
	return -1;
}

const char *jx_export_extension(jx_export_format fmt)
{
	const jx_export_ops *ops = writer(fmt);
	return ops ? ops->ext : "";
}

static const char *kind_word(const jx_template *t, jx_export_format fmt)
{
	if (fmt == JX_EXPORT_REPORT_MD || fmt == JX_EXPORT_REPORT_HTML)
		return "评价报告";
	if (fmt == JX_EXPORT_CSV_DATA)
		return "指标数据";
	if (!t)
		return "评价表";
	switch (t->kind) {
	case JX_KIND_PROJECT_SELF: return "自评表";
	case JX_KIND_DEPT_EVAL: return "部门评价表";
	case JX_KIND_DEPT_OVERALL: return "整体自评表";
	case JX_KIND_EXTERNAL: return "评价结果";
	case JX_KIND_PROJECT_DECLARATION: return "绩效目标申报表";
	case JX_KIND_PROJECT_MONITORING: return "绩效监控表";
	}
	return "评价表";
}

char *jx_export_default_name(const jx_sheet *s, const jx_template *t, jx_export_format fmt, char *buf, size_t len)
{
	char raw[512], safe[256];
	const char *ext = jx_export_extension(fmt);
	size_t room;

	if (!buf || len == 0)
		return buf;
	if (!s) {
		snprintf(buf, len, "jixiao-export%s", ext);
		return buf;
	}
	snprintf(raw, sizeof raw, "%d-%s-%s", s->year, jx_nz(s->info[JX_INFO_NAME]),
		 kind_word(t, fmt));
	room = len > strlen(ext) + 1 ? len - strlen(ext) : 1;
	if (room > sizeof safe)
		room = sizeof safe;
	jx_safe_filename(raw, safe, room);
	snprintf(buf, len, "%s%s", safe, ext);
	return buf;
}

/* ------------------------------------------------------------------------
 * The driver
 */

/* The sheets of one export: next() called n times, prev() (if any) once
 * after each. */
typedef struct {
	size_t n;
	jx_sheet_next next;
	jx_sheet_prev prev;
	void *ctx;
} source;

/* next() over an array of sheets (ctx points to an array_cursor). */
typedef struct {
	jx_sheet *const *sheets;
	size_t i;
} array_cursor;

static const jx_sheet *array_next(void *ctx, jx_err *err)
{
	array_cursor *a = ctx;
	(void)err;
	return a->sheets[a->i++];
}

/* The source's next sheet; NULL with err set when it has none. */
static const jx_sheet *source_next(source *src, jx_err *err)
{
	const jx_sheet *s = src->next(src->ctx, err);
	if (!s && !err->msg[0])
		jx_err_set(err, "评价表不足：应有 %zu 张", "fewer sheets than the %zu announced", src->n);
	return s;
}

/* "-" stands for standard output. */
static int is_stdout(const char *path)
{
	return path && strcmp(path, "-") == 0;
}

static int out_of_memory(jx_err *err)
{
	jx_err_set(err, "内存不足", "out of memory");
	return -1;
}

/* The loop every format goes through (see export_ops.h for the order of
 * the operations).  One sheet, its results and its form are held at a
 * time; the summary keeps a line per sheet. */
static int drive(const jx_export_ops *ops, jx_export_run *run, const jx_templates *set, source *src, jx_err *err)
{
	jx_xsheet xs;
	jx_xsum *sums = NULL;
	jx_xform *form = NULL;
	size_t n = src->n;
	int several = n > 1, begun = 0, rc = -1;

	memset(&xs, 0, sizeof xs);
	xs.findings.no_messages = ops->counts;
	/* nor the indicators' explanations, which only those messages quote */
	xs.ss.no_expl = ops->counts;
	/* the tags of a form's cells serve only reading an xlsx back */
	xs.no_tags = ops->fmt != JX_EXPORT_XLSX;
	/* nor do a CSV's the widths its columns would print at */
	xs.no_widths = ops->fmt == JX_EXPORT_CSV;
	/* nor anything but an xlsx the formulas behind its figures */
	xs.no_formulas = ops->fmt != JX_EXPORT_XLSX;
	run->n = n;
	if (several && ops->summary && !(sums = calloc(n, sizeof *sums)))
		return out_of_memory(err);
	for (size_t i = 0; i < n; i++) {
		const jx_sheet *s = source_next(src, err), *prev;
		if (!s)
			goto out;
		if (i == 0) {
			begun = 1;
			if (ops->begin && ops->begin(run, s, err) != 0)
				goto out;
		}
		prev = src->prev ? src->prev(src->ctx, s) : NULL;
		if (jx_xsheet_score(&xs, set, s, prev, err) != 0)
			goto out;
		if (ops->forms && !(form = jx_xform_rebuild(form, &xs, (int)i + 1, several))) {
			out_of_memory(err);
			goto out;
		}
		if (ops->sheet(run, &xs, form, i, err) != 0)
			goto out;
		if (sums && jx_xsum_set(&sums[i], &xs, ops->refs ? form : NULL) != 0) {
			out_of_memory(err);
			goto out;
		}
	}
	jx_xform_free(form);
	form = NULL;
	if (sums) {
		form = jx_xform_summary(sums, n);
		if (!form) {
			out_of_memory(err);
			goto out;
		}
		if (ops->summary(run, form, err) != 0)
			goto out;
	}
	rc = 0;
out:
	jx_xform_free(form);
	jx_xsheet_free(&xs);
	jx_xsum_free(sums, n);
	if (begun && ops->end)
		rc = ops->end(run, rc, err);
	return rc;
}

/* xlsx: a file of the writer's own, written at the safe file's temporary
 * name. */
static int export_to_file_by_name(const jx_export_ops *ops, const jx_templates *set, source *src, const char *path,
				  int force, jx_err *err)
{
	jx_export_run run = {.path = path};
	jx_safefile sf;

	if (is_stdout(path)) {
		jx_err_set(err, "xlsx 不能写到标准输出，请用 -o 指定文件名",
			   "xlsx cannot be written to standard output; name a file with -o");
		return -1;
	}
	if (jx_safefile_open(&sf, path, force, err) != 0)
		return -1;
	if (jx_safefile_release(&sf, err) != 0)
		return -1;
	run.tmp = sf.tmp;
	if (drive(ops, &run, set, src, err) != 0) {
		jx_safefile_abort(&sf);
		return -1;
	}
	return jx_safefile_commit(&sf, err);
}

/* CSV in GB18030: written in UTF-8 to memory and converted as a whole, so
 * that a character GB18030 cannot hold, or GBK lacks (the writer checks
 * each cell, run.flags), is found before anything is written. */
static int export_gb18030(const jx_export_ops *ops, const jx_templates *set, source *src, const char *path,
			  int force, jx_err *err)
{
	jx_export_run run = {.path = path, .flags = JX_EXPORT_GB18030};
	jx_safefile sf;
	char *mem = NULL, *gb = NULL;
	size_t mem_len = 0, gb_len = 0;
	int rc;

	run.f = open_memstream(&mem, &mem_len);
	if (!run.f)
		return out_of_memory(err);
	rc = drive(ops, &run, set, src, err);
	if (fclose(run.f) != 0 && rc == 0)
		rc = out_of_memory(err);
	/* Without the UTF-8 byte-order mark: GB18030 files carry none. */
	if (rc == 0)
		rc = jx_to_gb18030(mem_len >= 3 ? mem + 3 : mem, mem_len >= 3 ? mem_len - 3 : 0, &gb, &gb_len, err);
	free(mem);
	if (rc != 0)
		return -1;
	if (is_stdout(path)) {
		rc = fwrite(gb, 1, gb_len, stdout) == gb_len && fflush(stdout) == 0 ? 0 : -1;
		if (rc)
			jx_safefile_write_error(err, "-", errno);
		free(gb);
		return rc;
	}
	if (jx_safefile_open(&sf, path, force, err) != 0) {
		free(gb);
		return -1;
	}
	if (fwrite(gb, 1, gb_len, sf.f) != gb_len) {
		jx_safefile_write_error(err, path, errno);
		jx_safefile_abort(&sf);
		free(gb);
		return -1;
	}
	free(gb);
	return jx_safefile_commit(&sf, err);
}

/* Room for the output stream's buffer: large writes, few system calls. */
enum { OUT_BUFFER = 1 << 20 };

/* The text formats: to standard output ("-") or to a safe file. */
static int export_text(const jx_export_ops *ops, const jx_templates *set, source *src, const char *path, int force,
		       jx_err *err)
{
	jx_export_run run = {.path = path};
	int to_stdout = is_stdout(path);
	jx_safefile sf;
	char *obuf = NULL;
	int rc;

	if (to_stdout) {
		run.f = stdout;
	} else {
		if (jx_safefile_open(&sf, path, force, err) != 0)
			return -1;
		run.f = sf.f;
		/* Nothing was written yet, so the buffer may still be chosen. */
		obuf = malloc(OUT_BUFFER);
		if (obuf && setvbuf(run.f, obuf, _IOFBF, OUT_BUFFER) != 0) {
			free(obuf);
			obuf = NULL;
		}
	}
	rc = drive(ops, &run, set, src, err);
	if (rc == 0 && ferror(run.f)) {
		jx_safefile_write_error(err, to_stdout ? "-" : path, errno ? errno : EIO);
		rc = -1;
	}
	if (to_stdout) {
		if (rc == 0 && fflush(stdout) != 0) {
			jx_safefile_write_error(err, "-", errno);
			rc = -1;
		}
		return rc;
	}
	if (rc != 0) {
		jx_safefile_abort(&sf);
		free(obuf);
		return -1;
	}
	rc = jx_safefile_commit(&sf, err);
	free(obuf); /* after the stream is closed */
	return rc;
}

static int export_src(jx_export_format fmt, const jx_templates *set, source *src, const char *path, int flags,
		      jx_err *err)
{
	const jx_export_ops *ops = writer(fmt);
	int force = (flags & JX_EXPORT_FORCE) != 0;

	if ((flags & JX_EXPORT_GB18030) && fmt != JX_EXPORT_CSV && fmt != JX_EXPORT_CSV_DATA) {
		jx_err_set(err, "只有 CSV 可以选择 GB18030 编码", "only CSV can be written in GB18030");
		return -1;
	}
	if (!ops) {
		jx_err_set(err, "未知的导出格式", "unknown export format");
		return -1;
	}
	if (!ops->text)
		return export_to_file_by_name(ops, set, src, path, force, err);
	if (flags & JX_EXPORT_GB18030)
		return export_gb18030(ops, set, src, path, force, err);
	return export_text(ops, set, src, path, force, err);
}

int jx_export(jx_export_format fmt, const jx_templates *set, jx_sheet *const *sheets, size_t n, const char *path,
	      int flags, jx_err *err)
{
	array_cursor a = {sheets, 0};
	source src = {n, array_next, NULL, &a};

	err->msg[0] = '\0';
	if (n == 0 || !sheets) {
		jx_err_set(err, "没有要导出的评价表", "no sheets to export");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!sheets[i] || !sheets[i]->template_id || !jx_templates_find(set, sheets[i]->template_id)) {
			jx_err_set(err, "评价表“%s”使用的模板不存在：%s", "sheet \"%s\" uses an unknown template: %s",
				   sheets[i] && sheets[i]->info[JX_INFO_NAME] ? sheets[i]->info[JX_INFO_NAME] : "",
				   sheets[i] && sheets[i]->template_id ? sheets[i]->template_id : "");
			return -1;
		}
	return export_src(fmt, set, &src, path, flags, err);
}

int jx_export_stream_prev(jx_export_format fmt, const jx_templates *set, size_t n, jx_sheet_next next,
			  jx_sheet_prev prev, void *ctx, const char *path, int flags, jx_err *err)
{
	source src = {n, next, prev, ctx};

	err->msg[0] = '\0';
	if (n == 0 || !next) {
		jx_err_set(err, "没有要导出的评价表", "no sheets to export");
		return -1;
	}
	return export_src(fmt, set, &src, path, flags, err);
}

int jx_export_stream(jx_export_format fmt, const jx_templates *set, size_t n, jx_sheet_next next, void *ctx,
		     const char *path, int flags, jx_err *err)
{
	return jx_export_stream_prev(fmt, set, n, next, NULL, ctx, path, flags, err);
}

/* A text format to an open stream. */
static int write_stream(jx_export_format fmt, FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n,
			jx_err *err)
{
	array_cursor a = {sheets, 0};
	source src = {n, array_next, NULL, &a};
	jx_export_run run = {.f = f, .path = "-"};
	return drive(writer(fmt), &run, set, &src, err);
}

int jx_export_csv_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, jx_err *err)
{
	return write_stream(JX_EXPORT_CSV, f, set, sheets, n, err);
}

int jx_export_html_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, jx_err *err)
{
	return write_stream(JX_EXPORT_HTML, f, set, sheets, n, err);
}

int jx_export_report_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, int html,
			   jx_err *err)
{
	return write_stream(html ? JX_EXPORT_REPORT_HTML : JX_EXPORT_REPORT_MD, f, set, sheets, n, err);
}
