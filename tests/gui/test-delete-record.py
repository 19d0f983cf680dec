#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: drafts nobody wrote in are not kept; any record can be deleted
# from the Records page, and the deletion undone from its toast.
#
#   test-delete-record.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# In the real app, through the accessibility tree:
#   1. Records (Alt+3), choose the department: the list is empty;
#   2. Ctrl+N opens a new numbered inspection; back to the list without
#      typing anything: the list is still empty (no "(untitled)" row);
#   3. Ctrl+N again, type a name, back: the record is listed;
#   4. its row's Delete button: the row goes, a toast says "Deleted …";
#   5. the toast's Undo: the record is back, and its history says the
#      undo was made by "not signed in" on this workstation;
#   6. the Delete key on the selected row deletes it too.
# With --screenshots DIR (and --lang zh_CN.UTF-8) saves records-deleted-<lang>.png,
# the list with the toast and its Undo button, and
# record-history-<lang>.png, the record's history.

import os
import re
import subprocess
import sys
import time

import jgtest
from jgtest import log, wait_for, walk, find, Failure, click, screenshot

jg = jgtest.base

NAME = '删除测试日常检查'


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def button(app, label):
    return find(app, 'push button', predicate=lambda a: a.name == label or
                a.name.startswith(label + ' '))


def field(app, header):
    def pred(acc):
        return acc.name == header or acc.name.startswith(header + ' ')
    return find(app, 'text', predicate=pred) or find(app, 'entry', predicate=pred)


def toast_part(app, pred):
    """The first accessible of the toast for which pred holds: breadth
    first, skipping the pages' lists (a walk of the whole tree can take
    longer than the toast stays)."""
    queue = [app]
    while queue:
        acc = queue.pop(0)
        try:
            if pred(acc):
                return acc
            if acc.getRoleName() in ('list', 'list box', 'table', 'tree table'):
                continue
            queue.extend(list(acc))
        except Exception:
            continue
    return None


def names(app):
    out = []
    for acc in walk(app):
        try:
            if acc.name:
                out.append(acc.name)
        except Exception:
            continue
    return out


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    untitled = t('%s (untitled)') % ''
    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    try:
        env = jg.app_env(args, tmp, **jgtest.lang_env(args.lang))
        procs.append(subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        wait_for('the synced catalogue', lambda: find(app, 'list item'), timeout=60)

        # 1. The department, then the empty list.
        jg.xdotool('key', 'alt+3')
        jgtest.choose_department(app, t)
        wait_for('the empty records list', lambda: button(app, t('New Inspection')))

        def back():
            click(wait_for('the Back button', lambda: button(app, t('Back to records'))))
            wait_for('the records list', lambda: find(app, 'list', t('Records')) or
                     button(app, t('New Inspection')))
            time.sleep(1)

        # 2. A new draft left untouched is not kept.
        jg.xdotool('key', 'ctrl+n')
        wait_for('the new inspection', lambda: field(app, '检查行为名称'))
        back()
        left = [n for n in names(app) if untitled.strip() and untitled.strip() in n]
        if left:
            raise Failure(f'the untouched draft was kept: {left[0]!r}')
        log('the untouched draft is gone')

        # 3. One with a name is kept.
        jg.xdotool('key', 'ctrl+n')
        name_field = wait_for('the name field', lambda: field(app, '检查行为名称'))
        name_field.queryEditableText().setTextContents(NAME)
        time.sleep(1.5)   # past the autosave delay
        back()
        delete_label = t('Delete “%s”') % NAME
        delete = wait_for('the record\'s Delete button', lambda: button(app, delete_label), timeout=20)
        log('the record is listed')

        # 4. Delete: the row goes, the toast says so.
        click(delete)
        wait_for('the row to go', lambda: button(app, delete_label) is None, timeout=20)
        toast = t('Deleted “%s”') % NAME
        undo_label = re.sub(r'\(_.\)|_', '', t('_Undo'))
        wait_for(f'the toast “{toast}”', lambda: toast_part(app, lambda a: a.name == toast), timeout=20)
        # GTK 4.8 names the toast's button by its mnemonic label too ("_Undo Undo").
        undo = wait_for('the Undo button', lambda: toast_part(app, lambda a: a.getRoleName() == 'push button' and (
            undo_label in a.name)), timeout=20)
        screenshot(args, 'records-deleted')

        # 5. Undo: the record is back.
        click(undo)
        wait_for('the record back in the list', lambda: button(app, delete_label), timeout=20)
        log('undo brought the record back')

        # The record's history names who did it: nobody is signed in.
        row = wait_for('the record\'s row', lambda: find(app, 'list item', predicate=lambda a: any(
            (c.name or '').startswith(NAME) for c in walk(a))), timeout=20)
        jgtest.press_at(row)
        time.sleep(0.5)
        jg.xdotool('key', 'Return')
        import socket
        actor = t('%s (workstation %s)') % (t('not signed in'), socket.gethostname())
        expected = t('Restored by %s') % actor
        restored = wait_for(f'“{expected}” in the history', lambda: next(
            (a for a in walk(app) if (a.name or '').startswith(expected)), None), timeout=20)
        log('history:', restored.name)
        if args.screenshots:
            jg.xdotool('mousemove', '700', '400')
            for _ in range(40):
                jg.xdotool('click', '5')
            screenshot(args, 'record-history')
        back()

        # 6. The Delete key on the selected row.
        wait_for('the Undo toast to go', lambda: toast_part(app, lambda a: a.name == toast) is None, timeout=30)
        row = wait_for('the record\'s row', lambda: find(app, 'list item', predicate=lambda a: any(
            (c.name or '').startswith(NAME) for c in walk(a))), timeout=20)
        # A click selects the row (and focuses it); Delete acts on it.
        jgtest.press_at(row)
        time.sleep(0.5)
        jg.xdotool('key', 'Delete')
        wait_for('the row to go after the Delete key', lambda: button(app, delete_label) is None,
                 timeout=20)
        log('the Delete key deleted the record')
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('drafts without input are not kept; records are deleted with undo',
                           parse_args(), ('app', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
