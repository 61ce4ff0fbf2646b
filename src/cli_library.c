/* jixiao library: the indicator library from the command line (harvest,
 * import, export, list, delete), through app_library.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_library.h"
#include "cli_int.h"

static void report_counts(const jx_lib_report *r)
{
	cli_out("新增 %zu 条，合并 %zu 条", "%zu new, %zu merged", r->added, r->merged);
}

static int lib_harvest(cli_t *c)
{
	jx_store *st;
	jx_err err = {{0}};
	jx_lib_report r;
	int64_t *ids = NULL;
	size_t n = (size_t)(c->npos - 1);
	int rc;
	if ((rc = cli_open_db_with_templates(c, JX_APP_OPEN_WRITE, &st)))
		return rc;
	if (n) {
		ids = calloc(n, sizeof *ids);
		if (!ids) {
			rc = JX_EXIT_DB;
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			if ((rc = cli_resolve_id(st, c->pos[i + 1], &ids[i])))
				goto done;
	}
	if (jx_app_library_harvest(st, &c->tpl, n ? ids : NULL, n, &r, &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	if (r.sheets == 0)
		cli_out("没有可收录的评价表（默认只收录定稿的表；可给出编号）\n",
			"no sheet to harvest (by default only finalised sheets; give IDs for others)\n");
	else {
		cli_out("从 %zu 张评价表收录 %zu 个指标：", "from %zu sheets, %zu indicators harvested: ",
			r.sheets - r.skipped, r.indicators);
		report_counts(&r);
		if (r.skipped)
			cli_out("；%zu 张已收录过，跳过", "; %zu harvested before, left out", r.skipped);
		cli_out("\n", "\n");
	}
done:
	free(ids);
	jx_store_close(st);
	return rc;
}

static int lib_import(cli_t *c)
{
	jx_store *st;
	jx_err err = {{0}};
	jx_lib_report r;
	int rc, k;
	if (c->npos != 2) {
		cli_err("用法：jixiao library import FILE", "usage: jixiao library import FILE");
		return JX_EXIT_USAGE;
	}
	if ((rc = cli_open_db(c, JX_APP_OPEN_WRITE, &st)))
		return rc;
	k = jx_app_library_import(st, c->pos[1], &r, &err);
	if (k < 0) {
		cli_jx(&err);
		if (k == -1)
			cli_err("指标库未改变", "the library was not changed");
		rc = k == -1 ? JX_EXIT_INPUT : JX_EXIT_DB;
	} else {
		cli_out("读入 %zu 条：", "read %zu entries: ", r.indicators);
		report_counts(&r);
		cli_out("，%zu 条无新内容\n", ", %zu with nothing new\n", r.unchanged);
	}
	jx_store_close(st);
	return rc;
}

static int lib_export(cli_t *c)
{
	jx_store *st;
	jx_err err = {{0}};
	jx_lib_format fmt;
	int rc;
	if (c->npos != 1 || !c->output) {
		cli_err("用法：jixiao library export [--format yaml|xlsx|csv] -o FILE",
			"usage: jixiao library export [--format yaml|xlsx|csv] -o FILE");
		return JX_EXIT_USAGE;
	}
	if (strcmp(c->output, "-") == 0) {
		cli_err("指标库请写到文件（-o FILE）", "write the library to a file (-o FILE)");
		return JX_EXIT_USAGE;
	}
	if (jx_lib_format_of(c->format, c->output, &fmt) < 0) {
		cli_err("指标库的格式为 yaml、xlsx 或 csv（--format，或文件扩展名）：%s",
			"a library is written as yaml, xlsx or csv (--format, or the file's extension): %s",
			c->format ? c->format : c->output);
		return JX_EXIT_USAGE;
	}
	if ((rc = cli_open_db(c, JX_APP_OPEN_READ, &st)))
		return rc;
	if (jx_app_library_export(st, c->output, fmt, c->force, &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
	}
	jx_store_close(st);
	return rc;
}

static int lib_list(cli_t *c)
{
	jx_store *st;
	jx_err err = {{0}};
	jx_lib lib;
	char q[512] = "";
	size_t o = 0;
	int rc;
	for (int i = 1; i < c->npos; i++)
		o += (size_t)snprintf(q + o, o < sizeof q ? sizeof q - o : 0, "%s ", c->pos[i]);
	if ((rc = cli_open_db(c, JX_APP_OPEN_READ, &st)))
		return rc;
	if (jx_store_library_load(st, &lib, &err) < 0) {
		cli_jx(&err);
		jx_store_close(st);
		return JX_EXIT_DB;
	}
	size_t *idx = malloc((lib.n ? lib.n : 1) * sizeof *idx), cmp_col = (size_t)jx_lib_column_of("cmp");
	size_t n = idx ? jx_lib_search(&lib, q, idx, lib.n) : 0;
	cli_out("编号\t一级指标\t二级指标\t三级指标\t指标性质\t典型指标值\t指标值范围\t度量单位\t使用次数\n",
		"no.\tlevel 1\tlevel 2\tindicator\tcomparator\ttypical target\trange\tunit\tuses\n");
	for (size_t k = 0; k < n; k++) {
		const jx_lib_entry *e = &lib.v[idx[k]];
		char buf[64], range[160];
		printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%zu\n", (long long)e->id, jx_nz(e->l1), jx_nz(e->l2),
		       jx_nz(e->name), jx_lib_get(e, cmp_col, buf, sizeof buf), jx_nz(e->target),
		       jx_lib_range_text(e, range, sizeof range), jx_nz(e->unit), e->nsources);
	}
	cli_out("共 %zu 条\n", "%zu entries\n", n);
	free(idx);
	jx_lib_free(&lib);
	jx_store_close(st);
	return 0;
}

static int lib_delete(cli_t *c)
{
	jx_store *st;
	jx_err err = {{0}};
	char *end;
	int rc;
	if (c->npos != 2) {
		cli_err("用法：jixiao library delete N", "usage: jixiao library delete N");
		return JX_EXIT_USAGE;
	}
	long long id = strtoll(c->pos[1], &end, 10);
	if (end == c->pos[1] || *end || id <= 0) {
		cli_err("指标库条目的编号应为正整数（见 jixiao library list）：%s",
			"a library entry's number is a positive integer (see jixiao library list): %s", c->pos[1]);
		return JX_EXIT_USAGE;
	}
	if ((rc = cli_open_db(c, JX_APP_OPEN_WRITE, &st)))
		return rc;
	int k = jx_store_library_delete(st, id, &err);
	if (k < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
	} else if (k == 0) {
		cli_err("指标库中没有编号 %lld 的条目", "the library has no entry %lld", id);
		rc = JX_EXIT_INPUT;
	} else
		cli_out("已删除指标库条目 %lld\n", "deleted library entry %lld\n", id);
	jx_store_close(st);
	return rc;
}

int cmd_library(cli_t *c)
{
	static const struct {
		const char *name;
		int (*run)(cli_t *c);
	} subs[] = {{"harvest", lib_harvest}, {"import", lib_import}, {"export", lib_export},
		    {"list", lib_list},       {"delete", lib_delete}};
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(c->pos[0], subs[i].name) == 0) {
			if (c->output && subs[i].run != lib_export) {
				cli_err("-o 只用于 library export", "-o goes with library export only");
				return JX_EXIT_USAGE;
			}
			return subs[i].run(c);
		}
	cli_err("未知的 library 子命令：%s（可用 harvest、import、export、list、delete）",
		"unknown library subcommand: %s (harvest, import, export, list or delete)", c->pos[0]);
	return JX_EXIT_USAGE;
}
