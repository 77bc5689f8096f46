#!/bin/sh
# boot-test.sh: boot the amd64 image under QEMU (TCG, UEFI) and check that
# kioskd starts and the kiosk draws its attract screen.
#   tests/integration/image/boot-test.sh [BUILD_DIR]
# Builds the image first (image/build.sh --no-compress) when it is missing.
# Prints the timings; leaves the screenshot in BUILD_DIR/image-test/boot/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
img=$(ls -t "$build"/image-out/kiosk-*-amd64.img 2>/dev/null | head -n 1 || true)
if [ -z "$img" ]; then
    "$repo/image/build.sh" --arch amd64 --build-dir "$build" --no-compress
    img=$(ls -t "$build"/image-out/kiosk-*-amd64.img | head -n 1)
fi
work=$build/image-test/boot
rm -rf "$work"
mkdir -p "$work"
kiosk_opt=""
[ ! -x "$build/bin/kiosk" ] || kiosk_opt="--kiosk $build/bin/kiosk"
# shellcheck disable=SC2086
exec python3 "$here/qemu_kiosk.py" boot "$img" "$work" $kiosk_opt
