#!/usr/bin/env python3
# outbox-crash.py — `jianguan-cli sync` killed with SIGKILL at random moments
#
# 10,000 ready inspections are imported, then 20 times a sync is started and
# killed at a random instant (before, during or after a request), then one
# clean sync runs. The server must hold each record exactly once (one
# revision each) and the client must show every record accepted with no
# batch left over.
#
# Environment: JIANGUAN_CLI_BIN, JIANGUAN_SERVER_BIN (set by meson).
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import glob
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

CLI = os.environ["JIANGUAN_CLI_BIN"]
SERVER = os.environ["JIANGUAN_SERVER_BIN"]
DATA = os.environ.get("JIANGUAN_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "data"))
PASSWORD = "Jianguan-Demo-2026\n"
N_RECORDS = int(os.environ.get("JIANGUAN_CRASH_RECORDS", "10000"))
CYCLES = int(os.environ.get("JIANGUAN_CRASH_CYCLES", "20"))
DATE = "2025-07-01"


def main():
    rng = random.Random(int(os.environ.get("JIANGUAN_CRASH_SEED", "20261125")))
    home = tempfile.mkdtemp(prefix="jg-outbox-crash-")
    env = dict(os.environ)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var])
    env.pop("JIANGUAN_SERVER", None)
    # No Secret Service: the CLI signs in within each sync (--password-stdin).
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/jianguan-test-bus"

    server_dir = os.path.join(home, "server")
    os.makedirs(server_dir)
    server_log = open(os.path.join(home, "server.log"), "w+")
    server = subprocess.Popen([SERVER, "--demo", "--data", server_dir, "--port", "0"],
                              stderr=subprocess.PIPE, text=True, env=env)
    url = None
    while url is None:
        line = server.stderr.readline()
        if not line:
            sys.exit("jianguan-server did not start")
        m = re.search(r"listening on (http://\S+)", line)
        if m:
            url = m.group(1)
    # Drain the request log so that the server never blocks on it.
    import threading
    threading.Thread(target=lambda: [server_log.write(l) for l in server.stderr], daemon=True).start()

    def cli(*args, stdin=None, check=True):
        out = subprocess.run([CLI, "--server", url, *args], input=stdin, capture_output=True,
                             text=True, env=env)
        if check and out.returncode != 0:
            sys.exit(f"jianguan-cli {' '.join(args)} failed ({out.returncode}): {out.stderr}")
        return out

    try:
        cli("login", "rc-admin", stdin=PASSWORD)
        cli("sync", "--password-stdin", stdin=PASSWORD)

        # 10,000 valid inspections of the demo catalogue, imported (ready).
        demo = json.load(open(os.path.join(DATA, "demo", "catalogue.json"), encoding="utf-8"))
        impls = {}
        for impl in demo["implementations"]:
            impls.setdefault(impl["subitem"], impl["code"])
        item = sorted(s["code"] for s in demo["subitems"]
                      if s["action_type"] == "0" and s.get("status") == "01"
                      and (s.get("effective_date") or "") <= DATE
                      and (not s.get("cancel_date") or s["cancel_date"] > DATE)
                      and s["code"] in impls)[0]
        officers = sorted(o["id"] for o in demo["officers"]
                          if o.get("cert_no") and o["cert_valid_from"] <= DATE <= o["cert_valid_to"])[:2]
        template = os.path.join(home, "template.csv")
        cli("template", "inspection", template)
        with open(template, encoding="utf-8-sig", newline="") as f:
            headers = [h.strip('"') for h in f.read().split("\r\n")[0].split(",")]
        rows = os.path.join(home, "records.csv")
        with open(rows, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(headers)
            for i in range(N_RECORDS):
                row = {"监管事项目录编码": item, "监管对象": "某食品店", "行政相对人": "揭阳市某某食品有限公司",
                       "行政相对人性质": "02", "行政相对人证件类型": "001",
                       "行政相对人编码": "91440300708461136T", "行政区划代码": "445202",
                       "监管事项检查实施清单编码": impls[item], "检查行为名称": "日常监督检查",
                       "检查行为编号": f"JC-CRASH-{i:05d}", "检查形式": "01", "检查类别": "01",
                       "检查结果": "01", "检查时间": DATE, "检查人员": ";".join(officers)}
                w.writerow([row.get(h, "") for h in headers])
        out = cli("import", rows)
        assert out.stdout.splitlines()[-1] == f"imported {N_RECORDS} (0 with warnings), rejected 0", out.stdout

        # How long a full push takes here, to spread the kills over it.
        span = float(os.environ.get("JIANGUAN_CRASH_SPAN", "0.6"))
        killed = 0
        for cycle in range(CYCLES):
            p = subprocess.Popen([CLI, "--server", url, "sync", "--password-stdin"],
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, text=True, env=env)
            p.stdin.write(PASSWORD)
            p.stdin.close()
            time.sleep(rng.uniform(0, span))
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                killed += 1
            p.wait()
            # New ready records keep arriving between crashes? No: the same
            # 10,000 must end up once each.
        print(f"# {killed} of {CYCLES} syncs killed mid-run")

        out = cli("sync", "--password-stdin", stdin=PASSWORD)
        print("# clean sync:", out.stdout.strip())

        dbs = glob.glob(os.path.join(env["XDG_DATA_HOME"], "jianguan", "accounts", "rc-admin@*", "jianguan.db"))
        assert len(dbs) == 1, dbs
        client = sqlite3.connect(dbs[0])
        states = dict(client.execute("SELECT state, count(*) FROM record GROUP BY state").fetchall())
        batches = client.execute("SELECT count(*) FROM outbox_batch").fetchone()[0]
        srv = sqlite3.connect(os.path.join(server_dir, "server.db"))
        n_records = srv.execute("SELECT count(*) FROM record").fetchone()[0]
        n_revisions = srv.execute("SELECT count(*) FROM record_revision").fetchone()[0]
        n_numbers = srv.execute("SELECT count(DISTINCT number) FROM record").fetchone()[0]

        ok = (states == {"accepted": N_RECORDS} and batches == 0 and n_records == N_RECORDS
              and n_revisions == N_RECORDS and n_numbers == N_RECORDS)
        print(f"# client states {states}, unfinished batches {batches}; server records {n_records}, "
              f"revisions {n_revisions}, distinct numbers {n_numbers}")
        if not ok:
            sys.exit("FAIL: after the crashes the server or the client is wrong")
        print("ok")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    # Kept after a failure (sys.exit above), to look at.
    shutil.rmtree(home)


if __name__ == "__main__":
    main()
