/* What the store's files (store_*.c) share: the store itself, its column
 * lists and the steps every change is made of.  Not for other modules:
 * they use store.h.
 *
 * Statements go through db.h (prepared once, every value bound); only
 * column names from the fixed lists below are ever pasted into SQL.  Each
 * change is one transaction that also writes its audit row; the sheet in
 * memory is updated only after the commit succeeded. */
#ifndef JX_STORE_INT_H
#define JX_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "store.h"

struct jx_store {
	jx_db db;
	char *path;
	int readonly;
	int ro_dir;       /* read-only because its directory is (opened immutable) */
	char db_id[80];   /* meta.db_id */
	char origin[256]; /* machine name written into audit rows */
	int defer_sync;   /* jx_store_defer_sync: commits synced by jx_store_sync */
	int unsynced;     /* a commit since the last sync (deferred sync only) */
	int wal_frames;   /* pages in the write-ahead log after the last commit */
	char warning[1024]; /* jx_store_warning */
	char damage[200];   /* a schema object not as the migrations made it ("trigger x") */
	int damage_kind;    /* 1 missing, 2 added, 3 changed */
	struct list_memo *list_memo; /* the list's recent filtered views (store_list_memo.h) */
	int list_cache;              /* the page cache enlarged for the list's filter (store_list_memo.c) */
	char bulk_guard_sql[512];    /* the trigger held by the store in a bulk transaction (store_bulk_guard.c) */
};

/* ---- column lists ---- */

#define STORE_INFO_COL(id, key, zh, en) ", " key
#define STORE_INFO_Q(id, key, zh, en) ", ?"
#define SHEET_COLS                                                                \
	"uid, template_id, template_version, year, status" JX_INFO_FIELDS(STORE_INFO_COL) \
		", review_score, review_opinion, review_result, revision, updated_at, origin, stage, stage_month, stage_from, returned" \
		JX_FUND_TOTAL_COLUMNS(STORE_FT_COL)
#define SHEET_QS "?, ?, ?, ?, ?" JX_INFO_FIELDS(STORE_INFO_Q) ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" JX_FUND_TOTAL_COLUMNS(STORE_IND_Q)
/* the printed funds total: sheets.funds_total_<member> (schema/012) */
#define STORE_FT_COL(member, ...) ", funds_total_" #member
/* A sheet's status as one value: a returned sheet (schema/006_review.sql)
 * keeps 'draft' in status and 1 in returned. */
#define STORE_STATUS_SQL "(CASE WHEN returned = 1 THEN 'returned' ELSE status END)"
/* The two columns of a status (review.h key): what status holds, and
 * whether it is returned. */
const char *store_status_col(const char *status, int *returned);

/* An indicator's SQL columns after its key, in the order of model.h's
 * JX_IND_COLUMNS (the columns of the indicators table in schema/). */
#define STORE_IND_COL(member, ...) ", " #member
#define STORE_IND_Q(member, ...) ", ?"
#define IND_COLS "key" JX_IND_COLUMNS(STORE_IND_COL)

/* Value kinds of mapped columns (TEXT, DEC, CMP, BAND as in JX_IND_COLUMNS). */
typedef enum { K_TEXT, K_DEC, K_INT, K_CMP, K_BAND } vkind;
typedef struct {
	const char *col; /* field path column and SQL column (the same word) */
	vkind kind;
	size_t off;
} colmap;

/* The indicator's columns after its key (JX_IND_COLUMNS). */
extern const colmap store_ind_map[];
extern const size_t store_ind_ncols;

#define NMAP(a) (sizeof(a) / sizeof((a)[0]))

/* The column named col of a map, NULL when it has none (store_load.c). */
const colmap *store_find_map(const colmap *m, size_t n, const char *col);
/* The value of a mapped column of the struct at base, to bind. */
jx_db_val store_mapped_val(const void *base, const colmap *m);

/* ---- common steps (store_write.c unless said) ---- */

/* At open (store_guard.c): refuse -wal/-shm files beside path that are not
 * the user's own or are more readable than the database; note a directory
 * writable by all; compare the schema with the migrations' (a difference
 * makes the store read-only and is kept for jx_store_schema_damage). */
int store_check_side_files(const char *path, jx_err *err);
void store_check_directory(jx_store *st, const char *path);
int store_check_schema(jx_store *st, jx_err *err);

/* A sheet just loaded holds only values jixiao could have stored (counts,
 * amounts, item numbers, text sizes); -1 naming the sheet and the field
 * otherwise (store_range.c).  inds_checked: the indicators were found in
 * range as they were read (store_load.c), so they are not gone over again. */
int store_check_ranges(const jx_sheet *s, int inds_checked, jx_err *err);
/* No template has more checklist items under one node, or more bands. */
enum { STORE_ITEM_MAX = 999, STORE_BAND_MAX = 63 };
/* Whether each indicator column after its key (store_ind_map) must not be
 * negative (store_range.c). */
extern const unsigned char store_ind_nonneg[];

/* Refuse any change to a read-only store (store_open.c). */
int store_writable(jx_store *st, jx_err *err);
/* store_writable, and s is a sheet in the database. */
int store_sheet_writable(jx_store *st, const jx_sheet *s, jx_err *err);
/* "there is no sheet <id>", and -1 (store_load.c). */
int store_not_found(jx_err *err, int64_t id);
/* The row of sheet id that sql (binding ?1 to id) reads, stepped onto it
 * (reset it when done); NULL with a message, also when there is no sheet id
 * (store_load.c). */
sqlite3_stmt *store_sheet_row(jx_store *st, const char *sql, int64_t id, jx_err *err);
/* The time of a change, as audit rows and sheets record it (UTC). */
void store_now(char out[32]);
/* The audit row of a change, inside the caller's transaction. */
int store_audit(jx_store *st, const char *at, const char *user, int64_t sheet, const char *field, const char *old_value,
		const char *new_value, jx_err *err);
/* Every committed change: new revision, time, and this machine as origin. */
int store_bump(jx_store *st, int64_t id, int64_t rev, const char *at, jx_err *err);
/* The end of a change of sheet id whose revision on disk is rev: its audit
 * row, the new revision, the commit. */
int store_commit_change(jx_store *st, int64_t id, int64_t rev, const char *at, const char *user, const char *field,
			const char *old_value, const char *new_value, jx_err *err);
/* The end of the transaction of a change of s begun by the caller: when
 * its steps did not fail, store_commit_change and store_adopt_change;
 * otherwise (or when that fails) the transaction is rolled back. */
int store_end_change(jx_store *st, jx_sheet *s, int failed, int64_t rev, const char *at, const char *user,
		     const char *field, const char *old_value, const char *new_value, jx_err *err);
/* After a committed change of s whose revision on disk was rev. */
void store_adopt_change(jx_store *st, jx_sheet *s, int64_t rev, const char *at);
/* The message when the change was saved but the sheet in memory could not follow. */
void store_after_commit_oom(jx_err *err);

/* Rows of a sheet's lists (pos < 0 for a fund: after the last on disk). */
int store_insert_ind_row(jx_store *st, int64_t id, const jx_indicator *d, int64_t pos, jx_err *err);
int store_insert_fund_row(jx_store *st, int64_t id, const jx_fund *f, int64_t pos, jx_err *err);
int store_insert_sub_row(jx_store *st, int64_t id, const jx_subproject *p, int64_t pos, jx_err *err);
int store_insert_goal_row(jx_store *st, int64_t id, const jx_goal *g, int64_t pos, jx_err *err);
int store_insert_basis_row(jx_store *st, int64_t id, const char *text, int64_t pos, jx_err *err);
int store_insert_mark_row(jx_store *st, int64_t id, const jx_mark *m, jx_err *err);
int store_insert_entry_row(jx_store *st, int64_t id, const jx_entry *e, jx_err *err);
int store_insert_measure_row(jx_store *st, int64_t id, const jx_measure *m, jx_err *err);
int store_upsert_narr(jx_store *st, int64_t id, int i, const char *text, jx_err *err);

/* Insert one sheet inside the caller's transaction; s is not changed.
 * fresh_uid: make a new uid whatever s has.  A "sheet:create" audit row is
 * written when user is not NULL. */
int store_insert_sheet(jx_store *st, const jx_sheet *s, int fresh_uid, const char *user, const char *at, int64_t *id,
		       char uid[40], jx_err *err);
/* After a commit: record what the database now says in the sheet. */
void store_adopt_insert(jx_sheet *s, int64_t id, const char *uid, const char *at);
/* Inside the caller's transaction: overwrite the stored sheet s->id with the
 * content of s (its uid must match or be empty).  *old_rev is the revision
 * on disk before, *new_rev the one written; *disk_uid (malloc'd) the uid. */
int store_replace_content(jx_store *st, const jx_sheet *s, const char *at, int64_t *old_rev, int64_t *new_rev,
			  char **disk_uid, jx_err *err);

/* Append rows under sheet inside the caller's transaction; rows the sheet
 * already has (same global id) are skipped; *added (may be NULL) of them
 * were not (store_history.c). */
int store_append_rows(jx_store *st, int64_t sheet, const jx_audit_row *rows, size_t n, size_t *added, jx_err *err);

/* ---- loading (store_load.c) ---- */

/* Every row q returns, each read by read_row into the next element (size
 * bytes) of a malloc'd array: 0 with *out and *n, or -1 with err set and
 * nothing left allocated (*out NULL, *n 0).  read_row returns nonzero when
 * out of memory, leaving its element safe for free_rows. */
int store_collect(jx_store *st, sqlite3_stmt *q, size_t size, int (*read_row)(sqlite3_stmt *q, void *row),
		  void (*free_rows)(void *v, size_t n), void **out, size_t *n, jx_err *err);

enum {
	PART_SHEET = 1, PART_BASIS = 2, PART_FUNDS = 4, PART_SUBS = 8, PART_GOALS = 16, PART_INDS = 32,
	PART_MARKS = 64, PART_ENTRIES = 128, PART_MEASURES = 256, PART_STATED = 512, PART_NARR = 1024,
	PART_ALL = 2047,
};
/* Load the parts of sheet id into s; ind_key limits indicators to one. */
int store_load_parts(jx_store *st, int64_t id, jx_sheet *s, int parts, const char *ind_key, jx_err *err);
/* Give the connection the SQL function the indicator queries read with. */
int store_load_functions(jx_store *st, jx_err *err);
/* Indicators as the table jx_ind_rows reads them (store_ind_rows.c):
 * "SELECT pos, " IND_COLS " FROM jx_ind_rows(?)" with a pointer to this
 * bound (jx_db_bind_pointer); pos runs from first. */
typedef struct {
	const jx_indicator *v;
	size_t n;
	size_t first; /* the pos of v[0] */
} store_ind_src;
#define STORE_IND_SRC "jx_ind_rows"
int store_ind_rows_module(jx_store *st, jx_err *err);

/* ---- the project list (store_list.c) ---- */

/* Give the connection the SQL functions the list's queries use. */
int store_list_functions(jx_store *st, jx_err *err);

/* ---- finalised sheets (store_final.c) ---- */

/* Is status "final"? */
int store_is_final_status(const char *status);
/* Refuse to change a finalised sheet. */
int store_check_editable(jx_store *st, int64_t id, jx_err *err);
/* Inside the caller's transaction: keep the digest of the stored content of
 * a sheet stored with status "final" (with its own audit row when user is
 * not NULL); a conflict copy is left as it is. */
int store_seal(jx_store *st, int64_t id, const char *user, const char *at, jx_err *err);
/* Inside the migration: sheets an older version marked final get their digest. */
int store_seal_legacy(jx_store *st, jx_err *err);

/* ---- the guard on new indicator rows in a bulk transaction (store_bulk_guard.c) ---- */

/* Before new indicator rows of sheet id are written.  In a bulk
 * transaction, the first time: the store takes over from the trigger the
 * guard that keeps them out of a finalised sheet, until just before the
 * COMMIT, which makes the trigger again (best effort: when it cannot, the
 * trigger stays and guards as always).  While the store holds the guard:
 * refuse the rows when the sheet is finalised, as the trigger refuses them
 * row by row.  Otherwise nothing to do. */
int store_bulk_guard_check(jx_store *st, int64_t id, jx_err *err);

/* ---- fields (store_field.c) ---- */

/* jx_field_get into a buffer large enough for any stored value. */
int store_get_alloc(const jx_sheet *s, const char *path, char **out, jx_err *err);

#endif
