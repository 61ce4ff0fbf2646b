/* Rows taken out and put back (store.h, the undo of deletes in the
 * workstation): an indicator back under its own key with every column and
 * its stated figure; fund sources, sub-projects, basis documents and goals
 * deleted and put back at their place; one audit row each; refusals. */
#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "field.h"
#include "model.h"
#include "store.h"

typedef struct {
	char dir[64];
	char db[128];
	jx_store *st;
	jx_sheet *s;
} fixture;

/* A sheet with two funds, three sub-projects, three documents, two goals
 * and three indicators, the second with a stated actual. */
static jx_sheet *make_sheet(void)
{
	jx_sheet *s = jx_sheet_new();
	assert_non_null(s);
	s->year = 2022;
	jx_set_str(&s->template_id, "project-self-2020");
	jx_set_str(&s->status, "draft");
	jx_set_str(&s->info[JX_INFO_NAME], "工业发展管理经费");
	jx_fund *f = jx_sheet_add_fund(s, "当年财政拨款");
	f->planned = f->budget = f->received = D("1935");
	f->spent = D("480.82");
	f = jx_sheet_add_fund(s, "上年结转资金");
	f->budget = D("100");
	f->spent = D("50");
	static const char *const subs[] = {"推进大型产业集聚区", "项目评审", "工业节能"};
	for (int i = 0; i < 3; i++) {
		jx_subproject *p = jx_sheet_add_sub(s);
		jx_set_str(&p->name, subs[i]);
		p->budget = JX_INT(10 * (i + 1));
		p->spent = JX_INT(i + 1);
	}
	jx_sheet_add_basis(s, "文件一");
	jx_sheet_add_basis(s, "文件二");
	jx_sheet_add_basis(s, "文件三");
	jx_goal *g = jx_sheet_add_goal(s);
	jx_set_str(&g->planned, "目标甲");
	jx_set_str(&g->actual, "完成甲");
	g = jx_sheet_add_goal(s);
	jx_set_str(&g->planned, "目标乙");
	static const char *const names[] = {"先行启动区产业规划", "评审项目总数量", "评审专家人数"};
	for (int i = 0; i < 3; i++) {
		jx_indicator *d = jx_sheet_add_ind(s, NULL);
		jx_set_str(&d->slot, "output.quantity");
		jx_set_str(&d->name, names[i]);
		d->cmp = JX_CMP_GE;
		d->target = JX_INT(6);
		d->actual = JX_INT(5);
		d->points = D("0.94");
		jx_set_str(&d->unit, "个");
		jx_set_str(&d->deviation_reason, "部分项目\n延期");
		d->score_stated = D("0.78");
	}
	jx_stated *t = jx_sheet_add_stated(s, "ind:i2:actual");
	t->value = JX_INT(5);
	jx_set_str(&t->source, "正文");
	return s;
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	jx_err err;
	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/jx-rows-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->db, sizeof fx->db, "%s/t.db", fx->dir);
	if (jx_store_open(&fx->st, fx->db, JX_STORE_CREATE, &err) < 0)
		return -1;
	fx->s = make_sheet();
	if (jx_store_insert(fx->st, fx->s, "tester", &err) < 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	char p[160];
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	jx_sheet_free(fx->s);
	jx_store_close(fx->st);
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", fx->db, sfx[i]);
		unlink(p);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* The sheet as stored now. */
static jx_sheet *reload(fixture *fx)
{
	jx_sheet *d = NULL;
	jx_err err;
	assert_int_equal(jx_store_load(fx->st, fx->s->id, &d, &err), 0);
	return d;
}

/* Audit rows of a field. */
static size_t audit_rows(fixture *fx, const char *field, jx_audit_row **rows)
{
	size_t n = 0;
	jx_err err;
	assert_int_equal(jx_store_history(fx->st, fx->s->id, field, rows, &n, &err), 0);
	return n;
}

/* A copy of the indicator at `at` in a holder sheet, as the workstation keeps it. */
static jx_sheet *hold(const jx_sheet *s, size_t at)
{
	jx_sheet *c = jx_sheet_clone(s), *h = jx_sheet_new();
	assert_non_null(c);
	assert_non_null(h);
	/* the holder takes the indicator over whole (its strings move) */
	h->inds = calloc(1, sizeof *h->inds);
	assert_non_null(h->inds);
	h->inds[0] = c->inds[at];
	h->n_inds = 1;
	memmove(&c->inds[at], &c->inds[at + 1], (c->n_inds - at - 1) * sizeof c->inds[0]);
	c->n_inds--;
	jx_sheet_free(c);
	return h;
}

static void test_indicator_back_under_its_key(void **state)
{
	fixture *fx = *state;
	jx_err err;
	jx_audit_row *rows;
	jx_sheet *h = hold(fx->s, 1);
	assert_string_equal(h->inds[0].key, "i2");
	assert_int_equal(jx_store_delete_indicator(fx->st, fx->s, 1, "tester", &err), 0);
	assert_int_equal(fx->s->n_inds, 2);
	assert_int_equal(jx_store_restore_indicator(fx->st, fx->s, 1, &h->inds[0], "tester", &err), 0);

	/* in memory and on disk: the same key at the same place, every column */
	jx_sheet *d = reload(fx);
	for (int k = 0; k < 2; k++) {
		const jx_sheet *s = k ? d : fx->s;
		assert_int_equal(s->n_inds, 3);
		assert_string_equal(s->inds[0].key, "i1");
		assert_string_equal(s->inds[1].key, "i2");
		assert_string_equal(s->inds[2].key, "i3");
		assert_string_equal(s->inds[1].name, "评审项目总数量");
		assert_string_equal(s->inds[1].unit, "个");
		assert_string_equal(s->inds[1].slot, "output.quantity");
		assert_string_equal(s->inds[1].deviation_reason, "部分项目\n延期");
		assert_int_equal(s->inds[1].cmp, JX_CMP_GE);
		assert_int_equal(s->inds[1].target, JX_INT(6));
		assert_int_equal(s->inds[1].actual, JX_INT(5));
		assert_int_equal(s->inds[1].points, D("0.94"));
		assert_int_equal(s->inds[1].score_stated, D("0.78"));
		assert_int_equal(s->inds[1].band, -1);
	}
	/* the stated actual still names it */
	assert_non_null(jx_sheet_stated(d, "ind:i2:actual"));
	assert_non_null(jx_sheet_ind(d, "i2"));
	assert_true(jx_sheet_equal(d, fx->s));
	jx_sheet_free(d);

	/* one row for the delete, one for the restore (old empty, new the
	 * columns), and, as it went back mid-list, one for where: from the end
	 * of the two left (place 3) to place 2 */
	size_t n = audit_rows(fx, "ind:i2", &rows);
	assert_int_equal(n, 3);
	assert_string_equal(rows[1].field, "ind:i2");
	assert_string_equal(rows[1].old_value, "");
	assert_non_null(strstr(rows[1].new_value, "name=评审项目总数量"));
	assert_non_null(strstr(rows[1].new_value, "target=6"));
	assert_string_equal(rows[0].new_value, "");
	assert_string_equal(rows[2].field, "ind:i2:pos");
	assert_string_equal(rows[2].old_value, "3");
	assert_string_equal(rows[2].new_value, "2");
	jx_audit_free(rows, n);

	/* twice: refused, nothing written */
	int64_t rev = fx->s->revision;
	assert_int_equal(jx_store_restore_indicator(fx->st, fx->s, 1, &h->inds[0], "tester", &err), -1);
	assert_non_null(strstr(err.msg, "i2"));
	assert_int_equal(fx->s->revision, rev);
	n = audit_rows(fx, "ind:i2", &rows);
	assert_int_equal(n, 3);
	jx_audit_free(rows, n);
	jx_sheet_free(h);
}

static void test_indicator_refused_when_list_changed(void **state)
{
	fixture *fx = *state;
	jx_err err;
	jx_sheet *h = hold(fx->s, 2);
	assert_int_equal(jx_store_delete_indicator(fx->st, fx->s, 2, "tester", &err), 0);
	jx_sheet *other = reload(fx);
	/* meanwhile a row is added here: the other copy's list is not the one on disk */
	assert_int_equal(jx_store_add_indicator(fx->st, fx->s, 2, "output.quantity", "tester", &err), 0);
	assert_string_equal(fx->s->inds[2].key, "i4");
	assert_int_equal(jx_store_restore_indicator(fx->st, other, 2, &h->inds[0], "tester", &err), -1);
	assert_non_null(strstr(err.msg, "其他工作站"));
	assert_int_equal(other->n_inds, 2);
	jx_sheet *d = reload(fx);
	assert_int_equal(d->n_inds, 3);
	assert_null(jx_sheet_ind(d, "i3"));
	jx_sheet_free(d);
	/* a position past the end goes at the end */
	assert_int_equal(jx_store_restore_indicator(fx->st, fx->s, 99, &h->inds[0], "tester", &err), 0);
	assert_string_equal(fx->s->inds[3].key, "i3");
	d = reload(fx);
	assert_string_equal(d->inds[3].key, "i3");
	assert_string_equal(d->inds[3].name, "评审专家人数");
	jx_sheet_free(d);
	jx_sheet_free(other);
	jx_sheet_free(h);
}

/* A one-row holder of row `at` of a list. */
static jx_sheet *hold_row(const jx_sheet *s, jx_row_kind kind, size_t at)
{
	jx_sheet *h = jx_sheet_new();
	assert_non_null(h);
	switch (kind) {
	case JX_ROW_FUND: {
		jx_fund *f = jx_sheet_add_fund(h, s->funds[at].source);
		f->planned = s->funds[at].planned;
		f->budget = s->funds[at].budget;
		f->received = s->funds[at].received;
		f->spent = s->funds[at].spent;
		break;
	}
	case JX_ROW_SUB: {
		jx_subproject *p = jx_sheet_add_sub(h);
		jx_set_str(&p->name, s->subs[at].name);
		p->budget = s->subs[at].budget;
		p->spent = s->subs[at].spent;
		break;
	}
	case JX_ROW_BASIS:
		jx_sheet_add_basis(h, s->basis[at]);
		break;
	case JX_ROW_GOAL: {
		jx_goal *g = jx_sheet_add_goal(h);
		jx_set_str(&g->planned, s->goals[at].planned);
		jx_set_str(&g->actual, s->goals[at].actual);
		break;
	}
	}
	return h;
}

static void test_sub_project_out_and_back(void **state)
{
	fixture *fx = *state;
	jx_err err;
	jx_audit_row *rows;
	jx_sheet *h = hold_row(fx->s, JX_ROW_SUB, 1);
	assert_int_equal(jx_store_delete_row(fx->st, fx->s, JX_ROW_SUB, 1, "tester", &err), 0);
	jx_sheet *d = reload(fx);
	for (int k = 0; k < 2; k++) {
		const jx_sheet *s = k ? d : fx->s;
		assert_int_equal(s->n_subs, 2);
		assert_string_equal(s->subs[0].name, "推进大型产业集聚区");
		assert_string_equal(s->subs[1].name, "工业节能");
		assert_int_equal(s->subs[1].budget, JX_INT(30));
	}
	jx_sheet_free(d);
	/* the row after it is now sub:1 and can be changed as such */
	assert_int_equal(jx_store_set_field(fx->st, fx->s, NULL, "sub:1:spent", "4", "tester", &err), 0);
	d = reload(fx);
	assert_int_equal(d->subs[1].spent, JX_INT(4));
	jx_sheet_free(d);

	size_t n = audit_rows(fx, "sub:1", &rows);
	assert_int_equal(n, 2); /* the delete, then sub:1:spent */
	assert_string_equal(rows[0].field, "sub:1");
	assert_string_equal(rows[0].old_value, "name=项目评审; budget=20; spent=2");
	assert_string_equal(rows[0].new_value, "");
	jx_audit_free(rows, n);

	assert_int_equal(jx_store_insert_row(fx->st, fx->s, JX_ROW_SUB, 1, h, 0, "tester", &err), 0);
	d = reload(fx);
	for (int k = 0; k < 2; k++) {
		const jx_sheet *s = k ? d : fx->s;
		assert_int_equal(s->n_subs, 3);
		assert_string_equal(s->subs[0].name, "推进大型产业集聚区");
		assert_string_equal(s->subs[1].name, "项目评审");
		assert_int_equal(s->subs[1].budget, JX_INT(20));
		assert_int_equal(s->subs[1].spent, JX_INT(2));
		assert_string_equal(s->subs[2].name, "工业节能");
		assert_int_equal(s->subs[2].spent, JX_INT(4));
	}
	assert_true(jx_sheet_equal(d, fx->s));
	jx_sheet_free(d);
	n = audit_rows(fx, "sub:1", &rows);
	assert_int_equal(n, 3);
	assert_string_equal(rows[2].old_value, "");
	assert_string_equal(rows[2].new_value, "name=项目评审; budget=20; spent=2");
	jx_audit_free(rows, n);
	jx_sheet_free(h);
}

static void test_fund_out_and_back(void **state)
{
	fixture *fx = *state;
	jx_err err;
	jx_audit_row *rows;
	jx_sheet *h = hold_row(fx->s, JX_ROW_FUND, 0);
	/* totals with both rows: budget 1935 + 100 = 2035, spent 480.82 + 50 = 530.82 */
	jx_fund_totals t = jx_sheet_fund_totals(fx->s);
	assert_int_equal(t.budget, D("2035"));
	assert_int_equal(t.spent, D("530.82"));
	assert_int_equal(jx_store_delete_row(fx->st, fx->s, JX_ROW_FUND, 0, "tester", &err), 0);
	t = jx_sheet_fund_totals(fx->s);
	assert_int_equal(t.budget, D("100"));
	assert_int_equal(t.spent, D("50"));
	jx_sheet *d = reload(fx);
	assert_int_equal(d->n_funds, 1);
	assert_string_equal(d->funds[0].source, "上年结转资金");
	jx_sheet_free(d);
	size_t n = audit_rows(fx, "fund:当年财政拨款", &rows);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].old_value, "source=当年财政拨款; planned=1935; budget=1935; received=1935; spent=480.82");
	jx_audit_free(rows, n);

	/* back in front of the other one */
	assert_int_equal(jx_store_insert_row(fx->st, fx->s, JX_ROW_FUND, 0, h, 0, "tester", &err), 0);
	d = reload(fx);
	assert_int_equal(d->n_funds, 2);
	assert_string_equal(d->funds[0].source, "当年财政拨款");
	assert_int_equal(d->funds[0].spent, D("480.82"));
	assert_string_equal(d->funds[1].source, "上年结转资金");
	assert_true(jx_sheet_equal(d, fx->s));
	jx_sheet_free(d);
	/* the same source twice: refused */
	assert_int_equal(jx_store_insert_row(fx->st, fx->s, JX_ROW_FUND, 1, h, 0, "tester", &err), -1);
	assert_non_null(strstr(err.msg, "当年财政拨款"));
	jx_sheet_free(h);
}

static void test_documents_and_goals(void **state)
{
	fixture *fx = *state;
	jx_err err;
	jx_sheet *hb = hold_row(fx->s, JX_ROW_BASIS, 0), *hg = hold_row(fx->s, JX_ROW_GOAL, 0);
	assert_int_equal(jx_store_delete_row(fx->st, fx->s, JX_ROW_BASIS, 0, "tester", &err), 0);
	assert_int_equal(jx_store_delete_row(fx->st, fx->s, JX_ROW_GOAL, 0, "tester", &err), 0);
	jx_sheet *d = reload(fx);
	assert_int_equal(d->n_basis, 2);
	assert_string_equal(d->basis[0], "文件二");
	assert_int_equal(d->n_goals, 1);
	assert_string_equal(d->goals[0].planned, "目标乙");
	assert_null(d->goals[0].actual);
	jx_sheet_free(d);
	/* the last document, then the first back */
	assert_int_equal(jx_store_delete_row(fx->st, fx->s, JX_ROW_BASIS, 1, "tester", &err), 0);
	assert_int_equal(jx_store_insert_row(fx->st, fx->s, JX_ROW_BASIS, 0, hb, 0, "tester", &err), 0);
	assert_int_equal(jx_store_insert_row(fx->st, fx->s, JX_ROW_GOAL, 0, hg, 0, "tester", &err), 0);
	d = reload(fx);
	assert_int_equal(d->n_basis, 2);
	assert_string_equal(d->basis[0], "文件一");
	assert_string_equal(d->basis[1], "文件二");
	assert_int_equal(d->n_goals, 2);
	assert_string_equal(d->goals[0].planned, "目标甲");
	assert_string_equal(d->goals[0].actual, "完成甲");
	assert_string_equal(d->goals[1].planned, "目标乙");
	assert_true(jx_sheet_equal(d, fx->s));
	jx_sheet_free(d);
	jx_audit_row *rows;
	size_t n = audit_rows(fx, "basis:0", &rows);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].old_value, "文件一");
	assert_string_equal(rows[1].new_value, "文件一");
	jx_audit_free(rows, n);
	jx_sheet_free(hb);
	jx_sheet_free(hg);
}

static void test_refusals(void **state)
{
	fixture *fx = *state;
	jx_err err;
	int64_t rev = fx->s->revision;
	/* no such row */
	assert_int_equal(jx_store_delete_row(fx->st, fx->s, JX_ROW_SUB, 3, "tester", &err), -1);
	assert_non_null(strstr(err.msg, "二级项目"));
	assert_int_equal(jx_store_delete_row(fx->st, fx->s, (jx_row_kind)9, 0, "tester", &err), -1);
	/* the list changed on disk since this copy was loaded */
	jx_sheet *other = reload(fx);
	assert_int_equal(jx_store_set_field(fx->st, fx->s, NULL, "sub:2:name", "改过的名称", "tester", &err), 0);
	assert_int_equal(jx_store_delete_row(fx->st, other, JX_ROW_SUB, 0, "tester", &err), -1);
	assert_non_null(strstr(err.msg, "其他工作站"));
	jx_sheet *d = reload(fx);
	assert_int_equal(d->n_subs, 3);
	jx_sheet_free(d);
	jx_sheet_free(other);
	/* nothing to put back */
	jx_sheet *empty = jx_sheet_new();
	assert_int_equal(jx_store_insert_row(fx->st, fx->s, JX_ROW_GOAL, 0, empty, 0, "tester", &err), -1);
	jx_sheet_free(empty);
	assert_int_equal(fx->s->revision, rev + 1); /* only the name */
}

static void test_readonly_store(void **state)
{
	fixture *fx = *state;
	jx_err err;
	jx_store *ro = NULL;
	jx_sheet *s = NULL;
	assert_int_equal(jx_store_open(&ro, fx->db, JX_STORE_READONLY, &err), 0);
	assert_int_equal(jx_store_load(ro, fx->s->id, &s, &err), 0);
	jx_sheet *h = hold_row(s, JX_ROW_BASIS, 0);
	assert_int_equal(jx_store_delete_row(ro, s, JX_ROW_BASIS, 0, "tester", &err), -1);
	assert_non_null(strstr(err.msg, "只读"));
	assert_int_equal(jx_store_insert_row(ro, s, JX_ROW_BASIS, 0, h, 0, "tester", &err), -1);
	assert_int_equal(s->n_basis, 3);
	jx_sheet_free(h);
	jx_sheet_free(s);
	jx_store_close(ro);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_indicator_back_under_its_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indicator_refused_when_list_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sub_project_out_and_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fund_out_and_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents_and_goals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_store, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
