/* Merging bundles into a database (merge.h).
 *
 * The decision rests on histories, never on clocks: two machines' clocks
 * disagree, but a sheet whose audit ids include all of ours was made from
 * ours.  Everything runs inside one store transaction so that a bundle is
 * merged whole or not at all.
 */
#include "merge.h"
#include "comment.h"
#include "replay.h"
#include "strutil.h"

#include <stdlib.h>
#include <string.h>

static void no_memory(jx_err *err)
{
	jx_err_set(err, "内存不足", "out of memory");
}

const char *jx_merge_result_label(jx_merge_result r)
{
	switch (r) {
	case JX_MERGE_NEW: return L("新增", "new");
	case JX_MERGE_UPDATED: return L("已更新", "updated");
	case JX_MERGE_NEWER_HERE: return L("本机较新", "newer here");
	case JX_MERGE_UNCHANGED: return L("未变", "unchanged");
	case JX_MERGE_CONFLICT: return L("冲突", "conflict");
	case JX_MERGE_NRESULTS: break;
	}
	return "";
}

/* ---- histories as sets of global ids ---- */

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted copy of the ids (pointers into rows); NULL only when out of memory. */
static const char **sorted_ids(const jx_audit_row *rows, size_t n)
{
	const char **v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v[i] = jx_nz(rows[i].gid);
	qsort(v, n, sizeof *v, cmp_str_ptr);
	return v;
}

static int has_id(const char **sorted, size_t n, const char *gid)
{
	return bsearch(&gid, sorted, n, sizeof *sorted, cmp_str_ptr) != NULL;
}

/* Comment rows are left out of a history's relation: comments are not the
 * content, and merge apart from it (comment.h, merge_comments). */
jx_hist_rel jx_history_relation(const jx_audit_row *local, size_t nl, const jx_audit_row *incoming, size_t ni)
{
	const char **sl = sorted_ids(local, nl), **si = sorted_ids(incoming, ni);
	int local_has_all = 1, incoming_has_all = 1;
	jx_hist_rel rel;
	if (!sl || !si) {
		/* out of memory: compare pairwise, slowly */
		for (size_t i = 0; i < ni && local_has_all; i++) {
			size_t k = 0;
			if (jx_comment_field(incoming[i].field))
				continue;
			while (k < nl && !jx_texteq(local[k].gid, incoming[i].gid))
				k++;
			local_has_all = k < nl;
		}
		for (size_t i = 0; i < nl && incoming_has_all; i++) {
			size_t k = 0;
			if (jx_comment_field(local[i].field))
				continue;
			while (k < ni && !jx_texteq(incoming[k].gid, local[i].gid))
				k++;
			incoming_has_all = k < ni;
		}
	} else {
		for (size_t i = 0; i < ni && local_has_all; i++)
			local_has_all = jx_comment_field(incoming[i].field) || has_id(sl, nl, jx_nz(incoming[i].gid));
		for (size_t i = 0; i < nl && incoming_has_all; i++)
			incoming_has_all = jx_comment_field(local[i].field) || has_id(si, ni, jx_nz(local[i].gid));
	}
	free(sl);
	free(si);
	if (local_has_all && incoming_has_all)
		rel = JX_HIST_SAME;
	else if (incoming_has_all)
		rel = JX_HIST_EXTENDS;
	else if (local_has_all)
		rel = JX_HIST_BEHIND;
	else
		rel = JX_HIST_DIVERGED;
	return rel;
}

/* ---- report ---- */

void jx_merge_report_free(jx_merge_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].uid);
		free(r->v[i].name);
		free(r->v[i].origin);
		free(r->v[i].unit);
		free(r->v[i].dept);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

static jx_merge_item *report_add(jx_merge_report *r, const char *file, const jx_sheet *s, jx_err *err)
{
	jx_merge_item *it;
	jx_merge_item *p = realloc(r->v, (r->n + 1) * sizeof *p);
	if (!p) {
		no_memory(err);
		return NULL;
	}
	r->v = p;
	it = &r->v[r->n];
	memset(it, 0, sizeof *it);
	it->file = file;
	it->year = s->year;
	if (jx_set_str(&it->uid, s->uid) || jx_set_str(&it->name, s->info[JX_INFO_NAME]) ||
	    jx_set_str(&it->unit, s->info[JX_INFO_UNIT]) || jx_set_str(&it->dept, s->info[JX_INFO_DEPARTMENT])) {
		free(it->uid);
		free(it->name);
		free(it->unit);
		free(it->dept);
		no_memory(err);
		return NULL;
	}
	r->n++;
	return it;
}

/* ---- one sheet ---- */

/* Same content apart from the uid. */
static int equal_but_uid(jx_sheet *a, const jx_sheet *b)
{
	char *saved = a->uid;
	int eq;
	a->uid = b->uid;
	eq = jx_sheet_equal(a, b);
	a->uid = saved;
	return eq;
}

/* Every incoming row this database already knows must be the same row:
 * the same id with other content means two databases share an id. */
static int check_known_rows(jx_store *st, const char *file, const jx_sheet *s, const jx_sheet_history *h, jx_err *err)
{
	for (size_t i = 0; i < h->n; i++) {
		const jx_audit_row *in = &h->rows[i];
		jx_audit_row here;
		int rc = jx_store_audit_find(st, in->gid, &here, err), same;
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		same = jx_texteq(here.at, in->at) && jx_texteq(here.user, in->user) &&
		       jx_texteq(here.field, in->field) && jx_texteq(here.old_value, in->old_value) &&
		       jx_texteq(here.new_value, in->new_value) && jx_texteq(here.origin, in->origin);
		jx_audit_row_clear(&here);
		if (!same) {
			jx_err_set(err,
				   "%s：评价表 %s 的修改记录“%s”与本数据库中同编号的记录内容不同——"
				   "两个数据库的编号相同（数据库文件是否被复制过？），无法判断哪个版本较新；未导入任何评价表",
				   "%s: sheet %s: audit row \"%s\" differs from the row with the same id in this database: "
				   "two databases share an id (was a database file copied?), so which version is newer cannot "
				   "be told; nothing imported",
				   file, jx_nz(s->uid), in->gid);
			return JX_MERGE_REFUSED;
		}
	}
	return 0;
}

static int refuse(jx_err *err, const char *file, const jx_sheet *s, const char *why_zh, const char *why_en,
		  const char *gid)
{
	jx_err_set(err, "%s：评价表 %s 的修改记录“%s”%s；文件是伪造的或已损坏，未导入任何评价表",
		   "%s: sheet %s: audit row \"%s\" %s; the file is forged or damaged, nothing imported", file,
		   jx_nz(s->uid), jx_nz(gid), L(why_zh, why_en));
	return JX_MERGE_REFUSED;
}

/* A row with this database's own id was made here: one this database does
 * not hold cannot be true (forged, or sent by a copy of this database
 * file), and taking it would let its number be given again here. */
static int check_own_rows(jx_store *st, const char *file, const jx_sheet *s, const jx_sheet_history *h, jx_err *err)
{
	const char *me = jx_store_db_id(st);
	size_t len = strlen(me);
	for (size_t i = 0; i < h->n; i++) {
		const char *gid = jx_nz(h->rows[i].gid);
		jx_audit_row here;
		int rc;
		if (strncmp(gid, me, len) != 0 || gid[len] != ':')
			continue;
		if ((rc = jx_store_audit_find(st, gid, &here, err)) < 0)
			return -1;
		jx_audit_row_clear(&here);
		if (rc == 0)
			return refuse(err, file, s, "带有本数据库的编号，但本数据库中没有这条记录",
				      "carries this database's id, but this database never made it", gid);
	}
	return 0;
}

/* "sha256:<64 hex>" -> the hex; NULL when v is not that. */
static const char *digest_of(const char *v)
{
	if (!v || strncmp(v, "sha256:", 7) != 0 || strlen(v + 7) != 64 || strspn(v + 7, "0123456789abcdef") != 64)
		return NULL;
	return v + 7;
}

/* Finalising, reopening and verifying must agree on what arrives: every
 * finalise row carries a digest, the last change of state (as verify reads
 * it) says final exactly when the sheet is, and a last finalise row carries
 * the digest of the content that arrives. */
static int check_final_rows(const char *file, const jx_sheet *s, const jx_sheet_history *h, jx_err *err)
{
	const jx_audit_row *last = NULL;
	int final = s->status && strcmp(s->status, "final") == 0;
	char hex[65];
	for (size_t i = 0; i < h->n; i++) {
		const char *f = jx_nz(h->rows[i].field);
		if (!strcmp(f, "sheet:finalise") && !digest_of(h->rows[i].new_value))
			return refuse(err, file, s, "是定稿记录，但没有内容的摘要（sha256:…）",
				      "finalises the sheet but carries no digest (sha256:…)", h->rows[i].gid);
		if (!strcmp(f, "sheet:finalise") || !strcmp(f, "sheet:reopen") || !strcmp(f, "sheet:resolve") ||
		    !strcmp(f, "sheet:replace"))
			last = &h->rows[i];
	}
	if (!last)
		return 0;
	if (!strcmp(last->field, "sheet:reopen") && final)
		return refuse(err, file, s, "表明它已重新打开，但表格状态是定稿", "says it was reopened, but the sheet is final",
			      last->gid);
	if (strcmp(last->field, "sheet:finalise") != 0)
		return 0;
	if (!final)
		return refuse(err, file, s, "表明它已定稿，但表格状态不是定稿", "says it was finalised, but the sheet is not final",
			      last->gid);
	if (jx_sheet_digest(s, hex) || strcmp(hex, digest_of(last->new_value)) != 0)
		return refuse(err, file, s, "所载的定稿摘要与表格内容不符", "carries a digest that is not the sheet's content",
			      last->gid);
	return 0;
}

/* The review round's rows (review.h) must say what they did: a return its
 * reason, a submit or an approval the status it gave; and when one is the
 * last change of status, the sheet has that status. */
static int check_review_rows(const char *file, const jx_sheet *s, const jx_sheet_history *h, jx_err *err)
{
	const jx_audit_row *last = NULL;
	int last_act = -1;
	for (size_t i = 0; i < h->n; i++) {
		const jx_audit_row *r = &h->rows[i];
		int a = jx_review_action_of_field(r->field);
		const char *to = a >= 0 ? jx_statuses[jx_transitions[a].to].key : NULL;
		if (a == JX_ACT_RETURN && !jx_has_text(r->new_value))
			return refuse(err, file, s, "是退回记录，但没有退回原因", "returns the sheet but gives no reason", r->gid);
		if (a >= 0 && a != JX_ACT_RETURN && !jx_texteq(r->new_value, to))
			return refuse(err, file, s, "是审核流程记录，但所记状态与该步骤不符",
				      "is a review step, but the status it records is not that step's", r->gid);
		if (a >= 0 || jx_texteq(r->field, "status") || !strncmp(jx_nz(r->field), "sheet:", 6)) {
			last = r;
			last_act = a;
		}
	}
	if (last && last_act >= 0 && !jx_texteq(s->status, jx_statuses[jx_transitions[last_act].to].key))
		return refuse(err, file, s, "是最后一次改变状态的记录，但表格状态与它不符",
			      "is the last change of status, but the sheet's status does not follow from it", last->gid);
	return 0;
}

/* The history arriving with a sheet, checked before anything is written. */
static int check_history(jx_store *st, const char *file, const jx_sheet *s, const jx_sheet_history *h, jx_err *err)
{
	int rc = check_known_rows(st, file, s, h, err);
	if (rc == 0)
		rc = check_own_rows(st, file, s, h, err);
	if (rc == 0)
		rc = check_final_rows(file, s, h, err);
	if (rc == 0)
		rc = check_review_rows(file, s, h, err);
	return rc;
}

/* The history extends ours: do its new rows make its content of ours? */
static int explained(const jx_sheet *here, const jx_sheet *s, const jx_audit_row *local, size_t nl,
		     const jx_sheet_history *h, const jx_templates *set, jx_err *err)
{
	const char **sl = sorted_ids(local, nl);
	unsigned char *is_new = calloc(h->n ? h->n : 1, 1);
	int rc = -1;
	if (sl && is_new) {
		for (size_t i = 0; i < h->n; i++)
			is_new[i] = !has_id(sl, nl, jx_nz(h->rows[i].gid));
		rc = jx_replay_explains(here, set ? jx_templates_find(set, jx_nz(s->template_id)) : NULL, h->rows, h->n,
					is_new, s, err);
	} else {
		no_memory(err);
	}
	free(sl);
	free(is_new);
	return rc;
}

/* A new or updated sheet is in the trash as its history last says. */
static int follow_trash(jx_store *st, int64_t id, const jx_sheet_history *h, jx_merge_item *it, jx_err *err)
{
	int t = jx_replay_trashed(h->rows, h->n);
	if (t < 0)
		return 0;
	it->trashed = t;
	return jx_store_trash_received(st, id, t, err);
}

/* Where an incoming version was last changed, for the conflict copy's label. */
static const char *incoming_origin(const char *file, const jx_sheet *s, const jx_sheet_history *h)
{
	const char *base;
	for (size_t i = h->n; i > 0; i--)
		if (h->rows[i - 1].origin && *h->rows[i - 1].origin)
			return h->rows[i - 1].origin;
	if (s->origin && *s->origin)
		return s->origin;
	base = strrchr(file, '/');
	return base ? base + 1 : file;
}

/* The incoming version is not ours and not an ancestor of ours: keep it as
 * a conflict copy of sheet `id`, or find the copy that already holds it. */
static int merge_conflict(jx_store *st, int64_t id, const char *file, const jx_templates *set, jx_sheet *s,
			  const jx_sheet_history *h, jx_merge_item *it, jx_err *err)
{
	int64_t *copies = NULL;
	size_t nc = 0;
	int rc = -1;
	const char *from = incoming_origin(file, s, h);
	it->result = JX_MERGE_CONFLICT;
	it->id = id;
	if (jx_set_str(&it->origin, from)) {
		no_memory(err);
		return -1;
	}
	if (jx_store_conflict_copies(st, id, &copies, &nc, err))
		return -1;
	for (size_t k = 0; k < nc; k++) {
		jx_audit_row *rows = NULL;
		size_t nr = 0;
		jx_sheet *copy = NULL;
		jx_hist_rel rel;
		int same, follows = 1;
		if (jx_store_history(st, copies[k], NULL, &rows, &nr, err) || jx_store_load(st, copies[k], &copy, err)) {
			jx_audit_free(rows, nr);
			goto out;
		}
		rel = jx_history_relation(rows, nr, h->rows, h->n);
		same = equal_but_uid(s, copy);
		if (h->n > 0 && rel == JX_HIST_EXTENDS && !same) {
			/* a copy is updated only as its history says, like a sheet */
			char *in_uid = s->uid;
			s->uid = copy->uid;
			follows = explained(copy, s, rows, nr, h, set, err);
			s->uid = in_uid;
		}
		jx_audit_free(rows, nr);
		if (follows < 0) {
			jx_sheet_free(copy);
			goto out;
		}
		if ((h->n == 0 && same) || (h->n > 0 && ((rel == JX_HIST_SAME && same) || rel == JX_HIST_BEHIND))) {
			/* that copy holds this version already, or a later one */
			it->copy_id = copies[k];
			it->copy_state = 2;
			jx_sheet_free(copy);
			rc = 0;
			goto out;
		}
		if (h->n > 0 && rel == JX_HIST_EXTENDS && follows) {
			/* a later version of the same machine's edits: update the copy */
			char *in_uid = s->uid;
			s->uid = copy->uid;
			s->id = copies[k];
			rc = jx_store_replace_received(st, s, h->rows, h->n, &it->rows_added, err);
			s->uid = in_uid;
			jx_sheet_free(copy);
			if (rc)
				goto out;
			it->copy_id = copies[k];
			it->copy_state = 1;
			goto out;
		}
		jx_sheet_free(copy);
	}
	{
		/* a new copy under its own uid; the incoming uid stays the sheet's */
		char *in_uid = s->uid;
		s->uid = NULL;
		rc = jx_store_insert_received(st, s, h->rows, h->n, id, from, err);
		free(s->uid);
		s->uid = in_uid;
		if (rc)
			goto out;
		it->copy_id = s->id;
		it->copy_state = 0;
		it->rows_added = h->n;
	}
out:
	free(copies);
	return rc;
}

/* Comments merge apart from the content (comment.h): whatever became of
 * the sheet, the local sheet takes the comment rows it lacks, so that
 * answers written on both sides are all kept.  A sheet that only gained
 * comments is 已更新 (its content unchanged). */
static int merge_comments(jx_store *st, jx_merge_item *it, const jx_sheet_history *h, jx_err *err)
{
	jx_audit_row *v;
	size_t nv = 0, added = 0;
	int rc;
	if (it->id <= 0)
		return 0;
	if (!(v = malloc((h->n ? h->n : 1) * sizeof *v))) {
		no_memory(err);
		return -1;
	}
	for (size_t i = 0; i < h->n; i++)
		if (jx_comment_field(h->rows[i].field))
			v[nv++] = h->rows[i]; /* shallow: the rows stay h's */
	rc = nv ? jx_store_append_history(st, it->id, v, nv, &added, err) : 0;
	free(v);
	if (rc == 0 && added && it->result != JX_MERGE_NEW && it->result != JX_MERGE_CONFLICT) {
		it->comments_added = added;
		it->rows_added += added;
		if (it->result == JX_MERGE_UNCHANGED)
			it->result = JX_MERGE_UPDATED;
	}
	return rc;
}

static int merge_sheet(jx_store *st, const char *file, const jx_templates *set, jx_sheet *s,
		       const jx_sheet_history *h, const char *user, jx_merge_report *rep, jx_err *err);

static int merge_one(jx_store *st, const char *file, const jx_templates *set, jx_sheet *s, const jx_sheet_history *h,
		     const char *user, jx_merge_report *rep, jx_err *err)
{
	size_t before = rep->n;
	int rc = merge_sheet(st, file, set, s, h, user, rep, err);
	if (rc == 0 && rep->n > before)
		rc = merge_comments(st, &rep->v[rep->n - 1], h, err);
	return rc;
}

static int merge_sheet(jx_store *st, const char *file, const jx_templates *set, jx_sheet *s,
		       const jx_sheet_history *h, const char *user, jx_merge_report *rep, jx_err *err)
{
	jx_merge_item *it;
	jx_audit_row *local = NULL;
	size_t nl = 0;
	jx_sheet *here = NULL;
	int64_t id = 0;
	int rc = -1, same;

	if ((rc = check_history(st, file, s, h, err)) != 0)
		return rc;
	rc = -1;
	if (!(it = report_add(rep, file, s, err)))
		return -1;
	if (jx_store_find_uid(st, jx_nz(s->uid), &id, err))
		return -1;

	if (id == 0) {
		if (h->n == 0) {
			/* A file written without uids gets new ones each time it is
			 * read: the same project and year with the same content is
			 * that file imported again. */
			int64_t pid = 0;
			if (jx_store_find_project(st, s, s->year, &pid, err))
				return -1;
			if (pid) {
				if (jx_store_load(st, pid, &here, err))
					return -1;
				same = equal_but_uid(s, here);
				jx_sheet_free(here);
				if (same) {
					it->result = JX_MERGE_UNCHANGED;
					it->id = pid;
					return 0;
				}
			}
			/* a sheet without history starts one here */
			if (jx_store_insert(st, s, user, err))
				return -1;
			it->rows_added = 1;
		} else {
			/* its content is what its history made: that history must
			 * include the row that wrote the sheet whole */
			if (jx_replay_whole(h->rows, h->n) < 0)
				return refuse(err, file, s, "所在的修改记录中没有建立这张评价表的记录（sheet:create）",
					      "is in a history without the row that made the sheet (sheet:create)",
					      h->rows[0].gid);
			if (jx_store_insert_received(st, s, h->rows, h->n, 0, NULL, err) ||
			    follow_trash(st, s->id, h, it, err))
				return -1;
			it->rows_added = h->n;
		}
		it->result = JX_MERGE_NEW;
		it->id = s->id;
		return 0;
	}

	if (jx_store_load(st, id, &here, err))
		return -1;
	same = jx_sheet_equal(s, here);
	it->answered = jx_texteq(here->status, "returned") && jx_texteq(s->status, "submitted");
	jx_sheet_free(here);
	here = NULL;
	it->id = id;
	if (h->n == 0) {
		/* no history to go by: only the content tells */
		if (same) {
			it->result = JX_MERGE_UNCHANGED;
			return 0;
		}
		return merge_conflict(st, id, file, set, s, h, it, err);
	}
	if (jx_store_history(st, id, NULL, &local, &nl, err))
		return -1;
	switch (jx_history_relation(local, nl, h->rows, h->n)) {
	case JX_HIST_SAME:
		if (same) {
			it->result = JX_MERGE_UNCHANGED;
			rc = 0;
		} else {
			/* the same history but other content: edited outside jixiao */
			rc = merge_conflict(st, id, file, set, s, h, it, err);
		}
		break;
	case JX_HIST_BEHIND:
		it->result = JX_MERGE_NEWER_HERE;
		rc = 0;
		break;
	case JX_HIST_EXTENDS:
		it->result = JX_MERGE_UPDATED;
		/* the same content still replays: its rows may claim what they do
		 * not do (a finalise row's digest of another content) */
		if (jx_store_load(st, id, &here, err) < 0) {
			break;
		} else if ((rc = explained(here, s, local, nl, h, set, err)) <= 0) {
			/* content that its history does not explain is not taken:
			 * ours stays, theirs is kept beside it */
			it->mismatch = 1;
			rc = rc < 0 ? -1 : merge_conflict(st, id, file, set, s, h, it, err);
			break;
		} else if (same) {
			rc = jx_store_append_history(st, id, h->rows, h->n, &it->rows_added, err);
		} else {
			s->id = id;
			rc = jx_store_replace_received(st, s, h->rows, h->n, &it->rows_added, err);
			it->content_changed = 1;
		}
		if (rc == 0)
			rc = follow_trash(st, id, h, it, err);
		break;
	case JX_HIST_DIVERGED:
		if (same) {
			/* both made the same edits: nothing to choose, keep both records */
			it->result = JX_MERGE_UPDATED;
			rc = jx_store_append_history(st, id, h->rows, h->n, &it->rows_added, err);
		} else {
			rc = merge_conflict(st, id, file, set, s, h, it, err);
		}
		break;
	}
	jx_audit_free(local, nl);
	jx_sheet_free(here);
	return rc;
}

int jx_merge_sheet(jx_store *st, const char *file, const jx_templates *set, jx_sheet *s, const jx_sheet_history *h,
		   const char *user, jx_merge_report *rep, jx_err *err)
{
	static const jx_sheet_history none = {NULL, 0};
	int rc = merge_one(st, file, set, s, h ? h : &none, user, rep, err);
	if (rc == 0)
		rep->count[rep->v[rep->n - 1].result]++;
	return rc;
}

int jx_merge_bundles(jx_store *st, jx_bundle *b, size_t nb, const char *user, jx_merge_report *rep, jx_err *err)
{
	int rc = 0;
	memset(rep, 0, sizeof *rep);
	if (jx_store_begin(st, err))
		return -1;
	for (size_t i = 0; i < nb && rc == 0; i++)
		for (size_t j = 0; j < b[i].n && rc == 0; j++) {
			static const jx_sheet_history none = {NULL, 0};
			rc = merge_one(st, b[i].file, b[i].set, b[i].v[j], b[i].h ? &b[i].h[j] : &none, user, rep, err);
		}
	if (rc == 0 && jx_store_commit(st, err))
		rc = -1;
	if (rc) {
		jx_store_rollback(st);
		jx_merge_report_free(rep);
		return rc;
	}
	for (size_t i = 0; i < rep->n; i++)
		rep->count[rep->v[i].result]++;
	return 0;
}

int jx_merge_find_conflict(jx_store *st, int64_t id, int64_t *of, int64_t *copy, jx_err *err)
{
	int64_t link = 0, *copies = NULL;
	size_t nc = 0;
	*of = *copy = 0;
	if (jx_store_conflict_of(st, id, &link, NULL, err))
		return -1;
	if (link > 0) {
		*of = link;
		*copy = id;
		return 0;
	}
	if (jx_store_conflict_copies(st, id, &copies, &nc, err))
		return -1;
	if (nc == 0) {
		jx_err_set(err, "评价表 %lld 没有待解决的冲突", "sheet %lld has no conflict to resolve", (long long)id);
		free(copies);
		return -1;
	}
	if (nc > 1) {
		char list[256];
		size_t used = 0;
		list[0] = 0;
		for (size_t k = 0; k < nc && used + 24 < sizeof list; k++)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%lld", k ? L("、", ", ") : "",
						 (long long)copies[k]);
		jx_err_set(err, "评价表 %lld 有 %zu 个冲突副本（编号 %s），请指定要处理的副本编号",
			   "sheet %lld has %zu conflict copies (numbers %s); name the copy to resolve", (long long)id, nc,
			   list);
		free(copies);
		return -1;
	}
	*of = id;
	*copy = copies[0];
	free(copies);
	return 0;
}
