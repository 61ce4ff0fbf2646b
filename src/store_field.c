/* The store: committing one field.  The path is taken apart by field.c's
 * parser (jx_field_path_parse); here it is turned into the row and column
 * it lives in, the value on disk is compared with the one the caller saw,
 * and the column is written with its audit row in one transaction. */
#include "store_int.h"
#include "strutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"

/* Columns of the rows a field path can name (the indicator's: store_ind_map). */
static const colmap fund_map[] = {
	{"planned", K_DEC, offsetof(jx_fund, planned)},	  {"budget", K_DEC, offsetof(jx_fund, budget)},
	{"received", K_DEC, offsetof(jx_fund, received)}, {"spent", K_DEC, offsetof(jx_fund, spent)},
	{"source", K_TEXT, offsetof(jx_fund, source)},	  {"forecast", K_DEC, offsetof(jx_fund, forecast)},
};
static const colmap sub_map[] = {
	{"name", K_TEXT, offsetof(jx_subproject, name)},
	{"budget", K_DEC, offsetof(jx_subproject, budget)},
	{"spent", K_DEC, offsetof(jx_subproject, spent)},
};
static const colmap goal_map[] = {
	{"planned", K_TEXT, offsetof(jx_goal, planned)},
	{"actual", K_TEXT, offsetof(jx_goal, actual)},
	{"points", K_DEC, offsetof(jx_goal, points)},
};
static const colmap entry_map[] = {
	{"score", K_DEC, offsetof(jx_entry, score)},
	{"note", K_TEXT, offsetof(jx_entry, note)},
};
static const colmap review_map[] = {
	{"review_score", K_DEC, offsetof(jx_sheet, review_score)},
	{"review_opinion", K_TEXT, offsetof(jx_sheet, review_opinion)},
	{"review_result", K_TEXT, offsetof(jx_sheet, review_result)},
};
#define FT_MAP(member, ...) {"funds_total_" #member, K_DEC, offsetof(jx_sheet, funds_total.member)},
static const colmap fund_total_map[] = {JX_FUND_TOTAL_COLUMNS(FT_MAP)};
#undef FT_MAP
static const colmap year_map = {"year", K_INT, offsetof(jx_sheet, year)};
static const colmap status_map = {"status", K_TEXT, offsetof(jx_sheet, status)};

/* The store's view of a field path: which rows it lives in. */
typedef struct {
	jx_field_path fp;
	const colmap *map; /* column of a mapped row, or of the sheets row */
	colmap info;       /* storage for an info column */
	char *name;        /* fp.name as a string */
	int part;          /* what to load to see the value on disk */
} spath;

static int is_sheet_col(const spath *sp)
{
	switch (sp->fp.fam) {
	case JX_FP_YEAR:
	case JX_FP_STATUS:
	case JX_FP_INFO:
	case JX_FP_FUND_TOTAL:
	case JX_FP_REVIEW: return 1;
	default: return 0;
	}
}

/* The column of a sheets-row path (year, status, info, review, the printed
 * funds total). */
static const colmap *sheet_col(spath *sp)
{
	char col[48];
	switch (sp->fp.fam) {
	case JX_FP_YEAR: return &year_map;
	case JX_FP_STATUS: return &status_map;
	case JX_FP_INFO:
		sp->info.col = jx_info_labels[sp->fp.idx].key;
		sp->info.kind = K_TEXT;
		sp->info.off = offsetof(jx_sheet, info) + (size_t)sp->fp.idx * sizeof(char *);
		return &sp->info;
	case JX_FP_FUND_TOTAL:
		snprintf(col, sizeof col, "funds_total_%s", sp->fp.column);
		return store_find_map(fund_total_map, NMAP(fund_total_map), col);
	default:
		snprintf(col, sizeof col, "review_%s", sp->fp.column);
		return store_find_map(review_map, NMAP(review_map), col);
	}
}

/* Called only for paths jx_field_get accepted. */
static int spath_of(const char *path, spath *sp)
{
	static const int parts[] = {
		[JX_FP_YEAR] = PART_SHEET, [JX_FP_STATUS] = PART_SHEET, [JX_FP_INFO] = PART_SHEET,
		[JX_FP_REVIEW] = PART_SHEET, [JX_FP_FUND_TOTAL] = PART_SHEET, [JX_FP_NARR] = PART_NARR, [JX_FP_BASIS] = PART_BASIS,
		[JX_FP_FUND] = PART_FUNDS, [JX_FP_SUB] = PART_SUBS, [JX_FP_GOAL] = PART_GOALS,
		[JX_FP_IND] = PART_INDS, [JX_FP_MARK] = PART_MARKS, [JX_FP_ENTRY] = PART_ENTRIES,
		[JX_FP_MEASURE] = PART_MEASURES,
	};
	memset(sp, 0, sizeof *sp);
	if (jx_field_path_parse(path, &sp->fp))
		return -1;
	sp->part = parts[sp->fp.fam];
	if (sp->fp.name && !(sp->name = strndup(sp->fp.name, sp->fp.name_len)))
		return -1;
	switch (sp->fp.fam) {
	case JX_FP_NARR:
	case JX_FP_BASIS:
	case JX_FP_MARK:
	case JX_FP_MEASURE: return 0;
	case JX_FP_FUND: sp->map = store_find_map(fund_map, NMAP(fund_map), sp->fp.column); break;
	case JX_FP_SUB: sp->map = store_find_map(sub_map, NMAP(sub_map), sp->fp.column); break;
	case JX_FP_GOAL: sp->map = store_find_map(goal_map, NMAP(goal_map), sp->fp.column); break;
	case JX_FP_IND: sp->map = store_find_map(store_ind_map, store_ind_ncols, sp->fp.column); break;
	case JX_FP_ENTRY: sp->map = store_find_map(entry_map, NMAP(entry_map), sp->fp.column); break;
	default: sp->map = sheet_col(sp); break;
	}
	return sp->map ? 0 : -1;
}

static int fund_at(const jx_sheet *s, const char *source)
{
	for (size_t i = 0; i < s->n_funds; i++)
		if (s->funds[i].source && strcmp(s->funds[i].source, source) == 0)
			return (int)i;
	return -1;
}

/* Does the element the path names exist in s? */
static int elem_exists(const jx_sheet *s, const spath *sp)
{
	switch (sp->fp.fam) {
	case JX_FP_BASIS: return (size_t)sp->fp.idx < s->n_basis;
	case JX_FP_SUB: return (size_t)sp->fp.idx < s->n_subs;
	case JX_FP_GOAL: return (size_t)sp->fp.idx < s->n_goals;
	case JX_FP_FUND: return fund_at(s, sp->name) >= 0;
	case JX_FP_IND: return jx_sheet_ind(s, sp->name) != NULL;
	case JX_FP_MARK: return jx_sheet_mark(s, sp->name, sp->fp.idx) != NULL;
	case JX_FP_ENTRY: return jx_sheet_entry(s, sp->name) != NULL;
	case JX_FP_MEASURE: return jx_sheet_measure(s, sp->name) != NULL;
	default: return 1;
	}
}

int store_get_alloc(const jx_sheet *s, const char *path, char **out, jx_err *err)
{
	/* text that came in through an import is not bound by JX_FIELD_MAX */
	static const size_t sizes[] = {4096, (size_t)1 << 20, (size_t)1 << 26};
	*out = NULL;
	for (size_t i = 0; i < NMAP(sizes); i++) {
		char *buf = malloc(sizes[i]);
		if (!buf) {
			jx_db_no_memory(err);
			return -1;
		}
		if (jx_field_get(s, path, buf, sizes[i], err) == 0) {
			*out = buf;
			return 0;
		}
		free(buf);
	}
	return -1;
}

/* UPDATE <table> SET <col> = v WHERE sheet_id = id AND <key> = k */
static int update_col(jx_store *st, const char *table, const char *col, const char *key, int64_t id, jx_db_val k,
		      jx_db_val v, jx_err *err)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE %s SET %s = ?3 WHERE sheet_id = ?1 AND %s = ?2", table, col, key);
	return jx_db_exec(&st->db, err, sql, DB_VALS(DB_INT(id), k, v));
}

/* Write a column of a row on disk (1: a row the path adds, written whole). */
static int write_row_col(jx_store *st, int64_t id, const jx_sheet *old, const jx_sheet *c, const spath *sp,
			 jx_err *err)
{
	int i = sp->fp.idx, k;
	switch (sp->fp.fam) {
	case JX_FP_BASIS:
		if ((size_t)i >= old->n_basis)
			return store_insert_basis_row(st, id, c->basis[i], i, err) ? -1 : 1;
		return update_col(st, "basis", "text", "pos", id, DB_INT(i), DB_TEXT(c->basis[i]), err);
	case JX_FP_SUB:
		if ((size_t)i >= old->n_subs)
			return store_insert_sub_row(st, id, &c->subs[i], i, err) ? -1 : 1;
		return update_col(st, "subprojects", sp->map->col, "pos", id, DB_INT(i),
				  store_mapped_val(&c->subs[i], sp->map), err);
	case JX_FP_GOAL:
		if ((size_t)i >= old->n_goals)
			return store_insert_goal_row(st, id, &c->goals[i], i, err) ? -1 : 1;
		return update_col(st, "goals", sp->map->col, "pos", id, DB_INT(i), store_mapped_val(&c->goals[i], sp->map),
				  err);
	case JX_FP_FUND:
		if ((k = fund_at(old, sp->name)) < 0)
			return store_insert_fund_row(st, id, &c->funds[c->n_funds - 1], -1, err) ? -1 : 1;
		return update_col(st, "funds", sp->map->col, "source", id, DB_TEXT(sp->name),
				  store_mapped_val(&c->funds[k], sp->map), err);
	default: return -1;
	}
}

/* Write a column of a keyed row (1: a row the path adds, written whole). */
static int write_keyed_col(jx_store *st, int64_t id, const jx_sheet *old, const jx_sheet *c, const spath *sp,
			   jx_err *err)
{
	const jx_indicator *d;
	const jx_mark *m;
	const jx_entry *e;
	const jx_measure *v;
	switch (sp->fp.fam) {
	case JX_FP_IND:
		if (!(d = jx_sheet_ind(c, sp->name)))
			return -1;
		return update_col(st, "indicators", sp->map->col, "key", id, DB_TEXT(sp->name),
				  store_mapped_val(d, sp->map), err);
	case JX_FP_MARK:
		if (!(m = jx_sheet_mark(c, sp->name, sp->fp.idx)))
			return -1;
		if (!elem_exists(old, sp))
			return store_insert_mark_row(st, id, m, err) ? -1 : 1;
		return jx_db_exec(&st->db, err,
				  "UPDATE marks SET awarded = ?4 WHERE sheet_id = ?1 AND node = ?2 AND item = ?3",
				  DB_VALS(DB_INT(id), DB_TEXT(sp->name), DB_INT(sp->fp.idx), DB_DEC(m->awarded)));
	case JX_FP_ENTRY:
		if (!(e = jx_sheet_entry(c, sp->name)))
			return -1;
		if (!elem_exists(old, sp))
			return store_insert_entry_row(st, id, e, err) ? -1 : 1;
		return update_col(st, "entries", sp->map->col, "node", id, DB_TEXT(sp->name), store_mapped_val(e, sp->map),
				  err);
	case JX_FP_MEASURE:
		if (!(v = jx_sheet_measure(c, sp->name)))
			return -1;
		return !elem_exists(old, sp) ? (store_insert_measure_row(st, id, v, err) ? -1 : 1)
					     : update_col(st, "measures", "value", "name", id, DB_TEXT(sp->name),
							  DB_DEC(v->value), err);
	default: return write_row_col(st, id, old, c, sp, err);
	}
}

/* Write the one column the path names, from the edited copy c (old is the
 * sheet as it was). */
static int write_field(jx_store *st, int64_t id, const jx_sheet *old, const jx_sheet *c, const spath *sp, jx_err *err)
{
	int rc;
	if (sp->fp.fam == JX_FP_NARR)
		return store_upsert_narr(st, id, sp->fp.idx, c->narr[sp->fp.idx], err);
	if (sp->map == &status_map) {
		int returned;
		const char *col = store_status_col(c->status, &returned);
		rc = jx_db_exec(&st->db, err, "UPDATE sheets SET status = ?2, returned = ?3 WHERE id = ?1",
				DB_VALS(DB_INT(id), DB_TEXT(col), DB_INT(returned)));
	} else if (is_sheet_col(sp)) {
		char sql[160];
		snprintf(sql, sizeof sql, "UPDATE sheets SET %s = ?2 WHERE id = ?1", sp->map->col);
		rc = jx_db_exec(&st->db, err, sql, DB_VALS(DB_INT(id), store_mapped_val(c, sp->map)));
	} else {
		rc = write_keyed_col(st, id, old, c, sp, err);
	}
	if (rc)
		return rc < 0 ? -1 : 0;
	if (jx_db_changes(&st->db) != 1) {
		jx_err_set(err, "该记录已被其他工作站删除，请重新载入", "the record was removed by another workstation; reload it");
		return -1;
	}
	return 0;
}

/* "…" shortened copy of a value for a message */
static void shorten(const char *v, char *out, size_t len)
{
	size_t n = strlen(v);
	if (!*v) {
		snprintf(out, len, "%s", L("（空）", "(empty)"));
		return;
	}
	if (n < len) {
		memcpy(out, v, n + 1);
		return;
	}
	n = len - 4; /* room for "…" and NUL */
	while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, v, n);
	memcpy(out + n, "…", 4);
}

/* Inside the transaction: is the value on disk still oldv, the one the
 * caller saw in s?  *disk_rev: the revision on disk. */
static int check_disk_value(jx_store *st, const jx_sheet *s, const char *path, const spath *sp, const char *oldv,
			    int64_t *disk_rev, jx_err *err)
{
	jx_sheet *disk = jx_sheet_new();
	char *diskv = NULL;
	int ret = -1;
	if (!disk) {
		jx_db_no_memory(err);
		return -1;
	}
	if (store_load_parts(st, s->id, disk, PART_SHEET | sp->part, sp->fp.fam == JX_FP_IND ? sp->name : NULL, err))
		goto out;
	*disk_rev = disk->revision;
	if (sp->fp.fam == JX_FP_IND && !elem_exists(disk, sp)) {
		jx_err_set(err, "该指标已被其他工作站删除，请重新载入", "this indicator was deleted by another workstation; reload the sheet");
		goto out;
	}
	if (store_get_alloc(disk, path, &diskv, err))
		goto out;
	if (strcmp(diskv, oldv) != 0 || elem_exists(disk, sp) != elem_exists(s, sp)) {
		char shown[256];
		shorten(diskv, shown, sizeof shown);
		jx_err_set(err, "该字段已被其他工作站修改为“%s”，请重新载入后再改",
			   "this field was changed to \"%s\" by another workstation; reload and try again", shown);
		goto out;
	}
	ret = 0;
out:
	free(diskv);
	jx_sheet_free(disk);
	return ret;
}

/* Write the change (validated in c) with its audit row: one transaction. */
static int commit_field(jx_store *st, const jx_sheet *s, const jx_sheet *c, const char *path, const spath *sp,
			const char *oldv, const char *newv, const char *user, const char *at, int64_t *disk_rev,
			jx_err *err)
{
	if (jx_db_begin(&st->db, err))
		return -1;
	if (store_check_editable(st, s->id, err) || check_disk_value(st, s, path, sp, oldv, disk_rev, err) ||
	    write_field(st, s->id, s, c, sp, err) ||
	    store_commit_change(st, s->id, *disk_rev, at, user, path, oldv, newv, err)) {
		jx_db_rollback(&st->db);
		return -1;
	}
	return 0;
}

int jx_store_set_field(jx_store *st, jx_sheet *s, const jx_template *t, const char *path, const char *text,
		       const char *user, jx_err *err)
{
	spath sp = {0};
	jx_sheet *c = NULL;
	char *oldv = NULL, *newv = NULL, at[32];
	int ret = -1;
	int64_t disk_rev;
	jx_err scratch;

	if (store_sheet_writable(st, s, err) || store_check_editable(st, s->id, err) ||
	    store_get_alloc(s, path, &oldv, err))
		return -1;
	if (spath_of(path, &sp)) {
		jx_err_set(err, "未知的字段“%s”", "unknown field \"%s\"", path);
		goto out;
	}
	/* validate on a copy: *s stays as it is until the commit */
	if (!(c = jx_sheet_clone(s))) {
		jx_db_no_memory(err);
		goto out;
	}
	if (jx_field_set(c, t, path, text, err) || store_get_alloc(c, path, &newv, err))
		goto out;
	if (sp.map == &status_map && store_is_final_status(c->status) && !store_is_final_status(s->status)) {
		jx_err_set(err, "定稿请用定稿功能（jixiao finalise %lld，或工作台中的“定稿”），以便同时记下内容的摘要",
			   "to finalise a sheet use finalise (jixiao finalise %lld, or Finalise in the workstation), which "
			   "also records the digest of its content",
			   (long long)s->id);
		goto out;
	}
	if (sp.map == &status_map && jx_texteq(c->status, "returned") && !jx_texteq(s->status, "returned")) {
		jx_err_set(err, "退回须写明原因，请用退回功能（jixiao return %lld --reason …，或工作台中的“退回”）",
			   "a return needs a reason: use return (jixiao return %lld --reason …, or Return in the "
			   "workstation)",
			   (long long)s->id);
		goto out;
	}
	if (strcmp(oldv, newv) == 0 && elem_exists(s, &sp) == elem_exists(c, &sp)) {
		ret = 0; /* the same value: nothing to write, no audit row */
		goto out;
	}
	store_now(at);
	if (commit_field(st, s, c, path, &sp, oldv, newv, user, at, &disk_rev, err))
		goto out;
	/* committed: now the sheet in memory */
	if (jx_field_set(s, t, path, text, &scratch)) {
		/* cannot happen short of memory: take the validated copy whole */
		jx_sheet tmp = *s;
		*s = *c;
		*c = tmp;
	}
	store_adopt_change(st, s, disk_rev, at);
	ret = 0;
out:
	free(sp.name);
	free(oldv);
	free(newv);
	jx_sheet_free(c);
	return ret;
}
