#!/bin/sh
# The workstation stopped from outside: the terminal hangs up (an SSH
# connection from an office PC drops: SIGHUP) or the system asks it to end
# (SIGTERM).  The value being typed is saved as leaving the field would save
# it, with its audit row; a refused value saves nothing; an open dialog does
# not keep the program alive; the exit status is 128 + the signal's number.
# Runs the real ./jixiao in tmux.  Prints TAP lines.
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
BIN=${JX_HANGUP_BIN:-$ROOT/jixiao}
. tests/lib/tap.sh
check() { # NAME CONDITION-EXIT-STATUS [DETAIL...]
	name=$1 st=$2
	shift 2
	if [ "$st" -eq 0 ]; then ok "$name"; else notok "$name" "$@"; fi
}

tui_start "hang-up tests" hangup
if ! nm "$BIN" 2>/dev/null | grep -q ' T jx_workstation_main$'; then
	skip "hang-up tests" "this build has no workstation"
	exit 0
fi
DB=$WORK/h.db
J() { "$BIN" --db "$DB" "$@"; }

J import share/samples/jingdezhen-2023-external.yaml >/dev/null 2>&1 || {
	notok "sample imported"
	exit 1
}

# start: the workstation in a new tmux session; its pid in $WORK/pid, its
# exit status in $WORK/rc when it ends.
start() {
	rm -f "$WORK/pid" "$WORK/rc"
	T kill-server >/dev/null 2>&1
	# a server that is still going away can refuse the new session: again
	for try in 1 2 3; do
		T new-session -d -s t -x 100 -y 30 -c "$WORK" \
			"env -u NO_COLOR -u JIXIAO_LANG LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c 'echo \$\$ > pid; exec \"$BIN\" --db h.db'; echo \$? > rc; sleep 600" \
			2>/dev/null && break
		sleep 0.5
	done
	wait_for "项目列表"
}
keys() {
	T send-keys -t t "$@"
	sleep 0.2
}
wait_for() { # TEXT: until the screen shows it (5 s at most)
	i=0
	while [ $i -lt 50 ]; do
		T capture-pane -p -t t 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# ended: until the workstation's process is gone (5 s at most); 0 when it is
ended() {
	i=0
	while [ $i -lt 50 ]; do
		kill -0 "$(cat "$WORK/pid")" 2>/dev/null || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
rc_is() { # STATUS: the exit status written by the wrapper
	i=0
	while [ $i -lt 30 ] && [ ! -s "$WORK/rc" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(cat "$WORK/rc" 2>/dev/null)" = "$1" ]
}
audit_rows() { J history 1 2>/dev/null | grep -c .; }
# on_screen KEY TEXT: start, open the sheet, go to screen KEY, wait for TEXT
# (a screen's digit as Alt+digit: a plain digit would be typed into the field
# under the cursor)
on_screen() {
	start
	keys Enter
	case $1 in
	[1-7]) keys "M-$1" ;;
	*) keys "$1" ;;
	esac
	wait_for "$2"
}

# 1. SIGHUP while a project name is typed and not yet committed
on_screen 2 "项目名称"
keys Down Enter C-u "挂断前输入的名称"
wait_for "挂断前输入的名称"
kill -HUP "$(cat "$WORK/pid")"
ended
check "SIGHUP while typing: the workstation ends" $?
rc_is 129
check "SIGHUP: exit status 129" $? "rc: $(cat "$WORK/rc" 2>/dev/null)"
J history 1 info:name 2>/dev/null | grep -qF -- "info:name: 2023年工业发展专项资金 -> 挂断前输入的名称"
check "SIGHUP: the name being typed is saved with its audit row" $? "$(J history 1 info:name 2>&1)"

# 2. the terminal itself goes away (the pane's pseudo-terminal is closed)
on_screen 2 "项目名称"
keys Down Down Enter C-u "断线前的主管部门"
wait_for "断线前的主管部门"
pid=$(cat "$WORK/pid")
T kill-server
i=0
while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
! kill -0 "$pid" 2>/dev/null
check "terminal closed while typing: the workstation ends" $?
J show 1 2>/dev/null | grep -qF -- "断线前的主管部门"
check "terminal closed: the department being typed is saved" $? "$(J show 1 2>&1 | head -8)"

# 3. SIGTERM while a narrative text of two lines is typed
on_screen 6 "主要经验及做法"
keys Enter "第一行经验" Enter "第二行经验"
wait_for "第二行经验"
kill -TERM "$(cat "$WORK/pid")"
ended
check "SIGTERM while typing a narrative: the workstation ends" $?
rc_is 143
check "SIGTERM: exit status 143" $? "rc: $(cat "$WORK/rc" 2>/dev/null)"
J history 1 narr:experience 2>/dev/null | grep -qF -- "第一行经验"
check "SIGTERM: the narrative being typed is saved with its audit row" $? "$(J history 1 narr:experience 2>&1)"
J show 1 2>/dev/null | grep -qF -- "第二行经验"
check "SIGTERM: both lines are saved" $?

# 4. SIGHUP with a refused value in the editor: nothing saved
before=$(audit_rows)
on_screen 2 "评价年度"
keys Enter C-u "二〇二三年"
wait_for "二〇二三年"
kill -HUP "$(cat "$WORK/pid")"
ended
check "SIGHUP with a refused year in the editor: the workstation ends" $?
[ "$(audit_rows)" = "$before" ] && J show 1 2>/dev/null | grep -q "2023"
check "SIGHUP with a refused year: nothing saved, the year is still 2023" $? "audit rows $before -> $(audit_rows)"

# 5. SIGHUP while a dialog is open (the export format list)
before=$(audit_rows)
on_screen E "导出格式"
kill -HUP "$(cat "$WORK/pid")"
ended
check "SIGHUP with the export dialog open: the workstation ends" $?
rc_is 129
check "SIGHUP with a dialog: exit status 129" $? "rc: $(cat "$WORK/rc" 2>/dev/null)"
[ "$(audit_rows)" = "$before" ]
check "SIGHUP with a dialog: nothing changed" $?

if command -v sqlite3 >/dev/null 2>&1; then
	[ "$(sqlite3 "$DB" "PRAGMA integrity_check" 2>&1)" = ok ]
	check "the database is intact (integrity_check)" $?
fi
