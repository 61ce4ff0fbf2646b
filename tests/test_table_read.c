/* Spreadsheets read as tables (CSV in UTF-8 with a BOM and in GB18030,
 * quoted fields, cell names, what the first bytes say) and an indicator
 * table turned into a sheet: the header found below a title, merged 一级
 * cells followed, repeated headings and the total row passed over, the
 * funds block and the sub-projects' table read, --map corrections, errors
 * naming their cell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sheet_from_table.h"
#include "sheetio.h"
#include "table_read.h"

static jx_templates set;

static int setup(void **state)
{
	jx_err err = {{0}};
	(void)state;
	return jx_templates_load_builtin(&set, &err) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	jx_templates_free(&set);
	return 0;
}

static void test_csv_utf8_bom_quotes(void **state)
{
	static const char csv[] = "\xEF\xBB\xBF"
				  "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
				  "\"two\nlines\",,x\r\n";
	jx_book b;
	jx_err err = {{0}};
	(void)state;
	assert_int_equal(jx_csv_read_mem("t.csv", csv, sizeof csv - 1, &b, &err), 0);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.t[0].name, "t");
	assert_int_equal(b.t[0].nrows, 2);
	assert_int_equal(b.t[0].ncols, 3);
	assert_string_equal(jx_table_at(&b.t[0], 0, 0), "a");
	assert_string_equal(jx_table_at(&b.t[0], 0, 1), "b,c");
	assert_string_equal(jx_table_at(&b.t[0], 0, 2), "say \"hi\"");
	assert_string_equal(jx_table_at(&b.t[0], 1, 0), "two\nlines");
	assert_null(jx_table_at(&b.t[0], 1, 1));
	assert_string_equal(jx_table_at(&b.t[0], 1, 2), "x");
	jx_book_free(&b);
}

static void test_csv_gb18030(void **state)
{
	/* "指标,分值" in GBK: 指 = D6 B8, 标 = B1 EA, 分 = B7 D6, 值 = D6 B5 */
	static const char csv[] = "\xD6\xB8\xB1\xEA,\xB7\xD6\xD6\xB5\n";
	static const char broken[] = "ok,\xFF\xFF\n";
	jx_book b;
	jx_err err = {{0}};
	(void)state;
	assert_int_equal(jx_csv_read_mem("g.csv", csv, sizeof csv - 1, &b, &err), 0);
	assert_string_equal(jx_table_at(&b.t[0], 0, 0), "指标");
	assert_string_equal(jx_table_at(&b.t[0], 0, 1), "分值");
	jx_book_free(&b);
	/* 0xFF 0xFF is neither UTF-8 nor GB18030; byte 4 is the first 0xFF */
	assert_int_equal(jx_csv_read_mem("g.csv", broken, sizeof broken - 1, &b, &err), -1);
	assert_non_null(strstr(err.msg, "g.csv: 第 4 字节起既不是 UTF-8 也不是 GB18030"));
}

static void test_cellname_and_sniff(void **state)
{
	char buf[24];
	(void)state;
	assert_string_equal(jx_table_cellname(0, 0, buf, sizeof buf), "A1");
	assert_string_equal(jx_table_cellname(4, 25, buf, sizeof buf), "Z5");
	/* column 27 (0-based) is the 28th: 26 letters, then AA, AB */
	assert_string_equal(jx_table_cellname(4, 27, buf, sizeof buf), "AB5");
	assert_int_equal(jx_table_sniff((const unsigned char *)"PK\3\4", 4), 1);
	assert_int_equal(jx_table_sniff((const unsigned char *)"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), 2);
	assert_int_equal(jx_table_sniff((const unsigned char *)"jixiao: 1\n", 10), 0);
}

/* A form laid out as provincial systems print it: a title, the funds block,
 * then the indicator table with 一级 merged down its rows, the heading
 * repeated at a page break, a total row and a sign-off line. */
static const char form[] = "项目支出绩效自评表,,,,,,,\n"
			   "（2023年度）,,,,,,,\n"
			   "项目名称,测试项目,,,,,,\n"
			   "项目资金（万元）,,年初预算数,全年预算数,全年执行数,,,\n"
			   ",年度资金总额,100,100,80,,,\n"
			   ",其中：当年财政拨款,100,100,80,,,\n"
			   ",上年结转资金,—,—,—,,,\n"
			   "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,实际完成值,分值\n"
			   "产出指标,数量指标,培训人数,正向指标,80,人,参加培训 250 人,10\n"
			   ",,印刷册数,,3000 本,,3000,10\n"
			   "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,实际完成值,分值\n"
			   ",时效指标,完成时间,时限,2023年6月前,,2023-04-07,5\n"
			   "总分,,,,,,,100\n"
			   "二级项目预算安排及使用情况（万元）,,,,,,,\n"
			   "序号,二级项目,,,,,预算金额,实际支出金额\n"
			   "1,培训,,,,,60,50\n"
			   "合计,,,,,,60,50\n"
			   "填报人：张三,,,,,,,\n";

static jx_sheet *form_sheet(const char *csv, const char *map, char *msg, size_t cap)
{
	jx_book b;
	jx_err err = {{0}};
	jx_sheet *s = NULL;
	jx_table_opts o = {NULL, map, NULL};
	assert_int_equal(jx_csv_read_mem("form.csv", csv, strlen(csv), &b, &err), 0);
	if (jx_sheet_from_book(&b, "form.csv", &set, &o, &s, &err) < 0)
		snprintf(msg, cap, "%s", err.msg);
	jx_book_free(&b);
	return s;
}

static void test_form_mapped(void **state)
{
	char msg[1024] = "";
	jx_sheet *s = form_sheet(form, NULL, msg, sizeof msg);
	const jx_fund *f;
	(void)state;
	assert_non_null(s);
	assert_string_equal(s->template_id, "project-self-2020");
	assert_int_equal(s->year, 2023);
	assert_string_equal(s->info[JX_INFO_NAME], "测试项目");
	assert_string_equal(s->info[JX_INFO_FILLER], "张三");
	/* the total row is not a source; 上年结转资金 has dashes only */
	assert_int_equal(s->n_funds, 2);
	f = jx_sheet_fund(s, "当年财政拨款");
	assert_non_null(f);
	assert_int_equal(f->budget, JX_INT(100));
	assert_int_equal(f->spent, JX_INT(80));
	assert_int_equal(jx_sheet_fund(s, "上年结转资金")->budget, JX_NONE);
	/* three indicators: the repeated heading and the total passed over */
	assert_int_equal(s->n_inds, 3);
	assert_string_equal(s->inds[0].slot, "output.quantity");
	assert_int_equal(s->inds[0].cmp, JX_CMP_GE); /* 正向指标 */
	assert_int_equal(s->inds[0].target, JX_INT(80));
	assert_int_equal(s->inds[0].actual, JX_INT(250)); /* the number before 人 */
	assert_string_equal(s->inds[0].actual_text, "参加培训 250 人");
	assert_int_equal(s->inds[0].points, JX_INT(10));
	/* 一级 and 二级 followed down from the row above */
	assert_string_equal(s->inds[1].slot, "output.quantity");
	assert_int_equal(s->inds[1].cmp, JX_CMP_GE);
	assert_int_equal(s->inds[1].target, JX_INT(3000));
	assert_string_equal(s->inds[1].unit, "本");
	assert_string_equal(s->inds[1].target_text, "3000 本");
	assert_string_equal(s->inds[2].slot, "output.timeliness");
	assert_int_equal(s->inds[2].cmp, JX_CMP_DEADLINE);
	assert_string_equal(s->inds[2].target_text, "2023-06-30");
	assert_string_equal(s->inds[2].actual_text, "2023-04-07");
	/* the sub-projects' table under the total, up to its 合计 */
	assert_int_equal(s->n_subs, 1);
	assert_string_equal(s->subs[0].name, "培训");
	assert_int_equal(s->subs[0].budget, JX_INT(60));
	assert_int_equal(s->subs[0].spent, JX_INT(50));
	jx_sheet_free(s);
}

static void test_form_errors_and_map(void **state)
{
	char msg[1024] = "", *bad;
	jx_sheet *s;
	(void)state;
	/* 分值 of the second indicator is not a number: row 10, column H */
	bad = strdup(form);
	assert_non_null(bad);
	memcpy(strstr(bad, ",3000,10\n") + 6, "xx", 2);
	assert_null(form_sheet(bad, NULL, msg, sizeof msg));
	assert_non_null(strstr(msg, "form.csv!form!H10: "));
	free(bad);
	/* --map drops the points column: no points read */
	s = form_sheet(form, "H=-", msg, sizeof msg);
	assert_non_null(s);
	assert_int_equal(s->inds[0].points, JX_NONE);
	jx_sheet_free(s);
	/* and by heading, to another field */
	s = form_sheet(form, "分值=score", msg, sizeof msg);
	assert_non_null(s);
	assert_int_equal(s->inds[0].score_stated, JX_INT(10));
	jx_sheet_free(s);
	assert_null(form_sheet(form, "Q=name", msg, sizeof msg));
	assert_non_null(strstr(msg, "--map: 表头中没有列“Q”"));
	assert_null(form_sheet(form, "H=weight", msg, sizeof msg));
	assert_non_null(strstr(msg, "--map: 未知字段“weight”"));
}

/* A list of indicators still to be filled in: names under their 一级 and
 * 二级, no figures yet, in a tab-separated file. */
static void test_names_only(void **state)
{
	char msg[1024] = "";
	jx_sheet *s = form_sheet("一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\n\t\t印刷册数\n"
				 "满意度指标\t服务对象满意度指标\t学员满意度\n",
				 NULL, msg, sizeof msg);
	(void)state;
	assert_non_null(s);
	assert_int_equal(s->n_inds, 3);
	assert_string_equal(s->inds[1].name, "印刷册数");
	assert_string_equal(s->inds[1].slot, "output.quantity");
	assert_int_equal(s->inds[1].target, JX_NONE);
	assert_string_equal(s->inds[2].slot, "satisfaction.service");
	jx_sheet_free(s);
}

/* The rows of several sheets in one table, as export --all --format
 * csv-data writes them: a sheet per run of rows with the same 项目名称 and
 * 年度 (a blank cell the row above's), and only what the rows say. */
static void test_several_sheets(void **state)
{
	static const char csv[] = "编号,年度,项目名称,所属项目,一级指标,二级指标,三级指标,计算符号,年度指标值,计量单位,实际完成值,分值,得分\n"
				  "1,2022,甲项目,,产出指标,数量指标,培训人数,≥,80,人,85,10,10.00\n"
				  "1,,,,产出指标,时效指标,完成时间,≤,12,月,11,5,5.00\n"
				  "2,2022,乙项目,,产出指标,数量指标,印刷册数,≥,3000,本,2700,10,9.00\n"
				  "3,2023,乙项目,,产出指标,数量指标,印刷册数,≥,3000,本,3000,10,10.00\n";
	jx_book b;
	jx_err err = {{0}};
	jx_sheet **v = NULL, *one = NULL;
	size_t n = 0;
	(void)state;
	assert_int_equal(jx_csv_read_mem("all.csv", csv, strlen(csv), &b, &err), 0);
	assert_int_equal(jx_sheets_from_book(&b, "all.csv", &set, NULL, &v, &n, &err), 0);
	/* 甲 2022 (two rows, the second's blank project and year carried down),
	 * 乙 2022, 乙 2023: three sheets */
	assert_int_equal(n, 3);
	assert_string_equal(v[0]->info[JX_INFO_NAME], "甲项目");
	assert_int_equal(v[0]->year, 2022);
	assert_int_equal(v[0]->n_inds, 2);
	assert_string_equal(v[0]->inds[1].name, "完成时间");
	assert_string_equal(v[1]->info[JX_INFO_NAME], "乙项目");
	assert_int_equal(v[1]->year, 2022);
	assert_int_equal(v[1]->n_inds, 1);
	assert_int_equal(v[1]->inds[0].actual, JX_INT(2700));
	assert_string_equal(v[2]->info[JX_INFO_NAME], "乙项目");
	assert_int_equal(v[2]->year, 2023);
	assert_int_equal(v[2]->n_inds, 1);
	jx_sheets_free(v, n);
	/* where one sheet is asked for, several are refused with their count */
	assert_int_equal(jx_sheet_from_book(&b, "all.csv", &set, NULL, &one, &err), -1);
	assert_null(one);
	assert_non_null(strstr(err.msg, "表中有 3 张评价表"));
	jx_book_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_utf8_bom_quotes),
		cmocka_unit_test(test_csv_gb18030),
		cmocka_unit_test(test_cellname_and_sniff),
		cmocka_unit_test(test_form_mapped),
		cmocka_unit_test(test_form_errors_and_map),
		cmocka_unit_test(test_names_only),
		cmocka_unit_test(test_several_sheets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
