sqlite3 jx.db "UPDATE sheets SET name = printf('%.70000c', 'x') WHERE id = 1"
