-- jixiao database: comments on fields (批注).
--
-- A comment is not a table of its own: it lives in the audit trail, so that
-- who wrote it and when is recorded like every other change and it travels
-- with the sheet's history in bundles and sheet files (src/comment.h):
--   comment:<cid>          old: the place (a field path, ind:<key> or
--                          fund:<source>), new: the comment's text
--   comment:<cid>:answer   new: an answer's text
--   comment:<cid>:status   old: the status seen, new: resolved | open
-- The index below finds a sheet's comment rows without reading its whole
-- history (the list and the checks screen count open comments).
-- Independent of every migration but 002 (audit.gid).
-- The migration runs inside the program's transaction; no BEGIN/COMMIT here.

CREATE INDEX audit_comments ON audit (sheet_id, id) WHERE field GLOB 'comment:*';
