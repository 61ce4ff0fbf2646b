/* The indicator library in memory (src/library.c): merging entries of the
 * same name and unit, the typical target made from an indicator, and the
 * search (substring of name and categories, CJK, Latin case-insensitive,
 * several words, names beginning with the first word first). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "library.h"
#include "model.h"

static void entry(jx_lib *lib, const char *l1, const char *l2, const char *name, const char *unit, const char *src)
{
	jx_lib_entry e;
	jx_err err = {{0}};
	memset(&e, 0, sizeof e);
	e.target_min = e.target_max = JX_NONE;
	assert_int_equal(jx_lib_set(&e, 0, l1, &err), 0);
	assert_int_equal(jx_lib_set(&e, 1, l2, &err), 0);
	assert_int_equal(jx_lib_set(&e, 2, name, &err), 0);
	assert_int_equal(jx_lib_set(&e, 7, unit, &err), 0);
	assert_int_equal(jx_lib_add_source(&e, src), 1);
	assert_int_equal(jx_lib_append(lib, &e), 0);
}

static void test_columns(void **state)
{
	(void)state;
	/* the columns the tests above set by number */
	assert_string_equal(jx_lib_columns[0].key, "l1");
	assert_string_equal(jx_lib_columns[2].key, "name");
	assert_string_equal(jx_lib_columns[7].key, "unit");
	assert_int_equal(jx_lib_column_of("指标名称"), 2);
	assert_int_equal(jx_lib_column_of("计算符号"), 3);
	assert_int_equal(jx_lib_column_of("Typical target"), 4);
	assert_int_equal(jx_lib_column_of("序号"), -1);
}

static void test_merge(void **state)
{
	jx_lib_entry a, b;
	jx_err err = {{0}};
	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.target_min = a.target_max = b.target_min = b.target_max = JX_NONE;
	jx_lib_set(&a, 2, "企业满意度", &err);
	jx_lib_set(&a, 4, "≥90%", &err);
	jx_lib_set(&a, 3, "≥", &err);
	jx_lib_widen(&a, 90 * JX_SCALE);
	jx_lib_add_source(&a, "sheet:b");
	jx_lib_set(&b, 2, "企业满意度", &err);
	jx_lib_set(&b, 4, "≥95%", &err);
	jx_lib_set(&b, 9, "工业", &err);
	jx_lib_set(&b, 11, "common", &err);
	jx_lib_widen(&b, 95 * JX_SCALE);
	jx_lib_add_source(&b, "sheet:a");
	jx_lib_add_source(&b, "sheet:b");
	/* one source new (sheet:a), sheet:b already there */
	assert_int_equal(jx_lib_merge(&a, &b), 1);
	assert_int_equal(a.nsources, 2);
	assert_string_equal(a.sources[0], "sheet:a"); /* kept sorted */
	assert_string_equal(a.target, "≥90%");        /* the first one's typical target stays */
	assert_string_equal(a.sector, "工业");        /* what it lacked is taken */
	assert_string_equal(a.kind, "共性");
	assert_int_equal(a.cmp, JX_CMP_GE);
	assert_int_equal(a.target_min, 90 * JX_SCALE);
	assert_int_equal(a.target_max, 95 * JX_SCALE);
	/* merging again adds nothing */
	assert_int_equal(jx_lib_merge(&a, &b), 0);
	char buf[64];
	assert_string_equal(jx_lib_range_text(&a, buf, sizeof buf), "90–95");
	jx_lib_entry_clear(&a);
	jx_lib_entry_clear(&b);
}

static void test_refusals(void **state)
{
	jx_lib_entry e;
	jx_err err = {{0}};
	(void)state;
	memset(&e, 0, sizeof e);
	e.target_min = e.target_max = JX_NONE;
	assert_int_equal(jx_lib_set(&e, 3, "约等于", &err), -1);
	assert_non_null(strstr(err.msg, "约等于"));
	assert_int_equal(jx_lib_set(&e, 11, "大概", &err), -1);
	assert_int_equal(jx_lib_set(&e, 2, "  ", &err), -1);
	assert_int_equal(jx_lib_set(&e, 5, "abc", &err), -1);
	jx_lib_entry_clear(&e);
}

static void test_target_of(void **state)
{
	jx_indicator d;
	char buf[128];
	(void)state;
	memset(&d, 0, sizeof d);
	d.cmp = JX_CMP_GE;
	d.target = 95 * JX_SCALE;
	d.unit = "%";
	assert_string_equal(jx_lib_target_of(&d, buf, sizeof buf), "≥95%");
	d.cmp = JX_CMP_LE;
	d.target = 2 * JX_SCALE + JX_SCALE / 2;
	d.unit = "起";
	assert_string_equal(jx_lib_target_of(&d, buf, sizeof buf), "≤2.5起");
	d.cmp = JX_CMP_DEADLINE;
	d.target = JX_NONE;
	d.target_text = "2023-06-30";
	assert_string_equal(jx_lib_target_of(&d, buf, sizeof buf), "2023-06-30前");
	d.cmp = JX_CMP_QUAL;
	d.target_text = "按时完成";
	assert_string_equal(jx_lib_target_of(&d, buf, sizeof buf), "按时完成");
}

static size_t found(const jx_lib *lib, const char *q, const char **names, size_t max)
{
	size_t idx[16];
	size_t n = jx_lib_search(lib, q, idx, 16);
	for (size_t i = 0; i < n && i < max; i++)
		names[i] = lib->v[idx[i]].name;
	return n;
}

static void test_search(void **state)
{
	jx_lib lib;
	const char *names[16];
	(void)state;
	memset(&lib, 0, sizeof lib);
	entry(&lib, "产出指标", "数量指标", "评审项目数量", "个", "sheet:1");
	entry(&lib, "产出指标", "时效指标", "资金拨付及时率", "%", "sheet:1");
	entry(&lib, "满意度指标", "服务对象满意度指标", "企业满意度", "%", "sheet:1");
	entry(&lib, "产出指标", "数量指标", "ERP系统上线模块", "个", "file:a.csv");
	entry(&lib, "效益指标", "社会效益指标", "服务企业数量", "家", "sheet:2");
	/* the most used first: 服务企业数量 gets a second source */
	assert_int_equal(jx_lib_add_source(&lib.v[4], "sheet:3"), 1);
	assert_int_equal(jx_lib_index(&lib), 0);

	/* 数量 is in two names and in the 二级 数量指标 of ERP系统上线模块:
	 * names beginning with it first (none), then by use: 服务企业数量
	 * (2 sources), then by name among the rest (byte order: E < 评) */
	assert_int_equal(found(&lib, "数量", names, 16), 3);
	assert_string_equal(names[0], "服务企业数量");
	assert_string_equal(names[1], "ERP系统上线模块");
	assert_string_equal(names[2], "评审项目数量");
	/* a name beginning with the first word comes first */
	assert_int_equal(found(&lib, "评审", names, 16), 1);
	assert_int_equal(found(&lib, "企业", names, 16), 2);
	assert_string_equal(names[0], "企业满意度");
	assert_string_equal(names[1], "服务企业数量");
	/* Latin letters whatever their case */
	assert_int_equal(found(&lib, "erp", names, 16), 1);
	assert_int_equal(found(&lib, "Erp", names, 16), 1);
	/* several words, blanks full-width or not: all of them */
	assert_int_equal(found(&lib, "产出　时效", names, 16), 1);
	assert_string_equal(names[0], "资金拨付及时率");
	assert_int_equal(found(&lib, "产出 满意", names, 16), 0);
	/* a category alone */
	assert_int_equal(found(&lib, "满意度指标", names, 16), 1);
	/* nothing typed: every entry */
	assert_int_equal(found(&lib, "", names, 16), 5);
	assert_string_equal(names[0], "服务企业数量");
	/* fewer slots than matches: the count says how many in all */
	size_t one;
	assert_int_equal(jx_lib_search(&lib, "", &one, 1), 5);

	/* find by name and unit, including one appended after the index */
	assert_int_equal(jx_lib_find(&lib, "企业满意度", "%"), 2);
	assert_int_equal(jx_lib_find(&lib, "企业满意度", "个"), -1);
	entry(&lib, "", "", "新指标", "", "sheet:9");
	assert_int_equal(jx_lib_find(&lib, "新指标", NULL), 5);
	jx_lib_free(&lib);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),   cmocka_unit_test(test_merge),  cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_target_of), cmocka_unit_test(test_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
