sqlite3 jx.db "UPDATE funds SET spent = 9223372036854775807 WHERE sheet_id = 1 AND source = '当年财政拨款'"
