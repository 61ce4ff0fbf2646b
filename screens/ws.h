/* The workstation session: the open database, the sheet being worked on,
 * its live scoring sheet and findings, the screens (views), the edit in
 * progress, undo/redo and messages.
 *
 * Data flows one way: key -> view -> ws_commit() -> jx_store_set_field()
 * (one transaction with its audit row) -> jx_score() and jx_check() ->
 * every view redraws from the sheet in the same frame. */
#ifndef JX_WS_H
#define JX_WS_H

#include <stddef.h>
#include <stdint.h>

#include "checks.h"
#include "edit.h"
#include "engine.h"
#include "model.h"
#include "store.h"
#include "template.h"
#include "ui.h"

typedef struct ws ws;

/* What a view's key handler did. */
enum { VR_HANDLED = 1, VR_REDRAW = 2, VR_QUIT = 4 };

typedef struct view_ops {
	const char *zh, *en; /* tab label */
	int needs_sheet;     /* shows "no sheet open" without one */
	void *(*create)(ws *w);
	void (*destroy)(void *st);
	/* The view became the current one (the sheet was reloaded if it had
	 * changed elsewhere). */
	void (*enter)(ws *w, void *st);
	/* Another sheet was opened, or the sheet was reloaded or changed shape:
	 * keep cursors in range. */
	void (*sheet_changed)(ws *w, void *st);
	void (*draw)(ws *w, void *st, int y, int x, int h, int wd);
	/* a = the action bound to key (UA_NONE if none).  Returns VR_* flags;
	 * 0 lets the workstation handle the key. */
	int (*key)(ws *w, void *st, int key, ui_action a);
	/* F1: what this screen is and how the current field is scored. */
	void (*help)(ws *w, void *st, ui_buf *b);
	/* F3: explanation of the computed number under the cursor (NULL: none). */
	void (*explain)(ws *w, void *st, ui_buf *b);
	/* The field under the cursor (for its history): 1 with its path in
	 * buf; 0 when the cursor is on no field (NULL: never). */
	int (*field_at)(ws *w, void *st, char *buf, size_t len);
	/* Put the cursor on a field path; 1 if the view shows it. */
	int (*go_to)(ws *w, void *st, const char *path);
	/* Actions listed in the key bar, UA_NONE-terminated. */
	const ui_action *keybar;
} view_ops;

enum { WS_LIST, WS_INFO, WS_FUNDS, WS_INDS, WS_SCORE, WS_NARR, WS_CHECKS, WS_NVIEWS };

extern const view_ops scr_list_ops, scr_info_ops, scr_funds_ops, scr_inds_ops, scr_score_ops, scr_narr_ops,
	scr_checks_ops;

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
} undo_entry;

typedef struct {
	undo_entry *v;
	size_t n, cap;
} undo_stack;

struct ws {
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

	int cur;               /* current view */
	void *vst[WS_NVIEWS];

	/* the edit in progress */
	int editing;
	ui_edit ed;
	char edit_path[160];
	char edit_saved[256];  /* the saved value when editing started (shown after a refusal) */

	/* a refused value: shown beside its field */
	char err_path[160];
	char err_msg[768];

	char msg[1024];
	int msg_role;          /* ui_color */
	ws_save_state save;    /* SAVE_SAVED shows as 保存中 until the disk has the commits */
	/* a field commit's message, shown once the disk has it (msg says
	 * 正在保存 until then; another message replaces both) */
	char msg_synced[1024];
	int msg_awaits_sync;
	int64_t sync_retry_ms; /* a failed disk sync is tried again from then on */

	undo_stack undo, redo;
	int quit;
	int64_t last_rev_check; /* time of the last idle revision check (ms) */
};

/* Where the last field commit's time went (µs), for the benchmark: the
 * store's write with its audit row (and the disk's sync), and the score. */
typedef struct {
	int64_t commit_us, score_us;
} ws_timing;
/* After the frame that shows a commit: the disk sync (µs; 0 when there was
 * nothing to sync). */
extern int64_t ws_last_sync_us;
extern ws_timing ws_last_timing;

/* Life cycle (jx_workstation_main, and the headless benchmark):
 * ws_setup opens the database and the templates and creates the views
 * (0 or an exit code, message on stderr); after ui_init, ws_start shows the
 * project list; ws_key handles one key as the event loop would; ws_frame
 * draws the whole frame and updates the terminal. */
int ws_setup(ws *w, const char *db_path, const char *user, const char *templates_dir);
void ws_start(ws *w);
void ws_teardown(ws *w);
void ws_key(ws *w, int key);
void ws_frame(ws *w);

/* Messages on the message line. */
void ws_msg(ws *w, int role, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
void ws_msg_clear(ws *w);

/* Open a sheet by id (also used to reload); 0 or -1 with a message. */
int ws_open_sheet(ws *w, int64_t id);
void ws_close_sheet(ws *w);
/* Reload the open sheet when another workstation committed to it. Returns 1 if reloaded. */
int ws_reload_if_changed(ws *w);
/* Score the open sheet again (every score on screen comes from this); its
 * checks are marked stale and run right after the next frame is drawn
 * (ws_after_frame), so that a keystroke's frame waits only for the score. */
void ws_rescore(ws *w);
/* Run the checks now if they are stale (views that show findings call it
 * before using w->fnd). */
void ws_check_now(ws *w);
/* After a frame was drawn: work that is not a score (the checks) is done
 * here; returns 1 when the frame must be drawn again to show it. */
int ws_after_frame(ws *w);
/* Write total, grade and number of findings to the list cache if changed. */
void ws_save_summary(ws *w);
/* Switch to view v (commits an edit in progress first); 0 or -1 (edit refused). */
int ws_switch(ws *w, int v);
/* Jump to the view showing a field path. */
void ws_go_to_path(ws *w, const char *path);

/* Whether a sheet is finalised (定稿): every edit is refused until reopened. */
int ws_sheet_final(const jx_sheet *s);

/* Whether a field may be changed now (review mode, read-only database);
 * when not, a message says why. */
int ws_can_edit(ws *w, const char *path);

/* Commit text to a field: conflict check, jx_store_set_field, undo entry,
 * rescore.  0 on success; -1 refused (err_path/err_msg set, nothing saved). */
int ws_commit(ws *w, const char *path, const char *text);

/* Start editing a field (the editor holds its current text).  Returns 0, or
 * -1 when the field cannot be edited (message set). */
int ws_edit_begin(ws *w, const char *path, int multiline);
/* Start with the editor holding `text` instead of the saved value. */
int ws_edit_begin_with(ws *w, const char *path, int multiline, const char *text);
/* Feed a key to the editor: commits on Enter, Tab, Shift-Tab, Up, Down (a
 * text area: Tab, Shift-Tab, F2, ^S), cancels on Esc.  Returns the UE_*
 * result; after a commit, w->editing is 0 on success and still 1 when the
 * value was refused. */
int ws_edit_feed(ws *w, int key);
/* Commit the edit in progress (leaving the field); 0 or -1 (refused). */
int ws_edit_commit(ws *w);
void ws_edit_cancel(ws *w);
/* Whether path is the field being edited. */
int ws_is_editing(const ws *w, const char *path);

/* Editing inside a grid: feed the key to the editor; after a successful
 * commit move the grid's cursor (Enter and Down: next row, Up: previous row,
 * Tab: next column, Shift-Tab: previous column).  Returns VR_* flags. */
struct ui_grid;
int ws_grid_edit_feed(ws *w, struct ui_grid *g, int key);

/* Edit a long text field (reasons, notes) in a box over the screen, with
 * its line breaks; commits on Tab or F2.  0 saved, -1 cancelled. */
int ws_edit_long(ws *w, const char *path);

/* Current text of a field ("" when empty or unknown). */
const char *ws_get(ws *w, const char *path, char *buf, size_t len);

/* Structural edits of the indicator list (with undo). */
int ws_ind_add(ws *w, size_t at, const char *slot);
int ws_ind_delete(ws *w, size_t at);
int ws_ind_move(ws *w, size_t from, size_t to);
/* Delete a fund source, sub-project, basis document or goal after asking
 * (with undo, which puts it back at its place). */
int ws_row_delete(ws *w, jx_row_kind kind, size_t at);

/* Undo and redo the last committed change. */
void ws_undo(ws *w);
void ws_redo(ws *w);
void ws_undo_clear(ws *w);

/* ---- whole sheets (sheet_ops.c) ---- */
/* Export the current sheet or every sheet of the filtered project list, in
 * a format picked from a list, to a file name prompted for (an existing file
 * is replaced only after asking); the result in the message line. */
void ws_export(ws *w);
/* Import a bundle (file name prompted for) and show the merge report. */
void ws_import(ws *w);
/* Finalise the current sheet (list row or open sheet) after asking, or
 * reopen a finalised one with a reason. */
void ws_finalise_toggle(ws *w);
/* The history of a field (path NULL: of the whole sheet), newest first. */
void ws_show_history(ws *w, int64_t sheet, const char *path);

/* The project list (scr_list.c): its selected sheet (NULL: none); the ids
 * of the sheets it shows in order, conflict copies left out and counted
 * (malloc'd; *trash: it shows the trash); read the list again. */
const jx_sheet_summary *scr_list_selected(ws *w);
int scr_list_shown(ws *w, int64_t **ids, size_t *n, size_t *conflict_copies, int *trash);
void scr_list_reload(ws *w);

/* Format a jx_dec ("" for JX_NONE): decimals fixed, or trimmed when < 0. */
const char *ws_fmt(char *buf, jx_dec v, int decimals);
/* Rate (fraction ×JX_SCALE) as a percentage with 2 decimals: "24.85%". */
const char *ws_fmt_rate(char *buf, jx_dec rate);
/* The engine's explanation for an item path, with its label, into b. */
void ws_explain_path(ws *w, const char *path, ui_buf *b);
/* Number of findings of a severity. */
int ws_findings_count(const ws *w, int sev);
/* Findings pointing at a path (or any sub-path when prefix). */
const jx_finding *ws_finding_for(const ws *w, const char *path);

/* ---- forms: a column of labelled fields (project info, narrative, review) ---- */
enum { UF_LINE, UF_AREA, UF_CHOICE, UF_TEXT, UF_HEADING };
typedef struct {
	char path[96];
	char label[96];
	int kind;
	int lines;                 /* text area: lines shown when not editing */
	const char *const *choices; /* labels shown in the picker */
	const char *const *values;  /* what is stored for each choice (NULL: the labels) */
	int nchoices;
	int free_text;              /* the picker also offers typing another value */
	int readonly;
} ui_fitem;

typedef struct {
	ui_fitem *items;
	int n, cap;
	int cur;
	int top;     /* first screen line shown */
	int label_w; /* label column width (0: computed) */
	int inactive; /* another widget has the focus: nothing selected */
} ui_form;

void form_reset(ui_form *f);
ui_fitem *form_add(ui_form *f, int kind, const char *path, const char *label);
void form_free(ui_form *f);
void form_draw(ws *w, ui_form *f, int y, int x, int h, int wd);
/* Navigation, editing and commits; returns VR_* flags or 0. */
int form_key(ws *w, ui_form *f, int key, ui_action a);
int form_go_to(ui_form *f, const char *path);
/* Index of the item currently selected that is a field (-1: none). */
const ui_fitem *form_current(const ui_form *f);

#endif
