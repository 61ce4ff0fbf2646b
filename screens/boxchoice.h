/* Which characters the workstation's boxes are drawn with: Unicode lines
 * (─│┌┐└┘), or ASCII (+ - |) where a line character would take two columns
 * and shift every CJK column after it.  Never VT100 line drawing, which
 * many terminals show as "lqqqk" in a UTF-8 locale.  Box-drawing characters
 * are East Asian "ambiguous" width: a terminal set up for CJK may draw them
 * wide.  Pure decisions, without curses (tests/test_boxchoice.c). */
#ifndef JX_BOXCHOICE_H
#define JX_BOXCHOICE_H

enum { UI_BOX_UNICODE = 0, UI_BOX_ASCII = 1, UI_BOX_ASK = -1 };

/* Whether a character set is a legacy CJK one (GBK, GB18030, GB2312,
 * Big5, EUC-*, Shift_JIS and their Windows code pages). */
int ui_box_legacy_cjk(const char *charset);

/* The choice before the terminal is asked: jixiao_ascii is $JIXIAO_ASCII
 * ("1" ASCII, "0" Unicode, whatever the rest says); codeset the locale's
 * (nl_langinfo(CODESET) before jixiao upgrades it to UTF-8); locale_name
 * the locale the environment names (LC_ALL, else LC_CTYPE, else LANG),
 * whose character set counts even when that locale is not installed (a
 * server without zh_CN.GB18030 generated, reached from a terminal set to
 * GB18030).  A legacy CJK character set in either means ASCII; otherwise
 * UI_BOX_ASK: the terminal is asked how wide it draws a line character. */
int ui_box_choice(const char *jixiao_ascii, const char *codeset, const char *locale_name);

/* After asking: the column the cursor ended in after one line character
 * written at column 1 (0: no answer) - two columns wide means ASCII. */
int ui_box_from_probe(int col);

#endif
