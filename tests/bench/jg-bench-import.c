/* jg-bench-import.c — the same rows as `records-import`, bare-inserted
 *
 * What an import costs beyond reading the file and writing the records:
 * validation with its cached lookups, the duplicate and conflict check, the
 * batch. The bare insert does only the rest, with the same reader, the same
 * record objects, the same save and the same page cache, on the same
 * machine in the same run, so that the ratio is the import's own overhead
 * (goal ≤ 2). Then the XLSX reader alone over the same rows, as the export
 * writes them, so that a slower reader shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-bench-import.h"
#include "jg-csv.h"
#include "jg-record-store.h"
#include "jg-store-private.h"
#include "jg-xlsx.h"

/* As jg-transfer-import.c sets it for an import. */
#define IMPORT_CACHE_KIB "131072"
#define UTF8_BOM         "\xEF\xBB\xBF"

typedef struct {
  JgStore            *store;
  char               *department;
  const JgFieldSpec  *fields;
  guint               n_fields;
  guint               saved;
} Bare;

static gboolean
on_row (guint       row,
        GPtrArray  *cells,
        gpointer    user_data,
        GError    **error)
{
  Bare *bare = user_data;
  g_autoptr(JgRecord) record = NULL;

  if (row == 1)
    return TRUE;   /* the header, in jg_record_fields() order */
  record = jg_record_new (JG_RECORD_INSPECTION, bare->department);
  for (guint c = 0; c < cells->len && c < bare->n_fields; c++)
    if (*(const char *) cells->pdata[c] != '\0')
      jg_record_set (record, bare->fields[c].key, cells->pdata[c]);
  jg_record_set_identity (record, jg_record_get_uuid (record), 1, JG_RECORD_STATE_READY);
  if (!jg_record_store_save (bare->store, record, NULL, error))
    return FALSE;
  bare->saved++;
  return TRUE;
}

double
jg_bench_import_bare (JgStore    *store,
                      const char *csv_path,
                      guint      *n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  Bare bare = { store, jg_record_store_get_department (store), NULL, 0, 0 };
  const char *text;
  gsize length;
  gint64 start = g_get_monotonic_time ();

  bare.fields = jg_record_fields (JG_RECORD_INSPECTION, &bare.n_fields);
  if (!g_file_get_contents (csv_path, &data, &length, &error))
    g_error ("%s", error->message);
  text = data;
  if (g_str_has_prefix (text, UTF8_BOM))
    {
      text += strlen (UTF8_BOM);
      length -= strlen (UTF8_BOM);
    }
  if (!jg_store_exec (store, "PRAGMA cache_size = -" IMPORT_CACHE_KIB, &error)
      || !jg_store_begin (store, &error)
      || !jg_csv_parse (text, length, on_row, &bare, &error)
      || !jg_store_commit (store, &error))
    g_error ("%s", error->message);

  g_free (bare.department);
  *n_rows = bare.saved;
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static gboolean
on_csv_row (guint       row,
            GPtrArray  *cells,
            gpointer    user_data,
            GError    **error)
{
  return jg_xlsx_writer_row (user_data, (const char * const *) cells->pdata, cells->len, error);
}

static gboolean
count_row (guint       row,
           GPtrArray  *cells,
           gpointer    user_data,
           GError    **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

double
jg_bench_import_xlsx_read (const char *csv_path,
                           const char *xlsx_path,
                           guint      *n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  JgXlsxWriter *writer;
  gsize length;
  gint64 start;

  if (!g_file_get_contents (csv_path, &data, &length, &error)
      || (writer = jg_xlsx_writer_new (xlsx_path, &error)) == NULL)
    g_error ("%s", error->message);
  jg_xlsx_writer_add_sheet (writer, "行政检查");
  if (!jg_csv_parse (data + strlen (UTF8_BOM), length - strlen (UTF8_BOM), on_csv_row, writer, &error)
      || !jg_xlsx_writer_close (writer, &error))
    g_error ("%s", error->message);

  *n_rows = 0;
  start = g_get_monotonic_time ();
  if (!jg_xlsx_read (xlsx_path, count_row, n_rows, &error))
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}
