/* Replaying a sheet's history (replay.h).
 *
 * The rows are applied to a copy with the same setters the workstation and
 * the command line use (field.h), so a value reads back as it was typed.
 * No value is checked against the row's old value: the question is only
 * whether the rows lead to the content that arrived.
 */
#include "replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "strutil.h"

enum { ROW_NO = 0, ROW_DONE = 1, ROW_WHOLE = 2, ROW_OOM = -1 };

static int writes_whole(const char *field)
{
	return jx_texteq(field, "sheet:create") || jx_texteq(field, "sheet:replace") || jx_texteq(field, "sheet:resolve");
}

/* Set path to text: with the template's checks, or (a value the template
 * refuses at this point of the history, e.g. a score before its band)
 * without them. */
static int set_path(jx_sheet *s, const jx_template *t, const char *path, const char *text)
{
	jx_err e = {{0}};
	if (t && jx_field_set(s, t, path, jx_nz(text), &e) == 0)
		return ROW_DONE;
	return jx_field_set(s, NULL, path, jx_nz(text), &e) == 0 ? ROW_DONE : ROW_NO;
}

/* The next "col=value" of a row summary "col=value; col=value" (store_rows.c
 * writes it): a value may hold "; " itself, so a part ends only where
 * "; <column>=" follows.  *p moves past it; 0 at the end. */
static int next_part(const char **p, char *col, size_t col_len, char **value)
{
	const char *s = *p, *eq, *end;
	if (!*s)
		return 0;
	eq = strchr(s, '=');
	if (!eq || (size_t)(eq - s) >= col_len)
		return -1;
	memcpy(col, s, (size_t)(eq - s));
	col[eq - s] = 0;
	for (end = strstr(eq + 1, "; "); end; end = strstr(end + 2, "; ")) {
		size_t k = strspn(end + 2, "abcdefghijklmnopqrstuvwxyz_");
		if (k > 0 && end[2 + k] == '=')
			break;
	}
	if (!end)
		end = eq + 1 + strlen(eq + 1);
	*value = malloc((size_t)(end - eq));
	if (!*value)
		return -1;
	memcpy(*value, eq + 1, (size_t)(end - eq - 1));
	(*value)[end - eq - 1] = 0;
	*p = *end ? end + 2 : end;
	return 1;
}

/* Every "col=value" of summary set as "<base>:<col>" (skip: a column the
 * path already gave, the fund's source). */
static int set_summary(jx_sheet *s, const jx_template *t, const char *base, const char *summary, const char *skip)
{
	const char *p = jx_nz(summary);
	char col[64], path[400], *v = NULL;
	int rc;
	while ((rc = next_part(&p, col, sizeof col, &v)) > 0) {
		int ok = ROW_DONE;
		snprintf(path, sizeof path, "%s:%s", base, col);
		if (!skip || strcmp(col, skip) != 0)
			ok = set_path(s, t, path, v);
		free(v);
		v = NULL;
		if (ok != ROW_DONE)
			return ROW_NO;
	}
	return rc < 0 ? ROW_NO : ROW_DONE;
}

/* Move the last of the n elements (of size sz) of v to position at. */
static void move_last_to(void *v, size_t n, size_t sz, size_t at)
{
	char tmp[sizeof(jx_indicator) > sizeof(jx_fund) ? sizeof(jx_indicator) : sizeof(jx_fund)];
	char *p = v;
	if (at >= n - 1 || sz > sizeof tmp)
		return;
	memcpy(tmp, p + (n - 1) * sz, sz);
	memmove(p + (at + 1) * sz, p + at * sz, (n - 1 - at) * sz);
	memcpy(p + at * sz, tmp, sz);
}

/* Remove element at of the n elements (of size sz) of v (its strings freed
 * by the caller). */
static void drop_at(void *v, size_t *n, size_t sz, size_t at)
{
	char *p = v;
	memmove(p + at * sz, p + (at + 1) * sz, (*n - at - 1) * sz);
	(*n)--;
}

static int ind_row(jx_sheet *s, const jx_template *t, const char *key, const jx_audit_row *r)
{
	char base[300];
	size_t at;
	for (at = 0; at < s->n_inds && !jx_texteq(s->inds[at].key, key); at++)
		;
	snprintf(base, sizeof base, "ind:%s", key);
	if (!jx_has_text(r->old_value)) {
		if (at < s->n_inds || !jx_sheet_add_ind(s, key))
			return at < s->n_inds ? ROW_NO : ROW_OOM;
		return set_summary(s, t, base, r->new_value, NULL);
	}
	if (at == s->n_inds)
		return ROW_NO;
	jx_sheet_remove_ind(s, at);
	return ROW_DONE;
}

static int ind_move(jx_sheet *s, const char *key, const jx_audit_row *r)
{
	size_t at, to = (size_t)strtoul(jx_nz(r->new_value), NULL, 10);
	jx_indicator moved;
	for (at = 0; at < s->n_inds && !jx_texteq(s->inds[at].key, key); at++)
		;
	if (at == s->n_inds || to < 1 || to > s->n_inds)
		return ROW_NO;
	to--;
	moved = s->inds[at];
	if (at < to)
		memmove(&s->inds[at], &s->inds[at + 1], (to - at) * sizeof moved);
	else
		memmove(&s->inds[to + 1], &s->inds[to], (at - to) * sizeof moved);
	s->inds[to] = moved;
	return ROW_DONE;
}

static int fund_row(jx_sheet *s, const jx_template *t, const char *source, const jx_audit_row *r)
{
	char base[300];
	jx_fund *f = jx_sheet_fund(s, source);
	snprintf(base, sizeof base, "fund:%s", source);
	if (!jx_has_text(r->old_value)) {
		if (f)
			return ROW_NO;
		if (!(f = jx_sheet_add_fund(s, source)) || !f->source)
			return ROW_OOM;
		return set_summary(s, t, base, r->new_value, "source");
	}
	if (!f)
		return ROW_NO;
	free(f->source);
	drop_at(s->funds, &s->n_funds, sizeof *f, (size_t)(f - s->funds));
	return ROW_DONE;
}

/* sub:<i>, basis:<i>, goal:<i>: a row put in at i, or deleted from i. */
static int list_row(jx_sheet *s, const jx_template *t, const char *list, size_t i, const jx_audit_row *r)
{
	char base[320];
	int add = !jx_has_text(r->old_value), rc = ROW_DONE;
	size_t *n = !strcmp(list, "sub") ? &s->n_subs : !strcmp(list, "basis") ? &s->n_basis : &s->n_goals;
	if (add ? i > *n : i >= *n)
		return ROW_NO;
	if (!add) {
		if (n == &s->n_subs) {
			free(s->subs[i].name);
			drop_at(s->subs, n, sizeof s->subs[0], i);
		} else if (n == &s->n_basis) {
			free(s->basis[i]);
			drop_at(s->basis, n, sizeof s->basis[0], i);
		} else {
			free(s->goals[i].planned);
			free(s->goals[i].actual);
			drop_at(s->goals, n, sizeof s->goals[0], i);
		}
		return ROW_DONE;
	}
	snprintf(base, sizeof base, "%s:%zu", list, *n);
	if (n == &s->n_basis) {
		if (jx_sheet_add_basis(s, r->new_value))
			return ROW_OOM;
		move_last_to(s->basis, *n, sizeof s->basis[0], i);
		return ROW_DONE;
	}
	if (n == &s->n_subs ? !jx_sheet_add_sub(s) : !jx_sheet_add_goal(s))
		return ROW_OOM;
	rc = set_summary(s, t, base, r->new_value, NULL);
	if (n == &s->n_subs)
		move_last_to(s->subs, *n, sizeof s->subs[0], i);
	else
		move_last_to(s->goals, *n, sizeof s->goals[0], i);
	return rc;
}

/* The status a reopen gives: the one before the finalise row it undoes. */
static const char *status_before_final(const jx_audit_row *rows, size_t upto)
{
	static const char *const prev[] = {"draft", "submitted", "reviewed"};
	for (size_t i = upto; i > 0; i--)
		if (jx_texteq(rows[i - 1].field, "sheet:finalise")) {
			for (size_t k = 0; k < sizeof prev / sizeof prev[0]; k++)
				if (jx_texteq(rows[i - 1].old_value, prev[k]))
					return prev[k];
			break;
		}
	return "draft";
}

/* The rows that are not field paths (field.h): events and list rows. */
static int apply_event(jx_sheet *s, const jx_template *t, const jx_audit_row *rows, size_t i)
{
	const jx_audit_row *r = &rows[i];
	const char *f = jx_nz(r->field), *colon;
	char name[300];
	size_t len;
	if (writes_whole(f))
		return ROW_WHOLE;
	if (!strcmp(f, "sheet:deleted"))
		return ROW_DONE;
	if (!strcmp(f, "sheet:finalise"))
		return jx_set_str(&s->status, "final") ? ROW_OOM : ROW_DONE;
	if (!strcmp(f, "sheet:reopen"))
		return jx_set_str(&s->status, status_before_final(rows, i)) ? ROW_OOM : ROW_DONE;
	if (!strncmp(f, "fund:", 5))
		return fund_row(s, t, f + 5, r);
	if (!strncmp(f, "ind:", 4)) {
		len = strlen(f + 4);
		if (len > 4 && !strcmp(f + 4 + len - 4, ":pos") && len - 4 < sizeof name) {
			memcpy(name, f + 4, len - 4);
			name[len - 4] = 0;
			return ind_move(s, name, r);
		}
		return strchr(f + 4, ':') ? ROW_NO : ind_row(s, t, f + 4, r);
	}
	colon = strchr(f, ':');
	if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1) && strlen(colon + 1) < 9 &&
	    (size_t)(colon - f) < sizeof name) {
		memcpy(name, f, (size_t)(colon - f));
		name[colon - f] = 0;
		if (!strcmp(name, "sub") || !strcmp(name, "basis") || !strcmp(name, "goal"))
			return list_row(s, t, name, (size_t)atol(colon + 1), r);
	}
	return ROW_NO;
}

static int cmp_ind(const void *a, const void *b)
{
	return strcmp(jx_nz(((const jx_indicator *)a)->key), jx_nz(((const jx_indicator *)b)->key));
}

static int cmp_fund(const void *a, const void *b)
{
	return strcmp(jx_nz(((const jx_fund *)a)->source), jx_nz(((const jx_fund *)b)->source));
}

/* The orders replaying cannot know, made the same on both sides. */
static void normalise(jx_sheet *s)
{
	if (s->n_inds > 1)
		qsort(s->inds, s->n_inds, sizeof *s->inds, cmp_ind);
	if (s->n_funds > 1)
		qsort(s->funds, s->n_funds, sizeof *s->funds, cmp_fund);
}

/* Where key stands among to's indicators (to->n_inds when absent). */
static size_t ind_rank(const jx_sheet *to, const char *key)
{
	size_t i;
	for (i = 0; i < to->n_inds && !jx_texteq(to->inds[i].key, key); i++)
		;
	return i;
}

static size_t fund_rank(const jx_sheet *to, const char *source)
{
	size_t i;
	for (i = 0; i < to->n_funds && !jx_texteq(to->funds[i].source, source); i++)
		;
	return i;
}

/* a's indicators and fund rows put in the order `to` has them, the others
 * after them in their own order (a stable insertion sort: a few hundred
 * rows).  Rows written before an indicator put in mid-list got its own
 * move row (store_rows.c) do not say where it went; the order of the content
 * that arrives is what that history most likely had. */
static void order_like(jx_sheet *a, const jx_sheet *to)
{
	for (size_t i = 1; i < a->n_inds; i++) {
		jx_indicator x = a->inds[i];
		size_t r = ind_rank(to, x.key), j = i;
		for (; j > 0 && ind_rank(to, a->inds[j - 1].key) > r; j--)
			a->inds[j] = a->inds[j - 1];
		a->inds[j] = x;
	}
	for (size_t i = 1; i < a->n_funds; i++) {
		jx_fund x = a->funds[i];
		size_t r = fund_rank(to, x.source), j = i;
		for (; j > 0 && fund_rank(to, a->funds[j - 1].source) > r; j--)
			a->funds[j] = a->funds[j - 1];
		a->funds[j] = x;
	}
}

static int digest_is(const jx_sheet *a, const char *claimed)
{
	char hex[65];
	return claimed && strncmp(claimed, "sha256:", 7) == 0 && jx_sheet_digest(a, hex) == 0 &&
	       strcmp(hex, claimed + 7) == 0;
}

/* A new sheet:finalise row: does the content the rows before it made carry
 * the digest the row claims (in the replayed order, or failing that in the
 * arriving content's order)?  ROW_DONE, ROW_NO, or ROW_OOM. */
static int finalise_holds(const jx_sheet *a, const jx_sheet *to, const char *claimed)
{
	jx_sheet *b;
	int ok;
	if (digest_is(a, claimed))
		return ROW_DONE;
	if (!(b = jx_sheet_clone(a)))
		return ROW_OOM;
	order_like(b, to);
	ok = digest_is(b, claimed);
	jx_sheet_free(b);
	return ok ? ROW_DONE : ROW_NO;
}

int jx_replay_explains(const jx_sheet *from, const jx_template *t, const jx_audit_row *rows, size_t n,
		       const unsigned char *is_new, const jx_sheet *to, jx_err *err)
{
	jx_sheet *a = jx_sheet_clone(from), *b = NULL;
	jx_field_path fp;
	int rc = ROW_DONE, same;
	for (size_t i = 0; a && i < n && rc == ROW_DONE; i++) {
		if (!is_new[i])
			continue;
		if (jx_field_path_parse(jx_nz(rows[i].field), &fp) == 0)
			rc = set_path(a, t, rows[i].field, rows[i].new_value);
		else
			rc = apply_event(a, t, rows, i);
		/* every finalise row, not only the last, claims a content */
		if (rc == ROW_DONE && jx_texteq(rows[i].field, "sheet:finalise"))
			rc = finalise_holds(a, to, rows[i].new_value);
	}
	if (rc == ROW_WHOLE || rc == ROW_NO) {
		jx_sheet_free(a);
		return rc == ROW_WHOLE;
	}
	if (!a || rc == ROW_OOM || !(b = jx_sheet_clone(to))) {
		jx_sheet_free(a);
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	normalise(a);
	normalise(b);
	same = jx_sheet_equal(a, b);
	jx_sheet_free(a);
	jx_sheet_free(b);
	return same;
}

long jx_replay_whole(const jx_audit_row *rows, size_t n)
{
	for (size_t i = n; i > 0; i--)
		if (writes_whole(rows[i - 1].field))
			return (long)(i - 1);
	return -1;
}

int jx_replay_trashed(const jx_audit_row *rows, size_t n)
{
	for (size_t i = n; i > 0; i--)
		if (jx_texteq(rows[i - 1].field, "sheet:deleted"))
			return jx_texteq(rows[i - 1].new_value, "1");
	return -1;
}
