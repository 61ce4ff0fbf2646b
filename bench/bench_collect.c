/* The collection view as a clerk runs it (make bench), on a database of
 * 10,000 sheets: `jixiao collect` (target <= 100 ms) and `jixiao export
 * --format dashboard` (target <= 1 s), each the ./jixiao binary in a child
 * process (bench_cmd.c's run_jixiao), judged on CPU time as the start-up
 * figures are (on the busy machine the wall-clock time is mostly waiting).
 *
 * The database is the workstation's of 10,000 sheets (bench_cmd.c, kept in
 * build/bench/), copied, with the sheets spread by SQL over 150 units, 12
 * departments and four statuses so that the view has groups to count.  The
 * copies carry their list summary but no execution rate, so the first
 * `jixiao collect` scores each once and keeps its rate, as it does on a
 * database written by an older jixiao; that run is shown apart, and the
 * database is kept so that later runs skip it. */
#include <stdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

#define CACHE "build/bench"

static int spread(const char *db)
{
	static const char q[] =
		"UPDATE sheets SET unit = printf('县直单位 %03d', id % 150), department = printf('主管部门 %02d', id % 12), "
		"status = CASE id % 4 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' WHEN 2 THEN 'reviewed' ELSE 'final' END;"
		"DELETE FROM roster;"
		"WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < 159) "
		"INSERT INTO roster (unit, department, pos) SELECT printf('县直单位 %03d', k), printf('主管部门 %02d', k % 12), "
		"k FROM n;";
	sqlite3 *h = NULL;
	char *msg = NULL;
	int rc = sqlite3_open(db, &h) == SQLITE_OK && sqlite3_exec(h, q, NULL, NULL, &msg) == SQLITE_OK ? 0 : -1;
	if (rc < 0)
		fprintf(stderr, "bench: %s: %s\n", db, msg ? msg : sqlite3_errmsg(h));
	sqlite3_free(msg);
	sqlite3_close(h);
	return rc;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[1 << 16];
	size_t n;
	int rc = in && out ? 0 : -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
		rc = fwrite(buf, 1, n, out) == n ? 0 : -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* build/bench/collect-10000.db, made once: 0, or -1 after a message. */
static int make_db(const jx_template *t, const char *db)
{
	const char *ws = CACHE "/ws-10000.db";
	char part[300];
	char *args[] = {"jixiao", "--db", part, "collect", NULL};
	run_fig f;
	if (access(db, F_OK) == 0)
		return 0;
	mkdir(CACHE, 0700);
	if (access(ws, F_OK) != 0 && make_ws_db(t, ws, 10000) < 0)
		return -1;
	snprintf(part, sizeof part, "%s.part", db);
	remove_db(part);
	if (copy_file(ws, part) < 0 || spread(part) < 0) {
		fprintf(stderr, "bench: cannot make %s\n", db);
		remove_db(part);
		return -1;
	}
	if (run_jixiao(args, 600, &f) != 0) {
		fprintf(stderr, "bench: jixiao collect failed (exit %d); see " CACHE "/last-messages.txt\n", f.status);
		return -1;
	}
	printf("  (first jixiao collect on 10,000 sheets without their execution rates kept: each scored once, "
	       "%.1f s, CPU time %.1f s; the database is kept as %s)\n",
	       f.wall, f.cpu, db);
	return rename(part, db) == 0 ? 0 : -1;
}

int bench_collect(const jx_template *t)
{
	const char *db = CACHE "/collect-10000.db", *out = CACHE "/dashboard.html";
	char *view[] = {"jixiao", "--db", (char *)db, "collect", NULL};
	char *dash[] = {"jixiao", "--db", (char *)db, "export", "--format", "dashboard", "--force", "-o", (char *)out, NULL};
	char mem[200];
	struct stat sb;
	run_fig f;
	if (make_db(t, db) < 0)
		return -1;
	if (run_jixiao(view, 30, &f) != 0) {
		fprintf(stderr, "bench: jixiao collect failed (exit %d)\n", f.status);
		return -1;
	}
	memory_text(&f, mem, sizeof mem);
	printf("jixiao collect, 10,000 sheets (150 units, 4 statuses, a roster of 160): %.0f ms, CPU time %.0f ms "
	       "(target CPU time <= 100 ms) %s; %s\n",
	       f.wall * 1000, f.cpu * 1000, f.cpu <= 0.1 ? "ok" : "over", mem);
	if (run_jixiao(dash, 30, &f) != 0) {
		fprintf(stderr, "bench: jixiao export --format dashboard failed (exit %d)\n", f.status);
		return -1;
	}
	memory_text(&f, mem, sizeof mem);
	printf("jixiao export --format dashboard, 10,000 sheets: %.2f s, CPU time %.2f s (target CPU time <= 1.0 s) %s; "
	       "%s; %.1f MiB file\n",
	       f.wall, f.cpu, f.cpu <= 1.0 ? "ok" : "over", mem,
	       stat(out, &sb) == 0 ? (double)sb.st_size / (1024.0 * 1024.0) : 0.0);
	unlink(out);
	return 0;
}
