#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: the record form shows long values whole and uses a wide window
# (issue 9, item 10).
#
#   test-form-layout.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# In the real app (a 1920 px wide screen), signed in as rc-admin, Ctrl+N:
#   1. 监管对象类型 set to “1 企业、个体工商户、农民专业合作社”: the row's
#      value label holds the whole text and is laid out whole (its extents
#      hold every character, not 20 and an ellipsis), and so is the entry
#      in the chooser's popover;
#   2. at 1920 px the form's groups sit side by side (the first group of
#      the second column on the same line as the first group);
#   3. on a narrow window they stack, and the value still shows whole.
# With --screenshots DIR (and --lang zh_CN.UTF-8): form-wide-<lang>.png and
# form-narrow-<lang>.png.

import os
import subprocess
import sys
import time

import jgtest
from jgtest import log, wait_for, walk, find, Failure, screenshot

jg = jgtest.base

WIDE = (1920, 1040)
NARROW = (720, 1040)
LONG_VALUE = '1 企业、个体工商户、农民专业合作社'


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def extents(acc):
    import pyatspi
    return acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)


def em_length(text):
    """The text's length in ems: a CJK character is one, the rest half."""
    return sum(1 if ord(c) > 0x2e80 else 0.5 for c in text)


def laid_out_whole(label, line):
    """Whether @label's extents can hold its whole text, in lines about
    @line px high: an ellipsized label is cut at about 20 characters, 11
    of the 18 ems of LONG_VALUE. A line of CJK text is about 1.6 em high
    (Noto Sans CJK, the fonts of the test machines)."""
    e = extents(label)
    lines = max(1, round(e.height / line))
    own_line = e.height / lines
    room = e.width * lines / own_line * 1.6
    return room >= 0.85 * em_length(label.name)


def combo(app, header):
    return find(app, 'combo box', predicate=lambda a: a.name == header or a.name.startswith(header + ' '))


def value_label(app, header):
    c = combo(app, header)
    return c and next((a for a in walk(c) if a.getRoleName() == 'label' and a.name == LONG_VALUE), None)


def title_label(app, header):
    c = combo(app, header)
    return c and next((a for a in walk(c) if a.getRoleName() == 'label' and a.name != LONG_VALUE), None)


def group_titles(app, t):
    """Extents of the form's group titles by name (Item, Party, …)."""
    editor = find(app, 'filler', 'JgRecordEditor')
    names = {t(n): n for n in ('Item', 'Party', 'Reporting', 'Inspection', 'Officers')}
    return {names[a.name]: extents(a) for a in walk(editor)
            if a.getRoleName() == 'label' and a.name in names}


def shot(args, name, size):
    """A screenshot of the window (at the screen's top left), not the screen."""
    screenshot(args, name)
    if args.screenshots:
        lang = args.lang.split('.')[0] if args.lang != 'C.UTF-8' else 'C'
        path = os.path.join(args.screenshots, f'{name}-{lang}.png')
        subprocess.run(['mogrify', '-crop', f'{size[0]}x{size[1]}+0+0', '+repage', path], check=True)


def resize(window, size):
    jg.xdotool('windowsize', '--sync', window, str(size[0]), str(size[1]))
    time.sleep(1.5)


def run(args, tmp):
    t = jgtest.translator(args.lang)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data',
                                      os.path.join(tmp, 'server'), '--port', str(jgtest.free_port()))
    procs = [server]
    with jgtest.closing(args, procs, 'form-layout-failure'):
        app, window = jgtest.start_app(args, tmp, url, procs)
        jg.xdotool('windowmove', window, '0', '0')
        resize(window, WIDE)
        jgtest.sign_in(app, t, 'rc-admin')
        jg.xdotool('key', 'alt+3')
        wait_for('the records list', lambda: jgtest.named(app, t('New Inspection'), 'push button'))
        jg.xdotool('key', 'ctrl+n')
        wait_for('the object type row', lambda: combo(app, '监管对象类型'))
        time.sleep(1)

        # 1. The long value, chosen in the popover: whole there and in the row.
        jgtest.press_at(combo(app, '监管对象类型'))
        entry = wait_for('the long value in the popover',
                         lambda: next((a for a in walk(app) if a.getRoleName() == 'label' and a.name == LONG_VALUE
                                       and extents(a).width > 0), None))
        line = extents(title_label(app, '监管对象类型')).height
        if not laid_out_whole(entry, line):
            raise Failure(f'the popover cuts the value off: {extents(entry).width}×{extents(entry).height} px')
        jg.xdotool('key', 'Home', 'Down', 'Return')
        label = wait_for('the value in the row', lambda: value_label(app, '监管对象类型'))
        if not laid_out_whole(label, line):
            raise Failure(f'the row cuts the value off: {extents(label).width}×{extents(label).height} px '
                          f'for {em_length(LONG_VALUE)} ems in lines of {line} px')
        log('the long value shows whole in the popover and the row')

        # 2. Wide: two columns.
        g = group_titles(app, t)
        if abs(g['Reporting'].y - g['Item'].y) > 4 or g['Reporting'].x <= g['Item'].x + 400:
            raise Failure(f'at {WIDE[0]} px the groups do not sit side by side: {g}')
        log(f'at {WIDE[0]} px: Item at x={g["Item"].x}, Reporting beside it at x={g["Reporting"].x}')
        shot(args, 'form-wide', WIDE)

        # 3. Narrow: one column, the value still whole.
        resize(window, NARROW)
        g = group_titles(app, t)
        if not (g['Item'].y < g['Party'].y < g['Reporting'].y < g['Inspection'].y) or \
                abs(g['Reporting'].x - g['Item'].x) > 4:
            raise Failure(f'at {NARROW[0]} px the groups do not stack: {g}')
        label = value_label(app, '监管对象类型')
        if not laid_out_whole(label, line):
            raise Failure(f'on a narrow window the row cuts the value off: {extents(label).width} px')
        log(f'at {NARROW[0]} px the groups stack and the value shows whole')
        shot(args, 'form-narrow', NARROW)


def main():
    # Before run_test() starts Xvfb: a screen as wide as the test's window.
    os.environ.setdefault('JG_XVFB_SCREEN', '1920x1080x24')
    return jgtest.run_test('the form shows long values whole and uses a wide window', parse_args(),
                           ('app', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
