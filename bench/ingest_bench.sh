#!/usr/bin/env bash
# The OCDS engine end to end, release build (method and results: docs/PERFORMANCE.md).
#   bash bench/ingest_bench.sh [RELEASES]      (default 1,000,000)
# 1. `cobuy gen` writes RELEASES synthetic releases (JSON Lines);
# 2. ocds_file_bench: DOM parse vs read vs compile on the first 100,000 of them, and on the
#    real data in ../shared/data/ocds/real (compile holds a whole input in memory);
# 3. `cobuy ingest` of all RELEASES into a fresh SQLite file: releases/s and peak memory
#    (GNU time), then the same file again (a no-op), then the real data.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
BIN=build/release/src/cli/cobuy
cmake --preset release >/dev/null
cmake --build build/release -j2 --target cobuy ocds_file_bench >/dev/null
TMP=$(mktemp -d /tmp/cobuy-bench-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
REAL=$(find ../shared/data/ocds/real -name '*.json' | sort)

echo "== cobuy gen --releases $N"
/usr/bin/time -f "gen: %e s, peak %M KiB" $BIN gen --seed 1 --releases "$N" --out "$TMP/gen.jsonl"
ls -l "$TMP/gen.jsonl" | awk '{printf "generated: %.1f MB\n", $5/1e6}'
head -n 100000 "$TMP/gen.jsonl" > "$TMP/gen100k.jsonl"

echo "== dom vs read vs compile: 100,000 generated releases"
build/release/bench/ocds_file_bench --runs 3 "$TMP/gen100k.jsonl"
echo "== dom vs read vs compile: real data (../shared/data/ocds/real)"
build/release/bench/ocds_file_bench --runs 5 $REAL

echo "== cobuy ingest: $N generated releases into a fresh database"
/usr/bin/time -f "ingest: %e s wall, %U s user, %S s system, peak %M KiB" \
  $BIN ingest --db "$TMP/bench.db" "$TMP/gen.jsonl" || true   # exit 3: the quirks are rejected by design
echo "== cobuy ingest: the same file again (no-op)"
/usr/bin/time -f "re-ingest: %e s wall, peak %M KiB" $BIN ingest --db "$TMP/bench.db" --quiet "$TMP/gen.jsonl" || true
echo "== cobuy ingest: the real data into a fresh database"
/usr/bin/time -f "ingest real: %e s wall, peak %M KiB" $BIN ingest --db "$TMP/real.db" $REAL || true
ls -l "$TMP/bench.db" | awk '{printf "database: %.1f MB\n", $5/1e6}'
