/* The project list's recent filtered views (store_list_memo.h): kept in
 * the store, under the words that found them and the database's state. */
#include "store_int.h"
#include "store_list_memo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends s and a separator no word holds (the filter is typed text). */
static void sig_add(char *out, size_t *at, const char *s, char sep)
{
	size_t len = s ? strlen(s) : 0;
	if (out)
		memcpy(out + *at, s ? s : "", len), out[*at + len] = sep;
	*at += len + 1;
}

/* "t|word\x1ftemplates\x1fstatuses\x1e…": the words, and the templates
 * and statuses whose labels hold each, which the caller worked out in the
 * user's language. */
static size_t sig_fill(const jx_list_view *v, char *out)
{
	size_t at = 0;
	sig_add(out, &at, v->trash ? "t" : "l", '|');
	for (size_t i = 0; i < v->n_words; i++) {
		sig_add(out, &at, v->words[i].word, '\x1f');
		sig_add(out, &at, v->words[i].templates, '\x1f');
		sig_add(out, &at, v->words[i].statuses, '\x1e');
	}
	return at;
}

/* Does s hold a separator of the signature (a control character typed)? */
static int has_sep(const char *s)
{
	return s && (strchr(s, '\x1e') || strchr(s, '\x1f'));
}

char *list_memo_sig(const jx_list_view *v)
{
	/* words the signature could not tell apart: never kept */
	for (size_t i = 0; i < v->n_words; i++)
		if (has_sep(v->words[i].word) || has_sep(v->words[i].templates) || has_sep(v->words[i].statuses))
			return NULL;
	size_t len = sig_fill(v, NULL);
	char *s = malloc(len + 1);
	if (s) {
		sig_fill(v, s);
		s[len] = '\0';
	}
	return s;
}

int list_memo_stamp(jx_store *st, int64_t *data_version, int64_t *changes)
{
	jx_err err;
	*changes = sqlite3_total_changes64(st->db.h);
	return jx_db_int(&st->db, &err, data_version, "PRAGMA data_version", NULL, 0) < 0 ? -1 : 0;
}

void list_memo_pairs_free(char **pairs, size_t n_pairs)
{
	for (size_t i = 0; pairs && i < 2 * n_pairs; i++)
		free(pairs[i]);
	free(pairs);
}

void list_memo_grades(const list_memo_view *m, jx_list_grade_fn *each_grade, void *ctx)
{
	for (size_t i = 0; each_grade && i < m->n_pairs; i++)
		each_grade(ctx, m->pairs[2 * i], m->pairs[2 * i + 1]);
}

static void drop(list_memo_view *m)
{
	free(m->sig);
	free(m->ids);
	list_memo_pairs_free(m->pairs, m->n_pairs);
	memset(m, 0, sizeof *m);
}

list_memo_view *list_memo_find(jx_store *st, const char *sig, int64_t data_version, int64_t changes)
{
	struct list_memo *memo = st->list_memo;
	list_memo_view *hit = NULL;
	for (size_t i = 0; memo && i < MEMO_VIEWS; i++) {
		list_memo_view *m = &memo->v[i];
		if (!m->sig)
			continue;
		if (m->data_version != data_version || m->changes != changes)
			drop(m); /* read before a write: never shown again */
		else if (strcmp(m->sig, sig) == 0)
			hit = m;
	}
	if (hit)
		hit->used = ++memo->clock;
	return hit;
}

/* The word of record i of sig (its first field), into w: 1; 0 when sig
 * has no record i; -1 when it does not fit. */
static int sig_word(const char *sig, size_t i, char *w, size_t len)
{
	const char *p = strchr(sig, '|');
	for (p = p ? p + 1 : NULL; p && *p && i; i--) {
		p = strchr(p, '\x1e');
		p = p ? p + 1 : NULL;
	}
	if (!p || !*p)
		return 0;
	size_t n = strcspn(p, "\x1f");
	if (n >= len)
		return -1;
	memcpy(w, p, n);
	w[n] = '\0';
	return 1;
}

list_memo_view *list_memo_wider(jx_store *st, const jx_list_view *v, size_t max)
{
	struct list_memo *memo = st->list_memo;
	for (size_t i = 0; memo && i < MEMO_VIEWS; i++) {
		list_memo_view *m = &memo->v[i];
		if (!m->sig || m->window || m->n > max || m->sig[0] != (v->trash ? 't' : 'l') || m->sorted != v->sorted ||
		    (v->sorted && (m->key != v->key || m->desc != v->desc)))
			continue;
		char w[256];
		size_t k = 0;
		/* each word of m's is part of v's (letters in any case, as the
		 * filter finds them), and v may have more */
		while (k < v->n_words && sig_word(m->sig, k, w, sizeof w) > 0 && strcasestr(v->words[k].word, w))
			k++;
		if (k > 0 && sig_word(m->sig, k, w, sizeof w) == 0) {
			m->used = ++memo->clock;
			return m;
		}
	}
	return NULL;
}

list_memo_view *list_memo_put(jx_store *st, char *sig, const jx_list_view *v, int64_t data_version, int64_t changes,
			      int64_t *ids, size_t n, char **pairs, size_t n_pairs)
{
	if (!st->list_memo)
		st->list_memo = calloc(1, sizeof *st->list_memo);
	struct list_memo *memo = st->list_memo;
	list_memo_view *m = NULL;
	for (size_t i = 0; memo && i < MEMO_VIEWS; i++) {
		list_memo_view *c = &memo->v[i];
		if (c->sig && strcmp(c->sig, sig) == 0) {
			m = c;
			break;
		}
		if (!m || (m->sig && (!c->sig || c->used < m->used)))
			m = c;
	}
	if (!m) { /* out of memory: nothing kept */
		list_memo_view tmp = {.sig = sig, .ids = ids, .pairs = pairs, .n_pairs = n_pairs};
		drop(&tmp);
		return NULL;
	}
	drop(m);
	*m = (list_memo_view){.sig = sig, .sorted = v->sorted, .desc = v->desc, .key = v->key,
			      .data_version = data_version, .changes = changes, .ids = ids, .n = n, .pairs = pairs,
			      .n_pairs = n_pairs, .used = ++memo->clock, .total = (int64_t)n};
	return m;
}

void list_memo_free(jx_store *st)
{
	if (!st->list_memo)
		return;
	for (size_t i = 0; i < MEMO_VIEWS; i++)
		drop(&st->list_memo->v[i]);
	free(st->list_memo);
	st->list_memo = NULL;
}

/* The page cache of the workstation's connection, from its first filter
 * on.  SQLite's own 2 MB cannot hold sheets_list (2,758 pages of 4 KiB,
 * 11.3 MB at 100,000 sheets), so each filter's pass read every page of it
 * again from the file, the kernel copying each (a quarter of the pass's
 * CPU time): with 14 MiB it stays cached from one key to the next.  The
 * first pass pays for the memory instead (about 100 ms once, where it
 * took 50–80).  A fixed size, never one grown with the sheets: the
 * workstation's memory stays bounded whatever their number (above some
 * 120,000 sheets the index no longer fits and each pass reads it as
 * before).  Only the list's filter asks for it: an import or an export
 * reads each page once, where a larger cache only costs memory. */
void list_memo_cache(jx_store *st)
{
	char sql[48];
	jx_err ignored = {{0}};
	if (st->list_cache)
		return;
	st->list_cache = 1;
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", (int)LIST_CACHE_KIB);
	jx_db_exec_sql(&st->db, sql, &ignored); /* only a shortcut: a failure leaves the cache as it was */
}
