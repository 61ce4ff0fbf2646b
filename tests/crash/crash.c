/* Crash safety: the real workstation on a pseudo-terminal is given edits
 * and killed with SIGKILL at random moments, again and again, on one
 * database.  After each kill the database is opened behind the program and
 * must hold every edit the screen had shown as saved ("已保存 <field> =
 * <value>"), nothing half-written (each field's audit rows form one chain
 * ending in the value the field holds, the revision counts every change),
 * and pass PRAGMA integrity_check.
 *
 *   crash --bin ./jixiao --db FILE [--rounds 200] [--seed N] [--sheet 1]
 *
 * FILE holds the sheet to edit (number 1 unless --sheet).  Prints TAP
 * lines for the results and the figures as "# " comments. */
#define _GNU_SOURCE
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "term.h"

typedef struct {
	char value[32];
	int field;     /* index in drive_fields */
	int confirmed; /* the screen said 已保存 */
	int round;
	int in_db;     /* found in the database */
} typed;

static typed *tv;
static size_t ntv, captv;

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static int rand_int(int lo, int hi) /* inclusive */
{
	return lo + (int)(next_rand() % (uint64_t)(hi - lo + 1));
}

static void pause_ms(double ms)
{
	double end = now_ms() + ms;
	while (now_ms() < end)
		term_pump((int)(end - now_ms()) + 1);
}

static typed *add_typed(const char *v, int field, int round)
{
	if (ntv == captv) {
		captv = captv ? captv * 2 : 256;
		tv = realloc(tv, captv * sizeof *tv);
	}
	memset(&tv[ntv], 0, sizeof tv[ntv]);
	snprintf(tv[ntv].value, sizeof tv[ntv].value, "%s", v);
	tv[ntv].field = field;
	tv[ntv].round = round;
	return &tv[ntv++];
}

static char failure[4096];
static void failf(const char *fmt, const char *a, const char *b)
{
	if (!failure[0])
		snprintf(failure, sizeof failure, fmt, a, b);
}

enum { P_STARTUP, P_TYPING, P_COMMIT, P_IDLE, P_N };
static const char *const phase_names[] = {"starting", "typing", "committing", "idle"};

int main(int argc, char **argv)
{
	const char *bin = "./jixiao", *db = NULL;
	int rounds = 200, sheet = 1;
	unsigned long seed = (unsigned long)getpid() ^ (unsigned long)now_ms();
	char initial[8][256], why[1024];
	int64_t rev0, rows0;
	int kills = 0, phase_count[P_N] = {0}, integrity_ok = 1, confirmed_ok = 1, chain_ok = 1;
	size_t confirmed = 0, in_flight = 0, in_flight_committed = 0;
	int mid_write = 0;
	double avg_commit = 20, avg_start = 150, t0 = now_ms();
	int n_commit = 0, n_start = 0;
	char sheet_arg[16];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--bin") && i + 1 < argc)
			bin = argv[++i];
		else if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--sheet") && i + 1 < argc)
			sheet = atoi(argv[++i]);
	}
	if (!db || rounds < 1) {
		fprintf(stderr, "usage: crash --bin JIXIAO --db FILE [--rounds N] [--seed N] [--sheet ID]\n");
		return 2;
	}
	snprintf(sheet_arg, sizeof sheet_arg, "%d", sheet);
	setlocale(LC_CTYPE, "C.UTF-8");
	signal(SIGPIPE, SIG_IGN);
	rng ^= (uint64_t)seed * 0x9E3779B97F4A7C15ULL;
	if (!rng)
		rng = 1;
	printf("# seed %lu (crash --seed %lu makes the same random choices)\n", seed, seed);

	for (size_t f = 0; f < n_drive_fields; f++)
		if (db_field_value(db, sheet, drive_fields[f].key, initial[f], sizeof initial[f])) {
			printf("not ok 1 - the database %s holds sheet %d\n", db, sheet);
			return 1;
		}
	if (db_sheet_counts(db, sheet, &rev0, &rows0, why, sizeof why)) {
		printf("not ok 1 - %s\n", why);
		return 1;
	}

	for (int round = 0; round < rounds && !failure[0]; round++) {
		term t = {0};
		char *av[] = {(char *)bin, (char *)"--db", (char *)db, (char *)"--user", (char *)"crash", NULL};
		int phase, kill_edit = -1, edits, field = 0, killed = 0;
		typed *flight = NULL;
		double started;
		int r = rand_int(0, 99);
		phase = r < 10 ? P_STARTUP : r < 20 ? P_TYPING : r < 80 ? P_COMMIT : P_IDLE;
		edits = rand_int(1, 8);
		if (phase == P_TYPING || phase == P_COMMIT)
			kill_edit = rand_int(0, edits - 1);
		if (term_start(&t, "ws", av, 24, 80)) {
			printf("not ok 1 - start %s on a pseudo-terminal\n", bin);
			return 1;
		}
		started = now_ms();
		if (phase == P_STARTUP) {
			pause_ms(rand_int(0, (int)(avg_start * 1.3)));
			killed = 1;
		} else {
			if (term_wait(&t, "项目列表", 10000)) {
				char st[200];
				if (t.alive && term_reap(&t, 0) != 0)
					snprintf(st, sizeof st, "still running after 10 s");
				else
					snprintf(st, sizeof st, "it ended with status 0x%x", (unsigned)t.status);
				failf("the workstation did not show its project list (%s); its screen:\n%s", st, term_screen(&t));
				if (getenv("CRASH_RAW")) {
					FILE *f = fopen(getenv("CRASH_RAW"), "wb");
					if (f) {
						fwrite(t.raw, 1, t.nraw, f);
						fclose(f);
					}
				}
				term_close(&t);
				break;
			}
			avg_start = (avg_start * n_start + (now_ms() - started)) / (n_start + 1);
			n_start++;
			term_keys(&t, KEY_ENTER_S);
			if (term_wait(&t, "基本信息", 5000)) {
				failf("the sheet did not open:\n%s%s", term_screen(&t), "");
				term_close(&t);
				break;
			}
			/* from 评价年度 past 项目名称 to 主管部门 */
			term_keys(&t, KEY_DOWN_S KEY_DOWN_S);
			for (int e = 0; e < edits && !killed && !failure[0]; e++) {
				char v[32], want[160];
				double sent;
				snprintf(v, sizeof v, "R%03dE%d", round, e);
				if (e == kill_edit && phase == P_TYPING) {
					/* killed with a value half typed: nothing of it may be stored */
					term_keys(&t, KEY_ENTER_S);
					pause_ms(rand_int(0, 10));
					term_keys(&t, KEY_CTRL_U);
					term_keys(&t, v);
					pause_ms(rand_int(0, 15));
					killed = 1;
					break;
				}
				term_keys(&t, KEY_ENTER_S);
				if (term_wait(&t, "编辑中", 5000)) {
					failf("no editor opened on the field:\n%s%s", term_screen(&t), "");
					break;
				}
				term_keys(&t, KEY_CTRL_U);
				term_keys(&t, v);
				term_keys(&t, KEY_ENTER_S);
				sent = now_ms();
				flight = add_typed(v, field, round);
				if (e == kill_edit && phase == P_COMMIT) {
					pause_ms(rand_int(0, (int)(avg_commit * 1.2) + 1));
					killed = 1;
					break;
				}
				snprintf(want, sizeof want, "已保存 %s = %s", drive_fields[field].label, v);
				if (term_wait(&t, want, 5000)) {
					failf("the screen never said \"%s\":\n%s", want, term_screen(&t));
					break;
				}
				avg_commit = (avg_commit * n_commit + (now_ms() - sent)) / (n_commit + 1);
				n_commit++;
				flight->confirmed = 1;
				flight = NULL;
				confirmed++;
				if (++field == (int)n_drive_fields) {
					/* the next field is a list; back up to the first */
					field = 0;
					for (size_t k = 0; k < n_drive_fields; k++)
						term_keys(&t, KEY_UP_S);
				}
			}
			if (!killed)
				pause_ms(rand_int(0, 30));
		}
		term_kill(&t, SIGKILL);
		term_close(&t);
		if (failure[0])
			break;
		if (!WIFSIGNALED(t.status) || WTERMSIG(t.status) != SIGKILL) {
			/* it had ended by itself before the kill: a crash of its own */
			snprintf(failure, sizeof failure, "the workstation ended by itself (status 0x%x) before it was killed",
				 (unsigned)t.status);
			break;
		}
		kills++;
		phase_count[phase]++;

		/* the database after the kill: first its log as the kill left it */
		if (wal_uncommitted_frames(db) > 0)
			mid_write++;
		if (db_integrity(db, why, sizeof why)) {
			integrity_ok = 0;
			snprintf(failure, sizeof failure, "after kill %d: %s", kills, why);
			break;
		}
		{
			size_t total_rows = 0;
			int64_t rev, rows;
			for (size_t f = 0; f < n_drive_fields && !failure[0]; f++) {
				char **news = NULL;
				size_t nn = 0, k = 0;
				if (db_field_chain(db, sheet, drive_fields[f].key, initial[f], &news, &nn, why, sizeof why)) {
					chain_ok = 0;
					snprintf(failure, sizeof failure, "after kill %d: %s", kills, why);
					break;
				}
				total_rows += nn;
				/* the values in the database are those typed into this
				 * field, in the order typed; every confirmed one is there */
				for (size_t i = 0; i < ntv; i++) {
					if (tv[i].field != (int)f)
						continue;
					if (k < nn && strcmp(news[k], tv[i].value) == 0) {
						tv[i].in_db = 1;
						k++;
					} else if (tv[i].confirmed) {
						confirmed_ok = 0;
						snprintf(failure, sizeof failure,
							 "after kill %d: %s = %s was shown as saved but is not in the database", kills,
							 drive_fields[f].label, tv[i].value);
						break;
					}
				}
				if (!failure[0] && k != nn) {
					chain_ok = 0;
					snprintf(failure, sizeof failure, "after kill %d: %s holds \"%s\", which was never typed there",
						 kills, drive_fields[f].label, news[k]);
				}
				strings_free(news, nn);
			}
			if (failure[0])
				break;
			if (db_sheet_counts(db, sheet, &rev, &rows, why, sizeof why)) {
				snprintf(failure, sizeof failure, "after kill %d: %s", kills, why);
				break;
			}
			if (rows - rows0 != (int64_t)total_rows || rev - rev0 != rows - rows0) {
				char a[200];
				chain_ok = 0;
				snprintf(a, sizeof a, "%lld audit rows and revision +%lld for %zu changes", (long long)(rows - rows0),
					 (long long)(rev - rev0), total_rows);
				snprintf(failure, sizeof failure, "after kill %d: %s", kills, a);
				break;
			}
		}
		if (flight) {
			/* typed and sent, not yet confirmed: whole or absent */
			in_flight++;
			in_flight_committed += (size_t)flight->in_db;
			flight->confirmed = flight->in_db; /* from now on it must stay */
		}
	}

	{
		int n = 0;
		size_t verified = 0;
		for (size_t i = 0; i < ntv; i++)
			verified += tv[i].in_db;
		printf("%s %d - the workstation was killed with SIGKILL %d times at random moments (%d rounds asked)\n",
		       kills == rounds && !failure[0] ? "ok" : "not ok", ++n, kills, rounds);
		printf("%s %d - PRAGMA integrity_check is ok after every kill\n", integrity_ok ? "ok" : "not ok", ++n);
		printf("%s %d - every edit the screen showed as saved is in the database after every kill\n",
		       confirmed_ok ? "ok" : "not ok", ++n);
		printf("%s %d - nothing half-written: each field's audit rows are one chain ending in its value, "
		       "the revision counts every change\n",
		       chain_ok ? "ok" : "not ok", ++n);
		if (failure[0]) {
			printf("not ok %d - the run went through\n", ++n);
			for (char *line = strtok(failure, "\n"); line; line = strtok(NULL, "\n"))
				printf("#   %s\n", line);
		}
		printf("# kills survived: %d (while %s %d, %s %d, %s %d, %s %d)\n", kills, phase_names[0], phase_count[0],
		       phase_names[1], phase_count[1], phase_names[2], phase_count[2], phase_names[3], phase_count[3]);
		printf("# edits shown as saved: %zu; verified in the database after the kills: %zu of them\n", confirmed,
		       confirmed);
		printf("# edits sent but killed before the screen confirmed them: %zu (%zu found whole in the database, "
		       "%zu absent, none partial)\n",
		       in_flight, in_flight_committed, in_flight - in_flight_committed);
		printf("# kills that left a write transaction half-written in the log (rolled back on reopening): %d\n",
		       mid_write);
		printf("# values checked in the database: %zu; average commit on screen %.1f ms, start-up %.0f ms\n",
		       verified, avg_commit, avg_start);
		printf("# run time: %.0f s\n", (now_ms() - t0) / 1000);
	}
	free(tv);
	return failure[0] || kills != rounds ? 1 : 0;
}
