/* A project's sheets for a year, linked by stage: the target declaration
 * (绩效目标申报) made with the budget, monitoring snapshots (绩效运行监控)
 * for months 1..N, then the self-evaluation (绩效自评). */
#ifndef JX_STAGE_H
#define JX_STAGE_H

#include "model.h"
#include "template.h"

/* The stages in the order a year goes through them, declared once:
 * X(id, key, zh, en): key is the word stored in the database and sheet
 * files and typed on the command line; zh is accepted on the command line
 * too and shown in Chinese lists. */
#define JX_STAGES(X)                                            \
	X(DECLARATION, "declaration", "申报", "declaration")   \
	X(MONITORING, "monitoring", "监控", "monitoring")      \
	X(SELF, "self", "自评", "self-evaluation")

#define JX_STAGE_ITEM(id, key, zh, en) JX_STAGE_##id,
typedef enum { JX_STAGES(JX_STAGE_ITEM) JX_STAGE_COUNT } jx_stage;
#undef JX_STAGE_ITEM

/* 0 and *out for "declaration" / "申报", "monitoring" / "监控", "self" /
 * "自评"; -1 for anything else. */
int jx_stage_parse(const char *text, jx_stage *out);
/* The stored word ("declaration" ...). */
const char *jx_stage_key(jx_stage g);
/* The name in the user's language (申报 / declaration ...). */
const char *jx_stage_label(jx_stage g);
/* The stage of a sheet: a sheet without one is a self-evaluation. */
jx_stage jx_sheet_stage(const jx_sheet *s);
/* The stage of s whose template is t (NULL: unknown): its own, else a
 * declaration table's sheet is a declaration, a monitoring table's a
 * monitoring sheet, any other a self-evaluation. */
jx_stage jx_sheet_stage_in(const jx_sheet *s, const jx_template *t);
/* The stage a stored word names; a missing or unknown word is self. */
jx_stage jx_stage_of_key(const char *key);
/* "申报", "监控 1–7月", "自评" (English with --lang en) into buf. */
const char *jx_stage_text(const char *key, int month, char *buf, size_t size);

#endif
