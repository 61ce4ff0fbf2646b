/* Range checks of a sheet read from the database (see store_int.h).
 *
 * What jixiao writes is validated on the way in, but the file can be
 * changed behind its back (the sqlite3 shell, a copy from elsewhere).  A
 * value no sheet file or field edit could give — a checklist item number of
 * 2,000,000,000, an amount past the largest decimal, a 100 MB name — is
 * refused when the sheet is loaded, naming the sheet and the field, so that
 * nothing downstream (an export that writes one line per item, say) runs
 * away on it. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

#include "field.h"
#include "fundtotal.h"
#include "num.h"

enum { ITEM_MAX = STORE_ITEM_MAX, BAND_MAX = STORE_BAND_MAX, TEMPLATE_VERSION_MAX = 1000000 };

#define RANGE_NONNEG(member, kind, ft, key, zh, en, flags) (((flags) & JX_NUM_NONNEG) != 0),
const unsigned char store_ind_nonneg[] = {JX_IND_COLUMNS(RANGE_NONNEG)};

typedef struct {
	const jx_sheet *s;
	jx_err *err;
} ranger;

/* field NULL: only -1, no message (the caller names the field then). */
static int refuse(ranger *r, const char *field, const char *value, const char *range)
{
	const char *name = r->s->info[JX_INFO_NAME];
	char shown[64];
	size_t n = name ? strlen(name) : 0;
	if (!field)
		return -1;
	/* the name itself may be what is out of range: shown cut short */
	if (n >= sizeof shown) {
		n = sizeof shown - 4;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
		snprintf(shown, sizeof shown, "%.*s…", (int)n, name);
		name = shown;
	}
	jx_err_set(r->err,
		   "数据库中评价表 %lld（%s）的 %s 为 %s，超出允许的范围（%s）：数据库可能被 jixiao 以外的程序改动过，"
		   "未读取该表",
		   "sheet %lld (%s) in the database has %s = %s, outside what is allowed (%s): the database may have "
		   "been changed by a program other than jixiao; the sheet was not read",
		   (long long)r->s->id, name && *name ? name : "-", field, value, range);
	return -1;
}

static int dec_ok(ranger *r, const char *field, jx_dec v, int nonneg)
{
	char buf[64];
	if (v == JX_NONE || (v <= JX_DEC_MAX && v >= (nonneg ? 0 : -JX_DEC_MAX)))
		return 0;
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return refuse(r, field, buf, nonneg ? L("0 至 999999999999.999999", "0 to 999999999999.999999")
					    : L("±999999999999.999999 以内", "within ±999999999999.999999"));
}

static int int_ok(ranger *r, const char *field, long long v, long long lo, long long hi)
{
	char buf[32], range[64];
	if (v >= lo && v <= hi)
		return 0;
	snprintf(buf, sizeof buf, "%lld", v);
	snprintf(range, sizeof range, "%lld–%lld", lo, hi);
	return refuse(r, field, buf, range);
}

static int text_ok(ranger *r, const char *field, const char *t)
{
	char buf[32];
	size_t n = t ? strlen(t) : 0;
	if (n <= JX_FIELD_MAX)
		return 0;
	snprintf(buf, sizeof buf, L("%zu 字节", "%zu bytes"), n);
	return refuse(r, field, buf, L("至多 65536 字节", "at most 65536 bytes"));
}

/* Column c of indicator d: 0 when in range, else -1, with the message
 * naming field f when f is not NULL. */
static int ind_col_ok(ranger *r, const jx_indicator *d, size_t c, const char *f)
{
	const char *p = (const char *)d + store_ind_map[c].off;
	switch (store_ind_map[c].kind) {
	case K_TEXT: return text_ok(r, f, *(char *const *)p);
	case K_DEC: return dec_ok(r, f, *(const jx_dec *)p, store_ind_nonneg[c]);
	case K_INT: return int_ok(r, f, *(const int *)p, 0, ITEM_MAX);
	case K_BAND: return int_ok(r, f, *(const int *)p, -1, BAND_MAX);
	case K_CMP: break; /* checked as it is read */
	}
	return 0;
}

/* Every column of every indicator: its field path is written out only for
 * the one out of range (formatting it for each of a sheet's thousands of
 * values took as long as reading them). */
static int check_inds(ranger *r)
{
	char f[320];
	for (size_t i = 0; i < r->s->n_inds; i++) {
		const jx_indicator *d = &r->s->inds[i];
		for (size_t c = 0; c < store_ind_ncols; c++) {
			if (ind_col_ok(r, d, c, NULL) == 0)
				continue;
			snprintf(f, sizeof f, "ind:%.200s:%s", d->key ? d->key : "", store_ind_map[c].col);
			return ind_col_ok(r, d, c, f);
		}
	}
	return 0;
}

/* FIELD(fmt, ...): the field path for a message when `named`, else NULL
 * (a quiet check: refuse says nothing).  The sheet's values are checked
 * quietly first and named only when one is refused: writing out every
 * field's path for every sheet loaded was about 28,000 instructions a
 * sheet, for messages almost never shown. */
#define FIELD(...) (named ? (snprintf(f, sizeof f, __VA_ARGS__), f) : NULL)

/* The sheet's own fields. */
static int check_head(ranger *r, int named)
{
	const jx_sheet *s = r->s;
	char f[320];
	if ((s->year != 0 && int_ok(r, FIELD("year"), s->year, 1900, 2999)) ||
	    int_ok(r, FIELD("template_version"), s->template_version, 0, TEMPLATE_VERSION_MAX) ||
	    dec_ok(r, FIELD("review:score"), s->review_score, 1) || text_ok(r, FIELD("review:opinion"), s->review_opinion) ||
	    text_ok(r, FIELD("review:result"), s->review_result))
		return -1;
	for (int i = 0; i < JX_FUND_TOTAL_COUNT; i++)
		if (dec_ok(r, FIELD("funds:total:%s", jx_fund_total_cols[i].key), jx_fund_total_get(&s->funds_total, i), 1))
			return -1;
	for (int i = 0; i < JX_INFO_COUNT; i++)
		if (text_ok(r, FIELD("info:%s", jx_info_labels[i].key), s->info[i]))
			return -1;
	for (int i = 0; i < JX_NARR_COUNT; i++)
		if (text_ok(r, FIELD("narr:%s", jx_narr_labels[i].key), s->narr[i]))
			return -1;
	return 0;
}

/* Its rows other than the indicators. */
static int check_rows(ranger *r, int named)
{
	const jx_sheet *s = r->s;
	char f[320];
	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *x = &s->funds[i];
		const jx_dec v[5] = {x->planned, x->budget, x->received, x->spent, x->forecast};
		static const char *const col[5] = {"planned", "budget", "received", "spent", "forecast"};
		for (int k = 0; k < 5; k++) {
			if (dec_ok(r, FIELD("fund:%.200s:%s", x->source ? x->source : "", col[k]), v[k], 1))
				return -1;
		}
		if (text_ok(r, FIELD("fund"), x->source))
			return -1;
	}
	for (size_t i = 0; i < s->n_subs; i++) {
		const char *sf = FIELD("sub:%zu", i);
		if (text_ok(r, sf, s->subs[i].name) || dec_ok(r, sf, s->subs[i].budget, 1) || dec_ok(r, sf, s->subs[i].spent, 1))
			return -1;
	}
	for (size_t i = 0; i < s->n_goals; i++) {
		const char *gf = FIELD("goal:%zu", i);
		if (text_ok(r, gf, s->goals[i].planned) || text_ok(r, gf, s->goals[i].actual))
			return -1;
	}
	for (size_t i = 0; i < s->n_basis; i++) {
		if (text_ok(r, FIELD("basis:%zu", i), s->basis[i]))
			return -1;
	}
	for (size_t i = 0; i < s->n_marks; i++) {
		/* the item number first: the field path would carry it */
		if (int_ok(r, FIELD("mark:%.200s", s->marks[i].node ? s->marks[i].node : ""), s->marks[i].item, 0,
			   ITEM_MAX))
			return -1;
		if (dec_ok(r, FIELD("mark:%.200s:%d", s->marks[i].node ? s->marks[i].node : "", s->marks[i].item),
			   s->marks[i].awarded, 1))
			return -1;
	}
	for (size_t i = 0; i < s->n_entries; i++) {
		const char *ef = FIELD("entry:%.200s", s->entries[i].node ? s->entries[i].node : "");
		if (dec_ok(r, ef, s->entries[i].score, 1) || text_ok(r, ef, s->entries[i].note))
			return -1;
	}
	for (size_t i = 0; i < s->n_measures; i++) {
		if (dec_ok(r, FIELD("measure:%.200s", s->measures[i].name ? s->measures[i].name : ""), s->measures[i].value,
			   0))
			return -1;
	}
	for (size_t i = 0; i < s->n_stated; i++) {
		const char *tf = FIELD("stated:%.200s", s->stated[i].path ? s->stated[i].path : "");
		if (dec_ok(r, tf, s->stated[i].value, 0) || text_ok(r, tf, s->stated[i].text) ||
		    text_ok(r, tf, s->stated[i].source))
			return -1;
	}
	return 0;
}

int store_check_ranges(const jx_sheet *s, int inds_checked, jx_err *err)
{
	ranger r = {s, err};
	/* in the order they were always checked: the first refused is said */
	if (check_head(&r, 0) < 0)
		return check_head(&r, 1);
	if (!inds_checked && check_inds(&r))
		return -1;
	return check_rows(&r, 0) < 0 ? check_rows(&r, 1) : 0;
}
