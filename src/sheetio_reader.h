/* What the sheet-file reader's two files share: sheetio_read.c reads a
 * sheet and its parts, sheetio_read_ind.c its indicators (the bulk of a
 * sheet: 300 of them, each read once per import), with the same reader
 * state and the same helpers for messages and values. */
#ifndef JX_SHEETIO_READER_H
#define JX_SHEETIO_READER_H

#include "model.h"
#include "sheetio.h"
#include "template.h"
#include "yamldoc.h"

#define MAX_KEY_LEN 64 /* indicator keys end up in 96-byte engine paths */

typedef struct {
	const yd_doc *doc;
	jx_err *err;
	const jx_templates *set;
	const jx_template *t; /* template of the sheet being read */
	jx_sheet *s;
	jx_sheet_history h;   /* its audit rows */
	/* the indicators' texts go with s's kept texts (jx_sheet_keep_text),
	 * not each its own allocation: a sheet read to be stored, never
	 * edited (jx_bundle_read_each's) */
	int keep_texts;
	int in_kept; /* reading the indicators of such a sheet: a text dropped is not freed */
	/* the slots of slots_of read so far, by the hash of their name
	 * (sheetio_read_ind.c's key_slot): a bundle's sheets of one template
	 * name the same few */
	const jx_template *slots_of;
	const jx_node *slots[32];
	/* with keep_texts, the slot names kept with s so far, at the same
	 * places: one copy for all its indicators in each (emptied for each
	 * sheet) */
	char *slot_kept[32];
} reader;

/* A message at a node of the sheet file, into r->err; -1. */
#define failf(r, at, ...) yd_failf((r)->doc, at, (r)->err, __VA_ARGS__)

int sior_oom(reader *r, const yd_node *at);
int sior_expect(reader *r, const yd_node *n, yd_kind kind, const char *what);
/* An optional list under field (absent or null: *out NULL). */
int sior_get_seq(reader *r, const yd_node *parent, const char *field, const yd_node **out);
/* Text of a field's scalar (absent, null or "": NULL), at most JX_FIELD_MAX bytes. */
int sior_node_text(reader *r, const yd_node *n, char **dst);
/* The same text checked the same way but not copied: the tree's own
 * (absent, null or "": NULL), for a text read and let go. */
int sior_node_str(reader *r, const yd_node *n, const char **s);
/* sior_node_text for an indicator's text: kept with the sheet's when
 * r->keep_texts. */
int sior_ind_text(reader *r, const yd_node *n, char **dst);
/* *dst (read from n) kept when it has no line break or the field at path
 * takes several lines; else dropped and refused, naming the field (label,
 * or the path's label). */
int sior_refuse_line_break(reader *r, const yd_node *n, const char *path, const char *label, char **dst);
/* Number of a scalar node; absent, null or "" give JX_NONE. */
int sior_node_dec(reader *r, const yd_node *n, int flags, jx_dec *out);
/* "a, b, c" from a list of names, cut to fit. */
void sior_join_names(char *buf, size_t len, const char *const *names, size_t n);
const jx_node *sior_find_node(const jx_template *t, const char *key);
/* Names of the template's nodes accepted by pred, for messages. */
void sior_node_names(const jx_template *t, int (*pred)(const jx_node *), char *buf, size_t len);
int sior_is_slot(const jx_node *n);
/* The key of n bytes at s is a valid indicator key. */
int sior_valid_ind_key(const char *s, size_t n);

/* The sheet's indicators (sheetio_read_ind.c): each read and checked, every key once. */
int sior_read_indicators(reader *r, const yd_node *sheet);

#endif
