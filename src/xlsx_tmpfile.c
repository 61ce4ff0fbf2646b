/* libxlsxwriter's temporary files, fewer: a trick around libxlsxwriter,
 * kept in a file of its own like the zip level (xlsx_zip_level.c) and the
 * numbers (xlsx_zip_numbers.c).
 *
 * Why it exists: in constant-memory mode libxlsxwriter writes each
 * worksheet's rows to a temporary file of its own, kept until the workbook
 * is closed; then its packager writes every part (each worksheet, the
 * styles, the workbook…) to another new temporary file, reads it back into
 * the zip and closes it.  For 1,000 sheets of 300 indicators that is 2,010
 * files created and 245 MB written and read through the kernel: a fifth
 * of the export's CPU time, most of it the file system finding a free
 * inode for each new file.
 *
 * What it does instead: the rows of all of a workbook's worksheets wait in
 * one temporary file (the spool), each worksheet's as the extents it
 * appended, read back in order when the workbook is closed (117 MiB for
 * those 1,000 sheets, on disk in $TMPDIR or /tmp, see xlsx_tmpdir in
 * src/export_xlsx.c: in memory it would be more than the export's whole
 * memory target).  The packager's parts are assembled in memory, one at a
 * time: at most the one worksheet that holds every sheet's 审核意见, about
 * 3.3 MB for 1,000 sheets.
 *
 * How: this program defines libxlsxwriter's lxw_tmpfile (called for every
 * temporary file), lxw_create_package (the packager, called once by
 * workbook_close) and lxw_workbook_free; the dynamic linker binds the
 * library's calls to these definitions, which call the library's own
 * (found with dlsym(RTLD_NEXT)).  A temporary file is a stdio stream
 * (fopencookie) over a growing buffer while the packager runs, over the
 * spool at any other time.  A buffer that cannot grow, or a spool write
 * that fails (a full disk), makes the packager's result an error
 * (libxlsxwriter does not check its writes), so the export fails with a
 * message rather than writing a short part.  jixiao is one thread, so the
 * state is plain statics.  The xlsx writer calls jx_xlsx_tmpfile_linked()
 * so that this file's object is taken from the static library into every
 * program that writes xlsx.
 *
 * Which test proves it still applies: test_export's
 * test_xlsx_lean_temporaries (a workbook of five worksheets made one
 * temporary file, and every part of its zip was assembled in memory), and
 * the unchanged parts of every export test.
 */
#include "export_ops.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <xlsxwriter/packager.h>

void jx_xlsx_tmpfile_linked(void)
{
}

/* One part being assembled. */
typedef struct {
	char *buf;
	size_t len, cap, pos;
} memfile;

static int in_package;     /* 1 while lxw_create_package runs */
static int package_failed; /* a part's buffer could not grow */
static unsigned long files_in_memory;

unsigned long jx_xlsx_tmpfiles_in_memory(void)
{
	return files_in_memory;
}

static unsigned long spools_made; /* temporary files made (see below) */

unsigned long jx_xlsx_tmpfiles_on_disk(void)
{
	return spools_made;
}

static int spool_errno; /* a failed spool write's error (ENOSPC: the disk is full) */

int jx_xlsx_tmpfile_error(void)
{
	return spool_errno;
}

/* The buffer of the last part closed, kept for the next part while the
 * packager runs: a part's buffer of more than 128 KiB is a mapping of its
 * own (see jx_export_fixed_mmap_threshold), and a fresh one for each of
 * 1,000 worksheets had the kernel clear and map about 20,000 pages. */
static char *mf_spare;
static size_t mf_spare_cap;

static ssize_t mf_write(void *c, const char *data, size_t n)
{
	memfile *m = c;
	if (!m->buf && mf_spare) {
		m->buf = mf_spare;
		m->cap = mf_spare_cap;
		mf_spare = NULL;
		mf_spare_cap = 0;
	}
	if (m->pos + n > m->cap) {
		size_t cap = m->cap ? m->cap : 64 * 1024;
		char *nb;
		while (cap < m->pos + n)
			cap *= 2;
		nb = realloc(m->buf, cap);
		if (!nb) {
			package_failed = 1;
			errno = ENOMEM;
			return -1;
		}
		m->buf = nb;
		m->cap = cap;
	}
	memcpy(m->buf + m->pos, data, n);
	m->pos += n;
	if (m->pos > m->len)
		m->len = m->pos;
	return (ssize_t)n;
}

static ssize_t mf_read(void *c, char *data, size_t n)
{
	memfile *m = c;
	if (m->pos >= m->len)
		return 0;
	if (n > m->len - m->pos)
		n = m->len - m->pos;
	memcpy(data, m->buf + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static int mf_seek(void *c, off64_t *off, int whence)
{
	memfile *m = c;
	off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off64_t)m->pos : (off64_t)m->len;
	if (base + *off < 0) {
		errno = EINVAL;
		return -1;
	}
	m->pos = (size_t)(base + *off);
	*off = (off64_t)m->pos;
	return 0;
}

static int mf_close(void *c)
{
	memfile *m = c;
	if (in_package && m->cap > mf_spare_cap) {
		free(mf_spare);
		mf_spare = m->buf;
		mf_spare_cap = m->cap;
	} else {
		free(m->buf);
	}
	free(m);
	return 0;
}

/* ------------------------------------------------------------------------
 * The spool: the constant-memory worksheets' row files as extents of one
 * temporary file.  Each worksheet appends its rows, then reads them back
 * once when the workbook is closed; the extents of all worksheets follow
 * each other in the one file as they were written.
 */
typedef struct {
	off_t at, len; /* where in the spool, how many bytes */
} extent;

/* One workbook's spool: the library's temporary file (unlinked), closed
 * when its last worksheet's stream is. */
typedef struct {
	FILE *f;
	off_t end;  /* the spool's length, with the bytes still in wb */
	long users;
	char *wb;   /* the last bytes appended, not yet written (see spool_put) */
	size_t wlen;
	char *rb;   /* bytes read ahead (see spool_get) */
	off_t rb_at;
	size_t rb_len;
} spool_t;

/* The worksheets' streams append a few KiB at a time, each through its own
 * 4 KiB buffer, and the spool gathers them into writes of 256 KiB: one
 * system call rather than 64 (on the machine of the README's figures, a
 * tenth of the export's CPU time went to 42,000 writes of 4 KiB).  Read
 * back, a worksheet's rows are mostly long runs of the spool, read ahead
 * 256 KiB at a time for the same reason. */
#define SPOOL_WBUF (256 * 1024)

typedef struct {
	spool_t *sp;
	extent *ext;
	size_t n, cap, cur; /* cur: the extent holding pos when reading */
	off_t len, pos, cur_from;
	char buf[4096];     /* the stream's buffer: 4 KiB, as a file's */
} spooled;

/* The spool of the workbook being written.  Let go when the workbook is
 * freed (lxw_workbook_free below): a worksheet whose stream the library
 * never closes (it does not when the workbook fails before the end, or a
 * worksheet has no rows) keeps its spool open as its own file would have
 * stayed, and the next workbook has a spool of its own. */
static spool_t *spool;
static int spool_failed; /* a write or read of the spool failed */

static void spool_release(spool_t *sp)
{
	if (--sp->users > 0 || sp == spool)
		return;
	fclose(sp->f); /* unlinked: its space is given back */
	free(sp->wb);
	free(sp->rb);
	free(sp);
}

/* The gathered bytes written at the end of the file; -1 when a write
 * fails (the spool then has failed, spool_errno says why). */
static int spool_flush(spool_t *sp)
{
	off_t at = sp->end - (off_t)sp->wlen;
	size_t done = 0;
	while (done < sp->wlen) {
		ssize_t w = pwrite(fileno(sp->f), sp->wb + done, sp->wlen - done, at + (off_t)done);
		if (w <= 0) {
			spool_failed = 1;
			spool_errno = w < 0 ? errno : ENOSPC;
			sp->wlen = 0;
			return -1;
		}
		done += (size_t)w;
	}
	sp->wlen = 0;
	return 0;
}

/* n bytes appended at the spool's end: gathered in wb when it can be had,
 * written at once when it cannot or they are as large as it. */
static ssize_t spool_put(spool_t *sp, const char *data, size_t n)
{
	ssize_t w;
	if (!sp->wb)
		sp->wb = malloc(SPOOL_WBUF);
	if (sp->wb && sp->wlen + n > SPOOL_WBUF && spool_flush(sp) != 0)
		return -1;
	if (sp->wb && n < SPOOL_WBUF) {
		memcpy(sp->wb + sp->wlen, data, n);
		sp->wlen += n;
		return (ssize_t)n;
	}
	w = pwrite(fileno(sp->f), data, n, sp->end);
	if (w <= 0) {
		spool_failed = 1;
		spool_errno = w < 0 ? errno : ENOSPC;
		return -1;
	}
	return w;
}

static ssize_t sp_write(void *c, const char *data, size_t n)
{
	spooled *s = c;
	spool_t *sp = s->sp;
	ssize_t w;
	if (s->pos != s->len) { /* the library only ever appends */
		spool_failed = 1;
		errno = EINVAL;
		return -1;
	}
	if (!s->n || s->ext[s->n - 1].at + s->ext[s->n - 1].len != sp->end) {
		if (s->n == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 8;
			extent *ne = realloc(s->ext, cap * sizeof *ne);
			if (!ne) {
				spool_failed = 1;
				errno = ENOMEM;
				return -1;
			}
			s->ext = ne;
			s->cap = cap;
		}
		s->ext[s->n].at = sp->end;
		s->ext[s->n++].len = 0;
	}
	if ((w = spool_put(sp, data, n)) < 0)
		return -1;
	s->ext[s->n - 1].len += w;
	sp->end += w;
	s->len += w;
	s->pos = s->len;
	return w;
}

/* Up to n bytes of the spool from at (all written: the gathered bytes
 * are written before anything is read); 0 at its end, -1 when the read
 * fails. */
static ssize_t spool_get(spool_t *sp, char *data, size_t n, off_t at)
{
	ssize_t r;
	if (!sp->rb)
		sp->rb = malloc(SPOOL_WBUF);
	if (!sp->rb || n >= SPOOL_WBUF)
		return pread(fileno(sp->f), data, n, at);
	if (at < sp->rb_at || at >= sp->rb_at + (off_t)sp->rb_len) {
		r = pread(fileno(sp->f), sp->rb, SPOOL_WBUF, at);
		if (r <= 0)
			return r;
		sp->rb_at = at;
		sp->rb_len = (size_t)r;
	}
	if ((off_t)n > sp->rb_at + (off_t)sp->rb_len - at)
		n = (size_t)(sp->rb_at + (off_t)sp->rb_len - at);
	memcpy(data, sp->rb + (at - sp->rb_at), n);
	return (ssize_t)n;
}

static ssize_t sp_read(void *c, char *data, size_t n)
{
	spooled *s = c;
	ssize_t r;
	if (s->sp->wlen && spool_flush(s->sp) != 0) /* the gathered bytes first */
		return -1;
	if (s->pos < s->cur_from || s->cur >= s->n) { /* from the start again */
		s->cur = 0;
		s->cur_from = 0;
	}
	while (s->cur < s->n && s->pos >= s->cur_from + s->ext[s->cur].len) {
		s->cur_from += s->ext[s->cur].len;
		s->cur++;
	}
	if (s->cur >= s->n)
		return 0;
	if ((off_t)n > s->cur_from + s->ext[s->cur].len - s->pos)
		n = (size_t)(s->cur_from + s->ext[s->cur].len - s->pos);
	r = spool_get(s->sp, data, n, s->ext[s->cur].at + (s->pos - s->cur_from));
	if (r <= 0) {
		spool_failed = 1;
		return r < 0 ? -1 : 0;
	}
	s->pos += r;
	return r;
}

static int sp_seek(void *c, off64_t *off, int whence)
{
	spooled *s = c;
	off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off64_t)s->pos : (off64_t)s->len;
	if (base + *off < 0 || base + *off > s->len) {
		errno = EINVAL;
		return -1;
	}
	s->pos = (off_t)(base + *off);
	*off = s->pos;
	return 0;
}

static int sp_close(void *c)
{
	spooled *s = c;
	spool_release(s->sp);
	free(s->ext);
	free(s);
	return 0;
}

static FILE *spool_open(FILE *(*real)(char *), char *tmpdir)
{
	static const cookie_io_functions_t io = {.read = sp_read, .write = sp_write, .seek = sp_seek, .close = sp_close};
	spooled *s;
	FILE *f;
	if (!spool) {
		spool_t *sp = calloc(1, sizeof *sp);
		if (!sp || !(sp->f = real(tmpdir))) {
			free(sp);
			return NULL;
		}
		spools_made++;
		spool = sp;
		spool_failed = 0;
		spool_errno = 0;
	}
	s = calloc(1, sizeof *s);
	f = s ? fopencookie(s, "w+", io) : NULL;
	if (!f) {
		free(s);
		return NULL;
	}
	setvbuf(f, s->buf, _IOFBF, sizeof s->buf);
	s->sp = spool;
	spool->users++;
	return f;
}

typedef FILE *(*tmpfile_fn)(char *);
typedef lxw_error (*package_fn)(lxw_packager *);

FILE *lxw_tmpfile(char *tmpdir)
{
	static tmpfile_fn real;
	static const cookie_io_functions_t io = {.read = mf_read, .write = mf_write, .seek = mf_seek, .close = mf_close};
	if (in_package) {
		memfile *m = calloc(1, sizeof *m);
		FILE *f = m ? fopencookie(m, "w+", io) : NULL;
		if (f) {
			files_in_memory++;
			return f;
		}
		free(m);
	}
	if (!real) {
		/* POSIX leaves converting a data pointer to a function pointer to
		 * the platform; on every platform with dlsym it is the same bits */
		*(void **)&real = dlsym(RTLD_NEXT, "lxw_tmpfile");
		if (!real)
			return NULL; /* libxlsxwriter reports the failure */
	}
	return spool_open(real, tmpdir);
}

lxw_error lxw_create_package(lxw_packager *packager)
{
	static package_fn real;
	lxw_error rc;
	if (!real) {
		*(void **)&real = dlsym(RTLD_NEXT, "lxw_create_package");
		if (!real)
			return LXW_ERROR_CREATING_TMPFILE;
	}
	in_package = 1;
	package_failed = 0;
	rc = real(packager);
	in_package = 0;
	free(mf_spare); /* kept while the packager runs only */
	mf_spare = NULL;
	mf_spare_cap = 0;
	if (rc == LXW_NO_ERROR && spool_failed)
		rc = LXW_ERROR_CREATING_TMPFILE;
	if (rc == LXW_NO_ERROR && package_failed)
		rc = LXW_ERROR_MEMORY_MALLOC_FAILED;
	return rc;
}

void lxw_workbook_free(lxw_workbook *workbook)
{
	static void (*real)(lxw_workbook *);
	spool_t *sp = spool;
	if (!real) {
		*(void **)&real = dlsym(RTLD_NEXT, "lxw_workbook_free");
		if (!real)
			return;
	}
	real(workbook);
	/* the workbook's spool let go; closed now unless a stream still uses it */
	spool = NULL;
	if (sp) {
		sp->users++;
		spool_release(sp);
	}
}
