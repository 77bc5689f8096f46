# Sourced by boot-test.sh and powercut-test.sh (not run by itself), with the
# build folder as $1 (default: build/). Sets $here, $repo, $build and $img,
# the newest amd64 image there, built first (image/build.sh --no-compress)
# when there is none.
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
img=$(ls -t "$build"/image-out/kiosk-*-amd64.img 2>/dev/null | head -n 1 || true)
if [ -z "$img" ]; then
    "$repo/image/build.sh" --arch amd64 --build-dir "$build" --no-compress
    img=$(ls -t "$build"/image-out/kiosk-*-amd64.img | head -n 1)
fi
