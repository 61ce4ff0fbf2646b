touch jx.db-wal && chown 65534:65534 jx.db-wal && chmod 600 jx.db-wal
