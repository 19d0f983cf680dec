/* jg-session-posts.c — the posts of 监管动态 and 曝光台 in the session
 *
 * The account's post store (on a connection of its own, on the main
 * thread) with the wording list it checks submissions with: the server's
 * once downloaded, the list shipped with the app before. The posts sync
 * runs after the records in every run, whatever became of them, with the
 * run's token; its end is the run's end. The quota thresholds are read
 * from the account's database, so that they hold offline, and the reviewer
 * role is the one the last sign-in stored (jg_session_get_role). Review
 * and withdrawal are online calls in a thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-account.h"
#include "jg-post-sync.h"
#include "jg-session.h"
#include "jg-session-private.h"

void
jg_session_posts_reset (JgSession *self)
{
  if (self->post_store != NULL)
    jg_post_store_set_wording_list (self->post_store, NULL);
  g_clear_object (&self->post_store);
  g_clear_pointer (&self->wording, jg_wording_list_free);
  g_clear_pointer (&self->old_wording, g_ptr_array_unref);
}

/* The wording list of the account's database, given to the post store. */
static void
load_wording (JgSession *self)
{
  g_autoptr(GError) error = NULL;
  JgWordingList *list = jg_posts_sync_load_wording (jg_post_store_get_store (self->post_store), &error);

  if (list == NULL)
    {
      g_message ("The wording list could not be read: %s", error->message);
      return;
    }
  jg_post_store_set_wording_list (self->post_store, list);
  if (self->wording != NULL)
    {
      if (self->old_wording == NULL)
        self->old_wording = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_wording_list_free);
      g_ptr_array_add (self->old_wording, g_steal_pointer (&self->wording));
    }
  self->wording = list;
}

JgPostStore *
jg_session_get_post_store (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);

  if (self->post_store == NULL && self->db_path != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JgStore) store = jg_store_open (self->db_path, &error);

      if (store == NULL)
        {
          g_warning ("The posts of %s cannot be opened: %s", self->db_path, error->message);
          return NULL;
        }
      self->post_store = jg_post_store_new (store);
      load_wording (self);
    }
  return self->post_store;
}

gboolean
jg_session_is_reviewer (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), FALSE);

  return g_strcmp0 (jg_session_get_role (self), JG_ACCOUNT_ROLE_REVIEWER) == 0;
}

void
jg_session_get_quota_rules (JgSession   *self,
                            JgQuotaRule  out[JG_QUOTA_N_COLUMNS])
{
  JgPostStore *posts;

  g_return_if_fail (JG_IS_SESSION (self));

  posts = jg_session_get_post_store (self);
  jg_posts_sync_get_quota_rules (posts ? jg_post_store_get_store (posts) : NULL, out);
}

JgWorkCalendar *
jg_session_get_work_calendar (JgSession *self)
{
  JgPostStore *posts;

  g_return_val_if_fail (JG_IS_SESSION (self), NULL);

  posts = jg_session_get_post_store (self);
  return jg_posts_sync_get_work_calendar (posts ? jg_post_store_get_store (posts) : NULL);
}

/* --- the posts part of a run ---------------------------------------------- */

static char *
posts_message (const JgPostsSyncResult *result)
{
  if (result->sent == 0)
    return NULL;
  if (result->rejected == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Sent %u post for review.",
                                         "Sent %u posts for review.",
                                         result->sent), result->sent);
  /* TRANSLATORS: after a sync; the counts of posts */
  return g_strdup_printf (_("Sent %u posts: %u went to review, %u were refused. See why on their pages."),
                          result->sent, result->accepted, result->rejected);
}

static void
posts_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JgSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *posts = NULL;
  JgPostsSyncResult res = { 0 };
  gboolean ok;
  gboolean changed;

  ok = jg_posts_sync_run_finish (JG_POSTS_SYNC (object), result, &res, &error);
  if (JG_POSTS_SYNC (object) != self->posts_sync)
    return;

  g_signal_handlers_disconnect_by_data (self->posts_sync, self);
  g_clear_object (&self->posts_sync);
  g_clear_object (&self->sync_cancellable);

  changed = res.sent > 0 || res.posts_updated > 0 || res.images_downloaded > 0;
  if (self->post_store != NULL)
    {
      if (res.wording_changes > 0)
        load_wording (self);
      /* The run wrote on its own connection: the pages read again. */
      if (changed || res.images_failed > 0)
        jg_post_store_notify_changed (self->post_store);
    }
  if (res.quota_changed)
    jg_session_emit (self, JG_SESSION_SIGNAL_QUOTA_CHANGED);

  if (!ok && g_error_matches (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN))
    {
      message = g_strdup (_("The server asks you to sign in again. Sync is paused until you do; your records are kept and nothing was lost."));
      jg_session_pause_for_sign_in (self);
      jg_session_set_status (self, JG_SYNC_STATUS_NEEDS_SIGN_IN);
      jg_session_finish_sync (self, FALSE, message, 0, self->records_changed);
      jg_session_emit (self, JG_SESSION_SIGNAL_SIGN_IN_NEEDED, self->automatic);
      return;
    }
  if (!ok)
    {
      g_message ("Posts sync failed: %s", error->message);
      message = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                ? g_strdup (_("The sync was cancelled.")) : g_strdup (error->message);
      jg_session_set_status (self, JG_SYNC_STATUS_FAILED);
      jg_session_finish_sync (self, FALSE, self->records_ok ? message : self->records_message,
                              self->records_changes, self->records_changed);
      return;
    }

  posts = posts_message (&res);
  jg_session_set_status (self, self->records_ok ? JG_SYNC_STATUS_UP_TO_DATE : JG_SYNC_STATUS_FAILED);
  jg_session_finish_sync (self, self->records_ok,
                          self->records_ok && posts != NULL ? posts : self->records_message,
                          self->records_changes + res.sent, self->records_changed || changed);
}

void
jg_session_start_posts (JgSession  *self,
                        gboolean    ok,
                        const char *message,
                        guint64     changes,
                        gboolean    records_changed)
{
  g_autofree char *ca_file = NULL;
  g_autofree char *token = g_steal_pointer (&self->sync_token);

  self->records_ok = ok;
  jg_set_str (&self->records_message, message);
  self->records_changes = changes;
  self->records_changed = records_changed;

  if (token == NULL || self->db_path == NULL || self->server_url == NULL)
    {
      jg_session_set_status (self, ok ? JG_SYNC_STATUS_UP_TO_DATE : JG_SYNC_STATUS_FAILED);
      jg_session_finish_sync (self, ok, message, changes, records_changed);
      return;
    }

  ca_file = g_settings_get_string (self->settings, "ca-file");
  self->posts_sync = jg_posts_sync_new (self->db_path, self->server_url, token);
  jg_posts_sync_set_ca_file (self->posts_sync, ca_file);
  g_signal_connect (self->posts_sync, "progress", G_CALLBACK (jg_session_progress_cb), self);
  g_clear_object (&self->sync_cancellable);
  self->sync_cancellable = g_cancellable_new ();
  jg_session_set_progress (self, 0, 0);
  jg_session_set_phase (self, JG_SYNC_PHASE_POSTS);
  jg_posts_sync_run_async (self->posts_sync, self->sync_cancellable, posts_ready_cb, g_object_ref (self));
}

/* --- review and withdrawal ------------------------------------------------ */

typedef struct {
  char     *server_url;
  char     *db_path;
  char     *ca_file;
  char     *uuid;
  guint     revision;
  gboolean  approve;
  char     *text;       /* the comment, or the reason */
  gboolean  withdraw;
} Call;

static void
call_free (Call *call)
{
  g_free (call->server_url);
  g_free (call->db_path);
  g_free (call->ca_file);
  g_free (call->uuid);
  g_free (call->text);
  g_free (call);
}

static void
call_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Call *call = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JgPostsSync) sync = NULL;
  gboolean ok;

  token = g_task_propagate_pointer (G_TASK (g_object_get_data (G_OBJECT (task), "token-result")), &error);
  if (token == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sync = jg_posts_sync_new (call->db_path, call->server_url, token);
  jg_posts_sync_set_ca_file (sync, call->ca_file);
  ok = call->withdraw
       ? jg_posts_sync_withdraw (sync, call->uuid, call->text, cancellable, &error)
       : jg_posts_sync_review (sync, call->uuid, call->revision, call->approve, call->text, cancellable,
                               &error);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JgSession *self = g_task_get_source_object (task);

  /* Written on the call's own connection: the pages read again. */
  if (self->post_store != NULL)
    jg_post_store_notify_changed (self->post_store);
  jg_session_emit (self, JG_SESSION_SIGNAL_QUOTA_CHANGED);
  {
    g_autoptr(GError) error = NULL;
    if (!g_task_propagate_boolean (G_TASK (result), &error))
      g_task_return_error (task, g_steal_pointer (&error));
    else
      g_task_return_boolean (task, TRUE);
  }
}

static void
call_token_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JgSession *self = JG_SESSION (object);
  GTask *inner = g_task_new (self, g_task_get_cancellable (task), call_done_cb, g_object_ref (task));

  g_object_set_data_full (G_OBJECT (inner), "token-result", g_object_ref (result), g_object_unref);
  g_task_set_task_data (inner, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (inner, call_thread);
  g_object_unref (inner);
}

static void
start_call (JgSession           *self,
            Call                *call,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  if (self->db_path == NULL || self->server_url == NULL || self->account == NULL)
    {
      g_task_return_new_error (task, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_NOT_SIGNED_IN,
                               _("Sign in to review or withdraw posts; nothing was changed."));
      g_object_unref (task);
      return;
    }
  call->server_url = g_strdup (self->server_url);
  call->db_path = g_strdup (self->db_path);
  call->ca_file = g_settings_get_string (self->settings, "ca-file");
  jg_session_lookup_token_async (self, cancellable, call_token_cb, task);
}

void
jg_session_review_post_async (JgSession           *self,
                              const char          *uuid,
                              guint                revision,
                              gboolean             approve,
                              const char          *comment,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Call *call = g_new0 (Call, 1);

  g_return_if_fail (JG_IS_SESSION (self));
  g_return_if_fail (uuid != NULL);

  call->uuid = g_strdup (uuid);
  call->revision = revision;
  call->approve = approve;
  call->text = g_strdup (comment);
  start_call (self, call, jg_session_review_post_async, cancellable, callback, user_data);
}

gboolean
jg_session_review_post_finish (JgSession     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
jg_session_withdraw_post_async (JgSession           *self,
                                const char          *uuid,
                                const char          *reason,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Call *call = g_new0 (Call, 1);

  g_return_if_fail (JG_IS_SESSION (self));
  g_return_if_fail (uuid != NULL);

  call->uuid = g_strdup (uuid);
  call->text = g_strdup (reason);
  call->withdraw = TRUE;
  start_call (self, call, jg_session_withdraw_post_async, cancellable, callback, user_data);
}

gboolean
jg_session_withdraw_post_finish (JgSession     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
