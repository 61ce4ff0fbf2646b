/* Template loader and the built-in templates (share/templates). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "template.h"

/* ------------------------------------------------------------------------ */
/* helpers */

static jx_templates builtin;

static int setup_builtin(void **state)
{
	jx_err err = {{0}};
	(void)state;
	jx_lang = JX_LANG_ZH;
	if (jx_templates_load_builtin(&builtin, &err) < 0) {
		fprintf(stderr, "built-in templates: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown_builtin(void **state)
{
	(void)state;
	jx_templates_free(&builtin);
	return 0;
}

static const jx_template *tpl(const char *id)
{
	const jx_template *t = jx_templates_find(&builtin, id);
	if (!t)
		fail_msg("template %s not built in", id);
	return t;
}

static const jx_node *node(const jx_template *t, const char *key)
{
	const jx_node *n = jx_template_node(t, key);
	if (!n)
		fail_msg("%s: no node %s", t->id, key);
	return n;
}

static jx_dec children_sum(const jx_node *n)
{
	jx_dec s = 0;
	for (size_t i = 0; i < n->n_children; i++)
		s += n->children[i]->points;
	return s;
}

static jx_dec roots_sum(const jx_template *t)
{
	jx_dec s = 0;
	for (size_t i = 0; i < t->n_roots; i++)
		s += t->roots[i]->points;
	return s;
}

static void assert_items(const jx_node *n, const char *const *pts, size_t count)
{
	assert_int_equal(n->kind, JX_NODE_CHECKLIST);
	assert_int_equal(n->n_items, count);
	for (size_t i = 0; i < count; i++)
		assert_int_equal(n->items[i].points, D(pts[i]));
}

/* Load from memory; the load must fail with err starting with `prefix` and
 * containing `phrase`. */
static void expect_error(const char *yaml, size_t len, const char *prefix, const char *phrase)
{
	jx_err err = {{0}};
	jx_template *t = jx_template_load_mem("t.yaml", yaml, len, &err);
	if (t) {
		jx_template_free(t);
		fail_msg("loaded, but expected \"%s ... %s\"", prefix, phrase);
	}
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0 || !strstr(err.msg, phrase))
		fail_msg("got \"%s\", expected prefix \"%s\" and \"%s\"", err.msg, prefix, phrase);
}
#define EXPECT_ERROR(yaml, prefix, phrase) expect_error(yaml, sizeof(yaml) - 1, prefix, phrase)

/* ------------------------------------------------------------------------ */
/* the built-in set */

static void test_builtin_set(void **state)
{
	static const char *const ids[] = {"project-self-2020", "project-self-hubei-2020", "dept-eval-2020", "dept-overall",
					  "external-result", "project-self-sichuan", "project-self-yitihua-2022",
					  "project-declaration-2020", "project-monitoring-2020"};
	(void)state;
	assert_int_equal(builtin.n, 9);
	for (size_t i = 0; i < 9; i++) {
		const jx_template *t = tpl(ids[i]);
		char file[128];
		snprintf(file, sizeof file, "%s.yaml", ids[i]);
		assert_string_equal(t->file, file); /* the embedded file name */
		assert_int_equal(t->version, 1);
		assert_non_null(t->name);
		assert_non_null(t->name_en);
		assert_non_null(t->description);
	}
	assert_null(jx_templates_find(&builtin, "no-such-template"));
	assert_int_equal(tpl("project-self-2020")->kind, JX_KIND_PROJECT_SELF);
	assert_int_equal(tpl("project-self-hubei-2020")->kind, JX_KIND_PROJECT_SELF);
	assert_int_equal(tpl("dept-eval-2020")->kind, JX_KIND_DEPT_EVAL);
	assert_int_equal(tpl("dept-overall")->kind, JX_KIND_DEPT_OVERALL);
	assert_int_equal(tpl("external-result")->kind, JX_KIND_EXTERNAL);
	assert_int_equal(tpl("project-declaration-2020")->kind, JX_KIND_PROJECT_DECLARATION);
	/* the declaration continues in the national form, whose slots it shares */
	assert_string_equal(tpl("project-declaration-2020")->self_template, "project-self-2020");
	assert_null(tpl("project-self-2020")->self_template);
	/* the monitoring table: between the two, with their slots, and its
	 * choices of 序时进度 (N ÷ 12) and edges (> 10 / > 20 points for funds,
	 * > 0 / > 10 for indicators), each an "over" (strict) edge */
	assert_int_equal(tpl("project-monitoring-2020")->kind, JX_KIND_PROJECT_MONITORING);
	assert_string_equal(tpl("project-declaration-2020")->monitoring_template, "project-monitoring-2020");
	assert_string_equal(tpl("project-monitoring-2020")->self_template, "project-self-2020");
	{
		const jx_monitor_rules *m = &tpl("project-monitoring-2020")->monitor;
		assert_true(m->on);
		assert_int_equal(m->schedule, JX_SCHED_MONTHS);
		assert_int_equal(m->fund_yellow.edge, D("10"));
		assert_int_equal(m->fund_red.edge, D("20"));
		assert_int_equal(m->ind_yellow.edge, 0);
		assert_int_equal(m->ind_red.edge, D("10"));
		assert_false(m->fund_yellow.inclusive || m->fund_red.inclusive || m->ind_yellow.inclusive ||
			     m->ind_red.inclusive);
		assert_false(tpl("project-self-2020")->monitor.on);
	}
	for (size_t i = 0; i < tpl("project-monitoring-2020")->n_all; i++)
		assert_non_null(node(tpl("project-self-2020"), tpl("project-monitoring-2020")->all[i]->key));
	for (size_t i = 0; i < tpl("project-declaration-2020")->n_all; i++) {
		const jx_node *n = tpl("project-declaration-2020")->all[i];
		assert_non_null(node(tpl("project-self-2020"), n->key));
	}
}

/* Structure shared by every built-in template: parents, levels, pre-order,
 * unique keys, help text, 一级 points adding to 100, checklist texts. */
static void test_builtin_structure(void **state)
{
	(void)state;
	for (size_t ti = 0; ti < builtin.n; ti++) {
		const jx_template *t = builtin.v[ti];
		size_t seen = 0;
		/* 一级 points add to total_points = 100 — Sichuan's 产出, 效益 and
		 * 满意度 have no fixed points (the unit spreads 90 over them) */
		assert_int_equal(t->rules.total_points, D("100"));
		if (strcmp(t->id, "project-self-sichuan") == 0)
			assert_int_equal(node(t, "execution")->points, D("10"));
		else if (t->kind == JX_KIND_PROJECT_DECLARATION || t->kind == JX_KIND_PROJECT_MONITORING)
			for (size_t i = 0; i < t->n_roots; i++) /* a declaration or monitoring table is not scored */
				assert_int_equal(t->roots[i]->points, JX_NONE);
		else
			assert_int_equal(roots_sum(t), D("100"));
		for (size_t i = 0; i < t->n_all; i++) {
			const jx_node *n = t->all[i];
			assert_non_null(n->help);
			/* block texts lose their final line break */
			assert_int_not_equal(n->help[strlen(n->help) - 1], '\n');
			if (n->criteria)
				assert_int_not_equal(n->criteria[strlen(n->criteria) - 1], '\n');
			assert_non_null(n->name);
			assert_non_null(n->name_en);
			if (n->parent) {
				assert_int_equal(n->level, n->parent->level + 1);
				assert_true(strncmp(n->key, n->parent->key, strlen(n->parent->key)) == 0);
				assert_int_equal(n->key[strlen(n->parent->key)], '.');
				/* pre-order: a parent comes before its children */
				int found = 0;
				for (size_t k = 0; k < i; k++)
					found |= t->all[k] == n->parent;
				assert_true(found);
			} else {
				assert_int_equal(n->level, 1);
				assert_ptr_equal(t->roots[seen], n);
				seen++;
			}
			for (size_t k = 0; k < i; k++)
				assert_string_not_equal(t->all[k]->key, n->key);
			for (size_t k = 0; k < n->n_children; k++)
				assert_ptr_equal(n->children[k]->parent, n);
			if (n->kind == JX_NODE_GROUP && n->points != JX_NONE) {
				int all_fixed = 1;
				for (size_t k = 0; k < n->n_children; k++)
					all_fixed &= n->children[k]->points != JX_NONE;
				if (all_fixed)
					assert_int_equal(children_sum(n), n->points);
			}
			if (n->kind == JX_NODE_CHECKLIST) {
				jx_dec s = 0;
				for (size_t k = 0; k < n->n_items; k++) {
					s += n->items[k].points;
					/* each 评价要点 line is printed in the criteria text */
					assert_non_null(strstr(n->criteria, n->items[k].label));
				}
				assert_int_equal(s, n->points);
			}
			assert_ptr_equal(jx_template_node(t, n->key), n);
		}
		assert_int_equal(seen, t->n_roots);
	}
}

/* ------------------------------------------------------------------------ */
/* project-self-2020 */

static void test_national(void **state)
{
	const jx_template *t = tpl("project-self-2020");
	const jx_node *n;
	const jx_rules *r = &t->rules;
	(void)state;
	/* 4 一级 + 4 产出 slots + 4 效益 slots + 1 满意度 slot = 13 */
	assert_int_equal(t->n_roots, 4);
	assert_int_equal(t->n_all, 13);
	assert_int_equal(t->n_fund_sources, 3);
	assert_string_equal(t->fund_sources[0], "当年财政拨款");
	assert_string_equal(t->fund_sources[1], "上年结转资金");
	assert_string_equal(t->fund_sources[2], "其他资金");

	n = node(t, "execution");
	assert_int_equal(n->kind, JX_NODE_FORMULA);
	assert_int_equal(n->points, D("10"));
	assert_int_equal(n->formula, JX_F_RATIO);
	assert_string_equal(n->input_a, "funds.spent");
	assert_string_equal(n->input_b, "funds.budget");
	assert_int_equal(n->fscore, JX_FS_RATE);
	assert_true(n->execution);
	assert_false(n->na_full);

	assert_int_equal(node(t, "output")->points, D("50"));
	assert_int_equal(node(t, "benefit")->points, D("30"));
	assert_int_equal(node(t, "satisfaction")->points, D("10"));
	assert_int_equal(node(t, "output")->n_children, 4);
	assert_int_equal(node(t, "benefit")->n_children, 4);
	n = node(t, "output.quantity");
	assert_int_equal(n->kind, JX_NODE_SLOT);
	assert_int_equal(n->points, JX_NONE); /* points come from the sheet's indicators */
	assert_int_equal(n->level, 2);
	assert_string_equal(n->category, "数量指标");
	assert_string_equal(node(t, "output.quality")->name, "质量指标");
	assert_string_equal(node(t, "output.timeliness")->name, "时效指标");
	assert_string_equal(node(t, "output.cost")->name, "成本指标");
	assert_string_equal(node(t, "benefit.economic")->name, "经济效益指标");
	assert_string_equal(node(t, "benefit.social")->name, "社会效益指标");
	assert_string_equal(node(t, "benefit.ecological")->name, "生态效益指标");
	assert_string_equal(node(t, "benefit.sustainable")->name, "可持续影响指标");
	assert_string_equal(node(t, "satisfaction.service")->name, "服务对象满意度指标");
	assert_null(jx_template_node(t, "benefit.satisfaction"));

	/* rules: percent numbers become fractions ×1e6: 80% = 800000 */
	assert_int_equal(r->reverse, JX_REVERSE_LINEAR);
	assert_int_equal(r->n_bands, 3);
	assert_string_equal(r->bands[0].name, "达成年度指标");
	assert_int_equal(r->bands[0].lo, 800000);
	assert_int_equal(r->bands[0].hi, 1000000);
	assert_true(r->bands[0].hi_inclusive);
	assert_string_equal(r->bands[1].name, "部分达成并具有一定效果");
	assert_int_equal(r->bands[1].lo, 600000);
	assert_int_equal(r->bands[1].hi, 800000);
	assert_false(r->bands[1].hi_inclusive);
	assert_string_equal(r->bands[2].name, "未达成且效果较差");
	assert_int_equal(r->bands[2].lo, 0);
	assert_int_equal(r->bands[2].hi, 600000);
	assert_int_equal(r->over_threshold, 1300000); /* 130% */
	assert_int_equal(r->over_deduction, 0);
	assert_true(r->over_reason_required);
	assert_int_equal(r->n_caps, 0);
	assert_int_equal(r->decimals, 2);
	assert_int_equal(r->n_grades, 4);
	assert_string_equal(r->grades[0].grade, "优");
	assert_int_equal(r->grades[0].min, D("90"));
	assert_string_equal(r->grades[1].grade, "良");
	assert_int_equal(r->grades[1].min, D("80"));
	assert_string_equal(r->grades[2].grade, "中");
	assert_int_equal(r->grades[2].min, D("60"));
	assert_string_equal(r->grades[3].grade, "差");
	assert_int_equal(r->grades[3].min, 0);
	assert_int_equal(r->exec_reason_below, JX_NONE);
	assert_int_equal(r->inflate_exec_below, 600000); /* 60% */
	assert_int_equal(r->inflate_total_min, D("90"));
}

/* ------------------------------------------------------------------------ */
/* project-self-hubei-2020: same shape, other data */

static void test_hubei(void **state)
{
	const jx_template *t = tpl("project-self-hubei-2020");
	const jx_rules *r = &t->rules;
	const jx_node *n;
	(void)state;
	/* 3 一级 + 4 产出 slots + 5 效益 slots = 12 */
	assert_int_equal(t->n_roots, 3);
	assert_int_equal(t->n_all, 12);
	n = node(t, "execution");
	assert_int_equal(n->points, D("20"));
	assert_true(n->execution);
	assert_int_equal(n->fscore, JX_FS_RATE);
	assert_string_equal(n->input_a, "funds.spent");
	assert_string_equal(n->input_b, "funds.budget");
	assert_int_equal(node(t, "output")->points, D("40"));
	assert_int_equal(node(t, "benefit")->points, D("40"));
	assert_int_equal(node(t, "benefit")->n_children, 5);
	assert_string_equal(node(t, "benefit.satisfaction")->name, "服务对象满意度指标");
	assert_null(jx_template_node(t, "satisfaction"));
	/* 20 + 40 + 40 = 100 */
	assert_int_equal(roots_sum(t), D("100"));
	/* goal blocks stand for 产出 and 效益: their points 40 + 40 = 80 */
	assert_non_null(t->goal_blocks);
	assert_string_equal(t->goal_blocks->name, "年度绩效目标");
	assert_int_equal(t->goal_blocks->n_replaces, 2);
	assert_ptr_equal(t->goal_blocks->replaces[0], node(t, "output"));
	assert_ptr_equal(t->goal_blocks->replaces[1], node(t, "benefit"));
	assert_int_equal(t->goal_blocks->points, D("80"));
	assert_null(tpl("project-self-2020")->goal_blocks);

	/* bands 80/50 */
	assert_int_equal(r->n_bands, 3);
	assert_int_equal(r->bands[0].lo, 800000);
	assert_int_equal(r->bands[0].hi, 1000000);
	assert_true(r->bands[0].hi_inclusive);
	assert_int_equal(r->bands[1].lo, 500000);
	assert_int_equal(r->bands[1].hi, 800000);
	assert_int_equal(r->bands[2].lo, 0);
	assert_int_equal(r->bands[2].hi, 500000);
	/* caps: 70–80% → 89; 60–70% → 79; < 60% → 69; < 50% → 59 */
	assert_int_equal(r->n_caps, 4);
	assert_int_equal(r->caps[0].below, 800000);
	assert_int_equal(r->caps[0].max_total, D("89"));
	assert_int_equal(r->caps[1].below, 700000);
	assert_int_equal(r->caps[1].max_total, D("79"));
	assert_int_equal(r->caps[2].below, 600000);
	assert_int_equal(r->caps[2].max_total, D("69"));
	assert_int_equal(r->caps[3].below, 500000);
	assert_int_equal(r->caps[3].max_total, D("59"));
	assert_int_equal(r->over_threshold, 1300000);
}

/* ------------------------------------------------------------------------ */
/* dept-eval-2020: the whole 部门评价表 appendix */

static void test_dept_eval(void **state)
{
	const jx_template *t = tpl("dept-eval-2020");
	const jx_node *n;
	(void)state;
	/* 4 一级; 决策 3 二级 + 6 三级; 过程 2 + 5; 产出 4 slots; 效益 2 slots:
	 * 4 + 9 + 7 + 4 + 2 = 26 */
	assert_int_equal(t->n_roots, 4);
	assert_int_equal(t->n_all, 26);
	assert_int_equal(t->n_fund_sources, 4);
	assert_string_equal(t->fund_sources[0], "中央财政");
	assert_string_equal(t->fund_sources[1], "省财政");
	assert_string_equal(t->fund_sources[2], "市县财政");
	assert_string_equal(t->fund_sources[3], "其他");

	/* weights 20/20/40/20 from the report's text */
	assert_int_equal(node(t, "decision")->points, D("20"));
	assert_int_equal(node(t, "process")->points, D("20"));
	assert_int_equal(node(t, "output")->points, D("40"));
	assert_int_equal(node(t, "benefit")->points, D("20"));
	/* 决策 = 6 + 7 + 7 */
	assert_int_equal(node(t, "decision.project")->points, D("6"));
	assert_int_equal(node(t, "decision.goals")->points, D("7"));
	assert_int_equal(node(t, "decision.funding")->points, D("7"));
	assert_int_equal(children_sum(node(t, "decision")), D("20"));

	n = node(t, "decision.project.basis");
	assert_int_equal(n->points, D("3"));
	assert_int_equal(n->level, 3);
	assert_items(n, (const char *const[]){"1", "1", "0.5", "0.5"}, 4);
	assert_string_equal(n->items[0].label, "①项目立项是否符合行业发展规划和政策要求；");
	assert_string_equal(n->items[3].label, "④项目是否与相关部门同类项目或部门内部相关项目重复。");
	assert_non_null(strstr(n->criteria, "（0.5分）"));
	assert_items(node(t, "decision.project.procedure"), (const char *const[]){"1", "1", "1"}, 3);
	assert_items(node(t, "decision.goals.rationality"), (const char *const[]){"0.5", "0.5", "1", "1"}, 4);
	assert_non_null(strstr(node(t, "decision.goals.rationality")->criteria, "如未设定预算绩效目标，也可考核其他工作任务目标"));
	assert_items(node(t, "decision.goals.clarity"), (const char *const[]){"1.5", "1.5", "1"}, 3);
	assert_items(node(t, "decision.funding.budgeting"), (const char *const[]){"1", "1", "1", "1"}, 4);
	assert_items(node(t, "decision.funding.allocation"), (const char *const[]){"2", "1"}, 2);
	assert_string_equal(node(t, "decision.funding.allocation")->items[0].label, "①预算资金分配依据是否充分；");

	/* 过程 = 12 + 8; 资金管理 = 4 + 4 + 4 */
	assert_int_equal(node(t, "process.funds")->points, D("12"));
	assert_int_equal(node(t, "process.org")->points, D("8"));
	n = node(t, "process.funds.received");
	assert_int_equal(n->kind, JX_NODE_FORMULA);
	assert_int_equal(n->points, D("4"));
	assert_string_equal(n->input_a, "funds.received");
	assert_string_equal(n->input_b, "funds.planned");
	assert_int_equal(n->fscore, JX_FS_RATE);
	assert_false(n->execution);
	assert_non_null(strstr(n->criteria, "实际得分=到位率×权重。"));
	n = node(t, "process.funds.execution");
	assert_int_equal(n->points, D("4"));
	assert_string_equal(n->input_a, "funds.spent");
	assert_string_equal(n->input_b, "funds.received");
	assert_int_equal(n->fscore, JX_FS_RATE);
	assert_true(n->execution);
	assert_non_null(strstr(n->criteria, "预算执行率=（实际支出资金/实际到位资金）×100%。"));
	assert_non_null(strstr(n->criteria, "得分=预算执行率×分值"));
	assert_items(node(t, "process.funds.compliance"), (const char *const[]){"1", "1", "1", "1"}, 4);
	assert_items(node(t, "process.org.rules"), (const char *const[]){"2", "2"}, 2);
	assert_items(node(t, "process.org.effectiveness"), (const char *const[]){"1", "1", "1", "1"}, 4);

	/* 产出 4 × 10, 效益 2 × 10 */
	static const char *const slots[] = {"output.quantity", "output.quality", "output.timeliness", "output.cost",
					    "benefit.social", "benefit.satisfaction"};
	for (size_t i = 0; i < 6; i++) {
		n = node(t, slots[i]);
		assert_int_equal(n->kind, JX_NODE_SLOT);
		assert_int_equal(n->points, D("10"));
		assert_non_null(n->category);
	}
	assert_string_equal(node(t, "output.quantity")->name, "产出数量");
	assert_string_equal(node(t, "benefit.satisfaction")->name, "服务对象满意度");
}

/* ------------------------------------------------------------------------ */
/* dept-overall */

static void test_dept_overall(void **state)
{
	const jx_template *t = tpl("dept-overall");
	const jx_node *n;
	(void)state;
	/* 4 一级 + 2 + 6 + 2 + 3 = 17 */
	assert_int_equal(t->n_roots, 4);
	assert_int_equal(t->n_all, 17);
	assert_string_equal(t->fund_sources[0], "基本支出");
	assert_string_equal(t->fund_sources[1], "项目支出");
	assert_non_null(strstr(t->description, "可按本地评分表修改"));
	/* 15 + 35 + 10 + 40 = 100 */
	assert_int_equal(node(t, "budgeting")->points, D("15"));
	assert_int_equal(node(t, "execution")->points, D("35"));
	assert_int_equal(node(t, "supervision")->points, D("10"));
	assert_int_equal(node(t, "effect")->points, D("40"));
	/* 10 + 5 + 5 + 5 + 5 + 5 = 35 */
	assert_int_equal(children_sum(node(t, "execution")), D("35"));

	n = node(t, "budgeting.goals");
	assert_int_equal(n->kind, JX_NODE_MANUAL);
	assert_int_equal(n->points, D("5"));
	assert_int_equal(node(t, "budgeting.allocation")->points, D("10"));

	n = node(t, "execution.completion");
	assert_int_equal(n->kind, JX_NODE_FORMULA);
	assert_int_equal(n->points, D("10"));
	assert_int_equal(n->formula, JX_F_RATIO);
	assert_string_equal(n->input_a, "measure.年度实际支出");
	assert_string_equal(n->input_b, "measure.财政下达预算数");
	assert_int_equal(n->fscore, JX_FS_RATE);
	assert_true(n->execution);

	n = node(t, "execution.carryover");
	assert_int_equal(n->points, D("5"));
	assert_string_equal(n->input_a, "measure.结转结余");
	assert_string_equal(n->input_b, "measure.财政下达预算数");
	assert_int_equal(n->fscore, JX_FS_ZERO_IS_FULL);
	assert_false(n->execution);

	n = node(t, "execution.stock");
	assert_int_equal(n->points, D("5"));
	assert_int_equal(n->formula, JX_F_GROWTH);
	assert_string_equal(n->input_a, "measure.当年末存量资金");
	assert_string_equal(n->input_b, "measure.上年末存量资金");
	assert_int_equal(n->fscore, JX_FS_ZERO_IS_FULL);
	assert_true(n->na_full); /* 0 ÷ 0: not applicable, full points */

	n = node(t, "execution.sangong");
	assert_int_equal(n->points, D("5"));
	assert_string_equal(n->input_a, "measure.三公经费实际支出");
	assert_string_equal(n->input_b, "measure.三公经费预算数");
	assert_int_equal(n->fscore, JX_FS_AT_MOST);

	assert_int_equal(node(t, "execution.compliance")->kind, JX_NODE_MANUAL);
	assert_int_equal(node(t, "execution.projects")->kind, JX_NODE_MANUAL);
	assert_int_equal(node(t, "supervision.disclosure")->points, D("5"));
	assert_int_equal(node(t, "supervision.selfeval")->points, D("5"));
	n = node(t, "effect.tasks");
	assert_int_equal(n->kind, JX_NODE_SLOT);
	assert_int_equal(n->points, D("25"));
	assert_int_equal(node(t, "effect.impact")->points, D("10"));
	assert_int_equal(node(t, "effect.fairness")->points, D("5"));
	/* exactly one execution node per template */
	int execs = 0;
	for (size_t i = 0; i < t->n_all; i++)
		execs += t->all[i]->execution;
	assert_int_equal(execs, 1);
}

/* ------------------------------------------------------------------------ */
/* external-result */

static void test_external(void **state)
{
	const jx_template *t = tpl("external-result");
	const jx_node *n;
	(void)state;
	assert_int_equal(t->n_all, 2);
	assert_int_equal(t->n_fund_sources, 1);
	assert_string_equal(t->fund_sources[0], "财政资金");
	n = node(t, "result");
	assert_int_equal(n->kind, JX_NODE_MANUAL);
	assert_int_equal(n->points, D("100"));
	n = node(t, "execution");
	assert_int_equal(n->kind, JX_NODE_FORMULA);
	assert_int_equal(n->points, 0); /* shown, not scored */
	assert_string_equal(n->input_a, "funds.spent");
	assert_string_equal(n->input_b, "funds.received");
	assert_true(n->execution);
	assert_int_equal(t->rules.inflate_exec_below, JX_NONE);
	assert_int_equal(t->rules.inflate_total_min, JX_NONE);
	/* 80.08 (the feedback form's score) is 良: 80 ≤ 80.08 < 90 */
	assert_string_equal(jx_template_grade(t, D("80.08"))->grade, "良");
}

/* ------------------------------------------------------------------------ */
/* grades */

static void test_grade(void **state)
{
	const jx_template *t = tpl("project-self-2020");
	(void)state;
	/* 优 ≥ 90, 良 [80, 90), 中 [60, 80), 差 < 60 */
	assert_string_equal(jx_template_grade(t, D("100"))->grade, "优");
	assert_string_equal(jx_template_grade(t, D("90"))->grade, "优");
	assert_string_equal(jx_template_grade(t, D("89.99"))->grade, "良");
	assert_string_equal(jx_template_grade(t, D("80"))->grade, "良");
	assert_string_equal(jx_template_grade(t, D("79.99"))->grade, "中");
	assert_string_equal(jx_template_grade(t, D("60"))->grade, "中");
	assert_string_equal(jx_template_grade(t, D("59.99"))->grade, "差");
	assert_string_equal(jx_template_grade(t, 0)->grade, "差");
	assert_string_equal(jx_template_grade(t, D("90"))->grade_en, "Excellent");
	assert_null(jx_template_grade(t, JX_NONE));
	assert_null(jx_template_grade(NULL, D("90")));
	assert_null(jx_template_node(t, "nope"));
	assert_null(jx_template_node(t, NULL));
}

/* ------------------------------------------------------------------------ */
/* loading from memory: defaults and the README example */

#define HEAD "id: t\nname: 测试\nkind: project-self\n" /* lines 1–3 */

static void test_defaults(void **state)
{
	static const char y[] = HEAD "nodes:\n"
				     "  - key: a\n"
				     "    name: 甲\n"
				     "    kind: formula\n"
				     "    points: 100\n"
				     "    input_a: measure.实际成本\n"
				     "    input_b: funds.received\n";
	jx_err err = {{0}};
	jx_template *t = jx_template_load_mem("t.yaml", y, sizeof y - 1, &err);
	const jx_node *n;
	(void)state;
	if (!t)
		fail_msg("%s", err.msg);
	/* defaults: version 1, name_en = name, national rules, fund rows by kind */
	assert_int_equal(t->version, 1);
	assert_string_equal(t->name_en, "测试");
	assert_string_equal(t->file, "t.yaml");
	assert_int_equal(t->n_fund_sources, 3);
	assert_string_equal(t->fund_sources[0], "当年财政拨款");
	assert_int_equal(t->rules.reverse, JX_REVERSE_LINEAR);
	assert_int_equal(t->rules.not_applicable, JX_NA_RESCALE); /* the national default */
	assert_int_equal(t->rules.n_bands, 3);
	assert_int_equal(t->rules.bands[1].lo, 600000);
	assert_int_equal(t->rules.over_threshold, 1300000);
	assert_true(t->rules.over_reason_required);
	assert_int_equal(t->rules.decimals, 2);
	assert_int_equal(t->rules.n_grades, 4);
	assert_int_equal(t->rules.total_points, D("100"));
	assert_int_equal(t->rules.exec_reason_below, JX_NONE);
	assert_int_equal(t->rules.inflate_exec_below, 600000);
	n = jx_template_node(t, "a");
	assert_non_null(n);
	assert_string_equal(n->name_en, "甲");
	assert_int_equal(n->formula, JX_F_RATIO);
	assert_int_equal(n->fscore, JX_FS_RATE);
	/* labels default to the measure's name and the funds total's name */
	assert_string_equal(n->input_a_label, "实际成本");
	assert_string_equal(n->input_b_label, "实际到位资金");
	assert_null(n->help);
	jx_template_free(t);
}

static void test_rules_parsed(void **state)
{
	static const char y[] = "id: t\n"
				"name: 测试\n"
				"kind: dept-eval\n"
				"rules:\n"
				"  reverse: ratio\n"
				"  not_applicable: full\n"
				"  over_achievement: {threshold: 150%, deduction: 2, reason_required: false}\n"
				"  exec_reason_below: 90\n"
				"  decimals: 1\n"
				"  inflation: null\n"
				"nodes:\n"
				"  - key: a\n"
				"    name: 甲\n"
				"    kind: formula\n"
				"    points: 100\n"
				"    input_a: funds.spent\n"
				"    input_b: funds.budget\n"
				"    score: bands\n"
				"    bands:\n"
				"      - {min_rate: 90, share: 100}\n"
				"      - {min_rate: 62.5, share: 50}\n";
	jx_err err = {{0}};
	jx_template *t = jx_template_load_mem("t.yaml", y, sizeof y - 1, &err);
	const jx_node *n;
	(void)state;
	if (!t)
		fail_msg("%s", err.msg);
	assert_int_equal(t->rules.reverse, JX_REVERSE_RATIO);
	assert_int_equal(t->rules.not_applicable, JX_NA_FULL);
	assert_int_equal(t->rules.over_threshold, 1500000); /* 150% */
	assert_int_equal(t->rules.over_deduction, D("2"));
	assert_false(t->rules.over_reason_required);
	assert_int_equal(t->rules.exec_reason_below, 900000);
	assert_int_equal(t->rules.decimals, 1);
	assert_int_equal(t->rules.inflate_exec_below, JX_NONE);
	/* dept-eval's default fund rows */
	assert_int_equal(t->n_fund_sources, 4);
	assert_string_equal(t->fund_sources[2], "市县财政");
	n = jx_template_node(t, "a");
	assert_int_equal(n->fscore, JX_FS_BANDS);
	assert_int_equal(n->n_bands, 2);
	assert_int_equal(n->bands[0].min_rate, 900000);
	assert_int_equal(n->bands[0].fraction, 1000000);
	assert_int_equal(n->bands[1].min_rate, 625000); /* 62.5% */
	assert_int_equal(n->bands[1].fraction, 500000);
	jx_template_free(t);
}

/* The example in share/templates/README.md must load. */
static void test_readme_example(void **state)
{
	FILE *f = fopen(JX_TEMPLATES "/README.md", "rb");
	static char buf[65536];
	size_t len;
	char *start, *end;
	jx_err err = {{0}};
	jx_template *t;
	(void)state;
	assert_non_null(f);
	len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[len] = 0;
	/* the full example (the README has smaller ones for single keys) */
	start = strstr(buf, "```yaml\nid: example-province-2024");
	assert_non_null(start);
	start += 8;
	end = strstr(start, "```");
	assert_non_null(end);
	t = jx_template_load_mem("README.md", start, (size_t)(end - start), &err);
	if (!t)
		fail_msg("%s", err.msg);
	assert_string_equal(t->id, "example-province-2024");
	assert_int_equal(t->rules.reverse, JX_REVERSE_RATIO);
	assert_int_equal(t->rules.bands[1].lo, 500000);
	assert_int_equal(t->rules.over_deduction, D("2"));
	assert_int_equal(t->rules.n_caps, 1);
	assert_int_equal(t->rules.exec_reason_below, 900000);
	assert_int_equal(t->n_fund_sources, 2);
	assert_int_equal(t->n_all, 4);
	jx_template_free(t);
}

/* ------------------------------------------------------------------------ */
/* the provincial templates: Sichuan and the 一体化 manual */

static void test_sichuan(void **state)
{
	const jx_template *t = tpl("project-self-sichuan");
	const jx_rules *r = &t->rules;
	const jx_node *n = node(t, "execution");
	(void)state;
	assert_int_equal(t->n_fund_sources, 4);
	assert_string_equal(t->fund_sources[0], "财政资金");
	assert_string_equal(t->fund_sources[1], "财政专户管理资金");
	assert_string_equal(t->fund_sources[2], "单位资金");
	assert_string_equal(t->fund_sources[3], "其他资金");
	/* 预算执行 10 on the 调整后预算数 (the national A) */
	assert_int_equal(n->points, D("10"));
	assert_true(n->execution);
	assert_string_equal(n->input_a, "funds.spent");
	assert_string_equal(n->input_b, "funds.budget");
	assert_string_equal(n->input_b_label, "调整后预算数");
	/* the indicators' 90 are the unit's to spread: no fixed 一级 points */
	assert_int_equal(node(t, "output")->points, JX_NONE);
	assert_int_equal(node(t, "benefit")->points, JX_NONE);
	assert_int_equal(node(t, "satisfaction")->points, JX_NONE);
	assert_int_equal(r->exec_reason_below, 900000);
	assert_string_equal(r->exec_reason_field, "entry:execution:note");
	assert_string_equal(r->adjust_reason_field, "narr:other");
	assert_int_equal(r->n_limits, 5);
	assert_int_equal(jx_template_length_limit(t, "entry:execution:note"), 100);
	assert_int_equal(jx_template_length_limit(t, "goal:0:actual"), 100);
	assert_int_equal(jx_template_length_limit(t, "goal:12:actual"), 100);
	assert_int_equal(jx_template_length_limit(t, "goal:0:planned"), 0);
	assert_int_equal(jx_template_length_limit(t, "narr:experience"), 200);
	assert_int_equal(jx_template_length_limit(t, "narr:problems"), 200);
	assert_int_equal(jx_template_length_limit(t, "narr:suggestions"), 200);
	assert_int_equal(jx_template_length_limit(t, "narr:other"), 0);
	assert_int_equal(jx_template_length_limit(t, "narr:problems:x"), 0);
	/* the national template limits nothing, and asks the reason in 存在问题 */
	assert_int_equal(tpl("project-self-2020")->rules.n_limits, 0);
	assert_string_equal(tpl("project-self-2020")->rules.exec_reason_field, "narr:problems");
	assert_null(tpl("project-self-2020")->rules.adjust_reason_field);
}

static void test_yitihua(void **state)
{
	const jx_template *t = tpl("project-self-yitihua-2022");
	const jx_rules *r = &t->rules;
	static const int below[] = {80, 70, 60, 50}, max[] = {89, 79, 69, 59};
	(void)state;
	/* the national weights 10 / 50 / 30 / 10 */
	assert_int_equal(node(t, "execution")->points, D("10"));
	assert_int_equal(node(t, "output")->points, D("50"));
	assert_int_equal(node(t, "benefit")->points, D("30"));
	assert_int_equal(node(t, "satisfaction")->points, D("10"));
	/* 指标偏离: ≥ 130% loses 2 points and needs its reason */
	assert_int_equal(r->over_threshold, 1300000);
	assert_int_equal(r->over_deduction, D("2"));
	assert_true(r->over_reason_required);
	/* every cap strict (rate < x): 70–80% → 89 … < 50% → 59 */
	assert_int_equal(r->n_caps, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(r->caps[i].below, below[i] * 10000);
		assert_int_equal(r->caps[i].max_total, JX_INT(max[i]));
		assert_false(r->caps[i].inclusive);
	}
}

#define ONE_NODE "nodes:\n  - key: execution\n    name: 甲\n    kind: manual\n    points: 100\n"

/* A cap's edge is written as an inequality: below (<) or at_or_below (≤). */
static void test_cap_edges(void **state)
{
	static const char y[] = HEAD "rules:\n"
				     "  execution_caps:\n"
				     "    - {below: 80, max_total: 89}\n"
				     "    - {at_or_below: 70, max_total: 79}\n" ONE_NODE;
	jx_err err = {{0}};
	jx_template *t = jx_template_load_mem("t.yaml", y, sizeof y - 1, &err);
	jx_exec_cap strict = {700000, JX_INT(79), 0}, incl = {700000, JX_INT(79), 1};
	(void)state;
	if (!t)
		fail_msg("%s", err.msg);
	assert_int_equal(t->rules.n_caps, 2);
	assert_false(t->rules.caps[0].inclusive);
	assert_true(t->rules.caps[1].inclusive);
	assert_int_equal(t->rules.caps[1].below, 700000);
	jx_template_free(t);
	/* rate below, at, above the edge 70% */
	assert_true(jx_exec_cap_applies(&strict, -1));
	assert_false(jx_exec_cap_applies(&strict, 0));
	assert_false(jx_exec_cap_applies(&strict, 1));
	assert_true(jx_exec_cap_applies(&incl, -1));
	assert_true(jx_exec_cap_applies(&incl, 0));
	assert_false(jx_exec_cap_applies(&incl, 1));
	/* both words, or neither: the mapping at line 6, column 7 */
	EXPECT_ERROR(HEAD "rules:\n"
			  "  execution_caps:\n"
			  "    - {below: 80, at_or_below: 80, max_total: 89}\n" ONE_NODE,
		     "t.yaml:6:7: ", "below（低于）或 at_or_below（不高于）之一");
	EXPECT_ERROR(HEAD "rules:\n"
			  "  execution_caps:\n"
			  "    - {max_total: 89}\n" ONE_NODE,
		     "t.yaml:6:7: ", "below（低于）或 at_or_below（不高于）之一");
	/* the same edge twice is out of order, whatever its inequality */
	EXPECT_ERROR(HEAD "rules:\n"
			  "  execution_caps:\n"
			  "    - {at_or_below: 70, max_total: 89}\n"
			  "    - {below: 70, max_total: 79}\n" ONE_NODE,
		     "t.yaml:7:7: ", "从高到低");
}

/* Length limits and the fields reasons go to: text fields only, "*" for a
 * whole row segment, a note only of a node the template has. */
static void test_length_rules(void **state)
{
	static const char y[] = HEAD "rules:\n"
				     "  exec_reason_field: \"entry:execution:note\"\n"
				     "  adjust_reason_field: null\n"
				     "  length_limits:\n"
				     "    - {field: \"narr:problems\", max: 200}\n"
				     "    - {field: \"ind:*:deviation_reason\", max: 50}\n" ONE_NODE;
	jx_err err = {{0}};
	jx_template *t = jx_template_load_mem("t.yaml", y, sizeof y - 1, &err);
	(void)state;
	if (!t)
		fail_msg("%s", err.msg);
	assert_string_equal(t->rules.exec_reason_field, "entry:execution:note");
	assert_null(t->rules.adjust_reason_field);
	assert_int_equal(jx_template_length_limit(t, "ind:i7:deviation_reason"), 50);
	assert_int_equal(jx_template_length_limit(t, "ind:i7:name"), 0);
	/* "存在问题：无。" 7 characters; a line break and the blanks around the
	 * text do not count, a blank inside does: 7 + 3 ("第 2") = 10 */
	assert_int_equal(jx_text_chars("  存在问题：无。\n第 2  "), 10);
	assert_int_equal(jx_text_chars(""), 0);
	assert_int_equal(jx_text_chars(NULL), 0);
	/* 201 characters against 200: refused with the label and both counts */
	{
		char text[1024] = "";
		for (int i = 0; i < 201; i++)
			strcat(text, i % 2 ? "问" : "a"); /* ends with "a" */
		assert_int_equal(jx_template_check_length(t, "narr:problems", "存在的问题及原因分析", text, &err), -1);
		assert_string_equal(err.msg, "存在的问题及原因分析最多 200 字（模板“t”的规定），现有 201 字");
		text[strlen(text) - 1] = 0; /* 200: accepted */
		assert_int_equal(jx_template_check_length(t, "narr:problems", "存在的问题及原因分析", text, &err), 0);
		assert_int_equal(jx_template_check_length(t, "narr:experience", "", text, &err), 0);
	}
	jx_template_free(t);

	/* line 6 "    - {field: ..." → the value at column 15 */
	EXPECT_ERROR(HEAD "rules:\n  length_limits:\n    - {field: \"narr:nothing\", max: 10}\n" ONE_NODE,
		     "t.yaml:6:15: ", "不是表中的字段");
	EXPECT_ERROR(HEAD "rules:\n  length_limits:\n    - {field: \"ind:*:points\", max: 10}\n" ONE_NODE,
		     "t.yaml:6:15: ", "不是文字字段");
	EXPECT_ERROR(HEAD "rules:\n  length_limits:\n    - {field: \"goal:1*:actual\", max: 10}\n" ONE_NODE,
		     "t.yaml:6:15: ", "不是表中的字段");
	EXPECT_ERROR(HEAD "rules:\n  length_limits:\n    - {field: \"entry:nosuch:note\", max: 10}\n" ONE_NODE,
		     "t.yaml:6:15: ", "模板中没有节点“nosuch”");
	/* "max: 0" → the value at column 34 */
	EXPECT_ERROR(HEAD "rules:\n  length_limits:\n    - {field: \"narr:other\", max: 0}\n" ONE_NODE, "t.yaml:6:34: ",
		     "不是 1 到 100000 之间的整数");
	EXPECT_ERROR(HEAD "rules:\n  length_limits:\n    - {field: \"narr:other\", max: 9}\n"
			  "    - {field: \"narr:other\", max: 8}\n" ONE_NODE,
		     "t.yaml:7:15: ", "字数限制重复");
	/* line 5 "  not_applicable: drop" → the value at column 19 */
	EXPECT_ERROR(HEAD "rules:\n  not_applicable: drop\n" ONE_NODE, "t.yaml:5:19: ", "未知的不适用指标规则“drop”");
	/* a reason goes to one field, never "any row" */
	EXPECT_ERROR(HEAD "rules:\n  adjust_reason_field: \"goal:*:actual\"\n" ONE_NODE, "t.yaml:5:24: ",
		     "不是表中的字段");
}

/* ------------------------------------------------------------------------ */
/* loader errors: exact file:line:column and a key phrase */

static void test_err_unknown_field(void **state)
{
	(void)state;
	/* "colour" is the key at line 3, column 1 */
	EXPECT_ERROR("id: t\nname: 测试\ncolour: red\nkind: project-self\n", "t.yaml:3:1: ", "未知字段“colour”");
	/* a field that exists but does not apply: items on a formula node,
	 * line 9 "    items: []" → column 5 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: formula\n"
			  "    points: 100\n"
			  "    items: []\n"
			  "    input_a: funds.spent\n"
			  "    input_b: funds.budget\n",
		     "t.yaml:9:5: ", "不适用于 formula");
}

static void test_err_english(void **state)
{
	(void)state;
	jx_lang = JX_LANG_EN;
	EXPECT_ERROR("id: t\nname: 测试\ncolour: red\n", "t.yaml:3:1: ", "unknown field \"colour\"");
	jx_lang = JX_LANG_ZH;
}

static void test_err_duplicate_yaml_key(void **state)
{
	(void)state;
	/* second "id" at line 2, column 1 */
	EXPECT_ERROR("id: t\nid: u\n", "t.yaml:2:1: ", "键“id”重复（第一次出现在第 1 行）");
}

static void test_err_alias(void **state)
{
	(void)state;
	/* "name: *x": the alias starts at column 7 */
	EXPECT_ERROR("id: &x t\nname: *x\n", "t.yaml:2:7: ", "不接受 YAML 别名");
}

static void test_err_bad_number(void **state)
{
	(void)state;
	/* line 8 "    points: 1,2": 4 spaces + "points: " → the value at column 13 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: manual\n"
			  "    points: 1,2\n",
		     "t.yaml:8:13: ", "有歧义");
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: manual\n"
			  "    points: -5\n",
		     "t.yaml:8:13: ", "不能为负数");
	/* a percent with 5 decimals: line 5 "  exec_reason_below: 12.00001" → column 22 */
	EXPECT_ERROR(HEAD "rules:\n"
			  "  exec_reason_below: 12.00001\n",
		     "t.yaml:5:22: ", "最多 4 位");
}

static void test_err_missing_id(void **state)
{
	(void)state;
	/* reported at the top-level mapping, line 1, column 1 */
	EXPECT_ERROR("name: 测试\nkind: project-self\nnodes: []\n", "t.yaml:1:1: ", "缺少必填字段“id”");
	/* a node without name: at the node's mapping, line 5 "  - key: a" → column 5 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    kind: manual\n"
			  "    points: 100\n",
		     "t.yaml:5:5: ", "缺少必填字段“name”");
}

static void test_err_unknown_kind(void **state)
{
	(void)state;
	/* "kind: province" → value at line 3, column 7 */
	EXPECT_ERROR("id: t\nname: 测试\nkind: province\n", "t.yaml:3:7: ", "未知的模板类型“province”");
	/* node kind: line 7 "    kind: widget" → column 11 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: widget\n",
		     "t.yaml:7:11: ", "未知的节点类型“widget”");
}

static void test_err_wrong_type(void **state)
{
	(void)state;
	/* "nodes: abc" → the value at line 4, column 8 */
	EXPECT_ERROR(HEAD "nodes: abc\n", "t.yaml:4:8: ", "nodes 应为列表");
}

static void test_err_duplicate_node_key(void **state)
{
	(void)state;
	/* the second "a" at line 9: "  - key: a" → column 10 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: manual\n"
			  "    points: 50\n"
			  "  - key: a\n"
			  "    name: 乙\n"
			  "    kind: manual\n"
			  "    points: 50\n",
		     "t.yaml:9:10: ", "节点键“a”重复（第一次出现在第 5 行）");
}

static void test_err_child_key_prefix(void **state)
{
	(void)state;
	/* line 9 "      - key: b.x" → value at column 14 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: group\n"
			  "    children:\n"
			  "      - key: b.x\n"
			  "        name: 乙\n"
			  "        kind: manual\n"
			  "        points: 100\n",
		     "t.yaml:9:14: ", "应以上级节点的键“a.”开头");
}

static void test_err_checklist_sum(void **state)
{
	(void)state;
	/* 60 + 30 = 90 ≠ 100; reported at "items" (line 9, column 5) */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: checklist\n"
			  "    points: 100\n"
			  "    items:\n"
			  "      - {label: ①, points: 60}\n"
			  "      - {label: ②, points: 30}\n",
		     "t.yaml:9:5: ", "评价要点分值之和 90 与节点“a”的分值 100 不符");
}

static void test_err_group_points(void **state)
{
	(void)state;
	/* children 60 + 30 = 90 ≠ 100; at the group's points value, line 8 column 13 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: group\n"
			  "    points: 100\n"
			  "    children:\n"
			  "      - {key: a.x, name: 乙, kind: manual, points: 60}\n"
			  "      - {key: a.y, name: 丙, kind: manual, points: 30}\n",
		     "t.yaml:8:13: ", "分值 100 与其下级节点分值之和 90 不符");
	/* 一级 60 ≠ total 100: at the nodes list, whose first "-" is line 5 column 3 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: manual\n"
			  "    points: 60\n",
		     "t.yaml:5:3: ", "一级指标分值之和 60 与总分 100 不符");
}

static void test_err_formula_input(void **state)
{
	(void)state;
	/* line 9 "    input_a: funds.total" → value at column 14 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: formula\n"
			  "    points: 100\n"
			  "    input_a: funds.total\n"
			  "    input_b: funds.budget\n",
		     "t.yaml:9:14: ", "公式输入“funds.total”无效");
	/* "measure." without a name; line 10 → column 14 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"
			  "    name: 甲\n"
			  "    kind: formula\n"
			  "    points: 100\n"
			  "    input_a: funds.spent\n"
			  "    input_b: measure.\n",
		     "t.yaml:10:14: ", "公式输入“measure.”无效");
}

static void test_err_bands(void **state)
{
	(void)state;
	/* 高 [70, 100] overlaps 中 [50, 80): reported at 高's "{", line 6 column 7 */
	EXPECT_ERROR(HEAD "rules:\n"
			  "  qualitative_bands:\n"
			  "    - {name: 高, lo: 70, hi: 100, hi_inclusive: true}\n"
			  "    - {name: 中, lo: 50, hi: 80}\n"
			  "    - {name: 低, lo: 0, hi: 50}\n",
		     "t.yaml:6:7: ", "定性档次“高”与“中”重叠");
	/* 中 [60, 75) and 高 [80, 100] leave 75–80 uncovered */
	EXPECT_ERROR(HEAD "rules:\n"
			  "  qualitative_bands:\n"
			  "    - {name: 高, lo: 80, hi: 100, hi_inclusive: true}\n"
			  "    - {name: 中, lo: 60, hi: 75}\n"
			  "    - {name: 低, lo: 0, hi: 60}\n",
		     "t.yaml:6:7: ", "之间有空档（75% 到 80%）");
	/* a shared edge in both bands: 中 [60, 80] and 高 [80, 100] */
	EXPECT_ERROR(HEAD "rules:\n"
			  "  qualitative_bands:\n"
			  "    - {name: 高, lo: 80, hi: 100, hi_inclusive: true}\n"
			  "    - {name: 中, lo: 60, hi: 80, hi_inclusive: true}\n"
			  "    - {name: 低, lo: 0, hi: 60}\n",
		     "t.yaml:6:7: ", "定性档次“高”与“中”重叠");
}

static void test_err_grades_order(void **state)
{
	(void)state;
	/* line 7 "    - {grade: 良, min: 95}": columns count characters, 良 is one → 95 at column 23 */
	EXPECT_ERROR(HEAD "rules:\n"
			  "  grades:\n"
			  "    - {grade: 优, min: 90}\n"
			  "    - {grade: 良, min: 95}\n"
			  "    - {grade: 差, min: 0}\n",
		     "t.yaml:7:23: ", "从高到低");
}

static void test_err_two_execution_nodes(void **state)
{
	(void)state;
	/* second "execution: true" value at line 19, column 16 */
	EXPECT_ERROR(HEAD "nodes:\n"
			  "  - key: a\n"                  /* 5 */
			  "    name: 甲\n"
			  "    kind: formula\n"
			  "    points: 50\n"
			  "    input_a: funds.spent\n"
			  "    input_b: funds.budget\n"   /* 10 */
			  "    execution: true\n"
			  "  - key: b\n"
			  "    name: 乙\n"
			  "    kind: formula\n"
			  "    points: 50\n"              /* 15 */
			  "    input_a: funds.spent\n"
			  "    input_b: funds.received\n"
			  "    score: rate\n"
			  "    execution: true\n",        /* 19 */
		     "t.yaml:19:16: ", "只能有一个预算执行率节点");
}

static void test_err_non_utf8(void **state)
{
	(void)state;
	/* the 0xFF byte follows "name: " on line 2: column 7 */
	EXPECT_ERROR("id: t\nname: \xff\n", "t.yaml:2:7: ", "UTF-8");
}

static void test_err_too_deep(void **state)
{
	char y[256];
	size_t n = 0;
	(void)state;
	/* "x: [[[…]]]": the root mapping is level 1, the k-th "[" level k + 1 at
	 * column 3 + k; the limit is 64 levels, so the 64th "[" (column 67) is refused */
	n += (size_t)snprintf(y + n, sizeof y - n, "x: ");
	for (int i = 0; i < 70; i++)
		y[n++] = '[';
	for (int i = 0; i < 70; i++)
		y[n++] = ']';
	y[n++] = '\n';
	y[n] = 0;
	expect_error(y, n, "t.yaml:1:67: ", "嵌套层数过深");
}

static void test_err_empty(void **state)
{
	(void)state;
	EXPECT_ERROR("", "t.yaml:1:1: ", "文件为空");
	EXPECT_ERROR("# only a comment\n", "t.yaml:1:1: ", "文件为空");
	/* a template that is a list, not a mapping */
	EXPECT_ERROR("- a\n", "t.yaml:1:1: ", "应为映射");
}

static void test_err_file(void **state)
{
	jx_err err = {{0}};
	(void)state;
	assert_null(jx_template_load_file("/nonexistent/x.yaml", &err));
	/* said in words, without a line and column to point at */
	assert_string_equal(err.msg, "无法打开文件 /nonexistent/x.yaml：找不到该文件");
}

/* ------------------------------------------------------------------------ */
/* a template directory that overrides a built-in one */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

#define SMALL(id, ver) "id: " id "\nversion: " #ver "\nname: 省表\nkind: project-self\n"                        \
		       "nodes:\n  - {key: a, name: 甲, kind: manual, points: 100}\n"

static void test_load_dir(void **state)
{
	char dir[] = "/tmp/jx-templates-XXXXXX";
	jx_templates set = {NULL, 0};
	jx_err err = {{0}};
	const jx_template *t;
	char expect[600];
	(void)state;
	assert_non_null(mkdtemp(dir));
	/* b-override replaces the built-in national template; c-mine and d-mine
	 * share an id, the later name wins; notes.txt and .hidden.yaml are skipped */
	write_file(dir, "b-override.yaml", SMALL("project-self-2020", 2));
	write_file(dir, "d-mine.yaml", SMALL("my-province", 4));
	write_file(dir, "c-mine.yaml", SMALL("my-province", 3));
	write_file(dir, "notes.txt", "not a template");
	write_file(dir, ".hidden.yaml", "garbage: [");

	assert_int_equal(jx_templates_load_builtin(&set, &err), 0);
	assert_int_equal(set.n, 9);
	assert_int_equal(jx_templates_load_dir(&set, dir, &err), 0);
	/* 9 built-in + my-province; project-self-2020 replaced in place */
	assert_int_equal(set.n, 10);
	t = jx_templates_find(&set, "project-self-2020");
	assert_non_null(t);
	assert_int_equal(t->version, 2);
	assert_int_equal(t->n_all, 1);
	snprintf(expect, sizeof expect, "%s/b-override.yaml", dir);
	assert_string_equal(t->file, expect);
	t = jx_templates_find(&set, "my-province");
	assert_non_null(t);
	assert_int_equal(t->version, 4);
	assert_non_null(jx_templates_find(&set, "dept-eval-2020"));

	/* a bad file: nothing of the directory is taken, the message names it */
	write_file(dir, "a-bad.yaml", "id: x\nname: 坏\nkind: nope\n");
	assert_int_equal(jx_templates_load_dir(&set, dir, &err), -1);
	snprintf(expect, sizeof expect, "%s/a-bad.yaml:3:7: ", dir);
	assert_true(strncmp(err.msg, expect, strlen(expect)) == 0);
	assert_int_equal(set.n, 10);
	assert_int_equal(jx_templates_find(&set, "project-self-2020")->version, 2);

	remove_file(dir, "a-bad.yaml");
	remove_file(dir, "b-override.yaml");
	remove_file(dir, "c-mine.yaml");
	remove_file(dir, "d-mine.yaml");
	remove_file(dir, "notes.txt");
	remove_file(dir, ".hidden.yaml");
	assert_int_equal(rmdir(dir), 0);

	/* a directory that does not exist */
	assert_int_equal(jx_templates_load_dir(&set, dir, &err), -1);
	assert_non_null(strstr(err.msg, "无法打开模板目录"));
	assert_int_equal(set.n, 10);
	jx_templates_free(&set);
	assert_int_equal(set.n, 0);
	assert_null(set.v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_set),
		cmocka_unit_test(test_builtin_structure),
		cmocka_unit_test(test_national),
		cmocka_unit_test(test_hubei),
		cmocka_unit_test(test_dept_eval),
		cmocka_unit_test(test_dept_overall),
		cmocka_unit_test(test_external),
		cmocka_unit_test(test_grade),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_rules_parsed),
		cmocka_unit_test(test_readme_example),
		cmocka_unit_test(test_err_unknown_field),
		cmocka_unit_test(test_err_english),
		cmocka_unit_test(test_err_duplicate_yaml_key),
		cmocka_unit_test(test_err_alias),
		cmocka_unit_test(test_err_bad_number),
		cmocka_unit_test(test_err_missing_id),
		cmocka_unit_test(test_err_unknown_kind),
		cmocka_unit_test(test_err_wrong_type),
		cmocka_unit_test(test_err_duplicate_node_key),
		cmocka_unit_test(test_err_child_key_prefix),
		cmocka_unit_test(test_err_checklist_sum),
		cmocka_unit_test(test_err_group_points),
		cmocka_unit_test(test_err_formula_input),
		cmocka_unit_test(test_err_bands),
		cmocka_unit_test(test_err_grades_order),
		cmocka_unit_test(test_err_two_execution_nodes),
		cmocka_unit_test(test_cap_edges),
		cmocka_unit_test(test_length_rules),
		cmocka_unit_test(test_err_non_utf8),
		cmocka_unit_test(test_err_too_deep),
		cmocka_unit_test(test_err_empty),
		cmocka_unit_test(test_err_file),
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_sichuan),
		cmocka_unit_test(test_yitihua),
	};
	return cmocka_run_group_tests(tests, setup_builtin, teardown_builtin);
}
