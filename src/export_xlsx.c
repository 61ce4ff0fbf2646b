/* The xlsx writer: a form (xform.h) as a worksheet of the layout people
 * submit — merged cells, borders, 宋体, A4 at full size, totals
 * and rates as formulas with the engine's numbers as their cached results —
 * one worksheet per sheet and the summary "汇总" first when there are
 * several.  libxlsxwriter writes the workbook in constant-memory mode; its
 * zip compression level is set in src/xlsx_zip_level.c, numbers are written
 * as the form shows them by src/xlsx_zip_numbers.c, its worksheets' rows wait
 * in one temporary file and its parts are assembled in memory
 * (src/xlsx_tmpfile.c), its row arrays come from fresh pages
 * (src/xlsx_arrays.c). */
#include "export_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "safefile.h"
#include "strutil.h"
#include "textwidth.h"
#include "xform_data.h"

/* Every number is stored as it is shown (see jx_fx_num): 万元, 分值 and 得分
 * with two decimals, rates as percentages with two, other amounts with
 * the decimals each has; each number format once. */
enum { NF_NONE, NF_RATE, NF_DEC0, NF_COUNT = NF_DEC0 + 7 };
static const char *const num_formats[NF_COUNT] = {
	[NF_NONE] = NULL,      [NF_RATE] = "0.00%",       [NF_DEC0] = "0",          [NF_DEC0 + 1] = "0.0",
	[NF_DEC0 + 2] = "0.00", [NF_DEC0 + 3] = "0.000",   [NF_DEC0 + 4] = "0.0000", [NF_DEC0 + 5] = "0.00000",
	[NF_DEC0 + 6] = "0.000000",
};

static int num_format_id(int num, int decimals)
{
	switch (num) {
	case JX_XN_TEXT: return NF_NONE;
	case JX_XN_RATE: return NF_RATE;
	case JX_XN_INT: return NF_DEC0;
	case JX_XN_VALUE: return NF_DEC0 + (decimals > 6 ? 6 : decimals);
	default: return NF_DEC0 + 2; /* 万元, 分值, 得分 */
	}
}

/* A workbook being written. */
typedef struct {
	lxw_workbook *wb;
	lxw_format *fmt[JX_XS_COUNT][NF_COUNT]; /* by style and number format */
	lxw_worksheet *summary_ws; /* the first worksheet, "汇总", when there are several sheets */
	lxw_worksheet *review_ws;  /* 审核意见: one for all sheets when there are several */
	int review_row;            /* its next row */
	lxw_row_t *review_breaks;  /* its page breaks so far (set when the workbook is closed) */
	int n_review_breaks;
	jx_xform *review;          /* the review form, reused from one sheet to the next */
	int saved_stderr;          /* stderr while libxlsxwriter runs (see quiet_stderr) */
	lxw_worksheet *data_ws;    /* the hidden exact values (xform_data.h) */
	lxw_row_t data_row;        /* its next row */
	int n_data;                /* hidden worksheets so far */
} xlsx_ctx;

/* Each (style, number format) pair is created once, when first used, and
 * cells whose formats would print alike share it: libxlsxwriter finds a
 * format equal to an earlier one by hashing its whole description again
 * on every cell written with it, a tenth of the writing for 1,000 sheets. */
static lxw_format *xfmt(xlsx_ctx *x, int style, int num, int decimals)
{
	int nf = num_format_id(num, decimals);
	lxw_format *f = x->fmt[style][nf];
	if (f)
		return f;
	f = workbook_add_format(x->wb);
	format_set_font_name(f, "宋体");
	format_set_font_size(f, style == JX_XS_TITLE ? 16 : 10.5);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
	if (style != JX_XS_BLANK && style != JX_XS_TITLE && style != JX_XS_SUBTITLE && style != JX_XS_NOTE)
		format_set_border(f, LXW_BORDER_THIN);
	switch (style) {
	case JX_XS_TITLE:
		format_set_bold(f);
		format_set_align(f, LXW_ALIGN_CENTER);
		break;
	case JX_XS_SUBTITLE: format_set_align(f, LXW_ALIGN_CENTER); break;
	case JX_XS_HEAD:
		format_set_bold(f);
		format_set_align(f, LXW_ALIGN_CENTER);
		format_set_bg_color(f, 0xF2F2F2);
		break;
	case JX_XS_LABEL:
		format_set_bold(f);
		format_set_align(f, LXW_ALIGN_CENTER);
		break;
	case JX_XS_CENTER: format_set_align(f, LXW_ALIGN_CENTER); break;
	case JX_XS_NUMBER: format_set_align(f, LXW_ALIGN_RIGHT); break;
	case JX_XS_TOTAL:
		format_set_bold(f);
		format_set_align(f, num == JX_XN_TEXT ? LXW_ALIGN_CENTER : LXW_ALIGN_RIGHT);
		break;
	case JX_XS_MISSING:
		format_set_align(f, LXW_ALIGN_LEFT);
		format_set_bg_color(f, 0xFFFF99);
		break;
	case JX_XS_TEXT:
	case JX_XS_NOTE:
	default: format_set_align(f, LXW_ALIGN_LEFT); break;
	}
	if (num_formats[nf])
		format_set_num_format(f, num_formats[nf]);
	x->fmt[style][nf] = f;
	return f;
}

/* The double nearest the decimal v (what reading "0.94" gives; not
 * v * 1e-6, which can land one step off).  Below 2^53 millionths both v
 * and 10^6 are exact doubles, and IEEE division rounds their exact
 * quotient to the nearest double: the same double as strtod, without
 * writing the number out and reading it back (LC_NUMERIC is "C"
 * throughout jixiao). */
static double to_double(jx_dec v)
{
	char buf[48];
	if (v > -(1LL << 53) && v < (1LL << 53))
		return (double)v / (double)JX_SCALE;
	return strtod(jx_fmt_trim(buf, v), NULL);
}

/* Rows needed to show a cell's text in its (merged) width. */
static int cell_lines(const jx_xform *f, int r, int c)
{
	const jx_xcell *cell = jx_xform_cell(f, r, c);
	const char *s = cell->text;
	int width = 0, lines = 0;
	if (!s || !*s)
		return 1;
	for (int j = c; j < c + cell->colspan && j < f->ncols; j++)
		width += f->widths[j];
	if (width < 4)
		width = 4;
	if (!cell->multiline) {
		/* one line: its width was measured when the text was set */
		int w = cell->text_cols;
		lines = w <= width - 1 ? 1 : (w + width - 2) / (width - 1);
	} else {
		while (s) {
			const char *nl = strchr(s, '\n');
			size_t len = nl ? (size_t)(nl - s) : strlen(s);
			int w = jx_text_width_n(s, len);
			lines += w <= width - 1 ? 1 : (w + width - 2) / (width - 1);
			s = nl ? nl + 1 : NULL;
		}
	}
	lines = (lines + cell->rowspan - 1) / cell->rowspan;
	return lines < 1 ? 1 : lines;
}

/* A cell's text within the format's limit (32,767 characters), cut at a
 * character boundary with a note when longer. */
static const char *xlsx_text(const char *s, size_t n, char **tmp)
{
	size_t i = 0, chars = 0, adv;
	const char *note = "……（内容过长，已截断）";
	*tmp = NULL;
	if (n <= 32000)
		return s;
	while (i < n) {
		jx_utf8_decode(s + i, n - i, &adv);
		if (chars >= 32000)
			break;
		i += adv;
		chars++;
	}
	if (i >= n)
		return s;
	*tmp = malloc(i + strlen(note) + 1);
	if (!*tmp)
		return "";
	memcpy(*tmp, s, i);
	strcpy(*tmp + i, note);
	return *tmp;
}

typedef struct {
	int r0, c0, r1, c1;
	const jx_xcell *top;
} merge_span;

static int merge_cmp(const void *a, const void *b)
{
	const merge_span *x = a, *y = b;
	if (x->r1 != y->r1)
		return x->r1 < y->r1 ? -1 : 1;
	if (x->r0 != y->r0)
		return x->r0 < y->r0 ? -1 : 1;
	return x->c0 < y->c0 ? -1 : x->c0 > y->c0;
}

/* Height of a row of one line of 10.5-point text, in points; each more
 * line adds LINE_HEIGHT.  A row is at most MAX_LINES lines: 408 points,
 * within a spreadsheet's 409 (the forms put longer text in several rows). */
#define ROW_HEIGHT 18.0
#define TITLE_HEIGHT 28.0
#define LINE_HEIGHT 15.0
#define MAX_LINES 27

/* Page set-up (inches): side margins 0.5 (the printable widths of xform.h),
 * top and bottom 0.75 with the header and footer 0.3 from the edge. */
#define MARGIN_SIDE 0.5
#define MARGIN_TB 0.75
#define MARGIN_HF 0.3
/* A4's height in points, and the part of the body the page breaks fill
 * (a little is left for a renderer's rounding of row heights). */
#define A4_LONG_PT 841.89
#define A4_SHORT_PT 595.28
#define BODY_FILL 0.96

/* A form's layout on the printed pages. */
typedef struct {
	double *height;        /* per row, points */
	lxw_row_t *breaks;     /* rows that begin a page, 0-terminated */
	int n_breaks;
	merge_span *merges;    /* in the order they are declared (by last row) */
	size_t n_merges;
	const jx_xcell **again; /* per cell: a merge's content repeated at a page's top (NULL: none) */
} layout;

static void layout_free(layout *l)
{
	free(l->height);
	free(l->breaks);
	free(l->merges);
	free(l->again);
}

static double row_height(const jx_xform *f, int r)
{
	int lines = 1;
	if (jx_xform_cell(f, r, 0)->style == JX_XS_TITLE)
		return TITLE_HEIGHT;
	for (int c = 0; c < f->ncols; c++) {
		const jx_xcell *cell = jx_xform_cell(f, r, c);
		if (!cell->covered && cell->num == JX_XN_TEXT) {
			int l = cell_lines(f, r, c);
			if (l > lines)
				lines = l;
		}
	}
	if (lines > MAX_LINES)
		lines = MAX_LINES;
	return lines > 1 ? LINE_HEIGHT * lines + 3 : ROW_HEIGHT;
}

/* The form's printed width against the page's: 1 when it fits (printed at
 * full size), else the scale a fit to the page's width gives. */
static double form_scale(const jx_xform *f)
{
	double pt = 0, page = f->landscape ? JX_XPAGE_LANDSCAPE_PT : JX_XPAGE_PORTRAIT_PT;
	for (int c = 0; c < f->ncols; c++)
		pt += jx_xcol_pt(f->widths[c]);
	return pt <= page ? 1.0 : page / pt;
}

/* Page breaks: a page holds the rows that fit under the repeated heading;
 * a run of rows the form keeps together (a 二级 group, a subtotal and its
 * last row, a heading and its first row, the sign-off) moves to the next
 * page whole when it does not fit at the bottom of this one, unless it
 * would not fit on a page of its own either. */
static int paginate(const jx_xform *f, layout *l, int row0)
{
	double body = ((f->landscape ? A4_SHORT_PT : A4_LONG_PT) - 2 * 72 * MARGIN_TB) * BODY_FILL;
	double head = 0, y = 0;
	int head_last = f->head_first + f->head_rows - 1, page_first = 0;

	l->breaks = calloc((size_t)f->nrows + 1, sizeof *l->breaks);
	if (!l->breaks)
		return -1;
	for (int r = f->head_first; r <= head_last; r++)
		head += l->height[r];
	for (int r = 0; r < f->nrows; r++) {
		if (y + l->height[r] > body && r > page_first && l->n_breaks < 1000) {
			int b = r, e = r;
			double run = 0;
			while (b - 1 > page_first && f->keep[b - 1])
				b--;
			while (e + 1 < f->nrows && f->keep[e])
				e++;
			for (int k = b; k <= e; k++)
				run += l->height[k];
			if (b - 1 == page_first && f->keep[page_first])
				b = r; /* the run began the page: it is split */
			else if (run + head > body)
				b = r; /* the run is longer than a page: it is split */
			l->breaks[l->n_breaks++] = (lxw_row_t)(row0 + b);
			page_first = b;
			y = f->head_rows > 0 && b > head_last ? head : 0;
			for (int k = b; k < r; k++)
				y += l->height[k];
		}
		y += l->height[r];
	}
	return 0;
}

/* 1 when a page begins at row r (relative to the form). */
static int page_starts(const layout *l, int row0, int r)
{
	for (int i = 0; i < l->n_breaks; i++)
		if ((int)l->breaks[i] == row0 + r)
			return 1;
	return 0;
}

/* The form's merged ranges, a range crossing a page break cut there, its
 * content repeated at the top of the next page (so that a 一级 or 二级 label
 * shows on every page its rows are on).  Declared by last row (see
 * xlsx_form). */
static int form_merges(const jx_xform *f, layout *l, int row0)
{
	size_t n = 0, cap = 0;
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			if (!cell->covered && (cell->rowspan > 1 || cell->colspan > 1))
				cap += 1 + (size_t)l->n_breaks;
		}
	l->again = calloc((size_t)f->nrows * (size_t)f->ncols, sizeof *l->again);
	l->merges = cap ? malloc(cap * sizeof *l->merges) : NULL;
	if (!l->again || (cap && !l->merges))
		return -1;
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			int r1, c1, from = r;
			if (cell->covered || (cell->rowspan == 1 && cell->colspan == 1))
				continue;
			r1 = r + cell->rowspan - 1 < f->nrows ? r + cell->rowspan - 1 : f->nrows - 1;
			c1 = c + cell->colspan - 1 < f->ncols ? c + cell->colspan - 1 : f->ncols - 1;
			for (int k = r + 1; k <= r1 + 1; k++) {
				merge_span *m;
				if (k <= r1 && !page_starts(l, row0, k))
					continue;
				if (from != r)
					l->again[(size_t)from * (size_t)f->ncols + (size_t)c] = cell;
				if (k - 1 > from || c1 > c) {
					m = &l->merges[n++];
					m->r0 = from;
					m->c0 = c;
					m->r1 = k - 1;
					m->c1 = c1;
					m->top = cell;
				}
				from = k;
			}
		}
	if (n)
		qsort(l->merges, n, sizeof *l->merges, merge_cmp);
	l->n_merges = n;
	return 0;
}

static int form_layout(const jx_xform *f, layout *l, int row0)
{
	double scale = form_scale(f);
	memset(l, 0, sizeof *l);
	l->height = malloc(((size_t)f->nrows + 1) * sizeof *l->height);
	if (!l->height)
		return -1;
	for (int r = 0; r < f->nrows; r++)
		l->height[r] = row_height(f, r) * scale;
	/* a form wider than the page is fitted to it, and then the
	 * spreadsheet ignores manual page breaks */
	if (scale >= 1 && paginate(f, l, row0) != 0)
		return -1;
	for (int r = 0; r < f->nrows; r++)
		l->height[r] /= scale;
	return form_merges(f, l, row0);
}

/* "&C…": the text with its & doubled (a header's codes start with &),
 * within the format's 255 characters. */
static void header_text(char *buf, size_t len, const char *codes, const char *text)
{
	size_t n = (size_t)snprintf(buf, len, "%s", codes), adv;
	const char *s = jx_nz(text);
	while (*s && n + 8 < len && n < 200) {
		jx_utf8_decode(s, strlen(s), &adv);
		if (*s == '&')
			buf[n++] = '&';
		memcpy(buf + n, s, adv);
		n += adv;
		s += adv;
	}
	buf[n] = '\0';
}

/* The worksheet's page: A4 in the form's orientation, at full size when
 * its columns fit (else fitted to the width), the heading rows repeated,
 * the project's name in the header and "第 N 页 共 M 页" in the footer. */
static void page_setup(lxw_worksheet *ws, const jx_xform *f, const char *title, int row0)
{
	lxw_header_footer_options hf = {.margin = MARGIN_HF};
	char head[300];

	for (int c = 0; c < f->ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, f->widths[c], NULL);
	worksheet_set_default_row(ws, ROW_HEIGHT, LXW_FALSE);
	worksheet_set_paper(ws, 9); /* A4 */
	if (f->landscape)
		worksheet_set_landscape(ws);
	else
		worksheet_set_portrait(ws);
	if (form_scale(f) < 1)
		worksheet_fit_to_pages(ws, 1, 0);
	else
		worksheet_set_print_scale(ws, 100);
	worksheet_set_margins(ws, MARGIN_SIDE, MARGIN_SIDE, MARGIN_TB, MARGIN_TB);
	worksheet_center_horizontally(ws);
	if (f->head_rows > 0)
		worksheet_repeat_rows(ws, (lxw_row_t)(row0 + f->head_first),
				      (lxw_row_t)(row0 + f->head_first + f->head_rows - 1));
	/* the size before the font: "&9" then the title, whose digits would
	 * otherwise be read as part of the size */
	header_text(head, sizeof head, "&C&9&\"宋体\"", title);
	worksheet_set_header_opt(ws, head, &hf);
	worksheet_set_footer_opt(ws, "&C&9&\"宋体\"第 &P 页 共 &N 页", &hf);
}

/* One cell: its text, number or formula with the engine's value. */
static lxw_error write_cell(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const jx_xcell *cell)
{
	lxw_format *fmt = xfmt(x, cell->style, cell->num, cell->decimals);
	lxw_error e;
	char *tmp = NULL;
	if (cell->num == JX_XN_TEXT) {
		if (!cell->text || !*cell->text)
			return worksheet_write_blank(ws, r, c, fmt);
		e = worksheet_write_string(ws, r, c, xlsx_text(cell->text, cell->text_len, &tmp), fmt);
		free(tmp);
		return e;
	}
	if (!cell->has_value)
		return worksheet_write_blank(ws, r, c, fmt);
	if (cell->formula)
		return worksheet_write_formula_num(ws, r, c, cell->formula, fmt, to_double(cell->value));
	return worksheet_write_number(ws, r, c, to_double(cell->value), fmt);
}

/* The page breaks of a form written at row0: set on its worksheet, or for
 * the review worksheet (several forms, each from a new page) gathered
 * until the workbook is closed. */
static int add_breaks(xlsx_ctx *x, lxw_worksheet *ws, const layout *l, int row0)
{
	lxw_row_t *nb;
	int n;
	if (ws != x->review_ws || !x->summary_ws) {
		if (l->n_breaks > 0)
			worksheet_set_h_pagebreaks(ws, l->breaks);
		return 0;
	}
	n = x->n_review_breaks + l->n_breaks + 2;
	nb = realloc(x->review_breaks, (size_t)n * sizeof *nb);
	if (!nb)
		return -1;
	x->review_breaks = nb;
	if (row0 > 0 && x->n_review_breaks < 1000)
		nb[x->n_review_breaks++] = (lxw_row_t)row0;
	for (int i = 0; i < l->n_breaks && x->n_review_breaks < 1000; i++)
		nb[x->n_review_breaks++] = l->breaks[i];
	nb[x->n_review_breaks] = 0;
	return 0;
}

/* Write form f from row row0 of ws (the page set up by the caller).  Its
 * page breaks are added to x's (see flush_breaks). */
static int xlsx_form(xlsx_ctx *x, lxw_worksheet *ws, const jx_xform *f, int row0, jx_err *err)
{
	layout l;
	size_t next = 0;
	lxw_error e = LXW_NO_ERROR;
	int rc = -1;

	if (form_layout(f, &l, row0) != 0 || add_breaks(x, ws, &l, row0) != 0) {
		layout_free(&l);
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	for (int r = 0; r < f->nrows; r++) {
		lxw_row_t wr = (lxw_row_t)(row0 + r);
		/* A row of one line takes the worksheet's default height and
		 * needs no row record of its own: a smaller file to write and
		 * compress.  But declaring a merge needs the row started (see
		 * below), which worksheet_set_row does. */
		if (l.height[r] != ROW_HEIGHT || (next < l.n_merges && l.merges[next].r1 == r))
			worksheet_set_row(ws, wr, l.height[r], NULL);
		/* Merges are declared on their last row, once it is the current
		 * row: in constant-memory mode only the current row can be written
		 * (the declaration's writes to earlier rows are ignored, and its
		 * writes to this row are replaced by the cells written just below). */
		while (next < l.n_merges && l.merges[next].r1 == r) {
			const merge_span *m = &l.merges[next++];
			worksheet_merge_range(ws, (lxw_row_t)(row0 + m->r0), (lxw_col_t)m->c0, (lxw_row_t)(row0 + m->r1),
					      (lxw_col_t)m->c1, "", xfmt(x, m->top->style, m->top->num, m->top->decimals));
		}
		for (int c = 0; c < f->ncols && e == LXW_NO_ERROR; c++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			const jx_xcell *again = l.again[(size_t)r * (size_t)f->ncols + (size_t)c];
			if (again) {
				/* a merge's label again at the top of a page; a copy,
				 * never a second formula */
				jx_xcell copy = *again;
				copy.formula = NULL;
				e = write_cell(x, ws, wr, (lxw_col_t)c, &copy);
			} else if (cell->covered) {
				/* Blank with the merge's format (copied by jx_xform_build),
				 * so that its borders are drawn. */
				e = worksheet_write_blank(ws, wr, (lxw_col_t)c, xfmt(x, cell->style, cell->num, cell->decimals));
			} else {
				e = write_cell(x, ws, wr, (lxw_col_t)c, cell);
			}
		}
		if (e != LXW_NO_ERROR) {
			jx_err_set(err, "写入工作表“%s”失败：%s", "cannot write worksheet \"%s\": %s", f->sheet_name,
				   lxw_strerror(e));
			goto out;
		}
	}
	rc = 0;
out:
	layout_free(&l);
	return rc;
}

/* ------------------------------------------------------------------------
 * The workbook
 */
/* libxlsxwriter reports its errors on stderr as well as in its return
 * values; those lines would land on the workstation's screen, so stderr is
 * pointed at /dev/null while it runs (the returned errors become our
 * messages). */
static int quiet_stderr(void)
{
	int saved, null;
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	null = open("/dev/null", O_WRONLY);
	if (saved < 0 || null < 0) {
		if (saved >= 0)
			close(saved);
		if (null >= 0)
			close(null);
		return -1;
	}
	dup2(null, STDERR_FILENO);
	close(null);
	return saved;
}

static void restore_stderr(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

/* glibc's mmap threshold fixed (setting it turns glibc's raising of it
 * off), for `jixiao export` before it loads anything (which then keeps
 * freed memory for the next sheet, cli_exchange.c).  The xlsx writer once
 * set it for every workbook of several sheets, with freed memory handed
 * back at once, to keep libxlsxwriter's 128 KiB row arrays from being
 * served out of freed heap memory (and cleared); they now come from fresh
 * pages (src/xlsx_arrays.c), and handing memory back at once made glibc
 * grow and shrink the heap thousands of times in an export, as much as a
 * fifth of its CPU time. */
void jx_export_fixed_mmap_threshold(void)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	mallopt(M_TOP_PAD, 128 * 1024);
#endif
}

/* Where libxlsxwriter keeps its temporary files.  In constant-memory mode
 * each worksheet's rows wait until the workbook is closed, all of them in
 * one temporary file for the workbook (src/xlsx_tmpfile.c): about 0.12 MiB
 * for a worksheet of 300 indicators, 117 MiB for 1,000 sheets (the parts
 * are then assembled in memory, one at a time).  On a memory file system
 * (/dev/shm) that is memory the machine's other users lose while the
 * export runs.  So: $TMPDIR when it is set (the user's choice), else the
 * system's temporary directory (libxlsxwriter's default, /tmp).  Not the
 * workbook's own directory: when that disk fills up part-way, libxlsxwriter
 * gives up without closing the files it had opened. */
static char *xlsx_tmpdir(void)
{
	char *env = getenv("TMPDIR");
	struct stat st;
	if (env && *env && stat(env, &st) == 0 && S_ISDIR(st.st_mode))
		return env;
	return NULL;
}

/* ------------------------------------------------------------------------
 * The writer's operations
 */

static int xlsx_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = xlsx_tmpdir(), .use_zip64 = LXW_TRUE};
	xlsx_ctx *x;

	jx_xlsx_zip_level_linked();
	jx_xlsx_zip_numbers_linked();
	jx_xlsx_tmpfile_linked();
	jx_xlsx_arrays_linked();
	jx_xlsx_rows_linked();
	x = calloc(1, sizeof *x);
	if (!x) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	run->w = x;
	x->saved_stderr = quiet_stderr();
	x->wb = workbook_new_opt(run->tmp, &opt);
	if (!x->wb) {
		jx_safefile_write_error(err, run->path, errno ? errno : EIO);
		return -1;
	}
	if (run->n > 1) {
		x->summary_ws = workbook_add_worksheet(x->wb, "汇总");
		x->review_ws = workbook_add_worksheet(x->wb, "审核意见");
		if (!x->summary_ws || !x->review_ws) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
	}
	return 0;
}

/* The sheet's review (审核意见): its own worksheet after the form's when
 * there is one sheet; with several, one worksheet after the summary holds
 * every sheet's, each from a new page. */
static int xlsx_review(xlsx_ctx *x, const jx_xsheet *xs, size_t i, int several, jx_err *err)
{
	x->review = jx_xform_review(x->review, xs, (int)i + 1, several);
	if (!x->review) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	if (!x->review_ws) {
		x->review_ws = workbook_add_worksheet(x->wb, x->review->sheet_name);
		if (!x->review_ws) {
			jx_err_set(err, "无法添加工作表“%s”", "cannot add worksheet \"%s\"", x->review->sheet_name);
			return -1;
		}
	}
	if (x->review_row == 0)
		page_setup(x->review_ws, x->review, "审核意见", 0);
	if (xlsx_form(x, x->review_ws, x->review, x->review_row, err) != 0)
		return -1;
	x->review_row += x->review->nrows + 1;
	return 0;
}

static int data_put(void *ctx, const char *const *cols, int n)
{
	xlsx_ctx *x = ctx;
	for (int c = 0; c < n; c++)
		if (worksheet_write_string(x->data_ws, x->data_row, (lxw_col_t)c, cols[c], NULL) != LXW_NO_ERROR)
			return -1;
	x->data_row++;
	return 0;
}

/* The sheet's exact values in the hidden worksheet (xform_data.h), added
 * after the first form so that a form stays the workbook's first
 * worksheet; a full one goes on in "jixiao-data 2" …. */
static int xlsx_data(xlsx_ctx *x, const jx_xsheet *xs, const jx_xform *form, jx_err *err)
{
	if (!x->data_ws || x->data_row + jx_xdata_rows_max(xs->sheet) > JX_XDATA_MAX_ROWS) {
		char name[32];
		if (x->data_ws)
			snprintf(name, sizeof name, "%s %d", JX_XDATA_SHEET, ++x->n_data);
		else
			snprintf(name, sizeof name, "%s", JX_XDATA_SHEET), x->n_data = 1;
		if (!(x->data_ws = workbook_add_worksheet(x->wb, name))) {
			jx_err_set(err, "无法添加工作表“%s”", "cannot add worksheet \"%s\"", name);
			return -1;
		}
		worksheet_hide(x->data_ws);
		x->data_row = 0;
		if (jx_xdata_head(data_put, x) < 0) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
	}
	if (jx_xdata_rows(xs, form, data_put, x) < 0) {
		jx_err_set(err, "无法写入“%s”的隐藏数据（值过长或内存不足）",
			   "cannot write the hidden data of \"%s\" (a value too long, or out of memory)", form->sheet_name);
		return -1;
	}
	return 0;
}

static int xlsx_sheet(jx_export_run *run, const jx_xsheet *xs, const jx_xform *form, size_t i, jx_err *err)
{
	xlsx_ctx *x = run->w;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, form->sheet_name);
	if (!ws) {
		jx_err_set(err, "无法添加工作表“%s”", "cannot add worksheet \"%s\"", form->sheet_name);
		return -1;
	}
	page_setup(ws, form, jx_nz(xs->sheet->info[JX_INFO_NAME]), 0);
	if (xlsx_form(x, ws, form, 0, err) != 0 || xlsx_review(x, xs, i, run->n > 1, err) != 0)
		return -1;
	return xlsx_data(x, xs, form, err);
}

static int xlsx_summary(jx_export_run *run, const jx_xform *form, jx_err *err)
{
	xlsx_ctx *x = run->w;
	page_setup(x->summary_ws, form, "绩效评价汇总表", 0);
	if (xlsx_form(x, x->summary_ws, form, 0, err) != 0)
		return -1;
	worksheet_activate(x->summary_ws);
	return 0;
}

/* Close the workbook (which writes the file) and give stderr back. */
static int xlsx_end(jx_export_run *run, int rc, jx_err *err)
{
	xlsx_ctx *x = run->w;
	lxw_error e;

	if (!x)
		return rc;
	if (x->wb) {
		if (x->review_ws && x->n_review_breaks > 0)
			worksheet_set_h_pagebreaks(x->review_ws, x->review_breaks);
		errno = 0;
		e = workbook_close(x->wb);
		if (rc == 0 && e != LXW_NO_ERROR && jx_xlsx_tmpfile_error()) {
			/* the temporary file's disk, not the workbook's, is full */
			jx_safefile_write_error(err, xlsx_tmpdir() ? xlsx_tmpdir() : "/tmp", jx_xlsx_tmpfile_error());
			rc = -1;
		} else if (rc == 0 && e != LXW_NO_ERROR) {
			int saved = errno;
			if (saved == ENOSPC || saved == EFBIG
#ifdef EDQUOT
			    || saved == EDQUOT
#endif
			)
				jx_safefile_write_error(err, run->path, saved);
			else
				jx_err_set(err, "写入 xlsx 文件失败：%s：%s", "cannot write xlsx file %s: %s", run->path,
					   lxw_strerror(e));
			rc = -1;
		}
	}
	restore_stderr(x->saved_stderr);
	jx_xform_free(x->review);
	free(x->review_breaks);
	free(x);
	run->w = NULL;
	return rc;
}

const jx_export_ops jx_export_xlsx_ops = {
	.fmt = JX_EXPORT_XLSX, .name = "xlsx", .ext = ".xlsx", .forms = 1, .refs = 1,
	.begin = xlsx_begin, .sheet = xlsx_sheet, .summary = xlsx_summary, .end = xlsx_end,
};
