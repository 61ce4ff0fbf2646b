/* Display width of UTF-8 text, without curses and without depending on the
 * locale for CJK text.
 *
 * Used by every screen (grids, forms, the field editor) and by exporters that
 * size columns.  Widths: East Asian Wide and Fullwidth characters (汉字,
 * full-width punctuation, Hangul, most emoji) take 2 columns, combining marks
 * and other zero-width characters 0, everything else 1.  Bytes that are not
 * valid UTF-8 are shown as U+FFFD and count 1 column each; control characters
 * are also shown as U+FFFD (1 column) so that stored data can never move the
 * terminal's cursor.
 *
 * The wide and zero-width ranges are a built-in table (Unicode 14/15 East
 * Asian Width and general categories Mn/Me/Cf), so results for Chinese never
 * depend on the locale.  For a code point outside the table, the C library's
 * wcwidth() is consulted when it knows the character (a newer Unicode in a
 * UTF-8 locale), otherwise the width is 1.
 */
#ifndef JX_TEXTWIDTH_H
#define JX_TEXTWIDTH_H

#include <stddef.h>
#include <stdint.h>

#define JX_REPLACEMENT 0xFFFDu

/* Decode one character from s[0..len).  Returns the code point, or -1 when
 * the bytes at s are not a valid UTF-8 sequence (overlong forms, surrogates,
 * code points above U+10FFFF and truncated sequences are invalid).  *adv gets
 * the number of bytes consumed: the sequence length, or 1 for an invalid byte.
 * len == 0 returns -1 with *adv = 0. */
int32_t jx_utf8_decode(const char *s, size_t len, size_t *adv);

/* Encode cp (<= U+10FFFF, not a surrogate) into out; returns the byte count
 * (1..4), or 0 for a value that cannot be encoded. */
int jx_utf8_encode(uint32_t cp, char out[4]);

/* 1 when s[0..len) is entirely valid UTF-8 (NUL bytes are refused too). */
int jx_utf8_valid(const char *s, size_t len);

/* Columns one code point takes: 0, 1 or 2.  Control characters (C0, DEL,
 * C1) and invalid values are counted as the 1-column U+FFFD they are shown as. */
int jx_char_width(uint32_t cp);

/* 1 for the characters that reorder or break the line they are in: the
 * bidirectional embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069: "\u202Egpj.exe" shows as "exe.jpg") and the line and
 * paragraph separators U+2028, U+2029, U+0085.  One-line fields refuse
 * them; stored ones are drawn as U+FFFD. */
int jx_reorders_line(uint32_t cp);

/* What to draw for cp: cp itself, or U+FFFD for controls, the characters
 * of jx_reorders_line and invalid values. */
uint32_t jx_display_char(uint32_t cp);

/* Columns the NUL-terminated string takes (NULL counts 0). */
int jx_text_width(const char *s);
/* The same for s[0..len) (no terminator needed). */
int jx_text_width_n(const char *s, size_t len);

/* Byte length of the longest prefix of s that fits in `width` columns.
 * A wide character that would be cut at the edge is not included (the
 * caller pads the remaining column); zero-width characters following the
 * last included character are included.  *used (may be NULL) gets the
 * columns the prefix takes (<= width). */
size_t jx_text_fit(const char *s, int width, int *used);

/* A copy of s[0..len) fit for storing typed or pasted text: invalid UTF-8
 * replaced by U+FFFD, tabs turned into a space, other control characters
 * dropped; a line break ("\n", "\r\n" or "\r") is kept as '\n' when
 * keep_newlines, otherwise turned into a space.  Returns a malloc'd string
 * (NULL only if out of memory). */
char *jx_text_clean(const char *s, size_t len, int keep_newlines);

/* Read s[0..len) once: 1 when jx_text_clean would return it unchanged
 * (valid UTF-8, no control characters but line feeds), with the columns of
 * its longest line as jx_text_width_n counts them (*cols) and whether it
 * has a line break (*multi); on 0 neither is set.  jx_text_is_clean gives
 * the same answer without measuring (a form that has no widths), with
 * whether the text holds a comma, a double quote or a line break (*punct,
 * set only on 1): the bytes a CSV field is quoted for. */
int jx_text_scan(const char *s, size_t len, int *cols, int *multi);
int jx_text_is_clean(const char *s, size_t len, int *punct);

#endif
