/* Parsing numbers typed by people: "1,234.5", full-width "１２", "95%". */
#ifndef JX_NUM_H
#define JX_NUM_H

#include "dec.h"
#include "err.h"

enum {
	JX_NUM_NONNEG = 1,      /* refuse negative values (money, points) */
	JX_NUM_ALLOW_EMPTY = 2, /* "" parses to JX_NONE instead of an error */
	JX_NUM_PERCENT = 4,     /* accept a trailing % (value unchanged: "95%" -> 95) */
};

/* Parse s into *out.  Accepts surrounding blanks (ASCII and U+3000),
 * full-width digits and signs (normalised), thousands separators in groups of
 * exactly three ("1,234.5"), up to 6 decimal places, an exponent if the result
 * stays in range.  Refuses ambiguous separators ("1,2"), too many decimals,
 * out-of-range values ("1e400") and any other character.
 * Returns 0 or -1 with a message in err (nothing written to *out on error). */
int jx_parse_dec(const char *s, int flags, jx_dec *out, jx_err *err);

/* Money in 万元 (same scale as jx_dec): non-negative, at most 6 decimals. */
int jx_parse_money(const char *s, jx_dec *out, jx_err *err);

#endif
