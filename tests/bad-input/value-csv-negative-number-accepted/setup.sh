"$J" --db jx.db import input.yaml >/dev/null
