#!/bin/sh
# CSV exports from the command line: csv-data read back and compared, row
# by row and field by field, with what the database holds (indicators
# table), what the templates call each node (share/templates), and the
# engine's points and score (`jixiao score --format tsv`); a few rows
# checked literally with their arithmetic; the English heading; GB18030
# of the samples (all of whose text GBK holds) converting back exactly.
# The refusals (formula-like text, characters GBK lacks) are cases of the
# bad-input catalogue (tests/bad-input/text-csv-*).
# Prints TAP lines; everything else starts with "# ".  Run from the top of
# the tree.  JIXIAO=PATH tests another build.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh

J=${JIXIAO:-./jixiao}
utf8_locale
unset JIXIAO_LANG

needs_built "$J"
work_dir csv
DB=$T/jx.db

# numbered in the order imported: 1 Jiangmen, 2 Jingdezhen, 3 Xinfeng, 4 Zhanjiang
check "import the four samples" "$J" --db "$DB" import share/samples/jiangmen-2022-project-self.yaml \
	share/samples/jingdezhen-2023-external.yaml share/samples/xinfeng-2024-dept-eval.yaml \
	share/samples/zhanjiang-2023-dept-overall.yaml
check "export --all --format csv-data" "$J" --db "$DB" export --all --format csv-data -o "$T/data.csv"
for id in 1 2 3 4; do
	"$J" --db "$DB" score --format tsv "$id" >"$T/score-$id.tsv"
done

# ---- rows checked by hand ----
tr -d '\r' <"$T/data.csv" >"$T/data.txt"
has_line() { # NAME LINE
	check "$1" grep -qxF -- "$2" "$T/data.txt"
}
check "the heading row first, after the byte-order mark" sh -c 'head -1 "$1" | grep -qxF "$2"' sh "$T/data.txt" \
	"$(printf '\357\273\277')编号,年度,项目名称,所属项目,一级指标,二级指标,三级指标,计算符号,年度指标值,计量单位,实际完成值,分值,得分,偏差原因分析及改进措施,模板"
# Jiangmen r25: target 6, actual 5, points 0.94: 5 ÷ 6 × 0.94 = 0.7833… → 0.78
has_line "Jiangmen r25 (unmet: 5 ÷ 6 × 0.94 = 0.78)" \
	"1,2022,工业发展管理经费,项目评审 / 2022 年 5G 产业发展扶持资金项目评审,产出指标,数量指标,评审项目总数量,≥,6,个,5,0.94,0.78,,project-self-2020"
# Jiangmen r10: a deadline, 2023-04-07 not later than 2023-06-30: full 0.95
has_line "Jiangmen r10 (deadline met: full 0.95)" \
	"1,2022,工业发展管理经费,推进大型产业集聚区和产业集群产业链工作经费 / 江门市工业领域碳达峰方案编制,产出指标,时效指标,完成方案编制,时限,2023-06-30,,2023-04-07,0.95,0.95,,project-self-2020"
# Xinfeng i6: qualitative, band 达成年度指标, score typed 8 of 10
has_line "Xinfeng i6 (qualitative, 8 of 10, with its deviation reason)" \
	"3,2024,2024年工业倍增升级工作经费,,项目效益,社会效益,提升就业率,定性,基本达成,,基本达成目标,10,8.00,提升工业经济发展速度，提升就业率。基本达成目标，但招引企业为电子信息企业和智能装备企业，不再是密集型企业，就业岗位与预期目标有差距，扣2分，得8分。,dept-eval-2020"
# Zhanjiang t4: 56 ÷ 80 × 1.25 = 0.875 → 0.88 (half up)
has_line "Zhanjiang t4 (unmet: 56 ÷ 80 × 1.25 = 0.88)" \
	"4,2023,湛江市工业和信息化局本级2023年度部门整体支出,,预算使用效益,重点工作任务完成,新增规模以上工业企业,≥,80,家,56,1.25,0.88,,dept-overall"
# Zhanjiang t2: 60.67 亿元 against 38, a decimal kept as the sheet has it
has_line "Zhanjiang t2 (60.67 as a number)" \
	"4,2023,湛江市工业和信息化局本级2023年度部门整体支出,,预算使用效益,重点工作任务完成,完成工业企业技改投资,≥,38,亿元,60.67,2.5,2.50,,dept-overall"
# a heading and 66 + 0 + 7 + 9 indicators (Jingdezhen's external result has none)
rows=$(wc -l <"$T/data.txt")
check "one row per indicator: 1 + 66 + 7 + 9 = 83 rows (got $rows)" [ "$rows" -eq 83 ]

# ---- every indicator against the database ----
if command -v python3 >/dev/null 2>&1; then
	cat >"$T/roundtrip.py" <<'PY'
# The CSV's rows, sheet by sheet, against the rows expected from the
# database and the templates: every field equal.
import csv, re, sqlite3, sys
from decimal import Decimal

db, data, tsv_dir = sys.argv[1], sys.argv[2], sys.argv[3]
bad = []

def num(v):
    """A stored number (millionths) as the export writes it: trailing zeros off."""
    d = (Decimal(v) / Decimal(1000000)).normalize()
    return format(d, 'f')

def neutral(s):
    """The apostrophe rule of every CSV export (README, Exports)."""
    if s is None:
        return ''
    if s[:1] in ('\t', '\r') or s.lstrip(' \n')[:1] in ('=', '+', '-', '@'):
        return "'" + s
    return s

# Node names and the order of slots, per template, from the template files:
# "- key: K" followed by "name: N".
names, order = {}, {}
import glob
for path in sorted(glob.glob('share/templates/*.yaml')):
    text = open(path, encoding='utf-8').read()
    tid = re.search(r'^id: (\S+)', text, re.M).group(1)
    pairs = re.findall(r'- key: (\S+)\n\s+name: (.+)', text)
    names[tid] = {k: n.strip() for k, n in pairs}
    order[tid] = {k: i for i, (k, _) in enumerate(pairs)}

symbols = {'>=': '≥', '>': '>', '=': "'=", '<=': '≤', '<': '<', '定性': '定性', '时限': '时限', None: ''}
con = sqlite3.connect(db)
sheets = con.execute('SELECT id, year, name, template_id FROM sheets ORDER BY id').fetchall()
rows = list(csv.reader(open(data, encoding='utf-8-sig', newline='')))
body = rows[1:]
checked = 0
for sid, year, name, tid in sheets:
    scores = {}
    for line in open('%s/score-%d.tsv' % (tsv_dir, sid), encoding='utf-8'):
        f = line.rstrip('\n').split('\t')
        if f[0].startswith('ind:'):
            scores[f[0][4:]] = (f[1], f[2])
    inds = con.execute('SELECT key, slot, name, subproject, cmp, target, target_text, unit, actual, '
                       'actual_text, points, band, deviation_reason FROM indicators '
                       'WHERE sheet_id = ? ORDER BY pos', (sid,)).fetchall()
    # the forms' order: the template's slots in order, the sheet's order within each
    inds.sort(key=lambda r: order[tid].get(r[1], 1 << 30))
    want = []
    for key, slot, iname, sub, cmp, target, ttext, unit, actual, atext, points, band, dev in inds:
        parts = slot.split('.')
        l1 = names[tid][parts[0]]
        l2 = names[tid][slot] if len(parts) > 1 else ''
        if actual is not None:
            act = num(actual)
        elif atext:
            act = neutral(atext)
        else:
            assert band is None, 'a band shown as the actual: not in the samples'
            act = ''
        want.append([str(sid), str(year), neutral(name), neutral(sub), neutral(l1), neutral(l2), neutral(iname),
                     symbols[cmp], num(target) if target is not None else neutral(ttext), neutral(unit), act,
                     scores[key][0], scores[key][1], neutral(dev), tid])
        if num(points) != scores[key][0]:
            bad.append('sheet %d %s: points %s in the database, %s scored' % (sid, key, num(points), scores[key][0]))
    got = [r for r in body if r[0] == str(sid)]
    if len(got) != len(want):
        bad.append('sheet %d: %d rows, %d indicators' % (sid, len(got), len(want)))
    for g, w in zip(got, want):
        if g != w:
            bad.append('sheet %d: got %r\n  wanted %r' % (sid, g, w))
        checked += 1
if sum(1 for r in body if r[0] not in [str(s[0]) for s in sheets]):
    bad.append('rows of no sheet')
for b in bad[:10]:
    print(b)
print('%d rows checked' % checked)
sys.exit(1 if bad else 0)
PY
	check "csv-data round trip: all 82 indicators equal the database, the templates' names and the scores" \
		sh -c 'python3 "$1/roundtrip.py" "$2" "$1/data.csv" "$1" >"$1/rt.out"; rc=$?; cat "$1/rt.out"
			[ $rc -eq 0 ] && grep -qx "82 rows checked" "$1/rt.out"' sh "$T" "$DB"
else
	skip "csv-data round trip" "python3 is not installed"
fi

# ---- the other ways to choose sheets, the English heading ----
check "export 3 by number" "$J" --db "$DB" export 3 --format csv-data -o "$T/one.csv"
# one sheet: its heading and its 7 indicators, the same rows as in the export of all
tr -d '\r' <"$T/one.csv" | tail -n +2 >"$T/one.txt"
grep '^3,' "$T/data.txt" >"$T/three.txt"
check "one sheet's rows are those of the export of all (7 rows)" \
	sh -c '[ $(wc -l <"$1") -eq 7 ] && cmp "$1" "$2"' sh "$T/one.txt" "$T/three.txt"
check "--year 2023: Jingdezhen (none) and Zhanjiang (9), with the heading" \
	sh -c '"$1" --db "$2" export --year 2023 --format csv-data -o - | tr -d "\r" >"$3" && [ $(wc -l <"$3") -eq 10 ] &&
		[ $(grep -c "^4,2023," "$3") -eq 9 ]' sh "$J" "$DB" "$T/y.txt"
"$J" --lang en --db "$DB" export 1 --format csv-data -o - 2>"$T/err" | head -1 | tr -d '\r' >"$T/en.txt"
check "--lang en: the heading in English" grep -qxF \
	"$(printf '\357\273\277')Sheet,Year,Project,Sub-project,Level 1,Level 2,Indicator,Comparator,Target,Unit,Actual,Points,Score,Deviation reason and remedy,Template" \
	"$T/en.txt"

# ---- read back under its own template ----
# Xinfeng's rows name dept-eval-2020: imported into an empty database the
# sheet is a department evaluation again, its 7 indicators scored as before
# (i6: 8.00 of 10, typed; the CSV above has the same score column).
check "csv-data of a department evaluation imports under dept-eval-2020" \
	sh -c '"$1" --db "$2/back.db" import "$2/one.csv" >/dev/null && "$1" --db "$2/back.db" list >"$2/back.txt" &&
		grep -q "dept-eval-2020" "$2/back.txt"' sh "$J" "$T"
check "the sheet read back exports the same 7 rows" \
	sh -c '"$1" --db "$2/back.db" export 1 --format csv-data -o - | tr -d "\r" | tail -n +2 | cut -d, -f2- >"$2/back.rows" &&
		cut -d, -f2- "$2/three.txt" | cmp -s - "$2/back.rows"' sh "$J" "$T"
# a template no jixiao has: refused at its cell, nothing imported
sed 's/,dept-eval-2020\r*$/,no-such-template/' "$T/one.csv" >"$T/badtpl.csv"
check "an unknown template in the 模板 column is refused at its cell" \
	sh -c '"$1" --db "$2/bad.db" import "$2/badtpl.csv" 2>"$2/e"; [ $? -ne 0 ] &&
		grep -q "badtpl.csv!badtpl!O2: 未知模板“no-such-template”" "$2/e" && [ ! -s "$2/bad.db" ]' sh "$J" "$T"

# ---- GB18030 ----
# every character of the samples has a GBK code, the same in GB18030
check "csv-data --gb18030 of the samples" "$J" --db "$DB" export --all --format csv-data --gb18030 -o "$T/gb.csv"
tail -c +4 "$T/data.csv" >"$T/nobom.csv"
check "GB18030 converts back to the UTF-8 export without its byte-order mark" \
	sh -c 'iconv -f GB18030 -t UTF-8 "$1" | cmp -s - "$2"' sh "$T/gb.csv" "$T/nobom.csv"
check "--gb18030 with another format is a usage error" \
	sh -c '"$1" --db "$2" export --all --format html --gb18030 -o "$3/x.html" 2>"$3/e"; [ $? -eq 2 ] &&
		grep -q "只用于 --format csv 或 csv-data" "$3/e"' sh "$J" "$DB" "$T"

echo "1..$n"
[ "$fails" -eq 0 ]
