-- jixiao database: a sheet's indicators stored together, in the order
-- they are shown, and stored with less work.
--
-- Before, indicators was a rowid table with UNIQUE (sheet_id, key) and an
-- index indicators_by_pos (sheet_id, pos): every row stored went into
-- three b-trees, and reading a sheet in pos order (every load, every
-- export) walked the index and then looked each row up in the table.  As
-- a table WITHOUT ROWID whose key is (sheet_id, pos, key) the rows of a
-- sheet lie side by side in pos order: a load is one seek and a walk, a
-- store goes into two b-trees.  key ends the primary key so that it is
-- unique whatever pos does while rows are renumbered (a move shifts the
-- pos of many rows in one UPDATE); UNIQUE (sheet_id, key) stays.  Rows
-- are about 100-300 bytes, under a twentieth of a 4096-byte page (SQLite's
-- advice for WITHOUT ROWID); a longer text spills to overflow pages as
-- before.
--
-- Two things cost a stored row more than the b-trees, and are written
-- differently here with the same meaning:
--  * cmp's CHECK lists its seven words as comparisons joined by OR: an IN
--    list of more than two values is a small table SQLite builds, and in
--    a CHECK it built it again for every row written (a tenth of the
--    instructions of importing 100 sheets of 300 indicators).
--  * the guard against a new row of a finalised sheet runs AFTER INSERT:
--    RAISE(ABORT) undoes the whole statement, its row included, as it did
--    BEFORE, and an INSERT OR REPLACE over a row of a finalised sheet is
--    undone in the same way; a BEFORE INSERT trigger made SQLite copy every
--    column of every row for the trigger, and made an INSERT of several
--    rows go through a temporary table first.  UPDATE and DELETE stay BEFORE.
-- Every column, the other CHECKs, the foreign key and the other triggers
-- of 001, 003, 009, 011 and 013 are carried over unchanged, the columns in
-- the same order; nothing refers to indicators' rowid.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

ALTER TABLE indicators RENAME TO indicators_rowid;

CREATE TABLE indicators (
	sheet_id         INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	key              TEXT NOT NULL CHECK (length(key) > 0),
	pos              INTEGER NOT NULL CHECK (pos >= 0),
	slot             TEXT,
	name             TEXT,
	subproject       TEXT,
	cmp              TEXT CHECK (cmp IS NULL OR cmp = '>=' OR cmp = '>' OR cmp = '=' OR cmp = '<=' OR cmp = '<'
				 OR cmp = '定性' OR cmp = '时限'),
	target           INTEGER CHECK (target IS NULL OR typeof(target) = 'integer'),
	target_text      TEXT,
	unit             TEXT,
	actual           INTEGER CHECK (actual IS NULL OR typeof(actual) = 'integer'),
	actual_text      TEXT,
	points           INTEGER CHECK (points IS NULL OR (typeof(points) = 'integer' AND points >= 0)),
	band             INTEGER CHECK (band IS NULL OR (typeof(band) = 'integer' AND band >= 0)),
	score_entered    INTEGER CHECK (score_entered IS NULL OR typeof(score_entered) = 'integer'),
	score_stated     INTEGER CHECK (score_stated IS NULL OR typeof(score_stated) = 'integer'),
	override_score   INTEGER CHECK (override_score IS NULL OR typeof(override_score) = 'integer'),
	override_reason  TEXT,
	deduction        INTEGER CHECK (deduction IS NULL OR (typeof(deduction) = 'integer' AND deduction >= 0)),
	deduction_reason TEXT,
	deviation_reason TEXT,
	forecast         INTEGER CHECK (forecast IS NULL OR typeof(forecast) = 'integer'),
	likelihood       TEXT,
	cause            TEXT,
	rectify          TEXT,
	measures         TEXT,
	adjust_reason    TEXT,
	goal             INTEGER CHECK (goal IS NULL OR (typeof(goal) = 'integer' AND goal >= 0)),
	note             TEXT,
	PRIMARY KEY (sheet_id, pos, key),
	UNIQUE (sheet_id, key)
) WITHOUT ROWID;

INSERT INTO indicators (sheet_id, key, pos, slot, name, subproject, cmp, target, target_text, unit, actual,
			actual_text, points, band, score_entered, score_stated, override_score, override_reason,
			deduction, deduction_reason, deviation_reason, forecast, likelihood, cause, rectify,
			measures, adjust_reason, goal, note)
SELECT sheet_id, key, pos, slot, name, subproject, cmp, target, target_text, unit, actual, actual_text, points,
       band, score_entered, score_stated, override_score, override_reason, deduction, deduction_reason,
       deviation_reason, forecast, likelihood, cause, rectify, measures, adjust_reason, goal, note
FROM indicators_rowid ORDER BY sheet_id, pos, key;

-- its index and its triggers go with it
DROP TABLE indicators_rowid;

CREATE TRIGGER indicators_final_insert AFTER INSERT ON indicators
WHEN (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER indicators_final_update BEFORE UPDATE ON indicators
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
  OR (SELECT final_digest FROM sheets WHERE id = NEW.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
CREATE TRIGGER indicators_final_delete BEFORE DELETE ON indicators
WHEN (SELECT final_digest FROM sheets WHERE id = OLD.sheet_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the sheet is finalised'); END;
