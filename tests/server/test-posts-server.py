#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tests of jianguan-server's posts (PROTOCOL.md, "Posts"), against the
real binary.

    test-posts-server.py [TEST ...]     (no argument: every test)

The server, the demo accounts and the request helpers are jgserver.py's,
shared with test-server.py. The quota tests set the
time the server stamps with `serve --demo --test-clock` and
POST /api/v1/test/clock.
"""

import hashlib
import json
import os
import random
import re
import sqlite3
import struct
import subprocess
import sys
import time
import uuid
import zlib

from jgserver import BIN, FAST_ENV, HJ, RC, Api, check, run_tests, wait_line

MAX_IMAGE = 10 * 1024 * 1024
ORG_CODE = '91440300708461136T'   # a valid credit code (test-server.py's party)
SHANGHAI = 8 * 3600


# --- Images ----------------------------------------------------------------

def png(width=4, height=3, seed=0, noise=False):
    """A valid PNG of solid colour (no imaging library needed); with
    @noise, of random pixels stored uncompressed: about 3 bytes a pixel,
    for a file of a size known in advance."""
    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    if noise:
        rnd = random.Random(seed)
        pixels, level = b''.join(b'\x00' + rnd.randbytes(3 * width) for _ in range(height)), 0
    else:
        pixels, level = (b'\x00' + bytes([(seed * 37) % 256, 120, 200]) * width) * height, -1
    return (b'\x89PNG\r\n\x1a\n'
            + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(pixels, level))
            + chunk(b'IEND', b''))


def sha(data):
    return hashlib.sha256(data).hexdigest()


def raw(api, method, path, body=None, headers=None, token=None):
    """A request of bytes with @headers as they are (no JSON Content-Type)."""
    return api.call(method, path, raw=body, token=token, headers=headers or {})


def put_chunk(api, token, name, data, start, total):
    end = start + len(data) - 1
    return raw(api, 'PUT', f'/api/v1/images/{name}', data,
               {'Content-Range': f'bytes {start}-{end}/{total}',
                'Content-Type': 'application/octet-stream'}, token)


def upload(api, token, data, chunk=None):
    """Uploads @data whole (or in chunks); returns its name."""
    name = sha(data)
    chunk = chunk or len(data)
    for start in range(0, len(data), chunk):
        status, _r, obj, _ = put_chunk(api, token, name, data[start:start + chunk], start, len(data))
        check(status == 200, f'chunk at {start}: {status} {obj}')
    check(obj['complete'] is True, f'complete after the last chunk: {obj}')
    return name


# --- Posts -----------------------------------------------------------------

def dynamics(department=RC, title='市市场监管局开展节前食品安全检查', uuid_=None, revision=1,
             images=(), body=None, op='u', **fields):
    if body is None:
        body = '<p>检查了<strong>23</strong>家食品经营户。</p>'
        for i, name in enumerate(images):
            body += (f'<figure><img src="jg-image:{name}" alt="执法人员检查冷库温度记录{i}">'
                     f'<figcaption>检查现场{i}</figcaption></figure>')
    post = {'uuid': uuid_ or str(uuid.uuid4()), 'revision': revision, 'op': op,
            'column': 'dynamics', 'department': department,
            'fields': dict({'title': title, 'summary': '节前专项检查', 'body': body,
                            'author': '李某', 'source_department': department,
                            'tags': 'campaign;enforcement'}, **fields),
            'images': list(images),
            'checks': [{'field': 'body', 'severity': 'warning', 'message': '“工商局”宜写作“市场监管局”',
                        'template': '“%s” should be “%s”', 'args': ['工商局', '市场监管局']}]}
    return post


def exposure(department=RC, party='揭阳市某某食品有限公司', uuid_=None, revision=1, **fields):
    return {'uuid': uuid_ or str(uuid.uuid4()), 'revision': revision, 'op': 'u',
            'column': 'exposure', 'department': department,
            'fields': dict({'title': f'关于{party}的行政处罚信息公示', 'party_name': party,
                            'party_kind': 'organisation', 'credit_code': ORG_CODE,
                            'legal_rep': '王某', 'decision_no': '揭市监罚〔2026〕12号',
                            'procedure': '02', 'violation_type': '销售过期食品',
                            'facts': '经查，当事人销售超过保质期的食品。',
                            'legal_basis': '《中华人民共和国食品安全法》第一百二十四条',
                            'penalty_category': '02', 'penalty_content': '罚款人民币伍仟元。',
                            'fine_amount': '0.5', 'decision_date': '2026-03-20',
                            'authority': '揭阳市市场监督管理局', 'authority_credit_code': RC,
                            'sector': 'other', 'disclosure_end': '2029-03-20',
                            'data_source': '揭阳市市场监督管理局', 'data_source_credit_code': RC,
                            'party_is_minor': '0',
                            'narrative': f'{party}销售过期食品，依法罚款。'},
                           **fields),
            'images': [], 'checks': []}


class PostsApi(Api):
    def push_posts(self, token, posts, batch='20261203-001'):
        return self.call('POST', '/api/v1/posts', {'batch': batch, 'posts': posts}, token)

    def push_ok(self, token, posts):
        status, _r, obj, _ = self.push_posts(token, posts)
        check(status == 200, f'push: {status} {obj}')
        for r in obj['results']:
            check(r['status'] == 'accepted', f'accepted: {r}')
        return obj['results']

    def review(self, token, post, decision='approve', comment='', level=None, revision=None):
        body = {'revision': revision or post['revision'], 'decision': decision, 'comment': comment}
        if level is not None:
            body['level'] = level
        return self.call('POST', f'/api/v1/posts/{post["uuid"]}/review', body, token)

    def approve(self, token, post, level=None):
        status, _r, obj, _ = self.review(token, post, level=level)
        check(status == 200, f'approve: {status} {obj}')
        return obj['post']

    def withdraw(self, token, post, reason='决定已撤销'):
        return self.call('POST', f'/api/v1/posts/{post["uuid"]}/withdraw', {'reason': reason}, token)

    def feed(self, token, since=0, path='/api/v1/changes/posts'):
        status, _r, obj, _ = self.call('GET', f'{path}?since={since}', token=token)
        check(status == 200, f'posts feed: {status} {obj}')
        return obj

    def posts(self, token):
        return {c['key']: c['data'] for c in self.feed(token)['changes']}

    def clock(self, token, now):
        status, _r, obj, _ = self.call('POST', '/api/v1/test/clock', {'now': now}, token)
        check(status == 204, f'test clock: {status} {obj}')

    def quota(self, token, month):
        status, _r, obj, _ = self.call('GET', f'/api/v1/posts/quota?month={month}', token=token)
        check(status == 200, f'quota: {status} {obj}')
        return {c['column']: c for c in obj['columns']}


def add_account(api, username, department, role):
    p = subprocess.run([BIN, 'add-account', '--data', api.server.data, '--department', department,
                        '--role', role, username], input='Secret-Pass-1\n', capture_output=True,
                       text=True, env=FAST_ENV)
    check(p.returncode == 0, f'add-account {username}: {p.stderr}')
    return api.login(username, 'Secret-Pass-1')


def command(api, *args):
    return subprocess.run([BIN] + list(args[:1]) + ['--data', api.server.data] + list(args[1:]),
                          capture_output=True, text=True, env=FAST_ENV)


def reason_of(obj):
    return obj['reasons'][0] if obj and obj.get('reasons') else {}


# ---------------------------------------------------------------------------

def test_posts_publish(tmp):
    """Pushed, in review, approved: published with the server's time; the
    feed carries it whole with its sign-off."""
    with PostsApi(tmp) as api:
        admin, reviewer = api.login('rc-admin'), api.login('reviewer')
        post = dynamics()
        res = api.push_ok(admin, [post])[0]
        check(res['state'] == 'in_review' and res['level'] == 1, f'in review at level 1: {res}')
        got = api.posts(admin)[post['uuid']]
        check(got['state'] == 'in_review' and got['fields'] == post['fields']
              and got['checks'] == post['checks'] and got['levels'] == 1
              and got['published_at'] is None and got['created_by'] == 'rc-admin', f'feed: {got}')
        check(api.posts(reviewer)[post['uuid']]['state'] == 'in_review', 'the reviewer sees its queue')
        before = int(time.time())
        published = api.approve(reviewer, post)
        check(published['state'] == 'published' and before <= published['published_at'] <= time.time() + 1,
              f'published with the server time: {published}')
        s = published['signoffs']
        check(len(s) == 1 and s[0]['reviewer'] == 'reviewer' and s[0]['decision'] == 'approve'
              and s[0]['level'] == 1 and s[0]['revision'] == 1, f'sign-off: {s}')
        check(api.feed(admin, path='/api/v1/posts/changes')['changes'][0]['data'] == published,
              'both feed paths, the state the review answered')


def test_posts_return_revise(tmp):
    with PostsApi(tmp) as api:
        admin, reviewer = api.login('rc-admin'), api.login('reviewer')
        post = dynamics()
        api.push_ok(admin, [post])
        status, _r, obj, _ = api.review(reviewer, post, 'return', '   ')
        check(status == 422 and obj['error'] == 'unprocessable' and reason_of(obj).get('template'),
              f'return without a comment: {status} {obj}')
        status, _r, obj, _ = api.review(reviewer, post, 'return', '标题有错别字')
        check(status == 200 and obj['post']['state'] == 'returned', f'returned: {obj}')
        check(obj['post']['signoffs'][-1]['comment'] == '标题有错别字', 'the comment travels')
        # A review of a returned post: 409.
        check(api.review(reviewer, post)[0] == 409, 'approving a returned post')
        # The author fixes it: revision 2 goes back to level 1.
        fixed = dynamics(uuid_=post['uuid'], revision=2, title='市市场监管局开展节前食品安全专项检查')
        res = api.push_ok(admin, [fixed])[0]
        check(res['state'] == 'in_review' and res['level'] == 1, f'revision 2 in review: {res}')
        # A stale screen approving revision 1: 409.
        status, _r, obj, _ = api.review(reviewer, post)
        check(status == 409 and obj['error'] == 'conflict' and reason_of(obj)['args'][0] == '1',
              f'stale revision: {status} {obj}')
        # Revising a post in review: 409 with a reason.
        third = dynamics(uuid_=post['uuid'], revision=3)
        status, _r, obj, _ = api.push_posts(admin, [third])
        r = obj['results'][0]
        check(r['status'] == 'rejected' and r['code'] == 409
              and 'only a returned post' in r['reasons'][0]['message'], f'revise in review: {r}')
        got = api.approve(reviewer, fixed)
        check(got['state'] == 'published' and got['revision'] == 2
              and [x['decision'] for x in got['signoffs']] == ['return', 'approve'], f'history: {got}')
        # Published: revising is 409, deleting is 409.
        check(api.push_posts(admin, [third])[2]['results'][0]['code'] == 409, 'revise published')
        dele = {'uuid': post['uuid'], 'revision': 2, 'op': 'd', 'column': 'dynamics', 'department': RC}
        check(api.push_posts(admin, [dele])[2]['results'][0]['code'] == 409, 'delete published')
        # A returned post the author gives up: a tombstone in the feed.
        other = dynamics()
        api.push_ok(admin, [other])
        check(api.review(reviewer, other, 'return', '不宜发布')[0] == 200, 'returned')
        cursor = api.feed(admin)['cursor']
        gone = {'uuid': other['uuid'], 'revision': 1, 'op': 'd', 'column': 'dynamics', 'department': RC}
        api.push_ok(admin, [gone])
        later = api.feed(admin, cursor)['changes']
        check([(c['key'], c['op']) for c in later] == [(other['uuid'], 'delete')], f'tombstone: {later}')
        check(other['uuid'] not in api.posts(admin), 'not in a download from 0')


def test_posts_roles(tmp):
    """Transitions a role may not make."""
    with PostsApi(tmp) as api:
        admin, reviewer = api.login('rc-admin'), api.login('reviewer')
        hj_reviewer = add_account(api, 'hj-review', HJ, 'reviewer')
        post = dynamics()
        api.push_ok(admin, [post])
        status, _r, obj, _ = api.review(admin, post)
        check(status == 403 and obj['error'] == 'forbidden', f'an admin approving: {status} {obj}')
        check(wait_line(api.server, lambda l: l.startswith('FORBIDDEN user=rc-admin ')
                        and 'review-post' in l), 'logged')
        status, _r, obj, _ = api.review(hj_reviewer, post)
        check(status == 403, f'a reviewer of another department: {status} {obj}')
        check(wait_line(api.server, lambda l: l == f'FORBIDDEN user=hj-review department={HJ} wanted={RC}'),
              'logged as for records')
        status, _r, obj, _ = api.push_posts(reviewer, [dynamics()])
        check(status == 403, f'a reviewer pushing: {status}')
        missing = dict(post, uuid=str(uuid.uuid4()))
        check(api.review(reviewer, missing)[0] == 404, 'unknown post: 404')
        for body in [None, {'revision': 0, 'decision': 'approve'}, {'revision': 1, 'decision': 'ok'},
                     {'revision': 1, 'decision': 'approve', 'level': 4},
                     {'revision': 1, 'decision': 'approve', 'comment': 5}]:
            status, _r, obj, _ = api.call('POST', f'/api/v1/posts/{post["uuid"]}/review', body, reviewer)
            check(status == 400 and obj['error'] == 'bad-request', f'{body}: {status}')
        # Withdrawal: only a published post, by an admin, with a reason.
        status, _r, obj, _ = api.withdraw(admin, post)
        check(status == 409 and obj['error'] == 'conflict', f'withdraw in review: {status} {obj}')
        api.approve(reviewer, post)
        check(api.withdraw(reviewer, post)[0] == 403, 'a reviewer withdrawing')
        status, _r, obj, _ = api.withdraw(admin, post, reason=' ')
        check(status == 422 and reason_of(obj)['template'], f'withdraw without a reason: {status} {obj}')
        status, _r, obj, _ = api.call('POST', f'/api/v1/posts/{post["uuid"]}/withdraw', {}, admin)
        check(status == 422, f'withdraw with no reason member: {status}')
        hj_admin = api.login('hj-admin')
        check(api.withdraw(hj_admin, post)[0] == 403, 'an admin of another department')
        status, _r, obj, _ = api.withdraw(admin, post, '当事人信用修复')
        p = obj['post']
        check(status == 200 and p['state'] == 'withdrawn' and p['withdraw_reason'] == '当事人信用修复'
              and p['withdrawn_by'] == 'rc-admin' and p['withdrawn_at'] >= p['published_at'],
              f'withdrawn: {obj}')
        check(api.withdraw(admin, post, '当事人信用修复')[0] == 200, 'a retry is 200')
        check(api.withdraw(admin, post, '另一个理由')[0] == 409, 'another reason: 409')
        check(api.posts(admin)[post['uuid']]['state'] == 'withdrawn', 'kept in the history')
        check(api.call('GET', '/api/v1/posts/published', token=None)[0] == 400, 'department required')
        # Routes need a token.
        for method, path in [('POST', '/api/v1/posts'), ('GET', '/api/v1/changes/posts'),
                             ('GET', '/api/v1/posts/quota'),
                             ('POST', f'/api/v1/posts/{post["uuid"]}/review'),
                             ('HEAD', '/api/v1/images/' + '0' * 64)]:
            check(api.call(method, path, {})[0] == 401, f'{method} {path} without a token')


def test_posts_idempotent(tmp):
    with PostsApi(tmp) as api:
        admin = api.login('rc-admin')
        posts = [dynamics(), exposure()]
        first = api.push_posts(admin, posts)
        latest = api.feed(admin)['latest']
        second = api.push_posts(admin, posts)
        check(first[0] == 200 and first[3] == second[3], f'the same answer: {first[3]} {second[3]}')
        check(api.feed(admin)['latest'] == latest, 'nothing written again')
        # Member order does not count; other contents under the same revision do.
        again = dict(posts[0], fields=dict(reversed(list(posts[0]['fields'].items()))))
        check(api.push_posts(admin, [again])[2]['results'][0]['status'] == 'accepted', 'member order')
        changed = dict(posts[0], fields=dict(posts[0]['fields'], summary='另一个摘要'))
        r = api.push_posts(admin, [changed])[2]['results'][0]
        check(r['code'] == 409, f'other contents, same revision: {r}')
        # A rejected post leaves nothing: the same answer again.
        bad = dynamics(title='')
        a = api.push_posts(admin, [bad])
        b = api.push_posts(admin, [bad])
        check(a[2]['results'][0]['code'] == 422 and a[3] == b[3], f'rejected twice alike: {a[3]}')
        check(a[2]['results'][0]['reasons'][0]['field'] == 'title', 'the reason names the field')
        long_title = dynamics(title='标' * 61)
        r = api.push_posts(admin, [long_title])[2]['results'][0]
        check(r['code'] == 422 and r['reasons'][0]['field'] == 'title' and '61' in r['reasons'][0]['args'],
              f'title over 60: {r}')
        dirty = dynamics(body='<p onclick="x()">正文</p><script>alert(1)</script>')
        r = api.push_posts(admin, [dirty])[2]['results'][0]
        check(r['code'] == 422 and r['reasons'][0]['field'] == 'body', f'body outside the subset: {r}')
        check(bad['uuid'] not in api.posts(admin), 'rejected posts are not in the feed')


def test_posts_rules(tmp):
    """The server runs the client's rules (jg_post_validate): a post the
    client would not submit is refused with the same reasons."""
    with PostsApi(tmp) as api:
        admin = api.login('rc-admin')
        # The privacy guard: an ID number (valid check digit) in the facts.
        leak = exposure(facts='经查，当事人张三（身份证号 11010519491231002X）销售过期食品。')
        unknown = dynamics(zz_field='1')
        ok = exposure()
        status, _r, obj, _ = api.push_posts(admin, [leak, unknown, ok])
        res = obj['results']
        check(res[0]['code'] == 422 and any(x['field'] == 'facts' for x in res[0]['reasons']),
              f'ID number in the facts: {res[0]}')
        check(res[1]['code'] == 422 and res[1]['reasons'][0]['field'] == 'zz_field'
              and res[1]['reasons'][0]['args'][1] == {'msgid': 'Supervision News'},
              f'unknown field: {res[1]}')
        check(res[2]['status'] == 'accepted', f'a valid exposure item: {res[2]}')
        missing = exposure()
        del missing['fields']['decision_no']
        r = api.push_posts(admin, [missing])[2]['results'][0]
        check(r['code'] == 422 and any(x['field'] == 'decision_no' for x in r['reasons']),
              f'required field: {r}')


def test_posts_malformed(tmp):
    with PostsApi(tmp) as api:
        admin = api.login('rc-admin')
        good = dynamics()
        bodies = [b'', b'[]', b'{"batch":"x"}', json.dumps({'batch': '', 'posts': []}).encode()]
        for bad in [dict(good, uuid='x'), dict(good, revision=0), dict(good, op='i'),
                    dict(good, column='news'), dict(good, department=''), dict(good, fields=[]),
                    dict(good, images=['abc']), dict(good, checks={}), dict(good, checks=['x']),
                    dict(good, fields=dict(good['fields'], title=5))]:
            bodies.append(json.dumps({'batch': 'b', 'posts': [good, bad]}).encode())
        for body in bodies:
            status, _r, obj, _ = api.call('POST', '/api/v1/posts', token=admin, raw=body)
            check(status == 400 and obj['error'] == 'bad-request', f'{body[:80]}: {status} {obj}')
        check(api.feed(admin)['changes'] == [], 'nothing stored')
        check(api.call('GET', '/api/v1/posts', token=admin)[0] == 405, 'POST only')


def test_posts_levels(tmp):
    """Three levels: sign-offs in order, published only at the last, the
    time stamped then; sign-offs are never rewritten."""
    with PostsApi(tmp) as api:
        admin, reviewer = api.login('rc-admin'), api.login('reviewer')
        p = command(api, 'review-levels', '--department', RC, '3')
        check(p.returncode == 0, f'review-levels: {p.stderr}')
        check(command(api, 'review-levels', '--department', RC, '4').returncode != 0, '4 levels refused')
        post = dynamics()
        api.push_ok(admin, [post])
        got = api.approve(reviewer, post, level=1)
        check(got['state'] == 'in_review' and got['level'] == 2 and got['levels'] == 3
              and got['published_at'] is None, f'after level 1: {got}')
        # A retry of level 1 (answer lost) changes nothing.
        latest = api.feed(admin)['latest']
        again = api.approve(reviewer, post, level=1)
        check(again == got and api.feed(admin)['latest'] == latest, 'retry is a no-op')
        status, _r, obj, _ = api.review(reviewer, post, level=3)
        check(status == 409, f'level 3 before level 2: {status} {obj}')
        got = api.approve(reviewer, post, level=2)
        check(got['level'] == 3 and got['published_at'] is None, f'after level 2: {got}')
        got = api.approve(reviewer, post, level=3)
        check(got['state'] == 'published' and got['published_at'] is not None, f'after level 3: {got}')
        levels = [(s['level'], s['decision'], s['reviewer']) for s in got['signoffs']]
        check(levels == [(1, 'approve', 'reviewer'), (2, 'approve', 'reviewer'),
                         (3, 'approve', 'reviewer')], f'sign-offs in order: {levels}')
        check(all(s['at'] <= got['published_at'] for s in got['signoffs']), 'times in order')
        db = sqlite3.connect(os.path.join(api.server.data, 'server.db'))
        for sql in ['UPDATE post_signoff SET comment = \'x\'', 'DELETE FROM post_signoff']:
            try:
                db.execute(sql)
                db.commit()
                check(False, f'{sql} was allowed')
            except sqlite3.DatabaseError as e:
                check('never' in str(e), f'{sql}: {e}')
        db.close()
        # A post already in review keeps its levels when the setting changes.
        check(command(api, 'review-levels', '--department', RC, '1').returncode == 0, 'back to 1')
        check(command(api, 'review-levels', '--default', '2').returncode == 0, 'default 2')
        hj_admin = api.login('hj-admin')
        hj_post = dynamics(department=HJ)
        api.push_ok(hj_admin, [hj_post])
        check(api.posts(hj_admin)[hj_post['uuid']]['levels'] == 2, 'the default applies to HJ')


def test_images(tmp):
    with PostsApi(tmp) as api:
        admin, reviewer, hj = api.login('rc-admin'), api.login('reviewer'), api.login('hj-admin')
        data = png(64, 48, seed=1)
        name = sha(data)
        status, r, _o, _ = raw(api, 'HEAD', f'/api/v1/images/{name}', token=admin)
        check(status == 404 and r.getheader('Upload-Offset') == '0', f'unknown: {status}')
        # Half, then the connection "breaks"; HEAD tells where to resume.
        half = len(data) // 2
        status, _r, obj, _ = put_chunk(api, admin, name, data[:half], 0, len(data))
        check(status == 200 and obj == {'sha256': name, 'received': half, 'size': len(data),
                                        'complete': False}, f'first chunk: {obj}')
        status, r, _o, _ = raw(api, 'HEAD', f'/api/v1/images/{name}', token=admin)
        check(status == 404 and r.getheader('Upload-Offset') == str(half), f'resume at {half}')
        # A chunk sent twice, or one skipped: 409 with the offset.
        status, r, obj, _ = put_chunk(api, admin, name, data[:half], 0, len(data))
        check(status == 409 and obj['offset'] == half and r.getheader('Upload-Offset') == str(half),
              f'chunk again: {status} {obj}')
        status, _r, obj, _ = put_chunk(api, admin, name, data[half + 1:], half + 1, len(data))
        check(status == 409 and obj['offset'] == half, f'gap: {status}')
        status, _r, obj, _ = put_chunk(api, reviewer, name, data[half:], half, len(data))
        check(status == 403, f'a reviewer uploading: {status}')
        status, _r, obj, _ = put_chunk(api, admin, name, data[half:], half, len(data))
        check(status == 200 and obj['complete'] and obj['mime'] == 'image/png'
              and obj['width'] == 64 and obj['height'] == 48, f'complete: {obj}')
        # Retrying a complete image is a no-op.
        status, _r, obj2, _ = put_chunk(api, admin, name, data, 0, len(data))
        check(status == 200 and obj2 == obj, f'retry: {obj2}')
        status, r, _o, _ = raw(api, 'HEAD', f'/api/v1/images/{name}', token=admin)
        check(status == 200, f'HEAD complete: {status}')
        status, r, _o, body = raw(api, 'GET', f'/api/v1/images/{name}', token=admin)
        check(status == 200 and body == data and r.getheader('Content-Type') == 'image/png', 'GET')
        check(raw(api, 'GET', f'/api/v1/images/{name}', token=hj)[0] == 403, 'another department')
        check(raw(api, 'GET', f'/images/{name}')[0] == 404, 'not public before publication')
        # Wrong SHA-256: 422, dropped, the next try starts at 0.
        other = png(8, 8, seed=2)
        wrong = sha(b'something else')
        status, _r, obj, _ = put_chunk(api, admin, wrong, other, 0, len(other))
        check(status == 422 and obj['error'] == 'unprocessable' and 'SHA-256' in obj['message'],
              f'wrong sha: {status} {obj}')
        status, r, _o, _ = raw(api, 'HEAD', f'/api/v1/images/{wrong}', token=admin)
        check(status == 404 and r.getheader('Upload-Offset') == '0', 'dropped')
        # A text file given as an image: 422; a truncated PNG too.
        text = '这不是图片\n'.encode() * 20
        status, _r, obj, _ = put_chunk(api, admin, sha(text), text, 0, len(text))
        check(status == 422 and 'JPEG or PNG' in obj['message'], f'text as image: {status} {obj}')
        huge = png(2561, 1, seed=3)
        status, _r, obj, _ = put_chunk(api, admin, sha(huge), huge, 0, len(huge))
        check(status == 422 and '2561' in obj['message'], f'longest side over 2560 px: {status} {obj}')
        check(upload(api, admin, png(2560, 1, seed=3)), '2560 px is fine')
        cut = png(32, 32, seed=3)[:-20]
        check(put_chunk(api, admin, sha(cut), cut, 0, len(cut))[0] == 422, 'truncated PNG')
        # Over the limit: 413, before a byte is stored.
        status, _r, obj, _ = put_chunk(api, admin, '1' * 64, b'x' * 10, 0, MAX_IMAGE + 1)
        check(status == 413 and obj['error'] == 'too-large', f'over 10 MiB: {status} {obj}')
        check(raw(api, 'PUT', f'/api/v1/images/{name[:10]}', b'x', token=admin)[0] == 400, 'bad name')
        status, _r, _o, _ = raw(api, 'PUT', '/api/v1/images/' + '2' * 64, b'xy',
                                {'Content-Range': 'bytes 0-3/5'}, admin)
        check(status == 400, f'a body shorter than its range: {status}')
        status, _r, _o, _ = raw(api, 'PUT', '/api/v1/images/' + '2' * 64, b'xy',
                                {'Content-Range': 'lines 0-1/2'}, admin)
        check(status == 400, f'a malformed range: {status}')
        # A post whose image is not (completely) on the server is rejected.
        partial = png(16, 16, seed=4)
        put_chunk(api, admin, sha(partial), partial[:10], 0, len(partial))
        post = dynamics(images=[name, sha(partial)])
        r = api.push_posts(admin, [post])[2]['results'][0]
        check(r['code'] == 422 and r['reasons'][0]['field'] == 'images'
              and r['reasons'][0]['args'] == [sha(partial)]
              and 'not been uploaded' in r['reasons'][0]['message'], f'missing image: {r}')
        unlisted = dynamics(images=[name])
        unlisted['images'] = []
        check(api.push_posts(admin, [unlisted])[2]['results'][0]['code'] == 422, 'body image unlisted')
        # Once uploaded, accepted; published, the image is public.
        put_chunk(api, admin, sha(partial), partial[10:], 10, len(partial))
        api.push_ok(admin, [post])
        api.approve(reviewer, post)
        status, r, _o, body = raw(api, 'GET', f'/images/{name}')
        check(status == 200 and body == data, 'public once published')
        # Withdrawn: no longer public.
        check(api.withdraw(admin, post)[0] == 200, 'withdrawn')
        check(raw(api, 'GET', f'/images/{name}')[0] == 404, 'not public once withdrawn')
        check(raw(api, 'GET', f'/api/v1/images/{name}', token=admin)[0] == 200, 'still the department\'s')
        files = [f for _d, _s, fs in os.walk(os.path.join(api.server.data, 'images')) for f in fs]
        check(files.count(name) == 1, f'stored once, content-addressed: {files}')


def published_at_shanghai(y, m, d, hh, mm=0):
    """Unix time of a wall-clock time in Shanghai (UTC+8)."""
    import calendar
    return calendar.timegm((y, m, d, hh, mm, 0, 0, 0, 0)) - SHANGHAI


def test_posts_quota(tmp):
    """Updates are Shanghai days; the month is the publication's, in
    Shanghai; withdrawn posts still count for their month."""
    with PostsApi(tmp, '--test-clock') as api:
        admin, reviewer = api.login('rc-admin'), api.login('reviewer')

        def publish(post, when):
            api.push_ok(admin, [post])
            api.clock(admin, when)
            got = api.approve(reviewer, post)
            check(got['published_at'] == when, f'stamped with the test clock: {got}')
            return post

        # 2026-11-30 23:30 and 2026-12-01 00:30 in Shanghai: two months.
        publish(dynamics(), published_at_shanghai(2026, 11, 30, 23, 30))
        late = publish(dynamics(), published_at_shanghai(2026, 12, 1, 0, 30))
        # Two posts the same Shanghai day, one of them 23:59 (15:59 UTC).
        publish(dynamics(), published_at_shanghai(2026, 12, 3, 0, 1))
        publish(dynamics(), published_at_shanghai(2026, 12, 3, 23, 59))
        publish(exposure(), published_at_shanghai(2026, 12, 31, 23, 59))
        api.clock(admin, None)
        nov, dec = api.quota(admin, '2026-11'), api.quota(admin, '2026-12')
        check(nov['dynamics']['items'] == 1 and nov['dynamics']['updates'] == 1
              and nov['exposure']['items'] == 0, f'November: {nov}')
        check(dec['dynamics']['items'] == 3 and dec['dynamics']['updates'] == 2
              and dec['dynamics']['updates_needed'] == 2 and dec['dynamics']['items_needed'] == 4
              and dec['dynamics']['met'] is False, f'December dynamics: {dec}')
        check(dec['exposure'] == {'column': 'exposure', 'updates_needed': 1, 'items_needed': 1,
                                  'updates': 1, 'items': 1, 'met': True}, f'December exposure: {dec}')
        # Withdrawn still counts for its month.
        check(api.withdraw(admin, late)[0] == 200, 'withdraw')
        check(api.quota(admin, '2026-12')['dynamics']['items'] == 3, 'withdrawn still counts')
        # The thresholds are the server's.
        check(command(api, 'quota', '--column', 'dynamics', '--updates', '2', '--items', '3').returncode == 0,
              'quota command')
        check(api.quota(admin, '2026-12')['dynamics']['met'] is True, 'met at 2/3')
        check(command(api, 'quota', '--column', 'news', '--updates', '1', '--items', '1').returncode != 0,
              'unknown column refused')
        # Another department counts nothing of these; a bad month is 400.
        hj = api.login('hj-admin')
        check(api.quota(hj, '2026-12')['dynamics']['items'] == 0, 'per department')
        for bad in ['2026-13', '2026-1', 'x']:
            check(api.call('GET', f'/api/v1/posts/quota?month={bad}', token=admin)[0] == 400, bad)
        check(api.call('GET', '/api/v1/posts/quota', token=admin)[0] == 200, 'this month by default')


def test_work_calendar(tmp):
    """The city's working-day calendar travels with the quota answer: the
    requested month's days and every later one, sorted; a bad date or a
    missing --off/--work is refused and changes nothing."""
    with PostsApi(tmp) as api:
        admin = api.login('rc-admin')

        def calendar(month):
            status, _r, obj, _ = api.call('GET', f'/api/v1/posts/quota?month={month}', token=admin)
            check(status == 200, f'quota {month}: {status} {obj}')
            return obj['calendar']

        check(calendar('2026-10') == [], 'no calendar before the city sets one')
        check(command(api, 'holidays', 'add', '--off', '2026-10-01', '2026-10-02', '2026-12-31').returncode == 0,
              'holidays add --off')
        check(command(api, 'holidays', 'add', '--work', '2026-10-10').returncode == 0, 'holidays add --work')
        for bad in [('add', '2026-10-03'), ('add', '--off', '2026-02-30'), ('add', '--off', '26-10-03'),
                    ('add', '--off', '--work', '2026-10-03'), ('remove', '--off', '2026-10-01')]:
            check(command(api, 'holidays', *bad).returncode != 0, f'refused: {bad}')
        check(calendar('2026-10') == [{'date': '2026-10-01', 'kind': 'off'},
                                      {'date': '2026-10-02', 'kind': 'off'},
                                      {'date': '2026-10-10', 'kind': 'work'},
                                      {'date': '2026-12-31', 'kind': 'off'}], f'October on: {calendar("2026-10")}')
        check(calendar('2026-11') == [{'date': '2026-12-31', 'kind': 'off'}], 'November on')
        check(command(api, 'holidays', 'remove', '2026-12-31').returncode == 0, 'holidays remove')
        check(calendar('2026-11') == [], 'removed')
        listed = command(api, 'holidays', 'list')
        check(listed.returncode == 0 and json.loads(listed.stdout)[-1] == {'date': '2026-10-10', 'kind': 'work'},
              f'holidays list: {listed.stdout}')


def test_test_clock_guarded(tmp):
    with PostsApi(tmp) as api:
        admin = api.login('rc-admin')
        status, _r, _o, _ = api.call('POST', '/api/v1/test/clock', {'now': 1}, admin)
        check(status == 404, f'no test clock without --test-clock: {status}')


def test_posts_published(tmp):
    """The public column: only published posts of that department, text
    escaped, images by their public URL with their alt text."""
    with PostsApi(tmp) as api:
        admin, reviewer, hj = api.login('rc-admin'), api.login('reviewer'), api.login('hj-admin')
        image = upload(api, admin, png(20, 10, seed=5))
        shown = dynamics(title='<script>alert("x")</script>检查 & 通报', images=[image])
        waiting = dynamics(title='仍在审核的动态')
        gone = dynamics(title='已撤回的动态')
        expo = exposure(party='揭阳市<b>某</b>商行')
        api.push_ok(admin, [shown, waiting, gone, expo])
        for p in (shown, gone, expo):
            api.approve(reviewer, p)
        check(api.withdraw(admin, gone)[0] == 200, 'withdrawn')
        theirs = dynamics(department=HJ, title='生态环境局的动态')
        api.push_ok(hj, [theirs])
        hj_reviewer = add_account(api, 'hj-review', HJ, 'reviewer')
        api.approve(hj_reviewer, theirs)

        status, _r, obj, _ = api.call('GET', f'/api/v1/posts/published?department={RC}')
        check(status == 200, f'published JSON without a token: {status}')
        titles = {p['fields']['title'] for p in obj['posts']}
        check(titles == {shown['fields']['title'], expo['fields']['title']}, f'only published: {titles}')
        check(obj['department_name'] == '揭阳市市场监督管理局', 'department name')
        d = [p for p in obj['posts'] if p['column'] == 'dynamics'][0]
        check(f'src="/images/{image}"' in d['fields']['body'] and 'jg-image:' not in d['fields']['body']
              and d['images'] == [{'sha256': image, 'url': f'/images/{image}'}], f'public images: {d}')
        check('created_by' not in d and 'rc-admin' not in json.dumps(obj), 'no account names')
        e = [p for p in obj['posts'] if p['column'] == 'exposure'][0]
        check('party_is_minor' not in e['fields'] and 'decision_no' in e['fields'],
              f'only the published fields: {e["fields"]}')
        status, _r, obj, _ = api.call('GET', f'/api/v1/posts/published?department={RC}&column=exposure')
        check([p['column'] for p in obj['posts']] == ['exposure'], 'one column')
        month = time.strftime('%Y-%m', time.gmtime(time.time() + SHANGHAI))
        status, _r, obj, _ = api.call('GET', f'/api/v1/posts/published?department={RC}&month={month}')
        check(len(obj['posts']) == 2, 'this month')
        status, _r, obj, _ = api.call('GET', f'/api/v1/posts/published?department={RC}&month=2001-01')
        check(obj['posts'] == [], 'another month')
        check(api.call('GET', '/api/v1/posts/published?department=000000000000000000')[0] == 404,
              'unknown department')
        check(api.call('GET', f'/api/v1/posts/published?department={RC}&column=x')[0] == 400, 'bad column')

        status, r, _o, body = raw(api, 'GET', f'/column/{RC}')
        page = body.decode()
        check(status == 200 and r.getheader('Content-Type').startswith('text/html'), f'HTML: {status}')
        check('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;检查 &amp; 通报' in page
              and '<script>' not in page, 'title escaped')
        check('揭阳市&lt;b&gt;某&lt;/b&gt;商行' in page, 'exposure text escaped')
        check('<dt>行政处罚决定书文号</dt><dd>揭市监罚〔2026〕12号</dd>' in page
              and '<dt>处罚类别</dt><dd>罚款</dd>' in page, 'the 双公示 fields with their headers')
        check(re.search(r'<img src="/images/' + image + r'" alt="执法人员检查冷库温度记录0">', page),
              'image with its alt text')
        check('仍在审核' not in page and '已撤回' not in page and '生态环境局的动态' not in page,
              'nothing unpublished, withdrawn or of another department')
        check('file:' not in page and 'jg-image:' not in page and '/home/' not in page, 'no local path')
        check('监管动态' in page and '曝光台' in page, 'both columns')
        status, _r, _o, body = raw(api, 'GET', f'/column/{RC}?column=exposure')
        check('检查 &amp; 通报' not in body.decode() and '某' in body.decode(), 'one column')
        status, _r, _o, body = raw(api, 'GET', f'/column/{HJ}')
        check('生态环境局的动态' in body.decode() and '通报' not in body.decode(), 'HJ\'s column')
        check(raw(api, 'GET', '/column/000000000000000000')[0] == 404, 'unknown department page')


def test_posts_isolation(tmp):
    """A department sees and touches only its own posts, on every route."""
    with PostsApi(tmp) as api:
        admin, reviewer, hj = api.login('rc-admin'), api.login('reviewer'), api.login('hj-admin')
        image = upload(api, admin, png(5, 5, seed=6))
        mine = dynamics(images=[image])
        api.push_ok(admin, [mine])
        # Push: another department's post, or a uuid of another's.
        r = api.push_posts(admin, [dynamics(department=HJ)])[2]['results'][0]
        check(r['code'] == 403, f'push for another department: {r}')
        hijack = dynamics(department=HJ, uuid_=mine['uuid'], revision=2)
        r = api.push_posts(hj, [hijack])[2]['results'][0]
        check(r['code'] == 403, f'uuid of another department: {r}')
        # Feeds, quota.
        check(api.posts(hj) == {}, 'hj\'s feed has nothing of rc')
        status, _r, obj, _ = api.call('GET', f'/api/v1/changes/posts?department={RC}', token=hj)
        check(obj['changes'] == [], 'no parameter selects another department')
        # Review and withdraw.
        hj_reviewer = add_account(api, 'hj-review', HJ, 'reviewer')
        check(api.review(hj_reviewer, mine)[0] == 403, 'review another\'s')
        api.approve(reviewer, mine)
        check(api.withdraw(hj, mine)[0] == 403, 'withdraw another\'s')
        # Images.
        check(raw(api, 'GET', f'/api/v1/images/{image}', token=hj)[0] == 403, 'image of another')
        check(raw(api, 'GET', f'/api/v1/images/{image}', token=reviewer)[0] == 200,
              'the department\'s reviewer reads it')
        check(api.posts(admin)[mine['uuid']]['state'] == 'published', 'untouched by hj')


def test_wording(tmp):
    with PostsApi(tmp) as api:
        def entries(since=0):
            status, _r, obj, _ = api.call('GET', f'/api/v1/changes/wording?since={since}')
            check(status == 200 and obj['feed'] == 'wording', f'wording feed (public): {status} {obj}')
            return obj
        start = entries()
        demo = {c['key']: c['data']['suggestion'] for c in start['changes']}
        p = command(api, 'wording', 'add', '--wrong', '工商行政管理局', '--suggestion', '市场监督管理局')
        check(p.returncode == 0, f'wording add: {p.stderr}')
        latest = entries()['latest']
        command(api, 'wording', 'add', '--wrong', '工商行政管理局', '--suggestion', '市场监督管理局')
        check(entries()['latest'] == latest, 'adding the same entry writes nothing')
        tsv = os.path.join(tmp, 'list.tsv')
        with open(tsv, 'w', encoding='utf-8') as f:
            f.write('# serious errors\n\n按步就班\t按部就班\r\n食品药品监督管理局\t市场监督管理局\n')
        p = command(api, 'wording', 'load', tsv)
        check(p.returncode == 0, f'wording load: {p.stderr}')
        got = {c['key']: c['data'] for c in entries()['changes']}
        check(got['按步就班'] == {'wrong': '按步就班', 'suggestion': '按部就班'}
              and got['工商行政管理局']['suggestion'] == '市场监督管理局', f'entries: {got}')
        cursor = entries()['cursor']
        check(command(api, 'wording', 'remove', '--wrong', '按步就班').returncode == 0, 'remove')
        later = entries(cursor)['changes']
        check([(c['key'], c['op']) for c in later] == [('按步就班', 'delete')], f'tombstone: {later}')
        check('按步就班' not in {c['key'] for c in entries()['changes']}, 'not in a download from 0')
        check(api.call('GET', '/api/v1/wording/changes?since=0')[0] == 200, 'the other path')
        bad = os.path.join(tmp, 'bad.tsv')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('好的\t好\n没有制表符\n')
        p = command(api, 'wording', 'load', bad)
        check(p.returncode != 0 and 'bad.tsv' in p.stderr and 'Line 2' in p.stderr,
              f'bad line named: {p.stderr}')
        check('好的' not in {c['key'] for c in entries()['changes']}, 'all or nothing')
        check(command(api, 'wording', 'add', '--wrong', 'x').returncode != 0, 'add needs a suggestion')
        check(demo.get('国家工商行政管理总局') == '国家市场监督管理总局',
              f'the demo server loads data/wording/serious-errors.tsv: {len(demo)} entries')


def test_posts_faults(tmp):
    """A push or an image chunk whose answer is lost (truncated) was
    stored: sending it again is accepted once; a 500 stored nothing."""
    with PostsApi(os.path.join(tmp, 'a'), '--fault', '500') as api:
        admin, reviewer = api.login('rc-admin'), api.login('reviewer')
        post = dynamics()
        check(api.push_posts(admin, [post])[0] == 500, 'push: 500')
        check(api.review(reviewer, post)[0] == 404, 'nothing stored')
        data = png(6, 6, seed=7)
        check(put_chunk(api, admin, sha(data), data, 0, len(data))[0] == 500, 'image: 500')
        status, r, _o, _ = raw(api, 'HEAD', f'/api/v1/images/{sha(data)}', token=admin)
        check(status == 404 and r.getheader('Upload-Offset') == '0', 'no byte stored')
    with PostsApi(os.path.join(tmp, 'b'), '--fault', 'truncate') as api:
        admin, reviewer = api.login('rc-admin'), api.login('reviewer')
        data = png(6, 6, seed=8)
        try:
            put_chunk(api, admin, sha(data), data, 0, len(data))
        except Exception:
            pass   # the answer is cut: the client cannot tell
        status, _r, _o, _ = raw(api, 'HEAD', f'/api/v1/images/{sha(data)}', token=admin)
        check(status == 200, f'the image was stored: {status}')
        post = dynamics(images=[sha(data)])
        try:
            api.push_posts(admin, [post])
        except Exception:
            pass
        got = api.approve(reviewer, post)
        check(got['state'] == 'published', 'the post was stored once')


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith('test_')}


if __name__ == '__main__':
    sys.exit(run_tests(TESTS, sys.argv, 'jg-posts-test-'))
