/* A grid of rows and columns sized by display width.  Cells are fetched
 * through a callback on every draw, so the grid always shows the sheet as
 * it is now.  Columns that do not fit scroll sideways; leading "frozen"
 * columns stay in view.  A wide character cut at a column edge is padded. */
#ifndef JX_GRID_H
#define JX_GRID_H

#include <stddef.h>

#include "edit.h"

#define UI_GRID_MAXCOLS 32

typedef struct {
	const char *zh, *en; /* header */
	int width;           /* natural width in columns */
	int flex;            /* share of the spare width (0: fixed) */
	int align;           /* UI_LEFT, UI_RIGHT, UI_CENTER */
} ui_gcol;

typedef struct ui_grid {
	const ui_gcol *cols;
	int ncols;
	int frozen;  /* leading columns always shown */
	int nrows;   /* selectable rows */
	int nfoot;   /* footer rows (totals) after the rows, not selectable */
	int row, col;
	int top;     /* first row shown */
	int unfocused; /* another widget has the focus: no cursor shown */
	int left;    /* first non-frozen column shown */
	void *ctx;
	/* Text of cell (row, col) into buf; *role may be set to a ui_color for
	 * the cell.  Footer rows come as row = nrows + i. */
	void (*cell)(void *ctx, int row, int col, char *buf, size_t len, int *role);
	/* Colour role of a whole row (-1: normal). */
	int (*row_role)(void *ctx, int row);
	/* Whether Tab stops at cell (row, col) (NULL: at every one): Tab and
	 * Shift-Tab pass over computed cells and cells that do not apply. */
	int (*tab_stop)(void *ctx, int row, int col);
	/* The column where the current run of Tabs began (-1: none): Enter
	 * goes down to it, as a spreadsheet does, so that a row typed cell by
	 * cell with Tab is followed by the next row from its start. */
	int tab_home;
	/* layout of the last draw */
	int lay_y, lay_x, lay_h, lay_w, vis_rows;
	int cx[UI_GRID_MAXCOLS], cw[UI_GRID_MAXCOLS]; /* -1 when not shown */
} ui_grid;

/* A grid of ncols columns, the first `frozen` always in view, whose cells
 * come from cell(ctx, ...); no rows yet, the cursor at the top left. */
void ui_grid_init(ui_grid *g, const ui_gcol *cols, int ncols, int frozen,
		  void (*cell)(void *ctx, int row, int col, char *buf, size_t len, int *role), void *ctx);
/* Draw in the h × w rectangle at (y, x): a header line, the rows, the
 * footer.  When ed is not NULL the current cell is being edited: the editor
 * is drawn over it (widened to at least 24 columns when the cell is narrow). */
void ui_grid_draw(ui_grid *g, int y, int x, int h, int w, ui_edit *ed);
/* Cursor keys, PgUp/PgDn, Home/End; returns 1 when the key was used.
 * Tab and Shift-Tab go to the next and previous tab stop of the row. */
int ui_grid_key(ui_grid *g, int key);
/* To the next (dir 1) or previous (dir -1) tab stop of the row; the
 * cursor stays when there is none.  A Tab starts a run (tab_home). */
void ui_grid_tab(ui_grid *g, int dir);
/* Keep row/col inside the grid (after rows were added or removed). */
void ui_grid_clamp(ui_grid *g);

#endif
