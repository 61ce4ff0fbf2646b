sqlite3 jx.db "CREATE TABLE evil (x)"
