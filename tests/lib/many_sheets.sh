# many_sheets DB N [INDICATORS]: add N generated sheets to the jixiao
# database DB (made by `jixiao init` first) with sqlite3, in one transaction:
# sheet i (1..N) is of year 2015 + i % 10, named 测试项目 and i in six
# digits, of unit 单位 (i % 7) and template project-self-2020 (every third
# one project-self-sichuan), status draft, submitted or reviewed (i % 3),
# total 50 + i % 50 points with its grade (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差),
# i % 5 findings; every 100th sheet is in the trash.  Each sheet has one
# fund row and INDICATORS indicators (default 0).  The list summaries are
# cached as an import leaves them, so the list shows them without scoring.
# Used by the list's tests on many sheets and to measure the workstation's
# start-up on 100,000 sheets.
many_sheets() {
	_db=$1 _n=$2 _ni=${3:-0}
	sqlite3 "$_db" <<SQL
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $_n)
INSERT INTO sheets (uid, template_id, template_version, year, status, name, unit, revision, deleted, total, grade,
		    findings)
SELECT printf('gen-%08d', i), CASE WHEN i % 3 = 0 THEN 'project-self-sichuan' ELSE 'project-self-2020' END, 1,
       2015 + i % 10, CASE i % 3 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' ELSE 'reviewed' END,
       printf('测试项目%06d', i), '单位' || (i % 7), 1, i % 100 = 0, (50 + i % 50) * 1000000,
       CASE WHEN 50 + i % 50 >= 90 THEN '优' WHEN 50 + i % 50 >= 80 THEN '良' WHEN 50 + i % 50 >= 60 THEN '中'
	    ELSE '差' END,
       i % 5
FROM s;
INSERT INTO funds (sheet_id, pos, source, planned, budget, received, spent)
SELECT id, 0, '当年财政拨款', 1000000000, 1000000000, 1000000000, 900000000 FROM sheets WHERE uid LIKE 'gen-%';
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $_ni)
INSERT INTO indicators (sheet_id, key, pos, slot, name, cmp, target, unit, actual, points)
SELECT id, 'i' || j, j - 1, 'output.quantity', printf('指标%03d', j), '>=', 10000000, '个', 9000000, 1000000
FROM sheets, k WHERE uid LIKE 'gen-%' AND $_ni > 0;
COMMIT;
SQL
}
