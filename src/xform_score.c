/* Scoring a sheet for its forms (see xform.h): its results and its
 * findings, kept from one sheet to the next. */
#include "xform.h"

#include <string.h>

#include "strutil.h"

int jx_xsheet_score(jx_xsheet *x, const jx_templates *set, const jx_sheet *s, const jx_sheet *prev, jx_err *err)
{
	const jx_template *t = NULL;
	/* Sheets of one template come one after another: look it up again only
	 * for another one. */
	if (s && s->template_id) {
		if (x->tpl && x->set == set && jx_streq(x->tpl->id, s->template_id))
			t = x->tpl;
		else
			t = jx_templates_find(set, s->template_id);
	}
	if (!s) {
		jx_err_set(err, "没有评价表", "no sheet");
		return -1;
	}
	if (!t) {
		jx_err_set(err, "评价表“%s”使用的模板不存在：%s", "sheet \"%s\" uses an unknown template: %s",
			   jx_nz(s->info[JX_INFO_NAME]), jx_nz(s->template_id));
		return -1;
	}
	x->sheet = s;
	x->tpl = t;
	x->set = set;
	jx_score(t, s, &x->ss);
	jx_findings_clear(&x->findings);
	jx_check(t, s, &x->ss, prev, &x->findings);
	return 0;
}

void jx_xsheet_free(jx_xsheet *x)
{
	jx_scoresheet_free(&x->ss);
	jx_findings_free(&x->findings);
	memset(x, 0, sizeof *x);
}
