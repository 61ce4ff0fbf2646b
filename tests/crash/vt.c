/* The terminal emulator of vt.h. */
#define _GNU_SOURCE
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

enum { S_GROUND, S_ESC, S_CSI, S_OSC, S_OSC_ESC, S_CHARSET, S_STR };

static vt_cell *at(vt *t, int y, int x)
{
	return &t->g[y * t->cols + x];
}

static void blank(vt_cell *c)
{
	c->ch[0] = 0;
	c->w = 1;
}

static void clear_span(vt *t, int y, int x0, int x1)
{
	if (y < 0 || y >= t->rows)
		return;
	if (x0 < 0)
		x0 = 0;
	if (x1 > t->cols)
		x1 = t->cols;
	for (int x = x0; x < x1; x++)
		blank(at(t, y, x));
}

void vt_init(vt *t, int rows, int cols, int answer_fd)
{
	memset(t, 0, sizeof *t);
	t->rows = rows;
	t->cols = cols;
	t->g = calloc((size_t)rows * (size_t)cols, sizeof *t->g);
	for (int i = 0; i < rows * cols; i++)
		blank(&t->g[i]);
	t->top = 0;
	t->bot = rows - 1;
	t->answer_fd = answer_fd;
}

void vt_free(vt *t)
{
	free(t->g);
	t->g = NULL;
}

/* Scroll lines top..bot up by n (new blank lines at the bottom). */
static void scroll_up(vt *t, int top, int bot, int n)
{
	if (n <= 0 || top > bot)
		return;
	if (n > bot - top + 1)
		n = bot - top + 1;
	memmove(at(t, top, 0), at(t, top + n, 0), (size_t)(bot - top + 1 - n) * (size_t)t->cols * sizeof(vt_cell));
	for (int y = bot - n + 1; y <= bot; y++)
		clear_span(t, y, 0, t->cols);
}

static void scroll_down(vt *t, int top, int bot, int n)
{
	if (n <= 0 || top > bot)
		return;
	if (n > bot - top + 1)
		n = bot - top + 1;
	memmove(at(t, top + n, 0), at(t, top, 0), (size_t)(bot - top + 1 - n) * (size_t)t->cols * sizeof(vt_cell));
	for (int y = top; y < top + n; y++)
		clear_span(t, y, 0, t->cols);
}

static void linefeed(vt *t)
{
	t->wrap = 0;
	if (t->y == t->bot)
		scroll_up(t, t->top, t->bot, 1);
	else if (t->y < t->rows - 1)
		t->y++;
}

/* A wide character cut in half by a write or an erase leaves a blank. */
static void fix_halves(vt *t, int y)
{
	for (int x = 0; x < t->cols; x++) {
		vt_cell *c = at(t, y, x);
		if (c->w == 0 && (x == 0 || at(t, y, x - 1)->w != 2))
			blank(c);
		if (c->w == 2 && (x + 1 >= t->cols || at(t, y, x + 1)->w != 0))
			blank(c);
	}
}

static void put_char(vt *t, const char *u8, int width)
{
	if (width <= 0)
		return; /* combining marks and controls are not kept */
	if (t->wrap) {
		t->x = 0;
		linefeed(t);
	}
	if (width == 2 && t->x == t->cols - 1) {
		blank(at(t, t->y, t->x));
		t->x = 0;
		linefeed(t);
	}
	{
		vt_cell *c = at(t, t->y, t->x);
		snprintf(c->ch, sizeof c->ch, "%s", u8);
		c->w = (unsigned char)width;
		if (width == 2) {
			vt_cell *d = at(t, t->y, t->x + 1);
			d->ch[0] = 0;
			d->w = 0;
		}
	}
	fix_halves(t, t->y);
	snprintf(t->last, sizeof t->last, "%s", u8);
	if (t->x + width >= t->cols) {
		t->x = t->cols - 1;
		t->wrap = 1;
	} else {
		t->x += width;
	}
}

static int par(const vt *t, int i, int def)
{
	/* the i-th ;-separated number of the parameters */
	const char *p = t->par;
	for (int k = 0; k < i; k++) {
		p = strchr(p, ';');
		if (!p)
			return def;
		p++;
	}
	if (*p < '0' || *p > '9')
		return def;
	return atoi(p);
}

static void answer(vt *t, const char *s)
{
	if (t->answer_fd >= 0) {
		ssize_t r = write(t->answer_fd, s, strlen(s));
		(void)r;
	}
}

static void clamp(vt *t)
{
	if (t->y < 0)
		t->y = 0;
	if (t->y >= t->rows)
		t->y = t->rows - 1;
	if (t->x < 0)
		t->x = 0;
	if (t->x >= t->cols)
		t->x = t->cols - 1;
}

static void csi(vt *t, char f)
{
	int n = par(t, 0, 1), m;
	if (t->priv) {
		/* modes (?1049h alternate screen, ?25l cursor ...): the alternate
		 * screen starts blank */
		if ((f == 'h' || f == 'l') && t->priv == '?' && par(t, 0, 0) == 1049) {
			for (int y = 0; y < t->rows; y++)
				clear_span(t, y, 0, t->cols);
		}
		return;
	}
	if (f != 'b')
		t->wrap = 0;
	switch (f) {
	case 'A': t->y -= n ? n : 1; break;
	case 'B': case 'e': t->y += n ? n : 1; break;
	case 'C': case 'a': t->x += n ? n : 1; break;
	case 'D': t->x -= n ? n : 1; break;
	case 'E': t->y += n ? n : 1; t->x = 0; break;
	case 'F': t->y -= n ? n : 1; t->x = 0; break;
	case 'G': case '`': t->x = (n ? n : 1) - 1; break;
	case 'd': t->y = (n ? n : 1) - 1; break;
	case 'H': case 'f':
		t->y = par(t, 0, 1) - 1;
		t->x = par(t, 1, 1) - 1;
		if (t->y < 0)
			t->y = 0;
		if (t->x < 0)
			t->x = 0;
		break;
	case 'J':
		m = par(t, 0, 0);
		if (m == 0) {
			clear_span(t, t->y, t->x, t->cols);
			for (int y = t->y + 1; y < t->rows; y++)
				clear_span(t, y, 0, t->cols);
		} else if (m == 1) {
			clear_span(t, t->y, 0, t->x + 1);
			for (int y = 0; y < t->y; y++)
				clear_span(t, y, 0, t->cols);
		} else {
			for (int y = 0; y < t->rows; y++)
				clear_span(t, y, 0, t->cols);
		}
		fix_halves(t, t->y);
		break;
	case 'K':
		m = par(t, 0, 0);
		if (m == 0)
			clear_span(t, t->y, t->x, t->cols);
		else if (m == 1)
			clear_span(t, t->y, 0, t->x + 1);
		else
			clear_span(t, t->y, 0, t->cols);
		fix_halves(t, t->y);
		break;
	case 'X':
		clear_span(t, t->y, t->x, t->x + (n ? n : 1));
		fix_halves(t, t->y);
		break;
	case 'P': {
		int k = n ? n : 1;
		if (k > t->cols - t->x)
			k = t->cols - t->x;
		memmove(at(t, t->y, t->x), at(t, t->y, t->x + k), (size_t)(t->cols - t->x - k) * sizeof(vt_cell));
		clear_span(t, t->y, t->cols - k, t->cols);
		fix_halves(t, t->y);
		break;
	}
	case '@': {
		int k = n ? n : 1;
		if (k > t->cols - t->x)
			k = t->cols - t->x;
		memmove(at(t, t->y, t->x + k), at(t, t->y, t->x), (size_t)(t->cols - t->x - k) * sizeof(vt_cell));
		clear_span(t, t->y, t->x, t->x + k);
		fix_halves(t, t->y);
		break;
	}
	case 'L':
		if (t->y >= t->top && t->y <= t->bot)
			scroll_down(t, t->y, t->bot, n ? n : 1);
		t->x = 0;
		break;
	case 'M':
		if (t->y >= t->top && t->y <= t->bot)
			scroll_up(t, t->y, t->bot, n ? n : 1);
		t->x = 0;
		break;
	case 'S': scroll_up(t, t->top, t->bot, n ? n : 1); break;
	case 'T': scroll_down(t, t->top, t->bot, n ? n : 1); break;
	case 'r':
		t->top = par(t, 0, 1) - 1;
		t->bot = par(t, 1, t->rows) - 1;
		if (t->top < 0 || t->top >= t->rows)
			t->top = 0;
		if (t->bot < t->top || t->bot >= t->rows)
			t->bot = t->rows - 1;
		t->y = 0;
		t->x = 0;
		break;
	case 'b': { /* repeat the last character */
		char u8[8];
		snprintf(u8, sizeof u8, "%s", t->last);
		if (u8[0]) {
			wchar_t wc = 0;
			int w;
			mbtowc(&wc, u8, strlen(u8));
			w = wcwidth(wc);
			for (int k = 0; k < (n ? n : 1); k++)
				put_char(t, u8, w < 1 ? 1 : w);
		}
		break;
	}
	case 's': t->sy = t->y; t->sx = t->x; break;
	case 'u': t->y = t->sy; t->x = t->sx; break;
	case 'n':
		if (par(t, 0, 0) == 6) {
			char buf[32];
			snprintf(buf, sizeof buf, "\033[%d;%dR", t->y + 1, t->x + 1);
			answer(t, buf);
		}
		break;
	case 'c': answer(t, "\033[?1;2c"); break;
	default: break; /* m (attributes), h/l, t: nothing on the text */
	}
	clamp(t);
}

static void control(vt *t, unsigned char c)
{
	switch (c) {
	case '\r': t->x = 0; t->wrap = 0; break;
	case '\n': case '\v': case '\f': linefeed(t); break;
	case '\b':
		if (t->wrap)
			t->wrap = 0;
		else if (t->x > 0)
			t->x--;
		break;
	case '\t':
		t->wrap = 0;
		t->x = (t->x / 8 + 1) * 8;
		if (t->x >= t->cols)
			t->x = t->cols - 1;
		break;
	default: break; /* BEL, NUL padding, SO/SI */
	}
}

void vt_feed(vt *t, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		switch (t->st) {
		case S_ESC:
			t->st = S_GROUND;
			switch (c) {
			case '[': t->st = S_CSI; t->npar = 0; t->par[0] = 0; t->priv = 0; break;
			case ']': t->st = S_OSC; break;
			case 'P': case 'X': case '^': case '_': t->st = S_STR; break;
			case '(': case ')': case '*': case '+': t->st = S_CHARSET; break;
			case '7': t->sy = t->y; t->sx = t->x; break;
			case '8': t->y = t->sy; t->x = t->sx; t->wrap = 0; break;
			case 'D': linefeed(t); break;
			case 'E': t->x = 0; linefeed(t); break;
			case 'M':
				t->wrap = 0;
				if (t->y == t->top)
					scroll_down(t, t->top, t->bot, 1);
				else if (t->y > 0)
					t->y--;
				break;
			case 'c':
				for (int y = 0; y < t->rows; y++)
					clear_span(t, y, 0, t->cols);
				t->y = t->x = 0;
				t->top = 0;
				t->bot = t->rows - 1;
				break;
			default: break; /* = > and the like */
			}
			continue;
		case S_CSI:
			if ((c == '?' || c == '>' || c == '!' || c == '=') && t->npar == 0 && !t->priv) {
				t->priv = (char)c;
			} else if ((c >= '0' && c <= '9') || c == ';' || c == ':') {
				if (t->npar < (int)sizeof t->par - 1) {
					t->par[t->npar++] = (char)c;
					t->par[t->npar] = 0;
				}
			} else if (c >= 0x20 && c <= 0x2f) {
				/* intermediate bytes: "\E[!p" soft reset and the like */
				t->priv = t->priv ? t->priv : (char)c;
			} else if (c >= 0x40 && c <= 0x7e) {
				t->st = S_GROUND;
				csi(t, (char)c);
			} else if (c < 0x20) {
				control(t, c);
			} else {
				t->st = S_GROUND;
			}
			continue;
		case S_OSC:
			if (c == 7)
				t->st = S_GROUND;
			else if (c == 0x1b)
				t->st = S_OSC_ESC;
			continue;
		case S_STR:
			if (c == 0x1b)
				t->st = S_OSC_ESC;
			continue;
		case S_OSC_ESC:
			t->st = c == '\\' ? S_GROUND : S_OSC;
			continue;
		case S_CHARSET:
			t->st = S_GROUND;
			continue;
		default:
			break;
		}
		/* ground */
		if (t->u8need) {
			if ((c & 0xC0) == 0x80) {
				t->u8[t->u8n++] = c;
				if (t->u8n == t->u8need) {
					char u8[8];
					wchar_t wc = 0;
					int w;
					memcpy(u8, t->u8, (size_t)t->u8n);
					u8[t->u8n] = 0;
					t->u8need = 0;
					if (mbtowc(&wc, u8, (size_t)t->u8n) <= 0)
						w = 1;
					else
						w = wcwidth(wc);
					if (wc >= 0x80 && wc < 0xA0)
						continue; /* C1 controls */
					put_char(t, u8, w);
				}
				continue;
			}
			t->u8need = 0; /* a broken sequence: start again with this byte */
		}
		if (c == 0x1b) {
			t->st = S_ESC;
		} else if (c < 0x20 || c == 0x7f) {
			control(t, c);
		} else if (c < 0x80) {
			char u8[2] = {(char)c, 0};
			put_char(t, u8, 1);
		} else if (c >= 0xC2 && c <= 0xF4) {
			t->u8[0] = c;
			t->u8n = 1;
			t->u8need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		}
	}
}

void vt_text(const vt *t, char *out, size_t len)
{
	size_t o = 0;
	if (!len)
		return;
	for (int y = 0; y < t->rows; y++) {
		size_t line_start = o, last_ink = o;
		for (int x = 0; x < t->cols; x++) {
			const vt_cell *c = &t->g[y * t->cols + x];
			const char *s = c->w == 0 ? "" : c->ch[0] ? c->ch : " ";
			size_t k = strlen(s);
			if (o + k + 2 >= len)
				goto done;
			memcpy(out + o, s, k);
			o += k;
			if (c->w != 0 && c->ch[0] && strcmp(c->ch, " ") != 0)
				last_ink = o;
		}
		(void)line_start;
		o = last_ink;
		out[o++] = '\n';
	}
done:
	out[o] = 0;
}
