#!/bin/sh
# The README's run command: installs what is missing from Debian, builds in
# build/, starts `jianguan-server --demo` on 127.0.0.1 and opens Jianguan
# against it. The app downloads the demo catalogue on start. Closing the
# window stops the server.
#
# Without a display (a bare server, CI) it runs under Xvfb instead, waits for
# the catalogue, saves a screenshot to build/demo-screenshot.png and exits.
set -eu
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh

if [ ! -f build/build.ninja ]; then
  meson setup build --buildtype=debugoptimized
fi
ninja -C build

data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/jianguan-demo-server"
mkdir -p "$data_dir"
log="$(mktemp)"
build/src/server/jianguan-server --demo --data "$data_dir" --port 0 2>"$log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -f "$log"' EXIT INT TERM

url=""
for _ in $(seq 1 100); do
  url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$log" | head -n 1)"
  [ -n "$url" ] && break
  kill -0 $server_pid 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "jianguan-server did not start:" >&2; cat "$log" >&2; exit 1; }
echo "Demo server: $url (data in $data_dir)"

export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
export JIANGUAN_LOCALEDIR="$PWD/build/po/locale"
export JIANGUAN_DATA_DIR="$PWD/data"

if [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${DISPLAY:-}" ]; then
  build/src/gui/jianguan --server "$url"
else
  echo "No display: running under Xvfb; a screenshot goes to build/demo-screenshot.png"
  xvfb-run -a -s '-screen 0 1280x800x24' sh -c '
    GSETTINGS_BACKEND=memory build/src/gui/jianguan --server "$1" &
    app=$!
    sleep 8
    import -window root build/demo-screenshot.png
    kill $app' sh "$url"
  echo "Screenshot: build/demo-screenshot.png"
fi
