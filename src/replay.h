/* Replaying a sheet's history: the audit rows that another machine added to
 * a sheet applied, in order, to the content this machine holds.  A bundle
 * whose history extends ours must bring exactly the content its new rows
 * make of ours; otherwise the content changed without a record of it
 * (share/sheet-format.md, "Bundles and merging").
 *
 * What each row does:
 *   a field path (field.h)         its new value is set
 *   ind:<key>, fund:<source>,      a row added (old empty: its columns are
 *   sub:<i>, basis:<i>, goal:<i>   the summary "col=value; …") or deleted
 *   ind:<key>:pos                  the indicator moved from old to new (1-based)
 *   sheet:finalise / sheet:reopen  the status becomes 定稿 / what it was before;
 *                                  a finalise row's digest must be that of
 *                                  the content replayed up to it
 *   sheet:deleted                  the trash (not content)
 *   sheet:create, sheet:replace,   the whole sheet was written at once: the
 *   sheet:resolve                  content that follows is the row's to explain
 * The order of indicators and of fund sources is not compared at the end:
 * the rows that add them do not record a position (an indicator put in
 * mid-list is followed by its move row; fund rows are not).  A finalise
 * row's digest, which does depend on order, is taken on the replayed order
 * or else on the arriving content's order.
 */
#ifndef JX_REPLAY_H
#define JX_REPLAY_H

#include <stddef.h>
#include "err.h"
#include "model.h"
#include "store.h"
#include "template.h"

/* Do the rows i of `rows` with is_new[i] (the others are the history both
 * sides share, read for what a reopen goes back to) turn `from` into `to`?
 * 1 yes, 0 no, -1 out of memory (err).  A row that writes the whole sheet
 * (create, replace, resolve) explains any content.  t: the sheet's
 * template, or NULL. */
int jx_replay_explains(const jx_sheet *from, const jx_template *t, const jx_audit_row *rows, size_t n,
		       const unsigned char *is_new, const jx_sheet *to, jx_err *err);

/* The last row that writes the whole sheet (create, replace, resolve), or
 * -1: a history without one cannot explain a sheet it brings new. */
long jx_replay_whole(const jx_audit_row *rows, size_t n);

/* The trash state the history gives: the new value of its last
 * sheet:deleted row (1 in the trash), or -1 when it has none. */
int jx_replay_trashed(const jx_audit_row *rows, size_t n);

#endif
