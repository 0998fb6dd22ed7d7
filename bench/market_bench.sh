#!/usr/bin/env bash
# Market benchmark (Step 6): on a register of about 1M generated processes (3,100,000 releases,
# seed 7, ingested without the search index), market_bench measures full opportunity detection,
# full price benchmarks, concentration and consolidation, then the update after ingesting
# RELEASES_LATER (10,000) new releases (seed 8) in another process.
# Usage: bench/market_bench.sh [RELEASES]   (BENCH_DIR=DIR keeps the database for reruns)
# Not a test: figures vary on shared machines.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${COBUY_BIN:-build/release/src/cli/cobuy}
BENCH=${MARKET_BENCH:-build/release/bench/market_bench}
RELEASES=${1:-3100000}
RELEASES_LATER=${RELEASES_LATER:-10000}
tmp=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$tmp"
trap '[ -z "${BENCH_DIR:-}" ] && rm -rf "$tmp"' EXIT
db=$tmp/market.db

if [ ! -f "$db" ]; then
  echo "market_bench: $RELEASES generated releases ($(nproc) cores)"
  "$BIN" demo load --db "$db" >/dev/null
  "$BIN" gen --seed 7 --releases "$RELEASES" --out "$tmp/gen.jsonl"
  set +e
  "$BIN" ingest --db "$db" --quiet --no-index "$tmp/gen.jsonl"
  rc=$?
  set -e
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || { echo "market_bench: ingest failed ($rc)" >&2; exit 1; }
  rm -f "$tmp/gen.jsonl"
fi
seed=$((8 + $(sqlite3 "$db" 'SELECT count(*) FROM ingest_runs')))
"$BIN" gen --seed "$seed" --releases "$RELEASES_LATER" --out "$tmp/later.jsonl"
echo "register: $(sqlite3 "$db" 'SELECT count(*) FROM processes') processes"
"$BENCH" --db "$db" --runs "${RUNS:-3}" --after "$BIN ingest --db $db --quiet --no-index $tmp/later.jsonl"
