/* The field editor and the multi-line text area; see edit.h. */
#include "edit.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "textwidth.h"
#include "ui.h"

/* A capacity of at least need + 1, doubled from cap (64 at first). */
static size_t grown(size_t cap, size_t need)
{
	if (!cap)
		cap = 64;
	while (cap < need + 1)
		cap *= 2;
	return cap;
}

static int reserve_bytes(ui_edit *e, size_t need)
{
	if (need + 1 <= e->cap)
		return 0;
	size_t cap = grown(e->cap, need);
	char *b = realloc(e->buf, cap);
	if (!b)
		return -1;
	e->buf = b;
	e->cap = cap;
	return 0;
}

static int reserve_chars(ui_edit *e, size_t need)
{
	if (need + 1 <= e->ncap)
		return 0;
	size_t cap = grown(e->ncap, need);
	size_t *o = realloc(e->off, cap * sizeof *o);
	if (!o)
		return -1;
	e->off = o;
	unsigned char *w = realloc(e->cw, cap);
	if (!w)
		return -1;
	e->cw = w;
	e->ncap = cap;
	return 0;
}

/* Rebuild the per-character tables from the bytes. */
static void reindex(ui_edit *e)
{
	size_t i = 0, adv, n = 0;
	/* at most one character per byte */
	if (reserve_chars(e, e->len) < 0) {
		e->n = 0;
		e->len = 0;
		e->buf[0] = '\0';
		return;
	}
	while (i < e->len) {
		int32_t cp = jx_utf8_decode(e->buf + i, e->len - i, &adv);
		e->off[n] = i;
		e->cw[n] = (unsigned char)(cp == '\n' ? 0 : cp < 0 ? 1 : jx_char_width((uint32_t)cp));
		n++;
		i += adv;
	}
	e->off[n] = e->len;
	e->n = n;
	if (e->caret > n)
		e->caret = n;
}

void ui_edit_init(ui_edit *e, int multiline, size_t max_bytes)
{
	memset(e, 0, sizeof *e);
	e->multiline = multiline;
	e->max_bytes = max_bytes ? max_bytes : 65535;
	e->goal_col = -1;
	if (reserve_bytes(e, 0) == 0)
		e->buf[0] = '\0';
	reserve_chars(e, 0);
	if (e->off)
		e->off[0] = 0;
}

void ui_edit_free(ui_edit *e)
{
	free(e->buf);
	free(e->off);
	free(e->cw);
	free(e->lstart);
	memset(e, 0, sizeof *e);
}

void ui_edit_set(ui_edit *e, const char *text)
{
	size_t tl = text ? strlen(text) : 0;
	char *clean = jx_text_clean(text ? text : "", tl, e->multiline);
	size_t cl = clean ? strlen(clean) : 0;
	if (cl > e->max_bytes) {
		/* cut at a character boundary */
		size_t adv, i = 0;
		while (i < cl) {
			jx_utf8_decode(clean + i, cl - i, &adv);
			if (i + adv > e->max_bytes)
				break;
			i += adv;
		}
		cl = i;
	}
	if (reserve_bytes(e, cl) == 0 && clean) {
		memcpy(e->buf, clean, cl);
		e->buf[cl] = '\0';
		e->len = cl;
	} else if (e->buf) {
		e->buf[0] = '\0';
		e->len = 0;
	}
	free(clean);
	e->caret = (size_t)-1;
	reindex(e);
	e->caret = e->n;
	e->scroll = 0;
	e->goal_col = -1;
	e->pasting = 0;
	e->dropped = 0;
	e->refused = 0;
	e->changed = 0;
	e->replace = 0;
}

const char *ui_edit_text(const ui_edit *e)
{
	return e->buf ? e->buf : "";
}

/* Insert the UTF-8 bytes s[0..len) (one or more whole characters) at the caret. */
static int insert_bytes(ui_edit *e, const char *s, size_t len)
{
	if (len == 0)
		return UE_MOVED;
	if (e->len + len > e->max_bytes) {
		e->refused = 1;
		return UE_REFUSED;
	}
	if (reserve_bytes(e, e->len + len) < 0) {
		e->refused = 1;
		return UE_REFUSED;
	}
	size_t at = e->off[e->caret];
	size_t before = e->n;
	memmove(e->buf + at + len, e->buf + at, e->len - at + 1);
	memcpy(e->buf + at, s, len);
	e->len += len;
	reindex(e);
	e->caret += e->n - before;
	e->changed = 1;
	e->goal_col = -1;
	return UE_CHANGED;
}

static void delete_chars(ui_edit *e, size_t from, size_t to)
{
	if (from >= to || to > e->n)
		return;
	size_t a = e->off[from], b = e->off[to];
	memmove(e->buf + a, e->buf + b, e->len - b + 1);
	e->len -= b - a;
	reindex(e);
	e->caret = from;
	e->changed = 1;
	e->goal_col = -1;
}

/* ---- text area layout --------------------------------------------------- */

static void layout(ui_edit *e, int w)
{
	size_t i;
	int col = 0;
	if (w < 2)
		w = 2;
	e->last_w = w;
	e->nlines = 0;
#define PUSH_LINE(start)                                                          \
	do {                                                                      \
		if (e->nlines + 1 > e->lcap) {                                    \
			size_t nc = e->lcap ? e->lcap * 2 : 16;                   \
			size_t *ls = realloc(e->lstart, nc * sizeof *ls);          \
			if (!ls)                                                  \
				return;                                           \
			e->lstart = ls;                                           \
			e->lcap = nc;                                             \
		}                                                                 \
		e->lstart[e->nlines++] = (start);                                 \
	} while (0)
	PUSH_LINE(0);
	for (i = 0; i < e->n; i++) {
		char c = e->buf[e->off[i]];
		if (c == '\n') {
			PUSH_LINE(i + 1);
			col = 0;
			continue;
		}
		if (col + e->cw[i] > w - 1 && col > 0) {
			/* keep the last column free for the caret at a line end */
			PUSH_LINE(i);
			col = 0;
		}
		col += e->cw[i];
	}
#undef PUSH_LINE
}

/* Visual line holding the caret. */
static size_t caret_line(const ui_edit *e)
{
	size_t lo = 0;
	for (size_t l = 0; l < e->nlines; l++)
		if (e->lstart[l] <= e->caret)
			lo = l;
	return lo;
}

static size_t line_end(const ui_edit *e, size_t l)
{
	/* index of the first character not on line l (its '\n' stays on l) */
	size_t end = l + 1 < e->nlines ? e->lstart[l + 1] : e->n;
	if (end > e->lstart[l] && end <= e->n && end - 1 < e->n && e->buf[e->off[end - 1]] == '\n')
		end--; /* the caret may sit on the newline, not after it */
	return end;
}

static int col_in_line(const ui_edit *e, size_t l, size_t idx)
{
	int c = 0;
	for (size_t i = e->lstart[l]; i < idx && i < e->n; i++)
		c += e->cw[i];
	return c;
}

static void move_vert(ui_edit *e, int dir)
{
	layout(e, e->last_w ? e->last_w : 40);
	size_t l = caret_line(e);
	if ((dir < 0 && l == 0) || (dir > 0 && l + 1 >= e->nlines))
		return;
	if (e->goal_col < 0)
		e->goal_col = col_in_line(e, l, e->caret);
	size_t t = dir < 0 ? l - 1 : l + 1;
	size_t i = e->lstart[t], end = line_end(e, t);
	/* a wrapped (not newline-ended) line cannot hold the caret at its very end */
	int c = 0;
	while (i < end && c + e->cw[i] <= e->goal_col) {
		c += e->cw[i];
		i++;
	}
	if (i == end && t + 1 < e->nlines && end == e->lstart[t + 1] && i > e->lstart[t])
		i--;
	e->caret = i;
}

/* ---- keys ------------------------------------------------------------------- */

/* A pre-filled value shown selected (e->replace): typed (or pasted) over,
 * as a selection is; moving, deleting or Enter keep it. */
static void end_selection(ui_edit *e, int key)
{
	if (!e->replace || key == UK_RESIZE || key == UK_NONE)
		return;
	e->replace = 0;
	if ((UK_IS_CHAR(key) || key == UK_PASTE_BEGIN) && e->buf) {
		e->len = 0;
		e->buf[0] = '\0';
		e->caret = 0;
		reindex(e);
		e->changed = 1;
	}
}

int ui_edit_key(ui_edit *e, int key)
{
	end_selection(e, key);
	if (key == UK_PASTE_BEGIN) {
		e->pasting = 1;
		e->paste_cr = 0;
		e->dropped = 0;
		return UE_MOVED;
	}
	if (key == UK_PASTE_END) {
		e->pasting = 0;
		return UE_MOVED;
	}
	if (e->pasting) {
		/* pasted text: line breaks become one '\n' (or a blank in a single
		 * line), tabs a blank, other control characters are dropped */
		int cr = e->paste_cr;
		e->paste_cr = 0;
		if (key == '\r' || key == '\n' || key == UK_FN(KEY_ENTER)) {
			if (key == '\n' && cr)
				return UE_MOVED;
			e->paste_cr = key == '\r';
			return insert_bytes(e, e->multiline ? "\n" : " ", 1);
		}
		if (key == '\t')
			return insert_bytes(e, " ", 1);
		if (!UK_IS_CHAR(key)) {
			e->dropped++;
			return UE_MOVED;
		}
	}
	if (UK_IS_CHAR(key)) {
		char b[4];
		uint32_t cp = (uint32_t)key;
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0))
			cp = JX_REPLACEMENT;
		int n = jx_utf8_encode(cp, b);
		return insert_bytes(e, b, (size_t)n);
	}
	switch (key) {
	case UK_FN(KEY_LEFT):
		if (e->caret > 0) {
			e->caret--;
			/* skip back over zero-width marks so they stay with their base */
			while (e->caret > 0 && e->cw[e->caret] == 0 && e->buf[e->off[e->caret]] != '\n')
				e->caret--;
		}
		e->goal_col = -1;
		return UE_MOVED;
	case UK_FN(KEY_RIGHT):
		if (e->caret < e->n) {
			e->caret++;
			while (e->caret < e->n && e->cw[e->caret] == 0 && e->buf[e->off[e->caret]] != '\n')
				e->caret++;
		}
		e->goal_col = -1;
		return UE_MOVED;
	case UK_FN(KEY_HOME):
	case UK_CTRL('A'):
		if (e->multiline) {
			layout(e, e->last_w ? e->last_w : 40);
			e->caret = e->lstart[caret_line(e)];
		} else {
			e->caret = 0;
		}
		e->goal_col = -1;
		return UE_MOVED;
	case UK_FN(KEY_END):
	case UK_CTRL('E'):
		if (e->multiline) {
			layout(e, e->last_w ? e->last_w : 40);
			size_t l = caret_line(e);
			size_t end = line_end(e, l);
			if (end > e->lstart[l] && l + 1 < e->nlines && end == e->lstart[l + 1])
				end--;
			e->caret = end;
		} else {
			e->caret = e->n;
		}
		e->goal_col = -1;
		return UE_MOVED;
	case UK_BACKSPACE:
	case 8:
	case UK_FN(KEY_BACKSPACE):
		if (e->caret > 0) {
			size_t from = e->caret - 1;
			/* a base character goes with the marks attached to it */
			while (from > 0 && e->cw[from] == 0 && e->buf[e->off[from]] != '\n')
				from--;
			delete_chars(e, from, e->caret);
			return UE_CHANGED;
		}
		return UE_MOVED;
	case UK_FN(KEY_DC):
	case UK_CTRL('D'):
		if (e->caret < e->n) {
			size_t to = e->caret + 1;
			while (to < e->n && e->cw[to] == 0 && e->buf[e->off[to]] != '\n')
				to++;
			delete_chars(e, e->caret, to);
			return UE_CHANGED;
		}
		return UE_MOVED;
	case UK_CTRL('U'):
		delete_chars(e, 0, e->caret);
		return UE_CHANGED;
	case UK_CTRL('K'):
		delete_chars(e, e->caret, e->n);
		e->caret = e->n;
		return UE_CHANGED;
	case UK_ESC:
		return UE_ESC;
	case UK_TAB:
		return UE_TAB;
	case UK_FN(KEY_BTAB):
		return UE_BTAB;
	case UK_ENTER:
	case '\n':
	case UK_FN(KEY_ENTER):
		if (e->multiline)
			return insert_bytes(e, "\n", 1);
		return UE_ENTER;
	case UK_FN(KEY_UP):
		if (!e->multiline)
			return UE_UP;
		move_vert(e, -1);
		return UE_MOVED;
	case UK_FN(KEY_DOWN):
		if (!e->multiline)
			return UE_DOWN;
		move_vert(e, 1);
		return UE_MOVED;
	case UK_FN(KEY_PPAGE):
	case UK_FN(KEY_NPAGE):
		if (e->multiline) {
			for (int i = 0; i < 8; i++)
				move_vert(e, key == UK_FN(KEY_PPAGE) ? -1 : 1);
			return UE_MOVED;
		}
		return key == UK_FN(KEY_PPAGE) ? UE_UP : UE_DOWN;
	default:
		return UE_UNHANDLED;
	}
}

/* ---- drawing ------------------------------------------------------------- */

static void put_char(int y, int x, const ui_edit *e, size_t i, int attr)
{
	size_t adv;
	int32_t cp = jx_utf8_decode(e->buf + e->off[i], e->off[i + 1] - e->off[i], &adv);
	wchar_t wc[2] = {(wchar_t)jx_display_char(cp < 0 ? JX_REPLACEMENT : (uint32_t)cp), 0};
	attrset(attr);
	mvaddnwstr(y, x, wc, 1);
}

static int ui_edit_caret_col(const ui_edit *e)
{
	int c = 0;
	for (size_t i = 0; i < e->caret && i < e->n; i++)
		c += e->cw[i];
	return c;
}

static void draw_single(ui_edit *e, int y, int x, int w, int attr)
{
	int caret_col = ui_edit_caret_col(e);
	int caret_w = e->caret < e->n && e->cw[e->caret] ? e->cw[e->caret] : 1;
	if (caret_col < e->scroll)
		e->scroll = caret_col;
	if (caret_col + caret_w > e->scroll + w)
		e->scroll = caret_col + caret_w - w;
	if (e->scroll < 0)
		e->scroll = 0;
	if (e->replace)
		attr |= A_REVERSE; /* selected: typing replaces it */
	ui_fill(y, x, w, attr);
	int c = 0;
	for (size_t i = 0; i < e->n; i++) {
		int cw = e->cw[i];
		int vis = c - e->scroll;
		if (vis >= w)
			break;
		if (cw > 0 && vis >= 0 && vis + cw <= w)
			put_char(y, x + vis, e, i, attr);
		else if (cw == 0 && vis > 0 && vis <= w && i > 0) {
			/* combining mark: attach to the character before */
			size_t adv;
			int32_t cp = jx_utf8_decode(e->buf + e->off[i], e->off[i + 1] - e->off[i], &adv);
			if (cp > 0) {
				wchar_t wc[2] = {(wchar_t)cp, 0};
				attrset(attr);
				mvaddnwstr(y, x + vis - (e->cw[i - 1] ? e->cw[i - 1] : 1), wc, 1);
			}
		}
		/* a wide character cut at either edge stays a blank (already filled) */
		c += cw;
	}
	ui_cursor_at(y, x + caret_col - e->scroll);
}

static void draw_multi(ui_edit *e, int y, int x, int h, int w, int attr)
{
	layout(e, w);
	size_t cl = caret_line(e);
	if ((size_t)e->scroll > cl)
		e->scroll = (int)cl;
	if (cl >= (size_t)e->scroll + (size_t)h)
		e->scroll = (int)(cl - (size_t)h + 1);
	if (e->scroll < 0)
		e->scroll = 0;
	int cy = y, cx = x;
	for (int r = 0; r < h; r++) {
		size_t l = (size_t)e->scroll + (size_t)r;
		ui_fill(y + r, x, w, attr);
		if (l >= e->nlines)
			continue;
		size_t end = l + 1 < e->nlines ? e->lstart[l + 1] : e->n;
		int c = 0;
		for (size_t i = e->lstart[l]; i < end; i++) {
			if (e->buf[e->off[i]] == '\n')
				break;
			if (e->cw[i] && c + e->cw[i] <= w)
				put_char(y + r, x + c, e, i, attr);
			c += e->cw[i];
		}
		if (l == cl) {
			cy = y + r;
			cx = x + col_in_line(e, l, e->caret);
			if (cx > x + w - 1)
				cx = x + w - 1;
		}
	}
	ui_cursor_at(cy, cx);
}

void ui_edit_draw(ui_edit *e, int y, int x, int h, int w, int attr)
{
	if (w < 1 || h < 1)
		return;
	if (e->multiline)
		draw_multi(e, y, x, h, w, attr);
	else
		draw_single(e, y, x, w, attr);
}
