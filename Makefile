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
             libjansson-dev libxml2-dev libcsv-dev fonts-liberation2 python3
TEST_PKGS = libxml2-utils valgrind chromium
FUZZ_PKGS = clang libclang-rt-14-dev

.PHONY: all setup test-setup build charts test bench leakcheck fuzz clean

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

# The whole suite: the normal build's tests, then the same tests (but the
# slow ones) again under AddressSanitizer and UndefinedBehaviorSanitizer,
# then that the committed out/ is exactly what the data and the manifest
# produce (test does not render into out/: `make charts` does).
test: test-setup build $(ASAN_BUILD)/build.ninja
	$(ORGVIZ) validate --quiet $(DATASETS)
	$(MESON) compile -C $(ASAN_BUILD)
	$(MESON) test -C $(BUILD) --print-errorlogs
	$(MESON) test -C $(ASAN_BUILD) --print-errorlogs --no-suite slow --suite sanitize
	$(ORGVIZ) build --check --quiet

# Speed and memory figures with ratios to the targets (never a pass/fail).
bench: build
	python3 tools/bench.py

leakcheck: test-setup build
	$(MESON) test -C $(BUILD) --print-errorlogs --setup valgrind --suite valgrind

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# libFuzzer on the two input entry points: the data loader and validator
# (seeded with every test case and dataset) and the chart manifest loader
# (seeded with the manifests); FUZZ_SECONDS each, 60 by default.
FUZZ_SECONDS ?= 60
fuzz: setup
	@tools/ensure-packages $(FUZZ_PKGS)
	@[ -f build-fuzz/build.ninja ] || CC=clang $(MESON) setup build-fuzz --buildtype=debug \
	    -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
	$(MESON) compile -C build-fuzz fuzz_load fuzz_manifest
	mkdir -p build-fuzz/corpus build-fuzz/corpus-manifest
	for f in tests/cases/*/*/input.json $(DATASETS); do cp $$f build-fuzz/corpus/$$(echo $$f | tr / _); done
	cp data/charts.json build-fuzz/corpus-manifest/
	build-fuzz/fuzz_load -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -dict=tests/fuzz/json.dict build-fuzz/corpus
	build-fuzz/fuzz_manifest -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	    -dict=tests/fuzz/json.dict build-fuzz/corpus-manifest
