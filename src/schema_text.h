/* The database's schema as text, to compare one database's with what the
 * migrations make (store_guard.c).  Shared by the program and by the build
 * tool tools/schema_expect.c, which writes what the migrations make into
 * the binary (jx_schema_expected), so that an open compares two strings
 * instead of running every migration again in memory. */
#ifndef JX_SCHEMA_TEXT_H
#define JX_SCHEMA_TEXT_H

#include <sqlite3.h>

/* The schema of h as lines "type\tname\ttbl_name\tsql\n", sorted by type and
 * name; the statistics tables ANALYZE may add are left out.  malloc'd
 * ("" for an empty database), NULL on error or out of memory. */
char *jx_schema_text(sqlite3 *h);

/* What the migrations make in an empty in-memory database: sql[0..n-1] run
 * in order.  malloc'd, or NULL when one fails (or out of memory). */
char *jx_schema_of_migrations(const char *const *sql, int n);

/* What the migrations made when this binary was built (build/gen, from
 * tools/schema_expect.c), with the SQLite the build linked. */
extern const char jx_schema_expected[];

#endif
