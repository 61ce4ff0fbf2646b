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
} jx_export_format;

enum {
	JX_EXPORT_FORCE = 1,   /* overwrite an existing file */
	JX_EXPORT_GB18030 = 2, /* CSV in GB18030 (no byte-order mark) instead of UTF-8 with BOM */
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

/* Keep glibc from serving libxlsxwriter's large per-worksheet arrays from
 * freed heap memory (see src/export_xlsx.c): called before a big export. */
void jx_export_fixed_mmap_threshold(void);

/* "xlsx", "csv", "html", "md" (report in Markdown), "report-html".  Also
 * accepted: "report-md", "report".  Returns 0 or -1 (unknown name, err set). */
int jx_export_format_parse(const char *name, jx_export_format *out, jx_err *err);
const char *jx_export_format_name(jx_export_format fmt);
/* File name extension with its dot: ".xlsx", ".csv", ".html", ".md", ".html". */
const char *jx_export_extension(jx_export_format fmt);

/* Default file name for exporting one sheet: "<year>-<project name>-<template
 * kind><ext>", e.g. "2022-工业发展管理经费-自评表.xlsx", made safe with
 * jx_safe_filename (the name a user may edit in a prompt).  For several
 * sheets pass s = NULL: "jixiao-export<ext>".  Returns buf. */
char *jx_export_default_name(const jx_sheet *s, const jx_template *t, jx_export_format fmt, char *buf, size_t len);

/* ---------------------------------------------------------------------------
 * Internal: shared by src/export_*.c.
 *
 * A form is one sheet's table as people submit it: a grid of cells with
 * merges, styles and number formats.  The xlsx, CSV and HTML writers all
 * render the same form, so the three show the same tables.
 */

typedef enum {
	JX_XS_BLANK,     /* outside the table: no border */
	JX_XS_TITLE,     /* big bold title */
	JX_XS_SUBTITLE,  /* centred line under the title */
	JX_XS_HEAD,      /* column heading: bold, centred, shaded */
	JX_XS_LABEL,     /* row label: bold, centred */
	JX_XS_TEXT,      /* body text: left, wrapped */
	JX_XS_CENTER,    /* body text or number: centred */
	JX_XS_NUMBER,    /* number: right */
	JX_XS_TOTAL,     /* total row: bold */
	JX_XS_NOTE,      /* note under the table: no border */
	JX_XS_COUNT
} jx_xstyle;

typedef enum {
	JX_XN_TEXT,   /* not a number */
	JX_XN_MONEY,  /* 万元, "0.00" */
	JX_XN_SCORE,  /* score, "0.00" */
	JX_XN_POINTS, /* points as typed: 10, 0.5 */
	JX_XN_RATE,   /* fraction shown as a percentage, "0.00%" */
	JX_XN_INT,    /* year, count, row number */
	JX_XN_VALUE,  /* any other amount: 2 to 6 decimals */
	JX_XN_COUNT
} jx_xnum;

typedef struct {
	char *text;              /* text cell (valid UTF-8, controls removed); owned by the form */
	jx_dec value;            /* number cell when num != JX_XN_TEXT */
	char *formula;           /* xlsx formula whose cached result is `value`; owned by the form */
	unsigned char num;       /* jx_xnum */
	unsigned char style;     /* jx_xstyle */
	unsigned char covered;   /* part of a merge, not its top-left cell */
	unsigned char has_value; /* number present (else an empty cell) */
	unsigned char multiline; /* text holds a line break */
	int rowspan, colspan;    /* merge from this cell (1 = none) */
	unsigned text_len;       /* strlen(text) */
	int text_cols;           /* display columns of the text's longest line */
} jx_xcell;

/* Storage for a form's strings, reused from one sheet to the next. */
typedef struct jx_xchunk jx_xchunk;

typedef struct {
	char *sheet_name;  /* worksheet name: unique in the workbook, <= 31 characters */
	int ncols;
	int nrows, cap;
	jx_xcell *cells;   /* nrows × ncols */
	int *widths;       /* column widths in display columns */
	int min_width[16], max_width[16];
	int head_rows;     /* rows repeated at the top of each printed page (0 = none) */
	int total_row, total_col; /* cell holding the total, -1 if none */
	int rate_row, rate_col;   /* cell holding the execution rate, -1 if none */
	size_t cells_cap;  /* room in cells, in cells */
	jx_xchunk *chunks; /* the cells' texts and formulas */
} jx_xform;

/* One sheet with its results, as the writers need it.  The buffers are
 * reused from one sheet to the next (zero-initialise once, free at the end;
 * score every sheet with the same template set). */
typedef struct {
	const jx_sheet *sheet;
	const jx_template *tpl;
	jx_scoresheet ss;
	jx_findings findings;
	const jx_templates *set; /* where tpl was found (looked up again only for another template) */
} jx_xsheet;

/* Score and check sheet s (template looked up in set).  0 or -1 with err. */
int jx_xsheet_score(jx_xsheet *x, const jx_templates *set, const jx_sheet *s, jx_err *err);
void jx_xsheet_free(jx_xsheet *x);

/* A sheet's line in the summary of several sheets. */
typedef struct {
	char *name, *unit, *tpl_name;
	int year;
	jx_dec total, rate;
	char grade[32];
	size_t findings;
	char *ref_total, *ref_rate; /* xlsx references ("'1 名称'!H40"), or NULL */
} jx_xsum;
/* Fill from a scored sheet and its form (f may be NULL; with f, the
 * references to its total and rate cells are kept for xlsx formulas). */
int jx_xsum_set(jx_xsum *sum, const jx_xsheet *x, const jx_xform *f);
void jx_xsum_free(jx_xsum *v, size_t n);

/* Build the form of one sheet.  `index` (1-based) and `several` name the
 * worksheet ("1 工业发展管理经费" when several).  NULL when out of memory. */
jx_xform *jx_xform_build(const jx_xsheet *x, int index, int several);
/* The same, reusing the memory of form f (from an earlier build; NULL for a
 * new one), whose content is replaced.  NULL when out of memory (f freed). */
jx_xform *jx_xform_rebuild(jx_xform *f, const jx_xsheet *x, int index, int several);
/* The summary table of several sheets. */
jx_xform *jx_xform_summary(const jx_xsum *v, size_t n);
void jx_xform_free(jx_xform *f);
/* Cell at (r, c). */
static inline jx_xcell *jx_xform_cell(const jx_xform *f, int r, int c)
{
	return &f->cells[(size_t)r * (size_t)f->ncols + (size_t)c];
}
/* The text a cell shows: its text, or its number formatted as displayed
 * ("24.85%", "480.82").  buf needs 48 bytes. */
const char *jx_xcell_display(const jx_xcell *c, char *buf);

/* The sheets a writer takes: next() called n times (see jx_export_stream). */
typedef struct {
	size_t n;
	jx_sheet_next next;
	void *ctx;
} jx_xsource;
/* Source over an array (ctx points to a jx_xarray). */
typedef struct {
	jx_sheet *const *sheets;
	size_t i;
} jx_xarray;
const jx_sheet *jx_xarray_next(void *ctx, jx_err *err);
/* The source's next sheet; NULL with err set when it has none. */
const jx_sheet *jx_xsource_next(jx_xsource *src, jx_err *err);

/* Writers, called by jx_export (sheets already validated) and jx_export_stream. */
int jx_export_xlsx(const jx_templates *set, jx_sheet *const *sheets, size_t n, const char *path, int force,
		   jx_err *err);
int jx_export_csv_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, jx_err *err);
int jx_export_html_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, jx_err *err);
int jx_export_report_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, int html,
			   jx_err *err);
int jx_export_xlsx_src(const jx_templates *set, jx_xsource *src, const char *path, int force, jx_err *err);
int jx_export_csv_src(FILE *f, const jx_templates *set, jx_xsource *src, jx_err *err);
int jx_export_html_src(FILE *f, const jx_templates *set, jx_xsource *src, jx_err *err);
int jx_export_report_src(FILE *f, const jx_templates *set, jx_xsource *src, int html, jx_err *err);

/* Number text as jx_fmt (fixed decimals) or jx_fmt_trim (trim != 0), without
 * stdio; buf needs 32 bytes.  Returns the length. */
size_t jx_xfmt(char *buf, jx_dec v, int decimals, int trim);

/* UTF-8 to GB18030 (whole buffer).  A character GB18030 cannot hold is an
 * error naming it and its line.  *out is malloc'd. */
int jx_to_gb18030(const char *in, size_t len, char **out, size_t *out_len, jx_err *err);

/* HTML text escaping with invalid UTF-8 replaced by U+FFFD and control
 * characters dropped; newlines become <br> when br is set. */
void jx_html_escape(FILE *f, const char *s, int br);
/* Shared page style of the HTML outputs (A4, Chinese fonts). */
extern const char jx_html_style[];

#endif
