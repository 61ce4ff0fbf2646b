/* Hardening of the record: finalised sheets (定稿) and their digest, audit
 * rows nobody can change, database files that are read-only, full, cut
 * short or foreign, files created private, exports that stay where they are
 * asked to go.
 *
 * The store is tested through its API; the command line through the real
 * binary (./jixiao, or build/jixiao-asan in the sanitizer build of this
 * test, so that its leaks count), the way a user runs it.  A database is
 * changed "behind the program's back" with the sqlite3 shell or the SQLite
 * library.  Cases that need file permissions run as the user nobody when
 * the tests run as root (root ignores permissions). */
#include "testutil.h"
#include "rawdb.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "embedded.h"
#include "err.h"
#include "model.h"
#include "sheetio.h"
#include "store.h"

#define NOBODY 65534
#define FINAL_MSG "该表已定稿，须先重新打开（jixiao reopen %lld --reason …）才能修改"

/* ---- files ---- */

typedef struct {
	char dir[128];
	char db[192];
} tmpdb;

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static int rm_chmod(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
		chmod(p, 0755);
	else if (S_ISREG(sb->st_mode))
		chmod(p, 0644);
	return 0;
}

static int setup_dir(void **state)
{
	tmpdb *t = malloc(sizeof *t);
	if (!t)
		return -1;
	snprintf(t->dir, sizeof t->dir, "/tmp/jx-final-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	/* the user nobody must reach it when a case drops to that user */
	chmod(t->dir, 0755);
	snprintf(t->db, sizeof t->db, "%s/jx.db", t->dir);
	*state = t;
	return 0;
}

static int teardown_dir(void **state)
{
	tmpdb *t = *state;
	nftw(t->dir, rm_chmod, 16, FTW_PHYS);
	nftw(t->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

static int exists(const char *p)
{
	struct stat sb;
	return lstat(p, &sb) == 0;
}

static void file_sha256(const char *path, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	FILE *f = fopen(path, "rb");
	size_t n;
	assert_non_null(c);
	assert_non_null(f);
	assert_int_equal(EVP_DigestInit_ex(c, EVP_sha256(), NULL), 1);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		assert_int_equal(EVP_DigestUpdate(c, buf, n), 1);
	fclose(f);
	assert_int_equal(EVP_DigestFinal_ex(c, md, &len), 1);
	EVP_MD_CTX_free(c);
	for (unsigned i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long len;
	if (!f)
		return jx_strdup("");
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	b = malloc((size_t)len + 1);
	assert_non_null(b);
	b[fread(b, 1, (size_t)len, f)] = 0;
	fclose(f);
	return b;
}

static void copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	size_t n;
	FILE *a = fopen(from, "rb"), *b;
	assert_non_null(a);
	b = fopen(to, "wb");
	assert_non_null(b);
	while ((n = fread(buf, 1, sizeof buf, a)) > 0)
		assert_int_equal(fwrite(buf, 1, n, b), n);
	fclose(a);
	assert_int_equal(fclose(b), 0);
	assert_int_equal(chmod(to, mode), 0);
}

/* Files directly in dir, as "name\n" lines, sorted. */
static char *listing(const char *dir)
{
	struct dirent **v;
	int n = scandir(dir, &v, NULL, alphasort);
	size_t cap = 256, len = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	out[0] = 0;
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		size_t k = strlen(v[i]->d_name);
		if (strcmp(v[i]->d_name, ".") && strcmp(v[i]->d_name, "..")) {
			while (len + k + 2 > cap)
				out = realloc(out, cap *= 2);
			assert_non_null(out);
			memcpy(out + len, v[i]->d_name, k);
			len += k;
			out[len++] = '\n';
			out[len] = 0;
		}
		free(v[i]);
	}
	free(v);
	return out;
}

static void assert_contains(const char *msg, const char *phrase)
{
	if (!strstr(msg, phrase)) {
		print_error("\"%s\" lacks \"%s\"\n", msg, phrase);
		fail();
	}
}

/* ---- raw SQLite: the file behind the program's back ---- */

static int raw_exec(sqlite3 *db, const char *sql, char *msg, size_t len)
{
	char *m = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &m);
	if (msg)
		snprintf(msg, len, "%s", m ? m : "");
	sqlite3_free(m);
	return rc;
}

/* ---- sheets built in C ---- */

static jx_sheet *full_sheet(const char *uid, const char *name)
{
	jx_sheet *s = jx_sheet_new();
	jx_fund *f;
	jx_subproject *p;
	jx_goal *g;
	jx_indicator *d;
	jx_entry *e;
	jx_stated *t;
	assert_non_null(s);
	jx_set_str(&s->uid, uid);
	jx_set_str(&s->template_id, "project-self-2020");
	s->template_version = 1;
	s->year = 2022;
	jx_set_str(&s->status, "submitted");
	for (int i = 0; i < JX_INFO_COUNT; i++) {
		char v[64];
		snprintf(v, sizeof v, "%s 的值", jx_info_labels[i].key);
		jx_set_str(&s->info[i], v);
	}
	jx_set_str(&s->info[JX_INFO_NAME], name);
	for (int i = 0; i < JX_NARR_COUNT; i++)
		jx_set_str(&s->narr[i], jx_narr_labels[i].zh);
	jx_sheet_add_basis(s, "《江门市工业发展专项资金管理办法》");
	f = jx_sheet_add_fund(s, "当年财政拨款");
	f->planned = f->budget = f->received = JX_INT(1935);
	f->spent = D("480.82");
	p = jx_sheet_add_sub(s);
	jx_set_str(&p->name, "项目评审");
	p->budget = JX_INT(30);
	p->spent = D("12.5");
	g = jx_sheet_add_goal(s);
	jx_set_str(&g->planned, "完成评审");
	jx_set_str(&g->actual, "完成五项");
	d = jx_sheet_add_ind(s, "i1");
	jx_set_str(&d->slot, "output.quantity");
	jx_set_str(&d->name, "评审项目总数量");
	d->cmp = JX_CMP_GE;
	d->target = JX_INT(6);
	jx_set_str(&d->unit, "个");
	d->actual = JX_INT(5);
	d->points = JX_INT(2);
	d = jx_sheet_add_ind(s, "i2");
	jx_set_str(&d->slot, "satisfaction.service");
	jx_set_str(&d->name, "服务对象满意度");
	d->cmp = JX_CMP_QUAL;
	d->points = JX_INT(10);
	d->band = 1;
	d->score_entered = D("7.5");
	jx_sheet_set_mark(s, "decision.project.basis", 0, JX_INT(1));
	jx_sheet_set_mark(s, "decision.project.basis", 2, D("0.5"));
	e = jx_sheet_set_entry(s, "result", D("80.08"));
	jx_set_str(&e->note, "第三方评价");
	jx_sheet_set_measure(s, "三公经费预算数", D("28.8"));
	t = jx_sheet_add_stated(s, "total");
	t->value = D("98.93");
	s->review_score = D("95.5");
	jx_set_str(&s->review_opinion, "同意");
	jx_set_str(&s->review_result, "通过");
	return s;
}

static jx_store *open_ok(const char *path, int flags)
{
	jx_store *st = NULL;
	jx_err err = {{0}};
	if (jx_store_open(&st, path, flags, &err) != 0) {
		print_error("open %s: %s\n", path, err.msg);
		fail();
	}
	return st;
}

static void insert_ok(jx_store *st, jx_sheet *s)
{
	jx_err err = {{0}};
	if (jx_store_insert(st, s, "tester", &err) != 0) {
		print_error("insert: %s\n", err.msg);
		fail();
	}
}

static void set_ok(jx_store *st, jx_sheet *s, const char *path, const char *text)
{
	jx_err err = {{0}};
	if (jx_store_set_field(st, s, NULL, path, text, "tester", &err) != 0) {
		print_error("set %s = %s: %s\n", path, text, err.msg);
		fail();
	}
}

static void finalise_ok(jx_store *st, jx_sheet *s)
{
	jx_err err = {{0}};
	if (jx_store_finalise(st, s, "审定人", &err) != 0) {
		print_error("finalise: %s\n", err.msg);
		fail();
	}
}

static int verify_state(jx_store *st, int64_t id, char stored[65], char now[65])
{
	jx_err err = {{0}};
	int state = -1;
	if (jx_store_verify(st, id, &state, stored, now, &err) != 0) {
		print_error("verify: %s\n", err.msg);
		fail();
	}
	return state;
}

static void final_msg(char *buf, size_t len, int64_t id)
{
	snprintf(buf, len, FINAL_MSG, (long long)id);
}

/* ---- the command line ---- */

/* The binary under test: the sanitizer build's own when this test is one. */
static const char *jixiao_bin(void)
{
	static char path[4096];
	const char *rel = "jixiao";
#if defined(__SANITIZE_ADDRESS__)
	if (access("build/jixiao-asan", X_OK) == 0)
		rel = "build/jixiao-asan";
#endif
	if (!realpath(rel, path)) {
		print_error("the program %s is not built\n", rel);
		fail();
	}
	return path;
}

static void drop_to_nobody(void)
{
	if (getuid() != 0)
		return;
	if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0) {
		perror("cannot become nobody");
		_exit(126);
	}
}

/* Run argv (NULL-terminated) with stdout and stderr in files; its exit
 * status, or 128 + signal. */
static int run_prog(char *const argv[], const char *outf, const char *errf, int as_nobody)
{
	pid_t pid;
	int st = 0;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fo = open(outf, O_WRONLY | O_CREAT | O_TRUNC, 0666), fe = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int fi = open("/dev/null", O_RDONLY);
		if (fo < 0 || fe < 0 || fi < 0)
			_exit(125);
		if (as_nobody) {
			(void)!fchown(fo, NOBODY, NOBODY);
			(void)!fchown(fe, NOBODY, NOBODY);
		}
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (as_nobody)
			drop_to_nobody();
		setenv("JIXIAO_LANG", "zh", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

typedef struct {
	char out[256], err[256];
	char *o, *e; /* what it printed */
	int code;
} cli_run;

static void cli_free(cli_run *r)
{
	free(r->o);
	free(r->e);
	r->o = r->e = NULL;
}

/* jixiao --db DB --user tester ARGS... (NULL-terminated), in t->dir. */
static int jx_run(cli_run *r, const tmpdb *t, const char *bin, int as_nobody, const char *db, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	const char *a;
	argv[argc++] = (char *)bin;
	argv[argc++] = (char *)"--db";
	argv[argc++] = (char *)db;
	argv[argc++] = (char *)"--user";
	argv[argc++] = (char *)"tester";
	va_start(ap, db);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 31)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	snprintf(r->out, sizeof r->out, "%s/.out", t->dir);
	snprintf(r->err, sizeof r->err, "%s/.err", t->dir);
	r->code = run_prog(argv, r->out, r->err, as_nobody);
	r->o = slurp(r->out);
	r->e = slurp(r->err);
	unlink(r->out);
	unlink(r->err);
	/* a sanitizer report is a failure whatever the exit code */
	if (strstr(r->e, "Sanitizer") || strstr(r->e, "runtime error")) {
		print_error("%s", r->e);
		fail();
	}
	return r->code;
}

static void expect(cli_run *r, int code, const char *what)
{
	if (r->code != code) {
		print_error("%s: exit %d, expected %d\nstdout: %s\nstderr: %s\n", what, r->code, code, r->o, r->e);
		cli_free(r);
		fail();
	}
}

static const char *sample(const char *name)
{
	static char path[4][4096];
	static int k;
	char rel[256];
	k = (k + 1) % 4;
	snprintf(rel, sizeof rel, "%s/%s", JX_SAMPLES, name);
	assert_non_null(realpath(rel, path[k]));
	return path[k];
}

#define JIANGMEN "jiangmen-2022-project-self.yaml"
#define JINGDEZHEN "jingdezhen-2023-external.yaml"

/* ======================================================================
 * The digest
 */

/* The canonical form, written out again here from model.c's description:
 * 's' + 8-byte big-endian length + bytes; 'i' / 'd' + 8 bytes; 'n'. */
typedef struct {
	unsigned char b[4096];
	size_t n;
} stream;

static void put8(stream *w, char tag, uint64_t v)
{
	w->b[w->n++] = (unsigned char)tag;
	for (int i = 7; i >= 0; i--)
		w->b[w->n++] = (unsigned char)(v >> (8 * i));
}

static void put_s(stream *w, const char *s)
{
	size_t k = strlen(s);
	put8(w, 's', k);
	memcpy(w->b + w->n, s, k);
	w->n += k;
}

static void test_digest_canonical_form(void **state)
{
	(void)state;
	jx_sheet *s = jx_sheet_new();
	stream w = {{0}, 0};
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	char want[65], got[65];
	jx_set_str(&s->uid, "u1");
	jx_set_str(&s->template_id, "external-result");
	s->template_version = 1;
	s->year = 2023;
	jx_set_str(&s->status, "final");
	s->id = 77;        /* not content */
	s->revision = 9;   /* not content */
	jx_set_str(&s->origin, "host");
	/* by hand: header, uid, template, version, year, status, 15 info texts,
	 * 4 narrative texts, 9 empty lists, review score not entered, opinion,
	 * result */
	put_s(&w, "jixiao sheet digest 1");
	put_s(&w, "u1");
	put_s(&w, "external-result");
	put8(&w, 'i', 1);
	put8(&w, 'i', 2023);
	put_s(&w, "final");
	for (int i = 0; i < 15 + 4; i++)
		put_s(&w, "");
	for (int i = 0; i < 9; i++)
		put8(&w, 'i', 0);
	w.b[w.n++] = 'n';
	put_s(&w, "");
	put_s(&w, "");
	assert_int_equal(JX_INFO_COUNT, 15);
	assert_int_equal(JX_NARR_COUNT, 4);
	assert_int_equal(EVP_Digest(w.b, w.n, md, &len, EVP_sha256(), NULL), 1);
	for (unsigned i = 0; i < 32; i++)
		sprintf(want + 2 * i, "%02x", md[i]);
	assert_int_equal(jx_sheet_digest(s, got), 0);
	assert_string_equal(got, want);
	jx_sheet_free(s);
}

/* Every field jx_sheet_equal compares moves the digest; what it ignores
 * does not. */
static void test_digest_covers_the_content(void **state)
{
	(void)state;
	jx_sheet *s = full_sheet("uid-d", "项目");
	char base[65], h[65];
	assert_int_equal(jx_sheet_digest(s, base), 0);
	assert_int_equal(strlen(base), 64);
	assert_true(strspn(base, "0123456789abcdef") == 64);

	/* one change at a time, each undone on a fresh copy */
	for (int k = 0; k < 40; k++) {
		jx_sheet *c = jx_sheet_clone(s);
		assert_non_null(c);
		switch (k) {
		case 0: jx_set_str(&c->uid, "uid-e"); break;
		case 1: jx_set_str(&c->template_id, "project-self-hubei-2020"); break;
		case 2: c->template_version = 2; break;
		case 3: c->year = 2023; break;
		case 4: jx_set_str(&c->status, "final"); break;
		case 5: jx_set_str(&c->info[JX_INFO_MANAGER], "某人"); break;
		case 6: jx_set_str(&c->info[JX_INFO_IMPLEMENTATION], NULL); break;
		case 7: jx_set_str(&c->narr[JX_NARR_OTHER], "另"); break;
		case 8: jx_set_str(&c->basis[0], "别的文件"); break;
		case 9: jx_sheet_add_basis(c, ""); break; /* one more, empty */
		case 10: c->funds[0].spent = D("480.83"); break;
		case 11: c->funds[0].planned = JX_NONE; break;
		case 12: jx_set_str(&c->funds[0].source, "其他资金"); break;
		case 13: c->subs[0].spent = D("12.6"); break;
		case 14: jx_set_str(&c->goals[0].actual, "完成四项"); break;
		case 15: c->inds[0].actual = JX_INT(6); break;
		case 16: c->inds[0].cmp = JX_CMP_GT; break;
		case 17: jx_set_str(&c->inds[0].unit, "项"); break;
		case 18: c->inds[1].band = 0; break;
		case 19: c->inds[1].score_entered = D("7.6"); break;
		case 20: c->inds[1].override_score = D("7"); break;
		case 21: jx_set_str(&c->inds[1].deviation_reason, "原因"); break;
		case 22: { /* the order of indicators is content */
			jx_indicator tmp = c->inds[0];
			c->inds[0] = c->inds[1];
			c->inds[1] = tmp;
			break;
		}
		case 23: jx_set_str(&c->inds[0].key, "i9"); break;
		case 24: jx_sheet_set_mark(c, "decision.project.basis", 0, D("0.5")); break;
		case 25: jx_sheet_set_mark(c, "decision.project.basis", 1, JX_INT(1)); break;
		case 26: c->entries[0].score = D("80.07"); break;
		case 27: jx_set_str(&c->entries[0].note, NULL); break;
		case 28: c->measures[0].value = D("28.9"); break;
		case 29: jx_sheet_set_measure(c, "三公经费实际支出", D("8")); break;
		case 30: c->stated[0].value = D("98.94"); break;
		case 31: jx_set_str(&c->stated[0].source, "正文"); break;
		case 32: c->review_score = JX_NONE; break;
		case 33: jx_set_str(&c->review_opinion, "不同意"); break;
		case 34: jx_set_str(&c->review_result, "不通过"); break;
		case 35: jx_set_str(&c->inds[0].subproject, "分项"); break;
		case 36: c->inds[0].points = D("2.5"); break;
		case 37: c->inds[0].deduction = D("0.1"); break;
		case 38: jx_set_str(&c->inds[0].target_text, "≥6个"); break;
		case 39: c->funds[0].received = 0; break; /* zero is not "not entered" */
		}
		assert_false(jx_sheet_equal(s, c));
		assert_int_equal(jx_sheet_digest(c, h), 0);
		if (strcmp(h, base) == 0) {
			print_error("change %d left the digest as it was\n", k);
			fail();
		}
		jx_sheet_free(c);
	}
	/* not content: ids, revision, time, machine; the order of marks; an
	 * empty mark; NULL against "" */
	{
		jx_sheet *c = jx_sheet_clone(s);
		jx_mark m;
		c->id = 5;
		c->revision = 99;
		jx_set_str(&c->updated_at, "2024-01-01T00:00:00Z");
		jx_set_str(&c->origin, "elsewhere");
		m = c->marks[0];
		c->marks[0] = c->marks[1];
		c->marks[1] = m;
		jx_sheet_set_mark(c, "decision.project.procedure", 1, JX_NONE);
		assert_true(jx_sheet_equal(s, c));
		assert_int_equal(jx_sheet_digest(c, h), 0);
		assert_string_equal(h, base);
		jx_sheet_free(c);
	}
	jx_sheet_free(s);
}

/* ======================================================================
 * Finalised sheets in the store
 */

static void test_finalise_records_and_refuses_every_edit(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE), *other;
	jx_sheet *s = full_sheet("uid-f", "定稿项目"), *before, *s2 = NULL, *copy;
	jx_err err = {{0}};
	jx_audit_row *rows = NULL;
	size_t nr = 0, added = 99;
	char msg[256], stored[65], now[65], want[65], *d0, *d1;
	int64_t rev;
	jx_audit_row in = {0};

	insert_ok(st, s);
	rev = s->revision;
	finalise_ok(st, s);
	assert_string_equal(s->status, "final");
	assert_int_equal(s->revision, rev + 1);

	/* the digest is the one of the sheet as stored, status "final" included */
	{
		jx_sheet *back = NULL;
		assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
		assert_string_equal(back->status, "final");
		assert_true(jx_sheet_equal(back, s));
		assert_int_equal(jx_sheet_digest(back, want), 0);
		jx_sheet_free(back);
	}
	assert_int_equal(verify_state(st, s->id, stored, now), 1);
	assert_string_equal(stored, want);
	assert_string_equal(now, want);

	/* audited: who, the status before, the digest */
	assert_int_equal(jx_store_history(st, s->id, "sheet:finalise", &rows, &nr, &err), 0);
	assert_int_equal(nr, 1);
	assert_string_equal(rows[0].user, "审定人");
	assert_string_equal(rows[0].old_value, "submitted");
	snprintf(msg, sizeof msg, "sha256:%s", want);
	assert_string_equal(rows[0].new_value, msg);
	assert_true(strlen(rows[0].at) == 20);
	jx_audit_free(rows, nr);

	/* every edit is refused with the same words, nothing changes */
	final_msg(msg, sizeof msg, s->id);
	before = jx_sheet_clone(s);
	d0 = dump(t->db);
	static const char *const paths[][2] = {
		{"info:name", "改名"},	      {"info:manager", "某人"}, {"status", "draft"},   {"year", "2023"},
		{"fund:当年财政拨款:spent", "1"}, {"ind:i1:actual", "6"},   {"narr:other", "另"},  {"review:score", "90"},
		{"basis:1", "新文件"},	      {"goal:0:actual", "无"},  {"mark:decision.project.basis:1", "1"},
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		err.msg[0] = 0;
		assert_int_equal(jx_store_set_field(st, s, NULL, paths[i][0], paths[i][1], "tester", &err), -1);
		assert_string_equal(err.msg, msg);
	}
	/* the same value again is refused too: the sheet is closed */
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:name", "定稿项目", "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_add_indicator(st, s, 0, "output.quality", "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_delete_indicator(st, s, 0, "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_move_indicator(st, s, 0, 1, "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_trash(st, s->id, 1, "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	{
		jx_sheet *r = jx_sheet_clone(s);
		jx_set_str(&r->info[JX_INFO_MANAGER], "替换");
		assert_int_equal(jx_store_replace(st, r, "tester", "import", &err), -1);
		assert_string_equal(err.msg, msg);
		/* a bundle whose version would replace it */
		in.gid = "ffff:1";
		in.at = "2030-01-01T00:00:00Z";
		in.user = "远方";
		in.field = "info:manager";
		in.new_value = "替换";
		assert_int_equal(jx_store_replace_received(st, r, &in, 1, &added, &err), -1);
		assert_string_equal(err.msg, msg);
		jx_sheet_free(r);
	}
	assert_true(jx_sheet_equal(s, before));
	d1 = dump(t->db);
	assert_string_equal(d0, d1);
	free(d1);

	/* another workstation on the same file is refused as well */
	other = open_ok(t->db, JX_STORE_CREATE);
	assert_int_equal(jx_store_load(other, s->id, &s2, &err), 0);
	assert_int_equal(jx_store_set_field(other, s2, NULL, "info:phone", "123", "second", &err), -1);
	assert_string_equal(err.msg, msg);

	/* another machine's version kept beside it as a conflict copy does
	 * not change it; settling that conflict either way does */
	copy = jx_sheet_clone(s);
	jx_set_str(&copy->uid, NULL);
	jx_set_str(&copy->status, "reviewed");
	jx_set_str(&copy->info[JX_INFO_MANAGER], "另一台");
	in.gid = "eeee:1";
	assert_int_equal(jx_store_insert_received(other, copy, &in, 1, s->id, "host-b", &err), 0);
	assert_int_equal(jx_store_resolve(other, s->id, copy->id, 1, "tester", &err), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(jx_store_resolve(other, s->id, copy->id, 0, "tester", &err), -1);
	assert_string_equal(err.msg, msg);

	/* what is not the sheet's content stays possible: the list's cached
	 * figures and history rows that bring no change */
	assert_int_equal(jx_store_set_summary(st, s->id, D("92.32"), "优", 3, &err), 0);
	in.gid = "dddd:1";
	in.field = "info:phone";
	assert_int_equal(jx_store_append_history(st, s->id, &in, 1, &added, &err), 0);
	assert_int_equal(added, 1);
	assert_int_equal(verify_state(st, s->id, stored, now), 1);

	free(d0);
	jx_sheet_free(copy);
	jx_sheet_free(s2);
	jx_store_close(other);
	jx_sheet_free(before);
	jx_sheet_free(s);
	jx_store_close(st);
}

/* The database itself refuses a change to a finalised sheet's content. */
static void test_triggers_guard_the_content(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-g", "触发器"), *other = full_sheet("uid-h", "未定稿");
	sqlite3 *db;
	char m[256];
	static const char *const sql[] = {
		"UPDATE sheets SET manager = 'x' WHERE uid = 'uid-g'",
		"UPDATE sheets SET status = 'draft' WHERE uid = 'uid-g'",
		"UPDATE sheets SET deleted = 1 WHERE uid = 'uid-g'",
		"UPDATE sheets SET final_digest = '0000000000000000000000000000000000000000000000000000000000000000' "
		"WHERE uid = 'uid-g'",
		"DELETE FROM sheets WHERE uid = 'uid-g'",
		"UPDATE indicators SET actual = 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"DELETE FROM indicators WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"INSERT INTO basis (sheet_id, pos, text) SELECT id, 9, 'x' FROM sheets WHERE uid = 'uid-g'",
		"UPDATE funds SET spent = 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE subprojects SET spent = 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE goals SET actual = 'x' WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE marks SET awarded = 0 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE entries SET score = 0 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE measures SET value = 0 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE stated SET value = 0 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
		"UPDATE narrative SET text = 'x' WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-g')",
	};
	char *d0, *d1;
	insert_ok(st, s);
	insert_ok(st, other);
	finalise_ok(st, s);
	jx_store_close(st);
	d0 = dump(t->db);
	db = raw_open(t->db);
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if (raw_exec(db, sql[i], m, sizeof m) == SQLITE_OK) {
			print_error("not refused: %s\n", sql[i]);
			fail();
		}
		assert_contains(m, "the sheet is finalised");
	}
	/* the sheet next to it is not finalised: the same changes go through */
	assert_int_equal(raw_exec(db, "UPDATE indicators SET actual = 1 WHERE sheet_id = (SELECT id FROM sheets WHERE uid = 'uid-h')",
				  m, sizeof m),
			 SQLITE_OK);
	sqlite3_close(db);
	d1 = dump(t->db);
	/* only the other sheet's indicators changed */
	assert_string_not_equal(d0, d1);
	free(d0);
	free(d1);
	jx_sheet_free(s);
	jx_sheet_free(other);
}

static void test_reopen_needs_a_reason_and_is_audited(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-r", "重新打开");
	jx_err err = {{0}};
	jx_audit_row *rows = NULL;
	size_t nr = 0;
	char stored[65], now[65], first[65], want[80];
	static const char *const blank[] = {NULL, "", "  \t\n", "\xE3\x80\x80\xE3\x80\x80"};
	insert_ok(st, s);
	set_ok(st, s, "status", "reviewed");
	finalise_ok(st, s);
	assert_int_equal(verify_state(st, s->id, first, now), 1);

	for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
		assert_int_equal(jx_store_reopen(st, s, blank[i], "tester", &err), -1);
		assert_contains(err.msg, "须写明原因");
	}
	assert_string_equal(s->status, "final");
	assert_int_equal(verify_state(st, s->id, stored, now), 1);

	assert_int_equal(jx_store_reopen(st, s, "负责人填错，需更正", "审定人", &err), 0);
	/* the status it had before */
	assert_string_equal(s->status, "reviewed");
	assert_int_equal(verify_state(st, s->id, stored, now), 0);
	assert_int_equal(jx_store_history(st, s->id, "sheet:reopen", &rows, &nr, &err), 0);
	assert_int_equal(nr, 1);
	snprintf(want, sizeof want, "sha256:%s", first);
	assert_string_equal(rows[0].old_value, want);
	assert_string_equal(rows[0].new_value, "负责人填错，需更正");
	assert_string_equal(rows[0].user, "审定人");
	jx_audit_free(rows, nr);

	/* editable again; finalised again with another digest */
	set_ok(st, s, "info:manager", "正确的人");
	assert_int_equal(jx_store_reopen(st, s, "再开", "tester", &err), -1);
	assert_contains(err.msg, "没有定稿");
	finalise_ok(st, s);
	assert_int_equal(verify_state(st, s->id, stored, now), 1);
	assert_string_not_equal(stored, first);
	jx_sheet_free(s);
	jx_store_close(st);
}

static void test_finalise_refusals(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE), *other;
	jx_sheet *a = full_sheet("uid-a", "甲"), *b = full_sheet("uid-b", "乙"), *c = full_sheet("uid-c", "丙"), *copy, *a2 = NULL;
	jx_err err = {{0}};
	jx_sheet none = {0};
	char stored[65], now[65];
	jx_audit_row in = {0};
	insert_ok(st, a);
	insert_ok(st, b);
	insert_ok(st, c);

	/* "final" is not a value to type: it goes with the digest */
	assert_int_equal(jx_store_set_field(st, a, NULL, "status", "final", "tester", &err), -1);
	assert_contains(err.msg, "jixiao finalise");
	assert_int_equal(jx_store_set_field(st, a, NULL, "status", "定稿", "tester", &err), -1);
	assert_contains(err.msg, "jixiao finalise");
	assert_string_equal(a->status, "submitted");
	assert_int_equal(verify_state(st, a->id, stored, now), 0);

	/* not stored */
	assert_int_equal(jx_store_finalise(st, &none, "tester", &err), -1);
	assert_contains(err.msg, "尚未保存");

	/* changed by another workstation since it was loaded: look again first */
	other = open_ok(t->db, JX_STORE_CREATE);
	assert_int_equal(jx_store_load(other, a->id, &a2, &err), 0);
	set_ok(other, a2, "info:phone", "0750-1234567");
	assert_int_equal(jx_store_finalise(st, a, "tester", &err), -1);
	assert_contains(err.msg, "其他工作站");
	assert_int_equal(verify_state(st, a->id, stored, now), 0);

	/* in the trash */
	assert_int_equal(jx_store_trash(st, b->id, 1, "tester", &err), 0);
	assert_int_equal(jx_store_finalise(st, b, "tester", &err), -1);
	assert_contains(err.msg, "回收站");

	/* with a conflict not settled, and the conflict copy itself */
	copy = jx_sheet_clone(c);
	jx_set_str(&copy->uid, NULL);
	jx_set_str(&copy->info[JX_INFO_MANAGER], "另一台");
	in.gid = "cccc:1";
	in.at = "2030-01-01T00:00:00Z";
	in.user = "远方";
	in.field = "info:manager";
	assert_int_equal(jx_store_insert_received(st, copy, &in, 1, c->id, "host-b", &err), 0);
	assert_int_equal(jx_store_finalise(st, c, "tester", &err), -1);
	assert_contains(err.msg, "冲突副本");
	assert_int_equal(jx_store_finalise(st, copy, "tester", &err), -1);
	assert_contains(err.msg, "冲突副本");

	/* already final */
	jx_sheet_free(a2);
	a2 = NULL;
	assert_int_equal(jx_store_load(st, a->id, &a2, &err), 0);
	finalise_ok(st, a2);
	assert_int_equal(jx_store_finalise(st, a2, "tester", &err), -1);
	assert_contains(err.msg, "已经定稿");

	jx_sheet_free(a2);
	jx_sheet_free(copy);
	jx_sheet_free(a);
	jx_sheet_free(b);
	jx_sheet_free(c);
	jx_store_close(other);
	jx_store_close(st);
}

/* verify recomputes the digest from what is stored. */
static void test_verify_finds_changes_behind_the_back(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-v", "核对"), *n = full_sheet("uid-w", "草稿"), *back = NULL;
	jx_err err = {{0}};
	sqlite3 *db;
	char first[65], stored[65], now[65], want[65];
	insert_ok(st, s);
	insert_ok(st, n);
	finalise_ok(st, s);
	assert_int_equal(verify_state(st, s->id, first, now), 1);
	assert_int_equal(verify_state(st, n->id, stored, now), 0);
	assert_string_equal(stored, "");

	/* an actual changed with the guards taken away */
	db = raw_open(t->db);
	assert_int_equal(raw_exec(db,
				  "DROP TRIGGER indicators_final_update; "
				  "UPDATE indicators SET actual = 6000000 WHERE key = 'i1' AND sheet_id = "
				  "(SELECT id FROM sheets WHERE uid = 'uid-v')",
				  NULL, 0),
			 SQLITE_OK);
	assert_int_equal(verify_state(st, s->id, stored, now), 2);
	assert_string_equal(stored, first);
	/* "now" is the digest of the sheet as it is stored now */
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(back->inds[0].actual == JX_INT(6));
	assert_int_equal(jx_sheet_digest(back, want), 0);
	assert_string_equal(now, want);
	assert_string_not_equal(now, first);
	jx_sheet_free(back);

	/* put back: the content is what was finalised again */
	assert_int_equal(raw_exec(db, "UPDATE indicators SET actual = 5000000 WHERE key = 'i1' AND sheet_id = "
				      "(SELECT id FROM sheets WHERE uid = 'uid-v')",
				  NULL, 0),
			 SQLITE_OK);
	assert_int_equal(verify_state(st, s->id, stored, now), 1);

	/* the digest itself replaced by that of the changed content: the
	 * append-only history still holds the one written at finalisation */
	assert_int_equal(raw_exec(db,
				  "DROP TRIGGER sheets_final_update; DROP TRIGGER sheets_final_digest; "
				  "UPDATE sheets SET manager = '冒名' WHERE uid = 'uid-v'",
				  NULL, 0),
			 SQLITE_OK);
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_int_equal(jx_sheet_digest(back, want), 0);
	jx_sheet_free(back);
	{
		char sql[256];
		snprintf(sql, sizeof sql, "UPDATE sheets SET final_digest = '%s' WHERE uid = 'uid-v'", want);
		assert_int_equal(raw_exec(db, sql, NULL, 0), SQLITE_OK);
	}
	assert_int_equal(verify_state(st, s->id, stored, now), 2);
	assert_string_equal(stored, first);
	assert_string_equal(now, want);

	/* the mark taken away altogether: not final any more, digest gone */
	assert_int_equal(raw_exec(db, "UPDATE sheets SET final_digest = NULL, status = 'draft' WHERE uid = 'uid-v'", NULL, 0),
			 SQLITE_OK);
	assert_int_equal(verify_state(st, s->id, stored, now), 2);
	assert_string_equal(stored, first);
	sqlite3_close(db);
	jx_sheet_free(s);
	jx_sheet_free(n);
	jx_store_close(st);
}

/* A sheet that arrives finalised (a file, a bundle) is finalised here. */
static void test_finalised_sheets_arriving(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *f = full_sheet("uid-i", "导入的定稿"), *r = full_sheet("uid-j", "收到的定稿"), *base = full_sheet("uid-k", "本机"),
		 *copy;
	jx_err err = {{0}};
	jx_audit_row *rows = NULL, in = {0};
	size_t nr = 0;
	char stored[65], now[65], msg[256];
	jx_set_str(&f->status, "final");
	insert_ok(st, f);
	assert_int_equal(verify_state(st, f->id, stored, now), 1);
	assert_int_equal(jx_store_history(st, f->id, NULL, &rows, &nr, &err), 0);
	assert_int_equal(nr, 2);
	assert_string_equal(rows[0].field, "sheet:create");
	assert_string_equal(rows[1].field, "sheet:finalise");
	snprintf(msg, sizeof msg, "sha256:%s", stored);
	assert_string_equal(rows[1].new_value, msg);
	jx_audit_free(rows, nr);
	final_msg(msg, sizeof msg, f->id);
	assert_int_equal(jx_store_set_field(st, f, NULL, "info:name", "改", "tester", &err), -1);
	assert_string_equal(err.msg, msg);

	/* received with its history: finalised, no row of this machine */
	jx_set_str(&r->status, "final");
	in.gid = "bbbb:1";
	in.at = "2030-01-01T00:00:00Z";
	in.user = "远方";
	in.field = "sheet:create";
	assert_int_equal(jx_store_insert_received(st, r, &in, 1, 0, NULL, &err), 0);
	assert_int_equal(verify_state(st, r->id, stored, now), 1);
	assert_int_equal(jx_store_history(st, r->id, NULL, &rows, &nr, &err), 0);
	assert_int_equal(nr, 1);
	jx_audit_free(rows, nr);

	/* a final version kept as a conflict copy is not finalised; taking it
	 * finalises the sheet */
	insert_ok(st, base);
	copy = jx_sheet_clone(base);
	jx_set_str(&copy->uid, NULL);
	jx_set_str(&copy->status, "final");
	jx_set_str(&copy->info[JX_INFO_MANAGER], "对方");
	in.gid = "aaaa:7";
	assert_int_equal(jx_store_insert_received(st, copy, &in, 1, base->id, "host-b", &err), 0);
	assert_int_equal(verify_state(st, copy->id, stored, now), 0);
	assert_int_equal(jx_store_resolve(st, base->id, copy->id, 1, "tester", &err), 0);
	assert_int_equal(verify_state(st, base->id, stored, now), 1);
	jx_sheet_free(copy);
	jx_sheet_free(f);
	jx_sheet_free(r);
	jx_sheet_free(base);
	jx_store_close(st);
}

/* A schema-2 file, made from the program's own first two migrations, with
 * a sheet already marked final: upgraded, the sheet gets its digest and
 * the file stays private. */
static void test_upgrade_seals_final_sheets_and_keeps_0600(void **state)
{
	tmpdb *t = *state;
	jx_store *st;
	sqlite3 *db;
	char sql[256], stored[65], now[65], wal[256], shm[256];
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	struct stat sb;
	int fd;
	assert_true(jx_store_schema_version() >= 3);
	fd = open(t->db, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	db = raw_open(t->db);
	for (int i = 0; i < 2; i++) {
		char *text = malloc(jx_schema_files[i].len + 1);
		memcpy(text, jx_schema_files[i].data, jx_schema_files[i].len);
		text[jx_schema_files[i].len] = 0;
		assert_int_equal(raw_exec(db, text, NULL, 0), SQLITE_OK);
		free(text);
	}
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = 2; PRAGMA journal_mode = WAL;",
		 (int)JX_APPLICATION_ID);
	assert_int_equal(raw_exec(db, sql, NULL, 0), SQLITE_OK);
	assert_int_equal(raw_exec(db,
				  "INSERT INTO sheets (uid, template_id, year, status, name, revision) "
				  "VALUES ('old-final', 'external-result', 2023, 'final', '旧定稿', 3);"
				  "INSERT INTO entries (sheet_id, pos, node, score) VALUES (1, 0, 'result', 80080000);"
				  "INSERT INTO sheets (uid, template_id, year, status, name) "
				  "VALUES ('old-draft', 'external-result', 2023, 'draft', '旧草稿');",
				  NULL, 0),
			 SQLITE_OK);
	sqlite3_close(db);

	st = open_ok(t->db, JX_STORE_CREATE);
	/* while it is open, its log and shared-memory files are as private */
	snprintf(wal, sizeof wal, "%s-wal", t->db);
	snprintf(shm, sizeof shm, "%s-shm", t->db);
	assert_int_equal(stat(t->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(shm, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(verify_state(st, 1, stored, now), 1);
	assert_int_equal(verify_state(st, 2, stored, now), 0);
	assert_int_equal(jx_store_load(st, 1, &s, &err), 0);
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:name", "改", "tester", &err), -1);
	assert_contains(err.msg, "已定稿");
	jx_sheet_free(s);
	jx_store_close(st);
	db = raw_open(t->db);
	assert_true(raw_int(db, "PRAGMA user_version") == jx_store_schema_version());
	assert_true(raw_int(db, "SELECT count(*) FROM audit WHERE field = 'sheet:finalise' AND sheet_id = 1") == 1);
	sqlite3_close(db);
	assert_int_equal(stat(t->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

/* Whatever the umask, a new database is 0600. */
static void test_new_database_is_private(void **state)
{
	tmpdb *t = *state;
	mode_t old = umask(0);
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	struct stat sb;
	char p[256];
	umask(old);
	assert_int_equal(stat(t->db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(p, sizeof p, "%s-wal", t->db);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	jx_store_close(st);
}

/* ======================================================================
 * Audit rows: append-only
 */

static void test_audit_rows_cannot_change(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-au", "审计");
	jx_err err = {{0}};
	jx_audit_row *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	sqlite3 *db;
	char m[256];
	insert_ok(st, s);
	set_ok(st, s, "info:manager", "甲");
	set_ok(st, s, "info:manager", "乙");
	assert_int_equal(jx_store_history(st, s->id, NULL, &a, &na, &err), 0);
	assert_int_equal(na, 3);

	/* every later operation only appends */
	assert_int_equal(jx_store_add_indicator(st, s, 0, "output.quality", "tester", &err), 0);
	assert_int_equal(jx_store_move_indicator(st, s, 0, 2, "tester", &err), 0);
	assert_int_equal(jx_store_delete_indicator(st, s, 2, "tester", &err), 0);
	assert_int_equal(jx_store_trash(st, s->id, 1, "tester", &err), 0);
	assert_int_equal(jx_store_trash(st, s->id, 0, "tester", &err), 0);
	{
		/* the trash takes a number, not the sheet: look at it again */
		int64_t id = s->id;
		jx_sheet_free(s);
		assert_int_equal(jx_store_load(st, id, &s, &err), 0);
	}
	finalise_ok(st, s);
	assert_int_equal(jx_store_reopen(st, s, "更正", "tester", &err), 0);
	assert_int_equal(jx_store_history(st, s->id, NULL, &b, &nb, &err), 0);
	assert_int_equal(nb, na + 7);
	for (size_t i = 0; i < na; i++) {
		assert_true(a[i].id == b[i].id);
		assert_string_equal(a[i].at, b[i].at);
		assert_string_equal(a[i].user, b[i].user);
		assert_string_equal(a[i].field, b[i].field);
		assert_string_equal(a[i].old_value, b[i].old_value);
		assert_string_equal(a[i].new_value, b[i].new_value);
		assert_string_equal(a[i].gid, b[i].gid);
	}
	jx_audit_free(a, na);
	jx_audit_free(b, nb);
	jx_store_close(st);

	/* and the file refuses to change or drop one */
	db = raw_open(t->db);
	assert_int_not_equal(raw_exec(db, "UPDATE audit SET new_value = '丙' WHERE field = 'info:manager'", m, sizeof m),
			     SQLITE_OK);
	assert_contains(m, "audit rows cannot be changed");
	assert_int_not_equal(raw_exec(db, "DELETE FROM audit", m, sizeof m), SQLITE_OK);
	assert_contains(m, "audit rows cannot be deleted");
	assert_int_not_equal(raw_exec(db, "INSERT INTO audit (at, \"user\", sheet_id, field) VALUES ('x', 'y', 1, 'z')", m,
				      sizeof m),
			     SQLITE_OK);
	assert_contains(m, "global id");
	assert_true(raw_int(db, "SELECT count(*) FROM audit") == 10);
	sqlite3_close(db);
	jx_sheet_free(s);
}

/* ======================================================================
 * Broken and hostile database files through the store
 */

static void test_full_disk(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE);
	jx_sheet *s = full_sheet("uid-full", "满"), *before, *back = NULL;
	jx_err err = {{0}};
	char h0[65], h1[65], *big;
	sqlite3 *db;
	int64_t pages;
	insert_ok(st, s);
	jx_store_close(st); /* the log folded into the file */
	file_sha256(t->db, h0);
	db = raw_open(t->db);
	pages = raw_int(db, "PRAGMA page_count");
	sqlite3_close(db);

	st = open_ok(t->db, JX_STORE_CREATE);
	assert_int_equal(jx_store_limit_pages(st, pages, &err), 0);
	big = malloc(20001);
	memset(big, 'x', 20000);
	big[20000] = 0;
	before = jx_sheet_clone(s);
	assert_int_equal(jx_store_set_field(st, s, NULL, "info:background", big, "tester", &err), -1);
	assert_contains(err.msg, "磁盘已满，未能保存");
	assert_true(jx_sheet_equal(s, before));
	/* still readable, nothing half-written */
	assert_int_equal(jx_store_load(st, s->id, &back, &err), 0);
	assert_true(jx_sheet_equal(back, before));
	jx_sheet_free(back);
	jx_store_close(st);
	file_sha256(t->db, h1);
	assert_string_equal(h0, h1);
	db = raw_open(t->db);
	{
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	free(big);
	jx_sheet_free(before);
	jx_sheet_free(s);
}

static void test_truncated_and_foreign_files_left_alone(void **state)
{
	tmpdb *t = *state;
	jx_store *st = open_ok(t->db, JX_STORE_CREATE), *x = NULL;
	jx_sheet *s = full_sheet("uid-tr", "截断");
	jx_err err = {{0}};
	char cut[256], h0[65], h1[65];
	sqlite3 *db;
	insert_ok(st, s);
	jx_store_close(st);

	/* cut after 3 pages (4096 bytes each): the schema page stays readable,
	 * the rows do not */
	snprintf(cut, sizeof cut, "%s/cut.db", t->dir);
	copy_file(t->db, cut, 0600);
	assert_int_equal(truncate(cut, 3 * 4096), 0);
	file_sha256(cut, h0);
	for (int flags = 0; flags <= JX_STORE_READONLY; flags += JX_STORE_READONLY) {
		jx_sheet_summary *v = NULL;
		size_t n = 0;
		err.msg[0] = 0;
		if (jx_store_open(&x, cut, flags | (flags ? 0 : JX_STORE_CREATE), &err) == 0) {
			/* it may open; reading what is gone is refused in words */
			assert_int_equal(jx_store_list(x, 1, &v, &n, &err), -1);
			jx_store_close(x);
		}
		assert_contains(err.msg, "损坏");
	}
	file_sha256(cut, h1);
	assert_string_equal(h0, h1);

	/* a newer jixiao's file: refused before anything is touched */
	db = raw_open(t->db);
	assert_int_equal(raw_exec(db, "PRAGMA user_version = 99", NULL, 0), SQLITE_OK);
	sqlite3_close(db);
	file_sha256(t->db, h0);
	assert_int_equal(jx_store_open(&x, t->db, JX_STORE_CREATE, &err), -1);
	assert_contains(err.msg, "更新版本的 jixiao");
	assert_contains(err.msg, "未做任何改动");
	file_sha256(t->db, h1);
	assert_string_equal(h0, h1);
	jx_sheet_free(s);
}

/* Permissions: as nobody when root.  The checks run in a child that can
 * drop to nobody for good; it says what went wrong on stderr. */
#define CHILD_CHECK(cond, what)                                         \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "%s (%s)\n", what, err.msg);    \
			_exit(1);                                       \
		}                                                       \
	} while (0)

static void readonly_child(const char *db, int dir_case)
{
	jx_store *st = NULL;
	jx_sheet_summary *v = NULL;
	jx_sheet *s = NULL;
	jx_err err = {{0}};
	size_t n = 0;
	drop_to_nobody();
	/* asked for writing, it opens for reading and says it cannot write */
	CHILD_CHECK(jx_store_open(&st, db, JX_STORE_CREATE, &err) == 0, "open");
	CHILD_CHECK(jx_store_is_readonly(st), "read-only");
	CHILD_CHECK(jx_store_list(st, 0, &v, &n, &err) == 0 && n == 1, "list");
	CHILD_CHECK(jx_store_load(st, v[0].id, &s, &err) == 0, "load");
	CHILD_CHECK(jx_store_set_field(st, s, NULL, "info:name", "改", "nobody", &err) == -1, "set refused");
	CHILD_CHECK(strstr(err.msg, dir_case ? "目录只读" : "数据库文件只读，无法保存") != NULL, "message");
	CHILD_CHECK(jx_store_trash(st, s->id, 1, "nobody", &err) == -1, "trash refused");
	CHILD_CHECK(jx_store_finalise(st, s, "nobody", &err) == -1 && strstr(err.msg, "只读"), "finalise refused");
	jx_sheet_free(s);
	jx_summaries_free(v, n);
	jx_store_close(st);
	/* asked for reading */
	CHILD_CHECK(jx_store_open(&st, db, JX_STORE_READONLY, &err) == 0, "open read-only");
	jx_store_close(st);
	_exit(0);
}

static int in_child(void (*fn)(const char *, int), const char *db, int arg, char *msg, size_t len)
{
	char errf[300];
	pid_t pid;
	int stt = 0;
	snprintf(errf, sizeof errf, "%s.child-err", db);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fe = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fe >= 0)
			dup2(fe, 2);
		fn(db, arg);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &stt, 0), pid);
	{
		char *m = slurp(errf);
		snprintf(msg, len, "%s", m);
		free(m);
	}
	unlink(errf);
	return WIFEXITED(stt) ? WEXITSTATUS(stt) : 128 + WTERMSIG(stt);
}

static void make_nobody_db(tmpdb *t, const char *sub, char *db, size_t len)
{
	char d[256];
	jx_store *st;
	jx_sheet *s = full_sheet("uid-ro", "只读");
	snprintf(d, sizeof d, "%s/%s", t->dir, sub);
	assert_int_equal(mkdir(d, 0755), 0);
	snprintf(db, len, "%s/jx.db", d);
	st = open_ok(db, JX_STORE_CREATE);
	insert_ok(st, s);
	jx_store_close(st);
	jx_sheet_free(s);
	if (getuid() == 0) {
		assert_int_equal(chown(d, NOBODY, NOBODY), 0);
		assert_int_equal(chown(db, NOBODY, NOBODY), 0);
	}
}

static void test_readonly_file_and_directory(void **state)
{
	tmpdb *t = *state;
	char db[300], dir[300], msg[512], h0[65], h1[65];
	/* a read-only file in a writable directory */
	make_nobody_db(t, "f", db, sizeof db);
	assert_int_equal(chmod(db, 0444), 0);
	file_sha256(db, h0);
	if (in_child(readonly_child, db, 0, msg, sizeof msg) != 0) {
		print_error("read-only file: %s\n", msg);
		fail();
	}
	file_sha256(db, h1);
	assert_string_equal(h0, h1);

	/* a writable file in a read-only directory: no -shm can be made */
	make_nobody_db(t, "d", db, sizeof db);
	snprintf(dir, sizeof dir, "%s/d", t->dir);
	assert_int_equal(chmod(dir, 0555), 0);
	file_sha256(db, h0);
	if (in_child(readonly_child, db, 1, msg, sizeof msg) != 0) {
		print_error("read-only directory: %s\n", msg);
		fail();
	}
	file_sha256(db, h1);
	assert_string_equal(h0, h1);
	{
		char *l = listing(dir);
		assert_string_equal(l, "jx.db\n"); /* nothing made beside it */
		free(l);
	}
	chmod(dir, 0755);
}

static void wal_child(const char *db, int arg)
{
	jx_store *st = NULL;
	jx_err err = {{0}};
	(void)arg;
	drop_to_nobody();
	CHILD_CHECK(jx_store_open(&st, db, JX_STORE_READONLY, &err) == -1, "refused");
	CHILD_CHECK(strstr(err.msg, "未并入的修改") != NULL, "message");
	_exit(0);
}

/* A read-only directory holding a log with changes not yet in the file:
 * reading the file alone would show an older state, so it is refused. */
static void test_readonly_directory_with_pending_log(void **state)
{
	tmpdb *t = *state;
	char db[300], dir[300], wal[320], msg[512], h0[65], h1[65];
	sqlite3 *w;
	make_nobody_db(t, "p", db, sizeof db);
	snprintf(dir, sizeof dir, "%s/p", t->dir);
	snprintf(wal, sizeof wal, "%s-wal", db);
	/* a writer that never folds its log back, then vanishes */
	w = raw_open(db);
	assert_int_equal(raw_exec(w, "PRAGMA wal_autocheckpoint = 0; UPDATE sheets SET phone = '1'", NULL, 0), SQLITE_OK);
	{
		/* copy the file and its log as a crash would leave them */
		char db2[320], wal2[330];
		snprintf(db2, sizeof db2, "%s/q", t->dir);
		assert_int_equal(mkdir(db2, 0755), 0);
		snprintf(db2, sizeof db2, "%s/q/jx.db", t->dir);
		snprintf(wal2, sizeof wal2, "%s/q/jx.db-wal", t->dir);
		copy_file(db, db2, 0644);
		copy_file(wal, wal2, 0644);
		sqlite3_close(w);
		snprintf(dir, sizeof dir, "%s/q", t->dir);
		if (getuid() == 0) {
			assert_int_equal(chown(dir, NOBODY, NOBODY), 0);
			assert_int_equal(chown(db2, NOBODY, NOBODY), 0);
			assert_int_equal(chown(wal2, NOBODY, NOBODY), 0);
		}
		assert_int_equal(chmod(dir, 0555), 0);
		file_sha256(db2, h0);
		if (in_child(wal_child, db2, 0, msg, sizeof msg) != 0) {
			print_error("pending log: %s\n", msg);
			fail();
		}
		file_sha256(db2, h1);
		assert_string_equal(h0, h1);
		chmod(dir, 0755);
	}
}

/* ======================================================================
 * The command line
 */

static int have_sqlite3_shell(void)
{
	return system("command -v sqlite3 >/dev/null 2>&1") == 0;
}

static void shell_sql(const char *db, const char *sql)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\" >/dev/null 2>&1", db, sql);
	if (system(cmd) != 0) {
		print_error("sqlite3 shell failed: %s\n", sql);
		fail();
	}
}

static void test_cli_finalise_verify_reopen(void **state)
{
	tmpdb *t = *state;
	const char *J = jixiao_bin();
	cli_run r = {0};
	char digest[65], line[512];
	const char *p;
	if (!have_sqlite3_shell()) {
		print_error("the sqlite3 shell is not installed (make test installs it)\n");
		fail();
	}
	jx_run(&r, t, J, 0, t->db, "import", sample(JIANGMEN), sample(JINGDEZHEN), NULL);
	expect(&r, 0, "import");
	cli_free(&r);

	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 0, "verify with nothing finalised");
	assert_contains(r.o, "数据库中没有定稿的评价表");
	cli_free(&r);

	jx_run(&r, t, J, 0, t->db, "finalise", "1", NULL);
	expect(&r, 0, "finalise");
	assert_contains(r.o, "评价表 1（工业发展管理经费）已定稿");
	p = strstr(r.o, "SHA-256 摘要: ");
	assert_non_null(p);
	snprintf(digest, sizeof digest, "%.64s", p + strlen("SHA-256 摘要: "));
	assert_true(strspn(digest, "0123456789abcdef") == 64);
	cli_free(&r);

	jx_run(&r, t, J, 0, t->db, "finalise", "1", NULL);
	expect(&r, 0, "finalise twice");
	assert_contains(r.o, "已经定稿");
	cli_free(&r);

	/* every edit refused with the way out, exit 3 */
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:manager", "某人", NULL);
	expect(&r, 3, "set on a finalised sheet");
	assert_contains(r.e, "该表已定稿，须先重新打开（jixiao reopen 1 --reason …）才能修改");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "2", "status", "final", NULL);
	expect(&r, 3, "status final by set");
	assert_contains(r.e, "jixiao finalise 2");
	cli_free(&r);

	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 0, "verify intact");
	snprintf(line, sizeof line, "评价表 1（工业发展管理经费）：定稿内容完好（SHA-256 %s）", digest);
	assert_contains(r.o, line);
	assert_contains(r.o, "共核对 1 张定稿评价表：1 张完好，0 张定稿后被改动");
	cli_free(&r);

	/* behind the program's back with the sqlite3 shell: the guard first */
	{
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"UPDATE indicators SET actual = 9000000 WHERE sheet_id = 1\" >/dev/null 2>&1",
			 t->db);
		assert_int_not_equal(system(cmd), 0);
	}
	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 0, "a refused change leaves it intact");
	cli_free(&r);
	shell_sql(t->db, "DROP TRIGGER indicators_final_update; UPDATE indicators SET actual = 9000000 WHERE sheet_id = 1 "
			 "AND pos = 0;");
	jx_run(&r, t, J, 0, t->db, "verify", NULL);
	expect(&r, 1, "verify finds the change");
	snprintf(line, sizeof line, "评价表 1（工业发展管理经费）：定稿后内容被改动过！定稿时的 SHA-256 摘要为 %s，现在为 ", digest);
	assert_contains(r.o, line);
	assert_contains(r.o, "0 张完好，1 张定稿后被改动");
	assert_contains(r.e, "1 张定稿评价表的内容在定稿后被改动过");
	cli_free(&r);
	/* named, with one that is not finalised */
	jx_run(&r, t, J, 0, t->db, "verify", "2", "1", NULL);
	expect(&r, 1, "verify named");
	assert_contains(r.o, "评价表 2（2023年工业发展专项资金）：未定稿");
	assert_contains(r.o, line);
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "show", "1", NULL);
	expect(&r, 0, "show a changed final sheet");
	assert_contains(r.o, "定稿后内容被改动过！");
	cli_free(&r);

	/* reopen: the reason is required */
	jx_run(&r, t, J, 0, t->db, "reopen", "1", NULL);
	expect(&r, 2, "reopen without --reason");
	assert_contains(r.e, "--reason");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "reopen", "1", "--reason", "  ", NULL);
	expect(&r, 2, "reopen with a blank reason");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "reopen", "2", "--reason", "试试", NULL);
	expect(&r, 3, "reopen a sheet not finalised");
	assert_contains(r.e, "没有定稿");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "reopen", "1", "--reason", "核实实际值", NULL);
	expect(&r, 0, "reopen");
	assert_contains(r.o, "已重新打开，状态为“已提交”");
	assert_contains(r.e, "被改动过"); /* reopening does not hide it */
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "history", "1", "sheet:reopen", NULL);
	expect(&r, 0, "history of the reopening");
	snprintf(line, sizeof line, "tester  sheet:reopen: sha256:%s -> 核实实际值", digest);
	assert_contains(r.o, line);
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:manager", "某人", NULL);
	expect(&r, 0, "set after reopening");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "verify", "1", NULL);
	expect(&r, 0, "verify after reopening");
	assert_contains(r.o, "未定稿");
	cli_free(&r);
}

/* history: when, who, old -> new, for a field and for the sheet. */
static void test_cli_history(void **state)
{
	tmpdb *t = *state;
	const char *J = jixiao_bin();
	cli_run r = {0};
	char *p;
	jx_run(&r, t, J, 0, t->db, "import", sample(JINGDEZHEN), NULL);
	expect(&r, 0, "import");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:manager", "张三", NULL);
	expect(&r, 0, "set 1");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:manager", "李四", NULL);
	expect(&r, 0, "set 2");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "history", "1", "info:manager", NULL);
	expect(&r, 0, "history of a field");
	/* "  2024-05-01T08:00:00Z  tester  info:manager: 张三 -> 李四" */
	p = strstr(r.o, "  tester  info:manager:  -> 张三\n");
	assert_non_null(p);
	assert_true(p - r.o == 2 + 20);
	assert_true(r.o[2 + 4] == '-' && r.o[2 + 10] == 'T' && r.o[2 + 19] == 'Z');
	assert_contains(r.o, "  tester  info:manager: 张三 -> 李四\n");
	assert_true(strstr(r.o, "sheet:create") == NULL); /* only that field */
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "history", "1", NULL);
	expect(&r, 0, "history of the sheet");
	assert_contains(r.o, "sheet:create");
	assert_contains(r.o, "张三 -> 李四");
	cli_free(&r);
	/* the command line offers nothing that changes the record */
	jx_run(&r, t, J, 0, t->db, "--help", NULL);
	expect(&r, 0, "help");
	assert_true(strstr(r.o, "audit") == NULL);
	assert_true(strstr(r.o, "删除修改记录") == NULL);
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "history", "1", "info:manager", "--force", NULL);
	expect(&r, 2, "history takes no option to change it");
	cli_free(&r);
}

/* A bundle whose later version would change a finalised sheet: reported,
 * nothing imported; settled by reopening and choosing. */
static void test_cli_bundle_cannot_change_a_finalised_sheet(void **state)
{
	tmpdb *t = *state;
	const char *J = jixiao_bin();
	cli_run r = {0};
	char a[300], b[300], x[300], y[300], h0[65], h1[65];
	snprintf(a, sizeof a, "%s/a.db", t->dir);
	snprintf(b, sizeof b, "%s/b.db", t->dir);
	snprintf(x, sizeof x, "%s/x.yaml", t->dir);
	snprintf(y, sizeof y, "%s/y.yaml", t->dir);
	jx_run(&r, t, J, 0, a, "import", sample(JINGDEZHEN), NULL);
	expect(&r, 0, "import into a");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "finalise", "1", NULL);
	expect(&r, 0, "finalise in a");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "export", "1", "-o", x, NULL);
	expect(&r, 0, "export from a");
	cli_free(&r);
	/* b receives it finalised */
	jx_run(&r, t, J, 0, b, "import", x, NULL);
	expect(&r, 0, "import into b");
	cli_free(&r);
	jx_run(&r, t, J, 0, b, "verify", NULL);
	expect(&r, 0, "b has it finalised");
	assert_contains(r.o, "1 张完好");
	cli_free(&r);
	jx_run(&r, t, J, 0, b, "set", "1", "info:manager", "乙方", NULL);
	expect(&r, 3, "b cannot change it");
	cli_free(&r);
	/* b reopens it and changes it; its version extends a's history */
	jx_run(&r, t, J, 0, b, "reopen", "1", "--reason", "乙方更正", NULL);
	expect(&r, 0, "reopen in b");
	assert_contains(r.o, "状态为“已提交”"); /* the status before, from the history */
	cli_free(&r);
	jx_run(&r, t, J, 0, b, "set", "1", "info:manager", "乙方", NULL);
	expect(&r, 0, "change in b");
	cli_free(&r);
	jx_run(&r, t, J, 0, b, "export", "1", "-o", y, NULL);
	expect(&r, 0, "export from b");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "list", NULL); /* fold the log into the file */
	cli_free(&r);
	file_sha256(a, h0);
	jx_run(&r, t, J, 0, a, "import", y, NULL);
	expect(&r, 3, "a refuses a later version of its finalised sheet");
	assert_contains(r.e, "评价表 1（2023年工业发展专项资金）已定稿");
	assert_contains(r.e, "jixiao reopen 1 --reason");
	assert_contains(r.e, "未导入任何评价表");
	cli_free(&r);
	file_sha256(a, h1);
	assert_string_equal(h0, h1);
	/* the way out it names */
	jx_run(&r, t, J, 0, a, "reopen", "1", "--reason", "采用乙方更正", NULL);
	expect(&r, 0, "reopen in a");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "import", y, NULL);
	expect(&r, 0, "import after reopening");
	assert_contains(r.o, "冲突");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "resolve", "1", "--keep", "incoming", NULL);
	expect(&r, 0, "resolve");
	cli_free(&r);
	jx_run(&r, t, J, 0, a, "show", "1", NULL);
	expect(&r, 0, "show");
	assert_contains(r.o, "乙方");
	cli_free(&r);
}

/* A database in a read-only directory: looked at with list, show and
 * score; changes refused in words; the file as it was. */
static void test_cli_readonly_directory(void **state)
{
	tmpdb *t = *state;
	const char *J0 = jixiao_bin();
	char J[300], d[300], db[300], h0[65], h1[65];
	cli_run r = {0};
	snprintf(d, sizeof d, "%s/ro", t->dir);
	snprintf(db, sizeof db, "%s/ro/jx.db", t->dir);
	/* a copy of the program the user nobody can reach */
	snprintf(J, sizeof J, "%s/jixiao", t->dir);
	copy_file(J0, J, 0755);
	assert_int_equal(mkdir(d, 0755), 0);
	jx_run(&r, t, J, 0, db, "import", sample(JIANGMEN), sample(JINGDEZHEN), NULL);
	expect(&r, 0, "import");
	cli_free(&r);
	if (getuid() == 0) {
		assert_int_equal(chown(d, NOBODY, NOBODY), 0);
		assert_int_equal(chown(db, NOBODY, NOBODY), 0);
	}
	assert_int_equal(chmod(d, 0555), 0);
	file_sha256(db, h0);
	jx_run(&r, t, J, 1, db, "list", NULL);
	expect(&r, 0, "list");
	assert_contains(r.o, "工业发展管理经费");
	assert_contains(r.o, "2023年工业发展专项资金");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "show", "2", NULL);
	expect(&r, 0, "show");
	assert_contains(r.o, "景德镇市工业和信息化局");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "score", "2", NULL);
	expect(&r, 0, "score");
	/* 1659 ÷ 1717 = 0.966220… → 96.62% */
	assert_contains(r.o, "96.62%");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "verify", NULL);
	expect(&r, 0, "verify");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "set", "2", "info:manager", "某人", NULL);
	expect(&r, 4, "set");
	assert_contains(r.e, "目录只读");
	cli_free(&r);
	jx_run(&r, t, J, 1, db, "finalise", "2", NULL);
	expect(&r, 4, "finalise");
	assert_contains(r.e, "只读");
	cli_free(&r);
	file_sha256(db, h1);
	assert_string_equal(h0, h1);
	{
		char *l = listing(d);
		assert_string_equal(l, "jx.db\n");
		free(l);
	}
	chmod(d, 0755);
}

/* Sheet names with / and .. never become paths: each export writes the one
 * file it was asked for, and its temporary files are gone afterwards. */
static void test_cli_exports_stay_where_asked(void **state)
{
	tmpdb *t = *state;
	const char *J = jixiao_bin();
	static const char *const formats[] = {"yaml", "xlsx", "csv", "html", "md", "report-html"};
	char out[300], tmp[300], home[300], *l0, *l1;
	cli_run r = {0};
	jx_run(&r, t, J, 0, t->db, "import", sample(JINGDEZHEN), sample(JIANGMEN), NULL);
	expect(&r, 0, "import");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:name", "../../逃逸/..", NULL);
	expect(&r, 0, "a name with ..");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "2", "info:name", "/tmp/x/../y", NULL);
	expect(&r, 0, "a name with /");
	cli_free(&r);
	jx_run(&r, t, J, 0, t->db, "set", "1", "info:unit", "a/b\\c", NULL);
	expect(&r, 0, "a unit with / and \\");
	cli_free(&r);
	snprintf(out, sizeof out, "%s/out", t->dir);
	snprintf(tmp, sizeof tmp, "%s/tmp", t->dir);
	snprintf(home, sizeof home, "%s/home", t->dir);
	assert_int_equal(mkdir(out, 0755), 0);
	assert_int_equal(mkdir(tmp, 0755), 0);
	assert_int_equal(mkdir(home, 0755), 0);
	setenv("TMPDIR", tmp, 1);
	setenv("HOME", home, 1);
	l0 = listing(t->dir);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		char file[400], want[64];
		snprintf(file, sizeof file, "%s/e%zu.%s", out, i, formats[i]);
		jx_run(&r, t, J, 0, t->db, "export", "--format", formats[i], "--all", "-o", file, NULL);
		expect(&r, 0, formats[i]);
		cli_free(&r);
		/* out/ holds the files so far, and nothing else */
		l1 = listing(out);
		{
			size_t lines = 0;
			for (char *q = l1; *q; q++)
				lines += *q == '\n';
			assert_int_equal(lines, i + 1);
		}
		snprintf(want, sizeof want, "e%zu.%s\n", i, formats[i]);
		assert_contains(l1, want);
		free(l1);
		l1 = listing(tmp);
		assert_string_equal(l1, "");
		free(l1);
		l1 = listing(home);
		assert_string_equal(l1, "");
		free(l1);
	}
	unsetenv("TMPDIR");
	unsetenv("HOME");
	/* beside the database only what was there */
	l1 = listing(t->dir);
	assert_string_equal(l0, l1);
	free(l0);
	free(l1);
	/* where the names would lead if they were paths */
	{
		char esc[400];
		snprintf(esc, sizeof esc, "%s/../../逃逸", out);
		assert_false(exists(esc));
		assert_false(exists("逃逸"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest_canonical_form),
		cmocka_unit_test(test_digest_covers_the_content),
		cmocka_unit_test_setup_teardown(test_finalise_records_and_refuses_every_edit, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_triggers_guard_the_content, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_reopen_needs_a_reason_and_is_audited, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_finalise_refusals, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_verify_finds_changes_behind_the_back, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_finalised_sheets_arriving, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_upgrade_seals_final_sheets_and_keeps_0600, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_new_database_is_private, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_audit_rows_cannot_change, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_full_disk, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_truncated_and_foreign_files_left_alone, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_readonly_file_and_directory, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_readonly_directory_with_pending_log, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_finalise_verify_reopen, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_history, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_bundle_cannot_change_a_finalised_sheet, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_readonly_directory, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_cli_exports_stay_where_asked, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
