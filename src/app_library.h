/* The indicator library's operations, for both front ends (the command
 * line's jixiao library, the workstation's picker and library screen):
 * harvest from sheets, import and export files, change and delete entries.
 * The library is held in memory (library.h) and written back in one
 * transaction per operation; nothing here prints or draws. */
#ifndef JX_APP_LIBRARY_H
#define JX_APP_LIBRARY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "library.h"
#include "library_io.h"
#include "store.h"
#include "template.h"

/* What a harvest or an import did. */
typedef struct {
	size_t sheets;    /* sheets read (harvest) */
	size_t skipped;   /* sheets harvested before: left out */
	size_t indicators; /* indicators or entries read */
	size_t added;     /* new entries */
	size_t merged;    /* read into an entry already there (same name and unit) */
	size_t unchanged; /* import: an entry with nothing new */
} jx_lib_report;

/* The library entry an indicator of sheet s (template t, NULL when
 * unknown: no categories then) makes: name, unit, 一级 / 二级 as the
 * template names the indicator's category, comparator, typical target and
 * range, source "sheet:<uid>".  0, or -1 (no memory). */
int jx_app_library_entry_of(const jx_sheet *s, const jx_template *t, const jx_indicator *d, jx_lib_entry *e);

/* Harvest sheets ids (NULL: every finalised sheet not in the trash) into
 * the library, in one transaction.  A sheet harvested before is left
 * out (r->skipped).  0, or -1 with err (nothing kept). */
int jx_app_library_harvest(jx_store *st, const jx_templates *set, const int64_t *ids, size_t n, jx_lib_report *r,
			   jx_err *err);
/* Import a library file (YAML, xlsx or CSV, by content): all or nothing.
 * 0; -1 with err when the file is refused (nothing kept); -2 with err on a
 * database error. */
int jx_app_library_import(jx_store *st, const char *path, jx_lib_report *r, jx_err *err);
/* Write the whole library to path.  0, or -1 with err. */
int jx_app_library_export(jx_store *st, const char *path, jx_lib_format fmt, int force, jx_err *err);
/* Change column col of entry i of lib (loaded from st) to text, in the
 * database and in lib; the name and unit may not become those of another
 * entry.  0, or -1 with err (nothing changed). */
int jx_app_library_set(jx_store *st, jx_lib *lib, size_t i, size_t col, const char *text, jx_err *err);

#endif
