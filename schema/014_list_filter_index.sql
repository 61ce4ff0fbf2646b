-- jixiao database: the project list's index holds every column its filter
-- looks in.
--
-- A key typed into the workstation's filter (/) looks for the words in the
-- columns the list shows (src/store_list.c).  The status it shows is
-- 已退回 while sheets.returned is 1 (006) and its 阶段 column is
-- sheets.stage (005); neither was in sheets_list (004), so a word that can
-- be a status or a stage (草稿, 自评) made SQLite read every sheet's whole
-- row — 0.4 s with 100,000 sheets — where the index alone is read in a
-- twentieth of that.  sheets_list is made again with both at its end.
-- Independent of every other migration but 004, 005 and 006.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

DROP INDEX sheets_list;
CREATE INDEX sheets_list ON sheets (deleted, year DESC, name, id, unit, template_id, status, total, grade, findings,
	conflict_of, conflict_origin, returned, stage);
