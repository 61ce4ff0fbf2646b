/* The roles a piece of text plays on the workstation's screen, each drawn in
 * a colour of its own (ui_attr).  Apart from ui.h so that the session, which
 * never draws, can say what its messages are. */
#ifndef JX_COLOR_H
#define JX_COLOR_H

typedef enum {
	UC_NORMAL,
	UC_TABBAR,
	UC_TAB_ACTIVE,
	UC_STATUS,
	UC_KEY,
	UC_KEYLABEL,
	UC_HEADER,
	UC_SELECT,
	UC_EDIT,
	UC_ERROR,
	UC_WARN,
	UC_INFO,
	UC_MARK,   /* a row with a problem */
	UC_DIM,
	UC_TITLE,
	UC_OK,
	UC_ROW,    /* a grid's current row */
	UC_CURSOR, /* a grid's current cell: where typing goes */
	UC_COUNT
} ui_color;

#endif
