/* jg-sync-history.c — what the syncs did, for the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "jg-sync-history.h"
#include "jg-store-private.h"

void
jg_sync_run_free (JgSyncRun *run)
{
  if (run == NULL)
    return;
  g_free (run->kind);
  g_free (run->message);
  g_free (run);
}

void
jg_rejected_record_free (JgRejectedRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->uuid);
  g_free (record->kind);
  g_free (record->number);
  g_free (record->name);
  g_clear_pointer (&record->reasons, g_ptr_array_unref);
  g_free (record);
}

gint64
jg_sync_history_begin (JgStore    *store,
                       const char *kind)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store, "INSERT INTO sync_run (kind, started) VALUES (?1, ?2)", NULL);
  if (stmt == NULL)
    return 0;
  jg_store_bind_text (stmt, 1, kind);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (!jg_store_step_done (store, stmt, NULL))
    return 0;
  return sqlite3_last_insert_rowid (jg_store_get_db (store));
}

void
jg_sync_history_end (JgStore    *store,
                     gint64      run_id,
                     gboolean    ok,
                     guint64     changes,
                     const char *message)
{
  sqlite3_stmt *stmt;

  if (run_id == 0)
    return;
  stmt = jg_store_prepare (store,
                           "UPDATE sync_run SET finished = ?2, ok = ?3, changes = ?4, message = ?5"
                           " WHERE id = ?1", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 3, ok);
  sqlite3_bind_int64 (stmt, 4, changes);
  jg_store_bind_text (stmt, 5, message);
  jg_store_step_done (store, stmt, NULL);
}

gboolean
jg_sync_history_get_last (JgStore     *store,
                          const char  *kind,
                          gint64      *finished,
                          gboolean    *ok,
                          char       **message)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = jg_store_prepare (store,
                           "SELECT coalesce (finished, started), coalesce (ok, 0), message FROM sync_run"
                           " WHERE kind = ?1 ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, kind);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      if (finished)
        *finished = sqlite3_column_int64 (stmt, 0);
      if (ok)
        *ok = sqlite3_column_int (stmt, 1);
      if (message)
        *message = g_strdup (jg_store_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  return found;
}

GPtrArray *
jg_sync_history_list_runs (JgStore  *store,
                           guint     limit,
                           GError  **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_sync_run_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  stmt = jg_store_prepare (store,
                           "SELECT id, kind, started, coalesce (finished, 0), coalesce (ok, 0),"
                           " changes, message FROM sync_run ORDER BY id DESC LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (sqlite3_int64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgSyncRun *run = g_new0 (JgSyncRun, 1);

      run->id = sqlite3_column_int64 (stmt, 0);
      run->kind = g_strdup (jg_store_column_text (stmt, 1));
      run->started = sqlite3_column_int64 (stmt, 2);
      run->finished = sqlite3_column_int64 (stmt, 3);
      run->ok = sqlite3_column_int (stmt, 4) != 0;
      run->changes = (guint64) sqlite3_column_int64 (stmt, 5);
      run->message = g_strdup (jg_store_column_text (stmt, 6));
      g_ptr_array_add (runs, run);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

GPtrArray *
jg_sync_history_list_rejected (JgStore  *store,
                               guint     limit,
                               GError  **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_rejected_record_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  stmt = jg_store_prepare (store,
                           "SELECT uuid, kind, number, name, modified FROM record"
                           " WHERE state = 'rejected' ORDER BY modified DESC, uuid LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (sqlite3_int64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgRejectedRecord *record = g_new0 (JgRejectedRecord, 1);

      record->uuid = g_strdup (jg_store_column_text (stmt, 0));
      record->kind = g_strdup (jg_store_column_text (stmt, 1));
      record->number = g_strdup (jg_store_column_text (stmt, 2));
      record->name = g_strdup (jg_store_column_text (stmt, 3));
      record->modified = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }

  for (guint i = 0; i < records->len; i++)
    {
      JgRejectedRecord *record = g_ptr_array_index (records, i);

      record->reasons = jg_record_store_get_reasons (store, record->uuid, error);
      if (record->reasons == NULL)
        return NULL;
    }

  return g_steal_pointer (&records);
}
