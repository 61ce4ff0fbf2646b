-- jixiao database: the review round (share/rules.md §2.10).
--
--  * sheets.returned is 1 while a sheet is 已退回 (returned to its unit by a
--    reviewer, with a reason); its status column then holds 'draft', as the
--    unit works on it as on a draft.  A column beside status rather than a
--    fifth value of it: status's CHECK is part of the sheets table, which
--    SQLite cannot change without rebuilding the table and every trigger
--    and key that refers to it.  The program reads the two as one status
--    (src/store_int.h STORE_STATUS_SQL).
--  * The review round's steps are audit rows: "sheet:submit" and
--    "sheet:approve" (old: the status before, new: the status after) and
--    "sheet:return" (old: the status before, new: the reason).
-- Independent of every other migration but 001 and 003 (the trigger below
-- follows 003's rule that a finalised sheet's own columns do not change).
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

ALTER TABLE sheets ADD COLUMN returned INTEGER NOT NULL DEFAULT 0 CHECK (returned IN (0, 1));

CREATE TRIGGER sheets_final_returned BEFORE UPDATE OF returned ON sheets
WHEN OLD.final_digest IS NOT NULL AND NEW.final_digest IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'the sheet is finalised');
END;
