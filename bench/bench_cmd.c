/* The commands users run, measured as whole processes (make bench):
 *
 *   import        `jixiao import` of 1,000 generated files of one sheet of
 *                 300 indicators each, into a new database; then of one
 *                 bundle of 10,000 such sheets (about 500 MiB, read one
 *                 sheet at a time; stopped after 30 s of CPU time, twice
 *                 its target, and said so, with how many sheets it had
 *                 read and merged by then: its place in the file, taken
 *                 from /proc/PID/fdinfo while it is held stopped)
 *   export        `jixiao export --all` from the database that import made,
 *                 to CSV, HTML, xlsx and a YAML bundle
 *   start-up      `jixiao` (the workstation) on a pseudo-terminal of 80x24
 *                 with 10,000 and 100,000 sheets in its database: the time
 *                 from starting the process to the last byte of its first
 *                 screen showing the list (taken as drawn when nothing more
 *                 comes for QUIET_MS after a sheet's name came; the terminal's answer to the
 *                 workstation's cursor position question is given at
 *                 once, as PuTTY gives it), then `q` to quit
 *
 * Each run is the ./jixiao binary in a child process: wall-clock time, CPU
 * time (user + system, from wait4), peak RSS (ru_maxrss) and the peak size
 * of the temporary files it holds open after deleting them (sampled every
 * 20 ms through /proc/PID/fd), counted in its memory when they are on a
 * memory file system (tmpfs), shown apart when on disk.
 *
 * The generated files and the workstation's databases are kept in
 * build/bench/ (made again only when missing), so a second run is quick. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "bench.h"
#include "sheetio.h"
#include "store.h"

#define CACHE "build/bench"
#define JIXIAO "./jixiao"
#define TMPFS_MAGIC_NUMBER 0x01021994

static const char *verdict(double value, double target)
{
	return value <= target ? "ok" : "over";
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Calls each(ctx, link, target, fd name) for every file pid holds open
 * (link: its /proc/PID/fd entry; target: what that entry points to) until
 * each returns non-zero. */
typedef int (*open_file_fn)(void *ctx, const char *link, const char *target, const char *fd);
static void each_open_file(pid_t pid, open_file_fn each, void *ctx)
{
	char dir[64], link[330], target[512];
	struct dirent *e;
	DIR *d;
	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		ssize_t n;
		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof link, "%s/%s", dir, e->d_name);
		n = readlink(link, target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = 0;
		if (each(ctx, link, target, e->d_name))
			break;
	}
	closedir(d);
}

typedef struct {
	double bytes;
	int *in_memory;
} held_temp;

static int add_held_temp(void *ctx, const char *link, const char *target, const char *fd)
{
	held_temp *h = ctx;
	struct stat sb;
	struct statfs fs;
	if (!strstr(target, " (deleted)") || stat(link, &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	h->bytes += (double)sb.st_blocks * 512.0;
	if (statfs(link, &fs) == 0 && fs.f_type == TMPFS_MAGIC_NUMBER)
		*h->in_memory = 1;
	return 0;
}

/* The deleted files pid holds open: their size in MiB; *in_memory set when
 * one of them is on tmpfs. */
static double held_temp_mib(pid_t pid, int *in_memory)
{
	held_temp h = {0, in_memory};
	each_open_file(pid, add_held_temp, &h);
	return h.bytes / (1024.0 * 1024.0);
}

typedef struct {
	pid_t pid;
	const char *path;
	long long pos;
} file_pos;

static int find_file_pos(void *ctx, const char *link, const char *target, const char *fd)
{
	file_pos *fp = ctx;
	char info[400];
	FILE *f;
	if (!strstr(target, fp->path))
		return 0;
	snprintf(info, sizeof info, "/proc/%d/fdinfo/%s", (int)fp->pid, fd);
	if ((f = fopen(info, "r"))) {
		if (fscanf(f, "pos: %lld", &fp->pos) != 1)
			fp->pos = -1;
		fclose(f);
	}
	return fp->pos >= 0;
}

/* The offset of pid's open file `path` (from /proc/PID/fdinfo), or -1. */
static long long open_file_pos(pid_t pid, const char *path)
{
	file_pos fp = {pid, path, -1};
	each_open_file(pid, find_file_pos, &fp);
	return fp.pos;
}

static void fill_rusage(run_fig *f, const struct rusage *ru, double t0)
{
	f->wall = (now_us() - t0) / 1e6;
	f->cpu = (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
		 (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
	f->rss = (double)ru->ru_maxrss / 1024.0;
}

/* The CPU time (user + system) process pid has had so far, in seconds. */
static double proc_cpu_s(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;
	size_t n;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	/* after the command name in parentheses: state, then fields 4-13, then utime and stime */
	if (!(p = strrchr(buf, ')')) || sscanf(p + 2, "%*c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* Run ./jixiao with args (args[0] is "jixiao"), its output to /dev/null and
 * its messages to CACHE/last-messages.txt; stopped after limit seconds of
 * CPU time (on a shared machine the wall-clock time says more about the
 * others' work than about this run's).
 * 0 when it ran and exited 0. */
int run_jixiao(char *const *args, double limit, run_fig *f)
{
	return run_jixiao_watch(args, limit, NULL, f);
}

int run_jixiao_watch(char *const *args, double limit, const char *watch, run_fig *f)
{
	struct rusage ru;
	double t0 = now_us();
	int st = 0;
	pid_t pid, r;
	memset(f, 0, sizeof *f);
	f->status = -1;
	f->watch_pos = -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int out = open("/dev/null", O_WRONLY), msg = open(CACHE "/last-messages.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (out < 0 || msg < 0 || dup2(out, 1) < 0 || dup2(msg, 2) < 0)
			_exit(127);
		execv(JIXIAO, args);
		_exit(127);
	}
	for (;;) {
		double t;
		r = wait4(pid, &st, WNOHANG, &ru);
		if (r == pid)
			break;
		if (r < 0)
			return -1;
		t = held_temp_mib(pid, &f->temp_in_memory);
		if (t > f->temp)
			f->temp = t;
		if (!f->stopped && proc_cpu_s(pid) > limit) {
			/* held still so that its place in the file is where it stopped */
			kill(pid, SIGSTOP);
			if (watch)
				f->watch_pos = open_file_pos(pid, watch);
			kill(pid, SIGKILL);
			f->stopped = 1;
		}
		sleep_ms(20);
	}
	fill_rusage(f, &ru, t0);
	if (WIFEXITED(st))
		f->status = WEXITSTATUS(st);
	return f->status == 0 ? 0 : -1;
}

/* "peak RSS 41.0 MiB + 109 MiB temporary files in memory = 150.0 MiB" and
 * the like; the memory figure compared with targets. */
double memory_text(const run_fig *f, char *buf, size_t len)
{
	double mem = f->rss + (f->temp_in_memory ? f->temp : 0);
	if (f->temp < 0.5)
		snprintf(buf, len, "peak RSS %.1f MiB", f->rss);
	else if (f->temp_in_memory)
		snprintf(buf, len, "peak RSS %.1f MiB + %.0f MiB of temporary files in memory (tmpfs) = %.1f MiB", f->rss,
			 f->temp, mem);
	else
		snprintf(buf, len, "peak RSS %.1f MiB (+ %.0f MiB of temporary files on disk)", f->rss, f->temp);
	return mem;
}

static int exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static int touch(const char *path)
{
	FILE *f = fopen(path, "w");
	return f && fclose(f) == 0 ? 0 : -1;
}

/* ---- generated files ---- */

/* The sheets of one generated file, made as the writer asks for them (a
 * bundle of 10,000 sheets is never in memory at once). */
typedef struct {
	const jx_template *t;
	int serial;
	jx_sheet *cur;
} gen_cursor;

static int gen_next(void *ctx, const jx_sheet **s, const jx_sheet_history **h, jx_err *err)
{
	gen_cursor *g = ctx;
	(void)err;
	jx_sheet_free(g->cur);
	g->cur = bench_sheet(g->t, g->serial++, 200, 75, 25);
	*s = g->cur;
	*h = NULL;
	return 0;
}

/* n_files files in dir of per_file sheets of 300 indicators each, serials
 * from first; a stamp file says they are complete. */
static int make_files(const jx_template *t, const char *dir, int n_files, int per_file, int first)
{
	char stamp[300], path[300];
	jx_err err = {{0}};
	snprintf(stamp, sizeof stamp, "%s/complete", dir);
	if (exists(stamp))
		return 0;
	mkdir(dir, 0700);
	for (int k = 0; k < n_files; k++) {
		gen_cursor g = {t, first + k * per_file, NULL};
		FILE *f;
		int ok;
		snprintf(path, sizeof path, "%s/sheet-%05d.yaml", dir, k + 1);
		f = fopen(path, "w");
		ok = f && jx_bundle_write_stream(f, (size_t)per_file, gen_next, &g, NULL, &err) == 0;
		if (f && fclose(f) != 0)
			ok = 0;
		jx_sheet_free(g.cur);
		if (!ok) {
			fprintf(stderr, "bench: cannot write %s: %s\n", path, err.msg[0] ? err.msg : strerror(errno));
			return -1;
		}
	}
	return touch(stamp);
}

/* args: "jixiao" "--db" db "import" and every file of dir. */
static char **import_args(const char *db, const char *dir, int n_files)
{
	char **a = calloc((size_t)n_files + 5, sizeof *a);
	if (!a)
		return NULL;
	a[0] = strdup("jixiao");
	a[1] = strdup("--db");
	a[2] = strdup(db);
	a[3] = strdup("import");
	for (int k = 0; k < n_files; k++) {
		char p[300];
		snprintf(p, sizeof p, "%s/sheet-%05d.yaml", dir, k + 1);
		a[4 + k] = strdup(p);
	}
	return a;
}

static void free_args(char **a)
{
	for (size_t i = 0; a && a[i]; i++)
		free(a[i]);
	free(a);
}

/* The sheets that begin in the first `pos` bytes of the bundle `path`, as
 * jixiao's writer begins them (a line "- uid: " at the left margin). */
static long count_sheets_before(const char *path, long long pos)
{
	static const char start[] = "\n- uid: ";
	char buf[65536 + sizeof start];
	size_t keep = 0, n;
	long long done = 0;
	long count = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	/* each block keeps the last bytes of the one before, so that a start
	 * split between two blocks is still found */
	while (done < pos && (n = fread(buf + keep, 1, (size_t)(pos - done < 65536 ? pos - done : 65536), f)) > 0) {
		char *p = buf, *end = buf + keep + n;
		done += (long long)n;
		while ((p = memmem(p, (size_t)(end - p), start, sizeof start - 1))) {
			count++;
			p += sizeof start - 1;
		}
		keep = sizeof start - 2;
		memmove(buf, end - keep, keep);
	}
	fclose(f);
	return count;
}

/* How far a stopped import of one bundle came: "; about N of its sheets
 * merged by then (…)" into buf, or "" when not known. */
static void import_progress(const char *dir, int n_files, long long pos, char *buf, size_t len)
{
	char path[300];
	struct stat sb;
	long begun;
	buf[0] = 0;
	snprintf(path, sizeof path, "%s/sheet-%05d.yaml", dir, 1);
	if (n_files != 1 || stat(path, &sb) != 0)
		return;
	/* the import holds its bundle open from its first moment until every
	 * sheet is read; stopped at the limit without it open, it was past
	 * the reading, finishing (the last sheets' summaries, the commit) */
	if (pos < 0) {
		snprintf(buf, len, "; every sheet of the bundle read by then (the bundle no longer open), the import "
				   "finishing");
		return;
	}
	if ((begun = count_sheets_before(path, pos)) < 0)
		return;
	/* the last sheet begun is the one being read: it is not counted */
	snprintf(buf, len, "; about %ld sheets read and merged by then (its place in the bundle: %.0f of %.0f MiB)",
		 begun > 0 ? begun - 1 : 0, (double)pos / 1048576.0, (double)sb.st_size / 1048576.0);
}

/* One import run into a new database db: prints its line.  0 or -1. */
static int bench_import_one(const char *what, const char *db, const char *dir, int n_files, double target_s,
			    double target_mib, double limit)
{
	char **args = import_args(db, dir, n_files), mem[200], progress[200];
	run_fig f;
	double m;
	int rc;
	if (!args)
		return -1;
	remove_db(db);
	rc = run_jixiao_watch(args, limit, n_files == 1 ? args[4] : NULL, &f);
	free_args(args);
	m = memory_text(&f, mem, sizeof mem);
	if (f.stopped) {
		import_progress(dir, n_files, f.watch_pos, progress, sizeof progress);
		printf("jixiao import, %s: stopped after %.1f s, at CPU time %.2f s (target <= %.1f s) "
		       "over%s; %s by then (target <= %.0f MiB) %s\n",
		       what, f.wall, f.cpu, target_s, progress, mem, target_mib, verdict(m, target_mib));
		remove_db(db);
		return 1;
	}
	if (rc != 0) {
		fprintf(stderr, "bench: jixiao import failed (exit %d); see " CACHE "/last-messages.txt\n", f.status);
		return -1;
	}
	printf("jixiao import, %s: %.2f s, CPU time %.2f s (target <= %.1f s) %s; %s (target <= %.0f MiB) %s\n", what,
	       f.wall, f.cpu, target_s, verdict(f.cpu, target_s), mem, target_mib, verdict(m, target_mib));
	return 0;
}

/* ---- loading sheets from the database ---- */

/* Every sheet of db loaded with jx_store_load_view, as export --all loads them
 * one by one: indicator rows a second of CPU time. */
int bench_load(const char *db)
{
	jx_store *st = NULL;
	jx_err err = {{0}};
	sqlite3 *h = NULL;
	sqlite3_stmt *q = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, rows = 0;
	double c0, cpu;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "SELECT id FROM sheets ORDER BY id", -1, &q, NULL) != SQLITE_OK)
		goto fail;
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *v = realloc(ids, (cap = cap ? cap * 2 : 1024) * sizeof *v);
			if (!v)
				goto fail;
			ids = v;
		}
		ids[n++] = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	q = NULL;
	sqlite3_close(h);
	h = NULL;
	if (jx_store_open(&st, db, JX_STORE_READONLY, &err) < 0)
		goto fail;
	c0 = cpu_us();
	for (size_t i = 0; i < n; i++) {
		jx_sheet *s = NULL;
		if (jx_store_load_view(st, ids[i], &s, &err) < 0)
			goto fail;
		rows += s->n_inds;
		jx_sheet_free(s);
	}
	cpu = (cpu_us() - c0) / 1e6;
	jx_store_close(st);
	free(ids);
	printf("loading the %zu sheets from that database (jx_store_load_view, as export --all does): CPU time %.2f s, "
	       "%.0f indicator rows a second (target >= 1,000,000) %s\n",
	       n, cpu, (double)rows / cpu, verdict(-(double)rows / cpu, -1e6));
	return 0;
fail:
	fprintf(stderr, "bench: loading %s: %s\n", db, err.msg[0] ? err.msg : h ? sqlite3_errmsg(h) : "out of memory");
	sqlite3_finalize(q);
	sqlite3_close(h);
	jx_store_close(st);
	free(ids);
	return -1;
}

/* ---- export --all from the imported database ---- */

static const struct {
	const char *format, *name, *ext;
	double target_s, target_mib;
} export_runs[] = {
	{"csv", "CSV", ".csv", 0.4, 64},
	{"html", "HTML", ".html", 1.0, 64},
	{"xlsx", "xlsx", ".xlsx", 3.0, 64},
	{"yaml", "YAML bundle", ".yaml", 1.0, 64},
};

static double file_mib(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0;
}

static int bench_exports(const char *db)
{
	for (size_t k = 0; k < sizeof export_runs / sizeof export_runs[0]; k++) {
		char out[300], mem[200];
		char *args[] = {"jixiao", "--db", (char *)db, "export", "--all", "--format",
				(char *)export_runs[k].format, "-o", out, NULL};
		run_fig f;
		double m;
		snprintf(out, sizeof out, CACHE "/export%s", export_runs[k].ext);
		unlink(out);
		if (run_jixiao(args, 120, &f) != 0) {
			fprintf(stderr, "bench: jixiao export --all --format %s failed (exit %d); see " CACHE
					"/last-messages.txt\n",
				export_runs[k].format, f.status);
			return -1;
		}
		m = memory_text(&f, mem, sizeof mem);
		printf("jixiao export --all, 1,000 sheets x 300 indicators, to %s: %.2f s, CPU time %.2f s (target <= %.1f s) "
		       "%s; %s (target <= %.0f MiB) %s; %.1f MiB file\n",
		       export_runs[k].name, f.wall, f.cpu, export_runs[k].target_s, verdict(f.cpu, export_runs[k].target_s),
		       mem, export_runs[k].target_mib, verdict(m, export_runs[k].target_mib), file_mib(out));
		unlink(out);
	}
	return 0;
}

/* ---- the workstation's start-up on a pseudo-terminal ---- */


static int sql(sqlite3 *db, const char *q)
{
	char *msg = NULL;
	if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench: %s\n", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* The columns of table except those in skip, each after prefix (a ", "
 * separated list into buf). */
static int columns(sqlite3 *db, const char *table, const char *const *skip, const char *prefix, char *buf, size_t len)
{
	char q[128];
	sqlite3_stmt *st;
	size_t used = 0;
	snprintf(q, sizeof q, "PRAGMA table_info(%s)", table);
	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		return -1;
	buf[0] = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 1);
		int skipped = 0;
		for (size_t i = 0; skip[i]; i++)
			skipped |= strcmp(c, skip[i]) == 0;
		if (!skipped && used + strlen(c) + 8 < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s\"%s\"", used ? ", " : "", prefix, c);
	}
	sqlite3_finalize(st);
	return 0;
}

/* A database of n sheets of BENCH_WS_INDS indicators: one stored by jixiao, the
 * others SQL copies of it with their own uid, name and year (copying rows
 * is quicker than storing each sheet by itself). */
int make_ws_db(const jx_template *t, const char *path, int n)
{
	static const char *const sheet_skip[] = {"id", "uid", "name", "year", NULL};
	static const char *const child_skip[] = {"sheet_id", NULL};
	static const char *const children[] = {"funds", "indicators", "narrative", NULL};
	char cols[4096], from[4096], q[9000], part[300];
	jx_store *st = NULL;
	jx_err err = {{0}};
	sqlite3 *db = NULL;
	jx_sheet *s = bench_sheet(t, 1, BENCH_WS_INDS * 10 / 20, BENCH_WS_INDS * 6 / 20, BENCH_WS_INDS * 4 / 20);
	int rc = 0;

	snprintf(part, sizeof part, "%s.part", path);
	remove_db(part);
	jx_templates set;
	jx_scoresheet ss;
	jx_findings fs;
	memset(&set, 0, sizeof set);
	memset(&ss, 0, sizeof ss);
	memset(&fs, 0, sizeof fs);
	/* stored with its list summary (total, grade, findings), as a sheet
	 * jixiao has scored is, so that the copies have theirs */
	if (jx_templates_load_builtin(&set, &err) < 0 || jx_store_open(&st, part, JX_STORE_CREATE, &err) < 0 ||
	    jx_store_insert(st, s, "bench", &err) < 0 || jx_app_refresh_summary(st, &set, s, &ss, &fs, &err) < 0)
		rc = -1;
	jx_scoresheet_free(&ss);
	jx_findings_free(&fs);
	jx_templates_free(&set);
	jx_sheet_free(s);
	jx_store_close(st);
	if (rc < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return -1;
	}
	rc = -1;
	if (sqlite3_open(part, &db) != SQLITE_OK || sql(db, "PRAGMA synchronous = OFF; BEGIN") < 0 ||
	    columns(db, "sheets", sheet_skip, "", cols, sizeof cols) < 0)
		goto out;
	snprintf(q, sizeof q,
		 "WITH RECURSIVE n(k) AS (SELECT 2 UNION ALL SELECT k + 1 FROM n WHERE k < %d) "
		 "INSERT INTO sheets (id, uid, name, year, %s) SELECT k, printf('%%08x-0000-4000-8000-%%012x', k, k), "
		 "printf('产业发展专项资金项目 %%06d', k), 2016 + k %% 10, %s FROM n, sheets WHERE sheets.id = 1",
		 n, cols, cols);
	if (sql(db, q) < 0)
		goto out;
	for (size_t i = 0; children[i]; i++) {
		if (columns(db, children[i], child_skip, "", cols, sizeof cols) < 0 ||
		    columns(db, children[i], child_skip, "c.", from, sizeof from) < 0)
			goto out;
		snprintf(q, sizeof q, "INSERT INTO %s (sheet_id, %s) SELECT s.id, %s FROM sheets s, %s c "
				      "WHERE s.id > 1 AND c.sheet_id = 1",
			 children[i], cols, from, children[i]);
		if (sql(db, q) < 0)
			goto out;
	}
	if (sql(db, "COMMIT") < 0)
		goto out;
	rc = 0;
out:
	sqlite3_close(db);
	if (rc == 0 && rename(part, path) != 0)
		rc = -1;
	remove_db(part);
	return rc;
}

enum { QUIET_MS = 300 };
/* In every generated sheet's name: the list is on the screen once it comes. */
#define LIST_MARK "产业发展专项资金项目"

/* ./jixiao --db db on a pseudo-terminal of 80x24: *first set to the
 * seconds from start to the last byte of its first screen; then q. */
static int start_up(const char *db, double *first, run_fig *f)
{
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	struct rusage ru;
	char buf[65536];
	double t0 = now_us(), last = t0;
	int fd, st = 0, quit_sent = 0, listed = 0;
	pid_t pid;
	memset(f, 0, sizeof *f);
	f->status = -1;
	fflush(stdout);
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LANG", "C.UTF-8", 1);
		execl(JIXIAO, "jixiao", "--db", db, (char *)NULL);
		_exit(127);
	}
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, quit_sent ? 2000 : QUIET_MS);
		if (r > 0) {
			ssize_t n = read(fd, buf, sizeof buf);
			if (n <= 0)
				break; /* the process has gone */
			/* the terminal's answer to the workstation's question where
			 * the cursor is (screens/ui.c probe_line_width), as PuTTY
			 * gives it after a narrow line character */
			if (memmem(buf, (size_t)n, "\033[6n", 4) && write(fd, "\033[1;2R", 6) != 6)
				break;
			if (!quit_sent) {
				last = now_us();
				listed |= memmem(buf, (size_t)n, LIST_MARK, sizeof LIST_MARK - 1) != NULL;
			}
			continue;
		}
		if (quit_sent)
			break;
		if (!listed && (now_us() - t0) / 1e6 < 30)
			continue; /* the list not drawn yet */
		*first = (last - t0) / 1e6;
		if (write(fd, "q", 1) != 1)
			break;
		quit_sent = 1;
	}
	close(fd); /* a workstation still running gets SIGHUP */
	if (wait4(pid, &st, 0, &ru) != pid)
		return -1;
	fill_rusage(f, &ru, t0);
	f->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return listed ? 0 : -1;
}

static int bench_need_jixiao(void)
{
	mkdir(CACHE, 0700);
	if (!exists(JIXIAO)) {
		fprintf(stderr, "bench: " JIXIAO " is not built (make jixiao)\n");
		return -1;
	}
	return 0;
}

int bench_terminal_startup(const jx_template *t)
{
	if (bench_need_jixiao() < 0)
		return -1;
	static const int sizes[] = {10000, 100000};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char db[300], mem[200];
		double first = 0, made = now_us();
		run_fig f;
		snprintf(db, sizeof db, CACHE "/ws-%d.db", sizes[i]);
		if (!exists(db)) {
			if (make_ws_db(t, db, sizes[i]) < 0)
				return -1;
			printf("  (database of %d sheets made in %.1f s and kept as %s)\n", sizes[i], (now_us() - made) / 1e6,
			       db);
		}
		if (start_up(db, &first, &f) < 0) {
			fprintf(stderr, "bench: the workstation drew nothing on %s\n", db);
			return -1;
		}
		memory_text(&f, mem, sizeof mem);
		/* judged by CPU time, of the whole process with its quitting: on a
		 * busy machine the wall-clock time is mostly waiting for the CPU */
		printf("workstation start-up on a terminal, %d sheets of %d indicators: first screen with the list after "
		       "%.0f ms; whole process with quitting: CPU time %.0f ms (target CPU time <= 100 ms) %s; %s (target "
		       "<= 32 MiB) %s\n",
		       sizes[i], BENCH_WS_INDS, first * 1000, f.cpu * 1000, verdict(f.cpu, 0.1), mem, verdict(f.rss, 32));
	}
	return 0;
}

int bench_make_files(const jx_template *t)
{
	mkdir(CACHE, 0700);
	return make_files(t, CACHE "/files-1000", 1000, 1, 100000) < 0 ||
			       make_files(t, CACHE "/bundle-10000", 1, 10000, 200000) < 0
		       ? -1
		       : 0;
}

int bench_imports(const jx_template *t)
{
	double t0 = now_us();
	if (bench_need_jixiao() < 0)
		return -1;
	if (bench_make_files(t) < 0)
		return -1;
	if (now_us() - t0 > 1e6)
		printf("  (import files generated in %.1f s and kept in " CACHE "/files-1000 and " CACHE "/bundle-10000)\n",
		       (now_us() - t0) / 1e6);
	if (bench_import_one("10,000 sheets x 300 indicators in one bundle", CACHE "/import-10000.db",
			     CACHE "/bundle-10000", 1, 15, 32, 30) < 0)
		return -1;
	remove_db(CACHE "/import-10000.db");
	return bench_import_one("1,000 files of one sheet x 300 indicators", CACHE "/import.db", CACHE "/files-1000",
				1000, 1.5, 32, 300) != 0
		       ? -1
		       : 0;
}

int bench_commands(const jx_template *t)
{
	const char *db = CACHE "/import.db";
	if (bench_imports(t) < 0)
		return -1;
	return bench_load(db) < 0 || bench_exports(db) < 0 ? -1 : 0;
}
