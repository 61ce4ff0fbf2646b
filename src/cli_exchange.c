/* The commands that carry sheets between files and the database: import
 * (files and bundles, merged by uid and history) and export (a bundle or
 * the scored forms, written from the database one sheet at a time).  The
 * work is done by the operations layer (app.h); here are the arguments and
 * the words. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"
#include "app_review.h"
#include "export_collect.h"
#include "export.h"
#include "merge.h"

/* One line of the merge report. */
static void print_merge_item(const jx_merge_item *it)
{
	const char *name = it->name && *it->name ? it->name : L("(未命名)", "(unnamed)");
	const char *label = jx_merge_result_label(it->result);
	switch (it->result) {
	case JX_MERGE_NEW:
		cli_out("%s: %s %s (%d)，编号 %lld%s\n", "%s: %s %s (%d) as number %lld%s\n", it->file, label, name, it->year,
		    (long long)it->id, it->trashed ? L("（在回收站中）", " (in the trash)") : "");
		break;
	case JX_MERGE_UPDATED:
		if (it->content_changed)
			cli_out("%s: %s %s (%d)，编号 %lld，采用对方较新的版本，补入 %zu 条修改记录\n",
			    "%s: %s %s (%d), number %lld: took the newer version, %zu changes added to its history\n",
			    it->file, label, name, it->year, (long long)it->id, it->rows_added);
		else
			cli_out("%s: %s %s (%d)，编号 %lld，内容相同，补入 %zu 条修改记录\n",
			    "%s: %s %s (%d), number %lld: same content, %zu changes added to its history\n", it->file,
			    label, name, it->year, (long long)it->id, it->rows_added);
		break;
	case JX_MERGE_NEWER_HERE:
		cli_out("%s: %s %s (%d)，编号 %lld，本机版本包含对方的全部修改，保留本机版本\n",
		    "%s: %s %s (%d), number %lld: this machine's version already holds every change of the other, kept\n",
		    it->file, label, name, it->year, (long long)it->id);
		break;
	case JX_MERGE_UNCHANGED:
		cli_out("%s: %s %s (%d)，编号 %lld\n", "%s: %s %s (%d), number %lld\n", it->file, label, name, it->year,
		    (long long)it->id);
		break;
	case JX_MERGE_CONFLICT:
		if (it->mismatch)
			cli_out("%s: %s %s (%d)：历史与内容不符——对方的修改记录不能得出对方的内容；本机版本 (编号 %lld) 保持不变，",
			    "%s: %s %s (%d): history does not match content: the other's audit rows do not lead to its "
			    "content; this machine's version (number %lld) is unchanged, ",
			    it->file, label, name, it->year, (long long)it->id);
		else
			cli_out("%s: %s %s (%d)：本机 (编号 %lld) 和 %s 都修改过；本机版本保持不变，", "%s: %s %s (%d): changed both here (number %lld) and on %s; this machine's version is unchanged, ",
			    it->file, label, name, it->year, (long long)it->id, jx_nz(it->origin));
		if (it->copy_state == 0)
			cli_out("对方版本存为冲突副本，编号 %lld\n", "the other version is kept as conflict copy number %lld\n",
			    (long long)it->copy_id);
		else if (it->copy_state == 1)
			cli_out("冲突副本 (编号 %lld) 已更新为对方的新版本\n", "conflict copy number %lld now holds the other's newer version\n",
			    (long long)it->copy_id);
		else
			cli_out("对方版本已在冲突副本 (编号 %lld) 中\n", "the other version is already kept as conflict copy number %lld\n",
			    (long long)it->copy_id);
		break;
	case JX_MERGE_NRESULTS:
		break;
	}
}

/* The summary line of an import, and the conflicts said on both streams. */
static void print_merge_totals(const jx_merge_report *rep)
{
	size_t nc = rep->count[JX_MERGE_CONFLICT];
	cli_out("合计: %s %zu，%s %zu，%s %zu，%s %zu，%s %zu\n", "total: %s %zu, %s %zu, %s %zu, %s %zu, %s %zu\n",
		jx_merge_result_label(JX_MERGE_NEW), rep->count[JX_MERGE_NEW], jx_merge_result_label(JX_MERGE_UPDATED),
		rep->count[JX_MERGE_UPDATED], jx_merge_result_label(JX_MERGE_NEWER_HERE), rep->count[JX_MERGE_NEWER_HERE],
		jx_merge_result_label(JX_MERGE_UNCHANGED), rep->count[JX_MERGE_UNCHANGED],
		jx_merge_result_label(JX_MERGE_CONFLICT), nc);
	if (nc) {
		/* said on both streams: a conflict must not go unnoticed */
		cli_out("注意: %zu 张评价表有冲突，两个版本都已保留 (见 jixiao list 中的“冲突副本”)；"
			"请用 jixiao resolve 编号 --keep local 或 --keep incoming 选择保留哪个版本\n",
			"note: %zu sheets are in conflict; both versions are kept (see the \"conflict copy\" rows of jixiao "
			"list); choose one with jixiao resolve ID --keep local or --keep incoming\n",
			nc);
		cli_err("%zu 张评价表有冲突，需要处理 (jixiao resolve)", "%zu sheets are in conflict and need resolving (jixiao resolve)",
			nc);
	}
}

/* After the merge of several bundles: one line per unit, then the totals. */
static void print_unit_sums(const jx_app_unit_sums *u)
{
	static const char *const none = "-";
	for (size_t i = 0; i < u->n; i++) {
		const jx_app_unit_sum *e = &u->v[i];
		cli_out("单位 %s（%s）：新增 %zu，已更新 %zu，退回后重新上报 %zu，冲突 %zu\n",
			"unit %s (%s): new %zu, updated %zu, returned and answered %zu, conflicts %zu\n",
			e->unit ? e->unit : none, e->dept ? e->dept : none, e->n_new, e->n_updated, e->n_answered,
			e->n_conflict);
	}
	cli_out("各单位合计（%zu 个单位）：新增 %zu，已更新 %zu，退回后重新上报 %zu，冲突 %zu\n",
		"all units (%zu): new %zu, updated %zu, returned and answered %zu, conflicts %zu\n", u->n, u->total.n_new,
		u->total.n_updated, u->total.n_answered, u->total.n_conflict);
}


/* Import and export free each sheet's memory before the next sheet comes:
 * malloc keeps it for the next rather than handing it back to the system
 * and asking for it again (a tenth of their time, page faults and TLB
 * flushes, went to that). */
static void keep_freed_memory(void)
{
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
}

/* import --dry-run: the files read (a spreadsheet's mapping and rows
 * shown), nothing imported. */
static int dry_import(cli_t *c, const jx_table_opts *topts)
{
	jx_app_import im;
	jx_app_msgs msgs = {0};
	size_t at = 0, file, sheet;
	const jx_sheet *unknown;
	int bad = 0;
	if (jx_app_import_read_opts(&im, c->pos, (size_t)c->npos, &c->tpl, topts, &msgs) < 0) {
		cli_msgs(&msgs);
		jx_app_msgs_free(&msgs);
		cli_err("有文件出错，未导入任何评价表", "nothing imported: a file has errors");
		return JX_EXIT_INPUT;
	}
	while ((unknown = jx_app_import_unknown(&im, &c->tpl, &at, &file, &sheet)))
		bad = !cli_template_by_id(c, unknown->template_id, im.b[file].file);
	if (bad)
		cli_err("未导入任何评价表", "nothing imported");
	jx_app_import_free(&im);
	return bad ? JX_EXIT_INPUT : 0;
}

/* What an import that merged nothing says; its exit status. */
static int import_refused(cli_t *c, int rc, const jx_app_import *im, const jx_app_msgs *msgs, const jx_err *err)
{
	switch (rc) {
	case JX_APP_IMPORT_UNREADABLE:
		cli_msgs(msgs);
		cli_err("有文件出错，未导入任何评价表", "nothing imported: a file has errors");
		return JX_EXIT_INPUT;
	case JX_APP_IMPORT_UNKNOWN:
		for (size_t k = 0; k < im->n_unknown; k++)
			cli_template_by_id(c, im->unknown[k].template_id, im->unknown[k].file);
		cli_err("未导入任何评价表", "nothing imported");
		return JX_EXIT_INPUT;
	case JX_APP_IMPORT_FINALISED:
		cli_msgs(msgs);
		cli_err("未导入任何评价表", "nothing imported");
		return JX_EXIT_INPUT;
	case JX_APP_IMPORT_REFUSED:
		cli_jx(err);
		return JX_EXIT_INPUT;
	default:
		cli_jx(err);
		if (im->rep.n == 0)
			cli_err("未导入任何评价表", "nothing imported");
		return JX_EXIT_DB;
	}
}

/* Remove the database file an import created and left empty (the import
 * failed), as if it had never run. */
static void remove_created_db(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		char p[4096];
		if ((size_t)snprintf(p, sizeof p, "%s%s", path, sides[i]) < sizeof p)
			unlink(p);
	}
}

int cmd_import(cli_t *c)
{
	jx_app_import im;
	jx_app_unit_sums units = {0};
	jx_app_msgs msgs = {0};
	jx_store *st = NULL;
	jx_err err = {{0}};
	jx_table_opts topts;
	int rc, existed, merged;

	if ((rc = cli_need_templates(c)))
		return rc;
	topts.template_id = c->template_arg;
	topts.map = c->map_arg;
	topts.dry = c->dry_run ? stdout : NULL;
	if (c->dry_run)
		return dry_import(c, &topts);
	/* Each sheet is merged as it is read, all in one transaction: any
	 * error anywhere means nothing is imported. */
	keep_freed_memory();
	existed = cli_file_exists(c->db_path);
	if ((rc = cli_open_db(c, JX_APP_OPEN_CREATE, &st)))
		return rc;
	rc = jx_app_import_files(&im, c->pos, (size_t)c->npos, st, &c->tpl, &topts, c->user, &msgs, &err);
	merged = rc == JX_APP_IMPORTED || rc == JX_APP_IMPORT_NO_SUMMARY;
	if (merged) {
		cli_msgs(&msgs); /* cells of a workbook changed since jixiao wrote it */
		/* the merge report (score and findings were cached for the list) */
		for (size_t k = 0; k < im.rep.n; k++)
			print_merge_item(&im.rep.v[k]);
		print_merge_totals(&im.rep);
		/* several bundles end with a summary per unit */
		if (c->npos > 1 && jx_app_unit_sums_of(&units, &im.rep) == 0)
			print_unit_sums(&units);
		if (rc == JX_APP_IMPORT_NO_SUMMARY) {
			cli_jx(&err);
			cli_err("评价表已导入，但列表中的得分未能更新", "the sheets were imported but the list's scores were not updated");
			rc = JX_EXIT_DB;
		}
	} else {
		rc = import_refused(c, rc, &im, &msgs, &err);
	}
	jx_app_msgs_free(&msgs);
	jx_app_unit_sums_free(&units);
	jx_store_close(st);
	if (!merged && !existed)
		remove_created_db(c->db_path);
	jx_app_import_free(&im);
	return rc;
}

/* An existing path is refused unless --force (a directory always). */
static int refuse_output(cli_t *c)
{
	struct stat sb;
	if (strcmp(c->output, "-") == 0 || lstat(c->output, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode)) {
		cli_err("%s 是一个目录", "%s is a directory", c->output);
		return JX_EXIT_INPUT;
	}
	if (!c->force) {
		cli_err("%s 已存在；如要覆盖请加 --force", "%s already exists; use --force to replace it", c->output);
		return JX_EXIT_INPUT;
	}
	return 0;
}

static int cmp_summary_id(const void *a, const void *b)
{
	int64_t x = ((const jx_sheet_summary *)a)->id, y = ((const jx_sheet_summary *)b)->id;
	return (x > y) - (x < y);
}

/* The sheets an export writes: each with its id and its template (from the
 * summaries, so that the templates are checked before any sheet is
 * loaded). */
typedef struct {
	int64_t *ids;
	const char **template_id;
	size_t n;
} export_pick;

/* --all and --year: the sheets out of the trash (a bundle: the trash too,
 * so that the other machine learns what went into it), conflict copies left
 * out with a message. */
static void pick_all(cli_t *c, const jx_sheet_summary *sums, size_t ns, int yaml, export_pick *p)
{
	size_t skipped = 0;
	for (size_t i = 0; i < ns; i++) {
		if (c->year && sums[i].year != c->year)
			continue;
		/* an unsettled conflict copy is not a sheet of its own (a
		 * settled one is in the trash) */
		if (sums[i].conflict_of > 0) {
			skipped += !sums[i].deleted;
			continue;
		}
		if (sums[i].deleted && !yaml)
			continue;
		p->ids[p->n] = sums[i].id;
		p->template_id[p->n] = sums[i].template_id;
		p->n++;
	}
	if (skipped)
		cli_err("%zu 张冲突副本未导出；请先用 jixiao resolve 处理冲突",
			"%zu conflict copies were not exported; settle them first with jixiao resolve", skipped);
}

/* By number or uid: any stored sheet, the trash included; a conflict copy
 * cannot go into a bundle.  0 or an exit code. */
static int pick_named(cli_t *c, jx_store *st, jx_sheet_summary *sums, size_t ns, int yaml, export_pick *p)
{
	jx_err err = {{0}};
	int rc;
	qsort(sums, ns, sizeof *sums, cmp_summary_id);
	for (int i = 0; i < c->npos; i++) {
		jx_sheet_summary key, *sum;
		int64_t id, of = 0;
		int dup = 0;
		if ((rc = cli_resolve_id(st, c->pos[i], &id)))
			return rc;
		/* the same sheet named twice (by number and uid) is written once */
		for (size_t k = 0; k < p->n; k++)
			dup |= p->ids[k] == id;
		if (dup)
			continue;
		key.id = id;
		sum = bsearch(&key, sums, ns, sizeof *sums, cmp_summary_id);
		p->ids[p->n] = id;
		p->template_id[p->n] = sum ? sum->template_id : NULL;
		p->n++;
		if (!yaml)
			continue;
		if (jx_store_conflict_of(st, id, &of, NULL, &err) < 0) {
			cli_jx(&err);
			return JX_EXIT_DB;
		}
		if (of > 0) {
			cli_err("评价表 %s 是评价表 %lld 的冲突副本，不能作为交换文件导出；请先用 jixiao resolve 处理",
				"sheet %s is a conflict copy of sheet %lld and cannot go into a bundle; settle it first "
				"with jixiao resolve",
				c->pos[i], (long long)of);
			return JX_EXIT_INPUT;
		}
	}
	return 0;
}

int cmd_export(cli_t *c)
{
	jx_store *st;
	jx_sheet_summary *sums = NULL;
	size_t ns = 0, cap;
	export_pick pick = {0};
	jx_app_feed feed;
	jx_err err = {{0}};
	jx_export_format fmt = JX_EXPORT_XLSX;
	int yaml = !c->format || strcmp(c->format, "yaml") == 0;
	int rc;
	if (c->format && jx_export_is_collect(c->format))
		return cli_export_collect(c);
	jx_export_fixed_mmap_threshold();
	/* (an xlsx workbook of several sheets sets the trimming back to its
	 * own figure when it begins: export_xlsx.c) */
	keep_freed_memory();
	if ((rc = cli_open_db(c, JX_APP_OPEN_READ, &st)))
		return rc;
	jx_app_feed_init(&feed, st, NULL, 0);
	/* --all and --year: the sheets out of the trash (for a bundle, the
	 * trash too); by number or uid: any stored sheet, the trash included */
	if (jx_store_list(st, 1, &sums, &ns, &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
		goto done;
	}
	cap = (c->all || c->year ? ns : (size_t)c->npos) + 1;
	pick.ids = calloc(cap, sizeof *pick.ids);
	pick.template_id = calloc(cap, sizeof *pick.template_id);
	if (!pick.ids || !pick.template_id) {
		cli_err("内存不足", "out of memory");
		rc = JX_EXIT_DB;
		goto done;
	}
	if (c->all || c->year)
		pick_all(c, sums, ns, yaml, &pick);
	else if ((rc = pick_named(c, st, sums, ns, yaml, &pick)))
		goto done;
	if ((rc = cli_need_templates(c)))
		goto done;
	if (!yaml) {
		/* the scored forms: xlsx, CSV, HTML, report */
		jx_export_format_parse(c->format, &fmt, &err);
		for (size_t i = 0; i < pick.n; i++)
			if (!cli_template_by_id(c, pick.template_id[i], c->output)) {
				rc = JX_EXIT_INPUT;
				goto done;
			}
	}
	if ((rc = refuse_output(c)))
		goto done;
	jx_app_feed_init(&feed, st, pick.ids, pick.n);
	if (jx_app_export(&feed, &c->tpl, yaml, fmt, c->output,
			  (c->force ? JX_EXPORT_FORCE : 0) | (c->gb18030 ? JX_EXPORT_GB18030 : 0), &err) < 0) {
		cli_jx(&err);
		rc = JX_EXIT_DB;
	}
	if (rc == 0 && strcmp(c->output, "-") != 0)
		cli_out("已导出 %zu 张评价表到 %s\n", "exported %zu sheets to %s\n", pick.n, c->output);
done:
	jx_app_feed_free(&feed);
	free(pick.ids);
	free(pick.template_id);
	jx_summaries_free(sums, ns);
	jx_store_close(st);
	return rc;
}
