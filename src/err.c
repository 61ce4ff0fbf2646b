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
	char tmp[sizeof e->msg];
	if (!e)
		return;
	snprintf(tmp, sizeof tmp, "%s%s", prefix, e->msg);
	memcpy(e->msg, tmp, sizeof tmp);
}

void jx_err_at(jx_err *e, const char *file, int line, int col)
{
	char pre[512];
	snprintf(pre, sizeof pre, "%s:%d:%d: ", file ? file : "-", line, col);
	jx_err_prefix(e, pre);
}
