#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the screenshot the metainfo shows: the Chinese UI searching the demo
# catalogue, with a result selected.
#
#   build-aux/take-screenshot.sh [BUILD_DIR] [OUTPUT]
#
# BUILD_DIR defaults to build, OUTPUT to data/screenshots/catalogue-zh_CN.png.
# Needs the zh_CN translation built (BUILD_DIR/po/locale), Xvfb, xdotool,
# ImageMagick's import, python3-pyatspi and fonts-noto-cjk.
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$srcdir/build}" && pwd)
out=${2:-$srcdir/data/screenshots/catalogue-zh_CN.png}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
query=${JIANGUAN_SCREENSHOT_QUERY:-食品}
# Which result to open, counting from 1.
pick=${JIANGUAN_SCREENSHOT_PICK:-2}

app=$builddir/src/gui/jianguan
server=$builddir/src/server/jianguan-server
for f in "$app" "$server" "$builddir/data/gschemas.compiled"; do
  [ -e "$f" ] || { echo "take-screenshot: $f is missing: build first" >&2; exit 1; }
done

tmp=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

JIANGUAN_DATA_DIR=$srcdir/data "$server" --demo --port 0 2>"$tmp/server.log" &
server_pid=$!
url=
for _ in $(seq 50); do
  url=$(sed -n 's|^jianguan-server: listening on \(http://[^ ]*\)$|\1|p' "$tmp/server.log")
  [ -n "$url" ] && break
  sleep 0.2
done
[ -n "$url" ] || { cat "$tmp/server.log" >&2; echo "take-screenshot: the demo server did not start" >&2; exit 1; }

mkdir -p "$(dirname "$out")"

cat >"$tmp/drive.py" <<'EOF'
# Puts the query into the search entry through the accessibility tree: xdotool
# cannot type Chinese without an input method.
import sys, time
import pyatspi

def walk(acc, depth=0):
    if acc is None or depth > 60:
        return
    yield acc
    for child in acc:
        yield from walk(child, depth + 1)

deadline = time.monotonic() + 60
while True:
    apps = [a for a in pyatspi.Registry.getDesktop(0) if a is not None and a.name == 'jianguan']
    entry = None
    results = None
    if apps:
        for acc in walk(apps[0]):
            role = acc.getRoleName()
            if role == 'entry' and entry is None:
                entry = acc
            elif role == 'list' and acc.childCount > 0 and any(
                    c is not None and c.getRoleName() == 'list item' for c in acc):
                results = acc
    if entry is not None and results is not None:
        break
    if time.monotonic() > deadline:
        sys.exit('take-screenshot: the catalogue did not appear')
    time.sleep(0.5)
entry.queryEditableText().setTextContents(sys.argv[1])
EOF

export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LANGUAGE=zh_CN
export JIANGUAN_LOCALEDIR="$builddir/po/locale"
export JIANGUAN_DATA_DIR="$srcdir/data"
export GSETTINGS_SCHEMA_DIR="$builddir/data" GSETTINGS_BACKEND=memory
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export GTK_A11Y=atspi NO_AT_BRIDGE=0 GDK_BACKEND=x11
export APP="$app" URL="$url" OUT="$out" QUERY="$query" PICK="$pick" DRIVE="$tmp/drive.py"

xvfb-run -a -s '-screen 0 1400x900x24 -noreset' dbus-run-session -- sh -c '
  "$APP" --server "$URL" >"$(dirname "$DRIVE")/app.log" 2>&1 &
  app_pid=$!
  win=$(xdotool search --sync --onlyvisible --name "." | head -n 1)
  xdotool windowmove "$win" 0 0 windowsize "$win" 1400 900
  /usr/bin/python3 "$DRIVE" "$QUERY"
  sleep 1.5
  xdotool windowfocus --sync "$win"
  xdotool key ctrl+f End
  i=0
  while [ $i -lt "$PICK" ]; do xdotool key Down; i=$((i + 1)); done
  xdotool key Return
  # Let the sync toast go and the implementation list load.
  sleep 4
  import -window root "$OUT"
  kill $app_pid
'
echo "take-screenshot: wrote $out"
