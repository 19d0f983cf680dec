#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""jianguan-cli search --all (one-key search) and the catalogue search's
ranking, against a real jianguan-server --demo, as a script would use them.
"""
import os
import sqlite3
import unittest
import uuid

import clitest

PERSON_ID = "445202199001011234"


class CliSearchTest(clitest.CliCase):
    def lines(self, *args):
        out = self.run_cli("--server", self.url, "search", *args)
        self.assertEqual(out.returncode, 0, out.stderr)
        return [line.split("\t") for line in out.stdout.splitlines()]

    def add_record(self, number, doc_type, code, party):
        """A record written by another program (sqlite3), as the tests of
        the GUI do: the app's search indexes it when it opens the file."""
        dbs = [os.path.join(d, f) for d, _, fs in os.walk(self.home) for f in fs
               if f == "jianguan.db"]
        db = sqlite3.connect(dbs[0])
        with db:
            db.execute("INSERT INTO record (uuid, kind, state, number, sort_date, party_doc_type,"
                       " party_code, party_name, fields, created, modified) VALUES"
                       " (?, 'inspection', 'draft', ?, '2026-01-01', ?, ?, ?, '{}', 1, 1)",
                       (str(uuid.uuid4()), number, doc_type, code, party))
        db.close()

    def test_exact_name_first_in_the_catalogue(self):
        self.sync()
        item = self.demo["subitems"][10]
        self.assertEqual(self.lines("--limit", "5", item["name"])[0][:2], [item["code"], item["name"]])
        # Names that start with the query come before those that contain it.
        names = [s["name"] for s in self.demo["subitems"]]
        query = next(n[:2] for n in names
                     if any(n[:2] in m and not m.startswith(n[:2]) for m in names))
        rows = self.lines("--limit", "1000", query)
        starts = [r[1].startswith(query) for r in rows]
        self.assertIn(True, starts)
        self.assertIn(False, starts)
        self.assertEqual(starts, sorted(starts, reverse=True))
        # An exact code finds its item first, in both searches.
        self.assertEqual(self.lines(item["code"])[0][0], item["code"])
        self.assertEqual(self.lines("--all", item["code"])[0][:3], ["item", "exact", item["code"]])

    def test_all_grouped_ranked_and_masked(self):
        self.sync()
        self.add_record("JC-2026-0001", "001", "91440300708461136T", "揭阳市美食坊")
        self.add_record("JC-2026-0002", "111", PERSON_ID, "张美食")
        self.add_record("美食-2026-3", "001", "91350100M000100Y43", "某公司")
        rows = self.lines("--all", "美食")
        records = [r for r in rows if r[0] == "record"]
        self.assertEqual([(r[1], r[3]) for r in records],
                         [("contains", "张美食"), ("contains", "揭阳市美食坊"), ("other", "某公司")])
        kinds = [r[0] for r in rows]
        order = ["item", "record", "entity", "post", "officer"]
        self.assertEqual(kinds, sorted(kinds, key=order.index))

        # The full ID number finds the record; no line shows it.
        out = self.run_cli("--server", self.url, "search", "--all", PERSON_ID)
        self.assertIn("record\texact\t", out.stdout)
        self.assertIn("4452**********1234", out.stdout)
        self.assertNotIn(PERSON_ID, out.stdout)

        # Nothing typed, nothing found.
        self.assertEqual(self.lines("--all", "  "), [])


if __name__ == "__main__":
    unittest.main(defaultTest="CliSearchTest", verbosity=2)
