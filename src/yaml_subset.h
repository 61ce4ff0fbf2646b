/* A reader of the YAML jixiao writes itself, without libyaml's cost for
 * each character: yamldoc.c tries it first and reads with libyaml whatever
 * it declines.
 *
 * Why it exists: importing 1,000 sheet files of 300 indicators took 2.4 s
 * of CPU, of which libyaml's parser was nearly half (11.4 of 24 million
 * instructions a sheet, counted with callgrind; a bare libyaml event loop
 * over the 1,000 files alone takes 0.83 s, a quarter of it allocating and
 * freeing each token and event).  SQLite's own minimum for the 300,000 rows
 * is about 0.7 s, so the 1.5 s target could not be met with libyaml on the
 * path (libfyaml was slower still: 16 against 12 million a file).  This
 * reader takes 2.4 million a sheet (51 KB) from text to yamldoc's tree,
 * most of it per event and per line: bytes are checked and scanned eight
 * at a time, plain scalars are not copied before yamldoc copies them, and
 * a line's events are handed over in one call (share/performance.md has
 * the figures).
 *
 * What it reads: the strict subset that sheetio_write.c's emitter settings
 * produce (block mappings and sequences, indentless sequences under a key,
 * one-line plain, single- and double-quoted scalars, literal block scalars
 * with their indentation and chomping indicators, one-line flow collections
 * of plain words as marks and funds_total are written).  Anything else --
 * comments, anchors, tags, aliases, document markers, folded or multi-line
 * scalars, tabs, CR, blank lines outside a literal block, any character
 * libyaml refuses or treats as a line break -- makes it decline; it never
 * reports an error of its own, so every message about a bad file stays
 * libyaml's.
 *
 * Its events are those libyaml's parser gives for the same text (kinds,
 * scalar bytes and style, line and column counted in characters).  So that
 * an error the consumer raises (a duplicate key, a sheet fn refuses) is the
 * one libyaml's path would raise, a line's events are given only once the
 * next line has been read and checked, and the characters 64 KiB beyond it
 * have been checked too: libyaml looks no further ahead than that before
 * giving an event.
 *
 * Proved by tests/test_yaml_subset.c: libyaml's tree and this reader's are
 * compared node by node over the files under tests/ and share/, exported
 * bundles and generated texts of every kind, and thousands of mutations of
 * them; it must decline whatever it does not read exactly as libyaml does.
 */
#ifndef JX_YAML_SUBSET_H
#define JX_YAML_SUBSET_H

#include <stddef.h>
#include <stdio.h>

typedef enum { YS_SCALAR, YS_SEQ_START, YS_MAP_START, YS_END } ys_type;
typedef enum { YS_PLAIN, YS_SINGLE, YS_DOUBLE, YS_LITERAL, YS_FLOW } ys_style;

typedef struct {
	ys_type type;
	ys_style style;  /* a scalar's quoting; YS_FLOW for a flow collection */
	int line, col;   /* 1-based, the column in characters */
	const char *str; /* a scalar's text (not NUL-terminated) */
	size_t len;
	size_t at;       /* where its line starts in the input (in bytes) */
	size_t room;     /* bytes that may be read from str (len or more) */
} ys_event;

/* The events in turn, n at a time (those of a line, or more), each
 * `stride` bytes after the one before; offset: bytes of the input read so
 * far (beyond the events: at least to the end of the next line).  Returns
 * 0 to go on, -1 to stop with an error, 1 to stop and decline. */
typedef int (*ys_event_fn)(void *ctx, const ys_event *ev, size_t n, size_t stride, size_t offset);

enum { YS_DONE = 0, YS_FAILED = -1, YS_DECLINED = 1 };

/* Read data[0..len), or the file `in` from where it stands (after any
 * byte-order mark) when in is not NULL.  YS_DONE: every event given;
 * YS_FAILED: fn returned -1; YS_DECLINED: the text is not in the subset
 * (or fn declined), after some of its events may have been given. */
int ys_read(const char *data, size_t len, FILE *in, ys_event_fn fn, void *ctx);

#endif
