/* libFuzzer target: the rubric template loader (jx_template_load_mem).
 * A template that loads is also checked for the invariants the engine
 * relies on: every node reachable from the roots is in `all`, keys are
 * unique and findable, parents are consistent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "template.h"

#define FAIL(...)                                      \
	do {                                           \
		fprintf(stderr, "invariant: " __VA_ARGS__); \
		fputc('\n', stderr);                   \
		abort();                               \
	} while (0)

static size_t count_tree(const jx_node *n, const jx_node *parent)
{
	size_t c = 1;
	if (n->parent != parent)
		FAIL("node %s: wrong parent", n->key ? n->key : "?");
	for (size_t i = 0; i < n->n_children; i++)
		c += count_tree(n->children[i], n);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jx_err err;
	jx_template *t;

	err.msg[0] = 0;
	t = jx_template_load_mem("fuzz.yaml", (const char *)data, size, &err);
	if (!t) {
		if (!err.msg[0])
			FAIL("refused without a message");
		return 0;
	}
	{
		size_t reached = 0;
		for (size_t i = 0; i < t->n_roots; i++)
			reached += count_tree(t->roots[i], NULL);
		if (reached != t->n_all)
			FAIL("%zu nodes reachable, %zu listed", reached, t->n_all);
		for (size_t i = 0; i < t->n_all; i++) {
			const jx_node *n = t->all[i];
			if (!n->key)
				FAIL("node without a key");
			if (jx_template_node(t, n->key) != n)
				FAIL("node %s not found by its key", n->key);
		}
		for (jx_dec total = -JX_INT(1); total <= JX_INT(101); total += JX_INT(1) / 2)
			(void)jx_template_grade(t, total);
	}
	jx_template_free(t);
	return 0;
}
