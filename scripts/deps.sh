#!/bin/sh
# Print the Debian packages of deps/packages.txt that serve any of the given roles
# (build, run, test). With --install, install them with apt-get instead.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
install=0
if [ "${1:-}" = "--install" ]; then install=1; shift; fi
[ $# -gt 0 ] || set -- build run test
pkgs=$(awk -v roles="$*" '
  BEGIN { n = split(roles, want, " ") }
  /^[[:space:]]*(#|$)/ { next }
  { for (i = 2; i <= NF; i++) for (j = 1; j <= n; j++) if ($i == want[j]) { print $1; next } }
' "$here/deps/packages.txt")
if [ $install -eq 0 ]; then echo "$pkgs"; exit 0; fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# Skip apt entirely when everything is already there (fast re-runs).
missing=$(for p in $pkgs; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"; done)
[ -n "$missing" ] || exit 0
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
