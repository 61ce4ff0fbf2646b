sqlite3 jx.db "PRAGMA ignore_check_constraints = 1; UPDATE indicators SET points = -5000000 WHERE sheet_id = 1 AND key = 'r1'"
