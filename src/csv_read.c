/* CSV read as a table: UTF-8 with or without a byte-order mark, or GB18030
 * (which includes GBK) when the bytes are not UTF-8 — what Excel writes on a
 * Chinese Windows when a clerk saves "CSV (逗号分隔)".  The separator is the
 * one the first line uses most: comma, tab or semicolon.  Quoted fields as
 * RFC 4180 has them (doubled quotes, line breaks inside quotes). */
#include "table_read.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is s[0..n) valid UTF-8 (no overlongs, no surrogates)? */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		unsigned cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07;
		else
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* GB18030 to UTF-8 with iconv.  A malloc'd string, or NULL (err). */
static char *from_gb18030(const char *name, const char *in, size_t n, size_t *out_len, jx_err *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = n * 2 + 16, left_in = n, left_out = cap;
	char *out, *ip = (char *)in, *op;
	if (cd == (iconv_t)-1) {
		jx_err_set(err, "%s: 无法转换 GB18030 编码", "%s: cannot convert from GB18030", name);
		return NULL;
	}
	out = malloc(cap + 1);
	if (!out) {
		iconv_close(cd);
		jx_err_set(err, "内存不足", "out of memory");
		return NULL;
	}
	op = out;
	if (iconv(cd, &ip, &left_in, &op, &left_out) == (size_t)-1) {
		size_t at = (size_t)(ip - in);
		iconv_close(cd);
		free(out);
		jx_err_set(err, "%s: 第 %zu 字节起既不是 UTF-8 也不是 GB18030 编码",
			   "%s: from byte %zu the text is neither UTF-8 nor GB18030", name, at + 1);
		return NULL;
	}
	iconv_close(cd);
	*op = 0;
	*out_len = (size_t)(op - out);
	return out;
}

static char pick_separator(const char *s, size_t n)
{
	size_t counts[3] = {0};
	const char seps[3] = {',', '\t', ';'};
	int quoted = 0;
	for (size_t i = 0; i < n && (quoted || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			quoted = !quoted;
		for (int k = 0; k < 3 && !quoted; k++)
			counts[k] += s[i] == seps[k];
	}
	return counts[1] > counts[0] && counts[1] >= counts[2] ? '\t' : counts[2] > counts[0] ? ';' : ',';
}

/* A copy of the table's name: the file name without its extension. */
static char *table_name(const char *name)
{
	char *t = strdup(name), *dot;
	if (t && (dot = strrchr(t, '.')) && dot != t)
		*dot = 0;
	return t;
}

typedef struct {
	char *buf;
	size_t n, cap;
} field_buf;

static int fb_add(field_buf *f, char c)
{
	if (f->n + 1 >= f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		char *b = realloc(f->buf, cap);
		if (!b)
			return -1;
		f->buf = b;
		f->cap = cap;
	}
	f->buf[f->n++] = c;
	return 0;
}

/* Split the UTF-8 text into cells. */
static int split(const char *where, const char *s, size_t n, jx_table_builder *b, jx_err *err)
{
	char sep = pick_separator(s, n), cname[24];
	size_t r = 0, c = 0, total = 0, i = 0;
	field_buf f = {0};
	int rc = 0;
	while (i <= n && rc == 0) {
		int end_row = 0;
		f.n = 0;
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n) {
					jx_err_set(err, "%s!%s: 引号没有配对", "%s!%s: a quote is not closed", where,
						   jx_table_cellname(r, c, cname, sizeof cname));
					free(f.buf);
					return -1;
				}
				if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') {
					rc |= fb_add(&f, '"');
					i += 2;
				} else if (s[i] == '"') {
					i++;
					break;
				} else
					rc |= fb_add(&f, s[i++]);
			}
		}
		/* the rest of the field, up to the separator or the line's end
		 * (text after a closing quote is kept, as Excel does) */
		while (i < n && s[i] != sep && s[i] != '\n' && s[i] != '\r')
			rc |= fb_add(&f, s[i++]);
		if (i >= n || s[i] == '\n' || s[i] == '\r') {
			end_row = 1;
			if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
		}
		i++;
		if (rc) {
			jx_err_set(err, "内存不足", "out of memory");
			break;
		}
		if (f.n) {
			char *text = malloc(f.n + 1);
			if (!text) {
				jx_err_set(err, "内存不足", "out of memory");
				rc = -1;
				break;
			}
			memcpy(text, f.buf, f.n);
			text[f.n] = 0;
			rc = jx_tb_put(b, r, c, text, &total, where, err);
		}
		if (end_row) {
			r++;
			c = 0;
		} else
			c++;
	}
	free(f.buf);
	return rc ? -1 : 0;
}

int jx_csv_read_mem(const char *name, const void *data, size_t len, jx_book *book, jx_err *err)
{
	const char *s = data;
	char *conv = NULL, *tname = table_name(name);
	char where[512];
	size_t n = len;
	jx_table_builder b = {0};
	int rc;
	memset(book, 0, sizeof *book);
	book->kind = JX_BOOK_CSV;
	if (!tname) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	snprintf(where, sizeof where, "%.200s!%.200s", name, tname);
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (memchr(s, 0, n)) {
		jx_err_set(err, "%s: 不是文本文件，也不是 xlsx 或 xls", "%s: neither text nor xlsx or xls", name);
		free(tname);
		return -1;
	}
	if (!valid_utf8((const unsigned char *)s, n)) {
		conv = from_gb18030(name, s, n, &n, err);
		if (!conv) {
			free(tname);
			return -1;
		}
		s = conv;
	}
	rc = split(where, s, n, &b, err);
	if (rc == 0)
		rc = jx_tb_finish(&b, book, tname, err);
	jx_tb_free(&b);
	free(conv);
	free(tname);
	if (rc < 0)
		jx_book_free(book);
	return rc;
}
