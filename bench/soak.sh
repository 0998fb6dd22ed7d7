#!/usr/bin/env bash
# Soak: DURATION (default 10 minutes) of mixed signed-in traffic against the release build on
# loopback — reads, searches, writes and uploads through wrk (bench/soak_mix.lua) — with
# SLOW (default 100) slow clients alongside, each holding a connection open and sending one
# header byte every few seconds (bench/slow_clients.py). Samples the server's RSS every 10 s
# (with its anonymous and file-backed parts).
# Prints requests, errors (non-2xx and socket errors), p50/p95/p99, the RSS at the end of the
# first minute and at the end, and their ratio (flat: within 10 %), and whether /healthz kept
# answering while the slow clients held their connections. SERVE_ARGS are passed on to `cobuy
# serve` (e.g. SERVE_ARGS="--malloc-arenas 16" to compare allocator settings).
# Not a test: figures vary on shared machines. Traffic goes to 127.0.0.1 only; every loop is
# bounded in time and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${COBUY_BIN:-build/release/src/cli/cobuy}
DURATION=${DURATION:-600}
SLOW=${SLOW:-100}
SERVE_ARGS=${SERVE_ARGS:-}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18090}
for tool in wrk curl python3; do
  command -v $tool >/dev/null || { echo "soak: $tool is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
tmp=$(mktemp -d)
server=
slow=
trap 'kill $slow $server 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" demo load --db "$tmp/soak.db" >/dev/null
# shellcheck disable=SC2086 # SERVE_ARGS is a list of words
"$BIN" serve --db "$tmp/soak.db" --listen 127.0.0.1:$PORT --quiet $SERVE_ARGS >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null http://127.0.0.1:$PORT/healthz && break; sleep 0.1; done

csrf=$(curl -fs -c "$tmp/jar" http://127.0.0.1:$PORT/api/v1/csrf | sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
curl -fs -b "$tmp/jar" -c "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"email":"buyer@utrecht.example","password":"cobuy-demo-2026"}' http://127.0.0.1:$PORT/api/v1/session \
  >"$tmp/me.json"
session=$(awk '$6 ~ /cobuy_session$/ {print $7}' "$tmp/jar")
csrf=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$tmp/me.json")
[ -n "$session" ] || { echo "soak: sign-in failed" >&2; exit 1; }
community=$(curl -fs -b "$tmp/jar" http://127.0.0.1:$PORT/api/v1/communities | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
print(next(c["id"] for c in items if (c.get("my") or {}).get("status") == "active"))')

rss() { awk '/VmRSS/ {print $2}' /proc/$server/status; }
# The resident set split: heap and other anonymous memory, and mapped file pages (the
# database's memory map among them, which the kernel may drop at any time).
rss_split() { awk '/RssAnon|RssFile|RssShmem/ {printf "%s %s kB  ", $1, $2}' /proc/$server/status; }
echo "soak: ${DURATION}s, wrk -t2 -c$CONNECTIONS signed in (community $community), $SLOW slow clients, $(nproc) cores" >&2
python3 bench/slow_clients.py 127.0.0.1 $PORT "$SLOW" "$DURATION" >"$tmp/slow.log" 2>&1 &
slow=$!
COOKIE="cobuy_session=$session" CSRF="$csrf" COMMUNITY="$community" \
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/soak_mix.lua http://127.0.0.1:$PORT \
  >"$tmp/wrk.log" 2>&1 &
load=$!
start=$(date +%s)
rss_first=
split_first=
health_fail=0
health_max_ms=0
while kill -0 $load 2>/dev/null; do
  sleep 10
  now=$(( $(date +%s) - start ))
  r=$(rss)
  [ -z "$rss_first" ] && [ "$now" -ge 60 ] && rss_first=$r && split_first=$(rss_split)
  t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 http://127.0.0.1:$PORT/healthz || true)
  code=${t%% *}
  ms=$(awk -v s="${t##* }" 'BEGIN {printf "%d", s * 1000}')
  [ "$code" = 200 ] || health_fail=$((health_fail + 1))
  [ "$ms" -gt "$health_max_ms" ] && health_max_ms=$ms
  echo "  t=${now}s rss=${r} kB ($(rss_split)) healthz=${code} ${ms} ms" >&2
done
wait $load || true
rss_last=$(rss)
split_last=$(rss_split)
cat "$tmp/wrk.log" | sed -n '/requests [0-9]/,$p' >&2
tail -1 "$tmp/slow.log" >&2
echo "rss after 1 min ${rss_first:-?} kB, at the end ${rss_last} kB" >&2
echo "  after 1 min: ${split_first:-?}" >&2
echo "  at the end:  ${split_last}" >&2
[ -n "$rss_first" ] && awk -v a="$rss_last" -v b="$rss_first" 'BEGIN {printf "rss end / 1 min = %.3f\n", a / b}' >&2
echo "healthz under load: ${health_fail} failures, slowest ${health_max_ms} ms" >&2
grep -c ' 5[0-9][0-9] ' "$tmp/server.log" | sed 's/^/server 5xx lines: /' >&2 || true
