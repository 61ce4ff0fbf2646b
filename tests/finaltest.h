/* What the tests of finalised sheets and of database files share
 * (tests/test_final*.c): temporary folders, files, sheets built in C, the
 * store through its API and the command line through the real binary. */
#ifndef JX_TEST_FINALTEST_H
#define JX_TEST_FINALTEST_H

#include "testutil.h"
#include "rawdb.h"
#include "store_calls.h"

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

static inline int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static inline int rm_chmod(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
		chmod(p, 0755);
	else if (S_ISREG(sb->st_mode))
		chmod(p, 0644);
	return 0;
}

static inline int setup_dir(void **state)
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

static inline int teardown_dir(void **state)
{
	tmpdb *t = *state;
	nftw(t->dir, rm_chmod, 16, FTW_PHYS);
	nftw(t->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

static inline int exists(const char *p)
{
	struct stat sb;
	return lstat(p, &sb) == 0;
}

static inline void file_sha256(const char *path, char hex[65])
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

static inline char *slurp(const char *path)
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

static inline void copy_file(const char *from, const char *to, mode_t mode)
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
static inline char *listing(const char *dir)
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

static inline void assert_contains(const char *msg, const char *phrase)
{
	if (!strstr(msg, phrase)) {
		print_error("\"%s\" lacks \"%s\"\n", msg, phrase);
		fail();
	}
}

/* ---- raw SQLite: the file behind the program's back ---- */

static inline int raw_exec(sqlite3 *db, const char *sql, char *msg, size_t len)
{
	char *m = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &m);
	if (msg)
		snprintf(msg, len, "%s", m ? m : "");
	sqlite3_free(m);
	return rc;
}

/* ---- sheets built in C ---- */

static inline jx_sheet *full_sheet(const char *uid, const char *name)
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

static inline void finalise_ok(jx_store *st, jx_sheet *s)
{
	jx_err err = {{0}};
	if (jx_store_finalise(st, s, "审定人", &err) != 0) {
		print_error("finalise: %s\n", err.msg);
		fail();
	}
}

static inline int verify_state(jx_store *st, int64_t id, char stored[65], char now[65])
{
	jx_err err = {{0}};
	int state = -1;
	if (jx_store_verify(st, id, &state, stored, now, &err) != 0) {
		print_error("verify: %s\n", err.msg);
		fail();
	}
	return state;
}

static inline void final_msg(char *buf, size_t len, int64_t id)
{
	snprintf(buf, len, FINAL_MSG, (long long)id);
}

/* ---- the command line ---- */

/* The binary under test: the sanitizer build's own when this test is one. */
static inline const char *jixiao_bin(void)
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

static inline void drop_to_nobody(void)
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
static inline int run_prog(char *const argv[], const char *outf, const char *errf, int as_nobody)
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

static inline void cli_free(cli_run *r)
{
	free(r->o);
	free(r->e);
	r->o = r->e = NULL;
}

/* jixiao --db DB --user tester ARGS... (NULL-terminated), in t->dir. */
static inline int jx_run(cli_run *r, const tmpdb *t, const char *bin, int as_nobody, const char *db, ...)
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

static inline void expect(cli_run *r, int code, const char *what)
{
	if (r->code != code) {
		print_error("%s: exit %d, expected %d\nstdout: %s\nstderr: %s\n", what, r->code, code, r->o, r->e);
		cli_free(r);
		fail();
	}
}

static inline const char *sample(const char *name)
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

#endif
