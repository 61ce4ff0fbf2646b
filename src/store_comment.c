/* The store of comments (comment.h): a sheet's comment rows read, and one
 * written with the revision bumped, in one transaction. */
#include "comment.h"
#include "store_int.h"

#include <stdio.h>
#include <string.h>

int jx_store_comments(jx_store *st, int64_t id, jx_comments *out, jx_err *err)
{
	jx_audit_row *rows = NULL;
	size_t n = 0;
	int rc;
	memset(out, 0, sizeof *out);
	/* "comment" and every "comment:…" row of the sheet (audit_comments index) */
	if (jx_store_history(st, id, "comment", &rows, &n, err))
		return -1;
	rc = jx_comments_fold(rows, n, out, err);
	jx_audit_free(rows, n);
	return rc;
}

int jx_store_comment_row(jx_store *st, jx_sheet *s, const char *cid, const char *what, const char *old_value,
			 const char *new_value, const char *user, char *new_cid, jx_err *err)
{
	char made[40], field[128], at[32];
	int64_t rev = 0;
	if (store_sheet_writable(st, s, err))
		return -1;
	if (!cid) {
		unsigned char b[8];
		sqlite3_randomness(sizeof b, b);
		snprintf(made, sizeof made, "%02x%02x%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6],
			 b[7]);
		cid = made;
	}
	if (what && *what)
		snprintf(field, sizeof field, "comment:%s:%s", cid, what);
	else
		snprintf(field, sizeof field, "comment:%s", cid);
	store_now(at);
	if (jx_db_begin(&st->db, err))
		return -1;
	if (jx_store_revision(st, s->id, &rev, err) ||
	    store_commit_change(st, s->id, rev, at, user, field, old_value, new_value, err)) {
		jx_db_rollback(&st->db);
		return -1;
	}
	store_adopt_change(st, s, rev, at);
	if (new_cid)
		snprintf(new_cid, 40, "%s", cid);
	return 0;
}

int jx_store_comment_stamp(jx_store *st, int64_t id, int64_t *stamp, jx_err *err)
{
	/* the number of rows and the last local row number: either moves
	 * whenever a row arrives (audit_comments index) */
	return jx_db_int(&st->db, err, stamp,
			 "SELECT count(*) * 1000000000 + coalesce(max(id), 0) FROM audit "
			 "WHERE sheet_id = ?1 AND field GLOB 'comment:*'",
			 DB_VALS(DB_INT(id)));
}
