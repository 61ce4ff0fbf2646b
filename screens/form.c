/* Forms: a column of labelled fields (project info, narrative, review).
 * Values are read from the sheet on every draw; edits commit through
 * session_commit() like every other field. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "textwidth.h"
#include "ws.h"
#include "ws_comment.h"

void form_reset(ui_form *f)
{
	f->n = 0;
}

ui_fitem *form_add(ui_form *f, int kind, const char *path, const char *label)
{
	if (f->n == f->cap) {
		int cap = f->cap ? f->cap * 2 : 32;
		ui_fitem *v = realloc(f->items, (size_t)cap * sizeof *v);
		if (!v)
			return NULL;
		f->items = v;
		f->cap = cap;
	}
	ui_fitem *it = &f->items[f->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->lines = kind == UF_AREA ? 3 : 1;
	snprintf(it->path, sizeof it->path, "%s", path ? path : "");
	snprintf(it->label, sizeof it->label, "%s", label ? label : "");
	return it;
}

void form_free(ui_form *f)
{
	free(f->items);
	memset(f, 0, sizeof *f);
}

void form_view_destroy(void *st)
{
	/* the state's first member: a pointer to the struct is one to it */
	ui_form *f = st;
	if (f)
		form_free(f);
	free(st);
}

const ui_fitem *form_current(const ui_form *f)
{
	if (f->cur < 0 || f->cur >= f->n)
		return NULL;
	const ui_fitem *it = &f->items[f->cur];
	return it->kind == UF_HEADING ? NULL : it;
}

static int selectable(const ui_fitem *it)
{
	return it->kind != UF_HEADING;
}

static void clamp(ui_form *f)
{
	if (f->cur >= f->n)
		f->cur = f->n - 1;
	if (f->cur < 0)
		f->cur = 0;
	/* never rest on a heading */
	if (f->n && !selectable(&f->items[f->cur])) {
		int i = f->cur;
		while (i < f->n && !selectable(&f->items[i]))
			i++;
		if (i == f->n) {
			i = f->cur;
			while (i > 0 && !selectable(&f->items[i]))
				i--;
		}
		f->cur = i;
	}
}

/* Lines an item takes on screen. */
static int item_height(ws *w, const ui_form *f, int i, int body_h)
{
	const ui_fitem *it = &f->items[i];
	int h = it->kind == UF_AREA ? it->lines : 1;
	if (it->kind == UF_AREA && ws_is_editing(w, it->path)) {
		int want = body_h / 2;
		if (want < h)
			want = h;
		if (want < 4)
			want = 4;
		h = want;
	}
	if (w->s.err_path[0] && strcmp(w->s.err_path, it->path) == 0)
		h++;
	return h;
}

struct area_draw {
	int y, x, w, max, attr, drawn;
	const char *more; /* drawn at the end of the last line when the text goes on */
};

static void area_line(void *ctx, int line, const char *s, size_t len)
{
	struct area_draw *d = ctx;
	if (line >= d->max)
		return;
	char buf[1024];
	if (len >= sizeof buf)
		len = sizeof buf - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	int mw = d->more && line == d->max - 1 ? jx_text_width(d->more) : 0;
	if (mw >= d->w)
		mw = 0;
	ui_text(d->y + line, d->x, d->w - mw, buf, d->attr, UI_LEFT);
	if (mw)
		ui_text(d->y + line, d->x + d->w - mw, mw, d->more, ui_attr(UC_DIM), UI_RIGHT);
	d->drawn = line + 1;
}

void form_draw(ws *w, ui_form *f, int y, int x, int h, int wd)
{
	char val[4096];
	clamp(f);
	int lw = f->label_w;
	if (!lw) {
		for (int i = 0; i < f->n; i++) {
			int l = jx_text_width(f->items[i].label);
			if (f->items[i].kind != UF_HEADING && l > lw)
				lw = l;
		}
		if (lw > 24)
			lw = 24;
	}
	int vx = x + 1 + lw + 2, vw = wd - (vx - x) - 1;
	if (vw < 10)
		vw = 10;

	/* keep the current item in view */
	int ycur = 0, hcur = 1, total = 0;
	for (int i = 0; i < f->n; i++) {
		int ih = item_height(w, f, i, h);
		if (i == f->cur) {
			ycur = total;
			hcur = ih;
		}
		total += ih;
	}
	if (ycur < f->top)
		f->top = ycur;
	if (ycur + hcur > f->top + h)
		f->top = ycur + hcur - h;
	/* a heading right above the current item comes into view with it */
	if (f->cur > 0 && f->items[f->cur - 1].kind == UF_HEADING && f->top == ycur && ycur > 0)
		f->top = ycur - 1;
	if (f->top > total - h)
		f->top = total - h > 0 ? total - h : 0;
	if (f->top < 0)
		f->top = 0;

	int line = 0;
	for (int i = 0; i < f->n; i++) {
		const ui_fitem *it = &f->items[i];
		int ih = item_height(w, f, i, h);
		int sy = y + line - f->top;
		line += ih;
		if (sy + ih <= y || sy >= y + h)
			continue;
		int cur = i == f->cur && !f->inactive;
		if (it->kind == UF_HEADING) {
			if (sy >= y)
				ui_text(sy, x, wd, it->label, ui_attr(UC_HEADER), UI_LEFT);
			continue;
		}
		const jx_finding *fd = session_finding_for(&w->s, it->path);
		int lattr = cur ? ui_attr(UC_SELECT) : fd ? ui_attr(fd->sev == JX_SEV_ERROR ? UC_ERROR : UC_WARN) : ui_attr(UC_TITLE);
		if (sy >= y)
			ui_text(sy, x + 1, lw, it->label, lattr, UI_LEFT);
		/* an open comment on the field: the mark in the column before its label */
		if (sy >= y && ws_commented(w, it->path))
			ui_text(sy, x, 1, WS_COMMENT_MARK, ui_attr(UC_WARN), UI_LEFT);
		int editing = ws_is_editing(w, it->path);
		int vattr = cur ? ui_attr(UC_SELECT) : ui_attr(UC_NORMAL);
		int vh = ih - (w->s.err_path[0] && strcmp(w->s.err_path, it->path) == 0 ? 1 : 0);
		if (editing) {
			int ey = sy, eh = vh;
			if (ey < y) {
				eh -= y - ey;
				ey = y;
			}
			if (ey + eh > y + h)
				eh = y + h - ey;
			ui_edit_draw(&w->ed, ey, vx, eh > 0 ? eh : 1, vw, ui_attr(UC_EDIT));
		} else if (it->kind == UF_AREA) {
			session_get(&w->s, it->path, val, sizeof val);
			struct area_draw d = {sy, vx, vw, vh, vattr, 0, NULL};
			for (int r = 0; r < vh; r++)
				ui_fill(sy + r, vx, vw, ui_attr(UC_NORMAL));
			int n = ui_wrap(val, vw, NULL, NULL);
			char more[64];
			if (n > vh && vh >= 1 && lw < 8) {
				/* no label column to say so: the end of the last line does */
				snprintf(more, sizeof more, L(" ...（共 %d 行）", " ... (%d lines)"), n);
				d.more = more;
			}
			ui_wrap(val, vw, area_line, &d);
			if (!val[0])
				ui_fill(sy, vx, vw, vattr);
			if (n > vh && vh >= 1 && lw >= 8) {
				snprintf(more, sizeof more, L("（共 %d 行）", "(%d lines)"), n);
				if (sy + 1 < y + h && sy + 1 >= y)
					ui_text(sy + 1, x + 1, lw, more, ui_attr(UC_DIM), UI_LEFT);
			}
		} else {
			session_get(&w->s, it->path, val, sizeof val);
			for (char *p = val; *p; p++)
				if (*p == '\n' || *p == '\t')
					*p = ' ';
			if (it->kind == UF_CHOICE && it->values)
				for (int c = 0; c < it->nchoices; c++)
					if (strcmp(it->values[c], val) == 0) {
						snprintf(val, sizeof val, "%s", it->choices[c]);
						break;
					}
			if (it->kind == UF_CHOICE && !val[0] && cur)
				snprintf(val, sizeof val, "%s", L("（按 Enter 选择）", "(Enter to choose)"));
			if (sy >= y)
				ui_text(sy, vx, vw, val, it->readonly && !cur ? ui_attr(UC_DIM) : vattr, UI_LEFT);
		}
		if (w->s.err_path[0] && strcmp(w->s.err_path, it->path) == 0) {
			int ey = sy + ih - 1;
			if (ey >= y && ey < y + h) {
				char em[900];
				snprintf(em, sizeof em, "! %s", w->s.err_msg);
				ui_text(ey, vx, vw, em, ui_attr(UC_ERROR), UI_LEFT);
			}
		}
		if (fd && !editing && sy >= y && it->kind != UF_AREA && vw > 30) {
			/* a finding's marker after a short value */
			int used = jx_text_width(val);
			char mk[16];
			snprintf(mk, sizeof mk, " [%s]", jx_severity_name(fd->sev));
			int mw = jx_text_width(mk);
			if (used + mw < vw)
				ui_text(sy, vx + vw - mw, mw, mk, ui_attr(fd->sev == JX_SEV_ERROR ? UC_ERROR : UC_WARN), UI_RIGHT);
		}
	}
	for (int r = line - f->top; r < h; r++)
		if (r >= 0)
			ui_fill(y + r, x, wd, ui_attr(UC_NORMAL));
}

static void form_move(ui_form *f, int dir)
{
	int i = f->cur + dir;
	while (i >= 0 && i < f->n && !selectable(&f->items[i]))
		i += dir;
	if (i >= 0 && i < f->n)
		f->cur = i;
}

static void begin(ws *w, ui_form *f)
{
	const ui_fitem *it = form_current(f);
	if (!it)
		return;
	if (it->readonly || it->kind == UF_TEXT) {
		ws_msg(w, UC_INFO, "%s", L("此项不能在这里修改", "this item cannot be changed here"));
		return;
	}
	if (strcmp(it->path, "status") == 0) {
		ws_review_pick(w); /* a status changes by the review round's steps */
		return;
	}
	if (it->kind == UF_CHOICE) {
		char cur[256];
		const char *opts[40];
		int n = 0, sel = 0;
		if (!session_can_edit(&w->s, it->path))
			return;
		session_get(&w->s, it->path, cur, sizeof cur);
		for (int i = 0; i < it->nchoices && n < 38; i++) {
			const char *v = it->values ? it->values[i] : it->choices[i];
			if (strcmp(v, cur) == 0)
				sel = n;
			opts[n++] = it->choices[i];
		}
		if (it->free_text)
			opts[n++] = L("其他（手工输入）", "Other (type it)");
		int k = ui_pick(it->label, opts, n, sel);
		if (k < 0)
			return;
		if (k < it->nchoices)
			session_commit(&w->s, it->path, it->values ? it->values[k] : it->choices[k]);
		else
			ws_edit_begin(w, it->path, 0);
		return;
	}
	ws_edit_begin(w, it->path, it->kind == UF_AREA);
}

/* A key typed on the current field (ws_type_to_edit): a line's new value,
 * added at the end of a text area, a choice's list opened.  0 when it is a
 * digit and the field cannot take it (it goes to its screen). */
static int type_key(ws *w, ui_form *f, int key)
{
	const ui_fitem *it = form_current(f);
	int digit = key >= '0' && key <= '9';
	if (!it)
		return 0;
	if (it->readonly || it->kind == UF_TEXT || !session_may_edit(&w->s, it->path)) {
		if (digit)
			return 0;
		begin(w, f); /* says why not */
		return VR_HANDLED;
	}
	if (it->kind == UF_CHOICE) {
		begin(w, f);
		return VR_HANDLED;
	}
	return ws_type_into(w, it->path, key, it->kind == UF_AREA);
}

int form_key(ws *w, ui_form *f, int key, ui_action a)
{
	clamp(f);
	if (w->editing) {
		const ui_fitem *it = form_current(f);
		if (!it || !ws_is_editing(w, it->path))
			return 0;
		int r = ws_edit_feed(w, key);
		if (!w->editing) {
			if (r == UE_TAB || r == UE_DOWN || (r == UE_ENTER && !(it->kind == UF_AREA)))
				form_move(f, 1);
			else if (r == UE_BTAB || r == UE_UP)
				form_move(f, -1);
		}
		return VR_HANDLED | VR_REDRAW;
	}
	switch (key) {
	case UK_FN(KEY_UP):
	case 'k':
	case UK_FN(KEY_BTAB):
		form_move(f, -1);
		return VR_HANDLED;
	case UK_FN(KEY_DOWN):
	case 'j':
	case UK_TAB:
		form_move(f, 1);
		return VR_HANDLED;
	case UK_FN(KEY_PPAGE):
		for (int i = 0; i < 8; i++)
			form_move(f, -1);
		return VR_HANDLED;
	case UK_FN(KEY_NPAGE):
		for (int i = 0; i < 8; i++)
			form_move(f, 1);
		return VR_HANDLED;
	case UK_FN(KEY_HOME):
		f->cur = 0;
		clamp(f);
		return VR_HANDLED;
	case UK_FN(KEY_END):
		f->cur = f->n - 1;
		clamp(f);
		return VR_HANDLED;
	default:
		break;
	}
	if (ws_type_to_edit(key))
		return type_key(w, f, key);
	switch (a) {
	case UA_EDIT:
	case UA_PICK:
		begin(w, f);
		return VR_HANDLED;
	case UA_DELETE: {
		const ui_fitem *it = form_current(f);
		if (!it || it->readonly || it->kind == UF_TEXT)
			return VR_HANDLED;
		char cur[64];
		session_get(&w->s, it->path, cur, sizeof cur);
		if (!cur[0])
			return VR_HANDLED;
		if (it->kind == UF_AREA && !ui_confirm(L("清空", "Clear"), L("清空此字段的内容？（可撤销）", "Clear this field? (undo brings it back)")))
			return VR_HANDLED;
		session_commit(&w->s, it->path, "");
		return VR_HANDLED;
	}
	default:
		return 0;
	}
}

int form_field_at(const ui_form *f, char *buf, size_t len)
{
	const ui_fitem *it = form_current(f);
	if (!it || !it->path[0])
		return 0;
	snprintf(buf, len, "%s", it->path);
	return 1;
}

/* Most used first: what does not fit at 80 columns is left out from the
 * end (F1 lists every key). */
const ui_action form_keybar[] = {UA_EDIT,   UA_DELETE,   UA_UNDO,   UA_REDO, UA_HISTORY,
				 UA_EXPORT, UA_FINALISE, UA_IMPORT, UA_NONE};

int form_go_to(ui_form *f, const char *path)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->items[i].path, path) == 0) {
			f->cur = i;
			return 1;
		}
	return 0;
}
