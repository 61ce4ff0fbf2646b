/* Spreadsheets as tables: what the first bytes say, reading a whole file
 * within the size bound, and the builder the three readers fill
 * (xlsx_read.c, xls_read.c, csv_read.c). */
#include "table_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int jx_table_sniff(const unsigned char *head, size_t n)
{
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
		return 1;
	if (n >= 8 && memcmp(head, ole, 8) == 0)
		return 2;
	return 0;
}

/* A text file is a table when its first line separates fields with a comma,
 * a tab or a semicolon and does not read as a YAML key ("key: value") or a
 * YAML document start. */
static int text_is_table(const unsigned char *h, size_t n)
{
	size_t i = 0, end;
	int sep = 0, colon_space = 0;
	if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF)
		i = 3;
	if (i >= n)
		return 0;
	for (end = i; end < n && h[end] != '\n' && h[end] != '\r'; end++) {
		if (h[end] == ',' || h[end] == '\t' || h[end] == ';')
			sep = 1;
		if (h[end] == ':' && (end + 1 == n || h[end + 1] == ' ' || h[end + 1] == '\n' || h[end + 1] == '\r'))
			colon_space = 1;
		if (h[end] == 0)
			return 0;
	}
	if (end - i >= 3 && memcmp(h + i, "---", 3) == 0)
		return 0;
	if (h[i] == '#' || h[i] == '-')
		return 0;
	return sep && !colon_space;
}

int jx_table_is_spreadsheet(const char *path)
{
	unsigned char head[4096];
	size_t n;
	FILE *f;
	if (!path || strcmp(path, "-") == 0)
		return 0;
	f = fopen(path, "rb");
	if (!f)
		return 0;
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	return jx_table_sniff(head, n) || text_is_table(head, n);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int jx_book_read(const char *path, jx_book *book, jx_err *err)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t n = 0, cap = 0;
	int rc;
	memset(book, 0, sizeof *book);
	if (!f) {
		jx_err_set(err, "%s: 无法打开", "%s: cannot open", path);
		return -1;
	}
	for (;;) {
		size_t got;
		if (n == cap) {
			unsigned char *bigger;
			if (cap >= JX_TABLE_MAX_FILE) {
				fclose(f);
				free(data);
				jx_err_set(err, "%s: 文件超过 %u MiB", "%s: the file is larger than %u MiB", path,
					   JX_TABLE_MAX_FILE >> 20);
				return -1;
			}
			cap = cap ? cap * 2 : 65536;
			bigger = realloc(data, cap + 1);
			if (!bigger) {
				fclose(f);
				free(data);
				jx_err_set(err, "内存不足", "out of memory");
				return -1;
			}
			data = bigger;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		free(data);
		jx_err_set(err, "%s: 读取失败", "%s: read error", path);
		return -1;
	}
	fclose(f);
	switch (jx_table_sniff(data, n)) {
	case 1:
		rc = jx_xlsx_read_mem(base_name(path), data, n, book, err);
		break;
	case 2:
		rc = jx_xls_read_mem(base_name(path), data, n, book, err);
		break;
	default:
		rc = jx_csv_read_mem(base_name(path), data, n, book, err);
	}
	free(data);
	return rc;
}

void jx_book_free(jx_book *book)
{
	for (size_t i = 0; i < book->n; i++) {
		jx_table *t = &book->t[i];
		for (size_t k = 0; k < t->nrows * t->ncols; k++)
			free(t->cell[k]);
		free(t->cell);
		free(t->merges);
		free(t->name);
	}
	free(book->t);
	memset(book, 0, sizeof *book);
}

const char *jx_table_at(const jx_table *t, size_t r, size_t c)
{
	if (r >= t->nrows || c >= t->ncols)
		return NULL;
	return t->cell[r * t->ncols + c];
}

const char *jx_table_cellname(size_t r, size_t c, char *buf, size_t cap)
{
	char col[8];
	size_t k = sizeof col - 1;
	col[k] = 0;
	c++;
	while (c && k) {
		col[--k] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	snprintf(buf, cap, "%s%zu", col + k, r + 1);
	return buf;
}

int jx_tb_put(jx_table_builder *b, size_t r, size_t c, char *text, size_t *total_cells, const char *where,
	      jx_err *err)
{
	if (!text || !*text) {
		free(text);
		return 0;
	}
	if (r >= JX_TABLE_MAX_ROWS || c >= JX_TABLE_MAX_COLS) {
		free(text);
		jx_err_set(err, "%s: 表格超过 %u 行或 %u 列", "%s: the sheet has more than %u rows or %u columns", where,
			   JX_TABLE_MAX_ROWS, JX_TABLE_MAX_COLS);
		return -1;
	}
	if (++*total_cells > JX_TABLE_MAX_CELLS) {
		free(text);
		jx_err_set(err, "%s: 工作簿超过 %u 个有内容的单元格", "%s: the workbook has more than %u filled cells",
			   where, JX_TABLE_MAX_CELLS);
		return -1;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		jx_table_cellv *v = realloc(b->v, cap * sizeof *v);
		if (!v) {
			free(text);
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n].r = r;
	b->v[b->n].c = c;
	b->v[b->n].text = text;
	b->n++;
	if (r + 1 > b->maxr)
		b->maxr = r + 1;
	if (c + 1 > b->maxc)
		b->maxc = c + 1;
	return 0;
}

int jx_tb_merge(jx_table_builder *b, jx_table_merge m, const char *where, jx_err *err)
{
	/* a range upside down or beyond the bounds is said, not guessed at */
	if (m.r1 < m.r0 || m.c1 < m.c0 || m.r1 >= JX_TABLE_MAX_ROWS || m.c1 >= JX_TABLE_MAX_COLS) {
		jx_err_set(err, "%s: 合并单元格的范围不成立", "%s: a merged range that is not a range", where);
		return -1;
	}
	if (b->nmerges >= JX_TABLE_MAX_CELLS) {
		jx_err_set(err, "%s: 合并单元格过多", "%s: too many merged ranges", where);
		return -1;
	}
	if (b->nmerges == b->capm) {
		size_t cap = b->capm ? b->capm * 2 : 16;
		jx_table_merge *v = realloc(b->merges, cap * sizeof *v);
		if (!v) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		b->merges = v;
		b->capm = cap;
	}
	b->merges[b->nmerges++] = m;
	return 0;
}

int jx_tb_finish(jx_table_builder *b, jx_book *book, const char *name, jx_err *err)
{
	jx_table *grown, *t;
	if (book->n >= JX_TABLE_MAX_SHEETS) {
		jx_err_set(err, "工作簿超过 %u 张工作表", "the workbook has more than %u worksheets", JX_TABLE_MAX_SHEETS);
		return -1;
	}
	if (b->maxr && b->maxc > (JX_TABLE_MAX_CELLS * 4) / b->maxr) {
		/* the table is held whole: one far-off cell must not cost gigabytes */
		jx_err_set(err, "%s: 表格的范围过大 (%zu 行 × %zu 列)", "%s: the sheet spans too much (%zu rows × %zu columns)",
			   name ? name : "", b->maxr, b->maxc);
		return -1;
	}
	grown = realloc(book->t, (book->n + 1) * sizeof *grown);
	if (!grown) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	book->t = grown;
	t = &book->t[book->n];
	memset(t, 0, sizeof *t);
	t->name = strdup(name ? name : "");
	t->nrows = b->maxr;
	t->ncols = b->maxc;
	t->cell = calloc(t->nrows * t->ncols > 0 ? t->nrows * t->ncols : 1, sizeof *t->cell);
	if (!t->name || !t->cell) {
		free(t->name);
		free(t->cell);
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	for (size_t i = 0; i < b->n; i++) {
		char **slot = &t->cell[b->v[i].r * t->ncols + b->v[i].c];
		free(*slot); /* a cell given twice: the last one counts */
		*slot = b->v[i].text;
		b->v[i].text = NULL;
	}
	t->merges = b->merges;
	t->nmerges = b->nmerges;
	b->merges = NULL;
	b->nmerges = b->capm = 0;
	book->n++;
	jx_tb_free(b);
	return 0;
}

void jx_tb_free(jx_table_builder *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].text);
	free(b->v);
	free(b->merges);
	memset(b, 0, sizeof *b);
}
