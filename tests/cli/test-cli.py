#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""jianguan-cli end to end, against a real jianguan-server --demo on 127.0.0.1.

Each test runs the installed-style binaries with a private XDG_DATA_HOME, as an
administrator's script would.
"""
import os
import unittest

import clitest


class CliTest(clitest.CliCase):
    def test_sync_then_search_prints_code_name_department(self):
        result = self.sync()
        self.assertRegex(result.stdout, r"Applied \d+ changes")
        # The database is where XDG says, private to the user.
        dbs = [os.path.join(d, f) for d, _, fs in os.walk(self.home) for f in fs
               if f == "jianguan.db"]
        self.assertEqual(len(dbs), 1)
        self.assertEqual(os.stat(dbs[0]).st_mode & 0o777, 0o600)

        item = self.demo["subitems"][10]
        depts = {d["code"]: d["name"] for d in self.demo["departments"]}
        out = self.run_cli("search", item["code"])  # the last server is remembered
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout,
                         "%s\t%s\t%s\n" % (item["code"], item["name"], depts[item["department"]]))

    def test_search_limit_and_filters(self):
        self.sync()
        out = self.run_cli("--server", self.url, "search", "--limit", "5", "检查")
        lines = out.stdout.splitlines()
        self.assertEqual(len(lines), 5)
        for line in lines:
            code, name, dept = line.split("\t")
            self.assertRegex(code, r"^\d{14}$")
            self.assertTrue(dept)

        wanted = [s for s in self.demo["subitems"] if "食" in s["name"] and s["action_type"] == "1"]
        out = self.run_cli("--server", self.url, "search", "--limit", "1000",
                           "--action-type", "1", "食")
        got = out.stdout.splitlines()
        self.assertGreater(len(got), 0)
        self.assertLessEqual(len(got), len([s for s in self.demo["subitems"]
                                            if s["action_type"] == "1"]))
        names = {s["code"]: s for s in self.demo["subitems"]}
        for line in got:
            code = line.split("\t")[0]
            self.assertEqual(names[code]["action_type"], "1")
        self.assertTrue(set(s["code"] for s in wanted) <= set(l.split("\t")[0] for l in got))

    def test_status(self):
        self.sync()
        out = self.run_cli("--server", self.url, "status")
        self.assertEqual(out.returncode, 0, out.stderr)
        fields = dict(line.split("\t") for line in out.stdout.splitlines())
        self.assertEqual(int(fields["sub-items"]), len(self.demo["subitems"]))
        self.assertNotEqual(fields["last-sync"], "never")

    def test_usage_errors_exit_2(self):
        self.assertEqual(self.run_cli().returncode, 2)
        self.assertEqual(self.run_cli("frobnicate").returncode, 2)
        self.assertEqual(self.run_cli("search", "--limit", "0", "x").returncode, 2)

    def test_each_command_refuses_bad_usage_with_its_own_help(self):
        for args, message in [
                (("sync-catalogue", "x"), "sync-catalogue takes no arguments."),
                (("search", "a", "b"), "Give the query as one argument"),
                (("template", "inspection"), "Give the kind of record and the file to write."),
                (("import",), "Give the file to import."),
                (("export", "a", "b"), "Give the file to write."),
                (("login",), "Give the user name to sign in as."),
                (("sync", "x"), "sync takes no arguments."),
                (("status", "--bogus"), "Unknown option --bogus"),
                (("logout", "--bogus"), "Unknown option --bogus")]:
            with self.subTest(args=args):
                out = self.run_cli("--server", "http://127.0.0.1:9/", *args)
                self.assertEqual(out.returncode, 2, out.stderr)
                self.assertIn(message, out.stderr)
                self.assertIn(f"jianguan-cli {args[0]} [OPTION", out.stderr)

    def test_server_down_is_a_clear_error(self):
        out = self.run_cli("--server", "http://127.0.0.1:9/", "sync-catalogue")
        self.assertEqual(out.returncode, 1)
        self.assertIn("Could not reach the server", out.stderr)
        self.assertIn("not changed", out.stderr)

    def test_errors_are_chinese_under_zh_CN(self):
        out = self.run_cli("--server", "http://127.0.0.1:9/", "sync-catalogue", lang="zh_CN.UTF-8")
        self.assertEqual(out.returncode, 1)
        self.assertRegex(out.stderr, r"[\u4e00-\u9fff]{4}", out.stderr)
        self.assertNotIn("Could not reach", out.stderr)

    def test_search_before_any_sync(self):
        out = self.run_cli("--server", self.url, "search", "食品")
        self.assertEqual(out.returncode, 1)
        self.assertIn("Sync with the server first", out.stderr)

    def test_not_a_database(self):
        self.sync()
        db = [os.path.join(d, f) for d, _, fs in os.walk(self.home) for f in fs
              if f == "jianguan.db"][0]
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        with open(db, "wb") as f:
            f.write(b"PK\x03\x04 this is a zip file, not a database" * 10)
        with open(db, "rb") as f:
            before = f.read()
        out = self.run_cli("--server", self.url, "sync-catalogue")
        self.assertEqual(out.returncode, 1)
        self.assertIn("not a Jianguan database", out.stderr)
        with open(db, "rb") as f:
            self.assertEqual(f.read(), before)

    # --- legacy data (the rows' helpers are clitest.CliCase's) ---------------

    def synced_with_good_file(self, prefix):
        """The catalogue synced; a department, the template's headers and
        good.csv of two valid rows @prefix1 and @prefix2."""
        self.sync()
        department = self.demo["departments"][1]["code"]
        headers = self.template_headers()
        good = self.write_csv("good.csv", [self.inspection_row(f"{prefix}1"),
                                           self.inspection_row(f"{prefix}2")], headers)
        return department, headers, good

    def test_import_exit_codes_and_last_line(self):
        department, headers, good = self.synced_with_good_file("JC-CLI-")
        mixed = self.write_csv("mixed.csv", [self.inspection_row("JC-CLI-3"),
                                             self.inspection_row("JC-CLI-4", 检查形式="07")], headers)
        report = os.path.join(self.home, "report.csv")

        out = self.run_cli("--server", self.url, "import", good)
        self.assertEqual(out.returncode, 2)
        self.assertIn("department", out.stderr)

        out = self.run_cli("--server", self.url, "--department", department, "import", good)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1], "imported 2 (0 with warnings), rejected 0")

        out = self.run_cli("--server", self.url, "import", good)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("2 rows were already imported", out.stdout)
        self.assertEqual(out.stdout.splitlines()[-1], "imported 0 (0 with warnings), rejected 0")

        out = self.run_cli("--server", self.url, "import", mixed, "--report", report)
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1], "imported 1 (0 with warnings), rejected 1")
        with open(report, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], '"行号","列","值","原因","类别"')
        self.assertTrue(lines[1].startswith('"3","检查形式","07",'))
        self.assertTrue(lines[1].endswith(',"错误"'))

        png = os.path.join(self.home, "photo.csv")
        with open(png, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
        out = self.run_cli("--server", self.url, "import", png)
        self.assertEqual(out.returncode, 2)
        self.assertIn("binary", out.stderr)

        exported = os.path.join(self.home, "export.xlsx")
        out = self.run_cli("--server", self.url, "export", "--kind", "inspection",
                           "--from", "2025-01-01", "--to", "2025-12-31", exported)
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.run_cli("--server", self.url, "import", exported)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1], "imported 0 (0 with warnings), rejected 0")
        self.assertIn("3 rows were already imported", out.stdout)

        out = self.run_cli("--server", self.url, "template", "nonsense", exported)
        self.assertEqual(out.returncode, 2)

    def test_import_check_as_draft_and_undo(self):
        department, headers, good = self.synced_with_good_file("JC-CHK-")
        mixed = self.write_csv("mixed.csv", [self.inspection_row("JC-CHK-1"),
                                             self.inspection_row("JC-CHK-2", 监管对象="另一家店"),
                                             self.inspection_row("JC-CHK-3", 检查形式="07"),
                                             self.inspection_row("JC-CHK-4")], headers)

        # A check says what an import would do and imports nothing.
        out = self.run_cli("--server", self.url, "--department", department,
                           "import", "--check", good)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1],
                         "check: new 2, duplicates 0, conflicts 0, rejected 0, warnings 0")
        self.assertEqual(self.status_counts().get("records-draft", "0"), "0")
        self.assertEqual(self.status_counts().get("records-ready", "0"), "0")

        out = self.run_cli("--server", self.url, "import", "--as-draft", good)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1], "imported 2 (0 with warnings), rejected 0")
        counts = self.status_counts()
        self.assertEqual(counts["records-draft"], "2")
        self.assertEqual(counts.get("records-ready", "0"), "0")

        # Duplicate, conflict, rejected and new, with the rows named; exit 1 as import would.
        out = self.run_cli("--server", self.url, "import", "--check", mixed)
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1],
                         "check: new 1, duplicates 1, conflicts 1, rejected 1, warnings 0")
        self.assertIn("Row 3 · 检查行为编号 · “JC-CHK-2”", out.stdout)
        self.assertIn("Row 4 · 检查形式 · “07”", out.stdout)
        self.assertEqual(self.status_counts()["records-draft"], "2")

        # The last import goes away while nothing was sent; twice is refused.
        out = self.run_cli("--server", self.url, "import-undo")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("good.csv", out.stdout)
        self.assertIn("2 records removed", out.stdout)
        self.assertEqual(self.status_counts().get("records-draft", "0"), "0")
        out = self.run_cli("--server", self.url, "import-undo")
        self.assertEqual(out.returncode, 1)
        self.assertIn("undone already", out.stderr)

        # Imported as ready, the rows are what the app's header calls pending.
        out = self.run_cli("--server", self.url, "import", good)
        self.assertEqual(out.returncode, 0, out.stderr)
        counts = self.status_counts()
        self.assertEqual(counts["records-ready"], "2")
        self.assertEqual(counts["records-pending"], "2")

    def test_import_warnings_as_drafts_and_notices(self):
        self.sync()
        department = self.demo["departments"][1]["code"]
        headers = self.template_headers()
        typed = self.CHECK_DATE.replace("-", "/")
        path = self.write_csv("legacy.csv", [self.inspection_row("JC-WARN-1"),
                                             self.inspection_row("JC-WARN-2", 行政相对人性质="01"),
                                             self.inspection_row("JC-WARN-3", 检查时间=typed),
                                             self.inspection_row("JC-WARN-4", 检查形式="07")], headers)

        # The whole report, then the last line with the rows that have warnings.
        out = self.run_cli("--server", self.url, "--department", department,
                           "import", "--warnings-as-drafts", path)
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertEqual(out.stdout.splitlines()[-1], "imported 3 (1 with warnings), rejected 1")
        self.assertIn("Warning: Row 3 · 行政相对人证件类型 · “001”", out.stdout)
        self.assertIn(f"Notice: Row 4 · 检查时间 · “{typed}”: Read as “{self.CHECK_DATE}”", out.stdout)
        self.assertIn("Row 5 · 检查形式 · “07”", out.stdout)

        # The row with a warning waits as a draft; the others are ready.
        counts = self.status_counts()
        self.assertEqual(counts["records-draft"], "1")
        self.assertEqual(counts["records-ready"], "2")

    def test_help_names_the_import_options(self):
        out = self.run_cli("--help")
        self.assertIn("import-undo", out.stdout)
        self.assertIn("--check", out.stdout)
        out = self.run_cli("import", "--help")
        self.assertIn("--check", out.stdout)
        self.assertIn("--as-draft", out.stdout)
        self.assertIn("--warnings-as-drafts", out.stdout)
        out = self.run_cli("--server", "http://127.0.0.1:9/", "import-undo", "x")
        self.assertEqual(out.returncode, 2)
        self.assertIn("import-undo takes no arguments.", out.stderr)

if __name__ == "__main__":
    unittest.main(verbosity=2)
