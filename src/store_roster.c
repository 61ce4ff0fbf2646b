/* The collection view's side of the store (collect.h): the roster of
 * expected units, the execution rates kept beside the list summaries
 * (schema/008), and the one query the view reads its rows with. */
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "store_int.h"

/* ---- the roster ---------------------------------------------------------- */

void jx_roster_free(jx_roster_entry *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].unit);
		free(v[i].department);
	}
	free(v);
}

int jx_store_roster_replace(jx_store *st, const jx_roster_entry *v, size_t n, jx_err *err)
{
	if (store_writable(st, err) || jx_db_begin(&st->db, err))
		return -1;
	if (jx_db_exec_sql(&st->db, "DELETE FROM roster", err))
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (jx_db_exec(&st->db, err, "INSERT INTO roster (unit, department, pos) VALUES (?1, ?2, ?3)",
			       DB_VALS(DB_STR(v[i].unit), DB_TEXT(v[i].department), DB_INT(i))))
			goto fail;
	if (jx_db_commit(&st->db, err))
		goto fail;
	return 0;
fail:
	jx_db_rollback(&st->db);
	return -1;
}

static int read_entry(sqlite3_stmt *q, void *row)
{
	jx_roster_entry *e = row;
	memset(e, 0, sizeof *e);
	return jx_db_col_str(q, 0, &e->unit) | jx_db_col_str(q, 1, &e->department);
}

static void free_entries(void *v, size_t n)
{
	jx_roster_free(v, n);
}

int jx_store_roster(jx_store *st, jx_roster_entry **out, size_t *n, jx_err *err)
{
	sqlite3_stmt *q = jx_db_query(&st->db, err, "SELECT unit, department FROM roster ORDER BY pos", NULL, 0);
	void *v = NULL;
	int rc = store_collect(st, q, sizeof **out, read_entry, free_entries, &v, n, err);
	*out = v;
	return rc;
}

/* ---- execution rates ---------------------------------------------------- */

int jx_store_set_rate(jx_store *st, int64_t id, jx_dec rate, jx_err *err)
{
	if (store_writable(st, err))
		return -1;
	return jx_db_exec(&st->db, err,
			  "INSERT OR REPLACE INTO sheet_rates (sheet_id, revision, exec_rate) "
			  "SELECT id, revision, ?2 FROM sheets WHERE id = ?1",
			  DB_VALS(DB_INT(id), DB_DEC(rate)));
}

/* The live sheets: out of the trash, not a conflict copy (another
 * machine's version waiting to be settled). */
#define LIVE "s.deleted = 0 AND s.conflict_of IS NULL AND (?1 = 0 OR s.year = ?1)"
/* A summary is fresh when the sheet was scored (findings known) and its
 * rate was kept at the sheet's present revision. */
#define FRESH "(s.findings IS NOT NULL AND r.revision IS s.revision)"

static int read_row(sqlite3_stmt *q, void *row)
{
	jx_collect_row *e = row;
	int oom = 0;
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(q, 0);
	e->year = sqlite3_column_int(q, 1);
	oom |= jx_db_col_str(q, 2, &e->name);
	oom |= jx_db_col_str(q, 3, &e->unit);
	oom |= jx_db_col_str(q, 4, &e->department);
	oom |= jx_db_col_str(q, 5, &e->stage);
	e->stage_month = (int)jx_db_col_int(q, 6, 0);
	oom |= jx_db_col_str(q, 7, &e->status);
	if (!oom && !e->status)
		oom |= !(e->status = strdup("draft"));
	e->total = jx_db_col_dec(q, 8);
	oom |= jx_db_col_str(q, 9, &e->grade);
	e->findings = (int)jx_db_col_int(q, 10, -1);
	e->exec_rate = jx_db_col_dec(q, 11);
	e->fresh = sqlite3_column_int(q, 12);
	return oom;
}

static void free_rows(void *v, size_t n)
{
	jx_collect_rows_free(v, n);
}

int jx_store_collect_rows(jx_store *st, int year, jx_collect_row **rows, size_t *n, jx_err *err)
{
	/* in no particular order: collect.c sorts them, which takes a tenth of
	 * what SQLite's sort of the whole rows does */
	sqlite3_stmt *q = jx_db_query(
		&st->db, err,
		"SELECT s.id, s.year, s.name, s.unit, s.department, s.stage, s.stage_month, " STORE_STATUS_SQL ", s.total, s.grade, "
		"s.findings, CASE WHEN r.revision IS s.revision THEN r.exec_rate END, " FRESH " "
		"FROM sheets s LEFT JOIN sheet_rates r ON r.sheet_id = s.id WHERE " LIVE,
		DB_VALS(DB_INT(year)));
	void *v = NULL;
	int rc = store_collect(st, q, sizeof **rows, read_row, free_rows, &v, n, err);
	*rows = v;
	return rc;
}
