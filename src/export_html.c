/* Printable HTML: the same tables as the xlsx, one sheet per A4 page.
 * Self-contained (no external resources), every text escaped, invalid UTF-8
 * shown as U+FFFD. */
#include "export_ops.h"

#include <stdlib.h>
#include <string.h>

#include "textwidth.h"

/* Shared page style of the HTML outputs (A4, Chinese fonts). */
static const char jx_html_style[] =
	"@page { size: A4; margin: 15mm 12mm; }\n"
	"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"body { font-family: \"SimSun\", \"宋体\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", serif;"
	" font-size: 10.5pt; color: #000; margin: 0; }\n"
	".page { page-break-after: always; break-after: page; }\n"
	".page:last-child { page-break-after: auto; break-after: auto; }\n"
	"table { border-collapse: collapse; width: 100%; table-layout: fixed; }\n"
	"td, th { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: middle;"
	" word-wrap: break-word; overflow-wrap: break-word; }\n"
	"th { font-weight: bold; text-align: center; background: #f2f2f2; }\n"
	"h1.title { font-size: 16pt; font-weight: bold; text-align: center; margin: 0 0 4pt 0; }\n"
	"p.subtitle { text-align: center; margin: 0 0 6pt 0; }\n"
	"p.note { margin: 4pt 0; }\n"
	"td.label { font-weight: bold; text-align: center; }\n"
	"td.center { text-align: center; }\n"
	"td.number { text-align: right; }\n"
	"td.total { font-weight: bold; text-align: center; }\n"
	"td.total.num { text-align: right; }\n"
	"tr { page-break-inside: avoid; break-inside: avoid; }\n";

/* Escape s[0..n) to f (locked by the caller, or a stream only this thread
 * uses): runs of characters that need no change go out with one write. */
static void escape_n(FILE *f, const char *s, size_t n, int br)
{
	size_t i = 0, adv;
	while (i < n) {
		int32_t cp;
		/* Printable ASCII other than the escaped characters, and valid
		 * UTF-8 characters that are not C1 controls, go out as a run. */
		size_t run = i;
		for (;;) {
			unsigned char ch;
			if (run >= n)
				break;
			ch = (unsigned char)s[run];
			if (ch >= 0x20 && ch < 0x7F) {
				if (ch == '<' || ch == '>' || ch == '&' || ch == '"' || ch == '\'')
					break;
				run++;
			} else if (ch >= 0x80) {
				int32_t c2 = jx_utf8_decode(s + run, n - run, &adv);
				if (c2 < 0xA0)
					break; /* invalid, or a C1 control */
				run += adv;
			} else {
				break;
			}
		}
		if (run > i) {
			fwrite_unlocked(s + i, 1, run - i, f);
			i = run;
			continue;
		}
		cp = jx_utf8_decode(s + i, n - i, &adv);
		if (cp < 0) {
			fputs_unlocked("\xEF\xBF\xBD", f); /* U+FFFD */
		} else if (cp == '<') {
			fputs_unlocked("&lt;", f);
		} else if (cp == '>') {
			fputs_unlocked("&gt;", f);
		} else if (cp == '&') {
			fputs_unlocked("&amp;", f);
		} else if (cp == '"') {
			fputs_unlocked("&quot;", f);
		} else if (cp == '\'') {
			fputs_unlocked("&#39;", f);
		} else if (cp == '\n') {
			fputs_unlocked(br ? "<br>" : " ", f);
		} else if (cp == '\t') {
			putc_unlocked(' ', f);
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			/* control characters: dropped */
		} else {
			fwrite_unlocked(s + i, 1, adv, f);
		}
		i += adv;
	}
}

void jx_html_escape(FILE *f, const char *s, int br)
{
	flockfile(f);
	escape_n(f, s, s ? strlen(s) : 0, br);
	funlockfile(f);
}

/* A row that is one cell across the whole width outside the table's
 * borders (title, subtitle, note): written as a paragraph. */
static int loose_row(const jx_xform *form, int r)
{
	const jx_xcell *cell = jx_xform_cell(form, r, 0);
	return cell->colspan >= form->ncols && cell->rowspan == 1 &&
	       (cell->style == JX_XS_TITLE || cell->style == JX_XS_SUBTITLE || cell->style == JX_XS_NOTE ||
		cell->style == JX_XS_BLANK);
}

/* "<td class=… align=…" of a cell, put together once per style. */
static const char *cell_open(int style, int num)
{
	switch (style) {
	case JX_XS_HEAD: return "<th align=\"center\"";
	case JX_XS_LABEL: return "<td class=\"label\" align=\"center\"";
	case JX_XS_CENTER: return "<td class=\"center\" align=\"center\"";
	case JX_XS_NUMBER: return "<td class=\"number\" align=\"right\"";
	case JX_XS_TOTAL:
		return num == JX_XN_TEXT ? "<td class=\"total\" align=\"center\"" : "<td class=\"total num\" align=\"right\"";
	/* the sign-off block: no borders; a value the rules require: marked */
	case JX_XS_NOTE: return "<td style=\"border:none\"";
	case JX_XS_MISSING: return "<td class=\"missing\" style=\"background:#ffff99\"";
	default: return "<td";
	}
}

static void put_int(FILE *f, int v)
{
	char b[16];
	int n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do {
		b[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		putc_unlocked('-', f);
	while (n)
		putc_unlocked(b[--n], f);
}

static void html_form(FILE *f, const jx_xform *form)
{
	char buf[48];
	int total = 0, open = 0;

	for (int c = 0; c < form->ncols; c++)
		total += form->widths[c];
	if (total <= 0)
		total = 1;
	flockfile(f);
	fputs_unlocked("<div class=\"page\">\n", f);
	for (int r = 0; r < form->nrows; r++) {
		const jx_xcell *first = jx_xform_cell(form, r, 0);
		if (loose_row(form, r)) {
			const char *text = jx_xcell_display(first, buf);
			if (open) {
				fputs_unlocked("</table>\n", f);
				open = 0;
			}
			if (first->style == JX_XS_TITLE) {
				fputs_unlocked("<h1 class=\"title\" align=\"center\">", f);
				escape_n(f, text, strlen(text), 1);
				fputs_unlocked("</h1>\n", f);
			} else if (*text) {
				fputs_unlocked(first->style == JX_XS_SUBTITLE ? "<p class=\"subtitle\" align=\"center\">"
									      : "<p class=\"note\">",
					       f);
				escape_n(f, text, strlen(text), 1);
				fputs_unlocked("</p>\n", f);
			}
			continue;
		}
		if (!open) {
			fputs_unlocked("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">\n<colgroup>", f);
			for (int c = 0; c < form->ncols; c++) {
				fputs_unlocked("<col width=\"", f);
				put_int(f, (100 * form->widths[c] + total / 2) / total);
				fputs_unlocked("%\">", f);
			}
			fputs_unlocked("</colgroup>\n", f);
			open = 1;
		}
		fputs_unlocked("<tr>", f);
		for (int c = 0; c < form->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(form, r, c);
			int bold;
			if (cell->covered)
				continue;
			fputs_unlocked(cell_open(cell->style, cell->num), f);
			if (cell->rowspan > 1) {
				fputs_unlocked(" rowspan=\"", f);
				put_int(f, cell->rowspan);
				putc_unlocked('"', f);
			}
			if (cell->colspan > 1) {
				fputs_unlocked(" colspan=\"", f);
				put_int(f, cell->colspan);
				putc_unlocked('"', f);
			}
			putc_unlocked('>', f);
			bold = cell->style == JX_XS_LABEL || cell->style == JX_XS_TOTAL;
			if (bold)
				fputs_unlocked("<b>", f);
			if (cell->num == JX_XN_TEXT) {
				if (cell->text)
					escape_n(f, cell->text, cell->text_len, 1);
			} else {
				const char *t = jx_xcell_display(cell, buf);
				escape_n(f, t, strlen(t), 1);
			}
			if (bold)
				fputs_unlocked("</b>", f);
			fputs_unlocked(cell->style == JX_XS_HEAD ? "</th>" : "</td>", f);
		}
		fputs_unlocked("</tr>\n", f);
	}
	if (open)
		fputs_unlocked("</table>\n", f);
	fputs_unlocked("</div>\n", f);
	funlockfile(f);
}

void jx_html_head(FILE *f, const char *title, const char *title_tail, const char *css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	jx_html_escape(f, title, 0);
	fputs(title_tail, f);
	fputs("</title>\n<style>\n", f);
	fputs(jx_html_style, f);
	fputs(css, f);
	fputs("</style>\n</head>\n<body>\n", f);
}

int jx_html_end(jx_export_run *run, int rc, jx_err *err)
{
	if (rc == 0)
		fputs("</body>\n</html>\n", run->f);
	return rc;
}

static int html_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	jx_html_head(run->f, run->n == 1 && first->info[JX_INFO_NAME] ? first->info[JX_INFO_NAME] : "绩效评价表", "", "");
	return 0;
}

/* Each form, then its 审核意见 (stated figures, findings) on a page of
 * its own: never inside the form. */
static int html_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	jx_xform *review = jx_xform_review(NULL, x, (int)i + 1, run->n > 1);
	html_form(run->f, form);
	if (!review) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	html_form(run->f, review);
	jx_xform_free(review);
	return 0;
}

static int html_summary(jx_export_run *run, const jx_xform *form, jx_err *err)
{
	html_form(run->f, form);
	return 0;
}

const jx_export_ops jx_export_html_ops = {
	.fmt = JX_EXPORT_HTML, .name = "html", .ext = ".html", .text = 1, .forms = 1,
	.begin = html_begin, .sheet = html_sheet, .summary = html_summary, .end = jx_html_end,
};
