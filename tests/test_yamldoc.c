/* The safe YAML reader every file import goes through. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "num.h"
#include "yamldoc.h"

static void load_fails(const char *text, size_t len, const char *where, const char *phrase)
{
	yd_doc doc;
	jx_err e = {{0}};
	assert_int_equal(yd_load_mem(&doc, "t.yaml", text, len, &e), -1);
	assert_null(doc.root);
	if (strncmp(e.msg, where, strlen(where)) != 0 || !strstr(e.msg, phrase))
		fail_msg("got \"%s\", want prefix \"%s\" and \"%s\"", e.msg, where, phrase);
}

static void test_tree_and_locations(void **state)
{
	const char *y = "a: 1\nb:\n  - x\n  - 'y: z'\nc: {d: ~}\n";
	yd_doc doc;
	jx_err e = {{0}};
	(void)state;
	assert_int_equal(yd_load_mem(&doc, "t.yaml", y, strlen(y), &e), 0);
	assert_int_equal(doc.root->kind, YD_MAP);
	assert_int_equal(doc.root->n, 3);
	yd_node *b = yd_get(doc.root, "b");
	assert_non_null(b);
	assert_int_equal(b->kind, YD_SEQ);
	assert_int_equal(b->n, 2);
	assert_string_equal(b->items[1]->str, "y: z");
	assert_int_equal(b->items[1]->line, 4);
	assert_int_equal(b->items[1]->col, 5);
	assert_false(b->items[1]->plain);
	assert_true(yd_is_null(yd_get(yd_get(doc.root, "c"), "d")));
	assert_null(yd_get(doc.root, "zz"));
	yd_free(&doc);
}

static void test_aliases_refused(void **state)
{
	/* a "billion laughs" document must be refused at its first alias */
	const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
			   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
	(void)state;
	/* "b: &b [*a": the first alias starts at column 8 */
	load_fails(bomb, strlen(bomb), "t.yaml:2:8:", "别名");
}

static void test_duplicate_key(void **state)
{
	const char *y = "name: a\nyear: 2024\nname: b\n";
	(void)state;
	load_fails(y, strlen(y), "t.yaml:3:1:", "重复");
}

static void test_depth_limit(void **state)
{
	char y[4096];
	size_t n = 0;
	(void)state;
	for (int i = 0; i < 70; i++)
		y[n++] = '[';
	for (int i = 0; i < 70; i++)
		y[n++] = ']';
	y[n] = 0;
	/* the 65th '[' is at column 65 */
	load_fails(y, n, "t.yaml:1:65:", "嵌套层数过深");
}

static void test_invalid_utf8(void **state)
{
	const char y[] = "name: ok\nunit: \xff\xfe bad\n";
	(void)state;
	load_fails(y, sizeof y - 1, "t.yaml:2:7:", "UTF-8");
}

static void test_syntax_error(void **state)
{
	const char *y = "a: [1, 2\nb: 3\n";
	yd_doc doc;
	jx_err e = {{0}};
	(void)state;
	assert_int_equal(yd_load_mem(&doc, "t.yaml", y, strlen(y), &e), -1);
	assert_non_null(strstr(e.msg, "t.yaml:"));
	assert_non_null(strstr(e.msg, "YAML"));
}

static void test_two_documents(void **state)
{
	const char *y = "a: 1\n---\nb: 2\n";
	(void)state;
	load_fails(y, strlen(y), "t.yaml:2:1:", "一个 YAML 文档");
}

static void test_oversize(void **state)
{
	size_t len = YD_MAX_BYTES + 1;
	char *big = malloc(len);
	(void)state;
	assert_non_null(big);
	memset(big, '#', len);
	load_fails(big, len, "t.yaml:1:1:", "文件过大");
	free(big);
}

static void test_oversize_file(void **state)
{
	char path[] = "/tmp/jx-yd-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	yd_doc doc;
	jx_err e = {{0}};
	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	for (int i = 0; i < 9 * 1024; i++) {
		char line[1024];
		memset(line, 'x', sizeof line - 1);
		line[0] = '#';
		line[sizeof line - 1] = '\n';
		fwrite(line, 1, sizeof line, f);
	}
	fclose(f);
	assert_int_equal(yd_load_file(&doc, path, &e), -1);
	assert_non_null(strstr(e.msg, "文件过大"));
	unlink(path);
	assert_int_equal(yd_load_file(&doc, "/nonexistent/x.yaml", &e), -1);
	assert_non_null(strstr(e.msg, "无法打开"));
}

static void test_helpers(void **state)
{
	const char *y = "n: 1,2\nm: 480.82\nk: 7\nunknown: 1\nb: 是\n";
	/* "u" shares unknown's first byte and is still not it */
	static const char *const allowed[] = {"n", "m", "k", "b", "u", NULL};
	yd_doc doc;
	jx_err e = {{0}};
	jx_dec v;
	long k;
	int b;
	(void)state;
	assert_int_equal(yd_load_mem(&doc, "t.yaml", y, strlen(y), &e), 0);
	assert_int_equal(yd_dec(&doc, yd_get(doc.root, "n"), 0, &v, &e), -1);
	assert_true(strncmp(e.msg, "t.yaml:1:4:", 11) == 0);
	assert_int_equal(yd_dec(&doc, yd_get(doc.root, "m"), JX_NUM_NONNEG, &v, &e), 0);
	assert_true(v == D("480.82"));
	assert_int_equal(yd_int(&doc, yd_get(doc.root, "k"), 0, 5, &k, &e), -1);
	assert_int_equal(yd_int(&doc, yd_get(doc.root, "k"), 0, 10, &k, &e), 0);
	assert_int_equal(k, 7);
	assert_int_equal(yd_bool(&doc, yd_get(doc.root, "b"), &b, &e), 0);
	assert_int_equal(b, 1);
	assert_int_equal(yd_check_keys(&doc, doc.root, allowed, &e), -1);
	assert_true(strncmp(e.msg, "t.yaml:4:1:", 11) == 0);
	assert_non_null(strstr(e.msg, "unknown"));
	assert_int_equal(yd_expect(&doc, doc.root, YD_SEQ, "sheets", &e), -1);
	yd_free(&doc);
}

/* The nulls YAML has for a plain scalar, and what looks like one but is not
 * (yd_is_null compares lengths before bytes: each length is tried). */
static void test_nulls(void **state)
{
	const char *y = "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: \"null\"\ng: '~'\nh: nul\ni: ~~\n"
			"j: nulL\nk: x\nl: nulls\n";
	static const char *const nulls = "abcde", *const not_nulls = "fghijkl";
	yd_doc doc;
	jx_err e = {{0}};
	char key[2] = {0};
	(void)state;
	assert_int_equal(yd_load_mem(&doc, "t.yaml", y, strlen(y), &e), 0);
	for (const char *k = nulls; *k; k++) {
		key[0] = *k;
		assert_non_null(yd_get(doc.root, key));
		assert_true(yd_is_null(yd_get(doc.root, key)));
	}
	for (const char *k = not_nulls; *k; k++) {
		key[0] = *k;
		assert_non_null(yd_get(doc.root, key));
		assert_false(yd_is_null(yd_get(doc.root, key)));
	}
	assert_true(yd_is_null(NULL));
	yd_free(&doc);
}

typedef struct {
	int seen;
	int stop_at;
	char names[8][16];
} stream_seen;

static int on_item(void *ctx, const yd_doc *doc, const yd_node *item, jx_err *err)
{
	stream_seen *c = ctx;
	const yd_node *name = yd_get(item, "name");
	if (c->seen == c->stop_at) {
		yd_fail(doc, item, err, "第三项有误", "third item is wrong");
		return -1;
	}
	if (c->seen < 8 && name)
		snprintf(c->names[c->seen], sizeof c->names[0], "%s", name->str);
	c->seen++;
	return 0;
}

static void test_streaming(void **state)
{
	const char *y = "v: 1\nsheets:\n  - name: a\n    x: [1, 2]\n  - name: b\n  - name: c\ntail: 2\n";
	yd_doc doc;
	jx_err e = {{0}};
	stream_seen c = {0, -1, {{0}}};
	(void)state;
	assert_int_equal(yd_load_mem_stream(&doc, "t.yaml", y, strlen(y), "sheets", on_item, &c, &e), 0);
	/* every item is handed over in order; the sequence itself is left empty */
	assert_int_equal(c.seen, 3);
	assert_string_equal(c.names[0], "a");
	assert_string_equal(c.names[2], "c");
	assert_int_equal(yd_get(doc.root, "sheets")->n, 0);
	assert_string_equal(yd_get(doc.root, "tail")->str, "2");
	yd_free(&doc);
	/* a callback refusing the third item (line 6) stops the load */
	c.seen = 0;
	c.stop_at = 2;
	assert_int_equal(yd_load_mem_stream(&doc, "t.yaml", y, strlen(y), "sheets", on_item, &c, &e), -1);
	assert_true(strncmp(e.msg, "t.yaml:6:5:", 11) == 0);
	assert_null(doc.root);
}

static int on_scalar(void *ctx, const yd_doc *doc, const yd_node *item, jx_err *err)
{
	stream_seen *c = ctx;
	(void)doc;
	(void)err;
	assert_int_equal(item->kind, YD_SCALAR);
	if (c->seen < 8)
		snprintf(c->names[c->seen], sizeof c->names[0], "%s", item->str);
	c->seen++;
	return 0;
}

/* Scalars stream too, only the top level's sequence streams, a large
 * mapping keeps its keys in order, a byte-order mark is not content, and
 * keys that are not text or text with a NUL are refused where they stand. */
static void test_stream_scalars_and_frames(void **state)
{
	const char *flow = "sheets: [a, b, c]\n";
	const char *nested = "x:\n  sheets:\n    - name: a\n";
	const char *bom = "\xEF\xBB\xBF" "a: 1\n";
	char big[400];
	size_t len = 0;
	yd_doc doc;
	jx_err e = {{0}};
	stream_seen c = {0, -1, {{0}}};
	(void)state;
	assert_int_equal(yd_load_mem_stream(&doc, "t.yaml", flow, strlen(flow), "sheets", on_scalar, &c, &e), 0);
	assert_int_equal(c.seen, 3);
	assert_string_equal(c.names[1], "b");
	assert_int_equal(yd_get(doc.root, "sheets")->n, 0);
	yd_free(&doc);

	c.seen = 0;
	assert_int_equal(yd_load_mem_stream(&doc, "t.yaml", nested, strlen(nested), "sheets", on_item, &c, &e), 0);
	assert_int_equal(c.seen, 0);
	assert_int_equal(yd_get(yd_get(doc.root, "x"), "sheets")->n, 1);
	yd_free(&doc);

	for (int i = 0; i < 20; i++)
		len += (size_t)snprintf(big + len, sizeof big - len, "k%d: %d\n", i, i * 10);
	assert_int_equal(yd_load_mem(&doc, "t.yaml", big, len, &e), 0);
	assert_int_equal(doc.root->n, 20);
	for (size_t i = 0; i < 20; i++) {
		char k[8], v[8];
		snprintf(k, sizeof k, "k%zu", i);
		snprintf(v, sizeof v, "%zu", i * 10);
		assert_string_equal(doc.root->keys[i]->str, k);
		assert_string_equal(doc.root->items[i]->str, v);
		assert_int_equal(doc.root->keys[i]->line, (int)i + 1);
	}
	yd_free(&doc);

	assert_int_equal(yd_load_mem(&doc, "t.yaml", bom, strlen(bom), &e), 0);
	assert_string_equal(yd_get(doc.root, "a")->str, "1");
	assert_int_equal(doc.root->keys[0]->line, 1);
	assert_int_equal(doc.root->keys[0]->col, 1);
	yd_free(&doc);

	load_fails("? [a]\n: 1\n", 10, "t.yaml:1:3:", "映射的键必须是简单文字");
	load_fails("a: \"x\\0y\"\n", 10, "t.yaml:1:4:", "空字符");
}

/* yd_dec reads a number the way jx_parse_dec does, value and refusal
 * alike, whether it takes the short way (digits, a point, up to six
 * decimals) or not: every spelling below and 20,000 random ones. */
static void dec_agrees(const char *text, int flags)
{
	char y[128];
	yd_doc doc;
	jx_err e = {{0}}, e2 = {{0}};
	jx_dec a = 1, b = 2;
	int ra, rb;
	snprintf(y, sizeof y, "v: \"%s\"\n", text);
	assert_int_equal(yd_load_mem(&doc, "t.yaml", y, strlen(y), &e), 0);
	ra = yd_dec(&doc, yd_get(doc.root, "v"), flags, &a, &e);
	rb = jx_parse_dec(text, flags, &b, &e2);
	if (ra != rb || (ra == 0 && a != b))
		fail_msg("\"%s\": yd_dec %d %lld, jx_parse_dec %d %lld", text, ra, (long long)a, rb, (long long)b);
	if (ra < 0 && !strstr(e.msg, e2.msg))
		fail_msg("\"%s\": \"%s\" against \"%s\"", text, e.msg, e2.msg);
	yd_free(&doc);
}

static void test_dec_short_way(void **state)
{
	static const char *const forms[] = {
		"0", "7", "007", "12.5", "12.50", "1.", ".5", "0.000001", "0.0000001", "1.1234567", "1.1234560",
		"999999999999", "999999999999.999999", "1000000000000", "0999999999999", "123456789012.123456",
		"-5", "+5", "-0", "1,234", "1,234.5", "1e3", "95%", " 7 ", "7 ", "１２", "1..2", "1.2.3", "1a", "",
	};
	char buf[32], longer[64];
	unsigned seed = 14;
	(void)state;
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		for (int f = 0; f < 8; f++)
			dec_agrees(forms[i], f | JX_NUM_ALLOW_EMPTY);
	/* 13 to 40 digits, with and without decimals: too large, and never
	 * worked out past 64 bits on the way (the UBSan build checks) */
	for (size_t n = 13; n <= 40; n++) {
		memset(longer, '9', n);
		longer[n] = 0;
		dec_agrees(longer, JX_NUM_ALLOW_EMPTY);
		memcpy(longer + n, ".5", 3);
		dec_agrees(longer, JX_NUM_ALLOW_EMPTY);
		snprintf(longer, sizeof longer, "1.%0*d", (int)n, 1);
		dec_agrees(longer, JX_NUM_ALLOW_EMPTY);
	}
	for (int i = 0; i < 20000; i++) {
		size_t n = 0, ints = (size_t)(rand_r(&seed) % 15), decs = (size_t)(rand_r(&seed) % 9);
		for (size_t k = 0; k < ints; k++)
			buf[n++] = (char)('0' + rand_r(&seed) % 10);
		if (rand_r(&seed) % 2) {
			buf[n++] = '.';
			for (size_t k = 0; k < decs; k++)
				buf[n++] = (char)('0' + rand_r(&seed) % 10);
		}
		buf[n] = 0;
		dec_agrees(buf, JX_NUM_ALLOW_EMPTY | (i % 2 ? JX_NUM_NONNEG : JX_NUM_PERCENT));
	}
}

/* A NUL byte in the input is refused by libyaml before any scalar is made
 * (the reader looks for one only in a double-quoted scalar, where an escape
 * can make it); the same keys' first bytes never make two keys equal. */
static void test_nul_bytes_and_keys(void **state)
{
	static const char plain[] = "a: x\0y\n", single[] = "a: 'x\0y'\n", block[] = "a: |\n  x\0y\n";
	yd_doc doc;
	jx_err e = {{0}};
	const char *keys = "ab: 1\nac: 2\nbb: 3\nb: 4\n\"\": 5\n";
	(void)state;
	/* the NUL after "a: x" (column 5), "a: 'x" (6), and "  x" on line 2 (4) */
	load_fails(plain, sizeof plain - 1, "t.yaml:1:5:", "不允许的控制字符");
	load_fails(single, sizeof single - 1, "t.yaml:1:6:", "不允许的控制字符");
	load_fails(block, sizeof block - 1, "t.yaml:2:4:", "不允许的控制字符");
	load_fails("a: \"x\\x00y\"\n", 12, "t.yaml:1:4:", "空字符");
	load_fails("a: \"x\\u0000y\"\n", 14, "t.yaml:1:4:", "空字符");
	assert_int_equal(yd_load_mem(&doc, "t.yaml", keys, strlen(keys), &e), 0);
	assert_int_equal(doc.root->n, 5);
	yd_free(&doc);
	/* "ac: 1\nab: 2\nac: 3": the second "ac" at line 3 column 1 */
	load_fails("ac: 1\nab: 2\nac: 3\n", 18, "t.yaml:3:1:", "键“ac”重复（第一次出现在第 1 行）");
	load_fails("\"\": 1\n\"\": 2\n", 12, "t.yaml:2:1:", "重复");
	/* name and note are told apart by their bytes, not their bit; the
	 * 21st key repeats the 17th of 20 different ones */
	assert_int_equal(yd_load_mem(&doc, "t.yaml", "name: 1\nnote: 2\n", 16, &e), 0);
	assert_int_equal(doc.root->n, 2);
	yd_free(&doc);
	{
		char y[400];
		size_t len = 0;
		for (int i = 0; i < 20; i++)
			len += (size_t)snprintf(y + len, sizeof y - len, "k%d: %d\n", i, i);
		len += (size_t)snprintf(y + len, sizeof y - len, "k16: x\n");
		load_fails(y, len, "t.yaml:21:1:", "键“k16”重复（第一次出现在第 17 行）");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_and_locations), cmocka_unit_test(test_aliases_refused),
		cmocka_unit_test(test_duplicate_key),      cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_invalid_utf8),       cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_two_documents),      cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_oversize_file),      cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_streaming),          cmocka_unit_test(test_stream_scalars_and_frames),
		cmocka_unit_test(test_nulls),
		cmocka_unit_test(test_dec_short_way),      cmocka_unit_test(test_nul_bytes_and_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
