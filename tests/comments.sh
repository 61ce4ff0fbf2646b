#!/bin/sh
# Comments on fields (批注), end to end: ./jixiao on temporary databases
# a.db (the reviewer's machine A) and b.db (the unit's machine B) carrying
# YAML bundles.  Prints TAP lines ("ok N - name" / "not ok N - name");
# everything else it prints starts with "# ".  Run from the top of the tree.
#
# Expected results come from the rules (src/comment.h, share/sheet-format.md
# "Comments"), not from the program:
#   comments are numbered 1.. in the order they were written
#   a note is one line, not empty, at most 500 characters, without the
#   characters that reorder a line (U+202E …)
#   bundles: each side takes the comment rows it lacks; both sides' answers
#   are kept; answers never change the status; the last resolve or reopen
#   decides it (resolved on A and answered on B: resolved, answer kept)
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/run.sh

J=${JIXIAO:-./jixiao}
JM=share/samples/jiangmen-2022-project-self.yaml

# comment rows of a database
crows() { q "$1" "SELECT count(*) FROM audit WHERE field GLOB 'comment:*'"; }

work_dir comments
A=$T/a.db
B=$T/b.db

# --- one database: comment, list, answer, resolve, reopen ------------------
run 0 --db "$A" import "$JM" && run 0 --db "$A" --user 审核员 comment 1 ind:r25:actual "实际完成值与验收单不符，请附验收单" &&
	out_has "已在评价表 1 添加第 1 条批注"
result "comment on an indicator's actual value, in Chinese"
run 0 --db "$A" --user 审核员 comment 1 fund:当年财政拨款 "支出率偏低，请说明原因" && out_has "第 2 条批注" &&
	run 0 --db "$A" --user 审核员 comment 1 narr:problems "问题写得太笼统" && out_has "第 3 条批注" &&
	run 0 --db "$A" --user 审核员 comment 1 ind:r3 "整条指标请核对" && out_has "第 4 条批注"
result "comments on a whole fund row, the narrative and a whole indicator"

# r25 is 评审项目总数量 (the sample's indicator named so); its actual value
# is 实际完成值: the place in words as history and show name it
run 0 --db "$A" comments 1 && out_has "批注 4 条，未解决 4 条" &&
	out_has "^1\. \[未解决\] 评审项目总数量 · 实际完成值（ind:r25:actual）$" &&
	out_has "^   .*  审核员  实际完成值与验收单不符，请附验收单$" &&
	out_has "^2\. \[未解决\] 资金来源“当年财政拨款”（整行）（fund:当年财政拨款）$" &&
	out_has "^4\. \[未解决\] 推动江门大型产业集聚区发展（整条指标）（ind:r3）$"
result "comments lists them numbered, places in Chinese labels, status 未解决"

run 0 --db "$A" --user 单位 answer 1 1 "已补附验收单" && out_has "已答复评价表 1 的第 1 条批注" &&
	run 0 --db "$A" --user 审核员 resolve-comment 1 2 && out_has "第 2 条批注已标为已解决" &&
	run 0 --db "$A" comments 1 && out_has "^     答复 .*  单位  已补附验收单$" &&
	out_has "^2\. \[已解决\] " && out_has "^     标为已解决 .*  审核员$" && out_has "批注 4 条，未解决 3 条"
result "answer indented under its comment; resolve marks it 已解决"

run 0 --db "$A" comments 1 --open && ! out_has "^2\. " && out_has "^1\. " && out_has "^3\. " && out_has "^4\. "
result "comments --open leaves the resolved one out, numbers kept"

run 0 --db "$A" reopen-comment 1 2 && out_has "已重新打开" && run 0 --db "$A" comments 1 && out_has "^2\. \[未解决\] " &&
	out_has "^     重新打开 " && run 0 --db "$A" resolve-comment 1 2
result "reopen-comment opens it again; resolve again"

run 0 --db "$A" --lang en comments 1 && out_has "4 comments, 3 open" && out_has "^2\. \[resolved\] " &&
	out_has "^     answer "
result "--lang en: the list in English"

# every change is in the audit trail with who: 4 comments + 1 answer +
# resolve + reopen + resolve = 8 rows
[ "$(crows "$A")" -eq 8 ] && run 0 --db "$A" history 1 && out_has "  审核员  comment:[0-9a-f]*: ind:r25:actual -> 实际完成值与验收单不符" &&
	out_has "  单位  comment:[0-9a-f]*:answer:  -> 已补附验收单" && out_has "comment:[0-9a-f]*:status: resolved -> open"
result "comments, answers, resolve and reopen are in history with who (8 rows)"

# --- refusals: a message, exit 3 (or 2 for a bad number), nothing written ----
before=$(crows "$A")
run 3 --db "$A" comment 1 info:name "" && err_has "批注的内容不能为空"
result "empty note refused"
run 3 --db "$A" comment 1 info:name "   " && err_has "批注的内容不能为空"
result "blank note refused"
run 3 --db "$A" comment 1 info:name "$(printf 'abc\342\200\256def')" && err_has "U+202E"
result "a note with U+202E (reorders the line) refused"
run 3 --db "$A" comment 1 info:name "$(printf 'line one\nline two')" && err_has "不能换行"
result "a note of two lines refused"
# 501 characters: 500 × 字 and one more; 500 is accepted
long500=$(awk 'BEGIN { for (i = 0; i < 500; i++) printf "字" }')
run 3 --db "$A" comment 1 info:name "${long500}字" && err_has "批注太长：501 个字，最多 500 个字"
result "a note of 501 characters refused"
run 3 --db "$A" comment 1 ind:nosuch:actual "x" && err_has "无法批注“ind:nosuch:actual”"
result "a place the sheet does not have refused"
run 3 --db "$A" comment 1 fund:没有的来源 "x" && err_has "评价表中没有资金来源“没有的来源”"
result "a fund row the sheet does not have refused"
run 3 --db "$A" comment 1 ind:nosuch "x" && err_has "没有编号为“nosuch”的指标"
result "an indicator the sheet does not have refused"
run 3 --db "$A" comment 1 bogus "x" && err_has "无法批注“bogus”"
result "not a field refused"
run 2 --db "$A" answer 1 0 "x" && err_has "批注序号须为正整数" && run 2 --db "$A" answer 1 abc "x"
result "comment number 0 or abc: exit 2"
run 3 --db "$A" answer 1 9 "x" && err_has "评价表 1 没有第 9 条批注（共 4 条）"
result "comment 9 of 4 refused"
run 3 --db "$A" resolve-comment 1 2 && err_has "第 2 条批注已经解决"
result "resolving a resolved comment refused"
run 3 --db "$A" reopen-comment 1 1 && err_has "第 1 条批注尚未解决"
result "reopening an open comment refused"
run 3 --db "$A" comment 99 info:name "x" && err_has "找不到评价表 99"
result "unknown sheet refused"
[ "$(crows "$A")" -eq "$before" ]
result "nothing written by the refusals"
run 0 --db "$A" comment 1 info:name "$long500" && out_has "第 5 条批注" && [ "$(crows "$A")" -eq $((before + 1)) ]
result "a note of exactly 500 characters accepted"

# a finalised sheet still takes comments (they are not its content)
run 0 --db "$A" finalise 1 --force && run 0 --db "$A" answer 1 5 "定稿后答复" && run 0 --db "$A" verify 1 &&
	out_has "定稿内容完好" && run 0 --db "$A" reopen 1 --reason 继续审核
result "a finalised sheet takes answers and stays intact"

# --- two databases through bundles ----------------------------------------
run 0 --db "$A" export 1 -o "$T/a1.yaml" && [ "$(grep -c 'field: comment:' "$T/a1.yaml")" -eq "$(crows "$A")" ] &&
	run 0 --db "$B" import "$T/a1.yaml" && out_has "新增" && run 0 --db "$B" comments 1 && cp "$T/out" "$T/b-list" &&
	run 0 --db "$A" comments 1 && cmp -s "$T/out" "$T/b-list"
result "comments travel in a bundle with their history: the same list on B"

# both sides answer comment 1, then exchange both ways
run 0 --db "$A" --user 审核员 answer 1 1 "附件页码请标注" && run 0 --db "$B" --user 单位 answer 1 1 "验收单见附件三" &&
	run 0 --db "$A" export 1 -o "$T/a2.yaml" && run 0 --db "$B" export 1 -o "$T/b2.yaml" &&
	run 0 --db "$B" import "$T/a2.yaml" && out_has "已更新" && run 0 --db "$A" import "$T/b2.yaml" && out_has "已更新"
result "both sides answered: each import is 已更新, no conflict"
run 0 --db "$A" comments 1 && cp "$T/out" "$T/a-list" && run 0 --db "$B" comments 1 && cmp -s "$T/out" "$T/a-list" &&
	[ "$(sed -n '/^1\. /,/^2\. /p' "$T/out" | grep -c '^     答复 ')" -eq 3 ] && out_has "  审核员  附件页码请标注$" &&
	out_has "  单位  验收单见附件三$" && [ "$(q "$A" "SELECT count(*) FROM sheets")" -eq 1 ]
result "both answers kept (3 in all), the same list in the same order on both"

# resolve on A, answer on B: resolved with the answer kept
run 0 --db "$A" resolve-comment 1 1 && run 0 --db "$B" --user 单位 answer 1 1 "补充：附件四为照片" &&
	run 0 --db "$A" export 1 -o "$T/a3.yaml" && run 0 --db "$B" export 1 -o "$T/b3.yaml" &&
	run 0 --db "$B" import "$T/a3.yaml" && run 0 --db "$A" import "$T/b3.yaml" &&
	run 0 --db "$A" comments 1 && out_has "^1\. \[已解决\] " && out_has "补充：附件四为照片$" && cp "$T/out" "$T/a-list" &&
	run 0 --db "$B" comments 1 && cmp -s "$T/out" "$T/a-list"
result "resolved on A, answered on B: resolved on both, the answer kept"

# a field edited on B while A only commented: B's version is taken on A
# (comments do not make the histories diverge)
run 0 --db "$A" comment 1 info:manager "负责人请签字" && run 0 --db "$B" set 1 info:manager 李四 &&
	run 0 --db "$B" export 1 -o "$T/b4.yaml" && run 0 --db "$A" import "$T/b4.yaml" && out_has "已更新" &&
	out_has "冲突 0$" && run 0 --db "$A" show 1 && out_has "李四" && run 0 --db "$A" comments 1 && out_has "负责人请签字"
result "a field changed on B, a comment added on A: B's change taken on A, the comment kept"

# a forged bundle: a comment row with A's own id that A never wrote
dbid=$(q "$A" "SELECT value FROM meta WHERE key = 'db_id'")
cid=$(q "$A" "SELECT substr(field, 9) FROM audit WHERE field GLOB 'comment:*' AND field NOT GLOB 'comment:*:*' LIMIT 1")
cp "$T/b4.yaml" "$T/forged.yaml"
cat >>"$T/forged.yaml" <<EOF
  - id: $dbid:99999
    at: "2026-01-01T00:00:00Z"
    user: mallory
    origin: elsewhere
    field: comment:$cid:status
    old: open
    new: resolved
EOF
before=$(crows "$A")
run 3 --db "$A" import "$T/forged.yaml" && err_has "带有本数据库的编号" && [ "$(crows "$A")" -eq "$before" ]
result "a comment row with our own id we never wrote is refused, nothing imported"

echo "1..$n"
[ "$fails" -eq 0 ]
