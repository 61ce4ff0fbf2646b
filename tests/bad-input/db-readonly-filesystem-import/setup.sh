# a read-only file system (a tmpfs remounted read-only)
mkdir mnt && mount -t tmpfs -o size=1m tmpfs mnt && cp "$BASE" mnt/jx.db && mount -o remount,ro mnt
