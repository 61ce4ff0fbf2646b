# Shell helpers of the command-line tests (cli.sh, bundle.sh, stages.sh,
# comments.sh, library.sh, trip.sh), sourced after tests/lib/tap.sh and
# work_dir: run jixiao ($J) with its output in $T/out and its messages in
# $T/err, look into them, and report a result with them.

# run WANT ARGS...: jixiao ARGS exits with WANT (else says what it did).
run() {
	want=$1
	shift
	"$J" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "#   jixiao $*: exit $got, expected $want"
		sed 's/^/#   /' "$T/err" | head -3
		return 1
	fi
	return 0
}
# out_has / err_has PATTERN: the last run's output / messages hold it.
out_has() { grep -q -- "$1" "$T/out"; }
err_has() { grep -q -- "$1" "$T/err"; }

# q DB SQL: one value from a database
q() { sqlite3 "$1" "$2"; }
# dbsum DB: sha256 of a database's main file after folding in its
# write-ahead log
dbsum() {
	[ -f "$1-wal" ] && sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1
	sha256sum "$1" | cut -d' ' -f1
}

# fail NAME: not ok, with the start of the last run's messages and output.
fail() {
	notok "$1" "$(sed 's/^/  stderr: /' "$T/err" 2>/dev/null | head -5)" \
		"$(sed 's/^/  stdout: /' "$T/out" 2>/dev/null | head -12)"
}
# result NAME: ok when the command before it (a && chain of run, out_has,
# …) succeeded, else fail.
result() { if [ $? -eq 0 ]; then ok "$1"; else fail "$1"; fi; }
