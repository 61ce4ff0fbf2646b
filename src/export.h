/* Export of scored sheets: xlsx in the layout people submit, CSV, printable
 * HTML and a report draft (Markdown or HTML).
 *
 * Every number written comes from the scoring engine (jx_score) or from the
 * sheet itself; findings come from jx_check.  Files are written through
 * safefile.h: complete or absent, an existing file refused unless
 * JX_EXPORT_FORCE.
 *
 * Several sheets:
 *   xlsx   one workbook: a summary worksheet "汇总" (name, unit, year,
 *          template, total, grade, execution rate, findings), then one
 *          worksheet per sheet;
 *   CSV    each sheet's table, one after another, then the summary table,
 *          tables separated by one empty line (a line with no fields);
 *   csv-data  a heading row, then one row per indicator of every sheet;
 *   HTML   one sheet per A4 page, then the summary on its own page
 *          (the text formats are written in one pass, so the summary, which
 *          needs every sheet's result, comes last);
 *   report one report per sheet, one after another (HTML: one per page).
 * With one sheet there is no summary.
 *
 * The text formats (CSV, HTML, reports) may be written to standard output
 * with path "-".
 *
 * Memory: one sheet at a time is scored and laid out (with jx_export_stream
 * only one needs to exist).  The text formats then need nothing more; the
 * xlsx writer (libxlsxwriter in constant-memory mode) keeps about 30 KiB per
 * worksheet until the workbook is closed, and each worksheet's XML in a
 * temporary file: in $TMPDIR when set, else in /dev/shm when it has room
 * (a memory file system: creating and deleting a thousand files there is
 * far cheaper than on a disk file system), else in /tmp.
 */
#ifndef JX_EXPORT_H
#define JX_EXPORT_H

#include <stddef.h>
#include <stdio.h>
#include "checks.h"
#include "engine.h"
#include "err.h"
#include "model.h"
#include "template.h"

typedef enum {
	JX_EXPORT_XLSX,
	JX_EXPORT_CSV,
	JX_EXPORT_HTML,
	JX_EXPORT_REPORT_MD,
	JX_EXPORT_REPORT_HTML,
	JX_EXPORT_CSV_DATA, /* one CSV row per indicator, for pivot tables */
} jx_export_format;

enum {
	JX_EXPORT_FORCE = 1,   /* overwrite an existing file */
	JX_EXPORT_GB18030 = 2, /* CSV in GB18030 (no byte-order mark) instead of UTF-8 with BOM; refused, naming
				* the cells, when a text has a character GBK lacks (Excel on Chinese Windows
				* reads CSV as GBK and would garble it) */
};

/* Score, check and write n sheets to path in format fmt.  Returns 0, or -1
 * with a message in err (nothing written then). */
int jx_export(jx_export_format fmt, const jx_templates *set, jx_sheet *const *sheets, size_t n, const char *path,
	      int flags, jx_err *err);

/* The same, with the sheets given one at a time: next(ctx, err) is called
 * exactly n times and returns the next sheet, which needs to stay valid only
 * until the following call (so that a thousand sheets need not all be in
 * memory at once: read each from the database, or generate it, when asked).
 * next() may fail by returning NULL with a message in err; the export then
 * fails and leaves no file behind.  A sheet with an unknown template fails
 * the export when it is reached (jx_export checks them all first).  The
 * text formats written to standard output ("-") may have written part of
 * their output before such a failure. */
typedef const jx_sheet *(*jx_sheet_next)(void *ctx, jx_err *err);
int jx_export_stream(jx_export_format fmt, const jx_templates *set, size_t n, jx_sheet_next next, void *ctx,
		     const char *path, int flags, jx_err *err);

/* The same, with each sheet's checks run against the same project's
 * previous-year sheet, as the list of sheets counts them.  prev(ctx, s)
 * returns the same project's previous-year sheet of s, or NULL; what it
 * returns needs to stay valid only until the next call (of next or prev).
 * It is called once for each sheet s, right after next() gave it (s stays
 * valid).  The findings against that sheet (W1301) are counted in the
 * summary and listed in the report.  jx_export_stream is this with
 * prev = NULL. */
typedef const jx_sheet *(*jx_sheet_prev)(void *ctx, const jx_sheet *s);
int jx_export_stream_prev(jx_export_format fmt, const jx_templates *set, size_t n, jx_sheet_next next,
			  jx_sheet_prev prev, void *ctx, const char *path, int flags, jx_err *err);

/* Keep glibc from serving libxlsxwriter's large per-worksheet arrays from
 * freed heap memory (see src/export_xlsx.c): called before a big export. */
void jx_export_fixed_mmap_threshold(void);

/* "xlsx", "csv", "csv-data", "html", "md" (report in Markdown), "report-html".  Also
 * accepted: "report-md", "report".  Returns 0 or -1 (unknown name, err set). */
int jx_export_format_parse(const char *name, jx_export_format *out, jx_err *err);
/* File name extension with its dot: ".xlsx", ".csv", ".html", ".md", ".html" (csv-data: ".csv"). */
const char *jx_export_extension(jx_export_format fmt);

/* Default file name for exporting one sheet: "<year>-<project name>-<template
 * kind><ext>", e.g. "2022-工业发展管理经费-自评表.xlsx", made safe with
 * jx_safe_filename (the name a user may edit in a prompt).  For several
 * sheets pass s = NULL: "jixiao-export<ext>".  Returns buf. */
char *jx_export_default_name(const jx_sheet *s, const jx_template *t, jx_export_format fmt, char *buf, size_t len);

/* ---------------------------------------------------------------------------
 * Pieces of the writers that other parts use: the form model itself is in
 * xform.h, the writers' table of operations in export_ops.h.
 */

/* UTF-8 to GB18030 (whole buffer).  A character GB18030 cannot hold is an
 * error naming it and its line.  *out is malloc'd. */
int jx_to_gb18030(const char *in, size_t len, char **out, size_t *out_len, jx_err *err);

/* The text formats written to an open stream f (sheets valid, as jx_export
 * checks them): what jx_export writes, without the file around it. */
int jx_export_csv_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, jx_err *err);
int jx_export_html_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, jx_err *err);
int jx_export_report_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, int html,
			   jx_err *err);

#endif
