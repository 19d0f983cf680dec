#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: every control a screen reader user can reach has a name, and a
# real one, on every page of the app under zh_CN.
#
#   test-accessible-names.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data --lang zh_CN.UTF-8
#
# jianguan-cli syncs the demo catalogue and imports three inspections, so
# that the lists have rows. The test then visits the Overview, the
# Catalogue (with results), Records, Sync, the sign-in dialog, Sync again
# once signed in, the record editor (Ctrl+N), Preferences and the import
# dialog, and on each walks the whole accessible tree of the app. It fails
# on any showing object a user can act on (button, toggle, check box,
# entry, combo box, list item, row, menu item, …) whose name is empty, is
# a GType name ("GtkToggleButton") or says one phrase twice ("实施机构
# 实施机构", "登录 登录(S)…"), and lists them all with their page.
# With --screenshots DIR it saves tooltip-<lang>.png (the header's record
# counts, a long Chinese tooltip) and accessible-names-<lang>.png (the
# record editor).

import os
import re
import subprocess
import sys
import time

import jgtest

jg = jgtest.base
log, wait_for, find, walk, Failure = jg.log, jg.wait_for, jg.find, jg.walk, jg.Failure

# Roles a user acts on: these must be named.
ACTIONABLE = {
    'push button', 'toggle button', 'check box', 'radio button', 'switch',
    'entry', 'password text', 'text', 'spin button', 'combo box', 'slider',
    'list item', 'table row', 'tree item', 'menu item', 'check menu item',
    'radio menu item', 'link', 'page tab', 'toggle switch',
}
ROWS = {'list item', 'table row', 'tree item'}
GTYPE_NAME = re.compile(r'^(Gtk|Adw|Jg|Gdk)[A-Z][A-Za-z]+$')
# A mnemonic in brackets ("(S)", "（_S）"), an ellipsis, an underline, a colon.
NOISE = re.compile(r'[(（]_?[A-Za-z0-9][)）]|…|\.\.\.|_|[:：]')


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def where(acc):
    """The names of @acc's nearest named ancestors, to find it."""
    names = []
    try:
        parent = acc.parent
        while parent is not None and len(names) < 3:
            if parent.name:
                names.append(f'[{parent.getRoleName()}] {parent.name}')
            parent = parent.parent
    except Exception:
        pass
    return ' < '.join(names)


def normal(text):
    return NOISE.sub('', text).strip()


def doubled(name):
    """Whether @name is one phrase said twice, mnemonics and ellipses aside."""
    words = name.split()
    for k in range(1, len(words)):
        first, second = normal(' '.join(words[:k])), normal(' '.join(words[k:]))
        if first and first == second:
            return True
    return False


def problems(app):
    """(role, name, what is wrong) of each visible actionable object (GTK 4.8
    says "showing" of nothing, and "visible" of the children of a stack's
    other pages too: those are checked on every page)."""
    import pyatspi

    found = []
    for acc in walk(app):
        try:
            role = acc.getRoleName()
            if role not in ACTIONABLE:
                continue
            states = acc.getState()
            if not states.contains(pyatspi.STATE_VISIBLE):
                continue
            # A row one cannot focus (a field's message) is read as its text.
            if role in ROWS and not states.contains(pyatspi.STATE_FOCUSABLE):
                continue
            name = (acc.name or '').strip()
        except Exception:
            continue
        if not name:
            found.append((role, name, 'no name, in ' + where(acc)))
        elif GTYPE_NAME.match(name):
            found.append((role, name, 'a type name, in ' + where(acc)))
        elif doubled(name):
            found.append((role, name, 'a doubled name, in ' + where(acc)))
    return found


class Checker:
    def __init__(self, app):
        self.app = app
        self.failures = []
        self.seen = set()
        self.checked = 0

    def page(self, what):
        time.sleep(1.0)
        wrong = problems(self.app)
        n = sum(1 for a in walk(self.app) if (lambda r: r in ACTIONABLE)(self.safe_role(a)))
        self.checked += n
        log(f'{what}: {n} actionable objects, {len(wrong)} wrong')
        for role, name, why in wrong:
            if (role, name) not in self.seen:
                self.seen.add((role, name))
                self.failures.append(f'{what}: [{role}] {name!r}: {why}')
                log(f'  [{role}] {name!r}: {why}')

    @staticmethod
    def safe_role(acc):
        try:
            return acc.getRoleName()
        except Exception:
            return None


def show_tooltip(app, t, args):
    """Hovers the header's record counts, whose tooltip is a long Chinese
    sentence, for the screenshot tooltip-<lang>.png."""
    import pyatspi

    if not args.screenshots:
        return
    prefix = t('Records: %u waiting to be sent, %u rejected. Show the Sync page.').split('%u')[0]
    button = jgtest.named(app, prefix, 'push button')
    if button is None:
        log('no record counts button to hover')
        return
    e = button.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    jg.xdotool('mousemove', str(e.x + e.width // 2), str(e.y + e.height // 2))
    time.sleep(0.3)
    jg.xdotool('mousemove', str(e.x + e.width // 2 + 2), str(e.y + e.height // 2))
    time.sleep(1.5)
    jgtest.screenshot(args, 'tooltip')
    jg.xdotool('mousemove', '0', '0')


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    server_data = os.path.join(tmp, 'server')
    os.makedirs(server_data)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data', server_data,
                                      '--port', str(jgtest.free_port()))
    procs = [server]
    with jgtest.closing(args, procs):
        rows = jgtest.inspection_rows(args.data_dir, ['JC-A11Y-1', 'JC-A11Y-2', 'JC-A11Y-3', 'JC-A11Y-4'])
        jgtest.cli(args.cli_bin, tmp, '--server', url, 'sync-catalogue')
        jgtest.import_rows(args.cli_bin, url, tmp, rows[:3])
        legacy = jgtest.write_rows_csv(args.cli_bin, tmp, 'legacy.csv', rows[3:])

        env = dict(jg.app_env(args, tmp), **jgtest.lang_env(args.lang))
        procs.append(subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        time.sleep(1.0)
        jgtest.open_window(app)
        check = Checker(app)

        jg.xdotool('key', 'alt+1')
        check.page('Overview')

        jg.xdotool('key', 'alt+2')
        results = wait_for('the results list', lambda: find(app, 'list', t('Search results')), timeout=60)
        jg.xdotool('type', '--delay', '50', '食品')
        time.sleep(1.0)
        wait_for('search results', lambda: len(list(results)) > 0)
        check.page('Catalogue')

        jg.xdotool('key', 'alt+3')
        wait_for('the Import and export button', lambda: jgtest.named(app, t('Import and export')), timeout=60)
        check.page('Records')

        jg.xdotool('key', 'alt+6')
        check.page('Sync')

        jgtest.sign_in(app, t, 'rc-admin', before_submit=lambda: check.page('Sign-in dialog'))
        time.sleep(2.0)
        check.page('Sync, signed in')
        show_tooltip(app, t, args)

        jg.xdotool('key', 'alt+3')
        time.sleep(1.0)
        jg.xdotool('key', 'ctrl+n')
        wait_for('the record editor', lambda: jgtest.named(app, t('Implementing body')), timeout=60)
        check.page('Record editor')
        jgtest.screenshot(args, 'accessible-names')
        back = find(app, 'push button', t('Back to records'))
        if back is not None:
            jgtest.click(back)
        time.sleep(1.0)

        # The posts pages and the post editor (监管动态 with its body editor).
        jg.xdotool('key', 'alt+4')
        wait_for('the posts page', lambda: jgtest.named(app, t('New Post'), 'push button'), timeout=30)
        check.page('Supervision News')
        jg.xdotool('key', 'ctrl+n')
        wait_for('the post editor', lambda: jgtest.named(app, t('Back to posts')), timeout=30)
        check.page('Post editor')
        jgtest.click(find(app, 'push button', t('Back to posts')))
        time.sleep(1.0)
        jg.xdotool('key', 'alt+5')
        check.page('Exposure')

        jg.xdotool('key', 'alt+3')
        menu = wait_for('the Import and export button',
                        lambda: jgtest.named(app, t('Import and export')), timeout=60)
        jgtest.press_at(menu)
        label = t('_Import…').replace('_', '')
        item = wait_for('the Import… item', lambda: find(
            app, 'menu item', predicate=lambda a: (a.name or '').replace('_', '').startswith(label)))
        check.page('Import and export menu')
        try:
            jgtest.click(item)
        except Exception:
            jg.xdotool('key', 'Return')
        time.sleep(1.5)
        jg.xdotool('key', 'ctrl+l')
        time.sleep(0.5)
        jg.xdotool('type', '--delay', '20', legacy)
        time.sleep(0.3)
        jg.xdotool('key', 'Return')
        new = jgtest.translations(args.lang).ngettext('%u new record', '%u new records', 1) % 1
        wait_for('the import check', lambda: jgtest.named(app, new), timeout=60)
        check.page('Import dialog')
        jg.xdotool('key', 'Escape')
        time.sleep(1.0)

        jg.xdotool('key', 'ctrl+comma')
        wait_for('Preferences', lambda: find(app, 'frame', t('Preferences')) or
                 jgtest.named(app, t('Server address')), timeout=30)
        check.page('Preferences')
        jg.xdotool('key', 'Escape')
        time.sleep(1.0)

        log(f'{check.checked} actionable objects checked in all')
        if check.failures:
            for f in check.failures:
                log('  ' + f)
            raise Failure(f'{len(check.failures)} controls without a proper accessible name; '
                          f'first: {check.failures[0]}')


def main():
    return jgtest.run_test('accessible names on every page', parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
