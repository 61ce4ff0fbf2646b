/* The store: a sheet's history (its audit rows), and what bundles between
 * machines need of it: audit rows found by global id, sheets received with
 * their history, history appended, conflict copies and their settling. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_COLS "id, at, \"user\", field, old_value, new_value, gid, origin"

void jx_audit_row_clear(jx_audit_row *r)
{
	if (!r)
		return;
	free(r->at);
	free(r->user);
	free(r->field);
	free(r->old_value);
	free(r->new_value);
	free(r->gid);
	free(r->origin);
	memset(r, 0, sizeof *r);
}

void jx_audit_free(jx_audit_row *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		jx_audit_row_clear(&v[i]);
	free(v);
}

static void free_audit_rows(void *v, size_t n)
{
	jx_audit_free(v, n);
}

/* One row of AUDIT_COLS into r; -1 (r cleared) when out of memory. */
static int read_audit_row(sqlite3_stmt *q, jx_audit_row *r)
{
	r->id = sqlite3_column_int64(q, 0);
	r->at = jx_db_col_dup(q, 1);
	r->user = jx_db_col_dup(q, 2);
	r->field = jx_db_col_dup(q, 3);
	r->old_value = jx_db_col_dup(q, 4);
	r->new_value = jx_db_col_dup(q, 5);
	r->gid = jx_db_col_dup(q, 6);
	r->origin = jx_db_col_dup(q, 7);
	if (!r->at || !r->user || !r->field || !r->old_value || !r->new_value || !r->gid || !r->origin) {
		jx_audit_row_clear(r);
		return -1;
	}
	return 0;
}

static int read_audit_any(sqlite3_stmt *q, void *row)
{
	return read_audit_row(q, row);
}

/* field NULL: every row of the sheet; otherwise that field and the fields
 * under it ("ind:i3" also gives "ind:i3:actual"). */
int jx_store_history(jx_store *st, int64_t sheet, const char *field, jx_audit_row **out, size_t *n, jx_err *err)
{
	sqlite3_stmt *q = jx_db_query(&st->db, err,
				      "SELECT " AUDIT_COLS " FROM audit WHERE sheet_id = ?1 AND (?2 IS NULL OR field = ?2 OR "
				      "substr(field, 1, length(?2) + 1) = ?2 || ':') ORDER BY id",
				      DB_VALS(DB_INT(sheet), DB_STR(field)));
	void *v;
	int rc = store_collect(st, q, sizeof **out, read_audit_any, free_audit_rows, &v, n, err);
	*out = v;
	return rc;
}

int jx_store_audit_find(jx_store *st, const char *gid, jx_audit_row *row, jx_err *err)
{
	sqlite3_stmt *q = jx_db_query(&st->db, err,
				      "SELECT " AUDIT_COLS " FROM audit WHERE gid = ?1 ORDER BY id LIMIT 1",
				      DB_VALS(DB_STR(gid ? gid : "")));
	int rc;
	memset(row, 0, sizeof *row);
	if (!q || (rc = jx_db_step(&st->db, q, err)) < 0)
		return -1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return 0;
	}
	rc = read_audit_row(q, row);
	sqlite3_reset(q);
	if (rc) {
		jx_db_no_memory(err);
		return -1;
	}
	return 1;
}

/* ---- history received from another database ---- */

static int check_received_row(const jx_audit_row *r, jx_err *err)
{
	if (!r->gid || !strchr(r->gid, ':') || strlen(r->gid) < 3 || !r->at || !*r->at || !r->user || !*r->user ||
	    !r->field || !*r->field) {
		jx_err_set(err, "修改记录“%s”不完整（需要编号、时间、用户和字段）",
			   "audit row \"%s\" is incomplete (it needs its id, time, user and field)", r->gid ? r->gid : "");
		return -1;
	}
	return 0;
}

int store_append_rows(jx_store *st, int64_t sheet, const jx_audit_row *rows, size_t n, size_t *added, jx_err *err)
{
	size_t cnt = 0;
	for (size_t i = 0; i < n; i++) {
		const jx_audit_row *r = &rows[i];
		if (check_received_row(r, err) ||
		    jx_db_exec(&st->db, err,
			       "INSERT INTO audit (gid, origin, at, \"user\", sheet_id, field, old_value, new_value) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (sheet_id, gid) DO NOTHING",
			       DB_VALS(DB_TEXT(r->gid), DB_TEXT(r->origin), DB_TEXT(r->at), DB_TEXT(r->user),
				       DB_INT(sheet), DB_TEXT(r->field), DB_TEXT(r->old_value), DB_TEXT(r->new_value))))
			return -1;
		cnt += (size_t)jx_db_changes(&st->db);
	}
	if (added)
		*added = cnt;
	return 0;
}

int jx_store_append_history(jx_store *st, int64_t sheet, const jx_audit_row *rows, size_t n, size_t *added,
			    jx_err *err)
{
	int64_t rev;
	size_t cnt = 0;
	if (added)
		*added = 0;
	if (store_writable(st, err) || jx_db_begin(&st->db, err))
		return -1;
	/* rows that arrived raise the revision, so that a workstation showing
	 * the sheet reloads it and shows them (the content is unchanged, so
	 * updated_at and origin stay) */
	if (jx_store_revision(st, sheet, &rev, err) || store_append_rows(st, sheet, rows, n, &cnt, err) ||
	    (cnt && jx_db_exec(&st->db, err, "UPDATE sheets SET revision = ?2 WHERE id = ?1",
			       DB_VALS(DB_INT(sheet), DB_INT(rev + 1)))) ||
	    jx_db_commit(&st->db, err)) {
		jx_db_rollback(&st->db);
		return -1;
	}
	if (added)
		*added = cnt;
	return 0;
}

int jx_store_insert_received(jx_store *st, jx_sheet *s, const jx_audit_row *rows, size_t n, int64_t conflict_of,
			     const char *conflict_origin, jx_err *err)
{
	char at[32], uid[40];
	int64_t id = 0;
	if (store_writable(st, err))
		return -1;
	store_now(at);
	if (jx_db_begin(&st->db, err))
		return -1;
	if (store_insert_sheet(st, s, conflict_of > 0, NULL, at, &id, uid, err))
		goto fail;
	if (conflict_of > 0 &&
	    jx_db_exec(&st->db, err, "UPDATE sheets SET conflict_of = ?2, conflict_origin = ?3 WHERE id = ?1",
		       DB_VALS(DB_INT(id), DB_INT(conflict_of), DB_TEXT(conflict_origin))))
		goto fail;
	if (store_append_rows(st, id, rows, n, NULL, err) ||
	    (conflict_of <= 0 && store_is_final_status(s->status) && store_seal(st, id, NULL, at, err)) ||
	    jx_db_commit(&st->db, err))
		goto fail;
	store_adopt_insert(s, id, uid, at);
	return 0;
fail:
	jx_db_rollback(&st->db);
	return -1;
}

int jx_store_trash_received(jx_store *st, int64_t id, int deleted, jx_err *err)
{
	if (store_writable(st, err))
		return -1;
	return jx_db_exec(&st->db, err, "UPDATE sheets SET deleted = ?2 WHERE id = ?1",
			  DB_VALS(DB_INT(id), DB_INT(deleted ? 1 : 0)));
}

/* ---- conflict copies ---- */

int jx_store_conflict_copies(jx_store *st, int64_t id, int64_t **out, size_t *n, jx_err *err)
{
	sqlite3_stmt *q = jx_db_query(&st->db, err,
				      "SELECT id FROM sheets WHERE conflict_of = ?1 AND deleted = 0 ORDER BY id",
				      DB_VALS(DB_INT(id)));
	return jx_db_ints(&st->db, q, out, n, err);
}

int jx_store_conflict_of(jx_store *st, int64_t id, int64_t *of, char **origin, jx_err *err)
{
	sqlite3_stmt *q = store_sheet_row(st, "SELECT conflict_of, conflict_origin FROM sheets WHERE id = ?1", id, err);
	*of = 0;
	if (origin)
		*origin = NULL;
	if (!q)
		return -1;
	*of = jx_db_col_int(q, 0, 0);
	if (origin && jx_db_col_text(q, 1, origin, err))
		return -1;
	sqlite3_reset(q);
	return 0;
}

int jx_store_resolve(jx_store *st, int64_t of, int64_t copy, int keep_incoming, const char *user, jx_err *err)
{
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	jx_sheet *c = NULL;
	char at[32], *disk_uid = NULL, *copy_uid = NULL;
	int64_t link = 0, rev = 0, new_rev = 0;
	int ret = -1;
	if (store_writable(st, err))
		return -1;
	store_now(at);
	if (jx_db_begin(&st->db, err))
		return -1;
	if (jx_store_conflict_of(st, copy, &link, NULL, err) || store_check_editable(st, of, err))
		goto out;
	if (link != of || of == copy) {
		jx_err_set(err, "评价表 %lld 不是评价表 %lld 的冲突副本", "sheet %lld is not a conflict copy of sheet %lld",
			   (long long)copy, (long long)of);
		goto out;
	}
	if (jx_store_revision(st, of, &rev, err) || jx_store_history(st, copy, NULL, &rows, &nr, err) ||
	    jx_store_load(st, copy, &c, err))
		goto out;
	copy_uid = c->uid;
	c->uid = NULL;
	if (keep_incoming) {
		/* the copy's content under the sheet's own id and uid */
		c->id = of;
		if (store_replace_content(st, c, at, &rev, &new_rev, &disk_uid, err) ||
		    (store_is_final_status(c->status) && store_seal(st, of, NULL, at, err)))
			goto out;
	}
	if (store_append_rows(st, of, rows, nr, NULL, err) ||
	    store_audit(st, at, user, of, "sheet:resolve", copy_uid, keep_incoming ? "incoming" : "local", err) ||
	    store_bump(st, of, (keep_incoming ? new_rev : rev) + 1, at, err) ||
	    jx_store_trash(st, copy, 1, user, err) || jx_db_commit(&st->db, err))
		goto out;
	ret = 0;
out:
	if (ret)
		jx_db_rollback(&st->db);
	jx_audit_free(rows, nr);
	free(copy_uid);
	free(disk_uid);
	jx_sheet_free(c);
	return ret;
}
