#!/usr/bin/env bash
# Installs the Debian packages Cobuy needs to build, test and run.
# Idempotent: runs `apt-get update` and `apt-get install` only when something is missing.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config make git ca-certificates
  # C++ libraries
  libsqlite3-dev libsodium-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  libboost-dev libcpp-httplib-dev libicu-dev zlib1g-dev libssl-dev libsimdjson-dev
  libxapian-dev libglpk-dev libgtest-dev libgmock-dev libbenchmark-dev libxml2-dev
  # PostgreSQL 15: the client library (src/db) and the server the tests start a throw-away
  # cluster of (tests/fixtures/pg_cluster.sh)
  libpq-dev postgresql
  # tools used by tests and benchmarks
  sqlite3 chromium wrk curl ccache python3
  # fuzzing (`make fuzz`): clang 14 and its libFuzzer runtime
  clang libclang-rt-14-dev
)

# Node.js and npm: the machine image ships Node 20; fall back to Debian's packages otherwise.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root or install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
