/* jixiao import of its own workbook (xform_data.h): the 300-indicator
 * sheet exported as xlsx and read back the way `jixiao import` reads it,
 * from its hidden data, its visible form compared cell by cell with the
 * form that data makes (before the database). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "export.h"
#include "table_read.h"
#include "sheetio.h"
#include "xform_data.h"

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

void bench_import_own_xlsx(const jx_templates *set, const jx_template *t, const char *dir)
{
	enum { RUNS = 15 };
	jx_sheet *s = bench_sheet(t, 77, 200, 75, 25);
	jx_err err = {{0}};
	char path[300];
	double us[RUNS];
	size_t n = 0;
	snprintf(path, sizeof path, "%s/own.xlsx", dir);
	if (jx_export(JX_EXPORT_XLSX, set, &s, 1, path, 0, &err) < 0) {
		fprintf(stderr, "bench: export for the import: %s\n", err.msg);
		exit(1);
	}
	for (int i = 0; i < RUNS; i++) {
		jx_book book;
		jx_sheet **back = NULL;
		size_t nb = 0;
		double t0 = now_us();
		if (jx_book_read(path, &book, &err) < 0 ||
		    jx_xdata_sheets(&book, path, set, &back, &nb, NULL, NULL, &err) < 0 || nb != 1) {
			fprintf(stderr, "bench: import of jixiao's own xlsx: %s\n", err.msg);
			exit(1);
		}
		us[i] = now_us() - t0;
		n = back[0]->n_inds;
		jx_sheets_free(back, nb);
		jx_book_free(&book);
	}
	qsort(us, RUNS, sizeof us[0], by_value);
	printf("import of a %zu-indicator sheet's own xlsx, from its hidden data, the form compared (%d runs): "
	       "median %.1f ms (target <= 100 ms) %s\n",
	       n, RUNS, us[RUNS / 2] / 1000, us[RUNS / 2] / 1000 <= 100 ? "ok" : "over");
	unlink(path);
	jx_sheet_free(s);
}
