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
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from importlib import import_module  # noqa: E402

start_server = import_module("test-cli").start_server

CLI = os.environ["JIANGUAN_CLI_BIN"]
PASSWORD = "Jianguan-Demo-2026\n"
DAY = 24 * 3600
# 2026-12-04 10:00 in Shanghai: a Friday, 20 working days left in December.
NOW = 1796349600
NOW_TEXT = "2026-12-04T10:00:00+08:00"


class WarningsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="jianguan-cli-warnings-")
        server_dir = os.path.join(cls.tmp.name, "server")
        os.makedirs(server_dir)
        cls.server, cls.url = start_server(server_dir, "--demo")
        cls.home = os.path.join(cls.tmp.name, "home")
        os.makedirs(cls.home)
        cls.run_cli("sync", "--user", "rc-admin", "--password-stdin", stdin=PASSWORD)
        accounts = os.path.join(cls.home, "jianguan", "accounts")
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

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait()
        cls.tmp.cleanup()

    @classmethod
    def run_cli(cls, *args, stdin=None, check=True):
        env = dict(os.environ, XDG_DATA_HOME=cls.home, LC_ALL="C.UTF-8", LANGUAGE="C",
                   DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent/jianguan-test-bus")
        result = subprocess.run([CLI, "--server", cls.url, *args], env=env, input=stdin,
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"{args}: {result.returncode} {result.stdout}{result.stderr}")
        return result

    def warnings(self, *args):
        lines = self.run_cli("warnings", "--now", NOW_TEXT, *args).stdout.splitlines()
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
            result = self.run_cli("warnings", *args, check=False)
            self.assertEqual(result.returncode, 2, args)
            self.assertEqual(result.stdout, "", args)


if __name__ == "__main__":
    unittest.main()
