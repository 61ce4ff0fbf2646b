/* Values typed as published tables print them (≥95%, ≤90万元, 37.24万元),
 * read into the fields behind them and written together: one reading and
 * one transaction for both front ends (`jixiao set`, the workstation's
 * target and actual cells).  See app.h and src/target.h. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "field.h"

jx_typed_kind jx_app_typed_kind(const char *path)
{
	jx_field_path fp;
	if (jx_field_path_parse(path, &fp) || fp.fam != JX_FP_IND || !fp.column)
		return JX_TYPED_FIELD;
	if (strcmp(fp.column, "target") == 0 || strcmp(fp.column, "cmp") == 0)
		return JX_TYPED_TARGET;
	if (strcmp(fp.column, "actual") == 0)
		return JX_TYPED_ACTUAL;
	return JX_TYPED_FIELD;
}

/* The indicator a field path names (NULL: none, or not an indicator's). */
static const jx_indicator *path_indicator(const jx_sheet *s, const char *path)
{
	jx_field_path fp;
	if (!s || jx_field_path_parse(path, &fp) || fp.fam != JX_FP_IND)
		return NULL;
	for (size_t i = 0; i < s->n_inds; i++) {
		const char *k = s->inds[i].key;
		if (k && strlen(k) == fp.name_len && memcmp(k, fp.name, fp.name_len) == 0)
			return &s->inds[i];
	}
	return NULL;
}

/* A comparator alone (or nothing) typed into an indicator's comparator
 * cell: the cell's own value; anything more there is a whole target. */
static int is_comparator(const char *path, const char *text)
{
	size_t n = strlen(path);
	char buf[64];
	jx_cmp c;
	if (n < 4 || strcmp(path + n - 4, ":cmp") != 0)
		return 0;
	while (*text == ' ')
		text++;
	snprintf(buf, sizeof buf, "%s", text);
	for (n = strlen(buf); n > 0 && buf[n - 1] == ' '; n--)
		buf[n - 1] = '\0';
	return jx_cmp_parse(buf, &c) == 0;
}

int jx_app_typed_changes(const jx_sheet *s, const char *path, const char *text, jx_typed_kind kind, jx_field_changes *c,
			 jx_err *err)
{
	const jx_indicator *d = kind == JX_TYPED_FIELD ? NULL : path_indicator(s, path);
	if (!d || is_comparator(path, text)) {
		memset(c, 0, sizeof *c);
		c->n = 1;
		snprintf(c->path[0], sizeof c->path[0], "%s", path);
		c->value[0] = text;
		return 0;
	}
	return kind == JX_TYPED_ACTUAL ? jx_actual_changes(d, text, c, err) : jx_target_changes(d, text, c, err);
}

int jx_app_set_changes(jx_store *st, jx_sheet *s, const jx_template *t, const jx_field_changes *c, const char *user,
		       jx_err *err)
{
	if (c->n == 1)
		return jx_store_set_field(st, s, t, c->path[0], c->value[0], user, err);
	if (jx_store_begin(st, err) < 0)
		return -1;
	for (size_t i = 0; i < c->n; i++)
		if (jx_store_set_field(st, s, t, c->path[i], c->value[i], user, err) < 0) {
			jx_store_rollback(st);
			return -1;
		}
	if (jx_store_commit(st, err) < 0) {
		jx_store_rollback(st);
		return -1;
	}
	return 0;
}
