/* Comments on fields (comment.h): the fold of a sheet's comment rows into
 * comments, and the checks of a place and a text. */
#include "comment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "strutil.h"

#define PREFIX "comment:"
#define PREFIX_LEN (sizeof PREFIX - 1)

int jx_comment_field(const char *field)
{
	return field && strncmp(field, PREFIX, PREFIX_LEN) == 0;
}

/* "comment:<cid>[:<what>]" -> cid (cid_len bytes) and what ("" for the
 * comment itself); -1 when the field is not that. */
static int split_field(const char *field, const char **cid, size_t *cid_len, const char **what)
{
	const char *c, *colon;
	if (!jx_comment_field(field))
		return -1;
	c = field + PREFIX_LEN;
	colon = strchr(c, ':');
	*cid = c;
	*cid_len = colon ? (size_t)(colon - c) : strlen(c);
	*what = colon ? colon + 1 : "";
	return *cid_len > 0 && *cid_len < sizeof((jx_comment *)0)->cid ? 0 : -1;
}

static void note_clear(jx_comment_note *n)
{
	free(n->text);
	free(n->at);
	free(n->user);
	free(n->origin);
	free(n->gid);
	memset(n, 0, sizeof *n);
}

static char *dup0(const char *s)
{
	return jx_strdup(s ? s : "");
}

static int note_set(jx_comment_note *n, const jx_audit_row *r)
{
	note_clear(n);
	n->text = dup0(r->new_value);
	n->at = dup0(r->at);
	n->user = dup0(r->user);
	n->origin = dup0(r->origin);
	n->gid = dup0(r->gid);
	return n->text && n->at && n->user && n->origin && n->gid ? 0 : -1;
}

void jx_comments_free(jx_comments *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		jx_comment *k = &c->v[i];
		free(k->place);
		note_clear(&k->note);
		note_clear(&k->status);
		for (size_t j = 0; j < k->n_answers; j++)
			note_clear(&k->answers[j]);
		free(k->answers);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

size_t jx_comments_open(const jx_comments *c)
{
	size_t n = 0;
	for (size_t i = 0; c && i < c->n; i++)
		n += !c->v[i].resolved;
	return n;
}

/* Global ids "<database>:<number>" in order: by database, then by number
 * (so that row 10 of a database follows its row 9). */
static int cmp_gid(const char *a, const char *b)
{
	const char *ca = strchr(a, ':'), *cb = strchr(b, ':');
	size_t la, lb;
	int c;
	if (!ca || !cb || ca - a != cb - b || strncmp(a, b, (size_t)(ca - a)) != 0)
		return strcmp(a, b);
	la = strlen(ca);
	lb = strlen(cb);
	if (la != lb)
		return la < lb ? -1 : 1;
	c = strcmp(ca, cb);
	return c;
}

/* The order every machine folds in: time, then global id. */
static int cmp_rows(const void *a, const void *b)
{
	const jx_audit_row *x = *(const jx_audit_row *const *)a, *y = *(const jx_audit_row *const *)b;
	int c = strcmp(jx_nz(x->at), jx_nz(y->at));
	return c ? c : cmp_gid(jx_nz(x->gid), jx_nz(y->gid));
}

static jx_comment *find_cid(jx_comments *c, const char *cid, size_t len)
{
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->v[i].cid) == len && memcmp(c->v[i].cid, cid, len) == 0)
			return &c->v[i];
	return NULL;
}

/* One row of a comment already made: an answer or a status. */
static int apply_row(jx_comment *k, const char *what, const jx_audit_row *r)
{
	if (strcmp(what, "answer") == 0) {
		jx_comment_note *p = realloc(k->answers, (k->n_answers + 1) * sizeof *p);
		if (!p)
			return -1;
		k->answers = p;
		memset(&p[k->n_answers], 0, sizeof *p);
		if (note_set(&p[k->n_answers++], r))
			return -1;
	} else if (strcmp(what, "status") == 0) {
		k->resolved = jx_texteq(r->new_value, "resolved");
		if (note_set(&k->status, r))
			return -1;
	}
	/* a row of a kind a later version may write is skipped */
	return 0;
}

/* The rows that make comments (pass 0) or change them (pass 1). */
static int fold_pass(const jx_audit_row **v, size_t nv, int pass, jx_comments *out)
{
	for (size_t i = 0; i < nv; i++) {
		const char *cid, *what;
		size_t len;
		jx_comment *k;
		if (split_field(v[i]->field, &cid, &len, &what) || (pass == 0) != (*what == 0))
			continue;
		k = find_cid(out, cid, len);
		if (pass == 1) {
			if (k && apply_row(k, what, v[i]))
				return -1;
			continue;
		}
		if (k)
			continue; /* the same comment twice: the first stands */
		{
			jx_comment *p = realloc(out->v, (out->n + 1) * sizeof *p);
			if (!p)
				return -1;
			out->v = p;
			k = &p[out->n++];
			memset(k, 0, sizeof *k);
			memcpy(k->cid, cid, len);
			k->cid[len] = 0;
			if (!(k->place = dup0(v[i]->old_value)) || note_set(&k->note, v[i]))
				return -1;
		}
	}
	return 0;
}

int jx_comments_fold(const jx_audit_row *rows, size_t n, jx_comments *out, jx_err *err)
{
	const jx_audit_row **v = malloc((n ? n : 1) * sizeof *v);
	size_t nv = 0;
	memset(out, 0, sizeof *out);
	if (!v)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if (jx_comment_field(rows[i].field))
			v[nv++] = &rows[i];
	qsort(v, nv, sizeof *v, cmp_rows);
	if (fold_pass(v, nv, 0, out) || fold_pass(v, nv, 1, out))
		goto oom;
	free(v);
	return 0;
oom:
	free(v);
	jx_comments_free(out);
	jx_err_set(err, "内存不足", "out of memory");
	return -1;
}

/* a begins with b and then ':' */
static int under(const char *a, const char *b)
{
	size_t n = strlen(b);
	return n > 0 && strncmp(a, b, n) == 0 && a[n] == ':';
}

int jx_comment_touches(const char *place, const char *path)
{
	if (!place || !path || !*place || !*path)
		return 0;
	return strcmp(place, path) == 0 || under(path, place) || under(place, path);
}

/* A whole row a place names: "ind:<key>" or "fund:<source>" (no further ':'). */
static int whole_row(const char *place, const char *prefix, const char **name)
{
	size_t n = strlen(prefix);
	if (strncmp(place, prefix, n) != 0 || !place[n] || strchr(place + n, ':'))
		return 0;
	*name = place + n;
	return 1;
}

int jx_comment_place_check(const jx_sheet *s, const char *place, jx_err *err)
{
	jx_field_path fp;
	const char *name;
	char *buf;
	jx_err scratch;
	int got;
	if (whole_row(place, "ind:", &name)) {
		for (size_t i = 0; i < s->n_inds; i++)
			if (jx_texteq(s->inds[i].key, name))
				return 0;
		jx_err_set(err, "评价表中没有编号为“%s”的指标", "the sheet has no indicator with the key \"%s\"", name);
		return -1;
	}
	if (whole_row(place, "fund:", &name)) {
		for (size_t i = 0; i < s->n_funds; i++)
			if (jx_texteq(s->funds[i].source, name))
				return 0;
		jx_err_set(err, "评价表中没有资金来源“%s”", "the sheet has no fund source \"%s\"", name);
		return -1;
	}
	/* a field the sheet has: its value can be read */
	if (jx_field_path_parse(place, &fp) == 0) {
		if (!(buf = malloc(JX_FIELD_MAX + 1))) {
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		got = jx_field_get(s, place, buf, JX_FIELD_MAX + 1, &scratch);
		free(buf);
		if (got == 0)
			return 0;
	}
	jx_err_set(err,
		   "无法批注“%s”：应为评价表中有的字段（如 info:name、fund:当年财政拨款:spent、ind:i3:actual、"
		   "narr:problems）、整条指标 ind:编号 或整行资金来源 fund:来源",
		   "cannot comment on \"%s\": give a field the sheet has (e.g. info:name, fund:当年财政拨款:spent, "
		   "ind:i3:actual, narr:problems), a whole indicator ind:KEY or a whole fund row fund:SOURCE",
		   place);
	return -1;
}

int jx_comment_text_check(const char *text, char **out, jx_err *err)
{
	size_t chars = 0;
	*out = NULL;
	if (jx_field_clean_text(text, 0, out, err))
		return -1;
	if (!*out) {
		jx_err_set(err, "批注的内容不能为空", "a comment needs some text");
		return -1;
	}
	for (const char *p = *out; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (chars > JX_COMMENT_MAX) {
		jx_err_set(err, "批注太长：%zu 个字，最多 %d 个字", "comment too long: %zu characters, at most %d", chars,
			   JX_COMMENT_MAX);
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void jx_comment_place_label(const jx_sheet *s, const char *place, char *buf, size_t len)
{
	const char *name;
	if (whole_row(place, "fund:", &name))
		snprintf(buf, len, L("资金来源“%s”（整行）", "fund source \"%s\" (whole row)"), name);
	else if (whole_row(place, "ind:", &name) && s) {
		char t[200];
		jx_field_label(s, place, t, sizeof t);
		snprintf(buf, len, L("%s（整条指标）", "%s (whole indicator)"), t);
	} else if (s)
		jx_field_label(s, place, buf, len);
	else
		snprintf(buf, len, "%s", place);
}
