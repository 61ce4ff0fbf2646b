/* The form model (see xform.h): the cells and their strings, the
 * builder's primitives and formulas, the blocks the template kinds' layouts
 * share, the finishing of a form (merged cells' styles, column widths,
 * worksheet name), numbers as shown, and the summary table of several
 * sheets.  Scoring a sheet for its forms is in xform_score.c. */
#include "xform_build.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "textwidth.h"
#include "strutil.h"

/* ------------------------------------------------------------------------
 * Forms
 */

void jx_xcref(char *buf, int r, int c)
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

static char *arena_alloc(jx_xbuilder *b, size_t n)
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

static char *arena_strn(jx_xbuilder *b, const char *s, size_t n)
{
	char *d = arena_alloc(b, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

/* Whether clean text s (len > 0, no comma, quote or line break in it) is
 * a CSV field as it is (jx_xcell.bare): tabs and CRs are not in clean text,
 * so what remains of the CSV writer's tests is a blank at either end and a
 * spreadsheet's formula sign at the start. */
static int csv_bare(const char *s, size_t len)
{
	return s[0] != ' ' && s[len - 1] != ' ' && s[0] != '=' && s[0] != '+' && s[0] != '-' && s[0] != '@';
}

/* Set a cell's text: a clean copy in the form's chunks, with its length and
 * display width (left 0 on a form without widths, where nothing reads it).
 * On a form without widths (a CSV's) the one look at the text that finds it
 * clean also tells whether the writer can take it as it is (bare), so that
 * it is not looked at again on writing.  A text the same as the last one
 * set in its column (col) shares that one's copy. */
static void cell_set_text(jx_xbuilder *b, jx_xcell *cell, int col, const char *s)
{
	/* every empty text is this one (nothing writes into a cell's text) */
	static char empty[1];
	size_t len = s ? strlen(s) : 0;
	char *t = NULL;
	int multi = 0, cols = 0, punct = 1;
	cell->bare = 0;
	if (len == 0) {
		t = empty;
		cell->bare = 1;
	} else if (col < 16 && b->last[col].text && b->last[col].len == len && memcmp(b->last[col].text, s, len) == 0) {
		/* the copy is clean, so a text equal to it is too */
		t = (char *)b->last[col].text;
		cols = b->last[col].cols;
		multi = b->last[col].multi;
		cell->bare = b->last[col].bare;
	} else if (b->f->no_widths ? jx_text_is_clean(s, len, &punct) : jx_text_scan(s, len, &cols, &multi)) {
		t = arena_strn(b, s, len);
		cell->bare = (unsigned char)(b->f->no_widths && !punct && csv_bare(s, len));
		if (t && col < 16) {
			b->last[col].text = t;
			b->last[col].len = (unsigned)len;
			b->last[col].cols = cols;
			b->last[col].multi = (unsigned char)multi;
			b->last[col].bare = cell->bare;
		}
	} else {
		char *c = jx_text_clean(s, len, 1);
		if (!c) {
			b->oom = 1;
		} else {
			len = strlen(c);
			if (!jx_text_scan(c, len, &cols, &multi))
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

int jx_fx_row(jx_xbuilder *b)
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
	if ((size_t)f->nrows + 1 > f->keep_cap) {
		size_t ncap = f->keep_cap ? f->keep_cap * 2 : 64;
		unsigned char *nk = realloc(f->keep, ncap);
		if (!nk) {
			b->oom = 1;
			return -1;
		}
		f->keep = nk;
		f->keep_cap = ncap;
	}
	f->keep[f->nrows] = 0;
	{
		/* copied whole, rather than cleared and set (a form of 300
		 * indicators has some 3,000 cells) */
		static const jx_xcell blank = {.rowspan = 1, .colspan = 1, .style = JX_XS_TEXT};
		jx_xcell *cell = jx_xform_cell(f, f->nrows, 0);
		for (int c = 0; c < f->ncols; c++)
			cell[c] = blank;
	}
	return f->nrows++;
}

static jx_xcell *cell_at(jx_xbuilder *b, int r, int c)
{
	if (r < 0 || c < 0 || c >= b->f->ncols || r >= b->f->nrows)
		return NULL;
	return jx_xform_cell(b->f, r, c);
}

void jx_fx_row_style(jx_xbuilder *b, int r, int style)
{
	for (int c = 0; r >= 0 && c < b->f->ncols; c++)
		jx_xform_cell(b->f, r, c)->style = (unsigned char)style;
}

jx_xcell *jx_fx_text(jx_xbuilder *b, int r, int c, const char *s, int style)
{
	jx_xcell *cell = cell_at(b, r, c);
	if (!cell)
		return NULL;
	cell_set_text(b, cell, c, s);
	cell->num = JX_XN_TEXT;
	cell->style = (unsigned char)style;
	return cell;
}

/* Decimals needed to show v exactly, at least 2. */
static int value_decimals(jx_dec v)
{
	int d = 6;
	while (d > 2 && jx_round(v, d - 1) == v)
		d--;
	return d;
}

/* A number is stored as it is shown: money and scores at 2 decimals, rates
 * at 4 (0.00%), points at 2 unless they have more (then all of them are
 * shown), other amounts with the decimals they have (up to 6).  So the
 * spreadsheet holds what the printed form shows, and sums of what it shows
 * are what the totals show. */
jx_xcell *jx_fx_num(jx_xbuilder *b, int r, int c, jx_dec v, int num, int style)
{
	jx_xcell *cell = cell_at(b, r, c);
	if (!cell)
		return NULL;
	if (v != JX_NONE) {
		switch (num) {
		case JX_XN_MONEY:
		case JX_XN_SCORE: v = jx_round(v, 2); break;
		case JX_XN_RATE: v = jx_round(v, 4); break;
		case JX_XN_INT: v = jx_round(v, 0); break;
		case JX_XN_POINTS:
			if (jx_round(v, 2) != v)
				num = JX_XN_VALUE;
			break;
		default: break;
		}
		cell->decimals = (unsigned char)(num == JX_XN_VALUE ? value_decimals(v) : 2);
	}
	cell->num = (unsigned char)num;
	cell->style = (unsigned char)style;
	cell->value = v;
	cell->has_value = v != JX_NONE;
	return cell;
}

void jx_fx_formula(jx_xbuilder *b, jx_xcell *cell, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	if (!cell || !cell->has_value || b->f->no_formulas)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cell->formula = arena_strn(b, buf, strlen(buf));
}

void jx_fx_merge(jx_xbuilder *b, int r, int c, int rows, int cols)
{
	jx_xcell *top = cell_at(b, r, c);
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
jx_xcell *jx_fx_span(jx_xbuilder *b, int r, int c, int cols, const char *s, int style)
{
	jx_xcell *cell = jx_fx_text(b, r, c, s, style);
	jx_fx_merge(b, r, c, 1, cols);
	for (int j = c + 1; j < c + cols; j++)
		if (cell_at(b, r, j))
			jx_xform_cell(b->f, r, j)->style = (unsigned char)style;
	return cell;
}

void jx_fx_input(jx_xbuilder *b, const char *name, int r, int c)
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

/* The cell showing formula input `name`: its reference and value. */
static int find_input(const jx_xbuilder *b, const char *name, char *ref, jx_dec *value)
{
	for (int i = 0; name && i < b->n_inputs; i++)
		if (strcmp(b->inputs[i].name, name) == 0) {
			const jx_xcell *cell = jx_xform_cell(b->f, b->inputs[i].row, b->inputs[i].col);
			if (!cell->has_value)
				return 0;
			jx_xcref(ref, b->inputs[i].row, b->inputs[i].col);
			*value = cell->value;
			return 1;
		}
	return 0;
}

/* The rate of a formula node as a formula over the cells showing its inputs
 * (when both are on the form), rounded as the cell shows it.  The engine
 * computes from the exact amounts, the spreadsheet from the amounts as
 * shown: the formula is written only when both give the rate shown, so
 * that recalculating never changes a printed figure. */
void jx_fx_rate_formula(jx_xbuilder *b, jx_xcell *cell, const jx_node *n)
{
	char ra[16], rb[16];
	jx_dec a, d, v = JX_NONE;
	if (!cell || !cell->has_value || !n || n->kind != JX_NODE_FORMULA || b->f->no_formulas)
		return;
	if (!find_input(b, n->input_a, ra, &a) || !find_input(b, n->input_b, rb, &d) || d == 0)
		return;
	switch (n->formula) {
	case JX_F_RATIO: v = jx_muldiv(a, JX_SCALE, d, 4); break;
	case JX_F_GROWTH: v = jx_round(jx_muldiv(a, JX_SCALE, d, 6) - JX_SCALE, 4); break;
	case JX_F_SAVING: v = jx_muldiv(d - a, JX_SCALE, d, 4); break;
	}
	if (v != cell->value)
		return;
	switch (n->formula) {
	case JX_F_RATIO: jx_fx_formula(b, cell, "=ROUND(%s/%s,4)", ra, rb); break;
	case JX_F_GROWTH: jx_fx_formula(b, cell, "=ROUND(%s/%s-1,4)", ra, rb); break;
	case JX_F_SAVING: jx_fx_formula(b, cell, "=ROUND((%s-%s)/%s,4)", rb, ra, rb); break;
	}
}

/* A row's rate num ÷ den from the cells (r, c_num) and (r, c_den) as shown,
 * with its formula; nothing when either is empty. */
void jx_fx_row_rate(jx_xbuilder *b, int r, int c, int c_num, int c_den)
{
	const jx_xcell *n = cell_at(b, r, c_num), *d = cell_at(b, r, c_den);
	jx_xcell *cell;
	char rn[16], rd[16];
	if (!n || !d || !n->has_value || !d->has_value || d->value <= 0) {
		jx_fx_text(b, r, c, "", JX_XS_CENTER);
		return;
	}
	cell = jx_fx_num(b, r, c, jx_muldiv(n->value, JX_SCALE, d->value, 4), JX_XN_RATE, JX_XS_CENTER);
	jx_xcref(rn, r, c_num);
	jx_xcref(rd, r, c_den);
	jx_fx_formula(b, cell, "=ROUND(%s/%s,4)", rn, rd);
}


void jx_fx_set_add(jx_xcellset *s, int r, int c)
{
	if (s->n < (int)(sizeof s->row / sizeof s->row[0])) {
		s->row[s->n] = r;
		s->col[s->n] = c;
		s->n++;
	} else {
		s->overflow = 1;
	}
}

/* A SUM formula over the given cells, used only when the engine's value is
 * exactly the sum of the values shown there (so that the spreadsheet's
 * recalculation gives the engine's number); otherwise the engine's number
 * stays a plain value. */
void jx_fx_sum_formula(jx_xbuilder *b, jx_xcell *cell, const jx_xcellset *s, const char *wrap_min)
{
	char *buf;
	size_t cap, len = 0;
	jx_dec sum = 0;
	int any = 0;

	if (!cell || !cell->has_value || s->n == 0 || s->overflow || b->f->no_formulas)
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
		jx_xcref(r1, s->row[i], s->col[i]);
		if (j > i) {
			jx_xcref(r2, s->row[j], s->col[j]);
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

const char *jx_xinfo(const jx_sheet *s, int k)
{
	return jx_nz(s->info[k]);
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

/* Room for n more bytes and the terminating zero: 0, or -1 (b->oom set). */
static int sb_grow(jx_xsbuf *b, size_t n)
{
	size_t ncap;
	char *ns;
	if (b->cap - b->len > n)
		return 0;
	ncap = (b->cap ? b->cap * 2 : 256) + n + 1;
	ns = realloc(b->s, ncap);
	if (!ns) {
		b->oom = 1;
		return -1;
	}
	b->s = ns;
	b->cap = ncap;
	return 0;
}

void jx_xsb_add(jx_xsbuf *b, const char *fmt, ...)
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
		if (sb_grow(b, (size_t)n) != 0)
			return;
	}
}

/* comparator + number + unit into sb (emptied first): room made once, the
 * number formatted in its place, where appending each piece had sb check
 * its room and end the text again (a form has one or two of these per
 * indicator). */
static const char *figure_with_unit(jx_xsbuf *sb, const char *sym, jx_dec v, const char *unit)
{
	enum { FIGURE_ROOM = 32 }; /* what jx_fmt_len writes at most */
	size_t ls, lu, ln;
	sym = jx_nz(sym);
	unit = jx_nz(unit);
	ls = strlen(sym);
	lu = strlen(unit);
	sb->len = 0;
	if (sb->oom || sb_grow(sb, ls + FIGURE_ROOM + lu) != 0)
		return "";
	memcpy(sb->s, sym, ls);
	ln = jx_fmt_len(sb->s + ls, v, 6, 1);
	memcpy(sb->s + ls + ln, unit, lu);
	sb->len = ls + ln + lu;
	sb->s[sb->len] = 0;
	return sb->s;
}

/* 年度指标值 as printed: the text target, else comparator + number + unit
 * (put together in sb).  A text is given as it is, not copied. */
static const char *target_display(const jx_indicator *ind, jx_xsbuf *sb)
{
	if (ind->target_text && *ind->target_text)
		return ind->target_text;
	if (ind->target != JX_NONE)
		return figure_with_unit(sb, jx_cmp_symbol(ind->cmp), ind->target, ind->unit);
	return "";
}

/* 实际完成值 as printed, the same way. */
static const char *actual_display(const jx_template *t, const jx_indicator *ind, jx_xsbuf *sb)
{
	if (ind->actual_text && *ind->actual_text)
		return ind->actual_text;
	if (ind->actual != JX_NONE)
		return figure_with_unit(sb, "", ind->actual, ind->unit);
	if (ind->cmp == JX_CMP_QUAL && ind->band >= 0 && t && (size_t)ind->band < t->rules.n_bands)
		return jx_nz(t->rules.bands[ind->band].name);
	return "";
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
static void node_criteria(const jx_node *n, jx_xsbuf *sb)
{
	char mark[16], pts[32];
	const char *crit = n->criteria;
	if (crit && *crit) {
		size_t len = strlen(crit);
		while (len > 0 && (crit[len - 1] == '\n' || crit[len - 1] == ' '))
			len--;
		jx_xsb_add(sb, "%.*s", (int)len, crit);
	}
	for (size_t i = 0; i < n->n_items; i++) {
		const char *label = jx_nz(n->items[i].label);
		if (crit && *label && strstr(crit, label))
			continue;
		if (starts_with_mark(label))
			mark[0] = '\0';
		else
			item_mark((int)i, mark, sizeof mark);
		jx_xsb_add(sb, "%s%s%s（%s分）", sb->len ? "\n" : "", mark, label, jx_fmt_trim(pts, n->items[i].points));
	}
}

/* 完成情况 of a checklist: "全部符合", or each 评价要点's mark. */
static void checklist_status(const jx_sheet *s, const jx_node *n, jx_xsbuf *sb)
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
		jx_xsb_add(sb, "未评价");
		return;
	}
	if (full == n->n_items) {
		jx_xsb_add(sb, "全部符合");
		return;
	}
	for (size_t i = 0; i < n->n_items; i++) {
		const jx_mark *m = jx_sheet_mark(s, n->key, (int)i);
		item_mark((int)i, mark, sizeof mark);
		if (!m || m->awarded == JX_NONE)
			jx_xsb_add(sb, "%s%s未评价", i ? "；" : "", mark);
		else if (m->awarded >= n->items[i].points)
			jx_xsb_add(sb, "%s%s符合", i ? "；" : "", mark);
		else if (m->awarded <= 0)
			jx_xsb_add(sb, "%s%s不符合", i ? "；" : "", mark);
		else
			jx_xsb_add(sb, "%s%s部分符合（%s/%s分）", i ? "；" : "", mark, jx_fmt_trim(got, m->awarded),
			       jx_fmt_trim(pts, n->items[i].points));
	}
}

/* ---- the tree of score items ---- */

int jx_xitem_has_children(const jx_scoresheet *ss, size_t i)
{
	return i + 1 < ss->n && ss->items[i + 1].parent == (int)i;
}

/* Leaves in pre-order, with their 一级 and 二级 ancestors.  Slots with no
 * indicators produce no row.  The tree under root item skip_root is left
 * out. */
static jx_xtree_row *tree_rows(const jx_scoresheet *ss, int skip_root, size_t *n_out)
{
	jx_xtree_row *v = malloc((ss->n + 1) * sizeof *v);
	size_t n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		int root = (int)i, l2 = -1;
		if (it->kind == JX_ITEM_TOTAL || jx_xitem_has_children(ss, i))
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
		v[n].same_root = n > 0 && v[n - 1].root == root;
		v[n].same_l2 = n > 0 && l2 >= 0 && v[n - 1].l2 == l2;
		n++;
	}
	*n_out = n;
	return v;
}

void jx_fx_tree(jx_xbuilder *b, const jx_xsheet *x, int skip_root, const jx_xtree_walk *w, void *ctx)
{
	const jx_scoresheet *ss = &x->ss;
	size_t nrows = 0;
	jx_xtree_row *rows = tree_rows(ss, skip_root, &nrows);
	int r;

	if (!rows) {
		b->oom = 1;
		return;
	}
	for (size_t i = 0; i < nrows;) {
		size_t j = i;
		int root = rows[i].root, root_first = b->f->nrows;
		while (j < nrows && rows[j].root == root)
			j++;
		for (size_t k = i; k < j;) {
			size_t m = k;
			int l2_first = b->f->nrows;
			while (m < j && rows[m].l2 == rows[k].l2)
				m++;
			for (size_t q = k; q < m; q++) {
				r = jx_fx_row(b);
				if (r < 0)
					break;
				w->leaf(b, x, &rows[q], r, ctx);
			}
			if (rows[k].l2 >= 0 && m - k > 1) {
				w->l2_group(b, l2_first, (int)(m - k), ctx);
				jx_fx_keep(b, l2_first, (int)(m - k));
			}
			k = m;
		}
		r = jx_fx_row(b);
		if (r < 0)
			break;
		/* the subtotal stays with the last row it adds up */
		jx_fx_keep(b, r - 1, 2);
		w->subtotal(b, x, root, root_first, r, ctx);
		i = j;
	}
	free(rows);
}

void jx_fx_keep(jx_xbuilder *b, int first, int n)
{
	for (int r = first; r >= 0 && r < first + n - 1 && r < b->f->nrows; r++)
		b->f->keep[r] = 1;
}

/* n new rows; the first one's index, or -1 when out of memory. */
int jx_fx_rows(jx_xbuilder *b, int n)
{
	int first = jx_fx_row(b);
	if (first < 0)
		return -1;
	for (int i = 1; i < n; i++)
		jx_fx_row(b);
	return b->oom ? -1 : first;
}

/* A label over label_cols columns from column c, and its value over the
 * value_cols columns after it. */
void jx_fx_field(jx_xbuilder *b, int r, int c, const char *label, int label_cols, const char *value, int value_cols)
{
	jx_fx_span(b, r, c, label_cols, label, JX_XS_LABEL);
	jx_fx_span(b, r, c + label_cols, value_cols, value, JX_XS_TEXT);
}

void jx_fx_field_rows(jx_xbuilder *b, const jx_sheet *s, const jx_xfield *f, int n)
{
	for (int i = 0; i + 1 < n; i += 2) {
		const jx_xfield *l = &f[i], *rt = &f[i + 1];
		int r = jx_fx_row(b), c2 = l->label_cols + l->value_cols;
		jx_fx_field(b, r, 0, l->label, l->label_cols, jx_xinfo(s, l->info), l->value_cols);
		jx_fx_field(b, r, c2, rt->label, rt->label_cols, jx_xinfo(s, rt->info), rt->value_cols);
		jx_fx_tag(b, r, l->label_cols, "info", jx_info_labels[l->info].key, NULL);
		jx_fx_tag(b, r, c2 + rt->label_cols, "info", jx_info_labels[rt->info].key, NULL);
	}
}

/* A row of column headings from column c on. */
void jx_fx_heads(jx_xbuilder *b, int r, int c, const char *const *heads, int n)
{
	for (int i = 0; i < n; i++)
		jx_fx_text(b, r, c + i, heads[i], JX_XS_HEAD);
}

const char *jx_xitem_name(const jx_score_item *it)
{
	if (it->kind == JX_ITEM_IND)
		return it->ind && it->ind->name ? it->ind->name : "";
	if (it->name) /* a goal block: 年度绩效目标1：… */
		return it->name;
	return it->node && it->node->name ? it->node->name : "";
}

/* The root item of the budget-execution node, -1 if none. */
int jx_xexec_root(const jx_scoresheet *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		if (it->kind == JX_ITEM_NODE && it->depth == 0 && it->node && it->node->execution &&
		    !jx_xitem_has_children(ss, i))
			return (int)i;
	}
	return -1;
}

/* Leaf cells: what the 评分标准/指标值 and 完成情况 columns show. */
void jx_fx_leaf_cells(jx_xbuilder *b, const jx_xsheet *x, const jx_score_item *it, int r, int c_target, int c_actual)
{
	if (it->kind == JX_ITEM_IND && it->ind) {
		jx_xsbuf *sb = &b->scratch;
		jx_fx_text(b, r, c_target, target_display(it->ind, sb), JX_XS_CENTER);
		jx_fx_tag(b, r, c_target, "ind", it->ind->key, "target");
		jx_fx_text(b, r, c_actual, actual_display(x->tpl, it->ind, sb), JX_XS_CENTER);
		jx_fx_tag(b, r, c_actual, "ind", it->ind->key, "actual");
		if (sb->oom)
			b->oom = 1;
		return;
	}
	if (!it->node)
		return;
	{
		jx_xsbuf sb = {0};
		node_criteria(it->node, &sb);
		if (sb.oom)
			b->oom = 1;
		jx_fx_text(b, r, c_target, jx_nz(sb.s), JX_XS_TEXT);
		free(sb.s);
	}
	switch (it->node->kind) {
	case JX_NODE_CHECKLIST: {
		jx_xsbuf sb = {0};
		checklist_status(x->sheet, it->node, &sb);
		if (sb.oom)
			b->oom = 1;
		jx_fx_text(b, r, c_actual, jx_nz(sb.s), JX_XS_CENTER);
		free(sb.s);
		break;
	}
	case JX_NODE_FORMULA:
		if (it->rate != JX_NONE) {
			jx_xcell *cell = jx_fx_num(b, r, c_actual, it->rate, JX_XN_RATE, JX_XS_CENTER);
			jx_fx_rate_formula(b, cell, it->node);
		} else {
			jx_fx_text(b, r, c_actual, (it->flags & JX_SF_NA) ? "不适用" : "", JX_XS_CENTER);
		}
		break;
	case JX_NODE_MANUAL: {
		const jx_entry *e = jx_sheet_entry(x->sheet, it->node->key);
		jx_fx_text(b, r, c_actual, e && e->note ? e->note : "", JX_XS_TEXT);
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

void jx_fx_begin(jx_xbuilder *b, const jx_xsheet *x, const int *mins, const int *maxs)
{
	char sub[64];
	int r;
	set_widths(b->f, mins, maxs);
	r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_row_style(b, r, JX_XS_TITLE);
	jx_fx_span(b, r, 0, b->f->ncols, jx_nz(x->tpl->name), JX_XS_TITLE);
	r = jx_fx_row(b);
	if (r < 0)
		return;
	snprintf(sub, sizeof sub, "（%d年度）", x->sheet->year);
	jx_fx_row_style(b, r, JX_XS_SUBTITLE);
	jx_fx_span(b, r, 0, b->f->ncols, sub, JX_XS_SUBTITLE);
}

/* The length of the first piece of paragraph p[0..n) that fills at most
 * `lines` lines of `width` display columns: cut after the last sentence
 * end (。；！？) in its second half when there is one, else at the last
 * character that fits. */
static size_t paragraph_piece(const char *p, size_t n, int width, int lines)
{
	size_t i = 0, adv, cut = 0, sentence = 0;
	int cols = 0, limit = width * lines;
	while (i < n) {
		int32_t cp = jx_utf8_decode(p + i, n - i, &adv);
		int w = cp < 0 ? 1 : jx_char_width((uint32_t)cp);
		if (cols + w > limit)
			break;
		cols += w;
		i += adv;
		cut = i;
		if ((cp == 0x3002 || cp == 0xFF1B || cp == 0xFF01 || cp == 0xFF1F) && cols * 2 >= limit)
			sentence = i;
	}
	if (cut >= n)
		return n;
	if (sentence)
		return sentence;
	return cut ? cut : (n ? adv : 0);
}

/* The lines paragraph p[0..n) takes in `width` display columns. */
static int paragraph_lines(const char *p, size_t n, int width)
{
	int w = jx_text_width_n(p, n);
	return w <= width ? 1 : (w + width - 1) / width;
}

/* Text in rows of at most JX_XROW_LINES lines each in columns c..ncols-1
 * (as narrow as their smallest widths), one after another, under a label
 * merged down them: a spreadsheet row is at most 409 points high, and a
 * row cannot continue on the next page. */
static void long_text(jx_xbuilder *b, const char *label, const char *value, int c)
{
	jx_xsbuf chunk = {0};
	const char *s = jx_nz(value);
	int width = -1, lines = 0, first = -1, r;
	for (int j = c; j < b->f->ncols && j < 16; j++)
		width += b->f->min_width[j];
	if (width < 4)
		width = 4;
	while (*s || first < 0) {
		size_t n = strcspn(s, "\n");
		int pl = paragraph_lines(s, n, width);
		size_t take = n;
		if (lines > 0 && lines + pl > JX_XROW_LINES) {
			lines = JX_XROW_LINES; /* the chunk is full: written below */
			take = 0;
		} else if (pl > JX_XROW_LINES - lines) {
			take = paragraph_piece(s, n, width, JX_XROW_LINES - lines);
			lines = JX_XROW_LINES;
		} else {
			lines += pl;
		}
		if (take)
			jx_xsb_add(&chunk, "%s%.*s", chunk.len ? "\n" : "", (int)take, s);
		s += take;
		if (take == n && s[0] == '\n')
			s++;
		if (lines >= JX_XROW_LINES || !*s) {
			r = jx_fx_row(b);
			if (r < 0)
				break;
			if (first < 0)
				first = r;
			jx_fx_span(b, r, c, b->f->ncols - c, chunk.len ? chunk.s : "", JX_XS_TEXT);
			chunk.len = 0;
			if (chunk.s)
				chunk.s[0] = '\0';
			lines = 0;
		}
	}
	if (chunk.oom)
		b->oom = 1;
	free(chunk.s);
	if (first >= 0) {
		jx_fx_span(b, first, 0, c, label, JX_XS_LABEL);
		jx_fx_merge(b, first, 0, b->f->nrows - first, c);
	}
}

void jx_fx_line(jx_xbuilder *b, const char *label, const char *value)
{
	long_text(b, label, value, 1);
}

void jx_fx_note(jx_xbuilder *b, const char *text)
{
	int r;
	if (!text || !*text)
		return;
	r = jx_fx_row(b);
	if (r < 0)
		return;
	jx_fx_row_style(b, r, JX_XS_NOTE);
	jx_fx_span(b, r, 0, b->f->ncols, text, JX_XS_NOTE);
}

/* Columns of part i of n across a row of ncols columns. */
static void part_cols(int ncols, int i, int n, int *c0, int *cols)
{
	*c0 = i * ncols / n;
	*cols = (i + 1) * ncols / n - *c0;
}

/* The sign-off block of the national and provincial forms, kept on one
 * page: 填报单位（盖章） and 填报日期; 单位负责人, 财务负责人 and 项目负责人
 * (signed by hand); 填报人 and 联系电话. */
void jx_fx_signoff(jx_xbuilder *b, const jx_sheet *s)
{
	const char *unit = s->info[JX_INFO_UNIT] && *s->info[JX_INFO_UNIT] ? s->info[JX_INFO_UNIT]
									 : jx_xinfo(s, JX_INFO_DEPARTMENT);
	const struct {
		int row, part, parts;
		const char *label, *value;
	} fields[] = {
		{0, 0, 2, "填报单位（盖章）：", unit},
		{0, 1, 2, "填报日期：", jx_xinfo(s, JX_INFO_FILL_DATE)},
		{1, 0, 3, "单位负责人：", ""},
		{1, 1, 3, "财务负责人：", ""},
		{1, 2, 3, "项目负责人：", jx_xinfo(s, JX_INFO_MANAGER)},
		{2, 0, 2, "填报人：", jx_xinfo(s, JX_INFO_FILLER)},
		{2, 1, 2, "联系电话：", jx_xinfo(s, JX_INFO_PHONE)},
	};
	int first = jx_fx_rows(b, 4), c0, cols;
	if (first < 0)
		return;
	jx_fx_row_style(b, first, JX_XS_NOTE);
	jx_fx_span(b, first, 0, b->f->ncols, "", JX_XS_NOTE);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		jx_xsbuf *sb = &b->scratch;
		sb->len = 0;
		jx_xsb_add(sb, "%s%s", fields[i].label, fields[i].value);
		if (sb->oom)
			b->oom = 1;
		part_cols(b->f->ncols, fields[i].part, fields[i].parts, &c0, &cols);
		jx_fx_span(b, first + 1 + fields[i].row, c0, cols, sb->len ? sb->s : "", JX_XS_NOTE);
	}
	jx_fx_keep(b, first, 4);
}

/* A fund row's amount: "—" when there is none. */
jx_xcell *jx_fx_money(jx_xbuilder *b, int r, int c, jx_dec v)
{
	if (v == JX_NONE)
		return jx_fx_text(b, r, c, "—", JX_XS_CENTER);
	return jx_fx_num(b, r, c, v, JX_XN_MONEY, JX_XS_NUMBER);
}

size_t jx_xfund_rows(const jx_xsheet *x, jx_xfund_row **out)
{
	const jx_sheet *s = x->sheet;
	const jx_template *t = x->tpl;
	size_t n = 0;
	jx_xfund_row *v = malloc((t->n_fund_sources + s->n_funds + 1) * sizeof *v);
	*out = v;
	if (!v)
		return 0;
	for (size_t i = 0; i < t->n_fund_sources; i++) {
		v[n].source = t->fund_sources[i];
		v[n].fund = jx_sheet_fund(s, t->fund_sources[i]);
		n++;
	}
	for (size_t i = 0; i < s->n_funds; i++) {
		size_t k = 0;
		while (k < t->n_fund_sources && !jx_streq(t->fund_sources[k], s->funds[i].source))
			k++;
		if (k == t->n_fund_sources) {
			v[n].source = jx_nz(s->funds[i].source);
			v[n].fund = &s->funds[i];
			n++;
		}
	}
	return n;
}

int jx_xmissing(const jx_xsheet *x, const char *path)
{
	for (size_t i = 0; path && i < x->findings.n; i++)
		if (jx_streq(x->findings.v[i].path, path))
			return 1;
	return 0;
}

void jx_xgrade_text(const jx_xsheet *x, char *buf, size_t len)
{
	/* the forms are Chinese whatever the interface language */
	jx_grade_text(&x->ss, jx_findings_unfilled(&x->findings), 0, buf, len);
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
		if (jx_exec_cap_applies(&r->caps[i], (x->ss.exec_rate > r->caps[i].below) - (x->ss.exec_rate < r->caps[i].below)) &&
		    (best == JX_NONE || r->caps[i].max_total < best))
			best = r->caps[i].max_total;
	if (best == JX_NONE || best != x->ss.total)
		return 0;
	*cap = best;
	return 1;
}

void jx_fx_total_formula(jx_xbuilder *b, const jx_xsheet *x, jx_xcell *cell, const jx_xcellset *parts)
{
	jx_dec cap;
	char num[48];
	if (cap_value(x, &cap))
		jx_fx_sum_formula(b, cell, parts, jx_fmt_trim(num, cap));
	else
		jx_fx_sum_formula(b, cell, parts, NULL);
}

/* Funds totals as SUM formulas over the source rows. */
void jx_fx_funds_total(jx_xbuilder *b, int r, int c, int first, int nrows, jx_dec total)
{
	jx_xcell *cell = jx_fx_num(b, r, c, total, JX_XN_MONEY, JX_XS_NUMBER);
	jx_xcellset set; /* used up to n: not zeroed whole (8 KiB) */
	set.n = set.overflow = 0;
	for (int i = 0; i < nrows; i++)
		jx_fx_set_add(&set, first + i, c);
	if (nrows > 0)
		jx_fx_sum_formula(b, cell, &set, NULL);
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
			/* Numbers are ASCII: their width is their length, and a
			 * number never wraps (a spreadsheet shows ### instead). */
			if (cell->num == JX_XN_TEXT)
				cw = (cell->text ? cell->text_cols : 0) + 2;
			else
				cw = (int)strlen(jx_xcell_display(cell, buf)) + 2;
			if (cell->num != JX_XN_TEXT && c < 16) {
				if (cw > f->max_width[c])
					f->max_width[c] = cw;
				if (cw > f->min_width[c])
					f->min_width[c] = cw;
			}
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

static double form_pt(const jx_xform *f, const int *w)
{
	double pt = 0;
	for (int c = 0; c < f->ncols; c++)
		pt += jx_xcol_pt(w[c]);
	return pt;
}

/* Portrait when the columns as measured fit A4's width, else landscape;
 * then columns that would print wider than the page give up their width
 * above their minimum, in proportion, so that the form prints at full size
 * (a spreadsheet fitting it to the page would shrink every letter). */
static void fit_page(jx_xform *f)
{
	double page = JX_XPAGE_PORTRAIT_PT, over, room = 0;
	int mins[16];
	f->landscape = 0;
	if (form_pt(f, f->widths) <= page)
		return;
	f->landscape = 1;
	page = JX_XPAGE_LANDSCAPE_PT;
	over = form_pt(f, f->widths) - page;
	if (over <= 0 || f->ncols > 16)
		return;
	for (int c = 0; c < f->ncols; c++) {
		mins[c] = f->min_width[c] < f->widths[c] ? f->min_width[c] : f->widths[c];
		room += 5.6 * (f->widths[c] - mins[c]);
	}
	if (room <= 0)
		return;
	/* each column gives over × its share of the room, rounded up */
	for (int c = 0; c < f->ncols; c++) {
		int give = (int)(over / room * (f->widths[c] - mins[c]) + 0.999);
		f->widths[c] -= give < f->widths[c] - mins[c] ? give : f->widths[c] - mins[c];
	}
}

/* Covered cells take their merge's style and number format (the xlsx
 * writer draws their borders with it); then the column widths. */
static void finish_form(jx_xform *f)
{
	/* a CSV writes nothing of a covered cell, nor any style */
	for (int r = 0; r < f->nrows && !f->no_widths; r++)
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
					cell->decimals = top->decimals;
				}
		}
	if (f->no_widths)
		return; /* (measuring every figure was a twentieth of a CSV export) */
	compute_widths(f);
	fit_page(f);
}

/* The form built, finished; NULL (the form freed) when out of memory. */
static jx_xform *build_done(jx_xbuilder *b)
{
	free(b->scratch.s);
	if (b->oom || !b->f->sheet_name) {
		jx_xform_free(b->f);
		return NULL;
	}
	finish_form(b->f);
	return b->f;
}

/* Worksheet names: at most 31 characters, none of []:*?/\ and no quote. */
static char *sheet_name(jx_xbuilder *b, const jx_xsheet *x, int index, int several)
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
	f->head_first = f->head_rows = 0;
	f->landscape = f->n_tags = 0;
	f->total_row = f->total_col = f->rate_row = f->rate_col = -1;
	for (int c = 0; c < 16; c++) {
		f->min_width[c] = 8;
		f->max_width[c] = 30;
	}
	arena_reset(f);
	return f;
}

jx_xform *jx_xform_reset(jx_xform *f, int ncols, const jx_xsheet *x)
{
	f = form_reset(f, ncols);
	if (f) {
		/* what the writer needs is the sheet's, never the last form's */
		f->no_tags = x->no_tags;
		f->no_widths = x->no_widths;
		f->no_formulas = x->no_formulas;
	}
	return f;
}

char *jx_xform_strdup(jx_xbuilder *b, const char *s)
{
	return arena_strn(b, s, strlen(s));
}

jx_xform *jx_xform_done(jx_xbuilder *b)
{
	return build_done(b);
}

jx_xform *jx_xform_rebuild(jx_xform *f, const jx_xsheet *x, int index, int several)
{
	jx_xbuilder b;
	int ncols = x->tpl->kind == JX_KIND_EXTERNAL		       ? 4
		    : x->tpl->kind == JX_KIND_PROJECT_SELF	       ? jx_xproject_columns(x->sheet)
		    : x->tpl->kind == JX_KIND_PROJECT_DECLARATION ? JX_XDECLARATION_COLUMNS
		    : x->tpl->kind == JX_KIND_PROJECT_MONITORING  ? JX_XMONITORING_COLUMNS
								       : 9;

	memset(&b, 0, sizeof b);
	b.f = jx_xform_reset(f, ncols, x);
	if (!b.f)
		return NULL;
	switch (x->tpl->kind) {
	case JX_KIND_PROJECT_SELF: jx_xbuild_project_self(&b, x); break;
	case JX_KIND_DEPT_EVAL: jx_xbuild_dept_eval(&b, x); break;
	case JX_KIND_DEPT_OVERALL: jx_xbuild_dept_overall(&b, x); break;
	case JX_KIND_EXTERNAL: jx_xbuild_external(&b, x); break;
	case JX_KIND_PROJECT_DECLARATION: jx_xbuild_declaration(&b, x); break;
	case JX_KIND_PROJECT_MONITORING: jx_xbuild_monitoring(&b, x); break;
	}
	b.f->sheet_name = sheet_name(&b, x, index, several);
	return build_done(&b);
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
	free(f->keep);
	free(f->widths);
	free(f->tags);
	free(f);
}

/* ---- numbers as text ---- */

size_t jx_xcell_figure(const jx_xcell *c, char *buf)
{
	buf[0] = '\0';
	if (!c->has_value)
		return 0;
	switch (c->num) {
	case JX_XN_MONEY:
	case JX_XN_SCORE:
	case JX_XN_POINTS: return jx_fmt_len(buf, c->value, 2, 0);
	case JX_XN_INT: return jx_fmt_len(buf, c->value, 0, 0);
	case JX_XN_RATE: {
		size_t n = jx_fmt_len(buf, c->value * 100, 2, 0);
		buf[n] = '%';
		buf[n + 1] = '\0';
		return n + 1;
	}
	case JX_XN_VALUE: return jx_fmt_len(buf, c->value, c->decimals, 0);
	default: return 0;
	}
}

const char *jx_xcell_display(const jx_xcell *c, char *buf)
{
	if (c->num == JX_XN_TEXT)
		return jx_nz(c->text);
	jx_xcell_figure(c, buf);
	return buf;
}

/* ---- summary ---- */

static char *xstrdup(const char *s)
{
	return strdup(jx_nz(s));
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
	jx_xgrade_text(x, sum->grade, sizeof sum->grade);
	sum->findings = x->findings.n;
	if (f && f->sheet_name) {
		char ref[16], buf[256];
		if (f->total_row >= 0) {
			jx_xcref(ref, f->total_row, f->total_col);
			snprintf(buf, sizeof buf, "'%s'!%s", f->sheet_name, ref);
			sum->ref_total = strdup(buf);
		}
		if (f->rate_row >= 0 && jx_xform_cell(f, f->rate_row, f->rate_col)->has_value) {
			jx_xcref(ref, f->rate_row, f->rate_col);
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
	/* 等级 as wide as 未完成（12 项未填）: a grade never wraps */
	static const int mins[9] = {5, 20, 16, 6, 16, 8, 22, 9, 7};
	static const int maxs[9] = {6, 40, 30, 6, 30, 8, 22, 9, 7};
	static const char *heads[9] = {"序号", "项目名称", "实施单位", "年度", "模板", "总分", "等级", "执行率", "问题数"};
	jx_xbuilder b;
	int r;

	memset(&b, 0, sizeof b);
	b.f = form_new(9);
	if (!b.f)
		return NULL;
	set_widths(b.f, mins, maxs);
	r = jx_fx_row(&b);
	jx_fx_row_style(&b, r, JX_XS_TITLE);
	jx_fx_span(&b, r, 0, 9, "绩效评价汇总表", JX_XS_TITLE);
	r = jx_fx_row(&b);
	for (int c = 0; c < 9; c++)
		jx_fx_text(&b, r, c, heads[c], JX_XS_HEAD);
	b.f->head_rows = 2;
	for (size_t i = 0; i < n && !b.oom; i++) {
		jx_xcell *cell;
		r = jx_fx_row(&b);
		if (r < 0)
			break;
		jx_fx_num(&b, r, 0, JX_INT((int64_t)i + 1), JX_XN_INT, JX_XS_CENTER);
		jx_fx_text(&b, r, 1, v[i].name, JX_XS_TEXT);
		jx_fx_text(&b, r, 2, v[i].unit, JX_XS_TEXT);
		jx_fx_num(&b, r, 3, JX_INT(v[i].year), JX_XN_INT, JX_XS_CENTER);
		jx_fx_text(&b, r, 4, v[i].tpl_name, JX_XS_TEXT);
		cell = jx_fx_num(&b, r, 5, v[i].total, JX_XN_SCORE, JX_XS_CENTER);
		if (v[i].ref_total)
			jx_fx_formula(&b, cell, "=%s", v[i].ref_total);
		jx_fx_text(&b, r, 6, v[i].grade, JX_XS_CENTER);
		cell = jx_fx_num(&b, r, 7, v[i].rate, JX_XN_RATE, JX_XS_CENTER);
		if (v[i].ref_rate)
			jx_fx_formula(&b, cell, "=%s", v[i].ref_rate);
		jx_fx_num(&b, r, 8, JX_INT((int64_t)v[i].findings), JX_XN_INT, JX_XS_CENTER);
	}
	b.f->sheet_name = arena_strn(&b, "汇总", strlen("汇总"));
	return build_done(&b);
}
