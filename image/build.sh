#!/bin/bash
# image/build.sh: build the kiosk's SD-card / disk image from Debian 12 packages.
#
#   image/build.sh [--arch amd64|arm64] [--build-dir DIR] [--out DIR]
#                  [--deb FILE]... [--no-compress] [--size-root MiB]
#
# Steps (no loop mounts, no root needed except where noted):
#  1. the kiosk .deb from CPack (made here from the build dir when missing;
#     for arm64 it comes from image/cross-build.sh);
#  2. mmdebstrap: a Debian 12 root file system with the kiosk package installed
#     by apt like on any Debian machine, into a tarball (reused while its
#     inputs do not change);
#  3. fakeroot: the tarball unpacked, the image overlay (read-only root, data
#     partition, units) and image/rootfs-setup.sh applied, and file system
#     images made from it with
#     `mkfs.ext4 -d` (root-a, empty root-b, data) and mkfs.vfat + mcopy (boot);
#  4. genimage: the partition table (1 MiB aligned);
#  5. bmaptool, xz, sha256sum, a package manifest and a Raspberry Pi Imager entry.
#
# Cached in the build dir between runs: downloaded .deb files
# (BUILD/image-cache/apt-ARCH). Reproducible given SOURCE_DATE_EPOCH (default:
# the last commit's time) and the same package versions (recorded in the
# manifest). See docs/image.md.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
arch=amd64
build_dir=$repo/build
out=""
compress=1
debs=()
root_mib=1536
data_mib=256
boot_mib=256

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
    case $1 in
        --arch) arch=$2; shift 2 ;;
        --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
        --out) out=$2; shift 2 ;;
        --deb) debs+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
        --no-compress) compress=0; shift ;;
        --size-root) root_mib=$2; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "build.sh: unknown option $1" >&2; usage 2 ;;
    esac
done
case $arch in amd64|arm64) ;; *) echo "build.sh: --arch must be amd64 or arm64" >&2; exit 2 ;; esac
out=${out:-$build_dir/image-out}
work=$build_dir/image-work/$arch
cache=$build_dir/image-cache/apt-$arch
mkdir -p "$out" "$work" "$cache"
out=$(cd "$out" && pwd)

need() {
    local missing=()
    for t in "$@"; do command -v "$t" >/dev/null || missing+=("$t"); done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "build.sh: missing tools: ${missing[*]}; install them with: scripts/deps.sh --install image" >&2
        exit 1
    fi
}
need mmdebstrap fakeroot mkfs.ext4 mkfs.vfat mcopy genimage bmaptool xz sha256sum
if [ "$arch" != "$(dpkg --print-architecture)" ]; then
    need qemu-aarch64-static
    # mmdebstrap runs the arm64 maintainer scripts through binfmt_misc.
    if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && [ "$(id -u)" -eq 0 ]; then
        [ -e /proc/sys/fs/binfmt_misc/register ] ||
            mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || true
        update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
    fi
    [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || {
        echo "build.sh: arm64 programs cannot run here: as root, mount binfmt_misc and run update-binfmts --enable qemu-aarch64" >&2
        exit 1
    }
fi

t0=$(date +%s)
step() { echo "== build.sh [$arch] $(( $(date +%s) - t0 ))s: $*" >&2; }

export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}
export E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH
export TZ=UTC LC_ALL=C.UTF-8

# --- 1. the kiosk package ---------------------------------------------------
if [ ${#debs[@]} -eq 0 ]; then
    if [ "$arch" = "$(dpkg --print-architecture)" ]; then
        # Always repackage: the package must hold the programs as built now.
        step "making the kiosk package (cpack)"
        (cd "$build_dir" && cmake --build . -j2 >/dev/null && cpack -G DEB >/dev/null)
    fi
    mapfile -t debs < <(ls -t "$build_dir"/packages/kiosk_*_"$arch".deb 2>/dev/null | head -n 1)
    if [ ${#debs[@]} -eq 0 ]; then
        echo "build.sh: no kiosk_*_$arch.deb in $build_dir/packages; for arm64 run image/cross-build.sh first" >&2
        exit 1
    fi
fi
version=$(dpkg-deb -f "${debs[0]}" Version)
name=kiosk-$version-$arch
step "package ${debs[*]}"

# --- 2. root file system ------------------------------------------------------
# Debian archive sources: the machine's own apt configuration (the Debian
# entries), with the non-free-firmware component added for Wi-Fi and
# Raspberry Pi firmware.
sources=$work/sources.list
: > "$sources"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    awk 'BEGIN{RS=""; ORS="\n\n"} /Suites:[^\n]*bookworm/ {print}' /etc/apt/sources.list.d/debian.sources |
        sed -e '/^Components:/{/non-free-firmware/!s/$/ non-free-firmware/}' -e '/^#/d' > "$work/debian.sources"
    sources=$work/debian.sources
else
    grep -hE '^deb [^#]*bookworm' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -e '/non-free-firmware/!s/$/ non-free-firmware/' > "$sources"
fi
[ -s "$sources" ] || { echo "build.sh: no Debian bookworm entry in the apt sources" >&2; exit 1; }

common=(systemd-sysv udev kmod dbus systemd-resolved systemd-timesyncd tzdata ca-certificates
        openssl wpasupplicant iproute2 pcscd e2fsprogs dosfstools
        libgl1-mesa-dri libegl-mesa0 libegl1 libgles2 libgbm1)
case $arch in
    amd64) pkgs=("${common[@]}" linux-image-amd64 initramfs-tools systemd-boot-efi
                 firmware-iwlwifi firmware-realtek) ;;
    arm64) pkgs=("${common[@]}" linux-image-arm64 initramfs-tools raspi-firmware firmware-brcm80211) ;;
esac
# The run-time packages are the kiosk package's Depends; listing them here lets
# the cached bootstrap fetch them together with the base system.
mapfile -t runpkgs < <(sh "$repo/scripts/deps.sh" run)
pkgs+=("${runpkgs[@]}")

# The root tarball is remade only when one of its inputs changed.
key=$( { printf '%s\n' "${pkgs[@]}"; cat "$sources" "$repo/image/rootfs-setup.sh";
         for d in "${debs[@]}"; do dpkg-deb -f "$d"; dpkg-deb -I "$d" md5sums postinst conffiles; done;
       } |
       sha256sum | cut -d' ' -f1)
if [ -s "$work/rootfs.tar" ] && [ "$(cat "$work/rootfs.key" 2>/dev/null)" = "$key" ]; then
    step "root file system unchanged: reusing $work/rootfs.tar"
else
step "mmdebstrap (${#pkgs[@]} packages)"
mkdir -p "$work/debs"
rm -f "$work"/debs/*.deb "$work/rootfs.key"
cp "${debs[@]}" "$work/debs/"
mode=unshare
[ "$(id -u)" -ne 0 ] || mode=root
rm -f "$work/rootfs.tar"
mmdebstrap --mode=$mode --variant=apt --architectures="$arch" \
    --include="$(IFS=,; echo "${pkgs[*]}")" \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-include=/usr/share/doc/kiosk/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/vi/*' \
    --essential-hook="$repo/image/rootfs-setup.sh pre \"\$1\" $arch" \
    --setup-hook="mkdir -p \"\$1/var/cache/apt/archives\"" \
    --setup-hook="sync-in '$cache' /var/cache/apt/archives" \
    --customize-hook="sync-out /var/cache/apt/archives '$cache'" \
    --customize-hook="mkdir -p \"\$1/tmp/kiosk-debs\"" \
    --customize-hook="sync-in '$work/debs' /tmp/kiosk-debs" \
    --customize-hook="chroot \"\$1\" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/kiosk-debs/*.deb && rm -rf /tmp/kiosk-debs'" \
    bookworm "$work/rootfs.tar" "$sources" > "$work/mmdebstrap.log" 2>&1 ||
    { tail -n 40 "$work/mmdebstrap.log" >&2; exit 1; }
echo "$key" > "$work/rootfs.key"
fi

# --- 3. file systems ----------------------------------------------------------
step "file systems"
root=$work/root
fs=$work/fs
state=$work/fakeroot.state
rm -rf "$root" "$fs" "$state"
mkdir -p "$root" "$fs" "$fs/boot" "$fs/data"
fakeroot -s "$state" tar -C "$root" -xpf "$work/rootfs.tar"
# The image's own files and settings, applied here rather than in mmdebstrap so
# that changing them does not need a new bootstrap.
fakeroot -i "$state" -s "$state" sh -c "cp -a --no-preserve=ownership '$repo/image/overlay/.' '$root/' &&
    '$repo/image/rootfs-setup.sh' post '$root' $arch"

# Fixed identifiers, so that the same inputs give the same image.
disk_uuid=7a3f0c52-3e9b-4d7e-9a41-6b1f0e2c5d10
uuid_boot=0c0e8d35-5b0d-4c84-8a3f-2f6f7f0b6a01
uuid_root_a=6c7bd6a4-0d4e-4f66-bd3a-1b7ef0a2c0a2
uuid_root_b=6c7bd6a4-0d4e-4f66-bd3a-1b7ef0a2c0b2
uuid_data=2f0e9a5c-8f7b-4c2d-9e61-5d3a4b1c0da7
fs_root_a=1e6a4f4e-9f3c-4b8a-8d2e-5a7c3b9f1a01
fs_root_b=1e6a4f4e-9f3c-4b8a-8d2e-5a7c3b9f1b02
fs_data=1e6a4f4e-9f3c-4b8a-8d2e-5a7c3b9f1d03
mbr_sig=0x4b696f73

if [ "$arch" = amd64 ]; then
    root_dev="PARTUUID=$uuid_root_a"
else
    root_dev="PARTUUID=${mbr_sig#0x}-02"
fi
cmdline_common="ro rootwait rootfstype=ext4 fsck.repair=yes consoleblank=0 vt.global_cursor_default=0 loglevel=3 systemd.show_status=true"

# Boot partition content.
bootdir=$fs/boot
cp "$repo/image/boot/kiosk.conf" "$repo/image/boot/README.txt" "$bootdir/"
kver=$(ls "$root/boot" | sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1)
[ -n "$kver" ] || { echo "build.sh: no kernel in the root file system" >&2; exit 1; }
if [ "$arch" = amd64 ]; then
    mkdir -p "$bootdir/EFI/BOOT" "$bootdir/loader/entries" "$bootdir/a"
    cp "$root/usr/lib/systemd/boot/efi/systemd-bootx64.efi" "$bootdir/EFI/BOOT/BOOTX64.EFI"
    cp "$root/boot/vmlinuz-$kver" "$bootdir/a/vmlinuz"
    cp "$root/boot/initrd.img-$kver" "$bootdir/a/initrd.img"
    printf 'default kiosk-a.conf\ntimeout 0\neditor no\nconsole-mode keep\n' > "$bootdir/loader/loader.conf"
    printf 'title Kiosk (system A)\nversion %s\nlinux /a/vmlinuz\ninitrd /a/initrd.img\noptions root=%s %s console=tty1 console=ttyS0,115200\n' \
        "$version" "$root_dev" "$cmdline_common" > "$bootdir/loader/entries/kiosk-a.conf"
else
    # Raspberry Pi 4 and 5: the firmware loads the kernel, the initramfs and
    # the device tree from this partition.
    cp -r "$root/usr/lib/raspi-firmware/." "$bootdir/"
    for dtb in bcm2711-rpi-4-b bcm2711-rpi-400 bcm2711-rpi-cm4 bcm2712-rpi-5-b; do
        f=$(find "$root/usr/lib/linux-image-$kver" -name "$dtb.dtb" 2>/dev/null | head -n 1)
        [ -z "$f" ] || cp "$f" "$bootdir/"
    done
    cp "$root/boot/vmlinuz-$kver" "$bootdir/vmlinuz"
    cp "$root/boot/initrd.img-$kver" "$bootdir/initrd.img"
    cat > "$bootdir/config.txt" <<EOF
# Raspberry Pi firmware settings for the kiosk (Pi 4, Pi 400, CM4; 64-bit).
arm_64bit=1
enable_uart=1
upstream_kernel=1
kernel=vmlinuz
initramfs initrd.img followkernel
disable_overscan=1
hdmi_force_hotplug=1
# Touch screens and displays: add dtoverlay= lines here.
EOF
    printf 'root=%s %s console=tty1 console=serial0,115200\n' "$root_dev" "$cmdline_common" > "$bootdir/cmdline.txt"
    sed -i 's/$/\r/' "$bootdir/config.txt"
fi
find "$bootdir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# Data partition skeleton: kioskd's state, logs, systemd's state (clock file...).
kioskd_uid=$(awk -F: '$1=="kioskd"{print $3}' "$root/etc/passwd")
kioskd_gid=$(awk -F: '$1=="kioskd"{print $3}' "$root/etc/group")
[ -n "$kioskd_uid" ] || { echo "build.sh: the kiosk package did not create the kioskd user" >&2; exit 1; }
mkdir -p "$fs/data/kioskd" "$fs/data/log/journal"

find "$root" "$fs" -newermt "@$SOURCE_DATE_EPOCH" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} + 2>/dev/null || true

mkext4() { # FILE MiB LABEL UUID DIR
    rm -f "$1"
    fakeroot -i "$state" -s "$state" mkfs.ext4 -q -F -L "$3" -U "$4" -E "hash_seed=$4,root_owner=0:0" \
        -b 4096 -I 256 ${5:+-d "$5"} "$1" "${2}M"
}
fakeroot -i "$state" -s "$state" sh -c "
    chown $kioskd_uid:$kioskd_gid '$fs/data/kioskd' && chmod 0750 '$fs/data/kioskd'
    cp -a '$root/var/lib/systemd' '$fs/data/systemd'
    chown -R 0:0 '$fs/data/log'"
mkext4 "$fs/root-a.ext4" "$root_mib" kiosk-root-a "$fs_root_a" "$root"
mkext4 "$fs/root-b.ext4" "$root_mib" kiosk-root-b "$fs_root_b" ""
mkext4 "$fs/data.ext4" "$data_mib" kiosk-data "$fs_data" "$fs/data"

rm -f "$fs/boot.vfat"
mkfs.vfat -F 32 -n KIOSKBOOT -i 4b696f73 --invariant -C "$fs/boot.vfat" $((boot_mib * 1024)) >/dev/null
(cd "$bootdir" && mcopy -s -p -m -i "$fs/boot.vfat" ./* ::/)

# --- 4. partition table -------------------------------------------------------
step "genimage"
if [ "$arch" = amd64 ]; then
    table="partition-table-type = \"gpt\"
        disk-uuid = \"$disk_uuid\""
    t_boot="partition-type-uuid = \"c12a7328-f81f-11d2-ba4b-00a0c93ec93b\"
        partition-uuid = \"$uuid_boot\""
    t_root="partition-type-uuid = \"4f68bce3-e8cd-4db1-96e7-fbcaf984b709\""
    t_data="partition-type-uuid = \"0fc63daf-8483-4772-8e79-3d69d8477de4\"
        partition-uuid = \"$uuid_data\""
    u_a="partition-uuid = \"$uuid_root_a\""
    u_b="partition-uuid = \"$uuid_root_b\""
else
    # The Raspberry Pi firmware reads MBR partition tables everywhere.
    table="partition-table-type = \"mbr\"
        disk-signature = $mbr_sig"
    t_boot="partition-type = 0x0c
        bootable = true"
    t_root="partition-type = 0x83"
    t_data="partition-type = 0x83"
    u_a="" u_b=""
fi
cat > "$work/genimage.cfg" <<EOF
image $name.img {
    hdimage {
        $table
        align = 1M
    }
    partition boot {
        image = "boot.vfat"
        $t_boot
    }
    partition root-a {
        image = "root-a.ext4"
        $t_root
        $u_a
    }
    partition root-b {
        image = "root-b.ext4"
        $t_root
        $u_b
    }
    partition data {
        image = "data.ext4"
        $t_data
    }
}
EOF
rm -rf "$work/genimage-tmp" "$work/genimage-root"
mkdir -p "$work/genimage-root"
genimage --config "$work/genimage.cfg" --inputpath "$fs" --outputpath "$out" \
    --tmppath "$work/genimage-tmp" --rootpath "$work/genimage-root" >"$work/genimage.log" 2>&1 ||
    { cat "$work/genimage.log" >&2; exit 1; }

# --- 5. outputs ---------------------------------------------------------------
step "bmap, manifest"
img=$out/$name.img
bmaptool create -o "$img.bmap" "$img"
{
    echo "# kiosk image $name, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH, kernel $kver"
    echo "# package<TAB>version<TAB>architecture"
    dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Package}\t${Version}\t${Architecture}\n' | sort
} > "$out/$name.manifest"
extract_size=$(stat -c %s "$img")
extract_sha=$(sha256sum "$img" | cut -d' ' -f1)
(cd "$out" && sha256sum "$name.img" > "$name.img.sha256")
if [ $compress -eq 1 ]; then
    step "xz"
    xz -T2 -6 -k -f "$img"
    (cd "$out" && sha256sum "$name.img.xz" > "$name.img.xz.sha256")
    dl_size=$(stat -c %s "$img.xz")
    dl_sha=$(sha256sum "$img.xz" | cut -d' ' -f1)
    if [ "$arch" = arm64 ]; then
        cat > "$out/$name.rpi-imager.json" <<EOF
{
  "os_list": [
    {
      "name": "Kiosk $version (Public Administration Service Center)",
      "description": "Self-service kiosk for commune centers. Configure with kiosk.conf on the boot partition.",
      "url": "$name.img.xz",
      "release_date": "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)",
      "extract_size": $extract_size,
      "extract_sha256": "$extract_sha",
      "image_download_size": $dl_size,
      "image_download_sha256": "$dl_sha",
      "devices": ["pi4-64bit"],
      "init_format": "none"
    }
  ]
}
EOF
    fi
fi
step "done: $img ($(du -h --apparent-size "$img" | cut -f1), mapped $(du -h "$img" | cut -f1))"
ls -l "$out" | grep -F "$name" >&2
