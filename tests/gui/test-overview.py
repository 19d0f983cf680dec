#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: the app opens on the Overview, and its figures are the database's.
#
#   test-overview.py --app build/src/gui/jianguan --cli-bin build/src/cli/jianguan-cli \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data [--lang zh_CN.UTF-8 --screenshots DIR]
#
# On a fresh profile the CLI syncs the catalogue; the test then writes
# records of this month (each kind, each state, one of last month, one being
# deleted) into the account's database. It
#   1. starts the app and checks that the Overview is the page in view;
#   2. reads each figure's accessible name ("行政检查 3 条") and checks it
#      against a count of the database made here, by the test itself;
#   3. adds a record, goes to the catalogue (Alt+2) and back (Alt+1), and
#      checks that the Overview shows the new count.
# With --screenshots DIR it saves overview-records-<lang>.png (overview-<lang>.png,
# the dashboard, is test-coverage-overview.py's).

import datetime
import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid

import jgtest
from jgtest import log, wait_for, find, Failure

jg = jgtest.base

KINDS = [('inspection', 'Inspection'), ('penalty', 'Penalty'),
         ('coercion', 'Coercion'), ('other', 'Other action')]


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def account_db(tmp):
    dbs = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(tmp, 'data'))
           for f in fs if f == 'jianguan.db']
    if len(dbs) != 1:
        raise Failure(f'expected one account database, found {dbs}')
    return dbs[0]


def add_record(db, kind, state, date, deleting=False):
    rid = str(uuid.uuid4())
    number = 'T-' + rid[:8]
    now = int(time.time())
    doc = {'uuid': rid, 'kind': kind, 'state': state, 'revision': 1,
           'fields': {'number': number, 'name': '测试'}}
    db.execute('INSERT INTO record (uuid, kind, state, revision, op, number, name, main_date,'
               ' sort_date, month, fields, created, modified, deleting, holds_number)'
               ' VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
               (rid, kind, state, 'd' if deleting else (None if state == 'accepted' else 'i'),
                number, '测试', date, date or '9999', date[:7] if date else None,
                json.dumps(doc, ensure_ascii=False), now, now, int(deleting),
                int(state != 'draft' and not deleting)))


def seed(path):
    today = datetime.date.today()
    this_month = today.isoformat()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).isoformat()
    db = sqlite3.connect(path)
    with db:
        for kind, state in (('inspection', 'draft'), ('inspection', 'ready'),
                            ('inspection', 'accepted'), ('penalty', 'rejected'),
                            ('penalty', 'sending'), ('coercion', 'ready')):
            add_record(db, kind, state, this_month)
        add_record(db, 'inspection', 'accepted', last_month)
        add_record(db, 'penalty', 'accepted', this_month, deleting=True)
        add_record(db, 'other', 'draft', None)
    db.close()


def expected(path):
    """The figures, counted here from the database by the test itself."""
    month = datetime.date.today().strftime('%Y-%m')
    db = sqlite3.connect(path)
    one = lambda sql, *a: db.execute(sql, a).fetchone()[0]
    figures = {label: one('SELECT count(*) FROM record WHERE kind = ? AND month = ? AND deleting = 0',
                          kind, month) for kind, label in KINDS}
    figures['Drafts'] = one("SELECT count(*) FROM record WHERE state = 'draft' AND deleting = 0")
    figures['Ready'] = one("SELECT count(*) FROM record WHERE state = 'ready' AND deleting = 0")
    figures['Waiting to be sent'] = one("SELECT count(*) FROM record"
                                        " WHERE state IN ('ready', 'sending') OR deleting = 1")
    figures['Rejected'] = one("SELECT count(*) FROM record WHERE state = 'rejected' AND deleting = 0")
    db.close()
    return figures


def check_figures(app, tr, figures):
    for title, n in figures.items():
        name = tr.ngettext('%s %u record', '%s %u records', n) % (tr.gettext(title), n)
        wait_for(f'the figure {name!r}', lambda: find(app, 'list item', name), timeout=30)
    log('figures:', figures)


def run(args, tmp):
    import pyatspi

    tr = jgtest.translations(args.lang)
    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    app = None
    try:
        env = jg.app_env(args, tmp)
        env.pop('JIANGUAN_SERVER', None)
        out = subprocess.run([args.cli_bin, '--server', url, 'sync-catalogue'], env=env,
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise Failure(f'jianguan-cli sync-catalogue failed: {out.stderr}')
        db_path = account_db(tmp)
        seed(db_path)

        env = jg.app_env(args, tmp, **jgtest.lang_env(args.lang))
        procs.append(subprocess.Popen([args.app, '--server', url], env=env,
                                      stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        jgtest.open_window(app)

        # 1. The Overview is the page in view, and it no longer says that
        #    records cannot be logged.
        wait_for('the Overview selected in the sidebar',
                 lambda: find(app, 'list item', tr.gettext('Overview'),
                              lambda a: a.getState().contains(pyatspi.STATE_SELECTED)))
        wait_for('the records of this month', lambda: find(app, 'list', tr.gettext('This Month’s Records')))
        if any('cannot log them' in (a.name or '') or '尚不支持登记' in (a.name or '') for a in jg.walk(app)):
            raise Failure('the Overview still says records cannot be logged')

        # 2. Every figure is the database's.
        check_figures(app, tr, expected(db_path))
        jgtest.screenshot(args, 'overview-records')

        # 3. A new record, away and back: the Overview follows.
        db = sqlite3.connect(db_path)
        with db:
            add_record(db, 'other', 'ready', datetime.date.today().isoformat())
        db.close()
        jg.xdotool('key', 'alt+2')
        time.sleep(0.5)
        jg.xdotool('key', 'alt+1')
        figures = expected(db_path)
        if figures['Other action'] != 1:
            raise Failure('the new record is not in the database')
        check_figures(app, tr, figures)
    except Failure:
        if os.environ.get('JG_DUMP'):
            for a in jg.walk(app):
                try:
                    print('#', a.getRoleName(), repr(a.name), a.getState().contains(pyatspi.STATE_SELECTED))
                except Exception:
                    pass
        raise
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('overview', parse_args(),
                           ('app', 'cli_bin', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
