#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: the form fills in what the app already knows (issue 9, item 11).
#
#   test-form-fill.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# In the real app, signed in as rc-admin (揭阳市市场监督管理局):
#   1. Ctrl+N: 实施机构 is the department's name, 实施机构编码 its code, and
#      行政区划代码 the department's region;
#   2. choosing two officers fills 执法证号 with their certificate numbers;
#      taking one away takes its number away;
#   3. numbers the user typed are theirs: choosing another officer leaves
#      them as typed.
# With --screenshots DIR (and --lang zh_CN.UTF-8): form-filled-<lang>.png.

import importlib.util
import json
import os
import sys
import time

import jgtest
from jgtest import log, wait_for, walk, find, Failure, screenshot

jg = jgtest.base
_spec = importlib.util.spec_from_file_location(
    'jgprofile', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-entity-profile.py'))
_profile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_profile)
# GTK 4.8 cannot scroll or act on rows through AT-SPI: the mouse does.
press = _profile.scroll_to_and_press


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def field(app, header, role='text'):
    return find(app, role, predicate=lambda a: a.name == header or a.name.startswith(header + ' '))


def text_of(acc):
    t = acc.queryText()
    return t.getText(0, t.characterCount)


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    with open(os.path.join(args.data_dir, 'demo', 'catalogue.json'), encoding='utf-8') as f:
        demo = json.load(f)
    department = next(d for d in demo['departments'] if d['code'] == jgtest.DEPARTMENT)
    officers = sorted((o for o in demo['officers']
                       if o.get('department') == jgtest.DEPARTMENT and o.get('cert_no')),
                      key=lambda o: o['id'])[:3]

    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data',
                                      os.path.join(tmp, 'server'), '--port', str(jgtest.free_port()))
    procs = [server]
    try:
        app, _ = jgtest.start_app(args, tmp, url, procs)
        jgtest.sign_in(app, t, 'rc-admin')

        # 1. What the department gives.
        jg.xdotool('key', 'alt+3')
        wait_for('the records list', lambda: jgtest.named(app, t('New Inspection'), 'push button'))
        jg.xdotool('key', 'ctrl+n')
        body = wait_for('the implementing body field', lambda: field(app, '实施机构'))
        wait_for('the department as implementing body', lambda: text_of(field(app, '实施机构')) == department['name'])
        if text_of(field(app, '实施机构编码')) != department['code']:
            raise Failure(f'实施机构编码 is {text_of(field(app, "实施机构编码"))!r}, not the department\'s code')
        region = field(app, '行政区划代码', 'combo box')
        shown = [a.name or '' for a in walk(region)] + [region.name or '']
        if not any(department['region'] in n for n in shown):
            raise Failure(f'行政区划代码 does not show the department\'s region {department["region"]}: {shown}')
        log('filled from the department:', department['name'], department['code'], department['region'])

        # 2. The officers' certificate numbers follow the officers chosen.
        def check(officer):
            return next((a for a in walk(app) if a.getRoleName() in ('check box', 'toggle button')
                         and (a.name or '').startswith(officer['name'])), None)
        expander = next(a for a in walk(app) if (a.name or '').startswith('检查人员')
                        and a.getRoleName() != 'label')
        press(expander)
        time.sleep(0.5)

        def certs():
            return text_of(field(app, '执法证号'))
        press(wait_for('the first officer', lambda: check(officers[0])))
        press(check(officers[1]))
        want = ';'.join(o['cert_no'] for o in officers[:2])
        try:
            wait_for(f'执法证号 “{want}”', lambda: set(certs().split(';')) == set(want.split(';')), timeout=10)
        except Failure:
            raise Failure(f'执法证号 is {certs()!r}, not the officers\' {want!r}')
        press(check(officers[0]))
        wait_for(f'执法证号 “{officers[1]["cert_no"]}”', lambda: certs() == officers[1]['cert_no'])
        press(check(officers[0]))
        wait_for(f'执法证号 “{want}” again', lambda: set(certs().split(';')) == set(want.split(';')))
        log('the certificate numbers follow the officers:', certs())
        screenshot(args, 'form-filled')

        # 3. What the user wrote stays.
        typed = 'YH-2026-001'
        field(app, '执法证号').queryEditableText().setTextContents(typed)
        time.sleep(0.5)
        press(check(officers[2]))
        time.sleep(1)
        if certs() != typed:
            raise Failure(f'choosing an officer replaced the typed numbers with {certs()!r}')
        log('typed numbers stay:', typed)
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('the form fills in what the app knows', parse_args(),
                           ('app', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
