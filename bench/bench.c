/* Speed and memory figures for jixiao (make bench).  Prints one line per
 * figure with its target and "ok" or "over"; asserts nothing.
 *
 *   recompute     jx_score on one sheet of 300 indicators (project-self-2020)
 *   field write   jx_store_set_field with its audit row, synchronous=FULL
 *   bulk          1,000 generated sheets: read from one YAML document in
 *                 memory, stored in one transaction, scored and checked
 *   peak RSS      getrusage (of the figures above)
 *   export        1,000 generated sheets of 300 indicators scored, checked
 *                 and written to xlsx, CSV and HTML files (jx_export_stream:
 *                 each sheet is generated when the exporter asks for it, so
 *                 only one is in memory; the generating time is measured
 *                 apart and left out), each in a fresh process, with its CPU
 *                 time and the peak RSS during the export (VmHWM after
 *                 resetting it through /proc/self/clear_refs)
 *   jixiao export the command `jixiao export --all` (jx_cli_main, run in a
 *                 fresh process: this program again with --cli) on a
 *                 database of 1,000 sheets x 300 indicators built once in
 *                 the temporary directory, to xlsx, CSV, HTML and a YAML
 *                 bundle: the peak RSS of that process (wait4's rusage) and
 *                 its wall-clock time.  `bench --cli-db PATH` builds the
 *                 same database alone, to measure a jixiao binary by hand
 *                 (/usr/bin/time -v jixiao --db PATH export --all ...)
 *   workstation   ws_bench.c, in a fresh process: keystroke to
 *                 updated screen on a sheet of 300 indicators (median, p99),
 *                 start-up to the first frame with 10,000 sheets, peak RSS
 *                 while browsing them
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checks.h"
#include "cli.h"
#include "engine.h"
#include "export.h"
#include "model.h"
#include "sheet_from_table.h"
#include "sheetio.h"
#include "store.h"
#include "template.h"
#include "bench.h"

#define TEMPLATE_ID "project-self-2020"

static double clock_us(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Wall-clock time: what a person waits for. */
double now_us(void)
{
	return clock_us(CLOCK_MONOTONIC);
}

/* CPU time of this thread: the same work without the time other processes
 * had the CPU (on a busy machine, preemption dominates a wall-clock p99). */
double cpu_us(void)
{
	return clock_us(CLOCK_THREAD_CPUTIME_ID);
}

/* CPU time of the process, user and system (the export's system calls, the
 * file system's work on its files), in µs. */
static double process_cpu_us(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

double load_average(void)
{
	double l = -1;
	FILE *f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Percentile p (0..100) of v[0..n), sorted in place (nearest rank). */
double percentile(double *v, size_t n, double p)
{
	size_t k;
	qsort(v, n, sizeof *v, cmp_double);
	k = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

static void die(const char *what, const jx_err *err)
{
	fprintf(stderr, "bench: %s: %s\n", what, err ? err->msg : strerror(errno));
	exit(1);
}

static const char *verdict(double value, double target)
{
	return value <= target ? "ok" : "over";
}

/* Slots of project-self-2020 with the 一级 weight each group must add up to. */
static const char *const out_slots[] = {"output.quantity", "output.quality", "output.timeliness", "output.cost"};
static const char *const ben_slots[] = {"benefit.economic", "benefit.social", "benefit.ecological",
					"benefit.sustainable"};

static void set_ind(jx_indicator *d, const char *slot, const char *name, int i, jx_dec points)
{
	jx_set_str(&d->slot, slot);
	jx_set_str(&d->name, name);
	d->points = points;
	switch (i % 5) {
	case 0: /* positive, met */
		d->cmp = JX_CMP_GE;
		d->target = JX_INT(20);
		d->actual = JX_INT(22);
		jx_set_str(&d->unit, "家");
		break;
	case 1: /* positive, unmet */
		d->cmp = JX_CMP_GE;
		d->target = JX_INT(6);
		d->actual = JX_INT(5);
		jx_set_str(&d->unit, "个");
		jx_set_str(&d->deviation_reason, "部分项目延期评审");
		break;
	case 2: /* reverse */
		d->cmp = JX_CMP_LE;
		d->target = JX_INT(90);
		d->actual = JX_INT(99);
		jx_set_str(&d->unit, "天");
		jx_set_str(&d->deviation_reason, "审批环节增加");
		break;
	case 3: /* percent, met */
		d->cmp = JX_CMP_GE;
		d->target = JX_INT(95);
		d->actual = JX_INT(98) + 500000;
		jx_set_str(&d->unit, "%");
		break;
	default: /* qualitative, band 0 (达成年度指标), full points */
		d->cmp = JX_CMP_QUAL;
		jx_set_str(&d->target_text, "有效提升");
		jx_set_str(&d->actual_text, "达到预期");
		d->band = 0;
		d->score_entered = points;
		break;
	}
}

/* The k-th indicator (0-based), keyed "i1", "i2" ... as jx_sheet_add_ind
 * would name them (naming them here spares it a search of the keys so far). */
static jx_indicator *add_ind(jx_sheet *s, int k)
{
	char key[16];
	jx_indicator *d;
	snprintf(key, sizeof key, "i%d", k + 1);
	d = jx_sheet_add_ind(s, key);
	if (!d)
		die("out of memory", NULL);
	return d;
}

/* A sheet of n_out output, n_ben benefit and n_sat satisfaction indicators,
 * each group's points adding up to its weight (50 / 30 / 10). */
static jx_sheet *make_sheet(const jx_template *t, int serial, int n_out, int n_ben, int n_sat)
{
	jx_sheet *s = jx_sheet_new();
	jx_fund *f;
	char buf[128];
	int i, k = 0;
	if (!s)
		die("out of memory", NULL);
	snprintf(buf, sizeof buf, "%08x-0000-4000-8000-%012x", 0xbe0c0000u + (unsigned)serial, (unsigned)serial);
	jx_set_str(&s->uid, buf);
	jx_set_str(&s->template_id, t->id);
	s->template_version = t->version;
	s->year = 2020 + serial % 5;
	jx_set_str(&s->status, "draft");
	snprintf(buf, sizeof buf, "产业发展专项资金项目 %d", serial);
	jx_set_str(&s->info[JX_INFO_NAME], buf);
	jx_set_str(&s->info[JX_INFO_DEPARTMENT], "某市工业和信息化局");
	snprintf(buf, sizeof buf, "第 %d 实施单位", serial % 37);
	jx_set_str(&s->info[JX_INFO_UNIT], buf);
	jx_set_str(&s->narr[JX_NARR_PROBLEMS], "部分项目进度滞后，资金支付偏慢。");
	f = jx_sheet_add_fund(s, "当年财政拨款");
	f->planned = JX_INT(1935);
	f->budget = JX_INT(1935);
	f->received = JX_INT(1935);
	f->spent = JX_INT(480) + 820000; /* 480.82 */
	f = jx_sheet_add_fund(s, "其他资金");
	f->planned = JX_INT(100);
	f->budget = JX_INT(100);
	f->received = JX_INT(90);
	f->spent = JX_INT(85) + 500000;
	for (i = 0; i < n_out; i++, k++) {
		jx_indicator *d = add_ind(s, k);
		snprintf(buf, sizeof buf, "产出指标 %d", i + 1);
		set_ind(d, out_slots[i % 4], buf, k, JX_INT(50) / n_out);
	}
	for (i = 0; i < n_ben; i++, k++) {
		jx_indicator *d = add_ind(s, k);
		snprintf(buf, sizeof buf, "效益指标 %d", i + 1);
		set_ind(d, ben_slots[i % 4], buf, k, JX_INT(30) / n_ben);
	}
	for (i = 0; i < n_sat; i++, k++) {
		jx_indicator *d = add_ind(s, k);
		snprintf(buf, sizeof buf, "服务对象满意度 %d", i + 1);
		set_ind(d, "satisfaction.service", buf, k, JX_INT(10) / n_sat);
	}
	return s;
}

/* A fresh directory for temporary databases, on the build's disk rather than
 * a memory file system so that fsync costs what it costs. */
static char *temp_dir(void)
{
	static char dir[256];
	struct stat sb;
	if (stat("build", &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(dir, sizeof dir, "build/bench-XXXXXX");
	else
		snprintf(dir, sizeof dir, "%s/jixiao-bench-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	return dir;
}

void remove_db(const char *path)
{
	char p[512];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-journal", path);
	unlink(p);
}

static void bench_recompute(const jx_template *t)
{
	enum { RUNS = 3000 };
	static double v[RUNS], c[RUNS];
	jx_sheet *s = make_sheet(t, 1, 200, 75, 25);
	jx_scoresheet ss;
	double med, p99, cmed, cp99, load;
	memset(&ss, 0, sizeof ss);
	for (int i = 0; i < 50; i++) /* warm up: buffers reach their size */
		jx_score(t, s, &ss);
	for (int i = 0; i < RUNS; i++) {
		double t0 = now_us(), c0 = cpu_us();
		jx_score(t, s, &ss);
		c[i] = cpu_us() - c0;
		v[i] = now_us() - t0;
	}
	med = percentile(v, RUNS, 50);
	p99 = percentile(v, RUNS, 99);
	cmed = percentile(c, RUNS, 50);
	cp99 = percentile(c, RUNS, 99);
	load = load_average();
	printf("recompute, %zu indicators (%d runs): median %.1f us, p99 %.1f us; CPU time median %.1f us, p99 %.1f us "
	       "(target p99 <= 200 us) %s\n",
	       s->n_inds, RUNS, med, p99, cmed, cp99, verdict(p99, 200));
	if (p99 > 200 && cp99 <= 200)
		printf("  (wall-clock p99 over but CPU time within: other processes had the CPU; load average %.2f)\n",
		       load);
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}

static void bench_field_write(const jx_template *t, const char *dir)
{
	enum { WRITES = 250 };
	static double v[WRITES];
	char path[300];
	jx_store *st = NULL;
	jx_err err = {{0}};
	jx_sheet *s = make_sheet(t, 2, 10, 6, 4);
	double med, p99;
	snprintf(path, sizeof path, "%s/write.db", dir);
	if (jx_store_open(&st, path, JX_STORE_CREATE, &err) < 0)
		die("open", &err);
	if (jx_store_insert(st, s, "bench", &err) < 0)
		die("insert", &err);
	for (int i = 0; i < WRITES; i++) {
		char val[32];
		double t0;
		/* a real change every time: 5, 6, 7, ... */
		snprintf(val, sizeof val, "%d", 5 + i % 50 + (i % 2));
		t0 = now_us();
		if (jx_store_set_field(st, s, t, "ind:i2:actual", val, "bench", &err) < 0)
			die("set_field", &err);
		v[i] = (now_us() - t0) / 1000.0;
	}
	med = percentile(v, WRITES, 50);
	p99 = percentile(v, WRITES, 99);
	printf("field write + audit row, synchronous=FULL (%d writes): median %.2f ms, p99 %.2f ms "
	       "(target median <= 5 ms) %s\n",
	       WRITES, med, p99, verdict(med, 5));
	jx_store_close(st);
	jx_sheet_free(s);
	remove_db(path);
}

static void bench_bulk(const jx_templates *set, const jx_template *t, const char *dir)
{
	enum { SHEETS = 1000 };
	char *doc = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);
	jx_sheet **gen = calloc(SHEETS, sizeof *gen);
	jx_sheet **v = NULL;
	size_t n = 0, findings = 0;
	jx_store *st = NULL;
	jx_err err = {{0}};
	jx_scoresheet ss;
	jx_findings fs;
	char path[300];
	double t0, t_read, t_store, t_end;

	if (!mem || !gen)
		die("out of memory", NULL);
	for (int i = 0; i < SHEETS; i++)
		gen[i] = make_sheet(t, 1000 + i, 10, 6, 4);
	if (jx_sheets_write(mem, gen, SHEETS, &err) < 0)
		die("write", &err);
	fclose(mem);
	for (int i = 0; i < SHEETS; i++)
		jx_sheet_free(gen[i]);
	free(gen);
	/* give the generator's heap back, so that the peak below is the import's */
	malloc_trim(0);

	snprintf(path, sizeof path, "%s/bulk.db", dir);
	if (jx_store_open(&st, path, JX_STORE_CREATE, &err) < 0)
		die("open", &err);
	memset(&ss, 0, sizeof ss);
	memset(&fs, 0, sizeof fs);

	t0 = now_us();
	if (jx_sheets_read_mem("bench.yaml", doc, len, set, &v, &n, &err) < 0)
		die("read", &err);
	t_read = now_us();
	if (jx_store_insert_many(st, v, n, "bench", &err) < 0)
		die("insert_many", &err);
	t_store = now_us();
	for (size_t i = 0; i < n; i++) {
		jx_score(t, v[i], &ss);
		jx_findings_clear(&fs);
		jx_check(t, v[i], &ss, NULL, &fs);
		findings += fs.n;
	}
	t_end = now_us();
	printf("1,000 sheets x 20 indicators (%.1f MiB of YAML): read %.2f s + store %.2f s + score and check %.2f s = "
	       "%.2f s (target <= 2 s) %s\n",
	       (double)len / (1024.0 * 1024.0), (t_read - t0) / 1e6, (t_store - t_read) / 1e6, (t_end - t_store) / 1e6,
	       (t_end - t0) / 1e6, verdict((t_end - t0) / 1e6, 2.0));
	if (n != SHEETS)
		fprintf(stderr, "bench: read %zu sheets, expected %d\n", n, SHEETS);
	jx_scoresheet_free(&ss);
	jx_findings_free(&fs);
	jx_sheets_free(v, n);
	free(doc);
	jx_store_close(st);
	remove_db(path);
}

/* ---- export ---- */

/* Peak resident memory from here on: VmHWM is reset (Linux 4.0 and later).
 * Returns 0 when it cannot be reset (then VmHWM is the process's peak). */
/* jixiao's own xlsx form of a 300-indicator sheet read back (jixiao import
 * of a spreadsheet, before the database): unzip, parse, map. */
static void bench_import_xlsx(const jx_templates *set, const jx_template *t, const char *dir)
{
	enum { RUNS = 15 };
	jx_sheet *s = make_sheet(t, 77, 200, 75, 25);
	jx_table_opts o = {t->id, NULL, NULL};
	jx_err err = {{0}};
	char path[300];
	double us[RUNS];
	size_t n = 0;
	snprintf(path, sizeof path, "%s/import.xlsx", dir);
	if (jx_export(JX_EXPORT_XLSX, set, &s, 1, path, 0, &err) < 0)
		die("export for the import", &err);
	for (int i = 0; i < RUNS; i++) {
		jx_book book;
		jx_sheet *back = NULL;
		double t0 = now_us();
		if (jx_book_read(path, &book, &err) < 0 || jx_sheet_from_book(&book, path, set, &o, &back, &err) < 0)
			die("import of the xlsx form", &err);
		us[i] = now_us() - t0;
		n = back->n_inds;
		jx_sheet_free(back);
		jx_book_free(&book);
	}
	qsort(us, RUNS, sizeof us[0], cmp_double);
	printf("import of a %zu-indicator xlsx form (%d runs): median %.1f ms (target <= 100 ms) %s\n", n, RUNS,
	       us[RUNS / 2] / 1000, verdict(us[RUNS / 2] / 1000, 100));
	unlink(path);
	jx_sheet_free(s);
}

static int reset_peak_rss(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int ok;
	if (!f)
		return 0;
	ok = fputs("5", f) >= 0;
	if (fclose(f) != 0)
		ok = 0;
	return ok;
}

/* VmHWM in MiB, -1 if unknown. */
static double peak_rss_mib(void)
{
	char line[256];
	double kb = -1;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0) {
			kb = strtod(line + 6, NULL);
			break;
		}
	fclose(f);
	return kb < 0 ? -1 : kb / 1024.0;
}

/* Used space of the memory file system the xlsx writer may keep its
 * temporary files on (MiB; -1 when there is none or TMPDIR is set). */
static double shm_used_mib(void)
{
	struct statvfs vs;
	if ((getenv("TMPDIR") && *getenv("TMPDIR")) || statvfs("/dev/shm", &vs) != 0)
		return -1;
	return (double)(vs.f_blocks - vs.f_bfree) * (double)vs.f_frsize / (1024.0 * 1024.0);
}

/* The sheets of the export, generated one at a time when asked for; the
 * previous one is freed then.  The time spent generating is added up. */
typedef struct {
	const jx_template *t;
	int next;
	jx_sheet *cur;
	double gen_us, gen_cpu_us;
	double shm_base, shm_peak; /* /dev/shm used, before and at most during */
} export_gen;

static const jx_sheet *export_next(void *ctx, jx_err *err)
{
	export_gen *g = ctx;
	double t0 = now_us(), c0 = cpu_us(), shm;
	(void)err;
	jx_sheet_free(g->cur);
	g->cur = make_sheet(g->t, 5000 + g->next++, 200, 75, 25);
	/* the xlsx writer's temporary files grow until the workbook is closed */
	shm = shm_used_mib();
	if (shm > g->shm_peak)
		g->shm_peak = shm;
	g->gen_us += now_us() - t0;
	g->gen_cpu_us += cpu_us() - c0;
	return g->cur;
}

static double file_mib(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0;
}

static const struct {
	jx_export_format fmt;
	const char *name;
	double target; /* seconds */
} export_runs[] = {{JX_EXPORT_XLSX, "xlsx", 5.0}, {JX_EXPORT_CSV, "CSV", 0.5}, {JX_EXPORT_HTML, "HTML", 1.0}};

/* One export, measured in this process. */
static void bench_export_one(const jx_templates *set, const jx_template *t, const char *dir, size_t k)
{
	enum { SHEETS = 1000 };
	export_gen g = {.t = t};
	jx_err err = {{0}};
	char path[300];
	double t0, c0, total, cpu, secs, cpu_secs, rss;
	int reset;

	snprintf(path, sizeof path, "%s/export%s", dir, jx_export_extension(export_runs[k].fmt));
	malloc_trim(0);
	reset = reset_peak_rss();
	g.shm_base = g.shm_peak = shm_used_mib();
	t0 = now_us();
	c0 = process_cpu_us();
	if (jx_export_stream(export_runs[k].fmt, set, SHEETS, export_next, &g, path, 0, &err) < 0)
		die("export", &err);
	total = now_us() - t0;
	cpu = process_cpu_us() - c0;
	rss = peak_rss_mib();
	jx_sheet_free(g.cur);
	secs = (total - g.gen_us) / 1e6;
	cpu_secs = (cpu - g.gen_cpu_us) / 1e6;
	printf("export 1,000 sheets x 300 indicators to %s: %.2f s, CPU time %.2f s (target <= %.1f s) %s; "
	       "%.1f MiB file; peak RSS %.1f MiB%s",
	       export_runs[k].name, secs, cpu_secs, export_runs[k].target, verdict(secs, export_runs[k].target),
	       file_mib(path), rss, reset ? "" : " (of the whole run)");
	if (export_runs[k].fmt == JX_EXPORT_XLSX && g.shm_base >= 0 && g.shm_peak - g.shm_base >= 1)
		printf(" + %.0f MiB of temporary files in /dev/shm", g.shm_peak - g.shm_base);
	printf("; generating the sheets took %.2f s more\n", g.gen_us / 1e6);
	if (secs > export_runs[k].target && cpu_secs <= export_runs[k].target)
		printf("  (wall-clock over but CPU time within: other processes had the CPU; load average %.2f)\n",
		       load_average());
	fflush(stdout);
	unlink(path);
}

/* Each export in a fresh process (this program again, run with --export),
 * as a `jixiao export` command would run it: its memory is then the
 * export's own, not shaped by the heap the figures above left behind (in a
 * heap with much memory freed earlier, libxlsxwriter's 128 KiB row array
 * per worksheet comes zeroed from that memory rather than as untouched
 * pages: up to 128 KiB more per worksheet).  In this process if that cannot
 * be done. */
static void bench_export(const jx_templates *set, const jx_template *t, const char *dir)
{
	for (size_t k = 0; k < sizeof export_runs / sizeof export_runs[0]; k++) {
		char arg[16];
		int status = -1;
		pid_t pid;
		snprintf(arg, sizeof arg, "%zu", k);
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			execl("/proc/self/exe", "bench", "--export", arg, dir, (char *)NULL);
			_exit(127);
		}
		if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0)
			continue;
		if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) != 127)
			exit(1); /* the export failed; the child said why */
		bench_export_one(set, t, dir, k);
	}
}

/* bench --export K DIR: export run K into DIR (see bench_export). */
static int export_child(const char *k, const char *dir)
{
	jx_templates set;
	jx_err err = {{0}};
	const jx_template *t;
	size_t i = (size_t)strtoul(k, NULL, 10);

	memset(&set, 0, sizeof set);
	if (i >= sizeof export_runs / sizeof export_runs[0])
		return 2;
	if (jx_templates_load_builtin(&set, &err) < 0)
		die("templates", &err);
	t = jx_templates_find(&set, TEMPLATE_ID);
	if (!t) {
		fprintf(stderr, "bench: template %s is not built in\n", TEMPLATE_ID);
		return 1;
	}
	bench_export_one(&set, t, dir, i);
	jx_templates_free(&set);
	return 0;
}

/* ---- jixiao export through the database ---- */

enum { CLI_SHEETS = 1000 };

/* The database `jixiao export --all` reads: CLI_SHEETS generated sheets of
 * 300 indicators, each generated and stored one at a time, in one
 * transaction. */
static void build_cli_db(const jx_template *t, const char *path)
{
	jx_store *st = NULL;
	jx_err err = {{0}};
	remove_db(path);
	if (jx_store_open(&st, path, JX_STORE_CREATE, &err) < 0)
		die("open", &err);
	if (jx_store_begin(st, &err) < 0)
		die("begin", &err);
	for (int i = 0; i < CLI_SHEETS; i++) {
		jx_sheet *s = make_sheet(t, 9000 + i, 200, 75, 25);
		if (jx_store_insert(st, s, "bench", &err) < 0)
			die("insert", &err);
		jx_sheet_free(s);
	}
	if (jx_store_commit(st, &err) < 0)
		die("commit", &err);
	jx_store_close(st);
}

static const struct {
	const char *format, *name, *ext;
} cli_runs[] = {{"xlsx", "xlsx", ".xlsx"}, {"csv", "CSV", ".csv"}, {"html", "HTML", ".html"}, {"yaml", "YAML bundle", ".yaml"}};

/* Run `jixiao ARGS...` (this program with --cli) with its output thrown
 * away; its peak RSS in MiB and its wall-clock time in seconds.  Returns
 * the exit status, -1 if it could not be run. */
static int run_cli(char *const *args, double *rss_mib, double *secs)
{
	struct rusage ru;
	int status = -1;
	double t0 = now_us();
	pid_t pid;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv("/proc/self/exe", args);
		_exit(127);
	}
	memset(&ru, 0, sizeof ru);
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status))
		return -1;
	*secs = (now_us() - t0) / 1e6;
	*rss_mib = (double)ru.ru_maxrss / 1024.0;
	return WEXITSTATUS(status);
}

static void bench_cli_export(const jx_template *t, const char *dir)
{
	char db[300], out[300];
	double t0 = now_us();
	snprintf(db, sizeof db, "%s/cli.db", dir);
	build_cli_db(t, db);
	printf("jixiao export --all: database of 1,000 sheets x 300 indicators built in %.1f s (%.0f MiB)\n",
	       (now_us() - t0) / 1e6, file_mib(db));
	for (size_t k = 0; k < sizeof cli_runs / sizeof cli_runs[0]; k++) {
		char *args[] = {"bench", "--cli", "jixiao", "--db", db, "export", "--all", "--format",
				(char *)cli_runs[k].format, "-o", out, NULL};
		double rss = -1, secs = 0;
		int rc;
		snprintf(out, sizeof out, "%s/cli-export%s", dir, cli_runs[k].ext);
		unlink(out);
		rc = run_cli(args, &rss, &secs);
		if (rc != 0) {
			fprintf(stderr, "bench: jixiao export --all --format %s failed (exit %d)\n", cli_runs[k].format, rc);
			exit(1);
		}
		printf("jixiao export --all from the database to %s: peak RSS %.1f MiB (target peak RSS <= 64 MiB) %s; "
		       "%.2f s, %.1f MiB file\n",
		       cli_runs[k].name, rss, verdict(rss, 64), secs, file_mib(out));
		unlink(out);
	}
	remove_db(db);
}

/* The workstation's figures in a fresh process (this program again, run
 * with --workstation), so that its peak RSS is the workstation's own; in
 * this process if that cannot be done. */
static void bench_workstation(const char *dir)
{
	int status = -1;
	pid_t pid;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "bench", "--workstation", dir, (char *)NULL);
		_exit(127);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) != 127) {
		if (WEXITSTATUS(status) != 0)
			exit(1); /* it said why */
		return;
	}
	if (workstation_bench(dir) < 0)
		exit(1);
}

int main(int argc, char **argv)
{
	jx_templates set;
	jx_err err = {{0}};
	const jx_template *t;
	struct rusage ru;
	char *dir;
	double rss;

	if (argc == 4 && strcmp(argv[1], "--export") == 0)
		return export_child(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "--workstation") == 0)
		return workstation_bench(argv[2]) < 0 ? 1 : 0;
	/* bench --cli jixiao ARGS...: the command line itself (bench_cli_export) */
	if (argc >= 3 && strcmp(argv[1], "--cli") == 0)
		return jx_cli_main(argc - 2, argv + 2, NULL);
	if (argc == 3 && strcmp(argv[1], "--cli-db") == 0) {
		memset(&set, 0, sizeof set);
		if (jx_templates_load_builtin(&set, &err) < 0)
			die("templates", &err);
		if (!(t = jx_templates_find(&set, TEMPLATE_ID)))
			return 1;
		build_cli_db(t, argv[2]);
		jx_templates_free(&set);
		return 0;
	}
	memset(&set, 0, sizeof set);
	if (jx_templates_load_builtin(&set, &err) < 0)
		die("templates", &err);
	t = jx_templates_find(&set, TEMPLATE_ID);
	if (!t) {
		fprintf(stderr, "bench: template %s is not built in\n", TEMPLATE_ID);
		return 1;
	}
	dir = temp_dir();
	if (argc == 2 && strcmp(argv[1], "--import") == 0) { /* this figure alone */
		bench_import_xlsx(&set, t, dir);
		rmdir(dir);
		jx_templates_free(&set);
		return 0;
	}
	bench_recompute(t);
	bench_field_write(t, dir);
	bench_bulk(&set, t, dir);
	bench_import_xlsx(&set, t, dir);

	getrusage(RUSAGE_SELF, &ru);
	rss = (double)ru.ru_maxrss / 1024.0;
	printf("peak RSS: %.1f MiB (target <= 32 MiB) %s\n", rss, verdict(rss, 32));

	bench_export(&set, t, dir);
	bench_cli_export(t, dir);
	bench_workstation(dir);
	rmdir(dir);
	jx_templates_free(&set);
	return 0;
}
