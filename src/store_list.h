/* The project list as a window over one indexed query (schema/004): which
 * sheets (the list or the trash), filtered by words and sorted by a
 * column, SQLite doing both; the caller counts them, finds the row of a
 * sheet, and reads only the rows it shows, a window at a time, so that
 * opening the list takes the same time and memory with 100 sheets or
 * 100,000.  jx_store_list (store.h) reads every summary at once, for the
 * command line. */
#ifndef JX_STORE_LIST_H
#define JX_STORE_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* What the list sorts by: its columns, in the order the workstation shows
 * them. */
typedef enum {
	JX_LIST_YEAR,
	JX_LIST_NAME,
	JX_LIST_UNIT,
	JX_LIST_TEMPLATE,
	JX_LIST_TOTAL,
	JX_LIST_GRADE,
	JX_LIST_STATUS,
	JX_LIST_FINDINGS,
	JX_LIST_NKEYS
} jx_list_key;

/* One word of a filter.  A sheet matches it when the word, ASCII letters
 * in any case, is part of its year, its name (a conflict copy's with the
 * label jx_store_list gives it), unit, template id, grade or total (two
 * decimals, as the list prints it); or when its template or status is one
 * of those listed, which the caller lists because their labels are its own
 * (in the user's language) and contain the word. */
typedef struct {
	const char *word;
	const char *templates; /* "|id|id|" (NULL or "": none) */
	const char *statuses;  /* "|draft|submitted|" (NULL or "": none) */
} jx_list_word;

/* Which sheets, in which order. */
typedef struct {
	int trash;       /* the sheets in the trash, rather than the others */
	int sorted;      /* by key, ties by id; else year descending, name, id */
	jx_list_key key;
	int desc;        /* descending (no value counts as the lowest) */
	const jx_list_word *words; /* a sheet must match every one */
	size_t n_words;
} jx_list_view;

/* Given a (grade, template id) pair of a view's sheets (either NULL for
 * SQL NULL): the list sizes its grade column by them. */
typedef void jx_list_grade_fn(void *ctx, const char *grade, const char *template_id);

/* How many sheets the view holds (*n); each_grade (may be NULL) is given
 * every (grade, template id) pair among them, once: the list sizes its
 * grade column by them.  0, or -1 with err. */
int jx_list_count(jx_store *st, const jx_list_view *v, int64_t *n,
		  jx_list_grade_fn *each_grade, void *ctx, jx_err *err);
/* The rows offset, offset + 1 … of the view, at most limit, read as
 * jx_store_list reads them (*out malloc'd, jx_summaries_free).  0, or -1
 * with err and nothing allocated. */
int jx_list_rows(jx_store *st, const jx_list_view *v, int64_t offset, int limit, jx_sheet_summary **out, size_t *n,
		 jx_err *err);
/* The row (from 0) of sheet id in the view: 1 with *pos; 0 when the view
 * does not hold it; -1 with err. */
int jx_list_position(jx_store *st, const jx_list_view *v, int64_t id, int64_t *pos, jx_err *err);
/* The rows of the sheets ids[0 … nid), in that order, read as jx_list_rows
 * reads them (a sheet deleted meanwhile left out). */
int jx_list_rows_of(jx_store *st, const int64_t *ids, size_t nid, jx_sheet_summary **out, size_t *n, jx_err *err);

/* The rows around the selected sheet a scan gives (near, below). */
enum { JX_LIST_NEAR_BEFORE = 64, JX_LIST_NEAR = 256 };

/* What jx_list_scan finds. */
typedef struct {
	int64_t n;     /* sheets in the view */
	int64_t pos;   /* the row of sheet keep in it; -1 when it is not there */
	int64_t *few;  /* a filtered view of at most few_max sheets: their ids in
			* order (malloc'd; n_few of them), else NULL */
	size_t n_few;
	int64_t *near; /* a filtered view in the list's own order, too big for
			* few: the ids of its rows near_off …, n_near of them
			* (malloc'd, else NULL): JX_LIST_NEAR_BEFORE before
			* pos and the rest from it (from 0 when keep is not
			* there), the window the list shows first */
	size_t n_near;
	int64_t near_off;
} jx_list_scan_out;
/* What the list needs when its view changes, as jx_list_count and
 * jx_list_position give it (each_grade likewise), but for a filtered view
 * in one pass over the sheets rather than three: a key typed into the
 * filter of 100,000 sheets.  A filtered view of at most few_max sheets
 * also has its ids in order, so that its rows are read by id
 * (jx_list_rows_of) rather than found again by a pass of their own.
 * keep_first: keep was the first row of a view holding every sheet of
 * this one (a word typed on), so that its row is 0 when it is here.
 * The store keeps the last few filtered views whose every id it had
 * (store_list_memo.h): the same words again (Backspace), sorted another
 * way, or narrowed (a word typed on), are answered from them without a
 * pass, never after a write.  out->few and out->near the caller frees.
 * 0, or -1 with err and nothing allocated. */
int jx_list_scan(jx_store *st, const jx_list_view *v, int64_t keep, int keep_first, size_t few_max, jx_list_scan_out *out,
		 jx_list_grade_fn *each_grade, void *ctx, jx_err *err);

/* Every sheet of the view that can be exported, in order: its ids (*ids
 * malloc'd, NULL when none) leave out the sheets in the trash and the
 * conflict copies, which *copies counts.  0, or -1 with err. */
int jx_list_ids(jx_store *st, const jx_list_view *v, int64_t **ids, size_t *n, size_t *copies, jx_err *err);

#endif
