/* A filtered project list gathered in one pass over the list's index
 * (store_list_pass.c): what jx_list_scan (store_list.h) answers when no
 * view remembered (store_list_memo.h) holds it. */
#ifndef JX_STORE_LIST_PASS_H
#define JX_STORE_LIST_PASS_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store_list.h"

/* The filtered view v as jx_list_scan gives it (out zeroed, out->pos -1,
 * by the caller): its count, (grade, template id) pairs and whether keep
 * is in it in one pass; then the few ids in order, or keep's row and the
 * rows near it.  The view is remembered for the next key.  0, or -1 with
 * err and nothing allocated. */
int list_pass_filtered(jx_store *st, const jx_list_view *v, int64_t keep, int keep_first, size_t few_max,
		       jx_list_scan_out *out, jx_list_grade_fn *each_grade, void *ctx, jx_err *err);

/* jx_list_acc(:acc, grade, template_id, id[, k1]), the aggregate the pass
 * runs (store_list.c registers it with the list's other SQL functions). */
void list_pass_acc_step(sqlite3_context *cx, int argc, sqlite3_value **argv);
void list_pass_acc_final(sqlite3_context *cx);

#endif
