/* A set of strings (copies), for telling whether a name came before: an
 * open-addressing hash table, so that the ten-thousandth name costs what
 * the tenth does. */
#ifndef JX_STRSET_H
#define JX_STRSET_H

#include <stddef.h>

typedef struct {
	char **slot;
	size_t cap, n;
} jx_strset;

/* 1 when s was in the set already, 0 when added, -1 out of memory.  A zeroed
 * jx_strset is an empty set. */
int jx_strset_add(jx_strset *set, const char *s);
void jx_strset_free(jx_strset *set);

#endif
