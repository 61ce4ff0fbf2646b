/* Test driver for tests/export.sh: exports sample sheets through the export
 * library and compares CSV tables.  Built by tests/export.sh against
 * build/libjixiao.a.
 *
 *   driver export FORMAT OUT [--force] [--gb18030] FILE...
 *        read the sheets of each YAML file, export them all to OUT
 *   driver csvcmp EXPECTED.csv ACTUAL.csv
 *        compare two CSV tables field by field (RFC 4180, byte-order mark
 *        and CR ignored; trailing empty fields and empty lines ignored;
 *        the apostrophe the exporter puts before formula-like text, which
 *        the xlsx holds as a plain string, ignored; a field empty in
 *        EXPECTED may repeat the field above it: a merged label printed
 *        again at the top of a page); prints each difference, exits 1
 *        when there is one
 *   driver csvcells FILE.csv ROW COL
 *        print one field (0-based)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "sheetio.h"

static int cmd_export(int argc, char **argv)
{
	jx_templates set = {0};
	jx_export_format fmt;
	jx_sheet **all = NULL;
	size_t n_all = 0;
	int flags = 0, rc = 1;
	jx_err err = {{0}};

	if (argc < 4) {
		fprintf(stderr, "usage: driver export FORMAT OUT FILE...\n");
		return 2;
	}
	if (jx_export_format_parse(argv[1], &fmt, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	if (jx_templates_load_builtin(&set, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		jx_sheet **v = NULL, **nv;
		size_t n = 0;
		if (strcmp(argv[i], "--force") == 0) {
			flags |= JX_EXPORT_FORCE;
			continue;
		}
		if (strcmp(argv[i], "--gb18030") == 0) {
			flags |= JX_EXPORT_GB18030;
			continue;
		}
		if (jx_sheets_read(argv[i], &set, &v, &n, &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			goto out;
		}
		nv = realloc(all, (n_all + n) * sizeof *all);
		if (!nv) {
			jx_sheets_free(v, n);
			goto out;
		}
		all = nv;
		memcpy(all + n_all, v, n * sizeof *v);
		n_all += n;
		free(v);
	}
	if (jx_export(fmt, &set, all, n_all, argv[2], flags, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		goto out;
	}
	rc = 0;
out:
	jx_sheets_free(all, n_all);
	jx_templates_free(&set);
	return rc;
}

/* ---- CSV ---- */

typedef struct {
	char ***rows; /* rows[r][c] */
	int *ncols;
	int nrows;
} table;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			char *nb = realloc(buf, cap = n + 65536 + cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void push_field(table *t, char *field)
{
	int r = t->nrows - 1;
	t->rows[r] = realloc(t->rows[r], (size_t)(t->ncols[r] + 1) * sizeof(char *));
	t->rows[r][t->ncols[r]++] = field;
}

static void new_row(table *t)
{
	t->rows = realloc(t->rows, (size_t)(t->nrows + 1) * sizeof *t->rows);
	t->ncols = realloc(t->ncols, (size_t)(t->nrows + 1) * sizeof *t->ncols);
	t->rows[t->nrows] = NULL;
	t->ncols[t->nrows] = 0;
	t->nrows++;
}

static int parse_csv(const char *path, table *t)
{
	size_t len = 0, i = 0;
	char *s = slurp(path, &len);
	if (!s)
		return -1;
	memset(t, 0, sizeof *t);
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		char *field = malloc(len - i + 1);
		size_t o = 0;
		new_row(t);
		for (;;) {
			o = 0;
			if (s[i] == '"') {
				i++;
				while (i < len) {
					if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
						field[o++] = '"';
						i += 2;
					} else if (s[i] == '"') {
						i++;
						break;
					} else if (s[i] == '\r') {
						i++;
					} else {
						field[o++] = s[i++];
					}
				}
			}
			while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
				field[o++] = s[i++];
			field[o] = '\0';
			push_field(t, strdup(field));
			if (i < len && s[i] == ',') {
				i++;
				continue;
			}
			if (i < len && s[i] == '\r')
				i++;
			if (i < len && s[i] == '\n')
				i++;
			break;
		}
		free(field);
	}
	free(s);
	return 0;
}

static int last_nonempty(const table *t, int r)
{
	int c = t->ncols[r];
	while (c > 0 && !*t->rows[r][c - 1])
		c--;
	return c;
}

/* Rows with no content are dropped (LibreOffice writes ",,,," for an empty
 * row, the exporter writes an empty line between tables). */
static int next_row(const table *t, int r)
{
	while (r < t->nrows && last_nonempty(t, r) == 0)
		r++;
	return r;
}

/* Field x of the exporter's CSV shows field y of LibreOffice's: the same,
 * or x is y with the apostrophe that keeps it from running as a formula. */
static int same_field(const char *x, const char *y)
{
	if (x[0] == '\'' && strchr("=+-@\t\r \n", x[1] ? x[1] : 'x'))
		x++;
	return strcmp(x, y) == 0;
}

/* The nearest non-empty field above row r in column c. */
static const char *above(const table *t, int r, int c)
{
	while (--r >= 0)
		if (c < t->ncols[r] && t->rows[r][c][0])
			return t->rows[r][c];
	return "";
}

static int cmd_csvcmp(const char *a, const char *b)
{
	table x, y;
	int rx = 0, ry = 0, diffs = 0;
	if (parse_csv(a, &x) != 0 || parse_csv(b, &y) != 0) {
		fprintf(stderr, "cannot read %s or %s\n", a, b);
		return 2;
	}
	for (;;) {
		int nx, ny, n;
		rx = next_row(&x, rx);
		ry = next_row(&y, ry);
		if (rx >= x.nrows || ry >= y.nrows)
			break;
		nx = last_nonempty(&x, rx);
		ny = last_nonempty(&y, ry);
		n = nx > ny ? nx : ny;
		for (int c = 0; c < n; c++) {
			const char *fx = c < x.ncols[rx] ? x.rows[rx][c] : "";
			const char *fy = c < y.ncols[ry] ? y.rows[ry][c] : "";
			/* the xlsx repeats a merged label (一级, 二级) at the top of
			 * a page its rows go on to: the field above, again */
			if (!fx[0] && fy[0] && strcmp(above(&x, rx, c), fy) == 0)
				continue;
			if (!same_field(fx, fy) && diffs++ < 20)
				printf("row %d col %d: expected \"%s\", got \"%s\"\n", rx + 1, c + 1, fx, fy);
		}
		rx++;
		ry++;
	}
	if (next_row(&x, rx) < x.nrows || next_row(&y, ry) < y.nrows) {
		printf("row count differs (%d vs %d)\n", x.nrows, y.nrows);
		diffs++;
	}
	return diffs ? 1 : 0;
}

static int cmd_csvcell(const char *path, int r, int c)
{
	table t;
	if (parse_csv(path, &t) != 0)
		return 2;
	if (r >= t.nrows || c >= t.ncols[r])
		return 1;
	printf("%s\n", t.rows[r][c]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "export") == 0)
		return cmd_export(argc - 1, argv + 1);
	if (argc == 4 && strcmp(argv[1], "csvcmp") == 0)
		return cmd_csvcmp(argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "csvcell") == 0)
		return cmd_csvcell(argv[2], atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: driver export|csvcmp|csvcell ...\n");
	return 2;
}
