#!/bin/sh
# The README's test command (and CI's): install what is needed, then build and
# test three ways: plain, AddressSanitizer + UBSan, and the libFuzzer harnesses.
# Environment: JOBS (default: cores), FUZZ_SECONDS (default 10),
# KIOSK_TEST_IMAGE=1 to also build and boot the SD-card image (slow).
set -eu
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}
fuzz_secs=${FUZZ_SECONDS:-10}
labels_exclude="image"
image_opts=""
if [ "${KIOSK_TEST_IMAGE:-0}" = "1" ]; then
  # The SD-card image too: build it and boot it under QEMU (docs/image.md).
  scripts/deps.sh --install build run test image
  labels_exclude="^$"
  image_opts="-DKIOSK_IMAGE_TESTS=ON"
else
  scripts/deps.sh --install build run test
fi

configure() { # dir, options...
  dir=$1; shift
  cmake -S . -B "$dir" "$@" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
  # A part naming a file that does not exist is skipped while work is in
  # progress; for the real test run it is an error.
  if grep -q "does not exist; its target is skipped" "$dir.configure.log"; then
    grep -A1 "does not exist" "$dir.configure.log"; exit 1
  fi
}

echo "== plain build"
# shellcheck disable=SC2086
configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo $image_opts
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" -LE "$labels_exclude"

echo "== AddressSanitizer + UBSan build"
configure build-asan -DCMAKE_BUILD_TYPE=Debug -DKIOSK_SANITIZE=ON
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE "$labels_exclude|bench"

echo "== libFuzzer harnesses (${fuzz_secs}s each)"
CC=clang configure build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_FUZZ=ON
cmake --build build-fuzz -j"$jobs"
tests/fuzz/run.sh build-fuzz "$fuzz_secs"
