/* Private to the checks (checks*.c): the context one run of jx_check works
 * in, its lookups, the message helpers and the checks themselves.  See the
 * comment at the top of checks.c for the codes and the files. */
#ifndef JX_CHECKS_INT_H
#define JX_CHECKS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "checks.h"
#include "strutil.h"

#define CK_NB 256 /* size of each buffer of the context's ring */

struct strtab;
struct ck_slot_sum;

/* One run of jx_check: what it checks, the lookups built over it
 * (checks_index.c) and the buffers its messages are written with. */
typedef struct {
	const jx_template *t;
	const jx_sheet *s;
	const jx_scoresheet *ss;
	const jx_sheet *prev;
	jx_findings *out;
	jx_fund_totals tot;
	const jx_score_item **ind_items; /* the scored item of each indicator, by index */
	/* Lookups by name in constant time (NULL when out of memory: the linear
	 * searches are used then), so that checks stay linear in the number of
	 * indicators and stated figures. */
	struct strtab *stated_tab;       /* stated figures by path (the first of each path) */
	uint32_t *stated_next;           /* next stated figure with the same path, + 1; 0 = none */
	struct strtab *ind_tab;          /* indicators by key (the first of each key), built once
					  * ck_sheet_ind() is used often */
	int ind_calls;
	struct strtab *item_tab;         /* scored items by path, built once ck_item() is used often */
	int item_calls;
	/* The scored items that are not an indicator's (a node's, a goal's, the
	 * total: some ten beside hundreds of indicators), by index, found the
	 * first time ck_item() looks for a node or a goal; n_others -1 before. */
	uint32_t *others;
	long n_others;
	/* The indicators of each slot, added up once: by the first indicator
	 * naming the slot (index), its count, whether one has no points yet, the
	 * sum of the points (in sheet order) and the template node of that name. */
	struct strtab *slot_tab;
	struct ck_slot_sum *slots;
	uint32_t *slot_first;            /* per indicator, the index of the first naming its slot */
	char nb[16][CK_NB];              /* ring of number buffers (ck_nbuf) */
	int ni;
} ck_ctx;

/* A rate as the exact ratio num ÷ den, with the two inputs it comes from. */
typedef struct {
	jx_dec a, b;     /* the inputs as entered */
	jx_dec num, den; /* rate = num ÷ den */
	int ok;          /* 1: den > 0 and both inputs present */
} ck_ratio;

/* --- checks.c: findings and messages ------------------------------------ */

/* Add a finding; its severity is the letter of the code.  The message is
 * fz (Chinese) or fe (English) as a printf format. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 6)))
#endif
void ck_add(ck_ctx *c, const char *code, const char *path, const char *fz, const char *fe, ...);
void ck_utf8_fix_tail(char *s);
void ck_clip(char *dst, size_t len, const char *src, size_t max);
/* Numbers for messages, each in the next buffer of the context's ring (16
 * of them, so up to 16 in one message): */
char *ck_nbuf(ck_ctx *c);
const char *ck_num(ck_ctx *c, jx_dec v);      /* "98.93", "6", "−100" */
const char *ck_num2(ck_ctx *c, jx_dec v);     /* "24.85" */
const char *ck_num_unit(ck_ctx *c, jx_dec v, const char *unit); /* "95%", "80家" */
const char *ck_src_note(ck_ctx *c, const jx_stated *st);       /* " (正文 四(一))" or "" */

/* A text field a template rule names (exec_reason_field, a length limit):
 * its text, malloc'd ("" when empty; NULL without memory), and its label
 * for messages (a node's note named by the node). */
char *ck_field_text(const ck_ctx *c, const char *path);
const char *ck_field_label(const ck_ctx *c, const char *path, char *buf, size_t len);

/* --- checks_index.c: the context's lookups ------------------------------ */

void ck_index_build(ck_ctx *c); /* c->t, s and ss set; what cannot be built stays NULL */
void ck_index_free(ck_ctx *c);
const char *ck_ind_name(const jx_indicator *d);          /* its name, else its key */
const char *ck_node_name(const jx_node *n);              /* in the UI language */
const jx_node *ck_tnode(const ck_ctx *c, const char *key); /* the template's node */
const jx_score_item *ck_item(ck_ctx *c, const char *fmt_prefix, const char *key); /* "node:"/"ind:" + key */
const jx_indicator *ck_sheet_ind(ck_ctx *c, const char *key);
const jx_score_item *ck_ind_item(ck_ctx *c, const jx_indicator *d);
/* "node:<key>:<col>" / "ind:<key>:<col>" split into key and column. */
int ck_split_stated(const char *path, const char *prefix, char *key, size_t klen, const char **col);
const jx_stated *ck_stated_for(const ck_ctx *c, const char *prefix, const char *key, const char *col);
/* for (k = first; k < n_stated; k = next): the stated "ind:<key>:score" of d */
size_t ck_ind_score_first(const ck_ctx *c, const jx_indicator *d);
size_t ck_ind_score_next(const ck_ctx *c, const jx_indicator *d, size_t k);
jx_dec ck_slot_points(const ck_ctx *c, const char *key, size_t *count, int *missing);
size_t ck_slot_count(const ck_ctx *c, const char *key);
const jx_node *ck_slot_node(ck_ctx *c, const char *slot); /* ck_tnode(slot), looked up once */
/* ck_slot_node(c, d->slot) for an indicator of the sheet, found by its
 * place rather than by its slot's name (the checks ask for every indicator) */
const jx_node *ck_ind_slot_node(ck_ctx *c, const jx_indicator *d);
jx_dec ck_sat_add(jx_dec a, jx_dec b); /* a + b held within ±JX_DEC_MAX */

/* --- shared by several checks ------------------------------------------- */

ck_ratio ck_exec_ratio(const ck_ctx *c);            /* checks_funds.c */
jx_dec ck_pct(ck_ratio r, int decimals);
int ck_ind_unmet(const jx_indicator *d, const jx_score_item *it); /* checks_targets.c */
int ck_ind_positive(const jx_indicator *d);
jx_dec ck_ind_completion_pct(const jx_indicator *d, int decimals);
int ck_blank(const char *s);                         /* checks_text.c */
int ck_says_none(const char *s);
int ck_starts_with(const char *s, const char *p);

/* --- the checks, in the order jx_check runs them (check_table) ---------- */

void ck_check_weights(ck_ctx *c);         /* checks_scores.c */
void ck_check_scores(ck_ctx *c);
void ck_check_grade(ck_ctx *c);
void ck_check_rates(ck_ctx *c);           /* checks_funds.c */
void ck_check_actuals(ck_ctx *c);         /* checks_targets.c */
void ck_check_targets(ck_ctx *c);
void ck_check_execution(ck_ctx *c);       /* checks_funds.c */
void ck_check_not_applicable(ck_ctx *c);
void ck_check_funds(ck_ctx *c);
void ck_check_problems_none(ck_ctx *c);   /* checks_text.c */
void ck_check_output_measures(ck_ctx *c);
void ck_check_other_projects(ck_ctx *c);
void ck_check_previous_year(ck_ctx *c);   /* checks_targets.c */
void ck_check_essentials(ck_ctx *c);      /* checks_text.c */
void ck_check_completeness(ck_ctx *c);    /* checks_complete.c */
void ck_check_lengths(ck_ctx *c);
void ck_check_declaration(ck_ctx *c);     /* checks_declaration.c */
void ck_check_goals(ck_ctx *c);           /* checks_goals.c */
void ck_check_monitoring(ck_ctx *c);      /* checks_monitoring.c */

#endif
