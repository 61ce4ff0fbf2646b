sqlite3 jx.db "DROP TRIGGER audit_no_delete"
