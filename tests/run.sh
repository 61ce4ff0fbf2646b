#!/bin/sh
# Runs every jixiao test: unit tests (plain and under ASan+UBSan) and the
# shell tests in tests/*.sh; prints the closing line "N passed, N failed".
#
# The tests are independent (each makes its own temporary directory and its
# own tmux server), so they run JIXIAO_TEST_JOBS at a time (default: the
# number of processors); results are reported in a fixed order once all
# have finished, so the output reads the same however the jobs interleave.
cd "$(dirname "$0")/.." || exit 1
passed=0
failed=0
failures=""
export CMOCKA_MESSAGE_OUTPUT=TAP
# Chinese file names and text need a UTF-8 locale (CI may start with none)
case "$(locale charmap 2>/dev/null)" in
UTF-8) ;;
*) export LC_ALL=C.UTF-8 ;;
esac
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
jobs=${JIXIAO_TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}

count() { # name output-file exit-code
	p=$(grep -c '^ok ' "$2")
	f=$(grep -c '^not ok ' "$2")
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed, leaked or exited non-zero outside a test case
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failures="$failures $1"
		echo "--- $1 failed:"
		grep -v '^ok ' "$2" | head -40
	fi
	echo "$1: $p passed, $f failed"
}

D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT INT TERM
# One line per test: number, name, command.  The slow terminal tests come
# first so that the short ones fill the other lanes around them.
n=0
add() { # name command
	n=$((n + 1))
	printf '%s\t%s\t%s\n' "$n" "$1" "$2" >>"$D/list"
}
for t in tests/screens.sh tests/keys.sh tests/*.sh; do
	case "$t" in tests/run.sh) continue ;; esac
	[ -f "$t" ] || continue
	grep -q "	$t	" "$D/list" 2>/dev/null && continue
	add "$t" "sh $t"
done
for t in build/tests/test_* build/asan-tests/test_*; do
	[ -x "$t" ] && add "$t" "$t"
done
# the command line again, built with ASan+UBSan (leaks are failures)
if [ -x build/jixiao-asan ]; then
	for t in tests/cli.sh tests/bundle.sh tests/csv.sh; do
		[ -f "$t" ] && add "$t (ASan+UBSan)" "JIXIAO=build/jixiao-asan sh $t"
	done
fi

# shellcheck disable=SC2016 # expanded by the inner shell
tr '\n' '\0' <"$D/list" | xargs -0 -P "$jobs" -I{} sh -c '
	line=$1; dir=$2
	i=${line%%	*}; cmd=${line##*	}
	eval "$cmd" >"$dir/$i.out" 2>&1
	echo $? >"$dir/$i.rc"' _ {} "$D"

while IFS='	' read -r i name cmd; do
	count "$name" "$D/$i.out" "$(cat "$D/$i.rc" 2>/dev/null || echo 1)"
done <"$D/list"
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
