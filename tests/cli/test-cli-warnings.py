#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`jianguan-cli warnings` for scripts: one line per warning (kind, key,
reason), evaluated at the time given with --now, the thresholds and the
coverage figure as options, bad usage refused with status 2.

A workstation syncs rc-admin's account with a real jianguan-server --demo;
then the test writes into its database a record ready to send since a
known time, and asks at chosen times whether it is late.
"""
import os
import sqlite3
import unittest

import clitest

DAY = 24 * 3600
# 2026-12-04 10:00 in Shanghai: a Friday, 20 working days left in December.
NOW = 1796349600
NOW_TEXT = "2026-12-04T10:00:00+08:00"


class WarningsTest(clitest.CliCase):
    PREFIX = "jianguan-cli-warnings-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One workstation for the class: the tests only read its warnings.
        cls.ws = clitest.Workstation(cls, "rc-admin")
        cls.ws.run("sync", signed=True)
        accounts = os.path.join(cls.ws.home, "jianguan", "accounts")
        folder = next(n for n in os.listdir(accounts) if n.startswith("rc-admin@"))
        cls.db = os.path.join(accounts, folder, "jianguan.db")
        with sqlite3.connect(cls.db) as db:
            # Synced just before NOW, so that only the record is late.
            db.execute("INSERT INTO sync_run (kind, started, finished, ok) VALUES ('records', ?, ?, 1)",
                       (NOW - 3600, NOW - 3600))
            db.execute("INSERT INTO record (uuid, kind, state, op, number, main_date, sort_date, month,"
                       " fields, created, modified, holds_number) VALUES ('w1', 'inspection', 'ready',"
                       " 'i', 'CLI-W-1', '2026-12-01', '2026-12-01', '2026-12', '{}', ?, ?, 1)",
                       (NOW - 3 * DAY, NOW - 3 * DAY))
            db.execute("INSERT INTO audit (uuid, at, action, from_state, to_state, revision)"
                       " VALUES ('w1', ?, 'state', 'draft', 'ready', 1)", (NOW - 3 * DAY,))

    def warnings(self, *args):
        lines = self.ws.run("warnings", "--now", NOW_TEXT, *args).stdout.splitlines()
        return [tuple(line.split("\t")) for line in lines]

    def test_unsent_and_threshold(self):
        # Ready three days ago: late after the default two days.
        self.assertEqual(self.warnings(),
                         [("unsent", "unsent",
                           "1 record ready to send has not reached the centre for more than 2 days.")])
        # Not late when the department allows five.
        self.assertEqual(self.warnings("--unsent-days", "5"), [])

    def test_coverage(self):
        rows = self.warnings("--coverage", "70/100/80", "--unsent-days", "5")
        self.assertEqual(len(rows), 1)
        kind, key, reason = rows[0]
        self.assertEqual((kind, key), ("coverage", "coverage:80"))
        self.assertIn("70.0%", reason)
        self.assertIn("10 more items", reason)
        self.assertEqual(self.warnings("--coverage", "80/100/80", "--unsent-days", "5"), [])

    def test_usage(self):
        for args in (["--coverage", "80/70/80"], ["--coverage", "x"], ["--now", "yesterday"],
                     ["--sync-days", "-1"], ["extra"]):
            result = self.ws.run("warnings", *args, check=False)
            self.assertEqual(result.returncode, 2, args)
            self.assertEqual(result.stdout, "", args)


if __name__ == "__main__":
    unittest.main()
