/* What the bundle tests share (tests/test_merge.c, tests/test_forged.c):
 * three temporary databases playing machines A, B and C, and moving sheets
 * between them as bundles. */
#ifndef JX_MERGE_FIXTURE_H
#define JX_MERGE_FIXTURE_H

#include "testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embedded.h"
#include "err.h"
#include "field.h"
#include "merge.h"
#include "model.h"
#include "sheetio.h"
#include "store.h"
#include "template.h"

#define JD JX_SAMPLES "/jingdezhen-2023-external.yaml"
#define JM JX_SAMPLES "/jiangmen-2022-project-self.yaml"
#define XF JX_SAMPLES "/xinfeng-2024-dept-eval.yaml"
#define ZJ JX_SAMPLES "/zhanjiang-2023-dept-overall.yaml"
#define JD_UID "59524cf8-1997-488f-9fbc-0f00ba3c4748"

/* ---- the machines ---- */

typedef struct {
	char dir[64];
	char path[3][128];
	jx_store *st[3]; /* A, B, C */
	jx_templates set;
} machines;

enum { A = 0, B = 1, C = 2 };
static const char *const names[3] = {"machine-a", "machine-b", "machine-c"};

static inline int setup(void **state)
{
	machines *m = calloc(1, sizeof *m);
	jx_err err = {{0}};
	char dir[64] = "/tmp/jx-merge-XXXXXX";
	if (!m || !mkdtemp(dir))
		return -1;
	memcpy(m->dir, dir, sizeof dir);
	for (int i = 0; i < 3; i++) {
		snprintf(m->path[i], sizeof m->path[i], "%s/%c.db", dir, 'a' + i);
		if (jx_store_open(&m->st[i], m->path[i], JX_STORE_CREATE, &err) < 0)
			return -1;
		jx_store_set_origin(m->st[i], names[i]);
	}
	if (jx_templates_load_builtin(&m->set, &err) < 0)
		return -1;
	jx_lang = JX_LANG_ZH;
	*state = m;
	return 0;
}

static inline int teardown(void **state)
{
	machines *m = *state;
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char p[200];
	for (int i = 0; i < 3; i++) {
		jx_store_close(m->st[i]);
		for (size_t k = 0; k < 4; k++) {
			snprintf(p, sizeof p, "%s%s", m->path[i], sfx[k]);
			unlink(p);
		}
	}
	rmdir(m->dir);
	jx_templates_free(&m->set);
	free(m);
	return 0;
}

/* ---- helpers ---- */

static inline int64_t id_of(jx_store *st, const char *uid)
{
	jx_err err = {{0}};
	int64_t id = -1;
	assert_int_equal(jx_store_find_uid(st, uid, &id, &err), 0);
	return id;
}

static inline jx_sheet *load(jx_store *st, int64_t id)
{
	jx_err err = {{0}};
	jx_sheet *s = NULL;
	assert_int_equal(jx_store_load(st, id, &s, &err), 0);
	return s;
}

/* A field of a stored sheet as text (static buffer). */
static inline const char *field(jx_store *st, int64_t id, const char *path)
{
	static char buf[4096];
	jx_err err = {{0}};
	jx_sheet *s = load(st, id);
	assert_int_equal(jx_field_get(s, path, buf, sizeof buf, &err), 0);
	jx_sheet_free(s);
	return buf;
}

static inline void set_field(machines *m, int who, int64_t id, const char *path, const char *text)
{
	jx_err err = {{0}};
	jx_sheet *s = load(m->st[who], id);
	const jx_template *t = jx_templates_find(&m->set, s->template_id);
	assert_non_null(t);
	if (jx_store_set_field(m->st[who], s, t, path, text, who == A ? "alice" : "bob", &err) < 0)
		fail_msg("set %s: %s", path, err.msg);
	jx_sheet_free(s);
}

static inline size_t history_len(jx_store *st, int64_t id)
{
	jx_err err = {{0}};
	jx_audit_row *h = NULL;
	size_t n = 0;
	assert_int_equal(jx_store_history(st, id, NULL, &h, &n, &err), 0);
	jx_audit_free(h, n);
	return n;
}

static inline int64_t count(jx_store *st, const char *what)
{
	jx_err err = {{0}};
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	int64_t c = 0;
	assert_int_equal(jx_store_list(st, strcmp(what, "all") == 0, &v, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(what, "copies") != 0 || v[i].conflict_of > 0)
			c++;
	jx_summaries_free(v, n);
	return c;
}

/* Merge one bundle held in memory; returns what jx_merge_bundles returned. */
static inline int merge_mem(jx_store *st, const jx_templates *set, const char *name, const char *yaml, size_t len,
		     jx_merge_report *rep, jx_err *err)
{
	jx_bundle b = {name, NULL, NULL, 0, set};
	int rc;
	if (jx_bundle_read_mem(name, yaml, len, set, &b.v, &b.h, &b.n, err) < 0)
		return -100;
	rc = jx_merge_bundles(st, &b, 1, "importer", rep, err);
	jx_sheets_free(b.v, b.n);
	jx_histories_free(b.h, b.n);
	return rc;
}

/* Import one bundle and expect a single sheet with the given result. */
static inline jx_merge_item expect_merge(machines *m, int who, const char *yaml, size_t len, jx_merge_result want)
{
	jx_merge_report rep;
	jx_merge_item it;
	jx_err err = {{0}};
	int rc = merge_mem(m->st[who], &m->set, "bundle.yaml", yaml, len, &rep, &err);
	if (rc != 0)
		fail_msg("merge failed (%d): %s", rc, err.msg);
	assert_int_equal(rep.n, 1);
	if (rep.v[0].result != want)
		fail_msg("merge result %s, expected %s", jx_merge_result_label(rep.v[0].result), jx_merge_result_label(want));
	assert_int_equal(rep.count[want], 1);
	it = rep.v[0];
	/* the strings go with the report */
	it.uid = it.name = it.origin = NULL;
	jx_merge_report_free(&rep);
	return it;
}

/* Import a sample file (no history) through the merge. */
static inline void import_sample(machines *m, int who, const char *path, jx_merge_result want)
{
	jx_bundle b = {path, NULL, NULL, 0, &m->set};
	jx_merge_report rep;
	jx_err err = {{0}};
	if (jx_bundle_read(path, &m->set, &b.v, &b.h, &b.n, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(jx_merge_bundles(m->st[who], &b, 1, "importer", &rep, &err), 0);
	for (size_t i = 0; i < rep.n; i++)
		assert_int_equal(rep.v[i].result, want);
	jx_merge_report_free(&rep);
	jx_sheets_free(b.v, b.n);
	jx_histories_free(b.h, b.n);
}

/* Export sheets (0 = every sheet out of the trash that is not a conflict
 * copy) with their histories, as jixiao export --format yaml does. */
static inline char *export_bundle(jx_store *st, const jx_templates *set, int64_t only, size_t *len)
{
	jx_err err = {{0}};
	jx_sheet_summary *sums = NULL;
	size_t ns = 0, n = 0;
	jx_sheet **v;
	jx_sheet_history *h;
	char *buf = NULL;
	FILE *f;
	assert_int_equal(jx_store_list(st, 0, &sums, &ns, &err), 0);
	v = calloc(ns + 1, sizeof *v);
	h = calloc(ns + 1, sizeof *h);
	assert_non_null(v);
	assert_non_null(h);
	for (size_t i = 0; i < ns; i++) {
		if (sums[i].conflict_of > 0 || (only && sums[i].id != only))
			continue;
		v[n] = load(st, sums[i].id);
		assert_int_equal(jx_store_history(st, sums[i].id, NULL, &h[n].rows, &h[n].n, &err), 0);
		n++;
	}
	jx_summaries_free(sums, ns);
	f = open_memstream(&buf, len);
	assert_non_null(f);
	assert_int_equal(jx_bundle_write(f, v, h, n, set, &err), 0);
	fclose(f);
	jx_sheets_free(v, n);
	jx_histories_free(h, n);
	return buf;
}

/* A and B both hold the Jingdezhen sheet with the same history: A imported
 * the sample, B imported A's bundle.  Returns the sheet's local ids. */
static inline void in_sync(machines *m, int64_t *ida, int64_t *idb)
{
	size_t len;
	char *y;
	import_sample(m, A, JD, JX_MERGE_NEW);
	*ida = id_of(m->st[A], JD_UID);
	y = export_bundle(m->st[A], &m->set, *ida, &len);
	expect_merge(m, B, y, len, JX_MERGE_NEW);
	free(y);
	*idb = id_of(m->st[B], JD_UID);
	assert_true(*ida > 0 && *idb > 0);
}

#endif
