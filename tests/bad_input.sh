#!/bin/sh
# The bad-input catalogue: every directory in tests/bad-input/ is one case of
# hostile or broken input (a field value, a YAML file, a database file, an
# export target, a terminal size or key sequence) with the exact message
# phrase and exit code it must produce.  tests/bad-input/README.md describes
# the case format.
#
# Runs every case with ./jixiao, then again with build/jixiao-asan (ASan and
# UBSan: a sanitizer report changes the exit code and fails the case).
# Prints TAP lines "ok N - name" / "not ok N - name"; everything else it
# prints starts with "# ".  Run from the top of the tree (tests/run.sh does).
#
# Environment:
#   JIXIAO=PATH        test only this binary
#   JIXIAO_WRAP=CMD    run each case's jixiao under CMD (tests/valgrind.sh
#                      sets a valgrind command line); cases marked
#                      "valgrind: skip" are skipped
#   BAD_INPUT_CASES=…  only the named cases (directory names)
cd "$(dirname "$0")/.." || exit 1
. tests/lib/tap.sh
ROOT=$(pwd)
CASES=$ROOT/tests/bad-input

utf8_locale
: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS UBSAN_OPTIONS

needs_tools sha256sum cmp
TSOCK="jixiao-bad-input-$$"
# what a case interrupted midway leaves that rm -rf cannot remove: its
# terminal, its small disk, its unwritable files
undo_case() {
	tmux -L "$TSOCK" kill-server >/dev/null 2>&1
	for m in "$T"/*/mnt; do
		[ -d "$m" ] && umount "$m" >/dev/null 2>&1
	done
	chmod -R u+w "$T" 2>/dev/null
}
work_dir bad-input undo_case
chmod 755 "$T" # cases run as an unprivileged user must reach their files
private_home

is_root=0
[ "$(id -u)" = 0 ] && is_root=1
can_drop=0
if [ $is_root = 1 ] && command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	can_drop=1
fi
can_mount=0
if [ $is_root = 1 ]; then
	mkdir -p "$T/probe"
	if mount -t tmpfs -o size=64k tmpfs "$T/probe" 2>/dev/null; then
		umount "$T/probe"
		can_mount=1
	fi
	rmdir "$T/probe"
fi
has_tmux=0
command -v tmux >/dev/null 2>&1 && has_tmux=1

# sum FILE: sha256 of a file, "absent" when there is none
sum() {
	if [ -e "$1" ]; then sha256sum "$1" | cut -d' ' -f1; else echo absent; fi
}

# value KEY FILE: the values of "KEY: value" lines, one per line
value() { sed -n "s/^$1: \{0,1\}//p" "$2"; }

# subst TEXT: replace @W@ (the case's work directory) and @ROOT@
subst() { printf '%s\n' "$1" | sed "s|@W@|$W|g; s|@ROOT@|$ROOT|g"; }

# terminal: run jixiao in tmux (tmux: COLSxROWS; keys: lines are tmux
# send-keys arguments, or "sleep S", "resize COLS ROWS", "snap" to keep the
# screen as it is then), keep the screen (at "snap", else at the end) in
# $W/screen, the window title in $W/title and the exit status in $W/status
terminal() {
	size=$(value tmux "$C")
	cols=${size%x*}
	rows=${size#*x}
	cmdline=""
	for a in $(value arg "$C"); do
		cmdline="$cmdline '$(subst "$a")'"
	done
	envs=$(value env "$C" | tr '\n' ' ')
	tmux -L "$TSOCK" kill-server >/dev/null 2>&1
	tmux -u -L "$TSOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
		"cd '$W' && env $envs $WRAP '$J' $cmdline 2>'$W/stderr'; echo \$? >'$W/status'; sleep 60"
	tmux -L "$TSOCK" set-option -g status off >/dev/null 2>&1
	# wait until the program has drawn something (up to 5 s), then a moment more
	i=0
	while [ $i -lt 25 ] && [ ! -s "$W/status" ] &&
		[ -z "$(tmux -L "$TSOCK" capture-pane -p 2>/dev/null | tr -d ' \n')" ]; do
		sleep 0.2
		i=$((i + 1))
	done
	sleep 0.5
	value keys "$C" | while IFS= read -r k; do
		case $k in
		sleep*) sleep "${k#sleep }" ;;
		resize*)
			set -- ${k#resize }
			tmux -L "$TSOCK" resize-window -x "$1" -y "$2" >/dev/null 2>&1
			;;
		snap) tmux -L "$TSOCK" capture-pane -p >"$W/screen" ;;
		*) eval "tmux -L '$TSOCK' send-keys $k" ;;
		esac
		sleep 0.2
	done
	# wait for the program to end (up to 10 s), or take the screen as it is
	i=0
	while [ ! -s "$W/status" ] && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	[ -f "$W/screen" ] || tmux -L "$TSOCK" capture-pane -p >"$W/screen" 2>/dev/null
	tmux -L "$TSOCK" display-message -p '#{pane_title}' >"$W/title" 2>/dev/null
	tmux -L "$TSOCK" kill-server >/dev/null 2>&1
}

# run_case DIR SUFFIX: one case with binary $J (wrapped in $WRAP)
run_case() {
	D=$1
	name=$(basename "$D")$2
	C=$D/case
	desc=$(value desc "$C" | head -n 1)
	label="$name: $desc"
	W=$T/$(basename "$D")
	rm -rf "$W"
	mkdir -p "$W"
	for need in $(value needs "$C"); do
		case $need in
		root) [ $is_root = 1 ] || { skip "$label" "needs root"; return; } ;;
		nobody) [ $can_drop = 1 ] || { skip "$label" "needs root and setpriv to run as nobody"; return; } ;;
		tmpfs) [ $can_mount = 1 ] || { skip "$label" "cannot mount a tmpfs here"; return; } ;;
		tmux) [ $has_tmux = 1 ] || { skip "$label" "tmux is not installed"; return; } ;;
		workstation)
			nm "$J" 2>/dev/null | grep -q ' T jx_workstation_main$' ||
				{ skip "$label" "$(basename "$J") is built without the workstation"; return; }
			;;
		esac
	done
	if [ -n "$WRAP" ] && grep -q '^valgrind: skip' "$C"; then
		skip "$label" "not under valgrind: $(value valgrind "$C" | sed 's/^skip *//')"
		return
	fi
	# the case's files, then its database, then its own set-up
	for f in "$D"/*; do
		case $(basename "$f") in case | setup.sh) ;; *) cp -R "$f" "$W"/ ;; esac
	done
	case $(value db "$C") in
	base) cp "$BASE" "$W/jx.db" ;;
	empty) "$J" --db "$W/jx.db" init >/dev/null 2>&1 ;;
	esac
	if [ -f "$D/setup.sh" ]; then
		if ! (cd "$W" && J=$J BASE=$BASE W=$W ROOT=$ROOT sh "$D/setup.sh") >"$W/setup.out" 2>&1; then
			notok "$label" "set-up failed:" "$(head -n 5 "$W/setup.out")"
			return
		fi
	fi
	# sums of the files that must come out byte-identical
	value unchanged "$C" | while IFS= read -r f; do
		f=$(subst "$f")
		case $f in /*) ;; *) f=$W/$f ;; esac
		printf '%s %s %s %s\n' "$f" "$(sum "$f")" "$(sum "$f-wal")" "$(sum "$f-journal")"
	done >"$W/sums.before"

	if [ -n "$(value tmux "$C")" ]; then
		terminal
		got=$(cat "$W/status" 2>/dev/null)
		: >"$W/stdout"
	else
		# one argument per "arg:" line ("arg:" alone is an empty argument)
		value arg "$C" >"$W/args"
		set --
		while IFS= read -r a; do
			set -- "$@" "$(subst "$a")"
		done <"$W/args"
		as=""
		run=$J
		if [ "$(value as "$C")" = nobody ]; then
			as="setpriv --reuid=65534 --regid=65534 --clear-groups"
			run=$JN # a copy nobody can reach (the tree may sit in a private directory)
		fi
		stdin=$(value stdin "$C")
		[ -n "$stdin" ] || stdin=/dev/null
		case $stdin in /*) ;; *) stdin=$W/$stdin ;; esac
		envs=$(value env "$C" | tr '\n' ' ')
		(cd "$W" && env $envs $as $WRAP "$run" "$@" <"$stdin" >"$W/stdout" 2>"$W/stderr")
		got=$?
	fi

	why=""
	want=$(value exit "$C")
	[ "$got" = "$want" ] || why="exit ${got:-none}, expected $want"
	if [ -z "$why" ]; then
		value stderr "$C" | while IFS= read -r p; do
			grep -qF -- "$(subst "$p")" "$W/stderr" || echo "stderr lacks \"$p\""
		done >"$W/why"
		value stderr-re "$C" | while IFS= read -r p; do
			grep -q -- "$(subst "$p")" "$W/stderr" || echo "stderr does not match /$p/"
		done >>"$W/why"
		value stdout "$C" | while IFS= read -r p; do
			grep -qF -- "$(subst "$p")" "$W/stdout" || echo "stdout lacks \"$p\""
		done >>"$W/why"
		value screen "$C" | while IFS= read -r p; do
			grep -qF -- "$p" "$W/screen" || echo "the screen lacks \"$p\""
		done >>"$W/why"
		value no-title "$C" | while IFS= read -r p; do
			grep -qF -- "$p" "$W/title" && echo "the window title became \"$p\""
		done >>"$W/why"
		value no-stdout "$C" | while IFS= read -r p; do
			grep -qF -- "$(subst "$p")" "$W/stdout" && echo "stdout has \"$p\""
		done >>"$W/why"
		value absent "$C" | while IFS= read -r f; do
			f=$(subst "$f")
			case $f in /*) ;; *) f=$W/$f ;; esac
			[ -e "$f" ] && echo "$f exists"
		done >>"$W/why"
		value no-stderr "$C" | while IFS= read -r p; do
			grep -qF -- "$(subst "$p")" "$W/stderr" && echo "stderr has \"$p\""
		done >>"$W/why"
		# mode: FILE OCTAL, the permissions a written file must have
		value mode "$C" | while read -r f m; do
			f=$(subst "$f")
			case $f in /*) ;; *) f=$W/$f ;; esac
			[ "$(stat -c %a "$f" 2>/dev/null)" = "$m" ] || echo "$f has mode $(stat -c %a "$f" 2>/dev/null), not $m"
		done >>"$W/why"
		value exists "$C" | while IFS= read -r f; do
			f=$(subst "$f")
			case $f in /*) ;; *) f=$W/$f ;; esac
			[ -e "$f" ] || echo "$f does not exist"
		done >>"$W/why"
		while read -r f s0 w0 j0; do
			s1=$(sum "$f")
			[ "$s1" = "$s0" ] || echo "$(basename "$f") changed (sha256 $s0 -> $s1)"
			[ "$(sum "$f-wal")" = "$w0" ] || [ ! -s "$f-wal" ] || echo "$(basename "$f")-wal changed"
			[ "$(sum "$f-journal")" = "$j0" ] || [ ! -s "$f-journal" ] || echo "$(basename "$f")-journal changed"
		done <"$W/sums.before" >>"$W/why"
		# a refusal (exit 2 and up) always says why; no output carries a
		# sanitizer report
		if [ "${got:-0}" -ge 2 ] && [ ! -s "$W/stderr" ]; then echo "no message on stderr" >>"$W/why"; fi
		if grep -q 'Sanitizer\|runtime error:\|==[0-9]*== ' "$W/stderr"; then
			echo "sanitizer or valgrind report" >>"$W/why"
		fi
		why=$(head -n 3 "$W/why" | tr '\n' ';')
	fi
	if [ -z "$why" ]; then
		ok "$label"
	else
		notok "$label" "$why" "stderr: $(head -c 300 "$W/stderr" | head -n 3 | tr '\n' ' ')"
		if [ -s "$W/screen" ]; then
			sed 's/^/#   | /' "$W/screen"
		fi
		if grep -q '==[0-9]*== \|Sanitizer' "$W/stderr"; then
			grep -m 12 '==[0-9]*== \|Sanitizer\|#[0-9] ' "$W/stderr" | sed 's/^/#   /'
		fi
	fi
	chmod -R u+w "$W" 2>/dev/null
	for m in "$W"/mnt; do
		[ -d "$m" ] && umount "$m" >/dev/null 2>&1
	done
	rm -rf "$W"
}

# run_all BINARY SUFFIX: the base database, then every case
run_all() {
	J=$1
	case $J in /*) ;; *) J=$ROOT/$J ;; esac
	if [ ! -x "$J" ]; then
		notok "$(basename "$J") is built" "make jixiao build/jixiao-asan"
		return
	fi
	# base database: the four samples, made by the binary under test
	# (without the valgrind wrapper, which only checks the cases)
	BASE=$T/base$2.db
	JN=$T/bin$2/$(basename "$J")
	mkdir -p "$(dirname "$JN")" && cp "$J" "$JN" && chmod 755 "$(dirname "$JN")" "$JN"
	rm -f "$BASE"
	if ! "$J" --db "$BASE" init >/dev/null 2>&1 || ! "$J" --db "$BASE" import share/samples/*.yaml >/dev/null 2>&1; then
		notok "base database$2" "jixiao init/import of share/samples failed"
		return
	fi
	chmod 644 "$BASE"
	for D in "$CASES"/*/; do
		D=${D%/}
		[ -f "$D/case" ] || continue
		if [ -n "$BAD_INPUT_CASES" ]; then
			case " $BAD_INPUT_CASES " in *" $(basename "$D") "*) ;; *) continue ;; esac
		fi
		run_case "$D" "$2"
	done
}

WRAP=${JIXIAO_WRAP:-}
if [ -n "$JIXIAO" ]; then
	run_all "$JIXIAO" ""
else
	run_all ./jixiao ""
	if [ -x build/jixiao-asan ]; then
		run_all build/jixiao-asan " (ASan+UBSan)"
	else
		notok "build/jixiao-asan is built" "make build/jixiao-asan"
	fi
fi
echo "1..$n"
[ "$fails" -eq 0 ]
