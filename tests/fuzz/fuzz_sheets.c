/* libFuzzer target: the YAML sheet importer (jx_sheets_read_mem) with the
 * built-in templates, then everything `jixiao score`, `check` and `export`
 * do with an imported sheet: score, check, write it back as YAML (which must
 * read back to equal sheets), and the CSV, HTML and report exports (to
 * /dev/null; the report as HTML or Markdown by the input's length). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "engine.h"
#include "err.h"
#include "export.h"
#include "model.h"
#include "sheetio.h"
#include "template.h"

#define FAIL(...)                                      \
	do {                                           \
		fprintf(stderr, "invariant: " __VA_ARGS__); \
		fputc('\n', stderr);                   \
		abort();                               \
	} while (0)

static jx_templates set;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	jx_err err;
	(void)argc;
	(void)argv;
	if (jx_templates_load_builtin(&set, &err) != 0) {
		fprintf(stderr, "built-in templates: %s\n", err.msg);
		abort();
	}
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

static void round_trip(jx_sheet **v, size_t n)
{
	char *buf = NULL;
	size_t len = 0, n2 = 0;
	jx_sheet **v2 = NULL;
	jx_err err;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return;
	if (jx_sheets_write_with(f, v, n, &set, &err) != 0)
		FAIL("write: %s", err.msg);
	if (fclose(f) != 0)
		FAIL("write: fclose");
	if (jx_sheets_read_mem("written.yaml", buf, len, &set, &v2, &n2, &err) != 0)
		FAIL("written file does not read back: %s\n---\n%s", err.msg, buf);
	if (n2 != n)
		FAIL("%zu sheets written, %zu read back", n, n2);
	for (size_t i = 0; i < n; i++)
		if (!jx_sheet_equal(v[i], v2[i]))
			FAIL("sheet %zu differs after write and read\n---\n%s", i, buf);
	jx_sheets_free(v2, n2);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	jx_sheet **v = NULL;
	size_t n = 0;
	jx_err err;

	err.msg[0] = 0;
	if (jx_sheets_read_mem("fuzz.yaml", (const char *)data, size, &set, &v, &n, &err) != 0) {
		if (!err.msg[0])
			FAIL("refused without a message");
		return 0;
	}
	{
		jx_scoresheet ss;
		jx_findings fd;
		memset(&ss, 0, sizeof ss);
		memset(&fd, 0, sizeof fd);
		for (size_t i = 0; i < n; i++) {
			const jx_template *t = jx_templates_find(&set, v[i]->template_id);
			if (!t)
				FAIL("sheet %zu: template %s accepted but not found", i, v[i]->template_id);
			jx_score(t, v[i], &ss);
			jx_check(t, v[i], &ss, NULL, &fd);
			jx_findings_clear(&fd);
		}
		jx_findings_free(&fd);
		jx_scoresheet_free(&ss);
	}
	round_trip(v, n);
	(void)jx_export_csv_write(devnull, &set, v, n, &err);
	(void)jx_export_html_write(devnull, &set, v, n, &err);
	(void)jx_export_report_write(devnull, &set, v, n, (int)(size & 1), &err);
	fflush(devnull);
	jx_sheets_free(v, n);
	return 0;
}
