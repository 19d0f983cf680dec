/* jg-overview-stats.c — the figures of the Overview
 *
 * The record figures are jg_record_store_count's, the very counts the
 * header, the Sync page and the Records page show; the page takes them
 * from the session's "counts-changed", so the thread the page starts
 * (jg_overview_stats_load_async) does not count a million records a
 * second time. The last run and the catalogue's figures are one query
 * each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-overview-stats.h"
#include "jg-sync-history.h"

void
jg_overview_stats_free (JgOverviewStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->month);
  g_free (stats->last_run_message);
  g_free (stats);
}

char *
jg_overview_month_of (GDateTime *now)
{
  return g_date_time_format (now, "%Y-%m");
}

/* The figures but the record counts. */
static gboolean
load_other_figures (JgStore          *store,
                    JgOverviewStats  *stats,
                    GError          **error)
{
  g_autoptr(GPtrArray) runs = NULL;

  /* The newest run of either engine: a sync runs the catalogue, then the
   * records, and stops at the first failure, so its last run says how the
   * whole sync ended. */
  runs = jg_sync_history_list_runs (store, 1, error);
  if (runs == NULL)
    return FALSE;
  if (runs->len > 0)
    {
      JgSyncRun *run = g_ptr_array_index (runs, 0);

      stats->has_last_run = TRUE;
      stats->last_run_time = run->finished != 0 ? run->finished : run->started;
      stats->last_run_ok = run->ok;
      stats->last_run_message = g_strdup (run->message);
    }

  return jg_catalogue_get_stats_sync (store, &stats->catalogue, error);
}

JgOverviewStats *
jg_overview_stats_load (JgStore    *store,
                        const char *month,
                        GError    **error)
{
  g_autoptr(JgOverviewStats) stats = g_new0 (JgOverviewStats, 1);

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (month != NULL, NULL);

  stats->month = g_strdup (month);

  if (!jg_record_store_count (store, month, &stats->records, error) ||
      !load_other_figures (store, stats, error))
    return NULL;

  return g_steal_pointer (&stats);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *db_path = task_data;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *month = jg_overview_month_of (now);
  GError *error = NULL;
  JgOverviewStats *stats;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      stats = g_new0 (JgOverviewStats, 1);
      stats->month = g_steal_pointer (&month);
      g_task_return_pointer (task, stats, (GDestroyNotify) jg_overview_stats_free);
      return;
    }

  stats = g_new0 (JgOverviewStats, 1);
  stats->month = g_steal_pointer (&month);
  store = jg_store_open_existing (db_path, &error);
  if (store == NULL || !load_other_figures (store, stats, &error))
    {
      jg_overview_stats_free (stats);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, stats, (GDestroyNotify) jg_overview_stats_free);
}

void
jg_overview_stats_load_async (const char          *db_path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (db_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_overview_stats_load_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, load_thread);
}

JgOverviewStats *
jg_overview_stats_load_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
