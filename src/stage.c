/* Stage names (stage.h). */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "stage.h"
#include "strutil.h"

typedef struct {
	const char *key, *zh, *en;
} stage_name;

#define JX_STAGE_ROW(id, key, zh, en) {key, zh, en},
static const stage_name names[JX_STAGE_COUNT] = {JX_STAGES(JX_STAGE_ROW)};
#undef JX_STAGE_ROW

int jx_stage_parse(const char *text, jx_stage *out)
{
	for (int i = 0; text && i < JX_STAGE_COUNT; i++)
		if (!strcmp(text, names[i].key) || !strcmp(text, names[i].zh)) {
			*out = (jx_stage)i;
			return 0;
		}
	return -1;
}

const char *jx_stage_key(jx_stage g)
{
	return names[g].key;
}

const char *jx_stage_label(jx_stage g)
{
	return L(names[g].zh, names[g].en);
}

jx_stage jx_stage_of_key(const char *key)
{
	jx_stage g;
	return jx_stage_parse(key, &g) ? JX_STAGE_SELF : g;
}

jx_stage jx_sheet_stage(const jx_sheet *s)
{
	return jx_stage_of_key(s->stage);
}

const char *jx_stage_text(const char *key, int month, char *buf, size_t size)
{
	jx_stage g = jx_stage_of_key(key);
	if (g == JX_STAGE_MONITORING && month > 0)
		snprintf(buf, size, L("%s 1–%d月", "%s 1–%d"), jx_stage_label(g), month);
	else
		snprintf(buf, size, "%s", jx_stage_label(g));
	return buf;
}

jx_stage jx_sheet_stage_in(const jx_sheet *s, const jx_template *t)
{
	if (!s->stage && t && t->kind == JX_KIND_PROJECT_DECLARATION)
		return JX_STAGE_DECLARATION;
	if (!s->stage && t && t->kind == JX_KIND_PROJECT_MONITORING)
		return JX_STAGE_MONITORING;
	return jx_sheet_stage(s);
}
