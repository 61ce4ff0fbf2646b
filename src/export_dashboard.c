/* The county's dashboard (export --format dashboard): one printable HTML
 * file with inline SVG charts, drawn from the collection view (collect.h).
 * Black and grey only, so that it prints the same on a monochrome printer;
 * A4 landscape; every figure in a cell that never wraps. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "collect.h"
#include "export_collect.h"
#include "export_ops.h"
#include "safefile.h"
#include "stage.h"

int jx_export_is_collect(const char *format)
{
	return format && (!strcmp(format, "summary") || !strcmp(format, "dashboard"));
}

static const char dash_css[] =
	"@page { size: A4 landscape; }\n"
	".charts { display: flex; gap: 8mm; margin: 4pt 0 8pt 0; page-break-inside: avoid; break-inside: avoid; }\n"
	".chart { flex: 1 1 0; min-width: 0; border: 0.5pt solid #000; padding: 4pt; }\n"
	".chart svg { display: block; width: 100%; height: auto; }\n"
	".chart h2, h2 { font-size: 11pt; margin: 0 0 4pt 0; page-break-after: avoid; break-after: avoid; }\n"
	"svg text { font-family: inherit; font-size: 9pt; }\n";

static void pct(char *buf, jx_dec v)
{
	if (v == JX_NONE)
		strcpy(buf, "-");
	else
		jx_fmt_pct(buf, v, 2);
}

/* The grade distribution: one bar per grade, its count above it. */
static void grade_chart(FILE *f, const jx_collect *c)
{
	const int W = 460, H = 230, left = 40, base = 190, top = 20;
	int64_t most = 1;
	int slot = (W - left - 10) / JX_CG_N;
	for (int g = 0; g < JX_CG_N; g++)
		most = c->all.grades[g] > most ? c->all.grades[g] : most;
	fprintf(f, "<svg class=\"grades\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
		W, H, W, H, L("等级分布", "grade distribution"));
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n", left, base, W - 10, base);
	for (int g = 0; g < JX_CG_N; g++) {
		int64_t n = c->all.grades[g];
		int h = (int)((double)n / (double)most * (base - top - 14));
		int x = left + g * slot + slot / 5;
		fprintf(f, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#000\"/>\n", x,
			base - h, slot * 3 / 5, h, g % 2 ? "#bbb" : "#555");
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%lld</text>\n", x + slot * 3 / 10, base - h - 4,
			(long long)n);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x + slot * 3 / 10, base + 16);
		jx_html_escape(f, jx_collect_grade_label((jx_collect_grade)g), 0);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
}

/* Execution rate (x, 0–120%) against the total (y, 0–100): one point per
 * sheet that has both; a rate beyond 120% is drawn at the edge. */
static void scatter_chart(FILE *f, const jx_collect *c)
{
	const int W = 460, H = 230, left = 44, right = 12, top = 10, bottom = 36;
	const double pw = W - left - right, ph = H - top - bottom;
	fprintf(f, "<svg class=\"scatter\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
		W, H, W, H, L("执行率与总分", "execution rate against total"));
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#000\"/>\n", left, top,
		pw, ph);
	for (int k = 0; k <= 6; k++) {
		double x = left + pw * k / 6;
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d%%</text>\n", x, H - bottom + 14, k * 20);
	}
	for (int k = 0; k <= 5; k++) {
		double y = top + ph - ph * k / 5;
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n", left - 4, y + 3, k * 20);
	}
	fprintf(f, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", left + pw / 2, H - 4,
		L("预算执行率", "budget execution rate"));
	fprintf(f, "<text x=\"12\" y=\"%.0f\" text-anchor=\"middle\" transform=\"rotate(-90 12 %.0f)\">%s</text>\n",
		top + ph / 2, top + ph / 2, L("总分", "total"));
	fputs("<g fill=\"#000\" fill-opacity=\"0.45\">\n", f);
	for (size_t i = 0; i < c->n_rows; i++) {
		const jx_collect_row *r = &c->rows[i];
		double x, y;
		if (r->exec_rate == JX_NONE || r->total == JX_NONE)
			continue;
		x = (double)r->exec_rate / JX_SCALE / 1.2;
		y = (double)r->total / JX_SCALE / 100;
		x = x < 0 ? 0 : x > 1 ? 1 : x;
		y = y < 0 ? 0 : y > 1 ? 1 : y;
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>\n", left + pw * x, top + ph - ph * y);
	}
	fputs("</g>\n</svg>\n", f);
}

static void key_figures(FILE *f, const jx_collect *c)
{
	char r[32], t[32];
	pct(r, jx_collect_mean_rate(&c->all));
	if (jx_collect_mean_total(&c->all) == JX_NONE)
		strcpy(t, "-");
	else
		jx_fmt(t, jx_collect_mean_total(&c->all), 2);
	fprintf(f, "<table class=\"keys\"><thead><tr><th>%s</th>", L("评价表", "sheets"));
	for (size_t i = 0; i < c->all.n_status; i++) {
		fputs("<th>", f);
		jx_html_escape(f, jx_collect_status_label(c->all.status[i].status), 0);
		fputs("</th>", f);
	}
	fprintf(f, "<th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody><tr><td class=\"number n\">%zu</td>",
		L("平均执行率", "mean execution rate"), L("平均总分", "mean total"), L("问题", "findings"), c->n_rows);
	for (size_t i = 0; i < c->all.n_status; i++)
		fprintf(f, "<td class=\"number n\">%lld</td>", (long long)c->all.status[i].n);
	fprintf(f, "<td class=\"number n\">%s</td><td class=\"number n\">%s</td><td class=\"number n\">%lld</td></tr></tbody></table>\n",
		r, t, (long long)c->all.findings);
}

static void groups_table(FILE *f, const jx_collect *c)
{
	fprintf(f, "<h2>%s%s</h2>\n<table class=\"groups\"><thead><tr><th>%s</th><th>", L("按", "By "),
		jx_collect_by_label(c->by), L("年度", "year"));
	jx_html_escape(f, jx_collect_by_label(c->by), 0);
	fprintf(f, "</th><th>%s</th>", L("表数", "sheets"));
	for (size_t i = 0; i < c->all.n_status; i++) {
		fputs("<th>", f);
		jx_html_escape(f, jx_collect_status_label(c->all.status[i].status), 0);
		fputs("</th>", f);
	}
	for (int g = 0; g < JX_CG_N; g++)
		fprintf(f, "<th>%s</th>", jx_collect_grade_label((jx_collect_grade)g));
	fprintf(f, "<th>%s</th><th>%s</th></tr></thead>\n<tbody>\n", L("平均执行率", "mean execution rate"),
		L("问题", "findings"));
	for (size_t k = 0; k < c->n_groups; k++) {
		const jx_collect_group *g = &c->groups[k];
		char r[32];
		pct(r, jx_collect_mean_rate(&g->st));
		fprintf(f, "<tr><td class=\"center n\">%d</td><td>", g->year);
		jx_html_escape(f, jx_collect_key_label(c, g), 0);
		fprintf(f, "</td><td class=\"number n\">%lld</td>", (long long)g->st.n);
		for (size_t i = 0; i < c->all.n_status; i++)
			fprintf(f, "<td class=\"number n\">%lld</td>",
				(long long)jx_collect_status_count(&g->st, c->all.status[i].status));
		for (int b = 0; b < JX_CG_N; b++)
			fprintf(f, "<td class=\"number n\">%lld</td>", (long long)g->st.grades[b]);
		fprintf(f, "<td class=\"number n\">%s</td><td class=\"number n\">%lld</td></tr>\n", r,
			(long long)g->st.findings);
	}
	fputs("</tbody></table>\n", f);
}

static void gaps_table(FILE *f, const jx_collect *c)
{
	if (!c->n_roster) {
		fprintf(f, "<p class=\"note\">%s</p>\n",
			L("未导入单位名单，无从列出未报送的单位。", "No roster imported: units that have not submitted cannot be listed."));
		return;
	}
	if (!c->gap_year)
		return;
	fprintf(f, "<h2>%d%s%zu%s%zu%s</h2>\n", c->gap_year, L(" 年未报送的单位：", ": units that have not submitted: "),
		c->n_gaps, L(" 个（名单共 ", " (of "), c->n_roster, L(" 个）", " on the roster)"));
	if (!c->n_gaps)
		return;
	fprintf(f, "<table class=\"gaps\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		L("实施单位", "unit"), L("主管部门", "department"), L("情况", "state"));
	for (size_t i = 0; i < c->n_gaps; i++) {
		fputs("<tr><td>", f);
		jx_html_escape(f, c->gaps[i].who->unit, 0);
		fputs("</td><td>", f);
		jx_html_escape(f, c->gaps[i].who->department, 0);
		if (c->gaps[i].drafts)
			fprintf(f, "</td><td class=\"n\">%s%lld%s</td></tr>\n", L("只有草稿 ", "only drafts: "),
				(long long)c->gaps[i].drafts, L(" 张", ""));
		else
			fprintf(f, "</td><td class=\"n\">%s</td></tr>\n", L("没有评价表", "no sheet"));
	}
	fputs("</tbody></table>\n", f);
}

static void dashboard(FILE *f, const jx_collect *c)
{
	char title[200];
	if (c->year)
		snprintf(title, sizeof title, L("%d 年预算绩效评价汇总", "Performance evaluation collection, %d"), c->year);
	else
		snprintf(title, sizeof title, "%s", L("预算绩效评价汇总", "Performance evaluation collection"));
	jx_html_head(f, title, "", dash_css);
	fputs("<h1 class=\"title\">", f);
	jx_html_escape(f, title, 0);
	fprintf(f, "</h1>\n<p class=\"subtitle\">%s%s%s%zu%s</p>\n", L("按", "by "), jx_collect_by_label(c->by),
		L("分组，共 ", ", "), c->n_rows, L(" 张评价表", " sheets"));
	key_figures(f, c);
	fprintf(f, "<div class=\"charts\"><div class=\"chart\"><h2>%s</h2>\n", L("等级分布", "Grade distribution"));
	grade_chart(f, c);
	fprintf(f, "</div><div class=\"chart\"><h2>%s</h2>\n", L("执行率与总分", "Execution rate against total"));
	scatter_chart(f, c);
	fputs("</div></div>\n", f);
	if (c->unscored)
		fprintf(f, "<p class=\"note\">%s%zu%s</p>\n", L("另有 ", ""), c->unscored,
			L(" 张评价表尚未计分，其总分、等级和执行率未计入。",
			  " sheets are not scored yet: their totals, grades and execution rates are not counted."));
	groups_table(f, c);
	gaps_table(f, c);
	fputs("</body>\n</html>\n", f);
}

int jx_export_dashboard(const jx_collect *c, const char *path, int force, jx_err *err)
{
	jx_safefile sf;
	if (!strcmp(path, "-")) {
		dashboard(stdout, c);
		if (fflush(stdout) != 0) {
			jx_safefile_write_error(err, path, errno);
			return -1;
		}
		return 0;
	}
	if (jx_safefile_open(&sf, path, force, err) < 0)
		return -1;
	dashboard(sf.f, c);
	return jx_safefile_commit(&sf, err);
}
