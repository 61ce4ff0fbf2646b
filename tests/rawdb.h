/* Raw SQLite for the store's tests: the database file looked at behind
 * jixiao's back (included by tests/test_store.c and tests/test_final*.c). */
#ifndef JX_TEST_RAWDB_H
#define JX_TEST_RAWDB_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static inline sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static inline int64_t raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q;
	int64_t v = -999;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Every row of every table (the audit too) as text, to compare a database
 * before and after. */
static inline char *dump(const char *path)
{
	/* each in the order it was stored: indicators have no rowid (016),
	 * their key is that order */
	static const char *const tables[] = {"sheets",	"basis",   "funds",    "subprojects", "goals",	   "indicators",
					      "marks",	"entries", "measures", "stated",      "narrative", "audit"};
	sqlite3 *db = raw_open(path);
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	out[0] = 0;
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char sql[128];
		sqlite3_stmt *q;
		snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", tables[i],
			 strcmp(tables[i], "indicators") == 0 ? "sheet_id, pos, key" : "rowid");
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
		while (sqlite3_step(q) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(q); c++) {
				const char *v = (const char *)sqlite3_column_text(q, c);
				size_t need = len + (v ? strlen(v) : 4) + 16;
				if (need > cap) {
					while (cap < need)
						cap *= 2;
					out = realloc(out, cap);
					assert_non_null(out);
				}
				len += (size_t)sprintf(out + len, "%d:%s|", sqlite3_column_type(q, c), v ? v : "NULL");
			}
			out[len++] = '\n';
			out[len] = 0;
		}
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return out;
}

#endif
