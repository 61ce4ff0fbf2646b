/* The store: the review round's steps (review.h).  A step changes the
 * sheet's status and writes its audit row (who, and for a return why) in
 * one transaction, after checking the status on disk: two reviewers acting
 * on one sheet at once cannot both approve what one of them returned. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "review.h"
#include "strutil.h"

const char *store_status_col(const char *status, int *returned)
{
	*returned = jx_texteq(status, "returned");
	return *returned ? "draft" : status;
}

/* Inside the transaction: may step a be taken on s as stored?  *rev the
 * revision, *disk (malloc'd) the status on disk. */
static int check_step(jx_store *st, const jx_sheet *s, jx_review_action a, int64_t *rev, char **disk, jx_err *err)
{
	sqlite3_stmt *q = store_sheet_row(st,
					  "SELECT revision, " STORE_STATUS_SQL ", deleted, conflict_of IS NOT NULL "
					  "FROM sheets WHERE id = ?1",
					  s->id, err);
	int deleted, copy;
	if (!q)
		return -1;
	*rev = sqlite3_column_int64(q, 0);
	if (jx_db_col_text(q, 1, disk, err))
		return -1;
	deleted = sqlite3_column_int(q, 2);
	copy = sqlite3_column_int(q, 3);
	sqlite3_reset(q);
	if (store_check_editable(st, s->id, err))
		return -1;
	if (copy) {
		jx_err_set(err, "评价表 %lld 是冲突副本，请先用 jixiao resolve 处理冲突",
			   "sheet %lld is a conflict copy; settle the conflict first with jixiao resolve", (long long)s->id);
		return -1;
	}
	if (deleted) {
		jx_err_set(err, "评价表 %lld 在回收站中", "sheet %lld is in the trash", (long long)s->id);
		return -1;
	}
	return jx_review_may(a, jx_transitions[a].role, *disk, err);
}

int jx_store_review_step(jx_store *st, jx_sheet *s, jx_review_action a, const char *reason, const char *user,
			 jx_err *err)
{
	const jx_transition *t = &jx_transitions[a];
	const char *to = jx_statuses[t->to].key, *col;
	char at[32], *disk = NULL;
	int64_t rev = 0;
	int returned;
	if (store_sheet_writable(st, s, err))
		return -1;
	if (a == JX_ACT_RETURN && !jx_has_text(reason)) {
		jx_err_set(err, "退回须写明原因", "a return needs a reason");
		return -1;
	}
	store_now(at);
	if (jx_db_begin(&st->db, err))
		return -1;
	col = store_status_col(to, &returned);
	if (check_step(st, s, a, &rev, &disk, err) ||
	    jx_db_exec(&st->db, err, "UPDATE sheets SET status = ?2, returned = ?3 WHERE id = ?1",
		       DB_VALS(DB_INT(s->id), DB_TEXT(col), DB_INT(returned))) ||
	    store_commit_change(st, s->id, rev, at, user, t->field, jx_statuses[jx_status_of(disk)].key,
				a == JX_ACT_RETURN ? reason : to, err)) {
		jx_db_rollback(&st->db);
		free(disk);
		return -1;
	}
	free(disk);
	if (jx_set_str(&s->status, to))
		store_after_commit_oom(err);
	store_adopt_change(st, s, rev, at);
	return 0;
}

int jx_store_last_step(jx_store *st, int64_t id, jx_audit_row *row, jx_err *err)
{
	sqlite3_stmt *q = jx_db_query(&st->db, err,
				      "SELECT at, \"user\", field, old_value, new_value FROM audit WHERE sheet_id = ?1 AND "
				      "field IN ('sheet:submit', 'sheet:return', 'sheet:approve') ORDER BY id DESC LIMIT 1",
				      DB_VALS(DB_INT(id)));
	int rc;
	memset(row, 0, sizeof *row);
	if (!q || (rc = jx_db_step(&st->db, q, err)) < 0)
		return -1;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(q);
		return 0;
	}
	if (jx_db_col_text(q, 0, &row->at, err) || jx_db_col_text(q, 1, &row->user, err) ||
	    jx_db_col_text(q, 2, &row->field, err) || jx_db_col_text(q, 3, &row->old_value, err) ||
	    jx_db_col_text(q, 4, &row->new_value, err)) {
		sqlite3_reset(q);
		jx_audit_row_clear(row);
		return -1;
	}
	sqlite3_reset(q);
	return 1;
}
