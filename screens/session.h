/* The workstation's session without the terminal: the open database and its
 * templates, the sheet being worked on with its live scores and findings,
 * committing a field under the conflict rules, undo and redo, the deferred
 * disk sync, and the text of the message line.  Nothing here draws or reads
 * keys: the event loop (ws.c) is told what changed through the hooks, and
 * draws the message and the save state from the struct.
 *
 * Data flows one way: session_commit() -> jx_store_set_field() (one
 * transaction with its audit row) -> jx_score(), and jx_check() after the
 * frame (session_after_frame) -> the views redraw from the sheet. */
#ifndef JX_SESSION_H
#define JX_SESSION_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "checks.h"
#include "color.h"
#include "engine.h"
#include "model.h"
#include "store.h"
#include "template.h"

typedef enum { SAVE_NONE, SAVE_SAVED, SAVE_EDITING, SAVE_FAILED, SAVE_READONLY } ws_save_state;

/* One committed change that undo can take back. */
typedef enum { UNDO_FIELD, UNDO_IND_ADD, UNDO_IND_DEL, UNDO_IND_MOVE, UNDO_ROW_DEL } undo_kind;
typedef struct {
	undo_kind kind;
	char *path;        /* field */
	char *old_text, *new_text;
	size_t at, to;     /* indicator or row position; move target */
	char *ind_key;     /* added/deleted indicator's key */
	jx_row_kind row_kind; /* deleted row: its list */
	jx_sheet *holder;  /* a deleted indicator or row, whole (a sheet holding only it) */
	int joined;        /* undone and redone with the entry before it: one change of several fields */
} undo_entry;

typedef struct {
	undo_entry *v;
	size_t n, cap;
} undo_stack;

/* What the front end does when the session changes under it (any may be
 * NULL; each gets ctx). */
typedef struct {
	/* Another sheet was opened, or the sheet was reloaded or changed shape:
	 * the views keep their cursors in range. */
	void (*sheet_changed)(void *ctx);
	/* The open sheet is about to be closed: an edit on it is given up. */
	void (*closing)(void *ctx);
	/* Undo or redo changed this field path: show it. */
	void (*go_to)(void *ctx, const char *path);
	/* A yes/no question before a row is deleted: 1 yes (NULL: yes). */
	int (*confirm)(void *ctx, const char *title, const char *question);
	void *ctx;
} ws_session_hooks;

/* Where the last field commit's time went (µs), for the benchmark: the
 * store's write with its audit row, the score; after the frame that shows
 * it, the disk sync (0 when there was nothing to sync). */
typedef struct {
	int64_t commit_us, score_us, sync_us;
} ws_timing;

typedef struct ws_session {
	jx_store *st;
	jx_templates tpl;
	const char *db_path;
	const char *user;
	int review;    /* --review: only reviewer fields editable */
	int db_readonly;
	int db_unwritable; /* a write failed because the database became read-only */

	jx_sheet *sheet;       /* open sheet or NULL */
	const jx_template *t;  /* its template (NULL if unknown) */
	jx_sheet *prev;        /* same project, previous year (for checks) or NULL */
	jx_scoresheet ss;
	jx_findings fnd;
	int scored;
	int checks_stale;      /* fnd predates the last change: checked right after the frame */
	unsigned gen;          /* bumped whenever the sheet, its scores or findings change */
	unsigned fnd_gen;      /* bumped when the findings or the sheet's rows change */
	int summary_dirty;     /* list cache needs the new total/grade */

	/* a refused value: shown beside its field */
	char err_path[160];
	char err_msg[768];

	char msg[1024];
	int msg_role;          /* ui_color */
	int64_t msg_sheet;     /* the sheet open when msg was said (0: none, or said on the list) */
	ws_save_state save;    /* SAVE_SAVED shows as 保存中 until the disk has the commits */
	/* a field commit's message, shown once the disk has it (msg says
	 * 正在保存 until then; another message replaces both) */
	char msg_synced[1024];
	int msg_awaits_sync;
	int64_t sync_retry_ms; /* a failed disk sync is tried again from then on */
	int64_t last_rev_check; /* time of the last idle revision check (ms) */

	undo_stack undo, redo;
	ws_session_hooks hooks;
	ws_timing timing;
} ws_session;

/* A message on the message line (role: a ui_color). */
void session_vmsg(ws_session *s, int role, const char *fmt, va_list ap);

/* The open sheet's current text of a field: whole (a buffer valid until the
 * next call), or copied into buf cut at a character ("" when empty or
 * unknown). */
const char *session_field_text(ws_session *s, const char *path);
const char *session_get(ws_session *s, const char *path, char *buf, size_t len);
/* Number of findings of a severity; the worst finding on a path. */
int session_findings_count(const ws_session *s, int sev);
const jx_finding *session_finding_for(const ws_session *s, const char *path);

/* Open a sheet by id (also used to reload); 0 or -1 with a message. */
int session_open_sheet(ws_session *s, int64_t id);
/* The message line emptied when it speaks of a sheet other than id (0: of
 * any sheet): one sheet's message never shows beside another. */
void session_forget_msg_unless(ws_session *s, int64_t id);
void session_close_sheet(ws_session *s);
/* Reload the open sheet when another workstation committed to it. Returns 1 if reloaded. */
int session_reload_if_changed(ws_session *s);
/* Run the checks now if they are stale (views that show findings call it
 * before using fnd); the score is redone on every change, the checks only
 * here or after the frame. */
void session_check_now(ws_session *s);
/* After a frame was drawn: the disk sync of the commits it shows and the
 * checks; 1 when the frame must be drawn again to show them. */
int session_after_frame(ws_session *s);
/* The monotonic clock (ms) of the session's timers (last_rev_check). */
int64_t session_now_ms(void);
/* Idle (no key for a while): say when a database that could not be written
 * can be again; reload the sheet another workstation committed to (not
 * while editing).  At most once a second. */
void session_idle(ws_session *s, int editing);
/* Write total, grade and number of findings to the list cache if changed. */
void session_save_summary(ws_session *s);
/* The save state in words for the status line: 已保存, 保存中 until the disk
 * has the commits, 编辑中, ... ("" before any sheet). */
const char *session_save_label(const ws_session *s);

/* Whether a sheet is finalised (定稿): every edit is refused until reopened. */
int session_sheet_final(const jx_sheet *s);
/* Whether a field (NULL: the sheet's rows) may be changed now (review mode,
 * read-only database, finalised sheet); when not, a message says why. */
int session_can_edit(ws_session *s, const char *path);
/* The same without a message: whether a cell may take typed keys now. */
int session_may_edit(const ws_session *s, const char *path);
void session_clear_field_error(ws_session *s);

/* Commit text to a field: conflict check, jx_store_set_field, undo entry,
 * rescore.  0 on success; -1 refused (err_path/err_msg set, nothing saved).
 * The field changed on another workstation since it was shown: refused,
 * the message says to what; committing again overwrites it. */
int session_commit(ws_session *s, const char *path, const char *text);

/* Commit text typed into an indicator's target or actual cell as a table
 * prints it (src/target.h): "≥95%" sets the comparator, number, unit and
 * text as one change (one undo step) and the message line says what was
 * understood ("已识别：≥ 95 %"); an actual with another unit than the
 * indicator's is refused like any value.  Typed into the comparator cell,
 * a comparator alone is that cell's value, more is a whole target.  Other
 * paths: session_commit. */
typedef enum { TYPED_TARGET, TYPED_ACTUAL } session_typed;
int session_commit_typed(ws_session *s, const char *path, const char *text, session_typed how);

/* Structural edits of the indicator list (with undo). */
int session_ind_add(ws_session *s, size_t at, const char *slot);
int session_ind_delete(ws_session *s, size_t at);
int session_ind_move(ws_session *s, size_t from, size_t to);
/* Delete a fund source, sub-project, basis document or goal after asking
 * (hooks.confirm; with undo, which puts it back at its place). */
int session_row_delete(ws_session *s, jx_row_kind kind, size_t at);

/* Undo and redo the last committed change. */
void session_undo(ws_session *s);
void session_redo(ws_session *s);

/* Everything the session holds freed, the database closed. */
void session_free(ws_session *s);

#endif
