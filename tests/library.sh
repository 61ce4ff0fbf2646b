#!/bin/sh
# The indicator library on the command line: jixiao library harvest,
# import, export, list and delete.  Prints TAP lines; run from the top of
# the tree.
#
# The counts, worked out from the samples (imported in file order: 1
# Jiangmen, 2 Jingdezhen, 3 Xinfeng, 4 Zhanjiang):
#  * Jiangmen has 66 named indicators; six (name, unit) pairs come twice
#    (组织开展评审场次 次, 评审项目总数量 个, 评审项目办结率 %, 有效投诉率 起,
#    评审项目数量 个, 服务对象满意度 %), so 66 − 6 = 60 entries, 6 merged.
#  * Jingdezhen (an external evaluation result) has no indicator.
#  * Xinfeng has 7, all different; 企业满意度 % is also Jiangmen's (target
#    90 there, 95 here): 6 new, 1 merged, its range 90–95%, its use count 2.
#  * Zhanjiang has 9, all different and none seen before: 9 new.
#  In all 66 + 0 + 7 + 9 = 82 indicators, 60 + 6 + 9 = 75 entries.
# Searches: 办结率 is in one name (评审项目办结率); 评审 专家 in
# 评审专家人数 in three units (名, 个, 人); 时效 in the 二级 category of
# Jiangmen's 完成方案编制 and 完成方案编制时间 (时效指标) and of Zhanjiang's
# 资金拨付及时率 (产出时效): 3.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/run.sh

J=${JIXIAO:-./jixiao}
# entries listed: the lines between the heading and the count
listed() { tail -n +2 "$T/out" | grep -vc '^共 '; }

work_dir library
DB=$T/lib.db

run 0 --db "$DB" import share/samples/jiangmen-2022-project-self.yaml share/samples/jingdezhen-2023-external.yaml \
	share/samples/xinfeng-2024-dept-eval.yaml share/samples/zhanjiang-2023-dept-overall.yaml
result "the four samples import"

run 0 --db "$DB" library harvest && out_has "没有可收录的评价表"
result "harvest without IDs takes finalised sheets only: none yet"

run 0 --db "$DB" finalise 1 --force && run 0 --db "$DB" library harvest && out_has "从 1 张评价表收录 66 个指标：新增 60 条，合并 6 条"
result "harvest of the finalised Jiangmen sheet: 66 indicators, 60 new, 6 merged"

run 0 --db "$DB" library harvest 2 3 4 && out_has "从 3 张评价表收录 16 个指标：新增 15 条，合并 1 条"
result "harvest 2 3 4: 0 + 7 + 9 = 16 indicators, 15 new, 1 merged"

[ "$(q "$DB" 'SELECT count(*) FROM library')" = 75 ]
result "75 entries in the database"

run 0 --db "$DB" library harvest 1 3 && out_has "2 张已收录过，跳过" && [ "$(q "$DB" 'SELECT count(*) FROM library_sources')" = 76 ]
result "a sheet harvested again is left out: 75 entries, 76 sources (企业满意度 has two)"

run 0 --db "$DB" library list 企业满意度 && [ "$(listed)" = 1 ] &&
	grep -q "	企业满意度	≥	≥90%	90–95%	%	2$" "$T/out"
result "企业满意度: typical target from the first sheet, range 90–95%, used twice"

run 0 --db "$DB" library list 办结率 && [ "$(listed)" = 1 ] && out_has "评审项目办结率"
result "search in Chinese: 办结率 finds 评审项目办结率"

run 0 --db "$DB" library list 评审 专家 && [ "$(listed)" = 3 ]
result "two words: 评审 专家 finds 评审专家人数 in 名, 个 and 人"

run 0 --db "$DB" library list 时效 && [ "$(listed)" = 3 ]
result "search by category: 时效 finds the three 时效 entries"

run 0 --db "$DB" library list && [ "$(listed)" = 75 ] && out_has "共 75 条"
result "list without words lists all 75"

# round trips: YAML, CSV, xlsx into empty databases give the same YAML
run 0 --db "$DB" library export -o "$T/lib.yaml" && run 0 --db "$DB" library export -o "$T/lib.csv" &&
	run 0 --db "$DB" library export --format xlsx -o "$T/lib.out"
result "export to YAML, CSV (by extension) and xlsx (--format)"

for f in lib.yaml lib.csv lib.out; do
	rm -f "$T/rt.db"
	run 0 --db "$T/rt.db" init && run 0 --db "$T/rt.db" library import "$T/$f" && out_has "读入 75 条：新增 75 条" &&
		run 0 --db "$T/rt.db" library export -o "$T/rt.yaml" --force && cmp -s "$T/lib.yaml" "$T/rt.yaml"
	result "round trip through $f (recognised by content): the same library"
done

head -c 3 "$T/lib.csv" | od -An -tx1 | grep -q "ef bb bf" && sed -n 1p "$T/lib.csv" | grep -q "一级指标,二级指标,三级指标,指标性质"
result "the CSV is UTF-8 with a BOM and the library's headings"

run 0 --db "$DB" library import "$T/lib.yaml" && out_has "读入 75 条：新增 0 条，合并 0 条，75 条无新内容"
result "importing the library into itself changes nothing"

# a department's list, as a provincial system lays it out: other headings,
# a 序号 column, a 一级 cell merged down in xlsx (here in CSV: written once)
printf '\357\273\277序号,一级指标,二级指标,指标名称,计算符号,指标值,计量单位,共性个性,行业\r\n1,产出指标,数量指标,ERP系统上线模块,≥,5,个,共性,信息化\r\n2,产出指标,时效指标,企业满意度,≥,80,%%,共性,工业\r\n' >"$T/dept.csv"
run 0 --db "$DB" library import "$T/dept.csv" && out_has "读入 2 条：新增 1 条，合并 1 条"
result "a department's list: one new entry, 企业满意度 merged"

run 0 --db "$DB" library list erp && [ "$(listed)" = 1 ] && out_has "ERP系统上线模块"
result "Latin letters are found whatever their case"

[ "$(q "$DB" "SELECT target_min, target_max, kind, sector FROM library WHERE name = '企业满意度'")" = "80000000|95000000|共性|工业" ]
result "merging widens the range to 80–95 and fills kind and sector"

[ "$(q "$DB" "SELECT source FROM library_sources JOIN library ON id = entry WHERE name = 'ERP系统上线模块'")" = "file:dept.csv" ]
result "an entry from a list records the file it came from"

run 0 --db "$DB" library list 信息化 && [ "$(listed)" = 1 ]
result "search by 行业"

# an xlsx list with 一级 merged over three rows and 二级 over two, the
# target a bare number with its comparator and unit in their own columns
# (and columns the library does not keep: 实际完成值, 分值)
python3 - "$T/merged.xlsx" <<'PY'
import sys, zipfile
def c(ref, t): return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, t)
def v(ref, x): return '<c r="%s"><v>%s</v></c>' % (ref, x)
head = '<row r="1">' + ''.join(c('%s1' % k, h) for k, h in zip('ABCDEFGH', ['一级指标', '二级指标', '三级指标', '计算符号', '年度指标值', '度量单位', '实际完成值', '分值'])) + '</row>'
rows = ('<row r="2">' + c('A2', '产出指标') + c('B2', '数量指标') + c('C2', '巡讲人数') + c('D2', '≥') + v('E2', 80) + c('F2', '人') + v('G2', 90) + '</row>'
        '<row r="3">' + c('C3', '巡讲场次') + c('D3', '≥') + v('E3', 4) + c('F3', '场') + '</row>'
        '<row r="4">' + c('B4', '质量指标') + c('C4', '巡讲合格率') + c('D4', '≥') + v('E4', 95) + c('F4', '%') + '</row>')
ws = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
      + head + rows + '</sheetData><mergeCells count="2"><mergeCell ref="A2:A4"/><mergeCell ref="B2:B3"/></mergeCells></worksheet>')
wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="指标" sheetId="1" r:id="rId1"/></sheets></workbook>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/workbook.xml', wb)
    z.writestr('xl/_rels/workbook.xml.rels', rels)
    z.writestr('xl/worksheets/sheet1.xml', ws)
PY
run 0 --db "$DB" library import "$T/merged.xlsx" && out_has "读入 3 条：新增 3 条"
result "an xlsx list with merged categories imports its three rows"

run 0 --db "$DB" library list 巡讲 && [ "$(listed)" = 3 ] && grep -q "	产出指标	数量指标	巡讲场次	≥	≥4场	4场	场	1$" "$T/out" &&
	grep -q "	产出指标	质量指标	巡讲合格率	≥	≥95%	95%	%	1$" "$T/out"
result "merged 一级/二级 cells followed down; a bare target printed with its comparator and unit"

# jixiao's own exports of the Jiangmen sheet: csv-data has a row per
# indicator with its unit in a column, so its 66 rows make the 60 entries
# of the harvest; the printed form (CSV) has a funds table and sign-off
# lines below the indicators, after a blank row: they end the table
run 0 --db "$DB" export 1 --format csv-data -o "$T/data.csv" && run 0 --db "$DB" export 1 --format csv -o "$T/form.csv" &&
	rm -f "$T/ex.db" && run 0 --db "$T/ex.db" init && run 0 --db "$T/ex.db" library import "$T/data.csv" &&
	out_has "读入 60 条：新增 60 条"
result "jixiao's csv-data export reads as the 60 entries of the sheet"

run 0 --db "$T/ex.db" library import "$T/form.csv" && [ "$(sqlite3 "$T/ex.db" "SELECT count(*) FROM library WHERE name LIKE '填报%' OR name LIKE '%小计' OR name = '合计'")" = 0 ]
result "the printed form imports without its subtotals, funds table and sign-off"

# refusals: nothing changes
before=$(q "$DB" 'SELECT count(*) FROM library')
printf '指标名称,计算符号,指标值\r\n好指标,≥,5\r\n坏指标,约等于,5\r\n' >"$T/bad.csv"
run 3 --db "$DB" library import "$T/bad.csv" && err_has 'bad.csv!bad!B3' && err_has "约等于" && err_has "指标库未改变" &&
	[ "$(q "$DB" 'SELECT count(*) FROM library')" = "$before" ]
result "a bad comparator: file!sheet!cell, nothing imported (not even the good row)"

printf '指标名称,计量单位,共性/个性\r\n,个,共性\r\n' >"$T/noname.csv"
run 3 --db "$DB" library import "$T/noname.csv" && err_has 'noname.csv!noname!A2' && err_has "缺少指标名称"
result "a row without a name is refused with its cell"

printf 'jixiao_library: 1\nentries:\n  - name: 甲\n    colour: red\n' >"$T/bad.yaml"
run 3 --db "$DB" library import "$T/bad.yaml" && err_has "bad.yaml:4:" && [ "$(q "$DB" 'SELECT count(*) FROM library')" = "$before" ]
result "an unknown key in YAML: file:line:column"

printf 'jixiao: 1\nsheets: []\n' >"$T/notlib.yaml"
run 3 --db "$DB" library import "$T/notlib.yaml"
result "a sheet file is not a library"

run 4 --db "$DB" library export -o "$T/lib.yaml" && err_has "force"
result "an existing file is replaced only with --force"

run 2 --db "$DB" library export -o "$T/lib.txt" && err_has "yaml、xlsx 或 csv"
result "an unknown extension is refused"

run 3 --db "$DB" library delete 9999 && err_has "没有编号 9999"
result "delete of an entry that does not exist"

run 2 --db "$DB" library delete abc
result "delete needs a number"

run 2 --db "$DB" library frobnicate && err_has "未知的 library 子命令"
result "an unknown subcommand"

id=$(q "$DB" "SELECT id FROM library WHERE name = 'ERP系统上线模块'")
run 0 --db "$DB" library delete "$id" && [ "$(q "$DB" 'SELECT count(*) FROM library')" = $((before - 1)) ] &&
	[ "$(q "$DB" "SELECT count(*) FROM library_sources WHERE entry = $id")" = 0 ]
result "delete removes the entry and its sources"

run 0 --lang en --db "$DB" library harvest 1 && out_has "1 harvested before, left out"
result "messages in English with --lang en"

echo "1..$n"
[ "$fails" -eq 0 ]
