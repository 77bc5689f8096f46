#!/bin/sh
# pcscd_vpcd.sh: run a private pcscd that loads only the vpcd virtual reader, for tests.
#
#   pcscd_vpcd.sh start DIR PORT   start pcscd in the foreground (backgrounded by us) with a
#                                  reader.conf.d of its own (DIR/readers/vpcd: vpcd on PORT);
#                                  waits until its socket exists; prints the pid.
#   pcscd_vpcd.sh stop DIR         SIGTERM that pcscd (pid in DIR/pcscd.pid), wait, SIGKILL
#                                  if it does not go; removes nothing else.
#   pcscd_vpcd.sh check            exit 77 with a message if pcscd or vpcd is missing.
#
# pcscd has one fixed pid file and socket (/run/pcscd), so only one can run on the machine:
# callers serialise with flock on LOCK (see run_card_test.sh). vpcd listens on all
# interfaces on PORT while pcscd runs: start it only for a test and stop it afterwards.
set -eu

VPCD_LIB=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
PCSCD=${PCSCD:-/usr/sbin/pcscd}

check() {
    if [ ! -x "$PCSCD" ]; then
        echo "SKIP: pcscd is not installed (apt-get install pcscd)" >&2
        exit 77
    fi
    if [ ! -e "$VPCD_LIB" ]; then
        echo "SKIP: the vpcd reader driver is not installed (apt-get install vsmartcard-vpcd)" >&2
        exit 77
    fi
}

start() {
    dir=$1 port=$2
    check
    mkdir -p "$dir/readers"
    # DEVICENAME /dev/null:<port> = vpcd in server mode (it listens, the card connects).
    cat > "$dir/readers/vpcd" <<EOF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:$port
LIBPATH      $VPCD_LIB
CHANNELID    $port
EOF
    # A pcscd left over by a killed test would block ours: only one can own /run/pcscd.
    if [ -e /run/pcscd/pcscd.pid ]; then
        old=$(cat /run/pcscd/pcscd.pid 2>/dev/null || true)
        # a pcscd left behind by one of these tests that was killed (ctest timeout): its
        # config dir is one of our temp dirs, and the caller holds the test lock
        if [ -n "$old" ] && alive "$old" && tr '\0' ' ' < "/proc/$old/cmdline" |
                grep -q -e '--config /tmp/card-e2e-' -e '--config /tmp/card-selftest-' \
                        -e '--config /tmp/card-bench-'; then
            echo "pcscd_vpcd: stopping pcscd $old left by an earlier test" >&2
            kill -TERM "$old" 2>/dev/null || true
        fi
        # another test's pcscd (not under our lock): give it 30 s to finish
        i=0
        while [ -n "$old" ] && alive "$old"; do
            i=$((i + 1))
            if [ $i -gt 300 ]; then
                echo "pcscd_vpcd: another pcscd (pid $old) is running; stop it first" >&2
                exit 1
            fi
            sleep 0.1
        done
        rm -f /run/pcscd/pcscd.pid /run/pcscd/pcscd.comm
    fi
    "$PCSCD" --foreground --config "$dir/readers" ${PCSCD_DEBUG:+--debug --apdu} \
        > "$dir/pcscd.log" 2>&1 &
    pid=$!
    echo "$pid" > "$dir/pcscd.pid"
    i=0
    while [ ! -S /run/pcscd/pcscd.comm ]; do
        i=$((i + 1))
        if [ $i -gt 100 ] || ! alive "$pid"; then
            echo "pcscd_vpcd: pcscd did not start; log:" >&2
            cat "$dir/pcscd.log" >&2
            exit 1
        fi
        sleep 0.05
    done
    echo "$pid"
}

# alive PID: true while the process exists and is not a zombie (a pcscd started by a shell
# that has exited is reparented, and may stay a zombie until its new parent reaps it).
alive() {
    [ -r "/proc/$1/stat" ] || return 1
    state=$(sed -e 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)
    [ "$state" != "Z" ]
}

stop() {
    dir=$1
    [ -f "$dir/pcscd.pid" ] || return 0
    pid=$(cat "$dir/pcscd.pid")
    rm -f "$dir/pcscd.pid"
    kill -TERM "$pid" 2>/dev/null || return 0
    i=0
    while alive "$pid"; do
        i=$((i + 1))
        if [ $i -gt 60 ]; then
            kill -KILL "$pid" 2>/dev/null || true
            rm -f /run/pcscd/pcscd.pid /run/pcscd/pcscd.comm
            break
        fi
        sleep 0.05
    done
}

case "${1:-}" in
    start) start "$2" "$3" ;;
    stop) stop "$2" ;;
    check) check ;;
    *) echo "usage: $0 start DIR PORT | stop DIR | check" >&2; exit 2 ;;
esac
