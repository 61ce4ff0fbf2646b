# jixiao — terminal workstation for budget performance evaluation sheets.
# make            build ./jixiao
# make run        the workstation on a demo database built from share/samples/
# make test       all tests (unit tests, also under ASan+UBSan; CLI tests)
# make bench      speed and memory figures
# make fuzz       libFuzzer targets, FUZZ_SECONDS (default 300) each
# make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKGS     = ncursesw sqlite3 yaml-0.1 xlsxwriter libcrypto minizip expat freexl
# Debian packages: to build (make, make run) and, in addition, to test
# (cmocka; tmux for the screen tests; the sqlite3 shell for tests/cli.sh;
# LibreOffice, poppler-utils, unzip and CJK fonts for tests/export.sh and
# tests/print_xlsx.sh; Carlito, metric twin of the xlsx default font Calibri,
# so that LibreOffice sizes columns as Excel does; Chromium for
# tests/print_html.sh).
DEB_PKGS  = build-essential pkg-config libncurses-dev libsqlite3-dev libyaml-dev libxlsxwriter-dev libssl-dev \
           libminizip-dev libexpat1-dev libfreexl-dev
TEST_DEB_PKGS = libcmocka-dev tmux sqlite3 valgrind libreoffice-calc libreoffice-writer poppler-utils unzip \
           fonts-noto-cjk fonts-crosextra-carlito chromium
# clang and its sanitizer runtimes for make fuzz.
FUZZ_DEB_PKGS = clang-14 libclang-rt-14-dev
CORE_PKGS = sqlite3 yaml-0.1

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS  := $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN    = -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Isrc -Ibuild/gen
SAN     = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

B       = build
CORE_SRC   := $(filter-out src/main.c,$(wildcard src/*.c))
SCREEN_SRC := $(wildcard screens/*.c)
GEN_SRC    := $(B)/gen/schema_files.c $(B)/gen/schema_expected.c $(B)/gen/template_files.c $(B)/gen/report_files.c
SCHEMA     := $(sort $(wildcard schema/*.sql))
TEMPLATES  := $(sort $(wildcard share/templates/*.yaml))
REPORTS    := $(sort $(wildcard share/reports/*.yaml))
TEST_SRC   := $(wildcard tests/test_*.c)

CORE_OBJ   := $(CORE_SRC:%.c=$(B)/obj/%.o) $(GEN_SRC:$(B)/gen/%.c=$(B)/obj/gen/%.o)
SCREEN_OBJ := $(SCREEN_SRC:%.c=$(B)/obj/%.o)
ASAN_CORE_OBJ := $(CORE_SRC:%.c=$(B)/asan/%.o) $(GEN_SRC:$(B)/gen/%.c=$(B)/asan/gen/%.o)
TESTS      := $(TEST_SRC:tests/%.c=$(B)/tests/%)
ASAN_TESTS := $(TEST_SRC:tests/%.c=$(B)/asan-tests/%)

.PHONY: all run test bench install clean deps test-deps fuzz fuzz-build fuzz-deps
all: jixiao

# --- dependencies -----------------------------------------------------------
# Install what is missing: as root with apt-get, otherwise print the command.
define install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "jixiao needs these Debian packages; run as root:"; \
	    echo "  apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call install_missing,$(DEB_PKGS))

test-deps:
	$(call install_missing,$(DEB_PKGS) $(TEST_DEB_PKGS))

fuzz-deps:
	$(call install_missing,$(DEB_PKGS) $(FUZZ_DEB_PKGS))

# --- build --------------------------------------------------------------------
$(B)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

$(B)/gen/schema_files.c: $(B)/tools/embed $(SCHEMA)
	@mkdir -p $(@D)
	$(B)/tools/embed jx_schema_files $@ $(SCHEMA)

# The schema the migrations make, built with the SQLite the program links
# (store_guard.c compares each database's schema with it at open).
$(B)/tools/schema_expect: tools/schema_expect.c src/schema_text.c src/schema_text.h
	@mkdir -p $(@D)
	$(CC) -O1 -std=c11 $(WARN) -Isrc $(shell pkg-config --cflags sqlite3 2>/dev/null) -o $@ tools/schema_expect.c \
	  src/schema_text.c $(shell pkg-config --libs sqlite3 2>/dev/null)

$(B)/gen/schema_expected.c: $(B)/tools/schema_expect $(SCHEMA)
	@mkdir -p $(@D)
	$(B)/tools/schema_expect $@ $(SCHEMA)

$(B)/gen/template_files.c: $(B)/tools/embed $(TEMPLATES)
	@mkdir -p $(@D)
	$(B)/tools/embed jx_template_files $@ $(TEMPLATES)

$(B)/gen/report_files.c: $(B)/tools/embed $(REPORTS)
	@mkdir -p $(@D)
	$(B)/tools/embed jx_report_files $@ $(REPORTS)

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -MMD -MP -c -o $@ $<

$(B)/asan/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -c -o $@ $<

$(B)/libjixiao.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libjixiao-asan.a: $(ASAN_CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

jixiao: $(B)/obj/src/main.o $(SCREEN_OBJ) $(B)/libjixiao.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# The command line under ASan+UBSan (without the workstation) for tests/cli.sh.
$(B)/jixiao-asan: $(B)/asan/src/main.o $(B)/libjixiao-asan.a
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS) -lm

$(B)/tests/%: tests/%.c $(B)/libjixiao.a $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(B)/libjixiao.a $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(B)/asan-tests/%: tests/%.c $(B)/libjixiao-asan.a $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -Itests -o $@ $< $(B)/libjixiao-asan.a $(PKG_LIBS) $(CMOCKA_LIBS) -lm

# The workstation's session (screens/session.c) is tested without curses:
# the test links its object with the core and no ncursesw; the session's
# store writes pass through the test first (a commit from another
# workstation made to land in the middle of one).
SESSION_OBJ      = $(B)/obj/screens/session.o
ASAN_SESSION_OBJ = $(B)/asan/screens/session.o
SESSION_TEST_LDFLAGS = -Wl,--wrap=jx_store_set_field
NOCURSES_LIBS   := $(shell pkg-config --libs $(filter-out ncursesw,$(PKGS)) 2>/dev/null)

$(B)/tests/test_session: tests/test_session.c $(SESSION_OBJ) $(B)/libjixiao.a $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iscreens -Itests -o $@ $< $(SESSION_OBJ) $(B)/libjixiao.a $(NOCURSES_LIBS) $(CMOCKA_LIBS) -lm \
	  $(SESSION_TEST_LDFLAGS)

$(B)/asan-tests/test_session: tests/test_session.c $(ASAN_SESSION_OBJ) $(B)/libjixiao-asan.a $(wildcard tests/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -Iscreens -Itests -o $@ $< $(ASAN_SESSION_OBJ) $(B)/libjixiao-asan.a $(NOCURSES_LIBS) \
	  $(CMOCKA_LIBS) -lm $(SESSION_TEST_LDFLAGS)

# The key decoder's test includes screens/termkeys.c itself (it checks the
# decoder's own tables, which are static): rebuild it when that file changes.
$(B)/tests/test_termkeys $(B)/asan-tests/test_termkeys: screens/termkeys.c screens/termkeys.h screens/ui.h
$(B)/tests/test_boxchoice $(B)/asan-tests/test_boxchoice: screens/boxchoice.c screens/boxchoice.h

# The bench binary alone links the workstation's figures (bench/ws_bench.c);
# it runs ./jixiao for the commands' figures and keeps what it generates
# beside itself in $(B)/bench/.
BENCH_SRC = bench/bench.c bench/bench_cmd.c bench/ws_bench.c
$(B)/bench/bench: $(BENCH_SRC) bench/bench.h $(B)/libjixiao.a $(SCREEN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iscreens -o $@ $(BENCH_SRC) $(SCREEN_OBJ) $(B)/libjixiao.a $(PKG_LIBS) -lutil -lm

# --- fuzzing (tests/fuzz/) ----------------------------------------------------
# The core built with clang's coverage instrumentation, ASan and UBSan; each
# target links libFuzzer.  tests/fuzz/run.sh seeds a corpus in build/fuzz/
# (never in the source tree) and runs each target for FUZZ_SECONDS.
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?= sheets template num xlsx xls csv
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE $(WARN) -g -O1 $(FUZZ_SAN) $(PKG_CFLAGS) -Isrc -I$(B)/gen
FUZZ_OBJ     := $(CORE_SRC:%.c=$(B)/fuzz/obj/%.o) $(GEN_SRC:$(B)/gen/%.c=$(B)/fuzz/obj/gen/%.o)
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)

$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(B)/fuzz/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(B)/libjixiao-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(B)/libjixiao-fuzz.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(B)/libjixiao-fuzz.a $(PKG_LIBS) -lm

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $(FUZZ_TARGETS)

# --- targets ------------------------------------------------------------------
DEMO_DB = $(B)/demo.db
# deps runs first and the build is a second make, so that pkg-config's flags
# are read after any package was installed.
run: deps
	@$(MAKE) --no-print-directory jixiao
	@mkdir -p $(B)
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./jixiao --db $(DEMO_DB) import share/samples/*.yaml
	./jixiao --db $(DEMO_DB)

test: test-deps
	@$(MAKE) --no-print-directory jixiao $(B)/jixiao-asan $(TESTS) $(ASAN_TESTS)
	@sh tests/run.sh

# The last figure: keys a clerk needs beyond the typed text to enter a
# whole sheet, counted in the key script tests/entry.sh types.
bench: deps
	@$(MAKE) --no-print-directory jixiao $(B)/bench/bench
	@$(B)/bench/bench
	@sh tests/entry.sh --count

install: jixiao
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/jixiao/templates $(DESTDIR)$(PREFIX)/share/jixiao/samples \
	  $(DESTDIR)$(PREFIX)/share/jixiao/samples/stages $(DESTDIR)$(PREFIX)/share/jixiao/reports \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 jixiao $(DESTDIR)$(PREFIX)/bin/jixiao
	install -m 0644 share/jixiao.1 $(DESTDIR)$(PREFIX)/share/man/man1/jixiao.1
	install -m 0644 share/templates/*.yaml share/templates/README.md $(DESTDIR)$(PREFIX)/share/jixiao/templates/
	install -m 0644 share/samples/*.yaml $(DESTDIR)$(PREFIX)/share/jixiao/samples/
	install -m 0644 share/samples/stages/*.yaml $(DESTDIR)$(PREFIX)/share/jixiao/samples/stages/
	install -m 0644 share/reports/*.yaml $(DESTDIR)$(PREFIX)/share/jixiao/reports/
	install -m 0644 share/sheet-format.md $(DESTDIR)$(PREFIX)/share/jixiao/
	install -m 0644 share/rules.md share/checks.md $(DESTDIR)$(PREFIX)/share/jixiao/

clean:
	rm -rf $(B) jixiao

-include $(shell find $(B) -name '*.d' 2>/dev/null)
