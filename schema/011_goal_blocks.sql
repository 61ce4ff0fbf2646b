-- jixiao database: goal blocks (年度绩效目标1 … n, Hubei's 2020 project form).
--
--  * goals.points is the weight of 年度绩效目标 pos+1 on this sheet, when
--    the sheet's template scores its indicators by goal blocks; NULL when
--    not given (every sheet made before, and templates without blocks).
--  * indicators.goal is the goal block (1 = 年度绩效目标1) an indicator is
--    a row of; NULL when none.
-- Independent of every other migration but 001 and 003 (003's triggers
-- already keep a finalised sheet's goal and indicator rows as they are).
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

ALTER TABLE goals ADD COLUMN points INTEGER
	CHECK (points IS NULL OR (typeof(points) = 'integer' AND points >= 0));
ALTER TABLE indicators ADD COLUMN goal INTEGER
	CHECK (goal IS NULL OR (typeof(goal) = 'integer' AND goal >= 0));
