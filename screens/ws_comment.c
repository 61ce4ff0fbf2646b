/* Comments in the workstation (ws_comment.h).  The operations are the
 * command line's (app_comment.h); here only the choosing and the typing. */
#include "ws_comment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_comment.h"
#include "strutil.h"

/* The comments of one sheet as last read, and the stamp they were read at
 * (jx_store_comment_stamp: an import adds rows without a new revision). */
static struct {
	int64_t id, stamp;
	int valid;
	jx_comments c;
	int drawing, stamped; /* a frame is drawn; the stamp was read in it */
} cache;

void ws_comments_frame(int drawing)
{
	cache.drawing = drawing;
	cache.stamped = 0;
}

const jx_comments *ws_comments(ws *w)
{
	jx_err err;
	int64_t stamp = -1;
	if (!w->s.sheet || w->s.sheet->id <= 0)
		return NULL;
	/* nothing is written while a frame is drawn: the stamp read at its
	 * first mark holds for the others */
	if (cache.drawing && cache.stamped && cache.valid && cache.id == w->s.sheet->id)
		return &cache.c;
	if (jx_store_comment_stamp(w->s.st, w->s.sheet->id, &stamp, &err) < 0)
		return NULL;
	cache.stamped = cache.drawing;
	if (cache.valid && cache.id == w->s.sheet->id && cache.stamp == stamp)
		return &cache.c;
	jx_comments_free(&cache.c);
	cache.valid = 0;
	if (jx_app_comments(w->s.st, w->s.sheet->id, &cache.c, &err) < 0)
		return NULL;
	cache.id = w->s.sheet->id;
	cache.stamp = stamp;
	cache.valid = 1;
	return &cache.c;
}

void ws_comments_forget(void)
{
	jx_comments_free(&cache.c);
	memset(&cache, 0, sizeof cache);
}

int ws_commented(ws *w, const char *path)
{
	const jx_comments *c = ws_comments(w);
	for (size_t i = 0; c && i < c->n; i++)
		if (!c->v[i].resolved && jx_comment_touches(c->v[i].place, path))
			return 1;
	return 0;
}

/* A note typed on one line; 1 with it in buf, 0 cancelled. */
static int type_note(const char *title, const char *label, char *buf, size_t len)
{
	buf[0] = 0;
	return ui_prompt(title, label, buf, len) && buf[0];
}

static void add_new(ws *w, const char *path)
{
	char label[300], text[JX_COMMENT_MAX * 4 + 8];
	jx_err err;
	size_t number = 0;
	jx_comment_place_label(w->s.sheet, path, label, sizeof label);
	if (!type_note(L("添加批注", "Add a comment"), label, text, sizeof text)) {
		ws_msg(w, UC_INFO, "%s", L("未添加批注", "no comment added"));
		return;
	}
	if (jx_app_comment_add(w->s.st, w->s.sheet, path, text, w->s.user, &number, &err) < 0)
		ws_msg(w, UC_ERROR, "%s", err.msg);
	else
		ws_msg(w, UC_OK, L("已添加第 %zu 条批注：%s", "comment %zu added: %s"), number, label);
}

/* What the list offers for comment k (number n). */
enum { DO_ANSWER, DO_STATUS };

static void act(ws *w, const jx_comment *k, size_t n, int what)
{
	char text[JX_COMMENT_MAX * 4 + 8], label[300];
	jx_err err;
	int rc;
	if (what == DO_ANSWER) {
		snprintf(label, sizeof label, L("第 %zu 条：%s", "comment %zu: %s"), n, k->note.text);
		if (!type_note(L("答复批注", "Answer a comment"), label, text, sizeof text)) {
			ws_msg(w, UC_INFO, "%s", L("未答复", "no answer given"));
			return;
		}
		rc = jx_app_comment_answer(w->s.st, w->s.sheet, n, text, w->s.user, &err);
	} else {
		rc = jx_app_comment_resolve(w->s.st, w->s.sheet, n, !k->resolved, w->s.user, &err);
	}
	if (rc < 0)
		ws_msg(w, UC_ERROR, "%s", err.msg);
	else if (what == DO_ANSWER)
		ws_msg(w, UC_OK, L("已答复第 %zu 条批注", "comment %zu answered"), n);
	else
		ws_msg(w, UC_OK, L("第 %zu 条批注%s", "comment %zu %s"), n,
		       k->resolved ? L("已重新打开", "reopened") : L("已标为已解决", "marked resolved"));
}

void ws_comment_at(ws *w, const char *path)
{
	const jx_comments *c;
	char **items = NULL;
	size_t *which = NULL;
	int n = 0, pick;
	if (!w->s.sheet) {
		ws_msg(w, UC_WARN, "%s", L("请先打开一张评价表", "open a sheet first"));
		return;
	}
	if (!path || !*path) {
		ws_msg(w, UC_WARN, "%s", L("光标不在字段上，无法批注", "the cursor is on no field to comment on"));
		return;
	}
	if (!(c = ws_comments(w)) || c->n == 0) {
		add_new(w, path);
		return;
	}
	items = calloc(2 * c->n + 1, sizeof *items);
	which = calloc(2 * c->n + 1, sizeof *which);
	if (!items || !which)
		goto out;
	items[n++] = jx_strdup(L("添加新批注", "Add a new comment"));
	for (size_t i = 0; i < c->n; i++) {
		const jx_comment *k = &c->v[i];
		char line[400];
		if (!jx_comment_touches(k->place, path))
			continue;
		snprintf(line, sizeof line, L("答复第 %zu 条（%s）：%s", "Answer comment %zu (%s): %s"), i + 1,
			 jx_comment_status_label(k->resolved), k->note.text);
		which[n] = 2 * i;
		items[n++] = jx_strdup(line);
		snprintf(line, sizeof line, k->resolved ? L("重新打开第 %zu 条", "Reopen comment %zu")
							: L("把第 %zu 条标为已解决", "Mark comment %zu resolved"),
			 i + 1);
		which[n] = 2 * i + 1;
		items[n++] = jx_strdup(line);
	}
	for (int i = 0; i < n; i++)
		if (!items[i])
			goto out;
	if (n == 1) {
		add_new(w, path);
		goto out;
	}
	pick = ui_pick(L("批注", "Comments"), (const char *const *)items, n, n > 1 ? 1 : 0);
	if (pick == 0)
		add_new(w, path);
	else if (pick > 0) {
		/* the list may be read again by what follows: keep the entry */
		size_t i = which[pick] / 2;
		jx_comment k = c->v[i];
		act(w, &k, i + 1, which[pick] % 2 ? DO_STATUS : DO_ANSWER);
	}
out:
	for (int i = 0; items && i < n; i++)
		free(items[i]);
	free(items);
	free(which);
}
