/* jixiao's own YAML emitter (src/yaml_emit.c) against libyaml's: the same
 * events given to both, configured as jixiao configures libyaml, give the
 * same bytes.  The events are those of every sheet file under tests/ and
 * share/ (as libyaml reads it, and as jixiao reads and writes it again),
 * of sheets whose every text is built from awkward pieces, and of random
 * trees of mappings, sequences and scalars in every style. */
#include "testutil.h"

#include <ftw.h>
#include <sys/stat.h>
#include <yaml.h>

#include "err.h"
#include "model.h"
#include "sheetio.h"
#include "sheetio_priv.h"
#include "store.h"
#include "strutil.h"
#include "template.h"
#include "yaml_emit.h"

/* ---- one output written both ways ----------------------------------------- */

typedef struct {
	yaml_emitter_t em;
	FILE *lf, *jf;
	char *lbuf, *jbuf;
	size_t llen, jlen;
	jx_yemit *jx;
	int lib_failed;
} pair;

static int lib_out(void *data, unsigned char *buf, size_t size)
{
	return fwrite(buf, 1, size, data) == size;
}

static void lib_emit(pair *p, yaml_event_t *ev, int made)
{
	assert_true(made);
	if (!p->lib_failed && !yaml_emitter_emit(&p->em, ev))
		p->lib_failed = 1;
}

/* libyaml given what jixiao's emitter is given (the tap) */
static void lib_event(void *ctx, jx_yemit_event type, int flow, const char *s, size_t n, yaml_scalar_style_t style)
{
	pair *p = ctx;
	yaml_event_t ev;
	int made = 0;
	yaml_mapping_style_t ms = flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE;
	yaml_sequence_style_t ss = flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE;
	switch (type) {
	case JX_YE_STREAM_START: made = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING); break;
	case JX_YE_DOC_START: made = yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1); break;
	case JX_YE_DOC_END: made = yaml_document_end_event_initialize(&ev, 1); break;
	case JX_YE_STREAM_END: made = yaml_stream_end_event_initialize(&ev); break;
	case JX_YE_MAP_START: made = yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, ms); break;
	case JX_YE_MAP_END: made = yaml_mapping_end_event_initialize(&ev); break;
	case JX_YE_SEQ_START: made = yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, ss); break;
	case JX_YE_SEQ_END: made = yaml_sequence_end_event_initialize(&ev); break;
	case JX_YE_SCALAR:
		made = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style);
		break;
	}
	lib_emit(p, &ev, made);
}

/* libyaml set up as sheetio_write.c set it up before it had its own
 * emitter; with_jx: also jixiao's emitter, to be given events directly */
static void pair_open(pair *p, int with_jx)
{
	memset(p, 0, sizeof *p);
	p->lf = open_memstream(&p->lbuf, &p->llen);
	p->jf = open_memstream(&p->jbuf, &p->jlen);
	assert_non_null(p->lf);
	assert_non_null(p->jf);
	assert_true(yaml_emitter_initialize(&p->em));
	yaml_emitter_set_output(&p->em, lib_out, p->lf);
	yaml_emitter_set_unicode(&p->em, 1);
	yaml_emitter_set_width(&p->em, -1);
	yaml_emitter_set_indent(&p->em, 2);
	yaml_emitter_set_break(&p->em, YAML_LN_BREAK);
	if (with_jx) {
		p->jx = jx_yemit_new(p->jf);
		assert_non_null(p->jx);
	}
}

static unsigned long n_compared;

/* Both outputs complete and the same bytes. */
static void pair_close(pair *p, const char *what)
{
	yaml_emitter_flush(&p->em);
	yaml_emitter_delete(&p->em);
	if (p->jx)
		jx_yemit_free(p->jx);
	fclose(p->lf);
	fclose(p->jf);
	if (p->lib_failed)
		fail_msg("%s: libyaml refused the events", what);
	if (p->llen != p->jlen || memcmp(p->lbuf, p->jbuf, p->llen)) {
		size_t i = 0;
		while (i < p->llen && i < p->jlen && p->lbuf[i] == p->jbuf[i])
			i++;
		fail_msg("%s: differs at byte %zu\n--- libyaml (%zu bytes):\n%.*s\n--- jixiao (%zu bytes):\n%.*s", what, i,
			 p->llen, (int)(p->llen < 3000 ? p->llen : 3000), p->lbuf, p->jlen,
			 (int)(p->jlen < 3000 ? p->jlen : 3000), p->jbuf);
	}
	n_compared++;
	free(p->lbuf);
	free(p->jbuf);
}

/* One event to both emitters. */
static void both(pair *p, jx_yemit_event type, int flow, const char *s, size_t n, yaml_scalar_style_t style)
{
	int rc = 0;
	lib_event(p, type, flow, s, n, style);
	switch (type) {
	case JX_YE_STREAM_START: rc = jx_yemit_stream_start(p->jx); break;
	case JX_YE_DOC_START: rc = jx_yemit_document_start(p->jx); break;
	case JX_YE_DOC_END: rc = jx_yemit_document_end(p->jx); break;
	case JX_YE_STREAM_END: rc = jx_yemit_stream_end(p->jx); break;
	case JX_YE_MAP_START: rc = jx_yemit_mapping_start(p->jx, flow); break;
	case JX_YE_MAP_END: rc = jx_yemit_mapping_end(p->jx); break;
	case JX_YE_SEQ_START: rc = jx_yemit_sequence_start(p->jx, flow); break;
	case JX_YE_SEQ_END: rc = jx_yemit_sequence_end(p->jx); break;
	case JX_YE_SCALAR: rc = jx_yemit_scalar(p->jx, s, n, style); break;
	}
	if (rc < 0)
		fail_msg("jixiao's emitter refused an event: %s", jx_yemit_problem(p->jx));
}

/* ---- sheets written by sheetio_write.c, libyaml given the same events ---- */

static void compare_sheets(jx_sheet **v, const jx_sheet_history *hist, size_t n, const jx_templates *set,
			   const char *what)
{
	pair p;
	jx_err e = {{0}};
	pair_open(&p, 0);
	jx_yemit_set_tap(lib_event, &p);
	if (jx_bundle_write(p.jf, v, hist, n, set, &e) < 0)
		fail_msg("%s: %s", what, e.msg);
	jx_yemit_set_tap(NULL, NULL);
	pair_close(&p, what);
}

/* the built-in templates (band names), loaded by main */
static jx_templates set;

/* what walk calls on each file, and how many it took */
static void (*walk_fn)(const char *path, int *files);
static int walk_files;

static int walk_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	size_t nl = strlen(path);
	(void)ftw;
	if (type == FTW_F && sb->st_size <= 4 * 1024 * 1024 &&
	    ((nl > 5 && !strcmp(path + nl - 5, ".yaml")) || (nl > 4 && !strcmp(path + nl - 4, ".yml"))))
		walk_fn(path, &walk_files);
	return 0;
}

/* fn on every .yaml and .yml file of at most 4 MiB under tests/ and
 * share/; how many files fn took */
static int walk(void (*fn)(const char *path, int *files))
{
	walk_fn = fn;
	walk_files = 0;
	nftw("tests", walk_one, 16, FTW_PHYS);
	nftw("share", walk_one, 16, FTW_PHYS);
	return walk_files;
}

/* a sheet file that jixiao reads, written again with and without its
 * history and band names */
static void sheet_file(const char *path, int *files)
{
	jx_sheet **v = NULL;
	jx_sheet_history *hist = NULL;
	size_t n = 0;
	jx_err e = {{0}};
	if (jx_bundle_read(path, &set, &v, &hist, &n, &e) < 0)
		return;
	compare_sheets(v, hist, n, &set, path);
	compare_sheets(v, NULL, n, NULL, path);
	jx_sheets_free(v, n);
	jx_histories_free(hist, n);
	++*files;
}

/* ---- texts built from awkward pieces -------------------------------------- */

static const char *const pieces[] = {
	" ", "  ", ": ", ":", " #", "#", "- ", "-", "? ", "?", "'", "\"", "\\", "\t", "\r", "\n", "\r\n", "\n\n",
	"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbb\xbf", "\x01", "\x07", "\x08", "\x0b", "\x0c",
	"\x1b", "\x1f", "\x7f", "\xc2\x80", "\xc2\x9f", "\xc2\xa0", "\xef\xbf\xbe", "\xef\xbf\xbf",
	"\xef\xbf\xbd", "\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x9f\x98\x80", "\xf0\xa0\x80\x80", "项目",
	"资金", "（", "）", "：", "，", "。", "\xe3\x80\x80", "null", "~", "true", "No", "0x1F", "1e3", ".5", "12.50",
	"-", "---", "...", "a", "word", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "",
};
#define N_PIECES (sizeof pieces / sizeof pieces[0])
/* pieces that leave a text plain by themselves: mixed with the above, so
 * that one awkward piece decides the style */
static const char *const mild[] = {"a", "word", "项目", "资金", "：", "1", "x y", "#", ":", "-", "?", ".", "'", "\""};
#define N_MILD (sizeof mild / sizeof mild[0])

static unsigned long next_rand(unsigned long *s)
{
	*s = *s * 6364136223846793005ul + 1442695040888963407ul;
	return *s >> 33;
}

/* up to max_pieces pieces; now and then a long run (a key longer than
 * libyaml's 128 bytes for a simple key) */
static char *awkward(unsigned long *rs, int max_pieces)
{
	char b[2048];
	size_t n = 0;
	int k = (int)(next_rand(rs) % (unsigned long)(max_pieces + 1));
	int only_mild = next_rand(rs) % 7 == 0;
	if (next_rand(rs) % 23 == 0)
		k += 40 + (int)(next_rand(rs) % 60);
	b[0] = 0;
	for (int i = 0; i < k; i++) {
		/* only_mild: of the first seven, which leave a text plain anywhere */
		const char *pc = only_mild	       ? mild[next_rand(rs) % 7]
				 : next_rand(rs) % 3 ? mild[next_rand(rs) % N_MILD] : pieces[next_rand(rs) % N_PIECES];
		size_t l = strlen(pc);
		if (n + l >= sizeof b)
			break;
		memcpy(b + n, pc, l + 1);
		n += l;
	}
	return jx_strdup(b);
}

static void set_text(char **field, unsigned long *rs)
{
	free(*field);
	*field = awkward(rs, 5);
}

/* A sheet with every kind of field, each text awkward. */
static jx_sheet *awkward_sheet(unsigned long *rs, size_t k)
{
	jx_sheet *s = jx_sheet_new();
	char uid[32];
	assert_non_null(s);
	snprintf(uid, sizeof uid, "gen-%zu", k);
	s->uid = jx_strdup(uid);
	s->template_id = jx_strdup(k % 2 ? "project-self-2020" : "dept-eval-2020");
	s->template_version = 1;
	s->year = 2024;
	set_text(&s->status, rs);
	set_text(&s->origin, rs);
	set_text(&s->stage, rs);
	for (int i = 0; i < JX_INFO_COUNT; i++)
		set_text(&s->info[i], rs);
	for (int i = 0; i < JX_NARR_COUNT; i++)
		set_text(&s->narr[i], rs);
	for (int i = 0; i < 2; i++) {
		char *t = awkward(rs, 4);
		jx_sheet_add_basis(s, t);
		free(t);
	}
	{
		char *t = awkward(rs, 3);
		jx_fund *f = jx_sheet_add_fund(s, t);
		free(t);
		f->spent = D("1.5");
	}
	set_text(&jx_sheet_add_sub(s)->name, rs);
	{
		jx_goal *g = jx_sheet_add_goal(s);
		set_text(&g->planned, rs);
		set_text(&g->actual, rs);
	}
	s->funds_total.planned = D("100");
	for (int i = 0; i < 3; i++) {
		static const char *const keys[] = {"i1", "i2", "i3"};
		jx_indicator *d = jx_sheet_add_ind(s, keys[i]);
		for (int c = 0; c < JX_SIO_NCOLS; c++) {
			const jx_sio_col *col = &jx_sio_ind_cols[c];
			if (col->kind == JX_SIO_TEXT)
				set_text(JX_SIO_AT(d, col, char *), rs);
		}
		d->target = D("95");
		d->band = i - 1;
	}
	for (int i = 0; i < 3; i++) {
		/* nodes are keys: some multi-line or long, written as "? " keys */
		char *node = awkward(rs, 3);
		jx_sheet_set_mark(s, node, i, D("1"));
		set_text(&jx_sheet_set_entry(s, node, i ? D("2") : JX_NONE)->note, rs);
		jx_sheet_set_measure(s, node, D("3"));
		free(node);
	}
	{
		char *path = awkward(rs, 2);
		jx_stated *st = jx_sheet_add_stated(s, path);
		free(path);
		set_text(&st->text, rs);
		set_text(&st->source, rs);
	}
	set_text(&s->review_opinion, rs);
	return s;
}

static void test_awkward_sheets(void **state)
{
	unsigned long rs = 20261206;
	(void)state;
	for (size_t k = 0; k < 600; k++) {
		jx_sheet *v[2];
		jx_sheet_history h[2];
		jx_audit_row *rows = calloc(2, sizeof *rows);
		char what[48];
		size_t n = k % 2 + 1;
		assert_non_null(rows);
		for (int i = 0; i < 2; i++) {
			rows[i].gid = awkward(&rs, 2);
			rows[i].at = awkward(&rs, 2);
			rows[i].user = awkward(&rs, 2);
			rows[i].origin = awkward(&rs, 2);
			rows[i].field = awkward(&rs, 2);
			rows[i].old_value = awkward(&rs, 4);
			rows[i].new_value = awkward(&rs, 4);
		}
		for (size_t i = 0; i < n; i++) {
			v[i] = awkward_sheet(&rs, k + i);
			h[i].rows = rows;
			h[i].n = 2 - i;
		}
		snprintf(what, sizeof what, "awkward sheets %zu", k);
		compare_sheets(v, h, n, &set, what);
		compare_sheets(v, NULL, n, NULL, what);
		for (size_t i = 0; i < n; i++)
			jx_sheet_free(v[i]);
		jx_audit_free(rows, 2);
	}
}

/* ---- every YAML file's events, as libyaml reads them ----------------------- */

typedef struct {
	jx_yemit_event type;
	int flow;
	char *s;
	size_t n;
	yaml_scalar_style_t style;
} rec;

/* The events of text, or 0 when it is not one document jixiao's emitter
 * could be given (an alias; more documents; a syntax error).  Anchors and
 * tags are left out; a folded scalar is asked for as a literal one. */
static size_t file_events(const char *text, size_t len, rec **out)
{
	yaml_parser_t ps;
	yaml_event_t ev;
	rec *v = NULL;
	size_t n = 0, cap = 0;
	int docs = 0, ok = 1, done = 0;
	assert_true(yaml_parser_initialize(&ps));
	yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
	while (ok && !done) {
		rec r;
		if (!yaml_parser_parse(&ps, &ev)) {
			ok = 0;
			break;
		}
		memset(&r, 0, sizeof r);
		switch (ev.type) {
		case YAML_STREAM_START_EVENT: r.type = JX_YE_STREAM_START; break;
		case YAML_STREAM_END_EVENT:
			r.type = JX_YE_STREAM_END;
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			r.type = JX_YE_DOC_START;
			ok = ++docs == 1;
			break;
		case YAML_DOCUMENT_END_EVENT: r.type = JX_YE_DOC_END; break;
		case YAML_ALIAS_EVENT: ok = 0; break;
		case YAML_SCALAR_EVENT:
			r.type = JX_YE_SCALAR;
			r.n = ev.data.scalar.length;
			r.s = malloc(r.n + 1);
			assert_non_null(r.s);
			memcpy(r.s, ev.data.scalar.value, r.n + 1);
			r.style = ev.data.scalar.style == YAML_FOLDED_SCALAR_STYLE ? YAML_LITERAL_SCALAR_STYLE
										    : ev.data.scalar.style;
			break;
		case YAML_SEQUENCE_START_EVENT:
			r.type = JX_YE_SEQ_START;
			r.flow = ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
			break;
		case YAML_SEQUENCE_END_EVENT: r.type = JX_YE_SEQ_END; break;
		case YAML_MAPPING_START_EVENT:
			r.type = JX_YE_MAP_START;
			r.flow = ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
			break;
		case YAML_MAPPING_END_EVENT: r.type = JX_YE_MAP_END; break;
		default: ok = 0; break;
		}
		yaml_event_delete(&ev);
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(v, cap * sizeof *v);
			assert_non_null(v);
		}
		v[n++] = r;
	}
	yaml_parser_delete(&ps);
	if (!ok || !docs) {
		for (size_t i = 0; i < n; i++)
			free(v[i].s);
		free(v);
		return 0;
	}
	*out = v;
	return n;
}

static void replay(const rec *v, size_t n, const char *what, int any_style)
{
	pair p;
	pair_open(&p, 1);
	for (size_t i = 0; i < n; i++)
		both(&p, v[i].type, v[i].flow, v[i].s, v[i].n, any_style ? YAML_ANY_SCALAR_STYLE : v[i].style);
	pair_close(&p, what);
}

static void yaml_file(const char *path, int *files)
{
	size_t len, n;
	rec *v = NULL;
	char *text = test_read_file(path, &len);
	n = file_events(text, len, &v);
	free(text);
	if (!n)
		return;
	replay(v, n, path, 0);
	replay(v, n, path, 1);
	for (size_t i = 0; i < n; i++)
		free(v[i].s);
	free(v);
	++*files;
}

/* every YAML file as libyaml reads it, and every sheet file as jixiao
 * reads it and writes it again */
static void test_files(void **state)
{
	(void)state;
	/* the templates and report layouts alone are a dozen files */
	assert_true(walk(yaml_file) > 12);
	/* share/samples alone holds more than ten sheet files */
	assert_true(walk(sheet_file) > 10);
}

/* ---- random trees ------------------------------------------------------------ */

static const yaml_scalar_style_t styles[] = {YAML_ANY_SCALAR_STYLE, YAML_PLAIN_SCALAR_STYLE,
					     YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE,
					     YAML_LITERAL_SCALAR_STYLE};

static void random_node(pair *p, unsigned long *rs, int depth)
{
	unsigned long r = next_rand(rs) % 10;
	if (depth > 4 || r < 6) {
		char *t = awkward(rs, 5);
		both(p, JX_YE_SCALAR, 0, t, strlen(t), styles[next_rand(rs) % 5]);
		free(t);
		return;
	}
	{
		int flow = next_rand(rs) % 4 == 0, map = r < 8;
		int items = (int)(next_rand(rs) % 4);
		both(p, map ? JX_YE_MAP_START : JX_YE_SEQ_START, flow, NULL, 0, YAML_ANY_SCALAR_STYLE);
		for (int i = 0; i < items; i++) {
			if (map)
				random_node(p, rs, depth + 1 + (next_rand(rs) % 8 != 0) * 10);
			random_node(p, rs, depth + 1);
		}
		both(p, map ? JX_YE_MAP_END : JX_YE_SEQ_END, 0, NULL, 0, YAML_ANY_SCALAR_STYLE);
	}
}

static void test_random_trees(void **state)
{
	unsigned long rs = 14;
	(void)state;
	for (int k = 0; k < 5000; k++) {
		pair p;
		char what[32];
		snprintf(what, sizeof what, "random tree %d", k);
		pair_open(&p, 1);
		both(&p, JX_YE_STREAM_START, 0, NULL, 0, YAML_ANY_SCALAR_STYLE);
		both(&p, JX_YE_DOC_START, 0, NULL, 0, YAML_ANY_SCALAR_STYLE);
		random_node(&p, &rs, 0);
		both(&p, JX_YE_DOC_END, 0, NULL, 0, YAML_ANY_SCALAR_STYLE);
		both(&p, JX_YE_STREAM_END, 0, NULL, 0, YAML_ANY_SCALAR_STYLE);
		pair_close(&p, what);
	}
}

/* ---- a write that fails ------------------------------------------------------ */

static void test_refusals(void **state)
{
	jx_yemit *e = jx_yemit_new(stdout);
	(void)state;
	assert_non_null(e);
	/* a scalar before the stream starts: refused, and so is all after */
	assert_int_equal(jx_yemit_scalar(e, "x", 1, YAML_PLAIN_SCALAR_STYLE), -1);
	assert_non_null(jx_yemit_problem(e));
	assert_int_equal(jx_yemit_stream_start(e), -1);
	jx_yemit_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_random_trees),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_awkward_sheets),
	};
	jx_err e = {{0}};
	int rc;
	if (jx_templates_load_builtin(&set, &e) < 0) {
		fprintf(stderr, "templates: %s\n", e.msg);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	jx_templates_free(&set);
	printf("# %lu outputs compared\n", n_compared);
	return rc;
}
