head -c 65536 /dev/urandom >jx.db
