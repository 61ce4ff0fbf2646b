/* The reader of jixiao's own YAML (src/yaml_subset.c) against libyaml: for
 * every text it reads, the tree (each node's kind, bytes, quoting, line and
 * column) and any message are libyaml's; whatever else it declines. */
#include "testutil.h"

#include <dirent.h>
#include <sys/stat.h>

#include "err.h"
#include "model.h"
#include "sheetio.h"
#include "strutil.h"
#include "template.h"
#include "yamldoc.h"

/* ---- a tree or a load's outcome as one string ------------------------------ */

typedef struct {
	char *s;
	size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

static void sb_fmt(sbuf *b, const char *fmt, ...)
{
	char t[128];
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(t, sizeof t, fmt, ap);
	va_end(ap);
	sb_add(b, t, (size_t)k);
}

static void dump(sbuf *b, const yd_node *n)
{
	if (!n) {
		sb_add(b, "~", 1);
		return;
	}
	sb_fmt(b, "%c%d:%d", "SQM"[n->kind], n->line, n->col);
	if (n->kind == YD_SCALAR) {
		sb_fmt(b, "%c%zu<", n->plain ? 'p' : 'q', n->len);
		sb_add(b, n->str, n->len);
		sb_add(b, ">", 1);
		return;
	}
	sb_add(b, "(", 1);
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == YD_MAP)
			dump(b, n->keys[i]);
		dump(b, n->items[i]);
	}
	sb_add(b, ")", 1);
}

/* Streamed items, each dumped; fail_at: the item fn refuses. */
typedef struct {
	sbuf b;
	int items, fail_at;
} items;

static int on_item(void *ctx, const yd_doc *doc, const yd_node *item, jx_err *err)
{
	items *it = ctx;
	(void)doc;
	sb_fmt(&it->b, "#%d ", it->items);
	dump(&it->b, item);
	if (++it->items == it->fail_at) {
		jx_err_set(err, "第 %d 项不收", "item %d refused", it->items);
		return -1;
	}
	return 0;
}

/* One load with the reader given: its outcome and tree (or message), and
 * the streamed items when stream. */
static char *outcome(int reader, const char *text, size_t len, int stream, int fail_at, int *declined)
{
	yd_doc doc;
	jx_err e = {{0}};
	items it = {{0}, 0, fail_at};
	int rc;
	yd_reader = reader;
	if (stream)
		rc = yd_load_mem_stream(&doc, "t.yaml", text, len, "sheets", on_item, &it, &e);
	else
		rc = yd_load_mem(&doc, "t.yaml", text, len, &e);
	yd_reader = YD_READ_BOTH;
	if (declined)
		*declined = rc < 0 && strstr(e.msg, YD_DECLINED_MSG) != NULL;
	if (rc < 0) {
		sb_fmt(&it.b, " error ");
		sb_add(&it.b, e.msg, strlen(e.msg));
	} else {
		sb_add(&it.b, " root ", 6);
		dump(&it.b, doc.root);
		yd_free(&doc);
	}
	return it.b.s;
}

static unsigned long n_accepted, n_declined;

/* The subset reader (alone, and as jixiao uses it) against libyaml on
 * text: 1 when it read it, 0 when it declined. */
static int compare(const char *what, const char *text, size_t len, int stream, int fail_at)
{
	int declined;
	char *lib = outcome(YD_READ_LIBYAML, text, len, stream, fail_at, NULL);
	char *sub = outcome(YD_READ_SUBSET, text, len, stream, fail_at, &declined);
	char *both = outcome(YD_READ_BOTH, text, len, stream, fail_at, NULL);
	if (strcmp(lib, both) != 0)
		fail_msg("%s: jixiao's load differs from libyaml's\nlibyaml: %.400s\njixiao:  %.400s", what, lib, both);
	/* declined after items were handed: the items are those before it */
	if (!declined && strcmp(lib, sub) != 0)
		fail_msg("%s: the subset reader differs from libyaml\nlibyaml: %.400s\nsubset:  %.400s", what, lib, sub);
	free(lib);
	free(sub);
	free(both);
	if (declined)
		n_declined++;
	else
		n_accepted++;
	return !declined;
}

/* ---- texts: the files of the tree, exported bundles, generated sheets ------- */

typedef struct {
	char **v;
	size_t *len;
	char **name;
	size_t n;
} corpus;

static void corpus_add(corpus *c, const char *name, char *text, size_t len)
{
	c->v = realloc(c->v, (c->n + 1) * sizeof *c->v);
	c->len = realloc(c->len, (c->n + 1) * sizeof *c->len);
	c->name = realloc(c->name, (c->n + 1) * sizeof *c->name);
	assert_true(c->v && c->len && c->name);
	c->v[c->n] = text;
	c->len[c->n] = len;
	c->name[c->n] = jx_strdup(name);
	c->n++;
}

static void corpus_free(corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i]);
		free(c->name[i]);
	}
	free(c->v);
	free(c->len);
	free(c->name);
}

static void add_yaml_files(corpus *c, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[1024];
		struct stat sb;
		size_t nl = strlen(de->d_name), len;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (stat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			add_yaml_files(c, path);
		else if (nl > 5 && (strcmp(de->d_name + nl - 5, ".yaml") == 0 || strcmp(de->d_name + nl - 4, ".yml") == 0) &&
			 sb.st_size < 4 * 1024 * 1024)
		{
			char *text = test_read_file(path, &len);
			corpus_add(c, path, text, len);
		}
	}
	closedir(d);
}

/* Texts of every kind the writer writes: plain, double-quoted (looks like
 * a number, boolean or null; control characters; empty), single-quoted
 * (what plain cannot start with), literal blocks with every chomping and
 * an indentation indicator. */
static const char *const texts[] = {
	"项目名称", "中文：冒号", "a: b", "x:y", "#hash", "a #b", "trailing ", " leading", "  both  ", "",
	"0", "12.50", "-3", "+7", "1e5", "0x10", "true", "False", "yes", "No", "on", "null", "~", "是", "否", "y",
	"2024-01-01", "'single'", "\"double\"", "it's", "say \"hi\"", "back\\slash", "[list]", "{map}", "- dash",
	"-", "---", "...", "? q", "&anchor", "*alias", "!tag", "|pipe", ">fold", "%pct", "@at", "`tick", ",c",
	"one\ntwo", "one\ntwo\n", "one\n\n\ntwo\n\n", "\nstarts with a break", "  indented\nnext", "end space \nx",
	"only\n", "\n", "\n\n", " ", "tab\there", "cr\rhere", "nul\x01", "nel\xc2\x85", "ls\xe2\x80\xa8", "bom\xef\xbb\xbf",
	"nbsp\xc2\xa0", "del\x7f", "emoji 😀", "≥95%", "“引号”", "全角　空格　", "multi\n  line\n    deeper\nback",
	"a\n \n  \nb", "x\n   ", "last line no break\nend",
};
#define N_TEXTS (sizeof texts / sizeof texts[0])

/* with marks: of nodes no template has (read by yamldoc, not by sheetio) */
static jx_sheet *text_sheet(size_t k, int marks)
{
	jx_sheet *s = jx_sheet_new();
	const char *t = texts[k % N_TEXTS], *u = marks ? texts[(k * 7 + 3) % N_TEXTS] : "一行文字";
	char uid[48];
	assert_non_null(s);
	snprintf(uid, sizeof uid, "gen-%zu", k);
	s->uid = jx_strdup(uid);
	s->template_id = jx_strdup("project-self-2020");
	s->template_version = 1;
	s->year = 2024;
	s->status = jx_strdup("draft");
	for (int i = 0; i < JX_INFO_COUNT; i++)
		s->info[i] = jx_strdup(marks ? texts[(k + (size_t)i) % N_TEXTS] : u);
	for (int i = 0; i < JX_NARR_COUNT; i++)
		s->narr[i] = jx_strdup(texts[(k + 11 + (size_t)i) % N_TEXTS]);
	jx_sheet_add_basis(s, marks ? t : u);
	jx_sheet_add_fund(s, "当年财政拨款")->spent = D("1.5");
	jx_sheet_add_sub(s)->name = jx_strdup(u);
	jx_sheet_add_goal(s)->actual = jx_strdup(t);
	s->funds_total.planned = D("100");
	s->funds_total.spent = D("2.25");
	for (int i = 0; i < 3; i++) {
		char key[16];
		jx_indicator *d;
		snprintf(key, sizeof key, "i%d", i + 1);
		d = jx_sheet_add_ind(s, key);
		d->slot = jx_strdup("output.quantity");
		d->name = jx_strdup(marks ? texts[(k + 5 * (size_t)i) % N_TEXTS] : u);
		d->unit = jx_strdup(u);
		d->target = D("95");
		d->actual = D("96.5");
		d->points = D("10");
		d->deviation_reason = jx_strdup(texts[(k + 9 + (size_t)i) % N_TEXTS]);
	}
	/* a mark's node is a template's key, one line: a key with a line break
	 * the emitter writes as a complex key ("? "), which is declined */
	if (!marks)
		return s;
	if (!t[0] || strpbrk(t, "\n\r") || strstr(t, "\xc2\x85") || strstr(t, "\xe2\x80\xa8"))
		t = "node";
	jx_sheet_set_mark(s, t, 0, D("1"));
	jx_sheet_set_mark(s, t, 2, D("0.5"));
	jx_sheet_set_mark(s, "产出", 0, D("3"));
	return s;
}

static char *write_sheets(jx_sheet **v, size_t n, size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);
	jx_err e = {{0}};
	assert_non_null(m);
	if (jx_sheets_write(m, v, n, &e) < 0)
		fail_msg("write: %s", e.msg);
	fclose(m);
	return buf;
}

/* Each text in sheets of its own, and bundles of several. */
static void add_generated(corpus *c)
{
	for (size_t k = 0; k < N_TEXTS; k++) {
		jx_sheet *v[3];
		size_t len, n = k % 3 + 1;
		char name[32];
		for (size_t i = 0; i < n; i++)
			v[i] = text_sheet(k + i * 13, 1);
		snprintf(name, sizeof name, "generated-%zu", k);
		{
			char *text = write_sheets(v, n, &len);
			corpus_add(c, name, text, len);
		}
		for (size_t i = 0; i < n; i++)
			jx_sheet_free(v[i]);
	}
}

/* The sample sheets, read and written again as a bundle (what `jixiao
 * export --format yaml` writes). */
static void add_exported(corpus *c, const jx_templates *set)
{
	DIR *d = opendir(JX_SAMPLES);
	struct dirent *de;
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[512];
		jx_sheet **v = NULL;
		size_t n = 0, len;
		jx_err e = {{0}};
		if (!strstr(de->d_name, ".yaml"))
			continue;
		snprintf(path, sizeof path, "%s/%s", JX_SAMPLES, de->d_name);
		if (jx_sheets_read(path, set, &v, &n, &e) < 0)
			continue;
		snprintf(path, sizeof path, "exported %s", de->d_name);
		{
			char *text = write_sheets(v, n, &len);
			corpus_add(c, path, text, len);
		}
		jx_sheets_free(v, n);
	}
	closedir(d);
}

static jx_templates set;

static int setup(void **state)
{
	jx_err e = {{0}};
	(void)state;
	return jx_templates_load_builtin(&set, &e);
}

static int teardown(void **state)
{
	(void)state;
	jx_templates_free(&set);
	return 0;
}

static void build_corpus(corpus *c)
{
	memset(c, 0, sizeof *c);
	add_yaml_files(c, "tests");
	add_yaml_files(c, "share");
	add_exported(c, &set);
	add_generated(c);
}

/* ---- the tests ----------------------------------------------------------- */

static void test_corpus(void **state)
{
	corpus c;
	size_t exported = 0, exported_read = 0;
	(void)state;
	build_corpus(&c);
	assert_true(c.n > 200);
	for (size_t i = 0; i < c.n; i++) {
		int read = compare(c.name[i], c.v[i], c.len[i], 0, 0);
		compare(c.name[i], c.v[i], c.len[i], 1, 0);
		compare(c.name[i], c.v[i], c.len[i], 1, 2);
		/* what jixiao writes, it reads itself */
		if (strncmp(c.name[i], "exported", 8) == 0 || strncmp(c.name[i], "generated", 9) == 0) {
			exported++;
			exported_read += (size_t)read;
			if (!read)
				fail_msg("%s: declined", c.name[i]);
		}
	}
	print_message("%zu texts (%zu written by jixiao, all read); %lu loads read, %lu declined\n", c.n, exported,
		      n_accepted, n_declined);
	assert_int_equal(exported, exported_read);
	corpus_free(&c);
}

/* A deterministic sequence (a linear congruential generator). */
static unsigned long next_rand(unsigned long *s)
{
	*s = *s * 6364136223846793005ul + 1442695040888963407ul;
	return *s >> 33;
}

/* Mutation m of text into out: a byte changed, deleted or doubled, a line
 * indented or outdented, a tab put in, the text cut. */
static size_t mutate(const char *text, size_t len, unsigned long *rs, char *out)
{
	static const char bytes[] = " \n:-#'\"|\t\r[]{}a0\\&*!>?,%\xe4\x80\xbf";
	size_t at = len ? next_rand(rs) % len : 0, n = 0, ls;
	int kind = (int)(next_rand(rs) % 8);
	for (ls = at; ls > 0 && text[ls - 1] != '\n'; ls--)
		;
	switch (kind) {
	case 0: /* a byte changed */
		memcpy(out, text, len);
		if (len)
			out[at] = bytes[next_rand(rs) % (sizeof bytes - 1)];
		return len;
	case 1: /* deleted */
		memcpy(out, text, at);
		memcpy(out + at, text + at + (len > 0), len - at - (len > 0));
		return len - (len > 0);
	case 2: /* doubled */
	case 3: /* a byte put in */
		memcpy(out, text, at);
		out[at] = kind == 2 && len ? text[at] : bytes[next_rand(rs) % (sizeof bytes - 1)];
		memcpy(out + at + 1, text + at, len - at);
		return len + 1;
	case 4: /* the line indented */
	case 5: /* a tab at its start */
		memcpy(out, text, ls);
		n = ls;
		out[n++] = kind == 4 ? ' ' : '\t';
		if (kind == 4 && next_rand(rs) % 2)
			out[n++] = ' ';
		memcpy(out + n, text + ls, len - ls);
		return n + len - ls;
	case 6: /* outdented */
		memcpy(out, text, len);
		if (ls < len && text[ls] == ' ') {
			memmove(out + ls, out + ls + 1, len - ls - 1);
			return len - 1;
		}
		return len;
	default: /* cut in a line */
		memcpy(out, text, at);
		return at;
	}
}

static void test_mutations(void **state)
{
	corpus c;
	unsigned long rs = 20261206, before_a = n_accepted, before_d = n_declined;
	size_t total = 0;
	/* JX_YS_MUTATIONS_X=13 (say) for a longer one-off run: each text
	 * mutated that many times as often, the same first ones */
	const char *x = getenv("JX_YS_MUTATIONS_X");
	int scale = x && atoi(x) > 0 ? atoi(x) : 1;
	(void)state;
	build_corpus(&c);
	for (size_t i = 0; i < c.n; i++) {
		/* the larger texts a few times, the small ones more */
		int times = (c.len[i] > 20000 ? 8 : 40) * scale;
		char *out = malloc(c.len[i] + 3);
		assert_non_null(out);
		for (int m = 0; m < times; m++) {
			char what[300];
			size_t n = mutate(c.v[i], c.len[i], &rs, out);
			snprintf(what, sizeof what, "%s, mutation %d", c.name[i], m);
			compare(what, out, n, m % 2, m % 5 == 4 ? 2 : 0);
			total++;
		}
		free(out);
	}
	print_message("%zu mutations: %lu read by the subset reader (as libyaml reads them), %lu declined\n", total,
		      n_accepted - before_a, n_declined - before_d);
	assert_true(total > 5000);
	assert_true(n_accepted - before_a > 1000);
	corpus_free(&c);
}

/* Hand-written cases at the subset's edges. */
static void test_edges(void **state)
{
	static const struct {
		const char *text;
		int read;
	} cases[] = {
		{"a: 1\n", 1},
		{"a: 1", 1},
		{"a:\n- x\n- y\nb: 2\n", 1},
		{"a:\n  - x\n  - y\nb: 2\n", 1},
		{"a:\n  b:\n    c: 1\n  d: 2\n", 1},
		{"- a: 1\n  b: 2\n- c: 3\n", 1},
		{"- - x\n  - y\n- z\n", 1},
		{"a: |\n  one\n  two\nb: 1\n", 1},
		{"a: |-\n  one\n\n  two\nb: 1\n", 1},
		{"a: |+\n  one\n\n\nb: 1\n", 1},
		{"a: |2\n   lead\n  x\n", 1},
		{"a: |2-\n\n  x\n", 1},
		{"a: |\n  x\n   \n  y\n", 1},
		{"a: \"\\x41\\u00e9\\U0001F600\\t\\n\\\\\\\"\\0\"\n", 1},
		{"'a''b': 'c''d'\n\"k\": \"v\"\n", 1},
		{"a: []\nb: {}\nc: [1, -2.5, null]\nd: {x: 1, y: 2}\n", 1},
		{"名称: 值\n键: '#x'\n", 1},
		{"a: b # c\n", 0},
		{"# c\na: 1\n", 0},
		{"a: &x 1\nb: *x\n", 0},
		{"a: !t 1\n", 0},
		{"---\na: 1\n", 0},
		{"a: >\n  x\n", 0},
		{"a: b\n  c\n", 0},
		{"a: 'b\n  c'\n", 0},
		{"a:\n\nb: 1\n", 0},
		{"a:\n", 0},
		{"a: [x, [y]]\n", 0},
		{"a:\tb\n", 0},
		{"a: b\r\n", 0},
		{"? a\n: b\n", 0},
		{"", 0},
		{"a: 1\na: 2\n", 1}, /* read, and the duplicate refused as libyaml's path refuses it */
		{"a: \"\\0\"\n", 1},
		{"a: ''\nb: \"\"\n", 1}, /* empty texts before any other is copied */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char what[64];
		snprintf(what, sizeof what, "case %zu", i);
		if (compare(what, cases[i].text, strlen(cases[i].text), 0, 0) != cases[i].read)
			fail_msg("case %zu (%s): %s", i, cases[i].text, cases[i].read ? "declined" : "read");
	}
}

/* The reader looks at eight ASCII bytes at a time and counts a column only
 * past a line's first non-ASCII byte: a byte it must decline at every place
 * in an eight-byte word, and scalars after keys and items of every length
 * of 汉字 (three bytes, one column each) before them. */
static void test_word_edges(void **state)
{
	static const char *const bad[] = {"\x01", "\t", "\r", "\x7f", "\x80", "\xc2\x85", "\xe2\x80\xa8", "\xef\xbb\xbf"};
	char text[1024];
	(void)state;
	for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
		for (int at = 0; at < 20; at++) {
			char what[64];
			const char *v = "abcdefghijklmnopqrstuvwxyz";
			int n = snprintf(text, sizeof text, "key_name_long: %.*s%s%s\nb: 1\n", at, v, bad[b], v + at);
			snprintf(what, sizeof what, "bad byte %zu at %d", b, at);
			if (compare(what, text, (size_t)n, at % 2, 0))
				fail_msg("%s: read", what);
		}
	for (int k = 0; k < 12; k++) {
		char key[64] = "", what[64];
		int n;
		for (int j = 0; j < k; j++)
			strcat(key, "名");
		n = snprintf(text, sizeof text,
			     "%s键: 值%s:x\nl%s: [1, 2, a_b]\nm%s: {x: 1}\ns%s:\n- k%s: 'v'\n  w%s: \"q\"\n- |\n  t%s\n- - z%s\n",
			     key, key, key, key, key, key, key, key, key);
		snprintf(what, sizeof what, "%d characters before", k);
		if (!compare(what, text, (size_t)n, k % 2, 0))
			fail_msg("%s: declined\n%s", what, text);
		n = snprintf(text, sizeof text, "%s键: 值 甲%s#x\n", key, key);
		if (compare(what, text, (size_t)n, 0, 0) != 1)
			fail_msg("%s: a '#' after a 汉字 and no blank declined", what);
		n = snprintf(text, sizeof text, "%s键: 值%s #x\n", key, key);
		if (compare(what, text, (size_t)n, 0, 0))
			fail_msg("%s: a comment read", what);
	}
}

/* A bundle whose third sheet the subset reader declines (an anchor, a
 * folded scalar): libyaml reads it again from the start, and each sheet is
 * handed over once, from memory and from a file. */
static void test_fallback_part_way(void **state)
{
	static const char *const bad[] = {"  template: &t project-self-2020\n", "  template: >-\n    project-self-2020\n"};
	static const char line[] = "  template: project-self-2020\n";
	(void)state;
	for (size_t b = 0; b < 2; b++) {
		jx_sheet *v[5];
		size_t len;
		char *text, *at, *mixed, path[] = "/tmp/jx-subset-XXXXXX";
		unsigned long declined = yd_subset_declined;
		for (int i = 0; i < 5; i++)
			v[i] = text_sheet((size_t)i * 17, 0);
		text = write_sheets(v, 5, &len);
		/* after the third sheet's uid line */
		at = strstr(text, "uid: gen-34\n");
		assert_non_null(at);
		at += strlen("uid: gen-34\n");
		assert_memory_equal(at, line, strlen(line));
		mixed = malloc(len + strlen(bad[b]) + 1);
		assert_non_null(mixed);
		memcpy(mixed, text, (size_t)(at - text));
		strcpy(mixed + (at - text), bad[b]);
		strcat(mixed, at + strlen(line));
		len = strlen(mixed);
		{
			char *lib = outcome(YD_READ_LIBYAML, mixed, len, 1, 0, NULL);
			char *both = outcome(YD_READ_BOTH, mixed, len, 1, 0, NULL);
			int fd = mkstemp(path);
			yd_doc doc;
			jx_err e = {{0}};
			items it = {{0}, 0, 0};
			assert_true(fd >= 0);
			/* the second with a byte-order mark, which is not content */
			if (b == 1)
				assert_int_equal(write(fd, "\xEF\xBB\xBF", 3), 3);
			assert_int_equal(write(fd, mixed, len), (ssize_t)len);
			close(fd);
			assert_string_equal(lib, both);
			/* five sheets, each once: #0 to #4 */
			assert_non_null(strstr(lib, "#4 "));
			assert_null(strstr(lib, "#5 "));
			if (yd_load_file_stream(&doc, path, "sheets", on_item, &it, &e) < 0)
				fail_msg("%s", e.msg);
			yd_free(&doc);
			assert_int_equal(it.items, 5);
			assert_memory_equal(it.b.s, lib, it.b.n);
			assert_true(yd_subset_declined >= declined + 2);
			unlink(path);
			free(it.b.s);
			free(lib);
			free(both);
		}
		/* the same sheets as jixiao imports them */
		{
			jx_sheet **r1 = NULL, **r2 = NULL;
			size_t n1, n2, l1, l2;
			jx_err e = {{0}};
			char *w1, *w2;
			yd_reader = YD_READ_LIBYAML;
			if (jx_sheets_read_mem("t.yaml", mixed, len, &set, &r1, &n1, &e) < 0)
				fail_msg("%s", e.msg);
			yd_reader = YD_READ_BOTH;
			assert_int_equal(jx_sheets_read_mem("t.yaml", mixed, len, &set, &r2, &n2, &e), 0);
			assert_int_equal(n1, 5);
			assert_int_equal(n2, 5);
			w1 = write_sheets(r1, n1, &l1);
			w2 = write_sheets(r2, n2, &l2);
			assert_int_equal(l1, l2);
			assert_memory_equal(w1, w2, l1);
			jx_sheets_free(r1, n1);
			jx_sheets_free(r2, n2);
			free(w1);
			free(w2);
		}
		for (int i = 0; i < 5; i++)
			jx_sheet_free(v[i]);
		free(text);
		free(mixed);
	}
}

/* A sheet of 300 indicators as the bench writes them. */
static jx_sheet *big_sheet(size_t k)
{
	jx_sheet *s = text_sheet(k, 1);
	for (int i = 3; i < 300; i++) {
		char key[16];
		jx_indicator *d;
		snprintf(key, sizeof key, "i%d", i + 1);
		d = jx_sheet_add_ind(s, key);
		d->slot = jx_strdup("output.quality");
		d->name = jx_strdup("产出指标");
		d->cmp = JX_CMP_GE;
		d->target = D("20");
		d->unit = jx_strdup("%");
		d->actual = D("22");
		d->points = D("0.25");
	}
	return s;
}

/* A load of the file at path with the reader given: its items and outcome. */
static char *file_outcome(int reader, const char *path, int fail_at)
{
	yd_doc doc;
	jx_err e = {{0}};
	items it = {{0}, 0, fail_at};
	int rc;
	yd_reader = reader;
	rc = yd_load_file_stream(&doc, path, "sheets", on_item, &it, &e);
	yd_reader = YD_READ_BOTH;
	if (rc < 0) {
		sb_add(&it.b, " error ", 7);
		sb_add(&it.b, e.msg, strlen(e.msg));
	} else {
		sb_add(&it.b, " root ", 6);
		dump(&it.b, doc.root);
	}
	yd_free(&doc);
	return it.b.s;
}

/* A bundle of 40 such sheets (2 MB, read from its file in pieces): as
 * libyaml reads it, whole, refused by fn part-way, and with a control
 * character in its last sheet or one of the middle, which libyaml finds
 * when it reads that far (the sheets before it handed over the same). */
static void test_big_file(void **state)
{
	jx_sheet *v[40];
	size_t len, cuts[] = {0, 0, 0};
	char *text, path[] = "/tmp/jx-subset-XXXXXX";
	unsigned long declined;
	(void)state;
	for (size_t i = 0; i < 40; i++)
		v[i] = big_sheet(i * 3 + 1);
	text = write_sheets(v, 40, &len);
	declined = yd_subset_declined;
	assert_true(len > 1000000);
	cuts[1] = len / 2;
	cuts[2] = len - 100;
	for (int c = 0; c < 3; c++) {
		int fd = mkstemp(path);
		char *lib, *both;
		assert_true(fd >= 0);
		/* a text's letter made a control character: libyaml refuses it */
		if (cuts[c]) {
			size_t at = cuts[c];
			while (text[at] < 'a' || text[at] > 'z')
				at++;
			text[at] = '\x01';
		}
		assert_int_equal(write(fd, text, len), (ssize_t)len);
		close(fd);
		for (int fail_at = 0; fail_at <= 30; fail_at += 15) {
			lib = file_outcome(YD_READ_LIBYAML, path, fail_at);
			both = file_outcome(YD_READ_BOTH, path, fail_at);
			if (strcmp(lib, both) != 0)
				fail_msg("cut %d, fail at %d: differs\nlibyaml: ...%s\njixiao: ...%s", c, fail_at,
					 lib + strlen(lib) - 200, both + strlen(both) - 200);
			free(lib);
			free(both);
		}
		unlink(path);
		strcpy(path, "/tmp/jx-subset-XXXXXX");
	}
	/* the whole file was read without libyaml; the two spoilt ones were
	 * declined when fn did not stop the load before (sheet 15 is before
	 * both control characters) */
	assert_int_equal(yd_subset_declined - declined, 4);
	for (size_t i = 0; i < 40; i++)
		jx_sheet_free(v[i]);
	free(text);
}

/* An item near the 8 MiB cap, its bulk a literal block right after its
 * first line: over the cap, libyaml's path says it is too large (the
 * subset reader declines before); under it, both read it the same. */
static void test_item_cap(void **state)
{
	static const int lines[] = {80000, 83000, 86000};
	(void)state;
	for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
		sbuf b = {0};
		char row[101];
		memset(row, 'x', 100);
		memcpy(row, "    ", 4);
		row[99] = '\n';
		row[100] = 0;
		sb_add(&b, "jixiao: 1\nsheets:\n- uid: a\n  text: |\n", 37);
		for (int i = 0; i < lines[k]; i++)
			sb_add(&b, row, 100);
		sb_add(&b, "  b: 1\n- uid: b\n", 16);
		char *lib = outcome(YD_READ_LIBYAML, b.s, b.n, 1, 0, NULL);
		char *both = outcome(YD_READ_BOTH, b.s, b.n, 1, 0, NULL);
		/* 100 bytes a line: 80,000 lines are 8,000,000 bytes, under
		 * 8 MiB (8,388,608); 86,000 are over */
		if (k == 0)
			assert_null(strstr(lib, " error "));
		if (k == 2)
			assert_non_null(strstr(lib, "8 MiB"));
		if (strcmp(lib, both) != 0)
			fail_msg("%d lines: differs\nlibyaml: %.200s\njixiao: %.200s", lines[k], strstr(lib, " error ") ? strstr(lib, " error ") : lib + strlen(lib) - 100,
				 strstr(both, " error ") ? strstr(both, " error ") : both + strlen(both) - 100);
		free(lib);
		free(both);
		free(b.s);
	}
}

/* The bench's own files when they were made (make bench): read without
 * libyaml, and a sheet of 300 indicators as they have. */
static void test_bench_files(void **state)
{
	jx_sheet *s = big_sheet(0);
	size_t len;
	char *text;
	int bench = 0;
	(void)state;
	text = write_sheets(&s, 1, &len);
	assert_int_equal(compare("300 indicators", text, len, 1, 0), 1);
	free(text);
	jx_sheet_free(s);
	for (int i = 1; i <= 50; i++) {
		char path[64];
		struct stat sb;
		snprintf(path, sizeof path, "build/bench/files-1000/sheet-%05d.yaml", i);
		if (stat(path, &sb) != 0)
			break;
		text = test_read_file(path, &len);
		if (!compare(path, text, len, 1, 0))
			fail_msg("%s: declined", path);
		free(text);
		bench++;
	}
	print_message("bench files read without libyaml: %d of the first 50 (0: make bench not run)\n", bench);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_word_edges),
		cmocka_unit_test(test_fallback_part_way),
		cmocka_unit_test(test_big_file),
		cmocka_unit_test(test_item_cap),
		cmocka_unit_test(test_bench_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
