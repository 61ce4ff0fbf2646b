/* The store: finalised sheets (定稿).  Finalising keeps a SHA-256 of the
 * sheet's canonical content with it and every edit checks for it; reopening
 * needs a reason; verifying recomputes the digest and also reads the
 * sheet's (append-only) history, in case the mark itself was removed. */
#include "store_int.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statuses a sheet may have had before it was finalised. */
static const char *const valid_prev[] = {"draft", "submitted", "reviewed"};

static int is_valid_prev(const char *v)
{
	for (size_t i = 0; v && i < NMAP(valid_prev); i++)
		if (strcmp(v, valid_prev[i]) == 0)
			return 1;
	return 0;
}

int store_is_final_status(const char *status)
{
	return status && strcmp(status, "final") == 0;
}

static void final_error(jx_err *err, int64_t id)
{
	jx_err_set(err, "该表已定稿，须先重新打开（jixiao reopen %lld --reason …）才能修改",
		   "the sheet is finalised: reopen it first (jixiao reopen %lld --reason …) to change it", (long long)id);
}

/* 1 when sheet id is finalised, 0 when not, -1 on error (an absent sheet
 * too).  *copy (may be NULL): it is a conflict copy. */
static int final_state(jx_store *st, int64_t id, int *copy, jx_err *err)
{
	int64_t v;
	int rc = jx_db_int(&st->db, err, &v,
			   "SELECT (final_digest IS NOT NULL) + 2 * (conflict_of IS NOT NULL) FROM sheets WHERE id = ?1",
			   DB_VALS(DB_INT(id)));
	if (rc <= 0)
		return rc < 0 ? -1 : store_not_found(err, id);
	if (copy)
		*copy = (v & 2) != 0;
	return (v & 1) != 0;
}

int store_check_editable(jx_store *st, int64_t id, jx_err *err)
{
	int f = final_state(st, id, NULL, err);
	if (f < 0)
		return -1;
	if (f) {
		final_error(err, id);
		return -1;
	}
	return 0;
}

/* Inside the caller's transaction: the digest of sheet id as stored now. */
static int stored_digest(jx_store *st, int64_t id, char hex[65], jx_err *err)
{
	jx_sheet *d = jx_sheet_new();
	if (!d) {
		jx_db_no_memory(err);
		return -1;
	}
	if (store_load_parts(st, id, d, PART_ALL, NULL, err)) {
		jx_sheet_free(d);
		return -1;
	}
	if (jx_sheet_digest(d, hex)) {
		jx_sheet_free(d);
		jx_err_set(err, "无法计算评价表 %lld 的 SHA-256 摘要", "cannot compute the SHA-256 digest of sheet %lld",
			   (long long)id);
		return -1;
	}
	jx_sheet_free(d);
	return 0;
}

/* Inside the caller's transaction: keep the digest of the stored content
 * of sheet id with it; *hex gets it. */
static int store_digest(jx_store *st, int64_t id, char hex[65], jx_err *err)
{
	if (stored_digest(st, id, hex, err))
		return -1;
	return jx_db_exec(&st->db, err, "UPDATE sheets SET final_digest = ?2 WHERE id = ?1",
			  DB_VALS(DB_INT(id), DB_STR(hex)));
}

/* Sheet id was stored with status "final" (an imported or received
 * finalised sheet, or one an older version marked final): keep the digest
 * of its content, so that it is finalised here too. */
int store_seal(jx_store *st, int64_t id, const char *user, const char *at, jx_err *err)
{
	char hex[65], val[80];
	int copy = 0;
	if (final_state(st, id, &copy, err) < 0)
		return -1;
	if (copy)
		return 0;
	if (store_digest(st, id, hex, err))
		return -1;
	if (!user)
		return 0;
	snprintf(val, sizeof val, "sha256:%s", hex);
	return store_audit(st, at, user, id, "sheet:finalise", NULL, val, err);
}

int store_seal_legacy(jx_store *st, jx_err *err)
{
	sqlite3_stmt *q = jx_db_prepare(&st->db,
					"SELECT id FROM sheets WHERE status = 'final' AND final_digest IS NULL AND "
					"conflict_of IS NULL ORDER BY id",
					err);
	int64_t *ids;
	size_t n;
	char at[32];
	int rc = 0;
	if (jx_db_ints(&st->db, q, &ids, &n, err))
		return -1;
	store_now(at);
	for (size_t i = 0; !rc && i < n; i++)
		rc = store_seal(st, ids[i], "", at, err);
	free(ids);
	return rc ? -1 : 0;
}

/* ---- finalise ---- */

/* Inside the transaction: may s be finalised as the caller sees it?  *rev
 * the revision and *prev (malloc'd) the status on disk. */
static int check_finalisable(jx_store *st, const jx_sheet *s, int64_t *rev, char **prev, jx_err *err)
{
	sqlite3_stmt *q = store_sheet_row(st,
					  "SELECT revision, " STORE_STATUS_SQL ", final_digest IS NOT NULL, deleted, "
					  "conflict_of IS NOT NULL FROM sheets WHERE id = ?1",
					  s->id, err);
	int64_t copies;
	int fin, deleted, copy;
	if (!q)
		return -1;
	*rev = sqlite3_column_int64(q, 0);
	if (jx_db_col_text(q, 1, prev, err))
		return -1;
	fin = sqlite3_column_int(q, 2);
	deleted = sqlite3_column_int(q, 3);
	copy = sqlite3_column_int(q, 4);
	sqlite3_reset(q);
	if (fin) {
		jx_err_set(err, "评价表 %lld 已经定稿", "sheet %lld is already finalised", (long long)s->id);
		return -1;
	}
	if (jx_texteq(*prev, "returned")) {
		jx_err_set(err, "评价表 %lld 已退回，重新上报之前不能定稿",
			   "sheet %lld is returned and cannot be finalised before it is submitted again", (long long)s->id);
		return -1;
	}
	if (copy) {
		jx_err_set(err, "评价表 %lld 是冲突副本，不能定稿；请先用 jixiao resolve 处理冲突",
			   "sheet %lld is a conflict copy and cannot be finalised; settle the conflict first with jixiao resolve",
			   (long long)s->id);
		return -1;
	}
	if (deleted) {
		jx_err_set(err, "评价表 %lld 在回收站中，不能定稿", "sheet %lld is in the trash and cannot be finalised",
			   (long long)s->id);
		return -1;
	}
	if (*rev != s->revision) {
		jx_err_set(err, "评价表已被其他工作站修改，请重新载入、核对后再定稿",
			   "the sheet was changed by another workstation; reload it, check it and finalise again");
		return -1;
	}
	if (jx_db_int(&st->db, err, &copies, "SELECT count(*) FROM sheets WHERE conflict_of = ?1 AND deleted = 0",
		      DB_VALS(DB_INT(s->id))) < 0)
		return -1;
	if (copies > 0) {
		jx_err_set(err, "评价表 %lld 还有未处理的冲突副本，不能定稿；请先用 jixiao resolve 处理",
			   "sheet %lld has a conflict copy not yet settled and cannot be finalised; settle it first with jixiao resolve",
			   (long long)s->id);
		return -1;
	}
	return 0;
}

int jx_store_finalise(jx_store *st, jx_sheet *s, const char *user, jx_err *err)
{
	char at[32], hex[65], val[80], *prev = NULL;
	int64_t rev = 0;
	if (store_sheet_writable(st, s, err))
		return -1;
	store_now(at);
	if (jx_db_begin(&st->db, err))
		return -1;
	if (check_finalisable(st, s, &rev, &prev, err) ||
	    jx_db_exec(&st->db, err, "UPDATE sheets SET status = 'final', final_prev_status = ?2 WHERE id = ?1",
		       DB_VALS(DB_INT(s->id), DB_TEXT(is_valid_prev(prev) ? prev : NULL))))
		goto fail;
	/* the digest of the content as it is stored, status "final" included */
	if (store_digest(st, s->id, hex, err))
		goto fail;
	snprintf(val, sizeof val, "sha256:%s", hex);
	if (store_commit_change(st, s->id, rev, at, user, "sheet:finalise", prev, val, err))
		goto fail;
	free(prev);
	jx_set_str(&s->status, "final");
	s->revision = rev + 1;
	jx_set_str(&s->updated_at, at);
	jx_set_str(&s->origin, st->origin);
	return 0;
fail:
	jx_db_rollback(&st->db);
	free(prev);
	return -1;
}

/* ---- reopen ---- */

static int check_reason(const char *reason, jx_err *err)
{
	if (!jx_has_text(reason)) {
		jx_err_set(err, "重新打开定稿的评价表须写明原因", "reopening a finalised sheet needs a reason");
		return -1;
	}
	if (strlen(reason) > 4000) {
		jx_err_set(err, "原因太长（最多 4000 字节）", "the reason is too long (at most 4000 bytes)");
		return -1;
	}
	return 0;
}

/* Inside the transaction: the revision, digest and status before
 * finalisation of sheet id; the status is kept with the sheet or (a sheet
 * finalised elsewhere) in its history's finalise row (*prev NULL: none). */
static int read_final(jx_store *st, int64_t id, int64_t *rev, char **digest, char **prev, jx_err *err)
{
	sqlite3_stmt *q =
		store_sheet_row(st, "SELECT revision, final_digest, final_prev_status FROM sheets WHERE id = ?1", id, err);
	char *old = NULL;
	int rc;
	if (!q)
		return -1;
	*rev = sqlite3_column_int64(q, 0);
	if (jx_db_col_text(q, 1, digest, err) || jx_db_col_text(q, 2, prev, err))
		return -1;
	sqlite3_reset(q);
	if (!*digest) {
		jx_err_set(err, "评价表 %lld 没有定稿，无须重新打开", "sheet %lld is not finalised; there is nothing to reopen",
			   (long long)id);
		return -1;
	}
	if (*prev)
		return 0;
	rc = jx_db_text(&st->db, err, &old,
			"SELECT old_value FROM audit WHERE sheet_id = ?1 AND field = 'sheet:finalise' ORDER BY id DESC LIMIT 1",
			DB_VALS(DB_INT(id)));
	if (rc < 0)
		return -1;
	if (is_valid_prev(old))
		*prev = old;
	else
		free(old);
	return 0;
}

int jx_store_reopen(jx_store *st, jx_sheet *s, const char *reason, const char *user, jx_err *err)
{
	char at[32], old[80], *digest = NULL, *prev = NULL;
	const char *status;
	int64_t rev = 0;
	if (store_sheet_writable(st, s, err) || check_reason(reason, err))
		return -1;
	store_now(at);
	if (jx_db_begin(&st->db, err))
		return -1;
	if (read_final(st, s->id, &rev, &digest, &prev, err))
		goto fail;
	status = prev ? prev : "draft";
	if (jx_db_exec(&st->db, err,
		       "UPDATE sheets SET status = ?2, final_digest = NULL, final_prev_status = NULL WHERE id = ?1",
		       DB_VALS(DB_INT(s->id), DB_TEXT(status))))
		goto fail;
	snprintf(old, sizeof old, "sha256:%s", digest);
	if (store_commit_change(st, s->id, rev, at, user, "sheet:reopen", old, reason, err))
		goto fail;
	jx_set_str(&s->status, status);
	store_adopt_change(st, s, rev, at);
	free(digest);
	free(prev);
	return 0;
fail:
	jx_db_rollback(&st->db);
	free(digest);
	free(prev);
	return -1;
}

/* ---- verify ---- */

/* "sha256:<64 hex>" -> the hex; NULL when v is not that. */
static const char *digest_of(const char *v)
{
	if (!v || strncmp(v, "sha256:", 7) != 0 || strlen(v + 7) != 64 || strspn(v + 7, "0123456789abcdef") != 64)
		return NULL;
	return v + 7;
}

/* What verify reads of a sheet. */
typedef struct {
	char *digest, *status, *last_field, *last_new;
	int copy;
} verify_facts;

static void facts_free(verify_facts *f)
{
	free(f->digest);
	free(f->status);
	free(f->last_field);
	free(f->last_new);
}

static int read_facts(jx_store *st, int64_t id, verify_facts *f, jx_err *err)
{
	sqlite3_stmt *q = store_sheet_row(
		st, "SELECT final_digest, status, conflict_of IS NOT NULL FROM sheets WHERE id = ?1", id, err);
	int rc;
	if (!q)
		return -1;
	f->copy = sqlite3_column_int(q, 2);
	if (jx_db_col_text(q, 0, &f->digest, err) || jx_db_col_text(q, 1, &f->status, err))
		return -1;
	sqlite3_reset(q);
	/* the last change of the sheet's state in its history: finalised,
	 * reopened, or replaced as a whole (import, resolve) */
	q = jx_db_query(&st->db, err,
			"SELECT field, new_value FROM audit WHERE sheet_id = ?1 AND field IN "
			"('sheet:finalise', 'sheet:reopen', 'sheet:resolve', 'sheet:replace') ORDER BY id DESC LIMIT 1",
			DB_VALS(DB_INT(id)));
	if (!q || (rc = jx_db_step(&st->db, q, err)) < 0)
		return -1;
	if (rc == SQLITE_ROW &&
	    (jx_db_col_text(q, 0, &f->last_field, err) || jx_db_col_text(q, 1, &f->last_new, err)))
		return -1;
	sqlite3_reset(q);
	return 0;
}

int jx_store_verify(jx_store *st, int64_t id, int *state, char stored[65], char now[65], jx_err *err)
{
	verify_facts f = {0};
	const char *recorded = NULL;
	*state = 0;
	stored[0] = now[0] = 0;
	/* one read transaction: the digest and the content agree in time */
	if (jx_db_begin_read(&st->db, err))
		return -1;
	if (read_facts(st, id, &f, err))
		goto fail;
	if (f.last_field && strcmp(f.last_field, "sheet:finalise") == 0)
		recorded = digest_of(f.last_new);
	if (!f.copy && (f.digest || store_is_final_status(f.status) || recorded)) {
		if (stored_digest(st, id, now, err))
			goto fail;
		/* the digest written when it was finalised: in the sheet's row,
		 * and in its (append-only) history */
		if (recorded && (!f.digest || strcmp(recorded, f.digest) != 0))
			snprintf(stored, 65, "%s", recorded);
		else if (f.digest)
			snprintf(stored, 65, "%s", f.digest);
		*state = f.digest && strcmp(stored, f.digest) == 0 && strcmp(now, f.digest) == 0 &&
					 store_is_final_status(f.status)
				 ? 1
				 : 2;
	}
	if (jx_db_commit(&st->db, err))
		goto out_err;
	facts_free(&f);
	return 0;
fail:
	jx_db_rollback(&st->db);
out_err:
	facts_free(&f);
	*state = 0;
	stored[0] = now[0] = 0;
	return -1;
}
