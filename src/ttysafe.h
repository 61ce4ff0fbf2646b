/* Terminal safety for the command line's output.
 *
 * Text read from sheet files and databases may hold control characters, and
 * ESC starts terminal commands: a project name in a file from elsewhere could
 * retitle the window, clear the screen or overwrite what was printed.  The
 * workstation shows such characters through curses; the command line guards
 * its terminal with this stream. */
#ifndef JX_TTYSAFE_H
#define JX_TTYSAFE_H

#include <stdio.h>

/* When f is a terminal, return a stream writing to the same terminal with
 * every control character other than newline and tab shown as ^X (^[ for
 * ESC, ^? for DEL), the C1 controls U+0080..U+009F and the characters that
 * reorder or break a line (textwidth.h's jx_reorders_line) as U+FFFD; otherwise
 * (a file, a pipe) return f itself.  f is flushed first. */
FILE *jx_tty_guard(FILE *f);

#endif
