#include "ttysafe.h"

#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

typedef struct {
	int fd;
	unsigned char pend[2]; /* the start of a sequence split between writes */
	int npend;
} guard;

/* Is the 3-byte sequence E2 b1 b2 one of the characters that reorder or
 * break a line (U+2028, U+2029, U+202A..U+202E, U+2066..U+2069)? */
static int reorders(unsigned char b1, unsigned char b2)
{
	return (b1 == 0x80 && b2 >= 0xA8 && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9);
}

/* Show one chunk.  A C1 control is the two bytes C2 80..C2 9F in UTF-8 (NEL,
 * U+0085, among them), the line-reordering characters three bytes E2 80 xx
 * or E2 81 xx; a sequence may be split between two chunks. */
static size_t filter_chunk(guard *g, char *out, const unsigned char *in, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = in[i];
		if (g->npend) {
			int whole = 0, more = 0;
			if (g->pend[0] == 0xC2)
				whole = b >= 0x80 && b <= 0x9F;
			else if (g->npend == 1)
				more = b == 0x80 || b == 0x81;
			else
				whole = reorders(g->pend[1], b);
			if (more) {
				g->pend[g->npend++] = b;
				continue;
			}
			if (whole) {
				g->npend = 0;
				memcpy(out + o, "\xEF\xBF\xBD", 3);
				o += 3;
				continue;
			}
			memcpy(out + o, g->pend, (size_t)g->npend);
			o += (size_t)g->npend;
			g->npend = 0;
		}
		if (b == 0xC2 || b == 0xE2) {
			g->pend[0] = b;
			g->npend = 1;
		} else if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F) {
			out[o++] = '^';
			out[o++] = (char)(b ^ 0x40);
		} else {
			out[o++] = (char)b;
		}
	}
	return o;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t guard_write(void *cookie, const char *buf, size_t n)
{
	guard *g = cookie;
	char tmp[3 * 1024 + 1];
	size_t done = 0;
	while (done < n) {
		size_t k = n - done < 1024 ? n - done : 1024;
		size_t o = filter_chunk(g, tmp, (const unsigned char *)buf + done, k);
		if (write_all(g->fd, tmp, o) < 0)
			return done ? (ssize_t)done : -1;
		done += k;
	}
	return (ssize_t)n;
}

static int guard_close(void *cookie)
{
	guard *g = cookie;
	if (g->npend) {
		int n = g->npend;
		g->npend = 0;
		return write_all(g->fd, (const char *)g->pend, (size_t)n);
	}
	return 0;
}

FILE *jx_tty_guard(FILE *f)
{
	/* one guard each for stdout and stderr: static, so nothing to free */
	static guard guards[2];
	static int used;
	cookie_io_functions_t io = {NULL, guard_write, NULL, guard_close};
	FILE *g;
	int fd;
	if (!f || used >= 2)
		return f;
	fd = fileno(f);
	if (fd < 0 || !isatty(fd))
		return f;
	fflush(f);
	guards[used].fd = fd;
	guards[used].npend = 0;
	g = fopencookie(&guards[used], "w", io);
	if (!g)
		return f;
	used++;
	/* stderr stays unbuffered, stdout line-buffered as on a terminal */
	setvbuf(g, NULL, fd == STDERR_FILENO ? _IONBF : _IOLBF, 0);
	return g;
}
