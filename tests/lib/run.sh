# Shell helpers of the command-line tests (cli.sh, bundle.sh, stages.sh,
# comments.sh, library.sh): run jixiao ($J) with its output in $T/out and
# its messages in $T/err, and look into them.

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
