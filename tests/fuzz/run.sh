#!/bin/sh
# Run every libFuzzer harness of a fuzz build for a short while.
# usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
# Each harness starts from its seed corpus (if it names one) and a scratch copy,
# so runs never write into the repository. A crash, leak or timeout fails.
set -eu
build=$1
secs=${2:-10}
list="$build/fuzzers.txt"
[ -s "$list" ] || { echo "no fuzzers listed in $list"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
while read -r name corpus; do
  [ -n "$name" ] || continue
  mkdir -p "$work/$name"
  if [ -n "${corpus:-}" ] && [ -d "$corpus" ]; then cp -r "$corpus"/. "$work/$name/"; fi
  if "$build/fuzz/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$work/$name-" "$work/$name" >"$work/$name.log" 2>&1; then
    runs=$(grep -o 'Done [0-9]* runs' "$work/$name.log" | tail -1)
    echo "fuzz $name: ok ($runs in ${secs}s)"
    passed=$((passed + 1))
  else
    echo "fuzz $name: FAILED"
    tail -40 "$work/$name.log"
    mkdir -p "$build/fuzz-artifacts"
    cp "$work/$name"-* "$build/fuzz-artifacts/" 2>/dev/null || true
    failed=$((failed + 1))
  fi
done < "$list"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
