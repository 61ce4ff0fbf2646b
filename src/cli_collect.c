/* The collection view on the command line: jixiao collect (the county's
 * sheets grouped and counted, with bars), jixiao roster (the units expected
 * to submit), and export --format summary|dashboard (collect.h,
 * export_collect.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_int.h"
#include "collect.h"
#include "export_collect.h"
#include "textwidth.h"

/* Bars in block characters, or '#' where the terminal's character set is
 * a legacy one (GB18030 over PuTTY, where ▉ may take two columns or none):
 * JIXIAO_ASCII decides as it does for the workstation's boxes, else the
 * character set the environment's locale names (LC_ALL, LC_CTYPE, LANG),
 * anything but UTF-8 meaning ASCII. */
static int ascii_bars(void)
{
	const char *a = getenv("JIXIAO_ASCII"), *loc = NULL, *dot;
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	if (a && *a)
		return strcmp(a, "0") != 0;
	for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !(loc && *loc); i++)
		loc = getenv(vars[i]);
	dot = loc ? strchr(loc, '.') : NULL;
	if (!dot)
		return 0;
	dot++;
	return strncasecmp(dot, "UTF-8", 5) != 0 && strncasecmp(dot, "utf8", 4) != 0;
}

/* text padded with blanks to width columns (cut to fit), left or right. */
static void put_pad(const char *text, int width, int right)
{
	int used = 0;
	size_t n = jx_text_fit(text, width, &used);
	if (right)
		printf("%*s", width - used, "");
	fwrite(text, 1, n, stdout);
	if (!right)
		printf("%*s", width - used, "");
}

static void put_num(int64_t v, int width)
{
	char b[32];
	snprintf(b, sizeof b, "%lld", (long long)v);
	put_pad(b, width, 1);
}

static void rate_text(char *buf, size_t len, jx_dec rate)
{
	if (rate == JX_NONE)
		snprintf(buf, len, "-");
	else
		jx_fmt_pct(buf, rate, 2);
}

enum { BAR_W = 10, GRADE_BAR_W = 30 };

/* The whole county (or year): statuses, grade distribution with bars,
 * means. */
static void print_overall(const jx_collect *c, int ascii)
{
	char bar[GRADE_BAR_W * 3 + 8], r[32], t[32];
	int64_t most = 0;
	if (c->year)
		cli_out("汇总：%d 年，按%s分组，共 %zu 张评价表\n", "Collection: %d, by %s, %zu sheets\n", c->year,
			jx_collect_by_label(c->by), c->n_rows);
	else
		cli_out("汇总：各年度，按%s分组，共 %zu 张评价表\n", "Collection: every year, by %s, %zu sheets\n",
			jx_collect_by_label(c->by), c->n_rows);
	fputs(L("状态：", "Status: "), stdout);
	for (size_t i = 0; i < c->all.n_status; i++)
		printf("%s%s %lld", i ? L("　", "  ") : "", jx_collect_status_label(c->all.status[i].status),
		       (long long)c->all.status[i].n);
	fputs(c->all.n_status ? "\n" : L("（无）\n", "(none)\n"), stdout);
	cli_out("等级分布：\n", "Grades:\n");
	for (int g = 0; g < JX_CG_N; g++)
		most = c->all.grades[g] > most ? c->all.grades[g] : most;
	for (int g = 0; g < JX_CG_N; g++) {
		fputs("  ", stdout);
		put_pad(jx_collect_grade_label((jx_collect_grade)g), 10, 0);
		put_num(c->all.grades[g], 5);
		printf("  %s\n", jx_collect_bar(bar, sizeof bar, (double)c->all.grades[g], (double)most, GRADE_BAR_W, ascii));
	}
	rate_text(r, sizeof r, jx_collect_mean_rate(&c->all));
	if (jx_collect_mean_total(&c->all) == JX_NONE)
		snprintf(t, sizeof t, "-");
	else
		jx_fmt(t, jx_collect_mean_total(&c->all), 2);
	cli_out("平均执行率 %s（%lld 张）　平均总分 %s（%lld 张）　问题 %lld 条\n",
		"mean execution rate %s (%lld sheets)  mean total %s (%lld sheets)  findings %lld\n", r,
		(long long)c->all.n_rate, t, (long long)c->all.n_total, (long long)c->all.findings);
}

/* The heading of the groups' table: key, sheets, each status met, the
 * grades, the mean execution rate with its bar, findings. */
static void print_heading(const jx_collect *c, int keyw)
{
	fputs("  ", stdout);
	put_pad(jx_collect_by_label(c->by), keyw, 0);
	put_pad(L("表数", "sheets"), 7, 1);
	for (size_t i = 0; i < c->all.n_status; i++)
		put_pad(jx_collect_status_label(c->all.status[i].status), 11, 1);
	for (int g = 0; g < JX_CG_N; g++)
		put_pad(jx_collect_grade_label((jx_collect_grade)g), g >= JX_CG_INCOMPLETE ? 11 : 7, 1);
	fputs("  ", stdout);
	put_pad(L("平均执行率", "mean exec. rate"), 8 + 1 + BAR_W, 0);
	put_pad(L("问题", "findings"), 9, 1);
	fputc('\n', stdout);
}

static void print_group(const jx_collect *c, const jx_collect_group *g, int keyw, int ascii)
{
	char r[32], bar[BAR_W * 3 + 8];
	jx_dec mean = jx_collect_mean_rate(&g->st);
	fputs("  ", stdout);
	put_pad(jx_collect_key_label(c, g), keyw, 0);
	put_num(g->st.n, 7);
	for (size_t i = 0; i < c->all.n_status; i++)
		put_num(jx_collect_status_count(&g->st, c->all.status[i].status), 11);
	for (int k = 0; k < JX_CG_N; k++)
		put_num(g->st.grades[k], k >= JX_CG_INCOMPLETE ? 11 : 7);
	rate_text(r, sizeof r, mean);
	fputs("  ", stdout);
	put_pad(r, 8, 1);
	fputc(' ', stdout);
	put_pad(mean == JX_NONE ? "" : jx_collect_bar(bar, sizeof bar, (double)mean, (double)JX_SCALE, BAR_W, ascii),
		BAR_W, 0);
	put_num(g->st.findings, 9);
	fputc('\n', stdout);
}

static void print_gaps(const jx_collect *c)
{
	if (!c->n_roster) {
		cli_out("\n未导入单位名单，无从列出未报送的单位（jixiao roster import 文件）\n",
			"\nNo roster imported: units that have not submitted cannot be listed (jixiao roster import FILE)\n");
		return;
	}
	if (!c->gap_year)
		return;
	cli_out("\n%d 年未报送的单位：%zu 个（名单共 %zu 个）\n", "\nNot submitted for %d: %zu units (%zu on the roster)\n",
		c->gap_year, c->n_gaps, c->n_roster);
	for (size_t i = 0; i < c->n_gaps; i++) {
		const jx_collect_gap *g = &c->gaps[i];
		printf("  %s", g->who->unit);
		if (g->who->department)
			printf(L("（%s）", " (%s)"), g->who->department);
		if (g->drafts)
			cli_out("　只有草稿 %lld 张\n", "  only drafts: %lld\n", (long long)g->drafts);
		else
			cli_out("　没有评价表\n", "  no sheet\n");
	}
}

static void print_view(const jx_collect *c)
{
	int ascii = ascii_bars(), keyw = jx_text_width(jx_collect_by_label(c->by));
	for (size_t i = 0; i < c->n_groups; i++) {
		int w = jx_text_width(jx_collect_key_label(c, &c->groups[i]));
		keyw = w > keyw ? w : keyw;
	}
	keyw = keyw > 40 ? 40 : keyw;
	print_overall(c, ascii);
	for (size_t i = 0; i < c->n_groups; i++) {
		if (i == 0 || c->groups[i].year != c->groups[i - 1].year) {
			cli_out("\n%d 年\n", "\n%d\n", c->groups[i].year);
			print_heading(c, keyw);
		}
		print_group(c, &c->groups[i], keyw, ascii);
	}
	print_gaps(c);
	if (c->unscored)
		cli_out("\n另有 %zu 张评价表尚未计分（数据库只读，或模板未知），其总分、等级和执行率未计入\n",
			"\n%zu sheets are not scored yet (the database is read-only, or their template is unknown): "
			"their totals, grades and execution rates are not counted\n",
			c->unscored);
}

/* The view as the options ask: --year, --by.  0 or an exit code. */
static int read_view(cli_t *c, jx_store **st, jx_collect *v)
{
	jx_collect_by by = JX_COLLECT_UNIT;
	jx_err err = {{0}};
	int rc;
	if (c->by_arg && jx_collect_by_parse(c->by_arg, &by) < 0) {
		cli_err("--by 应为 unit、department 或 stage: %s", "--by must be unit, department or stage: %s",
			c->by_arg);
		return JX_EXIT_USAGE;
	}
	if ((rc = cli_open_db(c, JX_APP_OPEN_WRITE, st)))
		return rc;
	/* the templates (a tenth of the view's time) only when a sheet is to
	 * be scored: its summary missing or stale */
	if (jx_collect_read(*st, NULL, by, c->year, v, &err) < 0 ||
	    (v->unscored && !jx_store_is_readonly(*st) && cli_need_templates(c) == 0 &&
	     jx_collect_rescore(*st, &c->tpl, v, &err) < 0)) {
		cli_jx(&err);
		jx_collect_free(v);
		jx_store_close(*st);
		*st = NULL;
		return JX_EXIT_DB;
	}
	if (v->scored)
		cli_err("已为 %zu 张评价表计分并保存其摘要", "scored %zu sheets and kept their summaries", v->scored);
	return 0;
}

int cmd_collect(cli_t *c)
{
	jx_store *st = NULL;
	jx_collect v;
	int rc = read_view(c, &st, &v);
	if (rc)
		return rc;
	print_view(&v);
	jx_collect_free(&v);
	jx_store_close(st);
	return 0;
}

/* export --format summary|dashboard: from the collection view, not the
 * per-sheet driver (export.c), which scores every sheet it writes and holds
 * one at a time: these exports need every sheet's figures at once and none
 * of their forms, and read them from the summaries in one query. */
int cli_export_collect(cli_t *c)
{
	jx_store *st = NULL;
	jx_collect v;
	jx_err err = {{0}};
	int dashboard = strcmp(c->format, "dashboard") == 0;
	int rc;
	if (c->npos) {
		cli_err("--format %s 汇总全部评价表（可加 --year），不接受编号",
			"--format %s sums up every sheet (or a --year), not IDs", c->format);
		return JX_EXIT_USAGE;
	}
	if (!dashboard && strcmp(c->output, "-") == 0) {
		cli_err("xlsx 不能写到标准输出，请用 -o 指定文件名", "xlsx cannot be written to standard output; name a file with -o");
		return JX_EXIT_USAGE;
	}
	if ((rc = read_view(c, &st, &v)))
		return rc;
	if ((dashboard ? jx_export_dashboard(&v, c->output, c->force, &err)
		       : jx_export_summary_xlsx(&v, c->output, c->force, &err)) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_INPUT;
	} else if (strcmp(c->output, "-") != 0)
		cli_out("已导出 %zu 张评价表的汇总到 %s\n", "exported the collection of %zu sheets to %s\n", v.n_rows,
			c->output);
	jx_collect_free(&v);
	jx_store_close(st);
	return rc;
}

/* ---- roster ----------------------------------------------------------------- */

static int roster_import(cli_t *c, const char *path)
{
	jx_roster_entry *v = NULL;
	size_t n = 0, n_msgs = 0;
	char **msgs = NULL;
	jx_err err = {{0}};
	jx_store *st = NULL;
	int rc = 0;
	if (jx_roster_read(path, &v, &n, &msgs, &n_msgs, &err) < 0) {
		for (size_t i = 0; i < n_msgs; i++) {
			fprintf(stderr, "%s\n", msgs[i]);
			free(msgs[i]);
		}
		free(msgs);
		cli_jx(&err);
		return JX_EXIT_INPUT;
	}
	if ((rc = cli_open_db(c, JX_APP_OPEN_WRITE, &st)) == 0) {
		if (jx_store_roster_replace(st, v, n, &err) < 0) {
			cli_jx(&err);
			rc = JX_EXIT_DB;
		} else
			cli_out("已导入单位名单：%zu 个单位\n", "roster imported: %zu units\n", n);
		jx_store_close(st);
	}
	jx_roster_free(v, n);
	return rc;
}

static int roster_list(cli_t *c)
{
	jx_roster_entry *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	jx_store *st = NULL;
	int rc = cli_open_db(c, JX_APP_OPEN_READ, &st);
	if (rc)
		return rc;
	if (jx_store_roster(st, &v, &n, &err) < 0) {
		cli_jx(&err);
		jx_store_close(st);
		return JX_EXIT_DB;
	}
	if (!n)
		cli_err("未导入单位名单（jixiao roster import 文件）", "no roster imported (jixiao roster import FILE)");
	for (size_t i = 0; i < n; i++)
		printf("%zu\t%s\t%s\n", i + 1, v[i].unit, jx_nz(v[i].department));
	jx_roster_free(v, n);
	jx_store_close(st);
	return 0;
}

int cmd_roster(cli_t *c)
{
	if (!strcmp(c->pos[0], "import") && c->npos == 2)
		return roster_import(c, c->pos[1]);
	if (!strcmp(c->pos[0], "list") && c->npos == 1)
		return roster_list(c);
	cli_err("用法：jixiao roster import 文件 | jixiao roster list", "usage: jixiao roster import FILE | jixiao roster list");
	return JX_EXIT_USAGE;
}
