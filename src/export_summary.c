/* The county summary workbook (export --format summary), from the
 * collection view (collect.h) with libxlsxwriter:
 *   汇总表      one row per sheet, then a totals row whose cells are
 *               formulas (count, averages, sum) with their computed values;
 *   统计        the grade distribution (COUNTIF over 汇总表's grades) with a
 *               column chart, then each group's counts;
 *   未报送单位  the roster's units with no sheet of the year past a draft.
 * Each prints as the other forms do: A4 landscape, the heading row
 * repeated on every page, fitted to the width, numbered pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "collect.h"
#include "export_collect.h"
#include "safefile.h"
#include "stage.h"

typedef struct {
	lxw_workbook *wb;
	lxw_format *head, *text, *center, *num2, *pct, *intf, *title, *bold_text, *bold_num2, *bold_pct, *bold_int;
} sum_ctx;

/* The page every worksheet prints on; heading rows 0..head_last repeat. */
static void print_setup(lxw_worksheet *ws, const char *title, int head_last)
{
	lxw_header_footer_options hf = {.margin = 0.3};
	char head[300];
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.5, 0.5, 0.75, 0.75);
	worksheet_center_horizontally(ws);
	worksheet_repeat_rows(ws, 0, (lxw_row_t)head_last);
	/* "&9" before the title, whose digits would otherwise be read as part of the size */
	snprintf(head, sizeof head, "&C&9&\"宋体\"%s", title);
	worksheet_set_header_opt(ws, head, &hf);
	worksheet_set_footer_opt(ws, "&C&9&\"宋体\"第 &P 页 共 &N 页", &hf);
}

static lxw_format *fmt(lxw_workbook *wb, int bold, const char *num, int align)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "宋体");
	format_set_font_size(f, 10);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (align)
		format_set_align(f, (uint8_t)align);
	if (bold)
		format_set_bold(f);
	if (num)
		format_set_num_format(f, num);
	return f;
}

static void make_formats(sum_ctx *x)
{
	x->head = fmt(x->wb, 1, NULL, LXW_ALIGN_CENTER);
	format_set_bg_color(x->head, 0xF2F2F2);
	format_set_text_wrap(x->head);
	x->text = fmt(x->wb, 0, NULL, 0);
	format_set_text_wrap(x->text);
	x->center = fmt(x->wb, 0, NULL, LXW_ALIGN_CENTER);
	x->num2 = fmt(x->wb, 0, "0.00", 0);
	x->pct = fmt(x->wb, 0, "0.00%", 0);
	x->intf = fmt(x->wb, 0, "0", 0);
	x->bold_text = fmt(x->wb, 1, NULL, LXW_ALIGN_CENTER);
	x->bold_num2 = fmt(x->wb, 1, "0.00", 0);
	x->bold_pct = fmt(x->wb, 1, "0.00%", 0);
	x->bold_int = fmt(x->wb, 1, "0", 0);
	x->title = workbook_add_format(x->wb);
	format_set_font_name(x->title, "宋体");
	format_set_font_size(x->title, 16);
	format_set_bold(x->title);
	format_set_align(x->title, LXW_ALIGN_CENTER);
}

/* The columns of 汇总表, declared once: heading, width. */
#define SUM_COLS(X)                                    \
	X(SEQ, "序号", "No.", 6)                       \
	X(ID, "编号", "ID", 7)                         \
	X(YEAR, "年度", "Year", 7)                     \
	X(STAGE, "阶段", "Stage", 11)                  \
	X(DEPT, "主管部门", "Department", 20)          \
	X(UNIT, "实施单位", "Unit", 24)                \
	X(NAME, "项目名称", "Project", 44)             \
	X(STATUS, "状态", "Status", 9)                 \
	X(TOTAL, "总分", "Total", 9)                   \
	X(GRADE, "等级", "Grade", 18)                  \
	X(RATE, "执行率", "Exec. rate", 10)            \
	X(FINDINGS, "问题数", "Findings", 8)
#define SC_ITEM(id, zh, en, w) SC_##id,
enum { SUM_COLS(SC_ITEM) SC_N };
#undef SC_ITEM

/* A number cell, or a blank one when there is none. */
static void put_dec(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, jx_dec v, lxw_format *f)
{
	if (v == JX_NONE)
		worksheet_write_blank(ws, r, c, f);
	else
		worksheet_write_number(ws, r, c, (double)v / JX_SCALE, f);
}

static void col_name(char *buf, size_t len, int col)
{
	snprintf(buf, len, "%c", 'A' + col);
}

/* The rows of 汇总表 start at row 3 (after title, subtitle, heading). */
enum { FIRST_ROW = 3 };

static void sheet_rows(sum_ctx *x, lxw_worksheet *ws, const jx_collect *c)
{
#define SC_HEAD(id, zh, en, w) L(zh, en),
#define SC_W(id, zh, en, w) w,
	static const double widths[] = {SUM_COLS(SC_W)};
	const char *heads[] = {SUM_COLS(SC_HEAD)};
#undef SC_HEAD
#undef SC_W
	char title[200], buf[64], f1[160], a[4];
	lxw_row_t last = (lxw_row_t)(FIRST_ROW + c->n_rows - 1), tot = (lxw_row_t)(FIRST_ROW + c->n_rows);
	for (int k = 0; k < SC_N; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL);
	if (c->year)
		snprintf(title, sizeof title, L("%d 年预算绩效评价汇总表", "Performance evaluation summary, %d"), c->year);
	else
		snprintf(title, sizeof title, "%s", L("预算绩效评价汇总表", "Performance evaluation summary"));
	worksheet_merge_range(ws, 0, 0, 0, SC_N - 1, title, x->title);
	snprintf(buf, sizeof buf, L("共 %zu 张评价表", "%zu sheets"), c->n_rows);
	worksheet_merge_range(ws, 1, 0, 1, SC_N - 1, buf, NULL);
	for (int k = 0; k < SC_N; k++)
		worksheet_write_string(ws, 2, (lxw_col_t)k, heads[k], x->head);
	for (size_t i = 0; i < c->n_rows; i++) {
		const jx_collect_row *r = &c->rows[i];
		lxw_row_t row = (lxw_row_t)(FIRST_ROW + i);
		char st[64];
		worksheet_write_number(ws, row, SC_SEQ, (double)(i + 1), x->intf);
		worksheet_write_number(ws, row, SC_ID, (double)r->id, x->intf);
		worksheet_write_number(ws, row, SC_YEAR, r->year, x->intf);
		worksheet_write_string(ws, row, SC_STAGE, jx_stage_text(r->stage, r->stage_month, st, sizeof st), x->center);
		worksheet_write_string(ws, row, SC_DEPT, r->department ? r->department : "", x->text);
		worksheet_write_string(ws, row, SC_UNIT, r->unit ? r->unit : "", x->text);
		worksheet_write_string(ws, row, SC_NAME, r->name ? r->name : "", x->text);
		worksheet_write_string(ws, row, SC_STATUS, jx_collect_status_label(r->status), x->center);
		put_dec(ws, row, SC_TOTAL, r->total, x->num2);
		worksheet_write_string(ws, row, SC_GRADE, r->grade ? r->grade : "", x->center);
		put_dec(ws, row, SC_RATE, r->exec_rate, x->pct);
		if (r->findings >= 0)
			worksheet_write_number(ws, row, SC_FINDINGS, r->findings, x->intf);
		else
			worksheet_write_blank(ws, row, SC_FINDINGS, x->intf);
	}
	/* the totals row: formulas with the values they give, so that a
	 * reader that does not calculate shows the same */
	worksheet_merge_range(ws, tot, 0, tot, SC_NAME, L("合计（平均）", "Total (mean)"), x->bold_text);
	col_name(a, sizeof a, SC_ID);
	snprintf(f1, sizeof f1, "=COUNT(%s%u:%s%u)", a, FIRST_ROW + 1, a, last + 1);
	worksheet_write_formula_num(ws, tot, SC_STATUS, c->n_rows ? f1 : "=0", x->bold_int, (double)c->n_rows);
	col_name(a, sizeof a, SC_TOTAL);
	snprintf(f1, sizeof f1, "=IF(COUNT(%s%u:%s%u)=0,\"\",AVERAGE(%s%u:%s%u))", a, FIRST_ROW + 1, a, last + 1, a,
		 FIRST_ROW + 1, a, last + 1);
	if (jx_collect_mean_total(&c->all) == JX_NONE)
		worksheet_write_formula_str(ws, tot, SC_TOTAL, f1, x->bold_num2, "");
	else
		worksheet_write_formula_num(ws, tot, SC_TOTAL, f1, x->bold_num2,
					    (double)c->all.total_sum / JX_SCALE / (double)c->all.n_total);
	worksheet_write_blank(ws, tot, SC_GRADE, x->bold_text);
	col_name(a, sizeof a, SC_RATE);
	snprintf(f1, sizeof f1, "=IF(COUNT(%s%u:%s%u)=0,\"\",AVERAGE(%s%u:%s%u))", a, FIRST_ROW + 1, a, last + 1, a,
		 FIRST_ROW + 1, a, last + 1);
	if (jx_collect_mean_rate(&c->all) == JX_NONE)
		worksheet_write_formula_str(ws, tot, SC_RATE, f1, x->bold_pct, "");
	else
		worksheet_write_formula_num(ws, tot, SC_RATE, f1, x->bold_pct,
					    (double)c->all.rate_sum / JX_SCALE / (double)c->all.n_rate);
	col_name(a, sizeof a, SC_FINDINGS);
	snprintf(f1, sizeof f1, "=SUM(%s%u:%s%u)", a, FIRST_ROW + 1, a, last + 1);
	worksheet_write_formula_num(ws, tot, SC_FINDINGS, c->n_rows ? f1 : "=0", x->bold_int, (double)c->all.findings);
	print_setup(ws, title, 2);
}

/* 统计: the grade distribution (formulas over 汇总表) and its chart, then
 * the groups. */
static void stats_sheet(sum_ctx *x, lxw_worksheet *ws, const jx_collect *c)
{
	static const char *const pattern[JX_CG_N] = {"优", "良", "中", "差", "未完成*", ""};
	char f1[200], g[4];
	lxw_row_t r = 0;
	lxw_chart *chart;
	lxw_chart_series *ser;
	col_name(g, sizeof g, SC_GRADE);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, 20, 9, NULL);
	worksheet_write_string(ws, 0, 0, L("等级", "Grade"), x->head);
	worksheet_write_string(ws, 0, 1, L("表数", "Sheets"), x->head);
	for (int k = 0; k < JX_CG_N; k++) {
		if (k == JX_CG_NONE)
			snprintf(f1, sizeof f1, "=COUNTBLANK('汇总表'!%s%u:%s%u)", g, FIRST_ROW + 1, g,
				 (unsigned)(FIRST_ROW + c->n_rows));
		else
			snprintf(f1, sizeof f1, "=COUNTIF('汇总表'!%s%u:%s%u,\"%s\")", g, FIRST_ROW + 1, g,
				 (unsigned)(FIRST_ROW + c->n_rows), pattern[k]);
		worksheet_write_string(ws, (lxw_row_t)(k + 1), 0, jx_collect_grade_label((jx_collect_grade)k), x->center);
		worksheet_write_formula_num(ws, (lxw_row_t)(k + 1), 1, c->n_rows ? f1 : "=0", x->intf,
					    (double)c->all.grades[k]);
	}
	chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
	ser = chart_add_series(chart, NULL, NULL);
	chart_series_set_categories(ser, "统计", 1, 0, JX_CG_N, 0);
	chart_series_set_values(ser, "统计", 1, 1, JX_CG_N, 1);
	chart_series_set_name(ser, L("表数", "Sheets"));
	chart_title_set_name(chart, L("等级分布", "Grade distribution"));
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	{
		lxw_chart_fill fill = {.color = 0x595959};
		chart_series_set_fill(ser, &fill);
	}
	worksheet_insert_chart(ws, 0, 3, chart);
	/* the groups below the chart (15 rows tall) */
	r = JX_CG_N + 16;
	{
		int col = 0;
		worksheet_write_string(ws, r, (lxw_col_t)col++, jx_collect_by_label(c->by), x->head);
		worksheet_write_string(ws, r, (lxw_col_t)col++, L("年度", "Year"), x->head);
		worksheet_write_string(ws, r, (lxw_col_t)col++, L("表数", "Sheets"), x->head);
		for (size_t i = 0; i < c->all.n_status; i++)
			worksheet_write_string(ws, r, (lxw_col_t)col++, jx_collect_status_label(c->all.status[i].status),
					       x->head);
		for (int k = 0; k < JX_CG_N; k++)
			worksheet_write_string(ws, r, (lxw_col_t)col++, jx_collect_grade_label((jx_collect_grade)k), x->head);
		worksheet_write_string(ws, r, (lxw_col_t)col++, L("平均执行率", "Mean exec. rate"), x->head);
		worksheet_write_string(ws, r, (lxw_col_t)col, L("问题数", "Findings"), x->head);
	}
	for (size_t i = 0; i < c->n_groups; i++) {
		const jx_collect_group *gr = &c->groups[i];
		lxw_row_t row = (lxw_row_t)(r + 1 + i);
		int col = 0;
		worksheet_write_string(ws, row, (lxw_col_t)col++, jx_collect_key_label(c, gr), x->text);
		worksheet_write_number(ws, row, (lxw_col_t)col++, gr->year, x->intf);
		worksheet_write_number(ws, row, (lxw_col_t)col++, (double)gr->st.n, x->intf);
		for (size_t k = 0; k < c->all.n_status; k++)
			worksheet_write_number(ws, row, (lxw_col_t)col++,
					       (double)jx_collect_status_count(&gr->st, c->all.status[k].status), x->intf);
		for (int k = 0; k < JX_CG_N; k++)
			worksheet_write_number(ws, row, (lxw_col_t)col++, (double)gr->st.grades[k], x->intf);
		put_dec(ws, row, (lxw_col_t)col++, jx_collect_mean_rate(&gr->st), x->pct);
		worksheet_write_number(ws, row, (lxw_col_t)col, (double)gr->st.findings, x->intf);
	}
	print_setup(ws, L("统计", "Statistics"), 0);
}

static void gaps_sheet(sum_ctx *x, lxw_worksheet *ws, const jx_collect *c)
{
	char title[120];
	snprintf(title, sizeof title, L("%d 年未报送的单位", "Not submitted, %d"), c->gap_year);
	worksheet_set_column(ws, 0, 1, 32, NULL);
	worksheet_set_column(ws, 2, 2, 16, NULL);
	worksheet_write_string(ws, 0, 0, L("实施单位", "Unit"), x->head);
	worksheet_write_string(ws, 0, 1, L("主管部门", "Department"), x->head);
	worksheet_write_string(ws, 0, 2, L("草稿数", "Drafts"), x->head);
	for (size_t i = 0; i < c->n_gaps; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, row, 0, c->gaps[i].who->unit, x->text);
		worksheet_write_string(ws, row, 1, c->gaps[i].who->department ? c->gaps[i].who->department : "", x->text);
		worksheet_write_number(ws, row, 2, (double)c->gaps[i].drafts, x->intf);
	}
	print_setup(ws, title, 0);
}

int jx_export_summary_xlsx(const jx_collect *c, const char *path, int force, jx_err *err)
{
	jx_safefile sf;
	sum_ctx x;
	lxw_error e;
	memset(&x, 0, sizeof x);
	if (jx_safefile_open(&sf, path, force, err) < 0 || jx_safefile_release(&sf, err) < 0) {
		jx_safefile_abort(&sf);
		return -1;
	}
	if (!(x.wb = workbook_new(sf.tmp))) {
		jx_err_set(err, "%s: 无法写入 xlsx", "%s: cannot write the xlsx", path);
		jx_safefile_abort(&sf);
		return -1;
	}
	make_formats(&x);
	/* worksheet names are fixed (the formulas refer to them) */
	sheet_rows(&x, workbook_add_worksheet(x.wb, "汇总表"), c);
	stats_sheet(&x, workbook_add_worksheet(x.wb, "统计"), c);
	if (c->n_roster && c->gap_year)
		gaps_sheet(&x, workbook_add_worksheet(x.wb, "未报送单位"), c);
	if ((e = workbook_close(x.wb)) != LXW_NO_ERROR) {
		jx_err_set(err, "%s: 无法写入 xlsx：%s", "%s: cannot write the xlsx: %s", path, lxw_strerror(e));
		jx_safefile_abort(&sf);
		return -1;
	}
	return jx_safefile_commit(&sf, err);
}
