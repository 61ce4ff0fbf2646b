/* The layout of the hidden data, shared by its writer (xform_data.c) and
 * its reader (xform_data_read.c) only. */
#ifndef JX_XFORM_DATA_INT_H
#define JX_XFORM_DATA_INT_H

#include "field.h"
#include "xform_data.h"

/* The first text of a row says what the row is. */
#define R_HEAD JX_XDATA_SHEET /* the first row: "jixiao-data→1" (the layout's version) */
#define R_SHEET "#sheet"      /* "#sheet→worksheet of the form→template" begins a sheet */
#define R_COLS "#cols"        /* "#cols→ind→name→slot…": the columns of a list's rows */
#define R_TAG '@'             /* "@ind:i3:actual→G16→printed text": the cell showing a field */
#define LAYOUT "1"

/* Paths that are not field paths: which stage the sheet is (the form's
 * title says so), and the figures its source document states (the
 * reviewer's sheet prints them), each by its index since a document may
 * state one figure in several places. */
#define P_STAGE "stage"
#define P_STAGE_MONTH "stage_month"
#define P_STATED "stated"
extern const char *const jx_xdata_stated_cols[]; /* path value text source, NULL */

/* The lists written one row per list row, declared once for both ways. */
typedef struct {
	const char *prefix;
	jx_field_family fam;
} jx_xdata_list;
extern const jx_xdata_list jx_xdata_lists[];
enum { JX_XDATA_NLISTS = 7, JX_XDATA_MAX_COLS = 40 };
/* Word i of list l's columns, NULL past the last. */
const char *jx_xdata_list_word(int l, int i);
/* The list of a prefix ("ind"), or -1. */
int jx_xdata_list_of(const char *prefix);

/* Sheet s as its hidden data made it, its form built as the export
 * builds it and compared cell by cell with vis, the visible worksheet
 * (xform_data_check.c): a cell showing one field exactly (jx_fx_tag) that
 * was changed sets the field, said by note(); a formula's cell must read
 * what the form of the sheet so changed reads; any other change, rows
 * inserted or deleted among them, is refused.  0, or -1 with err
 * ("file!sheet!cell: …"). */
int jx_xdata_check(jx_sheet *s, const jx_templates *set, const jx_template *tpl, const jx_table *vis,
		   const char *file, jx_xdata_note note, void *note_ctx, jx_err *err);

#endif
