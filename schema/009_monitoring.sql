-- jixiao database: the columns of a monitoring sheet (绩效运行监控, the
-- national 项目支出绩效目标执行监控表).
--
--  * indicators.forecast is 全年预计完成值 (at jx_dec scale, like target
--    and actual; on a monitoring sheet `actual` is the 1–N月实际完成值);
--    likelihood is 完成目标可能性 (确定能 / 有可能 / 完全不可能); cause is
--    the category of 偏差原因 (经费保障, 制度保障, 人员保障, 硬件条件保障,
--    其他), whose text is deviation_reason; rectify is 是否需要整改 (是 /
--    否) and measures 整改措施.  The words are checked by the program
--    (check 18), not here, so that a province's own words still load.
--  * indicators.adjust_reason is why a target differs from the declared
--    one (a recorded adjustment, read by the checks across stages).
--  * funds.forecast is 全年预计执行数 (万元 at jx_dec scale); on a
--    monitoring sheet funds.spent is the 1–N月执行数.
-- Independent of every migration but 001 and 003 (whose triggers keep a
-- finalised sheet's indicators and funds unchanged, new columns included).
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

ALTER TABLE indicators ADD COLUMN forecast INTEGER CHECK (forecast IS NULL OR typeof(forecast) = 'integer');
ALTER TABLE indicators ADD COLUMN likelihood TEXT;
ALTER TABLE indicators ADD COLUMN cause TEXT;
ALTER TABLE indicators ADD COLUMN rectify TEXT;
ALTER TABLE indicators ADD COLUMN measures TEXT;
ALTER TABLE indicators ADD COLUMN adjust_reason TEXT;
ALTER TABLE funds ADD COLUMN forecast INTEGER
	CHECK (forecast IS NULL OR (typeof(forecast) = 'integer' AND forecast >= 0));
