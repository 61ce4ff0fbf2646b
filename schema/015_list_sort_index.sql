-- jixiao database: the project list read in order whichever way it is
-- sorted.
--
-- The list sorts by a column (F4, s) ascending or descending, ties always
-- by id ascending (src/store_list.c).  SQLite reads an index backwards
-- only when every term of the ORDER BY flips together, so an index of 004
-- (deleted, name[, id]) serves "name, id" but not "name DESC, id": for
-- that SQLite sorted every tie of the index's order, which for a column
-- most sheets share (the template, the grade, the status) was every
-- sheet, to show the first 256.  The status the list shows is an
-- expression (已退回 while returned is 1), which no index held, and the
-- year had no index of its own.  These indexes hold the directions 004
-- lacks, each ending with id, so that both directions of every column
-- are a walk of an index from the first row shown: with 100,000 sheets
-- of 20 indicators they take 25 MB more of the database (366 MB before,
-- 392 MB after, a fifteenth).
-- The status expression is the one of store_int.h STORE_STATUS_SQL, word
-- for word (SQLite uses an expression index only for the same
-- expression); returned and status make the index cover the query.
-- Independent of every other migration but 004, 005 and 006.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

CREATE INDEX sheets_by_year_asc ON sheets (deleted, year, id);
CREATE INDEX sheets_by_year_desc ON sheets (deleted, year DESC, id);
CREATE INDEX sheets_by_name_desc ON sheets (deleted, name DESC, id);
CREATE INDEX sheets_by_unit_desc ON sheets (deleted, unit DESC, id);
CREATE INDEX sheets_by_template_desc ON sheets (deleted, template_id DESC, id);
CREATE INDEX sheets_by_total_asc ON sheets (deleted, total, id);
CREATE INDEX sheets_by_grade_asc ON sheets (deleted, grade, id);
CREATE INDEX sheets_by_grade_desc ON sheets (deleted, grade DESC, id);
CREATE INDEX sheets_by_shown_status_asc ON sheets (deleted, (CASE WHEN returned = 1 THEN 'returned' ELSE status END), id,
	returned, status);
CREATE INDEX sheets_by_shown_status_desc ON sheets (deleted, (CASE WHEN returned = 1 THEN 'returned' ELSE status END) DESC,
	id, returned, status);
CREATE INDEX sheets_by_findings_asc ON sheets (deleted, findings, id);
