/* Field paths: one name for every value a user can change in a sheet.
 * Used by the store (UPDATE + audit row), the screens (commit a field),
 * the checks (the field a finding points to) and history.
 *
 *   year | status
 *   info:<key>                  project info (model.h JX_INFO_FIELDS)
 *   narr:<key>                  narrative (JX_NARR_FIELDS)
 *   basis:<i>                   立项依据 document i (0-based)
 *   fund:<source>:<col>         col = planned | budget | received | spent | source | forecast
 *   funds:total:<col>           the total row as printed: col = planned | budget |
 *                               received | spent | rate | score (fundtotal.h)
 *   sub:<i>:<col>               col = name | budget | spent
 *   goal:<i>:<col>              col = planned | actual
 *   ind:<key>:<col>             col = name | slot | subproject | cmp | target |
 *                               target_text | unit | actual | actual_text |
 *                               points | band | score_entered | score_stated |
 *                               override_score | override_reason | deduction |
 *                               deduction_reason | deviation_reason
 *   mark:<node>:<item>          checklist mark (points awarded)
 *   entry:<node>:score | entry:<node>:note
 *   measure:<name>
 *   review:score | review:opinion | review:result
 */
#ifndef JX_FIELD_H
#define JX_FIELD_H

#include <stddef.h>
#include "err.h"
#include "model.h"
#include "template.h"

typedef enum {
	JX_FT_TEXT, JX_FT_LONGTEXT, JX_FT_NUMBER, JX_FT_MONEY, JX_FT_POINTS, JX_FT_CMP, JX_FT_BAND,
	JX_FT_YEAR, JX_FT_CHOICE, JX_FT_DATE,
} jx_field_type;

/* A field path taken apart: the one parser of the grammar above, whose
 * parsed form the store uses to find the row and column to write. */
typedef enum {
	JX_FP_YEAR, JX_FP_STATUS, JX_FP_INFO, JX_FP_NARR, JX_FP_BASIS, JX_FP_FUND, JX_FP_SUB, JX_FP_GOAL, JX_FP_IND,
	JX_FP_MARK, JX_FP_ENTRY, JX_FP_MEASURE, JX_FP_REVIEW, JX_FP_FUND_TOTAL,
} jx_field_family;
typedef struct {
	jx_field_family fam; /* the path's first word (year and status have their own) */
	int idx;             /* info/narr index, basis/sub/goal row index, mark item */
	int col;             /* column within the family (field.c's table of it) */
	const char *column;  /* the column's word ("actual", "score", …: the end of
			      * the path); NULL for year, status, info, narr,
			      * basis, mark and measure */
	const char *name;    /* fund source, indicator key, node or measure name:
			      * name_len bytes of the path, not NUL-terminated */
	size_t name_len;
} jx_field_path;
/* 0 with *out filled (pointing into path), or -1 when path is not a field. */
int jx_field_path_parse(const char *path, jx_field_path *out);

/* The i-th column word of a family with columns (fund, funds:total, sub,
 * goal, ind, entry, review), in field.c's order; NULL past the last or
 * for a family without columns. */
const char *jx_field_column_word(jx_field_family fam, int i);

/* The value of a parsed path as jx_field_get gives it, without copying
 * (for the export of every field): *v points into the sheet or into num.
 * 0, or -1 when the sheet has no such row. */
int jx_field_value(const jx_sheet *s, const jx_field_path *fp, const char **v, char num[32]);

/* Current value as the text a user would type back ("" when empty).
 * Returns 0, or -1 for an unknown path (message in err). */
int jx_field_get(const jx_sheet *s, const char *path, char *buf, size_t len, jx_err *err);

/* Validate text and store it in the sheet.  On error nothing changes and err
 * says why, in the user's language (e.g. a qualitative score outside its
 * band, "-5" for money, "1,2").  t may be NULL (no template checks). */
int jx_field_set(jx_sheet *s, const jx_template *t, const char *path, const char *text, jx_err *err);

/* Typed text checked and normalised as a text field's (long text keeps its
 * line breaks; one line refuses them and the characters that reorder a
 * line, and is trimmed): 0 with *out malloc'd (NULL for empty), or -1. */
int jx_field_clean_text(const char *in, int longtext, char **out, jx_err *err);

/* Type and label ("项目名称", "评审项目总数量 · 实际完成值") of a path. */
jx_field_type jx_field_type_of(const char *path);
/* Every one-line text field of s (names, units, fund sources, indicator
 * texts …) is free of the characters that reorder or break a line
 * (textwidth.h's jx_reorders_line): 0, or -1 naming the field (field_text.c). */
int jx_sheet_oneline_check(const jx_sheet *s, jx_err *err);
void jx_field_label(const jx_sheet *s, const char *path, char *buf, size_t len);
/* Text as a one-line field keeps it (no line breaks, control or
 * direction characters; blanks at the ends trimmed): 0 with *out
 * (malloc'd, NULL when empty), or -1 (err). */
int jx_field_clean_line(const char *in, char **out, jx_err *err);

/* Longest text accepted in any field, in bytes. */
#define JX_FIELD_MAX 65536

#endif
