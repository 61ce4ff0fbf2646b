/* An indicator table turned into a sheet (sheet_from_table.h).
 *
 * Provincial systems and Excel templates lay the indicator table out in
 * many ways, but they all head it with the same few names; the header row
 * is the first of the first rows of a worksheet that names the indicator
 * (三级指标 / 指标名称) and at least two other fields.  Worksheets without
 * one (a 审核意见 sheet, a cover) are passed over.  Below it, a row with an
 * indicator name is an indicator; its 一级 and 二级 come from its own cells,
 * from the merged range they sit in, or from the row above (an xls does not
 * say which cells are merged, and a merged cell's text is in its top cell
 * only).  Rows without a name of their own (subtotals, the sign-off block,
 * text merged across the name column) and a header row repeated at a page
 * break are passed over; the total row (总分, 合计) ends the table. */
#include "sheet_from_table.h"

#include <stdlib.h>
#include <string.h>

#include "fundtotal.h"
#include "num.h"
#include "strutil.h"
#include "sheetio.h"
#include "target.h"

typedef enum {
	F_L1,
	F_L2,
	F_NAME,
	F_SUB,
	F_CMP,
	F_TARGET,
	F_UNIT,
	F_ACTUAL,
	F_POINTS,
	F_SCORE,
	F_DEV,
	F_PROJECT,
	F_YEAR,
	F_TEMPLATE,
	F_COUNT,
	F_NONE = -1
} tfield;

/* Each field's --map name and the headings that name it (a heading
 * matches when it starts with one of them, spaces and line breaks left
 * out: "偏差原因分析及改进措施" and "偏差原因" alike). */
static const struct {
	const char *key;
	const char *heads[5];
} fields[F_COUNT] = {
	[F_L1] = {"l1", {"一级指标"}},
	[F_L2] = {"l2", {"二级指标"}},
	[F_NAME] = {"name", {"三级指标", "指标名称", "绩效指标"}},
	[F_SUB] = {"subproject", {"所属项目", "二级项目", "子项目"}},
	[F_CMP] = {"cmp", {"计算符号", "指标性质", "指标方向"}},
	[F_TARGET] = {"target", {"年度指标值", "指标值", "年度目标值", "目标值"}},
	[F_UNIT] = {"unit", {"度量单位", "计量单位"}},
	[F_ACTUAL] = {"actual", {"实际完成值", "全年实际值", "完成值"}},
	[F_POINTS] = {"points", {"分值", "权重"}},
	[F_SCORE] = {"score", {"得分"}},
	[F_DEV] = {"deviation", {"偏差原因"}},
	[F_PROJECT] = {"project", {"项目名称"}},
	[F_YEAR] = {"year", {"年度"}},
	/* the template id csv-data writes, so a sheet comes back under its own */
	[F_TEMPLATE] = {"template", {"模板"}},
};

#define HEADER_SCAN_ROWS 40

const char *jx_table_fields_list(void)
{
	return "l1 l2 name subproject cmp target unit actual points score deviation project year template";
}

/* s without ASCII blanks and ideographic spaces, and without a trailing
 * colon, into buf. */
static const char *squeeze(const char *s, char *buf, size_t cap)
{
	size_t n = 0;
	for (; s && *s && n + 4 < cap; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
			continue;
		if (strncmp(s, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
			s += 2;
			continue;
		}
		buf[n++] = *s;
	}
	buf[n] = 0;
	if (n >= 3 && strcmp(buf + n - 3, "\xEF\xBC\x9A") == 0) /* ： */
		buf[n - 3] = 0;
	else if (n && buf[n - 1] == ':')
		buf[n - 1] = 0;
	return buf;
}

/* The field a heading names, and in *rank which of its headings (0 = the
 * first, the most specific: 三级指标 wins over 绩效指标, a group label some
 * forms put beside it). */
static tfield heading_rank(const char *cell, int *rank)
{
	char b[256];
	squeeze(cell, b, sizeof b);
	if (!*b)
		return F_NONE;
	for (int f = 0; f < F_COUNT; f++)
		for (int k = 0; k < 5 && fields[f].heads[k]; k++)
			if (strncmp(b, fields[f].heads[k], strlen(fields[f].heads[k])) == 0 &&
			    (f == F_DEV || strlen(b) <= strlen(fields[f].heads[k]) + 12)) {
				*rank = k;
				return (tfield)f;
			}
	return F_NONE;
}

static tfield heading_field(const char *cell)
{
	int rank;
	return heading_rank(cell, &rank);
}

static tfield field_by_key(const char *k)
{
	for (int f = 0; f < F_COUNT; f++)
		if (strcmp(fields[f].key, k) == 0)
			return (tfield)f;
	return F_NONE;
}

/* The text a cell shows, a merged range's from its top-left cell. */
static const char *shown(const jx_table *t, size_t r, size_t c)
{
	for (size_t i = 0; i < t->nmerges; i++) {
		const jx_table_merge *m = &t->merges[i];
		if (r >= m->r0 && r <= m->r1 && c >= m->c0 && c <= m->c1)
			return jx_table_at(t, m->r0, m->c0);
	}
	return jx_table_at(t, r, c);
}

typedef struct {
	const jx_table *t;
	const char *file;
	size_t hrow;
	size_t first, end; /* the data rows of the sheet being read */
	int many;          /* one of several sheets in one table (no blocks above) */
	int col[F_COUNT];  /* column of each field, -1 = none */
	char where[600];  /* "file!sheet!" */
	int cells_hold_numbers; /* xlsx, xls: a cell gives its number, not the text it shows */
} mapping;

/* The header row of t: 1 when found (m filled). */
static int find_header(const jx_table *t, mapping *m)
{
	for (size_t r = 0; r < t->nrows && r < HEADER_SCAN_ROWS; r++) {
		int n = 0, rank[F_COUNT];
		for (int f = 0; f < F_COUNT; f++)
			m->col[f] = -1;
		for (size_t c = 0; c < t->ncols; c++) {
			int k;
			tfield f = heading_rank(jx_table_at(t, r, c), &k);
			if (f != F_NONE && (m->col[f] < 0 || k < rank[f])) {
				n += m->col[f] < 0;
				m->col[f] = (int)c;
				rank[f] = k;
			}
		}
		if (m->col[F_NAME] >= 0 && n >= 3) {
			m->hrow = r;
			m->t = t;
			return 1;
		}
	}
	return 0;
}

/* Column letters or a heading into a column; -1 when neither. */
static int column_of(const mapping *m, const char *s)
{
	size_t c = 0, k = 0;
	char b[256], h[256];
	for (; s[k] >= 'A' && s[k] <= 'Z' && k < 3; k++)
		c = c * 26 + (size_t)(s[k] - 'A' + 1);
	if (k && !s[k])
		return c - 1 < m->t->ncols ? (int)c - 1 : -1;
	squeeze(s, b, sizeof b);
	for (size_t i = 0; i < m->t->ncols; i++)
		if (strcmp(squeeze(jx_table_at(m->t, m->hrow, i), h, sizeof h), b) == 0)
			return (int)i;
	return -1;
}

/* --map "COLUMN=FIELD,...": the corrections. */
static int apply_map(mapping *m, const char *spec, jx_err *err)
{
	char *copy = strdup(spec ? spec : ""), *save = NULL, *item;
	int rc = 0;
	if (!copy) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	for (item = strtok_r(copy, ",", &save); item && rc == 0; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		int c;
		tfield f;
		if (!eq) {
			jx_err_set(err, "--map 应写作 列=字段，如 C=name: %s", "--map takes COLUMN=FIELD, e.g. C=name: %s",
				   item);
			rc = -1;
			break;
		}
		*eq = 0;
		c = column_of(m, item);
		f = strcmp(eq + 1, "-") == 0 ? F_NONE : field_by_key(eq + 1);
		if (c < 0) {
			jx_err_set(err, "--map: 表头中没有列“%s”", "--map: no column \"%s\" in the header", item);
			rc = -1;
		} else if (f == F_NONE && strcmp(eq + 1, "-") != 0) {
			jx_err_set(err, "--map: 未知字段“%s”；可用: %s", "--map: unknown field \"%s\"; use one of: %s", eq + 1,
				   jx_table_fields_list());
			rc = -1;
		} else {
			for (int k = 0; k < F_COUNT; k++)
				if (m->col[k] == c)
					m->col[k] = -1;
			if (f != F_NONE)
				m->col[f] = c;
		}
	}
	free(copy);
	return rc;
}

/* The text of field f in row r.  A form's prompt for a value not yet
 * written ("（须填写偏差原因）") is no value. */
static const char *val(const mapping *m, size_t r, tfield f)
{
	const char *v = m->col[f] < 0 ? NULL : shown(m->t, r, (size_t)m->col[f]);
	return v && strncmp(v, "（须填写", strlen("（须填写")) == 0 ? NULL : v;
}

/* Does the cell (r, c) sit in a merged range that starts left of it (a
 * label written across the table: 总分, 小计, a sign-off line)? */
static int spanned_from_left(const jx_table *t, size_t r, size_t c)
{
	for (size_t i = 0; i < t->nmerges; i++) {
		const jx_table_merge *m = &t->merges[i];
		if (r >= m->r0 && r <= m->r1 && c > m->c0 && c <= m->c1)
			return 1;
	}
	return 0;
}

static const char *cellname(const mapping *m, size_t r, tfield f, char *buf, size_t cap)
{
	char cn[24];
	snprintf(buf, cap, "%s%s", m->where, jx_table_cellname(r, m->col[f] < 0 ? 0 : (size_t)m->col[f], cn, sizeof cn));
	return buf;
}

/* The slot node for 一级 l1 and 二级 l2. */
static const jx_node *find_slot(const jx_template *tp, const char *l1, const char *l2)
{
	const jx_node *loose = NULL;
	for (size_t i = 0; i < tp->n_all; i++) {
		const jx_node *n = tp->all[i];
		const jx_node *top = n;
		if (n->kind != JX_NODE_SLOT || !(jx_streq(n->name, l2) || (n->category && l2 && strstr(n->category, l2))))
			continue;
		while (top->parent)
			top = top->parent;
		if (!jx_has_text(l1) || jx_streq(top->name, l1) || (n->parent && jx_streq(n->parent->name, l1)))
			return n;
		if (!loose)
			loose = n;
	}
	return loose;
}

/* The comparator a 计算符号 / 指标性质 cell gives: signs, or 正向 / 反向 /
 * 定性 as provincial systems write them.  0 or -1. */
static int cmp_cell(const char *s, jx_cmp *out)
{
	char b[64];
	squeeze(s, b, sizeof b);
	if (!*b) {
		*out = JX_CMP_NONE;
		return 0;
	}
	if (jx_cmp_parse(b, out) == 0)
		return 0;
	if (strstr(b, "定性"))
		*out = JX_CMP_QUAL;
	else if (strstr(b, "反向"))
		*out = JX_CMP_LE;
	else if (strstr(b, "正向") || strstr(b, "定量"))
		*out = JX_CMP_GE;
	else
		return -1;
	return 0;
}

static int bad(jx_err *err, const char *where, const char *zh, const char *en, const char *text)
{
	jx_err_set(err, "%s: %s“%s”", "%s: %s \"%s\"", where, L(zh, en), jx_nz(text));
	return -1;
}

/* A range "3-5 场" (also 3~5, 3至5, 3到5): at least its lower end, the
 * text kept as written.  0 = it was one (d set), -1 = not a range. */
static int range_target(const char *tv, jx_indicator *d)
{
	static const char *const dashes[] = {"-", "~", "～", "至", "到", "—"};
	char lo[64], b[256];
	const char *p;
	size_t n = 0;
	jx_dec v;
	jx_err e;
	squeeze(tv, b, sizeof b);
	for (p = b; ((*p >= '0' && *p <= '9') || *p == '.') && n + 1 < sizeof lo; p++)
		lo[n++] = *p;
	lo[n] = 0;
	if (!n || jx_parse_dec(lo, 0, &v, &e) < 0)
		return -1;
	for (size_t k = 0; k < sizeof dashes / sizeof dashes[0]; k++)
		if (strncmp(p, dashes[k], strlen(dashes[k])) == 0) {
			const char *q = p + strlen(dashes[k]);
			if (!(*q >= '0' && *q <= '9'))
				return -1;
			while ((*q >= '0' && *q <= '9') || *q == '.')
				q++;
			d->cmp = JX_CMP_GE;
			d->target = v;
			return jx_set_str(&d->target_text, tv) | jx_set_str(&d->unit, *q ? q : NULL);
		}
	return -1;
}

/* A date cell read from an xlsx is the serial number Excel keeps (days
 * since 1899-12-30); a deadline's target or actual in that form becomes
 * YYYY-MM-DD.  buf unchanged (and -1) when text is not such a number. */
static int serial_date(const char *text, char *buf, size_t cap)
{
	char *end;
	long days = strtol(text ? text : "", &end, 10), m, d, a, b, c, e;
	if (!text || end == text || (*end && *end != '.') || days < 1 || days > 2958465)
		return -1;
	/* civil date from the day number (Fliegel and Van Flandern) */
	a = days + 2415019 + 32044;
	b = (4 * a + 3) / 146097;
	c = a - 146097 * b / 4;
	d = (4 * c + 3) / 1461;
	e = c - 1461 * d / 4;
	m = (5 * e + 2) / 153;
	snprintf(buf, cap, "%04ld-%02ld-%02ld", 100 * b + d - 4800 + m / 10, m + 3 - 12 * (m / 10),
		 e - (153 * m + 2) / 5 + 1);
	return 0;
}

/* Target and comparator of row r into d. */
static int read_target(const mapping *m, size_t r, jx_indicator *d, jx_err *err)
{
	const char *tv = val(m, r, F_TARGET), *uv = val(m, r, F_UNIT);
	char where[700], text[1024];
	jx_cmp cmp = JX_CMP_NONE;
	jx_target t;
	jx_err perr;
	if (cmp_cell(val(m, r, F_CMP), &cmp) < 0)
		return bad(err, cellname(m, r, F_CMP, where, sizeof where), "计算符号看不懂:", "comparator not understood:",
			   val(m, r, F_CMP));
	if (!jx_has_text(tv)) {
		d->cmp = cmp;
		return jx_set_str(&d->unit, uv);
	}
	if (cmp == JX_CMP_QUAL) {
		d->cmp = JX_CMP_QUAL;
		return jx_set_str(&d->target_text, tv) | jx_set_str(&d->unit, uv);
	}
	if (cmp == JX_CMP_DEADLINE && serial_date(tv, text, sizeof text) == 0)
		tv = text;
	else
		snprintf(text, sizeof text, "%s%s", cmp == JX_CMP_NONE || cmp == JX_CMP_DEADLINE ? "" : jx_cmp_name(cmp),
			 tv);
	/* a range is tried only on what is neither a number nor a date */
	if (cmp == JX_CMP_NONE && (jx_target_parse(text, &t, &perr) < 0 || t.kind == JX_TGT_QUAL) &&
	    range_target(tv, d) == 0)
		return 0;
	if (jx_target_parse(text, &t, &perr) < 0) {
		jx_err_set(err, "%s: %s", "%s: %s", cellname(m, r, F_TARGET, where, sizeof where), perr.msg);
		return -1;
	}
	if (t.kind == JX_TGT_NUMBER) {
		jx_dec plain;
		/* a number with no comparator anywhere is a target to reach (≥):
		 * forms print "2 个" for ≥ 2 个 */
		d->cmp = t.cmp != JX_CMP_NONE ? t.cmp : cmp != JX_CMP_NONE ? cmp : JX_CMP_GE;
		d->target = t.value;
		/* the target as the form prints it, when it is more than the number */
		if (jx_parse_dec(tv, 0, &plain, &perr) < 0 && jx_set_str(&d->target_text, tv) < 0)
			return -1;
		return jx_set_str(&d->unit, jx_has_text(uv) ? uv : t.unit);
	}
	d->cmp = t.kind == JX_TGT_DEADLINE ? JX_CMP_DEADLINE : JX_CMP_QUAL;
	return jx_set_str(&d->target_text, t.kind == JX_TGT_DEADLINE ? t.date : tv) | jx_set_str(&d->unit, uv);
}

/* The number an actual written as a sentence states: the last number
 * followed by the indicator's unit ("参会企业数量 25 个" under 个 is 25,
 * "企业满意度 90%以上" under % is 90).  0 or -1 (none). */
static int number_before_unit(const char *text, const char *unit, jx_dec *out)
{
	const char *p = text, *hit = NULL;
	size_t ul = unit ? strlen(unit) : 0;
	jx_err e;
	if (!ul)
		unit = "", ul = 0;
	for (; *p; p++) {
		const char *q = p;
		char num[64];
		size_t n = 0;
		if (!((*p >= '0' && *p <= '9') && (p == text || !((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.'))))
			continue;
		while (((*q >= '0' && *q <= '9') || *q == '.') && n + 1 < sizeof num)
			num[n++] = *q++;
		num[n] = 0;
		while (*q == ' ')
			q++;
		if (strncmp(q, unit, ul) == 0 && jx_parse_dec(num, 0, out, &e) == 0) {
			/* with no unit to go by, only a sentence with one number says it */
			if (!ul && hit)
				return -1;
			hit = p;
		}
	}
	return hit ? 0 : -1;
}

/* A qualitative indicator's band from the score it was given: the band
 * whose share of the points holds score / points. */
static int band_of(const jx_template *tp, jx_dec score, jx_dec points)
{
	jx_dec share;
	if (score == JX_NONE || points == JX_NONE || points <= 0)
		return -1;
	share = jx_muldiv(score, JX_SCALE, points, 6);
	for (size_t i = 0; i < tp->rules.n_bands; i++) {
		const jx_qual_band *b = &tp->rules.bands[i];
		if (share >= b->lo && (share < b->hi || (b->hi_inclusive && share == b->hi)))
			return (int)i;
	}
	return -1;
}

/* The actual, points and score of row r into d. */
static int read_figures(const mapping *m, size_t r, jx_indicator *d, jx_err *err)
{
	const char *av = val(m, r, F_ACTUAL), *pv = val(m, r, F_POINTS), *sv = val(m, r, F_SCORE);
	char where[700], num[256];
	jx_err perr;
	if (jx_has_text(av)) {
		size_t ul = d->unit ? strlen(d->unit) : 0, al;
		int numeric = d->cmp != JX_CMP_QUAL && d->cmp != JX_CMP_DEADLINE;
		if (d->cmp == JX_CMP_DEADLINE && serial_date(av, num, sizeof num) == 0)
			av = num;
		else
			snprintf(num, sizeof num, "%s", av);
		al = strlen(av);
		if (ul && al > ul && strcmp(av + al - ul, d->unit) == 0 && al - ul < sizeof num)
			num[al - ul] = 0; /* "37.24万元" under 万元 */
		if (!numeric || jx_parse_dec(num, JX_NUM_PERCENT, &d->actual, &perr) < 0) {
			/* a sentence: kept as written, with the number it states */
			if (numeric && number_before_unit(av, d->unit, &d->actual) < 0)
				number_before_unit(av, NULL, &d->actual);
			if (jx_set_str(&d->actual_text, av) < 0)
				return -1;
		}
	}
	if (jx_has_text(pv) && jx_parse_dec(pv, JX_NUM_NONNEG | JX_NUM_PERCENT, &d->points, &perr) < 0) {
		jx_err_set(err, "%s: %s", "%s: %s", cellname(m, r, F_POINTS, where, sizeof where), perr.msg);
		return -1;
	}
	/* a qualitative indicator's score is the evaluator's; any other is the
	 * score the document states, checked against the one computed */
	if (jx_has_text(sv) && jx_parse_dec(sv, JX_NUM_NONNEG, d->cmp == JX_CMP_QUAL ? &d->score_entered : &d->score_stated,
					    &perr) < 0) {
		jx_err_set(err, "%s: %s", "%s: %s", cellname(m, r, F_SCORE, where, sizeof where), perr.msg);
		return -1;
	}
	return 0;
}

/* Is row r a heading row again (a page break's repeated labels)? */
static int repeated_header(const mapping *m, size_t r)
{
	return heading_field(val(m, r, F_NAME)) == F_NAME;
}

static int read_rows(const mapping *m, const jx_template *tp, jx_sheet *s, FILE *dry, jx_err *err)
{
	char l1[256] = "", l2[256] = "", where[700];
	for (size_t r = m->first; r < m->end; r++) {
		const char *name = val(m, r, F_NAME), *a = val(m, r, F_L1), *b = val(m, r, F_L2);
		const jx_node *slot;
		jx_indicator *d;
		if (jx_has_text(a) && heading_field(a) != F_L1)
			snprintf(l1, sizeof l1, "%s", a);
		if (jx_has_text(b) && heading_field(b) != F_L2)
			snprintf(l2, sizeof l2, "%s", b);
		if (jx_streq(a, "总分") || jx_streq(a, "合计"))
			break; /* the form's total: the indicator table ends */
		if (!jx_has_text(name) || repeated_header(m, r) || spanned_from_left(m->t, r, (size_t)m->col[F_NAME]))
			continue;
		slot = find_slot(tp, l1, l2);
		if (!slot) {
			jx_err_set(err, "%s: 二级指标“%s”(一级“%s”) 在模板 %s 中没有可放指标的位置",
				   "%s: 二级 \"%s\" (一级 \"%s\") has no place for indicators in template %s",
				   cellname(m, r, m->col[F_L2] >= 0 ? F_L2 : F_NAME, where, sizeof where), l2, l1, tp->id);
			return -1;
		}
		d = jx_sheet_add_ind(s, NULL);
		if (!d || jx_set_str(&d->slot, slot->key) < 0 || jx_set_str(&d->name, name) < 0 ||
		    jx_set_str(&d->subproject, val(m, r, F_SUB)) < 0 ||
		    jx_set_str(&d->deviation_reason, val(m, r, F_DEV)) < 0) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		if (read_target(m, r, d, err) < 0 || read_figures(m, r, d, err) < 0)
			return -1;
		if (d->cmp == JX_CMP_QUAL)
			d->band = band_of(tp, d->score_entered, d->points);
		if (dry)
			fprintf(dry, "%zu\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r + 1, slot->key, name,
				jx_cmp_name(d->cmp),
				jx_has_text(d->target_text) ? d->target_text : jx_nz(val(m, r, F_TARGET)), jx_nz(d->unit),
				jx_has_text(d->actual_text) ? d->actual_text : jx_nz(val(m, r, F_ACTUAL)), jx_nz(val(m, r, F_POINTS)), jx_nz(val(m, r, F_SCORE)),
				jx_nz(d->subproject));
	}
	return 0;
}

/* "项目名称 | X" or "年度 | 2023" anywhere above the table: the value to
 * the right of a label cell. */
static const char *label_value(const jx_table *t, size_t rows, const char *label)
{
	char b[256];
	for (size_t r = 0; r < rows && r < t->nrows; r++)
		for (size_t c = 0; c + 1 < t->ncols; c++)
			if (strcmp(squeeze(jx_table_at(t, r, c), b, sizeof b), label) == 0)
				for (size_t k = c + 1; k < t->ncols; k++)
					if (jx_has_text(shown(t, r, k)) && shown(t, r, k) != shown(t, r, c))
						return shown(t, r, k);
	return NULL;
}

/* "填报人：李凤笑": the value after a label in the same cell, anywhere in
 * the table (the sign-off block is under it). */
static const char *label_inline(const jx_table *t, const char *label)
{
	size_t ll = strlen(label);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = jx_table_at(t, r, c);
			if (v && strncmp(v, label, ll) == 0 && strncmp(v + ll, "：", strlen("：")) == 0 &&
			    jx_has_text(v + ll + strlen("：")))
				return v + ll + strlen("：");
		}
	return NULL;
}

/* The year in a title such as "（2022年度）" above the table. */
static const char *title_year(const jx_table *t, size_t rows)
{
	for (size_t r = 0; r < rows && r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = jx_table_at(t, r, c), *y = v ? strstr(v, "年度") : NULL;
			if (y && y - v >= 4 && y[-4] >= '1' && y[-4] <= '2' && y[-1] >= '0' && y[-1] <= '9')
				return y - 4;
		}
	return NULL;
}

/* The project's facts from the labels of a form: 项目名称, 主管部门,
 * 实施单位 beside their values, 填报人：… in the sign-off lines. */
static int read_info(const mapping *m, jx_sheet *s)
{
	static const struct {
		int field;
		const char *label;
	} aliases[] = {{JX_INFO_UNIT, "实施单位"}, {JX_INFO_UNIT, "填报单位（盖章）"}};
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		const char *v = i == JX_INFO_NAME ? val(m, m->first, F_PROJECT) : NULL;
		if (m->many) {
			/* the labels above the table are no one sheet's */
			if (jx_has_text(v) && jx_set_str(&s->info[i], v) < 0)
				return -1;
			continue;
		}
		if (!jx_has_text(v))
			v = label_value(m->t, m->hrow, jx_info_labels[i].zh);
		if (!jx_has_text(v))
			v = label_inline(m->t, jx_info_labels[i].zh);
		for (size_t k = 0; !jx_has_text(v) && k < sizeof aliases / sizeof aliases[0]; k++)
			if (aliases[k].field == i)
				v = label_value(m->t, m->hrow, aliases[k].label);
		if (jx_has_text(v) && jx_set_str(&s->info[i], v) < 0)
			return -1;
	}
	return 0;
}

/* ---- the funds block above the table -------------------------------------- */

/* The amounts in jx_fund's order (and fundtotal.h's), then the columns
 * only a total row fills: the execution rate and its score. */
enum { FUND_PLANNED, FUND_BUDGET, FUND_RECEIVED, FUND_SPENT, FUND_COLS, FUND_RATE = FUND_COLS, FUND_SCORE, FUND_ALL };
static const char *const fund_heads[FUND_ALL] = {"年初预算数", "全年预算数", "实际到位", "全年执行数", "执行率", "得分"};

/* The total rows of a funds block: the one a form prints above its sources
 * (年度资金总额 / 合计 / 总计: jixiao's own forms print the computed total
 * there, a published table what it printed), and the total as printed that
 * jixiao's forms add under the sources (原表合计, xform_funds.c). */
typedef struct {
	jx_fund_stated total, printed;
	int has_total, has_printed;
} fund_totals_read;

/* A money cell: a number in 万元, or a dash or nothing for none.  1 = read,
 * 0 = not money (the block has ended), -1 = a number that is wrong (err). */
static int money_cell(const char *v, jx_dec *out, const char *where, jx_err *err)
{
	char b[64];
	jx_err perr;
	squeeze(v, b, sizeof b);
	*out = JX_NONE;
	if (!*b || strcmp(b, "—") == 0 || strcmp(b, "-") == 0 || strcmp(b, "－") == 0)
		return 1;
	if (!((b[0] >= '0' && b[0] <= '9') || b[0] == '.'))
		return 0;
	if (jx_parse_money(b, out, &perr) < 0) {
		jx_err_set(err, "%s: %s", "%s: %s", where, perr.msg);
		return -1;
	}
	return 1;
}

/* A figure of a total row: as money_cell, and a figure jixiao's forms
 * mark "※" (it differs from the computed total) or a rate written "24.85%"
 * reads as its number.  A spreadsheet's cell holds a rate shown as 24.85%
 * as the fraction 0.2485: a rate read from one without "%" and at most 1 is
 * that fraction (an execution rate is a percentage above 1% but for the
 * rarest project).  1 = read, -1 = wrong (err). */
static int total_cell(const mapping *m, const char *v, int k, jx_dec *out, const char *where, jx_err *err)
{
	char b[64];
	const char *p = b;
	jx_err perr;
	squeeze(v, b, sizeof b);
	*out = JX_NONE;
	if (strncmp(p, "※", strlen("※")) == 0)
		p += strlen("※");
	if (!*p || strcmp(p, "—") == 0 || strcmp(p, "-") == 0 || strcmp(p, "－") == 0)
		return 1;
	if ((k < FUND_COLS ? jx_parse_money(p, out, &perr) : jx_parse_dec(p, JX_NUM_NONNEG | JX_NUM_PERCENT, out, &perr)) < 0) {
		jx_err_set(err, "%s: %s", "%s: %s", where, perr.msg);
		return -1;
	}
	if (k == FUND_RATE && m->cells_hold_numbers && !strchr(p, '%') && *out <= JX_SCALE)
		*out *= 100;
	return 1;
}

/* A total row's figures into *t. */
static int total_row(const mapping *m, size_t r, const int *col, jx_fund_stated *t, jx_err *err)
{
	char where[700], cn[24];
	jx_fund_stated_clear(t);
	for (int k = 0; k < FUND_ALL; k++) {
		jx_dec v;
		if (col[k] < 0)
			continue;
		snprintf(where, sizeof where, "%s%s", m->where, jx_table_cellname(r, (size_t)col[k], cn, sizeof cn));
		if (total_cell(m, jx_table_at(m->t, r, (size_t)col[k]), k, &v, where, err) < 0)
			return -1;
		jx_fund_total_put(t, k, v);
	}
	return 1;
}

/* One row of the funds block: its source (the first text left of the money
 * columns, "其中：" dropped) and its figures; a total row into *tr.  1 = a
 * fund or total row, 0 = the block has ended, -1 (err). */
static int fund_row(const mapping *m, jx_sheet *s, size_t r, const int *col, fund_totals_read *tr, jx_err *err)
{
	const char *src = NULL;
	char where[700], cn[24];
	jx_dec v[FUND_COLS];
	int first = (int)m->t->ncols;
	jx_fund *f;
	for (int k = 0; k < FUND_COLS; k++)
		if (col[k] >= 0 && col[k] < first)
			first = col[k];
	for (int c = 0; c < first && !src; c++)
		if (jx_has_text(jx_table_at(m->t, r, (size_t)c)))
			src = jx_table_at(m->t, r, (size_t)c);
	if (src && strncmp(src, "原表合计", strlen("原表合计")) == 0) {
		tr->has_printed = 1;
		return total_row(m, r, col, &tr->printed, err);
	}
	if (src && (strcmp(src, "年度资金总额") == 0 || strcmp(src, "合计") == 0 || strcmp(src, "总计") == 0)) {
		tr->has_total = 1;
		return total_row(m, r, col, &tr->total, err);
	}
	for (int k = 0; k < FUND_COLS; k++) {
		int rc;
		v[k] = JX_NONE;
		if (col[k] < 0)
			continue;
		snprintf(where, sizeof where, "%s%s", m->where, jx_table_cellname(r, (size_t)col[k], cn, sizeof cn));
		rc = money_cell(jx_table_at(m->t, r, (size_t)col[k]), &v[k], where, err);
		if (rc <= 0)
			return rc;
	}
	if (!src)
		return 0;
	if (strncmp(src, "其中：", strlen("其中：")) == 0)
		src += strlen("其中：");
	if (jx_sheet_fund(s, src)) {
		snprintf(where, sizeof where, "%s%s", m->where, jx_table_cellname(r, 0, cn, sizeof cn));
		jx_err_set(err, "%s: 资金来源“%s”出现两次", "%s: the fund source \"%s\" is given twice", where, src);
		return -1;
	}
	if (!(f = jx_sheet_add_fund(s, src))) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	f->planned = v[FUND_PLANNED];
	f->budget = v[FUND_BUDGET];
	f->received = v[FUND_RECEIVED];
	f->spent = v[FUND_SPENT];
	return 1;
}

/* The funds block, when the rows above the table have one: a row headed
 * 全年预算数 and 全年执行数 (年初预算数, 实际到位 when present), then a row
 * per source. */
static int read_funds(const mapping *m, jx_sheet *s, fund_totals_read *tr, jx_err *err)
{
	char b[256];
	for (size_t r = 0; r < m->hrow; r++) {
		int col[FUND_ALL] = {-1, -1, -1, -1, -1, -1};
		for (size_t c = 0; c < m->t->ncols; c++) {
			squeeze(jx_table_at(m->t, r, c), b, sizeof b);
			for (int k = 0; k < FUND_ALL; k++)
				if (*b && strncmp(b, fund_heads[k], strlen(fund_heads[k])) == 0)
					col[k] = (int)c;
		}
		if (col[FUND_BUDGET] < 0 || col[FUND_SPENT] < 0)
			continue;
		for (size_t k = r + 1; k < m->hrow; k++) {
			int rc = fund_row(m, s, k, col, tr, err);
			if (rc < 0)
				return -1;
			if (rc == 0)
				break;
		}
		return 0;
	}
	return 0;
}

/* ---- goals above the table, sub-projects below it --------------------------- */

/* The first row in [from, to) holding every heading of heads (n of them),
 * their columns into col; (size_t)-1 when none. */
static size_t find_heads(const jx_table *t, size_t from, size_t to, const char *const *heads, int n, int *col)
{
	char b[256];
	for (size_t r = from; r < to && r < t->nrows; r++) {
		int found = 0;
		for (int k = 0; k < n; k++)
			col[k] = -1;
		for (size_t c = 0; c < t->ncols; c++) {
			squeeze(jx_table_at(t, r, c), b, sizeof b);
			for (int k = 0; k < n; k++)
				if (col[k] < 0 && strcmp(b, heads[k]) == 0) {
					col[k] = (int)c;
					found++;
				}
		}
		if (found == n)
			return r;
	}
	return (size_t)-1;
}

/* 年度总体目标: 预期目标 and 实际完成情况, a goal per row under them. */
static int read_goals(const mapping *m, jx_sheet *s)
{
	static const char *const heads[2] = {"预期目标", "实际完成情况"};
	int col[2];
	size_t r = find_heads(m->t, 0, m->hrow, heads, 2, col);
	if (r == (size_t)-1)
		return 0;
	for (r++; r < m->hrow; r++) {
		const char *plan = jx_table_at(m->t, r, (size_t)col[0]), *done = jx_table_at(m->t, r, (size_t)col[1]);
		jx_goal *g;
		if (!jx_has_text(plan) && !jx_has_text(done))
			break;
		if (!(g = jx_sheet_add_goal(s)) || jx_set_str(&g->planned, plan) < 0 || jx_set_str(&g->actual, done) < 0)
			return -1;
	}
	return 0;
}

/* 二级项目预算安排及使用情况: 二级项目, 预算金额, 实际支出金额 under the
 * table, a sub-project per row up to 合计. */
static int read_subs(const mapping *m, size_t from, jx_sheet *s, jx_err *err)
{
	static const char *const heads[3] = {"二级项目", "预算金额", "实际支出金额"};
	int col[3];
	char where[700], cn[24];
	size_t r = find_heads(m->t, from, m->t->nrows, heads, 3, col);
	if (r == (size_t)-1)
		return 0;
	for (r++; r < m->t->nrows; r++) {
		const char *name = jx_table_at(m->t, r, (size_t)col[0]);
		jx_dec v[2];
		jx_subproject *sp;
		if (!jx_has_text(name) || strcmp(name, "合计") == 0 ||
		    jx_streq(jx_table_at(m->t, r, 0), "合计"))
			break;
		for (int k = 0; k < 2; k++) {
			snprintf(where, sizeof where, "%s%s", m->where,
				 jx_table_cellname(r, (size_t)col[k + 1], cn, sizeof cn));
			int rc = money_cell(jx_table_at(m->t, r, (size_t)col[k + 1]), &v[k], where, err);
			if (rc == 0)
				jx_err_set(err, "%s: 应为金额 (万元)", "%s: an amount (万元) is expected here", where);
			if (rc <= 0)
				return -1;
		}
		if (!(sp = jx_sheet_add_sub(s)) || jx_set_str(&sp->name, name) < 0) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		sp->budget = v[0];
		sp->spent = v[1];
	}
	return 0;
}

static int read_head(const mapping *m, jx_sheet *s, fund_totals_read *tr, jx_err *err)
{
	const char *year = val(m, m->first, F_YEAR);
	char where[700];
	if (!jx_has_text(year) && !m->many)
		year = label_value(m->t, m->hrow, "评价年度");
	if (!jx_has_text(year) && !m->many)
		year = label_value(m->t, m->hrow, "年度");
	if (!jx_has_text(year) && !m->many)
		year = title_year(m->t, m->hrow);
	if (read_info(m, s) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	if (!m->many && read_funds(m, s, tr, err) < 0)
		return -1;
	if (!m->many && read_goals(m, s) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	if (jx_has_text(year)) {
		char *end;
		long y = strtol(year, &end, 10);
		if (y < 1900 || y > 2999) {
			snprintf(where, sizeof where, "%s", m->where);
			jx_err_set(err, "%s: 年度应为 1900 到 2999 之间的年份:“%s”", "%s: the year must be from 1900 to 2999: \"%s\"",
				   where, year);
			return -1;
		}
		s->year = (int)y;
	}
	return 0;
}

/* The total row as printed: a 原表合计 row as it is; the form's own total
 * row only when some figure of it differs from what the rows and the
 * template compute, or is an amount no row has (a total that agrees says
 * nothing the rows do not, and jixiao's own forms, which print the
 * computed total there, read back without one). */
static void keep_printed_total(const jx_template *tp, jx_sheet *s, const fund_totals_read *tr)
{
	jx_scoresheet ss;
	jx_fund_total_calc calc;
	if (tr->has_printed) {
		s->funds_total = tr->printed;
		return;
	}
	if (!tr->has_total || jx_fund_stated_empty(&tr->total))
		return;
	memset(&ss, 0, sizeof ss);
	jx_score(tp, s, &ss);
	jx_fund_total_compute(tp, s, &ss, &calc);
	for (int k = 0; k < JX_FUND_TOTAL_COUNT; k++)
		if (jx_fund_total_differs(&calc, k, jx_fund_total_get(&tr->total, k)) ||
		    (k < JX_FUND_TOTAL_AMOUNTS && calc.sum[k] == JX_NONE && jx_fund_total_get(&tr->total, k) != JX_NONE)) {
			s->funds_total = tr->total;
			break;
		}
	jx_scoresheet_free(&ss);
}

static void print_mapping(const mapping *m, FILE *dry)
{
	char cn[24];
	fprintf(dry, L("%s 表头在第 %zu 行\n", "%s header in row %zu\n"), m->where, m->hrow + 1);
	for (int f = 0; f < F_COUNT; f++)
		if (m->col[f] >= 0) {
			jx_table_cellname(m->hrow, (size_t)m->col[f], cn, sizeof cn);
			fprintf(dry, "  %s %s -> %s\n", cn, jx_nz(jx_table_at(m->t, m->hrow, (size_t)m->col[f])),
				fields[f].key);
		}
	fputs(L("行\t位置\t指标名称\t计算符号\t指标值\t单位\t实际完成值\t分值\t得分\t所属项目\n",
		"row\tslot\tname\tcmp\ttarget\tunit\tactual\tpoints\tscore\tsubproject\n"),
	      dry);
}

/* The key that says which sheet data row r belongs to: its 项目名称 and 年度
 * (a blank cell: the row above's, as a merged cell would be).  prev holds
 * the key so far and is updated; 1 when r starts another sheet. */
static int starts_sheet(const mapping *m, size_t r, char *prev, size_t cap)
{
	const char *p = val(m, r, F_PROJECT), *y = val(m, r, F_YEAR);
	char key[1024], old_p[512] = "", *tab = strchr(prev, '\t');
	if (tab)
		snprintf(old_p, sizeof old_p, "%.*s", (int)(tab - prev), prev);
	snprintf(key, sizeof key, "%s\t%s", jx_has_text(p) ? p : old_p, jx_has_text(y) ? y : (tab ? tab + 1 : ""));
	if (!jx_has_text(val(m, r, F_NAME)) || repeated_header(m, r) || strcmp(key, prev) == 0)
		return 0;
	snprintf(prev, cap, "%s", key);
	return 1;
}

/* The sheet of the data rows m->first .. m->end. */
static int one_sheet(mapping *m, const jx_template *tp, const jx_table_opts *o, jx_sheet **out, jx_err *err)
{
	fund_totals_read tr = {.has_total = 0, .has_printed = 0};
	jx_sheet *s = jx_sheet_new();
	*out = NULL;
	if (!s || jx_set_str(&s->template_id, tp->id) < 0) {
		jx_sheet_free(s);
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	s->template_version = tp->version;
	if (read_head(m, s, &tr, err) < 0 || read_rows(m, tp, s, o ? o->dry : NULL, err) < 0 ||
	    (!m->many && read_subs(m, m->hrow + 1, s, err) < 0)) {
		jx_sheet_free(s);
		return -1;
	}
	keep_printed_total(tp, s, &tr);
	if (s->n_inds == 0) {
		jx_sheet_free(s);
		jx_err_set(err, "%s: 表头之下没有指标", "%s: no indicator under the header", m->where);
		return -1;
	}
	*out = s;
	return 0;
}

/* The template of the sheet starting at row m->first: the one its 模板
 * cell names (what csv-data writes), unless the user named one with
 * --template; otherwise dflt.  0, or -1 with err naming the cell. */
static int sheet_template(const mapping *m, const jx_templates *set, const jx_table_opts *o, const jx_template *dflt,
			  const jx_template **out, jx_err *err)
{
	const char *id = val(m, m->first, F_TEMPLATE);
	char where[700];
	*out = dflt;
	if ((o && o->template_id) || !jx_has_text(id))
		return 0;
	if (!(*out = jx_templates_find(set, id)))
		return bad(err, cellname(m, m->first, F_TEMPLATE, where, sizeof where), "未知模板", "unknown template", id);
	return 0;
}

/* Where each sheet of the table starts: rows[0..*n-1] (first data row of
 * each), malloc'd.  A table with a 项目名称 column holds one sheet per run
 * of rows with the same 项目名称 and 年度 (what export --all --format
 * csv-data writes); without one, one sheet. */
static size_t *sheet_starts(const mapping *m, size_t *n)
{
	size_t *v = malloc((m->t->nrows + 1) * sizeof *v), k = 0;
	char prev[1024] = "";
	if (!v)
		return NULL;
	v[k++] = m->hrow + 1;
	if (m->col[F_PROJECT] >= 0) {
		int seen = 0;
		for (size_t r = m->hrow + 1; r < m->t->nrows; r++) {
			const char *a = val(m, r, F_L1);
			if (jx_streq(a, "总分") || jx_streq(a, "合计"))
				break;
			if (starts_sheet(m, r, prev, sizeof prev) && seen++)
				v[k++] = r;
		}
	}
	*n = k;
	return v;
}

int jx_sheets_from_book(const jx_book *book, const char *file, const jx_templates *set, const jx_table_opts *o,
			jx_sheet ***out, size_t *n_out, jx_err *err)
{
	const char *tid = o && o->template_id ? o->template_id : "project-self-2020";
	const jx_template *tp = jx_templates_find(set, tid), *stp;
	mapping m;
	jx_sheet **v = NULL;
	size_t i, n = 0, *starts = NULL;
	*out = NULL;
	*n_out = 0;
	if (!tp) {
		jx_err_set(err, "%s: 未知模板“%s”", "%s: unknown template \"%s\"", file, tid);
		return -1;
	}
	memset(&m, 0, sizeof m);
	for (i = 0; i < book->n; i++)
		if (find_header(&book->t[i], &m))
			break;
	if (i == book->n) {
		jx_err_set(err, "%s: 前 %d 行中找不到指标表的表头 (三级指标或指标名称，以及指标值、分值等)",
			   "%s: no indicator table header in the first %d rows (三级指标 or 指标名称, with 指标值, 分值 …)",
			   file, HEADER_SCAN_ROWS);
		return -1;
	}
	m.file = file;
	m.cells_hold_numbers = book->kind != JX_BOOK_CSV;
	snprintf(m.where, sizeof m.where, "%.300s!%.200s!", file, m.t->name);
	if (o && o->map && apply_map(&m, o->map, err) < 0)
		return -1;
	if (m.col[F_NAME] < 0) {
		jx_err_set(err, "%s: 没有指标名称列 (--map 列=name)", "%s: no indicator name column (--map COLUMN=name)", file);
		return -1;
	}
	if (o && o->dry)
		print_mapping(&m, o->dry);
	if (!(starts = sheet_starts(&m, &n)) || !(v = calloc(n, sizeof *v))) {
		free(starts);
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	m.many = n > 1;
	for (i = 0; i < n; i++) {
		m.first = starts[i];
		m.end = i + 1 < n ? starts[i + 1] : m.t->nrows;
		if (o && o->dry && m.many)
			fprintf(o->dry, L("第 %zu 张评价表：%s (%s)，第 %zu 行起\n", "sheet %zu: %s (%s), from row %zu\n"), i + 1,
				jx_nz(val(&m, m.first, F_PROJECT)), jx_nz(val(&m, m.first, F_YEAR)), m.first + 1);
		if (sheet_template(&m, set, o, tp, &stp, err) < 0 || one_sheet(&m, stp, o, &v[i], err) < 0) {
			jx_sheets_free(v, i);
			free(starts);
			return -1;
		}
	}
	free(starts);
	*out = v;
	*n_out = n;
	return 0;
}

int jx_sheet_from_book(const jx_book *book, const char *file, const jx_templates *set, const jx_table_opts *o,
		       jx_sheet **out, jx_err *err)
{
	jx_sheet **v = NULL;
	size_t n = 0;
	*out = NULL;
	if (jx_sheets_from_book(book, file, set, o, &v, &n, err) < 0)
		return -1;
	if (n != 1) {
		jx_sheets_free(v, n);
		jx_err_set(err, "%s: 表中有 %zu 张评价表，这里只能取一张", "%s: the table holds %zu sheets, only one can be taken here",
			   file, n);
		return -1;
	}
	*out = v[0];
	free(v);
	return 0;
}
