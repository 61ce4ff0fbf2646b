/* The dates of deadline indicators as people write them ("2023-06-30",
 * "2023年6月底"), read for the engine, which scores such an indicator by
 * comparing its completion date with its deadline. */
#include "engine.h"
#include "datescan.h"

#include <string.h>

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

long jx_deadline_parse(const char *s)
{
	int y, m, d = 0, have_day = 0;
	if (!s)
		return -1;
	s = skip_space(s);
	if (jx_scan_digits(&s, 4, 4, &y) < 0 || y < 1000)
		return -1;
	if (*s == '-' || *s == '/' || *s == '.') {
		char sep = *s++;
		if (jx_scan_digits(&s, 1, 2, &m) < 0)
			return -1;
		if (*s == sep) {
			s++;
			if (jx_scan_digits(&s, 1, 2, &d) < 0)
				return -1;
			have_day = 1;
		}
	} else if (jx_scan_lit(&s, "年")) {
		if (jx_scan_digits(&s, 1, 2, &m) < 0 || !jx_scan_lit(&s, "月"))
			return -1;
		if (*s >= '0' && *s <= '9') {
			if (jx_scan_digits(&s, 1, 2, &d) < 0 || !(jx_scan_lit(&s, "日") || jx_scan_lit(&s, "号")))
				return -1;
			have_day = 1;
		} else if (!jx_scan_lit(&s, "底")) {
			(void)jx_scan_lit(&s, "末");
		}
	} else {
		return -1;
	}
	if (*skip_space(s))
		return -1;
	if (m < 1 || m > 12)
		return -1;
	if (!have_day)
		d = jx_days_in_month(y, m);
	else if (d < 1 || d > jx_days_in_month(y, m))
		return -1;
	return (long)y * 10000 + m * 100 + d;
}
