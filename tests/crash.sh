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
# The driver is built here from tests/crash/*.c (a pseudo-terminal, a small
# terminal emulator to read the screen, the checks with the SQLite library).
# Prints TAP lines for the results and the figures as "# " comments.
cd "$(dirname "$0")/.." || exit 1
BIN=${JIXIAO_WS:-./jixiao}
ROUNDS=${CRASH_ROUNDS:-500}
SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
B=build/crash

if [ ! -x "$BIN" ]; then
	echo "not ok 1 - $BIN is built"
	exit 1
fi
if ! nm "$BIN" 2>/dev/null | grep -q ' T jx_workstation_main$'; then
	echo "ok 1 - crash test # SKIP $BIN has no workstation"
	exit 0
fi
if [ "$ROUNDS" -lt 200 ]; then
	echo "# CRASH_ROUNDS=$ROUNDS is below 200; using 200"
	ROUNDS=200
fi
mkdir -p "$B"
CC=${CC:-cc}
if ! $CC -std=c11 -Wall -Wextra -Werror -Wshadow -O1 -g -Itests/crash -o "$B/crash" tests/crash/crash.c \
	tests/crash/check.c tests/crash/term.c tests/crash/vt.c $(pkg-config --cflags --libs sqlite3) -lutil \
	>"$B/build.log" 2>&1; then
	echo "not ok 1 - the crash driver builds"
	sed 's/^/#   /' "$B/build.log" | head -20
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-crash.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export HOME="$T/home"
unset XDG_DATA_HOME JIXIAO_LANG
mkdir -p "$HOME"
# the program as it is now, whatever is rebuilt meanwhile
cp "$BIN" "$T/jixiao" && BIN=$T/jixiao
if ! "$BIN" --db "$T/crash.db" import share/samples/jingdezhen-2023-external.yaml >"$T/import.log" 2>&1; then
	echo "not ok 1 - the sample imports"
	sed 's/^/#   /' "$T/import.log"
	exit 1
fi
echo "# sh tests/crash.sh with CRASH_ROUNDS=$ROUNDS CRASH_SEED=$SEED"
"$B/crash" --bin "$BIN" --db "$T/crash.db" --rounds "$ROUNDS" --seed "$SEED"
