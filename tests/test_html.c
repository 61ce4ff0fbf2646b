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
#include "export_ops.h"
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

static char *escaped(const char *s, int br)
{
	size_t len = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	jx_html_escape(f, s, br);
	assert_int_equal(fclose(f), 0);
	return out;
}

/* Every text of a form goes through the escaping: markup characters as
 * entities, Chinese and other valid characters as they are, invalid UTF-8
 * as U+FFFD (one for each byte that starts no character), C1 controls
 * dropped, a line break as <br> (or a blank), and a text longer than the
 * writer's 8 KiB block whole. */
static void test_escape(void **state)
{
	/* < a & '中文' ff C2-85 é > LF, then E4 B8 cut short: two bytes that
	 * start no whole character, each U+FFFD (EF BF BD) */
	const char *in = "<a & '中文' \xff \xc2\x85 \xc3\xa9>\n\xe4\xb8";
	const char *want_br = "&lt;a &amp; &#39;中文&#39; \xef\xbf\xbd  \xc3\xa9&gt;<br>\xef\xbf\xbd\xef\xbf\xbd";
	const char *want_blank = "&lt;a &amp; &#39;中文&#39; \xef\xbf\xbd  \xc3\xa9&gt; \xef\xbf\xbd\xef\xbf\xbd";
	char *out, *long_in, *long_want;
	size_t k;
	(void)state;
	out = escaped(in, 1);
	assert_string_equal(out, want_br);
	free(out);
	out = escaped(in, 0);
	assert_string_equal(out, want_blank);
	free(out);
	/* 5,000 times "中&" (3 + 1 bytes in, 3 + 5 out): 40,000 bytes out */
	long_in = malloc(5000 * 4 + 1);
	long_want = malloc(5000 * 8 + 1);
	assert_non_null(long_in);
	assert_non_null(long_want);
	for (k = 0; k < 5000; k++) {
		memcpy(long_in + k * 4, "中&", 4);
		memcpy(long_want + k * 8, "中&amp;", 8);
	}
	long_in[5000 * 4] = '\0';
	long_want[5000 * 8] = '\0';
	out = escaped(long_in, 1);
	assert_int_equal(strlen(out), 40000);
	assert_string_equal(out, long_want);
	free(out);
	free(long_in);
	free(long_want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jiangmen_form),
		cmocka_unit_test(test_external_form),
		cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
