/* A small terminal emulator for the tests that drive the real workstation
 * on a pseudo-terminal: it keeps the screen as text, the way a person sees
 * it, from the bytes curses sends for TERM=xterm (cursor addressing,
 * erasing, scrolling regions, insert/delete, repeat, UTF-8 with wide
 * characters).  Attributes and colours are ignored. */
#ifndef JX_TEST_VT_H
#define JX_TEST_VT_H

#include <stddef.h>

typedef struct {
	char ch[8];      /* one character in UTF-8, "" for a blank */
	unsigned char w; /* 1 or 2 columns; 0 = the right half of a wide one */
} vt_cell;

typedef struct {
	int rows, cols;
	vt_cell *g;
	int y, x, wrap;  /* cursor; wrap: a character was written in the last column */
	int top, bot;    /* scrolling region, inclusive */
	int sy, sx;      /* saved cursor */
	int st;          /* parser state */
	char par[64];
	int npar;
	char priv;       /* '?' or '>' after CSI */
	unsigned char u8[4];
	int u8n, u8need;
	char last[8];    /* the last character written, for REP */
	int answer_fd;   /* where replies to queries go (-1: none) */
} vt;

void vt_init(vt *t, int rows, int cols, int answer_fd);
void vt_free(vt *t);
void vt_feed(vt *t, const char *p, size_t n);
/* The screen as text: one line per row, trailing blanks dropped.  out gets
 * at most len bytes, NUL-terminated. */
void vt_text(const vt *t, char *out, size_t len);

#endif
