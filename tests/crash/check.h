/* What the database must hold after the workstation was killed or shared:
 * checks with the SQLite library, behind the program. */
#ifndef JX_TEST_CHECK_H
#define JX_TEST_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* The project-info fields the drivers type into, in form order, with the
 * label the workstation shows for each. */
typedef struct {
	const char *key;   /* column and "info:<key>" */
	const char *label; /* 主管部门 ... */
} field_def;
extern const field_def drive_fields[];
extern const size_t n_drive_fields;
/* The field whose label is `label`, or -1. */
int field_by_label(const char *label);

/* PRAGMA integrity_check; 0 when "ok", else -1 with why. */
int db_integrity(const char *db, char *why, size_t len);

/* A field's history in the audit rows of sheet id: checked to be one
 * unbroken chain from `initial` (each row's old value is the previous
 * row's new value) ending in the value the sheet holds now.  *news gets the
 * new values in order (malloc'd strings in a malloc'd array).  0, or -1
 * with why. */
int db_field_chain(const char *db, int64_t id, const char *key, const char *initial, char ***news, size_t *n,
		   char *why, size_t len);
void strings_free(char **v, size_t n);

/* The sheet's revision and its number of audit rows. */
int db_sheet_counts(const char *db, int64_t id, int64_t *revision, int64_t *rows, char *why, size_t len);
/* A field's value now ("" when empty). */
int db_field_value(const char *db, int64_t id, const char *key, char *out, size_t len);


/* Frames of a write transaction that never committed, left in the
 * database's write-ahead log (FILE-wal) by a process killed in the middle
 * of it; 0 when there is no log.  Read before anything opens the database. */
long wal_uncommitted_frames(const char *db);

/* Does sheet id's history hold a change of info:<key> to value?  1, 0, or
 * -1 when the database cannot be read. */
int db_audit_has(const char *db, int64_t id, const char *key, const char *value);

#endif
