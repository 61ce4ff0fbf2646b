#!/bin/sh
# Concurrency: two workstations (./jixiao on pseudo-terminals) edit the same
# sheet while command-line imports write to the same database, for
# CONC_SECONDS (default 60): no lost update, no busy or "database is
# locked" message ever shown, conflicts reported; then a write lock held by
# another program is waited out (1.5 s) or reported in words (7 s, past the
# 5 s busy timeout) (tests/crash/conc.c).
#
#   sh tests/concurrency.sh                # as make test runs it
#   CONC_SECONDS=600 sh tests/concurrency.sh
#
# Prints TAP lines for the results and the figures as "# " comments.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/pty_driver.sh
BIN=${JIXIAO_WS:-./jixiao}
SECONDS_=${CONC_SECONDS:-60}
SEED=${CONC_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
pty_setup concurrency conc
mkdir -p "$T/work"
echo "# sh tests/concurrency.sh with CONC_SECONDS=$SECONDS_ CONC_SEED=$SEED"
"$DRIVER" --bin "$BIN" --db "$DB" --work "$T/work" --seconds "$SECONDS_" --seed "$SEED"
