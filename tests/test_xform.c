/* The form model as the official forms print it: fund rows of the
 * template, the 二级项目/分项目 column, tick boxes, the sign-off block,
 * unwritten deviation reasons marked, numbers stored as shown, one
 * execution rate, long text in rows a spreadsheet can hold, the page
 * layout (orientation, repeated heading, rows kept together) and the
 * reviewer's sheet (审核意见). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sheetio.h"
#include "xform.h"

static const char *const samples[] = {
	JX_SAMPLES "/jiangmen-2022-project-self.yaml",
	JX_SAMPLES "/jingdezhen-2023-external.yaml",
	JX_SAMPLES "/xinfeng-2024-dept-eval.yaml",
	JX_SAMPLES "/zhanjiang-2023-dept-overall.yaml",
};
enum { JIANGMEN, JINGDEZHEN, XINFENG, ZHANJIANG, NSAMPLES };

typedef struct {
	jx_templates set;
	jx_sheet **sheets[NSAMPLES];
	size_t n[NSAMPLES];
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	jx_err err = {{0}};
	if (!fx || jx_templates_load_builtin(&fx->set, &err) != 0)
		return -1;
	for (int i = 0; i < NSAMPLES; i++)
		if (jx_sheets_read(samples[i], &fx->set, &fx->sheets[i], &fx->n[i], &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			return -1;
		}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	for (int i = 0; i < NSAMPLES; i++)
		jx_sheets_free(fx->sheets[i], fx->n[i]);
	jx_templates_free(&fx->set);
	free(fx);
	return 0;
}

/* A sample's form (and its scored sheet in *xs, to be freed). */
static jx_xform *form_of(fixture *fx, int sample, jx_xsheet *xs)
{
	jx_err err = {{0}};
	memset(xs, 0, sizeof *xs);
	assert_int_equal(jx_xsheet_score(xs, &fx->set, fx->sheets[sample][0], NULL, &err), 0);
	return jx_xform_build(xs, 1, 0);
}

/* The first cell whose text is s; its row and column. */
static int find_text(const jx_xform *f, const char *s, int *row, int *col)
{
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *x = jx_xform_cell(f, r, c);
			if (!x->covered && x->text && strcmp(x->text, s) == 0) {
				*row = r;
				*col = c;
				return 1;
			}
		}
	return 0;
}

static int count_style(const jx_xform *f, int style)
{
	int n = 0;
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++)
			if (!jx_xform_cell(f, r, c)->covered && jx_xform_cell(f, r, c)->style == style)
				n++;
	return n;
}

/* Jiangmen: three fund rows of the template though the sheet has one; the
 * 二级项目/分项目 column; 12 unwritten deviation reasons marked. */
static void test_project_form(void **state)
{
	fixture *fx = *state;
	jx_xsheet xs;
	jx_xform *f = form_of(fx, JIANGMEN, &xs);
	char buf[48];
	int r, c, r2, c2;

	assert_non_null(f);
	assert_int_equal(f->ncols, 10);
	assert_true(find_text(f, "其中：当年财政拨款", &r, &c));
	assert_true(find_text(f, "上年结转资金", &r2, &c2));
	assert_int_equal(r2, r + 1);
	/* 年初预算数, 全年预算数, 全年执行数 of a source the sheet does not have */
	for (int k = 4; k <= 6; k++)
		assert_string_equal(jx_xform_cell(f, r2, k)->text, "—");
	assert_true(find_text(f, "其他资金", &r2, &c2));
	assert_int_equal(r2, r + 2);
	/* the column and a sub-project in it */
	assert_true(find_text(f, "二级项目/分项目", &r, &c));
	assert_int_equal(c, 3);
	assert_int_equal(f->head_first, r);
	assert_int_equal(f->head_rows, 1);
	assert_true(find_text(f, "项目评审 / 2022 年 5G 产业发展扶持资金项目评审", &r, &c));
	assert_int_equal(c, 3);
	/* r25 (target 6, actual 5) and eleven ≥ 130% without a reason: 1 + 11 */
	assert_int_equal(count_style(f, JX_XS_MISSING), 12);
	/* points and scores as 0.00; the execution rate stored as shown */
	assert_string_equal(jx_xcell_display(jx_xform_cell(f, f->rate_row, f->rate_col - 1), buf), "10.00");
	assert_int_equal(jx_xform_cell(f, f->rate_row, f->rate_col)->value, 248500); /* 0.2485 */
	/* too wide for A4 upright: across the page, within its width */
	assert_int_equal(f->landscape, 1);
	jx_xform_free(f);
	jx_xsheet_free(&xs);
}

/* The sign-off block closes every form, its rows kept on one page. */
static void test_signoff(void **state)
{
	fixture *fx = *state;
	static const char *const parts[] = {"填报单位（盖章）：", "单位负责人：", "财务负责人：", "项目负责人：",
					    "填报人：", "联系电话：", "填报日期："};
	for (int i = 0; i < NSAMPLES; i++) {
		jx_xsheet xs;
		jx_xform *f = form_of(fx, i, &xs);
		int found = 0, first = f->nrows;
		for (int r = f->nrows - 4; r < f->nrows; r++)
			for (int c = 0; c < f->ncols; c++) {
				const jx_xcell *x = jx_xform_cell(f, r, c);
				for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
					if (!x->covered && x->text && strncmp(x->text, parts[k], strlen(parts[k])) == 0) {
						found++;
						if (r < first)
							first = r;
					}
			}
		assert_int_equal(found, 7);
		/* the blank row before it and its three rows: kept together */
		for (int r = f->nrows - 4; r < f->nrows - 1; r++)
			assert_int_equal(f->keep[r], 1);
		jx_xform_free(f);
		jx_xsheet_free(&xs);
	}
	/* Jiangmen's: 填报人 李凤笑, 联系电话 3279820, 填报日期 2023年4月7日 */
	{
		jx_xsheet xs;
		jx_xform *f = form_of(fx, JIANGMEN, &xs);
		int r, c;
		assert_true(find_text(f, "填报人：李凤笑", &r, &c));
		assert_true(find_text(f, "联系电话：3279820", &r, &c));
		assert_true(find_text(f, "填报日期：2023年4月7日", &r, &c));
		assert_true(find_text(f, "填报单位（盖章）：江门市工业和信息化局", &r, &c));
		jx_xform_free(f);
		jx_xsheet_free(&xs);
	}
}

/* Xinfeng: 项目类型 and 评价等次 with their tick boxes (total 98 ≥ 90: 优). */
static void test_tick_boxes(void **state)
{
	fixture *fx = *state;
	jx_xsheet xs;
	jx_xform *f = form_of(fx, XINFENG, &xs);
	int r, c, grade = 0;
	assert_true(find_text(f, "经常性项目（√）　一次性项目（ ）", &r, &c));
	for (r = 0; r < f->nrows; r++)
		for (c = 0; c < f->ncols; c++) {
			const jx_xcell *x = jx_xform_cell(f, r, c);
			if (x->text && strncmp(x->text, "优（√）　良（ ）　中（ ）　差（ ）\n", strlen("优（√）　良（ ）　中（ ）　差（ ）\n")) == 0)
				grade = 1;
		}
	assert_true(grade);
	/* every source of dept-eval-2020: 中央财政, 省财政, 市县财政, 其他 */
	assert_true(find_text(f, "其中：其他", &r, &c));
	assert_string_equal(jx_xform_cell(f, r, 2)->text, "—");
	jx_xform_free(f);
	jx_xsheet_free(&xs);
}

/* Zhanjiang: no amount in a narrow 分值 column, amounts as 0.00, one
 * execution rate: the template's 支出完成率, 4804.489367 ÷ 4804.489367 =
 * 100%, where the summary points; no other rate (spent ÷ budget =
 * 4804.49 ÷ 16147.28 = 29.75%) anywhere. */
static void test_overall_money(void **state)
{
	fixture *fx = *state;
	jx_xsheet xs;
	jx_xform *f = form_of(fx, ZHANJIANG, &xs);
	jx_xsum sum;
	char buf[48];
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c < f->ncols; c++) {
			const jx_xcell *x = jx_xform_cell(f, r, c);
			if (x->covered || !x->has_value)
				continue;
			/* 1, 3, 5 are the narrow 分值 columns: an amount there spans
			 * the wide column after it */
			if (x->num == JX_XN_MONEY && (c == 1 || c == 3 || c == 5))
				assert_true(x->colspan >= 2);
			assert_true(x->num != JX_XN_VALUE);
			if (x->num == JX_XN_RATE)
				assert_string_not_equal(jx_xcell_display(x, buf), "29.75%");
		}
	/* 年度实际支出 4804.489367 万元 stored as shown: 4804.49 */
	{
		int r, c;
		assert_true(find_text(f, "年度实际支出", &r, &c));
		assert_int_equal(jx_xform_cell(f, r, 3)->value, 4804490000LL);
		assert_string_equal(jx_xcell_display(jx_xform_cell(f, r, 3), buf), "4804.49");
	}
	assert_int_equal(jx_xsum_set(&sum, &xs, f), 0);
	assert_non_null(sum.ref_rate);
	assert_string_equal(jx_xcell_display(jx_xform_cell(f, f->rate_row, f->rate_col), buf), "100.00%");
	free(sum.name);
	free(sum.unit);
	free(sum.tpl_name);
	free(sum.ref_total);
	free(sum.ref_rate);
	jx_xform_free(f);
	jx_xsheet_free(&xs);
}

/* Jingdezhen: 主要问题与建议 (about 1,900 characters) goes on in rows of at
 * most JX_XROW_LINES lines at the columns' smallest widths, under one
 * label. */
static void test_long_text(void **state)
{
	fixture *fx = *state;
	jx_xsheet xs;
	jx_xform *f = form_of(fx, JINGDEZHEN, &xs);
	int r, c, width = -1;
	assert_true(find_text(f, "主要问题与建议", &r, &c));
	assert_true(jx_xform_cell(f, r, 0)->rowspan >= 2);
	for (int k = 1; k < f->ncols; k++)
		width += f->min_width[k];
	for (int k = r; k < r + jx_xform_cell(f, r, 0)->rowspan; k++) {
		const char *s = jx_xform_cell(f, k, 1)->text;
		int lines = 0;
		assert_non_null(s);
		while (*s) {
			size_t n = strcspn(s, "\n");
			int w = 0;
			/* display columns: CJK 2, ASCII 1 */
			for (size_t i = 0; i < n;) {
				unsigned char ch = (unsigned char)s[i];
				int len = ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
				w += len >= 3 ? 2 : 1;
				i += (size_t)len;
			}
			lines += w <= width ? 1 : (w + width - 1) / width;
			s += n + (s[n] == '\n');
		}
		assert_true(lines <= JX_XROW_LINES);
	}
	jx_xform_free(f);
	jx_xsheet_free(&xs);
}

/* 审核意见: Jiangmen's five stated figures beside the recomputed ones
 * (24.85% twice and 5 agree; total 98.93 against 92.32 and grade 优
 * against 未完成（12 项未填） do not), then its 14 findings. */
static void test_review(void **state)
{
	fixture *fx = *state;
	jx_xsheet xs;
	jx_xform *f = form_of(fx, JIANGMEN, &xs), *rv;
	int r, c, agree = 0, differ = 0;
	jx_xform_free(f);
	rv = jx_xform_review(NULL, &xs, 1, 0);
	assert_non_null(rv);
	assert_string_equal(rv->sheet_name, "审核意见");
	for (r = 0; r < rv->nrows; r++) {
		const jx_xcell *x = jx_xform_cell(rv, r, 5);
		if (x->text && strcmp(x->text, "一致") == 0)
			agree++;
		if (x->text && strcmp(x->text, "不一致") == 0)
			differ++;
	}
	assert_int_equal(agree, 3);
	assert_int_equal(differ, 2);
	assert_true(find_text(rv, "98.93", &r, &c));
	assert_string_equal(jx_xform_cell(rv, r, 3)->text, "92.32");
	assert_true(find_text(rv, "二、审核发现（14 条）", &r, &c));
	/* several sheets: numbered, no repeated heading (one worksheet holds all) */
	rv = jx_xform_review(rv, &xs, 2, 1);
	assert_string_equal(rv->sheet_name, "2 审核意见");
	assert_int_equal(rv->head_rows, 0);
	jx_xform_free(rv);
	jx_xsheet_free(&xs);
}

/* Every form: printed within its page's width; the rows of each 二级 group
 * of two or more kept together, the subtotal with the row before it. */
static void test_page_layout(void **state)
{
	fixture *fx = *state;
	for (int i = 0; i < NSAMPLES; i++) {
		jx_xsheet xs;
		jx_xform *f = form_of(fx, i, &xs);
		double pt = 0;
		for (int c = 0; c < f->ncols; c++)
			pt += jx_xcol_pt(f->widths[c]);
		assert_true(pt <= (f->landscape ? JX_XPAGE_LANDSCAPE_PT : JX_XPAGE_PORTRAIT_PT));
		assert_true(f->head_rows >= 1);
		for (int r = 1; r < f->nrows; r++) {
			const jx_xcell *x = jx_xform_cell(f, r, 2);
			if (x->text && strstr(x->text, "小计"))
				assert_int_equal(f->keep[r - 1], 1);
		}
		jx_xform_free(f);
		jx_xsheet_free(&xs);
	}
}

/* A form built for CSV or HTML (no_tags) is the form built for xlsx, cell
 * for cell, without the tags that only reading an xlsx back uses; for CSV
 * (no_widths) also without the column widths and the page orientation, and
 * a cell covered by a merge without its top cell's style and number kind
 * (a CSV writes a covered cell empty and no styles). */
static void test_no_tags_no_widths(void **state)
{
	fixture *fx = *state;
	for (int i = 0; i < NSAMPLES; i++) {
		jx_xsheet xs;
		jx_xform *f = form_of(fx, i, &xs), *g;
		int formulas = 0;
		xs.no_tags = 1;
		xs.no_widths = 1;
		xs.no_formulas = 1;
		g = jx_xform_build(&xs, 1, 0);
		assert_non_null(g);
		assert_true(f->n_tags > 0);
		assert_int_equal(g->n_tags, 0);
		assert_int_equal(g->nrows, f->nrows);
		assert_int_equal(g->ncols, f->ncols);
		assert_int_equal(g->landscape, 0);
		for (int c = 0; c < f->ncols; c++) {
			assert_true(f->widths[c] > 0);
			assert_int_equal(g->widths[c], 0);
		}
		for (int r = 0; r < f->nrows; r++)
			for (int c = 0; c < f->ncols; c++) {
				const jx_xcell *a = jx_xform_cell(f, r, c), *b = jx_xform_cell(g, r, c);
				char ba[48], bb[48];
				assert_int_equal(a->covered, b->covered);
				if (b->covered)
					continue;
				assert_string_equal(jx_xcell_display(a, ba), jx_xcell_display(b, bb));
				assert_int_equal(a->style, b->style);
				assert_int_equal(a->colspan, b->colspan);
				assert_int_equal(a->rowspan, b->rowspan);
				/* the same text and length, no formula (a CSV's form) */
				assert_int_equal(a->num, b->num);
				assert_int_equal(a->text_len, b->text_len);
				assert_null(b->formula);
				formulas += a->formula != NULL;
			}
		assert_true(formulas > 0); /* every sample's form has its SUMs */
		jx_xform_free(g);
		jx_xform_free(f);
		jx_xsheet_free(&xs);
	}
}

/* Scored without the indicators' explanations (no_expl, an export that
 * only counts findings): every item's points, score, rate and flags as
 * before, the indicators' explanations empty, the total's the same. */
static void test_score_without_explanations(void **state)
{
	fixture *fx = *state;
	size_t explained = 0; /* indicators explained when scored as before */
	for (int i = 0; i < NSAMPLES; i++) {
		const jx_sheet *sh = fx->sheets[i][0];
		const jx_template *t = jx_templates_find(&fx->set, sh->template_id);
		jx_scoresheet a, b;
		memset(&a, 0, sizeof a);
		memset(&b, 0, sizeof b);
		assert_non_null(t);
		b.no_expl = 1;
		jx_score(t, sh, &a);
		jx_score(t, sh, &b);
		assert_int_equal(b.no_expl, 1);
		assert_int_equal(a.n, b.n);
		assert_true(a.total == b.total && a.total_raw == b.total_raw && a.points == b.points);
		assert_true(a.grade == b.grade);
		assert_string_equal(a.text + a.total_expl, b.text + b.total_expl);
		for (size_t k = 0; k < a.n; k++) {
			const jx_score_item *x = &a.items[k], *y = &b.items[k];
			assert_true(x->points == y->points && x->score == y->score && x->rate == y->rate);
			assert_int_equal(x->flags, y->flags);
			assert_string_equal(x->path, y->path);
			if (x->kind == JX_ITEM_IND) {
				explained += *jx_score_expl(&a, x) != '\0';
				assert_string_equal(jx_score_expl(&b, y), "");
			} else {
				assert_string_equal(jx_score_expl(&a, x), jx_score_expl(&b, y));
			}
		}
		jx_scoresheet_free(&a);
		jx_scoresheet_free(&b);
	}
	assert_true(explained > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_project_form), cmocka_unit_test(test_signoff),
		cmocka_unit_test(test_tick_boxes),   cmocka_unit_test(test_overall_money),
		cmocka_unit_test(test_long_text),    cmocka_unit_test(test_review),
		cmocka_unit_test(test_page_layout),  cmocka_unit_test(test_no_tags_no_widths),
		cmocka_unit_test(test_score_without_explanations),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
