-- jixiao database, schema version 3: finalised sheets (定稿).
--
--  * sheets.final_digest holds, while a sheet is finalised, the SHA-256
--    (64 lowercase hex digits) of its canonical content as it was when it
--    was finalised (model.h jx_sheet_digest); NULL when it is not
--    finalised.  A conflict copy is never finalised.
--  * sheets.final_prev_status is the status the sheet had before it was
--    finalised; reopening gives it back.
--  * Finalising writes a "sheet:finalise" audit row (old: the previous
--    status, new: "sha256:<digest>"), reopening a "sheet:reopen" row (old:
--    "sha256:<digest>", new: the reason given).
--  * The triggers below refuse, inside the database, any change to the
--    content of a finalised sheet: the program checks first and says so in
--    words; the triggers keep every other path shut as well.  Someone who
--    drops them and edits the file is still found out by jixiao verify,
--    which recomputes the digest.
--  * Sheets already marked final by an older version are given their digest
--    by the program when it upgrades the file (it needs the sheet's content,
--    which SQL alone cannot hash).
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

ALTER TABLE sheets ADD COLUMN final_digest TEXT
	CHECK (final_digest IS NULL OR (length(final_digest) = 64 AND final_digest NOT GLOB '*[^0-9a-f]*'));
ALTER TABLE sheets ADD COLUMN final_prev_status TEXT
	CHECK (final_prev_status IS NULL OR final_prev_status IN ('draft', 'submitted', 'reviewed'));
CREATE INDEX sheets_final ON sheets (id) WHERE final_digest IS NOT NULL;

-- the sheet's own columns: everything but the cached list figures
-- (total, grade, findings), the bookkeeping (revision, updated_at, origin)
-- and the conflict links
CREATE TRIGGER sheets_final_update BEFORE UPDATE OF
	uid, template_id, template_version, year, status, name, department, unit, manager, phone, project_type,
	eval_type, org_mode, evaluator, eval_period, filler, fill_date, background, content, implementation,
	review_score, review_opinion, review_result, deleted, final_prev_status
ON sheets
WHEN OLD.final_digest IS NOT NULL AND NEW.final_digest IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'the sheet is finalised');
END;
CREATE TRIGGER sheets_final_digest BEFORE UPDATE OF final_digest ON sheets
WHEN OLD.final_digest IS NOT NULL AND NEW.final_digest IS NOT NULL AND NEW.final_digest <> OLD.final_digest
BEGIN
	SELECT RAISE(ABORT, 'the sheet is finalised');
END;
CREATE TRIGGER sheets_final_delete BEFORE DELETE ON sheets
WHEN OLD.final_digest IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'the sheet is finalised');
END;

CREATE TRIGGER basis_final_insert BEFORE INSERT ON basis
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER basis_final_update BEFORE UPDATE ON basis
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER basis_final_delete BEFORE DELETE ON basis
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER funds_final_insert BEFORE INSERT ON funds
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER funds_final_update BEFORE UPDATE ON funds
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER funds_final_delete BEFORE DELETE ON funds
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER subprojects_final_insert BEFORE INSERT ON subprojects
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER subprojects_final_update BEFORE UPDATE ON subprojects
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER subprojects_final_delete BEFORE DELETE ON subprojects
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER goals_final_insert BEFORE INSERT ON goals
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER goals_final_update BEFORE UPDATE ON goals
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER goals_final_delete BEFORE DELETE ON goals
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER indicators_final_insert BEFORE INSERT ON indicators
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER indicators_final_update BEFORE UPDATE ON indicators
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER indicators_final_delete BEFORE DELETE ON indicators
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER marks_final_insert BEFORE INSERT ON marks
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER marks_final_update BEFORE UPDATE ON marks
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER marks_final_delete BEFORE DELETE ON marks
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER entries_final_insert BEFORE INSERT ON entries
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER entries_final_update BEFORE UPDATE ON entries
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER entries_final_delete BEFORE DELETE ON entries
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER measures_final_insert BEFORE INSERT ON measures
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER measures_final_update BEFORE UPDATE ON measures
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER measures_final_delete BEFORE DELETE ON measures
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER stated_final_insert BEFORE INSERT ON stated
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER stated_final_update BEFORE UPDATE ON stated
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER stated_final_delete BEFORE DELETE ON stated
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;

CREATE TRIGGER narrative_final_insert BEFORE INSERT ON narrative
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER narrative_final_update BEFORE UPDATE ON narrative
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER narrative_final_delete BEFORE DELETE ON narrative
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
