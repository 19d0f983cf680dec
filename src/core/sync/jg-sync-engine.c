/* jg-sync-engine.c — what JgCatalogueSync and JgOutbox share as objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-progress.h"
#include "jg-sync-engine.h"
#include "jg-sync-limits.h"

void
jg_sync_engine_init (JgSyncEngine *engine,
                     const char   *db_path,
                     const char   *server_url,
                     const char   *token,
                     guint         page_size,
                     guint         progress_signal)
{
  engine->db_path = g_strdup (db_path);
  engine->server_url = g_strdup (server_url);
  engine->token = g_strdup (token);
  engine->page_size = page_size;
  engine->progress_signal = progress_signal;
}

void
jg_sync_engine_clear (JgSyncEngine *engine)
{
  g_clear_pointer (&engine->db_path, g_free);
  g_clear_pointer (&engine->server_url, g_free);
  if (engine->token != NULL)
    explicit_bzero (engine->token, strlen (engine->token));
  g_clear_pointer (&engine->token, g_free);
  g_clear_pointer (&engine->ca_file, g_free);
  g_clear_pointer (&engine->progress_context, g_main_context_unref);
}

void
jg_sync_engine_set_ca_file (JgSyncEngine *engine,
                            const char   *ca_file)
{
  g_free (engine->ca_file);
  engine->ca_file = (ca_file && *ca_file) ? g_strdup (ca_file) : NULL;
}

void
jg_sync_engine_set_page_size (JgSyncEngine *engine,
                              guint         page_size)
{
  engine->page_size = CLAMP (page_size, 1, JG_PROTOCOL_MAX_PAGE_SIZE);
}

void
jg_sync_engine_report_progress (JgSyncEngine *engine,
                                gpointer      instance,
                                guint64       done,
                                guint64       total)
{
  jg_progress_report (instance, engine->progress_signal, engine->progress_context, done, total);
}

gboolean
jg_sync_engine_open (JgSyncEngine     *engine,
                     JgHttpOperation   operation,
                     guint             cache_kib,
                     JgStore         **store_out,
                     JgHttpClient    **http_out,
                     GError          **error)
{
  g_autoptr(JgHttpClient) http = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autofree char *pragma = NULL;

  http = jg_http_client_new (engine->server_url, engine->ca_file, engine->token, operation, error);
  if (http == NULL)
    return FALSE;
  store = jg_store_open (engine->db_path, error);
  if (store == NULL)
    return FALSE;
  pragma = g_strdup_printf ("PRAGMA cache_size = -%u", cache_kib);
  if (!jg_store_exec (store, pragma, error))
    return FALSE;

  *store_out = g_steal_pointer (&store);
  *http_out = g_steal_pointer (&http);
  return TRUE;
}

typedef struct {
  JgSyncRunFunc  func;
  gpointer       result;
  GError        *error;
} TaskData;

static void
task_data_free (gpointer data)
{
  TaskData *td = data;

  g_clear_error (&td->error);
  g_free (td->result);
  g_free (td);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TaskData *td = task_data;

  td->func (source_object, td->result, cancellable, &td->error);
  g_task_return_boolean (task, TRUE);
}

void
jg_sync_engine_run_async (JgSyncEngine        *engine,
                          gpointer             instance,
                          JgSyncRunFunc        func,
                          gsize                result_size,
                          gpointer             source_tag,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *td = g_new0 (TaskData, 1);

  g_clear_pointer (&engine->progress_context, g_main_context_unref);
  engine->progress_context = g_main_context_ref_thread_default ();

  td->func = func;
  td->result = g_malloc0 (result_size);
  task = g_task_new (instance, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, td, task_data_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
jg_sync_engine_run_finish (gpointer       instance,
                           GAsyncResult  *res,
                           gpointer       result,
                           gsize          result_size,
                           GError       **error)
{
  TaskData *td;

  g_return_val_if_fail (g_task_is_valid (res, instance), FALSE);

  if (!g_task_propagate_boolean (G_TASK (res), error))
    return FALSE;
  td = g_task_get_task_data (G_TASK (res));
  if (result != NULL)
    memcpy (result, td->result, result_size);
  if (td->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&td->error));
      return FALSE;
    }
  return TRUE;
}
