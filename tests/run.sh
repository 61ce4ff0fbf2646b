#!/bin/sh
# Runs every jixiao test: unit tests (plain and under ASan+UBSan) and the
# shell tests in tests/*.sh; prints the closing line "N passed, N failed".
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

out=$(mktemp)
for t in build/tests/test_* build/asan-tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$out" 2>&1
	count "$t" "$out" $?
done
for t in tests/*.sh; do
	[ "$t" = tests/run.sh ] && continue
	[ -f "$t" ] || continue
	sh "$t" >"$out" 2>&1
	count "$t" "$out" $?
done
# the command line again, built with ASan+UBSan (leaks are failures)
if [ -x build/jixiao-asan ]; then
	for t in tests/cli.sh tests/bundle.sh; do
		[ -f "$t" ] || continue
		JIXIAO=build/jixiao-asan sh "$t" >"$out" 2>&1
		count "$t (ASan+UBSan)" "$out" $?
	done
fi
rm -f "$out"
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
