#!/usr/bin/env bash
# Notices end to end, release build (method and results: docs/PERFORMANCE.md).
#   bash bench/ted_bench.sh [NOTICES]      (default 60,000: about one month of TED)
# 1. `cobuy gen --format eforms --gzip` writes synthetic eForms notices as one TED-style
#    package (.tar.gz), for NOTICES and for NOTICES/10 (memory should be flat in the size);
# 2. `cobuy ingest --no-index` of each package into a fresh SQLite file: notices/s and peak
#    RSS (GNU time, "Maximum resident set size");
# 3. the real samples (../shared/data/ted/real-sample, TED XML; ../shared/data/ocds/
#    eforms-sdk-examples, eForms) ingested the same way;
# 4. ted_bench in the same run: libxml2's parse alone vs parse + map on the same notices in
#    memory (NOTICES generated, and the real samples), and the end-to-end ratio to libxml2.
# Prints figures and ratios; never asserts a timing.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-60000}
SMALL=$((N / 10))
BIN=build/release/src/cli/cobuy
BENCH=build/release/bench/ted_bench
if [[ -z "${NO_BUILD:-}" ]]; then
  cmake --preset release >/dev/null
  nice cmake --build build/release -j2 --target cobuy ted_bench >/dev/null
fi
TMP=$(mktemp -d /tmp/cobuy-ted-bench-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
REAL_TED=$(find ../shared/data/ted/real-sample -name '*.xml' | sort)
REAL_EFORMS=$(find ../shared/data/ocds/eforms-sdk-examples -name '*.xml' | sort)

# The releases to generate for about `count` notices (contract amendments are not rendered):
# the ratio of notices to releases is taken from a run of 5,000 releases.
gen_package() {
  local count=$1 out=$2 got releases
  $BIN gen --format eforms --seed 1 --releases 5000 --out "$TMP/probe.tar"
  got=$(tar -tf "$TMP/probe.tar" | wc -l)
  releases=$((count * 5000 / got))
  $BIN gen --format eforms --gzip --seed 1 --releases "$releases" --out "$out"
  echo "$(tar -tzf "$out" | wc -l) $releases"
}

# ingest NAME DB FILES...: prints "NAME: notices/s, wall, peak RSS".
# The peaks of the process's anonymous memory (heap: what the input size could grow) and of its
# file-backed memory (mostly the SQLite database, mapped up to PRAGMA mmap_size = 256 MiB, which
# grows with the database, not with what ingest holds), sampled every 50 ms from /proc.
sample_memory() {
  local pid=$1 anon=0 file=0 a f
  while kill -0 "$pid" 2>/dev/null; do
    a=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    f=$(awk '/^RssFile/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n "$a" && "$a" -gt "$anon" ]] && anon=$a
    [[ -n "$f" && "$f" -gt "$file" ]] && file=$f
    sleep 0.05
  done
  echo "$anon $file"
}

ingest() {
  local name=$1 db=$2 count=$3
  shift 3
  /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" $BIN ingest --db "$db" --no-index --quiet "$@" &
  local timer=$!
  sleep 0.05
  local pid
  pid=$(pgrep -P "$timer" | head -1 || true)
  read -r anon file < <(sample_memory "${pid:-$timer}")
  wait "$timer" || true
  read -r wall user sys peak <"$TMP/time"
  awk -v n="$count" -v w="$wall" -v u="$user" -v s="$sys" -v p="$peak" -v a="$anon" -v f="$file" -v name="$name" \
    'BEGIN { printf "%s: %d notices in %.2f s wall (%.2f user, %.2f system): %.0f notices/s, peak RSS %.1f MB (anonymous %.1f MB, file-backed %.1f MB)\n", name, n, w, u, s, (w > 0 ? n / w : 0), p / 1024, a / 1024, f / 1024 }'
  echo "$count $wall" >"$TMP/last"
}

echo "== cobuy gen --format eforms --gzip: $N and $SMALL notices"
read -r NBIG RBIG < <(gen_package "$N" "$TMP/big.tar.gz")
read -r NSMALL _ < <(gen_package "$SMALL" "$TMP/small.tar.gz")
echo "big: $NBIG notices from $RBIG releases"
ls -l "$TMP/big.tar.gz" "$TMP/small.tar.gz" | awk '{printf "%s: %.1f MB gzip\n", $9, $5/1e6}'
tar -xzOf "$TMP/big.tar.gz" | wc -c | awk -v n="$NBIG" '{printf "big package: %d notices, %.1f MB of XML (%.1f KB a notice)\n", n, $1/1e6, $1/n/1e3}'

echo "== cobuy ingest --no-index: generated packages into fresh databases"
ingest "ingest $NBIG generated" "$TMP/big.db" "$NBIG" "$TMP/big.tar.gz"
read -r _ WALL_BIG <"$TMP/last"
ingest "ingest $NSMALL generated" "$TMP/small.db" "$NSMALL" "$TMP/small.tar.gz"
ls -l "$TMP/big.db" | awk '{printf "database (big): %.1f MB\n", $5/1e6}'

echo "== cobuy ingest --no-index: real samples"
ingest "ingest TED XML real-sample" "$TMP/ted.db" "$(echo "$REAL_TED" | wc -l)" $REAL_TED
ingest "ingest eForms SDK examples" "$TMP/eforms.db" "$(echo "$REAL_EFORMS" | wc -l)" $REAL_EFORMS

echo "== ted_bench: libxml2 parse alone vs parse + map, same notices in memory"
$BENCH --gen "$RBIG" --seed 1 | tee "$TMP/tb"
PARSE_NPS=$(awk '/libxml2 parse only/ {print $(NF-1); exit}' "$TMP/tb")
awk -v n="$NBIG" -v w="$WALL_BIG" -v p="$PARSE_NPS" \
  'BEGIN { e = n / w; printf "end to end %.0f notices/s = %.2fx libxml2 parse alone (%s notices/s)\n", e, e / p, p }'
echo "-- TED XML real-sample"
$BENCH --runs 5 $REAL_TED
echo "-- eForms SDK examples"
$BENCH --runs 5 $REAL_EFORMS
