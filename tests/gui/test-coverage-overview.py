#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: the Overview as the department's dashboard (coverage).
#
#   test-coverage-overview.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data [--lang zh_CN.UTF-8 --screenshots DIR]
#
# jianguan-cli, in the app's profile, signs in as rc-admin, imports three
# inspections of 2026 on three of the department's items and sends them
# (accepted). In the app:
#   1. sign in (the sync that follows fetches the server's figure); then
#      jianguan-cli imports one more inspection, not sent: pending;
#   2. the Overview's coverage says "Server confirmed X%, with pending Y%"
#      with the very figures `jianguan-cli coverage --local` prints from
#      the same database, and when it was compared; the target row says
#      today's target; the 12-month chart has an accessible description
#      (overview-<lang>.png);
#   3. the to-do list has a "New Record" for each uncovered item: the
#      first one's opens the record editor on that item (its 监管事项目录编码
#      is the item's code);
#   4. signed in as city-admin (the city role), the Overview is the table
#      of every department, RC marked below target (overview-city-<lang>.png).

import json
import os
import subprocess
import sys
import time

import jgtest
from jgtest import log, wait_for, find, walk, Failure, named, click, screenshot

jg = jgtest.base
RC = jgtest.DEPARTMENT


def parse_args():
    return jgtest.arg_parser().parse_args()


def rows(data_dir, specs):
    """Inspections (import headers → values) of RC's own items: @specs
    are (number, item index, date)."""
    with open(os.path.join(data_dir, 'demo', 'catalogue.json'), encoding='utf-8') as f:
        demo = json.load(f)
    subs = {s['code'] for s in demo['subitems'] if s.get('status') == '01' and s['action_type'] == '0'}
    impls = {}
    for impl in demo['implementations']:
        if impl['body_code'] == RC and impl['subitem'] in subs:
            impls.setdefault(impl['subitem'], impl['code'])
    items = sorted(impls)
    officers = sorted(o['id'] for o in demo['officers'] if o.get('department') == RC and o.get('cert_no')
                      and o['cert_valid_from'] <= '2026-01-01' and o['cert_valid_to'] >= '2026-12-31')[:2]
    return [{'监管事项目录编码': items[i], '监管对象': '某食品店', '行政相对人': '揭阳市丙食品有限公司',
             '行政相对人性质': '02', '行政相对人证件类型': '001', '行政相对人编码': '91440300708461136T',
             '行政区划代码': '445200', '监管事项检查实施清单编码': impls[items[i]],
             '检查行为名称': '日常监督检查', '检查行为编号': number, '检查形式': '01',
             '检查类别': '01', '检查结果': '01', '检查时间': date, '检查人员': ';'.join(officers)}
            for number, i, date in specs]


def cli_figures(args, url, home):
    """What `jianguan-cli coverage --local --items` prints: label → values,
    and the item lines."""
    out = jgtest.cli(args.cli_bin, home, '--server', url, 'coverage', '--local', '--items').stdout
    figures, items = {}, []
    for line in out.splitlines():
        cells = line.split('\t')
        if len(cells) == 7 and cells[0].isdigit():
            items.append(cells)
        else:
            figures[cells[0]] = cells[1:]
    return figures, items


def run(args, tmp):
    t = jgtest.translator(args.lang)
    server_data = os.path.join(tmp, 'server')
    os.makedirs(server_data)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data', server_data,
                                      '--port', str(jgtest.free_port()))
    procs = [server]
    with jgtest.closing(args, procs, 'overview-coverage-failure'):
        signed = ('--user', 'rc-admin', '--password-stdin')
        stdin = jgtest.PASSWORD + '\n'
        jgtest.cli(args.cli_bin, tmp, '--server', url, 'sync', *signed, stdin=stdin)
        jgtest.import_rows(args.cli_bin, url, tmp, rows(args.data_dir, [
            ('JC-OV-1', 0, '2026-02-10'), ('JC-OV-2', 1, '2026-05-12'), ('JC-OV-3', 2, '2026-09-01')]))
        jgtest.cli(args.cli_bin, tmp, '--server', url, 'sync', *signed, stdin=stdin)

        app, _window = jgtest.start_app(args, tmp, url, procs)
        # The CLI's sign-in is in the session's keyring: the app starts
        # signed in; otherwise through the dialog.
        time.sleep(2)
        if named(app, t('Signed in as %s') % 'rc-admin') is None:
            jgtest.sign_in(app, t, 'rc-admin')
        # The sync at the start ends (the server's figure is fetched after it).
        wait_for('the coverage compared with the server',
                 lambda: named(app, t('Coverage') + ' ' + t('Server confirmed %s, with pending %s').split('%s')[0]),
                 timeout=60)
        time.sleep(2)
        # 1. One more, not sent: pending.
        jgtest.import_rows(args.cli_bin, url, tmp, rows(args.data_dir, [('JC-OV-4', 3, '2026-10-20')]))

        # 2. The Overview (Alt+1) reads the database again when shown.
        jg.xdotool('key', 'alt+2')
        time.sleep(0.5)
        jg.xdotool('key', 'alt+1')
        figures, items = cli_figures(args, url, tmp)
        server_pct = figures['Server confirmed'][1]
        pending_pct = figures['With pending'][1]
        if figures['Server confirmed'][0] != '3' or figures['With pending'][0] != '4':
            raise Failure(f'the seeded figures are not 3 accepted and 4 with pending: {figures}')
        value = t('Server confirmed %s, with pending %s') % (server_pct + '%', pending_pct + '%')
        row = wait_for(f'the coverage {value!r}',
                       lambda: named(app, f'{t("Coverage")} {value}'), timeout=30)
        log('coverage:', row.name)
        compared = wait_for('when it was compared',
                            lambda: jgtest.named(app, t('Last compared with the server') + ' '))
        if t('Never') in compared.name:
            raise Failure(f'the Overview says it never compared: {compared.name}')
        target = figures['Target']
        wait_for(f'the target {target[0]}%',
                 lambda: named(app, f'{t("Target for today")} {target[0]}%'), timeout=10)
        chart = wait_for('the chart', lambda: find(app, 'image', t('Coverage over the last 12 months')))
        description = chart.description or ''
        if '%' not in description or '2026-' not in description:
            raise Failure(f'the chart describes no month: {description!r}')
        log('chart:', description[:80], '…')
        screenshot(args, 'overview')

        # 2b. Export Monthly Report…: the month's report (通报) as a PDF
        # whose text says the accepted figure the Overview shows.
        report = os.path.join(tmp, 'report.pdf')
        click(wait_for('Export Monthly Report…', lambda: find(app, 'push button', t('Export Monthly Report…'))))
        wait_for('the file chooser', lambda: next((w for w in app if w.name == t('Export Monthly Report')), None),
                 timeout=20)
        time.sleep(1)
        jg.xdotool('key', 'ctrl+a')
        jg.xdotool('type', '--delay', '20', report)
        jg.xdotool('key', 'Return')
        wait_for('the report written', lambda: os.path.exists(report), timeout=60)
        text = ''.join(subprocess.run(['pdftotext', '-enc', 'UTF-8', report, '-'], capture_output=True,
                                      text=True, check=True).stdout.split())
        expected = (f"中有{figures['Server confirmed'][0]}项" if args.lang.startswith('zh')
                    else f"{figures['Server confirmed'][0]}ofthedepartment's")
        if t('Internet + Supervision: report for %s').split('%s')[0].replace(' ', '') not in text \
                or expected not in text:
            raise Failure(f'the report does not say the Overview\'s figure {expected!r}: {text[:300]}')
        log('the monthly report says', expected)

        # 3. The coverage warning's action brings the to-do list into view,
        # its first item focused; New Record there opens the editor on it.
        uncovered = [cells for cells in items if cells[3] == '0']
        code, name = uncovered[0][0], uncovered[0][6]
        import pyatspi
        click(wait_for('Show Uncovered Items', lambda: find(app, 'push button', t('Show Uncovered Items'))))
        focused = wait_for('the first uncovered item focused', lambda: next(
            (a for a in walk(app) if a.getState().contains(pyatspi.STATE_FOCUSED)
             and name in (a.name or '')), None), timeout=10)
        log('the warning\'s action focuses', focused.name)
        button_name = t('New Record: %s') % name
        button = wait_for(f'the button {button_name!r}', lambda: find(app, 'push button', button_name))
        click(button)
        field = wait_for('the record editor on the item',
                         lambda: (lambda f: f if f is not None and jgtest.text_of(f) == code else None)(
                             jgtest.form_field(app, '监管事项目录编码')), timeout=30)
        log('the editor opened on', code, name)

        # 4. A city account: the Overview is every department's table.
        procs.pop().terminate()
        city_home = os.path.join(tmp, 'city')
        os.makedirs(city_home)
        jgtest.cli(args.cli_bin, city_home, '--server', url, 'sync', '--user', 'city-admin',
                   '--password-stdin', stdin=stdin)
        app, _window = jgtest.start_app(args, city_home, url, procs)
        time.sleep(2)
        if named(app, t('Signed in as %s') % 'city-admin') is None:
            jgtest.sign_in(app, t, 'city-admin')
        jg.xdotool('key', 'alt+1')
        title = wait_for('the city table\'s title',
                         lambda: named(app, t('Every Department, %s').split('%s')[0]), timeout=60)
        log('city:', title.name)
        status = title
        marked = wait_for('RC marked below target',
                          lambda: named(app, t('%s, below target') % '揭阳市市场监督管理局'), timeout=20)
        log('marked:', marked.name)
        screenshot(args, 'overview-city')


def main():
    return jgtest.run_test('coverage-overview', parse_args(),
                           ('app', 'cli_bin', 'server_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
