/* The `rules:` mapping of a template (share/templates/README.md "Rules"):
 * the national defaults (财预〔2020〕10号) and every provincial variant the
 * sources disagree on, read into jx_rules. */
#include "template_int.h"
#include "field.h"
#include "model.h"
#include "num.h"
#include "textwidth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The qualitative bands of r released, leaving none. */
static void free_qual_bands(jx_rules *r)
{
	for (size_t i = 0; i < r->n_bands; i++) {
		free(r->bands[i].name);
		free(r->bands[i].name_en);
	}
	free(r->bands);
	r->bands = NULL;
	r->n_bands = 0;
}

/* The grades of r released, leaving none. */
static void free_grades(jx_rules *r)
{
	for (size_t i = 0; i < r->n_grades; i++) {
		free(r->grades[i].grade);
		free(r->grades[i].grade_en);
	}
	free(r->grades);
	r->grades = NULL;
	r->n_grades = 0;
}

void tpl_free_rules(jx_rules *r)
{
	free_qual_bands(r);
	free(r->caps);
	free_grades(r);
	free(r->exec_reason_field);
	free(r->adjust_reason_field);
	free(r->na_move_to);
	for (size_t i = 0; i < r->n_limits; i++)
		free(r->limits[i].field);
	free(r->limits);
	memset(r, 0, sizeof *r);
}

typedef struct {
	const char *name, *name_en;
	int lo, hi, hi_inclusive; /* percent */
} default_band;

static const default_band national_bands[] = {
	{"达成年度指标", "Annual target achieved", 80, 100, 1},
	{"部分达成并具有一定效果", "Partly achieved, with some effect", 60, 80, 0},
	{"未达成且效果较差", "Not achieved, poor effect", 0, 60, 0},
};

typedef struct {
	const char *grade, *grade_en;
	int min;
} default_grade;

static const default_grade national_grades[] = {
	{"优", "Excellent", 90},
	{"良", "Good", 80},
	{"中", "Fair", 60},
	{"差", "Poor", 0},
};

/* The national rules (财预〔2020〕10号) are the defaults of every field. */
static int default_rules(jx_rules *r)
{
	size_t nb = sizeof national_bands / sizeof national_bands[0];
	size_t ng = sizeof national_grades / sizeof national_grades[0];
	memset(r, 0, sizeof *r);
	r->reverse = JX_REVERSE_LINEAR;
	r->bands = calloc(nb, sizeof *r->bands);
	r->grades = calloc(ng, sizeof *r->grades);
	if (!r->bands || !r->grades)
		return -1;
	for (size_t i = 0; i < nb; i++) {
		r->n_bands++;
		r->bands[i].name = jx_strdup(national_bands[i].name);
		r->bands[i].name_en = jx_strdup(national_bands[i].name_en);
		if (!r->bands[i].name || !r->bands[i].name_en)
			return -1;
		r->bands[i].lo = (jx_dec)national_bands[i].lo * JX_SCALE / 100;
		r->bands[i].hi = (jx_dec)national_bands[i].hi * JX_SCALE / 100;
		r->bands[i].hi_inclusive = national_bands[i].hi_inclusive;
	}
	for (size_t i = 0; i < ng; i++) {
		r->n_grades++;
		r->grades[i].grade = jx_strdup(national_grades[i].grade);
		r->grades[i].grade_en = jx_strdup(national_grades[i].grade_en);
		if (!r->grades[i].grade || !r->grades[i].grade_en)
			return -1;
		r->grades[i].min = JX_INT(national_grades[i].min);
	}
	r->over_threshold = 1300000; /* 130% */
	r->over_deduction = 0;
	r->over_reason_required = 1;
	r->decimals = 2;
	r->total_points = JX_INT(100);
	r->exec_reason_below = JX_NONE;
	r->inflate_exec_below = 600000; /* 60% */
	r->inflate_total_min = JX_INT(90);
	/* the national form has one text for problems and their causes */
	if (!(r->exec_reason_field = jx_strdup("narr:problems")))
		return -1;
	return 0;
}

typedef struct {
	jx_dec lo, hi;
	int incl;
	const yd_node *at;
	const char *name;
} band_span;

static int cmp_span(const void *a, const void *b)
{
	const band_span *x = a, *y = b;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->hi < y->hi ? -1 : x->hi > y->hi;
}

/* Qualitative bands must cover [0%, 100%] exactly once. */
static int check_band_cover(loader *ld, const yd_node *seq, band_span *s, size_t n)
{
	char b1[32], b2[32];
	qsort(s, n, sizeof *s, cmp_span);
	if (s[0].lo != 0) {
		failf(ld, s[0].at, "定性档次没有覆盖 0%% 到 %s%%：从 0 开始有空档", "qualitative bands leave a gap: 0%% to %s%% is not covered",
		      jx_fmt_trim(b1, s[0].lo * 100));
		return -1;
	}
	for (size_t i = 1; i < n; i++) {
		const band_span *p = &s[i - 1], *q = &s[i];
		if (p->hi > q->lo || (p->hi == q->lo && p->incl)) {
			failf(ld, q->at, "定性档次“%s”与“%s”重叠", "qualitative band \"%s\" overlaps \"%s\"", q->name, p->name);
			return -1;
		}
		if (p->hi < q->lo) {
			failf(ld, q->at, "定性档次“%s”与“%s”之间有空档（%s%% 到 %s%%）",
			      "qualitative bands \"%s\" and \"%s\" leave a gap (%s%% to %s%%)", p->name, q->name,
			      jx_fmt_trim(b1, p->hi * 100), jx_fmt_trim(b2, q->lo * 100));
			return -1;
		}
	}
	if (s[n - 1].hi != JX_SCALE || !s[n - 1].incl) {
		failf(ld, s[n - 1].at ? s[n - 1].at : seq, "定性档次没有覆盖到 100%%：最高一档应为 hi: 100 且 hi_inclusive: true",
		      "qualitative bands do not reach 100%%: the top band needs hi: 100 and hi_inclusive: true");
		return -1;
	}
	return 0;
}

static int parse_qual_bands(loader *ld, const yd_node *seq, jx_rules *r)
{
	static const char *const keys[] = {"name", "name_en", "lo", "hi", "hi_inclusive", NULL};
	band_span *spans;
	int rc = -1;
	free_qual_bands(r);
	r->bands = tpl_alloc_items(ld, seq, sizeof *r->bands, "qualitative_bands 至少要有一档",
			       "qualitative_bands needs at least one band");
	if (!r->bands || !(spans = tpl_zalloc(ld, seq->n, sizeof *spans)))
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *m = seq->items[i];
		jx_qual_band *b = &r->bands[i];
		if (yd_expect_keys(ld->doc, m, "qualitative_bands", keys, ld->err) < 0)
			goto out;
		r->n_bands++;
		if (tpl_get_str(ld, m, "name", 1, &b->name) < 0 || tpl_get_str(ld, m, "name_en", 0, &b->name_en) < 0 ||
		    tpl_get_percent(ld, m, "lo", 1, 0, 0, JX_INT(100), 0, &b->lo) < 0 ||
		    tpl_get_percent(ld, m, "hi", 1, 0, 0, JX_INT(100), 0, &b->hi) < 0 ||
		    tpl_get_bool(ld, m, "hi_inclusive", 0, &b->hi_inclusive) < 0)
			goto out;
		if (!b->name_en && !(b->name_en = jx_strdup(b->name))) {
			tpl_oom(ld);
			goto out;
		}
		if (b->lo >= b->hi) {
			failf(ld, yd_get(m, "hi"), "定性档次“%s”的 hi 必须大于 lo", "qualitative band \"%s\": hi must be above lo", b->name);
			goto out;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(r->bands[k].name, b->name) == 0) {
				failf(ld, yd_get(m, "name"), "定性档次名称“%s”重复", "qualitative band name \"%s\" is used twice", b->name);
				goto out;
			}
		spans[i].lo = b->lo;
		spans[i].hi = b->hi;
		spans[i].incl = b->hi_inclusive;
		spans[i].at = m;
		spans[i].name = b->name;
	}
	rc = check_band_cover(ld, seq, spans, seq->n);
out:
	free(spans);
	return rc;
}

static int parse_grades(loader *ld, const yd_node *seq, jx_rules *r)
{
	static const char *const keys[] = {"grade", "grade_en", "min", NULL};
	char b1[32], b2[32];
	free_grades(r);
	r->grades = tpl_alloc_items(ld, seq, sizeof *r->grades, "grades 至少要有一个等级", "grades needs at least one grade");
	if (!r->grades)
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *m = seq->items[i];
		jx_grade_band *g = &r->grades[i];
		if (yd_expect_keys(ld->doc, m, "grades", keys, ld->err) < 0)
			return -1;
		r->n_grades++;
		if (tpl_get_str(ld, m, "grade", 1, &g->grade) < 0 || tpl_get_str(ld, m, "grade_en", 0, &g->grade_en) < 0 ||
		    tpl_get_points(ld, m, "min", 1, 0, &g->min) < 0)
			return -1;
		if (!g->grade_en && !(g->grade_en = jx_strdup(g->grade))) {
			tpl_oom(ld);
			return -1;
		}
		if (i > 0 && g->min >= r->grades[i - 1].min) {
			failf(ld, yd_get(m, "min"), "等级须按分数线从高到低排列：“%s”的 %s 不低于“%s”的 %s",
			      "grades must be listed from the highest minimum down: \"%s\" %s is not below \"%s\" %s", g->grade,
			      jx_fmt_trim(b1, g->min), r->grades[i - 1].grade, jx_fmt_trim(b2, r->grades[i - 1].min));
			return -1;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(r->grades[k].grade, g->grade) == 0) {
				failf(ld, yd_get(m, "grade"), "等级“%s”重复", "grade \"%s\" is listed twice", g->grade);
				return -1;
			}
	}
	if (r->grades[seq->n - 1].min != 0) {
		failf(ld, yd_get(seq->items[seq->n - 1], "min"), "最低一个等级的 min 应为 0，使每个总分都有等级",
		      "the lowest grade needs min: 0 so that every total has a grade");
		return -1;
	}
	return 0;
}

/* An execution cap states its edge as one of two words: `below: 80` (rate
 * < 80%) or `at_or_below: 80` (rate ≤ 80%). */
static int parse_cap_edge(loader *ld, const yd_node *m, jx_exec_cap *c)
{
	int has_below = yd_get(m, "below") != NULL, has_at = yd_get(m, "at_or_below") != NULL;
	if (has_below == has_at) {
		failf(ld, m, "执行率限分须写明 below（低于）或 at_or_below（不高于）之一",
		      "an execution cap needs exactly one of below (rate < x) or at_or_below (rate <= x)");
		return -1;
	}
	c->inclusive = has_at;
	return tpl_get_percent(ld, m, has_at ? "at_or_below" : "below", 1, 0, 1, JX_INT(100), 0, &c->below);
}

static int parse_caps(loader *ld, const yd_node *seq, jx_rules *r)
{
	static const char *const keys[] = {"below", "at_or_below", "max_total", NULL};
	if (seq->n == 0)
		return 0;
	if (!(r->caps = tpl_zalloc(ld, seq->n, sizeof *r->caps)))
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *m = seq->items[i];
		jx_exec_cap *c = &r->caps[i];
		if (yd_expect_keys(ld->doc, m, "execution_caps", keys, ld->err) < 0)
			return -1;
		if (parse_cap_edge(ld, m, c) < 0 || tpl_get_points(ld, m, "max_total", 1, 0, &c->max_total) < 0)
			return -1;
		r->n_caps++;
		if (i > 0 && c->below >= r->caps[i - 1].below) {
			failf(ld, m, "执行率限分须按 below / at_or_below 从高到低排列",
			      "execution caps must be listed from the highest rate down");
			return -1;
		}
		if (i > 0 && c->max_total > r->caps[i - 1].max_total) {
			failf(ld, yd_get(m, "max_total"), "执行率越低，限分不能越高：max_total 应不高于上一条",
			      "a lower execution rate cannot allow a higher total: max_total must not exceed the previous cap's");
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Fields the rules name: reasons and length limits                         */

#define MAX_LENGTH_LIMIT 100000

/* A text field path, "*" standing for a whole segment (any row) only where
 * allow_any: what the path would be for one row, into buf, to be parsed. */
static int field_example(const char *path, int allow_any, char *buf, size_t len)
{
	size_t o = 0;
	for (const char *p = path; *p; p++) {
		if (*p == '*') {
			int whole = (p == path || p[-1] == ':') && (p[1] == ':' || !p[1]);
			if (!allow_any || !whole || o + 2 >= len)
				return -1;
			buf[o++] = '0'; /* a row index; any key reads the same */
			continue;
		}
		if (o + 2 >= len)
			return -1;
		buf[o++] = *p;
	}
	buf[o] = 0;
	return 0;
}

/* The path must name a text a user types (a narrative, a goal's actual, an
 * indicator's reason, a node's note …), never a number or a choice. */
static int check_text_field(loader *ld, const yd_node *at, const char *path, int allow_any)
{
	char ex[256];
	jx_field_path fp;
	jx_field_type ft;
	if (field_example(path, allow_any, ex, sizeof ex) < 0 || jx_field_path_parse(ex, &fp) < 0) {
		failf(ld, at, "“%s”不是表中的字段（例如 narr:problems、goal:*:actual）",
		      "\"%s\" is not a field of a sheet (e.g. narr:problems, goal:*:actual)", path);
		return -1;
	}
	ft = jx_field_type_of(ex);
	if (ft != JX_FT_TEXT && ft != JX_FT_LONGTEXT) {
		failf(ld, at, "“%s”不是文字字段", "\"%s\" is not a text field", path);
		return -1;
	}
	if (fp.fam == JX_FP_ENTRY && !memchr(fp.name, '*', fp.name_len)) {
		char key[MAX_KEY_LEN + 1];
		snprintf(key, sizeof key, "%.*s", (int)fp.name_len, fp.name);
		if (!jx_template_node(ld->t, key)) {
			failf(ld, at, "“%s”：模板中没有节点“%s”", "\"%s\": the template has no node \"%s\"", path, key);
			return -1;
		}
	}
	return 0;
}

/* A field path a rule names.  Absent keeps the default; null turns the rule
 * off where null_off, else keeps the default too. */
static int parse_field(loader *ld, const yd_node *m, const char *field, int null_off, char **out)
{
	char *v = NULL;
	if (!yd_get(m, field))
		return 0;
	if (tpl_get_str(ld, m, field, 0, &v) < 0)
		return -1;
	if (!v && !null_off)
		return 0;
	free(*out);
	*out = v;
	return 0;
}

static int parse_limits(loader *ld, const yd_node *seq, jx_rules *r)
{
	static const char *const keys[] = {"field", "max", NULL};
	if (seq->n == 0)
		return 0;
	if (!(r->limits = tpl_zalloc(ld, seq->n, sizeof *r->limits)))
		return -1;
	for (size_t i = 0; i < seq->n; i++) {
		const yd_node *m = seq->items[i];
		jx_length_limit *l = &r->limits[i];
		long max;
		if (yd_expect_keys(ld->doc, m, "length_limits", keys, ld->err) < 0)
			return -1;
		r->n_limits++;
		if (tpl_get_str(ld, m, "field", 1, &l->field) < 0)
			return -1;
		if (!yd_get(m, "max"))
			return tpl_missing(ld, m, "max");
		if (yd_int(ld->doc, yd_get(m, "max"), 1, MAX_LENGTH_LIMIT, &max, ld->err) < 0)
			return -1;
		l->max = (int)max;
		for (size_t k = 0; k < i; k++)
			if (strcmp(r->limits[k].field, l->field) == 0) {
				failf(ld, yd_get(m, "field"), "字段“%s”的字数限制重复", "field \"%s\" is limited twice",
				      l->field);
				return -1;
			}
	}
	return 0;
}

int tpl_check_rule_fields(loader *ld, const yd_node *rules)
{
	const jx_rules *r = &ld->t->rules;
	const yd_node *at;
	if (r->exec_reason_field &&
	    check_text_field(ld, rules ? yd_get(rules, "exec_reason_field") : NULL, r->exec_reason_field, 0) < 0)
		return -1;
	if (r->adjust_reason_field &&
	    check_text_field(ld, yd_get(rules, "adjust_reason_field"), r->adjust_reason_field, 0) < 0)
		return -1;
	if (r->na_move_to && !jx_template_node(ld->t, r->na_move_to)) {
		failf(ld, yd_get(yd_get(rules, "not_applicable"), "move"), "不适用指标的分值移至的节点“%s”不在模板中",
		      "the node \"%s\" that receives not-applicable points is not in the template", r->na_move_to);
		return -1;
	}
	for (size_t i = 0; i < r->n_limits; i++) {
		at = yd_get(yd_get(rules, "length_limits")->items[i], "field");
		if (check_text_field(ld, at, r->limits[i].field, 1) < 0)
			return -1;
	}
	return 0;
}

/* Does path ("goal:3:actual") match the limit's field ("goal:*:actual")? */
static int field_matches(const char *pattern, const char *path)
{
	while (*pattern) {
		if (*pattern == '*') {
			pattern++;
			while (*path && *path != ':')
				path++;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return !*path;
}

size_t jx_text_chars(const char *s)
{
	size_t n = 0, blanks = 0, len = s ? strlen(s) : 0;
	int started = 0;
	for (size_t i = 0; i < len;) {
		size_t adv = 1;
		int32_t cp = jx_utf8_decode(s + i, len - i, &adv);
		i += adv ? adv : 1;
		if (cp == '\n' || cp == '\r')
			continue;
		if (cp == ' ' || cp == '\t' || cp == 0x3000) {
			if (started)
				blanks++; /* counted only when text follows */
			continue;
		}
		started = 1;
		n += blanks + 1;
		blanks = 0;
	}
	return n;
}

int jx_template_length_limit(const jx_template *t, const char *path)
{
	if (!t || !path)
		return 0;
	for (size_t i = 0; i < t->rules.n_limits; i++)
		if (field_matches(t->rules.limits[i].field, path))
			return t->rules.limits[i].max;
	return 0;
}

int jx_template_check_length(const jx_template *t, const char *path, const char *label, const char *text, jx_err *err)
{
	int max = jx_template_length_limit(t, path);
	size_t n;
	char named[256];
	jx_field_path fp;
	if (max <= 0 || (n = jx_text_chars(text)) <= (size_t)max)
		return 0;
	/* a node's note: the node's name where the field's label has its key */
	if (label && jx_field_path_parse(path, &fp) == 0 && fp.fam == JX_FP_ENTRY &&
	    strncmp(label, fp.name, fp.name_len) == 0) {
		char key[MAX_KEY_LEN + 1];
		const jx_node *nd;
		snprintf(key, sizeof key, "%.*s", (int)fp.name_len, fp.name);
		if ((nd = jx_template_node(t, key))) {
			snprintf(named, sizeof named, "%s%s", jx_lang == JX_LANG_EN && nd->name_en ? nd->name_en : nd->name,
				 label + fp.name_len);
			label = named;
		}
	}
	jx_err_set(err, "%s最多 %d 字（模板“%s”的规定），现有 %zu 字", "%s takes at most %d characters (template %s), this has %zu",
		   label && *label ? label : path, max, t->id, n);
	return -1;
}

int tpl_parse_rules(loader *ld, const yd_node *m, jx_rules *r)
{
	static const char *const keys[] = {"reverse",	 "qualitative_bands", "over_achievement", "execution_caps",
					   "decimals",	 "grades",	      "total_points",	  "exec_reason_below",
					   "inflation", "exec_reason_field", "adjust_reason_field", "length_limits",
					   "not_applicable", NULL};
	static const char *const over_keys[] = {"threshold", "deduction", "reason_required", NULL};
	static const char *const infl_keys[] = {"exec_below", "total_min", NULL};
	static const char *const reverse_words[] = {"linear", "ratio", NULL};
	static const char *const na_words[] = {"rescale", "full", NULL};
	const yd_node *n;
	char b1[32], b2[32];
	int v;

	if (default_rules(r) < 0) {
		tpl_oom(ld);
		return -1;
	}
	if (!m)
		return 0;
	if (yd_check_keys(ld->doc, m, keys, ld->err) < 0)
		return -1;
	if (tpl_get_enum(ld, m, "reverse", reverse_words, 0, 0, "反向指标规则", "reverse rule", &v) < 0)
		return -1;
	r->reverse = v ? JX_REVERSE_RATIO : JX_REVERSE_LINEAR;
	if ((n = yd_get(m, "not_applicable")) && n->kind == YD_MAP) {
		/* {move: <node key>}: the node is looked up once the nodes are read */
		static const char *const move_keys[] = {"move", NULL};
		if (yd_check_keys(ld->doc, n, move_keys, ld->err) < 0 || tpl_get_str(ld, n, "move", 1, &r->na_move_to) < 0)
			return -1;
		r->not_applicable = JX_NA_MOVE;
	} else {
		if (tpl_get_enum(ld, m, "not_applicable", na_words, 0, 0, "不适用指标规则", "not-applicable rule", &v) < 0)
			return -1;
		r->not_applicable = v ? JX_NA_FULL : JX_NA_RESCALE;
	}

	if ((n = yd_get(m, "decimals")) && !yd_is_null(n)) {
		long d;
		if (yd_int(ld->doc, n, 0, 6, &d, ld->err) < 0)
			return -1;
		r->decimals = (int)d;
	}
	if (tpl_get_points(ld, m, "total_points", 0, JX_INT(100), &r->total_points) < 0)
		return -1;
	if (r->total_points <= 0) {
		failf(ld, yd_get(m, "total_points"), "总分必须大于 0", "total_points must be above 0");
		return -1;
	}
	if (tpl_get_seq(ld, m, "qualitative_bands", &n) < 0 || (n && parse_qual_bands(ld, n, r) < 0))
		return -1;
	if (tpl_get_seq(ld, m, "grades", &n) < 0 || (n && parse_grades(ld, n, r) < 0))
		return -1;
	if (r->grades[0].min > r->total_points) {
		failf(ld, yd_get(m, "grades"), "最高等级的分数线 %s 超过总分 %s", "the top grade's minimum %s exceeds total_points %s",
		      jx_fmt_trim(b1, r->grades[0].min), jx_fmt_trim(b2, r->total_points));
		return -1;
	}
	if (tpl_get_seq(ld, m, "execution_caps", &n) < 0 || (n && parse_caps(ld, n, r) < 0))
		return -1;
	for (size_t i = 0; i < r->n_caps; i++)
		if (r->caps[i].max_total > r->total_points) {
			failf(ld, yd_get(yd_get(m, "execution_caps")->items[i], "max_total"), "限分 %s 超过总分 %s",
			      "cap %s exceeds total_points %s", jx_fmt_trim(b1, r->caps[i].max_total),
			      jx_fmt_trim(b2, r->total_points));
			return -1;
		}

	n = yd_get(m, "over_achievement");
	if (n && yd_is_null(n)) {
		r->over_threshold = JX_NONE;
		r->over_deduction = 0;
		r->over_reason_required = 0;
	} else if (n) {
		if (yd_expect_keys(ld->doc, n, "over_achievement", over_keys, ld->err) < 0 ||
		    tpl_get_percent(ld, n, "threshold", 0, 1, JX_INT(100), MAX_PERCENT, 1300000, &r->over_threshold) < 0 ||
		    tpl_get_points(ld, n, "deduction", 0, 0, &r->over_deduction) < 0 ||
		    tpl_get_bool(ld, n, "reason_required", 1, &r->over_reason_required) < 0)
			return -1;
		if (r->over_deduction > r->total_points) {
			failf(ld, yd_get(n, "deduction"), "超额扣分超过总分", "the over-achievement deduction exceeds total_points");
			return -1;
		}
		if (r->over_threshold == JX_NONE) {
			r->over_deduction = 0;
			r->over_reason_required = 0;
		}
	}

	if (tpl_get_percent(ld, m, "exec_reason_below", 0, 1, 1, JX_INT(100), JX_NONE, &r->exec_reason_below) < 0 ||
	    parse_field(ld, m, "exec_reason_field", 0, &r->exec_reason_field) < 0 ||
	    parse_field(ld, m, "adjust_reason_field", 1, &r->adjust_reason_field) < 0)
		return -1;
	if (tpl_get_seq(ld, m, "length_limits", &n) < 0 || (n && parse_limits(ld, n, r) < 0))
		return -1;

	n = yd_get(m, "inflation");
	if (n && yd_is_null(n)) {
		r->inflate_exec_below = JX_NONE;
		r->inflate_total_min = JX_NONE;
	} else if (n) {
		if (yd_expect_keys(ld->doc, n, "inflation", infl_keys, ld->err) < 0 ||
		    tpl_get_percent(ld, n, "exec_below", 1, 0, 1, JX_INT(100), 0, &r->inflate_exec_below) < 0 ||
		    tpl_get_points(ld, n, "total_min", 1, 0, &r->inflate_total_min) < 0)
			return -1;
		if (r->inflate_total_min > r->total_points) {
			failf(ld, yd_get(n, "total_min"), "total_min 超过总分", "total_min exceeds total_points");
			return -1;
		}
	}
	return 0;
}
