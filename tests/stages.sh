#!/bin/sh
# A project's stages for a year on the command line: jixiao stage, list
# --stage, show, the declaration's checks and form, and the link carried by
# sheet files and bundles.  Prints TAP lines; run from the top of the tree.
#
# The declaration sample (share/samples/stages/jiangmen-2022-project-declaration.yaml)
# has 11 indicators; its one finding is W1707, 完成方案编制 due 2023-06-30
# after the 项目期 2022年1月—2022年12月.  Its 评审项目总数量 (r25) target is 6,
# stored as 6 × 10^6 millionths = 6000000; its budget 1935 万元 is 193500 fen
# × 10^4 = 1935000000 millionths.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/run.sh

J=${JIXIAO:-./jixiao}
DECL=share/samples/stages/jiangmen-2022-project-declaration.yaml
# the sheets listed: every line after the heading
rows() { tail -n +2 "$T/out" | grep -c .; }

work_dir stages
DB=$T/s.db

run 0 --db "$DB" import "$DECL" && run 0 --db "$DB" list && [ "$(rows)" -eq 1 ] &&
	grep -q "工业发展管理经费.*project-declaration-2020 *申报 *- *- *已送审 *1$" "$T/out"
result "a declaration is listed at stage 申报, with no total or grade and its one finding"

run 0 --db "$DB" check 1 && out_has "W1707" && out_has "完成方案编制：完成期限 2023-06-30 不在项目期（2022年1月—2022年12月）内" &&
	out_has "共 1 项"
result "check of the declaration sample: W1707 only"

run 3 --db "$DB" stage 1 monitoring && err_has "监控表须指定截止月份 --month N" && run 0 --db "$DB" list && [ "$(rows)" -eq 1 ]
result "stage monitoring without --month: exit 3, nothing made"
run 2 --db "$DB" stage 1 monitoring --month 13 && err_has "1 到 12"
result "stage --month 13: usage error"
run 2 --db "$DB" stage 1 final && err_has "未知阶段“final”"
result "stage with an unknown stage word: usage error"
run 3 --db "$DB" stage 1 self --month 3 && err_has "只有监控表有截止月份"
result "--month on a stage other than monitoring is refused"

run 0 --db "$DB" stage 1 monitoring --month 7 && out_has "已生成监控 1–7月表，编号 2" &&
	[ "$(q "$DB" "SELECT stage || ' ' || stage_month || ' ' || (stage_from = (SELECT uid FROM sheets WHERE id = 1)) FROM sheets WHERE id = 2")" = "monitoring 7 1" ]
result "stage 1 monitoring --month 7 makes sheet 2, linked to sheet 1 by uid"
run 3 --db "$DB" stage 2 monitoring --month 6 && err_has "已是 1–7 月的监控表"
result "a monitoring sheet covering fewer months cannot follow one for months 1-7"
run 3 --db "$DB" stage 1 monitoring --month 7 && err_has "已有监控 1–7月表（编号 2）"
result "the same monitoring month again: exit 3, names the sheet there"

run 0 --db "$DB" stage 2 self && out_has "已生成自评表，编号 3" &&
	[ "$(q "$DB" "SELECT template_id || ' ' || stage || ' ' || status FROM sheets WHERE id = 3")" = "project-self-2020 self draft" ] &&
	[ "$(q "$DB" "SELECT count(*) FROM indicators WHERE sheet_id = 3")" -eq 11 ] &&
	[ "$(q "$DB" "SELECT target || ' ' || unit FROM indicators WHERE sheet_id = 3 AND key = 'r25'")" = "6000000 个" ] &&
	[ "$(q "$DB" "SELECT budget FROM funds WHERE sheet_id = 3")" = "1935000000" ] &&
	[ "$(q "$DB" "SELECT count(*) FROM goals WHERE sheet_id = 3 AND planned LIKE '围绕市委%'")" -eq 1 ] &&
	[ "$(q "$DB" "SELECT name || '|' || unit || '|' || department FROM sheets WHERE id = 3")" = "工业发展管理经费|江门市工业和信息化局|江门市工业和信息化局" ]
result "stage 2 self: the self-evaluation form the declaration table names, with its info, funds, goals, 11 indicators and targets"
run 3 --db "$DB" stage 3 declaration && err_has "第 3 号表是自评阶段，申报不在其后"
result "stages go forward only"
run 3 --db "$DB" stage 1 自评 && err_has "已有自评表（编号 3）"
result "stage names in Chinese are accepted (自评); one self-evaluation per project and year"
run 3 --lang en --db "$DB" stage 3 monitoring --month 8 && err_has "sheet 3 is at the self-evaluation stage; monitoring does not come after it"
result "the refusal in English"

run 0 --db "$DB" list --stage 申报 && [ "$(rows)" -eq 1 ] && out_has "project-declaration-2020" &&
	run 0 --db "$DB" list --stage monitoring && [ "$(rows)" -eq 1 ] && out_has "监控 1–7月" &&
	run 0 --db "$DB" list --stage self && [ "$(rows)" -eq 1 ] && out_has "project-self-2020 *自评" &&
	run 0 --db "$DB" list && [ "$(rows)" -eq 3 ]
result "list --stage shows one stage; list all three"
run 2 --db "$DB" list --stage final
result "list --stage with an unknown stage: usage error"
run 0 --lang en --db "$DB" list --stage monitoring && out_has "stage" && out_has "monitoring 1–7"
result "list in English names the stage"
run 0 --db "$DB" show 3 && out_has "阶段 *自评" && out_has "来自 *$(q "$DB" "SELECT uid FROM sheets WHERE id = 2")"
result "show names the stage and the sheet it was made from"

# the link travels in bundles
run 0 --db "$DB" export --all -o "$T/b.yaml" && grep -q "stage: monitoring" "$T/b.yaml" && grep -q "stage_month: 7" "$T/b.yaml" &&
	run 0 --db "$T/c.db" import "$T/b.yaml" &&
	[ "$(sqlite3 "$T/c.db" "SELECT group_concat(coalesce(stage, '-') || coalesce(stage_month, '') || (stage_from IS NOT NULL), ' ') FROM (SELECT * FROM sheets ORDER BY uid)")" = \
	  "$(q "$DB" "SELECT group_concat(coalesce(stage, '-') || coalesce(stage_month, '') || (stage_from IS NOT NULL), ' ') FROM (SELECT * FROM sheets ORDER BY uid)")" ]
result "stage, month and link survive a bundle"

# sheet files that say impossible things are refused, nothing imported
sed 's/^    stage: declaration$/    stage: monitoring/' "$DECL" >"$T/nomonth.yaml"
run 3 --db "$T/d.db" import "$T/nomonth.yaml" && err_has "监控表须写明截止月份" && [ ! -s "$T/d.db" -o "$(sqlite3 "$T/d.db" 'SELECT count(*) FROM sheets' 2>/dev/null || echo 0)" = 0 ]
result "a monitoring sheet file without stage_month is refused"
sed 's/^    stage: declaration$/    stage: declaration\n    stage_month: 3/' "$DECL" >"$T/month.yaml"
run 3 --db "$T/d.db" import "$T/month.yaml" && err_has "只有监控表（stage: monitoring）有截止月份"
result "stage_month on a declaration is refused"
sed 's/^    stage: declaration$/    stage: 年报/' "$DECL" >"$T/bad.yaml"
run 3 --db "$T/d.db" import "$T/bad.yaml" && err_has "阶段“年报”无效"
result "an unknown stage in a sheet file is refused"

# the declaration's form
# (the CSV form is UTF-8 with a byte-order mark and CRLF lines, for Excel)
run 0 --db "$DB" export --format csv 1 -o "$T/d.raw" && sed '1s/^\xef\xbb\xbf//' "$T/d.raw" | tr -d '\r' >"$T/d.csv" && grep -q "^项目支出绩效目标申报表," "$T/d.csv" &&
	grep -q "^项目资金（万元）,年度资金总额,,,1935.00," "$T/d.csv" &&
	grep -q "^一级指标,二级指标,三级指标,指标性质,指标值,度量单位,分值$" "$T/d.csv" &&
	grep -q "^,,评审项目总数量,≥,6,个,$" "$T/d.csv" && grep -q "^项目属性,延续,,项目期,2022年1月—2022年12月,," "$T/d.csv"
result "the declaration exports as the national target table (CSV)"
run 0 --db "$DB" export --format xlsx 1 -o "$T/d.xlsx" && [ -s "$T/d.xlsx" ] &&
	run 0 --db "$DB" export --format html 1 -o "$T/d.html" && grep -q "项目支出绩效目标申报表" "$T/d.html" && grep -q "年度总体目标" "$T/d.html"
result "the declaration exports as xlsx and HTML"

# a finalised sheet keeps its stage
run 0 --db "$DB" finalise 1 && ! sqlite3 "$DB" "UPDATE sheets SET stage = 'self' WHERE id = 1" 2>/dev/null &&
	[ "$(q "$DB" "SELECT stage FROM sheets WHERE id = 1")" = "declaration" ] && run 0 --db "$DB" verify
result "a finalised sheet's stage cannot be changed in the database; verify passes"

# ---- monitoring: the three sample stages of the Jiangmen project --------
# (share/samples/stages/: declaration 1, monitoring 1–6月 2, self 3, linked
# by stage_from; the monitoring figures are invented and say so)
S=share/samples/stages
M=$T/m.db
run 0 --db "$M" import "$S/jiangmen-2022-project-declaration.yaml" "$S/jiangmen-2022-project-monitoring.yaml" \
	"$S/jiangmen-2022-project-self.yaml" &&
	[ "$(sqlite3 "$M" "SELECT group_concat(id || coalesce(stage, '-') || coalesce(stage_month, ''), ' ') FROM sheets")" = "1declaration 2monitoring6 3self" ]
result "the three sample stages import, linked"
run 0 --db "$M" stage 1 monitoring --month 7 &&
	[ "$(sqlite3 "$M" "SELECT template_id FROM sheets WHERE id = 4")" = "project-monitoring-2020" ]
result "a monitoring sheet made from a declaration uses the monitoring table the declaration names"
# 序时进度 6 ÷ 12 = 50.00%; 当年财政拨款 290.25 ÷ 1935 = 0.15 → 15.00%, gap
# 50.00 − 15.00 = 35.00 > 20: red (row and total); 评审项目总数量 forecast 5 of
# ≥ 6: 83.333… → 83.33%, gap 16.67 > 10: red; the other ten indicators green
# (lights: 1 row + 合计 + 11 indicators = 13 = 10 green + 3 red).
run 0 --db "$M" score 2 && out_has "序时进度 50.00%（1–6月，按月）" && out_has "灯：绿 10  黄 0  红 3" &&
	grep -q "^当年财政拨款 .* 1935.00 .* 290.25 .* 15.00 .* 35.00  R 红 .* 1200.00$" "$T/out" &&
	grep -q "^评审项目总数量 .* 6 .* 2 .* 5 .* 83.33 .* 16.67  有可能  *R 红" "$T/out" &&
	grep -q "^有效投诉率 .* 2 .* 0 .* 0 .* 100.00 .* 0.00  确定能  *G 绿" "$T/out"
result "score of a monitoring sheet: 序时进度, each light as a letter and a word, with its gap"
run 0 --lang en --db "$M" score 2 && out_has "Time schedule 50.00% (months 1-6, by month)" && out_has "R red"
result "score of a monitoring sheet in English"
run 0 --db "$M" list --light red && [ "$(rows)" -eq 1 ] && out_has "监控 1–6月" &&
	run 0 --db "$M" list --light 绿 && [ "$(rows)" -eq 0 ] && run 2 --db "$M" list --light blue && err_has "未知的灯“blue”"
result "list --light: the monitoring sheet with a red light; none all green; an unknown colour is a usage error"
run 0 --db "$M" list && grep -q "^   2  2022  工业发展管理经费 .* 监控 1–6月  *-  红灯  *已送审" "$T/out"
result "the list's grade column of a monitoring sheet is its worst light (红灯)"
run 0 --db "$M" check 2 && out_has "未发现问题" && run 0 --db "$M" check 3 && out_has "W701" && out_has "共 1 项"
result "check of the samples: the monitoring sheet explains its reds; the self-evaluation has only W701"

# check 18 on the monitoring sheet, one change at a time
run 0 --db "$M" set 2 narr:problems "" && run 0 --db "$M" check 2 &&
	out_has "W1801  当年财政拨款：红灯（执行率 15.00%，序时进度 50.00%，差距 35.00 个百分点），须在“存在的问题及原因分析”中说明原因" &&
	out_has "W1801  合计：红灯" && out_has "共 2 项"
result "W1801: a red fund light without its reason"
run 0 --db "$M" set 2 narr:problems "压减一般性支出" && run 0 --db "$M" set 2 ind:r1:likelihood 完全不可能 &&
	run 0 --db "$M" check 2 && out_has "W1801  先行启动区产业规划：红灯（完成目标可能性为完全不可能），未填偏差原因类别及说明" &&
	out_has "W1802  先行启动区产业规划：完成目标可能性为完全不可能，未填整改措施" && out_has "共 2 项"
result "W1801 and W1802: 完全不可能 is red, and needs its cause and its measures"
run 0 --db "$M" set 2 ind:r1:likelihood 确定能 && run 0 --db "$M" set 2 ind:r16:forecast 1450 &&
	run 0 --db "$M" check 2 && out_has "W1803  产业集群综合数据采集企业数量：全年预计完成值 1450 未达年度指标值 1500（预计完成 96.67%），未填偏差原因类别及说明" &&
	out_has "共 1 项"
result "W1803: a forecast below its target (1450 ÷ 1500 = 96.67%, gap 3.33: yellow) without a reason"
run 0 --db "$M" set 2 ind:r16:forecast 2000 && run 0 --db "$M" set 2 ind:r25:cause 资金不足 &&
	run 0 --db "$M" check 2 && out_has "W1804  评审项目总数量：偏差原因类别「资金不足」不是监控表的选项" &&
	run 0 --db "$M" set 2 ind:r25:cause 经费保障 && run 0 --db "$M" set 2 ind:r25:measures "" &&
	run 0 --db "$M" check 2 && out_has "W1805  评审项目总数量：需要整改，未填整改措施" &&
	run 0 --db "$M" set 2 ind:r25:measures "调整评审计划" && run 0 --db "$M" check 2 && out_has "未发现问题"
result "W1804 and W1805: a word the table does not offer; rectification without measures"
run 0 --db "$M" set 2 fund:当年财政拨款:forecast 1300 && [ "$(sqlite3 "$M" "SELECT forecast FROM funds WHERE sheet_id = 2")" = "1300000000" ] &&
	run 0 --db "$M" show 2
result "set fund:<source>:forecast: 1300 万元 stored as 1300 × 10^6 millionths"

# check 19 on the self-evaluation: each finding made to appear by one change
run 0 --db "$M" set 3 ind:r25:target 7 && run 0 --db "$M" check 3 &&
	out_has "W1901  评审项目总数量：年度指标值 ≥7个 与申报时的 ≥6个 不同，未填指标调整说明" &&
	run 0 --db "$M" set 3 ind:r25:adjust_reason "年中追加评审任务" && run 0 --db "$M" check 3 && ! out_has "W1901"
result "W1901: a target unlike the declared one needs its adjustment recorded"
run 0 --db "$M" set 3 ind:r22:actual 99 && run 0 --db "$M" check 3 &&
	out_has "W1902  评审项目办结率：实际完成值 99 低于监控时的全年预计 100（监控 1–6月），未说明原因"
result "W1902: an actual below the monitoring forecast without a reason"
# spending 480.82 < the forecast at monitoring, now 1300 (set above)
run 0 --db "$M" set 3 narr:problems "" && run 0 --db "$M" check 3 &&
	out_has "W1903  全年执行数 480.82 万元低于监控时预计的 1300.00 万元（监控 1–6月），须在“存在的问题及原因分析”中说明原因"
result "W1903: spending behind the monitoring forecast, its reason missing"

# the monitoring table's form (CSV: UTF-8 with a byte-order mark, CRLF lines)
run 0 --db "$M" export --format csv 2 -o "$T/m.raw" && sed '1s/^\xef\xbb\xbf//' "$T/m.raw" | tr -d '\r' >"$T/m.csv" &&
	grep -q "^项目支出绩效目标执行监控表," "$T/m.csv" && grep -q "^序时进度,1–6月，50.00%," "$T/m.csv" &&
	grep -q "^项目资金（万元）,资金来源,,年初预算数,调整后预算数,1–6月执行数,执行率,与序时进度差距,预警,全年预计执行数,,$" "$T/m.csv" &&
	grep -q "^,当年财政拨款,,1935.00,1935.00,290.25,15.00%,35.00,R 红,1300.00,,$" "$T/m.csv" &&
	grep -q "^一级指标,二级指标,三级指标,年度指标值,1–6月实际完成值,全年预计完成值,完成目标可能性,预警（差距）,偏差原因,原因说明,是否需要整改,整改措施$" "$T/m.csv" &&
	grep -q "^,,评审项目总数量,≥6个,2,5,有可能,R 红 16.67,经费保障,.*,是,调整评审计划$" "$T/m.csv"
result "the monitoring sheet exports as the national monitoring table (CSV)"
run 0 --db "$M" export --format xlsx 2 -o "$T/m.xlsx" && [ -s "$T/m.xlsx" ] &&
	run 0 --db "$M" export --format html 2 -o "$T/m.html" && grep -q "项目支出绩效目标执行监控表" "$T/m.html" && grep -q "R 红 16.67" "$T/m.html"
result "the monitoring sheet exports as xlsx and HTML"

# ---- the monitoring forecasts carried into the self-evaluation as notes ----
# The monitoring sample (1–6月) forecasts 评审项目总数量 (r25, ≥6个) at 5 个,
# 有可能; 完成方案编制 (r10, a deadline) has only its likelihood, 确定能; the
# fund row 当年财政拨款 forecasts 1200 万元 = 1200 × 10^6 millionths.
F=$T/f.db
run 0 --db "$F" import "$S/jiangmen-2022-project-declaration.yaml" "$S/jiangmen-2022-project-monitoring.yaml" &&
	run 0 --db "$F" stage 2 self && out_has "已生成自评表，编号 3" &&
	[ "$(sqlite3 "$F" "SELECT note FROM indicators WHERE sheet_id = 3 AND key = 'r25'")" = "6月监控：全年预计 5个，有可能" ] &&
	[ "$(sqlite3 "$F" "SELECT note FROM indicators WHERE sheet_id = 3 AND key = 'r10'")" = "6月监控：确定能" ] &&
	[ "$(sqlite3 "$F" "SELECT count(*) FROM indicators WHERE sheet_id = 3 AND note LIKE '6月监控：%'")" -eq 11 ] &&
	[ "$(sqlite3 "$F" "SELECT count(*) FROM indicators WHERE sheet_id = 3 AND (actual IS NOT NULL OR actual_text IS NOT NULL OR forecast IS NOT NULL)")" -eq 0 ] &&
	[ "$(sqlite3 "$F" "SELECT forecast || '|' || coalesce(spent, '-') FROM funds WHERE sheet_id = 3")" = "1200000000|-" ]
result "stage self from a monitoring sheet: each forecast and likelihood a note, never an actual; the fund's forecast kept beside an empty 全年执行数"
run 0 --db "$F" show 3 && out_has "      备注 6月监控：全年预计 5个，有可能" && out_has "  全年预计执行数  当年财政拨款  1200" &&
	run 0 --lang en --db "$F" show 3 && out_has "      note 6月监控：全年预计 5个，有可能"
result "show prints each indicator's note and the fund's forecast"
# the same self-evaluation made without any monitoring sheet scores the same:
# nothing filled, 0.00 and 13 values still to fill (11 actuals, the fund's
# 全年执行数, the goal's 实际完成情况) in both
G=$T/g.db
run 0 --db "$G" import "$S/jiangmen-2022-project-declaration.yaml" && run 0 --db "$G" stage 1 self &&
	run 0 --db "$G" score 2 && cp "$T/out" "$T/plain" && run 0 --db "$F" score 3 && cmp -s "$T/out" "$T/plain" &&
	out_has "总分 0.00 / 100  等级 未完成（13 项未填）" &&
	[ -z "$(sqlite3 "$G" "SELECT group_concat(note) FROM indicators WHERE sheet_id = 2")" ]
result "the notes change no score: the same total and unfilled count as without a monitoring sheet"
# made from the declaration: the latest monitoring snapshot of the year gives
# the notes (1–8月, made after the sample's 1–6月, its r25 forecast set to 6)
H=$T/h.db
run 0 --db "$H" import "$S/jiangmen-2022-project-declaration.yaml" "$S/jiangmen-2022-project-monitoring.yaml" &&
	run 0 --db "$H" stage 1 monitoring --month 8 && out_has "编号 3" &&
	run 0 --db "$H" set 3 ind:r25:forecast 6 && run 0 --db "$H" set 3 ind:r25:likelihood 确定能 &&
	run 0 --db "$H" stage 1 self && out_has "编号 4" &&
	[ "$(sqlite3 "$H" "SELECT note FROM indicators WHERE sheet_id = 4 AND key = 'r25'")" = "8月监控：全年预计 6个，确定能" ] &&
	[ "$(sqlite3 "$H" "SELECT count(*) FROM indicators WHERE sheet_id = 4 AND note IS NOT NULL")" -eq 1 ]
result "stage self from the declaration takes the latest monitoring snapshot's forecasts (1–8月, not 1–6月)"
# the note is the sheet's: set, a sheet file, a bundle
run 0 --db "$F" set 3 ind:r1:note "已与规划院签约" && run 0 --db "$F" export 3 -o "$T/n.yaml" &&
	grep -q "note: 6月监控：全年预计 5个，有可能" "$T/n.yaml" && run 0 --db "$T/n.db" import "$T/n.yaml" &&
	[ "$(sqlite3 "$T/n.db" "SELECT group_concat(key || '=' || note, ';') FROM indicators WHERE key IN ('r1', 'r25')")" = "r1=已与规划院签约;r25=6月监控：全年预计 5个，有可能" ]
result "an indicator's note is set like any field and travels in sheet files"

echo "# $n tests, $fails failed"
[ "$fails" -eq 0 ]
