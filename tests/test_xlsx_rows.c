/* The worksheet rows that jixiao writes in one go (src/xlsx_rows.c) are
 * byte for byte the rows libxlsxwriter writes itself: one worksheet with
 * every kind of cell and row, written both ways, its XML compared. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unzip.h>
#include <xlsxwriter.h>

#include "testutil.h"

#include "export_ops.h"

/* Rows 9 to 208 of the worksheet: 10,000 numbers that the row writer
 * writes without printf (whole ones, and fractions from 10^-4 to 10^15)
 * and around them: amounts in cents and in millionths, fractions of any
 * bits, powers of ten and their neighbours, halves between two 16-digit
 * renderings, and a few printf writes (tiny, huge, negative zero). */
static void numbers(lxw_worksheet *ws)
{
	uint64_t seed = 88172645463325252ULL;
	for (int r = 0; r < 200; r++)
		for (int c = 0; c < 50; c++) {
			double v;
			uint64_t bits;
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17; /* xorshift64 */
			switch ((r * 50 + c) % 8) {
			case 0: /* cents */
				v = (double)(int64_t)(seed % 100000000000000ULL) / 100;
				break;
			case 1: /* millionths, jixiao's decimals */
				v = (double)(int64_t)(seed % 10000000000000ULL) / 1000000;
				break;
			case 2: /* any bits between 2^-14 and 2^50 */
				bits = (seed & 0x000FFFFFFFFFFFFFULL) | (uint64_t)(1023 - 14 + (int)(seed >> 58) % 64) << 52;
				memcpy(&v, &bits, sizeof v);
				break;
			case 3: /* a power of ten, or one of its neighbours */
				v = nextafter(pow(10, (int)(seed % 20) - 5), (seed >> 40) & 1 ? 0 : INFINITY);
				if ((seed >> 41) & 1)
					v = pow(10, (int)(seed % 20) - 5);
				break;
			case 4: /* 16 significant digits and a half: 0.xxx5 ties */
				v = ((double)(seed % 10000000000000000ULL) + 0.5) / 1e16;
				break;
			case 5: /* small fractions */
				v = (double)(seed % 1000) / 1024 + 0.0001;
				break;
			case 6: /* outside the range: tiny, huge, -0 */
				v = (seed & 3) == 0 ? 1e-7 * (double)(seed % 1000) : (seed & 3) == 1 ? 1e17 + (double)(seed % 1000) : (seed & 3) == 2 ? -0.0 : 9.99999999999999999e14;
				break;
			default: /* 9.999…: rounds up to the next power of ten */
				v = 10 - ldexp(1, -49 + (int)(seed % 4));
				break;
			}
			if ((seed >> 50) & 1)
				v = -v;
			worksheet_write_number(ws, (lxw_row_t)(8 + r), (lxw_col_t)c, v, NULL);
		}
}

/* The worksheet: rows 1 to 8 and the last row of the sheet, at the last
 * column too; row 4 has a boolean cell, a kind left to the library. */
static void fill(lxw_workbook *wb)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *bold = workbook_add_format(wb), *border = workbook_add_format(wb),
		   *col = workbook_add_format(wb);
	lxw_row_col_options hidden = {.hidden = 1, .level = 2, .collapsed = 1};
	static const double nums[] = {0, 1, -3, 0.94, 92.32, 1e20, 1e15, 123456789012345.0, 1.5e-7, 1e-5, 2.5e14};
	char *long_text = malloc(6001);

	format_set_bold(bold);
	format_set_border(border, LXW_BORDER_THIN);
	format_set_num_format(col, "0.00");
	worksheet_set_column(ws, 20, 20, 12, col);
	worksheet_set_default_row(ws, 20.25, LXW_FALSE);

	worksheet_set_row(ws, 0, 30, bold); /* a row format: s and customFormat */
	worksheet_write_string(ws, 0, 0, "plain", NULL);
	worksheet_write_string(ws, 0, 1, " leading", border);
	worksheet_write_string(ws, 0, 2, "trailing ", NULL);
	worksheet_write_string(ws, 0, 3, "a&b<c>d\"e'", border);
	worksheet_write_string(ws, 0, 4, "中文 text\t", NULL);
	worksheet_write_string(ws, 0, 5, "&lead", NULL);

	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		worksheet_write_number(ws, 1, (lxw_col_t)i, nums[i], i % 2 ? border : NULL);
	worksheet_write_number(ws, 1, 12, -0.0, NULL);
	worksheet_write_number(ws, 1, 13, -1234567.125, border);

	worksheet_write_blank(ws, 2, 0, border);
	worksheet_write_blank(ws, 2, 1, NULL); /* no cell at all */
	worksheet_write_formula_num(ws, 2, 2, "=IF(A2<1,\"<&>\",B2)", border, 3.5);
	worksheet_write_formula_num(ws, 2, 3, "=A2+B2", NULL, 0.1 + 0.2);
	worksheet_write_number(ws, 2, 20, 7.25, NULL); /* the column's format */

	worksheet_write_boolean(ws, 3, 0, 1, NULL);
	worksheet_write_string(ws, 3, 1, "with a boolean", NULL);

	worksheet_set_row_opt(ws, 4, LXW_DEF_ROW_HEIGHT, NULL, &hidden);
	worksheet_write_string(ws, 4, 0, "hidden", NULL);

	worksheet_set_row(ws, 5, 40.5, NULL); /* a row with no cells */

	worksheet_merge_range(ws, 6, 0, 6, 3, "merged", border);

	memset(long_text, 'x', 6000);
	long_text[6000] = '\0';
	worksheet_write_string(ws, 7, 0, "x\x01y\x1f", NULL); /* control characters: _x0001_ */
	worksheet_write_string(ws, 7, 1, long_text, NULL);
	worksheet_write_string(ws, 7, 2, " ", NULL);

	numbers(ws);
	worksheet_write_number(ws, LXW_ROW_MAX - 1, LXW_COL_MAX - 1, 42, border);
	free(long_text);
}

static char *sheet_xml(const char *path)
{
	unzFile z = unzOpen64(path);
	unz_file_info64 info;
	char *xml = NULL;
	assert_non_null(z);
	assert_int_equal(unzLocateFile(z, "xl/worksheets/sheet1.xml", 1), UNZ_OK);
	assert_int_equal(unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0), UNZ_OK);
	assert_int_equal(unzOpenCurrentFile(z), UNZ_OK);
	xml = calloc(1, (size_t)info.uncompressed_size + 1);
	assert_non_null(xml);
	assert_int_equal(unzReadCurrentFile(z, xml, (unsigned)info.uncompressed_size), (int)info.uncompressed_size);
	unzCloseCurrentFile(z);
	unzClose(z);
	return xml;
}

static char *write_book(const char *path, int library)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	char *xml;
	assert_non_null(wb);
	jx_xlsx_rows_library(library);
	fill(wb);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	jx_xlsx_rows_library(0);
	xml = sheet_xml(path);
	unlink(path);
	return xml;
}

/* The two XML texts equal; where not, the first difference shown (not
 * the whole 200 KiB). */
static void same_xml(const char *own, const char *lib)
{
	size_t i = 0;
	while (own[i] && own[i] == lib[i])
		i++;
	if (own[i] != lib[i]) {
		size_t from = i > 60 ? i - 60 : 0;
		fail_msg("the row writer's XML differs at byte %zu:\n  ours:    %.120s\n  library: %.120s", i, own + from,
			 lib + from);
	}
}

/* libxlsxwriter 1.1.4's test answered yes for every text; jixiao's answers
 * yes for a control character that is written as _xHHHH_ only. */
static void test_xlsx_control_characters(void **state)
{
	(void)state;
	assert_false(lxw_has_control_characters("plain 中文"));
	assert_false(lxw_has_control_characters("tab\tand line\nbreak"));
	assert_false(lxw_has_control_characters(""));
	assert_true(lxw_has_control_characters("x\x01y"));
	assert_true(lxw_has_control_characters("carriage\rreturn"));
	assert_true(lxw_has_control_characters("\x1f"));
	/* eight bytes at a time: a tab, a line break and UTF-8 in whole words,
	 * a control character in the second and in the last word */
	assert_false(lxw_has_control_characters("abcdefg\thijklmn\nopqrstuv绩效评价指标体系"));
	assert_true(lxw_has_control_characters("abcdefgh\x02ijklmnop"));
	assert_true(lxw_has_control_characters("abcdefghijklmnopqrstuvw\x7f\x1b"));
	assert_true(lxw_has_control_characters("绩效评价指标体系\x0b"));
}

/* The characters of a text counted eight bytes at a time: as many as
 * one at a time, whatever the text's length and mix of ASCII, CJK (three
 * bytes), four-byte characters and bytes that are not UTF-8. */
static void test_xlsx_utf8_length(void **state)
{
	static const char *const pieces[] = {"a", "绩", "\xf0\x9f\x98\x80", "\x80", "\xbf", "\xff", "ab", "效评"};
	uint64_t seed = 2463534242ULL;
	char text[200];
	(void)state;
	assert_int_equal(lxw_utf8_strlen(""), 0);
	assert_int_equal(lxw_utf8_strlen("绩效评价指标体系 2024"), 13); /* 8 characters, a space, 4 digits */
	for (int k = 0; k < 2000; k++) {
		size_t len = 0, chars = 0;
		while (len < 150) {
			const char *p;
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			p = pieces[seed % 8];
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
			if ((seed >> 20) % 16 == 0)
				break;
		}
		text[len] = '\0';
		for (size_t i = 0; i < len; i++)
			chars += ((unsigned char)text[i] & 0xC0) != 0x80;
		assert_int_equal(lxw_utf8_strlen(text), chars);
	}
}

static void test_xlsx_rows_same_xml(void **state)
{
	char lib_path[] = "/tmp/jx-rows-lib-XXXXXX", own_path[] = "/tmp/jx-rows-own-XXXXXX";
	unsigned long before;
	char *lib, *own;
	int fd;
	(void)state;
	jx_xlsx_rows_linked();
	assert_true((fd = mkstemp(lib_path)) >= 0);
	close(fd);
	assert_true((fd = mkstemp(own_path)) >= 0);
	close(fd);

	before = jx_xlsx_rows_written();
	lib = write_book(lib_path, 1);
	assert_int_equal(jx_xlsx_rows_written(), before); /* every row the library's */

	own = write_book(own_path, 0);
	/* rows 1-3 and 5-8, the 200 rows of numbers and the sheet's last: 208
	 * rows; row 4 (a boolean) is the library's */
	assert_int_equal(jx_xlsx_rows_written() - before, 208);
	same_xml(own, lib);

	/* what the comparison covers: the kinds of cell and row above */
	assert_non_null(strstr(own, "<row r=\"1\" s=\""));
	assert_non_null(strstr(own, "customFormat=\"1\" ht=\"30\" customHeight=\"1\">"));
	assert_non_null(strstr(own, "<t xml:space=\"preserve\"> leading</t>"));
	assert_non_null(strstr(own, "<t>a&amp;b&lt;c&gt;d\"e'</t>"));
	assert_non_null(strstr(own, "<v>0.9399999999999999</v>") || strstr(own, "<v>0.94</v>"));
	assert_non_null(strstr(own, "<v>1E+20</v>"));
	assert_non_null(strstr(own, "<v>-0</v>"));
	assert_non_null(strstr(own, "<f>IF(A2&lt;1,\"&lt;&amp;&gt;\",B2)</f><v>3.5</v>"));
	assert_non_null(strstr(own, "<c r=\"C8\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> </t>"));
	assert_non_null(strstr(own, "x_x0001_y_x001F_"));
	assert_non_null(strstr(own, "hidden=\"1\""));
	assert_non_null(strstr(own, "outlineLevel=\"2\" collapsed=\"1\""));
	assert_non_null(strstr(own, "<row r=\"6\" ht=\"40.5\" customHeight=\"1\"/>"));
	assert_non_null(strstr(own, "<c r=\"XFD1048576\""));
	assert_non_null(strstr(own, "<c r=\"A4\" t=\"b\"><v>1</v></c>"));
	free(lib);
	free(own);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_rows_same_xml),
		cmocka_unit_test(test_xlsx_control_characters),
		cmocka_unit_test(test_xlsx_utf8_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
