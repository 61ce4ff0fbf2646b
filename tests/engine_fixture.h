/* Hand-built templates and sheets shared by the engine's unit tests
 * (tests/test_engine.c, tests/test_engine_nodes.c): an arena that frees them
 * all in the teardown, the national rules, and runners that score one
 * indicator and keep its explanation. */
#ifndef JX_ENGINE_FIXTURE_H
#define JX_ENGINE_FIXTURE_H

#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "err.h"
#include "model.h"
#include "template.h"

/* ---- building templates by hand ------------------------------------------- */

/* Everything a test template allocates, released in one go. */
static void *arena[4096];
static size_t n_arena;

static inline void *talloc(size_t n)
{
	void *p = calloc(1, n);
	assert_non_null(p);
	assert_true(n_arena < sizeof arena / sizeof arena[0]);
	arena[n_arena++] = p;
	return p;
}

static inline void arena_free(void)
{
	while (n_arena)
		free(arena[--n_arena]);
}

static jx_qual_band national_bands[] = {
	{"达成年度指标", "Target achieved", 800000, 1000000, 1},
	{"部分达成并具有一定效果", "Partly achieved with some effect", 600000, 800000, 0},
	{"未达成且效果较差", "Not achieved, poor effect", 0, 600000, 0},
};
static jx_grade_band national_grades[] = {
	{"优", "Excellent", 90000000},
	{"良", "Good", 80000000},
	{"中", "Fair", 60000000},
	{"差", "Poor", 0},
};

/* The national rules of project-self-2020 (share/rules.md §3.1). */
static inline jx_rules national_rules(void)
{
	jx_rules r;
	memset(&r, 0, sizeof r);
	r.reverse = JX_REVERSE_LINEAR;
	r.bands = national_bands;
	r.n_bands = 3;
	r.over_threshold = D("1.3");
	r.over_deduction = 0;
	r.over_reason_required = 1;
	r.caps = NULL;
	r.n_caps = 0;
	r.decimals = 2;
	r.grades = national_grades;
	r.n_grades = 4;
	r.total_points = D("100");
	r.exec_reason_below = JX_NONE;
	r.inflate_exec_below = D("0.6");
	r.inflate_total_min = D("90");
	return r;
}

static inline jx_template *tpl_new(void)
{
	jx_template *t = talloc(sizeof *t);
	t->id = "test";
	t->version = 1;
	t->name = "测试模板";
	t->rules = national_rules();
	t->roots = talloc(16 * sizeof *t->roots);
	t->all = talloc(256 * sizeof *t->all);
	return t;
}

/* A node under `parent` (NULL = 一级); points NULL = not fixed. */
static inline jx_node *node_add(jx_template *t, jx_node *parent, const char *key, jx_node_kind kind,
				const char *points)
{
	jx_node *n = talloc(sizeof *n);
	n->key = (char *)key;
	n->name = (char *)key;
	n->kind = kind;
	n->points = points ? D(points) : JX_NONE;
	n->parent = parent;
	n->children = talloc(16 * sizeof *n->children);
	n->level = parent ? parent->level + 1 : 1;
	if (parent) {
		assert_true(parent->n_children < 16);
		parent->children[parent->n_children++] = n;
	} else {
		assert_true(t->n_roots < 16);
		t->roots[t->n_roots++] = n;
	}
	assert_true(t->n_all < 256);
	t->all[t->n_all++] = n;
	return n;
}

static inline jx_node *formula_add(jx_template *t, jx_node *parent, const char *key, jx_formula f, const char *a,
				   const char *b, jx_fscore fs, const char *points)
{
	jx_node *n = node_add(t, parent, key, JX_NODE_FORMULA, points);
	n->formula = f;
	n->input_a = (char *)a;
	n->input_b = (char *)b;
	n->fscore = fs;
	return n;
}

/* Checklist with item points given as strings, NULL-terminated. */
static inline jx_node *checklist_add(jx_template *t, jx_node *parent, const char *key, const char *points, ...)
{
	jx_node *n = node_add(t, parent, key, JX_NODE_CHECKLIST, points);
	va_list ap;
	const char *p;
	n->items = talloc(16 * sizeof *n->items);
	va_start(ap, points);
	while ((p = va_arg(ap, const char *)) != NULL) {
		n->items[n->n_items].label = "要点";
		n->items[n->n_items].points = D(p);
		n->n_items++;
	}
	va_end(ap);
	return n;
}

/* ---- building sheets ------------------------------------------------------- */

static inline jx_dec opt(const char *s)
{
	return s ? D(s) : JX_NONE;
}

static inline jx_indicator *ind_add(jx_sheet *s, const char *key, const char *slot, jx_cmp cmp, const char *target,
				    const char *actual, const char *points)
{
	jx_indicator *ind = jx_sheet_add_ind(s, key);
	assert_non_null(ind);
	assert_int_equal(jx_set_str(&ind->slot, slot), 0);
	ind->cmp = cmp;
	ind->target = opt(target);
	ind->actual = opt(actual);
	ind->points = opt(points);
	return ind;
}

static inline void fund_add(jx_sheet *s, const char *source, const char *planned, const char *budget,
			    const char *received, const char *spent)
{
	jx_fund *f = jx_sheet_add_fund(s, source);
	assert_non_null(f);
	f->planned = opt(planned);
	f->budget = opt(budget);
	f->received = opt(received);
	f->spent = opt(spent);
}

/* A stand-alone indicator (strings point at literals: never freed). */
static inline jx_indicator mk(jx_cmp cmp, const char *target, const char *actual, const char *points)
{
	jx_indicator ind;
	memset(&ind, 0, sizeof ind);
	ind.key = "i1";
	ind.cmp = cmp;
	ind.target = opt(target);
	ind.actual = opt(actual);
	ind.points = opt(points);
	ind.band = -1;
	ind.score_entered = ind.score_stated = ind.override_score = ind.deduction = JX_NONE;
	return ind;
}

typedef struct {
	jx_dec score, rate;
	int flags;
	char expl[1024];
} ind_res;

static inline ind_res run_ind(const jx_rules *r, const jx_indicator *ind)
{
	ind_res x;
	memset(&x, 0x55, sizeof x);
	jx_score_indicator(r, ind, &x.score, &x.rate, &x.flags, x.expl, sizeof x.expl);
	return x;
}

static inline ind_res run(jx_cmp cmp, const char *target, const char *actual, const char *points)
{
	jx_rules r = national_rules();
	jx_indicator ind = mk(cmp, target, actual, points);
	return run_ind(&r, &ind);
}

static inline int teardown(void **state)
{
	(void)state;
	arena_free();
	jx_lang = JX_LANG_ZH;
	return 0;
}

#endif
