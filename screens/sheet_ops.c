/* Operations on whole sheets, from any screen: export (the current sheet,
 * or every sheet of the filtered project list, in any format, with a file
 * name prompt), import of a bundle with its merge report, finalising and
 * reopening (定稿), and the history of a field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "err.h"
#include "export.h"
#include "field.h"
#include "merge.h"
#include "sheet_from_table.h"
#include "stage.h"
#include "table_read.h"
#include "textwidth.h"
#include "ws.h"

/* ---- which sheet ---------------------------------------------------------------- */

int64_t ws_target_sheet(ws *w, int *year, char *name, size_t len, int *deleted)
{
	*deleted = 0;
	if (w->cur == WS_LIST) {
		const jx_sheet_summary *s = scr_list_selected(w);
		if (s) {
			*year = s->year;
			snprintf(name, len, "%s", s->name ? s->name : "");
			*deleted = s->deleted;
			return s->id;
		}
	}
	if (w->s.sheet) {
		*year = w->s.sheet->year;
		snprintf(name, len, "%s", w->s.sheet->info[JX_INFO_NAME] ? w->s.sheet->info[JX_INFO_NAME] : "");
		return w->s.sheet->id;
	}
	ws_msg(w, UC_WARN, "%s", L("没有选中的项目", "no sheet is selected"));
	return 0;
}

/* A text for one line of a dialog: line breaks and tabs as blanks, at most
 * `cols` columns, "..." when cut. */
static void one_line(char *dst, size_t len, const char *s, int cols)
{
	int used;
	char *tmp = jx_strdup(s ? s : "");
	if (!tmp) {
		dst[0] = '\0';
		return;
	}
	for (char *p = tmp; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	size_t cut = jx_text_fit(tmp, cols, &used);
	int more = tmp[cut] != '\0';
	if (cut + 4 > len)
		cut = jx_text_fit(tmp, (int)len / 4, &used);
	tmp[cut] = '\0';
	snprintf(dst, len, "%s%s", tmp, more ? "..." : "");
	free(tmp);
}

/* ---- export --------------------------------------------------------------------- */

static const struct {
	int yaml;
	jx_export_format fmt;
	int flags;
	const char *zh, *en;
} formats[] = {
	{0, JX_EXPORT_XLSX, 0, "xlsx 表格（Excel、WPS，按上报表样）", "xlsx workbook (Excel, WPS; the layout submitted)"},
	{0, JX_EXPORT_CSV, 0, "CSV（UTF-8，Excel、WPS 可直接打开）", "CSV (UTF-8, opens in Excel and WPS)"},
	{0, JX_EXPORT_CSV, JX_EXPORT_GB18030, "CSV（GB18030，供旧版软件）", "CSV (GB18030, for older software)"},
	{0, JX_EXPORT_HTML, 0, "HTML 打印版（A4）", "printable HTML (A4)"},
	{0, JX_EXPORT_REPORT_MD, 0, "评价报告初稿（Markdown）", "report draft (Markdown)"},
	{0, JX_EXPORT_REPORT_HTML, 0, "评价报告初稿（HTML）", "report draft (HTML)"},
	{0, JX_EXPORT_CSV_DATA, 0, "指标数据 CSV（每个指标一行，供数据透视）", "indicator data CSV (one row per indicator, for pivot tables)"},
	{1, JX_EXPORT_XLSX, 0, "交换文件（YAML，含修改记录，可在另一台机器导入合并）",
	 "bundle (YAML with the history, to import and merge on another machine)"},
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

void ws_export(ws *w)
{
	jx_err err = {{0}};
	int64_t one = 0, *ids = NULL;
	size_t n = 0;
	int year = 0, deleted = 0, trash = 0;
	char name[256] = "";

	if (w->cur == WS_LIST || w->s.sheet)
		one = ws_target_sheet(w, &year, name, sizeof name, &deleted);
	int64_t *shown = NULL;
	size_t nshown = 0, conflict_copies = 0;
	if (scr_list_shown(w, &shown, &nshown, &conflict_copies, &trash) < 0) {
		ws_msg(w, UC_ERROR, "%s", L("内存不足", "out of memory"));
		return;
	}
	/* what: this sheet, or the list as filtered */
	int all = 0;
	if (nshown > 1 && !trash) {
		char a[512], b[256];
		const char *opts[2];
		int k = 0, nopts = 0;
		if (one > 0 && !deleted) {
			snprintf(a, sizeof a, L("当前项目：%d 年「%s」", "this sheet: %d \"%s\""), year, name);
			opts[nopts++] = a;
		}
		snprintf(b, sizeof b, L("项目列表中的全部 %zu 个项目（按当前筛选）", "all %zu sheets of the project list (as filtered)"),
			 nshown);
		opts[nopts++] = b;
		if (nopts > 1) {
			k = ui_pick(L("导出什么", "Export what"), opts, nopts, 0);
			if (k < 0) {
				free(shown);
				return;
			}
		}
		all = k == nopts - 1;
	}
	if (!all && (one <= 0 || deleted)) {
		free(shown);
		ws_msg(w, UC_WARN, "%s",
		       deleted ? L("回收站中的项目不能导出：请先恢复（r）", "a sheet in the trash cannot be exported: restore it first (r)")
			       : L("没有可导出的项目", "there is no sheet to export"));
		return;
	}
	if (all) {
		ids = shown;
		n = nshown;
		shown = NULL;
	} else {
		free(shown);
		ids = malloc(sizeof *ids);
		if (!ids)
			return;
		ids[0] = one;
		n = 1;
	}

	/* the format */
	const char *fopts[N_FORMATS];
	for (size_t i = 0; i < N_FORMATS; i++)
		fopts[i] = L(formats[i].zh, formats[i].en);
	int f = ui_pick(L("导出格式", "Export format"), fopts, (int)N_FORMATS, 0);
	if (f < 0) {
		free(ids);
		return;
	}
	int yaml = formats[f].yaml;
	if (yaml && n == 1) {
		int64_t of = 0;
		if (jx_store_conflict_of(w->s.st, ids[0], &of, NULL, &err) == 0 && of > 0) {
			ws_msg(w, UC_WARN,
			       L("这是评价表 %lld 的冲突副本，不能放进交换文件：请先处理冲突（jixiao resolve）",
				 "this is a conflict copy of sheet %lld and cannot go into a bundle: settle the conflict first (jixiao resolve)"),
			       (long long)of);
			free(ids);
			return;
		}
	}

	/* the file name: from the sheet, or jixiao-export */
	char path[1024], cwd[512], label[700];
	jx_sheet *s = NULL;
	if (n == 1 && jx_store_load(w->s.st, ids[0], &s, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		free(ids);
		return;
	}
	const jx_template *t = s ? jx_templates_find(&w->s.tpl, s->template_id) : NULL;
	jx_export_default_name(s, t, yaml ? JX_EXPORT_CSV : formats[f].fmt, path, sizeof path - 8);
	jx_sheet_free(s);
	if (yaml) {
		char *dot = strrchr(path, '.');
		if (dot)
			*dot = '\0';
		strcat(path, ".yaml");
	}
	if (!getcwd(cwd, sizeof cwd))
		snprintf(cwd, sizeof cwd, ".");
	snprintf(label, sizeof label, L("文件名（在 %s 中）", "File name (in %s)"), cwd);
	for (;;) {
		if (!ui_prompt(yaml ? L("导出交换文件", "Export a bundle") : L("导出", "Export"), label, path, sizeof path) || !path[0]) {
			ws_msg(w, UC_INFO, "%s", L("未导出", "nothing exported"));
			free(ids);
			return;
		}
		struct stat sb;
		if (lstat(path, &sb) != 0)
			break;
		if (S_ISDIR(sb.st_mode)) {
			ws_msg(w, UC_ERROR, L("「%s」是一个目录：请在后面加上文件名", "\"%s\" is a directory: add a file name to it"), path);
			continue;
		}
		char q[1200];
		snprintf(q, sizeof q, L("「%s」已存在。覆盖它？", "\"%s\" exists. Replace it?"), path);
		if (ui_confirm(L("文件已存在", "File exists"), q))
			break;
	}
	int force = access(path, F_OK) == 0;

	ws_msg(w, UC_INFO, L("正在导出 %zu 张评价表……", "exporting %zu sheets..."), n);
	ws_frame(w);
	/* read from the database one sheet at a time, whatever the format */
	jx_app_feed feed;
	jx_app_feed_init(&feed, w->s.st, ids, n);
	int rc = jx_app_export(&feed, &w->s.tpl, yaml, formats[f].fmt, path, formats[f].flags | (force ? JX_EXPORT_FORCE : 0),
			       &err);
	jx_app_feed_free(&feed);
	free(ids);
	if (rc < 0) {
		ws_msg(w, UC_ERROR, L("导出失败，未写入任何文件：%s", "export failed, no file written: %s"), err.msg);
		return;
	}
	if (all && conflict_copies)
		ws_msg(w, UC_OK,
		       L("已导出 %zu 张评价表到 %s（%zu 张冲突副本未导出）", "exported %zu sheets to %s (%zu conflict copies left out)"), n,
		       path, conflict_copies);
	else
		ws_msg(w, UC_OK, L("已导出 %zu 张评价表到 %s", "exported %zu sheets to %s"), n, path);
}

/* ---- import ------------------------------------------------------------------------ */

/* One line of the merge report. */
static void report_item(ui_buf *b, const jx_merge_item *it)
{
	char name[200];
	one_line(name, sizeof name, it->name && *it->name ? it->name : L("（未命名）", "(unnamed)"), 40);
	const char *label = jx_merge_result_label(it->result);
	switch (it->result) {
	case JX_MERGE_NEW:
		ui_buf_printf(b, L("%s  %d 年「%s」，编号 %lld\n", "%s  %d \"%s\" as number %lld\n"), label, it->year, name,
			      (long long)it->id);
		break;
	case JX_MERGE_UPDATED:
		if (it->content_changed)
			ui_buf_printf(b, L("%s  %d 年「%s」，编号 %lld：采用对方较新的版本，补入 %zu 条修改记录\n",
					   "%s  %d \"%s\", number %lld: took the newer version, %zu changes added to its history\n"),
				      label, it->year, name, (long long)it->id, it->rows_added);
		else
			ui_buf_printf(b, L("%s  %d 年「%s」，编号 %lld：内容相同，补入 %zu 条修改记录\n",
					   "%s  %d \"%s\", number %lld: same content, %zu changes added to its history\n"),
				      label, it->year, name, (long long)it->id, it->rows_added);
		break;
	case JX_MERGE_NEWER_HERE:
		ui_buf_printf(b, L("%s  %d 年「%s」，编号 %lld：本机版本已包含对方的全部修改，保留本机版本\n",
				   "%s  %d \"%s\", number %lld: this machine's version already holds every change of the other, kept\n"),
			      label, it->year, name, (long long)it->id);
		break;
	case JX_MERGE_UNCHANGED:
		ui_buf_printf(b, L("%s  %d 年「%s」，编号 %lld\n", "%s  %d \"%s\", number %lld\n"), label, it->year, name,
			      (long long)it->id);
		break;
	case JX_MERGE_CONFLICT:
		if (it->mismatch)
			ui_buf_printf(b, L("%s  %d 年「%s」：历史与内容不符——对方的修改记录不能得出对方的内容；本机版本（编号 %lld）不变，",
					   "%s  %d \"%s\": history does not match content: the other's audit rows do not lead to its "
					   "content; this machine's version (number %lld) is unchanged, "),
				      label, it->year, name, (long long)it->id);
		else
			ui_buf_printf(b, L("%s  %d 年「%s」：本机（编号 %lld）和 %s 都修改过；本机版本不变，",
					   "%s  %d \"%s\": changed both here (number %lld) and on %s; this machine's version is unchanged, "),
				      label, it->year, name, (long long)it->id, it->origin ? it->origin : "");
		if (it->copy_state == 0)
			ui_buf_printf(b, L("对方版本存为冲突副本，编号 %lld\n", "the other version is kept as conflict copy number %lld\n"),
				      (long long)it->copy_id);
		else if (it->copy_state == 1)
			ui_buf_printf(b, L("冲突副本（编号 %lld）已更新为对方的新版本\n", "conflict copy number %lld now holds the other's newer version\n"),
				      (long long)it->copy_id);
		else
			ui_buf_printf(b, L("对方版本已在冲突副本（编号 %lld）中\n", "the other version is already kept as conflict copy number %lld\n"),
				      (long long)it->copy_id);
		break;
	case JX_MERGE_NRESULTS:
		break;
	}
}

/* A spreadsheet (xlsx, xls, CSV) is not a bundle: which template its
 * indicators go into is asked (the national project form first), and
 * what import --dry-run prints is shown before anything is written.
 * *tid: the template chosen; 0 when the user went back. */
static int pick_sheet_template(ws *w, const char **tid)
{
	const char **names = calloc(w->s.tpl.n ? w->s.tpl.n : 1, sizeof *names);
	int sel = 0, k;
	if (!names)
		return 0;
	for (size_t i = 0; i < w->s.tpl.n; i++) {
		const jx_template *t = w->s.tpl.v[i];
		names[i] = L(t->name ? t->name : t->id, t->name_en ? t->name_en : t->id);
		if (t->id && strcmp(t->id, "project-self-2020") == 0)
			sel = (int)i;
	}
	k = ui_pick(L("表格导入为：选择模板", "Import the spreadsheet as: choose a template"), names, (int)w->s.tpl.n, sel);
	free(names);
	if (k < 0)
		return 0;
	*tid = w->s.tpl.v[k]->id;
	return 1;
}

/* The preview of a spreadsheet read with opts (its mapping and rows, as
 * import --dry-run prints them), then the question.  1 to import. */
static int confirm_spreadsheet(const char *path, const char *preview, const jx_app_import *im)
{
	char title[1200], q[200];
	size_t n = 0;
	for (size_t i = 0; i < im->nf; i++)
		n += im->b[i].n;
	snprintf(title, sizeof title, L("导入预览：%s", "Import preview: %s"), path);
	/* the dry run separates its columns with tabs, which the viewer would
	 * draw as unknown characters: a gap of two columns instead, and a dash
	 * for an empty column so that the row still reads across */
	ui_buf b = {0};
	for (const char *p = preview ? preview : ""; *p; p++) {
		if (*p != '\t') {
			char c[2] = {*p, 0};
			ui_buf_add(&b, c);
		} else
			ui_buf_add(&b, p[1] == '\t' || p[1] == '\n' || !p[1] ? "  -" : "  ");
	}
	ui_show_text(title, b.s ? b.s : "");
	ui_buf_free(&b);
	snprintf(q, sizeof q, L("按上面的对应导入 %zu 张评价表？", "Import %zu sheets as mapped above?"), n);
	return ui_confirm(L("导入表格", "Import a spreadsheet"), q);
}

void ws_import(ws *w)
{
	static char last[1024];
	jx_err err = {{0}};
	char cwd[512], label[700];
	if (w->s.review) {
		ws_msg(w, UC_WARN, "%s", L("审核模式：不能导入", "review mode: nothing can be imported"));
		return;
	}
	if (w->s.db_readonly) {
		ws_msg(w, UC_ERROR, "%s", L("数据库只读：不能导入", "the database is read-only: nothing can be imported"));
		return;
	}
	if (!getcwd(cwd, sizeof cwd))
		snprintf(cwd, sizeof cwd, ".");
	snprintf(label, sizeof label,
		 L("交换文件（YAML）或表格（xlsx、xls、CSV）的文件名（在 %s 中）",
		   "Bundle (YAML) or spreadsheet (xlsx, xls, CSV) file name (in %s)"),
		 cwd);
	char path[1024];
	snprintf(path, sizeof path, "%s", last);
	if (!ui_prompt(L("导入交换文件或表格", "Import a bundle or a spreadsheet"), label, path, sizeof path) || !path[0]) {
		ws_msg(w, UC_INFO, "%s", L("未导入", "nothing imported"));
		return;
	}
	snprintf(last, sizeof last, "%s", path);
	ws_msg(w, UC_INFO, L("正在读取 %s……", "reading %s..."), path);
	ws_frame(w);

	char *files[1] = {path}, *preview = NULL;
	size_t preview_len = 0;
	int sheet_file = jx_table_is_spreadsheet(path);
	jx_table_opts opts = {NULL, NULL, NULL};
	jx_app_import im;
	jx_app_msgs msgs = {0};
	if (sheet_file && !pick_sheet_template(w, &opts.template_id)) {
		ws_msg(w, UC_INFO, "%s", L("未导入", "nothing imported"));
		return;
	}
	if (sheet_file)
		opts.dry = open_memstream(&preview, &preview_len);
	int read = jx_app_import_read_opts(&im, files, 1, &w->s.tpl, sheet_file ? &opts : NULL, &msgs);
	if (opts.dry)
		fclose(opts.dry);
	if (read < 0) {
		ws_msg(w, UC_ERROR, L("未导入：%s", "nothing imported: %s"), msgs.n ? msgs.v[0] : "");
		jx_app_msgs_free(&msgs);
		free(preview);
		return;
	}
	if (sheet_file && !confirm_spreadsheet(path, preview, &im)) {
		ws_msg(w, UC_INFO, "%s", L("未导入", "nothing imported"));
		free(preview);
		jx_app_import_free(&im);
		return;
	}
	free(preview);
	size_t at = 0, file, sheet;
	const jx_sheet *unknown = jx_app_import_unknown(&im, &w->s.tpl, &at, &file, &sheet);
	if (unknown) {
		ws_msg(w, UC_ERROR, L("未导入：%s 中的第 %zu 张表使用未知的模板「%s」", "nothing imported: %s, sheet %zu: unknown template \"%s\""),
		       path, sheet + 1, unknown->template_id ? unknown->template_id : "");
		jx_app_import_free(&im);
		return;
	}
	/* an edit of the open sheet is not in progress (keys go to the editor
	 * then); a sheet that changes is reloaded below.  The import refreshes
	 * the list's figures of what came in; when they cannot be stored the
	 * sheets are imported all the same. */
	int rc = jx_app_import_merge(&im, w->s.st, &w->s.tpl, w->s.user, &msgs, &err);
	if (rc != JX_APP_IMPORTED && rc != JX_APP_IMPORT_NO_SUMMARY) {
		ws_msg(w, UC_ERROR, L("未导入：%s", "nothing imported: %s"),
		       rc == JX_APP_IMPORT_FINALISED && msgs.n ? msgs.v[0] : err.msg);
		jx_app_msgs_free(&msgs);
		jx_app_import_free(&im);
		return;
	}
	jx_app_msgs_free(&msgs);
	const jx_merge_report *rep = &im.rep;
	ui_buf rb = {0};
	size_t nc = rep->count[JX_MERGE_CONFLICT];
	for (size_t k = 0; k < rep->n; k++)
		report_item(&rb, &rep->v[k]);
	ui_buf_printf(&rb, L("\n合计：%s %zu，%s %zu，%s %zu，%s %zu，%s %zu\n", "\nTotal: %s %zu, %s %zu, %s %zu, %s %zu, %s %zu\n"),
		      jx_merge_result_label(JX_MERGE_NEW), rep->count[JX_MERGE_NEW], jx_merge_result_label(JX_MERGE_UPDATED),
		      rep->count[JX_MERGE_UPDATED], jx_merge_result_label(JX_MERGE_NEWER_HERE), rep->count[JX_MERGE_NEWER_HERE],
		      jx_merge_result_label(JX_MERGE_UNCHANGED), rep->count[JX_MERGE_UNCHANGED],
		      jx_merge_result_label(JX_MERGE_CONFLICT), nc);
	if (nc)
		ui_buf_printf(&rb, L("\n注意：%zu 张评价表有冲突，两个版本都已保留（项目列表中名称带「冲突副本」的行）；"
				     "请用 jixiao resolve 编号 --keep local 或 --keep incoming 选择保留哪个版本。\n",
				     "\nNote: %zu sheets are in conflict; both versions are kept (the rows named \"conflict copy\" in the "
				     "project list); choose one with jixiao resolve ID --keep local or --keep incoming.\n"),
			      nc);
	char title[1200];
	snprintf(title, sizeof title, L("导入结果：%s", "Imported: %s"), path);
	/* the open sheet, when the bundle held a newer version of it */
	ws_reload_if_changed(w);
	ws_msg(w, nc ? UC_WARN : UC_OK, L("已导入 %s：%zu 张评价表（新增 %zu，更新 %zu，冲突 %zu）", "imported %s: %zu sheets (%zu new, %zu updated, %zu in conflict)"),
	       path, rep->n, rep->count[JX_MERGE_NEW], rep->count[JX_MERGE_UPDATED], nc);
	jx_app_import_free(&im);
	scr_list_reload(w);
	ui_show_text(title, rb.s ? rb.s : "");
	ui_buf_free(&rb);
}

/* ---- a project's stages ------------------------------------------------------------- */

/* The month a new monitoring sheet covers to, asked with the month after
 * the open sheet's proposed.  0 when given up or refused (message set). */
static int ask_month(ws *w, int after)
{
	char buf[16], *end;
	snprintf(buf, sizeof buf, "%d", after < 12 ? after + 1 : 12);
	if (!ui_prompt(L("生成监控表", "Make a monitoring sheet"), L("截止月份（1–12）", "Last month covered (1-12)"), buf,
		       sizeof buf))
		return 0;
	long m = strtol(buf, &end, 10);
	if (end == buf || *end || m < 1 || m > 12) {
		ws_msg(w, UC_ERROR, L("截止月份须为 1 到 12：%s", "the month must be 1 to 12: %s"), buf);
		return 0;
	}
	return (int)m;
}

/* S on the last sheet of a project's year that is not its
 * self-evaluation: make the next stage (a monitoring sheet for months 1–N,
 * or the self-evaluation, which keeps the monitoring forecasts as notes)
 * through the operations layer, as jixiao stage does, and open it; or, the
 * first choice when there are other sheets, go round to the first.  1 when
 * handled. */
static int offer_next_stage(ws *w, int64_t first, int several)
{
	jx_err err = {{0}};
	const char *items[3];
	int n = 0, k, g, month = 0, rc;
	int64_t id = w->s.sheet->id, new_id = 0;
	char what[64], go[96];
	jx_stage at = jx_sheet_stage_in(w->s.sheet, w->s.t);
	if (at == JX_STAGE_SELF || w->s.review || w->s.db_readonly)
		return 0;
	if (several) {
		snprintf(go, sizeof go, L("转到本年度第一张表（编号 %lld）", "Go to the year's first sheet (number %lld)"),
			 (long long)first);
		items[n++] = go;
	}
	items[n++] = L("生成监控表（1–N月）", "Make a monitoring sheet (months 1-N)");
	items[n++] = L("生成自评表", "Make the self-evaluation");
	if ((k = ui_pick(L("下一阶段", "Next stage"), items, n, 0)) < 0)
		return 1;
	if (several && k == 0)
		return 0;
	g = k == n - 1 ? JX_STAGE_SELF : JX_STAGE_MONITORING;
	if (g == JX_STAGE_MONITORING && !(month = ask_month(w, w->s.sheet->stage_month)))
		return 1;
	rc = jx_app_make_stage(w->s.st, &w->s.tpl, id, g, month, w->s.user, &new_id, &err);
	jx_stage_text(jx_stage_key((jx_stage)g), month, what, sizeof what);
	if (rc < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return 1;
	}
	if (session_open_sheet(&w->s, new_id) != 0)
		return 1;
	if (rc > 0)
		ws_msg(w, UC_WARN, L("本年度已有%s表（编号 %lld），已转到它", "the year has a %s sheet already (number %lld): now on it"),
		       what, (long long)new_id);
	else
		ws_msg(w, UC_OK, L("已生成%s表，编号 %lld", "made the %s sheet, number %lld"), what, (long long)new_id);
	return 1;
}

void ws_next_stage(ws *w)
{
	jx_err err = {{0}};
	int64_t *ids = NULL;
	size_t n = 0, at = 0;
	char what[64];
	if (!w->s.sheet) {
		ws_msg(w, UC_WARN, "%s", L("先打开一张表（1 项目列表，Enter）", "open a sheet first (1 Projects, Enter)"));
		return;
	}
	if (jx_app_project_stages(w->s.st, w->s.sheet, &ids, &n, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return;
	}
	while (at < n && ids[at] != w->s.sheet->id)
		at++;
	if ((at + 1 >= n) && offer_next_stage(w, n ? ids[0] : 0, n >= 2 && at < n)) {
		free(ids);
		return;
	}
	if (n < 2 || at == n) {
		ws_msg(w, UC_DIM, "%s",
		       L("本项目本年度只有这一张表；生成下一阶段：jixiao stage 编号 阶段",
			 "this is the project's only sheet this year; jixiao stage ID STAGE makes the next stage"));
		free(ids);
		return;
	}
	if (session_open_sheet(&w->s, ids[(at + 1) % n]) == 0)
		ws_msg(w, UC_OK, L("已转到%s表（编号 %lld）", "now on the %s sheet (number %lld)"),
		       jx_stage_text(w->s.sheet->stage, w->s.sheet->stage_month, what, sizeof what),
		       (long long)w->s.sheet->id);
	free(ids);
}

/* ---- finalise and reopen ------------------------------------------------------------ */

void ws_finalise_toggle(ws *w)
{
	jx_err err = {{0}};
	int year = 0, deleted = 0;
	char name[256], q[800];
	if (w->s.db_readonly) {
		ws_msg(w, UC_ERROR, "%s", L("数据库只读：不能定稿或重新打开", "the database is read-only: nothing can be finalised or reopened"));
		return;
	}
	int64_t id = ws_target_sheet(w, &year, name, sizeof name, &deleted);
	if (id <= 0)
		return;
	if (deleted) {
		ws_msg(w, UC_WARN, "%s", L("回收站中的项目不能定稿", "a sheet in the trash cannot be finalised"));
		return;
	}
	/* the open sheet as it is on disk now; another sheet loaded for this */
	int open = w->s.sheet && w->s.sheet->id == id;
	jx_sheet *s = NULL;
	if (open) {
		ws_reload_if_changed(w);
		s = w->s.sheet;
	} else if (jx_store_load(w->s.st, id, &s, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return;
	}
	char shown[200];
	one_line(shown, sizeof shown, name, 40);
	int rc = 1;
	if (!session_sheet_final(s)) {
		/* an incomplete sheet is finalised only when the clerk says so knowing it */
		size_t unfilled = jx_app_unfilled(w->s.st, &w->s.tpl, s);
		if (unfilled > 0)
			snprintf(q, sizeof q,
				 L("%d 年「%s」尚有 %zu 项未填（见 7 检查），还不能评定等级。\n\n仍要定稿吗？定稿后，本表的每一项修改都会被拒绝，直到重新打开（须说明理由，记入修改记录）。",
				   "The %d sheet \"%s\" still has %zu unfilled values (see 7 Checks); it cannot be graded "
				   "yet.\n\nFinalise it anyway? Once finalised, every change to it is refused until it is "
				   "reopened (with a reason, recorded in its history)."),
				 year, shown, unfilled);
		else
			snprintf(q, sizeof q,
				 L("定稿 %d 年「%s」？\n\n定稿后，本表的每一项修改都会被拒绝，直到重新打开（须说明理由，记入修改记录）。",
				   "Finalise the %d sheet \"%s\"?\n\nOnce finalised, every change to it is refused until it is reopened "
				   "(with a reason, recorded in its history)."),
				 year, shown);
		if (ui_confirm(unfilled > 0 ? L("定稿未完成的表", "Finalise an incomplete sheet") : L("定稿", "Finalise"), q)) {
			jx_app_final fin;
			rc = jx_app_finalise(w->s.st, s, w->s.user, &fin, &err) == JX_APP_DONE ? 0 : -1;
			if (rc == 0)
				ws_msg(w, UC_OK, L("已定稿：%d 年「%s」（要修改须先按 F 重新打开）", "finalised: %d \"%s\" (press F to reopen it before changing it)"),
				       year, shown);
		} else {
			ws_msg(w, UC_INFO, "%s", L("未定稿", "not finalised"));
		}
	} else {
		char reason[1024] = "";
		snprintf(q, sizeof q, L("重新打开「%s」的理由（必填，记入修改记录）", "Why reopen \"%s\" (required, recorded in its history)"), shown);
		for (;;) {
			if (!ui_prompt(L("重新打开定稿的表", "Reopen a finalised sheet"), q, reason, sizeof reason)) {
				ws_msg(w, UC_INFO, "%s", L("未重新打开，表仍为定稿", "not reopened; the sheet stays final"));
				break;
			}
			char *p = reason;
			while (*p == ' ')
				p++;
			if (!*p) {
				ws_msg(w, UC_WARN, "%s", L("必须写明重新打开的理由", "a reason is required to reopen"));
				continue;
			}
			jx_app_final fin;
			rc = jx_app_reopen(w->s.st, s, reason, w->s.user, &fin, &err) == JX_APP_DONE ? 0 : -1;
			if (rc == 0)
				ws_msg(w, UC_OK, L("已重新打开：%d 年「%s」，理由已记入修改记录", "reopened: %d \"%s\"; the reason is in its history"),
				       year, shown);
			break;
		}
	}
	if (rc < 0)
		ws_msg(w, UC_ERROR, "%s", err.msg);
	if (!open)
		jx_sheet_free(s);
	else {
		/* the status and the revision changed: the views follow */
		ws_reload_if_changed(w);
		w->s.summary_dirty = 1;
	}
	scr_list_reload(w);
}

/* ---- history ------------------------------------------------------------------------ */

/* "2026-11-21 16:40:12" in local time from the stored UTC "…T…Z". */
static void local_time(const char *iso, char *buf, size_t len)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = iso ? strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	if (!end || *end) {
		snprintf(buf, len, "%s", iso ? iso : "");
		return;
	}
	time_t t = timegm(&tm);
	struct tm lt;
	localtime_r(&t, &lt);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &lt);
}

/* What an audit row's field names, in words: a field's label, or the
 * whole-row and whole-sheet changes the store records. */
static void history_label(const jx_sheet *s, const char *field, char *buf, size_t len)
{
	static const struct {
		const char *field, *zh, *en;
	} sheet_rows[] = {
		{"sheet:create", "新建", "created"},
		{"sheet:deleted", "回收站", "trash"},
		{"sheet:finalise", "定稿", "finalised"},
		{"sheet:reopen", "重新打开（理由）", "reopened (reason)"},
		{"sheet:resolve", "处理冲突", "conflict settled"},
	};
	size_t i;
	char tail[8];
	if (!field)
		field = "";
	for (i = 0; i < sizeof sheet_rows / sizeof sheet_rows[0]; i++)
		if (strcmp(field, sheet_rows[i].field) == 0) {
			snprintf(buf, len, "%s", L(sheet_rows[i].zh, sheet_rows[i].en));
			return;
		}
	if (strncmp(field, "fund:", 5) == 0 && !strchr(field + 5, ':')) {
		snprintf(buf, len, L("资金来源「%s」（整行）", "fund source \"%s\" (whole row)"), field + 5);
		return;
	}
	if (sscanf(field, "sub:%zu%7s", &i, tail) == 1) {
		snprintf(buf, len, L("二级项目 %zu（整行）", "sub-project %zu (whole row)"), i + 1);
		return;
	}
	if (sscanf(field, "goal:%zu%7s", &i, tail) == 1) {
		snprintf(buf, len, L("年度目标 %zu（整条）", "goal %zu (whole)"), i + 1);
		return;
	}
	if (s && strncmp(field, "sheet:", 6) != 0) {
		jx_field_label(s, field, buf, len);
		return;
	}
	snprintf(buf, len, "%s", field);
}

void ws_show_history(ws *w, int64_t sheet, const char *path)
{
	jx_err err;
	jx_audit_row *rows = NULL;
	size_t n = 0;
	char label[256], title[400];
	if (sheet <= 0) {
		ws_msg(w, UC_WARN, "%s", L("没有选中的项目", "no sheet is selected"));
		return;
	}
	if (jx_store_history(w->s.st, sheet, path, &rows, &n, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg);
		return;
	}
	/* the sheet names the fields (one not open is read for it) */
	jx_sheet *loaded = NULL;
	const jx_sheet *s = w->s.sheet && w->s.sheet->id == sheet ? w->s.sheet : NULL;
	if (!s && jx_store_load(w->s.st, sheet, &loaded, &err) == 0)
		s = loaded;
	if (path)
		history_label(s, path, label, sizeof label);
	if (path)
		snprintf(title, sizeof title, L("修改记录：%s", "History: %s"), label);
	else
		snprintf(title, sizeof title, L("修改记录：整张表（编号 %lld）", "History: the whole sheet (number %lld)"), (long long)sheet);
	ui_buf b = {0};
	if (n == 0)
		ui_buf_add(&b, L("没有修改记录。\n", "No changes recorded.\n"));
	else
		ui_buf_printf(&b, L("共 %zu 条，最新的在上；修改记录只能查看，不能修改或删除。\n\n",
				    "%zu changes, the newest first; the history can be read, never changed or deleted.\n\n"),
			      n);
	const char *here = jx_store_origin(w->s.st);
	/* values as wide as the box allows: old -> new on one line when both
	 * fit, else one under the other */
	int vw = ui_cols() - 20;
	if (vw < 20)
		vw = 20;
	for (size_t k = n; k-- > 0;) {
		const jx_audit_row *r = &rows[k];
		char when[40], ov[1200], nv[1200], fl[256];
		local_time(r->at, when, sizeof when);
		one_line(ov, sizeof ov, r->old_value && *r->old_value ? r->old_value : L("（空）", "(empty)"), vw);
		one_line(nv, sizeof nv, r->new_value && *r->new_value ? r->new_value : L("（空）", "(empty)"), vw);
		ui_buf_printf(&b, "%s  %s", when, r->user ? r->user : "");
		if (r->origin && *r->origin && here && strcmp(r->origin, here) != 0)
			ui_buf_printf(&b, L("（在 %s）", " (on %s)"), r->origin);
		/* a row of another field under the one asked for (a whole
		 * indicator, a whole sheet) says which */
		if (!path || strcmp(path, r->field ? r->field : "") != 0) {
			history_label(s, r->field, fl, sizeof fl);
			ui_buf_printf(&b, "  %s", fl);
		}
		if (jx_text_width(ov) + jx_text_width(nv) + 4 <= vw)
			ui_buf_printf(&b, "\n    %s -> %s\n", ov, nv);
		else
			ui_buf_printf(&b, "\n    %s\n    -> %s\n", ov, nv);
	}
	jx_audit_free(rows, n);
	jx_sheet_free(loaded);
	ui_show_text(title, b.s ? b.s : "");
	ui_buf_free(&b);
}
