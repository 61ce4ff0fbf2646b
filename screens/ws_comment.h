/* Comments (批注, src/comment.h) in the workstation: the open sheet's
 * comments kept at hand for the marks the screens draw, and key C (the
 * action "comment"), which adds a comment at the field under the cursor or
 * answers, resolves or reopens one there. */
#ifndef JX_WS_COMMENT_H
#define JX_WS_COMMENT_H

#include <stddef.h>

#include "comment.h"
#include "ws.h"

/* The open sheet's comments (NULL: no sheet open, or they cannot be read),
 * read again whenever a comment row was added to it since. */
const jx_comments *ws_comments(ws *w);
/* A frame begins (1) or ends (0): while it is drawn, whether comment rows
 * were added is asked of the database once, not for every row drawn with
 * its mark (a frame of the indicators asks for each of its rows). */
void ws_comments_frame(int drawing);
/* Let go of the comments kept at hand (the workstation ends). */
void ws_comments_forget(void);
/* 1 when an open comment concerns path (comment.h jx_comment_touches):
 * the screens mark its row with WS_COMMENT_MARK. */
int ws_commented(ws *w, const char *path);
#define WS_COMMENT_MARK "*"
/* Key C at path (NULL or "": the cursor is on no field): with no comment
 * there, a new one is typed at once; otherwise a list offers a new comment
 * or, for each comment there, to answer it and to resolve or reopen it. */
void ws_comment_at(ws *w, const char *path);

#endif
