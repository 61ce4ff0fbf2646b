#!/bin/sh
# Export tests against LibreOffice: every sample is exported to xlsx and CSV;
# LibreOffice (headless, set to recalculate every formula on load) turns the
# xlsx back into CSV, which must equal the exporter's own CSV cell by cell —
# so every subtotal, total and rate the spreadsheet recomputes equals the
# engine's, and the Chinese text survives the round trip.  The same with the
# cached formula results zeroed, to prove the values come from recalculation.
# Also: merged cells in the xlsx XML, the engine's total and execution rate
# (from `jixiao score --format tsv`) in the recalculated sheet, GB18030, HTML
# to PDF, a full disk and an existing file.
# Prints TAP lines only.  Run from the top of the tree after `make`.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/driver.sh

# the small disk of the full-disk tests, if the script ends while mounted
work_dir export '[ -n "$MNT" ] && umount "$MNT" 2>/dev/null'

build_driver export

if ! command -v soffice >/dev/null 2>&1; then
	notok "LibreOffice (soffice) is installed"
	exit 1
fi
# A private LibreOffice profile that recalculates xlsx formulas on load.
mkdir -p "$T/lo/user"
cat >"$T/lo/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
LO="soffice -env:UserInstallation=file://$T/lo --headless"
# separator, quote, UTF-8, from line 1, -, -, -, -, as shown, -, -, every sheet
CSVFILTER='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'

lo_csv() { # xlsx outdir
	mkdir -p "$2"
	$LO --convert-to "$CSVFILTER" --outdir "$2" "$1" >"$T/lo.log" 2>&1
}

# The xlsx with every cached formula result replaced by 0.
zero_cache() { # in.xlsx out.xlsx
	rm -rf "$T/z" && mkdir "$T/z" &&
		(cd "$T/z" && unzip -q "$1" && perl -pi -e 's{(<f>[^<]*</f>)<v>[^<]*</v>}{$1<v>0</v>}g' xl/worksheets/*.xml &&
			zip -q -X -r "$2" . )
}

# Sheet names come from the project name: the CSV LibreOffice wrote of the
# form (not of the 审核意见 or the hidden jixiao-data).
one_csv() { ls "$1"/*.csv 2>/dev/null | grep -v '审核意见\|jixiao-data' | head -1; }

for yaml in share/samples/*.yaml; do
	b=$(basename "$yaml" .yaml)
	D="$T/$b"
	mkdir -p "$D"
	if ! $DRIVER export xlsx "$D/s.xlsx" "$yaml" >"$T/out" 2>&1 || ! $DRIVER export csv "$D/s.csv" "$yaml" >>"$T/out" 2>&1; then
		notok "$b: export xlsx and csv"
		sed 's/^/# /' "$T/out"
		continue
	fi
	ok "$b: export xlsx and csv"
	lo_csv "$D/s.xlsx" "$D/lo"
	csv=$(one_csv "$D/lo")
	if [ -n "$csv" ]; then
		check "$b: LibreOffice's recalculated xlsx equals the CSV (every total, subtotal, rate, text)" \
			$DRIVER csvcmp "$D/s.csv" "$csv"
	else
		notok "$b: LibreOffice converts the xlsx"
		sed 's/^/# /' "$T/lo.log"
	fi
	if zero_cache "$D/s.xlsx" "$D/zero.xlsx"; then
		lo_csv "$D/zero.xlsx" "$D/lo0"
		csv0=$(one_csv "$D/lo0")
		if [ -n "$csv0" ]; then
			check "$b: with cached results zeroed, recalculation still gives the engine's numbers" \
				$DRIVER csvcmp "$D/s.csv" "$csv0"
		else
			notok "$b: LibreOffice converts the xlsx without cached results"
		fi
	else
		notok "$b: rewrite the xlsx without cached results"
	fi
	# merged cells: the title across the whole table, and more
	sheet=$(unzip -p "$D/s.xlsx" xl/worksheets/sheet1.xml)
	merges=$(printf '%s' "$sheet" | grep -o '<mergeCell ref="[A-Z0-9:]*"/>' | wc -l)
	if printf '%s' "$sheet" | grep -q '<mergeCells count="[1-9][0-9]*">' && [ "$merges" -ge 5 ] &&
		printf '%s' "$sheet" | grep -Eq '<mergeCell ref="A1:[DIJ]1"/>'; then
		ok "$b: xlsx has merged header cells ($merges)"
	else
		notok "$b: xlsx has merged header cells"
		echo "# $(printf '%s' "$sheet" | grep -o '<mergeCells.*</mergeCells>' | head -c 300)"
	fi
	if printf '%s' "$sheet" | grep -q '<f>'; then ok "$b: totals are formulas"; else notok "$b: totals are formulas"; fi
	# every part deflated at the fastest level (unzip -v: "Defl:S"), see
	# the compression note in src/xlsx_zip_level.c
	parts=$(unzip -v "$D/s.xlsx" | grep -c ' Defl:')
	fast=$(unzip -v "$D/s.xlsx" | grep -c ' Defl:S ')
	if [ "$parts" -ge 5 ] && [ "$fast" = "$parts" ]; then
		ok "$b: xlsx parts deflated at the fastest level ($fast of $parts)"
	else
		notok "$b: xlsx parts deflated at the fastest level ($fast of $parts)"
	fi
	if unzip -p "$D/s.xlsx" xl/styles.xml | grep -q '宋体'; then
		ok "$b: cells use 宋体"
	else
		notok "$b: cells use 宋体"
	fi
	# The engine's total (jixiao score --format tsv) is in the recalculated sheet.
	if [ -x ./jixiao ] && [ -n "$csv" ]; then
		total=$(./jixiao score --format tsv "$yaml" 2>/dev/null | awk -F '\t' '$1 == "total" { print $3 }')
		if [ -n "$total" ] && grep -q ",$total\(,\|\$\)" "$csv"; then
			ok "$b: total $total from 'jixiao score' is in the recalculated xlsx"
		else
			notok "$b: total '$total' from 'jixiao score' is in the recalculated xlsx"
		fi
	else
		skip "$b: total from 'jixiao score'" "./jixiao not built"
	fi
	# GB18030: converts back to exactly the UTF-8 CSV (without its byte-order
	# mark), but for the minus sign of the rubrics' criteria, which GBK lacks
	# and the GB18030 export spells as the full-width －.
	if $DRIVER export csv "$D/gb.csv" --gb18030 "$yaml" >"$T/out" 2>&1 &&
		iconv -f GB18030 -t UTF-8 "$D/gb.csv" >"$D/gb-utf8.csv" &&
		tail -c +4 "$D/s.csv" | sed 's/−/－/g' | cmp -s - "$D/gb-utf8.csv"; then
		ok "$b: GB18030 CSV holds the same text"
	else
		notok "$b: GB18030 CSV holds the same text"
		sed 's/^/# /' "$T/out"
	fi
	# HTML renders to PDF through LibreOffice.
	if $DRIVER export html "$D/s.html" "$yaml" >"$T/out" 2>&1 &&
		$LO --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export --outdir "$D" "$D/s.html" >"$T/lo.log" 2>&1 &&
		[ -s "$D/s.pdf" ] && head -c 5 "$D/s.pdf" | grep -q '%PDF'; then
		if command -v pdftotext >/dev/null 2>&1; then
			if pdftotext "$D/s.pdf" - 2>/dev/null | tr -d ' \n' | grep -q '年度'; then
				ok "$b: HTML renders to PDF with its Chinese text"
			else
				notok "$b: HTML renders to PDF with its Chinese text"
			fi
		else
			ok "$b: HTML renders to PDF"
		fi
	else
		notok "$b: HTML renders to PDF"
		sed 's/^/# /' "$T/out" "$T/lo.log" | head
	fi
	# Report drafts.
	check "$b: report draft (Markdown)" $DRIVER export md "$D/r.md" "$yaml"
	check "$b: report draft (HTML)" $DRIVER export report-html "$D/r.html" "$yaml"
done

# Jiangmen, as a new user would see it: 24.85% and the screen's total.
J="$T/jiangmen-2022-project-self"
if [ -n "$(one_csv "$J/lo")" ]; then
	if grep -q '24.85%' "$(one_csv "$J/lo")"; then
		ok "Jiangmen: the recalculated xlsx shows 24.85%"
	else
		notok "Jiangmen: the recalculated xlsx shows 24.85%"
	fi
else
	notok "Jiangmen: the recalculated xlsx shows 24.85%"
fi

# All samples in one workbook: a summary worksheet plus one per sheet, and
# the summary's totals (references to each sheet's total) recalculate to the
# engine's.
A="$T/all"
mkdir -p "$A"
if $DRIVER export xlsx "$A/all.xlsx" share/samples/*.yaml >"$T/out" 2>&1 &&
	$DRIVER export csv "$A/all.csv" share/samples/*.yaml >>"$T/out" 2>&1; then
	ok "all samples: one workbook"
	sheets=$(unzip -l "$A/all.xlsx" | grep -c 'xl/worksheets/sheet[0-9]*\.xml')
	nsamples=$(ls share/samples/*.yaml | wc -l)
	# the summary, 审核意见, the forms and the hidden jixiao-data (xform_data.h)
	if [ "$sheets" -eq $((nsamples + 3)) ]; then
		ok "all samples: $sheets worksheets (summary + 审核意见 + $nsamples + jixiao-data)"
	else
		notok "all samples: worksheets $sheets, expected $((nsamples + 3))"
	fi
	lo_csv "$A/all.xlsx" "$A/lo"
	# the exporter's CSV: sheets then the summary; LibreOffice writes one file
	# per worksheet, the summary first: compare their concatenation in order.
	summary=$(ls "$A/lo"/*-汇总.csv 2>/dev/null)
	if [ -n "$summary" ]; then
		: >"$A/lo-all.csv"
		for i in $(seq 1 "$nsamples"); do
			f=$(ls "$A/lo"/all-"$i"\ *.csv 2>/dev/null | head -1)
			[ -n "$f" ] && cat "$f" >>"$A/lo-all.csv" && printf '\n' >>"$A/lo-all.csv"
		done
		cat "$summary" >>"$A/lo-all.csv"
		check "all samples: recalculated workbook (summary included) equals the CSV" \
			$DRIVER csvcmp "$A/all.csv" "$A/lo-all.csv"
	else
		notok "all samples: LibreOffice finds the summary worksheet"
		ls "$A/lo" | sed 's/^/# /'
	fi
else
	notok "all samples: one workbook"
	sed 's/^/# /' "$T/out"
fi

# An existing file is refused, kept as it was, and --force replaces it.
E="$T/exist.csv"
echo "keep" >"$E"
if ! $DRIVER export csv "$E" share/samples/jiangmen-2022-project-self.yaml >"$T/out" 2>&1 &&
	grep -q '文件已存在' "$T/out" && [ "$(cat "$E")" = keep ]; then
	ok "existing file refused and untouched"
else
	notok "existing file refused and untouched"
fi
check "--force replaces it" $DRIVER export csv "$E" --force share/samples/jiangmen-2022-project-self.yaml
if [ "$(ls -A "$T" | grep -c '^\.exist')" -eq 0 ]; then ok "no temporary file left"; else notok "no temporary file left"; fi

# jixiao itself writes its xlsx parts at the fastest level too: the
# zip-level replacement (src/xlsx_zip_level.c) is linked into the program,
# not only into this test's driver.
if [ -x ./jixiao ]; then
	if ./jixiao --db "$T/z.db" import share/samples/jiangmen-2022-project-self.yaml >"$T/out" 2>&1 &&
		./jixiao --db "$T/z.db" export 1 --format xlsx -o "$T/z.xlsx" >>"$T/out" 2>&1; then
		parts=$(unzip -v "$T/z.xlsx" | grep -c ' Defl:')
		fast=$(unzip -v "$T/z.xlsx" | grep -c ' Defl:S ')
		if [ "$parts" -ge 5 ] && [ "$fast" = "$parts" ]; then
			ok "jixiao export: xlsx parts deflated at the fastest level ($fast of $parts)"
		else
			notok "jixiao export: xlsx parts deflated at the fastest level ($fast of $parts)"
		fi
	else
		notok "jixiao export: xlsx parts deflated at the fastest level"
		sed 's/^/# /' "$T/out"
	fi
	rm -f "$T/z.db" "$T/z.db-wal" "$T/z.db-shm" "$T/z.xlsx"
else
	skip "jixiao export: xlsx parts deflated at the fastest level" "./jixiao not built"
fi

# The Jiangmen sample leaves unwritten 12 deviation reasons the rules
# require (1 unmet target, W602, and 11 targets exceeded by 30% or more,
# W603; `jixiao check`): its CSV form marks each of those 12 cells.
if $DRIVER export csv "$T/jm.csv" share/samples/jiangmen-2022-project-self.yaml >"$T/out" 2>&1 &&
	[ "$(grep -o '（须填写偏差原因）' "$T/jm.csv" | wc -l)" -eq 12 ]; then
	ok "Jiangmen CSV: the 12 missing deviation reasons marked"
else
	notok "Jiangmen CSV: the 12 missing deviation reasons marked"
	sed 's/^/# /' "$T/out"
fi

# A full disk: a small file system; the export fails with a clear message and
# leaves no file (not even a temporary one).
MNT="$T/full"
mkdir -p "$MNT"
if mount -t tmpfs -o size=16k tmpfs "$MNT" 2>/dev/null; then
	if ! $DRIVER export xlsx "$MNT/all.xlsx" share/samples/*.yaml >"$T/out" 2>&1 &&
		grep -q '磁盘已满' "$T/out" && [ -z "$(ls -A "$MNT")" ]; then
		ok "full disk (xlsx): '磁盘已满' and nothing left"
	else
		notok "full disk (xlsx): '磁盘已满' and nothing left"
		sed 's/^/# /' "$T/out"
		ls -A "$MNT" | sed 's/^/# left: /'
	fi
	if ! $DRIVER export html "$MNT/all.html" share/samples/*.yaml >"$T/out" 2>&1 &&
		grep -q '磁盘已满' "$T/out" && [ -z "$(ls -A "$MNT")" ]; then
		ok "full disk (html): '磁盘已满' and nothing left"
	else
		notok "full disk (html): '磁盘已满' and nothing left"
		sed 's/^/# /' "$T/out"
	fi
	# the full disk the xlsx writer's temporary file is on instead
	# (src/xlsx_tmpfile.c): the export fails naming that directory rather
	# than writing a workbook with short parts
	if ! TMPDIR="$MNT" $DRIVER export xlsx "$T/tmpfull.xlsx" share/samples/*.yaml >"$T/out" 2>&1 &&
		grep -q "磁盘已满（$MNT）" "$T/out" && [ ! -e "$T/tmpfull.xlsx" ] && [ -z "$(ls -A "$MNT")" ]; then
		ok "full temporary directory (xlsx): '磁盘已满' naming it, no workbook written"
	else
		notok "full temporary directory (xlsx): '磁盘已满' naming it, no workbook written"
		sed 's/^/# /' "$T/out"
		ls -l "$T/tmpfull.xlsx" 2>/dev/null | sed 's/^/# written: /'
	fi
	umount "$MNT" && MNT=""
else
	MNT=""
	skip "full disk (xlsx)" "cannot mount a small tmpfs here"
	skip "full disk (html)" "cannot mount a small tmpfs here"
	skip "full temporary directory (xlsx)" "cannot mount a small tmpfs here"
fi

[ "$fails" -eq 0 ]
