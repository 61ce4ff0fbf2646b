/* A YAML file read into a plain tree (yamldoc.h): through the reader of
 * jixiao's own YAML (yaml_subset.h, which says why), or libyaml's event
 * parser for whatever that reader declines. */
#include "yamldoc.h"
#include "num.h"
#include "resize.h"
#include "yaml_subset.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Nodes and strings come from a chain of blocks freed together. */
typedef struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
} block;

/* arena_alloc when the block being filled has no room for n (rounded)
 * bytes: a new block, a spare one when it is large enough. */
static void *__attribute__((noinline)) arena_alloc_block(yd_doc *doc, size_t n)
{
	size_t cap = n > 65536 ? n : 65536;
	block *nb = doc->spare;
	if (nb && nb->cap >= cap) {
		doc->spare = nb->next;
		cap = nb->cap;
	} else if (!(nb = malloc(sizeof *nb + cap))) {
		return NULL;
	}
	nb->next = doc->arena;
	nb->used = n;
	nb->cap = cap;
	doc->arena = nb;
	return nb->data;
}

/* Two calls for each scalar of a sheet (its node, its text): kept small
 * enough to be inlined, the block's end handled apart. */
static inline void *arena_alloc(yd_doc *doc, size_t n)
{
	block *b = doc->arena;
	n = (n + 15) & ~(size_t)15;
	if (b && b->used + n <= b->cap) {
		void *p = b->data + b->used;
		b->used += n;
		return p;
	}
	return arena_alloc_block(doc, n);
}

/* Free everything allocated after the mark (mark_b, mark_used). */
static void arena_reset(yd_doc *doc, block *mark_b, size_t mark_used)
{
	block *b = doc->arena;
	while (b && b != mark_b) {
		block *next = b->next;
		/* the blocks are kept for the next streamed item: thousands of
		 * sheets then reuse them instead of each taking fresh memory and
		 * giving it back (glibc tidies its free lists and may shrink the
		 * heap at each free of a block this size); they are never more
		 * than the largest item took */
		b->next = doc->spare;
		doc->spare = b;
		b = next;
	}
	doc->arena = b;
	if (b)
		b->used = mark_used;
}

void yd_free(yd_doc *doc)
{
	block *b = doc ? doc->arena : NULL;
	while (b) {
		block *next = b->next;
		free(b);
		b = next;
	}
	while (doc && doc->spare) {
		block *next = ((block *)doc->spare)->next;
		free(doc->spare);
		doc->spare = next;
	}
	if (doc) {
		doc->arena = NULL;
		doc->root = NULL;
	}
}

void yd_fail(const yd_doc *doc, const yd_node *n, jx_err *err, const char *zh, const char *en)
{
	jx_err_set(err, "%s", "%s", L(zh, en));
	jx_err_at(err, doc ? doc->file : "-", n ? n->line : 0, n ? n->col : 0);
}

int yd_failf(const yd_doc *doc, const yd_node *at, jx_err *err, const char *fmt_zh, const char *fmt_en, ...)
{
	va_list ap;
	if (!err)
		return -1;
	va_start(ap, fmt_en);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	vsnprintf(err->msg, sizeof err->msg, L(fmt_zh, fmt_en), ap);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	va_end(ap);
	jx_err_at(err, doc->file, at ? at->line : 1, at ? at->col : 1);
	return -1;
}

/* A growing list of child pointers while a collection is open.  Its lists
 * stay with the depth when the collection closes, for the next one there:
 * a sheet's 300 indicators are 300 mappings at one depth. */
typedef struct {
	yd_node *node;
	yd_node **items, **keys;
	size_t n, cap;
	int want_key; /* mapping: next scalar is a key */
	/* a mapping's keys so far, a bit each (key_bit): a new key whose bit
	 * is not set is like none of them, and is not compared with each */
	uint64_t seen;
} frame;

/* A key's bit in frame.seen, from its length and its first and last bytes:
 * equal keys share it, and the nine keys of an indicator get nine. */
static uint64_t key_bit(const yd_node *k)
{
	unsigned h = (unsigned)k->len * 7u;
	if (k->len)
		h += (unsigned char)k->str[0] * 3u + (unsigned char)k->str[k->len - 1];
	return (uint64_t)1 << (h & 63);
}

/* Room for one more child and key (a frame is a mapping's one time and
 * a sequence's another). */
static int grow_frame(frame *f)
{
	size_t cap = f->cap ? f->cap * 2 : 8;
	if (JX_RESIZE(f->keys, cap) < 0)
		return -1;
	if (JX_RESIZE(f->items, cap) < 0)
		return -1;
	f->cap = cap;
	return 0;
}

static inline __attribute__((always_inline)) int push_child(yd_doc *doc, frame *f, yd_node *child, jx_err *err)
{
	if (f->node->kind == YD_MAP && f->want_key) {
		if (child->kind != YD_SCALAR) {
			yd_fail(doc, child, err, "映射的键必须是简单文字", "a mapping key must be a plain scalar");
			return -1;
		}
		uint64_t bit = key_bit(child);
		/* the first bytes tell apart nearly every pair of keys of the
		 * same length (an indicator's: key and cmp, target and actual):
		 * memcmp only when they agree */
		for (size_t i = 0; (f->seen & bit) && i < f->n; i++)
			if (f->keys[i]->len == child->len && (!child->len || f->keys[i]->str[0] == child->str[0]) &&
			    memcmp(f->keys[i]->str, child->str, child->len) == 0) {
				jx_err_set(err, "键“%s”重复（第一次出现在第 %d 行）", "duplicate key \"%s\" (first at line %d)",
					   child->str, f->keys[i]->line);
				jx_err_at(err, doc->file, child->line, child->col);
				return -1;
			}
		if (f->n == f->cap && grow_frame(f) < 0)
			return -1;
		f->keys[f->n] = child;
		f->seen |= bit;
		f->want_key = 0;
		return 0;
	}
	if (f->node->kind == YD_MAP) {
		f->items[f->n++] = child;
		f->want_key = 1;
		return 0;
	}
	if (f->n == f->cap && grow_frame(f) < 0)
		return -1;
	f->items[f->n++] = child;
	return 0;
}

static int close_frame(yd_doc *doc, frame *f)
{
	yd_node *nd = f->node;
	nd->n = f->n;
	if (f->n) {
		nd->items = arena_alloc(doc, f->n * sizeof *nd->items);
		if (!nd->items)
			return -1;
		memcpy(nd->items, f->items, f->n * sizeof *nd->items);
		if (nd->kind == YD_MAP) {
			nd->keys = arena_alloc(doc, f->n * sizeof *nd->keys);
			if (!nd->keys)
				return -1;
			memcpy(nd->keys, f->keys, f->n * sizeof *nd->keys);
		}
	}
	return 0;
}

static const char *reader_problem(const yaml_parser_t *p)
{
	if (p->problem && strstr(p->problem, "UTF-8"))
		return L("文件不是有效的 UTF-8 编码（请以 UTF-8 保存）", "the file is not valid UTF-8 (save it as UTF-8)");
	if (p->problem && strstr(p->problem, "control characters"))
		return L("文件含有不允许的控制字符", "the file contains control characters that are not allowed");
	return NULL;
}

/* One load in progress. */
typedef struct {
	yd_doc *doc;
	const char *data; /* the text, without a byte-order mark */
	size_t len;
	const char *stream_key;
	yd_item_fn fn;
	void *ctx;
	jx_err *err;
	yaml_parser_t parser;
	frame stack[YD_MAX_DEPTH + 2];
	int depth, docs, done;
	size_t nodes;
	yd_node *stream_seq; /* the top-level sequence whose items are streamed */
	block *mark_b;       /* the arena as the streamed item being read started */
	size_t mark_used;
	/* Streaming reads the text as it is parsed (from `in`, or from data),
	 * so the size cap is on each item (a sheet), not on the file: in_pos
	 * bytes handed to libyaml, in_mark where the current item (or the text
	 * between items) began. */
	FILE *in;
	const char *in_path;
	unsigned char pending[3]; /* the first bytes of `in`, read to look for a byte-order mark */
	size_t npending, in_pos, in_mark;
	int item_line, item_col, too_large, read_errno;
	/* streamed items handed to fn by the subset reader, which libyaml,
	 * reading the text again after it declined, does not hand again */
	size_t handed, skip;
} loader;

int yd_reader = YD_READ_BOTH;
unsigned long yd_subset_declined;

/* libyaml's input while streaming; 0 stops the parse (too large, or a
 * read error: said by parse_failed). */
static int stream_input(void *data, unsigned char *buf, size_t size, size_t *got)
{
	loader *ld = data;
	*got = 0;
	if (ld->in_pos - ld->in_mark > YD_MAX_BYTES) {
		ld->too_large = 1;
		return 0;
	}
	if (ld->npending && size) {
		*got = ld->npending < size ? ld->npending : size;
		memcpy(buf, ld->pending, *got);
		memmove(ld->pending, ld->pending + *got, ld->npending - *got);
		ld->npending -= *got;
	} else if (ld->in) {
		*got = fread(buf, 1, size, ld->in);
		if (*got == 0 && ferror(ld->in)) {
			ld->read_errno = errno ? errno : EIO;
			return 0;
		}
	} else {
		size_t left = ld->len - ld->in_pos;
		*got = left < size ? left : size;
		memcpy(buf, ld->data + ld->in_pos, *got);
	}
	ld->in_pos += *got;
	return 1;
}

/* Line and column (1-based) of byte offset off of the text: counted in the
 * text in memory, or read again from the file (1:1 when it cannot be). */
static void offset_place(const loader *ld, size_t off, int *line, int *col)
{
	FILE *f = NULL;
	int c;
	*line = 1;
	*col = 1;
	if (!ld->data && (!ld->in_path || strcmp(ld->in_path, "-") == 0 || !(f = fopen(ld->in_path, "rb"))))
		return;
	for (size_t k = 0; k < off; k++) {
		if (f) {
			if ((c = getc(f)) == EOF)
				break;
		} else if (k < ld->len) {
			c = (unsigned char)ld->data[k];
		} else {
			break;
		}
		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			(*col)++;
		}
	}
	if (f)
		fclose(f);
}

/* Why libyaml stopped, as file:line:column: message. */
static void parse_failed(loader *ld)
{
	const yaml_parser_t *parser = &ld->parser;
	const char *why = reader_problem(parser);
	int line = (int)(parser->problem_mark.line + 1), col = (int)(parser->problem_mark.column + 1);
	if (ld->too_large) {
		jx_err_set(ld->err, "表格过大：从此处开始的这张表格超过 8 MiB（每张表格的上限）",
			   "too large: the sheet that starts here is over 8 MiB (the limit for each sheet)");
		jx_err_at(ld->err, ld->doc->file, ld->item_line ? ld->item_line : 1, ld->item_line ? ld->item_col : 1);
		return;
	}
	if (ld->read_errno) {
		jx_err_set(ld->err, "读取文件失败：%s", "cannot read the file: %s", strerror(ld->read_errno));
		jx_err_at(ld->err, ld->doc->file, (int)(parser->mark.line + 1), 1);
		return;
	}
	if (parser->error == YAML_READER_ERROR)
		offset_place(ld, parser->problem_offset, &line, &col);
	if (why)
		jx_err_set(ld->err, "%s", "%s", why);
	else
		jx_err_set(ld->err, "YAML 语法错误：%s%s%s", "YAML syntax error: %s%s%s",
			   parser->problem ? parser->problem : "?", parser->context ? ", " : "",
			   parser->context ? parser->context : "");
	jx_err_at(ld->err, ld->doc->file, line, col);
}

/* Is the node being read an item of the streamed sequence? */
static int in_stream_item(const loader *ld)
{
	return ld->depth == 2 && ld->stream_seq && ld->stack[1].node == ld->stream_seq;
}

/* A streamed item is complete: hand it to fn, then release it. */
static int stream_item(loader *ld, yd_node *item)
{
	ld->stack[1].n--;
	if (ld->skip) {
		ld->skip--;
	} else {
		if (ld->fn(ld->ctx, ld->doc, item, ld->err) < 0)
			return -1;
		ld->handed++;
	}
	arena_reset(ld->doc, ld->mark_b, ld->mark_used);
	ld->in_mark = ld->in_pos;
	return 0;
}

/* A scalar's text shorter than this is copied whole words at a time. */
#define SHORT 16

/* What an event starts, as both readers give it: libyaml's events and the
 * subset reader's are turned into this, so the subset reader's need not
 * pass through libyaml's event type (a tenth of its path per event). */
typedef struct {
	yd_kind kind;
	const char *str; /* a scalar's text, len bytes, copied by new_node */
	size_t len;
	size_t room; /* bytes that may be read from str: 0, or len or more */
	int plain, dquoted;
} node_ev;

/* The node an event starts, with a scalar's text; NULL when it cannot be
 * (err set, except when out of memory for the text). */
static inline __attribute__((always_inline)) yd_node *new_node(loader *ld, const node_ev *ev, int line, int col)
{
	/* a scalar's text right after its node: one allocation for both, of
	 * at least SHORT bytes for the text, copied as one word pair when the
	 * input has them (most of a sheet's scalars are shorter) */
	yd_node *nd = arena_alloc(ld->doc, sizeof *nd + (ev->kind != YD_SCALAR ? 0 : ev->len < SHORT ? SHORT : ev->len + 1));
	if (!nd) {
		jx_err_set(ld->err, "内存不足", "out of memory");
		return NULL;
	}
	*nd = (yd_node){.line = line, .col = col, .kind = ev->kind};
	if (ev->kind != YD_SCALAR)
		return nd;
	nd->len = ev->len;
	nd->plain = ev->plain;
	nd->str = (char *)(nd + 1);
	if (nd->len < SHORT && ev->room >= SHORT)
		memcpy(nd->str, ev->str, SHORT);
	else
		memcpy(nd->str, ev->str, nd->len);
	nd->str[nd->len] = 0;
	/* libyaml refuses a NUL byte in its input ("control characters are
	 * not allowed"): only a double-quoted scalar's escape (\0, \x00,
	 * \u0000) can put one in its text, so only such a scalar is looked at */
	if (ev->dquoted && memchr(nd->str, 0, nd->len)) {
		yd_fail(ld->doc, nd, ld->err, "文字中含有空字符", "text contains a NUL character");
		return NULL;
	}
	return nd;
}

/* A scalar, or the start of a sequence or mapping.  Inlined into each
 * reader's event function: for the subset reader's, two a line of a
 * sheet, the call and the node_ev between them cost as much as the rest. */
static inline __attribute__((always_inline)) int node_start(loader *ld, const node_ev *ev, int line, int col)
{
	frame *top = ld->depth > 0 ? &ld->stack[ld->depth - 1] : NULL;
	yd_node *nd;
	/* asked once: push_child does not change the depth or the stream */
	int item = in_stream_item(ld);
	if (item) {
		/* a streamed item starts: what it allocates is released after fn,
		 * and its size and nodes are counted from here */
		ld->mark_b = ld->doc->arena;
		ld->mark_used = ld->mark_b ? ld->mark_b->used : 0;
		ld->in_mark = ld->in_pos;
		ld->item_line = line;
		ld->item_col = col;
		ld->nodes = 0;
	}
	if (++ld->nodes > YD_MAX_NODES) {
		jx_err_set(ld->err, "文件节点过多", "too many nodes in the file");
		jx_err_at(ld->err, ld->doc->file, line, col);
		return -1;
	}
	nd = new_node(ld, ev, line, col);
	if (!nd)
		return -1;
	if (ld->depth == 1 && ld->fn && nd->kind == YD_SEQ && top->node->kind == YD_MAP && !top->want_key &&
	    strcmp(top->keys[top->n]->str, ld->stream_key) == 0)
		ld->stream_seq = nd;
	if (!top)
		ld->doc->root = nd;
	else if (push_child(ld->doc, top, nd, ld->err) < 0)
		return -1;
	if (item && nd->kind == YD_SCALAR && stream_item(ld, nd) < 0)
		return -1;
	if (nd->kind == YD_SCALAR)
		return 0;
	if (ld->depth >= YD_MAX_DEPTH) {
		jx_err_set(ld->err, "嵌套层数过深（上限 %d 层）", "nesting too deep (limit %d levels)", YD_MAX_DEPTH);
		jx_err_at(ld->err, ld->doc->file, line, col);
		return -1;
	}
	ld->stack[ld->depth].node = nd;
	ld->stack[ld->depth].n = 0;
	ld->stack[ld->depth].want_key = 1;
	ld->stack[ld->depth].seen = 0;
	ld->depth++;
	return 0;
}

/* The end of a sequence or mapping. */
static int node_end(loader *ld)
{
	if (ld->depth > 0 && close_frame(ld->doc, &ld->stack[--ld->depth]) < 0) {
		jx_err_set(ld->err, "内存不足", "out of memory");
		return -1;
	}
	if (in_stream_item(ld) && stream_item(ld, ld->stack[2].node) < 0)
		return -1;
	return 0;
}

/* One event of the parser; -1 (err set, except out of memory) to stop. */
static int on_event(loader *ld, const yaml_event_t *ev)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		ld->done = 1;
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->docs > 1) {
			jx_err_set(ld->err, "一个文件只能有一个 YAML 文档（用 --- 分隔的多个文档不受支持）",
				   "only one YAML document per file is supported");
			jx_err_at(ld->err, ld->doc->file, line, col);
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		jx_err_set(ld->err, "不接受 YAML 别名（*%s）：请把内容直接写出", "YAML aliases (*%s) are not accepted: write the content out",
			   (const char *)ev->data.alias.anchor);
		jx_err_at(ld->err, ld->doc->file, line, col);
		return -1;
	case YAML_SCALAR_EVENT: {
		node_ev ne = {YD_SCALAR, (const char *)ev->data.scalar.value, ev->data.scalar.length, 0,
			      ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE,
			      ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE};
		return node_start(ld, &ne, line, col);
	}
	case YAML_SEQUENCE_START_EVENT:
		return node_start(ld, &(node_ev){.kind = YD_SEQ}, line, col);
	case YAML_MAPPING_START_EVENT:
		return node_start(ld, &(node_ev){.kind = YD_MAP}, line, col);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return node_end(ld);
	default:
		return 0;
	}
}

/* One of the subset reader's events, given to node_start or node_end
 * directly (its events are never a document, an alias or the stream's
 * end). */
static inline int subset_one(loader *ld, const ys_event *e)
{
	node_ev ne;
	ld->in_pos = e->at;
	if (e->type == YS_SCALAR)
		/* a flow list is given as one plain scalar of its text */
		ne = (node_ev){YD_SCALAR, e->str, e->len, e->room, e->style == YS_PLAIN || e->style == YS_FLOW,
			       e->style == YS_DOUBLE};
	else if (e->type == YS_END)
		return node_end(ld) < 0 ? -1 : 0;
	else
		ne = (node_ev){.kind = e->type == YS_SEQ_START ? YD_SEQ : YD_MAP};
	return node_start(ld, &ne, e->line, e->col) < 0 ? -1 : 0;
}

/* A line's events of the subset reader (ys_event_fn). */
static int subset_events(void *ctx, const ys_event *ev, size_t n, size_t stride, size_t offset)
{
	loader *ld = ctx;
	/* a streamed item is measured from the start of its first line (in_pos
	 * as node_start marks it) to the furthest byte read: libyaml reads at
	 * most its 16 KiB buffer beyond, so an item near the cap is declined
	 * and libyaml's path says it is too large, from where it reads.  Asked
	 * once for the line's events: in_mark only moves on (to where the next
	 * item starts) while they are taken, so if the first passes, all do. */
	if (ld->fn && offset - ld->in_mark > YD_MAX_BYTES - 256u * 1024u)
		return 1;
	for (; n; n--, ev = (const ys_event *)(const void *)((const char *)ev + stride)) {
		int rc = subset_one(ld, ev);
		if (rc)
			return rc;
	}
	return 0;
}

/* The subset reader's try: 0 done, -1 failed, 1 declined (the loader and
 * the document then as before it, and `in` back at `back`, where it
 * stood before the byte-order mark was looked for). */
static int try_subset(loader *ld, FILE *in, long back)
{
	int rc;
	if (yd_reader == YD_READ_LIBYAML)
		return 1;
	rc = ys_read(ld->data, ld->len, in, subset_events, ld);
	if (rc != YS_DECLINED)
		return rc;
	yd_subset_declined++;
	if (yd_reader == YD_READ_SUBSET) {
		jx_err_set(ld->err, "%s", "%s", YD_DECLINED_MSG);
		return -1;
	}
	if (in && fseek(in, back, SEEK_SET) != 0) {
		jx_err_set(ld->err, "读取文件失败：%s", "cannot read the file: %s", strerror(errno));
		return -1;
	}
	yd_free(ld->doc);
	ld->doc->root = NULL;
	ld->skip = ld->handed;
	ld->handed = 0;
	ld->depth = ld->docs = ld->done = 0;
	ld->nodes = 0;
	ld->stream_seq = NULL;
	ld->mark_b = NULL;
	ld->mark_used = ld->in_pos = ld->in_mark = 0;
	ld->item_line = ld->item_col = 0;
	return 1;
}

/* Where the text of `in` starts, past a byte-order mark, for a file that
 * can be read again (the subset reader's, then libyaml's); -1 for one that
 * cannot (standard input, a pipe), which libyaml alone reads. */
static long rereadable_start(FILE *in, long *back)
{
	struct stat sb;
	unsigned char b[3];
	long start = *back = ftell(in);
	if (start < 0 || fstat(fileno(in), &sb) != 0 || !S_ISREG(sb.st_mode))
		return -1;
	if (fread(b, 1, 3, in) == 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
		start += 3;
	return fseek(in, start, SEEK_SET) == 0 ? start : -1;
}

static int load(yd_doc *doc, const char *name, const char *data, size_t len, FILE *in, const char *stream_key,
		yd_item_fn fn, void *ctx, jx_err *err)
{
	loader ld;
	yaml_event_t ev;
	int rc = -1;
	long start = -1, back = 0;

	memset(doc, 0, sizeof *doc);
	doc->file = name;
	if (!fn && len > YD_MAX_BYTES) {
		jx_err_set(err, "文件过大（%zu 字节，上限 8 MiB）", "file too large (%zu bytes, limit 8 MiB)", len);
		jx_err_at(err, name, 1, 1);
		return -1;
	}
	memset(&ld, 0, sizeof ld);
	/* A UTF-8 byte-order mark (Windows editors write one) is not content;
	 * with the encoding fixed, libyaml would read the first line wrongly. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	ld.doc = doc;
	ld.data = data;
	ld.len = len;
	ld.stream_key = stream_key;
	ld.fn = fn;
	ld.ctx = ctx;
	ld.err = err;
	if (in) {
		ld.data = NULL;
		ld.len = 0;
		start = rereadable_start(in, &back);
	}
	if (!in || start >= 0) {
		int tried = try_subset(&ld, start >= 0 ? in : NULL, back);
		if (tried <= 0) {
			rc = tried;
			goto out;
		}
	}
	if (!yaml_parser_initialize(&ld.parser)) {
		jx_err_set(err, "内存不足", "out of memory");
		goto out;
	}
	if (in) {
		/* a byte-order mark is skipped; other first bytes are given back */
		ld.npending = fread(ld.pending, 1, 3, in);
		if (ld.npending == 3 && memcmp(ld.pending, "\xEF\xBB\xBF", 3) == 0)
			ld.npending = 0;
		ld.in = in;
		ld.in_path = name;
	}
	if (fn)
		yaml_parser_set_input(&ld.parser, stream_input, &ld);
	else
		yaml_parser_set_input_string(&ld.parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&ld.parser, YAML_UTF8_ENCODING);
	while (!ld.done) {
		if (!yaml_parser_parse(&ld.parser, &ev)) {
			parse_failed(&ld);
			goto out_parser;
		}
		if (on_event(&ld, &ev) < 0) {
			yaml_event_delete(&ev);
			goto out_parser;
		}
		yaml_event_delete(&ev);
	}
	rc = 0;
out_parser:
	yaml_parser_delete(&ld.parser);
out:
	for (size_t i = 0; i < sizeof ld.stack / sizeof ld.stack[0]; i++) {
		free(ld.stack[i].items);
		free(ld.stack[i].keys);
	}
	if (rc < 0)
		yd_free(doc);
	return rc;
}

int yd_load_mem(yd_doc *doc, const char *name, const char *data, size_t len, jx_err *err)
{
	return load(doc, name, data, len, NULL, NULL, NULL, NULL, err);
}

int yd_load_mem_stream(yd_doc *doc, const char *name, const char *data, size_t len, const char *stream_key,
		       yd_item_fn fn, void *ctx, jx_err *err)
{
	return load(doc, name, data, len, NULL, stream_key, fn, ctx, err);
}

/* A file that cannot be opened, in words (no "file:0:0" location: there is
 * no line to point at). */
static void open_error(jx_err *err, const char *path, int e)
{
	switch (e) {
	case ENOENT:
		jx_err_set(err, "无法打开文件 %s：找不到该文件", "cannot open the file %s: no such file", path);
		break;
	case EACCES:
	case EPERM:
		jx_err_set(err, "无法打开文件 %s：没有权限读取", "cannot open the file %s: no permission to read it", path);
		break;
	case EISDIR:
		jx_err_set(err, "无法打开文件 %s：这是一个目录，不是文件", "cannot open the file %s: it is a directory", path);
		break;
	case ENOTDIR:
		jx_err_set(err, "无法打开文件 %s：路径中有一段不是目录", "cannot open the file %s: part of the path is not a directory",
			   path);
		break;
	case ENAMETOOLONG:
		jx_err_set(err, "无法打开文件 %s：文件名过长", "cannot open the file %s: the name is too long", path);
		break;
	default:
		jx_err_set(err, "无法打开文件 %s：%s", "cannot open the file %s: %s", path, strerror(e));
		break;
	}
}

static int load_file(yd_doc *doc, const char *path, const char *stream_key, yd_item_fn fn, void *ctx, jx_err *err)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;
	int is_stdin = strcmp(path, "-") == 0;

	memset(doc, 0, sizeof *doc);
	doc->file = path;
	f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		open_error(err, path, errno);
		return -1;
	}
	if (!is_stdin) {
		struct stat sb;
		if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
			open_error(err, path, EISDIR);
			fclose(f);
			return -1;
		}
	}
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nb;
			if (cap > YD_MAX_BYTES) {
				jx_err_set(err, "文件过大（上限 8 MiB）", "file too large (limit 8 MiB)");
				jx_err_at(err, path, 1, 1);
				free(buf);
				if (!is_stdin)
					fclose(f);
				return -1;
			}
			nb = realloc(buf, ncap);
			if (!nb) {
				free(buf);
				if (!is_stdin)
					fclose(f);
				jx_err_set(err, "内存不足", "out of memory");
				return -1;
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		if (is_stdin)
			jx_err_set(err, "读取标准输入失败：%s", "cannot read standard input: %s", strerror(e));
		else
			jx_err_set(err, "读取文件 %s 失败：%s", "cannot read the file %s: %s", path, strerror(e));
		free(buf);
		if (!is_stdin)
			fclose(f);
		return -1;
	}
	if (!is_stdin)
		fclose(f);
	if (len > YD_MAX_BYTES) {
		jx_err_set(err, "文件过大（%zu 字节以上，上限 8 MiB）", "file too large (over %zu bytes, limit 8 MiB)", len);
		jx_err_at(err, path, 1, 1);
		free(buf);
		return -1;
	}
	rc = load(doc, path, buf ? buf : "", len, NULL, stream_key, fn, ctx, err);
	free(buf);
	return rc;
}

int yd_load_file(yd_doc *doc, const char *path, jx_err *err)
{
	return load_file(doc, path, NULL, NULL, NULL, err);
}

/* Streaming from a file: read as it is parsed, never whole. */
int yd_load_file_stream(yd_doc *doc, const char *path, const char *stream_key, yd_item_fn fn, void *ctx, jx_err *err)
{
	int is_stdin = strcmp(path, "-") == 0, rc;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct stat sb;
	memset(doc, 0, sizeof *doc);
	doc->file = path;
	if (!f) {
		open_error(err, path, errno);
		return -1;
	}
	if (!is_stdin && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(f);
		open_error(err, path, EISDIR);
		return -1;
	}
	rc = load(doc, path, NULL, 0, f, stream_key, fn, ctx, err);
	if (!is_stdin)
		fclose(f);
	return rc;
}

/* The position of key in map, or -1 (also when map is not a mapping). */
static long key_index(const yd_node *map, const char *key)
{
	size_t len;
	if (!map || map->kind != YD_MAP)
		return -1;
	/* lengths first: a sheet file's reader asks an indicator's map of
	 * about 25 keys for each of them, 300 indicators a sheet */
	len = strlen(key);
	for (size_t i = 0; i < map->n; i++)
		if (map->keys[i]->len == len && memcmp(map->keys[i]->str, key, len) == 0)
			return (long)i;
	return -1;
}

yd_node *yd_get(const yd_node *map, const char *key)
{
	long i = key_index(map, key);
	return i < 0 ? NULL : map->items[i];
}

yd_node *yd_get_key(const yd_node *map, const char *key)
{
	long i = key_index(map, key);
	return i < 0 ? NULL : map->keys[i];
}

int yd_get_opt(const yd_doc *doc, const yd_node *map, const char *key, yd_kind kind, const yd_node **out,
	       jx_err *err)
{
	const yd_node *n = yd_get(map, key);
	*out = NULL;
	if (!n || yd_is_null(n))
		return 0;
	if (yd_expect(doc, n, kind, key, err) < 0)
		return -1;
	*out = n;
	return 0;
}

int yd_check_keys(const yd_doc *doc, const yd_node *map, const char *const *allowed, jx_err *err)
{
	if (!map || map->kind != YD_MAP)
		return 0;
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->str;
		int ok = 0;
		/* the first byte first: most allowed keys differ there */
		for (const char *const *a = allowed; *a; a++)
			if ((*a)[0] == k[0] && strcmp(*a, k) == 0) {
				ok = 1;
				break;
			}
		if (!ok) {
			jx_err_set(err, "未知字段“%s”", "unknown field \"%s\"", k);
			jx_err_at(err, doc->file, map->keys[i]->line, map->keys[i]->col);
			return -1;
		}
	}
	return 0;
}

int yd_expect(const yd_doc *doc, const yd_node *n, yd_kind kind, const char *what, jx_err *err)
{
	static const char *zh[] = {"文字", "列表", "映射"}, *en[] = {"a scalar", "a list", "a mapping"};
	if (n && n->kind == kind)
		return 0;
	jx_err_set(err, "%s 应为%s", "%s should be %s", what, L(zh[kind], en[kind]));
	jx_err_at(err, doc->file, n ? n->line : 0, n ? n->col : 0);
	return -1;
}

int yd_expect_keys(const yd_doc *doc, const yd_node *n, const char *what, const char *const *allowed, jx_err *err)
{
	if (yd_expect(doc, n, YD_MAP, what, err) < 0)
		return -1;
	return yd_check_keys(doc, n, allowed, err);
}

int yd_keyed_cmp(const void *a, const void *b)
{
	const yd_keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

int yd_is_null(const yd_node *n)
{
	if (!n)
		return 1;
	if (n->kind != YD_SCALAR || !n->plain)
		return 0;
	/* by length first: nearly every scalar is not a null */
	if (n->len == 0)
		return 1;
	if (n->len == 1)
		return n->str[0] == '~';
	return n->len == 4 && (n->str[0] == 'n' || n->str[0] == 'N') &&
	       (strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0);
}

int yd_str(const yd_doc *doc, const yd_node *n, const char **out, jx_err *err)
{
	if (!n || yd_is_null(n)) {
		*out = NULL;
		return 0;
	}
	if (n->kind != YD_SCALAR) {
		yd_fail(doc, n, err, "此处应为文字", "text expected here");
		return -1;
	}
	*out = n->str;
	return 0;
}

/* The value of s (len bytes) when it is written as jixiao writes numbers:
 * 1 to 12 digits, then a point and 1 to 6 digits or nothing; -1 for any
 * other spelling (a sign, a comma, a percent sign, full-width digits, an
 * exponent, blanks), which jx_parse_dec reads.  Either way the value is
 * the same: this only spares a sheet's 1,800 figures the general parser. */
static jx_dec plain_dec(const char *s, size_t len)
{
	jx_dec v = 0;
	size_t i = 0, dot;
	/* at most 12 + 6 digits are taken: 10^18 fits the 64 bits */
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (i == 12)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i == len)
		return v * JX_SCALE;
	if (s[i] != '.' || len - i - 1 < 1 || len - i - 1 > 6)
		return -1;
	dot = i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		v = v * 10 + (s[i] - '0');
	if (i != len)
		return -1;
	for (size_t k = len - dot - 1; k < 6; k++)
		v *= 10;
	return v;
}

int yd_dec(const yd_doc *doc, const yd_node *n, int flags, jx_dec *out, jx_err *err)
{
	jx_dec v;
	if (!n || yd_is_null(n)) {
		if (flags & JX_NUM_ALLOW_EMPTY) {
			*out = JX_NONE;
			return 0;
		}
		jx_err_set(err, "缺少数字", "a number is missing");
		jx_err_at(err, doc->file, n ? n->line : 0, n ? n->col : 0);
		return -1;
	}
	if (n->kind != YD_SCALAR) {
		yd_fail(doc, n, err, "此处应为数字", "a number is expected here");
		return -1;
	}
	if ((v = plain_dec(n->str, n->len)) >= 0) {
		*out = v;
		return 0;
	}
	if (jx_parse_dec(n->str, flags, out, err) < 0) {
		jx_err_at(err, doc->file, n->line, n->col);
		return -1;
	}
	return 0;
}

int yd_int(const yd_doc *doc, const yd_node *n, long min, long max, long *out, jx_err *err)
{
	char *end;
	long v;
	if (!n || n->kind != YD_SCALAR || n->len == 0) {
		yd_fail(doc, n, err, "此处应为整数", "an integer is expected here");
		return -1;
	}
	errno = 0;
	v = strtol(n->str, &end, 10);
	if (errno || *end || v < min || v > max) {
		jx_err_set(err, "“%s”不是 %ld 到 %ld 之间的整数", "\"%s\" is not an integer from %ld to %ld", n->str, min, max);
		jx_err_at(err, doc->file, n->line, n->col);
		return -1;
	}
	*out = v;
	return 0;
}

int yd_bool(const yd_doc *doc, const yd_node *n, int *out, jx_err *err)
{
	static const char *yes[] = {"true", "yes", "True", "Yes", "是", NULL}, *no[] = {"false", "no", "False", "No", "否", NULL};
	if (n && n->kind == YD_SCALAR) {
		for (int i = 0; yes[i]; i++)
			if (strcmp(n->str, yes[i]) == 0) {
				*out = 1;
				return 0;
			}
		for (int i = 0; no[i]; i++)
			if (strcmp(n->str, no[i]) == 0) {
				*out = 0;
				return 0;
			}
	}
	yd_fail(doc, n, err, "此处应为 true 或 false", "true or false expected here");
	return -1;
}
