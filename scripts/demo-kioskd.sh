# Sourced by scripts/demo.sh and scripts/screens.sh (not run by itself):
# writes build/demo/kiosk.conf and starts a local kioskd for it, so dossiers,
# queue tickets and ratings work as on a real kiosk. A throw-away certificate
# stands for the upstream's sealing one (there is no upstream: dossiers wait in
# the outbox). Sets $demo (the folder) and stops kioskd when the shell exits.
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
catalog_path = $demo/catalog.db
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
# Wait for its socket (at most 5 s).
i=0
while [ ! -S "$demo/kioskd.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
