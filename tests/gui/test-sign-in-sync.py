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

import argparse
import gettext
import importlib.util
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('jgsearch', os.path.join(HERE, 'test-catalogue-search.py'))
jg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(jg)

log, wait_for, find, walk, Failure = jg.log, jg.wait_for, jg.find, jg.walk, jg.Failure
PASSWORD = 'Jianguan-Demo-2026'


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--app', default=os.environ.get('JIANGUAN_APP_BIN'))
    p.add_argument('--server-bin', default=os.environ.get('JIANGUAN_SERVER_BIN'))
    p.add_argument('--schemas-dir', default=os.environ.get('GSETTINGS_SCHEMA_DIR'))
    p.add_argument('--data-dir', default=os.environ.get('JIANGUAN_DATA_DIR'))
    p.add_argument('--screenshots', metavar='DIR')
    p.add_argument('--lang', default='C.UTF-8')
    return p.parse_args()


def click(acc):
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'activate', 'press'):
            action.doAction(i)
            return
    action.doAction(0)


def screenshot(args, name):
    if not args.screenshots:
        return
    lang = args.lang.split('.')[0] if args.lang != 'C.UTF-8' else 'C'
    path = os.path.join(args.screenshots, f'{name}-{lang}.png')
    time.sleep(1)
    subprocess.run(['import', '-window', 'root', path], check=True)
    log('saved', path)


def entry_in(row):
    for acc in walk(row):
        try:
            acc.queryEditableText()
            return acc
        except Exception:
            continue
    return None


def named(app, prefix, role=None):
    for acc in walk(app):
        try:
            if acc.name and acc.name.startswith(prefix) and (role is None or acc.getRoleName() == role):
                return acc
        except Exception:
            continue
    return None


def run(args, tmp):
    import pyatspi

    t = (lambda m: m)
    if args.lang != 'C.UTF-8' and os.environ.get('JIANGUAN_LOCALEDIR'):
        t = gettext.translation('jianguan', os.environ['JIANGUAN_LOCALEDIR'],
                                languages=[args.lang.split('.')[0]], fallback=True).gettext

    os.environ['JIANGUAN_SERVER_FAST_PWHASH'] = '1'
    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    try:
        env = jg.app_env(args, tmp)
        if args.lang != 'C.UTF-8':
            env.update(LANG=args.lang, LC_ALL=args.lang, LANGUAGE=args.lang.split('.')[0])
        app_proc = subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL)
        procs.append(app_proc)
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))

        window = subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible', '--name', '^(Jianguan|监管)$'],
                                capture_output=True, text=True, check=True).stdout.split()[0]
        jg.xdotool('windowfocus', '--sync', window)
        jg.xdotool('key', 'alt+6')

        try:
            button = wait_for('the Sign In button', lambda: named(app, t('Sign in'), 'push button'), timeout=20)
        except Failure:
            log('buttons:', [(a.getRoleName(), a.name) for a in walk(app) if 'ign' in (a.name or '') or 'ccount' in (a.name or '')])
            raise
        click(button)
        user_row = wait_for('the user name row', lambda: named(app, t('User name')))
        pass_row = wait_for('the password row', lambda: named(app, t('Password')))
        entry_in(user_row).queryEditableText().setTextContents('rc-admin')
        entry_in(pass_row).queryEditableText().setTextContents(PASSWORD)
        screenshot(args, 'login')
        sign_in = wait_for('the dialog Sign In button',
                           lambda: find(app, 'push button', None,
                                        lambda a: a.name.startswith(t('Sign In')) and not a.name.endswith('…') and
                                        a.getState().contains(pyatspi.STATE_SENSITIVE)))
        click(sign_in)

        wait_for('signed in as rc-admin', lambda: named(app, t('Signed in as %s') % 'rc-admin'), timeout=60)
        log('signed in')

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
        for p in reversed(procs):
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


def main():
    args = parse_args()
    for what in ('app', 'server_bin', 'schemas_dir', 'data_dir'):
        if not getattr(args, what):
            log(f'--{what.replace("_", "-")} is required')
            return 2
    if not os.environ.get('JG_GUI_TEST_INNER'):
        jg.__file__ = os.path.abspath(__file__)
        jg.reexec_under_xvfb()
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        log('pyatspi is not installed: skipping')
        return jg.SKIP
    with tempfile.TemporaryDirectory(prefix='jianguan-gui-test-') as tmp:
        try:
            run(args, tmp)
        except Failure as e:
            print(f'not ok - sign in and sync: {e}', flush=True)
            return 1
    print('ok - sign in and sync', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
