#!/usr/bin/env python3
"""Slow clients for bench/soak.sh and bench/hostile checks: N connections to HOST:PORT (loopback
only), each sending a request line and then one header byte every INTERVAL seconds, reopened
when the server closes it, for DURATION seconds. Prints how many connections were open at the
end, how many times the server closed one, and how many could not be opened."""
import socket
import sys
import time


def main() -> int:
    host, port, count, duration = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    interval = float(sys.argv[5]) if len(sys.argv) > 5 else 3.0
    if not host.startswith("127.") and host not in ("localhost", "::1"):
        print("slow_clients: loopback addresses only", file=sys.stderr)
        return 2
    deadline = time.monotonic() + duration
    conns: list = [None] * count
    closed = refused = 0

    def open_one():
        nonlocal refused
        try:
            s = socket.create_connection((host, port), timeout=2)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: slow\r\n")
            s.setblocking(False)
            return s
        except OSError:
            refused += 1
            return None

    for i in range(count):
        conns[i] = open_one()
    while time.monotonic() < deadline:
        time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
        for i, s in enumerate(conns):
            if s is None:
                conns[i] = open_one()
                continue
            try:
                s.sendall(b"X")
                try:
                    if s.recv(4096) == b"":
                        raise OSError("closed")
                except BlockingIOError:
                    pass
            except OSError:
                closed += 1
                s.close()
                conns[i] = open_one()
    open_now = sum(1 for s in conns if s is not None)
    for s in conns:
        if s is not None:
            s.close()
    print(f"slow clients: {open_now} open at the end, {closed} closed by the server, {refused} refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
