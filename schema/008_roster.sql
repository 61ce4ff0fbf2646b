-- jixiao database: the collection view (汇总) of a county.
--
--  * roster is the list of units expected to submit sheets (jixiao roster
--    import): one row per unit, with its department when the file names
--    one, in the file's order (pos).  It is replaced whole by each import.
--  * sheet_rates keeps each sheet's budget execution rate (millionths, NULL
--    when the sheet has none) beside the list summary (sheets.total, grade,
--    findings), with the revision it was computed at: the collection view
--    reads both with one query instead of scoring every sheet, and a row
--    whose revision is not the sheet's is stale (scored again once).
--    A cache: never in bundles, no history.
-- Independent of the migrations after 001.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

CREATE TABLE roster (
	unit       TEXT PRIMARY KEY CHECK (length(unit) BETWEEN 1 AND 400),
	department TEXT CHECK (department IS NULL OR length(department) BETWEEN 1 AND 400),
	pos        INTEGER NOT NULL CHECK (typeof(pos) = 'integer' AND pos >= 0)
);

CREATE TABLE sheet_rates (
	sheet_id  INTEGER PRIMARY KEY REFERENCES sheets (id) ON DELETE CASCADE,
	revision  INTEGER NOT NULL CHECK (typeof(revision) = 'integer'),
	exec_rate INTEGER CHECK (exec_rate IS NULL OR typeof(exec_rate) = 'integer')
);
