#!/bin/sh
# powercut-test.sh: cut the power (SIGKILL QEMU) while kioskd commits dossiers
# in the booted amd64 image, boot again, and check that every acknowledged
# dossier is in the outbox exactly once.
#   tests/integration/image/powercut-test.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
img=$(ls -t "$build"/image-out/kiosk-*-amd64.img 2>/dev/null | head -n 1 || true)
if [ -z "$img" ]; then
    "$repo/image/build.sh" --arch amd64 --build-dir "$build" --no-compress
    img=$(ls -t "$build"/image-out/kiosk-*-amd64.img | head -n 1)
fi
client=$build/tests/powercut_client
[ -x "$client" ] || cmake --build "$build" --target powercut_client
work=$build/image-test/powercut
rm -rf "$work"
mkdir -p "$work"
exec python3 "$here/qemu_kiosk.py" powercut "$img" "$work" --client "$client"
