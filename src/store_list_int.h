/* What the project list's two files of queries share: store_list.c puts
 * the view's statements together and counts and reads its rows;
 * store_list_pass.c gathers a filtered view in one pass (store_list_pass.h).
 * Both build the view's condition the same way and compare sheets by the
 * same sort values, so each is declared once, here.  Not for other
 * modules: they use store_list.h. */
#ifndef JX_STORE_LIST_INT_H
#define JX_STORE_LIST_INT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "store_list.h"

/* The column each key sorts by: the only names ever pasted into the
 * view's SQL. */
extern const char *const list_key_cols[JX_LIST_NKEYS];

/* Is the view sorted by one of its keys (else in the list's own order,
 * year descending, name, id)? */
int list_by_key(const jx_list_view *v);

/* A statement being put together, with its values. */
typedef struct {
	char *sql;
	size_t len, cap;
	jx_db_val *vals;
	size_t n_vals;
	char (*names)[24]; /* the parameters' names, as long as vals */
	char **words;      /* copies of the words, bound */
	size_t n_words;
	int oom;
} stmt_text;

/* "select FROM from WHERE" and the view's condition, with room for
 * `more` values besides; 0, or -1 when out of memory (err set, t freed). */
int list_view_where(stmt_text *t, const jx_list_view *v, const char *select, const char *from, size_t more,
		    jx_err *err);
/* The statement put together, prepared and bound; NULL with err. */
sqlite3_stmt *list_query(jx_store *st, stmt_text *t, jx_err *err);
void list_stmt_free(stmt_text *t);

/* A sort value of a sheet, as it is stored. */
typedef struct {
	int type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT */
	int64_t i;
	double r;
	char *text;
	size_t len;
} key_val;

/* v as a key_val (its text copied, the caller frees it); 0, or -1 when
 * out of memory. */
int list_key_of(sqlite3_value *v, key_val *k);
/* The sort values of sheet id in v's order (in the view or not): 1 with
 * *k1, *k2 (texts malloc'd); 0 when there is no such sheet; -1 with err. */
int list_keys_of(jx_store *st, const jx_list_view *v, int64_t id, key_val *k1, key_val *k2, jx_err *err);

#endif
