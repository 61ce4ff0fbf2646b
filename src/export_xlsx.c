/* Export: the dispatcher, the form of each template kind (the table people
 * submit, shared by the xlsx, CSV and HTML writers) and the xlsx writer. */
#include "export.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
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

/* ------------------------------------------------------------------------
 * Formats and names
 */

static const struct {
	const char *name;
	jx_export_format fmt;
} format_names[] = {
	{"xlsx", JX_EXPORT_XLSX},	 {"csv", JX_EXPORT_CSV},		{"html", JX_EXPORT_HTML},
	{"md", JX_EXPORT_REPORT_MD},	 {"report-md", JX_EXPORT_REPORT_MD}, {"report", JX_EXPORT_REPORT_MD},
	{"report-html", JX_EXPORT_REPORT_HTML},
};

int jx_export_format_parse(const char *name, jx_export_format *out, jx_err *err)
{
	for (size_t i = 0; name && i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(name, format_names[i].name) == 0) {
			*out = format_names[i].fmt;
			return 0;
		}
	jx_err_set(err, "未知的导出格式：%s（可用：xlsx、csv、html、md、report-html）",
		   "unknown export format: %s (use xlsx, csv, html, md, report-html)", name ? name : "");
	return -1;
}

const char *jx_export_format_name(jx_export_format fmt)
{
	switch (fmt) {
	case JX_EXPORT_XLSX: return "xlsx";
	case JX_EXPORT_CSV: return "csv";
	case JX_EXPORT_HTML: return "html";
	case JX_EXPORT_REPORT_MD: return "md";
	case JX_EXPORT_REPORT_HTML: return "report-html";
	}
	return "";
}

const char *jx_export_extension(jx_export_format fmt)
{
	switch (fmt) {
	case JX_EXPORT_XLSX: return ".xlsx";
	case JX_EXPORT_CSV: return ".csv";
	case JX_EXPORT_HTML: return ".html";
	case JX_EXPORT_REPORT_MD: return ".md";
	case JX_EXPORT_REPORT_HTML: return ".html";
	}
	return "";
}

static const char *kind_word(const jx_template *t, jx_export_format fmt)
{
	if (fmt == JX_EXPORT_REPORT_MD || fmt == JX_EXPORT_REPORT_HTML)
		return "评价报告";
	if (!t)
		return "评价表";
	switch (t->kind) {
	case JX_KIND_PROJECT_SELF: return "自评表";
	case JX_KIND_DEPT_EVAL: return "部门评价表";
	case JX_KIND_DEPT_OVERALL: return "整体自评表";
	case JX_KIND_EXTERNAL: return "评价结果";
	}
	return "评价表";
}

char *jx_export_default_name(const jx_sheet *s, const jx_template *t, jx_export_format fmt, char *buf, size_t len)
{
	char raw[512], safe[256];
	const char *ext = jx_export_extension(fmt);
	size_t room;

	if (!buf || len == 0)
		return buf;
	if (!s) {
		snprintf(buf, len, "jixiao-export%s", ext);
		return buf;
	}
	snprintf(raw, sizeof raw, "%d-%s-%s", s->year, s->info[JX_INFO_NAME] ? s->info[JX_INFO_NAME] : "",
		 kind_word(t, fmt));
	room = len > strlen(ext) + 1 ? len - strlen(ext) : 1;
	if (room > sizeof safe)
		room = sizeof safe;
	jx_safe_filename(raw, safe, room);
	snprintf(buf, len, "%s%s", safe, ext);
	return buf;
}

/* ------------------------------------------------------------------------
 * Scoring
 */

int jx_xsheet_score(jx_xsheet *x, const jx_templates *set, const jx_sheet *s, jx_err *err)
{
	const jx_template *t = NULL;
	/* Sheets of one template come one after another: look it up again only
	 * for another one. */
	if (s && s->template_id) {
		if (x->tpl && x->set == set && x->tpl->id && strcmp(x->tpl->id, s->template_id) == 0)
			t = x->tpl;
		else
			t = jx_templates_find(set, s->template_id);
	}
	if (!s) {
		jx_err_set(err, "没有评价表", "no sheet");
		return -1;
	}
	if (!t) {
		jx_err_set(err, "评价表“%s”使用的模板不存在：%s", "sheet \"%s\" uses an unknown template: %s",
			   s->info[JX_INFO_NAME] ? s->info[JX_INFO_NAME] : "", s->template_id ? s->template_id : "");
		return -1;
	}
	x->sheet = s;
	x->tpl = t;
	x->set = set;
	jx_score(t, s, &x->ss);
	jx_findings_clear(&x->findings);
	jx_check(t, s, &x->ss, NULL, &x->findings);
	return 0;
}

void jx_xsheet_free(jx_xsheet *x)
{
	jx_scoresheet_free(&x->ss);
	jx_findings_free(&x->findings);
	memset(x, 0, sizeof *x);
}

/* ------------------------------------------------------------------------
 * Forms
 */

/* Grow-as-you-go string. */
typedef struct {
	char *s;
	size_t len, cap;
	int oom;
} sbuf;

typedef struct {
	jx_xform *f;
	int oom;
	/* Cells holding formula inputs ("funds.spent", "measure.结转结余"). */
	struct {
		char name[96];
		int row, col;
	} inputs[64];
	int n_inputs;
	sbuf scratch; /* for texts put together from pieces */
} builder;

static void cref(char *buf, int r, int c)
{
	/* Forms are at most 26 columns wide. */
	sprintf(buf, "%c%d", 'A' + c, r + 1);
}

/* ---- strings of a form: chunks reused from one sheet to the next ---- */

struct jx_xchunk {
	jx_xchunk *next;
	size_t used, cap;
	char data[];
};

enum { CHUNK_MIN = 64 * 1024 };

static char *arena_alloc(builder *b, size_t n)
{
	jx_xform *f = b->f;
	jx_xchunk *c = f->chunks;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
		jx_xchunk *nc = malloc(sizeof *nc + cap);
		if (!nc) {
			b->oom = 1;
			return NULL;
		}
		nc->next = c;
		nc->used = 0;
		nc->cap = cap;
		f->chunks = c = nc;
	}
	c->used += n;
	return c->data + c->used - n;
}

/* Empty the chunks for the next sheet: one chunk as large as all of them,
 * so that a sheet like the last one needs no allocation. */
static void arena_reset(jx_xform *f)
{
	jx_xchunk *c = f->chunks, *next;
	size_t total = 0;
	if (c && !c->next) {
		c->used = 0;
		return;
	}
	for (; c; c = next) {
		next = c->next;
		total += c->cap;
		free(c);
	}
	f->chunks = NULL;
	if (total) {
		f->chunks = malloc(sizeof *f->chunks + total);
		if (f->chunks) {
			f->chunks->next = NULL;
			f->chunks->used = 0;
			f->chunks->cap = total;
		}
	}
}

static void arena_free(jx_xform *f)
{
	jx_xchunk *c = f->chunks, *next;
	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	f->chunks = NULL;
}

static char *arena_strn(builder *b, const char *s, size_t n)
{
	char *d = arena_alloc(b, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

/* Read a text once: 1 when jx_text_clean would return it unchanged (valid
 * UTF-8, no control characters but line feeds), with the display columns
 * of its longest line as jx_text_width_n counts them (*cols) and whether it
 * has a line break (*multi).  On 0, *cols and *multi are not set. */
static int scan_text(const char *s, size_t len, int *cols_out, int *multi)
{
	const unsigned char *u = (const unsigned char *)s;
	int cols = 0, best = 0, nl = 0;
	size_t i = 0, adv;
	while (i < len) {
		unsigned char ch = u[i];
		if (ch < 0x80) {
			if (ch >= 0x20 && ch != 0x7F) {
				cols++;
			} else if (ch == '\n') {
				if (cols > best)
					best = cols;
				cols = 0;
				nl = 1;
			} else {
				return 0;
			}
			i++;
		} else if (((ch >= 0xE1 && ch <= 0xEC) || ch >= 0xEE) && ch <= 0xEF && len - i >= 3 &&
			   (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			/* a 3-byte character that can be neither overlong (E0) nor a
			 * surrogate (ED) */
			uint32_t cp = ((uint32_t)(ch & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) |
				      (u[i + 2] & 0x3F);
			/* CJK unified ideographs are all wide */
			cols += cp >= 0x4E00 && cp <= 0x9FFF ? 2 : jx_char_width(cp);
			i += 3;
		} else {
			int32_t cp = jx_utf8_decode(s + i, len - i, &adv);
			if (cp < 0xA0)
				return 0; /* invalid, or a C1 control */
			cols += jx_char_width((uint32_t)cp);
			i += adv;
		}
	}
	*cols_out = cols > best ? cols : best;
	*multi = nl;
	return 1;
}

/* Set a cell's text: a clean copy in the form's chunks, with its length and
 * display width. */
static void cell_set_text(builder *b, jx_xcell *cell, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	char *t = NULL;
	int multi = 0, cols = 0;
	if (len == 0) {
		t = arena_strn(b, "", 0);
	} else if (scan_text(s, len, &cols, &multi)) {
		t = arena_strn(b, s, len);
	} else {
		char *c = jx_text_clean(s, len, 1);
		if (!c) {
			b->oom = 1;
		} else {
			len = strlen(c);
			if (!scan_text(c, len, &cols, &multi))
				cols = jx_text_width_n(c, len); /* not reached: the text is clean */
			t = arena_strn(b, c, len);
			free(c);
		}
	}
	cell->text = t;
	cell->text_len = t ? (unsigned)len : 0;
	cell->text_cols = t ? cols : 0;
	cell->multiline = (unsigned char)multi;
}

static int fx_row(builder *b)
{
	jx_xform *f = b->f;
	if ((size_t)(f->nrows + 1) * (size_t)f->ncols > f->cells_cap) {
		size_t ncap = f->cells_cap ? f->cells_cap * 2 : (size_t)64 * (size_t)f->ncols;
		jx_xcell *nc;
		while (ncap < (size_t)(f->nrows + 1) * (size_t)f->ncols)
			ncap *= 2;
		nc = realloc(f->cells, ncap * sizeof *nc);
		if (!nc) {
			b->oom = 1;
			return -1;
		}
		f->cells = nc;
		f->cells_cap = ncap;
	}
	f->cap = (int)(f->cells_cap / (size_t)f->ncols);
	for (int c = 0; c < f->ncols; c++) {
		jx_xcell *cell = jx_xform_cell(f, f->nrows, c);
		memset(cell, 0, sizeof *cell);
		cell->rowspan = cell->colspan = 1;
		cell->style = JX_XS_TEXT;
	}
	return f->nrows++;
}

static jx_xcell *fx_cell(builder *b, int r, int c)
{
	if (r < 0 || c < 0 || c >= b->f->ncols || r >= b->f->nrows)
		return NULL;
	return jx_xform_cell(b->f, r, c);
}

static void row_style(builder *b, int r, int style)
{
	for (int c = 0; r >= 0 && c < b->f->ncols; c++)
		jx_xform_cell(b->f, r, c)->style = (unsigned char)style;
}

static jx_xcell *fx_text(builder *b, int r, int c, const char *s, int style)
{
	jx_xcell *cell = fx_cell(b, r, c);
	if (!cell)
		return NULL;
	cell_set_text(b, cell, s);
	cell->num = JX_XN_TEXT;
	cell->style = (unsigned char)style;
	return cell;
}

static jx_xcell *fx_num(builder *b, int r, int c, jx_dec v, int num, int style)
{
	jx_xcell *cell = fx_cell(b, r, c);
	if (!cell)
		return NULL;
	cell->num = (unsigned char)num;
	cell->style = (unsigned char)style;
	cell->value = v;
	cell->has_value = v != JX_NONE;
	return cell;
}

static void fx_formula(builder *b, jx_xcell *cell, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	if (!cell || !cell->has_value)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cell->formula = arena_strn(b, buf, strlen(buf));
}

static void fx_merge(builder *b, int r, int c, int rows, int cols)
{
	jx_xcell *top = fx_cell(b, r, c);
	if (!top || rows < 1 || cols < 1 || (rows == 1 && cols == 1))
		return;
	top->rowspan = rows;
	top->colspan = cols;
	for (int i = r; i < r + rows && i < b->f->nrows; i++)
		for (int j = c; j < c + cols && j < b->f->ncols; j++)
			if (i != r || j != c)
				jx_xform_cell(b->f, i, j)->covered = 1;
}

/* Text over columns c..c+cols-1 of row r. */
static jx_xcell *fx_span(builder *b, int r, int c, int cols, const char *s, int style)
{
	jx_xcell *cell = fx_text(b, r, c, s, style);
	fx_merge(b, r, c, 1, cols);
	for (int j = c + 1; j < c + cols; j++)
		if (fx_cell(b, r, j))
			jx_xform_cell(b->f, r, j)->style = (unsigned char)style;
	return cell;
}

static void add_input(builder *b, const char *name, int r, int c)
{
	if (b->n_inputs < (int)(sizeof b->inputs / sizeof b->inputs[0])) {
		size_t len = strlen(name);
		if (len >= sizeof b->inputs[0].name)
			return; /* such a long input name is never looked up */
		memcpy(b->inputs[b->n_inputs].name, name, len + 1);
		b->inputs[b->n_inputs].row = r;
		b->inputs[b->n_inputs].col = c;
		b->n_inputs++;
	}
}

static int find_input(const builder *b, const char *name, char *ref)
{
	for (int i = 0; name && i < b->n_inputs; i++)
		if (strcmp(b->inputs[i].name, name) == 0) {
			const jx_xcell *cell = jx_xform_cell(b->f, b->inputs[i].row, b->inputs[i].col);
			if (!cell->has_value)
				return 0;
			cref(ref, b->inputs[i].row, b->inputs[i].col);
			return 1;
		}
	return 0;
}

/* The rate of a formula node as a formula over the cells showing its inputs
 * (when both are on the form); the cached value is the engine's rate. */
static void rate_formula(builder *b, jx_xcell *cell, const jx_node *n)
{
	char ra[16], rb[16];
	if (!cell || !cell->has_value || !n || n->kind != JX_NODE_FORMULA)
		return;
	if (!find_input(b, n->input_a, ra) || !find_input(b, n->input_b, rb))
		return;
	switch (n->formula) {
	case JX_F_RATIO: fx_formula(b, cell, "=%s/%s", ra, rb); break;
	case JX_F_GROWTH: fx_formula(b, cell, "=%s/%s-1", ra, rb); break;
	case JX_F_SAVING: fx_formula(b, cell, "=(%s-%s)/%s", rb, ra, rb); break;
	}
}

/* A SUM formula over the given cells, used only when the engine's value is
 * exactly the sum of the values shown there (so that the spreadsheet's
 * recalculation gives the engine's number); otherwise the engine's number
 * stays a plain value. */
typedef struct {
	int row[1024];
	int col[1024];
	int n;
	int overflow;
} cellset;

static void set_add(cellset *s, int r, int c)
{
	if (s->n < (int)(sizeof s->row / sizeof s->row[0])) {
		s->row[s->n] = r;
		s->col[s->n] = c;
		s->n++;
	} else {
		s->overflow = 1;
	}
}

static void sum_formula(builder *b, jx_xcell *cell, const cellset *s, const char *wrap_min)
{
	char *buf;
	size_t cap, len = 0;
	jx_dec sum = 0;
	int any = 0;

	if (!cell || !cell->has_value || s->n == 0 || s->overflow)
		return;
	for (int i = 0; i < s->n; i++) {
		const jx_xcell *c = jx_xform_cell(b->f, s->row[i], s->col[i]);
		if (c->has_value) {
			sum = jx_add(sum, c->value);
			any = 1;
		}
	}
	if (!any)
		return;
	if (!wrap_min && sum != cell->value)
		return;
	cap = (size_t)s->n * 12 + 64;
	buf = arena_alloc(b, cap);
	if (!buf)
		return;
	len += (size_t)snprintf(buf + len, cap - len, wrap_min ? "=MIN(SUM(" : "=SUM(");
	/* Consecutive cells in one column become a range. */
	for (int i = 0; i < s->n;) {
		int j = i;
		char r1[16], r2[16];
		while (j + 1 < s->n && s->col[j + 1] == s->col[i] && s->row[j + 1] == s->row[j] + 1)
			j++;
		cref(r1, s->row[i], s->col[i]);
		if (j > i) {
			cref(r2, s->row[j], s->col[j]);
			len += (size_t)snprintf(buf + len, cap - len, "%s%s:%s", i ? "," : "", r1, r2);
		} else {
			len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? "," : "", r1);
		}
		i = j + 1;
	}
	if (wrap_min)
		snprintf(buf + len, cap - len, "),%s)", wrap_min);
	else
		snprintf(buf + len, cap - len, ")");
	cell->formula = buf;
}

/* ---- text pieces ---- */

static const char *info(const jx_sheet *s, int k)
{
	return s->info[k] ? s->info[k] : "";
}

static const char *cmp_symbol(jx_cmp c)
{
	switch (c) {
	case JX_CMP_GE: return "≥";
	case JX_CMP_GT: return ">";
	case JX_CMP_EQ: return "=";
	case JX_CMP_LE: return "≤";
	case JX_CMP_LT: return "<";
	default: return "";
	}
}

/* Circled numbers ① … ⑳ for 评价要点, "(21)" beyond. */
static void item_mark(int i, char *buf, size_t len)
{
	char u[5] = {0};
	if (i < 20) {
		jx_utf8_encode(0x2460u + (uint32_t)i, u);
		snprintf(buf, len, "%s", u);
	} else {
		snprintf(buf, len, "(%d)", i + 1);
	}
}

static void sb_putn(sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->cap - b->len <= n) {
		size_t ncap = (b->cap ? b->cap * 2 : 256) + n + 1;
		char *ns = realloc(b->s, ncap);
		if (!ns) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = ncap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void sb_put(sbuf *b, const char *s)
{
	if (s)
		sb_putn(b, s, strlen(s));
}

static void sb_add(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (b->oom)
		return;
	for (;;) {
		size_t room = b->cap - b->len;
		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = 1;
			return;
		}
		if (b->s && (size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t ncap = (b->cap ? b->cap * 2 : 256) + (size_t)n + 1;
			char *ns = realloc(b->s, ncap);
			if (!ns) {
				b->oom = 1;
				return;
			}
			b->s = ns;
			b->cap = ncap;
		}
	}
}

/* 年度指标值 as printed: the text target, else comparator + number + unit. */
static void target_display(const jx_indicator *ind, sbuf *sb)
{
	char num[32];
	if (ind->target_text && *ind->target_text) {
		sb_put(sb, ind->target_text);
	} else if (ind->target != JX_NONE) {
		sb_put(sb, cmp_symbol(ind->cmp));
		sb_putn(sb, num, jx_xfmt(num, ind->target, 6, 1));
		sb_put(sb, ind->unit);
	}
}

static void actual_display(const jx_template *t, const jx_indicator *ind, sbuf *sb)
{
	char num[32];
	if (ind->actual_text && *ind->actual_text) {
		sb_put(sb, ind->actual_text);
	} else if (ind->actual != JX_NONE) {
		sb_putn(sb, num, jx_xfmt(num, ind->actual, 6, 1));
		sb_put(sb, ind->unit);
	} else if (ind->cmp == JX_CMP_QUAL && ind->band >= 0 && t && (size_t)ind->band < t->rules.n_bands) {
		sb_put(sb, t->rules.bands[ind->band].name);
	}
}

/* 1 when the label starts with a circled number (① … ⑳). */
static int starts_with_mark(const char *label)
{
	size_t adv;
	int32_t cp = label ? jx_utf8_decode(label, strlen(label), &adv) : -1;
	return cp >= 0x2460 && cp <= 0x2473;
}

/* 评分标准 of a node: its criteria text, and each 评价要点 with its points
 * unless the criteria text already lists it. */
static void node_criteria(const jx_node *n, sbuf *sb)
{
	char mark[16], pts[32];
	const char *crit = n->criteria;
	if (crit && *crit) {
		size_t len = strlen(crit);
		while (len > 0 && (crit[len - 1] == '\n' || crit[len - 1] == ' '))
			len--;
		sb_add(sb, "%.*s", (int)len, crit);
	}
	for (size_t i = 0; i < n->n_items; i++) {
		const char *label = n->items[i].label ? n->items[i].label : "";
		if (crit && *label && strstr(crit, label))
			continue;
		if (starts_with_mark(label))
			mark[0] = '\0';
		else
			item_mark((int)i, mark, sizeof mark);
		sb_add(sb, "%s%s%s（%s分）", sb->len ? "\n" : "", mark, label, jx_fmt_trim(pts, n->items[i].points));
	}
}

/* 完成情况 of a checklist: "全部符合", or each 评价要点's mark. */
static void checklist_status(const jx_sheet *s, const jx_node *n, sbuf *sb)
{
	char mark[16], got[32], pts[32];
	size_t marked = 0, full = 0;
	for (size_t i = 0; i < n->n_items; i++) {
		const jx_mark *m = jx_sheet_mark(s, n->key, (int)i);
		if (m && m->awarded != JX_NONE) {
			marked++;
			if (m->awarded >= n->items[i].points)
				full++;
		}
	}
	if (n->n_items == 0)
		return;
	if (marked == 0) {
		sb_add(sb, "未评价");
		return;
	}
	if (full == n->n_items) {
		sb_add(sb, "全部符合");
		return;
	}
	for (size_t i = 0; i < n->n_items; i++) {
		const jx_mark *m = jx_sheet_mark(s, n->key, (int)i);
		item_mark((int)i, mark, sizeof mark);
		if (!m || m->awarded == JX_NONE)
			sb_add(sb, "%s%s未评价", i ? "；" : "", mark);
		else if (m->awarded >= n->items[i].points)
			sb_add(sb, "%s%s符合", i ? "；" : "", mark);
		else if (m->awarded <= 0)
			sb_add(sb, "%s%s不符合", i ? "；" : "", mark);
		else
			sb_add(sb, "%s%s部分符合（%s/%s分）", i ? "；" : "", mark, jx_fmt_trim(got, m->awarded),
			       jx_fmt_trim(pts, n->items[i].points));
	}
}

/* ---- the tree of score items ---- */

typedef struct {
	int root, l2, leaf; /* item indexes; l2 -1 when the leaf is a root */
} tree_row;

static int has_children(const jx_scoresheet *ss, size_t i)
{
	return i + 1 < ss->n && ss->items[i + 1].parent == (int)i;
}

/* Leaves in pre-order, with their 一级 and 二级 ancestors.  Slots with no
 * indicators produce no row.  Items for which skip() is true are left out. */
static tree_row *tree_rows(const jx_scoresheet *ss, int skip_root, size_t *n_out)
{
	tree_row *v = malloc((ss->n + 1) * sizeof *v);
	size_t n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		int root = (int)i, l2 = -1;
		if (it->kind == JX_ITEM_TOTAL || has_children(ss, i))
			continue;
		if (it->kind == JX_ITEM_NODE && it->node && it->node->kind == JX_NODE_SLOT)
			continue; /* an empty slot */
		while (root >= 0 && ss->items[root].parent >= 0) {
			if (ss->items[root].depth == 1)
				l2 = root;
			root = ss->items[root].parent;
		}
		if (root < 0 || root == skip_root)
			continue;
		v[n].root = root;
		v[n].l2 = l2;
		v[n].leaf = (int)i;
		n++;
	}
	*n_out = n;
	return v;
}

static const char *item_name(const jx_score_item *it)
{
	if (it->kind == JX_ITEM_IND)
		return it->ind && it->ind->name ? it->ind->name : "";
	return it->node && it->node->name ? it->node->name : "";
}

/* The root item of the budget-execution node, -1 if none. */
static int exec_root(const jx_scoresheet *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		if (it->kind == JX_ITEM_NODE && it->depth == 0 && it->node && it->node->execution &&
		    !has_children(ss, i))
			return (int)i;
	}
	return -1;
}

/* Leaf cells: what the 评分标准/指标值 and 完成情况 columns show. */
static void leaf_cells(builder *b, const jx_xsheet *x, const jx_score_item *it, int r, int c_target, int c_actual)
{
	if (it->kind == JX_ITEM_IND && it->ind) {
		sbuf *sb = &b->scratch;
		sb->len = 0;
		target_display(it->ind, sb);
		fx_text(b, r, c_target, sb->len ? sb->s : "", JX_XS_CENTER);
		sb->len = 0;
		actual_display(x->tpl, it->ind, sb);
		fx_text(b, r, c_actual, sb->len ? sb->s : "", JX_XS_CENTER);
		if (sb->oom)
			b->oom = 1;
		return;
	}
	if (!it->node)
		return;
	{
		sbuf sb = {0};
		node_criteria(it->node, &sb);
		if (sb.oom)
			b->oom = 1;
		fx_text(b, r, c_target, sb.s ? sb.s : "", JX_XS_TEXT);
		free(sb.s);
	}
	switch (it->node->kind) {
	case JX_NODE_CHECKLIST: {
		sbuf sb = {0};
		checklist_status(x->sheet, it->node, &sb);
		if (sb.oom)
			b->oom = 1;
		fx_text(b, r, c_actual, sb.s ? sb.s : "", JX_XS_CENTER);
		free(sb.s);
		break;
	}
	case JX_NODE_FORMULA:
		if (it->rate != JX_NONE) {
			jx_xcell *cell = fx_num(b, r, c_actual, it->rate, JX_XN_RATE, JX_XS_CENTER);
			rate_formula(b, cell, it->node);
		} else {
			fx_text(b, r, c_actual, (it->flags & JX_SF_NA) ? "不适用" : "", JX_XS_CENTER);
		}
		break;
	case JX_NODE_MANUAL: {
		const jx_entry *e = jx_sheet_entry(x->sheet, it->node->key);
		fx_text(b, r, c_actual, e && e->note ? e->note : "", JX_XS_TEXT);
		break;
	}
	default:
		break;
	}
}

/* ---- common blocks ---- */

static jx_xform *form_new(int ncols)
{
	jx_xform *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->ncols = ncols;
	f->widths = calloc((size_t)ncols, sizeof *f->widths);
	f->total_row = f->total_col = f->rate_row = f->rate_col = -1;
	for (int c = 0; c < ncols && c < 16; c++) {
		f->min_width[c] = 8;
		f->max_width[c] = 30;
	}
	if (!f->widths) {
		free(f);
		return NULL;
	}
	return f;
}

static void set_widths(jx_xform *f, const int *mins, const int *maxs)
{
	for (int c = 0; c < f->ncols && c < 16; c++) {
		f->min_width[c] = mins[c];
		f->max_width[c] = maxs[c];
	}
}

static void title_rows(builder *b, const jx_xsheet *x)
{
	char sub[64];
	int r = fx_row(b);
	if (r < 0)
		return;
	row_style(b, r, JX_XS_TITLE);
	fx_span(b, r, 0, b->f->ncols, x->tpl->name ? x->tpl->name : "", JX_XS_TITLE);
	r = fx_row(b);
	if (r < 0)
		return;
	snprintf(sub, sizeof sub, "（%d年度）", x->sheet->year);
	row_style(b, r, JX_XS_SUBTITLE);
	fx_span(b, r, 0, b->f->ncols, sub, JX_XS_SUBTITLE);
}

static void note_row(builder *b, const char *text)
{
	int r;
	if (!text || !*text)
		return;
	r = fx_row(b);
	if (r < 0)
		return;
	row_style(b, r, JX_XS_NOTE);
	fx_span(b, r, 0, b->f->ncols, text, JX_XS_NOTE);
}

static void filler_note(builder *b, const jx_sheet *s)
{
	static const struct {
		int field;
		const char *label;
	} parts[] = {{JX_INFO_FILLER, "填报人："}, {JX_INFO_PHONE, "联系电话："}, {JX_INFO_FILL_DATE, "填报日期："}};
	sbuf sb = {0};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (s->info[parts[i].field] && *s->info[parts[i].field])
			sb_add(&sb, "%s%s%s", sb.len ? "　　" : "", parts[i].label, s->info[parts[i].field]);
	if (sb.oom)
		b->oom = 1;
	note_row(b, sb.len ? sb.s : "");
	free(sb.s);
}

static void grade_text(const jx_xsheet *x, char *buf, size_t len)
{
	snprintf(buf, len, "%s", x->ss.grade && x->ss.grade->grade ? x->ss.grade->grade : "");
}

static void grade_legend(const jx_template *t, char *buf, size_t len)
{
	char num[32];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < t->rules.n_grades && n + 1 < len; i++) {
		const jx_grade_band *g = &t->rules.grades[i];
		if (g->min > 0)
			n += (size_t)snprintf(buf + n, len - n, "%s%s ≥ %s", i ? "；" : "", g->grade ? g->grade : "",
					      jx_fmt_trim(num, g->min));
		else if (i > 0)
			n += (size_t)snprintf(buf + n, len - n, "；%s < %s", g->grade ? g->grade : "",
					      jx_fmt_trim(num, t->rules.grades[i - 1].min));
		else
			n += (size_t)snprintf(buf + n, len - n, "%s", g->grade ? g->grade : "");
	}
}

/* The cap on the total from the execution rate, as the template states it,
 * when the engine applied one; else NULL. */
static int cap_value(const jx_xsheet *x, jx_dec *cap)
{
	const jx_rules *r = &x->tpl->rules;
	jx_dec best = JX_NONE;
	if (x->ss.total == x->ss.total_raw || x->ss.exec_rate == JX_NONE)
		return 0;
	for (size_t i = 0; i < r->n_caps; i++)
		if (x->ss.exec_rate < r->caps[i].below && (best == JX_NONE || r->caps[i].max_total < best))
			best = r->caps[i].max_total;
	if (best == JX_NONE || best != x->ss.total)
		return 0;
	*cap = best;
	return 1;
}

static void total_formula(builder *b, const jx_xsheet *x, jx_xcell *cell, const cellset *parts)
{
	jx_dec cap;
	char num[48];
	if (cap_value(x, &cap))
		sum_formula(b, cell, parts, jx_fmt_trim(num, cap));
	else
		sum_formula(b, cell, parts, NULL);
}

/* Funds totals as SUM formulas over the source rows. */
static void funds_total(builder *b, int r, int c, int first, int nrows, jx_dec total)
{
	jx_xcell *cell = fx_num(b, r, c, total, JX_XN_MONEY, JX_XS_NUMBER);
	cellset set = {.n = 0};
	for (int i = 0; i < nrows; i++)
		set_add(&set, first + i, c);
	if (nrows > 0)
		sum_formula(b, cell, &set, NULL);
}

static jx_dec row_rate(jx_dec num, jx_dec den)
{
	if (num == JX_NONE || den == JX_NONE || den <= 0)
		return JX_NONE;
	return jx_muldiv(num, JX_SCALE, den, 6);
}

/* Sub-projects (二级项目) with their total. */
static void subprojects_block(builder *b, const jx_sheet *s)
{
	int r, first;
	jx_dec tb = 0, ts = 0;
	int nb = 0, ns = 0;
	const int nc = b->f->ncols;

	if (s->n_subs == 0 || nc < 4)
		return;
	r = fx_row(b);
	row_style(b, r, JX_XS_NOTE);
	r = fx_row(b);
	if (r < 0)
		return;
	fx_span(b, r, 0, nc, "二级项目预算安排及使用情况（万元）", JX_XS_HEAD);
	r = fx_row(b);
	if (r < 0)
		return;
	fx_text(b, r, 0, "序号", JX_XS_HEAD);
	fx_span(b, r, 1, nc - 3, "二级项目", JX_XS_HEAD);
	fx_text(b, r, nc - 2, "预算金额", JX_XS_HEAD);
	fx_text(b, r, nc - 1, "实际支出金额", JX_XS_HEAD);
	first = b->f->nrows;
	for (size_t i = 0; i < s->n_subs; i++) {
		const jx_subproject *sp = &s->subs[i];
		r = fx_row(b);
		if (r < 0)
			return;
		fx_num(b, r, 0, JX_INT((int64_t)i + 1), JX_XN_INT, JX_XS_CENTER);
		fx_span(b, r, 1, nc - 3, sp->name, JX_XS_TEXT);
		fx_num(b, r, nc - 2, sp->budget, JX_XN_MONEY, JX_XS_NUMBER);
		fx_num(b, r, nc - 1, sp->spent, JX_XN_MONEY, JX_XS_NUMBER);
		if (sp->budget != JX_NONE) {
			tb = jx_add(tb, sp->budget);
			nb++;
		}
		if (sp->spent != JX_NONE) {
			ts = jx_add(ts, sp->spent);
			ns++;
		}
	}
	r = fx_row(b);
	if (r < 0)
		return;
	fx_span(b, r, 0, nc - 2, "合计", JX_XS_TOTAL);
	funds_total(b, r, nc - 2, first, (int)s->n_subs, nb ? tb : JX_NONE);
	funds_total(b, r, nc - 1, first, (int)s->n_subs, ns ? ts : JX_NONE);
	jx_xform_cell(b->f, r, nc - 2)->style = JX_XS_TOTAL;
	jx_xform_cell(b->f, r, nc - 1)->style = JX_XS_TOTAL;
}

/* ---- national 项目支出绩效自评表 (and its provincial variants) ---- */

static void build_project_self(builder *b, const jx_xsheet *x)
{
	static const int mins[9] = {8, 8, 10, 16, 12, 12, 6, 8, 16};
	static const int maxs[9] = {10, 12, 16, 36, 24, 24, 8, 10, 40};
	const jx_sheet *s = x->sheet;
	const jx_scoresheet *ss = &x->ss;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	int r, head, first, ex = exec_root(ss);
	int nf = (int)s->n_funds;
	size_t nrows = 0;
	tree_row *rows;
	cellset total_parts = {.n = 0}, points_parts = {.n = 0};
	jx_xcell *cell;
	char buf[256];

	set_widths(b->f, mins, maxs);
	title_rows(b, x);
	r = fx_row(b);
	fx_text(b, r, 0, "项目名称", JX_XS_LABEL);
	fx_span(b, r, 1, 8, info(s, JX_INFO_NAME), JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "主管部门", JX_XS_LABEL);
	fx_span(b, r, 1, 3, info(s, JX_INFO_DEPARTMENT), JX_XS_TEXT);
	fx_text(b, r, 4, "实施单位", JX_XS_LABEL);
	fx_span(b, r, 5, 4, info(s, JX_INFO_UNIT), JX_XS_TEXT);
	if (b->oom)
		return;

	/* Funds: the total row first, then the rows by source. */
	head = fx_row(b);
	fx_text(b, head, 0, "项目资金（万元）", JX_XS_LABEL);
	fx_span(b, head, 1, 2, "", JX_XS_HEAD);
	fx_text(b, head, 3, "年初预算数", JX_XS_HEAD);
	fx_text(b, head, 4, "全年预算数", JX_XS_HEAD);
	fx_text(b, head, 5, "全年执行数", JX_XS_HEAD);
	fx_text(b, head, 6, "分值", JX_XS_HEAD);
	fx_text(b, head, 7, "执行率", JX_XS_HEAD);
	fx_text(b, head, 8, "得分", JX_XS_HEAD);
	r = fx_row(b);
	if (r < 0)
		return;
	for (int i = 0; i < nf; i++)
		fx_row(b);
	if (b->oom)
		return;
	first = r + 1;
	fx_span(b, r, 1, 2, "年度资金总额", JX_XS_LABEL);
	funds_total(b, r, 3, first, nf, ft.planned);
	funds_total(b, r, 4, first, nf, ft.budget);
	funds_total(b, r, 5, first, nf, ft.spent);
	add_input(b, "funds.planned", r, 3);
	add_input(b, "funds.budget", r, 4);
	add_input(b, "funds.spent", r, 5);
	if (ex >= 0) {
		const jx_score_item *it = &ss->items[ex];
		fx_num(b, r, 6, it->points, JX_XN_POINTS, JX_XS_CENTER);
		cell = fx_num(b, r, 7, it->rate, JX_XN_RATE, JX_XS_CENTER);
		rate_formula(b, cell, it->node);
		b->f->rate_row = r;
		b->f->rate_col = 7;
		fx_num(b, r, 8, it->score, JX_XN_SCORE, JX_XS_CENTER);
		set_add(&total_parts, r, 8);
		set_add(&points_parts, r, 6);
	}
	for (int i = 0; i < nf; i++) {
		const jx_fund *fd = &s->funds[i];
		int rr = first + i;
		char label[512];
		snprintf(label, sizeof label, "%s%s", i == 0 ? "其中：" : "", fd->source ? fd->source : "");
		fx_span(b, rr, 1, 2, label, JX_XS_TEXT);
		fx_num(b, rr, 3, fd->planned, JX_XN_MONEY, JX_XS_NUMBER);
		fx_num(b, rr, 4, fd->budget, JX_XN_MONEY, JX_XS_NUMBER);
		fx_num(b, rr, 5, fd->spent, JX_XN_MONEY, JX_XS_NUMBER);
		fx_text(b, rr, 6, "—", JX_XS_CENTER);
		cell = fx_num(b, rr, 7, row_rate(fd->spent, fd->budget), JX_XN_RATE, JX_XS_CENTER);
		if (cell && cell->has_value)
			fx_formula(b, cell, "=F%d/E%d", rr + 1, rr + 1);
		fx_text(b, rr, 8, "—", JX_XS_CENTER);
	}
	fx_merge(b, head, 0, 2 + nf, 1);

	/* 年度总体目标 */
	head = fx_row(b);
	fx_text(b, head, 0, "年度总体目标", JX_XS_LABEL);
	fx_span(b, head, 1, 4, "预期目标", JX_XS_HEAD);
	fx_span(b, head, 5, 4, "实际完成情况", JX_XS_HEAD);
	for (size_t i = 0; i < (s->n_goals ? s->n_goals : 1); i++) {
		r = fx_row(b);
		fx_span(b, r, 1, 4, s->n_goals ? s->goals[i].planned : "", JX_XS_TEXT);
		fx_span(b, r, 5, 4, s->n_goals ? s->goals[i].actual : "", JX_XS_TEXT);
	}
	fx_merge(b, head, 0, b->f->nrows - head, 1);
	if (b->oom)
		return;

	/* 绩效指标 */
	head = fx_row(b);
	b->f->head_rows = 0;
	fx_text(b, head, 0, "绩效指标", JX_XS_LABEL);
	fx_text(b, head, 1, "一级指标", JX_XS_HEAD);
	fx_text(b, head, 2, "二级指标", JX_XS_HEAD);
	fx_text(b, head, 3, "三级指标", JX_XS_HEAD);
	fx_text(b, head, 4, "年度指标值", JX_XS_HEAD);
	fx_text(b, head, 5, "实际完成值", JX_XS_HEAD);
	fx_text(b, head, 6, "分值", JX_XS_HEAD);
	fx_text(b, head, 7, "得分", JX_XS_HEAD);
	fx_text(b, head, 8, "偏差原因分析及改进措施", JX_XS_HEAD);
	rows = tree_rows(ss, ex, &nrows);
	if (!rows) {
		b->oom = 1;
		return;
	}
	for (size_t i = 0; i < nrows;) {
		size_t j = i;
		int root = rows[i].root, root_first = b->f->nrows;
		cellset pts = {.n = 0}, scores = {.n = 0};
		const jx_score_item *rit = &ss->items[root];
		while (j < nrows && rows[j].root == root)
			j++;
		for (size_t k = i; k < j;) {
			size_t m = k;
			int l2_first = b->f->nrows;
			while (m < j && rows[m].l2 == rows[k].l2)
				m++;
			for (size_t q = k; q < m; q++) {
				const jx_score_item *it = &ss->items[rows[q].leaf];
				r = fx_row(b);
				if (r < 0)
					break;
				fx_text(b, r, 1, item_name(rit), JX_XS_CENTER);
				fx_text(b, r, 2, rows[q].l2 >= 0 ? item_name(&ss->items[rows[q].l2]) : "",
					JX_XS_CENTER);
				fx_text(b, r, 3, rows[q].leaf != root && rows[q].leaf != rows[q].l2 ? item_name(it) : "",
					JX_XS_TEXT);
				leaf_cells(b, x, it, r, 4, 5);
				fx_num(b, r, 6, it->points, JX_XN_POINTS, JX_XS_CENTER);
				fx_num(b, r, 7, it->score, JX_XN_SCORE, JX_XS_CENTER);
				fx_text(b, r, 8, it->ind && it->ind->deviation_reason ? it->ind->deviation_reason : "",
					JX_XS_TEXT);
				set_add(&pts, r, 6);
				set_add(&scores, r, 7);
			}
			if (rows[k].l2 >= 0 && m - k > 1)
				fx_merge(b, l2_first, 2, (int)(m - k), 1);
			k = m;
		}
		/* 小计 */
		r = fx_row(b);
		if (r < 0)
			break;
		fx_text(b, r, 1, item_name(rit), JX_XS_CENTER);
		snprintf(buf, sizeof buf, "%s小计", item_name(rit));
		fx_span(b, r, 2, 4, buf, JX_XS_TOTAL);
		cell = fx_num(b, r, 6, rit->points, JX_XN_POINTS, JX_XS_TOTAL);
		sum_formula(b, cell, &pts, NULL);
		cell = fx_num(b, r, 7, rit->score, JX_XN_SCORE, JX_XS_TOTAL);
		sum_formula(b, cell, &scores, NULL);
		fx_text(b, r, 8, "", JX_XS_TOTAL);
		set_add(&points_parts, r, 6);
		set_add(&total_parts, r, 7);
		fx_merge(b, root_first, 1, b->f->nrows - root_first, 1);
		i = j;
	}
	free(rows);
	fx_merge(b, head, 0, b->f->nrows - head, 1);

	/* 总分 and 等级 */
	r = fx_row(b);
	if (r < 0)
		return;
	fx_span(b, r, 0, 6, "总分", JX_XS_TOTAL);
	cell = fx_num(b, r, 6, ss->points, JX_XN_POINTS, JX_XS_TOTAL);
	sum_formula(b, cell, &points_parts, NULL);
	cell = fx_num(b, r, 7, ss->total, JX_XN_SCORE, JX_XS_TOTAL);
	total_formula(b, x, cell, &total_parts);
	b->f->total_row = r;
	b->f->total_col = 7;
	fx_text(b, r, 8, "", JX_XS_TOTAL);
	r = fx_row(b);
	fx_span(b, r, 0, 6, "评价等级", JX_XS_TOTAL);
	grade_text(x, buf, sizeof buf);
	fx_span(b, r, 6, 3, buf, JX_XS_TOTAL);
	if (ss->total != ss->total_raw && ss->text)
		note_row(b, ss->text + ss->total_expl);
	filler_note(b, s);
	subprojects_block(b, s);
}

/* ---- tree forms: 部门评价表 and 部门整体支出绩效自评表 ---- */

/* 一级 | 分值 | 二级 | 分值 | 三级 | 分值 | 评分标准 | 完成情况 | 得分 */
static void tree_block(builder *b, const jx_xsheet *x, int skip_root)
{
	const jx_scoresheet *ss = &x->ss;
	size_t nrows = 0;
	tree_row *rows;
	cellset total_parts = {.n = 0}, points_parts = {.n = 0};
	jx_xcell *cell;
	char buf[512];
	int r;

	r = fx_row(b);
	fx_span(b, r, 0, 9, "绩效评价指标评分", JX_XS_HEAD);
	r = fx_row(b);
	fx_text(b, r, 0, "一级指标", JX_XS_HEAD);
	fx_text(b, r, 1, "分值", JX_XS_HEAD);
	fx_text(b, r, 2, "二级指标", JX_XS_HEAD);
	fx_text(b, r, 3, "分值", JX_XS_HEAD);
	fx_text(b, r, 4, "三级指标", JX_XS_HEAD);
	fx_text(b, r, 5, "分值", JX_XS_HEAD);
	fx_text(b, r, 6, "评分标准", JX_XS_HEAD);
	fx_text(b, r, 7, "完成情况", JX_XS_HEAD);
	fx_text(b, r, 8, "得分", JX_XS_HEAD);
	rows = tree_rows(ss, skip_root, &nrows);
	if (!rows) {
		b->oom = 1;
		return;
	}
	for (size_t i = 0; i < nrows;) {
		size_t j = i;
		int root = rows[i].root, root_first = b->f->nrows;
		cellset scores = {.n = 0};
		const jx_score_item *rit = &ss->items[root];
		while (j < nrows && rows[j].root == root)
			j++;
		for (size_t k = i; k < j;) {
			size_t m = k;
			int l2_first = b->f->nrows;
			while (m < j && rows[m].l2 == rows[k].l2)
				m++;
			for (size_t q = k; q < m; q++) {
				const jx_score_item *it = &ss->items[rows[q].leaf];
				int leaf_is_l2 = rows[q].l2 == rows[q].leaf;
				r = fx_row(b);
				if (r < 0)
					break;
				fx_text(b, r, 0, item_name(rit), JX_XS_CENTER);
				fx_num(b, r, 1, rit->points, JX_XN_POINTS, JX_XS_CENTER);
				if (rows[q].l2 >= 0) {
					const jx_score_item *l2 = &ss->items[rows[q].l2];
					fx_text(b, r, 2, item_name(l2), JX_XS_CENTER);
					fx_num(b, r, 3, l2->points, JX_XN_POINTS, JX_XS_CENTER);
				}
				if (!leaf_is_l2 && rows[q].leaf != root) {
					fx_text(b, r, 4, item_name(it), JX_XS_TEXT);
					fx_num(b, r, 5, it->points, JX_XN_POINTS, JX_XS_CENTER);
				}
				leaf_cells(b, x, it, r, 6, 7);
				fx_num(b, r, 8, it->score, JX_XN_SCORE, JX_XS_CENTER);
				set_add(&scores, r, 8);
			}
			if (rows[k].l2 >= 0 && m - k > 1) {
				fx_merge(b, l2_first, 2, (int)(m - k), 1);
				fx_merge(b, l2_first, 3, (int)(m - k), 1);
			}
			k = m;
		}
		r = fx_row(b);
		if (r < 0)
			break;
		fx_text(b, r, 0, item_name(rit), JX_XS_CENTER);
		fx_num(b, r, 1, rit->points, JX_XN_POINTS, JX_XS_CENTER);
		snprintf(buf, sizeof buf, "%s小计", item_name(rit));
		fx_span(b, r, 2, 6, buf, JX_XS_TOTAL);
		cell = fx_num(b, r, 8, rit->score, JX_XN_SCORE, JX_XS_TOTAL);
		sum_formula(b, cell, &scores, NULL);
		set_add(&total_parts, r, 8);
		set_add(&points_parts, root_first, 1);
		fx_merge(b, root_first, 0, b->f->nrows - root_first, 1);
		fx_merge(b, root_first, 1, b->f->nrows - root_first, 1);
		i = j;
	}
	free(rows);
	r = fx_row(b);
	if (r < 0)
		return;
	fx_text(b, r, 0, "总分", JX_XS_TOTAL);
	cell = fx_num(b, r, 1, x->ss.points, JX_XN_POINTS, JX_XS_TOTAL);
	sum_formula(b, cell, &points_parts, NULL);
	fx_span(b, r, 2, 6, "", JX_XS_TOTAL);
	cell = fx_num(b, r, 8, x->ss.total, JX_XN_SCORE, JX_XS_TOTAL);
	total_formula(b, x, cell, &total_parts);
	b->f->total_row = r;
	b->f->total_col = 8;
	r = fx_row(b);
	fx_text(b, r, 0, "评价等次", JX_XS_TOTAL);
	{
		char g[64], legend[256], line[400];
		grade_text(x, g, sizeof g);
		grade_legend(x->tpl, legend, sizeof legend);
		snprintf(line, sizeof line, "%s%s%s%s", g, *legend ? "（" : "", legend, *legend ? "）" : "");
		fx_span(b, r, 1, 8, line, JX_XS_TOTAL);
	}
	if (x->ss.total != x->ss.total_raw && x->ss.text)
		note_row(b, x->ss.text + x->ss.total_expl);
}

static int template_uses(const jx_template *t, const char *input)
{
	for (size_t i = 0; i < t->n_all; i++) {
		const jx_node *n = t->all[i];
		if (n->kind == JX_NODE_FORMULA && ((n->input_a && strcmp(n->input_a, input) == 0) ||
						   (n->input_b && strcmp(n->input_b, input) == 0)))
			return 1;
	}
	return 0;
}

static void build_dept_eval(builder *b, const jx_xsheet *x)
{
	static const int mins[9] = {8, 5, 8, 5, 12, 5, 24, 10, 6};
	static const int maxs[9] = {10, 6, 12, 6, 24, 6, 48, 24, 8};
	const jx_sheet *s = x->sheet;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	int r, first, nf = (int)s->n_funds;
	char buf[1024];

	set_widths(b->f, mins, maxs);
	title_rows(b, x);
	r = fx_row(b);
	fx_text(b, r, 0, "项目名称", JX_XS_LABEL);
	fx_span(b, r, 1, 8, info(s, JX_INFO_NAME), JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "主管部门", JX_XS_LABEL);
	fx_span(b, r, 1, 3, info(s, JX_INFO_DEPARTMENT), JX_XS_TEXT);
	fx_span(b, r, 4, 2, "项目实施单位", JX_XS_LABEL);
	fx_span(b, r, 6, 3, info(s, JX_INFO_UNIT), JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "项目负责人", JX_XS_LABEL);
	fx_span(b, r, 1, 3, info(s, JX_INFO_MANAGER), JX_XS_TEXT);
	fx_span(b, r, 4, 2, "联系电话", JX_XS_LABEL);
	fx_span(b, r, 6, 3, info(s, JX_INFO_PHONE), JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "项目类型", JX_XS_LABEL);
	fx_span(b, r, 1, 8, info(s, JX_INFO_PROJECT_TYPE), JX_XS_TEXT);
	if (b->oom)
		return;

	/* 计划投资额 | 实际到位资金 | 实际使用情况, then "其中：" by source. */
	r = fx_row(b);
	if (r < 0)
		return;
	for (int i = 0; i < nf; i++)
		fx_row(b);
	if (b->oom)
		return;
	first = r + 1;
	fx_span(b, r, 0, 2, "计划投资额（万元）", JX_XS_LABEL);
	fx_span(b, r, 3, 2, "实际到位资金（万元）", JX_XS_LABEL);
	fx_span(b, r, 6, 2, "实际使用情况（万元）", JX_XS_LABEL);
	funds_total(b, r, 2, first, nf, ft.planned);
	funds_total(b, r, 5, first, nf, ft.received);
	funds_total(b, r, 8, first, nf, ft.spent);
	add_input(b, "funds.planned", r, 2);
	add_input(b, "funds.received", r, 5);
	add_input(b, "funds.spent", r, 8);
	for (int i = 0; i < nf; i++) {
		const jx_fund *fd = &s->funds[i];
		snprintf(buf, sizeof buf, "其中：%s", fd->source ? fd->source : "");
		fx_span(b, first + i, 0, 2, buf, JX_XS_TEXT);
		fx_num(b, first + i, 2, fd->planned, JX_XN_MONEY, JX_XS_NUMBER);
		fx_span(b, first + i, 3, 2, buf, JX_XS_TEXT);
		fx_num(b, first + i, 5, fd->received, JX_XN_MONEY, JX_XS_NUMBER);
		fx_span(b, first + i, 6, 2, buf, JX_XS_TEXT);
		fx_num(b, first + i, 8, fd->spent, JX_XN_MONEY, JX_XS_NUMBER);
	}
	/* 全年预算数, when a formula of the template uses it. */
	if (ft.budget != JX_NONE && template_uses(x->tpl, "funds.budget")) {
		int rb = fx_row(b);
		fx_span(b, rb, 0, 2, "全年预算数（万元）", JX_XS_LABEL);
		funds_total(b, rb, 2, first, 0, ft.budget);
		fx_span(b, rb, 3, 6, "", JX_XS_TEXT);
		add_input(b, "funds.budget", rb, 2);
	}
	tree_block(b, x, -1);
	if (s->info[JX_INFO_EVALUATOR] || s->info[JX_INFO_EVAL_PERIOD]) {
		sbuf sb = {0};
		sb_add(&sb, "评价机构：%s　　评价时间：%s", info(s, JX_INFO_EVALUATOR), info(s, JX_INFO_EVAL_PERIOD));
		if (sb.oom)
			b->oom = 1;
		note_row(b, sb.len ? sb.s : "");
		free(sb.s);
	}
	filler_note(b, s);
}

static void build_dept_overall(builder *b, const jx_xsheet *x)
{
	static const int mins[9] = {8, 5, 10, 5, 14, 5, 20, 12, 6};
	static const int maxs[9] = {10, 6, 14, 6, 28, 6, 40, 24, 8};
	const jx_sheet *s = x->sheet;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	int r, first, nf = (int)s->n_funds;
	char name[128];

	set_widths(b->f, mins, maxs);
	title_rows(b, x);
	r = fx_row(b);
	fx_text(b, r, 0, "单位名称", JX_XS_LABEL);
	fx_span(b, r, 1, 8, s->info[JX_INFO_UNIT] ? info(s, JX_INFO_UNIT) : info(s, JX_INFO_NAME), JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "主管部门", JX_XS_LABEL);
	fx_span(b, r, 1, 3, info(s, JX_INFO_DEPARTMENT), JX_XS_TEXT);
	fx_span(b, r, 4, 2, "评价年度", JX_XS_LABEL);
	{
		char y[16];
		snprintf(y, sizeof y, "%d", s->year);
		fx_span(b, r, 6, 3, y, JX_XS_TEXT);
	}
	if (nf > 0) {
		r = fx_row(b);
		fx_span(b, r, 0, 3, "资金来源（万元）", JX_XS_HEAD);
		fx_text(b, r, 3, "年初预算数", JX_XS_HEAD);
		fx_text(b, r, 4, "全年预算数", JX_XS_HEAD);
		fx_span(b, r, 5, 2, "实际到位", JX_XS_HEAD);
		fx_text(b, r, 7, "全年执行数", JX_XS_HEAD);
		fx_text(b, r, 8, "执行率", JX_XS_HEAD);
		r = fx_row(b);
		if (r < 0)
			return;
		for (int i = 0; i < nf; i++)
			fx_row(b);
		if (b->oom)
			return;
		first = r + 1;
		fx_span(b, r, 0, 3, "合计", JX_XS_LABEL);
		funds_total(b, r, 3, first, nf, ft.planned);
		funds_total(b, r, 4, first, nf, ft.budget);
		funds_total(b, r, 5, first, nf, ft.received);
		fx_merge(b, r, 5, 1, 2);
		funds_total(b, r, 7, first, nf, ft.spent);
		{
			jx_xcell *cell = fx_num(b, r, 8, row_rate(ft.spent, ft.budget), JX_XN_RATE, JX_XS_CENTER);
			if (cell && cell->has_value)
				fx_formula(b, cell, "=H%d/E%d", r + 1, r + 1);
		}
		add_input(b, "funds.planned", r, 3);
		add_input(b, "funds.budget", r, 4);
		add_input(b, "funds.received", r, 5);
		add_input(b, "funds.spent", r, 7);
		for (int i = 0; i < nf; i++) {
			const jx_fund *fd = &s->funds[i];
			int rr = first + i;
			jx_xcell *cell;
			fx_span(b, rr, 0, 3, fd->source, JX_XS_TEXT);
			fx_num(b, rr, 3, fd->planned, JX_XN_MONEY, JX_XS_NUMBER);
			fx_num(b, rr, 4, fd->budget, JX_XN_MONEY, JX_XS_NUMBER);
			fx_num(b, rr, 5, fd->received, JX_XN_MONEY, JX_XS_NUMBER);
			fx_merge(b, rr, 5, 1, 2);
			fx_num(b, rr, 7, fd->spent, JX_XN_MONEY, JX_XS_NUMBER);
			cell = fx_num(b, rr, 8, row_rate(fd->spent, fd->budget), JX_XN_RATE, JX_XS_CENTER);
			if (cell && cell->has_value)
				fx_formula(b, cell, "=H%d/E%d", rr + 1, rr + 1);
		}
	}
	if (s->n_measures > 0) {
		r = fx_row(b);
		fx_span(b, r, 0, 9, "基础数据", JX_XS_HEAD);
		for (size_t i = 0; i < s->n_measures; i += 3) {
			r = fx_row(b);
			if (r < 0)
				return;
			for (size_t k = 0; k < 3; k++) {
				int c = (int)k * 3;
				if (i + k < s->n_measures) {
					const jx_measure *m = &s->measures[i + k];
					fx_span(b, r, c, 2, m->name, JX_XS_LABEL);
					fx_num(b, r, c + 2, m->value, JX_XN_VALUE, JX_XS_NUMBER);
					snprintf(name, sizeof name, "measure.%s", m->name ? m->name : "");
					add_input(b, name, r, c + 2);
				} else {
					fx_span(b, r, c, 2, "", JX_XS_TEXT);
				}
			}
		}
	}
	tree_block(b, x, -1);
	filler_note(b, s);
}

/* ---- 财政支出绩效评价结果反馈表 ---- */

/* Append text after a line break, with its heading label unless the text
 * already starts with that heading. */
static void join_text(sbuf *sb, const char *label, const char *text)
{
	size_t ll = label ? strcspn(label, "\n") : 0;
	if (!text || !*text)
		return;
	if (label && ll && strncmp(text, label, ll) == 0)
		label = NULL;
	sb_add(sb, "%s%s%s", sb->len ? "\n" : "", label ? label : "", text);
}

static void build_external(builder *b, const jx_xsheet *x)
{
	static const int mins[4] = {12, 24, 12, 24};
	static const int maxs[4] = {14, 40, 14, 40};
	const jx_sheet *s = x->sheet;
	const jx_scoresheet *ss = &x->ss;
	jx_fund_totals ft = jx_sheet_fund_totals(s);
	int r, ex = exec_root(ss);
	char buf[256];
	jx_xcell *cell;
	sbuf sb = {0};

	set_widths(b->f, mins, maxs);
	title_rows(b, x);
	r = fx_row(b);
	fx_text(b, r, 0, "项目名称", JX_XS_LABEL);
	fx_span(b, r, 1, 3, info(s, JX_INFO_NAME), JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "评价组织机构", JX_XS_LABEL);
	fx_text(b, r, 1, info(s, JX_INFO_ORG_MODE), JX_XS_TEXT);
	fx_text(b, r, 2, "项目主管部门", JX_XS_LABEL);
	fx_text(b, r, 3, info(s, JX_INFO_DEPARTMENT), JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "项目单位名称", JX_XS_LABEL);
	fx_text(b, r, 1, info(s, JX_INFO_UNIT), JX_XS_TEXT);
	fx_text(b, r, 2, "评价年度", JX_XS_LABEL);
	snprintf(buf, sizeof buf, "%d", s->year);
	fx_text(b, r, 3, buf, JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "评价机构", JX_XS_LABEL);
	fx_text(b, r, 1, info(s, JX_INFO_EVALUATOR), JX_XS_TEXT);
	fx_text(b, r, 2, "评价时间", JX_XS_LABEL);
	fx_text(b, r, 3, info(s, JX_INFO_EVAL_PERIOD), JX_XS_TEXT);
	r = fx_row(b);
	fx_text(b, r, 0, "预算数（万元）", JX_XS_LABEL);
	fx_num(b, r, 1, ft.budget, JX_XN_MONEY, JX_XS_NUMBER);
	add_input(b, "funds.budget", r, 1);
	fx_text(b, r, 2, "实际到位（万元）", JX_XS_LABEL);
	fx_num(b, r, 3, ft.received, JX_XN_MONEY, JX_XS_NUMBER);
	add_input(b, "funds.received", r, 3);
	r = fx_row(b);
	fx_text(b, r, 0, "实际支出（万元）", JX_XS_LABEL);
	fx_num(b, r, 1, ft.spent, JX_XN_MONEY, JX_XS_NUMBER);
	add_input(b, "funds.spent", r, 1);
	fx_text(b, r, 2, "预算执行率", JX_XS_LABEL);
	if (ex >= 0) {
		cell = fx_num(b, r, 3, ss->items[ex].rate, JX_XN_RATE, JX_XS_NUMBER);
		rate_formula(b, cell, ss->items[ex].node);
		b->f->rate_row = r;
		b->f->rate_col = 3;
	}
	r = fx_row(b);
	fx_text(b, r, 0, "评价分值", JX_XS_LABEL);
	/* One scored item: the total is the engine's value itself. */
	fx_num(b, r, 1, ss->total, JX_XN_SCORE, JX_XS_NUMBER);
	b->f->total_row = r;
	b->f->total_col = 1;
	fx_text(b, r, 2, "评价结论", JX_XS_LABEL);
	grade_text(x, buf, sizeof buf);
	fx_text(b, r, 3, buf, JX_XS_TEXT);

	join_text(&sb, NULL, s->info[JX_INFO_BACKGROUND]);
	join_text(&sb, NULL, s->info[JX_INFO_CONTENT]);
	r = fx_row(b);
	fx_text(b, r, 0, "基本情况", JX_XS_LABEL);
	fx_span(b, r, 1, 3, sb.len ? sb.s : "", JX_XS_TEXT);
	sb.len = 0;
	join_text(&sb, NULL, s->info[JX_INFO_IMPLEMENTATION]);
	for (size_t i = 0; i < s->n_goals; i++)
		join_text(&sb, NULL, s->goals[i].actual);
	join_text(&sb, NULL, s->narr[JX_NARR_EXPERIENCE]);
	r = fx_row(b);
	fx_text(b, r, 0, "主要绩效情况", JX_XS_LABEL);
	fx_span(b, r, 1, 3, sb.len ? sb.s : "", JX_XS_TEXT);
	sb.len = 0;
	join_text(&sb, "一、存在的问题\n", s->narr[JX_NARR_PROBLEMS]);
	join_text(&sb, "二、相关建议\n", s->narr[JX_NARR_SUGGESTIONS]);
	join_text(&sb, "三、其他需要说明的问题\n", s->narr[JX_NARR_OTHER]);
	r = fx_row(b);
	fx_text(b, r, 0, "主要问题与建议", JX_XS_LABEL);
	fx_span(b, r, 1, 3, sb.len ? sb.s : "", JX_XS_TEXT);
	if (sb.oom)
		b->oom = 1;
	free(sb.s);
	filler_note(b, s);
}

/* ---- form assembly ---- */

static void compute_widths(jx_xform *f)
{
	char buf[48];
	for (int c = 0; c < f->ncols; c++) {
		int w = 0;
		for (int r = 0; r < f->nrows; r++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			int cw;
			if (cell->covered || cell->colspan != 1 || cell->style == JX_XS_TITLE ||
			    cell->style == JX_XS_NOTE || cell->style == JX_XS_SUBTITLE)
				continue;
			/* Numbers are ASCII: their width is their length.  Scores,
			 * points and rates are short; only amounts are measured. */
			if (cell->num == JX_XN_TEXT)
				cw = (cell->text ? cell->text_cols : 0) + 2;
			else if (cell->num == JX_XN_MONEY || cell->num == JX_XN_VALUE)
				cw = (int)strlen(jx_xcell_display(cell, buf)) + 2;
			else
				continue;
			if (cw > w)
				w = cw;
		}
		if (c < 16) {
			if (w < f->min_width[c])
				w = f->min_width[c];
			if (w > f->max_width[c])
				w = f->max_width[c];
		}
		f->widths[c] = w;
	}
}

/* Covered cells take their merge's style and number format (the xlsx
 * writer draws their borders with it); then the column widths. */
static void finish_form(jx_xform *f)
{
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *top = jx_xform_cell(f, r, c);
			if (top->covered || (top->rowspan == 1 && top->colspan == 1))
				continue;
			for (int i = r; i < r + top->rowspan && i < f->nrows; i++)
				for (int j = c; j < c + top->colspan && j < f->ncols; j++) {
					jx_xcell *cell = jx_xform_cell(f, i, j);
					if (cell == top)
						continue;
					cell->style = top->style;
					cell->num = top->num;
				}
		}
	compute_widths(f);
}

/* Worksheet names: at most 31 characters, none of []:*?/\ and no quote. */
static char *sheet_name(builder *b, const jx_xsheet *x, int index, int several)
{
	char raw[256], out[128];
	const char *name = x->sheet->info[JX_INFO_NAME];
	size_t i = 0, o = 0, n, adv;
	int chars = 0;

	if (!name || !*name)
		name = x->tpl->name ? x->tpl->name : "评价表";
	if (several)
		snprintf(raw, sizeof raw, "%d %s", index, name);
	else
		snprintf(raw, sizeof raw, "%s", name);
	n = strlen(raw);
	while (i < n && chars < 31) {
		int32_t cp = jx_utf8_decode(raw + i, n - i, &adv);
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
		    (cp < 0x80 && strchr("[]:*?/\\'", (int)cp))) {
			i += adv;
			continue;
		}
		if (o + adv >= 127)
			break;
		memcpy(out + o, raw + i, adv);
		o += adv;
		i += adv;
		chars++;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	if (!*out)
		snprintf(out, sizeof out, "%d", index);
	return arena_strn(b, out, strlen(out));
}

static jx_xform *form_new(int ncols);

/* Empty f (or a new form) for a table of ncols columns. */
static jx_xform *form_reset(jx_xform *f, int ncols)
{
	if (!f)
		return form_new(ncols);
	if (ncols > f->ncols) {
		int *w = realloc(f->widths, (size_t)ncols * sizeof *w);
		if (!w) {
			jx_xform_free(f);
			return NULL;
		}
		f->widths = w;
	}
	memset(f->widths, 0, (size_t)ncols * sizeof *f->widths);
	f->ncols = ncols;
	f->nrows = 0;
	f->cap = (int)(f->cells_cap / (size_t)ncols);
	f->sheet_name = NULL;
	f->head_rows = 0;
	f->total_row = f->total_col = f->rate_row = f->rate_col = -1;
	for (int c = 0; c < 16; c++) {
		f->min_width[c] = 8;
		f->max_width[c] = 30;
	}
	arena_reset(f);
	return f;
}

jx_xform *jx_xform_rebuild(jx_xform *f, const jx_xsheet *x, int index, int several)
{
	builder b;
	int ncols = x->tpl->kind == JX_KIND_EXTERNAL ? 4 : 9;

	memset(&b, 0, sizeof b);
	b.f = form_reset(f, ncols);
	if (!b.f)
		return NULL;
	switch (x->tpl->kind) {
	case JX_KIND_PROJECT_SELF: build_project_self(&b, x); break;
	case JX_KIND_DEPT_EVAL: build_dept_eval(&b, x); break;
	case JX_KIND_DEPT_OVERALL: build_dept_overall(&b, x); break;
	case JX_KIND_EXTERNAL: build_external(&b, x); break;
	}
	b.f->sheet_name = sheet_name(&b, x, index, several);
	free(b.scratch.s);
	if (b.oom || !b.f->sheet_name) {
		jx_xform_free(b.f);
		return NULL;
	}
	finish_form(b.f);
	return b.f;
}

jx_xform *jx_xform_build(const jx_xsheet *x, int index, int several)
{
	return jx_xform_rebuild(NULL, x, index, several);
}

void jx_xform_free(jx_xform *f)
{
	if (!f)
		return;
	arena_free(f);
	free(f->cells);
	free(f->widths);
	free(f);
}

/* ---- numbers as text ---- */

static const int64_t pow10_6[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t jx_xfmt(char *buf, jx_dec v, int decimals, int trim)
{
	char tmp[24];
	size_t n = 0, k = sizeof tmp;
	uint64_t u, ip, fp;
	jx_dec r;
	int neg;
	if (v == JX_NONE) {
		buf[0] = 0;
		return 0;
	}
	if (trim || decimals > 6)
		decimals = 6;
	if (decimals < 0)
		decimals = 0;
	r = jx_round(v, decimals); /* as jx_fmt does: the same rounding and clamp */
	neg = r < 0;
	u = neg ? (uint64_t)(-(r + 1)) + 1 : (uint64_t)r;
	ip = u / JX_SCALE;
	fp = (u % JX_SCALE) / (uint64_t)pow10_6[6 - decimals];
	if (neg && u == 0)
		neg = 0;
	if (neg)
		buf[n++] = '-';
	while (ip >= 100) {
		unsigned q = (unsigned)(ip % 100);
		ip /= 100;
		k -= 2;
		memcpy(tmp + k, digit_pairs + 2 * q, 2);
	}
	if (ip >= 10) {
		k -= 2;
		memcpy(tmp + k, digit_pairs + 2 * ip, 2);
	} else {
		tmp[--k] = (char)('0' + ip);
	}
	memcpy(buf + n, tmp + k, sizeof tmp - k);
	n += sizeof tmp - k;
	if (decimals > 0 && !(trim && fp == 0)) {
		/* fp has `decimals` digits, zero-padded on the left */
		buf[n++] = '.';
		for (int d = decimals - 1; d >= 0; d--) {
			buf[n + (size_t)d] = (char)('0' + fp % 10);
			fp /= 10;
		}
		n += (size_t)decimals;
		if (trim) {
			while (buf[n - 1] == '0')
				n--;
			if (buf[n - 1] == '.')
				n--;
		}
	}
	buf[n] = '\0';
	return n;
}

const char *jx_xcell_display(const jx_xcell *c, char *buf)
{
	buf[0] = '\0';
	if (c->num == JX_XN_TEXT)
		return c->text ? c->text : "";
	if (!c->has_value)
		return buf;
	switch (c->num) {
	case JX_XN_MONEY:
	case JX_XN_SCORE: jx_xfmt(buf, c->value, 2, 0); return buf;
	case JX_XN_POINTS: jx_xfmt(buf, c->value, 6, 1); return buf;
	case JX_XN_INT: jx_xfmt(buf, c->value, 0, 0); return buf;
	case JX_XN_RATE: {
		size_t n = jx_xfmt(buf, c->value * 100, 2, 0);
		buf[n] = '%';
		buf[n + 1] = '\0';
		return buf;
	}
	case JX_XN_VALUE: {
		/* 2 to 6 decimals: trailing zeros beyond the second dropped. */
		char *dot;
		size_t n = jx_xfmt(buf, c->value, 6, 0);
		dot = strchr(buf, '.');
		while (dot && buf[n - 1] == '0' && (size_t)(buf + n - 1 - dot) > 2)
			buf[--n] = '\0';
		return buf;
	}
	default: return buf;
	}
}

/* ---- summary ---- */

static char *xstrdup(const char *s)
{
	return strdup(s ? s : "");
}

int jx_xsum_set(jx_xsum *sum, const jx_xsheet *x, const jx_xform *f)
{
	const jx_sheet *s = x->sheet;
	memset(sum, 0, sizeof *sum);
	sum->name = xstrdup(s->info[JX_INFO_NAME]);
	sum->unit = xstrdup(s->info[JX_INFO_UNIT] ? s->info[JX_INFO_UNIT] : s->info[JX_INFO_DEPARTMENT]);
	sum->tpl_name = xstrdup(x->tpl->name);
	sum->year = s->year;
	sum->total = x->ss.total;
	sum->rate = x->ss.exec_rate;
	grade_text(x, sum->grade, sizeof sum->grade);
	sum->findings = x->findings.n;
	if (f && f->sheet_name) {
		char ref[16], buf[256];
		if (f->total_row >= 0) {
			cref(ref, f->total_row, f->total_col);
			snprintf(buf, sizeof buf, "'%s'!%s", f->sheet_name, ref);
			sum->ref_total = strdup(buf);
		}
		if (f->rate_row >= 0 && jx_xform_cell(f, f->rate_row, f->rate_col)->has_value) {
			cref(ref, f->rate_row, f->rate_col);
			snprintf(buf, sizeof buf, "'%s'!%s", f->sheet_name, ref);
			sum->rate = jx_xform_cell(f, f->rate_row, f->rate_col)->value;
			sum->ref_rate = strdup(buf);
		}
	}
	if (!sum->name || !sum->unit || !sum->tpl_name)
		return -1;
	return 0;
}

void jx_xsum_free(jx_xsum *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].unit);
		free(v[i].tpl_name);
		free(v[i].ref_total);
		free(v[i].ref_rate);
	}
	free(v);
}

jx_xform *jx_xform_summary(const jx_xsum *v, size_t n)
{
	static const int mins[9] = {5, 20, 16, 6, 16, 8, 6, 9, 7};
	static const int maxs[9] = {6, 40, 30, 6, 30, 8, 6, 9, 7};
	static const char *heads[9] = {"序号", "项目名称", "实施单位", "年度", "模板", "总分", "等级", "执行率", "问题数"};
	builder b;
	int r;

	memset(&b, 0, sizeof b);
	b.f = form_new(9);
	if (!b.f)
		return NULL;
	set_widths(b.f, mins, maxs);
	r = fx_row(&b);
	row_style(&b, r, JX_XS_TITLE);
	fx_span(&b, r, 0, 9, "绩效评价汇总表", JX_XS_TITLE);
	r = fx_row(&b);
	for (int c = 0; c < 9; c++)
		fx_text(&b, r, c, heads[c], JX_XS_HEAD);
	b.f->head_rows = 2;
	for (size_t i = 0; i < n && !b.oom; i++) {
		jx_xcell *cell;
		r = fx_row(&b);
		if (r < 0)
			break;
		fx_num(&b, r, 0, JX_INT((int64_t)i + 1), JX_XN_INT, JX_XS_CENTER);
		fx_text(&b, r, 1, v[i].name, JX_XS_TEXT);
		fx_text(&b, r, 2, v[i].unit, JX_XS_TEXT);
		fx_num(&b, r, 3, JX_INT(v[i].year), JX_XN_INT, JX_XS_CENTER);
		fx_text(&b, r, 4, v[i].tpl_name, JX_XS_TEXT);
		cell = fx_num(&b, r, 5, v[i].total, JX_XN_SCORE, JX_XS_CENTER);
		if (v[i].ref_total)
			fx_formula(&b, cell, "=%s", v[i].ref_total);
		fx_text(&b, r, 6, v[i].grade, JX_XS_CENTER);
		cell = fx_num(&b, r, 7, v[i].rate, JX_XN_RATE, JX_XS_CENTER);
		if (v[i].ref_rate)
			fx_formula(&b, cell, "=%s", v[i].ref_rate);
		fx_num(&b, r, 8, JX_INT((int64_t)v[i].findings), JX_XN_INT, JX_XS_CENTER);
	}
	b.f->sheet_name = arena_strn(&b, "汇总", strlen("汇总"));
	free(b.scratch.s);
	if (b.oom || !b.f->sheet_name) {
		jx_xform_free(b.f);
		return NULL;
	}
	finish_form(b.f);
	return b.f;
}

/* ------------------------------------------------------------------------
 * xlsx
 */

typedef struct {
	lxw_workbook *wb;
	lxw_format *fmt[JX_XS_COUNT][JX_XN_COUNT];
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

static int xlsx_form(xlsx_ctx *x, lxw_worksheet *ws, const jx_xform *f, jx_err *err)
{
	merge_span *merges = NULL;
	size_t n_merges = 0, next = 0;
	lxw_error e;
	int rc = -1;

	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *cell = jx_xform_cell(f, r, c);
			if (!cell->covered && (cell->rowspan > 1 || cell->colspan > 1))
				n_merges++;
		}
	if (n_merges) {
		merges = malloc(n_merges * sizeof *merges);
		if (!merges) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
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
 * The compression level of the xlsx files jixiao writes.
 *
 * libxlsxwriter packs a workbook's XML parts into the zip container through
 * minizip's zipOpenNewFileInZip4_64 at zlib's default level (6), and offers
 * no option to choose another.  For a workbook of 1,000 sheets of 300
 * indicators that compression is more than a third of the export's time;
 * at level 1 (Z_BEST_SPEED) the export takes about two thirds of the time
 * and the file is about a third larger (16 instead of 12 MiB), which is the
 * better trade for a file that is written once, attached and opened.
 *
 * So this program defines zipOpenNewFileInZip4_64 itself: the dynamic linker
 * binds libxlsxwriter's call to the definition in the executable, which
 * passes every argument through to minizip's own function unchanged except
 * the level.  The file stays a standard deflate zip (its entries are marked
 * "fastest" in their flags, which tests/export.sh checks).  Nothing else in
 * the program uses minizip.
 */
/* minizip's types, as its zip.h declares them (its header is not needed
 * otherwise): zipFile is an opaque pointer, zip_fileinfo a struct passed by
 * pointer, uInt and uLong zlib's unsigned int and unsigned long. */
typedef void *jx_zipfile;
struct jx_zip_fileinfo;

#define JX_Z_DEFLATED 8
#define JX_Z_BEST_SPEED 1
#define JX_ZIP_INTERNALERROR (-104)

typedef int (*open4_fn)(jx_zipfile, const char *, const struct jx_zip_fileinfo *, const void *, unsigned int,
			const void *, unsigned int, const char *, int, int, int, int, int, int, const char *,
			unsigned long, unsigned long, unsigned long, int);

int zipOpenNewFileInZip4_64(jx_zipfile file, const char *filename, const struct jx_zip_fileinfo *zipfi,
			    const void *extrafield_local, unsigned int size_extrafield_local,
			    const void *extrafield_global, unsigned int size_extrafield_global, const char *comment,
			    int method, int level, int raw, int windowBits, int memLevel, int strategy,
			    const char *password, unsigned long crcForCrypting, unsigned long versionMadeBy,
			    unsigned long flagBase, int zip64);

int zipOpenNewFileInZip4_64(jx_zipfile file, const char *filename, const struct jx_zip_fileinfo *zipfi,
			    const void *extrafield_local, unsigned int size_extrafield_local,
			    const void *extrafield_global, unsigned int size_extrafield_global, const char *comment,
			    int method, int level, int raw, int windowBits, int memLevel, int strategy,
			    const char *password, unsigned long crcForCrypting, unsigned long versionMadeBy,
			    unsigned long flagBase, int zip64)
{
	static open4_fn real;
	if (!real) {
		/* POSIX leaves converting a data pointer to a function pointer to
		 * the platform; on every platform with dlsym it is the same bits */
		void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
		if (!sym)
			return JX_ZIP_INTERNALERROR; /* libxlsxwriter reports the failure */
		*(void **)&real = sym;
	}
	if (method == JX_Z_DEFLATED && !raw)
		level = JX_Z_BEST_SPEED;
	return real(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
		    size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy, password,
		    crcForCrypting, versionMadeBy, flagBase, zip64);
}

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

static int export_xlsx_quiet(const jx_templates *set, jx_xsource *src, const char *path, int force, jx_err *err);

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

int jx_export_xlsx_src(const jx_templates *set, jx_xsource *src, const char *path, int force, jx_err *err)
{
	int saved, rc;
	struct rlimit rl;

	/* In constant-memory mode every worksheet keeps a temporary file open
	 * until the workbook is closed: allow as many open files as the system
	 * lets this process have. */
	if (src->n > 200 && getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max &&
	    rl.rlim_cur < (rlim_t)src->n + 64) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (src->n > 1)
		jx_export_fixed_mmap_threshold();
	saved = quiet_stderr();
	rc = export_xlsx_quiet(set, src, path, force, err);
	restore_stderr(saved);
	return rc;
}

int jx_export_xlsx(const jx_templates *set, jx_sheet *const *sheets, size_t n, const char *path, int force,
		   jx_err *err)
{
	jx_xarray a = {sheets, 0};
	jx_xsource src = {n, jx_xarray_next, &a};
	return jx_export_xlsx_src(set, &src, path, force, err);
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

static int export_xlsx_quiet(const jx_templates *set, jx_xsource *src, const char *path, int force, jx_err *err)
{
	jx_safefile sf;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = xlsx_tmpdir(src->n), .use_zip64 = LXW_TRUE};
	xlsx_ctx x;
	lxw_worksheet *summary_ws = NULL;
	jx_xsheet xs;
	jx_xsum *sums = NULL;
	jx_xform *f = NULL;
	lxw_error e;
	size_t n = src->n;
	int several = n > 1, rc = -1;

	memset(&x, 0, sizeof x);
	memset(&xs, 0, sizeof xs);
	if (jx_safefile_open(&sf, path, force, err) != 0)
		return -1;
	if (jx_safefile_release(&sf, err) != 0)
		return -1;
	x.wb = workbook_new_opt(sf.tmp, &opt);
	if (!x.wb) {
		jx_safefile_write_error(err, path, errno ? errno : EIO);
		jx_safefile_abort(&sf);
		return -1;
	}
	if (several) {
		sums = calloc(n, sizeof *sums);
		summary_ws = workbook_add_worksheet(x.wb, "汇总");
		if (!sums || !summary_ws) {
			jx_err_set(err, "内存不足", "out of memory");
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		lxw_worksheet *ws;
		const jx_sheet *s = jx_xsource_next(src, err);
		if (!s || jx_xsheet_score(&xs, set, s, err) != 0)
			goto out;
		f = jx_xform_rebuild(f, &xs, (int)i + 1, several);
		if (!f) {
			jx_err_set(err, "内存不足", "out of memory");
			goto out;
		}
		ws = workbook_add_worksheet(x.wb, f->sheet_name);
		if (!ws) {
			jx_err_set(err, "无法添加工作表“%s”", "cannot add worksheet \"%s\"", f->sheet_name);
			goto out;
		}
		if (xlsx_form(&x, ws, f, err) != 0 || (sums && jx_xsum_set(&sums[i], &xs, f) != 0)) {
			if (!err->msg[0])
				jx_err_set(err, "内存不足", "out of memory");
			goto out;
		}
	}
	jx_xform_free(f);
	f = NULL;
	if (several) {
		jx_xform *sf_form = jx_xform_summary(sums, n);
		if (!sf_form) {
			jx_err_set(err, "内存不足", "out of memory");
			goto out;
		}
		if (xlsx_form(&x, summary_ws, sf_form, err) != 0) {
			jx_xform_free(sf_form);
			goto out;
		}
		jx_xform_free(sf_form);
		worksheet_activate(summary_ws);
	}
	rc = 0;
out:
	jx_xform_free(f);
	jx_xsheet_free(&xs);
	jx_xsum_free(sums, n);
	errno = 0;
	e = workbook_close(x.wb);
	if (rc == 0 && e != LXW_NO_ERROR) {
		int saved = errno;
		if (saved == ENOSPC || saved == EFBIG
#ifdef EDQUOT
		    || saved == EDQUOT
#endif
		)
			jx_safefile_write_error(err, path, saved);
		else
			jx_err_set(err, "写入 xlsx 文件失败：%s：%s", "cannot write xlsx file %s: %s", path,
				   lxw_strerror(e));
		rc = -1;
	}
	if (rc != 0) {
		jx_safefile_abort(&sf);
		return -1;
	}
	return jx_safefile_commit(&sf, err);
}

/* ------------------------------------------------------------------------
 * Dispatcher
 */

const jx_sheet *jx_xarray_next(void *ctx, jx_err *err)
{
	jx_xarray *a = ctx;
	(void)err;
	return a->sheets[a->i++];
}

const jx_sheet *jx_xsource_next(jx_xsource *src, jx_err *err)
{
	const jx_sheet *s = src->next(src->ctx, err);
	if (!s && !err->msg[0])
		jx_err_set(err, "评价表不足：应有 %zu 张", "fewer sheets than the %zu announced", src->n);
	return s;
}

/* Room for the output stream's buffer: large writes, few system calls. */
enum { OUT_BUFFER = 1 << 20 };

static int export_src(jx_export_format fmt, const jx_templates *set, jx_xsource *src, const char *path, int flags,
		      jx_err *err)
{
	int force = (flags & JX_EXPORT_FORCE) != 0;
	int to_stdout = path && strcmp(path, "-") == 0;
	jx_safefile sf;
	char *obuf = NULL;
	FILE *f;
	int rc;

	if ((flags & JX_EXPORT_GB18030) && fmt != JX_EXPORT_CSV) {
		jx_err_set(err, "只有 CSV 可以选择 GB18030 编码", "only CSV can be written in GB18030");
		return -1;
	}
	if (fmt == JX_EXPORT_XLSX) {
		if (to_stdout) {
			jx_err_set(err, "xlsx 不能写到标准输出，请用 -o 指定文件名",
				   "xlsx cannot be written to standard output; name a file with -o");
			return -1;
		}
		return jx_export_xlsx_src(set, src, path, force, err);
	}
	if (fmt == JX_EXPORT_CSV && (flags & JX_EXPORT_GB18030)) {
		/* Converted as a whole, so that a character GB18030 cannot hold is
		 * found before anything is written. */
		char *mem = NULL, *gb = NULL;
		size_t mem_len = 0, gb_len = 0;
		FILE *m = open_memstream(&mem, &mem_len);
		if (!m) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		rc = jx_export_csv_src(m, set, src, err);
		if (fclose(m) != 0 && rc == 0) {
			jx_err_set(err, "内存不足", "out of memory");
			rc = -1;
		}
		/* Without the UTF-8 byte-order mark: GB18030 files carry none. */
		if (rc == 0)
			rc = jx_to_gb18030(mem_len >= 3 ? mem + 3 : mem, mem_len >= 3 ? mem_len - 3 : 0, &gb, &gb_len,
					   err);
		free(mem);
		if (rc != 0)
			return -1;
		if (to_stdout) {
			rc = fwrite(gb, 1, gb_len, stdout) == gb_len && fflush(stdout) == 0 ? 0 : -1;
			if (rc)
				jx_safefile_write_error(err, "-", errno);
			free(gb);
			return rc;
		}
		if (jx_safefile_open(&sf, path, force, err) != 0) {
			free(gb);
			return -1;
		}
		if (fwrite(gb, 1, gb_len, sf.f) != gb_len) {
			jx_safefile_write_error(err, path, errno);
			jx_safefile_abort(&sf);
			free(gb);
			return -1;
		}
		free(gb);
		return jx_safefile_commit(&sf, err);
	}
	if (to_stdout) {
		f = stdout;
	} else {
		if (jx_safefile_open(&sf, path, force, err) != 0)
			return -1;
		f = sf.f;
		/* Nothing was written yet, so the buffer may still be chosen. */
		obuf = malloc(OUT_BUFFER);
		if (obuf && setvbuf(f, obuf, _IOFBF, OUT_BUFFER) != 0) {
			free(obuf);
			obuf = NULL;
		}
	}
	switch (fmt) {
	case JX_EXPORT_CSV: rc = jx_export_csv_src(f, set, src, err); break;
	case JX_EXPORT_HTML: rc = jx_export_html_src(f, set, src, err); break;
	case JX_EXPORT_REPORT_MD: rc = jx_export_report_src(f, set, src, 0, err); break;
	case JX_EXPORT_REPORT_HTML: rc = jx_export_report_src(f, set, src, 1, err); break;
	default: rc = -1; break;
	}
	if (rc == 0 && ferror(f)) {
		jx_safefile_write_error(err, to_stdout ? "-" : path, errno ? errno : EIO);
		rc = -1;
	}
	if (to_stdout) {
		if (rc == 0 && fflush(stdout) != 0) {
			jx_safefile_write_error(err, "-", errno);
			rc = -1;
		}
		return rc;
	}
	if (rc != 0) {
		jx_safefile_abort(&sf);
		free(obuf);
		return -1;
	}
	rc = jx_safefile_commit(&sf, err);
	free(obuf); /* after the stream is closed */
	return rc;
}

int jx_export(jx_export_format fmt, const jx_templates *set, jx_sheet *const *sheets, size_t n, const char *path,
	      int flags, jx_err *err)
{
	jx_xarray a = {sheets, 0};
	jx_xsource src = {n, jx_xarray_next, &a};

	err->msg[0] = '\0';
	if (n == 0 || !sheets) {
		jx_err_set(err, "没有要导出的评价表", "no sheets to export");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (!sheets[i] || !sheets[i]->template_id || !jx_templates_find(set, sheets[i]->template_id)) {
			jx_err_set(err, "评价表“%s”使用的模板不存在：%s", "sheet \"%s\" uses an unknown template: %s",
				   sheets[i] && sheets[i]->info[JX_INFO_NAME] ? sheets[i]->info[JX_INFO_NAME] : "",
				   sheets[i] && sheets[i]->template_id ? sheets[i]->template_id : "");
			return -1;
		}
	return export_src(fmt, set, &src, path, flags, err);
}

int jx_export_stream(jx_export_format fmt, const jx_templates *set, size_t n, jx_sheet_next next, void *ctx,
		     const char *path, int flags, jx_err *err)
{
	jx_xsource src = {n, next, ctx};

	err->msg[0] = '\0';
	if (n == 0 || !next) {
		jx_err_set(err, "没有要导出的评价表", "no sheets to export");
		return -1;
	}
	return export_src(fmt, set, &src, path, flags, err);
}
