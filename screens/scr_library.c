/* The indicator library in the workstation: the picker that opens when an
 * indicator is added (search as you type, Enter fills the row) and the
 * library screen (L on the project list: browse, filter, edit, delete).
 *
 * Both search the library in memory (library.h), loaded once and kept
 * until the library screen changes it: a keystroke costs a pass over the
 * entries, not a query.  Characters typed always go to the search field
 * (Chinese from an input method arrives as several characters at once);
 * the commands are keys that are not characters (Enter, Del, F2, F8, Esc). */
#include "scr_library.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_library.h"
#include "err.h"
#include "strutil.h"

/* ---- the library, loaded once ---- */

static jx_lib cache;
static int cache_loaded;

const jx_lib *ws_library(ws *w)
{
	jx_err err = {{0}};
	if (cache_loaded)
		return &cache;
	if (!w->s.st || jx_store_library_load(w->s.st, &cache, &err) < 0)
		return NULL;
	cache_loaded = 1;
	return &cache;
}

void ws_library_forget(void)
{
	if (cache_loaded)
		jx_lib_free(&cache);
	cache_loaded = 0;
}

/* ---- a searchable list of entries (the picker and the screen) ---- */

typedef struct {
	const jx_lib *lib;
	const char *title, *keys;
	ui_edit q;
	size_t *idx, n; /* entries matching, in order */
	int cur, top, h;
	int result;     /* picker: the entry chosen (index into lib), -1 none */
	int action;     /* screen: what the key asked for (LA_*) */
	char note[1100]; /* a message at the foot (a refusal) */
} libview;

enum { LA_NONE, LA_EDIT, LA_DELETE, LA_CLOSE };

static void lv_search(libview *v)
{
	v->n = v->lib && v->idx ? jx_lib_search(v->lib, ui_edit_text(&v->q), v->idx, v->lib->n) : 0;
	if (v->n > v->lib->n)
		v->n = v->lib->n;
	if (v->cur >= (int)v->n)
		v->cur = v->n ? (int)v->n - 1 : 0;
}

static int lv_init(libview *v, const jx_lib *lib, const char *title, const char *keys)
{
	memset(v, 0, sizeof *v);
	v->lib = lib;
	v->title = title;
	v->keys = keys;
	v->result = -1;
	ui_edit_init(&v->q, 0, 200);
	v->idx = malloc((lib->n ? lib->n : 1) * sizeof *v->idx);
	if (!v->idx)
		return -1;
	lv_search(v);
	return 0;
}

static void lv_free(libview *v)
{
	ui_edit_free(&v->q);
	free(v->idx);
	v->idx = NULL;
}

/* "一级 / 二级" of an entry. */
static void cats(const jx_lib_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", jx_nz(e->l1), jx_has_text(e->l1) && jx_has_text(e->l2) ? "/" : "", jx_nz(e->l2));
}

static void lv_draw(void *vc)
{
	libview *v = vc;
	int y = 1, x = 0, h = LINES - 2, w = COLS;
	int nw, tw = 16, uw = 5, cw;
	char line[128];
	ui_frame(y, x, h, w, v->title, ui_attr(UC_NORMAL));
	ui_text(y + 1, x + 2, 6, L("查找：", "Find: "), ui_attr(UC_NORMAL), UI_LEFT);
	/* columns: name, typical target, uses, categories */
	cw = (w - 4) / 4;
	nw = w - 4 - tw - uw - cw - 3;
	int hx = x + 2;
	ui_text(y + 2, hx, nw, L("三级指标", "Indicator"), ui_attr(UC_DIM), UI_LEFT);
	ui_text(y + 2, hx + nw + 1, tw, L("典型指标值", "Typical target"), ui_attr(UC_DIM), UI_LEFT);
	ui_text(y + 2, hx + nw + 1 + tw + 1, uw, L("次数", "Uses"), ui_attr(UC_DIM), UI_RIGHT);
	ui_text(y + 2, hx + nw + tw + uw + 3, cw, L("一级/二级", "Categories"), ui_attr(UC_DIM), UI_LEFT);
	v->h = h - 6;
	if (v->cur < v->top)
		v->top = v->cur;
	if (v->cur >= v->top + v->h)
		v->top = v->cur - v->h + 1;
	if (v->top < 0)
		v->top = 0;
	for (int r = 0; r < v->h && v->top + r < (int)v->n; r++) {
		const jx_lib_entry *e = &v->lib->v[v->idx[v->top + r]];
		int sel = v->top + r == v->cur, a = sel ? ui_attr(UC_SELECT) : ui_attr(UC_NORMAL);
		char tgt[200], c2[300], name[600];
		if (jx_has_text(e->unit) && !jx_has_text(e->target))
			snprintf(tgt, sizeof tgt, "（%s）", e->unit);
		else
			snprintf(tgt, sizeof tgt, "%s", jx_nz(e->target));
		snprintf(name, sizeof name, "%s", jx_nz(e->name));
		cats(e, c2, sizeof c2);
		snprintf(line, sizeof line, "%zu", e->nsources);
		ui_fill(y + 3 + r, hx, w - 4, a);
		ui_text(y + 3 + r, hx, nw, name, a, UI_LEFT);
		ui_text(y + 3 + r, hx + nw + 1, tw, tgt, a, UI_LEFT);
		ui_text(y + 3 + r, hx + nw + 1 + tw + 1, uw, line, a, UI_RIGHT);
		ui_text(y + 3 + r, hx + nw + tw + uw + 3, cw, c2, a, UI_LEFT);
	}
	if (v->n == 0)
		ui_text(y + 3, hx, w - 4,
			v->lib->n ? L("没有符合的条目", "no entry matches") : L("指标库是空的", "the library is empty"),
			ui_attr(UC_INFO), UI_LEFT);
	if (v->note[0])
		ui_text(y + h - 3, hx, w - 4, v->note, ui_attr(UC_WARN), UI_LEFT);
	snprintf(line, sizeof line, "%zu/%zu  %s", v->n, v->lib->n, v->keys);
	ui_text(y + h - 2, hx, w - 4, line, ui_attr(UC_DIM), UI_RIGHT);
	/* last: the caret stays in the search field for the input method */
	ui_edit_draw(&v->q, y + 1, x + 8, 1, w - 10, ui_attr(UC_EDIT));
}

/* Keys both share: moving, typing into the search.  1 when handled. */
static int lv_common_key(libview *v, int k)
{
	if (k == UK_FN(KEY_UP) || k == UK_FN(KEY_DOWN) || k == UK_FN(KEY_PPAGE) || k == UK_FN(KEY_NPAGE)) {
		ui_list_key(&v->cur, (int)v->n, v->h > 1 ? v->h - 1 : 1, k);
		return 1;
	}
	int r = ui_edit_key(&v->q, k);
	if (r == UE_CHANGED) {
		v->cur = 0;
		v->top = 0;
		v->note[0] = 0;
		lv_search(v);
		return 1;
	}
	return r == UE_MOVED || r == UE_REFUSED;
}

static int pick_key(void *vc, int k)
{
	libview *v = vc;
	if (k == UK_ESC)
		return 1;
	if (k == UK_ENTER) {
		if (v->n)
			v->result = (int)v->idx[v->cur];
		return 1;
	}
	lv_common_key(v, k);
	return 0;
}

long ws_library_pick(const jx_lib *lib)
{
	libview v;
	if (lv_init(&v, lib, L("从指标库选择指标", "Pick an indicator from the library"),
		    L("输入查找  Enter 填入  Esc 空白行", "type to find  Enter fill  Esc empty row")) < 0) {
		lv_free(&v);
		return -1;
	}
	ui_modal(lv_draw, pick_key, &v);
	long r = v.result;
	lv_free(&v);
	return r;
}

/* ---- the library screen ---- */

static int screen_key(void *vc, int k)
{
	libview *v = vc;
	v->action = LA_NONE;
	switch (k) {
	case UK_ESC:
	case UK_FN(KEY_F(10)):
		v->action = LA_CLOSE;
		return 1;
	case UK_ENTER:
	case UK_FN(KEY_F(2)):
		if (v->n)
			v->action = LA_EDIT;
		return v->n ? 1 : 0;
	case UK_FN(KEY_DC):
	case UK_FN(KEY_F(8)):
		if (v->n)
			v->action = LA_DELETE;
		return v->n ? 1 : 0;
	default:
		lv_common_key(v, k);
		return 0;
	}
}

/* Enter on an entry: pick a field, type its value. */
static void edit_entry(ws *w, libview *v, jx_lib *lib)
{
	size_t i = v->idx[v->cur];
	char items[16][300], val[512];
	const char *opts[16];
	jx_err err = {{0}};
	size_t nc = jx_lib_ncolumns < 16 ? jx_lib_ncolumns : 16;
	for (size_t c = 0; c < nc; c++) {
		char buf[64];
		snprintf(items[c], sizeof items[c], "%s：%s", L(jx_lib_columns[c].zh, jx_lib_columns[c].en),
			 jx_lib_get(&lib->v[i], c, buf, sizeof buf));
		opts[c] = items[c];
	}
	int c = ui_pick(L("修改哪一项", "Change which field"), opts, (int)nc, 2);
	if (c < 0)
		return;
	{
		char buf[64];
		snprintf(val, sizeof val, "%s", jx_lib_get(&lib->v[i], (size_t)c, buf, sizeof buf));
	}
	if (!ui_prompt(L(jx_lib_columns[c].zh, jx_lib_columns[c].en), jx_nz(lib->v[i].name), val, sizeof val))
		return;
	if (jx_app_library_set(w->s.st, lib, i, (size_t)c, val, &err) < 0)
		snprintf(v->note, sizeof v->note, "%s", err.msg[0] ? err.msg : L("未能保存", "not saved"));
	else
		snprintf(v->note, sizeof v->note, L("已保存：%s", "saved: %s"), jx_nz(lib->v[i].name));
}

static void delete_entry(ws *w, libview *v, jx_lib *lib)
{
	size_t i = v->idx[v->cur];
	char q[700];
	jx_err err = {{0}};
	snprintf(q, sizeof q, L("从指标库删除「%s」（%zu 次使用）？", "Delete \"%s\" (used %zu times) from the library?"),
		 jx_nz(lib->v[i].name), lib->v[i].nsources);
	if (!ui_confirm(L("删除指标库条目", "Delete a library entry"), q))
		return;
	if (jx_store_library_delete(w->s.st, lib->v[i].id, &err) < 0) {
		snprintf(v->note, sizeof v->note, "%s", err.msg);
		return;
	}
	snprintf(v->note, sizeof v->note, L("已删除「%s」", "deleted \"%s\""), jx_nz(lib->v[i].name));
	/* out of memory too, so that the search no longer finds it */
	jx_lib_entry_clear(&lib->v[i]);
	memmove(lib->v + i, lib->v + i + 1, (lib->n - i - 1) * sizeof *lib->v);
	lib->n--;
	jx_lib_index(lib);
}

/* Behind a question asked over the library screen: the frame, then the
 * screen itself. */
static void (*outer_bg)(void *ctx);
static void *outer_ctx;
static void screen_behind(void *vc)
{
	if (outer_bg)
		outer_bg(outer_ctx);
	lv_draw(vc);
	ui_cursor_hide();
}

void ws_library_screen(ws *w)
{
	jx_lib lib;
	jx_err err = {{0}};
	libview v;
	if (!w->s.st || jx_store_library_load(w->s.st, &lib, &err) < 0) {
		ws_msg(w, UC_ERROR, "%s", err.msg[0] ? err.msg : L("无法读取指标库", "cannot read the library"));
		return;
	}
	if (lv_init(&v, &lib, L("指标库", "Indicator library"),
		    L("输入查找  Enter 修改  Del 删除  Esc 返回", "type to find  Enter edit  Del delete  Esc back")) < 0) {
		lv_free(&v);
		jx_lib_free(&lib);
		return;
	}
	for (;;) {
		int r = ui_modal(lv_draw, screen_key, &v);
		if (r < 0 || v.action == LA_CLOSE)
			break;
		ui_get_background(&outer_bg, &outer_ctx);
		ui_set_background(screen_behind, &v);
		if (v.action == LA_EDIT && !w->s.db_readonly)
			edit_entry(w, &v, &lib);
		else if (v.action == LA_DELETE && !w->s.db_readonly)
			delete_entry(w, &v, &lib);
		ui_set_background(outer_bg, outer_ctx);
		if (w->s.db_readonly)
			snprintf(v.note, sizeof v.note, "%s", L("数据库只读，不能修改", "the database is read-only"));
		lv_search(&v); /* an edit or a delete changes what matches */
	}
	lv_free(&v);
	jx_lib_free(&lib);
	ws_library_forget();
}

/* ---- filling an indicator from an entry ---- */

static const jx_node *top_of(const jx_node *n)
{
	while (n && n->parent)
		n = n->parent;
	return n;
}

const jx_node *ws_library_slot(ws *w, const jx_lib_entry *e)
{
	const jx_node *by_l2 = NULL;
	if (!w->s.t || !jx_has_text(e->l2))
		return NULL;
	for (size_t i = 0; i < w->s.t->n_all; i++) {
		const jx_node *n = w->s.t->all[i];
		if (n->kind != JX_NODE_SLOT || !jx_texteq(n->name, e->l2))
			continue;
		const jx_node *top = top_of(n);
		if (!jx_has_text(e->l1) || (top && jx_texteq(top->name, e->l1)))
			return n;
		if (!by_l2)
			by_l2 = n;
	}
	return by_l2;
}

int ws_library_fill(ws *w, const jx_lib_entry *e, size_t at)
{
	char path[160], key[64];
	size_t first = w->s.undo.n;
	int rc = -1;
	/* a copy: a commit may load the sheet again */
	snprintf(key, sizeof key, "%s", w->s.sheet->inds[at].key);
	snprintf(path, sizeof path, "ind:%s:name", key);
	if (session_commit(&w->s, path, e->name) < 0)
		goto done;
	/* the target as tables print it sets comparator, number and unit
	 * together, as typed into the cell */
	snprintf(path, sizeof path, "ind:%s:target", key);
	if (jx_has_text(e->target)) {
		if (session_commit_typed(&w->s, path, e->target, TYPED_TARGET) < 0)
			goto done;
	} else if (e->cmp != JX_CMP_NONE) {
		snprintf(path, sizeof path, "ind:%s:cmp", key);
		if (session_commit(&w->s, path, jx_cmp_name(e->cmp)) < 0)
			goto done;
	}
	snprintf(path, sizeof path, "ind:%s:unit", key);
	if (jx_has_text(e->unit) && !jx_has_text(session_field_text(&w->s, path)) &&
	    session_commit(&w->s, path, e->unit) < 0)
		goto done;
	ws_msg(w, UC_INFO, L("已从指标库填入「%s」%s", "filled from the library: \"%s\" %s"), e->name, jx_nz(e->target));
	rc = 0;
done:
	/* one change with the row's addition before it: one undo takes the
	 * filled row away */
	for (size_t i = first; i < w->s.undo.n; i++)
		w->s.undo.v[i].joined = 1;
	return rc;
}
