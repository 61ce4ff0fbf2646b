#!/bin/sh
# The review round on the command line (share/rules.md §2.10): every step
# allowed and every one refused with its message, the roles, a return and
# its reason carried by a bundle between two databases, forged review rows,
# and the summary by unit of an import of several bundles.  TAP lines.
#
# The table the expectations come from (src/review.c, rules.md §2.10):
#   submit   unit      from 草稿 or 已退回  → 已送审
#   return   reviewer  from 已送审 (reason) → 已退回
#   approve  reviewer  from 已送审          → 已审核
# a refused step exits 3 (the input's fault) and changes nothing.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
J=${JIXIAO:-./jixiao}
S=share/samples
JM=$S/jiangmen-2022-project-self.yaml
JD=$S/jingdezhen-2023-external.yaml
XF=$S/xinfeng-2024-dept-eval.yaml
if [ ! -x "$J" ]; then
	notok "./jixiao is built"
	exit 1
fi
work_dir review
export HOME="$T/home" JIXIAO_LANG=zh
unset JIXIAO_ROLE

# try EXIT ARGS...: jixiao's output in $T/out and $T/err; true when it
# exited with EXIT
try() {
	want=$1
	shift
	"$J" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	[ "$got" -eq "$want" ] && return 0
	echo "# jixiao $*: exit $got, not $want: $(head -c 300 "$T/err")"
	return 1
}
check() { # NAME: ok when the last && chain held
	if [ $? -eq 0 ]; then ok "$1"; else notok "$1" "out: $(head -c 300 "$T/out")" "err: $(head -c 300 "$T/err")"; fi
}
has() { grep -qF -- "$2" "$T/$1"; }
status_of() { # DB ID: the status column as list shows it
	"$J" --db "$1" list 2>/dev/null | awk -v id="$2" '$1 == id { print $(NF - 1) }'
}
A="--db $T/a.db"

try 0 $A import "$JM" && try 0 $A set 1 status draft && [ "$(status_of "$T/a.db" 1)" = 草稿 ]
check "a sample sheet set back to 草稿 to start the round"

# ---- refused by role ----
try 3 $A --review submit 1 && has err "审核人不能上报：只有填报单位可以上报"
check "a reviewer cannot submit"
try 3 $A return 1 --reason 缺材料 && has err "填报单位不能退回：只有审核人可以退回"
check "a unit cannot return"
try 3 $A approve 1 && has err "填报单位不能审核通过：只有审核人可以审核通过"
check "a unit cannot approve"
try 3 $A --lang en approve 1 && has err "a unit cannot approve: only a reviewer may approve"
check "the role refusal in English"
JIXIAO_ROLE=reviewer try 3 $A submit 1 && has err "审核人不能上报"
check "JIXIAO_ROLE=reviewer is a reviewer without --review"
JIXIAO_ROLE=boss try 2 $A list && has err "JIXIAO_ROLE 应为 unit (填报单位) 或 reviewer (审核人)"
check "an unknown JIXIAO_ROLE is a usage error"
[ "$(status_of "$T/a.db" 1)" = 草稿 ]
check "nothing refused changed the status"

# ---- from 草稿 ----
try 3 $A --review return 1 --reason 缺材料 && has err "评价表状态为“草稿”，不能退回：只有已送审的评价表可以退回"
check "a draft cannot be returned"
try 3 $A --review approve 1 && has err "评价表状态为“草稿”，不能审核通过：只有已送审的评价表可以审核通过"
check "a draft cannot be approved"
try 0 $A --user 张会计 submit 1 && has out "评价表 1（工业发展管理经费）：草稿 → 已送审"
check "submit: 草稿 → 已送审"

# ---- from 已送审 ----
try 3 $A submit 1 && has err "评价表状态为“已送审”，不能上报：只有草稿或已退回的评价表可以上报"
check "a submitted sheet cannot be submitted again"
try 2 $A --review return 1 && has err "return 需要用 --reason 写明退回的原因"
check "return without --reason is a usage error"
try 3 $A --review return 1 --reason "" && has err "退回须写明原因"
check "an empty reason is refused"
try 3 $A --review return 1 --reason "第一行
第二行" && has err "此处只能填写一行文字，不能换行"
check "a reason of two lines is refused"
long=$(printf '%0501d' 0)
try 3 $A --review return 1 --reason "$long" && has err "退回原因太长：501 字节，最多 500 字节"
check "a reason of 501 bytes is refused (500 at most)"
try 3 $A set 1 status returned && has err "退回须写明原因，请用退回功能"
check "set cannot return a sheet without a reason"
[ "$(status_of "$T/a.db" 1)" = 已送审 ]
check "the refused returns changed nothing"
try 0 $A --review --user 李审核 return 1 --reason "  请补充第3项指标的佐证材料  " &&
	has out "已送审 → 已退回"
check "return: 已送审 → 已退回"
[ "$(status_of "$T/a.db" 1)" = 已退回 ]
check "list shows 已退回"
try 0 $A show 1 && has out "退回原因" && has out "请补充第3项指标的佐证材料（李审核，"
check "show prints the last return's reason (trimmed) and who returned it"
try 0 $A history 1 && has out "李审核  sheet:return: submitted -> 请补充第3项指标的佐证材料" &&
	has out "张会计  sheet:submit: draft -> submitted"
check "each step is in the history with who and why"

# ---- from 已退回 ----
try 3 $A --review return 1 --reason 再退 && has err "评价表状态为“已退回”，不能退回"
check "a returned sheet cannot be returned again"
try 3 $A --review approve 1 && has err "评价表状态为“已退回”，不能审核通过"
check "a returned sheet cannot be approved"
try 3 $A finalise 1 --force && has err "评价表 1 已退回填报单位，不能定稿"
check "a returned sheet cannot be finalised"
try 0 $A set 1 info:manager 王五 && [ "$(status_of "$T/a.db" 1)" = 已退回 ]
check "the unit edits a returned sheet; it stays 已退回"
try 0 $A submit 1 && has out "已退回 → 已送审"
check "submit answers a return: 已退回 → 已送审"

# ---- from 已审核 ----
try 0 $A --review approve 1 && has out "已送审 → 已审核"
check "approve: 已送审 → 已审核"
try 3 $A submit 1 && has err "评价表状态为“已审核”，不能上报"
check "a reviewed sheet cannot be submitted"
try 3 $A --review return 1 --reason x && has err "评价表状态为“已审核”，不能退回"
check "a reviewed sheet cannot be returned"
try 3 $A --review approve 1 && has err "评价表状态为“已审核”，不能审核通过"
check "a reviewed sheet cannot be approved again"
try 0 $A finalise 1 --force && [ "$(status_of "$T/a.db" 1)" = 定稿 ]
check "a reviewed sheet is finalised (定稿)"
try 3 $A --review return 1 --reason x && has err "不能退回"
check "a finalised sheet cannot be returned"

# ---- a return carried by a bundle between two databases ----
B="--db $T/b.db"
C="--db $T/c.db"
try 0 $B import "$JM" && try 0 $B export 1 -o "$T/up.yaml" && try 0 $C import "$T/up.yaml" &&
	try 0 $C --review --user 县财政局 return 1 --reason "资金执行率说明不足" && try 0 $C export 1 -o "$T/back.yaml"
check "the bureau returns a unit's sheet and exports it"
grep -q '^  status: returned$' "$T/back.yaml" && grep -q 'field: sheet:return' "$T/back.yaml"
check "the bundle holds the status returned and the return row"
try 0 $B import "$T/back.yaml" && has out "已更新" && [ "$(status_of "$T/b.db" 1)" = 已退回 ] &&
	try 0 $B show 1 && has out "资金执行率说明不足（县财政局，"
check "the unit receives it: 已退回 with the reason and the reviewer"
sed 's/^\(    new: \)资金执行率说明不足$/\1""/' "$T/back.yaml" >"$T/noreason.yaml"
try 3 --db "$T/e.db" import "$T/noreason.yaml" && has err "没有退回原因" && has err "伪造的或已损坏"
check "a return row without its reason is refused as forged"
sed 's/^  status: returned$/  status: reviewed/' "$T/back.yaml" >"$T/forged.yaml"
try 3 --db "$T/e.db" import "$T/forged.yaml" && has err "表格状态与它不符" && has err "伪造的或已损坏"
check "a sheet approved where its history says returned is refused as forged"

# ---- import of several bundles: a summary per unit ----
# The bureau (c.db) holds 江门's sheet returned (above) and 景德镇's sheet;
# 江门 answers the return (b.db submits again), 信丰 sends a new sheet,
# and 景德镇's sheet is changed both at the bureau and at the unit.
try 0 $B submit 1 && try 0 $B export 1 -o "$T/jm.yaml"
check "the unit submits again and exports"
D="--db $T/d.db"
try 0 $D import "$JD" && try 0 $D export 1 -o "$T/jd0.yaml" && try 0 $C import "$T/jd0.yaml" &&
	try 0 $C set 2 info:manager 局里改 && try 0 $D set 1 info:manager 单位改 && try 0 $D export 1 -o "$T/jd.yaml"
check "景德镇's sheet changed at both ends"
try 0 $C import "$T/jm.yaml" "$XF" "$T/jd.yaml"
check "the bureau imports three bundles"
has out "$T/jm.yaml: 已更新" && has out "$XF: 新增" && has out "$T/jd.yaml: 冲突"
check "the per-file lines stay"
# jm: returned here, arrives submitted → returned and answered (not counted
# as updated); xf: new; jd: conflict.  Totals 1 + 0 + 1 + 1 over 3 units.
has out "单位 江门市工业和信息化局（江门市工业和信息化局）：新增 0，已更新 0，退回后重新上报 1，冲突 0" &&
	has out "单位 信丰县工业和信息化局（工信局）：新增 1，已更新 0，退回后重新上报 0，冲突 0" &&
	has out "单位 景德镇市工业和信息化局（景德镇市工业和信息化局）：新增 0，已更新 0，退回后重新上报 0，冲突 1" &&
	has out "各单位合计（3 个单位）：新增 1，已更新 0，退回后重新上报 1，冲突 1"
check "one summary line per unit, then the totals"
try 0 $C --lang en import "$T/jm.yaml" "$XF" &&
	has out "all units (2): new 0, updated 0, returned and answered 0, conflicts 0"
check "imported again: nothing new, in English"
try 0 $C import "$XF" && ! has out "各单位合计"
check "a single file has no summary by unit"

echo "1..$n"
[ "$fails" -eq 0 ]
