#!/bin/sh
# Four command-line writers at once: four `jixiao set` loops on the same
# field of one sheet.  A set that meets another writer's change (the field
# changed between its reading the sheet and its writing) writes over the
# sheet as it now is and says so in command-line words; none is refused
# with the workstation's "reload" message, none is lost: the field's audit
# rows form one chain (each row's old value is the row before's new value)
# holding every value set.
#
#   sh tests/writers.sh                 # part of make test
#   WRITERS_SETS=200 sh tests/writers.sh
#
# Prints TAP lines; figures as "# " comments.  JIXIAO=PATH tests another build.
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
J=${JIXIAO:-./jixiao}
SETS=${WRITERS_SETS:-40}
case $J in /*) ;; *) J=$(pwd)/$J ;; esac
needs_built "$J"
needs_tools sqlite3
work_dir writers
private_home
DB=$T/w.db
if ! "$J" --db "$DB" import share/samples/jingdezhen-2023-external.yaml >"$T/import.log" 2>&1; then
	notok "the sample imports" "$(cat "$T/import.log")"
	exit 1
fi

# writer K: SETS values "wK-1" … "wK-SETS", each set's exit status logged
for k in 1 2 3 4; do
	(
		i=1
		while [ $i -le "$SETS" ]; do
			"$J" --db "$DB" --user "w$k" set 1 info:manager "w$k-$i" >>"$T/out$k" 2>>"$T/err$k"
			echo $? >>"$T/status$k"
			i=$((i + 1))
		done
	) &
done
wait

total=$((4 * SETS))
succeeded=$(cat "$T"/status? | grep -c '^0$')
if [ "$succeeded" -eq "$total" ]; then
	ok "all $total sets of four concurrent writers succeeded"
else
	notok "$((total - succeeded)) of $total sets failed" \
		"$(grep -h -v '^注意' "$T"/err? | sort | uniq -c | head -5)"
fi
if grep -q '请重新载入\|重新载入后再改' "$T"/err? "$T"/out?; then
	notok "a set printed the workstation's \"reload\" message"
else
	ok "no set printed the workstation's \"reload\" message"
fi
notes=$(cat "$T"/err? | grep -c '在本命令读取之后已被另一用户或工作站改为')
echo "# sets that met another writer's change and said so: $notes"

# every value set is in the field's history exactly once, in one chain
# from the sample's value (no manager: empty) to the value the field holds
sqlite3 -separator '|' "$DB" "SELECT coalesce(old_value, ''), coalesce(new_value, '') FROM audit
	WHERE sheet_id = 1 AND field = 'info:manager' ORDER BY id" >"$T/chain"
rows=$(wc -l <"$T/chain")
now=$(sqlite3 "$DB" "SELECT coalesce(manager, '') FROM sheets WHERE id = 1")
broken=$(awk -F'|' -v now="$now" 'NR == 1 && $1 != "" { bad++ }
	NR > 1 && $1 != prev { bad++ }
	{ prev = $2 }
	END { if (prev != now) bad++; print bad + 0 }' "$T/chain")
distinct=$(cut -d'|' -f2 "$T/chain" | sort -u | wc -l)
if [ "$rows" -eq "$total" ] && [ "$distinct" -eq "$total" ] && [ "$broken" -eq 0 ]; then
	ok "the field's audit rows: $total, one chain, every value once, ending in the stored value"
else
	notok "audit rows $rows (expected $total), distinct values $distinct, breaks in the chain $broken"
fi
echo "1..$n"
[ "$fails" -eq 0 ]
