/* The printable HTML's structure, without a browser (tests/print_html.sh
 * prints it through Chromium): the indicator table's heading is a <thead>
 * of its own table, figures never wrap, no merged label spans more rows
 * than a page holds, the body is cut into row groups kept on one page, and
 * pages are numbered. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "export.h"
#include "sheetio.h"

static char *html_of(const char *sample)
{
	jx_templates set = {NULL, 0};
	jx_sheet **sheets = NULL;
	size_t n = 0, len = 0;
	jx_err err = {{0}};
	char path[256], *out = NULL;
	FILE *f = open_memstream(&out, &len);
	snprintf(path, sizeof path, "%s/%s", JX_SAMPLES, sample);
	assert_non_null(f);
	assert_int_equal(jx_templates_load_builtin(&set, &err), 0);
	assert_int_equal(jx_sheets_read(path, &set, &sheets, &n, &err), 0);
	assert_int_equal(jx_export_html_write(f, &set, sheets, n, &err), 0);
	assert_int_equal(fclose(f), 0);
	jx_sheets_free(sheets, n);
	jx_templates_free(&set);
	return out;
}

/* The largest rowspan="N" in s. */
static int max_rowspan(const char *s)
{
	int max = 1;
	for (const char *p = strstr(s, "rowspan=\""); p; p = strstr(p + 1, "rowspan=\"")) {
		int v = atoi(p + 9);
		if (v > max)
			max = v;
	}
	return max;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static void test_jiangmen_form(void **state)
{
	char *h = html_of("jiangmen-2022-project-self.yaml");
	const char *thead = strstr(h, "<thead>"), *end = thead ? strstr(thead, "</thead>") : NULL;
	(void)state;
	assert_non_null(thead);
	assert_non_null(end);
	/* the heading row of the indicator table, with the block label 绩效指标 */
	assert_true(strstr(thead, ">绩效指标<") < end);
	assert_true(strstr(thead, ">三级指标</th>") < end);
	assert_true(strstr(thead, ">偏差原因分析及改进措施</th>") < end);
	assert_non_null(strstr(h, "thead { display: table-header-group; }"));
	/* 480.82 ÷ 1935 = 24.85%, and the amounts: figures that never wrap */
	assert_non_null(strstr(h, "<td class=\"number n\" align=\"right\">480.82</td>"));
	assert_non_null(strstr(h, "<td class=\"center n\" align=\"center\">24.85%</td>"));
	assert_non_null(strstr(h, ".n { white-space: nowrap; }"));
	/* no label spans the 70 indicator rows as the form merges them: each
	 * row group repeats its 一级 and 二级 (48 数量指标 rows cut in groups) */
	assert_true(max_rowspan(h) <= 24);
	assert_true(count(h, ">产出指标</td>") >= 3);
	assert_true(count(h, "<tbody") >= 8);
	/* pages numbered */
	assert_non_null(strstr(h, "content: \"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\""));
	/* no spacer row drawn as a bordered row */
	assert_null(strstr(h, "<tr><td></td><td></td><td></td>"));
	free(h);
}

/* The third-party result has no column headings: no <thead>.  Its very
 * long 主要问题与建议 comes in rows of a printable height (the form model
 * cuts long text into rows, as the xlsx must), so no row group needs to
 * break across pages: no "tall" group. */
static void test_external_form(void **state)
{
	char *h = html_of("jingdezhen-2023-external.yaml");
	(void)state;
	assert_null(strstr(h, "<thead>"));
	assert_null(strstr(h, "<tbody class=\"tall\">"));
	assert_true(count(h, "<tbody") >= 2);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jiangmen_form),
		cmocka_unit_test(test_external_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
