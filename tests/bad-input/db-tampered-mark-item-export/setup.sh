sqlite3 jx.db "UPDATE marks SET item = 2000000000 WHERE sheet_id = 3 AND node = 'decision.project.basis' AND item = 0"
