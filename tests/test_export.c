/* Export: safe file writing, file names from sheet text, CSV bytes and
 * encodings, HTML well-formedness, the report draft, the xlsx form. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "testutil.h"

#include "export.h"
#include "export_ops.h"
#include "xform.h"
#include "safefile.h"
#include "sheetio.h"
#include "store.h"
#include "textwidth.h"

#define JIANGMEN JX_SAMPLES "/jiangmen-2022-project-self.yaml"

typedef struct {
	jx_templates set;
	jx_sheet **sheets;
	size_t n;
	char dir[64];
} fixture;

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	jx_err err = {{0}};
	if (!fx)
		return -1;
	if (jx_templates_load_builtin(&fx->set, &err) != 0 ||
	    jx_sheets_read(JIANGMEN, &fx->set, &fx->sheets, &fx->n, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		jx_templates_free(&fx->set);
		free(fx);
		return -1;
	}
	strcpy(fx->dir, "/tmp/jx-export-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		jx_sheets_free(fx->sheets, fx->n);
		jx_templates_free(&fx->set);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static int teardown(void **state)
{
	fixture *fx = *state;
	remove_tree(fx->dir);
	jx_sheets_free(fx->sheets, fx->n);
	jx_templates_free(&fx->set);
	free(fx);
	return 0;
}

static char *path_in(const fixture *fx, const char *name)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s/%s", fx->dir, name);
	return buf;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = (size_t)n;
	}
	return buf;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Entries in a directory other than . and .. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* ---- safefile ---- */

static void test_safefile_existing_refused(void **state)
{
	fixture *fx = *state;
	jx_safefile sf;
	jx_err err = {{0}};
	char *p = strdup(path_in(fx, "a.txt")), *got;

	write_text(p, "old");
	assert_int_equal(jx_safefile_open(&sf, p, 0, &err), -1);
	assert_non_null(strstr(err.msg, "文件已存在"));
	assert_non_null(strstr(err.msg, "--force"));
	got = read_all(p, NULL);
	assert_string_equal(got, "old");
	free(got);
	assert_int_equal(count_entries(fx->dir), 1);

	/* forced: replaced only at commit */
	assert_int_equal(jx_safefile_open(&sf, p, 1, &err), 0);
	fputs("new", sf.f);
	got = read_all(p, NULL);
	assert_string_equal(got, "old");
	free(got);
	assert_int_equal(jx_safefile_commit(&sf, &err), 0);
	got = read_all(p, NULL);
	assert_string_equal(got, "new");
	free(got);
	assert_int_equal(count_entries(fx->dir), 1);
	unlink(p);
	free(p);
}

static void test_safefile_abort_leaves_nothing(void **state)
{
	fixture *fx = *state;
	jx_safefile sf;
	jx_err err = {{0}};
	char *p = strdup(path_in(fx, "b.txt"));

	assert_int_equal(jx_safefile_open(&sf, p, 0, &err), 0);
	fputs("partial", sf.f);
	assert_int_equal(count_entries(fx->dir), 1); /* the temporary file */
	jx_safefile_abort(&sf);
	assert_int_equal(count_entries(fx->dir), 0);
	jx_safefile_abort(&sf); /* twice is harmless */
	free(p);
}

/* The target appearing while the file is being written is not overwritten
 * without --force. */
static void test_safefile_race_refused(void **state)
{
	fixture *fx = *state;
	jx_safefile sf;
	jx_err err = {{0}};
	char *p = strdup(path_in(fx, "c.txt")), *got;

	assert_int_equal(jx_safefile_open(&sf, p, 0, &err), 0);
	fputs("mine", sf.f);
	write_text(p, "theirs");
	assert_int_equal(jx_safefile_commit(&sf, &err), -1);
	assert_non_null(strstr(err.msg, "文件已存在"));
	got = read_all(p, NULL);
	assert_string_equal(got, "theirs");
	free(got);
	assert_int_equal(count_entries(fx->dir), 1);
	unlink(p);
	free(p);
}

static void test_safefile_missing_dir(void **state)
{
	fixture *fx = *state;
	jx_safefile sf;
	jx_err err = {{0}};
	char p[512];
	snprintf(p, sizeof p, "%s/no-such-dir/x.csv", fx->dir);
	assert_int_equal(jx_safefile_open(&sf, p, 0, &err), -1);
	assert_non_null(strstr(err.msg, "目录不存在"));
	assert_non_null(strstr(err.msg, "no-such-dir"));
}

/* A path under a regular file cannot be written, even by root. */
static void test_safefile_dir_is_a_file(void **state)
{
	fixture *fx = *state;
	jx_safefile sf;
	jx_err err = {{0}};
	char p[512];
	write_text(path_in(fx, "plain"), "x");
	snprintf(p, sizeof p, "%s/plain/x.csv", fx->dir);
	assert_int_equal(jx_safefile_open(&sf, p, 0, &err), -1);
	assert_non_null(strstr(err.msg, "不是目录"));
	unlink(path_in(fx, "plain"));
}

static void test_safefile_target_is_dir(void **state)
{
	fixture *fx = *state;
	jx_safefile sf;
	jx_err err = {{0}};
	assert_int_equal(jx_safefile_open(&sf, fx->dir, 1, &err), -1);
	assert_non_null(strstr(err.msg, "目录"));
}

/* A read-only file system refuses everybody, root included.  Needs the
 * right to mount (root in CI); skipped elsewhere. */
static void test_safefile_readonly_dir(void **state)
{
	fixture *fx = *state;
	jx_safefile sf;
	jx_err err = {{0}};
	char mnt[512], p[600];
	snprintf(mnt, sizeof mnt, "%s/ro", fx->dir);
	assert_int_equal(mkdir(mnt, 0755), 0);
	if (mount("tmpfs", mnt, "tmpfs", MS_RDONLY, "size=16k") != 0) {
		rmdir(mnt);
		skip();
	}
	snprintf(p, sizeof p, "%s/x.csv", mnt);
	assert_int_equal(jx_safefile_open(&sf, p, 0, &err), -1);
	assert_non_null(strstr(err.msg, "不可写"));
	umount(mnt);
	rmdir(mnt);
}

/* A full disk: the message says so and nothing is left. */
static void test_export_full_disk(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	char mnt[512], p[600];
	snprintf(mnt, sizeof mnt, "%s/full", fx->dir);
	assert_int_equal(mkdir(mnt, 0755), 0);
	if (mount("tmpfs", mnt, "tmpfs", 0, "size=8k") != 0) {
		rmdir(mnt);
		skip();
	}
	snprintf(p, sizeof p, "%s/j.html", mnt);
	assert_int_equal(jx_export(JX_EXPORT_HTML, &fx->set, fx->sheets, fx->n, p, 0, &err), -1);
	assert_non_null(strstr(err.msg, "磁盘已满"));
	assert_int_equal(count_entries(mnt), 0);
	snprintf(p, sizeof p, "%s/j.xlsx", mnt);
	memset(&err, 0, sizeof err);
	assert_int_equal(jx_export(JX_EXPORT_XLSX, &fx->set, fx->sheets, fx->n, p, 0, &err), -1);
	assert_non_null(strstr(err.msg, "磁盘已满"));
	assert_int_equal(count_entries(mnt), 0);
	umount(mnt);
	rmdir(mnt);
}

/* ---- file names ---- */

static void test_safe_filename(void **state)
{
	char buf[256];
	(void)state;
	assert_string_equal(jx_safe_filename("../a/b", buf, sizeof buf), "ab");
	assert_string_equal(jx_safe_filename("..\\..\\etc\\passwd", buf, sizeof buf), "etcpasswd");
	assert_string_equal(jx_safe_filename(".hidden", buf, sizeof buf), "hidden");
	assert_string_equal(jx_safe_filename("江门/工信局 2022", buf, sizeof buf), "江门工信局 2022");
	assert_string_equal(jx_safe_filename("a\tb\nc\x01", buf, sizeof buf), "abc");
	assert_string_equal(jx_safe_filename("x:y*z?\"<>|", buf, sizeof buf), "xyz");
	assert_string_equal(jx_safe_filename("a\xff" "b", buf, sizeof buf), "a_b");
	assert_string_equal(jx_safe_filename("...", buf, sizeof buf), "未命名");
	assert_string_equal(jx_safe_filename(NULL, buf, sizeof buf), "未命名");
	/* cut at a character boundary: "项目" is 6 bytes, room for 5 + NUL keeps one character */
	assert_string_equal(jx_safe_filename("项目", buf, 6), "项");
	{
		char long_name[1200];
		for (int i = 0; i < 400; i++)
			memcpy(long_name + i * 3, "项", 3);
		long_name[1200 - 1] = '\0';
		jx_safe_filename(long_name, buf, sizeof buf);
		assert_true(strlen(buf) <= 200);
		assert_int_equal(strlen(buf) % 3, 0);
		assert_true(jx_utf8_valid(buf, strlen(buf)));
	}
}

static void test_default_name(void **state)
{
	fixture *fx = *state;
	char buf[256];
	const jx_template *t = jx_templates_find(&fx->set, fx->sheets[0]->template_id);
	assert_string_equal(jx_export_default_name(fx->sheets[0], t, JX_EXPORT_XLSX, buf, sizeof buf),
			    "2022-工业发展管理经费-自评表.xlsx");
	assert_string_equal(jx_export_default_name(fx->sheets[0], t, JX_EXPORT_REPORT_MD, buf, sizeof buf),
			    "2022-工业发展管理经费-评价报告.md");
	assert_string_equal(jx_export_default_name(NULL, NULL, JX_EXPORT_CSV, buf, sizeof buf), "jixiao-export.csv");
}

static void test_format_names(void **state)
{
	jx_export_format f;
	jx_err err = {{0}};
	(void)state;
	assert_int_equal(jx_export_format_parse("xlsx", &f, &err), 0);
	assert_int_equal(f, JX_EXPORT_XLSX);
	assert_int_equal(jx_export_format_parse("md", &f, &err), 0);
	assert_int_equal(f, JX_EXPORT_REPORT_MD);
	assert_int_equal(jx_export_format_parse("report-html", &f, &err), 0);
	assert_int_equal(f, JX_EXPORT_REPORT_HTML);
	assert_int_equal(jx_export_format_parse("pdf", &f, &err), -1);
	assert_non_null(strstr(err.msg, "pdf"));
}

/* ---- CSV ---- */

static void test_csv_bytes(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	jx_sheet *s = jx_sheet_clone(fx->sheets[0]);
	char *p = strdup(path_in(fx, "q.csv")), *data;
	size_t len;

	assert_non_null(s);
	assert_int_equal(jx_set_str(&s->info[JX_INFO_NAME], "工业,\"发展\"经费"), 0);
	assert_int_equal(jx_set_str(&jx_sheet_ind(s, "r25")->deviation_reason, "第一行\n第二行"), 0);
	assert_int_equal(jx_export(JX_EXPORT_CSV, &fx->set, &s, 1, p, 0, &err), 0);
	data = read_all(p, &len);
	assert_non_null(data);
	assert_memory_equal(data, "\xEF\xBB\xBF", 3);
	/* RFC 4180: the comma and the quotes force quoting, quotes doubled */
	assert_non_null(strstr(data, "项目名称,\"工业,\"\"发展\"\"经费\","));
	/* a multi-line cell is quoted with its line break inside */
	assert_non_null(strstr(data, ",\"第一行\n第二行\"\r\n"));
	/* rows end in CRLF */
	/* ten columns: the indicators name their 二级项目/分项目 */
	assert_non_null(strstr(data, "（2022年度）,,,,,,,,,\r\n"));
	/* the execution row: 480.82 ÷ 1935 = 0.248485… → 24.85%; score 0.248485… × 10 = 2.48;
	 * points shown as 0.00 like the scores */
	assert_non_null(strstr(data, ",年度资金总额,,,1935.00,1935.00,480.82,10.00,24.85%,2.48\r\n"));
	/* every source of the template, — where the sheet has none */
	assert_non_null(strstr(data, ",上年结转资金,,,—,—,—,—,,—\r\n"));
	free(data);
	unlink(p);
	free(p);
	jx_sheet_free(s);
}

static void test_gb18030(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	char *out = NULL, *data;
	size_t len = 0;
	char *p = strdup(path_in(fx, "gb.csv"));
	jx_sheet *s;

	/* 项 = CF EE, 目 = C4 BF in GB2312/GBK/GB18030 (checked with iconv -t GB18030) */
	assert_int_equal(jx_to_gb18030("项目", strlen("项目"), &out, &len, &err), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(out, "\xCF\xEE\xC4\xBF", 4);
	free(out);

	/* U+E78D (a private-use character) has no GB18030 code in glibc */
	assert_int_equal(jx_to_gb18030("a\nb\xEE\x9E\x8D", 6, &out, &len, &err), -1);
	assert_null(out);
	assert_non_null(strstr(err.msg, "U+E78D"));
	assert_non_null(strstr(err.msg, "第 2 行"));

	/* the whole export: GB18030 without a byte-order mark */
	assert_int_equal(jx_export(JX_EXPORT_CSV, &fx->set, fx->sheets, 1, p, JX_EXPORT_GB18030, &err), 0);
	data = read_all(p, &len);
	assert_non_null(data);
	/* 项目支出绩效自评表: 项 CF EE, 目 C4 BF first */
	assert_memory_equal(data, "\xCF\xEE\xC4\xBF", 4);
	free(data);
	unlink(p);

	/* a character GB18030 cannot hold: refused, no file */
	s = jx_sheet_clone(fx->sheets[0]);
	assert_int_equal(jx_set_str(&s->narr[JX_NARR_OTHER], "x\xEE\x9E\x8D"), 0);
	assert_int_equal(jx_set_str(&s->info[JX_INFO_NAME], "名称\xEE\x9E\x8D"), 0);
	assert_int_equal(jx_export(JX_EXPORT_CSV, &fx->set, &s, 1, p, JX_EXPORT_GB18030, &err), -1);
	assert_non_null(strstr(err.msg, "U+E78D"));
	assert_int_equal(count_entries(fx->dir), 0);
	jx_sheet_free(s);
	free(p);
}

/* ---- HTML ---- */

/* A tiny checker: every tag closed in order, void elements excepted, no
 * stray '<' or '&' in text, attribute values quoted. */
static int html_balanced(const char *s, char *why, size_t why_len)
{
	static const char *voids[] = {"meta", "col", "br", "hr", "img", "input", "link"};
	char stack[64][16];
	int depth = 0;
	const char *p = s;

	if (strncmp(p, "<!DOCTYPE html>", 15) != 0) {
		snprintf(why, why_len, "no doctype");
		return 0;
	}
	p += 15;
	while (*p) {
		if (*p == '&') {
			const char *semi = strchr(p, ';');
			if (!semi || semi - p > 8) {
				snprintf(why, why_len, "bare & at %ld", (long)(p - s));
				return 0;
			}
			p = semi + 1;
			continue;
		}
		if (*p != '<') {
			if (*p == '>') {
				snprintf(why, why_len, "bare > at %ld", (long)(p - s));
				return 0;
			}
			p++;
			continue;
		}
		{
			int closing = p[1] == '/';
			const char *name = p + 1 + closing, *end;
			char tag[16];
			size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
			int is_void = 0;
			if (n == 0 || n >= sizeof tag) {
				snprintf(why, why_len, "bad tag at %ld", (long)(p - s));
				return 0;
			}
			memcpy(tag, name, n);
			tag[n] = '\0';
			/* scan to '>' honouring quoted attribute values */
			end = name + n;
			while (*end && *end != '>') {
				if (*end == '"') {
					const char *q = strchr(end + 1, '"');
					if (!q) {
						snprintf(why, why_len, "unterminated attribute");
						return 0;
					}
					end = q;
				} else if (*end == '<') {
					snprintf(why, why_len, "'<' inside tag %s", tag);
					return 0;
				}
				end++;
			}
			if (!*end) {
				snprintf(why, why_len, "unterminated tag %s", tag);
				return 0;
			}
			for (size_t i = 0; i < sizeof voids / sizeof voids[0]; i++)
				if (strcmp(tag, voids[i]) == 0)
					is_void = 1;
			if (closing) {
				if (depth == 0 || strcmp(stack[depth - 1], tag) != 0) {
					snprintf(why, why_len, "</%s> closes <%s>", tag, depth ? stack[depth - 1] : "");
					return 0;
				}
				depth--;
			} else if (!is_void) {
				if (depth == 64) {
					snprintf(why, why_len, "too deep");
					return 0;
				}
				strcpy(stack[depth++], tag);
			}
			p = end + 1;
		}
	}
	if (depth) {
		snprintf(why, why_len, "<%s> not closed", stack[depth - 1]);
		return 0;
	}
	return 1;
}

static void test_html_well_formed(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	char *p = strdup(path_in(fx, "t.html")), *data, why[128] = "";
	jx_sheet *v[2];
	size_t len;

	v[0] = jx_sheet_clone(fx->sheets[0]);
	v[1] = jx_sheet_clone(fx->sheets[0]);
	/* text that must be escaped, and bytes from an older database that are
	 * not UTF-8 */
	assert_int_equal(jx_set_str(&v[0]->info[JX_INFO_NAME], "<script>alert(\"x\")</script> & 'y'"), 0);
	free(v[1]->narr[JX_NARR_OTHER]);
	v[1]->narr[JX_NARR_OTHER] = strdup("旧数据\xB9\xA4\xD2\xB5 end");
	free(v[1]->info[JX_INFO_UNIT]);
	v[1]->info[JX_INFO_UNIT] = strdup("单位\xC3");
	for (int fmt = JX_EXPORT_HTML; fmt <= JX_EXPORT_REPORT_HTML; fmt++) {
		if (fmt == JX_EXPORT_REPORT_MD)
			continue;
		assert_int_equal(jx_export((jx_export_format)fmt, &fx->set, v, 2, p, JX_EXPORT_FORCE, &err), 0);
		data = read_all(p, &len);
		assert_non_null(data);
		assert_true(html_balanced(data, why, sizeof why));
		assert_true(jx_utf8_valid(data, len));
		assert_null(strstr(data, "<script"));
		assert_non_null(strstr(data, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"));
		assert_non_null(strstr(data, "单位\xEF\xBF\xBD")); /* U+FFFD for the stray byte */
		assert_non_null(strstr(data, "@page { size: A4"));
		assert_non_null(strstr(data, "page-break-after: always"));
		assert_non_null(strstr(data, "\"Noto Serif CJK SC\""));
		/* nothing fetched from elsewhere */
		assert_null(strstr(data, "http://"));
		assert_null(strstr(data, "https://"));
		assert_null(strstr(data, "<link"));
		free(data);
	}
	/* a page per sheet and one for its 审核意见 (and the summary): 2 × 2 + 1 */
	assert_int_equal(jx_export(JX_EXPORT_HTML, &fx->set, v, 2, p, JX_EXPORT_FORCE, &err), 0);
	data = read_all(p, &len);
	{
		int pages = 0;
		for (const char *q = data; (q = strstr(q, "<div class=\"page\">")); q++)
			pages++;
		assert_int_equal(pages, 5);
	}
	free(data);
	unlink(p);
	free(p);
	jx_sheet_free(v[0]);
	jx_sheet_free(v[1]);
}

/* ---- report ---- */

/* The indicators of Jiangmen whose deviation reason the rules require: r25
 * unmet (5 of 6, W602) and eleven at or above 130% of the target (W603). */
static const char *const jm_reasons[12] = {"r5",  "r16", "r25", "r32", "r33", "r34",
					   "r41", "r42", "r48", "r64", "r65", "r66"};

/* The grade cell of a form: the cell right of the first one whose text is label. */
static const char *form_grade(const jx_xform *f, const char *label)
{
	for (int r = 0; r < f->nrows; r++)
		for (int c = 0; c + 1 < f->ncols; c++) {
			const jx_xcell *x = jx_xform_cell(f, r, c);
			if (x->text && strcmp(x->text, label) == 0) {
				for (int k = c + 1; k < f->ncols; k++)
					if (jx_xform_cell(f, r, k)->text)
						return jx_xform_cell(f, r, k)->text;
			}
		}
	return NULL;
}

/* An incomplete sheet: its form and its summary row say 未完成（N 项未填）
 * where the grade goes; filled in, the grade comes back. */
static void test_incomplete_form_and_summary(void **state)
{
	fixture *fx = *state;
	jx_xsheet xs;
	jx_xform *f;
	jx_xsum *sum = calloc(1, sizeof *sum);
	jx_err err = {{0}};
	jx_sheet *s = jx_sheet_clone(fx->sheets[0]);
	const char *g;

	memset(&xs, 0, sizeof xs);
	assert_int_equal(jx_xsheet_score(&xs, &fx->set, s, NULL, &err), 0);
	f = jx_xform_build(&xs, 1, 0);
	assert_non_null(f);
	g = form_grade(f, "评价等级");
	assert_non_null(g);
	assert_string_equal(g, "未完成（12 项未填）");
	assert_int_equal(jx_xsum_set(sum, &xs, f), 0);
	assert_string_equal(sum->grade, "未完成（12 项未填）");
	assert_int_equal(sum->total, 92320000); /* the total so far: 92.32 × 10^6 */
	jx_xsum_free(sum, 1);
	jx_xform_free(f);

	/* 11 reasons written: 1 left */
	for (size_t i = 0; i < 11; i++)
		assert_int_equal(jx_set_str(&jx_sheet_ind(s, jm_reasons[i])->deviation_reason, "原因"), 0);
	assert_int_equal(jx_xsheet_score(&xs, &fx->set, s, NULL, &err), 0);
	f = jx_xform_build(&xs, 1, 0);
	assert_string_equal(form_grade(f, "评价等级"), "未完成（1 项未填）");
	jx_xform_free(f);

	/* all 12: 92.32 ≥ 90 is 优 */
	assert_int_equal(jx_set_str(&jx_sheet_ind(s, jm_reasons[11])->deviation_reason, "原因"), 0);
	assert_int_equal(jx_xsheet_score(&xs, &fx->set, s, NULL, &err), 0);
	f = jx_xform_build(&xs, 1, 0);
	assert_string_equal(form_grade(f, "评价等级"), "优");
	sum = calloc(1, sizeof *sum);
	assert_int_equal(jx_xsum_set(sum, &xs, f), 0);
	assert_string_equal(sum->grade, "优");
	jx_xsum_free(sum, 1);
	jx_xform_free(f);
	jx_xsheet_free(&xs);
	jx_sheet_free(s);
}

/* Markdown: sheet text cannot inject markup */
static void test_report_md_escaping(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	char *p = strdup(path_in(fx, "e.md")), *data;
	jx_sheet *s = jx_sheet_clone(fx->sheets[0]);

	assert_int_equal(jx_set_str(&s->narr[JX_NARR_OTHER], "# 标题 | *星* <b>x</b>"), 0);
	assert_int_equal(jx_export(JX_EXPORT_REPORT_MD, &fx->set, &s, 1, p, 0, &err), 0);
	data = read_all(p, NULL);
	assert_non_null(strstr(data, "\\# 标题 \\| \\*星\\* \\<b\\>x\\</b\\>"));
	free(data);
	unlink(p);
	free(p);
	jx_sheet_free(s);
}

/* ---- the form and the xlsx ---- */

static void test_form_jiangmen(void **state)
{
	fixture *fx = *state;
	jx_xsheet xs;
	jx_xform *f;
	jx_err err = {{0}};
	char buf[48];
	int found_rate = 0;

	memset(&xs, 0, sizeof xs);
	assert_int_equal(jx_xsheet_score(&xs, &fx->set, fx->sheets[0], NULL, &err), 0);
	f = jx_xform_build(&xs, 1, 0);
	assert_non_null(f);
	assert_string_equal(f->sheet_name, "工业发展管理经费");
	/* the total: 2.48 + 49.84 + 30 + 10 = 92.32, as a formula over the parts */
	assert_true(f->total_row >= 0);
	{
		const jx_xcell *t = jx_xform_cell(f, f->total_row, f->total_col);
		assert_string_equal(jx_xcell_display(t, buf), "92.32");
		assert_non_null(t->formula);
		assert_int_equal(strncmp(t->formula, "=SUM(", 5), 0);
	}
	/* the execution rate: a formula dividing 全年执行数 by 全年预算数 */
	{
		const jx_xcell *r = jx_xform_cell(f, f->rate_row, f->rate_col);
		assert_string_equal(jx_xcell_display(r, buf), "24.85%");
		assert_non_null(r->formula);
		snprintf(buf, sizeof buf, "=ROUND(G%d/F%d,4)", f->rate_row + 1, f->rate_row + 1);
		assert_string_equal(r->formula, buf);
		/* stored as shown: 0.2485, not 0.248485 */
		assert_int_equal(r->value, 248500);
		found_rate = 1;
	}
	assert_true(found_rate);
	/* the title spans the whole width */
	assert_int_equal(jx_xform_cell(f, 0, 0)->colspan, 10);
	assert_string_equal(jx_xform_cell(f, 0, 0)->text, "项目支出绩效自评表");
	/* the indicator table's heading repeats on every page; its columns
	 * need more than A4's width: landscape, printed at full size */
	assert_int_equal(f->head_rows, 1);
	assert_string_equal(jx_xform_cell(f, f->head_first, 4)->text, "三级指标");
	assert_int_equal(f->landscape, 1);
	{
		double pt = 0;
		for (int c = 0; c < f->ncols; c++)
			pt += jx_xcol_pt(f->widths[c]);
		assert_true(pt <= JX_XPAGE_LANDSCAPE_PT);
	}
	/* column widths from the display width: between the layout's bounds */
	for (int c = 0; c < f->ncols; c++) {
		assert_true(f->widths[c] >= f->min_width[c]);
		assert_true(f->widths[c] <= f->max_width[c]);
	}
	jx_xform_free(f);
	jx_xsheet_free(&xs);
}

static void test_xlsx_file(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	char *p = strdup(path_in(fx, "j.xlsx")), *data;
	size_t len;
	jx_sheet *v[2] = {fx->sheets[0], fx->sheets[0]};

	assert_int_equal(jx_export(JX_EXPORT_XLSX, &fx->set, fx->sheets, 1, p, 0, &err), 0);
	data = read_all(p, &len);
	assert_non_null(data);
	assert_true(len > 1000);
	assert_memory_equal(data, "PK\x03\x04", 4);
	free(data);
	/* again: refused, then forced; several sheets (same name twice: the
	 * worksheet names are numbered, so they stay unique) */
	assert_int_equal(jx_export(JX_EXPORT_XLSX, &fx->set, fx->sheets, 1, p, 0, &err), -1);
	assert_non_null(strstr(err.msg, "文件已存在"));
	assert_int_equal(jx_export(JX_EXPORT_XLSX, &fx->set, v, 2, p, JX_EXPORT_FORCE, &err), 0);
	assert_int_equal(count_entries(fx->dir), 1);
	unlink(p);
	free(p);
}

static void test_bad_input(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	jx_sheet *s = jx_sheet_clone(fx->sheets[0]);

	assert_int_equal(jx_export(JX_EXPORT_CSV, &fx->set, fx->sheets, 0, path_in(fx, "n.csv"), 0, &err), -1);
	assert_non_null(strstr(err.msg, "没有要导出的评价表"));
	assert_int_equal(jx_export(JX_EXPORT_XLSX, &fx->set, fx->sheets, 1, "-", 0, &err), -1);
	assert_non_null(strstr(err.msg, "标准输出"));
	assert_int_equal(jx_export(JX_EXPORT_HTML, &fx->set, fx->sheets, 1, path_in(fx, "g.html"), JX_EXPORT_GB18030,
				   &err), -1);
	assert_int_equal(jx_set_str(&s->template_id, "no-such-template"), 0);
	assert_int_equal(jx_export(JX_EXPORT_XLSX, &fx->set, &s, 1, path_in(fx, "u.xlsx"), 0, &err), -1);
	assert_non_null(strstr(err.msg, "no-such-template"));
	assert_int_equal(count_entries(fx->dir), 0);
	jx_sheet_free(s);
}

/* ---- jx_export_stream: sheets handed over one at a time ---- */

#define JINGDEZHEN JX_SAMPLES "/jingdezhen-2023-external.yaml"
#define XINFENG JX_SAMPLES "/xinfeng-2024-dept-eval.yaml"

/* Overwrite every text of a sheet, then free it: a writer that kept a
 * pointer into a sheet after asking for the next one would show "XXXX" (or,
 * under ASan, read freed memory). */
static void poison_str(char *p)
{
	if (p)
		memset(p, 'X', strlen(p));
}

static void poison_free(jx_sheet *s)
{
	if (!s)
		return;
	poison_str(s->uid);
	poison_str(s->template_id);
	poison_str(s->status);
	for (int i = 0; i < JX_INFO_COUNT; i++)
		poison_str(s->info[i]);
	for (int i = 0; i < JX_NARR_COUNT; i++)
		poison_str(s->narr[i]);
	for (size_t i = 0; i < s->n_basis; i++)
		poison_str(s->basis[i]);
	for (size_t i = 0; i < s->n_funds; i++)
		poison_str(s->funds[i].source);
	for (size_t i = 0; i < s->n_subs; i++)
		poison_str(s->subs[i].name);
	for (size_t i = 0; i < s->n_goals; i++) {
		poison_str(s->goals[i].planned);
		poison_str(s->goals[i].actual);
	}
	for (size_t i = 0; i < s->n_inds; i++) {
		jx_indicator *d = &s->inds[i];
		poison_str(d->key);
		poison_str(d->slot);
		poison_str(d->name);
		poison_str(d->subproject);
		poison_str(d->target_text);
		poison_str(d->unit);
		poison_str(d->actual_text);
		poison_str(d->override_reason);
		poison_str(d->deduction_reason);
		poison_str(d->deviation_reason);
	}
	for (size_t i = 0; i < s->n_marks; i++)
		poison_str(s->marks[i].node);
	for (size_t i = 0; i < s->n_entries; i++) {
		poison_str(s->entries[i].node);
		poison_str(s->entries[i].note);
	}
	for (size_t i = 0; i < s->n_measures; i++)
		poison_str(s->measures[i].name);
	for (size_t i = 0; i < s->n_stated; i++) {
		poison_str(s->stated[i].path);
		poison_str(s->stated[i].text);
		poison_str(s->stated[i].source);
	}
	poison_str(s->review_opinion);
	poison_str(s->review_result);
	jx_sheet_free(s);
}

/* The source of a streamed export: a fresh copy of src[i] on call i, the
 * previous copy poisoned and freed; call `fail_at` (1-based, 0 = none)
 * fails with `fail_msg` (or with no message when fail_msg is NULL). */
typedef struct {
	jx_sheet *const *src;
	size_t n;
	size_t calls;
	size_t too_many; /* calls beyond n */
	jx_sheet *cur;
	size_t fail_at;
	const char *fail_msg;
} stream_feed;

static const jx_sheet *feed_next(void *ctx, jx_err *err)
{
	stream_feed *f = ctx;
	poison_free(f->cur);
	f->cur = NULL;
	f->calls++;
	if (f->calls > f->n) {
		f->too_many++;
		jx_err_set(err, "多余的调用", "call beyond n");
		return NULL;
	}
	if (f->calls == f->fail_at) {
		if (f->fail_msg)
			jx_err_set(err, "%s", "%s", f->fail_msg);
		return NULL;
	}
	f->cur = jx_sheet_clone(f->src[f->calls - 1]);
	return f->cur;
}

static void feed_done(stream_feed *f)
{
	poison_free(f->cur);
	f->cur = NULL;
}

/* The three samples of three templates, read from their files. */
typedef struct {
	jx_sheet **jd, **xf;
	size_t njd, nxf;
	jx_sheet *v[3]; /* Jiangmen, Jingdezhen, Xinfeng */
} three;

static void three_load(fixture *fx, three *t)
{
	jx_err err = {{0}};
	memset(t, 0, sizeof *t);
	assert_int_equal(jx_sheets_read(JINGDEZHEN, &fx->set, &t->jd, &t->njd, &err), 0);
	assert_int_equal(jx_sheets_read(XINFENG, &fx->set, &t->xf, &t->nxf, &err), 0);
	assert_int_equal(t->njd, 1);
	assert_int_equal(t->nxf, 1);
	t->v[0] = fx->sheets[0];
	t->v[1] = t->jd[0];
	t->v[2] = t->xf[0];
}

static void three_free(three *t)
{
	jx_sheets_free(t->jd, t->njd);
	jx_sheets_free(t->xf, t->nxf);
}

/* Export sheets v[0..n) both ways — held in memory (jx_export) and streamed
 * (jx_export_stream, each sheet poisoned and freed once the next is asked
 * for) — and check that next() was called exactly n times and that the two
 * files are the same bytes.  Returns the streamed file's content (free it). */
static char *array_equals_stream(fixture *fx, jx_export_format fmt, jx_sheet *const *v, size_t n, int flags)
{
	jx_err err = {{0}};
	stream_feed f = {v, n, 0, 0, NULL, 0, NULL};
	char *a = strdup(path_in(fx, "array.out")), *b = strdup(path_in(fx, "stream.out"));
	char *da, *db;
	size_t la = 0, lb = 0;
	assert_int_equal(jx_export(fmt, &fx->set, v, n, a, flags, &err), 0);
	assert_int_equal(jx_export_stream(fmt, &fx->set, n, feed_next, &f, b, flags, &err), 0);
	feed_done(&f);
	/* next() called exactly n times, never beyond */
	assert_int_equal(f.calls, n);
	assert_int_equal(f.too_many, 0);
	da = read_all(a, &la);
	db = read_all(b, &lb);
	assert_non_null(da);
	assert_non_null(db);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	free(da);
	unlink(a);
	unlink(b);
	free(a);
	free(b);
	return db;
}

/* Each text format streamed gives the very bytes of jx_export over the same
 * sheets held in memory: the order is kept and nothing of a freed sheet is
 * read (a poisoned sheet's text would show as XXXX). */
static void test_stream_equals_array(void **state)
{
	fixture *fx = *state;
	static const jx_export_format fmts[] = {JX_EXPORT_CSV, JX_EXPORT_HTML, JX_EXPORT_REPORT_MD,
						JX_EXPORT_REPORT_HTML};
	three t;
	three_load(fx, &t);
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++)
		for (size_t n = 1; n <= 3; n++) {
			char *db = array_equals_stream(fx, fmts[k], t.v, n, 0);
			assert_null(strstr(db, "XXXX"));
			free(db);
		}
	three_free(&t);
}

/* CSV of two streamed sheets, byte for byte as jx_export writes them, and
 * in the order given (Jiangmen's table first, then Jingdezhen's, then the
 * summary); also in GB18030. */
static void test_stream_csv_two(void **state)
{
	fixture *fx = *state;
	three t;
	three_load(fx, &t);
	for (int gb = 0; gb <= 1; gb++) {
		char *db = array_equals_stream(fx, JX_EXPORT_CSV, t.v, 2, gb ? JX_EXPORT_GB18030 : 0);
		if (!gb) {
			/* 工业发展管理经费 (Jiangmen) before 2023年工业发展专项资金 (Jingdezhen) */
			char *jm = strstr(db, "工业发展管理经费"), *jd = strstr(db, "2023年工业发展专项资金");
			assert_non_null(jm);
			assert_non_null(jd);
			assert_true(jm < jd);
			assert_null(strstr(db, "XXXX"));
		}
		free(db);
	}
	three_free(&t);
}

/* xlsx streamed: next() called n times, a workbook written. */
static void test_stream_xlsx(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	three t;
	stream_feed f;
	char *p = strdup(path_in(fx, "s.xlsx")), *data;
	size_t len = 0;
	three_load(fx, &t);
	f = (stream_feed){t.v, 3, 0, 0, NULL, 0, NULL};
	assert_int_equal(jx_export_stream(JX_EXPORT_XLSX, &fx->set, 3, feed_next, &f, p, 0, &err), 0);
	feed_done(&f);
	assert_int_equal(f.calls, 3);
	assert_int_equal(f.too_many, 0);
	data = read_all(p, &len);
	assert_non_null(data);
	assert_memory_equal(data, "PK\x03\x04", 4);
	free(data);
	unlink(p);
	free(p);
	assert_int_equal(count_entries(fx->dir), 0);
	three_free(&t);
}

/* The tricks around libxlsxwriter still apply (src/xlsx_arrays.c,
 * src/xlsx_tmpfile.c): a workbook of three sheets has six worksheets
 * (汇总, 审核意见, one a sheet and the hidden data jixiao-data), each with
 * its row array from the pool,
 * all given back when the workbook is closed; their rows wait in one
 * temporary file, not five; and every part of the zip (the count its end
 * record gives) was assembled in memory, not in a file of its own. */
static void test_xlsx_lean_temporaries(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	three t;
	stream_feed f;
	char *p = strdup(path_in(fx, "lean.xlsx")), *data;
	size_t len = 0;
	unsigned long arrays = jx_xlsx_arrays_taken(), mem = jx_xlsx_tmpfiles_in_memory(),
		      disk = jx_xlsx_tmpfiles_on_disk();
	three_load(fx, &t);
	f = (stream_feed){t.v, 3, 0, 0, NULL, 0, NULL};
	assert_int_equal(jx_export_stream(JX_EXPORT_XLSX, &fx->set, 3, feed_next, &f, p, 0, &err), 0);
	feed_done(&f);
	assert_int_equal(jx_xlsx_arrays_taken() - arrays, 6);
	assert_int_equal(jx_xlsx_arrays_live(), 0);
	assert_int_equal(jx_xlsx_tmpfiles_on_disk() - disk, 1);
	data = read_all(p, &len);
	assert_non_null(data);
	/* the end of central directory record: 22 bytes (no comment), the
	 * number of entries at offset 10, little-endian */
	assert_true(len > 22);
	assert_memory_equal(data + len - 22, "PK\x05\x06", 4);
	assert_int_equal(jx_xlsx_tmpfiles_in_memory() - mem,
			 (unsigned char)data[len - 12] | (unsigned char)data[len - 11] << 8);
	assert_true(jx_xlsx_tmpfiles_in_memory() - mem >= 5 + 4); /* the worksheets, workbook, styles… */
	free(data);
	unlink(p);
	free(p);
	three_free(&t);
}

/* next() failing on its second call: the export fails with next()'s own
 * message, in every format, and leaves nothing behind (no file, no
 * temporary file); an existing file replaced with JX_EXPORT_FORCE is kept
 * as it was.  next() failing without a message gets one. */
static void test_stream_next_fails(void **state)
{
	fixture *fx = *state;
	static const struct {
		jx_export_format fmt;
		int flags;
	} runs[] = {
		{JX_EXPORT_XLSX, 0},	    {JX_EXPORT_CSV, 0},		{JX_EXPORT_CSV, JX_EXPORT_GB18030},
		{JX_EXPORT_HTML, 0},	    {JX_EXPORT_REPORT_MD, 0}, {JX_EXPORT_REPORT_HTML, 0},
	};
	const char *msg = "数据库中指标“r1”的计算符号“??”无效";
	jx_err err = {{0}};
	three t;
	three_load(fx, &t);
	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		char *p = strdup(path_in(fx, "out.file")), *data;
		stream_feed f = {t.v, 3, 0, 0, NULL, 2, msg};

		/* no file there */
		memset(&err, 0, sizeof err);
		assert_int_equal(jx_export_stream(runs[k].fmt, &fx->set, 3, feed_next, &f, p, runs[k].flags, &err), -1);
		feed_done(&f);
		assert_string_equal(err.msg, msg);
		assert_int_equal(f.calls, 2); /* nothing asked for after the failure */
		assert_int_equal(count_entries(fx->dir), 0);

		/* a file there, replaced with force: kept whole */
		write_text(p, "old content\n");
		f = (stream_feed){t.v, 3, 0, 0, NULL, 2, msg};
		assert_int_equal(jx_export_stream(runs[k].fmt, &fx->set, 3, feed_next, &f, p,
						  runs[k].flags | JX_EXPORT_FORCE, &err),
				 -1);
		feed_done(&f);
		assert_string_equal(err.msg, msg);
		assert_int_equal(count_entries(fx->dir), 1);
		data = read_all(p, NULL);
		assert_non_null(data);
		assert_string_equal(data, "old content\n");
		free(data);

		/* failing without a message: the export says what happened */
		f = (stream_feed){t.v, 3, 0, 0, NULL, 3, NULL};
		assert_int_equal(jx_export_stream(runs[k].fmt, &fx->set, 3, feed_next, &f, p,
						  runs[k].flags | JX_EXPORT_FORCE, &err),
				 -1);
		feed_done(&f);
		assert_string_equal(err.msg, "评价表不足：应有 3 张");
		assert_int_equal(count_entries(fx->dir), 1);
		data = read_all(p, NULL);
		assert_string_equal(data, "old content\n");
		free(data);
		unlink(p);
		free(p);
	}
	three_free(&t);
}

/* A sheet of an unknown template, reached second: a clear message naming
 * the sheet and the template, and no file. */
static void test_stream_unknown_template(void **state)
{
	fixture *fx = *state;
	static const jx_export_format fmts[] = {JX_EXPORT_XLSX, JX_EXPORT_CSV, JX_EXPORT_HTML, JX_EXPORT_REPORT_MD};
	jx_err err = {{0}};
	jx_sheet *odd = jx_sheet_clone(fx->sheets[0]);
	jx_sheet *v[2];
	assert_non_null(odd);
	assert_int_equal(jx_set_str(&odd->template_id, "guangdong-2099"), 0);
	v[0] = fx->sheets[0];
	v[1] = odd;
	for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
		stream_feed f = {v, 2, 0, 0, NULL, 0, NULL};
		assert_int_equal(jx_export_stream(fmts[k], &fx->set, 2, feed_next, &f, path_in(fx, "u.out"), 0, &err), -1);
		feed_done(&f);
		assert_string_equal(err.msg, "评价表“工业发展管理经费”使用的模板不存在：guangdong-2099");
		assert_int_equal(count_entries(fx->dir), 0);
	}
	jx_sheet_free(odd);
}

/* n = 0 or no next(): refused before anything is written. */
static void test_stream_nothing(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	stream_feed f = {fx->sheets, 1, 0, 0, NULL, 0, NULL};
	assert_int_equal(jx_export_stream(JX_EXPORT_CSV, &fx->set, 0, feed_next, &f, path_in(fx, "z.csv"), 0, &err), -1);
	assert_string_equal(err.msg, "没有要导出的评价表");
	assert_int_equal(jx_export_stream(JX_EXPORT_CSV, &fx->set, 1, NULL, &f, path_in(fx, "z.csv"), 0, &err), -1);
	assert_string_equal(err.msg, "没有要导出的评价表");
	assert_int_equal(f.calls, 0);
	assert_int_equal(count_entries(fx->dir), 0);
}

/* The previous-year sheet of a streamed export: prev(ctx, s) gives it for
 * Jiangmen's sheet and NULL for any other; the calls it saw. */
typedef struct {
	stream_feed feed;
	const jx_sheet *jiangmen_2021;
	size_t calls;
	int saw_current; /* every s it was given was the sheet next() had just returned */
} prev_feed;

static const jx_sheet *prev_feed_next(void *ctx, jx_err *err)
{
	return feed_next(&((prev_feed *)ctx)->feed, err);
}

static const jx_sheet *prev_feed_prev(void *ctx, const jx_sheet *s)
{
	prev_feed *p = ctx;
	p->calls++;
	if (s != p->feed.cur)
		p->saw_current = 0;
	return s->info[JX_INFO_NAME] && strcmp(s->info[JX_INFO_NAME], "工业发展管理经费") == 0 ? p->jiangmen_2021 : NULL;
}

/* The 问题数 (findings) of summary row `row` in an exported CSV: the last
 * field of the line "row,name,…" after the summary's title. */
/* jx_export_stream_prev: each sheet's checks run against the previous-year
 * sheet prev() gives, and the summary's findings count it, as the list of
 * sheets does.  Jiangmen 2022 has 14 findings of its own (the W203, W602,
 * W603 and W701 of `jixiao check` on the sample).  Its 2021 sheet here is a
 * copy with every actual value removed but that of 参会企业数量 (r5: 25个),
 * so that one indicator can be compared: this year's target ≥18个 is below
 * last year's 25个, one W1301 more — 15.  Jingdezhen, given no previous
 * year, keeps its count; without prev (jx_export_stream) Jiangmen has 14. */
static void test_stream_prev_year(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	three t;
	prev_feed p;
	jx_sheet *prev = jx_sheet_clone(fx->sheets[0]);
	char *path = strdup(path_in(fx, "prev.csv")), *csv, *report;
	long jd_without;
	size_t r5 = 0;

	assert_non_null(prev);
	three_load(fx, &t);
	prev->year = fx->sheets[0]->year - 1;
	for (size_t i = 0; i < prev->n_inds; i++)
		if (prev->inds[i].key && strcmp(prev->inds[i].key, "r5") == 0)
			r5++;
		else
			prev->inds[i].actual = JX_NONE;
	assert_int_equal(r5, 1);

	/* without a previous year: 14 */
	p = (prev_feed){{t.v, 2, 0, 0, NULL, 0, NULL}, prev, 0, 1};
	assert_int_equal(jx_export_stream(JX_EXPORT_CSV, &fx->set, 2, prev_feed_next, &p, path, 0, &err), 0);
	feed_done(&p.feed);
	csv = read_all(path, NULL);
	assert_non_null(csv);
	assert_int_equal(summary_findings(csv, 1, "工业发展管理经费"), 14);
	jd_without = summary_findings(csv, 2, "2023年工业发展专项资金");
	free(csv);
	unlink(path);

	/* with it: 14 + the W1301 of 参会企业数量 = 15; prev() asked once a sheet */
	p = (prev_feed){{t.v, 2, 0, 0, NULL, 0, NULL}, prev, 0, 1};
	assert_int_equal(
		jx_export_stream_prev(JX_EXPORT_CSV, &fx->set, 2, prev_feed_next, prev_feed_prev, &p, path, 0, &err), 0);
	feed_done(&p.feed);
	assert_int_equal(p.calls, 2);
	assert_true(p.saw_current);
	csv = read_all(path, NULL);
	assert_non_null(csv);
	assert_int_equal(summary_findings(csv, 1, "工业发展管理经费"), 15);
	assert_int_equal(summary_findings(csv, 2, "2023年工业发展专项资金"), jd_without);
	free(csv);
	unlink(path);

	/* the report lists it among the findings */
	p = (prev_feed){{t.v, 1, 0, 0, NULL, 0, NULL}, prev, 0, 1};
	assert_int_equal(jx_export_stream_prev(JX_EXPORT_REPORT_MD, &fx->set, 1, prev_feed_next, prev_feed_prev, &p,
					       path, 0, &err),
			 0);
	feed_done(&p.feed);
	report = read_all(path, NULL);
	assert_non_null(report);
	assert_non_null(strstr(report, "参会企业数量：本年目标 ≥18个，低于上年（2021 年）实际完成 25个"));
	free(report);
	unlink(path);

	free(path);
	jx_sheet_free(prev);
	three_free(&t);
}

/* ---- jx_bundle_write_stream: a bundle written one sheet at a time ---- */

typedef struct {
	jx_sheet *const *src;
	const jx_sheet_history *hist;
	size_t n, calls, fail_at;
	jx_sheet *cur;
	jx_sheet_history h;
} bundle_feed;

static void history_poison_free(jx_sheet_history *h)
{
	for (size_t i = 0; i < h->n; i++) {
		poison_str(h->rows[i].at);
		poison_str(h->rows[i].user);
		poison_str(h->rows[i].field);
		poison_str(h->rows[i].old_value);
		poison_str(h->rows[i].new_value);
		poison_str(h->rows[i].gid);
		poison_str(h->rows[i].origin);
	}
	jx_audit_free(h->rows, h->n);
	h->rows = NULL;
	h->n = 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int bundle_next(void *ctx, const jx_sheet **s, const jx_sheet_history **h, jx_err *err)
{
	bundle_feed *f = ctx;
	const jx_sheet_history *src;
	poison_free(f->cur);
	f->cur = NULL;
	history_poison_free(&f->h);
	f->calls++;
	if (f->calls > f->n || f->calls == f->fail_at) {
		jx_err_set(err, "第 %zu 张读不出来", "sheet %zu cannot be read", f->calls);
		return -1;
	}
	f->cur = jx_sheet_clone(f->src[f->calls - 1]);
	src = &f->hist[f->calls - 1];
	f->h.rows = calloc(src->n + 1, sizeof *f->h.rows);
	assert_non_null(f->h.rows);
	f->h.n = src->n;
	for (size_t i = 0; i < src->n; i++) {
		f->h.rows[i].at = dup_or_null(src->rows[i].at);
		f->h.rows[i].user = dup_or_null(src->rows[i].user);
		f->h.rows[i].field = dup_or_null(src->rows[i].field);
		f->h.rows[i].old_value = dup_or_null(src->rows[i].old_value);
		f->h.rows[i].new_value = dup_or_null(src->rows[i].new_value);
		f->h.rows[i].gid = dup_or_null(src->rows[i].gid);
		f->h.rows[i].origin = dup_or_null(src->rows[i].origin);
	}
	*s = f->cur;
	*h = &f->h;
	return 0;
}

/* A bundle of three sheets with their histories: the streamed writer gives
 * the bytes of jx_bundle_write; next() is called exactly n times; its
 * failure is the write's failure, with its message. */
static void test_bundle_stream(void **state)
{
	fixture *fx = *state;
	jx_err err = {{0}};
	three t;
	jx_sheet_history hist[3];
	jx_audit_row rows[2];
	char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	FILE *fa, *fb;
	bundle_feed f;

	three_load(fx, &t);
	memset(hist, 0, sizeof hist);
	memset(rows, 0, sizeof rows);
	rows[0] = (jx_audit_row){0, "2024-05-01T08:00:00Z", "张三", "info:manager", "", "李四", "0123456789abcdef:1", "县财政局"};
	rows[1] = (jx_audit_row){0, "2024-05-02T09:30:00Z", "张三", "narr:problems", "无", "资金拨付\n偏慢", "0123456789abcdef:2", "县财政局"};
	hist[0].rows = rows;
	hist[0].n = 2;
	hist[2].rows = rows + 1;
	hist[2].n = 1;

	fa = open_memstream(&a, &la);
	assert_non_null(fa);
	assert_int_equal(jx_bundle_write(fa, t.v, hist, 3, &fx->set, &err), 0);
	fclose(fa);
	fb = open_memstream(&b, &lb);
	assert_non_null(fb);
	f = (bundle_feed){t.v, hist, 3, 0, 0, NULL, {NULL, 0}};
	assert_int_equal(jx_bundle_write_stream(fb, 3, bundle_next, &f, &fx->set, &err), 0);
	fclose(fb);
	poison_free(f.cur);
	history_poison_free(&f.h);
	assert_int_equal(f.calls, 3);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_null(strstr(b, "XXXX"));
	/* the audit rows are there, the multi-line one as a block */
	assert_non_null(strstr(b, "0123456789abcdef:2"));
	free(b);
	b = NULL;

	/* an empty bundle, as jx_bundle_write writes it */
	fb = open_memstream(&b, &lb);
	f = (bundle_feed){t.v, hist, 0, 0, 0, NULL, {NULL, 0}};
	assert_int_equal(jx_bundle_write_stream(fb, 0, bundle_next, &f, &fx->set, &err), 0);
	fclose(fb);
	assert_int_equal(f.calls, 0);
	assert_string_equal(b, "jixiao: 1\nsheets: []\n");
	free(b);
	b = NULL;

	/* next() failing on its second call */
	fb = open_memstream(&b, &lb);
	f = (bundle_feed){t.v, hist, 3, 0, 2, NULL, {NULL, 0}};
	assert_int_equal(jx_bundle_write_stream(fb, 3, bundle_next, &f, &fx->set, &err), -1);
	fclose(fb);
	poison_free(f.cur);
	history_poison_free(&f.h);
	assert_int_equal(f.calls, 2);
	assert_string_equal(err.msg, "第 2 张读不出来");
	free(b);
	free(a);
	three_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safefile_existing_refused),
		cmocka_unit_test(test_safefile_abort_leaves_nothing),
		cmocka_unit_test(test_safefile_race_refused),
		cmocka_unit_test(test_safefile_missing_dir),
		cmocka_unit_test(test_safefile_dir_is_a_file),
		cmocka_unit_test(test_safefile_target_is_dir),
		cmocka_unit_test(test_safefile_readonly_dir),
		cmocka_unit_test(test_export_full_disk),
		cmocka_unit_test(test_safe_filename),
		cmocka_unit_test(test_default_name),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_csv_bytes),
		cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_html_well_formed),
		cmocka_unit_test(test_incomplete_form_and_summary),
		cmocka_unit_test(test_report_md_escaping),
		cmocka_unit_test(test_form_jiangmen),
		cmocka_unit_test(test_xlsx_file),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_stream_equals_array),
		cmocka_unit_test(test_stream_csv_two),
		cmocka_unit_test(test_stream_xlsx),
		cmocka_unit_test(test_xlsx_lean_temporaries),
		cmocka_unit_test(test_stream_next_fails),
		cmocka_unit_test(test_stream_unknown_template),
		cmocka_unit_test(test_stream_nothing),
		cmocka_unit_test(test_stream_prev_year),
		cmocka_unit_test(test_bundle_stream),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
