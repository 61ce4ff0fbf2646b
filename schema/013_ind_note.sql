-- jixiao database: an indicator's note (备注), a remark that is never
-- scored nor checked.  A self-evaluation made from a monitoring sheet keeps
-- the snapshot's 全年预计完成值 and 完成目标可能性 there as text
-- ("7月监控：全年预计 95%，确定能"), so that the forecast is in sight and
-- never taken for an actual.
-- Independent of every migration but 001 and 003 (whose triggers keep a
-- finalised sheet's indicators unchanged, new columns included).
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

ALTER TABLE indicators ADD COLUMN note TEXT;
