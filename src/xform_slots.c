/* The indicator table under a template's tree, as the declaration and the
 * monitoring forms print it (xform_build.h): for each 一级 node its slots'
 * indicators, one row each, the 一级 and 二级 cells merged down their rows;
 * a slot with no indicator prints one row with its name only, so that the
 * form shows what the template asks for. */
#include "xform_build.h"
#include "strutil.h"

/* The indicators of slot n, one row each; the count. */
static int slot_rows(jx_xbuilder *b, const jx_xsheet *x, int l2, const jx_node *n, jx_fx_ind_row row, const void *ctx)
{
	const jx_sheet *s = x->sheet;
	int count = 0;
	for (size_t i = 0; i < s->n_inds; i++) {
		int r;
		if (!jx_streq(s->inds[i].slot, n->key) || (r = jx_fx_row(b)) < 0)
			continue;
		jx_fx_text(b, r, l2, jx_nz(n->name), JX_XS_CENTER);
		row(b, r, &s->inds[i], i, ctx);
		count++;
	}
	return count;
}

void jx_fx_slot_table(jx_xbuilder *b, const jx_xsheet *x, int l1, int l2, jx_fx_ind_row row, const void *ctx)
{
	int r;
	for (size_t i = 0; i < x->tpl->n_roots; i++) {
		const jx_node *root = x->tpl->roots[i];
		int first = b->f->nrows;
		for (size_t k = 0; k < root->n_children; k++) {
			const jx_node *slot = root->children[k];
			int at = b->f->nrows, n = slot_rows(b, x, l2, slot, row, ctx);
			if (n == 0 && (r = jx_fx_row(b)) >= 0) {
				jx_fx_text(b, r, l2, jx_nz(slot->name), JX_XS_CENTER);
				n = 1;
			}
			if (n > 1)
				jx_fx_merge(b, at, l2, n, 1);
		}
		if (b->f->nrows == first)
			continue;
		jx_fx_text(b, first, l1, jx_nz(root->name), JX_XS_LABEL);
		if (b->f->nrows - first > 1)
			jx_fx_merge(b, first, l1, b->f->nrows - first, 1);
	}
}
