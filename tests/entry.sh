#!/bin/sh
# A whole national project self-evaluation sheet entered through the real
# ./jixiao, as a clerk types it over PuTTY: tests/entry.keys is typed into
# the workstation in tmux at 80x24 under TERM=xterm, each key sent as PuTTY
# sends it at its default settings; then the sheet the database holds is
# checked against the total and grade worked out by hand in that file.
# Prints TAP lines "ok N - name" / "not ok N - name".
#
#   sh tests/entry.sh --count   prints only how many keys the script uses
#                               beyond the typed text (make bench)
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
KEYS=$ROOT/tests/entry.keys
BIN=${JX_ENTRY_BIN:-$ROOT/jixiao}
TARGET=100
set -f # keys hold '[' and '*': never file-name patterns

# The keys beyond the typed text: every word of a "keys" line.
count_keys() {
	awk '$1 == "keys" { n += NF - 1 } END { print n + 0 }' "$KEYS"
}

if [ "$1" = --count ]; then
	k=$(count_keys)
	if [ "$k" -le $TARGET ]; then v=ok; else v=over; fi
	echo "scripted entry of a national project sheet (tests/entry.keys): keys beyond typed text: $k (target ≤ $TARGET) $v"
	exit 0
fi

. tests/lib/tap.sh
tui_start "scripted entry" entry
DB=$WORK/entry.db
E=$(printf '\033')

T new-session -d -s e -x 80 -y 24 -c "$WORK" \
	"env -u NO_COLOR -u JIXIAO_LANG -u JIXIAO_KEYS -u JIXIAO_ASCII TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BIN' --db '$DB' --user clerk; echo '[jixiao exited]'; sleep 600"
screen() { T capture-pane -p -t e; }

# What PuTTY sends for a key at its default settings (function keys
# "ESC[n~", cursor keys in the application mode the workstation asks for).
bytes() {
	case $1 in
	Enter) printf '\r' ;;
	Tab) printf '\t' ;;
	BTab) printf '%s[Z' "$E" ;;
	Esc) printf '%s' "$E" ;;
	Up) printf '%sOA' "$E" ;;
	Down) printf '%sOB' "$E" ;;
	Right) printf '%sOC' "$E" ;;
	Left) printf '%sOD' "$E" ;;
	Home) printf '%s[1~' "$E" ;;
	Ins) printf '%s[2~' "$E" ;;
	Del) printf '%s[3~' "$E" ;;
	End) printf '%s[4~' "$E" ;;
	PgUp) printf '%s[5~' "$E" ;;
	PgDn) printf '%s[6~' "$E" ;;
	F1) printf '%s[11~' "$E" ;;
	F2) printf '%s[12~' "$E" ;;
	F3) printf '%s[13~' "$E" ;;
	F4) printf '%s[14~' "$E" ;;
	F5) printf '%s[15~' "$E" ;;
	F6) printf '%s[17~' "$E" ;;
	F7) printf '%s[18~' "$E" ;;
	F8) printf '%s[19~' "$E" ;;
	F9) printf '%s[20~' "$E" ;;
	F10) printf '%s[21~' "$E" ;;
	F11) printf '%s[23~' "$E" ;;
	F12) printf '%s[24~' "$E" ;;
	M-?) printf '%s%s' "$E" "${1#M-}" ;;
	?) printf '%s' "$1" ;;
	*) return 1 ;;
	esac
}
send() {
	T send-keys -t e -l "$1"
	sleep 0.03
}
# wait_for TEXT: until the screen shows TEXT (10 s at most).
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# ---- type the script -------------------------------------------------------------
ran=1
line_no=0
while IFS= read -r line; do
	line_no=$((line_no + 1))
	verb=${line%% *}
	arg=${line#* }
	case $verb in
	'' | '#'*) continue ;;
	keys)
		for k in $arg; do
			b=$(bytes "$k") || {
				notok "entry.keys:$line_no: unknown key $k"
				ran=0
				break 2
			}
			send "$b"
			# a lone Esc is told from Alt+key by the pause after it
			[ "$k" = Esc ] && sleep 0.3
		done
		;;
	text) send "$arg" ;;
	see)
		if ! wait_for "$arg"; then
			notok "entry.keys:$line_no: the screen comes to show \"$arg\"" "screen was:" "$(screen | sed 's/^/  /')"
			ran=0
			break
		fi
		;;
	*)
		notok "entry.keys:$line_no: unknown step \"$verb\""
		ran=0
		break
		;;
	esac
done <"$KEYS"
[ $ran = 1 ] && ok "the whole sheet is entered through the workstation and it quits (tests/entry.keys)"

k=$(count_keys)
if [ "$k" -le $TARGET ]; then
	ok "the entry takes $k keys beyond the typed text (at most $TARGET)"
else
	notok "the entry takes $k keys beyond the typed text (at most $TARGET)"
fi

# ---- what the database holds ---------------------------------------------------
J() { "$BIN" --db "$DB" "$@"; }
# expect NAME WANT GOT
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected:" "$2" "got:" "$3"; fi
}

SCORE=$(J score --format tsv 1 2>&1)
# path, points and score of each computed line (the worked figures in
# tests/entry.keys); the explanation column is left out
expect "the scoring sheet: the execution rate and each indicator" "node:execution	10	9.18
ind:i1	10	10.00
ind:i2	10	10.00
ind:i3	10	9.68
ind:i4	5	5.00
ind:i5	5	5.00
ind:i6	10	10.00
ind:i7	15	15.00
ind:i8	15	15.00
ind:i9	10	10.00" "$(printf '%s\n' "$SCORE" | awk -F '\t' '$1 == "node:execution" || $1 ~ /^ind:/ { print $1 "\t" $2 "\t" $3 }')"
expect "the total is 98.86" "total	100	98.86" "$(printf '%s\n' "$SCORE" | awk -F '\t' '$1 == "total" { print $1 "\t" $2 "\t" $3 }')"
expect "the grade is 优: the sheet is complete" "grade		优" "$(printf '%s\n' "$SCORE" | awk -F '\t' '$1 == "grade" { print $1 "\t" $2 "\t" $3 }')"
expect "the checks find nothing: no value left unfilled, the unmet target explained" "" "$(J check --format tsv 1 2>&1)"

LIST=$(J list 2>&1)
case $LIST in
*乡村振兴产业发展项目*98.86*优*) ok "the project list shows the total and the grade" ;;
*) notok "the project list shows the total and the grade" "$LIST" ;;
esac

# The fields behind each target typed as printed, set together.
SHOW=$(J export --format yaml -o - 1 2>&1)
want_in_show() { # NAME TEXT...
	name=$1
	shift
	for t in "$@"; do
		case $SHOW in
		*"$t"*) ;;
		*)
			notok "$name" "not in the exported sheet: $t"
			return
			;;
		esac
	done
	ok "$name"
}
want_in_show "project information as typed, the year typed over the proposed one" "year: 2023" "name: 乡村振兴产业发展项目" \
	"unit: 某县农业技术推广中心" "department: 某县农业农村局" "manager: 张明"
want_in_show "the annual goal and what was achieved" "培训农户500人，建设示范基地2个" "培训农户520人，建成示范基地2个"
want_in_show "the unmet target's deviation reason" "部分农户因农忙缺考，补考安排在次年一季度"

# Each indicator as the export writes it, one line each: key, category,
# comparator, target, unit, actual (a deadline's dates), points.
INDS=$(printf '%s\n' "$SHOW" | awk '
	function flush() { if (k != "") print k, sl, c, t, u, a, p; k = sl = c = t = u = a = p = "" }
	$1 == "-" && $2 == "key:" { flush(); k = $3; next }
	k != "" && $1 == "slot:" { sl = $2 } k != "" && $1 == "cmp:" { c = $2 } k != "" && $1 == "target:" { t = $2 }
	k != "" && $1 == "unit:" { u = $2 } k != "" && $1 == "actual:" { a = $2 } k != "" && $1 == "points:" { p = $2 }
	k != "" && $1 == "target_text:" && c == "时限" { t = $2 } k != "" && $1 == "actual_text:" && c == "时限" { a = $2 }
	/^  [a-z_]*:/ { flush() }
	END { flush() }' | tr -d "\"'")
expect "each target typed as printed set its comparator, number and unit (or deadline); actuals typed with their unit" \
	"i1 output.quantity >= 500 人 520 10
i2 output.quantity = 2 个 2 10
i3 output.quality >= 95 % 92 10
i4 output.quality = 100 % 100 5
i5 output.timeliness 时限 2023-12-31  2023-11-30 5
i6 output.cost <= 130 万元 128.5 10
i7 benefit.social >= 2000 元 2100 15
i8 benefit.sustainable >= 3 年 3 15
i9 satisfaction.service >= 90 % 93 10" "$INDS"

HIST=$(J history 1 2>&1)
missing=""
for f in ind:i3:cmp ind:i3:target ind:i3:unit ind:i5:cmp ind:i6:unit fund:当年财政拨款:planned fund:上年结转资金:spent; do
	case $HIST in
	*"$f"*) ;;
	*) missing="$missing $f" ;;
	esac
done
if [ -z "$missing" ]; then ok "each value typed has its audit row"; else notok "each value typed has its audit row" "none for:$missing"; fi

[ $fails -eq 0 ]
