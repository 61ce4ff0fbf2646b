/* Speed and memory figures for jixiao (make bench).  Prints one line per
 * figure with its target and "ok" or "over"; asserts nothing.
 *
 *   recompute     jx_score on one sheet of 300 indicators (project-self-2020);
 *                 mon_bench.c: the same of a monitoring sheet with its lights
 *   field write   jx_store_set_field with its audit row, synchronous=FULL
 *   peak RSS      getrusage (of the figures above)
 *   commands      bench_cmd.c: the ./jixiao binary itself, each run a whole
 *                 process: import of 1,000 files and of 10,000 sheets,
 *                 export --all from that database to CSV, HTML, xlsx and
 *                 YAML, the workstation's start-up on a pseudo-terminal
 *                 with 10,000 and 100,000 sheets
 *   workstation   ws_bench.c, in a fresh process: keystroke to
 *                 updated screen on a sheet of 300 indicators (median, p99),
 *                 and, in that process on a headless terminal, start-up to
 *                 the first frame with 10,000 sheets and the peak RSS while
 *                 browsing them
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
jx_sheet *bench_sheet(const jx_template *t, int serial, int n_out, int n_ben, int n_sat)
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
	jx_sheet *s = bench_sheet(t, 1, 200, 75, 25);
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
	       "(target CPU time p99 <= 200 us) %s\n",
	       s->n_inds, RUNS, med, p99, cmed, cp99, verdict(cp99, 200));
	if (p99 > 200 && cp99 <= 200)
		printf("  (wall-clock p99 over: other processes had the CPU; load average %.2f)\n", load);
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
	jx_sheet *s = bench_sheet(t, 2, 10, 6, 4);
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

/* jixiao's own xlsx form of a 300-indicator sheet read back (jixiao import
 * of a spreadsheet, before the database): unzip, parse, map. */
static void bench_import_xlsx(const jx_templates *set, const jx_template *t, const char *dir)
{
	enum { RUNS = 15 };
	jx_sheet *s = bench_sheet(t, 77, 200, 75, 25);
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
	int rc = 0;

	if (argc == 3 && strcmp(argv[1], "--load") == 0)
		return bench_load(argv[2]) < 0;
	if (argc == 2 && strcmp(argv[1], "--list") == 0) /* the list's filter and sort alone */
		return list_filter_bench() < 0 ? 1 : 0;
	if (argc == 3 && strcmp(argv[1], "--keystroke") == 0) /* that figure alone, its database in argv[2] */
		return keystroke_bench(argv[2]) < 0 ? 1 : 0;
	if (argc == 3 && strcmp(argv[1], "--workstation") == 0)
		return workstation_bench(argv[2]) < 0 ? 1 : 0;
	memset(&set, 0, sizeof set);
	if (jx_templates_load_builtin(&set, &err) < 0)
		die("templates", &err);
	t = jx_templates_find(&set, TEMPLATE_ID);
	if (!t) {
		fprintf(stderr, "bench: template %s is not built in\n", TEMPLATE_ID);
		return 1;
	}
	if (argc == 2 && strcmp(argv[1], "--collect") == 0) { /* the collection view's figures alone */
		rc = bench_collect(t) < 0;
		jx_templates_free(&set);
		return rc;
	}
	if (argc == 2 && strcmp(argv[1], "--monitoring") == 0) { /* this figure alone */
		bench_monitoring(&set);
		jx_templates_free(&set);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--files") == 0) { /* the import files alone, kept in build/bench/ */
		rc = bench_make_files(t) < 0;
		jx_templates_free(&set);
		return rc;
	}
	if (argc == 2 && strcmp(argv[1], "--start-up") == 0) {
		rc = bench_terminal_startup(t) < 0;
		jx_templates_free(&set);
		return rc;
	}
	dir = temp_dir();
	if (argc == 2 && strcmp(argv[1], "--import") == 0) { /* the import figures alone */
		bench_import_xlsx(&set, t, dir);
		bench_import_own_xlsx(&set, t, dir);
		rc = bench_imports(t) < 0;
		rmdir(dir);
		jx_templates_free(&set);
		return rc;
	}
	bench_recompute(t);
	bench_monitoring(&set);
	bench_field_write(t, dir);
	bench_import_xlsx(&set, t, dir);
	bench_import_own_xlsx(&set, t, dir);
	getrusage(RUSAGE_SELF, &ru);
	rss = (double)ru.ru_maxrss / 1024.0;
	printf("peak RSS of the two figures above: %.1f MiB (target <= 32 MiB) %s\n", rss, verdict(rss, 32));
	if (library_bench(dir) < 0)
		rc = 1;
	if (bench_commands(t) < 0 || bench_terminal_startup(t) < 0 || bench_collect(t) < 0)
		rc = 1;
	bench_workstation(dir);
	rmdir(dir);
	jx_templates_free(&set);
	return rc;
}
