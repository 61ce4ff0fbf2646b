/* The operations both front ends perform: the command line (src/cli*.c) and
 * the workstation (screens/) call these, so that each is written once.
 *
 * Opening a database with its templates; evaluating a sheet (its template,
 * the same project's previous-year sheet, score and check) and refreshing
 * the summary the project list shows; importing files and bundles; exporting
 * a selection read from the database one sheet at a time; copying a sheet to
 * a new year; finalising, reopening and verifying.
 *
 * Nothing here prints or draws: results come back in structs, messages in
 * jx_err (already in the user's language) or in a jx_app_msgs list. */
#ifndef JX_APP_H
#define JX_APP_H

#include <stddef.h>
#include <stdint.h>

#include "checks.h"
#include "engine.h"
#include "err.h"
#include "export.h"
#include "merge.h"
#include "model.h"
#include "store.h"
#include "target.h"
#include "sheet_from_table.h"
#include "template.h"

/* Exit codes of the program (documented in --help, README.md and jixiao(1)),
 * whichever front end ends it. */
enum {
	JX_EXIT_OK = 0,       /* success */
	JX_EXIT_FINDINGS = 1, /* check: at least one error-severity finding; verify: a
			       * finalised sheet changed behind the program's back */
	JX_EXIT_USAGE = 2,    /* bad command line */
	JX_EXIT_INPUT = 3,    /* input refused: bad file or number, unknown template or sheet,
			       * a bundle that contradicts the database, no conflict to
			       * resolve, a change to a finalised sheet, reopen of a sheet
			       * not finalised, workstation not in this build */
	JX_EXIT_DB = 4,       /* database or file-system error: cannot open, newer version,
			       * not a jixiao file, locked, read-only, disk full */
};

/* Several messages, each already in the user's language. */
typedef struct {
	char **v;
	size_t n;
} jx_app_msgs;
void jx_app_msgs_free(jx_app_msgs *m);
/* Add a copy of msg (nothing when out of memory). */
void jx_app_msgs_add(jx_app_msgs *m, const char *msg);

/* ---- the run's setting ---------------------------------------------------- */

/* Options of the current run, set by the command line before it starts the
 * workstation (all NULL otherwise). */
typedef struct {
	const char *db_path;       /* resolved database path */
	const char *templates_dir; /* --templates DIR, or NULL */
	const char *user;          /* audit user (--user or jx_current_user()) */
} jx_app_options;
const jx_app_options *jx_app_opts(void);
/* o NULL clears them. */
void jx_app_set_opts(const jx_app_options *o);

/* Default database path: $XDG_DATA_HOME/jixiao/jixiao.db, else
 * ~/.local/share/jixiao/jixiao.db.  Returns a malloc'd string or NULL. */
char *jx_app_default_db(void);
/* mkdir -p for the directory part of path (new directories mode 0700);
 * 0 or -1 with errno. */
int jx_app_make_parent_dirs(const char *path);

/* Called with a note in the user's language (a template replaced). */
typedef void (*jx_app_note_fn)(void *ctx, const char *msg);

/* Load the built-in templates, then extra_dir (--templates), then
 * $XDG_DATA_HOME/jixiao/templates (or ~/.local/share/jixiao/templates) when
 * that directory exists.  note (may be NULL) hears of every template that
 * replaces one loaded before it.  On error the set is left empty and err
 * says why. */
int jx_app_load_templates(jx_templates *set, const char *extra_dir, jx_app_note_fn note, void *ctx, jx_err *err);
/* After jx_app_load_templates: the first template loaded from a file in the
 * place of a built-in one of the same id (every sheet of that id is then
 * scored by it), or NULL. */
const jx_template *jx_app_replaced_builtin(const jx_templates *set);

/* How a database is opened. */
typedef enum {
	JX_APP_OPEN_WRITE,  /* an existing database, to change it (read-only when it cannot be written) */
	JX_APP_OPEN_CREATE, /* created if missing (make_dirs: with its directory) */
	JX_APP_OPEN_READ,   /* only read: nothing is created or set up, an empty file stays as it is */
} jx_app_open_mode;
/* Open the database at path.  0, or JX_EXIT_DB with the reason in err (a
 * missing file says what to run, unless mode is JX_APP_OPEN_CREATE). */
int jx_app_open_db(jx_store **st, const char *path, jx_app_open_mode mode, int make_dirs, jx_err *err);

/* ---- one sheet ---------------------------------------------------------------- */

/* Same template, project name and unit. */
int jx_app_same_project(const jx_sheet *a, const jx_sheet *b);
/* The same project's sheet of the year before in st (malloc'd), or NULL. */
jx_sheet *jx_app_previous_year(jx_store *st, const jx_sheet *s);
/* Score s by t (jx_score); a declaration (stage.h) has no total or grade:
 * it states targets. */
void jx_app_score(const jx_template *t, const jx_sheet *s, jx_scoresheet *ss);
/* Score and check s by its template.  prev is the previous year's sheet;
 * when NULL it is looked up in st (st may be NULL).  Returns the template,
 * or NULL when the set has none of that id (nothing computed then). */
const jx_template *jx_app_evaluate(jx_store *st, const jx_templates *set, const jx_sheet *s, const jx_sheet *prev,
				   jx_scoresheet *ss, jx_findings *fs);
/* Keep ss's total, its grade and the number of findings fs as the list's
 * summary of sheet id.  The grade is jx_grade_text in Chinese: 未完成（N
 * 项未填） while fs names values still to fill in (jx_findings_unfilled),
 * which the list shows in the user's language (jx_grade_cached).  0, or -1
 * (err). */
int jx_app_store_summary(jx_store *st, int64_t id, const jx_scoresheet *ss, const jx_findings *fs, jx_err *err);
/* Evaluate a stored sheet and keep its total, grade and number of findings
 * for the project list (jx_app_store_summary).  A sheet of an unknown template is left as it is.
 * 0, or -1 (err). */
int jx_app_refresh_summary(jx_store *st, const jx_templates *set, const jx_sheet *s, jx_scoresheet *ss,
			   jx_findings *fs, jx_err *err);

/* Copy a stored sheet to another year: targets, weights and structure kept;
 * what was achieved, scored, stated and reviewed cleared.  Returns 0 with
 * *new_id, 1 when that year already has a sheet of the project (*new_id is
 * that sheet's id, nothing copied), -1 (err). */
int jx_app_copy_to_year(jx_store *st, int64_t id, int year, const char *user, int64_t *new_id, jx_err *err);
/* What such a copy keeps of s, in place: s becomes a new draft of `year`. */
void jx_app_clear_for_year(jx_sheet *s, int year);

/* ---- a project's stages for a year (app_stage.c) ---------------------------------- */

/* Make the next stage of the stored sheet id (stage.h): a new draft of the
 * same project and year, stage g (month = the last month a monitoring
 * snapshot covers, 1..12; 0 otherwise), linked to id by uid, with its
 * project info, funds (budgets), goals, indicators and targets; what was
 * achieved, scored, stated and reviewed cleared.  Returns 0 with *new_id;
 * 1 when the project already has that stage (and month) this year (*new_id
 * that sheet, nothing made); -2 (err) when g does not come after the
 * sheet's own stage or the month is missing or out of range, or the
 * self-evaluation template a declaration table names (template.h
 * self_template; the new sheet's template) is not in set, nothing
 * made; -1 (err) when the database fails. */
int jx_app_make_stage(jx_store *st, const jx_templates *set, int64_t id, int g, int month, const char *user,
		      int64_t *new_id, jx_err *err);
/* The stored sheets of s's project and year (same name and unit, any
 * template), in stage order (declaration, monitoring by month, self), s
 * included; *n of them, malloc'd ids.  0, or -1 (err). */
int jx_app_project_stages(jx_store *st, const jx_sheet *s, int64_t **ids, size_t *n, jx_err *err);
/* Check 19 (checks.h jx_check_stages) of s, appended to fs: the sheets its
 * stage_from chain leads to in st (the declaration, the latest monitoring
 * sheet) are loaded for it.  Nothing without st or a chain. */
void jx_app_check_stages(jx_store *st, const jx_template *t, const jx_sheet *s, jx_findings *fs);

/* ---- values typed as tables print them (app_typed.c) ---------------------------- */

/* How text typed into an indicator's cell is read: as the target (≥95%,
 * ≤90万元, 2023年6月前, 按时完成: comparator, number, unit, deadline or
 * qualitative target together), as the actual (37.24万元, 98%: the number
 * with the indicator's own unit), or as the field's value alone. */
typedef enum { JX_TYPED_FIELD, JX_TYPED_TARGET, JX_TYPED_ACTUAL } jx_typed_kind;
/* How `jixiao set` reads a path: ind:<key>:target and ind:<key>:cmp as a
 * target, ind:<key>:actual as an actual, anything else as the field. */
jx_typed_kind jx_app_typed_kind(const char *path);
/* The field changes text typed into path of s makes (src/target.h): a
 * target or actual of an indicator sets the fields behind it; a comparator
 * alone typed on cmp, a plain value, and any other path (or kind
 * JX_TYPED_FIELD) is that field's value alone (c->n 1, c->said "").  0, or
 * -1 with err when the text cannot be read as what kind says. */
int jx_app_typed_changes(const jx_sheet *s, const char *path, const char *text, jx_typed_kind kind, jx_field_changes *c,
			 jx_err *err);
/* Write the changes c to the stored sheet s in one transaction, each field
 * with its audit row (jx_store_set_field).  0, or -1 with err: then nothing
 * is kept in the database, and *s may hold the changes made before the one
 * refused (load it again). */
int jx_app_set_changes(jx_store *st, jx_sheet *s, const jx_template *t, const jx_field_changes *c, const char *user,
		       jx_err *err);

/* ---- import --------------------------------------------------------------- */

/* Files being imported: read them all (jx_app_import_read), check that the
 * templates are known (jx_app_import_unknown), then merge them into the
 * database (jx_app_import_merge). */
typedef struct {
	jx_bundle *b;        /* one per file */
	size_t nf;
	jx_merge_report rep; /* after the merge: one item per sheet, files in order */
	/* jx_app_import_files: each sheet whose template is unknown, in order */
	struct jx_app_unknown {
		const char *file;  /* the caller's string */
		char *template_id;
	} *unknown;
	size_t n_unknown;
} jx_app_import;

/* Read every file (each error in msgs); with any error nothing is kept and
 * -1 is returned. */
int jx_app_import_read(jx_app_import *im, char *const *files, size_t nf, const jx_templates *set, jx_app_msgs *msgs);
/* The same with the options for spreadsheets (xlsx, xls, CSV holding an
 * indicator table: sheet_from_table.h); opts NULL = the defaults. */
int jx_app_import_read_opts(jx_app_import *im, char *const *files, size_t nf, const jx_templates *set,
			    const jx_table_opts *opts, jx_app_msgs *msgs);
/* From the flat sheet position *at on: the next sheet whose template the set
 * does not know, with its file (index) and place in that file; NULL when none. */
const jx_sheet *jx_app_import_unknown(const jx_app_import *im, const jx_templates *set, size_t *at, size_t *file,
				      size_t *sheet);
/* What a merge ended in. */
enum {
	JX_APP_IMPORTED = 0,
	JX_APP_IMPORT_FINALISED = -1, /* it would change finalised sheets: one message each in msgs, nothing merged */
	JX_APP_IMPORT_REFUSED = -2,   /* a bundle contradicts the database (err), nothing merged */
	JX_APP_IMPORT_FAILED = -3,    /* a database error (err), nothing merged */
	JX_APP_IMPORT_NO_SUMMARY = -4, /* merged, but the list's figures could not be stored (err) */
};
/* Merge every sheet read into st in one transaction, then refresh the list
 * summary of each new or changed one.  Returns JX_APP_IMPORT*. */
int jx_app_import_merge(jx_app_import *im, jx_store *st, const jx_templates *set, const char *user, jx_app_msgs *msgs,
			jx_err *err);
void jx_app_import_free(jx_app_import *im);

/* The command line's import: each file read one sheet at a time and each
 * sheet merged into st as soon as it is read, all in one transaction, then
 * its list summary stored in the same transaction; memory stays that of one
 * sheet (and the report's line for each), whatever the number of sheets or
 * files.  All or nothing, as jx_app_import_read then jx_app_import_merge:
 * on the first problem the transaction is rolled back and the remaining
 * files are only read, so that every file's errors are said.  opts as
 * jx_app_import_read_opts (its dry member is not used: a dry run reads with
 * jx_app_import_read_opts).  Returns JX_APP_IMPORTED, or, in this order of
 * precedence: JX_APP_IMPORT_UNREADABLE (a file has errors: each in msgs),
 * JX_APP_IMPORT_UNKNOWN (sheets of templates the set does not know: in
 * im->unknown), then JX_APP_IMPORT_FINALISED, _REFUSED, _FAILED and
 * _NO_SUMMARY as jx_app_import_merge.  The report is in im->rep; free im
 * with jx_app_import_free. */
enum { JX_APP_IMPORT_UNREADABLE = -5, JX_APP_IMPORT_UNKNOWN = -6 };
int jx_app_import_files(jx_app_import *im, char *const *files, size_t nf, jx_store *st, const jx_templates *set,
			const jx_table_opts *opts, const char *user, jx_app_msgs *msgs, jx_err *err);

/* ---- export --------------------------------------------------------------- */

/* The sheets of an export, loaded from the store one at a time when the
 * writer asks for them: only one sheet (and, for a bundle, its history) is
 * in memory at a time, whatever the number of sheets. */
typedef struct {
	jx_store *st;
	const int64_t *ids;
	size_t n;
	size_t loaded; /* sheets handed to the writer so far */
	jx_sheet *cur;
	jx_sheet_history hist; /* of cur, for a bundle */
	jx_sheet *prev;        /* the previous year's sheet of one of them, for the checks */
} jx_app_feed;
void jx_app_feed_init(jx_app_feed *f, jx_store *st, const int64_t *ids, size_t n);
void jx_app_feed_free(jx_app_feed *f);

/* Write the feed's sheets to path ("-": standard output): a bundle (YAML
 * with each sheet's history) when bundle, else the scored form fmt; flags
 * JX_EXPORT_*.  A file is complete or untouched.  0, or -1 (err). */
int jx_app_export(jx_app_feed *f, const jx_templates *set, int bundle, jx_export_format fmt, const char *path, int flags,
		  jx_err *err);

/* ---- finalise, reopen, verify ------------------------------------------------- */

/* A sheet's finalisation as the store sees it. */
typedef struct {
	int state;       /* 0 not finalised, 1 finalised and intact, 2 changed since */
	char stored[65]; /* digest kept at finalisation ("" when gone) */
	char now[65];    /* digest of the content now */
} jx_app_final;

/* Is sheet id finalised (its digest kept)?  Errors count as no. */
int jx_app_is_final(jx_store *st, int64_t id);

/* What jx_app_finalise and jx_app_reopen ended in. */
enum {
	JX_APP_DONE = 0,
	JX_APP_ALREADY_FINAL = 1, /* finalised and intact: nothing changed (err says so) */
	JX_APP_CHANGED = 2,       /* finalised but changed since: nothing done (err says so) */
	JX_APP_REFUSED = 3,       /* a conflict, the trash, not finalised: err says why */
};
/* How many values s still needs filled in (jx_findings_unfilled of its
 * checks); 0 for a sheet of a template the set does not know.  Finalising
 * a sheet with any open asks first: the command line wants --force, the
 * workstation a yes. */
size_t jx_app_unfilled(jx_store *st, const jx_templates *set, const jx_sheet *s);
/* Finalise s (定稿).  Returns JX_APP_*, or -1 on a database error (err);
 * r holds the state before, or after when done. */
int jx_app_finalise(jx_store *st, jx_sheet *s, const char *user, jx_app_final *r, jx_err *err);
/* Reopen a finalised s with a reason.  Returns JX_APP_DONE (r: the state it
 * had, 2 when it had been changed behind the program's back), JX_APP_REFUSED
 * (not finalised), or -1 (err). */
int jx_app_reopen(jx_store *st, jx_sheet *s, const char *reason, const char *user, jx_app_final *r, jx_err *err);

typedef struct {
	int64_t id;
	char *name; /* the project name, NULL when unnamed */
	jx_app_final f;
} jx_app_verified;
/* Recompute the digests of the sheets ids (NULL: every stored sheet, the
 * trash included: a finalised sheet whose mark was taken away is found by
 * its history).  *out (malloc'd, one per sheet in order).  0, or -1 (err;
 * *out then holds the sheets verified before the error). */
int jx_app_verify(jx_store *st, const int64_t *ids, size_t nids, jx_app_verified **out, size_t *n, jx_err *err);
void jx_app_verified_free(jx_app_verified *v, size_t n);

#endif
