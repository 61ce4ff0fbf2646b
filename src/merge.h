/* Merging bundles carried from other machines into a database.
 *
 * Every sheet has a stable uid and a history: the global ids of its audit
 * rows ("<database id>:<number>", store.h).  An incoming sheet is matched by
 * uid and compared by history (share/sheet-format.md, "Bundles and merging"):
 *   new uid                               → inserted with its audit rows   新增
 *   its history extends ours              → ours replaced, rows appended   已更新
 *   our history extends its               → ours kept                      本机较新
 *   the same history and content          → nothing to do                  未变
 *   each has rows the other lacks         → ours kept, its version stored  冲突
 *                                           as a conflict copy of ours
 * Comment rows (comment.h) are left out of these comparisons: whatever the
 * result, the local sheet takes the comment rows it lacks.
 * A sheet without an audit list (a hand-written file) is new, unchanged when
 * its content is the same, and a conflict otherwise: its edits are never
 * dropped silently.
 */
#ifndef JX_MERGE_H
#define JX_MERGE_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "model.h"
#include "sheetio.h"
#include "store.h"

typedef enum {
	JX_MERGE_NEW = 0,    /* 新增 */
	JX_MERGE_UPDATED,    /* 已更新 */
	JX_MERGE_NEWER_HERE, /* 本机较新 */
	JX_MERGE_UNCHANGED,  /* 未变 */
	JX_MERGE_CONFLICT,   /* 冲突 */
	JX_MERGE_NRESULTS
} jx_merge_result;

/* How an incoming history relates to the local one (sets of global ids). */
typedef enum {
	JX_HIST_SAME,     /* the same ids */
	JX_HIST_EXTENDS,  /* incoming has every local id and more */
	JX_HIST_BEHIND,   /* local has every incoming id and more */
	JX_HIST_DIVERGED, /* each has ids the other lacks */
} jx_hist_rel;
jx_hist_rel jx_history_relation(const jx_audit_row *local, size_t nl, const jx_audit_row *incoming, size_t ni);

/* One bundle read with jx_bundle_read. */
typedef struct {
	const char *file;
	jx_sheet **v;
	jx_sheet_history *h;
	size_t n;
	const jx_templates *set; /* the sheets' templates, for replaying their history (may be NULL) */
} jx_bundle;

/* What happened to one incoming sheet. */
typedef struct {
	const char *file;       /* the bundle it came from (the caller's string) */
	char *uid, *name;       /* the incoming sheet's uid and name */
	int year;
	jx_merge_result result;
	int64_t id;             /* the local sheet: inserted, updated, kept, unchanged, or in conflict */
	int64_t copy_id;        /* conflict: the conflict copy holding the incoming version */
	int copy_state;         /* conflict: 0 copy made now, 1 an earlier copy updated, 2 an earlier copy already held it */
	size_t rows_added;      /* audit rows this database did not have */
	char *origin;           /* conflict: the machine the incoming version came from */
	int content_changed;    /* updated: the content changed (0: only the history grew) */
	int mismatch;           /* conflict: its history extends ours, but its new rows do not make
				 * its content of ours (历史与内容不符) */
	int trashed;            /* new or updated: its history leaves it in the trash */
	size_t comments_added;  /* updated or newer here: comment rows (comment.h) this database did not have
				 * (counted in rows_added too) */
	char *unit, *dept;      /* the incoming sheet's 实施单位 and 主管部门 (NULL: not filled) */
	int answered;           /* it was 已退回 here and arrives 已送审 again */
} jx_merge_item;

typedef struct {
	jx_merge_item *v;
	size_t n;
	size_t count[JX_MERGE_NRESULTS];
} jx_merge_report;

#define JX_MERGE_REFUSED (-2)

/* Merge the sheets of the bundles, in order, in one transaction: either
 * every sheet is merged or the database is unchanged.  user is recorded in
 * the local audit rows (sheets without history, conflict bookkeeping).
 * Returns 0; -1 on a database error; JX_MERGE_REFUSED when a bundle
 * contradicts the database or itself: an audit id this database knows with
 * other content (two databases share an id, e.g. a copied database file),
 * a row with this database's own id that it does not hold (forged, or from
 * a copy of this database), or a sheet whose last finalise row does not
 * carry the digest of its content (or that is final where its history says
 * reopened, or not final where it says finalised).
 * An incoming sheet whose history extends ours but whose new rows do not
 * turn our content into its content is kept as a conflict copy (mismatch).
 * The trash follows the last sheet:deleted row of a sheet's history.
 * The sheets in the bundles are consumed as scratch (ids and uids change). */
int jx_merge_bundles(jx_store *st, jx_bundle *b, size_t nb, const char *user, jx_merge_report *rep, jx_err *err);
/* One sheet s (with its history h, NULL = none) of file merged as
 * jx_merge_bundles merges each, inside the caller's transaction (begun with
 * jx_store_begin; on an error the caller rolls it back): its item added to
 * rep and counted.  The same returns; s is consumed as scratch. */
int jx_merge_sheet(jx_store *st, const char *file, const jx_templates *set, jx_sheet *s, const jx_sheet_history *h,
		   const char *user, jx_merge_report *rep, jx_err *err);
void jx_merge_report_free(jx_merge_report *r);

/* 新增 / 已更新 / 本机较新 / 未变 / 冲突 (or English with jx_lang). */
const char *jx_merge_result_label(jx_merge_result r);

/* The conflict a sheet number names: `id` is either a conflict copy (then
 * *of is its sheet) or a sheet with exactly one conflict copy.  0, or -1
 * with a message (no conflict; several copies: name the copy). */
int jx_merge_find_conflict(jx_store *st, int64_t id, int64_t *of, int64_t *copy, jx_err *err);

#endif
