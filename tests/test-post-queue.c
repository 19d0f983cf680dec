/* test-post-queue.c — the reviewer's queue: the department's posts in
 * review, oldest first, with the checks their author's client sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "jg-post-queue.h"
#include "jg-post-states.h"
#include "jg-record-store.h"
#include "jg-test-util.h"
#include "jg-validate.h"

#define DEPARTMENT "11445200006295321R"
#define BODY "<p>本局开展食品安全专项检查，检查食品经营单位12家。</p>"

typedef struct {
  char        *dir;
  JgStore     *store;
  JgPostStore *posts;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = jg_test_make_tmpdir ("post-queue");
  path = g_build_filename (f->dir, "jianguan.db", NULL);
  f->store = jg_store_open (path, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (f->store, DEPARTMENT, &error);
  g_assert_no_error (error);
  f->posts = jg_post_store_new (f->store);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->posts);
  g_clear_object (&f->store);
  g_free (f->dir);
}

/* A post of the department as the posts feed brings it: @state at @level
 * of @levels. Returns its uuid. */
static char *
arrive (Fixture     *f,
        JgPostColumn column,
        const char  *title,
        const char  *author,
        JgPostState  state,
        guint        level,
        guint        levels)
{
  g_autoptr(JgPost) post = jg_post_new (column, DEPARTMENT);
  g_autoptr(GError) error = NULL;
  JgPostCopy copy = { 0 };
  gboolean applied = FALSE;

  jg_post_set (post, "title", title);
  if (column == JG_POST_DYNAMICS)
    {
      jg_post_set (post, "body", BODY);
      jg_post_set (post, "author", author);
    }
  jg_post_set_identity (post, NULL, 1, state);
  copy.post = post;
  copy.state = state;
  copy.review_level = level;
  copy.review_levels = levels;
  copy.published_at = state == JG_POST_STATE_PUBLISHED ? 1764835200 : 0;
  g_assert_true (jg_post_store_apply_copy (f->posts, &copy, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
  return g_strdup (jg_post_get_uuid (post));
}

static GPtrArray *
queue (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = jg_post_queue_list (f->posts, &error);

  g_assert_no_error (error);
  g_assert_nonnull (items);
  return items;
}

static void
test_in_review_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *a = arrive (f, JG_POST_DYNAMICS, "节前食品安全检查", "李某", JG_POST_STATE_IN_REVIEW, 1, 1);
  g_autofree char *b = arrive (f, JG_POST_DYNAMICS, "已发布的稿件", "王某", JG_POST_STATE_PUBLISHED, 1, 1);
  g_autofree char *c = arrive (f, JG_POST_DYNAMICS, "已退回的稿件", "王某", JG_POST_STATE_RETURNED, 1, 1);
  g_autofree char *d = arrive (f, JG_POST_EXPOSURE, "某公司违法案件", NULL, JG_POST_STATE_IN_REVIEW, 2, 3);
  g_autoptr(JgPost) draft = jg_post_new (JG_POST_DYNAMICS, DEPARTMENT);
  g_autoptr(GError) error = NULL;
  JgPostQueueItem *item;

  /* A draft written here is not for review. */
  jg_post_set (draft, "title", "本机草稿");
  g_assert_true (jg_post_store_save (f->posts, draft, &error));
  g_assert_no_error (error);

  items = queue (f);
  g_assert_cmpuint (items->len, ==, 2);
  /* Oldest first: in the order they arrived. */
  item = items->pdata[0];
  g_assert_cmpstr (item->uuid, ==, a);
  g_assert_cmpstr (item->title, ==, "节前食品安全检查");
  g_assert_cmpstr (item->author, ==, "李某");
  g_assert_cmpint (item->column, ==, JG_POST_DYNAMICS);
  g_assert_cmpuint (item->revision, ==, 1);
  g_assert_cmpuint (item->level, ==, 1);
  g_assert_cmpuint (item->levels, ==, 1);
  item = items->pdata[1];
  g_assert_cmpstr (item->uuid, ==, d);
  g_assert_null (item->author);
  g_assert_cmpint (item->column, ==, JG_POST_EXPOSURE);
  g_assert_cmpuint (item->level, ==, 2);
  g_assert_cmpuint (item->levels, ==, 3);
}

/* The author's list says at which level a post waits, by the same names
 * the reviewer's queue and the history use: with two levels the second is
 * the final one. */
static void
test_list_levels (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = arrive (f, JG_POST_DYNAMICS, "一级审核", "李某", JG_POST_STATE_IN_REVIEW, 1, 1);
  g_autofree char *b = arrive (f, JG_POST_DYNAMICS, "三级审核", "王某", JG_POST_STATE_IN_REVIEW, 2, 3);

  rows = jg_post_store_list (f->posts, JG_POST_DYNAMICS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      JgPostSummary *row = rows->pdata[i];

      if (g_strcmp0 (jg_post_summary_get_uuid (row), a) == 0)
        {
          g_assert_cmpuint (jg_post_summary_get_review_level (row), ==, 1);
          g_assert_cmpuint (jg_post_summary_get_review_levels (row), ==, 1);
        }
      else
        {
          g_assert_cmpstr (jg_post_summary_get_uuid (row), ==, b);
          g_assert_cmpuint (jg_post_summary_get_review_level (row), ==, 2);
          g_assert_cmpuint (jg_post_summary_get_review_levels (row), ==, 3);
        }
    }
  g_assert_cmpstr (jg_post_review_level_name (1, 1), ==, "Review");
  g_assert_cmpstr (jg_post_review_level_name (1, 3), ==, "First review");
  g_assert_cmpstr (jg_post_review_level_name (2, 3), ==, "Second review");
  g_assert_cmpstr (jg_post_review_level_name (2, 2), ==, "Final review");
  g_assert_cmpstr (jg_post_review_level_name (3, 3), ==, "Final review");
}

static void
test_leaves_when_decided (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = arrive (f, JG_POST_DYNAMICS, "第一篇", "李某", JG_POST_STATE_IN_REVIEW, 1, 1);
  g_autofree char *b = arrive (f, JG_POST_DYNAMICS, "第二篇", "李某", JG_POST_STATE_IN_REVIEW, 1, 1);
  gboolean applied = FALSE;

  before = queue (f);
  g_assert_cmpuint (before->len, ==, 2);
  /* The server's answer to a return: the post leaves the queue. */
  g_assert_true (jg_post_store_set_returned (f->posts, a, 1, "标题有错别字", NULL, &applied, &error));
  g_assert_no_error (error);
  after = queue (f);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((JgPostQueueItem *) after->pdata[0])->uuid, ==, b);
}

static void
test_checks_for_reviewer (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = arrive (f, JG_POST_DYNAMICS, "第一篇", "李某", JG_POST_STATE_IN_REVIEW, 1, 1);
  const char *args[] = { "国家工商总局开展", "国家工商总局", "国家市场监督管理总局", NULL };

  g_ptr_array_add (checks, jg_issue_new ("body", JG_ISSUE_WARNING, "At “%s”: “%s” should be “%s”.", args, 0));
  g_assert_true (jg_post_queue_set_checks (f->posts, a, 1, checks, &error));
  g_assert_no_error (error);

  kept = jg_post_store_get_checks (f->posts, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_cmpstr (((JgIssue *) kept->pdata[0])->field, ==, "body");
  g_assert_nonnull (strstr (((JgIssue *) kept->pdata[0])->message, "国家市场监督管理总局"));

  /* The next page of the feed says the same again: still one check. */
  g_assert_true (jg_post_queue_set_checks (f->posts, a, 1, checks, &error));
  g_clear_pointer (&kept, g_ptr_array_unref);
  kept = jg_post_store_get_checks (f->posts, a, &error);
  g_assert_cmpuint (kept->len, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  jg_test_isolate_xdg ();

  g_test_add ("/post-queue/in-review-only", Fixture, NULL, set_up, test_in_review_only, tear_down);
  g_test_add ("/post-queue/list-levels", Fixture, NULL, set_up, test_list_levels, tear_down);
  g_test_add ("/post-queue/leaves-when-decided", Fixture, NULL, set_up, test_leaves_when_decided, tear_down);
  g_test_add ("/post-queue/checks-for-reviewer", Fixture, NULL, set_up, test_checks_for_reviewer, tear_down);

  return g_test_run ();
}
