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
BIN=${JIXIAO_WS:-./jixiao}
SECONDS_=${CONC_SECONDS:-60}
SEED=${CONC_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
B=build/crash

if [ ! -x "$BIN" ]; then
	echo "not ok 1 - $BIN is built"
	exit 1
fi
if ! nm "$BIN" 2>/dev/null | grep -q ' T jx_workstation_main$'; then
	echo "ok 1 - concurrency test # SKIP $BIN has no workstation"
	exit 0
fi
mkdir -p "$B"
CC=${CC:-cc}
if ! $CC -std=c11 -Wall -Wextra -Werror -Wshadow -O1 -g -Itests/crash -o "$B/conc" tests/crash/conc.c \
	tests/crash/check.c tests/crash/term.c tests/crash/vt.c $(pkg-config --cflags --libs sqlite3) -lutil \
	>"$B/build-conc.log" 2>&1; then
	echo "not ok 1 - the concurrency driver builds"
	sed 's/^/#   /' "$B/build-conc.log" | head -20
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-conc.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export HOME="$T/home"
unset XDG_DATA_HOME JIXIAO_LANG
mkdir -p "$HOME" "$T/work"
# the program as it is now, whatever is rebuilt meanwhile
cp "$BIN" "$T/jixiao" && BIN=$T/jixiao
if ! "$BIN" --db "$T/conc.db" import share/samples/jingdezhen-2023-external.yaml >"$T/import.log" 2>&1; then
	echo "not ok 1 - the sample imports"
	sed 's/^/#   /' "$T/import.log"
	exit 1
fi
echo "# sh tests/concurrency.sh with CONC_SECONDS=$SECONDS_ CONC_SEED=$SEED"
"$B/conc" --bin "$BIN" --db "$T/conc.db" --work "$T/work" --seconds "$SECONDS_" --seed "$SEED"
