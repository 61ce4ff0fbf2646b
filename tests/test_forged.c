/* Forged and damaged bundles: what a hostile or careless office might send.
 *
 * After every case the database is either as it was, or every sheet's
 * content is explained by its audit rows: check_explained() replays the
 * rows each sheet gained since a snapshot on the content it had then and
 * compares, and also checks that finalise, reopen and verify agree and that
 * each sheet is in the trash exactly when its history last says so.
 *
 * The rules (share/sheet-format.md, "Bundles and merging"):
 *   a row with this database's id that it does not hold   → refused, nothing imported
 *   a sheet:finalise row without the content's digest     → refused
 *   history extends ours, new rows do not give its content → ours kept, theirs a
 *                                                            conflict copy (历史与内容不符)
 *   audit ids: 16 lowercase hex digits, ':', 1… without leading zeros
 *   times: real UTC calendar times, at most a day ahead
 */
#include "merge_fixture.h"

#include <time.h>

#include "replay.h"
#include "strutil.h"

#define JM_UID "4560a821-3f37-4679-addc-2963aa08b58b"
#define OTHER_DB "1111111111111111"

/* ---- the invariant ---- */

typedef struct {
	int64_t id;
	jx_sheet *s;
	jx_audit_row *h;
	size_t nh;
} snap_sheet;

typedef struct {
	snap_sheet *v;
	size_t n;
} snapshot;

static void snap_take(jx_store *st, snapshot *sn)
{
	jx_err err = {{0}};
	jx_sheet_summary *sums = NULL;
	size_t ns = 0;
	assert_int_equal(jx_store_list(st, 1, &sums, &ns, &err), 0);
	sn->v = calloc(ns + 1, sizeof *sn->v);
	assert_non_null(sn->v);
	sn->n = ns;
	for (size_t i = 0; i < ns; i++) {
		sn->v[i].id = sums[i].id;
		sn->v[i].s = load(st, sums[i].id);
		assert_int_equal(jx_store_history(st, sums[i].id, NULL, &sn->v[i].h, &sn->v[i].nh, &err), 0);
	}
	jx_summaries_free(sums, ns);
}

static void snap_free(snapshot *sn)
{
	for (size_t i = 0; i < sn->n; i++) {
		jx_sheet_free(sn->v[i].s);
		jx_audit_free(sn->v[i].h, sn->v[i].nh);
	}
	free(sn->v);
	memset(sn, 0, sizeof *sn);
}

static int row_in(const jx_audit_row *rows, size_t n, const char *gid)
{
	for (size_t i = 0; i < n; i++)
		if (jx_texteq(rows[i].gid, gid))
			return 1;
	return 0;
}

/* Every sheet of st is as it was in sn, or its new rows turn what it was
 * into what it is (a sheet new since sn: its history starts it whole);
 * verify never contradicts the sheet's state; the trash follows the
 * history.  Returns how many sheets changed. */
static size_t check_explained(machines *m, jx_store *st, const snapshot *sn)
{
	jx_err err = {{0}};
	jx_sheet_summary *sums = NULL;
	size_t ns = 0, changed = 0;
	assert_int_equal(jx_store_list(st, 1, &sums, &ns, &err), 0);
	for (size_t i = 0; i < ns; i++) {
		jx_sheet *now = load(st, sums[i].id);
		jx_audit_row *h = NULL;
		size_t nh = 0, k;
		int state = -1, trash;
		char stored[65], digest[65];
		assert_int_equal(jx_store_history(st, sums[i].id, NULL, &h, &nh, &err), 0);
		assert_int_equal(jx_store_verify(st, sums[i].id, &state, stored, digest, &err), 0);
		if (state == 2)
			fail_msg("sheet %lld: verify says its finalised content changed", (long long)sums[i].id);
		trash = jx_replay_trashed(h, nh);
		if (sums[i].deleted != (trash == 1))
			fail_msg("sheet %lld: in the trash %d, its history says %d", (long long)sums[i].id, sums[i].deleted,
				 trash);
		for (k = 0; k < sn->n && sn->v[k].id != sums[i].id; k++)
			;
		if (k == sn->n) {
			if (jx_replay_whole(h, nh) < 0)
				fail_msg("new sheet %lld: no row starts its history", (long long)sums[i].id);
			changed++;
		} else if (!jx_sheet_equal(now, sn->v[k].s) || nh != sn->v[k].nh) {
			unsigned char *is_new = calloc(nh + 1, 1);
			assert_non_null(is_new);
			for (size_t r = 0; r < nh; r++)
				is_new[r] = !row_in(sn->v[k].h, sn->v[k].nh, h[r].gid);
			if (jx_replay_explains(sn->v[k].s, jx_templates_find(&m->set, now->template_id), h, nh, is_new, now,
					       &err) != 1)
				fail_msg("sheet %lld: its content is not what its new rows make of the old", (long long)sums[i].id);
			free(is_new);
			changed++;
		}
		jx_audit_free(h, nh);
		jx_sheet_free(now);
	}
	/* no sheet went away */
	assert_true(ns >= sn->n);
	jx_summaries_free(sums, ns);
	return changed;
}

/* ---- forging ---- */

/* Sheet `id` of machine `from` as a bundle read back, to be tampered with. */
static void bundle_of(machines *m, int from, int64_t id, jx_bundle *b)
{
	jx_err err = {{0}};
	size_t len;
	char *y = export_bundle(m->st[from], &m->set, id, &len);
	memset(b, 0, sizeof *b);
	b->file = "forged.yaml";
	b->set = &m->set;
	if (jx_bundle_read_mem("forged.yaml", y, len, &m->set, &b->v, &b->h, &b->n, &err) < 0)
		fail_msg("%s", err.msg);
	free(y);
	assert_int_equal(b->n, 1);
}

static void bundle_free(jx_bundle *b)
{
	jx_sheets_free(b->v, b->n);
	jx_histories_free(b->h, b->n);
}

/* Append a row to the history of the bundle's sheet. */
static void add_row(jx_bundle *b, const char *gid, const char *field_path, const char *old, const char *new_value)
{
	jx_sheet_history *h = &b->h[0];
	jx_audit_row *r, *v = realloc(h->rows, (h->n + 1) * sizeof *v);
	assert_non_null(v);
	h->rows = v;
	r = &v[h->n++];
	memset(r, 0, sizeof *r);
	r->gid = jx_strdup(gid);
	r->at = jx_strdup("2025-01-02T03:04:05Z");
	r->user = jx_strdup("mallory");
	r->origin = jx_strdup("elsewhere");
	r->field = jx_strdup(field_path);
	r->old_value = old ? jx_strdup(old) : NULL;
	r->new_value = new_value ? jx_strdup(new_value) : NULL;
}

static void tamper(jx_bundle *b, const char *path, const char *text)
{
	jx_err err = {{0}};
	if (jx_field_set(b->v[0], NULL, path, text, &err) < 0)
		fail_msg("%s", err.msg);
}

/* Merge the bundle into machine `to`; the report's first item in *it. */
static int merge_bundle(machines *m, int to, jx_bundle *b, jx_merge_item *it, jx_err *err)
{
	jx_merge_report rep;
	int rc = jx_merge_bundles(m->st[to], b, 1, "importer", &rep, err);
	if (rc == 0 && it) {
		assert_int_equal(rep.n, 1);
		*it = rep.v[0];
		it->uid = it->name = it->origin = NULL;
	}
	if (rc == 0)
		jx_merge_report_free(&rep);
	return rc;
}

/* A forged bundle refused: the message says so, and nothing changed. */
static void expect_refused(machines *m, int to, jx_bundle *b, const char *phrase)
{
	snapshot sn;
	jx_err err = {{0}};
	snap_take(m->st[to], &sn);
	assert_int_equal(merge_bundle(m, to, b, NULL, &err), JX_MERGE_REFUSED);
	if (!strstr(err.msg, phrase) || !strstr(err.msg, "伪造"))
		fail_msg("message \"%s\", expected \"%s\" and 伪造", err.msg, phrase);
	assert_int_equal(check_explained(m, m->st[to], &sn), 0);
	snap_free(&sn);
}

static void digest_row(const jx_sheet *s, char out[80])
{
	char hex[65];
	assert_int_equal(jx_sheet_digest(s, hex), 0);
	snprintf(out, 80, "sha256:%s", hex);
}

/* ---- content the history does not explain ---- */

/* The case: our history plus one row that changes nothing, and
 * 全年执行数 480.82 → 1935 in the content. */
static void test_content_without_row(void **state)
{
	machines *m = *state;
	jx_bundle b;
	jx_merge_item it;
	jx_err err = {{0}};
	snapshot sn;
	int64_t ida;
	import_sample(m, A, JM, JX_MERGE_NEW);
	ida = id_of(m->st[A], JM_UID);
	bundle_of(m, A, ida, &b);
	add_row(&b, OTHER_DB ":1", "info:filler", field(m->st[A], ida, "info:filler"),
		field(m->st[A], ida, "info:filler"));
	tamper(&b, "fund:当年财政拨款:spent", "1935");
	snap_take(m->st[A], &sn);
	assert_int_equal(merge_bundle(m, A, &b, &it, &err), 0);
	assert_int_equal(it.result, JX_MERGE_CONFLICT);
	assert_int_equal(it.mismatch, 1);
	assert_true(it.copy_id > 0);
	/* ours stays, theirs is kept beside it */
	assert_string_equal(field(m->st[A], ida, "fund:当年财政拨款:spent"), "480.82");
	assert_string_equal(field(m->st[A], it.copy_id, "fund:当年财政拨款:spent"), "1935");
	/* the sheet unchanged, the copy new: both explained */
	assert_int_equal(check_explained(m, m->st[A], &sn), 1);
	snap_free(&sn);
	bundle_free(&b);
}

/* A row that changes another field than the one that changed. */
static void test_row_for_another_field(void **state)
{
	machines *m = *state;
	jx_bundle b;
	jx_merge_item it;
	jx_err err = {{0}};
	snapshot sn;
	int64_t ida, idb;
	in_sync(m, &ida, &idb);
	bundle_of(m, A, ida, &b);
	add_row(&b, OTHER_DB ":7", "info:filler", field(m->st[A], ida, "info:filler"), "王五");
	tamper(&b, "info:filler", "王五");
	tamper(&b, "info:phone", "0798-9999999");
	snap_take(m->st[B], &sn);
	assert_int_equal(merge_bundle(m, B, &b, &it, &err), 0);
	assert_int_equal(it.result, JX_MERGE_CONFLICT);
	assert_int_equal(it.mismatch, 1);
	assert_string_not_equal(field(m->st[B], idb, "info:filler"), "王五");
	assert_int_equal(check_explained(m, m->st[B], &sn), 1);
	snap_free(&sn);
	bundle_free(&b);
}

/* Real edits of every kind replay to the content that arrives: 已更新. */
static void test_real_edits_replay(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_merge_item it;
	jx_bundle b;
	snapshot sn;
	jx_sheet *s;
	size_t len;
	char *y, key[64], path[96];
	int64_t ida, idb;
	import_sample(m, A, JM, JX_MERGE_NEW);
	ida = id_of(m->st[A], JM_UID);
	bundle_of(m, A, ida, &b);
	assert_int_equal(merge_bundle(m, B, &b, &it, &err), 0);
	bundle_free(&b);
	idb = id_of(m->st[B], JM_UID);
	/* A: a value, a new indicator in the middle with a name, a move, a
	 * sub-project and a goal deleted, an indicator deleted */
	set_field(m, A, ida, "fund:当年财政拨款:spent", "500");
	s = load(m->st[A], ida);
	assert_int_equal(jx_store_add_indicator(m->st[A], s, 1, "output.quantity", "alice", &err), 0);
	snprintf(key, sizeof key, "%s", s->inds[1].key);
	jx_sheet_free(s);
	snprintf(path, sizeof path, "ind:%s:name", key);
	set_field(m, A, ida, path, "新增指标");
	s = load(m->st[A], ida);
	assert_int_equal(jx_store_move_indicator(m->st[A], s, 0, 3, "alice", &err), 0);
	assert_int_equal(jx_store_delete_row(m->st[A], s, JX_ROW_SUB, 0, "alice", &err), 0);
	assert_int_equal(jx_store_delete_row(m->st[A], s, JX_ROW_GOAL, 0, "alice", &err), 0);
	assert_int_equal(jx_store_delete_indicator(m->st[A], s, 2, "alice", &err), 0);
	jx_sheet_free(s);
	y = export_bundle(m->st[A], &m->set, ida, &len);
	snap_take(m->st[B], &sn);
	it = expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	assert_int_equal(it.content_changed, 1);
	assert_string_equal(field(m->st[B], idb, path), "新增指标");
	assert_int_equal(check_explained(m, m->st[B], &sn), 1);
	snap_free(&sn);
	free(y);
}

/* A later version of a conflict copy is taken only as its history says. */
static void test_copy_update_not_explained(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_merge_item it;
	jx_bundle b;
	snapshot sn;
	size_t len;
	char *y;
	int64_t ida, idb, copy;
	in_sync(m, &ida, &idb);
	set_field(m, A, ida, "info:filler", "甲");
	set_field(m, B, idb, "info:phone", "0798-1");
	y = export_bundle(m->st[A], &m->set, ida, &len);
	it = expect_merge(m, B, y, len, JX_MERGE_CONFLICT);
	free(y);
	copy = it.copy_id;
	/* A's next version, with a row that does not explain a second change */
	bundle_of(m, A, ida, &b);
	add_row(&b, OTHER_DB ":3", "info:filler", "甲", "乙");
	tamper(&b, "info:filler", "乙");
	tamper(&b, "info:manager", "某人");
	snap_take(m->st[B], &sn);
	assert_int_equal(merge_bundle(m, B, &b, &it, &err), 0);
	assert_int_equal(it.result, JX_MERGE_CONFLICT);
	/* the copy stays as it was, the version is kept in a copy of its own */
	assert_int_equal(it.copy_state, 0);
	assert_true(it.copy_id != copy);
	assert_string_equal(field(m->st[B], copy, "info:filler"), "甲");
	assert_int_equal(check_explained(m, m->st[B], &sn), 1);
	snap_free(&sn);
	bundle_free(&b);
}

/* A sheet new here whose history never made it. */
static void test_new_sheet_without_create(void **state)
{
	machines *m = *state;
	jx_bundle b;
	int64_t ida;
	import_sample(m, A, JD, JX_MERGE_NEW);
	ida = id_of(m->st[A], JD_UID);
	set_field(m, A, ida, "info:filler", "甲");
	bundle_of(m, A, ida, &b);
	/* drop the sheet:create row */
	assert_string_equal(b.h[0].rows[0].field, "sheet:create");
	jx_audit_row_clear(&b.h[0].rows[0]);
	memmove(&b.h[0].rows[0], &b.h[0].rows[1], (b.h[0].n - 1) * sizeof b.h[0].rows[0]);
	b.h[0].n--;
	expect_refused(m, C, &b, "sheet:create");
	bundle_free(&b);
}

/* ---- this database's own ids ---- */

static void test_own_id_not_stored(void **state)
{
	machines *m = *state;
	jx_bundle b;
	char gid[64];
	size_t len;
	char *y;
	int64_t ida, n0 = 0;
	import_sample(m, A, JM, JX_MERGE_NEW);
	ida = id_of(m->st[A], JM_UID);
	bundle_of(m, A, ida, &b);
	/* the next number A would give: A has made 1 row (its sheet:create) */
	snprintf(gid, sizeof gid, "%s:2", jx_store_db_id(m->st[A]));
	add_row(&b, gid, "info:filler", field(m->st[A], ida, "info:filler"), "伪造");
	tamper(&b, "info:filler", "伪造");
	expect_refused(m, A, &b, "本数据库中没有这条记录");
	bundle_free(&b);
	/* afterwards A still writes, and its own bundle imports into itself */
	set_field(m, A, ida, "info:filler", "张三");
	y = export_bundle(m->st[A], &m->set, 0, &len);
	expect_merge(m, A, y, len, JX_MERGE_UNCHANGED);
	free(y);
	n0 = (int64_t)history_len(m->st[A], ida);
	assert_int_equal(n0, 2);
}

/* Rows from elsewhere never take a number A gives its own rows. */
static void test_local_numbers_not_reused(void **state)
{
	machines *m = *state;
	jx_audit_row *h = NULL;
	size_t n = 0, len;
	jx_err err = {{0}};
	char *y;
	int64_t ida, idb;
	in_sync(m, &ida, &idb);
	set_field(m, B, idb, "info:filler", "李四");
	set_field(m, B, idb, "info:phone", "0798-1");
	y = export_bundle(m->st[B], &m->set, idb, &len);
	expect_merge(m, A, y, len, JX_MERGE_UPDATED);
	free(y);
	set_field(m, A, ida, "info:filler", "王五");
	assert_int_equal(jx_store_history(m->st[A], ida, NULL, &h, &n, &err), 0);
	/* A's create (A:1, row 1 of A's database), B's two rows (rows 2
	 * and 3 there), A's edit: numbered by its row, 4, past every number
	 * used before; no id twice */
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			assert_string_not_equal(h[i].gid, h[k].gid);
	assert_true(strncmp(h[3].gid, jx_store_db_id(m->st[A]), 16) == 0);
	assert_string_equal(h[3].gid + 16, ":4");
	jx_audit_free(h, n);
}

/* ---- finalise rows ---- */

static void test_forged_finalise(void **state)
{
	machines *m = *state;
	jx_bundle b;
	char val[80];
	int64_t ida, idb;
	in_sync(m, &ida, &idb);
	/* a draft with a finalise row carrying its digest as if final */
	bundle_of(m, A, ida, &b);
	digest_row(b.v[0], val);
	add_row(&b, OTHER_DB ":1", "sheet:finalise", "draft", val);
	expect_refused(m, B, &b, "不是定稿");
	bundle_free(&b);
	/* final, but the digest is not its content's */
	bundle_of(m, A, ida, &b);
	tamper(&b, "status", "final");
	add_row(&b, OTHER_DB ":1", "sheet:finalise", "draft", "sha256:" "00000000000000000000000000000000"
									"00000000000000000000000000000000");
	expect_refused(m, B, &b, "摘要与表格内容不符");
	bundle_free(&b);
	/* a finalise row without a digest */
	bundle_of(m, A, ida, &b);
	tamper(&b, "status", "final");
	add_row(&b, OTHER_DB ":1", "sheet:finalise", "draft", "yes");
	expect_refused(m, B, &b, "没有内容的摘要");
	bundle_free(&b);
	/* final, but the history's last word is a reopen */
	bundle_of(m, A, ida, &b);
	tamper(&b, "status", "final");
	digest_row(b.v[0], val);
	add_row(&b, OTHER_DB ":1", "sheet:finalise", "draft", val);
	add_row(&b, OTHER_DB ":2", "sheet:reopen", val, "复核");
	expect_refused(m, B, &b, "重新打开");
	bundle_free(&b);
}

/* A sheet really finalised elsewhere: finalise, reopen and verify agree. */
static void test_real_finalise_agrees(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_sheet *s;
	snapshot sn;
	size_t len;
	char *y, stored[65], now[65];
	int64_t ida, idb;
	int st = 0;
	in_sync(m, &ida, &idb);
	s = load(m->st[A], ida);
	assert_int_equal(jx_store_finalise(m->st[A], s, "alice", &err), 0);
	jx_sheet_free(s);
	y = export_bundle(m->st[A], &m->set, ida, &len);
	snap_take(m->st[B], &sn);
	expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	assert_int_equal(check_explained(m, m->st[B], &sn), 1);
	snap_free(&sn);
	free(y);
	assert_int_equal(jx_store_verify(m->st[B], idb, &st, stored, now, &err), 0);
	assert_int_equal(st, 1);
	s = load(m->st[B], idb);
	assert_int_equal(jx_store_finalise(m->st[B], s, "bob", &err), -1);
	assert_int_equal(jx_store_reopen(m->st[B], s, "复核", "bob", &err), 0);
	jx_sheet_free(s);
	assert_int_equal(jx_store_verify(m->st[B], idb, &st, stored, now, &err), 0);
	assert_int_equal(st, 0);
}

/* Every finalise row claims a content, not only the last: one that the rows
 * before it do not give is not taken (theirs kept as a conflict copy, as for
 * any content its history does not explain); a real finalise, reopen and
 * change, with an indicator put in mid-list before it and deleted after,
 * replays to each digest and is taken. */
static void test_earlier_finalise_checked(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_merge_item it;
	jx_bundle b;
	snapshot sn;
	jx_sheet *s, *other;
	size_t len;
	char val[80], *y;
	int64_t ida, idb;
	in_sync(m, &ida, &idb);
	/* forged: finalised as some other content, then reopened */
	bundle_of(m, A, ida, &b);
	other = jx_sheet_clone(b.v[0]);
	assert_non_null(other);
	assert_int_equal(jx_set_str(&other->status, "final"), 0);
	assert_int_equal(jx_set_str(&other->info[0], "另一个项目"), 0);
	digest_row(other, val);
	jx_sheet_free(other);
	add_row(&b, OTHER_DB ":1", "sheet:finalise", "draft", val);
	add_row(&b, OTHER_DB ":2", "sheet:reopen", val, "复核");
	snap_take(m->st[B], &sn);
	assert_int_equal(merge_bundle(m, B, &b, &it, &err), 0);
	assert_int_equal(it.result, JX_MERGE_CONFLICT);
	assert_int_equal(it.mismatch, 1);
	assert_int_equal(check_explained(m, m->st[B], &sn), 1);
	snap_free(&sn);
	bundle_free(&b);

	/* real, on the project sheet (B holds it as A does): put in at place 2,
	 * finalised, reopened, deleted, changed */
	import_sample(m, A, JM, JX_MERGE_NEW);
	ida = id_of(m->st[A], JM_UID);
	y = export_bundle(m->st[A], &m->set, ida, &len);
	expect_merge(m, B, y, len, JX_MERGE_NEW);
	free(y);
	idb = id_of(m->st[B], JM_UID);
	s = load(m->st[A], ida);
	assert_true(s->n_inds > 2);
	assert_int_equal(jx_store_add_indicator(m->st[A], s, 1, "output.quantity", "alice", &err), 0);
	assert_int_equal(jx_store_finalise(m->st[A], s, "alice", &err), 0);
	assert_int_equal(jx_store_reopen(m->st[A], s, "复核", "alice", &err), 0);
	assert_int_equal(jx_store_delete_indicator(m->st[A], s, 1, "alice", &err), 0);
	jx_sheet_free(s);
	set_field(m, A, ida, "info:filler", "乙");
	y = export_bundle(m->st[A], &m->set, ida, &len);
	snap_take(m->st[B], &sn);
	it = expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	assert_string_equal(field(m->st[B], idb, "info:filler"), "乙");
	assert_int_equal(check_explained(m, m->st[B], &sn), 1);
	snap_free(&sn);
	free(y);
}

/* ---- the trash ---- */

/* The sheet (trash included) with its history, as export --all writes it. */
static char *bundle_with_trash(machines *m, int from, int64_t id, size_t *len)
{
	jx_err err = {{0}};
	jx_sheet *s = load(m->st[from], id);
	jx_sheet_history h = {NULL, 0};
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	assert_non_null(f);
	assert_int_equal(jx_store_history(m->st[from], id, NULL, &h.rows, &h.n, &err), 0);
	assert_int_equal(jx_bundle_write(f, &s, &h, 1, &m->set, &err), 0);
	fclose(f);
	jx_audit_free(h.rows, h.n);
	jx_sheet_free(s);
	return buf;
}

static int in_trash(jx_store *st, int64_t id)
{
	jx_err err = {{0}};
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	int t = -1;
	assert_int_equal(jx_store_list(st, 1, &v, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			t = v[i].deleted;
	jx_summaries_free(v, n);
	return t;
}

static void test_trash_travels(void **state)
{
	machines *m = *state;
	jx_err err = {{0}};
	jx_merge_item it;
	snapshot sn;
	size_t len;
	char *y;
	int64_t ida, idb;
	in_sync(m, &ida, &idb);
	assert_int_equal(jx_store_trash(m->st[A], ida, 1, "alice", &err), 0);
	y = bundle_with_trash(m, A, ida, &len);
	/* B had it live: it goes to the trash there too, explained by A's row */
	snap_take(m->st[B], &sn);
	it = expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	assert_int_equal(it.trashed, 1);
	assert_int_equal(in_trash(m->st[B], idb), 1);
	assert_int_equal(check_explained(m, m->st[B], &sn), 1);
	snap_free(&sn);
	/* C never had it: it arrives in the trash, not live */
	it = expect_merge(m, C, y, len, JX_MERGE_NEW);
	assert_int_equal(it.trashed, 1);
	assert_int_equal(in_trash(m->st[C], id_of(m->st[C], JD_UID)), 1);
	free(y);
	/* taken out of the trash on A: out on B */
	assert_int_equal(jx_store_trash(m->st[A], ida, 0, "alice", &err), 0);
	y = bundle_with_trash(m, A, ida, &len);
	expect_merge(m, B, y, len, JX_MERGE_UPDATED);
	assert_int_equal(in_trash(m->st[B], idb), 0);
	free(y);
}

/* ---- ids and times ---- */

static void read_refused(machines *m, const char *id, const char *at, const char *phrase)
{
	char doc[1024];
	jx_sheet **v = NULL;
	jx_sheet_history *h = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	snprintf(doc, sizeof doc,
		 "jixiao: 1\nsheets:\n- uid: u-1\n  template: external-result\n  audit:\n"
		 "  - id: \"%s\"\n    at: \"%s\"\n    user: u\n    field: sheet:create\n",
		 id, at);
	assert_int_equal(jx_bundle_read_mem("bad.yaml", doc, strlen(doc), &m->set, &v, &h, &n, &err), -1);
	if (!strstr(err.msg, phrase))
		fail_msg("%s / %s: message \"%s\", expected \"%s\"", id, at, err.msg, phrase);
}

static void read_accepted(machines *m, const char *id, const char *at)
{
	char doc[1024];
	jx_sheet **v = NULL;
	jx_sheet_history *h = NULL;
	size_t n = 0;
	jx_err err = {{0}};
	snprintf(doc, sizeof doc,
		 "jixiao: 1\nsheets:\n- uid: u-1\n  template: external-result\n  audit:\n"
		 "  - id: \"%s\"\n    at: \"%s\"\n    user: u\n    field: sheet:create\n",
		 id, at);
	if (jx_bundle_read_mem("ok.yaml", doc, strlen(doc), &m->set, &v, &h, &n, &err) < 0)
		fail_msg("%s / %s: %s", id, at, err.msg);
	jx_sheets_free(v, n);
	jx_histories_free(h, n);
}

static void test_ids_and_times(void **state)
{
	machines *m = *state;
	static const char ok_at[] = "2024-02-29T23:59:59Z"; /* 2024 is a leap year */
	char soon[32], late[32];
	time_t t = time(NULL);
	struct tm tm;
	read_accepted(m, "0123456789abcdef:1", ok_at);
	read_accepted(m, "0123456789abcdef:123456789012345678", "1970-01-01T00:00:00Z");
	read_refused(m, "zzzz:1", ok_at, "修改记录编号");
	read_refused(m, "0123456789ABCDEF:1", ok_at, "修改记录编号");   /* one spelling only */
	read_refused(m, "0123456789abcde:1", ok_at, "修改记录编号");    /* 15 digits */
	read_refused(m, "0123456789abcdef:01", ok_at, "修改记录编号");  /* leading zero */
	read_refused(m, "0123456789abcdef:0", ok_at, "修改记录编号");
	read_refused(m, "0123456789abcdef:", ok_at, "修改记录编号");
	read_refused(m, "0123456789abcdef:1x", ok_at, "修改记录编号");
	read_refused(m, "0123456789abcdef:1", "2024-13-45T99:99:99Z", "UTC");
	read_refused(m, "0123456789abcdef:1", "2023-02-29T00:00:00Z", "UTC"); /* 2023 is not a leap year */
	read_refused(m, "0123456789abcdef:1", "2024-04-31T00:00:00Z", "UTC");
	read_refused(m, "0123456789abcdef:1", "2024-01-01T24:00:00Z", "UTC");
	read_refused(m, "0123456789abcdef:1", "2999-01-01T00:00:00Z", "一天");
	/* a day ahead is a clock that is off; more than that is not a time */
	t += 23 * 3600;
	gmtime_r(&t, &tm);
	strftime(soon, sizeof soon, "%Y-%m-%dT%H:%M:%SZ", &tm);
	read_accepted(m, "0123456789abcdef:1", soon);
	t += 2 * 3600;
	gmtime_r(&t, &tm);
	strftime(late, sizeof late, "%Y-%m-%dT%H:%M:%SZ", &tm);
	read_refused(m, "0123456789abcdef:1", late, "一天");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_content_without_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_for_another_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_edits_replay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy_update_not_explained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_sheet_without_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_id_not_stored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_numbers_not_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_finalise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_finalise_agrees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_earlier_finalise_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trash_travels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_and_times, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
