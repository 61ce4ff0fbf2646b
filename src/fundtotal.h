/* The funds table's total row as a document prints it (model.h
 * JX_FUND_TOTAL_COLUMNS) against the total row jixiao computes: the one
 * rule, shared by the checks, the workstation and the forms, of what each
 * printed figure is compared with and when the two differ. */
#ifndef JX_FUNDTOTAL_H
#define JX_FUNDTOTAL_H

#include "engine.h"
#include "err.h"
#include "model.h"
#include "template.h"

#define JX_FUND_TOTAL_ENUM(member, ...) JX_FT_COL_##member,
enum { JX_FUND_TOTAL_COLUMNS(JX_FUND_TOTAL_ENUM) JX_FUND_TOTAL_COUNT };
#undef JX_FUND_TOTAL_ENUM
/* The first four columns are amounts (万元), in jx_fund's order. */
enum { JX_FUND_TOTAL_AMOUNTS = 4 };

typedef struct {
	const char *key; /* member, sheet-file key and the end of "funds:total:<key>" */
	int field_type;  /* field.h jx_field_type */
	int num_flags;   /* num.h JX_NUM_* the typed value is read with */
	const char *zh, *en;
} jx_fund_total_col;
extern const jx_fund_total_col jx_fund_total_cols[JX_FUND_TOTAL_COUNT];

/* The column named key, or -1. */
int jx_fund_total_find(const char *key);
jx_dec jx_fund_total_get(const jx_fund_stated *t, int col);
void jx_fund_total_put(jx_fund_stated *t, int col, jx_dec v);
/* text as a figure of column col ("" = not printed): 0, or -1 (err). */
int jx_fund_total_parse(int col, const char *text, jx_dec *out, jx_err *err);
/* The column's label in the template's words where its execution formula
 * names that input (Sichuan's 调整后预算数), else the column's own. */
const char *jx_fund_total_label(const jx_template *t, int col);

/* The total row as jixiao computes it. */
typedef struct {
	jx_dec sum[JX_FUND_TOTAL_AMOUNTS]; /* the rows' sums; JX_NONE: no row has the column */
	/* the execution rate as the exact ratio num ÷ den of the template's
	 * execution formula (valid when ok), and its inputs */
	jx_dec num, den, a, b;
	int ok;
	jx_dec score;        /* the execution node's score; JX_NONE when none */
	const jx_node *exec; /* the template's execution node, NULL when none */
} jx_fund_total_calc;
void jx_fund_total_compute(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss,
			   jx_fund_total_calc *out);
/* The computed figure of col as forms show it (the rate in percent, 2
 * decimals); JX_NONE when there is none. */
jx_dec jx_fund_total_shown(const jx_fund_total_calc *c, int col);
/* 1 when the printed figure v of column col differs from the computed one:
 * an amount or the rate compared at the precision it is printed with (an
 * amount never coarser than 2 decimals, so 481 is not 480.82 while 16.26 is
 * 16.257652), the score exactly as the stated-score checks compare.  0 when
 * they agree or there is nothing to compare with (v or the computed figure
 * missing, a rate whose denominator is 0). */
int jx_fund_total_differs(const jx_fund_total_calc *c, int col, jx_dec v);

#endif
