/* The field editor and the multi-line text area.
 *
 * The text is UTF-8; for each character the editor keeps its byte offset and
 * its display width, so the caret moves by character and the hardware
 * cursor is placed on the caret's screen column (an input method's candidate
 * window follows it).  Input comes from get_wch, so Chinese typed through
 * the terminal's input method arrives as whole characters. */
#ifndef JX_EDIT_H
#define JX_EDIT_H

#include <stddef.h>

typedef struct {
	char *buf;            /* the text, NUL-terminated */
	size_t len, cap;
	size_t *off;          /* off[i]: byte offset of character i; off[n] == len */
	unsigned char *cw;    /* cw[i]: display width of character i (0..2) */
	size_t n, ncap;       /* characters */
	size_t caret;         /* character index, 0..n */
	int scroll;           /* single line: first visible column; text area: first visible line */
	int multiline;
	int pasting;          /* inside a bracketed paste */
	int paste_cr;         /* the last pasted character was CR (so a following LF is the same break) */
	size_t max_bytes;     /* longest text accepted */
	int dropped;          /* control characters dropped from pasted text since the last reset */
	int refused;          /* input refused because the text reached max_bytes */
	int goal_col;         /* column kept by Up/Down in a text area, -1 none */
	int last_w;           /* width of the last draw (text area layout for Up/Down) */
	size_t *lstart;       /* text area layout: first character of each visual line */
	size_t nlines, lcap;
	int changed;          /* text differs from what ui_edit_set gave */
	int replace;          /* the text is shown selected: the first character typed replaces it,
			       * any other editing key keeps it (a dialog's pre-filled value) */
} ui_edit;

/* What a key did. */
enum {
	UE_UNHANDLED = 0, /* not an editing key: the caller decides (F-keys ...) */
	UE_CHANGED,       /* text changed */
	UE_MOVED,         /* caret moved */
	UE_REFUSED,       /* input refused: the text is at its maximum length */
	UE_ENTER,         /* single line: commit */
	UE_TAB,           /* commit and go to the next field */
	UE_BTAB,          /* commit and go to the previous field */
	UE_ESC,           /* cancel */
	UE_UP,            /* single line: commit and go up */
	UE_DOWN,          /* single line: commit and go down */
};

void ui_edit_init(ui_edit *e, int multiline, size_t max_bytes);
void ui_edit_free(ui_edit *e);
/* Replace the text (invalid UTF-8 shown as U+FFFD, control characters
 * dropped, newlines kept only in a text area); the caret goes to the end. */
void ui_edit_set(ui_edit *e, const char *text);
const char *ui_edit_text(const ui_edit *e);
int ui_edit_key(ui_edit *e, int key);
/* Draw in the h × w rectangle at (y, x) (h is 1 for a single line) and put
 * the hardware cursor on the caret. */
void ui_edit_draw(ui_edit *e, int y, int x, int h, int w, int attr);

#endif
