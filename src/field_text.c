/* One-line text of a whole sheet (see field.h): what a sheet file or bundle
 * brings is held to the rule a typed value meets (field.c), so that a name
 * carrying U+202E (which shows "exe.jpg" for "gpj.exe") or a line separator
 * never reaches the database from another machine. */
#include "field.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "textwidth.h"

/* The first character of s that jx_reorders_line refuses, or 0. */
static uint32_t first_reordering(const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0, adv;
	while (i < n) {
		int32_t cp = jx_utf8_decode(s + i, n - i, &adv);
		if (cp >= 0 && jx_reorders_line((uint32_t)cp))
			return (uint32_t)cp;
		i += adv ? adv : 1;
	}
	return 0;
}

static int refuse(const jx_sheet *s, const char *path, uint32_t cp, jx_err *err)
{
	char label[256];
	if (strncmp(path, "fund:", 5) == 0)
		snprintf(label, sizeof label, "%s", L("资金来源", "fund source"));
	else
		jx_field_label(s, path, label, sizeof label);
	jx_err_set(err, "“%s”（%s）只能填写一行文字，不能含有改变文字方向或分行的控制符 U+%04X",
		   "\"%s\" (%s) takes one line of text, without the control character U+%04X that changes the text's "
		   "direction or breaks the line",
		   label, path, (unsigned)cp);
	return -1;
}

/* text at path, when path is a one-line field */
static int check(const jx_sheet *s, const char *path, const char *text, jx_err *err)
{
	uint32_t cp;
	if (!text || jx_field_type_of(path) == JX_FT_LONGTEXT || !(cp = first_reordering(text)))
		return 0;
	return refuse(s, path, cp, err);
}

/* field paths name an indicator's columns by their member names */
#define ONELINE_IND_COL(member, kind, ...) {#member, offsetof(jx_indicator, member), JX_IND_KIND_##kind},
enum { JX_IND_KIND_TEXT = 1, JX_IND_KIND_DEC = 0, JX_IND_KIND_CMP = 0, JX_IND_KIND_BAND = 0 };
static const struct {
	const char *key;
	size_t off;
	int text;
} ind_cols[] = {JX_IND_COLUMNS(ONELINE_IND_COL)};

int jx_sheet_oneline_check(const jx_sheet *s, jx_err *err)
{
	char path[400];
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		snprintf(path, sizeof path, "info:%s", jx_info_labels[i].key);
		if (check(s, path, s->info[i], err))
			return -1;
	}
	for (size_t i = 0; i < s->n_basis; i++) {
		snprintf(path, sizeof path, "basis:%zu", i);
		if (check(s, path, s->basis[i], err))
			return -1;
	}
	for (size_t i = 0; i < s->n_funds; i++) {
		uint32_t cp = first_reordering(s->funds[i].source);
		if (cp) {
			snprintf(path, sizeof path, "fund:%zu", i + 1);
			return refuse(s, path, cp, err);
		}
	}
	for (size_t i = 0; i < s->n_subs; i++) {
		snprintf(path, sizeof path, "sub:%zu:name", i);
		if (check(s, path, s->subs[i].name, err))
			return -1;
	}
	for (size_t i = 0; i < s->n_inds; i++)
		for (size_t c = 0; c < sizeof ind_cols / sizeof ind_cols[0]; c++) {
			const char *key = s->inds[i].key ? s->inds[i].key : "";
			if (!ind_cols[c].text)
				continue;
			snprintf(path, sizeof path, "ind:%.300s:%s", key, ind_cols[c].key);
			if (check(s, path, *(char *const *)((const char *)&s->inds[i] + ind_cols[c].off), err))
				return -1;
		}
	snprintf(path, sizeof path, "review:result");
	return check(s, path, s->review_result, err);
}
