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
	bash bench/search_bench.sh
	build/release/bench/community_bench
	build/release/bench/groups_bench

clean:
	rm -rf build web/dist
