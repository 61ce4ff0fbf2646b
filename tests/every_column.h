/* A test sheet whose first indicator has every column of JX_IND_COLUMNS
 * set, each to a value of its own, and whose second has nothing but the
 * slot a sheet file requires: for the tests that every column goes through
 * the file format, the field paths and the digest.  A column added to
 * model.h gets a value of its kind by itself (every_column_sheet). */
#ifndef JX_TEST_EVERY_COLUMN_H
#define JX_TEST_EVERY_COLUMN_H

#include "model.h"

/* The columns of "jixiao sheet digest 1" set, to distinct values. */
static jx_sheet *digest1_sheet(void)
{
	jx_sheet *s = jx_sheet_new();
	jx_indicator *d, *e;
	s->uid = jx_strdup("every-column");
	s->template_id = jx_strdup("project-self-2020");
	s->template_version = 1;
	s->year = 2024;
	s->status = jx_strdup("final");
	d = jx_sheet_add_ind(s, "i1");
	d->slot = jx_strdup("output.quantity");
	d->name = jx_strdup("评审项目数量");
	d->subproject = jx_strdup("子项目甲");
	d->cmp = JX_CMP_GE;
	d->target = 20 * JX_SCALE;
	d->target_text = jx_strdup("≥20家");
	d->unit = jx_strdup("家");
	d->actual = 18 * JX_SCALE + 500000;
	d->actual_text = jx_strdup("18.5家");
	d->points = 10 * JX_SCALE;
	d->band = 2;
	d->score_entered = 7 * JX_SCALE + 250000;
	d->score_stated = -1 * JX_SCALE;
	d->override_score = 8 * JX_SCALE;
	d->override_reason = jx_strdup("调整理由\n第二行");
	d->deduction = 500000;
	d->deduction_reason = jx_strdup("扣分原因");
	d->deviation_reason = jx_strdup("偏差原因");
	e = jx_sheet_add_ind(s, "i2"); /* nothing set but the slot a file needs */
	e->slot = jx_strdup("output.quality");
	return s;
}

/* Columns added since, set to a value of their kind. */
#define FILL_TEXT(v, member) ((v) = (v) ? (v) : jx_strdup(#member))
#define FILL_DEC(v, member) ((v) = (v) != JX_NONE ? (v) : JX_SCALE + JX_SCALE / 2)
#define FILL_CMP(v, member) ((v) = (v) != JX_CMP_NONE ? (v) : JX_CMP_GE)
#define FILL_BAND(v, member) ((v) = (v) >= 0 ? (v) : 0)
#define FILL(member, kind, ...) FILL_##kind(d->member, member);

static jx_sheet *every_column_sheet(void)
{
	jx_sheet *s = digest1_sheet();
	jx_indicator *d = &s->inds[0];
	d->goal = 2 * JX_SCALE; /* 年度绩效目标2: a goal's number is whole, not FILL_DEC's 1.5 */
	JX_IND_COLUMNS(FILL)
	return s;
}

/* The digest of digest1_sheet() as the code before JX_IND_COLUMNS computed
 * it: the digest of a finalised sheet must never change, not even when a
 * column is added. */
#define DIGEST1_SHEET_DIGEST "c06edc447a357606f6eae0fb1342f8412d323bb3acc27b50a0e691646dec4412"

#endif
