#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The posts of 监管动态/曝光台 end to end: jianguan-cli against a real
jianguan-server --demo --test-clock on 127.0.0.1.

Each workstation is a private XDG_DATA_HOME; there is no Secret Service, so
each command that talks to the server signs in with --password-stdin, as an
administrator's script would. What the server holds is read through its
API, as another program would.
"""
import json
import os
import sqlite3
import subprocess
import unittest
import urllib.request

import clitest

SERVER = clitest.SERVER
DATA = clitest.DATA
SOURCE = os.path.join(os.path.dirname(__file__), "..", "..")
RC = "11445200006295321R"
PICTURES = [os.path.join(DATA, "screenshots", "login-zh_CN.png"),
            os.path.join(SOURCE, "tests", "fuzz", "corpus-post-image", "tiny.jpg")]
# 2026-11-30 16:30 UTC is 2026-12-01 00:30 in Shanghai: December's.
PUBLISHED_AT = 1796056200


class Workstation(clitest.Workstation):
    """One computer: its own data folder, one account."""

    def sync(self):
        return self.run("sync", signed=True)

    def posts(self, *args, **kwargs):
        signed = args[0] in ("submit", "review", "withdraw")
        return self.run("posts", *args, signed=signed, **kwargs)

    def new_post(self, title, pictures=(), **fields):
        doc = {"fields": {"title": title, "summary": "节前检查情况", "body": "<p>检查了冷库。</p>",
                          "source_department": RC, "author": "李某", **fields},
               "images": [{"file": p, "alt": f"检查人员查看冷库{i}"} for i, p in enumerate(pictures)]}
        path = os.path.join(self.home, "post.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        return self.posts("new", "--column", "dynamics", "--json", path).stdout.strip()

    def edit_post(self, uuid, **fields):
        path = os.path.join(self.home, "edit.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"fields": fields}, f, ensure_ascii=False)
        self.posts("edit", uuid, "--json", path)

    def listed(self):
        rows = {}
        for line in self.posts("list").stdout.splitlines():
            uuid, column, state, revision, month, title, note = line.split("\t")
            rows[uuid] = {"column": column, "state": state, "revision": int(revision),
                          "month": month, "title": title, "note": note}
        return rows

    def account_dir(self):
        accounts = os.path.join(self.home, "jianguan", "accounts")
        for name in os.listdir(accounts):
            if name.startswith(self.user + "@"):
                return os.path.join(accounts, name)
        raise AssertionError("no account folder")

    def post_images(self, uuid):
        """The picture files of @uuid's post, in order."""
        folder = self.account_dir()
        with sqlite3.connect(os.path.join(folder, "jianguan.db")) as db:
            rows = db.execute("SELECT i.path FROM post_image_use u JOIN post_image i USING (sha256)"
                              " WHERE u.uuid = ? ORDER BY u.pos", (uuid,)).fetchall()
        return [os.path.join(folder, path) for (path,) in rows]

    def image_files(self):
        found = []
        for root, _dirs, files in os.walk(os.path.join(self.account_dir(), "images")):
            found += [os.path.join(root, f) for f in files]
        return found


class Api:
    def __init__(self, url):
        self.url = url

    def call(self, method, path, body=None, token=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url.rstrip("/") + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(req) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def login(self, user):
        status, body = self.call("POST", "/api/v1/login", {"username": user, "password": clitest.DEMO_PASSWORD})
        assert status == 200, body
        return json.loads(body)["token"]

    def posts(self, user="reviewer"):
        status, body = self.call("GET", "/api/v1/changes/posts?since=0&limit=1000", token=self.login(user))
        assert status == 200, body
        return {c["key"]: c["data"] for c in json.loads(body)["changes"] if c.get("op") == "put"}

    def set_clock(self, now):
        status, body = self.call("POST", "/api/v1/test/clock", {"now": now}, self.login("rc-admin"))
        assert status == 204, body


class PostsCliTest(clitest.CliCase):
    PREFIX = "jianguan-cli-posts-"
    SERVER_ARGS = ("--demo", "--test-clock")
    SERVER_ENV = clitest.FAST_PWHASH

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api = Api(cls.url)

    def admin(self):
        ws = Workstation(self, "rc-admin")
        ws.sync()
        return ws

    def test_a_post_with_two_pictures_goes_once_and_comes_back_reviewed(self):
        admin = self.admin()
        reviewer = Workstation(self, "reviewer")
        uuid = admin.new_post("市市场监管局开展节前食品安全检查", PICTURES)
        self.assertEqual(admin.listed()[uuid]["state"], "draft")

        out = admin.posts("submit", uuid).stdout
        self.assertIn(f"Post {uuid}: in_review", out)
        held = self.api.posts()[uuid]
        self.assertEqual((held["revision"], held["state"], len(held["images"])), (1, "in_review", 2))
        for sha in held["images"]:
            self.assertEqual(self.api.call("HEAD", f"/api/v1/images/{sha}", token=self.api.login("rc-admin"))[0],
                             200, "each picture is on the server")

        # The same revision sent again (an answer lost to a crash): one post.
        with sqlite3.connect(os.path.join(admin.account_dir(), "jianguan.db")) as db:
            db.execute("UPDATE post SET state = 'sending' WHERE uuid = ?", (uuid,))
        admin.sync()
        self.assertEqual(admin.listed()[uuid]["state"], "in_review")
        same = [p for p in self.api.posts().values() if p["fields"]["title"] == held["fields"]["title"]]
        self.assertEqual(len(same), 1, "sent twice, held once")
        self.assertEqual(same[0]["revision"], 1)

        # The reviewer returns it; the author's workstation shows the comment.
        out = reviewer.posts("review", uuid[:8], "--return", "标题有错别字").stdout
        self.assertIn("returned", out)
        admin.sync()
        row = admin.listed()[uuid]
        self.assertEqual(row["state"], "returned")
        self.assertIn("标题有错别字", row["note"])

        # Fixed and sent again: revision 2, approved, published at the
        # server's time, counted in that (Shanghai) month's quota.
        admin.edit_post(uuid, title="市市场监管局开展节前食品安全专项检查")
        admin.posts("submit", uuid)
        self.api.set_clock(PUBLISHED_AT)
        try:
            out = reviewer.posts("review", uuid, "--approve").stdout
        finally:
            self.api.set_clock(None)
        self.assertIn("published", out)
        admin.sync()
        row = admin.listed()[uuid]
        self.assertEqual((row["state"], row["revision"], row["month"]), ("published", 2, "2026-12"))
        self.assertIn("dynamics 1/2 1/4", admin.posts("quota", "--month", "2026-12").stdout.splitlines())
        self.assertIn("dynamics 0/2 0/4", admin.posts("quota", "--month", "2026-11").stdout.splitlines())

        # Withdrawn with a reason: off the column, still counted for the
        # month it was published in.
        out = admin.posts("withdraw", uuid, "--reason", "当事人信用修复，提前终止公示").stdout
        self.assertIn("withdrawn", out)
        self.assertEqual(self.api.posts()[uuid]["withdraw_reason"], "当事人信用修复，提前终止公示")
        self.assertIn("dynamics 1/2 1/4", admin.posts("quota", "--month", "2026-12").stdout.splitlines())

        # A second workstation of the department gets the posts with their
        # pictures.
        other = Workstation(self, "rc-admin")
        out = other.sync().stdout
        self.assertIn("downloaded", out)
        self.assertEqual(other.listed()[uuid]["state"], "withdrawn")
        names = sorted(os.path.basename(f).split(".")[0] for f in other.image_files())
        self.assertTrue(set(held["images"]) <= set(names), f"{held['images']} in {names}")

    def test_returned_while_edited_here_keeps_both(self):
        admin = self.admin()
        reviewer = Workstation(self, "reviewer")
        uuid = admin.new_post("关于开展双随机抽查的通报")
        admin.posts("submit", uuid)
        admin.edit_post(uuid, summary="本地又改了摘要")   # while in review
        reviewer.posts("review", uuid, "--return", "请补充抽查结果")
        admin.sync()
        row = admin.listed()[uuid]
        self.assertEqual(row["state"], "draft", "the local edit is kept")
        self.assertIn("conflict", row["note"])
        self.assertIn("请补充抽查结果", row["note"])

    def test_a_returned_post_given_up_goes_everywhere(self):
        admin = self.admin()
        other = self.admin()
        reviewer = Workstation(self, "reviewer")
        uuid = admin.new_post("关于宣传培训的信息")
        admin.posts("submit", uuid)
        reviewer.posts("review", uuid, "--return", "不宜发布")
        other.sync()
        self.assertEqual(other.listed()[uuid]["state"], "returned")
        admin.sync()
        admin.posts("delete", uuid)
        admin.sync()
        self.assertNotIn(uuid, admin.listed())
        self.assertNotIn(uuid, self.api.posts(), "deleted on the server")
        other.sync()
        self.assertNotIn(uuid, other.listed(), "gone from the other workstation too")

    def test_a_picture_half_uploaded_resumes_where_the_server_is(self):
        admin = self.admin()
        uuid = admin.new_post("双随机抽查结果公示", [os.path.join(DATA, "screenshots", "tooltip-zh_CN.png")])
        [path] = admin.post_images(uuid)
        sha = os.path.basename(path).split(".")[0]
        with open(path, "rb") as f:
            data = f.read()
        half = len(data) // 2
        # An earlier upload (another run, killed) left the first half.
        req = urllib.request.Request(f"{self.url.rstrip('/')}/api/v1/images/{sha}", data=data[:half],
                                     method="PUT")
        req.add_header("Authorization", "Bearer " + self.api.login("rc-admin"))
        req.add_header("Content-Range", f"bytes 0-{half - 1}/{len(data)}")
        with urllib.request.urlopen(req) as answer:
            self.assertFalse(json.load(answer)["complete"])
        admin.posts("submit", uuid)
        self.assertEqual(self.api.posts()[uuid]["images"], [sha])
        with open(os.path.join(self.server_dir, "server.log"), encoding="utf-8") as log:
            puts = [line for line in log if line.startswith(f"PUT /api/v1/images/{sha}")]
        self.assertEqual(len(puts), 2, "the client sent only the second half: " + "".join(puts))

    def test_a_picture_the_server_refuses_keeps_its_post_back(self):
        admin = self.admin()
        uuid = admin.new_post("执法检查情况通报", PICTURES[1:])
        # The stored picture is damaged after it was checked here: the
        # server finds the bytes are not what their name says.
        [path] = admin.post_images(uuid)
        with open(path, "ab") as f:
            f.write(b"damaged")
        result = admin.posts("submit", uuid, check=False)
        row = admin.listed()[uuid]
        self.assertEqual(row["state"], "rejected", result.stdout + result.stderr)
        self.assertIn("picture", row["note"])
        self.assertNotIn(uuid, self.api.posts(), "the post did not go")

    def test_wording_added_on_the_server_is_checked_after_a_sync(self):
        subprocess.run([SERVER, "wording", "add", "--data", self.server_dir, "--wrong", "食药监局",
                        "--suggestion", "市场监督管理局"], check=True, capture_output=True)
        admin = self.admin()
        uuid = admin.new_post("食药监局开展检查")
        admin.posts("submit", uuid)
        checks = self.api.posts()[uuid]["checks"]
        self.assertTrue(any("市场监督管理局" in c["message"] for c in checks), checks)

    def test_usage(self):
        ws = Workstation(self, "rc-admin")
        self.assertEqual(ws.run("posts", check=False).returncode, 2)
        self.assertEqual(ws.run("posts", "frobnicate", check=False).returncode, 2)
        self.assertEqual(ws.run("posts", "list", "--column", "news", check=False).returncode, 2)
        ws.sync()
        out = ws.posts("quota").stdout.splitlines()
        self.assertEqual([line.split()[0] for line in out], ["dynamics", "exposure"])
        # No password on standard input: said once, as a failure (it
        # crashed before the commands shared one sign-in).
        out = ws.run("posts", "review", "0", "--approve", "--user", "rc-admin", "--password-stdin",
                     stdin="", check=False)
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertEqual(out.stderr, "jianguan-cli: No password on standard input.\n")


if __name__ == "__main__":
    unittest.main(verbosity=2)
