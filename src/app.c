/* The operations layer shared by the command line and the workstation
 * (see app.h): database and templates, evaluation and list summaries,
 * import, streamed export, copy to a new year, finalisation. */
#include "app.h"
#include "collect.h"
#include "monitor.h"
#include "stage.h"
#include "strutil.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "embedded.h"
#include "field.h"
#include "safefile.h"
#include "sheetio.h"
#include "table_read.h"
#include "yamldoc.h"

static const char *sheet_name(const jx_sheet *s)
{
	const char *n = s->info[JX_INFO_NAME];
	return n && *n ? n : L("(未命名)", "(unnamed)");
}

/* ---- messages --------------------------------------------------------------- */

void jx_app_msgs_free(jx_app_msgs *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static void msgs_add(jx_app_msgs *m, const char *msg)
{
	char **nv;
	if (!m)
		return;
	nv = realloc(m->v, (m->n + 1) * sizeof *nv);
	if (!nv)
		return;
	m->v = nv;
	if ((m->v[m->n] = jx_strdup(msg ? msg : "")))
		m->n++;
}

void jx_app_msgs_add(jx_app_msgs *m, const char *msg)
{
	msgs_add(m, msg);
}

/* ---- the run's setting ------------------------------------------------------- */

static jx_app_options cur_opts;

const jx_app_options *jx_app_opts(void)
{
	return &cur_opts;
}

void jx_app_set_opts(const jx_app_options *o)
{
	if (o)
		cur_opts = *o;
	else
		memset(&cur_opts, 0, sizeof cur_opts);
}

static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	{
		struct passwd *pw = getpwuid(getuid());
		if (pw && pw->pw_dir && *pw->pw_dir)
			return pw->pw_dir;
	}
	return NULL;
}

/* $XDG_DATA_HOME/jixiao, else ~/.local/share/jixiao (malloc'd). */
static char *data_dir(void)
{
	const char *x = getenv("XDG_DATA_HOME");
	if (x && x[0] == '/')
		return path_join(x, "jixiao");
	{
		const char *h = home_dir();
		if (!h)
			return NULL;
		return path_join(h, ".local/share/jixiao");
	}
}

char *jx_app_default_db(void)
{
	char *d = data_dir(), *p;
	if (!d)
		return NULL;
	p = path_join(d, "jixiao.db");
	free(d);
	return p;
}

int jx_app_make_parent_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* ---- templates ------------------------------------------------------------------ */

/* Where a template's id is written: line and column of the value of its
 * `id:` key (1:1 when the file cannot be read again). */
static void template_id_at(const char *file, int *line, int *col)
{
	yd_doc doc;
	jx_err err = {{0}};
	const yd_node *id;
	*line = *col = 1;
	if (!file || yd_load_file(&doc, file, &err) < 0)
		return;
	if ((id = yd_get(doc.root, "id"))) {
		*line = id->line;
		*col = id->col;
	}
	yd_free(&doc);
}

/* What the set held before a directory was loaded: to tell which templates
 * a file of that directory replaced. */
typedef struct {
	size_t n;
	char **file;
	int *version;
} tpl_snapshot;

static void snapshot_free(tpl_snapshot *sn)
{
	for (size_t i = 0; i < sn->n; i++)
		free(sn->file[i]);
	free(sn->file);
	free(sn->version);
	memset(sn, 0, sizeof *sn);
}

static int snapshot_take(tpl_snapshot *sn, const jx_templates *set)
{
	memset(sn, 0, sizeof *sn);
	sn->file = calloc(set->n + 1, sizeof *sn->file);
	sn->version = calloc(set->n + 1, sizeof *sn->version);
	if (!sn->file || !sn->version) {
		snapshot_free(sn);
		return -1;
	}
	for (size_t i = 0; i < set->n; i++) {
		sn->file[i] = strdup(jx_nz(set->v[i]->file));
		sn->version[i] = set->v[i]->version;
		sn->n = i + 1;
		if (!sn->file[i]) {
			snapshot_free(sn);
			return -1;
		}
	}
	return 0;
}

/* A template with the id of one already known replaces it (a province's
 * variant of a national form, share/templates/README.md): every sheet of
 * that id is then scored by the replacement.  Said in one note, so that it
 * never happens unnoticed.  (A replaced template keeps its place in the
 * set: set->v[i] for i < sn->n has the id it had.) */
static void note_replaced(const tpl_snapshot *sn, const jx_templates *set, jx_app_note_fn note, void *ctx)
{
	for (size_t i = 0; i < sn->n && i < set->n; i++) {
		const jx_template *t = set->v[i];
		jx_err m;
		int line, col;
		if (strcmp(jx_nz(t->file), sn->file[i]) == 0)
			continue;
		template_id_at(t->file, &line, &col);
		/* built-in templates carry their bare file name, loaded ones a path */
		if (!strchr(sn->file[i], '/'))
			jx_err_set(&m,
				   "注意：%s:%d:%d 的模板“%s”（第 %d 版）替换了内置的同名模板（第 %d 版），用此模板的评价表都按替换后的规则计分",
				   "note: %s:%d:%d: template \"%s\" (version %d) replaces the built-in template of that id (version "
				   "%d); every sheet of this template is scored by the replacement",
				   jx_nz(t->file), line, col, jx_nz(t->id), t->version, sn->version[i]);
		else
			jx_err_set(&m,
				   "注意：%s:%d:%d 的模板“%s”（第 %d 版）替换了 %s 中的同名模板（第 %d 版），用此模板的评价表都按替换后的规则计分",
				   "note: %s:%d:%d: template \"%s\" (version %d) replaces the one of that id in %s (version %d); "
				   "every sheet of this template is scored by the replacement",
				   jx_nz(t->file), line, col, jx_nz(t->id), t->version, sn->file[i], sn->version[i]);
		note(ctx, m.msg);
	}
}

/* Load the templates of dir into set; with note, say which it replaced. */
static int load_template_dir(jx_templates *set, const char *dir, jx_app_note_fn note, void *ctx, jx_err *err)
{
	tpl_snapshot sn;
	if (!note)
		return jx_templates_load_dir(set, dir, err);
	if (snapshot_take(&sn, set) < 0) {
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	if (jx_templates_load_dir(set, dir, err) < 0) {
		snapshot_free(&sn);
		return -1;
	}
	note_replaced(&sn, set, note, ctx);
	snapshot_free(&sn);
	return 0;
}

int jx_app_load_templates(jx_templates *set, const char *extra_dir, jx_app_note_fn note, void *ctx, jx_err *err)
{
	char *user_dir;
	struct stat sb;
	memset(set, 0, sizeof *set);
	if (jx_templates_load_builtin(set, err) < 0)
		goto fail;
	if (extra_dir && load_template_dir(set, extra_dir, note, ctx, err) < 0)
		goto fail;
	user_dir = data_dir();
	if (user_dir) {
		char *td = path_join(user_dir, "templates");
		free(user_dir);
		if (td && stat(td, &sb) == 0 && S_ISDIR(sb.st_mode) && !(extra_dir && strcmp(extra_dir, td) == 0) &&
		    load_template_dir(set, td, note, ctx, err) < 0) {
			free(td);
			goto fail;
		}
		free(td);
	}
	return 0;
fail:
	jx_templates_free(set);
	memset(set, 0, sizeof *set);
	return -1;
}

const jx_template *jx_app_replaced_builtin(const jx_templates *set)
{
	/* the built-in templates come first, in the order of jx_template_files,
	 * and a replacement keeps the place of the one it replaced; built-in
	 * ones carry their bare file name, loaded ones a path */
	for (size_t i = 0; jx_template_files[i].name && i < set->n; i++)
		if (strchr(jx_nz(set->v[i]->file), '/'))
			return set->v[i];
	return NULL;
}

/* ---- the database ------------------------------------------------------------------ */

static int file_exists(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0;
}

/* 1 when path is a SQLite file whose header carries neither jixiao's
 * application id nor any schema version: not (yet) a jixiao database, or a
 * jixiao database whose first changes are still only in its log. */
static int sqlite_header_blank(const char *path)
{
	unsigned char h[100];
	FILE *f = fopen(path, "rb");
	size_t got;
	if (!f)
		return 0;
	got = fread(h, 1, sizeof h, f);
	fclose(f);
	if (got != sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
		return 0;
	/* user_version at offset 60, application_id at 68, both big-endian */
	for (int i = 0; i < 4; i++)
		if (h[60 + i] || h[68 + i])
			return 0;
	return 1;
}

/* Size of path's write-ahead log, 0 when there is none. */
static long long wal_size(const char *path)
{
	struct stat sb;
	size_t n = strlen(path);
	char *w = malloc(n + 5);
	long long size = 0;
	if (!w)
		return 0;
	memcpy(w, path, n);
	memcpy(w + n, "-wal", 5);
	if (stat(w, &sb) == 0)
		size = (long long)sb.st_size;
	free(w);
	return size;
}

int jx_app_open_db(jx_store **st, const char *path, jx_app_open_mode mode, int make_dirs, jx_err *err)
{
	int create = mode == JX_APP_OPEN_CREATE;
	struct stat sb;
	*st = NULL;
	if (!create && !file_exists(path)) {
		jx_err_set(err, "数据库 %s 不存在；请先运行 jixiao init 或 jixiao import",
			   "database %s does not exist; run jixiao init or jixiao import first", path);
		return JX_EXIT_DB;
	}
	if (mode == JX_APP_OPEN_READ && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		/* A command that only reads sets nothing up: an empty file (one
		 * made by hand, or cut to nothing) is left exactly as it is. */
		if (sb.st_size == 0 && wal_size(path) == 0) {
			jx_err_set(err,
				   "数据库文件 %s 是空的，还不是 jixiao 数据库；请先运行 jixiao init 或 jixiao import",
				   "the database file %s is empty, not a jixiao database yet; run jixiao init or jixiao "
				   "import first",
				   path);
			return JX_EXIT_DB;
		}
		/* A SQLite file that is not marked as jixiao's: read it only (that
		 * finds a database whose marks are still in its log, and refuses
		 * anything else with the store's words, without setting it up). */
		if (sqlite_header_blank(path)) {
			if (jx_store_open(st, path, JX_STORE_READONLY, err) < 0) {
				*st = NULL;
				return JX_EXIT_DB;
			}
			return 0;
		}
	}
	if (create && make_dirs && jx_app_make_parent_dirs(path) < 0) {
		jx_err_set(err, "无法创建数据目录 %s: %s", "cannot create the data directory for %s: %s", path,
			   strerror(errno));
		return JX_EXIT_DB;
	}
	if (jx_store_open(st, path, create ? JX_STORE_CREATE : 0, err) < 0) {
		/* a database this user may read but not write (a read-only file or
		 * directory) still serves the commands that only read */
		jx_err err2 = {{0}};
		*st = NULL;
		if (create || jx_store_open(st, path, JX_STORE_READONLY, &err2) < 0) {
			*st = NULL;
			return JX_EXIT_DB;
		}
	}
	return 0;
}

/* ---- one sheet ------------------------------------------------------------------------ */

int jx_app_same_project(const jx_sheet *a, const jx_sheet *b)
{
	return strcmp(jx_nz(a->template_id), jx_nz(b->template_id)) == 0 &&
	       strcmp(jx_nz(a->info[JX_INFO_NAME]), jx_nz(b->info[JX_INFO_NAME])) == 0 &&
	       strcmp(jx_nz(a->info[JX_INFO_UNIT]), jx_nz(b->info[JX_INFO_UNIT])) == 0;
}

jx_sheet *jx_app_previous_year(jx_store *st, const jx_sheet *s)
{
	jx_err err = {{0}};
	int64_t pid = 0;
	jx_sheet *prev = NULL;
	if (!st || s->year <= 0)
		return NULL;
	if (jx_store_find_project(st, s, s->year - 1, &pid, &err) < 0 || pid == 0 || pid == s->id)
		return NULL;
	if (jx_store_load(st, pid, &prev, &err) < 0)
		return NULL;
	return prev;
}

void jx_app_score(const jx_template *t, const jx_sheet *s, jx_scoresheet *ss)
{
	jx_score(t, s, ss);
	/* a declaration states targets, a monitoring sheet is half-way through
	 * the year: nothing to total or grade yet.  A monitoring sheet's grade
	 * is its worst light instead (红灯 …), which the list shows and filters
	 * by as it does a grade. */
	if (jx_sheet_stage_in(s, t) != JX_STAGE_SELF) {
		jx_monitor m;
		ss->total = ss->total_raw = JX_NONE;
		ss->grade = NULL;
		if (jx_sheet_stage_in(s, t) == JX_STAGE_MONITORING && jx_monitor_compute(t, s, &m) == 0) {
			ss->grade = jx_monitor_band(jx_monitor_worst(&m));
			jx_monitor_free(&m);
		}
	}
}

const jx_template *jx_app_evaluate(jx_store *st, const jx_templates *set, const jx_sheet *s, const jx_sheet *prev,
				   jx_scoresheet *ss, jx_findings *fs)
{
	const jx_template *t = jx_templates_find(set, jx_nz(s->template_id));
	jx_sheet *found = NULL;
	if (!t)
		return NULL;
	if (!prev)
		prev = found = jx_app_previous_year(st, s);
	jx_app_score(t, s, ss);
	jx_findings_clear(fs);
	jx_check(t, s, ss, prev, fs);
	jx_app_check_stages(st, t, s, fs);
	jx_sheet_free(found);
	return t;
}

int jx_app_refresh_summary(jx_store *st, const jx_templates *set, const jx_sheet *s, jx_scoresheet *ss,
			   jx_findings *fs, jx_err *err)
{
	if (!jx_app_evaluate(st, set, s, NULL, ss, fs))
		return 0;
	return jx_app_store_summary(st, s->id, ss, fs, err);
}

size_t jx_app_unfilled(jx_store *st, const jx_templates *set, const jx_sheet *s)
{
	jx_scoresheet ss;
	jx_findings fs;
	size_t n = 0;
	memset(&ss, 0, sizeof ss);
	memset(&fs, 0, sizeof fs);
	fs.no_messages = 1; /* only counted */
	if (jx_app_evaluate(st, set, s, NULL, &ss, &fs))
		n = jx_findings_unfilled(&fs);
	jx_findings_free(&fs);
	jx_scoresheet_free(&ss);
	return n;
}

int jx_app_store_summary(jx_store *st, int64_t id, const jx_scoresheet *ss, const jx_findings *fs, jx_err *err)
{
	char g[JX_GRADE_TEXT_LEN];
	jx_grade_text(ss, jx_findings_unfilled(fs), 0, g, sizeof g);
	/* the execution rate beside it, for the collection view (collect.h),
	 * in the same transaction: one commit */
	if (jx_store_begin(st, err) < 0)
		return -1;
	if (jx_store_set_summary(st, id, ss->total, g[0] ? g : NULL, (int)fs->n, err) < 0 ||
	    jx_store_set_rate(st, id, ss->exec_rate, err) < 0 || jx_store_commit(st, err) < 0) {
		jx_store_rollback(st);
		return -1;
	}
	return 0;
}

/* ---- copy to a new year ------------------------------------------------------------------ */

/* What a copy for a new year keeps of s (in place); also what the next
 * stage of the same year starts from (app_stage.c). */
void jx_app_clear_for_year(jx_sheet *s, int year)
{
	s->id = 0;
	free(s->uid);
	s->uid = NULL;
	s->year = year;
	jx_set_str(&s->status, "draft");
	jx_set_str(&s->info[JX_INFO_EVAL_PERIOD], NULL);
	jx_set_str(&s->info[JX_INFO_FILL_DATE], NULL);
	jx_set_str(&s->info[JX_INFO_IMPLEMENTATION], NULL);
	for (int i = 0; i < JX_NARR_COUNT; i++)
		jx_set_str(&s->narr[i], NULL);
	for (size_t i = 0; i < s->n_funds; i++) {
		s->funds[i].received = JX_NONE;
		s->funds[i].spent = JX_NONE;
		s->funds[i].forecast = JX_NONE;
	}
	for (size_t i = 0; i < s->n_subs; i++)
		s->subs[i].spent = JX_NONE;
	for (size_t i = 0; i < s->n_goals; i++)
		jx_set_str(&s->goals[i].actual, NULL);
	for (size_t i = 0; i < s->n_inds; i++) {
		jx_indicator *d = &s->inds[i];
		d->actual = JX_NONE;
		jx_set_str(&d->actual_text, NULL);
		d->band = -1;
		d->score_entered = JX_NONE;
		d->score_stated = JX_NONE;
		d->override_score = JX_NONE;
		jx_set_str(&d->override_reason, NULL);
		d->deduction = JX_NONE;
		jx_set_str(&d->deduction_reason, NULL);
		jx_set_str(&d->deviation_reason, NULL);
		/* a monitoring snapshot's own columns: the next stage reads them
		 * from the snapshot itself (checks across stages) */
		d->forecast = JX_NONE;
		jx_set_str(&d->likelihood, NULL);
		jx_set_str(&d->cause, NULL);
		jx_set_str(&d->rectify, NULL);
		jx_set_str(&d->measures, NULL);
		/* a remark of its year (a monitoring forecast) */
		jx_set_str(&d->note, NULL);
	}
	while (s->n_marks > 0)
		free(s->marks[--s->n_marks].node);
	free(s->marks);
	s->marks = NULL;
	while (s->n_entries > 0) {
		jx_entry *e = &s->entries[--s->n_entries];
		free(e->node);
		free(e->note);
	}
	free(s->entries);
	s->entries = NULL;
	for (size_t i = 0; i < s->n_measures; i++)
		s->measures[i].value = JX_NONE;
	while (s->n_stated > 0) {
		jx_stated *x = &s->stated[--s->n_stated];
		free(x->path);
		free(x->text);
		free(x->source);
	}
	free(s->stated);
	s->stated = NULL;
	jx_fund_stated_clear(&s->funds_total);
	s->review_score = JX_NONE;
	jx_set_str(&s->review_opinion, NULL);
	jx_set_str(&s->review_result, NULL);
	s->revision = 0;
	jx_set_str(&s->updated_at, NULL);
	jx_set_str(&s->origin, NULL);
}

int jx_app_copy_to_year(jx_store *st, int64_t id, int year, const char *user, int64_t *new_id, jx_err *err)
{
	jx_sheet *s = NULL;
	int64_t other = 0;
	*new_id = 0;
	if (jx_store_load(st, id, &s, err) < 0)
		return -1;
	if (jx_store_find_project(st, s, year, &other, err) == 0 && other > 0) {
		*new_id = other;
		jx_sheet_free(s);
		return 1;
	}
	jx_app_clear_for_year(s, year);
	if (jx_store_insert(st, s, user, err) < 0) {
		jx_sheet_free(s);
		return -1;
	}
	*new_id = s->id;
	jx_sheet_free(s);
	return 0;
}

/* ---- export ---------------------------------------------------------------------------------- */

void jx_app_feed_init(jx_app_feed *f, jx_store *st, const int64_t *ids, size_t n)
{
	memset(f, 0, sizeof *f);
	f->st = st;
	f->ids = ids;
	f->n = n;
}

static void feed_drop(jx_app_feed *f)
{
	jx_sheet_free(f->cur);
	f->cur = NULL;
	jx_audit_free(f->hist.rows, f->hist.n);
	f->hist.rows = NULL;
	f->hist.n = 0;
}

void jx_app_feed_free(jx_app_feed *f)
{
	feed_drop(f);
	jx_sheet_free(f->prev);
	f->prev = NULL;
}

/* The next sheet (the previous one is freed); NULL with err set on failure. */
static const jx_sheet *feed_load(jx_app_feed *f, jx_err *err)
{
	feed_drop(f);
	if (f->loaded >= f->n) {
		jx_err_set(err, "评价表不足：应有 %zu 张", "fewer sheets than the %zu announced", f->n);
		return NULL;
	}
	/* handed to the writers as const: its texts may be kept together */
	if (jx_store_load_view(f->st, f->ids[f->loaded], &f->cur, err) < 0) {
		f->cur = NULL;
		return NULL;
	}
	f->loaded++;
	return f->cur;
}

static const jx_sheet *feed_next(void *ctx, jx_err *err)
{
	return feed_load(ctx, err);
}

static int feed_next_bundle(void *ctx, const jx_sheet **s, const jx_sheet_history **h, jx_err *err)
{
	jx_app_feed *f = ctx;
	const jx_sheet *cur = feed_load(f, err);
	if (!cur)
		return -1;
	if (jx_store_history(f->st, cur->id, NULL, &f->hist.rows, &f->hist.n, err) < 0) {
		f->hist.rows = NULL;
		f->hist.n = 0;
		return -1;
	}
	*s = cur;
	*h = &f->hist;
	return 0;
}

/* The previous year's sheet of the same project as s, for the checks the
 * summary of a scored export counts (as the project list counts them);
 * valid until the next call.  ctx is the feed. */
static const jx_sheet *app_prev_year(void *ctx, const jx_sheet *s)
{
	jx_app_feed *f = ctx;
	jx_sheet_free(f->prev);
	f->prev = jx_app_previous_year(f->st, s);
	return f->prev;
}

/* The same words for a full disk wherever it is noticed. */
static int disk_full(int e)
{
	return e == ENOSPC || e == EFBIG
#ifdef EDQUOT
	       || e == EDQUOT
#endif
		;
}

/* A bundle of the feed's sheets, complete or untouched (a temporary file
 * beside path, fsync'ed, then renamed); "-" is standard output. */
static int write_bundle(jx_app_feed *f, const jx_templates *set, const char *path, int force, jx_err *err)
{
	enum { OUT_BUFFER = 1 << 20 };
	jx_safefile sf;
	char *obuf;
	int rc;
	if (strcmp(path, "-") == 0)
		return jx_bundle_write_stream(stdout, f->n, feed_next_bundle, f, set, err);
	if (jx_safefile_open(&sf, path, force, err) < 0)
		return -1;
	/* the YAML emitter hands over 16 KiB at a time, which went past the
	 * stream's own small buffer as one system call each */
	obuf = malloc(OUT_BUFFER);
	if (obuf && setvbuf(sf.f, obuf, _IOFBF, OUT_BUFFER) != 0) {
		free(obuf);
		obuf = NULL;
	}
	errno = 0;
	if (jx_bundle_write_stream(sf.f, f->n, feed_next_bundle, f, set, err) < 0) {
		int e = errno;
		if (disk_full(e))
			jx_safefile_write_error(err, path, e);
		jx_safefile_abort(&sf);
		free(obuf);
		return -1;
	}
	rc = jx_safefile_commit(&sf, err);
	free(obuf); /* after the stream is closed */
	return rc;
}

int jx_app_export(jx_app_feed *f, const jx_templates *set, int bundle, jx_export_format fmt, const char *path, int flags,
		  jx_err *err)
{
	if (bundle)
		return write_bundle(f, set, path, (flags & JX_EXPORT_FORCE) != 0, err);
	return jx_export_stream_prev(fmt, set, f->n, feed_next, app_prev_year, f, path, flags, err);
}

/* ---- finalise, reopen, verify ------------------------------------------------------------------ */

static int verify(jx_store *st, int64_t id, jx_app_final *r, jx_err *err)
{
	r->state = 0;
	r->stored[0] = r->now[0] = 0;
	return jx_store_verify(st, id, &r->state, r->stored, r->now, err);
}

/* Is sheet id in the trash?  0, 1, or -1 (err). */
static int in_trash(jx_store *st, int64_t id, jx_err *err)
{
	jx_sheet_summary *v = NULL;
	size_t n = 0;
	int trashed = 0;
	if (jx_store_list(st, 1, &v, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			trashed = v[i].deleted;
	jx_summaries_free(v, n);
	return trashed;
}

int jx_app_finalise(jx_store *st, jx_sheet *s, const char *user, jx_app_final *r, jx_err *err)
{
	int64_t of = 0, *copies = NULL;
	size_t nc = 0;
	int trashed;
	if (verify(st, s->id, r, err) < 0)
		return -1;
	if (r->state == 1) {
		jx_err_set(err, "评价表 %lld（%s）已经定稿（SHA-256 %s），未做改动",
			   "sheet %lld (%s) is already finalised (SHA-256 %s); nothing changed", (long long)s->id,
			   sheet_name(s), r->stored);
		return JX_APP_ALREADY_FINAL;
	}
	if (r->state == 2) {
		jx_err_set(err, "评价表 %lld 已定稿，但内容在定稿后被改动过；请核对 (jixiao verify、jixiao history)",
			   "sheet %lld is finalised but its content was changed afterwards; look into it (jixiao verify, "
			   "jixiao history)",
			   (long long)s->id);
		return JX_APP_CHANGED;
	}
	/* what the store would refuse anyway, said with the way out */
	if (jx_texteq(s->status, "returned")) {
		jx_err_set(err, "评价表 %lld 已退回填报单位，不能定稿；须由填报单位重新上报（jixiao submit %lld）",
			   "sheet %lld was returned to its unit and cannot be finalised; the unit must submit it again "
			   "(jixiao submit %lld)",
			   (long long)s->id, (long long)s->id);
		return JX_APP_REFUSED;
	}
	if (jx_store_conflict_of(st, s->id, &of, NULL, err) < 0 || jx_store_conflict_copies(st, s->id, &copies, &nc, err) < 0) {
		free(copies);
		return -1;
	}
	if (of > 0 || nc > 0) {
		jx_err_set(err,
			   "评价表 %lld 有未处理的冲突，不能定稿；请先用 jixiao resolve %lld --keep local|incoming 处理",
			   "sheet %lld has an unsettled conflict and cannot be finalised; settle it first with jixiao resolve "
			   "%lld --keep local|incoming",
			   (long long)s->id, (long long)(of > 0 ? s->id : copies[0]));
		free(copies);
		return JX_APP_REFUSED;
	}
	free(copies);
	if ((trashed = in_trash(st, s->id, err)) < 0)
		return -1;
	if (trashed) {
		jx_err_set(err, "评价表 %lld 在回收站中，不能定稿", "sheet %lld is in the trash and cannot be finalised",
			   (long long)s->id);
		return JX_APP_REFUSED;
	}
	if (jx_store_finalise(st, s, user, err) < 0)
		return -1;
	if (verify(st, s->id, r, err) < 0)
		return -1;
	if (r->state != 1) {
		jx_err_set(err, "定稿后核对摘要失败", "the digest did not check out after finalising");
		return -1;
	}
	return JX_APP_DONE;
}

int jx_app_reopen(jx_store *st, jx_sheet *s, const char *reason, const char *user, jx_app_final *r, jx_err *err)
{
	if (verify(st, s->id, r, err) < 0)
		return -1;
	if (r->state == 0) {
		jx_err_set(err, "评价表 %lld（%s）没有定稿，无须重新打开",
			   "sheet %lld (%s) is not finalised; there is nothing to reopen", (long long)s->id, sheet_name(s));
		return JX_APP_REFUSED;
	}
	if (jx_store_reopen(st, s, reason, user, err) < 0)
		return -1;
	return JX_APP_DONE;
}

void jx_app_verified_free(jx_app_verified *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i].name);
	free(v);
}

int jx_app_verify(jx_store *st, const int64_t *ids, size_t nids, jx_app_verified **out, size_t *n, jx_err *err)
{
	jx_sheet_summary *v = NULL;
	size_t nv = 0;
	jx_app_verified *r;
	*out = NULL;
	*n = 0;
	if (jx_store_list(st, 1, &v, &nv, err) < 0)
		return -1;
	if (!ids)
		nids = nv;
	r = calloc(nids + 1, sizeof *r);
	if (!r) {
		jx_summaries_free(v, nv);
		jx_err_set(err, "内存不足", "out of memory");
		return -1;
	}
	for (size_t i = 0; i < nids; i++) {
		r[i].id = ids ? ids[i] : v[i].id;
		for (size_t k = 0; k < nv && !r[i].name; k++)
			if (v[k].id == r[i].id && v[k].name && *v[k].name)
				r[i].name = jx_strdup(v[k].name);
		if (verify(st, r[i].id, &r[i].f, err) < 0) {
			/* the sheets verified so far are still reported */
			free(r[i].name);
			jx_summaries_free(v, nv);
			*out = r;
			*n = i;
			return -1;
		}
	}
	jx_summaries_free(v, nv);
	*out = r;
	*n = nids;
	return 0;
}
