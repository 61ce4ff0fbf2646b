/* A text export's output gathered in a block and handed to its stream in
 * one write: a form of 300 indicators is some 10,000–20,000 fields,
 * separators and pieces of markup, and the stream's cost per call was a
 * third to a half of writing them.  The stream is locked by the caller
 * (flockfile), or only this thread uses it.  Inline: these run once per
 * piece written (export_csv.c, export_html.c). */
#ifndef JX_OUTBLOCK_H
#define JX_OUTBLOCK_H

#include <stdio.h>
#include <string.h>

typedef struct {
	FILE *f;
	size_t n; /* bytes waiting in b */
	char b[8192];
} jx_outblock;

static inline void jx_ob_init(jx_outblock *o, FILE *f)
{
	o->f = f;
	o->n = 0;
}

static inline void jx_ob_flush(jx_outblock *o)
{
	if (o->n)
		fwrite_unlocked(o->b, 1, o->n, o->f);
	o->n = 0;
}

static inline void jx_ob_n(jx_outblock *o, const char *s, size_t n)
{
	if (n > sizeof o->b - o->n) {
		jx_ob_flush(o);
		if (n > sizeof o->b) {
			fwrite_unlocked(s, 1, n, o->f);
			return;
		}
	}
	memcpy(o->b + o->n, s, n);
	o->n += n;
}

/* (strlen of a literal is worked out when compiling) */
static inline void jx_ob_s(jx_outblock *o, const char *s)
{
	jx_ob_n(o, s, strlen(s));
}

static inline void jx_ob_c(jx_outblock *o, char c)
{
	if (o->n == sizeof o->b)
		jx_ob_flush(o);
	o->b[o->n++] = c;
}

#endif
