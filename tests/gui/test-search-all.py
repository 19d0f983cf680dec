#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: one-key search (Ctrl+K) from the keyboard alone.
#
#   test-search-all.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data
#
# Before the app starts, jianguan-cli syncs the demo catalogue and chooses
# the department, and three records are written into the account database
# with sqlite3 (as test-entity-profile.py does; the app indexes them for
# search when it opens the file). The test
#   1. presses Ctrl+K and types the start of two parties' names: both
#      records come under the Records header, in name order (一号店, 二号店);
#   2. presses Down (the selection moves from the best match to the next)
#      and Return: the popover closes and the record editor shows the
#      second record's number;
#   3. presses Ctrl+K again, sees the last query kept, presses Escape: the
#      popover closes.
# With --screenshots DIR and --lang zh_CN.UTF-8 it saves search-zh_CN.png,
# the popover with its results (data/screenshots/search-zh_CN.png).

import importlib.util
import os
import sys
import time

import jgtest

jg = jgtest.base

log, wait_for, find, walk, Failure = jg.log, jg.wait_for, jg.find, jg.walk, jg.Failure

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('jgprofile', os.path.join(HERE, 'test-entity-profile.py'))
profile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(profile)

QUERY = '揭阳市美食坊'
FIRST = {'name': '揭阳市美食坊一号店', 'doc_type': '001', 'code': '91440300708461136T', 'nature': '02'}
SECOND = {'name': '揭阳市美食坊二号店', 'doc_type': '001', 'code': '91350100M000100Y43', 'nature': '02'}
ZH = {'Search everything': '搜索全部', 'Search Everything': '搜索全部',
      'Results by kind': '按类别列出的结果', 'Records': '监管记录'}


def showing(acc):
    """GTK 4.8 sets VISIBLE (not SHOWING) for widgets that are not hidden."""
    import pyatspi
    try:
        return acc.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def results(app, t):
    """The names of the result rows, in order, while the popover is open."""
    popover = find(app, 'filler', t('Search Everything'))
    if popover is None or not showing(popover):
        return None
    lst = find(popover, 'list', t('Results by kind'))
    if lst is None or not showing(lst):
        return None
    return [row.name for row in lst if row is not None and row.getRoleName() == 'list item']


def showing_text(app, text):
    """Whether a text field shown holds exactly @text."""
    for acc in walk(app):
        try:
            if acc.getRoleName() in ('text', 'entry') and showing(acc) and jgtest.text_of(acc) == text:
                return True
        except Exception:
            continue
    return False


def run(args, tmp):
    import pyatspi

    lang = args.lang.split('.')[0]
    t = (lambda s: ZH.get(s, s)) if lang.startswith('zh') else (lambda s: s)
    # The profile test's seeding, with our two parties and a third record.
    profile.PARTY, profile.OTHER = FIRST, SECOND
    profile.RECORDS = [
        ('inspection', FIRST, '日常监督检查', 'JC-2025-0201', 'check_time', '2025-03-10'),
        ('inspection', SECOND, '餐饮专项检查', 'JC-2025-0202', 'check_time', '2025-05-01'),
        ('penalty', SECOND, '超范围经营处罚', 'CF-2025-0009', 'decision_date', '2025-06-20'),
    ]
    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    with jgtest.closing(args, procs, failure_shot='search-failure'):
        profile.seed(args, tmp, url)
        app, _ = jgtest.start_app(args, tmp, url, procs)
        time.sleep(1.0)

        # 1. Ctrl+K, then type: the records stream in under their header.
        jg.xdotool('key', 'ctrl+k')
        entry = wait_for('the search entry', lambda: (lambda e: e if e is not None and showing(e) else None)(
            find(app, 'text', t('Search everything')) or find(app, 'entry', t('Search everything'))))
        # xdotool drops CJK characters: the text goes in through AT-SPI, as a
        # input method commits it.
        entry.queryEditableText().setTextContents(QUERY)
        rows = wait_for('the records found', lambda: (lambda r: r if r and FIRST['name'] in r
                                                      and SECOND['name'] in r else None)(results(app, t)))
        log('results:', rows)
        if rows.index(FIRST['name']) > rows.index(SECOND['name']):
            raise Failure(f'the names are not in order: {rows}')
        header = find(find(app, 'filler', t('Search Everything')), 'label', t('Records'))
        if header is None or not showing(header):
            raise Failure('no Records header above the records')
        if args.screenshots:
            jgtest.screenshot(args, 'search')

        # 2. Down moves past the best match; Return opens the next one.
        jg.xdotool('key', 'Down')
        time.sleep(0.3)
        jg.xdotool('key', 'Return')
        wait_for('the second record in the editor', lambda: showing_text(app, 'JC-2025-0202'), timeout=30)
        if showing_text(app, 'JC-2025-0201'):
            raise Failure('the first record is open, not the one Down moved to')
        if results(app, t) is not None:
            raise Failure('the popover stayed open after Return')
        log('Down and Return opened', 'JC-2025-0202')

        # 3. Ctrl+K again: the last query is there; Escape closes.
        jg.xdotool('key', 'ctrl+k')
        wait_for('the results again', lambda: results(app, t))
        jg.xdotool('key', 'Escape')
        wait_for('the popover closed', lambda: results(app, t) is None)
        log('Escape closed the search')
        return True


def main():
    return jgtest.run_test('one-key search', jgtest.arg_parser().parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
