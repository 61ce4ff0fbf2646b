"$J" --db jx.db import huge.yaml >/dev/null
