/* Writing a file so that it is either complete or absent.
 *
 * Data goes to a temporary file in the target's directory; on commit it is
 * flushed, fsync'ed and renamed over the target (then the directory is
 * fsync'ed).  On any error the temporary file is removed, so a partial or
 * corrupt file is never left behind, and an existing target is untouched.
 * An existing target is refused unless `force` is set.
 *
 * A new file gets mode 0600, as the database holding the same data has
 * (jx_safefile_set_mode for another); a replaced file keeps its own.  While
 * a temporary file exists, SIGINT, SIGTERM and SIGHUP remove it before the
 * program ends (unless the program handles those signals itself).
 */
#ifndef JX_SAFEFILE_H
#define JX_SAFEFILE_H

#include <stddef.h>
#include <stdio.h>
#include "err.h"

typedef struct {
	char *path;  /* target */
	char *tmp;   /* temporary file beside it; NULL once committed or aborted */
	FILE *f;     /* stream on tmp; NULL after jx_safefile_release() */
	int force;
} jx_safefile;

/* The permissions of every file written from now on (read and write bits
 * of mode; a replaced file gets them too). */
void jx_safefile_set_mode(unsigned mode);

/* Check the target's directory (exists, is a directory, writable) and the
 * target (refused if it exists and !force, or if it is not a regular file),
 * then create the temporary file.  Returns 0, or -1 with a message. */
int jx_safefile_open(jx_safefile *sf, const char *path, int force, jx_err *err);

/* Close the stream but keep the temporary file, for a writer that opens the
 * file by name itself (libxlsxwriter writes to sf->tmp). */
int jx_safefile_release(jx_safefile *sf, jx_err *err);

/* Flush, fsync, rename over the target.  On error the temporary file is
 * removed and the target is unchanged.  The safefile is finished either way. */
int jx_safefile_commit(jx_safefile *sf, jx_err *err);

/* Give up: close and remove the temporary file.  Safe to call twice. */
void jx_safefile_abort(jx_safefile *sf);

/* Set err for a failed write or close with errno `e` ("磁盘已满" for ENOSPC). */
void jx_safefile_write_error(jx_err *err, const char *path, int e);

/* A file name built from sheet text (project name, unit ...): path
 * separators "/" and "\", "..", control characters, characters Windows
 * refuses (: * ? " < > |) and leading dots and spaces are removed, invalid
 * UTF-8 becomes "_"; Chinese and other letters are kept.  The result is cut
 * (at a character boundary) to fit `len` and to 200 bytes; an empty result
 * becomes "sheet".  Returns buf. */
char *jx_safe_filename(const char *text, char *buf, size_t len);

#endif
