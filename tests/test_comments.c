/* Comments on fields (批注, src/comment.h, src/app_comment.h): the fold of
 * comment rows, the checks of places and texts, the store, and merging
 * between machines A and B through bundles.
 *
 * The rules (comment.h):
 *   rows fold in the order of (time, global id), numbers compared as
 *   numbers: "<db>:9" before "<db>:10"
 *   every answer kept in that order; answers never change the status;
 *   the last status row decides it
 *   comments merge apart from the content: each side takes the comment rows
 *   it lacks, and a sheet whose content is the same is 已更新, not 冲突
 */
#include "merge_fixture.h"

#include "app_comment.h"
#include "comment.h"
#include "strutil.h"

/* ---- the fold, on rows made by hand ---- */

static jx_audit_row row(const char *gid, const char *at, const char *field_, const char *old, const char *new_value)
{
	jx_audit_row r;
	memset(&r, 0, sizeof r);
	r.gid = (char *)gid;
	r.at = (char *)at;
	r.user = (char *)"u";
	r.origin = (char *)"m";
	r.field = (char *)field_;
	r.old_value = (char *)old;
	r.new_value = (char *)new_value;
	return r;
}

static void test_fold_order_and_status(void **state)
{
	(void)state;
	jx_err err = {{0}};
	jx_comments c;
	/* given out of order on purpose; the same second for the answers of
	 * database a, whose numbers 9 and 10 must not sort as text */
	jx_audit_row rows[] = {
		row("bbbbbbbbbbbbbbbb:3", "2025-01-02T00:00:05Z", "comment:k1:status", "open", "resolved"),
		row("aaaaaaaaaaaaaaaa:10", "2025-01-02T00:00:03Z", "comment:k1:answer", NULL, "second"),
		row("aaaaaaaaaaaaaaaa:9", "2025-01-02T00:00:03Z", "comment:k1:answer", NULL, "first"),
		row("aaaaaaaaaaaaaaaa:1", "2025-01-02T00:00:01Z", "comment:k1", "info:name", "名称不对"),
		row("bbbbbbbbbbbbbbbb:4", "2025-01-02T00:00:06Z", "comment:k1:answer", NULL, "after resolve"),
		row("aaaaaaaaaaaaaaaa:2", "2025-01-02T00:00:02Z", "comment:k2", "ind:i3", "整条"),
		row("aaaaaaaaaaaaaaaa:5", "2025-01-02T00:00:02Z", "info:name", "x", "y"),     /* not a comment */
		row("aaaaaaaaaaaaaaaa:6", "2025-01-02T00:00:02Z", "comment:zz:answer", NULL, "orphan"),
		row("aaaaaaaaaaaaaaaa:7", "2025-01-02T00:00:09Z", "comment:k2", "info:name", "again"), /* same cid twice */
		row("aaaaaaaaaaaaaaaa:8", "2025-01-02T00:00:09Z", "comment:k2:future", NULL, "x"),   /* unknown kind */
	};
	assert_int_equal(jx_comments_fold(rows, sizeof rows / sizeof rows[0], &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].cid, "k1");
	assert_string_equal(c.v[0].place, "info:name");
	assert_string_equal(c.v[0].note.text, "名称不对");
	/* answers: 9 then 10 (same second), then the one after the resolve */
	assert_int_equal(c.v[0].n_answers, 3);
	assert_string_equal(c.v[0].answers[0].text, "first");
	assert_string_equal(c.v[0].answers[1].text, "second");
	assert_string_equal(c.v[0].answers[2].text, "after resolve");
	/* resolved at :05; the answer at :06 leaves it resolved */
	assert_int_equal(c.v[0].resolved, 1);
	assert_string_equal(c.v[1].cid, "k2");
	assert_string_equal(c.v[1].place, "ind:i3");
	assert_string_equal(c.v[1].note.text, "整条");
	assert_int_equal(c.v[1].n_answers, 0);
	assert_int_equal(c.v[1].resolved, 0);
	assert_int_equal(jx_comments_open(&c), 1);
	jx_comments_free(&c);

	/* resolve then reopen: the last status row decides, whatever the
	 * order the rows are given in */
	{
		jx_audit_row r2[] = {
			row("bbbbbbbbbbbbbbbb:2", "2025-01-03T00:00:00Z", "comment:k1:status", "resolved", "open"),
			row("aaaaaaaaaaaaaaaa:1", "2025-01-01T00:00:00Z", "comment:k1", "info:name", "t"),
			row("aaaaaaaaaaaaaaaa:2", "2025-01-02T00:00:00Z", "comment:k1:status", "open", "resolved"),
		};
		assert_int_equal(jx_comments_fold(r2, 3, &c, &err), 0);
		assert_int_equal(c.n, 1);
		assert_int_equal(c.v[0].resolved, 0);
		assert_string_equal(c.v[0].status.gid, "bbbbbbbbbbbbbbbb:2");
		jx_comments_free(&c);
	}
}

static void test_touches(void **state)
{
	(void)state;
	assert_true(jx_comment_touches("ind:i3", "ind:i3:actual"));
	assert_true(jx_comment_touches("ind:i3:actual", "ind:i3"));
	assert_true(jx_comment_touches("info:name", "info:name"));
	assert_false(jx_comment_touches("ind:i3", "ind:i30:actual"));
	assert_false(jx_comment_touches("ind:i3:actual", "ind:i3:target"));
	assert_true(jx_comment_touches("fund:当年财政拨款", "fund:当年财政拨款:spent"));
	assert_false(jx_comment_touches("info:name", ""));
	assert_true(jx_comment_field("comment:ab"));
	assert_false(jx_comment_field("commentary"));
}

static void test_text_rules(void **state)
{
	(void)state;
	jx_err err = {{0}};
	char *out = NULL, big[4 * 502];
	size_t at = 0;
	assert_int_equal(jx_comment_text_check("  请附验收单  ", &out, &err), 0);
	assert_string_equal(out, "请附验收单");
	free(out);
	assert_int_equal(jx_comment_text_check("", &out, &err), -1);
	assert_non_null(strstr(err.msg, "不能为空"));
	assert_int_equal(jx_comment_text_check("a\xe2\x80\xae" "b", &out, &err), -1);
	assert_non_null(strstr(err.msg, "U+202E"));
	assert_int_equal(jx_comment_text_check("a\nb", &out, &err), -1);
	/* 500 characters of three bytes each pass; 501 do not */
	for (int i = 0; i < 500; i++, at += 3)
		memcpy(big + at, "字", 3);
	big[at] = 0;
	assert_int_equal(jx_comment_text_check(big, &out, &err), 0);
	free(out);
	memcpy(big + at, "字", 4);
	assert_int_equal(jx_comment_text_check(big, &out, &err), -1);
	assert_non_null(strstr(err.msg, "501 个字"));
	assert_null(out);
}

/* ---- one database ---- */

static jx_comments comments_of(jx_store *st, int64_t id)
{
	jx_comments c;
	jx_err err = {{0}};
	assert_int_equal(jx_app_comments(st, id, &c, &err), 0);
	return c;
}

static void add(machines *m, int who, int64_t id, const char *place, const char *text, size_t want_number)
{
	jx_err err = {{0}};
	size_t number = 0;
	jx_sheet *s = load(m->st[who], id);
	if (jx_app_comment_add(m->st[who], s, place, text, who == A ? "reviewer" : "unit", &number, &err))
		fail_msg("comment on %s: %s", place, err.msg);
	assert_int_equal(number, want_number);
	jx_sheet_free(s);
}

static void answer(machines *m, int who, int64_t id, size_t number, const char *text)
{
	jx_err err = {{0}};
	jx_sheet *s = load(m->st[who], id);
	if (jx_app_comment_answer(m->st[who], s, number, text, who == A ? "reviewer" : "unit", &err))
		fail_msg("answer %zu: %s", number, err.msg);
	jx_sheet_free(s);
}

static int resolve(machines *m, int who, int64_t id, size_t number, int resolved, jx_err *err)
{
	jx_sheet *s = load(m->st[who], id);
	int rc = jx_app_comment_resolve(m->st[who], s, number, resolved, "x", err);
	jx_sheet_free(s);
	return rc;
}

static void test_places_and_store(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_sheet *s;
	jx_comments c;
	int64_t id, rev;
	char key[64], label[256], digest[65], after[65];
	import_sample(m, A, JM, JX_MERGE_NEW);
	id = id_of(m->st[A], "4560a821-3f37-4679-addc-2963aa08b58b"); /* the sample's uid */
	s = load(m->st[A], id);
	assert_true(s->n_inds >= 2 && s->n_funds >= 1);
	snprintf(key, sizeof key, "ind:%s", s->inds[0].key);
	/* places: a field, a whole indicator, a whole fund row; refusals */
	assert_int_equal(jx_comment_place_check(s, "info:name", &err), 0);
	assert_int_equal(jx_comment_place_check(s, key, &err), 0);
	{
		char fp[200];
		snprintf(fp, sizeof fp, "fund:%s", s->funds[0].source);
		assert_int_equal(jx_comment_place_check(s, fp, &err), 0);
	}
	assert_int_equal(jx_comment_place_check(s, "ind:nosuch", &err), -1);
	assert_int_equal(jx_comment_place_check(s, "ind:nosuch:actual", &err), -1);
	assert_int_equal(jx_comment_place_check(s, "comment:x", &err), -1);
	rev = s->revision;
	assert_int_equal(jx_sheet_digest(s, digest), 0);
	jx_sheet_free(s);

	add(m, A, id, key, "第一条指标请核对", 1);
	add(m, A, id, "info:name", "名称", 2);
	/* a refused comment writes nothing and says why */
	s = load(m->st[A], id);
	assert_int_equal(jx_app_comment_add(m->st[A], s, "info:name", "", "x", NULL, &err), -2);
	assert_int_equal(jx_app_comment_answer(m->st[A], s, 3, "x", "x", &err), -2);
	assert_non_null(strstr(err.msg, "没有第 3 条批注"));
	/* every comment is a change: the revision went up by one each */
	assert_int_equal(s->revision, rev + 2);
	/* the indicator moves down: its comment follows it by key */
	assert_int_equal(jx_store_move_indicator(m->st[A], s, 0, 1, "x", &err), 0);
	assert_string_equal(s->inds[1].key, key + 4);
	c = comments_of(m->st[A], id);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].place, key);
	assert_string_equal(c.v[0].note.user, "reviewer");
	jx_comment_place_label(s, c.v[0].place, label, sizeof label);
	assert_non_null(strstr(label, s->inds[1].name));
	assert_non_null(strstr(label, "整条指标"));
	jx_comments_free(&c);
	jx_sheet_free(s);

	assert_int_equal(jx_comments_open_count(m->st[A], id), 2);
	assert_int_equal(resolve(m, A, id, 1, 1, &err), 0);
	assert_int_equal(resolve(m, A, id, 1, 1, &err), -2);
	assert_non_null(strstr(err.msg, "已经解决"));
	assert_int_equal(resolve(m, A, id, 2, 0, &err), -2);
	assert_int_equal(jx_comments_open_count(m->st[A], id), 1);
	assert_int_equal(resolve(m, A, id, 1, 0, &err), 0);
	assert_int_equal(jx_comments_open_count(m->st[A], id), 2);
	/* comments are not content: the sheet's digest is what it was, but
	 * for the move of its indicator, which is put back */
	s = load(m->st[A], id);
	assert_int_equal(jx_store_move_indicator(m->st[A], s, 1, 0, "x", &err), 0);
	assert_int_equal(jx_sheet_digest(s, after), 0);
	assert_string_equal(after, digest);
	jx_sheet_free(s);
}

/* ---- two machines ---- */

static void exchange(machines *m, int from, int to, int64_t id, jx_merge_result want)
{
	size_t len;
	char *y = export_bundle(m->st[from], &m->set, id, &len);
	expect_merge(m, to, y, len, want);
	free(y);
}

static void test_merge_answers(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_comments ca, cb;
	int64_t ida, idb;
	jx_merge_item it;
	size_t len;
	char *y;
	in_sync(m, &ida, &idb);
	add(m, A, ida, "info:name", "请核对名称", 1);
	/* the content is the same on B: only the comment arrives */
	y = export_bundle(m->st[A], &m->set, ida, &len);
	it = expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	free(y);
	assert_int_equal(it.comments_added, 1);
	assert_int_equal(it.content_changed, 0);
	assert_int_equal(jx_comments_open_count(m->st[B], idb), 1);

	/* both answer, then exchange both ways: each is 已更新, both answers kept */
	answer(m, A, ida, 1, "reviewer's");
	answer(m, B, idb, 1, "unit's");
	y = export_bundle(m->st[A], &m->set, ida, &len);
	exchange(m, B, A, idb, JX_MERGE_UPDATED);
	expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	free(y);
	ca = comments_of(m->st[A], ida);
	cb = comments_of(m->st[B], idb);
	assert_int_equal(ca.v[0].n_answers, 2);
	assert_int_equal(cb.v[0].n_answers, 2);
	/* the same order on both machines */
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(ca.v[0].answers[i].gid, cb.v[0].answers[i].gid);
	jx_comments_free(&ca);
	jx_comments_free(&cb);
	assert_int_equal(count(m->st[A], "copies"), 0);
	assert_int_equal(count(m->st[B], "copies"), 0);

	/* resolve on A, answer on B: resolved on both with the answer kept */
	assert_int_equal(resolve(m, A, ida, 1, 1, &err), 0);
	answer(m, B, idb, 1, "one more");
	y = export_bundle(m->st[A], &m->set, ida, &len);
	exchange(m, B, A, idb, JX_MERGE_UPDATED);
	expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	free(y);
	ca = comments_of(m->st[A], ida);
	cb = comments_of(m->st[B], idb);
	assert_int_equal(ca.v[0].resolved, 1);
	assert_int_equal(cb.v[0].resolved, 1);
	assert_int_equal(ca.v[0].n_answers, 3);
	assert_int_equal(cb.v[0].n_answers, 3);
	jx_comments_free(&ca);
	jx_comments_free(&cb);
	/* again: nothing new either way */
	exchange(m, A, B, ida, JX_MERGE_UNCHANGED);
}

/* B edits a field while A only comments: B's content is taken on A, A's
 * comment kept; A's comment reaches B as well (B's history is newer). */
static void test_merge_content_and_comments(void **state)
{
	machines *m = *state;
	int64_t ida, idb;
	jx_merge_item it;
	size_t len;
	char *y;
	in_sync(m, &ida, &idb);
	add(m, A, ida, "info:manager", "请签字", 1);
	set_field(m, B, idb, "info:manager", "李四");
	y = export_bundle(m->st[A], &m->set, ida, &len);
	exchange(m, B, A, idb, JX_MERGE_UPDATED);
	assert_string_equal(field(m->st[A], ida, "info:manager"), "李四");
	assert_int_equal(jx_comments_open_count(m->st[A], ida), 1);
	it = expect_merge(m, B, y, len, JX_MERGE_NEWER_HERE);
	free(y);
	assert_int_equal(it.comments_added, 1);
	assert_int_equal(jx_comments_open_count(m->st[B], idb), 1);
	assert_int_equal(count(m->st[A], "copies"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_order_and_status),
		cmocka_unit_test(test_touches),
		cmocka_unit_test(test_text_rules),
		cmocka_unit_test_setup_teardown(test_places_and_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_content_and_comments, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
