mkdir jx.db
