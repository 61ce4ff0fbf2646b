-- jixiao database: the funds table's total row as the source document
-- prints it (年度资金总额 / 合计), kept beside the rows so that the checks
-- compare it with the rows' sums and the recomputed rate and score.
--
--  * sheets.funds_total_<member>, one column per member of model.h's
--    JX_FUND_TOTAL_COLUMNS, in its order: planned (年初预算数), budget
--    (全年预算数 / 调整后预算数), received (实际到位), spent (全年执行数) in
--    万元 as integer millionths like every amount; rate (执行率, percent) and
--    score (得分 of 预算执行).  NULL = not printed, which is every sheet
--    made before this migration.
--  * The trigger follows 003's rule that a finalised sheet's own columns do
--    not change.
-- Independent of every other migration but 001 and 003.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

ALTER TABLE sheets ADD COLUMN funds_total_planned INTEGER
	CHECK (funds_total_planned IS NULL OR (typeof(funds_total_planned) = 'integer' AND funds_total_planned >= 0));
ALTER TABLE sheets ADD COLUMN funds_total_budget INTEGER
	CHECK (funds_total_budget IS NULL OR (typeof(funds_total_budget) = 'integer' AND funds_total_budget >= 0));
ALTER TABLE sheets ADD COLUMN funds_total_received INTEGER
	CHECK (funds_total_received IS NULL OR (typeof(funds_total_received) = 'integer' AND funds_total_received >= 0));
ALTER TABLE sheets ADD COLUMN funds_total_spent INTEGER
	CHECK (funds_total_spent IS NULL OR (typeof(funds_total_spent) = 'integer' AND funds_total_spent >= 0));
ALTER TABLE sheets ADD COLUMN funds_total_rate INTEGER
	CHECK (funds_total_rate IS NULL OR (typeof(funds_total_rate) = 'integer' AND funds_total_rate >= 0));
ALTER TABLE sheets ADD COLUMN funds_total_score INTEGER
	CHECK (funds_total_score IS NULL OR (typeof(funds_total_score) = 'integer' AND funds_total_score >= 0));

CREATE TRIGGER sheets_final_funds_total BEFORE UPDATE OF funds_total_planned, funds_total_budget, funds_total_received,
	funds_total_spent, funds_total_rate, funds_total_score ON sheets
WHEN OLD.final_digest IS NOT NULL AND NEW.final_digest IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'the sheet is finalised');
END;
