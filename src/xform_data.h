/* The exact values behind an exported workbook.  A form prints a sheet as
 * people read it: an actual as the sentence the document gave, 万元 with
 * two decimals, a checklist as marks; read back, that loses values.  So
 * the xlsx export adds a hidden worksheet, "jixiao-data", holding each
 * sheet's values keyed by field path (field.h), as `set` takes them
 * (share/sheet-format.md, "The hidden data of an xlsx export").
 * A row is one cell of texts joined by tabs: a value is a row
 * "path→value", and the rows of a sheet's lists (indicators, funds, …)
 * one row per list row "ind:i3→v1→v2…" under a row "#cols→ind→name→slot…"
 * naming the columns, so that 300 indicators take 300 cells, not 7,500.
 *
 * Import takes the exact values, then builds each sheet's form again and
 * compares it cell by cell with the visible one (xform_data_check.c), so
 * that no edit made in a spreadsheet program is lost without a word: a
 * cell showing one field exactly (jx_fx_tag) wins, said per cell; any
 * other change refuses the sheet.  The hidden rows come from another
 * machine like everything else: every value goes through the field
 * validation of any import (field.h), the sheet through the sheet-file
 * reader, and a row for a field no form shows (status, the reviewer's
 * fields, uid, history) is refused.  Without its visible form the hidden
 * data is not imported. */
#ifndef JX_XFORM_DATA_H
#define JX_XFORM_DATA_H

#include <stddef.h>
#include "err.h"
#include "model.h"
#include "table_read.h"
#include "template.h"
#include "xform.h"

/* The hidden worksheet; when a workbook needs more rows than import reads
 * in one worksheet, "jixiao-data 2", "jixiao-data 3" … go on with them. */
#define JX_XDATA_SHEET "jixiao-data"
/* Rows per hidden worksheet: as many as import reads in one. */
#define JX_XDATA_MAX_ROWS JX_TABLE_MAX_ROWS
/* Bytes of a row's text in one cell (a cell holds 32,767 characters). */
#define JX_XDATA_CELL 32000

/* A cell of the form that shows one field exactly as it is, so that a
 * change made to it in a spreadsheet program is taken on import
 * (jx_fx_tag, xform_build.h, marks such a cell). */
struct jx_xtag {
	int row, col;
	char path[120];
};

/* The hidden rows of sheet x whose form is f, in the order they are
 * written: put() gets the n cells of each row (one, unless the row is
 * long) and returns 0 or -1 (which stops).  0, or -1 (put's, or out of memory). */
typedef int (*jx_xdata_put)(void *ctx, const char *const *cols, int n);
int jx_xdata_rows(const jx_xsheet *x, const jx_xform *f, jx_xdata_put put, void *ctx);
/* At most how many rows jx_xdata_rows writes for sheet s (a sheet's rows
 * are kept in one hidden worksheet). */
size_t jx_xdata_rows_max(const jx_sheet *s);
/* The first row of each hidden worksheet. */
int jx_xdata_head(jx_xdata_put put, void *ctx);

/* 1 when the book (an xlsx) carries hidden data. */
int jx_xdata_present(const jx_book *book);
/* The sheets its rows make (no uids yet), each compared with its visible
 * form: a field's cell changed there gives the field its text, and note()
 * gets a message per such cell ("file!sheet!cell: …"); any other cell
 * changed refuses.  0 with *out and *n, or -1 with err
 * ("file!sheet!cell: …"; nothing made). */
typedef void (*jx_xdata_note)(void *ctx, const char *msg);
int jx_xdata_sheets(const jx_book *book, const char *file, const jx_templates *set, jx_sheet ***out, size_t *n,
		    jx_xdata_note note, void *note_ctx, jx_err *err);

#endif
