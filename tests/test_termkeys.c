/* Terminal input decoding (screens/termkeys.c), fed from a byte string
 * instead of a terminal: the keys each family sends, lone Esc, unknown
 * sequences read whole, pastes, UTF-8.  The sequences are those each
 * terminal documents; tests/keys.sh types them into the real binary. */
#include "testutil.h"

#include <curses.h>
#include <string.h>

/* the decoder is part of the workstation, not of libjixiao.a */
#include "../screens/termkeys.c"

/* The input: bytes, then nothing (every read after the end times out). */
struct feed {
	const char *s;
	size_t at, len;
	int reads_past_end;
};

static int feed_byte(void *ctx, int timeout_ms)
{
	struct feed *f = ctx;
	(void)timeout_ms;
	if (f->at >= f->len) {
		f->reads_past_end++;
		return TK_TIMEOUT;
	}
	return (unsigned char)f->s[f->at++];
}

static struct feed in;
static tk_decoder dec;

static void feed(const char *s, size_t len)
{
	in = (struct feed){s, 0, len, 0};
	unsetenv("JIXIAO_KEYS");
	tk_init(&dec, feed_byte, &in, 25);
}
#define FEED(lit) feed(lit, sizeof lit - 1)

static int next(void)
{
	return tk_read_key(&dec, 0);
}

/* One sequence alone decodes to key, and nothing is left over. */
static void one(const char *seq, int key)
{
	feed(seq, strlen(seq));
	int k = next();
	if (k != key)
		fail_msg("ESC%s: got %d, expected %d", seq + 1, k, key);
	assert_int_equal(next(), TK_TIMEOUT);
}

#define KF(n) UK_FN(KEY_F(n))

static void putty_default(void **state)
{
	one("\033[1~", UK_FN(KEY_HOME));
	one("\033[4~", UK_FN(KEY_END));
	one("\033[2~", UK_FN(KEY_IC));
	one("\033[3~", UK_FN(KEY_DC));
	one("\033[5~", UK_FN(KEY_PPAGE));
	one("\033[6~", UK_FN(KEY_NPAGE));
	one("\033[11~", KF(1));
	one("\033[12~", KF(2));
	one("\033[13~", KF(3));
	one("\033[14~", KF(4));
	one("\033[15~", KF(5));
	one("\033[17~", KF(6));
	one("\033[21~", KF(10));
	one("\033[23~", KF(11));
	one("\033[24~", KF(12));
	/* Shift-F3 .. Shift-F10 send the VT220's F13 .. F20 */
	one("\033[25~", KF(15));
	one("\033[29~", KF(18)); /* Shift-F6: previous screen */
	one("\033[34~", KF(22));
	one("\033[A", UK_FN(KEY_UP));
	one("\033OB", UK_FN(KEY_DOWN));
	one("\033[C", UK_FN(KEY_RIGHT));
	one("\033OD", UK_FN(KEY_LEFT));
	one("\033[Z", UK_FN(KEY_BTAB));
}

static void putty_modes(void **state)
{
	/* Xterm R6 and VT100+ */
	one("\033OP", KF(1));
	one("\033OS", KF(4));
	one("\033OT", KF(5));
	one("\033OY", KF(10));
	one("\033OZ", KF(11));
	one("\033O[", KF(12));
	/* Linux */
	one("\033[[A", KF(1));
	one("\033[[E", KF(5));
	/* SCO */
	one("\033[M", KF(1));
	one("\033[X", KF(12));
	one("\033[Y", KF(13));
	one("\033[j", KF(24));
	one("\033[H", UK_FN(KEY_HOME));
	one("\033[F", UK_FN(KEY_END));
	one("\033[L", UK_FN(KEY_IC));
	one("\033[I", UK_FN(KEY_PPAGE));
	one("\033[G", UK_FN(KEY_NPAGE));
	/* ESC[d is rxvt's Shift-Left unless SCO is asked for */
	one("\033[d", UK_FN(KEY_SLEFT));
	setenv("JIXIAO_KEYS", "putty-sco", 1);
	in = (struct feed){"\033[d", 0, 3, 0};
	tk_init(&dec, feed_byte, &in, 25);
	assert_int_equal(next(), KF(18));
	/* VT400: the editing keys in the VT220's places */
	setenv("JIXIAO_KEYS", "putty-vt400", 1);
	in = (struct feed){"\033[2~\033[5~\033[1~", 0, 14, 0};
	tk_init(&dec, feed_byte, &in, 25);
	assert_int_equal(next(), UK_FN(KEY_HOME));
	assert_int_equal(next(), UK_FN(KEY_END));
	assert_int_equal(next(), UK_FN(KEY_IC));
	unsetenv("JIXIAO_KEYS");
}

static void xterm_rxvt_windows(void **state)
{
	one("\033[1;2P", KF(13));
	one("\033[17;2~", KF(18));
	one("\033[24;2~", KF(24));
	one("\033O2P", KF(13));
	one("\033OH", UK_FN(KEY_HOME));
	one("\033OF", UK_FN(KEY_END));
	one("\033[1;2A", UK_FN(KEY_SR));
	one("\033[6;2~", UK_FN(KEY_SNEXT));
	/* rxvt */
	one("\033[7~", UK_FN(KEY_HOME));
	one("\033[8~", UK_FN(KEY_END));
	one("\033[24$", KF(24));
	one("\033[7$", UK_FN(KEY_SHOME));
	/* Windows OpenSSH on an old console */
	one("\033[11;2~", KF(13));
	one("\033[~", UK_FN(KEY_BTAB));
	/* the keypad in application mode */
	one("\033Op", '0');
	one("\033Oy", '9');
	one("\033OM", UK_ENTER);
}

/* Every entry of every family decodes to its own key, unless an earlier
 * family claims the sequence (the conflicts listed in termkeys.c). */
static void tables(void **state)
{
	int checked = 0;
	for (int f = 0; f < N_FAMILIES; f++)
		for (size_t i = 0; i < families[f].n; i++) {
			const char *s = families[f].seqs[i].seq;
			assert_int_equal(tk_lookup(s, strlen(s), f), families[f].seqs[i].key);
			char buf[TK_SEQ_MAX + 2] = "\033";
			strcat(buf, s);
			feed(buf, strlen(buf));
			assert_int_equal(next(), tk_lookup(s, strlen(s), -1));
			assert_int_equal(next(), TK_TIMEOUT);
			checked++;
		}
	assert_true(checked > 200);
}

static void lone_esc_and_alt(void **state)
{
	FEED("\033");
	assert_int_equal(next(), UK_ESC);
	assert_int_equal(next(), TK_TIMEOUT);
	/* Esc then a key typed quickly: both */
	FEED("\033q");
	assert_int_equal(next(), UK_ESC);
	assert_int_equal(next(), 'q');
	FEED("\033\033[B");
	assert_int_equal(next(), UK_ESC);
	assert_int_equal(next(), UK_FN(KEY_DOWN));
	/* Esc then '[' with nothing after it: Esc and '[' (previous screen) */
	FEED("\033[");
	assert_int_equal(next(), UK_ESC);
	assert_int_equal(next(), '[');
	FEED("\033O");
	assert_int_equal(next(), UK_ESC);
	assert_int_equal(next(), 'O');
}

static void unknown_sequences(void **state)
{
	/* read whole, named, and the key after it is itself */
	FEED("\033[1;5Ax");
	assert_int_equal(next(), TK_IGNORED);
	assert_string_equal(tk_ignored(&dec), "ESC[1;5A");
	assert_int_equal(next(), 'x');
	FEED("\033Oz\033[?1;2c\033[>0;95;0c1");
	assert_int_equal(next(), TK_IGNORED);
	assert_string_equal(tk_ignored(&dec), "ESCOz");
	assert_int_equal(next(), TK_IGNORED);
	assert_string_equal(tk_ignored(&dec), "ESC[?1;2c");
	assert_int_equal(next(), TK_IGNORED);
	assert_int_equal(next(), '1');
	/* longer than the buffer: still read to its final byte */
	FEED("\033[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20xq");
	assert_int_equal(next(), TK_IGNORED);
	assert_int_equal(next(), 'q');
	/* cut short by the end of input or by a control character */
	FEED("\033[12");
	assert_int_equal(next(), TK_IGNORED);
	assert_int_equal(next(), TK_TIMEOUT);
	FEED("\033[12\r");
	assert_int_equal(next(), TK_IGNORED);
	assert_int_equal(next(), UK_ENTER);
}

static void paste(void **state)
{
	/* inside a paste only ESC[201~ ends it; other escapes are text */
	FEED("\033[200~a\033[1~b\r\n\033[201~c");
	assert_int_equal(next(), UK_PASTE_BEGIN);
	assert_int_equal(next(), 'a');
	assert_int_equal(next(), UK_ESC);
	assert_int_equal(next(), '[');
	assert_int_equal(next(), '1');
	assert_int_equal(next(), '~');
	assert_int_equal(next(), 'b');
	assert_int_equal(next(), UK_ENTER);
	assert_int_equal(next(), UK_ENTER);
	assert_int_equal(next(), UK_PASTE_END);
	assert_int_equal(next(), 'c');
	FEED("\033[200~\033[201~\033[1~");
	assert_int_equal(next(), UK_PASTE_BEGIN);
	assert_int_equal(next(), UK_PASTE_END);
	assert_int_equal(next(), UK_FN(KEY_HOME));
}

static void utf8_and_controls(void **state)
{
	FEED("项\xff" "a\x7f\x08\t");
	assert_int_equal(next(), 0x9879);
	assert_int_equal(next(), (int)JX_REPLACEMENT);
	assert_int_equal(next(), 'a');
	assert_int_equal(next(), UK_BACKSPACE);
	assert_int_equal(next(), UK_BACKSPACE);
	assert_int_equal(next(), UK_TAB);
	assert_int_equal(tk_take_invalid(&dec), 1);
	/* a cut UTF-8 character: U+FFFD, and the byte after it stays */
	FEED("\xe9\xa1" "b");
	assert_int_equal(next(), (int)JX_REPLACEMENT);
	assert_int_equal(next(), 'b');
}

static void cursor_report(void **state)
{
	/* asked for: taken as the answer, not as xterm's Shift-F3 */
	FEED("\033[1;3R\033[1;2R");
	dec.cursor_report_wanted = 1;
	assert_int_equal(next(), TK_CURSOR_POS);
	assert_int_equal(dec.cursor_col, 3);
	assert_int_equal(next(), KF(15));
	/* typed ahead before the decoder started */
	FEED("x");
	tk_push(&dec, (const unsigned char *)"\033[11~", 5);
	assert_int_equal(next(), KF(1));
	assert_int_equal(next(), 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(putty_default),
		cmocka_unit_test(putty_modes),
		cmocka_unit_test(xterm_rxvt_windows),
		cmocka_unit_test(tables),
		cmocka_unit_test(lone_esc_and_alt),
		cmocka_unit_test(unknown_sequences),
		cmocka_unit_test(paste),
		cmocka_unit_test(utf8_and_controls),
		cmocka_unit_test(cursor_report),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
