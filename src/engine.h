/* The scoring engine: a pure function from (template, sheet) to the scoring
 * sheet.  No I/O, no globals except the UI language for explanations.
 * Cheap enough to run on every keystroke: the result's buffers are reused
 * between calls. */
#ifndef JX_ENGINE_H
#define JX_ENGINE_H

#include "model.h"
#include "template.h"

enum {
	JX_SF_NA = 1,          /* not applicable (0 ÷ 0, missing inputs) */
	JX_SF_UNMET = 2,       /* target not met */
	JX_SF_OVER = 4,        /* actual ≥ over-achievement threshold */
	JX_SF_CAPPED = 8,      /* total capped by execution rate */
	JX_SF_INCOMPLETE = 16, /* an input is missing (not yet entered) */
	JX_SF_OVERRIDDEN = 32, /* evaluator's override used */
};

typedef enum { JX_ITEM_NODE, JX_ITEM_IND, JX_ITEM_TOTAL } jx_item_kind;

typedef struct {
	jx_item_kind kind;
	const jx_node *node;      /* for nodes */
	const jx_indicator *ind;  /* for indicators (points into the sheet) */
	int parent;               /* index of the enclosing item, -1 for roots */
	int depth;                /* 0 = 一级 */
	jx_dec points;            /* 分值 (for groups: sum of children unless the node fixes it) */
	jx_dec score;             /* rounded score (JX_NONE when n/a) */
	jx_dec rate;              /* completion or formula rate, as a fraction ×JX_SCALE; JX_NONE if none */
	int flags;
	size_t expl;              /* offset of the explanation in jx_scoresheet.text */
	char path[96];            /* "node:<key>" or "ind:<key>" : matches stated paths and field paths;
				   * a goal block "goal:<i>" (i from 0, as field paths count
				   * goals), a slot in it "goal:<i>:<key>" */
	int goal;                 /* the goal block (1 = 年度绩效目标1) the item is or sits in; 0 = none */
	size_t label;             /* offset of its own name in text (a goal block's); 0 = its node's or indicator's */
	const char *name;         /* that name (into text, valid until the next jx_score); NULL = none */
} jx_score_item;

typedef struct {
	jx_score_item *items;     /* pre-order: a group, then its children */
	size_t n, cap;
	char *text;               /* explanation strings, NUL-separated */
	size_t text_len, text_cap;
	jx_dec total;             /* after caps */
	jx_dec total_raw;         /* before caps */
	jx_dec points;            /* sum of 一级 points */
	jx_dec exec_rate;         /* budget execution rate (fraction), JX_NONE if none */
	jx_dec received_rate;     /* 到位率 (received ÷ budget), JX_NONE if none */
	const jx_grade_band *grade;
	size_t total_expl;        /* explanation of the total (caps) */
	jx_dec na_moved;          /* points of not-applicable indicators moved (not_applicable: move) */
	int goal_blocks;          /* scored by goal blocks (jx_goal_blocks_on) */
	int no_expl;              /* set by the caller, kept by jx_score: the indicators' explanations are
				   * left empty (an export that only counts findings shows none) */
} jx_scoresheet;

/* Compute; out may hold buffers from an earlier call (they are reused). */
void jx_score(const jx_template *t, const jx_sheet *s, jx_scoresheet *out);
void jx_scoresheet_free(jx_scoresheet *ss);
static inline const char *jx_score_expl(const jx_scoresheet *ss, const jx_score_item *it)
{
	return ss->text ? ss->text + it->expl : "";
}
/* An item's name in the UI language: a goal block's ("年度绩效目标2：…"),
 * its node's or its indicator's; "总分" for the total. */
const char *jx_score_label(const jx_score_item *it);
/* Does the sheet use the template's goal blocks: the template has them and
 * the sheet gives a goal points or puts an indicator under a goal?  (A
 * sheet made before, with neither, is scored by the template's 一级 nodes
 * and check says so: W2007.) */
int jx_goal_blocks_on(const jx_template *t, const jx_sheet *s);
/* Is n one of the 一级 nodes the goal blocks replace, or below one? */
int jx_goal_blocks_replace(const jx_template *t, const jx_node *n);
/* Find an item by path ("node:decision", "ind:i3"); NULL if none. */
const jx_score_item *jx_score_find(const jx_scoresheet *ss, const char *path);

/* Score of one indicator under the template's rules (used by the engine and
 * exposed for tests): writes score, rate, flags and an explanation. */
void jx_score_indicator(const jx_rules *r, const jx_indicator *ind, jx_dec *score, jx_dec *rate, int *flags,
			char *expl, size_t expl_len);

/* The value of a formula node's input: "funds.<planned|budget|received|
 * spent>" from the sheet's fund totals, or "measure.<name>"; JX_NONE when
 * not entered or not known. */
jx_dec jx_formula_input(const jx_sheet *s, const jx_fund_totals *ft, const char *spec);

/* Is the indicator printed as not applicable (不适用): no actual number and
 * its actual or target text "/", "／" or "不适用"?  Scored by the
 * template's not_applicable rule (JX_SF_NA on its item). */
int jx_ind_not_applicable(const jx_indicator *ind);

/* "≥", ">", "=", "≤", "<" (or "" for other comparators), as explanations and
 * check messages print them. */
const char *jx_cmp_symbol(jx_cmp c);

/* A deadline indicator's date (deadline.c): "2023-06-30", "2023/6/30",
 * "2023.06.30", "2023-06", "2023年6月30日", "2023年6月" (a month alone means
 * its last day; "6月底"/"6月末" too), blanks around it allowed.  Returns
 * y·10000 + m·100 + d, or -1. */
long jx_deadline_parse(const char *s);

#endif
