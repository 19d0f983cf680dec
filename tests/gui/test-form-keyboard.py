#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: the whole inspection form works from the keyboard (issue 9,
# item 12).
#
#   test-form-keyboard.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --schemas-dir build/data --data-dir data
#
# In the real app, signed in as rc-admin, with keys only (xdotool):
#   1. the sidebar: Tab and the arrows move through the sections without
#      switching the page; Enter switches;
#   2. Ctrl+N opens a new inspection; Tab walks the form in the order it
#      is shown (each stop is checked: an entry by typing into it, a
#      chooser by its focus), through 实施机构, 实施机构编码, 受委托部门 and
#      受委托部门编码, which Tab used to skip; the item picker (search, Down,
#      Enter), the implementation-list picker (Enter on its first entry) and
#      the code tables (Enter, Home, Down, Enter) fill every required field;
#      Space chooses the officers; Alt+M marks the record ready, and it is
#      in the list and in the database as ready;
#   3. Escape and Alt+Left leave the editor, after saving what was typed;
#   4. Ctrl+F on Records searches the records, not the catalogue.
# With --screenshots DIR (and --lang zh_CN.UTF-8): form-keyboard-<lang>.png.

import json
import os
import sqlite3
import subprocess
import sys
import time

import jgtest
from jgtest import log, wait_for, walk, find, Failure, screenshot, text_of
from jgtest import form_field as field

jg = jgtest.base

PARTY_CODE = '91440300708461136T'


def parse_args():
    p = jgtest.arg_parser()
    return p.parse_args()


def focused(app):
    import pyatspi
    return next((a for a in walk(app) if a.getState().contains(pyatspi.STATE_FOCUSED)), None)


def key(*keys):
    jg.xdotool('key', '--delay', '60', *keys)
    time.sleep(0.2)


def tab_to(app, what, pred, most=8):
    """Tab until the focus is on what @pred accepts (a widget whose focus
    AT-SPI reports: buttons, choosers, rows)."""
    for _ in range(most):
        key('Tab')
        f = focused(app)
        if f is not None and pred(f):
            return f
    import pyatspi
    where = [f'{a.getRoleName()} {a.name!r}' for a in walk(app) if a.getState().contains(pyatspi.STATE_FOCUSED)]
    raise Failure(f'Tab does not reach {what}; the focus is on {where}')


def probe(app, header):
    """The focus is in @header's entry: type at its end and take it back
    (GTK 4.8 does not report the focus of an entry row's text: what it
    holds says where the keys went)."""
    before = text_of(field(app, header))
    key('End')
    jg.xdotool('type', '--delay', '40', 'Z')
    try:
        wait_for(f'a key typed in {header}', lambda: text_of(field(app, header)) == before + 'Z', timeout=5)
    except Failure:
        raise Failure(f'Tab did not reach {header}: typing there left it {text_of(field(app, header))!r}')
    key('BackSpace')
    wait_for(f'{header} as it was', lambda: text_of(field(app, header)) == before, timeout=5)


def type_in(app, header, text):
    jg.xdotool('type', '--delay', '40', text)
    try:
        wait_for(f'{header} typed', lambda: text_of(field(app, header)) == text, timeout=5)
    except Failure:
        raise Failure(f'Tab did not reach {header}: it holds {text_of(field(app, header))!r}')


def combo(app, header):
    return find(app, 'combo box', predicate=lambda a: a.name == header or a.name.startswith(header + ' '))


def combo_shows(app, header, text):
    c = combo(app, header)
    return c is not None and any((a.name or '') == text for a in walk(c))


def focused_item(app):
    """The text of the list item with the focus, or None when the focus is
    not on a list item."""
    now = focused(app)
    if now is None or now.getRoleName() != 'list item':
        return None
    return next((a.name for a in walk(now) if a.name), '')


def choose(app, header, index, shown):
    """Tab to the code table @header, open it with Enter, go to its @index-th
    entry (0: "Not set") with Home and Down, choose it with Enter."""
    tab_to(app, header, lambda a: a.getRoleName() == 'combo box' and a.name.startswith(header))
    key('Return')
    # The list in the popover has the focus once it is open (a fixed pause
    # was too short under the sanitizers: Home and Down went elsewhere).
    wait_for(f'the list of {header} open', lambda: focused_item(app) is not None, timeout=5)
    key('Home')
    for _ in range(index):
        key('Down')
    wait_for(f'{shown} under the focus in {header}', lambda: focused_item(app) == shown, timeout=5)
    key('Return')
    try:
        wait_for(f'{header} showing {shown}', lambda: combo_shows(app, header, shown), timeout=5)
    except Failure:
        raise Failure(f'{header} does not show {shown!r} after choosing it with the keyboard: '
                      f'{[a.name for a in walk(combo(app, header))]}')


def code_label(tables, table, code):
    name = next(c['name'] for c in tables if c['table'] == table and c['code'] == code)
    return f'{code} {name}'


def code_index(tables, table, code):
    """Position in the chooser: "Not set", then the table in its order."""
    rows = sorted((c for c in tables if c['table'] == table), key=lambda c: (c.get('sort', 0), c['code']))
    return 1 + [c['code'] for c in rows].index(code)


def database(tmp):
    # rc-admin's (a signed-out store may be there too)
    dbs = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(tmp, 'data'))
           for f in fs if f == 'jianguan.db' and 'rc-admin@' in d]
    if len(dbs) != 1:
        raise Failure(f'expected one database of rc-admin, found {dbs}')
    return dbs[0]


def records(tmp):
    db = sqlite3.connect(f'file:{database(tmp)}?mode=ro', uri=True)
    try:
        return db.execute('SELECT uuid, state, name, catalogue_code FROM record').fetchall()
    finally:
        db.close()


def titles(app):
    """The titles the window's headers show (the page in view's among them)."""
    return {a.name for w in walk(app) if w.getRoleName() == 'filler' and w.name == 'AdwWindowTitle'
            for a in walk(w) if a.getRoleName() == 'label'}


def page_title(app, t, title):
    return t(title) in titles(app)


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    with open(os.path.join(args.data_dir, 'demo', 'catalogue.json'), encoding='utf-8') as f:
        demo = json.load(f)
    with open(os.path.join(args.data_dir, 'demo', 'code-tables.json'), encoding='utf-8') as f:
        tables = json.load(f)['codes']
    row = jgtest.inspection_rows(args.data_dir, ['x'])[0]
    officers = {o['name'] for o in demo['officers'] if o['id'] in row['检查人员'].split(';')}

    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data',
                                      os.path.join(tmp, 'server'), '--port', str(jgtest.free_port()))
    procs = [server]
    with jgtest.closing(args, procs):
        env = jg.app_env(args, tmp, **jgtest.lang_env(args.lang))
        procs.append(subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        # The whole app; in the form, only the editor is walked (the
        # catalogue's thousands of rows are slow to walk on a busy machine).
        whole = app
        jgtest.open_window(app)
        jgtest.sign_in(app, t, 'rc-admin')

        # 1. The sidebar: Tab and the arrows move through the sections;
        #    only Enter switches the page.
        key('alt+1')
        pages = (t('Supervision Item Catalogue'), t('Supervision Records'), t('Sync'))

        def switched():
            return [p for p in pages if page_title(app, lambda m: m, p)]
        # Only the sidebar is walked for the focus (the whole app is slow).
        sidebar = find(app, 'list', t('Sections')) or app
        first = tab_to(sidebar, 'the sidebar', lambda a: a.getRoleName() == 'list item', most=30)
        key('Tab')
        key('Down')
        now = focused(sidebar)
        if now is None or now.getRoleName() != 'list item' or now.name == first.name:
            raise Failure(f'Tab and Down do not move through the sidebar: {now.name if now else None!r}')
        time.sleep(0.5)
        if switched():
            raise Failure(f'moving through the sidebar (to {now.name}) switched the page to {switched()}')
        key('Return')
        wait_for(f'Enter on {now.name} to switch the page', switched)
        log(f'the sidebar: Tab and Down reach {now.name} without switching; Enter shows {switched()}')

        # 2. A new inspection, from the keyboard only.
        key('alt+3')
        wait_for('the records list', lambda: jgtest.named(app, t('New Inspection'), 'push button'))
        key('ctrl+n')
        app = wait_for('the editor', lambda: find(whole, 'filler', 'JgRecordEditor'))
        wait_for('the catalogue code field', lambda: field(app, '监管事项目录编码'))
        time.sleep(1)
        search_button = t('Search the catalogue') + ': 监管事项目录编码'
        tab_to(app, 'the catalogue search button', lambda a: a.name == search_button)
        key('Return')
        search = wait_for('the catalogue search in its popover',
                          lambda: find(app, 'text', t('Search catalogue items')) or
                          find(app, 'entry', t('Search catalogue items')))
        jg.xdotool('type', '--delay', '40', row['监管事项目录编码'])
        wait_for('the item among the results',
                 lambda: any(row['监管事项目录编码'] == (a.name or '') or row['监管事项目录编码'] in (a.description or '')
                             for a in walk(app) if a.getRoleName() in ('list item', 'label')))
        key('Down')
        key('Return')
        wait_for('the item chosen', lambda: text_of(field(app, '监管事项目录编码')) == row['监管事项目录编码'])
        if search.getState().contains(pyatspi.STATE_SHOWING):
            raise Failure('the item picker stays open after Enter')
        log('the item picker: search, Down, Enter')

        # The message under the catalogue code (the item's name) no longer
        # stops Tab: the next four fields are reached in turn.
        tab_to(app, 'the catalogue search button', lambda a: a.name == search_button, most=1)
        for header in ('实施机构', '实施机构编码', '受委托部门', '受委托部门编码'):
            key('Tab')
            probe(app, header)
        log('Tab reaches 实施机构, 实施机构编码, 受委托部门 and 受委托部门编码')

        choose(app, '监管对象类型', code_index(tables, 'object_type', '1'), code_label(tables, 'object_type', '1'))
        key('Tab')
        type_in(app, '监管对象', 'Shop 1')
        key('Tab')
        type_in(app, '行政相对人', 'Test Trading Co')
        choose(app, '行政相对人性质', code_index(tables, 'party_nature', row['行政相对人性质']),
               code_label(tables, 'party_nature', row['行政相对人性质']))
        choose(app, '行政相对人证件类型', code_index(tables, 'doc_type', row['行政相对人证件类型']),
               code_label(tables, 'doc_type', row['行政相对人证件类型']))
        key('Tab')
        type_in(app, '行政相对人编码', PARTY_CODE)
        # The row that opens the party's records, once it has a code.
        key('Tab')
        f = focused(app)
        if f is not None and f.name.startswith(t('All Records of This Party')):
            key('Tab')
        probe(app, '注册地址')
        key('Tab')
        probe(app, '经营地址')
        tab_to(app, '行政区划代码', lambda a: a.getRoleName() == 'combo box' and a.name.startswith('行政区划代码'),
               most=1)
        key('Tab')
        probe(app, '报送时间')
        key('Tab', 'Tab')
        probe(app, '报送人员')
        key('Tab')
        probe(app, '双随机计划ID')

        # The implementation-list picker: its button, Enter, Enter.
        key('Tab')
        probe(app, '监管事项检查实施清单编码')
        tab_to(app, 'the implementation-list button',
               lambda a: a.getRoleName() in ('push button', 'toggle button') and a.name.endswith('监管事项检查实施清单编码'),
               most=1)
        key('Return')
        time.sleep(0.5)
        key('Return')
        wait_for('an implementation entry chosen', lambda: text_of(field(app, '监管事项检查实施清单编码')) != '')
        log('the implementation-list picker: Enter, Enter →', text_of(field(app, '监管事项检查实施清单编码')))

        # Enter left the focus in the field: its button, then the name.
        key('Tab', 'Tab')
        type_in(app, '检查行为名称', 'Routine check')
        key('Tab')
        probe(app, '检查行为编号')
        for header, table in (('检查形式', 'check_form'), ('检查类别', 'check_category')):
            choose(app, header, code_index(tables, table, row[header]), code_label(tables, table, row[header]))
        tab_to(app, '检查方式', lambda a: a.getRoleName() == 'combo box' and a.name.startswith('检查方式'), most=1)
        choose(app, '检查结果', code_index(tables, 'check_result', row['检查结果']),
               code_label(tables, 'check_result', row['检查结果']))
        key('Tab')
        type_in(app, '检查时间', row['检查时间'])

        # The officers: the expander, Enter, Tab to each, Space.
        tab_to(app, '检查人员', lambda a: a.getRoleName() != 'label' and
               (a.name.startswith('检查人员') or a.name.startswith(t('Inspectors'))), most=2)
        key('Return')
        chosen = set()
        for _ in range(60):
            if chosen == officers:
                break
            key('Tab')
            f = focused(app)
            if f is not None and f.name in officers and f.name not in chosen:
                key('space')
                chosen.add(f.name)
        if chosen != officers:
            raise Failure(f'Tab did not reach the officers {officers - chosen}')
        wait_for('执法证号 filled', lambda: text_of(field(app, '执法证号')) != '')
        log('officers chosen with Space:', sorted(chosen))
        time.sleep(1)
        screenshot(args, 'form-keyboard')

        # Mark Ready (Alt+M, its mnemonic): the editor closes on its own.
        form = app
        app = whole
        key('alt+m')
        try:
            wait_for('the list after Mark Ready',
                     lambda: jgtest.named(app, t('New Inspection'), 'push button') and
                     field(app, '监管事项目录编码') is None, timeout=15)
        except Failure:
            problems = [a.description for a in walk(form) if a.description and a.getRoleName() != 'label']
            raise Failure(f'the record was not marked ready: {problems}')
        wait_for('the record in the list',
                 lambda: any('Routine check' in (a.name or '') for a in walk(app)))
        saved = records(tmp)
        if [r[1] for r in saved if r[2] == 'Routine check'] != ['ready']:
            raise Failure(f'the database does not hold the record as ready: {saved}')
        log('marked ready with the keyboard; in the list and the database as ready')

        # 3. Escape and Alt+Left leave the editor after saving.
        for leave, typed in (('Escape', '445'), ('alt+Left', '446')):
            key('ctrl+n')
            form = wait_for('the editor', lambda: find(whole, 'filler', 'JgRecordEditor'))
            wait_for('a new form', lambda: field(form, '监管事项目录编码') is not None and
                     text_of(field(form, '监管事项目录编码')) == '')
            time.sleep(1)
            tab_to(form, 'the catalogue search button', lambda a: a.name == search_button)
            key('shift+Tab')
            type_in(form, '监管事项目录编码', typed)
            key(leave)
            wait_for(f'{leave} to leave the editor', lambda: field(whole, '监管事项目录编码') is None, timeout=10)
            if not any(r[3] == typed and r[1] == 'draft' for r in records(tmp)):
                raise Failure(f'{leave} left without saving {typed!r}: {records(tmp)}')
            log(f'{leave} leaves the editor and keeps what was typed')

        # 4. Ctrl+F on Records searches the records.
        key('ctrl+f')
        jg.xdotool('type', '--delay', '40', 'zqx')
        time.sleep(1)
        if not page_title(app, t, 'Supervision Records'):
            raise Failure('Ctrl+F on Records left the records')
        if not any(a.getRoleName() in ('text', 'entry') and text_of(a) == 'zqx' for a in walk(app)):
            raise Failure('Ctrl+F on Records did not put the focus in a search')
        log('Ctrl+F on Records searches the records')
        key('alt+2')
        key('ctrl+f')
        wait_for('the catalogue page', lambda: page_title(app, t, 'Supervision Item Catalogue'))


def main():
    return jgtest.run_test('the inspection form works from the keyboard', parse_args(),
                           ('app', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
