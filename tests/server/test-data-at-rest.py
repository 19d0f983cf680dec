#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The server's data at rest (SECURITY.md, "Data at rest"; PROTOCOL.md,
"Backups" and "When the server's disk is full"), against the real binary.

    test-data-at-rest.py [TEST ...]     (no argument: every test)

permissions: the data directory 0700 and every file in it 0600 after a
push, an older 0644 file and 0755 directory included.
backup_under_load: `jianguan-server backup` while a client pushes batches
in a loop: the copy passes integrity_check, holds every record
acknowledged before the backup began, and a server started on it serves
them.
disk_full_push: a file-size limit reached during a push: 507 with a JSON
reason, nothing of the batch stored, and the same batch accepted once the
limit is lifted.
disk_full_image: a file-size limit reached during an image upload: 507
with a JSON reason, no partial file nor image row left of a first chunk,
an earlier chunk kept and nothing of the failed one, and the same upload
completed once the limit is lifted.
read_only_image: the images' directory read-only (a bind mount of the
server's own, as root; skipped otherwise) during an image upload: 503
with a JSON reason, nothing stored, and the upload accepted by a server
that can write there.
old_uuid_case: a database of schema 6 holding upper-case UUIDs, some
records and posts under both spellings: the server started on it serves
each once, lower-case, the copy a resend would have kept; a resend with
either spelling changes nothing; an installation keeps its code.
"""

import ctypes
import importlib.util
import os
import resource
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import uuid
import zlib

from jgserver import BIN, FAST_ENV, HERE, RC, Api, Server, check, run_tests

_spec = importlib.util.spec_from_file_location('jgservertests',
                                               os.path.join(HERE, 'test-server.py'))
_server_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_server_tests)
inspection = _server_tests.inspection
_spec = importlib.util.spec_from_file_location('jgpoststests',
                                               os.path.join(HERE, 'test-posts-server.py'))
_posts_tests = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_posts_tests)
png, upload, put_chunk, sha = (_posts_tests.png, _posts_tests.upload, _posts_tests.put_chunk,
                               _posts_tests.sha)
PostsApi, dynamics = _posts_tests.PostsApi, _posts_tests.dynamics

# Records per pushed batch; enough for one batch to need several pages.
BATCH = 50
# The WAL's room under the file-size limit: a few 16 KiB pages, less than
# a batch of 400 records needs.
WAL_ROOM = 64 * 1024
# The file-size limit of the image test: room for a chunk's rows in the
# WAL and for half a picture of IMAGE_PIXELS, not for the whole of it.
IMAGE_ROOM = 256 * 1024
IMAGE_PIXELS = (320, 300)


def truncate_wal(db_path):
    """Checkpoints the WAL of a database a server has open, and empties it."""
    with sqlite3.connect(db_path) as db:
        busy, _log, _done = db.execute('PRAGMA wal_checkpoint(TRUNCATE)').fetchone()
    check(busy == 0 and os.path.getsize(db_path + '-wal') == 0, 'the WAL emptied')


def modes(top):
    """{path relative to @top: permission bits} of @top and everything in it."""
    out = {'.': stat.S_IMODE(os.lstat(top).st_mode)}
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(root, name)
            out[os.path.relpath(path, top)] = stat.S_IMODE(os.lstat(path).st_mode)
    return out


def check_private(top, what):
    for rel, mode in modes(top).items():
        path = os.path.join(top, rel)
        want = 0o700 if os.path.isdir(path) else 0o600
        check(mode == want, f'{what}: {rel} is {mode:o}, not {want:o}')


def batch(prefix, n=BATCH):
    return [inspection(RC, f'{prefix}-{i:04d}') for i in range(n)]


def push_ok(api, token, records, name):
    status, _r, obj, _ = api.push(token, records, batch=name)
    check(status == 200, f'push {name}: {status} {obj}')
    check(all(r['status'] == 'accepted' for r in obj['results']), f'push {name}: {obj}')


def feed_uuids(api, token):
    uuids = []
    since = 0
    while True:
        page = api.states(token, since)
        uuids += [c['key'] for c in page['changes']]
        since = page['cursor']
        if not page['more']:
            return uuids


def api_on(tmp, data, cls=Api, preexec_fn=None):
    """An Api (the demo server and its requests) on the data directory @data."""
    api = cls.__new__(cls)
    api.server = Server(tmp, '--demo', data=data, env=FAST_ENV, preexec_fn=preexec_fn)
    return api


def test_permissions(tmp):
    # What an older server left: a readable directory and files.
    data = os.path.join(tmp, 'data')
    os.makedirs(os.path.join(data, 'images', 'ab'))
    os.chmod(data, 0o755)
    os.chmod(os.path.join(data, 'images'), 0o755)
    with open(os.path.join(data, 'images', 'ab', 'old'), 'w') as f:
        f.write('x')
    os.chmod(os.path.join(data, 'images', 'ab', 'old'), 0o644)
    old_umask = os.umask(0o022)   # the server must not depend on the shell's
    try:
        with Api(tmp) as api:
            token = api.login('rc-admin')
            push_ok(api, token, batch('QX'), '20261125-001')
            names = set(os.listdir(data))
            check({'server.db', 'server.db-wal', 'server.db-shm'} <= names,
                  f'the database and its WAL files are there: {sorted(names)}')
            check_private(data, 'while serving')
    finally:
        os.umask(old_umask)


def run_backup(data, target):
    return subprocess.run([BIN, 'backup', '--data', data, target], capture_output=True,
                          text=True, env=FAST_ENV, timeout=120)


def test_backup_under_load(tmp):
    target = os.path.join(tmp, 'backup')
    acked = []          # uuids of every batch the server answered 200
    errors = []
    stop = threading.Event()
    with Api(tmp) as api:
        token = api.login('rc-admin')
        # A stored picture, and one whose upload is unfinished.
        picture = png(seed=1)
        name = upload(api, token, picture)
        unfinished = png(width=40, height=30, seed=2)
        status, _r, obj, _ = put_chunk(api, token, sha(unfinished), unfinished[:20], 0,
                                       len(unfinished))
        check(status == 200 and obj['complete'] is False, f'a partial upload: {status} {obj}')

        def writer():
            n = 0
            while not stop.is_set():
                records = batch(f'BK{n:04d}')
                status, _r, obj, _ = api.push(token, records, batch=f'20261125-{n:03d}')
                if status != 200 or not all(r['status'] == 'accepted' for r in obj['results']):
                    errors.append((status, obj))
                    return
                acked.extend(r['uuid'] for r in records)
                n += 1

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            while len(acked) < 3 * BATCH and not errors and thread.is_alive():
                threading.Event().wait(0.05)
            before = list(acked)   # acknowledged before the backup began
            done = run_backup(api.server.data, target)
            # The writer goes on after the backup too.
            goal = len(acked) + 2 * BATCH
            while len(acked) < goal and not errors and thread.is_alive():
                threading.Event().wait(0.05)
        finally:
            stop.set()
            thread.join(60)
        check(not errors, f'pushes during the backup: {errors[:1]}')
        check(done.returncode == 0, f'backup: {done.returncode} {done.stderr}')
        check('backed up' in done.stderr, f'backup reports what it copied: {done.stderr}')
        check(len(before) >= 3 * BATCH, 'records were pushed before the backup')
        all_acked = set(acked)

    check_private(target, 'the backup')
    check(not os.path.exists(os.path.join(target, 'server.db.part')), 'no part file left')
    copied = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(target, 'images'))
              for f in fs]
    check([os.path.basename(p) for p in copied] == [name],
          f'the stored picture copied, not the unfinished upload: {copied}')
    with open(copied[0], 'rb') as f:
        check(f.read() == picture, 'the picture copied byte for byte')
    with sqlite3.connect(os.path.join(target, 'server.db')) as db:
        check(db.execute('PRAGMA integrity_check').fetchone()[0] == 'ok', 'integrity_check')
        stored = {row[0] for row in db.execute('SELECT uuid FROM record')}
    missing = set(before) - stored
    check(not missing, f'{len(missing)} acknowledged records missing from the backup')
    check(stored <= all_acked, 'the backup holds only acknowledged records')

    # The restored copy serves: a server on it finds the records in the feed.
    restored = os.path.join(tmp, 'restored')
    os.rename(target, restored)
    with api_on(tmp, restored) as api:
        token = api.login('rc-admin')
        served = set(feed_uuids(api, token))
        check(set(before) <= served, 'the restored server serves every acknowledged record')
        status, _r, _obj, body = api.call('GET', f'/api/v1/images/{name}', token=token)
        check(status == 200 and body == picture, f'the restored server serves the picture: {status}')
        push_ok(api, token, batch('AFTER', 3), '20261126-001')

    # A backup never overwrites one.
    again = run_backup(restored, restored)
    check(again.returncode != 0 and 'already holds' in again.stderr,
          f'backup into a backup refused: {again.returncode} {again.stderr}')


def test_disk_full_push(tmp):
    with Api(tmp) as api:
        token = api.login('rc-admin')
        push_ok(api, token, batch('DF'), '20261125-001')
        before = feed_uuids(api, token)
        # An empty WAL, so that the batch's frames must grow it, then room
        # for a few pages of it (the server ignores SIGXFSZ: a write past
        # the limit fails with EFBIG).
        truncate_wal(os.path.join(api.server.data, 'server.db'))
        soft, hard = resource.prlimit(api.server.proc.pid, resource.RLIMIT_FSIZE)
        resource.prlimit(api.server.proc.pid, resource.RLIMIT_FSIZE, (WAL_ROOM, hard))
        big = batch('FULL', 400)
        try:
            status, r, obj, _ = api.push(token, big, batch='20261125-002')
            check(status == 507, f'push past the limit: {status} {obj}')
            check(r.getheader('Content-Type', '').startswith('application/json'),
                  'the answer is JSON')
            check(obj and obj.get('error') == 'storage-full' and 'full' in obj.get('message', ''),
                  f'a reason: {obj}')
            # Reading goes on, and nothing of the batch is stored.
            check(feed_uuids(api, token) == before, 'nothing of the refused batch stored')
        finally:
            resource.prlimit(api.server.proc.pid, resource.RLIMIT_FSIZE, (soft, hard))
        # Space is back: the same batch goes through, each record once.
        push_ok(api, token, big, '20261125-002')
        after = feed_uuids(api, token)
        check(len(after) == len(set(after)), 'each record once')
        check(set(after) == set(before) | {r['uuid'] for r in big}, 'the whole batch stored')
        check(any('storage-full' in l for l in api.server.lines), 'the log says why')
    with sqlite3.connect(os.path.join(tmp, 'data', 'server.db')) as db:
        check(db.execute('PRAGMA integrity_check').fetchone()[0] == 'ok', 'integrity_check')


def image_rows(db_path, name):
    """(rows of @name in image, in image_owner, its received column)."""
    with sqlite3.connect(db_path) as db:
        row = db.execute('SELECT received FROM image WHERE sha256 = ?', (name,)).fetchone()
        owners = db.execute('SELECT COUNT(*) FROM image_owner WHERE sha256 = ?',
                            (name,)).fetchone()[0]
    return (row is not None, owners, row[0] if row else None)


def offset_of(api, token, name):
    status, r, _obj, _ = api.call('HEAD', f'/api/v1/images/{name}', token=token)
    check(status == 404, f'HEAD of an unfinished image: {status}')
    return int(r.getheader('Upload-Offset'))


def check_storage_full(status, r, obj, what):
    check(status == 507, f'{what}: {status} {obj}')
    check(r.getheader('Content-Type', '').startswith('application/json'), f'{what}: JSON')
    check(obj and obj.get('error') == 'storage-full' and 'full' in obj.get('message', ''),
          f'{what}: a reason: {obj}')


def test_disk_full_image(tmp):
    picture = png(*IMAGE_PIXELS, seed=4, noise=True)
    check(len(picture) > IMAGE_ROOM, f'the picture ({len(picture)} bytes) passes the limit')
    name = sha(picture)
    first = IMAGE_ROOM // 2
    with Api(tmp) as api:
        token = api.login('rc-admin')
        db_path = os.path.join(api.server.data, 'server.db')
        partial = os.path.join(api.server.data, 'images', 'partial', name + '.part')
        truncate_wal(db_path)
        soft, hard = resource.prlimit(api.server.proc.pid, resource.RLIMIT_FSIZE)
        resource.prlimit(api.server.proc.pid, resource.RLIMIT_FSIZE, (IMAGE_ROOM, hard))
        try:
            # A first chunk past the limit: nothing of it is left.
            status, r, obj, _ = put_chunk(api, token, name, picture, 0, len(picture))
            check_storage_full(status, r, obj, 'the whole picture past the limit')
            check(not os.path.exists(partial), 'no partial file left')
            check(image_rows(db_path, name) == (False, 0, None), 'no image row left')
            check(offset_of(api, token, name) == 0, 'the server has none of it')
            # A chunk within the limit is kept; the next one, past it, is not.
            status, _r, obj, _ = put_chunk(api, token, name, picture[:first], 0, len(picture))
            check(status == 200 and obj['received'] == first, f'a first half: {status} {obj}')
            status, r, obj, _ = put_chunk(api, token, name, picture[first:], first, len(picture))
            check_storage_full(status, r, obj, 'the second half past the limit')
            check(os.path.getsize(partial) == first, 'the partial file holds the first half only')
            check(image_rows(db_path, name) == (True, 1, first), 'the row says the first half')
            check(offset_of(api, token, name) == first, 'the server asks for the second half')
        finally:
            resource.prlimit(api.server.proc.pid, resource.RLIMIT_FSIZE, (soft, hard))
        # Space is back: the upload resumes where it stood and completes.
        status, _r, obj, _ = put_chunk(api, token, name, picture[first:], first, len(picture))
        check(status == 200 and obj['complete'] is True, f'the second half again: {status} {obj}')
        status, _r, _obj, body = api.call('GET', f'/api/v1/images/{name}', token=token)
        check(status == 200 and body == picture, f'the picture served whole: {status}')
        check(not os.path.exists(partial), 'no partial file once complete')
        check(any('storage-full' in l for l in api.server.lines), 'the log says why')
    with sqlite3.connect(os.path.join(tmp, 'data', 'server.db')) as db:
        check(db.execute('PRAGMA integrity_check').fetchone()[0] == 'ok', 'integrity_check')


# mount(2) and unshare(2) (linux/mount.h, sched.h): a mount namespace of
# the server's own, where one directory is bound read-only.
CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18
# meson's exit status of a skipped test.
SKIP = 77


def can_mount_read_only():
    if os.geteuid() != 0 or shutil.which('unshare') is None:
        return False
    probe = subprocess.run(['unshare', '-m', 'sh', '-c', 'mount --bind / / 2>/dev/null || exit 1;'
                            ' mount -o remount,bind,ro / /'], capture_output=True)
    return probe.returncode == 0


def read_only(path):
    """A preexec_fn: the process sees @path read-only (in a mount
    namespace of its own: nobody else does)."""
    libc = ctypes.CDLL(None, use_errno=True)
    target = path.encode()

    def apply():
        if (libc.unshare(CLONE_NEWNS) != 0
                or libc.mount(b'none', b'/', None, MS_REC | MS_PRIVATE, None) != 0
                or libc.mount(target, target, None, MS_BIND, None) != 0
                or libc.mount(target, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY, None) != 0):
            os._exit(1)
    return apply


def test_read_only_image(tmp):
    if not can_mount_read_only():
        print('# skipped: needs root and unshare for a read-only bind mount')
        sys.exit(SKIP)
    data = os.path.join(tmp, 'data')
    images = os.path.join(data, 'images')
    os.makedirs(os.path.join(images, 'partial'))
    for folder in (data, images, os.path.join(images, 'partial')):
        os.chmod(folder, 0o700)   # nothing for the server to make private there
    picture = png(40, 30, seed=5)
    name = sha(picture)
    with api_on(tmp, data, preexec_fn=read_only(images)) as api:
        token = api.login('rc-admin')
        status, r, obj, _ = put_chunk(api, token, name, picture, 0, len(picture))
        check(status == 503, f'an upload into a read-only directory: {status} {obj}')
        check(r.getheader('Content-Type', '').startswith('application/json'), 'the answer is JSON')
        check(obj and obj.get('error') == 'storage-read-only', f'a reason: {obj}')
        check(image_rows(os.path.join(data, 'server.db'), name) == (False, 0, None),
              'no image row left')
        check(offset_of(api, token, name) == 0, 'the server has none of it')
    check(os.listdir(os.path.join(images, 'partial')) == [], 'no partial file')
    with api_on(tmp, data) as api:
        token = api.login('rc-admin')
        check(upload(api, token, picture) == name, 'uploaded once the directory can be written')


# Schema 6: before the stored UUIDs were lowered (jg-server-db-uuids.c).
OLD_SCHEMA = 6
# Every record of old_uuid_case is of this month, for the city's table.
CASE_MONTH = '2026-11'


def respell(db, table_keys, old, new):
    """Renames @old to @new in the tables of @table_keys ({table: column})
    and in the change log, as an older server kept an upper-case UUID."""
    for table, column in table_keys.items():
        db.execute(f'UPDATE {table} SET {column} = ? WHERE {column} = ?', (new, old))
    db.execute("UPDATE change SET key = ?1, data = json_set (data, '$.uuid', ?1)"
               " WHERE type IN ('record', 'post') AND key = ?2", (new, old))


RECORD_TABLES = {'record': 'uuid', 'record_revision': 'uuid'}
POST_TABLES = {t: 'uuid' for t in ('post', 'post_revision', 'post_check', 'post_image',
                                    'post_signoff')}


def case_record(number, uuid_=None, revision=1, **fields):
    return inspection(RC, number, uuid_=uuid_, revision=revision, op='u',
                      check_time=f'{CASE_MONTH}-10', **fields)


def city_records(api):
    city = api.login('city-admin')
    status, _r, table, _ = api.call('GET', f'/api/v1/city/departments?month={CASE_MONTH}',
                                    token=city)
    check(status == 200, f'city table: {status} {table}')
    return {r['department']: r for r in table['departments']}[RC]['records']['inspection']


def test_old_uuid_case(tmp):
    data = os.path.join(tmp, 'data')
    # Each record as the server stores it now, then spelt as an older one
    # kept it: a upper-case only; b, c, d under both spellings.
    a, b, c, d = (case_record(f'JC-OLD-{x}') for x in 'ABCD')
    b['uuid'] = 'abcdef' + b['uuid'][6:]   # letters in its first half (a third spelling)
    b_upper = case_record('JC-OLD-B2', revision=2)        # later and newer: kept
    c['revision'] = 2
    c_upper = case_record('JC-OLD-C1', revision=1)        # later and older: not kept
    d_upper = case_record('JC-OLD-D1')                    # the same revision first: kept
    # Rejected (a wrong check digit): a state in the feed, no record held.
    e = case_record('JC-OLD-E', party_code='91440300708461136A')   # upper-case only
    f_rejected = case_record('JC-OLD-B3', party_code='91440300708461136A')   # a third b
    post_twin, post_upper, post_only = (dynamics(title=f'旧库大写编号{i}') for i in range(3))
    installation = str(uuid.uuid4())
    with api_on(tmp, data, PostsApi) as api:
        rc, reviewer = api.login('rc-admin'), api.login('reviewer')
        push_ok(api, rc, [d_upper], '20261101-001')
        push_ok(api, rc, [a, b, c, d], '20261101-002')
        push_ok(api, rc, [b_upper, c_upper], '20261101-003')
        status, _r, obj, _ = api.push(rc, [e, f_rejected], batch='20261101-004')
        check(status == 200 and all(r['code'] == 422 for r in obj['results']),
              f'rejected: {obj}')
        for post in (post_twin, post_upper, post_only):
            api.push_ok(rc, [post])
            api.approve(reviewer, post)
        status, _r, obj, _ = api.call('POST', '/api/v1/workstations',
                                      {'installation': installation}, rc)
        check(status == 200, f'a workstation: {status} {obj}')
        code = obj['code']
    with sqlite3.connect(os.path.join(data, 'server.db')) as db:
        db.execute('DROP TRIGGER post_signoff_no_update')
        respell(db, RECORD_TABLES, a['uuid'], a['uuid'].upper())
        for twin, uuid_ in ((b_upper, b), (c_upper, c), (d_upper, d)):
            respell(db, RECORD_TABLES, twin['uuid'], uuid_['uuid'].upper())
        respell(db, RECORD_TABLES, e['uuid'], e['uuid'].upper())
        # A third spelling, upper-case in its first half only.
        respell(db, RECORD_TABLES, f_rejected['uuid'], b['uuid'][:18].upper() + b['uuid'][18:])
        respell(db, POST_TABLES, post_upper['uuid'], post_twin['uuid'].upper())
        respell(db, POST_TABLES, post_only['uuid'], post_only['uuid'].upper())
        db.execute('UPDATE workstation SET installation = ? WHERE installation = ?',
                   (installation.upper(), installation))
        db.execute(f'PRAGMA user_version = {OLD_SCHEMA}')
        check(db.execute('SELECT COUNT(*) FROM record WHERE uuid <> lower (uuid)').fetchone()[0]
              == 4, 'the old database holds upper-case records')

    with api_on(tmp, data, PostsApi) as api:
        rc = api.login('rc-admin')
        changes = api.states(rc)['changes']
        keys = [ch['key'] for ch in changes]
        want = {r['uuid'] for r in (a, b, c, d, e)}
        check(sorted(keys) == sorted(want), f'each record once, lower-case: {keys}')
        held = {ch['key']: ch['data'] for ch in changes}
        check(all(h['uuid'] == k for k, h in held.items()), 'the states name the lower-case ids')
        check(held[e['uuid']]['state'] == 'rejected' and 'held' not in held[e['uuid']],
              f'a record never held keeps its rejection: {held[e["uuid"]]}')
        check(held[b['uuid']]['state'] == 'accepted',
              f'a record held keeps its own state: {held[b["uuid"]]}')
        for rec, number, revision in ((a, 'JC-OLD-A', 1), (b, 'JC-OLD-B2', 2), (c, 'JC-OLD-C', 2),
                                      (d, 'JC-OLD-D1', 1)):
            h = held[rec['uuid']]['held']
            check((h['revision'], h['number']) == (revision, number),
                  f'{number}: the copy a resend keeps: {h}')
        check(city_records(api) == 4, 'the city counts each record once')
        # A resend, spelt either way, is idempotent.
        latest = api.states(rc)['latest']
        for kept, rec in ((a, a), (b_upper, b), (c, c), (d_upper, d)):
            for spelt in (rec['uuid'], rec['uuid'].upper()):
                status, _r, obj, _ = api.push(rc, [dict(kept, uuid=spelt)], batch='20261201-001')
                check(status == 200 and obj['results'][0]['status'] == 'accepted',
                      f'resend {kept["fields"]["number"]} as {spelt}: {obj}')
        status, _r, obj, _ = api.push(rc, [dict(c_upper, uuid=c['uuid'])], batch='20261201-002')
        check(obj['results'][0]['status'] == 'rejected' and obj['results'][0]['code'] == 409,
              f'the copy not kept, resent, is a conflict: {obj}')
        check(api.states(rc)['latest'] == latest, 'the resends wrote nothing')
        check(city_records(api) == 4, 'still once')

        posts = api.posts(rc)
        want = {post_twin['uuid'], post_only['uuid']}
        check(set(posts) == want and len(api.feed(rc)['changes']) == 2,
              f'each post once, lower-case: {list(posts)}')
        check(posts[post_twin['uuid']]['fields']['title'] == post_twin['fields']['title'],
              'the post first received kept')
        for uuid_ in want:
            check(posts[uuid_]['uuid'] == uuid_ and posts[uuid_]['state'] == 'published'
                  and len(posts[uuid_]['signoffs']) == 1, f'its state and sign-off: {posts[uuid_]}')
        latest = api.feed(rc)['latest']
        for post in (post_twin, post_only):
            for spelt in (post['uuid'], post['uuid'].upper()):
                api.push_ok(rc, [dict(post, uuid=spelt)])
        check(api.feed(rc)['latest'] == latest, 'posts resent either way: nothing written')
        for spelt in (installation, installation.upper()):
            status, _r, obj, _ = api.call('POST', '/api/v1/workstations',
                                          {'installation': spelt}, rc)
            check(status == 200 and obj['code'] == code, f'the same code for {spelt}: {obj}')

    with sqlite3.connect(os.path.join(data, 'server.db')) as db:
        check(db.execute('PRAGMA user_version').fetchone()[0] > OLD_SCHEMA, 'migrated')
        check(db.execute('PRAGMA integrity_check').fetchone()[0] == 'ok', 'integrity_check')
        lost = db.execute('SELECT uuid FROM post_signoff WHERE uuid <> lower (uuid)').fetchall()
        check(lost == [(post_twin['uuid'].upper() + ':lost',)],
              f'the sign-off of the copy not kept is kept aside: {lost}')
        try:
            db.execute("UPDATE post_signoff SET comment = 'x'")
            check(False, 'sign-offs can be rewritten again')
        except sqlite3.DatabaseError as e:
            check('never rewritten' in str(e), f'the trigger is back: {e}')


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith('test_')}


if __name__ == '__main__':
    sys.exit(run_tests(TESTS, sys.argv, 'jg-server-rest-'))
