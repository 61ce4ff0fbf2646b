/* CSV export: the same tables as the xlsx, row by row.
 *
 * UTF-8 with a byte-order mark (so that Excel and WPS detect the encoding),
 * CRLF line ends and RFC 4180 quoting: a field holding a comma, a quote, a
 * CR or LF, or leading/trailing spaces is quoted, quotes doubled.  A merged
 * cell's text is in its top-left field; the fields it covers are empty.
 * Several sheets: each sheet's table, one after another, then the summary,
 * separated by one empty line. */
#include "export_ops.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "textwidth.h"

/* One field: the stream is locked once per table (flockfile), so the
 * unlocked stdio calls are safe and cheap. */
static void csv_field(FILE *f, const char *s, size_t n)
{
	int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	if (!quote && n > 0 && strpbrk(s, ",\"\n\r"))
		quote = 1;
	if (!quote) {
		fwrite_unlocked(s, 1, n, f);
		return;
	}
	putc_unlocked('"', f);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			putc_unlocked('"', f);
		putc_unlocked(s[i], f);
	}
	putc_unlocked('"', f);
}

static void csv_form(FILE *f, const jx_xform *form)
{
	char buf[48];
	flockfile(f);
	for (int r = 0; r < form->nrows; r++) {
		for (int c = 0; c < form->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(form, r, c);
			if (c)
				putc_unlocked(',', f);
			if (cell->covered)
				continue;
			if (cell->num == JX_XN_TEXT) {
				if (cell->text)
					csv_field(f, cell->text, cell->text_len);
			} else {
				const char *t = jx_xcell_display(cell, buf);
				csv_field(f, t, strlen(t));
			}
		}
		putc_unlocked('\r', f);
		putc_unlocked('\n', f);
	}
	funlockfile(f);
}

static int csv_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	fputs("\xEF\xBB\xBF", run->f);
	return 0;
}

static int csv_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	if (i)
		fputs("\r\n", run->f);
	csv_form(run->f, form);
	return 0;
}

static int csv_summary(jx_export_run *run, const jx_xform *form, jx_err *err)
{
	fputs("\r\n", run->f);
	csv_form(run->f, form);
	return 0;
}

const jx_export_ops jx_export_csv_ops = {
	.fmt = JX_EXPORT_CSV, .name = "csv", .ext = ".csv", .text = 1, .forms = 1,
	.begin = csv_begin, .sheet = csv_sheet, .summary = csv_summary,
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
