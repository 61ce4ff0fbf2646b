#!/bin/sh
# The funds total row as a document prints it, on the command line: set and
# show (funds:total:*), check (W907, W908, W909), the sheet file and the
# forms (yaml, csv, xlsx) through export and import, a published table whose
# 年度资金总额 row prints 0 / 0 / 0 above a filled source row, a finalised
# sheet, and the four samples, which print no total row and check as before.
# Prints TAP lines; run from the top of the tree.  JIXIAO=PATH tests another
# build.
#
# The Jiangmen sample's one fund row: 当年财政拨款 年初预算数 = 全年预算数 =
# 实际到位 = 1935 万元, 全年执行数 480.82 万元; execution 480.82 ÷ 1935 =
# 0.248486… = 24.8486…% (24.85 at 2 decimals), scored 0.248486… × 10 =
# 2.4849 → 2.48.

J=${JIXIAO:-./jixiao}
JM=share/samples/jiangmen-2022-project-self.yaml

. tests/lib/tap.sh
# result NAME: the last command's status as a TAP line (a failure shows
# what jixiao said)
result() {
	if [ $? -eq 0 ]; then
		ok "$1"
	else
		notok "$1" "stderr: $(head -3 "$T/err" 2>/dev/null)" "stdout: $(head -10 "$T/out" 2>/dev/null)"
	fi
}
# run WANT ARGS...: jixiao with its output in $T/out and $T/err; its exit
# status must be WANT ("-" for any)
run() {
	want=$1
	shift
	"$J" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	[ "$want" = - ] || [ "$got" -eq "$want" ] || { echo "#   jixiao $*: exit $got, expected $want"; return 1; }
}
out_has() { grep -qF -- "$1" "$T/out"; }
err_has() { grep -qF -- "$1" "$T/err"; }
out_count() { grep -cF -- "$1" "$T/out"; }

work_dir fund-totals
DB=$T/a.db

if [ ! -x "$J" ]; then
	echo "not ok 1 - $J is built"
	exit 1
fi
case "$(locale charmap 2>/dev/null)" in
UTF-8) ;;
*) export LC_ALL=C.UTF-8 ;;
esac
unset JIXIAO_LANG

# ---- the four samples print no total row: nothing new to say ----
run 0 --db "$DB" import share/samples/jiangmen-2022-project-self.yaml share/samples/jingdezhen-2023-external.yaml \
	share/samples/xinfeng-2024-dept-eval.yaml share/samples/zhanjiang-2023-dept-overall.yaml
result "import the four samples"
ok=0
for id in 1 2 3 4; do
	run - --db "$DB" check "$id" && ! out_has "W907" && ! out_has "W908" && ! out_has "W909" && ! out_has "I910" ||
		ok=1
done
[ $ok -eq 0 ]
result "the four samples: no finding on a printed funds total"
run 0 --db "$DB" export 1 --format yaml -o - && ! out_has "funds_total"
result "a sheet without a printed total is written without funds_total"

# ---- set, show, check: the issue's 0 / 0 / 0 above a filled row ----
run 0 --db "$DB" set 1 funds:total:planned 0 && out_has "评价表 1: funds:total:planned 由“”改为“0”" &&
	run 0 --db "$DB" set 1 funds:total:budget 0 && run 0 --db "$DB" set 1 funds:total:spent 0
result "set funds:total:planned, budget, spent to the printed 0"
run - --db "$DB" check 1 &&
	out_has "W907   资金合计：文中年初预算数合计 0 万元，与各行之和 1935 万元不符  [funds:total:planned]" &&
	out_has "W907   资金合计：文中全年预算数（A）合计 0 万元，与各行之和 1935 万元不符  [funds:total:budget]" &&
	out_has "W907   资金合计：文中全年执行数（B）合计 0 万元，与各行之和 480.82 万元不符  [funds:total:spent]" &&
	[ "$(out_count W907)" -eq 3 ]
result "check: one W907 per printed amount, naming both numbers (0 against 1935, 1935, 480.82)"
run - --lang en --db "$DB" check 1 &&
	out_has "funds total: the document's Spent total is 0 (10k yuan), its rows add up to 480.82"
result "check --lang en says it in English"

# 24.85 agrees with 24.8486…% at the 2 decimals printed; 24.84 does not
run 0 --db "$DB" set 1 funds:total:rate 24.85% && run - --db "$DB" check 1 && ! out_has "W908"
result "a printed rate of 24.85% agrees with 480.82 ÷ 1935 = 24.8486…%"
run 0 --db "$DB" set 1 funds:total:rate 24.84 && run - --db "$DB" check 1 &&
	out_has "W908   资金合计：文中执行率 24.84%，按 全年执行数（B） 480.82 ÷ 全年预算数（A） 1935 计算为 24.85%  [funds:total:rate]"
result "a printed rate of 24.84%: W908 with the inputs and 24.85%"
# 2.49 is what the rounded 24.85% × 10 gives; the score is 2.4849 → 2.48
run 0 --db "$DB" set 1 funds:total:score 2.49 && run - --db "$DB" check 1 &&
	out_has "W909   资金合计：文中预算执行率得分 2.49 分，重新计算为 2.48 分  [funds:total:score]"
result "a printed score of 2.49: W909, recomputed 2.48"

run 3 --db "$DB" set 1 funds:total:spent abc && err_has "“abc”不是数字" &&
	run 3 --db "$DB" set 1 funds:total:spent -- -1 && err_has "“-1”：此处不能为负数" &&
	run 3 --db "$DB" set 1 funds:total:total 5 && err_has "未知的字段“funds:total:total”" &&
	run 0 --db "$DB" export 1 --format yaml -o - &&
	out_has "  funds_total: {planned: 0, budget: 0, spent: 0, rate: 24.84, score: 2.49}"
result "a wrong figure or column is refused and nothing changes"

run 0 --db "$DB" show 1 &&
	grep -q "^  原表合计  *0  *0  *0$" "$T/out" && out_has "  原表执行率 24.84%，得分 2.49" &&
	out_has "  ≠ 全年预算数（A）：原表 0，计算 1935" && out_has "  ≠ 执行率：原表 24.84%，计算 24.85%" &&
	out_has "  ≠ 得分：原表 2.49，计算 2.48"
result "show: the printed total row (实际到位 not printed) under the computed one, each difference with both numbers"
run 0 --db "$DB" history 1 && out_has "funds:total:score"
result "history: the printed total's changes are recorded"

# ---- the sheet file and the forms carry it back ----
run 0 --db "$DB" export 1 --format yaml -o "$T/one.yaml" && run 0 --db "$T/y.db" import "$T/one.yaml" &&
	run 0 --db "$T/y.db" export 1 --format yaml -o - &&
	out_has "  funds_total: {planned: 0, budget: 0, spent: 0, rate: 24.84, score: 2.49}"
result "yaml bundle: export, import into another database, the printed total as it was"

# a bundle carries the change as history: the other database, holding the
# sheet from before, takes it as 已更新 (its rows replayed give the content)
run 0 --db "$T/b.db" import "$JM" && run 0 --db "$T/b.db" export 1 --format yaml -o "$T/before.yaml" &&
	run 0 --db "$T/b2.db" import "$T/before.yaml" && run 0 --db "$T/b.db" set 1 funds:total:planned 0 &&
	run 0 --db "$T/b.db" set 1 funds:total:rate 24.85 && run 0 --db "$T/b.db" export 1 --format yaml -o "$T/after.yaml" &&
	run 0 --db "$T/b2.db" import "$T/after.yaml" && out_has "已更新 工业发展管理经费 (2022)" && out_has "补入 2 条修改记录" &&
	run 0 --db "$T/b2.db" export 1 --format yaml -o - && out_has "  funds_total: {planned: 0, rate: 24.85}"
result "bundle: the printed total's changes travel as history and are replayed"

# the project form: the computed 年度资金总额 first, the printed row under the
# sources, each figure that differs marked ※ (here all five)
run 0 --db "$DB" export 1 --format csv -o "$T/one.csv" &&
	grep -q "^,年度资金总额,,,1935.00,1935.00,480.82,10.00,24.85%,2.48" "$T/one.csv" &&
	grep -q "^,原表合计（※与计算不符）,,,※0.00,※0.00,※0.00,—,※24.84%,※2.49" "$T/one.csv"
result "csv form: the computed total printed, the printed one under the sources with ※ on each difference"
run 0 --db "$T/c.db" import "$T/one.csv" && run 0 --db "$T/c.db" export 1 --format yaml -o - &&
	out_has "  funds_total: {planned: 0, budget: 0, spent: 0, rate: 24.84, score: 2.49}"
result "csv form: import reads the printed total row back"
run 0 --db "$DB" export 1 --format xlsx -o "$T/one.xlsx" && run 0 --db "$T/x.db" import "$T/one.xlsx" &&
	run 0 --db "$T/x.db" export 1 --format yaml -o - &&
	out_has "  funds_total: {planned: 0, budget: 0, spent: 0, rate: 24.84, score: 2.49}"
result "xlsx form: import reads the printed total row back (a rate cell holds 0.2484)"
run 0 --db "$DB" export 1 --format html -o "$T/one.html" && grep -q "原表合计（※与计算不符）" "$T/one.html" &&
	grep -q "※24.84%" "$T/one.html"
result "html form: the printed total row with its marks"

# ---- a published table: 0 / 0 / 0 in 年度资金总额 above a filled row ----
run 0 --db "$T/p.db" import "$JM" && run 0 --db "$T/p.db" export 1 --format csv -o "$T/plain.csv" &&
	run 0 --db "$T/p2.db" import "$T/plain.csv" && run 0 --db "$T/p2.db" export 1 --format yaml -o - &&
	! out_has "funds_total"
result "jixiao's own form, whose total agrees with its rows, reads back without a printed total"
sed 's/^,年度资金总额,,,1935.00,1935.00,480.82,/,年度资金总额,,,0,0,0,/' "$T/plain.csv" >"$T/published.csv"
run 0 --db "$T/p3.db" import "$T/published.csv" && run 0 --db "$T/p3.db" export 1 --format yaml -o - &&
	out_has "  funds_total: {planned: 0, budget: 0, spent: 0, rate: 24.85, score: 2.48}" &&
	run - --db "$T/p3.db" check 1 && [ "$(out_count W907)" -eq 3 ] && ! out_has "W908" && ! out_has "W909"
result "a table printing 0 / 0 / 0 above a filled 当年财政拨款 row: kept as printed, three W907"

# ---- a finalised sheet keeps its printed total ----
run 0 --db "$DB" finalise 1 --force && run 3 --db "$DB" set 1 funds:total:planned 1935 &&
	run 0 --db "$DB" export 1 --format yaml -o - && out_has "funds_total: {planned: 0," &&
	run 0 --db "$DB" verify 1
result "a finalised sheet: its printed total cannot be changed, and verify agrees with its digest"

# ---- the funds screen at 80×24: the printed row above the computed one ----
# (the Jiangmen sheet of $T/p3.db, read from its form: the rows 当年财政拨款,
# 上年结转资金, 其他资金 (no 实际到位 on the form), 0 / 0 / 0 printed, 24.85%
# and 2.48 agree)
if ! command -v tmux >/dev/null 2>&1; then
	skip "funds screen" "tmux is not installed"
	skip "funds screen typing" "tmux is not installed"
elif ! nm "$J" 2>/dev/null | grep -q ' T jx_workstation_main$'; then
	skip "funds screen" "$(basename "$J") is built without the workstation"
	skip "funds screen typing" "$(basename "$J") is built without the workstation"
else
	S="jixiao-ft-$$"
	tmux -L "$S" new-session -d -s w -x 80 -y 24 -c "$T" \
		"env -u NO_COLOR -u JIXIAO_LANG LANG=C.UTF-8 LC_ALL=C.UTF-8 $(cd "$(dirname "$J")" && pwd)/$(basename "$J") --db p3.db; sleep 60"
	screen_has() { # TEXT: within 10 s
		i=0
		while [ $i -lt 100 ]; do
			tmux -L "$S" capture-pane -p -t w >"$T/screen"
			grep -qF -- "$1" "$T/screen" && return 0
			sleep 0.1
			i=$((i + 1))
		done
		return 1
	}
	screen_has "工业发展管理经费" && tmux -L "$S" send-keys -t w Enter && screen_has "基本信息" &&
		tmux -L "$S" send-keys -t w M-3 && screen_has "项目资金（万元）" &&
		grep -q "^资金来源  *年初预算数  *全年预算数  *实际到位  *全年执行数  *执行率  *得分$" "$T/screen" &&
		grep -q "^原表合计  *\*0\.00  *\*0\.00  *\*0\.00  *24\.85%  *2\.48$" "$T/screen" &&
		grep -q "^合计  *1935\.00  *1935\.00  *480\.82  *24\.85%  *2\.48$" "$T/screen"
	r=$?
	[ $r -eq 0 ] || sed 's/^/#   screen: /' "$T/screen"
	[ $r -eq 0 ]
	result "funds screen at 80x24: 原表合计 above 合计, each differing amount marked *, rate and score columns"
	# typed there: 480.82 in its 全年执行数 (the cursor starts on the first
	# row's 年初预算数: three rows down, three columns right)
	tmux -L "$S" send-keys -t w Down Down Down Right Right Right && sleep 0.3 &&
		tmux -L "$S" send-keys -t w 4 8 0 . 8 2 Enter && screen_has "已保存 资金合计（原表） · 全年执行数 = 480.82" &&
		grep -q "^原表合计  *\*0\.00  *\*0\.00  *480\.82  *24\.85%  *2\.48$" "$T/screen" &&
		run 0 --db "$T/p3.db" export 1 --format yaml -o - &&
		out_has "  funds_total: {planned: 0, budget: 0, spent: 480.82, rate: 24.85, score: 2.48}"
	r=$?
	[ $r -eq 0 ] || sed 's/^/#   screen: /' "$T/screen"
	[ $r -eq 0 ]
	result "funds screen: a printed figure typed in its cell is saved, its mark gone once it agrees"
	tmux -L "$S" kill-server >/dev/null 2>&1
fi

echo "# $n tests, $fails failed"
[ "$fails" -eq 0 ]
