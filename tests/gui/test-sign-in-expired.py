#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: the server stops accepting the token; the app asks to sign in.
#
#   test-sign-in-expired.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data
#
# The demo server runs with JIANGUAN_SERVER_FAST_PWHASH=1 on a fixed port.
#   1. sign in through the dialog (rc-admin); the sync that follows ends with
#      "0 pending" in the header;
#   2. jianguan-cli imports one valid inspection into the app's account
#      database (ready, as the import leaves it): the header says 1 pending;
#   3. the server restarts on the same port with --fault expire-tokens (every
#      token is refused with 401, as when it expired or was revoked);
#   4. Ctrl+R: the sign-in dialog opens by itself, explaining that the server
#      asks to sign in again; the header still says 1 pending; the server
#      holds no record;
#   5. the server restarts without the fault; the password typed into that
#      dialog signs in, the sync that follows sends the record: "0 pending"
#      and the server holds it.
# With --screenshots DIR it saves sign-in-expired-<lang>.png (set --lang).

import os
import sqlite3
import sys

import jgtest
from jgtest import log, wait_for, walk, find, Failure, named, click, screenshot

jg = jgtest.base
NUMBER = 'EXP-%d' % (os.getpid() % 100000)
EXPLANATION = ('The server asks you to sign in again. Sync is paused until you do; '
               'your records are kept and nothing was lost.')


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def import_ready_record(args, url, home):
    """jianguan-cli imports one inspection into the signed-in account's database."""
    jgtest.import_rows(args.cli_bin, url, home, jgtest.inspection_rows(args.data_dir, [NUMBER]))


def server_records(server_data):
    db = sqlite3.connect(f'file:{os.path.join(server_data, "server.db")}?mode=ro', uri=True)
    try:
        return db.execute('SELECT count(*) FROM record').fetchone()[0]
    finally:
        db.close()


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    os.environ['JIANGUAN_SERVER_FAST_PWHASH'] = '1'
    server_data = os.path.join(tmp, 'server')
    os.makedirs(server_data)
    port = str(jgtest.free_port())

    def start_server(*fault):
        proc, server_url = jgtest.start_server(args.server_bin, args.data_dir, '--demo',
                                               '--data', server_data, '--port', port, *fault)
        return proc, server_url

    server, url = start_server()
    procs = [server]
    try:
        app, window = jgtest.start_app(args, tmp, url, procs)

        # 1. Signed in and synced: nothing pending.
        jgtest.sign_in(app, t, 'rc-admin')
        up_to_date = t('Sync now (%s)') % t('Up to date')
        wait_for('the first sync to end', lambda: named(app, up_to_date), timeout=90)
        counts = t('Records: %u waiting to be sent, %u rejected. Show the Sync page.')

        def pending(n):
            return counts.replace('%u', str(n), 1).replace('%u', '0', 1)
        wait_for('"0 pending" in the header', lambda: named(app, pending(0)), timeout=30)

        # 2. A ready record, made by the import; the header counts it.
        import_ready_record(args, url, tmp)
        jg.xdotool('key', 'alt+1')
        jg.xdotool('key', 'alt+6')
        wait_for('"1 pending" in the header', lambda: named(app, pending(1)), timeout=30)

        # 3. The server refuses every token from now on.
        jgtest.stop([server])
        server, url2 = start_server('--fault', 'expire-tokens')
        procs[0] = server
        if url2 != url:
            raise Failure(f'the server came back on {url2}, not {url}')

        def dialog():
            """The sign-in dialog (a window of the app), or None."""
            for acc in walk(app):
                try:
                    # A top-level AdwWindow; GTK 4.8 gives it the role 'filler'.
                    if acc.name == t('Sign In') and acc.parent is not None and \
                            acc.parent.getRoleName() == 'application':
                        return acc
                except Exception:
                    continue
            return None

        # 4. Ctrl+R: the sign-in dialog comes by itself, with the reason.
        wait_for('the first sign-in dialog to be gone', lambda: dialog() is None)
        jg.xdotool('windowfocus', '--sync', window)
        jg.xdotool('key', 'ctrl+r')

        try:
            sign_in_dialog = wait_for('the sign-in dialog', dialog, timeout=60)
        except Failure:
            if os.environ.get('JG_KEEP_TREE'):
                jg.dump_tree(app, os.environ['JG_KEEP_TREE'])
            raise
        explanation = wait_for('the explanation in the dialog',
                               lambda: find(sign_in_dialog, 'label', t(EXPLANATION)))
        log('dialog says:', explanation.name)
        wait_for('"1 pending" still in the header', lambda: named(app, pending(1)), timeout=30)
        if server_records(server_data) != 0:
            raise Failure('the server holds a record although it refused the token')
        screenshot(args, 'sign-in-expired')

        # 5. Tokens work again; signing in from that dialog sends the record.
        jgtest.stop([server])
        server, url2 = start_server()
        procs[0] = server
        user_row = wait_for('the user name row', lambda: named(sign_in_dialog, t('User name')))
        user = entry_in_text(user_row)
        if user != 'rc-admin':
            raise Failure(f'the dialog does not name the account: {user!r}')
        pass_row = wait_for('the password row', lambda: named(sign_in_dialog, t('Password')))
        jgtest.entry_in(pass_row).queryEditableText().setTextContents(jgtest.PASSWORD)
        click(wait_for('the dialog Sign In button',
                       lambda: find(sign_in_dialog, 'push button', None,
                                    lambda a: a.name == t('Sign In') and
                                    a.getState().contains(pyatspi.STATE_SENSITIVE))))
        wait_for('"0 pending" in the header', lambda: named(app, pending(0)), timeout=90)
        wait_for('the record on the server', lambda: server_records(server_data) == 1 or None, timeout=30)
        wait_for('the dialog to close', lambda: dialog() is None, timeout=30)
        wait_for('the header status', lambda: named(app, up_to_date), timeout=30)
        stale = toast_saying(app, t(EXPLANATION))
        if stale is not None:
            raise Failure('after signing in, a toast still says that sync is paused')
        log('signed in again; the record was sent')
    finally:
        jgtest.stop(procs)


def toast_saying(app, text):
    """A toast of the main window showing @text, or None."""
    for acc in walk(app):
        try:
            if acc.name == 'AdwToastWidget' and find(acc, 'label', text) is not None:
                return acc
        except Exception:
            continue
    return None


def entry_in_text(row):
    entry = jgtest.entry_in(row)
    if entry is None:
        return None
    text = entry.queryText()
    return text.getText(0, text.characterCount)


def main():
    return jgtest.run_test('the sign-in dialog comes back when the server refuses the token',
                           parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
