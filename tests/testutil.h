/* Shared by jixiao's unit tests (cmocka). */
#ifndef JX_TESTUTIL_H
#define JX_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dec.h"

/* Tests run from the top of the source tree (tests/run.sh cds there). */
#define JX_SAMPLES "share/samples"
#define JX_TEMPLATES "share/templates"

/* "2.48" -> jx_dec, for expected values written by hand. */
static inline jx_dec D(const char *s)
{
	int neg = *s == '-';
	int64_t ip = 0, fp = 0, scale = 1000000;
	if (neg || *s == '+')
		s++;
	while (*s >= '0' && *s <= '9')
		ip = ip * 10 + (*s++ - '0');
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9' && scale > 1) {
			scale /= 10;
			fp += (*s++ - '0') * scale;
		}
	}
	return (neg ? -1 : 1) * (ip * 1000000 + fp);
}

/* The findings count of row `row` (numbered from 1) of an exported CSV's
 * summary table 绩效评价汇总表, whose project name is `name`: the last field
 * of that line. */
static inline long summary_findings(const char *csv, int row, const char *name)
{
	char head[256];
	const char *sum = strstr(csv, "绩效评价汇总表"), *line, *end, *comma;
	assert_non_null(sum);
	snprintf(head, sizeof head, "\r\n%d,%s,", row, name);
	line = strstr(sum, head);
	assert_non_null(line);
	end = strstr(line + 2, "\r\n");
	assert_non_null(end);
	for (comma = end; comma > line && comma[-1] != ','; comma--)
		;
	return strtol(comma, NULL, 10);
}

/* Remove the database at db with the files SQLite keeps beside it, then
 * its directory dir. */
static inline void remove_db_dir(const char *db, const char *dir)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char p[512];
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(p, sizeof p, "%s%s", db, sfx[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* A whole file read into memory, NUL-terminated; its size in *n.  The
 * test fails when it cannot be read. */
static inline char *test_read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long len;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	b = malloc((size_t)len + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	b[len] = 0;
	*n = (size_t)len;
	return b;
}

#endif
