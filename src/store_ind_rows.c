/* The store: a sheet's indicators as a table SQLite reads from memory, so
 * that storing them is one INSERT ... SELECT (store_write.c).
 *
 * Bound as parameters, each row's 29 values were each handed over by a
 * call (sqlite3_bind_*, most of them skipped as NULL), every parameter of
 * a 32-row statement cleared before the next one (928 of them), and
 * copied again by the statement into its registers: over 3,000
 * instructions a row besides SQLite's own storing.  Read through this
 * table SQLite asks for each column as it builds the row, an empty one
 * costs a check (about 1,400 a row), and the 300 rows of a sheet go in
 * one statement.  The
 * values are those store_mapped_val gives (the same types, NULL for an
 * empty text, JX_NONE, no comparator, no band), and the texts are handed
 * over without a copy: they belong to the sheet, which outlives the
 * statement. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* The table's columns: an indicator's position in the sheet and its key,
 * then JX_IND_COLUMNS in their order, then the hidden argument: the
 * indicators, bound as a pointer. */
#define IR_ENUM(member, ...) IR_##member,
enum { IR_POS, IR_KEY, JX_IND_COLUMNS(IR_ENUM) IR_SRC };
#undef IR_ENUM
#define IR_DECL(member, ...) ", " #member
static const char ir_schema[] = "CREATE TABLE x(pos, key" JX_IND_COLUMNS(IR_DECL) ", src HIDDEN)";
#undef IR_DECL

typedef struct {
	sqlite3_vtab_cursor base;
	const store_ind_src *src;
	size_t row;
} ir_cursor;

static int ir_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **msg)
{
	int rc = sqlite3_declare_vtab(db, ir_schema);
	if (rc != SQLITE_OK)
		return rc;
	/* only a statement of the program's own may read it, never a view
	 * or trigger of a database file */
	sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
	if (!(*out = sqlite3_malloc(sizeof **out)))
		return SQLITE_NOMEM;
	memset(*out, 0, sizeof **out);
	return SQLITE_OK;
}

static int ir_disconnect(sqlite3_vtab *vt)
{
	sqlite3_free(vt);
	return SQLITE_OK;
}

/* Only with its argument (src = ?): without it there is nothing to read. */
static int ir_best_index(sqlite3_vtab *vt, sqlite3_index_info *ix)
{
	for (int i = 0; i < ix->nConstraint; i++)
		if (ix->aConstraint[i].iColumn == IR_SRC && ix->aConstraint[i].op == SQLITE_INDEX_CONSTRAINT_EQ) {
			if (!ix->aConstraint[i].usable)
				return SQLITE_CONSTRAINT;
			ix->aConstraintUsage[i].argvIndex = 1;
			ix->aConstraintUsage[i].omit = 1;
			ix->estimatedCost = 1;
			ix->estimatedRows = 300;
			return SQLITE_OK;
		}
	return SQLITE_CONSTRAINT;
}

static int ir_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
	ir_cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static int ir_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int ir_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc, sqlite3_value **argv)
{
	ir_cursor *c = (ir_cursor *)cur;
	c->src = argc == 1 ? sqlite3_value_pointer(argv[0], STORE_IND_SRC) : NULL;
	c->row = 0;
	return SQLITE_OK;
}

static int ir_next(sqlite3_vtab_cursor *cur)
{
	((ir_cursor *)cur)->row++;
	return SQLITE_OK;
}

static int ir_eof(sqlite3_vtab_cursor *cur)
{
	const ir_cursor *c = (const ir_cursor *)cur;
	return !c->src || c->row >= c->src->n;
}

/* A column left unset is NULL. */
#define IR_TEXT(v)    \
	if ((v) && *(v)) \
		sqlite3_result_text(cx, (v), -1, SQLITE_STATIC);
#define IR_DEC(v)         \
	if ((v) != JX_NONE) \
		sqlite3_result_int64(cx, (v));
#define IR_CMP(v)              \
	if ((v) != JX_CMP_NONE) \
		sqlite3_result_text(cx, jx_cmp_name(v), -1, SQLITE_STATIC);
#define IR_BAND(v) \
	if ((v) >= 0) \
		sqlite3_result_int64(cx, (v));
#define IR_CASE(member, kind, ...) \
	case IR_##member:          \
		IR_##kind(d->member) break;

static int ir_column(sqlite3_vtab_cursor *cur, sqlite3_context *cx, int col)
{
	const ir_cursor *c = (const ir_cursor *)cur;
	const jx_indicator *d = &c->src->v[c->row];
	switch (col) {
	case IR_POS: sqlite3_result_int64(cx, (sqlite3_int64)(c->src->first + c->row)); break;
	case IR_KEY: IR_TEXT(d->key) break;
	JX_IND_COLUMNS(IR_CASE)
	default: break;
	}
	return SQLITE_OK;
}

#undef IR_CASE
#undef IR_TEXT
#undef IR_DEC
#undef IR_CMP
#undef IR_BAND

static int ir_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((const ir_cursor *)cur)->row;
	return SQLITE_OK;
}

/* No xCreate: the table is eponymous only, never created in a file;
 * read only (no xUpdate). */
static const sqlite3_module ir_module = {
	.xConnect = ir_connect, .xBestIndex = ir_best_index, .xDisconnect = ir_disconnect,
	.xOpen = ir_open, .xClose = ir_close, .xFilter = ir_filter,
	.xNext = ir_next, .xEof = ir_eof, .xColumn = ir_column, .xRowid = ir_rowid,
};

int store_ind_rows_module(jx_store *st, jx_err *err)
{
	int rc = sqlite3_create_module_v2(st->db.h, STORE_IND_SRC, &ir_module, NULL, NULL);
	if (rc != SQLITE_OK) {
		jx_db_error(&st->db, rc, err);
		return -1;
	}
	return 0;
}
