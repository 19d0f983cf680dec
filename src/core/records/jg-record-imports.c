/* jg-record-imports.c — import batches and undoing the last import
 *
 * See jg-record-imports.h. A record counts as sent once its state is
 * sending, accepted or rejected, or once its operation is no longer "i":
 * the server has seen a revision of it (an accepted record edited back to
 * a draft has operation "u"), so removing it here would not remove it
 * there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-record-imports.h"
#include "jg-record-store.h"
#include "jg-store-private.h"

G_DEFINE_QUARK (jg-record-imports-error-quark, jg_record_imports_error)

void
jg_import_batch_clear (JgImportBatch *batch)
{
  g_clear_pointer (&batch->file, g_free);
}

gboolean
jg_record_imports_begin (JgStore        *store,
                         const char     *file,
                         JgRecordKind    kind,
                         JgRecordState   state,
                         const char     *department,
                         const char     *who,
                         gint64         *batch_id,
                         GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store,
                           "INSERT INTO import_batch (file, kind, state, department, who, at)"
                           " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, file);
  jg_store_bind_text (stmt, 2, jg_record_kind_to_string (kind));
  jg_store_bind_text (stmt, 3, jg_record_state_to_string (state));
  jg_store_bind_text (stmt, 4, department);
  jg_store_bind_text (stmt, 5, who);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);
  if (!jg_store_step_done (store, stmt, error))
    return FALSE;
  *batch_id = sqlite3_last_insert_rowid (jg_store_get_db (store));
  return TRUE;
}

gboolean
jg_record_imports_add (JgStore     *store,
                       gint64       batch_id,
                       const char  *uuid,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store, "INSERT INTO import_item (batch, uuid) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  jg_store_bind_text (stmt, 2, uuid);
  return jg_store_step_done (store, stmt, error);
}

gboolean
jg_record_imports_get_last (JgStore        *store,
                            JgImportBatch  *batch,
                            GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (batch, 0, sizeof *batch);
  stmt = jg_store_prepare (store,
                           "SELECT b.id, b.file, b.state, b.at, b.undone, count (r.uuid),"
                           "  coalesce (sum (r.state NOT IN ('draft', 'ready') OR r.op IS NOT 'i'), 0)"
                           " FROM (SELECT * FROM import_batch ORDER BY id DESC LIMIT 1) b"
                           " LEFT JOIN import_item i ON i.batch = b.id"
                           " LEFT JOIN record r ON r.uuid = i.uuid"
                           " GROUP BY b.id", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      batch->id = sqlite3_column_int64 (stmt, 0);
      batch->file = g_strdup (jg_store_column_text (stmt, 1));
      if (!jg_record_state_from_string (jg_store_column_text (stmt, 2), &batch->state))
        batch->state = JG_RECORD_STATE_READY;
      batch->at = sqlite3_column_int64 (stmt, 3);
      batch->undone = sqlite3_column_int (stmt, 4) != 0;
      batch->n_records = sqlite3_column_int (stmt, 5);
      batch->n_sent = sqlite3_column_int (stmt, 6);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

/* The records of @batch_id still on this workstation. */
static GPtrArray *
batch_records (JgStore  *store,
               gint64    batch_id,
               GError  **error)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store,
                           "SELECT i.uuid FROM import_item i JOIN record r ON r.uuid = i.uuid"
                           " WHERE i.batch = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup (jg_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  return g_steal_pointer (&uuids);
}

gboolean
jg_record_imports_undo_last (JgStore     *store,
                             const char  *who,
                             guint       *n_removed,
                             GError     **error)
{
  g_auto(JgImportBatch) batch = { 0 };
  g_autoptr(GPtrArray) uuids = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);

  if (n_removed != NULL)
    *n_removed = 0;
  if (!jg_store_begin (store, error))
    return FALSE;
  /* Read inside the transaction: a sync on another connection cannot send
   * a record between the check and the removal. */
  if (!jg_record_imports_get_last (store, &batch, error))
    goto fail;
  if (batch.id == 0 || batch.undone)
    {
      g_set_error_literal (error, JG_RECORD_IMPORTS_ERROR, JG_RECORD_IMPORTS_ERROR_NOTHING,
                           batch.id == 0
                           ? _("There is no import to undo.")
                           : _("The last import was undone already. Nothing was changed."));
      goto fail;
    }
  if (batch.n_sent > 0)
    {
      g_set_error (error, JG_RECORD_IMPORTS_ERROR, JG_RECORD_IMPORTS_ERROR_SENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The import of “%s” cannot be undone: %u of its records has "
                                "already been sent to the server. Nothing was removed; delete "
                                "records one by one on the Records page instead.",
                                "The import of “%s” cannot be undone: %u of its records have "
                                "already been sent to the server. Nothing was removed; delete "
                                "records one by one on the Records page instead.",
                                batch.n_sent),
                   batch.file, batch.n_sent);
      goto fail;
    }

  uuids = batch_records (store, batch.id, error);
  if (uuids == NULL)
    goto fail;
  for (guint i = 0; i < uuids->len; i++)
    if (!jg_record_store_delete (store, uuids->pdata[i], who, error))
      goto fail;

  stmt = jg_store_prepare (store, "UPDATE import_batch SET undone = 1 WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, batch.id);
  if (!jg_store_step_done (store, stmt, error) || !jg_store_commit (store, error))
    goto fail;
  if (n_removed != NULL)
    *n_removed = uuids->len;
  return TRUE;

fail:
  jg_store_rollback (store);
  return FALSE;
}
