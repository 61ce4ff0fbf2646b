#!/bin/sh
# The xlsx as a finance bureau prints it: every sample exported alone (its
# form and its 审核意见) and all of them in one workbook (with the summary),
# turned into PDF by LibreOffice in one call, then read back with
# pdftotext/pdfinfo: on each page that continues the indicator table its
# heading is printed again; every page says 第 N 页 共 M 页; no ### (a
# number too wide for its column); every figure of the form (the numbers
# of the exporter's CSV, which shows the same cells) is found whole in the
# text; the form prints at 85% of full size or more.  And from the xlsx
# XML: print titles defined for every form, no row over 409 points, no
# stored number with more decimals than its number format shows.
# Prints TAP lines only.  Run from the top of the tree after `make`.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
. tests/lib/driver.sh

work_dir print-xlsx
build_driver print
needs_tools soffice pdftotext pdfinfo unzip perl

names=""
for yaml in share/samples/*.yaml; do
	b=$(basename "$yaml" .yaml)
	names="$names $b"
	$DRIVER export xlsx "$T/$b.xlsx" "$yaml" >"$T/out" 2>&1 &&
		$DRIVER export csv "$T/$b.csv" "$yaml" >>"$T/out" 2>&1 || { notok "$b: export"; sed 's/^/# /' "$T/out"; }
done
$DRIVER export xlsx "$T/all.xlsx" share/samples/*.yaml >"$T/out" 2>&1 || notok "all samples: export"
$DRIVER export csv "$T/all.csv" share/samples/*.yaml >>"$T/out" 2>&1
names="$names all"

# One LibreOffice run for every workbook (a private profile).
(cd "$T" && soffice -env:UserInstallation=file://"$T/lo" --headless --convert-to pdf --outdir "$T" ./*.xlsx \
	>"$T/lo.log" 2>&1)

# page FILE.pdf N: the text of page N
page() { pdftotext -f "$2" -l "$2" "$1" - 2>/dev/null; }

for b in $names; do
	x="$T/$b.xlsx"
	pdf="$T/$b.pdf"
	if [ ! -s "$pdf" ]; then
		notok "$b: LibreOffice prints the xlsx to PDF"
		sed 's/^/# /' "$T/lo.log" | head
		continue
	fi
	pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
	ok "$b: printed ($pages pages)"

	# Page numbers: LibreOffice numbers the pages of a workbook's
	# worksheets one after another.
	bad=""
	i=1
	while [ "$i" -le "$pages" ]; do
		page "$pdf" "$i" | grep -q "第 *$i *页 *共 *$pages *页" || bad="$bad $i"
		i=$((i + 1))
	done
	if [ -z "$bad" ]; then ok "$b: every page says 第 N 页 共 $pages 页"; else notok "$b: page numbers missing on pages$bad"; fi

	if pdftotext "$pdf" - | grep -q '###'; then notok "$b: no ### in the printed text"; else ok "$b: no ### in the printed text"; fi

	# The header of each page names what it prints; a form's pages are
	# those before its 审核意见.  On each page after the one where the
	# indicator table begins, up to the one with its 总分, the heading
	# (一级指标 … 得分) is printed again; the result form has no such
	# table: its title is.
	if [ "$b" != all ]; then
		form_last=0
		i=1
		while [ "$i" -le "$pages" ]; do
			page "$pdf" "$i" >"$T/p$i.txt"
			if [ "$(grep -m1 . "$T/p$i.txt")" != 审核意见 ]; then form_last=$i; fi
			i=$((i + 1))
		done
		# The header: the project's name (the sheet's name) on every
		# page of the form.
		hdr=$(grep -m1 . "$T/p1.txt")
		bad=""
		i=1
		while [ "$i" -le "$form_last" ]; do
			[ "$(grep -m1 . "$T/p$i.txt")" = "$hdr" ] || bad="$bad $i"
			i=$((i + 1))
		done
		if [ -n "$hdr" ] && [ -z "$bad" ] && grep -qF "name: $hdr" "share/samples/$b.yaml"; then
			ok "$b: every page of the form headed '$hdr'"
		else
			notok "$b: header '$hdr' (pages$bad)"
		fi
		first=$(grep -l '一级指标' $(i=1; while [ $i -le "$form_last" ]; do echo "$T/p$i.txt"; i=$((i + 1)); done) 2>/dev/null |
			head -1 | sed 's/.*p\([0-9]*\)\.txt/\1/')
		if [ -n "$first" ]; then
			last=$first
			i=$first
			while [ "$i" -le "$form_last" ]; do
				if grep -q '总分' "$T/p$i.txt"; then last=$i; break; fi
				i=$((i + 1))
			done
			want='一级指标.*得分'
		else
			first=1
			last=$form_last
			want='财政支出绩效评价结果反馈表'
		fi
		bad=""
		i=$((first + 1))
		while [ "$i" -le "$last" ]; do
			tr -d '\n' <"$T/p$i.txt" | grep -q "$want" || bad="$bad $i"
			i=$((i + 1))
		done
		if [ -z "$bad" ]; then
			ok "$b: the table's heading on each of pages $((first + 1))..$last"
		else
			notok "$b: the table's heading missing on pages$bad"
		fi

		# Every figure of the form, whole: the numeric fields of the CSV
		# against the words of the form's pages.
		i=1
		: >"$T/form.txt"
		while [ "$i" -le "$form_last" ]; do cat "$T/p$i.txt" >>"$T/form.txt"; i=$((i + 1)); done
		tr -s ' \t' '\n\n' <"$T/form.txt" | sort -u >"$T/words"
		perl -ne 's/\r?\n//; for (split /,/) { s/^"|"$//g; print "$_\n" if /^-?[0-9]+(\.[0-9]+)?%?$/ }' "$T/$b.csv" |
			sort -u >"$T/figures"
		missing=$(comm -23 "$T/figures" "$T/words" | tr '\n' ' ')
		nfig=$(wc -l <"$T/figures")
		if [ -z "$missing" ] && [ "$nfig" -gt 3 ]; then
			ok "$b: all $nfig figures of the form printed whole"
		else
			notok "$b: figures not printed whole: $missing"
		fi
	fi

	# The summary's grades on one line each: 未完成（N 项未填） whole.
	if [ "$b" = all ]; then
		grep -o '未完成（[0-9]* 项未填）' "$T/all.csv" | sort -u >"$T/grades"
		page "$pdf" 1 >"$T/summary.txt"
		bad=""
		while IFS= read -r g; do grep -qF "$g" "$T/summary.txt" || bad="$bad $g"; done <"$T/grades"
		if [ -s "$T/grades" ] && [ -z "$bad" ]; then
			ok "all: the summary's grades each on one line"
		else
			notok "all: the summary's grades wrapped:$bad"
		fi
	fi

	# From the XML.  Print scale: a form fitted to the page (fitToPage)
	# prints at page width ÷ the columns' width; otherwise at <pageSetup
	# scale> (100 when absent).  A column of width W prints W × 5.58 points
	# in LibreOffice (the digit of Carlito, Calibri's metric twin, at 11
	# points; Excel takes 5.25); the printable width is A4 less the
	# margins: 842 − 72 landscape, 595 − 72 portrait.
	unzip -p "$x" xl/workbook.xml >"$T/wb.xml"
	nsheets=$(unzip -l "$x" | grep -c 'xl/worksheets/sheet[0-9]*\.xml')
	s=1
	while [ "$s" -le "$nsheets" ]; do
		unzip -p "$x" "xl/worksheets/sheet$s.xml" >"$T/ws.xml"
		scale=$(perl -0ne '
			my $w = 0; $w += $1 while /<col [^>]*width="([0-9.]+)"/g;
			my $land = /orientation="landscape"/;
			my $page = ($land ? 842 : 595) - 72;
			my $s = /<pageSetup[^>]*\bscale="([0-9]+)"/ ? $1 : 100;
			$s = 100 * $page / ($w * 5.58) if /<pageSetUpPr[^>]*fitToPage="1"/ && $w * 5.58 > $page;
			printf "%d", $s;' "$T/ws.xml")
		if [ "$scale" -ge 85 ]; then
			ok "$b: worksheet $s prints at $scale% (≥ 85%)"
		else
			notok "$b: worksheet $s prints at $scale%, under 85%"
		fi
		high=$(grep -o ' ht="[0-9.]*"' "$T/ws.xml" | tr -dc '0-9.\n' | awk '$1 > 409' | head -3 | tr '\n' ' ')
		if [ -z "$high" ]; then ok "$b: worksheet $s: no row over 409 points"; else notok "$b: worksheet $s: rows of $high points"; fi
		s=$((s + 1))
	done
	# Print titles: every worksheet of a form, and the summary, repeats its
	# heading rows (the workbook of several has one 审核意见 sheet for all,
	# each sheet's review on pages of its own, without).
	# (the hidden jixiao-data, never printed, has none)
	titles=$(grep -o '_xlnm.Print_Titles' "$T/wb.xml" | wc -l)
	shown=$((nsheets - $(grep -o 'state="hidden"' "$T/wb.xml" | wc -l)))
	if [ "$b" = all ]; then want_titles=$((shown - 1)); else want_titles=$shown; fi
	if [ "$titles" -ge "$want_titles" ]; then
		ok "$b: print titles for $titles of $nsheets worksheets"
	else
		notok "$b: print titles for $titles of $nsheets worksheets (want $want_titles)"
	fi
	# Stored numbers against their formats: the decimals of each number
	# format (a % adds two), then every numeric <v> of a cell with style s.
	unzip -p "$x" xl/styles.xml >"$T/styles.xml"
	worst=$(for s in $(seq 1 "$nsheets"); do unzip -p "$x" "xl/worksheets/sheet$s.xml"; done | perl -0e '
		open my $st, "<", $ARGV[0] or die; local $/; my $x = <$st>;
		my %fmt = (0 => 9, 1 => 0, 2 => 2, 9 => 2, 10 => 4);
		while ($x =~ /<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g) {
			my ($id, $code) = ($1, $2); my $d = $code =~ /\.(0+)/ ? length $1 : 0;
			$d += 2 if $code =~ /%/; $fmt{$id} = $d;
		}
		my ($xfs) = $x =~ /<cellXfs[^>]*>(.*?)<\/cellXfs>/s; my @dec;
		push @dec, (defined $fmt{$1} ? $fmt{$1} : 9) while $xfs =~ /<xf numFmtId="(\d+)"/g;
		my $data = <STDIN>; my $bad = "";
		while ($data =~ /<c r="([A-Z]+[0-9]+)"( s="(\d+)")?( t="[a-z]+")?>(?:<f>[^<]*<\/f>)?<v>([^<]*)<\/v>/g) {
			my ($ref, $s, $t, $v) = ($1, $3 // 0, $4, $5); next if $t;
			my $d = $v =~ /\.(\d+)$/ ? length $1 : 0;
			$bad .= "$ref=$v " if $v !~ /e/i && $d > $dec[$s];
		}
		print $bad;' "$T/styles.xml")
	if [ -z "$worst" ]; then ok "$b: every stored number has the decimals it shows"; else notok "$b: numbers with more decimals than shown: $(echo "$worst" | head -c 300)"; fi
done

[ "$fails" -eq 0 ]
