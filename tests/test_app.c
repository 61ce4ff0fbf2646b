/* Tests of the operations layer (src/app.c) that the command line and the
 * workstation share: opening, evaluation with the previous year's sheet,
 * import with the list's summaries, copy to a new year, the streamed
 * export, finalise / reopen / verify. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "app.h"
#include "sheetio.h"

static char *const samples[] = {
	JX_SAMPLES "/jiangmen-2022-project-self.yaml",
	JX_SAMPLES "/jingdezhen-2023-external.yaml",
	JX_SAMPLES "/xinfeng-2024-dept-eval.yaml",
	JX_SAMPLES "/zhanjiang-2023-dept-overall.yaml",
};
#define N_SAMPLES (sizeof samples / sizeof samples[0])

typedef struct {
	char dir[64], db[96];
	jx_templates tpl;
	jx_store *st;
} fixture;

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(p);
}

static int setup(void **state)
{
	fixture *x = calloc(1, sizeof *x);
	jx_err err = {{0}};
	if (!x)
		return -1;
	snprintf(x->dir, sizeof x->dir, "/tmp/jx-app-XXXXXX");
	if (!mkdtemp(x->dir))
		return -1;
	snprintf(x->db, sizeof x->db, "%s/data/jx.db", x->dir);
	/* the user's own templates and database stay out of the tests */
	setenv("XDG_DATA_HOME", x->dir, 1);
	if (jx_app_load_templates(&x->tpl, NULL, NULL, NULL, &err) < 0)
		return -1;
	if (jx_app_open_db(&x->st, x->db, JX_APP_OPEN_CREATE, 1, &err) != 0)
		return -1;
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	fixture *x = *state;
	jx_store_close(x->st);
	jx_templates_free(&x->tpl);
	nftw(x->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(x);
	return 0;
}

/* Import the four samples; their ids in *ids (4). */
static void import_samples(fixture *x, int64_t ids[N_SAMPLES])
{
	jx_app_import im;
	jx_app_msgs msgs = {0};
	jx_err err = {{0}};
	assert_int_equal(jx_app_import_read(&im, samples, N_SAMPLES, &x->tpl, &msgs), 0);
	assert_int_equal(msgs.n, 0);
	assert_int_equal(jx_app_import_merge(&im, x->st, &x->tpl, "test", &msgs, &err), JX_APP_IMPORTED);
	assert_int_equal(im.rep.n, N_SAMPLES);
	for (size_t i = 0; i < N_SAMPLES; i++)
		ids[i] = im.rep.v[i].id;
	jx_app_import_free(&im);
}

static void test_open_and_paths(void **state)
{
	fixture *x = *state;
	jx_store *st = NULL;
	jx_err err = {{0}};
	char missing[128], *def;
	snprintf(missing, sizeof missing, "%s/none.db", x->dir);
	assert_int_equal(jx_app_open_db(&st, missing, JX_APP_OPEN_READ, 0, &err), JX_EXIT_DB);
	assert_null(st);
	assert_non_null(strstr(err.msg, "jixiao init"));
	assert_int_equal(access(missing, F_OK), -1);
	def = jx_app_default_db();
	assert_non_null(def);
	assert_non_null(strstr(def, x->dir));
	assert_non_null(strstr(def, "/jixiao/jixiao.db"));
	free(def);
	assert_null(jx_app_replaced_builtin(&x->tpl));
}

static void test_evaluate_with_previous_year(void **state)
{
	fixture *x = *state;
	int64_t ids[N_SAMPLES], next = 0;
	jx_err err = {{0}};
	jx_sheet *s = NULL, *prev;
	jx_scoresheet ss, ss2;
	jx_findings fs, with_prev, without;
	const jx_template *t;
	memset(&ss, 0, sizeof ss);
	memset(&ss2, 0, sizeof ss2);
	memset(&fs, 0, sizeof fs);
	memset(&with_prev, 0, sizeof with_prev);
	memset(&without, 0, sizeof without);
	import_samples(x, ids);
	/* the Jiangmen sheet of 2022 carried to 2023 */
	assert_int_equal(jx_app_copy_to_year(x->st, ids[0], 2023, "test", &next, &err), 0);
	assert_int_equal(jx_store_load(x->st, next, &s, &err), 0);
	prev = jx_app_previous_year(x->st, s);
	assert_non_null(prev);
	assert_int_equal(prev->id, ids[0]);
	assert_int_equal(prev->year, 2022);
	assert_true(jx_app_same_project(prev, s));

	/* looked up in the store: the same findings as with the sheet given */
	t = jx_app_evaluate(x->st, &x->tpl, s, NULL, &ss, &fs);
	assert_non_null(t);
	jx_score(t, s, &ss2);
	jx_check(t, s, &ss2, prev, &with_prev);
	jx_check(t, s, &ss2, NULL, &without);
	assert_int_equal(fs.n, with_prev.n);
	for (size_t i = 0; i < fs.n; i++)
		assert_string_equal(fs.v[i].code, with_prev.v[i].code);
	assert_int_not_equal(with_prev.n, without.n);
	assert_int_equal(ss.total, ss2.total);

	/* the list's summary is what the evaluation found */
	assert_int_equal(jx_app_refresh_summary(x->st, &x->tpl, s, &ss, &fs, &err), 0);
	{
		jx_sheet_summary *v = NULL;
		size_t n = 0;
		int seen = 0;
		assert_int_equal(jx_store_list(x->st, 0, &v, &n, &err), 0);
		for (size_t i = 0; i < n; i++)
			if (v[i].id == next) {
				assert_int_equal(v[i].findings, (int)with_prev.n);
				seen = 1;
			}
		assert_true(seen);
		jx_summaries_free(v, n);
	}
	jx_scoresheet_free(&ss);
	jx_scoresheet_free(&ss2);
	jx_findings_free(&fs);
	jx_findings_free(&with_prev);
	jx_findings_free(&without);
	jx_sheet_free(prev);
	jx_sheet_free(s);
}

static void test_import_keeps_summaries(void **state)
{
	fixture *x = *state;
	int64_t ids[N_SAMPLES];
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	jx_app_import im;
	jx_app_msgs msgs = {0};
	char *const bad[] = {samples[0], "/nonexistent/sheet.yaml"};

	/* a file that cannot be read: nothing kept, its error said */
	assert_int_equal(jx_app_import_read(&im, bad, 2, &x->tpl, &msgs), -1);
	assert_int_equal(msgs.n, 1);
	assert_non_null(strstr(msgs.v[0], "/nonexistent/sheet.yaml"));
	jx_app_msgs_free(&msgs);

	import_samples(x, ids);
	assert_int_equal(jx_store_list(x->st, 0, &v, &n, &err), 0);
	assert_int_equal(n, N_SAMPLES);
	for (size_t i = 0; i < n; i++) {
		assert_true(v[i].findings > 0);
		assert_true(v[i].total != JX_NONE);
		assert_true(v[i].grade[0] != 0);
	}
	jx_summaries_free(v, n);

	/* again: every sheet unchanged */
	assert_int_equal(jx_app_import_read(&im, samples, N_SAMPLES, &x->tpl, &msgs), 0);
	{
		size_t at = 0, file, sheet;
		assert_null(jx_app_import_unknown(&im, &x->tpl, &at, &file, &sheet));
	}
	assert_int_equal(jx_app_import_merge(&im, x->st, &x->tpl, "test", &msgs, &err), JX_APP_IMPORTED);
	assert_int_equal(im.rep.count[JX_MERGE_UNCHANGED], N_SAMPLES);
	jx_app_import_free(&im);
}

static void test_copy_to_new_year(void **state)
{
	fixture *x = *state;
	int64_t ids[N_SAMPLES], id = 0, again = 0;
	jx_err err = {{0}};
	jx_sheet *orig = NULL, *copy = NULL;
	import_samples(x, ids);
	assert_int_equal(jx_app_copy_to_year(x->st, ids[0], 2023, "test", &id, &err), 0);
	assert_true(id > 0 && id != ids[0]);
	assert_int_equal(jx_store_load(x->st, ids[0], &orig, &err), 0);
	assert_int_equal(jx_store_load(x->st, id, &copy, &err), 0);
	assert_int_equal(copy->year, 2023);
	assert_string_equal(copy->status, "draft");
	assert_string_not_equal(copy->uid, orig->uid);
	assert_string_equal(copy->info[JX_INFO_NAME], orig->info[JX_INFO_NAME]);
	/* targets and points kept, what was achieved cleared */
	assert_int_equal(copy->n_inds, orig->n_inds);
	for (size_t i = 0; i < copy->n_inds; i++) {
		assert_int_equal(copy->inds[i].target, orig->inds[i].target);
		assert_int_equal(copy->inds[i].points, orig->inds[i].points);
		assert_int_equal(copy->inds[i].actual, JX_NONE);
		assert_int_equal(copy->inds[i].score_stated, JX_NONE);
	}
	for (size_t i = 0; i < copy->n_funds; i++)
		assert_int_equal(copy->funds[i].spent, JX_NONE);
	assert_int_equal(copy->n_stated, 0);
	/* the year has its sheet now: a second copy is refused, naming it */
	assert_int_equal(jx_app_copy_to_year(x->st, ids[0], 2023, "test", &again, &err), 1);
	assert_int_equal(again, id);
	jx_sheet_free(orig);
	jx_sheet_free(copy);
}

static size_t audit_rows(fixture *x, int64_t id)
{
	jx_audit_row *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	assert_int_equal(jx_store_history(x->st, id, NULL, &v, &n, &err), 0);
	jx_audit_free(v, n);
	return n;
}

/* A target typed as printed: its fields set together in one transaction,
 * an audit row each; a change refused part-way keeps nothing. */
static void test_typed_target_one_transaction(void **state)
{
	fixture *x = *state;
	int64_t ids[N_SAMPLES];
	jx_err err = {{0}};
	jx_field_changes c, bad;
	jx_sheet *s = NULL;
	import_samples(x, ids);
	assert_int_equal(jx_store_load(x->st, ids[0], &s, &err), 0);
	const jx_template *t = jx_templates_find(&x->tpl, s->template_id);
	assert_non_null(t);
	assert_int_equal(jx_app_typed_kind("ind:r25:target"), JX_TYPED_TARGET);
	assert_int_equal(jx_app_typed_kind("ind:r25:cmp"), JX_TYPED_TARGET);
	assert_int_equal(jx_app_typed_kind("ind:r25:actual"), JX_TYPED_ACTUAL);
	assert_int_equal(jx_app_typed_kind("ind:r25:target_text"), JX_TYPED_FIELD);
	assert_int_equal(jx_app_typed_kind("narr:problems"), JX_TYPED_FIELD);
	/* a comparator alone, or any other field: that field alone */
	assert_int_equal(jx_app_typed_changes(s, "ind:r25:cmp", "≤", JX_TYPED_TARGET, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.path[0], "ind:r25:cmp");
	assert_string_equal(c.said, "");
	/* 评审项目总数量 is ≥ 6 个: ≤90万元 sets comparator, number, unit and the text as printed */
	assert_int_equal(jx_app_typed_changes(s, "ind:r25:target", "≤90万元", JX_TYPED_TARGET, &c, &err), 0);
	assert_int_equal(c.n, 4);
	assert_non_null(strstr(c.said, "≤ 90 万元"));
	assert_int_equal(jx_app_typed_changes(s, "ind:r25:target", "≥abc", JX_TYPED_TARGET, &bad, &err), -1);
	size_t rows = audit_rows(x, ids[0]);
	/* the number refused after the comparator was written: nothing kept */
	bad = c;
	for (size_t i = 0; i < bad.n; i++)
		if (strcmp(bad.path[i], "ind:r25:target") == 0)
			bad.value[i] = "abc";
	assert_int_equal(jx_app_set_changes(x->st, s, t, &bad, "test", &err), -1);
	jx_sheet_free(s);
	s = NULL;
	assert_int_equal(jx_store_load(x->st, ids[0], &s, &err), 0);
	const jx_indicator *d = jx_sheet_ind(s, "r25");
	assert_non_null(d);
	assert_int_equal(d->cmp, JX_CMP_GE);
	assert_int_equal(d->target, JX_INT(6));
	assert_string_equal(d->unit, "个");
	assert_int_equal(audit_rows(x, ids[0]), rows);
	/* the whole change: four fields, four audit rows */
	assert_int_equal(jx_app_typed_changes(s, "ind:r25:target", "≤90万元", JX_TYPED_TARGET, &c, &err), 0);
	assert_int_equal(jx_app_set_changes(x->st, s, t, &c, "test", &err), 0);
	jx_sheet_free(s);
	s = NULL;
	assert_int_equal(jx_store_load(x->st, ids[0], &s, &err), 0);
	d = jx_sheet_ind(s, "r25");
	assert_int_equal(d->cmp, JX_CMP_LE);
	assert_int_equal(d->target, JX_INT(90));
	assert_string_equal(d->unit, "万元");
	assert_string_equal(d->target_text, "≤90万元");
	assert_int_equal(audit_rows(x, ids[0]), rows + 4);
	jx_sheet_free(s);
}

/* The grade column of the list's summary of sheet id. */
static void summary_grade(fixture *x, int64_t id, char *buf, size_t len, int *findings)
{
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	buf[0] = 0;
	assert_int_equal(jx_store_list(x->st, 0, &v, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id) {
			snprintf(buf, len, "%s", v[i].grade);
			if (findings)
				*findings = v[i].findings;
		}
	jx_summaries_free(v, n);
}

/* The list's summary: 未完成（N 项未填） while values are unfilled, the
 * grade once they are filled; a copy to a new year is incomplete. */
static void test_summary_incomplete(void **state)
{
	fixture *x = *state;
	int64_t ids[N_SAMPLES], id = 0;
	jx_err err = {{0}};
	jx_sheet *s = NULL;
	jx_scoresheet ss = {0};
	jx_findings fs = {0};
	char g[64];
	int nf = -1;
	/* Jiangmen's deviation reasons the rules require: r25 unmet (5 of 6) and
	 * eleven at or above 130% (e.g. r48 250 of 80 = 312.5%) */
	static const char *const reasons[12] = {"r5",  "r16", "r25", "r32", "r33", "r34",
						"r41", "r42", "r48", "r64", "r65", "r66"};
	import_samples(x, ids);
	summary_grade(x, ids[0], g, sizeof g, NULL);
	assert_string_equal(g, "未完成（12 项未填）"); /* 1 + 11 */
	summary_grade(x, ids[3], g, sizeof g, NULL);
	assert_string_equal(g, "未完成（4 项未填）"); /* Zhanjiang: t4 unmet + t2 t3 t8 over 130% */
	summary_grade(x, ids[1], g, sizeof g, NULL);
	assert_string_equal(g, "良"); /* Jingdezhen 80.08: complete */
	summary_grade(x, ids[2], g, sizeof g, NULL);
	assert_string_equal(g, "优"); /* Xinfeng 98: complete */

	assert_int_equal(jx_store_load(x->st, ids[0], &s, &err), 0);
	assert_int_equal(jx_app_unfilled(x->st, &x->tpl, s), 12);
	/* ten reasons written: 2 left; all twelve: 92.32 ≥ 90 is 优 */
	{
		static const struct {
			size_t written, left;
			const char *grade;
		} steps[] = {{10, 2, "未完成（2 项未填）"}, {12, 0, "优"}};
		size_t done = 0;
		for (size_t k = 0; k < 2; k++) {
			for (; done < steps[k].written; done++)
				assert_int_equal(jx_set_str(&jx_sheet_ind(s, reasons[done])->deviation_reason, "原因"), 0);
			assert_int_equal(jx_app_unfilled(x->st, &x->tpl, s), steps[k].left);
			assert_int_equal(jx_app_refresh_summary(x->st, &x->tpl, s, &ss, &fs, &err), 0);
			summary_grade(x, ids[0], g, sizeof g, NULL);
			assert_string_equal(g, steps[k].grade);
		}
	}
	jx_sheet_free(s);
	s = NULL;

	/* Jingdezhen copied to 2024: its result form has no indicator; the copy
	 * clears its one fund row's 实际到位 and 实际支出 (budget 2900 kept) and the
	 * typed 评价得分: the row's spent (W1504), the execution rate's 实际到位
	 * (W1506 funds:received) and the score (W1506 entry:result:score) = 3
	 * unfilled, never 检查 0 */
	assert_int_equal(jx_app_copy_to_year(x->st, ids[1], 2024, "test", &id, &err), 0);
	assert_int_equal(jx_store_load(x->st, id, &s, &err), 0);
	assert_int_equal(jx_app_refresh_summary(x->st, &x->tpl, s, &ss, &fs, &err), 0);
	summary_grade(x, id, g, sizeof g, &nf);
	assert_true(nf >= 3);
	assert_string_equal(g, "未完成（3 项未填）");
	jx_sheet_free(s);
	jx_scoresheet_free(&ss);
	jx_findings_free(&fs);
}

static void test_export_streams_one_sheet_at_a_time(void **state)
{
	fixture *x = *state;
	int64_t ids[N_SAMPLES];
	jx_app_feed feed;
	jx_err err = {{0}};
	char csv[128], bundle[128];
	jx_app_import im;
	jx_app_msgs msgs = {0};
	char *files[1];
	import_samples(x, ids);
	snprintf(csv, sizeof csv, "%s/all.csv", x->dir);
	snprintf(bundle, sizeof bundle, "%s/all.yaml", x->dir);

	jx_app_feed_init(&feed, x->st, ids, N_SAMPLES);
	assert_int_equal(jx_app_export(&feed, &x->tpl, 0, JX_EXPORT_CSV, csv, 0, &err), 0);
	assert_int_equal(feed.loaded, N_SAMPLES);
	jx_app_feed_free(&feed);
	assert_int_equal(access(csv, F_OK), 0);

	jx_app_feed_init(&feed, x->st, ids, N_SAMPLES);
	assert_int_equal(jx_app_export(&feed, &x->tpl, 1, JX_EXPORT_XLSX, bundle, 0, &err), 0);
	assert_int_equal(feed.loaded, N_SAMPLES);
	jx_app_feed_free(&feed);

	/* an existing file is kept without JX_EXPORT_FORCE */
	jx_app_feed_init(&feed, x->st, ids, N_SAMPLES);
	assert_int_equal(jx_app_export(&feed, &x->tpl, 1, JX_EXPORT_XLSX, bundle, 0, &err), -1);
	jx_app_feed_free(&feed);

	/* the bundle holds every sheet with its history */
	files[0] = bundle;
	assert_int_equal(jx_app_import_read(&im, files, 1, &x->tpl, &msgs), 0);
	assert_int_equal(im.b[0].n, N_SAMPLES);
	assert_non_null(im.b[0].h);
	assert_true(im.b[0].h[0].n > 0);
	jx_app_import_free(&im);
}

/* The findings an export's summary counts are the list's: with the checks
 * against the previous year's sheet.  The Jiangmen sheet carried to 2023
 * keeps the 2022 targets and has no actuals, so each 2023 target below a
 * 2022 actual is one more finding (W1301) than the sheet has on its own;
 * the summary row of that sheet must show the count with them. */
static void test_export_summary_counts_previous_year(void **state)
{
	fixture *x = *state;
	int64_t ids[N_SAMPLES], next = 0, sel[2];
	jx_err err = {{0}};
	jx_sheet *s = NULL;
	jx_scoresheet ss;
	jx_findings listed, alone;
	jx_app_feed feed;
	char csv_path[128], *csv;
	FILE *f;
	long size;
	memset(&ss, 0, sizeof ss);
	memset(&listed, 0, sizeof listed);
	memset(&alone, 0, sizeof alone);
	import_samples(x, ids);
	assert_int_equal(jx_app_copy_to_year(x->st, ids[0], 2023, "test", &next, &err), 0);
	assert_int_equal(jx_store_load(x->st, next, &s, &err), 0);
	const jx_template *t = jx_app_evaluate(x->st, &x->tpl, s, NULL, &ss, &listed);
	assert_non_null(t);
	jx_check(t, s, &ss, NULL, &alone);
	assert_true(listed.n > alone.n);

	/* two sheets, so that the export has its summary: Jingdezhen first */
	sel[0] = ids[1];
	sel[1] = next;
	snprintf(csv_path, sizeof csv_path, "%s/two.csv", x->dir);
	jx_app_feed_init(&feed, x->st, sel, 2);
	assert_int_equal(jx_app_export(&feed, &x->tpl, 0, JX_EXPORT_CSV, csv_path, 0, &err), 0);
	jx_app_feed_free(&feed);
	f = fopen(csv_path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	csv = calloc(1, (size_t)size + 1);
	assert_non_null(csv);
	assert_int_equal(fread(csv, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	assert_int_equal(summary_findings(csv, 2, "工业发展管理经费"), (long)listed.n);
	free(csv);
	jx_scoresheet_free(&ss);
	jx_findings_free(&listed);
	jx_findings_free(&alone);
	jx_sheet_free(s);
}

static void test_finalise_reopen_verify(void **state)
{
	fixture *x = *state;
	int64_t ids[N_SAMPLES];
	jx_err err = {{0}};
	jx_sheet *s = NULL;
	jx_app_final r;
	jx_app_verified *v = NULL;
	size_t n = 0, final = 0;
	import_samples(x, ids);
	assert_int_equal(jx_store_load(x->st, ids[1], &s, &err), 0);

	assert_int_equal(jx_app_finalise(x->st, s, "test", &r, &err), JX_APP_DONE);
	assert_int_equal(r.state, 1);
	assert_int_equal(strlen(r.stored), 64);
	assert_true(jx_app_is_final(x->st, ids[1]));
	assert_int_equal(jx_app_finalise(x->st, s, "test", &r, &err), JX_APP_ALREADY_FINAL);

	assert_int_equal(jx_app_verify(x->st, NULL, 0, &v, &n, &err), 0);
	assert_int_equal(n, N_SAMPLES);
	for (size_t i = 0; i < n; i++) {
		if (v[i].f.state) {
			final++;
			assert_int_equal(v[i].id, ids[1]);
			assert_int_equal(v[i].f.state, 1);
			assert_string_equal(v[i].f.stored, v[i].f.now);
			assert_non_null(v[i].name);
		}
	}
	assert_int_equal(final, 1);
	jx_app_verified_free(v, n);

	assert_int_equal(jx_app_reopen(x->st, s, "a figure was wrong", "test", &r, &err), JX_APP_DONE);
	assert_int_equal(r.state, 1);
	assert_false(jx_app_is_final(x->st, ids[1]));
	assert_int_equal(jx_app_reopen(x->st, s, "again", "test", &r, &err), JX_APP_REFUSED);
	assert_true(err.msg[0] != 0);

	assert_int_equal(jx_app_verify(x->st, &ids[1], 1, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].f.state, 0);
	jx_app_verified_free(v, n);
	jx_sheet_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_and_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evaluate_with_previous_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_keeps_summaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_to_new_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_target_one_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_incomplete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_streams_one_sheet_at_a_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_summary_counts_previous_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finalise_reopen_verify, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
