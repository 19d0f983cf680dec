# SPDX-License-Identifier: GPL-3.0-or-later
#
# Helpers shared by the GUI tests that sign in: the basics (Xvfb, the demo
# server, walking the accessibility tree) come from test-catalogue-search.py;
# this adds clicking, finding by name prefix, the sign-in dialog, the CLI
# and screenshots.

import argparse
import contextlib
import csv
import gettext
import json
import importlib.util
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('jgsearch', os.path.join(HERE, 'test-catalogue-search.py'))
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

log, wait_for, find, walk, Failure = base.log, base.wait_for, base.find, base.walk, base.Failure
SKIP = base.SKIP
PASSWORD = 'Jianguan-Demo-2026'
# rc-admin's department in the demo data, and a day its items are in force.
DEPARTMENT = '11445200006295321R'
CHECK_DATE = '2025-07-01'


def translations(lang):
    """The app's message catalogue in LANG (gettext and ngettext; the
    identity under C)."""
    if lang == 'C.UTF-8' or not os.environ.get('JIANGUAN_LOCALEDIR'):
        return gettext.NullTranslations()
    return gettext.translation('jianguan', os.environ['JIANGUAN_LOCALEDIR'],
                               languages=[lang.split('.')[0]], fallback=True)


def translator(lang):
    """gettext for the app's messages in LANG (identity under C). A label
    with a mnemonic is found by its text without one, as the accessible
    name shows it: t('New Inspection') is 新建行政检查 for "New _Inspection"
    → "新建行政检查(_I)"."""
    tr = translations(lang)
    plain = {}
    for msgid, msgstr in getattr(tr, '_catalog', {}).items():
        if isinstance(msgid, str) and isinstance(msgstr, str) and '_' in msgid:
            plain.setdefault(msgid.replace('_', ''),
                             re.sub(r'\(_.\)', '', msgstr).replace('_', ''))

    def t(msgid):
        text = tr.gettext(msgid)
        return plain.get(msgid, text) if text == msgid else text
    return t


def lang_env(lang):
    if lang == 'C.UTF-8':
        return {}
    return dict(LANG=lang, LC_ALL=lang, LANGUAGE=lang.split('.')[0])


def click(acc):
    action = acc.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'activate', 'press'):
            action.doAction(i)
            return
    action.doAction(0)


def named(app, prefix, role=None):
    """The first accessible whose name starts with prefix (and has role)."""
    for acc in walk(app):
        try:
            if acc.name and acc.name.startswith(prefix) and (role is None or acc.getRoleName() == role):
                return acc
        except Exception:
            continue
    return None


def entry_in(row):
    for acc in walk(row):
        try:
            acc.queryEditableText()
            return acc
        except Exception:
            continue
    return None


def screenshot(args, name):
    """Saves the whole screen as DIR/name-<lang>.png when --screenshots DIR."""
    if not args.screenshots:
        return
    os.makedirs(args.screenshots, exist_ok=True)
    lang = args.lang.split('.')[0] if args.lang != 'C.UTF-8' else 'C'
    path = os.path.join(args.screenshots, f'{name}-{lang}.png')
    time.sleep(1)
    subprocess.run(['import', '-window', 'root', path], check=True)
    log('saved', path)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_server(server_bin, data_dir, *extra):
    """jianguan-server with the given options (--demo, --data, --port, --fault…)."""
    env = dict(os.environ, JIANGUAN_DATA_DIR=data_dir, JIANGUAN_SERVER_FAST_PWHASH='1')
    proc = subprocess.Popen([server_bin, *extra], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    marker = 'jianguan-server: listening on '
    deadline = time.monotonic() + base.TIMEOUT * base.TIME_FACTOR
    url = None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith(marker):
            url = line[len(marker):].strip()
            break
    if url is None:
        proc.kill()
        raise Failure('jianguan-server did not start')
    import threading
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    return proc, url


def stop(procs):
    for p in reversed(procs):
        if p.poll() is not None:
            continue
        p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@contextlib.contextmanager
def closing(args, procs, failure_shot=None):
    """The end of every test's run, written once: on a Failure, saves the
    accessibility tree (--keep-tree FILE) and a screenshot named
    @failure_shot (--screenshots); whatever happens, stops @procs (the
    server, the app…), newest first. @procs may still grow in the body."""
    try:
        yield
    except base.Failure:
        if failure_shot and args.screenshots:
            screenshot(args, failure_shot)
        if getattr(args, 'keep_tree', None):
            try:
                import pyatspi
                base.dump_tree(base.find_app(pyatspi), args.keep_tree)
            except Exception:
                pass
        raise
    finally:
        stop(procs)


def cli(cli_bin, home, *args, stdin=None, check=True):
    """Runs jianguan-cli with its files under home (XDG_DATA_HOME, XDG_CONFIG_HOME)."""
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(home, 'data'),
               XDG_CONFIG_HOME=os.path.join(home, 'config'),
               XDG_CACHE_HOME=os.path.join(home, 'cache'), LC_ALL='C.UTF-8', LANGUAGE='C')
    env.pop('JIANGUAN_SERVER', None)
    out = subprocess.run([cli_bin, *args], input=stdin, env=env, capture_output=True,
                         text=True, timeout=120)
    log('jianguan-cli', *args[2:], '→', out.returncode, (out.stdout.strip().splitlines() or [''])[-1])
    if check and out.returncode != 0:
        raise Failure(f'jianguan-cli {" ".join(args)} failed: {out.stderr.strip()}')
    return out


def open_window(app):
    window = subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible', '--name', '^(Jianguan|监管)$'],
                            capture_output=True, text=True, check=True).stdout.split()[0]
    base.xdotool('windowfocus', '--sync', window)
    return window


def start_app(args, tmp, url, procs):
    """Starts the app on the server at @url with a profile under @tmp, in
    --lang, adds it to @procs and waits for its window: (the app's
    accessible, the window's X id)."""
    import pyatspi

    env = base.app_env(args, tmp, **lang_env(args.lang))
    procs.append(subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL))
    app = wait_for('the app on the accessibility bus', lambda: base.find_app(pyatspi))
    return app, open_window(app)


def sign_in(app, t, user, password=PASSWORD, before_submit=None):
    """Signs in through the dialog from the Sync page (Alt+6)."""
    import pyatspi

    # The Sync page is built when first shown. While its button is not
    # there, Alt+6 is pressed again every few seconds and the AT-SPI
    # client's cache cleared, so that neither a lost key nor a stale cache
    # fails a sign-in. (The button once went missing under CI load because
    # it was named after its label: the app's bug, fixed in jg-sync-page.c.)
    pressed = [0.0]

    def sign_in_button():
        button = named(app, t('Sign in'), 'push button')
        if button is None and time.monotonic() - pressed[0] > 5:
            if pressed[0] > 0:
                log('the Sign In button is not there yet: clearing the AT-SPI cache')
                app.clearCache()
            base.xdotool('key', 'alt+6')
            pressed[0] = time.monotonic()
        return button
    click(wait_for('the Sign In button', sign_in_button, timeout=20))
    user_row = wait_for('the user name row', lambda: named(app, t('User name')))
    pass_row = wait_for('the password row', lambda: named(app, t('Password')))
    entry_in(user_row).queryEditableText().setTextContents(user)
    entry_in(pass_row).queryEditableText().setTextContents(password)
    if before_submit is not None:
        before_submit()
    # The dialog's own button: the Sync page's may have the same name.
    dialog = user_row
    while dialog.parent is not None and dialog.parent.getRoleName() != 'application':
        dialog = dialog.parent
    click(wait_for('the dialog Sign In button',
                   lambda: find(dialog, 'push button', None,
                                lambda a: a.name == t('Sign In') and
                                a.getState().contains(pyatspi.STATE_SENSITIVE))))
    wait_for(f'signed in as {user}', lambda: named(app, t('Signed in as %s') % user), timeout=60)
    log('signed in as', user)


def press_at(acc):
    """A mouse click in the middle of @acc (for rows AT-SPI cannot focus)."""
    import pyatspi
    e = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    base.xdotool('mousemove', str(e.x + e.width // 2), str(e.y + e.height // 2), 'click', '1')


def arg_parser():
    """The options every GUI test takes (meson passes them; each falls back
    on its environment variable); a test adds its own to the parser."""
    p = argparse.ArgumentParser()
    p.add_argument('--app', default=os.environ.get('JIANGUAN_APP_BIN'))
    p.add_argument('--server-bin', default=os.environ.get('JIANGUAN_SERVER_BIN'))
    p.add_argument('--cli-bin', default=os.environ.get('JIANGUAN_CLI_BIN'))
    p.add_argument('--schemas-dir', default=os.environ.get('GSETTINGS_SCHEMA_DIR'))
    p.add_argument('--data-dir', default=os.environ.get('JIANGUAN_DATA_DIR'))
    p.add_argument('--screenshots', metavar='DIR',
                   help='save <name>-<lang>.png screenshots here')
    p.add_argument('--lang', default='C.UTF-8',
                   help='locale to run the app in, e.g. zh_CN.UTF-8')
    p.add_argument('--keep-tree', metavar='FILE',
                   help='on failure, dump the accessible tree here')
    return p


def run_test(what, args, required, run):
    """The shared main: checks @required arguments, re-runs the calling
    script under its own Xvfb and D-Bus session, then calls run(args, tmp)
    and prints one TAP-style result line. Returns the exit status."""
    for name in required:
        if not getattr(args, name):
            log(f'--{name.replace("_", "-")} is required')
            return 2
    if not os.environ.get('JG_GUI_TEST_INNER'):
        # reexec_under_xvfb() re-runs its module's __file__: make it the caller.
        base.__file__ = os.path.abspath(sys.argv[0])
        base.reexec_under_xvfb()
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        log('pyatspi is not installed: skipping')
        return SKIP
    with tempfile.TemporaryDirectory(prefix='jianguan-gui-test-') as tmp:
        keyring = base.start_session_keyring(tmp)
        try:
            run(args, tmp)
        except Failure as e:
            print(f'not ok - {what}: {e}', flush=True)
            return 1
        finally:
            base.stop_session_keyring(keyring)
    print(f'ok - {what}', flush=True)
    return 0


def inspection_rows(data_dir, numbers, party_name='揭阳市丙食品有限公司'):
    """Valid inspection rows (import template headers → values) of the demo
    catalogue, one per number (as tests/cli/test-cli.py)."""
    with open(os.path.join(data_dir, 'demo', 'catalogue.json'), encoding='utf-8') as f:
        demo = json.load(f)
    impls = {}
    for impl in demo['implementations']:
        impls.setdefault(impl['subitem'], impl['code'])
    item = sorted(s['code'] for s in demo['subitems']
                  if s['action_type'] == '0' and s.get('status') == '01'
                  and s.get('department') == DEPARTMENT
                  and (s.get('effective_date') or '') <= CHECK_DATE
                  and (not s.get('cancel_date') or s['cancel_date'] > CHECK_DATE)
                  and s['code'] in impls)[0]
    officers = sorted(o['id'] for o in demo['officers']
                      if o.get('department') == DEPARTMENT and o.get('cert_no')
                      and o['cert_valid_from'] <= CHECK_DATE <= o['cert_valid_to'])[:2]
    return [{'监管事项目录编码': item, '监管对象': '某食品店', '行政相对人': party_name,
             '行政相对人性质': '02', '行政相对人证件类型': '001', '行政相对人编码': '91440300708461136T',
             '行政区划代码': '445202', '监管事项检查实施清单编码': impls[item],
             '检查行为名称': '日常监督检查', '检查行为编号': number, '检查形式': '01',
             '检查类别': '01', '检查结果': '01', '检查时间': CHECK_DATE, '检查人员': ';'.join(officers)}
            for number in numbers]


def import_rows(cli_bin, url, home, rows):
    """jianguan-cli imports @rows as ready inspections of rc-admin's department."""
    template = os.path.join(home, 'template.csv')
    cli(cli_bin, home, '--server', url, 'template', 'inspection', template)
    with open(template, encoding='utf-8-sig', newline='') as f:
        headers = next(csv.reader(f))
    path = os.path.join(home, 'records.csv')
    with open(path, 'w', encoding='utf-8-sig', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, '') for h in headers])
    out = cli(cli_bin, home, '--server', url, '--department', DEPARTMENT, 'import', path)
    if out.stdout.splitlines()[-1] != f'imported {len(rows)} (0 with warnings), rejected 0':
        raise Failure(f'the import did not take every row: {out.stdout}')


# --- trust (issue 9, items 1 and 2): the department choice, record counts ---

def choose_department(app, t, tmp=None, name=None):
    """On the Records page's department choice (nothing is chosen at
    first): picks @name (default: the list's first department) from the
    combo row's list with the keyboard, as the list shows them (the
    catalogue cached under profile @tmp gives their order), and presses
    Use This Department."""
    import pyatspi
    import sqlite3

    def use_button(sensitive):
        return base.find(app, 'push button', None,
                         lambda a: a.name.startswith(t('Use This Department')) and
                         a.getState().contains(pyatspi.STATE_SENSITIVE) == sensitive)

    wait_for('the department choice', lambda: use_button(False), timeout=60)
    index = 0
    if name is not None:
        # The catalogue's departments, wherever the profile caches them (the
        # account's database or a per-server catalogue).
        names = []
        for d, _, fs in os.walk(os.path.join(tmp, 'data')):
            for f in fs:
                if not f.endswith('.db') or names:
                    continue
                db = sqlite3.connect(f'file:{os.path.join(d, f)}?mode=ro', uri=True)
                try:
                    names = [r[0] for r in db.execute('SELECT name FROM department ORDER BY region, name')]
                except sqlite3.Error:
                    names = []
                finally:
                    db.close()
        index = names.index(name)
    row = wait_for('the department row', lambda: base.find(
        app, 'combo box', None, lambda a: (a.name or '').startswith(t('Department'))))
    press_at(row)
    time.sleep(1)
    # The list opens with its first department focused (Return alone does
    # not pick it until a key has moved the focus).
    keys = ['Down'] * index if index > 0 else ['Down', 'Up']
    base.xdotool('key', '--delay', '15', *keys)
    base.xdotool('key', 'Return')
    click(wait_for('Use This Department, now sensitive', lambda: use_button(True)))
    log('department chosen:', name or '(first)')


def records_db(tmp, account=None):
    """The path of the database records are written to under profile @tmp:
    the account's (directory named user@host-port) or, with None, the
    signed-out one."""
    root = os.path.join(tmp, 'data')
    for d, _, fs in os.walk(root):
        if 'jianguan.db' in fs:
            base_name = os.path.basename(d)
            if (account is None and '@' not in base_name) or \
                    (account is not None and base_name.startswith(account + '@')):
                return os.path.join(d, 'jianguan.db')
    return None


def rows_csv(cli_bin, url, home, rows, name):
    """A CSV file @name under @home of inspection @rows (template headers →
    values, as inspection_rows() makes them), headed by the CLI's template."""
    template = os.path.join(home, 'template.csv')
    server = ['--server', url] if url else []
    cli(cli_bin, home, *server, 'template', 'inspection', template)
    with open(template, encoding='utf-8-sig', newline='') as f:
        headers = next(csv.reader(f))
    path = os.path.join(home, name)
    with open(path, 'w', encoding='utf-8-sig', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, '') for h in headers])
    return path


def toast_named(app, text):
    """An accessible named @text, searched breadth first and skipping the
    pages' lists: a toast may be gone before a walk of the whole tree ends."""
    queue = [app]
    while queue:
        acc = queue.pop(0)
        try:
            if acc.name == text:
                return acc
            if acc.getRoleName() in ('list', 'list box', 'table', 'tree table'):
                continue
            queue.extend(list(acc))
        except Exception:
            continue
    return None


def write_rows_csv(cli_bin, home, name, rows):
    """home/name: @rows under the headers of the inspection template
    (rows_csv without a server)."""
    return rows_csv(cli_bin, None, home, rows, name)


# --- the record form (test-form-keyboard.py, test-form-layout.py) ------------

def form_field(root, header):
    """The text input of the record form whose accessible name starts with a
    national header (监管事项目录编码…)."""
    def pred(acc):
        return acc.name == header or acc.name.startswith(header + ' ')
    return find(root, 'text', predicate=pred) or find(root, 'entry', predicate=pred)


def text_of(acc):
    t = acc.queryText()
    return t.getText(0, t.characterCount)
