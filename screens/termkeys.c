/* Terminal input decoding: one table of key sequences per terminal family,
 * and the reader that splits the input into keys, escape sequences and
 * UTF-8 characters; see termkeys.h. */
#include "termkeys.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textwidth.h"
#include "ui.h"

/* ---- the tables -----------------------------------------------------------------
 * Each entry is a sequence without its leading ESC and the key it means.
 * Shift-F1..F12 are F13..F24 (as xterm numbers them; the key bindings name
 * shifted F6 "F18"); the shifted editing keys are curses' KEY_S* keys.
 *
 * Where families disagree the first family in `families` wins, unless
 * JIXIAO_KEYS names another one:
 * - ESC[23~ / ESC[24~ are F11 / F12; PuTTY, rxvt and the Linux console send
 *   them for Shift-F1 / Shift-F2 as well.
 * - ESC[Z is Shift-Tab; PuTTY's SCO mode sends it for Shift-F2 as well.
 * - ESC[a .. ESC[d are rxvt's shifted arrows, and Shift-F3..F6 in PuTTY's
 *   SCO mode (JIXIAO_KEYS=putty-sco).
 * - PuTTY's VT400 mode moves the six editing keys to the places of a VT220
 *   keyboard: its Home sends what every other terminal sends for Insert
 *   (JIXIAO_KEYS=putty-vt400).
 * - ESC O w is End under PuTTY's "rxvt" Home/End setting, and keypad 7 in
 *   application keypad mode (which the workstation never asks for).
 * - ESC O X is F9 in PuTTY's VT100+ mode, and keypad = on xterm.
 * - PuTTY's SCO mode sends DEL for Delete: it acts as Backspace. */

struct tk_seq {
	const char *seq;
	int key;
};

#define K(k) UK_FN(KEY_##k)
#define F(n) UK_FN(KEY_F(n))
#define SF(n) UK_FN(KEY_F((n) + 12))

/* Cursor keys in normal and in application cursor mode. */
#define ARROWS                                                                                              \
	{"[A", K(UP)}, {"[B", K(DOWN)}, {"[C", K(RIGHT)}, {"[D", K(LEFT)}, {"OA", K(UP)}, {"OB", K(DOWN)}, \
		{"OC", K(RIGHT)}, {"OD", K(LEFT)}
/* Insert, Delete, PgUp, PgDn as the VT220 numbers them. */
#define VT220_EDIT {"[2~", K(IC)}, {"[3~", K(DC)}, {"[5~", K(PPAGE)}, {"[6~", K(NPAGE)}
/* F5..F12 in the VT220 numbering. */
#define VT220_F5_F12                                                                                       \
	{"[15~", F(5)}, {"[17~", F(6)}, {"[18~", F(7)}, {"[19~", F(8)}, {"[20~", F(9)}, {"[21~", F(10)},     \
		{"[23~", F(11)}, {"[24~", F(12)}
/* Shift-F3..F10 where Shift-Fn sends the VT220's F(n+10) (PuTTY, rxvt, Linux). */
#define VT220_SHIFT_F3_F10                                                                                 \
	{"[25~", SF(3)}, {"[26~", SF(4)}, {"[28~", SF(5)}, {"[29~", SF(6)}, {"[31~", SF(7)}, {"[32~", SF(8)}, \
		{"[33~", SF(9)}, {"[34~", SF(10)}
/* xterm's modifier 2 (Shift) on the keys that have no letter of their own. */
#define XTERM_SHIFT_KEYS                                                                                    \
	{"[1;2P", SF(1)}, {"[1;2Q", SF(2)}, {"[1;2R", SF(3)}, {"[1;2S", SF(4)}, {"[15;2~", SF(5)},          \
		{"[17;2~", SF(6)}, {"[18;2~", SF(7)}, {"[19;2~", SF(8)}, {"[20;2~", SF(9)}, {"[21;2~", SF(10)}, \
		{"[23;2~", SF(11)}, {"[24;2~", SF(12)}, {"[1;2A", K(SR)}, {"[1;2B", K(SF)}, {"[1;2C", K(SRIGHT)}, \
		{"[1;2D", K(SLEFT)}, {"[1;2H", K(SHOME)}, {"[1;2F", K(SEND)}, {"[2;2~", K(SIC)}, {"[3;2~", K(SDC)}, \
		{"[5;2~", K(SPREVIOUS)}, {"[6;2~", K(SNEXT)}
/* Home and End as the VT220's Find and Select keys. */
#define VT220_HOME_END {"[1~", K(HOME)}, {"[4~", K(END)}
/* F1..F4 as the VT100's PF1..PF4, or in the VT220 numbering. */
#define SS3_F1_F4 {"OP", F(1)}, {"OQ", F(2)}, {"OR", F(3)}, {"OS", F(4)}
#define TILDE_F1_F4 {"[11~", F(1)}, {"[12~", F(2)}, {"[13~", F(3)}, {"[14~", F(4)}
#define COMMON {"[Z", K(BTAB)}, {"[200~", UK_PASTE_BEGIN}, {"[201~", UK_PASTE_END}

/* xterm, Windows Terminal, Windows OpenSSH on a console with VT input,
 * PuTTY's "Xterm 216+" mode. */
static const struct tk_seq fam_xterm[] = {
	ARROWS, VT220_EDIT, VT220_F5_F12, XTERM_SHIFT_KEYS, COMMON,
	{"[H", K(HOME)}, {"[F", K(END)}, {"OH", K(HOME)}, {"OF", K(END)},
	SS3_F1_F4,
	/* xterm before patch 216 put the modifier in SS3 */
	{"O2P", SF(1)}, {"O2Q", SF(2)}, {"O2R", SF(3)}, {"O2S", SF(4)},
};
/* PuTTY at its default settings ("ESC[n~" function keys). */
static const struct tk_seq fam_putty[] = {
	ARROWS, VT220_EDIT, VT220_F5_F12, VT220_SHIFT_F3_F10, COMMON, VT220_HOME_END, TILDE_F1_F4,
	/* its "rxvt" Home/End setting */
	{"Ow", K(END)},
};
/* PuTTY's "Xterm R6" function keys. */
static const struct tk_seq fam_putty_xterm_r6[] = {
	ARROWS, VT220_EDIT, VT220_F5_F12, VT220_SHIFT_F3_F10, COMMON, VT220_HOME_END, SS3_F1_F4,
};
/* PuTTY's "VT100+" function keys: F1..F12 all in SS3. */
static const struct tk_seq fam_putty_vt100p[] = {
	ARROWS, VT220_EDIT, VT220_SHIFT_F3_F10, COMMON, VT220_HOME_END,
	SS3_F1_F4, {"OT", F(5)}, {"OU", F(6)},
	{"OV", F(7)}, {"OW", F(8)}, {"OX", F(9)}, {"OY", F(10)}, {"OZ", F(11)}, {"O[", F(12)},
};
/* The Linux console (and PuTTY's "Linux" function keys). */
static const struct tk_seq fam_linux[] = {
	ARROWS, VT220_EDIT, VT220_F5_F12, VT220_SHIFT_F3_F10, COMMON, VT220_HOME_END,
	{"[[A", F(1)}, {"[[B", F(2)}, {"[[C", F(3)}, {"[[D", F(4)}, {"[[E", F(5)},
};
/* Windows OpenSSH on a console without VT input (it makes the sequences). */
static const struct tk_seq fam_windows_openssh[] = {
	ARROWS, VT220_EDIT, VT220_F5_F12, XTERM_SHIFT_KEYS, VT220_HOME_END, TILDE_F1_F4,
	{"[11;2~", SF(1)}, {"[12;2~", SF(2)}, {"[13;2~", SF(3)}, {"[14;2~", SF(4)},
	{"[~", K(BTAB)},
};
/* tmux (TERM=tmux-256color or screen inside it). */
static const struct tk_seq fam_tmux[] = {
	ARROWS, VT220_EDIT, VT220_F5_F12, XTERM_SHIFT_KEYS, COMMON, VT220_HOME_END, SS3_F1_F4,
};
/* GNU screen (shifted keys pass through from the terminal outside). */
static const struct tk_seq fam_screen[] = {
	ARROWS, VT220_EDIT, VT220_F5_F12, COMMON, VT220_HOME_END, SS3_F1_F4,
};
/* rxvt and urxvt. */
static const struct tk_seq fam_rxvt[] = {
	ARROWS, VT220_EDIT, VT220_F5_F12, VT220_SHIFT_F3_F10, COMMON,
	{"[7~", K(HOME)}, {"[8~", K(END)},
	TILDE_F1_F4,
	{"[23$", SF(11)}, {"[24$", SF(12)},
	{"[a", K(SR)}, {"[b", K(SF)}, {"[c", K(SRIGHT)}, {"[d", K(SLEFT)},
	{"[7$", K(SHOME)}, {"[8$", K(SEND)}, {"[2$", K(SIC)}, {"[3$", K(SDC)}, {"[5$", K(SPREVIOUS)}, {"[6$", K(SNEXT)},
};
/* PuTTY's "SCO" function keys (Delete sends DEL, Shift-F2 ESC[Z). */
static const struct tk_seq fam_putty_sco[] = {
	ARROWS, COMMON,
	{"[H", K(HOME)}, {"[F", K(END)}, {"[L", K(IC)}, {"[I", K(PPAGE)}, {"[G", K(NPAGE)},
	{"[M", F(1)}, {"[N", F(2)}, {"[O", F(3)}, {"[P", F(4)}, {"[Q", F(5)}, {"[R", F(6)},
	{"[S", F(7)}, {"[T", F(8)}, {"[U", F(9)}, {"[V", F(10)}, {"[W", F(11)}, {"[X", F(12)},
	{"[Y", SF(1)}, {"[a", SF(3)}, {"[b", SF(4)}, {"[c", SF(5)}, {"[d", SF(6)}, {"[e", SF(7)},
	{"[f", SF(8)}, {"[g", SF(9)}, {"[h", SF(10)}, {"[i", SF(11)}, {"[j", SF(12)},
};
/* PuTTY's "VT400" function keys: the editing keys in the VT220's places. */
static const struct tk_seq fam_putty_vt400[] = {
	ARROWS, VT220_F5_F12, VT220_SHIFT_F3_F10, COMMON,
	{"[2~", K(HOME)}, {"[1~", K(IC)}, {"[4~", K(DC)}, {"[5~", K(END)}, {"[3~", K(PPAGE)}, {"[6~", K(NPAGE)},
	TILDE_F1_F4,
};
/* The numeric keypad in application keypad mode (any VT100 descendant). */
static const struct tk_seq fam_keypad[] = {
	{"Op", '0'}, {"Oq", '1'}, {"Or", '2'}, {"Os", '3'}, {"Ot", '4'}, {"Ou", '5'}, {"Ov", '6'},
	{"Ow", '7'}, {"Ox", '8'}, {"Oy", '9'}, {"On", '.'}, {"Ol", ','}, {"Om", '-'}, {"Ok", '+'},
	{"Oj", '*'}, {"Oo", '/'}, {"OX", '='}, {"OM", UK_ENTER},
};

#define FAMILY(name, t) {name, t, sizeof t / sizeof t[0]}
static const struct {
	const char *name;
	const struct tk_seq *seqs;
	size_t n;
} families[] = {
	FAMILY("xterm", fam_xterm),
	FAMILY("putty", fam_putty),
	FAMILY("putty-xterm-r6", fam_putty_xterm_r6),
	FAMILY("putty-vt100p", fam_putty_vt100p),
	FAMILY("linux", fam_linux),
	FAMILY("windows-openssh", fam_windows_openssh),
	FAMILY("tmux", fam_tmux),
	FAMILY("screen", fam_screen),
	FAMILY("rxvt", fam_rxvt),
	FAMILY("putty-sco", fam_putty_sco),
	FAMILY("putty-vt400", fam_putty_vt400),
	FAMILY("keypad", fam_keypad),
};
#define N_FAMILIES (int)(sizeof families / sizeof families[0])

int tk_family_index(const char *name)
{
	for (int i = 0; name && i < N_FAMILIES; i++)
		if (strcmp(families[i].name, name) == 0)
			return i;
	return -1;
}

static int family_lookup(int f, const char *seq, size_t len)
{
	for (size_t i = 0; i < families[f].n; i++) {
		const char *s = families[f].seqs[i].seq;
		if (strlen(s) == len && memcmp(s, seq, len) == 0)
			return families[f].seqs[i].key;
	}
	return TK_IGNORED;
}

int tk_lookup(const char *seq, size_t len, int prefer)
{
	if (prefer >= 0 && prefer < N_FAMILIES) {
		int k = family_lookup(prefer, seq, len);
		if (k != TK_IGNORED)
			return k;
	}
	for (int f = 0; f < N_FAMILIES; f++) {
		int k = family_lookup(f, seq, len);
		if (k != TK_IGNORED)
			return k;
	}
	return TK_IGNORED;
}

/* ---- the reader -------------------------------------------------------------- */

/* Wait for the rest of a sequence that has begun: the bytes of one key
 * arrive together, but an SSH link may split them. */
#define SEQ_DELAY_MS 100

void tk_init(tk_decoder *d, tk_read_fn read, void *ctx, int esc_delay_ms)
{
	memset(d, 0, sizeof *d);
	d->read = read;
	d->ctx = ctx;
	d->esc_delay_ms = esc_delay_ms > 0 ? esc_delay_ms : 25;
	d->prefer = tk_family_index(getenv("JIXIAO_KEYS"));
}

void tk_push(tk_decoder *d, const unsigned char *bytes, size_t n)
{
	if (n > sizeof d->pend - d->npend)
		n = sizeof d->pend - d->npend;
	memcpy(d->pend + d->npend, bytes, n);
	d->npend += n;
}

/* Put bytes back in front of the input. */
static void unread(tk_decoder *d, const char *bytes, size_t n)
{
	if (n > sizeof d->pend - d->npend)
		n = sizeof d->pend - d->npend;
	memmove(d->pend + n, d->pend, d->npend);
	memcpy(d->pend, bytes, n);
	d->npend += n;
}

static int next_byte(tk_decoder *d, int timeout_ms)
{
	if (d->npend) {
		int b = d->pend[0];
		memmove(d->pend, d->pend + 1, --d->npend);
		return b;
	}
	return d->read(d->ctx, timeout_ms);
}

const char *tk_ignored(const tk_decoder *d)
{
	return d->ignored;
}

int tk_take_invalid(tk_decoder *d)
{
	int n = d->invalid;
	d->invalid = 0;
	return n;
}

/* Inside a paste only ESC[201~ means anything: an ESC that begins anything
 * else is pasted text (the editor drops it) and the bytes after it stay. */
static int paste_esc(tk_decoder *d)
{
	static const char end[] = "[201~";
	char got[sizeof end];
	size_t n = 0;
	while (n < sizeof end - 1) {
		int c = next_byte(d, n ? SEQ_DELAY_MS : d->esc_delay_ms);
		if (c < 0 || c != end[n]) {
			if (c >= 0)
				got[n++] = (char)c;
			unread(d, got, n);
			return UK_ESC;
		}
		got[n++] = (char)c;
	}
	d->pasting = 0;
	return UK_PASTE_END;
}

/* A reply to ESC[6n: "[row;colR".  The column, or 0. */
static int cursor_report_col(const char *s, size_t n)
{
	if (n < 5 || s[0] != '[' || s[n - 1] != 'R')
		return 0;
	const char *semi = memchr(s, ';', n);
	if (!semi)
		return 0;
	return atoi(semi + 1);
}

/* Read the rest of a CSI or SS3 sequence into seq (which holds '[' or 'O').
 * 1 when it ended with its final byte, 0 when it was cut short. */
static int read_sequence(tk_decoder *d, char *seq, size_t *n)
{
	size_t len = *n;
	int csi = seq[0] == '[', inter = 0, ok = 0;
	for (;;) {
		int c = next_byte(d, SEQ_DELAY_MS);
		if (c < 0)
			break;
		if (csi && len == 1 && c == '[') {
			/* the Linux console's ESC [ [ A for F1: one more letter */
			seq[len++] = '[';
			c = next_byte(d, SEQ_DELAY_MS);
			if (c >= 0x40 && c <= 0x7E) {
				seq[len++] = (char)c;
				ok = 1;
			} else if (c >= 0) {
				char b = (char)c;
				unread(d, &b, 1);
			}
			break;
		}
		if (c >= 0x40 && c <= 0x7E) {
			if (len < TK_SEQ_MAX)
				seq[len++] = (char)c;
			ok = 1;
			break;
		}
		if (c >= 0x30 && c <= 0x3F && !inter) {
			if (len < TK_SEQ_MAX)
				seq[len++] = (char)c;
			continue;
		}
		if (c >= 0x20 && c <= 0x2F && csi) {
			inter = 1;
			if (len < TK_SEQ_MAX)
				seq[len++] = (char)c;
			/* rxvt ends its shifted keys with '$', an intermediate byte */
			if (tk_lookup(seq, len, d->prefer) != TK_IGNORED) {
				ok = 1;
				break;
			}
			continue;
		}
		/* not part of any sequence: it is the next key */
		char b = (char)c;
		unread(d, &b, 1);
		break;
	}
	*n = len;
	return ok;
}

static int after_esc(tk_decoder *d)
{
	if (d->pasting)
		return paste_esc(d);
	int c = next_byte(d, d->esc_delay_ms);
	if (c < 0)
		return UK_ESC; /* a lone Esc (a resize during the wait comes with the next read) */
	if (c != '[' && c != 'O') {
		char b = (char)c;
		unread(d, &b, 1); /* Esc, then a key typed quickly (or Alt+key) */
		return UK_ESC;
	}
	char seq[TK_SEQ_MAX + 1];
	size_t n = 1;
	seq[0] = (char)c;
	int c2 = next_byte(d, SEQ_DELAY_MS);
	if (c2 < 0) {
		unread(d, seq, 1); /* Esc then '[' or 'O' typed: not a sequence */
		return UK_ESC;
	}
	char b = (char)c2;
	unread(d, &b, 1);
	int complete = read_sequence(d, seq, &n);
	seq[n] = '\0';
	/* the awaited answer first: on row 1 it reads like xterm's Shift-F3 */
	if (d->cursor_report_wanted && complete && cursor_report_col(seq, n) > 0) {
		d->cursor_report_wanted = 0;
		d->cursor_col = cursor_report_col(seq, n);
		return TK_CURSOR_POS;
	}
	int key = complete ? tk_lookup(seq, n, d->prefer) : TK_IGNORED;
	if (key == UK_PASTE_BEGIN)
		d->pasting = 1;
	if (key != TK_IGNORED)
		return key;
	snprintf(d->ignored, sizeof d->ignored, "ESC%s%s", seq, complete ? "" : "…");
	return TK_IGNORED;
}

/* The other bytes of a UTF-8 character that began with c. */
static int utf8_rest(tk_decoder *d, int c)
{
	char b[4];
	size_t need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
	b[0] = (char)c;
	if (need == 1) {
		d->invalid++;
		return (int)JX_REPLACEMENT;
	}
	for (size_t i = 1; i < need; i++) {
		int x = next_byte(d, SEQ_DELAY_MS);
		if (x < 0 || (x & 0xC0) != 0x80) {
			if (x >= 0) {
				char xb = (char)x;
				unread(d, &xb, 1);
			}
			d->invalid++;
			return (int)JX_REPLACEMENT;
		}
		b[i] = (char)x;
	}
	size_t adv;
	int32_t cp = jx_utf8_decode(b, need, &adv);
	if (cp < 0) {
		d->invalid++;
		return (int)JX_REPLACEMENT;
	}
	return cp;
}

int tk_read_key(tk_decoder *d, int timeout_ms)
{
	int c = next_byte(d, timeout_ms);
	if (c < 0)
		return c;
	if (c == UK_ESC)
		return after_esc(d);
	if (c == '\r' || c == '\n')
		return UK_ENTER;
	if (c == 8 || c == 127)
		return UK_BACKSPACE;
	if (c < 0x80)
		return c;
	return utf8_rest(d, c);
}
