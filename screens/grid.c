/* Grid widget; see grid.h. */
#include "grid.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "ui.h"

void ui_grid_init(ui_grid *g, const ui_gcol *cols, int ncols, int frozen,
		  void (*cell)(void *ctx, int row, int col, char *buf, size_t len, int *role), void *ctx)
{
	memset(g, 0, sizeof *g);
	g->cols = cols;
	g->ncols = ncols;
	g->frozen = frozen;
	g->cell = cell;
	g->ctx = ctx;
	g->tab_home = -1;
}

void ui_grid_tab(ui_grid *g, int dir)
{
	if (dir > 0 && g->tab_home < 0)
		g->tab_home = g->col;
	for (int c = g->col + dir; c >= 0 && c < g->ncols; c += dir)
		if (!g->tab_stop || g->tab_stop(g->ctx, g->row, c)) {
			g->col = c;
			return;
		}
}

void ui_grid_clamp(ui_grid *g)
{
	if (g->ncols > UI_GRID_MAXCOLS)
		g->ncols = UI_GRID_MAXCOLS;
	if (g->row >= g->nrows)
		g->row = g->nrows - 1;
	if (g->row < 0)
		g->row = 0;
	if (g->col >= g->ncols)
		g->col = g->ncols - 1;
	if (g->col < 0)
		g->col = 0;
	if (g->top > g->row)
		g->top = g->row;
	if (g->top < 0)
		g->top = 0;
	if (g->left < g->frozen)
		g->left = g->frozen;
}

/* Decide which columns are shown and where (fills g->cx, g->cw). */
/* Give the spare width to the flexible columns among those shown, and
 * place the columns from x on. */
static void place(ui_grid *g, int x, int w)
{
	int used = 0, flex = 0, nshown = 0, i;
	for (i = 0; i < g->ncols; i++)
		if (g->cx[i] >= 0) {
			used += g->cw[i] + (nshown ? 1 : 0);
			flex += g->cols[i].flex;
			nshown++;
		}
	int spare = w - used, given = 0, acc = 0, pos = x;
	if (spare < 0)
		spare = 0;
	for (i = 0; i < g->ncols; i++) {
		if (g->cx[i] < 0)
			continue;
		if (flex && g->cols[i].flex && g->cw[i] == g->cols[i].width) {
			acc += g->cols[i].flex;
			int share = spare * acc / flex - given;
			g->cw[i] += share;
			given += share;
		}
		g->cx[i] = pos;
		pos += g->cw[i] + 1;
	}
}

static void layout_cols(ui_grid *g, int x, int w)
{
	int natural = 0, i;
	for (i = 0; i < g->ncols; i++) {
		natural += g->cols[i].width + (i ? 1 : 0);
		g->cx[i] = 0;
		g->cw[i] = g->cols[i].width;
	}
	if (natural <= w) {
		/* everything fits */
		g->left = g->frozen;
		place(g, x, w);
		return;
	}
	/* scroll sideways: frozen columns, then from g->left on */
	if (g->col >= g->frozen && g->col < g->left)
		g->left = g->col;
	for (;;) {
		int pos = x, ok = 1;
		for (i = 0; i < g->ncols; i++) {
			g->cx[i] = -1;
			g->cw[i] = 0;
		}
		for (i = 0; i < g->frozen && i < g->ncols; i++) {
			g->cx[i] = pos;
			g->cw[i] = g->cols[i].width;
			pos += g->cols[i].width + 1;
		}
		for (i = g->left; i < g->ncols; i++) {
			int room = x + w - pos;
			if (room <= 0)
				break;
			/* a number cut in half would read as another number: show a
			 * column partly only when it holds text and enough is left */
			if (room < g->cols[i].width && (g->cols[i].align != UI_LEFT || room < 6))
				break;
			g->cx[i] = pos;
			g->cw[i] = g->cols[i].width < room ? g->cols[i].width : room;
			pos += g->cols[i].width + 1;
		}
		/* the current column must be shown whole */
		if (g->col >= g->frozen && (g->cx[g->col] < 0 || g->cw[g->col] < g->cols[g->col].width) &&
		    g->left < g->col)
			ok = 0;
		if (ok)
			break;
		g->left++;
	}
	place(g, x, w);
}

/* What an empty current cell of w columns shows: "[" blanks "]". */
static void empty_mark(char *buf, size_t len, int w)
{
	if (w < 2 || (size_t)w >= len) {
		snprintf(buf, len, "%s", "_");
		return;
	}
	memset(buf, ' ', (size_t)w);
	buf[0] = '[';
	buf[w - 1] = ']';
	buf[w] = '\0';
}

void ui_grid_draw(ui_grid *g, int y, int x, int h, int w, ui_edit *ed)
{
	char buf[1024];
	int i;

	ui_grid_clamp(g);
	g->lay_y = y;
	g->lay_x = x;
	g->lay_h = h;
	g->lay_w = w;
	if (h < 2 || w < 4)
		return;
	layout_cols(g, x, w);
	/* header */
	ui_fill(y, x, w, ui_attr(UC_HEADER));
	for (i = 0; i < g->ncols; i++)
		if (g->cx[i] >= 0)
			ui_text(y, g->cx[i], g->cw[i], L(g->cols[i].zh, g->cols[i].en), ui_attr(UC_HEADER),
				g->cols[i].align == UI_RIGHT ? UI_RIGHT : UI_LEFT);
	/* rows */
	int body = h - 1 - g->nfoot;
	if (body < 1)
		body = 1;
	g->vis_rows = body;
	if (g->row < g->top)
		g->top = g->row;
	if (g->row >= g->top + body)
		g->top = g->row - body + 1;
	if (g->top > 0 && g->top + body > g->nrows)
		g->top = g->nrows > body ? g->nrows - body : 0;
	int r;
	for (r = 0; r < body && g->top + r < g->nrows; r++) {
		int row = g->top + r, yy = y + 1 + r;
		int rrole = g->row_role ? g->row_role(g->ctx, row) : -1;
		int selected = row == g->row && !g->unfocused;
		int base = selected ? ui_attr(UC_ROW) : rrole >= 0 ? ui_attr((ui_color)rrole) : ui_attr(UC_NORMAL);
		ui_fill(yy, x, w, base);
		for (i = 0; i < g->ncols; i++) {
			if (g->cx[i] < 0)
				continue;
			int role = -1;
			buf[0] = '\0';
			g->cell(g->ctx, row, i, buf, sizeof buf, &role);
			int a = base;
			if (selected && i == g->col) {
				/* the current cell in every colour scheme; an empty
				 * one between brackets, so that it shows as well */
				a = ui_attr(UC_CURSOR);
				if (!buf[0])
					empty_mark(buf, sizeof buf, g->cw[i]);
			} else if (!selected && role >= 0)
				a = ui_attr((ui_color)role);
			ui_text(yy, g->cx[i], g->cw[i], buf, a, g->cols[i].align);
		}
		if (selected)
			ui_cursor_hide();
	}
	/* footer right after the rows */
	for (int f = 0; f < g->nfoot; f++) {
		int yy = y + 1 + r + f;
		if (yy >= y + h)
			break;
		ui_fill(yy, x, w, ui_attr(UC_TITLE));
		for (i = 0; i < g->ncols; i++) {
			if (g->cx[i] < 0)
				continue;
			int role = -1;
			buf[0] = '\0';
			g->cell(g->ctx, g->nrows + f, i, buf, sizeof buf, &role);
			ui_text(yy, g->cx[i], g->cw[i], buf, role >= 0 ? ui_bold(ui_attr((ui_color)role)) : ui_attr(UC_TITLE),
				g->cols[i].align);
		}
	}
	/* the editor over the current cell */
	if (ed && g->nrows > 0 && g->cx[g->col] >= 0 && g->row >= g->top && g->row < g->top + body) {
		/* a narrow cell gets a wider editor, to the right as far as the grid goes */
		int ex = g->cx[g->col], ew = g->cw[g->col];
		if (ew < 24)
			ew = 24;
		if (ex + ew > x + w)
			ew = x + w - ex;
		if (ew < g->cw[g->col])
			ew = g->cw[g->col];
		ui_edit_draw(ed, y + 1 + g->row - g->top, ex, 1, ew, ui_attr(UC_EDIT));
	}
}

int ui_grid_key(ui_grid *g, int key)
{
	int page = g->vis_rows > 1 ? g->vis_rows - 1 : 1;
	if (key == UK_TAB || key == UK_FN(KEY_BTAB)) {
		ui_grid_tab(g, key == UK_TAB ? 1 : -1);
		return 1;
	}
	/* any other move ends a run of Tabs */
	int home = g->tab_home;
	g->tab_home = -1;
	/* a grid also goes to its first and last row with g and G */
	if (ui_list_key(&g->row, g->nrows, page, key == 'g' ? UK_FN(KEY_HOME) : key == 'G' ? UK_FN(KEY_END) : key))
		return 1;
	switch (key) {
	case UK_FN(KEY_LEFT):
	case 'h':
		if (g->col > 0)
			g->col--;
		return 1;
	case UK_FN(KEY_RIGHT):
	case 'l':
		if (g->col + 1 < g->ncols)
			g->col++;
		return 1;
	default:
		g->tab_home = home;
		return 0;
	}
}
