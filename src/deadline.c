/* The dates of deadline indicators as people write them ("2023-06-30",
 * "2023年6月底"), read for the engine, which scores such an indicator by
 * comparing its completion date with its deadline. */
#include "engine.h"

#include <string.h>

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int read_digits(const char **s, int min, int max, int *out)
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

static int eat(const char **s, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*s, lit, n) != 0)
		return 0;
	*s += n;
	return 1;
}

long jx_deadline_parse(const char *s)
{
	int y, m, d = 0, have_day = 0;
	if (!s)
		return -1;
	s = skip_space(s);
	if (read_digits(&s, 4, 4, &y) < 0 || y < 1000)
		return -1;
	if (*s == '-' || *s == '/' || *s == '.') {
		char sep = *s++;
		if (read_digits(&s, 1, 2, &m) < 0)
			return -1;
		if (*s == sep) {
			s++;
			if (read_digits(&s, 1, 2, &d) < 0)
				return -1;
			have_day = 1;
		}
	} else if (eat(&s, "年")) {
		if (read_digits(&s, 1, 2, &m) < 0 || !eat(&s, "月"))
			return -1;
		if (*s >= '0' && *s <= '9') {
			if (read_digits(&s, 1, 2, &d) < 0 || !(eat(&s, "日") || eat(&s, "号")))
				return -1;
			have_day = 1;
		} else if (!eat(&s, "底")) {
			(void)eat(&s, "末");
		}
	} else {
		return -1;
	}
	if (*skip_space(s))
		return -1;
	if (m < 1 || m > 12)
		return -1;
	if (!have_day)
		d = days_in_month(y, m);
	else if (d < 1 || d > days_in_month(y, m))
		return -1;
	return (long)y * 10000 + m * 100 + d;
}
