/* The workstation on a pseudo-terminal: start it, type keys, read the
 * screen (vt.h), kill it.  Every running terminal is read whenever any of
 * them is waited on, so that none blocks on a full output buffer. */
#ifndef JX_TEST_TERM_H
#define JX_TEST_TERM_H

#include <sys/types.h>
#include "vt.h"

typedef struct {
	const char *name;
	pid_t pid;
	int fd;
	vt v;
	char screen[32768]; /* the text of the screen, refreshed by term_screen */
	int dirty;
	int alive;
	int status;          /* wait status once it ended */
	double last_out;     /* when it last wrote (now_ms) */
	char raw[65536];     /* the first bytes it wrote, for a report */
	size_t nraw;
	/* text seen on the screen at any moment, for words that must never
	 * appear ("database is locked") */
	const char *const *never;
	char never_seen[256];
} term;

/* Start argv[0] with argv on a rows x cols terminal (TERM=xterm, UTF-8). */
int term_start(term *t, const char *name, char *const argv[], int rows, int cols);
/* Read what the running terminals wrote, for up to timeout_ms. */
void term_pump(int timeout_ms);
const char *term_screen(term *t);
/* Has it written nothing for ms milliseconds (a frame drawn whole)? */
int term_quiet(const term *t, double ms);
/* Wait until the screen shows text; 0, or -1 after timeout_ms or when the
 * program ended. */
int term_wait(term *t, const char *text, int timeout_ms);
void term_keys(term *t, const char *keys);
/* Send sig (SIGKILL) and collect the process. */
void term_kill(term *t, int sig);
/* Wait up to timeout_ms for it to end by itself; 0 when it did. */
int term_reap(term *t, int timeout_ms);
void term_close(term *t);
double now_ms(void);

#define KEY_ENTER_S "\r"
#define KEY_DOWN_S "\033OB"
#define KEY_UP_S "\033OA"
#define KEY_ESC_S "\033"
#define KEY_CTRL_U "\025"
#define KEY_F10_S "\033[21~"

#endif
