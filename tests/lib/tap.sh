# Sourced by the shell tests: their TAP lines ("ok N - name", "not ok N -
# name" with "# " detail lines; fails counts the second), and for those
# that drive the real ./jixiao in tmux (keys.sh, screens.sh, entry.sh,
# hangup.sh) the set-up they start with, after setting BIN (the binary
# under test).  Kept out of tests/*.sh, which tests/run.sh runs.
n=0
fails=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
notok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
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
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-$2.XXXXXX")
	SOCK="jixiao-$2-$$"
	trap 'T kill-server >/dev/null 2>&1; rm -rf "$WORK"' EXIT INT TERM
}
