/* Between field.c and field_text.c: the text rules a value is held to
 * before it is set (field_text.c), used by the setters (field.c). */
#ifndef JX_FIELD_INT_H
#define JX_FIELD_INT_H

#include <stddef.h>
#include "err.h"

/* Trimmed copy of a one-line choice into buf; -1 if it does not fit. */
int jx_field_trimmed(const char *in, char *buf, size_t len);
/* A calendar date as YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日,
 * written back as YYYY-MM-DD into out; "" is allowed.  0, or -1 (err). */
int jx_field_parse_date(const char *in, char out[32], jx_err *err);

#endif
