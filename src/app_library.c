/* The indicator library's operations (app_library.h). */
#include "app_library.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "strutil.h"

static const jx_node *level1_of(const jx_node *n)
{
	while (n && n->parent)
		n = n->parent;
	return n;
}

int jx_app_library_entry_of(const jx_sheet *s, const jx_template *t, const jx_indicator *d, jx_lib_entry *e)
{
	char buf[600], src[64];
	const jx_node *n = t && d->slot ? jx_template_node(t, d->slot) : NULL;
	const jx_node *top = level1_of(n);
	memset(e, 0, sizeof *e);
	e->target_min = e->target_max = JX_NONE;
	e->cmp = d->cmp;
	if (!(e->name = jx_strdup(d->name)))
		goto oom;
	if (jx_has_text(d->unit) && !(e->unit = jx_strdup(d->unit)))
		goto oom;
	if (top && top != n && top->name && !(e->l1 = jx_strdup(top->name)))
		goto oom;
	if (n && n->name && !(e->l2 = jx_strdup(n->name)))
		goto oom;
	if (*jx_lib_target_of(d, buf, sizeof buf) && !(e->target = jx_strdup(buf)))
		goto oom;
	if (d->cmp != JX_CMP_QUAL && d->cmp != JX_CMP_DEADLINE)
		jx_lib_widen(e, d->target);
	snprintf(src, sizeof src, "sheet:%s", jx_nz(s->uid));
	if (jx_lib_add_source(e, src) < 0)
		goto oom;
	return 0;
oom:
	jx_lib_entry_clear(e);
	return -1;
}

/* Put e (taken over) into lib: merged into the entry of its name and unit,
 * or a new entry.  1 new, 0 merged, 2 nothing new, -1 no memory. */
static int put_entry(jx_lib *lib, jx_lib_entry *e)
{
	long at = jx_lib_find(lib, e->name, e->unit);
	if (at < 0) {
		e->dirty = 1;
		return jx_lib_append(lib, e) < 0 ? (jx_lib_entry_clear(e), -1) : 1;
	}
	jx_lib_entry *into = &lib->v[at];
	/* what the entry held, to tell whether the merge changed it */
	char *l1 = into->l1, *l2 = into->l2, *tg = into->target, *note = into->note, *sec = into->sector,
	     *dom = into->domain, *kind = into->kind;
	jx_cmp cmp = into->cmp;
	jx_dec lo = into->target_min, hi = into->target_max;
	int added = jx_lib_merge(into, e);
	jx_lib_entry_clear(e);
	if (added < 0)
		return -1;
	int changed = added > 0 || l1 != into->l1 || l2 != into->l2 || tg != into->target || note != into->note ||
		      sec != into->sector || dom != into->domain || kind != into->kind || cmp != into->cmp ||
		      lo != into->target_min || hi != into->target_max;
	if (changed)
		into->dirty = 1;
	return changed ? 0 : 2;
}

/* Has any entry the source src? */
static int has_source(const jx_lib *lib, const char *src)
{
	for (size_t i = 0; i < lib->n; i++) {
		const jx_lib_entry *e = &lib->v[i];
		for (size_t k = 0; k < e->nsources; k++)
			if (strcmp(e->sources[k], src) == 0)
				return 1;
	}
	return 0;
}

/* The sheets to harvest: ids, or every finalised sheet not in the trash. */
static int harvest_ids(jx_store *st, const int64_t *ids, size_t n, int64_t **out, size_t *nout, jx_err *err)
{
	jx_sheet_summary *v = NULL;
	size_t nv = 0;
	*out = NULL;
	*nout = 0;
	if (ids) {
		*out = malloc((n ? n : 1) * sizeof **out);
		if (!*out)
			return -1;
		memcpy(*out, ids, n * sizeof *ids);
		*nout = n;
		return 0;
	}
	if (jx_store_list(st, 0, &v, &nv, err) < 0)
		return -1;
	*out = malloc((nv ? nv : 1) * sizeof **out);
	if (!*out) {
		jx_summaries_free(v, nv);
		return -1;
	}
	/* by number: the order a person reads the report in */
	for (size_t i = nv; i-- > 0;)
		if (!v[i].deleted && v[i].conflict_of == 0 && jx_app_is_final(st, v[i].id))
			(*out)[(*nout)++] = v[i].id;
	for (size_t i = 1; i < *nout; i++)
		for (size_t k = i; k > 0 && (*out)[k - 1] > (*out)[k]; k--) {
			int64_t x = (*out)[k];
			(*out)[k] = (*out)[k - 1];
			(*out)[k - 1] = x;
		}
	jx_summaries_free(v, nv);
	return 0;
}

static int harvest_sheet(jx_lib *lib, const jx_templates *set, const jx_sheet *s, jx_lib_report *r)
{
	const jx_template *t = jx_templates_find(set, s->template_id);
	for (size_t i = 0; i < s->n_inds; i++) {
		const jx_indicator *d = &s->inds[i];
		jx_lib_entry e;
		if (!jx_has_text(d->name))
			continue;
		r->indicators++;
		if (jx_app_library_entry_of(s, t, d, &e) < 0)
			return -1;
		int k = put_entry(lib, &e);
		if (k < 0)
			return -1;
		if (k == 1)
			r->added++;
		else
			r->merged++;
	}
	return 0;
}

int jx_app_library_harvest(jx_store *st, const jx_templates *set, const int64_t *ids, size_t n, jx_lib_report *r,
			   jx_err *err)
{
	jx_lib lib;
	int64_t *v = NULL;
	size_t nv = 0;
	int rc = -1;
	memset(r, 0, sizeof *r);
	if (jx_store_library_load(st, &lib, err) < 0)
		return -1;
	if (harvest_ids(st, ids, n, &v, &nv, err) < 0)
		goto done;
	for (size_t i = 0; i < nv; i++) {
		jx_sheet *s = NULL;
		char src[64];
		if (jx_store_load(st, v[i], &s, err) < 0)
			goto done;
		snprintf(src, sizeof src, "sheet:%s", jx_nz(s->uid));
		r->sheets++;
		if (has_source(&lib, src))
			r->skipped++;
		else if (harvest_sheet(&lib, set, s, r) < 0) {
			jx_sheet_free(s);
			jx_err_set(err, "内存不足", "out of memory");
			goto done;
		}
		jx_sheet_free(s);
	}
	rc = jx_store_library_save(st, &lib, err);
done:
	free(v);
	jx_lib_free(&lib);
	return rc;
}

int jx_app_library_import(jx_store *st, const char *path, jx_lib_report *r, jx_err *err)
{
	jx_lib in, lib;
	int rc = -2;
	memset(r, 0, sizeof *r);
	if (jx_lib_read_file(path, &in, err) < 0)
		return -1;
	if (jx_store_library_load(st, &lib, err) < 0) {
		jx_lib_free(&in);
		return -2;
	}
	for (size_t i = 0; i < in.n; i++) {
		r->indicators++;
		int k = put_entry(&lib, &in.v[i]);
		if (k < 0) {
			jx_err_set(err, "内存不足", "out of memory");
			goto done;
		}
		if (k == 1)
			r->added++;
		else if (k == 0)
			r->merged++;
		else
			r->unchanged++;
	}
	rc = jx_store_library_save(st, &lib, err) < 0 ? -2 : 0;
done:
	jx_lib_free(&in);
	jx_lib_free(&lib);
	return rc;
}

int jx_app_library_export(jx_store *st, const char *path, jx_lib_format fmt, int force, jx_err *err)
{
	jx_lib lib;
	if (jx_store_library_load(st, &lib, err) < 0)
		return -1;
	int rc = jx_lib_write_file(&lib, path, fmt, force, err);
	jx_lib_free(&lib);
	return rc;
}

/* A deep copy of an entry (the state to go back to). */
static int entry_copy(const jx_lib_entry *from, jx_lib_entry *to)
{
	char buf[64];
	memset(to, 0, sizeof *to);
	to->target_min = from->target_min;
	to->target_max = from->target_max;
	to->cmp = from->cmp;
	to->id = from->id;
	for (size_t c = 0; c < jx_lib_ncolumns; c++)
		if ((jx_lib_columns[c].kind == JX_LIBK_TEXT || jx_lib_columns[c].kind == JX_LIBK_KIND) &&
		    jx_lib_set(to, c, jx_lib_get(from, c, buf, sizeof buf), NULL) < 0 && jx_has_text(from->name))
			goto oom;
	for (size_t i = 0; i < from->nsources; i++)
		if (jx_lib_add_source(to, from->sources[i]) < 0)
			goto oom;
	return 0;
oom:
	jx_lib_entry_clear(to);
	return -1;
}

int jx_app_library_set(jx_store *st, jx_lib *lib, size_t i, size_t col, const char *text, jx_err *err)
{
	jx_lib_entry keep;
	if (i >= lib->n || col >= jx_lib_ncolumns)
		return -1;
	if (entry_copy(&lib->v[i], &keep) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	jx_lib_entry *e = &lib->v[i];
	if (jx_lib_set(e, col, text, err) < 0)
		goto undo;
	for (size_t k = 0; k < lib->n; k++)
		if (k != i && jx_texteq(lib->v[k].name, e->name) && jx_texteq(lib->v[k].unit, e->unit)) {
			jx_err_set(err, "指标库中已有“%s”（单位“%s”）", "the library already has \"%s\" (unit \"%s\")",
				   e->name, jx_nz(e->unit));
			goto undo;
		}
	e->dirty = 1;
	if (jx_store_library_save(st, lib, err) < 0)
		goto undo;
	jx_lib_entry_clear(&keep);
	return jx_lib_index(lib) < 0 ? -1 : 0;
undo:
	jx_lib_entry_clear(e);
	*e = keep;
	e->dirty = 0;
	return -1;
}
