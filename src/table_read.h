/* Spreadsheets read as plain tables of text: xlsx (minizip and expat), xls
 * (libfreexl) and CSV (UTF-8 with or without BOM, or GB18030), recognised
 * by their first bytes rather than their names.
 *
 * A table keeps what a person sees in each cell: the cached value of a
 * formula (never evaluated), a number as its shortest decimal text, a date
 * cell as the serial number Excel stores; merged ranges are kept so that a
 * reader of the table can follow a merged 一级/二级 cell down its rows.
 *
 * Every reader is bounded, because the files come from anywhere: the size
 * of a file and of each unpacked part, the ratio of unpacked to packed
 * bytes (zip bombs), the number of cells, rows, columns and shared strings;
 * an XML part with a document type declaration (entity expansion) is
 * refused; an encrypted workbook gets a message saying so. */
#ifndef JX_TABLE_READ_H
#define JX_TABLE_READ_H

#include <stddef.h>
#include "err.h"

/* The bounds (share/sheet-format.md, "Spreadsheets"). */
#define JX_TABLE_MAX_FILE (64u << 20)   /* bytes of a file */
#define JX_TABLE_MAX_PART (64u << 20)   /* unpacked bytes of one xlsx part */
#define JX_TABLE_MAX_RATIO 200u         /* unpacked / packed bytes of a part */
#define JX_TABLE_MAX_ROWS 100000u
#define JX_TABLE_MAX_COLS 256u
#define JX_TABLE_MAX_CELLS 1000000u     /* filled cells in a workbook */
#define JX_TABLE_MAX_STRINGS 1000000u   /* shared strings of an xlsx */
#define JX_TABLE_MAX_SHEETS 64u

typedef struct {
	size_t r0, c0, r1, c1; /* inclusive, 0-based */
} jx_table_merge;

typedef struct {
	char *name;             /* the worksheet's name; a CSV's file name without its extension */
	size_t nrows, ncols;
	char **cell;            /* nrows * ncols, row by row; NULL = empty */
	jx_table_merge *merges;
	size_t nmerges;
} jx_table;

typedef enum { JX_BOOK_CSV, JX_BOOK_XLSX, JX_BOOK_XLS } jx_book_kind;

typedef struct {
	jx_book_kind kind;
	jx_table *t;
	size_t n;
} jx_book;

/* What the first bytes say: 1 = xlsx (a zip), 2 = xls (an OLE2 compound
 * file), 0 = neither (text: CSV or YAML). */
int jx_table_sniff(const unsigned char *head, size_t n);
/* Is this file a spreadsheet jixiao reads as a table (xlsx, xls, or text
 * whose first line has a comma, a tab or a semicolon and no YAML key)?
 * Reads at most the first few KiB. */
int jx_table_is_spreadsheet(const char *path);

/* Read a whole file.  0, or -1 with err ("file: message" or
 * "file!sheet!cell: message"); *book is then empty. */
int jx_book_read(const char *path, jx_book *book, jx_err *err);
/* The same from memory (the fuzz targets; name is used in messages). */
int jx_xlsx_read_mem(const char *name, const void *data, size_t len, jx_book *book, jx_err *err);
int jx_xls_read_mem(const char *name, const void *data, size_t len, jx_book *book, jx_err *err);
int jx_csv_read_mem(const char *name, const void *data, size_t len, jx_book *book, jx_err *err);
void jx_book_free(jx_book *book);

/* The text of a cell, NULL when empty or outside the table. */
const char *jx_table_at(const jx_table *t, size_t r, size_t c);
/* "C5" for row 4, column 2 (0-based), into buf (at least 16 bytes). */
const char *jx_table_cellname(size_t r, size_t c, char *buf, size_t cap);

/* ---- building a table (the readers) ---- */
typedef struct {
	size_t r, c;
	char *text;
} jx_table_cellv;
typedef struct {
	jx_table_cellv *v;
	size_t n, cap, maxr, maxc;
	jx_table_merge *merges;
	size_t nmerges, capm;
} jx_table_builder;
/* Take text (malloc'd, owned afterwards) for cell (r, c).  0 or -1 (err). */
int jx_tb_put(jx_table_builder *b, size_t r, size_t c, char *text, size_t *total_cells, const char *where,
	      jx_err *err);
int jx_tb_merge(jx_table_builder *b, jx_table_merge m, const char *where, jx_err *err);
/* Turn the builder into a new table appended to book under name. */
int jx_tb_finish(jx_table_builder *b, jx_book *book, const char *name, jx_err *err);
void jx_tb_free(jx_table_builder *b);

#endif
