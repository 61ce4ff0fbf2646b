"$J" --db jx.db finalise 2 --force
