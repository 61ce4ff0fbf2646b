#!/bin/sh
# The collection view (汇总) end to end on the four samples: jixiao collect
# by unit, department and stage, for a year, in ASCII; a stale summary
# scored again once; the roster imported (UTF-8, GB18030, bad lines) and
# its gaps; the summary workbook read back from its xlsx parts; the
# dashboard printed by Chromium and read back from the PDF (every figure
# whole, both charts present, A4 across).
#
# The samples, by hand (share/samples/*.yaml, the templates' execution
# node: spent ÷ the denominator the template names):
#   1 江门  2022 project-self-2020 total 92.32 未完成（12 项未填）
#           rate 480.82 ÷ 1935 (budget) = 0.248486 → 24.85%
#   2 景德镇 2023 external-result   total 80.08 良 (80 ≤ 80.08 < 90)
#           rate 1659 ÷ 1717 (received) = 0.966220 → 96.62%
#   3 信丰  2024 dept-eval-2020     total 98.00 优 (≥ 90)
#           rate 57 ÷ 57 (received) = 100.00%
#   4 湛江  2023 dept-overall       total 99.63 未完成（4 项未填）
#           rate 4804.489367 ÷ 4804.489367 (measures) = 100.00%
# Each is 已送审 (status: submitted in the file).
# Means: rate (0.248486 + 0.966220 + 1 + 1) ÷ 4 = 3.214706 ÷ 4 = 0.803677
# → 80.37%; total (92.32 + 80.08 + 98.00 + 99.63) ÷ 4 = 370.03 ÷ 4 =
# 92.5075 → 92.51.  Findings: the list's 问题 column added up (the same
# stored counts, read by another path).
# Prints TAP lines only.  Run from the top of the tree after `make`.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
JIXIAO=${JIXIAO:-./jixiao}
work_dir collect
DB=$T/c.db
J() { "$JIXIAO" --db "$DB" "$@"; }
export LC_ALL=C.UTF-8
unset JIXIAO_ASCII

has() { # name file pattern...
	name=$1 file=$2
	shift 2
	for p in "$@"; do
		if ! grep -qF -- "$p" "$file"; then
			notok "$name" "missing: $p" "$(sed 's/^/  /' "$file" | head -30)"
			return
		fi
	done
	ok "$name"
}

if ! J import share/samples/*.yaml >"$T/out" 2>&1; then
	notok "import the samples" "$(cat "$T/out")"
	exit 1
fi

# ---- jixiao collect ----
J collect >"$T/all" 2>"$T/err"
has "collect: every year by unit, statuses, grades, means" "$T/all" \
	"汇总：各年度，按实施单位分组，共 4 张评价表" "状态：已送审 4" \
	"平均执行率 80.37%（4 张）　平均总分 92.51（4 张）"
# the grade lines: 优 1 (信丰), 良 1 (景德镇), 中 0, 差 0, 未完成 2 (江门, 湛江), none 0
grades=$(awk '/^等级分布/ { on = 1; next } on && NF >= 2 && $2 ~ /^[0-9]+$/ { printf "%s=%s ", $1, $2 } /^平均/ { on = 0 }' "$T/all")
if [ "$grades" = "优=1 良=1 中=0 差=0 未完成=2 无等级=0 " ]; then ok "collect: grade distribution"; else notok "collect: grade distribution" "$grades"; fi
# bars: the bins with 2 are the longest (30 cells), 1 is half (15)
if grep -q '^  未完成 *2  ██████████████████████████████$' "$T/all" &&
	grep -q '^  优 *1  ███████████████$' "$T/all" && ! grep -q '#' "$T/all"; then
	ok "collect: bars of block characters"
else
	notok "collect: bars of block characters" "$(grep -A7 等级分布 "$T/all")"
fi
findings=$(J list | awk 'NR > 1 { s += $NF } END { print s }')
if grep -q "问题 $findings 条" "$T/all" && [ "$findings" -gt 0 ]; then ok "collect: findings $findings, as the list counts them"; else notok "collect: findings" "list: $findings"; fi
# 2023: 景德镇 then 湛江 (UTF-8 order of 景 U+666F, 湛 U+6E5B)
if awk '/^2023 年/ { on = 1; next } on && /^  [^ ]/ { print; n++ } n == 3 { exit }' "$T/all" >"$T/y23" &&
	sed -n 2p "$T/y23" | grep -q '^  景德镇市工业和信息化局 *1 *1 *0 *1 *0 *0 *0 *0 *96.62% █████████▋ *1$' &&
	sed -n 3p "$T/y23" | grep -q '^  湛江市工业和信息化局本级 *1 *1 *0 *0 *0 *0 *1 *0 *100.00% ██████████ *13$'; then
	ok "collect: the 2023 units' lines"
else
	notok "collect: the 2023 units' lines" "$(cat "$T/y23")"
fi

J collect --year 2023 --by department >"$T/y" 2>&1
has "collect --year 2023 --by department" "$T/y" "汇总：2023 年，按主管部门分组，共 2 张评价表" \
	"平均执行率 98.31%（2 张）"
# (0.966220 + 1) ÷ 2 = 0.983110 → 98.31%
J collect --by stage >"$T/s" 2>&1
has "collect --by stage: every sample is a self-evaluation" "$T/s" "  自评 " "按阶段分组"
if J collect --by colour >"$T/out" 2>&1; then notok "collect --by colour is refused"; else
	[ $? -eq 2 ] && grep -q "unit、department 或 stage" "$T/out" && ok "collect --by colour is refused (exit 2)" ||
		notok "collect --by colour is refused (exit 2)" "$(cat "$T/out")"
fi
JIXIAO_ASCII=1 J collect >"$T/a" 2>&1
if grep -q '^  未完成 *2  ##############################$' "$T/a" && ! grep -q '█' "$T/a"; then ok "collect: ASCII bars with JIXIAO_ASCII=1"; else notok "collect: ASCII bars" "$(grep -A7 等级 "$T/a")"; fi
LC_ALL= LANG=zh_CN.GB18030 J collect >"$T/a" 2>&1
if grep -q '^  未完成 *2  ####' "$T/a" && ! grep -q '█' "$T/a"; then ok "collect: ASCII bars under a GB18030 locale"; else notok "collect: ASCII bars under GB18030" "$(grep -A7 等级 "$T/a")"; fi
J --lang en collect >"$T/en" 2>&1
has "collect --lang en" "$T/en" "Collection: every year, by unit, 4 sheets" "mean execution rate 80.37% (4 sheets)"

# a summary older than its sheet (changed behind the program's back) is scored again, once
sqlite3 "$DB" "UPDATE sheets SET revision = revision + 1 WHERE id = 2"
J collect >"$T/again" 2>"$T/err"
if grep -q "已为 1 张评价表计分并保存其摘要" "$T/err" && cmp -s "$T/all" "$T/again"; then ok "a stale summary is scored again, the view the same"; else notok "a stale summary is scored again" "$(cat "$T/err")"; fi
J collect >/dev/null 2>"$T/err"
if [ ! -s "$T/err" ]; then ok "… and only once"; else notok "… and only once" "$(cat "$T/err")"; fi

# ---- the roster ----
J collect >"$T/out" 2>&1
has "no roster: collect says how to import one" "$T/out" "未导入单位名单"
printf '单位,主管部门\n信丰县工业和信息化局,信丰县人民政府\n"某某县财政局",某某县人民政府\n\n# 下面是第三个\n江门市工业和信息化局\n' >"$T/r.csv"
if J roster import "$T/r.csv" >"$T/out" 2>&1 && grep -q "已导入单位名单：3 个单位" "$T/out"; then ok "roster import (UTF-8, heading, quotes, blank and comment lines)"; else notok "roster import" "$(cat "$T/out")"; fi
J roster list >"$T/l" 2>&1
printf '1\t信丰县工业和信息化局\t信丰县人民政府\n2\t某某县财政局\t某某县人民政府\n3\t江门市工业和信息化局\t\n' >"$T/want"
if cmp -s "$T/l" "$T/want"; then ok "roster list"; else notok "roster list" "$(cat "$T/l")"; fi
# the latest year is 2024: 信丰 submitted; 某某 has no sheet; 江门's one sheet is of 2022
J collect >"$T/g" 2>&1
has "collect: who has not submitted for 2024" "$T/g" "2024 年未报送的单位：2 个（名单共 3 个）" \
	"  某某县财政局（某某县人民政府）　没有评价表" "  江门市工业和信息化局　没有评价表"
# 2022: 江门's sheet made a draft again: only a draft
J set 1 status draft >/dev/null 2>&1
J collect --year 2022 >"$T/g" 2>&1
has "collect --year 2022: a unit with only a draft" "$T/g" "2022 年未报送的单位：3 个（名单共 3 个）" \
	"  江门市工业和信息化局　只有草稿 1 张" "状态：草稿 1"
J set 1 status submitted >/dev/null 2>&1
# GB18030, as Excel saves a CSV on a Chinese Windows
printf '湛江市工业和信息化局本级,湛江市人民政府\n景德镇市工业和信息化局\n' | iconv -f UTF-8 -t GB18030 >"$T/gb.csv"
if J roster import "$T/gb.csv" >"$T/out" 2>&1 && J roster list | grep -q "^1	湛江市工业和信息化局本级	湛江市人民政府$"; then ok "roster import of a GB18030 file"; else notok "roster import of a GB18030 file" "$(cat "$T/out")"; fi
J roster list >"$T/before"
printf '景德镇市工业和信息化局\n,某部门\n景德镇市工业和信息化局\n甲,乙,丙\n' >"$T/bad.csv"
J roster import "$T/bad.csv" >"$T/out" 2>&1
rc=$?
J roster list >"$T/after"
if [ $rc -eq 3 ] && grep -q "bad.csv:2: 没有单位名称" "$T/out" && grep -q "bad.csv:3: 单位「景德镇市工业和信息化局」重复" "$T/out" &&
	grep -q "bad.csv:4: 多于两列" "$T/out" && grep -q "3 行有错，名单未导入" "$T/out" && cmp -s "$T/before" "$T/after"; then
	ok "roster import: bad lines named, exit 3, the roster kept"
else
	notok "roster import: bad lines" "exit $rc" "$(cat "$T/out")"
fi
: >"$T/empty.csv"
if J roster import "$T/empty.csv" >"$T/out" 2>&1; then notok "an empty roster is refused"; else grep -q "名单是空的\|empty" "$T/out" && ok "an empty roster is refused" || notok "an empty roster is refused" "$(cat "$T/out")"; fi

# ---- the summary workbook ----
if J export --format summary -o "$T/s.xlsx" >"$T/out" 2>&1 && [ -s "$T/s.xlsx" ]; then ok "export --format summary"; else notok "export --format summary" "$(cat "$T/out")"; fi
if J export 1 --format summary -o "$T/s2.xlsx" >"$T/out" 2>&1; then notok "summary with IDs is refused"; else ok "summary with IDs is refused"; fi
if J export --format summary -o "$T/s.xlsx" >"$T/out" 2>&1; then notok "an existing summary needs --force"; else ok "an existing summary needs --force"; fi
unzip -p "$T/s.xlsx" xl/workbook.xml >"$T/wb.xml"
unzip -p "$T/s.xlsx" xl/worksheets/sheet1.xml >"$T/ws1.xml"
unzip -p "$T/s.xlsx" xl/sharedStrings.xml >"$T/ss.xml"
if grep -q 'name="汇总表"' "$T/wb.xml" && grep -q 'name="统计"' "$T/wb.xml" && grep -q 'name="未报送单位"' "$T/wb.xml"; then ok "summary: worksheets 汇总表, 统计, 未报送单位"; else notok "summary: worksheets" "$(cat "$T/wb.xml")"; fi
# one row per sheet: rows 4-7, totals in row 8: COUNT 4, AVERAGE 92.5075, AVERAGE of the rates 0.8036765, SUM of the findings
if grep -q '<c r="H8"[^>]*><f>COUNT(B4:B7)</f><v>4</v>' "$T/ws1.xml" &&
	grep -q '<c r="I8"[^>]*><f>IF(COUNT(I4:I7)=0,"",AVERAGE(I4:I7))</f><v>92.507' "$T/ws1.xml" &&
	grep -q '<c r="K8"[^>]*><f>IF(COUNT(K4:K7)=0,"",AVERAGE(K4:K7))</f><v>0.80367' "$T/ws1.xml" &&
	grep -q "<c r=\"L8\"[^>]*><f>SUM(L4:L7)</f><v>$findings</v>" "$T/ws1.xml"; then
	ok "summary: the totals row's formulas and values"
else
	notok "summary: the totals row" "$(grep -o '<row r="8".*</row>' "$T/ws1.xml" | head -c 1500)"
fi
if grep -q '<v>0.248486</v>' "$T/ws1.xml" && grep -q '<v>92.32</v>' "$T/ws1.xml" && grep -q '未完成（12 项未填）' "$T/ss.xml" &&
	grep -q '江门市工业和信息化局' "$T/ss.xml"; then ok "summary: the sheets' rows"; else notok "summary: the sheets' rows"; fi
if grep -q '<pageSetup paperSize="9"[^>]*fitToHeight="0"[^>]*orientation="landscape"' "$T/ws1.xml" &&
	grep -q "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'\\?汇总表'\\?!\\\$1:\\\$3</definedName>" "$T/wb.xml" &&
	grep -q '<oddFooter>.*第 &amp;P 页 共 &amp;N 页' "$T/ws1.xml"; then
	ok "summary: A4 across, fitted to the width, heading rows repeated, pages numbered"
else
	notok "summary: print setup" "$(grep -o '<pageSetup[^>]*>' "$T/ws1.xml")" "$(grep -o '<definedName.*</definedNames>' "$T/wb.xml")"
fi
unzip -p "$T/s.xlsx" xl/worksheets/sheet2.xml >"$T/ws2.xml"
if unzip -p "$T/s.xlsx" xl/charts/chart1.xml | grep -q '<c:barChart>' && unzip -p "$T/s.xlsx" xl/charts/chart1.xml | grep -q "'\\?统计'\\?!\\\$B\\\$2:\\\$B\\\$7" &&
	grep -q "<f>COUNTIF('汇总表'!J4:J7,\"未完成\*\")</f><v>2</v>" "$T/ws2.xml"; then
	ok "summary: the grade distribution's chart over COUNTIF formulas"
else
	notok "summary: the chart" "$(unzip -l "$T/s.xlsx")"
fi

# ---- the dashboard ----
if J export --format dashboard -o "$T/d.html" >"$T/out" 2>&1; then ok "export --format dashboard"; else notok "export --format dashboard" "$(cat "$T/out")"; fi
if grep -q '<svg class="grades"' "$T/d.html" && [ "$(grep -c '<rect class="bar"' "$T/d.html")" -eq 6 ] &&
	grep -q '<svg class="scatter"' "$T/d.html" && [ "$(grep -c '<circle ' "$T/d.html")" -eq 4 ]; then
	ok "dashboard: both charts, six grade bars, four points"
else
	notok "dashboard: charts" "$(grep -c '<circle' "$T/d.html") points"
fi
CHROMIUM=$(command -v chromium || command -v chromium-browser)
if [ -z "$CHROMIUM" ] || ! command -v pdftotext >/dev/null 2>&1; then
	notok "Chromium and poppler-utils are installed (make test-deps)"
	echo "1..$n"
	exit 1
fi
"$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --no-first-run --user-data-dir="$T/profile" \
	--print-to-pdf="$T/d.pdf" "file://$T/d.html" >"$T/chromium.log" 2>&1
if [ -s "$T/d.pdf" ] && pdfinfo "$T/d.pdf" | grep -q '^Page size: *84[12][.0-9]* x 59[45]'; then ok "dashboard: printed on A4 across"; else notok "dashboard: printed on A4 across" "$(pdfinfo "$T/d.pdf" 2>&1 | head -3)"; fi
pdftotext -layout "$T/d.pdf" "$T/d.txt"
# every figure of the HTML (outside the style; tags dropped) whole in the printed text
sed -e '/<style>/,/<\/style>/d' -e 's/<[^>]*>/ /g' "$T/d.html" | LC_ALL=C awk '{
	s = $0
	while (match(s, /[0-9][0-9.,]*[0-9]%?/)) { if (RLENGTH >= 3) print substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH) }
}' | sort -u >"$T/figs"
missing=""
while read -r fig; do grep -qF -- "$fig" "$T/d.txt" || missing="$missing $fig"; done <"$T/figs"
if [ -z "$missing" ] && [ -s "$T/figs" ]; then ok "dashboard: every figure whole on paper ($(wc -l <"$T/figs") figures)"; else notok "dashboard: figures split or lost:$missing"; fi
has "dashboard: the charts' titles, the groups and the gaps on paper" "$T/d.txt" "等级分布" "执行率与总分" "预算执行率" \
	"80.37%" "92.51" "未报送的单位"
if pdftotext "$T/d.pdf" - | tr -d ' ' | grep -q '^第1页共1页$'; then ok "dashboard: its page numbered"; else notok "dashboard: its page numbered"; fi

# ---- the workstation: Z on the project list, at 80x24, Esc back ----
if command -v tmux >/dev/null 2>&1 && [ -z "${JIXIAO##*/jixiao}" ]; then
	SOCK="jixiao-collect-$$"
	TM() { tmux -L "$SOCK" "$@"; }
	TM new-session -d -s c -x 80 -y 24 "env TERM=xterm LANG=C.UTF-8 JIXIAO_ASCII= $JIXIAO --db $DB"
	screen_has() { # text: wait up to 5 s for it
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			TM capture-pane -t c -p >"$T/pane" 2>/dev/null
			grep -qF -- "$1" "$T/pane" && return 0
			sleep 0.5
		done
		return 1
	}
	if screen_has "项目列表" && TM send-keys -t c Z && screen_has "等级分布" &&
		grep -q '│   未完成           2  ████████████████████████████████████████ *│' "$T/pane" &&
		grep -qF "共 4 张评价表，按实施单位分组；已送审 4" "$T/pane"; then
		ok "workstation: Z shows the collection view at 80x24, bars and counts"
	else
		notok "workstation: Z shows the collection view" "$(cat "$T/pane")"
	fi
	TM send-keys -t c End
	if screen_has "未报送的单位"; then ok "workstation: the view scrolls to the roster's gaps"; else notok "workstation: scrolls" "$(cat "$T/pane")"; fi
	TM send-keys -t c Escape
	sleep 0.5
	if screen_has "Enter 打开" && ! grep -q "等级分布" "$T/pane"; then ok "workstation: Esc goes back to the list"; else notok "workstation: Esc back" "$(cat "$T/pane")"; fi
	TM kill-server >/dev/null 2>&1
fi

echo "1..$n"
[ "$fails" -eq 0 ]
