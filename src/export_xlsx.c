/* The xlsx writer: a form (xform.h) as a worksheet of the layout people
 * submit — merged cells, borders, 宋体, A4 fitted to the page width, totals
 * and rates as formulas with the engine's numbers as their cached results —
 * one worksheet per sheet and the summary "汇总" first when there are
 * several.  libxlsxwriter writes the workbook in constant-memory mode; its
 * zip compression level is set in src/xlsx_zip_level.c. */
#include "export_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "safefile.h"
#include "textwidth.h"

/* A workbook being written. */
typedef struct {
	lxw_workbook *wb;
	lxw_format *fmt[JX_XS_COUNT][JX_XN_COUNT];
	lxw_worksheet *summary_ws; /* the first worksheet, "汇总", when there are several sheets */
	int saved_stderr;          /* stderr while libxlsxwriter runs (see quiet_stderr) */
} xlsx_ctx;

static const char *num_formats[JX_XN_COUNT] = {
	[JX_XN_TEXT] = NULL,   [JX_XN_MONEY] = "0.00", [JX_XN_SCORE] = "0.00", [JX_XN_POINTS] = "General",
	[JX_XN_RATE] = "0.00%", [JX_XN_INT] = "0",      [JX_XN_VALUE] = "0.00####",
};

/* Each (style, number format) pair is created once, when first used. */
static lxw_format *xfmt(xlsx_ctx *x, int style, int num)
{
	lxw_format *f = x->fmt[style][num];
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
	case JX_XS_TEXT:
	case JX_XS_NOTE:
	default: format_set_align(f, LXW_ALIGN_LEFT); break;
	}
	if (num_formats[num])
		format_set_num_format(f, num_formats[num]);
	x->fmt[style][num] = f;
	return f;
}

static double to_double(jx_dec v)
{
	return (double)v / (double)JX_SCALE;
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

/* Height of a row of one line of 10.5-point text, in points. */
#define ROW_HEIGHT 18.0

/* The form's merged ranges in the order they are declared: by last row
 * (see xlsx_form).  0, or -1 when out of memory (*out NULL when none). */
static int form_merges(const jx_xform *f, merge_span **out, size_t *n_out)
{
	merge_span *merges = NULL;
	size_t n_merges = 0;

	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			if (!cell->covered && (cell->rowspan > 1 || cell->colspan > 1))
				n_merges++;
		}
	*out = NULL;
	*n_out = 0;
	if (n_merges) {
		merges = malloc(n_merges * sizeof *merges);
		if (!merges)
			return -1;
	}
	n_merges = 0;
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			if (!cell->covered && (cell->rowspan > 1 || cell->colspan > 1)) {
				merge_span *m = &merges[n_merges++];
				m->r0 = r;
				m->c0 = c;
				m->r1 = r + cell->rowspan - 1;
				m->c1 = c + cell->colspan - 1;
				if (m->r1 >= f->nrows)
					m->r1 = f->nrows - 1;
				if (m->c1 >= f->ncols)
					m->c1 = f->ncols - 1;
				m->top = cell;
			}
		}
	if (n_merges)
		qsort(merges, n_merges, sizeof *merges, merge_cmp);
	*out = merges;
	*n_out = n_merges;
	return 0;
}

static int xlsx_form(xlsx_ctx *x, lxw_worksheet *ws, const jx_xform *f, jx_err *err)
{
	merge_span *merges;
	size_t n_merges, next = 0;
	lxw_error e;
	int rc = -1;

	if (form_merges(f, &merges, &n_merges) != 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}

	for (int c = 0; c < f->ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, f->widths[c], NULL);
	worksheet_set_default_row(ws, ROW_HEIGHT, LXW_FALSE);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_center_horizontally(ws);
	if (f->head_rows > 0)
		worksheet_repeat_rows(ws, 0, (lxw_row_t)(f->head_rows - 1));
	for (int r = 0; r < f->nrows; r++) {
		int lines = 1;
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			if (!cell->covered && cell->num == JX_XN_TEXT) {
				int l = cell_lines(f, r, c);
				if (l > lines)
					lines = l;
			}
		}
		if (lines > 40)
			lines = 40;
		/* A row of one line takes the worksheet's default height (set
		 * above) and needs no row record of its own: a smaller file to write
		 * and compress.  But declaring a merge needs the row started (see
		 * below), which worksheet_set_row does. */
		if (jx_xform_cell(f, r, 0)->style == JX_XS_TITLE || lines > 1 ||
		    (next < n_merges && merges[next].r1 == r))
			worksheet_set_row(ws, (lxw_row_t)r,
					  jx_xform_cell(f, r, 0)->style == JX_XS_TITLE ? 28 : 15.0 * lines + 3, NULL);
		/* Merges are declared on their last row, once it is the current
		 * row: in constant-memory mode only the current row can be written
		 * (the declaration's writes to earlier rows are ignored, and its
		 * writes to this row are replaced by the cells written just below). */
		while (next < n_merges && merges[next].r1 == r) {
			const merge_span *m = &merges[next++];
			worksheet_merge_range(ws, (lxw_row_t)m->r0, (lxw_col_t)m->c0, (lxw_row_t)m->r1,
					      (lxw_col_t)m->c1, "", xfmt(x, m->top->style, m->top->num));
		}
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			lxw_format *fmt;
			char *tmp = NULL;
			if (cell->covered) {
				/* Blank with the merge's format (copied by jx_xform_build),
				 * so that its borders are drawn. */
				e = worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, xfmt(x, cell->style, cell->num));
				continue;
			}
			fmt = xfmt(x, cell->style, cell->num);
			if (cell->num == JX_XN_TEXT) {
				if (cell->text && *cell->text)
					e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c,
								   xlsx_text(cell->text, cell->text_len, &tmp), fmt);
				else
					e = worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, fmt);
				free(tmp);
			} else if (!cell->has_value) {
				e = worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, fmt);
			} else if (cell->formula) {
				e = worksheet_write_formula_num(ws, (lxw_row_t)r, (lxw_col_t)c, cell->formula, fmt,
								to_double(cell->value));
			} else {
				e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, to_double(cell->value), fmt);
			}
			if (e != LXW_NO_ERROR) {
				jx_err_set(err, "写入工作表“%s”失败：%s", "cannot write worksheet \"%s\": %s",
					   f->sheet_name, lxw_strerror(e));
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(merges);
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

/* The xlsx writer (libxlsxwriter in constant-memory mode) keeps a 128 KiB
 * array per worksheet, allocated zeroed, until the workbook is closed; it
 * touches only the few entries it uses.  Taken as fresh pages from the
 * system (mmap), the rest of each array is never resident.  But glibc raises
 * its mmap threshold each time a large block is freed (as loading sheets
 * one after another does), and then serves those arrays from freed heap
 * memory, which calloc must clear: 128 KiB resident per worksheet, 125 MiB
 * for 1,000 sheets.  A fixed threshold (setting it turns the raising off)
 * keeps a 1,000-sheet workbook at about 40 MiB.  Set for every workbook of
 * several sheets (the workstation exports them too) and by `jixiao export`
 * before it loads anything. */
void jx_export_fixed_mmap_threshold(void)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#endif
}

/* Where libxlsxwriter keeps its temporary files.  In constant-memory mode
 * each worksheet's rows go to a temporary file that stays open until the
 * workbook is closed, and closing writes each worksheet once more to another
 * temporary file: two files and twice the XML per worksheet.  On a disk file
 * system (ext4) creating and deleting thousands of files costs about a
 * second of system time per 1,000 worksheets; on a memory file system almost
 * nothing.  So: $TMPDIR when it is set; else /dev/shm when it is a writable
 * directory with room to spare (2 MiB per worksheet and 64 MiB more, against
 * about 0.15 MiB for a worksheet of 300 indicators; the files are deleted as
 * soon as they are created and vanish with the process); else the system's
 * default (/tmp). */
static char *xlsx_tmpdir(size_t n)
{
	static char shm[] = "/dev/shm";
	const char *env = getenv("TMPDIR");
	struct statvfs vs;
	struct stat st;
	if (env && *env && stat(env, &st) == 0 && S_ISDIR(st.st_mode))
		return (char *)env;
	if (stat(shm, &st) == 0 && S_ISDIR(st.st_mode) && access(shm, W_OK | X_OK) == 0 && statvfs(shm, &vs) == 0 &&
	    (double)vs.f_bavail * (double)vs.f_frsize >= ((double)n * 2 + 64) * 1024 * 1024)
		return shm;
	return NULL;
}

/* ------------------------------------------------------------------------
 * The writer's operations
 */

static int xlsx_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = xlsx_tmpdir(run->n), .use_zip64 = LXW_TRUE};
	struct rlimit rl;
	xlsx_ctx *x;

	jx_xlsx_zip_level_linked();
	/* In constant-memory mode every worksheet keeps a temporary file open
	 * until the workbook is closed: allow as many open files as the system
	 * lets this process have. */
	if (run->n > 200 && getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max &&
	    rl.rlim_cur < (rlim_t)run->n + 64) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (run->n > 1)
		jx_export_fixed_mmap_threshold();
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
		if (!x->summary_ws) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
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
	return xlsx_form(x, ws, form, err);
}

static int xlsx_summary(jx_export_run *run, const jx_xform *form, jx_err *err)
{
	xlsx_ctx *x = run->w;
	if (xlsx_form(x, x->summary_ws, form, err) != 0)
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
		errno = 0;
		e = workbook_close(x->wb);
		if (rc == 0 && e != LXW_NO_ERROR) {
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
	free(x);
	run->w = NULL;
	return rc;
}

const jx_export_ops jx_export_xlsx_ops = {
	.fmt = JX_EXPORT_XLSX, .name = "xlsx", .ext = ".xlsx", .forms = 1, .refs = 1,
	.begin = xlsx_begin, .sheet = xlsx_sheet, .summary = xlsx_summary, .end = xlsx_end,
};
