/* Shared by the two files of the bench binary (make bench): the
 * workstation's figures (ws_bench.c) and the helpers of bench.c they use. */
#ifndef JX_BENCH_H
#define JX_BENCH_H

#include <stddef.h>

#include "model.h"
#include "template.h"

/* The workstation on a headless terminal: keystroke to updated screen on a
 * sheet of 300 indicators (median, p99), start-up to the first frame with
 * 10,000 sheets, peak RSS while browsing them.  Working databases are made
 * in dir and removed.  Prints one line per figure; returns 0, or -1 after a
 * message on stderr. */
int workstation_bench(const char *dir);
/* The keystroke figure alone (ws_bench.c), its database in dir. */
int keystroke_bench(const char *dir);
/* The project list of 100,000 sheets: CPU time of each key typed into its
 * filter and of each sort to the list redrawn (ws_bench.c); its line. */
int list_filter_bench(void);

/* Wall-clock time and this thread's CPU time, in µs. */
double now_us(void);
double cpu_us(void);
/* The 1-minute load average (-1 when unknown). */
double load_average(void);
/* Percentile p (0..100) of v[0..n), sorted in place (nearest rank). */
double percentile(double *v, size_t n, double p);
/* Remove a database file with its -wal, -shm and -journal files. */
void remove_db(const char *path);

/* A sheet of project-self-2020 numbered serial with n_out output, n_ben
 * benefit and n_sat satisfaction indicators (bench.c). */
jx_sheet *bench_sheet(const jx_template *t, int serial, int n_out, int n_ben, int n_sat);
/* The commands users run, as whole processes (bench_cmd.c): prints one line
 * per figure; 0, or -1 after a message on stderr. */
int bench_commands(const jx_template *t);
/* Its two jixiao import figures alone (bench --import, with the xlsx form's). */
int bench_imports(const jx_template *t);
/* Make the import files of bench_commands when missing (bench_cmd.c);
 * alone with `bench --files`.  0 or -1. */
int bench_make_files(const jx_template *t);
/* The workstation's start-up on a pseudo-terminal (bench_cmd.c), the same
 * way; alone with `bench --start-up`. */
int bench_terminal_startup(const jx_template *t);
/* Every sheet of db loaded as export --all loads them, with its line;
 * alone with `bench --load DB`. */
int bench_load(const char *db);
/* The recompute of a monitoring sheet of 300 indicators with its lights
 * (mon_bench.c): prints its line. */
void bench_monitoring(const jx_templates *set);

/* ---- shared by bench_cmd.c and bench_collect.c ---- */

/* One run of ./jixiao as a child process. */
typedef struct {
	double wall, cpu;   /* seconds */
	double rss;         /* MiB */
	double temp;        /* MiB of deleted files held open, at most */
	int temp_in_memory; /* those files were on tmpfs */
	int stopped;        /* killed at the time limit */
	int status;         /* exit status, -1 when killed or not run */
	long long watch_pos; /* run_jixiao_watch: its place in the file watched when stopped, or -1 */
} run_fig;
/* Run ./jixiao with args (args[0] is "jixiao"), its output to /dev/null and
 * its messages to build/bench/last-messages.txt; stopped after limit
 * seconds.  0 when it ran and exited 0. */
int run_jixiao(char *const *args, double limit, run_fig *f);
/* The same; when stopped, where it had read the open file whose name
 * contains `watch` to goes into f->watch_pos. */
int run_jixiao_watch(char *const *args, double limit, const char *watch, run_fig *f);
/* "peak RSS 41.0 MiB …" into buf; the memory figure compared with targets. */
double memory_text(const run_fig *f, char *buf, size_t len);
/* The workstation's databases: n sheets of BENCH_WS_INDS indicators. */
enum { BENCH_WS_INDS = 20 };
int make_ws_db(const jx_template *t, const char *path, int n);
/* The collection view over 10,000 sheets and the dashboard export
 * (bench_collect.c). */
int bench_collect(const jx_template *t);
/* The indicator library: a search per keystroke on 10,000 entries
 * (lib_bench.c); one line, 0 or -1 after a message on stderr. */
int library_bench(const char *dir);
void bench_import_own_xlsx(const jx_templates *set, const jx_template *t, const char *dir); /* trip_bench.c */

#endif
