# Sourced by crash.sh and concurrency.sh after tests/lib/tap.sh: the set-up
# both start with to drive the real workstation ($BIN) on pseudo-terminals
# with a driver built from tests/crash/*.c (a pseudo-terminal, a small
# terminal emulator to read the screen, the checks with the SQLite library).

# pty_setup WHAT NAME: without $BIN, or a $BIN without the workstation, one
# "not ok" line (or a skip) and the script ends.  Else the driver
# tests/crash/NAME.c built as $DRIVER (build/crash/NAME), a work directory
# $T with a private home, $BIN copied there (the program as it is now,
# whatever is rebuilt meanwhile) and the Jingdezhen sample imported into
# $DB ($T/NAME.db).
pty_setup() {
	needs_built "$BIN"
	if ! nm "$BIN" 2>/dev/null | grep -q ' T jx_workstation_main$'; then
		skip "$1 test" "$BIN has no workstation"
		exit 0
	fi
	mkdir -p build/crash
	DRIVER=build/crash/$2
	# shellcheck disable=SC2046
	if ! ${CC:-cc} -std=c11 -Wall -Wextra -Werror -Wshadow -O1 -g -Itests/crash -o "$DRIVER" "tests/crash/$2.c" \
		tests/crash/check.c tests/crash/term.c tests/crash/vt.c $(pkg-config --cflags --libs sqlite3) -lutil \
		>"$DRIVER.log" 2>&1; then
		notok "the $1 driver builds" "$(head -20 "$DRIVER.log")"
		exit 1
	fi
	work_dir "$2"
	private_home
	cp "$BIN" "$T/jixiao" && BIN=$T/jixiao
	DB=$T/$2.db
	if ! "$BIN" --db "$DB" import share/samples/jingdezhen-2023-external.yaml >"$T/import.log" 2>&1; then
		notok "the sample imports" "$(cat "$T/import.log")"
		exit 1
	fi
}
