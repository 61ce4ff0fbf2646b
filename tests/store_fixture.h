/* What the store's tests share: a directory of its own for each test's
 * database, a sheet with every part filled, opening and inserting that
 * fail the test with the store's message. */
#ifndef JX_TEST_STORE_FIXTURE_H
#define JX_TEST_STORE_FIXTURE_H

#include "testutil.h"
#include "store_calls.h"
#include "rawdb.h"
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "err.h"
#include "field.h"
#include "model.h"
#include "store.h"
#include "store_int.h" /* the store's connection, for one statement run inside a bulk transaction */
#include "schema_text.h"
#include "embedded.h"

/* ---- temp files ---- */

typedef struct {
	char dir[64];
	char db[128];
} tmpdb;

static inline void tmp_make(tmpdb *t)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/jx-store-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->db, sizeof t->db, "%s/test->db", t->dir);
}

static inline void tmp_clean(tmpdb *t)
{
	char p[160];
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", t->db, sfx[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

/* Each test gets its own directory, removed even when the test fails. */
static inline int setup_db(void **state)
{
	tmpdb *t = malloc(sizeof *t);
	if (!t)
		return -1;
	tmp_make(t);
	*state = t;
	return 0;
}

static inline int teardown_db(void **state)
{
	tmpdb *t = *state;
	tmp_clean(t);
	free(t);
	return 0;
}

static inline int exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* ---- raw SQLite helpers (to look at the file behind the store's back) ---- */

static inline int raw_type(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	int t = -1;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		t = sqlite3_column_type(q, 0);
	sqlite3_finalize(q);
	return t;
}

/* ---- a sheet with every part filled, built in C ---- */

static inline jx_sheet *full_sheet(const char *uid, const char *name)
{
	jx_sheet *s = jx_sheet_new();
	jx_fund *f;
	jx_subproject *p;
	jx_goal *g;
	jx_indicator *d;
	jx_entry *e;
	jx_stated *t;
	assert_non_null(s);
	jx_set_str(&s->uid, uid);
	jx_set_str(&s->template_id, "project-self-2020");
	s->template_version = 1;
	s->year = 2022;
	jx_set_str(&s->status, "draft");
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		char v[64];
		snprintf(v, sizeof v, "%s 的值", jx_info_labels[i].key);
		jx_set_str(&s->info[i], v);
	}
	jx_set_str(&s->info[JX_INFO_NAME], name);
	jx_set_str(&s->info[JX_INFO_UNIT], "江门市工业和信息化局");
	jx_set_str(&s->info[JX_INFO_BACKGROUND], "第一段\n第二段");
	for (int i = 0; i < JX_NARR_COUNT; i++) {
		char v[64];
		snprintf(v, sizeof v, "%s\n说明", jx_narr_labels[i].zh);
		jx_set_str(&s->narr[i], v);
	}
	jx_sheet_add_basis(s, "《江门市工业发展专项资金管理办法》");
	jx_sheet_add_basis(s, "江工信〔2022〕1号");
	f = jx_sheet_add_fund(s, "当年财政拨款");
	f->planned = JX_INT(1935);
	f->budget = JX_INT(1935);
	f->received = JX_INT(1935);
	f->spent = D("480.82");
	f = jx_sheet_add_fund(s, "上年结转资金");
	f->budget = 0; /* zero is a value, distinct from not entered */
	p = jx_sheet_add_sub(s);
	jx_set_str(&p->name, "项目评审");
	p->budget = JX_INT(30);
	p->spent = D("12.5");
	p = jx_sheet_add_sub(s);
	jx_set_str(&p->name, "产业规划");
	g = jx_sheet_add_goal(s);
	jx_set_str(&g->planned, "完成评审");
	jx_set_str(&g->actual, "完成五项");
	d = jx_sheet_add_ind(s, "i1");
	jx_set_str(&d->slot, "output.quantity");
	jx_set_str(&d->name, "评审项目总数量");
	jx_set_str(&d->subproject, "2022年5G产业发展扶持资金项目评审");
	d->cmp = JX_CMP_GE;
	d->target = JX_INT(6);
	jx_set_str(&d->target_text, "6个");
	jx_set_str(&d->unit, "个");
	d->actual = JX_INT(5);
	jx_set_str(&d->actual_text, "评审项目总数量 5 个");
	d->points = JX_INT(2);
	d->score_stated = JX_INT(2);
	d->deduction = D("0.5");
	jx_set_str(&d->deduction_reason, "资料不全");
	jx_set_str(&d->deviation_reason, "一个项目推迟");
	d = jx_sheet_add_ind(s, "i2");
	jx_set_str(&d->slot, "satisfaction.service");
	jx_set_str(&d->name, "服务对象满意度");
	d->cmp = JX_CMP_QUAL;
	d->points = JX_INT(10);
	d->band = 1;
	d->score_entered = D("7.5");
	d->override_score = JX_INT(7);
	jx_set_str(&d->override_reason, "复核");
	d = jx_sheet_add_ind(s, "i5");
	jx_set_str(&d->slot, "output.timeliness");
	jx_set_str(&d->name, "完成时间");
	d->cmp = JX_CMP_DEADLINE;
	jx_set_str(&d->target_text, "2022-12-31");
	jx_set_str(&d->actual_text, "2022-11-30");
	d->actual = JX_INT(-1); /* negatives are stored as they are */
	jx_sheet_set_mark(s, "decision.project.basis", 0, JX_INT(1));
	jx_sheet_set_mark(s, "decision.project.basis", 2, D("0.5"));
	e = jx_sheet_set_entry(s, "result", D("80.08"));
	jx_set_str(&e->note, "第三方评价");
	jx_sheet_set_measure(s, "三公经费预算数", D("28.8"));
	jx_sheet_set_measure(s, "三公经费实际支出", D("8.128826"));
	t = jx_sheet_add_stated(s, "total");
	t->value = D("98.93");
	jx_set_str(&t->source, "正文 四");
	t = jx_sheet_add_stated(s, "grade");
	jx_set_str(&t->text, "优");
	t = jx_sheet_add_stated(s, "execution:rate");
	t->value = D("24.85");
	s->review_score = D("95.5");
	jx_set_str(&s->review_opinion, "同意");
	jx_set_str(&s->review_result, "通过");
	jx_set_str(&s->origin, "host-a");
	return s;
}

static inline void assert_contains(const char *msg, const char *phrase)
{
	if (!strstr(msg, phrase)) {
		print_error("message \"%s\" lacks \"%s\"\n", msg, phrase);
		fail();
	}
}

#endif
