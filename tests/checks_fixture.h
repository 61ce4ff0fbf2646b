/* What the checks' unit tests share (tests/test_checks.c and
 * tests/test_checks_samples.c): the templates, running the checks, and
 * finding, expecting and building things in a sheet. */
#ifndef JX_CHECKS_FIXTURE_H
#define JX_CHECKS_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "checks.h"
#include "engine.h"
#include "err.h"
#include "model.h"
#include "sheetio.h"
#include "template.h"


static jx_templates g_set;

static inline int setup(void **state)
{
	jx_err err;
	(void)state;
	memset(&g_set, 0, sizeof g_set);
	if (jx_templates_load_builtin(&g_set, &err) < 0) {
		fprintf(stderr, "templates: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	jx_templates_free(&g_set);
	return 0;
}

static inline const jx_template *tpl(const char *id)
{
	const jx_template *t = jx_templates_find(&g_set, id);
	assert_non_null(t);
	return t;
}

static inline void dump(const jx_findings *f)
{
	if (!getenv("JX_DUMP"))
		return;
	for (size_t i = 0; i < f->n; i++)
		fprintf(stderr, "  %s\t%s\t%s\t%s\n", f->v[i].code, jx_severity_name(f->v[i].sev), f->v[i].path,
			f->v[i].msg ? f->v[i].msg : "");
}

/* Score, then check, with a given template. */
static inline void run_t(const jx_template *t, const jx_sheet *s, const jx_sheet *prev, jx_findings *f)
{
	jx_scoresheet ss;
	memset(&ss, 0, sizeof ss);
	jx_findings_clear(f);
	jx_score(t, s, &ss);
	jx_check(t, s, &ss, prev, f);
	jx_scoresheet_free(&ss);
	dump(f);
}

static inline void run(const jx_sheet *s, const jx_sheet *prev, jx_findings *f)
{
	run_t(tpl(s->template_id), s, prev, f);
}

/* Findings with this code (and path, and a phrase in the message, when given). */
static inline int count(const jx_findings *f, const char *code, const char *path, const char *phrase)
{
	int n = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (code && strcmp(f->v[i].code, code) != 0)
			continue;
		if (path && strcmp(f->v[i].path, path) != 0)
			continue;
		if (phrase && !strstr(f->v[i].msg, phrase))
			continue;
		n++;
	}
	return n;
}

static inline const jx_finding *first(const jx_findings *f, const char *code, const char *path)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].code, code) == 0 && (!path || strcmp(f->v[i].path, path) == 0))
			return &f->v[i];
	return NULL;
}

static inline void expect(const jx_findings *f, const char *code, const char *path, const char *phrase)
{
	if (count(f, code, path, phrase) < 1) {
		fprintf(stderr, "expected %s %s \"%s\"; have:\n", code, path ? path : "*", phrase ? phrase : "");
		for (size_t i = 0; i < f->n; i++)
			fprintf(stderr, "  %s %s %s\n", f->v[i].code, f->v[i].path, f->v[i].msg);
		fail();
	}
}

static inline void expect_none(const jx_findings *f, const char *code, const char *path)
{
	if (count(f, code, path, NULL) != 0) {
		fprintf(stderr, "unexpected %s %s; have:\n", code, path ? path : "*");
		for (size_t i = 0; i < f->n; i++)
			fprintf(stderr, "  %s %s %s\n", f->v[i].code, f->v[i].path, f->v[i].msg);
		fail();
	}
}

/* Well-formed UTF-8 (no character cut short by a truncation). */
static inline int utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0)
			return 0;
		p++;
		while (n-- > 0)
			if ((*p++ & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

static inline void all_utf8(const jx_findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		if (!utf8_ok(f->v[i].msg) || !utf8_ok(f->v[i].path))
			fprintf(stderr, "bad UTF-8: %s %s\n", f->v[i].code, f->v[i].path);
		assert_true(utf8_ok(f->v[i].msg));
		assert_true(utf8_ok(f->v[i].path));
	}
}

static inline void set(char **dst, const char *v)
{
	assert_int_equal(jx_set_str(dst, v), 0);
}

static inline jx_stated *stated(jx_sheet *s, const char *path, const char *value, const char *text, const char *source)
{
	jx_stated *st = jx_sheet_add_stated(s, path);
	assert_non_null(st);
	st->value = value ? D(value) : JX_NONE;
	set(&st->text, text);
	set(&st->source, source);
	return st;
}

static inline jx_indicator *ind(jx_sheet *s, const char *key, const char *slot, const char *name, jx_cmp cmp,
			 const char *target, const char *actual, const char *unit, const char *points)
{
	jx_indicator *d = jx_sheet_add_ind(s, key);
	assert_non_null(d);
	set(&d->slot, slot);
	set(&d->name, name);
	set(&d->unit, unit);
	d->cmp = cmp;
	d->target = target ? D(target) : JX_NONE;
	d->actual = actual ? D(actual) : JX_NONE;
	d->points = points ? D(points) : JX_NONE;
	return d;
}

/* A consistent national self-evaluation (project-self-2020):
 *   funds: budget 100, received 100, spent 100 → execution 100% → 10
 *   i1 培训人数 ≥ 100 人, actual 100, 30 points → 30
 *   i2 验收合格率 ≥ 95 %, actual 98, 20 points → 20 (98 ÷ 95 = 103.16% < 130%)
 *   i3 带动就业 定性, band 0 (达成年度指标 [80%, 100%]), score 28 of 30 → 28
 *   i4 服务对象满意度 ≥ 90 %, actual 95, 10 points → 10
 *   产出 30 + 20 = 50 ✓, 效益 30 ✓, 满意度 10 ✓; total 10 + 50 + 28 + 10 = 98 → 优. */
static inline jx_sheet *national(void)
{
	jx_sheet *s = jx_sheet_new();
	jx_fund *f;
	jx_indicator *d;
	assert_non_null(s);
	set(&s->template_id, "project-self-2020");
	s->template_version = 1;
	s->year = 2023;
	set(&s->info[JX_INFO_NAME], "乡村道路养护经费");
	set(&s->narr[JX_NARR_PROBLEMS], "部分指标设置不够细化，资金拨付偏慢。");
	f = jx_sheet_add_fund(s, "当年财政拨款");
	assert_non_null(f);
	f->planned = f->budget = f->received = f->spent = D("100");
	ind(s, "i1", "output.quantity", "培训人数", JX_CMP_GE, "100", "100", "人", "30");
	ind(s, "i2", "output.quality", "验收合格率", JX_CMP_GE, "95", "98", "%", "20");
	d = ind(s, "i3", "benefit.social", "带动就业", JX_CMP_QUAL, NULL, NULL, NULL, "30");
	d->band = 0;
	d->score_entered = D("28");
	ind(s, "i4", "satisfaction.service", "服务对象满意度", JX_CMP_GE, "90", "95", "%", "10");
	return s;
}

#endif
