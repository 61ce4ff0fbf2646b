/* make bench: the recompute of a monitoring sheet of 300 indicators, as
 * the workstation and `score` do it on every change: jx_app_score, the
 * score (which a monitoring sheet keeps without a total) with 序时进度 and
 * every fund and indicator light (monitor.h), whose worst the list shows.
 * The same budget as a self-evaluation's recompute: CPU time p99 <= 200 µs. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "bench.h"
#include "engine.h"
#include "monitor.h"

/* The bench sheet of 300 indicators moved to the monitoring table, months
 * 1–6, with a forecast and a likelihood on each indicator (a third short
 * of its target) and spending on each fund row. */
static jx_sheet *monitoring_sheet(const jx_template *self, const jx_template *mon)
{
	static const char *const likely[] = {"确定能", "有可能", "完全不可能"};
	jx_sheet *s = bench_sheet(self, 3, 200, 75, 25);
	if (!s)
		return NULL;
	jx_set_str(&s->template_id, mon->id);
	jx_set_str(&s->stage, "monitoring");
	s->stage_month = 6;
	for (size_t i = 0; i < s->n_funds; i++) {
		s->funds[i].budget = JX_INT(100 + (int)i);
		s->funds[i].spent = JX_INT(30 + 5 * (int)i);
		s->funds[i].forecast = JX_INT(90);
	}
	for (size_t i = 0; i < s->n_inds; i++) {
		jx_indicator *d = &s->inds[i];
		d->forecast = d->target == JX_NONE ? JX_NONE : d->target - (i % 3 == 0 ? d->target / 8 : 0);
		jx_set_str(&d->likelihood, likely[i % 3]);
	}
	return s;
}

void bench_monitoring(const jx_templates *set)
{
	enum { RUNS = 3000 };
	static double v[RUNS], c[RUNS];
	const jx_template *self = jx_templates_find(set, "project-self-2020");
	const jx_template *mon = jx_templates_find(set, "project-monitoring-2020");
	jx_sheet *s = self && mon ? monitoring_sheet(self, mon) : NULL;
	jx_scoresheet ss;
	double cp99;
	if (!s) {
		fprintf(stderr, "bench: no monitoring sheet\n");
		return;
	}
	memset(&ss, 0, sizeof ss);
	for (int i = 0; i < RUNS + 50; i++) { /* the first 50 warm up */
		double t0 = now_us(), c0 = cpu_us();
		jx_app_score(mon, s, &ss);
		if (i >= 50) {
			c[i - 50] = cpu_us() - c0;
			v[i - 50] = now_us() - t0;
		}
	}
	cp99 = percentile(c, RUNS, 99);
	if (!ss.grade || strcmp(ss.grade->grade, "红灯") != 0)
		fprintf(stderr, "bench: the monitoring sheet's lights were not computed\n");
	printf("recompute of a monitoring sheet, %zu indicators (%d runs): median %.1f us, p99 %.1f us; CPU time median "
	       "%.1f us, p99 %.1f us (target CPU time p99 <= 200 us) %s\n",
	       s->n_inds, RUNS, percentile(v, RUNS, 50), percentile(v, RUNS, 99), percentile(c, RUNS, 50), cp99,
	       cp99 <= 200 ? "ok" : "over");
	jx_scoresheet_free(&ss);
	jx_sheet_free(s);
}
