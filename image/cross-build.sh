#!/bin/bash
# image/cross-build.sh: build the kiosk package for arm64 on an amd64 machine.
#
#   image/cross-build.sh [--build-dir DIR]     -> DIR/packages/kiosk_<v>_arm64.deb
#
# A throw-away Debian 12 amd64 chroot (mmdebstrap) with Debian's arm64 cross
# compiler and the arm64 -dev packages of deps/packages.txt (multiarch), in
# which the sources are configured with a cross toolchain file, built, and
# packaged with CPack. Nothing is installed on the build machine itself.
# Programs that the build runs for the target (if any) run through
# qemu-user-static. Downloaded packages are cached in DIR/image-cache/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$repo/build
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
        -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "cross-build.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
work=$build_dir/image-work/cross-arm64
cache=$build_dir/image-cache/apt-cross-arm64
mkdir -p "$work" "$cache" "$build_dir/packages"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}

# Build packages: -dev libraries for arm64, tools for the build machine.
pkgs=(crossbuild-essential-arm64 dpkg-dev file qemu-user-static)
for p in $(sh "$repo/scripts/deps.sh" build); do
    case $p in
        gcc|make) ;;
        *-dev) pkgs+=("$p:arm64") ;;
        *) pkgs+=("$p") ;;
    esac
done

sources=$work/debian.sources
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    awk 'BEGIN{RS=""; ORS="\n\n"} /Suites:[^\n]*bookworm/ {print}' /etc/apt/sources.list.d/debian.sources |
        sed -e '/^#/d' > "$sources"
else
    sources=$work/sources.list
    grep -hE '^deb [^#]*bookworm' /etc/apt/sources.list /etc/apt/sources.list.d/*.list > "$sources"
fi

# The sources, without build trees.
rm -rf "$work/src"
mkdir -p "$work/src"
git -C "$repo" ls-files -z --cached --others --exclude-standard |
    grep -zv '^build' | (cd "$repo" && xargs -0 cp --parents -t "$work/src" 2>/dev/null || true)

cat > "$work/src/aarch64.cmake" <<'EOF'
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# Build tools made by the project (the catalog compiler) run under emulation.
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/qemu-aarch64-static)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
EOF

mode=unshare
[ "$(id -u)" -ne 0 ] || mode=root
rm -f "$work"/out/*.deb
mkdir -p "$work/out"
echo "== cross-build.sh: mmdebstrap with ${#pkgs[@]} packages, then build" >&2
mmdebstrap --mode=$mode --variant=apt --architectures=amd64,arm64 \
    --include="$(IFS=,; echo "${pkgs[*]}")" \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --setup-hook="mkdir -p \"\$1/var/cache/apt/archives\"" \
    --setup-hook="sync-in '$cache' /var/cache/apt/archives" \
    --customize-hook="sync-out /var/cache/apt/archives '$cache'" \
    --customize-hook="mkdir -p \"\$1/src\"" \
    --customize-hook="sync-in '$work/src' /src" \
    --customize-hook="chroot \"\$1\" sh -c 'cmake -S /src -B /build -DCMAKE_TOOLCHAIN_FILE=/src/aarch64.cmake -DKIOSK_TESTS=OFF -DKIOSK_DEB_ARCH=arm64 -DCMAKE_BUILD_TYPE=RelWithDebInfo >/build.log 2>&1 && cmake --build /build -j2 >>/build.log 2>&1 && cd /build && cpack -G DEB >>/build.log 2>&1 || { tail -n 60 /build.log; exit 1; }'" \
    --customize-hook="sync-out /build/packages '$work/out'" \
    bookworm /dev/null "$sources" > "$work/mmdebstrap.log" 2>&1 ||
    { tail -n 60 "$work/mmdebstrap.log" >&2; exit 1; }
cp "$work"/out/kiosk_*_arm64.deb "$build_dir/packages/"
ls -l "$build_dir"/packages/kiosk_*_arm64.deb
