#!/bin/sh
# The spreadsheet round trip: each sample (share/samples/*.yaml and
# share/samples/stages/*.yaml) exported as xlsx and imported into an empty
# database gives the same `score` output as the sample, and the same
# `show` but for what no form carries (the uid, the status, the time of
# the last change, the sheet it was made from, the history's times); a
# visible cell changed in a spreadsheet program wins and is said; hidden
# data naming a field no form shows, or without its visible form, is
# refused (also cases of the bad-input catalogue: tests/bad-input/xlsx-hidden-*).
# Prints TAP lines; everything else starts with "# ".  Run from the top of
# the tree.  JIXIAO=PATH tests another build.
cd "$(dirname "$0")/.." || exit 1

J=${JIXIAO:-./jixiao}
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	[ -f "$T/diff" ] && sed 's/^/#   /' "$T/diff" | head -20
	[ -f "$T/err" ] && sed 's/^/#   /' "$T/err" | head -5
}

case "$(locale charmap 2>/dev/null)" in
UTF-8) ;;
*) export LC_ALL=C.UTF-8 ;;
esac
unset JIXIAO_LANG

if [ ! -x "$J" ]; then
	echo "not ok 1 - $J is built"
	exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "ok 1 - round trip # SKIP python3 is not installed (the workbooks are changed with tests/lib/xlsx_edit.py)"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-trip.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
. tests/lib/run.sh
EDIT="python3 tests/lib/xlsx_edit.py"

# show without the lines no form carries
show_form() {
	"$J" --db "$1" show 1 | grep -v -e '^  uid ' -e '^  状态 ' -e '^  最后修改 ' -e '^  来自 ' \
		-e '^  [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T'
}

i=0
for f in share/samples/*.yaml share/samples/stages/*.yaml; do
	i=$((i + 1))
	name=$(basename "$f" .yaml)
	rm -f "$T/diff" "$T/err"
	"$J" --db "$T/src$i.db" import "$f" >/dev/null 2>"$T/err" &&
		"$J" --db "$T/src$i.db" export --format xlsx 1 -o "$T/s$i.xlsx" >/dev/null 2>>"$T/err" &&
		"$J" --db "$T/dst$i.db" import "$T/s$i.xlsx" >/dev/null 2>>"$T/err"
	if [ $? -ne 0 ]; then
		not_ok "$name: exported as xlsx and imported"
		continue
	fi
	ok "$name: exported as xlsx and imported"
	"$J" score "$f" >"$T/a" 2>&1
	"$J" --db "$T/dst$i.db" score 1 >"$T/b" 2>&1
	if diff "$T/a" "$T/b" >"$T/diff"; then ok "$name: the same score output"; else not_ok "$name: the same score output"; fi
	show_form "$T/src$i.db" >"$T/a"
	show_form "$T/dst$i.db" >"$T/b"
	if diff "$T/a" "$T/b" >"$T/diff"; then ok "$name: every field the same"; else not_ok "$name: every field the same"; fi
done
rm -f "$T/diff"

# Jiangmen's self-evaluation (sample 1): the actual of r5 (参会企业数量,
# ≥ 18 个) is printed in G16 as the document's sentence; typed over as
# "9个" in a spreadsheet program, the visible cell wins: 9 ÷ 18 × 0.95 =
# 0.475, shown 0.48; the sentence goes with the number it stated.
$EDIT "$T/s1.xlsx" "$T/edited.xlsx" set 工业发展管理经费 G16 "9个"
if run 0 --db "$T/ed.db" import "$T/edited.xlsx" &&
	err_has "edited.xlsx!工业发展管理经费!G16: 表中已改为“9个”（导出时为“参会企业数量 25 个”），按表中的值导入"; then
	ok "a changed visible cell is said, with its file!sheet!cell"
else
	not_ok "a changed visible cell is said, with its file!sheet!cell"
fi
if run 0 --db "$T/ed.db" score --format tsv 1 && out_has "^ind:r5	0.95	0.48	9 ÷ 18 × 0.95 = 0.48$" &&
	run 0 --db "$T/ed.db" show 1 && out_has "实际 9个  分值 0.95"; then
	ok "the changed visible cell wins over the hidden value"
else
	not_ok "the changed visible cell wins over the hidden value"
fi
# the unchanged cells took the hidden values: r4 (参会科研院所数量 9 个 ≥ 6)
if run 0 --db "$T/ed.db" show 1 && out_has "实际 9  参会科研院所数量 9 个\|参会科研院所数量 9 个"; then
	ok "the other cells keep their exact values"
else
	not_ok "the other cells keep their exact values"
fi

# A visible cell changed wins over every hidden value of its field, even
# a row added after the exported ones (r5's actual 12 here): G16 "20个".
$EDIT "$T/s1.xlsx" "$T/f1.xlsx" add 'ind:r5\toutput.quantity\t参会企业数量\t\t>=\t18\t\t个\t12'
$EDIT "$T/f1.xlsx" "$T/f2.xlsx" set 工业发展管理经费 G16 "20个"
if run 0 --db "$T/f2.db" import "$T/f2.xlsx" && run 0 --db "$T/f2.db" show 1 && out_has "实际 20个  分值 0.95"; then
	ok "a visible cell changed wins over hidden rows after it"
else
	not_ok "a visible cell changed wins over hidden rows after it"
fi

# A field no form shows: refused, nothing imported, no database left.
for row in 'status\tfinal' 'review:score\t90'; do
	$EDIT "$T/s1.xlsx" "$T/forged.xlsx" add "$row"
	if run 3 --db "$T/forged.db" import "$T/forged.xlsx" &&
		err_has "forged.xlsx!jixiao-data!A[0-9]*: 该字段不在表上，隐藏数据不能设置它" && [ ! -e "$T/forged.db" ]; then
		ok "hidden data setting $row is refused"
	else
		not_ok "hidden data setting $row is refused"
	fi
done

# The visible form cut out of the workbook: the hidden data alone is not
# imported (and nothing crashes).
$EDIT "$T/s1.xlsx" "$T/cut.xlsx" cut 工业发展管理经费
if run 3 --db "$T/cut.db" import "$T/cut.xlsx" && err_has "没有可见的表，隐藏数据不单独导入" && [ ! -e "$T/cut.db" ]; then
	ok "hidden data without its visible form is refused"
else
	not_ok "hidden data without its visible form is refused"
fi

# A changed visible cell that is not a number: refused where it is.
$EDIT "$T/s1.xlsx" "$T/word.xlsx" set 工业发展管理经费 G16 "很多"
if run 3 --db "$T/word.db" import "$T/word.xlsx" && err_has "word.xlsx!工业发展管理经费!G16: “很多”不是数字"; then
	ok "a changed visible cell is validated as the field"
else
	not_ok "a changed visible cell is validated as the field"
fi

# Several sheets in one workbook (the summary, the reviews, four forms):
# all come back, each with its own score.
"$J" --db "$T/all.db" import share/samples/*.yaml >/dev/null 2>&1
"$J" --db "$T/all.db" export --format xlsx --all -o "$T/all.xlsx" >/dev/null 2>&1
if run 0 --db "$T/all2.db" import "$T/all.xlsx" && out_has "新增 4"; then
	# numbered in another order (the workbook's): the lines compared sorted
	"$J" --db "$T/all.db" score 1 2 3 4 2>&1 | sort >"$T/a"
	"$J" --db "$T/all2.db" score 1 2 3 4 2>&1 | sort >"$T/b"
	if diff "$T/a" "$T/b" >"$T/diff"; then
		ok "four sheets of one workbook: the same scores"
	else
		not_ok "four sheets of one workbook: the same scores"
	fi
else
	not_ok "four sheets of one workbook come back"
fi

echo "# $n tests, $failed failed"
[ "$failed" -eq 0 ]
