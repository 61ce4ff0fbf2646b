/* Printable HTML: the same tables as the xlsx, one sheet per A4 page.
 * Self-contained (no external resources), every text escaped, invalid UTF-8
 * shown as U+FFFD. */
#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "textwidth.h"

const char jx_html_style[] =
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

void jx_html_escape(FILE *f, const char *s, int br)
{
	size_t n = s ? strlen(s) : 0, i = 0, adv;
	while (i < n) {
		int32_t cp;
		/* Printable ASCII other than the escaped characters goes out as a run. */
		size_t run = 0;
		while (i + run < n) {
			unsigned char ch = (unsigned char)s[i + run];
			if (ch < 0x20 || ch >= 0x7F || ch == '<' || ch == '>' || ch == '&' || ch == '"' || ch == '\'')
				break;
			run++;
		}
		if (run) {
			fwrite(s + i, 1, run, f);
			i += run;
			continue;
		}
		cp = jx_utf8_decode(s + i, n - i, &adv);
		if (cp < 0) {
			fputs("\xEF\xBF\xBD", f); /* U+FFFD */
		} else if (cp == '<') {
			fputs("&lt;", f);
		} else if (cp == '>') {
			fputs("&gt;", f);
		} else if (cp == '&') {
			fputs("&amp;", f);
		} else if (cp == '"') {
			fputs("&quot;", f);
		} else if (cp == '\'') {
			fputs("&#39;", f);
		} else if (cp == '\n') {
			fputs(br ? "<br>" : " ", f);
		} else if (cp == '\t') {
			putc(' ', f);
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			/* control characters: dropped */
		} else {
			fwrite(s + i, 1, adv, f);
		}
		i += adv;
	}
}

static const char *style_class(int style, int num)
{
	switch (style) {
	case JX_XS_LABEL: return "label";
	case JX_XS_CENTER: return "center";
	case JX_XS_NUMBER: return "number";
	case JX_XS_TOTAL: return num == JX_XN_TEXT ? "total" : "total num";
	default: return NULL;
	}
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

static const char *align_of(int style)
{
	switch (style) {
	case JX_XS_HEAD:
	case JX_XS_LABEL:
	case JX_XS_CENTER: return "center";
	case JX_XS_NUMBER: return "right";
	default: return NULL;
	}
}

static void html_form(FILE *f, const jx_xform *form)
{
	char buf[48];
	int total = 0, open = 0;

	for (int c = 0; c < form->ncols; c++)
		total += form->widths[c];
	if (total <= 0)
		total = 1;
	fputs("<div class=\"page\">\n", f);
	for (int r = 0; r < form->nrows; r++) {
		const jx_xcell *first = jx_xform_cell(form, r, 0);
		if (loose_row(form, r)) {
			const char *text = jx_xcell_display(first, buf);
			if (open) {
				fputs("</table>\n", f);
				open = 0;
			}
			if (first->style == JX_XS_TITLE) {
				fputs("<h1 class=\"title\" align=\"center\">", f);
				jx_html_escape(f, text, 1);
				fputs("</h1>\n", f);
			} else if (*text) {
				fprintf(f, "<p class=\"%s\"%s>", first->style == JX_XS_SUBTITLE ? "subtitle" : "note",
					first->style == JX_XS_SUBTITLE ? " align=\"center\"" : "");
				jx_html_escape(f, text, 1);
				fputs("</p>\n", f);
			}
			continue;
		}
		if (!open) {
			fputs("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">\n<colgroup>", f);
			for (int c = 0; c < form->ncols; c++)
				fprintf(f, "<col width=\"%d%%\">", (100 * form->widths[c] + total / 2) / total);
			fputs("</colgroup>\n", f);
			open = 1;
		}
		fputs("<tr>", f);
		for (int c = 0; c < form->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(form, r, c);
			const char *tag, *cls, *align;
			if (cell->covered)
				continue;
			tag = cell->style == JX_XS_HEAD ? "th" : "td";
			cls = style_class(cell->style, cell->num);
			align = align_of(cell->style);
			if (cell->style == JX_XS_TOTAL)
				align = cell->num == JX_XN_TEXT ? "center" : "right";
			fprintf(f, "<%s", tag);
			if (cls)
				fprintf(f, " class=\"%s\"", cls);
			if (align)
				fprintf(f, " align=\"%s\"", align);
			if (cell->rowspan > 1)
				fprintf(f, " rowspan=\"%d\"", cell->rowspan);
			if (cell->colspan > 1)
				fprintf(f, " colspan=\"%d\"", cell->colspan);
			putc('>', f);
			if (cell->style == JX_XS_LABEL || cell->style == JX_XS_TOTAL)
				fputs("<b>", f);
			jx_html_escape(f, jx_xcell_display(cell, buf), 1);
			if (cell->style == JX_XS_LABEL || cell->style == JX_XS_TOTAL)
				fputs("</b>", f);
			fprintf(f, "</%s>", tag);
		}
		fputs("</tr>\n", f);
	}
	if (open)
		fputs("</table>\n", f);
	fputs("</div>\n", f);
}

static void html_head(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	jx_html_escape(f, title, 0);
	fputs("</title>\n<style>\n", f);
	fputs(jx_html_style, f);
	fputs("</style>\n</head>\n<body>\n", f);
}

int jx_export_html_write(FILE *f, const jx_templates *set, jx_sheet *const *sheets, size_t n, jx_err *err)
{
	jx_xsheet xs;
	jx_xsum *sums = NULL;
	int rc = -1;

	memset(&xs, 0, sizeof xs);
	if (n > 1 && !(sums = calloc(n, sizeof *sums))) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	html_head(f, n == 1 && sheets[0]->info[JX_INFO_NAME] ? sheets[0]->info[JX_INFO_NAME] : "绩效评价表");
	for (size_t i = 0; i < n; i++) {
		jx_xform *form;
		if (jx_xsheet_score(&xs, set, sheets[i], err) != 0)
			goto out;
		form = jx_xform_build(&xs, (int)i + 1, n > 1);
		if (!form || (sums && jx_xsum_set(&sums[i], &xs, NULL) != 0)) {
			jx_xform_free(form);
			jx_err_set(err, "内存不足", "out of memory");
			goto out;
		}
		html_form(f, form);
		jx_xform_free(form);
	}
	if (sums) {
		jx_xform *form = jx_xform_summary(sums, n);
		if (!form) {
			jx_err_set(err, "内存不足", "out of memory");
			goto out;
		}
		html_form(f, form);
		jx_xform_free(form);
	}
	fputs("</body>\n</html>\n", f);
	rc = 0;
out:
	jx_xsheet_free(&xs);
	jx_xsum_free(sums, n);
	return rc;
}
