#!/usr/bin/env python3
# posts-crash.py — `jianguan-cli sync` killed with SIGKILL while posts and
# their pictures go up
#
# Posts with two pictures each are submitted; then a sync is started and
# killed at a random instant, again and again, against a server that
# answers every picture chunk, post batch and feed page slowly (--fault
# delay), so that the kills land before, during and after uploads and
# pushes. One clean sync follows. The server must hold each post once (at
# revision 1, in review) with both its pictures complete; the client must
# show every post in review, none left sending, and every picture file
# intact under its own name.
#
# Environment: JIANGUAN_CLI_BIN, JIANGUAN_SERVER_BIN (set by meson).
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import hashlib
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
import threading
import time
import urllib.request

CLI = os.environ["JIANGUAN_CLI_BIN"]
SERVER = os.environ["JIANGUAN_SERVER_BIN"]
DATA = os.environ.get("JIANGUAN_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", "data"))
PASSWORD = "Jianguan-Demo-2026\n"
RC = "11445200006295321R"
N_POSTS = int(os.environ.get("JIANGUAN_CRASH_POSTS", "6"))
CYCLES = int(os.environ.get("JIANGUAN_CRASH_CYCLES", "15"))


def main():
    rng = random.Random(int(os.environ.get("JIANGUAN_CRASH_SEED", "20261204")))
    home = tempfile.mkdtemp(prefix="jg-posts-crash-")
    env = dict(os.environ)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var])
    env.pop("JIANGUAN_SERVER", None)
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/jianguan-test-bus"
    env["JIANGUAN_SERVER_FAST_PWHASH"] = "1"

    server_dir = os.path.join(home, "server")
    os.makedirs(server_dir)
    server = subprocess.Popen([SERVER, "--demo", "--data", server_dir, "--port", "0",
                               "--fault", "delay", "--fault-delay-ms", "300"],
                              stderr=subprocess.PIPE, text=True, env=env)
    url = None
    while url is None:
        line = server.stderr.readline()
        if not line:
            sys.exit("jianguan-server did not start")
        m = re.search(r"listening on (http://\S+)", line)
        if m:
            url = m.group(1)
    log = []
    threading.Thread(target=lambda: [log.append(x) for x in server.stderr], daemon=True).start()

    def cli(*args, stdin=None, check=True):
        p = subprocess.run([CLI, "--server", url, *args], env=env, input=stdin, capture_output=True,
                           text=True, timeout=600)
        if check and p.returncode != 0:
            sys.exit(f"{args}: {p.stdout}{p.stderr}")
        return p.stdout

    try:
        cli("sync", "--user", "rc-admin", "--password-stdin", stdin=PASSWORD)
        pictures = sorted(glob.glob(os.path.join(DATA, "screenshots", "*.png")))
        uuids = []
        for i in range(N_POSTS):
            doc = {"fields": {"title": f"节前食品安全检查第{i + 1}期", "summary": "检查情况",
                              "body": "<p>检查了冷库。</p>", "source_department": RC, "author": "李某"},
                   "images": [{"file": pictures[(2 * i + k) % len(pictures)], "alt": f"现场照片{k}"}
                              for k in range(2)]}
            path = os.path.join(home, f"post{i}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            uuid = cli("posts", "new", "--column", "dynamics", "--json", path).strip()
            cli("posts", "submit", uuid, "--local")
            uuids.append(uuid)

        for cycle in range(CYCLES):
            p = subprocess.Popen([CLI, "--server", url, "sync", "--user", "rc-admin", "--password-stdin"],
                                 env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, text=True)
            p.stdin.write(PASSWORD)
            p.stdin.close()
            time.sleep(rng.uniform(0.1, 3.0))
            p.send_signal(signal.SIGKILL)
            p.wait()
        cli("sync", "--user", "rc-admin", "--password-stdin", stdin=PASSWORD)

        # What the server holds, read as another program would.
        req = urllib.request.Request(url.rstrip("/") + "/api/v1/login",
                                     data=json.dumps({"username": "reviewer",
                                                      "password": PASSWORD.strip()}).encode(),
                                     headers={"Content-Type": "application/json"})
        token = json.load(urllib.request.urlopen(req))["token"]
        req = urllib.request.Request(url.rstrip("/") + "/api/v1/changes/posts?since=0&limit=1000",
                                     headers={"Authorization": "Bearer " + token})
        held = [c["data"] for c in json.load(urllib.request.urlopen(req))["changes"] if c["op"] == "put"]
        by_uuid = {}
        for post in held:
            by_uuid.setdefault(post["uuid"], []).append(post)
        failures = []
        for uuid in uuids:
            copies = by_uuid.get(uuid, [])
            if len(copies) != 1 or copies[0]["revision"] != 1 or copies[0]["state"] != "in_review":
                failures.append(f"{uuid}: held as {[(c['revision'], c['state']) for c in copies]}")
            elif len(copies[0]["images"]) != 2:
                failures.append(f"{uuid}: {len(copies[0]['images'])} pictures")
            else:
                for sha in copies[0]["images"]:
                    path = glob.glob(os.path.join(server_dir, "images", sha[:2], sha + "*"))
                    if len(path) != 1 or hashlib.sha256(open(path[0], "rb").read()).hexdigest() != sha:
                        failures.append(f"{uuid}: picture {sha[:12]} not complete on the server")
        if len(held) != len(uuids):
            failures.append(f"the server holds {len(held)} posts, {len(uuids)} were written")

        # What the client shows.
        [db] = glob.glob(os.path.join(env["XDG_DATA_HOME"], "jianguan", "accounts", "rc-admin@*", "jianguan.db"))
        with sqlite3.connect(db) as conn:
            states = dict(conn.execute("SELECT uuid, state FROM post"))
            images = conn.execute("SELECT sha256, path, upload_state FROM post_image").fetchall()
        for uuid in uuids:
            if states.get(uuid) != "in_review":
                failures.append(f"{uuid}: {states.get(uuid)} here")
        for sha, path, state in images:
            data = open(os.path.join(os.path.dirname(db), path), "rb").read()
            if hashlib.sha256(data).hexdigest() != sha or state != "uploaded":
                failures.append(f"picture {sha[:12]}: {state} here")
        kills = sum(1 for line in log if "PUT /api/v1/images" in line)
        print(f"{CYCLES} kills, {len(log)} requests logged ({kills} picture chunks), {len(uuids)} posts")
        if failures:
            sys.exit("\n".join(failures))
        print("every post once, every picture complete, nothing lost")
    finally:
        server.terminate()
        server.wait()
    # Kept after a failure (sys.exit above), to look at.
    shutil.rmtree(home)


if __name__ == "__main__":
    main()
