#!/bin/sh
# Bundles between offline machines, end to end: ./jixiao on temporary
# databases a.db (machine A), b.db (machine B), … carrying YAML bundles.
# Prints TAP lines ("ok N - name" / "not ok N - name"); everything else it
# prints starts with "# ".  Run from the top of the tree (tests/run.sh does).
#
# Expected results come from the merge rules (share/sheet-format.md,
# "Bundles and merging"), not from the program:
#   a uid the database does not have               → 新增 (with its audit rows)
#   the bundle's audit ids ⊋ the database's        → 已更新
#   the database's audit ids ⊋ the bundle's        → 本机较新 (kept)
#   the same ids and content                       → 未变 (nothing written)
#   each has ids the other lacks                   → 冲突: local kept as it is,
#                                                    the other version kept as
#                                                    a conflict copy; exit 0
#   an audit id the database knows with other content → refused, exit 3
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/run.sh

J=${JIXIAO:-./jixiao}
S=share/samples
JM=$S/jiangmen-2022-project-self.yaml
JD=$S/jingdezhen-2023-external.yaml
XF=$S/xinfeng-2024-dept-eval.yaml
ZJ=$S/zhanjiang-2023-dept-overall.yaml
JD_UID=59524cf8-1997-488f-9fbc-0f00ba3c4748

# lines of the merge report with that result (the totals line is "合计: …")
report_count() { grep -v "^合计: " "$T/out" | grep -c "^[^:]*: $1 "; }
# the value of a stored field ("" when empty), through the program
field() {
	"$J" --db "$1" export --format yaml "$2" -o - 2>/dev/null >"$T/field.yaml"
	sed -n "s/^ *$3: *//p" "$T/field.yaml" | head -n 1 | sed 's/^"\(.*\)"$/\1/'
}

needs_built "$J"
needs_tools sqlite3 sha256sum
work_dir bundle
private_home
A=$T/a.db
B=$T/b.db
C=$T/c.db

# --- identity ----------------------------------------------------------------------
run 0 --db "$A" init && run 0 --db "$B" init
ida=$(q "$A" "SELECT value FROM meta WHERE key = 'db_id'")
idb=$(q "$B" "SELECT value FROM meta WHERE key = 'db_id'")
[ ${#ida} -eq 16 ] && [ -z "$(printf %s "$ida" | tr -d 0-9a-f)" ] && [ "$ida" != "$idb" ]
result "each database has its own random id (16 hex digits)"

# --- new sheets, round trip --------------------------------------------------------
run 0 --db "$A" import "$JM" "$JD" "$XF" "$ZJ" && [ "$(report_count 新增)" -eq 4 ]
result "samples (no history) imported into A: 4 新增"
run 0 --db "$A" export --all -o "$T/a1.yaml" && [ "$(grep -c '^  audit:$' "$T/a1.yaml")" -eq 4 ] &&
	grep -q "^  - id: \"*$ida:[0-9]*\"*$" "$T/a1.yaml"
result "export --format yaml writes each sheet's audit list with A's ids"
run 0 --db "$B" import "$T/a1.yaml" && [ "$(report_count 新增)" -eq 4 ] && out_has "新增 4" && out_has "冲突 0"
result "bundle into B: 4 新增, totals line"
# the import held the guard on new indicator rows of finalised sheets itself
# and made its trigger again before COMMIT: B's schema is a new database's
run 0 --db "$T/fresh.db" init &&
	q "$T/fresh.db" "SELECT type, name, sql FROM sqlite_master ORDER BY type, name" >"$T/schema-fresh" &&
	q "$B" "SELECT type, name, sql FROM sqlite_master ORDER BY type, name" >"$T/schema-b" &&
	cmp -s "$T/schema-fresh" "$T/schema-b" && grep -q "^trigger|indicators_final_insert|" "$T/schema-b"
result "after the import B's schema is a new database's, the trigger guarding finalised sheets' indicators included"
run 0 --db "$B" export --all -o "$T/b1.yaml" && cmp -s "$T/a1.yaml" "$T/b1.yaml"
result "bundle of all four samples: export, import into an empty database, export gives the same bytes"
run 0 --db "$C" import "$T/b1.yaml" && run 0 --db "$C" export --all -o "$T/c1.yaml" && cmp -s "$T/a1.yaml" "$T/c1.yaml"
result "and once more through a third database"

# --- audit rows travel --------------------------------------------------------------
ja=$(q "$A" "SELECT id FROM sheets WHERE uid = '$JD_UID'")
jb=$(q "$B" "SELECT id FROM sheets WHERE uid = '$JD_UID'")
q "$A" "SELECT gid, at, \"user\", field FROM audit WHERE sheet_id = $ja ORDER BY id" >"$T/ha"
q "$B" "SELECT gid, at, \"user\", field FROM audit WHERE sheet_id = $jb ORDER BY id" >"$T/hb"
[ -s "$T/ha" ] && cmp -s "$T/ha" "$T/hb" && grep -q "^$ida:" "$T/hb"
result "A's audit rows are in B with A's ids, times, users and fields"
sumb=$(dbsum "$B")
run 0 --db "$B" import "$T/a1.yaml" && [ "$(report_count 未变)" -eq 4 ] && [ "$(dbsum "$B")" = "$sumb" ] &&
	[ "$(q "$B" "SELECT count(*) FROM audit")" -eq 4 ]
result "the same bundle again: 4 未变, no row twice, database untouched"

# --- newer ----------------------------------------------------------------------------
run 0 --db "$A" --user alice set "$JD_UID" info:manager 张三 && run 0 --db "$A" export "$JD_UID" -o "$T/a2.yaml"
run 0 --db "$B" import "$T/a2.yaml" && [ "$(report_count 已更新)" -eq 1 ] && out_has "已更新 1" &&
	[ "$(field "$B" "$JD_UID" manager)" = 张三 ] &&
	[ "$(q "$B" "SELECT count(*) FROM audit WHERE sheet_id = $jb AND \"user\" = 'alice' AND gid LIKE '$ida:%'")" -eq 1 ]
result "A edited, B imports: 已更新, B has A's value and A's audit row"
run 0 --db "$B" history "$JD_UID" info:manager && out_has "alice" && out_has "张三"
result "B's history shows A's change"

# --- older -----------------------------------------------------------------------------
run 0 --db "$B" import "$T/a1.yaml" && [ "$(report_count 本机较新)" -eq 1 ] && [ "$(report_count 未变)" -eq 3 ] &&
	[ "$(field "$B" "$JD_UID" manager)" = 张三 ]
result "B imports A's older bundle: 本机较新, B's version kept (and 3 未变)"

# --- identical -------------------------------------------------------------------------
sumb=$(dbsum "$B")
run 0 --db "$B" import "$T/a2.yaml" && [ "$(report_count 未变)" -eq 1 ] && [ "$(dbsum "$B")" = "$sumb" ]
result "the same version again: 未变, database untouched"

# --- both edited -----------------------------------------------------------------------
run 0 --db "$A" --user alice set "$JD_UID" info:phone 0798-1111111 &&
	run 0 --db "$B" --user bob set "$JD_UID" info:filler 李四 && run 0 --db "$A" export "$JD_UID" -o "$T/a3.yaml"
run 0 --db "$B" import "$T/a3.yaml" && [ "$(report_count 冲突)" -eq 1 ] && out_has "冲突 1" && err_has "resolve"
result "both edited: 冲突 reported, exit 0, said on stderr too"
run 0 --db "$B" list && [ "$(tail -n +2 "$T/out" | grep -c .)" -eq 5 ] && out_has "（冲突副本" &&
	grep "冲突副本" "$T/out" | grep -q "冲突 "
result "list: the other version as a conflict copy, status 冲突"
copy=$(q "$B" "SELECT id FROM sheets WHERE conflict_of = $jb")
[ -n "$copy" ] && [ "$(field "$B" "$JD_UID" filler)" = 李四 ] && [ -z "$(field "$B" "$JD_UID" phone)" ] &&
	[ "$(q "$B" "SELECT phone FROM sheets WHERE id = $copy")" = 0798-1111111 ] &&
	[ -z "$(q "$B" "SELECT filler FROM sheets WHERE id = $copy")" ]
result "nothing lost: B's sheet as B left it, A's version whole in the copy"
run 0 --db "$B" import "$T/a3.yaml" && [ "$(report_count 冲突)" -eq 1 ] &&
	[ "$(q "$B" "SELECT count(*) FROM sheets WHERE conflict_of = $jb")" -eq 1 ]
result "the same bundle again: still one conflict copy"
run 0 --db "$B" export --all -o "$T/b2.yaml" && [ "$(grep -c '^- uid:' "$T/b2.yaml")" -eq 4 ] && err_has "冲突副本"
result "export --all leaves the unsettled copy out and says so"
run 0 --db "$B" export --all --format csv -o "$T/b2.csv" &&
	[ "$(cat "$T/err")" = "jixiao: 1 张冲突副本未导出；请先用 jixiao resolve 处理冲突" ] &&
	[ "$(cat "$T/out")" = "已导出 4 张评价表到 $T/b2.csv" ]
result "export --all --format csv leaves it out too, with the same words"
run 3 --db "$B" export "$copy" -o "$T/copy.yaml" && [ ! -e "$T/copy.yaml" ] &&
	[ "$(cat "$T/err")" = "jixiao: 评价表 $copy 是评价表 $jb 的冲突副本，不能作为交换文件导出；请先用 jixiao resolve 处理" ]
result "a conflict copy cannot go into a bundle: exit 3"
run 0 --db "$B" export "$copy" --format csv -o "$T/copy.csv" && grep -q "0798-1111111" "$T/copy.csv"
result "a conflict copy named by its number goes into a CSV export (A's version: its telephone)"
run 0 --db "$B" show "$copy" && out_has "resolve"
result "show names the conflict and how to settle it"

# --- resolve -----------------------------------------------------------------------------
dbsum "$B" >/dev/null && cp "$B" "$T/b-incoming.db"
run 2 --db "$B" resolve "$jb"
result "resolve without --keep: usage error"
run 0 --db "$B" --user bob resolve "$jb" --keep local && [ "$(field "$B" "$JD_UID" filler)" = 李四 ] &&
	[ -z "$(field "$B" "$JD_UID" phone)" ] && run 0 --db "$B" list && [ "$(tail -n +2 "$T/out" | grep -c .)" -eq 4 ] &&
	! out_has "冲突副本" && [ "$(q "$B" "SELECT deleted FROM sheets WHERE id = $copy")" -eq 1 ] &&
	[ "$(q "$B" "SELECT count(*) FROM audit WHERE sheet_id = $jb AND field = 'sheet:resolve' AND new_value = 'local'")" -eq 1 ]
result "resolve --keep local: B's content stays, the copy goes to the trash, audited"
run 3 --db "$B" resolve "$jb" --keep local && err_has "没有待解决的冲突"
result "nothing left to resolve: exit 3"
run 0 --db "$B" export "$JD_UID" -o "$T/b3.yaml" && run 0 --db "$A" import "$T/b3.yaml" &&
	[ "$(report_count 已更新)" -eq 1 ] && [ "$(field "$A" "$JD_UID" filler)" = 李四 ] && [ -z "$(field "$A" "$JD_UID" phone)" ]
result "A takes B's decision: its history is contained in B's, 已更新"
run 0 --db "$A" export "$JD_UID" -o "$T/a4.yaml" && run 0 --db "$B" import "$T/a4.yaml" && [ "$(report_count 未变)" -eq 1 ]
result "after the decision both machines agree: 未变"

run 0 --db "$T/b-incoming.db" resolve "$copy" --keep incoming &&
	[ "$(field "$T/b-incoming.db" "$JD_UID" phone)" = 0798-1111111 ] && [ -z "$(field "$T/b-incoming.db" "$JD_UID" filler)" ] &&
	[ "$(q "$T/b-incoming.db" "SELECT count(*) FROM sheets WHERE uid = '$JD_UID' AND deleted = 0")" -eq 1 ] &&
	[ "$(q "$T/b-incoming.db" "SELECT deleted FROM sheets WHERE id = $copy")" -eq 1 ]
result "resolve --keep incoming (named by the copy): A's content under B's sheet, the copy in the trash"

# --- bad bundles: nothing imported -------------------------------------------------------
sumb=$(dbsum "$B")
awk '{ if (!done && index($0, "  - id: ") == 1) { print "  - id: not-an-id"; done = 1 } else print }' \
	"$T/a1.yaml" >"$T/bad-id.yaml"
line=$(grep -n "not-an-id" "$T/bad-id.yaml" | cut -d: -f1)
run 3 --db "$B" import "$T/a3.yaml" "$T/bad-id.yaml" && err_has "bad-id.yaml:$line:9: " && [ "$(dbsum "$B")" = "$sumb" ]
result "a bad audit id: exit 3 with file:line:column, nothing imported (not even the good bundle)"
sed 's/^    user: .*$/    user:/' "$T/a1.yaml" >"$T/no-user.yaml"
run 3 --db "$B" import "$T/no-user.yaml" && err_has "no-user.yaml:[0-9]*:[0-9]*: " && [ "$(dbsum "$B")" = "$sumb" ]
result "an audit row without its user: exit 3, database unchanged"

# a copied database file: both copies write rows with the same ids
dbsum "$A" >/dev/null && cp "$A" "$T/copied.db"
run 0 --db "$A" set "$JD_UID" info:filler 甲 && run 0 --db "$T/copied.db" set "$JD_UID" info:filler 乙 &&
	run 0 --db "$T/copied.db" export --all -o "$T/copied.yaml"
suma=$(dbsum "$A")
run 3 --db "$A" import "$T/copied.yaml" && err_has "复制" && [ "$(dbsum "$A")" = "$suma" ]
result "a bundle from a copied database file (same ids, other content): refused, database unchanged"

# --- forged bundles: refused, or kept aside; never taken --------------------------------
# F: a fresh database with the Jiangmen sample (全年执行数 480.82, 1 audit row;
# the database keeps money in millionths of 万元: 1935 is 1935000000)
F=$T/f.db
JM_UID=4560a821-3f37-4679-addc-2963aa08b58b
run 0 --db "$F" import "$JM" && run 0 --db "$F" export "$JM_UID" -o "$T/f1.yaml"
idf=$(q "$F" "SELECT value FROM meta WHERE key = 'db_id'")
# forged: our history plus a row that changes nothing, and 480.82 → 1935
sed 's/spent: 480.82/spent: 1935/' "$T/f1.yaml" >"$T/noop.yaml"
cat >>"$T/noop.yaml" <<'EOF2'
  - id: "1111111111111111:1"
    at: "2025-01-02T03:04:05Z"
    user: mallory
    field: info:filler
EOF2
run 0 --db "$F" import "$T/noop.yaml" && out_has "历史与内容不符" && [ "$(report_count 冲突)" -eq 1 ] &&
	[ "$(field "$F" "$JM_UID" spent)" = 480.82 ] &&
	[ "$(q "$F" "SELECT count(*) FROM sheets WHERE conflict_of IS NOT NULL")" -eq 1 ] &&
	[ "$(q "$F" "SELECT spent FROM funds JOIN sheets ON sheets.id = sheet_id WHERE conflict_of IS NOT NULL AND source = '当年财政拨款'")" -eq 1935000000 ]
result "history + a row that changes nothing, content 480.82 → 1935: 历史与内容不符, ours kept, theirs a conflict copy"
run 0 --lang en --db "$T/f-en.db" import "$T/f1.yaml" && run 0 --lang en --db "$T/f-en.db" import "$T/noop.yaml" &&
	out_has "history does not match content"
result "--lang en: history does not match content"

sumf=$(dbsum "$F")
sed '$d' "$T/noop.yaml" | sed "s/1111111111111111:1/$idf:2/" >"$T/own.yaml"
printf '    field: info:filler\n    new: forged\n' >>"$T/own.yaml"
run 3 --db "$F" import "$T/own.yaml" "$JD" && err_has "伪造" && err_has "$idf:2" && [ "$(dbsum "$F")" = "$sumf" ]
result "a row with this database's id that it never made: exit 3, forged or damaged, nothing imported"
run 0 --db "$F" set "$JM_UID" info:filler 张三 && run 0 --db "$F" export --all -o "$T/f2.yaml" &&
	run 0 --db "$F" import "$T/f2.yaml" && [ "$(report_count 未变)" -eq 1 ]
result "afterwards set works and the database's own export --all imports into itself: 未变"

sumf=$(dbsum "$F")
cp "$T/f1.yaml" "$T/fin.yaml"
cat >>"$T/fin.yaml" <<'EOF2'
  - id: "2222222222222222:1"
    at: "2025-01-02T03:04:05Z"
    user: mallory
    field: sheet:finalise
    old: draft
    new: "sha256:0000000000000000000000000000000000000000000000000000000000000000"
EOF2
run 3 --db "$F" import "$T/fin.yaml" && err_has "伪造" && [ "$(dbsum "$F")" = "$sumf" ]
result "a sheet (submitted) arriving with a forged sheet:finalise row: exit 3, database unchanged"
sed 's/^  status: .*$/  status: final/' "$T/fin.yaml" >"$T/fin2.yaml"
run 3 --db "$F" import "$T/fin2.yaml" && err_has "摘要" && [ "$(dbsum "$F")" = "$sumf" ]
result "final, but the finalise row's digest is not the content's: exit 3, database unchanged"
for bad in 'zzzz:1' '0123456789abcdef:01' 'at: "2024-13-45T99:99:99Z"' 'at: "2999-01-01T00:00:00Z"'; do
	case $bad in
	at:*) sed "0,/^    at: .*/s//    $bad/" "$T/f1.yaml" >"$T/badrow.yaml" ;;
	*) sed "0,/^  - id: .*/s//  - id: \"$bad\"/" "$T/f1.yaml" >"$T/badrow.yaml" ;;
	esac
	run 3 --db "$F" import "$T/badrow.yaml" && err_has "badrow.yaml:[0-9]*:[0-9]*: " && [ "$(dbsum "$F")" = "$sumf" ] ||
		echo "#   refused: $bad"
	result "an audit row with $bad: exit 3 with file:line:column, database unchanged"
done

# --- the trash travels ---------------------------------------------------------------------
# G has the Jiangmen sheet from F's bundle; F trashes it and exports --all
G=$T/g.db
run 0 --db "$G" import "$T/f1.yaml" && run 0 --db "$F" trash "$JM_UID" &&
	run 0 --db "$F" export --all -o "$T/trash.yaml" && grep -q "^- uid: \"*$JM_UID\"*$" "$T/trash.yaml" &&
	grep -q "field: sheet:deleted" "$T/trash.yaml"
result "export --all writes a sheet in the trash, its history ending in sheet:deleted"
run 0 --db "$G" import "$T/trash.yaml" && [ "$(report_count 已更新)" -eq 1 ] &&
	[ "$(q "$G" "SELECT deleted FROM sheets WHERE uid = '$JM_UID'")" -eq 1 ]
result "imported where it was live: it goes to the trash there too"
run 0 --db "$T/h.db" import "$T/trash.yaml" && out_has "回收站" &&
	[ "$(q "$T/h.db" "SELECT deleted FROM sheets WHERE uid = '$JM_UID'")" -eq 1 ]
result "imported where it was not: it arrives in the trash, not live"
run 0 --db "$F" restore "$JM_UID" && run 0 --db "$F" export --all -o "$T/restored.yaml" &&
	run 0 --db "$G" import "$T/restored.yaml" &&
	[ "$(q "$G" "SELECT deleted FROM sheets WHERE uid = '$JM_UID'")" -eq 0 ]
result "restored on F: out of the trash on G"

# --- a bundle over 8 MiB: 10,000 sheets ----------------------------------------------------
# each sheet about 970 bytes with its audit row, so the bundle (about 9.7 MB)
# is over 8 MiB (8,388,608 bytes) while no sheet comes near the 8 MiB limit
# for one sheet.  The sanitizer build (run.sh runs this file with it too)
# takes 1,000 sheets of about 9.1 KB instead: the same bytes through the
# streaming reader, at a tenth of the database work that the sanitizers
# make slow.
big_n=10000
pad_len=650
case $J in *asan*) big_n=1000 pad_len=8800 ;; esac
pad=$(printf "%0${pad_len}d" 0 | tr 0 x)
awk -v pad="$pad" -v n=$big_n 'BEGIN { print "jixiao: 1"; print "sheets:"
	for (i = 1; i <= n; i++)
		printf "  - uid: s%05d\n    template: external-result\n    year: 2024\n    info: {name: 项目%05d, background: %s}\n", i, i, pad }' >"$T/gen.yaml"
run 0 --db "$T/big.db" import "$T/gen.yaml" && [ "$(report_count 新增)" -eq $big_n ] &&
	run 0 --db "$T/big.db" export --all -o "$T/big.yaml" && [ "$(wc -c <"$T/big.yaml")" -gt 8388608 ] &&
	[ "$(grep -c '^- uid:' "$T/big.yaml")" -eq $big_n ]
result "export --all of $big_n sheets writes a bundle over 8 MiB"
run 0 --db "$T/big2.db" import "$T/big.yaml" && [ "$(report_count 新增)" -eq $big_n ] &&
	run 0 --db "$T/big2.db" export --all -o "$T/big2.yaml" && cmp -s "$T/big.yaml" "$T/big2.yaml"
result "the $big_n-sheet bundle imports into another database (新增 $big_n) and exports the same bytes"
run 0 --db "$T/big.db" import "$T/big.yaml" && [ "$(report_count 未变)" -eq $big_n ]
result "the $big_n-sheet bundle imports into its own database: 未变 $big_n"

# --- an import that fails part-way imports nothing --------------------------------------------
# import merges each sheet as soon as it is read, all in one transaction:
# a bad sheet read after hundreds of sheets were stored must leave the
# database as it was (and a database the import was to create, absent).
# One sheet a file: "jixiao: 1", "sheets:", then the sheet's four lines, so
# the year of each file's sheet is on line 5, its value at column 11.
mkdir "$T/many" &&
	awk -v dir="$T/many" 'BEGIN { for (i = 1; i <= 1000; i++) {
		f = sprintf("%s/f%04d.yaml", dir, i)
		printf "jixiao: 1\nsheets:\n  - uid: m%04d\n    template: external-result\n    year: %s\n    info: {name: 项目%04d}\n",
			i, i == 900 ? "20x4" : "2024", i > f
		close(f) } }' &&
	run 0 --db "$T/part.db" import "$JM" && sum_before=$(dbsum "$T/part.db") &&
	run 3 --db "$T/part.db" import "$T"/many/f*.yaml && err_has "f0900.yaml:5:11: " && err_has "未导入任何评价表" &&
	[ "$(dbsum "$T/part.db")" = "$sum_before" ] && [ "$(q "$T/part.db" 'SELECT count(*) FROM sheets')" -eq 1 ] &&
	[ "$(q "$T/part.db" 'SELECT count(*) FROM audit')" -eq "$(q "$T/part.db" "SELECT count(*) FROM audit WHERE sheet_id = 1")" ]
result "import of 1,000 files with a bad sheet in file 900: exit 3, the error at f0900.yaml:5:11, the database unchanged"
run 3 --db "$T/part-new.db" import "$T"/many/f*.yaml && [ ! -e "$T/part-new.db" ] && [ ! -e "$T/part-new.db-wal" ]
result "the same import into a new database leaves no database file"
rm -f "$T/many/f0900.yaml"
run 0 --db "$T/part.db" import "$T"/many/f*.yaml && [ "$(report_count 新增)" -eq 999 ] &&
	[ "$(q "$T/part.db" 'SELECT count(*) FROM sheets')" -eq 1000 ]
result "without file 900 the other 999 files import (新增 999; 1 + 999 = 1,000 sheets)"
# A bundle of $big_n sheets (four lines each after the two-line header: sheet
# k's year on line 4k + 1) whose sheet big_n - 10 has a bad year, and one
# whose last sheet names a template no one has: nothing of either comes in.
bad_k=$((big_n - 10))
awk -v n=$big_n -v bad=$bad_k 'BEGIN { print "jixiao: 1"; print "sheets:"
	for (i = 1; i <= n; i++)
		printf "  - uid: b%05d\n    template: external-result\n    year: %s\n    info: {name: 项目%05d}\n", i,
			i == bad ? "20x4" : "2024", i }' >"$T/late-bad.yaml" &&
	sum_before=$(dbsum "$T/part.db") &&
	run 3 --db "$T/part.db" import "$T/late-bad.yaml" && err_has "late-bad.yaml:$((4 * bad_k + 1)):11: " &&
	[ "$(dbsum "$T/part.db")" = "$sum_before" ] && [ "$(q "$T/part.db" 'SELECT count(*) FROM sheets')" -eq 1000 ]
result "a $big_n-sheet bundle with a bad sheet at $bad_k: exit 3, the error at its line $((4 * bad_k + 1)), the database unchanged"
awk -v n=$big_n 'BEGIN { print "jixiao: 1"; print "sheets:"
	for (i = 1; i <= n; i++)
		printf "  - uid: t%05d\n    template: %s\n    year: 2024\n    info: {name: 项目%05d}\n", i,
			i == n ? "no-such-template" : "external-result", i }' >"$T/late-tpl.yaml" &&
	run 3 --db "$T/part.db" import "$T/late-tpl.yaml" && err_has "no-such-template" &&
	[ "$(dbsum "$T/part.db")" = "$sum_before" ] && [ "$(q "$T/part.db" 'SELECT count(*) FROM sheets')" -eq 1000 ]
result "a $big_n-sheet bundle whose last sheet's template is unknown: exit 3, the database unchanged"

# --- export --year ---------------------------------------------------------------------------
run 0 --db "$C" export --year 2023 -o "$T/y2023.yaml" && [ "$(grep -c '^- uid:' "$T/y2023.yaml")" -eq 2 ] &&
	grep -q "^  year: 2023$" "$T/y2023.yaml" && ! grep -q "^  year: 20[^2]" "$T/y2023.yaml" && ! grep -q "^  year: 202[^3]" "$T/y2023.yaml"
result "export --year 2023: the two 2023 sheets (Jingdezhen, Zhanjiang)"
run 2 --db "$C" export --year 2023 "$JD_UID" -o "$T/x.yaml"
result "--year with IDs: usage error"

echo "1..$n"
[ "$fails" -eq 0 ]
