#!/bin/sh
# Screen tests: run the real ./jixiao in tmux at 80x24 and 132x40 on the
# Chinese samples, type keys with send-keys, read the screen with
# capture-pane and compare it with the expected dumps in tests/screens/
# (each written by looking at the screen, see tests/screens/README).
# Prints TAP lines "ok N - name" / "not ok N - name" for results only.
#
# JX_SCREENS_UPDATE=1 rewrites the expected dumps from the current screens:
# only after checking every changed screen by eye.
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
BIN=${JX_SCREENS_BIN:-$ROOT/jixiao} # JX_SCREENS_BIN: e.g. a build with sanitizers
EXP=$ROOT/tests/screens
n=0
fails=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
notok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

if ! command -v tmux >/dev/null 2>&1; then
	skip "screen tests" "tmux is not installed"
	exit 0
fi
if [ ! -x "$BIN" ]; then
	notok "screen tests" "./jixiao is not built"
	exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-screens.XXXXXX")
SOCK="jixiao-screens-$$"
T() { tmux -L "$SOCK" "$@"; }
cleanup() {
	T kill-server >/dev/null 2>&1
	chmod -R u+w "$WORK" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# start SESSION W H ARGS...: the workstation in a new tmux session, run in
# $WORK so that the database shows as its short relative name.
start() {
	s=$1 w=$2 h=$3
	shift 3
	T new-session -d -s "$s" -x "$w" -y "$h" -c "$WORK" \
		"env -u NO_COLOR -u JIXIAO_LANG LANG=C.UTF-8 LC_ALL=C.UTF-8 $* ; echo '[jixiao exited]'; sleep 600"
}
keys() { # SESSION KEY...
	s=$1
	shift
	T send-keys -t "$s" "$@"
	sleep 0.15
}
screen() { T capture-pane -p -t "$1"; }

# wait_for SESSION TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
	i=0
	lim=$(( ${3:-10} * 10 ))
	while [ $i -lt $lim ]; do
		if screen "$1" | grep -qF -- "$2"; then
			sleep 0.2 # let the frame finish
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# wait_gone SESSION TEXT [SECONDS]
wait_gone() {
	i=0
	lim=$(( ${3:-10} * 10 ))
	while [ $i -lt $lim ]; do
		if ! screen "$1" | grep -qF -- "$2"; then
			sleep 0.2
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# check NAME SESSION TEXT: the screen shows TEXT (fixed string).
check() {
	if wait_for "$2" "$3" 5; then
		ok "$1"
	else
		screen "$2" >"$WORK/last.txt"
		notok "$1" "expected on screen: $3" "screen was:" "$(sed 's/^/  /' "$WORK/last.txt")"
	fi
}
# check_re NAME SESSION REGEX: some line of the screen matches REGEX.
check_re() {
	i=0
	while [ $i -lt 50 ]; do
		if screen "$2" | grep -qE -- "$3"; then
			ok "$1"
			return
		fi
		sleep 0.1
		i=$((i + 1))
	done
	notok "$1" "expected a line matching: $3" "screen was:" "$(screen "$2" | sed 's/^/  /')"
}
# check_not NAME SESSION TEXT: the screen does not show TEXT.
check_not() {
	sleep 0.3
	if screen "$2" | grep -qF -- "$3"; then
		notok "$1" "not expected on screen: $3" "$(screen "$2" | sed 's/^/  /')"
	else
		ok "$1"
	fi
}
# dump NAME SESSION: compare the whole screen with tests/screens/NAME.txt.
dump() {
	screen "$2" >"$WORK/$1.txt"
	if [ "${JX_SCREENS_UPDATE:-}" = 1 ]; then
		cp "$WORK/$1.txt" "$EXP/$1.txt"
		ok "screen $1 (expected dump rewritten)"
		return
	fi
	if [ ! -f "$EXP/$1.txt" ]; then
		notok "screen $1" "no expected dump tests/screens/$1.txt"
		return
	fi
	if cmp -s "$WORK/$1.txt" "$EXP/$1.txt"; then
		ok "screen $1"
	else
		notok "screen $1" "differs from tests/screens/$1.txt:" "$(diff "$EXP/$1.txt" "$WORK/$1.txt" | sed 's/^/  /')"
	fi
}
# r25 SESSION COLUMN: on the indicator grid, put the cursor on the second
# 评审项目总数量 (sample row r25: target 6, actual 5) in grid column COLUMN
# (5 target, 7 actual).
r25() {
	keys "$1" 4
	wait_for "$1" "三级指标"
	keys "$1" Home /
	wait_for "$1" "查找指标"
	keys "$1" "评审项目总数量" Enter
	keys "$1" /
	wait_for "$1" "查找指标"
	keys "$1" Enter
	keys "$1" Left Left Left Left Left Left Left Left Left Left Left Left Left Left Left Left Left Left Left Left
	set -- "$1" "$2"
	i=0
	while [ $i -lt "$2" ]; do
		set -- "$@" Right
		i=$((i + 1))
	done
	s=$1
	shift 2
	[ $# -gt 0 ] && keys "$s" "$@"
}

# history DB SHEET FIELD: the audit rows of one field.
history() { "$BIN" --db "$1" history "$2" "$3" 2>&1; }

DB=$WORK/s.db
if ! "$BIN" --db "$DB" import share/samples/jiangmen-2022-project-self.yaml share/samples/jingdezhen-2023-external.yaml \
	share/samples/xinfeng-2024-dept-eval.yaml share/samples/zhanjiang-2023-dept-overall.yaml >"$WORK/import.log" 2>&1; then
	notok "import the samples" "$(cat "$WORK/import.log")"
	exit 1
fi
# sheet numbers follow the import order: 1 Jiangmen, 2 Jingdezhen, 3 Xinfeng, 4 Zhanjiang

# ---- every screen, 80x24 and 132x40 -------------------------------------------
start a 80 24 "$BIN" --db s.db --user tester
wait_for a "项目列表" || notok "workstation starts" "$(screen a)"
wait_for a "工业发展管理经费"
dump list-80x24 a

keys a End Enter
wait_for a "基本信息"
dump info-80x24 a
keys a 3
wait_for a "项目资金"
dump funds-80x24 a
keys a 4
wait_for a "三级指标"
dump indicators-80x24 a
keys a 5
wait_for a "评分项目"
dump score-80x24 a
keys a 6
wait_for a "主要经验及做法"
dump narrative-80x24 a
keys a 7
wait_for a "检查发现"
dump checks-80x24 a

start w 132 40 "$BIN" --db s.db --user tester
wait_for w "工业发展管理经费"
dump list-132x40 w
# Xinfeng (department evaluation): the tree with its checklist points
keys w Home Enter 5
wait_for w "立项依据充分性"
dump score-xinfeng-132x40 w
keys w 4
wait_for w "三级指标"
dump indicators-xinfeng-132x40 w

# ---- editing an actual and a target: row, subtotal, total and grade ---------------
r25 a 7
# hand computed: 0.94 x 5 / 6 = 0.7833 -> 0.78; 产出 49.84 of 50; total 92.32 优
check_re "unmet row before the edit: 5 of 6 scores 0.78" a '评审项目总数量 +>= +6 个 +5 +0\.94 +0\.78'
check "subtotal before the edit" a "产出指标 49.84/50"
check "total and grade before the edit" a "总分 92.32 优"
keys a Enter
wait_for a "编辑中"
keys a C-u 6 Enter
# actual 6 meets 6: full 0.94 (+0.16); 产出 49.84 + 0.16 = 50.00; total 92.32 + 0.16 = 92.48
check "total after the actual 5 -> 6" a "总分 92.48 优"
check_re "the row gets full points" a '评审项目总数量 +>= +6 个 +6 +0\.94 +0\.94'
check "the subtotal follows" a "产出指标 50.00/50"
dump indicators-edit-80x24 a
case "$(history "$DB" 1 ind:r25:actual)" in
*"5 -> 6"*) ok "the commit is in the database with its audit row" ;;
*) notok "the commit is in the database with its audit row" "$(history "$DB" 1 ind:r25:actual)" ;;
esac

# the target: 6 -> 7 makes the row unmet again: 0.94 x 6 / 7 = 0.8057 -> 0.81;
# total 92.48 - 0.94 + 0.81 = 92.35; 产出 50.00 - 0.13 = 49.87
r25 a 5
keys a Enter
wait_for a "编辑中"
keys a C-u 7 Enter
check "total after the target 6 -> 7" a "总分 92.35 优"
check_re "the row score follows the target" a '评审项目总数量 +>= +7 个 +6 +0\.94 +0\.81'
check "the subtotal follows the target" a "产出指标 49.87/50"

# the grade: spent 480.82 -> 0 takes the execution score 2.48 to 0:
# 92.35 - 2.48 = 89.87, below 90: 良
keys a 3
wait_for a "项目资金"
keys a Right Right Right Enter
wait_for a "编辑中"
keys a C-u 0 Enter
check "total and grade after spending 0" a "总分 89.87 良"
check "the execution rate is live" a "预算执行率 0.00%"

# ---- undo and redo ------------------------------------------------------------------
keys a u
check "undo takes the spending back" a "总分 92.35 优"
keys a u
check "undo takes the target back" a "总分 92.48 优"
keys a u
check "undo takes the actual back" a "总分 92.32 优"
keys a C-y
check "redo" a "总分 92.48 优"
case "$(history "$DB" 1 ind:r25:actual)" in
*"6 -> 5"*"5 -> 6"*) ok "undo and redo are audited" ;;
*) notok "undo and redo are audited" "$(history "$DB" 1 ind:r25:actual)" ;;
esac

# ---- a refused value: its reason beside the field, the saved value stays --------------
r25 a 7
before=$(history "$DB" 1 ind:r25:actual | wc -l)
keys a Enter
wait_for a "编辑中"
keys a C-u "1,2" Enter
check "refused value: the reason is shown" a "有歧义"
check "refused value: the saved value stays" a "保存的值仍为「6」"
check "refused value: the status says not saved" a "未保存"
dump refused-80x24 a
keys a Escape
check "Esc cancels the edit" a "已取消修改"
check_re "the saved value is still on screen" a '评审项目总数量 +>= +6 个 +6 +0\.94 +0\.94'
after=$(history "$DB" 1 ind:r25:actual | wc -l)
if [ "$before" = "$after" ]; then ok "nothing written for the refused value"; else notok "nothing written for the refused value" "$before audit rows before, $after after"; fi
keys a Enter
wait_for a "编辑中"
keys a C-u 9 Escape
check_re "Esc after typing keeps the saved value" a '评审项目总数量 +>= +6 个 +6 +0\.94 +0\.94'

# explanation and help
keys a x
check "x explains the row's score" a "计算说明"
keys a Escape
keys a F1
check "F1 shows help for the screen" a "帮助: 绩效指标"
keys a Escape
wait_gone a "帮助: 绩效指标"

# ---- resize in the middle of an edit, a resize storm, 20x5 ------------------------------
keys a 2
wait_for a "基本信息"
keys a Down Enter
wait_for a "编辑中"
keys a C-u "测试项目名称"
T resize-window -t a -x 20 -y 5
check "20x5 shows the too-small message" a "终端窗口太小"
dump small-20x5 a
for sz in "100 30" "60 20" "132 40" "79 24" "30 8" "80 24"; do
	set -- $sz
	T resize-window -t a -x "$1" -y "$2"
	sleep 0.05
done
wait_for a "基本信息"
check "the edit survives the resizes" a "测试项目名称"
check "still editing after the resizes" a "编辑中"
keys a Enter
check "the edit commits after the resizes" a "已保存 项目名称 = 测试项目名称"
dump info-edited-80x24 a

# ---- two workstations on one database ------------------------------------------------------
start b 80 24 "$BIN" --db s.db --user second
wait_for b "工业发展管理经费"
keys b End Enter
wait_for b "基本信息"
r25 b 7
r25 a 7
keys a Enter
wait_for a "编辑中"
keys a C-u 8 Enter
wait_for a "已保存"
keys b 3 4
check_re "the other workstation sees the change" b '评审项目总数量 +>= +6 个 +8 '
# both edit the same field: the second to commit is told, not silently overwritten
keys b Enter
wait_for b "编辑中"
keys b C-u 9
r25 a 7
keys a Enter
wait_for a "编辑中"
keys a C-u 10 Enter
wait_for a "已保存"
keys b Enter
check "a field changed elsewhere while being edited is reported" b "此字段刚在其他工作站改为「10」"
case "$(history "$DB" 1 ind:r25:actual)" in
*"-> 9"*) notok "the conflicting value was not written" "$(history "$DB" 1 ind:r25:actual)" ;;
*) ok "the conflicting value was not written" ;;
esac
keys b Enter
check "committing again overwrites knowingly" b "已保存"
case "$(history "$DB" 1 ind:r25:actual)" in
*"10 -> 9"*) ok "the second commit is audited" ;;
*) notok "the second commit is audited" "$(history "$DB" 1 ind:r25:actual)" ;;
esac
keys b F10
T kill-session -t b

# ---- review mode ---------------------------------------------------------------------------
start r 80 24 "$BIN" --db s.db --user reviewer --review
wait_for r "工业发展管理经费"
keys r End Enter
wait_for r "评分项目"
keys r 4
wait_for r "三级指标"
keys r Enter
check "review mode refuses a sheet field" r "审核模式：只能修改审核得分"
check_not "review mode opens no editor" r "编辑中"
keys r 7
wait_for r "审核（审核模式）"
keys r Enter
wait_for r "编辑中"
keys r C-u "88.5" Enter
check "review mode edits the review score" r "已保存 审核得分 = 88.5"
# Enter saved the score and moved on to the result
keys r Enter
wait_for r "不通过"
keys r Enter
check "review result picked from a list" r "已保存 审核结论 = 通过"
case "$(history "$DB" 1 review:score)" in
*reviewer*"88.5"*) ok "the review score is audited with the reviewer's name" ;;
*) notok "the review score is audited with the reviewer's name" "$(history "$DB" 1 review:score)" ;;
esac
dump checks-review-80x24 r
keys r F10
T kill-session -t r

# ---- project list: copy to a new year, trash and restore, new sheet, filter, sort ---------------
keys a 1
wait_for a "项目 4 个"
keys a End c
wait_for a "复制到新年度"
keys a C-u 2023 Enter
check "copy to a new year" a "已复制为 2023 年的新表（编号 5）"
check "the list shows five sheets" a "项目 5 个"
dump list-copied-80x24 a
keys a Enter 4
wait_for a "三级指标"
# targets and points kept, actuals cleared
check_re "the copy keeps targets and points, clears actuals" a '先行启动区产业规划? +>= +2 个 +0\.95'
keys a 1
wait_for a "项目 5 个"
keys a d
wait_for a "移到回收站"
keys a y
check "delete moves the sheet to the trash" a "项目 4 个"
keys a t
check "the trash shows it" a "回收站 1 个"
keys a r
wait_for a "从回收站恢复"
keys a y
check "restore brings it back" a "已恢复"
keys a t
check "five sheets again" a "项目 5 个"
keys a /
keys a "湛江"
check "filtering by typing after /" a "项目 1 个"
keys a Escape Escape
wait_for a "项目 5 个"
keys a Right Right Right s
check "sorting by the total column" a "按总分降序"
dump list-sorted-80x24 a
keys a n
wait_for a "新建：选择模板"
keys a Enter
wait_for a "评价年度"
keys a C-u 2024 Enter
sleep 0.5
keys a "新建测试项目" Enter
check "a new sheet from a template opens on its info" a "已新建项目（编号 6）"
check "the new sheet's name is shown" a "新建测试项目"

# ---- pasted text, 10,000 characters --------------------------------------------------------------
keys a 6
wait_for a "其他需要说明的问题"
keys a End Enter
wait_for a "编辑中"
printf 'abc\001\002def\nline2\tx\377\376中文' >"$WORK/paste.txt"
T load-buffer "$WORK/paste.txt"
T paste-buffer -p -r -t a
check "pasted control characters are removed and reported" a "2 个控制字符已去掉"
check "invalid UTF-8 is shown as U+FFFD and reported" a "2 个无效的 UTF-8 字节"
check "the rest of the paste arrives" a "line2 x"
keys a Tab
if wait_gone a "编辑中" 30; then ok "pasted text commits"; else notok "pasted text commits" "$(screen a)"; fi
keys a Enter C-u
wait_for a "编辑中"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "测"; }' >"$WORK/long.txt"
T load-buffer "$WORK/long.txt"
T paste-buffer -p -t a
keys a Tab
if wait_gone a "编辑中" 60; then ok "10,000 characters in one field are saved"; else notok "10,000 characters in one field are saved" "$(screen a)"; fi
if command -v sqlite3 >/dev/null 2>&1; then
	len=$(sqlite3 "$DB" "select length(text) from narrative where sheet_id = 6 and section = 'other'" 2>&1)
	if [ "$len" = 10000 ]; then ok "all 10,000 characters are in the database"; else notok "all 10,000 characters are in the database" "length $len"; fi
else
	skip "all 10,000 characters are in the database" "sqlite3 is not installed"
fi
keys a F10
T kill-session -t a

# ---- a terminal of 20x5 from the start; English; colours ---------------------------------------------
start s 20 5 "$BIN" --db s.db
check "a 20x5 terminal gets a clear message" s "终端窗口太小"
T resize-window -t s -x 80 -y 24
check "growing the terminal shows the screens" s "项目列表"
keys s F10
T kill-session -t s

start e 80 24 "$BIN" --db s.db --lang en
wait_for e "Projects"
wait_for e "Sheets: 6"
dump list-en-80x24 e
T capture-pane -e -p -t e >"$WORK/colour.txt"
if grep -q "$(printf '\033')\[[0-9;]*4[0-7]m" "$WORK/colour.txt"; then ok "colours on a colour terminal"; else notok "colours on a colour terminal" "no colour in the screen"; fi
keys e F10
T kill-session -t e

start m 80 24 NO_COLOR=1 "$BIN" --db s.db
wait_for m "项目列表"
T capture-pane -e -p -t m >"$WORK/mono.txt"
if grep -q "$(printf '\033')\[[0-9;]*[34][0-7]m" "$WORK/mono.txt"; then
	notok "NO_COLOR gives the monochrome scheme" "$(grep -c "$(printf '\033')" "$WORK/mono.txt") escapes"
else
	ok "NO_COLOR gives the monochrome scheme"
fi
keys m q
T kill-session -t m

[ "$fails" -eq 0 ]
