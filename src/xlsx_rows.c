/* The rows of libxlsxwriter's constant-memory worksheets written in one
 * go: a trick around libxlsxwriter, kept in a file of its own like the zip
 * level (xlsx_zip_level.c).
 *
 * Why it exists: libxlsxwriter writes each row's XML as it moves on to the
 * next row (lxw_worksheet_write_single_row), cell by cell with fprintf,
 * and for a row's tag or a blank cell builds each XML attribute in a block
 * of its own (about 4 KiB, allocated, filled and freed), writes the cell's
 * name with snprintf and passes each text through two more allocations.
 * jixiao's forms are mostly blank formatted cells (the borders of merged
 * cells) and short texts: for an export of 1,000 sheets this writing was
 * about two fifths of the CPU time (counted with callgrind on 100 sheets:
 * 1,744 of 4,019 million instructions).
 *
 * How: this program defines lxw_worksheet_write_single_row; the dynamic
 * linker binds the library's calls to this definition.  A row whose cells
 * are all of the kinds jixiao writes (number, inline string, blank, formula
 * with a number for its value, none with a comment) is written here into
 * one buffer, byte for byte the XML libxlsxwriter 1.1.4 writes
 * (worksheet.c's _write_row and _write_cell, xmlwriter.c's escaping, "%.16G"
 * for numbers as Debian builds it, without its dtoa), then its cells freed
 * as the library frees them and the row reset.  Any other row, or one
 * whose buffer cannot be had, goes to the library's own function (found
 * with dlsym(RTLD_NEXT)).  jixiao is one thread; the buffer is a static.
 * A number is written without printf where that is exact: a whole one
 * below 10^15, and a fraction between 10^-4 and 10^15 from its binary
 * digits (put_fraction); printf had been a third of this writing.
 *
 * The same file also answers libxlsxwriter's questions about a cell's
 * text: whether it has control characters (lxw_has_control_characters,
 * see there: the library's answer is always yes, which copies every text
 * through a buffer seven times its size), and how many characters it has
 * (lxw_utf8_strlen, eight bytes at a time rather than one).
 *
 * Which tests prove it still applies: tests/test_xlsx_rows.c writes a
 * worksheet of every kind of cell and row, and 10,000 numbers, with this
 * writer and with the library's, compares the XML and counts the rows
 * this writer wrote; and asks the control-character question of texts
 * with and without one.
 */
#include "export_ops.h"

#include <ctype.h>
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef void (*row_fn)(lxw_worksheet *);

static char *rbuf;
static size_t rlen, rcap;
static int rfailed;
static int rows_off;	     /* for the test: every row to the library */
static unsigned long rows_own; /* rows written here (for the test) */

void jx_xlsx_rows_linked(void)
{
}

unsigned long jx_xlsx_rows_written(void)
{
	return rows_own;
}

void jx_xlsx_rows_library(int on)
{
	rows_off = on;
}

static char *grow(size_t n)
{
	size_t cap = rcap ? rcap : 4096;
	char *nb;
	while (cap < rlen + n)
		cap *= 2;
	if (!(nb = realloc(rbuf, cap))) {
		rfailed = 1;
		return NULL;
	}
	rbuf = nb;
	rcap = cap;
	return rbuf + rlen;
}

/* n more bytes at the end of the row's buffer */
static inline char *room(size_t n)
{
	return rlen + n <= rcap ? rbuf + rlen : grow(n);
}

static inline void put(const char *s, size_t n)
{
	char *p = room(n);
	if (p) {
		memcpy(p, s, n);
		rlen += n;
	}
}

#define PUTS(lit) put(lit, sizeof lit - 1)

static void put_uint(unsigned long v)
{
	char t[24];
	size_t n = sizeof t;
	do
		t[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	put(t + n, sizeof t - n);
}

/* "%d" of a value the library passes as int32 (a style index, a level) */
static void put_int(long v)
{
	if (v < 0) {
		PUTS("-");
		put_uint((unsigned long)-v);
	} else {
		put_uint((unsigned long)v);
	}
}

/* |v| written with 16 significant digits, as "%.16G" writes it, for
 * 10^-4 <= |v| < 10^15, where %G writes no exponent: exactly, in integers
 * (v = m * 2^q; the digits are m * 10^s / 2^-q rounded half to even, as
 * glibc rounds); 0 for a value outside that range, or whole (printf's). */
static int put_fraction(double v)
{
	static const uint64_t p10[20] = {1ULL,
					 10ULL,
					 100ULL,
					 1000ULL,
					 10000ULL,
					 100000ULL,
					 1000000ULL,
					 10000000ULL,
					 100000000ULL,
					 1000000000ULL,
					 10000000000ULL,
					 100000000000ULL,
					 1000000000000ULL,
					 10000000000000ULL,
					 100000000000000ULL,
					 1000000000000000ULL,
					 10000000000000000ULL,
					 100000000000000000ULL,
					 1000000000000000000ULL,
					 10000000000000000000ULL};
	double a = fabs(v), f;
	int e, shift, x;
	uint64_t m, digits;
	unsigned __int128 n, rem, half;
	char t[48];
	size_t len = 0;

	if (!(a >= 1e-4 && a < 1e15) || a == floor(a))
		return 0;
	f = frexp(a, &e);
	m = (uint64_t)ldexp(f, 53);
	shift = 53 - e; /* a = m / 2^shift; 2^shift > 1 as a is not whole */
	if (shift <= 0 || shift > 100)
		return 0;
	/* x: the decimal exponent, 10^x <= a < 10^(x+1); first guessed from
	 * the binary one, then set right by the digits' count */
	x = (int)floor(log10(a));
	for (int tries = 0;; tries++) {
		int s = 15 - x;
		if (tries > 2 || s < 0 || s > 19)
			return 0;
		n = (unsigned __int128)m * p10[s];
		digits = (uint64_t)(n >> shift);
		if (digits < p10[15]) {
			x--;
			continue;
		}
		if (digits >= p10[16]) {
			x++;
			continue;
		}
		rem = n - ((unsigned __int128)digits << shift);
		half = (unsigned __int128)1 << (shift - 1);
		if (rem > half || (rem == half && (digits & 1)))
			digits++;
		if (digits == p10[16]) { /* 9.99…95 up to 10: one digit more before the point */
			digits = p10[15];
			x++;
		}
		break;
	}
	if (x >= 16 || x < -4)
		return 0;
	if (v < 0)
		t[len++] = '-';
	if (x < 0) {
		t[len++] = '0';
		t[len++] = '.';
		for (int i = -1; i > x; i--)
			t[len++] = '0';
	}
	for (int i = 15; i >= 0; i--) {
		t[len++] = (char)('0' + digits / p10[i] % 10);
		if (i == 16 - (x + 1) && x >= 0 && i > 0)
			t[len++] = '.';
	}
	/* %G drops the fraction's trailing zeros, and a point left bare */
	if (memchr(t, '.', len)) {
		while (t[len - 1] == '0')
			len--;
		if (t[len - 1] == '.')
			len--;
	}
	put(t, len);
	return 1;
}

/* "%.16G", as the library writes numbers; a whole number below 10^15
 * (most of a form's) and a fraction (put_fraction) without printf, which
 * writes the same digits */
static void put_number(double v)
{
	char t[40];
	int n;
	if (v == floor(v) && fabs(v) < 1e15 && !(v == 0 && signbit(v))) {
		put_int((long)v);
		return;
	}
	if (put_fraction(v))
		return;
	n = snprintf(t, sizeof t, "%.16G", v);
	if (n > 0)
		put(t, (size_t)n < sizeof t ? (size_t)n : sizeof t - 1);
}

/* the cell's name, "A1" (lxw_rowcol_to_cell) */
static void put_cell_name(lxw_row_t row, lxw_col_t col)
{
	char t[8];
	size_t n = sizeof t;
	unsigned long c = (unsigned long)col + 1;
	while (c) {
		unsigned long rem = c % 26;
		if (rem == 0)
			rem = 26;
		t[--n] = (char)('A' + rem - 1);
		c = (c - 1) / 26;
	}
	put(t + n, sizeof t - n);
	put_uint((unsigned long)row + 1);
}

/* text with & < > escaped (lxw_escape_data); where it starts in rbuf */
static size_t put_escaped(const char *s)
{
	size_t at = rlen;
	while (*s) {
		size_t run = strcspn(s, "&<>");
		put(s, run);
		s += run;
		if (*s == '&')
			PUTS("&amp;");
		else if (*s == '<')
			PUTS("&lt;");
		else if (*s == '>')
			PUTS("&gt;");
		if (*s)
			s++;
	}
	return at;
}

/* Whether a text has a control character that a cell's text writes as
 * _xHHHH_.  libxlsxwriter 1.1.4's own test runs on to the text's closing
 * NUL and so answers yes for every text (fixed after 1.1.4), and every
 * text of a cell was copied through lxw_escape_control_characters, which
 * allocates seven bytes a byte; a text without one is copied as it is,
 * which gives the same cell. */
uint8_t lxw_has_control_characters(const char *string)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t n = string ? strlen(string) : 0, i = 0;
	/* eight bytes at a time: a word has a byte below 0x20 exactly when
	 * (w - 0x20…) & ~w & 0x80… is not 0 (a borrow starts only at such a
	 * byte); then its bytes are looked at one by one */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, string + i, 8);
		if (((w - ones * 0x20) & ~w & highs) == 0)
			continue;
		for (size_t j = i; j < i + 8; j++)
			if ((unsigned char)string[j] < 0x20 && string[j] != '\n' && string[j] != '\t')
				return LXW_TRUE;
	}
	for (; i < n; i++)
		if ((unsigned char)string[i] < 0x20 && string[i] != '\n' && string[i] != '\t')
			return LXW_TRUE;
	return LXW_FALSE;
}

/* The characters of a UTF-8 text: its bytes that do not continue a
 * character (libxlsxwriter's lxw_utf8_strlen, asked of every text a cell
 * is given, to refuse one over 32,767), counted eight bytes at a time: a
 * byte continues a character when its top bits are 10. */
size_t lxw_utf8_strlen(const char *str)
{
	const uint64_t highs = 0x8080808080808080ULL;
	size_t n = strlen(str), i = 0, cont = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, str + i, 8);
		cont += (size_t)__builtin_popcountll(w & ~(w << 1) & highs); /* bit 7 set, bit 6 clear */
	}
	for (; i < n; i++)
		cont += ((unsigned char)str[i] & 0xC0) == 0x80;
	return n - cont;
}

/* The kinds of cell written here; anything else goes to the library. */
static int row_ours(const lxw_worksheet *ws)
{
	for (lxw_col_t col = ws->dim_colmin; col <= ws->dim_colmax && col < LXW_COL_MAX; col++) {
		const lxw_cell *cell = ws->array[col];
		if (!cell)
			continue;
		if (cell->comment)
			return 0;
		switch (cell->type) {
		case NUMBER_CELL:
		case BLANK_CELL:
			break;
		case INLINE_STRING_CELL:
			if (!cell->u.string || !*cell->u.string)
				return 0;
			break;
		case FORMULA_CELL:
			if (!cell->u.string || cell->user_data2)
				return 0;
			break;
		default:
			return 0;
		}
	}
	return 1;
}

/* The <row> tag (worksheet.c's _write_row, without spans as in
 * constant-memory mode). */
static void put_row_tag(const lxw_worksheet *ws, const lxw_row *row)
{
	double height = row->height_changed ? row->height : ws->default_row_height;
	int32_t xf = row->format ? lxw_format_get_xf_index(row->format) : 0;
	PUTS("<row r=\"");
	put_uint((unsigned long)row->row_num + 1);
	PUTS("\"");
	if (xf) {
		PUTS(" s=\"");
		put_int(xf);
		PUTS("\"");
	}
	if (row->format)
		PUTS(" customFormat=\"1\"");
	if (height != LXW_DEF_ROW_HEIGHT) {
		PUTS(" ht=\"");
		put_number(height);
		PUTS("\"");
	}
	if (row->hidden)
		PUTS(" hidden=\"1\"");
	if (height != LXW_DEF_ROW_HEIGHT)
		PUTS(" customHeight=\"1\"");
	if (row->level) {
		PUTS(" outlineLevel=\"");
		put_int(row->level);
		PUTS("\"");
	}
	if (row->collapsed)
		PUTS(" collapsed=\"1\"");
	if (ws->excel_version == 2010)
		PUTS(" x14ac:dyDescent=\"0.25\"");
	if (row->data_changed)
		PUTS(">");
	else
		PUTS("/>");
}

/* One cell (worksheet.c's _write_cell for the kinds row_ours lets by). */
static void put_cell(const lxw_worksheet *ws, const lxw_cell *cell, lxw_format *row_format)
{
	int32_t style = 0;
	if (cell->format)
		style = lxw_format_get_xf_index(cell->format);
	else if (row_format)
		style = lxw_format_get_xf_index(row_format);
	else if (cell->col_num < ws->col_formats_max && ws->col_formats[cell->col_num])
		style = lxw_format_get_xf_index(ws->col_formats[cell->col_num]);
	if (cell->type == BLANK_CELL && !cell->format)
		return; /* the library writes nothing for it */
	PUTS("<c r=\"");
	put_cell_name(cell->row_num, cell->col_num);
	PUTS("\"");
	if (style) {
		PUTS(" s=\"");
		put_int(style);
		PUTS("\"");
	}
	switch (cell->type) {
	case NUMBER_CELL:
		PUTS("><v>");
		put_number(cell->u.number);
		PUTS("</v></c>");
		break;
	case INLINE_STRING_CELL: {
		size_t at, end;
		PUTS(" t=\"inlineStr\"><is><t>");
		at = put_escaped(cell->u.string);
		end = rlen;
		/* leading or trailing white space kept (the library looks at
		 * the escaped text's first and last byte) */
		if (!rfailed && end > at &&
		    (isspace((unsigned char)rbuf[at]) || isspace((unsigned char)rbuf[end - 1]))) {
			static const char pre[] = " xml:space=\"preserve\"";
			if (room(sizeof pre - 1)) {
				memmove(rbuf + at - 1 + sizeof pre - 1, rbuf + at - 1, end - at + 1);
				memcpy(rbuf + at - 1, pre, sizeof pre - 1);
				rlen += sizeof pre - 1;
			}
		}
		PUTS("</t></is></c>");
		break;
	}
	case FORMULA_CELL:
		PUTS("><f>");
		put_escaped(cell->u.string);
		PUTS("</f><v>");
		put_number(cell->formula_result);
		PUTS("</v></c>");
		break;
	default: /* BLANK_CELL with a format */
		PUTS("/>");
		break;
	}
}

/* worksheet.c's _free_cell for a cell without a comment */
static void free_cell(lxw_cell *cell)
{
	if (cell->type != NUMBER_CELL && cell->type != STRING_CELL && cell->type != BLANK_CELL &&
	    cell->type != BOOLEAN_CELL)
		free(cell->u.string);
	free(cell->user_data1);
	free(cell->user_data2);
	free(cell);
}

void lxw_worksheet_write_single_row(lxw_worksheet *self)
{
	static row_fn real;
	lxw_row *row = self->optimize_row;

	if (!real) {
		/* POSIX leaves converting a data pointer to a function pointer to
		 * the platform; on every platform with dlsym it is the same bits */
		*(void **)&real = dlsym(RTLD_NEXT, "lxw_worksheet_write_single_row");
		if (!real)
			return; /* never: the library defines it */
	}
	if (!(row->row_changed || row->data_changed))
		return;
	if (rows_off || !row_ours(self)) {
		real(self);
		return;
	}
	rlen = 0;
	rfailed = 0;
	put_row_tag(self, row);
	if (row->data_changed) {
		for (lxw_col_t col = self->dim_colmin; col <= self->dim_colmax && col < LXW_COL_MAX; col++)
			if (self->array[col])
				put_cell(self, self->array[col], row->format);
		PUTS("</row>");
	}
	if (rfailed) {
		real(self); /* out of memory here: the library's way, cell by cell */
		return;
	}
	fwrite(rbuf, 1, rlen, self->file);
	rows_own++;
	if (row->data_changed)
		for (lxw_col_t col = self->dim_colmin; col <= self->dim_colmax && col < LXW_COL_MAX; col++)
			if (self->array[col]) {
				free_cell(self->array[col]);
				self->array[col] = NULL;
			}
	row->height = LXW_DEF_ROW_HEIGHT;
	row->format = NULL;
	row->hidden = LXW_FALSE;
	row->level = 0;
	row->collapsed = LXW_FALSE;
	row->data_changed = LXW_FALSE;
	row->row_changed = LXW_FALSE;
}
