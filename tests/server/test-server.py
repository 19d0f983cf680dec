#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of jianguan-server, run against the real binary.

    test-server.py [TEST ...]     (no argument: every test)

The binary is $JIANGUAN_SERVER_BIN. Each test starts its own server on
127.0.0.1 with --port 0 and its own --data directory.
"""

import contextlib
import copy
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

from jgserver import (BIN, DEMO_DIR, DEMO_PASSWORD, FAST_ENV, HERE, HJ, RC, Api, Server,
                      TestFailure, check, run_tests, wait_line)

FIXTURE = os.path.join(HERE, 'catalogue-small.json')
FORMAT = 'jianguan-catalogue/1'
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


def write_json(path, obj):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
    return path


def run_load(data, *files):
    return subprocess.run([BIN, 'load', '--data', data] + list(files),
                          stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, encoding='utf-8', timeout=60)


def load_ok(data, *files):
    """run_load(), checking that it succeeds."""
    res = run_load(data, *files)
    check(res.returncode == 0, res.stderr)
    return res


# ---------------------------------------------------------------------------

def test_info(tmp):
    with Server(tmp, '--load', FIXTURE) as s:
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


def test_paging(tmp):
    cat = fixture()
    with Server(tmp, '--load', FIXTURE) as s:
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


def test_etag(tmp):
    with Server(tmp, '--load', FIXTURE) as s:
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
        load_ok(s.data, write_json(os.path.join(tmp, 'v9.json'), cat))
        status, r, body = s.request(path, headers={'If-None-Match': etag})
        check(status == 200, f'after a change: {status}')
        check(r.getheader('ETag') == f'"catalogue-0-{latest + 1}-2000"', 'new ETag')


def test_delta(tmp):
    with Server(tmp, '--load', FIXTURE) as s:
        latest = s.latest('catalogue')
        codes_latest = s.latest('codes')

        cat = fixture()
        # Reformatting alone (order of arrays, whitespace) is no change.
        same = os.path.join(tmp, 'same.json')
        with open(same, 'w', encoding='utf-8') as f:
            json.dump(cat, f, ensure_ascii=False, separators=(',', ':'))
        res = load_ok(s.data, same)
        check('0 added, 0 changed, 16 unchanged' in res.stderr, res.stderr)
        check(s.latest('catalogue') == latest, 'reload: no new seq')

        sub = cat['subitems'][1]
        sub['name'] = '对食品经营者的专项检查（修订）'
        sub['legal_basis'] = 'new \\ basis "quoted"\n'
        res = load_ok(s.data, write_json(os.path.join(tmp, 'changed.json'), cat))
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


def test_deletion(tmp):
    with Server(tmp, '--load', FIXTURE) as s:
        latest = s.latest('catalogue')
        key = '44520012000202'
        dels = {'format': FORMAT, 'deletions': [{'type': 'subitem', 'key': key}]}
        res = load_ok(s.data, write_json(os.path.join(tmp, 'del.json'), dels))
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
        load_ok(s.data, write_json(os.path.join(tmp, 'del2.json'), dels))
        check(s.latest('catalogue') == after, 'no new seq')

        # Loading it again brings it back with a new seq.
        res = load_ok(s.data, FIXTURE)
        check('1 added' in res.stderr, res.stderr)
        changes, _, _ = s.walk('catalogue', after)
        check([(c['op'], c['key']) for c in changes] == [('put', key)], 'restored')

        # Trailing tombstones and a feed of tombstones only.
        officers = [o['id'] for o in fixture()['officers']]
        codes = [c['table'] + '/' + c['code'] for c in fixture()['codes']]
        dels = {'format': FORMAT,
                'deletions': [{'type': 'officer', 'key': k} for k in officers] +
                             [{'type': 'code', 'key': k} for k in codes]}
        res = load_ok(s.data, write_json(os.path.join(tmp, 'del3.json'), dels))
        check('5 deleted' in res.stderr, res.stderr)
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
        load_ok(data, path)
        with Server(tmp, data=data) as s:
            changes, _, _ = s.walk('catalogue', 0, 2)
            subs = [c for c in changes if c['key'] == twin['code']]
            check(len(subs) == 1 and subs[0]['data'] == twin, f'duplicate key: {subs}')
            check(len(changes) == 13, 'count')


def test_bad_request(tmp):
    with Server(tmp, '--load', FIXTURE) as s:
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


def test_load_invalid(tmp):
    data = os.path.join(tmp, 'data')
    load_ok(data, FIXTURE)
    with Server(tmp) as s:
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


def test_demo(tmp):
    cat = fixture()
    demo = os.path.join(tmp, 'share', 'demo')
    os.makedirs(demo)
    write_json(os.path.join(demo, 'code-tables.json'),
               {'format': FORMAT, 'codes': cat['codes']})
    write_json(os.path.join(demo, 'catalogue.json'),
               {k: v for k, v in cat.items() if k != 'codes'})
    env = dict(os.environ, JIANGUAN_DATA_DIR=os.path.join(tmp, 'share'))

    with Server(tmp, '--demo', env=env) as s:
        codes, catalogue = s.latest('codes'), s.latest('catalogue')
        check(len(s.walk('codes')[0]) == 3, 'demo codes')
        check(len(s.walk('catalogue')[0]) == 13, 'demo catalogue')
    with Server(tmp, '--demo', env=env) as s:
        check((s.latest('codes'), s.latest('catalogue')) == (codes, catalogue),
              'restart with --demo adds nothing')
        check(any('not loading the demo again' in l for l in s.lines), 'says so')


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
    with Server(tmp, '--load', FIXTURE, '--fault', '500') as s:
        status, r, err = s.get_json('/api/v1/changes/catalogue?since=0')
        check(status == 500 and err['error'] == 'server-error' and err['message'], f'{err}')
        check(s.request('/api/v1/info')[0] == 200, 'info unaffected')


def test_fault_429(tmp):
    with Server(tmp, '--load', FIXTURE, '--fault', '429') as s:
        status, r, err = s.get_json('/api/v1/changes/codes?since=0')
        check(status == 429 and err['error'] == 'too-many-requests', f'{status} {err}')
        check(r.getheader('Retry-After') == '2', 'Retry-After: 2')
        check(s.request('/api/v1/info')[0] == 200, 'info unaffected')


def test_fault_truncate(tmp):
    with Server(tmp, '--load', FIXTURE, '--fault', 'truncate') as s:
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


def test_fault_malformed(tmp):
    with Server(tmp, '--load', FIXTURE, '--fault', 'malformed') as s:
        status, r, body = s.request('/api/v1/changes/catalogue?since=0')
        check(status == 200, 'status 200')
        check(int(r.getheader('Content-Length')) == len(body), 'complete body')
        try:
            json.loads(body)
            raise TestFailure('body is valid JSON')
        except ValueError:
            pass
        check(s.request('/api/v1/info')[0] == 200, 'info unaffected')


def test_fault_delay(tmp):
    with Server(tmp, '--load', FIXTURE, '--fault', 'delay', '--fault-delay-ms', '1500') as s:
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


def test_fault_after_rate(tmp):
    with Server(tmp, '--load', FIXTURE, '--fault', '500', '--fault-after', '2') as s:
        path = '/api/v1/changes/codes?since=0'
        check(s.request('/api/v1/info')[0] == 200, 'info does not count')
        statuses = [s.request(path)[0] for _ in range(4)]
        check(statuses == [200, 200, 500, 500], f'--fault-after 2: {statuses}')

    runs = []
    for _ in range(2):
        with Server(tmp, '--fault', '429', '--fault-rate', '0.5', '--fault-seed', '7') as s:
            runs.append([s.request('/api/v1/changes/codes')[0] for _ in range(40)])
    check(runs[0] == runs[1], 'same seed, same faults')
    n = runs[0].count(429)
    check(5 <= n <= 35 and runs[0].count(200) == 40 - n, f'--fault-rate 0.5: {n} of 40')


# ---------------------------------------------------------------------------
# Accounts, sessions and records (PROTOCOL.md, "Accounts and sessions",
# "Pushing records", "Record states")

_demo_cache = {}


def demo_catalogue():
    if not _demo_cache:
        with open(os.path.join(DEMO_DIR, 'catalogue.json'), encoding='utf-8') as f:
            _demo_cache['c'] = json.load(f)
    return _demo_cache['c']


def demo_inspection_base(department):
    """Catalogue code, implementation code and two officers of @department."""
    c = demo_catalogue()
    today = time.strftime('%Y-%m-%d')
    officers = [o['id'] for o in c['officers'] if o['department'] == department
                and o.get('cert_no') and (o.get('cert_valid_from') or '') <= '2025-01-01'
                and (o.get('cert_valid_to') or '9999') >= today]
    if len(officers) < 2:   # only records that are refused before the rules
        officers = [o['id'] for o in c['officers']][:2]
    subs = {s['code'] for s in c['subitems'] if s['department'] == department
            and s['action_type'] == '0' and s.get('status') == '01'}
    for impl in c['implementations']:
        if impl['subitem'] in subs:
            return impl['subitem'], impl['code'], officers[:2]
    raise TestFailure(f'no inspection sub-item with an implementation entry in {department}')


def new_uuid():
    import uuid
    return str(uuid.uuid4())


def inspection(department, number, uuid_=None, revision=1, op='i', **overrides):
    catalogue_code, impl_code, officers = demo_inspection_base(department)
    fields = {
        'catalogue_code': catalogue_code,
        'impl_code': impl_code,
        'object_name': '揭阳市示例食品有限公司',
        'party_name': '揭阳市示例食品有限公司',
        'party_nature': '02',
        'party_doc_type': '001',
        'party_code': '91440300708461136T',
        'region': '445200',
        'name': '食品生产日常检查',
        'number': number,
        'check_form': '01',
        'check_category': '01',
        'check_result': '01',
        'check_time': '2025-03-18',
        'officers': ';'.join(officers),
    }
    fields.update(overrides)
    return {'uuid': uuid_ or new_uuid(), 'revision': revision, 'op': op,
            'kind': 'inspection', 'department': department, 'fields': fields}


def accepted(result):
    return result['status'] == 'accepted'


def test_login(tmp):
    with Api(tmp) as api:
        status, _r, obj, _ = api.call('POST', '/api/v1/login',
                                      {'username': 'rc-admin', 'password': DEMO_PASSWORD})
        check(status == 200, f'login: {status} {obj}')
        check(re.fullmatch(r'[A-Za-z0-9_-]{43}', obj['token']), f'token is base64url: {obj["token"]}')
        check(obj['username'] == 'rc-admin' and obj['department'] == RC and obj['role'] == 'admin',
              f'login answer: {obj}')
        check(obj['department_name'] == '揭阳市市场监督管理局', 'department name')
        check(obj['expires'] > time.time() + 3600, 'expires in the future (8 hours)')
        wrong = api.call('POST', '/api/v1/login', {'username': 'rc-admin', 'password': 'nope'})
        unknown = api.call('POST', '/api/v1/login', {'username': 'nobody', 'password': 'nope'})
        check(wrong[0] == 401 and unknown[0] == 401, 'wrong password and unknown user: 401')
        check(wrong[3] == unknown[3], 'the same answer for a wrong password and an unknown user')
        check(wrong[2]['error'] == 'unauthorized', 'error word')
        status, r, _o, _ = api.call('GET', '/api/v1/login')
        check(status == 405 and r.getheader('Allow') == 'POST', 'login is POST only')
        status, _r, _o, _ = api.call('POST', '/api/v1/login', raw=b'{not json')
        check(status == 400, 'login with a bad body: 400')
        token = api.login('reviewer')
        check(api.states(token)['changes'] == [], 'reviewer reads its department feed')


def test_logout(tmp):
    with Api(tmp) as api:
        token = api.login('rc-admin')
        other = api.login('rc-admin')
        api.states(token)
        status, _r, _o, body = api.call('POST', '/api/v1/logout', token=token)
        check(status == 204 and body == b'', f'logout: {status}')
        status, _r, obj, _ = api.call('GET', '/api/v1/changes/records', token=token)
        check(status == 401 and obj['error'] == 'unauthorized', 'revoked token: 401')
        api.states(other)   # another session stays signed in


def test_token_required(tmp):
    with Api(tmp) as api:
        for method, path in [('GET', '/api/v1/changes/records'), ('POST', '/api/v1/records'),
                             ('POST', '/api/v1/logout')]:
            for token in [None, 'garbage', 'A' * 43]:
                status, r, obj, _ = api.call(method, path, {'batch': 'x', 'records': []}, token)
                check(status == 401 and obj['error'] == 'unauthorized',
                      f'{method} {path} with token {token}: {status}')
                check(r.getheader('WWW-Authenticate', '').startswith('Bearer'), 'WWW-Authenticate')
        # Public: info and the catalogue feeds.
        check(api.call('GET', '/api/v1/info')[0] == 200, 'info without a token')
        check(api.call('GET', '/api/v1/changes/catalogue?limit=1')[0] == 200, 'catalogue without a token')
        check(api.call('GET', '/api/v1/changes/codes?limit=1')[0] == 200, 'codes without a token')


def test_token_expiry(tmp):
    # A few seconds of life, so that a loaded machine still uses the token
    # between login and the first request (1 s failed under CI load).
    with Api(tmp, '--token-ttl', '4') as api:
        token = api.login('rc-admin')
        api.states(token)
        time.sleep(5.1)
        status, _r, obj, _ = api.call('GET', '/api/v1/changes/records', token=token)
        check(status == 401 and obj['error'] == 'unauthorized', f'expired token: {status}')
    with Api(os.path.join(tmp, 'b'), '--fault', 'expire-tokens') as api:
        token = api.login('rc-admin')
        status, _r, obj, _ = api.push(token, [inspection(RC, 'JC-1')])
        check(status == 401 and obj['error'] == 'unauthorized', f'--fault expire-tokens: {status}')
        check(api.call('GET', '/api/v1/changes/catalogue?limit=1')[0] == 200, 'catalogue still public')


def test_add_account(tmp):
    data = os.path.join(tmp, 'data')
    s = Server(tmp, '--demo', env=FAST_ENV)
    s.stop()

    def add(*args, password='Secret-Pass-1\n'):
        return subprocess.run([BIN, 'add-account', '--data', data] + list(args),
                              input=password, capture_output=True, text=True, env=FAST_ENV)

    p = add('--department', HJ, '--role', 'reviewer', 'hj-review')
    check(p.returncode == 0, f'add-account: {p.stderr}')
    p = add('--department', HJ, '--role', 'reviewer', 'hj-review')
    check(p.returncode != 0 and 'already' in p.stderr, f'duplicate name refused: {p.stderr}')
    p = add('--department', '000000000000000000', '--role', 'admin', 'x')
    check(p.returncode != 0, 'unknown department refused')
    p = add('--department', HJ, '--role', 'boss', 'y')
    check(p.returncode != 0, 'unknown role refused')
    p = add('--department', HJ, '--role', 'admin', 'z', password='\n')
    check(p.returncode != 0, 'empty password refused')
    with Api(tmp) as api:
        status, _r, obj, _ = api.call('POST', '/api/v1/login',
                                      {'username': 'hj-review', 'password': 'Secret-Pass-1'})
        check(status == 200 and obj['role'] == 'reviewer' and obj['department'] == HJ,
              f'login of the new account: {status} {obj}')
        token = obj['token']
        status, _r, obj, _ = api.push(token, [inspection(HJ, 'JC-1')])
        check(status == 403 and obj['error'] == 'forbidden', f'a reviewer cannot push: {status}')
        check(wait_line(api.server, lambda l: l.startswith('FORBIDDEN user=hj-review ')),
              'reviewer push logged')


def test_push_accepted(tmp):
    with Api(tmp) as api:
        token = api.login('rc-admin')
        recs = [inspection(RC, f'JC-2026-{i:04d}') for i in range(3)]
        status, _r, obj, _ = api.push(token, recs, batch='20261125-007')
        check(status == 200, f'push: {status} {obj}')
        check(obj['batch'] == '20261125-007', 'batch echoed')
        check([r['uuid'] for r in obj['results']] == [r['uuid'] for r in recs], 'results in order')
        check(all(accepted(r) for r in obj['results']), f'all accepted: {obj}')
        feed = api.states(token)
        check(feed['feed'] == 'records', 'feed name')
        states = {c['key']: c['data'] for c in feed['changes']}
        check(set(states) == {r['uuid'] for r in recs}, 'one state per record')
        check(all(d['state'] == 'accepted' and d['revision'] == 1 and d['reasons'] == []
                  for d in states.values()), f'states: {states}')
        check(all(c['type'] == 'record' and c['op'] == 'put' for c in feed['changes']), 'types')
        # A new revision, then a deletion.
        rec2 = inspection(RC, 'JC-2026-0000', uuid_=recs[0]['uuid'], revision=2, op='u',
                          check_result='02')
        dele = {'uuid': recs[1]['uuid'], 'revision': 2, 'op': 'd', 'kind': 'inspection',
                'department': RC}
        status, _r, obj, _ = api.push(token, [rec2, dele])
        check(status == 200 and all(accepted(r) for r in obj['results']), f'update+delete: {obj}')
        later = api.states(token, feed['cursor'])
        got = {c['key']: c['data'] for c in later['changes']}
        check(got[recs[0]['uuid']]['revision'] == 2, 'revision 2 accepted')
        check(got[recs[1]['uuid']]['op'] == 'd', 'deletion recorded')
        # A deleted record's number is free again.
        status, _r, obj, _ = api.push(token, [inspection(RC, 'JC-2026-0001')])
        check(accepted(obj['results'][0]), f'number of a deleted record reused: {obj}')
        # Penalty linked to an inspection on the server: a missing one is 422.


def test_push_idempotent(tmp):
    with Api(tmp) as api:
        token = api.login('rc-admin')
        recs = [inspection(RC, f'JC-{i}') for i in range(2)]
        first = api.push(token, recs)
        feed1 = api.states(token)
        second = api.push(token, recs)
        check(first[0] == 200 and second[0] == 200, 'both 200')
        check(all(accepted(r) for r in second[2]['results']), f'resend accepted: {second[2]}')
        feed2 = api.states(token)
        check(len(feed2['changes']) == 2, f'stored once: {feed2["changes"]}')
        check(feed2['latest'] == feed1['latest'], 'an identical resend changes nothing')
        # Member order and empty fields do not make a payload different.
        again = copy.deepcopy(recs[0])
        again['fields'] = dict(reversed(list(again['fields'].items())), plan_id='')
        status, _r, obj, _ = api.push(token, [again])
        check(accepted(obj['results'][0]), f'same record, other member order: {obj}')
        check_body_variants(api, token)


def raw_batch(records_json, batch='"20261125-009"', extra=''):
    return ('{"batch":' + batch + ',"records":[' + ','.join(records_json) + ']' + extra + '}').encode()


def check_body_variants(api, token):
    """Bodies the server's fast reader leaves to json-glib (escapes it may
    decode differently, numbers and nesting where nothing is read) mean
    what json-glib says: a resend of the same revision that reads the same
    is accepted. A member twice, or a comment, is not JSON the server
    takes (PROTOCOL.md, "Limits")."""
    rec = inspection(RC, 'JC-V1', object_name='揭阳 😀 “示例”\t店')
    plain = json.dumps(rec, ensure_ascii=False)
    status, _r, obj, _ = api.call('POST', '/api/v1/records', token=token, raw=raw_batch([plain]))
    check(status == 200 and accepted(obj['results'][0]), f'first push: {status} {obj}')
    fields = rec['fields']
    number = json.dumps(fields['number'])
    no_number = {k: v for k, v in fields.items() if k != 'number'}
    head = {k: v for k, v in rec.items() if k != 'fields'}
    deep = '[' * 50 + ']' * 50   # within the 64 levels a body may nest
    same = [
        # \u escapes, a surrogate pair among them.
        json.dumps(rec, ensure_ascii=True),
        # White space of every JSON kind between the tokens.
        json.dumps(rec, ensure_ascii=False, indent='\t').replace('\n', '\r\n'),
        # Members the server does not read, of any kind and depth.
        json.dumps(dict(rec, note=[1.5, -0, 1E+3, True, None, {}, {'a': {'b': 'c'}}], deep=None))
        .replace('"deep": null', '"deep": ' + deep),
    ]
    for i, body in enumerate(same):
        status, _r, obj, _ = api.call('POST', '/api/v1/records', token=token, raw=raw_batch([body]))
        check(status == 200 and accepted(obj['results'][0]), f'variant {i} reads the same: {status} {obj}')
    # A member twice (json-glib would keep the last), a comment (json-glib
    # would skip it): refused, whatever they would read as.
    refused = [
        json.dumps(head)[:-1] + ',"fields":' + json.dumps(no_number)[:-1]
        + ',"number":5,"number":' + number + '}}',
        json.dumps(head)[:-1] + ',"uuid":"not-a-uuid","uuid":' + json.dumps(rec['uuid'])
        + ',"fields":' + json.dumps(fields) + '}',
        json.dumps(head)[:-1] + ',"fields":' + json.dumps(fields)[:-1] + ',"number":"JC-OTHER"}}',
        '{/* c */' + json.dumps(rec)[1:],
    ]
    for i, body in enumerate(refused):
        status, _r, obj, _ = api.call('POST', '/api/v1/records', token=token, raw=raw_batch([body]))
        check(status == 400 and obj['error'] == 'bad-request', f'refused {i}: {status} {obj}')
    # Unknown fields and rule errors: the same answer, byte for byte,
    # whichever reader reads the body.
    bad = inspection(RC, 'JC-V2', party_code='X', zz_unknown='1', aa_unknown='2')
    bodies = [raw_batch([json.dumps(bad)]),
              raw_batch([json.dumps(bad)], extra=',"client":{"version":2}')]
    answers = [api.call('POST', '/api/v1/records', token=token, raw=b)[3] for b in bodies]
    check(answers[0] == answers[1], f'same answer from both readers: {answers}')
    res = json.loads(answers[0])['results'][0]
    check(res['code'] == 422 and [r['field'] for r in res['reasons']][:2] == ['zz_unknown', 'aa_unknown'],
          f'unknown fields first, in body order: {res}')


def test_push_conflict(tmp):
    with Api(tmp) as api:
        token = api.login('rc-admin')
        a, b = inspection(RC, 'JC-A'), inspection(RC, 'JC-B')
        check(all(accepted(r) for r in api.push(token, [a, b])[2]['results']), 'first push')
        changed = copy.deepcopy(a)
        changed['fields']['name'] = '另一个名称'
        c = inspection(RC, 'JC-C')
        status, _r, obj, _ = api.push(token, [changed, b, c])
        check(status == 200, f'200 with per-record results: {status}')
        res = obj['results']
        check(res[0]['status'] == 'rejected' and res[0]['code'] == 409, f'conflict: {res[0]}')
        check(accepted(res[1]) and accepted(res[2]), f'the others accepted: {res}')
        # An older revision is a conflict too.
        a2 = inspection(RC, 'JC-A', uuid_=a['uuid'], revision=2, op='u')
        check(accepted(api.push(token, [a2])[2]['results'][0]), 'revision 2')
        a1 = inspection(RC, 'JC-A', uuid_=a['uuid'], revision=1, op='u', name='旧的')
        res = api.push(token, [a1])[2]['results'][0]
        check(res['status'] == 'rejected' and res['code'] == 409, f'older revision: {res}')
        states = {c['key']: c['data'] for c in api.states(token)['changes']}
        check(states[a['uuid']]['revision'] == 2 and states[a['uuid']]['state'] == 'accepted',
              'the server still stands on revision 2')


def test_push_rules(tmp):
    with Api(tmp) as api:
        token = api.login('rc-admin')
        bad = inspection(RC, 'JC-X', party_code='91440300708461136A')
        good = inspection(RC, 'JC-Y')
        dup = inspection(RC, 'JC-Y')
        future = inspection(RC, 'JC-Z', check_time='2999-01-01')
        penalty = {'uuid': new_uuid(), 'revision': 1, 'op': 'i', 'kind': 'penalty',
                   'department': RC, 'fields': {'inspection_number': 'NO-SUCH'}}
        status, _r, obj, _ = api.push(token, [bad, good, dup, future, penalty])
        check(status == 200, f'push: {status}')
        res = obj['results']
        check(res[0]['status'] == 'rejected' and res[0]['code'] == 422, f'bad credit code: {res[0]}')
        check(any(r['field'] == 'party_code' and r['message'] for r in res[0]['reasons']),
              f'reason names party_code: {res[0]["reasons"]}')
        check(accepted(res[1]), f'good record accepted: {res[1]}')
        check(res[2]['code'] == 409 and [r['field'] for r in res[2]['reasons']] == ['number'],
              f'number taken: {res[2]}')
        check(res[3]['code'] == 422 and any(r['field'] == 'check_time' for r in res[3]['reasons']),
              f'future date: {res[3]}')
        check(res[4]['code'] == 422 and any(r['field'] == 'inspection_number' for r in res[4]['reasons']),
              f'link to a missing inspection: {res[4]}')
        states = {c['key']: c['data'] for c in api.states(token)['changes']}
        check(states[bad['uuid']]['state'] == 'rejected'
              and states[bad['uuid']]['reasons'] == res[0]['reasons'], 'rejected state with reasons')
        # Fixed and sent again with the same revision: accepted.
        bad['fields']['party_code'] = '91440300708461136T'
        bad['fields']['number'] = 'JC-X2'
        check(accepted(api.push(token, [bad])[2]['results'][0]), 'fixed record accepted')


def test_push_forbidden(tmp):
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        hj = api.login('hj-admin')
        mine = inspection(RC, 'JC-1')
        theirs = inspection(HJ, 'HJ-1')
        status, _r, obj, _ = api.push(rc, [theirs, mine])
        check(status == 200, 'per-record results')
        check(obj['results'][0]['code'] == 403, f'other department: {obj["results"][0]}')
        check(accepted(obj['results'][1]), 'own record accepted')
        check(wait_line(api.server, lambda l: l == f'FORBIDDEN user=rc-admin department={RC} wanted={HJ}'),
              f'logged: {api.server.lines[-5:]}')
        # hj-admin cannot take over rc's record by its uuid.
        hijack = inspection(HJ, 'HJ-2', uuid_=mine['uuid'], revision=2, op='u')
        res = api.push(hj, [hijack])[2]['results'][0]
        check(res['code'] == 403, f'uuid of another department: {res}')
        # Each department reads only its own states.
        check([c['key'] for c in api.states(rc)['changes']] == [mine['uuid']], 'rc sees its record')
        check(api.states(hj)['changes'] == [], 'hj sees nothing of rc')
        check(api.call('GET', f'/api/v1/changes/records?department={RC}', token=hj)[2]['changes'] == [],
              'no way to ask for another department')


def test_records_content(tmp):
    """The record feed carries what the server holds of each record, so
    that a new workstation restores its department's records."""
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        hj = api.login('hj-admin')
        recs = [inspection(RC, f'JC-2026-W01-{i:04d}') for i in range(5)]
        check(all(accepted(r) for r in api.push(rc, recs)[2]['results']), 'first push')
        # (The demo has no inspection hj could get accepted: its state is
        # enough to tell the feeds apart.)
        theirs = inspection(HJ, 'JC-2026-W01-0000')
        check(api.push(hj, [theirs])[0] == 200, 'hj pushes its own')
        # Paged by cursor, one record a page: every record, with its content.
        held = {}
        cursor, pages = 0, 0
        while True:
            status, _r, page, _ = api.call('GET', f'/api/v1/changes/records?since={cursor}&limit=2',
                                           token=rc)
            check(status == 200, f'page: {status}')
            for c in page['changes']:
                held[c['key']] = c['data']['held']
            cursor, pages = page['cursor'], pages + 1
            if not page['more']:
                break
        check(pages == 3, f'5 records in pages of 2: {pages}')
        check(set(held) == {r['uuid'] for r in recs}, 'only the department\'s own records')
        for r in recs:
            h = held[r['uuid']]
            check(h['revision'] == 1 and h['op'] == 'i' and h['kind'] == 'inspection'
                  and h['department'] == RC and h['number'] == r['fields']['number']
                  and h['fields'] == r['fields'], f'held content: {h}')
        # A new revision replaces the content; a rejected one leaves it.
        a = recs[0]
        a2 = inspection(RC, a['fields']['number'], uuid_=a['uuid'], revision=2, op='u',
                        name='食品生产专项检查')
        check(accepted(api.push(rc, [a2])[2]['results'][0]), 'revision 2')
        a3 = inspection(RC, a['fields']['number'], uuid_=a['uuid'], revision=3, op='u',
                        party_code='X')
        check(api.push(rc, [a3])[2]['results'][0]['code'] == 422, 'revision 3 refused')
        d = {'uuid': recs[1]['uuid'], 'revision': 1, 'op': 'd', 'kind': 'inspection',
             'department': RC}
        check(accepted(api.push(rc, [d])[2]['results'][0]), 'deletion')
        later = {c['key']: c['data'] for c in api.states(rc, cursor)['changes']}
        check(later[a['uuid']]['state'] == 'rejected' and later[a['uuid']]['revision'] == 3,
              f'state of revision 3: {later[a["uuid"]]}')
        h = later[a['uuid']]['held']
        check(h['revision'] == 2 and h['fields']['name'] == '食品生产专项检查', f'still holds 2: {h}')
        h = later[recs[1]['uuid']]['held']
        check(h['op'] == 'd' and h['deleted'] is True and 'fields' not in h, f'tombstone: {h}')
        # hj reads only its own.
        hj_feed = api.states(hj)['changes']
        check([c['key'] for c in hj_feed] == [theirs['uuid']]
              and hj_feed[0]['data'].get('held', {}).get('department', HJ) == HJ,
              f'hj sees its own only: {hj_feed}')


def test_workstations(tmp):
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        hj = api.login('hj-admin')
        reviewer = api.login('reviewer')

        def register(token, installation):
            return api.call('POST', '/api/v1/workstations', {'installation': installation}, token)

        status, _r, obj, _ = register(None, 'a1')
        check(status == 401, f'without a token: {status}')
        for bad in ['', 'x' * 65, 'a b', 'ü', None]:
            status, _r, obj, _ = register(rc, bad)
            check(status == 400 and obj['error'] == 'bad-request', f'installation {bad!r}: {status}')
        check(api.call('GET', '/api/v1/workstations', token=rc)[0] == 405, 'POST only')
        first = register(rc, 'install-1')
        check(first[0] == 200 and first[2] == {'installation': 'install-1', 'department': RC,
                                               'code': 'W01'}, f'first: {first[2]}')
        check(register(rc, 'install-1')[2]['code'] == 'W01', 'same installation, same code')
        check(register(rc, 'install-2')[2]['code'] == 'W02', 'a second workstation: W02')
        check(register(reviewer, 'install-3')[2]['code'] == 'W03', 'a reviewer\'s workstation')
        check(register(hj, 'install-1')[2] == {'installation': 'install-1', 'department': HJ,
                                               'code': 'W01'}, 'codes are per department')
        check(wait_line(api.server, lambda l: l == f'WORKSTATION user=rc-admin department={RC} code=W02'),
              'registration logged')
    # Kept across restarts (same data directory).
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        status, _r, obj, _ = api.call('POST', '/api/v1/workstations', {'installation': 'install-2'}, rc)
        check(status == 200 and obj['code'] == 'W02', f'after a restart: {obj}')


def test_duplicate_number(tmp):
    """Two workstations that numbered two records alike: the server keeps
    the first and refuses the second with a reason the client can word in
    its own language."""
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        first = inspection(RC, 'JC-2026-0001')
        second = inspection(RC, 'JC-2026-0001')
        check(accepted(api.push(rc, [first])[2]['results'][0]), 'first')
        res = api.push(rc, [second])[2]['results'][0]
        check(res['status'] == 'rejected' and res['code'] == 409, f'second: {res}')
        reason = res['reasons'][0]
        check(reason['field'] == 'number' and reason['args'] == ['JC-2026-0001']
              and reason['template'].startswith('Another record of this department already has')
              and 'JC-2026-0001' in reason['message'], f'reason: {reason}')
        # The refused record keeps no state of its own: nothing is held of it.
        states = {c['key']: c['data'] for c in api.states(rc)['changes']}
        check(second['uuid'] not in states, f'409 leaves no state: {states}')
        # Renumbered, it is accepted.
        second['fields']['number'] = 'JC-2026-W02-0001'
        check(accepted(api.push(rc, [second])[2]['results'][0]), 'renumbered')


def test_push_malformed(tmp):
    with Api(tmp) as api:
        token = api.login('rc-admin')
        good = inspection(RC, 'JC-1')
        no_uuid = inspection(RC, 'JC-2')
        del no_uuid['uuid']
        bodies = [
            b'not json',
            b'[]',
            json.dumps({'batch': 'b'}).encode(),
            json.dumps({'records': [good]}).encode(),
            json.dumps({'batch': 'b', 'records': [good, no_uuid]}).encode(),
            json.dumps({'batch': 'b', 'records': [good, dict(good, uuid=new_uuid(), revision=0)]}).encode(),
            json.dumps({'batch': 'b', 'records': [good, dict(good, uuid=new_uuid(), op='x')]}).encode(),
            json.dumps({'batch': 'b', 'records': [good, dict(good, uuid=new_uuid(), kind='x')]}).encode(),
            json.dumps({'batch': 'b', 'records': [good] * 1001}).encode(),
            json.dumps({'batch': 'b', 'records': [good, dict(good, uuid=new_uuid(), fields={'number': 5})]}).encode(),
        ]
        for body in bodies:
            status, _r, obj, _ = api.call('POST', '/api/v1/records', token=token, raw=body)
            check(status == 400 and obj['error'] == 'bad-request',
                  f'{body[:60]!r}: {status} {obj}')
        # The first error wins: records in order, and in a record uuid,
        # revision, op, kind, department, fields, whatever the member order.
        rev = 'has no valid "revision" (an integer ≥ 1)'
        g = json.dumps(good)
        late_uuid = json.dumps(dict(good, uuid='x', op='x'))
        messages = [
            (raw_batch([g, json.dumps(dict(good, revision=1.5))]), f'records[1] {rev}'),
            (raw_batch([g, json.dumps(dict(good, revision='1'))]), f'records[1] {rev}'),
            (raw_batch([g, json.dumps(dict(good, revision=4294967296))]), f'records[1] {rev}'),
            (raw_batch([g, g.replace('"revision": 1', '"revision": 1e0')]), f'records[1] {rev}'),
            (raw_batch([g.replace('"number": "JC-1"', '"number": "JC-1", "number": 5'), late_uuid]),
             'An object of the body has a member twice'),
            (raw_batch([g, '{"op": "x", "revision": 0, "uuid": "x"}']),
             'records[1] has no valid "uuid"'),
            (raw_batch([g, json.dumps(dict(good, fields=['a']))]), 'records[1].fields is not an object'),
            (raw_batch([g, json.dumps(dict(good, department=''))]), 'records[1] has no "department"'),
            (raw_batch([g, '[]']), 'records[1] is not an object'),
            (raw_batch([g], batch='"' + 'b' * 65 + '"'), '"batch" must be a string of 1 to 64 characters'),
            (raw_batch([g], batch='""'), '"batch" must be a string of 1 to 64 characters'),
            (raw_batch([g] * 1001), 'A batch holds at most 1000 records, not 1001'),
            (b'{"batch": "b", "records": {}}', '"records" must be an array'),
            (b'"batch"', 'The body is not a JSON object'),
            # Not JSON, though yajl alone would take some of them.
            (raw_batch([g]) + b'"', None),
            (raw_batch([g]) + b' x', None),
            (raw_batch([g]).replace(b',', b',\f', 1), None),
            (raw_batch([g]).replace(b',', b',\v', 1), None),
            (raw_batch([g.replace('"JC-1"', '"JC-@"')]).replace(b'@', b'\xff'), None),
            (raw_batch([g]) + b'\0', None),
        ]
        for body, message in messages:
            status, _r, obj, _ = api.call('POST', '/api/v1/records', token=token, raw=body)
            check(status == 400 and obj['error'] == 'bad-request', f'{body[:60]!r}: {status} {obj}')
            if message is None:
                message = obj['message'] if obj['message'].startswith('The body is not JSON: ') else ''
            check(obj['message'] == message, f'{body[:60]!r}: {obj["message"]!r}, not {message!r}')
        check(api.states(token)['changes'] == [], 'nothing stored')
        status, r, _o, _ = api.call('GET', '/api/v1/records', token=token)
        check(status == 405 and r.getheader('Allow') == 'POST', 'records is POST only')


@contextlib.contextmanager
def record_fault_run(tmp, kind, *extra):
    """A demo server with --fault @kind, an rc-admin token and a record."""
    with Api(tmp, '--fault', kind, *extra) as api:
        yield api, api.login('rc-admin'), inspection(RC, 'JC-F')


def test_records_fault_500(tmp):
    with record_fault_run(tmp, '500') as (api, token, rec):
        status, _r, obj, _ = api.push(token, [rec])
        check(status == 500 and obj['error'] == 'server-error', f'500: {status}')
        check(api.call('GET', '/api/v1/changes/records', token=token)[0] == 500, 'feed faulted too')


def test_records_fault_429(tmp):
    with record_fault_run(tmp, '429', '--fault-after', '1') as (api, token, rec):
        status, _r, _o, _ = api.push(token, [rec])
        check(status == 200, 'first request answered normally (--fault-after 1)')
        status, r, obj, _ = api.push(token, [rec])
        check(status == 429 and r.getheader('Retry-After') == '2', f'429: {status}')


def test_records_fault_malformed(tmp):
    with record_fault_run(tmp, 'malformed', '--fault-after', '1') as (api, token, rec):
        status, _r, obj, body = api.push(token, [rec])
        check(status == 200 and accepted(obj['results'][0]), 'first push normal')
        rec2 = inspection(RC, 'JC-G')
        status, _r, obj, body = api.push(token, [rec2])
        check(status == 200 and obj is None, f'malformed answer: {body[:80]!r}')
    # The batch was stored all the same: the state feed tells (unfaulted server).
    with Api(tmp) as api:
        token = api.login('rc-admin')
        keys = {c['key'] for c in api.states(token)['changes']}
        check({rec['uuid'], rec2['uuid']} <= keys, 'a lost answer is learnt from the feed')
        check(accepted(api.push(token, [rec2])[2]['results'][0]), 'resend accepted')


def test_records_fault_truncate(tmp):
    with record_fault_run(tmp, 'truncate') as (api, token, rec):
        try:
            status, _r, _o, _ = api.push(token, [rec])
            raise TestFailure(f'expected a broken answer, got {status}')
        except http.client.IncompleteRead:
            pass


def test_records_fault_delay(tmp):
    with record_fault_run(tmp, 'delay', '--fault-delay-ms', '700') as (api, token, rec):
        t0 = time.monotonic()
        status, _r, obj, _ = api.push(token, [rec])
        check(status == 200 and accepted(obj['results'][0]), 'delayed answer is normal')
        check(time.monotonic() - t0 >= 0.6, 'delayed')


# --- Catalogue files read with yajl: bad files, stored text ---------------


def _db_rows(data):
    """Every row of the change log, to see that a failed load wrote nothing."""
    import sqlite3
    db = sqlite3.connect(os.path.join(data, 'server.db'))
    try:
        return db.execute('SELECT seq, feed, type, key, op, data FROM change'
                          ' ORDER BY seq').fetchall()
    finally:
        db.close()


def test_load_bad_files(tmp):
    data = os.path.join(tmp, 'data')
    load_ok(data, FIXTURE)
    before = _db_rows(data)
    with open(FIXTURE, 'rb') as f:
        text = f.read()
    name_at = text.index('"name"'.encode())
    cat = fixture()
    wrong_type = copy.deepcopy(cat)
    wrong_type['items'][0]['code'] = 44520012000100
    cases = {
        # name: (bytes, what the message must say)
        'empty.json': (b'', 'empty.json:1: invalid JSON: the file is empty'),
        'blank.json': (b'  \n\n', 'the file is empty'),
        'truncated.json': (text[:len(text) // 2], 'unexpected end of file'),
        'cut-in-string.json': (text[:name_at + 3], 'unexpected end of file'),
        'bad-utf8.json': (text[:name_at] + b'"name": "\xff\xfe", ' + text[name_at:],
                          'invalid UTF-8'),
        'surrogate-utf8.json': (b'{"items": [{"code": "1", "name": "\xed\xa0\x80"}]}',
                                'invalid UTF-8'),
        'lone-surrogate.json': (b'{"items": [{"code": "1", "name": "\\ud800x"}]}',
                                'unpaired surrogate'),
        'wrong-type.json': (json.dumps(wrong_type).encode(),
                            'items[0]: "code" must be a non-empty string'),
        'not-array.json': (json.dumps({'format': FORMAT, 'codes': 'x'}).encode(),
                           '"codes" must be an array'),
        'format-type.json': (json.dumps({'format': 1}).encode(), 'unknown "format"'),
        'element-type.json': (json.dumps({'officers': [1]}).encode(),
                              'officers[0]: not a JSON object'),
        'top-array.json': (b'[]', 'one JSON object'),
        'twice.json': (b'{"items": [],\n"items": []}', 'twice.json:2'),
        'deep.json': (b'{"items": [{"code": "1", "x": ' + b'[' * 300 + b']' * 300 + b'}]}',
                      'nested too deeply'),
        # An error after arrays out of kind order (read again later): still nothing.
        'late-error.json': (json.dumps({'officers': [{'id': 'o-new'}],
                                        'items': [{'code': '44520099000100'},
                                                  {'name': 'no code'}]}).encode(),
                            'items[1]'),
    }
    for name, (body, needle) in cases.items():
        path = os.path.join(tmp, name)
        with open(path, 'wb') as f:
            f.write(body)
        res = run_load(data, path)
        check(res.returncode == 1, f'{name}: exit status {res.returncode}: {res.stderr!r}')
        check(needle in res.stderr, f'{name}: {res.stderr!r} lacks {needle!r}')
        check(res.stderr.count('\n') == 1, f'{name}: one line: {res.stderr!r}')
        check(_db_rows(data) == before, f'{name}: the database changed')


def _u_escape(c):
    """One character as JSON \\u escapes (a surrogate pair past U+FFFF)."""
    cp = ord(c)
    if cp < 0x10000:
        return f'\\u{cp:04X}'
    cp -= 0x10000
    return f'\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}'


def test_load_canonical(tmp):
    # What is stored is compact JSON with the file's members, in order, and
    # values (numbers as written); the same values escaped or spaced
    # differently are no change.
    data = os.path.join(tmp, 'data')
    cat = fixture()
    sub = cat['subitems'][0]
    sub['note'] = 'a/b \\ "q" \t\u0001 é 😀'
    sub['n'] = 'NUMBERS'
    plain = write_json(os.path.join(tmp, 'plain.json'), cat)
    with open(plain, encoding='utf-8') as f:
        text = f.read().replace('"NUMBERS"', '[1.50, -0, 1E+3, true, null, {}, [ ]]')
    for name, ascii_only in (('plain.json', False), ('escaped.json', True)):
        path = os.path.join(tmp, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text if not ascii_only else
                    ''.join(c if ord(c) < 0x80 else _u_escape(c) for c in text))
        res = load_ok(data, path)
        if not ascii_only:
            check('16 added' in res.stderr, res.stderr)
            rows = _db_rows(data)
        else:
            check('0 added, 0 changed, 16 unchanged' in res.stderr, res.stderr)
            check(_db_rows(data) == rows, 'nothing rewritten')
    sub['n'] = None
    for _seq, _feed, _type, key, _op, stored in rows:
        want = [e for e in entities(cat).items() if e[0][1] == key][0][1]
        want = json.dumps(want, ensure_ascii=False, separators=(',', ':'))
        if key == sub['code']:
            want = want.replace('"n":null', '"n":[1.50,-0,1E+3,true,null,{},[]]')
        check(stored == want, f'{key}: stored {stored!r}, expected {want!r}')


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith('test_')}


if __name__ == '__main__':
    sys.exit(run_tests(TESTS, sys.argv, 'jg-server-test-'))
