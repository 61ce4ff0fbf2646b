#!/bin/sh
# The indicator library in the workstation at 80x24, driven through tmux:
# adding an indicator through the picker (Chinese typed in one burst, as
# an input method sends it), Esc falling back to the empty row, and the
# library screen (L on the list): filter, edit a field, delete an entry.
# Prints TAP lines.
#
# The library is harvested from the Jiangmen sample alone (sheet 1): 60
# entries (66 indicators, six pairs repeated).  办结率 is in one name,
# 评审项目办结率, whose rows say ≥ 95 % (target_text 95%以上) under 产出指标 /
# 数量指标 (output.quantity): the typical target ≥95%, and the sheet's 66
# indicators become 67.  专家 is in 评审专家人数 in three units (名, 个,
# 人): deleting one leaves 59 entries.
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
BIN=${JX_KEYS_BIN:-$ROOT/jixiao}
. tests/lib/tap.sh
tui_start "library in the workstation" library

DB=$WORK/lib.db
"$BIN" --db "$DB" import share/samples/*.yaml >/dev/null 2>&1 && "$BIN" --db "$DB" library harvest 1 >/dev/null 2>&1 ||
	notok "set-up: import and harvest" "$("$BIN" --db "$DB" library harvest 1 2>&1)"
q() { sqlite3 "$DB" "$1"; }

S=lib
T new-session -d -s "$S" -x 80 -y 24 -c "$WORK" \
	"env -u NO_COLOR -u JIXIAO_LANG -u JIXIAO_KEYS -u JIXIAO_ASCII TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BIN' --db '$DB'; echo '[jixiao exited]'; sleep 600"
screen() { T capture-pane -p -t "$S"; }
key() {
	T send-keys -t "$S" "$@"
	sleep 0.1
}
wait_for() {
	i=0
	while [ $i -lt 60 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
expect() {
	if wait_for "$2"; then ok "$1"; else notok "$1" "expected on screen: $2" "$(screen | sed 's/^/  /')"; fi
}
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name" "$(screen | sed 's/^/  /')"; fi
}

wait_for "项目列表" || notok "the workstation starts" "$(screen)"
# Jiangmen (2022) is the last row of the list; its indicators are screen 4
key End
key Enter
wait_for "工业发展管理经费"
key Escape
key M-4
expect "the indicators screen" "指标 66 个"

key a
expect "a opens the library picker" "从指标库选择指标"
check "the picker shows the whole library" sh -c "$(printf '%s' "tmux -L $SOCK capture-pane -p -t $S") | grep -q '60/60'"
T send-keys -t "$S" -l "办结率"
expect "Chinese typed in one burst finds 评审项目办结率 with its typical target" "评审项目办结率                    ≥95%"
check "one entry matches" sh -c "tmux -L $SOCK capture-pane -p -t $S | grep -q '1/60'"
key Enter
expect "Enter fills the row and says so" "已从指标库填入「评审项目办结率」≥95%"
expect "the sheet has 67 indicators" "指标 67 个"
check "the new row holds name, category, comparator, target and unit" \
	test "$(q "SELECT count(*) FROM indicators WHERE sheet_id = 1 AND name = '评审项目办结率' AND slot = 'output.quantity' AND cmp = '>=' AND target = 95000000 AND target_text = '≥95%' AND unit = '%'")" = 1

key u
expect "one undo takes the filled row away" "指标 66 个"
check "and it is gone from the database" \
	test "$(q "SELECT count(*) FROM indicators WHERE sheet_id = 1 AND name = '评审项目办结率'")" = 2
key C-y
expect "redo puts it back whole" "指标 67 个"
check "with its target" \
	test "$(q "SELECT count(*) FROM indicators WHERE sheet_id = 1 AND name = '评审项目办结率' AND target_text = '≥95%'")" = 1

key a
wait_for "从指标库选择指标"
key Escape
expect "Esc in the picker falls back to the category, then an empty row" "新指标的类别"
key Enter
expect "the empty row is being named" "编辑中"
key Escape
check "still 67 named indicators and one without a name" \
	test "$(q "SELECT count(name), count(*) FROM indicators WHERE sheet_id = 1")" = "67|68"

# the library screen, from the list
key M-1
wait_for "项目列表"
key L
expect "L on the list opens the library" "指标库"
T send-keys -t "$S" -l "专家"
expect "the filter narrows to the three 评审专家人数" "3/60"
key Enter
expect "Enter asks which field" "修改哪一项"
key 9
expect "the scoring note is asked for" "评分说明"
T send-keys -t "$S" -l "按专家名单计"
key Enter
expect "the edit is saved" "已保存"
check "the note is in the database" test "$(q "SELECT count(*) FROM library WHERE note = '按专家名单计'")" = 1
key DC
expect "Del asks first" "删除指标库条目"
key y
expect "the entry is deleted" "2/59"
check "59 entries remain" test "$(q 'SELECT count(*) FROM library')" = 59
key Escape
expect "Esc goes back to the list" "项目 4 个"

echo "1..$n"
[ "$fails" -eq 0 ]
