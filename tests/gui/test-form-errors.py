#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: a new record's form is quiet until the user leaves a field or
# tries to mark the record ready (issue 9, item 9).
#
#   test-form-errors.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# In the real app, through the accessibility tree:
#   1. Ctrl+N opens a new inspection: no field says it has a problem, and
#      the form shows no count of problems; required fields still say so
#      (the " *" in the title);
#   2. Tab into the form's first field (the catalogue code), through its
#      row and out of it, nothing typed: that field, and only that one,
#      says it is required;
#   3. "Mark Ready": the record stays a draft, every required empty field
#      says what is wrong, the form counts the problems, and the focus goes to
#      the first field with a problem.
# With --screenshots DIR (and --lang zh_CN.UTF-8): form-left-field-<lang>.png
# after 2 and form-mark-ready-<lang>.png after 3.

import gettext
import os
import sys
import time

import jgtest
from jgtest import log, wait_for, walk, find, Failure, click, screenshot

jg = jgtest.base


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def field(app, header):
    """The input whose accessible name starts with a national header."""
    def pred(acc):
        return acc.name == header or acc.name.startswith(header + ' ')
    return find(app, 'text', predicate=pred) or find(app, 'entry', predicate=pred)


# The national headers of an inspection's fields (src/core/rules/jg-record-schema.c),
# with which the form's inputs are named.
HEADERS = {'监管事项目录编码', '实施机构', '实施机构编码', '受委托部门', '受委托部门编码', '监管对象类型',
           '监管对象', '行政相对人', '行政相对人性质', '行政相对人证件类型', '行政相对人编码', '注册地址',
           '经营地址', '行政区划代码', '报送时间', '报送人员', '双随机计划ID', '监管事项检查实施清单编码',
           '检查行为名称', '检查行为编号', '检查形式', '检查类别', '检查方式', '检查结果', '检查时间',
           '检查人员', '执法证号'}


def fields_with_problems(app):
    """Headers of the form's fields whose input describes a problem (what a
    screen reader reads with the field; the same text is under the row)."""
    import pyatspi
    return sorted({acc.name.split(' ')[0] for acc in walk(app)
                   if acc.name and acc.name.split(' ')[0] in HEADERS and acc.getRoleName() != 'label'
                   and (acc.description or acc.getState().contains(pyatspi.STATE_INVALID_ENTRY))})


def ngettext(lang, singular, plural, n):
    """The app's plural message in @lang (the English one under C)."""
    if lang != 'C.UTF-8' and os.environ.get('JIANGUAN_LOCALEDIR'):
        return gettext.translation('jianguan', os.environ['JIANGUAN_LOCALEDIR'],
                                   languages=[lang.split('.')[0]], fallback=True).ngettext(singular, plural, n)
    return singular if n == 1 else plural


def open_new_inspection(app, t):
    jg.xdotool('key', 'alt+3')
    jgtest.choose_department(app, t)
    wait_for('the records list', lambda: jgtest.named(app, t('New Inspection'), 'push button'))
    jg.xdotool('key', 'ctrl+n')
    return wait_for('the party name field', lambda: field(app, '行政相对人'))


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--port',
                                      str(jgtest.free_port()))
    procs = [server]
    try:
        app, _ = jgtest.start_app(args, tmp, url, procs)
        wait_for('the synced catalogue', lambda: find(app, 'list item'), timeout=60)

        # 1. A new form: quiet, but the required fields say they are.
        party = open_new_inspection(app, t)
        time.sleep(1)   # past the validation delay
        shown = fields_with_problems(app)
        if shown:
            raise Failure(f'the new form already shows problems on {len(shown)} fields: {shown}')
        count_prefix = ngettext(args.lang, '%u problem must be fixed before the record can be marked ready.',
                                '%u problems must be fixed before the record can be marked ready.',
                                2).split('%u')[1]
        if any(count_prefix in (a.name or '') for a in walk(app) if a.getRoleName() == 'label'):
            raise Failure('the new form already counts problems')
        # The title's " *" (the accessible name ends with the row's title).
        if not party.name.endswith(t('%s *') % t('Party name')):
            raise Failure(f'the party name is not marked required: {party.name!r}')
        log('a new form shows no problem; required fields are marked')

        # 2. Tab into the form's first field, the catalogue code, to the
        #    search button at the end of its row, then out of the row.
        #    (GTK 4.8 does not report the focus of an entry row's text; its
        #    button's it does.)
        first = '监管事项目录编码'
        in_row = t('Search the catalogue') + ': ' + first
        for _ in range(6):
            jg.xdotool('key', 'Tab')
            time.sleep(0.3)
            if any(a.name == in_row for a in walk(app) if a.getState().contains(pyatspi.STATE_FOCUSED)):
                break
        else:
            raise Failure('Tab does not reach the catalogue code\'s search button')
        if fields_with_problems(app):
            raise Failure('a field shows a problem while the user is in it')
        jg.xdotool('key', 'Tab')
        label = t('Catalogue item code')
        required = t('“%s” is required. Fill it in.') % label
        wait_for(f'{first} to say it is required',
                 lambda: required in (field(app, first).description or ''))
        shown = fields_with_problems(app)
        if shown != [first]:
            raise Failure(f'leaving one field shows problems on {shown}')
        if not any(a.name == required for a in walk(app) if a.getRoleName() == 'label'):
            raise Failure('the problem is not written under the field')
        log(f'left empty, {first} says:', required)
        screenshot(args, 'form-left-field')

        # 3. Mark Ready shows them all, and the record stays a draft.
        click(find(app, 'push button', predicate=lambda a: a.name.startswith(t('Mark Ready'))))
        wait_for('the count of problems',
                 lambda: any(count_prefix in (a.name or '') for a in walk(app) if a.getRoleName() == 'label'))
        shown = fields_with_problems(app)
        if len(shown) < 5:
            raise Failure(f'"Mark Ready" shows problems on only {shown}')
        if not find(app, 'label', t('Draft')):
            raise Failure('the record did not stay a draft')
        # The focus is in the first field with a problem, the catalogue code:
        # the next Tab reaches the search button at the end of its row.
        time.sleep(0.5)
        jg.xdotool('key', 'Tab')
        wait_for('the focus to have been in the catalogue code',
                 lambda: any(a.name == in_row for a in walk(app) if a.getState().contains(pyatspi.STATE_FOCUSED)),
                 timeout=5)
        log(f'"Mark Ready" shows {len(shown)} fields with problems; the focus went to {first}')
        screenshot(args, 'form-mark-ready')
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('the form shows a field\'s problems once it is left or on Mark Ready', parse_args(),
                           ('app', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
