/* CSV export: the same tables as the xlsx, row by row.
 *
 * UTF-8 with a byte-order mark (so that Excel and WPS detect the encoding),
 * CRLF line ends and RFC 4180 quoting: a field holding a comma, a quote, a
 * CR or LF, or leading/trailing spaces is quoted, quotes doubled.  A merged
 * cell's text is in its top-left field; the fields it covers are empty.
 * Several sheets: each sheet's table, one after another, then the summary,
 * separated by one empty line. */
#include "export.h"

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

int jx_export_csv_src(FILE *f, const jx_templates *set, jx_xsource *src, jx_err *err)
{
	jx_xsheet xs;
	jx_xsum *sums = NULL;
	jx_xform *form = NULL;
	size_t n = src->n;
	int rc = -1;

	memset(&xs, 0, sizeof xs);
	if (n > 1 && !(sums = calloc(n, sizeof *sums))) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	fputs("\xEF\xBB\xBF", f);
	for (size_t i = 0; i < n; i++) {
		const jx_sheet *s = jx_xsource_next(src, err);
		if (!s || jx_xsheet_score(&xs, set, s, err) != 0)
			goto out;
		form = jx_xform_rebuild(form, &xs, (int)i + 1, n > 1);
		if (!form || (sums && jx_xsum_set(&sums[i], &xs, NULL) != 0)) {
			jx_err_set(err, "内存不足", "out of memory");
			goto out;
		}
		if (i)
			fputs("\r\n", f);
		csv_form(f, form);
	}
	jx_xform_free(form);
	form = NULL;
	if (sums) {
		form = jx_xform_summary(sums, n);
		if (!form) {
			jx_err_set(err, "内存不足", "out of memory");
			goto out;
		}
		fputs("\r\n", f);
		csv_form(f, form);
	}
	rc = 0;
out:
	jx_xform_free(form);
	jx_xsheet_free(&xs);
	jx_xsum_free(sums, n);
	return rc;
}

int jx_export_csv_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, jx_err *err)
{
	jx_xarray a = {sheets, 0};
	jx_xsource src = {n, jx_xarray_next, &a};
	return jx_export_csv_src(f, set, &src, err);
}

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
