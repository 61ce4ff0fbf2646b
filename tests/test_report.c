/* Report drafts: the outlines (share/reports/) load and serve every kind of
 * template; a broken outline is refused with its line and column; the
 * drafts of the samples follow their outline, carry the samples' figures,
 * mark what is still to write, and keep the checks' findings out of the
 * body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "export.h"
#include "report_outline.h"
#include "sheetio.h"
#include "template.h"
#include "xform.h"

typedef struct {
	jx_templates set;
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	jx_err err = {{0}};
	if (!fx || jx_templates_load_builtin(&fx->set, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	jx_templates_free(&fx->set);
	free(fx);
	return 0;
}

/* The draft of one sample (Markdown, or HTML when html), and its sheet
 * scored and checked in *x (free with jx_xsheet_free). */
__attribute__((noinline)) static char *draft(fixture *fx, const char *sample, int html, jx_xsheet *x)
{
	char path[256], *out = NULL;
	size_t len = 0, n = 0;
	jx_sheet **sheets = NULL;
	jx_err err = {{0}};
	FILE *f = open_memstream(&out, &len);
	snprintf(path, sizeof path, "%s/%s", JX_SAMPLES, sample);
	assert_non_null(f);
	assert_int_equal(jx_sheets_read(path, &fx->set, &sheets, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(jx_export_report_write(f, &fx->set, sheets, n, html, &err), 0);
	assert_int_equal(fclose(f), 0);
	memset(x, 0, sizeof *x);
	assert_int_equal(jx_xsheet_score(x, &fx->set, sheets[0], NULL, &err), 0);
	/* the sheet itself is needed no longer: keep the findings only */
	x->sheet = NULL;
	jx_sheets_free(sheets, n);
	return out;
}

/* Each string found, in this order. */
static void in_order(const char *doc, const char *const *v, size_t n)
{
	const char *at = doc;
	for (size_t i = 0; i < n; i++) {
		const char *p = strstr(at, v[i]);
		if (!p)
			fail_msg("not found after the previous one: %s", v[i]);
		at = p + strlen(v[i]);
	}
}

/* No finding's message before the appendix 审核提示, each one after it. */
static void findings_in_appendix(const char *doc, const jx_xsheet *x)
{
	const char *app = strstr(doc, "审核提示（供填写人核对，提交前删除）");
	assert_non_null(app);
	assert_true(x->findings.n > 0);
	for (size_t i = 0; i < x->findings.n; i++) {
		const char *msg = x->findings.v[i].msg, *p = strstr(doc, msg);
		if (!p || p < app)
			fail_msg("finding %s %s before the appendix", x->findings.v[i].code, msg);
	}
}

/* No HTML entity (&amp; &#39; …) and no HTML tag in a Markdown draft. */
static void plain_markdown(const char *doc)
{
	for (const char *p = strchr(doc, '&'); p; p = strchr(p + 1, '&')) {
		size_t k = 1;
		while (p[k] && (p[k] == '#' || (p[k] >= 'a' && p[k] <= 'z') || (p[k] >= '0' && p[k] <= '9')))
			k++;
		if (k > 1 && p[k] == ';')
			fail_msg("an HTML entity in Markdown: %.12s", p);
	}
	assert_null(strstr(doc, "<br>"));
	assert_null(strstr(doc, "<mark"));
}

/* The draft of a sample: its outline's strings in order, the findings in
 * the appendix only, plain Markdown; returned for more checks (free it). */
static char *checked_draft(fixture *fx, const char *sample, int html, const char *const *outline, size_t n)
{
	jx_xsheet x;
	char *doc = draft(fx, sample, html, &x);
	in_order(doc, outline, n);
	findings_in_appendix(doc, &x);
	if (!html)
		plain_markdown(doc);
	jx_xsheet_free(&x);
	return doc;
}

static void test_outlines_serve_every_kind(void **state)
{
	jx_outlines o = {0};
	jx_err err = {{0}};
	(void)state;
	assert_int_equal(jx_outlines_load(&o, &err), 0);
	assert_true(o.n >= 2);
	for (int k = 0; jx_template_kind_words[k]; k++) {
		const yd_node *a = jx_outline_for(&o, jx_template_kind_words[k]);
		if (k == JX_KIND_PROJECT_DECLARATION || k == JX_KIND_PROJECT_MONITORING) {
			/* targets before the year, a snapshot half-way: no
			 * evaluation report (the export says so) */
			assert_null(a);
			continue;
		}
		assert_non_null(a);
		/* one outline per kind: no other lists it too */
		for (size_t i = 0; i < o.n; i++) {
			const yd_node *kinds = yd_get(o.docs[i].root, "kinds");
			if (o.docs[i].root == a)
				continue;
			for (size_t j = 0; j < kinds->n; j++)
				assert_string_not_equal(kinds->items[j]->str, jx_template_kind_words[k]);
		}
	}
	assert_string_equal(yd_get(jx_outline_for(&o, "dept-eval"), "id")->str, "dept-eval");
	assert_string_equal(yd_get(jx_outline_for(&o, "external"), "id")->str, "dept-eval");
	assert_string_equal(yd_get(jx_outline_for(&o, "project-self"), "id")->str, "self-eval");
	assert_string_equal(yd_get(jx_outline_for(&o, "dept-overall"), "id")->str, "dept-overall");
	jx_outlines_free(&o);
}

static void refused(const char *yaml, const char *msg)
{
	yd_doc doc = {0};
	jx_err err = {{0}};
	if (jx_outline_load_mem(&doc, "o.yaml", yaml, strlen(yaml), &err) == 0) {
		yd_free(&doc);
		fail_msg("accepted: %s", yaml);
	}
	if (!strstr(err.msg, msg) || strncmp(err.msg, "o.yaml:", 7) != 0)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg);
}

static void test_outline_refused(void **state)
{
	static const char head[] = "id: x\nname: x\nkinds: [dept-eval]\ntitle: \"{name}\"\nsections:\n  - heading: 一\n";
	char buf[512];
	(void)state;
	snprintf(buf, sizeof buf, "%s    parts: [{block: nosuch}]\n", head);
	refused(buf, "未知的内容块：nosuch");
	snprintf(buf, sizeof buf, "%s    parts: [{text: \"{nosuch}年\"}]\n", head);
	refused(buf, "不是已知的数字：{nosuch}");
	snprintf(buf, sizeof buf, "%s    parts: [{field: info.nosuch}]\n", head);
	refused(buf, "未知的字段：info.nosuch");
	snprintf(buf, sizeof buf, "%s    parts: [{block: funds, text: x}]\n", head);
	refused(buf, "段落须恰有");
	snprintf(buf, sizeof buf, "%s    parts: [{ask: x, label: y}]\n", head);
	refused(buf, "label 只用于 field");
	snprintf(buf, sizeof buf, "%s    colour: red\n", head);
	refused(buf, "colour");
	refused("id: x\nname: x\nkinds: [nosuch]\ntitle: t\nsections: []\n", "未知的模板类型：nosuch");
}

/* Jiangmen, a project self-evaluation: the outline of seed 002. */
static void test_self_evaluation_draft(void **state)
{
	static const char *const outline[] = {
		"# 工业发展管理经费绩效自评报告（草稿）",
		/* r25's reason and the execution rate's (24.85% lost 7.52 points) */
		"待填写（3 处，文中以【请填写：…】标出）",
		"- （一）预算执行率（指标分值 10 分，评价得分 2.48 分）：预算执行率的失分原因及改进措施",
		"- （二）产出指标（指标分值 50 分，评价得分 49.84 分）：评审项目总数量的失分原因及改进措施",
		"- 六、项目自评结论及得分：其他需要说明的问题（没有则写“无”）",
		"## 一、项目概况",
		"### （一）设立背景",
		"### （二）立项依据",
		"### （三）预算安排及使用情况",
		/* 480.82 ÷ 1935 = 0.248485… → 24.85%; received 1935 ÷ 1935 = 100% */
		"全年预算数 1935.00 万元，实际到位 1935.00 万元，全年执行数 480.82 万元，预算执行率 24.85%，资金到位率 100.00%。",
		"项目下设 10 个二级项目",
		"| 合计 |  | 1935.00 | 480.82 |",
		"## 二、项目组织实施情况",
		"2022年预算安排1935.00万元，实际支出480.82万元，预算执行率24.85%。",
		"## 三、项目绩效情况",
		/* 10 × 0.248485… = 2.4848… → 2.48 */
		"### （一）预算执行率（指标分值 10 分，评价得分 2.48 分）",
		/* r25: 5 ÷ 6 × 0.94 = 0.7833… → 0.78; 产出 50 − (0.94 − 0.78) = 49.84 */
		"### （二）产出指标（指标分值 50 分，评价得分 49.84 分）",
		/* 49 数量 + 2 质量 + 2 时效 leaves; only r25 lost points */
		"产出指标共设置 53 项指标，其中 52 项得满分，1 项失分。",
		"- 评审项目总数量（分值 0.94，得分 0.78）：年度指标值 6，实际完成值 评审项目总数量 5 个。原因：【请填写：评审项目总数量的失分原因及改进措施】",
		"### （三）效益指标（指标分值 30 分，评价得分 30.00 分）",
		"### （四）满意度指标（指标分值 10 分，评价得分 10.00 分）",
		"## 四、项目主要做法和经验",
		"## 五、存在问题及建议",
		"### （一）存在问题",
		"财政资金困难，预算执行率较低",
		"### （二）改进措施或有关建议",
		"加强预算执行监管力度",
		"## 六、项目自评结论及得分",
		"| 产出指标 | 50 | 49.84 | 99.68% |",
		/* 2.48 + 49.84 + 30 + 10 = 92.32 (优 once complete); 1 + 11 deviation reasons unwritten */
		"| 合计 | 100 | 92.32 | 92.32% |",
		"评价等级：未完成（12 项未填），待填齐后评定；按已填内容计算，综合得分 92.32 分。",
		"其他需要说明的问题：【请填写：其他需要说明的问题（没有则写“无”）】",
		"## 附件：项目支出绩效自评表",
		"| 评价等级 |  |  |  | 未完成（12 项未填） |",
		"## 附：审核提示（供填写人核对，提交前删除）",
		/* the sheet states 98.93 */
		"原表填报总分 98.93 分，与按评分规则计算的 92.32 分不一致。",
	};
	char *doc = checked_draft(*state, "jiangmen-2022-project-self.yaml", 0, outline, sizeof outline / sizeof *outline);
	assert_true(strstr(doc, "原表填报总分") > strstr(doc, "审核提示"));
	assert_null(strstr(doc, "（未填写）"));
	free(doc);
}

/* Xinfeng, a department evaluation: the outline of seed 001, in HTML. */
static void test_department_evaluation_draft(void **state)
{
	static const char *const outline[] = {
		"<h1>2024年工业倍增升级工作经费部门评价报告（草稿）</h1>",
		"<div class=\"todo-list\">",
		"<li>（一）绩效评价目的、对象和范围：绩效评价目的</li>",
		"<h2>一、基本情况</h2>",
		"<h3>（一）项目概况</h3>",
		/* 57 ÷ 57 = 100% */
		"全年预算数 57.00 万元，实际到位 57.00 万元，全年执行数 57.00 万元，预算执行率 100.00%",
		"<h3>（二）项目绩效目标</h3>",
		"<h2>二、绩效评价工作开展情况</h2>",
		"<h3>（一）绩效评价目的、对象和范围</h3>",
		"<mark class=\"todo\">【请填写：绩效评价目的】</mark>",
		"评价对象和范围：2024年工业倍增升级工作经费2024年度的资金投入、使用和管理，及其产出和效益。",
		"<h3>（二）绩效评价原则、评价指标体系、评价方法、评价标准</h3>",
		"评价指标体系采用《项目支出部门评价表》，设一级指标 4 个",
		"<h3>（三）绩效评价工作过程</h3>",
		"<h2>三、综合评价情况及评价结论</h2>",
		/* 项目效益: 提升就业率 8 of 10 + 企业满意度 10 = 18 of 20 → 90% */
		"<td>项目效益</td><td class=\"n\">20</td><td class=\"n\">18.00</td><td class=\"n\">90.00%</td>",
		/* 20 + 20 + 40 + 18 = 98 ≥ 90: 优 */
		"经评价，该项目综合得分 98.00 分，评价等级为“优”。",
		"<h2>四、绩效评价指标分析</h2>",
		"<h3>（一）项目决策（指标分值 20 分，评价得分 20.00 分）</h3>",
		"<h3>（四）项目效益（指标分值 20 分，评价得分 18.00 分）</h3>",
		"提升就业率（分值 10，得分 8.00）",
		"<h2>五、主要经验及做法、存在的问题及原因分析</h2>",
		"<h3>（一）主要经验及做法</h3>",
		"<h3>（二）存在的问题及原因分析</h3>",
		"<h2>六、有关建议</h2>",
		"<h2>七、其他需要说明的问题</h2>",
		"<h2>附件：2024年工业倍增升级工作经费项目支出部门评价表</h2>",
		"<h2>附：审核提示（供填写人核对，提交前删除）</h2>",
	};
	char *doc = checked_draft(*state, "xinfeng-2024-dept-eval.yaml", 1, outline, sizeof outline / sizeof *outline);
	/* the list at the top comes before the body */
	assert_true(strstr(doc, "todo-list") < strstr(doc, "<h2>"));
	free(doc);
}

/* The third-party result (external) takes the department outline. */
static void test_external_draft(void **state)
{
	static const char *const outline[] = {
		"## 一、基本情况", "## 二、绩效评价工作开展情况", "## 三、综合评价情况及评价结论",
		/* 1659 ÷ 1717 = 0.966220… → 96.62% */
		"96.62%", "## 七、其他需要说明的问题", "## 附：审核提示",
	};
	free(checked_draft(*state, "jingdezhen-2023-external.yaml", 0, outline, sizeof outline / sizeof *outline));
}

/* Zhanjiang, a whole-department self-evaluation: the outline of seed 003. */
static void test_whole_department_draft(void **state)
{
	static const char *const outline[] = {
		"# 湛江市工业和信息化局本级2023年度部门整体支出绩效自评报告（草稿）",
		"## 一、单位基本情况",
		"### （四）部门整体支出情况",
		/* 支出完成率 = spent ÷ received = 100%; received 4804.49 of 16147.28: 0.29754… → 29.75% */
		"全年预算数 16147.28 万元，实际到位 4804.49 万元，全年执行数 4804.49 万元，支出完成率 100.00%，资金到位率 29.75%。",
		"## 二、自评工作开展情况",
		"【请填写：自评工作小组的组成和分工】",
		"## 三、绩效自评情况",
		"### （一）自评结果",
		"### （二）部门整体支出绩效指标分析",
		"#### 1. 预算编制（指标分值 15 分，评价得分 15.00 分）",
		"### （三）部门整体支出绩效管理存在问题",
		"## 四、其他自评情况",
		"## 附件：部门整体支出绩效自评表",
		"## 附：审核提示",
	};
	free(checked_draft(*state, "zhanjiang-2023-dept-overall.yaml", 0, outline, sizeof outline / sizeof *outline));
}

/* A deviation reason written is the reason given for the lost points; with
 * every reason the rules require written, the draft concludes with a grade. */
static void test_reasons_and_grade(void **state)
{
	/* r25 unmet (W602) and eleven at or above 130% of the target (W603) */
	static const char *const reasons[12] = {"r5",  "r16", "r25", "r32", "r33", "r34",
						"r41", "r42", "r48", "r64", "r65", "r66"};
	fixture *fx = *state;
	jx_sheet **sheets = NULL;
	size_t n = 0, len = 0;
	jx_err err = {{0}};
	char *out = NULL;
	FILE *f;

	assert_int_equal(jx_sheets_read(JX_SAMPLES "/jiangmen-2022-project-self.yaml", &fx->set, &sheets, &n, &err), 0);
	assert_int_equal(jx_set_str(&jx_sheet_ind(sheets[0], "r25")->deviation_reason, "1个项目申报单位撤回申请"), 0);
	f = open_memstream(&out, &len);
	assert_int_equal(jx_export_report_write(f, &fx->set, sheets, n, 0, &err), 0);
	fclose(f);
	assert_non_null(strstr(out, "实际完成值 评审项目总数量 5 个。原因：1个项目申报单位撤回申请"));
	assert_non_null(strstr(out, "评价等级：未完成（11 项未填）")); /* 12 − r25's */
	free(out);
	for (size_t i = 0; i < 12; i++)
		assert_int_equal(jx_set_str(&jx_sheet_ind(sheets[0], reasons[i])->deviation_reason, "原因"), 0);
	f = open_memstream(&out, &len);
	assert_int_equal(jx_export_report_write(f, &fx->set, sheets, n, 0, &err), 0);
	fclose(f);
	/* 92.32 ≥ 90 */
	assert_non_null(strstr(out, "经评价，该项目综合得分 92.32 分，评价等级为“优”。"));
	free(out);
	jx_sheets_free(sheets, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outlines_serve_every_kind),
		cmocka_unit_test(test_outline_refused),
		cmocka_unit_test_setup_teardown(test_self_evaluation_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_department_evaluation_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_external_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_department_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasons_and_grade, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
