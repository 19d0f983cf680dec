/* jg-posts-sync.c — sends posts and their images, learns what the server did
 *
 * See jg-posts-sync.h for the contract. This file holds the object, a run
 * (wording, quota, push, feed) and the online review and withdrawal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "jg-json.h"
#include "jg-outbox.h"
#include "jg-paths.h"
#include "jg-post-sync.h"
#include "jg-posts-sync-private.h"
#include "jg-progress.h"
#include "jg-store-private.h"
#include "jg-sync-history.h"
#include "jg-sync-limits.h"
#include "jg-validate.h"

#define META_QUOTA "posts.quota"
#define META_CALENDAR "posts.calendar"
#define WORDING_STARTER "wording/serious-errors.tsv"

G_DEFINE_FINAL_TYPE (JgPostsSync, jg_posts_sync, G_TYPE_OBJECT)

enum { PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
jg_posts_sync_finalize (GObject *object)
{
  jg_sync_engine_clear (&JG_POSTS_SYNC (object)->engine);

  G_OBJECT_CLASS (jg_posts_sync_parent_class)->finalize (object);
}

static void
jg_posts_sync_class_init (JgPostsSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_posts_sync_finalize;

  signals[PROGRESS] = jg_progress_signal_new (G_TYPE_FROM_CLASS (klass));
}

static void
jg_posts_sync_init (JgPostsSync *self)
{
}

JgPostsSync *
jg_posts_sync_new (const char *db_path,
                   const char *server_url,
                   const char *token)
{
  JgPostsSync *self = g_object_new (JG_TYPE_POSTS_SYNC, NULL);

  jg_sync_engine_init (&self->engine, db_path, server_url, token,
                       JG_POSTS_FEED_PAGE_SIZE, signals[PROGRESS]);
  return self;
}

void
jg_posts_sync_set_ca_file (JgPostsSync *self,
                           const char  *ca_file)
{
  g_return_if_fail (JG_IS_POSTS_SYNC (self));
  jg_sync_engine_set_ca_file (&self->engine, ca_file);
}

/* --- a run ---------------------------------------------------------------- */

static gboolean
run_open (JgPostsSync   *self,
          JgPostsRun    *run,
          GCancellable  *cancellable,
          GError       **error)
{
  if (!jg_sync_engine_open (&self->engine, JG_HTTP_FOR_POSTS, JG_POSTS_SYNC_CACHE_KIB,
                            &run->store, &run->http, error))
    return FALSE;
  run->self = self;
  run->posts = jg_post_store_new (run->store);
  run->cancellable = cancellable;
  if (self->engine.token == NULL)
    return jg_http_check_status (JG_HTTP_FOR_POSTS, jg_http_client_get_base (run->http),
                                 SOUP_STATUS_UNAUTHORIZED, error);
  return TRUE;
}

static void
run_clear (JgPostsRun *run)
{
  g_clear_object (&run->posts);
  g_clear_object (&run->store);
  g_clear_pointer (&run->http, jg_http_client_free);
}

static gboolean
run_blocking (gpointer      instance,
              gpointer      result,
              GCancellable *cancellable,
              GError      **error)
{
  JgPostsSync *self = instance;
  JgPostsSyncResult *res = result;
  g_autoptr(GError) local_error = NULL;
  JgPostsRun run = { 0, };
  gint64 run_id;
  gboolean ok;

  memset (res, 0, sizeof *res);
  run.res = res;
  if (!run_open (self, &run, cancellable, &local_error))
    {
      if (run.store == NULL)
        {
          run_clear (&run);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      run_id = jg_sync_history_begin (run.store, "posts");
      goto failed;
    }
  run_id = jg_sync_history_begin (run.store, "posts");

  /* The list submit checks with, and the quota, come first: they are
   * needed even when nothing is sent. */
  ok = jg_posts_pull_wording (&run, &local_error)
       && jg_posts_pull_quota (&run, &local_error)
       && jg_posts_push (&run, &local_error)
       && jg_posts_pull (&run, &local_error);
  if (!ok)
    goto failed;

  {
    g_autofree char *sent = g_strdup_printf ("%u", res->sent);
    g_autofree char *accepted = g_strdup_printf ("%u", res->accepted);
    g_autofree char *rejected = g_strdup_printf ("%u", res->rejected);
    g_autofree char *updated = g_strdup_printf ("%u", res->posts_updated);
    const char *args[] = { sent, accepted, rejected, updated, NULL };

    jg_sync_history_end_template (run.store, run_id, TRUE,
                                  res->accepted + res->rejected + res->posts_updated,
                                  N_("Sent %s posts: %s accepted, %s rejected; %s posts updated."),
                                  args);
  }
  run_clear (&run);
  return TRUE;

failed:
  jg_sync_history_end_error (run.store, run_id, res->accepted + res->rejected + res->posts_updated,
                             local_error);
  run_clear (&run);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
jg_posts_sync_run (JgPostsSync       *self,
                   JgPostsSyncResult *result,
                   GCancellable      *cancellable,
                   GError           **error)
{
  JgPostsSyncResult res;
  gboolean ok;

  g_return_val_if_fail (JG_IS_POSTS_SYNC (self), FALSE);

  ok = run_blocking (self, &res, cancellable, error);
  if (result != NULL)
    *result = res;
  return ok;
}

void
jg_posts_sync_run_async (JgPostsSync         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (JG_IS_POSTS_SYNC (self));

  jg_sync_engine_run_async (&self->engine, self, run_blocking, sizeof (JgPostsSyncResult),
                            jg_posts_sync_run_async, cancellable, callback, user_data);
}

gboolean
jg_posts_sync_run_finish (JgPostsSync       *self,
                          GAsyncResult      *res,
                          JgPostsSyncResult *result,
                          GError           **error)
{
  return jg_sync_engine_run_finish (self, res, result, sizeof (JgPostsSyncResult), error);
}

/* --- reviewing and withdrawing -------------------------------------------- */

/* A 409 or 422 of the review and withdraw routes: its reason, said in this
 * program's language. */
static gboolean
refused (GBytes  *body,
         guint    status,
         GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) reasons = NULL;
  JsonNode *root;

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL)
      && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    reasons = jg_posts_reasons (json_node_get_object (root));
  if (reasons != NULL && reasons->len > 0)
    {
      JgIssue *issue = g_ptr_array_index (reasons, 0);
      /* TRANSLATORS: %s is the server's reason, said in the app's language */
      g_set_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NOT_ALLOWED,
                   _("The server refused: %s. Nothing was changed."), issue->message);
    }
  else
    g_set_error (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NOT_ALLOWED,
                 _("The server refused the request (HTTP %u). Nothing was changed."), status);
  return FALSE;
}

/* POSTs @body to @path and applies the post the server answers with. */
static gboolean
post_and_apply (JgPostsSync   *self,
                const char    *path,
                GString       *body,
                GCancellable  *cancellable,
                GError       **error)
{
  static const guint pass[] = { SOUP_STATUS_NOT_FOUND, SOUP_STATUS_CONFLICT,
                                SOUP_STATUS_UNPROCESSABLE_ENTITY, 0 };
  g_autoptr(GBytes) request_body = g_bytes_new (body->str, body->len);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JgHttpRequest request = { .method = SOUP_METHOD_POST, .path = path, .body = request_body,
                            .pass_statuses = pass };
  JgPostsSyncResult res = { 0 };
  JgPostsRun run = { .res = &res };
  JgHttpAnswer info;
  JsonNode *root;
  JsonObject *object;
  gboolean ok = FALSE;

  if (!run_open (self, &run, cancellable, error))
    goto out;
  answer = jg_http_client_request (run.http, &request, &info, cancellable, error);
  jg_http_answer_clear (&info);
  if (answer == NULL)
    goto out;
  if (info.status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_FOUND,
                           _("The server does not have this post. Nothing was changed."));
      goto out;
    }
  if (info.status != SOUP_STATUS_OK)
    {
      refused (answer, info.status, error);
      goto out;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (object = json_object_get_object_member (json_node_get_object (root), "post")) == NULL)
    {
      jg_http_set_malformed (JG_HTTP_FOR_POSTS, _("the post is missing"), error);
      goto out;
    }
  if (!jg_store_begin (run.store, error))
    goto out;
  if (!jg_posts_apply_server_post (&run, object, error) || !jg_store_commit (run.store, error))
    {
      jg_store_rollback (run.store);
      goto out;
    }
  ok = TRUE;

out:
  run_clear (&run);
  return ok;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

gboolean
jg_posts_sync_review (JgPostsSync   *self,
                      const char    *uuid,
                      guint          revision,
                      gboolean       approve,
                      const char    *comment,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgPostStore) posts = NULL;
  guint held_revision = 0, level = 0;

  g_return_val_if_fail (JG_IS_POSTS_SYNC (self), FALSE);

  if (!approve && is_blank (comment))
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_INVALID,
                           _("Say why the post is returned: the comment is what its author reads."));
      return FALSE;
    }
  /* The level it waits at here: without it a retry after a lost answer
   * would be taken for the next level's sign-off. */
  store = jg_store_open (self->engine.db_path, error);
  if (store == NULL)
    return FALSE;
  posts = jg_post_store_new (store);
  if (!jg_post_store_get_review (posts, uuid, &held_revision, &level, error))
    return FALSE;
  g_clear_object (&posts);
  g_clear_object (&store);

  g_string_append_printf (body, "{\"revision\":%u", revision);
  if (level > 0)
    g_string_append_printf (body, ",\"level\":%u", level);
  g_string_append_printf (body, ",\"decision\":\"%s\"", approve ? "approve" : "return");
  if (comment != NULL)
    {
      g_string_append (body, ",\"comment\":");
      jg_json_append_string (body, comment);
    }
  g_string_append_c (body, '}');
  path = g_strdup_printf ("api/v1/posts/%s/review", uuid);
  return post_and_apply (self, path, body, cancellable, error);
}

gboolean
jg_posts_sync_withdraw (JgPostsSync   *self,
                        const char    *uuid,
                        const char    *reason,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GString) body = g_string_new ("{\"reason\":");
  g_autofree char *path = NULL;

  g_return_val_if_fail (JG_IS_POSTS_SYNC (self), FALSE);

  if (reason == NULL || *reason == '\0')
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_INVALID,
                           _("Give the reason for the withdrawal: it is published with it."));
      return FALSE;
    }
  jg_json_append_string (body, reason);
  g_string_append_c (body, '}');
  path = g_strdup_printf ("api/v1/posts/%s/withdraw", uuid);
  return post_and_apply (self, path, body, cancellable, error);
}

/* --- kept in the account's database --------------------------------------- */

void
jg_posts_sync_get_quota_rules (JgStore     *store,
                               JgQuotaRule  out[JG_QUOTA_N_COLUMNS])
{
  g_autofree char *text = store ? jg_store_get_meta (store, META_QUOTA) : NULL;
  g_auto(GStrv) columns = text ? g_strsplit (text, ";", JG_QUOTA_N_COLUMNS) : NULL;

  for (guint i = 0; i < JG_QUOTA_N_COLUMNS; i++)
    {
      guint updates, items;

      jg_quota_default_rule (i, &out[i]);
      if (columns != NULL && g_strv_length (columns) == JG_QUOTA_N_COLUMNS
          && sscanf (columns[i], "%u/%u", &updates, &items) == 2)
        {
          out[i].updates_needed = updates;
          out[i].items_needed = items;
        }
    }
}

JgWorkCalendar *
jg_posts_sync_get_work_calendar (JgStore *store)
{
  g_autofree char *text = store ? jg_store_get_meta (store, META_CALENDAR) : NULL;

  return jg_work_calendar_parse (text);
}

JgWordingList *
jg_posts_sync_load_wording (JgStore  *store,
                            GError  **error)
{
  g_autoptr(JgWordingList) list = jg_wording_list_new ();
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  stmt = jg_store_prepare (store, "SELECT wrong, suggestion FROM wording", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      jg_wording_list_add (list, jg_store_column_text (stmt, 0), jg_store_column_text (stmt, 1));
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  if (n == 0)
    {
      /* Never synced: the list shipped with the app. */
      g_autofree char *path = jg_paths_data_file (WORDING_STARTER);
      g_autofree char *text = NULL;

      if (path != NULL && g_file_get_contents (path, &text, NULL, NULL)
          && !jg_wording_list_add_tsv (list, text, error))
        return NULL;
    }
  jg_wording_list_compile (list);
  return g_steal_pointer (&list);
}
