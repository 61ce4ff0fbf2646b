sqlite3 jx.db "UPDATE sheets SET name = '工业‮发展管理经费' WHERE id = 1"
