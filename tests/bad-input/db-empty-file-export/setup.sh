: >jx.db
