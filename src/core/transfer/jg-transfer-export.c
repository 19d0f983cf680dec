/* jg-transfer-export.c — records out, in the template layout
 *
 * An export writes what an import reads back unchanged: the header row of
 * the kind, then one row per record, each cell the record's value as stored.
 * No cell can run as a formula when the file is opened in Excel or WPS: the
 * CSV writer guards "=SUM(A1)" as "'=SUM(A1)" and the import takes the
 * apostrophe off; XLSX cells are all strings (jg-transfer-cells.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-record-store.h"
#include "jg-transfer-private.h"
#include "jg-store-private.h"

gboolean
jg_transfer_export (JgStore       *store,
                    JgRecordKind   kind,
                    const char    *from,
                    const char    *to,
                    const char    *path,
                    guint         *n_written,
                    GError       **error)
{
  g_autofree const char **headers = NULL;
  g_autofree const char **cells = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *department = NULL;
  const JgFieldSpec *fields;
  sqlite3_stmt *stmt;
  JgTransferWriter writer;
  guint n_fields;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (n_written != NULL)
    *n_written = 0;

  fields = jg_record_fields (kind, &n_fields);
  headers = jg_transfer_headers (kind, &n_fields);
  cells = g_new0 (const char *, n_fields);
  department = jg_record_store_get_department (store);

  /* The account's records of @kind in the range, oldest first; records
   * waiting to be deleted on the server are gone for the user. Only ids
   * here (36 bytes a record): each record is loaded as it is written. */
  stmt = jg_store_prepare (store,
                           "SELECT uuid FROM record"
                           " WHERE kind = ?1 AND deleting = 0"
                           "   AND (?2 IS NULL OR department IS ?2)"
                           "   AND (?3 IS NULL OR substr (main_date, 1, 10) >= ?3)"
                           "   AND (?4 IS NULL OR substr (main_date, 1, 10) <= ?4)"
                           " ORDER BY sort_date, created, uuid",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, jg_record_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, to, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);

  if (!jg_transfer_writer_open (&writer, path, jg_transfer_sheet_name (kind), error))
    return FALSE;
  if (!jg_transfer_writer_row (&writer, headers, n_fields, error))
    goto fail;

  for (guint i = 0; i < uuids->len; i++)
    {
      g_autoptr(JgRecord) record = jg_record_store_load (store, uuids->pdata[i], error);

      if (record == NULL)
        goto fail;
      for (guint f = 0; f < n_fields; f++)
        cells[f] = jg_record_get (record, fields[f].key);
      if (!jg_transfer_writer_row (&writer, cells, n_fields, error))
        goto fail;
    }

  if (!jg_transfer_writer_close (&writer, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = uuids->len;
  return TRUE;

fail:
  jg_transfer_writer_abort (&writer);
  return FALSE;
}
