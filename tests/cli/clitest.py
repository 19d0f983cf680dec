# SPDX-License-Identifier: GPL-3.0-or-later
"""What the tests of jianguan-cli share.

tests/cli/meson.build runs each test-*.py as a script, so this folder is
first on sys.path and every test says `import clitest` (as a module, so
that unittest finds no test case of its own here).

- start_server(): a real jianguan-server on 127.0.0.1, its port chosen by
  the system; HTTP or HTTPS as its options say.
- CliCase: a test case with one demo server per class, a fresh private
  XDG_DATA_HOME per test (self.home), run_cli(), and the legacy-data
  helpers (an inspection row of the demo catalogue, a CSV in the template's
  layout); no tests of its own.
- Workstation: one computer of its own and one user, signing in with
  --password-stdin on each command (there is no Secret Service).
- load(): a module from a file whose name is no Python name
  (tests/gen/excel-xlsx.py).
"""
import csv
import importlib.util
import json
import os
import re
import subprocess
import tempfile
import time
import unittest

# Set by meson test; test-keyring.py says so when they are missing.
CLI = os.environ.get("JIANGUAN_CLI_BIN")
SERVER = os.environ.get("JIANGUAN_SERVER_BIN")
DATA = os.environ.get("JIANGUAN_DATA_DIR")

# The password of every account of jianguan-server --demo.
DEMO_PASSWORD = "Jianguan-Demo-2026"
# The server's environment for fast password hashing (tests only).
FAST_PWHASH = {"JIANGUAN_SERVER_FAST_PWHASH": "1"}
# No session bus: the account code keeps the token in memory only.
NO_BUS = "unix:path=/nonexistent/jianguan-test-bus"
# How long the server may take to say where it listens, and a command.
SERVER_START_SECONDS = 30
COMMAND_SECONDS = 120


def load(name, path):
    """The module in @path, named @name."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def start_server(data_dir, *extra, env=None):
    """jianguan-server --data @data_dir @extra on a free port, its log in
    @data_dir/server.log; @env added to this process's environment.
    Returns the process and its URL."""
    with open(os.path.join(data_dir, "server.log"), "w+") as log:
        proc = subprocess.Popen([SERVER, "--data", data_dir, "--port", "0", *extra],
                                stdout=subprocess.DEVNULL, stderr=log,
                                env=dict(os.environ, **(env or {})))
        deadline = time.time() + SERVER_START_SECONDS
        while time.time() < deadline:
            log.seek(0)
            match = re.search(r"listening on (https?://\S+)", log.read())
            if match:
                return proc, match.group(1)
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("jianguan-server did not start")


class CliCase(unittest.TestCase):
    """One jianguan-server per class (SERVER_ARGS, SERVER_ENV) with the demo
    catalogue in self.demo; a fresh home per test."""

    PREFIX = "jianguan-cli-"
    SERVER_ARGS = ("--demo",)
    SERVER_ENV = {}
    CHECK_DATE = "2025-07-01"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix=cls.PREFIX)
        cls.server_dir = os.path.join(cls.tmp.name, "server")
        os.makedirs(cls.server_dir)
        cls.server, cls.url = start_server(cls.server_dir, *cls.server_args(), env=cls.SERVER_ENV)
        with open(os.path.join(DATA, "demo", "catalogue.json"), encoding="utf-8") as f:
            cls.demo = json.load(f)

    @classmethod
    def server_args(cls):
        """The server's options after --data and --port; cls.tmp is made."""
        return cls.SERVER_ARGS

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait()
        cls.tmp.cleanup()

    def setUp(self):
        self.home = tempfile.mkdtemp(dir=self.tmp.name)

    def run_cli(self, *args, lang="C.UTF-8", **kwargs):
        env = dict(os.environ)
        env.update({"XDG_DATA_HOME": self.home, "LC_ALL": lang, "LANG": lang,
                    "LANGUAGE": lang.split(".")[0]})
        env.pop("JIANGUAN_SERVER", None)
        return subprocess.run([CLI, *args], env=env, capture_output=True, text=True,
                              timeout=COMMAND_SECONDS, **kwargs)

    def sync(self):
        result = self.run_cli("--server", self.url, "sync-catalogue")
        self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def status_counts(self):
        out = self.run_cli("--server", self.url, "status")
        self.assertEqual(out.returncode, 0, out.stderr)
        return dict(line.split("\t") for line in out.stdout.splitlines())

    # --- legacy data ----------------------------------------------------------

    def inspection_row(self, number, **changes):
        """A valid inspection row of the demo catalogue, as header → value."""
        date = self.CHECK_DATE
        impls = {}
        for impl in self.demo["implementations"]:
            impls.setdefault(impl["subitem"], impl["code"])
        item = sorted(s["code"] for s in self.demo["subitems"]
                      if s["action_type"] == "0" and s.get("status") == "01"
                      and (s.get("effective_date") or "") <= date
                      and (not s.get("cancel_date") or s["cancel_date"] > date)
                      and s["code"] in impls)[0]
        officers = sorted(o["id"] for o in self.demo["officers"]
                          if o.get("cert_no") and o["cert_valid_from"] <= date <= o["cert_valid_to"])[:2]
        row = {"监管事项目录编码": item, "监管对象": "某食品店", "行政相对人": "揭阳市某某食品有限公司",
               "行政相对人性质": "02", "行政相对人证件类型": "001", "行政相对人编码": "91440300708461136T",
               "行政区划代码": "445202", "监管事项检查实施清单编码": impls[item],
               "检查行为名称": "日常监督检查", "检查行为编号": number, "检查形式": "01",
               "检查类别": "01", "检查结果": "01", "检查时间": date, "检查人员": ";".join(officers)}
        row.update(changes)
        return row

    def write_csv(self, name, rows, headers):
        path = os.path.join(self.home, name)
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(headers)
            for row in rows:
                writer.writerow([row.get(h, "") for h in headers])
        return path

    def template_headers(self):
        path = os.path.join(self.home, "template.csv")
        out = self.run_cli("--server", self.url, "template", "inspection", path)
        self.assertEqual(out.returncode, 0, out.stderr)
        with open(path, encoding="utf-8-sig", newline="") as f:
            lines = f.read().split("\r\n")
        self.assertTrue(lines[1].startswith('"说明：'))
        return [h.strip('"') for h in lines[0].split(",")]


class Workstation:
    """One computer: its own data folder below @test's tmp, one user, no
    Secret Service, so each command that talks to the server signs in by
    itself, as an administrator's script would. @test (a test case or its
    class) gives the folder and the server's url."""

    def __init__(self, test, user):
        self.test = test
        self.user = user
        self.home = tempfile.mkdtemp(dir=test.tmp.name)

    def run(self, *args, stdin=None, signed=False, lang="C.UTF-8", language=None, check=True):
        """jianguan-cli --server URL @args; @signed: as this user, with the
        demo password on standard input; @language: LANGUAGE, if not the
        language of @lang."""
        env = dict(os.environ)
        env.update({"XDG_DATA_HOME": self.home, "LC_ALL": lang, "LANG": lang,
                    "LANGUAGE": language or lang.split(".")[0],
                    "DBUS_SESSION_BUS_ADDRESS": NO_BUS})
        if signed:
            args = (*args, "--user", self.user, "--password-stdin")
            stdin = DEMO_PASSWORD + "\n"
        result = subprocess.run([CLI, "--server", self.test.url, *args], env=env, input=stdin,
                                capture_output=True, text=True, timeout=COMMAND_SECONDS)
        if check and result.returncode != 0:
            raise AssertionError(f"{args}: {result.returncode} {result.stdout}{result.stderr}")
        return result
