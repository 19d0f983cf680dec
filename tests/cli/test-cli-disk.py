#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A full disk and a read-only data folder, through jianguan-cli
(SECURITY.md, "Faults and backups"; HACKING.md, the map of src/server/).

A full disk is a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored, so that
writes fail with EFBIG as they fail with ENOSPC on a full disk), which
needs no root. A read-only folder is a read-only bind mount in a mount
namespace of its own when the test runs as root (root writes through
chmod), else chmod.

Against a real jianguan-server --demo on 127.0.0.1, as test-cli.py.
"""
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import unittest

import clitest

# Rows of the big import: enough to need megabytes.
BIG_ROWS = 2000
# Room left above the account's files for the import: less than a page.
FULL_MARGIN = 1024
# Room for a new account's database but not the demo catalogue (2 MiB).
CATALOGUE_LIMIT = 1024 * 1024
# Records of the sync under a full disk, and the room it has: less than
# the account's database, so that whatever the sync writes first fails.
SYNC_ROWS = 50
SYNC_ROOM = 64 * 1024
# The server's WAL under its file-size limit: its sign-in fits, the
# records (far more than a few 16 KiB pages) do not.
SERVER_ROWS = 300
SERVER_WAL_ROOM = 128 * 1024


def limited(limit):
    """A preexec_fn: writes past @limit bytes fail with EFBIG."""
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    return apply


def can_mount_read_only():
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind / / 2>/dev/null || exit 1;"
                            " mount -o remount,bind,ro / /"], capture_output=True)
    return probe.returncode == 0


class DiskTest(clitest.CliCase):
    def run_cli(self, *args, extra_env=None, **kwargs):
        if extra_env:
            saved = {k: os.environ.get(k) for k in extra_env}
            os.environ.update(extra_env)
        try:
            return super().run_cli(*args, **kwargs)
        finally:
            for k, v in (saved.items() if extra_env else ()):
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def setUp(self):
        super().setUp()
        self.department = self.demo["departments"][1]["code"]
        # The CLI keeps the last user of a server in the config folder.
        os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(dir=self.tmp.name)

    def sync_catalogue(self):
        out = self.run_cli("--server", self.url, "sync-catalogue")
        self.assertEqual(out.returncode, 0, out.stderr)

    def new_account(self):
        self.sync_catalogue()
        out = self.run_cli("--server", self.url, "--department", self.department, "status")
        self.assertEqual(out.returncode, 0, out.stderr)

    def account_db(self):
        return [os.path.join(d, f) for d, _, fs in os.walk(self.home) for f in fs
                if f == "jianguan.db"][0]

    def records_in(self, db):
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM record").fetchone()[0]

    def assert_clear_full_error(self, out):
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("is full", out.stderr)
        self.assertNotIn("Traceback", out.stderr)

    def test_import_disk_full_rolls_back(self):
        self.new_account()
        headers = self.template_headers()
        rows = [self.inspection_row(f"JC-FULL-{i:05d}") for i in range(BIG_ROWS)]
        big = self.write_csv("big.csv", rows, headers)
        db = self.account_db()
        before = self.status_counts()
        room = max(os.path.getsize(db + s) for s in ("", "-wal", "-shm")
                   if os.path.exists(db + s)) + FULL_MARGIN

        out = self.run_cli("--server", self.url, "import", big, preexec_fn=limited(room))
        self.assert_clear_full_error(out)
        self.assertIn("Nothing of this change was saved", out.stderr)
        self.assertEqual(self.status_counts(), before, "the import was rolled back whole")
        self.assertEqual(self.records_in(db), 0)
        with sqlite3.connect(db) as conn:
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")

        # Space is back: the same file imports, every row of it.
        out = self.run_cli("--server", self.url, "import", big)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1],
                         f"imported {BIG_ROWS} (0 with warnings), rejected 0")
        self.assertEqual(self.records_in(db), BIG_ROWS)

    def test_catalogue_download_disk_full(self):
        # Room for the account's new database, not for the catalogue.
        out = self.run_cli("--server", self.url, "sync-catalogue",
                           preexec_fn=limited(CATALOGUE_LIMIT))
        self.assert_clear_full_error(out)
        self.assertIn("catalogue.db", out.stderr)
        # The cache is as usable as before (here: still to be synced), and
        # the next download, with room, completes it.
        out = self.run_cli("--server", self.url, "search", "食品")
        self.assertIn(out.returncode, (0, 1), out.stderr)
        self.assertNotIn("damaged", out.stderr)
        out = self.run_cli("--server", self.url, "sync-catalogue")
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.run_cli("--server", self.url, "search", "食品")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertTrue(out.stdout.strip(), "search finds items after the sync")
        cache = [os.path.join(d, f) for d, _, fs in os.walk(self.home) for f in fs
                 if f == "catalogue.db"][0]
        with sqlite3.connect(cache) as conn:
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")

    def search(self, text):
        out = self.run_cli("--server", self.url, "search", text)
        self.assertEqual(out.returncode, 0, out.stderr)
        return out.stdout

    def test_catalogue_delta_disk_full_keeps_the_cache(self):
        self.sync_catalogue()
        before = self.search("监督检查")
        self.assertTrue(before.strip())
        # Every sub-item renamed on the server: a delta of megabytes.
        changed = json.loads(json.dumps(self.demo))
        for sub in changed["subitems"]:
            sub["name"] += "（修订）"
        path = os.path.join(self.tmp.name, "renamed.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(changed, f, ensure_ascii=False)
        load = subprocess.run([clitest.SERVER, "load", "--data", self.server_dir, path],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(load.returncode, 0, load.stderr)
        try:
            db = self.account_db()
            room = os.path.getsize(db) + FULL_MARGIN
            out = self.run_cli("--server", self.url, "sync-catalogue", preexec_fn=limited(room))
            self.assert_clear_full_error(out)
            self.assertIn("catalogue.db", out.stderr)
            self.assertEqual(self.search("监督检查"), before, "the cache is as it was")
            self.sync_catalogue()
            self.assertIn("（修订）", self.search("监督检查"))
        finally:   # the other tests' server as it was
            load = subprocess.run([clitest.SERVER, "load", "--data", self.server_dir,
                                   os.path.join(clitest.DATA, "demo", "catalogue.json")],
                                  capture_output=True, text=True, timeout=120)
            self.assertEqual(load.returncode, 0, load.stderr)

    def server_numbers(self, prefix):
        """The numbers of the server's records that start with @prefix."""
        with sqlite3.connect(os.path.join(self.server_dir, "server.db")) as conn:
            return [r[0] for r in conn.execute("SELECT number FROM record WHERE number LIKE ?",
                                               (prefix + "%",))]

    def signed_in(self, *args, **kwargs):
        """jianguan-cli @args (a sync) signed in as rc-admin; no keyring."""
        env = {"DBUS_SESSION_BUS_ADDRESS": clitest.NO_BUS}
        return self.run_cli("--server", self.url, *args, "--user", "rc-admin", "--password-stdin",
                            input=clitest.DEMO_PASSWORD, extra_env=env, **kwargs)

    def rc_admin_imports(self, prefix, count):
        """rc-admin's account synced, then @count rows numbered @prefix…
        imported ready to send; the rows."""
        self.department = self.demo["departments"][0]["code"]   # rc-admin's
        out = self.signed_in("sync")
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.run_cli("--server", self.url, "--department", self.department, "status")
        self.assertEqual(out.returncode, 0, out.stderr)
        headers = self.template_headers()
        rows = [self.inspection_row(f"{prefix}{i:04d}") for i in range(count)]
        out = self.run_cli("--server", self.url, "import", self.write_csv(f"{prefix}.csv", rows, headers))
        self.assertEqual(out.returncode, 0, out.stderr)
        return rows

    def test_records_sync_disk_full(self):
        rows = self.rc_admin_imports("JC-SYNC-", SYNC_ROWS)
        out = self.signed_in("sync", preexec_fn=limited(SYNC_ROOM))
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("is full", out.stderr)
        # Room again: the sync finishes, and the server holds each record once.
        out = self.signed_in("sync")
        self.assertEqual(out.returncode, 0, out.stderr)
        numbers = self.server_numbers("JC-SYNC-")
        self.assertEqual(sorted(numbers), sorted(r["检查行为编号"] for r in rows))

    def test_server_disk_full_keeps_records_queued(self):
        rows = self.rc_admin_imports("JC-SRV-", SERVER_ROWS)
        # The server's WAL emptied, then room for its sign-in but not for
        # the records: its answer is 507.
        server_db = os.path.join(self.server_dir, "server.db")
        with sqlite3.connect(server_db) as conn:
            self.assertEqual(conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0], 0)
        pid = self.server.pid
        soft, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (SERVER_WAL_ROOM, hard))
        try:
            out = self.signed_in("sync")
        finally:
            resource.prlimit(pid, resource.RLIMIT_FSIZE, (soft, hard))
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("507", out.stderr)
        self.assertIn("disk is full", out.stderr)
        stored = self.server_numbers("JC-SRV-")
        self.assertLess(len(stored), len(rows), "the server refused a batch")
        # Room again: the records were kept queued and go now, each once.
        out = self.signed_in("sync")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(sorted(self.server_numbers("JC-SRV-")),
                         sorted(r["检查行为编号"] for r in rows))

    def run_read_only(self, *args):
        """jianguan-cli @args with the data folder read-only."""
        if os.geteuid() == 0:
            home = self.home
            script = ('mount --bind "$H" "$H" && mount -o remount,bind,ro "$H" "$H" && '
                      'exec "$@"')
            env = dict(os.environ, H=home)
            env.update({"XDG_DATA_HOME": home, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
                        "LANGUAGE": "C"})
            env.pop("JIANGUAN_SERVER", None)
            return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", clitest.CLI, *args],
                                  env=env, capture_output=True, text=True, timeout=120)
        for d, dirs, files in os.walk(self.home):
            for name in dirs + files:
                os.chmod(os.path.join(d, name), 0o500 if name in dirs else 0o400)
        os.chmod(self.home, 0o500)
        try:
            return self.run_cli(*args)
        finally:
            for d, dirs, files in os.walk(self.home):
                os.chmod(d, 0o700)
                for name in files:
                    os.chmod(os.path.join(d, name), 0o600)

    def test_read_only_data_folder(self):
        if os.geteuid() == 0 and not can_mount_read_only():
            self.skipTest("root without mount namespaces: chmod does not stop root")
        self.new_account()
        headers = self.template_headers()
        small = self.write_csv("small.csv", [self.inspection_row("JC-RO-1")], headers)
        for args in (("status",), ("import", small), ("sync-catalogue",)):
            out = self.run_read_only("--server", self.url, *args)
            self.assertEqual(out.returncode, 1, f"{args}: {out.stdout} {out.stderr}")
            self.assertGreaterEqual(out.returncode, 0, "no crash")
            self.assertRegex(out.stderr, r"read-only", f"{args}: {out.stderr}")
        # Writable again: nothing was lost or damaged.
        out = self.run_cli("--server", self.url, "import", small)
        self.assertEqual(out.returncode, 0, out.stderr)


if __name__ == "__main__":
    unittest.main()
