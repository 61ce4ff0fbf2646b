/* The database side of a project's stages for a year (stage.h): finding a
 * stage of a project and listing its stages.  A project is its name and
 * unit: the template may change between stages (a declaration table is
 * not a self-evaluation form), so it is not part of the match. */
#include "store_int.h"

/* The stage order as SQL sorts it: a sheet without a stage is a
 * self-evaluation, monitoring snapshots by month. */
#define STAGE_ORDER                                                                          \
	"CASE coalesce(stage, 'self') WHEN 'declaration' THEN 0 WHEN 'monitoring' THEN 1 ELSE 2 END, " \
	"coalesce(stage_month, 0), id"
#define SAME_PROJECT                                                                      \
	"name IS ?1 AND unit IS ?2 AND year = ?3 AND deleted = 0 AND conflict_of IS NULL"

int jx_store_find_stage(jx_store *st, const jx_sheet *s, const char *stage, int month, int64_t *id, jx_err *err)
{
	return jx_db_int(&st->db, err, id,
			 "SELECT id FROM sheets WHERE " SAME_PROJECT " AND coalesce(stage, 'self') = ?4 "
			 "AND coalesce(stage_month, 0) = ?5 ORDER BY id LIMIT 1",
			 DB_VALS(DB_TEXT(s->info[JX_INFO_NAME]), DB_TEXT(s->info[JX_INFO_UNIT]), DB_INT(s->year),
				 DB_STR(stage), DB_INT(month))) < 0
		       ? -1
		       : 0;
}

int jx_store_project_stages(jx_store *st, const jx_sheet *s, int64_t **ids, size_t *n, jx_err *err)
{
	sqlite3_stmt *q = jx_db_query(&st->db, err, "SELECT id FROM sheets WHERE " SAME_PROJECT " ORDER BY " STAGE_ORDER,
				      DB_VALS(DB_TEXT(s->info[JX_INFO_NAME]), DB_TEXT(s->info[JX_INFO_UNIT]),
					      DB_INT(s->year)));
	*ids = NULL;
	*n = 0;
	if (!q)
		return -1;
	return jx_db_ints(&st->db, q, ids, n, err);
}
