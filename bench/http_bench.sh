#!/usr/bin/env bash
# HTTP throughput of the release build on loopback with wrk (2 threads, 64 connections,
# 10 s): GET /healthz, and an authenticated GET /api/v1/me (session lookup in SQLite).
# Prints requests/s and the ratio of the two. Not a test: figures vary on shared machines.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${COBUY_BIN:-build/release/src/cli/cobuy}
DURATION=${DURATION:-10s}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "http_bench: wrk is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" demo load --db "$tmp/bench.db" >/dev/null
"$BIN" serve --db "$tmp/bench.db" --listen 127.0.0.1:$PORT --quiet --threads 72 >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.1; done

# Sign in once: the CSRF cookie first, then the session cookie.
csrf=$(curl -fs -c "$tmp/jar" http://127.0.0.1:$PORT/api/v1/csrf | sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
curl -fs -b "$tmp/jar" -c "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"email":"buyer@utrecht.example","password":"cobuy-demo-2026"}' http://127.0.0.1:$PORT/api/v1/session >/dev/null
session=$(awk '$6 == "cobuy_session" {print $7}' "$tmp/jar")
[ -n "$session" ] || { echo "http_bench: sign-in failed" >&2; exit 1; }

run() {  # name, wrk args...
  local name=$1; shift
  local out rps
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local p50 p99
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-28s %10s req/s   p50 %-8s p99 %-8s non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}" >&2
  echo "$rps"
}
echo "wrk -t2 -c64 -d$DURATION on 127.0.0.1:$PORT ($(nproc) cores)" >&2
health=$(run "GET /healthz" http://127.0.0.1:$PORT/healthz)
me=$(run "GET /api/v1/me (signed in)" -H "Cookie: cobuy_session=$session" http://127.0.0.1:$PORT/api/v1/me)
awk -v a="$me" -v b="$health" 'BEGIN {printf "ratio /me : /healthz = %.2f\n", a / b}' >&2
