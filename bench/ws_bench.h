/* The workstation's figures for make bench (ws_bench.c), built only into
 * the bench binary. */
#ifndef JX_WS_BENCH_H
#define JX_WS_BENCH_H

/* On a headless terminal: keystroke to updated screen on a sheet of 300
 * indicators (median, p99), start-up to the first frame with 10,000
 * sheets, peak RSS while browsing them.  Working databases are made in dir
 * and removed.  Prints one line per figure; returns 0, or -1 after a
 * message on stderr. */
int workstation_bench(const char *dir);

#endif
