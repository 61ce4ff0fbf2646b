/* Targets and actuals typed the way published tables print them:
 *
 *   ≥95%   ≤90万元   >=20家   =100%   2 起以下   不低于85%
 *   2023年6月前   2023年6月底前完成   按时完成   37.24万元
 *
 * read into what an indicator keeps apart (model.h): the comparator, the
 * number, the unit, a deadline's date or a qualitative target's text; and
 * turned into the field changes (field.h paths) that put them into an
 * indicator, with a line saying what was understood ("≥ 95 %").  The
 * workstation commits those changes as one; see share/rules.md §2.5. */
#ifndef JX_TARGET_H
#define JX_TARGET_H

#include <stddef.h>

#include "dec.h"
#include "err.h"
#include "model.h"

typedef enum {
	JX_TGT_EMPTY,    /* nothing but blanks */
	JX_TGT_NUMBER,   /* a number, with a comparator and a unit when written */
	JX_TGT_DEADLINE, /* a date, with 前 / 之前 / 以前 / 完成 after it or not */
	JX_TGT_QUAL,     /* text that is neither: a qualitative target */
} jx_target_kind;

typedef struct {
	jx_target_kind kind;
	jx_cmp cmp;    /* the comparator written (JX_CMP_NONE: none); 定性 / 时限 for those kinds */
	jx_dec value;  /* NUMBER: the number */
	char unit[48]; /* NUMBER: the unit after the number ("" when none; ％ read as %) */
	char date[16]; /* DEADLINE: YYYY-MM-DD; a month alone is its last day */
} jx_target;

/* Read text.  0 with *out filled, or -1 with the reason in err: a
 * comparator sign with no number after it (≥, ≥abc), a number that cannot
 * be read (≥1,2), two comparators that disagree (≥95%以下), a date that
 * does not exist (2023年13月前), a comparator other than ≤ or < before a
 * date.  A comparator written as words (不低于, 不超过 …) and followed by
 * no number is a qualitative target (不低于上年水平). */
int jx_target_parse(const char *text, jx_target *out, jx_err *err);

/* What was understood, in the user's language: "≥ 95 %", "时限 2023-06-30",
 * "定性「按时完成」" (text: what was typed, shown for a qualitative target). */
void jx_target_describe(const jx_target *t, const char *text, char *buf, size_t len);

/* Field changes to commit, in order (the comparator first: what the target
 * means depends on it).  Values point into the typed text, into `store` or
 * at constant strings; they live as long as the struct and the text. */
#define JX_FIELD_CHANGES_MAX 4
typedef struct {
	size_t n;
	char path[JX_FIELD_CHANGES_MAX][160];
	const char *value[JX_FIELD_CHANGES_MAX];
	char store[JX_FIELD_CHANGES_MAX][64];
	char said[320]; /* what was understood ("" when the text was taken as it is) */
} jx_field_changes;

/* The changes that put a target typed into indicator d's target cell: a
 * comparator, number, unit, deadline or qualitative text sets them together
 * (the target text keeps what was typed); a plain number sets only the
 * number, and on a qualitative or deadline indicator the text as before.
 * -1 with err when jx_target_parse refuses the text. */
int jx_target_changes(const jx_indicator *d, const char *text, jx_field_changes *out, jx_err *err);

/* The changes for an actual typed into d's actual cell: a number, with the
 * indicator's own unit or none ("37.24万元", "98%", "37.24"); a unit when the
 * indicator has none yet sets it too.  Another unit, or a comparator, is
 * refused with err naming the unit expected.  Anything else (text on a
 * qualitative or deadline indicator, a number that cannot be read) is
 * handed to the field as it is, which says what is wrong with it. */
int jx_actual_changes(const jx_indicator *d, const char *text, jx_field_changes *out, jx_err *err);

#endif
