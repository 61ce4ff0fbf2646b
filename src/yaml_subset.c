/* The YAML jixiao writes, read without libyaml (yaml_subset.h says why and
 * what it reads). */
#include "yaml_subset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "resize.h"
#include "yamldoc.h"

/* libyaml decodes at most its 16 KiB raw buffer ahead of what it scans;
 * everything this far past the line being read is checked before that
 * line's events are given */
#define AHEAD (64u * 1024u)
#define CHUNK (256u * 1024u)
/* deeper than yamldoc's own cap, so that it is yamldoc's message that a
 * too deep file gets, from whichever reader */
#define MAX_DEPTH (YD_MAX_DEPTH + 4)
/* libyaml gives up a key of more than 1,024 characters before its ':' */
#define MAX_KEY 1000
#define MAX_FLOW 4096
#define ONES 0x0101010101010101ull
#define ONES80 (ONES * 0x80)

enum { K_MAP, K_SEQ };

/* An event waiting for the next line to be checked, given as it stands:
 * its text at off in the reader's text buffer, or (src not 0) a plain
 * scalar's where it stands in the input, at offset src - 1: not copied,
 * and kept in the buffer until given (fill).  Its str points there, set
 * again by repoint whenever either buffer moves. */
typedef struct {
	ys_event e;
	size_t off, src;
} qev;

/* A literal block scalar's header, read at the end of its line. */
typedef struct {
	int set, hint, chomp, line, col, parent;
} lit_head;

/* A scalar token of a line. */
typedef struct {
	ys_style style;
	size_t off, len, src; /* src: as qev's */
	const char *after; /* past the scalar, past its ':' for a key */
	const char *str; /* its text (where src or off says) */
	int is_key, col;
} tok;

typedef struct {
	FILE *in;
	const char *buf; /* the data, or own (the file's bytes read) */
	char *own;
	size_t cap, end, pos, checked, base;
	size_t line_at; /* where the line being read starts in the input */
	const char *hi; /* the line's bytes before it are below 0x80 (col_of) */
	int eof, bad, line, started, pending, open_indentless, ended;
	struct {
		unsigned char kind, indentless;
		int indent;
	} st[MAX_DEPTH];
	int depth;
	qev *ev;
	size_t nev, evcap, split, given; /* given: the events before it have been */
	char *text;
	size_t ntext, textcap;
	ys_event_fn fn;
	void *ctx;
} rd;

/* Characters libyaml reads as they are: LF, printable ASCII and UTF-8 of
 * U+00A0 and above, but not the ones it takes for a line break (U+2028,
 * U+2029), a byte-order mark, or refuses (surrogates, U+FFFE, U+FFFF).  Tabs
 * and CR are declined too: jixiao never writes them raw.  Checks
 * buf[checked..end), leaving an incomplete last character for the next
 * read; sets bad. */
static void check_bytes(rd *r)
{
	const unsigned char *u = (const unsigned char *)r->buf;
	size_t i = r->checked, n = r->end;
	while (i < n) {
		unsigned c, w;
		/* eight ASCII bytes at a time (most of a sheet): each byte's high
		 * bit says whether it is 0x80 or above, below 0x20 or DEL -- exact
		 * for every byte when none is 0x80 or above (no carry then runs
		 * into the next byte); whether the ones below 0x20 are all LF is
		 * asked only then (a word in two or three) */
		while (n - i >= 8) {
			uint64_t x, odd, nl;
			memcpy(&x, u + i, 8);
			odd = (x | ~(x + ONES * 0x60) | (x + ONES)) & ONES80;
			if (odd) {
				if (x & ONES80)
					break;
				nl = ~((x ^ ONES * '\n') + ONES * 0x7F) & ONES80;
				if (odd & ~nl)
					break;
			}
			i += 8;
		}
		if (i >= n)
			break;
		c = u[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c == '\n') {
			i++;
			continue;
		}
		/* 汉字 (U+3000 to U+CFFF: no character among them refused), a
		 * run of them at a time: a sheet's names and units are mostly
		 * several together */
		if (c >= 0xE3 && c <= 0xEC && n - i >= 3 && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			while (n - i >= 3 && u[i] >= 0xE3 && u[i] <= 0xEC && (u[i + 1] & 0xC0) == 0x80 &&
			       (u[i + 2] & 0xC0) == 0x80)
				i += 3;
			continue;
		}
		w = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		if (!w)
			goto bad;
		if (i + w > n) {
			if (r->eof)
				goto bad;
			break;
		}
		for (unsigned k = 1; k < w; k++)
			if ((u[i + k] & 0xC0) != 0x80)
				goto bad;
		if ((c == 0xC2 && u[i + 1] < 0xA0) || (c == 0xE0 && u[i + 1] < 0xA0) || (c == 0xED && u[i + 1] >= 0xA0) ||
		    (c == 0xF0 && u[i + 1] < 0x90) || (c == 0xF4 && u[i + 1] >= 0x90) ||
		    (c == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) ||
		    (c == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF) ||
		    (c == 0xEF && u[i + 1] == 0xBF && u[i + 2] >= 0xBE))
			goto bad;
		i += w;
	}
	r->checked = i;
	return;
bad:
	r->bad = 1;
}

/* The text of an event not given yet: in the input for a plain scalar,
 * else in the text buffer ("" before there is one). */
static inline const char *text_of(const rd *r, const qev *q)
{
	return q->src ? r->buf + (q->src - 1 - r->base) : r->text ? r->text + q->off : "";
}

/* The events not given yet pointed at their text again, after the input
 * or the text buffer moved: rare (a read of CHUNK bytes, the text buffer
 * growing or moved down), where working out each event's text as it was
 * given cost a dozen instructions an event. */
static void repoint(rd *r)
{
	for (size_t i = r->given; i < r->nev; i++)
		r->ev[i].e.str = text_of(r, &r->ev[i]);
}

/* More of the file, until `want` bytes stand from pos or it ends; -1 on a
 * read error (libyaml then says what it was) or a line over the cap. */
static int fill(rd *r, size_t want)
{
	while (!r->eof && r->end - r->pos < want) {
		size_t got, from = r->pos;
		/* the events not given yet may point at the text of their lines
		 * (from the first one's on) */
		if (r->nev > r->given && r->ev[r->given].e.at - r->base < from)
			from = r->ev[r->given].e.at - r->base;
		if (from && r->cap - r->end < CHUNK) {
			memmove(r->own, r->own + from, r->end - from);
			r->base += from;
			r->end -= from;
			r->checked -= from;
			r->pos -= from;
		}
		if (r->cap - r->end < CHUNK) {
			if (r->end > 2 * (size_t)YD_MAX_BYTES || JX_RESIZE(r->own, r->end + CHUNK) < 0)
				return -1;
			r->cap = r->end + CHUNK;
			r->buf = r->own;
		}
		got = fread(r->own + r->end, 1, CHUNK, r->in);
		if (got == 0) {
			if (ferror(r->in))
				return -1;
			r->eof = 1;
		}
		r->end += got;
		check_bytes(r);
		repoint(r);
	}
	return r->bad ? -1 : 0;
}

/* The line at pos (*ls..*le, without its LF; *nl: it has one), with what
 * follows it checked: 1, 0 at the end, -1 to decline. */
static inline __attribute__((always_inline)) int get_line(rd *r, const char **ls, const char **le, int *nl)
{
	for (;;) {
		const char *s, *e;
		size_t have;
		if (r->bad || (!r->buf && fill(r, CHUNK) < 0))
			return -1;
		if (!r->buf)
			return 0; /* an empty file */
		s = r->buf + r->pos;
		e = memchr(s, '\n', r->end - r->pos);
		have = e ? (size_t)(e - s) + 1 : r->end - r->pos;
		if (!r->eof && (!e || r->end - r->pos - have < AHEAD)) {
			if (have > YD_MAX_BYTES || fill(r, have + AHEAD + (e ? 0 : CHUNK)) < 0)
				return -1;
			continue;
		}
		if (r->pos == r->end)
			return 0;
		*ls = s;
		*le = e ? e : r->buf + r->end;
		*nl = e != NULL;
		return 1;
	}
}

static void advance(rd *r, const char *le, int nl)
{
	r->pos = (size_t)(le - r->buf) + (nl ? 1 : 0);
	r->line++;
}

/* The high bit of each byte of v that is 0, and of no other (no borrow
 * runs from one byte into the next): exact whatever the byte order. */
static inline uint64_t zero_bytes(uint64_t v)
{
	const uint64_t low = ONES * 0x7F;
	return ~(((v & low) + low) | v | low);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST_BYTE(m) ((size_t)__builtin_clzll(m) >> 3)
#else
#define FIRST_BYTE(m) ((size_t)__builtin_ctzll(m) >> 3)
#endif

/* A column counts characters: every byte but UTF-8's continuation bytes
 * (10xxxxxx).  Up to the line's first byte of 0x80 or above it is the byte
 * count; beyond it they are counted eight at a time.  That first byte is
 * looked for only as far as a column asks (hi: the bytes before it are
 * below 0x80, from the line's indentation on), not along the whole line:
 * a key's column needs nothing, a value's only its key's bytes. */
static inline int col_of(rd *r, const char *ls, const char *p, const char *le)
{
	size_t n = (size_t)(p - ls), cont = 0, i = 0;
	const char *q = r->hi;
	if (p <= q)
		return (int)n + 1;
	/* the line's bytes from hi on, eight at a time while the line has
	 * them (a key and its ": " are most often fewer than eight) */
	for (;;) {
		uint64_t x;
		size_t k;
		if (le - q < 8) {
			while (q < p && !(*q & 0x80))
				q++;
			break;
		}
		memcpy(&x, q, 8);
		k = x & ONES80 ? FIRST_BYTE(x & ONES80) : 8;
		if (k >= (size_t)(p - q)) {
			q = p;
			break;
		}
		q += k;
		if (k < 8)
			break; /* a byte of 0x80 or above, before p */
	}
	r->hi = q;
	if (q == p)
		return (int)n + 1;
	for (; n - i >= 8; i += 8) {
		uint64_t x;
		memcpy(&x, ls + i, 8);
		cont += (size_t)((((x & ~(x << 1) & ONES80) >> 7) * ONES) >> 56);
	}
	for (; i < n; i++)
		cont += (ls[i] & 0xC0) == 0x80;
	return (int)(n - cont) + 1;
}

static int put(rd *r, const char *s, size_t n)
{
	if (r->ntext + n > r->textcap) {
		size_t cap = r->textcap ? r->textcap : 4096;
		while (cap < r->ntext + n)
			cap *= 2;
		if (JX_RESIZE(r->text, cap) < 0)
			return -1;
		r->textcap = cap;
		repoint(r);
	}
	memcpy(r->text + r->ntext, s, n);
	r->ntext += n;
	return 0;
}

static int __attribute__((noinline)) grow_queue(rd *r)
{
	size_t cap = r->evcap ? r->evcap * 2 : 256;
	if (JX_RESIZE(r->ev, cap) < 0)
		return -1;
	r->evcap = cap;
	return 0;
}

/* Two events a line, most lines: inlined, its growth apart. */
static inline int queue_src(rd *r, ys_type type, ys_style style, int col, size_t off, size_t len, size_t src,
			    const char *str)
{
	qev *q;
	if (r->nev == r->evcap && grow_queue(r) < 0)
		return -1;
	q = &r->ev[r->nev++];
	q->e.type = type;
	q->e.style = style;
	q->e.line = r->line;
	q->e.col = col;
	q->e.len = len;
	q->e.at = r->line_at;
	q->off = off;
	q->src = src;
	q->e.str = str;
	q->e.room = src ? r->end - (size_t)(str - r->buf) : len;
	return 0;
}

static inline int queue(rd *r, ys_type type, ys_style style, int col, size_t off, size_t len)
{
	return queue_src(r, type, style, col, off, len, 0, r->text ? r->text + off : "");
}

static inline int queue_tok(rd *r, const tok *t)
{
	return queue_src(r, YS_SCALAR, t->style, t->col, t->off, t->len, t->src, t->str);
}

static int push(rd *r, int kind, int indent, int indentless, int col)
{
	if (r->depth >= MAX_DEPTH)
		return -1;
	r->st[r->depth].kind = (unsigned char)kind;
	r->st[r->depth].indentless = (unsigned char)indentless;
	r->st[r->depth].indent = indent;
	r->depth++;
	return queue(r, kind == K_MAP ? YS_MAP_START : YS_SEQ_START, YS_PLAIN, col, 0, 0);
}

static int pop(rd *r)
{
	r->depth--;
	return queue(r, YS_END, YS_PLAIN, 0, 0, 0);
}

/* A double-quoted scalar from p (its quote) on one line, escapes as
 * libyaml reads them; the end past its closing quote, or NULL. */
static const char *dquoted(rd *r, const char *p, const char *le)
{
	static const char simple[] = "0\0a\ab\bt\tn\nv\vf\fr\re\033  \"\"\\\\";
	const char *q = p + 1;
	while (q < le) {
		const char *run = q, *hit;
		unsigned long v = 0;
		int w = 0;
		char u[4];
		if (*q == '"')
			return q + 1;
		while (q < le && *q != '"' && *q != '\\')
			q++;
		if (q > run) {
			if (put(r, run, (size_t)(q - run)) < 0)
				return NULL;
			continue;
		}
		if (q + 1 >= le)
			return NULL;
		q += 2;
		if (q[-1] && (hit = memchr(simple, q[-1], sizeof simple - 1)) && (hit - simple) % 2 == 0) {
			if (put(r, hit + 1, 1) < 0)
				return NULL;
			continue;
		}
		switch (q[-1]) {
		case 'N': v = 0x85; break;
		case '_': v = 0xA0; break;
		case 'L': v = 0x2028; break;
		case 'P': v = 0x2029; break;
		case 'x': w = 2; break;
		case 'u': w = 4; break;
		case 'U': w = 8; break;
		default: return NULL;
		}
		if (le - q < w)
			return NULL;
		for (int k = 0; k < w; k++, q++) {
			int d = *q >= '0' && *q <= '9' ? *q - '0' : *q >= 'a' && *q <= 'f' ? *q - 'a' + 10
				: *q >= 'A' && *q <= 'F' ? *q - 'A' + 10 : -1;
			if (d < 0)
				return NULL;
			v = v * 16 + (unsigned long)d;
		}
		if ((v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
			return NULL;
		if (v < 0x80) {
			u[0] = (char)v;
			w = 1;
		} else if (v < 0x800) {
			u[0] = (char)(0xC0 | (v >> 6));
			u[1] = (char)(0x80 | (v & 0x3F));
			w = 2;
		} else if (v < 0x10000) {
			u[0] = (char)(0xE0 | (v >> 12));
			u[1] = (char)(0x80 | ((v >> 6) & 0x3F));
			u[2] = (char)(0x80 | (v & 0x3F));
			w = 3;
		} else {
			u[0] = (char)(0xF0 | (v >> 18));
			u[1] = (char)(0x80 | ((v >> 12) & 0x3F));
			u[2] = (char)(0x80 | ((v >> 6) & 0x3F));
			u[3] = (char)(0x80 | (v & 0x3F));
			w = 4;
		}
		if (put(r, u, (size_t)w) < 0)
			return NULL;
	}
	return NULL;
}

/* A single-quoted scalar ('' for a quote) on one line. */
static const char *squoted(rd *r, const char *p, const char *le)
{
	const char *q = p + 1;
	while (q < le) {
		const char *run = q;
		while (q < le && *q != '\'')
			q++;
		if (q > run && put(r, run, (size_t)(q - run)) < 0)
			return NULL;
		if (q == le)
			return NULL;
		if (q + 1 < le && q[1] == '\'') {
			if (put(r, "'", 1) < 0)
				return NULL;
			q += 2;
			continue;
		}
		return q + 1;
	}
	return NULL;
}

/* The bytes a plain scalar may not start with: an indicator, a quote, a
 * blank (and NUL, as strchr over the list found it too). */
static const unsigned char not_first[256] = {
	[0] = 1,    ['-'] = 1, ['?'] = 1, [':'] = 1, [','] = 1,  ['['] = 1, [']'] = 1,
	['{'] = 1,  ['}'] = 1, ['#'] = 1, ['&'] = 1, ['*'] = 1,  ['!'] = 1, ['|'] = 1,
	['>'] = 1,  ['\''] = 1, ['"'] = 1, ['%'] = 1, ['@'] = 1, ['`'] = 1, [' '] = 1,
};

/* A plain scalar in block context from p: to the line's end, or to a ':'
 * followed by a blank or the end (a key).  Declined: a first character
 * that is an indicator, a comment, blanks at its end.  One pass finds
 * both the ':' and any '#', eight bytes at a time (a sheet's scalars were
 * two calls of memchr each, and a strchr). */
static inline __attribute__((always_inline)) const char *plain(rd *r, const char *p, const char *le, int *is_key)
{
	const char *q = p;
	if (not_first[(unsigned char)*p] && !(*p == '-' && p + 1 < le && p[1] != ' '))
		return NULL;
	for (;;) {
		uint64_t x, m;
		if (le - q >= 8) {
			memcpy(&x, q, 8);
			m = zero_bytes(x ^ (ONES * ':')) | zero_bytes(x ^ (ONES * '#'));
			if (!m) {
				q += 8;
				continue;
			}
			q += FIRST_BYTE(m);
		} else {
			while (q < le && *q != ':' && *q != '#')
				q++;
			if (q == le)
				break;
		}
		/* a ':' or a '#' at q */
		if (*q == ':') {
			if (q + 1 == le || q[1] == ' ')
				break;
		} else if (q > p && q[-1] == ' ') {
			return NULL; /* a comment */
		}
		q++;
	}
	if (q[-1] == ' ')
		return NULL;
	*is_key = q < le;
	return q;
}

/* The scalar at p (ls: its line's start); 0 or -1 to decline. */
static inline __attribute__((always_inline)) int scalar(rd *r, const char *ls, const char *p, const char *le, tok *t)
{
	const char *q;
	t->off = r->ntext;
	t->col = col_of(r, ls, p, le);
	t->is_key = 0;
	t->src = 0;
	if (*p == '\'' || *p == '"') {
		t->style = *p == '"' ? YS_DOUBLE : YS_SINGLE;
		q = *p == '"' ? dquoted(r, p, le) : squoted(r, p, le);
		if (q && q < le && *q == ':' && (q + 1 == le || q[1] == ' '))
			t->is_key = 1;
		t->str = r->text ? r->text + t->off : "";
	} else {
		t->style = YS_PLAIN;
		q = plain(r, p, le, &t->is_key);
		t->src = r->base + (size_t)(p - r->buf) + 1;
		t->str = p;
	}
	if (!q)
		return -1;
	t->len = t->src ? (size_t)(q - p) : r->ntext - t->off;
	t->after = q + t->is_key;
	if (t->is_key && q - p > MAX_KEY)
		return -1;
	return 0;
}

/* A word of a flow collection as jixiao writes them (a number, null, a
 * column's name); the end past it, or NULL. */
static const char *flow_word(rd *r, const char *ls, const char *p, const char *le)
{
	const char *q = p;
	size_t off = r->ntext;
	if (p == le || !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
			 (*p == '-' && p + 1 < le && p[1] >= '0' && p[1] <= '9')))
		return NULL;
	while (q < le && ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' ||
			  *q == '.' || *q == '-'))
		q++;
	if (put(r, p, (size_t)(q - p)) < 0 || queue(r, YS_SCALAR, YS_PLAIN, col_of(r, ls, p, le), off, (size_t)(q - p)) < 0)
		return NULL;
	return q;
}

/* A one-line flow sequence or mapping of words, ending the line. */
static int flow(rd *r, const char *ls, const char *p, const char *le)
{
	int is_map = *p == '{';
	char close = is_map ? '}' : ']';
	const char *q = p + 1;
	if (queue(r, is_map ? YS_MAP_START : YS_SEQ_START, YS_FLOW, col_of(r, ls, p, le), 0, 0) < 0)
		return -1;
	if (q < le && *q == close) {
		q++;
	} else {
		for (int items = 0;; items++) {
			if (items > MAX_FLOW || !(q = flow_word(r, ls, q, le)))
				return -1;
			if (is_map && (le - q < 2 || q[0] != ':' || q[1] != ' ' || !(q = flow_word(r, ls, q + 2, le))))
				return -1;
			if (q < le && *q == close) {
				q++;
				break;
			}
			if (le - q < 3 || q[0] != ',' || q[1] != ' ' || q[2] == ' ')
				return -1;
			q += 2;
		}
	}
	if (q != le)
		return -1;
	return queue(r, YS_END, YS_PLAIN, 0, 0, 0);
}

/* `|` with an indentation and a chomping indicator as the emitter writes
 * them, ending its line; the text is read from the next lines. */
static int literal_head(rd *r, const char *ls, const char *p, const char *le, lit_head *lit)
{
	const char *q = p + 1;
	lit->hint = 0;
	lit->chomp = 0;
	if (q < le && *q >= '1' && *q <= '9')
		lit->hint = *q++ - '0';
	if (q < le && (*q == '-' || *q == '+'))
		lit->chomp = *q++ == '-' ? -1 : 1;
	if (q != le || !r->depth)
		return -1;
	lit->set = 1;
	lit->line = r->line;
	lit->col = col_of(r, ls, p, le);
	lit->parent = r->st[r->depth - 1].indent;
	return 0;
}

/* A value after a key's ": ", or a sequence item's scalar: the rest of
 * the line. */
static inline __attribute__((always_inline)) int value(rd *r, const char *ls, const char *p, const char *le, lit_head *lit)
{
	tok t;
	if (*p == '|')
		return literal_head(r, ls, p, le, lit);
	if (*p == '[' || *p == '{')
		return flow(r, ls, p, le);
	if (scalar(r, ls, p, le, &t) < 0 || t.is_key || t.after != le)
		return -1;
	return queue_tok(r, &t);
}

/* What follows a key's ':': nothing (the value is on the next lines) or
 * one blank and the value. */
static inline __attribute__((always_inline)) int after_key(rd *r, const char *ls, const char *p, const char *le, lit_head *lit)
{
	if (p == le) {
		r->pending = 1;
		return 0;
	}
	if (*p != ' ' || p + 1 == le || p[1] == ' ')
		return -1;
	return value(r, ls, p + 1, le, lit);
}

/* A key at p, of the mapping on top (open: a new mapping starting here). */
static int key_value(rd *r, const char *ls, const char *p, const char *le, int open, lit_head *lit)
{
	tok t;
	if (scalar(r, ls, p, le, &t) < 0 || !t.is_key)
		return -1;
	if (open && push(r, K_MAP, (int)(p - ls), 0, t.col) < 0)
		return -1;
	if (queue_tok(r, &t) < 0)
		return -1;
	return after_key(r, ls, t.after, le, lit);
}

/* A sequence item's content at p: more items (- - x), a mapping's first
 * key, or a value. */
static int item(rd *r, const char *ls, const char *p, const char *le, lit_head *lit)
{
	tok t;
	size_t mark;
	while (*p == '-' && p + 1 < le && p[1] == ' ') {
		if (push(r, K_SEQ, (int)(p - ls), 0, col_of(r, ls, p, le)) < 0)
			return -1;
		p += 2;
		if (p == le || *p == ' ')
			return -1;
	}
	if (*p == '|' || *p == '[' || *p == '{')
		return value(r, ls, p, le, lit);
	mark = r->ntext;
	if (scalar(r, ls, p, le, &t) < 0)
		return -1;
	if (!t.is_key) {
		if (t.after != le)
			return -1;
		return queue_tok(r, &t);
	}
	r->ntext = mark; /* read again as a key */
	return key_value(r, ls, p, le, 1, lit);
}

/* Close what the line's indentation n closes; *cont: the line goes on the
 * collection on top (a next key or item) rather than opening one. */
static int structure(rd *r, int n, int entry, int *cont)
{
	*cont = 0;
	r->open_indentless = 0;
	if (r->pending) {
		int in = r->st[r->depth - 1].indent;
		r->pending = 0;
		if (entry && n == in) {
			r->open_indentless = 1;
			return 0;
		}
		return n > in ? 0 : -1;
	}
	if (!r->depth)
		return r->started || n ? -1 : 0;
	for (;;) {
		if (!r->depth)
			return -1;
		if (n == r->st[r->depth - 1].indent) {
			int kind = r->st[r->depth - 1].kind;
			if ((kind == K_MAP && !entry) || (kind == K_SEQ && entry)) {
				*cont = 1;
				return 0;
			}
			if (kind != K_SEQ || !r->st[r->depth - 1].indentless)
				return -1;
		} else if (n > r->st[r->depth - 1].indent) {
			return -1;
		}
		if (pop(r) < 0)
			return -1;
	}
}

/* A literal block's lines, as libyaml's scan_block_scalar reads them. */
static int literal(rd *r, const lit_head *lit)
{
	const char *ls, *le;
	size_t trailing = 0;
	int nl, got, indent, leading = 0;
	if (lit->hint) {
		indent = lit->parent + lit->hint;
	} else {
		const char *c;
		if (get_line(r, &ls, &le, &nl) <= 0)
			return -1;
		for (c = ls; c < le && *c == ' '; c++)
			;
		indent = (int)(c - ls);
		if (c == le || indent <= lit->parent)
			return -1;
	}
	while ((got = get_line(r, &ls, &le, &nl)) > 0) {
		const char *c = ls;
		while (c < le && *c == ' ' && c - ls < indent)
			c++;
		if (c == le) {
			if (!nl)
				break; /* blanks at the very end: declined as a line */
			trailing++;
			advance(r, le, nl);
			continue;
		}
		if (c - ls < indent)
			break;
		if (leading && put(r, "\n", 1) < 0)
			return -1;
		for (; trailing; trailing--)
			if (put(r, "\n", 1) < 0)
				return -1;
		if (put(r, c, (size_t)(le - c)) < 0)
			return -1;
		leading = nl;
		advance(r, le, nl);
	}
	if (got < 0)
		return -1;
	if (lit->chomp != -1 && leading && put(r, "\n", 1) < 0)
		return -1;
	for (; lit->chomp == 1 && trailing; trailing--)
		if (put(r, "\n", 1) < 0)
			return -1;
	return 0;
}

/* One line (with a literal block, the lines of its text): its events
 * queued; -1 to decline. */
static int do_line(rd *r, const char *ls, const char *le, int nl)
{
	const char *c = ls;
	lit_head lit = {0};
	int n, entry, cont;
	r->line_at = r->base + (size_t)(ls - r->buf);
	/* the indentation, eight bytes at a time when the line has them */
	if (le - c >= 8) {
		uint64_t x, m;
		memcpy(&x, c, 8);
		if ((m = ~zero_bytes(x ^ (ONES * ' ')) & ONES80) != 0)
			c += FIRST_BYTE(m);
		else
			c += 8;
	}
	while (c < le && *c == ' ')
		c++;
	r->hi = c;
	if (c == le || *c == '#' || r->ended)
		return -1;
	n = (int)(c - ls);
	/* the emitter ends some documents with "..."; nothing may follow */
	if (le - ls == 3 && !memcmp(ls, "...", 3) && r->started && !r->pending) {
		r->ended = 1;
		while (r->depth)
			if (pop(r) < 0)
				return -1;
		advance(r, le, nl);
		return 0;
	}
	if (!n && le - ls >= 3 && (!memcmp(ls, "---", 3) || !memcmp(ls, "...", 3)))
		return -1;
	entry = *c == '-' && (c + 1 == le || c[1] == ' ');
	if (structure(r, n, entry, &cont) < 0)
		return -1;
	r->started = 1;
	if (entry) {
		if (!cont && push(r, K_SEQ, n, r->open_indentless, n + 1) < 0)
			return -1;
		if (c + 2 >= le || c[2] == ' ' || item(r, ls, c + 2, le, &lit) < 0)
			return -1;
	} else if (key_value(r, ls, c, le, !cont, &lit) < 0) {
		return -1;
	}
	advance(r, le, nl);
	if (!lit.set)
		return 0;
	{
		size_t off = r->ntext;
		/* queued before its text is read, on the line of its `|` */
		if (queue(r, YS_SCALAR, YS_LITERAL, lit.col, off, 0) < 0)
			return -1;
		r->ev[r->nev - 1].e.line = lit.line;
		if (literal(r, &lit) < 0)
			return -1;
		r->ev[r->nev - 1].e.len = r->ntext - off;
	}
	return 0;
}

/* Give the events queued up to `upto`, in one call.  Those given are
 * dropped (the rest and their text moved to the start) only now and then,
 * not at each line: a line keeps few events, but moving them each time
 * cost more than reading them. */
static inline __attribute__((always_inline)) int flush(rd *r, size_t upto)
{
	size_t toff = r->ntext;
	int rc;
	/* a line's events in one call, which takes them in turn */
	if (upto > r->given && (rc = r->fn(r->ctx, &r->ev[r->given].e, upto - r->given, sizeof *r->ev,
					   r->base + r->pos)) != 0)
		return rc;
	r->given = upto;
	if (upto == r->nev) {
		r->nev = r->given = r->ntext = 0;
		return 0;
	}
	if (upto < 1024 && r->ntext < 64u * 1024u)
		return 0;
	/* the events kept have text from toff on, or none before it */
	for (size_t i = upto; i < r->nev; i++)
		if (r->ev[i].e.type == YS_SCALAR && r->ev[i].off < toff)
			toff = r->ev[i].off;
	memmove(r->ev, r->ev + upto, (r->nev - upto) * sizeof *r->ev);
	r->nev -= upto;
	r->given = 0;
	for (size_t i = 0; i < r->nev; i++)
		r->ev[i].off = r->ev[i].off >= toff ? r->ev[i].off - toff : 0;
	memmove(r->text, r->text + toff, r->ntext - toff);
	r->ntext -= toff;
	repoint(r);
	return 0;
}

static int run(rd *r)
{
	const char *ls, *le;
	int nl, got, rc;
	while ((got = get_line(r, &ls, &le, &nl)) > 0) {
		if (do_line(r, ls, le, nl) < 0)
			return YS_DECLINED;
		/* this line is read and what follows it checked: the events of
		 * the line before can go */
		if ((rc = flush(r, r->split)) != 0)
			return rc;
		r->split = r->nev;
	}
	if (got < 0 || !r->started || r->pending)
		return YS_DECLINED;
	while (r->depth)
		if (pop(r) < 0)
			return YS_DECLINED;
	return flush(r, r->nev);
}

int ys_read(const char *data, size_t len, FILE *in, ys_event_fn fn, void *ctx)
{
	rd r;
	int rc;
	memset(&r, 0, sizeof r);
	r.fn = fn;
	r.ctx = ctx;
	r.line = 1;
	if (in) {
		r.in = in;
	} else {
		r.buf = data;
		r.end = len;
		r.eof = 1;
		check_bytes(&r);
	}
	rc = r.bad ? YS_DECLINED : run(&r);
	free(r.own);
	free(r.ev);
	free(r.text);
	return rc;
}
