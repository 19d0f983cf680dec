#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: every count on screen is the database's, after every kind of write.
#
#   test-counts.py --app build/src/gui/jianguan --cli-bin build/src/cli/jianguan-cli \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data [--lang zh_CN.UTF-8 --screenshots DIR]
#
# jianguan-cli signs in as rc-admin and imports one inspection as a draft
# (CNT-1). The app signs in; then, after
#   (a) opening CNT-1 and pressing Mark Ready,
#   (b) importing a file of three rows (ready) through the import dialog,
#   (c) a sync (Sync Now),
# the test reads the header's count, the Sync page's, the Records page's
# state buttons and the Overview's figures through AT-SPI, and checks each
# against the database's own count (sqlite3, here). The Sync page never
# says that nothing was waiting beside a count that is not zero.
# With --screenshots DIR it saves counts-records-, counts-sync-<lang>.png.

import datetime
import re
import os
import sqlite3
import sys
import time

import jgtest
from jgtest import log, wait_for, find, walk, named, click, Failure

jg = jgtest.base
STATES = [('All', None), ('Draft', 'draft'), ('Ready to send', 'ready'), ('Sending', 'sending'),
          ('Accepted', 'accepted'), ('Rejected', 'rejected')]
KINDS = [('inspection', 'Inspection'), ('penalty', 'Penalty'),
         ('coercion', 'Coercion'), ('other', 'Other action')]


def parse_args():
    return jgtest.arg_parser().parse_args()


def db_counts(db_path):
    """What the database holds, counted here."""
    db = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    one = lambda sql, *a: db.execute(sql, a).fetchone()[0]
    try:
        live = {state: one('SELECT count(*) FROM record WHERE deleting = 0 AND state = ?', state)
                for _, state in STATES if state}
        live[None] = one('SELECT count(*) FROM record WHERE deleting = 0')
        pending = one("SELECT count(*) FROM record WHERE (state IN ('ready', 'sending') OR deleting = 1)"
                      " AND NOT (deleting = 1 AND state = 'rejected')")
        month = datetime.date.today().strftime('%Y-%m')
        by_kind = {label: one('SELECT count(*) FROM record WHERE deleting = 0 AND kind = ? AND month = ?',
                              kind, month) for kind, label in KINDS}
        return live, pending, by_kind
    finally:
        db.close()


def plain(text):
    """@text without its mnemonic: "_Mark Ready" and "标记为就绪(_M)" alike."""
    return re.sub(r'\(_?[A-Za-z]\)', '', text or '').replace('_', '')


def exactly(app, name):
    """The accessible named @name (GTK 4.8 may repeat a row's title after
    its label: "<name> <title>")."""
    for acc in walk(app):
        try:
            if acc.name == name or (acc.name or '').startswith(name + ' '):
                return acc
        except Exception:
            continue
    return None


def check_all(app, t, tn, db_path, when):
    live, pending, by_kind = db_counts(db_path)
    log(when, '— database:', live, 'pending', pending)

    header = t('Records: %u waiting to be sent, %u rejected. Show the Sync page.') % (pending, live['rejected'])
    wait_for(f'the header saying {header!r}', lambda: find(app, 'push button', header), timeout=30)

    jg.xdotool('key', 'alt+6')
    sync = t('Records waiting to be sent: %u') % pending
    wait_for(f'the Sync page saying {sync!r}', lambda: exactly(app, sync), timeout=30)
    if pending > 0 and (named(app, t('No records were waiting to be sent.')) or
                        named(app, t('This sync had no records to send.'))):
        raise Failure(f'the Sync page says nothing was waiting beside {pending}')

    jg.xdotool('key', 'alt+3')
    for label, state in STATES:
        name = t('%s (%u)') % (t(label), live[state])
        # GTK 4.8 gives toggle buttons the push button role.
        wait_for(f'the Records filter {name!r}', lambda name=name: find(app, 'push button', name),
                 timeout=30)

    jg.xdotool('key', 'alt+1')
    figures = dict(by_kind)
    figures.update({'Drafts': live['draft'], 'Ready': live['ready'],
                    'Waiting to be sent': pending, 'Rejected': live['rejected']})
    for title, n in figures.items():
        name = tn('%s %u record', '%s %u records', n) % (t(title), n)
        wait_for(f'the Overview figure {name!r}', lambda name=name: find(app, 'list item', name), timeout=30)
    log(when, '— header, Sync page, Records filters and Overview all agree')


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    import gettext
    if args.lang != 'C.UTF-8' and os.environ.get('JIANGUAN_LOCALEDIR'):
        tn = gettext.translation('jianguan', os.environ['JIANGUAN_LOCALEDIR'],
                                 languages=[args.lang.split('.')[0]], fallback=True).ngettext
    else:
        tn = gettext.NullTranslations().ngettext
    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    try:
        rows = jgtest.inspection_rows(args.data_dir, ['CNT-1', 'CNT-2', 'CNT-3', 'CNT-4'])
        jgtest.cli(args.cli_bin, tmp, '--server', url, 'sync', '--user', 'rc-admin', '--password-stdin',
                   stdin=jgtest.PASSWORD + '\n')
        draft = jgtest.rows_csv(args.cli_bin, url, tmp, rows[:1], 'draft.csv')
        jgtest.cli(args.cli_bin, tmp, '--server', url, 'import', '--as-draft', draft)
        several = jgtest.rows_csv(args.cli_bin, url, tmp, rows[1:], 'several.csv')
        db_path = jgtest.records_db(tmp, 'rc-admin')

        app, _ = jgtest.start_app(args, tmp, url, procs)
        jgtest.sign_in(app, t, 'rc-admin')
        check_all(app, t, tn, db_path, 'signed in')

        # (a) Mark CNT-1 ready in the editor.
        jg.xdotool('key', 'alt+3')
        row = wait_for('the draft in the list', lambda: find(
            app, 'list item', predicate=lambda a: any('CNT-1' in (c.name or '') for c in walk(a))),
            timeout=30)
        jgtest.press_at(row)
        time.sleep(0.5)
        jg.xdotool('key', 'Return')
        click(wait_for('Mark Ready', lambda: find(
            app, 'push button', None, lambda a: plain(a.name).startswith(plain(t('_Mark Ready'))))))
        wait_for('CNT-1 ready in the database', lambda: db_counts(db_path)[0]['ready'] == 1 or None, timeout=30)
        check_all(app, t, tn, db_path, '(a) marked ready')

        # (b) Import three rows, ready to send.
        jg.xdotool('key', 'alt+3')
        menu = wait_for('the Import and export button', lambda: named(app, t('Import and export')), timeout=30)
        jgtest.press_at(menu)
        label = t('_Import…').replace('_', '')
        item = wait_for('the Import… item', lambda: find(
            app, 'menu item', predicate=lambda a: (a.name or '').replace('_', '').startswith(label)))
        try:
            click(item)
        except Exception:
            jg.xdotool('key', 'Return')
        time.sleep(1.5)
        jg.xdotool('key', 'ctrl+l')
        time.sleep(0.5)
        jg.xdotool('type', '--delay', '20', several)
        time.sleep(0.3)
        jg.xdotool('key', 'Return')
        ready = wait_for('the Ready choice', lambda: find(
            app, 'check box', None, lambda a: any(
                c is not None and plain(c.name) == plain(t('_Ready to send with the next sync')) for c in a)),
            timeout=60)
        jgtest.press_at(ready)
        time.sleep(0.5)
        click(wait_for('the Import button', lambda: find(app, 'push button', None, lambda a: any(
            c is not None and c.getRoleName() == 'label' and plain(c.name) == plain(t('_Import')) for c in a))))
        wait_for('the rows in the database', lambda: db_counts(db_path)[0]['ready'] == 4 or None, timeout=60)
        jg.xdotool('key', 'Escape')
        time.sleep(1)
        check_all(app, t, tn, db_path, '(b) imported')
        jg.xdotool('key', 'alt+3')
        jgtest.screenshot(args, 'counts-records')

        # (c) A sync sends them.
        jg.xdotool('key', 'alt+6')
        sync_now = t('Sync now (%s)').split('%s')[0]
        click(wait_for('the header\'s sync button', lambda: find(
            app, 'push button', None, lambda a: (a.name or '').startswith(sync_now))))
        wait_for('the records accepted', lambda: db_counts(db_path)[1] == 0 or None, timeout=90)
        check_all(app, t, tn, db_path, '(c) synced')
        jg.xdotool('key', 'alt+6')
        jgtest.screenshot(args, 'counts-sync')
    except Failure:
        if os.environ.get('JG_DUMP'):
            for a in walk(app):
                try:
                    if a.getRoleName() in ('toggle button', 'push button') or '(' in (a.name or '') \
                            or 'CNT' in (a.name or '') or '日常' in (a.name or ''):
                        log('DUMP', a.getRoleName(), repr(a.name))
                except Exception:
                    pass
            jgtest.screenshot(args, 'counts-failure')
        raise
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('every count is the database\'s', parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
