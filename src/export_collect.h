/* The county's exports from the collection view (collect.h): the summary
 * workbook (export_summary.c) and the printable dashboard
 * (export_dashboard.c).  Written from the view's rows, never by scoring
 * every sheet, so they are not writers of the per-sheet driver (export.c,
 * export_ops.h), which loads, scores and forms each sheet in turn. */
#ifndef JX_EXPORT_COLLECT_H
#define JX_EXPORT_COLLECT_H

#include "collect.h"
#include "err.h"

/* Is format one of these exports ("summary", "dashboard")? */
int jx_export_is_collect(const char *format);
/* The summary workbook (xlsx): 汇总表, one row per sheet with a totals row
 * of formulas; 统计, the grade distribution with its chart and the groups'
 * counts; 未报送单位, the roster's gaps.  A4 landscape, heading rows
 * repeated, fitted to the width.  path complete or untouched (safefile.h);
 * an existing one replaced only with force.  0, or -1 with err. */
int jx_export_summary_xlsx(const jx_collect *c, const char *path, int force, jx_err *err);
/* The dashboard (HTML with inline SVG charts: the grade distribution, the
 * execution rate against the total; the groups' counts by status; the
 * roster's gaps), printable on A4 landscape; path "-" is standard output. */
int jx_export_dashboard(const jx_collect *c, const char *path, int force, jx_err *err);

#endif
