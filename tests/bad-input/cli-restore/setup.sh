"$J" --db jx.db trash 1
