#!/bin/sh
# arm64-test.sh: build the arm64 (Raspberry Pi 4/5) image on an amd64 machine
# and run its programs from its root file system under qemu-user:
# --version of each, and the kiosk's headless render of its attract screen.
#   tests/integration/image/arm64-test.sh [BUILD_DIR]
# Needs qemu-user-static and binfmt_misc (registered here when missing: root).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)

if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    [ -e /proc/sys/fs/binfmt_misc/register ] ||
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    update-binfmts --enable qemu-aarch64 2>/dev/null ||
        update-binfmts --import qemu-aarch64 2>/dev/null || true
fi
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] ||
    { echo "arm64-test: binfmt_misc has no qemu-aarch64 entry (install qemu-user-static, binfmt-support)" >&2; exit 1; }

t0=$(date +%s)
"$repo/image/cross-build.sh" --build-dir "$build"
t1=$(date +%s)
"$repo/image/build.sh" --arch arm64 --build-dir "$build" --no-compress
t2=$(date +%s)

root=$build/image-work/arm64/root
q="qemu-aarch64-static -L $root"
file "$root/usr/bin/kiosk" | grep -q "ARM aarch64" || { echo "arm64-test: kiosk is not an arm64 program" >&2; exit 1; }
$q "$root/usr/bin/kiosk" --version
$q "$root/usr/sbin/kioskd" --version
$q "$root/usr/bin/kioskctl" --help >/dev/null

work=$build/image-test/arm64
rm -rf "$work"
mkdir -p "$work"
printf 'expect Tiếng Việt\nshot attract\n' > "$work/attract.kiosk"
$q "$root/usr/bin/kiosk" --headless --assets "$root/usr/share/kiosk" --size 1280x800 \
    --script "$work/attract.kiosk" --shots "$work"
# The same render by the build machine's own kiosk, when there is one: the
# arm64 program must draw the same screen.
ref=""
if [ -x "$build/bin/kiosk" ]; then
    printf 'expect Tiếng Việt\nshot reference\n' > "$work/reference.kiosk"
    "$build/bin/kiosk" --headless --size 1280x800 --script "$work/reference.kiosk" --shots "$work"
    ref=$work/reference.png
fi
python3 -c "
import sys; sys.path.insert(0, '$here'); import qemu_kiosk as q
a = q.read_png('$work/attract.png')
s = q.stats(*a)
print('arm64 headless attract screen:', s)
ok = s['colours'] > 16 and s['share'] < 0.995
if '$ref':
    d = q.compare(a, q.read_png('$ref'))
    print('difference from the build machine render: %.2f / 255' % d)
    ok = ok and d < 8
sys.exit(0 if ok else 1)"
ls -l "$build"/image-out/kiosk-*-arm64.img
echo "arm64-test: PASS (cross build $((t1 - t0)) s, image $((t2 - t1)) s, run $(( $(date +%s) - t2 )) s)"
