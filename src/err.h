/* Error messages in the user's language (Chinese first, English with --lang en). */
#ifndef JX_ERR_H
#define JX_ERR_H

#include <stddef.h>

typedef enum { JX_LANG_ZH = 0, JX_LANG_EN = 1 } jx_lang_t;
extern jx_lang_t jx_lang;

/* Pick the text for the current language. */
#define L(zh, en) (jx_lang == JX_LANG_EN ? (en) : (zh))

typedef struct {
	char msg[1024];
} jx_err;

/* Set the message; fmt_zh and fmt_en take the same arguments in the same order. */
void jx_err_set(jx_err *e, const char *fmt_zh, const char *fmt_en, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 4)))
#endif
	;
/* Prefix an existing message: "file:line:column: " + message. */
void jx_err_at(jx_err *e, const char *file, int line, int col);
void jx_err_prefix(jx_err *e, const char *prefix);

#endif
