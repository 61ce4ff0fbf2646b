/* Comments on fields (app_comment.h): checked, written and numbered here
 * for both front ends. */
#include "app_comment.h"

#include <stdlib.h>
#include <string.h>

#include "strutil.h"

int jx_app_comments(jx_store *st, int64_t id, jx_comments *out, jx_err *err)
{
	return jx_store_comments(st, id, out, err);
}

const char *jx_comment_status_label(int resolved)
{
	return resolved ? L("已解决", "resolved") : L("未解决", "open");
}

size_t jx_comments_open_count(jx_store *st, int64_t id)
{
	jx_comments c;
	jx_err err;
	size_t n;
	if (jx_store_comments(st, id, &c, &err))
		return 0;
	n = jx_comments_open(&c);
	jx_comments_free(&c);
	return n;
}

int jx_app_comment_add(jx_store *st, jx_sheet *s, const char *place, const char *text, const char *user,
		       size_t *number, jx_err *err)
{
	char *clean = NULL, cid[40];
	jx_comments c;
	int rc;
	if (jx_comment_place_check(s, jx_nz(place), err) || jx_comment_text_check(text, &clean, err))
		return -2;
	rc = jx_store_comment_row(st, s, NULL, NULL, place, clean, user, cid, err);
	free(clean);
	if (rc)
		return -1;
	if (number) {
		*number = 0;
		if (jx_store_comments(st, s->id, &c, err))
			return -1;
		for (size_t i = 0; i < c.n; i++)
			if (strcmp(c.v[i].cid, cid) == 0)
				*number = i + 1;
		jx_comments_free(&c);
	}
	return 0;
}

/* Comment number of sheet s into c (the whole list loaded), *k its entry;
 * -2 when there is none. */
static int find_number(jx_store *st, const jx_sheet *s, size_t number, jx_comments *c, jx_comment **k, jx_err *err)
{
	if (jx_store_comments(st, s->id, c, err))
		return -1;
	if (number < 1 || number > c->n) {
		if (c->n == 0)
			jx_err_set(err, "评价表 %lld 没有批注", "sheet %lld has no comments", (long long)s->id);
		else
			jx_err_set(err, "评价表 %lld 没有第 %zu 条批注（共 %zu 条）", "sheet %lld has no comment %zu (%zu in all)",
				   (long long)s->id, number, c->n);
		jx_comments_free(c);
		return -2;
	}
	*k = &c->v[number - 1];
	return 0;
}

int jx_app_comment_answer(jx_store *st, jx_sheet *s, size_t number, const char *text, const char *user, jx_err *err)
{
	jx_comments c;
	jx_comment *k;
	char *clean = NULL;
	int rc;
	if (jx_comment_text_check(text, &clean, err))
		return -2;
	if ((rc = find_number(st, s, number, &c, &k, err)) == 0)
		rc = jx_store_comment_row(st, s, k->cid, "answer", NULL, clean, user, NULL, err) ? -1 : 0;
	if (rc != -2)
		jx_comments_free(&c);
	free(clean);
	return rc;
}

int jx_app_comment_resolve(jx_store *st, jx_sheet *s, size_t number, int resolved, const char *user, jx_err *err)
{
	jx_comments c;
	jx_comment *k;
	int rc = find_number(st, s, number, &c, &k, err);
	if (rc)
		return rc;
	if (k->resolved == !!resolved) {
		if (resolved)
			jx_err_set(err, "第 %zu 条批注已经解决", "comment %zu is already resolved", number);
		else
			jx_err_set(err, "第 %zu 条批注尚未解决，无需重新打开", "comment %zu is open already", number);
		rc = -2;
	} else if (jx_store_comment_row(st, s, k->cid, "status", k->resolved ? "resolved" : "open",
					resolved ? "resolved" : "open", user, NULL, err)) {
		rc = -1;
	}
	jx_comments_free(&c);
	return rc;
}
