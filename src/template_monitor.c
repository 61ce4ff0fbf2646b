/* The `monitoring` block of a template (template.h jx_monitor_rules): how
 * 序时进度 is reckoned and the edges of the traffic lights, each edge with
 * its inequality written out (`over: 10` is gap > 10, `at_or_over: 10` is
 * gap >= 10), as the form's own rules say it.  Format:
 * share/templates/README.md. */
#include <string.h>

#include "num.h"
#include "template_int.h"

/* One light edge: {over: N} or {at_or_over: N}, N in percentage points. */
static int parse_edge(loader *ld, const yd_node *lights, const char *colour, jx_light_edge *e)
{
	static const char *const keys[] = {"over", "at_or_over", NULL};
	const yd_node *m;
	int has_over, has_at;
	e->edge = JX_NONE;
	e->inclusive = 0;
	if (tpl_get_map(ld, lights, colour, &m) < 0)
		return -1;
	if (!m)
		return 0;
	if (yd_expect_keys(ld->doc, m, colour, keys, ld->err) < 0)
		return -1;
	has_over = yd_get(m, "over") != NULL;
	has_at = yd_get(m, "at_or_over") != NULL;
	if (has_over == has_at) {
		failf(ld, m, "灯的界限须写明 over（差距大于）或 at_or_over（差距不小于）之一",
		      "a light's edge needs exactly one of over (gap > x) or at_or_over (gap >= x)");
		return -1;
	}
	e->inclusive = has_at;
	return tpl_get_points(ld, m, has_at ? "at_or_over" : "over", 1, 0, &e->edge);
}

/* yellow and red of one kind of light; red must not show before yellow. */
static int parse_lights(loader *ld, const yd_node *mon, const char *field, jx_light_edge *yellow, jx_light_edge *red)
{
	static const char *const keys[] = {"yellow", "red", NULL};
	const yd_node *m;
	if (tpl_get_map(ld, mon, field, &m) < 0)
		return -1;
	yellow->edge = red->edge = JX_NONE;
	if (!m)
		return 0;
	if (yd_expect_keys(ld->doc, m, field, keys, ld->err) < 0 || parse_edge(ld, m, "yellow", yellow) < 0 ||
	    parse_edge(ld, m, "red", red) < 0)
		return -1;
	if (yellow->edge != JX_NONE && red->edge != JX_NONE && red->edge < yellow->edge) {
		failf(ld, m, "红灯的界限不能低于黄灯的界限", "the red edge cannot be below the yellow edge");
		return -1;
	}
	return 0;
}

static int parse_table(loader *ld, const yd_node *mon, jx_monitor_rules *r)
{
	const yd_node *seq;
	if (tpl_get_seq(ld, mon, "schedule_table", &seq) < 0)
		return -1;
	if (r->schedule != JX_SCHED_TABLE) {
		if (seq)
			failf(ld, seq, "schedule_table 只用于 schedule: table", "schedule_table goes with schedule: table only");
		return seq ? -1 : 0;
	}
	if (!seq || seq->n != 12) {
		failf(ld, seq ? seq : mon, "schedule: table 须有 schedule_table：1–12 月各月末的序时进度（%%），共 12 个",
		      "schedule: table needs schedule_table: 序时进度 (%%) at the end of months 1-12, twelve numbers");
		return -1;
	}
	for (size_t i = 0; i < 12; i++) {
		const yd_node *it = seq->items[i];
		jx_dec v;
		if (yd_dec(ld->doc, it, JX_NUM_NONNEG, &v, ld->err) < 0)
			return -1;
		if (v < 0 || v > JX_INT(100) || (i > 0 && v < r->table[i - 1])) {
			failf(ld, it, "序时进度须在 0–100 之间，且逐月不减", "序时进度 must lie in 0-100 and never fall from month to month");
			return -1;
		}
		r->table[i] = v;
	}
	return 0;
}

int tpl_parse_monitoring(loader *ld, const yd_node *root, jx_monitor_rules *r)
{
	static const char *const keys[] = {"schedule", "schedule_table", "fund_lights", "indicator_lights", NULL};
	static const char *const schedules[] = {"months", "days", "table", NULL};
	const yd_node *mon;
	int v;
	memset(r, 0, sizeof *r);
	r->fund_yellow.edge = r->fund_red.edge = r->ind_yellow.edge = r->ind_red.edge = JX_NONE;
	if (tpl_get_map(ld, root, "monitoring", &mon) < 0)
		return -1;
	if (!mon)
		return 0;
	if (yd_expect_keys(ld->doc, mon, "monitoring", keys, ld->err) < 0 ||
	    tpl_get_enum(ld, mon, "schedule", schedules, 0, JX_SCHED_MONTHS, "序时进度算法", "schedule", &v) < 0)
		return -1;
	r->on = 1;
	r->schedule = (jx_schedule_kind)v;
	if (parse_table(ld, mon, r) < 0 || parse_lights(ld, mon, "fund_lights", &r->fund_yellow, &r->fund_red) < 0 ||
	    parse_lights(ld, mon, "indicator_lights", &r->ind_yellow, &r->ind_red) < 0)
		return -1;
	return 0;
}
