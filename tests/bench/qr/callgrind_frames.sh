#!/bin/sh
# Per-frame instruction counts (callgrind) of the QR pipeline, row by row of
# its schedule, against one zbar scan with default settings, on the same
# 640x480 images. Usage: callgrind_frames.sh BUILD_DIR IMAGE...  ("blank" is a
# noisy frame with no code). Prints one line per image: zbar-default, then each
# row, in millions of instructions, and the largest row / zbar-default.
set -e
build=$1
shift
bench=$build/bin/qr_bench_frame
out=$(mktemp)
trap 'rm -f "$out"' EXIT
count() {
    valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect=bench_one_frame \
        "$bench" "$@" >/dev/null 2>&1
    awk '/^(summary|totals):/ { print $2; exit }' "$out"
}
printf '%-34s %8s' image zbar-def
for r in 0 1 2 3 4 5 6; do printf ' %6s' "row$r"; done
printf ' %s\n' max/zbar
for img in "$@"; do
    z=$(count zbar-default "$img")
    printf '%-34s %8.1f' "$(basename "$img")" "$(awk "BEGIN{print $z/1e6}")"
    max=0
    for r in 0 1 2 3 4 5 6; do
        p=$(count pipeline "$img" "$r")
        [ "$p" -gt "$max" ] && max=$p
        printf ' %6.1f' "$(awk "BEGIN{print $p/1e6}")"
    done
    printf ' %.2f\n' "$(awk "BEGIN{print $max/$z}")"
done
