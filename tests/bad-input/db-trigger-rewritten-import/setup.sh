sqlite3 jx.db "DROP TRIGGER sheets_final_delete; CREATE TRIGGER sheets_final_delete BEFORE DELETE ON sheets BEGIN SELECT 1; END;"
