/* Printable HTML: the same tables as the xlsx, one sheet per A4 page.
 * Self-contained (no external resources), every text escaped, invalid UTF-8
 * shown as U+FFFD. */
#include "export_ops.h"

#include <stdlib.h>
#include <string.h>

#include "outblock.h"
#include "textwidth.h"

/* Shared page style of the HTML outputs (A4, Chinese fonts).  Tables lay
 * their columns out from their content: a figure never wraps (class "n"),
 * text wraps between characters only where a line is full.  A table's
 * <thead> is repeated on every printed page; a row, and a row group, is
 * never split across pages.  Pages are numbered at the foot. */
static const char jx_html_style[] =
	"@page { size: A4; margin: 12mm 10mm 14mm 10mm;"
	" @bottom-center { content: \"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\"; font-size: 9pt; } }\n"
	"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"body { font-family: \"SimSun\", \"宋体\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", serif;"
	" font-size: 10.5pt; color: #000; margin: 0; }\n"
	".page { page-break-after: always; break-after: page; }\n"
	".page:last-child { page-break-after: auto; break-after: auto; }\n"
	"table { border-collapse: collapse; width: 100%; table-layout: auto; margin: 0 0 6pt 0; font-size: 9.5pt; }\n"
	"td, th { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: middle;"
	" overflow-wrap: break-word; word-break: normal; line-height: 1.3; }\n"
	".n { white-space: nowrap; }\n"
	"th { font-weight: bold; text-align: center; background: #f2f2f2; min-width: 4em; }\n"
	"th[nowrap] { min-width: 0; }\n"
	"thead { display: table-header-group; }\n"
	"tbody, tr { page-break-inside: avoid; break-inside: avoid; }\n"
	"tbody.tall, tbody.tall tr { page-break-inside: auto; break-inside: auto; }\n"
	"h1.title, p.subtitle { page-break-after: avoid; break-after: avoid; }\n"
	"h1.title { font-size: 16pt; font-weight: bold; text-align: center; margin: 0 0 4pt 0; }\n"
	"p.subtitle { text-align: center; margin: 0 0 6pt 0; }\n"
	"p.note { margin: 4pt 0; }\n"
	"td.label { font-weight: bold; text-align: center; }\n"
	"td.center { text-align: center; }\n"
	"td.number { text-align: right; }\n"
	"td.total { font-weight: bold; text-align: center; }\n"
	"td.total.num { text-align: right; }\n";

/* Escape s[0..n) to o: runs of characters that need no change go out as
 * one piece. */
static void escape_n(jx_outblock *o, const char *s, size_t n, int br)
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
			} else if (((ch >= 0xE1 && ch <= 0xEC) || ch >= 0xEE) && ch <= 0xEF && n - run >= 3 &&
				   ((unsigned char)s[run + 1] & 0xC0) == 0x80 && ((unsigned char)s[run + 2] & 0xC0) == 0x80) {
				/* a 3-byte character (all of Chinese) that can be
				 * neither overlong (E0) nor a surrogate (ED): valid and
				 * above the C1 controls, no need to decode it */
				run += 3;
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
			jx_ob_n(o, s + i, run - i);
			i = run;
			continue;
		}
		cp = jx_utf8_decode(s + i, n - i, &adv);
		if (cp < 0) {
			jx_ob_s(o, "\xEF\xBF\xBD"); /* U+FFFD */
		} else if (cp == '<') {
			jx_ob_s(o, "&lt;");
		} else if (cp == '>') {
			jx_ob_s(o, "&gt;");
		} else if (cp == '&') {
			jx_ob_s(o, "&amp;");
		} else if (cp == '"') {
			jx_ob_s(o, "&quot;");
		} else if (cp == '\'') {
			jx_ob_s(o, "&#39;");
		} else if (cp == '\n') {
			jx_ob_s(o, br ? "<br>" : " ");
		} else if (cp == '\t') {
			jx_ob_c(o, ' ');
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			/* control characters: dropped */
		} else {
			jx_ob_n(o, s + i, adv);
		}
		i += adv;
	}
}

void jx_html_escape(FILE *f, const char *s, int br)
{
	jx_outblock o;
	jx_ob_init(&o, f);
	flockfile(f);
	escape_n(&o, s, s ? strlen(s) : 0, br);
	jx_ob_flush(&o);
	funlockfile(f);
}

/* A row that is one cell across the whole width outside the table's
 * borders (title, subtitle, note): written as a paragraph. */
static int loose_row(const jx_xform *form, int r)
{
	const jx_xcell *cell = jx_xform_cell(form, r, 0);
	if (cell->colspan >= form->ncols && cell->rowspan == 1)
		return cell->style == JX_XS_TITLE || cell->style == JX_XS_SUBTITLE || cell->style == JX_XS_NOTE ||
		       cell->style == JX_XS_BLANK;
	/* a spacer row of empty unbordered cells: no table row with borders */
	for (int c = 0; c < form->ncols; c++) {
		cell = jx_xform_cell(form, r, c);
		if (cell->covered || cell->rowspan != 1 || (cell->style != JX_XS_NOTE && cell->style != JX_XS_BLANK) ||
		    cell->has_value || (cell->text && *cell->text))
			return 0;
	}
	return 1;
}

/* A row of column headings: one that starts a heading cell. */
static int head_row(const jx_xform *form, int r)
{
	for (int c = 0; c < form->ncols; c++) {
		const jx_xcell *cell = jx_xform_cell(form, r, c);
		if (!cell->covered && cell->style == JX_XS_HEAD)
			return 1;
	}
	return 0;
}

/* "<td class=… align=…" of a cell, put together once per style.  Numbers
 * get class "n": they never wrap, so the automatic table layout gives their
 * column at least the width of the widest figure. */
static const char *cell_open(int style, int num)
{
	int n = num != JX_XN_TEXT;
	switch (style) {
	case JX_XS_HEAD: return "<th align=\"center\"";
	case JX_XS_LABEL: return "<td class=\"label\" align=\"center\"";
	case JX_XS_CENTER: return n ? "<td class=\"center n\" align=\"center\"" : "<td class=\"center\" align=\"center\"";
	case JX_XS_NUMBER: return "<td class=\"number n\" align=\"right\"";
	case JX_XS_TOTAL:
		return n ? "<td class=\"total num n\" align=\"right\"" : "<td class=\"total\" align=\"center\"";
	/* the sign-off block: no borders; a value the rules require: marked */
	case JX_XS_NOTE: return "<td style=\"border:none\"";
	case JX_XS_MISSING: return "<td class=\"missing\" style=\"background:#ffff99\"";
	default: return n ? "<td class=\"n\"" : "<td";
	}
}

static void put_int(jx_outblock *o, int v)
{
	char b[16];
	int n = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	do {
		b[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		jx_ob_c(o, '-');
	while (n)
		jx_ob_c(o, b[--n]);
}

/* How a form is cut into tables and row groups for printing.
 *
 * A form is one grid; the browser's print layout knows nothing of its
 * structure.  Three things keep a printed form readable: a long table (the
 * indicators, a summary of many sheets) is a table of its own whose heading
 * rows are a <thead>, which the browser repeats on every page; its body is
 * cut into groups of rows (<tbody>, never split across pages) small enough
 * that a page is never left holding only the heading; and a merged label
 * that spans more rows than one group (一级 产出指标 over fifty rows) is
 * written again at the top of each group it reaches, so that every page
 * says which 一级 and 二级 its rows belong to.  A label merged down from the
 * heading rows (绩效指标) stays in the heading, its column left open below. */
enum {
	PAGE_COLS = 112,   /* display columns across the printed width (A4, 9.5 pt) */
	LONG_BODY = 12,    /* rows under a heading from which the table gets a <thead> */
	GROUP_LINES = 12,  /* lines a row group aims at */
	GROUP_MIN = 5,     /* ... and keeps at least, unless the table ends */
	GROUP_MAX = 24,    /* ... and never exceeds unless one row is longer */
	SMALL_MERGE = 8,   /* a merge over at most this many rows is split only when no other cut fits */
	SHORT_LABEL = 10,  /* a heading or label this wide (一级指标, 年初预算数) stays on one line */
};

typedef struct {
	jx_outblock *o;
	const jx_xform *form;
	int *origin; /* per cell: index of the cell that starts its merge */
	int *lines;  /* per row: estimated printed lines */
	char buf[48];
} html_ctx;

/* The merge origin of every cell, and each row's estimated height. */
static int layout_prepare(html_ctx *h)
{
	const jx_xform *form = h->form;
	size_t n = (size_t)form->nrows * (size_t)form->ncols;
	int total = 0, cols[64];

	h->origin = malloc((n ? n : 1) * sizeof *h->origin);
	h->lines = malloc((form->nrows ? (size_t)form->nrows : 1) * sizeof *h->lines);
	if (!h->origin || !h->lines)
		return -1;
	for (size_t i = 0; i < n; i++)
		h->origin[i] = (int)i;
	for (int c = 0; c < form->ncols; c++)
		total += form->widths[c];
	for (int c = 0; c < form->ncols && c < 64; c++)
		cols[c] = total > PAGE_COLS ? form->widths[c] * PAGE_COLS / total : form->widths[c];
	for (int r = 0; r < form->nrows; r++)
		h->lines[r] = 1;
	for (int r = 0; r < form->nrows; r++)
		for (int c = 0; c < form->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(form, r, c);
			int w = 0, lines;
			if (cell->covered)
				continue;
			for (int i = r; i < r + cell->rowspan && i < form->nrows; i++)
				for (int j = c; j < c + cell->colspan && j < form->ncols; j++)
					h->origin[(size_t)i * (size_t)form->ncols + (size_t)j] = r * form->ncols + c;
			if (cell->num != JX_XN_TEXT || !cell->text || cell->rowspan > 1)
				continue;
			for (int j = c; j < c + cell->colspan && j < form->ncols && j < 64; j++)
				w += cols[j];
			w = w > 3 ? w - 2 : 1; /* the cell's padding */
			/* a text of one line: its width was measured when the form
			 * was built (text_cols) */
			if (!cell->multiline) {
				lines = (cell->text_cols + w - 1) / w;
			} else {
				lines = (jx_text_width_n(cell->text, cell->text_len) + w - 1) / w;
				for (const char *p = cell->text; (p = strchr(p, '\n')) != NULL; p++)
					lines++;
			}
			if (lines > h->lines[r])
				h->lines[r] = lines;
		}
	return 0;
}

/* What it costs to end a row group before row k of a body starting at b0:
 * every merge of the body that goes on across k is split, a small one
 * prohibitively. */
static int cut_cost(const html_ctx *h, int b0, int k)
{
	const jx_xform *form = h->form;
	int cost = 0;
	for (int c = 0; c < form->ncols; c++) {
		int o = h->origin[(size_t)k * (size_t)form->ncols + (size_t)c];
		int orow = o / form->ncols, ocol = o % form->ncols;
		const jx_xcell *top = &form->cells[o];
		if (ocol != c || orow >= k || orow < b0)
			continue;
		cost += top->rowspan <= SMALL_MERGE ? 100 : 1;
	}
	return cost;
}

/* The end of the row group that starts at row `start` of a body ending at b1. */
static int group_end(const html_ctx *h, int b0, int start, int b1)
{
	int best = -1, best_cost = 0, best_gap = 0, acc = 0;
	for (int k = start + 1; k <= b1; k++) {
		int cost, gap;
		acc += h->lines[k - 1];
		if (k == b1)
			return acc <= GROUP_MAX || best < 0 ? k : best;
		if (acc > GROUP_MAX && best >= 0)
			break;
		if (acc < GROUP_MIN)
			continue;
		cost = cut_cost(h, b0, k);
		gap = acc > GROUP_LINES ? acc - GROUP_LINES : GROUP_LINES - acc;
		if (best < 0 || cost < best_cost || (cost == best_cost && gap < best_gap)) {
			best = k;
			best_cost = cost;
			best_gap = gap;
		}
		if (acc > GROUP_MAX)
			break;
	}
	return best < 0 ? start + 1 : best;
}

static void cell_content(html_ctx *h, const jx_xcell *cell)
{
	int bold = cell->style == JX_XS_LABEL || cell->style == JX_XS_TOTAL;
	if (bold)
		jx_ob_s(h->o, "<b>");
	if (cell->num == JX_XN_TEXT) {
		if (cell->text)
			escape_n(h->o, cell->text, cell->text_len, 1);
	} else {
		const char *t = jx_xcell_display(cell, h->buf);
		escape_n(h->o, t, strlen(t), 1);
	}
	if (bold)
		jx_ob_s(h->o, "</b>");
}

/* Rows [t0, t1) as one row group: merges are cut at its edges.  A merge
 * begun above t0 is written again at t0 (its text repeated), or, when it
 * began in the table's heading rows (before `body`), as an empty cell with
 * no top border continuing the heading's label. */
static void rows_out(html_ctx *h, int t0, int t1, int body)
{
	const jx_xform *form = h->form;
	jx_outblock *out = h->o;
	for (int r = t0; r < t1; r++) {
		jx_ob_s(out, "<tr>");
		for (int c = 0; c < form->ncols; c++) {
			int o = h->origin[(size_t)r * (size_t)form->ncols + (size_t)c];
			int orow = o / form->ncols, ocol = o % form->ncols;
			const jx_xcell *cell = &form->cells[o];
			int rows, cont;
			if (ocol != c || (orow != r && !(r == t0 && orow < t0)))
				continue;
			rows = orow + cell->rowspan;
			rows = (rows < t1 ? rows : t1) - r;
			cont = orow < t0 && orow < body;
			jx_ob_s(out, cell_open(cell->style, cell->num));
			if ((cell->style == JX_XS_HEAD || cell->style == JX_XS_LABEL) && !cell->multiline &&
			    cell->text_cols <= SHORT_LABEL)
				jx_ob_s(out, " nowrap");
			if (cont)
				jx_ob_s(out, " style=\"border-top-style:hidden\"");
			if (rows > 1) {
				jx_ob_s(out, " rowspan=\"");
				put_int(out, rows);
				jx_ob_c(out, '"');
			}
			if (cell->colspan > 1) {
				jx_ob_s(out, " colspan=\"");
				put_int(out, cell->colspan);
				jx_ob_c(out, '"');
			}
			jx_ob_c(out, '>');
			if (!cont)
				cell_content(h, cell);
			jx_ob_s(out, cell->style == JX_XS_HEAD ? "</th>" : "</td>");
		}
		jx_ob_s(out, "</tr>\n");
	}
}

/* A table of the form's rows.  Its columns are laid out from their content
 * (see the style): fixed shares of the page gave a column of figures too
 * little room and a column of short text too much. */
static void table_open(html_ctx *h)
{
	jx_ob_s(h->o, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">\n");
}

/* Rows [b0, b1) as row groups, each kept on one page unless it holds a row
 * taller than a group may be (that row may then break across pages). */
static void groups_out(html_ctx *h, int b0, int b1, int body)
{
	for (int g = b0; g < b1;) {
		int end = group_end(h, b0, g, b1), tall = 0;
		for (int i = g; i < end; i++)
			tall |= h->lines[i] > GROUP_MAX;
		jx_ob_s(h->o, tall ? "<tbody class=\"tall\">\n" : "<tbody>\n");
		rows_out(h, g, end, body);
		jx_ob_s(h->o, "</tbody>\n");
		g = end;
	}
}

/* Rows [a, b) of the form, none of them loose: short parts in one table as
 * the form has them; each heading with a long body a table of its own. */
static void tables_out(html_ctx *h, int a, int b)
{
	jx_outblock *o = h->o;
	int r = a, open = 0;
	while (r < b) {
		int h1 = r, e;
		while (h1 < b && head_row(h->form, h1))
			h1++;
		e = h1;
		while (e < b && !head_row(h->form, e))
			e++;
		if (h1 > r && e - h1 >= LONG_BODY) {
			if (open)
				jx_ob_s(o, "</table>\n");
			open = 0;
			table_open(h);
			jx_ob_s(o, "<thead>\n");
			rows_out(h, r, h1, h1);
			jx_ob_s(o, "</thead>\n");
			groups_out(h, h1, e, h1);
			jx_ob_s(o, "</table>\n");
		} else {
			if (!open)
				table_open(h);
			open = 1;
			groups_out(h, r, e, r);
		}
		r = e;
	}
	if (open)
		jx_ob_s(o, "</table>\n");
}

static int html_form(FILE *f, const jx_xform *form)
{
	jx_outblock out;
	html_ctx h = {.o = &out, .form = form};
	jx_outblock *o = &out;
	int r = 0;

	jx_ob_init(&out, f);

	if (layout_prepare(&h) != 0) {
		free(h.origin);
		free(h.lines);
		return -1;
	}
	flockfile(f);
	jx_ob_s(o, "<div class=\"page\">\n");
	while (r < form->nrows) {
		const jx_xcell *first = jx_xform_cell(form, r, 0);
		int e = r;
		if (loose_row(form, r)) {
			const char *text = jx_xcell_display(first, h.buf);
			if (first->style == JX_XS_TITLE) {
				jx_ob_s(o, "<h1 class=\"title\" align=\"center\">");
				escape_n(o, text, strlen(text), 1);
				jx_ob_s(o, "</h1>\n");
			} else if (*text) {
				jx_ob_s(o, first->style == JX_XS_SUBTITLE ? "<p class=\"subtitle\" align=\"center\">"
									      : "<p class=\"note\">");
				escape_n(o, text, strlen(text), 1);
				jx_ob_s(o, "</p>\n");
			}
			r++;
			continue;
		}
		while (e < form->nrows && !loose_row(form, e))
			e++;
		tables_out(&h, r, e);
		r = e;
	}
	jx_ob_s(o, "</div>\n");
	jx_ob_flush(o);
	funlockfile(f);
	free(h.origin);
	free(h.lines);
	return 0;
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

static int form_out(FILE *f, const jx_xform *form, jx_err *err)
{
	if (html_form(f, form) != 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	return 0;
}

/* Each form, then its 审核意见 (stated figures, findings) on a page of
 * its own: never inside the form. */
static int html_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	jx_xform *review;
	int rc;
	if (form_out(run->f, form, err) != 0)
		return -1;
	review = jx_xform_review(NULL, x, (int)i + 1, run->n > 1);
	if (!review) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	rc = form_out(run->f, review, err);
	jx_xform_free(review);
	return rc;
}

static int html_summary(jx_export_run *run, const jx_xform *form, jx_err *err)
{
	return form_out(run->f, form, err);
}

const jx_export_ops jx_export_html_ops = {
	.fmt = JX_EXPORT_HTML, .name = "html", .ext = ".html", .text = 1, .forms = 1,
	.begin = html_begin, .sheet = html_sheet, .summary = html_summary, .end = jx_html_end,
};
