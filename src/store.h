/* The SQLite store: one local file, every committed field written at once
 * with its audit row in the same transaction.  Implemented in src/store_*.c
 * by concern (open, load, write, field, rows, final, history, sync), which
 * share store_int.h and reach SQLite through db.h. */
#ifndef JX_STORE_H
#define JX_STORE_H

#include <stdint.h>
#include "err.h"
#include "model.h"
#include "review.h"
#include "template.h"

#define JX_APPLICATION_ID 0x4A58414F /* "JXAO" */

typedef struct jx_store jx_store;

enum {
	JX_STORE_CREATE = 1,   /* create the file (mode 0600) if missing, apply migrations */
	JX_STORE_READONLY = 2,
};

/* Open (and migrate) a database.  A file from a newer jixiao, or one that is
 * not a jixiao database, is refused with a message and left untouched; so
 * is one whose -wal or -shm file is not the user's own or is readable by
 * more users than the database.  path is always a file name, never an
 * SQLite URI.  A database whose triggers, tables or indexes differ from
 * what the migrations make is opened read-only (jx_store_schema_damage). */
int jx_store_open(jx_store **out, const char *path, int flags, jx_err *err);
/* A warning about the opened database (its directory is writable by every
 * user), in the user's language, or NULL. */
const char *jx_store_warning(const jx_store *st);
/* 1 with the message in err when the schema objects the migrations made
 * (the triggers that keep history append-only and finalised sheets sealed)
 * are missing or changed, or others were added; 0 when they are intact. */
int jx_store_schema_damage(const jx_store *st, jx_err *err);
void jx_store_close(jx_store *st);
/* Schema version this program writes. */
int jx_store_schema_version(void);
/* An upgrade of an existing database (016 rebuilds the indicators table:
 * seconds for a province's file) shows nothing by itself, and the store
 * never prints; a front end that wants to say so sets this hook once.  It
 * is called by jx_store_open with done 0 before the upgrade from schema
 * `from` to `to` starts, then 1 when it is over (compaction included) or -1
 * when it failed (the file is as it was).  Never for a database created
 * from nothing.  NULL: nobody is told. */
typedef void (*jx_store_upgrade_fn)(int from, int to, int done, void *ctx);
void jx_store_on_upgrade(jx_store_upgrade_fn fn, void *ctx);

typedef struct {
	int64_t id;
	char uid[40];
	int year;
	char *name, *unit, *template_id, *status;
	char *stage;        /* stage.h key, NULL = self */
	int stage_month;    /* monitoring: months 1..N; 0 otherwise */
	jx_dec total;       /* cached by jx_store_set_summary; JX_NONE if never scored */
	char grade[64]; /* a grade, or 未完成（N 项未填） (jx_grade_text) */
	int findings;       /* cached count of check findings, -1 unknown */
	int deleted;        /* in the trash */
	int64_t revision;
	int64_t conflict_of; /* > 0: a conflict copy of that sheet (another machine's
			      * version kept by an import); name then ends in
			      * "（冲突副本，来自 <machine>）" */
} jx_sheet_summary;

/* All sheets (trash included when with_deleted), ordered by year desc, name. */
int jx_store_list(jx_store *st, int with_deleted, jx_sheet_summary **out, size_t *n, jx_err *err);
void jx_summaries_free(jx_sheet_summary *v, size_t n);
/* Free what one summary holds (it is left zeroed). */
void jx_summary_clear(jx_sheet_summary *e);

/* Load a whole sheet. */
int jx_store_load(jx_store *st, int64_t id, jx_sheet **out, jx_err *err);
/* The same sheet to be read only (an export's), its indicators' texts kept
 * together (jx_sheet.ind_texts): handed on only as const, freed with
 * jx_sheet_free, never edited. */
int jx_store_load_view(jx_store *st, int64_t id, jx_sheet **out, jx_err *err);
/* Find by uid; 0 and *id = 0 when absent. */
int jx_store_find_uid(jx_store *st, const char *uid, int64_t *id, jx_err *err);
/* Find a sheet for the same project (template, name, unit) in `year`
 * (conflict copies are not considered). */
int jx_store_find_project(jx_store *st, const jx_sheet *s, int year, int64_t *id, jx_err *err);
/* The sheet of s's project (name, unit) and year at stage (stage.h key;
 * no stage counts as "self") and month (0 = none); 0 and *id = 0 when
 * absent (store_stage.c). */
int jx_store_find_stage(jx_store *st, const jx_sheet *s, const char *stage, int month, int64_t *id, jx_err *err);
/* The ids of s's project and year in stage order, s included (malloc'd). */
int jx_store_project_stages(jx_store *st, const jx_sheet *s, int64_t **ids, size_t *n, jx_err *err);

/* Insert a whole sheet in one transaction (uid generated if NULL); sets s->id. */
int jx_store_insert(jx_store *st, jx_sheet *s, const char *user, jx_err *err);
/* Insert many sheets in one transaction (bulk import): all or nothing. */
int jx_store_insert_many(jx_store *st, jx_sheet **v, size_t n, const char *user, jx_err *err);
/* Replace the stored sheet with the same id (import of a newer version): one transaction, audited. */
int jx_store_replace(jx_store *st, jx_sheet *s, const char *user, const char *why, jx_err *err);

/* Commit one field: validate (jx_field_set), write the row and the audit row
 * (time, user, sheet, field, old, new) in one transaction, bump the revision.
 * On any error the database and *s are unchanged. */
int jx_store_set_field(jx_store *st, jx_sheet *s, const jx_template *t, const char *path, const char *text,
		       const char *user, jx_err *err);

/* Structural edits, each one transaction with its audit row. */
int jx_store_add_indicator(jx_store *st, jx_sheet *s, size_t at, const char *slot, const char *user, jx_err *err);
int jx_store_delete_indicator(jx_store *st, jx_sheet *s, size_t at, const char *user, jx_err *err);
int jx_store_move_indicator(jx_store *st, jx_sheet *s, size_t from, size_t to, const char *user, jx_err *err);

/* Cache what the project list shows. */
int jx_store_set_summary(jx_store *st, int64_t id, jx_dec total, const char *grade, int findings, jx_err *err);

/* Trash and restore. */
int jx_store_trash(jx_store *st, int64_t id, int deleted, const char *user, jx_err *err);

/* Audit rows of a sheet (field NULL = all), oldest first. */
typedef struct {
	int64_t id;     /* local row number (0 for a row read from a file) */
	char *at, *user, *field, *old_value, *new_value;
	char *gid;      /* global id "<db id>:<seq>", the same in every database */
	char *origin;   /* name of the machine where the change was made ("" unknown) */
} jx_audit_row;
int jx_store_history(jx_store *st, int64_t sheet, const char *field, jx_audit_row **out, size_t *n, jx_err *err);
void jx_audit_free(jx_audit_row *v, size_t n);

/* Current revision of a sheet on disk (to notice another workstation's commits). */
int jx_store_revision(jx_store *st, int64_t id, int64_t *rev, jx_err *err);

/* The user name recorded in audit rows ($USER or the login name). */
const char *jx_current_user(void);

/* ---- identity and history between machines (bundles, merge.h) ---- */

/* This database's stable random id (16 hex digits): the prefix of the
 * global ids of the audit rows written here. */
const char *jx_store_db_id(const jx_store *st);
/* The machine name recorded as origin in audit rows written through st,
 * and in sheets.origin on every change: the host name unless set. */
const char *jx_store_origin(const jx_store *st);
void jx_store_set_origin(jx_store *st, const char *name);

/* One transaction around several calls: the calls above then run inside it
 * (each as a savepoint) and nothing is kept unless jx_store_commit succeeds. */
int jx_store_begin(jx_store *st, jx_err *err);
/* The same for work that is all or nothing as a whole (import): the calls
 * inside take no savepoint (jx_db_begin_bulk), so a call that fails leaves
 * the transaction to be rolled back (jx_store_commit then refuses). */
int jx_store_begin_bulk(jx_store *st, jx_err *err);
int jx_store_commit(jx_store *st, jx_err *err);
void jx_store_rollback(jx_store *st);

/* An audit row by global id, under any sheet: 1 with *row filled (release
 * it with jx_audit_row_clear), 0 when absent, -1 on error. */
int jx_store_audit_find(jx_store *st, const char *gid, jx_audit_row *row, jx_err *err);
void jx_audit_row_clear(jx_audit_row *r);

/* A sheet received from another database, with its history: inserted under
 * its own uid with exactly the rows given (no local row: its history is
 * what it brings).  conflict_of > 0 stores it instead as a conflict copy of
 * that sheet, under a new uid, labelled with conflict_origin.  Sets s->id
 * (and s->uid for a copy). */
int jx_store_insert_received(jx_store *st, jx_sheet *s, const jx_audit_row *rows, size_t n, int64_t conflict_of,
			     const char *conflict_origin, jx_err *err);
/* Replace the content of the stored sheet s->id by the received version s
 * whose history extends the local one, and append the rows of `rows` the
 * sheet does not have yet (*added of them).  No local row is written; the
 * revision goes up by at least one. */
int jx_store_replace_received(jx_store *st, jx_sheet *s, const jx_audit_row *rows, size_t n, size_t *added,
			      jx_err *err);
/* Put a received sheet in the trash or take it out (deleted 0/1) as its
 * history's last sheet:deleted row says: that row came with it, so no row
 * is written here. */
int jx_store_trash_received(jx_store *st, int64_t id, int deleted, jx_err *err);
/* Append the rows the sheet does not have yet; *added of them (may be NULL).
 * When any is added the sheet's revision goes up by one (its content, its
 * updated_at and origin stay), so that a workstation showing it reloads. */
int jx_store_append_history(jx_store *st, int64_t sheet, const jx_audit_row *rows, size_t n, size_t *added,
			    jx_err *err);

/* Conflict copies of a sheet still out of the trash, oldest first. */
int jx_store_conflict_copies(jx_store *st, int64_t id, int64_t **out, size_t *n, jx_err *err);
/* The sheet a conflict copy belongs to (0: not a copy) and where it came from. */
int jx_store_conflict_of(jx_store *st, int64_t id, int64_t *of, char **origin, jx_err *err);
/* Settle a conflict: `copy` is a conflict copy of sheet `of`.  keep_incoming:
 * the copy's content becomes sheet `of`'s; otherwise `of` keeps its own.
 * Either way `of` takes the copy's audit rows it lacks (so its history then
 * extends both versions), gets a "sheet:resolve" row, and the copy goes to
 * the trash (audited): one transaction. */
int jx_store_resolve(jx_store *st, int64_t of, int64_t copy, int keep_incoming, const char *user, jx_err *err);

/* ---- finalised sheets (定稿) ---- */

/* Finalise: status becomes "final", a SHA-256 over the sheet's canonical
 * content (jx_sheet_digest) is stored with it, audited; from then on every
 * edit of the sheet (fields, indicators, review, trash) is refused with a
 * message saying it must be reopened first. */
int jx_store_finalise(jx_store *st, jx_sheet *s, const char *user, jx_err *err);
/* Reopen a finalised sheet; reason is required and recorded in the audit row. */
int jx_store_reopen(jx_store *st, jx_sheet *s, const char *reason, const char *user, jx_err *err);
/* Recompute the digest of a finalised sheet as stored now and compare it with
 * the one stored at finalisation.  *state: 0 not finalised, 1 intact,
 * 2 changed behind the program's back.  stored/now get lowercase hex (65 bytes).
 * A sheet whose mark of finalisation was itself removed behind the program's
 * back is found from its (append-only) history: state 2, stored the digest
 * of its last finalise row ("" when none is left). */
int jx_store_verify(jx_store *st, int64_t id, int *state, char stored[65], char now[65], jx_err *err);

/* ---- files ---- */

/* 1 when st was opened read-only, or could only be (a read-only file, or a
 * file in a read-only directory, which is then read as an unchanging file):
 * every change is refused with a message saying why. */
int jx_store_is_readonly(const jx_store *st);
/* Deferred sync, for the workstation, which shows a commit on screen before
 * waiting for the disk: after jx_store_defer_sync, a commit is complete in
 * the database file's write-ahead log when it returns (another connection
 * reads it; it survives this process being killed) but is not yet forced to
 * the disk (synchronous=NORMAL); jx_store_sync forces every commit made so
 * far to the disk, after which a power cut cannot take it.  Checkpoints
 * (copying the log into the database file) run in jx_store_sync too, once
 * the log has grown past 1,000 pages, not in the middle of a commit.
 * jx_store_close syncs what is left.  Without jx_store_defer_sync every
 * commit is on the disk before it returns (synchronous=FULL). */
int jx_store_defer_sync(jx_store *st, jx_err *err);
/* 1 when a commit made since the last jx_store_sync is not yet on the disk. */
int jx_store_unsynced(const jx_store *st);
/* 0 (nothing to do, or done) or -1 with a message in err. */
int jx_store_sync(jx_store *st, jx_err *err);
/* Let the database file grow to at most `pages` pages (PRAGMA
 * max_page_count), as a full disk would: for tests of a full disk. */
int jx_store_limit_pages(jx_store *st, int64_t pages, jx_err *err);

/* ---- rows taken out and put back (undo in the workstation) ---- */

/* Put a deleted indicator back whole: under its own key, with every column,
 * at position at (undo of jx_store_delete_indicator: the stated figures kept
 * under "ind:<key>:…" belong to it again).  One transaction with its audit
 * row "ind:<key>" (old empty, new the row's columns).  Refused when the key
 * is in use in the sheet, or the indicator list on disk is not s's. */
int jx_store_restore_indicator(jx_store *st, jx_sheet *s, size_t at, const jx_indicator *d, const char *user,
			       jx_err *err);

/* The lists of a sheet whose rows can be deleted and put back. */
typedef enum { JX_ROW_FUND, JX_ROW_SUB, JX_ROW_BASIS, JX_ROW_GOAL } jx_row_kind;
/* How many rows of that list the sheet holds. */
size_t jx_store_row_count(const jx_sheet *s, jx_row_kind kind);
/* Delete row `at` of a list (s->funds, s->subs, s->basis, s->goals); the
 * rows after it move up (sub:<i>, basis:<i> and goal:<i> name positions).
 * One transaction with its audit row: field "fund:<source>", "sub:<i>",
 * "basis:<i>" or "goal:<i>", old value the row's columns ("col=value; …",
 * a document's text), new empty.  Refused when the list on disk is not s's. */
int jx_store_delete_row(jx_store *st, jx_sheet *s, jx_row_kind kind, size_t at, const char *user, jx_err *err);
/* Put a row back at position at (undo of jx_store_delete_row): a copy of
 * row from_at of `from` (any sheet holding it, e.g. a one-row holder); the
 * rows from at on move down.  One transaction with its audit row (old
 * empty, new the row's columns).  A fund source already in s is refused. */
int jx_store_insert_row(jx_store *st, jx_sheet *s, jx_row_kind kind, size_t at, const jx_sheet *from, size_t from_at,
			const char *user, jx_err *err);

/* ---- the review round (review.h; store_review.c) ---- */

/* Take step a (submit, return, approve) on the stored sheet s: its status
 * on disk must be one the step starts from (the role is the caller's to
 * check); a return needs its reason, kept as the audit row's new value.
 * Refused on a finalised sheet, a conflict copy and one in the trash.
 * 0 (s->status follows), or -1 (err, nothing written). */
int jx_store_review_step(jx_store *st, jx_sheet *s, jx_review_action a, const char *reason, const char *user,
			 jx_err *err);
/* The last review step of sheet id in its history: 1 with *row filled
 * (release it with jx_audit_row_clear), 0 when it has none, -1 (err). */
int jx_store_last_step(jx_store *st, int64_t id, jx_audit_row *row, jx_err *err);

#endif
