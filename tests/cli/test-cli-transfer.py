#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Legacy files through jianguan-cli: "--" ends the options of every command,
a workbook as Excel writes it imports as the administrator sees it (dates,
typed amounts), and an export imports back byte for byte, in CSV and XLSX.

Against a real jianguan-server --demo on 127.0.0.1, as test-cli.py.
"""
import csv
import datetime
import io
import os
import re
import shutil
import tempfile
import unittest
import zipfile

import clitest

HERE = os.path.dirname(os.path.abspath(__file__))
excel = clitest.load("excel_xlsx", os.path.join(HERE, "..", "gen", "excel-xlsx.py"))

# What must come back as it went out: formula-like text, line breaks of
# both kinds, an apostrophe of its own, characters beyond the BMP.
TRICKY = {
    "监管对象": "=SUM(A1)",
    "经营地址": "揭阳市榕城区\r\n进贤门大道1号\n二楼",
    "注册地址": "@x 𠀀𪚥 _x000D_",
    "检查行为名称": "+86 13800000000 回访检查",
    "报送人员": "'王五",
    "实施机构": "-2014 专项",
}


class TransferTest(clitest.CliCase):
    def setUp(self):
        super().setUp()
        self.department = self.demo["departments"][1]["code"]

    def new_account(self):
        """A workstation of its own: a fresh home, the catalogue, the department."""
        self.home = tempfile.mkdtemp(dir=self.tmp.name)
        out = self.run_cli("--server", self.url, "sync-catalogue")
        self.assertEqual(out.returncode, 0, out.stderr)
        out = self.run_cli("--server", self.url, "--department", self.department, "status")
        self.assertEqual(out.returncode, 0, out.stderr)

    def imported(self, out):
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        match = re.search(r"imported (\d+)", out.stdout.splitlines()[-1])
        self.assertTrue(match, out.stdout)
        return int(match.group(1))

    def export(self, path):
        out = self.run_cli("--server", self.url, "export", "--kind", "inspection", "--", path)
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(path, "rb") as f:
            return f.read()

    def exported_rows(self, data):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        return [dict(zip(rows[0], row)) for row in rows[1:]]

    # --- "--" --------------------------------------------------------------

    def test_double_dash_ends_options_of_every_command(self):
        self.new_account()
        # A query beginning with "-" is an option without "--", a query after it.
        out = self.run_cli("search", "-2014")
        self.assertEqual(out.returncode, 2)
        self.assertIn("Unknown option -2014", out.stderr)
        for args in (("search", "--", "-2014"), ("search", "--limit", "3", "--", "-2014"),
                     ("--server", self.url, "search", "--", "--")):
            with self.subTest(args=args):
                out = self.run_cli(*args)
                self.assertEqual(out.returncode, 0, out.stderr)
        # Options after "--" are arguments: the count is checked as usual.
        out = self.run_cli("search", "--", "a", "--limit")
        self.assertEqual(out.returncode, 2)
        self.assertIn("Give the query as one argument", out.stderr)

        # Files whose names begin with "-", for template, import and export.
        os.chdir(self.home)
        out = self.run_cli("template", "--", "inspection", "-template.csv")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.home, "-template.csv")))
        headers = self.template_headers()
        self.write_csv("-rows.csv", [self.inspection_row("JC-DASH-1")], headers)
        self.assertEqual(self.imported(self.run_cli("import", "--as-draft", "--", "-rows.csv")), 1)
        out = self.run_cli("export", "--kind", "inspection", "--", "-out.csv")
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(os.path.join(self.home, "-out.csv"), encoding="utf-8-sig") as f:
            self.assertIn("JC-DASH-1", f.read())
        for args in (("status", "--"), ("sync-catalogue", "--"), ("posts", "--", "list")):
            with self.subTest(args=args):
                out = self.run_cli("--server", self.url, *args)
                self.assertNotEqual(out.returncode, 2, out.stderr)

    # --- round trips --------------------------------------------------------

    def test_export_import_round_trips_byte_exact(self):
        self.new_account()
        headers = self.template_headers()
        rows = [self.inspection_row("JC-RT-1", **TRICKY),
                # A day apart: the export's order is the records' dates.
                self.inspection_row("-2014-002", 检查时间="2025-06-30", 监管对象="@SUM(1)", 经营地址="\t=1+1",
                                    注册地址="''两个撇号", 报送人员="'=SUM(A1)")]
        source = self.write_csv("source.csv", rows, headers)
        self.assertEqual(self.imported(self.run_cli("--server", self.url, "--department",
                                                    self.department, "import", source)), 2)
        first_csv = self.export(os.path.join(self.home, "first.csv"))
        first_xlsx = os.path.join(self.home, "first.xlsx")
        self.export(first_xlsx)

        # The values as stored, exactly; the CSV guards what a spreadsheet runs.
        exported = {r["检查行为编号"]: r for r in self.exported_rows(first_csv)}
        for header, value in TRICKY.items():
            guard = "'" if value[0] in "=+-@\t\r'" else ""
            self.assertEqual(exported["JC-RT-1"][header], guard + value, header)
        self.assertEqual(exported["'-2014-002"]["监管对象"], "'@SUM(1)")
        self.assertIn(b'"\'=SUM(A1)"', first_csv)
        self.assertNotIn(b',"=', first_csv)

        # In XLSX every value is a string cell: nothing is a formula.
        with zipfile.ZipFile(first_xlsx) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet)
        self.assertIn("<t>=SUM(A1)</t>", sheet)
        self.assertIn("_x000D_", sheet)           # the CR, escaped as Excel does
        self.assertIn("_x005F_x000D_", sheet)     # the text "_x000D_", escaped too

        # Each export into a new workstation, exported again: the same bytes.
        kept = {}
        for name in ("first.csv", "first.xlsx"):
            kept[name] = os.path.join(self.tmp.name, "keep-" + name)
            shutil.copy(os.path.join(self.home, name), kept[name])
        for name, keep in kept.items():
            with self.subTest(file=name):
                self.new_account()
                self.assertEqual(self.imported(self.run_cli("import", keep)), 2)
                again = self.export(os.path.join(self.home, "again.csv"))
                self.assertEqual(again, first_csv)

    def penalty_row(self, number, inspection, **changes):
        """A valid penalty of the demo catalogue following @inspection, header → value."""
        date = self.CHECK_DATE
        item = sorted(s["code"] for s in self.demo["subitems"]
                      if s["action_type"] == "1" and s.get("status") == "01"
                      and (s.get("effective_date") or "") <= date
                      and (not s.get("cancel_date") or s["cancel_date"] > date))[0]
        base = self.inspection_row(inspection)
        row = {h: base[h] for h in ("监管对象", "行政相对人", "行政相对人性质", "行政相对人证件类型",
                                    "行政相对人编码", "行政区划代码")}
        row.update({"监管事项目录编码": item, "处罚行为名称": "生产不符合标准食品案",
                    "处罚行为编号": number, "案件来源": "01", "检查行为编号": inspection,
                    "违法事实": "经查，当事人生产的食品不符合标准。\r\n有抽检报告为证。",
                    "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
                    "处罚程序": "02", "是否听证": "0", "是否涉刑": "0",
                    "处罚文书号": "揭市监罚〔2025〕1号", "处罚决定日期": date,
                    "处罚种类": "02", "罚款金额": "1500.50", "处罚结果": "罚款人民币壹仟伍佰元伍角。",
                    "行政复议": "0", "行政诉讼": "0", "不予处罚": "0", "实缴罚款": "1500.5",
                    "执法人员": base["检查人员"]})
        row.update(changes)
        return row

    def penalty_headers(self):
        path = os.path.join(self.home, "penalty-template.csv")
        out = self.run_cli("template", "penalty", path)
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(path, encoding="utf-8-sig", newline="") as f:
            return next(csv.reader(f))

    def test_amounts_round_trip_and_typed_in_excel(self):
        self.new_account()
        headers = self.template_headers()
        self.assertEqual(self.imported(self.run_cli("import", self.write_csv(
            "inspections.csv", [self.inspection_row("JC-PEN-1")], headers))), 1)

        # Amounts typed in Excel are numbers: 1500.5 as Excel stores it, 0.1
        # as 0.10000000000000001, 12345678.9 with a thousands format.
        penalty = self.penalty_headers()
        typed = {"CF-XL-1": ("1500.4999999999998", "1500.5"), "CF-XL-2": ("0.10000000000000001", "0.1"),
                 "CF-XL-3": ("12345678.9", "12345678.9")}
        # Decided a day apart: the export's order is the records' dates.
        decided = {number: datetime.date.fromisoformat(self.CHECK_DATE) + datetime.timedelta(days=i)
                   for i, number in enumerate(typed)}
        rows = [penalty]
        for number, (stored, _) in typed.items():
            source = self.penalty_row(number, "JC-PEN-1")
            rows.append([excel.Number(stored, excel.AMOUNT) if h == "罚款金额"
                         else excel.Date(decided[number], excel.DATE_CN)
                         if h == "处罚决定日期" else source.get(h, "") for h in penalty])
        path = os.path.join(self.home, "penalties.xlsx")
        excel.write_workbook(path, rows)
        out = self.run_cli("import", path)
        self.assertEqual(self.imported(out), 3, out.stdout)

        first = os.path.join(self.home, "penalties.csv")
        out = self.run_cli("export", "--kind", "penalty", first)
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(first, "rb") as f:
            first_csv = f.read()
        exported = {r["处罚行为编号"]: r for r in self.exported_rows(first_csv)}
        for number, (_, shown) in typed.items():
            self.assertEqual(exported[number]["罚款金额"], shown)
            self.assertEqual(exported[number]["实缴罚款"], "1500.5")
            self.assertEqual(exported[number]["处罚决定日期"], decided[number].isoformat())

        # Exported as XLSX and imported on another workstation (after its
        # inspection): the amounts, and everything else, byte for byte.
        xlsx = os.path.join(self.tmp.name, "penalties-%d.xlsx" % os.getpid())
        out = self.run_cli("export", "--kind", "penalty", xlsx)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.new_account()
        self.imported(self.run_cli("import", self.write_csv(
            "inspections.csv", [self.inspection_row("JC-PEN-1")], headers)))
        self.assertEqual(self.imported(self.run_cli("import", xlsx)), 3)
        again = os.path.join(self.home, "again.csv")
        out = self.run_cli("export", "--kind", "penalty", again)
        with open(again, "rb") as f:
            self.assertEqual(f.read(), first_csv)

    # --- a workbook as Excel writes it -------------------------------------

    def excel_workbook(self, path, date1904):
        headers = self.template_headers()
        day = datetime.date.fromisoformat(self.CHECK_DATE)
        typed = {
            # Excel typed these when they were entered: numbers and dates.
            "监管事项目录编码": lambda v: excel.Number(v),
            "行政区划代码": lambda v: excel.Number(v),
            "监管对象类型": lambda v: excel.Number(v),
            "行政相对人": lambda v: excel.Rich(("揭阳市", True), ("某某食品", False),
                                              ("有限公司", False), phonetic="ジエヤン"),
            "经营地址": lambda v: "揭阳市榕城区\r\n进贤门大道1号",
            "注册地址": lambda v: excel.Inline("𠀀 路 _x000D_ 号"),
        }
        rows = [headers]
        for number, when in (("JC-XL-1", excel.Date(day, excel.DATE_CN)),
                             ("JC-XL-2", excel.Date(day, excel.DATETIME_CUSTOM)),
                             ("JC-XL-3", excel.Date(day, excel.DATE))):
            source = self.inspection_row(number, 监管对象类型="1")
            row = []
            for header in headers:
                value = source.get(header, "")
                if header == "检查时间":
                    row.append(when)
                elif header in typed:
                    row.append(typed[header](value))
                else:
                    row.append(value)
            rows.append(row)
        excel.write_workbook(path, rows, date1904=date1904)

    def test_excel_workbook_imports_as_shown(self):
        for date1904 in (False, True):
            with self.subTest(date1904=date1904):
                self.new_account()
                path = os.path.join(self.home, "excel.xlsx")
                self.excel_workbook(path, date1904)
                out = self.run_cli("import", path)
                self.assertEqual(self.imported(out), 3, out.stdout)
                rows = self.exported_rows(self.export(os.path.join(self.home, "back.csv")))
                self.assertEqual(len(rows), 3)
                for row in rows:
                    self.assertEqual(row["检查时间"], self.CHECK_DATE)
                    self.assertEqual(row["行政相对人"], "揭阳市某某食品有限公司")
                    self.assertEqual(row["经营地址"], "揭阳市榕城区\r\n进贤门大道1号")
                    self.assertEqual(row["注册地址"], "𠀀 路 _x000D_ 号")
                    self.assertEqual(row["行政区划代码"], "445202")
                    self.assertEqual(row["监管对象类型"], "1")


if __name__ == "__main__":
    unittest.main(verbosity=2)
