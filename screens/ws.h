/* The workstation: its session (session.h: the open database and sheet,
 * commits, undo, sync), the screens (views) and the edit in progress.
 *
 * Data flows one way: key -> view -> session_commit() ->
 * jx_store_set_field() (one transaction with its audit row) -> jx_score()
 * -> every view redraws from the sheet in the same frame; jx_check() and
 * the disk sync right after it. */
#ifndef JX_WS_H
#define JX_WS_H

#include <stddef.h>
#include <stdint.h>

#include "edit.h"
#include "session.h"
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
	/* F1: what this screen is and how it is used (NULL: nothing), then
	 * help() adds what concerns the cursor, e.g. how the current field is
	 * scored (NULL: nothing). */
	const char *about_zh, *about_en;
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

/* WS_MONITOR, the monitoring screen, is a tab of monitoring sheets only
 * (ws_view_shown); M goes to it. */
enum { WS_LIST, WS_INFO, WS_FUNDS, WS_INDS, WS_SCORE, WS_NARR, WS_CHECKS, WS_MONITOR, WS_NVIEWS };

/* The start of the view_ops of a view of the open sheet, in a file that
 * defines (static) create, destroy, sheet_changed, draw, key and go_to and
 * its F1 text about_zh and about_en. */
#define SHEET_VIEW_OPS(zh_, en_) SHEET_VIEW_OPS_FREED_BY(zh_, en_, destroy)
/* The same for a view that is a form: its state, a struct whose first member
 * is its ui_form, is freed by form_view_destroy (no destroy of its own). */
#define FORM_VIEW_OPS(zh_, en_) SHEET_VIEW_OPS_FREED_BY(zh_, en_, form_view_destroy)
#define SHEET_VIEW_OPS_FREED_BY(zh_, en_, destroy_)                                                               \
	.zh = zh_, .en = en_, .needs_sheet = 1, .about_zh = about_zh, .about_en = about_en, .create = create,      \
	.destroy = destroy_, .sheet_changed = sheet_changed, .draw = draw, .key = key, .go_to = go_to

extern const view_ops scr_list_ops, scr_info_ops, scr_funds_ops, scr_inds_ops, scr_score_ops, scr_narr_ops,
	scr_checks_ops, scr_monitor_ops;

struct ws {
	ws_session s;          /* the database, the open sheet, commits and undo */

	int cur;               /* current view */
	void *vst[WS_NVIEWS];

	/* the edit in progress */
	int editing;
	ui_edit ed;
	char edit_path[160];
	int edit_how; /* WS_EDIT_*: how it is committed */

	int quit;
	int held_key, has_held; /* read after an Esc that was not Alt+digit */
};

/* How the edit in progress is committed: the text into its field, or as an
 * indicator's target or actual typed as a table prints it ("≥95%",
 * "37.24万元": session_commit_typed).  ws_edit_begin* set WS_EDIT_FIELD. */
enum { WS_EDIT_FIELD, WS_EDIT_TARGET, WS_EDIT_ACTUAL };

/* Alt+1 … Alt+7 (Esc then the digit at once): that screen, from anywhere,
 * an edit in progress saved first, as F6 does. */
#define UK_ALT_SCREEN(d) (UK_FN_BASE + 0x2000 + (d))

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

/* Messages on the message line (the session's; role: a ui_color). */
void ws_msg(ws *w, int role, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Reload the open sheet when another workstation committed to it (not
 * while a field is being edited). Returns 1 if reloaded. */
int ws_reload_if_changed(ws *w);
/* Switch to view v (commits an edit in progress first); 0 or -1 (edit refused). */
int ws_switch(ws *w, int v);
/* Jump to the view showing a field path. */
void ws_go_to_path(ws *w, const char *path);

/* Start editing a field (the editor holds its current text, the caret at
 * its end).  Returns 0, or -1 when the field cannot be edited (message set). */
int ws_edit_begin(ws *w, const char *path, int multiline);
/* The same with the editor holding text instead. */
int ws_edit_begin_text(ws *w, const char *path, int multiline, const char *text);

/* Cells like a spreadsheet's.  Whether a key typed on a cell that is not
 * being edited starts an edit: a digit, a sign or punctuation that is no
 * command here (. - + % > < = …), or any character beyond ASCII (Chinese
 * from the input method arrives as one key); ASCII letters stay commands
 * (a adds, d deletes …), as do / ? [ ] and Space. */
int ws_type_to_edit(int key);
/* Such a key typed on the cell of path: the edit starts with the key alone,
 * replacing the value (a text area: added at its end, a long text is never
 * replaced by one key).  VR_HANDLED; 0 when the key is a digit and the cell
 * cannot take it now (finalised, review mode, read-only), so that the digit
 * goes to its screen; another key there says why. */
int ws_type_into(ws *w, const char *path, int key, int multiline);
/* Feed a key to the editor: commits on Enter, Tab, Shift-Tab, Up, Down (a
 * text area: Tab, Shift-Tab, F2, ^S), cancels on Esc.  Returns the UE_*
 * result; after a commit, w->editing is 0 on success and still 1 when the
 * value was refused. */
int ws_edit_feed(ws *w, int key);
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
/* The same, opened by a character typed on its cell (ws_type_to_edit),
 * which is added at the end of the text. */
int ws_edit_long_typed(ws *w, const char *path, int key);

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
/* Open the next sheet of the open sheet's project and year, in stage order
 * (declaration, monitoring by month, self-evaluation, then round again). */
void ws_next_stage(ws *w);
/* The sheet an operation on one sheet applies to: the selected row on the
 * project list, else the open sheet; its year, name and whether it is in
 * the trash.  0 when there is none (message set). */
int64_t ws_target_sheet(ws *w, int *year, char *name, size_t len, int *deleted);

/* The review round (sheet_review.c): take step a (U 上报, B 退回 with a
 * reason, A 审核通过) on the selected or open sheet; the status picker
 * (only the steps this run's role may take now); in review mode the next
 * (dir 1) or previous (-1) sheet of the filtered list; the review screen
 * (V): the open or selected sheet at a glance, approved or returned from
 * there with one key. */
void ws_review_step(ws *w, jx_review_action a);
void ws_review_pick(ws *w);
void ws_review_move(ws *w, int dir);
void ws_review_glance(ws *w);

/* The history of a field (path NULL: of the whole sheet), newest first. */
void ws_show_history(ws *w, int64_t sheet, const char *path);
/* Z: the collection view of every sheet (scr_collect.c). */
void ws_show_collect(ws *w);

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
/* Free the state of a view that is a form (FORM_VIEW_OPS); NULL is fine. */
void form_view_destroy(void *st);
void form_draw(ws *w, ui_form *f, int y, int x, int h, int wd);
/* Navigation, editing and commits; returns VR_* flags or 0. */
int form_key(ws *w, ui_form *f, int key, ui_action a);
int form_go_to(ui_form *f, const char *path);
/* Index of the item currently selected that is a field (-1: none). */
const ui_fitem *form_current(const ui_form *f);
/* The selected field's path into buf: 1, or 0 when none is selected. */
int form_field_at(const ui_form *f, char *buf, size_t len);
/* The key bar of a screen that is a form (项目信息, 问题与建议). */
extern const ui_action form_keybar[];

#endif
