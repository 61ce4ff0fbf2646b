/* Data files compiled into the binary (see tools/embed.c). */
#ifndef JX_EMBEDDED_H
#define JX_EMBEDDED_H
#include <stddef.h>
typedef struct {
	const char *name; /* file name, e.g. "001_init.sql" */
	const char *data;
	size_t len;
} jx_embedded;
/* Terminated by an entry with name NULL. */
extern const jx_embedded jx_schema_files[];   /* schema/NNN_<name>.sql in order */
extern const jx_embedded jx_template_files[]; /* share/templates/<name>.yaml */
extern const jx_embedded jx_report_files[];   /* share/reports/<name>.yaml (report outlines) */
#endif
