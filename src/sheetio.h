/* Sheet files: the human-writable YAML format for one or many sheets
 * (documented in share/sheet-format.md).
 * Import is all-or-nothing: a file with any error yields no sheet and a
 * "file:line:column: message". Export then import gives identical data. */
#ifndef JX_SHEETIO_H
#define JX_SHEETIO_H

#include <stdio.h>
#include "err.h"
#include "model.h"
#include "store.h"
#include "template.h"

#define JX_SHEETFILE_VERSION 1

/* A sheet's history as a file carries it: its audit rows, oldest first (the
 * `audit:` list of share/sheet-format.md).  n = 0: the sheet has none. */
typedef struct {
	jx_audit_row *rows; /* id 0; gid, at, user, field set; the rest "" or NULL */
	size_t n;
} jx_sheet_history;

/* Read every sheet in a file ("-" = stdin).  Templates are looked up in set
 * (an unknown template is an error at its line).  On success *out is a
 * malloc'd array of n sheets. */
int jx_sheets_read(const char *path, const jx_templates *set, jx_sheet ***out, size_t *n, jx_err *err);
int jx_sheets_read_mem(const char *name, const char *data, size_t len, const jx_templates *set, jx_sheet ***out,
		       size_t *n, jx_err *err);
void jx_sheets_free(jx_sheet **v, size_t n);

/* The same, keeping each sheet's history: *hist is a malloc'd array of n
 * histories parallel to *out.  (jx_sheets_read checks the audit lists the
 * same way and drops them.) */
int jx_bundle_read(const char *path, const jx_templates *set, jx_sheet ***out, jx_sheet_history **hist, size_t *n,
		   jx_err *err);
int jx_bundle_read_mem(const char *name, const char *data, size_t len, const jx_templates *set, jx_sheet ***out,
		       jx_sheet_history **hist, size_t *n, jx_err *err);
void jx_histories_free(jx_sheet_history *h, size_t n);
/* The same bundle read one sheet at a time: fn(ctx, s, h, err) gets each
 * sheet and its history as soon as it is read and owns both (free them with
 * jx_sheet_free and jx_audit_free(h->rows, h->n)); it returns 0, or -1 with
 * err to stop the read.  Memory stays that of one sheet, whatever the
 * file's size.  The file is all-or-nothing for the caller: an error after
 * some sheets were handed over still fails the read (-1 with err).  Each
 * sheet is read to be stored: its indicators' texts are kept together
 * (jx_sheet.ind_texts), so it is read, merged and freed, never edited
 * (jx_sheet_clone gives a copy that can be). */
typedef int (*jx_bundle_each_fn)(void *ctx, jx_sheet *s, jx_sheet_history *h, jx_err *err);
int jx_bundle_read_each(const char *path, const jx_templates *set, jx_bundle_each_fn fn, void *ctx, jx_err *err);

/* Write sheets as one YAML document. Returns 0 or -1 (I/O error).
 * Qualitative bands are written by name, looked up in the built-in templates. */
int jx_sheets_write(FILE *f, jx_sheet *const *v, size_t n, jx_err *err);
/* The same with the template set the sheets were read with (band names of
 * templates loaded from a directory).  set may be NULL: a band whose
 * template is not in the set is written as its number, which reads back the same. */
int jx_sheets_write_with(FILE *f, jx_sheet *const *v, size_t n, const jx_templates *set, jx_err *err);
/* A bundle: the sheets each followed by its history (hist parallel to v,
 * may be NULL = no history).  Canonical like the above. */
int jx_bundle_write(FILE *f, jx_sheet *const *v, const jx_sheet_history *hist, size_t n, const jx_templates *set,
		    jx_err *err);
/* The same bundle (byte for byte) with the sheets handed over one at a time,
 * so that they need not all be in memory: next(ctx, &s, &h, err) is called
 * exactly n times, in order, and sets the next sheet and its history (h may
 * be NULL = none); both need to stay valid only until the following call.
 * next() may fail by returning -1 with a message in err: the write then
 * fails with that message (part of the document may have reached f). */
typedef int (*jx_bundle_next)(void *ctx, const jx_sheet **s, const jx_sheet_history **h, jx_err *err);
int jx_bundle_write_stream(FILE *f, size_t n, jx_bundle_next next, void *ctx, const jx_templates *set, jx_err *err);

#endif
