/* jg-posts-feed.c — what the server says of posts (PROTOCOL.md "Posts")
 *
 * The department's posts feed (cursor 'posts'): each change is one post
 * whole. Its state is applied to the local revision first (so that a post
 * returned while edited here keeps both copies: jg-post-states.h), then
 * the copy itself (a post unknown here, or a later revision another
 * workstation sent), then its sign-offs; all pages in one transaction,
 * the cursor moved at the end. The images those posts show that this
 * computer has no file of are downloaded afterwards, each stored as it
 * comes. Also the wording list feed (cursor 'wording', public) into the
 * account's wording table, whose only writer this file is, and the
 * month's quota thresholds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-feed-reader.h"
#include "jg-post-queue.h"
#include "jg-post-states.h"
#include "jg-post-sync.h"
#include "jg-posts-sync-private.h"
#include "jg-store-private.h"
#include "jg-sync-limits.h"
#include "jg-validate.h"

#define META_QUOTA "posts.quota"
#define META_CALENDAR "posts.calendar"

GPtrArray *
jg_posts_reasons (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "reasons");
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return issues;
  {
    JsonArray *array = json_node_get_array (node);

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JgIssue *issue = jg_issue_new_from_json (json_array_get_element (array, i), NULL);
        if (issue != NULL)
          g_ptr_array_add (issues, issue);
      }
  }
  return issues;
}

/* Reads one feed (all pages, in the caller's transaction) with @apply. */
static gboolean
read_feed (JgPostsRun   *run,
           const char   *feed,
           guint         page_size,
           JgChangeFunc  apply,
           gpointer      user_data,
           GError      **error)
{
  JgFeedReader reader = {
    .http = run->http,
    .store = run->store,
    .cancellable = run->cancellable,
    .feed = feed,
    .page_size = page_size,
    .apply = apply,
    .user_data = user_data,
  };
  JgFeedResult result;

  if (!jg_store_begin (run->store, error))
    return FALSE;
  if (!jg_feed_reader_run (&reader, &result, error))
    {
      if (result.retry_after > 0)
        run->res->retry_after = result.retry_after;
      jg_store_rollback (run->store);
      return FALSE;
    }
  if (!jg_store_commit (run->store, error))
    {
      jg_store_rollback (run->store);
      return FALSE;
    }
  return TRUE;
}

/* Parses @change's data into @parser's root object, or NULL. */
static JsonObject *
change_object (const JgChange  *change,
               JsonParser      *parser,
               GError         **error)
{
  g_autoptr(GError) parse_error = NULL;
  const char *data;
  gsize length;
  JsonNode *root;

  data = jg_change_get_data_json (change, &length);
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      jg_http_set_malformed (JG_HTTP_FOR_POSTS, parse_error->message, error);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("a post from the server is not an object"), error);
      return NULL;
    }
  return json_node_get_object (root);
}

/* --- the wording list ----------------------------------------------------- */

typedef struct {
  JgPostsRun *run;
  JsonParser *parser;
} FeedState;

static gboolean
on_wording (const JgChange *change,
            gpointer        user_data,
            GError        **error)
{
  FeedState *state = user_data;
  JgStore *store = state->run->store;
  const char *key = jg_change_get_key (change);
  sqlite3_stmt *stmt;

  if (key == NULL)
    return TRUE;
  if (g_strcmp0 (jg_change_get_op (change), "delete") == 0)
    {
      stmt = jg_store_prepare (store, "DELETE FROM wording WHERE wrong = ?", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, key);
    }
  else
    {
      JsonObject *object;
      const char *wrong, *suggestion;

      if (!jg_change_has_data (change) || (object = change_object (change, state->parser, error)) == NULL)
        return jg_change_has_data (change) ? FALSE : TRUE;
      wrong = json_object_get_string_member_with_default (object, "wrong", key);
      suggestion = json_object_get_string_member_with_default (object, "suggestion", NULL);
      if (wrong == NULL || *wrong == '\0' || suggestion == NULL)
        return TRUE;   /* an entry this client cannot use */
      stmt = jg_store_prepare (store, "INSERT OR REPLACE INTO wording (wrong, suggestion) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, wrong);
      jg_store_bind_text (stmt, 2, suggestion);
    }
  if (!jg_store_step_done (store, stmt, error))
    return FALSE;
  state->run->res->wording_changes++;
  return TRUE;
}

gboolean
jg_posts_pull_wording (JgPostsRun  *run,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  FeedState state = { run, parser };

  return read_feed (run, "wording", JG_WORDING_FEED_PAGE_SIZE, on_wording, &state, error);
}

/* --- the quota ------------------------------------------------------------ */

/* The working-day calendar that comes with the quota (a server before it
 * sends none: the one kept stays). */
static gboolean
keep_calendar (JgPostsRun  *run,
               JsonObject  *answer,
               GError     **error)
{
  g_autoptr(JgWorkCalendar) calendar = jg_work_calendar_new ();
  g_autofree char *text = NULL;
  g_autofree char *old = NULL;
  JsonNode *node = json_object_get_member (answer, "calendar");
  JsonArray *days;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("the working-day calendar is not a list"), error);
  days = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonNode *element = json_array_get_element (days, i);
      const char *date, *kind;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      date = json_object_get_string_member_with_default (json_node_get_object (element), "date", "");
      kind = json_object_get_string_member_with_default (json_node_get_object (element), "kind", "");
      /* An unknown kind is a newer server's: skipped, not fatal. */
      if (g_str_equal (kind, "off"))
        jg_work_calendar_set (calendar, date, JG_WORK_DAY_OFF);
      else if (g_str_equal (kind, "work"))
        jg_work_calendar_set (calendar, date, JG_WORK_DAY_WORK);
    }
  text = jg_work_calendar_to_string (calendar);
  old = jg_store_get_meta (run->store, META_CALENDAR);
  if (g_strcmp0 (old, text) == 0 || (old == NULL && *text == '\0'))
    return TRUE;
  run->res->quota_changed = TRUE;
  return jg_store_set_meta (run->store, META_CALENDAR, text, error);
}

gboolean
jg_posts_pull_quota (JgPostsRun  *run,
                     GError     **error)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *old = NULL;
  JgQuotaRule rules[JG_QUOTA_N_COLUMNS];
  JgHttpAnswer info;
  JsonNode *root;
  JsonArray *columns;

  answer = jg_http_client_send (run->http, SOUP_METHOD_GET, "api/v1/posts/quota", NULL, NULL, &info,
                                run->cancellable, error);
  jg_http_answer_clear (&info);
  if (answer == NULL)
    return FALSE;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "columns")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "columns")))
    return jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("the quota lacks its columns"), error);

  jg_posts_sync_get_quota_rules (run->store, rules);
  columns = json_object_get_array_member (json_node_get_object (root), "columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonNode *node = json_array_get_element (columns, i);
      JsonObject *column;
      JgPostColumn which;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      column = json_node_get_object (node);
      if (!jg_post_column_from_string (json_object_get_string_member_with_default (column, "column", ""),
                                       &which) || (guint) which >= JG_QUOTA_N_COLUMNS)
        continue;
      rules[which].updates_needed = json_object_get_int_member_with_default (column, "updates_needed",
                                                                             rules[which].updates_needed);
      rules[which].items_needed = json_object_get_int_member_with_default (column, "items_needed",
                                                                           rules[which].items_needed);
    }
  for (guint i = 0; i < JG_QUOTA_N_COLUMNS; i++)
    g_string_append_printf (text, "%s%u/%u", i > 0 ? ";" : "", rules[i].updates_needed, rules[i].items_needed);
  old = jg_store_get_meta (run->store, META_QUOTA);
  if (g_strcmp0 (old, text->str) != 0)
    {
      run->res->quota_changed = TRUE;
      if (!jg_store_set_meta (run->store, META_QUOTA, text->str, error))
        return FALSE;
    }
  return keep_calendar (run, json_node_get_object (root), error);
}

/* --- the posts feed ------------------------------------------------------- */

static gint64
int_or_zero (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static const char *
string_or_null (JsonObject *object,
                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* The comment of the sign-off that returned @revision (the last one). */
static const char *
return_comment (JsonArray *signoffs,
                guint      revision)
{
  const char *comment = NULL;

  for (guint i = 0; signoffs != NULL && i < json_array_get_length (signoffs); i++)
    {
      JsonObject *signoff = json_array_get_object_element (signoffs, i);

      if (signoff != NULL && int_or_zero (signoff, "revision") == revision
          && g_strcmp0 (string_or_null (signoff, "decision"), "return") == 0)
        comment = string_or_null (signoff, "comment");
    }
  return comment;
}

static gboolean
add_signoffs (JgPostsRun  *run,
              const char  *uuid,
              JsonArray   *signoffs,
              GError     **error)
{
  for (guint i = 0; signoffs != NULL && i < json_array_get_length (signoffs); i++)
    {
      JsonObject *object = json_array_get_object_element (signoffs, i);
      JgPostSignoff signoff;

      if (object == NULL || string_or_null (object, "reviewer") == NULL
          || string_or_null (object, "decision") == NULL)
        continue;
      signoff.revision = int_or_zero (object, "revision");
      signoff.level = int_or_zero (object, "level");
      signoff.reviewer = (char *) string_or_null (object, "reviewer");
      signoff.decision = (char *) string_or_null (object, "decision");
      signoff.comment = (char *) string_or_null (object, "comment");
      signoff.at = int_or_zero (object, "at");
      if (!jg_post_store_add_signoff (run->posts, uuid, &signoff, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
jg_posts_apply_server_post (JgPostsRun  *run,
                            JsonObject  *object,
                            GError     **error)
{
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *server_json = NULL;
  JsonArray *signoffs = NULL;
  JgPostCopy copy = { 0 };
  const char *uuid;
  guint revision;
  gboolean applied = FALSE;
  gboolean copied;
  gboolean ok;

  post = jg_post_new_from_json_object (object, &parse_error);
  if (post == NULL)
    return jg_http_set_malformed (JG_HTTP_FOR_POSTS, parse_error->message, error);
  uuid = jg_post_get_uuid (post);
  revision = jg_post_get_revision (post);
  if (json_object_has_member (object, "signoffs")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "signoffs")))
    signoffs = json_object_get_array_member (object, "signoffs");

  copy.post = post;
  copy.state = jg_post_get_state (post);
  copy.review_level = int_or_zero (object, "level");
  copy.review_levels = int_or_zero (object, "levels");
  copy.published_at = int_or_zero (object, "published_at");
  copy.withdrawn_at = int_or_zero (object, "withdrawn_at");
  copy.withdraw_reason = string_or_null (object, "withdraw_reason");
  copy.review_comment = copy.state == JG_POST_STATE_RETURNED ? return_comment (signoffs, revision) : NULL;

  /* The state of the revision this computer sent first: a post returned
   * while it was edited here keeps the server's copy beside the edit. */
  switch (copy.state)
    {
    case JG_POST_STATE_IN_REVIEW:
      ok = jg_post_store_set_in_review (run->posts, uuid, revision, copy.review_level,
                                        copy.review_levels, &applied, error);
      break;
    case JG_POST_STATE_RETURNED:
      server_json = jg_post_to_json (post);
      ok = jg_post_store_set_returned (run->posts, uuid, revision, copy.review_comment ?: "",
                                       server_json, &applied, error);
      break;
    case JG_POST_STATE_PUBLISHED:
      ok = jg_post_store_set_published (run->posts, uuid, revision, copy.published_at, &applied, error);
      if (applied)
        run->res->quota_changed = TRUE;
      break;
    case JG_POST_STATE_WITHDRAWN:
      ok = jg_post_store_set_withdrawn (run->posts, uuid, copy.withdrawn_at,
                                        copy.withdraw_reason ?: "", &applied, error);
      break;
    default:
      ok = TRUE;
      break;
    }
  /* The checks the author's client sent, for the reviewer's queue. */
  if (ok && json_object_has_member (object, "checks"))
    {
      g_autoptr(GPtrArray) checks = jg_issues_new_from_json (json_object_get_member (object, "checks"), NULL);

      ok = checks == NULL || jg_post_queue_set_checks (run->posts, uuid, revision, checks, error);
    }
  if (!ok || !jg_post_store_apply_copy (run->posts, &copy, &copied, error)
      || !add_signoffs (run, uuid, signoffs, error)
      || !jg_post_store_link_images (run->posts, uuid, error))
    return FALSE;
  if (applied || copied)
    run->res->posts_updated++;
  if (copied && copy.published_at > 0)
    run->res->quota_changed = TRUE;
  return TRUE;
}

static gboolean
on_post (const JgChange *change,
         gpointer        user_data,
         GError        **error)
{
  FeedState *state = user_data;
  JsonObject *object;

  /* A deleted post was given up by its author while returned. */
  if (g_strcmp0 (jg_change_get_op (change), "delete") == 0 && jg_change_get_key (change) != NULL)
    {
      gboolean removed;

      if (!jg_post_store_apply_deleted (state->run->posts, jg_change_get_key (change), &removed, error))
        return FALSE;
      if (removed)
        state->run->res->posts_updated++;
      return TRUE;
    }
  if (g_strcmp0 (jg_change_get_op (change), "put") != 0 || !jg_change_has_data (change))
    return TRUE;
  object = change_object (change, state->parser, error);
  return object != NULL && jg_posts_apply_server_post (state->run, object, error);
}

/* The images the department's posts show that are not on this computer. */
static gboolean
download_images (JgPostsRun  *run,
                 GError     **error)
{
  g_auto(GStrv) missing = jg_post_store_missing_images (run->posts, error);
  static const guint pass[] = { SOUP_STATUS_NOT_FOUND, SOUP_STATUS_FORBIDDEN, 0 };

  if (missing == NULL)
    return FALSE;
  for (guint i = 0; missing[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("api/v1/images/%s", missing[i]);
      JgHttpRequest request = { .method = SOUP_METHOD_GET, .path = path, .pass_statuses = pass };
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      JgHttpAnswer info;
      gboolean png;

      bytes = jg_http_client_request (run->http, &request, &info, run->cancellable, error);
      jg_http_answer_clear (&info);
      if (bytes == NULL)
        return FALSE;
      if (info.status != SOUP_STATUS_OK)
        continue;   /* not the server's (yet): a local draft's, or another's */
      png = g_bytes_get_size (bytes) > 4 && memcmp (g_bytes_get_data (bytes, NULL), "\x89PNG", 4) == 0;
      if (!jg_post_images_add_downloaded (run->posts, missing[i], png ? "image/png" : "image/jpeg", bytes,
                                          &local_error))
        {
          g_message ("Image %s not kept: %s", missing[i], local_error->message);
          continue;
        }
      run->res->images_downloaded++;
    }
  return TRUE;
}

gboolean
jg_posts_pull (JgPostsRun  *run,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  FeedState state = { run, parser };

  return read_feed (run, "posts", run->self->engine.page_size, on_post, &state, error)
         && download_images (run, error);
}
