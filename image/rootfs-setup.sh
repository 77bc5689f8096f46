#!/bin/sh
# rootfs-setup.sh: mmdebstrap hooks that turn a Debian root into the kiosk's.
#   rootfs-setup.sh pre  ROOT ARCH   (essential hook: before the packages)
#   rootfs-setup.sh post ROOT ARCH   (under fakeroot on the unpacked root, after
#                                     the overlay is copied in)
# Runs on the build machine with ROOT the root directory; the post phase
# uses no chroot (systemctl --root), so it needs no privileges.
set -eu
phase=$1 root=$2 arch=$3

if [ "$phase" = pre ]; then
    mkdir -p "$root/etc/initramfs-tools/conf.d"
    if [ "$arch" = arm64 ]; then
        # The Raspberry Pi's firmware loads kernel and initramfs from the boot
        # partition. Debian's arm64 kernel has ext4 and the SD/USB controllers
        # as modules, so an initramfs is needed; a short module list keeps its
        # generation under emulation to seconds instead of a quarter hour.
        printf 'MODULES=list\nCOMPRESS=gzip\n' > "$root/etc/initramfs-tools/conf.d/kiosk.conf"
        mkdir -p "$root/usr/share/initramfs-tools/modules.d"
        printf '%s\n' ext4 vfat nls_cp437 nls_ascii mmc_block sdhci_iproc sdhci_pltfm \
            bcm2835 bcm2835_dma xhci_pci xhci_hcd usb_storage uas reset_raspberrypi \
            > "$root/usr/share/initramfs-tools/modules.d/kiosk-raspi"
    else
        # Generic initramfs: the image boots on any UEFI PC, not only this one.
        echo "MODULES=most" > "$root/etc/initramfs-tools/conf.d/kiosk.conf"
    fi
    exit 0
fi

# --- post ---
# Time zone of Vietnam.
ln -sf /usr/share/zoneinfo/Asia/Ho_Chi_Minh "$root/etc/localtime"
echo Asia/Ho_Chi_Minh > "$root/etc/timezone"

# Services: network, name resolution, clock, the technician's configuration.
systemctl --root="$root" enable --quiet systemd-networkd.service systemd-resolved.service \
    systemd-timesyncd.service kiosk-config.service kiosk-export-csr.service \
    kioskd.service kiosk.service pcscd.socket
# No login prompt on the kiosk's screen; no package timers on an appliance.
systemctl --root="$root" mask --quiet getty@tty1.service apt-daily.timer \
    apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
    systemd-machine-id-commit.service
systemctl --root="$root" disable --quiet wpa_supplicant.service
ln -sf ../run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"

# Read-only root: machine id made afresh in memory at each boot; mount points
# for the boot and data partitions; what is written goes there (see fstab).
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
ln -sf /etc/machine-id "$root/var/lib/dbus/machine-id"
mkdir -p "$root/boot/firmware" "$root/data" "$root/var/lib/kioskd"
# /var/lib/systemd is bound from the data partition (seeded with this copy by
# build.sh): the state directories of logind, timesyncd, rfkill, backlight.
mkdir -p "$root/var/lib/systemd/linger" "$root/var/lib/systemd/timesync" \
         "$root/var/lib/systemd/rfkill" "$root/var/lib/systemd/backlight" \
         "$root/var/lib/systemd/coredump" "$root/var/lib/systemd/pstore"
rm -rf "$root/var/log/"* "$root/var/cache/apt/"*.bin "$root/var/lib/apt/lists/"* \
       "$root/var/cache/debconf/"*-old "$root/var/lib/dpkg/"*-old
echo "kiosk" > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
exit 0
