#!/bin/sh
# Comments (批注) in the workstation at 80x24, driven through tmux: key C on
# 项目负责人 adds a comment typed in Chinese; the field's row shows the mark
# "*" (no colour needed: NO_COLOR is set); the checks screen lists it after
# the findings; Enter there goes back to the field; C there answers it and
# then marks it resolved, after which the list and the mark are gone.  The
# database is read with ./jixiao comments after each step.
# Prints TAP lines "ok N - name" / "not ok N - name".
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
BIN=${JX_KEYS_BIN:-$ROOT/jixiao}
. tests/lib/tap.sh
tui_start "comment tests" comments

S=c
screen() { T capture-pane -p -t "$S"; }
send() {
	T send-keys -t "$S" -l "$1"
	sleep 0.05
}
key() {
	T send-keys -t "$S" "$1"
	sleep 0.05
}
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
expect() {
	if wait_for "$2"; then ok "$1"; else notok "$1" "expected on screen: $2" "$(screen | sed 's/^/  /')"; fi
}
# expect_line NAME REGEX: a line of the screen matches
expect_line() {
	i=0
	while [ $i -lt 100 ]; do
		if screen | grep -q -- "$2"; then
			ok "$1"
			return
		fi
		sleep 0.05
		i=$((i + 1))
	done
	notok "$1" "no line matching: $2" "$(screen | sed 's/^/  /')"
}

DB=$WORK/t.db
"$BIN" --db "$DB" import share/samples/jiangmen-2022-project-self.yaml >/dev/null 2>&1 ||
	notok "import the sample" "import failed"

T new-session -d -s "$S" -x 80 -y 24 -c "$WORK" \
	"env -u JIXIAO_LANG -u JIXIAO_KEYS -u JIXIAO_ASCII NO_COLOR=1 TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8 USER=审核员 $BIN --db '$DB'; echo '[jixiao exited]'; sleep 600"
wait_for "工业发展管理经费" || notok "the list shows the sample" "$(screen)"

# open the sheet: the project info screen; down to 项目负责人 (the 4th field)
key Enter
wait_for "项目负责人"
# the field's line has no mark yet
if screen | grep -q '\*项目负责人'; then notok "no mark before" "$(screen)"; else ok "no mark before the comment"; fi
i=0
while [ $i -lt 10 ] && ! screen | grep -q '项目负责人' ; do i=$((i + 1)); done
# move the cursor to 项目负责人: Down until the selected field is it (the
# form puts the cursor on the first field when the screen opens)
for _ in 1 2 3 4 5 6; do
	key Down
done
key Home
wait_for "项目名称"
# from the first field: 评价年度, 项目名称, 主管部门, 项目实施单位, 项目负责人
key Down
key Down
key Down
key Down
send C
expect "C opens the comment prompt at the field" "添加批注"
expect "the prompt names the field in Chinese" "项目负责人"
send "请补充负责人联系电话"
key Enter
expect "the comment is saved, said on the message line" "已添加第 1 条批注"
expect_line "the field's row carries the mark * (monochrome)" '^ *\*项目负责人'
"$BIN" --db "$DB" comments 1 >"$WORK/out" 2>&1
if grep -q '^1\. \[未解决\] 项目负责人（info:manager）$' "$WORK/out" && grep -q '  审核员  请补充负责人联系电话$' "$WORK/out"; then
	ok "the comment is in the database, with who wrote it"
else
	notok "the comment is in the database" "$(cat "$WORK/out")"
fi

# the checks screen lists it after the findings (Alt+7: a digit would be
# typed into the field)
key M-7
wait_for "检查发现"
# down to the comment: the last line of the list, after the 14 findings
key End
expect "the checks screen lists open comments" "未解决的批注 (1)"
expect "the comment's line: number, place and text" "*#1 项目负责人：请补充负责人联系电话"
expect "the chosen comment in full, where it is" "位置：项目负责人（Enter 转到；C 答复或标为已解决）"
key Enter
expect "Enter goes to the field commented on" "项目负责人"
expect_line "back on the project info screen, the field marked" '^ *\*项目负责人'

# C there: the list offers to answer it or mark it resolved
send C
expect "C on a commented field offers to answer" "答复第 1 条（未解决）：请补充负责人联系电话"
expect "… and to mark it resolved" "把第 1 条标为已解决"
# the cursor starts on the answer
key Enter
expect "answering asks for the text" "答复批注"
send "已补充：0750-1234567"
key Enter
expect "the answer is saved" "已答复第 1 条批注"
send C
wait_for "把第 1 条标为已解决"
key Down
key Enter
expect "resolved" "第 1 条批注已标为已解决"
if wait_gone "*项目负责人"; then ok "a resolved comment leaves no mark"; else notok "mark gone" "$(screen)"; fi
"$BIN" --db "$DB" comments 1 >"$WORK/out" 2>&1
if grep -q '^1\. \[已解决\] 项目负责人' "$WORK/out" && grep -q '答复 .*  审核员  已补充：0750-1234567$' "$WORK/out"; then
	ok "answer and resolve are in the database"
else
	notok "answer and resolve in the database" "$(cat "$WORK/out")"
fi
key M-7
if wait_gone "未解决的批注"; then ok "the checks screen no longer lists it"; else notok "list gone" "$(screen)"; fi

# F1 lists the key
key F1
wait_for "帮助"
found=0
for _ in 1 2 3 4 5 6 7 8; do
	if screen | grep -qF "批注（添加；已有的可答复、标为已解决或重新打开）"; then
		found=1
		break
	fi
	key NPage
done
if [ $found = 1 ]; then ok "F1 help lists C"; else notok "F1 help lists C" "$(screen)"; fi
key Escape
send q
echo "1..$n"
[ "$fails" -eq 0 ]
