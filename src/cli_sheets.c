/* The commands that show sheets and what the command line knows about them:
 * list, show, score, check, templates, history.  Columns are aligned by
 * display width (textwidth.h) so that Chinese text lines up in a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checks.h"
#include "cli_int.h"
#include "stage.h"
#include "dec.h"
#include "engine.h"
#include "field.h"
#include "fundtotal.h"
#include "resize.h"
#include "sheetio.h"
#include "textwidth.h"

/* ---------------------------------------------------------------------------
 * Display width: columns are aligned with the shared display-width module
 * (textwidth.h) so that Chinese text lines up in a terminal.
 */

/* Print s padded with blanks to `width` columns; text wider than width is cut
 * at a character boundary and ends in "..". right: align right. */
static void put_cell(FILE *f, const char *s, int width, int right)
{
	int w;
	if (!s)
		s = "";
	w = jx_text_width(s);
	if (w > width) {
		int used = 0;
		size_t len = width >= 2 ? jx_text_fit(s, width - 2, &used) : 0;
		fwrite(s, 1, len, f);
		if (width >= 2) {
			fputs("..", f);
			used += 2;
		}
		for (; used < width; used++)
			fputc(' ', f);
		return;
	}
	if (right)
		for (int i = w; i < width; i++)
			fputc(' ', f);
	fputs(s, f);
	if (!right)
		for (int i = w; i < width; i++)
			fputc(' ', f);
}

/* A line of a table: the cells two blanks apart, each padded to its width
 * (a negative width: aligned right), then `last` as it is (NULL: none). */
void put_cells(int n, const char *const *cells, const int *width, const char *last)
{
	for (int i = 0; i < n; i++) {
		if (i)
			fputs("  ", stdout);
		put_cell(stdout, cells[i], width[i] < 0 ? -width[i] : width[i], width[i] < 0);
	}
	if (last) {
		fputs("  ", stdout);
		fputs(last, stdout);
	}
	fputc('\n', stdout);
}

/* ---------------------------------------------------------------------------
 * Formatting numbers
 */

/* A number as typed back ("95", "2.5"); "" when not entered. */
static const char *num(char *buf, jx_dec v)
{
	if (v == JX_NONE) {
		buf[0] = 0;
		return buf;
	}
	return jx_fmt_trim(buf, v);
}

/* A fraction (×JX_SCALE) as a percent with 2 decimals: 0.248485 -> "24.85%". */
static const char *pct(char *buf, jx_dec frac)
{
	if (frac == JX_NONE || frac > JX_DEC_MAX / 100 || frac < -JX_DEC_MAX / 100) {
		strcpy(buf, "-");
		return buf;
	}
	return jx_fmt_pct(buf, frac, 2);
}

/* A score rounded to the template's decimals; "-" when not applicable. */
static const char *score_str(char *buf, jx_dec v, int decimals)
{
	if (v == JX_NONE) {
		strcpy(buf, "-");
		return buf;
	}
	return jx_fmt(buf, v, decimals);
}

/* Replace tabs and line breaks so a value stays in its TSV column. */
static void put_tsv(FILE *f, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/* The line that starts each sheet's rows when several are written as TSV:
 * sheet<TAB>uid<TAB>year<TAB>name. */
static void put_tsv_sheet(const jx_sheet *s)
{
	fputs("sheet\t", stdout);
	put_tsv(stdout, s->uid ? s->uid : "");
	printf("\t%d\t", s->year);
	put_tsv(stdout, sheet_name(s));
	fputc('\n', stdout);
}

static const char *kind_label(jx_template_kind k)
{
	switch (k) {
	case JX_KIND_PROJECT_SELF:
		return L("项目自评", "project self-evaluation");
	case JX_KIND_DEPT_EVAL:
		return L("部门评价", "department evaluation");
	case JX_KIND_DEPT_OVERALL:
		return L("部门整体自评", "whole-department self-evaluation");
	case JX_KIND_EXTERNAL:
		return L("财政/第三方评价", "finance or third-party evaluation");
	case JX_KIND_PROJECT_DECLARATION:
		return L("项目绩效目标申报", "project performance target declaration");
	case JX_KIND_PROJECT_MONITORING:
		return L("项目绩效运行监控", "project performance monitoring");
	}
	return "";
}

/* ---------------------------------------------------------------------------
 * list
 */

/* Keep in v (n summaries) only those at stage g; the rest freed.  The new count. */
static size_t keep_stage(jx_sheet_summary *v, size_t n, int g)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if ((int)jx_stage_of_key(v[i].stage) == g) {
			v[k++] = v[i];
			continue;
		}
		jx_summary_clear(&v[i]);
	}
	return k;
}

int cmd_list(cli_t *c)
{
	jx_store *st;
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	enum { NCOL = 10 };
	static const int cap[NCOL] = {8, 6, 40, 28, 26, 20, 8, 24, 10, 8}; /* grade: 未完成（N 项未填） whole */
	static const int right[NCOL] = {1, 1, 0, 0, 0, 0, 1, 0, 0, 1};
	int width[NCOL], only = -1, light = -1;
	const char *head[NCOL];
	int rc = c->stage_arg ? cli_stage_arg(c->stage_arg, &only) : 0;
	if (!rc && c->light_arg && !(rc = cli_light_arg(c->light_arg, &light)))
		rc = cli_need_templates(c);
	if (rc || (rc = cli_open_db(c, JX_APP_OPEN_READ, &st)))
		return rc;
	if (jx_store_list(st, 0, &v, &n, &err) < 0) {
		cli_jx(&err);
		jx_store_close(st);
		return JX_EXIT_DB;
	}
	head[0] = L("编号", "ID");
	head[1] = L("年度", "year");
	head[2] = L("项目名称", "name");
	head[3] = L("实施单位", "unit");
	head[4] = L("模板", "template");
	head[5] = L("阶段", "stage");
	head[6] = L("总分", "total");
	head[7] = L("等级", "grade");
	head[8] = L("状态", "status");
	head[9] = L("问题", "findings");
	if (only >= 0)
		n = keep_stage(v, n, only);
	if (light >= 0)
		n = cli_keep_light(c, st, v, n, light);
	{
		char (*cells)[NCOL][64] = calloc(n + 1, sizeof *cells);
		const char **txt = calloc((n + 1) * NCOL, sizeof *txt);
		if (!cells || !txt) {
			free(cells);
			free(txt);
			jx_summaries_free(v, n);
			jx_store_close(st);
			cli_err("内存不足", "out of memory");
			return JX_EXIT_DB;
		}
		for (int k = 0; k < NCOL; k++) {
			txt[k] = head[k];
			width[k] = jx_text_width(head[k]);
		}
		for (size_t i = 0; i < n; i++) {
			const char **row = txt + (i + 1) * NCOL;
			snprintf(cells[i][0], 64, "%lld", (long long)v[i].id);
			snprintf(cells[i][1], 64, "%d", v[i].year);
			jx_stage_text(v[i].stage, v[i].stage_month, cells[i][5], 64);
			if (v[i].total == JX_NONE)
				strcpy(cells[i][6], "-");
			else
				jx_fmt(cells[i][6], v[i].total, 2);
			if (v[i].findings < 0)
				strcpy(cells[i][9], "-");
			else
				snprintf(cells[i][9], 64, "%d", v[i].findings);
			row[0] = cells[i][0];
			row[1] = cells[i][1];
			row[2] = v[i].name && *v[i].name ? v[i].name : L("(未命名)", "(unnamed)");
			row[3] = jx_nz(v[i].unit);
			row[4] = jx_nz(v[i].template_id);
			row[5] = cells[i][5];
			row[6] = cells[i][6];
			row[7] = v[i].grade[0] ? jx_grade_cached(v[i].grade, cells[i][7], 64) : "-";
			row[8] = v[i].conflict_of > 0 ? L("冲突", "conflict") : status_label(v[i].status);
			row[9] = cells[i][9];
			for (int k = 0; k < NCOL; k++) {
				int w = jx_text_width(row[k]);
				if (w > width[k])
					width[k] = w;
			}
		}
		for (int k = 0; k < NCOL; k++)
			if (width[k] > cap[k] && cap[k] >= jx_text_width(head[k]))
				width[k] = cap[k];
		for (size_t i = 0; i <= n; i++) {
			for (int k = 0; k < NCOL; k++) {
				if (k)
					fputs("  ", stdout);
				if (k == NCOL - 1 && !right[k])
					fputs(txt[i * NCOL + k], stdout);
				else
					put_cell(stdout, txt[i * NCOL + k], width[k], right[k]);
			}
			fputc('\n', stdout);
		}
		free(cells);
		free(txt);
	}
	jx_summaries_free(v, n);
	jx_store_close(st);
	return 0;
}

/* ---------------------------------------------------------------------------
 * score
 */

static const char *item_name(const jx_score_item *it)
{
	if (it->kind == JX_ITEM_IND && it->ind)
		return it->ind->name && *it->ind->name ? it->ind->name : it->ind->key;
	if (it->kind == JX_ITEM_TOTAL)
		return L("总分", "total");
	return jx_score_label(it);
}

static void flag_text(char *buf, size_t len, int flags)
{
	static const struct {
		int bit;
		const char *zh, *en;
	} names[] = {
		{JX_SF_NA, "不适用", "n/a"},
		{JX_SF_UNMET, "未达成", "unmet"},
		{JX_SF_OVER, "超额", "over target"},
		{JX_SF_CAPPED, "封顶", "capped"},
		{JX_SF_INCOMPLETE, "未填完", "incomplete"},
		{JX_SF_OVERRIDDEN, "改分", "overridden"},
	};
	size_t at = 0;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!(flags & names[i].bit))
			continue;
		at += (size_t)snprintf(buf + at, at < len ? len - at : 0, "%s%s", at ? "," : "[", L(names[i].zh, names[i].en));
		if (at >= len)
			break;
	}
	if (at && at + 2 < len)
		strcat(buf, "]");
}

static void print_sheet_head(const jx_sheet *s, const jx_template *t)
{
	cli_out("%s  %d  %s", "%s  %d  %s", sheet_name(s), s->year, jx_nz(s->info[JX_INFO_UNIT]));
	cli_out("  [%s %s]\n", "  [%s %s]\n", t->id, jx_lang == JX_LANG_EN && t->name_en ? t->name_en : jx_nz(t->name));
}

static void print_score_text(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss, size_t unfilled)
{
	char b1[40], b2[40], b3[40], fl[128];
	int dec = t->rules.decimals;
	int namew = 0;
	print_sheet_head(s, t);
	if (ss->exec_rate != JX_NONE)
		cli_out("执行率 %s\n", "Execution rate %s\n", pct(b1, ss->exec_rate));
	else
		cli_out("执行率 - (资金未填)\n", "Execution rate - (funds not entered)\n");
	if (ss->received_rate != JX_NONE)
		cli_out("到位率 %s\n", "Funds received %s\n", pct(b1, ss->received_rate));
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		int w;
		if (it->kind == JX_ITEM_TOTAL)
			continue;
		w = it->depth * 2 + jx_text_width(item_name(it));
		if (w > namew)
			namew = w;
	}
	if (namew > 44)
		namew = 44;
	if (namew < 8)
		namew = 8;
	/* header */
	{
		const char *head[] = {L("项目", "item"), L("分值", "points"), L("得分", "score"), L("完成率", "rate")};
		const int width[] = {namew, -7, -7, -8};
		put_cells(4, head, width, L("说明", "explanation"));
	}
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		char name[512];
		if (it->kind == JX_ITEM_TOTAL)
			continue;
		snprintf(name, sizeof name, "%*s%s", it->depth * 2, "", item_name(it));
		put_cell(stdout, name, namew, 0);
		fputs("  ", stdout);
		put_cell(stdout, it->points == JX_NONE ? "-" : jx_fmt_trim(b1, it->points), 7, 1);
		fputs("  ", stdout);
		put_cell(stdout, score_str(b2, it->score, dec), 7, 1);
		fputs("  ", stdout);
		put_cell(stdout, it->rate == JX_NONE ? "" : pct(b3, it->rate), 8, 1);
		flag_text(fl, sizeof fl, it->flags);
		fputs("  ", stdout);
		if (fl[0])
			printf("%s ", fl);
		fputs(jx_score_expl(ss, &ss->items[i]), stdout);
		fputc('\n', stdout);
	}
	cli_out("总分 %s / %s", "Total %s / %s", score_str(b1, ss->total, dec),
	    ss->points == JX_NONE ? "-" : jx_fmt_trim(b2, ss->points));
	if (ss->total_raw != ss->total && ss->total_raw != JX_NONE)
		cli_out(" (按执行率封顶，未封顶为 %s)", " (capped by the execution rate; %s before the cap)",
		    jx_fmt(b3, ss->total_raw, dec));
	{
		/* 未完成（N 项未填） while values are unfilled: the total is only what is filled so far */
		char g[JX_GRADE_TEXT_LEN];
		jx_grade_text(ss, unfilled, jx_lang == JX_LANG_EN, g, sizeof g);
		cli_out("  等级 %s\n", "  Grade %s\n", g[0] ? g : "-");
	}
	if (ss->text && ss->text[ss->total_expl])
		printf("  %s\n", ss->text + ss->total_expl);
}

static void print_score_tsv(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss, size_t unfilled,
			    int many)
{
	char b1[40], b2[40], g[JX_GRADE_TEXT_LEN];
	int dec = t->rules.decimals;
	if (many)
		put_tsv_sheet(s);
	for (size_t i = 0; i < ss->n; i++) {
		const jx_score_item *it = &ss->items[i];
		if (it->kind == JX_ITEM_TOTAL)
			continue;
		printf("%s\t%s\t%s\t", it->path, it->points == JX_NONE ? "" : jx_fmt_trim(b1, it->points),
		       it->score == JX_NONE ? "" : jx_fmt(b2, it->score, dec));
		put_tsv(stdout, jx_score_expl(ss, it));
		fputc('\n', stdout);
	}
	printf("total\t%s\t%s\t", ss->points == JX_NONE ? "" : jx_fmt_trim(b1, ss->points),
	       ss->total == JX_NONE ? "" : jx_fmt(b2, ss->total, dec));
	if (ss->text)
		put_tsv(stdout, ss->text + ss->total_expl);
	fputc('\n', stdout);
	printf("grade\t\t");
	/* the grade column in Chinese, as the grades themselves */
	put_tsv(stdout, jx_grade_text(ss, unfilled, 0, g, sizeof g));
	fputc('\t', stdout);
	if (unfilled > 0) {
		printf(L("尚有 %zu 项未填，不评等级（jixiao check 列出各项）", "%zu values unfilled, no grade yet (jixiao check lists them)"),
		       unfilled);
	} else if (ss->grade) {
		printf(L("总分 %s ≥ %s", "total %s >= %s"), jx_fmt(b1, ss->total, dec), jx_fmt_trim(b2, ss->grade->min));
	}
	fputc('\n', stdout);
}

/* A FILE|ID argument: a path when it names an existing file, is "-", or
 * looks like one (contains '/' or ends in .yaml/.yml). */
static int is_file_arg(const char *a)
{
	struct stat sb;
	size_t n = strlen(a);
	if (strcmp(a, "-") == 0 || strchr(a, '/'))
		return 1;
	if (stat(a, &sb) == 0 && !S_ISDIR(sb.st_mode))
		return 1;
	return (n > 5 && strcmp(a + n - 5, ".yaml") == 0) || (n > 4 && strcmp(a + n - 4, ".yml") == 0);
}

/* Sheets named by the arguments of score/check: every sheet of each FILE,
 * the stored sheet of each ID. */
typedef struct {
	jx_sheet **v;     /* owned */
	const char **src; /* file name, or NULL when from the store */
	size_t n, cap;
} sheet_set;

static int sheet_set_add(sheet_set *set, jx_sheet *s, const char *src)
{
	if (set->n == set->cap) {
		size_t nc = set->cap ? set->cap * 2 : 8;
		if (JX_RESIZE(set->v, nc) < 0 || JX_RESIZE(set->src, nc) < 0)
			return -1;
		set->cap = nc;
	}
	set->v[set->n] = s;
	set->src[set->n] = src;
	set->n++;
	return 0;
}

static void sheet_set_free(sheet_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		jx_sheet_free(set->v[i]);
	free(set->v);
	free(set->src);
}

/* Gather the sheets; *st is opened (without creating) when an ID is given, or
 * for check when the database exists (previous year's sheets). */
static int gather(cli_t *c, sheet_set *set, jx_store **st, int want_db)
{
	int rc;
	jx_err err = {{0}};
	*st = NULL;
	memset(set, 0, sizeof *set);
	if ((rc = cli_need_templates(c)))
		return rc;
	for (int i = 0; i < c->npos; i++) {
		const char *a = c->pos[i];
		if (is_file_arg(a)) {
			jx_sheet **v = NULL;
			size_t n = 0;
			if (jx_sheets_read(a, &c->tpl, &v, &n, &err) < 0) {
				cli_jx(&err);
				return JX_EXIT_INPUT;
			}
			for (size_t j = 0; j < n; j++) {
				if (sheet_set_add(set, v[j], a) < 0) {
					for (size_t k = j; k < n; k++)
						jx_sheet_free(v[k]);
					free(v);
					cli_err("内存不足", "out of memory");
					return JX_EXIT_DB;
				}
			}
			free(v);
			if (n == 0)
				cli_err("%s: 文件中没有评价表", "%s: the file holds no sheet", a);
		} else {
			jx_sheet *s = NULL;
			if (!*st && (rc = cli_open_db(c, JX_APP_OPEN_READ, st)))
				return rc;
			if ((rc = cli_load_by_arg(*st, a, &s)))
				return rc;
			if (sheet_set_add(set, s, NULL) < 0) {
				jx_sheet_free(s);
				cli_err("内存不足", "out of memory");
				return JX_EXIT_DB;
			}
		}
	}
	for (size_t i = 0; i < set->n; i++)
		if (!cli_template_by_id(c, set->v[i]->template_id, set->src[i] ? set->src[i] : "jixiao"))
			return JX_EXIT_INPUT;
	if (want_db && !*st && cli_file_exists(c->db_path)) {
		/* previous years' sheets help check; a database that cannot be
		 * opened is not this command's business */
		if (jx_store_open(st, c->db_path, JX_STORE_READONLY, &err) < 0)
			*st = NULL;
	}
	return 0;
}

int cmd_score(cli_t *c)
{
	sheet_set set;
	jx_store *st;
	jx_scoresheet ss;
	jx_findings fs;
	int tsv = c->format && strcmp(c->format, "tsv") == 0;
	int rc = gather(c, &set, &st, 0);
	memset(&ss, 0, sizeof ss);
	memset(&fs, 0, sizeof fs);
	if (rc == 0) {
		for (size_t i = 0; i < set.n; i++) {
			/* scored and checked: the grade waits for what is unfilled */
			const jx_template *t = jx_app_evaluate(st, &c->tpl, set.v[i], NULL, &ss, &fs);
			size_t unfilled = jx_findings_unfilled(&fs);
			if (tsv) {
				print_score_tsv(t, set.v[i], &ss, unfilled, set.n > 1);
			} else {
				if (i)
					fputc('\n', stdout);
				if (jx_sheet_stage_in(set.v[i], t) == JX_STAGE_MONITORING) {
					print_sheet_head(set.v[i], t);
					cli_print_monitoring(t, set.v[i]);
				} else {
					print_score_text(t, set.v[i], &ss, unfilled);
				}
			}
		}
	}
	jx_findings_free(&fs);
	jx_scoresheet_free(&ss);
	sheet_set_free(&set);
	if (st)
		jx_store_close(st);
	return rc;
}

/* ---------------------------------------------------------------------------
 * check
 */

static const char *sev_key(jx_severity s)
{
	switch (s) {
	case JX_SEV_ERROR:
		return "error";
	case JX_SEV_WARNING:
		return "warning";
	case JX_SEV_INFO:
		return "info";
	}
	return "info";
}

int cmd_check(cli_t *c)
{
	sheet_set set;
	jx_store *st;
	jx_scoresheet ss;
	jx_findings fs;
	int tsv = c->format && strcmp(c->format, "tsv") == 0;
	int errors = 0;
	int rc = gather(c, &set, &st, 1);
	memset(&ss, 0, sizeof ss);
	memset(&fs, 0, sizeof fs);
	if (rc == 0) {
		for (size_t i = 0; i < set.n; i++) {
			const jx_sheet *s = set.v[i];
			const jx_template *t;
			const jx_sheet *prev = NULL;
			size_t ne = 0, nw = 0, ni = 0;
			/* the previous year of the same project: from the same file
			 * first, else from the database */
			for (size_t j = 0; j < set.n; j++)
				if (j != i && set.v[j]->year == s->year - 1 && jx_app_same_project(set.v[j], s))
					prev = set.v[j];
			t = jx_app_evaluate(st, &c->tpl, s, prev, &ss, &fs);
			if (tsv && set.n > 1)
				put_tsv_sheet(s);
			if (!tsv) {
				if (i)
					fputc('\n', stdout);
				print_sheet_head(s, t);
			}
			for (size_t k = 0; k < fs.n; k++) {
				const jx_finding *f = &fs.v[k];
				if (f->sev == JX_SEV_ERROR)
					ne++;
				else if (f->sev == JX_SEV_WARNING)
					nw++;
				else
					ni++;
				if (tsv) {
					printf("%s\t%s\t", f->code, sev_key(f->sev));
					put_tsv(stdout, jx_nz(f->path));
					fputc('\t', stdout);
					put_tsv(stdout, jx_nz(f->msg));
					fputc('\n', stdout);
				} else {
					fputs("  ", stdout);
					put_cell(stdout, jx_severity_name(f->sev), jx_lang == JX_LANG_EN ? 7 : 4, 0);
					fputs("  ", stdout);
					put_cell(stdout, f->code, 5, 0);
					printf("  %s", jx_nz(f->msg));
					if (f->path && *f->path)
						printf("  [%s]", f->path);
					fputc('\n', stdout);
				}
			}
			if (!tsv) {
				if (fs.n == 0)
					cli_out("  未发现问题\n", "  no findings\n");
				else
					cli_out("  共 %zu 项: 错误 %zu，警告 %zu，提示 %zu\n",
					    "  %zu findings: %zu errors, %zu warnings, %zu notes\n", fs.n, ne, nw, ni);
			}
			if (ne)
				errors = 1;
		}
	}
	jx_scoresheet_free(&ss);
	jx_findings_free(&fs);
	sheet_set_free(&set);
	if (st)
		jx_store_close(st);
	if (rc)
		return rc;
	return errors ? JX_EXIT_FINDINGS : 0;
}

/* ---------------------------------------------------------------------------
 * templates
 */

int cmd_templates(cli_t *c)
{
	int rc = cli_need_templates(c);
	int w_id = jx_text_width("ID"), w_name = jx_text_width(L("名称", "name")), w_kind = jx_text_width(L("类别", "kind"));
	if (rc)
		return rc;
	for (size_t i = 0; i < c->tpl.n; i++) {
		const jx_template *t = c->tpl.v[i];
		const char *name = jx_lang == JX_LANG_EN && t->name_en ? t->name_en : jx_nz(t->name);
		int w;
		if ((w = jx_text_width(jx_nz(t->id))) > w_id)
			w_id = w;
		if ((w = jx_text_width(name)) > w_name)
			w_name = w;
		if ((w = jx_text_width(kind_label(t->kind))) > w_kind)
			w_kind = w;
	}
	{
		const char *head[] = {"ID", L("版本", "ver."), L("名称", "name"), L("类别", "kind")};
		const int width[] = {w_id, -4, w_name, w_kind};
		put_cells(4, head, width, L("来源", "source"));
	}
	for (size_t i = 0; i < c->tpl.n; i++) {
		const jx_template *t = c->tpl.v[i];
		char ver[16];
		snprintf(ver, sizeof ver, "%d", t->version);
		put_cell(stdout, jx_nz(t->id), w_id, 0);
		fputs("  ", stdout);
		put_cell(stdout, ver, 4, 1);
		fputs("  ", stdout);
		put_cell(stdout, jx_lang == JX_LANG_EN && t->name_en ? t->name_en : jx_nz(t->name), w_name, 0);
		fputs("  ", stdout);
		put_cell(stdout, kind_label(t->kind), w_kind, 0);
		fputs("  ", stdout);
		/* built-in templates carry their bare file name, loaded ones a path */
		if (t->file && strchr(t->file, '/'))
			fputs(t->file, stdout);
		else
			printf(L("内置 (%s)", "built in (%s)"), t->file ? t->file : "");
		fputc('\n', stdout);
	}
	return 0;
}

/* ---------------------------------------------------------------------------
 * show and history
 */

/* One audit row; the machine is named when the change was made elsewhere. */
static void print_audit(const jx_audit_row *r, const char *here)
{
	if (r->origin && *r->origin && strcmp(r->origin, here) != 0)
		printf("  %s  %s@%s  %s: ", jx_nz(r->at), jx_nz(r->user), r->origin, jx_nz(r->field));
	else
		printf("  %s  %s  %s: ", jx_nz(r->at), jx_nz(r->user), jx_nz(r->field));
	put_tsv(stdout, r->old_value ? r->old_value : "");
	fputs(" -> ", stdout);
	put_tsv(stdout, r->new_value ? r->new_value : "");
	fputc('\n', stdout);
}

static void kv(const char *label, const char *value)
{
	if (!value || !*value)
		return;
	fputs("  ", stdout);
	put_cell(stdout, label, 20, 0);
	fputs("  ", stdout);
	/* indent continuation lines of long text */
	for (const char *p = value; *p; p++) {
		fputc(*p, stdout);
		if (*p == '\n' && p[1])
			fputs("                        ", stdout);
	}
	fputc('\n', stdout);
}

static void section(const char *zh, const char *en)
{
	printf("\n%s\n", L(zh, en));
}

static const char *info_label(int i)
{
	return L(jx_info_labels[i].zh, jx_info_labels[i].en);
}

static const char *narr_label(int i)
{
	return L(jx_narr_labels[i].zh, jx_narr_labels[i].en);
}

static void print_money_row(const char *label, jx_dec a, jx_dec b, jx_dec c4, jx_dec d)
{
	char b1[40], b2[40], b3[40], b4[40];
	fputs("  ", stdout);
	put_cell(stdout, label, 20, 0);
	printf("  %12s  %12s  %12s  %12s\n", num(b1, a), num(b2, b), num(b3, c4), num(b4, d));
}

/* The total row as the document prints it, under the computed one: its
 * amounts, rate and score, then each figure that differs from jixiao's,
 * with both numbers. */
static void show_funds_total(const jx_template *t, const jx_sheet *s)
{
	const jx_fund_stated *ft = &s->funds_total;
	jx_fund_total_calc calc;
	jx_scoresheet ss;
	char b1[40], b2[40];
	if (jx_fund_stated_empty(ft))
		return;
	memset(&ss, 0, sizeof ss);
	if (t)
		jx_score(t, s, &ss);
	jx_fund_total_compute(t, s, t ? &ss : NULL, &calc);
	print_money_row(L("原表合计", "total as printed"), ft->planned, ft->budget, ft->received, ft->spent);
	if (ft->rate != JX_NONE || ft->score != JX_NONE)
		cli_out("  原表执行率 %s%%，得分 %s\n", "  printed rate %s%%, score %s\n", num(b1, ft->rate),
			num(b2, ft->score));
	for (int k = 0; k < JX_FUND_TOTAL_COUNT; k++) {
		jx_dec v = jx_fund_total_get(ft, k);
		const char *pc = k == JX_FT_COL_rate ? "%" : "";
		if (jx_fund_total_differs(&calc, k, v))
			cli_out("  ≠ %s：原表 %s%s，计算 %s%s\n", "  ≠ %s: printed %s%s, computed %s%s\n",
				jx_fund_total_label(t, k), num(b1, v), pc, num(b2, jx_fund_total_shown(&calc, k)), pc);
	}
	jx_scoresheet_free(&ss);
}

/* The indicators of a sheet, each with its target, actual, points and
 * the scores entered or stated for it. */
static void show_indicators(const jx_template *t, const jx_sheet *s)
{
	char b1[40], b2[40], b3[40];
	section("绩效指标", "Indicators");
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		const jx_node *slot = t && d->slot ? jx_template_node(t, d->slot) : NULL;
		printf("  [%s] %s", jx_nz(d->key), jx_nz(d->name));
		if (slot)
			printf("  (%s)", jx_lang == JX_LANG_EN && slot->name_en ? slot->name_en : jx_nz(slot->name));
		else if (d->slot)
			printf("  (%s)", d->slot);
		fputc('\n', stdout);
		printf("      %s %s", L("指标值", "target"), jx_cmp_name(d->cmp) ? jx_cmp_name(d->cmp) : "");
		if (d->target != JX_NONE)
			printf(" %s%s", num(b1, d->target), jx_nz(d->unit));
		if (d->target_text && *d->target_text)
			printf(" (%s)", d->target_text);
		printf("  %s ", L("实际", "actual"));
		if (d->actual != JX_NONE)
			printf("%s%s", num(b1, d->actual), jx_nz(d->unit));
		if (d->actual_text && *d->actual_text)
			printf(" (%s)", d->actual_text);
		printf("  %s %s", L("分值", "points"), num(b2, d->points));
		if (d->goal != JX_NONE)
			printf("  %s %s", L("所属目标", "goal"), num(b3, d->goal));
		if (d->score_stated != JX_NONE)
			printf("  %s %s", L("原表得分", "stated score"), num(b3, d->score_stated));
		fputc('\n', stdout);
		if (d->subproject && *d->subproject)
			printf("      %s %s\n", L("所属项目", "sub-project"), d->subproject);
		if (d->band >= 0) {
			const char *bn = "";
			if (t && (size_t)d->band < t->rules.n_bands)
				bn = jx_lang == JX_LANG_EN && t->rules.bands[d->band].name_en
					     ? t->rules.bands[d->band].name_en
					     : jx_nz(t->rules.bands[d->band].name);
			printf("      %s %s  %s %s\n", L("定性档次", "band"), bn, L("评分", "score"),
			       num(b1, d->score_entered));
		} else if (d->score_entered != JX_NONE) {
			printf("      %s %s\n", L("评分", "score"), num(b1, d->score_entered));
		}
		if (d->override_score != JX_NONE)
			printf("      %s %s (%s)\n", L("调整得分", "override"), num(b1, d->override_score),
			       jx_nz(d->override_reason));
		if (d->deduction != JX_NONE)
			printf("      %s %s (%s)\n", L("扣分", "deduction"), num(b1, d->deduction),
			       jx_nz(d->deduction_reason));
		if (d->deviation_reason && *d->deviation_reason)
			printf("      %s %s\n", L("偏差原因", "deviation"), d->deviation_reason);
		if (jx_has_text(d->note))
			printf("      %s %s\n", L("备注", "note"), d->note);
	}
}

static void show_sheet(const jx_template *t, const jx_sheet *s, const char *final_note)
{
	char b1[40], b2[40];
	printf("%s\n", sheet_name(s));
	{
		char yr[16];
		snprintf(yr, sizeof yr, "%d", s->year);
		kv(L("编号", "number"), (snprintf(b1, sizeof b1, "%lld", (long long)s->id), b1));
		kv("uid", s->uid);
		kv(L("评价年度", "year"), yr);
		kv(L("模板", "template"), t ? t->id : s->template_id);
		kv(L("阶段", "stage"), jx_stage_text(s->stage, s->stage_month, b2, sizeof b2));
		kv(L("来自", "made from"), s->stage_from);
		kv(L("状态", "status"), status_label(s->status));
		kv(L("定稿", "finalised"), final_note);
		kv(L("最后修改", "last changed"), s->updated_at);
	}
	section("项目概况", "Project information");
	for (int i = 0; i < JX_INFO_COUNT; i++)
		kv(info_label(i), s->info[i]);
	if (s->n_basis) {
		section("立项依据", "Basis documents");
		for (size_t i = 0; i < s->n_basis; i++)
			printf("  %zu. %s\n", i + 1, jx_nz(s->basis[i]));
	}
	if (s->n_funds || !jx_fund_stated_empty(&s->funds_total)) {
		jx_fund_totals ft = jx_sheet_fund_totals(s);
		section("项目资金 (万元)", "Funds (10,000 yuan)");
		const char *head[] = {L("来源", "source"), L("年初预算数", "planned"), L("全年预算数", "budget"),
				      L("实际到位", "received"), L("全年执行数", "spent")};
		const int width[] = {20, -12, -12, -12, -12};
		fputs("  ", stdout);
		put_cells(5, head, width, NULL);
		for (size_t i = 0; i < s->n_funds; i++)
			print_money_row(jx_nz(s->funds[i].source), s->funds[i].planned, s->funds[i].budget,
					s->funds[i].received, s->funds[i].spent);
		print_money_row(L("合计", "total"), ft.planned, ft.budget, ft.received, ft.spent);
		/* a monitoring sheet's forecast, or the one a self-evaluation
		 * keeps from its monitoring sheet: beside the rows, never a
		 * figure of them */
		for (size_t i = 0; i < s->n_funds; i++)
			if (s->funds[i].forecast != JX_NONE)
				printf("  %s  %s  %s\n", L("全年预计执行数", "full-year forecast"), jx_nz(s->funds[i].source),
				       num(b1, s->funds[i].forecast));
		show_funds_total(t, s);
	}
	if (s->n_subs) {
		section("二级项目 (万元)", "Sub-projects (10,000 yuan)");
		for (size_t i = 0; i < s->n_subs; i++) {
			fputs("  ", stdout);
			put_cell(stdout, jx_nz(s->subs[i].name), 40, 0);
			printf("  %12s  %12s\n", num(b1, s->subs[i].budget), num(b2, s->subs[i].spent));
		}
	}
	if (s->n_goals) {
		section("年度总体目标", "Annual goals");
		for (size_t i = 0; i < s->n_goals; i++) {
			printf("  %zu.\n", i + 1);
			kv(L("预期目标", "planned"), s->goals[i].planned);
			kv(L("实际完成情况", "achieved"), s->goals[i].actual);
			if (s->goals[i].points != JX_NONE) { /* a goal block's weight */
				char b[40];
				kv(L("目标分值", "points"), jx_fmt_trim(b, s->goals[i].points));
			}
		}
	}
	if (s->n_inds)
		show_indicators(t, s);
	if (s->n_marks) {
		section("评价要点得分", "Checklist marks");
		for (size_t i = 0; i < s->n_marks; i++) {
			const jx_mark *m = &s->marks[i];
			const jx_node *nd = t ? jx_template_node(t, m->node) : NULL;
			const char *label = nd && m->item >= 0 && (size_t)m->item < nd->n_items ? nd->items[m->item].label : "";
			printf("  %s #%d  %s  %s\n", jx_nz(m->node), m->item + 1, num(b1, m->awarded), jx_nz(label));
		}
	}
	if (s->n_entries) {
		section("评分项", "Entered scores");
		for (size_t i = 0; i < s->n_entries; i++) {
			const jx_entry *e = &s->entries[i];
			const jx_node *nd = t ? jx_template_node(t, e->node) : NULL;
			printf("  %s  %s  %s", jx_nz(e->node), nd ? jx_nz(nd->name) : "", num(b1, e->score));
			if (e->note && *e->note)
				printf("  %s", e->note);
			fputc('\n', stdout);
		}
	}
	if (s->n_measures) {
		section("计算数据", "Measures");
		for (size_t i = 0; i < s->n_measures; i++)
			kv(jx_nz(s->measures[i].name), num(b1, s->measures[i].value));
	}
	if (s->n_stated) {
		section("原文所载数字", "Figures stated in the document");
		for (size_t i = 0; i < s->n_stated; i++) {
			const jx_stated *x = &s->stated[i];
			printf("  %s  %s", jx_nz(x->path), x->value != JX_NONE ? num(b1, x->value) : jx_nz(x->text));
			if (x->value != JX_NONE && x->text && *x->text)
				printf(" (%s)", x->text);
			if (x->source && *x->source)
				printf("  [%s]", x->source);
			fputc('\n', stdout);
		}
	}
	{
		int any = 0;
		for (int i = 0; i < JX_NARR_COUNT; i++)
			any |= s->narr[i] && *s->narr[i];
		if (any) {
			section("文字说明", "Narrative");
			for (int i = 0; i < JX_NARR_COUNT; i++)
				kv(narr_label(i), s->narr[i]);
		}
	}
	if (s->review_score != JX_NONE || (s->review_opinion && *s->review_opinion) ||
	    (s->review_result && *s->review_result)) {
		section("审核", "Review");
		kv(L("审核得分", "review score"), num(b1, s->review_score));
		kv(L("审核意见", "opinion"), s->review_opinion);
		kv(L("审核结论", "result"), s->review_result);
	}
}

int cmd_show(cli_t *c)
{
	jx_store *st;
	jx_sheet *s = NULL;
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	jx_err err = {{0}};
	const jx_template *t;
	int rc = cli_open_db_with_templates(c, JX_APP_OPEN_READ, &st);
	if (rc)
		return rc;
	if ((rc = cli_load_by_arg(st, c->pos[0], &s)))
		goto done;
	t = jx_templates_find(&c->tpl, jx_nz(s->template_id));
	if (!t)
		cli_err("未知的评价模板 \"%s\"；不计分", "unknown template \"%s\"; not scored", jx_nz(s->template_id));
	{
		/* a finalised sheet: its digest, checked now */
		char stored[65], now[65], note[300];
		int state = 0;
		note[0] = 0;
		if (jx_store_verify(st, s->id, &state, stored, now, &err) < 0) {
			cli_jx(&err);
			rc = JX_EXIT_DB;
			goto done;
		}
		if (state == 1)
			snprintf(note, sizeof note, L("SHA-256 %s（内容完好）", "SHA-256 %s (content intact)"), stored);
		else if (state == 2)
			snprintf(note, sizeof note,
				 L("定稿后内容被改动过！定稿时 SHA-256 %s，现在 %s", "content changed after finalisation! SHA-256 %s then, %s now"),
				 stored[0] ? stored : "-", now);
		show_sheet(t, s, note);
		if ((rc = cli_review_show(st, s)))
			goto done;
	}
	if (t) {
		jx_scoresheet ss;
		jx_findings fs;
		char b1[40], b2[40], g[JX_GRADE_TEXT_LEN];
		memset(&ss, 0, sizeof ss);
		memset(&fs, 0, sizeof fs);
		jx_app_evaluate(st, &c->tpl, s, NULL, &ss, &fs);
		section("计分", "Score");
		if (ss.exec_rate != JX_NONE)
			cli_out("  执行率 %s\n", "  Execution rate %s\n", pct(b1, ss.exec_rate));
		jx_grade_text(&ss, jx_findings_unfilled(&fs), jx_lang == JX_LANG_EN, g, sizeof g);
		cli_out("  总分 %s  等级 %s\n", "  Total %s  grade %s\n", score_str(b2, ss.total, t->rules.decimals),
		    g[0] ? g : "-");
		jx_findings_free(&fs);
		jx_scoresheet_free(&ss);
	}
	{
		/* an unsettled conflict, from either side */
		int64_t of = 0, *copies = NULL;
		size_t nc = 0;
		char *origin = NULL;
		if (jx_store_conflict_of(st, s->id, &of, &origin, &err) < 0 ||
		    jx_store_conflict_copies(st, s->id, &copies, &nc, &err) < 0) {
			free(origin);
			cli_jx(&err);
			rc = JX_EXIT_DB;
			goto done;
		}
		if (of > 0) {
			section("冲突", "Conflict");
			cli_out("  这是评价表 %lld 的冲突副本：来自 %s 的版本，两边都修改过。\n"
			    "  用 jixiao resolve %lld --keep local 保留本机版本，或 --keep incoming 采用此版本。\n",
			    "  This is a conflict copy of sheet %lld: the version from %s, changed on both machines.\n"
			    "  Run jixiao resolve %lld --keep local to keep this machine's version, or --keep incoming to take this one.\n",
			    (long long)of, jx_nz(origin), (long long)s->id);
		}
		for (size_t k = 0; k < nc; k++) {
			if (k == 0)
				section("冲突", "Conflict");
			cli_out("  冲突副本: 编号 %lld (另一台机器的版本)；用 jixiao resolve %lld --keep local|incoming 处理\n",
			    "  conflict copy: number %lld (another machine's version); settle it with jixiao resolve %lld --keep local|incoming\n",
			    (long long)copies[k], (long long)copies[k]);
		}
		free(origin);
		free(copies);
	}
	if (jx_store_history(st, s->id, NULL, &rows, &nr, &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (nr) {
		size_t from = nr > 10 ? nr - 10 : 0;
		section("最近修改", "Latest changes");
		for (size_t i = from; i < nr; i++)
			print_audit(&rows[i], jx_store_origin(st));
		if (from)
			cli_out("  (共 %zu 条，完整记录见 jixiao history %lld)\n", "  (%zu in all; see jixiao history %lld)\n", nr,
			    (long long)s->id);
	}
done:
	jx_audit_free(rows, nr);
	jx_sheet_free(s);
	jx_store_close(st);
	return rc;
}

/* A field history can be asked about: a field path, the whole-sheet events
 * (sheet:create, sheet:finalise …) and an indicator's own rows (ind:KEY,
 * ind:KEY:pos, which add, delete and move it). */
static int history_field_known(const char *f)
{
	static const char *const events[] = {"sheet:create",  "sheet:replace", "sheet:deleted",
					     "sheet:finalise", "sheet:reopen",  "sheet:resolve"};
	jx_field_path fp;
	size_t n = strlen(f);
	if (jx_field_path_parse(f, &fp) == 0)
		return 1;
	for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
		if (strcmp(f, events[i]) == 0)
			return 1;
	if (strncmp(f, "ind:", 4) == 0 && n > 4 && !strchr(f + 4, ':'))
		return 1;
	return strncmp(f, "ind:", 4) == 0 && n > 8 && strcmp(f + n - 4, ":pos") == 0;
}

int cmd_history(cli_t *c)
{
	jx_store *st;
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	jx_err err = {{0}};
	int64_t id;
	int rc = cli_open_db(c, JX_APP_OPEN_READ, &st);
	if (rc)
		return rc;
	if ((rc = cli_resolve_id(st, c->pos[0], &id)))
		goto done;
	if (jx_store_history(st, id, c->npos > 1 ? c->pos[1] : NULL, &rows, &nr, &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	for (size_t i = 0; i < nr; i++)
		print_audit(&rows[i], jx_store_origin(st));
	if (nr == 0 && c->npos > 1 && !history_field_known(c->pos[1])) {
		cli_err("未知的字段“%s”（字段写法如 info:name、fund:当年财政拨款:spent、ind:i3:actual、sheet:finalise）",
			"unknown field \"%s\" (fields are written like info:name, fund:当年财政拨款:spent, ind:i3:actual, "
			"sheet:finalise)",
			c->pos[1]);
		rc = JX_EXIT_INPUT;
	} else if (nr == 0)
		cli_out("没有修改记录\n", "no changes recorded\n");
done:
	jx_audit_free(rows, nr);
	jx_store_close(st);
	return rc;
}
