#!/usr/bin/env bash
# Hostile clients against the release build on loopback (127.0.0.1 only). Not a test: figures
# vary on shared machines. Every loop is bounded and stops by itself. Measures:
#   1. connections held open at once: CONNS idle connections (each sent half a header), the
#      server's open sockets and RSS while they are held, and whether /healthz still answers;
#   2. server RSS after BODIES anonymous chunked POST /api/v1/session bodies of up to 300 MB
#      each (the server answers 413 after 1 MiB and stops reading);
#   3. time to answer /healthz (10 requests, curl's time_total) while 200 slow clients
#      dribble one header line a second;
#   4. plain throughput with wrk (2 threads, 64 connections, DURATION): GET /healthz and a
#      signed-in GET /api/v1/contracts/search?q=lighting on the demo register.
# Usage: bash bench/hostile.sh   (after `make release`; COBUY_BIN to use another binary)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${COBUY_BIN:-build/release/src/cli/cobuy}
PORT=${PORT:-18090}
CONNS=${CONNS:-5000}
BODIES=${BODIES:-20}
DURATION=${DURATION:-10s}
URL=http://127.0.0.1:$PORT
for tool in wrk curl python3; do
  command -v $tool >/dev/null || { echo "hostile: $tool is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
ulimit -n 20000 2>/dev/null || true
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" demo load --db "$tmp/bench.db" >/dev/null
"$BIN" serve --db "$tmp/bench.db" --listen 127.0.0.1:$PORT --quiet --web "$tmp/none" >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs -o /dev/null $URL/healthz && break; sleep 0.1; done
rss() { awk '/^VmRSS/ {print $2}' /proc/$server/status; }   # KiB
sockets() { find /proc/$server/fd -lname 'socket:*' 2>/dev/null | wc -l; }
echo "cobuy serve ($BIN) on $URL, $(nproc) cores; server RSS at start $(rss) KiB"

# 1. Connections held open at once.
python3 - "$PORT" "$CONNS" "$server" <<'EOF'
import socket, subprocess, sys, time
port, n, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"): return int(line.split()[1])
held = []
for i in range(n):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        held.append(s)
    except OSError as e:
        print(f"  connection {i}: {e}"); break
time.sleep(1)
import os
socks = sum(1 for fd in os.listdir(f"/proc/{pid}/fd") if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"))
t = time.time()
out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-m", "10", "-w", "%{http_code}", f"http://127.0.0.1:{port}/healthz"],
                     capture_output=True, text=True).stdout
print(f"1. {len(held)} connections opened and held (half a header each): server has {socks} sockets open, "
      f"RSS {rss()} KiB; /healthz answered {out} in {1000*(time.time()-t):.1f} ms")
for s in held: s.close()
EOF
sleep 1

# 2. RSS after oversized chunked bodies.
before=$(rss)
python3 - "$PORT" "$BODIES" <<'EOF'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"
statuses = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              b"Transfer-Encoding: chunked\r\n\r\n")
    s.setblocking(False)
    answer, sent = b"", 0
    while sent < 300 * 1024 * 1024 and not answer:   # up to 300 MB, until the server answers
        try:
            s.send(chunk); sent += len(chunk)
        except BlockingIOError:
            pass
        except OSError:
            break
        try:
            answer = s.recv(4096)
        except BlockingIOError:
            pass
        except OSError:
            break
    statuses.append(answer.split(b"\r\n")[0].decode() or "no answer")
    s.close()
print(f"2. {n} chunked bodies sent until answered: {sorted(set(statuses))}")
EOF
echo "   server RSS before $before KiB, after $(rss) KiB"

# 3. /healthz while 200 slow clients dribble their headers.
python3 - "$PORT" <<'EOF'
import socket, subprocess, sys, threading, time
port = int(sys.argv[1])
slow = []
for i in range(200):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    slow.append(s)
stop = False
def dribble():
    for _ in range(8):                 # at most 8 s: below the 10 s header timeout
        if stop: return
        for s in slow:
            try: s.sendall(b"X-Slow: 1\r\n")
            except OSError: pass
        time.sleep(1)
t = threading.Thread(target=dribble); t.start()
times = []
for _ in range(10):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-m", "10", "-w", "%{http_code} %{time_total}",
                          f"http://127.0.0.1:{port}/healthz"], capture_output=True, text=True).stdout.split()
    times.append((out[0], float(out[1]) * 1000))
    time.sleep(0.3)
stop = True; t.join()
ms = sorted(x[1] for x in times)
print(f"3. /healthz under 200 slow clients: statuses {sorted(set(x[0] for x in times))}, "
      f"median {ms[len(ms)//2]:.1f} ms, max {ms[-1]:.1f} ms (10 requests)")
for s in slow: s.close()
EOF

# 4. Plain throughput.
csrf=$(curl -fs -c "$tmp/jar" $URL/api/v1/csrf | sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
curl -fs -b "$tmp/jar" -c "$tmp/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"email":"buyer@utrecht.example","password":"cobuy-demo-2026"}' $URL/api/v1/session >/dev/null
session=$(awk '$6 == "cobuy_session" {print $7}' "$tmp/jar")
[ -n "$session" ] || { echo "hostile: sign-in failed" >&2; exit 1; }
run() {  # name, wrk args...
  local name=$1; shift
  local out
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "$@")
  printf '4. %-40s %10s req/s   p50 %-8s p99 %-8s non-2xx %s\n' "$name" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)"
}
run "GET /healthz" $URL/healthz
run "GET /api/v1/contracts/search (signed in)" -H "Cookie: cobuy_session=$session" \
  "$URL/api/v1/contracts/search?q=lighting"
echo "server RSS at the end $(rss) KiB, $(sockets) sockets open"
