#!/bin/sh
# Crash safety: the real workstation (./jixiao) on a pseudo-terminal is
# given edits and killed with SIGKILL at random moments, CRASH_ROUNDS times
# (default 500, at least 200) on one database; after every kill the
# database must hold every edit the screen had shown as saved, nothing
# half-written, and pass PRAGMA integrity_check (tests/crash/crash.c).
#
#   sh tests/crash.sh                      # as make test runs it
#   CRASH_ROUNDS=2000 CRASH_SEED=42 sh tests/crash.sh
#
# The driver is built here from tests/crash/*.c (tests/lib/pty_driver.sh).
# Prints TAP lines for the results and the figures as "# " comments.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/pty_driver.sh
BIN=${JIXIAO_WS:-./jixiao}
ROUNDS=${CRASH_ROUNDS:-500}
SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
if [ "$ROUNDS" -lt 200 ]; then
	echo "# CRASH_ROUNDS=$ROUNDS is below 200; using 200"
	ROUNDS=200
fi
pty_setup crash crash
echo "# sh tests/crash.sh with CRASH_ROUNDS=$ROUNDS CRASH_SEED=$SEED"
"$DRIVER" --bin "$BIN" --db "$DB" --rounds "$ROUNDS" --seed "$SEED"
