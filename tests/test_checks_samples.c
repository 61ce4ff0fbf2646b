/* Checks (share/rules.md §4) on the four sample sheets as published, and
 * the codes, severities and order of the findings.  Every expected number is
 * worked out by hand in a comment. */
#include "checks_fixture.h"

/* ---- the four samples ------------------------------------------------------------------------ */

static jx_sheet *load_sample(const char *file, jx_sheet ***all, size_t *n)
{
	char path[256];
	jx_err err;
	snprintf(path, sizeof path, "%s/%s", JX_SAMPLES, file);
	if (jx_sheets_read(path, &g_set, all, n, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		fail();
	}
	assert_true(*n >= 1);
	return (*all)[0];
}

static const jx_indicator *ind_named(const jx_sheet *s, const char *phrase)
{
	for (size_t i = 0; i < s->n_inds; i++)
		if (s->inds[i].name && strstr(s->inds[i].name, phrase))
			return &s->inds[i];
	fprintf(stderr, "no indicator named like %s\n", phrase);
	fail();
	return NULL;
}

static void ind_path(char *buf, size_t len, const jx_indicator *d, const char *col)
{
	if (col)
		snprintf(buf, len, "ind:%s:%s", d->key, col);
	else
		snprintf(buf, len, "ind:%s", d->key);
}

/* Any finding with this code whose path starts with prefix and whose message has phrase. */
static int count_prefix(const jx_findings *f, const char *code, const char *prefix, const char *phrase)
{
	int n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].code, code) == 0 && strncmp(f->v[i].path, prefix, strlen(prefix)) == 0 &&
		    (!phrase || strstr(f->v[i].msg, phrase)))
			n++;
	return n;
}

static void test_sample_xinfeng(void **state)
{
	jx_sheet **all = NULL;
	size_t n = 0;
	jx_findings f = {0};
	const jx_sheet *s = load_sample("xinfeng-2024-dept-eval.yaml", &all, &n);
	const jx_indicator *kg, *use, *pay;
	char p[128];
	(void)state;
	run(s, NULL, &f);
	all_utf8(&f);
	/* 决策: heading "指标分值6分，评价得分6分"; the parts 6 + 7 + 7 = 20 */
	expect(&f, "W103", "node:decision", "文中分值 6 分");
	expect(&f, "W201", "node:decision", "文中得分 6 分");
	expect(&f, "W201", "node:decision", "各项得分合计 20 分");
	/* the appendix prints 决策 40 and 产出 60; the text (and template) 20 and 40 */
	expect(&f, "W103", "node:decision", "文中分值 40 分");
	expect(&f, "W103", "node:decision", "模板分值 20 分");
	expect(&f, "W103", "node:output", "文中分值 60 分");
	expect(&f, "W103", "node:output", "模板分值 40 分");
	/* 效益: "指标分值20分，评价得分20分", but 社会效益 8 + 满意度 10 = 18 */
	expect(&f, "W201", "node:benefit", "文中得分 20 分");
	expect(&f, "W201", "node:benefit", "各项得分合计 18 分");
	/* 重大项目开工率: "实际开工率100%" in the text, 95.00% in the appendix */
	kg = ind_named(s, "重大项目开工率");
	ind_path(p, sizeof p, kg, "actual");
	expect(&f, "W501", p, "100%");
	expect(&f, "W501", p, "95%");
	/* 资金使用率 and 资金拨付及时率 are budget-process measures, not outputs */
	use = ind_named(s, "资金使用率");
	pay = ind_named(s, "拨付及时率");
	ind_path(p, sizeof p, use, "name");
	expect(&f, "W1101", p, "资金使用率");
	ind_path(p, sizeof p, pay, "name");
	expect(&f, "W1101", p, "拨付及时率");
	/* the conclusion speaks of 基本公共卫生服务补助资金项目 */
	assert_true(count(&f, "W1201", NULL, "基本公共卫生服务补助资金项目") >= 1);
	/* total 98 stated and recomputed (20 + 20 + 40 + 18): no total finding */
	expect_none(&f, "W203", NULL);
	jx_findings_free(&f);
	jx_sheets_free(all, n);
}

static void test_sample_jiangmen(void **state)
{
	jx_sheet **all = NULL;
	size_t n = 0;
	jx_findings f = {0};
	const jx_sheet *s = load_sample("jiangmen-2022-project-self.yaml", &all, &n);
	(void)state;
	run(s, NULL, &f);
	all_utf8(&f);
	/* 480.82 ÷ 1935 = 24.85% < 60% with a stated 98.93 ≥ 90 */
	expect(&f, "W701", "total", "98.93");
	expect(&f, "W701", "total", "24.85%");
	/* the execution score alone is 10 × 0.248486 = 2.48 of 10, so the total
	 * cannot be 98.93 (at most 2.48 + 90 = 92.48).  With the sample's points
	 * (产出: the first 18 indicators 0.95, the rest 0.94) the one unmet
	 * indicator, 评审项目总数量 6 → 5, is the 21st 产出 indicator (rows 1, 2, 4,
	 * 5, 7–11, 13–22, 24 come before row 25): 0.94 points, 5 ÷ 6 × 0.94 =
	 * 0.783 → 0.78, 0.16 lost.  Total 2.48 + (50 − 0.16) + 30 + 10 = 92.32. */
	expect(&f, "W203", "total", "文中 98.93 分");
	expect(&f, "W203", "total", "重新计算为 92.32 分");
	/* its stated 24.85% is right */
	expect_none(&f, "W401", "execution");
	jx_findings_free(&f);
	jx_sheets_free(all, n);
}

static void test_sample_zhanjiang(void **state)
{
	jx_sheet **all = NULL;
	size_t n = 0;
	jx_findings f = {0};
	const jx_sheet *s = load_sample("zhanjiang-2023-dept-overall.yaml", &all, &n);
	const jx_indicator *d;
	char p[128];
	(void)state;
	run(s, NULL, &f);
	all_utf8(&f);
	/* 新增规上工业企业 target 80, actual 56: 56 ÷ 80 = 70.00%, yet counted as met */
	d = ind_named(s, "新增规");
	ind_path(p, sizeof p, d, NULL);
	assert_true(count_prefix(&f, "E601", p, "目标 80") >= 1);
	assert_true(count_prefix(&f, "E601", p, "实际 56") >= 1);
	assert_true(count_prefix(&f, "E601", p, "完成率 70.00%") >= 1);
	/* its points are 1.25 (task 2's 5 points over 4 indicators) */
	assert_true(count_prefix(&f, "E601", p, "却记满分 1.25") >= 1);
	/* recomputed: 56 ÷ 80 × 1.25 = 0.875 → 0.88, everything else in full
	 * (存量资金 not applicable counts full): 100 − 1.25 + 0.88 = 99.63 */
	expect(&f, "W203", "total", "文中 100 分");
	expect(&f, "W203", "total", "重新计算为 99.63 分");
	/* 存量资金效率性: (0 ÷ 0 − 1) is not applicable, never −100% */
	expect(&f, "I802", "node:execution.stock", "不适用");
	if (jx_sheet_stated(s, "node:execution.stock:rate"))
		expect(&f, "W801", "node:execution.stock", "−100%");
	/* "存在问题：无" beside the unmet target */
	expect(&f, "W1001", "narr:problems", "未达成目标");
	/* received 4804.49 of 16147.27 budgeted (or the rows' 16147.28): 29.75% */
	assert_true(count_prefix(&f, "W903", "fund", "实际到位 4804.49 万元") >= 1);
	assert_true(count_prefix(&f, "W903", "fund", "到位率 29.75%") >= 1);
	jx_findings_free(&f);
	jx_sheets_free(all, n);
}

static void test_sample_jingdezhen(void **state)
{
	jx_sheet **all = NULL;
	size_t n = 0;
	jx_findings f = {0};
	const jx_sheet *s = load_sample("jingdezhen-2023-external.yaml", &all, &n);
	(void)state;
	run(s, NULL, &f);
	all_utf8(&f);
	/* 1659 ÷ 1717 = 0.966220… → 96.62%, as stated: no arithmetic finding on it */
	expect_none(&f, "W401", NULL);
	expect_none(&f, "W203", NULL);
	expect_none(&f, "W301", NULL);
	expect_none(&f, "W302", NULL);
	jx_findings_free(&f);
	jx_sheets_free(all, n);
}

/* Over the samples, with and without their template: a finding's severity
 * is the letter of its code, findings come by check number, and without a
 * template only the checks that need none (5, 9 to 14) speak. */
static void test_codes_severity_and_order(void **state)
{
	static const char *const samples[] = {"xinfeng-2024-dept-eval.yaml", "jiangmen-2022-project-self.yaml",
					      "zhanjiang-2023-dept-overall.yaml", "jingdezhen-2023-external.yaml"};
	size_t total = 0;
	(void)state;
	for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
		jx_sheet **all = NULL;
		size_t n = 0;
		const jx_sheet *s = load_sample(samples[k], &all, &n);
		for (int with_template = 0; with_template < 2; with_template++) {
			jx_findings f = {0};
			int last = 0;
			if (with_template)
				run(s, NULL, &f);
			else
				jx_check(NULL, s, NULL, NULL, &f);
			total += f.n;
			for (size_t i = 0; i < f.n; i++) {
				const char *code = f.v[i].code;
				int check = atoi(code + 1) / 100;
				jx_severity sev = code[0] == 'E' ? JX_SEV_ERROR : code[0] == 'W' ? JX_SEV_WARNING : JX_SEV_INFO;
				assert_true(strchr("EWI", code[0]) != NULL);
				assert_int_equal(f.v[i].sev, sev);
				assert_true(check >= 1 && check <= 15);
				assert_true(check >= last);
				last = check;
				if (!with_template)
					assert_true(check == 5 || check >= 9);
			}
			jx_findings_free(&f);
		}
		jx_sheets_free(all, n);
	}
	assert_true(total > 0);
}

/* The checks run only to count (no_messages, as exports and the project
 * list's summary run them) find exactly what the full run finds: the same
 * codes, severities and paths in the same order, so the same number of
 * findings and of unfilled values. */
static void same_findings(const jx_sheet *s)
{
	const jx_template *t = tpl(s->template_id);
	jx_scoresheet ss;
	jx_findings full = {0}, counted = {0};
	memset(&ss, 0, sizeof ss);
	counted.no_messages = 1;
	jx_score(t, s, &ss);
	jx_check(t, s, &ss, NULL, &full);
	jx_check(t, s, &ss, NULL, &counted);
	assert_int_equal(counted.n, full.n);
	assert_int_equal(jx_findings_unfilled(&counted), jx_findings_unfilled(&full));
	for (size_t i = 0; i < full.n; i++) {
		assert_string_equal(counted.v[i].code, full.v[i].code);
		assert_string_equal(counted.v[i].path, full.v[i].path);
		assert_int_equal(counted.v[i].sev, full.v[i].sev);
		assert_non_null(full.v[i].msg);
		assert_null(counted.v[i].msg);
	}
	jx_findings_free(&full);
	jx_findings_free(&counted);
	jx_scoresheet_free(&ss);
}

static size_t unfilled_of(const jx_sheet *s)
{
	jx_findings f = {0};
	size_t n;
	f.no_messages = 1;
	run(s, NULL, &f);
	n = jx_findings_unfilled(&f);
	jx_findings_free(&f);
	return n;
}

static void test_count_only_agrees(void **state)
{
	static const char *const samples[] = {"xinfeng-2024-dept-eval.yaml",
					      "jiangmen-2022-project-self.yaml",
					      "zhanjiang-2023-dept-overall.yaml",
					      "jingdezhen-2023-external.yaml",
					      "stages/jiangmen-2022-project-declaration.yaml",
					      "stages/jiangmen-2022-project-monitoring.yaml"};
	jx_sheet **all = NULL;
	jx_sheet *s;
	jx_indicator *d = NULL;
	size_t n = 0;
	(void)state;
	for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
		load_sample(samples[k], &all, &n);
		for (size_t i = 0; i < n; i++)
			same_findings(all[i]);
		jx_sheets_free(all, n);
	}
	/* a sheet changed after it was counted: Jiangmen (unfilled: 1 W602 +
	 * 11 W603 = 12) with the actual of its first indicator that has one
	 * taken away (r1, 2 ≥ 2, met: no reason was asked of it), one value
	 * more left unfilled (W1501): 12 + 1 = 13 */
	s = load_sample("jiangmen-2022-project-self.yaml", &all, &n);
	assert_int_equal(unfilled_of(s), 12);
	for (size_t i = 0; i < s->n_inds && !d; i++)
		if (s->inds[i].actual != JX_NONE && s->inds[i].cmp != JX_CMP_QUAL && s->inds[i].cmp != JX_CMP_DEADLINE)
			d = &s->inds[i];
	assert_non_null(d);
	d->actual = JX_NONE;
	free(d->actual_text);
	d->actual_text = NULL;
	same_findings(s);
	assert_int_equal(unfilled_of(s), 13);
	jx_sheets_free(all, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_xinfeng),
		cmocka_unit_test(test_sample_jiangmen),
		cmocka_unit_test(test_sample_zhanjiang),
		cmocka_unit_test(test_sample_jingdezhen),
		cmocka_unit_test(test_codes_severity_and_order),
		cmocka_unit_test(test_count_only_agrees),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
