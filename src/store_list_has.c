/* The project list's filter: a word looked for in the texts the list
 * shows, one SQL function per sheet (store_list.c builds the statements
 * that call these). */
#include "store_list_has.h"

#include "dec.h"

#include <stdint.h>
#include <stdio.h>
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

/* Has the word w (wlen bytes; letters: it holds ASCII letters) a place in
 * s?  A word without letters (汉字, digits) is looked for as it is. */
static int word_in(const unsigned char *w, int wlen, int letters, const unsigned char *s, int len)
{
	return s && (letters ? has_word(s, len, w, wlen) : has_bytes(s, len, w, wlen));
}

static int has_letters(const unsigned char *w, int wlen)
{
	int letters = 0;
	for (int k = 0; w && k < wlen; k++)
		letters |= (w[k] | 0x20) >= 'a' && (w[k] | 0x20) <= 'z';
	return letters;
}

/* jx_list_has(word, text, …): is the word in any of the texts?  One call
 * per sheet for every column, where a LIKE per column cost the filter's
 * pass over 100,000 sheets twice the time. */
void store_list_has(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *w = sqlite3_value_text(argv[0]);
	int wlen = sqlite3_value_bytes(argv[0]), found = 0, letters = has_letters(w, wlen);
	for (int i = 1; w && !found && i < argc; i++)
		found = word_in(w, wlen, letters, sqlite3_value_text(argv[i]), sqlite3_value_bytes(argv[i]));
	sqlite3_result_int(cx, found);
}

/* ---- every word of a filter in one call ------------------------------------------ */

const char *const list_stage_words[3] = {"申报 declaration", "监控 monitoring", "自评 self"};

/* The 阶段 column as the list shows it, in both languages (stage.h). */
static const char *stage_text(sqlite3_value *v)
{
	const char *s = (const char *)sqlite3_value_text(v);
	if (s && strcmp(s, "declaration") == 0)
		return list_stage_words[0];
	if (s && strcmp(s, "monitoring") == 0)
		return list_stage_words[1];
	return list_stage_words[2];
}

/* A text of the sheet's a word is looked for in (NULL: none). */
typedef struct {
	const unsigned char *s;
	int len;
} text_at;

static text_at text_of(const char *s)
{
	return (text_at){(const unsigned char *)s, s ? (int)strlen(s) : 0};
}

/* The texts of a sheet a word is looked for in: name, unit, template,
 * grade and the conflict label (t[0 … 5)), made before the words; the
 * stage, year and total (t[5 … 8), from c[7 … 10)) made when a word
 * not found in the others may be in them, most sheets matching or not
 * by their name. */
typedef struct {
	text_at t[8];
	int made;           /* bits of t[5 … 8) made */
	sqlite3_value **c;  /* jx_list_words' columns */
	char yr[24], tot[48];
} sheet_texts;

/* The year as SQLite gives it as text, without SQLite making the text
 * (a conversion kept in the value, for every sheet). */
static text_at year_text(sqlite3_value *v, char *buf, size_t size)
{
	if (sqlite3_value_type(v) != SQLITE_INTEGER)
		return (text_at){sqlite3_value_text(v), sqlite3_value_bytes(v)};
	/* digits from the end (snprintf cost more than the rest of the call) */
	int64_t y = sqlite3_value_int64(v);
	uint64_t u = y < 0 ? 0 - (uint64_t)y : (uint64_t)y;
	char *p = buf + size;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (y < 0)
		*--p = '-';
	return (text_at){(const unsigned char *)p, (int)(buf + size - p)};
}

static const text_at *more_text(sheet_texts *x, int i)
{
	if (!(x->made & (1 << i))) {
		x->made |= 1 << i;
		if (i == 0)
			x->t[5] = text_of(stage_text(x->c[7]));
		else if (i == 1)
			x->t[6] = year_text(x->c[8], x->yr, sizeof x->yr);
		else {
			x->tot[0] = 0;
			if (sqlite3_value_type(x->c[9]) == SQLITE_INTEGER)
				jx_fmt(x->tot, (jx_dec)sqlite3_value_int64(x->c[9]), 2);
			x->t[7] = text_of(x->tot);
		}
	}
	return &x->t[5 + i];
}

/* Is word w (flags: the columns it may be in, JX_LIST_W_*) in the sheet's
 * texts? */
static int word_found(const unsigned char *w, int wlen, int flags, sheet_texts *x)
{
	int letters = (flags & JX_LIST_W_LETTERS) != 0;
	for (int i = 0; i < 5; i++)
		if (word_in(w, wlen, letters, x->t[i].s, x->t[i].len))
			return 1;
	for (int i = 0; i < 3; i++) {
		const text_at *m = flags & (1 << i) ? more_text(x, i) : NULL;
		if (m && word_in(w, wlen, letters, m->s, m->len))
			return 1;
	}
	return 0;
}

/* jx_list_words(word, flags, …, name, unit, template_id, grade, origin,
 * before, after, stage, year, total): is every word somewhere in the
 * sheet?  A filter of several words looked for in one call, each column
 * read once per sheet, where a jx_list_has per word read name, unit,
 * template and grade again for every word.  origin is NULL but for a
 * conflict copy (then its label, name before origin after, is looked in);
 * stage, year and total are NULL where no word may be in them. */
void store_list_words(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int n = (argc - 10) / 2, all = n > 0 && argc == 2 * n + 10;
	sqlite3_value **c = argv + 2 * n;
	char label[512], *lab = NULL;
	sheet_texts x; /* not zeroed whole: its texts are set before they are read */
	x.made = 0;
	x.c = c;
	for (int i = 0; all && i < 4; i++)
		x.t[i] = (text_at){sqlite3_value_text(c[i]), sqlite3_value_bytes(c[i])};
	if (all && sqlite3_value_type(c[4]) != SQLITE_NULL) {
		const char *nm = (const char *)x.t[0].s, *b = (const char *)sqlite3_value_text(c[5]);
		const char *o = (const char *)sqlite3_value_text(c[4]), *a = (const char *)sqlite3_value_text(c[6]);
		int k = snprintf(label, sizeof label, "%s%s%s%s", nm ? nm : "", b ? b : "", o ? o : "", a ? a : "");
		lab = k >= 0 && (size_t)k < sizeof label
			      ? label
			      : sqlite3_mprintf("%s%s%s%s", nm ? nm : "", b ? b : "", o ? o : "", a ? a : "");
		if (!lab) {
			sqlite3_result_error_nomem(cx);
			return;
		}
	}
	x.t[4] = text_of(lab);
	for (int i = 0; all && i < n; i++) {
		const unsigned char *w = sqlite3_value_text(argv[2 * i]);
		all = w && word_found(w, sqlite3_value_bytes(argv[2 * i]), sqlite3_value_int(argv[2 * i + 1]), &x);
	}
	if (lab && lab != label)
		sqlite3_free(lab);
	sqlite3_result_int(cx, all);
}
