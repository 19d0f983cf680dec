#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: a warning on the Overview, and its action followed.
#
#   test-warnings.py --app build/src/gui/jianguan --cli-bin build/src/cli/jianguan-cli \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data [--lang zh_CN.UTF-8 --screenshots DIR]
#
# jianguan-cli syncs rc-admin's account on the demo server; the test then
# writes into the account's database a record the server rejected five
# days ago and nobody fixed (the Preferences' default warns after 3). Then:
#   1. the app is signed in (its sync changes nothing of that record) and
#      the Overview lists the warning "1 record rejected by the server has
#      not been fixed for more than 3 days", and its sidebar row counts it;
#   2. the warning's button, "Show Rejected Records", opens the Records
#      page filtered to rejected records: the record is listed, and the
#      Rejected filter is the one on;
#   3. the record fixed (ready to send again), the Overview no longer
#      lists the warning.
# With --screenshots DIR the record also names an officer whose certificate
# ends in 12 days (a second warning), and it saves warnings-<lang>.png
# (step 1).

import datetime
import json
import os
import sqlite3
import sys
import time
import uuid

import jgtest
from jgtest import log, wait_for, find, named, click, walk, Failure

jg = jgtest.base
NUMBER = 'WARN-%d' % (os.getpid() % 100000)
DAY = 24 * 3600


def seed_rejected(db_path):
    """A rejected inspection, rejected five days ago (its audit entry)."""
    rid = str(uuid.uuid4())
    now = int(time.time())
    date = (datetime.date.today() - datetime.timedelta(days=6)).isoformat()
    doc = {'uuid': rid, 'kind': 'inspection', 'state': 'rejected', 'revision': 1,
           'fields': {'number': NUMBER, 'name': '日常检查'}}
    db = sqlite3.connect(db_path)
    with db:
        db.execute('INSERT INTO record (uuid, kind, state, revision, op, number, name, main_date,'
                   ' sort_date, month, party_name, fields, created, modified, deleting, holds_number)'
                   " VALUES (?, 'inspection', 'rejected', 1, 'i', ?, '日常检查', ?, ?, ?,"
                   " '揭阳市乙食品有限公司', ?, ?, ?, 0, 1)",
                   (rid, NUMBER, date, date, date[:7], json.dumps(doc, ensure_ascii=False),
                    now - 6 * DAY, now - 6 * DAY))
        db.execute("INSERT INTO audit (uuid, at, who, action, from_state, to_state, revision)"
                   " VALUES (?, ?, 'sync', 'state', 'sending', 'rejected', 1)", (rid, now - 5 * DAY))
    db.close()
    return rid


def seed_certificate(tmp, rid):
    """For the screenshot, a second warning: the record names an officer
    whose certificate ends in 12 days (in the catalogue cache, as a
    catalogue sync would have brought it)."""
    caches = [os.path.join(d, 'catalogue.db') for d, _, fs in os.walk(os.path.join(tmp, 'data'))
              if 'catalogue.db' in fs]
    if len(caches) != 1:
        raise Failure(f'expected one catalogue cache, found {caches}')
    ends = (datetime.date.today() + datetime.timedelta(days=12)).isoformat()
    cache = sqlite3.connect(caches[0])
    with cache:
        officer = cache.execute('SELECT id FROM officer ORDER BY id LIMIT 1').fetchone()[0]
        cache.execute('UPDATE officer SET cert_valid_to = ? WHERE id = ?', (ends, officer))
    cache.close()
    db = sqlite3.connect(jgtest.records_db(tmp, 'rc-admin'))
    with db:
        db.execute('INSERT INTO record_officer (uuid, officer) VALUES (?, ?)', (rid, officer))
    db.close()


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    tr = jgtest.translations(args.lang)
    server_data = os.path.join(tmp, 'server')
    os.makedirs(server_data)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data', server_data)
    procs = [server]
    app = None
    try:
        jgtest.cli(args.cli_bin, tmp, '--server', url, 'sync', '--user', 'rc-admin',
                   '--password-stdin', stdin=jgtest.PASSWORD + '\n')
        db_path = jgtest.records_db(tmp, 'rc-admin')
        if db_path is None:
            raise Failure('no database for rc-admin after the CLI sync')
        rid = seed_rejected(db_path)
        if args.screenshots:
            seed_certificate(tmp, rid)

        # The CLI lists it too, for scripts.
        out = jgtest.cli(args.cli_bin, tmp, '--server', url, 'warnings')
        if not any(line.startswith('rejected\trejected\t') for line in out.stdout.splitlines()):
            raise Failure(f'jianguan-cli warnings does not list the rejected record: {out.stdout!r}')

        app, _ = jgtest.start_app(args, tmp, url, procs)
        jgtest.sign_in(app, t, 'rc-admin')
        up_to_date = t('Sync now (%s)') % t('Up to date')
        wait_for('the sync after signing in to end', lambda: named(app, up_to_date), timeout=120)

        # 1. On the Overview, with its reason, and counted in the sidebar.
        jg.xdotool('key', 'alt+1')
        reason = tr.ngettext('%u record rejected by the server has not been fixed for more than %u days.',
                             '%u records rejected by the server have not been fixed for more than %u days.',
                             1) % (1, 3)
        row = wait_for('the warning on the Overview', lambda: named(app, reason), timeout=30)
        # The badge counts the warnings the list shows: this one, the
        # department's coverage below the target of the day, and with
        # --screenshots the officer's certificate.
        dismiss_prefix = t('Dismiss: %s').split('%s')[0]

        def shown():
            return sum(1 for a in walk(app) if a.getRoleName() == 'push button'
                       and (a.name or '').startswith(dismiss_prefix))
        coverage_prefix = tr.ngettext('Coverage is %.1f%% (%u of %u items), below the target of %.0f%%: '
                                      '%u more item needs an accepted record.',
                                      'Coverage is %.1f%% (%u of %u items), below the target of %.0f%%: '
                                      '%u more items need an accepted record.', 2).split('%.1f')[0]
        wait_for('the coverage warning beside it', lambda: next(
            (a for a in walk(app) if (a.name or '').startswith(coverage_prefix)), None), timeout=30)
        n = wait_for('the warnings listed', lambda: shown() or None, timeout=30)
        counted = tr.ngettext('Overview, %u warning', 'Overview, %u warnings', n) % n
        wait_for(f'the {n} warnings counted on the Overview row', lambda: named(app, counted), timeout=30)
        if args.screenshots:
            # The list in view: the page scrolled down to it with the wheel.
            jg.xdotool('mousemove', '700', '400', 'click', '--repeat', '6', '--delay', '60', '5')
            time.sleep(1)
        jgtest.screenshot(args, 'warnings')

        # 2. Its action: the Records page, rejected records only.
        button = wait_for('the warning\'s button',
                          lambda: find(row, 'push button', t('Show Rejected Records')), timeout=10)
        click(button)
        wait_for('the record in the Records list',
                 lambda: named(app, NUMBER), timeout=30)
        # GTK 4.8 gives a toggle button the push button role, pressed when on.
        wait_for('the Rejected filter on',
                 lambda: any(a.name == t('%s (%u)') % (t('Rejected'), 1)
                             and a.getState().contains(pyatspi.STATE_PRESSED)
                             for a in jgtest.walk(app)), timeout=10)
        wait_for('one record listed',
                 lambda: named(app, tr.ngettext('%u record', '%u records', 1) % 1), timeout=10)

        # 3. Fixed and ready to send again: the warning goes.
        db = sqlite3.connect(db_path)
        with db:
            db.execute("UPDATE record SET state = 'ready' WHERE uuid = ?", (rid,))
            db.execute("INSERT INTO audit (uuid, at, who, action, from_state, to_state, revision)"
                       " VALUES (?, ?, 'test', 'state', 'rejected', 'ready', 1)", (rid, int(time.time())))
        db.close()
        jg.xdotool('key', 'alt+1')
        time.sleep(1)
        wait_for('the warning gone', lambda: named(app, reason) is None, timeout=30)
        log('the warning is gone once the record is fixed')
    except Failure:
        if os.environ.get('JG_DUMP') and app is not None:
            for a in jgtest.walk(app):
                try:
                    if 'button' in a.getRoleName():
                        print('#', a.getRoleName(), repr(a.name), a.getState().getStates())
                except Exception:
                    pass
        raise
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('warnings', jgtest.arg_parser().parse_args(),
                           ('app', 'cli_bin', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
