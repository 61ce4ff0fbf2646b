# Sourced by the shell tests, after `cd "$(dirname "$0")/.."` (so that
# every path is from the top of the tree): their TAP lines ("ok N - name",
# "not ok N - name" with "# " detail lines; fails counts the second), the
# work directory $T each makes, and for those that drive the real ./jixiao
# in tmux (keys.sh, screens.sh, entry.sh, hangup.sh, …) the set-up they
# start with, after setting BIN (the binary under test).  Kept out of
# tests/*.sh, which tests/run.sh runs.  tests/run.sh counts the lines that
# start with "ok " and "not ok ", so everything else a test prints starts
# with "# ".
n=0
fails=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
# notok NAME [DETAIL...]: each detail (a command's output, say) on "# "
# lines, so that no line of it can be counted as a result; empty ones left
# out.
notok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do
		[ -n "$l" ] && printf '%s\n' "$l" | sed 's/^/# /'
	done
	return 0
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# check NAME COMMAND...: one result from COMMAND's exit status; a failure
# shows the first lines COMMAND printed (kept out of the TAP stream, in
# the work directory: work_dir comes first).
check() {
	check_name=$1
	shift
	if "$@" >"${T:?check before work_dir}/check.out" 2>&1; then
		ok "$check_name"
	else
		notok "$check_name" "$(head -20 "$T/check.out")"
	fi
}

# work_dir NAME [UNDO]: a new directory $T ($TMPDIR/jixiao-NAME.XXXXXX),
# removed when the script ends, however it ends (an interrupt ends it with
# status 1), after the command UNDO has undone what rm -rf cannot (a
# mount, a tmux server, files made unwritable).
work_dir() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-$1.XXXXXX") || {
		notok "a temporary directory for $1"
		exit 1
	}
	work_undo=${2:-:}
	trap 'eval "$work_undo"; rm -rf "$T"' EXIT
	trap 'exit 1' INT TERM
}

# private_home: $HOME inside $T, without XDG_DATA_HOME or JIXIAO_LANG, so
# that jixiao never touches the real user's database and speaks Chinese.
private_home() {
	export HOME="$T/home"
	unset XDG_DATA_HOME JIXIAO_LANG
	mkdir -p "$HOME"
}
# utf8_locale: Chinese file names and text need a UTF-8 locale (CI may
# start with none).
utf8_locale() {
	case "$(locale charmap 2>/dev/null)" in
	UTF-8) ;;
	*) export LC_ALL=C.UTF-8 ;;
	esac
}

# needs_built BINARY / needs_tools TOOL...: what a script cannot test
# without; when it is missing, one "not ok" line and the script ends.
needs_built() {
	if [ ! -x "$1" ]; then
		notok "$1 is built"
		exit 1
	fi
}
needs_tools() {
	for tool in "$@"; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			notok "$tool is installed (make test installs it)"
			exit 1
		fi
	done
}

T() { tmux -L "$SOCK" "$@"; }

# tui_start WHAT NAME: skipped without tmux, failed without the binary;
# then a work directory $WORK and a private tmux server (T …), both gone
# when the script ends.
tui_start() {
	if ! command -v tmux >/dev/null 2>&1; then
		skip "$1" "tmux is not installed"
		exit 0
	fi
	if [ ! -x "$BIN" ]; then
		notok "$1" "./jixiao is not built"
		exit 1
	fi
	SOCK="jixiao-$2-$$"
	work_dir "$2" 'T kill-server >/dev/null 2>&1'
	# shellcheck disable=SC2034 # the name the terminal tests use
	WORK=$T
}
