/* Field paths: one name for every value a user can change in a sheet.
 * Used by the store (UPDATE + audit row), the screens (commit a field),
 * the checks (the field a finding points to) and history.
 *
 *   year | status
 *   info:<key>                  project info (model.h JX_INFO_FIELDS)
 *   narr:<key>                  narrative (JX_NARR_FIELDS)
 *   basis:<i>                   立项依据 document i (0-based)
 *   fund:<source>:<col>         col = planned | budget | received | spent | source
 *   sub:<i>:<col>               col = name | budget | spent
 *   goal:<i>:<col>              col = planned | actual
 *   ind:<key>:<col>             col = name | slot | subproject | cmp | target |
 *                               target_text | unit | actual | actual_text |
 *                               points | band | score_entered | score_stated |
 *                               override_score | override_reason | deduction |
 *                               deduction_reason | deviation_reason
 *   mark:<node>:<item>          checklist mark (points awarded)
 *   entry:<node>:score | entry:<node>:note
 *   measure:<name>
 *   review:score | review:opinion | review:result
 */
#ifndef JX_FIELD_H
#define JX_FIELD_H

#include <stddef.h>
#include "err.h"
#include "model.h"
#include "template.h"

typedef enum {
	JX_FT_TEXT, JX_FT_LONGTEXT, JX_FT_NUMBER, JX_FT_MONEY, JX_FT_POINTS, JX_FT_CMP, JX_FT_BAND,
	JX_FT_YEAR, JX_FT_CHOICE, JX_FT_DATE,
} jx_field_type;

/* Current value as the text a user would type back ("" when empty).
 * Returns 0, or -1 for an unknown path (message in err). */
int jx_field_get(const jx_sheet *s, const char *path, char *buf, size_t len, jx_err *err);

/* Validate text and store it in the sheet.  On error nothing changes and err
 * says why, in the user's language (e.g. a qualitative score outside its
 * band, "-5" for money, "1,2").  t may be NULL (no template checks). */
int jx_field_set(jx_sheet *s, const jx_template *t, const char *path, const char *text, jx_err *err);

/* Type and label ("项目名称", "评审项目总数量 · 实际完成值") of a path. */
jx_field_type jx_field_type_of(const char *path);
void jx_field_label(const jx_sheet *s, const char *path, char *buf, size_t len);

/* Longest text accepted in any field, in bytes. */
#define JX_FIELD_MAX 65536

#endif
