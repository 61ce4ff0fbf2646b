/* The database's schema as text (schema_text.h). */
#include "schema_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *jx_schema_text(sqlite3 *h)
{
	static const char q[] = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
				"WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\' ORDER BY type, name";
	sqlite3_stmt *s = NULL;
	char *out = NULL;
	size_t len = 0;
	if (sqlite3_prepare_v2(h, q, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	for (;;) {
		int rc = sqlite3_step(s);
		size_t add = 4;
		char *p;
		if (rc != SQLITE_ROW) {
			if (rc != SQLITE_DONE) {
				free(out);
				out = NULL;
			}
			break;
		}
		for (int c = 0; c < 4; c++)
			add += (size_t)sqlite3_column_bytes(s, c) + 1;
		p = realloc(out, len + add + 1);
		if (!p) {
			free(out);
			out = NULL;
			break;
		}
		out = p;
		len += (size_t)sprintf(out + len, "%s\t%s\t%s\t%s\n", (const char *)sqlite3_column_text(s, 0),
				       (const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2),
				       (const char *)sqlite3_column_text(s, 3));
	}
	sqlite3_finalize(s);
	if (out == NULL && len == 0)
		out = calloc(1, 1);
	return out;
}

char *jx_schema_of_migrations(const char *const *sql, int n)
{
	sqlite3 *h = NULL;
	char *text = NULL;
	int i;
	if (sqlite3_open_v2(":memory:", &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (sqlite3_exec(h, sql[i], NULL, NULL, NULL) != SQLITE_OK)
			break;
	if (i == n)
		text = jx_schema_text(h);
	sqlite3_close(h);
	return text;
}
