/* The project list's window over its indexed query (src/store_list.h) on
 * 2,000 sheets: counts of filters worked out by hand, every sort order
 * compared row by row with the list as the workstation used to build it
 * in memory (every summary read, filtered and sorted by qsort), pages read
 * from anywhere (the last one too), the row of a sheet, and the ids an
 * export of the filtered list gets.  One thing differs from the old list,
 * on purpose: a conflict copy sorts by its sheet's own name, not by the
 * label the list adds to it, so that it stays next to that sheet. */
#include "testutil.h"
#include "rawdb.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "err.h"
#include "store.h"
#include "store_int.h" /* the store's connection: its statements' sort counters */
#include "store_list.h"
#include "store_list_memo.h" /* which views the store keeps */

enum { SHEETS = 2000 };

typedef struct {
	char dir[64], db[128];
	jx_store *st;
	jx_sheet_summary *all; /* jx_store_list's, trash included */
	size_t n;
} fixture;

/* Sheet i (1 … 2000, id i) as tests/lib/many_sheets.sh makes them:
 * year 2015 + i % 10, name 项目 and i in four digits, unit 单位 (i % 7),
 * template project-self-sichuan when i % 3 = 0 (else project-self-2020),
 * status draft, submitted or reviewed for i % 3 = 0, 1, 2; total
 * 50 + i % 50 points with its grade and i % 5 findings, except that every
 * 11th is not scored yet (no total, grade or findings); every 100th is in
 * the trash.  Sheet 2001 is a conflict copy of sheet 1 from "laptop"
 * (total 80, 良, no findings). */
static const char fill_sql[] =
	"BEGIN;"
	"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) "
	"INSERT INTO sheets (id, uid, template_id, template_version, year, status, name, unit, deleted, total, grade, "
	"findings) "
	"SELECT i, printf('gen-%04d', i), CASE WHEN i % 3 = 0 THEN 'project-self-sichuan' ELSE 'project-self-2020' END, 1, "
	"2015 + i % 10, CASE i % 3 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' ELSE 'reviewed' END, "
	"printf('项目%04d', i), '单位' || (i % 7), i % 100 = 0, "
	"CASE WHEN i % 11 = 0 THEN NULL ELSE (50 + i % 50) * 1000000 END, "
	"CASE WHEN i % 11 = 0 THEN NULL WHEN 50 + i % 50 >= 90 THEN '优' WHEN 50 + i % 50 >= 80 THEN '良' "
	"WHEN 50 + i % 50 >= 60 THEN '中' ELSE '差' END, "
	"CASE WHEN i % 11 = 0 THEN NULL ELSE i % 5 END FROM s;"
	"INSERT INTO sheets (id, uid, template_id, year, status, name, unit, total, grade, findings, conflict_of, "
	"conflict_origin) VALUES (2001, 'gen-copy', 'project-self-2020', 2016, 'submitted', '项目0001', '单位1', 80000000, "
	"'良', 0, 1, 'laptop');"
	"COMMIT;";

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	jx_err err;
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/jx-list-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%s/list.db", f->dir);
	if (jx_store_open(&f->st, f->db, JX_STORE_CREATE, &err) < 0)
		return -1;
	jx_store_close(f->st);
	sqlite3 *db = raw_open(f->db);
	int rc = sqlite3_exec(db, fill_sql, NULL, NULL, NULL);
	sqlite3_close(db);
	if (rc != SQLITE_OK || jx_store_open(&f->st, f->db, 0, &err) < 0 ||
	    jx_store_list(f->st, 1, &f->all, &f->n, &err) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	jx_summaries_free(f->all, f->n);
	jx_store_close(f->st);
	remove_db_dir(f->db, f->dir);
	free(f);
	return 0;
}

/* ---- the list as the workstation built it before: all in memory ---- */

static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay ? hay : ""; *p; p++)
		if (strncasecmp(p, needle, n) == 0)
			return 1;
	return 0;
}

/* Every word in the year, name (labelled), unit, template id, grade or
 * total with two decimals. */
static int matches(const jx_sheet_summary *s, const jx_list_view *v)
{
	char year[16], tot[48];
	/* the 阶段 column in both languages; no stage stored is a self-evaluation */
	const char *stage = !s->stage ? "自评 self"
			    : strcmp(s->stage, "declaration") == 0 ? "申报 declaration"
			    : strcmp(s->stage, "monitoring") == 0 ? "监控 monitoring"
								    : "自评 self";
	snprintf(year, sizeof year, "%d", s->year);
	jx_fmt(tot, s->total, 2);
	for (size_t i = 0; i < v->n_words; i++) {
		const char *w = v->words[i].word;
		if (!(contains(year, w) || contains(s->name, w) || contains(s->unit, w) || contains(s->template_id, w) ||
		      contains(s->grade, w) || contains(tot, w) || contains(stage, w)))
			return 0;
	}
	return 1;
}

static const jx_list_view *sort_view;

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Names compare without a conflict copy's label, the one change from the
 * old list: a copy sorts by its sheet's name, next to it (by id). */
static int cmp_name(const jx_sheet_summary *a, const jx_sheet_summary *b)
{
	const char *x = a->name ? a->name : "", *y = b->name ? b->name : "";
	const char *lx = a->conflict_of > 0 ? strstr(x, "（冲突副本") : NULL, *ly = b->conflict_of > 0 ? strstr(y, "（冲突副本") : NULL;
	size_t nx = lx ? (size_t)(lx - x) : strlen(x), ny = ly ? (size_t)(ly - y) : strlen(y);
	int c = memcmp(x, y, nx < ny ? nx : ny);
	return c ? c : (nx > ny) - (nx < ny);
}

static int cmp_rows(const void *pa, const void *pb)
{
	const jx_sheet_summary *a = *(const jx_sheet_summary *const *)pa, *b = *(const jx_sheet_summary *const *)pb;
	int c = 0;
	if (!sort_view->sorted) {
		c = (b->year > a->year) - (b->year < a->year);
		if (!c)
			c = cmp_name(a, b);
	} else {
		switch (sort_view->key) {
		case JX_LIST_YEAR: c = (a->year > b->year) - (a->year < b->year); break;
		case JX_LIST_NAME: c = cmp_name(a, b); break;
		case JX_LIST_UNIT: c = cmp_str(a->unit, b->unit); break;
		case JX_LIST_TEMPLATE: c = cmp_str(a->template_id, b->template_id); break;
		case JX_LIST_TOTAL: {
			jx_dec x = a->total == JX_NONE ? INT64_MIN + 1 : a->total;
			jx_dec y = b->total == JX_NONE ? INT64_MIN + 1 : b->total;
			c = (x > y) - (x < y);
			break;
		}
		case JX_LIST_GRADE: c = cmp_str(a->grade, b->grade); break;
		case JX_LIST_STATUS: c = cmp_str(a->status, b->status); break;
		case JX_LIST_FINDINGS: c = (a->findings > b->findings) - (a->findings < b->findings); break;
		default: break;
		}
		if (sort_view->desc)
			c = -c;
	}
	if (!c)
		c = (a->id > b->id) - (a->id < b->id);
	return c;
}

/* The ids of the view in order, as the old list had them (*n of them). */
static int64_t *reference(const fixture *f, const jx_list_view *v, size_t *n)
{
	const jx_sheet_summary **rows = calloc(f->n + 1, sizeof *rows);
	int64_t *ids = calloc(f->n + 1, sizeof *ids);
	assert_non_null(rows);
	assert_non_null(ids);
	*n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->all[i].deleted == v->trash && matches(&f->all[i], v))
			rows[(*n)++] = &f->all[i];
	sort_view = v;
	qsort(rows, *n, sizeof *rows, cmp_rows);
	for (size_t i = 0; i < *n; i++)
		ids[i] = rows[i]->id;
	free(rows);
	return ids;
}

/* The view's ids read a window at a time, windows of `step` rows from
 * row `first` to the end, then from the top (the rows before first). */
static int64_t *windows(const fixture *f, const jx_list_view *v, int64_t count, int step, int64_t first)
{
	int64_t *ids = calloc((size_t)count + 1, sizeof *ids);
	jx_err err;
	assert_non_null(ids);
	for (int pass = 0; pass < 2; pass++)
		for (int64_t off = pass ? 0 : first; off < (pass ? first : count); off += step) {
			jx_sheet_summary *rows;
			size_t n;
			assert_int_equal(jx_list_rows(f->st, v, off, step, &rows, &n, &err), 0);
			assert_int_equal(n, off + step <= count ? (size_t)step : (size_t)(count - off));
			for (size_t i = 0; i < n; i++)
				ids[off + (int64_t)i] = rows[i].id;
			jx_summaries_free(rows, n);
		}
	return ids;
}

static int64_t count_of(const fixture *f, const jx_list_view *v)
{
	int64_t n = -1;
	jx_err err;
	assert_int_equal(jx_list_count(f->st, v, &n, NULL, NULL, &err), 0);
	return n;
}

/* ---- counts ---- */

static void test_counts(void **state)
{
	fixture *f = *state;
	jx_list_view v = {0};
	/* 2,000 sheets and the copy, less the 20 in the trash (100, 200 … 2000) */
	assert_int_equal(count_of(f, &v), 2001 - 20);
	v.trash = 1;
	assert_int_equal(count_of(f, &v), 20);
	v.trash = 0;

	jx_list_word w[2] = {{"项目000", NULL, NULL}, {NULL, NULL, NULL}};
	v.words = w;
	v.n_words = 1;
	/* 项目0001 … 项目0009, and the copy of 项目0001 */
	assert_int_equal(count_of(f, &v), 10);
	/* the copy alone, by its label "项目0001（冲突副本，来自 laptop）" */
	w[0].word = "LapTop";
	assert_int_equal(count_of(f, &v), 1);
	/* year 2019: i % 10 = 4, 200 sheets, none of them a multiple of 100 */
	w[0].word = "2019";
	assert_int_equal(count_of(f, &v), 200);
	/* total 99.00: i % 50 = 49 (40 sheets: 49, 99 … 1999) less those not
	 * scored (i % 11 = 0: 99, 649, 1199, 1749) */
	w[0].word = "99.00";
	assert_int_equal(count_of(f, &v), 36);
	/* any case: project-self-sichuan is i % 3 = 0, 666 sheets, 6 of them in
	 * the trash (300, 600 … 1800) */
	w[0].word = "PROJECT-SELF-SICHUAN";
	assert_int_equal(count_of(f, &v), 660);
	/* by the caller's label: 草稿 is the label of draft, the same 660 */
	w[0] = (jx_list_word){"草稿", "", "|draft|"};
	assert_int_equal(count_of(f, &v), 660);
	/* by the caller's template label: a word only the label holds */
	w[0] = (jx_list_word){"四川", "|project-self-sichuan|", ""};
	assert_int_equal(count_of(f, &v), 660);
	/* two words: 项目0001 … 项目0099 of unit 单位3 (i % 7 = 3: 3, 10 … 94) */
	w[0] = (jx_list_word){"项目00", NULL, NULL};
	w[1] = (jx_list_word){"单位3", NULL, NULL};
	v.n_words = 2;
	assert_int_equal(count_of(f, &v), 14);
	/* a word that is nowhere */
	w[1].word = "none of these";
	assert_int_equal(count_of(f, &v), 0);
	/* by the 阶段 column: no sheet has a stage stored, so every live one
	 * (2001 − 20 in the trash) is a self-evaluation, none a declaration */
	v.n_words = 1;
	w[0] = (jx_list_word){"自评", NULL, NULL};
	assert_int_equal(count_of(f, &v), 1981);
	w[0] = (jx_list_word){"申报", NULL, NULL};
	assert_int_equal(count_of(f, &v), 0);
}

/* The grades the list sizes its column by: with and without a filter. */
static void add_grade(void *ctx, const char *grade, const char *template_id)
{
	char *seen = ctx;
	char pair[96];
	snprintf(pair, sizeof pair, "%s/%s;", grade ? grade : "-", template_id ? template_id : "-");
	if (!strstr(seen, pair))
		strcat(seen, pair);
}

static void test_grades(void **state)
{
	fixture *f = *state;
	jx_list_view v = {0};
	char seen[2048] = "";
	int64_t n;
	jx_err err;
	assert_int_equal(jx_list_count(f->st, &v, &n, add_grade, seen, &err), 0);
	/* 4 grades on both templates, once each (the sheets not scored have none) */
	assert_non_null(strstr(seen, "优/project-self-2020;"));
	assert_non_null(strstr(seen, "差/project-self-sichuan;"));
	int pairs = 0;
	for (const char *p = seen; (p = strchr(p, ';')); p++)
		pairs++;
	assert_int_equal(pairs, 8);
	/* filtered to 项目0001 … 0009 and the copy: i = 1 … 9 have totals
	 * 51 … 59 (差), the copy 良 */
	jx_list_word w = {"项目000", NULL, NULL};
	v.words = &w;
	v.n_words = 1;
	seen[0] = 0;
	assert_int_equal(jx_list_count(f->st, &v, &n, add_grade, seen, &err), 0);
	assert_int_equal(n, 10);
	assert_string_equal(seen, "差/project-self-2020;差/project-self-sichuan;良/project-self-2020;");
}

/* ---- order, windows, positions ---- */

/* What jx_list_scan says of v agrees with the reference (want, n) and with
 * jx_list_count's grades: with room for every id (few_max 4096, more than
 * the 2,001 sheets), with room for 7 (a filtered view of more has its row
 * counted by jx_list_position) and with none. */
static void scan_agrees(const fixture *f, const jx_list_view *v, const int64_t *want, size_t n)
{
	static const size_t few[] = {4096, 7, 0};
	char seen[2048] = "", scanned[2048] = "";
	int64_t cnt;
	jx_err err;
	assert_int_equal(jx_list_count(f->st, v, &cnt, add_grade, seen, &err), 0);
	for (size_t k = 0; k < sizeof few / sizeof few[0]; k++) {
		/* every 101st sheet of the view, and sheet 100, which is in the
		 * trash (in the view only when it is the trash's) */
		for (size_t i = 0;; i = i + 101 < n ? i + 101 : n) {
			int64_t keep = i < n ? want[i] : 100;
			jx_list_scan_out sc;
			scanned[0] = 0;
			assert_int_equal(jx_list_scan(f->st, v, keep, 0, few[k], &sc, add_grade, scanned, &err), 0);
			assert_int_equal(sc.n, (int64_t)n);
			if (i < n)
				assert_int_equal(sc.pos, (int64_t)i);
			else if (!v->trash)
				assert_int_equal(sc.pos, -1);
			/* the same pairs, each once (in another order) */
			assert_int_equal(strlen(scanned), strlen(seen));
			for (char *p = scanned, *e; (e = strchr(p, ';')); p = e + 1) {
				char pair[96];
				snprintf(pair, sizeof pair, "%.*s", (int)(e - p + 1), p);
				assert_non_null(strstr(seen, pair));
			}
			if (v->n_words && n <= few[k]) {
				assert_int_equal(sc.n_few, n);
				for (size_t j = 0; j < n; j++)
					assert_int_equal(sc.few[j], want[j]);
			} else
				assert_null(sc.few);
			/* the rows near the selected one (or the first), as the
			 * window shows them: the view's own rows */
			/* a filtered view in the list's own order, too big to keep
			 * every id: the rows near the selected one come with it */
			if (v->n_words && !v->sorted && n > few[k] && few[k] > 0 && sc.pos >= 0)
				assert_non_null(sc.near);
			if (sc.near) {
				assert_true(sc.near_off >= 0 && (size_t)sc.near_off + sc.n_near <= n);
				assert_int_equal(sc.near_off, sc.pos >= 0 ? (sc.pos < JX_LIST_NEAR_BEFORE ? 0 : sc.pos - JX_LIST_NEAR_BEFORE) : 0);
				for (size_t j = 0; j < sc.n_near; j++)
					assert_int_equal(sc.near[j], want[sc.near_off + (int64_t)j]);
			}
			free(sc.few);
			free(sc.near);
			/* the first row of a view that held this one stays first */
			if (i == 0 && n) {
				assert_int_equal(jx_list_scan(f->st, v, keep, 1, few[k], &sc, NULL, NULL, &err), 0);
				assert_int_equal(sc.pos, 0);
				free(sc.few);
				free(sc.near);
			}
			if (i == n)
				break;
		}
	}
}

/* Every row of v in the order of the old list, read by windows from two
 * places; the row of every 101st sheet. */
static void same_as_reference(const fixture *f, const jx_list_view *v)
{
	size_t n;
	int64_t *want = reference(f, v, &n);
	jx_err err;
	assert_int_equal(count_of(f, v), (int64_t)n);
	if (n) {
		int64_t *a = windows(f, v, (int64_t)n, 256, 0), *b = windows(f, v, (int64_t)n, 97, (int64_t)n / 3);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(a[i], want[i]);
			assert_int_equal(b[i], want[i]);
		}
		free(a);
		free(b);
	}
	for (size_t i = 0; i < n; i += 101) {
		int64_t pos = -1;
		assert_int_equal(jx_list_position(f->st, v, want[i], &pos, &err), 1);
		assert_int_equal(pos, (int64_t)i);
	}
	scan_agrees(f, v, want, n);
	free(want);
}

static void test_every_order(void **state)
{
	fixture *f = *state;
	jx_list_word w[2] = {{"项目00", NULL, NULL}, {"单位3", NULL, NULL}};
	for (int filtered = 0; filtered < 3; filtered++)
		for (int trash = 0; trash < 2; trash++)
			for (int k = -1; k < JX_LIST_NKEYS; k++)
				for (int desc = 0; desc < 2; desc++) {
					jx_list_view v = {trash, k >= 0, k < 0 ? JX_LIST_YEAR : (jx_list_key)k, desc, w,
							  (size_t)filtered};
					same_as_reference(f, &v);
				}
}

/* Two words are looked for in one call per sheet (jx_list_words): the
 * same sheets as every word looked for alone, in each column a word of
 * its own is looked in — the name's conflict label, the year, the total,
 * the 阶段 column — in the list's own order and sorted. */
static void test_two_words(void **state)
{
	fixture *f = *state;
	static const char *const words[] = {"项目", "2019", "99.00", "LapTop", "自评", "单位3", "良", "9", "SELF-2020"};
	enum { N = sizeof words / sizeof words[0] };
	jx_list_word w[2] = {{NULL, NULL, NULL}, {NULL, NULL, NULL}};
	jx_list_view v = {0, 0, JX_LIST_YEAR, 0, w, 2};
	/* the copy alone: laptop only in its label, 项目 in every name */
	w[0].word = "laptop";
	w[1].word = "项目";
	assert_int_equal(count_of(f, &v), 1);
	/* year 2019 (i % 10 = 4, 200 sheets, none in the trash) */
	w[0].word = "项目";
	w[1].word = "2019";
	assert_int_equal(count_of(f, &v), 200);
	/* total 99.00: the 36 of test_counts */
	w[1].word = "99.00";
	assert_int_equal(count_of(f, &v), 36);
	/* 自评 in every live sheet's 阶段; 单位3: i % 7 = 3, 3 … 1998, 286
	 * sheets ((1998 − 3) / 7 + 1) less 500, 1200 and 1900 in the trash */
	w[0].word = "自评";
	w[1].word = "单位3";
	assert_int_equal(count_of(f, &v), 283);
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			w[0].word = words[i];
			w[1].word = words[j];
			v.sorted = 0;
			same_as_reference(f, &v);
			v.sorted = 1;
			v.key = JX_LIST_TOTAL;
			v.desc = 1;
			same_as_reference(f, &v);
		}
}

/* Stages stored (the fixture's sheets have none): sheet i is a monitoring
 * sheet when i % 4 = 1, a declaration when i % 4 = 2, the conflict copy
 * 2001 (2001 % 4 = 1) a monitoring one too; every 100th sheet, in the
 * trash, has i % 4 = 0, so none of those.  A word of the 阶段 column, alone
 * and with another word, finds them in either language. */
static void test_stage_words(void **state)
{
	fixture *f = *state;
	jx_list_word w[2] = {{NULL, NULL, NULL}, {NULL, NULL, NULL}};
	jx_list_view v = {0, 0, JX_LIST_YEAR, 0, w, 2};
	jx_err err;
	sqlite3 *db;
	static const char *const words[] = {"监控", "申报", "自评", "Monitoring", "declaration", "self", "项目", "2016",
					    "良"};
	enum { N = sizeof words / sizeof words[0] };
	jx_store_close(f->st);
	db = raw_open(f->db);
	assert_int_equal(sqlite3_exec(db,
				      "UPDATE sheets SET stage = 'monitoring', stage_month = 6 WHERE id % 4 = 1;"
				      "UPDATE sheets SET stage = 'declaration' WHERE id % 4 = 2;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	jx_summaries_free(f->all, f->n);
	assert_int_equal(jx_store_open(&f->st, f->db, 0, &err), 0);
	assert_int_equal(jx_store_list(f->st, 1, &f->all, &f->n, &err), 0);
	/* 监控 with 项目: i % 4 = 1 of 1 … 2000, 500 sheets, and the copy: 501 */
	w[0].word = "监控";
	w[1].word = "项目";
	assert_int_equal(count_of(f, &v), 501);
	/* monitoring in 2016: i % 4 = 1 and i % 10 = 1, i.e. i % 20 = 1:
	 * 1, 21 … 1981, (1981 − 1) / 20 + 1 = 100, and the copy (2016): 101 */
	w[0].word = "monitoring";
	w[1].word = "2016";
	assert_int_equal(count_of(f, &v), 101);
	/* 自评 with 项目: the 1,981 live sheets less the 1,001 with a stage */
	w[0].word = "自评";
	w[1].word = "项目";
	assert_int_equal(count_of(f, &v), 980);
	/* declaration alone: i % 4 = 2, 500 sheets */
	v.n_words = 1;
	w[0].word = "declaration";
	assert_int_equal(count_of(f, &v), 500);
	for (int i = 0; i < N; i++) {
		v.n_words = 1;
		w[0].word = words[i];
		same_as_reference(f, &v);
		v.n_words = 2;
		for (int j = 0; j < N; j++) {
			w[1].word = words[j];
			same_as_reference(f, &v);
		}
	}
}

static void test_known_rows(void **state)
{
	fixture *f = *state;
	jx_list_view v = {0};
	jx_sheet_summary *rows;
	size_t n;
	int64_t pos;
	jx_err err;
	/* the list's own order: 2024 (i % 10 = 9) first, 项目0009 the first
	 * name; 2015 (i % 10 = 0) last, 项目1990 the last name not in the trash */
	assert_int_equal(jx_list_rows(f->st, &v, 0, 1, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, 9);
	assert_string_equal(rows[0].name, "项目0009");
	assert_int_equal(rows[0].total, D("59"));
	assert_string_equal(rows[0].grade, "差");
	assert_int_equal(rows[0].findings, 4);
	jx_summaries_free(rows, n);
	/* the last page: 1981 rows, rows 1961 … 1980; asking past the end gives
	 * what there is */
	assert_int_equal(jx_list_rows(f->st, &v, 1961, 40, &rows, &n, &err), 0);
	assert_int_equal(n, 20);
	assert_int_equal(rows[19].id, 1990);
	assert_int_equal(rows[18].id, 1980);
	jx_summaries_free(rows, n);
	assert_int_equal(jx_list_rows(f->st, &v, 1981, 40, &rows, &n, &err), 0);
	assert_int_equal(n, 0);
	jx_summaries_free(rows, n);
	assert_int_equal(jx_list_position(f->st, &v, 1990, &pos, &err), 1);
	assert_int_equal(pos, 1980);
	/* a sheet in the trash is not in the list; in the trash, 2000 is the
	 * last of the 20 (all 2015, by name) */
	assert_int_equal(jx_list_position(f->st, &v, 2000, &pos, &err), 0);
	v.trash = 1;
	assert_int_equal(jx_list_position(f->st, &v, 2000, &pos, &err), 1);
	assert_int_equal(pos, 19);
	v.trash = 0;
	/* the copy shows its label, right after 项目0001 (both 2016, then by id) */
	assert_int_equal(jx_list_position(f->st, &v, 1, &pos, &err), 1);
	int64_t copy_pos;
	assert_int_equal(jx_list_position(f->st, &v, 2001, &copy_pos, &err), 1);
	assert_int_equal(copy_pos, pos + 1);
	assert_int_equal(jx_list_rows(f->st, &v, copy_pos, 1, &rows, &n, &err), 0);
	assert_string_equal(rows[0].name, "项目0001（冲突副本，来自 laptop）");
	jx_summaries_free(rows, n);
	/* by total, highest first: 99 is i % 50 = 49, the first one 49; not
	 * scored last, the last of them the highest id: 1991 (11 × 181) */
	v.sorted = 1;
	v.key = JX_LIST_TOTAL;
	v.desc = 1;
	assert_int_equal(jx_list_rows(f->st, &v, 0, 1, &rows, &n, &err), 0);
	assert_int_equal(rows[0].id, 49);
	jx_summaries_free(rows, n);
	assert_int_equal(jx_list_rows(f->st, &v, 1980, 1, &rows, &n, &err), 0);
	assert_int_equal(rows[0].id, 1991);
	assert_int_equal(rows[0].total, JX_NONE);
	assert_int_equal(rows[0].findings, -1);
	jx_summaries_free(rows, n);
	/* lowest first: not scored first, by id: 11 */
	v.desc = 0;
	assert_int_equal(jx_list_rows(f->st, &v, 0, 1, &rows, &n, &err), 0);
	assert_int_equal(rows[0].id, 11);
	jx_summaries_free(rows, n);
}

/* An export of the filtered list gets every sheet of it, not a window's. */
static void test_ids(void **state)
{
	fixture *f = *state;
	jx_list_word w = {"项目000", NULL, NULL};
	jx_list_view v = {0, 0, JX_LIST_YEAR, 0, &w, 1};
	int64_t *ids;
	size_t n, copies;
	jx_err err;
	/* 项目0009 (2024) … 项目0001 (2016); the copy left out and counted */
	assert_int_equal(jx_list_ids(f->st, &v, &ids, &n, &copies, &err), 0);
	assert_int_equal(n, 9);
	assert_int_equal(copies, 1);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], 9 - (int64_t)i);
	free(ids);
	/* the whole list: 1981 rows, less the copy */
	v.n_words = 0;
	assert_int_equal(jx_list_ids(f->st, &v, &ids, &n, &copies, &err), 0);
	assert_int_equal(n, 1980);
	assert_int_equal(copies, 1);
	assert_int_equal(ids[0], 9);
	assert_int_equal(ids[n - 1], 1990);
	free(ids);
	/* the trash: nothing to export */
	v.trash = 1;
	assert_int_equal(jx_list_ids(f->st, &v, &ids, &n, &copies, &err), 0);
	assert_int_equal(n, 0);
	free(ids);
}

/* A sheet scored, trashed or restored after the list was read moves in it
 * when it is read again, as the indexes follow the table. */
static void test_follows_changes(void **state)
{
	fixture *f = *state;
	jx_list_view v = {0, 1, JX_LIST_TOTAL, 1, NULL, 0};
	jx_sheet_summary *rows;
	size_t n;
	int64_t pos;
	jx_err err;
	/* 1991 (not scored) scored 99.50: now the first */
	assert_int_equal(jx_store_set_summary(f->st, 1991, D("99.5"), "优", 0, &err), 0);
	assert_int_equal(jx_list_rows(f->st, &v, 0, 1, &rows, &n, &err), 0);
	assert_int_equal(rows[0].id, 1991);
	jx_summaries_free(rows, n);
	assert_int_equal(jx_store_trash(f->st, 1991, 1, "test", &err), 0);
	assert_int_equal(count_of(f, &v), 1981 - 1);
	assert_int_equal(jx_list_position(f->st, &v, 1991, &pos, &err), 0);
	v.trash = 1;
	assert_int_equal(count_of(f, &v), 21);
	assert_int_equal(jx_list_position(f->st, &v, 1991, &pos, &err), 1);
	assert_int_equal(pos, 0);
}


/* ---- views kept (store_list_memo.h) ---- */

/* The scan of v (filtered by words) is want[0 … n), and its pairs are
 * those of `pairs` (any order); the row of keep is keep_pos. */
static void scan_is(fixture *f, const jx_list_view *v, const int64_t *want, size_t n, const char *pairs, int64_t keep,
		    int64_t keep_pos)
{
	jx_list_scan_out sc;
	char seen[512] = "";
	jx_err err;
	assert_int_equal(jx_list_scan(f->st, v, keep, 0, 4096, &sc, add_grade, seen, &err), 0);
	assert_int_equal(sc.n, (int64_t)n);
	assert_int_equal(sc.n_few, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(sc.few[i], want[i]);
	assert_int_equal(sc.pos, keep_pos);
	assert_int_equal(strlen(seen), strlen(pairs));
	for (char *p = seen, *e; (e = strchr(p, ';')); p = e + 1) {
		char pair[96];
		snprintf(pair, sizeof pair, "%.*s", (int)(e - p + 1), p);
		assert_non_null(strstr(pairs, pair));
	}
	free(sc.few);
	free(sc.near);
}

/* Is a view of these words kept, in the order of v? */
static int kept(const fixture *f, const jx_list_view *v)
{
	char *sig = list_memo_sig(v);
	int found = 0;
	for (size_t i = 0; sig && f->st->list_memo && i < MEMO_VIEWS; i++) {
		const list_memo_view *m = &f->st->list_memo->v[i];
		found |= m->sig && strcmp(m->sig, sig) == 0 && m->sorted == v->sorted && m->key == v->key && m->desc == v->desc;
	}
	free(sig);
	return found;
}

/* A sort of a filtered list, a word typed on and a Backspace take the
 * sheets kept from before, and never after a write: by another program
 * (another connection), by this one, or a sheet put in the trash.
 * 项目000 is in the names 项目0001 … 项目0009 (ids 1 … 9, none in the
 * trash, which holds every 100th) and in the conflict copy 2001 of
 * 项目0001.  Their totals are 50 + i points (51 … 59, grade 差), the
 * copy's 80 (良); templates project-self-sichuan for i = 3, 6, 9, else
 * project-self-2020 (the copy too). */
static void test_kept_views(void **state)
{
	fixture *f = *state;
	jx_list_word w[2] = {{"项目000", NULL, NULL}, {"2020", NULL, NULL}};
	jx_list_view v = {0, 0, JX_LIST_YEAR, 0, w, 1};
	const char *three = "差/project-self-2020;差/project-self-sichuan;良/project-self-2020;";
	jx_err err;
	/* the list's order: year descending (2015 + i: 9 is 2024 … 1 and the
	 * copy 2016), then name, then id */
	scan_is(f, &v, (const int64_t[]){9, 8, 7, 6, 5, 4, 3, 2, 1, 2001}, 10, three, 4, 5);
	assert_true(kept(f, &v));
	/* sorted by total, descending: the copy (80), then 59 … 51; from the
	 * sheets kept, put in that order */
	v.sorted = 1;
	v.key = JX_LIST_TOTAL;
	v.desc = 1;
	scan_is(f, &v, (const int64_t[]){2001, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 10, three, 4, 6);
	assert_true(kept(f, &v));
	/* a word added: 2020 is in the template project-self-2020 (1, 2, 4,
	 * 5, 7, 8 and the copy) and in the year of 5 — narrowed from the ten
	 * kept */
	v.n_words = 2;
	assert_false(kept(f, &v));
	scan_is(f, &v, (const int64_t[]){2001, 8, 7, 5, 4, 2, 1}, 7, "差/project-self-2020;良/project-self-2020;", 7, 2);
	assert_true(kept(f, &v));
	/* another program renames 7: both views kept are of before */
	sqlite3 *db = raw_open(f->db);
	assert_int_equal(sqlite3_exec(db, "UPDATE sheets SET name = '其他' WHERE id = 7", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	scan_is(f, &v, (const int64_t[]){2001, 8, 5, 4, 2, 1}, 6, "差/project-self-2020;良/project-self-2020;", 7, -1);
	v.n_words = 1; /* Backspace */
	scan_is(f, &v, (const int64_t[]){2001, 9, 8, 6, 5, 4, 3, 2, 1}, 9, three, 4, 5);
	/* this program scores 3 at 99.50: first now */
	assert_int_equal(jx_store_set_summary(f->st, 3, D("99.5"), "优", 0, &err), 0);
	scan_is(f, &v, (const int64_t[]){3, 2001, 9, 8, 6, 5, 4, 2, 1}, 9,
		"优/project-self-sichuan;差/project-self-2020;差/project-self-sichuan;良/project-self-2020;", 4, 6);
	/* 9 put in the trash */
	assert_int_equal(jx_store_trash(f->st, 9, 1, "test", &err), 0);
	scan_is(f, &v, (const int64_t[]){3, 2001, 8, 6, 5, 4, 2, 1}, 8,
		"优/project-self-sichuan;差/project-self-2020;差/project-self-sichuan;良/project-self-2020;", 4, 5);
	/* a word holding a separator of what the store keeps views under is
	 * looked for, its view never kept (no sheet holds it) */
	jx_list_word odd[1] = {{"项目\x1f" "0", NULL, NULL}};
	jx_list_view vo = {0, 0, JX_LIST_YEAR, 0, odd, 1};
	assert_null(list_memo_sig(&vo));
	scan_is(f, &vo, NULL, 0, "", 0, -1);
	assert_false(kept(f, &vo));
	/* and from the kept view, sorted again: by name ascending, the copy
	 * after 1 (same name, higher id) */
	v.key = JX_LIST_NAME;
	v.desc = 0;
	scan_is(f, &v, (const int64_t[]){1, 2001, 2, 3, 4, 5, 6, 8}, 8,
		"优/project-self-sichuan;差/project-self-2020;差/project-self-sichuan;良/project-self-2020;", 8, 7);
}

/* The scan of v with room for 7 ids (a view too big to keep whole): n
 * sheets, keep at row pos, the rows near it those of the reference. */
static void window_is(fixture *f, const jx_list_view *v, int64_t keep, int64_t n, int64_t pos)
{
	size_t nw;
	int64_t *want = reference(f, v, &nw);
	jx_list_scan_out sc;
	jx_err err;
	assert_int_equal(jx_list_scan(f->st, v, keep, 0, 7, &sc, NULL, NULL, &err), 0);
	assert_int_equal(sc.n, n);
	assert_int_equal((int64_t)nw, n);
	assert_int_equal(sc.pos, pos);
	assert_null(sc.few);
	assert_non_null(sc.near);
	assert_int_equal(sc.near_off, pos - JX_LIST_NEAR_BEFORE);
	assert_int_equal(sc.n_near, (size_t)(n - sc.near_off)); /* to the end: fewer than JX_LIST_NEAR */
	for (size_t j = 0; j < sc.n_near; j++)
		assert_int_equal(sc.near[j], want[sc.near_off + (int64_t)j]);
	free(sc.near);
	free(want);
}

/* A view too big to keep whole keeps the rows around the selected sheet:
 * back to it (Backspace) with the cursor on the same sheet, they are
 * taken, never after a write.  项目00 is in 项目0001 … 项目0099 (ids 1 …
 * 99) and the copy 2001: 100 sheets.  In the list's order (year
 * descending, 2015 + i % 10) the last year, 2015, holds 10, 20 … 90 (100
 * is in the trash and not 项目00): 91 rows before them, and 50 is their
 * fifth, row 95. */
static void test_kept_windows(void **state)
{
	fixture *f = *state;
	jx_list_word w[1] = {{"项目00", NULL, NULL}};
	jx_list_view v = {0, 0, JX_LIST_YEAR, 0, w, 1};
	window_is(f, &v, 50, 100, 95);
	assert_true(kept(f, &v));
	window_is(f, &v, 50, 100, 95); /* from what was kept */
	/* another program renames 10, one of the rows before 50 */
	sqlite3 *db = raw_open(f->db);
	assert_int_equal(sqlite3_exec(db, "UPDATE sheets SET name = '其他' WHERE id = 10", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	jx_summaries_free(f->all, f->n); /* the reference reads the list again */
	jx_err err;
	assert_int_equal(jx_store_list(f->st, 1, &f->all, &f->n, &err), 0);
	window_is(f, &v, 50, 99, 94);
	/* sorted by total, descending: the copy (80), then every sheet scored
	 * above 50 points (50 + i % 50: 90 of the 99, less 50 itself at 50 and
	 * the renamed 10), the 9 not scored (11, 22 … 99) last: 50 at row 89
	 * of 99, kept for a Backspace with the cursor on it, and read again
	 * after the copy is put in the trash */
	v.sorted = 1;
	v.key = JX_LIST_TOTAL;
	v.desc = 1;
	for (int round = 0; round < 3; round++) {
		jx_list_scan_out sc;
		if (round == 2)
			assert_int_equal(jx_store_trash(f->st, 2001, 1, "test", &err), 0);
		assert_int_equal(jx_list_scan(f->st, &v, 50, 0, 7, &sc, NULL, NULL, &err), 0);
		assert_int_equal(sc.n, round < 2 ? 99 : 98);
		assert_int_equal(sc.pos, round < 2 ? 89 : 88);
		assert_null(sc.few);
		free(sc.near);
		assert_true(kept(f, &v));
	}
}

/* The list's own order is taken from the pass's plan, checked once (a
 * search of sheets_list by deleted alone), not from each row: 项目00 with
 * the cursor on 50 is found with the rows around it as above, 100 sheets,
 * row 95.  Without that index (another plan) the same view comes out, the
 * row counted apart and no rows around it: with the cursor on 60, the
 * sixth of 10, 20 … 90, row 96.  First, a copy is found by its label
 * where the word runs from its name into it: "0001（冲" is in "项目0001（冲
 * 突副本，来自 laptop）" alone, not in 项目0001 (sheet 1). */
static void test_order_from_plan(void **state)
{
	fixture *f = *state;
	jx_list_word w[1] = {{"项目00", NULL, NULL}}, label[1] = {{"0001（冲", NULL, NULL}};
	jx_list_view v = {0, 0, JX_LIST_YEAR, 0, w, 1};
	jx_list_scan_out sc;
	jx_err err;
	v.words = label;
	assert_int_equal(jx_list_scan(f->st, &v, 2001, 0, 7, &sc, NULL, NULL, &err), 0);
	assert_int_equal(sc.n, 1);
	assert_int_equal(sc.n_few, 1);
	assert_int_equal(sc.few[0], 2001);
	assert_int_equal(sc.pos, 0);
	free(sc.few);
	v.words = w;
	window_is(f, &v, 50, 100, 95);
	sqlite3 *db = raw_open(f->db);
	assert_int_equal(sqlite3_exec(db, "DROP INDEX sheets_list", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(jx_list_scan(f->st, &v, 60, 0, 7, &sc, NULL, NULL, &err), 0);
	assert_int_equal(sc.n, 100);
	assert_int_equal(sc.pos, 96);
	assert_null(sc.few);
	assert_null(sc.near);
}

/* The connection's page cache: SQLite's default (cache_size -2000, in
 * KiB) until the list's first filtered pass, then LIST_CACHE_KIB, so
 * that the list's index stays cached from one key typed to the next;
 * never more however many passes follow, and the views the same (the
 * fixture's: 项目00 holds 100 sheets, 50 at row 95; 项目 every sheet out
 * of the trash, 1,980 of 2,000 and the copy: 1,981). */
static void test_page_cache(void **state)
{
	fixture *f = *state;
	jx_list_word w[1] = {{"项目00", NULL, NULL}}, all[1] = {{"项目", NULL, NULL}};
	jx_list_view v = {0, 0, JX_LIST_YEAR, 0, NULL, 0};
	jx_list_scan_out sc;
	jx_err err;
	int64_t size = 0;
	assert_int_equal(jx_db_int(&f->st->db, &err, &size, "PRAGMA cache_size", NULL, 0), 1);
	assert_int_equal(size, -2000);
	assert_int_equal(jx_list_scan(f->st, &v, 0, 0, 7, &sc, NULL, NULL, &err), 0); /* the whole list */
	assert_int_equal(sc.n, 1981);
	assert_int_equal(jx_db_int(&f->st->db, &err, &size, "PRAGMA cache_size", NULL, 0), 1);
	assert_int_equal(size, -2000);
	v.words = w;
	v.n_words = 1;
	window_is(f, &v, 50, 100, 95);
	assert_int_equal(jx_db_int(&f->st->db, &err, &size, "PRAGMA cache_size", NULL, 0), 1);
	assert_int_equal(size, -(int64_t)LIST_CACHE_KIB);
	v.words = all;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(jx_list_scan(f->st, &v, 1 + i, 0, 7, &sc, NULL, NULL, &err), 0);
		assert_int_equal(sc.n, 1981);
		free(sc.few);
		free(sc.near);
	}
	assert_int_equal(jx_db_int(&f->st->db, &err, &size, "PRAGMA cache_size", NULL, 0), 1);
	assert_int_equal(size, -(int64_t)LIST_CACHE_KIB);
}

/* Both directions of every column are read from an index in order
 * (schema/015): the statement that finds a window's rows sorts nothing,
 * whether the list is filtered or not.  Filtered by 项目 (every sheet),
 * more than few_max match, which is when the window is read this way;
 * fewer are read by id. */
static void test_window_sorts_nothing(void **state)
{
	fixture *f = *state;
	jx_list_word w[1] = {{"项目", NULL, NULL}};
	jx_err err;
	for (int filtered = 0; filtered < 2; filtered++)
		for (int k = 0; k < JX_LIST_NKEYS; k++)
			for (int desc = 0; desc < 2; desc++) {
				jx_list_view v = {0, 1, (jx_list_key)k, desc, w, (size_t)filtered};
				jx_sheet_summary *rows = NULL;
				size_t n = 0;
				for (sqlite3_stmt *q = NULL; (q = sqlite3_next_stmt(f->st->db.h, q));)
					sqlite3_stmt_status(q, SQLITE_STMTSTATUS_SORT, 1);
				assert_int_equal(jx_list_rows(f->st, &v, 300, 50, &rows, &n, &err), 0);
				assert_int_equal(n, 50);
				jx_summaries_free(rows, n);
				int windows = 0;
				for (sqlite3_stmt *q = NULL; (q = sqlite3_next_stmt(f->st->db.h, q));) {
					const char *sql = sqlite3_sql(q);
					if (strncmp(sql, "SELECT id FROM sheets", 21) || !strstr(sql, "LIMIT"))
						continue;
					if (sqlite3_stmt_status(q, SQLITE_STMTSTATUS_SORT, 0))
						fail_msg("key %d%s%s sorts: %s", k, desc ? " descending" : "",
							 filtered ? " filtered" : "", sql);
					windows++;
				}
				assert_true(windows > 0);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grades, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stage_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_known_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_follows_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_sorts_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_from_plan, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
