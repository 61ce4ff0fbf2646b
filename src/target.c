/* Targets and actuals as published tables print them (target.h). */
#include "target.h"

#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "num.h"
#include "strutil.h"

/* ---- reading ------------------------------------------------------------------ */

/* Comparators written as signs, longest first where one begins another. */
static const struct {
	const char *s;
	jx_cmp c;
} cmp_signs[] = {
	{">=", JX_CMP_GE}, {"=>", JX_CMP_GE}, {"≥", JX_CMP_GE},	{"≧", JX_CMP_GE},  {"＞＝", JX_CMP_GE},
	{"<=", JX_CMP_LE}, {"=<", JX_CMP_LE}, {"≤", JX_CMP_LE},	{"≦", JX_CMP_LE},  {"＜＝", JX_CMP_LE},
	{"==", JX_CMP_EQ}, {"=", JX_CMP_EQ},  {"＝", JX_CMP_EQ},	{">", JX_CMP_GT},  {"＞", JX_CMP_GT},
	{"<", JX_CMP_LT},  {"＜", JX_CMP_LT},
};

/* Comparators written as words before the number, longest first. */
static const struct {
	const char *s;
	jx_cmp c;
} cmp_words[] = {
	{"大于或等于", JX_CMP_GE}, {"小于或等于", JX_CMP_LE}, {"大于等于", JX_CMP_GE}, {"小于等于", JX_CMP_LE},
	{"不低于", JX_CMP_GE},	   {"不少于", JX_CMP_GE},     {"不小于", JX_CMP_GE},   {"不高于", JX_CMP_LE},
	{"不超过", JX_CMP_LE},	   {"不多于", JX_CMP_LE},     {"不大于", JX_CMP_LE},   {"不晚于", JX_CMP_LE},
	{"不迟于", JX_CMP_LE},	   {"至少", JX_CMP_GE},	      {"达到", JX_CMP_GE},     {"至多", JX_CMP_LE},
	{"大于", JX_CMP_GT},	   {"高于", JX_CMP_GT},	      {"多于", JX_CMP_GT},     {"超过", JX_CMP_GT},
	{"小于", JX_CMP_LT},	   {"低于", JX_CMP_LT},	      {"少于", JX_CMP_LT},     {"等于", JX_CMP_EQ},
};

/* Comparators written after the number and its unit. */
static const struct {
	const char *s;
	jx_cmp c;
} cmp_after[] = {
	{"及以上", JX_CMP_GE}, {"以上", JX_CMP_GE}, {"及以下", JX_CMP_LE}, {"以下", JX_CMP_LE}, {"以内", JX_CMP_LE},
};

/* Words that may follow a deadline's date: 完成, then 前 or its longer forms. */
static const char *const after_done[] = {"完成"};
static const char *const after_date[] = {"之前", "以前", "前"};

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A unit longer than this (in characters) is a sentence: "3项工作全部完成". */
enum { UNIT_MAX_CHARS = 6 };

/* The blank at p (space, tab, U+3000): its length, 0 when none. */
static size_t blank_at(const char *p, const char *end)
{
	if (p < end && (*p == ' ' || *p == '\t'))
		return 1;
	if (end - p >= 3 && (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
		return 3;
	return 0;
}

static const char *skip_blanks(const char *p, const char *end)
{
	size_t n;
	while ((n = blank_at(p, end)) > 0)
		p += n;
	return p;
}

static const char *trim_end(const char *p, const char *end)
{
	for (;;) {
		if (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
			end--;
		else if (end - p >= 3 && blank_at(end - 3, end) == 3)
			end -= 3;
		else
			return end;
	}
}

static int starts(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

static int ends(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(end - p) >= n && memcmp(end - n, lit, n) == 0;
}

/* The character at p as the ASCII it stands for in a number (full-width
 * digits and signs, U+2212 minus), with its length; 0 for any other. */
static char num_char(const char *p, const char *end, size_t *len)
{
	const unsigned char *u = (const unsigned char *)p;
	*len = 1;
	if (p >= end)
		return 0;
	if (u[0] < 0x80)
		return (char)u[0];
	if (end - p >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x81 && u[2] <= 0xBF) {
		*len = 3;
		return (char)(u[2] - 0x81 + 0x21);
	}
	if (end - p >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92) {
		*len = 3;
		return '-';
	}
	return 0;
}

static int is_digit_at(const char *p, const char *end)
{
	size_t l;
	char c = num_char(p, end, &l);
	return c >= '0' && c <= '9';
}

/* The number at p: sign, digits, a point, thousands commas (a comma only
 * between digits).  Its end, p itself when there is no digit. */
static const char *number_end(const char *p, const char *end)
{
	const char *q = p;
	size_t l;
	int digits = 0;
	char c = num_char(q, end, &l);
	if (c == '+' || c == '-')
		q += l;
	while (q < end) {
		c = num_char(q, end, &l);
		if (c >= '0' && c <= '9')
			digits = 1;
		else if (!(c == '.' || (c == ',' && digits && is_digit_at(q + l, end))))
			break;
		q += l;
	}
	return digits ? q : p;
}

/* Characters in [p, end). */
static size_t chars(const char *p, const char *end)
{
	size_t n = 0;
	for (; p < end; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			n++;
	return n;
}

/* Length of the UTF-8 character at p (1 for a stray byte). */
static size_t char_len(const char *p, const char *end)
{
	size_t n = 1;
	while (p + n < end && ((unsigned char)p[n] & 0xC0) == 0x80)
		n++;
	return n;
}

static int has_digit(const char *p, const char *end)
{
	while (p < end) {
		size_t l;
		char c = num_char(p, end, &l);
		if (c >= '0' && c <= '9')
			return 1;
		p += c ? l : char_len(p, end);
	}
	return 0;
}

/* The unit as kept: ％ written as %. */
static void put_unit(char *out, size_t cap, const char *p, const char *end)
{
	size_t o = 0;
	while (p < end && o + 4 < cap) {
		size_t l = char_len(p, end);
		if (starts(p, end, "％")) {
			out[o++] = '%';
		} else {
			memcpy(out + o, p, l);
			o += l;
		}
		p += l;
	}
	out[o] = '\0';
}

/* "YYYY-MM-DD" of a deadline parsed by jx_deadline_parse. */
static void put_date(char out[16], long ymd)
{
	snprintf(out, 16, "%04ld-%02ld-%02ld", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
}

/* Does [p, end) begin like a date: four digits then 年, or a whole
 * YYYY-M-D with one separator (1935.5 is a number)? */
static int looks_like_date(const char *p, const char *end)
{
	int i;
	for (i = 0; i < 4; i++)
		if (p + i >= end || p[i] < '0' || p[i] > '9')
			return 0;
	if (p + 4 < end && p[4] >= '0' && p[4] <= '9')
		return 0;
	if (starts(p + 4, end, "年"))
		return 1;
	if (p + 4 >= end || (p[4] != '-' && p[4] != '/' && p[4] != '.'))
		return 0;
	char sep = p[4];
	const char *q = p + 5;
	for (int part = 0; part < 2; part++) {
		int n = 0;
		while (q < end && *q >= '0' && *q <= '9' && n < 3)
			q++, n++;
		if (n < 1 || n > 2)
			return 0;
		if (part == 0 && (q >= end || *q++ != sep))
			return 0;
	}
	return 1;
}

/* The deadline in [p, end) (a date, then 完成, 前 … or not).  0 with the
 * date in t, or -1 (err) for a date that does not exist. */
static int read_deadline(const char *p, const char *end, jx_target *t, jx_err *err)
{
	char buf[64];
	const char *e = end;
	for (size_t i = 0; i < NITEMS(after_done); i++)
		if (ends(p, e, after_done[i]))
			e -= strlen(after_done[i]);
	for (size_t i = 0; i < NITEMS(after_date); i++)
		if (ends(p, e, after_date[i])) {
			e -= strlen(after_date[i]);
			break;
		}
	e = trim_end(p, e);
	long ymd = -1;
	if ((size_t)(e - p) < sizeof buf) {
		memcpy(buf, p, (size_t)(e - p));
		buf[e - p] = '\0';
		/* a year alone, or its end: 2023年底, 2023年末, 2023年 */
		size_t n = strlen(buf);
		if (n >= 7 && (strcmp(buf + 4, "年底") == 0 || strcmp(buf + 4, "年末") == 0 || strcmp(buf + 4, "年") == 0)) {
			buf[4] = '\0';
			strcat(buf, "年12月");
		}
		ymd = jx_deadline_parse(buf);
	}
	if (ymd < 0) {
		jx_err_set(err, "“%.*s”不是有效的日期（如 2023年6月前、2023-06-30）",
			   "\"%.*s\" is not a valid date (e.g. 2023年6月前, 2023-06-30)", (int)(end - p), p);
		return -1;
	}
	t->kind = JX_TGT_DEADLINE;
	put_date(t->date, ymd);
	return 0;
}

/* The comparator written at p, as a sign (*sign = 1) or as a word; its
 * end, or p when there is none. */
static const char *read_cmp(const char *p, const char *end, jx_cmp *c, int *sign)
{
	*c = JX_CMP_NONE;
	*sign = 0;
	for (size_t i = 0; i < NITEMS(cmp_signs); i++)
		if (starts(p, end, cmp_signs[i].s)) {
			*c = cmp_signs[i].c;
			*sign = 1;
			return p + strlen(cmp_signs[i].s);
		}
	for (size_t i = 0; i < NITEMS(cmp_words); i++)
		if (starts(p, end, cmp_words[i].s)) {
			*c = cmp_words[i].c;
			return p + strlen(cmp_words[i].s);
		}
	return p;
}

/* The number at [p, ne) and what follows it up to end: unit, then a
 * comparator word (以上 …).  0, 1 when the text is a sentence rather than a
 * number with its unit, -1 (err) when refused. */
static int read_number(const char *p, const char *ne, const char *end, jx_target *t, jx_err *err)
{
	char num[64];
	if ((size_t)(ne - p) >= sizeof num) {
		jx_err_set(err, "数字太长：%.40s…", "number too long: %.40s...", p);
		return -1;
	}
	memcpy(num, p, (size_t)(ne - p));
	num[ne - p] = '\0';
	if (jx_parse_dec(num, 0, &t->value, err))
		return -1;
	const char *u = skip_blanks(ne, end), *ue = end;
	for (size_t i = 0; i < NITEMS(cmp_after); i++)
		if (ends(u, ue, cmp_after[i].s)) {
			jx_cmp after = cmp_after[i].c;
			ue = trim_end(u, ue - strlen(cmp_after[i].s));
			if (t->cmp != JX_CMP_NONE && t->cmp != after) {
				jx_err_set(err, "“%.*s”前后的计算符号不一致", "\"%.*s\" has two comparators that disagree",
					   (int)(end - p), p);
				return -1;
			}
			t->cmp = after;
			break;
		}
	if (chars(u, ue) > UNIT_MAX_CHARS || has_digit(u, ue))
		return 1;
	put_unit(t->unit, sizeof t->unit, u, ue);
	t->kind = JX_TGT_NUMBER;
	return 0;
}

int jx_target_parse(const char *text, jx_target *out, jx_err *err)
{
	memset(out, 0, sizeof *out);
	out->value = JX_NONE;
	const char *end = text ? text + strlen(text) : NULL;
	const char *p = text ? skip_blanks(text, end) : NULL;
	if (!p || (end = trim_end(p, end)) == p) {
		out->kind = JX_TGT_EMPTY;
		return 0;
	}
	int sign;
	const char *r = skip_blanks(read_cmp(p, end, &out->cmp, &sign), end);
	if (r < end && looks_like_date(r, end)) {
		/* 2023年6月前, 2023-06-30; 2023年13月前 is refused */
		if (read_deadline(r, end, out, err))
			return -1;
		if (out->cmp != JX_CMP_NONE && out->cmp != JX_CMP_LE && out->cmp != JX_CMP_LT) {
			jx_err_set(err, "“%.*s”：日期前只能用 ≤ 或 <（完成时限）",
				   "\"%.*s\": only <= or < can stand before a date (a deadline)", (int)(end - p), p);
			return -1;
		}
		out->cmp = JX_CMP_DEADLINE;
		return 0;
	}
	const char *ne = number_end(r, end);
	if (ne == r) {
		if (sign) {
			jx_err_set(err, "“%.*s”：计算符号后面应是数值，如 ≥95%%", "\"%.*s\": a comparator must be followed by a number, e.g. >=95%%",
				   (int)(end - p), p);
			return -1;
		}
		/* text, or a comparator word before text: 不低于上年水平 */
		out->kind = JX_TGT_QUAL;
		out->cmp = JX_CMP_QUAL;
		return 0;
	}
	int rc = read_number(r, ne, end, out, err);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		if (sign) {
			jx_err_set(err, "“%.*s”不是「数值＋单位」：单位太长或含有数字",
				   "\"%.*s\" is not a number with its unit: the unit is too long or holds digits", (int)(end - p), p);
			return -1;
		}
		/* 3项工作全部完成, 达到3项工作全部完成: a sentence */
		memset(out, 0, sizeof *out);
		out->value = JX_NONE;
		out->kind = JX_TGT_QUAL;
		out->cmp = JX_CMP_QUAL;
	}
	return 0;
}

/* ---- saying what was understood ------------------------------------------------- */

/* The number and unit: "≥ 95 %", "37.24 万元", "20". */
static void describe_number(const jx_target *t, char *buf, size_t len)
{
	char num[32];
	const char *s = jx_cmp_symbol(t->cmp);
	snprintf(buf, len, "%s%s%s%s%s", s, *s ? " " : "", jx_fmt_trim(num, t->value), t->unit[0] ? " " : "", t->unit);
}

void jx_target_describe(const jx_target *t, const char *text, char *buf, size_t len)
{
	switch (t->kind) {
	case JX_TGT_EMPTY:
		snprintf(buf, len, "%s", L("（空）", "(empty)"));
		break;
	case JX_TGT_NUMBER:
		describe_number(t, buf, len);
		break;
	case JX_TGT_DEADLINE:
		snprintf(buf, len, "%s %s", L("时限", "deadline"), t->date);
		break;
	case JX_TGT_QUAL: {
		const char *e = text + strlen(text), *p = skip_blanks(text, e);
		e = trim_end(p, e);
		int n = (int)(e - p);
		if (n > 120)
			n = 120;
		snprintf(buf, len, L("定性「%.*s」", "qualitative \"%.*s\""), n, p);
		break;
	}
	}
}

/* ---- the changes for an indicator ---------------------------------------------- */

static void add(jx_field_changes *c, const jx_indicator *d, const char *col, const char *value)
{
	if (c->n >= JX_FIELD_CHANGES_MAX)
		return;
	snprintf(c->path[c->n], sizeof c->path[c->n], "ind:%s:%s", jx_nz(d->key), col);
	c->value[c->n] = value;
	c->n++;
}

/* A value kept in the struct (a number or a date as text). */
static void add_kept(jx_field_changes *c, const jx_indicator *d, const char *col, const char *value)
{
	if (c->n >= JX_FIELD_CHANGES_MAX)
		return;
	snprintf(c->store[c->n], sizeof c->store[c->n], "%s", value);
	add(c, d, col, c->store[c->n]);
}

static int text_cmp(jx_cmp c)
{
	return c == JX_CMP_QUAL || c == JX_CMP_DEADLINE;
}

/* Units alike once blanks are trimmed and ％ is read as %. */
static int same_unit(const char *a, const char *b)
{
	char x[48], y[48];
	const char *ae = jx_nz(a) + strlen(jx_nz(a)), *be = jx_nz(b) + strlen(jx_nz(b));
	const char *ap = skip_blanks(jx_nz(a), ae), *bp = skip_blanks(jx_nz(b), be);
	put_unit(x, sizeof x, ap, trim_end(ap, ae));
	put_unit(y, sizeof y, bp, trim_end(bp, be));
	return strcmp(x, y) == 0;
}

static void said(jx_field_changes *c, const jx_target *t, const char *text, const char *note)
{
	char what[256];
	jx_target_describe(t, text, what, sizeof what);
	snprintf(c->said, sizeof c->said, L("已识别：%s%s", "understood: %s%s"), what, note ? note : "");
}

int jx_target_changes(const jx_indicator *d, const char *text, jx_field_changes *out, jx_err *err)
{
	jx_target t;
	char num[32];
	memset(out, 0, sizeof *out);
	if (jx_target_parse(text, &t, err))
		return -1;
	switch (t.kind) {
	case JX_TGT_EMPTY:
		add(out, d, text_cmp(d->cmp) ? "target_text" : "target", "");
		return 0;
	case JX_TGT_NUMBER:
		if (t.cmp == JX_CMP_NONE && !t.unit[0]) {
			/* a plain number: the number, as the cell always took it */
			if (text_cmp(d->cmp))
				add(out, d, "target_text", text);
			else
				add_kept(out, d, "target", jx_fmt_trim(num, t.value));
			return 0;
		}
		/* a number with a unit and no comparator keeps a numeric one; on a
		 * qualitative or deadline indicator the comparator is left to fill */
		if (t.cmp == JX_CMP_NONE && !text_cmp(d->cmp))
			t.cmp = d->cmp;
		if (t.cmp != d->cmp)
			add(out, d, "cmp", jx_cmp_name(t.cmp));
		add_kept(out, d, "target", jx_fmt_trim(num, t.value));
		if (t.unit[0] && !same_unit(t.unit, d->unit))
			add_kept(out, d, "unit", t.unit);
		add(out, d, "target_text", text);
		said(out, &t, text, t.cmp == JX_CMP_NONE ? L("（计算符号未填：按 p 选择）", " (no comparator yet: p picks one)") : NULL);
		return 0;
	case JX_TGT_DEADLINE:
		if (d->cmp != JX_CMP_DEADLINE)
			add(out, d, "cmp", jx_cmp_name(JX_CMP_DEADLINE));
		add_kept(out, d, "target_text", t.date);
		said(out, &t, text, NULL);
		return 0;
	case JX_TGT_QUAL:
		if (d->cmp != JX_CMP_QUAL)
			add(out, d, "cmp", jx_cmp_name(JX_CMP_QUAL));
		add(out, d, "target_text", text);
		said(out, &t, text, NULL);
		return 0;
	}
	return 0;
}

int jx_actual_changes(const jx_indicator *d, const char *text, jx_field_changes *out, jx_err *err)
{
	jx_target t;
	jx_err scratch;
	char num[32];
	memset(out, 0, sizeof *out);
	if (text_cmp(d->cmp)) {
		add(out, d, "actual_text", text);
		return 0;
	}
	/* what cannot be read as a number goes to the field, which says why */
	if (jx_target_parse(text, &t, &scratch) || t.kind == JX_TGT_QUAL || t.kind == JX_TGT_DEADLINE) {
		add(out, d, "actual", text);
		return 0;
	}
	if (t.kind == JX_TGT_EMPTY) {
		add(out, d, "actual", "");
		return 0;
	}
	const char *unit = jx_has_text(d->unit) ? d->unit : NULL;
	if (t.cmp != JX_CMP_NONE) {
		if (unit)
			jx_err_set(err, "实际完成值不带计算符号：只填数值（可带单位「%s」）",
				   "an actual takes no comparator: type the number (with its unit \"%s\" if you like)", unit);
		else
			jx_err_set(err, "实际完成值不带计算符号：只填数值", "an actual takes no comparator: type the number");
		return -1;
	}
	if (t.unit[0] && unit && !same_unit(t.unit, unit)) {
		jx_err_set(err, "单位不符：本指标的计量单位是「%s」，填的是「%s」（只填数值，或带单位「%s」）",
			   "wrong unit: this indicator is measured in \"%s\", not \"%s\" (type the number alone, or with \"%s\")",
			   unit, t.unit, unit);
		return -1;
	}
	add_kept(out, d, "actual", jx_fmt_trim(num, t.value));
	if (t.unit[0] && !unit) {
		add_kept(out, d, "unit", t.unit);
		said(out, &t, text, L("（计量单位也已填上）", " (the unit is set too)"));
	} else if (t.unit[0]) {
		said(out, &t, text, NULL);
	}
	return 0;
}
