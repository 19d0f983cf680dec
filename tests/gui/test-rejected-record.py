#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: a record the server rejects, shown on the Sync page and fixed.
#
#   test-rejected-record.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data
#
# A rule only the server can check: the inspection number must be unused in
# the department on the server. Another computer of the department (a second
# jianguan-cli home) sends inspection REJ-<n>; this computer imports, with
# jianguan-cli into the app's account database, two inspections with new
# numbers and one that reuses REJ-<n> — all ready as far as the client knows.
# Then, in the app:
#   1. sign in through the dialog (rc-admin) and sync with Ctrl+R;
#   2. the header says "0 pending · 1 rejected";
#   3. the Sync page lists REJ-<n> under Rejected Records with the server's
#      reason, named by the field (Inspection number: …);
#   4. "Fix" opens that record's editor, with the number in its field;
#   5. the editor shows the server's reason under the number field, and the
#      field's accessible description says it (a screen reader reads it with
#      the field).
# With --screenshots DIR (and --lang zh_CN.UTF-8) the server delays its
# answers by 4 s so that sync-progress-<lang>.png catches the header's
# spinner and "x of y"; rejected-<lang>.png is the Sync page afterwards,
# rejected-in-editor-<lang>.png the editor that "Fix" opens.

import os
import sys
import time

import jgtest
from jgtest import log, wait_for, walk, find, Failure, named, click, screenshot

jg = jgtest.base
NUMBER = 'REJ-%d' % (os.getpid() % 100000)


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def seed(args, url, home, rows, sync_after):
    """Signs rc-admin in with jianguan-cli under home, imports rows (ready)."""
    def run_cli(*a, **kw):
        return jgtest.cli(args.cli_bin, home, '--server', url, *a, **kw)

    run_cli('sync', '--user', 'rc-admin', '--password-stdin', stdin=jgtest.PASSWORD + '\n')
    jgtest.import_rows(args.cli_bin, url, home, rows)
    if sync_after:
        out = run_cli('sync', '--user', 'rc-admin', '--password-stdin', stdin=jgtest.PASSWORD + '\n')
        if '0 rejected' not in out.stdout:
            raise Failure(f'the other computer\'s records were not accepted: {out.stdout}')


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    server_data = os.path.join(tmp, 'server')
    os.makedirs(server_data)
    port = str(jgtest.free_port())
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data', server_data,
                                      '--port', port)
    procs = [server]
    try:
        # Ours holds NUMBER, unsent; then the other computer sends it (had
        # ours synced after that, it would have the other's record and its
        # own import would refuse the number).
        seed(args, url, tmp,
             jgtest.inspection_rows(args.data_dir, [NUMBER + '-A', NUMBER, NUMBER + '-B'],
                             '揭阳市乙食品有限公司'), sync_after=False)
        seed(args, url, os.path.join(tmp, 'other'),
             jgtest.inspection_rows(args.data_dir, [NUMBER], '揭阳市甲食品有限公司'), sync_after=True)

        if args.screenshots:
            # Slow answers, so that a screenshot catches the sync running.
            jgtest.stop([server])
            server, url2 = jgtest.start_server(args.server_bin, args.data_dir, '--data', server_data,
                                               '--port', port, '--fault', 'delay',
                                               '--fault-delay-ms', '4000')
            procs = [server]
            assert url2 == url

        app, _ = jgtest.start_app(args, tmp, url, procs)
        jgtest.sign_in(app, t, 'rc-admin')

        # 1. The sync that follows signing in, then Ctrl+R.
        counts = t('Records: %u waiting to be sent, %u rejected. Show the Sync page.')
        if args.screenshots:
            busy = t('Sync now (%s)') % t('Syncing…')
            counted = t('Sync now (%s)') % t('Syncing… %llu of %llu').split('%llu')[0]
            # Best effort: the screenshot is taken whatever the header says.
            try:
                wait_for('a sync in the header', lambda: named(app, busy[:-1]), timeout=30)
                wait_for('"Syncing… x of y" in the header', lambda: named(app, counted), timeout=15)
            except Failure:
                log('no "x of y" seen in the header; taking the screenshot anyway')
            screenshot(args, 'sync-progress')
        up_to_date = t('Sync now (%s)') % t('Up to date')
        wait_for('the first sync to end', lambda: named(app, up_to_date), timeout=120)
        jg.xdotool('key', 'ctrl+r')
        time.sleep(1)
        wait_for('the sync after Ctrl+R to end', lambda: named(app, up_to_date), timeout=120)

        # 2. The header counts.
        expected = counts.replace('%u', '0', 1).replace('%u', '1', 1)
        wait_for(f'“{expected}” in the header', lambda: named(app, expected), timeout=30)
        shown = t('%s · %u rejected') % (t('%u pending') % 0, 1)
        if args.lang.startswith('C'):
            # Translations may put the numbers elsewhere; the accessible
            # name above is checked in every language.
            wait_for(f'“{shown}” shown in the header', lambda: find(app, 'label', shown))
            log('header:', shown)

        # 3. The Sync page: the record, with the reason by field.
        jg.xdotool('key', 'alt+6')
        fix = wait_for('the Fix button of the rejected record',
                       lambda: named(app, t('Fix %s') % NUMBER + ' ', 'push button') or
                       named(app, t('Fix %s') % NUMBER, 'push button'), timeout=30)
        for other in (NUMBER + '-A', NUMBER + '-B'):
            if named(app, t('Fix %s') % other, 'push button'):
                raise Failure(f'{other} is listed as rejected, but the server accepted it')
        field_label = t('Inspection number')
        reason = wait_for('the reason on the number field',
                          lambda: next((a for a in walk(app) if a.getRoleName() == 'label' and a.name
                                        and a.name.startswith(t('%s: %s') % (field_label, ''))), None))
        log('reason:', reason.name)
        # The server's rule, in the app's own language (the server sends the
        # sentence's template and arguments).
        message = t('Another record of this department already has the number “%s”. '
                    'Give this record a number of its own.') % NUMBER
        expected = t('%s: %s') % (field_label, message)
        if reason.name != expected:
            raise Failure(f'the reason is not the app\'s sentence: {reason.name!r}, not {expected!r}')
        title = next((a for a in walk(app) if a.getRoleName() == 'label' and a.name
                      and a.name.startswith(NUMBER + ' · ')), None)
        if title is None:
            raise Failure('the rejected record\'s title (number · name) is not shown')
        screenshot(args, 'rejected')

        # 4. Fix opens the editor on that record.
        click(fix)

        def number_field():
            acc = find(app, 'text', predicate=lambda a: a.name.startswith('检查行为编号')) or \
                find(app, 'entry', predicate=lambda a: a.name.startswith('检查行为编号'))
            if acc is None:
                return None
            text = acc.queryText()
            return acc if text.getText(0, text.characterCount) == NUMBER else None
        try:
            wait_for(f'the editor with number {NUMBER}', number_field, timeout=30)
        except Failure:
            if os.environ.get('JG_KEEP_TREE'):
                jg.dump_tree(app, os.environ['JG_KEEP_TREE'])
            raise
        log('Fix opened the editor of', NUMBER)

        # 5. The server's reason, beside the field it concerns.
        beside = t('Rejected by the server: %s') % message
        wait_for(f'“{beside}” in the editor', lambda: find(app, 'label', beside), timeout=10)
        field = number_field()
        if field is None or message not in (field.description or ''):
            raise Failure('the number field\'s accessible description does not give the server\'s '
                          f'reason: {field.description if field else None!r}')
        if field.description.count(message) != 1:
            raise Failure(f'the number field says the reason more than once: {field.description!r}')
        log('the editor says:', beside)
        screenshot(args, 'rejected-in-editor')
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('a rejected record is listed with its reason and opens for fixing', parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
