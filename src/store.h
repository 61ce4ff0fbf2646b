/* The SQLite store: one local file, every committed field written at once
 * with its audit row in the same transaction. */
#ifndef JX_STORE_H
#define JX_STORE_H

#include <stdint.h>
#include "err.h"
#include "model.h"
#include "template.h"

#define JX_APPLICATION_ID 0x4A58414F /* "JXAO" */

typedef struct jx_store jx_store;

enum {
	JX_STORE_CREATE = 1,   /* create the file (mode 0600) if missing, apply migrations */
	JX_STORE_READONLY = 2,
};

/* Open (and migrate) a database.  A file from a newer jixiao, or one that is
 * not a jixiao database, is refused with a message and left untouched. */
int jx_store_open(jx_store **out, const char *path, int flags, jx_err *err);
void jx_store_close(jx_store *st);
/* Schema version this program writes. */
int jx_store_schema_version(void);

typedef struct {
	int64_t id;
	char uid[40];
	int year;
	char *name, *unit, *template_id, *status;
	jx_dec total;       /* cached by jx_store_set_summary; JX_NONE if never scored */
	char grade[16];
	int findings;       /* cached count of check findings, -1 unknown */
	int deleted;        /* in the trash */
	int64_t revision;
} jx_sheet_summary;

/* All sheets (trash included when with_deleted), ordered by year desc, name. */
int jx_store_list(jx_store *st, int with_deleted, jx_sheet_summary **out, size_t *n, jx_err *err);
void jx_summaries_free(jx_sheet_summary *v, size_t n);

/* Load a whole sheet. */
int jx_store_load(jx_store *st, int64_t id, jx_sheet **out, jx_err *err);
/* Find by uid; 0 and *id = 0 when absent. */
int jx_store_find_uid(jx_store *st, const char *uid, int64_t *id, jx_err *err);
/* Find a sheet for the same project (template, name, unit) in `year`. */
int jx_store_find_project(jx_store *st, const jx_sheet *s, int year, int64_t *id, jx_err *err);

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
	int64_t id;
	char *at, *user, *field, *old_value, *new_value;
} jx_audit_row;
int jx_store_history(jx_store *st, int64_t sheet, const char *field, jx_audit_row **out, size_t *n, jx_err *err);
void jx_audit_free(jx_audit_row *v, size_t n);

/* Current revision of a sheet on disk (to notice another workstation's commits). */
int jx_store_revision(jx_store *st, int64_t id, int64_t *rev, jx_err *err);

/* The user name recorded in audit rows ($USER or the login name). */
const char *jx_current_user(void);

#endif
