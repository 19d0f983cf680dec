/* jg-bench-import.c — `jianguan-bench records-import`, and the same rows
 * bare-inserted
 *
 *   jianguan-bench records-import [--rows N]
 *
 * N valid inspection rows (default 100,000) of the demo catalogue and
 * roster, imported with full validation into an account database; then
 * the same file bare-inserted into a second account, and the ratio.
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

#include "jg-bench.h"
#include "jg-catalogue-sync.h"
#include "jg-csv.h"
#include "jg-paths.h"
#include "jg-record-store.h"
#include "jg-store-private.h"
#include "jg-test-util.h"
#include "jg-transfer.h"
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

/* Reads the CSV file @csv_path as the import does (whole file, parsed row
 * by row), and saves each row after the header as a ready record of the
 * store's department into @store, in one transaction, with no validation,
 * no lookups, no duplicate check and no import batch: the floor that the
 * import's time is compared with. Returns the seconds it took and the
 * rows saved through @n_rows. */
static double
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

/* Writes the rows of @csv_path to @xlsx_path with the export's XLSX
 * writer, then reads them back with the import's reader (no import): the
 * seconds the reading took. */
static double
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

static char *
bench_query_text (JgStore    *store,
                  const char *sql,
                  const char *arg)
{
  char *text = jg_test_query_text (store, sql, arg);

  if (text == NULL)
    g_error ("The demo catalogue lacks what the import benchmark needs: %s", sql);
  return text;
}

/* 100,000 valid inspection rows of the demo catalogue and roster, imported
 * with full validation into an account database (goal ≤ 10 s); then the
 * same file bare-inserted into a second account without validation
 * (jg-bench-import.c) and the ratio of the two (goal ≤ 2), and the XLSX
 * reader alone over the same rows. */
int
jg_bench_import (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— legacy data import");
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *item = NULL;
  g_autofree char *impl = NULL;
  g_autofree char *officers = NULL;
  g_autofree char *department = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBF");
  const char *date = "2025-07-01";
  const JgFieldSpec *fields;
  JgBenchSetup setup;
  JgImportResult result;
  guint n_fields;
  gint64 start;
  double elapsed, cpu;
  int rows = 100000;
  const GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows to import (default 100000)", "N" },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv))
    return 2;

  bench_setup (&setup, "bench-import", 0, 0, NULL);
  server_url = g_strdup (setup.server->url);
  bench_setup_stop_server (&setup);

  store = jg_store_open (setup.db_path, &error);
  g_assert_no_error (error);
  item = bench_query_text (store,
                           "SELECT s.code FROM sub_item s"
                           " WHERE s.action_type = '0' AND s.status = '01'"
                           "   AND coalesce (s.effective_date, '') <= ?1"
                           "   AND (coalesce (s.cancel_date, '') = '' OR s.cancel_date > ?1)"
                           "   AND EXISTS (SELECT 1 FROM impl_entry e WHERE e.sub_item = s.code)"
                           " ORDER BY s.code LIMIT 1", date);
  impl = bench_query_text (store, "SELECT min (code) FROM impl_entry WHERE sub_item = ?1", item);
  officers = bench_query_text (store,
                               "SELECT group_concat (id, ';') FROM (SELECT id FROM officer"
                               " WHERE cert_no <> '' AND cert_valid_from <= ?1 AND cert_valid_to >= ?1"
                               " ORDER BY id LIMIT 2)", date);
  department = bench_query_text (store, "SELECT min (code) FROM department WHERE region = ?1", "445202");
  if (!jg_record_store_set_department (store, department, &error))
    g_error ("%s", error->message);

  g_printerr ("Generating %d rows…\n", rows);
  fields = jg_record_fields (JG_RECORD_INSPECTION, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    g_string_append_printf (csv, "%s%s", i ? "," : "", fields[i].header);
  g_string_append (csv, "\r\n");
  for (int r = 0; r < rows; r++)
    {
      for (guint i = 0; i < n_fields; i++)
        {
          const char *key = fields[i].key;
          g_autofree char *number = NULL;
          const char *value = "";

          if (g_str_equal (key, "catalogue_code")) value = item;
          else if (g_str_equal (key, "object_type")) value = "1";
          else if (g_str_equal (key, "object_name")) value = "榕城区某食品店";
          else if (g_str_equal (key, "party_name")) value = "揭阳市某某食品有限公司";
          else if (g_str_equal (key, "party_nature")) value = "02";
          else if (g_str_equal (key, "party_doc_type")) value = "001";
          else if (g_str_equal (key, "party_code")) value = "91440300708461136T";
          else if (g_str_equal (key, "region")) value = "445202";
          else if (g_str_equal (key, "impl_code")) value = impl;
          else if (g_str_equal (key, "name")) value = "食品经营日常监督检查";
          else if (g_str_equal (key, "number")) value = number = g_strdup_printf ("JC-BENCH-%07d", r);
          else if (g_str_equal (key, "check_form") || g_str_equal (key, "check_category")
                   || g_str_equal (key, "check_result")) value = "01";
          else if (g_str_equal (key, "check_time")) value = date;
          else if (g_str_equal (key, "officers")) value = officers;
          g_string_append_printf (csv, "%s\"%s\"", i ? "," : "", value);
        }
      g_string_append (csv, "\r\n");
    }
  csv_path = g_build_filename (setup.work, "import.csv", NULL);
  if (!g_file_set_contents (csv_path, csv->str, csv->len, &error))
    g_error ("%s", error->message);
  emit ("import_file_size", csv->len / (1024.0 * 1024.0), "MiB");
  g_string_free (g_steal_pointer (&csv), TRUE);

  g_printerr ("Importing…\n");
  cpu = self_cpu_seconds ();
  start = g_get_monotonic_time ();
  if (!jg_transfer_import (store, csv_path, NULL, &result, NULL, NULL, &error))
    g_error ("%s", error->message);
  elapsed = seconds_since (start);
  cpu = self_cpu_seconds () - cpu;
  if (result.imported != (guint) rows)
    g_printerr ("Only %u of %d rows were imported (%u rejected).\n", result.imported, rows, result.rejected);
  if (rows == 100000)
    emit ("import_100k_rows", elapsed, "s");
  else
    emit ("import_rows", elapsed, "s");
  emit ("import_rate", result.imported / elapsed, "rows/s");
  emit ("import_cpu", cpu, "s");

  /* The same file into a second account of the same server, bare. */
  {
    g_autofree char *bare_path = jg_paths_database_for_server (server_url, "bare", &error);
    g_autoptr(JgStore) bare = NULL;
    guint bare_rows;
    double bare_elapsed, bare_cpu;

    g_assert_no_error (error);
    bare = jg_store_open (bare_path, &error);
    g_assert_no_error (error);
    if (!jg_record_store_set_department (bare, department, &error))
      g_error ("%s", error->message);
    g_printerr ("Inserting the same rows bare…\n");
    bare_cpu = self_cpu_seconds ();
    bare_elapsed = jg_bench_import_bare (bare, csv_path, &bare_rows);
    bare_cpu = self_cpu_seconds () - bare_cpu;
    emit (rows == 100000 ? "import_bare_insert_100k_rows" : "import_bare_insert_rows",
          bare_elapsed, "s");
    emit ("import_bare_insert_cpu", bare_cpu, "s");
    emit ("import_to_bare_ratio", elapsed / bare_elapsed, "x");
    emit ("import_to_bare_cpu_ratio", cpu / bare_cpu, "x");
  }

  /* The XLSX reader alone, over the same rows as our export writes them. */
  {
    g_autofree char *xlsx_path = g_build_filename (setup.work, "import.xlsx", NULL);
    guint xlsx_rows;
    double read_elapsed;

    g_printerr ("Reading the same rows as XLSX…\n");
    read_elapsed = jg_bench_import_xlsx_read (csv_path, xlsx_path, &xlsx_rows);
    emit (rows == 100000 ? "import_xlsx_read_100k_rows" : "import_xlsx_read_rows", read_elapsed, "s");
  }

  g_clear_object (&store);
  bench_setup_clear (&setup);
  return 0;
}
