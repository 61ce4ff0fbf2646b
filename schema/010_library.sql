-- jixiao database: the indicator library (指标库).
--
-- Indicators that recur from sheet to sheet and from year to year, kept
-- apart from any sheet so that a clerk picks one instead of typing it:
--  * library holds one entry per indicator name and unit (the same name in
--    another unit is another indicator: 个 and 万元 are not merged), with
--    its categories (一级, 二级), 指标性质 as model.h's comparator names,
--    the typical target as tables print it (≥95%), the lowest and highest
--    numeric targets seen (integer millionths, as jx_dec), a scoring note,
--    行业 and 领域, and whether it is 共性 (common to many projects) or 个性.
--  * library_sources says where each entry came from: "sheet:<uid>" for a
--    sheet harvested, "file:<name>" for a list imported.  An entry's use
--    count is its number of sources, so harvesting a sheet twice or
--    importing a list twice counts it once.
-- Independent of every other migration but 001.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

CREATE TABLE library (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
	unit TEXT NOT NULL DEFAULT '' CHECK (length(unit) <= 100),
	l1 TEXT,
	l2 TEXT,
	cmp TEXT CHECK (cmp IS NULL OR cmp IN ('>=', '>', '=', '<=', '<', '定性', '时限')),
	target TEXT,
	target_min INTEGER CHECK (target_min IS NULL OR typeof(target_min) = 'integer'),
	target_max INTEGER CHECK (target_max IS NULL OR typeof(target_max) = 'integer'),
	note TEXT,
	sector TEXT,
	domain TEXT,
	kind TEXT CHECK (kind IS NULL OR kind IN ('共性', '个性')),
	UNIQUE (name, unit)
);

CREATE TABLE library_sources (
	entry INTEGER NOT NULL REFERENCES library (id) ON DELETE CASCADE,
	source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 300),
	PRIMARY KEY (entry, source)
) WITHOUT ROWID;
