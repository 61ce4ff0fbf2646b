chmod 600 jx.db && touch jx.db-wal && chmod 644 jx.db-wal
