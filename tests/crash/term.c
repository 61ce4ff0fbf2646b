/* Pseudo-terminals for the workstation tests (term.h). */
#define _GNU_SOURCE
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TERMS 8
static term *running[MAX_TERMS];

double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int term_start(term *t, const char *name, char *const argv[], int rows, int cols)
{
	struct winsize ws = {0};
	int slot = -1;
	memset(t->screen, 0, sizeof t->screen);
	t->name = name;
	t->never_seen[0] = 0;
	t->nraw = 0;
	for (int i = 0; i < MAX_TERMS; i++)
		if (!running[i]) {
			slot = i;
			break;
		}
	if (slot < 0)
		return -1;
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	fflush(NULL);
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		return -1;
	if (t->pid == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("NO_COLOR");
		unsetenv("JIXIAO_LANG");
		unsetenv("ESCDELAY");
		execv(argv[0], argv);
		_exit(127);
	}
	fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	vt_init(&t->v, rows, cols, t->fd);
	t->alive = 1;
	t->dirty = 1;
	t->status = 0;
	running[slot] = t;
	return 0;
}

static void forget(term *t)
{
	for (int i = 0; i < MAX_TERMS; i++)
		if (running[i] == t)
			running[i] = NULL;
}

static void check_never(term *t)
{
	const char *s;
	if (!t->never || t->never_seen[0])
		return;
	s = term_screen(t);
	for (int i = 0; t->never[i]; i++)
		if (strstr(s, t->never[i])) {
			const char *line = strstr(s, t->never[i]);
			while (line > s && line[-1] != '\n')
				line--;
			snprintf(t->never_seen, sizeof t->never_seen, "%.*s", (int)strcspn(line, "\n"), line);
			return;
		}
}

void term_pump(int timeout_ms)
{
	struct pollfd p[MAX_TERMS];
	term *who[MAX_TERMS];
	int n = 0;
	double end = now_ms() + timeout_ms;
	for (int i = 0; i < MAX_TERMS; i++)
		if (running[i] && running[i]->fd >= 0) {
			p[n].fd = running[i]->fd;
			p[n].events = POLLIN;
			who[n++] = running[i];
		}
	if (!n) {
		if (timeout_ms > 0)
			usleep((useconds_t)timeout_ms * 1000);
		return;
	}
	for (;;) {
		int left = (int)(end - now_ms()), got = 0;
		if (left < 0)
			left = 0;
		if (poll(p, (nfds_t)n, left) <= 0)
			return;
		for (int i = 0; i < n; i++) {
			char buf[16384];
			ssize_t r;
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			r = read(p[i].fd, buf, sizeof buf);
			if (r > 0) {
				vt_feed(&who[i]->v, buf, (size_t)r);
				who[i]->dirty = 1;
				who[i]->last_out = now_ms();
				if (who[i]->nraw < sizeof who[i]->raw) {
					size_t k = sizeof who[i]->raw - who[i]->nraw < (size_t)r ? sizeof who[i]->raw - who[i]->nraw : (size_t)r;
					memcpy(who[i]->raw + who[i]->nraw, buf, k);
					who[i]->nraw += k;
				}
				check_never(who[i]);
				got = 1;
			} else if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
				p[i].fd = -1; /* the program closed its terminal */
				who[i]->alive = 0;
			}
		}
		if (got)
			return; /* the caller looks at the screen again */
		if (now_ms() >= end)
			return;
	}
}

const char *term_screen(term *t)
{
	if (t->dirty) {
		vt_text(&t->v, t->screen, sizeof t->screen);
		t->dirty = 0;
	}
	return t->screen;
}

int term_quiet(const term *t, double ms)
{
	return now_ms() - t->last_out >= ms;
}

int term_wait(term *t, const char *text, int timeout_ms)
{
	double end = now_ms() + timeout_ms;
	for (;;) {
		if (strstr(term_screen(t), text))
			return 0;
		if (!t->alive || now_ms() >= end)
			return -1;
		term_pump((int)(end - now_ms()) > 50 ? 50 : (int)(end - now_ms()) + 1);
	}
}

void term_keys(term *t, const char *keys)
{
	size_t n = strlen(keys);
	while (n > 0 && t->alive) {
		ssize_t w = write(t->fd, keys, n);
		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				term_pump(5);
				continue;
			}
			return;
		}
		keys += w;
		n -= (size_t)w;
	}
}

void term_kill(term *t, int sig)
{
	if (t->pid > 0) {
		kill(t->pid, sig);
		waitpid(t->pid, &t->status, 0);
		t->pid = 0;
	}
	t->alive = 0;
}

int term_reap(term *t, int timeout_ms)
{
	double end = now_ms() + timeout_ms;
	while (t->pid > 0) {
		pid_t r = waitpid(t->pid, &t->status, WNOHANG);
		if (r == t->pid) {
			t->pid = 0;
			t->alive = 0;
			return 0;
		}
		if (now_ms() >= end)
			return -1;
		term_pump(10);
	}
	return 0;
}

void term_close(term *t)
{
	if (t->pid > 0)
		term_kill(t, SIGKILL);
	forget(t);
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	vt_free(&t->v);
}
