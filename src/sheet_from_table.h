/* An indicator table read from a spreadsheet (table_read.h) turned into a
 * sheet: the header row found by its names in the first rows of any
 * worksheet, each column mapped to an indicator field, merged 一级/二级
 * cells followed down, the project's name and year taken from a label
 * cell ("项目名称", "年度") or a column.  All or nothing: every error names
 * its "file!sheet!cell". */
#ifndef JX_SHEET_FROM_TABLE_H
#define JX_SHEET_FROM_TABLE_H

#include <stdio.h>
#include "err.h"
#include "model.h"
#include "table_read.h"
#include "template.h"

/* Options: the template of the sheet made (NULL = project-self-2020, the
 * national project self-evaluation form), corrections of the mapping
 * ("C=name,F=target" or by heading "度量单位=unit"; FIELD "-" drops a
 * column), and where to print the mapping and the rows (dry run; NULL =
 * quiet). */
typedef struct {
	const char *template_id;
	const char *map;
	FILE *dry;
} jx_table_opts;

/* The fields a column may be mapped to, for --map and messages:
 * l1 l2 name subproject cmp target unit actual points score deviation
 * project year. */
const char *jx_table_fields_list(void);

/* The sheets the book holds: one, or, when the table has a 项目名称 column
 * and it (or 年度) changes between runs of rows, one per run — what export
 * --all --format csv-data writes; such sheets take only what their rows
 * say (no funds, goals or labels above the table).  0 with *out (n new
 * sheets, no uids yet), or -1 with err (nothing made). */
int jx_sheets_from_book(const jx_book *book, const char *file, const jx_templates *set, const jx_table_opts *o,
			jx_sheet ***out, size_t *n, jx_err *err);

/* The sheet the book holds, when it holds exactly one.  0 with *out (a new
 * sheet, no uid yet), or -1 with err. */
int jx_sheet_from_book(const jx_book *book, const char *file, const jx_templates *set, const jx_table_opts *o,
		       jx_sheet **out, jx_err *err);

#endif
