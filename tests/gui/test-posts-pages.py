#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: the 监管动态 and 曝光台 pages and the post editor (issue 10).
#
#   test-posts-pages.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data
#
# On a fresh profile against the demo server, signed in as rc-admin:
#   1. the 监管动态 page's quota header reads the month's figures of the
#      database (no post published: 0/2 updates, 0/4 items) and the working
#      days left, in its text and its accessible name;
#   2. New Post (Ctrl+N): write a title, an author and a body (typed into
#      the body editor); the post is saved by itself within a second; an
#      image from the file chooser (Insert Image…) with its alternative
#      text (Image Description…) goes into the body and the stored post;
#   3. Submit for Review: the post leaves the editor, the sync sends it
#      (with its image) and the list shows it submitted or in review, as
#      the database says; the reviewer (jianguan-cli on another
#      workstation) approves it and after a sync the header counts it: 1/2
#      updates, 1/4 items, as the database and `jianguan-cli posts quota`
#      count, and the server's public column shows the image with its alt;
#   4. an accepted penalty (written into the account's database before the
#      app starts, as the records feed would) opens in the record editor with "Create Exposure
#      Post"; the exposure draft opens prefilled on the Exposure page; an ID
#      number typed into the facts is flagged by the privacy guard, and
#      Submit is refused with its message: the post stays a draft; a
#      second click on the penalty opens that draft again.
# With --screenshots DIR (and --lang zh_CN.UTF-8): posts-editor-<lang>.png
# after 2 and posts-quota-header-<lang>.png after 3.

import datetime
import gettext
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid

import jgtest
from jgtest import log, wait_for, walk, find, named, click, Failure, screenshot

jg = jgtest.base
TITLE = '揭阳市开展春季食品安全专项检查'
FIXED_TITLE = TITLE + '工作'
RETURN_COMMENT = '请写明检查的商户数量的统计口径'
ALT = '执法人员在超市检查预包装食品标签'
AUTHOR = '陈晓明'
BODY = 'Spring food safety inspections: 120 shops checked, 3 ordered to rectify.'
# A resident identity number with a valid check digit (GB 11643).
ID_NUMBER = '11010519491231002X'
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
PENALTY_NUMBER = '揭市监罚〔2026〕17号'


def parse_args():
    return jgtest.arg_parser().parse_args()


def translators(lang):
    """t (as jgtest's), tn (plurals) and tp (with a context)."""
    t = jgtest.translator(lang)
    if lang != 'C.UTF-8' and os.environ.get('JIANGUAN_LOCALEDIR'):
        tr = gettext.translation('jianguan', os.environ['JIANGUAN_LOCALEDIR'],
                                 languages=[lang.split('.')[0]], fallback=True)
    else:
        tr = gettext.NullTranslations()
    return t, tr.ngettext, tr.pgettext


# The server's working-day calendar as this test sets it (date → worked?).
CALENDAR = {}


def working_days_left(today):
    """Working days from today to the end of its month, today included:
    Monday–Friday, except the days of the server's calendar."""
    n, day = 0, today
    while day.month == today.month:
        n += CALENDAR.get(day, day.weekday() < 5)
        day += datetime.timedelta(days=1)
    return n


def mark_last_day(server_bin, server_dir):
    """The city marks the month's last day on the server: a holiday if it is
    a weekday, a day worked if it falls at a weekend. The header's count of
    working days left must follow it after the sync."""
    today = datetime.datetime.now(SHANGHAI).date()
    last = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    weekday = last.weekday() < 5
    subprocess.run([server_bin, 'holidays', 'add', '--data', server_dir, '--off' if weekday else '--work',
                    last.isoformat()], check=True, capture_output=True)
    CALENDAR[last] = not weekday


def db_quota(db_path, column):
    """The month's (updates, items) of @column, counted here from the
    publication times."""
    now = datetime.datetime.now(SHANGHAI)
    start = datetime.datetime(now.year, now.month, 1, tzinfo=SHANGHAI)
    end = datetime.datetime(now.year + (now.month == 12), now.month % 12 + 1, 1, tzinfo=SHANGHAI)
    db = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    try:
        times = [r[0] for r in db.execute(
            'SELECT published_at FROM post WHERE column_key = ? AND published_at >= ? AND published_at < ?',
            (column, int(start.timestamp()), int(end.timestamp())))]
    finally:
        db.close()
    days = {datetime.datetime.fromtimestamp(s, SHANGHAI).date() for s in times}
    return len(days), len(times)


def post_rows(db_path, where, *args):
    db = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    try:
        return db.execute(f'SELECT uuid, state, fields FROM post WHERE {where}', args).fetchall()
    finally:
        db.close()


def seed_penalty(db_path):
    """An accepted penalty of rc-admin's department, as the records feed
    leaves it in the account's database."""
    rid = str(uuid.uuid4())
    now = int(time.time())
    fields = {'party_name': '揭阳市丙食品有限公司', 'party_doc_type': '001',
              'party_code': '91440300708461136T', 'party_nature': '02',
              'object_name': '揭阳市丙食品有限公司', 'name': '超范围经营处罚',
              'decision_no': PENALTY_NUMBER, 'decision_date': '2026-03-02',
              'illegal_facts': '超出核准经营范围销售预包装食品。',
              'penalty_basis': '《中华人民共和国食品安全法》第一百二十二条',
              'penalty_kind': '02', 'penalty_result': '罚款人民币伍仟元',
              'penalty_procedure': '02', 'fine_amount': '5000', 'no_penalty': '0',
              'impl_body': '揭阳市市场监督管理局', 'impl_body_code': jgtest.DEPARTMENT}
    doc = {'uuid': rid, 'kind': 'penalty', 'department': jgtest.DEPARTMENT, 'state': 'accepted',
           'revision': 1, 'fields': fields}
    db = sqlite3.connect(db_path)
    with db:
        db.execute('INSERT INTO record (uuid, kind, department, state, revision, op, number,'
                   ' name, main_date, sort_date, month, catalogue_code, party_doc_type,'
                   ' party_code, party_name, fields, created, modified)'
                   " VALUES (?, 'penalty', ?, 'accepted', 1, 'u', ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
                   (rid, jgtest.DEPARTMENT, PENALTY_NUMBER, fields['name'], '2026-03-02', '2026-03-02',
                    '2026-03', fields['party_doc_type'], fields['party_code'], fields['party_name'],
                    json.dumps(doc, ensure_ascii=False), now, now))
    db.close()
    log('seeded an accepted penalty', rid)
    return rid


def text_input(app, label):
    """The text input of the post form whose name is its field's label
    (with " *" when required)."""
    return find(app, 'text', predicate=lambda a: a.name in (label, label + ' *') or
                a.name.startswith(label + ' '))


def press(acc):
    jgtest.press_at(acc)
    time.sleep(0.3)


def focus_by_keyboard(app, label):
    """Moves the focus with Tab (the form's long texts do not take it)
    until it is in the text input named @label (GTK 4.8 cannot grab focus
    or scroll through AT-SPI; the scrolled form follows the focus)."""
    import pyatspi
    for _ in range(80):
        if find(app, 'text', predicate=lambda a: a.name in (label, label + ' *') and
                a.getState().contains(pyatspi.STATE_FOCUSED)):
            return
        jg.xdotool('key', 'Tab')
        time.sleep(0.1)
    raise Failure(f'Tab never reached {label!r}')


def check_quota(app, t, tn, db_path, column_label, when):
    updates, items = db_quota(db_path, 'dynamics')
    figures = t('This month: %u/%u updates, %u/%u items') % (updates, 2, items, 4)
    days = working_days_left(datetime.datetime.now(SHANGHAI).date())
    text = tn('%s %s, %u working day left', '%s %s, %u working days left', days) % (
        column_label, figures, days)
    wait_for(f'the quota header {text!r} ({when})',
             lambda: find(app, 'label', predicate=lambda a: (a.name or '').startswith(text)), timeout=30)
    log(when, '— the header agrees with the database:', updates, 'updates,', items, 'items')


def run(args, tmp):
    import pyatspi

    t, tn, tp = translators(args.lang)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data',
                                      os.path.join(tmp, 'server'), '--port', str(jgtest.free_port()))
    procs = [server]
    try:
        mark_last_day(args.server_bin, os.path.join(tmp, 'server'))
        # The account's database first (as a second workstation would have
        # it), with an accepted penalty the records feed would have brought.
        jgtest.cli(args.cli_bin, tmp, '--server', url, 'sync', '--user', 'rc-admin', '--password-stdin',
                   stdin=jgtest.PASSWORD + '\n')
        seed_penalty(jgtest.records_db(tmp, 'rc-admin'))
        env = jg.app_env(args, tmp, **jgtest.lang_env(args.lang))
        procs.append(subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        jgtest.open_window(app)
        jgtest.sign_in(app, t, 'rc-admin')
        db_path = wait_for('the account database', lambda: jgtest.records_db(tmp, 'rc-admin'))

        # 1. The quota header of this month, as the database counts it.
        jg.xdotool('key', 'alt+4')
        column_label = t('Supervision News')
        check_quota(app, t, tn, db_path, column_label, 'before any post')

        # 2. A new post: title, author, body; saved by itself.
        jg.xdotool('key', 'ctrl+n')
        title = wait_for('the title field', lambda: text_input(app, t('Title')), timeout=20)
        title.queryEditableText().setTextContents(TITLE)
        text_input(app, t('Author')).queryEditableText().setTextContents(AUTHOR)
        body = wait_for('the body editor', lambda: find(app, 'text', t('Body')))
        press(body)
        jg.xdotool('type', '--delay', '20', BODY)
        wait_for('the post saved with its body', lambda: any(
            TITLE in row[2] and BODY in row[2]
            for row in post_rows(db_path, 'column_key = ?', 'dynamics')), timeout=20)
        log('the post is saved with its title and body')
        # An image from a file: Insert Image… opens the file chooser
        # (typed path), then Image Description… takes its alternative text.
        image_file = os.path.abspath(os.path.join(args.data_dir, 'screenshots', 'catalogue-zh_CN.png'))
        click(wait_for('Insert Image…', lambda: named(app, t('Insert Image…'), 'push button')))
        wait_for('the file chooser', lambda: next((w for w in app if w.name == t('Insert Image')), None),
                 timeout=20)
        time.sleep(1)
        jg.xdotool('key', 'ctrl+l')
        time.sleep(0.5)
        jg.xdotool('type', '--delay', '20', image_file)
        jg.xdotool('key', 'Return')
        figure = wait_for('the image in the body, without its alternative text yet',
                          lambda: named(app, t('Image without alternative text')), timeout=30)
        log('image inserted:', figure.name)
        press(figure)
        click(wait_for('Image Description…', lambda: next(
            (a for a in walk(app) if a.name == t('Image Description…') and a.getRoleName() == 'push button'
             and a.getState().contains(pyatspi.STATE_SENSITIVE)), None), timeout=20))
        alt_entry = wait_for('the alternative text entry', lambda: next(
            (jgtest.entry_in(a) for a in walk(app) if a.name == t('Alternative text') and jgtest.entry_in(a)),
            None), timeout=20)
        alt_entry.queryEditableText().setTextContents(ALT)
        time.sleep(0.5)
        click(wait_for('Save', lambda: named(app, t('Save'), 'push button')))
        wait_for('the image named by its alternative text', lambda: named(app, ALT), timeout=20)
        wait_for('the post saved with its image and alt text', lambda: any(
            ALT in row[2] for row in post_rows(db_path, 'column_key = ?', 'dynamics')), timeout=20)
        log('the image is in the stored body with its alternative text')

        screenshot(args, 'posts-editor')

        # 3. Submit: the sync sends it; the list says what the database says.
        click(wait_for('Submit for Review', lambda: named(app, t('Submit for Review'), 'push button')))
        states = {'submitted': tp('post state', 'Submitted'), 'sending': tp('post state', 'Sending'),
                  'in_review': tp('post state', 'In review')}

        def listed():
            rows = post_rows(db_path, 'column_key = ?', 'dynamics')
            if len(rows) != 1 or rows[0][1] not in ('in_review', 'submitted'):
                return None
            badge = states[rows[0][1]]
            return find(app, 'list item', predicate=lambda a: (a.name or '').startswith(
                t('%s, %s, %s').split('%s')[0] + TITLE) and badge in a.name)
        wait_for('the post submitted', lambda: post_rows(db_path, "state != 'draft'"), timeout=30)
        wait_for('the post in review on the server', lambda: post_rows(db_path, "state = 'in_review'"),
                 timeout=90)
        row = wait_for('the list row showing the state the database has', listed, timeout=30)
        log('list row:', row.name)
        check_quota(app, t, tn, db_path, column_label, 'after submitting')

        post_uuid = post_rows(db_path, 'column_key = ?', 'dynamics')[0][0]
        reviewer = os.path.join(tmp, 'reviewer')

        def review(*how):
            jgtest.cli(args.cli_bin, reviewer, '--server', url, 'sync', '--user', 'reviewer',
                       '--password-stdin', stdin=jgtest.PASSWORD + '\n')
            jgtest.cli(args.cli_bin, reviewer, '--server', url, 'posts', 'review', post_uuid, *how,
                       '--user', 'reviewer', '--password-stdin', stdin=jgtest.PASSWORD + '\n')
        # The reviewer (the CLI of another workstation) returns it with a
        # comment; after a sync the author reads the comment in the editor,
        # fixes the title and submits again. (The reviewer's GUI is
        # gui-review-queue.)
        review('--return', RETURN_COMMENT)
        jg.xdotool('key', 'ctrl+r')
        wait_for('the post returned', lambda: post_rows(db_path, "state = 'returned'"), timeout=90)
        returned = wait_for('the list row showing it returned', lambda: find(
            app, 'list item', predicate=lambda a: TITLE in (a.name or '')
            and tp('post state', 'Returned') in a.name), timeout=30)
        press(returned)
        wait_for('the reviewer\'s comment in the editor', lambda: next(
            (a for a in walk(app) if RETURN_COMMENT in (a.name or '')), None), timeout=20)
        log('the author reads the reviewer\'s comment')
        title = wait_for('the title field', lambda: text_input(app, t('Title')), timeout=20)
        title.queryEditableText().setTextContents(FIXED_TITLE)
        wait_for('the fixed title saved', lambda: any(
            FIXED_TITLE in row[2] for row in post_rows(db_path, 'column_key = ?', 'dynamics')), timeout=20)
        click(wait_for('Submit for Review', lambda: named(app, t('Submit for Review'), 'push button')))
        wait_for('the fixed post in review on the server', lambda: any(
            row[1] == 'in_review' and FIXED_TITLE in row[2]
            for row in post_rows(db_path, 'column_key = ?', 'dynamics')), timeout=90)
        log('the fixed post is in review again')
        check_quota(app, t, tn, db_path, column_label, 'after submitting the fixed post')

        # The reviewer approves it; after a sync the header counts it, as
        # the database and the CLI do.
        review('--approve')
        jg.xdotool('key', 'ctrl+r')
        wait_for('the post published', lambda: post_rows(db_path, "state = 'published'"), timeout=90)
        check_quota(app, t, tn, db_path, column_label, 'after publication')
        quota = jgtest.cli(args.cli_bin, tmp, '--server', url, 'posts', 'quota').stdout.splitlines()
        updates, items = db_quota(db_path, 'dynamics')
        if f'dynamics {updates}/2 {items}/4' not in quota or (updates, items) != (1, 1):
            raise Failure(f'the CLI or the database count differently: {quota}, {updates}/{items}')
        log('the CLI agrees:', quota)
        page = urllib.request.urlopen(f"{url.rstrip('/')}/column/{jgtest.DEPARTMENT}", timeout=30).read().decode()
        if FIXED_TITLE not in page or f'alt="{ALT}"' not in page:
            raise Failure('the public column does not show the fixed post with its image\'s alt text')
        log('the public column shows the post and its image with alt text')
        screenshot(args, 'posts-quota-header')

        # 4. Exposure from an accepted penalty; the privacy guard blocks an
        # ID number in the facts.
        jg.xdotool('key', 'alt+3')
        record = wait_for('the penalty in the records list',
                          lambda: next((a for a in walk(app) if PENALTY_NUMBER in (a.name or '')
                                        and a.getRoleName() != 'label'), None), timeout=30)
        e = record.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        jg.xdotool('mousemove', str(e.x + e.width // 2), str(e.y + e.height // 2),
                   'click', '--repeat', '2', '--delay', '80', '1')
        click(wait_for('Create Exposure Post',
                       lambda: named(app, t('Create Exposure Post'), 'push button'), timeout=20))
        facts = wait_for('the exposure editor with the facts',
                         lambda: text_input(app, t('Illegal facts')), timeout=20)
        exposures = post_rows(db_path, 'column_key = ?', 'exposure')
        if len(exposures) != 1 or PENALTY_NUMBER not in exposures[0][2]:
            raise Failure(f'the exposure draft was not prefilled from the penalty: {exposures}')
        log('exposure draft prefilled from the penalty')
        # Typed at the end of the facts, as a user would paste them in.
        focus_by_keyboard(app, t('Illegal facts'))
        jg.xdotool('key', 'ctrl+End')
        jg.xdotool('type', '--delay', '20', ' ' + ID_NUMBER)
        wait_for('the ID number in the stored facts', lambda: ID_NUMBER in post_rows(
            db_path, 'column_key = ?', 'exposure')[0][2], timeout=20)
        click(wait_for('Submit for Review', lambda: named(app, t('Submit for Review'), 'push button')))
        guard = t('“%s” contains a %s (%s). Personal data is never published: remove it or mask it.')
        prefix = guard.split('%s')[0] + t('Illegal facts')
        message = wait_for('the privacy guard\'s message', lambda: next(
            (a for a in walk(app) if prefix in (a.name or '') and t('ID number') in a.name), None),
            timeout=20)
        log('privacy guard:', message.name)
        time.sleep(1)
        state = post_rows(db_path, 'column_key = ?', 'exposure')[0][1]
        if state != 'draft':
            raise Failure(f'the exposure with an ID number was submitted: {state}')
        log('the exposure with an ID number stays a draft')

        # A second click on the penalty opens that draft, not a second one.
        jg.xdotool('key', 'Escape')
        jg.xdotool('key', 'alt+3')
        click(wait_for('Create Exposure Post again',
                       lambda: named(app, t('Create Exposure Post'), 'push button'), timeout=20))
        wait_for('the exposure editor again', lambda: text_input(app, t('Illegal facts')), timeout=20)
        time.sleep(1)
        exposures = post_rows(db_path, 'column_key = ?', 'exposure')
        if len(exposures) != 1 or ID_NUMBER not in exposures[0][2]:
            raise Failure(f'a second click did not open the same draft: {len(exposures)} exposure posts')
        log('a second click opens the same draft')
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('the posts pages, the editor and exposure from a penalty', parse_args(),
                           ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
