#!/bin/sh
# The README's demo command: install what is needed, build, and start the kiosk
# in demo mode (simulated card, camera and printer; a made-up citizen) with a
# local kioskd, so dossiers, queue tickets and ratings work as on a real kiosk.
# With a display it opens a window; without one it writes screenshots of a
# walk through the screens to demo-shots/.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh --install build run
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"

. scripts/demo-kioskd.sh
build/bin/kiosk --demo --window --config "$demo/kiosk.conf" "$@"
