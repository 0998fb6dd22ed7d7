#!/usr/bin/env bash
# Minimises fuzz/corpus/<target> with libFuzzer's -merge=1 (the fewest inputs that keep the
# coverage), keeping the names of the inputs that stay (the seeds, whose sources
# fuzz/README.md lists) and naming the new ones by their SHA-1, as libFuzzer does.
# Usage: fuzz/merge.sh TARGET [libFuzzer flags...]   (from the repository root, after
# `cmake --build --preset fuzz`)
set -euo pipefail
target=$1
shift
bin=build/fuzz/fuzz/fuzz_$target
corpus=fuzz/corpus/$target
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" -merge=1 "$@" "$tmp" "$corpus" 2>&1 | grep -E '^MERGE-OUTER: [0-9]+ new files' || true

declare -A merged  # sha1 -> 1, for the inputs the merge kept
for f in "$tmp"/*; do
  [ -e "$f" ] && merged[$(basename "$f")]=1
done
before=$(find "$corpus" -type f | wc -l)
for f in "$corpus"/*; do
  h=$(sha1sum "$f" | cut -d' ' -f1)
  if [ -n "${merged[$h]:-}" ]; then
    unset "merged[$h]"  # kept under its own name (a second copy of it goes)
  else
    rm -f "$f"
  fi
done
for h in "${!merged[@]}"; do cp "$tmp/$h" "$corpus/$h"; done
echo "fuzz/merge.sh: $target: $before inputs -> $(find "$corpus" -type f | wc -l) ($(du -sh "$corpus" | cut -f1))"
