# SPDX-License-Identifier: GPL-3.0-or-later
"""What the tests of jianguan-server share (test-server.py,
test-posts-server.py): the server under test, a demo server with JSON
requests, the demo accounts and the runner.

The binary is $JIANGUAN_SERVER_BIN. Each test starts its own server on
127.0.0.1 with --port 0 and its own --data directory.
"""

import http.client
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get('JIANGUAN_SERVER_BIN', 'jianguan-server')
LISTENING = re.compile(r'^jianguan-server: listening on http://127\.0\.0\.1:(\d+)/$')

# The demo server (`serve --demo`): data/demo, its accounts and departments.
DEMO_DIR = os.path.join(HERE, '..', '..', 'data', 'demo')
DEMO_PASSWORD = 'Jianguan-Demo-2026'
RC = '11445200006295321R'   # 揭阳市市场监督管理局 (rc-admin, reviewer)
HJ = '11445200774626090R'   # 揭阳市生态环境局 (hj-admin)
FAST_ENV = dict(os.environ, JIANGUAN_SERVER_FAST_PWHASH='1')
# Real (interactive) password hashes, as a production server has.
SLOW_ENV = {k: v for k, v in os.environ.items() if k != 'JIANGUAN_SERVER_FAST_PWHASH'}


class TestFailure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise TestFailure(what)


class Server:
    def __init__(self, tmp, *args, data=True, env=None, preexec_fn=None):
        self.data = os.path.join(tmp, 'data') if data is True else data
        cmd = [BIN, '--port', '0'] + list(args)
        if self.data:
            cmd += ['--data', self.data]
        self.lines = []
        self._queue = queue.Queue()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE,
                                     env=env, text=True, encoding='utf-8',
                                     preexec_fn=preexec_fn)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + 20
        self.port = None
        while self.port is None:
            try:
                line = self._queue.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.proc.kill()
                raise TestFailure('server did not start:\n' + '\n'.join(self.lines))
            m = LISTENING.match(line)
            if m:
                self.port = int(m.group(1))
        check(self.port > 0, 'listening port')

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()   # checks the exit status and the log, as a finally would

    def _read(self):
        for line in self.proc.stderr:
            line = line.rstrip('\n')
            self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def request(self, path, method='GET', headers=None, timeout=30):
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        try:
            conn.request(method, path, headers=headers or {})
            r = conn.getresponse()
            body = r.read()
            return r.status, r, body
        finally:
            conn.close()

    def get_json(self, path, headers=None):
        status, r, body = self.request(path, headers=headers)
        check(r.getheader('Content-Type', '').startswith('application/json'),
              f'{path}: JSON content type, got {r.getheader("Content-Type")}')
        return status, r, json.loads(body.decode('utf-8'))

    def page(self, feed, since, limit=None):
        path = f'/api/v1/changes/{feed}?since={since}'
        if limit is not None:
            path += f'&limit={limit}'
        status, r, obj = self.get_json(path)
        check(status == 200, f'{path}: status {status}: {obj}')
        return obj, r

    def walk(self, feed, since=0, limit=None):
        """All changes since @since, checking the paging rules the client
        relies on. Returns (changes, final cursor, pages)."""
        changes = []
        pages = 0
        while True:
            p, _r = self.page(feed, since, limit)
            pages += 1
            check(p['feed'] == feed, 'feed echoed')
            check(p['since'] == since, 'since echoed')
            check(p['cursor'] >= since, 'cursor >= since')
            check(p['latest'] >= p['cursor'], 'latest >= cursor')
            check(p['more'] == (p['cursor'] < p['latest']), 'more == cursor < latest')
            if limit is not None:
                check(len(p['changes']) <= limit, 'page within limit')
            last = since
            for c in p['changes']:
                check(c['seq'] > last, 'seqs ascending and > since')
                last = c['seq']
                check(c['op'] in ('put', 'delete'), 'op')
                if c['op'] == 'put':
                    check('data' in c, 'put has data')
                else:
                    check('data' not in c, 'delete has no data')
                    check(since > 0, 'no tombstones when since = 0')
            if p['changes']:
                check(p['cursor'] == last, 'cursor is the last seq of the page')
            else:
                check(not p['more'], 'an empty page is the last one')
            changes += p['changes']
            since = p['cursor']
            if not p['more']:
                return changes, since, pages
            check(pages < 10000, 'paging ends')

    def latest(self, feed):
        p, _r = self.page(feed, 0, 1)
        return p['latest']

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                # Generous: under the sanitizers (HACKING.md) the server
                # frees its caches with the slow unwinder, then checks leaks.
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise TestFailure('server did not stop on ' + str(sig))
        self._reader.join(5)
        # A sanitizer's report at exit (leaks) makes the status non-zero.
        check(self.proc.returncode == 0, f'server exit status {self.proc.returncode}:\n'
              + '\n'.join(self.lines[-60:]))
        bad = [l for l in self.lines
               if 'CRITICAL' in l or 'WARNING' in l or 'ERROR' in l or 'runtime error' in l]
        check(not bad, 'server printed warnings:\n' + '\n'.join(bad))


class Api:
    """A demo server and JSON requests with a token."""

    def __init__(self, tmp, *args, env=FAST_ENV):
        self.server = Server(tmp, '--demo', *args, env=env)

    def call(self, method, path, body=None, token=None, raw=None, timeout=30, headers=None):
        """@body as JSON, or the bytes @raw; @headers, when given, are sent
        as they are instead of the JSON Content-Type. (status, response,
        the answer's JSON or None, its bytes)."""
        conn = http.client.HTTPConnection('127.0.0.1', self.server.port, timeout=timeout)
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if headers is None:
            headers = {'Content-Type': 'application/json'} if data is not None else {}
        headers = dict(headers)
        if token:
            headers['Authorization'] = 'Bearer ' + token
        try:
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            payload = r.read()
        finally:
            conn.close()
        try:
            obj = json.loads(payload.decode('utf-8')) if payload else None
        except ValueError:
            obj = None
        return r.status, r, obj, payload

    def login(self, username, password=DEMO_PASSWORD):
        status, _r, obj, _ = self.call('POST', '/api/v1/login',
                                       {'username': username, 'password': password})
        check(status == 200, f'login {username}: {status} {obj}')
        return obj['token']

    def push(self, token, records, batch='20261125-001'):
        return self.call('POST', '/api/v1/records', {'batch': batch, 'records': records}, token)

    def states(self, token, since=0):
        status, _r, obj, _ = self.call('GET', f'/api/v1/changes/records?since={since}', token=token)
        check(status == 200, f'records feed: {status} {obj}')
        return obj

    def stop(self):
        self.server.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def wait_line(server, pred, timeout=5):
    """Whether the server logs a line matching @pred within @timeout s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(pred(l) for l in list(server.lines)):
            return True
        time.sleep(0.05)
    return False


def run_tests(tests, argv, prefix):
    """Runs the tests of @tests (name → function of a temporary
    directory) that @argv names, all of them when it names none; prints
    "ok - NAME" or "not ok - NAME: why" for each. The exit status."""
    names = argv[1:] or list(tests)
    failed = 0
    for name in names:
        if name not in tests:
            print(f'unknown test {name}; known: {" ".join(tests)}', file=sys.stderr)
            return 2
        tmp = tempfile.mkdtemp(prefix=prefix)
        try:
            tests[name](tmp)
            print(f'ok - {name}')
        except Exception as e:  # report and go on with the next test
            failed += 1
            print(f'not ok - {name}: {type(e).__name__}: {e}')
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0
