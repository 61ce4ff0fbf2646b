/* The curses layer: terminal, colours, key bindings, drawing by display
 * width, dialogs; see ui.h. */
#include "ui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "boxchoice.h"
#include "edit.h"
#include "err.h"
#include "termkeys.h"
#include "textwidth.h"

/* ---- key bindings ------------------------------------------------------------ */

static int started; /* curses is running (ui_init or ui_init_headless) */

struct action_def {
	const char *name, *keys, *zh, *en, *zh_short, *en_short;
};
#define UI_ACTION_DEF(id, name, keys, zh, en, zh_short, en_short) {name, keys, zh, en, zh_short, en_short},
static const struct action_def action_defs[UA_COUNT] = {UI_ACTIONS(UI_ACTION_DEF)};
#undef UI_ACTION_DEF

struct binding {
	int key;
	ui_action action;
};
static struct binding bindings[UA_COUNT * 4];
static size_t n_bindings;
static char key1_names[UA_COUNT][16];

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{"Enter", UK_ENTER},
	{"Tab", UK_TAB},
	{"BTab", UK_FN(KEY_BTAB)},
	{"Esc", UK_ESC},
	{"Up", UK_FN(KEY_UP)},
	{"Down", UK_FN(KEY_DOWN)},
	{"Left", UK_FN(KEY_LEFT)},
	{"Right", UK_FN(KEY_RIGHT)},
	{"PgUp", UK_FN(KEY_PPAGE)},
	{"PgDn", UK_FN(KEY_NPAGE)},
	{"Home", UK_FN(KEY_HOME)},
	{"End", UK_FN(KEY_END)},
	{"Del", UK_FN(KEY_DC)},
	{"Ins", UK_FN(KEY_IC)},
	{"Space", ' '},
};

static int ui_key_parse(const char *name)
{
	size_t adv;
	if (!name || !*name)
		return UK_NONE;
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		int n = atoi(name + 1);
		if (n >= 1 && n <= 24)
			return UK_FN(KEY_F(n));
		return UK_NONE;
	}
	if (name[0] == '^' && name[1] && !name[2])
		return UK_CTRL(name[1]);
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strcmp(named_keys[i].name, name) == 0)
			return named_keys[i].key;
	int32_t cp = jx_utf8_decode(name, strlen(name), &adv);
	if (cp < 0x20 || name[adv] != '\0')
		return UK_NONE;
	return cp;
}

static void bindings_init(void)
{
	if (n_bindings)
		return;
	for (int a = 0; a < UA_COUNT; a++) {
		char buf[64];
		int first = 1;
		snprintf(buf, sizeof buf, "%s", action_defs[a].keys);
		for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
			int k = ui_key_parse(tok);
			if (k == UK_NONE)
				continue;
			if (first) {
				/* the key bar names shifted F6 "[" rather than "F18" */
				if (strcmp(tok, "F18") != 0) {
					snprintf(key1_names[a], sizeof key1_names[a], "%s", tok);
					first = 0;
				}
			}
			if (n_bindings < sizeof bindings / sizeof bindings[0])
				bindings[n_bindings++] = (struct binding){k, (ui_action)a};
		}
	}
}

ui_action ui_action_of(int key)
{
	bindings_init();
	if (key == '\n' || key == UK_FN(KEY_ENTER))
		key = UK_ENTER;
	if (key == UK_CTRL('C'))
		return UA_QUIT;
	for (size_t i = 0; i < n_bindings; i++)
		if (bindings[i].key == key)
			return bindings[i].action;
	return UA_NONE;
}

const char *ui_action_full_label(ui_action a)
{
	return a >= 0 && a < UA_COUNT ? L(action_defs[a].zh, action_defs[a].en) : "";
}

const char *ui_action_label(ui_action a)
{
	if (a < 0 || a >= UA_COUNT)
		return "";
	if (started && COLS < UI_WIDE_COLS)
		return L(action_defs[a].zh_short, action_defs[a].en_short);
	return ui_action_full_label(a);
}
const char *ui_action_keys(ui_action a)
{
	return a >= 0 && a < UA_COUNT ? action_defs[a].keys : "";
}
const char *ui_action_key1(ui_action a)
{
	bindings_init();
	return a >= 0 && a < UA_COUNT ? key1_names[a] : "";
}

/* ---- colours ----------------------------------------------------------------- */

static int attrs[UC_COUNT];
static int mono;

int ui_attr(ui_color c)
{
	return c < UC_COUNT ? attrs[c] : 0;
}

int ui_bold(int attr)
{
	return (int)((chtype)attr | A_BOLD);
}

static void colours_init(void)
{
	const char *nc = getenv("NO_COLOR");
	mono = (nc && *nc) || !has_colors();
	if (!mono && start_color() != OK)
		mono = 1;
	if (!mono && COLOR_PAIRS < UC_COUNT + 1)
		mono = 1;
	if (mono) {
		attrs[UC_NORMAL] = A_NORMAL;
		attrs[UC_TABBAR] = A_REVERSE;
		attrs[UC_TAB_ACTIVE] = A_BOLD | A_UNDERLINE;
		attrs[UC_STATUS] = A_REVERSE;
		attrs[UC_KEY] = A_BOLD;
		attrs[UC_KEYLABEL] = A_REVERSE;
		attrs[UC_HEADER] = A_BOLD | A_UNDERLINE;
		attrs[UC_SELECT] = A_REVERSE;
		attrs[UC_EDIT] = A_UNDERLINE;
		attrs[UC_ERROR] = A_BOLD;
		attrs[UC_WARN] = A_BOLD;
		attrs[UC_INFO] = A_NORMAL;
		attrs[UC_MARK] = A_BOLD;
		attrs[UC_DIM] = A_DIM;
		attrs[UC_TITLE] = A_BOLD;
		attrs[UC_OK] = A_NORMAL;
		/* one reversed block in a grid: the current cell, on its
		 * underlined row */
		attrs[UC_ROW] = A_UNDERLINE;
		attrs[UC_CURSOR] = A_REVERSE | A_BOLD;
		return;
	}
	use_default_colors();
	static const struct {
		ui_color c;
		short fg, bg;
		int extra;
	} pairs[] = {
		{UC_NORMAL, -1, -1, 0},
		{UC_TABBAR, COLOR_WHITE, COLOR_BLUE, 0},
		{UC_TAB_ACTIVE, COLOR_BLACK, COLOR_CYAN, A_BOLD},
		{UC_STATUS, COLOR_BLACK, COLOR_CYAN, 0},
		{UC_KEY, COLOR_WHITE, -1, A_BOLD},
		{UC_KEYLABEL, COLOR_BLACK, COLOR_CYAN, 0},
		{UC_HEADER, COLOR_CYAN, -1, A_BOLD | A_UNDERLINE},
		{UC_SELECT, COLOR_BLACK, COLOR_CYAN, 0},
		{UC_EDIT, COLOR_BLACK, COLOR_YELLOW, 0},
		{UC_ERROR, COLOR_RED, -1, A_BOLD},
		{UC_WARN, COLOR_YELLOW, -1, A_BOLD},
		{UC_INFO, COLOR_CYAN, -1, 0},
		{UC_MARK, COLOR_RED, -1, 0},
		{UC_DIM, COLOR_BLUE, -1, A_BOLD},
		{UC_TITLE, COLOR_WHITE, -1, A_BOLD},
		{UC_OK, COLOR_GREEN, -1, 0},
		{UC_ROW, COLOR_BLACK, COLOR_CYAN, 0},
		{UC_CURSOR, COLOR_BLACK, COLOR_WHITE, A_BOLD},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		short id = (short)(pairs[i].c + 1);
		init_pair(id, pairs[i].fg, pairs[i].bg);
		attrs[pairs[i].c] = (int)(COLOR_PAIR(id) | (chtype)pairs[i].extra);
	}
}

/* ---- terminal ------------------------------------------------------------------- */

static int cur_y = -1, cur_x = -1;

static int utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* Keys come from the terminal byte by byte (keypad off: no curses key
 * decoding, no keypad-transmit mode) and are decoded by termkeys.c, which
 * knows every terminal family's sequences whatever TERM says. */
static tk_decoder keys;

static int curses_byte(void *ctx, int timeout_ms)
{
	(void)ctx;
	for (;;) {
		timeout(timeout_ms);
		int c = getch();
		if (c == ERR)
			return TK_TIMEOUT;
		if (c == KEY_RESIZE)
			return TK_RESIZE;
		if (c < KEY_MIN)
			return c & 0xFF;
	}
}

static void (*notice_fn)(void *ctx, const char *text);
static void *notice_ctx;

void ui_set_notice(void (*fn)(void *ctx, const char *text), void *ctx)
{
	notice_fn = fn;
	notice_ctx = ctx;
}

/* ---- box characters ---------------------------------------------------------
 * Unicode lines or ASCII (boxchoice.h): JIXIAO_ASCII, a legacy CJK locale,
 * else the terminal is asked: one line character is written and the cursor
 * position read back (ESC[6n); two columns mean ASCII.  A terminal that does
 * not answer within PROBE_MS gets Unicode (a late answer still switches). */
static int box_ascii;

int ui_ascii_boxes(void)
{
	return box_ascii;
}

#define PROBE_MS 300

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Write U+2500 at the start of the line and ask where the cursor is: the
 * column it ended in (2 narrow, 3 wide), or 0 when no answer came.  Keys
 * typed meanwhile are kept for the decoder. */
static int probe_line_width(void)
{
	struct termios old, raw;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || tcgetattr(STDIN_FILENO, &old) < 0)
		return 0;
	raw = old;
	raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) < 0)
		return 0;
	static const char ask[] = "\r\xe2\x94\x80\033[6n";
	fflush(stdout);
	int col = 0;
	unsigned char in[64];
	size_t n = 0;
	if (write(STDOUT_FILENO, ask, sizeof ask - 1) == (ssize_t)(sizeof ask - 1)) {
		int64_t until = mono_ms() + PROBE_MS;
		while (!col && n < sizeof in) {
			int left = (int)(until - mono_ms());
			struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
			if (left <= 0 || poll(&pfd, 1, left) <= 0)
				break;
			ssize_t r = read(STDIN_FILENO, in + n, sizeof in - n);
			if (r <= 0)
				break;
			n += (size_t)r;
			/* the answer: ESC [ row ; col R */
			for (size_t i = 0; i + 1 < n && !col; i++) {
				unsigned char *e = memchr(in + i, 'R', n - i);
				if (in[i] != 27 || in[i + 1] != '[' || !e)
					continue;
				const unsigned char *semi = memchr(in + i, ';', (size_t)(e - (in + i)));
				if (!semi)
					continue;
				col = atoi((const char *)semi + 1);
				size_t end = (size_t)(e - in) + 1;
				memmove(in + i, in + end, n - end);
				n -= end - i;
			}
		}
	}
	/* the line character is erased; should this fail, curses clears the
	 * screen anyway */
	static const char erase[] = "\r\033[K";
	ssize_t erased = write(STDOUT_FILENO, erase, sizeof erase - 1);
	(void)erased;
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	tk_push(&keys, in, n);
	return col;
}

/* Choose the box characters; codeset is the locale's before any upgrade. */
static void choose_boxes(const char *codeset)
{
	const char *name = getenv("LC_ALL");
	if (!name || !*name)
		name = getenv("LC_CTYPE");
	if (!name || !*name)
		name = getenv("LANG");
	int c = ui_box_choice(getenv("JIXIAO_ASCII"), codeset, name);
	if (c != UI_BOX_ASK) {
		box_ascii = c == UI_BOX_ASCII;
		return;
	}
	int col = probe_line_width();
	if (col == 0)
		keys.cursor_report_wanted = 1;
	box_ascii = ui_box_from_probe(col) == UI_BOX_ASCII;
}

int ui_init(void)
{
	setlocale(LC_ALL, "");
	char codeset[32];
	snprintf(codeset, sizeof codeset, "%s", nl_langinfo(CODESET));
	/* Chinese needs a UTF-8 character type; a plain "C" or POSIX locale
	 * (common over SSH) is upgraded rather than showing garbage. */
	if (!utf8_locale() && !setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	setlocale(LC_NUMERIC, "C");
	if (!utf8_locale())
		return -1;
	/* short Esc: cancelling an edit must feel immediate (ESCDELAY, in
	 * milliseconds as for curses, may ask for longer over a slow link) */
	const char *delay = getenv("ESCDELAY");
	tk_init(&keys, curses_byte, NULL, delay && atoi(delay) > 0 ? atoi(delay) : 25);
	choose_boxes(codeset);
	if (!newterm(NULL, stdout, stdin)) /* initscr() would exit on an unknown terminal */
		return -2;
	started = 1;
	raw();
	noecho();
	nonl();
	keypad(stdscr, FALSE);
	meta(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	colours_init();
	putp("\033[?2004h");
	fflush(stdout);
	bindings_init();
	return 0;
}

static SCREEN *headless;
static FILE *headless_out, *headless_in;

int ui_init_headless(int rows, int cols)
{
	setlocale(LC_ALL, "");
	if (!utf8_locale())
		setlocale(LC_CTYPE, "C.UTF-8");
	setlocale(LC_NUMERIC, "C");
	headless_out = fopen("/dev/null", "w");
	headless_in = fopen("/dev/null", "r");
	if (!headless_out || !headless_in)
		return -1;
	headless = newterm("xterm-256color", headless_out, headless_in);
	if (!headless)
		headless = newterm("xterm", headless_out, headless_in);
	if (!headless)
		return -1;
	set_term(headless);
	started = 1;
	tk_init(&keys, curses_byte, NULL, 25);
	raw();
	noecho();
	keypad(stdscr, FALSE);
	resizeterm(rows, cols);
	colours_init();
	bindings_init();
	return 0;
}

void ui_end(void)
{
	if (!started)
		return;
	if (headless) {
		endwin();
		delscreen(headless);
		fclose(headless_out);
		fclose(headless_in);
		headless = NULL;
		started = 0;
		return;
	}
	putp("\033[?2004l");
	curs_set(1);
	endwin();
	started = 0;
}

int ui_rows(void)
{
	return LINES;
}
int ui_cols(void)
{
	return COLS;
}

static int invalid_bytes;

int ui_invalid_input(void)
{
	int n = invalid_bytes;
	invalid_bytes = 0;
	return n;
}

/* Keys are decoded by termkeys.c from the bytes getch() hands over:
 * get_wch() would drop the rest of the input after an invalid UTF-8 byte
 * (the remainder of a paste), and curses' own key decoding reads an unknown
 * sequence as Esc followed by characters.  An ignored sequence is said on
 * the message line and comes back as UK_RESIZE, so the frame is redrawn. */
int ui_read_key(int timeout_ms)
{
	int k = tk_read_key(&keys, timeout_ms);
	invalid_bytes += tk_take_invalid(&keys);
	switch (k) {
	case TK_TIMEOUT:
		return UK_NONE;
	case TK_RESIZE:
		return UK_RESIZE;
	case TK_CURSOR_POS:
		/* the late answer to the box-width question */
		box_ascii = ui_box_from_probe(keys.cursor_col) == UI_BOX_ASCII;
		return UK_RESIZE;
	case TK_IGNORED:
		if (notice_fn) {
			char text[160];
			snprintf(text, sizeof text, L("已忽略终端发来的未知按键 %s", "ignored an unknown key sequence %s"),
				 tk_ignored(&keys));
			notice_fn(notice_ctx, text);
		}
		return UK_RESIZE;
	default:
		return k;
	}
}

void ui_clear(void)
{
	erase();
	cur_y = cur_x = -1;
}

void ui_cursor_at(int y, int x)
{
	cur_y = y;
	cur_x = x;
}

void ui_cursor_hide(void)
{
	cur_y = cur_x = -1;
}

void ui_present(void)
{
	if (cur_y >= 0 && cur_y < LINES && cur_x >= 0 && cur_x < COLS) {
		curs_set(1);
		move(cur_y, cur_x);
	} else {
		curs_set(0);
		move(LINES - 1, 0);
	}
	refresh();
}

/* ---- drawing ------------------------------------------------------------------- */

void ui_fill(int y, int x, int w, int attr)
{
	if (y < 0 || y >= LINES || w <= 0)
		return;
	if (x < 0) {
		w += x;
		x = 0;
	}
	if (x + w > COLS)
		w = COLS - x;
	if (w <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', w);
}

/* Columns s takes as put_text draws it (a leading mark with nothing to sit
 * on is skipped there). */
static int drawn_width(const char *s, size_t len)
{
	size_t i = 0, adv;
	int used = 0;
	while (i < len) {
		int32_t cp = jx_utf8_decode(s + i, len - i, &adv);
		int cw = jx_char_width(cp < 0 ? JX_REPLACEMENT : jx_display_char((uint32_t)cp));
		if (!(cw == 0 && used == 0))
			used += cw;
		i += adv;
	}
	return used;
}

/* Draw at most w columns of s; returns the columns drawn.  A text that does
 * not fit ends with a mark in its last visible column: … (U+2026, one column
 * as src/textwidth.c counts it) where the terminal shows ambiguous-width
 * characters narrow, "..." where it shows them wide or ASCII was asked for
 * (box_ascii), so that the mark never pushes a column along. */
static int put_text(int y, int x, int w, const char *s, int attr)
{
	wchar_t wb[256];
	int n = 0, used = 0, limit, mark_w = 0;
	size_t len = s ? strlen(s) : 0, i = 0, adv;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || w <= 0)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	limit = w;
	if (drawn_width(s, len) > w) {
		mark_w = box_ascii ? (w < 3 ? w : 3) : 1;
		limit = w - mark_w;
	}
	attrset(attr);
	move(y, x);
	while (i < len) {
		int32_t cp = jx_utf8_decode(s + i, len - i, &adv);
		uint32_t dc = cp < 0 ? JX_REPLACEMENT : jx_display_char((uint32_t)cp);
		int cw = jx_char_width(dc);
		if (used + cw > limit)
			break;
		if (cw == 0 && used == 0) {
			/* a mark with nothing to sit on: skip it */
			i += adv;
			continue;
		}
		wb[n++] = (wchar_t)dc;
		used += cw;
		i += adv;
		if (n == (int)(sizeof wb / sizeof wb[0]) - 1) {
			addnwstr(wb, n);
			n = 0;
		}
	}
	if (n)
		addnwstr(wb, n);
	if (mark_w) {
		/* in the last visible column(s), after a space where a wide
		 * character did not fit */
		if (box_ascii)
			mvaddnstr(y, x + w - mark_w, "...", mark_w);
		else
			mvaddnwstr(y, x + w - 1, L"\u2026", 1);
		used = w;
	}
	return used;
}

int ui_text(int y, int x, int w, const char *s, int attr, int align)
{
	if (w <= 0)
		return 0;
	int tw = jx_text_width(s);
	int off = 0;
	if (tw < w && align == UI_RIGHT)
		off = w - tw;
	else if (tw < w && align == UI_CENTER)
		off = (w - tw) / 2;
	ui_fill(y, x, w, attr);
	return put_text(y, x + off, w - off, s, attr);
}

/* n line characters from (y, x), across or down: the Unicode one, or the
 * ASCII one (see box_ascii). */
static void line_run(int y, int x, int n, int down, wchar_t uni, char ascii, int attr)
{
	if (n <= 0)
		return;
	attrset(attr);
	if (box_ascii) {
		if (down)
			mvvline(y, x, (chtype)ascii, n);
		else
			mvhline(y, x, (chtype)ascii, n);
		return;
	}
	cchar_t cc;
	wchar_t ws[2] = {uni, L'\0'};
	setcchar(&cc, ws, (attr_t)((chtype)attr & A_ATTRIBUTES & ~A_COLOR), (short)PAIR_NUMBER(attr), NULL);
	if (down)
		mvvline_set(y, x, &cc, n);
	else
		mvhline_set(y, x, &cc, n);
}

static void ui_box(int y, int x, int h, int w, const char *title, int attr)
{
	if (h < 2 || w < 2)
		return;
	/* blank the whole area first: a wide character of the frame behind
	 * that straddles the border is removed whole, not half */
	for (int r = 0; r < h; r++)
		ui_fill(y + r, x, w, attr);
	line_run(y, x, 1, 0, L'\u250c', '+', attr);
	line_run(y, x + 1, w - 2, 0, L'\u2500', '-', attr);
	line_run(y, x + w - 1, 1, 0, L'\u2510', '+', attr);
	line_run(y + 1, x, h - 2, 1, L'\u2502', '|', attr);
	line_run(y + 1, x + w - 1, h - 2, 1, L'\u2502', '|', attr);
	line_run(y + h - 1, x, 1, 0, L'\u2514', '+', attr);
	line_run(y + h - 1, x + 1, w - 2, 0, L'\u2500', '-', attr);
	line_run(y + h - 1, x + w - 1, 1, 0, L'\u2518', '+', attr);
	if (title && *title) {
		int tw = jx_text_width(title);
		if (tw > w - 6)
			tw = w - 6;
		if (tw > 0) {
			int tx = x + (w - tw - 2) / 2;
			ui_fill(y, tx, tw + 2, ui_bold(attr));
			put_text(y, tx + 1, tw, title, ui_bold(attr));
		}
	}
}

/* A character that may not begin a line (Chinese closing punctuation). */
static int no_line_start(int32_t cp)
{
	static const int32_t v[] = {0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300B, 0x300D,
				    0x300F, 0x201D, 0x2019, 0x3011, 0xFF3D, 0x3009, ',', '.', ';', ':', '?', '!', ')'};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (v[i] == cp)
			return 1;
	return 0;
}

static int word_byte(char c)
{
	return c > ' ' && (unsigned char)c < 0x80;
}

/* Bytes of s[0..len) that go on one line of w columns: as many as fit, but
 * an English word or number is not split when it can move to the next line
 * whole, and a line does not begin with closing punctuation. */
static size_t wrap_take(const char *s, size_t len, int w)
{
	int used;
	size_t take = jx_text_fit(s, w, &used), adv;
	if (take > len)
		take = len;
	if (take == 0) {
		jx_utf8_decode(s, len, &adv);
		return adv ? adv : len; /* a character wider than the line: show it anyway */
	}
	if (take >= len)
		return take;
	/* closing punctuation does not begin a line: the character before it
	 * goes along to the next line (a few times over for "）。") */
	for (int n = 0; n < 4; n++) {
		int32_t next = jx_utf8_decode(s + take, len - take, &adv);
		if (next < 0 || !no_line_start(next))
			break;
		size_t prev = take;
		do
			prev--;
		while (prev > 0 && ((unsigned char)s[prev] & 0xC0) == 0x80);
		if (prev == 0)
			break;
		take = prev;
	}
	if (word_byte(s[take]) && word_byte(s[take - 1])) {
		/* break before the word, unless it fills the line */
		size_t sp = take;
		while (sp > 0 && word_byte(s[sp - 1]))
			sp--;
		if (sp > 0)
			take = sp;
	}
	return take;
}

int ui_wrap(const char *text, int w, void (*fn)(void *ctx, int line, const char *s, size_t len), void *ctx)
{
	int line = 0;
	const char *p = text ? text : "";
	if (w < 2)
		w = 2;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t seg = nl ? (size_t)(nl - p) : strlen(p);
		char *tmp = malloc(seg + 1);
		if (!tmp)
			return line;
		memcpy(tmp, p, seg);
		tmp[seg] = '\0';
		size_t at = 0;
		do {
			size_t take = seg > at ? wrap_take(tmp + at, seg - at, w) : 0;
			if (fn)
				fn(ctx, line, tmp + at, take);
			line++;
			at += take;
		} while (at < seg);
		free(tmp);
		if (!nl)
			break;
		p = nl + 1;
	}
	return line;
}

/* ---- growing buffer ----------------------------------------------------------- */

void ui_buf_add(ui_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *ns = realloc(b->s, cap);
		if (!ns)
			return;
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s ? s : "", n);
	b->len += n;
	b->s[b->len] = '\0';
}

void ui_buf_printf(ui_buf *b, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		ui_buf_add(b, tmp);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big)
		return;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	ui_buf_add(b, big);
	free(big);
}

void ui_buf_free(ui_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* ---- dialogs ------------------------------------------------------------------- */

static void (*bg_draw)(void *ctx);
static void *bg_ctx;

void ui_set_background(void (*draw)(void *ctx), void *ctx)
{
	bg_draw = draw;
	bg_ctx = ctx;
}

void ui_get_background(void (**draw)(void *ctx), void **ctx)
{
	*draw = bg_draw;
	*ctx = bg_ctx;
}

static void ui_draw_background(void)
{
	if (bg_draw)
		bg_draw(bg_ctx);
}

/* Dialogs need the same minimum as the screens behind them. */
static int too_small(void)
{
	return LINES < 24 || COLS < 80;
}

volatile sig_atomic_t ui_stop_signal;

/* Run a dialog: redraw the frame behind it and the dialog for every key.
 * The key handler's non-zero result, or -1 when ui_stop_signal ended it. */
static int modal(void (*draw)(void *), int (*key)(void *, int), void *ctx)
{
	for (;;) {
		if (ui_stop_signal)
			return -1;
		ui_clear();
		ui_draw_background();
		if (!too_small()) {
			ui_cursor_hide();
			draw(ctx);
		}
		ui_present();
		int k = ui_read_key(-1);
		if (k == UK_NONE || k == UK_RESIZE)
			continue;
		if (too_small() && k != UK_ESC)
			continue;
		int r = key(ctx, k);
		if (r)
			return r;
	}
}

/* Draw wrapped text lines [first, first+h) inside (y, x, h, w). */
struct wrapped_ctx {
	int y, x, h, w, first, attr;
};

static void wrapped_line(void *vc, int line, const char *s, size_t len)
{
	struct wrapped_ctx *c = vc;
	if (line < c->first || line >= c->first + c->h)
		return;
	char *tmp = malloc(len + 1);
	if (!tmp)
		return;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	ui_text(c->y + line - c->first, c->x, c->w, tmp, c->attr, UI_LEFT);
	free(tmp);
}

static int draw_wrapped(int y, int x, int h, int w, const char *text, int first, int attr)
{
	struct wrapped_ctx c = {y, x, h, w, first, attr};
	return ui_wrap(text, w, h > 0 ? wrapped_line : NULL, &c);
}

/* -- confirm -- */
struct confirm_ctx {
	const char *title, *question;
	int yes;
};

static void confirm_draw(void *vc)
{
	struct confirm_ctx *c = vc;
	int w = jx_text_width(c->question) + 6;
	if (w < 36)
		w = 36;
	if (w > COLS - 8)
		w = COLS - 8;
	int lines = draw_wrapped(0, 0, 0, w - 4, c->question, 0, 0);
	if (lines > LINES - 8)
		lines = LINES - 8;
	/* the question, a blank line, the buttons */
	int h = lines + 4;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(y, x, h, w, c->title, ui_attr(UC_NORMAL));
	draw_wrapped(y + 1, x + 2, lines, w - 4, c->question, 0, ui_attr(UC_NORMAL));
	char yes[64], no[64];
	snprintf(yes, sizeof yes, " %s(Y) ", L("是", "Yes"));
	snprintf(no, sizeof no, " %s(N) ", L("否", "No"));
	int bw = jx_text_width(yes) + jx_text_width(no) + 4;
	int bx = x + (w - bw) / 2;
	ui_text(y + h - 2, bx, jx_text_width(yes), yes, c->yes ? ui_attr(UC_SELECT) : ui_attr(UC_NORMAL), UI_LEFT);
	ui_text(y + h - 2, bx + jx_text_width(yes) + 4, jx_text_width(no), no,
		c->yes ? ui_attr(UC_NORMAL) : ui_attr(UC_SELECT), UI_LEFT);
}

static int confirm_key(void *vc, int k)
{
	struct confirm_ctx *c = vc;
	switch (k) {
	case 'y':
	case 'Y':
	case 0x662f: /* 是 typed with an input method */
		c->yes = 1;
		return 1;
	case 'n':
	case 'N':
	case UK_ESC:
	case 0x5426: /* 否 */
		c->yes = 0;
		return 1;
	case UK_ENTER:
		return 1;
	case UK_FN(KEY_LEFT):
	case UK_FN(KEY_RIGHT):
	case UK_TAB:
	case UK_FN(KEY_BTAB):
		c->yes = !c->yes;
		return 0;
	default:
		return 0;
	}
}

int ui_confirm(const char *title, const char *question)
{
	struct confirm_ctx c = {title, question, 0};
	modal(confirm_draw, confirm_key, &c);
	return c.yes;
}

/* -- pick -- */
struct pick_ctx {
	const char *title;
	const char *const *items;
	int n, cur, top, result, h;
};

static void pick_draw(void *vc)
{
	struct pick_ctx *c = vc;
	int w = jx_text_width(c->title) + 8;
	for (int i = 0; i < c->n; i++) {
		int iw = jx_text_width(c->items[i]) + 8;
		if (iw > w)
			w = iw;
	}
	const char *foot = L("Enter 选择  Esc 取消", "Enter choose  Esc cancel");
	if (w < jx_text_width(foot) + 6)
		w = jx_text_width(foot) + 6;
	if (w < 24)
		w = 24;
	if (w > COLS - 4)
		w = COLS - 4;
	/* the items, a blank line and the keys, inside the border */
	int h = c->n + 4;
	if (h > LINES - 4)
		h = LINES - 4;
	c->h = h - 4;
	if (c->cur < c->top)
		c->top = c->cur;
	if (c->cur >= c->top + c->h)
		c->top = c->cur - c->h + 1;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(y, x, h, w, c->title, ui_attr(UC_NORMAL));
	for (int r = 0; r < c->h && c->top + r < c->n; r++) {
		int i = c->top + r;
		char line[512];
		if (i < 9)
			snprintf(line, sizeof line, " %d %s", i + 1, c->items[i]);
		else
			snprintf(line, sizeof line, "   %s", c->items[i]);
		ui_text(y + 1 + r, x + 1, w - 2, line, i == c->cur ? ui_attr(UC_SELECT) : ui_attr(UC_NORMAL), UI_LEFT);
		if (i == c->cur)
			ui_cursor_at(y + 1 + r, x + 2);
	}
	char more[64] = "";
	if (c->n > c->h)
		snprintf(more, sizeof more, "%d/%d  ", c->cur + 1, c->n);
	char fl[160];
	snprintf(fl, sizeof fl, "%s%s", more, foot);
	ui_text(y + h - 2, x + 2, w - 4, fl, ui_attr(UC_DIM), UI_RIGHT);
}

int ui_list_key(int *cur, int n, int page, int key)
{
	switch (key) {
	case UK_FN(KEY_UP):
	case 'k':
		if (*cur > 0)
			(*cur)--;
		return 1;
	case UK_FN(KEY_DOWN):
	case 'j':
		if (*cur + 1 < n)
			(*cur)++;
		return 1;
	case UK_FN(KEY_PPAGE):
		*cur = *cur > page ? *cur - page : 0;
		return 1;
	case UK_FN(KEY_NPAGE):
		*cur = *cur + page < n ? *cur + page : n - 1;
		return 1;
	case UK_FN(KEY_HOME):
		*cur = 0;
		return 1;
	case UK_FN(KEY_END):
		*cur = n - 1;
		return 1;
	default:
		return 0;
	}
}

static int pick_key(void *vc, int k)
{
	struct pick_ctx *c = vc;
	if (ui_list_key(&c->cur, c->n, c->h > 1 ? c->h - 1 : 1, k))
		return 0;
	switch (k) {
	case UK_ENTER:
	case ' ':
		c->result = c->cur;
		return 1;
	case UK_ESC:
	case 'q':
		c->result = -1;
		return 1;
	default:
		if (k >= '1' && k <= '9' && k - '1' < c->n) {
			c->result = k - '1';
			return 1;
		}
		return 0;
	}
}

int ui_pick(const char *title, const char *const *items, int n, int current)
{
	if (n <= 0)
		return -1;
	struct pick_ctx c = {title, items, n, current >= 0 && current < n ? current : 0, 0, -1, 1};
	modal(pick_draw, pick_key, &c);
	return c.result;
}

/* -- text viewer -- */
struct text_ctx {
	const char *title, *text;
	int top, total, h;
	const char *keys, *foot; /* ui_show_text_keys */
	int pressed;
};

static void text_draw(void *vc)
{
	struct text_ctx *c = vc;
	int w = COLS - 4, h = LINES - 2;
	int y = 1, x = 2;
	ui_box(y, x, h, w, c->title, ui_attr(UC_NORMAL));
	c->h = h - 3;
	c->total = draw_wrapped(0, 0, 0, w - 4, c->text, 0, 0);
	if (c->top > c->total - c->h)
		c->top = c->total - c->h;
	if (c->top < 0)
		c->top = 0;
	draw_wrapped(y + 1, x + 2, c->h, w - 4, c->text, c->top, ui_attr(UC_NORMAL));
	char foot[256];
	snprintf(foot, sizeof foot, "%s%s%s  %d/%d", c->foot ? c->foot : "", c->foot ? "  " : "",
		 L("Esc 关闭  上下键 PgUp PgDn 滚动", "Esc close  Up Down PgUp PgDn scroll"), c->total ? c->top + 1 : 0, c->total);
	ui_text(y + h - 2, x + 2, w - 4, foot, ui_attr(UC_DIM), UI_RIGHT);
}

static int text_key(void *vc, int k)
{
	struct text_ctx *c = vc;
	int page = c->h > 1 ? c->h - 1 : 1;
	switch (k) {
	case UK_FN(KEY_UP):
	case 'k':
		c->top--;
		return 0;
	case UK_FN(KEY_DOWN):
	case 'j':
		c->top++;
		return 0;
	case UK_FN(KEY_PPAGE):
		c->top -= page;
		return 0;
	case UK_FN(KEY_NPAGE):
	case ' ':
		c->top += page;
		return 0;
	case UK_FN(KEY_HOME):
		c->top = 0;
		return 0;
	case UK_FN(KEY_END):
		c->top = c->total;
		return 0;
	default:
		if (c->keys && k > 0 && k < 128 && strchr(c->keys, k)) {
			c->pressed = k;
			return 1;
		}
		if (k == UK_ESC || k == 'q' || k == UK_ENTER || k == UK_FN(KEY_F(1)) || k == UK_FN(KEY_F(3)) ||
		    k == UK_FN(KEY_F(10)) || k == 'x' || k == '?')
			return 1;
		return 0;
	}
}

void ui_show_text(const char *title, const char *text)
{
	ui_show_text_keys(title, text, NULL, NULL);
}

int ui_show_text_keys(const char *title, const char *text, const char *closing, const char *foot)
{
	struct text_ctx c = {title, text, 0, 0, 1, closing, foot, 0};
	modal(text_draw, text_key, &c);
	return c.pressed;
}

/* -- long text -- */
struct area_ctx {
	const char *title, *note;
	ui_edit *ed;
	int ok;
};

static void area_draw(void *vc)
{
	struct area_ctx *c = vc;
	int w = COLS - 8 > 100 ? 100 : COLS - 8, h = LINES - 6 > 20 ? 20 : LINES - 6;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(y, x, h, w, c->title, ui_attr(UC_NORMAL));
	int eh = h - 4;
	ui_edit_draw(c->ed, y + 1, x + 2, eh, w - 4, ui_attr(UC_EDIT));
	int cy = cur_y, cx = cur_x;
	if (c->note && *c->note)
		ui_text(y + h - 3, x + 2, w - 4, c->note, ui_attr(UC_ERROR), UI_LEFT);
	ui_text(y + h - 2, x + 2, w - 4, L("Tab 或 F2 保存  Esc 取消  Enter 换行", "Tab or F2 save  Esc cancel  Enter new line"),
		ui_attr(UC_DIM), UI_RIGHT);
	ui_cursor_at(cy, cx);
}

static int area_key(void *vc, int k)
{
	struct area_ctx *c = vc;
	int r = ui_edit_key(c->ed, k);
	if (r == UE_TAB || r == UE_BTAB || (r == UE_UNHANDLED && (k == UK_FN(KEY_F(2)) || k == UK_CTRL('S')))) {
		c->ok = 1;
		return 1;
	}
	if (r == UE_ESC) {
		if (c->ed->changed && !ui_confirm(L("取消修改", "Cancel edit"), L("放弃对此字段的修改？", "Discard the changes to this field?")))
			return 0;
		c->ok = 0;
		return 1;
	}
	return 0;
}

int ui_modal(void (*draw)(void *ctx), int (*key)(void *ctx, int k), void *ctx)
{
	return modal(draw, key, ctx);
}

void ui_frame(int y, int x, int h, int w, const char *title, int attr)
{
	ui_box(y, x, h, w, title, attr);
}

int ui_edit_dialog(const char *title, ui_edit *ed, const char *note)
{
	struct area_ctx c = {title, note, ed, 0};
	if (modal(area_draw, area_key, &c) == -1 && ed->changed)
		c.ok = 1; /* stopped: what was typed is kept, as leaving a field keeps it */
	return c.ok;
}

/* -- prompt -- */
struct prompt_ctx {
	const char *title, *label;
	ui_edit ed;
	int ok;
};

static void prompt_draw(void *vc)
{
	struct prompt_ctx *c = vc;
	int w = 60;
	if (w > COLS - 4)
		w = COLS - 4;
	int h = 6, y = (LINES - h) / 2, x = (COLS - w) / 2;
	ui_box(y, x, h, w, c->title, ui_attr(UC_NORMAL));
	ui_text(y + 1, x + 2, w - 4, c->label, ui_attr(UC_NORMAL), UI_LEFT);
	ui_edit_draw(&c->ed, y + 2, x + 2, 1, w - 4, ui_attr(UC_EDIT));
	ui_text(y + 4, x + 2, w - 4, L("Enter 确定  Esc 取消", "Enter OK  Esc cancel"), ui_attr(UC_DIM), UI_RIGHT);
}

static int prompt_key(void *vc, int k)
{
	struct prompt_ctx *c = vc;
	int r = ui_edit_key(&c->ed, k);
	if (r == UE_ENTER || r == UE_TAB) {
		c->ok = 1;
		return 1;
	}
	if (r == UE_ESC) {
		c->ok = 0;
		return 1;
	}
	return 0;
}

int ui_prompt(const char *title, const char *label, char *buf, size_t len)
{
	struct prompt_ctx c = {title, label, {0}, 0};
	ui_edit_init(&c.ed, 0, len ? len - 1 : 0);
	ui_edit_set(&c.ed, buf);
	c.ed.replace = buf[0] != '\0'; /* a proposed value (a year, a file name): typing replaces it */
	modal(prompt_draw, prompt_key, &c);
	if (c.ok)
		snprintf(buf, len, "%s", ui_edit_text(&c.ed));
	ui_edit_free(&c.ed);
	return c.ok;
}
