#!/usr/bin/env python3
"""Prints one line "N passed, N failed[, N skipped]" from meson's testlog.json.

Each meson test counts once (a C test binary holds several GLib test cases;
meson's own output lists them). A test whose output holds a sanitizer's
report counts as failed even when its status says otherwise: a child whose
exit status the test ignores (the app a GUI test closes) still printed it.
"""
import json
import re
import sys

SANITIZER_REPORT = re.compile(r"(ERROR|SUMMARY): (Address|Leak|UndefinedBehavior)Sanitizer"
                              r"|: runtime error: ")

passed = failed = skipped = 0
try:
    with open(sys.argv[1], encoding="utf-8") as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            entry = json.loads(line)
            result = entry.get("result")
            output = (entry.get("stdout") or "") + (entry.get("stderr") or "")
            if result in ("OK", "EXPECTEDFAIL") and SANITIZER_REPORT.search(output):
                result = "SANITIZER REPORT"
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
                print("FAILED: %s (%s)" % (entry.get("name"), result), file=sys.stderr)
except FileNotFoundError:
    failed += 1
    print("no test log: the build or the test run did not start", file=sys.stderr)

line = "%d passed, %d failed" % (passed, failed)
if skipped:
    line += ", %d skipped" % skipped
print(line)
sys.exit(1 if failed else 0)
