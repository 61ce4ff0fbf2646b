#!/bin/sh
# The printable HTML as a finance bureau prints it: every sample, in the form
# (html) and as a report draft (report-html), printed to PDF by Chromium
# headless, and the PDF read back with pdftotext and pdfinfo:
#   - A4, every page numbered "第 N 页 共 M 页";
#   - every page after the first that continues a table with column headings
#     (the indicator table) shows its heading row at the top, and no page
#     holds only a heading;
#   - every figure of the HTML (a run of digits, with its decimal point or
#     percent sign) is found whole in the printed text: none split across
#     lines;
#   - the text prints at its size (not shrunk to fit the width).
# One Chromium run per file, both at once, to keep the wall time small.
# Prints TAP lines only.  Run from the top of the tree after `make`.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
JIXIAO=${JIXIAO:-./jixiao}

work_dir print-html

CHROMIUM=$(command -v chromium || command -v chromium-browser)
if [ -z "$CHROMIUM" ] || ! command -v pdftotext >/dev/null 2>&1; then
	notok "Chromium and poppler-utils are installed (make test-deps)"
	exit 1
fi

if ! $JIXIAO --db "$T/s.db" import share/samples/*.yaml >"$T/out" 2>&1; then
	notok "import the samples"
	sed 's/^/# /' "$T/out"
	exit 1
fi
for f in html report-html; do
	if $JIXIAO --db "$T/s.db" export --all --format $f -o "$T/$f.html" >"$T/out" 2>&1; then
		ok "export every sample: $f"
	else
		notok "export every sample: $f"
		sed 's/^/# /' "$T/out"
	fi
done

# Print both at once (as root, as CI runs, Chromium needs --no-sandbox).
print_pdf() { # name
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --no-first-run \
		--user-data-dir="$T/profile-$1" --print-to-pdf="$T/$1.pdf" "file://$T/$1.html" >"$T/$1.log" 2>&1
}
print_pdf html &
p1=$!
print_pdf report-html &
p2=$!
wait $p1
wait $p2

# The figures of an HTML file, one per line: runs of digits with their
# decimal point, thousands commas and percent sign, three characters or more.
figures() {
	sed -e '/<style>/,/<\/style>/d' -e 's/<[^>]*>/ /g' "$1" | LC_ALL=C awk '{
		s = $0
		while (match(s, /[0-9][0-9.,]*[0-9]%?/)) {
			if (RLENGTH >= 3)
				print substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
		}
	}' | sort -u
}

for f in html report-html; do
	pdf=$T/$f.pdf
	if [ ! -s "$pdf" ]; then
		notok "$f: Chromium prints it to PDF"
		sed 's/^/# /' "$T/$f.log" | tail -5
		continue
	fi
	pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
	ok "$f: Chromium prints it to PDF ($pages pages)"
	if pdfinfo "$pdf" | grep -q '^Page size: *59[45][.0-9]* x 84[12]'; then
		ok "$f: A4 pages"
	else
		notok "$f: A4 pages"
		pdfinfo "$pdf" | grep '^Page size' | sed 's/^/# /'
	fi
	# one text for all pages: pdftotext ends each page with a form feed
	pdftotext -layout "$pdf" "$T/$f.txt"
	bad=$(awk -v pages="$pages" 'BEGIN { RS = "\f" } NR <= pages && !index($0, "第 " NR " 页 共 " pages " 页") { printf " %d", NR }' "$T/$f.txt")
	if [ -z "$bad" ]; then ok "$f: every page numbered 第 N 页 共 $pages 页"; else notok "$f: pages without their number:$bad"; fi

	# no figure split across lines
	figures "$T/$f.html" >"$T/figures"
	missing=$(while read -r x; do grep -qF -- "$x" "$T/$f.txt" || echo "$x"; done <"$T/figures")
	if [ -n "$missing" ] && [ "$(wc -l <"$T/figures")" -gt 0 ]; then
		notok "$f: every figure printed whole"
		echo "$missing" | head -10 | sed 's/^/# not found whole: /'
	else
		ok "$f: all $(wc -l <"$T/figures") figures printed whole"
	fi

	# The text at its size: a run of Chinese characters is as wide as its
	# characters times the font size.  The smallest text of the HTML is
	# 9 pt (tables 9.5 pt, page numbers 9 pt): the median size on every page
	# must be at least 85% of 9 pt.
	small=$(pdftotext -bbox "$pdf" - | LC_ALL=C awk -F'"' '
		/<page / { if (p) out(); p++; n = 0 }
		/<word / {
			w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
			if (w ~ /^([\344-\351][\200-\277][\200-\277])+$/ && length(w) >= 6)
				v[++n] = ($6 - $2) / (length(w) / 3)
		}
		function out(   i, j, t) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
			if (n && v[int((n + 1) / 2)] < 7.65)
				printf " %d:%s", p, v[int((n + 1) / 2)]
		}
		END { if (p) out() }')
	if [ -z "$small" ]; then ok "$f: text printed at full size"; else notok "$f: text shrunk (page:median size pt) $small"; fi
done

# Tables with a heading (<thead>): the heading's words and the first words of
# the table's last row, in document order, read from the HTML.
awk 'BEGIN { RS = "</table>" } /<thead>/ {
	h = $0; sub(/<\/thead>.*/, "", h)
	m = split(h, hr, "<tr>"); x = hr[m]; gsub(/<[^>]*>/, "\t", x); gsub(/\t+/, "\t", x); sub(/^\t/, "", x)
	k = split($0, rows, "<tr>"); y = rows[k]; gsub(/<[^>]*>/, "\t", y); gsub(/\t+/, "\t", y); sub(/^\t/, "", y)
	split(x, hw, "\t"); split(y, ew, "\t")
	print hw[1] "\t" hw[3] "\t" ew[1]
}' "$T/html.html" >"$T/tables"
if [ -s "$T/tables" ]; then
	ok "html: $(wc -l <"$T/tables") tables with a heading row"
else
	notok "html: the indicator tables have a <thead>"
fi

# Walk the pages in order.  A table is entered on the line that shows its
# heading and left on the line that starts with its last row's first cell.
# A page that begins while a table is open must show the heading within its
# first lines; a heading must be followed by a row on its page.
pdftotext -layout "$T/html.pdf" - | awk 'BEGIN { RS = "\f" } {
	n = split($0, l, "\n")
	for (i = 1; i <= n; i++)
		if (l[i] !~ /^[[:space:]]*$/ && l[i] !~ /页 共 .* 页/)
			print NR "\t" l[i]
}' >"$T/lines"
awk -F'\t' '
	FNR == NR { h1[NR] = $1; h2[NR] = $2; last[NR] = $3; nt = NR; next }
	function heading(s) { return index(s, h1[k]) && index(s, h2[k]) }
	BEGIN { k = 1; open = 0; page = 0 }
	{
		if ($1 != page) {
			if (page && after_head) { print "not ok: page " page " ends with a heading and no row"; bad++ }
			page = $1; first = 1; seen = 0; after_head = 0
			if (open) { need[page] = 1; cont++ }
		}
		line = $0; sub(/^[0-9]+\t/, "", line)
		if (need[page] && first <= 4 && heading(line)) { seen = 1; need[page] = 0 }
		if (need[page] && first == 4) { print "not ok: page " page " continues table " k " without its heading"; bad++; need[page] = 0 }
		if (k <= nt && heading(line)) { open = 1; after_head = 1 }
		else after_head = 0
		if (open && k <= nt && line ~ "^[[:space:]]*" last[k]) { open = 0; k++ }
		first++
	}
	END {
		if (after_head) { print "not ok: page " page " ends with a heading and no row"; bad++ }
		if (k <= nt) { print "not ok: table " k " never ended"; bad++ }
		printf "%d %d\n", cont, bad
	}' "$T/tables" "$T/lines" >"$T/walk"
res=$(tail -1 "$T/walk")
cont=${res% *}
bad=${res#* }
if [ "$bad" = 0 ] && [ "${cont:-0}" -gt 0 ]; then
	ok "html: each of the $cont pages continuing a table shows its heading row; no page holds only a heading"
else
	notok "html: pages continuing a table show its heading row, none holds only a heading"
	grep '^not ok' "$T/walk" | sed 's/^/# /'
fi

[ "$fails" -eq 0 ]
