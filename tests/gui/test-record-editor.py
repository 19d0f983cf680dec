#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: log an inspection record in the real app through the
# accessibility tree, as a keyboard or screen-reader user would.
#
#   test-record-editor.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# Like test-catalogue-search.py (whose helpers it imports) it runs itself
# again inside its own Xvfb and D-Bus session, starts a demo server and the
# app with --server, then:
#   1. opens the Records section (Alt+3) and chooses the department;
#   2. starts an inspection with Ctrl+N and fills fields through
#      EditableText;
#   3. types a wrong catalogue code, leaves the field and waits for the
#      error described on that field; fixes it and waits for the error to go;
#   4. kills the app with SIGKILL, starts it again and finds the draft
#      reopened with what was typed (autosave);
#   5. goes back to the list and finds the record there.
# With --screenshots DIR it also saves the form with an error and the list
# (under zh_CN set LANG yourself) with `import -window root`.

import os
import signal
import subprocess
import sys
import time

import jgtest

jg = jgtest.base

log, wait_for, find, walk, Failure = jg.log, jg.wait_for, jg.find, jg.walk, jg.Failure

PARTY_NAME = '揭阳市榕城区测试食品有限公司'
BAD_CODE = '91350100M000100Y44'
GOOD_CODE = '91350100M000100Y43'
INSPECTION_NAME = '食品经营日常检查'


def pick_inspection_item(data_dir):
    import json
    with open(os.path.join(data_dir, 'demo', 'catalogue.json'), encoding='utf-8') as f:
        items = json.load(f)['subitems']
    for item in items:
        if (item.get('action_type') == '0' and item.get('status') == '01'
                and not item.get('cancel_date') and item['code'].isdigit()):
            return item
    raise Failure('no inspection item in the demo catalogue')


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def field(app, header):
    """The text input whose accessible name starts with a national header."""
    def pred(acc):
        return acc.name == header or acc.name.startswith(header + ' ')
    return find(app, 'text', predicate=pred) or find(app, 'entry', predicate=pred)


def set_text(acc, text):
    try:
        acc.queryEditableText().setTextContents(text)
        return
    except Exception:
        pass
    acc.queryComponent().grabFocus()
    jg.xdotool('key', 'ctrl+a', 'BackSpace')
    jg.xdotool('type', '--delay', '30', text)


ZH = {'Use This Department': '使用此部门', 'New Inspection': '新建行政检查',
      'Save Draft': '保存草稿', 'Back to records': '返回记录列表',
      'Choose Your Department': '选择本部门', 'required': '必填', 'Department': '部门'}
UI_LANG = ['C']


def tr(text):
    return ZH.get(text, text) if UI_LANG[0].startswith('zh') else text


def button(app, label):
    """A push button; GTK 4.8 names it by its label and its accessible label."""
    label = tr(label)
    return find(app, 'push button', predicate=lambda a: a.name == label or
                a.name.startswith(label + ' '))


def text_of(acc):
    t = acc.queryText()
    return t.getText(0, t.characterCount)


def start_app(args, tmp, url):
    env = jg.app_env(args, tmp)
    if args.lang != 'C.UTF-8':
        env.update(LANG=args.lang, LC_ALL=args.lang, LANGUAGE=args.lang.split('.')[0])
    return subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL)


def run(args, tmp):
    import pyatspi

    server, url = jg.start_server(args.server_bin, args.data_dir)
    procs = [server]
    app = None
    lang = args.lang.split('.')[0]
    UI_LANG[0] = lang
    with jgtest.closing(args, procs):
        app_proc = start_app(args, tmp, url)
        procs.append(app_proc)
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        wait_for('the synced catalogue', lambda: find(app, 'list item'), timeout=60)

        # 1. The Records section asks for the department first.
        jg.xdotool('key', 'alt+3')
        wait_for('the department choice',
                 lambda: find(app, 'panel', tr('Choose Your Department')))
        jgtest.choose_department(app, tr)
        wait_for('the empty records list', lambda: button(app, 'New Inspection'))
        log('department chosen; the list is empty')

        # 2. Ctrl+N: a new inspection.
        jg.xdotool('key', 'ctrl+n')
        code_field = wait_for('the party code field', lambda: field(app, '行政相对人编码'))
        set_text(wait_for('the party name field', lambda: field(app, '行政相对人')), PARTY_NAME)
        set_text(field(app, '检查行为名称'), INSPECTION_NAME)
        set_text(field(app, '检查时间'), time.strftime('%Y-%m-%d'))

        # 3. A wrong catalogue item code is an error under its field; the
        #    code of an inspection item clears it (and names the item).
        item = pick_inspection_item(args.data_dir)
        catalogue = wait_for('the catalogue code field', lambda: field(app, '监管事项目录编码'))
        set_text(catalogue, '4452000100')
        # A field's problems show once the user leaves it: into the field
        # with the mouse, out with Tab (past the search button in its row).
        jgtest.press_at(catalogue)
        jg.xdotool('key', 'Tab', 'Tab')
        wait_for('the error on the catalogue code',
                 lambda: tr('required') not in field(app, '监管事项目录编码').description and
                 field(app, '监管事项目录编码').description)
        error_text = field(app, '监管事项目录编码').description
        log(f'error shown: {error_text!r}')
        if not any(error_text in (acc.name or '') for acc in walk(app)
                   if acc.getRoleName() == 'label'):
            raise Failure('the error is not shown as a label')
        set_text(code_field, BAD_CODE)
        jgtest.screenshot(args, 'record-editor')

        set_text(field(app, '监管事项目录编码'), item['code'])
        wait_for('the error to go', lambda: not field(app, '监管事项目录编码').description)
        wait_for('the item name under the code',
                 lambda: any(acc.name == item['name'] for acc in walk(app)
                             if acc.getRoleName() == 'label'))
        log('the item code has no error and shows the item name')
        set_text(code_field, GOOD_CODE)
        time.sleep(1.5)   # past the autosave delay

        # 4. Killed, started again: the draft is back as it was.
        app_proc.send_signal(signal.SIGKILL)
        app_proc.wait()
        wait_for('the app to leave the bus', lambda: jg.find_app(pyatspi) is None, timeout=10)
        app_proc = start_app(args, tmp, url)
        procs.append(app_proc)
        app = wait_for('the app again', lambda: jg.find_app(pyatspi))
        jg.xdotool('key', 'alt+3')
        wait_for('the reopened draft',
                 lambda: text_of(field(app, '行政相对人编码')) == GOOD_CODE)
        if text_of(field(app, '行政相对人')) != PARTY_NAME:
            raise Failure('the party name was not saved')
        log('the draft was reopened after SIGKILL')

        # 5. Save and find it in the list.
        jgtest.click(button(app, 'Save Draft'))
        jgtest.click(button(app, 'Back to records'))
        wait_for('the record in the list',
                 lambda: find(app, 'list item', predicate=lambda a: any(
                     PARTY_NAME in (c.name or '') for c in a)) or
                 any(PARTY_NAME in (a.name or '') and INSPECTION_NAME in (a.name or '')
                     for a in walk(app)))
        log('the record is in the list')
        jgtest.screenshot(args, 'records')
        return True


def main():
    return jgtest.run_test('record editor', parse_args(),
                           ('app', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
