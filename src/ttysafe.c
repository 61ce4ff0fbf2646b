#include "ttysafe.h"

#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Show one chunk.  A C1 control is the two bytes C2 80..C2 9F in UTF-8; the
 * lead byte may end one chunk and its second byte start the next. */
static size_t filter_chunk(char *out, const unsigned char *in, size_t n, int *pending)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = in[i];
		if (*pending) {
			*pending = 0;
			if (b >= 0x80 && b <= 0x9F) {
				memcpy(out + o, "\xEF\xBF\xBD", 3);
				o += 3;
				continue;
			}
			out[o++] = (char)0xC2;
		}
		if (b == 0xC2) {
			*pending = 1;
		} else if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F) {
			out[o++] = '^';
			out[o++] = (char)(b ^ 0x40);
		} else {
			out[o++] = (char)b;
		}
	}
	return o;
}

typedef struct {
	int fd;
	int pending;
} guard;

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
		size_t o = filter_chunk(tmp, (const unsigned char *)buf + done, k, &g->pending);
		if (write_all(g->fd, tmp, o) < 0)
			return done ? (ssize_t)done : -1;
		done += k;
	}
	return (ssize_t)n;
}

static int guard_close(void *cookie)
{
	guard *g = cookie;
	if (g->pending) {
		g->pending = 0;
		return write_all(g->fd, "\xC2", 1);
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
	guards[used].pending = 0;
	g = fopencookie(&guards[used], "w", io);
	if (!g)
		return f;
	used++;
	/* stderr stays unbuffered, stdout line-buffered as on a terminal */
	setvbuf(g, NULL, fd == STDERR_FILENO ? _IONBF : _IOLBF, 0);
	return g;
}
