/* 项目信息: the project-info fields as a form, the list of 立项依据
 * documents and the annual goals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "field.h"
#include "ws.h"

/* F1: what this screen is and how it is used (help() adds what concerns
 * the cursor). */
static const char about_zh[] =
	"项目信息：项目概况的各个字段、立项依据文件和年度总体目标。\n\n"
	"上下键或 Tab 移动；在字段上直接输入即替换原值（多行文本：加在末尾），Enter 或 F2 打开原值"
	"（单行字段 Enter 保存并到下一项；多行文本 Tab 或 F2 保存，Enter 换行）；"
	"d 清空字段；在立项依据或目标的「预期」上按 d 删除这一条（先确认，撤销可恢复）；H 查看字段的修改记录。"
	"最后一行「（新增依据）」「（新增目标）」用来添加一条：保存后光标到下一个「（新增依据）」或新目标的「实际」。\n";
static const char about_en[] =
	"Project info: the project's description, its basis documents and the annual goals.\n\n"
	"Up/Down or Tab move; typing on a field replaces its value (a text area: added at its end), Enter or "
	"F2 opens the value (a one-line field saves with Enter and goes to the next; a text "
	"area saves with Tab or F2, Enter starts a new line); d clears a field, and on a basis document or a "
	"goal's planned text deletes that item (after asking; undo brings it back); H shows a field's history. "
	"The last line \"(add ...)\" adds one: once saved, the cursor goes on to the next \"(add document)\" or to "
	"the new goal's \"achieved\".\n";

typedef struct {
	ui_form f; /* first: form_view_destroy frees the state */
} info_st;

static const char *const project_types[] = {"经常性", "一次性"};
static const char *const project_types_en[] = {"经常性 (recurring)", "一次性 (one-off)"};
static const char *const eval_types[] = {"实施过程评价", "完成结果评价"};
static const char *const eval_types_en[] = {"实施过程评价 (process)", "完成结果评价 (result)"};
/* The status as the form shows it; picking one takes a review step
 * (sheet_review.c), never writes the field. */
static const char *status_values[JX_ST_COUNT], *status_names[JX_ST_COUNT];

static void build(ws *w, info_st *s)
{
	ui_form *f = &s->f;
	char path[96], label[96];
	ui_fitem *it;
	form_reset(f);
	if (!w->s.sheet)
		return;
	const jx_template *t = w->s.t;
	snprintf(label, sizeof label, "%s%s", L("基本信息（模板）：", "Basic information (template): "),
		 t ? L(t->name ? t->name : t->id, t->name_en ? t->name_en : t->id) : (w->s.sheet->template_id ? w->s.sheet->template_id : ""));
	form_add(f, UF_HEADING, NULL, label);
	form_add(f, UF_LINE, "year", L("评价年度", "Year evaluated"));
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		if (i == JX_INFO_BACKGROUND || i == JX_INFO_CONTENT || i == JX_INFO_IMPLEMENTATION)
			continue;
		snprintf(path, sizeof path, "info:%s", jx_info_labels[i].key);
		const char *lab = L(jx_info_labels[i].zh, jx_info_labels[i].en);
		if (i == JX_INFO_PROJECT_TYPE || i == JX_INFO_EVAL_TYPE) {
			it = form_add(f, UF_CHOICE, path, lab);
			if (it) {
				int pt = i == JX_INFO_PROJECT_TYPE;
				it->values = pt ? project_types : eval_types;
				it->choices = jx_lang == JX_LANG_EN ? (pt ? project_types_en : eval_types_en) : it->values;
				it->nchoices = 2;
				it->free_text = 1;
			}
		} else {
			form_add(f, UF_LINE, path, lab);
		}
	}
	it = form_add(f, UF_CHOICE, "status", L("状态", "Status"));
	if (it) {
		for (int i = 0; i < JX_ST_COUNT; i++) {
			status_values[i] = jx_statuses[i].key;
			status_names[i] = L(jx_statuses[i].zh, jx_statuses[i].en);
		}
		it->values = status_values;
		it->choices = status_names;
		it->nchoices = JX_ST_COUNT;
	}

	form_add(f, UF_HEADING, NULL, L("立项依据", "Basis documents"));
	for (size_t i = 0; i <= w->s.sheet->n_basis; i++) {
		snprintf(path, sizeof path, "basis:%zu", i);
		if (i < w->s.sheet->n_basis)
			snprintf(label, sizeof label, L("依据 %zu", "Document %zu"), i + 1);
		else
			snprintf(label, sizeof label, "%s", L("（新增依据）", "(add document)"));
		form_add(f, UF_LINE, path, label);
	}

	form_add(f, UF_HEADING, NULL, L("项目概况", "Project description"));
	static const int areas[] = {JX_INFO_BACKGROUND, JX_INFO_CONTENT, JX_INFO_IMPLEMENTATION};
	for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++) {
		snprintf(path, sizeof path, "info:%s", jx_info_labels[areas[i]].key);
		it = form_add(f, UF_AREA, path, L(jx_info_labels[areas[i]].zh, jx_info_labels[areas[i]].en));
		if (it)
			it->lines = 3;
	}

	form_add(f, UF_HEADING, NULL, L("年度总体目标", "Annual goals"));
	for (size_t i = 0; i <= w->s.sheet->n_goals; i++) {
		if (i < w->s.sheet->n_goals) {
			snprintf(path, sizeof path, "goal:%zu:planned", i);
			snprintf(label, sizeof label, L("目标 %zu 预期", "Goal %zu planned"), i + 1);
			it = form_add(f, UF_AREA, path, label);
			if (it)
				it->lines = 2;
			snprintf(path, sizeof path, "goal:%zu:actual", i);
			snprintf(label, sizeof label, L("目标 %zu 实际", "Goal %zu achieved"), i + 1);
			it = form_add(f, UF_AREA, path, label);
			if (it)
				it->lines = 2;
			if (w->s.t && w->s.t->goal_blocks) { /* the goal block's weight on this sheet */
				snprintf(path, sizeof path, "goal:%zu:points", i);
				snprintf(label, sizeof label, L("目标 %zu 分值", "Goal %zu points"), i + 1);
				form_add(f, UF_LINE, path, label);
			}
		} else {
			snprintf(path, sizeof path, "goal:%zu:planned", i);
			it = form_add(f, UF_AREA, path, L("（新增目标）", "(add goal)"));
			if (it)
				it->lines = 1;
		}
	}
}

static void *create(ws *w)
{
	(void)w;
	return calloc(1, sizeof(info_st));
}

static void sheet_changed(ws *w, void *st)
{
	build(w, st);
}

static void draw(ws *w, void *st, int y, int x, int h, int wd)
{
	info_st *s = st;
	build(w, s);
	form_draw(w, &s->f, y, x, h, wd);
}

static int key(ws *w, void *st, int k, ui_action a)
{
	info_st *s = st;
	build(w, s);
	const ui_fitem *it = form_current(&s->f);
	if (a == UA_DELETE && !w->editing && it) {
		/* d on a document or on a goal's planned text deletes it whole
		 * (after asking; undo puts it back); elsewhere it clears the field */
		size_t i;
		char tail[16];
		if (sscanf(it->path, "basis:%zu%15s", &i, tail) == 1 && i < w->s.sheet->n_basis) {
			session_row_delete(&w->s, JX_ROW_BASIS, i);
			return VR_HANDLED;
		}
		if (sscanf(it->path, "goal:%zu:%15s", &i, tail) == 2 && strcmp(tail, "planned") == 0 && i < w->s.sheet->n_goals) {
			session_row_delete(&w->s, JX_ROW_GOAL, i);
			return VR_HANDLED;
		}
	}
	/* a document or goal typed on the last line (新增) is added: the
	 * cursor goes on to what follows it (the goal's 实际, the next 新增) */
	char next[96] = "";
	size_t n_goals = w->s.sheet ? w->s.sheet->n_goals : 0, n_basis = w->s.sheet ? w->s.sheet->n_basis : 0;
	if (w->editing && it) {
		char add[96];
		snprintf(add, sizeof add, "goal:%zu:planned", n_goals);
		if (strcmp(it->path, add) == 0)
			snprintf(next, sizeof next, "goal:%zu:actual", n_goals);
		snprintf(add, sizeof add, "basis:%zu", n_basis);
		if (strcmp(it->path, add) == 0)
			snprintf(next, sizeof next, "basis:%zu", n_basis + 1);
	}
	int r = form_key(w, &s->f, k, a);
	if (next[0] && !w->editing && w->s.sheet && (w->s.sheet->n_goals > n_goals || w->s.sheet->n_basis > n_basis)) {
		build(w, s);
		form_go_to(&s->f, next);
	}
	return r;
}

static int field_at(ws *w, void *st, char *buf, size_t len)
{
	info_st *s = st;
	build(w, s);
	return form_field_at(&s->f, buf, len);
}

static void help(ws *w, void *st, ui_buf *b)
{
	info_st *s = st;
	const ui_fitem *it = form_current(&s->f);
	if (it && it->path[0]) {
		char label[256];
		jx_field_label(w->s.sheet, it->path, label, sizeof label);
		ui_buf_printf(b, L("\n当前字段：%s（%s）。此字段不参与计分。\n", "\nThis field: %s (%s). It is not scored.\n"), label,
			      it->path);
		if (strcmp(it->path, "year") == 0)
			ui_buf_add(b, L("评价年度：四位数字。复制到新年度请在项目列表中按 c。\n",
					"Year: four digits. To copy a sheet to a new year use c in Projects.\n"));
		if (strcmp(it->path, "info:fill_date") == 0)
			ui_buf_add(b, L("填报日期：YYYY-MM-DD。\n", "Date: YYYY-MM-DD.\n"));
	}
}

static int go_to(ws *w, void *st, const char *path)
{
	info_st *s = st;
	if (!w->s.sheet)
		return 0;
	build(w, s);
	return form_go_to(&s->f, path);
}

const view_ops scr_info_ops = {FORM_VIEW_OPS("项目信息", "Info"),
				.help = help, .field_at = field_at, .keybar = form_keybar};
