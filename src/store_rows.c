/* The store: changes to the structure of a sheet's lists, each one
 * transaction with its audit row: indicators added, deleted, moved and put
 * back whole; fund, sub-project, basis and goal rows deleted and put back
 * (undo in the workstation).  Each first checks that the list on disk is
 * the one the caller sees. */
#include "store_int.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "col=value; …" of the non-empty columns "<base>:<col>" of s (audit rows). */
static char *col_summary(const jx_sheet *s, const char *base, const char *const *cols, size_t ncols, jx_err *err)
{
	size_t len = 0, cap = 256;
	char *buf = malloc(cap);
	if (!buf) {
		jx_db_no_memory(err);
		return NULL;
	}
	buf[0] = 0;
	for (size_t i = 0; i < ncols; i++) {
		char path[400], *v;
		size_t need;
		snprintf(path, sizeof path, "%s:%s", base, cols[i]);
		if (store_get_alloc(s, path, &v, err)) {
			free(buf);
			return NULL;
		}
		need = len + strlen(cols[i]) + strlen(v) + 4;
		if (*v && need > cap) {
			char *p;
			while (cap < need)
				cap *= 2;
			if (!(p = realloc(buf, cap))) {
				free(v);
				free(buf);
				jx_db_no_memory(err);
				return NULL;
			}
			buf = p;
		}
		if (*v)
			len += (size_t)sprintf(buf + len, "%s%s=%s", len ? "; " : "", cols[i], v);
		free(v);
	}
	return buf;
}

/* ---- indicators ---- */

#define IND_COL_NAME(member, ...) #member,
static const char *const ind_cols[] = {JX_IND_COLUMNS(IND_COL_NAME)};

static char *ind_summary(const jx_sheet *s, const char *key, jx_err *err)
{
	char base[300];
	snprintf(base, sizeof base, "ind:%s", key);
	return col_summary(s, base, ind_cols, NMAP(ind_cols), err);
}

/* Refuse a structural edit when the indicator list on disk is not the one
 * the caller sees. */
static int check_ind_list(jx_store *st, const jx_sheet *s, int64_t *rev, jx_err *err)
{
	sqlite3_stmt *q;
	size_t i = 0;
	int rc, same = 1;
	if (jx_store_revision(st, s->id, rev, err))
		return -1;
	q = jx_db_query(&st->db, err, "SELECT key FROM indicators WHERE sheet_id = ?1 ORDER BY pos",
			DB_VALS(DB_INT(s->id)));
	if (!q)
		return -1;
	while ((rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(q, 0);
		if (i >= s->n_inds || !k || !s->inds[i].key || strcmp(k, s->inds[i].key) != 0)
			same = 0;
		i++;
	}
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	if (!same || i != s->n_inds) {
		jx_err_set(err, "指标列表已被其他工作站修改，请重新载入后再操作",
			   "the indicator list was changed by another workstation; reload and try again");
		return -1;
	}
	return 0;
}

/* Inside the transaction: the sheet may be changed and its indicator list
 * on disk is s's; *rev the revision on disk. */
static int check_inds(jx_store *st, const jx_sheet *s, int64_t *rev, jx_err *err)
{
	return store_check_editable(st, s->id, err) || check_ind_list(st, s, rev, err) ? -1 : 0;
}

static long key_number(const char *k)
{
	long v = 0;
	if (!k || k[0] != 'i' || k[1] < '0' || k[1] > '9')
		return 0;
	for (k++; *k >= '0' && *k <= '9'; k++)
		if (v < 100000000)
			v = v * 10 + (*k - '0');
	return *k == 0 || *k == ':' ? v : 0;
}

/* The next indicator key never used in this sheet, counting deleted ones
 * (their audit rows remember them). */
static int next_ind_key(jx_store *st, const jx_sheet *s, char out[32], jx_err *err)
{
	sqlite3_stmt *q;
	long max = 0;
	int rc;
	for (size_t i = 0; i < s->n_inds; i++) {
		long v = key_number(s->inds[i].key);
		if (v > max)
			max = v;
	}
	q = jx_db_query(&st->db, err,
			"SELECT substr(field, 5) FROM audit WHERE sheet_id = ?1 AND field GLOB 'ind:i[0-9]*'",
			DB_VALS(DB_INT(s->id)));
	if (!q)
		return -1;
	while ((rc = jx_db_step(&st->db, q, err)) == SQLITE_ROW) {
		long v = key_number((const char *)sqlite3_column_text(q, 0));
		if (v > max)
			max = v;
	}
	if (rc < 0)
		return -1;
	sqlite3_reset(q);
	snprintf(out, 32, "i%ld", max + 1);
	return 0;
}

/* The row alone in a sheet of its own, for its insert and its audit
 * summary: d's columns, or (d NULL) only its slot. */
static jx_sheet *ind_alone(const char *key, const jx_indicator *d, const char *slot, jx_err *err)
{
	jx_sheet *tmp = jx_sheet_new();
	jx_indicator *row;
	if (!tmp || !(row = jx_sheet_add_ind(tmp, key)) || !row->key ||
	    (d ? jx_ind_copy_columns(row, d) : jx_set_str(&row->slot, slot))) {
		jx_sheet_free(tmp);
		jx_db_no_memory(err);
		return NULL;
	}
	return tmp;
}

/* Put an indicator in at position at: d's columns under d's key, or (d
 * NULL) a new one under the next key with only its slot. */
static int put_indicator(jx_store *st, jx_sheet *s, size_t at, const jx_indicator *d, const char *slot,
			 const char *user, jx_err *err)
{
	char key[256] = "", now[32], field[300], *summary = NULL;
	jx_sheet *tmp = NULL;
	jx_indicator *put;
	int64_t rev = 0;
	int failed;
	if (at > s->n_inds)
		at = s->n_inds;
	if (d)
		snprintf(key, sizeof key, "%s", d->key);
	store_now(now);
	if (jx_db_begin(&st->db, err))
		return -1;
	failed = check_inds(st, s, &rev, err) || (!d && next_ind_key(st, s, key, err)) ||
		 !(tmp = ind_alone(key, d, slot, err)) || !(summary = ind_summary(tmp, key, err)) ||
		 jx_db_exec(&st->db, err, "UPDATE indicators SET pos = pos + 1 WHERE sheet_id = ?1 AND pos >= ?2",
			    DB_VALS(DB_INT(s->id), DB_INT(at))) ||
		 store_insert_ind_row(st, s->id, &tmp->inds[0], (int64_t)at, err);
	snprintf(field, sizeof field, "ind:%s", key);
	if (at < s->n_inds) {
		/* put in before the end: the add row says what, a move row says
		 * where (the row that adds does not), so that replaying the history
		 * (replay.c) gives the order a finalise digest was taken on */
		char from_pos[24], to_pos[24];
		snprintf(from_pos, sizeof from_pos, "%zu", s->n_inds + 1);
		snprintf(to_pos, sizeof to_pos, "%zu", at + 1);
		failed = failed || store_audit(st, now, user, s->id, field, NULL, summary, err);
		snprintf(field, sizeof field, "ind:%s:pos", key);
		failed = store_end_change(st, s, failed, rev, now, user, field, from_pos, to_pos, err);
	} else
		failed = store_end_change(st, s, failed, rev, now, user, field, NULL, summary, err);
	free(summary);
	if (!failed && (!(put = jx_sheet_insert_ind(s, at, key)) || !put->key || jx_ind_copy_columns(put, &tmp->inds[0]))) {
		store_after_commit_oom(err);
		failed = -1;
	}
	jx_sheet_free(tmp);
	return failed;
}

int jx_store_add_indicator(jx_store *st, jx_sheet *s, size_t at, const char *slot, const char *user, jx_err *err)
{
	if (store_sheet_writable(st, s, err))
		return -1;
	return put_indicator(st, s, at, NULL, slot, user, err);
}

int jx_store_restore_indicator(jx_store *st, jx_sheet *s, size_t at, const jx_indicator *d, const char *user,
			       jx_err *err)
{
	if (store_sheet_writable(st, s, err))
		return -1;
	if (!d || !d->key || !*d->key || strlen(d->key) > 200) {
		jx_err_set(err, "要恢复的指标没有编号", "the indicator to put back has no key");
		return -1;
	}
	if (jx_sheet_ind(s, d->key)) {
		jx_err_set(err, "指标 %s 已在表中，不能再恢复一次", "indicator %s is in the sheet already; it cannot be put back twice",
			   d->key);
		return -1;
	}
	return put_indicator(st, s, at, d, NULL, user, err);
}

int jx_store_delete_indicator(jx_store *st, jx_sheet *s, size_t at, const char *user, jx_err *err)
{
	char now[32], field[300], *summary = NULL;
	const char *key;
	int64_t rev = 0;
	int failed;
	if (store_sheet_writable(st, s, err))
		return -1;
	if (at >= s->n_inds) {
		jx_err_set(err, "没有第 %zu 个指标（现有 %zu 个）", "there is no indicator %zu (there are %zu)", at + 1, s->n_inds);
		return -1;
	}
	key = s->inds[at].key;
	snprintf(field, sizeof field, "ind:%s", key);
	store_now(now);
	if (jx_db_begin(&st->db, err))
		return -1;
	failed = check_inds(st, s, &rev, err) || !(summary = ind_summary(s, key, err)) ||
		 jx_db_exec(&st->db, err, "DELETE FROM indicators WHERE sheet_id = ?1 AND key = ?2",
			    DB_VALS(DB_INT(s->id), DB_TEXT(key))) ||
		 jx_db_exec(&st->db, err, "UPDATE indicators SET pos = pos - 1 WHERE sheet_id = ?1 AND pos > ?2",
			    DB_VALS(DB_INT(s->id), DB_INT(at)));
	failed = store_end_change(st, s, failed, rev, now, user, field, summary, NULL, err);
	free(summary);
	if (failed)
		return -1;
	jx_sheet_remove_ind(s, at);
	return 0;
}

int jx_store_move_indicator(jx_store *st, jx_sheet *s, size_t from, size_t to, const char *user, jx_err *err)
{
	char now[32], field[300], a[24], b[24];
	const char *key;
	int64_t rev = 0;
	int failed;
	jx_indicator moved;
	if (store_sheet_writable(st, s, err))
		return -1;
	if (from >= s->n_inds || to >= s->n_inds) {
		jx_err_set(err, "指标位置超出范围（共 %zu 个）", "indicator position out of range (there are %zu)", s->n_inds);
		return -1;
	}
	if (from == to)
		return 0;
	key = s->inds[from].key;
	store_now(now);
	snprintf(field, sizeof field, "ind:%s:pos", key);
	snprintf(a, sizeof a, "%zu", from + 1);
	snprintf(b, sizeof b, "%zu", to + 1);
	if (jx_db_begin(&st->db, err))
		return -1;
	failed = check_inds(st, s, &rev, err) ||
		 jx_db_exec(&st->db, err,
			    from < to ? "UPDATE indicators SET pos = pos - 1 WHERE sheet_id = ?1 AND pos > ?2 AND pos <= ?3 "
					"AND key <> ?4"
				      : "UPDATE indicators SET pos = pos + 1 WHERE sheet_id = ?1 AND pos >= ?3 AND pos < ?2 "
					"AND key <> ?4",
			    DB_VALS(DB_INT(s->id), DB_INT(from), DB_INT(to), DB_TEXT(key))) ||
		 jx_db_exec(&st->db, err, "UPDATE indicators SET pos = ?3 WHERE sheet_id = ?1 AND key = ?2",
			    DB_VALS(DB_INT(s->id), DB_TEXT(key), DB_INT(to)));
	if (store_end_change(st, s, failed, rev, now, user, field, a, b, err))
		return -1;
	moved = s->inds[from];
	if (from < to)
		memmove(&s->inds[from], &s->inds[from + 1], (to - from) * sizeof moved);
	else
		memmove(&s->inds[to + 1], &s->inds[to], (from - to) * sizeof moved);
	s->inds[to] = moved;
	return 0;
}

/* ---- rows of the other lists ---- */

size_t jx_store_row_count(const jx_sheet *s, jx_row_kind kind)
{
	switch (kind) {
	case JX_ROW_FUND: return s->n_funds;
	case JX_ROW_SUB: return s->n_subs;
	case JX_ROW_BASIS: return s->n_basis;
	case JX_ROW_GOAL: return s->n_goals;
	}
	return 0;
}

static const char *row_list_name(jx_row_kind kind)
{
	switch (kind) {
	case JX_ROW_FUND: return L("资金来源", "fund source");
	case JX_ROW_SUB: return L("二级项目", "sub-project");
	case JX_ROW_BASIS: return L("立项依据", "basis document");
	case JX_ROW_GOAL: return L("年度总体目标", "annual goal");
	}
	return "";
}

/* The row's field path as audit rows name it: "fund:<source>", "sub:<i>",
 * "basis:<i>", "goal:<i>". */
static void row_field(const jx_sheet *s, jx_row_kind kind, size_t at, char *buf, size_t len)
{
	switch (kind) {
	case JX_ROW_FUND:
		snprintf(buf, len, "fund:%s", s->funds[at].source ? s->funds[at].source : "");
		break;
	case JX_ROW_SUB: snprintf(buf, len, "sub:%zu", at); break;
	case JX_ROW_BASIS: snprintf(buf, len, "basis:%zu", at); break;
	case JX_ROW_GOAL: snprintf(buf, len, "goal:%zu", at); break;
	}
}

/* "col=value; …" of the row's non-empty columns (a basis document: its text). */
static char *row_summary(const jx_sheet *s, jx_row_kind kind, size_t at, jx_err *err)
{
	static const char *const fund_cols[] = {"source", "planned", "budget", "received", "spent"};
	static const char *const sub_cols[] = {"name", "budget", "spent"};
	static const char *const goal_cols[] = {"planned", "actual"};
	char base[300], *v;
	row_field(s, kind, at, base, sizeof base);
	switch (kind) {
	case JX_ROW_FUND: return col_summary(s, base, fund_cols, NMAP(fund_cols), err);
	case JX_ROW_SUB: return col_summary(s, base, sub_cols, NMAP(sub_cols), err);
	case JX_ROW_GOAL: return col_summary(s, base, goal_cols, NMAP(goal_cols), err);
	default: return store_get_alloc(s, base, &v, err) ? NULL : v;
	}
}

/* Whether row i of the list `kind` is the same in a and b. */
static int row_same(const jx_sheet *a, const jx_sheet *b, jx_row_kind kind, size_t i)
{
	switch (kind) {
	case JX_ROW_FUND: {
		const jx_fund *x = &a->funds[i], *y = &b->funds[i];
		return jx_texteq(x->source, y->source) && x->planned == y->planned && x->budget == y->budget &&
		       x->received == y->received && x->spent == y->spent;
	}
	case JX_ROW_SUB: {
		const jx_subproject *x = &a->subs[i], *y = &b->subs[i];
		return jx_texteq(x->name, y->name) && x->budget == y->budget && x->spent == y->spent;
	}
	case JX_ROW_BASIS: return jx_texteq(a->basis[i], b->basis[i]);
	case JX_ROW_GOAL:
		return jx_texteq(a->goals[i].planned, b->goals[i].planned) &&
		       jx_texteq(a->goals[i].actual, b->goals[i].actual);
	}
	return 0;
}

/* Whether the list `kind` of a and b holds the same rows. */
static int rows_same(const jx_sheet *a, const jx_sheet *b, jx_row_kind kind)
{
	size_t n = jx_store_row_count(a, kind);
	if (n != jx_store_row_count(b, kind))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!row_same(a, b, kind, i))
			return 0;
	return 1;
}

/* Inside the caller's transaction: the sheet may be changed and its list
 * `kind` on disk is the one s holds.  Sets *rev to the revision on disk. */
static int check_row_list(jx_store *st, const jx_sheet *s, jx_row_kind kind, int64_t *rev, jx_err *err)
{
	static const int parts[] = {PART_FUNDS, PART_SUBS, PART_BASIS, PART_GOALS};
	jx_sheet *disk;
	int same;
	if (store_check_editable(st, s->id, err))
		return -1;
	if (!(disk = jx_sheet_new())) {
		jx_db_no_memory(err);
		return -1;
	}
	if (store_load_parts(st, s->id, disk, PART_SHEET | parts[kind], NULL, err)) {
		jx_sheet_free(disk);
		return -1;
	}
	*rev = disk->revision;
	same = rows_same(disk, s, kind);
	jx_sheet_free(disk);
	if (!same) {
		jx_err_set(err, "%s已被其他工作站修改，请重新载入后再操作",
			   "the %s list was changed by another workstation; reload and try again", row_list_name(kind));
		return -1;
	}
	return 0;
}

static const char *row_table(jx_row_kind kind)
{
	switch (kind) {
	case JX_ROW_FUND: return "funds";
	case JX_ROW_SUB: return "subprojects";
	case JX_ROW_BASIS: return "basis";
	case JX_ROW_GOAL: return "goals";
	}
	return "";
}

/* Rows of a list keyed by position (sub-projects, basis documents, goals)
 * from position `from` on move by `by` (+1 or -1).  In two steps through
 * positions no row holds, so that no two rows ever share one. */
static int shift_rows(jx_store *st, int64_t id, jx_row_kind kind, size_t from, int by, jx_err *err)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE %s SET pos = pos + 1000000 WHERE sheet_id = ?1 AND pos >= ?2", row_table(kind));
	if (jx_db_exec(&st->db, err, sql, DB_VALS(DB_INT(id), DB_INT(from))))
		return -1;
	snprintf(sql, sizeof sql, "UPDATE %s SET pos = pos - 1000000 + ?2 WHERE sheet_id = ?1 AND pos >= 1000000",
		 row_table(kind));
	return jx_db_exec(&st->db, err, sql, DB_VALS(DB_INT(id), DB_INT(by)));
}

/* Fund rows keep their order in pos: number them 0, 1, … in the order of
 * s's rows, leaving out row `skip` and making room at `gap` (either may be
 * (size_t)-1 for none). */
static int renumber_funds(jx_store *st, const jx_sheet *s, size_t skip, size_t gap, jx_err *err)
{
	size_t pos = 0;
	if (jx_db_exec(&st->db, err, "UPDATE funds SET pos = pos + 1000000 WHERE sheet_id = ?1",
		       DB_VALS(DB_INT(s->id))))
		return -1;
	for (size_t i = 0; i < s->n_funds; i++) {
		if (i == skip)
			continue;
		if (pos == gap)
			pos++;
		if (jx_db_exec(&st->db, err, "UPDATE funds SET pos = ?3 WHERE sheet_id = ?1 AND source = ?2",
			       DB_VALS(DB_INT(s->id), DB_TEXT(s->funds[i].source), DB_INT(pos))))
			return -1;
		pos++;
	}
	return 0;
}

/* Take row at out of the list (its place closed up). */
static void remove_row(jx_sheet *s, jx_row_kind kind, size_t at)
{
	switch (kind) {
	case JX_ROW_FUND:
		free(s->funds[at].source);
		memmove(&s->funds[at], &s->funds[at + 1], (s->n_funds - at - 1) * sizeof s->funds[0]);
		s->n_funds--;
		break;
	case JX_ROW_SUB:
		free(s->subs[at].name);
		memmove(&s->subs[at], &s->subs[at + 1], (s->n_subs - at - 1) * sizeof s->subs[0]);
		s->n_subs--;
		break;
	case JX_ROW_BASIS:
		free(s->basis[at]);
		memmove(&s->basis[at], &s->basis[at + 1], (s->n_basis - at - 1) * sizeof s->basis[0]);
		s->n_basis--;
		break;
	case JX_ROW_GOAL:
		free(s->goals[at].planned);
		free(s->goals[at].actual);
		memmove(&s->goals[at], &s->goals[at + 1], (s->n_goals - at - 1) * sizeof s->goals[0]);
		s->n_goals--;
		break;
	}
}

/* Move the last of the n elements (of size sz) of v to position at. */
static void move_last_to(void *v, size_t n, size_t sz, size_t at)
{
	char tmp[sizeof(jx_fund) > sizeof(jx_subproject) ? sizeof(jx_fund) : sizeof(jx_subproject)];
	char *p = v;
	memcpy(tmp, p + (n - 1) * sz, sz);
	memmove(p + (at + 1) * sz, p + at * sz, (n - 1 - at) * sz);
	memcpy(p + at * sz, tmp, sz);
}

/* Append a copy of row from_at of `from` to s and move it to position at. */
static int add_row_copy(jx_sheet *s, jx_row_kind kind, size_t at, const jx_sheet *from, size_t from_at)
{
	switch (kind) {
	case JX_ROW_FUND: {
		const jx_fund *src = &from->funds[from_at];
		jx_fund *f = jx_sheet_add_fund(s, src->source);
		if (!f || !f->source)
			return -1;
		f->planned = src->planned;
		f->budget = src->budget;
		f->received = src->received;
		f->spent = src->spent;
		move_last_to(s->funds, s->n_funds, sizeof *f, at);
		return 0;
	}
	case JX_ROW_SUB: {
		const jx_subproject *src = &from->subs[from_at];
		jx_subproject *p = jx_sheet_add_sub(s);
		if (!p || jx_set_str(&p->name, src->name))
			return -1;
		p->budget = src->budget;
		p->spent = src->spent;
		move_last_to(s->subs, s->n_subs, sizeof *p, at);
		return 0;
	}
	case JX_ROW_BASIS:
		if (jx_sheet_add_basis(s, from->basis[from_at]))
			return -1;
		move_last_to(s->basis, s->n_basis, sizeof s->basis[0], at);
		return 0;
	case JX_ROW_GOAL: {
		const jx_goal *src = &from->goals[from_at];
		jx_goal *g = jx_sheet_add_goal(s);
		if (!g || jx_set_str(&g->planned, src->planned) || jx_set_str(&g->actual, src->actual))
			return -1;
		move_last_to(s->goals, s->n_goals, sizeof *g, at);
		return 0;
	}
	}
	return -1;
}

static int row_kind_ok(jx_row_kind kind, jx_err *err)
{
	if (kind == JX_ROW_FUND || kind == JX_ROW_SUB || kind == JX_ROW_BASIS || kind == JX_ROW_GOAL)
		return 0;
	jx_err_set(err, "未知的行类型 %d", "unknown kind of row %d", (int)kind);
	return -1;
}

/* Inside the transaction: delete row at of the list on disk. */
static int delete_row_on_disk(jx_store *st, const jx_sheet *s, jx_row_kind kind, size_t at, jx_err *err)
{
	char sql[128];
	if (kind == JX_ROW_FUND)
		return jx_db_exec(&st->db, err, "DELETE FROM funds WHERE sheet_id = ?1 AND source = ?2",
				  DB_VALS(DB_INT(s->id), DB_TEXT(s->funds[at].source))) ||
				       renumber_funds(st, s, at, (size_t)-1, err)
			       ? -1
			       : 0;
	snprintf(sql, sizeof sql, "DELETE FROM %s WHERE sheet_id = ?1 AND pos = ?2", row_table(kind));
	return jx_db_exec(&st->db, err, sql, DB_VALS(DB_INT(s->id), DB_INT(at))) ||
			       shift_rows(st, s->id, kind, at + 1, -1, err)
		       ? -1
		       : 0;
}

int jx_store_delete_row(jx_store *st, jx_sheet *s, jx_row_kind kind, size_t at, const char *user, jx_err *err)
{
	char now[32], field[300], *summary = NULL;
	int64_t rev = 0;
	int failed;
	if (row_kind_ok(kind, err) || store_sheet_writable(st, s, err))
		return -1;
	if (at >= jx_store_row_count(s, kind)) {
		jx_err_set(err, "没有%s第 %zu 条（现有 %zu 条）", "there is no %s %zu (there are %zu)", row_list_name(kind),
			   at + 1, jx_store_row_count(s, kind));
		return -1;
	}
	row_field(s, kind, at, field, sizeof field);
	store_now(now);
	if (jx_db_begin(&st->db, err))
		return -1;
	failed = check_row_list(st, s, kind, &rev, err) || !(summary = row_summary(s, kind, at, err)) ||
		 delete_row_on_disk(st, s, kind, at, err);
	failed = store_end_change(st, s, failed, rev, now, user, field, summary, NULL, err);
	free(summary);
	if (failed)
		return -1;
	remove_row(s, kind, at);
	return 0;
}

/* Inside the transaction: row from_at of `from` into the list on disk at at. */
static int insert_row_on_disk(jx_store *st, const jx_sheet *s, jx_row_kind kind, size_t at, const jx_sheet *from,
			      size_t from_at, jx_err *err)
{
	if (kind == JX_ROW_FUND)
		return renumber_funds(st, s, (size_t)-1, at, err) ||
			       store_insert_fund_row(st, s->id, &from->funds[from_at], (int64_t)at, err)
		       ? -1
		       : 0;
	if (shift_rows(st, s->id, kind, at, 1, err))
		return -1;
	switch (kind) {
	case JX_ROW_SUB: return store_insert_sub_row(st, s->id, &from->subs[from_at], (int64_t)at, err);
	case JX_ROW_BASIS: return store_insert_basis_row(st, s->id, from->basis[from_at], (int64_t)at, err);
	default: return store_insert_goal_row(st, s->id, &from->goals[from_at], (int64_t)at, err);
	}
}

/* Refuse a row that cannot be put back into s. */
static int check_row_to_insert(const jx_sheet *s, jx_row_kind kind, const jx_sheet *from, size_t from_at, jx_err *err)
{
	if (!from || from_at >= jx_store_row_count(from, kind)) {
		jx_err_set(err, "没有要恢复的%s", "there is no %s to put back", row_list_name(kind));
		return -1;
	}
	if (kind == JX_ROW_FUND && (!from->funds[from_at].source || !*from->funds[from_at].source)) {
		jx_err_set(err, "资金来源没有名称", "the fund source has no name");
		return -1;
	}
	if (kind == JX_ROW_FUND && jx_sheet_fund(s, from->funds[from_at].source)) {
		jx_err_set(err, "资金来源“%s”已在表中", "the fund source \"%s\" is in the sheet already",
			   from->funds[from_at].source);
		return -1;
	}
	return 0;
}

int jx_store_insert_row(jx_store *st, jx_sheet *s, jx_row_kind kind, size_t at, const jx_sheet *from, size_t from_at,
			const char *user, jx_err *err)
{
	char now[32], field[300], *summary = NULL;
	int64_t rev = 0;
	int failed;
	if (row_kind_ok(kind, err) || store_sheet_writable(st, s, err) ||
	    check_row_to_insert(s, kind, from, from_at, err))
		return -1;
	if (at > jx_store_row_count(s, kind))
		at = jx_store_row_count(s, kind);
	if (kind == JX_ROW_FUND)
		snprintf(field, sizeof field, "fund:%s", from->funds[from_at].source);
	else
		row_field(s, kind, at, field, sizeof field);
	store_now(now);
	if (jx_db_begin(&st->db, err))
		return -1;
	failed = check_row_list(st, s, kind, &rev, err) || !(summary = row_summary(from, kind, from_at, err)) ||
		 insert_row_on_disk(st, s, kind, at, from, from_at, err);
	failed = store_end_change(st, s, failed, rev, now, user, field, NULL, summary, err);
	free(summary);
	if (failed)
		return -1;
	if (add_row_copy(s, kind, at, from, from_at)) {
		store_after_commit_oom(err);
		return -1;
	}
	return 0;
}
