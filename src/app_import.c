/* Importing sheet files, bundles and spreadsheets (app.h): every sheet
 * merged by uid and history in one transaction.  The command line's import
 * (jx_app_import_files) reads each file one sheet at a time and merges each
 * sheet as soon as it is read, so that memory stays that of one sheet
 * whatever the number of sheets or files; the workstation's import of one
 * file reads it whole first (jx_app_import_read, jx_app_import_merge). */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "strutil.h"
#include "sheetio.h"
#include "table_read.h"
#include "xform_data.h"

static const char *import_sheet_name(const jx_sheet *s)
{
	const char *n = s->info[JX_INFO_NAME];
	return n && *n ? n : L("(未命名)", "(unnamed)");
}

/* ---- import ------------------------------------------------------------------------------- */

void jx_app_import_free(jx_app_import *im)
{
	for (size_t i = 0; im->b && i < im->nf; i++) {
		jx_sheets_free(im->b[i].v, im->b[i].n);
		jx_histories_free(im->b[i].h, im->b[i].n);
	}
	free(im->b);
	for (size_t i = 0; i < im->n_unknown; i++)
		free(im->unknown[i].template_id);
	free(im->unknown);
	jx_merge_report_free(&im->rep);
	memset(im, 0, sizeof *im);
}

/* A spreadsheet (xlsx, xls, CSV) holding an indicator table or a form (or
 * several sheets' indicators, as csv-data of many): the sheets it makes go
 * through the sheet-file reader, as a YAML sheet file with no history
 * would, so that they are checked and given their uids the same way. */
static void import_note(void *ctx, const char *msg)
{
	jx_app_msgs_add(ctx, msg);
}

static int read_spreadsheet(const char *file, const jx_templates *set, const jx_table_opts *o, jx_bundle *b,
			    jx_app_msgs *notes, jx_err *err)
{
	jx_book book;
	jx_sheet **v = NULL;
	char *doc = NULL;
	size_t len = 0, n = 0;
	FILE *mem;
	int rc;
	if (jx_book_read(file, &book, err) < 0)
		return -1;
	/* jixiao's own workbook carries its exact values (xform_data.h); --map
	 * asks for its layout to be read instead */
	if (jx_xdata_present(&book) && !(o && o->map)) {
		rc = jx_xdata_sheets(&book, file, set, &v, &n, import_note, notes, err);
		for (size_t i = 0; rc == 0 && o && o->dry && i < n; i++)
			fprintf(o->dry, L("%s: jixiao 导出的工作簿，按其隐藏数据读回第 %zu 张评价表：%s (%d)，%zu 个指标\n",
					  "%s: a workbook jixiao exported, read back from its hidden data: sheet %zu: %s (%d), %zu indicators\n"),
				file, i + 1, import_sheet_name(v[i]), v[i]->year, v[i]->n_inds);
	} else {
		rc = jx_sheets_from_book(&book, file, set, o, &v, &n, err);
	}
	jx_book_free(&book);
	if (rc < 0)
		return -1;
	mem = open_memstream(&doc, &len);
	rc = mem ? jx_sheets_write_with(mem, v, n, set, err) : -1;
	if (mem && fclose(mem) != 0)
		rc = -1;
	jx_sheets_free(v, n);
	if (rc == 0)
		rc = jx_bundle_read_mem(file, doc, len, set, &b->v, &b->h, &b->n, err);
	else if (!err->msg[0])
		jx_err_set(err, "内存不足", "out of memory");
	free(doc);
	return rc;
}

int jx_app_import_read(jx_app_import *im, char *const *files, size_t nf, const jx_templates *set, jx_app_msgs *msgs)
{
	return jx_app_import_read_opts(im, files, nf, set, NULL, msgs);
}

int jx_app_import_read_opts(jx_app_import *im, char *const *files, size_t nf, const jx_templates *set,
			    const jx_table_opts *opts, jx_app_msgs *msgs)
{
	jx_err err = {{0}};
	int bad = 0;
	memset(im, 0, sizeof *im);
	im->b = calloc(nf ? nf : 1, sizeof *im->b);
	if (!im->b) {
		jx_err_set(&err, "内存不足", "out of memory");
		jx_app_msgs_add(msgs, err.msg);
		return -1;
	}
	im->nf = nf;
	for (size_t i = 0; i < nf; i++) {
		im->b[i].file = files[i];
		im->b[i].set = set;
		err.msg[0] = 0;
		if ((jx_table_is_spreadsheet(files[i]) ? read_spreadsheet(files[i], set, opts, &im->b[i], msgs, &err)
						       : jx_bundle_read(files[i], set, &im->b[i].v, &im->b[i].h,
									&im->b[i].n, &err)) < 0) {
			im->b[i].v = NULL;
			im->b[i].h = NULL;
			im->b[i].n = 0;
			jx_app_msgs_add(msgs, err.msg);
			bad = 1;
		}
		for (size_t k = 0; k < im->b[i].n && !bad; k++)
			if (jx_sheet_oneline_check(im->b[i].v[k], &err) < 0) {
				char where[sizeof err.msg + 512];
				snprintf(where, sizeof where, "%.500s: %s", files[i], err.msg);
				jx_app_msgs_add(msgs, where);
				bad = 1;
			}
	}
	if (bad) {
		jx_app_import_free(im);
		return -1;
	}
	return 0;
}

const jx_sheet *jx_app_import_unknown(const jx_app_import *im, const jx_templates *set, size_t *at, size_t *file,
				      size_t *sheet)
{
	size_t k = 0;
	for (size_t i = 0; i < im->nf; i++)
		for (size_t j = 0; j < im->b[i].n; j++, k++) {
			if (k < *at)
				continue;
			if (!jx_templates_find(set, jx_nz(im->b[i].v[j]->template_id))) {
				*at = k + 1;
				*file = i;
				*sheet = j;
				return im->b[i].v[j];
			}
		}
	*at = k;
	return NULL;
}

int jx_app_is_final(jx_store *st, int64_t id)
{
	jx_err err = {{0}};
	int state = 0;
	char a[65], b[65];
	return jx_store_verify(st, id, &state, a, b, &err) == 0 && state != 0;
}

/* Would the incoming s (with history h) change the finalised sheet its uid
 * names?  An incoming version whose history extends the local one and whose
 * content differs would replace it.  1 with the message in msgs, 0, -1 (err). */
static int changes_finalised(jx_store *st, const char *file, const jx_sheet *s, const jx_sheet_history *h,
			     jx_app_msgs *msgs, jx_err *err)
{
	jx_sheet *here = NULL;
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	int64_t id = 0;
	int changes;
	if (!s->uid || !*s->uid || !h || h->n == 0)
		return 0; /* no history: a different version is kept as a conflict copy */
	if (jx_store_find_uid(st, s->uid, &id, err) < 0)
		return -1;
	if (!id || !jx_app_is_final(st, id))
		return 0;
	if (jx_store_load(st, id, &here, err) < 0 || jx_store_history(st, id, NULL, &rows, &nr, err) < 0) {
		jx_sheet_free(here);
		return -1;
	}
	changes = jx_history_relation(rows, nr, h->rows, h->n) == JX_HIST_EXTENDS && !jx_sheet_equal(s, here);
	if (changes) {
		jx_err m;
		jx_err_set(&m,
			   "%s: 评价表 %lld（%s）已定稿，文件中是它此后又修改过的版本，导入会改动定稿的内容。"
			   "如需采用: 先 jixiao reopen %lld --reason 原因，再导入，然后用 jixiao resolve 选择保留的版本",
			   "%s: sheet %lld (%s) is finalised and the file holds a later version of it: importing it "
			   "would change the finalised content. To take it: jixiao reopen %lld --reason TEXT, import "
			   "again, then choose the version to keep with jixiao resolve",
			   file, (long long)id, import_sheet_name(here), (long long)id);
		jx_app_msgs_add(msgs, m.msg);
	}
	jx_audit_free(rows, nr);
	jx_sheet_free(here);
	return changes;
}

/* Does the item's sheet hold content the list has not scored yet? */
static int merged_fresh(const jx_merge_item *it)
{
	return it->result == JX_MERGE_NEW || (it->result == JX_MERGE_UPDATED && it->content_changed) ||
	       (it->result == JX_MERGE_CONFLICT && it->copy_state < 2);
}

int jx_app_import_merge(jx_app_import *im, jx_store *st, const jx_templates *set, const char *user, jx_app_msgs *msgs,
			jx_err *err)
{
	jx_scoresheet ss;
	jx_findings fs;
	size_t k = 0;
	int bad = 0, failed = 0, in_tx, rc;

	/* a bundle may not change a finalised sheet: said, for every such
	 * sheet, before anything is merged */
	for (size_t i = 0; i < im->nf; i++)
		for (size_t j = 0; j < im->b[i].n; j++) {
			rc = changes_finalised(st, im->b[i].file, im->b[i].v[j], im->b[i].h ? &im->b[i].h[j] : NULL,
					       msgs, err);
			if (rc < 0)
				return JX_APP_IMPORT_FAILED;
			bad |= rc;
		}
	if (bad)
		return JX_APP_IMPORT_FINALISED;
	rc = jx_merge_bundles(st, im->b, im->nf, user, &im->rep, err);
	if (rc)
		return rc == JX_MERGE_REFUSED ? JX_APP_IMPORT_REFUSED : JX_APP_IMPORT_FAILED;

	/* the list's figures of what came in, in one transaction (one sync) */
	memset(&ss, 0, sizeof ss);
	memset(&fs, 0, sizeof fs);
	fs.no_messages = 1; /* the list keeps only the count */
	in_tx = jx_store_begin(st, err) == 0;
	for (size_t i = 0; i < im->nf; i++)
		for (size_t j = 0; j < im->b[i].n; j++, k++)
			if (!failed && k < im->rep.n && merged_fresh(&im->rep.v[k]) &&
			    jx_app_refresh_summary(st, set, im->b[i].v[j], &ss, &fs, err) < 0)
				failed = 1;
	if (in_tx) {
		/* the first failure is the one said */
		jx_err commit_err = {{0}};
		if (jx_store_commit(st, &commit_err) < 0 && !failed) {
			*err = commit_err;
			failed = 1;
		}
	}
	jx_scoresheet_free(&ss);
	jx_findings_free(&fs);
	return failed ? JX_APP_IMPORT_NO_SUMMARY : JX_APP_IMPORTED;
}


/* ---- streaming: one sheet at a time ---------------------------------------------------------- */

/* The state of jx_app_import_files while it reads. */
typedef struct {
	jx_app_import *im;
	jx_store *st;
	const jx_templates *set;
	const char *user, *file;
	jx_app_msgs *msgs;
	jx_scoresheet ss;
	jx_findings fs;
	int merging;      /* the transaction is open and every sheet so far merged */
	int line_bad;     /* this file had a sheet refused by the one-line check */
	int unreadable, unknown, finalised, summary_failed;
	int failed;       /* JX_APP_IMPORT_REFUSED or _FAILED (the first, with fail_err) */
	jx_err fail_err, summary_err;
} import_run;

/* The first problem ends the merge: nothing of it is kept; the files go on
 * being read for what else they would say. */
static void stop_merging(import_run *r)
{
	if (!r->merging)
		return;
	jx_store_rollback(r->st);
	jx_merge_report_free(&r->im->rep);
	r->merging = 0;
}

static void note_unknown(import_run *r, const char *template_id)
{
	jx_app_import *im = r->im;
	struct jx_app_unknown *v = realloc(im->unknown, (im->n_unknown + 1) * sizeof *v);
	if (!v) {
		jx_app_msgs_add(r->msgs, L("内存不足", "out of memory"));
		r->unreadable = 1;
		return;
	}
	im->unknown = v;
	v[im->n_unknown].file = r->file;
	if ((v[im->n_unknown].template_id = jx_strdup(jx_nz(template_id))))
		im->n_unknown++;
	r->unknown = 1;
}

/* One sheet as it is read: checked, merged, its list summary stored. */
static void import_sheet(import_run *r, jx_sheet *s, const jx_sheet_history *h)
{
	jx_err err = {{0}};
	int rc;
	if (!r->line_bad && jx_sheet_oneline_check(s, &err) < 0) {
		char where[sizeof err.msg + 512];
		snprintf(where, sizeof where, "%.500s: %s", r->file, err.msg);
		jx_app_msgs_add(r->msgs, where);
		r->unreadable = r->line_bad = 1;
	}
	if (!jx_templates_find(r->set, jx_nz(s->template_id)))
		note_unknown(r, s->template_id);
	if (r->unreadable || r->unknown)
		stop_merging(r);
	if (r->unreadable || r->unknown || r->failed == JX_APP_IMPORT_FAILED)
		return;
	/* a bundle may not change a finalised sheet: every such sheet is said
	 * (after a refusal too: that comes first), against the database as it
	 * was before the import */
	rc = changes_finalised(r->st, r->file, s, h, r->msgs, &err);
	if (rc != 0) {
		stop_merging(r);
		if (rc < 0 && !r->failed) {
			r->failed = JX_APP_IMPORT_FAILED;
			r->fail_err = err;
		}
		r->finalised |= rc > 0;
	}
	if (!r->merging)
		return;
	rc = jx_merge_sheet(r->st, r->file, r->set, s, h, r->user, &r->im->rep, &err);
	if (rc != 0) {
		stop_merging(r);
		r->failed = rc == JX_MERGE_REFUSED ? JX_APP_IMPORT_REFUSED : JX_APP_IMPORT_FAILED;
		r->fail_err = err;
		return;
	}
	/* the list's figures of what came in */
	if (!r->summary_failed && merged_fresh(&r->im->rep.v[r->im->rep.n - 1]) &&
	    jx_app_refresh_summary(r->st, r->set, s, &r->ss, &r->fs, &r->summary_err) < 0)
		r->summary_failed = 1;
}

static int import_each(void *ctx, jx_sheet *s, jx_sheet_history *h, jx_err *err)
{
	import_sheet(ctx, s, h);
	jx_sheet_free(s);
	jx_audit_free(h->rows, h->n);
	return 0;
}

static void import_file(import_run *r, const jx_table_opts *opts)
{
	jx_err err = {{0}};
	int rc;
	r->line_bad = 0;
	if (jx_table_is_spreadsheet(r->file)) {
		jx_bundle b;
		memset(&b, 0, sizeof b);
		rc = read_spreadsheet(r->file, r->set, opts, &b, r->msgs, &err);
		for (size_t k = 0; rc == 0 && k < b.n; k++)
			import_sheet(r, b.v[k], b.h ? &b.h[k] : NULL);
		jx_sheets_free(b.v, b.n);
		jx_histories_free(b.h, b.n);
	} else {
		rc = jx_bundle_read_each(r->file, r->set, import_each, r, &err);
	}
	if (rc < 0) {
		jx_app_msgs_add(r->msgs, err.msg);
		r->unreadable = 1;
		stop_merging(r);
	}
}

int jx_app_import_files(jx_app_import *im, char *const *files, size_t nf, jx_store *st, const jx_templates *set,
			const jx_table_opts *opts, const char *user, jx_app_msgs *msgs, jx_err *err)
{
	import_run r;
	memset(im, 0, sizeof *im);
	memset(&r, 0, sizeof r);
	r.im = im;
	r.st = st;
	r.set = set;
	r.user = user;
	r.msgs = msgs;
	r.fs.no_messages = 1; /* the list keeps only the count */
	/* nor the indicators' explanations, which only those messages quote */
	r.ss.no_expl = 1;
	if (jx_store_begin_bulk(st, err) < 0)
		return JX_APP_IMPORT_FAILED;
	r.merging = 1;
	for (size_t i = 0; i < nf; i++) {
		r.file = files[i];
		import_file(&r, opts);
	}
	jx_scoresheet_free(&r.ss);
	jx_findings_free(&r.fs);
	if (r.merging && jx_store_commit(st, err) < 0) {
		if (r.summary_failed) /* what made the commit refuse */
			*err = r.summary_err;
		jx_merge_report_free(&im->rep);
		return JX_APP_IMPORT_FAILED;
	}
	if (r.unreadable)
		return JX_APP_IMPORT_UNREADABLE;
	if (r.unknown)
		return JX_APP_IMPORT_UNKNOWN;
	if (r.finalised)
		return JX_APP_IMPORT_FINALISED;
	if (r.failed) {
		*err = r.fail_err;
		return r.failed;
	}
	if (r.summary_failed) {
		*err = r.summary_err;
		return JX_APP_IMPORT_NO_SUMMARY;
	}
	return JX_APP_IMPORTED;
}
