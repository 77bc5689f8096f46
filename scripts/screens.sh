#!/bin/sh
# Every screen of the kiosk in one language, as PNG files, for translators
# (docs/translators.md): builds if needed, starts a local kioskd as the demo
# does, and runs tests/ui/all-screens.kiosk without a display.
#   scripts/screens.sh LANG [OUT_DIR]      e.g. scripts/screens.sh hmn
# OUT_DIR defaults to screens-LANG/. Each picture is named after its screen;
# the run stops with a message if a text does not fit its place.
set -eu
cd "$(dirname "$0")/.."
lang=${1:?usage: scripts/screens.sh LANG [OUT_DIR]  (LANG: vi en hmn km blt rad tyz)}
out=${2:-screens-$lang}
if [ ! -x build/bin/kiosk ] || [ ! -x build/bin/kioskd ]; then
  scripts/deps.sh --install build run
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build -j"$(nproc)" >/dev/null   # picks up edited .po files
. scripts/demo-kioskd.sh
mkdir -p "$out"
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy \
  build/bin/kiosk --headless --config "$demo/kiosk.conf" --script tests/ui/all-screens.kiosk \
  --shots "$out" --lang "$lang" 2>"$out/kiosk.log"
echo "screens: $(ls "$out"/*.png | wc -l) pictures in $out/"
