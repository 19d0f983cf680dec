#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: editing a record the server accepted says beforehand that it
# makes a new revision, and the history keeps the accepted one (issue 9,
# item 5).
#
#   test-accepted-revision.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data
#
# jianguan-cli imports an inspection into the app's account database and
# sends it: the server accepts revision 1. Then, in the app:
#   1. sign in, open the record from the Records page: before any change
#      the editor says that editing creates revision 2, to be sent again;
#      the history says revision 1 was accepted;
#   2. change the inspection's name: the record is a draft of revision 2,
#      the editor says the server keeps revision 1 until revision 2 is
#      sent, and the history still says revision 1 was accepted.
# With --screenshots DIR (and --lang zh_CN.UTF-8): accepted-record-<lang>.png
# after 1.

import os
import sys

import jgtest
from jgtest import log, wait_for, walk, find, Failure, screenshot

jg = jgtest.base
NUMBER = 'ACC-%d' % (os.getpid() % 100000)
NEW_NAME = '复查：食品经营日常检查'


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def has_label(app, text):
    return any(a.name == text for a in walk(app) if a.getRoleName() == 'label')


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data',
                                      os.path.join(tmp, 'server'), '--port', str(jgtest.free_port()))
    procs = [server]
    try:
        def run_cli(*a, **kw):
            return jgtest.cli(args.cli_bin, tmp, '--server', url, *a, **kw)
        run_cli('sync', '--user', 'rc-admin', '--password-stdin', stdin=jgtest.PASSWORD + '\n')
        jgtest.import_rows(args.cli_bin, url, tmp, jgtest.inspection_rows(args.data_dir, [NUMBER]))
        out = run_cli('sync', '--user', 'rc-admin', '--password-stdin', stdin=jgtest.PASSWORD + '\n')
        if '0 rejected' not in out.stdout:
            raise Failure(f'the record was not accepted: {out.stdout}')

        app, _ = jgtest.start_app(args, tmp, url, procs)
        jgtest.sign_in(app, t, 'rc-admin')

        # 1. Open the accepted record: the bar speaks before any change.
        jg.xdotool('key', 'alt+3')
        row = wait_for(f'{NUMBER} in the records list',
                       lambda: next((a for a in walk(app) if NUMBER in (a.name or '')
                                     and a.getRoleName() != 'label'), None),
                       timeout=30)
        log('list row:', row.getRoleName(), row.name)
        e = row.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        jg.xdotool('mousemove', str(e.x + e.width // 2), str(e.y + e.height // 2),
                   'click', '--repeat', '2', '--delay', '80', '1')
        wait_for('the editor', lambda: find(app, 'push button', predicate=lambda a: a.name.startswith(
            t('Back to records'))))
        before = t('The server accepted revision %u of this record. Editing it creates '
                   'revision %u, which must be marked ready and sent again.') % (1, 2)
        wait_for('the bar about a new revision', lambda: has_label(app, before), timeout=10)
        accepted = t('Revision %u accepted by the server') % 1
        wait_for('the accepted revision in the history',
                 lambda: find(app, 'list item', predicate=lambda a: (a.name or '').startswith(accepted)) or
                 has_label(app, accepted))
        log('before any change:', before)
        screenshot(args, 'accepted-record')

        # 2. The first change makes revision 2, a draft; revision 1 stays.
        name = find(app, 'text', predicate=lambda a: a.name.startswith('检查行为名称'))
        name.queryEditableText().setTextContents(NEW_NAME)
        after = t('This is revision %u, not sent yet: the server keeps the accepted '
                  'revision %u until this one is marked ready and sent.') % (2, 1)
        wait_for('the bar about revision 2', lambda: has_label(app, after), timeout=10)
        wait_for('the record to be a draft', lambda: has_label(app, t('Draft')))
        wait_for('the edit in the history', lambda: any(
            (t('%s · revision %u') % ('', 2)) in (a.name or '') for a in walk(app)))
        if not (find(app, 'list item', predicate=lambda a: (a.name or '').startswith(accepted)) or
                has_label(app, accepted)):
            raise Failure('after the edit the history no longer says that revision 1 was accepted')
        log('after the change:', after)
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('editing an accepted record says it makes a new revision', parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
