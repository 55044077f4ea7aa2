# youdu - build, test, demo, bench.  See README.md.
#   make                      build libyoudu.a and ./youdu
#   make test                 unit + CLI tests (installs missing packages first)
#   make SANITIZE=address,undefined test
#   make demo                 generate the demo data, import, analyze, report
#   make bench                benchmarks (BENCH_ROWS=10000000 for the large run)

CC      ?= cc
OPT     ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wvla -Wwrite-strings -Wundef -Wold-style-definition -Werror
SANITIZE ?=
PKGS    := gsl sqlite3 zlib jansson
# Loaded with dlopen when a command needs them (include/youdu/lazy.h): only
# their headers at build time, and their SONAMEs, read from the development
# libraries, so that the one built against is the one loaded.
LAZY_PKGS := libzip expat freexl xlsxwriter
LAZY_SONAME = $(shell objdump -p "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | awk '/SONAME/ {print $$2}')
LAZY_DEFS := $(foreach l,zip expat freexl xlsxwriter microhttpd,$(if $(call LAZY_SONAME,$(l)),\
             -DYD_SONAME_$(shell echo $(l) | tr a-z A-Z)='"$(call LAZY_SONAME,$(l))"'))

ifneq ($(SANITIZE),)
BUILD   := build/san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
BIN     := $(BUILD)/youdu
else
BUILD   := build/rel
SANFLAGS :=
BIN     := youdu
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(LAZY_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -lsqlite3 -lz -ljansson)
# the unit tests that write workbooks to read them back link these
LAZY_LIBS  := $(shell pkg-config --libs $(LAZY_PKGS) 2>/dev/null || echo -lzip -lexpat -lfreexl -lxlsxwriter)
# youdu serve (the CLI only, never libyoudu): libmicrohttpd, loaded by
# serve_lazy.c.  jansson (every JSON written, json.h) is in PKGS.
SERVE_PKGS := libmicrohttpd
SERVE_CFLAGS := $(shell pkg-config --cflags $(SERVE_PKGS) 2>/dev/null)
CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L $(PKG_CFLAGS) $(SERVE_CFLAGS) $(LAZY_DEFS)
CFLAGS   += $(OPT) $(WARN) $(SANFLAGS) -MMD -MP
LDFLAGS  += $(SANFLAGS)
LDLIBS   += $(PKG_LIBS) -lcsv -lm -lpthread -ldl

LIB_SRC := $(sort $(wildcard src/lib/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIB     := $(BUILD)/libyoudu.a
GEN     := $(BUILD)/yd-gen

# Debian packages the build, the tests and the demo need.
DEB_PKGS := build-essential pkg-config libgsl-dev libsqlite3-dev libcsv-dev gnuplot-nox \
            fonts-noto-cjk sqlite3 python3 chromium libmicrohttpd-dev libjansson-dev curl \
            libzip-dev libexpat1-dev libfreexl-dev python3-xlwt libxlsxwriter-dev \
            poppler-utils zlib1g-dev
# Only for make bench's comparison with other tools.
BENCH_PKGS := python3-pandas r-cran-data.table wrk

.SECONDARY:
.PHONY: all test demo bench deps bench-deps install-pkgs clean format lint data fuzz
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/tests/unit/t.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/tests/unit/t.o $(LIB) $(LDLIBS) $(LAZY_LIBS)

$(GEN): $(BUILD)/tools/gen.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

ZSCORE := $(BUILD)/yd-zscore
$(ZSCORE): $(BUILD)/tools/zscore.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# ---- dependencies (Debian) ----
deps:
	@$(MAKE) --no-print-directory install-pkgs PKGS_WANTED="$(DEB_PKGS)"
bench-deps:
	@$(MAKE) --no-print-directory install-pkgs PKGS_WANTED="$(BENCH_PKGS)"
install-pkgs:
	@missing=""; for p in $(PKGS_WANTED); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y $$missing; \
	fi

# ---- tests ----
test: deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN) $(GEN)
	@LC_ALL=C TZ=UTC sh tests/run.sh "$(BUILD)" "$(BIN)" "$(GEN)"

# ---- demo data: generated, never committed (the small sample is) ----
DEMO_DB := youdu.db
data: $(GEN)
	$(GEN) --rows 3000 --seed 20241 --out datasets/sample.csv --truth datasets/sample-truth.csv \
	       --catalogue datasets/catalogue.csv
	iconv -f UTF-8 -t GB18030 datasets/sample.csv > datasets/sample-gbk.csv

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./$(BIN) --db $(DEMO_DB) catalogue import datasets/catalogue.csv
	./$(BIN) --db $(DEMO_DB) import datasets/sample.csv
	./$(BIN) --db $(DEMO_DB) import datasets/sample-gbk.csv
	./$(BIN) --db $(DEMO_DB) rejects | tail -n 1
	./$(BIN) --db $(DEMO_DB) analyze
	./$(BIN) --db $(DEMO_DB) audit --limit 12
	./$(BIN) --db $(DEMO_DB) regions --min-cases 20 | head -n 6
	./$(BIN) --db $(DEMO_DB) report --out reports/demo
	@echo "report: reports/demo/report.html (open it in a browser) and reports/demo/report.md"

BENCH_ROWS ?= 1000000
bench: deps bench-deps
	@$(MAKE) --no-print-directory $(BIN) $(GEN) $(ZSCORE)
	@sh tools/bench.sh ./$(BIN) $(GEN) $(BENCH_ROWS) $(ZSCORE)

# ---- fuzzing (clang's libFuzzer; FUZZ_SECONDS per target) ----
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Iinclude -D_POSIX_C_SOURCE=200809L $(PKG_CFLAGS)
FUZZ_LIB := $(filter-out src/lib/chart.c src/lib/report.c,$(LIB_SRC))
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p build/fuzz
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIB) $(LDLIBS)
fuzz: build/fuzz/fuzz_parse build/fuzz/fuzz_csv build/fuzz/fuzz_standard build/fuzz/fuzz_sheet
	@mkdir -p build/fuzz/parse build/fuzz/csv build/fuzz/standard build/fuzz/sheet build/fuzz/sheet-seed
	head -n 20 datasets/sample.csv > build/fuzz/sheet-seed/s.csv
	python3 tools/mkxlsx.py build/fuzz/sheet-seed/s.csv build/fuzz/sheet-seed/s.xlsx
	# an .xls seed too: the stack buffer underflow libFuzzer finds inside
	# Debian's libfreexl 1.0.6 ends the child process that reads it, not the
	# fuzzer (see docs/FORMATS.md)
	python3 tools/mkxls.py build/fuzz/sheet-seed/s.csv build/fuzz/sheet-seed/s.xls
	build/fuzz/fuzz_parse -max_total_time=$(FUZZ_SECONDS) -max_len=256 build/fuzz/parse tests/fuzz/corpus-parse
	build/fuzz/fuzz_csv -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build/fuzz/csv tests/fuzz/corpus-csv
	build/fuzz/fuzz_standard -max_total_time=$(FUZZ_SECONDS) -max_len=1024 build/fuzz/standard tests/fuzz/corpus-standard
	@mkdir -p build/fuzz/sheet-child-faults
	# the .xls child's libfreexl faults are contained (the run goes on), but
	# libFuzzer's handler in the child still writes each input: kept apart
	build/fuzz/fuzz_sheet -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	  -artifact_prefix=build/fuzz/sheet-child-faults/ build/fuzz/sheet build/fuzz/sheet-seed

clean:
	rm -rf build youdu

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(UNIT_SRC) include/youdu/*.h src/cli/*.h tools/*.c

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --std=c11 -Iinclude \
	  --suppress=missingIncludeSystem src tools
	$(MAKE) --no-print-directory OPT="-O0 -fanalyzer" BUILD=build/analyzer build/analyzer/libyoudu.a

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:$(BUILD)/tests/%=$(BUILD)/tests/unit/%.d)
