/* The store: writing whole sheets (insert, bulk insert, replace), the rows
 * of their lists, the trash, and the steps every change shares: its audit
 * row and the new revision. */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void store_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int store_sheet_writable(jx_store *st, const jx_sheet *s, jx_err *err)
{
	if (store_writable(st, err))
		return -1;
	if (s->id <= 0) {
		jx_err_set(err, "评价表尚未保存到数据库", "the sheet is not in the database yet");
		return -1;
	}
	return 0;
}

int store_audit(jx_store *st, const char *at, const char *user, int64_t sheet, const char *field, const char *old_value,
		const char *new_value, jx_err *err)
{
	/* the row's global id is this database's id and the row's own number,
	 * chosen here (rows are never deleted, so max + 1 is never reused) */
	return jx_db_exec(&st->db, err,
			  "INSERT INTO audit (id, gid, origin, at, \"user\", sheet_id, field, old_value, new_value) "
			  "SELECT n, :db_id || ':' || n, :origin, :at, :user, :sheet, :field, :old, :new "
			  "FROM (SELECT coalesce(max(id), 0) + 1 AS n FROM audit)",
			  DB_VALS(DB_AT(":at", DB_STR(at)),
				  DB_AT(":user", DB_STR(user && *user ? user : jx_current_user())),
				  DB_AT(":sheet", DB_INT(sheet)), DB_AT(":field", DB_STR(field)),
				  DB_AT(":old", DB_TEXT(old_value)), DB_AT(":new", DB_TEXT(new_value)),
				  DB_AT(":db_id", DB_STR(st->db_id)), DB_AT(":origin", DB_TEXT(st->origin))));
}

int store_bump(jx_store *st, int64_t id, int64_t rev, const char *at, jx_err *err)
{
	return jx_db_exec(&st->db, err, "UPDATE sheets SET revision = ?2, updated_at = ?3, origin = ?4 WHERE id = ?1",
			  DB_VALS(DB_INT(id), DB_INT(rev), DB_TEXT(at), DB_TEXT(st->origin)));
}

int store_commit_change(jx_store *st, int64_t id, int64_t rev, const char *at, const char *user, const char *field,
			const char *old_value, const char *new_value, jx_err *err)
{
	if (store_audit(st, at, user, id, field, old_value, new_value, err) || store_bump(st, id, rev + 1, at, err))
		return -1;
	return jx_db_commit(&st->db, err);
}

int store_end_change(jx_store *st, jx_sheet *s, int failed, int64_t rev, const char *at, const char *user,
		     const char *field, const char *old_value, const char *new_value, jx_err *err)
{
	if (failed || store_commit_change(st, s->id, rev, at, user, field, old_value, new_value, err)) {
		jx_db_rollback(&st->db);
		return -1;
	}
	store_adopt_change(st, s, rev, at);
	return 0;
}

void store_adopt_change(jx_store *st, jx_sheet *s, int64_t rev, const char *at)
{
	if (s->revision == rev)
		s->revision = rev + 1;
	jx_set_str(&s->updated_at, at);
	jx_set_str(&s->origin, st->origin);
}

void store_after_commit_oom(jx_err *err)
{
	jx_err_set(err, "已保存，但内存不足，请重新载入评价表", "saved, but out of memory: reload the sheet");
}

/* ---- rows of a sheet's lists ---- */

/* A sheet's indicators go into the database in one statement that reads
 * them from memory (store_ind_rows.c): each INSERT into indicators fires
 * the finalised sheet's guard trigger, which makes SQLite keep a statement
 * journal (a copy of each page the statement changes) and, for an INSERT
 * of several rows, copy the rows into a temporary table first; one
 * statement pays for the journal once a sheet (and in a bulk import the
 * store holds that guard itself, once a sheet: store_bulk_guard.c).  Bound as parameters, 32
 * rows to a statement, the values cost over 3,000 instructions a row to
 * hand over (a call to bind each, every parameter cleared for the next
 * statement, and the statement copying them into its registers); read
 * from the table about 1,400.  Chunks of 16, 32 and 64 rows read from it
 * measured no better than one statement for the 300 rows.  v[0..n) go
 * in at pos first, first + 1, ... of sheet id. */
static int insert_ind_at(jx_store *st, int64_t id, const jx_indicator *v, size_t n, size_t first, jx_err *err)
{
	store_ind_src src = {v, n, first};
	sqlite3_stmt *q;
	if (n == 0)
		return 0;
	/* in a bulk import the store, not the trigger, keeps new rows out of
	 * a finalised sheet (store_bulk_guard.c) */
	if (store_bulk_guard_check(st, id, err))
		return -1;
	q = jx_db_prepare(&st->db,
			  "INSERT INTO indicators (sheet_id, pos, " IND_COLS ") SELECT ?1, pos, " IND_COLS
			  " FROM " STORE_IND_SRC "(?2)",
			  err);
	if (!q)
		return -1;
	jx_db_bind(&st->db, q, 1, DB_INT(id));
	jx_db_bind_pointer(&st->db, q, 2, &src, STORE_IND_SRC);
	return jx_db_run(&st->db, q, err);
}

static int insert_ind_rows(jx_store *st, int64_t id, const jx_indicator *v, size_t n, jx_err *err)
{
	return insert_ind_at(st, id, v, n, 0, err);
}

int store_insert_ind_row(jx_store *st, int64_t id, const jx_indicator *d, int64_t pos, jx_err *err)
{
	return insert_ind_at(st, id, d, 1, (size_t)pos, err);
}

int store_insert_fund_row(jx_store *st, int64_t id, const jx_fund *f, int64_t pos, jx_err *err)
{
	return jx_db_exec(&st->db, err,
			  pos >= 0 ? "INSERT INTO funds (sheet_id, pos, source, planned, budget, received, spent, forecast) "
				     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
				   : "INSERT INTO funds (sheet_id, pos, source, planned, budget, received, spent, forecast) "
				     "VALUES (?1, (SELECT coalesce(max(pos) + 1, 0) FROM funds WHERE sheet_id = ?1), "
				     "?3, ?4, ?5, ?6, ?7, ?8)",
			  DB_VALS(DB_INT(id), pos >= 0 ? DB_INT(pos) : DB_NULL, DB_TEXT(f->source), DB_DEC(f->planned),
				  DB_DEC(f->budget), DB_DEC(f->received), DB_DEC(f->spent), DB_DEC(f->forecast)));
}

int store_insert_sub_row(jx_store *st, int64_t id, const jx_subproject *p, int64_t pos, jx_err *err)
{
	return jx_db_exec(&st->db, err,
			  "INSERT INTO subprojects (sheet_id, pos, name, budget, spent) VALUES (?1, ?2, ?3, ?4, ?5)",
			  DB_VALS(DB_INT(id), DB_INT(pos), DB_TEXT(p->name), DB_DEC(p->budget), DB_DEC(p->spent)));
}

int store_insert_goal_row(jx_store *st, int64_t id, const jx_goal *g, int64_t pos, jx_err *err)
{
	return jx_db_exec(&st->db, err, "INSERT INTO goals (sheet_id, pos, planned, actual, points) VALUES (?1, ?2, ?3, ?4, ?5)",
			  DB_VALS(DB_INT(id), DB_INT(pos), DB_TEXT(g->planned), DB_TEXT(g->actual), DB_DEC(g->points)));
}

int store_insert_basis_row(jx_store *st, int64_t id, const char *text, int64_t pos, jx_err *err)
{
	return jx_db_exec(&st->db, err, "INSERT INTO basis (sheet_id, pos, text) VALUES (?1, ?2, ?3)",
			  DB_VALS(DB_INT(id), DB_INT(pos), DB_TEXT(text)));
}

/* Keyed rows (marks, entries, measures) are appended after the last one on
 * disk: another workstation may have added one meanwhile. */
int store_insert_mark_row(jx_store *st, int64_t id, const jx_mark *m, jx_err *err)
{
	return jx_db_exec(&st->db, err,
			  "INSERT INTO marks (sheet_id, pos, node, item, awarded) VALUES (?1, "
			  "(SELECT coalesce(max(pos) + 1, 0) FROM marks WHERE sheet_id = ?1), ?2, ?3, ?4)",
			  DB_VALS(DB_INT(id), DB_TEXT(m->node), DB_INT(m->item), DB_DEC(m->awarded)));
}

int store_insert_entry_row(jx_store *st, int64_t id, const jx_entry *e, jx_err *err)
{
	return jx_db_exec(&st->db, err,
			  "INSERT INTO entries (sheet_id, pos, node, score, note) VALUES (?1, "
			  "(SELECT coalesce(max(pos) + 1, 0) FROM entries WHERE sheet_id = ?1), ?2, ?3, ?4)",
			  DB_VALS(DB_INT(id), DB_TEXT(e->node), DB_DEC(e->score), DB_TEXT(e->note)));
}

int store_insert_measure_row(jx_store *st, int64_t id, const jx_measure *m, jx_err *err)
{
	return jx_db_exec(&st->db, err,
			  "INSERT INTO measures (sheet_id, pos, name, value) VALUES (?1, "
			  "(SELECT coalesce(max(pos) + 1, 0) FROM measures WHERE sheet_id = ?1), ?2, ?3)",
			  DB_VALS(DB_INT(id), DB_TEXT(m->name), DB_DEC(m->value)));
}

static int insert_stated_row(jx_store *st, int64_t id, const jx_stated *t, int64_t pos, jx_err *err)
{
	return jx_db_exec(&st->db, err,
			  "INSERT INTO stated (sheet_id, pos, path, value, text, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			  DB_VALS(DB_INT(id), DB_INT(pos), DB_TEXT(t->path), DB_DEC(t->value), DB_TEXT(t->text),
				  DB_TEXT(t->source)));
}

int store_upsert_narr(jx_store *st, int64_t id, int i, const char *text, jx_err *err)
{
	return jx_db_exec(&st->db, err,
			  "INSERT INTO narrative (sheet_id, section, text) VALUES (?1, ?2, ?3) "
			  "ON CONFLICT (sheet_id, section) DO UPDATE SET text = excluded.text",
			  DB_VALS(DB_INT(id), DB_TEXT(jx_narr_labels[i].key), DB_TEXT(text)));
}

static int insert_children(jx_store *st, int64_t id, const jx_sheet *s, jx_err *err)
{
	size_t i;
	int rc = 0;
	for (i = 0; !rc && i < s->n_basis; i++)
		rc = store_insert_basis_row(st, id, s->basis[i], (int64_t)i, err);
	for (i = 0; !rc && i < s->n_funds; i++)
		rc = store_insert_fund_row(st, id, &s->funds[i], (int64_t)i, err);
	for (i = 0; !rc && i < s->n_subs; i++)
		rc = store_insert_sub_row(st, id, &s->subs[i], (int64_t)i, err);
	for (i = 0; !rc && i < s->n_goals; i++)
		rc = store_insert_goal_row(st, id, &s->goals[i], (int64_t)i, err);
	if (!rc)
		rc = insert_ind_rows(st, id, s->inds, s->n_inds, err);
	for (i = 0; !rc && i < s->n_marks; i++)
		rc = store_insert_mark_row(st, id, &s->marks[i], err);
	for (i = 0; !rc && i < s->n_entries; i++)
		rc = store_insert_entry_row(st, id, &s->entries[i], err);
	for (i = 0; !rc && i < s->n_measures; i++)
		rc = store_insert_measure_row(st, id, &s->measures[i], err);
	for (i = 0; !rc && i < s->n_stated; i++)
		rc = insert_stated_row(st, id, &s->stated[i], (int64_t)i, err);
	for (int k = 0; !rc && k < JX_NARR_COUNT; k++)
		if (s->narr[k] && *s->narr[k])
			rc = store_upsert_narr(st, id, k, s->narr[k], err);
	return rc ? -1 : 0;
}

static int delete_children(jx_store *st, int64_t id, jx_err *err)
{
	static const char *const sql[] = {
		"DELETE FROM basis WHERE sheet_id = ?1",      "DELETE FROM funds WHERE sheet_id = ?1",
		"DELETE FROM subprojects WHERE sheet_id = ?1", "DELETE FROM goals WHERE sheet_id = ?1",
		"DELETE FROM indicators WHERE sheet_id = ?1", "DELETE FROM marks WHERE sheet_id = ?1",
		"DELETE FROM entries WHERE sheet_id = ?1",    "DELETE FROM measures WHERE sheet_id = ?1",
		"DELETE FROM stated WHERE sheet_id = ?1",     "DELETE FROM narrative WHERE sheet_id = ?1",
	};
	for (size_t i = 0; i < NMAP(sql); i++)
		if (jx_db_exec(&st->db, err, sql[i], DB_VALS(DB_INT(id))))
			return -1;
	return 0;
}

/* ---- whole sheets ---- */

/* Binds the SHEET_COLS values as ?1..?n. */
static void bind_sheet(jx_store *st, sqlite3_stmt *q, const jx_sheet *s, const char *uid, int64_t rev,
		       const char *updated_at)
{
	int c = 1;
	jx_db_bind(&st->db, q, c++, DB_TEXT(uid));
	jx_db_bind(&st->db, q, c++, DB_TEXT(s->template_id));
	jx_db_bind(&st->db, q, c++, DB_INT(s->template_version));
	jx_db_bind(&st->db, q, c++, DB_INT(s->year));
	int returned;
	jx_db_bind(&st->db, q, c++, DB_TEXT(store_status_col(s->status, &returned)));
	for (int i = 0; i < JX_INFO_COUNT; i++)
		jx_db_bind(&st->db, q, c++, DB_TEXT(s->info[i]));
	jx_db_bind(&st->db, q, c++, DB_DEC(s->review_score));
	jx_db_bind(&st->db, q, c++, DB_TEXT(s->review_opinion));
	jx_db_bind(&st->db, q, c++, DB_TEXT(s->review_result));
	jx_db_bind(&st->db, q, c++, DB_INT(rev));
	jx_db_bind(&st->db, q, c++, DB_TEXT(updated_at));
	jx_db_bind(&st->db, q, c++, DB_TEXT(s->origin));
	jx_db_bind(&st->db, q, c++, DB_TEXT(s->stage));
	jx_db_bind(&st->db, q, c++, s->stage_month > 0 ? DB_INT(s->stage_month) : DB_NULL);
	jx_db_bind(&st->db, q, c++, DB_TEXT(s->stage_from));
	jx_db_bind(&st->db, q, c++, DB_INT(returned));
#define BIND_FT(member, ...) jx_db_bind(&st->db, q, c++, DB_DEC(s->funds_total.member));
	JX_FUND_TOTAL_COLUMNS(BIND_FT)
#undef BIND_FT
}

static void new_uid(char out[40])
{
	unsigned char b[16];
	sqlite3_randomness(sizeof b, b);
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* variant 1 */
	snprintf(out, 40, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
		 b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* The uid a new row gets: s's own unless fresh_uid, and not in use. */
static int choose_uid(jx_store *st, const jx_sheet *s, int fresh_uid, char uid[40], jx_err *err)
{
	int64_t existing;
	if (!fresh_uid && s->uid && *s->uid) {
		if (strlen(s->uid) > 39) {
			jx_err_set(err, "评价表编号“%.60s”太长（最多 39 字节）", "sheet uid \"%.60s\" is too long (at most 39 bytes)",
				   s->uid);
			return -1;
		}
		snprintf(uid, 40, "%s", s->uid);
	} else {
		new_uid(uid);
	}
	if (!s->template_id || !*s->template_id) {
		jx_err_set(err, "评价表没有指定模板", "the sheet names no template");
		return -1;
	}
	if (jx_store_find_uid(st, uid, &existing, err))
		return -1;
	if (existing) {
		jx_err_set(err, "编号为“%s”的评价表已在数据库中", "a sheet with uid \"%s\" is already in the database", uid);
		return -1;
	}
	return 0;
}

int store_insert_sheet(jx_store *st, const jx_sheet *s, int fresh_uid, const char *user, const char *at, int64_t *id,
		       char uid[40], jx_err *err)
{
	sqlite3_stmt *q;
	if (choose_uid(st, s, fresh_uid, uid, err))
		return -1;
	if (!(q = jx_db_prepare(&st->db, "INSERT INTO sheets (" SHEET_COLS ") VALUES (" SHEET_QS ")", err)))
		return -1;
	bind_sheet(st, q, s, uid, s->revision, s->updated_at && *s->updated_at ? s->updated_at : at);
	if (jx_db_run(&st->db, q, err))
		return -1;
	*id = jx_db_last_rowid(&st->db);
	if (insert_children(st, *id, s, err))
		return -1;
	if (!user)
		return 0;
	return store_audit(st, at, user, *id, "sheet:create", NULL, s->info[JX_INFO_NAME], err);
}

static int insert_one(jx_store *st, const jx_sheet *s, const char *user, const char *at, int64_t *id, char uid[40],
		      jx_err *err)
{
	if (store_insert_sheet(st, s, 0, user ? user : "", at, id, uid, err))
		return -1;
	return store_is_final_status(s->status) ? store_seal(st, *id, user ? user : "", at, err) : 0;
}

void store_adopt_insert(jx_sheet *s, int64_t id, const char *uid, const char *at)
{
	s->id = id;
	if (!s->uid || strcmp(s->uid, uid) != 0)
		jx_set_str(&s->uid, uid);
	if (!s->updated_at || !*s->updated_at)
		jx_set_str(&s->updated_at, at);
}

int jx_store_insert(jx_store *st, jx_sheet *s, const char *user, jx_err *err)
{
	return jx_store_insert_many(st, &s, 1, user, err);
}

int jx_store_insert_many(jx_store *st, jx_sheet **v, size_t n, const char *user, jx_err *err)
{
	char at[32];
	int64_t *ids;
	char (*uids)[40];
	if (store_writable(st, err))
		return -1;
	if (n == 0)
		return 0;
	ids = calloc(n, sizeof *ids);
	uids = calloc(n, sizeof *uids);
	if (!ids || !uids) {
		free(ids);
		free(uids);
		jx_db_no_memory(err);
		return -1;
	}
	store_now(at);
	if (jx_db_begin(&st->db, err))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (insert_one(st, v[i], user, at, &ids[i], uids[i], err)) {
			if (n > 1) {
				char pre[300];
				snprintf(pre, sizeof pre, L("第 %zu 份评价表（%.200s）：", "sheet %zu (%.200s): "), i + 1,
					 v[i]->info[JX_INFO_NAME] ? v[i]->info[JX_INFO_NAME] : "");
				jx_err_prefix(err, pre);
			}
			jx_db_rollback(&st->db);
			goto fail;
		}
	if (jx_db_commit(&st->db, err))
		goto fail;
	for (size_t i = 0; i < n; i++)
		store_adopt_insert(v[i], ids[i], uids[i], at);
	free(ids);
	free(uids);
	return 0;
fail:
	free(ids);
	free(uids);
	return -1;
}

static int not_stored(jx_err *err)
{
	jx_err_set(err, "评价表尚未保存到数据库，无法替换", "the sheet is not in the database, so it cannot be replaced");
	return -1;
}

int store_replace_content(jx_store *st, const jx_sheet *s, const char *at, int64_t *old_rev, int64_t *new_rev,
			  char **disk_uid, jx_err *err)
{
	sqlite3_stmt *q;
	*disk_uid = NULL;
	if (s->id <= 0)
		return not_stored(err);
	q = store_sheet_row(st, "SELECT revision, uid FROM sheets WHERE id = ?1", s->id, err);
	if (!q)
		return -1;
	*old_rev = sqlite3_column_int64(q, 0);
	if (jx_db_col_text(q, 1, disk_uid, err))
		return -1;
	sqlite3_reset(q);
	if (s->uid && *s->uid && *disk_uid && strcmp(s->uid, *disk_uid) != 0) {
		jx_err_set(err, "编号不一致：数据库中为“%s”，导入的为“%s”", "uid mismatch: \"%s\" in the database, \"%s\" given",
			   *disk_uid, s->uid);
		return -1;
	}
	*new_rev = s->revision > *old_rev + 1 ? s->revision : *old_rev + 1;
	if (!(q = jx_db_prepare(&st->db, "UPDATE sheets SET (" SHEET_COLS ") = (" SHEET_QS ") WHERE id = :id", err)))
		return -1;
	bind_sheet(st, q, s, *disk_uid, *new_rev, s->updated_at && *s->updated_at ? s->updated_at : at);
	jx_db_bind(&st->db, q, 0, DB_AT(":id", DB_INT(s->id)));
	if (jx_db_run(&st->db, q, err) || delete_children(st, s->id, err) || insert_children(st, s->id, s, err))
		return -1;
	return 0;
}

/* After a committed replace: what the database now says. */
static void store_adopt_replace(jx_sheet *s, int64_t new_rev, const char *disk_uid, const char *at)
{
	s->revision = new_rev;
	if (!s->uid || !*s->uid)
		jx_set_str(&s->uid, disk_uid);
	if (!s->updated_at || !*s->updated_at)
		jx_set_str(&s->updated_at, at);
}

/* Replace the stored sheet s->id by s in one transaction: its content, then
 * the received rows (received) or a "sheet:replace" audit row saying why;
 * a sheet with status "final" is sealed (with its own audit row but when
 * received). */
static int replace_sheet(jx_store *st, jx_sheet *s, int received, const char *user, const char *why,
			 const jx_audit_row *rows, size_t n, size_t *added, jx_err *err)
{
	char at[32], old[64], *disk_uid = NULL;
	int64_t rev = 0, new_rev = 0;
	int failed;
	store_now(at);
	if (jx_db_begin(&st->db, err))
		return -1;
	failed = store_check_editable(st, s->id, err) ||
		 store_replace_content(st, s, at, &rev, &new_rev, &disk_uid, err);
	snprintf(old, sizeof old, "revision %lld", (long long)rev);
	failed = failed ||
		 (received ? store_append_rows(st, s->id, rows, n, added, err)
			   : store_audit(st, at, user, s->id, "sheet:replace", old, why, err)) ||
		 (store_is_final_status(s->status) && store_seal(st, s->id, received ? NULL : user ? user : "", at, err)) ||
		 jx_db_commit(&st->db, err);
	if (failed)
		jx_db_rollback(&st->db);
	else
		store_adopt_replace(s, new_rev, disk_uid, at);
	free(disk_uid);
	return failed ? -1 : 0;
}

int jx_store_replace(jx_store *st, jx_sheet *s, const char *user, const char *why, jx_err *err)
{
	if (store_writable(st, err))
		return -1;
	if (s->id <= 0)
		return not_stored(err);
	return replace_sheet(st, s, 0, user, why, NULL, 0, NULL, err);
}

int jx_store_replace_received(jx_store *st, jx_sheet *s, const jx_audit_row *rows, size_t n, size_t *added,
			      jx_err *err)
{
	if (added)
		*added = 0;
	if (store_writable(st, err))
		return -1;
	return replace_sheet(st, s, 1, NULL, NULL, rows, n, added, err);
}

/* ---- trash ---- */

int jx_store_trash(jx_store *st, int64_t id, int deleted, const char *user, jx_err *err)
{
	sqlite3_stmt *q;
	char at[32];
	int64_t rev, was;
	deleted = deleted ? 1 : 0;
	if (store_writable(st, err))
		return -1;
	store_now(at);
	if (jx_db_begin(&st->db, err))
		return -1;
	q = store_sheet_row(st, "SELECT deleted, revision FROM sheets WHERE id = ?1", id, err);
	if (!q)
		goto fail;
	was = sqlite3_column_int64(q, 0);
	rev = sqlite3_column_int64(q, 1);
	sqlite3_reset(q);
	if (store_check_editable(st, id, err))
		goto fail;
	if (was == deleted) {
		jx_db_rollback(&st->db);
		return 0;
	}
	if (jx_db_exec(&st->db, err, "UPDATE sheets SET deleted = ?2 WHERE id = ?1",
		       DB_VALS(DB_INT(id), DB_INT(deleted))) ||
	    store_bump(st, id, rev + 1, at, err) ||
	    store_audit(st, at, user, id, "sheet:deleted", was ? "1" : "0", deleted ? "1" : "0", err) ||
	    jx_db_commit(&st->db, err))
		goto fail;
	return 0;
fail:
	jx_db_rollback(&st->db);
	return -1;
}
