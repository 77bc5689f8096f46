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

# kioskd for the demo: its own folder, a throw-away certificate to seal
# dossiers to (there is no upstream; they wait in the outbox).
demo=$(pwd)/build/demo
mkdir -p "$demo"
if [ ! -f "$demo/seal.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$demo/seal.key" -out "$demo/seal.pem" \
    -days 3650 -subj "/CN=demo upstream (no such server)" 2>/dev/null
fi
cat > "$demo/kiosk.conf" <<CONF
[center]
name = Trung tâm Phục vụ hành chính công xã Thử Nghiệm (demo)
hotline = 1900 0000
[kioskd]
socket = $demo/kioskd.sock
database = $demo/kioskd.db
agency_code = 38.98.H29
kiosk_user = $(id -un)
seal_cert = $demo/seal.pem
upstream_url = https://127.0.0.1:9/api/v1
[printer]
device = sim
png_dir = $demo
[payment]
bank_bin = 970415
account = 113366668888
account_name = UBND XA THU NGHIEM
[kiosk]
technician_pin = 1234
CONF
build/bin/kioskd -c "$demo/kiosk.conf" 2>"$demo/kioskd.log" &
kioskd_pid=$!
trap 'kill $kioskd_pid 2>/dev/null' EXIT INT TERM
build/bin/kiosk --demo --window --config "$demo/kiosk.conf" "$@"
