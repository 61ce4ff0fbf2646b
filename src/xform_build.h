/* Building a form, shared by src/xform*.c only: the builder that fills a
 * jx_xform row by row, and the blocks every template kind's layout uses
 * (title, notes, funds totals, the tree of score items).  Formulas are
 * written only where the spreadsheet's recalculation gives the engine's
 * number (see jx_fx_sum_formula), so that the xlsx shows what jixiao
 * computed. */
#ifndef JX_XFORM_BUILD_H
#define JX_XFORM_BUILD_H

#include "xform.h"

/* Grow-as-you-go string. */
typedef struct {
	char *s;
	size_t len, cap;
	int oom;
} jx_xsbuf;

typedef struct {
	jx_xform *f;
	int oom;
	/* Cells holding formula inputs ("funds.spent", "measure.结转结余"). */
	struct {
		char name[96];
		int row, col;
	} inputs[64];
	int n_inputs;
	jx_xsbuf scratch; /* for texts put together from pieces */
	/* Per column, the last text set in it and what was found of it: a
	 * category's name is set on each of its indicators' rows, and is
	 * looked at and copied once. */
	struct {
		const char *text; /* in the form's chunks; NULL: none yet */
		unsigned len;
		int cols;
		unsigned char multi, bare;
	} last[16];
} jx_xbuilder;

/* Cells whose values a SUM formula adds up. */
typedef struct {
	int row[1024];
	int col[1024];
	int n;
	int overflow;
} jx_xcellset;

/* A leaf of the tree of score items with its 一级 and 二级 ancestors. */
typedef struct {
	int root, l2, leaf; /* item indexes; l2 -1 when the leaf is a root */
	/* the row before has the same 一级 (same_root) or the same 二级
	 * (same_l2, l2 >= 0): this row's cell of it is covered by the merge
	 * jx_fx_tree makes, which a CSV writes empty */
	unsigned char same_root, same_l2;
} jx_xtree_row;

/* ---- cells ---- */

/* "G16" for row 15, column 6 (0-based; a form has at most 26 columns);
 * buf needs 16 bytes. */
void jx_xcref(char *buf, int r, int c);

/* A new row of empty text cells; its index, or -1 when out of memory. */
int jx_fx_row(jx_xbuilder *b);
void jx_fx_row_style(jx_xbuilder *b, int r, int style);
/* Text or number in cell (r, c); NULL when (r, c) is outside the form. */
jx_xcell *jx_fx_text(jx_xbuilder *b, int r, int c, const char *s, int style);
jx_xcell *jx_fx_num(jx_xbuilder *b, int r, int c, jx_dec v, int num, int style);
/* The cell's formula (printf format), when the cell holds a number. */
void jx_fx_formula(jx_xbuilder *b, jx_xcell *cell, const char *fmt, ...);
void jx_fx_merge(jx_xbuilder *b, int r, int c, int rows, int cols);
/* Text over columns c..c+cols-1 of row r. */
jx_xcell *jx_fx_span(jx_xbuilder *b, int r, int c, int cols, const char *s, int style);
/* Cell (r, c) shows field "<fam>:<name>:<col>" ("<fam>:<name>" when col
 * is NULL: "info:name") exactly, so that a change made to it in a
 * spreadsheet program is taken on import (xform_data.h); nothing when the
 * path is too long to keep or out of memory. */
void jx_fx_tag_add(jx_xbuilder *b, int r, int c, const char *fam, const char *name, const char *col);
/* (inline: a form that keeps no tags, all but an xlsx's, is asked some
 * 1,500 times a sheet and answers at once) */
static inline void jx_fx_tag(jx_xbuilder *b, int r, int c, const char *fam, const char *name, const char *col)
{
	if (!b->f->no_tags)
		jx_fx_tag_add(b, r, c, fam, name, col);
}
/* Rows first..first+n-1 printed on one page when they fit on one. */
void jx_fx_keep(jx_xbuilder *b, int first, int n);
/* n new rows; the first one's index, or -1 when out of memory. */
int jx_fx_rows(jx_xbuilder *b, int n);
/* The rest of indicator d's row r (sheet index i), as one form prints it. */
typedef void (*jx_fx_ind_row)(jx_xbuilder *b, int r, const jx_indicator *d, size_t i, const void *ctx);
/* The indicators under the template's tree (xform_slots.c): per 一级 node
 * its slots' indicators, row() filling each row after the 二级 cell, the
 * 一级 (column l1) and 二级 (l2) cells merged down their rows; a slot with no
 * indicator prints one row with its name only. */
void jx_fx_slot_table(jx_xbuilder *b, const jx_xsheet *x, int l1, int l2, jx_fx_ind_row row, const void *ctx);
/* A label over label_cols columns from column c, and its value over the
 * value_cols columns after it. */
void jx_fx_field(jx_xbuilder *b, int r, int c, const char *label, int label_cols, const char *value,
		 int value_cols);
/* One of the sheet's particulars in a form's heading: its label over
 * label_cols columns, then the sheet's info field (JX_INFO_*) over value_cols. */
typedef struct {
	const char *label;
	int label_cols;
	int info;
	int value_cols;
} jx_xfield;
/* n particulars (n even) two to a new row: the first from column 0, the
 * second right after it. */
void jx_fx_field_rows(jx_xbuilder *b, const jx_sheet *s, const jx_xfield *f, int n);
/* A row of n column headings from column c on. */
void jx_fx_heads(jx_xbuilder *b, int r, int c, const char *const *heads, int n);

/* ---- formulas ---- */

/* Cell (r, c) shows formula input `name` ("funds.spent"). */
void jx_fx_input(jx_xbuilder *b, const char *name, int r, int c);
/* The rate of formula node n as a formula over the cells of its inputs. */
void jx_fx_rate_formula(jx_xbuilder *b, jx_xcell *cell, const jx_node *n);
/* In (r, c): the rate of the row's cells c_num ÷ c_den as they are shown,
 * with its formula (empty when either is empty or c_den is not positive). */
void jx_fx_row_rate(jx_xbuilder *b, int r, int c, int c_num, int c_den);
void jx_fx_set_add(jx_xcellset *s, int r, int c);
/* A SUM formula over s (inside MIN(…, wrap_min) when wrap_min is set). */
void jx_fx_sum_formula(jx_xbuilder *b, jx_xcell *cell, const jx_xcellset *s, const char *wrap_min);
/* The total: the sum of its parts, capped as the engine capped it. */
void jx_fx_total_formula(jx_xbuilder *b, const jx_xsheet *x, jx_xcell *cell, const jx_xcellset *parts);
/* A funds total in (r, c): the SUM of rows first..first+nrows-1. */
void jx_fx_funds_total(jx_xbuilder *b, int r, int c, int first, int nrows, jx_dec total);

/* ---- blocks ---- */

/* The form's column widths (each column's text fitted within mins..maxs,
 * in display columns), then the template's name and "（2022年度）" across
 * the table. */
void jx_fx_begin(jx_xbuilder *b, const jx_xsheet *x, const int *mins, const int *maxs);
/* A row of a label and its value across the rest of the table; a long
 * value goes on in the rows after it, under the label merged down them. */
void jx_fx_line(jx_xbuilder *b, const char *label, const char *value);
/* jx_fx_line of the sheet's info field (JX_INFO_*), the cell tagged
 * (jx_fx_tag) when one row shows it whole. */
void jx_fx_info_line(jx_xbuilder *b, const char *label, const jx_sheet *s, int info);
/* A note under the table (nothing for an empty text). */
void jx_fx_note(jx_xbuilder *b, const char *text);
/* The sign-off block under the form (填报单位（盖章）, 单位负责人, 财务负责人,
 * 项目负责人, 填报人, 联系电话, 填报日期), kept on one page. */
void jx_fx_signoff(jx_xbuilder *b, const jx_sheet *s);
/* A fund amount in (r, c), "—" when there is none. */
jx_xcell *jx_fx_money(jx_xbuilder *b, int r, int c, jx_dec v);
/* The fund rows a form prints: every source the template lists, in its
 * order, whether the sheet has it or not (fund NULL), then the sheet's
 * other sources.  *out is malloc'd (NULL, and 0 rows, when out of memory). */
typedef struct {
	const char *source;
	const jx_fund *fund;
} jx_xfund_row;
size_t jx_xfund_rows(const jx_xsheet *x, jx_xfund_row **out);
/* The funds total row as the document printed it (sheet.funds_total), in
 * row r: its label over label_cols columns from label_c, and each printed
 * figure k (fundtotal.h's columns) in column cols[k] (-1: not on this form)
 * — a number where it agrees with the computed total, the text "※0.00"
 * where it differs; the label says so then.  The number of figures that
 * differ (xform_funds.c). */
int jx_fx_printed_total(jx_xbuilder *b, const jx_xsheet *x, int r, int label_c, int label_cols, const int *cols);
/* Its label, for a form that repeats a row's label (differ: figures that differ). */
const char *jx_fx_printed_total_label(int differ);
/* 1 when a finding points at field path (a value the rules require is
 * missing there). */
int jx_xmissing(const jx_xsheet *x, const char *path);
/* The 评分标准/指标值 and 完成情况 cells of a leaf in row r. */
void jx_fx_leaf_cells(jx_xbuilder *b, const jx_xsheet *x, const jx_score_item *it, int r, int c_target,
		      int c_actual);
/* The rows of the tree of score items, leaving out root item skip_root
 * (-1: none), grouped as the forms print them: a row for each leaf
 * (leaf()), the rows of one 二级 item's leaves grouped when there are two or
 * more (l2_group(), to merge its cells), and after each 一级 item's leaves a
 * row for its subtotal (subtotal(), given the row of its first leaf). */
typedef struct {
	void (*leaf)(jx_xbuilder *b, const jx_xsheet *x, const jx_xtree_row *row, int r, void *ctx);
	void (*l2_group)(jx_xbuilder *b, int first, int rows, void *ctx);
	void (*subtotal)(jx_xbuilder *b, const jx_xsheet *x, int root, int first, int r, void *ctx);
} jx_xtree_walk;
void jx_fx_tree(jx_xbuilder *b, const jx_xsheet *x, int skip_root, const jx_xtree_walk *w, void *ctx);

/* ---- text and items ---- */

/* Append printf-style text (b->oom set when out of memory). */
void jx_xsb_add(jx_xsbuf *b, const char *fmt, ...);
/* An info field of the sheet, "" when not set. */
const char *jx_xinfo(const jx_sheet *s, int k);
/* The grade the engine gave ("" if none), or 未完成（N 项未填） while values
 * are unfilled (jx_grade_text). */
void jx_xgrade_text(const jx_xsheet *x, char *buf, size_t len);
/* The root item of the budget-execution node, -1 if none. */
int jx_xexec_root(const jx_scoresheet *ss);

/* ---- forms ---- */

/* Empty f (or a new form, f NULL) for a table of ncols columns, made as
 * x's writer needs it (tags, widths, formulas); NULL when out of memory
 * (f freed). */
jx_xform *jx_xform_reset(jx_xform *f, int ncols, const jx_xsheet *x);
/* A copy of s kept with the form's strings. */
char *jx_xform_strdup(jx_xbuilder *b, const char *s);
/* The form built and finished (styles of merged cells, column widths and
 * orientation); NULL (the form freed) when out of memory or unnamed. */
jx_xform *jx_xform_done(jx_xbuilder *b);

/* ---- layouts, one per template kind ---- */

void jx_xbuild_project_self(jx_xbuilder *b, const jx_xsheet *x); /* xform_project.c */
int jx_xproject_columns(const jx_sheet *s);                       /* its columns: 9, or 10 with sub-projects */
void jx_xbuild_dept_eval(jx_xbuilder *b, const jx_xsheet *x);    /* xform_dept.c */
void jx_xbuild_dept_overall(jx_xbuilder *b, const jx_xsheet *x); /* xform_dept.c */
void jx_xbuild_external(jx_xbuilder *b, const jx_xsheet *x);     /* xform_external.c */
enum { JX_XDECLARATION_COLUMNS = 7 };
void jx_xbuild_declaration(jx_xbuilder *b, const jx_xsheet *x);  /* xform_declaration.c */
enum { JX_XMONITORING_COLUMNS = 12 };
void jx_xbuild_monitoring(jx_xbuilder *b, const jx_xsheet *x);   /* xform_monitoring.c */

#endif
