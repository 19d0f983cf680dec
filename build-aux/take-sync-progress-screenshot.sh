#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The zh_CN screenshot of a catalogue sync in progress: a demo server that
# answers each feed page after 4 s, the app on its Sync page, a picture
# taken between the pages.
#
#   build-aux/take-sync-progress-screenshot.sh [BUILD_DIR] [OUTPUT]
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$srcdir/build}" && pwd)
out=${2:-$srcdir/data/screenshots/sync-progress-zh_CN.png}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac

if [ -z "${JG_SCREENSHOT_INNER:-}" ]; then
  JG_SCREENSHOT_INNER=1 exec xvfb-run -a -s '-screen 0 1280x800x24' "$0" "$builddir" "$out"
fi

tmp=$(mktemp -d)
trap 'kill $app $server 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM

JIANGUAN_DATA_DIR=$srcdir/data "$builddir/src/server/jianguan-server" --demo --port 0 \
  --data "$tmp/server" --fault delay --fault-delay-ms 4000 2>"$tmp/server.log" &
server=$!
url=
for _ in $(seq 50); do
  url=$(sed -n 's|^jianguan-server: listening on \(http://[^ ]*\)$|\1|p' "$tmp/server.log")
  [ -n "$url" ] && break
  sleep 0.2
done
[ -n "$url" ] || { cat "$tmp/server.log" >&2; exit 1; }

GSETTINGS_SCHEMA_DIR=$builddir/data GSETTINGS_BACKEND=memory \
JIANGUAN_LOCALEDIR=$builddir/po/locale JIANGUAN_DATA_DIR=$srcdir/data \
XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config \
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LANGUAGE=zh_CN \
  "$builddir/src/gui/jianguan" --server "$url" &
app=$!

sleep 2
xdotool key alt+6
# The codes page arrives after 4 s, the first catalogue page after 8 s,
# the last one after 12 s: in between the header shows "x/y".
sleep 8.5
mkdir -p "$(dirname "$out")"
import -window root "$out"
echo "take-sync-progress-screenshot: wrote $out"
