/* jg-session-coverage.c — the server's figures for the Overview (see the
 * header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "jg-coverage.h"
#include "jg-session-coverage.h"
#include "jg-session-private.h"

typedef struct {
  char *server_url;
  char *db_path;
  char *ca_file;
  char *month;
  char *token;
  gboolean city;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->server_url);
  g_free (fetch->db_path);
  g_free (fetch->ca_file);
  g_free (fetch->month);
  if (fetch->token != NULL)
    memset (fetch->token, 0, strlen (fetch->token));
  g_free (fetch->token);
  g_free (fetch);
}

/* The request itself, on a connection of its own for the coverage. */
static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr(JgStore) store = NULL;
  GError *error = NULL;

  if (fetch->city)
    {
      JgCityTable *table = jg_city_table_fetch (fetch->server_url, fetch->ca_file, fetch->token,
                                                fetch->month, cancellable, &error);

      if (table != NULL)
        g_task_return_pointer (task, table, (GDestroyNotify) jg_city_table_free);
      else
        g_task_return_error (task, error);
      return;
    }
  store = jg_store_open_existing (fetch->db_path, &error);
  if (store != NULL &&
      jg_coverage_fetch_server (store, fetch->server_url, fetch->ca_file, fetch->token, NULL, NULL,
                                cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;

  fetch->token = g_task_propagate_pointer (G_TASK (result), &error);
  if (fetch->token == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_NOT_SIGNED_IN,
                                     _("Sign in to compare with the server; the figures shown are "
                                       "this computer’s."));
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, fetch_thread);
}

static void
start (JgSession           *self,
       Fetch               *fetch,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  if (self->db_path == NULL || self->server_url == NULL || self->account == NULL)
    {
      g_task_return_new_error (task, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_NOT_SIGNED_IN,
                               _("Sign in to compare with the server; the figures shown are "
                                 "this computer’s."));
      return;
    }
  fetch->server_url = g_strdup (self->server_url);
  fetch->db_path = g_strdup (self->db_path);
  fetch->ca_file = g_settings_get_string (self->settings, "ca-file");
  jg_session_lookup_token_async (self, cancellable, token_cb, g_steal_pointer (&task));
}

void
jg_session_fetch_coverage_async (JgSession           *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (JG_IS_SESSION (self));

  start (self, g_new0 (Fetch, 1), jg_session_fetch_coverage_async, cancellable, callback, user_data);
}

gboolean
jg_session_fetch_coverage_finish (JgSession     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
jg_session_fetch_city_table_async (JgSession           *self,
                                   const char          *month,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  g_return_if_fail (JG_IS_SESSION (self));

  fetch->city = TRUE;
  fetch->month = g_strdup (month);
  start (self, fetch, jg_session_fetch_city_table_async, cancellable, callback, user_data);
}

JgCityTable *
jg_session_fetch_city_table_finish (JgSession     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
jg_session_is_city (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), FALSE);

  return g_strcmp0 (jg_session_get_role (self), JG_ACCOUNT_ROLE_CITY) == 0;
}
