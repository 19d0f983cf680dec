#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# GUI test: the reviewer's queue (审核).
#
#   test-review-queue.py --app build/src/gui/jianguan \
#       --server-bin build/src/server/jianguan-server \
#       --cli-bin build/src/cli/jianguan-cli \
#       --schemas-dir build/data --data-dir data [--lang zh_CN.UTF-8 --screenshots DIR]
#
# The demo server's rc-admin (揭阳市市场监督管理局) writes and submits, with
# jianguan-cli posts new/submit, two 监管动态 posts and one 曝光台 post: the
# first with a serious wording error (国家工商总局 for 国家市场监督管理总局)
# that the client's wording check finds and sends with it. Then, in the app:
#   1. sign in as the department's reviewer; the sidebar's Review row says
#      three posts wait;
#   2. the queue lists them, oldest first, the first with its check; its
#      checks show the wording hit (posts-review-queue-<lang>.png);
#   3. "Return…" asks for a comment (Return stays off while it is blank),
#      and returns the post; it leaves the queue, and the author sees it
#      returned with the comment (jianguan-cli posts list);
#   4. the second is approved by another reviewer first (jianguan-cli
#      posts review): the app's "Approve and Publish" is refused with the
#      server's reason in the app's language, the post stays; the next sync
#      takes it out of the queue;
#   5. the exposure post, submitted once the department reviews at two
#      levels, waits for 初审; it is shown field by field
#      (posts-review-exposure-<lang>.png), approved at 初审 it stays for
#      终审, approved there the queue is empty.
# Between 1 and 2, the quota reminders: nothing is published yet, so with
# Preferences' "Working days before the month ends" at 23 (any day of any
# month) both columns get a notification (a stand-in for the desktop's
# notification server, fake-notifications.py, records them), which opens
# the column's section.

import gettext
import json
import os
import subprocess
import sys
import urllib.request

import jgtest
from jgtest import log, wait_for, walk, find, Failure, named, click, screenshot

jg = jgtest.base

FIRST = '市市场监管局开展节前食品安全检查'
SECOND = '市市场监管局举办食品安全宣传周活动'
WRONG, RIGHT = '国家工商总局', '国家市场监督管理总局'
PARTY = '揭阳市榕城区某某食品有限公司'
EXPOSURE = {
    'title': f'关于{PARTY}的行政处罚信息公示',
    'party_name': PARTY, 'party_kind': 'organisation', 'credit_code': '91440300708461136T',
    'legal_rep': '王某', 'decision_no': '揭市监罚〔2026〕12号', 'procedure': '02',
    'violation_type': '生产不符合标准食品', 'facts': '经查，当事人生产的食品不符合食品安全标准。',
    'legal_basis': '《中华人民共和国食品安全法》第一百二十四条', 'penalty_category': '02',
    'penalty_content': '罚款人民币伍仟元。', 'fine_amount': '0.5', 'decision_date': '2026-11-20',
    'authority': '揭阳市市场监督管理局', 'authority_credit_code': '11445200006295321R',
    'sector': 'other', 'disclosure_end': '2029-11-20', 'data_source': '揭阳市市场监督管理局',
    'data_source_credit_code': '11445200006295321R', 'party_is_minor': '0',
}
COMMENT = '第二段机构名称有误，请改为国家市场监督管理总局'


def parse_args():
    return jgtest.arg_parser().parse_args()


def http(url, path, body=None, token=None):
    headers = {'Content-Type': 'application/json'}
    if token:
        headers['Authorization'] = 'Bearer ' + token
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url.rstrip('/') + path, data=data, headers=headers,
                                 method='POST' if data is not None else 'GET')
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read().decode() or 'null')


class Author:
    """rc-admin's workstation: jianguan-cli with a home of its own."""

    def __init__(self, args, url, tmp):
        self.args, self.url = args, url
        self.home = os.path.join(tmp, 'author')

    def cli(self, *a, signed=False, check=True):
        extra = ('--user', 'rc-admin', '--password-stdin') if signed else ()
        return jgtest.cli(self.args.cli_bin, self.home, '--server', self.url, *a, *extra,
                          stdin=jgtest.PASSWORD + '\n' if signed else None, check=check)

    def submit(self, column, fields):
        """A new post written and submitted: the client's checks (the
        wording list from the server) go with it. Its uuid."""
        path = os.path.join(self.home, 'post.json')
        os.makedirs(self.home, exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            json.dump({'fields': fields}, f, ensure_ascii=False)
        post_uuid = self.cli('posts', 'new', '--column', column, '--json', path).stdout.strip()
        out = self.cli('posts', 'submit', post_uuid, signed=True).stdout
        if 'in_review' not in out:
            raise Failure(f'the post was not sent for review: {out}')
        return post_uuid

    def listed(self, post_uuid):
        """The author's line of the post: (state, note)."""
        self.cli('sync', signed=True)
        for line in self.cli('posts', 'list').stdout.splitlines():
            if line.startswith(post_uuid):
                _uuid, _column, state, _revision, _month, _title, note = line.split('\t')
                log('jianguan-cli posts list:', line)
                return state, note
        raise Failure('jianguan-cli posts list does not have the post')


def dynamics(title, paragraph):
    return {'title': title, 'body': f'<p>{paragraph}</p>', 'source_department': jgtest.DEPARTMENT,
            'author': '李某'}


def plural(lang, singular, plural_form, n):
    """The app's ngettext in LANG, with n in place of %u."""
    if lang == 'C.UTF-8' or not os.environ.get('JIANGUAN_LOCALEDIR'):
        text = singular if n == 1 else plural_form
    else:
        tr = gettext.translation('jianguan', os.environ['JIANGUAN_LOCALEDIR'],
                                 languages=[lang.split('.')[0]], fallback=True)
        text = tr.ngettext(singular, plural_form, n)
    return text.replace('%u', str(n))


def queue_rows(app, t):
    queue = find(app, 'list', t('Posts awaiting review')) or find(app, 'list box', t('Posts awaiting review'))
    if queue is None:
        return None
    return [row for row in queue if row.name]


def reminders(args, app, t, notes):
    """Both columns below quota: a notification each once the notice covers
    the whole month; the dynamics one opens its section."""
    import pyatspi

    jg.xdotool('key', 'ctrl+comma')
    spin = wait_for('the reminder notice in Preferences',
                    lambda: named(app, t('Working days before the month ends'), 'spin button'))
    jgtest.press_at(spin)
    for _ in range(5):   # from 5 by pages of 5, up to 23
        jg.xdotool('key', 'Page_Up')
    screenshot(args, 'preferences-reminders')
    jg.xdotool('key', 'Escape')

    def sent():
        if not os.path.exists(notes):
            return None
        with open(notes) as f:
            got = {n['id']: n for n in map(json.loads, f)}
        return got if {'quota-dynamics', 'quota-exposure'} <= set(got) else None
    got = wait_for('a quota notification for each column', sent, timeout=30)
    for column, label in (('dynamics', t('Supervision News')), ('exposure', t('Exposure'))):
        note = got['quota-' + column]
        title = t('%s is below this month’s quota') % label
        if note.get('title') != title:
            raise Failure(f'the {column} notification is titled {note.get("title")!r}, not {title!r}')
        if note.get('default-action') != 'app.show-posts' or note.get('default-action-target') != column:
            raise Failure(f'the {column} notification does not open its column: {note}')
        log('notification:', note['title'], '—', note.get('body'))

    # Clicking it: the desktop activates the app's action.
    subprocess.run(['gdbus', 'call', '--session', '--dest', 'com.jieyang.Jianguan',
                    '--object-path', '/com/jieyang/Jianguan',
                    '--method', 'org.freedesktop.Application.ActivateAction',
                    'show-posts', "[<'dynamics'>]", '{}'], check=True, capture_output=True)
    wait_for('the Dynamics section shown',
             lambda: next((a for a in walk(app) if a.getRoleName() == 'list item' and a.name == t('Dynamics')
                           and a.getState().contains(pyatspi.STATE_SELECTED)), None), timeout=20)
    log('the notification opens the Dynamics section')


def count_rows(app, t, n):
    rows = queue_rows(app, t)
    return rows if rows is not None and len(rows) == n else None


def run(args, tmp):
    import pyatspi

    t = jgtest.translator(args.lang)
    server_data = os.path.join(tmp, 'server')
    os.makedirs(server_data)
    server, url = jgtest.start_server(args.server_bin, args.data_dir, '--demo', '--data', server_data,
                                      '--port', str(jgtest.free_port()))
    procs = [server]
    try:
        author = Author(args, url, tmp)
        author.cli('sync', signed=True)   # the server's wording list
        first = author.submit('dynamics', dynamics(FIRST, f'根据{WRONG}开展检查的部署，市局检查了节前食品市场。'))
        second = author.submit('dynamics', dynamics(SECOND, '市市场监管局在榕城区举办食品安全宣传周活动。'))
        # Two levels for what comes next (a post keeps the levels it was
        # submitted under): the exposure post is reviewed at 初审 and 终审.
        subprocess.run([args.server_bin, 'review-levels', '--data', server_data,
                        '--department', jgtest.DEPARTMENT, '2'], check=True, capture_output=True,
                       env=dict(os.environ, JIANGUAN_DATA_DIR=args.data_dir))
        author.submit('exposure', EXPOSURE)

        # The desktop's notification server, before the app looks for one.
        notes = os.path.join(tmp, 'notifications.jsonl')
        fake = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                              'fake-notifications.py'), notes],
                                stdout=subprocess.PIPE, text=True)
        procs.append(fake)
        if fake.stdout.readline().strip() != 'ready':
            raise Failure('the stand-in notification server did not start')

        env = jg.app_env(args, tmp, **jgtest.lang_env(args.lang))
        procs.append(subprocess.Popen([args.app, '--server', url], env=env, stdin=subprocess.DEVNULL))
        app = wait_for('the app on the accessibility bus', lambda: jg.find_app(pyatspi))
        jgtest.open_window(app)

        # 1. Signed in as the reviewer: the Review row, with the count.
        # Signed out, there is none.
        review_row = named(app, t('Review'), 'list item')
        if review_row is not None and review_row.getState().contains(pyatspi.STATE_SHOWING):
            raise Failure('the Review section is shown before a reviewer signs in')
        jgtest.sign_in(app, t, 'reviewer')
        reminders(args, app, t, notes)
        waiting = plural(args.lang, 'Review, %u post waiting', 'Review, %u posts waiting', 3)
        row = wait_for(f'the sidebar row “{waiting}”', lambda: named(app, waiting), timeout=120)
        jgtest.press_at(row)

        # 2. The queue: both posts, oldest first, the first with its check.
        rows = wait_for('three posts in the queue', lambda: count_rows(app, t, 3), timeout=30)
        if not rows[0].name.startswith(FIRST) or not rows[1].name.startswith(SECOND) \
                or not rows[2].name.startswith(EXPOSURE['title']):
            raise Failure(f'the queue is not oldest first: {[r.name for r in rows]}')
        hits = plural(args.lang, '%u check to look at', '%u checks to look at', 1)
        if hits not in rows[0].name:
            raise Failure(f'the first post does not say it has a check: {rows[0].name!r}')
        if hits in rows[1].name:
            raise Failure(f'the second post says it has checks: {rows[1].name!r}')
        jgtest.press_at(rows[0])
        wait_for('the wording hit among the checks',
                 lambda: next((a for a in walk(app) if a.name and WRONG in a.name and RIGHT in a.name
                               and a.getRoleName() in ('label', 'list item', 'row')), None), timeout=20)
        log('the queue shows the wording hit of', FIRST)
        screenshot(args, 'posts-review-queue')

        # 3. Return it with a comment.
        click(wait_for('the Return… button', lambda: named(app, t('Return…'), 'push button')))
        comment = wait_for('the comment entry', lambda: named(app, t('Comment for the author')))
        dialog = comment
        while dialog.parent is not None and dialog.parent.getRoleName() != 'application':
            dialog = dialog.parent
        send = wait_for('the dialog\'s Return button',
                        lambda: find(dialog, 'push button', None, lambda a: a.name == t('Return')))
        if send.getState().contains(pyatspi.STATE_SENSITIVE):
            raise Failure('Return can be pressed without a comment')
        (jgtest.entry_in(comment) or comment).queryEditableText().setTextContents(COMMENT)
        wait_for('Return enabled by the comment', lambda: send.getState().contains(pyatspi.STATE_SENSITIVE))
        click(send)
        returned = t('“%s” is returned to its author with your comment.') % FIRST
        wait_for(f'“{returned}”', lambda: jgtest.toast_named(app, returned), timeout=60)
        two = plural(args.lang, 'Review, %u post waiting', 'Review, %u posts waiting', 2)
        wait_for(f'the sidebar row “{two}”', lambda: named(app, two), timeout=30)
        rows = wait_for('two posts left', lambda: count_rows(app, t, 2), timeout=30)
        if not rows[0].name.startswith(SECOND):
            raise Failure(f'the post left is not the second: {rows[0].name!r}')

        state, note = author.listed(first)
        if state != 'returned':
            raise Failure(f'the author sees the post {state}, not returned')
        if COMMENT not in note:
            raise Failure(f'the author does not see the reviewer\'s comment: {note!r}')
        log('the author sees it returned with the comment')

        # 4. Another reviewer signs the second first (jianguan-cli as the
        # department's reviewer): the app's approval is refused, said in
        # the app's language, and the post stays until the next sync, which
        # takes it out of the queue, published.
        jgtest.press_at(rows[0])
        approve = wait_for('the Approve and Publish button',
                           lambda: named(app, t('Approve and Publish'), 'push button'), timeout=20)
        subprocess.run([args.server_bin, 'add-account', '--data', server_data, '--department',
                        jgtest.DEPARTMENT, '--role', 'reviewer', 'reviewer2'],
                       input=jgtest.PASSWORD + '\n', text=True, check=True, capture_output=True,
                       env=dict(os.environ, JIANGUAN_DATA_DIR=args.data_dir, JIANGUAN_SERVER_FAST_PWHASH='1'))
        reviewer = jgtest.cli(args.cli_bin, os.path.join(tmp, 'other-reviewer'), '--server', url,
                              'posts', 'review', second, '--approve', '--user', 'reviewer2',
                              '--password-stdin', stdin=jgtest.PASSWORD + '\n')
        if 'published' not in reviewer.stdout:
            raise Failure(f'the other reviewer could not approve: {reviewer.stdout}')
        click(approve)
        refused = t('The server refused: %s. Nothing was changed.').split('%s')[0]
        toast = wait_for('the refusal', lambda: named(app, refused), timeout=60)
        log('refused:', toast.name)
        if count_rows(app, t, 2) is None:
            raise Failure('a refused approval took the post out of the queue')
        jg.xdotool('key', 'ctrl+r')
        rows = wait_for('the exposure post left', lambda: count_rows(app, t, 1), timeout=30)

        # 5. The exposure post, field by field, at two levels: approved at
        # the first it stays for the final one; approved there, the queue
        # is empty.
        if t('First review') not in rows[0].name:
            raise Failure(f'the exposure post does not say it waits for the first review: {rows[0].name!r}')
        jgtest.press_at(rows[0])
        party = t('%s: %s') % (t('Party name'), PARTY)
        wait_for(f'the field “{party}”', lambda: named(app, party), timeout=20)
        screenshot(args, 'posts-review-exposure')
        if named(app, t('Approve and Publish'), 'push button'):
            raise Failure('the first of two levels offers to publish')
        click(wait_for('the Approve button', lambda: find(app, 'push button', None,
                                                          lambda a: a.name == t('Approve')), timeout=20))
        next_level = t('“%s” is approved and goes to the next review level.') % EXPOSURE['title']
        wait_for(f'“{next_level}”', lambda: jgtest.toast_named(app, next_level), timeout=60)
        rows = wait_for('the exposure post at its final review',
                        lambda: (lambda r: r if r and t('Final review') in r[0].name else None)(count_rows(app, t, 1)),
                        timeout=30)
        click(wait_for('the Approve and Publish button',
                       lambda: named(app, t('Approve and Publish'), 'push button'), timeout=20))
        wait_for('the empty queue', lambda: named(app, t('No Posts to Review')), timeout=60)
        column = http(url, f'/api/v1/posts/published?department={jgtest.DEPARTMENT}')
        titles = [p['fields'].get('title') for p in column.get('posts', [])]
        if SECOND not in titles or EXPOSURE['title'] not in titles:
            raise Failure(f'the approved posts are not on the public column: {titles}')
        log('approved and published:', SECOND, EXPOSURE['title'])
    finally:
        jgtest.stop(procs)


def main():
    return jgtest.run_test('quota reminders notify; the review queue returns a post with a comment, '
                           'says a refused approval and approves at two levels',
                           parse_args(), ('app', 'server_bin', 'cli_bin', 'schemas_dir', 'data_dir'), run)


if __name__ == '__main__':
    sys.exit(main())
