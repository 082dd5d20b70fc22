# A thin wrapper around meson: set-up (Debian packages), build, render,
# test. meson is the build system; see README.md.
BUILD ?= build
ASAN_BUILD ?= build-asan
MESON ?= meson
ORGVIZ = $(BUILD)/orgviz
# The datasets: every JSON file in data/ but the schema and the manifest.
DATASETS = $(filter-out %.schema.json data/charts.json,$(wildcard data/*.json))

# What building and rendering need, and what the tests need on top.
BUILD_PKGS = meson ninja-build pkg-config gcc libc6-dev libgraphviz-dev \
             libjansson-dev libxml2-dev libcsv-dev librsvg2-dev libcairo2-dev \
             libqpdf-dev zlib1g-dev fonts-liberation2 python3
TEST_PKGS = libxml2-utils valgrind chromium man-db groff-base
# make bench times Graphviz's own dot and neato beside orgviz.
BENCH_PKGS = graphviz python3-yaml poppler-utils qpdf
FUZZ_PKGS = clang libclang-rt-14-dev

.PHONY: all setup test-setup build charts data test bench install leakcheck fuzz clean

all: build charts

setup:
	@tools/ensure-packages $(BUILD_PKGS)

test-setup: setup
	@tools/ensure-packages $(TEST_PKGS)
	@tools/ensure-node

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --buildtype=debugoptimized

build: setup $(BUILD)/build.ninja
	$(MESON) compile -C $(BUILD)

# Every chart of data/charts.json into out/, with the gallery out/index.html
# (only what changed is rendered again).
charts: build
	$(ORGVIZ) validate --quiet $(DATASETS)
	$(ORGVIZ) build

$(ASAN_BUILD)/build.ninja:
	$(MESON) setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined \
	    -Db_lundef=false

# data/england.json from the NHS lookups in SHARED_DATA (the practice mapping,
# the 2019-2021 CCG mapping, the sub-ICB list) and the curated CCG history in
# data/sources/; see "How each dataset is refreshed" in data/README.md.
SHARED_DATA ?= ../shared/data
data: build
	python3 tools/england_data.py $(SHARED_DATA) --orgviz $(ORGVIZ)

# The whole suite: the normal build's tests, then the same tests (but the
# slow ones) again under AddressSanitizer and UndefinedBehaviorSanitizer,
# then that the committed out/ is exactly what the data and the manifest
# produce (test does not render into out/: `make charts` does). Each of the
# three runs even when one before it failed; the exit status says whether
# any failed.
test: test-setup build $(ASAN_BUILD)/build.ninja
	$(ORGVIZ) validate --quiet $(DATASETS)
	$(MESON) compile -C $(ASAN_BUILD)
	@status=0; \
	$(MESON) test -C $(BUILD) --print-errorlogs || status=1; \
	$(MESON) test -C $(ASAN_BUILD) --print-errorlogs --no-suite slow --suite sanitize \
	    || status=1; \
	$(ORGVIZ) build --check --quiet || status=1; \
	exit $$status

# Speed and memory figures with ratios to the targets (never a pass/fail).
bench: build
	@tools/ensure-packages $(BENCH_PKGS)
	python3 tools/bench.py

# The binary, orgviz(1) and orgviz-data(5), the bash completion and the
# JSON Schemas under PREFIX (default /usr/local), below DESTDIR if given
# (meson install does the work; the prefix is set on the build).
PREFIX ?= /usr/local
install: build
	$(MESON) configure $(BUILD) -Dprefix=$(abspath $(PREFIX))
	$(MESON) install -C $(BUILD) $(if $(DESTDIR),--destdir $(DESTDIR))

leakcheck: test-setup build
	$(MESON) test -C $(BUILD) --print-errorlogs --setup valgrind --suite valgrind

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# libFuzzer (clang, ASan, UBSan; the library is instrumented too) on five
# targets: the data loader and validator, the chart manifest loader, the
# spreadsheet reader, the model cache's reader, and the renderers (a
# document that validates -> chart and timeline SVG -> parsed back with
# libxml2). Each starts from its committed seed corpus
# tests/fuzz/corpus-*/ (plus every test case and dataset for the loader) and
# runs FUZZ_SECONDS, 60 by default; what it finds and the grown corpus stay
# in build-fuzz/. `make test` replays the committed corpora.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS ?=
FUZZ_ENV = LSAN_OPTIONS=suppressions=tests/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
FUZZ_RUN = -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/json.dict $(FUZZ_FLAGS)
fuzz: setup
	@tools/ensure-packages $(FUZZ_PKGS)
	@[ -f build-fuzz/build.ninja ] || CC=clang $(MESON) setup build-fuzz --buildtype=debug \
	    -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
	@$(MESON) setup --reconfigure build-fuzz >/dev/null # targets added since set-up
	$(MESON) compile -C build-fuzz fuzz_load fuzz_manifest fuzz_render fuzz_csv fuzz_cache
	mkdir -p build-fuzz/corpus-load build-fuzz/corpus-manifest build-fuzz/corpus-render build-fuzz/corpus-csv \
	    build-fuzz/corpus-cache \
	    build-fuzz/findings
	for f in $(DATASETS); do cp $$f build-fuzz/corpus-load/$$(echo $$f | tr / _); done
	$(FUZZ_ENV) build-fuzz/tests/fuzz/fuzz_load $(FUZZ_RUN) -max_len=65536 \
	    -artifact_prefix=build-fuzz/findings/load- build-fuzz/corpus-load tests/fuzz/corpus-load
	$(FUZZ_ENV) build-fuzz/tests/fuzz/fuzz_manifest $(FUZZ_RUN) -max_len=16384 \
	    -artifact_prefix=build-fuzz/findings/manifest- build-fuzz/corpus-manifest tests/fuzz/corpus-manifest
	$(FUZZ_ENV) build-fuzz/tests/fuzz/fuzz_render $(FUZZ_RUN) -max_len=8192 -timeout=20 \
	    -artifact_prefix=build-fuzz/findings/render- build-fuzz/corpus-render tests/fuzz/corpus-render
	$(FUZZ_ENV) build-fuzz/tests/fuzz/fuzz_csv $(FUZZ_RUN) -max_len=16384 \
	    -artifact_prefix=build-fuzz/findings/csv- build-fuzz/corpus-csv tests/fuzz/corpus-csv
	$(FUZZ_ENV) build-fuzz/tests/fuzz/fuzz_cache $(FUZZ_RUN) -max_len=16384 \
	    -artifact_prefix=build-fuzz/findings/cache- build-fuzz/corpus-cache tests/fuzz/corpus-cache
