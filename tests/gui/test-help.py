#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: F1 on a computer without Yelp.
#
#   test-help.py --app build/src/gui/jianguan --schemas-dir build/data --data-dir data
#       [--lang zh_CN.UTF-8 --screenshots DIR]   (saves help-not-installed-<lang>.png)
#
#   1. No HTML help installed: F1 shows "Help Viewer Not Installed" and how
#      to install Yelp, not GTK's bare "Could not show link"; then Ctrl+?
#      opens the keyboard shortcuts (built when first asked for, not with
#      the window).
#   2. The HTML help installed (help-html/C/index.html under the data
#      directory) and a browser that handles HTML (a stand-in that writes
#      down what it was given): F1 opens the HTML help in it.
# Skipped where Yelp is installed: F1 would open it.

import os
import shutil
import subprocess
import sys

import jgtest
from jgtest import log, wait_for, named, Failure

jg = jgtest.base


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def press_f1(args, env):
    import pyatspi
    proc = subprocess.Popen([args.app], env=env, stdin=subprocess.DEVNULL)
    app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
    jgtest.open_window(app)
    jg.xdotool('key', 'F1')
    return proc, app


def fake_browser(tmp):
    """A desktop file for text/html that writes its argument to a file."""
    apps = os.path.join(tmp, 'data', 'applications')
    os.makedirs(apps, exist_ok=True)
    marker = os.path.join(tmp, 'browser-opened')
    script = os.path.join(tmp, 'browser.sh')
    with open(script, 'w') as f:
        f.write(f'#!/bin/sh\necho "$1" > {marker}\n')
    os.chmod(script, 0o755)
    with open(os.path.join(apps, 'jg-test-browser.desktop'), 'w') as f:
        f.write('[Desktop Entry]\nType=Application\nName=Test Browser\n'
                f'Exec={script} %u\nMimeType=text/html;\n')
    os.makedirs(os.path.join(tmp, 'config'), exist_ok=True)
    with open(os.path.join(tmp, 'config', 'mimeapps.list'), 'w') as f:
        f.write('[Default Applications]\ntext/html=jg-test-browser.desktop\n')
    return marker


def run(args, tmp):
    t = jgtest.translator(args.lang)
    procs = []
    try:
        # 1. Nothing to show the help with: say so, and how to fix it.
        env = jg.app_env(args, tmp, JIANGUAN_DATA_DIR=os.path.join(tmp, 'no-data'),
                         **jgtest.lang_env(args.lang))
        proc, app = press_f1(args, env)
        procs.append(proc)
        wait_for('the "not installed" message', lambda: named(app, t('Help Viewer Not Installed')))
        if not any('apt install yelp' in (a.name or '') or
                   ('apt install yelp' in a.queryText().getText(0, -1) if a.getRoleName() == 'label' else False)
                   for a in jg.walk(app)):
            raise Failure('the message does not say how to install Yelp')
        if named(app, 'Could not show link'):
            raise Failure('GTK\'s bare "Could not show link" is shown')
        log('without HTML help: the message says how to install Yelp')
        jgtest.screenshot(args, 'help-not-installed')

        # 3. The keyboard shortcuts, built on demand (not with the window).
        jg.xdotool('key', 'Escape')
        one_key = jgtest.translations(args.lang).pgettext('shortcut window', 'One-Key Search')
        jg.xdotool('key', 'ctrl+question')
        wait_for('the keyboard shortcuts window', lambda: named(app, one_key))
        log('Ctrl+? shows the keyboard shortcuts')
        jgtest.stop(procs)
        procs = []

        # 2. The HTML help and a browser: F1 opens the help in it.
        data = os.path.join(tmp, 'data-with-help')
        os.makedirs(os.path.join(data, 'help-html', 'C'))
        index = os.path.join(data, 'help-html', 'C', 'index.html')
        with open(index, 'w') as f:
            f.write('<html><body>Jianguan Help</body></html>\n')
        marker = fake_browser(tmp)
        env = jg.app_env(args, tmp, JIANGUAN_DATA_DIR=data)
        proc, app = press_f1(args, env)
        procs.append(proc)
        opened = wait_for('the browser', lambda: os.path.exists(marker) and open(marker).read().strip() or None)
        if not opened.endswith('/help-html/C/index.html'):
            raise Failure(f'the browser was given {opened!r}')
        if named(app, t('Help Viewer Not Installed')):
            raise Failure('the message is shown although the browser opened the help')
        log('with HTML help: the browser opened', opened)
    finally:
        jgtest.stop(procs)


def main():
    if shutil.which('yelp'):
        print('ok - help without Yelp # SKIP Yelp is installed', flush=True)
        return jg.SKIP
    return jgtest.run_test('help without Yelp', parse_args(),
                           ('app', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
