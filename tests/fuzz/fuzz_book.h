/* What the three spreadsheet readers' libFuzzer targets share (fuzz_xlsx.c,
 * fuzz_xls.c, fuzz_csv.c): the built-in templates loaded once, then each
 * input read into a book and, on what is read, the indicator-table mapping
 * (jx_sheet_from_book).  Invariants: a refusal always says why; an
 * accepted book's tables hold cells inside their bounds only.  Included
 * by exactly one file per target. */
#ifndef JX_FUZZ_BOOK_H
#define JX_FUZZ_BOOK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "model.h"
#include "sheet_from_table.h"
#include "table_read.h"
#include "template.h"

#define FAIL(...)                                      \
	do {                                           \
		fprintf(stderr, "invariant: " __VA_ARGS__); \
		fputc('\n', stderr);                   \
		abort();                               \
	} while (0)

static jx_templates set;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	jx_err err;
	(void)argc;
	(void)argv;
	if (jx_templates_load_builtin(&set, &err) < 0)
		FAIL("built-in templates: %s", err.msg);
	return 0;
}

typedef int (*book_reader)(const char *name, const void *data, size_t len, jx_book *book, jx_err *err);

/* One input through reader (named name in messages), then the mapping. */
static int fuzz_book(book_reader reader, const char *name, const uint8_t *data, size_t size)
{
	jx_book book;
	jx_err err;
	jx_sheet *s = NULL;
	err.msg[0] = 0;
	if (reader(name, data, size, &book, &err) < 0) {
		if (!err.msg[0])
			FAIL("refused without a message");
		return 0;
	}
	for (size_t i = 0; i < book.n; i++) {
		const jx_table *t = &book.t[i];
		if (t->nrows > JX_TABLE_MAX_ROWS || t->ncols > JX_TABLE_MAX_COLS)
			FAIL("table %zu is %zu x %zu", i, t->nrows, t->ncols);
	}
	err.msg[0] = 0;
	if (jx_sheet_from_book(&book, name, &set, NULL, &s, &err) < 0 && !err.msg[0])
		FAIL("mapping refused without a message");
	jx_sheet_free(s);
	jx_book_free(&book);
	return 0;
}

#endif
