/* jg-transfer.c — legacy data (存量数据): what all three directions share
 *
 * See jg-transfer.h for the contract. Templates (jg-transfer-template.c),
 * import (jg-transfer-import.c, with its validation cache in
 * jg-transfer-cache.c) and export (jg-transfer-export.c) write and read the
 * same layout through what is here: the file format, one writer over CSV
 * and XLSX, and a kind's sheet name and header row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-transfer-private.h"

G_DEFINE_QUARK (jg-transfer-error-quark, jg_transfer_error)

gboolean
jg_transfer_format_of (const char  *path,
           JgTransferFormat      *format,
           GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".csv"))
    *format = JG_TRANSFER_FORMAT_CSV;
  else if (g_str_has_suffix (lower, ".xlsx"))
    *format = JG_TRANSFER_FORMAT_XLSX;
  else
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, JG_TRANSFER_ERROR, JG_TRANSFER_ERROR_FORMAT,
                   _("“%s” is neither a CSV (.csv) nor an Excel (.xlsx) file. "
                     "Choose a file with one of these extensions."),
                   display);
      return FALSE;
    }
  return TRUE;
}

gboolean
jg_transfer_writer_open (JgTransferWriter      *writer,
             const char  *path,
             const char  *sheet_name,
             GError     **error)
{
  JgTransferFormat format;

  memset (writer, 0, sizeof *writer);
  if (!jg_transfer_format_of (path, &format, error))
    return FALSE;
  if (format == JG_TRANSFER_FORMAT_CSV)
    writer->csv = jg_csv_writer_new (path, error);
  else if ((writer->xlsx = jg_xlsx_writer_new (path, error)) != NULL)
    jg_xlsx_writer_add_sheet (writer->xlsx, sheet_name);
  return writer->csv != NULL || writer->xlsx != NULL;
}

gboolean
jg_transfer_writer_row (JgTransferWriter             *writer,
            const char * const *cells,
            guint               n_cells,
            GError            **error)
{
  if (writer->csv != NULL)
    return jg_csv_writer_row (writer->csv, cells, n_cells, error);
  return jg_xlsx_writer_row (writer->xlsx, cells, n_cells, error);
}

gboolean
jg_transfer_writer_close (JgTransferWriter  *writer,
              GError **error)
{
  if (writer->csv != NULL)
    return jg_csv_writer_close (g_steal_pointer (&writer->csv), error);
  return jg_xlsx_writer_close (g_steal_pointer (&writer->xlsx), error);
}

void
jg_transfer_writer_abort (JgTransferWriter *writer)
{
  g_clear_pointer (&writer->csv, jg_csv_writer_abort);
  g_clear_pointer (&writer->xlsx, jg_xlsx_writer_abort);
}

const char *
jg_transfer_sheet_name (JgRecordKind kind)
{
  static const char * const names[JG_RECORD_N_KINDS] = {
    "行政检查", "行政处罚", "行政强制", "其他行为",
  };
  return names[kind];
}

const char **
jg_transfer_headers (JgRecordKind kind,
            guint       *n_fields)
{
  const JgFieldSpec *fields = jg_record_fields (kind, n_fields);
  const char **headers = g_new0 (const char *, *n_fields + 1);

  for (guint i = 0; i < *n_fields; i++)
    headers[i] = fields[i].header;
  return headers;
}
