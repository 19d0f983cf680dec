#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Coverage end to end: the figure jianguan-cli computes from the
account's database against the one a real jianguan-server --demo computes
from what it accepted, for the same seeded records; records imported but
not yet sent make "with pending" higher, and only there, until a sync;
the city's table from a city account, and a 403 for an administrator.

Each workstation is a private XDG_DATA_HOME without a Secret Service, so
each command that talks to the server signs in with --password-stdin.
"""
import csv
import math
import os
import unittest

import clitest

RC = "11445200006295321R"
FROM, TO = "2026-01-01", "2026-12-04"


def items_of(demo, department):
    subs = {s["code"] for s in demo["subitems"] if s.get("status") == "01"}
    return sorted({i["subitem"] for i in demo["implementations"]
                   if i["body_code"] == department and i["subitem"] in subs})


class Workstation(clitest.Workstation):
    def coverage(self, *args):
        """The printed figures: label → list of values; and the item lines."""
        out = self.run("coverage", "--from", FROM, "--to", TO, "--items", *args,
                       signed="--local" not in args).stdout
        figures, items = {}, {}
        for line in out.splitlines():
            cells = line.split("\t")
            if len(cells) == 7 and cells[0].isdigit():
                items[cells[0]] = cells
            else:
                figures[cells[0]] = cells[1:]
        return figures, items


class CoverageTest(clitest.CliCase):
    PREFIX = "jianguan-cli-coverage-"

    def inspections(self, ws, rows):
        """Imports inspections (number, item index, date) of RC's items."""
        demo = self.demo
        subs = {s["code"] for s in demo["subitems"] if s.get("status") == "01" and s["action_type"] == "0"}
        impls = {}
        for impl in demo["implementations"]:
            if impl["body_code"] == RC and impl["subitem"] in subs:
                impls.setdefault(impl["subitem"], impl["code"])
        items = sorted(impls)
        officers = sorted(o["id"] for o in demo["officers"] if o["department"] == RC and o.get("cert_no")
                          and o["cert_valid_from"] <= "2026-01-01" and o["cert_valid_to"] >= TO)[:2]
        template = os.path.join(ws.home, "template.csv")
        ws.run("template", "inspection", template)
        with open(template, encoding="utf-8-sig", newline="") as f:
            headers = next(csv.reader(f))
        path = os.path.join(ws.home, "records.csv")
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(headers)
            for number, index, date in rows:
                row = {"监管事项目录编码": items[index], "监管对象": "某食品店",
                       "行政相对人": "揭阳市某某食品有限公司", "行政相对人性质": "02",
                       "行政相对人证件类型": "001", "行政相对人编码": "91440300708461136T",
                       "行政区划代码": "445200", "监管事项检查实施清单编码": impls[items[index]],
                       "检查行为名称": "日常监督检查", "检查行为编号": number, "检查形式": "01",
                       "检查类别": "01", "检查结果": "01", "检查时间": date, "检查人员": ";".join(officers)}
                writer.writerow([row.get(h, "") for h in headers])
        out = ws.run("import", path)
        self.assertIn(f"imported {len(rows)}", out.stdout + out.stderr)
        return items

    def test_client_and_server_agree_and_pending_differs(self):
        ws = Workstation(self, "rc-admin")
        ws.run("sync", signed=True)
        n_items = len(items_of(self.demo, RC))
        # Three items covered in the period, one twice; one record of 2025
        # counts in no 2026 period.
        ours = self.inspections(ws, [("JC-COV-1", 0, "2026-03-02"), ("JC-COV-2", 0, "2026-04-02"),
                              ("JC-COV-3", 1, "2026-05-06"), ("JC-COV-4", 2, "2026-11-30"),
                              ("JC-COV-5", 3, "2025-12-31")])
        ws.run("sync", signed=True)
        figures, items = ws.coverage()
        self.assertEqual(figures["Items"], [str(n_items)])
        percent = f"{round(3 * 1000 / n_items) / 10:.1f}"
        self.assertEqual(figures["Server confirmed"][:4], ["3", percent, FROM, TO], figures)
        self.assertEqual(figures["Accepted here"], ["3", percent])
        self.assertEqual(figures["With pending"], ["3", percent])
        self.assertEqual(figures["Target"], ["100", "2026-12-01", str(n_items), str(n_items - 3)])
        self.assertEqual(len(items), n_items)
        self.assertEqual(sorted(c for c, cells in items.items() if cells[3] != "0"), ours[:3])
        self.assertEqual(items[ours[0]][3], "2", "item 0 has two records")
        self.assertEqual(sum(int(cells[3]) for cells in items.values()), 4, "four accepted in 2026")

        # Two more, imported and not sent: pending, not accepted.
        self.inspections(ws, [("JC-COV-6", 4, "2026-06-15"), ("JC-COV-7", 0, "2026-06-16")])
        figures, items = ws.coverage()
        pending = f"{round(4 * 1000 / n_items) / 10:.1f}"
        self.assertEqual(figures["Server confirmed"][:2], ["3", percent])
        self.assertEqual(figures["Accepted here"], ["3", percent])
        self.assertEqual(figures["With pending"], ["4", pending])
        self.assertEqual(sum(int(cells[4]) for cells in items.values()), 2, "two pending")

        # Sent: the server confirms what was pending.
        ws.run("sync", signed=True)
        figures, _items = ws.coverage()
        self.assertEqual(figures["Server confirmed"][:2], ["4", pending])
        self.assertEqual(figures["Accepted here"], ["4", pending])
        self.assertEqual(figures["With pending"], ["4", pending])

        # Offline (--local): the server's last figure, with when it came.
        figures, _items = ws.coverage("--local")
        self.assertEqual(figures["Server confirmed"][:2], ["4", pending])
        self.assertRegex(figures["Server confirmed"][4], r"^\d{4}-\d\d-\d\d \d\d:\d\d$")

        # The city's table: RC's row says the same; an administrator is refused.
        city = Workstation(self, "city-admin")
        out = city.run("report", "city", "--month", "2026-11", signed=True).stdout.splitlines()
        header = out[0].split("\t")
        self.assertEqual(header[:7], ["Department code", "Department", "Items", "Covered", "Coverage %",
                                      "Items short of target", "Below target"])
        self.assertEqual(header[-1], "Last sync")
        rows = {line.split("\t")[0]: line.split("\t") for line in out[1:]}
        self.assertGreater(len(rows), 20, "every department with items")
        rc = rows[RC]
        # Up to 30 November: 4 items (the June one and 2026-11-30's
        # included); the target is 80%.
        self.assertEqual(rc[1], "揭阳市市场监督管理局")
        self.assertEqual(rc[3], "4")
        self.assertEqual(rc[5], str(math.ceil(0.8 * n_items) - 4))
        self.assertEqual(rc[6], "yes")
        self.assertEqual(rc[7], "1", "one inspection in November")
        refused = ws.run("report", "city", signed=True, check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("403", refused.stderr)

        # The monthly report (通报) of November, in Chinese, says the same
        # figures as the city's row and the coverage command.
        self.monthly_report(ws, n_items, covered=4)
        # The city's report: one row per department.
        city_csv = os.path.join(city.home, "city.csv")
        city.run("report", "city", "--month", "2026-11", city_csv, signed=True)
        with open(city_csv, encoding="utf-8-sig", newline="") as f:
            lines = list(csv.reader(f))
        self.assertEqual(len([r for r in lines if len(r) == len(header) and r[0] != header[0]]), len(rows))

    def test_a_failed_sign_in_is_said_once(self):
        """No password on standard input, or a wrong one: each command that
        signs in says why once, with its usual status, and never crashes."""
        ws = Workstation(self, "rc-admin")
        ws.run("sync", signed=True)
        for stdin, said in (("", "No password on standard input."), ("wrong\n", None)):
            # coverage still shows the figure the server last sent; report
            # city has nothing to show; sync is bad usage without a password.
            for args, status in ((("coverage",), 0), (("report", "city"), 1),
                                 (("sync",), 2 if said else 1)):
                with self.subTest(args=args, stdin=stdin):
                    out = ws.run(*args, "--user", "rc-admin", "--password-stdin", stdin=stdin,
                                 check=False)
                    self.assertEqual(out.returncode, status, out.stdout + out.stderr)
                    errors = [line for line in out.stderr.splitlines() if line.startswith("jianguan-cli:")]
                    self.assertEqual(len(errors), 1, out.stderr)
                    if said:
                        self.assertIn(said, errors[0])

    def monthly_report(self, ws, n_items, covered):
        import shutil
        import subprocess
        pdf = os.path.join(ws.home, "通报.pdf")
        out = ws.run("report", "--month", "2026-11", pdf, language="zh_CN").stdout
        self.assertIn(pdf, out)
        text = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        flat = "".join(text.split())
        self.assertIn("2026年11月“互联网+监管”工作情况通报", flat)
        self.assertIn("揭阳市市场监督管理局·2026年11月", flat)
        self.assertIn(f"本部门{n_items}项监管事项中有{covered}项", flat)
        self.assertIn(f"还差{math.ceil(0.8 * n_items) - covered}项", flat)
        for part in ("一、总体情况", "二、存在问题", "三、下一步工作", "待覆盖事项"):
            self.assertIn(part, flat)
        self.assertIn("第1页，共", flat)
        fonts = subprocess.run([shutil.which("pdffonts") or "pdffonts", pdf], capture_output=True,
                               text=True, check=True).stdout
        self.assertIn("NotoSansCJK", fonts)
        if os.environ.get("JIANGUAN_REPORT_PNG"):
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", pdf,
                            os.environ["JIANGUAN_REPORT_PNG"]], check=True)

        # The same figures as CSV: November's inspections and every
        # uncovered item in the to-do table.
        path = os.path.join(ws.home, "通报.csv")
        ws.run("report", "--month", "2026-11", path, language="zh_CN")
        with open(path, encoding="utf-8-sig", newline="") as f:
            table = list(csv.reader(f))
        self.assertIn(["行政检查", "1"], table)
        todo = table.index(["待覆盖事项"])
        self.assertEqual(len([r for r in table[todo + 2:] if len(r) == 5]), n_items - covered)


if __name__ == "__main__":
    unittest.main()
