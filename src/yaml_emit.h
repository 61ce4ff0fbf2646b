/* Writing jixiao's sheet files without libyaml's emitter.
 *
 * Why by hand: exporting a bundle spent two thirds of its instructions in
 * libyaml's emitter (every event queued, its text copied and freed, every
 * character checked for buffer room one at a time).  This writes the same
 * bytes as libyaml 0.2.5's emitter configured as jixiao configures it
 * (unicode on, width -1, indent 2, LN breaks, UTF-8, implicit document
 * start and end, no anchors, tags or directives), for the events jixiao
 * gives: block and flow mappings and sequences and scalars with both
 * implicit flags set.  The scalar style is chosen as libyaml chooses it
 * (yaml_emitter_analyze_scalar, yaml_emitter_select_scalar_style), and each
 * style is written as libyaml writes it; tests/test_yaml_emit.c writes the
 * same events both ways and compares the bytes.  Scalars must be valid
 * UTF-8 (the caller checks, as yaml_scalar_event_initialize does).
 *
 * Measured (callgrind, share/performance.md): `export --all --format yaml`
 * of the bench's 1,000 sheets of 300 indicators, 9.40 G instructions with
 * libyaml's emitter (6.5 G of them the emitter's), 3.78 G with this one
 * (1.14 G of them this file's, for about 5 million scalars). */
#ifndef JX_YAML_EMIT_H
#define JX_YAML_EMIT_H

#include <stddef.h>
#include <stdio.h>
#include <yaml.h>

typedef struct jx_yemit jx_yemit;

/* NULL when out of memory. */
jx_yemit *jx_yemit_new(FILE *f);
void jx_yemit_free(jx_yemit *e);

/* Each returns 0, or -1 once anything failed (then nothing more is
 * written; jx_yemit_problem and jx_yemit_io_error say why). */
int jx_yemit_stream_start(jx_yemit *e);
int jx_yemit_document_start(jx_yemit *e);
int jx_yemit_document_end(jx_yemit *e);
/* also flushes what is buffered to the file */
int jx_yemit_stream_end(jx_yemit *e);
int jx_yemit_mapping_start(jx_yemit *e, int flow);
int jx_yemit_mapping_end(jx_yemit *e);
int jx_yemit_sequence_start(jx_yemit *e, int flow);
int jx_yemit_sequence_end(jx_yemit *e);
/* s[0..n) with s[n] == '\0'; style as libyaml's event asks */
int jx_yemit_scalar(jx_yemit *e, const char *s, size_t n, yaml_scalar_style_t style);

/* For tests/test_yaml_emit.c, which gives libyaml's emitter the same
 * events and compares the bytes: every event any emitter is given, as it
 * is given (fn NULL: none).  s, n and style are a scalar's. */
typedef enum {
	JX_YE_MAP_START,
	JX_YE_MAP_END,
	JX_YE_SEQ_START,
	JX_YE_SEQ_END,
	JX_YE_SCALAR,
	JX_YE_DOC_START,
	JX_YE_DOC_END,
	JX_YE_STREAM_END,
	JX_YE_STREAM_START
} jx_yemit_event;
typedef void (*jx_yemit_tap)(void *ctx, jx_yemit_event type, int flow, const char *s, size_t n,
			     yaml_scalar_style_t style);
void jx_yemit_set_tap(jx_yemit_tap fn, void *ctx);

const char *jx_yemit_problem(const jx_yemit *e);
/* errno of a failed write, 0 when none failed */
int jx_yemit_io_error(const jx_yemit *e);

#endif
