#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

jx_lang_t jx_lang = JX_LANG_ZH;

void jx_err_set(jx_err *e, const char *fmt_zh, const char *fmt_en, ...)
{
	va_list ap;
	if (!e)
		return;
	va_start(ap, fmt_en);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
	vsnprintf(e->msg, sizeof e->msg, jx_lang == JX_LANG_EN ? fmt_en : fmt_zh, ap);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
	va_end(ap);
}

void jx_err_prefix(jx_err *e, const char *prefix)
{
	size_t plen, mlen, cap = sizeof e->msg - 1;
	if (!e || !prefix)
		return;
	plen = strlen(prefix);
	if (plen > cap)
		plen = cap;
	mlen = strlen(e->msg);
	if (plen + mlen > cap) {
		mlen = cap - plen; /* the location is kept whole; the message's tail goes */
		while (mlen > 0 && ((unsigned char)e->msg[mlen] & 0xC0) == 0x80)
			mlen--; /* never cut a character in half */
	}
	memmove(e->msg + plen, e->msg, mlen);
	memcpy(e->msg, prefix, plen);
	e->msg[plen + mlen] = 0;
}

void jx_err_at(jx_err *e, const char *file, int line, int col)
{
	char pre[512];
	snprintf(pre, sizeof pre, "%s:%d:%d: ", file ? file : "-", line, col);
	jx_err_prefix(e, pre);
}
