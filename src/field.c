/* Field paths: read, validate and write every value a user can change in a
 * sheet, by one name (see field.h for the list). */
#include "field.h"
#include "field_int.h"
#include "review.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datescan.h"
#include "fundtotal.h"
#include "num.h"
#include "strutil.h"
#include "textwidth.h"

/* The families of the parsed form (field.h) under short names. */
enum {
	FP_YEAR = JX_FP_YEAR, FP_STATUS = JX_FP_STATUS, FP_INFO = JX_FP_INFO, FP_NARR = JX_FP_NARR,
	FP_BASIS = JX_FP_BASIS, FP_FUND = JX_FP_FUND, FP_SUB = JX_FP_SUB, FP_GOAL = JX_FP_GOAL, FP_IND = JX_FP_IND,
	FP_MARK = JX_FP_MARK, FP_ENTRY = JX_FP_ENTRY, FP_MEASURE = JX_FP_MEASURE, FP_REVIEW = JX_FP_REVIEW,
	FP_FUND_TOTAL = JX_FP_FUND_TOTAL,
};
typedef jx_field_path fpath;

typedef struct {
	const char *key;
	jx_field_type type;
	const char *zh, *en;
} col_def;

enum { FC_PLANNED, FC_BUDGET, FC_RECEIVED, FC_SPENT, FC_SOURCE, FC_FORECAST };
static const col_def fund_cols[] = {
	{"planned", JX_FT_MONEY, "年初预算数", "Initial budget"},
	{"budget", JX_FT_MONEY, "全年预算数", "Full-year budget"},
	{"received", JX_FT_MONEY, "实际到位", "Funds received"},
	{"spent", JX_FT_MONEY, "全年执行数", "Funds spent"},
	{"source", JX_FT_TEXT, "资金来源", "Fund source"},
	{"forecast", JX_FT_MONEY, "全年预计执行数", "Full-year forecast"},
};

enum { SC_NAME, SC_BUDGET, SC_SPENT };
static const col_def sub_cols[] = {
	{"name", JX_FT_TEXT, "项目名称", "Name"},
	{"budget", JX_FT_MONEY, "预算金额", "Budget"},
	{"spent", JX_FT_MONEY, "实际支出金额", "Spent"},
};

enum { GC_PLANNED, GC_ACTUAL, GC_POINTS };
static const col_def goal_cols[] = {
	{"planned", JX_FT_LONGTEXT, "预期目标", "Planned goal"},
	{"actual", JX_FT_LONGTEXT, "实际完成情况", "Actual result"},
	{"points", JX_FT_POINTS, "目标分值", "Goal points"},
};

/* An indicator's columns, in model.h's order: IC_<member> is the column
 * index of "ind:<key>:<member>". */
#define IND_ENUM(member, ...) IC_##member,
enum { JX_IND_COLUMNS(IND_ENUM) IC_COUNT };
#undef IND_ENUM
#define IND_COL(member, kind, type, yaml, zh, en, ...) {#member, type, zh, en},
static const col_def ind_cols[] = {JX_IND_COLUMNS(IND_COL)};
#undef IND_COL

enum { EC_SCORE, EC_NOTE };
static const col_def entry_cols[] = {
	{"score", JX_FT_POINTS, "得分", "Score"},
	{"note", JX_FT_LONGTEXT, "说明", "Note"},
};

enum { RC_SCORE, RC_OPINION, RC_RESULT };
static const col_def review_cols[] = {
	{"score", JX_FT_POINTS, "审核得分", "Review score"},
	{"opinion", JX_FT_LONGTEXT, "审核意见", "Review opinion"},
	{"result", JX_FT_CHOICE, "审核结论", "Review result"},
};

#define NCOLS(a) (int)(sizeof(a) / sizeof((a)[0]))

static jx_field_type info_type(int i)
{
	if (i == JX_INFO_BACKGROUND || i == JX_INFO_CONTENT || i == JX_INFO_IMPLEMENTATION)
		return JX_FT_LONGTEXT;
	if (i == JX_INFO_FILL_DATE)
		return JX_FT_DATE;
	return JX_FT_TEXT;
}

/* ---- path parsing ---- */

static int find_col(const col_def *cols, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(cols[i].key, s) == 0)
			return i;
	return -1;
}

/* Non-negative decimal index: digits only, no leading zeros, below 10^7. */
static int parse_index(const char *p, size_t n, int *out)
{
	int v = 0;
	if (n == 0 || n > 7 || (n > 1 && p[0] == '0'))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

static int has_prefix(const char *s, const char *pre, const char **rest)
{
	size_t n = strlen(pre);
	if (strncmp(s, pre, n) != 0)
		return 0;
	*rest = s + n;
	return 1;
}

/* The index of the label whose key is s. */
static int label_index(const jx_label *labels, int n, const char *s, int *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(labels[i].key, s) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

/* "<name>:<col>" split at the last colon (names are dotted keys or Chinese
 * words; a fund source could contain a colon, a column never does). */
static int split_last(const char *rest, const col_def *cols, int ncols, fpath *fp)
{
	const char *c = strrchr(rest, ':');
	if (!c || c == rest)
		return -1;
	fp->name = rest;
	fp->name_len = (size_t)(c - rest);
	fp->column = c + 1;
	fp->col = find_col(cols, ncols, c + 1);
	return fp->col < 0 ? -1 : 0;
}

static int split_index(const char *rest, const col_def *cols, int ncols, fpath *fp)
{
	const char *c = strchr(rest, ':');
	if (!c || parse_index(rest, (size_t)(c - rest), &fp->idx))
		return -1;
	fp->column = c + 1;
	fp->col = find_col(cols, ncols, c + 1);
	return fp->col < 0 ? -1 : 0;
}

static int parse_path(const char *path, fpath *fp)
{
	const char *r;
	memset(fp, 0, sizeof *fp);
	if (!path)
		return -1;
	if (strcmp(path, "year") == 0 || strcmp(path, "status") == 0) {
		fp->fam = path[0] == 'y' ? JX_FP_YEAR : JX_FP_STATUS;
		return 0;
	}
	if (has_prefix(path, "info:", &r)) {
		fp->fam = JX_FP_INFO;
		return label_index(jx_info_labels, JX_INFO_COUNT, r, &fp->idx);
	}
	if (has_prefix(path, "narr:", &r)) {
		fp->fam = JX_FP_NARR;
		return label_index(jx_narr_labels, JX_NARR_COUNT, r, &fp->idx);
	}
	if (has_prefix(path, "basis:", &r)) {
		fp->fam = JX_FP_BASIS;
		return parse_index(r, strlen(r), &fp->idx);
	}
	if (has_prefix(path, "fund:", &r)) {
		fp->fam = JX_FP_FUND;
		return split_last(r, fund_cols, NCOLS(fund_cols), fp);
	}
	if (has_prefix(path, "funds:total:", &r)) {
		fp->fam = JX_FP_FUND_TOTAL;
		fp->column = r;
		return (fp->col = jx_fund_total_find(r)) < 0 ? -1 : 0;
	}
	if (has_prefix(path, "sub:", &r)) {
		fp->fam = JX_FP_SUB;
		return split_index(r, sub_cols, NCOLS(sub_cols), fp);
	}
	if (has_prefix(path, "goal:", &r)) {
		fp->fam = JX_FP_GOAL;
		return split_index(r, goal_cols, NCOLS(goal_cols), fp);
	}
	if (has_prefix(path, "ind:", &r)) {
		fp->fam = JX_FP_IND;
		return split_last(r, ind_cols, NCOLS(ind_cols), fp);
	}
	if (has_prefix(path, "mark:", &r)) {
		const char *c = strrchr(r, ':');
		fp->fam = JX_FP_MARK;
		if (!c || c == r)
			return -1;
		fp->name = r;
		fp->name_len = (size_t)(c - r);
		return parse_index(c + 1, strlen(c + 1), &fp->idx);
	}
	if (has_prefix(path, "entry:", &r)) {
		fp->fam = JX_FP_ENTRY;
		return split_last(r, entry_cols, NCOLS(entry_cols), fp);
	}
	if (has_prefix(path, "measure:", &r)) {
		fp->fam = JX_FP_MEASURE;
		if (!*r)
			return -1;
		fp->name = r;
		fp->name_len = strlen(r);
		return 0;
	}
	if (has_prefix(path, "review:", &r)) {
		fp->fam = JX_FP_REVIEW;
		fp->column = r;
		fp->col = find_col(review_cols, NCOLS(review_cols), r);
		return fp->col < 0 ? -1 : 0;
	}
	return -1;
}

const char *jx_field_column_word(jx_field_family fam, int i)
{
	const col_def *c = fam == JX_FP_FUND ? fund_cols : fam == JX_FP_SUB ? sub_cols : fam == JX_FP_GOAL ? goal_cols
			 : fam == JX_FP_IND ? ind_cols : fam == JX_FP_ENTRY ? entry_cols : fam == JX_FP_REVIEW ? review_cols : NULL;
	int n = fam == JX_FP_FUND ? NCOLS(fund_cols) : fam == JX_FP_SUB ? NCOLS(sub_cols) : fam == JX_FP_GOAL ? NCOLS(goal_cols)
		: fam == JX_FP_IND ? NCOLS(ind_cols) : fam == JX_FP_ENTRY ? NCOLS(entry_cols) : NCOLS(review_cols);
	if (fam == JX_FP_FUND_TOTAL)
		return i >= 0 && i < JX_FUND_TOTAL_COUNT ? jx_fund_total_cols[i].key : NULL;
	return c && i >= 0 && i < n ? c[i].key : NULL;
}

int jx_field_path_parse(const char *path, jx_field_path *out)
{
	return parse_path(path, out);
}

static int name_eq(const char *s, const char *name, size_t len)
{
	return s && strlen(s) == len && memcmp(s, name, len) == 0;
}

static char *name_dup(const fpath *fp)
{
	char *d = malloc(fp->name_len + 1);
	if (d) {
		memcpy(d, fp->name, fp->name_len);
		d[fp->name_len] = 0;
	}
	return d;
}

/* The index of the element of v (n elements of size bytes) whose name, the
 * char * at byte offset off, is fp's name; -1 for none. */
static long named_index(const void *v, size_t n, size_t size, size_t off, const fpath *fp)
{
	for (size_t i = 0; i < n; i++)
		if (name_eq(*(char *const *)((const char *)v + i * size + off), fp->name, fp->name_len))
			return (long)i;
	return -1;
}

/* The element of the array arr (n of them) whose member `name` is fp's. */
#define NAMED_INDEX(arr, n, type, name, fp) named_index(arr, n, sizeof(type), offsetof(type, name), fp)

static int fund_index(const jx_sheet *s, const fpath *fp)
{
	return (int)NAMED_INDEX(s->funds, s->n_funds, jx_fund, source, fp);
}

static jx_indicator *ind_of(const jx_sheet *s, const fpath *fp)
{
	long i = NAMED_INDEX(s->inds, s->n_inds, jx_indicator, key, fp);
	return i < 0 ? NULL : &s->inds[i];
}

static jx_mark *mark_of(const jx_sheet *s, const fpath *fp)
{
	for (size_t i = 0; i < s->n_marks; i++)
		if (s->marks[i].item == fp->idx && name_eq(s->marks[i].node, fp->name, fp->name_len))
			return &s->marks[i];
	return NULL;
}

static jx_entry *entry_of(const jx_sheet *s, const fpath *fp)
{
	long i = NAMED_INDEX(s->entries, s->n_entries, jx_entry, node, fp);
	return i < 0 ? NULL : &s->entries[i];
}

static jx_measure *measure_of(const jx_sheet *s, const fpath *fp)
{
	long i = NAMED_INDEX(s->measures, s->n_measures, jx_measure, name, fp);
	return i < 0 ? NULL : &s->measures[i];
}

static void unknown_path(jx_err *err, const char *path)
{
	jx_err_set(err, "未知的字段“%s”", "unknown field \"%s\"", path ? path : "");
}

static void no_memory(jx_err *err)
{
	jx_err_set(err, "内存不足", "out of memory");
}

/* ---- get ---- */

static const char *numtxt(char num[32], jx_dec v)
{
	return jx_fmt_trim(num, v);
}

/* A band as its number, "" for none. */
static const char *band_text(char num[32], int band)
{
	if (band < 0)
		return "";
	snprintf(num, 32, "%d", band);
	return num;
}

/* The text of an indicator column, by its kind. */
#define IND_GET_TEXT(v) jx_nz(v)
#define IND_GET_DEC(v) numtxt(num, v)
#define IND_GET_CMP(v) jx_cmp_name(v)
#define IND_GET_BAND(v) band_text(num, v)
#define IND_GET(member, kind, ...) \
	case IC_##member:          \
		v = IND_GET_##kind(d->member); \
		break;

/* The current value of a parsed path as text.  A collection element that
 * does not exist yet (a new fund source, the row after the last, a mark not
 * given) reads as "".  -1 for an indicator key or index that is not there. */
static int value_text(const jx_sheet *s, const fpath *fp, const char *path, const char **out, char num[32],
		      jx_err *err)
{
	const char *v = "";
	num[0] = 0;
	switch (fp->fam) {
	case FP_YEAR:
		if (s->year) {
			snprintf(num, 32, "%d", s->year);
			v = num;
		}
		break;
	case FP_STATUS:
		v = jx_nz(s->status);
		break;
	case FP_INFO:
		v = jx_nz(s->info[fp->idx]);
		break;
	case FP_NARR:
		v = jx_nz(s->narr[fp->idx]);
		break;
	case FP_BASIS:
		if ((size_t)fp->idx < s->n_basis)
			v = jx_nz(s->basis[fp->idx]);
		else if ((size_t)fp->idx > s->n_basis) {
			jx_err_set(err, "没有第 %d 份立项依据（现有 %zu 份）", "there is no basis document %d (there are %zu)",
				   fp->idx + 1, s->n_basis);
			return -1;
		}
		break;
	case FP_FUND: {
		int k = fund_index(s, fp);
		if (k >= 0) {
			const jx_fund *f = &s->funds[k];
			switch (fp->col) {
			case FC_PLANNED: v = numtxt(num, f->planned); break;
			case FC_BUDGET: v = numtxt(num, f->budget); break;
			case FC_RECEIVED: v = numtxt(num, f->received); break;
			case FC_SPENT: v = numtxt(num, f->spent); break;
			case FC_FORECAST: v = numtxt(num, f->forecast); break;
			default: v = jx_nz(f->source); break;
			}
		}
		break;
	}
	case FP_FUND_TOTAL:
		v = numtxt(num, jx_fund_total_get(&s->funds_total, fp->col));
		break;
	case FP_SUB:
		if ((size_t)fp->idx < s->n_subs) {
			const jx_subproject *p = &s->subs[fp->idx];
			v = fp->col == SC_NAME ? jx_nz(p->name)
					       : numtxt(num, fp->col == SC_BUDGET ? p->budget : p->spent);
		} else if ((size_t)fp->idx > s->n_subs) {
			jx_err_set(err, "没有第 %d 个二级项目（现有 %zu 个）", "there is no sub-project %d (there are %zu)",
				   fp->idx + 1, s->n_subs);
			return -1;
		}
		break;
	case FP_GOAL:
		if ((size_t)fp->idx < s->n_goals) {
			const jx_goal *g = &s->goals[fp->idx];
			v = fp->col == GC_POINTS ? numtxt(num, g->points)
						 : jx_nz(fp->col == GC_PLANNED ? g->planned : g->actual);
		} else if ((size_t)fp->idx > s->n_goals) {
			jx_err_set(err, "没有第 %d 条年度目标（现有 %zu 条）", "there is no goal %d (there are %zu)",
				   fp->idx + 1, s->n_goals);
			return -1;
		}
		break;
	case FP_IND: {
		const jx_indicator *d = ind_of(s, fp);
		if (!d) {
			jx_err_set(err, "没有编号为“%.*s”的指标", "there is no indicator \"%.*s\"", (int)fp->name_len,
				   fp->name);
			return -1;
		}
		switch (fp->col) {
			JX_IND_COLUMNS(IND_GET)
		}
		break;
	}
	case FP_MARK: {
		const jx_mark *m = mark_of(s, fp);
		if (m)
			v = numtxt(num, m->awarded);
		break;
	}
	case FP_ENTRY: {
		const jx_entry *e = entry_of(s, fp);
		if (e)
			v = fp->col == EC_SCORE ? numtxt(num, e->score) : jx_nz(e->note);
		break;
	}
	case FP_MEASURE: {
		const jx_measure *m = measure_of(s, fp);
		if (m)
			v = numtxt(num, m->value);
		break;
	}
	case FP_REVIEW:
		if (fp->col == RC_SCORE)
			v = numtxt(num, s->review_score);
		else
			v = jx_nz(fp->col == RC_OPINION ? s->review_opinion : s->review_result);
		break;
	}
	(void)path;
	*out = v;
	return 0;
}

int jx_field_value(const jx_sheet *s, const jx_field_path *fp, const char **v, char num[32])
{
	jx_err err;
	return value_text(s, fp, "", v, num, &err);
}

int jx_field_get(const jx_sheet *s, const char *path, char *buf, size_t len, jx_err *err)
{
	fpath fp;
	const char *v;
	char num[32];
	size_t n;
	if (!s || parse_path(path, &fp)) {
		unknown_path(err, path);
		return -1;
	}
	if (value_text(s, &fp, path, &v, num, err))
		return -1;
	n = strlen(v);
	if (!buf || n >= len) {
		/* never hand back a silently shortened value */
		jx_err_set(err, "字段“%s”的内容有 %zu 字节，超出缓冲区", "field \"%s\" holds %zu bytes, more than the buffer",
			   path, n);
		return -1;
	}
	memcpy(buf, v, n + 1);
	return 0;
}

/* ---- set ---- */

static int parse_num(const char *text, int flags, jx_dec *v, jx_err *err)
{
	return jx_parse_dec(text, flags | JX_NUM_ALLOW_EMPTY, v, err);
}

/* A non-negative number no greater than the template's total points (when
 * it has one); over it, the message fmt_zh / fmt_en (value, total). */
static int parse_within_total(const jx_template *t, const char *text, const char *fmt_zh, const char *fmt_en,
			      jx_dec *out, jx_err *err)
{
	jx_dec v;
	if (parse_num(text, JX_NUM_NONNEG, &v, err))
		return -1;
	if (t && v != JX_NONE && t->rules.total_points > 0 && v > t->rules.total_points) {
		char a[32], b[32];
		jx_err_set(err, fmt_zh, fmt_en, jx_fmt_trim(a, v), jx_fmt_trim(b, t->rules.total_points));
		return -1;
	}
	*out = v;
	return 0;
}

/* Replace a string field with an already-validated malloc'd value. */
static void put_str(char **dst, char *v)
{
	free(*dst);
	*dst = v;
}

/* a × b ÷ JX_SCALE for display of band bounds */
static jx_dec mul(jx_dec a, jx_dec b)
{
	return jx_muldiv(a, b, JX_SCALE, 6);
}

/* score / points compared with fraction f: sign of score − f × points */
static int cmp_share(jx_dec score, jx_dec points, jx_dec f)
{
	__int128 l = (__int128)score * JX_SCALE, r = (__int128)f * points;
	return l < r ? -1 : l > r ? 1 : 0;
}

static int check_score_le(jx_dec v, jx_dec max, const char *what_zh, const char *what_en, jx_err *err)
{
	char a[32], b[32];
	if (v == JX_NONE || max == JX_NONE || v <= max)
		return 0;
	jx_err_set(err, "%s %s 超过分值 %s", "%s %s exceeds the points available, %s", L(what_zh, what_en),
		   jx_fmt_trim(a, v), jx_fmt_trim(b, max));
	return -1;
}

static const char *band_name(const jx_qual_band *b)
{
	const char *n = L(b->name, b->name_en);
	if (!n)
		n = b->name;
	return jx_nz(n);
}

static int check_in_band(const jx_template *t, const jx_indicator *d, jx_dec v, jx_err *err)
{
	const jx_qual_band *b;
	char sv[32], lo[32], hi[32];
	if (!t || v == JX_NONE || d->band < 0 || (size_t)d->band >= t->rules.n_bands || d->points == JX_NONE)
		return 0;
	b = &t->rules.bands[d->band];
	if (cmp_share(v, d->points, b->lo) >= 0 &&
	    (b->hi_inclusive ? cmp_share(v, d->points, b->hi) <= 0 : cmp_share(v, d->points, b->hi) < 0))
		return 0;
	jx_fmt_trim(sv, v);
	jx_fmt_trim(lo, mul(b->lo, d->points));
	jx_fmt_trim(hi, mul(b->hi, d->points));
	jx_err_set(err, "得分 %s 不在所选档次“%s”的范围 [%s, %s%s 内",
		   "score %s is outside the chosen band \"%s\" [%s, %s%s", sv, band_name(b), lo, hi,
		   b->hi_inclusive ? "]" : ")");
	return -1;
}

static int set_band(const jx_template *t, jx_indicator *d, const char *text, jx_err *err)
{
	char buf[256];
	int idx;
	if (jx_field_trimmed(text, buf, sizeof buf))
		goto bad;
	if (!buf[0]) {
		d->band = -1;
		return 0;
	}
	if (parse_index(buf, strlen(buf), &idx) == 0) {
		size_t max = t ? t->rules.n_bands : 64;
		if ((size_t)idx >= max) {
			jx_err_set(err, "档次编号 %d 超出范围（0 至 %zu）", "band number %d is out of range (0 to %zu)", idx,
				   max ? max - 1 : 0);
			return -1;
		}
		d->band = idx;
		return 0;
	}
	if (t)
		for (size_t i = 0; i < t->rules.n_bands; i++) {
			const jx_qual_band *b = &t->rules.bands[i];
			if (jx_streq(b->name, buf) || jx_streq(b->name_en, buf)) {
				d->band = (int)i;
				return 0;
			}
		}
bad:
	if (t && t->rules.n_bands) {
		char list[512];
		size_t o = 0;
		list[0] = 0;
		for (size_t i = 0; i < t->rules.n_bands && o < sizeof list; i++) {
			const char *nm = L(t->rules.bands[i].name, t->rules.bands[i].name_en);
			int w = snprintf(list + o, sizeof list - o, "%s%s", i ? L("、", ", ") : "", jx_nz(nm));
			if (w < 0)
				break;
			o += (size_t)w;
		}
		jx_err_set(err, "没有档次“%s”（可选：%s）", "no band \"%s\" (choose from: %s)", jx_nz(text), list);
	} else {
		jx_err_set(err, "档次须为编号（0、1、2 …）", "a band must be given by its number (0, 1, 2 ...)");
	}
	return -1;
}

/* Resolve a slot typed as its node key or as its category / node name. */
static int resolve_slot(const jx_template *t, const char *txt, const char **key, jx_err *err)
{
	const jx_node *n = jx_template_node(t, txt);
	const jx_node *found = NULL;
	int count = 0;
	if (n && n->kind == JX_NODE_SLOT) {
		*key = n->key;
		return 0;
	}
	for (size_t i = 0; i < t->n_all; i++) {
		const jx_node *c = t->all[i];
		if (c->kind != JX_NODE_SLOT)
			continue;
		if (jx_streq(c->name, txt) || jx_streq(c->category, txt) || jx_streq(c->name_en, txt)) {
			found = c;
			count++;
		}
	}
	if (count == 1) {
		*key = found->key;
		return 0;
	}
	jx_err_set(err, "模板中没有指标类别“%s”", "the template has no indicator category \"%s\"", txt);
	return -1;
}

/* The flags a number typed into a field of this type is read with. */
static int type_flags(jx_field_type type)
{
	switch (type) {
	case JX_FT_NUMBER: return JX_NUM_PERCENT;
	case JX_FT_MONEY:
	case JX_FT_POINTS: return JX_NUM_NONNEG;
	default: return 0;
	}
}

static int set_text(char **dst, int longtext, const char *text, jx_err *err)
{
	char *str;
	if (jx_field_clean_text(text, longtext, &str, err))
		return -1;
	put_str(dst, str);
	return 0;
}

int jx_field_clean_line(const char *in, char **out, jx_err *err)
{
	return jx_field_clean_text(in, 0, out, err);
}

/* A date written YYYY-MM-DD (or "" for none). */
static int set_date(char **dst, const char *text, jx_err *err)
{
	char date[32];
	char *str = NULL;
	if (jx_field_parse_date(text, date, err))
		return -1;
	if (date[0] && !(str = jx_strdup(date))) {
		no_memory(err);
		return -1;
	}
	put_str(dst, str);
	return 0;
}

static int set_dec(jx_dec *dst, int flags, const char *text, jx_err *err)
{
	jx_dec v;
	if (parse_num(text, flags, &v, err))
		return -1;
	*dst = v;
	return 0;
}

static int set_cmp(jx_cmp *dst, const char *text, jx_err *err)
{
	char buf[64];
	jx_cmp c;
	if (jx_field_trimmed(text, buf, sizeof buf) || jx_cmp_parse(buf, &c)) {
		jx_err_set(err, "“%s”不是计算符号：请填 >=、>、=、<=、<、定性 或 时限",
			   "\"%s\" is not a comparator: use >=, >, =, <=, <, 定性 (qualitative) or 时限 (deadline)",
			   jx_nz(text));
		return -1;
	}
	*dst = c;
	return 0;
}

/* The slot, typed as its node key or its category's name, stored as the key. */
static int set_slot(jx_indicator *d, const jx_template *t, const char *text, jx_err *err)
{
	char *str = NULL;
	const char *key;
	if (jx_field_clean_text(text, 0, &str, err))
		return -1;
	if (t) {
		if (!str) {
			jx_err_set(err, "请选择指标类别", "choose the indicator's category");
			return -1;
		}
		if (resolve_slot(t, str, &key, err)) {
			free(str);
			return -1;
		}
		if (strcmp(key, str) != 0) {
			char *k = jx_strdup(key);
			if (!k) {
				free(str);
				no_memory(err);
				return -1;
			}
			free(str);
			str = k;
		}
	}
	put_str(&d->slot, str);
	return 0;
}

/* How a column is set from text by its kind, when it has no rule of its own
 * (set_indicator); field_type says one line or several, and the number flags. */
#define IND_SET_TEXT(member, type) return set_text(&d->member, (type) == JX_FT_LONGTEXT, text, err)
#define IND_SET_DEC(member, type) return set_dec(&d->member, type_flags(type), text, err)
#define IND_SET_CMP(member, type) return set_cmp(&d->member, text, err)
#define IND_SET_BAND(member, type) return set_band(t, d, text, err)
#define IND_SET(member, kind, type, ...) \
	case IC_##member:                \
		IND_SET_##kind(member, type);

static int set_indicator(jx_indicator *d, const jx_template *t, int col, const char *text, jx_err *err)
{
	jx_dec v;
	/* columns with rules of their own */
	switch (col) {
	case IC_slot:
		return set_slot(d, t, text, err);
	case IC_target_text:
	case IC_actual_text:
		if (d->cmp == JX_CMP_DEADLINE)
			return set_date(col == IC_target_text ? &d->target_text : &d->actual_text, text, err);
		break;
	case IC_points:
		if (parse_within_total(t, text, "分值 %s 超过模板总分 %s", "points %s exceed the template's total %s", &v,
				       err))
			return -1;
		d->points = v;
		return 0;
	case IC_score_entered:
		if (parse_num(text, JX_NUM_NONNEG, &v, err) || check_score_le(v, d->points, "得分", "score", err) ||
		    check_in_band(t, d, v, err))
			return -1;
		d->score_entered = v;
		return 0;
	case IC_override_score:
		/* the reason is required too, but that is reported by the checks:
		 * the evaluator may type the score first */
		if (parse_num(text, JX_NUM_NONNEG, &v, err) || check_score_le(v, d->points, "调整得分", "override", err))
			return -1;
		d->override_score = v;
		return 0;
	case IC_goal: /* 年度绩效目标 n: a whole number from 1 */
		if (parse_num(text, JX_NUM_NONNEG, &v, err))
			return -1;
		if (v != JX_NONE && (v < JX_SCALE || v % JX_SCALE)) {
			jx_err_set(err, "所属目标须为 1、2、3 …（年度绩效目标的序号）：“%s”",
				   "the goal must be 1, 2, 3 … (the number of the goal block): \"%s\"", text);
			return -1;
		}
		d->goal = v;
		return 0;
	}
	switch (col) {
		JX_IND_COLUMNS(IND_SET)
	}
	return -1;
}

static int set_mark(jx_sheet *s, const jx_template *t, const fpath *fp, const char *text, jx_err *err)
{
	jx_dec v;
	jx_mark *m;
	char *node;
	if (parse_num(text, JX_NUM_NONNEG, &v, err))
		return -1;
	if (!(node = name_dup(fp))) {
		no_memory(err);
		return -1;
	}
	if (t) {
		const jx_node *n = jx_template_node(t, node);
		char a[32], b[32];
		if (!n) {
			jx_err_set(err, "模板中没有指标“%s”", "the template has no node \"%s\"", node);
			goto fail;
		}
		if (n->kind != JX_NODE_CHECKLIST) {
			jx_err_set(err, "“%s”不是按评价要点打分的指标", "\"%s\" is not scored by a checklist",
				   n->name ? n->name : n->key);
			goto fail;
		}
		if ((size_t)fp->idx >= n->n_items) {
			jx_err_set(err, "“%s”只有 %zu 个评价要点", "\"%s\" has only %zu checklist items",
				   n->name ? n->name : n->key, n->n_items);
			goto fail;
		}
		if (v != JX_NONE && v > n->items[fp->idx].points) {
			jx_err_set(err, "得分 %s 超过该评价要点的分值 %s", "score %s exceeds the item's points, %s",
				   jx_fmt_trim(a, v), jx_fmt_trim(b, n->items[fp->idx].points));
			goto fail;
		}
	}
	m = mark_of(s, fp);
	if (m)
		m->awarded = v;
	else if (v != JX_NONE) {
		m = jx_sheet_set_mark(s, node, fp->idx, v);
		if (!m || !m->node) {
			if (m)
				s->n_marks--;
			no_memory(err);
			goto fail;
		}
	}
	free(node);
	return 0;
fail:
	free(node);
	return -1;
}

static int set_entry(jx_sheet *s, const jx_template *t, const fpath *fp, const char *text, jx_err *err)
{
	jx_dec v = JX_NONE;
	char *str = NULL, *node;
	jx_entry *e;
	if (fp->col == EC_SCORE) {
		if (parse_num(text, JX_NUM_NONNEG, &v, err))
			return -1;
	} else if (jx_field_clean_text(text, 1, &str, err)) {
		return -1;
	}
	if (!(node = name_dup(fp))) {
		free(str);
		no_memory(err);
		return -1;
	}
	if (t) {
		const jx_node *n = jx_template_node(t, node);
		if (!n) {
			jx_err_set(err, "模板中没有指标“%s”", "the template has no node \"%s\"", node);
			goto fail;
		}
		if (v != JX_NONE && n->points != JX_NONE && v > n->points) {
			char a[32], b[32];
			jx_err_set(err, "得分 %s 超出范围（0 至 %s）", "score %s is out of range (0 to %s)", jx_fmt_trim(a, v),
				   jx_fmt_trim(b, n->points));
			goto fail;
		}
	}
	e = entry_of(s, fp);
	if (!e) {
		if (v == JX_NONE && !str) { /* nothing to record */
			free(node);
			return 0;
		}
		e = jx_sheet_set_entry(s, node, JX_NONE);
		if (!e || !e->node) {
			if (e)
				s->n_entries--;
			no_memory(err);
			goto fail;
		}
	}
	if (fp->col == EC_SCORE)
		e->score = v;
	else
		put_str(&e->note, str);
	free(node);
	return 0;
fail:
	free(str);
	free(node);
	return -1;
}

/* The name a path gives a new row (fund source, measure), cleaned as any
 * text is, into *out; a name that cleaning would change is refused with
 * the message fmt_zh / fmt_en (name length, name). */
static int new_row_name(const fpath *fp, const char *fmt_zh, const char *fmt_en, char **out, jx_err *err)
{
	char *name = name_dup(fp);
	*out = NULL;
	if (!name) {
		no_memory(err);
		return -1;
	}
	if (jx_field_clean_text(name, 0, out, err)) {
		free(name);
		return -1;
	}
	free(name);
	if (!*out || strlen(*out) != fp->name_len) {
		jx_err_set(err, fmt_zh, fmt_en, (int)fp->name_len, fp->name);
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static int set_fund(jx_sheet *s, const fpath *fp, const char *text, jx_err *err)
{
	int k = fund_index(s, fp);
	jx_fund *f;
	jx_dec v;
	if (fp->col == FC_SOURCE) {
		char *str;
		if (k < 0) {
			jx_err_set(err, "没有资金来源“%.*s”", "there is no fund source \"%.*s\"", (int)fp->name_len, fp->name);
			return -1;
		}
		if (jx_field_clean_text(text, 0, &str, err))
			return -1;
		if (!str) {
			jx_err_set(err, "资金来源不能为空", "the fund source cannot be empty");
			return -1;
		}
		for (size_t i = 0; i < s->n_funds; i++)
			if ((int)i != k && jx_streq(s->funds[i].source, str)) {
				jx_err_set(err, "资金来源“%s”已存在", "the fund source \"%s\" already exists", str);
				free(str);
				return -1;
			}
		put_str(&s->funds[k].source, str);
		return 0;
	}
	if (jx_parse_money(text, &v, err))
		return -1;
	if (k < 0) {
		char *clean;
		if (v == JX_NONE)
			return 0;
		/* a new source row: its name comes from the path */
		if (new_row_name(fp, "资金来源名称“%.*s”无效", "invalid fund source name \"%.*s\"", &clean, err))
			return -1;
		f = jx_sheet_add_fund(s, clean);
		free(clean);
		if (!f || !f->source) {
			if (f)
				s->n_funds--;
			no_memory(err);
			return -1;
		}
	} else {
		f = &s->funds[k];
	}
	switch (fp->col) {
	case FC_PLANNED: f->planned = v; break;
	case FC_BUDGET: f->budget = v; break;
	case FC_RECEIVED: f->received = v; break;
	case FC_FORECAST: f->forecast = v; break;
	default: f->spent = v; break;
	}
	return 0;
}

static int set_sub(jx_sheet *s, const fpath *fp, const char *text, jx_err *err)
{
	char *str = NULL;
	jx_dec v = JX_NONE;
	jx_subproject *p;
	if ((size_t)fp->idx > s->n_subs) {
		jx_err_set(err, "没有第 %d 个二级项目（现有 %zu 个）", "there is no sub-project %d (there are %zu)", fp->idx + 1,
			   s->n_subs);
		return -1;
	}
	if (fp->col == SC_NAME) {
		if (jx_field_clean_text(text, 0, &str, err))
			return -1;
	} else if (jx_parse_money(text, &v, err)) {
		return -1;
	}
	if ((size_t)fp->idx == s->n_subs) {
		if (!str && v == JX_NONE)
			return 0;
		if (!(p = jx_sheet_add_sub(s))) {
			free(str);
			no_memory(err);
			return -1;
		}
	} else {
		p = &s->subs[fp->idx];
	}
	if (fp->col == SC_NAME)
		put_str(&p->name, str);
	else if (fp->col == SC_BUDGET)
		p->budget = v;
	else
		p->spent = v;
	return 0;
}

/* A goal's text, or its points (a goal block's weight, within the total). */
static int set_goal(jx_sheet *s, const jx_template *t, const fpath *fp, const char *text, jx_err *err)
{
	char *str = NULL;
	jx_dec v = JX_NONE;
	jx_goal *g;
	if ((size_t)fp->idx > s->n_goals) {
		jx_err_set(err, "没有第 %d 条年度目标（现有 %zu 条）", "there is no goal %d (there are %zu)", fp->idx + 1,
			   s->n_goals);
		return -1;
	}
	if (fp->col == GC_POINTS) {
		if (parse_within_total(t, text, "目标分值 %s 超过总分 %s", "goal points %s exceed the total %s", &v, err))
			return -1;
	} else if (jx_field_clean_text(text, 1, &str, err)) {
		return -1;
	}
	if ((size_t)fp->idx == s->n_goals) {
		if (!str && v == JX_NONE)
			return 0;
		if (!(g = jx_sheet_add_goal(s))) {
			free(str);
			no_memory(err);
			return -1;
		}
	} else {
		g = &s->goals[fp->idx];
	}
	if (fp->col == GC_POINTS)
		g->points = v;
	else
		put_str(fp->col == GC_PLANNED ? &g->planned : &g->actual, str);
	return 0;
}

static int set_basis(jx_sheet *s, const fpath *fp, const char *text, jx_err *err)
{
	char *str;
	if ((size_t)fp->idx > s->n_basis) {
		jx_err_set(err, "没有第 %d 份立项依据（现有 %zu 份）", "there is no basis document %d (there are %zu)",
			   fp->idx + 1, s->n_basis);
		return -1;
	}
	if (jx_field_clean_text(text, 0, &str, err))
		return -1;
	if ((size_t)fp->idx == s->n_basis) {
		if (!str)
			return 0;
		if (jx_sheet_add_basis(s, NULL)) {
			free(str);
			no_memory(err);
			return -1;
		}
	}
	put_str(&s->basis[fp->idx], str);
	return 0;
}

int jx_field_set(jx_sheet *s, const jx_template *t, const char *path, const char *text, jx_err *err)
{
	fpath fp;
	char *str = NULL;
	jx_dec v;
	if (!s || parse_path(path, &fp)) {
		unknown_path(err, path);
		return -1;
	}
	if (!text)
		text = "";
	if (t && jx_template_length_limit(t, path) > 0) { /* the form's 不超过 N 字 */
		char label[200];
		jx_field_label(s, path, label, sizeof label);
		if (jx_template_check_length(t, path, label, text, err))
			return -1;
	}
	switch (fp.fam) {
	case FP_YEAR:
		if (jx_parse_dec(text, 0, &v, err))
			return -1;
		if (v % JX_SCALE != 0 || v < JX_INT(2000) || v > JX_INT(2100)) {
			jx_err_set(err, "评价年度须为 2000 至 2100 之间的整数：“%s”",
				   "the evaluation year must be a whole number from 2000 to 2100: \"%s\"", text);
			return -1;
		}
		s->year = (int)(v / JX_SCALE);
		return 0;
	case FP_STATUS: {
		char buf[64];
		int st = jx_field_trimmed(text, buf, sizeof buf) == 0 && buf[0] ? jx_status_of(buf) : -1;
		if (st >= 0) {
			if (jx_set_str(&s->status, jx_statuses[st].key)) {
				no_memory(err);
				return -1;
			}
			return 0;
		}
		jx_err_set(err,
			   "状态须为 draft、submitted、returned、reviewed 或 final（草稿、已送审、已退回、已审核、定稿）：“%s”",
			   "the status must be draft, submitted, returned, reviewed or final: \"%s\"", text);
		return -1;
	}
	case FP_INFO:
		if (info_type(fp.idx) == JX_FT_DATE)
			return set_date(&s->info[fp.idx], text, err);
		return set_text(&s->info[fp.idx], info_type(fp.idx) == JX_FT_LONGTEXT, text, err);
	case FP_NARR:
		return set_text(&s->narr[fp.idx], 1, text, err);
	case FP_BASIS:
		return set_basis(s, &fp, text, err);
	case FP_FUND:
		return set_fund(s, &fp, text, err);
	case FP_FUND_TOTAL:
		if (jx_fund_total_parse(fp.col, text, &v, err))
			return -1;
		jx_fund_total_put(&s->funds_total, fp.col, v);
		return 0;
	case FP_SUB:
		return set_sub(s, &fp, text, err);
	case FP_GOAL:
		return set_goal(s, t, &fp, text, err);
	case FP_IND: {
		jx_indicator *d = ind_of(s, &fp);
		if (!d) {
			jx_err_set(err, "没有编号为“%.*s”的指标", "there is no indicator \"%.*s\"", (int)fp.name_len, fp.name);
			return -1;
		}
		return set_indicator(d, t, fp.col, text, err);
	}
	case FP_MARK:
		return set_mark(s, t, &fp, text, err);
	case FP_ENTRY:
		return set_entry(s, t, &fp, text, err);
	case FP_MEASURE: {
		jx_measure *m;
		char *clean;
		if (parse_num(text, JX_NUM_NONNEG, &v, err))
			return -1;
		if ((m = measure_of(s, &fp))) {
			m->value = v;
			return 0;
		}
		if (v == JX_NONE)
			return 0;
		if (new_row_name(&fp, "测算项名称“%.*s”无效", "invalid measure name \"%.*s\"", &clean, err))
			return -1;
		m = jx_sheet_set_measure(s, clean, v);
		free(clean);
		if (!m || !m->name) {
			if (m)
				s->n_measures--;
			no_memory(err);
			return -1;
		}
		return 0;
	}
	case FP_REVIEW:
		if (fp.col == RC_SCORE) {
			if (parse_within_total(t, text, "审核得分 %s 超过总分 %s", "review score %s exceeds the total %s", &v,
					       err))
				return -1;
			s->review_score = v;
			return 0;
		}
		if (fp.col == RC_OPINION) {
			if (jx_field_clean_text(text, 1, &str, err))
				return -1;
			put_str(&s->review_opinion, str);
			return 0;
		} else {
			char buf[64];
			const char *r = NULL;
			if (jx_field_trimmed(text, buf, sizeof buf) == 0) {
				if (!buf[0])
					r = "";
				else if (strcmp(buf, "通过") == 0 || strcmp(buf, "pass") == 0)
					r = "通过";
				else if (strcmp(buf, "不通过") == 0 || strcmp(buf, "fail") == 0)
					r = "不通过";
			}
			if (!r) {
				jx_err_set(err, "审核结论须为“通过”或“不通过”（或留空）：“%s”",
					   "the review result must be 通过 (pass) or 不通过 (fail), or empty: \"%s\"", text);
				return -1;
			}
			if (jx_set_str(&s->review_result, r)) {
				no_memory(err);
				return -1;
			}
			return 0;
		}
	}
	unknown_path(err, path);
	return -1;
}

/* ---- type and label ---- */

jx_field_type jx_field_type_of(const char *path)
{
	fpath fp;
	if (parse_path(path, &fp))
		return JX_FT_TEXT;
	switch (fp.fam) {
	case FP_YEAR: return JX_FT_YEAR;
	case FP_STATUS: return JX_FT_CHOICE;
	case FP_INFO: return info_type(fp.idx);
	case FP_NARR: return JX_FT_LONGTEXT;
	case FP_BASIS: return JX_FT_TEXT;
	case FP_FUND: return fund_cols[fp.col].type;
	case FP_FUND_TOTAL: return (jx_field_type)jx_fund_total_cols[fp.col].field_type;
	case FP_SUB: return sub_cols[fp.col].type;
	case FP_GOAL: return goal_cols[fp.col].type;
	case FP_IND: return ind_cols[fp.col].type;
	case FP_MARK: return JX_FT_POINTS;
	case FP_ENTRY: return entry_cols[fp.col].type;
	case FP_MEASURE: return JX_FT_NUMBER;
	case FP_REVIEW: return review_cols[fp.col].type;
	}
	return JX_FT_TEXT;
}

static const char *ind_title(const jx_sheet *s, const char *key, size_t len, char *tmp, size_t tlen)
{
	if (s)
		for (size_t i = 0; i < s->n_inds; i++)
			if (name_eq(s->inds[i].key, key, len) && s->inds[i].name)
				return s->inds[i].name;
	snprintf(tmp, tlen, "%s %.*s", L("指标", "indicator"), (int)len, key);
	return tmp;
}

void jx_field_label(const jx_sheet *s, const char *path, char *buf, size_t len)
{
	fpath fp;
	char tmp[128];
	const char *r;
	if (!buf || !len)
		return;
	buf[0] = 0;
	if (!path)
		return;
	if (parse_path(path, &fp)) {
		/* structural audit fields: "ind:<key>", "ind:<key>:pos", "sheet:<what>" */
		if (has_prefix(path, "ind:", &r) && *r) {
			const char *c = strchr(r, ':');
			if (!c) {
				snprintf(buf, len, "%s", ind_title(s, r, strlen(r), tmp, sizeof tmp));
				return;
			}
			if (strcmp(c, ":pos") == 0) {
				snprintf(buf, len, "%s · %s", ind_title(s, r, (size_t)(c - r), tmp, sizeof tmp),
					 L("排列位置", "position"));
				return;
			}
		}
		if (strcmp(path, "sheet:create") == 0)
			snprintf(buf, len, "%s", L("新建评价表", "sheet created"));
		else if (strcmp(path, "sheet:replace") == 0)
			snprintf(buf, len, "%s", L("整表替换", "sheet replaced"));
		else if (strcmp(path, "sheet:deleted") == 0)
			snprintf(buf, len, "%s", L("回收站", "trash"));
		else
			snprintf(buf, len, "%s", path);
		return;
	}
	switch (fp.fam) {
	case FP_YEAR:
		snprintf(buf, len, "%s", L("评价年度", "Evaluation year"));
		break;
	case FP_STATUS:
		snprintf(buf, len, "%s", L("状态", "Status"));
		break;
	case FP_INFO:
		snprintf(buf, len, "%s", L(jx_info_labels[fp.idx].zh, jx_info_labels[fp.idx].en));
		break;
	case FP_NARR:
		snprintf(buf, len, "%s", L(jx_narr_labels[fp.idx].zh, jx_narr_labels[fp.idx].en));
		break;
	case FP_BASIS:
		snprintf(buf, len, "%s %d", L("立项依据", "Basis document"), fp.idx + 1);
		break;
	case FP_FUND:
		snprintf(buf, len, "%.*s · %s", (int)fp.name_len, fp.name, L(fund_cols[fp.col].zh, fund_cols[fp.col].en));
		break;
	case FP_FUND_TOTAL:
		snprintf(buf, len, "%s · %s", L("资金合计（原表）", "Funds total as printed"),
			 L(jx_fund_total_cols[fp.col].zh, jx_fund_total_cols[fp.col].en));
		break;
	case FP_SUB:
		if (s && (size_t)fp.idx < s->n_subs && s->subs[fp.idx].name)
			snprintf(buf, len, "%s · %s", s->subs[fp.idx].name, L(sub_cols[fp.col].zh, sub_cols[fp.col].en));
		else
			snprintf(buf, len, "%s %d · %s", L("二级项目", "Sub-project"), fp.idx + 1,
				 L(sub_cols[fp.col].zh, sub_cols[fp.col].en));
		break;
	case FP_GOAL:
		snprintf(buf, len, "%s %d · %s", L("年度目标", "Goal"), fp.idx + 1,
			 L(goal_cols[fp.col].zh, goal_cols[fp.col].en));
		break;
	case FP_IND:
		snprintf(buf, len, "%s · %s", ind_title(s, fp.name, fp.name_len, tmp, sizeof tmp),
			 L(ind_cols[fp.col].zh, ind_cols[fp.col].en));
		break;
	case FP_MARK:
		snprintf(buf, len, "%.*s · %s %d", (int)fp.name_len, fp.name, L("评价要点", "checklist item"), fp.idx + 1);
		break;
	case FP_ENTRY:
		snprintf(buf, len, "%.*s · %s", (int)fp.name_len, fp.name, L(entry_cols[fp.col].zh, entry_cols[fp.col].en));
		break;
	case FP_MEASURE:
		snprintf(buf, len, "%.*s", (int)fp.name_len, fp.name);
		break;
	case FP_REVIEW:
		snprintf(buf, len, "%s", L(review_cols[fp.col].zh, review_cols[fp.col].en));
		break;
	}
}
