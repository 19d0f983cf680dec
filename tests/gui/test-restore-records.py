#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: a new workstation gets its department's records back on its
# first sign-in (issue 9, item 3).
#
#   test-restore-records.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data
#
# Another workstation of the department (jianguan-cli with a home of its
# own) sends two inspections. Then the app, on a fresh profile:
#   1. signs in: the sync that follows brings both records, which the
#      Records page lists as accepted;
#   2. opening one, its history says that it was received from the server;
#   3. a new inspection (Ctrl+N) is numbered with this workstation's own
#      code (W02: the other workstation registered first).
# With --screenshots DIR (and --lang zh_CN.UTF-8): restored-records-<lang>.png
# after 1, restored-record-<lang>.png after 2.

import os
import sys
import time

import jgtest
from jgtest import log, wait_for, walk, find, Failure, screenshot

jg = jgtest.base
NUMBERS = ['JC-2026-W01-%04d' % n for n in (1, 2)]


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def has_label(app, text):
    return any(a.name == text for a in walk(app) if a.getRoleName() == 'label')


def list_row(app, number):
    return next((a for a in walk(app) if number in (a.name or '') and a.getRoleName() != 'label'),
                None)


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data',
                                      os.path.join(tmp, 'server'), '--port', str(jgtest.free_port()))
    procs = [server]
    try:
        # The other workstation: a home of its own.
        other = os.path.join(tmp, 'other')
        os.makedirs(other)

        def run_cli(*a, **kw):
            return jgtest.cli(args.cli_bin, other, '--server', url, *a, **kw)
        run_cli('sync', '--user', 'rc-admin', '--password-stdin', stdin=jgtest.PASSWORD + '\n')
        jgtest.import_rows(args.cli_bin, url, other, jgtest.inspection_rows(args.data_dir, NUMBERS))
        out = run_cli('sync', '--user', 'rc-admin', '--password-stdin', stdin=jgtest.PASSWORD + '\n')
        if '2 accepted' not in out.stdout:
            raise Failure(f'the records were not accepted: {out.stdout}')

        # 1. This workstation: a fresh profile signs in.
        app, _ = jgtest.start_app(args, tmp, url, procs)
        jgtest.sign_in(app, t, 'rc-admin')
        jg.xdotool('key', 'alt+3')
        for number in NUMBERS:
            wait_for(f'{number} in the records list', lambda: list_row(app, number), timeout=90)
        log('rows:', [list_row(app, n).name for n in NUMBERS])
        time.sleep(0.5)
        screenshot(args, 'restored-records')

        # 2. The history says where the record came from.
        row = list_row(app, NUMBERS[0])
        e = row.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        jg.xdotool('mousemove', str(e.x + e.width // 2), str(e.y + e.height // 2),
                   'click', '--repeat', '2', '--delay', '80', '1')
        wait_for('the editor', lambda: find(app, 'push button', predicate=lambda a: a.name.startswith(
            t('Back to records'))))
        received = t('Received from the server')
        wait_for('"received from the server" in the history',
                 lambda: find(app, 'list item', predicate=lambda a: (a.name or '').startswith(received)) or
                 has_label(app, received), timeout=10)
        if args.screenshots:
            # The history is at the end of the form.
            jg.xdotool('mousemove', '700', '400')
            for _ in range(40):
                jg.xdotool('click', '5')
            screenshot(args, 'restored-record')

        # 3. This workstation numbers with its own code.
        jgtest.click(find(app, 'push button', predicate=lambda a: a.name.startswith(t('Back to records'))))
        time.sleep(0.5)
        jg.xdotool('key', 'ctrl+n')
        own = '-W02-0001'
        wait_for(f'a new inspection numbered …{own}',
                 lambda: next((a for a in walk(app) if own in (a.name or '') or
                               (a.getRoleName() == 'text' and
                                own in (a.queryText().getText(0, -1) or ''))), None),
                 timeout=20)
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('a new workstation restores its department\'s records', parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
