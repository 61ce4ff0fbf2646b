-- jixiao database, schema version 4: indexes for the project list.
--
-- The workstation's project list is a window over one query: SQLite
-- counts, filters and sorts the sheets and hands over only the rows on the
-- screen (src/store_list.c).  These indexes keep that fast whatever the
-- number of sheets:
--  * sheets_list holds every column the list shows or filters on, in the
--    list's own order (year descending, name, then id, which every index
--    ends with): the list's first screen is read from its first entries, and
--    counting or filtering reads this index rather than the sheets, whose
--    long texts (background, content, implementation) stay on disk.  It
--    replaces sheets_by_year, which was its first columns.
--  * one index per column the list sorts by (F4), after deleted (the list
--    and the trash are read apart), in the order F4 sorts it first (the
--    total and the findings descending, ties by id): a page of a sorted
--    list is read in order, without sorting every sheet.  The grade's also
--    holds the template: the list counts its sheets and finds its widest
--    grade (the English grade names are the template's) in one pass over
--    it.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

DROP INDEX sheets_by_year;
CREATE INDEX sheets_list ON sheets (deleted, year DESC, name, id, unit, template_id, status, total, grade, findings,
	conflict_of, conflict_origin);
CREATE INDEX sheets_by_name ON sheets (deleted, name);
CREATE INDEX sheets_by_unit ON sheets (deleted, unit);
CREATE INDEX sheets_by_template ON sheets (deleted, template_id);
CREATE INDEX sheets_by_total ON sheets (deleted, total DESC, id);
CREATE INDEX sheets_by_grade ON sheets (deleted, grade, template_id);
CREATE INDEX sheets_by_status ON sheets (deleted, status);
CREATE INDEX sheets_by_findings ON sheets (deleted, findings DESC, id);
