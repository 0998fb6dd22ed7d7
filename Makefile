# Cobuy: `make run` and `make test` are the whole set-up (see README.md).
SHELL := /bin/bash
JOBS ?= 2
DB ?= var/cobuy.db
LISTEN ?= 127.0.0.1:8080

# ccache's cache lives under build/ (a `make clean` empties it); paths are hashed relative to
# the tree so that two clones share hits when CCACHE_DIR points at one cache.
export CCACHE_DIR ?= $(CURDIR)/build/ccache
export CCACHE_BASEDIR ?= $(abspath $(CURDIR)/..)
export CCACHE_NOHASHDIR ?= 1
export CCACHE_MAXSIZE ?= 5G
# Precompiled headers: without these ccache would not cache a compile that uses the PCH.
export CCACHE_SLOPPINESS ?= pch_defines,time_macros,include_file_mtime,include_file_ctime

# `make test` runs the C++, web and browser suites side by side; CTEST_JOBS tests at once in
# ctest (most wait on a server, a child process or the disk), E2E_JOBS browser files at once.
CTEST_JOBS ?= 4
E2E_JOBS ?= 2
FIXTURES := build/debug/fixtures
DEMO_FIXTURE := $(FIXTURES)/demo/cobuy.db

DEBUG_BIN := build/debug/src/cli/cobuy
RELEASE_BIN := build/release/src/cli/cobuy
WEB_STAMP := web/node_modules/.cobuy-installed

.PHONY: all deps build release web test test-cpp test-unit test-web test-e2e fixture-demo run bench clean

all: build

deps:
	@bash scripts/install-deps.sh

# npm ci only when the lockfile changed since the last install.
$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/debug/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset debug

build/release/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset release

build: deps build/debug/build.ninja
	cmake --build --preset debug -j $(JOBS)

# `make run` needs the server alone; `make bench` builds the benchmarks too.
release: deps build/release/build.ninja
	cmake --build --preset release -j $(JOBS) --target cobuy

web: deps $(WEB_STAMP)
	cd web && npm run build --silent

# The demo database the API, CLI and browser tests copy, made once for the run (the ctest
# fixture demo_db finds it fresh and keeps it): tests/fixtures/make_db.cmake.
fixture-demo: build
	@cmake -DCOBUY=$(CURDIR)/$(DEBUG_BIN) -DKIND=demo -DDATA=$(CURDIR)/data/ref -DOUT=$(CURDIR)/$(FIXTURES)/demo \
	  -P tests/fixtures/make_db.cmake

test-cpp: build fixture-demo
	ctest --preset debug -j $(CTEST_JOBS)

# The fast in-process tests alone (label "unit"; ctest adds the fixtures they need).
test-unit: build
	ctest --preset debug -j $(CTEST_JOBS) -L unit

test-web: deps $(WEB_STAMP)
	cd web && npm test --silent

test-e2e: build web fixture-demo
	COBUY_BIN=$(DEBUG_BIN) COBUY_E2E_DEMO_DB=$(DEMO_FIXTURE) node --test --test-concurrency=$(E2E_JOBS) tests/e2e/

# The three suites side by side, each one's output kept together.
test:
	@$(MAKE) --no-print-directory -j3 --output-sync=target test-cpp test-web test-e2e

# The server and the web app are built side by side.
run:
	@$(MAKE) --no-print-directory -j2 release web
	@mkdir -p $(dir $(DB))
	$(RELEASE_BIN) db migrate --db $(DB)
	$(RELEASE_BIN) demo load --db $(DB)
	@echo "Open http://$(LISTEN)/ and sign in with one of the demo accounts above."
	$(RELEASE_BIN) serve --db $(DB) --listen $(LISTEN) --web web/dist

bench: deps build/release/build.ninja
	cmake --build --preset release -j $(JOBS)
	build/release/bench/cpv_bench
	build/release/bench/compile_bench
	bash bench/http_bench.sh
	bash bench/ingest_bench.sh
	NO_BUILD=1 bash bench/ted_bench.sh
	bash bench/search_bench.sh
	build/release/bench/community_bench
	build/release/bench/groups_bench

clean:
	rm -rf build web/dist

# Fuzzing (fuzz/README.md): the `fuzz` preset's libFuzzer targets, one after the other, niced,
# FUZZ_RUNS inputs each, from fuzz/corpus/<target> and fuzz/crashes/<target>; new inputs go to
# fuzz/corpus/<target>, crashes to fuzz/crashes/<target>/ (both replayed by `make test`).
# `make fuzz FUZZ_TARGETS=ical FUZZ_RUNS=100000`; `make fuzz-merge` minimises the corpora
# before they are committed.
FUZZ_RUNS ?= 10000000
FUZZ_TARGETS ?= ocds_reader json_body refdata_csv ical notice_reader
FUZZ_NICE ?= 10
FUZZ_FLAGS ?=
FUZZ_FLAGS_ocds_reader := -max_len=16384 -dict=fuzz/json.dict
FUZZ_FLAGS_json_body := -max_len=4096 -dict=fuzz/json.dict
FUZZ_FLAGS_refdata_csv := -max_len=4096
FUZZ_FLAGS_ical := -max_len=2048
FUZZ_FLAGS_notice_reader := -max_len=131072

.PHONY: fuzz fuzz-build fuzz-merge

build/fuzz/build.ninja: CMakeLists.txt CMakePresets.json fuzz/CMakeLists.txt
	cmake --preset fuzz

fuzz-build: deps build/fuzz/build.ninja
	cmake --build --preset fuzz -j $(JOBS)

fuzz: fuzz-build
	@set -eo pipefail; $(foreach t,$(FUZZ_TARGETS), \
	  mkdir -p fuzz/corpus/$(t) fuzz/crashes/$(t); \
	  echo "fuzz: $(t), $(FUZZ_RUNS) runs (log: build/fuzz/fuzz_$(t).log)"; \
	  nice -n $(FUZZ_NICE) build/fuzz/fuzz/fuzz_$(t) -runs=$(FUZZ_RUNS) $(FUZZ_FLAGS_$(t)) $(FUZZ_FLAGS) \
	    -timeout=30 -print_final_stats=1 -artifact_prefix=fuzz/crashes/$(t)/ fuzz/corpus/$(t) fuzz/crashes/$(t) \
	    2>&1 | tee build/fuzz/fuzz_$(t).log | grep -E --line-buffered 'pulse|DONE|ERROR|SUMMARY|FUZZ_CHECK|stat::';)

fuzz-merge: fuzz-build
	@set -e; $(foreach t,$(FUZZ_TARGETS),nice -n $(FUZZ_NICE) bash fuzz/merge.sh $(t) $(FUZZ_FLAGS_$(t));)
