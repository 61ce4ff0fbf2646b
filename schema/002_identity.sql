-- jixiao database, schema version 2: identities that travel between machines.
--
--  * meta holds this database's stable random id (db_id, 16 hex digits),
--    made once when the database is created or upgraded.
--  * every audit row gets a globally unique id, gid = "<db_id>:<local seq>"
--    for rows written here, or the id it already had for rows received in a
--    bundle from another database; origin is the name of the machine where
--    the change was made.  A sheet's history is the list of its rows' gids.
--    A row is stored once per sheet; the same row may sit under two sheets
--    (a conflict copy and the sheet it conflicts with).
--  * sheets.conflict_of links a conflict copy (another machine's version of
--    a sheet edited on both machines, kept by an import) to the local sheet;
--    conflict_origin names the machine the copy came from.
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('db_id', lower(hex(randomblob(8))));

ALTER TABLE audit ADD COLUMN gid TEXT;
ALTER TABLE audit ADD COLUMN origin TEXT;

-- rows written before this version are this database's own
DROP TRIGGER audit_no_update;
UPDATE audit SET gid = (SELECT value FROM meta WHERE key = 'db_id') || ':' || id;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit rows cannot be changed');
END;
CREATE TRIGGER audit_needs_gid BEFORE INSERT ON audit
WHEN NEW.gid IS NULL OR length(NEW.gid) < 3 OR instr(NEW.gid, ':') = 0
BEGIN
	SELECT RAISE(ABORT, 'audit rows need a global id');
END;
CREATE UNIQUE INDEX audit_by_sheet_gid ON audit (sheet_id, gid);
CREATE INDEX audit_by_gid ON audit (gid);

ALTER TABLE sheets ADD COLUMN conflict_of INTEGER REFERENCES sheets (id) ON DELETE SET NULL;
ALTER TABLE sheets ADD COLUMN conflict_origin TEXT;
CREATE INDEX sheets_by_conflict ON sheets (conflict_of) WHERE conflict_of IS NOT NULL;
