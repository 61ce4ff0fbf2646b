-- jixiao database: a project's sheets for a year, linked by stage.
--
--  * sheets.stage is which of the year's sheets this is: 'declaration'
--    (绩效目标申报, made with the budget), 'monitoring' (绩效运行监控, a
--    snapshot for months 1..stage_month) or 'self' (绩效自评, after the
--    year).  NULL is a sheet made before stages existed: a self-evaluation.
--  * sheets.stage_month is the last month a monitoring snapshot covers
--    (1..12); NULL for the other stages.
--  * sheets.stage_from is the uid of the sheet this one was made from
--    (jixiao stage), NULL when it was made from nothing.  A uid, not an
--    id, so that the link survives bundles between machines.
-- Independent of every other migration but 001 and 003 (the trigger below
-- follows 003's rule that a finalised sheet's own columns do not change).
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

ALTER TABLE sheets ADD COLUMN stage TEXT
	CHECK (stage IS NULL OR stage IN ('declaration', 'monitoring', 'self'));
ALTER TABLE sheets ADD COLUMN stage_month INTEGER
	CHECK (stage_month IS NULL OR (typeof(stage_month) = 'integer' AND stage_month BETWEEN 1 AND 12));
ALTER TABLE sheets ADD COLUMN stage_from TEXT
	CHECK (stage_from IS NULL OR length(stage_from) BETWEEN 1 AND 39);

CREATE TRIGGER sheets_final_stage BEFORE UPDATE OF stage, stage_month, stage_from ON sheets
WHEN OLD.final_digest IS NOT NULL AND NEW.final_digest IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'the sheet is finalised');
END;
