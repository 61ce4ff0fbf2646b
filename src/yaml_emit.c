/* jixiao's YAML written without libyaml's emitter (yaml_emit.h says why
 * and what it writes).  The state machine, the scalar analysis and the
 * writers follow libyaml 0.2.5's src/emitter.c function by function, with
 * what jixiao's settings make constant left out: the width is unlimited
 * (no folding of long lines), output is UTF-8 with LN breaks and unicode
 * on, and there are no anchors, tags, directives or explicit documents. */
#include "yaml_emit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE (64u * 1024u)
/* the deepest nesting accepted; jixiao's files nest five deep */
#define MAX_DEPTH 64


static jx_yemit_tap tap;
static void *tap_ctx;

void jx_yemit_set_tap(jx_yemit_tap fn, void *ctx)
{
	tap = fn;
	tap_ctx = ctx;
}

/* libyaml's emitter states (YAML_EMIT_*_STATE), F flow and B block */
enum { S_STREAM_START, S_FIRST_DOC_START, S_DOC_START, S_DOC_CONTENT, S_DOC_END, S_FSEQ_FIRST, S_FSEQ,
       S_FMAP_FIRST_KEY, S_FMAP_KEY, S_FMAP_SIMPLE_VALUE, S_FMAP_VALUE, S_BSEQ_FIRST, S_BSEQ, S_BMAP_FIRST_KEY,
       S_BMAP_KEY, S_BMAP_SIMPLE_VALUE, S_BMAP_VALUE, S_END };

typedef struct {
	jx_yemit_event type;
	int flow;  /* a start's style */
	int empty; /* a start followed at once by its end (libyaml looks ahead) */
	const unsigned char *v;
	size_t n;
	yaml_scalar_style_t style;
} ev;

struct jx_yemit {
	FILE *f;
	int io_error, failed;
	const char *problem;
	int state, states[MAX_DEPTH * 2 + 4], n_states;
	int indent, indents[MAX_DEPTH * 2 + 4], n_indents;
	int flow_level;
	int simple_key_ctx, mapping_ctx;
	long column;
	int whitespace, indention, open_ended;
	/* a start waits for the next event, which says whether it is empty */
	int pending;
	ev pend;
	/* what yaml_emitter_analyze_scalar found of the scalar being written */
	struct {
		int multiline, flow_plain, block_plain, single_quoted, block;
		yaml_scalar_style_t style;
	} sc;
	size_t n;
	unsigned char buf[BUF_SIZE];
};

static int fail(jx_yemit *e, const char *problem)
{
	if (!e->failed) {
		e->failed = 1;
		e->problem = problem;
	}
	return -1;
}

static void flush(jx_yemit *e)
{
	if (e->n && !e->io_error && fwrite(e->buf, 1, e->n, e->f) != e->n) {
		e->io_error = errno ? errno : EIO;
		fail(e, "write error");
	}
	e->n = 0;
}

/* room for at least k more bytes */
static inline void room(jx_yemit *e, size_t k)
{
	if (e->n + k > BUF_SIZE)
		flush(e);
}

static inline void put(jx_yemit *e, unsigned char c)
{
	room(e, 1);
	e->buf[e->n++] = c;
	e->column++;
}

static inline void put_break(jx_yemit *e)
{
	room(e, 1);
	e->buf[e->n++] = '\n';
	e->column = 0;
}

static inline unsigned width_of(unsigned char c)
{
	return (c & 0x80) == 0 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
}

/* one character copied (libyaml's WRITE); the pointer moved past it */
static inline void write_char(jx_yemit *e, const unsigned char **p)
{
	unsigned w = width_of(**p);
	room(e, 4);
	for (unsigned k = 0; k < w; k++)
		e->buf[e->n++] = (*p)[k];
	*p += w;
	e->column++;
}

static inline int is_break(const unsigned char *p)
{
	return p[0] == '\r' || p[0] == '\n' || (p[0] == 0xC2 && p[1] == 0x85) ||
	       (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9));
}

/* libyaml's WRITE_BREAK with LN breaks */
static inline void write_break(jx_yemit *e, const unsigned char **p)
{
	if (**p == '\n') {
		put_break(e);
		++*p;
	} else {
		write_char(e, p);
		e->column = 0;
	}
}

static inline int is_printable(const unsigned char *p)
{
	return p[0] == 0x0A || (p[0] >= 0x20 && p[0] <= 0x7E) || (p[0] == 0xC2 && p[1] >= 0xA0) ||
	       (p[0] > 0xC2 && p[0] < 0xED) || (p[0] == 0xED && p[1] < 0xA0) || p[0] == 0xEE ||
	       (p[0] == 0xEF && !(p[1] == 0xBB && p[2] == 0xBF) && !(p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)));
}

static inline int is_blankz(const unsigned char *p)
{
	return p[0] == ' ' || p[0] == '\t' || p[0] == '\0' || is_break(p);
}

static void write_indent(jx_yemit *e)
{
	int indent = e->indent >= 0 ? e->indent : 0;
	if (!e->indention || e->column > indent || (e->column == indent && !e->whitespace))
		put_break(e);
	if (e->column < indent) {
		size_t k = (size_t)(indent - e->column);
		room(e, k);
		memset(e->buf + e->n, ' ', k);
		e->n += k;
		e->column = indent;
	}
	e->whitespace = 1;
	e->indention = 1;
}

static void write_indicator(jx_yemit *e, const char *ind, int need_ws, int is_ws, int is_indention)
{
	if (need_ws && !e->whitespace)
		put(e, ' ');
	while (*ind)
		put(e, (unsigned char)*ind++);
	e->whitespace = is_ws;
	e->indention = e->indention && is_indention;
}

static int push_state(jx_yemit *e, int s)
{
	if (e->n_states == (int)(sizeof e->states / sizeof e->states[0]))
		return fail(e, "nested too deeply");
	e->states[e->n_states++] = s;
	return 0;
}

static int pop_state(jx_yemit *e)
{
	return e->n_states ? e->states[--e->n_states] : S_END;
}

static int increase_indent(jx_yemit *e, int flow, int indentless)
{
	if (e->n_indents == (int)(sizeof e->indents / sizeof e->indents[0]))
		return fail(e, "nested too deeply");
	e->indents[e->n_indents++] = e->indent;
	if (e->indent < 0)
		e->indent = flow ? 2 : 0;
	else if (!indentless)
		e->indent += 2;
	return 0;
}

static void pop_indent(jx_yemit *e)
{
	e->indent = e->n_indents ? e->indents[--e->n_indents] : -1;
}

/* Where a byte leaves a scalar's analysis as plain letters would:
 * Q_FIRST as its first byte, Q_MID after it, Q_LAST as its last.  No byte
 * of an indicator (libyaml's, at the place given), of a line break, of a
 * character libyaml does not print, nor a tab; E2 and EF lead characters
 * that are (U+2028/2029; the BOM, U+FFFE/FFFF) and others that are not,
 * looked at by quiet_scalar. */
enum { Q_FIRST = 1, Q_MID = 2, Q_LAST = 4, Q_ALL = 7 };
static unsigned char quiet_tab[256];

static void quiet_init(void)
{
	static const char anywhere[] = "$()+/;<=^_~\\";
	static const char not_first[] = "-.>!&*|%@`'\"";
	unsigned c;
	if (quiet_tab['a'])
		return;
	for (c = '0'; c <= '9'; c++)
		quiet_tab[c] = Q_ALL;
	for (c = 'a'; c <= 'z'; c++)
		quiet_tab[c] = quiet_tab[c - 'a' + 'A'] = Q_ALL;
	for (const char *k = anywhere; *k; k++)
		quiet_tab[(unsigned char)*k] = Q_ALL;
	for (const char *k = not_first; *k; k++)
		quiet_tab[(unsigned char)*k] = Q_MID | Q_LAST;
	quiet_tab[' '] = Q_MID;
	for (c = 0x80; c <= 0xBF; c++)
		quiet_tab[c] = Q_MID | Q_LAST;
	/* lead bytes of characters that are all printable and no break */
	for (c = 0xC3; c <= 0xEC; c++)
		if (c != 0xE2)
			quiet_tab[c] = Q_ALL;
	quiet_tab[0xEE] = Q_ALL;
}

/* Whether s (n > 0) is analysed as plain letters would be: plain, single
 * quotes and a block all allowed, one line.  Most of what jixiao writes
 * is, and is told in a few instructions a byte; the rest goes through
 * analyze_scalar's whole pass. */
static int quiet_scalar(const unsigned char *s, size_t n)
{
	if (!(quiet_tab[s[0]] & Q_FIRST) || !(quiet_tab[s[n - 1]] & Q_LAST))
		return 0;
	for (size_t i = 1; i < n; i++) {
		const unsigned char *p = s + i;
		if (quiet_tab[*p] & Q_MID)
			continue;
		if (*p == 0xE2 && !(p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))
			continue; /* 　“”—…≥: not U+2028/2029 */
		if (*p == 0xEF && !(p[1] == 0xBB && p[2] == 0xBF) && !(p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)))
			continue; /* full-width ，：（） */
		return 0;
	}
	return 1;
}

/* yaml_emitter_analyze_scalar, unicode on */
static void analyze_scalar(jx_yemit *e, const unsigned char *s, size_t n)
{
	int block_ind = 0, flow_ind = 0, line_breaks = 0, special = 0;
	int leading_space = 0, leading_break = 0, trailing_space = 0, trailing_break = 0;
	int break_space = 0, space_break = 0, previous_space = 0, previous_break = 0;
	int preceded_by_ws = 1, followed_by_ws, brk;
	const unsigned char *p = s, *end = s + n;

	if (n && quiet_scalar(s, n)) {
		e->sc.multiline = 0;
		e->sc.flow_plain = e->sc.block_plain = e->sc.single_quoted = e->sc.block = 1;
		return;
	}
	if (!n) {
		e->sc.multiline = 0;
		e->sc.flow_plain = 0;
		e->sc.block_plain = 1;
		e->sc.single_quoted = 1;
		e->sc.block = 0;
		return;
	}
	if ((s[0] == '-' && s[1] == '-' && s[2] == '-') || (s[0] == '.' && s[1] == '.' && s[2] == '.'))
		block_ind = flow_ind = 1;
	followed_by_ws = is_blankz(p + width_of(*p));
	while (p != end) {
		unsigned char c = *p;
		if (p == s) {
			if (strchr("#,[]{}&*!|>'\"%@`", c) && c) {
				flow_ind = 1;
				block_ind = 1;
			}
			if (c == '?' || c == ':') {
				flow_ind = 1;
				if (followed_by_ws)
					block_ind = 1;
			}
			if (c == '-' && followed_by_ws)
				flow_ind = block_ind = 1;
		} else {
			if (c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}')
				flow_ind = 1;
			if (c == ':') {
				flow_ind = 1;
				if (followed_by_ws)
					block_ind = 1;
			}
			if (c == '#' && preceded_by_ws)
				flow_ind = block_ind = 1;
		}
		if (!is_printable(p))
			special = 1;
		brk = is_break(p);
		line_breaks |= brk;
		if (c == ' ' || brk) {
			int at_start = p == s, at_end = p + width_of(c) == end;
			if (c == ' ') {
				leading_space |= at_start;
				trailing_space |= at_end;
				break_space |= previous_break;
			} else {
				leading_break |= at_start;
				trailing_break |= at_end;
				space_break |= previous_space;
			}
			previous_space = c == ' ';
			previous_break = !previous_space;
		} else {
			previous_space = previous_break = 0;
		}
		preceded_by_ws = is_blankz(p);
		p += width_of(c);
		if (p != end)
			followed_by_ws = is_blankz(p + width_of(*p));
	}
	e->sc.multiline = line_breaks;
	e->sc.flow_plain = e->sc.block_plain = e->sc.single_quoted = e->sc.block = 1;
	if (leading_space || leading_break || trailing_space || trailing_break)
		e->sc.flow_plain = e->sc.block_plain = 0;
	if (trailing_space)
		e->sc.block = 0;
	if (break_space)
		e->sc.flow_plain = e->sc.block_plain = e->sc.single_quoted = 0;
	if (space_break || special)
		e->sc.flow_plain = e->sc.block_plain = e->sc.single_quoted = e->sc.block = 0;
	if (line_breaks)
		e->sc.flow_plain = e->sc.block_plain = 0;
	if (flow_ind)
		e->sc.flow_plain = 0;
	if (block_ind)
		e->sc.block_plain = 0;
}

/* yaml_emitter_select_scalar_style, both implicit flags set, no tag */
static void select_style(jx_yemit *e, const ev *v)
{
	yaml_scalar_style_t style = v->style == YAML_ANY_SCALAR_STYLE ? YAML_PLAIN_SCALAR_STYLE : v->style;
	if (e->simple_key_ctx && e->sc.multiline)
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (style == YAML_PLAIN_SCALAR_STYLE) {
		if ((e->flow_level && !e->sc.flow_plain) || (!e->flow_level && !e->sc.block_plain))
			style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
		if (!v->n && (e->flow_level || e->simple_key_ctx))
			style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
	}
	if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE && !e->sc.single_quoted)
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (style == YAML_LITERAL_SCALAR_STYLE && (!e->sc.block || e->flow_level || e->simple_key_ctx))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	e->sc.style = style;
}

/* a plain scalar's text: plain is never chosen for text with a line
 * break, and with no width limit spaces are written as they are, so the
 * text goes out whole */
static void write_text(jx_yemit *e, const unsigned char *s, size_t n)
{
	if (n > BUF_SIZE / 2) {
		flush(e);
		if (!e->io_error && fwrite(s, 1, n, e->f) != n) {
			e->io_error = errno ? errno : EIO;
			fail(e, "write error");
		}
	} else {
		room(e, n);
		memcpy(e->buf + e->n, s, n);
		e->n += n;
	}
	/* bytes, not characters: after a scalar's text comes a line break or
	 * an indicator, never an indentation measured against this column */
	e->column += (long)n;
	e->whitespace = 0;
	e->indention = 0;
}

static void write_plain(jx_yemit *e, const unsigned char *s, size_t n)
{
	if (!e->whitespace && (n || e->flow_level))
		put(e, ' ');
	write_text(e, s, n);
}

static void write_single_quoted(jx_yemit *e, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;
	int breaks = 0;
	write_indicator(e, "'", 1, 0, 0);
	while (p != end) {
		if (*p == ' ') {
			write_char(e, &p);
		} else if (is_break(p)) {
			if (!breaks && *p == '\n')
				put_break(e);
			write_break(e, &p);
			e->indention = 1;
			breaks = 1;
		} else {
			if (breaks)
				write_indent(e);
			if (*p == '\'')
				put(e, '\'');
			write_char(e, &p);
			e->indention = 0;
			breaks = 0;
		}
	}
	if (breaks)
		write_indent(e);
	write_indicator(e, "'", 0, 0, 0);
	e->whitespace = 0;
	e->indention = 0;
}

static void write_escape(jx_yemit *e, const unsigned char **pp)
{
	const unsigned char *p = *pp;
	unsigned w = width_of(p[0]), value, k;
	static const char hex[] = "0123456789ABCDEF";
	char c = 0;
	value = w == 1 ? p[0] & 0x7F : w == 2 ? p[0] & 0x1F : w == 3 ? p[0] & 0x0F : p[0] & 0x07;
	for (k = 1; k < w; k++)
		value = (value << 6) + (p[k] & 0x3F);
	*pp = p + w;
	put(e, '\\');
	switch (value) {
	case 0x00: c = '0'; break;
	case 0x07: c = 'a'; break;
	case 0x08: c = 'b'; break;
	case 0x09: c = 't'; break;
	case 0x0A: c = 'n'; break;
	case 0x0B: c = 'v'; break;
	case 0x0C: c = 'f'; break;
	case 0x0D: c = 'r'; break;
	case 0x1B: c = 'e'; break;
	case 0x22: c = '"'; break;
	case 0x5C: c = '\\'; break;
	case 0x85: c = 'N'; break;
	case 0xA0: c = '_'; break;
	case 0x2028: c = 'L'; break;
	case 0x2029: c = 'P'; break;
	}
	if (c) {
		put(e, (unsigned char)c);
		return;
	}
	w = value <= 0xFF ? 2 : value <= 0xFFFF ? 4 : 8;
	put(e, w == 2 ? 'x' : w == 4 ? 'u' : 'U');
	for (int sh = (int)(w - 1) * 4; sh >= 0; sh -= 4)
		put(e, (unsigned char)hex[(value >> sh) & 0x0F]);
}

static void write_double_quoted(jx_yemit *e, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;
	write_indicator(e, "\"", 1, 0, 0);
	while (p != end) {
		if (!is_printable(p) || (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) || is_break(p) || *p == '"' ||
		    *p == '\\')
			write_escape(e, &p);
		else
			write_char(e, &p);
	}
	write_indicator(e, "\"", 0, 0, 0);
	e->whitespace = 0;
	e->indention = 0;
}

/* yaml_emitter_write_block_scalar_hints */
static void write_block_hints(jx_yemit *e, const unsigned char *s, size_t n)
{
	const char *chomp = NULL;
	const unsigned char *p = s + n;
	if (n && (s[0] == ' ' || is_break(s)))
		write_indicator(e, "2", 0, 0, 0);
	e->open_ended = 0;
	if (!n) {
		chomp = "-";
	} else {
		do
			p--;
		while ((*p & 0xC0) == 0x80);
		if (!is_break(p)) {
			chomp = "-";
		} else if (p == s) {
			chomp = "+";
			e->open_ended = 2;
		} else {
			do
				p--;
			while ((*p & 0xC0) == 0x80);
			if (is_break(p)) {
				chomp = "+";
				e->open_ended = 2;
			}
		}
	}
	if (chomp)
		write_indicator(e, chomp, 0, 0, 0);
}

static void write_literal(jx_yemit *e, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;
	int breaks = 1;
	write_indicator(e, "|", 1, 0, 0);
	write_block_hints(e, p, n);
	put_break(e);
	e->indention = 1;
	e->whitespace = 1;
	while (p != end) {
		if (is_break(p)) {
			write_break(e, &p);
			e->indention = 1;
			breaks = 1;
		} else {
			const unsigned char *run = p;
			if (breaks)
				write_indent(e);
			/* up to the next line break, as it is */
			while (p != end && !is_break(p))
				p += width_of(*p);
			room(e, (size_t)(p - run));
			if ((size_t)(p - run) > BUF_SIZE) {
				for (p = run; p != end && !is_break(p);)
					write_char(e, &p);
			} else {
				memcpy(e->buf + e->n, run, (size_t)(p - run));
				e->n += (size_t)(p - run);
				e->column += (long)(p - run); /* as in write_plain */
			}
			e->indention = 0;
			breaks = 0;
		}
	}
}

static int emit_scalar(jx_yemit *e, const ev *v)
{
	select_style(e, v);
	if (increase_indent(e, 1, 0) < 0)
		return -1;
	switch (e->sc.style) {
	case YAML_PLAIN_SCALAR_STYLE: write_plain(e, v->v, v->n); break;
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: write_single_quoted(e, v->v, v->n); break;
	case YAML_LITERAL_SCALAR_STYLE: write_literal(e, v->v, v->n); break;
	default: write_double_quoted(e, v->v, v->n); break;
	}
	pop_indent(e);
	e->state = pop_state(e);
	return 0;
}

/* yaml_emitter_emit_node */
static int emit_node(jx_yemit *e, const ev *v, int mapping, int simple_key)
{
	e->mapping_ctx = mapping;
	e->simple_key_ctx = simple_key;
	switch (v->type) {
	case JX_YE_SCALAR: return emit_scalar(e, v);
	case JX_YE_SEQ_START:
		e->state = e->flow_level || v->flow || v->empty ? S_FSEQ_FIRST : S_BSEQ_FIRST;
		return 0;
	case JX_YE_MAP_START:
		e->state = e->flow_level || v->flow || v->empty ? S_FMAP_FIRST_KEY : S_BMAP_FIRST_KEY;
		return 0;
	default: break;
	}
	return fail(e, "expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS");
}

/* yaml_emitter_check_simple_key */
static int simple_key(const jx_yemit *e, const ev *v)
{
	if (v->type == JX_YE_SCALAR)
		return !e->sc.multiline && v->n <= 128;
	return (v->type == JX_YE_SEQ_START || v->type == JX_YE_MAP_START) && v->empty;
}

/* A mapping's key: simple (the value follows its ':'), or else after "? "
 * (the value on a line of its own in a block mapping). */
static int map_key(jx_yemit *e, const ev *v, int simple_state, int value_state, int is_indention)
{
	if (simple_key(e, v)) {
		if (push_state(e, simple_state) < 0)
			return -1;
		return emit_node(e, v, 1, 1);
	}
	write_indicator(e, "?", 1, 0, is_indention);
	if (push_state(e, value_state) < 0)
		return -1;
	return emit_node(e, v, 1, 0);
}

/* What a flow collection's item starts with: the opening bracket before
 * the first, the closing one at its end (1: the end was taken), a comma
 * between items (0: an item follows). */
static int flow_item(jx_yemit *e, const ev *v, int first, const char *brackets, jx_yemit_event end_type)
{
	if (first) {
		write_indicator(e, brackets[0] == '[' ? "[" : "{", 1, 1, 0);
		if (increase_indent(e, 1, 0) < 0)
			return -1;
		e->flow_level++;
	}
	if (v->type == end_type) {
		e->flow_level--;
		pop_indent(e);
		write_indicator(e, brackets[1] == ']' ? "]" : "}", 0, 0, 0);
		e->state = pop_state(e);
		return 1;
	}
	if (!first)
		write_indicator(e, ",", 0, 0, 0);
	return 0;
}

static int flow_seq_item(jx_yemit *e, const ev *v, int first)
{
	int rc = flow_item(e, v, first, "[]", JX_YE_SEQ_END);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (push_state(e, S_FSEQ) < 0)
		return -1;
	return emit_node(e, v, 0, 0);
}

static int flow_map_key(jx_yemit *e, const ev *v, int first)
{
	int rc = flow_item(e, v, first, "{}", JX_YE_MAP_END);
	if (rc)
		return rc < 0 ? -1 : 0;
	return map_key(e, v, S_FMAP_SIMPLE_VALUE, S_FMAP_VALUE, 0);
}

static int flow_map_value(jx_yemit *e, const ev *v, int simple)
{
	write_indicator(e, ":", !simple, 0, 0);
	if (push_state(e, S_FMAP_KEY) < 0)
		return -1;
	return emit_node(e, v, 1, 0);
}

/* A block sequence's item after "- ", or a block mapping's key; a
 * sequence in a mapping's value is not indented further */
static int block_item(jx_yemit *e, const ev *v, int first, int map)
{
	if (first && increase_indent(e, 0, !map && e->mapping_ctx && !e->indention) < 0)
		return -1;
	if (v->type == (map ? JX_YE_MAP_END : JX_YE_SEQ_END)) {
		pop_indent(e);
		e->state = pop_state(e);
		return 0;
	}
	write_indent(e);
	if (map)
		return map_key(e, v, S_BMAP_SIMPLE_VALUE, S_BMAP_VALUE, 1);
	write_indicator(e, "-", 1, 0, 1);
	if (push_state(e, S_BSEQ) < 0)
		return -1;
	return emit_node(e, v, 0, 0);
}

static int block_map_value(jx_yemit *e, const ev *v, int simple)
{
	if (simple) {
		write_indicator(e, ":", 0, 0, 0);
	} else {
		write_indent(e);
		write_indicator(e, ":", 1, 0, 1);
	}
	if (push_state(e, S_BMAP_KEY) < 0)
		return -1;
	return emit_node(e, v, 1, 0);
}

static int doc_start(jx_yemit *e, const ev *v)
{
	if (v->type == JX_YE_DOC_START) {
		/* implicit: nothing written for the first document */
		if (e->state != S_FIRST_DOC_START)
			return fail(e, "only one document is written");
		e->open_ended = 0;
		e->state = S_DOC_CONTENT;
		return 0;
	}
	if (v->type != JX_YE_STREAM_END)
		return fail(e, "expected DOCUMENT-START or STREAM-END");
	if (e->open_ended == 2) {
		write_indicator(e, "...", 1, 0, 0);
		e->open_ended = 0;
		write_indent(e);
	}
	flush(e);
	e->state = S_END;
	return 0;
}

static int state_machine(jx_yemit *e, const ev *v)
{
	switch (e->state) {
	case S_FIRST_DOC_START:
	case S_DOC_START: return doc_start(e, v);
	case S_DOC_CONTENT:
		if (push_state(e, S_DOC_END) < 0)
			return -1;
		return emit_node(e, v, 0, 0);
	case S_DOC_END:
		if (v->type != JX_YE_DOC_END)
			return fail(e, "expected DOCUMENT-END");
		write_indent(e);
		if (!e->open_ended)
			e->open_ended = 1;
		flush(e);
		e->state = S_DOC_START;
		return 0;
	case S_FSEQ_FIRST: return flow_seq_item(e, v, 1);
	case S_FSEQ: return flow_seq_item(e, v, 0);
	case S_FMAP_FIRST_KEY: return flow_map_key(e, v, 1);
	case S_FMAP_KEY: return flow_map_key(e, v, 0);
	case S_FMAP_SIMPLE_VALUE: return flow_map_value(e, v, 1);
	case S_FMAP_VALUE: return flow_map_value(e, v, 0);
	case S_BSEQ_FIRST: return block_item(e, v, 1, 0);
	case S_BSEQ: return block_item(e, v, 0, 0);
	case S_BMAP_FIRST_KEY: return block_item(e, v, 1, 1);
	case S_BMAP_KEY: return block_item(e, v, 0, 1);
	case S_BMAP_SIMPLE_VALUE: return block_map_value(e, v, 1);
	case S_BMAP_VALUE: return block_map_value(e, v, 0);
	}
	return fail(e, "expected nothing after STREAM-END");
}

static int process(jx_yemit *e, const ev *v)
{
	if (v->type == JX_YE_SCALAR)
		analyze_scalar(e, v->v, v->n);
	if (state_machine(e, v) < 0 || e->failed)
		return -1;
	return 0;
}

/* A start is held until the next event says whether it is empty. */
static int give(jx_yemit *e, ev *v)
{
	if (e->failed)
		return -1;
	if (e->pending) {
		e->pending = 0;
		e->pend.empty = (e->pend.type == JX_YE_MAP_START && v->type == JX_YE_MAP_END) ||
				(e->pend.type == JX_YE_SEQ_START && v->type == JX_YE_SEQ_END);
		if (process(e, &e->pend) < 0)
			return -1;
	}
	if (v->type == JX_YE_MAP_START || v->type == JX_YE_SEQ_START) {
		e->pend = *v;
		e->pending = 1;
		return 0;
	}
	return process(e, v);
}

static int give_type(jx_yemit *e, int type, int flow)
{
	ev v;
	if (tap && !e->failed)
		tap(tap_ctx, type, flow, NULL, 0, YAML_ANY_SCALAR_STYLE);
	memset(&v, 0, sizeof v);
	v.type = type;
	v.flow = flow;
	return give(e, &v);
}

jx_yemit *jx_yemit_new(FILE *f)
{
	jx_yemit *e = calloc(1, sizeof *e);
	quiet_init();
	if (!e)
		return NULL;
	e->f = f;
	e->state = S_STREAM_START;
	return e;
}

void jx_yemit_free(jx_yemit *e)
{
	free(e);
}

int jx_yemit_stream_start(jx_yemit *e)
{
	if (e->failed)
		return -1;
	if (e->state != S_STREAM_START)
		return fail(e, "expected STREAM-START");
	if (tap)
		tap(tap_ctx, JX_YE_STREAM_START, 0, NULL, 0, YAML_ANY_SCALAR_STYLE);
	e->indent = -1;
	e->column = 0;
	e->whitespace = 1;
	e->indention = 1;
	e->open_ended = 0;
	e->state = S_FIRST_DOC_START;
	return 0;
}

int jx_yemit_document_start(jx_yemit *e)
{
	return give_type(e, JX_YE_DOC_START, 0);
}

int jx_yemit_document_end(jx_yemit *e)
{
	return give_type(e, JX_YE_DOC_END, 0);
}

int jx_yemit_stream_end(jx_yemit *e)
{
	if (give_type(e, JX_YE_STREAM_END, 0) < 0)
		return -1;
	flush(e);
	return e->failed ? -1 : 0;
}

int jx_yemit_mapping_start(jx_yemit *e, int flow)
{
	return give_type(e, JX_YE_MAP_START, flow);
}

int jx_yemit_mapping_end(jx_yemit *e)
{
	return give_type(e, JX_YE_MAP_END, 0);
}

int jx_yemit_sequence_start(jx_yemit *e, int flow)
{
	return give_type(e, JX_YE_SEQ_START, flow);
}

int jx_yemit_sequence_end(jx_yemit *e)
{
	return give_type(e, JX_YE_SEQ_END, 0);
}

/* The two commonest events the shortest way: a block mapping's key and
 * its value, each plain or of any style, analysed as plain letters would
 * be (quiet_scalar), the key of at most 128 bytes.  What the state
 * machine does for them (block_item, map_key, emit_scalar and write_plain;
 * block_map_value), less the steps that undo each other (a state pushed
 * and popped, the indentation raised and restored).
 * 1: written; 0: to be given the long way. */
static int quick_scalar(jx_yemit *e, const unsigned char *s, size_t n, yaml_scalar_style_t style)
{
	if (e->pending || e->failed || !n || (style != YAML_PLAIN_SCALAR_STYLE && style != YAML_ANY_SCALAR_STYLE))
		return 0;
	if (e->state == S_BMAP_KEY || e->state == S_BMAP_FIRST_KEY) {
		if (n > 128 || !quiet_scalar(s, n))
			return 0;
		if (e->state == S_BMAP_FIRST_KEY && increase_indent(e, 0, 0) < 0)
			return 0;
		write_indent(e);
		e->state = S_BMAP_SIMPLE_VALUE;
		e->simple_key_ctx = 1;
	} else if (e->state == S_BMAP_SIMPLE_VALUE) {
		if (!quiet_scalar(s, n))
			return 0;
		room(e, 2);
		e->buf[e->n++] = ':';
		e->buf[e->n++] = ' ';
		e->column += 2;
		e->state = S_BMAP_KEY;
		e->simple_key_ctx = 0;
	} else {
		return 0;
	}
	e->mapping_ctx = 1;
	write_text(e, s, n);
	return 1;
}

int jx_yemit_scalar(jx_yemit *e, const char *s, size_t n, yaml_scalar_style_t style)
{
	ev v;
	if (tap && !e->failed)
		tap(tap_ctx, JX_YE_SCALAR, 0, s, n, style);
	/* a start waiting for this scalar is no empty collection */
	if (e->pending && !e->failed) {
		e->pending = 0;
		e->pend.empty = 0;
		if (process(e, &e->pend) < 0)
			return -1;
	}
	if (quick_scalar(e, (const unsigned char *)s, n, style))
		return 0;
	if (style == YAML_FOLDED_SCALAR_STYLE)
		return fail(e, "folded scalars are not written");
	memset(&v, 0, sizeof v);
	v.type = JX_YE_SCALAR;
	v.v = (const unsigned char *)s;
	v.n = n;
	v.style = style;
	return give(e, &v);
}

const char *jx_yemit_problem(const jx_yemit *e)
{
	return e->problem;
}

int jx_yemit_io_error(const jx_yemit *e)
{
	return e->io_error;
}
