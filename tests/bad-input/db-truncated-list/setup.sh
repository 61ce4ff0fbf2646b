head -c 8192 "$BASE" >jx.db
