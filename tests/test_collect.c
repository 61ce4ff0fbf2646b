/* The collection view's model (src/collect.h) on a database of nine sheets
 * written by SQL, every expected figure worked out by hand below; the
 * roster's gaps; the bars; the roster file's bad lines. */
#include "testutil.h"
#include "rawdb.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
#include "err.h"
#include "store.h"

/*  id year unit   dept   stage        status     total grade            findings rate  note
 *   1 2024 A单位  甲部门 -            submitted  95    优               2        1.00
 *   2 2024 A单位  甲部门 declaration  draft      -     -                0        -
 *   3 2024 B单位  甲部门 -            returned   85    良               5        0.50
 *   4 2024 B单位  乙部门 -            weird      70    中               1        0.80
 *   5 2024 C单位  乙部门 monitoring 6 draft      40    未完成（3 项未填） 3        0.25
 *   6 2023 A单位  甲部门 -            final      50    差               0        1.20
 *   7 2024 A单位  甲部门 -            submitted  in the trash: left out
 *   8 2024 A单位  甲部门 -            submitted  a conflict copy of 1: left out
 *   9 2024 D单位  乙部门 -            submitted  90    优               -        -     never scored (no rate row)
 * 'returned' (another version's status) and 'weird' are stored past the
 * CHECK of this version's schema, as a newer jixiao's database holds them. */
static const char fill_sql[] =
	"PRAGMA ignore_check_constraints = ON;"
	"BEGIN;"
	"INSERT INTO sheets (id, uid, template_id, year, unit, department, stage, stage_month, status, total, grade, "
	"findings, deleted, conflict_of) VALUES "
	"(1, 'u1', 'project-self-2020', 2024, 'A单位', '甲部门', NULL, NULL, 'submitted', 95000000, '优', 2, 0, NULL),"
	"(2, 'u2', 'project-declaration-2020', 2024, 'A单位', '甲部门', 'declaration', NULL, 'draft', NULL, NULL, 0, 0, "
	"NULL),"
	"(3, 'u3', 'project-self-2020', 2024, 'B单位', '甲部门', NULL, NULL, 'returned', 85000000, '良', 5, 0, NULL),"
	"(4, 'u4', 'project-self-2020', 2024, 'B单位', '乙部门', NULL, NULL, 'weird', 70000000, '中', 1, 0, NULL),"
	"(5, 'u5', 'project-self-2020', 2024, 'C单位', '乙部门', 'monitoring', 6, 'draft', 40000000, '未完成（3 项未填）', "
	"3, 0, NULL),"
	"(6, 'u6', 'project-self-2020', 2023, 'A单位', '甲部门', NULL, NULL, 'final', 50000000, '差', 0, 0, NULL),"
	"(7, 'u7', 'project-self-2020', 2024, 'A单位', '甲部门', NULL, NULL, 'submitted', 99000000, '优', 0, 1, NULL),"
	"(8, 'u8', 'project-self-2020', 2024, 'A单位', '甲部门', NULL, NULL, 'submitted', 99000000, '优', 0, 0, 1),"
	"(9, 'u9', 'project-self-2020', 2024, 'D单位', '乙部门', NULL, NULL, 'submitted', 90000000, '优', NULL, 0, NULL);"
	"INSERT INTO sheet_rates (sheet_id, revision, exec_rate) SELECT id, revision, CASE id WHEN 1 THEN 1000000 "
	"WHEN 2 THEN NULL WHEN 3 THEN 500000 WHEN 4 THEN 800000 WHEN 5 THEN 250000 WHEN 6 THEN 1200000 ELSE 1000000 END "
	"FROM sheets WHERE id <> 9;"
	"COMMIT;";

typedef struct {
	char dir[64], db[128];
	jx_store *st;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	jx_err err;
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/jx-collect-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/c.db", f->dir);
	if (jx_store_open(&f->st, f->db, JX_STORE_CREATE, &err) < 0)
		return -1;
	jx_store_close(f->st);
	sqlite3 *db = raw_open(f->db);
	int rc = sqlite3_exec(db, fill_sql, NULL, NULL, NULL);
	sqlite3_close(db);
	if (rc != SQLITE_OK || jx_store_open(&f->st, f->db, 0, &err) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	jx_store_close(f->st);
	remove_db_dir(f->db, f->dir);
	free(f);
	return 0;
}

static void check_status(const jx_collect_stats *s, size_t i, const char *status, int64_t n)
{
	assert_true(i < s->n_status);
	assert_string_equal(s->status[i].status, status);
	assert_int_equal(s->status[i].n, n);
}

static void test_by_unit(void **state)
{
	fixture *f = *state;
	jx_collect c;
	jx_err err;
	assert_int_equal(jx_collect_read(f->st, NULL, JX_COLLECT_UNIT, 0, &c, &err), 0);
	/* 9 sheets less the trash (7) and the conflict copy (8) */
	assert_int_equal(c.n_rows, 7);
	/* sheet 9 has no summary, and no templates were given to score it */
	assert_int_equal(c.unscored, 1);
	assert_int_equal(c.scored, 0);
	/* groups: 2024 A (1, 2), B (3, 4), C (5), D (9); 2023 A (6) */
	assert_int_equal(c.n_groups, 5);
	assert_int_equal(c.groups[0].year, 2024);
	assert_string_equal(c.groups[0].key, "A单位");
	assert_int_equal(c.groups[0].n, 2);
	assert_string_equal(c.groups[1].key, "B单位");
	assert_string_equal(c.groups[2].key, "C单位");
	assert_string_equal(c.groups[3].key, "D单位");
	assert_int_equal(c.groups[4].year, 2023);
	assert_string_equal(c.groups[4].key, "A单位");
	/* 2024 A: one submitted, one draft; 优 1 and no grade 1 (the
	 * declaration); rates: 1.00 only (the declaration has none); findings 2 + 0 */
	check_status(&c.groups[0].st, 0, "draft", 1);
	check_status(&c.groups[0].st, 1, "submitted", 1);
	assert_int_equal(c.groups[0].st.grades[JX_CG_EXCELLENT], 1);
	assert_int_equal(c.groups[0].st.grades[JX_CG_NONE], 1);
	assert_int_equal(jx_collect_mean_rate(&c.groups[0].st), D("1"));
	assert_int_equal(c.groups[0].st.findings, 2);
	/* 2024 B: returned 1 then the unknown 'weird' 1 under its own word;
	 * 良 1, 中 1; rate (0.50 + 0.80) / 2 = 0.65; findings 5 + 1 */
	assert_int_equal(c.groups[1].st.n_status, 2);
	check_status(&c.groups[1].st, 0, "returned", 1);
	check_status(&c.groups[1].st, 1, "weird", 1);
	assert_int_equal(c.groups[1].st.grades[JX_CG_GOOD], 1);
	assert_int_equal(c.groups[1].st.grades[JX_CG_FAIR], 1);
	assert_int_equal(jx_collect_mean_rate(&c.groups[1].st), D("0.65"));
	assert_int_equal(c.groups[1].st.findings, 6);
	/* 2024 C: 未完成（3 项未填） is incomplete */
	assert_int_equal(c.groups[2].st.grades[JX_CG_INCOMPLETE], 1);
	/* 2024 D: sheet 9's stored grade counts, its unknown rate and findings do not */
	assert_int_equal(c.groups[3].st.grades[JX_CG_EXCELLENT], 1);
	assert_int_equal(c.groups[3].st.n_rate, 0);
	assert_int_equal(jx_collect_mean_rate(&c.groups[3].st), JX_NONE);
	assert_int_equal(c.groups[3].st.findings, 0);
	/* all: draft 2 (2, 5), submitted 2 (1, 9), returned 1, final 1, then weird 1 */
	assert_int_equal(c.all.n, 7);
	assert_int_equal(c.all.n_status, 5);
	check_status(&c.all, 0, "draft", 2);
	check_status(&c.all, 1, "submitted", 2);
	check_status(&c.all, 2, "returned", 1);
	check_status(&c.all, 3, "final", 1);
	check_status(&c.all, 4, "weird", 1);
	/* grades: 优 2 (1, 9), 良 1, 中 1, 差 1, 未完成 1, none 1 = 7 */
	int64_t want[JX_CG_N] = {2, 1, 1, 1, 1, 1};
	for (int g = 0; g < JX_CG_N; g++)
		assert_int_equal(c.all.grades[g], want[g]);
	/* rates of 1, 3, 4, 5, 6: (1 + 0.5 + 0.8 + 0.25 + 1.2) / 5 = 3.75 / 5 = 0.75 */
	assert_int_equal(c.all.n_rate, 5);
	assert_int_equal(jx_collect_mean_rate(&c.all), D("0.75"));
	/* totals of 1, 3, 4, 5, 6, 9: (95 + 85 + 70 + 40 + 50 + 90) / 6 = 430 / 6 = 71.666667 */
	assert_int_equal(c.all.n_total, 6);
	assert_int_equal(jx_collect_mean_total(&c.all), D("71.666667"));
	/* findings: 2 + 0 + 5 + 1 + 3 + 0 (9 unknown) = 11 */
	assert_int_equal(c.all.findings, 11);
	/* no roster: no gaps */
	assert_int_equal(c.n_roster, 0);
	assert_int_equal(c.n_gaps, 0);
	jx_collect_free(&c);
}

static void test_by_stage_and_department(void **state)
{
	fixture *f = *state;
	jx_collect c;
	jx_err err;
	/* 2024 by stage: declaration (2), monitoring (5), self (1, 3, 4, 9) */
	assert_int_equal(jx_collect_read(f->st, NULL, JX_COLLECT_STAGE, 2024, &c, &err), 0);
	assert_int_equal(c.n_rows, 6);
	assert_int_equal(c.n_groups, 3);
	assert_string_equal(c.groups[0].key, "declaration");
	assert_string_equal(c.groups[1].key, "monitoring");
	assert_string_equal(c.groups[2].key, "self");
	assert_int_equal(c.groups[2].n, 4);
	assert_string_equal(jx_collect_key_label(&c, &c.groups[2]), "自评");
	jx_collect_free(&c);
	/* 2024 by department: 乙部门 (4, 5, 9) sorts before 甲部门 (1, 2, 3) in
	 * UTF-8 order (乙 U+4E59 < 甲 U+7532) */
	assert_int_equal(jx_collect_read(f->st, NULL, JX_COLLECT_DEPARTMENT, 2024, &c, &err), 0);
	assert_int_equal(c.n_groups, 2);
	assert_string_equal(c.groups[0].key, "乙部门");
	assert_int_equal(c.groups[0].n, 3);
	assert_string_equal(c.groups[1].key, "甲部门");
	assert_int_equal(c.groups[1].n, 3);
	jx_collect_free(&c);
}

static void test_roster_gaps(void **state)
{
	fixture *f = *state;
	jx_roster_entry v[] = {{"A单位", "甲部门"}, {"C单位", NULL}, {"E单位", "丙部门"}};
	jx_roster_entry *back;
	size_t n;
	jx_collect c;
	jx_err err;
	assert_int_equal(jx_store_roster_replace(f->st, v, 3, &err), 0);
	assert_int_equal(jx_store_roster(f->st, &back, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(back[2].unit, "E单位");
	assert_string_equal(back[2].department, "丙部门");
	assert_null(back[1].department);
	jx_roster_free(back, n);
	/* the latest year, 2024: A has sheet 1 submitted; C only the draft 5;
	 * E no sheet at all */
	assert_int_equal(jx_collect_read(f->st, NULL, JX_COLLECT_UNIT, 0, &c, &err), 0);
	assert_int_equal(c.gap_year, 2024);
	assert_int_equal(c.n_gaps, 2);
	assert_string_equal(c.gaps[0].who->unit, "C单位");
	assert_int_equal(c.gaps[0].drafts, 1);
	assert_string_equal(c.gaps[1].who->unit, "E单位");
	assert_int_equal(c.gaps[1].drafts, 0);
	jx_collect_free(&c);
	/* 2023: only A submitted (6, final) */
	assert_int_equal(jx_collect_read(f->st, NULL, JX_COLLECT_UNIT, 2023, &c, &err), 0);
	assert_int_equal(c.n_gaps, 2);
	assert_string_equal(c.gaps[0].who->unit, "C单位");
	assert_int_equal(c.gaps[0].drafts, 0);
	jx_collect_free(&c);
}

static void test_grades_and_bars(void **state)
{
	char b[256];
	(void)state;
	assert_int_equal(jx_collect_grade_of("优"), JX_CG_EXCELLENT);
	assert_int_equal(jx_collect_grade_of("差"), JX_CG_POOR);
	assert_int_equal(jx_collect_grade_of("未完成（12 项未填）"), JX_CG_INCOMPLETE);
	assert_int_equal(jx_collect_grade_of(NULL), JX_CG_NONE);
	assert_int_equal(jx_collect_grade_of("A"), JX_CG_NONE);
	/* 5 of 10 over 4 cells: 16 eighths = 2 full blocks */
	assert_string_equal(jx_collect_bar(b, sizeof b, 5, 10, 4, 0), "██");
	/* 3 of 8 over 2 cells: 6 eighths = ▊ */
	assert_string_equal(jx_collect_bar(b, sizeof b, 3, 8, 2, 0), "▊");
	/* 9 of 8 is drawn full: 2 cells */
	assert_string_equal(jx_collect_bar(b, sizeof b, 9, 8, 2, 0), "██");
	/* 1 of 1000 over 10 cells rounds to no eighth, yet shows one */
	assert_string_equal(jx_collect_bar(b, sizeof b, 1, 1000, 10, 0), "▏");
	assert_string_equal(jx_collect_bar(b, sizeof b, 0, 10, 10, 0), "");
	/* ASCII: whole cells, at least one */
	assert_string_equal(jx_collect_bar(b, sizeof b, 5, 10, 4, 1), "##");
	assert_string_equal(jx_collect_bar(b, sizeof b, 1, 1000, 10, 1), "#");
	assert_string_equal(jx_collect_status_label(NULL), "草稿");
	assert_string_equal(jx_collect_status_label("returned"), "已退回");
	assert_string_equal(jx_collect_status_label("weird"), "weird");
}

static void test_roster_file(void **state)
{
	fixture *f = *state;
	char path[160], **msgs = NULL;
	size_t n = 0, nm = 0;
	jx_roster_entry *v = NULL;
	jx_err err;
	FILE *fp;
	snprintf(path, sizeof path, "%s/roster.csv", f->dir);
	/* line 1 a heading, 3 a department without a unit, 4 A单位 again, 5
	 * three columns, 6 blank, 7 a comment */
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("单位,主管部门\nA单位,甲部门\n,乙部门\nA单位\nX,Y,Z\n\n# 备注\nB单位\n", fp);
	fclose(fp);
	assert_int_equal(jx_roster_read(path, &v, &n, &msgs, &nm, &err), -1);
	assert_null(v);
	assert_int_equal(nm, 3);
	assert_non_null(strstr(msgs[0], ":3: 没有单位名称"));
	assert_non_null(strstr(msgs[1], ":4: 单位「A单位」重复"));
	assert_non_null(strstr(msgs[2], ":5: 多于两列"));
	for (size_t i = 0; i < nm; i++)
		free(msgs[i]);
	free(msgs);
	msgs = NULL;
	nm = 0;
	fp = fopen(path, "w");
	fputs("单位,主管部门\nA单位,甲部门\n\n# 备注\n  B单位  \n", fp);
	fclose(fp);
	assert_int_equal(jx_roster_read(path, &v, &n, &msgs, &nm, &err), 0);
	assert_int_equal(nm, 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].unit, "A单位");
	assert_string_equal(v[0].department, "甲部门");
	assert_string_equal(v[1].unit, "B单位");
	assert_null(v[1].department);
	jx_roster_free(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_by_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by_stage_and_department, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roster_gaps, setup, teardown),
		cmocka_unit_test(test_grades_and_bars),
		cmocka_unit_test_setup_teardown(test_roster_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
