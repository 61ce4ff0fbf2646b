/* The pieces both date readers are made of: the deadline reader
 * (deadline.c, lenient: "2023年6月底") and the field editor's date check
 * (field.c, strict: a full day, written back as YYYY-MM-DD).  The readers
 * accept different sets of dates on purpose; only their lexing is shared. */
#ifndef JX_DATESCAN_H
#define JX_DATESCAN_H

#include <string.h>

/* Days in month m (1..12) of year y, Gregorian. */
static inline int jx_days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* min..max ASCII digits at *s, not followed by another digit, into *out;
 * advances *s.  -1 when fewer than min or more than max digits. */
static inline int jx_scan_digits(const char **s, int min, int max, int *out)
{
	int n = 0, v = 0;
	while (**s >= '0' && **s <= '9' && n < max) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	if (n < min || (**s >= '0' && **s <= '9'))
		return -1;
	*out = v;
	return 0;
}

/* Skip the literal lit at *s: 1 if it was there, else 0 (*s unchanged). */
static inline int jx_scan_lit(const char **s, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*s, lit, n) != 0)
		return 0;
	*s += n;
	return 1;
}

#endif
