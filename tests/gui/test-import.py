#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: an import is checked before anything is written, its report
# shows errors, warnings and notices in three groups, it goes in as the
# user chooses (ready, the rows with warnings as drafts here), and it can
# be undone while nothing was sent.
#
#   test-import.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data
#
# jianguan-cli syncs the demo catalogue and imports one inspection
# (JC-GUI-1); the file the app then imports holds that row again
# (duplicate), the same number with another object (conflict), a row with
# a wrong code (rejected), two new rows (one with its date typed as
# 2025/07/01, read forgivingly) and a new row with a warning (a citizen
# with a credit code). The test
#   1. opens Records (Alt+3), Import and export → Import…, and types the
#      file's path into the file chooser;
#   2. reads the check's summary through AT-SPI: 3 new, 1 duplicate,
#      1 conflicting, 1 rejected, 1 row with warnings, 2 notices; the
#      report's three group headings (2 errors, 1 warning, 2 notices) and
#      the notice of the date, before → after; the database still holds
#      one record;
#   3. chooses "Ready, but rows with warnings as drafts", presses Import:
#      the two clean rows are ready, the one with a warning a draft;
#   4. presses Undo Import: they are gone, the first record stays.
# With --screenshots DIR it saves import-check-<lang>.png (set --lang).

import os
import sqlite3
import subprocess
import sys
import time

import jgtest

jg = jgtest.base
log, wait_for, find, walk, Failure = jg.log, jg.wait_for, jg.find, jg.walk, jg.Failure


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def database(tmp):
    dbs = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(tmp, 'data'))
           for f in fs if f == 'jianguan.db']
    if len(dbs) != 1:
        raise Failure(f'expected one account database, found {dbs}')
    return dbs[0]


def states(db_path):
    """number → state of the records in the database."""
    db = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    try:
        return dict(db.execute('SELECT number, state FROM record WHERE deleting = 0'))
    finally:
        db.close()


def with_label(app, role, text):
    """The @role whose own label reads @text (GTK 4.8 doubles mnemonic names)."""
    def labelled(a):
        return any(c is not None and c.getRoleName() == 'label' and c.name == text for c in a)
    return find(app, role, predicate=labelled)


def run(args, tmp):
    import pyatspi

    tr = jgtest.translations(args.lang)
    t, tn = tr.gettext, tr.ngettext
    server_data = os.path.join(tmp, 'server')
    os.makedirs(server_data)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data', server_data,
                                      '--port', str(jgtest.free_port()))
    procs = [server]
    with jgtest.closing(args, procs, 'import-failure'):
        rows = jgtest.inspection_rows(args.data_dir, ['JC-GUI-1', 'JC-GUI-2', 'JC-GUI-3', 'JC-GUI-4',
                                                      'JC-GUI-5'])
        first, new2, new3, bad, warned = rows
        typed = jgtest.CHECK_DATE.replace('-', '/')
        new3 = dict(new3, **{'检查时间': typed})
        warned = dict(warned, **{'行政相对人性质': '01'})
        jgtest.cli(args.cli_bin, tmp, '--server', url, 'sync-catalogue')
        jgtest.import_rows(args.cli_bin, url, tmp, [first])
        conflict = dict(first, **{'监管对象': '另一家店'})
        bad = dict(bad, **{'检查形式': '07'})
        path = jgtest.write_rows_csv(args.cli_bin, tmp, 'legacy.csv',
                                     [first, new2, conflict, bad, new3, warned])
        db_path = database(tmp)
        if states(db_path) != {'JC-GUI-1': 'ready'}:
            raise Failure(f'the seed is wrong: {states(db_path)}')

        env = dict(jg.app_env(args, tmp), **jgtest.lang_env(args.lang))
        procs.append(subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        time.sleep(1.0)
        jgtest.open_window(app)
        jg.xdotool('key', 'alt+3')

        # 1. Import and export → Import…, then the file's path.
        menu = wait_for('the Import and export button',
                        lambda: jgtest.named(app, t('Import and export')), timeout=60)
        jgtest.press_at(menu)
        label = t('_Import…').replace('_', '')
        item = wait_for('the Import… item', lambda: find(
            app, 'menu item', predicate=lambda a: (a.name or '').replace('_', '').startswith(label)))
        try:
            jgtest.click(item)
        except Exception:
            jg.xdotool('key', 'Return')
        time.sleep(1.5)
        jg.xdotool('key', 'ctrl+l')
        time.sleep(0.5)
        jg.xdotool('type', '--delay', '20', path)
        time.sleep(0.3)
        jg.xdotool('key', 'Return')

        # 2. The check: counts, and nothing written yet.
        expected = [tn('%u new record', '%u new records', 3) % 3,
                    tn('%u duplicate', '%u duplicates', 1) % 1,
                    tn('%u conflicting row', '%u conflicting rows', 1) % 1,
                    tn('%u rejected row', '%u rejected rows', 1) % 1,
                    tn('%u row with warnings', '%u rows with warnings', 1) % 1,
                    tn('%u notice', '%u notices', 2) % 2,
                    # the report's groups
                    tn('%u error: the row is not imported', '%u errors: their rows are not imported', 2) % 2,
                    tn('%u warning: the row is imported, worth a look',
                       '%u warnings: their rows are imported, worth a look', 1) % 1,
                    tn('%u notice: a value read another way, or a duplicate',
                       '%u notices: values read another way, and duplicates', 2) % 2]
        for name in expected:
            wait_for(f'"{name}" in the check summary', lambda name=name: jgtest.named(app, name), timeout=60)
        log('the check says:', expected)
        if states(db_path) != {'JC-GUI-1': 'ready'}:
            raise Failure(f'the check wrote records: {states(db_path)}')
        # Each line with row, column, value and message; the notice says
        # what the value was read as.
        row_line = t('Row %u · %s · “%s”: %s')
        notice = t('Notice: %s') % (row_line % (6, '检查时间', typed, t('Read as “%s” (%s).') % (
            jgtest.CHECK_DATE, t('date written as year-month-day'))))
        wait_for(f'the notice "{notice}"', lambda: jgtest.named(app, notice), timeout=10)
        warning = t('Warning: %s') % (row_line % (7, '行政相对人证件类型', '001', ''))
        wait_for('the warning of row 7', lambda: any((a.name or '').startswith(warning) for a in walk(app)),
                 timeout=10)
        report = [a.name for a in walk(app) if (a.name or '').startswith(row_line.split('%')[0])]
        log('report lines:', len(report))

        def choice(label):
            label = t(label).replace('_', '')
            return with_label(app, 'check box', label) or with_label(app, 'radio button', label)
        drafts = wait_for('the As drafts choice', lambda: choice('As _drafts, to look over before sending'))
        if not drafts.getState().contains(pyatspi.STATE_CHECKED):
            raise Failure('"As drafts" is not the default')
        warnings_as_drafts = wait_for('the rows-with-warnings choice',
                                      lambda: choice('Ready, but rows with _warnings as drafts'))
        jgtest.press_at(warnings_as_drafts)   # a check button in a group has no AT-SPI action
        wait_for('the choice made', lambda: warnings_as_drafts.getState().contains(pyatspi.STATE_CHECKED))
        if args.screenshots:
            # The report's groups under the counts: scrolled into view with the wheel.
            counts = jgtest.named(app, t('What the import would do'))
            e = counts.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            jg.xdotool('mousemove', str(e.x + e.width // 2), str(e.y + e.height // 2))
            for _ in range(5):
                jg.xdotool('click', '5')
        jgtest.screenshot(args, 'import-check')

        # 3. Import: ready, but the row with a warning as a draft.
        button = wait_for('the Import button', lambda: with_label(
            app, 'push button', t('_Import').replace('_', '')))
        jgtest.click(button)
        undo = wait_for('the Undo Import button', lambda: (lambda b: b if b is not None and b.getState().contains(
            pyatspi.STATE_VISIBLE) else None)(with_label(app, 'push button', t('_Undo Import').replace('_', ''))),
            timeout=60)
        got = states(db_path)
        if got != {'JC-GUI-1': 'ready', 'JC-GUI-2': 'ready', 'JC-GUI-3': 'ready', 'JC-GUI-5': 'draft'}:
            raise Failure(f'after the import the records are {got}')
        log('imported, the row with a warning as a draft:', got)

        # 4. Undo: the import's records go, the earlier one stays.
        jgtest.click(undo)
        done = tn('Import undone: %u record removed', 'Import undone: %u records removed', 3) % 3
        wait_for(f'"{done}"', lambda: jgtest.named(app, done), timeout=60)
        got = states(db_path)
        if got != {'JC-GUI-1': 'ready'}:
            raise Failure(f'after undo the records are {got}')
        log('undone:', got)


def main():
    return jgtest.run_test('import: check, report groups, warnings as drafts, undo', parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
