#!/usr/bin/env bash
# The 20 slowest tests and the 10 slowest compile units of a build, as Markdown tables (the
# tables of docs/PERFORMANCE.md, "Test suite").
#   bash bench/slowest.sh [build/debug]       or    bash bench/slowest.sh COSTDATA NINJA_LOG
# CTest keeps each test's last time in Testing/Temporary/CTestCostData.txt ("name runs
# seconds" lines until "---"); Ninja its compile times in .ninja_log (start and end in ms,
# the last entry of an output wins).
set -euo pipefail
if [ $# -eq 2 ]; then
  COST=$1 LOG=$2
else
  DIR=${1:-build/debug}
  COST=$DIR/Testing/Temporary/CTestCostData.txt LOG=$DIR/.ninja_log
fi
echo "| # | test | seconds |"
echo "|---|------|--------:|"
awk '/^---/ { exit } NF == 3 { printf "%s %.1f\n", $1, $3 }' "$COST" | sort -k2,2 -g -r | head -20 |
  awk '{ printf "| %d | %s | %s |\n", NR, $1, $2 }'
echo
echo "| # | compile unit | seconds |"
echo "|---|--------------|--------:|"
awk -F'\t' '!/^#/ && $4 ~ /\.(o|gch)$/ { t[$4] = ($2 - $1) / 1000 } END { for (o in t) printf "%s %.1f\n", o, t[o] }' "$LOG" |
  sort -k2,2 -g -r | head -10 | awk '{ printf "| %d | %s | %s |\n", NR, $1, $2 }'
