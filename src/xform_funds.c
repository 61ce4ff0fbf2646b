/* The funds total row as the source document printed it, in a form: below
 * the rows the form adds up, so that the total a form prints is always
 * jixiao's and the printed one stands beside it for the bureau to see. */
#include "xform_build.h"

#include <stdio.h>

#include "fundtotal.h"

/* A printed figure as text: an amount with its fen (2 decimals, more when
 * it was printed with more), a rate with "%". */
static void figure_text(int k, jx_dec v, char *buf, size_t len)
{
	char num[32];
	if (k == JX_FT_COL_rate || k == JX_FT_COL_score || jx_dec_places(v) > 2)
		jx_fmt_trim(num, v);
	else
		jx_fmt(num, v, 2);
	snprintf(buf, len, "※%s%s", num, k == JX_FT_COL_rate ? "%" : "");
}

int jx_fx_printed_total(jx_xbuilder *b, const jx_xsheet *x, int r, int label_c, int label_cols,
			const int *cols)
{
	const jx_fund_stated *ft = &x->sheet->funds_total;
	jx_fund_total_calc calc;
	int differ = 0;
	char text[48];
	jx_fund_total_compute(x->tpl, x->sheet, &x->ss, &calc);
	for (int k = 0; k < JX_FUND_TOTAL_COUNT; k++) {
		jx_dec v = jx_fund_total_get(ft, k);
		if (cols[k] < 0)
			continue;
		if (v == JX_NONE) {
			jx_fx_text(b, r, cols[k], "", JX_XS_CENTER);
		} else if (jx_fund_total_differs(&calc, k, v)) {
			figure_text(k, v, text, sizeof text);
			jx_fx_text(b, r, cols[k], text, JX_XS_CENTER);
			differ++;
		} else if (k == JX_FT_COL_rate) {
			jx_fx_num(b, r, cols[k], jx_muldiv(v, JX_SCALE, JX_INT(100), 6), JX_XN_RATE, JX_XS_CENTER);
		} else {
			jx_fx_num(b, r, cols[k], v, k == JX_FT_COL_score ? JX_XN_SCORE : JX_XN_MONEY,
				  k == JX_FT_COL_score ? JX_XS_CENTER : JX_XS_NUMBER);
		}
	}
	jx_fx_span(b, r, label_c, label_cols, jx_fx_printed_total_label(differ), JX_XS_TEXT);
	return differ;
}

const char *jx_fx_printed_total_label(int differ)
{
	return differ ? "原表合计（※与计算不符）" : "原表合计";
}
