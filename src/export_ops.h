/* The export writers' table of operations, one entry per output format
 * (like tig's view_ops), shared by src/export*.c only.
 *
 * src/export.c holds the one loop every format goes through: it opens the
 * output, reads the sheets one at a time, scores and checks each (against
 * its previous-year sheet when the caller gives one), builds its form for
 * the formats that print forms, keeps each sheet's line of the summary, and
 * calls the format's operations in this order:
 *
 *   begin    once, with the first sheet read and before it is scored (the
 *            HTML title is that sheet's name)
 *   sheet    each sheet, scored and checked, with its form
 *   summary  the summary form, when there are several sheets and the format
 *            has one
 *   end      last, once begin was called, also after a failure (rc != 0,
 *            begin's own included): the footer on success, and whatever
 *            begin took is given back
 *
 * Then the driver commits the output (or removes it on failure).
 */
#ifndef JX_EXPORT_OPS_H
#define JX_EXPORT_OPS_H

#include <stdio.h>

#include "export.h"
#include "xform.h"

/* One export as the writer sees it. */
typedef struct {
	FILE *f;          /* text formats: where to write (a file, standard output, or memory) */
	const char *path; /* the output named by the caller, for messages ("-": standard output) */
	const char *tmp;  /* xlsx: the temporary file to write, renamed over path on success */
	size_t n;         /* sheets announced */
	int flags;        /* JX_EXPORT_GB18030 when the text is converted to GB18030 after the writer */
	void *w;          /* the writer's own state, from begin to end */
} jx_export_run;

typedef struct {
	jx_export_format fmt;
	const char *name;      /* as --format takes it: "csv" */
	const char *ext;       /* file name extension: ".csv" */
	unsigned char text;    /* writes text to run->f (else its own file at run->tmp) */
	unsigned char forms;   /* sheet() gets each sheet's form (else NULL) */
	unsigned char refs;    /* summary cells refer to each sheet's form (xlsx formulas) */
	unsigned char counts;  /* shows no finding's message: the checks only count (jx_findings no_messages) */
	int (*begin)(jx_export_run *run, const jx_sheet *first, jx_err *err);  /* NULL: nothing to do */
	int (*sheet)(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err);
	int (*summary)(jx_export_run *run, const jx_xform *form, jx_err *err); /* NULL: no summary */
	int (*end)(jx_export_run *run, int rc, jx_err *err); /* the final rc; NULL: nothing to do */
} jx_export_ops;

extern const jx_export_ops jx_export_xlsx_ops;        /* export_xlsx.c */
extern const jx_export_ops jx_export_csv_ops;         /* export_csv.c */
extern const jx_export_ops jx_export_csv_data_ops;    /* export_csvdata.c */
extern const jx_export_ops jx_export_html_ops;        /* export_html.c */
extern const jx_export_ops jx_export_report_md_ops;   /* export_report.c */
extern const jx_export_ops jx_export_report_html_ops; /* export_report.c */

/* CSV, shared by the two CSV writers (export_csv.c): RFC 4180 fields with
 * CRLF line ends, written through the state jx_csv_begin puts in run->w.
 * Text that a spreadsheet would take for a formula gets a leading
 * apostrophe; whether a field is text or a number is the caller's word (the
 * cell's kind in the form model, the column's kind in the sheet), never
 * guessed from its characters.  For GB18030 output (run->flags) every text
 * field is also checked for characters GBK has no code for (the minus sign
 * − is first spelt －), and jx_csv_end refuses the export naming each such
 * cell. */
typedef struct jx_csv jx_csv;
/* The byte-order mark (export.c drops it from GB18030 output) and the state
 * in run->w.  0, or -1 with err. */
int jx_csv_begin(jx_export_run *run, jx_err *err);
/* The final rc (-1 with err when a cell cannot go into GB18030 as GBK);
 * frees the state.  Usable as a writer's end(). */
int jx_csv_end(jx_export_run *run, int rc, jx_err *err);
/* A table of rows follows: name is what messages call it (a sheet's name,
 * the summary).  The stream stays locked until jx_csv_table_end. */
void jx_csv_table(jx_csv *c, const char *name);
void jx_csv_table_end(jx_csv *c);
/* The next field of the row: text (NULL: empty), a number as shown, or empty. */
void jx_csv_text(jx_csv *c, const char *s, size_t n);
void jx_csv_number(jx_csv *c, const char *s);
void jx_csv_empty(jx_csv *c);
/* The end of a row (a row with no field is an empty line). */
void jx_csv_row_end(jx_csv *c);

/* HTML text escaping with invalid UTF-8 replaced by U+FFFD and control
 * characters dropped; newlines become <br> when br is set. */
void jx_html_escape(FILE *f, const char *s, int br);
/* The head of an HTML output up to <body>: the title (escaped) followed by
 * title_tail, and the shared style followed by css. */
void jx_html_head(FILE *f, const char *title, const char *title_tail, const char *css);
/* The end of an HTML output (</body></html>), written when rc is 0. */
int jx_html_end(jx_export_run *run, int rc, jx_err *err);

/* Links the zip-level replacement (src/xlsx_zip_level.c) into every program
 * that writes xlsx: nothing else refers to that file's object in the static
 * library, and libxlsxwriter's reference to it comes too late for the
 * linker to fetch it.  Does nothing. */
void jx_xlsx_zip_level_linked(void);
/* The same for the replacement that writes numbers as the form shows them
 * (src/xlsx_zip_numbers.c). */
void jx_xlsx_zip_numbers_linked(void);
/* The same for the packager's parts assembled in memory and the
 * worksheets' rows in one temporary file (src/xlsx_tmpfile.c); how many
 * parts it has assembled in memory so far, how many files it has made. */
void jx_xlsx_tmpfile_linked(void);
unsigned long jx_xlsx_tmpfiles_in_memory(void);
unsigned long jx_xlsx_tmpfiles_on_disk(void);
/* The error of the last workbook's failed write to its temporary file, 0
 * when none failed. */
int jx_xlsx_tmpfile_error(void);
/* The same for the worksheets' row arrays from a pool (src/xlsx_arrays.c);
 * how many it has handed out, how many are in use. */
void jx_xlsx_arrays_linked(void);
unsigned long jx_xlsx_arrays_taken(void);
long jx_xlsx_arrays_live(void);
/* The same for the worksheets' rows written in one go (src/xlsx_rows.c);
 * how many rows it has written; with on, every row is left to
 * libxlsxwriter (for the test that compares the two). */
void jx_xlsx_rows_linked(void);
unsigned long jx_xlsx_rows_written(void);
void jx_xlsx_rows_library(int on);

#endif
