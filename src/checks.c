/* Checks a sheet as a careful reviewer would (DOMAIN.md §4).
 *
 * Every finding has a stable code: the letter is its severity (E error,
 * W warning, I info), the digits are the check number × 100 + a running
 * number.  share/checks.md documents each one (meaning, severity, examples).
 *
 * code   sev   path                                what / Chinese message pattern
 * ---- 1. weights
 * E101   error node:<key>                          points ≠ the sum below (group: children; slot with
 *                                                  fixed points: its indicators; checklist: 评价要点)
 *              「<节点>：分值 <P> 分，下级各项分值合计 <S> 分」 / 「…所列指标分值合计…」 / 「…评价要点分值合计…」
 * E102   error total                               the 一级 points do not add up to the template's total
 *              「一级指标分值合计 <S> 分，应为 <T> 分」
 * W103   warn  node:<key>                          a stated 分值 differs from the template's (or the sum)
 *              「<节点>：文中分值 <V> 分（<出处>），模板分值 <P> 分[，下级各项分值合计 <S> 分]」
 * ---- 2. stated scores
 * W201   warn  node:<key>                          a stated score/subtotal ≠ the recomputed one
 *              「<节点>：文中得分 <V> 分（<出处>），各项得分合计 <S> 分」 / 「…重新计算为 <S> 分」
 * W202   warn  ind:<key>:score_stated | ind:<key>  a stated indicator score ≠ the recomputed one
 *              「<指标>：文中得分 <V> 分，重新计算为 <S> 分」
 * W203   warn  total                               stated total ≠ recomputed total
 *              「总分：文中 <V> 分（<出处>），重新计算为 <S> 分」
 * ---- 3. grade
 * W301   warn  total                               stated grade ≠ band of the stated total
 *              「等级：文中写作「<G>」，但文中总分 <V> 分对应「<G'>」」
 * W302   warn  total                               stated grade ≠ band of the recomputed total
 *              「等级：文中写作「<G>」，重新计算的总分 <S> 分对应「<G'>」」
 * ---- 4. rates
 * W401   warn  execution | funds:received | node:<key> | ind:<key>
 *                                                  a stated rate ≠ the one its amounts give (at its precision)
 *              「预算执行率：文中 <V>%，按 <A名> <A> ÷ <B名> <B> 计算为 <R>%」 / 「资金到位率：…」 /
 *              「<节点>：文中得分率 <V>%，得分 <S> ÷ 分值 <P> 为 <R>%」 / 「<指标>：文中完成率 <V>%，实际 … ÷ 目标 … 为 <R>%」
 * ---- 5. two actuals
 * W501   warn  ind:<key>:actual                    「<指标>：文中实际值 <V>（<出处>），表中实际值 <A>，同一指标有两个实际值」
 * ---- 6. targets
 * E601   error ind:<key>:score_stated | ind:<key> | ind:<key>:override_score
 *                                                  unmet, yet full points (or a stated rate ≥ 100%)
 *              「<指标>：目标 <T>，实际 <A>，完成率 <R>%，却记满分 <P>」 / 「…，文中却写作完成率 <V>%」 / 「…，却改判为满分 <P>」
 * W602   warn  ind:<key>:deviation_reason          「<指标>：未达成目标（目标 <T>，实际 <A>，完成率 <R>%），未填写偏差原因」
 * W603   warn  ind:<key>:deviation_reason          「<指标>：目标 <T>，实际 <A>，完成率 <R>%，达到或超过目标的 130%，须说明偏差原因，未填写」
 * E604   error ind:<key>:override_reason           「<指标>：改判得分 <O> 分，未填写改判理由」
 * I605   info  ind:<key>:score_entered             「<指标>：定性指标评为「<档次>」，尚未填写得分（<lo>% 至 <hi>% 的分值）」
 * ---- 7. execution
 * W701   warn  total                               「自评分虚高：文中总分 <V> 分，而预算执行率仅 <R>%（执行率低于 60% 时总分不宜达到 90 分）」
 * E702   error total                               「预算执行率 <R>% 低于 <B>%，总分不得超过 <M> 分，文中总分 <V> 分」
 * W703   warn  narr:problems                       「预算执行率 <R>% 低于 <B>%，须在“存在的问题及原因分析”中说明原因」
 * ---- 8. not applicable
 * W801   warn  node:<key>                          「<节点>：0 ÷ 0 不适用，文中写作 −100%（<出处>）」
 * I802   info  node:<key>                          「<节点>：0 ÷ 0 不适用（<A名> 0，<B名> 0），按满分计」 / 「…，不计分」
 * ---- 9. funds
 * E901   error fund:<src>:received | funds:received「<来源>：实际到位 <R> 万元，超过全年预算数 <B> 万元」
 * E902   error fund:<src>:spent | funds:spent      「<来源>：全年执行数 <S> 万元，超过实际到位 <R> 万元」
 * W903   warn  fund:<src>:received | funds:received「资金到位不足：全年预算数 <B> 万元，实际到位 <R> 万元，到位率 <P>%」
 * W904   warn  subs:budget | subs:spent            「二级项目预算金额合计 <S> 万元，与资金表全年预算数 <B> 万元不一致」
 * I905   info  fund:<src>:<col> | sub:<i>:<col>    「<来源>：实际到位 未填写（同行其他金额已填）」 / 「<来源>：<列> 为负数 <V>」
 * ---- 10. "存在问题：无"
 * W1001  warn  narr:problems                       「存在的问题写作「无」，但<指标> 未达成目标（…）；得分 <S> 分，失分 <L> 分；预算执行率 <R>%」
 * ---- 11. process measures as outputs
 * W1101  warn  ind:<key>:name                      「<指标>（<类别>）是预算执行过程的指标，不应作为产出指标」
 * ---- 12. another project named
 * W1201  warn  narr:<k> | goal:<i>:<col> | entry:<node>:note | the item of a stated text
 *              「文中提到「<短语>项目」，与本项目「<名称>」无关，可能是其他项目的内容」
 * ---- 13. previous year
 * W1301  warn  ind:<key>:target                    「<指标>：本年目标 ≥<T>，低于上年（<年> 年）实际完成 <A>」 / 「…宽于上年…（反向指标）」
 * ---- 14. essentials
 * I1401  info  info:name                           「项目名称未填写」
 * I1402  info  year                                「评价年度未填写」
 * I1403  info  ind:<key>:points                    「<指标>：分值未填写」
 * I1404  info  node:<key>                          a slot worth points, or a group whose slots are all empty
 *              「<节点>：分值 <P> 分，尚无指标（<类别>…）」
 * W1405  warn  ind:<key>:slot                      「<指标>：所在类别「<slot>」不是模板「<id>」中的指标类别，不计分」
 * I1406  info  <the stated path>                   「文中数字「<path>」（<出处>） 对应的项目在本表中不存在，无法核对」
 *
 * Paths without a single field: "total", "execution", "node:<key>",
 * "ind:<key>" (engine items) and the aggregates "funds:<col>", "subs:<col>".
 * Findings come in a stable order: by check, then in sheet (or template) order.
 */
#include "checks.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------ */
/* context and helpers                                                      */

typedef struct {
	const jx_template *t;
	const jx_sheet *s;
	const jx_scoresheet *ss;
	const jx_sheet *prev;
	jx_findings *out;
	jx_fund_totals tot;
	const jx_score_item **ind_items; /* the scored item of each indicator, by index */
	/* Lookups by name in constant time (NULL when out of memory: the linear
	 * searches are used then), so that checks stay linear in the number of
	 * indicators and stated figures. */
	struct strtab *stated_tab;       /* stated figures by path (the first of each path) */
	uint32_t *stated_next;           /* next stated figure with the same path, + 1; 0 = none */
	struct strtab *ind_tab;          /* indicators by key (the first of each key) */
	struct strtab *item_tab;         /* scored items by path, built once item() is used often */
	int item_calls;
	/* The indicators of each slot, added up once: by the first indicator
	 * naming the slot (index), its count, whether one has no points yet, the
	 * sum of the points (in sheet order) and the template node of that name. */
	struct strtab *slot_tab;
	struct slot_sum *slots;
	char nb[16][256];
	int ni;
} ctx;

/* ------------------------------------------------------------------------ */
/* string tables                                                            */

/* Open addressing over the names of an array's elements; a name is looked
 * up as the concatenation of up to three parts, without building it. */
typedef const char *(*name_fn)(const void *arr, size_t i);

typedef struct strtab {
	uint32_t *slots; /* element index + 1; 0 = empty */
	uint32_t mask;
	name_fn name;
	const void *arr;
} strtab;

static uint32_t fnv_bytes(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* parts[0..3) with their lengths; the name must equal their concatenation. */
static int name_is(const char *name, const char *const *parts, const size_t *lens)
{
	for (int k = 0; k < 3; k++) {
		if (lens[k] && strncmp(name, parts[k], lens[k]) != 0)
			return 0;
		name += lens[k];
	}
	return *name == 0;
}

static long tab_find(const strtab *t, const char *a, const char *b, const char *c)
{
	const char *parts[3] = {a ? a : "", b ? b : "", c ? c : ""};
	size_t lens[3] = {strlen(parts[0]), strlen(parts[1]), strlen(parts[2])};
	uint32_t h = 2166136261u;
	for (int k = 0; k < 3; k++)
		h = fnv_bytes(h, parts[k], lens[k]);
	for (uint32_t i = h & t->mask;; i = (i + 1) & t->mask) {
		uint32_t v = t->slots[i];
		if (!v)
			return -1;
		if (name_is(t->name(t->arr, v - 1), parts, lens))
			return (long)(v - 1);
	}
}

/* Table of the n names; *first (may be NULL) gets for each element the
 * index of the first element with the same name.  NULL names are left out
 * (first[i] = i).  NULL when out of memory. */
static strtab *tab_new(name_fn name, const void *arr, size_t n, uint32_t *first)
{
	strtab *t;
	uint32_t size = 16;
	if (n >= 0x3fffffff)
		return NULL;
	while (size < 2 * n)
		size *= 2;
	t = malloc(sizeof *t);
	if (!t)
		return NULL;
	t->slots = calloc(size, sizeof *t->slots);
	if (!t->slots) {
		free(t);
		return NULL;
	}
	t->mask = size - 1;
	t->name = name;
	t->arr = arr;
	for (size_t e = 0; e < n; e++) {
		const char *nm = name(arr, e);
		uint32_t i;
		if (first)
			first[e] = (uint32_t)e;
		if (!nm)
			continue;
		for (i = fnv_bytes(2166136261u, nm, strlen(nm)) & t->mask; t->slots[i]; i = (i + 1) & t->mask)
			if (strcmp(name(arr, t->slots[i] - 1), nm) == 0)
				break;
		if (t->slots[i]) {
			if (first)
				first[e] = t->slots[i] - 1;
		} else {
			t->slots[i] = (uint32_t)e + 1;
		}
	}
	return t;
}

static void tab_free(strtab *t)
{
	if (t) {
		free(t->slots);
		free(t);
	}
}

static const char *stated_name(const void *arr, size_t i)
{
	return ((const jx_stated *)arr)[i].path;
}

static const char *ind_key_name(const void *arr, size_t i)
{
	return ((const jx_indicator *)arr)[i].key;
}

static const char *slot_name(const void *arr, size_t i)
{
	return ((const jx_indicator *)arr)[i].slot;
}

static const char *item_name(const void *arr, size_t i)
{
	return ((const jx_score_item *)arr)[i].path;
}

/* The stated figures by path, each path's figures chained in sheet order. */
static void stated_index(ctx *c)
{
	const jx_sheet *s = c->s;
	uint32_t *first, *tail;
	if (s->n_stated == 0)
		return;
	first = malloc(s->n_stated * sizeof *first);
	tail = malloc(s->n_stated * sizeof *tail);
	c->stated_next = calloc(s->n_stated, sizeof *c->stated_next);
	if (first && tail && c->stated_next)
		c->stated_tab = tab_new(stated_name, s->stated, s->n_stated, first);
	if (c->stated_tab) {
		for (size_t i = 0; i < s->n_stated; i++) {
			tail[i] = (uint32_t)i;
			if (first[i] != i) {
				c->stated_next[tail[first[i]]] = (uint32_t)i + 1;
				tail[first[i]] = (uint32_t)i;
			}
		}
	} else {
		free(c->stated_next);
		c->stated_next = NULL;
	}
	free(first);
	free(tail);
}

typedef struct slot_sum {
	size_t count;
	int missing;         /* an indicator without points */
	jx_dec sum;          /* sat_add of the points given, in sheet order */
	const jx_node *node; /* tnode(slot), once looked up */
	int node_known;
} slot_sum;

static jx_dec sat_add(jx_dec a, jx_dec b);

static void slot_index(ctx *c)
{
	const jx_sheet *s = c->s;
	uint32_t *first;
	if (s->n_inds == 0)
		return;
	first = malloc(s->n_inds * sizeof *first);
	c->slots = calloc(s->n_inds, sizeof *c->slots);
	if (first && c->slots)
		c->slot_tab = tab_new(slot_name, s->inds, s->n_inds, first);
	if (c->slot_tab) {
		for (size_t i = 0; i < s->n_inds; i++) {
			slot_sum *g = &c->slots[first[i]];
			if (!s->inds[i].slot)
				continue;
			g->count++;
			if (s->inds[i].points == JX_NONE)
				g->missing = 1;
			else
				g->sum = sat_add(g->sum, s->inds[i].points);
		}
	} else {
		free(c->slots);
		c->slots = NULL;
	}
	free(first);
}

/* The indicators whose slot is `key` (NULL: the table is missing and the
 * caller counts them itself).  *none when there are none. */
static const slot_sum *slot_of(const ctx *c, const char *key, int *none)
{
	long i;
	*none = 0;
	if (!c->slot_tab || !key)
		return NULL;
	i = tab_find(c->slot_tab, key, NULL, NULL);
	if (i < 0)
		*none = 1;
	return i < 0 ? NULL : &c->slots[i];
}

static void push(jx_findings *f, const char *code, jx_severity sev, const char *path, const char *msg)
{
	jx_finding *n;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		jx_finding *v = realloc(f->v, cap * sizeof *v);
		if (!v)
			return;
		f->v = v;
		f->cap = cap;
	}
	n = &f->v[f->n];
	memset(n, 0, sizeof *n);
	snprintf(n->code, sizeof n->code, "%s", code);
	n->sev = sev;
	n->path = jx_strdup(path ? path : "");
	n->msg = jx_strdup(msg);
	if (!n->path || !n->msg) {
		free(n->path);
		free(n->msg);
		return;
	}
	f->n++;
}

/* Drop a multi-byte character cut short at the end of s (after truncation). */
static void utf8_fix_tail(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char lead;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80 && n - i < 3)
		i--;
	if (i == 0)
		return;
	lead = (unsigned char)s[i - 1];
	if (lead < 0xc0)
		return; /* ASCII or a stray continuation byte: leave it */
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	if (n - (i - 1) < need)
		s[i - 1] = 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 5, 7)))
#endif
static void add(ctx *c, const char *code, jx_severity sev, const char *path, const char *fz, const char *fe, ...)
{
	char msg[4096];
	va_list ap;
	va_start(ap, fe);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	vsnprintf(msg, sizeof msg, L(fz, fe), ap);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	va_end(ap);
	utf8_fix_tail(msg);
	push(c->out, code, sev, path, msg);
}

#define NB 256 /* size of each buffer of the ring below */

/* Copy at most max bytes of src without cutting a character. */
static void clip(char *dst, size_t len, const char *src, size_t max)
{
	size_t n = strlen(src);
	if (max >= len)
		max = len - 1;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = 0;
}

static char *nbuf(ctx *c)
{
	char *b = c->nb[c->ni];
	c->ni = (c->ni + 1) % 16;
	return b;
}

/* A number as people write it: "98.93", "6", "−100" (true minus sign). */
static const char *N(ctx *c, jx_dec v)
{
	char *b = nbuf(c), tmp[40];
	if (v == JX_NONE) {
		snprintf(b, NB, "%s", L("（空）", "(empty)"));
		return b;
	}
	jx_fmt_trim(tmp, v);
	if (tmp[0] == '-')
		snprintf(b, NB, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(b, NB, "%s", tmp);
	return b;
}

/* A value with 2 decimals: "24.85". */
static const char *N2(ctx *c, jx_dec v)
{
	char *b = nbuf(c), tmp[40];
	jx_fmt(tmp, v, 2);
	if (tmp[0] == '-')
		snprintf(b, NB, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(b, NB, "%s", tmp);
	return b;
}

/* A value followed by an indicator's unit: "95%", "80家". */
static const char *NU(ctx *c, jx_dec v, const char *unit)
{
	char num[64], u[128], *b;
	snprintf(num, sizeof num, "%s", N(c, v));
	clip(u, sizeof u, unit ? unit : "", 120);
	b = nbuf(c);
	snprintf(b, NB, "%s%s", num, u);
	return b;
}

static int blank(const char *s)
{
	if (!s)
		return 1;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
			s += 3; /* U+3000 ideographic space */
		else
			return 0;
	}
	return 1;
}

/* "存在问题：无": empty, or only a word saying there is none. */
static int says_none(const char *s)
{
	static const char *const none_words[] = {"无", "没有", "暂无", "无问题", "没有问题", "暂无问题",
						 "不存在问题", "无明显问题", "None", "none", "N/A", "n/a"};
	static const char *const skip[] = {" ", "\t", "\n", "\r", "\xe3\x80\x80", "。", "．", ".", "，", ",",
					   "；", ";", "：", ":", "！", "!", "、", "-", "—", "/"};
	char buf[128];
	size_t n = 0;
	if (!s)
		return 1;
	while (*s) {
		size_t k, len = 0;
		/* only these bytes can start a skipped piece */
		if (!strchr(" \t\n\r.,;:!-/\xe3\xef\xe2", *s)) {
			if (n + 1 >= sizeof buf)
				return 0; /* long text: says something */
			buf[n++] = *s++;
			continue;
		}
		for (k = 0; k < sizeof skip / sizeof skip[0]; k++) {
			size_t l = strlen(skip[k]);
			if (strncmp(s, skip[k], l) == 0) {
				len = l;
				break;
			}
		}
		if (len) {
			s += len;
			continue;
		}
		if (n + 1 >= sizeof buf)
			return 0; /* long text: says something */
		buf[n++] = *s++;
	}
	buf[n] = 0;
	if (n == 0)
		return 1;
	for (size_t k = 0; k < sizeof none_words / sizeof none_words[0]; k++)
		if (strcmp(buf, none_words[k]) == 0)
			return 1;
	return 0;
}

static int starts_with(const char *s, const char *p)
{
	return s && strncmp(s, p, strlen(p)) == 0;
}

static const char *ind_name(const jx_indicator *d)
{
	return d->name && *d->name ? d->name : d->key;
}

static const char *node_name(const jx_node *n)
{
	if (jx_lang == JX_LANG_EN && n->name_en && *n->name_en)
		return n->name_en;
	return n->name && *n->name ? n->name : n->key;
}

static const jx_node *tnode(const ctx *c, const char *key)
{
	return c->t ? jx_template_node(c->t, key) : NULL;
}

static const jx_score_item *item(ctx *c, const char *fmt_prefix, const char *key)
{
	char p[160];
	if (!c->ss || !key)
		return NULL;
	/* A few lookups scan the items; many use a table of their paths. */
	if (!c->item_tab && ++c->item_calls > 8 && c->ss->n > 16)
		c->item_tab = tab_new(item_name, c->ss->items, c->ss->n, NULL);
	if (c->item_tab && strlen(fmt_prefix) + strlen(key) < sizeof p) {
		long i = tab_find(c->item_tab, fmt_prefix, key, NULL);
		return i < 0 ? NULL : &c->ss->items[i];
	}
	snprintf(p, sizeof p, "%s%s", fmt_prefix, key);
	return jx_score_find(c->ss, p);
}

/* The sheet's indicator with this key (jx_sheet_ind). */
static const jx_indicator *sheet_ind(const ctx *c, const char *key)
{
	long i;
	if (!c->ind_tab || !key)
		return jx_sheet_ind(c->s, key);
	i = tab_find(c->ind_tab, key, NULL, NULL);
	return i < 0 ? NULL : &c->s->inds[i];
}

/* Index of d in the sheet's indicator array; 0 when d is not one of them.
 * (Compared as integers: pointers into different objects are not ordered.) */
static int ind_index(const jx_sheet *s, const jx_indicator *d, size_t *i)
{
	uintptr_t p = (uintptr_t)d, b = (uintptr_t)s->inds;
	if (!d || !s->inds || p < b || (p - b) % sizeof *d != 0 || (p - b) / sizeof *d >= s->n_inds)
		return 0;
	*i = (p - b) / sizeof *d;
	return 1;
}

/* The engine's item for an indicator of the sheet (NULL when not scored). */
static const jx_score_item *ind_item(ctx *c, const jx_indicator *d)
{
	size_t i;
	if (!c->ind_items || !ind_index(c->s, d, &i))
		return item(c, "ind:", d->key);
	return c->ind_items[i];
}

/* " (正文 四(一))" or "" — where the document states a figure. */
static const char *src_note(ctx *c, const jx_stated *st)
{
	char *b = nbuf(c), src[200];
	if (st && st->source && *st->source) {
		clip(src, sizeof src, st->source, 190);
		snprintf(b, NB, L("（%s）", " (%s)"), src);
	} else {
		b[0] = 0;
	}
	return b;
}

/* Split a stated path "node:<key>:<col>" / "ind:<key>:<col>" into key and
 * column.  Returns 1 when it has that prefix. */
static int split_stated(const char *path, const char *prefix, char *key, size_t klen, const char **col)
{
	size_t pl = strlen(prefix);
	const char *k, *e;
	if (!path || strncmp(path, prefix, pl) != 0)
		return 0;
	k = path + pl;
	e = strrchr(k, ':');
	if (!e || e == k || (size_t)(e - k) >= klen)
		return 0;
	memcpy(key, k, (size_t)(e - k));
	key[e - k] = 0;
	*col = e + 1;
	return 1;
}

/* ------------------------------------------------------------------------ */
/* exact rates from a formula node's inputs                                 */

static const char *input_label(ctx *c, const char *input, const char *label)
{
	char *b;
	if (label && *label)
		return label;
	if (!input)
		return "?";
	if (strcmp(input, "funds.planned") == 0)
		return L("年初预算数", "initial budget");
	if (strcmp(input, "funds.budget") == 0)
		return L("全年预算数", "full-year budget");
	if (strcmp(input, "funds.received") == 0)
		return L("实际到位", "received");
	if (strcmp(input, "funds.spent") == 0)
		return L("全年执行数", "spent");
	if (starts_with(input, "measure.")) {
		b = nbuf(c);
		clip(b, NB, input + 8, 200);
		return b;
	}
	return input;
}

static jx_dec input_value(const ctx *c, const char *input)
{
	if (!input)
		return JX_NONE;
	if (strcmp(input, "funds.planned") == 0)
		return c->tot.planned;
	if (strcmp(input, "funds.budget") == 0)
		return c->tot.budget;
	if (strcmp(input, "funds.received") == 0)
		return c->tot.received;
	if (strcmp(input, "funds.spent") == 0)
		return c->tot.spent;
	if (starts_with(input, "measure.")) {
		const jx_measure *m = jx_sheet_measure(c->s, input + 8);
		return m ? m->value : JX_NONE;
	}
	return JX_NONE;
}

typedef struct {
	jx_dec a, b;     /* the inputs as entered */
	jx_dec num, den; /* rate = num ÷ den */
	int ok;          /* 1: den > 0 and both inputs present */
} ratio;

static ratio formula_ratio(const ctx *c, const jx_node *n)
{
	ratio r = {JX_NONE, JX_NONE, JX_NONE, JX_NONE, 0};
	r.a = input_value(c, n->input_a);
	r.b = input_value(c, n->input_b);
	if (r.a == JX_NONE || r.b == JX_NONE)
		return r;
	switch (n->formula) {
	case JX_F_GROWTH:
		r.num = r.a - r.b;
		break;
	case JX_F_SAVING:
		r.num = r.b - r.a;
		break;
	default:
		r.num = r.a;
		break;
	}
	r.den = r.b;
	r.ok = r.den > 0;
	return r;
}

static const jx_node *exec_node(const ctx *c)
{
	if (!c->t)
		return NULL;
	for (size_t i = 0; i < c->t->n_all; i++)
		if (c->t->all[i]->execution && c->t->all[i]->kind == JX_NODE_FORMULA)
			return c->t->all[i];
	return NULL;
}

/* The budget execution rate as an exact ratio (from the execution node's
 * inputs; the engine's rate when the template has no such node). */
static ratio exec_ratio(const ctx *c)
{
	const jx_node *n = exec_node(c);
	ratio r = {JX_NONE, JX_NONE, JX_NONE, JX_NONE, 0};
	if (n)
		return formula_ratio(c, n);
	if (c->ss && c->ss->exec_rate != JX_NONE) {
		r.num = c->ss->exec_rate;
		r.den = JX_SCALE;
		r.ok = 1;
	}
	return r;
}

/* 到位率: the template's formula on funds.received if it has one
 * (资金到位率 = received ÷ planned), else received ÷ budget (or planned). */
static ratio received_ratio(const ctx *c, const jx_node **via)
{
	ratio r = {JX_NONE, JX_NONE, JX_NONE, JX_NONE, 0};
	*via = NULL;
	if (c->t)
		for (size_t i = 0; i < c->t->n_all; i++) {
			const jx_node *n = c->t->all[i];
			if (n->kind == JX_NODE_FORMULA && n->formula == JX_F_RATIO && n->input_a &&
			    strcmp(n->input_a, "funds.received") == 0) {
				*via = n;
				return formula_ratio(c, n);
			}
		}
	r.a = c->tot.received;
	r.b = c->tot.budget != JX_NONE ? c->tot.budget : c->tot.planned;
	if (r.a == JX_NONE || r.b == JX_NONE)
		return r;
	r.num = r.a;
	r.den = r.b;
	r.ok = r.den > 0;
	return r;
}

static jx_dec pct(ratio r, int decimals)
{
	return r.ok ? jx_muldiv(r.num, JX_INT(100), r.den, decimals) : JX_NONE;
}

/* Decimal places a stated value is written with (trailing zeros ignored). */
static int decimals_of(jx_dec v)
{
	int d = 0;
	jx_dec frac;
	if (v == JX_NONE)
		return 0;
	frac = v % JX_SCALE;
	if (frac < 0)
		frac = -frac;
	if (frac == 0)
		return 0;
	d = 6;
	while (d > 0 && frac % 10 == 0) {
		frac /= 10;
		d--;
	}
	return d;
}

/* ------------------------------------------------------------------------ */
/* indicators                                                               */

static const jx_stated *stated_for(const ctx *c, const char *prefix, const char *key, const char *col)
{
	char p[200];
	const jx_sheet *s = c->s;
	if (s->n_stated == 0)
		return NULL;
	if (c->stated_tab && key && strlen(prefix) + strlen(key) + 1 + strlen(col) < sizeof p) {
		/* "<prefix><key>:<col>": the key's ':' goes with the column */
		char colon_col[64];
		long i;
		if (strlen(col) + 2 <= sizeof colon_col) {
			colon_col[0] = ':';
			strcpy(colon_col + 1, col);
			i = tab_find(c->stated_tab, prefix, key, colon_col);
			return i < 0 ? NULL : &s->stated[i];
		}
	}
	snprintf(p, sizeof p, "%s%s:%s", prefix, key, col);
	return jx_sheet_stated(s, p);
}

/* Target not met, from the engine's flag or the comparator itself. */
static int ind_unmet(const jx_indicator *d, const jx_score_item *it)
{
	jx_dec a = d->actual, t = d->target;
	if (it && (it->flags & JX_SF_UNMET))
		return 1;
	if (a == JX_NONE || t == JX_NONE)
		return 0;
	switch (d->cmp) {
	case JX_CMP_GE:
		return a < t;
	case JX_CMP_GT:
		return a <= t;
	case JX_CMP_EQ:
		return a != t;
	case JX_CMP_LE:
		return a > t;
	case JX_CMP_LT:
		return a >= t;
	default:
		return 0;
	}
}

static const char *cmp_symbol(jx_cmp c)
{
	switch (c) {
	case JX_CMP_GE:
		return "≥";
	case JX_CMP_GT:
		return ">";
	case JX_CMP_EQ:
		return "=";
	case JX_CMP_LE:
		return "≤";
	case JX_CMP_LT:
		return "<";
	default:
		return "";
	}
}

static int ind_positive(const jx_indicator *d)
{
	return d->cmp == JX_CMP_GE || d->cmp == JX_CMP_GT || d->cmp == JX_CMP_EQ;
}

/* Completion rate actual ÷ target in percent (positive indicators with a target > 0). */
static jx_dec ind_completion_pct(const jx_indicator *d, int decimals)
{
	if (!ind_positive(d) || d->actual == JX_NONE || d->target == JX_NONE || d->target <= 0)
		return JX_NONE;
	return jx_muldiv(d->actual < 0 ? 0 : d->actual, JX_INT(100), d->target, decimals);
}

static int ind_over(const ctx *c, const jx_indicator *d, const jx_score_item *it)
{
	const jx_rules *r = &c->t->rules;
	if (it && (it->flags & JX_SF_OVER))
		return 1;
	if (r->over_threshold == JX_NONE || d->actual == JX_NONE || d->target == JX_NONE || d->target <= 0)
		return 0;
	if (d->cmp != JX_CMP_GE && d->cmp != JX_CMP_GT)
		return 0;
	return jx_cmp_ratio(d->actual, d->target, r->over_threshold, JX_SCALE) >= 0;
}

/* a + b, held within ±JX_DEC_MAX (sums of absurd entries must not overflow). */
static jx_dec sat_add(jx_dec a, jx_dec b)
{
	__int128 r = (__int128)a + b;
	if (r > JX_DEC_MAX)
		return JX_DEC_MAX;
	if (r < -JX_DEC_MAX)
		return -JX_DEC_MAX;
	return (jx_dec)r;
}

static size_t slot_count(const ctx *c, const char *key)
{
	const jx_sheet *s = c->s;
	size_t n = 0;
	int none;
	const slot_sum *g = slot_of(c, key, &none);
	if (g || none)
		return g ? g->count : 0;
	for (size_t i = 0; i < s->n_inds; i++)
		if (s->inds[i].slot && strcmp(s->inds[i].slot, key) == 0)
			n++;
	return n;
}

/* Points a node stands for: its fixed points, else the sum below it.
 * JX_NONE when some indicator below has no points yet.  *empty is set when
 * nothing below carries points (slots without indicators). */
static jx_dec eff_points(const ctx *c, const jx_node *n, int *empty)
{
	jx_dec sum = 0;
	int all_empty = 1;
	*empty = 0;
	if (n->points != JX_NONE)
		return n->points;
	switch (n->kind) {
	case JX_NODE_SLOT: {
		size_t k = 0;
		int none;
		const slot_sum *g = slot_of(c, n->key, &none);
		if (g && g->missing)
			return JX_NONE;
		if (g || none) {
			*empty = !g;
			return g ? g->sum : 0;
		}
		for (size_t i = 0; i < c->s->n_inds; i++) {
			const jx_indicator *d = &c->s->inds[i];
			if (!d->slot || strcmp(d->slot, n->key) != 0)
				continue;
			k++;
			if (d->points == JX_NONE)
				return JX_NONE;
			sum = sat_add(sum, d->points);
		}
		*empty = k == 0;
		return sum;
	}
	case JX_NODE_CHECKLIST:
		for (size_t i = 0; i < n->n_items; i++)
			if (n->items[i].points != JX_NONE)
				sum = sat_add(sum, n->items[i].points);
		return sum;
	case JX_NODE_GROUP:
		for (size_t i = 0; i < n->n_children; i++) {
			int e;
			jx_dec p = eff_points(c, n->children[i], &e);
			if (p == JX_NONE)
				return JX_NONE;
			if (!e)
				all_empty = 0;
			sum = sat_add(sum, p);
		}
		*empty = n->n_children > 0 && all_empty;
		return sum;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------------ */
/* 1. weights                                                               */

/* Sum of a group's children's points; JX_NONE when one is not known yet.
 * *any: some child carries points (is not an empty slot). */
static jx_dec children_sum(const ctx *c, const jx_node *n, int *any)
{
	jx_dec sum = 0;
	*any = 0;
	for (size_t k = 0; k < n->n_children; k++) {
		int e;
		jx_dec p = eff_points(c, n->children[k], &e);
		if (p == JX_NONE)
			return JX_NONE;
		if (!e)
			*any = 1;
		sum = sat_add(sum, p);
	}
	return sum;
}

static void check_weights(ctx *c)
{
	const jx_template *t = c->t;
	jx_dec roots = 0;
	int roots_known = 1;
	char path[160];

	for (size_t i = 0; i < t->n_all; i++) {
		const jx_node *n = t->all[i];
		jx_dec sum = 0;
		int known = 1, any = 0;
		if (n->points == JX_NONE)
			continue;
		snprintf(path, sizeof path, "node:%s", n->key);
		if (n->kind == JX_NODE_GROUP) {
			sum = children_sum(c, n, &any);
			if (sum == JX_NONE || !any || sum == n->points)
				continue;
			add(c, "E101", JX_SEV_ERROR, path, "%s：分值 %s 分，下级各项分值合计 %s 分",
			    "%s: worth %s points, but its parts add up to %s", node_name(n), N(c, n->points),
			    N(c, sum));
		} else if (n->kind == JX_NODE_SLOT) {
			int none;
			const slot_sum *g = slot_of(c, n->key, &none);
			if (g) {
				any = 1;
				known = !g->missing;
				sum = g->sum;
			}
			for (size_t k = 0; !g && !none && k < c->s->n_inds; k++) {
				const jx_indicator *d = &c->s->inds[k];
				if (!d->slot || strcmp(d->slot, n->key) != 0)
					continue;
				any = 1;
				if (d->points == JX_NONE)
					known = 0;
				else
					sum = sat_add(sum, d->points);
			}
			if (!known || !any || sum == n->points)
				continue;
			add(c, "E101", JX_SEV_ERROR, path, "%s：分值 %s 分，所列指标分值合计 %s 分",
			    "%s: worth %s points, but its indicators add up to %s", node_name(n), N(c, n->points),
			    N(c, sum));
		} else if (n->kind == JX_NODE_CHECKLIST && n->n_items > 0) {
			for (size_t k = 0; k < n->n_items; k++)
				if (n->items[k].points != JX_NONE)
					sum = sat_add(sum, n->items[k].points);
			if (sum == n->points)
				continue;
			add(c, "E101", JX_SEV_ERROR, path, "%s：分值 %s 分，评价要点分值合计 %s 分",
			    "%s: worth %s points, but its checklist items add up to %s", node_name(n),
			    N(c, n->points), N(c, sum));
		}
	}

	for (size_t i = 0; i < t->n_roots; i++) {
		int e;
		jx_dec p = eff_points(c, t->roots[i], &e);
		if (p == JX_NONE) {
			roots_known = 0;
			break;
		}
		roots = sat_add(roots, p);
	}
	if (roots_known && t->rules.total_points != JX_NONE && t->n_roots > 0 && roots != t->rules.total_points)
		add(c, "E102", JX_SEV_ERROR, "total", "一级指标分值合计 %s 分，应为 %s 分",
		    "the first-level items add up to %s points instead of %s", N(c, roots),
		    N(c, t->rules.total_points));

	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		char key[128];
		const char *col;
		const jx_node *n;
		jx_dec p, sum;
		int e, any;
		if (!split_stated(st->path, "node:", key, sizeof key, &col) || strcmp(col, "points") != 0 ||
		    st->value == JX_NONE)
			continue;
		n = tnode(c, key);
		if (!n)
			continue; /* I1406 */
		p = eff_points(c, n, &e);
		if (p == JX_NONE || p == st->value)
			continue;
		snprintf(path, sizeof path, "node:%s", n->key);
		if (n->points != JX_NONE && n->kind == JX_NODE_GROUP && (sum = children_sum(c, n, &any)) != JX_NONE &&
		    any)
			add(c, "W103", JX_SEV_WARNING, path, "%s：文中分值 %s 分%s，模板分值 %s 分，下级各项分值合计 %s 分",
			    "%s: the document gives %s points%s, the template %s, its parts add up to %s",
			    node_name(n), N(c, st->value), src_note(c, st), N(c, p), N(c, sum));
		else if (n->points != JX_NONE)
			add(c, "W103", JX_SEV_WARNING, path, "%s：文中分值 %s 分%s，模板分值 %s 分",
			    "%s: the document gives %s points%s, the template %s", node_name(n), N(c, st->value),
			    src_note(c, st), N(c, p));
		else
			add(c, "W103", JX_SEV_WARNING, path, "%s：文中分值 %s 分%s，各项分值合计 %s 分",
			    "%s: the document gives %s points%s, its parts add up to %s", node_name(n),
			    N(c, st->value), src_note(c, st), N(c, p));
	}
}

/* ------------------------------------------------------------------------ */
/* 2. stated scores and subtotals                                           */

static const char *incomplete_note(ctx *c, const jx_score_item *it)
{
	if (it && (it->flags & JX_SF_INCOMPLETE))
		return L("（尚有未填项）", " (some inputs not entered yet)");
	return "";
}

/* Walk the stated figures that may be indicator d's "ind:<key>:score": with
 * the table, only those with exactly that path (split_stated reads any
 * other path as another key or column); without it, all of them. */
static size_t first_ind_score(const ctx *c, const jx_indicator *d)
{
	size_t kl = d->key ? strlen(d->key) : 0;
	long i;
	if (!c->stated_tab)
		return 0;
	if (kl == 0 || kl >= 128)
		return c->s->n_stated; /* split_stated never yields such a key */
	i = tab_find(c->stated_tab, "ind:", d->key, ":score");
	return i < 0 ? c->s->n_stated : (size_t)i;
}

static size_t next_ind_score(const ctx *c, const jx_indicator *d, size_t k)
{
	(void)d;
	if (!c->stated_tab)
		return k + 1;
	return c->stated_next[k] ? c->stated_next[k] - 1 : c->s->n_stated;
}

static void check_scores(ctx *c)
{
	char path[160];
	/* node subtotals, in the order the sheet states them */
	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		char key[128];
		const char *col;
		const jx_node *n;
		const jx_score_item *it;
		if (!split_stated(st->path, "node:", key, sizeof key, &col) || strcmp(col, "score") != 0 ||
		    st->value == JX_NONE)
			continue;
		n = tnode(c, key);
		it = item(c, "node:", key);
		if (!n || !it || it->score == JX_NONE || it->score == st->value)
			continue;
		snprintf(path, sizeof path, "node:%s", n->key);
		if (n->kind == JX_NODE_GROUP || n->kind == JX_NODE_SLOT)
			add(c, "W201", JX_SEV_WARNING, path, "%s：文中得分 %s 分%s，各项得分合计 %s 分%s",
			    "%s: the document scores it %s%s, its parts add up to %s%s", node_name(n),
			    N(c, st->value), src_note(c, st), N(c, it->score), incomplete_note(c, it));
		else
			add(c, "W201", JX_SEV_WARNING, path, "%s：文中得分 %s 分%s，重新计算为 %s 分%s",
			    "%s: the document scores it %s%s, recomputed %s%s", node_name(n), N(c, st->value),
			    src_note(c, st), N(c, it->score), incomplete_note(c, it));
	}
	/* indicators, in sheet order: the 得分 column, then stated figures */
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		const jx_score_item *it = ind_item(c, d);
		const jx_stated *st;
		if (!it || it->score == JX_NONE)
			continue;
		if (d->score_stated != JX_NONE && d->score_stated != it->score) {
			snprintf(path, sizeof path, "ind:%s:score_stated", d->key);
			add(c, "W202", JX_SEV_WARNING, path, "%s：文中得分 %s 分，重新计算为 %s 分%s",
			    "%s: the document scores it %s, recomputed %s%s", ind_name(d), N(c, d->score_stated),
			    N(c, it->score), incomplete_note(c, it));
		}
		/* the stated figures "ind:<key>:score" of this indicator, in sheet order */
		for (size_t k = first_ind_score(c, d); k < c->s->n_stated; k = next_ind_score(c, d, k)) {
			char key[128];
			const char *col;
			st = &c->s->stated[k];
			if (!split_stated(st->path, "ind:", key, sizeof key, &col) || strcmp(col, "score") != 0 ||
			    strcmp(key, d->key) != 0 || st->value == JX_NONE)
				continue;
			if (st->value == it->score || st->value == d->score_stated)
				continue; /* equal, or already reported above */
			snprintf(path, sizeof path, "ind:%s", d->key);
			add(c, "W202", JX_SEV_WARNING, path, "%s：文中得分 %s 分%s，重新计算为 %s 分%s",
			    "%s: the document scores it %s%s, recomputed %s%s", ind_name(d), N(c, st->value),
			    src_note(c, st), N(c, it->score), incomplete_note(c, it));
		}
	}
	/* the total */
	if (c->ss && c->ss->total != JX_NONE)
		for (size_t i = 0; i < c->s->n_stated; i++) {
			const jx_stated *st = &c->s->stated[i];
			if (!st->path || strcmp(st->path, "total") != 0 || st->value == JX_NONE ||
			    st->value == c->ss->total)
				continue;
			add(c, "W203", JX_SEV_WARNING, "total", "总分：文中 %s 分%s，重新计算为 %s 分%s",
			    "total: the document states %s%s, recomputed %s%s", N(c, st->value), src_note(c, st),
			    N(c, c->ss->total), incomplete_note(c, jx_score_find(c->ss, "total")));
		}
}

/* ------------------------------------------------------------------------ */
/* 3. grade                                                                 */

static const char *grade_text(const jx_grade_band *g)
{
	if (!g)
		return "";
	if (jx_lang == JX_LANG_EN && g->grade_en && *g->grade_en)
		return g->grade_en;
	return g->grade ? g->grade : "";
}

/* Does the stated text name this band?  "优", "优秀", "良好", "Good". */
static int grade_matches(const char *text, const jx_grade_band *g)
{
	const char *p = text;
	if (!g || !text)
		return 0;
	while (*p == ' ' || *p == '"' || starts_with(p, "“") || starts_with(p, "「"))
		p += *p == ' ' || *p == '"' ? 1 : 3;
	if (g->grade && *g->grade && starts_with(p, g->grade))
		return 1;
	if (g->grade_en && *g->grade_en && strncasecmp(p, g->grade_en, strlen(g->grade_en)) == 0)
		return 1;
	return 0;
}

static void check_grade(ctx *c)
{
	const jx_stated *grade = NULL, *total = NULL;
	const jx_grade_band *g_stated = NULL, *g_calc = NULL;
	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		if (!st->path)
			continue;
		if (!grade && strcmp(st->path, "grade") == 0 && !blank(st->text))
			grade = st;
		if (!total && strcmp(st->path, "total") == 0 && st->value != JX_NONE)
			total = st;
	}
	if (!grade || !c->t || c->t->rules.n_grades == 0)
		return;
	if (total) {
		g_stated = jx_template_grade(c->t, total->value);
		if (g_stated && !grade_matches(grade->text, g_stated))
			add(c, "W301", JX_SEV_WARNING, "total", "等级：文中写作「%s」，但文中总分 %s 分对应「%s」",
			    "grade: the document says \"%s\", but its own total %s falls in \"%s\"", grade->text,
			    N(c, total->value), grade_text(g_stated));
	}
	if (c->ss && c->ss->total != JX_NONE) {
		g_calc = jx_template_grade(c->t, c->ss->total);
		/* said once already when the stated total falls in the same band */
		if (g_calc && !grade_matches(grade->text, g_calc) && (!g_stated || g_stated != g_calc))
			add(c, "W302", JX_SEV_WARNING, "total", "等级：文中写作「%s」，重新计算的总分 %s 分对应「%s」",
			    "grade: the document says \"%s\", the recomputed total %s falls in \"%s\"", grade->text,
			    N(c, c->ss->total), grade_text(g_calc));
	}
}

/* ------------------------------------------------------------------------ */
/* 4. stated rates                                                          */

/* Compare a stated percent with an exact ratio at the stated precision.
 * Returns 1 when they differ (and fills the recomputed value at 2 decimals). */
static int rate_differs(jx_dec stated, ratio r, jx_dec *calc2)
{
	int d = decimals_of(stated);
	jx_dec at = pct(r, d);
	*calc2 = pct(r, 2);
	if (at == JX_NONE)
		return 0;
	return at != stated;
}

static void check_rates(ctx *c)
{
	char path[160];
	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		char key[128];
		const char *col;
		jx_dec calc;
		if (!st->path || st->value == JX_NONE)
			continue;
		if (strcmp(st->path, "execution:rate") == 0) {
			ratio r = exec_ratio(c);
			const jx_node *n = exec_node(c);
			if (!rate_differs(st->value, r, &calc))
				continue;
			if (n)
				add(c, "W401", JX_SEV_WARNING, "execution",
				    "预算执行率：文中 %s%%%s，按 %s %s ÷ %s %s 计算为 %s%%",
				    "execution rate: the document states %s%%%s, %s %s ÷ %s %s gives %s%%", N(c, st->value),
				    src_note(c, st), input_label(c, n->input_a, n->input_a_label), N(c, r.a),
				    input_label(c, n->input_b, n->input_b_label), N(c, r.b), N2(c, calc));
			else
				add(c, "W401", JX_SEV_WARNING, "execution", "预算执行率：文中 %s%%%s，重新计算为 %s%%",
				    "execution rate: the document states %s%%%s, recomputed %s%%", N(c, st->value),
				    src_note(c, st), N2(c, calc));
		} else if (strcmp(st->path, "funds:received_rate") == 0) {
			const jx_node *via;
			ratio r = received_ratio(c, &via);
			if (!rate_differs(st->value, r, &calc))
				continue;
			add(c, "W401", JX_SEV_WARNING, "funds:received",
			    "资金到位率：文中 %s%%%s，按 实际到位 %s ÷ %s %s 计算为 %s%%",
			    "funds received rate: the document states %s%%%s, received %s ÷ %s %s gives %s%%",
			    N(c, st->value), src_note(c, st), N(c, r.a),
			    via ? input_label(c, via->input_b, via->input_b_label)
				: (c->tot.budget != JX_NONE ? L("全年预算数", "full-year budget")
							    : L("年初预算数", "initial budget")),
			    N(c, r.b), N2(c, calc));
		} else if (split_stated(st->path, "node:", key, sizeof key, &col) && strcmp(col, "rate") == 0) {
			const jx_node *n = tnode(c, key);
			const jx_score_item *it = item(c, "node:", key);
			ratio r = {JX_NONE, JX_NONE, JX_NONE, JX_NONE, 0};
			if (!n)
				continue;
			snprintf(path, sizeof path, "node:%s", n->key);
			if (n->kind == JX_NODE_FORMULA) {
				r = formula_ratio(c, n);
				if (!r.ok)
					continue; /* not applicable: check 8 */
				if (!rate_differs(st->value, r, &calc))
					continue;
				add(c, "W401", JX_SEV_WARNING, path, "%s：文中 %s%%%s，按 %s %s、%s %s 计算为 %s%%",
				    "%s: the document states %s%%%s, from %s %s and %s %s it is %s%%", node_name(n),
				    N(c, st->value), src_note(c, st), input_label(c, n->input_a, n->input_a_label),
				    N(c, r.a), input_label(c, n->input_b, n->input_b_label), N(c, r.b), N2(c, calc));
			} else {
				/* 得分率 = score ÷ points */
				if (!it || it->score == JX_NONE || it->points == JX_NONE || it->points <= 0)
					continue;
				r.a = r.num = it->score;
				r.b = r.den = it->points;
				r.ok = 1;
				if (!rate_differs(st->value, r, &calc))
					continue;
				add(c, "W401", JX_SEV_WARNING, path, "%s：文中得分率 %s%%%s，得分 %s ÷ 分值 %s 为 %s%%",
				    "%s: the document states a score rate of %s%%%s, score %s ÷ points %s is %s%%",
				    node_name(n), N(c, st->value), src_note(c, st), N(c, it->score), N(c, it->points),
				    N2(c, calc));
			}
		} else if (split_stated(st->path, "ind:", key, sizeof key, &col) && strcmp(col, "rate") == 0) {
			const jx_indicator *d = sheet_ind(c, key);
			const jx_score_item *it = d ? ind_item(c, d) : NULL;
			ratio r = {JX_NONE, JX_NONE, JX_NONE, JX_NONE, 0};
			if (!d)
				continue;
			snprintf(path, sizeof path, "ind:%s", d->key);
			if (ind_positive(d) && d->actual != JX_NONE && d->target != JX_NONE && d->target > 0) {
				r.a = r.num = d->actual < 0 ? 0 : d->actual;
				r.b = r.den = d->target;
				r.ok = 1;
				if (!rate_differs(st->value, r, &calc))
					continue;
				add(c, "W401", JX_SEV_WARNING, path, "%s：文中完成率 %s%%%s，实际 %s ÷ 目标 %s 为 %s%%",
				    "%s: the document states %s%% achieved%s, actual %s ÷ target %s is %s%%",
				    ind_name(d), N(c, st->value), src_note(c, st), NU(c, d->actual, d->unit),
				    NU(c, d->target, d->unit), N2(c, calc));
			} else if (it && it->rate != JX_NONE) {
				r.num = it->rate;
				r.den = JX_SCALE;
				r.ok = 1;
				if (!rate_differs(st->value, r, &calc))
					continue;
				add(c, "W401", JX_SEV_WARNING, path, "%s：文中完成率 %s%%%s，重新计算为 %s%%",
				    "%s: the document states %s%% achieved%s, recomputed %s%%", ind_name(d),
				    N(c, st->value), src_note(c, st), N2(c, calc));
			}
		}
	}
}

/* ------------------------------------------------------------------------ */
/* 5. two actuals for one indicator                                         */

static void check_actuals(ctx *c)
{
	char path[160];
	for (size_t i = 0; i < c->s->n_stated; i++) {
		const jx_stated *st = &c->s->stated[i];
		char key[128];
		const char *col;
		const jx_indicator *d;
		if (!split_stated(st->path, "ind:", key, sizeof key, &col) || strcmp(col, "actual") != 0)
			continue;
		d = sheet_ind(c, key);
		if (!d || st->value == JX_NONE || d->actual == JX_NONE || st->value == d->actual)
			continue;
		snprintf(path, sizeof path, "ind:%s:actual", d->key);
		add(c, "W501", JX_SEV_WARNING, path, "%s：文中实际值 %s%s，表中实际值 %s，同一指标有两个实际值",
		    "%s: the document gives the actual as %s%s, the table as %s: two actuals for one indicator",
		    ind_name(d), NU(c, st->value, d->unit), src_note(c, st), NU(c, d->actual, d->unit));
	}
}

/* ------------------------------------------------------------------------ */
/* 6. unmet targets, deviation reasons, overrides                           */

static const jx_qual_band *top_band(const jx_rules *r, int *idx)
{
	const jx_qual_band *top = NULL;
	*idx = -1;
	for (size_t i = 0; i < r->n_bands; i++)
		if (!top || r->bands[i].hi > top->hi) {
			top = &r->bands[i];
			*idx = (int)i;
		}
	return top;
}

/* "目标 80，实际 56，完成率 70.00%": how an indicator stands, for messages. */
static void target_actual(ctx *c, const jx_indicator *d, char *ta, size_t len)
{
	jx_dec comp = ind_completion_pct(d, 2);
	if (comp != JX_NONE)
		snprintf(ta, len, L("目标 %s，实际 %s，完成率 %s%%", "target %s, actual %s, %s%% achieved"),
			 NU(c, d->target, d->unit), NU(c, d->actual, d->unit), N2(c, comp));
	else
		snprintf(ta, len, L("目标 %s%s，实际 %s", "target %s%s, actual %s"), cmp_symbol(d->cmp),
			 d->target != JX_NONE ? NU(c, d->target, d->unit) : (d->target_text ? d->target_text : ""),
			 d->actual != JX_NONE ? NU(c, d->actual, d->unit) : (d->actual_text ? d->actual_text : ""));
	utf8_fix_tail(ta);
}

static void check_targets(ctx *c)
{
	const jx_rules *r = &c->t->rules;
	char path[160];
	int top_idx;
	top_band(r, &top_idx);

	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		const jx_score_item *it = ind_item(c, d);
		int unmet = ind_unmet(d, it);
		char ta[600];
		/* the text of ta only when a finding needs it (most indicators raise none) */
#define TA() (ta[0] ? ta : (target_actual(c, d, ta, sizeof ta), ta))
		ta[0] = 0;

		if (unmet) {
			const jx_stated *st_rate = stated_for(c, "ind:", d->key, "rate");
			const jx_stated *st_score = stated_for(c, "ind:", d->key, "score");
			int full = 0;
			if (d->points != JX_NONE && d->points > 0) {
				if (d->score_stated != JX_NONE && d->score_stated >= d->points) {
					snprintf(path, sizeof path, "ind:%s:score_stated", d->key);
					add(c, "E601", JX_SEV_ERROR, path, "%s：%s，却记满分 %s",
					    "%s: %s, yet scored the full %s", ind_name(d), TA(),
					    N(c, d->score_stated));
					full = 1;
				} else if (st_score && st_score->value != JX_NONE && st_score->value >= d->points) {
					snprintf(path, sizeof path, "ind:%s", d->key);
					add(c, "E601", JX_SEV_ERROR, path, "%s：%s，却记满分 %s%s",
					    "%s: %s, yet scored the full %s%s", ind_name(d), TA(),
					    N(c, st_score->value), src_note(c, st_score));
					full = 1;
				} else if (d->override_score != JX_NONE && d->override_score >= d->points) {
					snprintf(path, sizeof path, "ind:%s:override_score", d->key);
					add(c, "E601", JX_SEV_ERROR, path, "%s：%s，却改判为满分 %s",
					    "%s: %s, yet overridden to the full %s", ind_name(d), TA(),
					    N(c, d->override_score));
					full = 1;
				}
			}
			if (!full && st_rate && st_rate->value != JX_NONE && st_rate->value >= JX_INT(100)) {
				snprintf(path, sizeof path, "ind:%s", d->key);
				add(c, "E601", JX_SEV_ERROR, path, "%s：%s，文中却写作完成率 %s%%%s",
				    "%s: %s, yet the document states %s%% achieved%s", ind_name(d), TA(),
				    N(c, st_rate->value), src_note(c, st_rate));
			}
			if (blank(d->deviation_reason)) {
				snprintf(path, sizeof path, "ind:%s:deviation_reason", d->key);
				add(c, "W602", JX_SEV_WARNING, path, "%s：未达成目标（%s），未填写偏差原因",
				    "%s: target not met (%s), and no deviation reason is given", ind_name(d), TA());
			}
		}
		if (r->over_reason_required && blank(d->deviation_reason) && ind_over(c, d, it)) {
			snprintf(path, sizeof path, "ind:%s:deviation_reason", d->key);
			add(c, "W603", JX_SEV_WARNING, path,
			    "%s：%s，达到或超过目标的 %s%%，须说明偏差原因，未填写",
			    "%s: %s, at or above %s%% of the target, which needs a deviation reason; none given",
			    ind_name(d), TA(), N(c, jx_muldiv(r->over_threshold, JX_INT(100), JX_SCALE, 2)));
		}
#undef TA
		if (d->override_score != JX_NONE && blank(d->override_reason)) {
			snprintf(path, sizeof path, "ind:%s:override_reason", d->key);
			add(c, "E604", JX_SEV_ERROR, path, "%s：改判得分 %s 分，未填写改判理由",
			    "%s: score overridden to %s without a reason", ind_name(d), N(c, d->override_score));
		}
		if (d->cmp == JX_CMP_QUAL && d->band >= 0 && (size_t)d->band < r->n_bands && d->band != top_idx &&
		    d->score_entered == JX_NONE) {
			const jx_qual_band *b = &r->bands[d->band];
			snprintf(path, sizeof path, "ind:%s:score_entered", d->key);
			add(c, "I605", JX_SEV_INFO, path, "%s：定性指标评为「%s」，尚未填写得分（%s%% 至 %s%% 的分值）",
			    "%s: qualitative, rated \"%s\", no score typed yet (%s%% to %s%% of the points)",
			    ind_name(d), jx_lang == JX_LANG_EN && b->name_en ? b->name_en : (b->name ? b->name : ""),
			    N(c, jx_muldiv(b->lo, JX_INT(100), JX_SCALE, 2)), N(c, jx_muldiv(b->hi, JX_INT(100), JX_SCALE, 2)));
		}
	}
}

/* ------------------------------------------------------------------------ */
/* 7. self-score against budget execution                                   */

static void check_execution(ctx *c)
{
	const jx_rules *r = &c->t->rules;
	ratio e = exec_ratio(c);
	const jx_stated *st_total = NULL;
	jx_dec total;
	int stated;
	if (!e.ok)
		return;
	for (size_t i = 0; i < c->s->n_stated; i++)
		if (c->s->stated[i].path && strcmp(c->s->stated[i].path, "total") == 0 &&
		    c->s->stated[i].value != JX_NONE) {
			st_total = &c->s->stated[i];
			break;
		}
	stated = st_total != NULL;
	total = stated ? st_total->value : (c->ss ? c->ss->total : JX_NONE);

	if (r->inflate_exec_below != JX_NONE && r->inflate_total_min != JX_NONE && total != JX_NONE &&
	    jx_cmp_ratio(e.num, e.den, r->inflate_exec_below, JX_SCALE) < 0 && total >= r->inflate_total_min)
		add(c, "W701", JX_SEV_WARNING, "total",
		    "自评分虚高：%s总分 %s 分，而预算执行率仅 %s%%（执行率低于 %s%% 时总分不宜达到 %s 分）",
		    "self-score out of line: %stotal %s with a budget execution rate of only %s%% (below %s%%, a "
		    "total of %s or more is not credible)",
		    stated ? L("文中", "stated ") : L("计算", "computed "), N(c, total), N2(c, pct(e, 2)),
		    N(c, jx_muldiv(r->inflate_exec_below, JX_INT(100), JX_SCALE, 2)), N(c, r->inflate_total_min));

	if (stated && r->n_caps > 0) {
		jx_dec cap = JX_NONE, below = JX_NONE;
		for (size_t i = 0; i < r->n_caps; i++)
			if (jx_cmp_ratio(e.num, e.den, r->caps[i].below, JX_SCALE) < 0 &&
			    (cap == JX_NONE || r->caps[i].max_total < cap)) {
				cap = r->caps[i].max_total;
				below = r->caps[i].below;
			}
		if (cap != JX_NONE && st_total->value > cap)
			add(c, "E702", JX_SEV_ERROR, "total",
			    "预算执行率 %s%% 低于 %s%%，总分不得超过 %s 分，文中总分 %s 分",
			    "budget execution %s%% is below %s%%, so the total may not exceed %s; the document states %s",
			    N2(c, pct(e, 2)), N(c, jx_muldiv(below, JX_INT(100), JX_SCALE, 2)), N(c, cap),
			    N(c, st_total->value));
	}

	if (r->exec_reason_below != JX_NONE && jx_cmp_ratio(e.num, e.den, r->exec_reason_below, JX_SCALE) < 0 &&
	    says_none(c->s->narr[JX_NARR_PROBLEMS]))
		add(c, "W703", JX_SEV_WARNING, "narr:problems",
		    "预算执行率 %s%% 低于 %s%%，须在“存在的问题及原因分析”中说明原因",
		    "budget execution %s%% is below %s%%: the reason must be given under problems and causes",
		    N2(c, pct(e, 2)), N(c, jx_muldiv(r->exec_reason_below, JX_INT(100), JX_SCALE, 2)));
}

/* ------------------------------------------------------------------------ */
/* 8. 0 ÷ 0: not applicable                                                 */

static void check_not_applicable(ctx *c)
{
	char path[160];
	for (size_t i = 0; i < c->t->n_all; i++) {
		const jx_node *n = c->t->all[i];
		const jx_score_item *it;
		const jx_stated *st;
		ratio r;
		char why[300];
		if (n->kind != JX_NODE_FORMULA)
			continue;
		it = item(c, "node:", n->key);
		if (!it || !(it->flags & JX_SF_NA))
			continue;
		r = formula_ratio(c, n);
		if (r.a != JX_NONE && r.b != JX_NONE)
			snprintf(why, sizeof why, L("%s ÷ %s 不适用", "%s ÷ %s is not applicable"), N(c, r.a), N(c, r.b));
		else
			snprintf(why, sizeof why, L("缺少%s，不适用", "%s missing: not applicable"),
				 input_label(c, r.a == JX_NONE ? n->input_a : n->input_b,
					     r.a == JX_NONE ? n->input_a_label : n->input_b_label));
		utf8_fix_tail(why);
		snprintf(path, sizeof path, "node:%s", n->key);
		st = stated_for(c, "node:", n->key, "rate");
		if (st && st->value != JX_NONE)
			add(c, "W801", JX_SEV_WARNING, path, "%s：%s，文中写作 %s%%%s",
			    "%s: %s, yet the document states %s%%%s", node_name(n), why, N(c, st->value),
			    src_note(c, st));
		add(c, "I802", JX_SEV_INFO, path, "%s：%s（%s %s，%s %s）%s", "%s: %s (%s %s, %s %s)%s", node_name(n),
		    why, input_label(c, n->input_a, n->input_a_label), N(c, r.a),
		    input_label(c, n->input_b, n->input_b_label), N(c, r.b),
		    n->na_full ? L("，按满分计", "; counted as full points") : L("，不计分", "; not scored"));
	}
}

/* ------------------------------------------------------------------------ */
/* 9. funds                                                                 */

static const char *fund_col_label(int col)
{
	switch (col) {
	case 0:
		return L("年初预算数", "initial budget");
	case 1:
		return L("全年预算数", "full-year budget");
	case 2:
		return L("实际到位", "received");
	default:
		return L("全年执行数", "spent");
	}
}

static const char *const fund_col_key[4] = {"planned", "budget", "received", "spent"};

static jx_dec fund_col(const jx_fund *f, int col)
{
	return col == 0 ? f->planned : col == 1 ? f->budget : col == 2 ? f->received : f->spent;
}

/* The budget a row's receipts are held against: 全年预算数, else 年初预算数. */
static jx_dec fund_budget(const jx_fund *f, int *col)
{
	*col = f->budget != JX_NONE ? 1 : 0;
	return f->budget != JX_NONE ? f->budget : f->planned;
}

static void check_funds(ctx *c)
{
	const jx_sheet *s = c->s;
	int used[4] = {0, 0, 0, 0};
	int row_err_recv = 0, row_err_spent = 0, partial_recv = 0, partial_spent = 0;
	char path[200];

	for (size_t i = 0; i < s->n_funds; i++)
		for (int k = 0; k < 4; k++)
			if (fund_col(&s->funds[i], k) != JX_NONE)
				used[k] = 1;

	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *f = &s->funds[i];
		const char *src = f->source ? f->source : "";
		int bcol;
		jx_dec b = fund_budget(f, &bcol);
		if (b != JX_NONE && f->received != JX_NONE && f->received > b) {
			row_err_recv = 1;
			snprintf(path, sizeof path, "fund:%s:received", src);
			add(c, "E901", JX_SEV_ERROR, path, "%s：实际到位 %s 万元，超过%s %s 万元",
			    "%s: received %s (10k yuan), more than the %s of %s", src, N(c, f->received),
			    fund_col_label(bcol), N(c, b));
		}
		if (f->received != JX_NONE && f->spent != JX_NONE && f->spent > f->received) {
			row_err_spent = 1;
			snprintf(path, sizeof path, "fund:%s:spent", src);
			add(c, "E902", JX_SEV_ERROR, path, "%s：全年执行数 %s 万元，超过实际到位 %s 万元",
			    "%s: spent %s (10k yuan), more than the %s received", src, N(c, f->spent), N(c, f->received));
		}
		if ((b == JX_NONE) != (f->received == JX_NONE))
			partial_recv = 1;
		if ((f->spent == JX_NONE) != (f->received == JX_NONE))
			partial_spent = 1;
	}

	if (s->n_funds > 1) {
		int bcol = c->tot.budget != JX_NONE ? 1 : 0;
		jx_dec b = c->tot.budget != JX_NONE ? c->tot.budget : c->tot.planned;
		if (!row_err_recv && !partial_recv && b != JX_NONE && c->tot.received != JX_NONE &&
		    c->tot.received > b)
			add(c, "E901", JX_SEV_ERROR, "funds:received", "资金合计：实际到位 %s 万元，超过%s %s 万元",
			    "funds in total: received %s (10k yuan), more than the %s of %s", N(c, c->tot.received),
			    fund_col_label(bcol), N(c, b));
		if (!row_err_spent && !partial_spent && c->tot.received != JX_NONE && c->tot.spent != JX_NONE &&
		    c->tot.spent > c->tot.received)
			add(c, "E902", JX_SEV_ERROR, "funds:spent", "资金合计：全年执行数 %s 万元，超过实际到位 %s 万元",
			    "funds in total: spent %s (10k yuan), more than the %s received", N(c, c->tot.spent),
			    N(c, c->tot.received));
	}

	/* 到位率 below 100% */
	{
		int bcol = c->tot.budget != JX_NONE ? 1 : 0;
		jx_dec b = c->tot.budget != JX_NONE ? c->tot.budget : c->tot.planned;
		jx_dec rec = c->tot.received;
		if (!partial_recv && b != JX_NONE && rec != JX_NONE && b > 0 && rec < b) {
			if (s->n_funds == 1)
				snprintf(path, sizeof path, "fund:%s:received", s->funds[0].source ? s->funds[0].source : "");
			else
				snprintf(path, sizeof path, "funds:received");
			add(c, "W903", JX_SEV_WARNING, path, "资金到位不足：%s %s 万元，实际到位 %s 万元，到位率 %s%%",
			    "funds short: %s %s (10k yuan), received %s, %s%% of it", fund_col_label(bcol), N(c, b),
			    N(c, rec), N2(c, jx_muldiv(rec, JX_INT(100), b, 2)));
		}
	}

	/* sub-projects against the funds table */
	if (s->n_subs > 0) {
		jx_dec sb = JX_NONE, sp = JX_NONE;
		int bcol = c->tot.budget != JX_NONE ? 1 : 0;
		jx_dec fb = c->tot.budget != JX_NONE ? c->tot.budget : c->tot.planned;
		for (size_t i = 0; i < s->n_subs; i++) {
			if (s->subs[i].budget != JX_NONE)
				sb = sat_add(sb == JX_NONE ? 0 : sb, s->subs[i].budget);
			if (s->subs[i].spent != JX_NONE)
				sp = sat_add(sp == JX_NONE ? 0 : sp, s->subs[i].spent);
		}
		if (sb != JX_NONE && fb != JX_NONE && sb != fb)
			add(c, "W904", JX_SEV_WARNING, "subs:budget", "二级项目预算金额合计 %s 万元，与资金表%s %s 万元不一致",
			    "the sub-projects' budgets add up to %s (10k yuan), the funds table's %s is %s", N(c, sb),
			    fund_col_label(bcol), N(c, fb));
		if (sp != JX_NONE && c->tot.spent != JX_NONE && sp != c->tot.spent)
			add(c, "W904", JX_SEV_WARNING, "subs:spent",
			    "二级项目实际支出合计 %s 万元，与资金表全年执行数 %s 万元不一致",
			    "the sub-projects' spending adds up to %s (10k yuan), the funds table's spent is %s", N(c, sp),
			    N(c, c->tot.spent));
	}

	/* negative amounts, and blanks in a row that has other amounts */
	for (size_t i = 0; i < s->n_funds; i++) {
		const jx_fund *f = &s->funds[i];
		const char *src = f->source ? f->source : "";
		int any = 0;
		for (int k = 0; k < 4; k++)
			if (fund_col(f, k) != JX_NONE)
				any = 1;
		for (int k = 0; k < 4; k++) {
			jx_dec v = fund_col(f, k);
			snprintf(path, sizeof path, "fund:%s:%s", src, fund_col_key[k]);
			if (v != JX_NONE && v < 0)
				add(c, "I905", JX_SEV_INFO, path, "%s：%s 为负数 %s", "%s: %s is negative (%s)", src,
				    fund_col_label(k), N(c, v));
			else if (v == JX_NONE && any && used[k])
				add(c, "I905", JX_SEV_INFO, path, "%s：%s 未填写（同行其他金额已填）",
				    "%s: %s is blank while the row has other amounts", src, fund_col_label(k));
		}
	}
	for (size_t i = 0; i < s->n_subs; i++) {
		const jx_subproject *p = &s->subs[i];
		const char *nm = p->name ? p->name : "";
		jx_dec v[2] = {p->budget, p->spent};
		static const char *const key[2] = {"budget", "spent"};
		for (int k = 0; k < 2; k++) {
			snprintf(path, sizeof path, "sub:%zu:%s", i, key[k]);
			if (v[k] != JX_NONE && v[k] < 0)
				add(c, "I905", JX_SEV_INFO, path, "二级项目「%s」：%s 为负数 %s",
				    "sub-project \"%s\": %s is negative (%s)", nm,
				    k == 0 ? L("预算金额", "budget") : L("实际支出金额", "spent"), N(c, v[k]));
			else if (v[k] == JX_NONE && v[1 - k] != JX_NONE)
				add(c, "I905", JX_SEV_INFO, path, "二级项目「%s」：%s 未填写（同行其他金额已填）",
				    "sub-project \"%s\": %s is blank while the row has other amounts", nm,
				    k == 0 ? L("预算金额", "budget") : L("实际支出金额", "spent"));
		}
	}
}

/* ------------------------------------------------------------------------ */
/* 10. "存在问题：无"                                                          */

static void check_problems_none(ctx *c)
{
	char why[1200];
	size_t len = 0;
	size_t unmet = 0;
	const jx_indicator *first = NULL;
	const jx_score_item *total_it;
	ratio e;
	const char *problems = c->s->narr[JX_NARR_PROBLEMS];
	if (!says_none(problems))
		return;
	why[0] = 0;
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		if (ind_unmet(d, ind_item(c, d))) {
			if (!first)
				first = d;
			unmet++;
		}
	}
	if (first) {
		jx_dec comp = ind_completion_pct(first, 2);
		if (comp != JX_NONE)
			len += (size_t)snprintf(why + len, sizeof why - len,
						L("%s 未达成目标（目标 %s，实际 %s，完成率 %s%%）",
						  "%s missed its target (target %s, actual %s, %s%% achieved)"),
						ind_name(first), NU(c, first->target, first->unit),
						NU(c, first->actual, first->unit), N2(c, comp));
		else
			len += (size_t)snprintf(why + len, sizeof why - len, L("%s 未达成目标", "%s missed its target"),
						ind_name(first));
		if (unmet > 1 && len < sizeof why)
			len += (size_t)snprintf(why + len, sizeof why - len,
						L("，共 %zu 项指标未达成", ", %zu indicators missed in all"), unmet);
	}
	total_it = c->ss ? jx_score_find(c->ss, "total") : NULL;
	if (c->ss && c->ss->total != JX_NONE && c->ss->points != JX_NONE && c->ss->total < c->ss->points &&
	    !(total_it && (total_it->flags & JX_SF_INCOMPLETE)) && len < sizeof why)
		len += (size_t)snprintf(why + len, sizeof why - len,
					L("%s得分 %s 分，失分 %s 分", "%sscored %s, %s points lost"),
					len ? L("；", "; ") : "", N(c, c->ss->total), N(c, c->ss->points - c->ss->total));
	e = exec_ratio(c);
	if (e.ok && e.num < e.den && len < sizeof why)
		len += (size_t)snprintf(why + len, sizeof why - len,
					L("%s预算执行率 %s%%", "%sbudget execution %s%%"), len ? L("；", "; ") : "",
					N2(c, pct(e, 2)));
	if (len == 0)
		return;
	add(c, "W1001", JX_SEV_WARNING, "narr:problems", "存在的问题写作「%s」，但%s", "problems are given as \"%s\", yet %s",
	    blank(problems) ? L("（空）", "(empty)") : problems, why);
}

/* ------------------------------------------------------------------------ */
/* 11. budget-process measures used as 产出 indicators                       */

static void check_output_measures(ctx *c)
{
	static const char *const words[] = {"资金使用率", "拨付及时率", "预算执行率", "资金到位率", "支出进度",
					    "资金执行率", "支出率"};
	char path[160];
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		const jx_node *slot;
		if (!starts_with(d->slot, "output.") || !d->name)
			continue;
		/* every word is "…率" or 支出进度 */
		if (!strstr(d->name, "率") && !strstr(d->name, "支出进度"))
			continue;
		for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
			if (strstr(d->name, words[k])) {
				slot = tnode(c, d->slot);
				snprintf(path, sizeof path, "ind:%s:name", d->key);
				add(c, "W1101", JX_SEV_WARNING, path,
				    "%s（%s）是预算执行过程的指标，不应作为产出指标",
				    "%s (%s) measures the budget process, not an output", d->name,
				    slot ? node_name(slot) : d->slot);
				break;
			}
	}
}

/* ------------------------------------------------------------------------ */
/* 12. text that names another project                                      */

/* CJK unified ideographs (all 3 bytes in UTF-8). */
static int cjk_at(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned cp;
	if ((u[0] & 0xf0) != 0xe0 || (u[1] & 0xc0) != 0x80 || (u[2] & 0xc0) != 0x80)
		return 0;
	cp = ((unsigned)(u[0] & 0x0f) << 12) | ((unsigned)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff);
}

/* Characters that end a name when reading backwards from 项目: function
 * words rarely found inside a project's name. */
static const char *const boundary_chars[] = {"的", "了", "是", "在", "对", "为", "和", "与", "及", "或", "等",
					     "将", "把", "被", "从", "向", "于", "其", "该", "此", "各", "些",
					     "都", "也", "并", "而", "且", "即", "之", "个", "有", "这", "那",
					     "我", "你", "他", "她", "它", "们", "但", "又", "再", "还", "每",
					     "已", "未", "不", "凡", "如", "若", "则", "因", "所"};
/* Words that end a name the same way (verbs taking 项目 as object, quantifiers). */
static const char *const boundary_words[] = {
	"推进", "推动", "加强", "加快", "开展", "实施", "完成", "组织", "做好", "确保", "结合", "支持", "申报",
	"落实", "督促", "协助", "协调", "帮助", "引进", "招引", "谋划", "跟踪", "监管", "指导", "审核", "审批",
	"通过", "根据", "按照", "关于", "对于", "由于", "以上", "以下", "以及", "其他", "其它", "全部", "部分",
	"很多", "许多", "大量", "相关", "各类", "各项", "一批", "一些", "本局", "本级", "单位", "当前", "目前",
	"同时", "其中", "包括", "涉及", "属于", "作为", "进行", "综合", "安排", "设立", "设置", "下设", "争取",
	"对接", "保障", "确定", "明确", "针对", "要求", "存在", "发现", "大力", "积极", "认真", "严格", "全面",
	"制定", "设定", "强化", "完善", "规范", "确认", "抓好", "全力", "优化", "细化", "健全", "建立", "加大",
	"提升", "提高", "做实", "做细", "梳理", "审查", "检查", "调度", "核实", "核定", "办理", "验收", "启动",
	"遴选", "评估", "论证", "立项", "征求", "补充", "修订", "跟进", "统计", "了解", "掌握", "监督", "考核",
	"整改", "反馈", "采取", "涵盖", "包含", "匹配", "配合", "参与", "承担", "负责", "主管", "实际", "各级",
	"上级", "下级", "市级", "县级", "省级", "区级", "用于", "投入", "新增", "争创", "打造", "聚焦", "围绕",
	"符合", "汇报", "报告", "上报", "报送", "审议", "研究", "决定", "批复"};
/* Words that make "…项目" generic when they come right before it. */
static const char *const generic_tail[] = {"二级", "重点", "重大", "子", "分", "同类", "建设", "在建", "新建",
					   "续建", "入库", "申报", "扶持", "工业", "招商", "投资", "民生", "试点",
					   "示范", "储备", "绩效", "评价", "评审", "专项", "资金", "经费", "工作",
					   "具体", "主要", "整体", "年度", "本年", "上年", "各", "该", "本", "此"};
/* Leading characters left over from a date ("2024年…"). */
static const char *const leading_strip[] = {"年", "月", "日", "度", "号", "届", "期"};

#define RUN_MAX 48 /* characters looked at before 项目 */

static int ends_with_at(const char *start, const char *end, const char *w)
{
	size_t l = strlen(w);
	return (size_t)(end - start) >= l && memcmp(end - l, w, l) == 0;
}

/* Does the run share a two-character sequence with text? */
static int shares_bigram(const char *run, const char *end, const char *text)
{
	char bi[7];
	if (!text)
		return 0;
	for (const char *p = run; p + 6 <= end; p += 3) {
		memcpy(bi, p, 6);
		bi[6] = 0;
		if (strstr(text, bi))
			return 1;
	}
	return 0;
}

static int contains_run(const char *text, const char *run, const char *end)
{
	char needle[RUN_MAX * 3 + 1];
	size_t n = (size_t)(end - run);
	if (!text || n == 0 || n >= sizeof needle)
		return 0;
	memcpy(needle, run, n);
	needle[n] = 0;
	return strstr(text, needle) != NULL;
}

/* Is [run, end) a name of this sheet itself: in its project description (the
 * parts of the project are named there), a sub-project, an indicator, a basis
 * document? */
static int own_name(const ctx *c, const char *run, const char *end)
{
	const jx_sheet *s = c->s;
	static const int own_info[] = {JX_INFO_NAME,       JX_INFO_UNIT,    JX_INFO_DEPARTMENT,
				       JX_INFO_BACKGROUND, JX_INFO_CONTENT, JX_INFO_IMPLEMENTATION};
	for (size_t i = 0; i < sizeof own_info / sizeof own_info[0]; i++)
		if (contains_run(s->info[own_info[i]], run, end))
			return 1;
	for (size_t i = 0; i < s->n_subs; i++)
		if (contains_run(s->subs[i].name, run, end))
			return 1;
	for (size_t i = 0; i < s->n_inds; i++)
		if (contains_run(s->inds[i].name, run, end) || contains_run(s->inds[i].subproject, run, end))
			return 1;
	for (size_t i = 0; i < s->n_basis; i++)
		if (contains_run(s->basis[i], run, end))
			return 1;
	return 0;
}

typedef struct {
	char **v;
	size_t n, cap;
} strset;

static int strset_has(const strset *set, const char *p, size_t n)
{
	for (size_t i = 0; i < set->n; i++)
		if (strlen(set->v[i]) == n && memcmp(set->v[i], p, n) == 0)
			return 1;
	return 0;
}

static int strset_add(strset *set, const char *p, size_t n)
{
	char *d;
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		char **v = realloc(set->v, cap * sizeof *v);
		if (!v)
			return -1;
		set->v = v;
		set->cap = cap;
	}
	d = malloc(n + 1);
	if (!d)
		return -1;
	memcpy(d, p, n);
	d[n] = 0;
	set->v[set->n++] = d;
	return 0;
}

static void strset_free(strset *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->v[i]);
	free(set->v);
}

static void scan_other_projects(ctx *c, const char *text, const char *path, strset *seen)
{
	static const char marker[] = "项目";
	const char *name = c->s->info[JX_INFO_NAME];
	const char *p, *scanned = text;
	int in_title = 0;
	if (!text)
		return;
	for (p = strstr(text, marker); p; p = strstr(p + 1, marker)) {
		const char *start = p, *core_end;
		size_t nchars = 0, k;
		int cut;
		/* inside 《…》 it is a document's title, not a project */
		for (; scanned < p; scanned++) {
			if (strncmp(scanned, "《", 3) == 0)
				in_title = 1;
			else if (strncmp(scanned, "》", 3) == 0)
				in_title = 0;
		}
		if (in_title)
			continue;
		/* the run of CJK characters right before 项目 */
		while (start - text >= 3 && nchars < RUN_MAX && cjk_at(start - 3)) {
			start -= 3;
			nchars++;
		}
		/* keep only what follows the last boundary character or word */
		do {
			cut = 0;
			for (const char *q = p; q > start; q -= 3) {
				for (k = 0; k < sizeof boundary_chars / sizeof boundary_chars[0]; k++)
					if (memcmp(q - 3, boundary_chars[k], 3) == 0) {
						start = q;
						cut = 1;
						break;
					}
				if (cut)
					break;
				for (k = 0; k < sizeof boundary_words / sizeof boundary_words[0]; k++)
					if (ends_with_at(start, q, boundary_words[k])) {
						start = q;
						cut = 1;
						break;
					}
				if (cut)
					break;
			}
		} while (0);
		for (int again = 1; again && start < p;) {
			again = 0;
			for (k = 0; k < sizeof leading_strip / sizeof leading_strip[0]; k++)
				if (memcmp(start, leading_strip[k], 3) == 0) {
					start += 3;
					again = 1;
					break;
				}
		}
		/* the core: the run without generic words right before 项目 */
		core_end = p;
		for (int again = 1; again && core_end > start;) {
			again = 0;
			for (k = 0; k < sizeof generic_tail / sizeof generic_tail[0]; k++)
				if (ends_with_at(start, core_end, generic_tail[k])) {
					core_end -= strlen(generic_tail[k]);
					again = 1;
					break;
				}
		}
		if ((core_end - start) / 3 < 4)
			continue;
		if (shares_bigram(start, core_end, name) || own_name(c, start, core_end))
			continue;
		if (strset_has(seen, start, (size_t)(p + 6 - start)))
			continue;
		strset_add(seen, start, (size_t)(p + 6 - start));
		add(c, "W1201", JX_SEV_WARNING, path, "文中提到「%.*s」，与本项目「%s」无关，可能是其他项目的内容",
		    "the text mentions \"%.*s\", which is not this project (\"%s\"): text from another report?",
		    (int)(p + 6 - start), start, name);
	}
}

static void stated_item_path(const char *spath, char *buf, size_t len)
{
	char key[128];
	const char *col;
	if (split_stated(spath, "node:", key, sizeof key, &col))
		snprintf(buf, len, "node:%s", key);
	else if (split_stated(spath, "ind:", key, sizeof key, &col))
		snprintf(buf, len, "ind:%s", key);
	else if (starts_with(spath, "execution"))
		snprintf(buf, len, "execution");
	else if (starts_with(spath, "funds:"))
		snprintf(buf, len, "funds:received");
	else
		snprintf(buf, len, "total");
}

static void check_other_projects(ctx *c)
{
	const jx_sheet *s = c->s;
	strset seen = {NULL, 0, 0};
	char path[200];
	if (blank(s->info[JX_INFO_NAME]))
		return; /* nothing to compare with: I1401 */
	for (int i = 0; i < JX_NARR_COUNT; i++) {
		snprintf(path, sizeof path, "narr:%s", jx_narr_labels[i].key);
		scan_other_projects(c, s->narr[i], path, &seen);
	}
	for (size_t i = 0; i < s->n_goals; i++) {
		snprintf(path, sizeof path, "goal:%zu:planned", i);
		scan_other_projects(c, s->goals[i].planned, path, &seen);
		snprintf(path, sizeof path, "goal:%zu:actual", i);
		scan_other_projects(c, s->goals[i].actual, path, &seen);
	}
	for (size_t i = 0; i < s->n_stated; i++) {
		stated_item_path(s->stated[i].path, path, sizeof path);
		scan_other_projects(c, s->stated[i].text, path, &seen);
	}
	for (size_t i = 0; i < s->n_entries; i++) {
		snprintf(path, sizeof path, "entry:%s:note", s->entries[i].node ? s->entries[i].node : "");
		scan_other_projects(c, s->entries[i].note, path, &seen);
	}
	strset_free(&seen);
}

/* ------------------------------------------------------------------------ */
/* 13. previous year                                                        */

static int seq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int unit_compatible(const char *a, const char *b)
{
	return blank(a) || blank(b) || strcmp(a, b) == 0;
}

static void check_previous_year(ctx *c)
{
	char path[160];
	if (!c->prev)
		return;
	for (size_t i = 0; i < c->s->n_inds; i++) {
		const jx_indicator *d = &c->s->inds[i];
		const jx_indicator *o = NULL;
		int reverse = d->cmp == JX_CMP_LE || d->cmp == JX_CMP_LT;
		if (d->target == JX_NONE || !(ind_positive(d) || reverse))
			continue;
		for (size_t k = 0; k < c->prev->n_inds; k++) {
			const jx_indicator *x = &c->prev->inds[k];
			if (seq(x->slot, d->slot) && seq(x->name, d->name) && x->actual != JX_NONE &&
			    unit_compatible(x->unit, d->unit)) {
				o = x;
				break;
			}
		}
		if (!o)
			continue;
		snprintf(path, sizeof path, "ind:%s:target", d->key);
		if (!reverse && d->target < o->actual)
			add(c, "W1301", JX_SEV_WARNING, path, "%s：本年目标 %s%s，低于上年（%d 年）实际完成 %s",
			    "%s: this year's target %s%s is below last year's (%d) actual %s", ind_name(d),
			    cmp_symbol(d->cmp), NU(c, d->target, d->unit), c->prev->year, NU(c, o->actual, o->unit));
		else if (reverse && d->target > o->actual)
			add(c, "W1301", JX_SEV_WARNING, path, "%s：本年目标 %s%s，宽于上年（%d 年）实际 %s（反向指标）",
			    "%s: this year's target %s%s is looser than last year's (%d) actual %s (lower is better)",
			    ind_name(d), cmp_symbol(d->cmp), NU(c, d->target, d->unit), c->prev->year,
			    NU(c, o->actual, o->unit));
	}
}

/* ------------------------------------------------------------------------ */
/* 14. missing essentials                                                   */

/* tnode(slot), looked up once per slot. */
static const jx_node *slot_node(ctx *c, const char *slot)
{
	int none;
	slot_sum *g = (slot_sum *)slot_of(c, slot, &none);
	if (!g)
		return tnode(c, slot);
	if (!g->node_known) {
		g->node = tnode(c, slot);
		g->node_known = 1;
	}
	return g->node;
}

static void check_essentials(ctx *c)
{
	const jx_sheet *s = c->s;
	char path[200];
	if (blank(s->info[JX_INFO_NAME]))
		add(c, "I1401", JX_SEV_INFO, "info:name", "项目名称未填写", "the project name is missing");
	if (s->year <= 0)
		add(c, "I1402", JX_SEV_INFO, "year", "评价年度未填写", "the evaluation year is missing");
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		if (d->points == JX_NONE) {
			snprintf(path, sizeof path, "ind:%s:points", d->key);
			add(c, "I1403", JX_SEV_INFO, path, "%s：分值未填写", "%s: points are missing", ind_name(d));
		}
	}
	if (!c->t)
		return;
	/* A slot worth fixed points with no indicator; or a group worth points
	 * whose slots (without points of their own) are all empty — said once for
	 * the group rather than for each of its categories. */
	for (size_t i = 0; i < c->t->n_all; i++) {
		const jx_node *n = c->t->all[i];
		if (n->kind == JX_NODE_SLOT && n->points != JX_NONE && n->points > 0 && slot_count(c, n->key) == 0) {
			snprintf(path, sizeof path, "node:%s", n->key);
			add(c, "I1404", JX_SEV_INFO, path, "%s：分值 %s 分，尚无指标", "%s: worth %s points, no indicator yet",
			    node_name(n), N(c, n->points));
		} else if (n->kind == JX_NODE_GROUP && n->points != JX_NONE && n->points > 0 && n->n_children > 0) {
			char names[600];
			size_t len = 0;
			int all_empty_slots = 1;
			names[0] = 0;
			for (size_t k = 0; k < n->n_children; k++) {
				const jx_node *ch = n->children[k];
				if (ch->kind != JX_NODE_SLOT || ch->points != JX_NONE || slot_count(c, ch->key) > 0) {
					all_empty_slots = 0;
					break;
				}
				if (len < sizeof names)
					len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
								k ? L("、", ", ") : "", node_name(ch));
			}
			if (!all_empty_slots)
				continue;
			utf8_fix_tail(names);
			snprintf(path, sizeof path, "node:%s", n->key);
			add(c, "I1404", JX_SEV_INFO, path, "%s：分值 %s 分，尚无指标（%s）",
			    "%s: worth %s points, no indicator yet (%s)", node_name(n), N(c, n->points), names);
		}
	}
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		const jx_node *n = d->slot ? slot_node(c, d->slot) : NULL;
		if (n && n->kind == JX_NODE_SLOT)
			continue;
		snprintf(path, sizeof path, "ind:%s:slot", d->key);
		add(c, "W1405", JX_SEV_WARNING, path, "%s：所在类别「%s」不是模板「%s」中的指标类别，不计分",
		    "%s: category \"%s\" is not an indicator category of template \"%s\"; not scored", ind_name(d),
		    d->slot ? d->slot : "", c->t->id ? c->t->id : "");
	}
	for (size_t i = 0; i < s->n_stated; i++) {
		const jx_stated *st = &s->stated[i];
		char key[128];
		const char *col;
		int known = 1;
		if (!st->path)
			continue;
		if (split_stated(st->path, "node:", key, sizeof key, &col))
			known = tnode(c, key) != NULL;
		else if (split_stated(st->path, "ind:", key, sizeof key, &col))
			known = sheet_ind(c, key) != NULL;
		else
			known = strcmp(st->path, "total") == 0 || strcmp(st->path, "grade") == 0 ||
				strcmp(st->path, "execution:rate") == 0 || strcmp(st->path, "funds:received_rate") == 0;
		if (!known)
			add(c, "I1406", JX_SEV_INFO, st->path, "文中数字「%s」%s 对应的项目在本表中不存在，无法核对",
			    "the stated figure \"%s\"%s refers to nothing in this sheet and cannot be checked", st->path,
			    src_note(c, st));
	}
}

/* ------------------------------------------------------------------------ */

void jx_check(const jx_template *t, const jx_sheet *s, const jx_scoresheet *ss, const jx_sheet *prev,
	      jx_findings *out)
{
	ctx *c;
	jx_scoresheet local;
	if (!s || !out)
		return;
	c = calloc(1, sizeof *c);
	if (!c)
		return;
	memset(&local, 0, sizeof local);
	if (!ss && t) {
		jx_score(t, s, &local);
		ss = &local;
	}
	c->t = t;
	c->s = s;
	c->ss = ss;
	c->prev = prev;
	c->out = out;
	c->tot = jx_sheet_fund_totals(s);
	if (ss && s->n_inds > 0) {
		c->ind_items = calloc(s->n_inds, sizeof *c->ind_items);
		if (c->ind_items)
			for (size_t i = 0; i < ss->n; i++) {
				const jx_score_item *it = &ss->items[i];
				size_t k;
				if (it->kind == JX_ITEM_IND && ind_index(s, it->ind, &k))
					c->ind_items[k] = it;
			}
	}

	stated_index(c);
	if (s->n_inds > 0)
		c->ind_tab = tab_new(ind_key_name, s->inds, s->n_inds, NULL);
	slot_index(c);

	if (t) {
		check_weights(c);       /* 1 */
		check_scores(c);        /* 2 */
		check_grade(c);         /* 3 */
		check_rates(c);         /* 4 */
	}
	check_actuals(c);               /* 5 */
	if (t) {
		check_targets(c);       /* 6 */
		check_execution(c);     /* 7 */
		check_not_applicable(c); /* 8 */
	}
	check_funds(c);                 /* 9 */
	check_problems_none(c);         /* 10 */
	check_output_measures(c);       /* 11 */
	check_other_projects(c);        /* 12 */
	check_previous_year(c);         /* 13 */
	check_essentials(c);            /* 14 */

	if (ss == &local)
		jx_scoresheet_free(&local);
	free(c->ind_items);
	tab_free(c->stated_tab);
	free(c->stated_next);
	tab_free(c->ind_tab);
	tab_free(c->item_tab);
	tab_free(c->slot_tab);
	free(c->slots);
	free(c);
}

void jx_findings_clear(jx_findings *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].path);
		free(f->v[i].msg);
	}
	f->n = 0;
}

void jx_findings_free(jx_findings *f)
{
	if (!f)
		return;
	jx_findings_clear(f);
	free(f->v);
	f->v = NULL;
	f->cap = 0;
}

const char *jx_severity_name(jx_severity s)
{
	switch (s) {
	case JX_SEV_ERROR:
		return L("错误", "error");
	case JX_SEV_WARNING:
		return L("警告", "warning");
	default:
		return L("提示", "info");
	}
}
