/* The curses layer of the workstation: terminal set-up, colours, keys and
 * their named bindings, drawing text by display width, modal dialogs.
 * Everything that talks to ncursesw directly lives in screens/ui.c, edit.c
 * and grid.c; the screens draw through these helpers. */
#ifndef JX_UI_H
#define JX_UI_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "color.h"
#include "edit.h"

/* ---- keys ------------------------------------------------------------------
 * A key is an int: a Unicode character (>= 0x20), a control character
 * (1..31, 127), or a curses function key offset by UK_FN_BASE. */
#define UK_NONE (-1)
#define UK_FN_BASE 0x200000
#define UK_FN(k) (UK_FN_BASE + (k))
#define UK_CTRL(c) ((c) & 0x1f)
#define UK_ESC 27
#define UK_TAB 9
#define UK_ENTER 13
#define UK_BACKSPACE 127
#define UK_IS_CHAR(k) ((k) >= 0x20 && (k) != 0x7f && (k) < UK_FN_BASE)
/* Bracketed paste: the terminal brackets pasted text with these. */
#define UK_PASTE_BEGIN (UK_FN_BASE + 0x1001)
#define UK_PASTE_END (UK_FN_BASE + 0x1002)
#define UK_RESIZE (UK_FN_BASE + 0x1003) /* also KEY_RESIZE, normalised to this */

/* Named actions and their default keys: one table (the "key bindings").
 * The key text lists keys separated by blanks: F1..F12, Enter, Tab, BTab
 * (shift-tab), Esc, Up, Down, Left, Right, PgUp, PgDn, Home, End, Del, Ins,
 * Space, ^X (control), or one character.  Each action has a label and a
 * short label (Chinese, English): the key bar uses the short ones on
 * terminals narrower than UI_WIDE_COLS, so that a screen's keys fit in 80
 * columns. */
#define UI_ACTIONS(X)                                                                                           \
	X(HELP, "help", "F1 ?", "帮助", "Help", "帮助", "Help")                                                 \
	X(EDIT, "edit", "F2 Enter e", "编辑", "Edit", "编辑", "Edit")                                           \
	X(EXPLAIN, "explain", "F3 x", "说明", "Explain", "说明", "Explain")                                     \
	X(SORT, "sort", "F4 s", "排序", "Sort", "排序", "Sort")                                                 \
	X(ADD, "add", "F5 a", "添加", "Add", "添加", "Add")                                                     \
	X(NEXT_SCREEN, "next-screen", "F6 ]", "下一屏", "Next", "下一屏", "Next")                               \
	X(PREV_SCREEN, "prev-screen", "F18 [", "上一屏", "Previous", "上一屏", "Prev")                          \
	X(UNDO, "undo", "F7 u",    "撤销", "Undo", "撤销", "Undo")                                              \
	X(DELETE, "delete", "F8 d Del", "删除", "Delete", "删除", "Del")                                        \
	X(REDO, "redo", "F9 ^Y ^R", "重做", "Redo", "重做", "Redo")                                             \
	X(QUIT, "quit", "F10 q ^Q", "退出", "Quit", "退出", "Quit")                                             \
	X(FILTER, "filter", "/", "筛选", "Filter", "筛选", "Find")                                              \
	X(INSERT, "insert", "i Ins", "插入", "Insert", "插入", "Ins")                                           \
	X(MOVE_UP, "move-up", "K", "上移", "Move up", "上移", "Up")                                             \
	X(MOVE_DOWN, "move-down", "J", "下移", "Move down", "下移", "Down")                                     \
	X(NEW_SHEET, "new-sheet", "n", "新建", "New", "新建", "New")                                            \
	X(COPY_YEAR, "copy-year", "c", "复制到新年度", "Copy to a new year", "复制", "Copy")                    \
	X(TRASH, "trash", "t", "回收站", "Trash", "回收站", "Trash")                                            \
	X(RESTORE, "restore", "r", "恢复", "Restore", "恢复", "Restore")                                        \
	X(FOLD, "fold", "Space -", "折叠/展开", "Fold/unfold", "折叠", "Fold")                                  \
	X(UNFOLD_ALL, "unfold-all", "+ *", "全部展开", "Unfold all", "展开", "All")                             \
	X(PICK, "pick", "p", "选择", "Pick", "选择", "Pick")                                  \
	X(REDRAW, "redraw", "^L", "刷新", "Refresh", "刷新", "Refresh")                                         \
	X(HISTORY, "history", "H", "修改记录", "History", "记录", "Hist")                                    \
	X(EXPORT, "export", "E", "导出", "Export", "导出", "Export")                                            \
	X(IMPORT, "import", "I", "导入", "Import", "导入", "Import")                                            \
	X(FINALISE, "finalise", "F", "定稿", "Finalise", "定稿", "Final")                                       \
	X(COMMENT, "comment", "C", "批注（添加；已有的可答复、标为已解决或重新打开）",                           \
	  "Comment (add; answer, resolve or reopen one there)", "批注", "Note")                                  \
	X(SUBMIT, "submit", "U", "上报", "Submit", "上报", "Submit")                                              \
	X(RETURN, "return", "B", "退回（写明原因）", "Return (with a reason)", "退回", "Return")                  \
	X(APPROVE, "approve", "A", "审核通过", "Approve", "通过", "Approve")                                      \
	X(NEXT_SHEET, "next-sheet", "}", "下一张表（审核模式）", "Next sheet (review mode)", "下一张", "Next")     \
	X(PREV_SHEET, "prev-sheet", "{", "上一张表（审核模式）", "Previous sheet (review mode)", "上一张", "Prev") \
	X(GLANCE, "glance", "V", "审核一览", "Review at a glance", "一览", "Glance")                               \
	X(LIBRARY, "library", "L", "指标库", "Indicator library", "指标库", "Library")                        \
	X(NEXT_STAGE, "next-stage", "S", "下一阶段（申报、监控、自评；在最后一张表上可生成监控表或自评表）", "Next stage (declaration, monitoring, self; on the last sheet, make a monitoring sheet or the self-evaluation)", \
	  "阶段", "Stage")                                                                                      \
	X(MONITOR, "monitor", "M", "监控屏（监控表的资金、指标、灯和差距）", "Monitoring screen (a monitoring sheet's funds, indicators, lights and gaps)", \
	  "监控", "Monitor")                                                                                    \
	X(COLLECT, "collect", "Z", "汇总（各单位的表数、状态、等级、执行率、未报送）", "Collection view (counts by unit, status, grade; who has not submitted)", \
	  "汇总", "Collect")                                                                                    \
	X(SCREEN1, "screen-list", "1", "项目列表", "Projects", "项目列表", "Projects")                          \
	X(SCREEN2, "screen-info", "2", "项目信息", "Project info", "项目信息", "Project info")                  \
	X(SCREEN3, "screen-funds", "3", "资金来源", "Funds", "资金来源", "Funds")                               \
	X(SCREEN4, "screen-indicators", "4", "绩效指标", "Indicators", "绩效指标", "Indicators")                \
	X(SCREEN5, "screen-scoring", "5", "评分表", "Scoring", "评分表", "Scoring")                             \
	X(SCREEN6, "screen-narrative", "6", "问题与建议", "Narrative", "问题与建议", "Narrative")               \
	X(SCREEN7, "screen-checks", "7", "检查", "Checks", "检查", "Checks")

/* Below this width the key bar uses the short labels. */
#define UI_WIDE_COLS 100

#define UI_ACTION_ENUM(id, name, keys, zh, en, zh_short, en_short) UA_##id,
typedef enum { UA_NONE = -1, UI_ACTIONS(UI_ACTION_ENUM) UA_COUNT } ui_action;
#undef UI_ACTION_ENUM

/* The action bound to key (UA_NONE when none). */
ui_action ui_action_of(int key);
/* Label in the current language for the key bar: the short label on a
 * terminal narrower than UI_WIDE_COLS, the full one otherwise. */
const char *ui_action_label(ui_action a);
/* The full label whatever the width (help texts, lists of keys). */
const char *ui_action_full_label(ui_action a);
/* The key text ("F7 u") and the first key's short name ("F7"). */
const char *ui_action_keys(ui_action a);
const char *ui_action_key1(ui_action a);
/* Move the cursor *cur over n items by a key: Up or k, Down or j, PgUp
 * and PgDn by `page`, Home, End.  1 when the key was one of these. */
int ui_list_key(int *cur, int n, int page, int key);

/* ---- colours ---------------------------------------------------------------- */
/* ui_color (UC_NORMAL, UC_ERROR, ...): color.h */

/* Attribute (colour pair and video attributes) for a role. */
int ui_attr(ui_color c);
/* attr made bold */
int ui_bold(int attr);

/* ---- terminal ----------------------------------------------------------------- */
/* Start curses (UTF-8 locale, raw keys, colours or monochrome).  0; -1 no
 * UTF-8 locale; -2 a terminal type (TERM) terminfo does not know. */
int ui_init(void);
/* The same on no terminal at all: output to /dev/null, rows × cols
 * (benchmarks and layout checks). */
int ui_init_headless(int rows, int cols);
void ui_end(void);
int ui_rows(void);
int ui_cols(void);
/* The boxes are drawn in ASCII (boxchoice.h): bars then use '#' too. */
int ui_ascii_boxes(void);
/* Read a key; timeout_ms < 0 waits.  UK_NONE on timeout.  KEY_RESIZE comes
 * back as UK_RESIZE (the size is refreshed first).  The keys of every
 * common terminal are recognised whatever TERM says (screens/termkeys.c);
 * an unknown escape sequence is dropped whole, said through the notice
 * function, and comes back as UK_RESIZE so that the frame is redrawn. */
int ui_read_key(int timeout_ms);
/* Where ui_read_key says what it ignored (the workstation's message line). */
void ui_set_notice(void (*fn)(void *ctx, const char *text), void *ctx);
/* Set (to the signal's number) when the workstation must stop at once: the
 * terminal hung up or the system asked it to end.  Every dialog then ends as
 * if cancelled, except the text-area editor, which keeps what was typed. */
extern volatile sig_atomic_t ui_stop_signal;
/* Invalid UTF-8 bytes read since the last call (each came as U+FFFD). */
int ui_invalid_input(void);
/* Clear the whole screen for a new frame. */
void ui_clear(void);
/* Put the hardware cursor at (y, x) after this frame (the input method's
 * candidate window follows it); ui_cursor_hide() hides it. */
void ui_cursor_at(int y, int x);
void ui_cursor_hide(void);
/* End of frame: place the cursor and update the terminal. */
void ui_present(void);

/* ---- drawing by display width ------------------------------------------------- */
enum { UI_LEFT = 0, UI_RIGHT = 1, UI_CENTER = 2 };
/* Draw s in the w columns starting at (y, x): cut by display width (a wide
 * character that would be cut is replaced by a blank), padded with blanks.
 * Returns the columns of text drawn (before padding). */
int ui_text(int y, int x, int w, const char *s, int attr, int align);
/* Fill w columns with blanks. */
void ui_fill(int y, int x, int w, int attr);

/* Wrap text to lines of at most w columns (breaking at '\n', and inside
 * long lines between characters).  Calls fn for each line (bytes s[0..len)).
 * Returns the number of lines. */
int ui_wrap(const char *text, int w, void (*fn)(void *ctx, int line, const char *s, size_t len), void *ctx);

/* ---- modal dialogs -------------------------------------------------------------
 * The frame behind a dialog is drawn by the function registered here, so a
 * resize during a dialog redraws everything at the new size. */
void ui_set_background(void (*draw)(void *ctx), void *ctx);
/* The one registered (a dialog over a dialog draws it, then its own). */
void ui_get_background(void (**draw)(void *ctx), void **ctx);

/* Yes/no question: 1 yes, 0 no (Esc). */
int ui_confirm(const char *title, const char *question);
/* Pick one of n items (current preselected); returns the index or -1 (Esc). */
int ui_pick(const char *title, const char *const *items, int n, int current);
/* Scrollable text (help, explanations); returns when closed. */
void ui_show_text(const char *title, const char *text);
/* The same, also closed by one of the ASCII keys in closing (foot, may be
 * NULL, says what they do): that key, or 0 when closed otherwise. */
int ui_show_text_keys(const char *title, const char *text, const char *closing, const char *foot);
/* Edit long text in a box over the screen (ed must be a text area):
 * 1 to save (Tab, F2), 0 cancelled (Esc).  note (may be NULL) is shown in
 * the box, e.g. why the last attempt was refused. */
int ui_edit_dialog(const char *title, ui_edit *ed, const char *note);
/* One line of input: 1 entered (buf holds it), 0 cancelled. */
int ui_prompt(const char *title, const char *label, char *buf, size_t len);
/* A dialog of a screen's own, run as the ones above: draw is called for
 * every frame (over the frame behind), key for every key until it returns
 * nonzero, which is returned; -1 when the workstation must stop.  ui_frame
 * draws its box. */
int ui_modal(void (*draw)(void *ctx), int (*key)(void *ctx, int k), void *ctx);
void ui_frame(int y, int x, int h, int w, const char *title, int attr);

/* A growing string buffer for building help and explanation texts. */
typedef struct {
	char *s;
	size_t len, cap;
} ui_buf;
void ui_buf_add(ui_buf *b, const char *s);
void ui_buf_printf(ui_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void ui_buf_free(ui_buf *b);

#endif
