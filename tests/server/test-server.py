#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of jianguan-server, run against the real binary.

    test-server.py [TEST ...]     (no argument: every test)

The binary is $JIANGUAN_SERVER_BIN. Each test starts its own server on
127.0.0.1 with --port 0 and its own --data directory.
"""

import copy
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
FIXTURE = os.path.join(HERE, 'catalogue-small.json')
BIN = os.environ.get('JIANGUAN_SERVER_BIN', 'jianguan-server')
FORMAT = 'jianguan-catalogue/1'
LISTENING = re.compile(r'^jianguan-server: listening on http://127\.0\.0\.1:(\d+)/$')
LOG_LINE = re.compile(r'^(GET|HEAD|POST|PUT|DELETE) (\S+) (\d{3}) (\d+)ms$')

# Array of a catalogue file -> (type, feed, key function)
KINDS = {
    'codes': ('code', 'codes', lambda e: e['table'] + '/' + e['code']),
    'departments': ('department', 'catalogue', lambda e: e['code']),
    'items': ('item', 'catalogue', lambda e: e['code']),
    'subitems': ('subitem', 'catalogue', lambda e: e['code']),
    'implementations': ('implementation', 'catalogue', lambda e: e['code']),
    'officers': ('officer', 'catalogue', lambda e: e['id']),
}
TYPE_ORDER = ['code', 'department', 'item', 'subitem', 'implementation', 'officer']


class TestFailure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise TestFailure(what)


def fixture():
    with open(FIXTURE, encoding='utf-8') as f:
        return json.load(f)


def entities(catalogue):
    """{(type, key): data} of a catalogue file."""
    out = {}
    for array, (type_, _feed, key) in KINDS.items():
        for e in catalogue.get(array, []):
            out[(type_, key(e))] = e
    return out


def feed_entities(catalogue, feed):
    return {k: v for k, v in entities(catalogue).items()
            if (feed == 'codes') == (k[0] == 'code')}


class Server:
    def __init__(self, tmp, *args, data=True, env=None):
        self.data = os.path.join(tmp, 'data') if data is True else data
        cmd = [BIN, '--port', '0'] + list(args)
        if self.data:
            cmd += ['--data', self.data]
        self.lines = []
        self._queue = queue.Queue()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE,
                                     env=env, text=True, encoding='utf-8')
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
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise TestFailure('server did not stop on ' + str(sig))
        check(self.proc.returncode == 0, f'server exit status {self.proc.returncode}')
        self._reader.join(5)
        bad = [l for l in self.lines
               if 'CRITICAL' in l or 'WARNING' in l or 'ERROR' in l or 'runtime error' in l]
        check(not bad, 'server printed warnings:\n' + '\n'.join(bad))


def write_json(path, obj):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
    return path


def run_load(data, *files):
    return subprocess.run([BIN, 'load', '--data', data] + list(files),
                          stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, encoding='utf-8', timeout=60)


# ---------------------------------------------------------------------------

def test_info(tmp):
    s = Server(tmp, '--load', FIXTURE)
    try:
        status, r, info = s.get_json('/api/v1/info')
        check(status == 200, 'info 200')
        check(info['server'] == 'jianguan-server', 'server name')
        check(info['protocol'] == 1, 'protocol 1')
        check(isinstance(info['version'], str) and info['version'], 'version')
        check(info['feeds'] == ['codes', 'catalogue'], 'feeds')

        status, r, err = s.get_json('/nowhere')
        check(status == 404 and err['error'] == 'not-found' and err['message'], '404 JSON')
        status, r, err = s.get_json('/api/v1/changes/')
        check(status == 404 and err['error'] == 'not-found', 'empty feed 404')
        status, r, err = s.get_json('/api/v1/changes/catalogue/extra')
        check(status == 404 and err['error'] == 'not-found', 'sub-path 404')

        status, r, body = s.request('/api/v1/info', method='POST')
        check(status == 405, 'POST 405')
        check(json.loads(body)['error'] == 'method-not-allowed', '405 JSON')
        check('GET' in r.getheader('Allow', ''), 'Allow header')

        status, r, body = s.request('/api/v1/changes/codes', method='HEAD')
        check(status == 200 and body == b'', 'HEAD')

        # Every request is logged as METHOD PATH?QUERY STATUS DURATIONms.
        time.sleep(0.2)
        logged = [LOG_LINE.match(l) for l in s.lines]
        logged = [(m.group(1), m.group(2), m.group(3)) for m in logged if m]
        check(('GET', '/api/v1/info', '200') in logged, f'info logged: {s.lines}')
        check(('GET', '/nowhere', '404') in logged, '404 logged')
        check(('POST', '/api/v1/info', '405') in logged, '405 logged')
    finally:
        s.stop()


def test_paging(tmp):
    cat = fixture()
    s = Server(tmp, '--load', FIXTURE)
    try:
        for feed in ('codes', 'catalogue'):
            want = feed_entities(cat, feed)
            for limit in (1, 2, 3, 7, None, 10000):
                changes, cursor, pages = s.walk(feed, 0, limit)
                got = {}
                for c in changes:
                    k = (c['type'], c['key'])
                    check(k not in got, f'{k} sent twice')
                    check(c['op'] == 'put', 'only puts')
                    got[k] = c['data']
                check(got == want, f'{feed} limit {limit}: entities differ')
                check(cursor == s.latest(feed), 'walk ends at latest')
                if limit:
                    expected_pages = max(1, -(-len(want) // limit))
                    check(pages == expected_pages,
                          f'{feed} limit {limit}: {pages} pages, expected {expected_pages}')
                # Referenced kinds first, whatever the order in the file.
                ranks = [TYPE_ORDER.index(c['type']) for c in changes]
                check(ranks == sorted(ranks), f'{feed}: entity order {ranks}')

        # A cursor at or past the end: empty page, nothing more.
        latest = s.latest('catalogue')
        p, _ = s.page('catalogue', latest)
        check(p['changes'] == [] and p['cursor'] == latest and not p['more'], 'page at end')
        p, _ = s.page('catalogue', latest + 100)
        check(p['changes'] == [] and p['cursor'] == latest + 100 and not p['more'],
              'page past end')
    finally:
        s.stop()


def test_etag(tmp):
    s = Server(tmp, '--load', FIXTURE)
    try:
        latest = s.latest('catalogue')
        path = '/api/v1/changes/catalogue?since=0'
        status, r, body = s.request(path)
        etag = r.getheader('ETag')
        check(status == 200, '200')
        check(etag == f'"catalogue-0-{latest}-2000"', f'ETag {etag}')

        status, r, body = s.request(path, headers={'If-None-Match': etag})
        check(status == 304, f'If-None-Match: {status}')
        check(body == b'', '304 has no body')
        check(r.getheader('ETag') == etag, '304 carries the ETag')
        status, r, body = s.request(path, headers={'If-None-Match': 'W/' + etag})
        check(status == 304, 'weak ETag')
        status, r, body = s.request(path, headers={'If-None-Match': '"x", ' + etag})
        check(status == 304, 'ETag list')
        status, r, body = s.request(path, headers={'If-None-Match': '"catalogue-0-1-2000"'})
        check(status == 200, 'other ETag: 200')
        status, r, body = s.request(path + '&limit=5', headers={'If-None-Match': etag})
        check(status == 200, 'other limit: 200')
        check(r.getheader('ETag') == f'"catalogue-0-{latest}-5"', 'ETag carries the limit')

        # A change makes the old ETag stale.
        cat = fixture()
        cat['items'][0]['version'] = '9'
        res = run_load(s.data, write_json(os.path.join(tmp, 'v9.json'), cat))
        check(res.returncode == 0, res.stderr)
        status, r, body = s.request(path, headers={'If-None-Match': etag})
        check(status == 200, f'after a change: {status}')
        check(r.getheader('ETag') == f'"catalogue-0-{latest + 1}-2000"', 'new ETag')
    finally:
        s.stop()


def test_delta(tmp):
    s = Server(tmp, '--load', FIXTURE)
    try:
        latest = s.latest('catalogue')
        codes_latest = s.latest('codes')

        cat = fixture()
        # Reformatting alone (order of arrays, whitespace) is no change.
        same = os.path.join(tmp, 'same.json')
        with open(same, 'w', encoding='utf-8') as f:
            json.dump(cat, f, ensure_ascii=False, separators=(',', ':'))
        res = run_load(s.data, same)
        check(res.returncode == 0, res.stderr)
        check('0 added, 0 changed, 16 unchanged' in res.stderr, res.stderr)
        check(s.latest('catalogue') == latest, 'reload: no new seq')

        sub = cat['subitems'][1]
        sub['name'] = '对食品经营者的专项检查（修订）'
        sub['legal_basis'] = 'new \\ basis "quoted"\n'
        res = run_load(s.data, write_json(os.path.join(tmp, 'changed.json'), cat))
        check(res.returncode == 0, res.stderr)
        check('0 added, 1 changed, 15 unchanged' in res.stderr, res.stderr)

        # The running server sees it on the next request.
        changes, cursor, _ = s.walk('catalogue', latest)
        check(len(changes) == 1, f'one change, got {changes}')
        c = changes[0]
        check(c['type'] == 'subitem' and c['key'] == sub['code'] and c['op'] == 'put',
              'the changed sub-item')
        check(c['data'] == sub, 'its new data')
        check(c['seq'] > latest and cursor == c['seq'], 'new seq')
        check(s.walk('codes', codes_latest)[0] == [], 'no change in codes')

        # The full download still has each entity once, with the new data.
        changes, _, _ = s.walk('catalogue', 0, 4)
        got = {(c['type'], c['key']): c['data'] for c in changes}
        check(len(got) == len(changes), 'no duplicates')
        check(got == feed_entities(cat, 'catalogue'), 'full download after the change')
    finally:
        s.stop()


def test_deletion(tmp):
    s = Server(tmp, '--load', FIXTURE)
    try:
        latest = s.latest('catalogue')
        key = '44520012000202'
        dels = {'format': FORMAT, 'deletions': [{'type': 'subitem', 'key': key}]}
        res = run_load(s.data, write_json(os.path.join(tmp, 'del.json'), dels))
        check(res.returncode == 0, res.stderr)
        check('1 deleted' in res.stderr, res.stderr)

        changes, _, _ = s.walk('catalogue', latest)
        check(len(changes) == 1, f'one tombstone, got {changes}')
        c = changes[0]
        check(c == {'seq': c['seq'], 'type': 'subitem', 'op': 'delete', 'key': key},
              f'tombstone shape {c}')

        # The page from 0: no tombstones. (The tombstone is the last change,
        # so the walk needs a second page to pass it.)
        p, _ = s.page('catalogue', 0)
        changes = p['changes']
        check(all(c['op'] == 'put' for c in changes), 'no tombstones from 0')
        check(p['more'] and p['cursor'] == changes[-1]['seq'], 'cursor at the last put')
        check(('subitem', key) not in {(c['type'], c['key']) for c in changes},
              'deleted entity absent')
        check(len(changes) == len(feed_entities(fixture(), 'catalogue')) - 1, 'count')
        # Several pages from 0: later pages (since > 0) may carry tombstones
        # past their cursor, for entities the walk never put.
        changes, _, _ = s.walk('catalogue', 0, 3)
        live = [(c['type'], c['key']) for c in changes if c['op'] == 'put']
        gone = [(c['type'], c['key']) for c in changes if c['op'] == 'delete']
        check(len(live) == len(feed_entities(fixture(), 'catalogue')) - 1, 'paged count')
        check(gone == [('subitem', key)] and ('subitem', key) not in live, 'paged tombstone')

        # Deleting again, or deleting what never existed: no new seq.
        after = s.latest('catalogue')
        dels['deletions'].append({'type': 'officer', 'key': 'no-such-officer'})
        res = run_load(s.data, write_json(os.path.join(tmp, 'del2.json'), dels))
        check(res.returncode == 0, res.stderr)
        check(s.latest('catalogue') == after, 'no new seq')

        # Loading it again brings it back with a new seq.
        res = run_load(s.data, FIXTURE)
        check(res.returncode == 0 and '1 added' in res.stderr, res.stderr)
        changes, _, _ = s.walk('catalogue', after)
        check([(c['op'], c['key']) for c in changes] == [('put', key)], 'restored')

        # Trailing tombstones and a feed of tombstones only.
        officers = [o['id'] for o in fixture()['officers']]
        codes = [c['table'] + '/' + c['code'] for c in fixture()['codes']]
        dels = {'format': FORMAT,
                'deletions': [{'type': 'officer', 'key': k} for k in officers] +
                             [{'type': 'code', 'key': k} for k in codes]}
        res = run_load(s.data, write_json(os.path.join(tmp, 'del3.json'), dels))
        check(res.returncode == 0 and '5 deleted' in res.stderr, res.stderr)
        for limit in (1, 2, 5, None):
            changes, cursor, _ = s.walk('catalogue', 0, limit)
            check(cursor == s.latest('catalogue'), 'walk reaches latest')
            live = {(c['type'], c['key']) for c in changes if c['op'] == 'put'}
            gone = {(c['type'], c['key']) for c in changes if c['op'] == 'delete'}
            check(not any(k[0] == 'officer' for k in live), 'officers deleted')
            check(gone <= {('officer', k) for k in officers}, 'only trailing tombstones')
        p, _ = s.page('codes', 0)
        check(p['changes'] == [] and not p['more'] and p['cursor'] == p['latest'],
              f'tombstone-only feed from 0: {p}')
        changes, _, _ = s.walk('codes', 1)
        check({c['key'] for c in changes} == set(codes), 'code tombstones since 1')
    finally:
        s.stop()


def test_duplicate_keys(tmp):
    # The same entity twice in one file, loaded into an empty and into a
    # filled database: the later one wins, and it is sent once.
    cat = fixture()
    twin = copy.deepcopy(cat['subitems'][0])
    twin['name'] = 'second copy'
    cat['subitems'].append(twin)
    path = write_json(os.path.join(tmp, 'dup.json'), cat)
    for first in (None, FIXTURE):
        data = os.path.join(tmp, 'data-' + ('filled' if first else 'empty'))
        if first:
            check(run_load(data, first).returncode == 0, 'first load')
        res = run_load(data, path)
        check(res.returncode == 0, res.stderr)
        s = Server(tmp, data=data)
        try:
            changes, _, _ = s.walk('catalogue', 0, 2)
            subs = [c for c in changes if c['key'] == twin['code']]
            check(len(subs) == 1 and subs[0]['data'] == twin, f'duplicate key: {subs}')
            check(len(changes) == 13, 'count')
        finally:
            s.stop()


def test_bad_request(tmp):
    s = Server(tmp, '--load', FIXTURE)
    try:
        for query in ('since=abc', 'since=-1', 'since=1.5', 'since=', 'since=+3',
                      'since=99999999999999999999', 'limit=0', 'limit=10001',
                      'limit=x', 'limit=-5', 'since=0&limit=2%200'):
            status, r, err = s.get_json('/api/v1/changes/catalogue?' + query)
            check(status == 400, f'{query}: {status}')
            check(err['error'] == 'bad-request', f'{query}: {err}')
            param = query.split('&')[-1].split('=')[0]
            check(param in err['message'], f'{query}: message names {param}: {err}')
        status, r, err = s.get_json('/api/v1/changes/catalogue?since=0&limit=10000&x=1')
        check(status == 200, 'limit 10000 and unknown parameters are fine')
        status, r, err = s.get_json('/api/v1/changes/nope?since=0')
        check(status == 404 and err == {'error': 'not-found', 'message': 'No such feed: nope'},
              f'unknown feed: {err}')
    finally:
        s.stop()


def test_load_invalid(tmp):
    data = os.path.join(tmp, 'data')
    res = run_load(data, FIXTURE)
    check(res.returncode == 0, res.stderr)
    s = Server(tmp)
    try:
        latest = s.latest('catalogue')
        cases = {
            'syntax.json': ('{"format": "jianguan-catalogue/1",\n"items": [ {"code": "1",} ]}',
                            'syntax.json:2'),
            'nocode.json': (json.dumps({'subitems': [{'name': 'x'}]}), 'subitems[0]'),
            'format.json': (json.dumps({'format': 'other/2', 'items': []}), 'format'),
            'notarray.json': (json.dumps({'items': {}}), 'items'),
            'deltype.json': (json.dumps({'deletions': [{'type': 'x', 'key': 'y'}]}), 'deletions[0]'),
            'partial.json': (json.dumps({'items': [{'code': '44520099000100', 'name': 'ok'}],
                                         'officers': [{'name': 'no id'}]}), 'officers[0]'),
            'trailing.json': ('{} x', 'trailing.json:1'),
        }
        for name, (text, needle) in cases.items():
            path = os.path.join(tmp, name)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            res = run_load(data, path)
            check(res.returncode != 0, f'{name}: accepted')
            check(needle in res.stderr, f'{name}: {res.stderr!r} lacks {needle!r}')
        res = run_load(data, os.path.join(tmp, 'missing.json'))
        check(res.returncode != 0, 'missing file')
        check(s.latest('catalogue') == latest, 'failed loads change nothing')
        check(subprocess.run([BIN, 'load', FIXTURE], capture_output=True).returncode == 2,
              'load without --data')
        check(subprocess.run([BIN, '--fault', 'nope'], capture_output=True).returncode == 2,
              'bad --fault')
    finally:
        s.stop()


def test_demo(tmp):
    cat = fixture()
    demo = os.path.join(tmp, 'share', 'demo')
    os.makedirs(demo)
    write_json(os.path.join(demo, 'code-tables.json'),
               {'format': FORMAT, 'codes': cat['codes']})
    write_json(os.path.join(demo, 'catalogue.json'),
               {k: v for k, v in cat.items() if k != 'codes'})
    env = dict(os.environ, JIANGUAN_DATA_DIR=os.path.join(tmp, 'share'))

    s = Server(tmp, '--demo', env=env)
    try:
        codes, catalogue = s.latest('codes'), s.latest('catalogue')
        check(len(s.walk('codes')[0]) == 3, 'demo codes')
        check(len(s.walk('catalogue')[0]) == 13, 'demo catalogue')
    finally:
        s.stop()
    s = Server(tmp, '--demo', env=env)
    try:
        check((s.latest('codes'), s.latest('catalogue')) == (codes, catalogue),
              'restart with --demo adds nothing')
        check(any('not loading the demo again' in l for l in s.lines), 'says so')
    finally:
        s.stop()


def test_shutdown(tmp):
    for sig in (signal.SIGINT, signal.SIGTERM):
        s = Server(tmp, data=None)
        temp = [re.search(r'temporary directory (\S+)', l) for l in s.lines]
        temp = [m.group(1) for m in temp if m]
        check(len(temp) == 1 and os.path.isdir(temp[0]), f'temporary directory: {s.lines}')
        check(s.request('/api/v1/info')[0] == 200, 'serves')
        s.stop(sig)
        check(not os.path.exists(temp[0]), 'temporary directory removed')


def test_fault_500(tmp):
    s = Server(tmp, '--load', FIXTURE, '--fault', '500')
    try:
        status, r, err = s.get_json('/api/v1/changes/catalogue?since=0')
        check(status == 500 and err['error'] == 'server-error' and err['message'], f'{err}')
        check(s.request('/api/v1/info')[0] == 200, 'info unaffected')
    finally:
        s.stop()


def test_fault_429(tmp):
    s = Server(tmp, '--load', FIXTURE, '--fault', '429')
    try:
        status, r, err = s.get_json('/api/v1/changes/codes?since=0')
        check(status == 429 and err['error'] == 'too-many-requests', f'{status} {err}')
        check(r.getheader('Retry-After') == '2', 'Retry-After: 2')
        check(s.request('/api/v1/info')[0] == 200, 'info unaffected')
    finally:
        s.stop()


def test_fault_truncate(tmp):
    s = Server(tmp, '--load', FIXTURE, '--fault', 'truncate')
    try:
        conn = http.client.HTTPConnection('127.0.0.1', s.port, timeout=10)
        conn.request('GET', '/api/v1/changes/catalogue?since=0')
        r = conn.getresponse()
        check(r.status == 200, 'status line sent')
        length = int(r.getheader('Content-Length'))
        try:
            body = r.read()
            raise TestFailure(f'read {len(body)} of {length} bytes without error')
        except http.client.IncompleteRead as e:
            check(0 < len(e.partial) < length, f'partial {len(e.partial)} of {length}')
        conn.close()
        check(s.request('/api/v1/info')[0] == 200, 'info unaffected')
    finally:
        s.stop()


def test_fault_malformed(tmp):
    s = Server(tmp, '--load', FIXTURE, '--fault', 'malformed')
    try:
        status, r, body = s.request('/api/v1/changes/catalogue?since=0')
        check(status == 200, 'status 200')
        check(int(r.getheader('Content-Length')) == len(body), 'complete body')
        try:
            json.loads(body)
            raise TestFailure('body is valid JSON')
        except ValueError:
            pass
        check(s.request('/api/v1/info')[0] == 200, 'info unaffected')
    finally:
        s.stop()


def test_fault_delay(tmp):
    s = Server(tmp, '--load', FIXTURE, '--fault', 'delay', '--fault-delay-ms', '1500')
    try:
        result = {}

        def slow():
            t0 = time.monotonic()
            result['status'], _r, result['body'] = s.request('/api/v1/changes/catalogue?since=0')
            result['time'] = time.monotonic() - t0

        t = threading.Thread(target=slow)
        t.start()
        time.sleep(0.2)
        t0 = time.monotonic()
        check(s.request('/api/v1/info')[0] == 200, 'info during the delay')
        check(time.monotonic() - t0 < 0.5, 'the delay does not block other requests')
        check(t.is_alive(), 'delayed request still pending')
        t.join(10)
        check(result.get('status') == 200, 'delayed answer 200')
        check(result['time'] >= 1.4, f'delayed {result["time"]:.2f}s')
        check(len(json.loads(result['body'])['changes']) == 13, 'delayed answer complete')
    finally:
        s.stop()


def test_fault_after_rate(tmp):
    s = Server(tmp, '--load', FIXTURE, '--fault', '500', '--fault-after', '2')
    try:
        path = '/api/v1/changes/codes?since=0'
        check(s.request('/api/v1/info')[0] == 200, 'info does not count')
        statuses = [s.request(path)[0] for _ in range(4)]
        check(statuses == [200, 200, 500, 500], f'--fault-after 2: {statuses}')
    finally:
        s.stop()

    runs = []
    for _ in range(2):
        s = Server(tmp, '--fault', '429', '--fault-rate', '0.5', '--fault-seed', '7')
        try:
            runs.append([s.request('/api/v1/changes/codes')[0] for _ in range(40)])
        finally:
            s.stop()
    check(runs[0] == runs[1], 'same seed, same faults')
    n = runs[0].count(429)
    check(5 <= n <= 35 and runs[0].count(200) == 40 - n, f'--fault-rate 0.5: {n} of 40')


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith('test_')}


def main(argv):
    names = argv[1:] or list(TESTS)
    failed = 0
    for name in names:
        if name not in TESTS:
            print(f'unknown test {name}; known: {" ".join(TESTS)}', file=sys.stderr)
            return 2
        tmp = tempfile.mkdtemp(prefix='jg-server-test-')
        try:
            TESTS[name](tmp)
            print(f'ok - {name}')
        except Exception as e:  # report and go on with the next test
            failed += 1
            print(f'not ok - {name}: {type(e).__name__}: {e}')
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
