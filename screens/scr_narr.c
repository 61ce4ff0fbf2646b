/* 问题与建议: the narrative sections as multi-line text areas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "ws.h"

/* F1: what this screen is and how it is used. */
static const char about_zh[] =
	"问题与建议：主要经验及做法、存在的问题及原因分析、有关建议、其他需要说明的问题。\n\n"
	"上下键选择一段；Enter 编辑；编辑时 Enter 换行，Tab 或 F2 保存，Esc 取消（有修改时先确认）。"
	"粘贴的文字中的控制字符会被去掉。\n\n"
	"检查会核对：有未完成的指标或失分时，「存在的问题」不能写「无」。\n";
static const char about_en[] =
	"Narrative: experience, problems and their causes, suggestions, other matters.\n\n"
	"Up/Down choose a section; Enter edits; while editing Enter starts a new line, Tab or F2 saves, Esc "
	"cancels (asks first when something changed). Control characters in pasted text are removed.\n\n"
	"The checks compare: with an unmet indicator or lost points, the problems section must not say "
	"\"none\".\n";

typedef struct {
	ui_form f; /* first: form_view_destroy frees the state */
	int h;
} narr_st;

static void build(ws *w, narr_st *s, int h)
{
	ui_form *f = &s->f;
	char path[96];
	(void)w;
	form_reset(f);
	f->label_w = 1;
	int per = (h - JX_NARR_COUNT) / JX_NARR_COUNT;
	if (per < 2)
		per = 2;
	for (int i = 0; i < JX_NARR_COUNT; i++) {
		snprintf(path, sizeof path, "narr:%s", jx_narr_labels[i].key);
		form_add(f, UF_HEADING, NULL, L(jx_narr_labels[i].zh, jx_narr_labels[i].en));
		ui_fitem *it = form_add(f, UF_AREA, path, "");
		if (it)
			it->lines = per;
	}
}

static void *create(ws *w)
{
	(void)w;
	narr_st *s = calloc(1, sizeof *s);
	if (s)
		s->h = 20;
	return s;
}

static void sheet_changed(ws *w, void *st)
{
	narr_st *s = st;
	build(w, s, s->h);
}

static void draw(ws *w, void *st, int y, int x, int h, int wd)
{
	narr_st *s = st;
	s->h = h;
	build(w, s, h);
	form_draw(w, &s->f, y, x, h, wd);
}

static int key(ws *w, void *st, int k, ui_action a)
{
	narr_st *s = st;
	build(w, s, s->h);
	return form_key(w, &s->f, k, a);
}

static int go_to(ws *w, void *st, const char *path)
{
	narr_st *s = st;
	build(w, s, s->h);
	return form_go_to(&s->f, path);
}

static int field_at(ws *w, void *st, char *buf, size_t len)
{
	narr_st *s = st;
	build(w, s, s->h);
	return form_field_at(&s->f, buf, len);
}

const view_ops scr_narr_ops = {FORM_VIEW_OPS("问题与建议", "Narrative"), .field_at = field_at, .keybar = form_keybar};
