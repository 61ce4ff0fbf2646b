sqlite3 jx.db "UPDATE sheets SET year = 5000 WHERE id = 2"
