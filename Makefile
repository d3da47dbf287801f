# chronicle: plain GNU Makefile. `make`, `make check`, `make run`.
#   V=1            show full commands
#   CC=clang       build with clang
#   PREFIX=/usr    install prefix (DESTDIR is honoured)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
CFLAGS  ?= -O2 -g
BUILD   ?= build

# Libraries found with pkg-config, and the Debian packages that provide
# them and every tool the build and the tests use.
PKGS := libical libxml-2.0 jansson sqlite3 libmicrohttpd inih zlib
DEBS := build-essential pkg-config clang libclang-rt-14-dev python3 \
        libical-dev libxml2-dev libjansson-dev libsqlite3-dev \
        libmicrohttpd-dev libinih-dev zlib1g-dev \
        python3-feedparser python3-icalendar python3-vobject libxml2-utils \
        calcurse newsboat chromium chromium-driver curl wrk

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# in its own build folder: `make asan check`.
ifneq ($(filter asan,$(MAKECMDGOALS)),)
override BUILD := build/asan
override CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=address,undefined
endif
WARN := -std=c11 -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes
override CFLAGS   += $(WARN)
override CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isrc -I$(BUILD)/gen -MMD -MP
# the word table is built once with pthread_once (src/date/words.c)
override LDLIBS   += -pthread
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Every library but jansson is opened when a run first needs it
# (src/util/libs.c, src/serve/mhd.c), not linked: libical and libxml2
# bring ICU and the C++ runtime, libmicrohttpd GnuTLS, which the loader
# would map into every run.
OPENED     := libical libxml-2.0 libmicrohttpd sqlite3 inih zlib
PKG_LIBS   = $(shell pkg-config --libs $(filter-out $(OPENED),$(PKGS)) 2>/dev/null)
# Test programs may call libical and libxml2 themselves (to parse what a
# writer wrote); --as-needed links them only into those that do.
TEST_LIBS  = -Wl,--as-needed $(shell pkg-config --libs $(filter-out libmicrohttpd,$(PKGS)) 2>/dev/null)
# The soname of library $(1) whose file is $(2), as the build found it.
soname = $(shell objdump -p "$$(pkg-config --variable=libdir $(1))/$(2)" 2>/dev/null | \
                 awk '$$1 == "SONAME" { print $$2 }')
MHD_SONAME  = $(call soname,libmicrohttpd,libmicrohttpd.so)
# -DNAME='"soname"' when the soname was found (else the file's default).
sodef = $(if $(2),-D$(1)='"$(2)"')
LIBS_SONAMES = $(call sodef,CHR_ICAL_SONAME,$(call soname,libical,libical.so)) \
               $(call sodef,CHR_XML_SONAME,$(call soname,libxml-2.0,libxml2.so)) \
               $(call sodef,CHR_SQLITE_SONAME,$(call soname,sqlite3,libsqlite3.so)) \
               $(call sodef,CHR_INIH_SONAME,$(call soname,inih,libinih.so)) \
               $(call sodef,CHR_ZLIB_SONAME,$(call soname,zlib,libz.so))

ifeq ($(V),1)
Q :=
else
Q := @
endif

SRCS := $(sort $(wildcard src/*/*.c))
LIB_SRCS := $(filter-out src/cli/%,$(SRCS))
OBJS := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(LIB_SRCS:src/%.c=$(BUILD)/obj/%.o)
BIN  := $(BUILD)/chronicle
# Unit tests: each tests/unit/NAME.c is a program linked with the library
# objects that prints TAP lines ("ok 1 - ...", "not ok 2 - ...").
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# Checker programs the client tests run on our outputs (tests/clients/NAME.c,
# linked with the libraries only, not with chronicle's own code).
CLIENT_SRCS := $(sort $(wildcard tests/clients/*.c))
CLIENT_BINS := $(CLIENT_SRCS:tests/clients/%.c=$(BUILD)/clients/%)
# Fuzz targets: each tests/fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput.
# `make check` links each with tests/fuzz/replay.c (no libFuzzer needed)
# into $(BUILD)/tests/fuzz_NAME, which replays the committed crash inputs
# and seeds; `make fuzz` builds them with clang and libFuzzer.
FUZZ_SRCS  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(FUZZ_SRCS:tests/fuzz/%.c=%)
REPLAY_BINS := $(FUZZ_NAMES:%=$(BUILD)/tests/%)

# Install build dependencies first when pkg-config cannot find them.
HAVE_DEPS := $(shell pkg-config --exists $(PKGS) 2>/dev/null && command -v python3 >/dev/null && echo yes)
ifeq ($(HAVE_DEPS),yes)
DEPS_TARGET :=
else
DEPS_TARGET := deps
endif

.PHONY: all check install clean asan fuzz bench bench-serve bench-writers run deps
all: $(BIN)

$(BIN): $(OBJS) | $(DEPS_TARGET)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(PKG_LIBS) $(LDLIBS)

# Fingerprints of the code, for src/feed/build.c: CHR_READER_ID hashes
# what turns a source into events (a store whose events other code made
# has every source read again, so an upgrade reaches old articles too);
# CHR_BUILD_ID hashes all of src/ (outputs another chronicle wrote are
# made again, though nothing else changed).
READER_SRCS := $(sort $(wildcard src/date/*.[ch] src/event/*.[ch] src/read/*.[ch] src/util/*.[ch]))
ALL_SRCS := $(sort $(wildcard src/*.h src/*/*.[ch]))
$(BUILD)/gen/reader_id.h: $(ALL_SRCS)
	@mkdir -p $(dir $@)
	$(Q){ printf '#define CHR_READER_ID 0x1%sll /* from make */\n' \
	    "$$(cat $(READER_SRCS) | sha1sum | cut -c1-14)"; \
	  printf '#define CHR_BUILD_ID 0x1%sll\n' "$$(cat $(ALL_SRCS) | sha1sum | cut -c1-14)"; \
	} > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/feed/build.o build/fuzz/obj/feed/build.o: $(BUILD)/gen/reader_id.h

$(BUILD)/obj/%.o: src/%.c | $(DEPS_TARGET)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/serve/mhd.o build/fuzz/obj/serve/mhd.o: \
	override CPPFLAGS += $(if $(MHD_SONAME),-DCHR_MHD_SONAME='"$(MHD_SONAME)"')
$(BUILD)/obj/util/libs.o build/fuzz/obj/util/libs.o: override CPPFLAGS += $(LIBS_SONAMES)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(DEPS_TARGET)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(TEST_LIBS) $(LDLIBS)

$(BUILD)/clients/%: tests/clients/%.c | $(DEPS_TARGET)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_LIBS) $(LDLIBS)

# The writers benchmark, linked with the library objects.
$(BUILD)/bench/writers: tests/bench/writers.c $(LIB_OBJS) | $(DEPS_TARGET)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(PKG_LIBS) $(LDLIBS)

$(BUILD)/fuzzobj/%.o: tests/fuzz/%.c | $(DEPS_TARGET)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) -DFUZZ_DIR='"$(CURDIR)/tests/fuzz"' $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/fuzz_%: $(BUILD)/fuzzobj/fuzz_%.o $(BUILD)/fuzzobj/replay.o $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

# Kept, not removed as intermediates, so a second make check links only.
.PRECIOUS: $(BUILD)/fuzzobj/%.o build/fuzz/obj/%.o

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d) $(CLIENT_BINS:=.d) $(BUILD)/bench/writers.d \
         $(wildcard $(BUILD)/fuzzobj/*.d)

check: $(BIN) $(UNIT_BINS) $(CLIENT_BINS) $(REPLAY_BINS)
	$(Q)python3 tests/run.py --binary $(BIN) --unit-dir $(BUILD)/tests

asan: $(BIN)
	@echo "sanitizer build: $(BIN)"

# The example feed: `chronicle serve feeds/example.feed` builds it (the
# articles in feeds/example/, only new and changed ones after the first
# time; store in build/example.db; outputs in build/example/), prints the
# subscription addresses and serves them on 127.0.0.1:$(PORT), rebuilding
# as the articles change, until Ctrl-C. `make run PORT=9000` moves it.
PORT ?= 8080
run: $(BIN)
	$(BIN) serve --port $(PORT) --base-url http://localhost:$(PORT)/ feeds/example.feed

# Throughput and peak memory on generated 10 MB, 100 MB and 1 GB texts
# beside chrono-node, the server under wrk and the writers on 1,000,000
# events; each step's table is kept in build/bench/ and the last lines
# are one summary table of them all.
bench: $(BIN) $(BUILD)/bench/writers
	@mkdir -p $(BUILD)/bench
	$(Q)python3 tests/bench/bench.py --binary $(BIN) > $(BUILD)/bench/core.md; \
	  rc=$$?; cat $(BUILD)/bench/core.md; [ $$rc = 0 ]
	$(Q)python3 tests/bench/serve.py --binary $(BIN) > $(BUILD)/bench/serve.md; \
	  rc=$$?; cat $(BUILD)/bench/serve.md; [ $$rc = 0 ]
	$(Q)$(BUILD)/bench/writers > $(BUILD)/bench/writers.md; \
	  rc=$$?; cat $(BUILD)/bench/writers.md; [ $$rc = 0 ]
	$(Q)python3 tests/bench/summary.py $(BUILD)/bench/core.md $(BUILD)/bench/serve.md \
	  $(BUILD)/bench/writers.md

# The four writers on 100,000 and 1,000,000 synthetic events: time, peak RSS.
bench-writers: $(BUILD)/bench/writers
	$(Q)$(BUILD)/bench/writers

# wrk against chronicle serve: 200 and 304, 10 s, 64 connections.
bench-serve: $(BIN)
	$(Q)python3 tests/bench/serve.py --binary $(BIN)

# libFuzzer: every tests/fuzz/fuzz_NAME.c, built with clang against the
# library compiled for coverage under ASan and UBSan in build/fuzz, runs for
# FUZZ_SECONDS on build/fuzz/corpus/NAME (the spec cases, one file each,
# plus what earlier runs found) and tests/fuzz/seeds/NAME/ when present
# (a link to a folder that several targets share),
# with tests/fuzz/NAME.dict or tests/fuzz/chronicle.dict as its dictionary.
# A crash input lands in build/fuzz/crash/; commit it to
# tests/fuzz/regress/NAME/ and make check replays it. FUZZ_FLAGS adds
# libFuzzer options (e.g. FUZZ_FLAGS=-jobs=2).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?=
FUZZ_BUILD   := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) $(WARN)
FUZZ_OBJS    := $(LIB_SRCS:src/%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%)

$(FUZZ_BUILD)/obj/%.o: src/%.c | $(DEPS_TARGET)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (fuzz)"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	@echo "  LINK    $@"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(TEST_LIBS) $(LDLIBS)

$(FUZZ_BUILD)/corpus/.spec: $(wildcard tests/spec/*.txt) tests/fuzz/corpus.py tests/run.py
	$(Q)python3 tests/fuzz/corpus.py $(FUZZ_BUILD)/corpus/spec
	@touch $@

-include $(FUZZ_OBJS:.o=.d) $(FUZZ_BINS:=.d)

fuzz: $(FUZZ_BINS) $(FUZZ_BUILD)/corpus/.spec
	@mkdir -p $(FUZZ_BUILD)/crash; failed=""; \
	for name in $(FUZZ_NAMES); do \
	  corpus=$(FUZZ_BUILD)/corpus/$$name; mkdir -p $$corpus; \
	  cp $(FUZZ_BUILD)/corpus/spec/* $$corpus/; \
	  seeds=""; [ -d tests/fuzz/seeds/$$name ] && seeds=tests/fuzz/seeds/$$name; \
	  dict=""; for d in tests/fuzz/$$name.dict tests/fuzz/chronicle.dict; do \
	    [ -f $$d ] && { dict=-dict=$$d; break; }; done; \
	  echo "  FUZZ    $$name for $(FUZZ_SECONDS) s"; \
	  if ! $(FUZZ_BUILD)/$$name -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	       -rss_limit_mb=2048 -print_final_stats=1 $$dict \
	       -artifact_prefix=$(FUZZ_BUILD)/crash/$$name- $(FUZZ_FLAGS) \
	       $$corpus $$seeds > $(FUZZ_BUILD)/$$name.log 2>&1; then \
	    failed="$$failed $$name"; tail -n 60 $(FUZZ_BUILD)/$$name.log; \
	  fi; \
	  grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' $(FUZZ_BUILD)/$$name.log | tail -n 2; \
	done; \
	if [ -n "$$failed" ]; then \
	  echo "make fuzz: failed:$$failed (inputs in $(FUZZ_BUILD)/crash/)" >&2; exit 1; fi

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/chronicle
	install -m 644 src/cli/chronicle.1 $(DESTDIR)$(MANDIR)/man1/chronicle.1

clean:
	rm -rf build

deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$sudo apt-get install -y --no-install-recommends $$missing || \
	  { $$sudo apt-get update && $$sudo apt-get install -y --no-install-recommends $$missing; }; \
	fi
