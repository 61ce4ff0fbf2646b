/* A YAML file read into a plain tree, safely: size and depth capped, aliases,
 * duplicate keys and invalid UTF-8 refused, every node with its line and
 * column (1-based) for messages of the form file:line:column: message. */
#ifndef JX_YAMLDOC_H
#define JX_YAMLDOC_H

#include <stddef.h>
#include "dec.h"
#include "err.h"

#define YD_MAX_BYTES (8u * 1024u * 1024u)
#define YD_MAX_DEPTH 64
#define YD_MAX_NODES 2000000

typedef enum { YD_SCALAR, YD_SEQ, YD_MAP } yd_kind;

typedef struct yd_node {
	yd_kind kind;
	int line, col;
	int plain;          /* scalar written without quotes */
	char *str;          /* scalar text (NUL-terminated UTF-8) */
	size_t len;         /* scalar length in bytes */
	size_t n;           /* items in a sequence, pairs in a mapping */
	struct yd_node **items;  /* sequence items, or mapping values */
	struct yd_node **keys;   /* mapping keys (scalars) */
} yd_node;

typedef struct {
	const char *file;   /* name used in messages */
	yd_node *root;      /* NULL for an empty document */
	/* all nodes are owned by the document */
	void *arena;
	void *spare;        /* blocks kept for reuse while streaming */
} yd_doc;

/* Load a file ("-" = standard input).  Returns 0, or -1 with
 * "file:line:column: message" in err. */
int yd_load_file(yd_doc *doc, const char *path, jx_err *err);
/* Load from memory; `name` is used in messages. */
int yd_load_mem(yd_doc *doc, const char *name, const char *data, size_t len, jx_err *err);
void yd_free(yd_doc *doc);

/* Streaming: the items of the top-level mapping's sequence under
 * `stream_key` (e.g. the sheets of a bundle) are handed to fn one at a time
 * as soon as each is complete, then released, so memory stays bounded by one
 * item whatever the file's size.  That sequence is left empty in the tree.
 * fn returns 0, or -1 with err set to stop the load (which then fails). */
typedef int (*yd_item_fn)(void *ctx, const yd_doc *doc, const yd_node *item, jx_err *err);
int yd_load_mem_stream(yd_doc *doc, const char *name, const char *data, size_t len, const char *stream_key,
		       yd_item_fn fn, void *ctx, jx_err *err);
int yd_load_file_stream(yd_doc *doc, const char *path, const char *stream_key, yd_item_fn fn, void *ctx, jx_err *err);

/* Which reader loads read with: jixiao's own YAML through yaml_subset.c
 * and anything it declines through libyaml (what jixiao does), or one of
 * them alone -- for the tests that compare their trees and the bench.
 * With YD_READ_SUBSET a declined text fails with YD_DECLINED_MSG. */
enum { YD_READ_BOTH, YD_READ_LIBYAML, YD_READ_SUBSET };
extern int yd_reader;
#define YD_DECLINED_MSG "(declined by the subset reader)"
/* How many loads the subset reader declined, since the program started. */
extern unsigned long yd_subset_declined;

/* Helpers for walking the tree.  Each reports errors as file:line:column. */
yd_node *yd_get(const yd_node *map, const char *key);
/* The key scalar of `key` in map (for messages that point at the key), or NULL. */
yd_node *yd_get_key(const yd_node *map, const char *key);
/* An optional mapping or sequence under `key`: absent or null sets *out
 * NULL and returns 0; another kind is an error naming the key. */
int yd_get_opt(const yd_doc *doc, const yd_node *map, const char *key, yd_kind kind, const yd_node **out,
	       jx_err *err);
/* Refuse keys not in the NULL-terminated list `allowed`. */
int yd_check_keys(const yd_doc *doc, const yd_node *map, const char *const *allowed, jx_err *err);
/* Expect a kind; message names what was expected. */
int yd_expect(const yd_doc *doc, const yd_node *n, yd_kind kind, const char *what, jx_err *err);
/* A mapping (`what` names it) with only the keys in `allowed`. */
int yd_expect_keys(const yd_doc *doc, const yd_node *n, const char *what, const char *const *allowed, jx_err *err);
/* Is this scalar a YAML null (~, null, empty plain)? */
int yd_is_null(const yd_node *n);
/* Scalar as string; NULL node or null -> def.  Non-scalar -> error. */
int yd_str(const yd_doc *doc, const yd_node *n, const char **out, jx_err *err);
/* Scalar as number through jx_parse_dec(flags).  NULL/null -> JX_NONE if
 * JX_NUM_ALLOW_EMPTY, else error. */
int yd_dec(const yd_doc *doc, const yd_node *n, int flags, jx_dec *out, jx_err *err);
/* Integer scalar in [min, max]. */
int yd_int(const yd_doc *doc, const yd_node *n, long min, long max, long *out, jx_err *err);
/* true/false/yes/no/是/否 */
int yd_bool(const yd_doc *doc, const yd_node *n, int *out, jx_err *err);
/* A key an item of a list gives itself, and the item's place in the list:
 * sorted with yd_keyed_cmp (by key, then place), a key used twice comes
 * together, its first use first. */
typedef struct {
	const char *key;
	size_t pos;
} yd_keyed;
int yd_keyed_cmp(const void *a, const void *b);
/* Set err to "file:line:column: message" for node n. */
void yd_fail(const yd_doc *doc, const yd_node *n, jx_err *err, const char *zh, const char *en);
/* The same with a printf format in each language; at NULL points at 1:1.
 * Does nothing when err is NULL.  Returns -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 6)))
#endif
int yd_failf(const yd_doc *doc, const yd_node *at, jx_err *err, const char *fmt_zh, const char *fmt_en, ...);

#endif
