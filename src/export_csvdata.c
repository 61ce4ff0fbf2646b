/* CSV data export (--format csv-data): one row per indicator of every
 * sheet, for people who pivot, filter and sum rather than print.
 *
 * A heading row (Chinese, English with --lang en), then per indicator: the
 * sheet's number, year and project, the indicator's sub-project, its 一级
 * and 二级 headings and its name, comparator, target, unit, actual, points,
 * score and deviation reason, and the sheet's template id (import reads
 * it back).  Indicators come in the order the forms print
 * them (the scoring tree's); one the template has no place for comes after
 * them with its headings and score empty.
 *
 * Target and actual are numbers when the sheet holds them as numbers (20,
 * -3.5: the unit is its own column), otherwise the text as written
 * ("2023-06-30", a qualitative target; a qualitative actual with none
 * written: the band chosen).  Text fields are neutralised as in every CSV
 * (export_csv.c). */
#include "export_ops.h"

#include <stdio.h>
#include <string.h>

#include "strutil.h"

typedef enum {
	COL_SHEET,
	COL_YEAR,
	COL_PROJECT,
	COL_SUBPROJECT,
	COL_L1,
	COL_L2,
	COL_L3,
	COL_CMP,
	COL_TARGET,
	COL_UNIT,
	COL_ACTUAL,
	COL_POINTS,
	COL_SCORE,
	COL_DEVIATION,
	COL_TEMPLATE,
	COL_COUNT
} data_col;

/* The columns' headings, in the columns' order. */
static const struct {
	const char *zh, *en;
} heads[COL_COUNT] = {
	[COL_SHEET] = {"编号", "Sheet"},
	[COL_YEAR] = {"年度", "Year"},
	[COL_PROJECT] = {"项目名称", "Project"},
	[COL_SUBPROJECT] = {"所属项目", "Sub-project"},
	[COL_L1] = {"一级指标", "Level 1"},
	[COL_L2] = {"二级指标", "Level 2"},
	[COL_L3] = {"三级指标", "Indicator"},
	[COL_CMP] = {"计算符号", "Comparator"},
	[COL_TARGET] = {"年度指标值", "Target"},
	[COL_UNIT] = {"计量单位", "Unit"},
	[COL_ACTUAL] = {"实际完成值", "Actual"},
	[COL_POINTS] = {"分值", "Points"},
	[COL_SCORE] = {"得分", "Score"},
	[COL_DEVIATION] = {"偏差原因分析及改进措施", "Deviation reason and remedy"},
	[COL_TEMPLATE] = {"模板", "Template"},
};

/* One indicator's row: where it sits in the scoring tree (it NULL when it
 * has no place there). */
typedef struct {
	const jx_xsheet *x;
	const jx_indicator *ind;
	const jx_score_item *it, *l1, *l2;
} data_row;

static void text(jx_csv *c, const char *s)
{
	jx_csv_text(c, s, s ? strlen(s) : 0);
}

/* A number: with `decimals` places, or (decimals < 0) up to 6 with
 * trailing zeros dropped, as the sheet holds it; empty when not entered. */
static void number(jx_csv *c, jx_dec v, int decimals)
{
	char buf[32];
	if (v == JX_NONE)
		jx_csv_empty(c);
	else
		jx_csv_number(c, decimals < 0 ? jx_fmt_trim(buf, v) : jx_fmt(buf, v, decimals));
}

static const char *item_name(const jx_score_item *it)
{
	return it ? jx_xitem_name(it) : "";
}

static void cmp_field(jx_csv *c, jx_cmp cmp)
{
	const char *sym = jx_cmp_symbol(cmp);
	text(c, *sym ? sym : jx_cmp_name(cmp));
}

static void actual_field(jx_csv *c, const data_row *r)
{
	const jx_indicator *ind = r->ind;
	const jx_template *t = r->x->tpl;
	if (ind->actual != JX_NONE)
		number(c, ind->actual, -1);
	else if (jx_has_text(ind->actual_text))
		text(c, ind->actual_text);
	else if (ind->cmp == JX_CMP_QUAL && ind->band >= 0 && t && (size_t)ind->band < t->rules.n_bands)
		text(c, t->rules.bands[ind->band].name);
	else
		jx_csv_empty(c);
}

static void field(jx_csv *c, data_col col, const data_row *r)
{
	const jx_sheet *s = r->x->sheet;
	const jx_indicator *ind = r->ind;
	char buf[32];
	switch (col) {
	case COL_SHEET:
		/* the number list and show use; a sheet from a file has none */
		if (s->id > 0) {
			snprintf(buf, sizeof buf, "%lld", (long long)s->id);
			jx_csv_number(c, buf);
		} else {
			text(c, s->uid);
		}
		break;
	case COL_YEAR:
		snprintf(buf, sizeof buf, "%d", s->year);
		jx_csv_number(c, buf);
		break;
	case COL_PROJECT: text(c, s->info[JX_INFO_NAME]); break;
	case COL_SUBPROJECT: text(c, ind->subproject); break;
	case COL_L1: text(c, item_name(r->l1)); break;
	case COL_L2: text(c, item_name(r->l2)); break;
	case COL_L3: text(c, ind->name); break;
	case COL_CMP: cmp_field(c, ind->cmp); break;
	case COL_TARGET:
		if (ind->target != JX_NONE)
			number(c, ind->target, -1);
		else
			text(c, ind->target_text);
		break;
	case COL_UNIT: text(c, ind->unit); break;
	case COL_ACTUAL: actual_field(c, r); break;
	case COL_POINTS: number(c, r->it ? r->it->points : ind->points, -1); break;
	/* rounded as the forms show it */
	case COL_SCORE: number(c, r->it ? r->it->score : JX_NONE, 2); break;
	case COL_DEVIATION: text(c, ind->deviation_reason); break;
	/* so that import puts the sheet back under its own template */
	case COL_TEMPLATE: text(c, s->template_id); break;
	case COL_COUNT: break;
	}
}

static void write_row(jx_csv *c, const data_row *r)
{
	for (int col = 0; col < COL_COUNT; col++)
		field(c, (data_col)col, r);
	jx_csv_row_end(c);
}

/* Item i's 一级 and 二级 ancestors (the 二级 NULL when i sits right under
 * its 一级). */
static void ancestors(const jx_scoresheet *ss, size_t i, data_row *r)
{
	const jx_score_item *it = &ss->items[i];
	r->l1 = r->l2 = NULL;
	while (it->parent >= 0) {
		const jx_score_item *up = &ss->items[it->parent];
		if (up->depth == 1)
			r->l2 = up;
		if (up->depth == 0)
			r->l1 = up;
		it = up;
	}
}

/* 1 when the scoring tree holds ind. */
static int placed(const jx_scoresheet *ss, const jx_indicator *ind)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->items[i].kind == JX_ITEM_IND && ss->items[i].ind == ind)
			return 1;
	return 0;
}

static int data_sheet(jx_export_run *run, const jx_xsheet *x, const jx_xform *form, size_t i, jx_err *err)
{
	const jx_scoresheet *ss = &x->ss;
	const jx_sheet *s = x->sheet;
	jx_csv *c = run->w;
	size_t n_placed = 0;

	jx_csv_table(c, jx_nz(s->info[JX_INFO_NAME]));
	for (size_t k = 0; k < ss->n; k++) {
		data_row r = {.x = x, .it = &ss->items[k], .ind = ss->items[k].ind};
		if (r.it->kind != JX_ITEM_IND || !r.ind)
			continue;
		ancestors(ss, k, &r);
		write_row(c, &r);
		n_placed++;
	}
	/* an indicator under a slot the template lacks (the checks name it) */
	for (size_t k = 0; n_placed < s->n_inds && k < s->n_inds; k++) {
		data_row r = {.x = x, .ind = &s->inds[k]};
		if (!placed(ss, r.ind))
			write_row(c, &r);
	}
	jx_csv_table_end(c);
	return 0;
}

static int data_begin(jx_export_run *run, const jx_sheet *first, jx_err *err)
{
	jx_csv *c;
	if (jx_csv_begin(run, err) != 0)
		return -1;
	c = run->w;
	jx_csv_table(c, L("标题行", "heading row"));
	for (int col = 0; col < COL_COUNT; col++)
		text(c, L(heads[col].zh, heads[col].en));
	jx_csv_row_end(c);
	jx_csv_table_end(c);
	return 0;
}

const jx_export_ops jx_export_csv_data_ops = {
	.fmt = JX_EXPORT_CSV_DATA, .name = "csv-data", .ext = ".csv", .text = 1, .forms = 0, .counts = 1,
	.begin = data_begin, .sheet = data_sheet, .end = jx_csv_end,
};
