/* Rubric templates: share/templates/<name>.yaml read through yamldoc into the
 * typed structs of template.h.  The format is documented in
 * share/templates/README.md; every rule the sources disagree on is data here.
 *
 * Percent values are written in YAML as percent numbers (80, 130) and kept in
 * the structs as fractions ×JX_SCALE (800000, 1300000).  Every error is
 * "file:line:column: message" in the UI language.
 */
#include "template.h"
#include "template_int.h"
#include "embedded.h"
#include "model.h"
#include "num.h"
#include "resize.h"
#include "yamldoc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void tpl_oom(loader *ld)
{
	jx_err_set(ld->err, "内存不足", "out of memory");
}

int tpl_missing(loader *ld, const yd_node *map, const char *field)
{
	failf(ld, map, "缺少必填字段“%s”", "missing required field \"%s\"", field);
	return -1;
}

/* A text field.  required: absent, null or empty is an error.  *out is a
 * malloc'd copy or NULL. */
int tpl_get_str(loader *ld, const yd_node *map, const char *field, int required, char **out)
{
	const yd_node *n = yd_get(map, field);
	const char *s = NULL;
	*out = NULL;
	if (yd_str(ld->doc, n, &s, ld->err) < 0)
		return -1;
	if (!s || !*s) {
		if (required) {
			if (n)
				failf(ld, n, "字段“%s”不能为空", "field \"%s\" cannot be empty", field);
			else
				tpl_missing(ld, map, field);
			return -1;
		}
		return 0;
	}
	*out = jx_strdup(s);
	if (!*out) {
		tpl_oom(ld);
		return -1;
	}
	/* a block text (|) ends with a line break that is not part of the text */
	{
		size_t len = strlen(*out);
		while (len > 0 && ((*out)[len - 1] == '\n' || (*out)[len - 1] == '\r'))
			(*out)[--len] = 0;
		if (len == 0) {
			free(*out);
			*out = NULL;
			if (required) {
				failf(ld, n, "字段“%s”不能为空", "field \"%s\" cannot be empty", field);
				return -1;
			}
		}
	}
	return 0;
}

/* A number in points (non-negative, at most MAX_POINTS).  Absent or null
 * gives def (JX_NONE when optional), or an error when def is `required`. */
int tpl_get_points(loader *ld, const yd_node *map, const char *field, int required, jx_dec def, jx_dec *out)
{
	const yd_node *n = yd_get(map, field);
	char b[32];
	if (!n || yd_is_null(n)) {
		if (required)
			return tpl_missing(ld, map, field);
		*out = def;
		return 0;
	}
	if (yd_dec(ld->doc, n, JX_NUM_NONNEG, out, ld->err) < 0)
		return -1;
	if (*out > MAX_POINTS) {
		failf(ld, n, "分值 %s 超出范围（最大 %s）", "points %s out of range (at most %s)", n->str,
		      jx_fmt_trim(b, MAX_POINTS));
		return -1;
	}
	return 0;
}

/* A percent number (80, 130, "80%") in [lo, hi] (percent ×JX_SCALE) turned
 * into a fraction ×JX_SCALE.  Absent gives def; null gives JX_NONE when
 * null_ok, else an error. */
int tpl_get_percent(loader *ld, const yd_node *map, const char *field, int required, int null_ok, jx_dec lo,
		       jx_dec hi, jx_dec def, jx_dec *out)
{
	const yd_node *n = yd_get(map, field);
	jx_dec p;
	char b1[32], b2[32];
	if (!n) {
		if (required)
			return tpl_missing(ld, map, field);
		*out = def;
		return 0;
	}
	if (yd_is_null(n)) {
		if (null_ok) {
			*out = JX_NONE;
			return 0;
		}
		failf(ld, n, "字段“%s”需要一个百分数", "field \"%s\" needs a percent number", field);
		return -1;
	}
	if (yd_dec(ld->doc, n, JX_NUM_PERCENT, &p, ld->err) < 0)
		return -1;
	if (p < lo || p > hi) {
		failf(ld, n, "百分数 %s 超出范围（应在 %s 到 %s 之间）", "percent %s out of range (must be from %s to %s)", n->str,
		      jx_fmt_trim(b1, lo), jx_fmt_trim(b2, hi));
		return -1;
	}
	if (p % 100 != 0) {
		failf(ld, n, "百分数 %s 小数位数太多（最多 4 位）", "percent %s has too many decimal places (at most 4)", n->str);
		return -1;
	}
	*out = p / 100;
	return 0;
}

int tpl_get_bool(loader *ld, const yd_node *map, const char *field, int def, int *out)
{
	const yd_node *n = yd_get(map, field);
	if (!n || yd_is_null(n)) {
		*out = def;
		return 0;
	}
	return yd_bool(ld->doc, n, out, ld->err);
}

/* An optional mapping or sequence (absent or null: *out = NULL). */
int tpl_get_map(loader *ld, const yd_node *map, const char *field, const yd_node **out)
{
	return yd_get_opt(ld->doc, map, field, YD_MAP, out, ld->err);
}

int tpl_get_seq(loader *ld, const yd_node *map, const char *field, const yd_node **out)
{
	return yd_get_opt(ld->doc, map, field, YD_SEQ, out, ld->err);
}

/* n zeroed elements of size bytes; NULL (out of memory reported) when
 * there is no room. */
void *tpl_zalloc(loader *ld, size_t n, size_t size)
{
	void *v = calloc(n, size);
	if (!v)
		tpl_oom(ld);
	return v;
}

/* One zeroed element of size bytes per item of seq, which must not be
 * empty (empty: the message empty_zh / empty_en at seq); NULL on error. */
void *tpl_alloc_items(loader *ld, const yd_node *seq, size_t size, const char *empty_zh, const char *empty_en)
{
	if (seq->n == 0) {
		failf(ld, seq, "%s", "%s", L(empty_zh, empty_en));
		return NULL;
	}
	return tpl_zalloc(ld, seq->n, size);
}

/* A sequence that must be there. */
int tpl_get_required_seq(loader *ld, const yd_node *map, const char *field, const yd_node **out)
{
	if (tpl_get_seq(ld, map, field, out) < 0)
		return -1;
	return *out ? 0 : tpl_missing(ld, map, field);
}

/* One of a list of words; the index in *out. */
int tpl_get_enum(loader *ld, const yd_node *map, const char *field, const char *const *words, int required,
		    int def, const char *what_zh, const char *what_en, int *out)
{
	const yd_node *n = yd_get(map, field);
	char list[256] = "";
	if (!n || yd_is_null(n)) {
		if (required)
			return tpl_missing(ld, map, field);
		*out = def;
		return 0;
	}
	if (n->kind != YD_SCALAR) {
		failf(ld, n, "字段“%s”应为文字", "field \"%s\" should be a scalar", field);
		return -1;
	}
	for (int i = 0; words[i]; i++) {
		if (strcmp(n->str, words[i]) == 0) {
			*out = i;
			return 0;
		}
		if (i)
			strncat(list, " | ", sizeof list - strlen(list) - 1);
		strncat(list, words[i], sizeof list - strlen(list) - 1);
	}
	failf(ld, n, "未知的%s“%s”（可用：%s）", "unknown %s \"%s\" (use one of: %s)", L(what_zh, what_en), n->str, list);
	return -1;
}

/* Keys: ASCII letters, digits, '_' and '-' in dot-separated segments. */
static int valid_segment_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* ------------------------------------------------------------------------ */
/* Freeing */

static void free_node(jx_node *n)
{
	if (!n)
		return;
	free(n->key);
	free(n->name);
	free(n->name_en);
	free(n->criteria);
	free(n->help);
	free(n->children);
	for (size_t i = 0; i < n->n_items; i++)
		free(n->items[i].label);
	free(n->items);
	free(n->input_a);
	free(n->input_b);
	free(n->input_a_label);
	free(n->input_b_label);
	free(n->bands);
	free(n->category);
	free(n);
}

void jx_template_free(jx_template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_all; i++)
		free_node(t->all[i]);
	free(t->all);
	free(t->roots);
	tpl_free_rules(&t->rules);
	for (size_t i = 0; i < t->n_fund_sources; i++)
		free(t->fund_sources[i]);
	free(t->fund_sources);
	free(t->self_template);
	if (t->goal_blocks) {
		free(t->goal_blocks->name);
		free(t->goal_blocks->name_en);
		free(t->goal_blocks->replaces);
		free(t->goal_blocks);
	}
	free(t->monitoring_template);
	free(t->id);
	free(t->name);
	free(t->name_en);
	free(t->description);
	free(t->file);
	free(t);
}

/* ------------------------------------------------------------------------ */
/* Nodes */

static const char *const node_kind_words[] = {"group", "slot", "checklist", "formula", "manual", NULL};
static const char *const formula_words[] = {"ratio", "growth", "saving", NULL};
static const char *const fscore_words[] = {"rate", "entered", "at_most", "bands", "zero_is_full", NULL};

enum { K_GROUP = 1 << JX_NODE_GROUP, K_SLOT = 1 << JX_NODE_SLOT, K_CHECK = 1 << JX_NODE_CHECKLIST,
       K_FORMULA = 1 << JX_NODE_FORMULA, K_MANUAL = 1 << JX_NODE_MANUAL, K_ALL = 31 };

static const struct {
	const char *field;
	int kinds;
} node_fields[] = {
	{"key", K_ALL},		 {"name", K_ALL},	    {"name_en", K_ALL},	      {"kind", K_ALL},
	{"points", K_ALL},	 {"criteria", K_ALL},	    {"help", K_ALL},	      {"children", K_GROUP},
	{"category", K_SLOT},	 {"items", K_CHECK},	    {"formula", K_FORMULA},   {"input_a", K_FORMULA},
	{"input_b", K_FORMULA},	 {"input_a_label", K_FORMULA}, {"input_b_label", K_FORMULA}, {"score", K_FORMULA},
	{"bands", K_FORMULA},	 {"execution", K_FORMULA},  {"na_full", K_FORMULA},
};

static int check_node_fields(loader *ld, const yd_node *m, jx_node_kind kind)
{
	size_t nf = sizeof node_fields / sizeof node_fields[0];
	for (size_t i = 0; i < m->n; i++) {
		const char *k = m->keys[i]->str;
		size_t f;
		for (f = 0; f < nf; f++)
			if (strcmp(node_fields[f].field, k) == 0)
				break;
		if (f == nf) {
			failf(ld, m->keys[i], "未知字段“%s”", "unknown field \"%s\"", k);
			return -1;
		}
		if (!(node_fields[f].kinds & (1 << kind))) {
			failf(ld, m->keys[i], "字段“%s”不适用于 %s 类节点", "field \"%s\" does not apply to a %s node", k,
			      node_kind_words[kind]);
			return -1;
		}
	}
	return 0;
}

const jx_fund_input jx_fund_inputs[JX_FUND_INPUTS] = {
	{"funds.planned", "年初预算数", "年初预算数", "initial budget", "initial budget"},
	{"funds.budget", "全年预算数", "全年预算数", "full-year budget", "full-year budget"},
	{"funds.received", "实际到位资金", "实际到位", "funds received", "received"},
	{"funds.spent", "全年执行数", "全年执行数", "amount spent", "spent"},
};

/* input_a / input_b: a funds total or a named sheet measure; the label
 * defaults to the total's name or the measure's name. */
static int parse_input(loader *ld, const yd_node *m, const char *field, const char *label_field, char **input,
		       char **label)
{
	const yd_node *n = yd_get(m, field);
	const char *def_label = NULL;
	if (tpl_get_str(ld, m, field, 1, input) < 0)
		return -1;
	for (size_t i = 0; i < JX_FUND_INPUTS; i++)
		if (strcmp(*input, jx_fund_inputs[i].input) == 0)
			def_label = jx_fund_inputs[i].label_zh;
	if (!def_label && strncmp(*input, "measure.", 8) == 0 && (*input)[8])
		def_label = *input + 8;
	if (!def_label) {
		failf(ld, n, "公式输入“%s”无效：应为 funds.planned、funds.budget、funds.received、funds.spent 或 measure.<名称>",
		      "bad formula input \"%s\": use funds.planned, funds.budget, funds.received, funds.spent or measure.<name>",
		      *input);
		return -1;
	}
	if (tpl_get_str(ld, m, label_field, 0, label) < 0)
		return -1;
	if (!*label && !(*label = jx_strdup(def_label))) {
		tpl_oom(ld);
		return -1;
	}
	return 0;
}

static int parse_checklist(loader *ld, const yd_node *m, jx_node *nd)
{
	static const char *const keys[] = {"label", "points", NULL};
	const yd_node *seq;
	jx_dec sum = 0;
	char b1[32], b2[32];
	if (tpl_get_required_seq(ld, m, "items", &seq) < 0)
		return -1;
	nd->items = tpl_alloc_items(ld, seq, sizeof *nd->items, "评价要点列表不能为空", "the checklist needs at least one item");
	if (!nd->items)
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *it = seq->items[i];
		jx_check_item *ci = &nd->items[i];
		if (yd_expect_keys(ld->doc, it, "items", keys, ld->err) < 0)
			return -1;
		nd->n_items++;
		if (tpl_get_str(ld, it, "label", 1, &ci->label) < 0 || tpl_get_points(ld, it, "points", 1, 0, &ci->points) < 0)
			return -1;
		sum += ci->points;
	}
	if (sum != nd->points) {
		failf(ld, yd_get_key(m, "items"), "评价要点分值之和 %s 与节点“%s”的分值 %s 不符",
		      "checklist item points add up to %s, but node \"%s\" has %s points", jx_fmt_trim(b1, sum), nd->key,
		      jx_fmt_trim(b2, nd->points));
		return -1;
	}
	return 0;
}

static int parse_rate_bands(loader *ld, const yd_node *m, jx_node *nd)
{
	static const char *const keys[] = {"min_rate", "share", NULL};
	const yd_node *seq;
	if (tpl_get_seq(ld, m, "bands", &seq) < 0)
		return -1;
	if (nd->fscore != JX_FS_BANDS) {
		if (seq) {
			failf(ld, yd_get_key(m, "bands"), "只有 score: bands 的公式节点才能有 bands",
			      "bands apply only to a formula node with score: bands");
			return -1;
		}
		return 0;
	}
	if (!seq)
		return tpl_missing(ld, m, "bands");
	nd->bands = tpl_alloc_items(ld, seq, sizeof *nd->bands, "bands 至少要有一档", "bands needs at least one band");
	if (!nd->bands)
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *it = seq->items[i];
		jx_rate_band *b = &nd->bands[i];
		if (yd_expect_keys(ld->doc, it, "bands", keys, ld->err) < 0)
			return -1;
		if (tpl_get_percent(ld, it, "min_rate", 1, 0, -MAX_PERCENT, MAX_PERCENT, 0, &b->min_rate) < 0 ||
		    tpl_get_percent(ld, it, "share", 1, 0, 0, JX_INT(100), 0, &b->fraction) < 0)
			return -1;
		nd->n_bands++;
		if (i > 0 && b->min_rate >= nd->bands[i - 1].min_rate) {
			failf(ld, yd_get(it, "min_rate"), "bands 须按 min_rate 从高到低排列，且不能重复",
			      "bands must be listed from the highest min_rate down, without repeats");
			return -1;
		}
	}
	return 0;
}

static int add_node(loader *ld, jx_node *nd, const yd_node *m)
{
	jx_template *t = ld->t;
	if (t->n_all == ld->cap_all) {
		size_t cap = ld->cap_all ? ld->cap_all * 2 : 32;
		if (JX_RESIZE(t->all, cap) < 0 || JX_RESIZE(ld->src, cap) < 0)
			return -1;
		ld->cap_all = cap;
	}
	t->all[t->n_all] = nd;
	ld->src[t->n_all] = m;
	t->n_all++;
	return 0;
}

static int parse_node(loader *ld, const yd_node *m, jx_node *parent, int level, jx_node **out)
{
	jx_node *nd;
	const yd_node *kn;
	int v;

	*out = NULL;
	if (yd_expect(ld->doc, m, YD_MAP, L("节点", "a node"), ld->err) < 0)
		return -1;
	nd = calloc(1, sizeof *nd);
	if (!nd || add_node(ld, nd, m) < 0) {
		free(nd);
		tpl_oom(ld);
		return -1;
	}
	nd->parent = parent;
	nd->level = level;
	nd->points = JX_NONE;
	nd->formula = JX_F_RATIO;
	nd->fscore = JX_FS_RATE;

	if (tpl_get_enum(ld, m, "kind", node_kind_words, 1, 0, "节点类型", "node kind", &v) < 0)
		return -1;
	nd->kind = (jx_node_kind)v;
	if (check_node_fields(ld, m, nd->kind) < 0)
		return -1;

	/* key */
	if (tpl_get_str(ld, m, "key", 1, &nd->key) < 0)
		return -1;
	kn = yd_get(m, "key");
	{
		size_t plen = parent ? strlen(parent->key) : 0, klen = strlen(nd->key);
		const char *seg = nd->key + (parent ? plen + 1 : 0);
		if (parent && (klen <= plen + 1 || strncmp(nd->key, parent->key, plen) != 0 || nd->key[plen] != '.')) {
			failf(ld, kn, "节点键“%s”应以上级节点的键“%s.”开头", "node key \"%s\" must start with its parent's key \"%s.\"",
			      nd->key, parent->key);
			return -1;
		}
		if (klen > MAX_KEY_LEN) {
			failf(ld, kn, "节点键“%s”太长（最多 %d 个字符）", "node key \"%s\" is too long (at most %d characters)", nd->key,
			      MAX_KEY_LEN);
			return -1;
		}
		if (!*seg) {
			failf(ld, kn, "节点键“%s”的最后一段为空", "node key \"%s\" ends with an empty segment", nd->key);
			return -1;
		}
		for (const char *c = seg; *c; c++)
			if (!valid_segment_char(*c)) {
				failf(ld, kn,
				      parent ? "节点键“%s”只能在上级键后加一段英文字母、数字、_ 或 -（不能再含“.”等字符）"
					     : "节点键“%s”只能用英文字母、数字、_ 或 -（一级节点的键不含“.”）",
				      parent ? "node key \"%s\" may add only one segment of letters, digits, _ or - to its parent's key"
					     : "node key \"%s\" may use only letters, digits, _ or - (a top-level key has no \".\")",
				      nd->key);
				return -1;
			}
	}

	if (tpl_get_str(ld, m, "name", 1, &nd->name) < 0 || tpl_get_str(ld, m, "name_en", 0, &nd->name_en) < 0 ||
	    tpl_get_str(ld, m, "criteria", 0, &nd->criteria) < 0 || tpl_get_str(ld, m, "help", 0, &nd->help) < 0)
		return -1;
	if (!nd->name_en && !(nd->name_en = jx_strdup(nd->name))) {
		tpl_oom(ld);
		return -1;
	}
	if (tpl_get_points(ld, m, "points", nd->kind == JX_NODE_CHECKLIST || nd->kind == JX_NODE_FORMULA ||
					    nd->kind == JX_NODE_MANUAL,
		       JX_NONE, &nd->points) < 0)
		return -1;

	switch (nd->kind) {
	case JX_NODE_GROUP: {
		const yd_node *seq;
		if (tpl_get_required_seq(ld, m, "children", &seq) < 0)
			return -1;
		if (seq->n == 0) {
			failf(ld, seq, "group 节点“%s”至少要有一个下级节点", "group node \"%s\" needs at least one child", nd->key);
			return -1;
		}
		if (!(nd->children = tpl_zalloc(ld, seq->n, sizeof *nd->children)))
			return -1;
		for (size_t i = 0; i < seq->n; i++) {
			jx_node *child;
			if (parse_node(ld, seq->items[i], nd, level + 1, &child) < 0)
				return -1;
			nd->children[nd->n_children++] = child;
		}
		break;
	}
	case JX_NODE_SLOT:
		if (tpl_get_str(ld, m, "category", 0, &nd->category) < 0)
			return -1;
		if (!nd->category && !(nd->category = jx_strdup(nd->name))) {
			tpl_oom(ld);
			return -1;
		}
		break;
	case JX_NODE_CHECKLIST:
		if (parse_checklist(ld, m, nd) < 0)
			return -1;
		break;
	case JX_NODE_FORMULA:
		if (tpl_get_enum(ld, m, "formula", formula_words, 0, 0, "公式", "formula", &v) < 0)
			return -1;
		nd->formula = (jx_formula)v;
		if (tpl_get_enum(ld, m, "score", fscore_words, 0, 0, "计分方式", "scoring", &v) < 0)
			return -1;
		nd->fscore = (jx_fscore)v;
		if (parse_input(ld, m, "input_a", "input_a_label", &nd->input_a, &nd->input_a_label) < 0 ||
		    parse_input(ld, m, "input_b", "input_b_label", &nd->input_b, &nd->input_b_label) < 0 ||
		    parse_rate_bands(ld, m, nd) < 0 || tpl_get_bool(ld, m, "execution", 0, &nd->execution) < 0 ||
		    tpl_get_bool(ld, m, "na_full", 0, &nd->na_full) < 0)
			return -1;
		break;
	case JX_NODE_MANUAL:
		break;
	}
	*out = nd;
	return 0;
}

/* Points a node is worth when they are fixed by the template: its own, or for
 * a group without points the sum of its children when all are fixed. */
static jx_dec fixed_points(const jx_node *n)
{
	jx_dec sum = 0;
	if (n->points != JX_NONE)
		return n->points;
	if (n->kind != JX_NODE_GROUP)
		return JX_NONE;
	for (size_t i = 0; i < n->n_children; i++) {
		jx_dec c = fixed_points(n->children[i]);
		if (c == JX_NONE)
			return JX_NONE;
		sum += c;
	}
	return sum;
}

static int check_tree(loader *ld, const yd_node *nodes_seq)
{
	jx_template *t = ld->t;
	yd_keyed *refs;
	const yd_node *exec_at = NULL;
	char b1[32], b2[32];
	jx_dec root_sum = 0;
	int roots_fixed = 1;

	/* duplicate keys: report the later one, naming the line of the first */
	refs = malloc(t->n_all * sizeof *refs);
	if (!refs) {
		tpl_oom(ld);
		return -1;
	}
	for (size_t i = 0; i < t->n_all; i++) {
		refs[i].key = t->all[i]->key;
		refs[i].pos = i;
	}
	qsort(refs, t->n_all, sizeof *refs, yd_keyed_cmp);
	{
		/* sorted by (key, position): a run of equal keys starts with the
		 * first occurrence; report the earliest second occurrence */
		size_t bad = t->n_all, first = 0;
		for (size_t k = 0; k + 1 < t->n_all;) {
			size_t j = k + 1;
			while (j < t->n_all && strcmp(refs[j].key, refs[k].key) == 0)
				j++;
			if (j > k + 1 && refs[k + 1].pos < bad) {
				bad = refs[k + 1].pos;
				first = refs[k].pos;
			}
			k = j;
		}
		free(refs);
		if (bad != t->n_all) {
			const yd_node *kn = yd_get(ld->src[bad], "key");
			failf(ld, kn, "节点键“%s”重复（第一次出现在第 %d 行）", "duplicate node key \"%s\" (first at line %d)",
			      t->all[bad]->key, yd_get(ld->src[first], "key")->line);
			return -1;
		}
	}

	for (size_t i = 0; i < t->n_all; i++) {
		jx_node *n = t->all[i];
		if (n->execution) {
			if (exec_at) {
				failf(ld, yd_get(ld->src[i], "execution"), "只能有一个预算执行率节点（execution: true）",
				      "only one node may be the budget-execution node (execution: true)");
				return -1;
			}
			exec_at = yd_get(ld->src[i], "execution");
		}
		if (n->kind == JX_NODE_GROUP && n->points != JX_NONE) {
			jx_dec sum = 0;
			int all_fixed = 1;
			for (size_t k = 0; k < n->n_children && all_fixed; k++) {
				jx_dec c = fixed_points(n->children[k]);
				if (c == JX_NONE)
					all_fixed = 0;
				else
					sum += c;
			}
			if (all_fixed && sum != n->points) {
				failf(ld, yd_get(ld->src[i], "points"), "节点“%s”的分值 %s 与其下级节点分值之和 %s 不符",
				      "node \"%s\" has %s points but its children add up to %s", n->key,
				      jx_fmt_trim(b1, n->points), jx_fmt_trim(b2, sum));
				return -1;
			}
		}
	}

	for (size_t i = 0; i < t->n_roots; i++) {
		jx_dec p = fixed_points(t->roots[i]);
		if (p == JX_NONE)
			roots_fixed = 0;
		else
			root_sum += p;
	}
	if (roots_fixed && root_sum != t->rules.total_points) {
		failf(ld, nodes_seq, "一级指标分值之和 %s 与总分 %s 不符", "the top-level nodes add up to %s points, not total_points %s",
		      jx_fmt_trim(b1, root_sum), jx_fmt_trim(b2, t->rules.total_points));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Template */

const char *const jx_template_kind_words[] = {"project-self", "dept-eval",          "dept-overall",
					      "external",     "project-declaration", "project-monitoring", NULL};

/* Default fund rows per kind when the template names none. */
static const char *const *default_funds(jx_template_kind k)
{
	static const char *const project[] = {"当年财政拨款", "上年结转资金", "其他资金", NULL};
	static const char *const dept[] = {"中央财政", "省财政", "市县财政", "其他", NULL};
	static const char *const overall[] = {"基本支出", "项目支出", NULL};
	static const char *const external[] = {"财政资金", NULL};
	switch (k) {
	case JX_KIND_DEPT_EVAL:
		return dept;
	case JX_KIND_DEPT_OVERALL:
		return overall;
	case JX_KIND_EXTERNAL:
		return external;
	case JX_KIND_PROJECT_SELF:
	case JX_KIND_PROJECT_DECLARATION:
	case JX_KIND_PROJECT_MONITORING:
	default:
		return project;
	}
}

static int parse_funds(loader *ld, const yd_node *m)
{
	jx_template *t = ld->t;
	const yd_node *seq;
	if (tpl_get_seq(ld, m, "fund_sources", &seq) < 0)
		return -1;
	if (!seq) {
		const char *const *d = default_funds(t->kind);
		size_t n = 0;
		while (d[n])
			n++;
		if (!(t->fund_sources = tpl_zalloc(ld, n, sizeof *t->fund_sources)))
			return -1;
		for (size_t i = 0; i < n; i++) {
			if (!(t->fund_sources[i] = jx_strdup(d[i]))) {
				tpl_oom(ld);
				return -1;
			}
			t->n_fund_sources++;
		}
		return 0;
	}
	t->fund_sources = tpl_alloc_items(ld, seq, sizeof *t->fund_sources, "fund_sources 至少要有一行资金来源",
				      "fund_sources needs at least one source");
	if (!t->fund_sources)
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *it = seq->items[i];
		const char *s;
		if (yd_str(ld->doc, it, &s, ld->err) < 0)
			return -1;
		if (!s || !*s) {
			failf(ld, it, "资金来源名称不能为空", "a fund source name cannot be empty");
			return -1;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(t->fund_sources[k], s) == 0) {
				failf(ld, it, "资金来源“%s”重复", "fund source \"%s\" is listed twice", s);
				return -1;
			}
		if (!(t->fund_sources[i] = jx_strdup(s))) {
			tpl_oom(ld);
			return -1;
		}
		t->n_fund_sources++;
	}
	return 0;
}

/* goal_blocks: {name, name_en, replaces: [一级 keys]}: the replaced nodes
 * are 一级, not the execution node, and fixed in points (their sum is what
 * a sheet's goals add up to). */
static int parse_goal_blocks(loader *ld, const yd_node *root)
{
	static const char *const keys[] = {"name", "name_en", "replaces", NULL};
	jx_template *t = ld->t;
	const yd_node *m, *seq;
	jx_goal_blocks *g;
	if (tpl_get_map(ld, root, "goal_blocks", &m) < 0)
		return -1;
	if (!m)
		return 0;
	if (yd_check_keys(ld->doc, m, keys, ld->err) < 0 || !(g = t->goal_blocks = tpl_zalloc(ld, 1, sizeof *g)))
		return -1;
	if (tpl_get_str(ld, m, "name", 1, &g->name) < 0 || tpl_get_str(ld, m, "name_en", 0, &g->name_en) < 0)
		return -1;
	if (!g->name_en && !(g->name_en = jx_strdup(g->name))) {
		tpl_oom(ld);
		return -1;
	}
	if (tpl_get_required_seq(ld, m, "replaces", &seq) < 0 ||
	    !(g->replaces = tpl_alloc_items(ld, seq, sizeof *g->replaces, "replaces 至少要有一个一级节点",
					    "replaces needs at least one top-level node")))
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *it = seq->items[i];
		jx_node *n = NULL;
		jx_dec p;
		for (size_t k = 0; it->kind == YD_SCALAR && k < t->n_roots; k++)
			if (strcmp(t->roots[k]->key, it->str) == 0)
				n = t->roots[k];
		if (!n || n->execution || (p = fixed_points(n)) == JX_NONE) {
			failf(ld, it, "replaces 须列出分值固定的一级节点（不含预算执行）", 
			      "replaces must list top-level nodes with fixed points (not the execution node)");
			return -1;
		}
		for (size_t k = 0; k < g->n_replaces; k++)
			if (g->replaces[k] == n) {
				failf(ld, it, "一级节点“%s”重复", "top-level node \"%s\" listed twice", n->key);
				return -1;
			}
		g->replaces[g->n_replaces++] = n;
		g->points += p;
	}
	return 0;
}

static int parse_template(loader *ld)
{
	static const char *const keys[] = {"id",	   "version", "name",  "name_en", "kind", "description",
					   "fund_sources", "rules",   "nodes", "self_template", "goal_blocks", "monitoring_template",
					   "monitoring",   NULL};
	const yd_doc *doc = ld->doc;
	const yd_node *root = doc->root, *n, *rules, *seq;
	jx_template *t = ld->t;
	int v;

	if (!root) {
		failf(ld, NULL, "文件为空：模板至少需要 id、name、kind 和 nodes", "the file is empty: a template needs id, name, kind and nodes");
		return -1;
	}
	if (yd_expect(doc, root, YD_MAP, L("模板", "a template"), ld->err) < 0 || yd_check_keys(doc, root, keys, ld->err) < 0)
		return -1;

	if (tpl_get_str(ld, root, "id", 1, &t->id) < 0)
		return -1;
	n = yd_get(root, "id");
	if (strlen(t->id) > MAX_KEY_LEN) {
		failf(ld, n, "模板 id 太长（最多 %d 个字符）", "template id too long (at most %d characters)", MAX_KEY_LEN);
		return -1;
	}
	for (const char *c = t->id; *c; c++)
		if (!valid_segment_char(*c) && *c != '.') {
			failf(ld, n, "模板 id“%s”只能用英文字母、数字、.、_ 或 -", "template id \"%s\" may use only letters, digits, ., _ or -",
			      t->id);
			return -1;
		}
	n = yd_get(root, "version");
	if (n && !yd_is_null(n)) {
		long ver;
		if (yd_int(doc, n, 1, 1000000, &ver, ld->err) < 0)
			return -1;
		t->version = (int)ver;
	} else {
		t->version = 1;
	}
	if (tpl_get_str(ld, root, "name", 1, &t->name) < 0 || tpl_get_str(ld, root, "name_en", 0, &t->name_en) < 0 ||
	    tpl_get_str(ld, root, "description", 0, &t->description) < 0 ||
	    tpl_get_str(ld, root, "self_template", 0, &t->self_template) < 0 ||
	    tpl_get_str(ld, root, "monitoring_template", 0, &t->monitoring_template) < 0 ||
	    tpl_parse_monitoring(ld, root, &t->monitor) < 0)
		return -1;
	if (!t->name_en && !(t->name_en = jx_strdup(t->name))) {
		tpl_oom(ld);
		return -1;
	}
	if (tpl_get_enum(ld, root, "kind", jx_template_kind_words, 1, 0, "模板类型", "template kind", &v) < 0)
		return -1;
	t->kind = (jx_template_kind)v;
	if (parse_funds(ld, root) < 0)
		return -1;
	if (tpl_get_map(ld, root, "rules", &rules) < 0 || tpl_parse_rules(ld, rules, &t->rules) < 0)
		return -1;

	if (tpl_get_required_seq(ld, root, "nodes", &seq) < 0)
		return -1;
	t->roots = tpl_alloc_items(ld, seq, sizeof *t->roots, "nodes 至少要有一个一级节点",
			       "nodes needs at least one top-level node");
	if (!t->roots)
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		jx_node *nd;
		if (parse_node(ld, seq->items[i], NULL, 1, &nd) < 0)
			return -1;
		t->roots[t->n_roots++] = nd;
	}
	if (check_tree(ld, seq) < 0 || parse_goal_blocks(ld, root) < 0)
		return -1;
	return tpl_check_rule_fields(ld, rules);
}

static jx_template *load_doc(const yd_doc *doc, const char *name, jx_err *err)
{
	loader ld = {doc, err, NULL, 0, NULL};
	jx_template *t = calloc(1, sizeof *t);
	if (!t) {
		jx_err_set(err, "内存不足", "out of memory");
		return NULL;
	}
	ld.t = t;
	if (!(t->file = jx_strdup(name))) {
		tpl_oom(&ld);
		jx_template_free(t);
		return NULL;
	}
	if (parse_template(&ld) < 0) {
		free(ld.src);
		jx_template_free(t);
		return NULL;
	}
	free(ld.src);
	return t;
}

jx_template *jx_template_load_mem(const char *name, const char *data, size_t len, jx_err *err)
{
	yd_doc doc;
	jx_template *t;
	if (!name)
		name = "-";
	if (yd_load_mem(&doc, name, data ? data : "", data ? len : 0, err) < 0)
		return NULL;
	t = load_doc(&doc, name, err);
	yd_free(&doc);
	return t;
}

jx_template *jx_template_load_file(const char *path, jx_err *err)
{
	yd_doc doc;
	jx_template *t;
	if (yd_load_file(&doc, path, err) < 0)
		return NULL;
	t = load_doc(&doc, path, err);
	yd_free(&doc);
	return t;
}

const jx_node *jx_template_node(const jx_template *t, const char *key)
{
	if (!t || !key)
		return NULL;
	for (size_t i = 0; i < t->n_all; i++)
		if (strcmp(t->all[i]->key, key) == 0)
			return t->all[i];
	return NULL;
}

const jx_grade_band *jx_template_grade(const jx_template *t, jx_dec total)
{
	if (!t || total == JX_NONE)
		return NULL;
	for (size_t i = 0; i < t->rules.n_grades; i++)
		if (total >= t->rules.grades[i].min)
			return &t->rules.grades[i];
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* Template sets */

/* Add t to the set; a template with the same id is replaced (freed). */
static int set_put(jx_templates *set, jx_template *t)
{
	jx_template **v;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i]->id, t->id) == 0) {
			jx_template_free(set->v[i]);
			set->v[i] = t;
			return 0;
		}
	v = realloc(set->v, (set->n + 1) * sizeof *v);
	if (!v)
		return -1;
	set->v = v;
	set->v[set->n++] = t;
	return 0;
}

/* Move every template of `from` into `set` in order (later ids replace). */
static int set_merge(jx_templates *set, jx_templates *from, jx_err *err)
{
	for (size_t i = 0; i < from->n; i++) {
		if (set_put(set, from->v[i]) < 0) {
			/* the rest stay in `from` and are freed with it */
			memmove(from->v, from->v + i, (from->n - i) * sizeof *from->v);
			from->n -= i;
			jx_templates_free(from);
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
	}
	free(from->v);
	from->v = NULL;
	from->n = 0;
	return 0;
}

int jx_templates_load_builtin(jx_templates *set, jx_err *err)
{
	jx_templates tmp = {NULL, 0};
	for (const jx_embedded *f = jx_template_files; f->name; f++) {
		jx_template *t = jx_template_load_mem(f->name, f->data, f->len, err);
		if (!t || set_put(&tmp, t) < 0) {
			if (t) {
				jx_template_free(t);
				jx_err_set(err, "内存不足", "out of memory");
			}
			jx_templates_free(&tmp);
			return -1;
		}
	}
	return set_merge(set, &tmp, err);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_yaml_suffix(const char *s)
{
	size_t n = strlen(s);
	return n > 5 && strcmp(s + n - 5, ".yaml") == 0;
}

/* Every *.yaml file of dir in name order; all or nothing: when one file has
 * an error, the set is left unchanged. */
int jx_templates_load_dir(jx_templates *set, const char *dir, jx_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	jx_templates tmp = {NULL, 0};
	int rc = -1;

	if (!d) {
		int e = errno;
		if (e == ENOENT)
			jx_err_set(err, "无法打开模板目录 %s：找不到该目录", "cannot open the template directory %s: no such directory",
				   dir);
		else if (e == EACCES || e == EPERM)
			jx_err_set(err, "无法打开模板目录 %s：没有权限读取", "cannot open the template directory %s: no permission to read it",
				   dir);
		else if (e == ENOTDIR)
			jx_err_set(err, "无法打开模板目录 %s：这不是一个目录", "cannot open the template directory %s: it is not a directory",
				   dir);
		else
			jx_err_set(err, "无法打开模板目录 %s：%s", "cannot open the template directory %s: %s", dir, strerror(e));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !has_yaml_suffix(de->d_name))
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nn = realloc(names, ncap * sizeof *nn);
			if (!nn)
				goto oom;
			names = nn;
			cap = ncap;
		}
		if (!(names[n] = jx_strdup(de->d_name)))
			goto oom;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		size_t plen = strlen(dir) + 1 + strlen(names[i]) + 1;
		char *path = malloc(plen);
		struct stat st;
		jx_template *t;
		if (!path)
			goto oom;
		snprintf(path, plen, "%s/%s", dir, names[i]);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		t = jx_template_load_file(path, err);
		free(path);
		if (!t)
			goto out;
		if (set_put(&tmp, t) < 0) {
			jx_template_free(t);
			goto oom;
		}
	}
	rc = set_merge(set, &tmp, err);
	goto out;
oom:
	jx_err_set(err, "内存不足", "out of memory");
out:
	if (d)
		closedir(d);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	jx_templates_free(&tmp);
	return rc;
}

const jx_template *jx_templates_find(const jx_templates *set, const char *id)
{
	if (!set || !id)
		return NULL;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i]->id, id) == 0)
			return set->v[i];
	return NULL;
}

void jx_templates_free(jx_templates *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		jx_template_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}
