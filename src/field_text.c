/* Text as a field takes it (see field.h): the rules a typed value meets —
 * valid UTF-8, no control characters, one line where the field is one
 * line, blanks trimmed, dates in one spelling — and the same rule held to
 * the one-line text of a whole sheet: what a sheet file or bundle brings,
 * so that a name carrying U+202E (which shows "exe.jpg" for "gpj.exe") or
 * a line separator never reaches the database from another machine. */
#include "field.h"
#include "field_int.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "datescan.h"
#include "strutil.h"
#include "textwidth.h"

/* the lead bytes of every character that reorders a line (below) */
#define REORDERING_LEADS "\xC2\xE2"

/* The first character of s that jx_reorders_line refuses, or 0. */
static uint32_t first_reordering(const char *s)
{
	size_t n, i = 0, adv;
	/* Every such character is written with the lead byte C2 (U+0085) or
	 * E2 (U+2028..U+2069), which no UTF-8 sequence has inside it: a text
	 * without either (nearly every one an import checks) needs no decoding,
	 * and libc's strpbrk looks for them many bytes at a time. */
	if (!s || !strpbrk(s, REORDERING_LEADS))
		return 0;
	n = strlen(s);
	while (i < n) {
		int32_t cp = jx_utf8_decode(s + i, n - i, &adv);
		if (cp >= 0 && jx_reorders_line((uint32_t)cp))
			return (uint32_t)cp;
		i += adv ? adv : 1;
	}
	return 0;
}

static int refuse(const jx_sheet *s, const char *path, uint32_t cp, jx_err *err)
{
	char label[256];
	if (strncmp(path, "fund:", 5) == 0)
		snprintf(label, sizeof label, "%s", L("资金来源", "fund source"));
	else
		jx_field_label(s, path, label, sizeof label);
	jx_err_set(err, "“%s”（%s）只能填写一行文字，不能含有改变文字方向或分行的控制符 U+%04X",
		   "\"%s\" (%s) takes one line of text, without the control character U+%04X that changes the text's "
		   "direction or breaks the line",
		   label, path, (unsigned)cp);
	return -1;
}

/* text at path, when path is a one-line field */
static int check(const jx_sheet *s, const char *path, const char *text, jx_err *err)
{
	uint32_t cp;
	if (!text || jx_field_type_of(path) == JX_FT_LONGTEXT || !(cp = first_reordering(text)))
		return 0;
	return refuse(s, path, cp, err);
}

/* field paths name an indicator's columns by their member names; only the
 * text columns are listed (the others expand to nothing), so the loop over
 * 300 indicators a sheet visits nothing else */
#define ONELINE_IND_COL(member, kind, ...) ONELINE_##kind(member)
#define ONELINE_TEXT(member) {#member, offsetof(jx_indicator, member)},
#define ONELINE_DEC(member)
#define ONELINE_CMP(member)
#define ONELINE_BAND(member)
static const struct {
	const char *key;
	size_t off;
} ind_cols[] = {JX_IND_COLUMNS(ONELINE_IND_COL)};

int jx_sheet_oneline_check(const jx_sheet *s, jx_err *err)
{
	char path[400];
	int inds;
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		snprintf(path, sizeof path, "info:%s", jx_info_labels[i].key);
		if (check(s, path, s->info[i], err))
			return -1;
	}
	for (size_t i = 0; i < s->n_basis; i++) {
		snprintf(path, sizeof path, "basis:%zu", i);
		if (check(s, path, s->basis[i], err))
			return -1;
	}
	for (size_t i = 0; i < s->n_funds; i++) {
		uint32_t cp = first_reordering(s->funds[i].source);
		if (cp) {
			snprintf(path, sizeof path, "fund:%zu", i + 1);
			return refuse(s, path, cp, err);
		}
	}
	for (size_t i = 0; i < s->n_subs; i++) {
		snprintf(path, sizeof path, "sub:%zu:name", i);
		if (check(s, path, s->subs[i].name, err))
			return -1;
	}
	/* the path is written only for a text that would be refused: an
	 * import checks 300 indicators' columns a sheet, nearly all clean.
	 * An imported sheet's indicator texts are kept together (model.h): a
	 * pass over them all that finds no lead byte clears every one */
	inds = !s->ind_texts || jx_sheet_kept_texts_have(s, REORDERING_LEADS);
	for (size_t i = 0; inds && i < s->n_inds; i++)
		for (size_t c = 0; c < sizeof ind_cols / sizeof ind_cols[0]; c++) {
			const char *key = s->inds[i].key ? s->inds[i].key : "", *text;
			text = *(char *const *)((const char *)&s->inds[i] + ind_cols[c].off);
			if (!text || !first_reordering(text))
				continue;
			snprintf(path, sizeof path, "ind:%.300s:%s", key, ind_cols[c].key);
			if (check(s, path, text, err))
				return -1;
		}
	snprintf(path, sizeof path, "review:result");
	return check(s, path, s->review_result, err);
}

/* ---- text validation ---- */

/* Length of the valid UTF-8 sequence at p (n bytes available), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char c = p[0];
	size_t len, i;
	uint32_t v;
	unsigned char lo = 0x80, hi = 0xBF;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return len;
}

static int is_space_at(const char *p, size_t n, size_t *len)
{
	if (n >= 1 && p[0] == ' ') {
		*len = 1;
		return 1;
	}
	if (n >= 3 && (unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
		*len = 3;
		return 1;
	}
	return 0;
}

/* Validate and normalise typed text.  Long text keeps newlines and tabs
 * (CR LF and lone CR become LF); a one-line field refuses them and loses
 * leading and trailing blanks.  *out is malloc'd, or NULL for empty. */
int jx_field_clean_text(const char *in, int longtext, char **out, jx_err *err)
{
	size_t n = in ? strlen(in) : 0, i = 0, o = 0, start, end, sl;
	char *buf;
	*out = NULL;
	if (n > JX_FIELD_MAX) {
		jx_err_set(err, "文本太长：%zu 字节，最多 %d 字节", "text too long: %zu bytes, at most %d", n, JX_FIELD_MAX);
		return -1;
	}
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_seq((const unsigned char *)in + i, n - i, &cp);
		if (!l) {
			jx_err_set(err, "文本含有无效的 UTF-8 编码（第 %zu 字节）", "text is not valid UTF-8 (byte %zu)", i + 1);
			return -1;
		}
		if (!longtext && jx_reorders_line(cp)) {
			jx_err_set(err,
				   "此处只能填写一行文字，不能含有改变文字方向或分行的控制符 U+%04X（第 %zu 字节）",
				   "this field takes one line of text, without the control character U+%04X that changes "
				   "the text's direction or breaks the line (byte %zu)",
				   (unsigned)cp, i + 1);
			return -1;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
			int line = cp == '\n' || cp == '\r';
			if (longtext && (line || cp == '\t')) {
				/* allowed */
			} else if (line) {
				jx_err_set(err, "此处只能填写一行文字，不能换行", "this field takes one line of text, no line breaks");
				return -1;
			} else {
				jx_err_set(err, "文本含有控制字符 U+%04X", "text contains the control character U+%04X",
					   (unsigned)cp);
				return -1;
			}
		}
		i += l;
	}
	start = 0;
	end = n;
	if (!longtext) {
		while (start < end && is_space_at(in + start, end - start, &sl))
			start += sl;
		for (;;) {
			if (end > start && in[end - 1] == ' ')
				end--;
			else if (end >= start + 3 && in[end - 3] != ' ' && is_space_at(in + end - 3, 3, &sl))
				end -= 3; /* U+3000 (a plain blank there is a character's, as in "总分 98") */
			else
				break;
		}
	}
	if (start == end)
		return 0;
	buf = malloc(end - start + 1);
	if (!buf) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	for (i = start; i < end; i++) {
		if (in[i] == '\r') {
			buf[o++] = '\n';
			if (i + 1 < end && in[i + 1] == '\n')
				i++;
		} else {
			buf[o++] = in[i];
		}
	}
	buf[o] = 0;
	*out = buf;
	return 0;
}

/* Trimmed copy of a one-line choice into buf; -1 if it does not fit. */
int jx_field_trimmed(const char *in, char *buf, size_t len)
{
	size_t n = in ? strlen(in) : 0, start = 0, sl;
	while (start < n && is_space_at(in + start, n - start, &sl))
		start += sl;
	for (;;) {
		if (n > start && (in[n - 1] == ' ' || in[n - 1] == '\t' || in[n - 1] == '\n' || in[n - 1] == '\r'))
			n--;
		else if (n >= start + 3 && is_space_at(in + n - 3, 3, &sl))
			n -= 3;
		else
			break;
	}
	if (n - start >= len)
		return -1;
	memcpy(buf, in + start, n - start);
	buf[n - start] = 0;
	return 0;
}

/* A calendar date as YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日;
 * written back as YYYY-MM-DD.  "" is allowed (out = ""). */
int jx_field_parse_date(const char *in, char out[32], jx_err *err)
{
	char buf[64];
	const char *p = buf;
	int y, m, d, cn = 0, dim;
	char sep = 0;
	if (jx_field_trimmed(in, buf, sizeof buf))
		goto bad;
	if (!buf[0]) {
		out[0] = 0;
		return 0;
	}
	if (jx_scan_digits(&p, 4, 4, &y))
		goto bad;
	if (*p == '-' || *p == '/' || *p == '.')
		sep = *p++;
	else if (jx_scan_lit(&p, "年"))
		cn = 1;
	else
		goto bad;
	if (jx_scan_digits(&p, 1, 2, &m))
		goto bad;
	if (cn ? !jx_scan_lit(&p, "月") : *p++ != sep)
		goto bad;
	if (jx_scan_digits(&p, 1, 2, &d))
		goto bad;
	if (cn)
		jx_scan_lit(&p, "日");
	if (*p)
		goto bad;
	if (y < 1900 || y > 2100 || m < 1 || m > 12)
		goto bad;
	dim = jx_days_in_month(y, m);
	if (d < 1 || d > dim)
		goto bad;
	snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
	return 0;
bad:
	jx_err_set(err, "“%s”不是有效日期，请写成 YYYY-MM-DD（如 2024-06-30）",
		   "\"%s\" is not a valid date; write it as YYYY-MM-DD (e.g. 2024-06-30)", jx_nz(in));
	return -1;
}
