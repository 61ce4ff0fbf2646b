/* The project list's filter: a word looked for in the texts the list
 * shows, one SQL function per sheet (store_list.c builds the statements
 * that call these). */
#include "store_list_has.h"

#include "dec.h"

#include <string.h>

/* ---- the total as the list prints it, for the filter ----------------------------- */

/* jx_list_total(total): the text the list shows for a total (jx_fmt, two
 * decimals; "" when not scored), so that a word typed is looked for in
 * the very text on the screen. */
void store_list_total(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	char buf[48];
	(void)argc;
	if (sqlite3_value_type(argv[0]) != SQLITE_INTEGER) {
		sqlite3_result_text(cx, "", 0, SQLITE_STATIC);
		return;
	}
	jx_fmt(buf, (jx_dec)sqlite3_value_int64(argv[0]), 2);
	sqlite3_result_text(cx, buf, -1, SQLITE_TRANSIENT);
}

static int fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Is w in s, ASCII letters in any case (as LIKE '%w%' finds it)? */
static int has_word(const unsigned char *s, int len, const unsigned char *w, int wlen)
{
	for (int i = 0; i + wlen <= len; i++) {
		int k = 0;
		while (k < wlen && (s[i + k] == w[k] || fold(s[i + k]) == fold(w[k])))
			k++;
		if (k == wlen)
			return 1;
	}
	return 0;
}

/* Is w in s as it is?  memchr to its first byte, then the rest: the
 * texts are short, where memmem's setup costs more than the search. */
static int has_bytes(const unsigned char *s, int len, const unsigned char *w, int wlen)
{
	if (wlen == 0)
		return 1;
	if (wlen > len)
		return 0;
	for (const unsigned char *p = s, *end = s + len - wlen + 1; p < end; p++) {
		p = memchr(p, w[0], (size_t)(end - p));
		if (!p)
			return 0;
		if (memcmp(p + 1, w + 1, (size_t)wlen - 1) == 0)
			return 1;
	}
	return 0;
}

/* jx_list_has(word, text, …): is the word in any of the texts?  One call
 * per sheet for every column, where a LIKE per column cost the filter's
 * pass over 100,000 sheets twice the time. */
void store_list_has(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *w = sqlite3_value_text(argv[0]);
	int wlen = sqlite3_value_bytes(argv[0]), found = 0, letters = 0;
	for (int k = 0; w && k < wlen; k++)
		letters |= (w[k] | 0x20) >= 'a' && (w[k] | 0x20) <= 'z';
	for (int i = 1; w && !found && i < argc; i++) {
		const unsigned char *s = sqlite3_value_text(argv[i]);
		int len = sqlite3_value_bytes(argv[i]);
		/* a word without letters (汉字, digits) is looked for as it is */
		if (s)
			found = letters ? has_word(s, len, w, wlen) : has_bytes(s, len, w, wlen);
	}
	sqlite3_result_int(cx, found);
}
