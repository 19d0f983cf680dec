#!/bin/sh
# The README's test command: installs what is missing from Debian, builds in
# build-tests/, runs every test (unit, integration against a real
# jianguan-server on 127.0.0.1, data validators, help, GUI under Xvfb) and
# ends with one line "N passed, N failed".
#
# The build is instrumented with AddressSanitizer and UndefinedBehaviorSanitizer
# (HACKING.md, "Sanitizers"): a report fails its test, and the core's, the
# CLI's and the server's leaks are checked at exit. JIANGUAN_TEST_SANITIZE=none
# builds and tests without them (in its own JIANGUAN_TEST_BUILD_DIR, or the
# whole of build-tests/ is rebuilt).
set -eu
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh

BUILD="${JIANGUAN_TEST_BUILD_DIR:-build-tests}"
SANITIZE="${JIANGUAN_TEST_SANITIZE:-address,undefined}"
if [ ! -f "$BUILD/build.ninja" ]; then
  configure="meson setup $BUILD --buildtype=debugoptimized"
else
  configure="meson setup --reconfigure $BUILD"
fi
if [ "$SANITIZE" = none ]; then
  c_args=""
  lundef=true
  timeouts=1
else
  # Undefined behaviour aborts where it happens; whole stacks in reports.
  c_args="-fno-sanitize-recover=all -fno-omit-frame-pointer"
  lundef=false
  # Instrumented code runs two to four times as slowly (the GUI's most).
  timeouts=3
fi
if ! $configure -Db_sanitize="$SANITIZE" -Db_lundef=$lundef -Dc_args="$c_args" ||
   ! ninja -C "$BUILD"; then
  echo "the build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

rm -f "$BUILD/meson-logs/testlog.json"
set +e
meson test -C "$BUILD" --print-errorlogs --no-suite bench \
  --timeout-multiplier "$timeouts" "$@"
status=$?
set -e

# Also fails on a sanitizer's report in a test that passed.
python3 build-aux/test-summary.py "$BUILD/meson-logs/testlog.json" || status=1
exit $status
