#!/bin/sh
# boot-test.sh: boot the amd64 image under QEMU (TCG, UEFI) and check that
# kioskd starts and the kiosk draws its attract screen.
#   tests/integration/image/boot-test.sh [BUILD_DIR]
# Builds the image first (image/build.sh --no-compress) when it is missing.
# Prints the timings; leaves the screenshot in BUILD_DIR/image-test/boot/.
set -eu
. "$(cd "$(dirname "$0")" && pwd)/amd64-image.sh"
work=$build/image-test/boot
rm -rf "$work"
mkdir -p "$work"
kiosk_opt=""
[ ! -x "$build/bin/kiosk" ] || kiosk_opt="--kiosk $build/bin/kiosk"
# shellcheck disable=SC2086
exec python3 "$here/qemu_kiosk.py" boot "$img" "$work" $kiosk_opt
