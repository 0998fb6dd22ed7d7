#!/usr/bin/env bash
# Search benchmark (Step 3): on a register of generated processes,
#   1. index build: `cobuy index rebuild` (documents/s) and the index's size on disk;
#   2. incremental update: ingest RELEASES_LATER more releases, index updated as ingest does;
#   3. query latency through the HTTP API: a fixed mix of 200 queries (50 keyword, 50 keyword +
#      facets, 50 filters only, 50 CPV prefix), wrk at concurrency 8 for DURATION: p50/p95/p99.
# Usage: bench/search_bench.sh [RELEASES]   (default 2,700,000 releases, about 1M processes)
# Not a test: figures vary on shared machines.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${COBUY_BIN:-build/release/src/cli/cobuy}
RELEASES=${1:-2700000}
RELEASES_LATER=${RELEASES_LATER:-10000}
DURATION=${DURATION:-30s}
PORT=${PORT:-18081}
command -v wrk >/dev/null || { echo "search_bench: wrk is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
tmp=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$tmp"
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; [ -z "${BENCH_DIR:-}" ] && rm -rf "$tmp"' EXIT
db=$tmp/search.db

echo "search_bench: $RELEASES generated releases ($(nproc) cores)"
"$BIN" demo load --db "$db" >/dev/null
"$BIN" gen --seed 7 --releases "$RELEASES" --out "$tmp/gen.jsonl"
"$BIN" gen --seed 8 --releases "$RELEASES_LATER" --out "$tmp/later.jsonl"
set +e
"$BIN" ingest --db "$db" --quiet --no-index "$tmp/gen.jsonl"
rc=$?
set -e
[ $rc -eq 0 ] || [ $rc -eq 3 ] || { echo "search_bench: ingest failed ($rc)" >&2; exit 1; }
processes=$(sqlite3 "$db" 'SELECT count(*) FROM processes')
echo "register: $processes processes"

/usr/bin/time -f '%e s, peak %M KB' -o "$tmp/rebuild.time" "$BIN" index rebuild --db "$db" | tee "$tmp/rebuild.out"
echo "index rebuild: $(cat "$tmp/rebuild.time")"
size=$(du -sb "$db.search" | cut -f1)
awk -v s="$size" -v n="$processes" 'BEGIN {printf "index size: %.0f MB, %.0f bytes per process\n", s / 1e6, s / n}'

set +e
"$BIN" ingest --db "$db" "$tmp/later.jsonl" | grep -E "search index|releases:"
set -e

# The query mix: deterministic, 200 paths.
{
  words=(cleaning Reinigung nettoyage vehicles Fahrzeuge véhicules software Software logiciels construction Bauarbeiten
         travaux hospital Krankenhaus hôpital furniture Möbel mobilier electricity Strom électricité food Lebensmittel
         alimentation insurance Versicherung assurance printing Druck impression security Sicherheit sécurité
         "refuse collection" Müllfahrzeuge "bennes ordures" laboratory Labor laboratoire medical medizinische médicaux
         catering Verpflegung restauration consulting Beratung conseil transport Verkehr transports roads Straßen routes)
  countries=(DE FR NL ES IT PL SE AT BE DK FI PT IE CZ)
  cpvs=(03 09 15 18 22 30 32 33 34 38 39 42 44 45 48 50 55 60 63 64 65 66 70 71 72 73 75 77 79 80 85 90 92 98)
  for i in $(seq 0 49); do
    w=${words[$((i % ${#words[@]}))]}
    echo "/api/v1/contracts/search?q=${w// /%20}"
  done
  for i in $(seq 0 49); do
    w=${words[$(((i * 7) % ${#words[@]}))]}
    c=${countries[$((i % ${#countries[@]}))]}
    case $((i % 3)) in
      0) echo "/api/v1/contracts/search?q=${w// /%20}&country=$c" ;;
      1) echo "/api/v1/contracts/search?q=${w// /%20}&instrument=framework" ;;
      2) echo "/api/v1/contracts/search?q=${w// /%20}&method=open&sort=value" ;;
    esac
  done
  for i in $(seq 0 49); do
    c=${countries[$((i % ${#countries[@]}))]}
    case $((i % 4)) in
      0) echo "/api/v1/contracts/search?country=$c&value_min=100000" ;;
      1) echo "/api/v1/contracts/search?country=$c&ends_within=12&sort=end&order=asc" ;;
      2) echo "/api/v1/contracts/search?instrument=framework&country=$c" ;;
      3) echo "/api/v1/contracts/search?country=$c&year=2025&unit_prices=1" ;;
    esac
  done
  for i in $(seq 0 49); do
    p=${cpvs[$((i % ${#cpvs[@]}))]}
    case $((i % 2)) in
      0) echo "/api/v1/contracts/search?cpv=$p" ;;
      1) echo "/api/v1/contracts/search?q=cpv:${p}1" ;;
    esac
  done
} >"$tmp/queries.txt"

"$BIN" serve --db "$db" --listen 127.0.0.1:$PORT --quiet --threads 16 >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.1; done
csrf=$(curl -fs -c "$tmp/jar" http://127.0.0.1:$PORT/api/v1/csrf | sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
curl -fs -b "$tmp/jar" -c "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"email":"buyer@utrecht.example","password":"cobuy-demo-2026"}' http://127.0.0.1:$PORT/api/v1/session >/dev/null
session=$(awk '$6 == "cobuy_session" {print $7}' "$tmp/jar")
[ -n "$session" ] || { echo "search_bench: sign-in failed" >&2; exit 1; }

# Warm the page cache once through every query, then measure.
while read -r path; do curl -fs -o /dev/null -H "Cookie: cobuy_session=$session" "http://127.0.0.1:$PORT$path"; done <"$tmp/queries.txt"
echo "query mix: 200 queries, wrk -t2 -c8 -d$DURATION"
QUERIES="$tmp/queries.txt" COOKIE="cobuy_session=$session" \
  wrk -t2 -c8 -d"$DURATION" -s bench/search_mix.lua http://127.0.0.1:$PORT | grep -E "requests|p50|p95|p99|Requests/sec"
