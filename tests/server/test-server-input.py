#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What jianguan-server reads from a request (PROTOCOL.md, "Limits"), one
test per finding of the independent probe of issue 13: deep JSON, bodies
over the limit and without a token answered before they are sent, log
lines that cannot be forged, one record however its UUID is spelt, NUL
characters, repeated members, a user name that is not a string, a second
Authorization header, and a JSON body on every error answer.

    test-server-input.py [TEST ...]     (no argument: every test)
"""

import importlib.util
import json
import os
import select
import socket
import sys
import http.client

from jgserver import (DEMO_PASSWORD, HERE, HJ, RC, Api, check, run_tests, wait_line)

# The record builders of test-server.py (the demo's catalogue codes).
_spec = importlib.util.spec_from_file_location('server_tests', os.path.join(HERE, 'test-server.py'))
server_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(server_tests)
inspection = server_tests.inspection
accepted = server_tests.accepted
_spec = importlib.util.spec_from_file_location('posts_tests',
                                               os.path.join(HERE, 'test-posts-server.py'))
posts_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(posts_tests)

DEEP = 80000            # the probe's body: enough to run json-glib's stack out
LOGIN = '/api/v1/login'
RECORDS = '/api/v1/records'
# What a client sends to stand for a body it never sends.
HUGE = 200 * 1000 * 1000


def connect(api):
    return socket.create_connection(('127.0.0.1', api.server.port), timeout=30)


def read_answer(sock):
    """The HTTP answer on @sock: (status, headers, JSON body or None, bytes)."""
    r = http.client.HTTPResponse(sock)
    r.begin()
    body = r.read()
    try:
        obj = json.loads(body.decode('utf-8')) if body else None
    except ValueError:
        obj = None
    return r.status, r, obj, body


def raw_request(api, data):
    """Sends the bytes @data and reads the answer."""
    with connect(api) as sock:
        sock.sendall(data)
        return read_answer(sock)


def head(method, path, *headers):
    lines = [f'{method} {path} HTTP/1.1', 'Host: 127.0.0.1'] + list(headers)
    return ('\r\n'.join(lines) + '\r\n\r\n').encode()


def is_error_body(obj, word=None):
    return (isinstance(obj, dict) and isinstance(obj.get('error'), str) and
            isinstance(obj.get('message'), str) and obj['message'] != '' and
            (word is None or obj['error'] == word))


def alive(api):
    status, _r, obj, _ = api.call('GET', '/api/v1/info')
    return status == 200 and obj['server'] == 'jianguan-server'


def test_deep_json(tmp):
    """80,000 nested brackets: refused, and the server answers the next
    request (it ran out of stack in json-glib before)."""
    deep = b'[' * DEEP + b']' * DEEP
    with Api(tmp) as api:
        token = api.login('rc-admin')
        # To /login: far over its small limit, refused before it is read.
        status, _r, obj, _ = api.call('POST', LOGIN, raw=deep)
        check(status == 413 and is_error_body(obj, 'too-large'), f'/login: {status} {obj}')
        check(alive(api), 'answers after the deep /login')
        # To /records with a token: read, and refused before json-glib.
        status, _r, obj, _ = api.call('POST', RECORDS, raw=deep, token=token)
        check(status == 400 and is_error_body(obj, 'bad-request') and 'deeper' in obj['message'],
              f'/records: {status} {obj}')
        check(alive(api), 'answers after the deep /records')
        # Inside a batch of the right shape, and in a small login body.
        nested = b'{"batch":"b","records":[{"x":' + b'[' * DEEP + b']' * DEEP + b'}]}'
        status, _r, obj, _ = api.call('POST', RECORDS, raw=nested, token=token)
        check(status == 400 and 'deeper' in obj['message'], f'nested in a batch: {status} {obj}')
        small = b'{"username":' + b'[' * 1000 + b']' * 1000 + b'}'
        status, _r, obj, _ = api.call('POST', LOGIN, raw=small)
        check(status == 400 and 'deeper' in obj['message'], f'small deep login: {status} {obj}')
        check(alive(api), 'still answering')


def test_body_limit_early(tmp):
    """A body over the limit is answered 413 before it is sent: the client
    announces 200 MB and waits for the answer without sending a byte."""
    with Api(tmp) as api:
        token = api.login('rc-admin')
        for path, auth in ((LOGIN, None), (RECORDS, token)):
            headers = [f'Content-Length: {HUGE}', 'Content-Type: application/json']
            if auth:
                headers.append('Authorization: Bearer ' + auth)
            with connect(api) as sock:
                sock.sendall(head('POST', path, *headers))
                status, r, obj, _ = read_answer(sock)
            check(status == 413 and is_error_body(obj, 'too-large'), f'{path}: {status} {obj}')
            check(r.getheader('Connection') == 'close', f'{path}: the connection is closed')
        # Chunked: counted as it comes, cut off past the limit (4 KiB for
        # /login) long before the client is done.
        with connect(api) as sock:
            sock.sendall(head('POST', LOGIN, 'Transfer-Encoding: chunked'))
            chunk = b'2000\r\n' + b' ' * 0x2000 + b'\r\n'
            sent = 0
            try:
                while sent < HUGE // 10 and not select.select([sock], [], [], 0)[0]:
                    sock.sendall(chunk)
                    sent += 0x2000
            except OSError:
                pass   # the server closed its side: the answer is there
            status, _r, obj, _ = read_answer(sock)
        check(status == 413 and is_error_body(obj, 'too-large'), f'chunked: {status} {obj}')
        check(sent < HUGE // 10, f'cut off: {sent} bytes sent')
        check(alive(api), 'still answering')


def test_max_body_option(tmp):
    """--max-body-bytes sets the limit of the routes with a token."""
    with Api(tmp, '--max-body-bytes', '100000') as api:
        token = api.login('rc-admin')
        status, _r, obj, _ = api.push(token, [inspection(RC, 'JC-L1')])
        check(status == 200 and accepted(obj['results'][0]), f'a batch within: {status} {obj}')
        big = json.dumps({'batch': 'b', 'records': [inspection(RC, 'JC-L2', object_name='x' * 100000)]})
        status, _r, obj, _ = api.call('POST', RECORDS, raw=big.encode(), token=token)
        check(status == 413 and is_error_body(obj, 'too-large') and '100000' in obj['message'],
              f'over: {status} {obj}')
        check(len(api.states(token)['changes']) == 1, 'only the batch within the limit is stored')


def test_auth_before_body(tmp):
    """A request with a body and no valid token is answered 401 before the
    body is sent; /login needs none."""
    with Api(tmp) as api:
        for auth in ([], ['Authorization: Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']):
            for path in (RECORDS, '/api/v1/posts', '/api/v1/workstations'):
                with connect(api) as sock:
                    sock.sendall(head('POST', path, 'Content-Length: 1000000',
                                      'Content-Type: application/json', *auth))
                    status, r, obj, _ = read_answer(sock)
                check(status == 401 and is_error_body(obj, 'unauthorized'),
                      f'{path} {auth}: {status} {obj}')
                check(r.getheader('WWW-Authenticate', '').startswith('Bearer'), 'challenge')
        check(api.login('rc-admin'), 'login still works')


def test_log_escape(tmp):
    """A newline in a pushed department or in a path cannot write a line of
    its own into the log (a fake FORBIDDEN entry)."""
    forged = f'FORBIDDEN user=hj-admin department={HJ} wanted={RC}'
    with Api(tmp) as api:
        token = api.login('rc-admin')
        rec = inspection(RC, 'JC-LOG')
        rec['department'] = HJ + '\n' + forged
        status, _r, obj, _ = api.push(token, [rec])
        check(status == 200 and obj['results'][0]['code'] == 403, f'refused: {status} {obj}')
        check(wait_line(api.server, lambda l: l.startswith('FORBIDDEN user=rc-admin')
                        and '\\nFORBIDDEN user=hj-admin' in l),
              f'escaped on its line: {api.server.lines[-4:]}')
        api.call('GET', '/nowhere%0A' + forged.replace(' ', '%20') + '?a=%0Ab')
        check(wait_line(api.server, lambda l: l.startswith('GET /nowhere\\n')),
              f'path escaped: {api.server.lines[-3:]}')
        check(not any(l.startswith('FORBIDDEN user=hj-admin') for l in api.server.lines),
              'no forged line: ' + repr([l for l in api.server.lines if 'hj-admin' in l]))


def test_uuid_case(tmp):
    """Upper- and lower-case spellings of a UUID are one record."""
    with Api(tmp) as api:
        token = api.login('rc-admin')
        rec = inspection(RC, 'JC-CASE-1')
        lower = rec['uuid']
        rec['uuid'] = lower.upper()
        status, _r, obj, _ = api.push(token, [rec])
        check(status == 200 and accepted(obj['results'][0]), f'upper-case push: {obj}')
        check(obj['results'][0]['uuid'] == lower, f'answered lower-case: {obj["results"][0]}')
        again = inspection(RC, 'JC-CASE-2', uuid_=lower, revision=2, op='u')
        status, _r, obj, _ = api.push(token, [again], batch='20261125-002')
        check(status == 200 and accepted(obj['results'][0]), f'lower-case revision 2: {obj}')
        keys = [c['key'] for c in api.states(token)['changes']]
        check(keys == [lower], f'one record, lower-case: {keys}')


def test_post_id_case(tmp):
    """A post and an image are one however their ids are spelt: the feed
    has the lower-case UUID, a review by the upper-case one finds the
    post, an image is found by its upper-case name."""
    with posts_tests.PostsApi(tmp) as api:
        admin, reviewer = api.login('rc-admin'), api.login('reviewer')
        image = posts_tests.upload(api, admin, posts_tests.png(20, 10, seed=3))
        post = posts_tests.dynamics(images=[image])
        post['images'] = [image.upper()]
        lower = post['uuid']
        post['uuid'] = lower.upper()
        api.push_ok(admin, [post])
        check(list(api.posts(admin)) == [lower], f'one post, lower-case: {list(api.posts(admin))}')
        check(api.posts(admin)[lower]['images'] == [image], 'its image, lower-case')
        check(api.approve(reviewer, post)['state'] == 'published', 'reviewed by the upper-case id')
        status, _r, _o, _ = api.call('GET', f'/api/v1/images/{image.upper()}', token=admin)
        check(status == 200, f'image by its upper-case name: {status}')


def test_nul(tmp):
    """\\u0000 in a string is refused: a user name with a NUL and anything
    after it logged in as the part before it."""
    with Api(tmp) as api:
        body = ('{"username":"rc-admin\\u0000junk","password":"%s"}' % DEMO_PASSWORD).encode()
        status, _r, obj, _ = api.call('POST', LOGIN, raw=body)
        check(status == 400 and is_error_body(obj, 'bad-request') and 'u0000' in obj['message'],
              f'login with NUL: {status} {obj}')
        token = api.login('rc-admin')
        rec = inspection(RC, 'JC-NUL')
        body = json.dumps({'batch': 'b', 'records': [rec]}).replace('JC-NUL', 'JC-NUL\\u0000x')
        status, _r, obj, _ = api.call('POST', RECORDS, raw=body.encode(), token=token)
        check(status == 400 and 'u0000' in obj['message'], f'record with NUL: {status} {obj}')


def test_duplicate_members(tmp):
    """A member twice in one object is refused (the last one won)."""
    with Api(tmp) as api:
        body = ('{"username":"nobody","username":"rc-admin","password":"%s"}'
                % DEMO_PASSWORD).encode()
        status, _r, obj, _ = api.call('POST', LOGIN, raw=body)
        check(status == 400 and 'twice' in obj['message'], f'login: {status} {obj}')
        token = api.login('rc-admin')
        one = json.dumps(inspection(RC, 'JC-DUP-1'))
        two = json.dumps(inspection(RC, 'JC-DUP-2'))
        for body in ('{"batch":"b","records":[%s],"records":[%s]}' % (one, two),
                     '{"batch":"b","records":[%s],"x":1,"x":2}' % one):
            status, _r, obj, _ = api.call('POST', RECORDS, raw=body.encode(), token=token)
            check(status == 400 and 'twice' in obj['message'], f'{body[-20:]}: {status} {obj}')
        check(api.states(token)['changes'] == [], 'nothing stored')


def test_username_not_string(tmp):
    """A user name that is not a string is a 400 (it was a GLib critical;
    the server's log is checked for criticals when it stops)."""
    with Api(tmp) as api:
        for body in ({'username': 5, 'password': 'x'}, {'username': ['rc-admin'], 'password': 'x'},
                     {'username': 'rc-admin', 'password': None}, ['rc-admin']):
            status, _r, obj, _ = api.call('POST', LOGIN, body)
            check(status == 400 and is_error_body(obj, 'bad-request'), f'{body}: {status} {obj}')
        token = api.login('rc-admin')
        status, _r, obj, _ = api.call('POST', '/api/v1/workstations', {'installation': 7}, token)
        check(status == 400, f'installation 7: {status} {obj}')


def test_authorization_strict(tmp):
    """Two Authorization headers, or anything but "Bearer <token>": 401."""
    with Api(tmp) as api:
        token = api.login('rc-admin')
        good = 'Authorization: Bearer ' + token
        bad = 'Authorization: Bearer nope'
        path = '/api/v1/changes/records'
        status, _r, obj, _ = raw_request(api, head('GET', path, good))
        check(status == 200, f'one good header: {status} {obj}')
        for headers in ([bad, good], [good, bad], [good, good],
                        ['Authorization: bearer ' + token], ['Authorization: Bearer  ' + token],
                        ['Authorization: Bearer ' + token + ' x'], ['Authorization: Basic ' + token]):
            status, _r, obj, _ = raw_request(api, head('GET', path, *headers))
            check(status == 401 and is_error_body(obj, 'unauthorized'), f'{headers}: {status} {obj}')


def test_error_bodies(tmp):
    """Every error answer carries the JSON error body, libsoup's own
    answers to a request it cannot parse included."""
    with Api(tmp) as api:
        token = api.login('rc-admin')
        answers = {
            '404': api.call('GET', '/nowhere'),
            '405': api.call('DELETE', '/api/v1/info'),
            '400 query': api.call('GET', '/api/v1/changes/catalogue?since=x'),
            '401': api.call('GET', '/api/v1/changes/records'),
            '413': api.call('POST', LOGIN, raw=b'{' + b' ' * 5000 + b'}'),
            '400 body': api.call('POST', RECORDS, raw=b'{"batch":', token=token),
        }
        for name, data in (
                ('400 request line', b'GARBAGE\r\n\r\n'),
                ('400 no Host', b'GET /api/v1/info HTTP/1.1\r\n\r\n'),
                ('505 version', b'GET /api/v1/info HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n'),
                ('417 expect', head('GET', '/api/v1/info', 'Expect: something')),
                ('501 transfer-encoding', head('POST', LOGIN, 'Transfer-Encoding: gzip'))):
            answers[name] = raw_request(api, data)
        for name, (status, _r, obj, body) in answers.items():
            check(status >= 400 and is_error_body(obj), f'{name}: {status} {body[:200]!r}')
            check(name[:3] == str(status), f'{name}: status {status}')
        check(alive(api), 'still answering')


TESTS = {
    'deep_json': test_deep_json,
    'body_limit_early': test_body_limit_early,
    'max_body_option': test_max_body_option,
    'auth_before_body': test_auth_before_body,
    'log_escape': test_log_escape,
    'uuid_case': test_uuid_case,
    'post_id_case': test_post_id_case,
    'nul': test_nul,
    'duplicate_members': test_duplicate_members,
    'username_not_string': test_username_not_string,
    'authorization_strict': test_authorization_strict,
    'error_bodies': test_error_bodies,
}

if __name__ == '__main__':
    sys.exit(run_tests(TESTS, sys.argv, 'jg-server-input-'))
