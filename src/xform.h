/* The form model: one sheet's table as people submit it (项目支出绩效自评表,
 * 部门评价表, 部门整体支出绩效自评表, 评价结果反馈表), and the summary table of
 * several sheets.  A form is a grid of cells with merges, styles and number
 * formats; the xlsx, CSV and HTML writers (src/export_*.c) all render the
 * same form, so the three show the same tables.
 *
 * src/xform.c holds the cells, the blocks every form shares and the
 * summary; src/xform_score.c the scoring of a sheet for its form; each
 * template kind's layout is in its own file (xform_project.c, xform_dept.c,
 * xform_external.c).
 */
#ifndef JX_XFORM_H
#define JX_XFORM_H

#include <stddef.h>
#include "checks.h"
#include "engine.h"
#include "err.h"
#include "model.h"
#include "template.h"

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
	JX_XS_MISSING,   /* body text the rules require but is empty: highlighted */
	JX_XS_COUNT
} jx_xstyle;

typedef enum {
	JX_XN_TEXT,   /* not a number */
	JX_XN_MONEY,  /* 万元, "0.00" */
	JX_XN_SCORE,  /* score, "0.00" */
	JX_XN_POINTS, /* points, "0.00" (a value with more decimals is a JX_XN_VALUE) */
	JX_XN_RATE,   /* fraction shown as a percentage, "0.00%" */
	JX_XN_INT,    /* year, count, row number */
	JX_XN_VALUE,  /* any other amount: as many decimals as it has, 2 to 6 (jx_xcell.decimals) */
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
	unsigned char decimals;  /* JX_XN_VALUE: decimals shown (2 to 6) */
	unsigned char bare;      /* text a CSV field holds as it is: no comma, quote or line break,
				  * no blank at either end, no leading = + - @ (a formula to a
				  * spreadsheet); found only on a form without widths (a CSV's) */
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
	int head_first, head_rows; /* rows repeated at the top of each printed page (0 = none):
				    * the indicator table's heading */
	unsigned char *keep;       /* per row: keep on the page of the next row (a 二级 group,
				    * a heading and its first row, the sign-off block) */
	int landscape;             /* printed across A4 (the columns need more than its width) */
	int total_row, total_col; /* cell holding the total, -1 if none */
	int rate_row, rate_col;   /* cell holding the execution rate, -1 if none */
	size_t cells_cap;  /* room in cells, in cells */
	size_t keep_cap;   /* room in keep, in rows */
	jx_xchunk *chunks; /* the cells' texts and formulas */
	struct jx_xtag *tags; /* cells showing one field exactly (xform_data.h) */
	int n_tags, tags_cap;
	int no_tags;          /* none wanted (jx_xsheet no_tags) */
	int no_widths;        /* widths left 0, portrait, a covered cell without its top cell's
			       * style and number kind (jx_xsheet no_widths) */
	int no_formulas;      /* none made (jx_xsheet no_formulas) */
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
	int no_tags; /* its forms need no tags: only xlsx import compares the cells they mark */
	int no_widths; /* ... nor column widths, nor page orientation: a CSV has neither */
	int no_formulas; /* ... nor formulas, which only an xlsx holds (the other writers show values) */
} jx_xsheet;

/* Score and check sheet s (template looked up in set); the checks compare
 * with prev, the same project's previous-year sheet, when it is not NULL.
 * 0 or -1 with err. */
int jx_xsheet_score(jx_xsheet *x, const jx_templates *set, const jx_sheet *s, const jx_sheet *prev, jx_err *err);
void jx_xsheet_free(jx_xsheet *x);

/* A sheet's line in the summary of several sheets. */
typedef struct {
	char *name, *unit, *tpl_name;
	int year;
	jx_dec total, rate;
	char grade[JX_GRADE_TEXT_LEN];
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
/* The reviewer's sheet of one sheet (审核意见): the figures its source
 * document states beside the recomputed ones, the findings of the checks,
 * and the reviewer's score and opinion; kept apart from the form, which is
 * what the unit submits.  Reuses f like jx_xform_rebuild; NULL when out of
 * memory. */
jx_xform *jx_xform_review(jx_xform *f, const jx_xsheet *x, int index, int several);
void jx_xform_free(jx_xform *f);
/* Printing: A4 less 0.5-inch side margins, in points.  A column `w`
 * display columns wide (a CJK character is 2) prints at most jx_xcol_pt(w)
 * points wide: a spreadsheet's column width counts digits of its default
 * font (Calibri 11) plus 5 pixels of padding; Excel takes a digit as 7
 * pixels (5.25 points), LibreOffice as the font's advance, 5.58 points
 * with Carlito: the larger is taken.  A form is portrait when its columns
 * fit, else landscape, and its widths are brought within the width so
 * that it prints at full size. */
#define JX_XPAGE_PORTRAIT_PT 523.0
/* Lines of text in one row at most, at the columns' smallest widths (15
 * points each: 409 points, a spreadsheet's highest row, holds 27); longer
 * text goes on in the rows after. */
#define JX_XROW_LINES 24
#define JX_XPAGE_LANDSCAPE_PT 770.0
static inline double jx_xcol_pt(int w)
{
	return 5.6 * w + 4.0;
}
/* Cell at (r, c). */
static inline jx_xcell *jx_xform_cell(const jx_xform *f, int r, int c)
{
	return &f->cells[(size_t)r * (size_t)f->ncols + (size_t)c];
}
/* The text a cell shows: its text, or its number formatted as displayed
 * ("24.85%", "480.82").  buf needs 48 bytes. */
const char *jx_xcell_display(const jx_xcell *c, char *buf);
/* A number cell's figure as jx_xcell_display shows it, into buf, and its
 * length (0, buf "", for an empty cell). */
size_t jx_xcell_figure(const jx_xcell *c, char *buf);

/* ---- pieces of a scoresheet the forms and the report both show ---- */

/* The name of a score item: its indicator's or its node's ("" if none). */
const char *jx_xitem_name(const jx_score_item *it);
/* 1 when item i of ss has children (is not a leaf). */
int jx_xitem_has_children(const jx_scoresheet *ss, size_t i);

#endif
