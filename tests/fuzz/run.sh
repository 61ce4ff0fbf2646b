#!/bin/sh
# Runs the libFuzzer targets built by `make fuzz-build`, each for
# FUZZ_SECONDS (default 300), from a corpus seeded in build/fuzz/corpus/
# (the sources are copied, never modified):
#   sheets    share/samples/*.yaml, share/templates/*.yaml and the YAML
#             inputs of tests/bad-input/
#   template  share/templates/*.yaml, share/samples/*.yaml and the
#             template inputs of tests/bad-input/
#   num       tests/fuzz/num-seeds.txt, one number per line, under each
#             flag combination (first byte)
#   xlsx      the small workbooks tests/lib/mkxlsx.py writes
#   xls       an empty OLE2 header and the encrypted-workbook seed
#   csv       the CSV inputs of tests/bad-input/ and tests/fuzz/csv-seed.csv
# A crash, leak, sanitizer report or broken invariant leaves its input in
# build/fuzz/crashes/<target>/ and makes this script fail.  Prints one line
# per target: executions, seconds, corpus size, crashes.
# Usage: sh tests/fuzz/run.sh [TARGET...]   (from the top of the tree)
cd "$(dirname "$0")/../.." || exit 1
secs=${FUZZ_SECONDS:-300}
targets=${*:-sheets template num xlsx xls csv}
B=build/fuzz
status=0

seed() { # target corpus-dir
	mkdir -p "$2"
	case $1 in
	sheets)
		cp share/samples/*.yaml share/templates/*.yaml "$2"/
		for f in tests/bad-input/*/input.yaml; do
			[ -f "$f" ] || continue
			[ "$(stat -c %s "$f")" -le 65536 ] || continue
			cp "$f" "$2/bad-$(basename "$(dirname "$f")").yaml"
		done
		;;
	template)
		cp share/templates/*.yaml share/samples/*.yaml "$2"/
		for f in tests/bad-input/*/template.yaml; do
			[ -f "$f" ] || continue
			cp "$f" "$2/bad-$(basename "$(dirname "$f")").yaml"
		done
		;;
	xlsx)
		for k in formula date-serial merge-upside-down entity-expansion; do
			python3 tests/lib/mkxlsx.py $k "$2/$k.xlsx" || return 1
		done
		;;
	xls)
		python3 tests/lib/mkxlsx.py encrypted "$2/encrypted.xls" || return 1
		printf '\320\317\021\340\241\261\032\341' >"$2/ole-header.xls"
		;;
	csv)
		cp tests/fuzz/csv-seed.csv "$2"/
		for f in tests/bad-input/csv-*/input.csv; do
			[ -f "$f" ] && cp "$f" "$2/bad-$(basename "$(dirname "$f")").csv"
		done
		;;
	num)
		i=0
		while IFS= read -r line; do
			for flag in 0 1 2 3 4 5 6 7; do
				i=$((i + 1))
				{ printf "\\$(printf %03o "$flag")"; printf '%s' "$line"; } >"$2/seed-$i"
			done
		done <tests/fuzz/num-seeds.txt
		;;
	esac
}

for t in $targets; do
	bin=$B/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "fuzz $t: $bin is not built (make fuzz-build)"
		status=1
		continue
	fi
	corpus=$B/corpus/$t
	crashes=$B/crashes/$t
	[ -d "$corpus" ] || seed "$t" "$corpus"
	mkdir -p "$crashes"
	log=$B/$t.log
	case $t in
	num) maxlen=-max_len=96 ;;
	*) maxlen=-max_len=65536 ;;
	esac
	echo "fuzz $t: ${secs}s from $(ls "$corpus" | wc -l) inputs (log: $log)"
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 $maxlen -print_final_stats=1 \
		-dict=tests/fuzz/$t.dict -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	found=$(find "$crashes" -type f | wc -l)
	echo "fuzz $t: ${runs:-?} executions in ${took:-?}s, corpus $(ls "$corpus" | wc -l) inputs, $found crash inputs, exit $rc"
	if [ $rc -ne 0 ] || [ "$found" -ne 0 ]; then
		status=1
		grep -m 5 -E 'ERROR|invariant|runtime error|SUMMARY' "$log"
		find "$crashes" -type f | sed 's/^/  /'
	fi
done
exit $status
