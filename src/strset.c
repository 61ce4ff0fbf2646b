/* A set of strings (strset.h). */
#include "strset.h"

#include <stdlib.h>
#include <string.h>

static size_t hash(const char *u)
{
	size_t h = 2166136261u;
	for (; *u; u++)
		h = (h ^ (unsigned char)*u) * 16777619u;
	return h;
}

/* Kept at most half full, so that a probe ends soon. */
static int grow(jx_strset *u)
{
	size_t cap = u->cap ? u->cap * 2 : 64, i;
	char **v = calloc(cap, sizeof *v);
	if (!v)
		return -1;
	for (size_t k = 0; k < u->cap; k++)
		if (u->slot[k]) {
			for (i = hash(u->slot[k]) & (cap - 1); v[i]; i = (i + 1) & (cap - 1))
				;
			v[i] = u->slot[k];
		}
	free(u->slot);
	u->slot = v;
	u->cap = cap;
	return 0;
}

int jx_strset_add(jx_strset *u, const char *s)
{
	size_t i;
	if (2 * (u->n + 1) > u->cap && grow(u) < 0)
		return -1;
	for (i = hash(s) & (u->cap - 1); u->slot[i]; i = (i + 1) & (u->cap - 1))
		if (!strcmp(u->slot[i], s))
			return 1;
	if (!(u->slot[i] = strdup(s)))
		return -1;
	u->n++;
	return 0;
}

void jx_strset_free(jx_strset *u)
{
	for (size_t k = 0; k < u->cap; k++)
		free(u->slot[k]);
	free(u->slot);
	memset(u, 0, sizeof *u);
}
