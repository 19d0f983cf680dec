/* test-post-store.c — posts in SQLite: drafts, checks, states, history,
 * the list and the quota
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>

#include "jg-post-states.h"
#include "jg-post-store.h"
#include "jg-post-validate.h"
#include "jg-posts-model.h"
#include "jg-record-store.h"
#include "jg-test-util.h"

#define DEPARTMENT "D1"
#define ACTOR "alice"
#define TODAY "2026-11-20"
#define BODY "<p>本局开展食品安全专项检查，检查食品经营单位12家。</p>"

typedef struct {
  char        *dir;
  char        *path;
  JgStore     *store;
  JgPostStore *posts;
  guint        changes;   /* "changed" emissions */
} Fixture;

static void
changed_cb (JgPostStore *posts,
            const char  *uuid,
            Fixture     *f)
{
  f->changes++;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = jg_test_make_tmpdir ("post-store");
  f->path = g_build_filename (f->dir, "jianguan.db", NULL);
  f->store = jg_store_open (f->path, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (f->store, DEPARTMENT, &error);
  g_assert_no_error (error);
  jg_record_store_set_actor (ACTOR);
  f->posts = jg_post_store_new (f->store);
  g_signal_connect (f->posts, "changed", G_CALLBACK (changed_cb), f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->posts);
  g_clear_object (&f->store);
  jg_record_store_set_actor (NULL);
  g_free (f->path);
  g_free (f->dir);
}

/* A dynamics post every check accepts. */
static JgPost *
valid_dynamics (const char *title)
{
  JgPost *post = jg_post_new (JG_POST_DYNAMICS, DEPARTMENT);

  jg_post_set (post, "title", title);
  jg_post_set (post, "body", BODY);
  jg_post_set (post, "source_department", DEPARTMENT);
  jg_post_set (post, "author", "张三");
  return post;
}

static void
save (Fixture *f,
      JgPost  *post)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_post_store_save (f->posts, post, &error));
  g_assert_no_error (error);
}

static JgPost *
load (Fixture    *f,
      const char *uuid)
{
  g_autoptr(GError) error = NULL;
  JgPost *post = jg_post_store_load (f->posts, uuid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (post);
  return post;
}

static void
submit (Fixture    *f,
        const char *uuid)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_post_store_submit (f->posts, uuid, TODAY, &error));
  g_assert_no_error (error);
}

static JgPostState
state_of (Fixture    *f,
          const char *uuid)
{
  g_autoptr(JgPost) post = load (f, uuid);
  return jg_post_get_state (post);
}

/* The last entry of @uuid's history. */
static JgAuditEntry *
last_audit (Fixture    *f,
            const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = jg_post_store_audit (f->posts, uuid, &error);
  JgAuditEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  entry = g_ptr_array_steal_index (entries, entries->len - 1);
  return entry;
}

static guint
count_rows (Fixture    *f,
            const char *sql)
{
  g_autofree char *text = jg_test_query_text (f->store, sql, NULL);
  return text ? (guint) g_ascii_strtoull (text, NULL, 10) : 0;
}

static guint
count_listed (Fixture    *f,
              int         column,
              const char *month)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = jg_post_store_list (f->posts, column, month, &error);

  g_assert_no_error (error);
  return rows->len;
}

/* Saved, submitted, sent and published at @published_at. */
static JgPost *
publish (Fixture    *f,
         JgPost     *post,
         gint64      published_at)
{
  g_autoptr(GError) error = NULL;
  const char *uuid = jg_post_get_uuid (post);

  save (f, post);
  submit (f, uuid);
  g_assert_true (jg_post_store_mark_sending (f->posts, uuid, 1, &error));
  g_assert_true (jg_post_store_set_published (f->posts, uuid, 1, published_at, NULL, &error));
  g_assert_no_error (error);
  return post;
}

/* --- drafts --------------------------------------------------------------- */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JgPost) post = valid_dynamics ("市场监管局开展节前食品安全检查");
  g_autoptr(JgPost) loaded = NULL;
  g_autoptr(JgPostStore) reopened_posts = NULL;
  g_autoptr(JgStore) reopened = NULL;
  g_autoptr(JgAuditEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  jg_post_set (post, "tags", "campaign;random_check");
  save (f, post);
  g_assert_cmpuint (f->changes, ==, 1);

  /* As after a restart: another connection reads what was written. */
  reopened = jg_store_open (f->path, &error);
  g_assert_no_error (error);
  reopened_posts = jg_post_store_new (reopened);
  loaded = jg_post_store_load (reopened_posts, jg_post_get_uuid (post), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_post_get (loaded, "title"), ==, "市场监管局开展节前食品安全检查");
  g_assert_cmpstr (jg_post_get (loaded, "body"), ==, BODY);
  g_assert_cmpstr (jg_post_get (loaded, "tags"), ==, "campaign;random_check");
  g_assert_cmpint (jg_post_get_column (loaded), ==, JG_POST_DYNAMICS);
  g_assert_cmpint (jg_post_get_state (loaded), ==, JG_POST_STATE_DRAFT);
  g_assert_cmpuint (jg_post_get_revision (loaded), ==, 1);

  /* Saving the same again writes nothing; the history names the author. */
  save (f, post);
  g_assert_cmpuint (f->changes, ==, 1);
  entry = last_audit (f, jg_post_get_uuid (post));
  g_assert_cmpstr (entry->action, ==, "create");
  g_assert_cmpstr (entry->account, ==, ACTOR);
  g_assert_cmpstr (entry->host, ==, g_get_host_name ());
}

static void
test_empty_not_kept (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JgPost) empty = jg_post_new (JG_POST_DYNAMICS, DEPARTMENT);
  g_autoptr(JgPost) blank = NULL;
  g_autoptr(JgPost) written = NULL;
  g_autoptr(GError) error = NULL;
  gboolean discarded = FALSE;

  save (f, empty);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM post"), ==, 0);

  /* A draft opened and left without input is not kept … */
  blank = jg_post_store_create_blank (f->posts, JG_POST_EXPOSURE, &error);
  g_assert_no_error (error);
  g_assert_true (jg_post_store_is_blank (f->posts, jg_post_get_uuid (blank)));
  g_assert_true (jg_post_store_discard_blank (f->posts, jg_post_get_uuid (blank), &discarded, &error));
  g_assert_true (discarded);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM post"), ==, 0);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM post_audit"), ==, 0);

  /* … one the user typed into is. */
  written = jg_post_store_create_blank (f->posts, JG_POST_DYNAMICS, &error);
  g_assert_no_error (error);
  jg_post_set (written, "title", "草稿");
  save (f, written);
  g_assert_false (jg_post_store_is_blank (f->posts, jg_post_get_uuid (written)));
  g_assert_true (jg_post_store_discard_blank (f->posts, jg_post_get_uuid (written), &discarded, &error));
  g_assert_false (discarded);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM post"), ==, 1);
}

/* --- submitting ----------------------------------------------------------- */

static void
test_submit_needs_no_errors (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JgPost) post = valid_dynamics ("开展食品安全专项整治");
  g_autoptr(JgAuditEntry) entry = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = jg_post_get_uuid (post);

  jg_post_set (post, "author", NULL);
  save (f, post);
  g_assert_false (jg_post_store_submit (f->posts, uuid, TODAY, &error));
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (state_of (f, uuid), ==, JG_POST_STATE_DRAFT);

  jg_post_set (post, "author", "张三");
  save (f, post);
  submit (f, uuid);
  g_assert_cmpint (state_of (f, uuid), ==, JG_POST_STATE_SUBMITTED);
  entry = last_audit (f, uuid);
  g_assert_cmpstr (entry->action, ==, "state");
  g_assert_cmpstr (entry->from_state, ==, "draft");
  g_assert_cmpstr (entry->to_state, ==, "submitted");
  g_assert_cmpstr (entry->account, ==, ACTOR);
  checks = jg_post_store_get_checks (f->posts, uuid, &error);
  g_assert_no_error (error);
  g_assert_false (jg_issues_have_errors (checks));
}

/* The wording check's hits do not block, and are kept with the revision
 * for the reviewer. */
static void
test_submit_keeps_wording_hits (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(JgWordingList) wording = jg_wording_list_new ();
  g_autoptr(JgPost) post = valid_dynamics ("联合开展执法检查");
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  JgIssue *issue;

  jg_wording_list_add (wording, "工商行政管理局", "市场监督管理局");
  jg_wording_list_compile (wording);
  jg_post_store_set_wording_list (f->posts, wording);
  jg_post_set (post, "body", "<p>区工商行政管理局与我局联合检查。</p>");
  save (f, post);
  submit (f, jg_post_get_uuid (post));
  jg_post_store_set_wording_list (f->posts, NULL);

  checks = jg_post_store_get_checks (f->posts, jg_post_get_uuid (post), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 1);
  issue = checks->pdata[0];
  g_assert_cmpstr (issue->field, ==, "body");
  g_assert_cmpint (issue->severity, ==, JG_ISSUE_WARNING);
  g_assert_nonnull (strstr (issue->message, "市场监督管理局"));
}

/* --- the life cycle ------------------------------------------------------- */

static void
assert_step (Fixture     *f,
             const char  *uuid,
             JgPostState  state,
             const char  *from,
             const char  *detail)
{
  g_autoptr(JgAuditEntry) entry = last_audit (f, uuid);

  g_assert_cmpint (state_of (f, uuid), ==, state);
  g_assert_cmpstr (entry->action, ==, "state");
  g_assert_cmpstr (entry->from_state, ==, from);
  g_assert_cmpstr (entry->to_state, ==, jg_post_state_to_string (state));
  g_assert_cmpstr (entry->who, ==, JG_POST_STORE_SYNC_WHO);
  g_assert_cmpstr (entry->account, ==, ACTOR);
  g_assert_cmpstr (entry->detail, ==, detail);
}

static void
test_life_cycle (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JgPost) post = valid_dynamics ("开展双随机抽查");
  g_autoptr(JgPost) rejected = valid_dynamics ("被退回的稿件");
  g_autoptr(JgPost) loaded = NULL;
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = jg_post_get_uuid (post);
  gboolean applied = FALSE;
  guint before;

  save (f, post);
  submit (f, uuid);
  g_assert_true (jg_post_store_mark_sending (f->posts, uuid, 1, &error));
  assert_step (f, uuid, JG_POST_STATE_SENDING, "submitted", NULL);
  /* The request failed before an answer: back in the queue, then sent. */
  g_assert_true (jg_post_store_unmark_sending (f->posts, uuid, 1, &error));
  assert_step (f, uuid, JG_POST_STATE_SUBMITTED, "sending", NULL);
  g_assert_true (jg_post_store_mark_sending (f->posts, uuid, 1, &error));
  assert_step (f, uuid, JG_POST_STATE_SENDING, "submitted", NULL);
  g_assert_true (jg_post_store_set_in_review (f->posts, uuid, 1, 1, 2, &applied, &error));
  g_assert_true (applied);
  assert_step (f, uuid, JG_POST_STATE_IN_REVIEW, "sending", NULL);
  g_assert_true (jg_post_store_set_returned (f->posts, uuid, 1, "标题请写明检查范围", NULL, &applied, &error));
  g_assert_true (applied);
  assert_step (f, uuid, JG_POST_STATE_RETURNED, "in_review", "标题请写明检查范围");
  /* The feed saying it again adds nothing. */
  before = f->changes;
  g_assert_true (jg_post_store_set_returned (f->posts, uuid, 1, "标题请写明检查范围", NULL, &applied, &error));
  g_assert_false (applied);
  g_assert_cmpuint (f->changes, ==, before);

  /* Sent back unchanged it is not: the author edits it first. */
  g_assert_false (jg_post_store_submit (f->posts, uuid, TODAY, &error));
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);

  /* The author fixes it: the server holds revision 1, so this is 2. */
  jg_post_set (post, "title", "开展食品经营单位双随机抽查");
  save (f, post);
  g_assert_cmpuint (jg_post_get_revision (post), ==, 2);
  g_assert_cmpint (jg_post_get_state (post), ==, JG_POST_STATE_DRAFT);
  loaded = load (f, uuid);
  g_assert_cmpuint (jg_post_get_revision (loaded), ==, 2);

  /* An answer about a revision this post never had changes nothing. */
  before = f->changes;
  g_assert_true (jg_post_store_set_published (f->posts, uuid, 7, 1763600000, &applied, &error));
  g_assert_false (applied);
  g_assert_cmpuint (f->changes, ==, before);

  submit (f, uuid);
  g_assert_true (jg_post_store_mark_sending (f->posts, uuid, 2, &error));
  g_assert_true (jg_post_store_set_in_review (f->posts, uuid, 2, 2, 2, &applied, &error));
  g_assert_true (jg_post_store_set_published (f->posts, uuid, 2, 1763600000, &applied, &error));
  g_assert_true (applied);
  assert_step (f, uuid, JG_POST_STATE_PUBLISHED, "in_review", NULL);
  g_assert_true (f->changes > before);

  /* Editing a published post makes its next revision; withdrawing it
   * takes it off the column, and it is then history. */
  jg_post_set (post, "summary", "更正：检查单位数量");
  save (f, post);
  g_assert_cmpuint (jg_post_get_revision (post), ==, 3);
  g_assert_true (jg_post_store_set_withdrawn (f->posts, uuid, 1763700000, "处罚决定已撤销", &applied, &error));
  g_assert_true (applied);
  assert_step (f, uuid, JG_POST_STATE_WITHDRAWN, "draft", "处罚决定已撤销");
  jg_post_set (post, "summary", "再改");
  g_assert_false (jg_post_store_save (f->posts, post, &error));
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM post WHERE withdraw_reason = '处罚决定已撤销'"
                                   " AND withdrawn_at = 1763700000 AND published_at = 1763600000"), ==, 1);

  /* A revision the server refuses comes back rejected with its reasons. */
  save (f, rejected);
  submit (f, jg_post_get_uuid (rejected));
  g_assert_true (jg_post_store_mark_sending (f->posts, jg_post_get_uuid (rejected), 1, &error));
  g_ptr_array_add (reasons, jg_issue_new ("title", JG_ISSUE_ERROR, "The title is already used.", NULL, 0));
  g_assert_true (jg_post_store_set_rejected (f->posts, jg_post_get_uuid (rejected), 1, reasons, &applied,
                                             &error));
  g_assert_no_error (error);
  assert_step (f, jg_post_get_uuid (rejected), JG_POST_STATE_REJECTED, "sending", NULL);
  checks = jg_post_store_get_checks (f->posts, jg_post_get_uuid (rejected), &error);
  g_assert_no_error (error);
  g_assert_true (jg_issues_have_errors (checks));
}

static void
test_sign_offs (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JgPost) post = valid_dynamics ("三审三校");
  g_autoptr(GPtrArray) signoffs = NULL;
  g_autoptr(GError) error = NULL;
  JgPostSignoff first = { 1, 1, "reviewer1", "approve", "初审通过", 1763600000 };
  JgPostSignoff again = { 1, 1, "reviewer1", "approve", "改写的意见", 1763600000 };

  save (f, post);
  g_assert_true (jg_post_store_add_signoff (f->posts, jg_post_get_uuid (post), &first, &error));
  /* Sign-offs are never rewritten. */
  g_assert_true (jg_post_store_add_signoff (f->posts, jg_post_get_uuid (post), &again, &error));
  g_assert_no_error (error);
  signoffs = jg_post_store_list_signoffs (f->posts, jg_post_get_uuid (post), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signoffs->len, ==, 1);
  g_assert_cmpstr (((JgPostSignoff *) signoffs->pdata[0])->comment, ==, "初审通过");
}

/* Returned by the server while its next revision was edited here: both
 * are kept until the author chooses. */
static void
test_returned_while_edited (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JgPost) post = valid_dynamics ("原标题");
  g_autoptr(JgPost) server_copy = NULL;
  g_autoptr(JgPost) loaded = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_json = NULL;
  g_autofree char *comment = NULL;
  const char *uuid = jg_post_get_uuid (post);
  gboolean applied;

  save (f, post);
  submit (f, uuid);
  g_assert_true (jg_post_store_mark_sending (f->posts, uuid, 1, &error));
  g_assert_true (jg_post_store_set_in_review (f->posts, uuid, 1, 1, 1, &applied, &error));
  server_json = jg_post_to_json (post);

  jg_post_set (post, "title", "本地改的标题");
  save (f, post);
  g_assert_true (jg_post_store_set_returned (f->posts, uuid, 1, "请补充图片", server_json, &applied, &error));
  g_assert_no_error (error);

  loaded = load (f, uuid);
  g_assert_cmpstr (jg_post_get (loaded, "title"), ==, "本地改的标题");
  g_assert_cmpint (jg_post_get_state (loaded), ==, JG_POST_STATE_DRAFT);
  g_assert_true (jg_post_store_get_conflict (f->posts, uuid, &server_copy, &comment, &error));
  g_assert_cmpstr (jg_post_get (server_copy, "title"), ==, "原标题");
  g_assert_cmpstr (comment, ==, "请补充图片");
  rows = jg_post_store_list (f->posts, JG_POST_DYNAMICS, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (jg_post_summary_get_conflict (rows->pdata[0]));

  /* Keeping the local edit drops the server's copy; the feed saying the
   * same again does not bring the question back. */
  g_assert_true (jg_post_store_resolve_conflict (f->posts, uuid, TRUE, &error));
  g_assert_false (jg_post_store_get_conflict (f->posts, uuid, NULL, NULL, &error));
  g_assert_true (jg_post_store_set_returned (f->posts, uuid, 1, "请补充图片", server_json, &applied, &error));
  g_assert_false (applied);
  g_assert_false (jg_post_store_get_conflict (f->posts, uuid, NULL, NULL, &error));

  /* Taking the server's copy instead. */
  g_assert_true (jg_post_store_set_returned (f->posts, uuid, 1, "请再补充图片", server_json, &applied, &error));
  g_assert_true (jg_post_store_get_conflict (f->posts, uuid, NULL, NULL, &error));
  g_assert_true (jg_post_store_resolve_conflict (f->posts, uuid, FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = load (f, uuid);
  g_assert_cmpstr (jg_post_get (loaded, "title"), ==, "原标题");
  g_assert_cmpint (jg_post_get_state (loaded), ==, JG_POST_STATE_RETURNED);
  g_assert_false (jg_post_store_get_conflict (f->posts, uuid, NULL, NULL, &error));
}

/* --- deleting ------------------------------------------------------------- */

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JgPost) draft = valid_dynamics ("要删除的草稿");
  g_autoptr(JgPost) sent = valid_dynamics ("已送审的稿件");
  g_autoptr(JgPost) published = valid_dynamics ("已发布");
  g_autoptr(JgPost) before = NULL;
  g_autoptr(JgPost) back = NULL;
  g_autoptr(GError) error = NULL;
  gboolean applied;

  save (f, draft);
  before = load (f, jg_post_get_uuid (draft));
  g_assert_true (jg_post_store_delete (f->posts, jg_post_get_uuid (draft), &error));
  g_assert_no_error (error);
  g_assert_null (jg_post_store_load (f->posts, jg_post_get_uuid (draft), &error));
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (jg_post_store_undelete (f->posts, before, &error));
  g_assert_no_error (error);
  back = load (f, jg_post_get_uuid (draft));
  g_assert_cmpstr (jg_post_get (back, "title"), ==, "要删除的草稿");

  /* One the server holds is kept, marked, until the sync sends it. */
  save (f, sent);
  submit (f, jg_post_get_uuid (sent));
  g_assert_true (jg_post_store_mark_sending (f->posts, jg_post_get_uuid (sent), 1, &error));
  g_assert_true (jg_post_store_set_in_review (f->posts, jg_post_get_uuid (sent), 1, 1, 1, &applied, &error));
  g_assert_true (jg_post_store_delete (f->posts, jg_post_get_uuid (sent), &error));
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM post WHERE deleting = 1"), ==, 1);
  g_assert_cmpuint (count_listed (f, -1, NULL), ==, 1);
  g_assert_true (jg_post_store_undelete (f->posts, sent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (f, jg_post_get_uuid (sent)), ==, JG_POST_STATE_IN_REVIEW);

  /* A published post is withdrawn, never deleted. */
  publish (f, published, 1763600000);
  g_assert_false (jg_post_store_delete (f->posts, jg_post_get_uuid (published), &error));
  g_assert_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED);
}

/* --- the list ------------------------------------------------------------- */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  (*calls)++;
}

static char *
this_month (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) shanghai = g_date_time_add_seconds (now, JG_QUOTA_UTC_OFFSET_SECONDS);

  return g_date_time_format (shanghai, "%Y-%m");
}

/* 2026-11-10 12:00 in Shanghai. */
#define NOVEMBER_10 G_GINT64_CONSTANT (1794283200)

static void
test_model (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JgPost) published = valid_dynamics ("十一月发布的动态");
  g_autoptr(JgPost) draft = valid_dynamics ("本月的草稿");
  g_autoptr(JgPost) later = valid_dynamics ("又一篇草稿");
  g_autoptr(JgPost) exposure = jg_post_new (JG_POST_EXPOSURE, DEPARTMENT);
  g_autoptr(JgPostsModel) november = NULL;
  g_autoptr(JgPostsModel) current = NULL;
  g_autoptr(JgPostSummary) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *month = this_month ();
  guint calls = 0;

  publish (f, published, NOVEMBER_10);
  save (f, draft);
  jg_post_set (exposure, "title", "某公司虚假宣传案");
  save (f, exposure);

  november = jg_posts_model_new (f->posts, JG_POST_DYNAMICS, "2026-11", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (november)), ==, 1);
  row = g_list_model_get_item (G_LIST_MODEL (november), 0);
  g_assert_cmpstr (jg_post_summary_get_title (row), ==, "十一月发布的动态");
  g_assert_cmpint (jg_post_summary_get_state (row), ==, JG_POST_STATE_PUBLISHED);
  g_assert_cmpint (jg_post_summary_get_published_at (row), ==, NOVEMBER_10);
  g_assert_cmpstr (jg_post_summary_get_month (row), ==, "2026-11");

  /* Drafts are listed in the month of their last change. */
  current = jg_posts_model_new (f->posts, JG_POST_DYNAMICS, month, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (current)), ==, 1);
  g_signal_connect (current, "items-changed", G_CALLBACK (items_changed_cb), &calls);

  /* The model follows the store. */
  save (f, later);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (current)), ==, 2);
  g_assert_true (jg_post_store_delete (f->posts, jg_post_get_uuid (draft), &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (current)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (november)), ==, 1);

  g_assert_true (jg_posts_model_set_filter (current, JG_POST_EXPOSURE, month, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (current)), ==, 1);
}

/* --- the quota ------------------------------------------------------------ */

static gint64
shanghai_time (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (year, month, day, hour, minute, second);
  return g_date_time_to_unix (utc) - JG_QUOTA_UTC_OFFSET_SECONDS;
}

/* A post of @department that the server published at @at. */
static void
copy_published (Fixture      *f,
                JgPostColumn  column,
                const char   *department,
                gint64        at,
                gint64        withdrawn_at)
{
  g_autoptr(JgPost) post = jg_post_new (column, department);
  g_autoptr(GError) error = NULL;
  JgPostCopy copy = {
    .post = post,
    .state = withdrawn_at ? JG_POST_STATE_WITHDRAWN : JG_POST_STATE_PUBLISHED,
    .published_at = at,
    .withdrawn_at = withdrawn_at,
    .withdraw_reason = withdrawn_at ? "信用修复" : NULL,
  };
  gboolean applied;

  jg_post_set (post, "title", "已发布");
  g_assert_true (jg_post_store_apply_copy (f->posts, &copy, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
}

static void
test_quota (Fixture       *f,
            gconstpointer  data)
{
  JgQuotaCount counts[JG_QUOTA_N_COLUMNS];
  g_autoptr(GError) error = NULL;
  g_autoptr(JgPost) mine = valid_dynamics ("本部门的动态");

  /* Around the month's edges in Shanghai, whatever the machine's zone. */
  g_setenv ("TZ", "America/New_York", TRUE);
  copy_published (f, JG_POST_DYNAMICS, DEPARTMENT, shanghai_time (2026, 10, 31, 23, 30, 0), 0);
  copy_published (f, JG_POST_DYNAMICS, DEPARTMENT, shanghai_time (2026, 11, 1, 0, 10, 0), 0);
  copy_published (f, JG_POST_DYNAMICS, DEPARTMENT, shanghai_time (2026, 11, 30, 23, 59, 59), 0);
  copy_published (f, JG_POST_DYNAMICS, DEPARTMENT, shanghai_time (2026, 12, 1, 0, 0, 0), 0);
  /* A withdrawn item still counts for the month it was published in. */
  copy_published (f, JG_POST_EXPOSURE, DEPARTMENT, shanghai_time (2026, 11, 15, 9, 0, 0),
                  shanghai_time (2026, 11, 20, 9, 0, 0));
  copy_published (f, JG_POST_DYNAMICS, "D2", shanghai_time (2026, 11, 10, 9, 0, 0), 0);
  publish (f, mine, shanghai_time (2026, 11, 1, 12, 0, 0));

  g_assert_true (jg_post_store_count_quota (f->posts, NULL, 2026, 11, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[JG_QUOTA_DYNAMICS].items, ==, 3);
  g_assert_cmpuint (counts[JG_QUOTA_DYNAMICS].updates, ==, 2);
  g_assert_cmpuint (counts[JG_QUOTA_EXPOSURE].items, ==, 1);
  g_assert_cmpuint (counts[JG_QUOTA_EXPOSURE].updates, ==, 1);

  g_assert_true (jg_post_store_count_quota (f->posts, NULL, 2026, 10, counts, &error));
  g_assert_cmpuint (counts[JG_QUOTA_DYNAMICS].items, ==, 1);
  g_assert_cmpuint (counts[JG_QUOTA_EXPOSURE].items, ==, 0);
  g_assert_true (jg_post_store_count_quota (f->posts, NULL, 2026, 12, counts, &error));
  g_assert_cmpuint (counts[JG_QUOTA_DYNAMICS].items, ==, 1);
  g_assert_cmpuint (counts[JG_QUOTA_DYNAMICS].updates, ==, 1);
  g_assert_true (jg_post_store_count_quota (f->posts, "D2", 2026, 11, counts, &error));
  g_assert_cmpuint (counts[JG_QUOTA_DYNAMICS].items, ==, 1);
  g_unsetenv ("TZ");
}

/* --- async ---------------------------------------------------------------- */

typedef struct {
  Fixture      *f;
  GAsyncResult *result;
  guint         changes_at_callback;
} Wait;

static void
ready_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->changes_at_callback = wait->f->changes;
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JgPost) post = valid_dynamics ("后台保存");
  g_autoptr(JgPost) loaded = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { f };

  jg_post_store_save_async (f->posts, post, NULL, ready_cb, &wait);
  /* The editor goes on typing: the save is of the post as it was. */
  jg_post_set (post, "title", "后台保存之后又改");
  result = wait_for (&wait);
  g_assert_true (jg_post_store_save_finish (f->posts, result, &error));
  g_assert_no_error (error);
  /* "changed" came before the callback. */
  g_assert_cmpuint (wait.changes_at_callback, ==, 1);
  g_clear_object (&result);

  wait.result = NULL;
  jg_post_store_load_async (f->posts, jg_post_get_uuid (post), NULL, ready_cb, &wait);
  result = wait_for (&wait);
  loaded = jg_post_store_load_finish (f->posts, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_post_get (loaded, "title"), ==, "后台保存");
  g_clear_object (&result);

  wait.result = NULL;
  jg_post_store_submit_async (f->posts, jg_post_get_uuid (post), TODAY, NULL, ready_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (jg_post_store_submit_finish (f->posts, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Autosaves land in the order they were asked: the last text wins. */
  {
    g_autoptr(JgPost) draft = valid_dynamics ("第一稿");
    g_autoptr(JgPost) final = NULL;
    Wait waits[20] = { { 0 } };

    for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
      {
        g_autofree char *title = g_strdup_printf ("第 %u 稿", i + 1);
        waits[i].f = f;
        jg_post_set (draft, "title", title);
        jg_post_store_save_async (f->posts, draft, NULL, ready_cb, &waits[i]);
      }
    for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
      {
        g_assert_true (jg_post_store_save_finish (f->posts, wait_for (&waits[i]), &error));
        g_assert_no_error (error);
        g_clear_object (&waits[i].result);
      }
    final = load (f, jg_post_get_uuid (draft));
    g_assert_cmpstr (jg_post_get (final, "title"), ==, "第 20 稿");
  }

  wait.result = NULL;
  jg_post_store_list_async (f->posts, JG_POST_DYNAMICS, NULL, NULL, ready_cb, &wait);
  result = wait_for (&wait);
  rows = jg_post_store_list_finish (f->posts, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (jg_post_summary_get_state (rows->pdata[1]), ==, JG_POST_STATE_SUBMITTED);
}

/* --- a crash -------------------------------------------------------------- */

#define CRASH_UUID_FILE "crash-uuid"

/* In a child process: an autosave, then another killed (SIGKILL) halfway
 * through its transaction. */
static void
crash_child (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autofree char *uuid_file = g_build_filename (dir, CRASH_UUID_FILE, NULL);
  g_autoptr(JgStore) store = jg_store_open (path, NULL);
  g_autoptr(JgPostStore) posts = jg_post_store_new (store);
  g_autoptr(JgPost) post = valid_dynamics ("已自动保存的标题");

  g_assert_true (jg_post_store_save (posts, post, NULL));
  g_assert_true (g_file_set_contents (uuid_file, jg_post_get_uuid (post), -1, NULL));
  g_assert_true (jg_store_begin (store, NULL));
  g_assert_true (jg_store_exec (store, "UPDATE post SET title = '写了一半', fields = '{' ", NULL));
  raise (SIGKILL);
}

static void
test_kill_9 (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *uuid_file = g_build_filename (f->dir, CRASH_UUID_FILE, NULL);
  g_autofree char *uuid = NULL;
  g_autoptr(JgPost) post = NULL;
  g_autoptr(JgStore) reopened = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      crash_child (g_getenv ("JG_TEST_CRASH_DIR"));
      return;
    }
  g_clear_object (&f->posts);
  g_clear_object (&f->store);
  g_setenv ("JG_TEST_CRASH_DIR", f->dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();

  g_assert_true (g_file_get_contents (uuid_file, &uuid, NULL, &error));
  reopened = jg_store_open (f->path, &error);
  g_assert_no_error (error);
  posts = jg_post_store_new (reopened);
  post = jg_post_store_load (posts, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jg_post_get (post, "title"), ==, "已自动保存的标题");
}

/* --- migration ------------------------------------------------------------ */

/* The schema step before the posts. */
#define BEFORE_POSTS_VERSION 11

static void
test_migrate_old_database (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("post-migration");
  g_autofree char *path = g_build_filename (dir, "jianguan.db", NULL);
  g_autofree char *digest = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  static const char digest_sql[] =
    "SELECT group_concat (uuid || state || number || name || fields, ';')"
    " || (SELECT group_concat (who || action, ';') FROM audit) FROM record WHERE ?1 IS NULL";

  {
    g_autoptr(JgStore) old = jg_store_open_at_version (path, BEFORE_POSTS_VERSION, &error);
    g_assert_no_error (error);
    g_assert_true (jg_store_exec (old,
                                  "INSERT INTO record (uuid, kind, department, state, revision, op, number, name,"
                                  " sort_date, fields, created, modified) VALUES"
                                  " ('00000000-0000-4000-8000-0000000000b1', 'inspection', 'D1', 'accepted', 1,"
                                  "  NULL, 'JC-2026-0001', '旧记录', '2026-07-01', '{}', 1, 1);"
                                  "INSERT INTO audit (uuid, at, who, action, revision) VALUES"
                                  " ('00000000-0000-4000-8000-0000000000b1', 1, 'alice', 'create', 1);",
                                  &error));
    g_assert_no_error (error);
    digest = jg_test_query_text (old, digest_sql, NULL);
    g_assert_nonnull (digest);
  }

  {
    g_autoptr(JgStore) store = jg_store_open (path, &error);
    g_autoptr(JgPostStore) posts = NULL;
    g_autoptr(JgPost) post = valid_dynamics ("升级后的第一篇");

    g_assert_no_error (error);
    g_assert_cmpint (jg_store_get_schema_version (store), ==, jg_store_latest_schema_version ());
    after = jg_test_query_text (store, digest_sql, NULL);
    g_assert_cmpstr (after, ==, digest);
    posts = jg_post_store_new (store);
    g_assert_true (jg_post_store_save (posts, post, &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/post-store/round-trip", Fixture, NULL, set_up, test_round_trip, tear_down);
  g_test_add ("/post-store/empty-not-kept", Fixture, NULL, set_up, test_empty_not_kept, tear_down);
  g_test_add ("/post-store/submit", Fixture, NULL, set_up, test_submit_needs_no_errors, tear_down);
  g_test_add ("/post-store/submit-keeps-wording-hits", Fixture, NULL, set_up, test_submit_keeps_wording_hits,
              tear_down);
  g_test_add ("/post-store/life-cycle", Fixture, NULL, set_up, test_life_cycle, tear_down);
  g_test_add ("/post-store/sign-offs", Fixture, NULL, set_up, test_sign_offs, tear_down);
  g_test_add ("/post-store/returned-while-edited", Fixture, NULL, set_up, test_returned_while_edited, tear_down);
  g_test_add ("/post-store/delete-undo", Fixture, NULL, set_up, test_delete_undo, tear_down);
  g_test_add ("/post-store/model", Fixture, NULL, set_up, test_model, tear_down);
  g_test_add ("/post-store/quota", Fixture, NULL, set_up, test_quota, tear_down);
  g_test_add ("/post-store/async", Fixture, NULL, set_up, test_async, tear_down);
  g_test_add ("/post-store/kill-9", Fixture, NULL, set_up, test_kill_9, tear_down);
  g_test_add_func ("/post-store/migrate-old-database", test_migrate_old_database);

  return g_test_run ();
}
