#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: search the catalogue in the real app and read the result through
# the accessibility tree (AT-SPI), as a screen reader would.
#
#   test-catalogue-search.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# It starts itself again inside its own Xvfb and `dbus-run-session` (a private
# X server and session bus, which also brings up the accessibility bus), starts
# a demo jianguan-server on a free port, starts the app with --server (which
# syncs at start), then:
#   1. puts a Chinese part of a known demo item's name into the search entry
#      and waits for that item's row (and for the unrelated first rows to go);
#   2. clears the search with Escape, types the item's code with the keyboard
#      and waits for exactly that one row;
#   3. moves into the list with Down, opens the item with Return and waits for
#      its legal basis in the detail.
# Exits 0 on success, 1 on failure, 77 (skip) when a tool is missing.

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
# Every wait is stretched by JIANGUAN_TEST_TIME_FACTOR: the sanitizer build
# (tests/gui/meson.build) sets it, its app starting several times slower.
TIME_FACTOR = float(os.environ.get('JIANGUAN_TEST_TIME_FACTOR', '1'))
TIMEOUT = 30


def log(*args):
    print('#', *args, flush=True)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--app', default=os.environ.get('JIANGUAN_APP_BIN'))
    p.add_argument('--server-bin', default=os.environ.get('JIANGUAN_SERVER_BIN'))
    p.add_argument('--schemas-dir', default=os.environ.get('GSETTINGS_SCHEMA_DIR'))
    p.add_argument('--data-dir', default=os.environ.get('JIANGUAN_DATA_DIR'))
    p.add_argument('--keep-tree', metavar='FILE',
                   help='write the accessibility tree here on failure')
    p.add_argument('--chinese', action='store_true',
                   help='instead: check that the UI is Chinese under zh_CN.UTF-8')
    return p.parse_args()


def start_xvfb():
    """An Xvfb on a display it picks itself, or (None, None).

    On a shared machine another X server may take the display between
    Xvfb's choice and its start, so check that ours is the one answering."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(write_fd),
                             # a test of wide windows asks for a wider screen
                             '-screen', '0', os.environ.get('JG_XVFB_SCREEN', '1280x800x24'),
                             '-nolisten', 'tcp',
                             # no reset when the last client goes: a client
                             # connecting then would fail
                             '-noreset'],
                            pass_fds=[write_fd], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b''
    while not number.endswith(b'\n'):
        c = os.read(read_fd, 1)
        if not c:
            break
        number += c
    os.close(read_fd)
    display = ':' + number.decode().strip()
    env = dict(os.environ, DISPLAY=display)
    env.pop('XAUTHORITY', None)
    time.sleep(0.2)
    ok = (number.strip() and xvfb.poll() is None and
          subprocess.call(['xdotool', 'getdisplaygeometry'], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0)
    if not ok:
        if xvfb.poll() is None:
            xvfb.terminate()
        xvfb.wait()
        return None, None
    return xvfb, display


def reexec_under_xvfb():
    """Runs this script again with its own X server and D-Bus session.

    Like `xvfb-run -a dbus-run-session`, but Xvfb picks a free display
    itself (-displayfd), so parallel runs never race for the same one."""
    for tool in ('Xvfb', 'dbus-run-session', 'xdotool'):
        if shutil.which(tool) is None:
            log(f'{tool} is not installed: skipping')
            sys.exit(SKIP)
    xvfb, display = None, None
    for attempt in range(5):
        xvfb, display = start_xvfb()
        if xvfb is not None:
            break
        time.sleep(1)
    if xvfb is None:
        log('could not start Xvfb')
        sys.exit(1)
    env = dict(os.environ, JG_GUI_TEST_INNER='1', DISPLAY=display)
    env.pop('XAUTHORITY', None)
    env.pop('WAYLAND_DISPLAY', None)
    cmd = ['dbus-run-session', '--', sys.executable, os.path.abspath(__file__)] + sys.argv[1:]
    try:
        rc = subprocess.call(cmd, env=env)
    finally:
        xvfb.terminate()
        xvfb.wait()
    sys.exit(rc)


def start_session_keyring(tmp):
    """Inside the test's D-Bus session: gnome-keyring with its login
    collection created and unlocked, as in a GNOME session after login, so
    the app keeps its token in a real keyring. Without it, D-Bus would
    start a locked keyring on the first request, and its "new keyring
    password" prompt (a real window under Xvfb) would wait forever.
    Returns the daemon's process, or None where gnome-keyring is not
    installed (the app then keeps the token in memory)."""
    if shutil.which('gnome-keyring-daemon') is None:
        return None
    data = os.path.join(tmp, 'keyring-data')
    os.makedirs(data, mode=0o700)
    proc = subprocess.Popen(['gnome-keyring-daemon', '--unlock', '--foreground',
                             '--components=secrets'],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            env=dict(os.environ, XDG_DATA_HOME=data, HOME=tmp))
    proc.stdin.write(b'jianguan-gui-test')
    proc.stdin.close()
    deadline = time.time() + 15
    while time.time() < deadline:
        out = subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.freedesktop.DBus',
                              '--object-path', '/org/freedesktop/DBus',
                              '--method', 'org.freedesktop.DBus.NameHasOwner',
                              'org.freedesktop.secrets'],
                             capture_output=True, text=True)
        if 'true' in out.stdout:
            return proc
        if proc.poll() is not None:
            raise RuntimeError('gnome-keyring-daemon exited at start')
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError('gnome-keyring-daemon did not take org.freedesktop.secrets')


def stop_session_keyring(proc):
    if proc is not None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


class Failure(Exception):
    pass


def pick_item(data_dir):
    """A demo sub-item that is active and has a legal basis."""
    with open(os.path.join(data_dir, 'demo', 'catalogue.json'), encoding='utf-8') as f:
        catalogue = json.load(f)
    subitems = catalogue['subitems']
    for item in subitems[20:] + subitems[:20]:
        if (item.get('status') == '01' and not item.get('cancel_date')
                and item.get('legal_basis') and len(item.get('name', '')) >= 6
                and item['code'].isdigit()):
            return item, subitems
    raise Failure('no usable sub-item in the demo catalogue')


def start_server(server_bin, data_dir):
    env = dict(os.environ, JIANGUAN_DATA_DIR=data_dir)
    proc = subprocess.Popen([server_bin, '--demo', '--port', '0'],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, text=True)
    url = None
    deadline = time.monotonic() + TIMEOUT * TIME_FACTOR
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        log('server:', line.rstrip())
        marker = 'jianguan-server: listening on '
        if line.startswith(marker):
            url = line[len(marker):].strip()
            break
    if url is None:
        proc.kill()
        raise Failure('the demo server did not start')

    # Keep reading its log so that it never blocks on a full pipe.
    def drain():
        for _ in proc.stderr:
            pass
    threading.Thread(target=drain, daemon=True).start()
    return proc, url


# --- accessibility helpers ---------------------------------------------------

def walk(acc, depth=0):
    if acc is None or depth > 60:
        return
    yield acc
    try:
        children = list(acc)
    except Exception:
        return
    for child in children:
        yield from walk(child, depth + 1)


def wait_for(what, fn, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout * TIME_FACTOR
    while True:
        try:
            result = fn()
        except Exception as e:  # the tree changes under our feet
            result = None
            last_error = e
        if result:
            return result
        if time.monotonic() > deadline:
            raise Failure(f'timed out waiting for {what}')
        time.sleep(0.25)


def find_app(pyatspi):
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == 'jianguan':
            return app
    return None


def find(root, role, name=None, predicate=None):
    for acc in walk(root):
        try:
            if acc.getRoleName() != role:
                continue
            if name is not None and acc.name != name:
                continue
            if predicate is not None and not predicate(acc):
                continue
            return acc
        except Exception:
            continue
    return None


def result_rows(results_list):
    """The accessible names of the rows of the results list."""
    names = []
    for item in results_list:
        for child in item:
            if child is not None and child.name:
                names.append(child.name)
    return names


def labels(root):
    out = set()
    for acc in walk(root):
        try:
            if acc.getRoleName() == 'label':
                out.add(acc.name)
        except Exception:
            pass
    return out


def dump_tree(root, path):
    with open(path, 'w', encoding='utf-8') as f:
        def rec(acc, depth):
            if acc is None or depth > 60:
                return
            try:
                f.write('  ' * depth + f'[{acc.getRoleName()}] {acc.name!r}\n')
                for child in acc:
                    rec(child, depth + 1)
            except Exception as e:
                f.write('  ' * depth + f'<{e}>\n')
        rec(root, 0)


def xdotool(*args):
    subprocess.run(['xdotool'] + list(args), check=True)


# --- the tests ---------------------------------------------------------------

def app_env(args, tmp, **extra):
    return dict(os.environ,
                GSETTINGS_SCHEMA_DIR=args.schemas_dir,
                GSETTINGS_BACKEND='memory',
                XDG_DATA_HOME=os.path.join(tmp, 'data'),
                XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
                XDG_CACHE_HOME=os.path.join(tmp, 'cache'),
                GTK_A11Y='atspi',
                NO_AT_BRIDGE='0',
                GDK_BACKEND='x11',
                G_DEBUG='fatal-criticals',
                **extra)


# Words that may stay Latin in the Chinese UI: names, codes and acronyms.
LATIN_ALLOWED = {'CA', 'URL', 'HTTP', 'HTTPS', 'TLS', 'GNOME', 'Jianguan'}


def run_chinese(args, tmp):
    """Under zh_CN.UTF-8 every visible text of the main window is Chinese."""
    import re
    import pyatspi

    server, url = start_server(args.server_bin, args.data_dir)
    procs = [server]
    try:
        env = app_env(args, tmp, LANG='zh_CN.UTF-8', LC_ALL='zh_CN.UTF-8', LANGUAGE='zh_CN')
        procs.append(subprocess.Popen([args.app, '--server', url], env=env,
                                      stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: find_app(pyatspi))
        wait_for('the synced catalogue', lambda: find(app, 'list item', None), timeout=60)
        time.sleep(1)

        texts = set()
        for acc in walk(app):
            try:
                if acc.name:
                    texts.add(acc.name)
                if acc.getRoleName() == 'label':
                    texts.add(acc.queryText().getText(0, -1))
            except Exception:
                continue
        for section in ('概览', '事项目录', '监管记录', '监管动态', '曝光台', '同步'):
            if not any(section in t for t in texts):
                raise Failure(f'no {section!r} in the Chinese UI')
        english = []
        for t in texts:
            # GTK 4.8 names unnamed widgets after their type (GtkLabel…), and the
            # application is named after its program: not text anyone sees.
            if re.fullmatch(r'(Gtk|Adw|Jg)[A-Za-z]+', t) or t == 'jianguan':
                continue
            words = [w for w in re.findall(r'[A-Za-z]{3,}', t) if w not in LATIN_ALLOWED]
            if words and not re.match(r'^(https?://|\d)', t):
                english.append(t)
        if english:
            raise Failure('English text in the Chinese UI: ' + '; '.join(sorted(english)[:10]))
        log(f'{len(texts)} texts, all Chinese')
        return True
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()


def run(args, tmp):
    import pyatspi

    item, subitems = pick_item(args.data_dir)
    code, name, legal_basis = item['code'], item['name'], item['legal_basis']
    # A Chinese query: a middle part of the name, so it is not the whole.
    query = name[2:min(len(name), 8)]
    log(f'looking for {code} {name!r} with {query!r}')

    server, url = start_server(args.server_bin, args.data_dir)
    procs = [server]
    try:
        env = app_env(args, tmp)
        app_proc = subprocess.Popen([args.app, '--server', url], env=env,
                                    stdin=subprocess.DEVNULL)
        procs.append(app_proc)

        app = wait_for('the app on the accessibility bus', lambda: find_app(pyatspi))
        log('the app is on the accessibility bus')

        # The window gets the keyboard (no window manager under Xvfb); the
        # app opens on the Overview: Alt+2 shows the catalogue.
        window = subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible',
                                 '--name', '^Jianguan$'],
                                capture_output=True, text=True, check=True).stdout.split()[0]
        xdotool('windowfocus', '--sync', window)
        xdotool('key', 'alt+2')

        results = wait_for('the results list',
                           lambda: find(app, 'list', 'Search results',
                                        lambda a: a.childCount > 0),
                           timeout=60)
        first_rows = result_rows(results)
        log(f'catalogue synced: {len(first_rows)} rows before searching')
        if not first_rows:
            raise Failure('no rows before searching')

        entry = wait_for('the search entry', lambda: find(app, 'entry', 'Search catalogue'))

        # 0. Of the first 200 results the list holds what fills the window,
        #    and the next ones when it is scrolled to its end (End).
        wait_for('"Showing the first 200 results"', lambda: any(
            l.startswith('Showing the first 200 results') for l in labels(app)))
        if len(first_rows) >= 200:
            raise Failure(f'the list built all {len(first_rows)} rows at once')
        xdotool('key', 'Down')
        time.sleep(0.3)
        xdotool('key', 'End')
        more = wait_for('more rows after End', lambda: (lambda n: n if n > len(first_rows) else None)(
            len(result_rows(find(app, 'list', 'Search results')))))
        log(f'the list grew from {len(first_rows)} to {more} rows when scrolled to its end')

        xdotool('key', 'ctrl+f')

        # 1. A Chinese query, through the entry's EditableText interface
        #    (xdotool cannot type CJK without an input method).
        entry.queryEditableText().setTextContents(query)
        unrelated = [r for r in first_rows if name not in r][:3]

        def chinese_found():
            rows = result_rows(find(app, 'list', 'Search results'))
            if not any(r == f'{code} {name}' for r in rows):
                return None
            if any(u in rows for u in unrelated if query not in u):
                return None
            return rows
        rows = wait_for(f'the row of {code} for {query!r}', chinese_found)
        log(f'{query!r}: {len(rows)} rows, including {code}')
        for r in rows:
            if query not in r:
                # every row matches by name, objects, legal basis or code
                matches = [s for s in subitems if r.startswith(s['code'] + ' ')]
                s = matches[0] if matches else {}
                hay = ' '.join(str(s.get(k) or '') for k in ('name', 'objects', 'legal_basis', 'code'))
                if query not in hay:
                    raise Failure(f'row {r!r} does not match {query!r}')

        # 2. Escape clears the search; a code typed on the keyboard.
        xdotool('key', 'Escape')
        wait_for('the cleared search', lambda: find(app, 'entry', 'Search catalogue').queryText().characterCount == 0)
        xdotool('type', '--delay', '40', code)

        def code_found():
            rows = result_rows(find(app, 'list', 'Search results'))
            return rows if rows == [f'{code} {name}'] else None
        wait_for(f'exactly the row of {code}', code_found)
        count = find(app, 'label', '1 result')
        if count is None:
            raise Failure('no "1 result" label')
        log(f'{code}: exactly one row')

        # 3. Down into the list, Return opens the detail.
        xdotool('key', 'Down')
        time.sleep(0.3)
        xdotool('key', 'Return')
        wait_for('the legal basis in the detail', lambda: legal_basis in labels(app))
        log('the detail shows the legal basis')
        return True
    except Failure:
        if args.keep_tree:
            try:
                dump_tree(find_app(pyatspi), args.keep_tree)
            except Exception:
                pass
        raise
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()


def main():
    args = parse_args()
    for what in ('app', 'server_bin', 'schemas_dir', 'data_dir'):
        if not getattr(args, what):
            log(f'--{what.replace("_", "-")} is required')
            return 2

    if not os.environ.get('JG_GUI_TEST_INNER'):
        reexec_under_xvfb()

    try:
        import pyatspi  # noqa: F401
    except ImportError:
        log('pyatspi is not installed: skipping')
        return SKIP

    what = 'Chinese UI' if args.chinese else 'catalogue search'
    with tempfile.TemporaryDirectory(prefix='jianguan-gui-test-') as tmp:
        keyring = start_session_keyring(tmp)
        try:
            (run_chinese if args.chinese else run)(args, tmp)
        except Failure as e:
            print(f'not ok - {what}: {e}', flush=True)
            return 1
        finally:
            stop_session_keyring(keyring)
    print(f'ok - {what}', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
