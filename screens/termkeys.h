/* Terminal input decoding: the bytes a terminal sends turned into the
 * workstation's keys (see ui.h), whatever TERM says.
 *
 * Clerks reach the workstation through PuTTY at its default settings (which
 * says TERM=xterm but sends ESC[1~ for Home and ESC[11~ for F1), Windows
 * Terminal, Windows OpenSSH, xterm, rxvt, the Linux console, GNU screen and
 * tmux.  Each of these terminal families has its own table of escape
 * sequences in termkeys.c; a sequence is looked up in all of them, so the
 * keys work under any TERM.  Any other CSI (ESC [ ... final byte) or SS3
 * (ESC O x) sequence is read whole and reported as ignored, never as Esc
 * followed by characters.  A lone Esc is reported after a short wait. */
#ifndef JX_TERMKEYS_H
#define JX_TERMKEYS_H

#include <stddef.h>

/* What tk_read_key returns besides keys (all below UK_NONE = -1). */
#define TK_TIMEOUT (-1)   /* no input within the time asked (UK_NONE) */
#define TK_RESIZE (-2)    /* the byte source said the window changed size */
#define TK_IGNORED (-3)   /* an unknown sequence was read and dropped: tk_ignored() */
#define TK_CURSOR_POS (-4) /* a cursor position report that was asked for: tk_cursor_col() */

/* The byte source: the next input byte (0..255), TK_TIMEOUT when none came
 * within timeout_ms (< 0 waits), or TK_RESIZE. */
typedef int (*tk_read_fn)(void *ctx, int timeout_ms);

#define TK_SEQ_MAX 32

typedef struct {
	tk_read_fn read;
	void *ctx;
	int esc_delay_ms;         /* wait after ESC before it counts as a lone Esc */
	int prefer;               /* family looked up first (tk_family_index), or -1 */
	int pasting;              /* between ESC[200~ and ESC[201~ */
	int cursor_report_wanted; /* a reply to ESC[6n may still come */
	int cursor_col;           /* the column of the last such reply */
	unsigned char pend[TK_SEQ_MAX + 8]; /* bytes read ahead, handed out first */
	size_t npend;
	char ignored[TK_SEQ_MAX + 8]; /* the last ignored sequence, printable */
	int invalid;              /* invalid UTF-8 bytes since tk_take_invalid */
} tk_decoder;

/* Set up d to read from read(ctx); esc_delay_ms as ncurses' ESCDELAY.  The
 * environment variable JIXIAO_KEYS may name a family whose sequences win
 * where families disagree (see README: PuTTY's VT400 mode). */
void tk_init(tk_decoder *d, tk_read_fn read, void *ctx, int esc_delay_ms);
/* Bytes already read from the terminal that belong to the input (typed
 * ahead before the decoder started): handed out before any new byte. */
void tk_push(tk_decoder *d, const unsigned char *bytes, size_t n);

/* The next key: a Unicode character, a control character (Enter comes as
 * UK_ENTER, 8 and 127 as UK_BACKSPACE), UK_FN(KEY_...) for a function or
 * editing key, UK_PASTE_BEGIN / UK_PASTE_END; or TK_TIMEOUT, TK_RESIZE,
 * TK_IGNORED, TK_CURSOR_POS.  An invalid UTF-8 byte comes as U+FFFD and is
 * counted. */
int tk_read_key(tk_decoder *d, int timeout_ms);
/* The last ignored sequence, e.g. "ESC[1;5A". */
const char *tk_ignored(const tk_decoder *d);
int tk_take_invalid(tk_decoder *d);

/* The index of the family called name ("putty", "putty-vt400", ...), or -1. */
int tk_family_index(const char *name);
/* Look up one sequence (the bytes after ESC) in the tables: the key, or
 * TK_IGNORED when no family knows it. */
int tk_lookup(const char *seq, size_t len, int prefer);

#endif
