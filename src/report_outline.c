/* Report outlines: loading and checking (see report_outline.h). */
#include "report_outline.h"

#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "model.h"
#include "template.h"

const char *const jx_outline_blocks[JX_OB_COUNT + 1] = {
	"basis", "funds", "subprojects", "goals", "indicator-system", "scores", "analysis", "score-table", NULL,
};

const char *const jx_outline_figures[JX_OF_COUNT + 1] = {
	"name",	 "year",      "unit",	   "department",    "template", "budget", "received",
	"spent", "exec_rate", "received_rate", "total", "grade",	NULL,
};

static int word_index(const char *const *words, const char *s, size_t len)
{
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
			return i;
	return -1;
}

int jx_outline_figure(const char *s, size_t len)
{
	return word_index(jx_outline_figures, s, len);
}

/* A text scalar whose {figures} are all known. */
static int check_text(const yd_doc *doc, const yd_node *n, const char *what, jx_err *err)
{
	const char *s;
	if (yd_str(doc, n, &s, err) < 0)
		return -1;
	if (!s || !*s)
		return yd_failf(doc, n, err, "%s 不能为空", "%s must not be empty", what);
	for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
		const char *q = strchr(p, '}');
		if (!q || jx_outline_figure(p + 1, (size_t)(q - p - 1)) < 0)
			return yd_failf(doc, n, err, "%s 中的 {…} 不是已知的数字：%s", "%s names an unknown figure: %s",
					what, p);
	}
	return 0;
}

/* info.<key> or narr.<key> */
static int field_known(const char *s)
{
	if (strncmp(s, "info.", 5) == 0) {
		for (int i = 0; i < JX_INFO_COUNT; i++)
			if (strcmp(s + 5, jx_info_labels[i].key) == 0)
				return 1;
	} else if (strncmp(s, "narr.", 5) == 0) {
		for (int i = 0; i < JX_NARR_COUNT; i++)
			if (strcmp(s + 5, jx_narr_labels[i].key) == 0)
				return 1;
	}
	return 0;
}

static int check_part(const yd_doc *doc, const yd_node *p, jx_err *err)
{
	static const char *const keys[] = {"field", "label", "ask", "block", "text", NULL};
	const yd_node *field, *block, *ask, *text;
	const char *s;
	if (yd_expect_keys(doc, p, "段落", keys, err) < 0)
		return -1;
	field = yd_get(p, "field");
	block = yd_get(p, "block");
	ask = yd_get(p, "ask");
	text = yd_get(p, "text");
	if ((field != NULL) + (block != NULL) + (text != NULL) + (ask && !field) != 1)
		return yd_fail(doc, p, err, "段落须恰有 field、block、ask、text 之一",
			       "a part needs exactly one of field, block, ask, text"),
		       -1;
	if (field) {
		if (yd_str(doc, field, &s, err) < 0)
			return -1;
		if (!s || !field_known(s))
			return yd_failf(doc, field, err, "未知的字段：%s", "unknown field: %s", s ? s : "");
	}
	if (block) {
		if (yd_str(doc, block, &s, err) < 0)
			return -1;
		if (!s || word_index(jx_outline_blocks, s, strlen(s)) < 0)
			return yd_failf(doc, block, err, "未知的内容块：%s", "unknown block: %s", s ? s : "");
	}
	if (ask && check_text(doc, ask, "ask", err) < 0)
		return -1;
	if (text && check_text(doc, text, "text", err) < 0)
		return -1;
	if (yd_get(p, "label") && (!field || check_text(doc, yd_get(p, "label"), "label", err) < 0))
		return field ? -1 : (yd_fail(doc, p, err, "label 只用于 field", "label goes with field only"), -1);
	return 0;
}

static int check_sections(const yd_doc *doc, const yd_node *list, int depth, jx_err *err)
{
	static const char *const keys[] = {"heading", "sections", "parts", NULL};
	if (yd_expect(doc, list, YD_SEQ, "章节列表", err) < 0)
		return -1;
	if (depth > 3)
		return yd_fail(doc, list, err, "章节最多三级", "sections nest at most three levels"), -1;
	for (size_t i = 0; i < list->n; i++) {
		const yd_node *sec = list->items[i], *sub, *parts;
		if (yd_expect_keys(doc, sec, "章节", keys, err) < 0 ||
		    check_text(doc, yd_get(sec, "heading"), "heading", err) < 0 ||
		    yd_get_opt(doc, sec, "sections", YD_SEQ, &sub, err) < 0 ||
		    yd_get_opt(doc, sec, "parts", YD_SEQ, &parts, err) < 0)
			return -1;
		if (sub && check_sections(doc, sub, depth + 1, err) < 0)
			return -1;
		for (size_t k = 0; parts && k < parts->n; k++)
			if (check_part(doc, parts->items[k], err) < 0)
				return -1;
	}
	return 0;
}

static int check_outline(const yd_doc *doc, jx_err *err)
{
	static const char *const keys[] = {"id", "name", "kinds", "title", "sections", "appendices", NULL};
	const yd_node *root = doc->root, *kinds, *sections, *app;
	if (!root)
		return yd_fail(doc, NULL, err, "空文件", "empty file"), -1;
	if (yd_expect_keys(doc, root, "报告提纲", keys, err) < 0 || check_text(doc, yd_get(root, "id"), "id", err) < 0 ||
	    check_text(doc, yd_get(root, "name"), "name", err) < 0 ||
	    check_text(doc, yd_get(root, "title"), "title", err) < 0 ||
	    yd_get_opt(doc, root, "kinds", YD_SEQ, &kinds, err) < 0 ||
	    yd_get_opt(doc, root, "sections", YD_SEQ, &sections, err) < 0 ||
	    yd_get_opt(doc, root, "appendices", YD_SEQ, &app, err) < 0)
		return -1;
	if (!kinds || !sections)
		return yd_fail(doc, root, err, "须有 kinds 和 sections", "kinds and sections are required"), -1;
	for (size_t i = 0; i < kinds->n; i++) {
		const char *k;
		if (yd_str(doc, kinds->items[i], &k, err) < 0)
			return -1;
		if (!k || word_index(jx_template_kind_words, k, strlen(k)) < 0)
			return yd_failf(doc, kinds->items[i], err, "未知的模板类型：%s", "unknown template kind: %s",
					k ? k : "");
	}
	if (check_sections(doc, sections, 1, err) < 0)
		return -1;
	return app ? check_sections(doc, app, 1, err) : 0;
}

int jx_outline_load_mem(yd_doc *doc, const char *name, const char *data, size_t len, jx_err *err)
{
	if (yd_load_mem(doc, name, data, len, err) < 0)
		return -1;
	if (check_outline(doc, err) < 0) {
		yd_free(doc);
		return -1;
	}
	return 0;
}

int jx_outlines_load(jx_outlines *o, jx_err *err)
{
	size_t n = 0;
	o->n = 0;
	for (const jx_embedded *f = jx_report_files; f->name; f++)
		n++;
	o->docs = calloc(n ? n : 1, sizeof *o->docs);
	if (!o->docs) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	for (const jx_embedded *f = jx_report_files; f->name; f++) {
		if (jx_outline_load_mem(&o->docs[o->n], f->name, f->data, f->len, err) < 0) {
			jx_outlines_free(o);
			return -1;
		}
		o->n++;
	}
	return 0;
}

const yd_node *jx_outline_for(const jx_outlines *o, const char *kind)
{
	for (size_t i = 0; i < o->n; i++) {
		const yd_node *kinds = yd_get(o->docs[i].root, "kinds");
		for (size_t k = 0; kinds && k < kinds->n; k++)
			if (kinds->items[k]->str && strcmp(kinds->items[k]->str, kind) == 0)
				return o->docs[i].root;
	}
	return NULL;
}

void jx_outlines_free(jx_outlines *o)
{
	for (size_t i = 0; i < o->n; i++)
		yd_free(&o->docs[i]);
	free(o->docs);
	o->docs = NULL;
	o->n = 0;
}
