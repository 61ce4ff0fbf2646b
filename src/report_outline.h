/* Report outlines: the headings of an evaluation report draft and what goes
 * under each, as data (share/reports/, compiled into the program like
 * the templates; format in share/templates/README.md, "Report outlines").
 *
 * An outline is a tree of sections (heading, sub-sections, parts), then its
 * appendices.  A part is one of:
 *   field  a text of the sheet (info.<key>, narr.<key>) with an optional
 *          label; when the sheet leaves it empty, a passage still to write
 *          (【请填写：ask】);
 *   block  something the report writer fills from the data (the funds
 *          table, the scores, the indicator analysis, the scoring table …);
 *   ask    a passage the sheet cannot give, always still to write;
 *   text   a sentence with figures: {name}, {year}, {exec_rate} … are
 *          replaced by the sheet's values.
 * Each outline names the template kinds it serves.  The loader refuses any
 * unknown key, field, block or {figure}, so a report never meets one. */
#ifndef JX_REPORT_OUTLINE_H
#define JX_REPORT_OUTLINE_H

#include "err.h"
#include "yamldoc.h"

/* The blocks a part may name, in the order of jx_outline_blocks. */
typedef enum {
	JX_OB_BASIS,       /* 立项依据: the documents listed */
	JX_OB_FUNDS,       /* the funds table and its sentence (budget, received, spent, rates) */
	JX_OB_SUBPROJECTS, /* 二级项目 table */
	JX_OB_GOALS,       /* 年度总体目标: planned and achieved */
	JX_OB_SYSTEM,      /* the indicator system: the template, counts of 一级/二级/三级, points */
	JX_OB_SCORES,      /* 一级 scores table and the conclusion (total, grade) */
	JX_OB_ANALYSIS,    /* per 一级: its indicators, what was met, where points were lost */
	JX_OB_SCORE_TABLE, /* the whole scoring table (附件 评价表) */
	JX_OB_COUNT
} jx_outline_block;
extern const char *const jx_outline_blocks[JX_OB_COUNT + 1];

/* The figures a text part may name: {name} … (without braces), in the
 * order of the report writer's table. */
typedef enum {
	JX_OF_NAME,
	JX_OF_YEAR,
	JX_OF_UNIT,
	JX_OF_DEPARTMENT,
	JX_OF_TEMPLATE,
	JX_OF_BUDGET,
	JX_OF_RECEIVED,
	JX_OF_SPENT,
	JX_OF_EXEC_RATE,
	JX_OF_RECEIVED_RATE,
	JX_OF_TOTAL,
	JX_OF_GRADE,
	JX_OF_COUNT
} jx_outline_fig;
extern const char *const jx_outline_figures[JX_OF_COUNT + 1];

/* The outline for a template kind ("project-self" …), checked.  The
 * built-in outlines are loaded once per call of jx_outlines_load. */
typedef struct {
	yd_doc *docs;
	size_t n;
} jx_outlines;

int jx_outlines_load(jx_outlines *o, jx_err *err);
/* Load and check one outline file from memory (0, or -1 with
 * "name:line:column: message"). */
int jx_outline_load_mem(yd_doc *doc, const char *name, const char *data, size_t len, jx_err *err);
/* The root mapping of the outline serving kind, or NULL. */
const yd_node *jx_outline_for(const jx_outlines *o, const char *kind);
void jx_outlines_free(jx_outlines *o);

/* The figure named by s[0..len) ("exec_rate"), or -1. */
int jx_outline_figure(const char *s, size_t len);

#endif
