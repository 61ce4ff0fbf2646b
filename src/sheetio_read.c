/* Reading sheet files: one or many evaluation sheets in a human-writable
 * YAML format (share/sheet-format.md); sheetio_write.c writes them.
 *
 * Reading goes through yamldoc (size, depth, alias, duplicate-key and UTF-8
 * refusals come from there), then every field is checked against the model
 * and the sheet's template; the first error is reported as
 * "file:line:column: message" and nothing is returned (all or nothing).
 */
#include "sheetio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "field.h"
#include "fundtotal.h"
#include "num.h"
#include "sheetio_priv.h"
#include "sheetio_reader.h"
#include "review.h"
#include "strset.h"
#include "stage.h"
#include "yamldoc.h"
#include "strutil.h"

#define MAX_UID_LEN 39 /* the store keeps uids in char[40] */
#define AUDIT_DB_LEN 16 /* a database id: 16 hex digits (schema/002_identity.sql) */



int sior_oom(reader *r, const yd_node *at)
{
	return failf(r, at, "内存不足", "out of memory");
}

int sior_expect(reader *r, const yd_node *n, yd_kind kind, const char *what)
{
	return yd_expect(r->doc, n, kind, what, r->err);
}

/* n is a mapping (`what` names it) with only the allowed keys. */
static int expect_keys(reader *r, const yd_node *n, const char *what, const char *const *allowed)
{
	return yd_expect_keys(r->doc, n, what, allowed, r->err);
}

/* A mapping with only the allowed keys; absent is fine (returns 0, *out NULL). */
static int get_map(reader *r, const yd_node *parent, const char *field, const char *const *allowed, const yd_node **out)
{
	if (yd_get_opt(r->doc, parent, field, YD_MAP, out, r->err) < 0)
		return -1;
	if (*out && allowed && yd_check_keys(r->doc, *out, allowed, r->err) < 0) {
		*out = NULL;
		return -1;
	}
	return 0;
}

int sior_get_seq(reader *r, const yd_node *parent, const char *field, const yd_node **out)
{
	return yd_get_opt(r->doc, parent, field, YD_SEQ, out, r->err);
}

/* The text of scalar n as the tree holds it, checked as scalar_text checks
 * it: *s NULL for a null or an empty text (and left as it was when n is
 * absent, *absent then 1). */
static int scalar_str(reader *r, const yd_node *n, size_t limit, const char **s, int *absent)
{
	*absent = !n;
	if (!n)
		return 0;
	if (n->kind != YD_SCALAR)
		return failf(r, n, "此处应为文字", "text expected here");
	if (yd_str(r->doc, n, s, r->err) < 0)
		return -1;
	if (*s && limit && n->len > limit)
		return failf(r, n, "文字过长（%zu 字节，上限 %d 字节）", "text too long (%zu bytes, limit %d)", n->len,
			     (int)limit);
	if (*s && !**s)
		*s = NULL;
	return 0;
}

/* Text of a scalar node into *dst (NULL node, null or "" leave NULL), at
 * most `limit` bytes (0 = any length: audit values quote whole indicators). */
static int scalar_text(reader *r, const yd_node *n, size_t limit, char **dst)
{
	const char *s = NULL;
	char *d = NULL;
	int absent;
	if (scalar_str(r, n, limit, &s, &absent) < 0)
		return -1;
	if (absent)
		return 0;
	/* the tree knows the text's length: copied without measuring it again */
	if (s && !(d = malloc(n->len + 1)))
		return sior_oom(r, n);
	if (s)
		memcpy(d, s, n->len + 1);
	free(*dst);
	*dst = d;
	return 0;
}

/* Text of a field: at most JX_FIELD_MAX bytes. */
int sior_node_text(reader *r, const yd_node *n, char **dst)
{
	return scalar_text(r, n, JX_FIELD_MAX, dst);
}

int sior_ind_text(reader *r, const yd_node *n, char **dst)
{
	const char *s = NULL;
	int absent;
	if (!r->keep_texts)
		return sior_node_text(r, n, dst);
	if (scalar_str(r, n, JX_FIELD_MAX, &s, &absent) < 0)
		return -1;
	if (absent)
		return 0;
	/* the text it had, if any, is kept too: freed with the sheet */
	*dst = NULL;
	if (s && !(*dst = jx_sheet_keep_text(r->s, s, n->len)))
		return sior_oom(r, n);
	return 0;
}

int sior_node_str(reader *r, const yd_node *n, const char **s)
{
	int absent;
	*s = NULL;
	return scalar_str(r, n, JX_FIELD_MAX, s, &absent);
}

static int get_text(reader *r, const yd_node *map, const char *field, char **dst)
{
	return sior_node_text(r, yd_get(map, field), dst);
}

/* Text of scalar n for the field `path` (field.h) into *dst.  A one-line
 * field (every text field but the long ones: narrative, project
 * description, goals, reasons, notes, review opinion; the workstation edits
 * the same ones on one line) refuses a line break at its place, naming the
 * field: a name or a unit broken over two lines breaks every table it is
 * shown in.  label, when given, names the field instead of its path. */
static int node_field(reader *r, const yd_node *n, const char *path, const char *label, char **dst)
{
	if (sior_node_text(r, n, dst) < 0)
		return -1;
	return sior_refuse_line_break(r, n, path, label, dst);
}

/* *dst (read from n) when it has no line break or the field takes several
 * lines; else the refusal. */
int sior_refuse_line_break(reader *r, const yd_node *n, const char *path, const char *label, char **dst)
{
	char buf[256];
	if (!*dst || !strpbrk(*dst, "\r\n") || (path && jx_field_type_of(path) == JX_FT_LONGTEXT))
		return 0;
	/* dropped first, so that the label (which may show the indicator's
	 * name) never shows the broken text; a kept text goes with the sheet */
	if (!r->in_kept)
		free(*dst);
	*dst = NULL;
	if (!label) {
		jx_field_label(r->s, path, buf, sizeof buf);
		label = buf;
	}
	return failf(r, n, "“%s”只能填写一行文字，不能换行", "\"%s\" takes one line of text, no line breaks", label);
}

static int get_field(reader *r, const yd_node *map, const char *field, const char *path, char **dst)
{
	return node_field(r, yd_get(map, field), path, NULL, dst);
}

/* Number of a scalar node; absent, null or "" give JX_NONE. */
int sior_node_dec(reader *r, const yd_node *n, int flags, jx_dec *out)
{
	*out = JX_NONE;
	if (!n)
		return 0;
	return yd_dec(r->doc, n, flags | JX_NUM_ALLOW_EMPTY, out, r->err);
}

static int get_dec(reader *r, const yd_node *map, const char *field, int flags, jx_dec *out)
{
	return sior_node_dec(r, yd_get(map, field), flags, out);
}

/* A whole number in [min, max], written like any other number. */
static int node_int(reader *r, const yd_node *n, int64_t min, int64_t max, int64_t *out)
{
	jx_dec v;
	char b1[32], b2[32];
	if (yd_dec(r->doc, n, 0, &v, r->err) < 0)
		return -1;
	if (v % JX_SCALE != 0 || v / JX_SCALE < min || v / JX_SCALE > max) {
		snprintf(b1, sizeof b1, "%lld", (long long)min);
		snprintf(b2, sizeof b2, "%lld", (long long)max);
		return failf(r, n, "“%s”不是 %s 到 %s 之间的整数", "\"%s\" is not a whole number from %s to %s", n->str, b1,
			     b2);
	}
	*out = v / JX_SCALE;
	return 0;
}

/* "a, b, c" from a list of names, cut to fit. */
void sior_join_names(char *buf, size_t len, const char *const *names, size_t n)
{
	size_t used = 0;
	buf[0] = 0;
	for (size_t i = 0; i < n && used + 1 < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i ? L("、", ", ") : "", names[i]);
		if (w < 0 || (size_t)w >= len - used) {
			buf[used] = 0;
			snprintf(buf + used, len - used, "%s", L("…", "..."));
			return;
		}
		used += (size_t)w;
	}
}

static const jx_template *find_template(const jx_templates *set, const char *id)
{
	if (!set)
		return NULL;
	for (size_t i = 0; i < set->n; i++)
		if (jx_streq(set->v[i]->id, id))
			return set->v[i];
	return NULL;
}

const jx_node *sior_find_node(const jx_template *t, const char *key)
{
	for (size_t i = 0; i < t->n_all; i++)
		if (strcmp(t->all[i]->key, key) == 0)
			return t->all[i];
	return NULL;
}

/* Names of the template's nodes accepted by pred, for messages. */
void sior_node_names(const jx_template *t, int (*pred)(const jx_node *), char *buf, size_t len)
{
	const char **names = malloc((t->n_all ? t->n_all : 1) * sizeof *names);
	size_t n = 0;
	if (!names) {
		buf[0] = 0;
		return;
	}
	for (size_t i = 0; i < t->n_all; i++)
		if (pred(t->all[i]))
			names[n++] = t->all[i]->key;
	if (n == 0)
		snprintf(buf, len, "%s", L("（无）", "(none)"));
	else
		sior_join_names(buf, len, names, n);
	free(names);
}

int sior_is_slot(const jx_node *n) { return n->kind == JX_NODE_SLOT; }
static int is_checklist(const jx_node *n) { return n->kind == JX_NODE_CHECKLIST; }
static int is_entry_node(const jx_node *n)
{
	return n->kind == JX_NODE_MANUAL || (n->kind == JX_NODE_FORMULA && n->fscore == JX_FS_ENTERED);
}
static int is_any(const jx_node *n)
{
	(void)n;
	return 1;
}

/* A random (version 4) UUID from /dev/urandom. */
static int gen_uid(reader *r, const yd_node *at, char **out)
{
	unsigned char b[16];
	char buf[40];
	FILE *f = fopen("/dev/urandom", "rb");
	size_t got = f ? fread(b, 1, sizeof b, f) : 0;
	if (f)
		fclose(f);
	if (got != sizeof b)
		return failf(r, at, "无法生成表格编号（读取 /dev/urandom 失败）", "cannot make a sheet id (reading /dev/urandom failed)");
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(buf, sizeof buf, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	if (jx_set_str(out, buf) < 0)
		return sior_oom(r, at);
	return 0;
}

/* Uids and the database part of audit ids: ASCII letters, digits, '-', '_', '.'. */
static int uid_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
	       c == '.';
}

/* Indicator keys appear in paths "ind:<key>:<col>": no ':' and no blanks. */
static int ind_key_char(unsigned char c)
{
	return c > ' ' && c != ':' && c != 0x7f;
}

/* The n bytes at s are 1 to max characters that all pass ok. */
static int valid_run(const char *s, size_t n, size_t max, int (*ok)(unsigned char c))
{
	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!ok((unsigned char)s[i]))
			return 0;
	return 1;
}

static int valid_uid(const char *s)
{
	return valid_run(s, strlen(s), MAX_UID_LEN, uid_char);
}

int sior_valid_ind_key(const char *s, size_t n)
{
	return valid_run(s, n, MAX_KEY_LEN, ind_key_char);
}

/* A mapping of fixed text fields (info, narrative) into the sheet's array. */
static int read_text_map(reader *r, const yd_node *sheet, const char *name, const char *family,
			 const jx_label *labels, int count, char **fields)
{
	const char *keys[(int)JX_INFO_COUNT + (int)JX_NARR_COUNT + 1]; /* room for either */
	const yd_node *m;
	for (int i = 0; i < count; i++)
		keys[i] = labels[i].key;
	keys[count] = NULL;
	if (get_map(r, sheet, name, keys, &m) < 0)
		return -1;
	for (int i = 0; m && i < count; i++) {
		char path[96];
		snprintf(path, sizeof path, "%s:%s", family, keys[i]);
		if (get_field(r, m, keys[i], path, &fields[i]) < 0)
			return -1;
	}
	return 0;
}

static int read_info(reader *r, const yd_node *sheet)
{
	return read_text_map(r, sheet, "info", "info", jx_info_labels, JX_INFO_COUNT, r->s->info);
}

static int read_narrative(reader *r, const yd_node *sheet)
{
	return read_text_map(r, sheet, "narrative", "narr", jx_narr_labels, JX_NARR_COUNT, r->s->narr);
}

static int read_basis(reader *r, const yd_node *sheet)
{
	const yd_node *seq;
	if (sior_get_seq(r, sheet, "basis", &seq) < 0)
		return -1;
	for (size_t i = 0; seq && i < seq->n; i++) {
		char *doc = NULL, path[48];
		snprintf(path, sizeof path, "basis:%zu", i);
		if (node_field(r, seq->items[i], path, NULL, &doc) < 0)
			return -1;
		if (jx_sheet_add_basis(r->s, NULL) < 0) {
			free(doc);
			return sior_oom(r, seq->items[i]);
		}
		r->s->basis[r->s->n_basis - 1] = doc;
	}
	return 0;
}

/* Each mapping of the optional sequence `field` of sheet, with only the
 * allowed keys, handed to row(r, m, i) in order; stops at the first error. */
static int each_row(reader *r, const yd_node *sheet, const char *field, const char *const *keys,
		    int (*row)(reader *r, const yd_node *m, size_t i))
{
	const yd_node *seq;
	if (sior_get_seq(r, sheet, field, &seq) < 0)
		return -1;
	for (size_t i = 0; seq && i < seq->n; i++)
		if (expect_keys(r, seq->items[i], field, keys) < 0 || row(r, seq->items[i], i) < 0)
			return -1;
	return 0;
}

/* A required text of m, into *dst: missing, or refused by valid (when
 * given), it is the message fmt_zh / fmt_en (with arg, e.g. the audit row's
 * id) at the field, else at m. */
static int required_text(reader *r, const yd_node *m, const char *field, int (*valid)(const char *s), const char *arg,
			 const char *fmt_zh, const char *fmt_en, char **dst)
{
	const yd_node *n = yd_get(m, field);
	if (sior_node_text(r, n, dst) < 0)
		return -1;
	if (!*dst || (valid && !valid(*dst)))
		return failf(r, n ? n : m, fmt_zh, fmt_en, arg);
	return 0;
}

static int read_fund(reader *r, const yd_node *m, size_t i)
{
	const yd_node *src = yd_get(m, "source");
	char *source = NULL;
	jx_fund *f;
	if (node_field(r, src, NULL, L("资金来源", "fund source"), &source) < 0)
		return -1;
	if (!source) {
		failf(r, src ? src : m, "资金行缺少来源（source）", "a fund row needs its source");
		return -1;
	}
	for (size_t k = 0; k < r->s->n_funds; k++)
		if (strcmp(r->s->funds[k].source, source) == 0) {
			failf(r, src, "资金来源“%s”重复（同一来源只能有一行）", "fund source \"%s\" appears twice", source);
			free(source);
			return -1;
		}
	f = jx_sheet_add_fund(r->s, source);
	free(source);
	if (!f || !f->source)
		return sior_oom(r, m);
	if (get_dec(r, m, "planned", JX_NUM_NONNEG, &f->planned) < 0 ||
	    get_dec(r, m, "budget", JX_NUM_NONNEG, &f->budget) < 0 ||
	    get_dec(r, m, "received", JX_NUM_NONNEG, &f->received) < 0 ||
	    get_dec(r, m, "spent", JX_NUM_NONNEG, &f->spent) < 0 ||
	    get_dec(r, m, "forecast", JX_NUM_NONNEG, &f->forecast) < 0)
		return -1;
	return 0;
}

static int read_funds(reader *r, const yd_node *sheet)
{
	static const char *const keys[] = {"source", "planned", "budget", "received", "spent", "forecast", NULL};
	return each_row(r, sheet, "funds", keys, read_fund);
}

static int read_sub(reader *r, const yd_node *m, size_t i)
{
	char path[48];
	jx_subproject *p;
	if (!(p = jx_sheet_add_sub(r->s)))
		return sior_oom(r, m);
	snprintf(path, sizeof path, "sub:%zu:name", i);
	if (get_field(r, m, "name", path, &p->name) < 0 || get_dec(r, m, "budget", JX_NUM_NONNEG, &p->budget) < 0 ||
	    get_dec(r, m, "spent", JX_NUM_NONNEG, &p->spent) < 0)
		return -1;
	return 0;
}

static int read_subs(reader *r, const yd_node *sheet)
{
	static const char *const keys[] = {"name", "budget", "spent", NULL};
	return each_row(r, sheet, "subprojects", keys, read_sub);
}

static int read_goal(reader *r, const yd_node *m, size_t i)
{
	jx_goal *g;
	if (!(g = jx_sheet_add_goal(r->s)))
		return sior_oom(r, m);
	if (get_text(r, m, "planned", &g->planned) < 0 || get_text(r, m, "actual", &g->actual) < 0 ||
	    get_dec(r, m, "points", JX_NUM_NONNEG, &g->points) < 0)
		return -1;
	return 0;
}

static int read_goals(reader *r, const yd_node *sheet)
{
	static const char *const keys[] = {"planned", "actual", "points", NULL};
	return each_row(r, sheet, "goals", keys, read_goal);
}

static int read_marks(reader *r, const yd_node *sheet)
{
	const yd_node *m;
	if (get_map(r, sheet, "marks", NULL, &m) < 0)
		return -1;
	for (size_t i = 0; m && i < m->n; i++) {
		const yd_node *key = m->keys[i], *v = m->items[i];
		const jx_node *nd = sior_find_node(r->t, key->str);
		char b1[32], b2[32];
		if (!nd || nd->kind != JX_NODE_CHECKLIST) {
			char list[700];
			sior_node_names(r->t, is_checklist, list, sizeof list);
			return failf(r, key, "“%s”不是模板“%s”中的评价要点（checklist）项；可用：%s",
				     "\"%s\" is not a checklist node of template \"%s\"; checklist nodes: %s", key->str, r->t->id,
				     list);
		}
		if (yd_is_null(v))
			continue;
		if (sior_expect(r, v, YD_SEQ, key->str) < 0)
			return -1;
		if (v->n > nd->n_items)
			return failf(r, v->items[nd->n_items], "“%s”只有 %zu 个评价要点，这里给了 %zu 个",
				     "\"%s\" has %zu checklist items, %zu marks given", key->str, nd->n_items, v->n);
		for (size_t k = 0; k < v->n; k++) {
			jx_dec a;
			if (sior_node_dec(r, v->items[k], JX_NUM_NONNEG, &a) < 0)
				return -1;
			if (a == JX_NONE)
				continue; /* not marked */
			if (nd->items[k].points != JX_NONE && a > nd->items[k].points)
				return failf(r, v->items[k], "“%s”第 %zu 个评价要点最多 %s 分，这里给了 %s 分",
					     "\"%s\" checklist item %zu is worth at most %s points, %s given", key->str, k + 1,
					     jx_fmt_trim(b1, nd->items[k].points), jx_fmt_trim(b2, a));
			if (!jx_sheet_set_mark(r->s, nd->key, (int)k, a) || !r->s->marks[r->s->n_marks - 1].node)
				return sior_oom(r, v->items[k]);
		}
	}
	return 0;
}

static int read_entries(reader *r, const yd_node *sheet)
{
	static const char *const keys[] = {"score", "note", NULL};
	const yd_node *m;
	if (get_map(r, sheet, "entries", NULL, &m) < 0)
		return -1;
	for (size_t i = 0; m && i < m->n; i++) {
		const yd_node *key = m->keys[i], *v = m->items[i], *sc;
		const jx_node *nd = sior_find_node(r->t, key->str);
		jx_dec score;
		jx_entry *e;
		char b1[32], b2[32];
		if (!nd || !is_entry_node(nd)) {
			char list[700];
			sior_node_names(r->t, is_entry_node, list, sizeof list);
			return failf(r, key, "“%s”不是模板“%s”中手工评分的项；可用：%s",
				     "\"%s\" is not a manually scored node of template \"%s\"; such nodes: %s", key->str,
				     r->t->id, list);
		}
		if (yd_is_null(v)) {
			score = JX_NONE;
			sc = NULL;
		} else {
			if (expect_keys(r, v, key->str, keys) < 0)
				return -1;
			sc = yd_get(v, "score");
			if (sior_node_dec(r, sc, JX_NUM_NONNEG, &score) < 0)
				return -1;
		}
		if (score != JX_NONE && nd->points != JX_NONE && score > nd->points)
			return failf(r, sc, "“%s”最多 %s 分，这里填了 %s 分", "\"%s\" is worth at most %s points, %s given", key->str,
				     jx_fmt_trim(b1, nd->points), jx_fmt_trim(b2, score));
		if (!(e = jx_sheet_set_entry(r->s, nd->key, score)) || !e->node)
			return sior_oom(r, key);
		if (!yd_is_null(v) && get_text(r, v, "note", &e->note) < 0)
			return -1;
	}
	return 0;
}

/* Names the template's formulas read as "measure.<name>". */
static int template_measure(const jx_template *t, const char *name)
{
	for (size_t i = 0; i < t->n_all; i++) {
		const jx_node *n = t->all[i];
		const char *in[2] = {n->input_a, n->input_b};
		if (n->kind != JX_NODE_FORMULA)
			continue;
		for (int k = 0; k < 2; k++)
			if (in[k] && strncmp(in[k], "measure.", 8) == 0 && strcmp(in[k] + 8, name) == 0)
				return 1;
	}
	return 0;
}

static int read_measures(reader *r, const yd_node *sheet)
{
	const yd_node *m;
	if (get_map(r, sheet, "measures", NULL, &m) < 0)
		return -1;
	for (size_t i = 0; m && i < m->n; i++) {
		const yd_node *key = m->keys[i];
		jx_dec v;
		jx_measure *me;
		if (!template_measure(r->t, key->str)) {
			const char **names = malloc((2 * r->t->n_all + 1) * sizeof *names);
			char list[700];
			size_t n = 0;
			if (!names)
				return sior_oom(r, key);
			for (size_t k = 0; k < r->t->n_all; k++) {
				const jx_node *nd = r->t->all[k];
				const char *in[2] = {nd->input_a, nd->input_b};
				if (nd->kind != JX_NODE_FORMULA)
					continue;
				for (int j = 0; j < 2; j++) {
					int seen = 0;
					if (!in[j] || strncmp(in[j], "measure.", 8) != 0)
						continue;
					/* an input several formulas read (财政下达预算数) is named once */
					for (size_t q = 0; q < n; q++)
						seen |= strcmp(names[q], in[j] + 8) == 0;
					if (!seen)
						names[n++] = in[j] + 8;
				}
			}
			if (n)
				sior_join_names(list, sizeof list, names, n);
			else
				snprintf(list, sizeof list, "%s", L("（该模板不使用测算数）", "(this template uses none)"));
			free(names);
			return failf(r, key, "模板“%s”的公式不使用测算数“%s”；可用：%s",
				     "template \"%s\" has no formula input \"%s\"; inputs: %s", r->t->id, key->str, list);
		}
		if (sior_node_dec(r, m->items[i], JX_NUM_NONNEG, &v) < 0)
			return -1;
		if (!(me = jx_sheet_set_measure(r->s, key->str, v)) || !me->name)
			return sior_oom(r, key);
	}
	return 0;
}

/* Stated paths: total | grade | execution:rate | funds:received_rate |
 * node:<key>:score|points|rate | ind:<key>:actual|score|rate |
 * goal:<i>:score (a goal block's subtotal, under a template with them) */
static int check_stated_path(reader *r, const yd_node *at, const char *p)
{
	const char *c1, *c2;
	if (!strcmp(p, "total") || !strcmp(p, "grade") || !strcmp(p, "execution:rate") || !strcmp(p, "funds:received_rate"))
		return 0;
	if (!strncmp(p, "goal:", 5) && r->t->goal_blocks) {
		size_t d = strspn(p + 5, "0123456789");
		if (d > 0 && d < 8 && !strcmp(p + 5 + d, ":score"))
			return 0;
	}
	if (!strncmp(p, "node:", 5) || !strncmp(p, "ind:", 4)) {
		int is_node = p[0] == 'n';
		char key[128];
		size_t kl;
		c1 = p + (is_node ? 5 : 4);
		c2 = strrchr(c1, ':');
		if (c2 && c2 > c1 && (size_t)(c2 - c1) < sizeof key) {
			const char *what = c2 + 1;
			kl = (size_t)(c2 - c1);
			memcpy(key, c1, kl);
			key[kl] = 0;
			if (is_node && (!strcmp(what, "score") || !strcmp(what, "points") || !strcmp(what, "rate"))) {
				if (!sior_find_node(r->t, key)) {
					char list[700];
					sior_node_names(r->t, is_any, list, sizeof list);
					return failf(r, at, "模板“%s”没有节点“%s”；可用：%s", "template \"%s\" has no node \"%s\"; nodes: %s",
						     r->t->id, key, list);
				}
				return 0;
			}
			if (!is_node && (!strcmp(what, "actual") || !strcmp(what, "score") || !strcmp(what, "rate"))) {
				if (!jx_sheet_ind(r->s, key))
					return failf(r, at, "表格中没有键为“%s”的指标", "the sheet has no indicator with key \"%s\"", key);
				return 0;
			}
		}
	}
	return failf(r, at,
		     "文件所载数字的路径“%s”无效；可用：total、grade、execution:rate、funds:received_rate、"
		     "node:<节点>:score|points|rate、ind:<指标键>:actual|score|rate（按目标分块的模板还有 goal:<序号>:score）",
		     "stated path \"%s\" is invalid; use total, grade, execution:rate, funds:received_rate, "
		     "node:<node>:score|points|rate or ind:<key>:actual|score|rate (goal:<i>:score under goal blocks)",
		     p);
}

static int read_stated_row(reader *r, const yd_node *m, size_t i)
{
	const yd_node *p = yd_get(m, "path");
	char *path = NULL;
	jx_stated *st;
	if (required_text(r, m, "path", NULL, NULL, "stated 项缺少路径（path）", "a stated figure needs its path", &path) < 0)
		return -1;
	if (check_stated_path(r, p, path) < 0) {
		free(path);
		return -1;
	}
	st = jx_sheet_add_stated(r->s, path);
	free(path);
	if (!st || !st->path)
		return sior_oom(r, m);
	if (get_dec(r, m, "value", JX_NUM_PERCENT, &st->value) < 0 || get_text(r, m, "text", &st->text) < 0 ||
	    get_text(r, m, "source", &st->source) < 0)
		return -1;
	if (st->value == JX_NONE && !st->text)
		return failf(r, m, "stated 项“%s”需要数值（value）或文字（text）", "stated figure \"%s\" needs a value or a text",
			     st->path);
	return 0;
}

static int read_stated(reader *r, const yd_node *sheet)
{
	static const char *const keys[] = {"path", "value", "text", "source", NULL};
	return each_row(r, sheet, "stated", keys, read_stated_row);
}

/* funds_total: the total row as printed, one key per column of
 * JX_FUND_TOTAL_COLUMNS. */
static int read_funds_total(reader *r, const yd_node *sheet)
{
	const char *keys[JX_FUND_TOTAL_COUNT + 1];
	const yd_node *m;
	for (int k = 0; k < JX_FUND_TOTAL_COUNT; k++)
		keys[k] = jx_fund_total_cols[k].key;
	keys[JX_FUND_TOTAL_COUNT] = NULL;
	if (get_map(r, sheet, "funds_total", keys, &m) < 0)
		return -1;
	for (int k = 0; m && k < JX_FUND_TOTAL_COUNT; k++) {
		jx_dec v;
		if (get_dec(r, m, keys[k], jx_fund_total_cols[k].num_flags, &v) < 0)
			return -1;
		jx_fund_total_put(&r->s->funds_total, k, v);
	}
	return 0;
}

static int read_review(reader *r, const yd_node *sheet)
{
	static const char *const keys[] = {"score", "opinion", "result", NULL};
	const yd_node *m, *res;
	if (get_map(r, sheet, "review", keys, &m) < 0)
		return -1;
	if (!m)
		return 0;
	if (get_dec(r, m, "score", JX_NUM_NONNEG, &r->s->review_score) < 0 ||
	    get_text(r, m, "opinion", &r->s->review_opinion) < 0)
		return -1;
	res = yd_get(m, "result");
	if (sior_node_text(r, res, &r->s->review_result) < 0)
		return -1;
	if (r->s->review_result && strcmp(r->s->review_result, "通过") != 0 && strcmp(r->s->review_result, "不通过") != 0)
		return failf(r, res, "审核结论“%s”无效；可用：通过、不通过", "review result \"%s\" is invalid; use 通过 (passed) or 不通过 (not passed)",
			     r->s->review_result);
	return 0;
}

/* "<database id>:<number>": the id of an audit row in every database, in
 * the one spelling the store writes (16 lowercase hex digits, a number from
 * 1 without leading zeros), so that one row never has two ids. */
static int valid_audit_id(const char *s)
{
	const char *num = s + AUDIT_DB_LEN + 1;
	size_t n;
	if (strlen(s) < AUDIT_DB_LEN + 2 || s[AUDIT_DB_LEN] != ':' ||
	    strspn(s, "0123456789abcdef") != AUDIT_DB_LEN)
		return 0;
	n = strlen(num);
	return n <= 18 && num[0] >= '1' && num[0] <= '9' && strspn(num, "0123456789") == n;
}

/* Seconds since 1970 of a UTC calendar time (days from the civil date). */
static long long utc_seconds(int y, int mo, int d, int h, int mi, int sec)
{
	long long yy = mo <= 2 ? y - 1 : y, era = yy / 400, yoe = yy - era * 400;
	long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
	return days * 86400 + h * 3600 + mi * 60 + sec;
}

/* The form the store writes, YYYY-MM-DDTHH:MM:SSZ (UTC), a real moment of
 * the calendar and not more than a day ahead of this machine's clock (two
 * offline machines' clocks differ, but not by days). */
static int valid_audit_time(const char *s)
{
	static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d, h, mi, sec;
	if (strlen(s) != sizeof pattern - 1)
		return 0;
	for (size_t i = 0; pattern[i]; i++)
		if (pattern[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pattern[i])
			return 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &sec) != 6 || y < 1970 || mo < 1 || mo > 12 ||
	    d < 1 || h > 23 || mi > 59 || sec > 59)
		return 0;
	if (d > mdays[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return 0;
	return utc_seconds(y, mo, d, h, mi, sec) <= (long long)time(NULL) + 24 * 3600;
}

/* audit: the sheet's history, oldest first. */
static int read_audit(reader *r, const yd_node *sheet)
{
	static const char *const keys[] = {"id", "at", "user", "origin", "field", "old", "new", NULL};
	const yd_node *seq;
	yd_keyed *ids = NULL;
	int rc = -1;
	if (sior_get_seq(r, sheet, "audit", &seq) < 0)
		return -1;
	if (!seq || seq->n == 0)
		return 0;
	if (!(r->h.rows = calloc(seq->n, sizeof *r->h.rows)) || !(ids = calloc(seq->n, sizeof *ids)))
		return sior_oom(r, seq);
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *m = seq->items[i], *n;
		jx_audit_row *a = &r->h.rows[i];
		r->h.n = i + 1;
		if (expect_keys(r, m, "audit", keys) < 0)
			goto out;
		n = yd_get(m, "id");
		if (sior_node_text(r, n, &a->gid) < 0)
			goto out;
		if (!a->gid) {
			failf(r, n ? n : m, "修改记录缺少编号（id）", "an audit row needs its id");
			goto out;
		}
		if (!valid_audit_id(a->gid)) {
			failf(r, n,
			      "修改记录编号“%s”无效：应为“数据库编号:序号”（16 位小写十六进制数字、冒号、不以 0 开头的序号），"
			      "如 3f2a9c0d1e4b5a67:12",
			      "audit row id \"%s\" is invalid: it should be \"<database id>:<number>\" (16 lowercase hex "
			      "digits, a colon, a number without leading zeros), e.g. 3f2a9c0d1e4b5a67:12",
			      a->gid);
			goto out;
		}
		ids[i].key = a->gid;
		ids[i].pos = i;
		if (required_text(r, m, "at", valid_audit_time, a->gid,
			       "修改记录“%s”的时间（at）应为有效的 UTC 时间，如 \"2024-07-29T08:00:00Z\"，且不晚于本机时间一天以上",
			       "audit row \"%s\" needs its time (at) as a valid UTC time, e.g. \"2024-07-29T08:00:00Z\", "
			       "not more than a day ahead of this machine's clock", &a->at) < 0 ||
		    required_text(r, m, "user", NULL, a->gid, "修改记录“%s”缺少用户（user）", "audit row \"%s\" needs its user",
			       &a->user) < 0 ||
		    required_text(r, m, "field", NULL, a->gid, "修改记录“%s”缺少字段（field）", "audit row \"%s\" needs its field",
			       &a->field) < 0)
			goto out;
		if (get_text(r, m, "origin", &a->origin) < 0 || scalar_text(r, yd_get(m, "old"), 0, &a->old_value) < 0 ||
		    scalar_text(r, yd_get(m, "new"), 0, &a->new_value) < 0)
			goto out;
	}
	/* every id once in a sheet's history */
	qsort(ids, seq->n, sizeof *ids, yd_keyed_cmp);
	for (size_t i = 1; i < seq->n; i++)
		if (strcmp(ids[i].key, ids[i - 1].key) == 0) {
			failf(r, yd_get(seq->items[ids[i].pos], "id"), "修改记录编号“%s”重复（第一次出现在第 %d 行）",
			      "audit row id \"%s\" is used twice (first at line %d)", ids[i].key,
			      yd_get(seq->items[ids[i - 1].pos], "id")->line);
			goto out;
		}
	rc = 0;
out:
	free(ids);
	return rc;
}

/* stage, stage_month and stage_from (share/sheet-format.md): the stage
 * stored by its English word whichever was written; a month only for a
 * monitoring snapshot, which needs one; the link a valid uid. */
static int read_stage(reader *r, const yd_node *m)
{
	const yd_node *n = yd_get(m, "stage"), *mn = yd_get(m, "stage_month");
	jx_stage g = JX_STAGE_SELF;
	int64_t v;
	if (sior_node_text(r, n, &r->s->stage) < 0)
		return -1;
	/* a sheet of a declaration table is a declaration unless it says so */
	if (!r->s->stage && r->t && r->t->kind == JX_KIND_PROJECT_DECLARATION &&
	    jx_set_str(&r->s->stage, jx_stage_key(JX_STAGE_DECLARATION)) < 0)
		return sior_oom(r, m);
	if (r->s->stage) {
		if (jx_stage_parse(r->s->stage, &g) < 0)
			return failf(r, n, "阶段“%s”无效；可用：declaration（申报）、monitoring（监控）、self（自评）",
				     "stage \"%s\" is invalid; use declaration, monitoring or self", r->s->stage);
		if (jx_set_str(&r->s->stage, jx_stage_key(g)) < 0)
			return sior_oom(r, n);
	}
	if (mn && !yd_is_null(mn)) {
		if (g != JX_STAGE_MONITORING)
			return failf(r, mn, "只有监控表（stage: monitoring）有截止月份（stage_month）",
				     "only a monitoring sheet (stage: monitoring) has a stage_month");
		if (node_int(r, mn, 1, 12, &v) < 0)
			return -1;
		r->s->stage_month = (int)v;
	} else if (g == JX_STAGE_MONITORING) {
		return failf(r, n, "监控表须写明截止月份（stage_month，1–12）",
			     "a monitoring sheet needs its stage_month (1-12)");
	}
	n = yd_get(m, "stage_from");
	if (sior_node_text(r, n, &r->s->stage_from) < 0)
		return -1;
	if (r->s->stage_from && !valid_uid(r->s->stage_from))
		return failf(r, n, "来源表格编号（stage_from）“%s”无效", "stage_from \"%s\" is not a valid sheet uid",
			     r->s->stage_from);
	return 0;
}

static int read_sheet(reader *r, const yd_node *m, jx_sheet **out)
{
	static const char *const keys[] = {"uid",        "template",   "template_version", "year",     "status",
					   "revision",   "updated_at", "origin",           "info",     "basis",
					   "funds",      "subprojects", "goals",           "indicators", "marks",
					   "entries",    "measures",   "stated",           "narrative", "review",
					   "audit",      "stage",      "stage_month",      "stage_from", "funds_total",
					   NULL};
	const yd_node *tn, *n;
	char *tid = NULL;
	int64_t v;

	*out = NULL;
	r->h.rows = NULL;
	r->h.n = 0;
	if (expect_keys(r, m, "sheets", keys) < 0)
		return -1;
	memset(r->slot_kept, 0, sizeof r->slot_kept);
	if (!(r->s = jx_sheet_new()))
		return sior_oom(r, m);

	tn = yd_get(m, "template");
	if (sior_node_text(r, tn, &tid) < 0)
		goto fail;
	if (!tid) {
		failf(r, tn ? tn : m, "表格缺少模板（template）", "the sheet needs its template");
		goto fail;
	}
	r->t = find_template(r->set, tid);
	if (!r->t) {
		const char **ids = malloc(((r->set ? r->set->n : 0) + 1) * sizeof *ids);
		char list[600];
		size_t k = 0;
		if (!ids) {
			free(tid);
			sior_oom(r, tn);
			goto fail;
		}
		for (size_t i = 0; r->set && i < r->set->n; i++)
			ids[k++] = r->set->v[i]->id;
		if (k)
			sior_join_names(list, sizeof list, ids, k);
		else
			snprintf(list, sizeof list, "%s", L("（无）", "(none)"));
		free(ids);
		failf(r, tn, "未知模板“%s”，可用模板：%s", "unknown template \"%s\", available templates: %s", tid, list);
		free(tid);
		goto fail;
	}
	r->s->template_id = tid;

	n = yd_get(m, "template_version");
	if (n && !yd_is_null(n)) {
		if (node_int(r, n, 1, 1000000, &v) < 0)
			goto fail;
		if (v > r->t->version) {
			failf(r, n, "表格使用模板“%s”的第 %d 版，本程序只有第 %d 版",
			      "the sheet uses template \"%s\" version %d; this program has version %d", r->t->id, (int)v,
			      r->t->version);
			goto fail;
		}
		r->s->template_version = (int)v;
	} else {
		r->s->template_version = r->t->version;
	}

	n = yd_get(m, "uid");
	if (sior_node_text(r, n, &r->s->uid) < 0)
		goto fail;
	if (r->s->uid && !valid_uid(r->s->uid)) {
		failf(r, n, "表格编号（uid）“%s”无效：只能用字母、数字、- _ .，最长 %d 个字符",
		      "sheet uid \"%s\" is invalid: letters, digits, - _ . only, at most %d characters", r->s->uid, MAX_UID_LEN);
		goto fail;
	}
	if (!r->s->uid && gen_uid(r, m, &r->s->uid) < 0)
		goto fail;

	n = yd_get(m, "year");
	if (n && !yd_is_null(n)) {
		if (node_int(r, n, 1900, 2999, &v) < 0)
			goto fail;
		r->s->year = (int)v;
	}
	n = yd_get(m, "status");
	if (sior_node_text(r, n, &r->s->status) < 0)
		goto fail;
	if (r->s->status) {
		int k = jx_status_of(r->s->status);
		/* only the keys: a sheet file is written by the program */
		if (k < 0 || strcmp(jx_statuses[k].key, r->s->status) != 0) {
			failf(r, n, "状态“%s”无效；可用：draft、submitted、returned、reviewed、final",
			      "status \"%s\" is invalid; use draft, submitted, returned, reviewed or final", r->s->status);
			goto fail;
		}
	} else if (jx_set_str(&r->s->status, "draft") < 0) {
		sior_oom(r, m);
		goto fail;
	}
	n = yd_get(m, "revision");
	if (n && !yd_is_null(n)) {
		if (node_int(r, n, 0, 999999999999LL, &v) < 0)
			goto fail;
		r->s->revision = v;
	}
	if (get_text(r, m, "updated_at", &r->s->updated_at) < 0 || get_text(r, m, "origin", &r->s->origin) < 0 ||
	    read_stage(r, m) < 0)
		goto fail;

	if (read_info(r, m) < 0 || read_basis(r, m) < 0 || read_funds(r, m) < 0 || read_funds_total(r, m) < 0 ||
	    read_subs(r, m) < 0 ||
	    read_goals(r, m) < 0 || sior_read_indicators(r, m) < 0 || read_marks(r, m) < 0 || read_entries(r, m) < 0 ||
	    read_measures(r, m) < 0 || read_stated(r, m) < 0 || read_narrative(r, m) < 0 || read_review(r, m) < 0 ||
	    read_audit(r, m) < 0)
		goto fail;
	*out = r->s;
	r->s = NULL;
	return 0;
fail:
	jx_sheet_free(r->s);
	r->s = NULL;
	jx_audit_free(r->h.rows, r->h.n);
	r->h.rows = NULL;
	r->h.n = 0;
	return -1;
}

/* Sheets arrive one at a time from the streaming loader, so a bundle of
 * thousands of sheets never holds more than one sheet's YAML tree; each is
 * handed to fn (which owns it and its history) as soon as it is read. */
typedef struct {
	reader r;
	jx_strset uids; /* the uids so far, to refuse one given twice */
	jx_bundle_each_fn fn;
	void *ctx;
} each;

static int on_sheet(void *ctx, const yd_doc *doc, const yd_node *item, jx_err *err)
{
	each *e = ctx;
	jx_sheet *sh = NULL;
	jx_sheet_history h;
	int dup;
	e->r.doc = doc;
	e->r.err = err;
	if (read_sheet(&e->r, item, &sh) < 0)
		return -1;
	h = e->r.h;
	e->r.h.rows = NULL;
	e->r.h.n = 0;
	if ((dup = jx_strset_add(&e->uids, sh->uid)) != 0) {
		const yd_node *u = yd_get(item, "uid");
		if (dup < 0)
			sior_oom(&e->r, item);
		else
			failf(&e->r, u ? u : item, "表格编号（uid）“%s”在文件中出现两次", "sheet uid \"%s\" appears twice in the file",
			      sh->uid);
		jx_sheet_free(sh);
		jx_audit_free(h.rows, h.n);
		return -1;
	}
	return e->fn(e->ctx, sh, &h, err);
}

/* Collecting every sheet of a file into arrays (jx_sheets_read, jx_bundle_read). */
typedef struct {
	jx_sheet **v;
	jx_sheet_history *hv; /* parallel to v when the histories are kept */
	int keep_history;
	size_t n, cap;
} collect;

static int collect_sheet(void *ctx, jx_sheet *sh, jx_sheet_history *h, jx_err *err)
{
	collect *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		jx_sheet **nv = realloc(c->v, cap * sizeof *nv);
		jx_sheet_history *nh = nv && c->keep_history ? realloc(c->hv, cap * sizeof *nh) : NULL;
		if (nv)
			c->v = nv;
		if (nh)
			c->hv = nh;
		if (!nv || (c->keep_history && !nh)) {
			jx_sheet_free(sh);
			jx_audit_free(h->rows, h->n);
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		c->cap = cap;
	}
	if (c->keep_history)
		c->hv[c->n] = *h;
	else
		jx_audit_free(h->rows, h->n);
	c->v[c->n++] = sh;
	return 0;
}

/* The document around the sheets: version and top-level keys. */
static int read_header(const yd_doc *doc, const jx_templates *set, jx_err *err)
{
	static const char *const keys[] = {"jixiao", "sheets", NULL};
	reader r = {doc, err, set, NULL, NULL, {NULL, 0}, 0, 0, NULL, {NULL}, {NULL}};
	const yd_node *root = doc->root, *ver, *seq;
	jx_dec version;

	if (!root || yd_is_null(root))
		return failf(&r, NULL, "文件是空的：表格文件以“jixiao: %d”开头", "the file is empty: a sheet file starts with \"jixiao: %d\"",
			     JX_SHEETFILE_VERSION);
	if (root->kind != YD_MAP)
		return failf(&r, root, "这不是 jixiao 表格文件：顶层应为映射，以“jixiao: %d”开头",
			     "not a jixiao sheet file: the top level should be a mapping starting with \"jixiao: %d\"",
			     JX_SHEETFILE_VERSION);
	ver = yd_get(root, "jixiao");
	if (!ver)
		return failf(&r, root, "这不是 jixiao 表格文件：缺少版本字段“jixiao: %d”",
			     "not a jixiao sheet file: the version field \"jixiao: %d\" is missing", JX_SHEETFILE_VERSION);
	if (ver->kind != YD_SCALAR || yd_is_null(ver) || jx_parse_dec(ver->str, 0, &version, err) < 0 ||
	    version != JX_INT(JX_SHEETFILE_VERSION))
		return failf(&r, ver, "不支持的表格文件版本“%s”（本程序读取版本 %d）",
			     "unsupported sheet file version \"%s\" (this program reads version %d)",
			     ver->kind == YD_SCALAR ? ver->str : "?", JX_SHEETFILE_VERSION);
	if (yd_check_keys(doc, root, keys, err) < 0)
		return -1;
	seq = yd_get(root, "sheets");
	if (!seq)
		return failf(&r, yd_get_key(root, "jixiao"), "缺少表格列表（sheets:）", "the list of sheets (sheets:) is missing");
	if (!yd_is_null(seq) && sior_expect(&r, seq, YD_SEQ, "sheets") < 0)
		return -1;
	return 0;
}

static int finish(int loaded, collect *c, jx_sheet ***out, jx_sheet_history **hist, size_t *n, jx_err *err)
{
	if (loaded < 0) {
		jx_sheets_free(c->v, c->n);
		jx_histories_free(c->hv, c->n);
		return -1;
	}
	*out = c->v;
	if (hist) {
		/* an empty file still gives a (zero-length) array to free */
		if (!c->hv && !(c->hv = calloc(1, sizeof *c->hv))) {
			jx_sheets_free(c->v, c->n);
			*out = NULL;
			jx_err_set(err, "内存不足", "out of memory");
			return -1;
		}
		*hist = c->hv;
	}
	*n = c->n;
	return 0;
}

/* The sheets of a file (path) or of data, each to fn; then the document
 * around them is checked. */
static int read_each(const char *name, const char *data, size_t len, const char *path, const jx_templates *set,
		     jx_bundle_each_fn fn, void *ctx, int keep_texts, jx_err *err)
{
	yd_doc doc;
	each e;
	int rc;
	memset(&e, 0, sizeof e);
	e.r.err = err;
	e.r.set = set;
	e.r.keep_texts = keep_texts;
	e.fn = fn;
	e.ctx = ctx;
	if (path)
		rc = yd_load_file_stream(&doc, path, "sheets", on_sheet, &e, err);
	else
		rc = yd_load_mem_stream(&doc, name, data, len, "sheets", on_sheet, &e, err);
	if (rc == 0)
		rc = read_header(&doc, set, err);
	yd_free(&doc);
	jx_strset_free(&e.uids);
	return rc;
}

int jx_bundle_read_each(const char *path, const jx_templates *set, jx_bundle_each_fn fn, void *ctx, jx_err *err)
{
	/* its sheets are stored, not edited: the 1,400 texts of a sheet of 300
	 * indicators are copied into a few blocks rather than each into an
	 * allocation of its own, and freed with them */
	return read_each(NULL, NULL, 0, path, set, fn, ctx, 1, err);
}

static int read_any(const char *name, const char *data, size_t len, const char *path, const jx_templates *set,
		    jx_sheet ***out, jx_sheet_history **hist, size_t *n, jx_err *err)
{
	collect c;
	memset(&c, 0, sizeof c);
	c.keep_history = hist != NULL;
	*out = NULL;
	if (hist)
		*hist = NULL;
	*n = 0;
	return finish(read_each(name, data, len, path, set, collect_sheet, &c, 0, err), &c, out, hist, n, err);
}

int jx_sheets_read_mem(const char *name, const char *data, size_t len, const jx_templates *set, jx_sheet ***out,
		       size_t *n, jx_err *err)
{
	return read_any(name, data, len, NULL, set, out, NULL, n, err);
}

int jx_sheets_read(const char *path, const jx_templates *set, jx_sheet ***out, size_t *n, jx_err *err)
{
	return read_any(NULL, NULL, 0, path, set, out, NULL, n, err);
}

int jx_bundle_read_mem(const char *name, const char *data, size_t len, const jx_templates *set, jx_sheet ***out,
		       jx_sheet_history **hist, size_t *n, jx_err *err)
{
	return read_any(name, data, len, NULL, set, out, hist, n, err);
}

int jx_bundle_read(const char *path, const jx_templates *set, jx_sheet ***out, jx_sheet_history **hist, size_t *n,
		   jx_err *err)
{
	return read_any(NULL, NULL, 0, path, set, out, hist, n, err);
}

void jx_histories_free(jx_sheet_history *h, size_t n)
{
	if (!h)
		return;
	for (size_t i = 0; i < n; i++)
		jx_audit_free(h[i].rows, h[i].n);
	free(h);
}

void jx_sheets_free(jx_sheet **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		jx_sheet_free(v[i]);
	free(v);
}
