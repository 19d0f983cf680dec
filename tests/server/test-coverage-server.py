#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of jianguan-server's coverage and the city's view (PROTOCOL.md,
"Coverage", "The city's view"), against the real binary.

    test-coverage-server.py [TEST ...]     (no argument: every test)

The expected figures are computed here from data/demo/catalogue.json with
the definition the protocol states, not with the server's code.
"""

import json
import math
import os
import subprocess
import sys
import uuid

from jgserver import BIN, DEMO_DIR, FAST_ENV, HJ, RC, Api, check, run_tests, wait_line

RONGCHENG = '11445202727219855B'   # 揭阳市榕城区市场监督管理局: shares RC's sub-items
CITY_DEPT = '11445200002479764P'   # 揭阳市发展和改革局, city-admin's
PARTY = '91440300708461136T'


def catalogue():
    with open(os.path.join(DEMO_DIR, 'catalogue.json'), encoding='utf-8') as f:
        return json.load(f)


def items_of(c, department):
    """The department's items: sub-items in use with an implementation
    entry whose body is the department."""
    subs = {s['code']: s for s in c['subitems'] if s.get('status') == '01'}
    return sorted({i['subitem'] for i in c['implementations']
                   if i['body_code'] == department and i['subitem'] in subs})


def inspection_targets(c, department, n):
    """@n inspection items of @department with an implementation entry
    each, and two officers with valid certificates."""
    subs = {s['code']: s for s in c['subitems'] if s.get('status') == '01' and s['action_type'] == '0'}
    seen, out = set(), []
    for i in c['implementations']:
        if i['body_code'] == department and i['subitem'] in subs and i['subitem'] not in seen:
            seen.add(i['subitem'])
            out.append((i['subitem'], i['code']))
    officers = [o['id'] for o in c['officers'] if o['department'] == department
                and o.get('cert_no') and (o.get('cert_valid_from') or '') <= '2025-01-01'
                and (o.get('cert_valid_to') or '9999') >= '2027-01-01']
    check(len(out) >= n and len(officers) >= 2, f'{department}: {len(out)} items, {len(officers)} officers')
    return out[:n], officers[:2]


def inspection(department, number, item, officers, check_time, **overrides):
    fields = {
        'catalogue_code': item[0], 'impl_code': item[1],
        'object_name': '揭阳市示例食品有限公司', 'party_name': '揭阳市示例食品有限公司',
        'party_nature': '02', 'party_doc_type': '001', 'party_code': PARTY, 'region': '445200',
        'name': '食品生产日常检查', 'number': number, 'check_form': '01', 'check_category': '01',
        'check_result': '01', 'check_time': check_time, 'officers': ';'.join(officers),
    }
    fields.update(overrides)
    return {'uuid': str(uuid.uuid4()), 'revision': 1, 'op': 'i', 'kind': 'inspection',
            'department': department, 'fields': fields}


def get(api, path, token):
    status, _r, obj, _ = api.call('GET', path, token=token)
    return status, obj


def seed(api, token, c):
    """Four accepted inspections of RC: items 0 and 1 in 2026 (item 0
    twice), item 2 in 2025; and one record the server rejects."""
    items, officers = inspection_targets(c, RC, 3)
    recs = [inspection(RC, 'JC-2026-C001', items[0], officers, '2026-03-18'),
            inspection(RC, 'JC-2026-C002', items[0], officers, '2026-07-02'),
            inspection(RC, 'JC-2026-C003', items[1], officers, '2026-11-20'),
            inspection(RC, 'JC-2025-C004', items[2], officers, '2025-12-31')]
    status, _r, obj, _ = api.push(token, recs)
    check(status == 200 and all(r['status'] == 'accepted' for r in obj['results']), f'seed: {obj}')
    # An inspection without its check time is refused.
    bad = inspection(RC, 'JC-2026-C005', items[1], officers, '')
    status, _r, obj, _ = api.push(token, [bad], batch='20261125-002')
    check(status == 200 and obj['results'][0]['status'] == 'rejected', f'rejected: {obj}')
    return items


def test_coverage_figures(tmp):
    c = catalogue()
    rc_items = items_of(c, RC)
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        items = seed(api, rc, c)
        status, cov = get(api, f'/api/v1/coverage?from=2026-01-01&to=2026-12-04', rc)
        check(status == 200, f'coverage: {status} {cov}')
        check(cov['department'] == RC and cov['department_name'] == '揭阳市市场监督管理局', 'department')
        check(cov['items'] == len(rc_items), f'items: {cov["items"]} != {len(rc_items)}')
        check(cov['covered'] == 2, f'two items covered in 2026 (2025 is out): {cov["covered"]}')
        expect = round(2 * 1000 / len(rc_items)) / 10
        check(abs(cov['coverage'] - expect) < 1e-9, f'coverage {cov["coverage"]} != {expect}')
        check(cov['target'] == 100 and cov['target_from'] == '2026-12-01', f'December: 100% ({cov})')
        check(cov['gap'] == len(rc_items) - 2 and cov['target_items'] == len(rc_items), 'gap')
        check(cov['next_target'] is None, 'no target after December')
        check([p['code'] for p in cov['per_item']] == rc_items, 'every item, in code order')
        counts = {p['code']: p['count'] for p in cov['per_item']}
        check(counts[items[0][0]] == 2 and counts[items[1][0]] == 1 and counts[items[2][0]] == 0,
              f'per-item counts: {[counts[i[0]] for i in items]}')
        check(all(p['action_type'] in '0123' and p['body'] for p in cov['per_item']), 'kind and body')
        # The period's bounds are days, both included.
        status, july = get(api, '/api/v1/coverage?from=2026-07-02&to=2026-07-02', rc)
        check(july['covered'] == 1, f'one day, both bounds: {july["covered"]}')
        # The target of the day: none before June, 80% from June.
        status, may = get(api, '/api/v1/coverage?to=2026-05-31', rc)
        check(may['from'] == '2026-01-01', 'from defaults to 1 January of to\'s year')
        check(may['target'] == 0 and may['gap'] == 0 and may['next_target'] == 80
              and may['next_target_from'] == '2026-06-01', f'May: {may}')
        status, june = get(api, '/api/v1/coverage?to=2026-06-01', rc)
        check(june['target'] == 80 and june['target_items'] == math.ceil(0.8 * len(rc_items))
              and june['gap'] == math.ceil(0.8 * len(rc_items)) - 1, f'June: {june}')
        check(june['targets'] == '06-01=80;12-01=100', 'the rules travel with the answer')
        # The city count: 榕城 has none of its own, RC's count for it.
        city = api.login('city-admin')
        status, rong = get(api, f'/api/v1/coverage?department={RONGCHENG}&from=2026-01-01&to=2026-12-04',
                           city)
        check(status == 200 and rong['covered'] == 0, f'榕城: {status} {rong}')
        by_code = {p['code']: p for p in rong['per_item']}
        check(by_code[items[0][0]]['count'] == 0 and by_code[items[0][0]]['city_count'] == 2,
              'another department\'s records count for the city')
        nowhere = [p for p in rong['per_item'] if p['city_count'] == 0]
        check(len(nowhere) == len(rong['per_item']) - 2, 'the rest has no record in the city')


def test_coverage_isolation(tmp):
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        hj = api.login('hj-admin')
        reviewer = api.login('reviewer')
        city = api.login('city-admin')
        check(get(api, '/api/v1/coverage', hj)[0] == 200, 'own department')
        check(get(api, f'/api/v1/coverage?department={HJ}', hj)[0] == 200, 'own department, named')
        status, obj = get(api, f'/api/v1/coverage?department={HJ}', rc)
        check(status == 403 and obj['error'] == 'forbidden', f'admin, other department: {status}')
        check(wait_line(api.server, lambda l: 'FORBIDDEN user=rc-admin' in l and 'wanted=coverage' in l),
              'the refusal is logged')
        check(get(api, f'/api/v1/coverage?department={RC}', reviewer)[0] == 200, 'reviewer, own')
        check(get(api, f'/api/v1/coverage?department={HJ}', reviewer)[0] == 403, 'reviewer, other')
        for token, who in ((rc, 'admin'), (reviewer, 'reviewer'), (hj, 'admin')):
            status, obj = get(api, '/api/v1/city/departments', token)
            check(status == 403 and obj['error'] == 'forbidden', f'{who} on the city table: {status}')
        check(get(api, '/api/v1/city/departments', None)[0] == 401, 'no token: 401')
        check(get(api, f'/api/v1/coverage?department={HJ}', city)[0] == 200, 'city reads any department')
        # The city account writes nothing.
        c = catalogue()
        items, officers = inspection_targets(c, RC, 1)
        status, _r, obj, _ = api.push(city, [inspection(RC, 'JC-CITY', items[0], officers, '2026-03-01')])
        check(status == 403, f'a city account may not push records: {status}')


def test_city_table(tmp):
    c = catalogue()
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        seed(api, rc, c)
        city = api.login('city-admin')
        status, table = get(api, '/api/v1/city/departments?month=2026-11', city)
        check(status == 200, f'city table: {status} {table}')
        check(table['month'] == '2026-11' and table['from'] == '2026-01-01' and table['to'] == '2026-11-30',
              f'period: {table}')
        check(table['target'] == 80, 'the target on 30 November is 80%')
        with_items = sorted(d['code'] for d in c['departments'] if items_of(c, d['code']))
        rows = {r['department']: r for r in table['departments']}
        check([r['department'] for r in table['departments']] == with_items,
              f'every department with items, in code order ({len(rows)} of {len(with_items)})')
        r = rows[RC]
        check(r['name'] == '揭阳市市场监督管理局' and r['items'] == len(items_of(c, RC)), 'RC row')
        check(r['covered'] == 2 and r['below_target'] and r['gap'] == math.ceil(0.8 * r['items']) - 2,
              f'RC below target: {r}')
        check(r['records'] == {'inspection': 1, 'penalty': 0, 'coercion': 0, 'other': 0},
              f'records of November by kind: {r["records"]}')
        check(r['rejected_open'] == 1, f'one rejected record not fixed: {r["rejected_open"]}')
        check(r['last_sync'] is not None and r['last_sync'] > 0, 'RC has synced')
        check(r['dynamics'] == {'updates': 0, 'items': 0} and r['exposure'] == {'updates': 0, 'items': 0},
              'no posts')
        hj = rows[HJ]
        check(hj['covered'] == 0 and hj['last_sync'] is None and hj['rejected_open'] == 0,
              f'HJ never synced: {hj}')
        # The same figure as the department's own endpoint.
        status, own = get(api, '/api/v1/coverage?to=2026-11-30', rc)
        check((own['items'], own['covered'], own['coverage'], own['gap'])
              == (r['items'], r['covered'], r['coverage'], r['gap']), 'the city sees what RC sees')
        check(get(api, '/api/v1/city/departments?month=2026-13', city)[0] == 400, 'bad month: 400')


def test_coverage_bad_request(tmp):
    with Api(tmp) as api:
        rc = api.login('rc-admin')
        city = api.login('city-admin')
        for query in ('to=2026-02-30', 'from=2026-1-1', 'from=2026-12-05&to=2026-12-04', 'to=yesterday'):
            status, obj = get(api, '/api/v1/coverage?' + query, rc)
            check(status == 400 and obj['error'] == 'bad-request', f'{query}: {status} {obj}')
        status, obj = get(api, '/api/v1/coverage?department=NOPE', city)
        check(status == 400, f'unknown department: {status}')


def test_coverage_target_command(tmp):
    data = os.path.join(tmp, 'data')

    def command(*args):
        return subprocess.run([BIN, 'coverage-target', '--data', data, *args], env=FAST_ENV,
                              capture_output=True, text=True, timeout=30)

    r = command('--from', '03-01', '--percent', '50')
    check(r.returncode == 0 and '03-01=50;06-01=80;12-01=100' in r.stderr, f'set: {r.stderr}')
    r = command('--from', '06-01', '--percent', '0')
    check(r.returncode == 0 and '03-01=50;12-01=100' in r.stderr, f'remove: {r.stderr}')
    for bad in (('--from', '02-30', '--percent', '10'), ('--from', '03-01', '--percent', '101'),
                ('--from', '3-1', '--percent', '10'), ('--percent', '10')):
        r = command(*bad)
        check(r.returncode != 0, f'{bad} refused')
    with Api(tmp) as api:   # the same --data: DIR/data
        rc = api.login('rc-admin')
        status, cov = get(api, '/api/v1/coverage?to=2026-07-01', rc)
        check(cov['target'] == 50 and cov['target_from'] == '2026-03-01'
              and cov['next_target'] == 100 and cov['next_target_from'] == '2026-12-01',
              f'the server\'s own rules: {cov}')


TESTS = {
    'coverage_figures': test_coverage_figures,
    'coverage_isolation': test_coverage_isolation,
    'city_table': test_city_table,
    'coverage_bad_request': test_coverage_bad_request,
    'coverage_target_command': test_coverage_target_command,
}

if __name__ == '__main__':
    sys.exit(run_tests(TESTS, sys.argv, 'jg-coverage-server-'))
