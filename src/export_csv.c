/* CSV export: the same tables as the xlsx, row by row; and the CSV writing
 * both CSV flavours share (export_ops.h).
 *
 * UTF-8 with a byte-order mark (so that Excel and WPS detect the encoding),
 * CRLF line ends and RFC 4180 quoting: a field holding a comma, a quote, a
 * CR or LF, or leading/trailing spaces is quoted, quotes doubled.  A merged
 * cell's text is in its top-left field; the fields it covers are empty.
 * Several sheets: each sheet's table, one after another, then the summary,
 * separated by one empty line.
 *
 * Excel and WPS run a field starting with =, +, - or @ as a formula (a
 * project named =HYPERLINK(...) becomes a live link), and a tab or CR
 * before one is skipped; so a text field starting with any of these (or
 * with blanks before one) gets a leading apostrophe.  Numbers (-3.5
 * included) are written as they are: which fields are text is the form
 * model's word, never guessed.
 *
 * GB18030: Excel on Chinese Windows reads a CSV as GBK (code page 936),
 * which lacks most of what GB18030 adds (CJK extension B such as 𠀀, emoji,
 * the rarer 生僻字) and codes a few characters differently (€).  Such text
 * converts to GB18030 without complaint and opens as garbage; so each text
 * field is checked, and the export is refused naming every cell (as far as
 * the message holds them) and pointing to UTF-8 with a byte-order mark,
 * which holds every character.  The minus sign − that the rubrics and the
 * engine write is spelt as the full-width －, which GBK has. */
#include "export_ops.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outblock.h"
#include "strutil.h"
#include "textwidth.h"

/* Room in the message for the cells named (the rest of err.msg holds the
 * explanation and the advice), and how many characters are shown of a
 * cell. */
enum { BAD_LIST = 560, BAD_CHARS_SHOWN = 3, BAD_RUNS = 64 };
/* Columns followed each on their own for runs of cells (the forms have up
 * to 16, csv-data 14; the columns past the last share its run). */
enum { RUN_COLS = 24 };

/* Cells with the same text in one column of consecutive rows (csv-data
 * repeats the project name on each row), named together: 第 2–67 行 C 列. */
typedef struct {
	size_t cells;        /* 0: none */
	long first, last;    /* rows */
	int col;
	uint64_t hash;       /* of the text */
	uint64_t name_hash;  /* of the table's name */
	char name[256];      /* the table's name (cut when longer) */
	char chars[160];     /* “𠀀”（U+20000）… */
} bad_run;

struct jx_csv {
	long row;         /* rows finished, so the current row is row + 1 (as a spreadsheet numbers it) */
	int col;          /* fields written in the current row */
	const char *name; /* the table's name for messages (valid while it is written) */
	/* GB18030 output only: */
	int gbk;                 /* check text fields against GBK */
	iconv_t to_gbk, to_gb;   /* UTF-8 to GBK and to GB18030 */
	char *buf_a, *buf_b;     /* conversion output */
	char *spelt;             /* a text with GBK spellings (gbk_spelling) */
	size_t spelt_cap;
	size_t buf_cap;
	bad_run runs[RUN_COLS];  /* per column, the run that may go on into the next row */
	int n_runs;              /* runs[] in use */
	bad_run *done;           /* runs ended, to be named (at most BAD_RUNS) */
	size_t n_done, n_bad;    /* runs in done; cells found */
	jx_outblock out; /* a table's fields, handed to the stream in blocks */
};

/* ---- fields ---- */

/* One field (the stream is locked once per table, jx_csv_table).
 * neutral: a leading apostrophe before text a spreadsheet would run as a
 * formula. */
static void put_field(jx_csv *c, const char *s, size_t n, int neutral)
{
	/* the bytes that make a field quoted, wherever they are */
	static const unsigned char quoted[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};
	const unsigned char *u = (const unsigned char *)s;
	int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	for (size_t i = 0; i < n && !quote; i++)
		quote = quoted[u[i]];
	if (quote)
		jx_ob_c(&c->out, '"');
	if (neutral)
		jx_ob_c(&c->out, '\'');
	if (!quote) {
		jx_ob_n(&c->out, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			jx_ob_c(&c->out, '"');
		jx_ob_c(&c->out, s[i]);
	}
	jx_ob_c(&c->out, '"');
}

/* Text that Excel and WPS would take for a formula: starting with = + - @,
 * or with a tab or CR (which they skip).  Blanks before one count too: a
 * reader that trims fields (LibreOffice can) would run what follows, and
 * the form model turns a tab into a space. */
static int formula_like(const char *s, size_t n)
{
	size_t i = 0;
	if (n > 0 && (s[0] == '\t' || s[0] == '\r'))
		return 1;
	while (i < n && (s[i] == ' ' || s[i] == '\n'))
		i++;
	return i < n && (s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@');
}

static void next_field(jx_csv *c)
{
	if (c->col++)
		jx_ob_c(&c->out, ',');
}

/* ---- GBK ---- */

/* Converts n bytes of s with cd into out (room: cap); the length, or -1
 * when a character has no code there. */
static long convert(iconv_t cd, const char *s, size_t n, char *out, size_t cap)
{
	char *ip = (char *)s, *op = out;
	size_t left_in = n, left_out = cap;
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &ip, &left_in, &op, &left_out) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &op, &left_out) == (size_t)-1)
		return -1;
	return (long)(cap - left_out);
}

/* 1 when the n bytes of s read back the same from GBK as they were written
 * to GB18030: every character has a GBK code, the same as its GB18030 one. */
static int same_in_gbk(jx_csv *c, const char *s, size_t n)
{
	long a = convert(c->to_gbk, s, n, c->buf_a, c->buf_cap);
	long b = convert(c->to_gb, s, n, c->buf_b, c->buf_cap);
	return a >= 0 && a == b && memcmp(c->buf_a, c->buf_b, (size_t)a) == 0;
}

/* A column's letters as a spreadsheet names them: A … Z, AA … */
static void column_name(int col, char *buf)
{
	char tmp[8];
	int n = 0;
	for (col++; col > 0 && n < 7; col = (col - 1) / 26)
		tmp[n++] = (char)('A' + (col - 1) % 26);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
}

/* FNV-1a: tells a repeated text from another. */
static uint64_t text_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The characters of s that GBK lacks, as the message shows them (the first
 * few, then "…"). */
static void bad_chars(jx_csv *c, const char *s, size_t n, char *out, size_t cap)
{
	size_t len = 0, adv;
	int shown = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i += adv) {
		int32_t cp = jx_utf8_decode(s + i, n - i, &adv);
		int w;
		if (adv == 0)
			break;
		if (cp < 0x80 || same_in_gbk(c, s + i, adv))
			continue;
		w = shown == BAD_CHARS_SHOWN
			    ? snprintf(out + len, cap - len, "…")
			    : snprintf(out + len, cap - len, L("%s“%.*s”（U+%04X）", "%s\"%.*s\" (U+%04X)"), L("", shown ? " " : ""),
				       (int)adv, s + i, (unsigned)cp);
		if (w < 0 || (size_t)w >= cap - len) {
			out[len] = '\0'; /* no part of a character */
			break;
		}
		len += (size_t)w;
		if (shown++ == BAD_CHARS_SHOWN)
			break;
	}
}

/* A run ended: kept to be named, while there is room. */
static void flush_run(jx_csv *c, bad_run *r)
{
	if (c->n_done < BAD_RUNS)
		c->done[c->n_done++] = *r;
	r->cells = 0;
	c->n_runs--;
}

/* The runs that did not go on into row `row` (1-based), or all (row 0). */
static void flush_runs_before(jx_csv *c, long row)
{
	for (int i = 0; i < RUN_COLS && c->n_runs > 0; i++)
		if (c->runs[i].cells && (row == 0 || c->runs[i].last < row))
			flush_run(c, &c->runs[i]);
}

/* A table's name into a run, cut (when too long) before a whole character. */
static void copy_name(char *out, size_t cap, const char *name)
{
	size_t n = strlen(name);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, name, n);
	out[n] = '\0';
}

/* The current cell holds characters GBK lacks: it continues its column's
 * run from the row above, or starts a new one. */
static void bad_cell(jx_csv *c, const char *s, size_t n)
{
	const char *name = jx_nz(c->name);
	uint64_t h = text_hash(s, n), nh = text_hash(name, strlen(name));
	int col = c->col - 1;
	bad_run *r = &c->runs[col < RUN_COLS ? col : RUN_COLS - 1];
	if (r->cells && r->col == col && r->hash == h && r->last == c->row && r->name_hash == nh) {
		r->last = c->row + 1;
		r->cells++;
		c->n_bad++;
		return;
	}
	c->n_bad++;
	if (r->cells)
		flush_run(c, r);
	c->n_runs++;
	r->cells = 1;
	r->first = r->last = c->row + 1;
	r->col = col;
	r->hash = h;
	r->name_hash = nh;
	copy_name(r->name, sizeof r->name, name);
	bad_chars(c, s, n, r->chars, sizeof r->chars);
}

static void check_gbk(jx_csv *c, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && !(s[i] & 0x80))
		i++;
	if (i == n)
		return; /* ASCII: the same in every one of them */
	if (n * 2 + 16 > c->buf_cap) {
		/* GB18030 takes at most 4 bytes for a character that UTF-8 writes
		 * in 2 or more, and 1 for ASCII: twice the input suffices. */
		size_t cap = n * 2 + 16;
		char *a = realloc(c->buf_a, cap), *b;
		if (a)
			c->buf_a = a;
		b = a ? realloc(c->buf_b, cap) : NULL;
		if (b)
			c->buf_b = b;
		if (!a || !b) {
			/* no memory to look: the cell is named, so the export is refused */
			bad_cell(c, "", 0);
			return;
		}
		c->buf_cap = cap;
	}
	if (!same_in_gbk(c, s, n))
		bad_cell(c, s, n);
}

/* Characters GBK lacks that have a GBK spelling of the same meaning, each
 * the same length in UTF-8: the minus sign of the rubrics' criteria and
 * of the engine's explanations ("(1 − 结转结余率) × 分值") is the full-width
 * minus in Chinese text. */
static const struct {
	const char *from, *to;
} gbk_spellings[] = {
	{"\xE2\x88\x92", "\xEF\xBC\x8D"}, /* U+2212 − → U+FF0D － */
};

/* s (n bytes) with the GBK spellings: s itself when it needs none, else a
 * copy in c->spelt (s when there is no memory for one: then the check
 * names the cell). */
static const char *gbk_spelling(jx_csv *c, const char *s, size_t n)
{
	size_t k;
	for (k = 0; k < sizeof gbk_spellings / sizeof gbk_spellings[0]; k++)
		if (memmem(s, n, gbk_spellings[k].from, strlen(gbk_spellings[k].from)))
			break;
	if (k == sizeof gbk_spellings / sizeof gbk_spellings[0])
		return s;
	if (n + 1 > c->spelt_cap) {
		char *p = realloc(c->spelt, n + 1);
		if (!p)
			return s;
		c->spelt = p;
		c->spelt_cap = n + 1;
	}
	memcpy(c->spelt, s, n);
	c->spelt[n] = '\0';
	for (k = 0; k < sizeof gbk_spellings / sizeof gbk_spellings[0]; k++) {
		size_t len = strlen(gbk_spellings[k].from);
		for (char *p = c->spelt; (p = memmem(p, n - (size_t)(p - c->spelt), gbk_spellings[k].from, len)); p += len)
			memcpy(p, gbk_spellings[k].to, len);
	}
	return c->spelt;
}

/* In the order of the file: by first row, then column. */
static int run_order(const void *a, const void *b)
{
	const bad_run *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* One run as the message names it: 「name」第 2–67 行 C 列“𠀀”（U+20000）,
 * the name left out when it is the same as the run before's (prev). */
static int run_text(const bad_run *r, const bad_run *prev, char *out, size_t cap)
{
	char colname[8], rows[48];
	column_name(r->col, colname);
	if (r->first == r->last)
		snprintf(rows, sizeof rows, L("第 %ld 行", "row %ld"), r->first);
	else
		snprintf(rows, sizeof rows, L("第 %ld–%ld 行", "rows %ld–%ld"), r->first, r->last);
	if (prev && strcmp(prev->name, r->name) == 0)
		return snprintf(out, cap, L("、%s %s 列%s", ", %s column %s %s"), rows, colname, r->chars);
	return snprintf(out, cap, L("%s「%s」%s %s 列%s", "%s\"%s\" %s column %s %s"), prev ? L("；", "; ") : "", r->name,
			rows, colname, r->chars);
}

/* The refusal naming the cells: as many runs as the message holds, in
 * order, then how many cells more. */
static void bad_message(jx_csv *c, jx_err *err)
{
	char list[BAD_LIST], item[600], rest[96] = "";
	size_t len = 0, named = 0, i;
	list[0] = '\0';
	qsort(c->done, c->n_done, sizeof *c->done, run_order);
	for (i = 0; i < c->n_done; i++) {
		int w = run_text(&c->done[i], i ? &c->done[i - 1] : NULL, item, sizeof item);
		if (w < 0 || (size_t)w >= sizeof list - len)
			break;
		memcpy(list + len, item, (size_t)w + 1);
		len += (size_t)w;
		named += c->done[i].cells;
	}
	if (named < c->n_bad)
		snprintf(rest, sizeof rest, L("；另有 %zu 个单元格", "; %zu more cells"), c->n_bad - named);
	/* the way out first: the workstation shows the start on its status line */
	jx_err_set(err,
		   "有 GBK 没有的字符，请改用 UTF-8（带 BOM）的 CSV（命令行去掉 --gb18030，工作台选“CSV（UTF-8）”）；"
		   "中文 Windows 上的 Excel 按 GBK 读 CSV，以下单元格会显示成乱码：%s%s",
		   "characters GBK has no code for: export CSV in UTF-8 with a byte-order mark instead (leave out "
		   "--gb18030; in the workstation pick \"CSV (UTF-8)\"); Excel on Chinese Windows reads CSV as GBK and "
		   "would show these cells garbled: %s%s",
		   list, rest);
}

/* ---- the writer's state ---- */

int jx_csv_begin(jx_export_run *run, jx_err *err)
{
	jx_csv *c = calloc(1, sizeof *c);
	if (!c) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	jx_ob_init(&c->out, run->f);
	c->to_gbk = c->to_gb = (iconv_t)-1;
	run->w = c;
	if (run->flags & JX_EXPORT_GB18030) {
		/* CP936 is GBK as Windows has it (with € at 0x80) */
		c->to_gbk = iconv_open("CP936", "UTF-8");
		c->to_gb = iconv_open("GB18030", "UTF-8");
		c->done = malloc(BAD_RUNS * sizeof *c->done);
		if (!c->done) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		if (c->to_gbk == (iconv_t)-1 || c->to_gb == (iconv_t)-1) {
			jx_err_set(err, "系统不支持 GBK 或 GB18030 编码转换", "this system cannot convert to GBK or GB18030");
			return -1;
		}
		c->gbk = 1;
	}
	fputs("\xEF\xBB\xBF", run->f);
	return 0;
}

int jx_csv_end(jx_export_run *run, int rc, jx_err *err)
{
	jx_csv *c = run->w;
	if (!c)
		return rc;
	flush_runs_before(c, 0);
	if (rc == 0 && c->n_bad) {
		bad_message(c, err);
		rc = -1;
	}
	if (c->to_gbk != (iconv_t)-1)
		iconv_close(c->to_gbk);
	if (c->to_gb != (iconv_t)-1)
		iconv_close(c->to_gb);
	free(c->buf_a);
	free(c->buf_b);
	free(c->spelt);
	free(c->done);
	free(c);
	run->w = NULL;
	return rc;
}

void jx_csv_table(jx_csv *c, const char *name)
{
	c->name = name;
	flockfile(c->out.f);
}

void jx_csv_table_end(jx_csv *c)
{
	jx_ob_flush(&c->out);
	funlockfile(c->out.f);
	c->name = NULL;
}

void jx_csv_text(jx_csv *c, const char *s, size_t n)
{
	next_field(c);
	if (!s || n == 0)
		return;
	if (c->gbk) {
		s = gbk_spelling(c, s, n);
		check_gbk(c, s, n);
	}
	put_field(c, s, n, formula_like(s, n));
}

void jx_csv_number(jx_csv *c, const char *s)
{
	next_field(c);
	put_field(c, s, strlen(s), 0);
}

void jx_csv_empty(jx_csv *c)
{
	next_field(c);
}

void jx_csv_row_end(jx_csv *c)
{
	if (c->n_runs)
		flush_runs_before(c, c->row + 1);
	jx_ob_n(&c->out, "\r\n", 2);
	c->row++;
	c->col = 0;
}

/* ---- the form as CSV ---- */

/* A text the form found bare (jx_xcell.bare) goes out as it is, unless it
 * is to be checked against GBK; a figure needs no quotes (digits, a point,
 * a minus, a percent sign). */
static void csv_form(jx_csv *c, const jx_xform *form, const char *name)
{
	enum { FIGURE_ROOM = 48 }; /* what jx_xcell_display's buffer needs */
	jx_csv_table(c, name);
	for (int r = 0; r < form->nrows; r++) {
		for (int col = 0; col < form->ncols; col++) {
			const jx_xcell *cell = jx_xform_cell(form, r, col);
			if (cell->covered) {
				jx_csv_empty(c);
			} else if (cell->num != JX_XN_TEXT) {
				/* formatted where it goes */
				next_field(c);
				if (sizeof c->out.b - c->out.n < FIGURE_ROOM)
					jx_ob_flush(&c->out);
				c->out.n += jx_xcell_figure(cell, c->out.b + c->out.n);
			} else if (cell->bare && !c->gbk && cell->text) {
				next_field(c);
				jx_ob_n(&c->out, cell->text, cell->text_len);
			} else {
				jx_csv_text(c, cell->text, cell->text ? cell->text_len : 0);
			}
		}
		jx_csv_row_end(c);
	}
	jx_csv_table_end(c);
}

/* The empty line between two tables. */
static void csv_gap(jx_csv *c)
{
	jx_csv_table(c, NULL);
	jx_csv_row_end(c);
	jx_csv_table_end(c);
}

static int csv_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	if (i)
		csv_gap(run->w);
	csv_form(run->w, form, jx_nz(x->sheet->info[JX_INFO_NAME]));
	return 0;
}

static int csv_summary(jx_export_run *run, const jx_xform *form, jx_err *err)
{
	csv_gap(run->w);
	csv_form(run->w, form, L("汇总", "summary"));
	return 0;
}

static int csv_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	return jx_csv_begin(run, err);
}

const jx_export_ops jx_export_csv_ops = {
	.fmt = JX_EXPORT_CSV, .name = "csv", .ext = ".csv", .text = 1, .forms = 1, .counts = 1,
	.begin = csv_begin, .sheet = csv_sheet, .summary = csv_summary, .end = jx_csv_end,
};

int jx_to_gb18030(const char *in, size_t len, char **out, size_t *out_len, jx_err *err)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t cap = len * 2 + 16, left_in = len, left_out = cap;
	char *buf, *ip = (char *)in, *op;

	*out = NULL;
	*out_len = 0;
	if (cd == (iconv_t)-1) {
		jx_err_set(err, "系统不支持 GB18030 编码转换", "this system cannot convert to GB18030");
		return -1;
	}
	/* GB18030 takes at most 4 bytes for a character that UTF-8 writes in 2
	 * or more (ASCII stays 1 byte), so twice the input always suffices. */
	buf = malloc(cap);
	if (!buf) {
		iconv_close(cd);
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	op = buf;
	if (iconv(cd, &ip, &left_in, &op, &left_out) == (size_t)-1) {
		int e = errno;
		size_t at = (size_t)(ip - in), adv, line = 1;
		int32_t cp = jx_utf8_decode(ip, left_in, &adv);
		for (size_t i = 0; i < at; i++)
			if (in[i] == '\n')
				line++;
		if (e == EILSEQ && cp >= 0)
			jx_err_set(err, "无法用 GB18030 编码的字符：U+%04X（第 %zu 行）；请改用 UTF-8 导出",
				   "a character GB18030 cannot hold: U+%04X (line %zu); export in UTF-8 instead",
				   (unsigned)cp, line);
		else
			jx_err_set(err, "GB18030 编码转换失败（第 %zu 行）：%s", "GB18030 conversion failed (line %zu): %s",
				   line, strerror(e));
		free(buf);
		iconv_close(cd);
		return -1;
	}
	iconv_close(cd);
	*out = buf;
	*out_len = cap - left_out;
	return 0;
}
