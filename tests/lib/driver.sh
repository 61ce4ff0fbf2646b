# Sourced by export.sh and print_xlsx.sh after tests/lib/tap.sh and
# work_dir: the export test driver (tests/export/driver.c), which calls the
# exporters of build/libjixiao.a on sheet files without a database.

# build_driver NAME: build it as build/NAME-driver, its path in DRIVER
# (a file for each script, as tests/run.sh runs them at once); without
# it, one "not ok" line and the script ends.
build_driver() {
	DRIVER=build/$1-driver
	if [ ! -f build/libjixiao.a ]; then
		notok "build/libjixiao.a missing (run make first)"
		exit 1
	fi
	# shellcheck disable=SC2046
	if ! ${CC:-cc} -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter -g -Isrc -Ibuild/gen \
		-o "$DRIVER" tests/export/driver.c build/libjixiao.a \
		$(pkg-config --cflags --libs sqlite3 yaml-0.1 xlsxwriter libcrypto) -lm >"$T/cc" 2>&1; then
		notok "build the export test driver" "$(cat "$T/cc")"
		exit 1
	fi
}
