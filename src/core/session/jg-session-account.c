/* jg-session-account.c — the server and account a session follows
 *
 * The "server-url" and "username" settings name the account; each has its
 * own database, so a switch resets what the session shows and never deletes
 * anything. The token lives in the keyring (or, without one, in this
 * process); the keyring is always asked in a thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-paths.h"
#include "jg-session-private.h"

/* --- the token ------------------------------------------------------------ */

/* The keyring is asked in a thread: D-Bus may take its time. */
static void
token_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  JgAccount *account = task_data;
  GError *error = NULL;
  char *token = jg_account_get_token (account, &error);

  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

void
jg_session_lookup_token_async (JgSession           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, jg_session_lookup_token_async);
  g_task_set_task_data (task, g_object_ref (self->account), g_object_unref);
  g_task_run_in_thread (task, token_thread);
}

static void
check_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  JgSession *self = JG_SESSION (object);
  JgAccount *account = user_data;
  g_autofree char *token = g_task_propagate_pointer (G_TASK (result), NULL);

  if (account == self->account)
    {
      jg_session_set_signed_in (self, token != NULL, jg_account_token_is_in_memory (account));
      g_clear_object (&self->token_cancellable);
    }
  g_object_unref (account);
}

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JgAccount *account = task_data;
  g_autoptr(GError) server_error = NULL;
  g_autoptr(GError) error = NULL;

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "revoke")))
    {
      if (!jg_account_logout (account, NULL, &server_error, &error))
        g_warning ("Could not forget the token: %s", error->message);
      else if (server_error != NULL)
        g_message ("Sign-out not confirmed by the server: %s", server_error->message);
    }
  else
    jg_account_forget_token (account);
  g_task_return_boolean (task, TRUE);
}

void
jg_session_forget_token (JgSession *self,
                         gboolean   revoke)
{
  g_autoptr(GTask) task = NULL;

  if (self->account == NULL)
    return;
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, jg_session_forget_token);
  g_object_set_data (G_OBJECT (task), "revoke", GINT_TO_POINTER (revoke));
  g_task_set_task_data (task, g_object_ref (self->account), g_object_unref);
  g_task_run_in_thread (task, forget_thread);
}

/* --- server and account --------------------------------------------------- */

static gboolean
counts_idle_cb (gpointer user_data)
{
  JgSession *self = user_data;

  self->counts_idle_id = 0;
  jg_session_refresh_counts (self);
  return G_SOURCE_REMOVE;
}

void
jg_session_update_account (JgSession *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *user = g_settings_get_string (self->settings, "username");
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  char *stripped;
  const char *username;

  if (self->updating_settings)
    return;

  stripped = g_strstrip (url);
  username = *g_strstrip (user) != '\0' ? user : NULL;
  if (self->server_url != NULL &&
      g_strcmp0 (stripped, self->server_url) == 0 &&
      g_strcmp0 (username, self->username) == 0)
    return;

  jg_session_stop_sync (self);
  jg_session_cancel_clear (&self->status_cancellable);
  jg_session_cancel_clear (&self->counts_cancellable);
  jg_session_cancel_clear (&self->token_cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->account);
  jg_session_posts_reset (self);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->department_name, g_free);
  g_clear_pointer (&self->role, g_free);
  self->role_read = FALSE;
  jg_set_str (&self->server_url, stripped);
  jg_set_str (&self->username, username);

  jg_session_set_progress (self, 0, 0);
  jg_session_set_last_result (self, NULL);
  jg_session_set_records_result (self, NULL);
  jg_session_set_last_sync (self, 0);
  jg_session_set_catalogue_empty (self, FALSE);
  jg_session_set_signed_in (self, FALSE, FALSE);
  self->needs_sign_in = FALSE;
  self->next_attempt = 0;
  jg_session_set_counts (self, NULL);

  if (*stripped == '\0')
    {
      jg_session_set_status (self, JG_SYNC_STATUS_NO_SERVER);
    }
  else
    {
      /* Each account has its own database, the one without an account
       * the records written signed out; all of them attach the server's
       * one catalogue cache (jg-store.c), so a switch syncs a delta of the
       * catalogue. Nothing is deleted on a switch. */
      db_path = jg_paths_database_for_server (stripped, username, &error);
      if (db_path == NULL)
        {
          g_warning ("No database for server %s: %s", stripped, error->message);
          jg_session_set_last_result (self, error->message);
          jg_session_set_status (self, JG_SYNC_STATUS_FAILED);
        }
      else
        {
          self->db_path = g_steal_pointer (&db_path);
          self->catalogue = jg_catalogue_new (self->db_path);
          jg_session_set_status (self, JG_SYNC_STATUS_NEVER);
        }

      if (username != NULL)
        {
          g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");

          self->account = jg_account_new (stripped, username);
          jg_account_set_ca_file (self->account, ca_file);
          self->token_cancellable = g_cancellable_new ();
          jg_session_lookup_token_async (self, self->token_cancellable, check_token_cb,
                                         g_object_ref (self->account));
        }
    }

  jg_session_notify (self, JG_SESSION_PROP_SERVER_URL);
  jg_session_notify (self, JG_SESSION_PROP_USERNAME);
  jg_session_notify (self, JG_SESSION_PROP_CATALOGUE);
  jg_session_emit (self, JG_SESSION_SIGNAL_DATA_CHANGED);

  /* The catalogue's state now (the header says from it whether it is up
   * to date: its last sync and whether it is empty, never a count); the
   * record counts at low priority, and at start-up after the window's
   * first frame (the app holds them: jg_session_hold_counts), whose cores
   * a count of a million records would take (nothing shows a count until
   * one is read). */
  jg_session_read_catalogue_status (self);
  g_clear_handle_id (&self->counts_idle_id, g_source_remove);
  self->counts_idle_id = g_idle_add_full (G_PRIORITY_LOW, counts_idle_cb, self, NULL);
}

const char *
jg_session_get_role (JgSession *self)
{
  /* Peeked at, not read through a store: the Overview asks before the
   * window's first frame, and opening a store there cost 7 ms. */
  if (!self->role_read && self->username != NULL && self->db_path != NULL)
    {
      self->role = jg_store_peek_meta (self->db_path, JG_ACCOUNT_META_ROLE);
      self->role_read = TRUE;
    }
  return self->username != NULL ? self->role : NULL;
}

/* --- signing in ----------------------------------------------------------- */

typedef struct {
  JgAccount *account;
  char *server_url;
  char *username;
} SignIn;

static void
sign_in_free (SignIn *data)
{
  g_clear_object (&data->account);
  g_free (data->server_url);
  g_free (data->username);
  g_free (data);
}

static void
login_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JgSession *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  GError *error = NULL;
  const char *role;
  gboolean in_memory;

  if (!jg_account_login_finish (JG_ACCOUNT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  in_memory = jg_account_token_is_in_memory (data->account);
  /* The CLI follows the same account (and so the same database). */
  jg_account_set_default_username (data->server_url, data->username);

  self->updating_settings = TRUE;
  g_settings_set_string (self->settings, "server-url", data->server_url);
  g_settings_set_string (self->settings, "username", data->username);
  self->updating_settings = FALSE;
  jg_session_update_account (self);
  /* What the server answered now, which the sign-in also stored: the
   * same account signing in again keeps its session but may have been
   * given another role. */
  role = jg_account_get_role (data->account);
  jg_set_str (&self->role, role != NULL ? role : "");
  self->role_read = TRUE;

  /* The token was just stored: no need to ask the keyring. */
  jg_session_cancel_clear (&self->token_cancellable);
  self->needs_sign_in = FALSE;
  jg_session_set_signed_in (self, TRUE, in_memory);
  if (self->status == JG_SYNC_STATUS_NEEDS_SIGN_IN)
    jg_session_set_idle_status (self);
  jg_session_notify (self, JG_SESSION_PROP_USERNAME);

  g_task_return_boolean (task, TRUE);

  jg_session_move_signed_out_drafts (self);
  jg_session_stop_sync (self);
  jg_session_set_idle_status (self);
  jg_session_start_sync (self, FALSE);
}

void
jg_session_sign_in_async (JgSession           *self,
                          const char          *server_url,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *ca_file = NULL;
  SignIn *data;

  g_return_if_fail (JG_IS_SESSION (self));
  g_return_if_fail (server_url != NULL && username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_session_sign_in_async);

  data = g_new0 (SignIn, 1);
  data->server_url = g_strstrip (g_strdup (server_url));
  data->username = g_strstrip (g_strdup (username));
  data->account = jg_account_new (data->server_url, data->username);
  ca_file = g_settings_get_string (self->settings, "ca-file");
  jg_account_set_ca_file (data->account, ca_file);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);

  jg_account_login_async (data->account, password, cancellable,
                          login_ready_cb, g_steal_pointer (&task));
}

gboolean
jg_session_sign_in_finish (JgSession     *self,
                           GAsyncResult  *result,
                           gboolean      *token_in_memory,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (token_in_memory != NULL)
    *token_in_memory = self->token_in_memory;
  return TRUE;
}

void
jg_session_sign_out (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  if (self->account == NULL)
    return;

  /* A records run in flight stops; what it had not sent stays queued. */
  if (self->outbox != NULL)
    jg_session_cancel_clear (&self->sync_cancellable);
  jg_session_forget_token (self, TRUE);
  self->needs_sign_in = FALSE;
  jg_session_set_signed_in (self, FALSE, FALSE);
  if (self->status == JG_SYNC_STATUS_NEEDS_SIGN_IN)
    jg_session_set_idle_status (self);
  jg_session_notify (self, JG_SESSION_PROP_USERNAME);
}

