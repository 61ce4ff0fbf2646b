# Sourced by the shell tests that drive the real ./jixiao in tmux (keys.sh,
# screens.sh, entry.sh): their TAP lines and the set-up they start with.
# The sourcing script sets BIN (the binary under test) first.
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
