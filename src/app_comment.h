/* The operations on comments (批注, comment.h) that the command line
 * (cli_comment.c) and the workstation both perform.  A comment is named by
 * its number on its sheet: 1.. in the order the comments were written
 * (the same on every machine once their rows are merged).
 *
 * Return values: 0; -2 the input was refused (message in err, nothing
 * written); -1 a database error (message in err). */
#ifndef JX_APP_COMMENT_H
#define JX_APP_COMMENT_H

#include <stddef.h>
#include <stdint.h>

#include "comment.h"
#include "err.h"
#include "model.h"
#include "store.h"

/* The comments of sheet id. */
int jx_app_comments(jx_store *st, int64_t id, jx_comments *out, jx_err *err);
/* Attach a comment with text at place (comment.h) of s; *number (may be
 * NULL) gets its number. */
int jx_app_comment_add(jx_store *st, jx_sheet *s, const char *place, const char *text, const char *user,
		       size_t *number, jx_err *err);
/* Answer comment number (1..) of s. */
int jx_app_comment_answer(jx_store *st, jx_sheet *s, size_t number, const char *text, const char *user, jx_err *err);
/* Mark comment number resolved (resolved 1) or open again (0); refused
 * when it already is. */
int jx_app_comment_resolve(jx_store *st, jx_sheet *s, size_t number, int resolved, const char *user, jx_err *err);
/* How many comments of sheet id are not resolved (0 also when the
 * database cannot say: a count for a screen, never a decision). */
size_t jx_comments_open_count(jx_store *st, int64_t id);
/* "未解决" / "已解决" (or English with jx_lang). */
const char *jx_comment_status_label(int resolved);

#endif
