#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: a party's profile lists every record about it, by kind.
#
#   test-entity-profile.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data
#
# Before the app starts, jianguan-cli syncs the demo catalogue into a private
# account database and chooses the department (sync-catalogue, then
# --department … status); then three records are written
# into it with sqlite3 (as src/core/base/jg-migrations.c step 4 lays them out): an
# inspection and a penalty of one party, an inspection of another. The test
#   1. opens Records (Alt+3) and presses the "Party Profile" button of a row
#      of the first party;
#   2. checks through AT-SPI that the profile names the party and lists
#      exactly its two records, the inspection under Inspection and the
#      penalty under Penalty, and nothing under the other kinds;
#   3. opens the inspection from the profile, activates the editor's
#      "All Records of This Party" row and is on the profile again; opens the
#      inspection again and its back button returns to the profile.
# With --screenshots DIR it saves entity-profile-<lang>.png (set --lang).

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid

import jgtest

jg = jgtest.base

log, wait_for, find, walk, Failure = jg.log, jg.wait_for, jg.find, jg.walk, jg.Failure

PARTY = {'name': '揭阳市某某食品有限公司', 'doc_type': '001', 'code': '91440300708461136T',
         'nature': '02', 'registered_address': '揭阳市榕城区临江北路1号',
         'business_address': '揭阳市榕城区东山路8号'}
OTHER = {'name': '揭阳市另一家餐饮店', 'doc_type': '001', 'code': '92445202MA4W000000',
         'nature': '03'}
RECORDS = [
    # kind, party, name, number, date key, date
    ('inspection', PARTY, '日常监督检查', 'JC-2025-0101', 'check_time', '2025-03-10'),
    ('penalty', PARTY, '超范围经营处罚', 'CF-2025-0007', 'decision_date', '2025-06-20'),
    ('inspection', OTHER, '餐饮专项检查', 'JC-2025-0102', 'check_time', '2025-05-01'),
]
KIND_LABELS = {'C': {'inspection': 'Inspection', 'penalty': 'Penalty',
                     'coercion': 'Coercion', 'other': 'Other action'},
               'zh_CN': {'inspection': '行政检查', 'penalty': '行政处罚',
                         'coercion': '行政强制', 'other': '其他行为'}}
ZH = {'Back to records': '返回记录列表'}


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def lang_env(args, env):
    if args.lang != 'C.UTF-8':
        env.update(LANG=args.lang, LC_ALL=args.lang, LANGUAGE=args.lang.split('.')[0])
    return env


def seed(args, tmp, url):
    """Syncs the catalogue with the CLI, then writes the records."""
    with open(os.path.join(args.data_dir, 'demo', 'catalogue.json'), encoding='utf-8') as f:
        department = json.load(f)['departments'][0]['code']
    env = jg.app_env(args, tmp)
    env.pop('JIANGUAN_SERVER', None)
    # The department is stored in the database the sync creates.
    for cmd in (['sync-catalogue'], ['--department', department, 'status']):
        out = subprocess.run([args.cli_bin, '--server', url] + cmd, env=env,
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise Failure(f'jianguan-cli {" ".join(cmd)} failed: {out.stderr}')
    dbs = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(tmp, 'data'))
           for f in fs if f == 'jianguan.db']
    if len(dbs) != 1:
        raise Failure(f'expected one account database, found {dbs}')

    db = sqlite3.connect(dbs[0])
    now = int(time.time())
    with db:
        for i, (kind, party, name, number, date_key, date) in enumerate(RECORDS):
            rid = str(uuid.uuid4())
            fields = {'party_name': party['name'], 'party_doc_type': party['doc_type'],
                      'party_code': party['code'], 'party_nature': party['nature'],
                      'object_name': party['name'], 'name': name, 'number': number,
                      date_key: date}
            doc = {'uuid': rid, 'kind': kind, 'department': department, 'state': 'draft',
                   'revision': 1, 'fields': fields}
            db.execute('INSERT INTO record (uuid, kind, department, state, revision, op, number,'
                       ' name, main_date, sort_date, month, catalogue_code, party_doc_type,'
                       ' party_code, party_name, fields, created, modified)'
                       " VALUES (?, ?, ?, 'draft', 1, 'i', ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
                       (rid, kind, department, number, name, date, date, date[:7],
                        party['doc_type'], party['code'], party['name'],
                        json.dumps(doc, ensure_ascii=False), now + i, now + i))
        for i, party in enumerate((PARTY, OTHER)):
            db.execute('INSERT INTO entity (doc_type, code, name, nature, registered_address,'
                       ' business_address, last_used) VALUES (?, ?, ?, ?, ?, ?, ?)',
                       (party['doc_type'], party['code'], party['name'], party['nature'],
                        party.get('registered_address'), party.get('business_address'),
                        (now + i) * 1000000))
    db.close()
    log('seeded', len(RECORDS), 'records into', dbs[0])


def scroll_to_and_press(acc):
    """Scrolls the wheel over the window until @acc is on screen, then
    clicks it (GTK 4.8 cannot grab focus or scroll through AT-SPI)."""
    import pyatspi
    out = subprocess.run(['xdotool', 'getdisplaygeometry'], capture_output=True, text=True)
    height = int(out.stdout.split()[1])
    for _ in range(60):
        e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        y = e.y + e.height // 2
        if 80 < y < height - 40:
            jgtest.press_at(acc)
            return
        jg.xdotool('mousemove', '640', str(height // 2), 'click', '5' if y >= height - 40 else '4')
        time.sleep(0.1)
    raise Failure(f'could not scroll {acc.name!r} into view')


def showing(acc):
    """GTK 4.8 sets VISIBLE (not SHOWING) for widgets that are not hidden."""
    import pyatspi
    try:
        return acc.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def profile_of(app):
    """The JgEntityProfile's subtree (GTK names a bin by its type)."""
    return find(app, 'filler', 'JgEntityProfile')


def profile_lists(app, labels):
    """kind → the names of the rows of its list, for the kinds shown."""
    out = {}
    profile = profile_of(app)
    if profile is None:
        return out
    for kind, label in labels.items():
        lst = find(profile, 'list', predicate=lambda a, label=label: a.name == label and showing(a))
        if lst is not None:
            out[kind] = [c.name for c in lst if c is not None]
    return out


def run(args, tmp):
    import pyatspi

    lang = args.lang.split('.')[0]
    labels = KIND_LABELS.get(lang, KIND_LABELS['C'])
    tr = (lambda t: ZH.get(t, t)) if lang.startswith('zh') else (lambda t: t)
    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    with jgtest.closing(args, procs):
        seed(args, tmp, url)
        env = lang_env(args, jg.app_env(args, tmp))
        procs.append(subprocess.Popen([args.app, '--server', url], env=env,
                                      stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        time.sleep(1.0)
        jg.xdotool('key', 'alt+3')

        # 1. The row's Party Profile button.
        def profile_button():
            return find(app, 'push button', predicate=lambda a: PARTY['name'] in (a.name or '')
                        and showing(a))
        button = wait_for('the Party Profile button of a row', profile_button, timeout=60)
        log('pressing', repr(button.name))
        jgtest.click(button)

        # 2. The profile: the party, its two records under their kinds.
        lists = wait_for('the profile lists',
                         lambda: (lambda l: l if 'inspection' in l and 'penalty' in l else None)(
                             profile_lists(app, labels)))
        log('profile lists:', lists)
        if set(lists) != {'inspection', 'penalty'}:
            raise Failure(f'lists shown for kinds {sorted(lists)}, expected inspection and penalty')
        for kind, number, name in (('inspection', 'JC-2025-0101', '日常监督检查'),
                                   ('penalty', 'CF-2025-0007', '超范围经营处罚')):
            rows = lists[kind]
            if len(rows) != 1 or name not in rows[0] or number not in rows[0]:
                raise Failure(f'{kind}: expected only {name} {number}, got {rows}')
        names = [a.name or '' for a in walk(profile_of(app)) if showing(a)]
        if any('餐饮专项检查' in n or 'JC-2025-0102' in n for n in names):
            raise Failure("the other party's record is shown in the profile")
        if not any(PARTY['code'] in n and n != PARTY['code'] for n in names):
            raise Failure('the party code is not shown with its label')
        if not any(PARTY['name'] == n for n in names):
            raise Failure('the party name is not shown')
        if not any('统一社会信用代码' in n for n in names):
            raise Failure('the document type name is not shown')
        log('the profile lists exactly the party\'s inspection and penalty')
        if args.screenshots:
            os.makedirs(args.screenshots, exist_ok=True)
            path = os.path.join(args.screenshots, f'entity-profile-{lang}.png')
            time.sleep(1.0)
            subprocess.run(['import', '-window', 'root', path], check=True)
            log('screenshot', path)

        # 3. Into the editor and back to the profile.
        lst = find(profile_of(app), 'list',
                   predicate=lambda a: a.name == labels['inspection'] and showing(a))
        jgtest.press_at(lst[0])
        back = wait_for('the editor', lambda: find(app, 'push button', tr('Back to records')))
        if not lang.startswith('zh'):
            row = wait_for('the editor\'s "All Records of This Party" row',
                           lambda: find(app, 'list item', predicate=lambda a: (a.name or '').startswith(
                               'All Records of This Party')))
            import pyatspi as _p
            if not row.getState().contains(_p.STATE_SENSITIVE):
                raise Failure('"All Records of This Party" is disabled with the party set')
            # The editor's way in: its row opens the profile again.
            scroll_to_and_press(row)
            wait_for('the profile from the editor',
                     lambda: 'penalty' in profile_lists(app, labels) and
                     not find(app, 'push button', tr('Back to records')))
            log('the editor\'s row opened the profile')
            lst = wait_for('the inspection list', lambda: find(
                profile_of(app), 'list',
                predicate=lambda a: a.name == labels['inspection'] and showing(a)))
            jgtest.press_at(lst[0])
            back = wait_for('the editor', lambda: find(app, 'push button', tr('Back to records')))
        jgtest.click(back)
        wait_for('the profile again', lambda: 'penalty' in profile_lists(app, labels))
        log('the editor went back to the profile')
        return True


def main():
    return jgtest.run_test('entity profile', parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
