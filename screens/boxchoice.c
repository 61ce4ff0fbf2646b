/* The box characters' choice; see boxchoice.h. */
#include "boxchoice.h"

#include <string.h>
#include <strings.h>

int ui_box_legacy_cjk(const char *cs)
{
	static const char *const prefixes[] = {"GB", "BIG5", "EUC", "SHIFT_JIS", "SJIS", "CP936", "CP950", "CP949", "CP932"};
	for (size_t i = 0; cs && i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncasecmp(cs, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

int ui_box_choice(const char *jixiao_ascii, const char *codeset, const char *locale_name)
{
	if (jixiao_ascii && *jixiao_ascii)
		return strcmp(jixiao_ascii, "0") != 0 ? UI_BOX_ASCII : UI_BOX_UNICODE;
	if (ui_box_legacy_cjk(codeset))
		return UI_BOX_ASCII;
	/* language_territory.charset@modifier */
	const char *dot = locale_name ? strchr(locale_name, '.') : NULL;
	if (dot && ui_box_legacy_cjk(dot + 1))
		return UI_BOX_ASCII;
	return UI_BOX_ASK;
}

int ui_box_from_probe(int col)
{
	return col > 2 ? UI_BOX_ASCII : UI_BOX_UNICODE;
}
