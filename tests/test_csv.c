/* CSV exports: text a spreadsheet would run as a formula neutralised (by
 * the cell's kind, numbers untouched), GB18030 refused naming every cell
 * that GBK cannot show, and csv-data's rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "export.h"
#include "sheetio.h"

#define JIANGMEN JX_SAMPLES "/jiangmen-2022-project-self.yaml"

typedef struct {
	jx_templates set;
	jx_sheet *sheet; /* the Jiangmen sample, changed by each test on a copy */
	jx_sheet **all;
	size_t n;
	char path[64]; /* an output file, removed by each test */
} csv_fixture;

static int csv_setup(void **state)
{
	csv_fixture *fx = calloc(1, sizeof *fx);
	jx_err err = {{0}};
	int fd;
	if (!fx)
		return -1;
	*state = fx;
	if (jx_templates_load_builtin(&fx->set, &err) != 0 || jx_sheets_read(JIANGMEN, &fx->set, &fx->all, &fx->n, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	fx->sheet = fx->all[0];
	strcpy(fx->path, "/tmp/jx-csv-XXXXXX");
	fd = mkstemp(fx->path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(fx->path); /* an export refuses an existing file */
	return 0;
}

static int csv_teardown(void **state)
{
	csv_fixture *fx = *state;
	unlink(fx->path);
	jx_sheets_free(fx->all, fx->n);
	jx_templates_free(&fx->set);
	free(fx);
	return 0;
}

/* The export of s in fmt as a string (NULL when refused, err set); the file
 * is removed. */
static char *export_text(csv_fixture *fx, jx_export_format fmt, jx_sheet *s, int flags, jx_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *in, *out;
	int ch;
	if (jx_export(fmt, &fx->set, &s, 1, fx->path, flags, err) != 0)
		return NULL;
	in = fopen(fx->path, "rb");
	out = open_memstream(&buf, &len);
	assert_non_null(in);
	assert_non_null(out);
	while ((ch = getc(in)) != EOF)
		putc(ch, out);
	fclose(in);
	fclose(out);
	unlink(fx->path);
	return buf;
}

/* A field that is a plain number: "-3.5" (up to the comma or line end). */
static int number_field(const char *p)
{
	size_t n = strspn(p + (*p == '-'), "0123456789.");
	return n > 0 && strchr(",\r", p[(*p == '-') + n]) != NULL;
}

/* 1 when every field of the CSV that starts with = + - @, a tab or a CR
 * (inside its quotes) has the apostrophe before it, numbers apart: a tiny
 * RFC 4180 reader that looks at the first character of each field. */
static int no_bare_formula(const char *csv)
{
	int quoted = 0, start = 1;
	for (const char *p = csv; *p; p++) {
		if (start) {
			start = 0;
			if (*p == '"') {
				quoted = 1;
				if (p[1] && strchr("=+-@\t\r", p[1]))
					return 0;
				continue;
			}
			if (*p && strchr("=+-@\t", *p) && !number_field(p))
				return 0;
		}
		if (quoted) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"')
				quoted = 0;
			continue;
		}
		if (*p == ',' || *p == '\n')
			start = 1;
	}
	return 1;
}

static void test_formula_text_neutralised(void **state)
{
	csv_fixture *fx = *state;
	jx_err err = {{0}};
	jx_sheet *s = jx_sheet_clone(fx->sheet);
	jx_indicator *r1, *r25;
	char *csv, *data;

	assert_non_null(s);
	r1 = jx_sheet_ind(s, "r1");
	r25 = jx_sheet_ind(s, "r25");
	assert_int_equal(jx_set_str(&s->info[JX_INFO_NAME], "=HYPERLINK(\"http://x.example/\",\"点击\")"), 0);
	assert_int_equal(jx_set_str(&s->info[JX_INFO_DEPARTMENT], "+86 工信局"), 0);
	assert_int_equal(jx_set_str(&s->info[JX_INFO_UNIT], "@SUM(A1:A9)"), 0);
	assert_int_equal(jx_set_str(&r25->deviation_reason, "\t=1+1"), 0);
	assert_int_equal(jx_set_str(&r25->name, "-评审项目总数量"), 0);
	/* r1: an actual of -3.5 held as a number, a target held as text only */
	r1->actual = D("-3.5");
	assert_int_equal(jx_set_str(&r1->actual_text, NULL), 0);
	r1->target = JX_NONE;
	assert_int_equal(jx_set_str(&r1->target_text, "-3.50"), 0);

	csv = export_text(fx, JX_EXPORT_CSV, s, 0, &err);
	assert_non_null(csv);
	assert_true(no_bare_formula(csv));
	/* the name quoted for its comma and quotes, the apostrophe inside */
	assert_non_null(strstr(csv, "\r\n项目名称,\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"点击\"\")\","));
	assert_non_null(strstr(csv, "\r\n主管部门,'+86 工信局,,,,实施单位,'@SUM(A1:A9),,,\r\n"));
	/* the form cleans the tab to a blank: still neutralised, quoted for
	 * the leading blank */
	assert_non_null(strstr(csv, ",'-评审项目总数量,6,评审项目总数量 5 个,0.94,0.78,\"' =1+1\"\r\n"));
	/* the form prints target and actual as text (number and unit): text
	 * cells, so neutralised */
	assert_non_null(strstr(csv, ",'-3.50,'-3.5个,0.95,"));
	/* number cells as they are: 480.82 ÷ 1935 = 24.85%, × 10 = 2.48 (the
	 * form prints 分值 with two decimals, after the sub-project column) */
	assert_non_null(strstr(csv, ",年度资金总额,,,1935.00,1935.00,480.82,10.00,24.85%,2.48\r\n"));
	free(csv);

	data = export_text(fx, JX_EXPORT_CSV_DATA, s, 0, &err);
	assert_non_null(data);
	assert_true(no_bare_formula(data));
	/* csv-data holds the sheet's number -3.5 as a number, and the target
	 * text -3.50 as text */
	assert_non_null(strstr(data, ",先行启动区产业规划,≥,'-3.50,个,-3.5,0.95,"));
	assert_non_null(strstr(data, ",'-评审项目总数量,≥,6,个,5,0.94,0.78,'\t=1+1,project-self-2020\r\n"));
	free(data);
	jx_sheet_free(s);
}

/* How many times needle occurs in hay. */
static int occurrences(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Each text of a form is looked at once, when the form is built, and
 * written as it is when nothing in it asks for quotes or an apostrophe; a
 * text repeated down a column shares the first one's copy.  Every shape
 * that asks for them, alone and repeated, comes out as RFC 4180 and the
 * formula rule write it (the 偏差原因 field ends each indicator's row). */
static void test_fields_as_written(void **state)
{
	static const struct {
		const char *key, *reason, *field;
		int times; /* rows it ends: set on this indicator and on the one before */
	} v[] = {
		{"r2", "进度滞后", ",进度滞后\r\n", 2},                 /* plain, repeated */
		{"r4", " 前空格", ",\" 前空格\"\r\n", 2},             /* quoted for the blank */
		{"r6", "后空格 ", ",\"后空格 \"\r\n", 2},
		{"r8", "含,逗号", ",\"含,逗号\"\r\n", 2},             /* quoted for the comma */
		{"r10", "含\"引号", ",\"含\"\"引号\"\r\n", 2},        /* the quote doubled */
		{"r12", "两\n行", ",\"两\n行\"\r\n", 2},              /* quoted for the line break */
		{"r14", "=1+1", ",'=1+1\r\n", 2},                      /* a formula to a spreadsheet */
		{"r16", "-差", ",'-差\r\n", 2},
		{"r18", "+差", ",'+差\r\n", 2},
		{"r20", "@差", ",'@差\r\n", 2},
		{"r22", "差-", ",差-\r\n", 2},                         /* a minus inside is text */
	};
	csv_fixture *fx = *state;
	jx_err err = {{0}};
	jx_sheet *s = jx_sheet_clone(fx->sheet);
	char *csv, key[16];

	assert_non_null(s);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		/* rN and rN-1, consecutive rows of the 偏差原因 column */
		snprintf(key, sizeof key, "r%d", atoi(v[i].key + 1) - 1);
		assert_int_equal(jx_set_str(&jx_sheet_ind(s, v[i].key)->deviation_reason, v[i].reason), 0);
		assert_int_equal(jx_set_str(&jx_sheet_ind(s, key)->deviation_reason, v[i].reason), 0);
	}
	csv = export_text(fx, JX_EXPORT_CSV, s, 0, &err);
	assert_non_null(csv);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		if (occurrences(csv, v[i].field) != v[i].times)
			fail_msg("%s: %d rows end in %s", v[i].key, occurrences(csv, v[i].field), v[i].field);
	}
	assert_true(no_bare_formula(csv));
	free(csv);
	jx_sheet_free(s);
}

/* A field longer than the writer's 8 KiB block: written whole, plain when
 * it needs no quotes, quoted with its quotes doubled when it does (the
 * 主管部门 field, which the form keeps in one cell). */
static void test_long_fields(void **state)
{
	csv_fixture *fx = *state;
	jx_err err = {{0}};
	jx_sheet *s = jx_sheet_clone(fx->sheet);
	char *plain = malloc(9001), *quoted = malloc(9001), *want = malloc(12100), *csv, *p;
	size_t k, w;
	assert_non_null(s);
	assert_non_null(plain);
	assert_non_null(quoted);
	assert_non_null(want);
	/* 3,000 times "项" (3 bytes): 9,000 bytes needing no quotes */
	for (k = 0; k < 3000; k++)
		memcpy(plain + 3 * k, "项", 3);
	plain[9000] = '\0';
	assert_int_equal(jx_set_str(&s->info[JX_INFO_DEPARTMENT], plain), 0);
	csv = export_text(fx, JX_EXPORT_CSV, s, 0, &err);
	assert_non_null(csv);
	p = strstr(csv, "\r\n主管部门,");
	assert_non_null(p);
	p += strlen("\r\n主管部门,");
	assert_memory_equal(p, plain, 9000);
	assert_int_equal(p[9000], ',');
	free(csv);
	/* 3,000 times "a,\"": 9,000 bytes; quoted, each quote doubled: 1 +
	 * 3,000 × 4 + 1 = 12,002 bytes, then the next field's comma */
	for (k = 0; k < 3000; k++)
		memcpy(quoted + 3 * k, "a,\"", 3);
	quoted[9000] = '\0';
	w = (size_t)sprintf(want, "\r\n主管部门,\"");
	for (k = 0; k < 3000; k++)
		w += (size_t)sprintf(want + w, "a,\"\"");
	sprintf(want + w, "\",");
	assert_int_equal(jx_set_str(&s->info[JX_INFO_DEPARTMENT], quoted), 0);
	csv = export_text(fx, JX_EXPORT_CSV, s, 0, &err);
	assert_non_null(csv);
	assert_int_equal(strlen(want), strlen("\r\n主管部门,") + 12002 + 1);
	assert_non_null(strstr(csv, want));
	free(csv);
	free(plain);
	free(quoted);
	free(want);
	jx_sheet_free(s);
}

static void test_gbk_cells_named(void **state)
{
	csv_fixture *fx = *state;
	jx_err err = {{0}};
	jx_sheet *s = jx_sheet_clone(fx->sheet);
	const char *advice = "有 GBK 没有的字符，请改用 UTF-8（带 BOM）的 CSV（命令行去掉 --gb18030，工作台选“CSV（UTF-8）”）；";
	char *out;

	assert_non_null(s);
	/* 𠀀 (CJK extension B) and 😀 have no GBK code; € has one (0x80) but
	 * GB18030 writes it A2E3, which GBK reads as nothing; 镕 is in GBK
	 * (E946) and passes */
	assert_int_equal(jx_set_str(&s->info[JX_INFO_NAME], "𠀀村道路镕"), 0);
	assert_int_equal(jx_set_str(&jx_sheet_ind(s, "r25")->deviation_reason, "节约 5 € 😀"), 0);
	out = export_text(fx, JX_EXPORT_CSV, s, JX_EXPORT_GB18030, &err);
	assert_null(out);
	assert_int_equal(access(fx->path, F_OK), -1);
	/* the form: title row 1, year row 2, 项目名称 row 3 with the name in
	 * column B */
	assert_non_null(strstr(err.msg, "「𠀀村道路镕」第 3 行 B 列“𠀀”（U+20000）、"));
	assert_non_null(strstr(err.msg, "列“€”（U+20AC）“😀”（U+1F600）"));
	assert_null(strstr(err.msg, "镕”"));
	assert_int_equal(strncmp(err.msg, advice, strlen(advice)), 0);

	/* csv-data: the heading is row 1, then 66 indicators, each row with
	 * the name in column C (one run, named once); r25 is the 18th
	 * indicator of output.quantity, the first slot of the tree, so row 19,
	 * its deviation reason in column N */
	jx_lang = JX_LANG_EN;
	out = export_text(fx, JX_EXPORT_CSV_DATA, s, JX_EXPORT_GB18030, &err);
	jx_lang = JX_LANG_ZH;
	assert_null(out);
	assert_non_null(strstr(err.msg, ": \"𠀀村道路镕\" rows 2–67 column C \"𠀀\" (U+20000), row 19 column N "
					"\"€\" (U+20AC) \"😀\" (U+1F600)"));
	assert_non_null(strstr(err.msg, "leave out --gb18030"));

	/* the minus sign (U+2212, no GBK code) is spelt as the full-width －
	 * (U+FF0D, GBK A3AD), not refused */
	assert_int_equal(jx_set_str(&s->info[JX_INFO_NAME], "村道路"), 0);
	assert_int_equal(jx_set_str(&jx_sheet_ind(s, "r25")->deviation_reason, "(1 − 5 ÷ 6)"), 0);
	out = export_text(fx, JX_EXPORT_CSV_DATA, s, JX_EXPORT_GB18030, &err);
	assert_non_null(out);
	assert_non_null(strstr(out, ",0.94,0.78,(1 \xA3\xAD 5 \xA1\xC2 6),project-self-2020\r\n")); /* ÷ is A1C2 */
	free(out);

	/* without --gb18030 the same sheet is UTF-8 with a byte-order mark */
	out = export_text(fx, JX_EXPORT_CSV_DATA, s, 0, &err);
	assert_non_null(out);
	assert_memory_equal(out, "\xEF\xBB\xBF", 3);
	free(out);
	jx_sheet_free(s);
}

/* So many cells that the message cannot name them all: the rest counted,
 * the message whole. */
static void test_gbk_many_cells(void **state)
{
	csv_fixture *fx = *state;
	jx_err err = {{0}};
	jx_sheet *s = jx_sheet_clone(fx->sheet);
	const char *last = "第 13 行 N 列“😀”（U+1F600）；另有 54 个单元格";
	char text[32];

	assert_non_null(s);
	/* a different text in each of the 66 rows, so no two make one run */
	for (size_t i = 0; i < s->n_inds; i++) {
		snprintf(text, sizeof text, "😀%zu", i);
		assert_int_equal(jx_set_str(&s->inds[i].deviation_reason, text), 0);
	}
	assert_null(export_text(fx, JX_EXPORT_CSV_DATA, s, JX_EXPORT_GB18030, &err));
	assert_non_null(strstr(err.msg, "：「工业发展管理经费」第 2 行 N 列“😀”（U+1F600）、第 3 行 N 列“😀”（U+1F600）、"));
	/* the list holds 559 bytes: the first run 68 (「工业发展管理经费」 30,
	 * 第 2 行 N 列 15, “😀”（U+1F600） 23), rows 3-9 41 each (、 3 more, no
	 * name) = 355, rows 10-13 42 each = 523; row 14 would make 565.  So 12
	 * cells named, 66 - 12 = 54 more. */
	assert_int_equal(strcmp(err.msg + strlen(err.msg) - strlen(last), last), 0);
	jx_sheet_free(s);
}

static void test_csv_data_rows(void **state)
{
	csv_fixture *fx = *state;
	jx_err err = {{0}};
	char *data = export_text(fx, JX_EXPORT_CSV_DATA, fx->sheet, 0, &err), *p;
	jx_sheet *s;
	const char *heading = "\xEF\xBB\xBF编号,年度,项目名称,所属项目,一级指标,二级指标,三级指标,计算符号,年度指标值,"
			      "计量单位,实际完成值,分值,得分,偏差原因分析及改进措施,模板\r\n";
	int rows = 0;

	assert_non_null(data);
	assert_int_equal(strncmp(data, heading, strlen(heading)), 0);
	for (p = data; (p = strstr(p, "\r\n")); p += 2)
		rows++;
	/* the heading and 49 + 2 + 2 + 4 + 3 + 6 = 66 indicators (output.quantity,
	 * .quality, .timeliness, benefit.social, .sustainable,
	 * satisfaction.service) */
	assert_int_equal(rows, 67);
	/* r25 as the sheet has it, a sheet from a file numbered by its uid:
	 * 5 ÷ 6 × 0.94 = 0.7833… → 0.78 */
	assert_non_null(strstr(data, "\r\n4560a821-3f37-4679-addc-2963aa08b58b,2022,工业发展管理经费,"
				     "项目评审 / 2022 年 5G 产业发展扶持资金项目评审,产出指标,数量指标,评审项目总数量,≥,6,个,5,"
				     "0.94,0.78,,project-self-2020\r\n"));
	free(data);

	/* an indicator under a slot the template lacks: last, without headings
	 * or score, its points as entered */
	s = jx_sheet_clone(fx->sheet);
	assert_non_null(s);
	assert_int_equal(jx_set_str(&jx_sheet_ind(s, "r1")->slot, "output.nowhere"), 0);
	data = export_text(fx, JX_EXPORT_CSV_DATA, s, 0, &err);
	assert_non_null(data);
	assert_non_null(strstr(data, ",工业发展管理经费,推进大型产业集聚区和产业集群产业链工作经费 / "
				     "江门大型产业集聚区先行启动区产业规划研究项目,,,先行启动区产业规划,≥,2,个,2,0.95,,,project-self-2020\r\n"));
	assert_int_equal(strcmp(data + strlen(data) - strlen(",0.95,,,project-self-2020\r\n"), ",0.95,,,project-self-2020\r\n"), 0);
	free(data);
	jx_sheet_free(s);

	jx_lang = JX_LANG_EN;
	data = export_text(fx, JX_EXPORT_CSV_DATA, fx->sheet, 0, &err);
	jx_lang = JX_LANG_ZH;
	assert_non_null(data);
	assert_non_null(strstr(data, "\xEF\xBB\xBFSheet,Year,Project,Sub-project,Level 1,Level 2,Indicator,Comparator,"
				     "Target,Unit,Actual,Points,Score,Deviation reason and remedy,Template\r\n"));
	free(data);
}

/* The name --format takes, the file name the workstation offers. */
static void test_csv_data_names(void **state)
{
	csv_fixture *fx = *state;
	jx_err err = {{0}};
	jx_export_format f = JX_EXPORT_XLSX;
	char buf[256];

	assert_int_equal(jx_export_format_parse("csv-data", &f, &err), 0);
	assert_int_equal(f, JX_EXPORT_CSV_DATA);
	assert_string_equal(jx_export_extension(JX_EXPORT_CSV_DATA), ".csv");
	jx_export_default_name(fx->sheet, jx_templates_find(&fx->set, fx->sheet->template_id), JX_EXPORT_CSV_DATA, buf,
			       sizeof buf);
	assert_string_equal(buf, "2022-工业发展管理经费-指标数据.csv");
	assert_int_equal(jx_export_format_parse("pdf", &f, &err), -1);
	assert_non_null(strstr(err.msg, "csv-data"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formula_text_neutralised),
		cmocka_unit_test(test_fields_as_written),
		cmocka_unit_test(test_long_fields),
		cmocka_unit_test(test_gbk_cells_named),
		cmocka_unit_test(test_gbk_many_cells),
		cmocka_unit_test(test_csv_data_rows),
		cmocka_unit_test(test_csv_data_names),
	};
	return cmocka_run_group_tests(tests, csv_setup, csv_teardown);
}
