#!/bin/sh
# powercut-test.sh: cut the power (SIGKILL QEMU) while kioskd commits dossiers
# in the booted amd64 image, boot again, and check that every acknowledged
# dossier is in the outbox exactly once.
#   tests/integration/image/powercut-test.sh [BUILD_DIR]
set -eu
. "$(cd "$(dirname "$0")" && pwd)/amd64-image.sh"
client=$build/tests/powercut_client
[ -x "$client" ] || cmake --build "$build" --target powercut_client
work=$build/image-test/powercut
rm -rf "$work"
mkdir -p "$work"
exec python3 "$here/qemu_kiosk.py" powercut "$img" "$work" --client "$client"
