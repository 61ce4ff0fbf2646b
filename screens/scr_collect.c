/* The collection view (汇总) in the workstation: Z opens it over the
 * current screen — the county's sheets of each year by unit, with counts
 * by status, the grade distribution in bars, execution rates, findings and
 * the roster's gaps — in the scrolling text box (Esc back).  Three lines
 * per unit, each within 72 columns, so that it reads at 80x24; bars of
 * block characters, or '#' where the boxes are ASCII; no colour needed.
 * The figures come from the core's model (src/collect.h). */
#include <stdio.h>
#include <string.h>

#include "collect.h"
#include "textwidth.h"
#include "ws.h"

enum { BAR_W = 20, KEY_W = 50 };

/* text, then blanks up to width columns (cut to fit). */
static void add_padded(ui_buf *b, const char *text, int width)
{
	int used = 0;
	size_t n = jx_text_fit(text, width, &used);
	char part[512];
	snprintf(part, sizeof part, "%.*s", (int)(n < sizeof part ? n : sizeof part - 1), text);
	ui_buf_printf(b, "%s%*s", part, width - used, "");
}

static void add_rate(ui_buf *b, jx_dec rate, int ascii)
{
	char r[32], bar[BAR_W * 3 + 8];
	if (rate == JX_NONE) {
		ui_buf_add(b, L("执行率 -", "exec. rate -"));
		return;
	}
	jx_fmt_pct(r, rate, 2);
	ui_buf_printf(b, L("执行率 %7s ", "exec. rate %7s "), r);
	add_padded(b, jx_collect_bar(bar, sizeof bar, (double)rate, (double)JX_SCALE, BAR_W / 2, ascii), BAR_W / 2);
}

static void add_overall(ui_buf *b, const jx_collect *c, int ascii)
{
	char bar[BAR_W * 2 * 3 + 8], t[32];
	int64_t most = 0;
	ui_buf_printf(b, L("共 %zu 张评价表，按实施单位分组", "%zu sheets, by unit"), c->n_rows);
	for (size_t i = 0; i < c->all.n_status; i++)
		ui_buf_printf(b, "%s%s %lld", i ? " " : L("；", "; "), jx_collect_status_label(c->all.status[i].status),
			      (long long)c->all.status[i].n);
	ui_buf_add(b, L("\n\n等级分布\n", "\n\nGrades\n"));
	for (int g = 0; g < JX_CG_N; g++)
		most = c->all.grades[g] > most ? c->all.grades[g] : most;
	for (int g = 0; g < JX_CG_N; g++) {
		ui_buf_add(b, "  ");
		add_padded(b, jx_collect_grade_label((jx_collect_grade)g), 12);
		ui_buf_printf(b, "%6lld  %s\n", (long long)c->all.grades[g],
			      jx_collect_bar(bar, sizeof bar, (double)c->all.grades[g], (double)most, BAR_W * 2, ascii));
	}
	ui_buf_add(b, "\n");
	add_rate(b, jx_collect_mean_rate(&c->all), ascii);
	if (jx_collect_mean_total(&c->all) == JX_NONE)
		strcpy(t, "-");
	else
		jx_fmt(t, jx_collect_mean_total(&c->all), 2);
	ui_buf_printf(b, L("（平均）\n平均总分 %s　问题 %lld 条\n", " (mean)\nmean total %s  findings %lld\n"), t,
		      (long long)c->all.findings);
}

/* A unit: its name and count; its statuses and the grades it has; its
 * mean execution rate and findings. */
static void add_group(ui_buf *b, const jx_collect *c, const jx_collect_group *g, int ascii)
{
	char n[32];
	ui_buf_add(b, "\n");
	add_padded(b, jx_collect_key_label(c, g), KEY_W);
	snprintf(n, sizeof n, L("%lld 张", "%lld sheets"), (long long)g->st.n);
	ui_buf_printf(b, " %s\n  ", n);
	for (size_t i = 0; i < g->st.n_status; i++)
		ui_buf_printf(b, "%s %lld  ", jx_collect_status_label(g->st.status[i].status), (long long)g->st.status[i].n);
	ui_buf_add(b, "|");
	for (int k = 0; k < JX_CG_N; k++)
		if (g->st.grades[k])
			ui_buf_printf(b, "  %s %lld", jx_collect_grade_label((jx_collect_grade)k), (long long)g->st.grades[k]);
	ui_buf_add(b, "\n  ");
	add_rate(b, jx_collect_mean_rate(&g->st), ascii);
	ui_buf_printf(b, L("   问题 %lld\n", "   findings %lld\n"), (long long)g->st.findings);
}

static void add_gaps(ui_buf *b, const jx_collect *c)
{
	if (!c->n_roster) {
		ui_buf_add(b, L("\n未导入单位名单：在命令行用 jixiao roster import 文件 导入后，这里列出未报送的单位。\n",
				"\nNo roster imported: after jixiao roster import FILE on the command line, the units that have "
				"not submitted are listed here.\n"));
		return;
	}
	if (!c->gap_year)
		return;
	ui_buf_printf(b, L("\n== %d 年未报送的单位：%zu 个（名单共 %zu 个）==\n", "\n== Not submitted for %d: %zu (of %zu) ==\n"),
		      c->gap_year, c->n_gaps, c->n_roster);
	for (size_t i = 0; i < c->n_gaps; i++)
		ui_buf_printf(b, c->gaps[i].drafts ? L("  %s　只有草稿 %lld 张\n", "  %s  only drafts: %lld\n")
						   : L("  %s　没有评价表\n", "  %s  no sheet\n"),
			      c->gaps[i].who->unit, (long long)c->gaps[i].drafts);
}

void ws_show_collect(ws *w)
{
	jx_collect c;
	jx_err err = {{0}};
	ui_buf b = {0};
	int ascii = ui_ascii_boxes();
	/* sheets never scored get their summary now, as the list does */
	if (jx_collect_read(w->s.st, &w->s.tpl, JX_COLLECT_UNIT, 0, &c, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return;
	}
	add_overall(&b, &c, ascii);
	for (size_t i = 0; i < c.n_groups; i++) {
		if (i == 0 || c.groups[i].year != c.groups[i - 1].year)
			ui_buf_printf(&b, L("\n== %d 年 ==\n", "\n== %d ==\n"), c.groups[i].year);
		add_group(&b, &c, &c.groups[i], ascii);
	}
	add_gaps(&b, &c);
	if (c.unscored)
		ui_buf_printf(&b, L("\n另有 %zu 张评价表尚未计分，未计入。\n", "\n%zu sheets not scored yet are not counted.\n"),
			      c.unscored);
	jx_collect_free(&c);
	ui_show_text(L("汇总", "Collection view"), b.s ? b.s : "");
	ui_buf_free(&b);
}
