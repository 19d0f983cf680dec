#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: a draft written before the first sign-in is still there after it.
#
#   test-drafts-sign-in.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# A fresh profile with the demo server set and nobody signed in:
#   1. Records (Alt+3) asks for the department with none chosen (not the
#      list's first) and offers to sign in instead;
#   2. the user chooses rc-admin's department; the page says which
#      department, not signed in; Ctrl+N, a name, back to the list;
#   3. signs in as rc-admin: a toast says one draft was moved into the
#      account, the Records list shows it, the page names the account, and
#      the account's database holds it (the signed-out one no longer does).
# With --screenshots DIR it saves drafts-department-, drafts-moved-<lang>.png.

import gettext
import os
import sqlite3
import sys
import time

import jgtest
from jgtest import log, wait_for, find, walk, named, click, screenshot, Failure

jg = jgtest.base
DEPARTMENT_NAME = '揭阳市市场监督管理局'
NAME = '离线写的日常检查'


def parse_args():
    return jgtest.arg_parser().parse_args()


def ngettext(lang):
    if lang != 'C.UTF-8' and os.environ.get('JIANGUAN_LOCALEDIR'):
        return gettext.translation('jianguan', os.environ['JIANGUAN_LOCALEDIR'],
                                   languages=[lang.split('.')[0]], fallback=True).ngettext
    return gettext.NullTranslations().ngettext


def drafts(db_path):
    if db_path is None:
        return []
    db = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    try:
        return [r[0] for r in db.execute("SELECT name FROM record WHERE state = 'draft' AND deleting = 0")]
    finally:
        db.close()


def field(app, header):
    def pred(acc):
        return acc.name == header or acc.name.startswith(header + ' ')
    return find(app, 'text', predicate=pred) or find(app, 'entry', predicate=pred)


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    tn = ngettext(args.lang)
    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    try:
        app, _ = jgtest.start_app(args, tmp, url, procs)
        wait_for('the synced catalogue', lambda: find(app, 'list item'), timeout=60)

        # 1. No department chosen for the user, and a way to sign in.
        jg.xdotool('key', 'alt+3')
        wait_for('Sign In Instead', lambda: named(app, t('Sign In Instead'), 'push button'), timeout=30)
        screenshot(args, 'drafts-department')

        # 2. A draft for rc-admin's department, signed out.
        jgtest.choose_department(app, t, tmp, DEPARTMENT_NAME)
        wait_for('the department in use', lambda: named(
            app, t('Department: %s · not signed in') % DEPARTMENT_NAME), timeout=30)
        jg.xdotool('key', 'ctrl+n')
        name_field = wait_for('the name field', lambda: field(app, '检查行为名称'))
        name_field.queryEditableText().setTextContents(NAME)
        time.sleep(1.5)
        click(wait_for('the Back button', lambda: named(app, t('Back to records'), 'push button')))
        wait_for('the draft in the signed-out list', lambda: named(app, NAME), timeout=30)
        signed_out = jgtest.records_db(tmp)
        if drafts(signed_out) != [NAME]:
            raise Failure(f'the signed-out store holds {drafts(signed_out)}')
        log('draft written signed out')

        # 3. Sign in: the draft comes along, and the user is told.
        toast = tn('%u draft written before signing in was moved into this account.',
                   '%u drafts written before signing in were moved into this account.', 1) % 1
        jg.xdotool('key', 'alt+6')
        click(wait_for('the Sign In button', lambda: named(app, t('Sign in'), 'push button'), timeout=20))
        user_row = wait_for('the user name row', lambda: named(app, t('User name')))
        pass_row = wait_for('the password row', lambda: named(app, t('Password')))
        jgtest.entry_in(user_row).queryEditableText().setTextContents('rc-admin')
        jgtest.entry_in(pass_row).queryEditableText().setTextContents(jgtest.PASSWORD)
        click(wait_for('the dialog Sign In button', lambda: find(
            app, 'push button', None,
            lambda a: a.name == t('Sign In') and
            a.getState().contains(pyatspi.STATE_SENSITIVE))))
        # The toast comes as the dialog closes: watch for it from there.
        wait_for(f'the toast "{toast}"', lambda: jgtest.toast_named(app, toast), timeout=60)
        log('toast:', toast)
        jg.xdotool('key', 'alt+3')
        wait_for('the draft in the account\'s list', lambda: named(app, NAME), timeout=30)
        wait_for('the account in use', lambda: named(
            app, t('Department: %s · account %s') % (DEPARTMENT_NAME, 'rc-admin')), timeout=30)
        screenshot(args, 'drafts-moved')
        account = jgtest.records_db(tmp, 'rc-admin')
        if drafts(account) != [NAME]:
            raise Failure(f'the account store holds {drafts(account)}')
        if drafts(signed_out):
            raise Failure(f'the signed-out store still holds {drafts(signed_out)}')
        log('the draft moved into the account')
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('drafts written signed out move in on sign-in', parse_args(),
                           ('app', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
