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
	void *w;          /* the writer's own state, from begin to end */
} jx_export_run;

typedef struct {
	jx_export_format fmt;
	const char *name;      /* as --format takes it: "csv" */
	const char *ext;       /* file name extension: ".csv" */
	unsigned char text;    /* writes text to run->f (else its own file at run->tmp) */
	unsigned char forms;   /* sheet() gets each sheet's form (else NULL) */
	unsigned char refs;    /* summary cells refer to each sheet's form (xlsx formulas) */
	int (*begin)(jx_export_run *run, const jx_sheet *first, jx_err *err);  /* NULL: nothing to do */
	int (*sheet)(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err);
	int (*summary)(jx_export_run *run, const jx_xform *form, jx_err *err); /* NULL: no summary */
	int (*end)(jx_export_run *run, int rc, jx_err *err); /* the final rc; NULL: nothing to do */
} jx_export_ops;

extern const jx_export_ops jx_export_xlsx_ops;        /* export_xlsx.c */
extern const jx_export_ops jx_export_csv_ops;         /* export_csv.c */
extern const jx_export_ops jx_export_html_ops;        /* export_html.c */
extern const jx_export_ops jx_export_report_md_ops;   /* export_report.c */
extern const jx_export_ops jx_export_report_html_ops; /* export_report.c */

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

#endif
