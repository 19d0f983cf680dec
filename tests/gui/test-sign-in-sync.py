#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: signing in through the dialog, then a sync of catalogue and records.
#
#   test-sign-in-sync.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# The demo server runs with JIANGUAN_SERVER_FAST_PWHASH=1. The test
#   1. opens the Sync page (Alt+6) and presses "Sign In…";
#   2. fills in the dialog (user rc-admin, the demo password) and signs in;
#   3. checks that the Sync page says "Signed in as rc-admin", that the sync
#      that follows completes (the history lists a catalogue and a records
#      run) and that the header says "0 pending".
# With --screenshots DIR it saves login-, sync-<lang>.png (set --lang).

import os
import subprocess
import sys

import jgtest
from jgtest import log, wait_for, walk, named, screenshot

jg = jgtest.base


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)

    os.environ['JIANGUAN_SERVER_FAST_PWHASH'] = '1'
    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    try:
        env = jg.app_env(args, tmp, **jgtest.lang_env(args.lang))
        app_proc = subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL)
        procs.append(app_proc)
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))

        jgtest.open_window(app)
        jgtest.sign_in(app, t, 'rc-admin', before_submit=lambda: screenshot(args, 'login'))

        def synced():
            sep = t('%s — %s').replace('%s', '')
            runs = [a.name for a in walk(app) if a.name and a.getRoleName() == 'label' and
                    (a.name.startswith(t('Records') + sep) or a.name.startswith(t('Catalogue') + sep))]
            kinds = {r.split(sep)[0] for r in runs}
            return runs if kinds >= {t('Records'), t('Catalogue')} else None
        runs = wait_for('a catalogue and a records run in the history', synced, timeout=90)
        log('history:', runs)
        wait_for('"0 pending" in the header', lambda: named(app, t('Records: %u waiting to be sent, %u rejected. Show the Sync page.').split('%u')[0] + '0'))
        wait_for('the header status', lambda: named(app, t('Sync now (%s)') % t('Up to date')), timeout=30)
        screenshot(args, 'sync')
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('sign in and sync', parse_args(),
                           ('app', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
