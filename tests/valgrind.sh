#!/bin/sh
# The command line under valgrind: every sample through import, score,
# check and export (yaml, csv, xlsx, html, report), then the cases of the
# bad-input catalogue run in a terminal, which the ASan build (without the
# workstation) cannot run (tests/bad_input.sh with a valgrind wrapper;
# VALGRIND_ALL=1 runs every case).  Any
# leak (definite or indirect) or invalid access makes valgrind exit 99 and
# fails the test.  Prints TAP lines "ok N - name" / "not ok N - name";
# everything else it prints starts with "# ".  Run from the top of the tree.
#
# VALGRIND_JOBS (default: the number of processors, at most 4) runs that
# many bad-input shares side by side.
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
J=$ROOT/jixiao
S=share/samples

. tests/lib/tap.sh

utf8_locale

if ! command -v valgrind >/dev/null 2>&1; then
	echo "not ok 1 - valgrind is installed (make test installs it)"
	exit 1
fi
if [ ! -x "$J" ]; then
	echo "not ok 1 - ./jixiao is built"
	exit 1
fi

work_dir valgrind
private_home

VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect"
VG="$VG --error-exitcode=99 --num-callers=30"

# vg WANT NAME ARGS...: jixiao under valgrind, expecting exit WANT
vg() {
	want=$1 name=$2
	shift 2
	$VG "$J" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	if [ $got -eq "$want" ] && ! grep -q '^==[0-9]*==' "$T/err"; then
		ok "valgrind: $name"
	else
		notok "valgrind: $name (exit $got, expected $want)" "$(grep -m 20 '^==[0-9]*==' "$T/err" | sed 's/^/  /')"
	fi
}

# --- the samples -----------------------------------------------------------------
DB=$T/samples.db
vg 0 "init" --db "$DB" init
vg 0 "import of the four samples" --db "$DB" import $S/*.yaml
vg 0 "list" --db "$DB" list
vg 0 "templates" templates
for f in $S/*.yaml; do
	b=$(basename "$f" .yaml)
	vg 0 "score $b" score "$f"
	vg 0 "score --format tsv $b" score --format tsv "$f"
	# check exits 1 on an error finding: Zhanjiang's 80 → 56 counted as met (E601)
	case $b in zhanjiang*) want=1 ;; *) want=0 ;; esac
	vg $want "check $b" check "$f"
done
for id in 1 2 3 4; do
	vg 0 "show $id" --db "$DB" show "$id"
done
vg 0 "history 1" --db "$DB" history 1
# every sample in every export format (each file holds all four)
for fmt in yaml csv xlsx html md report-html; do
	vg 0 "export --all --format $fmt" --db "$DB" export --all --format "$fmt" -o "$T/all.$fmt"
done
vg 0 "export --all --format csv --gb18030" --db "$DB" export --all --format csv --gb18030 -o "$T/all-gb.csv"
vg 0 "import of the exported file into a new database" --db "$T/again.db" import "$T/all.yaml"

# --- the bad-input catalogue, shared out between VALGRIND_JOBS runners ----------------
jobs=${VALGRIND_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 4 ] && jobs=4
[ "$jobs" -ge 1 ] || jobs=1
# The ASan+UBSan build already runs every case that needs no workstation
# (bad_input.sh, leaks are failures there too); under valgrind go the cases
# that build cannot run: those in a terminal.  VALGRIND_ALL=1: every case.
all=$(for d in tests/bad-input/*/; do
	if [ -n "$VALGRIND_ALL" ] || grep -q '^needs:.*tmux' "$d/case"; then basename "$d"; fi
done)
k=0
while [ $k -lt "$jobs" ]; do
	share=$(echo "$all" | awk -v j="$jobs" -v k=$k 'NR % j == k' | tr '\n' ' ')
	JIXIAO=$J JIXIAO_WRAP="$VG" BAD_INPUT_CASES="$share" sh tests/bad_input.sh >"$T/bad.$k" 2>&1 &
	k=$((k + 1))
done
wait
cat "$T"/bad.* >"$T/bad"
while IFS= read -r line; do
	case $line in
	"ok "*) ok "valgrind: ${line#ok * - }" ;;
	"not ok "*) notok "valgrind: ${line#not ok * - }" ;;
	"1.."*) ;;
	*) echo "$line" ;;
	esac
done <"$T/bad"
[ -n "$(grep -c '^ok \|^not ok ' "$T/bad")" ] || notok "valgrind: the bad-input catalogue ran"

echo "1..$n"
[ $fails -eq 0 ]
