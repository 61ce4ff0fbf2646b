/* The project list's recent filtered views, kept (store_list.c): a sort
 * of a filtered list, and a Backspace back to a filter of a moment ago,
 * take the sheets found then instead of a pass over every sheet.  Only a
 * view whose every sheet was kept (at most few_max ids) is remembered, at
 * most MEMO_VIEWS of them, so that what is kept stays small whatever the
 * number of sheets; each is stamped with the database's state and never
 * used after any write, by this program or another. */
#ifndef JX_STORE_LIST_MEMO_H
#define JX_STORE_LIST_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "store_list.h"

enum { MEMO_VIEWS = 4 };

/* One view remembered: which sheets (its words and trash, never its
 * order: sorting does not change which sheets match), their ids in the
 * order it was read in, and the (grade, template id) pairs among them. */
typedef struct {
	char *sig;          /* list_memo_sig of the view */
	int sorted, desc;   /* the order ids are in */
	jx_list_key key;
	int64_t data_version, changes; /* the database's state when read */
	int64_t *ids;
	size_t n;
	char **pairs; /* grade, template id, grade, …: 2 * n_pairs, NULL for SQL NULL */
	size_t n_pairs;
	unsigned used; /* the latest use, for dropping the least recent */
	/* A view too big to keep whole, in the list's own order: ids are its
	 * rows near_off … around sheet keep, at row pos (-1: not there), of
	 * total — what a Backspace back to it needs when the cursor is on
	 * that sheet again (the first row of a word typed on often is). */
	int window;
	int64_t total, keep, pos, near_off;
} list_memo_view;

struct list_memo {
	list_memo_view v[MEMO_VIEWS];
	unsigned clock;
};

/* Which sheets v holds, as a text (malloc'd; NULL when out of memory,
 * or when a word holds one of its separators, \x1e or \x1f). */
char *list_memo_sig(const jx_list_view *v);
/* The database's state: another connection's commit (data_version) or a
 * change through this one (total changes) makes it differ.  0 or -1. */
int list_memo_stamp(jx_store *st, int64_t *data_version, int64_t *changes);
/* The view remembered under sig at this state, else NULL; views of an
 * older state are dropped. */
list_memo_view *list_memo_find(jx_store *st, const char *sig, int64_t data_version, int64_t changes);
/* A view remembered, of at most max sheets, that holds every sheet v
 * can hold: in v's order, each of its words part of v's word in the same
 * place (v a word typed on, or with words added) — which holds when each
 * word's templates and statuses are those whose labels hold it, as the
 * list gives them; else NULL. */
list_memo_view *list_memo_wider(jx_store *st, const jx_list_view *v, size_t max);
/* Remember a view whole (sig, ids and pairs taken over by the memo
 * whatever happens: freed when it cannot keep them); its entry, or NULL
 * when out of memory. */
list_memo_view *list_memo_put(jx_store *st, char *sig, const jx_list_view *v, int64_t data_version, int64_t changes,
			      int64_t *ids, size_t n, char **pairs, size_t n_pairs);
/* Hand each_grade (may be NULL) the view's pairs, as the pass that read
 * it did. */
void list_memo_grades(const list_memo_view *m, jx_list_grade_fn *each_grade, void *ctx);
/* Pairs (2 * n_pairs texts, as list_memo_put takes them) freed. */
void list_memo_pairs_free(char **pairs, size_t n_pairs);
/* Everything kept dropped (jx_store_close). */
void list_memo_free(jx_store *st);

/* The connection's page cache made large enough to keep the list's index
 * from one filter's pass to the next (once; store_list_memo.c says why). */
enum { LIST_CACHE_KIB = 14336 }; /* its size, in KiB */
void list_memo_cache(jx_store *st);

#endif
