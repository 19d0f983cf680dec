#!/bin/sh
# The README's test command: installs what is missing from Debian, builds in
# build-tests/, runs every test (unit, integration against a real
# jianguan-server on 127.0.0.1, data validators, help, GUI under Xvfb) and
# ends with one line "N passed, N failed".
set -eu
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh

BUILD="${JIANGUAN_TEST_BUILD_DIR:-build-tests}"
if [ ! -f "$BUILD/build.ninja" ]; then
  configure="meson setup $BUILD --buildtype=debugoptimized"
else
  configure="meson setup --reconfigure $BUILD"
fi
if ! $configure || ! ninja -C "$BUILD"; then
  echo "the build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

rm -f "$BUILD/meson-logs/testlog.json"
set +e
meson test -C "$BUILD" --print-errorlogs --no-suite bench "$@"
status=$?
set -e

python3 build-aux/test-summary.py "$BUILD/meson-logs/testlog.json"
exit $status
