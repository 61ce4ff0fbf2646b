#!/bin/sh
# A reviewer's pass through tmux at 80x24 (jixiao --review): from the list,
# V shows a sheet at a glance and A approves it — 2 keys for a sheet with
# nothing to send back, within the 5 the round allows; } goes on to the
# next sheet of the filtered list without the list, B returns it with a
# reason typed into the prompt; the glance lists what changed since the
# last review step.  The statuses are read back with jixiao list.
# Prints TAP lines "ok N - name" / "not ok N - name".
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
BIN=$ROOT/jixiao
. tests/lib/tap.sh
tui_start "a reviewer's pass" review

DB="$WORK/r.db"
J() { "$BIN" --db "$DB" "$@" >/dev/null 2>&1 </dev/null; }
# The list, newest year first: 2024 信丰 (id 2), 2023 景德镇 (id 3), 2022 江门 (id 1).
J import share/samples/jiangmen-2022-project-self.yaml share/samples/xinfeng-2024-dept-eval.yaml \
	share/samples/jingdezhen-2023-external.yaml
# 江门 goes round once on the command line: back to a draft, submitted by
# its unit, then one field changed — what the glance must show.
J set 1 status draft && J --user 江门财务 submit 1 && J --user 江门财务 set 1 info:manager 王五
# and a comment the reviewer left on it earlier, still open
J --user 县财政局 comment 1 info:phone 请补充联系电话

T new-session -d -s pass -x 80 -y 24 -c "$WORK" \
	"env -u JIXIAO_ROLE TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8 JIXIAO_LANG=zh '$BIN' --db '$DB' --review --user 县财政局; sleep 600"
shot() { T capture-pane -p -t pass; }
key() {
	T send-keys -t pass -l "$1"
	sleep 0.1
}
# see NAME TEXT: the screen comes to show TEXT within 3 seconds
see() {
	i=0
	while [ $i -lt 60 ]; do
		shot | grep -qF -- "$2" && {
			ok "$1"
			return 0
		}
		sleep 0.05
		i=$((i + 1))
	done
	notok "$1" "not on screen: $2" "$(shot | sed 's/^/  /')"
	return 1
}
status_of() { "$BIN" --db "$DB" list 2>/dev/null | awk -v id="$1" '$1 == id { print $(NF - 1) }'; }

see "the workstation opens in review mode" "审核模式"
key V
see "V: the review screen of the selected sheet" "审核一览：2024 年"
# 信丰: 20 + 20 + 40 + 18 = 98 ≥ 90, 优 (share/rules.md §5.2)
see "the recomputed total and grade beside the stated ones" "总分：重新计算 98.00 分（优）"
see "findings counted by severity" "发现：错误"
see "the execution rate" "预算执行率："
see "no review step yet: said so" "尚未经过审核流程"
see "A and B named at the foot" "A 审核通过  B 退回"
# the pass's count: V and A, two keys from the list
key A
see "A approves with one key" "审核通过：「2024年工业倍增升级工作经费」已送审 → 已审核"
[ "$(status_of 2)" = 已审核 ] && ok "2 keys from the list (V, A): 信丰's sheet is 已审核" ||
	notok "2 keys from the list (V, A): 信丰's sheet is 已审核" "status: $(status_of 2)"

key "}"
see "} opens the next sheet of the list without the list" "第 2 张，共 3 张"
see "on its score screen" "评分表"
key V
see "the glance of 景德镇's sheet" "审核一览：2023 年"
key B
see "B asks the reason" "退回「"
key "请补充资金使用明细"
T send-keys -t pass Enter
see "B returns it with the reason" "退回：「2023年工业发展专项资金」已送审 → 已退回"
[ "$(status_of 3)" = 已退回 ] && "$BIN" --db "$DB" show 3 2>/dev/null | grep -q "请补充资金使用明细（县财政局，"
if [ $? -eq 0 ]; then ok "the return and its reason are stored, by the reviewer"; else notok "the return and its reason are stored, by the reviewer"; fi

key "}"
see "} again: the third sheet" "第 3 张，共 3 张"
key V
see "the glance says what changed since the unit submitted" "上次上报（江门财务，"
see "old → new of the changed field" "项目负责人：（空） → 王五"
see "the glance counts the open comments" "未解决的批注：1 条"
see "and names each with its place" "请补充联系电话"
key q
key "}"
see "} past the last sheet says so" "已是列表中的最后一张"
key "{"
see "{ goes back one sheet" "第 2 张，共 3 张"
key U
see "a reviewer cannot submit: the role refusal" "审核人不能上报"
key V
see "the glance of a returned sheet gives the reason" "退回原因：请补充资金使用明细"

echo "1..$n"
[ "$fails" -eq 0 ]
