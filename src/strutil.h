/* Small string helpers shared by the core and the screens: comparisons that
 * treat a NULL string the way the model does (NULL = empty text) and the
 * "is anything written here" test.
 *
 * They are inline because the engine and the list screens call them in
 * their inner loops. */
#ifndef JX_STRUTIL_H
#define JX_STRUTIL_H

#include <string.h>

/* s, or "" for NULL (for printing and comparing a value that may be unset). */
static inline const char *jx_nz(const char *s)
{
	return s ? s : "";
}

/* Both set and equal: a NULL never matches, not even another NULL (lookups
 * by key, where a missing key is no key). */
static inline int jx_streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* strcmp with NULL read as "" (sorting values that may be unset). */
static inline int jx_textcmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Equal as text, NULL and "" alike (how jx_sheet_equal compares fields). */
static inline int jx_texteq(const char *a, const char *b)
{
	return jx_textcmp(a, b) == 0;
}

/* Is there anything in s but blanks (space, tab, line breaks, U+3000)? */
static inline int jx_has_text(const char *s)
{
	while (s && *s) {
		if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
			s += 3;
		else if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else
			return 1;
	}
	return 0;
}

#endif
