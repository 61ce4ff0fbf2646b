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
. tests/lib/tap.sh
. tests/lib/run.sh

J=${JIXIAO:-./jixiao}
# not_ok NAME: not ok, with the differences found and the messages
not_ok() {
	notok "$1" "$([ -f "$T/diff" ] && sed 's/^/  /' "$T/diff" | head -20)" \
		"$([ -f "$T/err" ] && sed 's/^/  /' "$T/err" | head -5)"
}

utf8_locale
unset JIXIAO_LANG

needs_built "$J"
if ! command -v python3 >/dev/null 2>&1; then
	skip "round trip" "python3 is not installed (the workbooks are changed with tests/lib/xlsx_edit.py)"
	exit 0
fi
work_dir trip
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
	if [ $? -ne 0 ] || [ -s "$T/err" ]; then
		not_ok "$name: exported as xlsx and imported with no message"
		continue
	fi
	ok "$name: exported as xlsx and imported with no message"
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

# Hidden data that no longer makes the visible form (a row added giving
# r5 an actual of 12, G16 typed over as "20个"): the form the hidden data
# makes scores r5 12 ÷ 18 × 0.95 = 0.633…, shown 0.63, where the visible
# I16 reads 0.95: refused at that cell, nothing imported.
$EDIT "$T/s1.xlsx" "$T/f1.xlsx" add 'ind:r5\toutput.quantity\t参会企业数量\t\t>=\t18\t\t个\t12'
$EDIT "$T/f1.xlsx" "$T/f2.xlsx" set 工业发展管理经费 G16 "20个"
if run 3 --db "$T/f2.db" import "$T/f2.xlsx" &&
	err_has "f2.xlsx!工业发展管理经费!I16: 表中为“0.95”，导出时为“0.63”：这一格由 jixiao 计算或生成" &&
	[ ! -e "$T/f2.db" ]; then
	ok "hidden data that does not make the visible form is refused"
else
	not_ok "hidden data that does not make the visible form is refused"
fi

# Every other field a clerk is likely to change where the form shows it
# exactly wins the same way.  A target: F16 (r5, "18 个") typed over as
# "≥30个": r5 scores 25 ÷ 30 × 0.95 = 0.791…, shown 0.79.
$EDIT "$T/s1.xlsx" "$T/tg.xlsx" set 工业发展管理经费 F16 "≥30个"
if run 0 --db "$T/tg.db" import "$T/tg.xlsx" &&
	err_has "tg.xlsx!工业发展管理经费!F16: 表中已改为“≥30个”（导出时为“18 个”），按表中的值导入" &&
	run 0 --db "$T/tg.db" score --format tsv 1 && out_has "^ind:r5	0.95	0.79	25 ÷ 30 × 0.95 = 0.79$" &&
	run 0 --db "$T/tg.db" show 1 && out_has "指标值 >= 30个 (≥30个)"; then
	ok "an edited target wins, scored as typed"
else
	not_ok "an edited target wins, scored as typed"
fi
# An info field: G4 (实施单位) typed over.
$EDIT "$T/s1.xlsx" "$T/inf.xlsx" set 工业发展管理经费 G4 "江门市工业局"
if run 0 --db "$T/inf.db" import "$T/inf.xlsx" &&
	err_has "inf.xlsx!工业发展管理经费!G4: 表中已改为“江门市工业局”（导出时为“江门市工业和信息化局”），按表中的值导入" &&
	run 0 --db "$T/inf.db" show 1 && out_has "^  项目实施单位  *江门市工业局$"; then
	ok "an edited info field wins"
else
	not_ok "an edited info field wins"
fi
# A fund figure typed as a number (G7, 当年财政拨款's 全年执行数, 480.82)
# with the rate beside it recomputed by the spreadsheet program:
# ROUND(500 ÷ 1935, 4) = 0.2584 (500 ÷ 1935 = 0.258397…), the rate jixiao
# computes for the changed sheet: taken.  The same rate cell reading 0.3
# is no recomputation of it: refused.
$EDIT "$T/s1.xlsx" "$T/fd1.xlsx" num 工业发展管理经费 G7 500
$EDIT "$T/fd1.xlsx" "$T/fd.xlsx" recalc 工业发展管理经费 I7 0.2584
$EDIT "$T/fd1.xlsx" "$T/fdx.xlsx" recalc 工业发展管理经费 I7 0.3
if run 0 --db "$T/fd.db" import "$T/fd.xlsx" &&
	err_has "fd.xlsx!工业发展管理经费!G7: 表中已改为“500”（导出时为“480.82”），按表中的值导入" &&
	run 0 --db "$T/fd.db" show 1 && out_has "当年财政拨款.*500" &&
	run 3 --db "$T/fdx.db" import "$T/fdx.xlsx" && err_has "fdx.xlsx!工业发展管理经费!I7: 表中为“0.3”，导出时为“24.85%”"; then
	ok "an edited fund figure wins; a formula recomputed from it is checked"
else
	not_ok "an edited fund figure wins; a formula recomputed from it is checked"
fi
# A total (I82, 总分 92.32) or a score (I16, r5's 0.95) typed over: jixiao
# computes them; refused with the cell named, nothing imported.
$EDIT "$T/s1.xlsx" "$T/tot.xlsx" num 工业发展管理经费 I82 99
$EDIT "$T/s1.xlsx" "$T/sc.xlsx" num 工业发展管理经费 I16 0.5
if run 3 --db "$T/tot.db" import "$T/tot.xlsx" &&
	err_has "tot.xlsx!工业发展管理经费!I82: 表中为“99”，导出时为“92.32”：这一格由 jixiao 计算或生成，在表格程序中改了不会导入；请在 jixiao 中修改，或用 --map 按表格的布局读入" &&
	[ ! -e "$T/tot.db" ] && run 3 --db "$T/sc.db" import "$T/sc.xlsx" &&
	err_has "sc.xlsx!工业发展管理经费!I16: 表中为“0.5”，导出时为“0.95”" && [ ! -e "$T/sc.db" ]; then
	ok "an edited total or score is refused with its cell"
else
	not_ok "an edited total or score is refused with its cell"
fi
# A row inserted before row 14 (an empty one, and one with a word in A):
# everything below moves down; the first cell that differs is named (E14,
# the name of r2 exported there), never misread.
$EDIT "$T/s1.xlsx" "$T/ins.xlsx" insert 工业发展管理经费 14 ""
$EDIT "$T/s1.xlsx" "$T/ins2.xlsx" insert 工业发展管理经费 14 "补充"
if run 3 --db "$T/ins.db" import "$T/ins.xlsx" &&
	err_has "ins.xlsx!工业发展管理经费!E14: 表中的行或列有增删（这一格导出时为“推动先行启动区加快发展”，表中为“”）" &&
	[ ! -e "$T/ins.db" ] && run 3 --db "$T/ins2.db" import "$T/ins2.xlsx" &&
	err_has "ins2.xlsx!工业发展管理经费!A14: 表中的行或列有增删（这一格导出时为“”，表中为“补充”）"; then
	ok "an inserted row is refused, naming the first cell that differs"
else
	not_ok "an inserted row is refused, naming the first cell that differs"
fi
# Opened and saved again by LibreOffice (its own numbers, strings and
# styles): still the same sheet, with no message.
if command -v soffice >/dev/null 2>&1 && mkdir "$T/lo" &&
	HOME="$T" timeout 120 soffice --headless --convert-to xlsx --outdir "$T/lo" "$T/s1.xlsx" >/dev/null 2>&1; then
	if run 0 --db "$T/lo.db" import "$T/lo/s1.xlsx" && [ ! -s "$T/err" ] 2>/dev/null; then
		"$J" --db "$T/dst1.db" score 1 >"$T/a" 2>&1
		"$J" --db "$T/lo.db" score 1 >"$T/b" 2>&1
		if diff "$T/a" "$T/b" >"$T/diff"; then ok "saved again by LibreOffice: the same sheet"; else not_ok "saved again by LibreOffice: the same sheet"; fi
	else
		not_ok "saved again by LibreOffice: the same sheet"
	fi
else
	skip "saved again by LibreOffice" "soffice is not installed"
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

echo "# $n tests, $fails failed"
[ "$fails" -eq 0 ]
