/* A test sheet whose first indicator has every column of JX_IND_COLUMNS
 * set, each to a value of its own, and whose second has nothing but the
 * slot a sheet file requires: for the tests that every column goes through the file format, the
 * field paths and the digest.  A column added to model.h is to be given a
 * value here. */
#ifndef JX_TEST_EVERY_COLUMN_H
#define JX_TEST_EVERY_COLUMN_H

#include "model.h"

/* A sheet whose indicator has every column set, to distinct values. */
static jx_sheet *every_column_sheet(void)
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

/* Its digest, as the code before JX_IND_COLUMNS computed it: the digest of
 * a finalised sheet must never change. */
#define EVERY_COLUMN_DIGEST "c06edc447a357606f6eae0fb1342f8412d323bb3acc27b50a0e691646dec4412"

#endif
