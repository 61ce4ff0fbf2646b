-- jixiao database, schema version 1.
--
-- Conventions:
--  * every number a sheet holds is an INTEGER counting millionths (jx_dec);
--    money in 万元 at that scale is an exact count of fen.  NULL = not entered.
--    No column ever holds a REAL: the typeof() checks refuse one.
--  * empty text is stored as NULL.
--  * child tables carry sheet_id with ON DELETE CASCADE and keep the
--    sheet's display order in pos (0-based).
--  * audit rows are append-only: triggers refuse UPDATE and DELETE.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

CREATE TABLE sheets (
	id               INTEGER PRIMARY KEY,
	uid              TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 39),
	template_id      TEXT NOT NULL CHECK (length(template_id) > 0),
	template_version INTEGER NOT NULL DEFAULT 0 CHECK (typeof(template_version) = 'integer'),
	year             INTEGER NOT NULL DEFAULT 0 CHECK (typeof(year) = 'integer' AND year BETWEEN 0 AND 9999),
	status           TEXT CHECK (status IS NULL OR status IN ('draft', 'submitted', 'reviewed', 'final')),
	-- project info: one column per key of model.h JX_INFO_FIELDS
	name             TEXT,
	department       TEXT,
	unit             TEXT,
	manager          TEXT,
	phone            TEXT,
	project_type     TEXT,
	eval_type        TEXT,
	org_mode         TEXT,
	evaluator        TEXT,
	eval_period      TEXT,
	filler           TEXT,
	fill_date        TEXT,
	background       TEXT,
	content          TEXT,
	implementation   TEXT,
	-- review
	review_score     INTEGER CHECK (review_score IS NULL OR (typeof(review_score) = 'integer' AND review_score >= 0)),
	review_opinion   TEXT,
	review_result    TEXT CHECK (review_result IS NULL OR review_result IN ('通过', '不通过')),
	-- bookkeeping
	revision         INTEGER NOT NULL DEFAULT 0 CHECK (typeof(revision) = 'integer' AND revision >= 0),
	updated_at       TEXT,
	origin           TEXT,
	deleted          INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	-- what the project list shows, cached after scoring
	total            INTEGER CHECK (total IS NULL OR typeof(total) = 'integer'),
	grade            TEXT,
	findings         INTEGER CHECK (findings IS NULL OR findings >= 0)
);
CREATE INDEX sheets_by_year ON sheets (deleted, year DESC, name);
CREATE INDEX sheets_by_project ON sheets (template_id, name, unit, year);

-- 立项依据 documents
CREATE TABLE basis (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL CHECK (pos >= 0),
	text     TEXT,
	PRIMARY KEY (sheet_id, pos)
);

-- fund rows by source (万元 as integer fen)
CREATE TABLE funds (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL CHECK (pos >= 0),
	source   TEXT,
	planned  INTEGER CHECK (planned IS NULL OR (typeof(planned) = 'integer' AND planned >= 0)),
	budget   INTEGER CHECK (budget IS NULL OR (typeof(budget) = 'integer' AND budget >= 0)),
	received INTEGER CHECK (received IS NULL OR (typeof(received) = 'integer' AND received >= 0)),
	spent    INTEGER CHECK (spent IS NULL OR (typeof(spent) = 'integer' AND spent >= 0)),
	PRIMARY KEY (sheet_id, pos),
	UNIQUE (sheet_id, source)
);

-- 二级项目
CREATE TABLE subprojects (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL CHECK (pos >= 0),
	name     TEXT,
	budget   INTEGER CHECK (budget IS NULL OR (typeof(budget) = 'integer' AND budget >= 0)),
	spent    INTEGER CHECK (spent IS NULL OR (typeof(spent) = 'integer' AND spent >= 0)),
	PRIMARY KEY (sheet_id, pos)
);

-- 年度总体目标
CREATE TABLE goals (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL CHECK (pos >= 0),
	planned  TEXT,
	actual   TEXT,
	PRIMARY KEY (sheet_id, pos)
);

-- 三级 indicators; key is stable within the sheet, pos is the display order
CREATE TABLE indicators (
	sheet_id         INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	key              TEXT NOT NULL CHECK (length(key) > 0),
	pos              INTEGER NOT NULL CHECK (pos >= 0),
	slot             TEXT,
	name             TEXT,
	subproject       TEXT,
	cmp              TEXT CHECK (cmp IS NULL OR cmp IN ('>=', '>', '=', '<=', '<', '定性', '时限')),
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
	UNIQUE (sheet_id, key)
);
CREATE INDEX indicators_by_pos ON indicators (sheet_id, pos);

-- checklist marks: points awarded for 评价要点 `item` (0-based) of a node
CREATE TABLE marks (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL CHECK (pos >= 0),
	node     TEXT NOT NULL,
	item     INTEGER NOT NULL CHECK (typeof(item) = 'integer' AND item >= 0),
	awarded  INTEGER CHECK (awarded IS NULL OR (typeof(awarded) = 'integer' AND awarded >= 0)),
	PRIMARY KEY (sheet_id, node, item)
);

-- scores typed for manual nodes
CREATE TABLE entries (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL CHECK (pos >= 0),
	node     TEXT NOT NULL,
	score    INTEGER CHECK (score IS NULL OR (typeof(score) = 'integer' AND score >= 0)),
	note     TEXT,
	PRIMARY KEY (sheet_id, node)
);

-- named inputs of formula nodes
CREATE TABLE measures (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL CHECK (pos >= 0),
	name     TEXT NOT NULL,
	value    INTEGER CHECK (value IS NULL OR typeof(value) = 'integer'),
	PRIMARY KEY (sheet_id, name)
);

-- figures the source document states
CREATE TABLE stated (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	pos      INTEGER NOT NULL CHECK (pos >= 0),
	path     TEXT NOT NULL,
	value    INTEGER CHECK (value IS NULL OR typeof(value) = 'integer'),
	text     TEXT,
	source   TEXT,
	PRIMARY KEY (sheet_id, pos)
);

-- narrative sections (model.h JX_NARR_FIELDS)
CREATE TABLE narrative (
	sheet_id INTEGER NOT NULL REFERENCES sheets (id) ON DELETE CASCADE,
	section  TEXT NOT NULL CHECK (section IN ('experience', 'problems', 'suggestions', 'other')),
	text     TEXT,
	PRIMARY KEY (sheet_id, section)
);

-- Every committed change, written in the same transaction as the change.
-- sheet_id is deliberately not a foreign key: the record outlives its sheet.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	"user"    TEXT NOT NULL,
	sheet_id  INTEGER NOT NULL,
	field     TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT
);
CREATE INDEX audit_by_sheet ON audit (sheet_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit rows cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit rows cannot be deleted');
END;
