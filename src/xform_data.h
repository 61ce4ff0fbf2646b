/* The exact values behind an exported workbook.  A form prints a sheet as
 * people read it: an actual as the sentence the document gave, 万元 with
 * two decimals, a checklist as marks; read back, that loses values.  So
 * the xlsx export adds a hidden worksheet, "jixiao-data", with one row per
 * value the form shows: the worksheet of the form, the field path
 * (field.h), the exact value as `set` takes it, and, where one visible
 * cell shows the value, that cell and the text it was printed as.
 *
 * Import takes the exact value while the visible cell still reads what was
 * printed, and the visible cell's text, saying so per cell, when someone
 * changed it in a spreadsheet program.  The hidden rows come from another
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

#define JX_XDATA_SHEET "jixiao-data"
enum { JX_XDATA_NCOLS = 5 };
/* The hidden worksheet's first row: the columns' names. */
extern const char *const jx_xdata_heads[JX_XDATA_NCOLS];

/* A cell of the form that shows one field exactly as it is, so that a
 * change made to it in a spreadsheet program can be found. */
struct jx_xtag {
	int row, col;
	char path[120];
};
/* (jx_fx_tag, xform_build.h, marks such a cell.) */

/* The hidden rows of sheet x whose form is f: put() gets the
 * JX_XDATA_NCOLS texts of each row and returns 0 or -1 (which stops).  0,
 * or -1 (put's, or out of memory). */
typedef int (*jx_xdata_put)(void *ctx, const char *const *cols);
int jx_xdata_rows(const jx_xsheet *x, const jx_xform *f, jx_xdata_put put, void *ctx);

/* The hidden worksheet of a book read from file, -1 when it has none. */
int jx_xdata_find(const jx_book *book);
/* The sheets its rows make (no uids yet), each value the visible cell's
 * when it was changed: note() gets a message per such cell
 * ("file!sheet!cell: …").  0 with *out and *n, or -1 with err
 * ("file!sheet!cell: …"; nothing made). */
typedef void (*jx_xdata_note)(void *ctx, const char *msg);
int jx_xdata_sheets(const jx_book *book, int data, const char *file, const jx_templates *set, jx_sheet ***out,
		    size_t *n, jx_xdata_note note, void *note_ctx, jx_err *err);

#endif
