/* Comments on fields (批注): a remark a reviewer (or anyone) attaches to a
 * place of a sheet, the answers to it, and whether it is resolved.
 *
 * A comment lives in the sheet's audit trail, nowhere else: who wrote it
 * and when is recorded like every change, and it travels with the sheet's
 * history in bundles and sheet files (share/sheet-format.md, "Comments").
 * Its rows (cid: 16 random hex digits, made where the comment was written):
 *   comment:<cid>          old: the place, new: the comment's text
 *   comment:<cid>:answer   old: empty, new: an answer's text
 *   comment:<cid>:status   old: the status seen, new: "resolved" or "open"
 * A place is a field path (field.h: info:name, fund:<source>:spent,
 * ind:<key>:actual, narr:problems …), a whole indicator ind:<key> or a whole
 * fund row fund:<source>.  An indicator is named by its stable key, so its
 * comments follow it when rows are added, deleted or moved.
 *
 * Comments are not the sheet's content: they never make two versions of a
 * sheet differ, and bundles merge them apart from it (merge.c): each side
 * takes the comment rows it lacks.  The state is the rows folded in the
 * order of (time, global id), the same on every machine:
 *   - every answer is kept, in that order (both sides answered: both kept);
 *   - answers never change the status; the last status row decides it
 *     (resolved on one side and answered on the other: resolved, with the
 *     answer kept).
 * The store functions (store_comment.c) and the fold (comment.c) are here;
 * the operations both front ends use are in app_comment.h. */
#ifndef JX_COMMENT_H
#define JX_COMMENT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "model.h"
#include "store.h"

/* Longest comment or answer, in characters (one line of text). */
#define JX_COMMENT_MAX 500

/* A comment or an answer: its text and who wrote it, when, where. */
typedef struct {
	char *text, *at, *user, *origin, *gid;
} jx_comment_note;

typedef struct {
	char cid[40];
	char *place;              /* where it is attached (see above) */
	jx_comment_note note;     /* the comment itself */
	jx_comment_note *answers; /* oldest first */
	size_t n_answers;
	int resolved;
	jx_comment_note status;   /* the last resolve or reopen (text "resolved"/"open"); zeroed when none */
} jx_comment;

/* A sheet's comments, numbered 1.. in the order they were written. */
typedef struct {
	jx_comment *v;
	size_t n;
} jx_comments;

/* 1 when an audit field is one of a comment's rows. */
int jx_comment_field(const char *field);
/* The comments that the comment rows among rows make (other rows are
 * skipped, as are answers and status rows of a comment not among them):
 * 0, or -1 out of memory (err). */
int jx_comments_fold(const jx_audit_row *rows, size_t n, jx_comments *out, jx_err *err);
void jx_comments_free(jx_comments *c);
/* How many are not resolved. */
size_t jx_comments_open(const jx_comments *c);
/* 1 when a comment attached at place concerns path: the same place, or
 * path is a field of the indicator or fund row place names whole, or place
 * is a field of the row path names whole. */
int jx_comment_touches(const char *place, const char *path);
/* Is place a place of s a comment can be attached to (a field path whose
 * field s has, ind:<key> of one of its indicators, fund:<source> of one of
 * its fund rows)?  0, or -1 with a message. */
int jx_comment_place_check(const jx_sheet *s, const char *place, jx_err *err);
/* A comment's or answer's text: one line (field text rules, field.h),
 * not empty, at most JX_COMMENT_MAX characters.  0 with *out (malloc'd,
 * trimmed), or -1 with a message. */
int jx_comment_text_check(const char *text, char **out, jx_err *err);
/* The place in words, as show and history name fields ("项目名称",
 * "日常养护里程 · 实际完成值", a whole indicator or fund row). */
void jx_comment_place_label(const jx_sheet *s, const char *place, char *buf, size_t len);

/* ---- the store (store_comment.c) ---- */

/* The comments of sheet id, folded from its comment rows. */
int jx_store_comments(jx_store *st, int64_t id, jx_comments *out, jx_err *err);
/* Write one comment row for sheet s (field "comment:<cid>[:what]"): one
 * transaction with the revision bumped, like every change; cid NULL makes
 * a new comment id (written into new_cid, 40 bytes, when not NULL).
 * Refused on a read-only database; allowed on a finalised sheet (comments
 * are not its content).  The caller has checked the values. */
int jx_store_comment_row(jx_store *st, jx_sheet *s, const char *cid, const char *what, const char *old_value,
			 const char *new_value, const char *user, char *new_cid, jx_err *err);
/* A number that changes whenever sheet id gains a comment row, here or by
 * an import (for a screen to know when to read its comments again). */
int jx_store_comment_stamp(jx_store *st, int64_t id, int64_t *stamp, jx_err *err);

#endif
