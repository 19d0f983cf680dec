/* jianguan-bench.c — speed and memory benchmarks
 *
 *   jianguan-bench catalogue [--items N] [--seed S] [--queries Q]
 *   jianguan-bench catalogue-page [--items N] [--seed S] [--queries Q]
 *   jianguan-bench search-all [--items N] [--records N] [--posts N] [--queries Q]
 *     (one-key search: jg-bench-search-all.c)
 *
 * prints "name value unit" lines on stdout (progress on stderr):
 *   - the full download of a synthetic catalogue of N sub-items from a
 *     jianguan-server on 127.0.0.1 (goal ≤ 6 s for 200,000),
 *   - a delta of 1,000 changes (goal ≤ 0.3 s),
 *   - search latency p50/p95 per query class, through the same call the UI
 *     makes (objects in a GListModel, default limit), and the same statement
 *     stepped bare, with their ratio (goals: p95 ≤ 3 ms, ratio ≤ 2),
 *   - peak RSS of this process (the client) and of the server.
 *
 * catalogue-page drives the real JgCataloguePage (it needs a display: run
 * it under Xvfb, as `meson test --benchmark` does) over the same synthetic
 * catalogue: from the search entry's "search-changed" (after the entry's own
 * delay) to the first frame painted with the new results, p50/p95 per query
 * class (goal ≤ 50 ms), beside the bare query of the same text in the same
 * run and their ratio.
 *
 * Benchmarks never fail on a goal: they measure. Timings are wall-clock on
 * this machine; run on an idle machine and compare runs of the same build.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <gtk/gtk.h>

#include "jg-bench-import.h"
#include "jg-bench.h"
#include "jg-bench-posts-editor.h"
#include "jg-bench-posts-text.h"
#include "jg-catalogue-page.h"
#include "jg-catalogue-private.h"
#include "jg-catalogue-sync.h"
#include "jg-gen.h"
#include "jg-paths.h"
#include "jg-account.h"
#include "jg-outbox.h"
#include "jg-record-store.h"
#include "jg-records-model.h"
#include "jg-session.h"
#include "jg-test-util.h"
#include "jg-transfer.h"
#include "jg-store-private.h"

int jg_bench_posts_store (int argc, char **argv);   /* jg-bench-posts-store.c */
int jg_bench_startup (int argc, char **argv);       /* jg-bench-startup.c */

/* Parses a subcommand's options; says what is wrong on stderr. */
static gboolean
parse_options (GOptionContext      *context,
               const GOptionEntry  *entries,
               int                 *argc,
               char              ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("jianguan-bench: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* A fresh working folder, with a "server" folder in it, that is also this
 * process's XDG_DATA_HOME (so the account databases land there). */
char *
make_work_dir (const char  *name,
               char       **server_dir)
{
  char *work = jg_test_make_tmpdir (name);

  *server_dir = g_build_filename (work, "server", NULL);
  g_mkdir (*server_dir, 0700);
  g_setenv ("XDG_DATA_HOME", work, TRUE);
  return work;
}

void
emit (const char *name,
      double      value,
      const char *unit)
{
  g_print ("%s %.4g %s\n", name, value, unit);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;
  return (da > db) - (da < db);
}

double
percentile (GArray *values,
            double  p)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  index = (guint) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, index);
}

static long
server_peak_rss_kb (JgTestServer *server)
{
  const char *pid = g_subprocess_get_identifier (server->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid ? pid : "0");
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

char *
random_substring (GRand      *rand,
                  const char *text,
                  guint       n_chars)
{
  glong len = text ? g_utf8_strlen (text, -1) : 0;
  const char *begin, *end;

  if (len < (glong) n_chars)
    return NULL;

  begin = g_utf8_offset_to_pointer (text, g_rand_int_range (rand, 0, len - n_chars + 1));
  end = g_utf8_offset_to_pointer (begin, n_chars);
  return g_strndup (begin, end - begin);
}

typedef enum {
  CLASS_3PLUS,
  CLASS_1,
  CLASS_2,
  CLASS_CODE,
  N_CLASSES
} QueryClass;

static const char * const class_names[N_CLASSES] = {
  "3plus_chars", "1_char", "2_chars", "code_prefix",
};

/* Queries drawn from the data itself, as people type them. */
static GPtrArray *
make_queries (JgStore    *store,
              QueryClass  klass,
              guint       n,
              guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed + klass);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 max_id;

  stmt = jg_store_prepare (store, "SELECT max(id) FROM sub_item", NULL);
  sqlite3_step (stmt);
  max_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  stmt = jg_store_prepare (store,
                           "SELECT name, objects, legal_basis, code FROM sub_item WHERE id >= ?1 LIMIT 1",
                           NULL);

  while (queries->len < n)
    {
      char *q = NULL;
      const char *field;

      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, max_id + 1));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          continue;
        }

      field = (const char *) sqlite3_column_text (stmt, g_rand_int_range (rand, 0, 3));
      switch (klass)
        {
        case CLASS_3PLUS:
          q = random_substring (rand, field, g_rand_int_range (rand, 3, 7));
          break;
        case CLASS_1:
          q = random_substring (rand, field, 1);
          break;
        case CLASS_2:
          if (g_rand_boolean (rand))
            q = random_substring (rand, field, 2);
          else
            {
              /* A pair from two different items: mostly rare or absent. */
              g_autofree char *a = random_substring (rand, field, 1);
              g_autofree char *b = NULL;
              sqlite3_reset (stmt);
              sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, 1, max_id + 1));
              if (sqlite3_step (stmt) == SQLITE_ROW)
                b = random_substring (rand, (const char *) sqlite3_column_text (stmt, 0), 1);
              if (a && b)
                q = g_strconcat (a, b, NULL);
            }
          break;
        case CLASS_CODE:
          {
            const char *code = (const char *) sqlite3_column_text (stmt, 3);
            q = g_strndup (code, g_rand_int_range (rand, 2, strlen (code) + 1));
          }
          break;
        default:
          g_assert_not_reached ();
        }
      sqlite3_reset (stmt);

      /* Skip substrings with punctuation or spaces where a class needs words. */
      if (q != NULL && klass != CLASS_CODE &&
          jg_catalogue_classify_query (q) != (klass == CLASS_3PLUS ? JG_QUERY_TRIGRAM : JG_QUERY_GRAM))
        g_clear_pointer (&q, g_free);

      if (q != NULL)
        g_ptr_array_add (queries, q);
    }

  return queries;
}

static double
time_api (JgStore    *store,
          const char *text)
{
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (text);
  g_autoptr(GListModel) results = NULL;
  gint64 start = g_get_monotonic_time ();

  results = jg_catalogue_search_sync (store, query, NULL);
  g_assert (results != NULL);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_bare (JgStore    *store,
           const char *text)
{
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (text);
  gint64 start = g_get_monotonic_time ();
  sqlite3_stmt *stmt = jg_catalogue_prepare_search (store, query, NULL);
  guint64 sink = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      sink += sqlite3_column_bytes (stmt, c);
  sqlite3_reset (stmt);

  g_assert (sink > 0 || TRUE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* p50 and p95 of @measured and of @bare (the same queries stepped bare in
 * SQLite), and their ratios, as "<prefix>_<klass>_p50 …" lines. */
void
emit_latencies (const char *prefix,
                const char *klass,
                GArray     *measured,
                GArray     *bare)
{
  double m50 = percentile (measured, 0.50);
  double m95 = percentile (measured, 0.95);
  double b50 = percentile (bare, 0.50);
  double b95 = percentile (bare, 0.95);
  const struct { const char *suffix; double value; const char *unit; } lines[] = {
    { "p50", m50, "ms" },
    { "p95", m95, "ms" },
    { "bare_sql_p50", b50, "ms" },
    { "bare_sql_p95", b95, "ms" },
    { "ratio_p50", b50 > 0 ? m50 / b50 : 0, "x" },
    { "ratio_p95", b95 > 0 ? m95 / b95 : 0, "x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%s_%s", prefix, klass, lines[i].suffix);
      emit (name, lines[i].value, lines[i].unit);
    }
}

static void
bench_search (JgStore *store,
              guint    n_queries,
              guint32  seed)
{
  for (guint k = 0; k < N_CLASSES; k++)
    {
      g_autoptr(GPtrArray) queries = make_queries (store, k, n_queries, seed);
      g_autoptr(GArray) api = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));

      /* Warm the page cache once, as a user's second keystroke finds it. */
      for (guint i = 0; i < queries->len; i++)
        time_bare (store, queries->pdata[i]);

      for (guint i = 0; i < queries->len; i++)
        {
          double a = time_api (store, queries->pdata[i]);
          double b = time_bare (store, queries->pdata[i]);
          g_array_append_val (api, a);
          g_array_append_val (bare, b);
        }

      emit_latencies ("search", class_names[k], api, bare);
    }
}

/* N synthetic sub-items generated, loaded into a jianguan-server started
 * here, and downloaded in full into this process's database for it. */
JgTestServer *
serve_catalogue (const char       *work,
                 const char       *server_dir,
                 int               items,
                 int               seed,
                 char            **db_path,
                 JgCatalogueSync **sync)
{
  g_autofree char *catalogue_file = g_build_filename (work, "catalogue.json", NULL);
  g_autoptr(GError) error = NULL;
  JgTestServer *server;
  JgGenCounts counts;
  JgSyncResult result;
  gint64 start;

  g_printerr ("Generating %d sub-items…\n", items);
  start = g_get_monotonic_time ();
  if (!jg_gen_write_catalogue (catalogue_file, items, 1, seed, &counts, &error))
    g_error ("%s", error->message);
  emit ("catalogue_generate", seconds_since (start), "s");

  g_printerr ("Loading them into jianguan-server…\n");
  start = g_get_monotonic_time ();
  jg_test_server_load (server_dir, catalogue_file);
  emit ("catalogue_server_load", seconds_since (start), "s");

  server = jg_test_server_start (server_dir, NULL);
  *db_path = jg_paths_database_for_server (server->url, NULL, &error);
  g_assert_no_error (error);

  g_printerr ("Full download…\n");
  *sync = jg_catalogue_sync_new (*db_path, server->url);
  start = g_get_monotonic_time ();
  if (!jg_catalogue_sync_run (*sync, &result, NULL, &error))
    g_error ("%s", error->message);
  emit ("catalogue_full_download", seconds_since (start), "s");
  emit ("catalogue_full_download_changes", result.changes_applied, "changes");
  emit ("catalogue_sub_items", counts.sub_items, "items");
  return server;
}

void
remove_work_dir (const char *work)
{
  if (!g_getenv ("JIANGUAN_BENCH_KEEP"))
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", work);
      (void) !system (cmd);
    }
}

static int
bench_catalogue (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— catalogue download, delta and search");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *delta_file = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(JgCatalogueSync) sync = NULL;
  g_autoptr(JgStore) store = NULL;
  JgTestServer *server;
  JgSyncResult result;
  struct rusage usage;
  gint64 start;
  int items = 200000;
  int seed = 1;
  int n_queries = 300;
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Synthetic sub-items (default 200000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Generator seed (default 1)", "S" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Queries per search class (default 300)", "Q" },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv))
    return 2;

  work = make_work_dir ("bench", &server_dir);
  delta_file = g_build_filename (work, "delta.json", NULL);
  server = serve_catalogue (work, server_dir, items, seed, &db_path, &sync);

  g_printerr ("Delta of 1000 changes…\n");
  if (!jg_gen_write_delta (delta_file, 1000, items, 1, seed, NULL, &error))
    g_error ("%s", error->message);
  jg_test_server_load (server_dir, delta_file);
  start = g_get_monotonic_time ();
  if (!jg_catalogue_sync_run (sync, &result, NULL, &error))
    g_error ("%s", error->message);
  emit ("catalogue_delta_1000", seconds_since (start), "s");
  emit ("catalogue_delta_changes", result.changes_applied, "changes");

  g_printerr ("Search latency…\n");
  store = jg_store_open (db_path, &error);
  g_assert_no_error (error);
  bench_search (store, n_queries, seed);

  {
    GStatBuf st;
    /* The catalogue lives in the server's cache, not the account's file. */
    if (g_stat (jg_store_get_catalogue_path (store), &st) == 0)
      emit ("catalogue_db_size", st.st_size / (1024.0 * 1024.0), "MiB");
  }

  getrusage (RUSAGE_SELF, &usage);
  emit ("client_peak_rss", usage.ru_maxrss / 1024.0, "MiB");
  emit ("server_peak_rss", server_peak_rss_kb (server) / 1024.0, "MiB");

  jg_test_server_stop (server);
  g_clear_object (&store);
  remove_work_dir (work);

  return 0;
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
static int
bench_import (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— legacy data import");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *item = NULL;
  g_autofree char *impl = NULL;
  g_autofree char *officers = NULL;
  g_autofree char *department = NULL;
  g_autoptr(JgCatalogueSync) sync = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBF");
  const char *demo[] = { "--demo", NULL };
  const char *date = "2025-07-01";
  const JgFieldSpec *fields;
  JgTestServer *server;
  JgImportResult result;
  guint n_fields;
  gint64 start;
  double elapsed;
  int rows = 100000;
  const GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows to import (default 100000)", "N" },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv))
    return 2;

  work = make_work_dir ("bench-import", &server_dir);

  server = jg_test_server_start (server_dir, demo);
  server_url = g_strdup (server->url);
  db_path = jg_paths_database_for_server (server->url, NULL, &error);
  g_assert_no_error (error);
  sync = jg_catalogue_sync_new (db_path, server->url);
  if (!jg_catalogue_sync_run (sync, NULL, NULL, &error))
    g_error ("%s", error->message);
  jg_test_server_stop (server);

  store = jg_store_open (db_path, &error);
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
  csv_path = g_build_filename (work, "import.csv", NULL);
  if (!g_file_set_contents (csv_path, csv->str, csv->len, &error))
    g_error ("%s", error->message);
  emit ("import_file_size", csv->len / (1024.0 * 1024.0), "MiB");
  g_string_free (g_steal_pointer (&csv), TRUE);

  g_printerr ("Importing…\n");
  start = g_get_monotonic_time ();
  if (!jg_transfer_import (store, csv_path, NULL, &result, NULL, NULL, &error))
    g_error ("%s", error->message);
  elapsed = seconds_since (start);
  if (result.imported != (guint) rows)
    g_printerr ("Only %u of %d rows were imported (%u rejected).\n", result.imported, rows, result.rejected);
  if (rows == 100000)
    emit ("import_100k_rows", elapsed, "s");
  else
    emit ("import_rows", elapsed, "s");
  emit ("import_rate", result.imported / elapsed, "rows/s");

  /* The same file into a second account of the same server, bare. */
  {
    g_autofree char *bare_path = jg_paths_database_for_server (server_url, "bare", &error);
    g_autoptr(JgStore) bare = NULL;
    guint bare_rows;
    double bare_elapsed;

    g_assert_no_error (error);
    bare = jg_store_open (bare_path, &error);
    g_assert_no_error (error);
    if (!jg_record_store_set_department (bare, department, &error))
      g_error ("%s", error->message);
    g_printerr ("Inserting the same rows bare…\n");
    bare_elapsed = jg_bench_import_bare (bare, csv_path, &bare_rows);
    emit (rows == 100000 ? "import_bare_insert_100k_rows" : "import_bare_insert_rows",
          bare_elapsed, "s");
    emit ("import_to_bare_ratio", elapsed / bare_elapsed, "x");
  }

  /* The XLSX reader alone, over the same rows as our export writes them. */
  {
    g_autofree char *xlsx_path = g_build_filename (work, "import.xlsx", NULL);
    guint xlsx_rows;
    double read_elapsed;

    g_printerr ("Reading the same rows as XLSX…\n");
    read_elapsed = jg_bench_import_xlsx_read (csv_path, xlsx_path, &xlsx_rows);
    emit (rows == 100000 ? "import_xlsx_read_100k_rows" : "import_xlsx_read_rows", read_elapsed, "s");
  }

  g_clear_object (&store);
  remove_work_dir (work);
  return 0;
}

static long
current_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/* The records list over N records (default 1,000,000): opening the model and
 * reading the first screen, a month filter, RSS growth while scrolling
 * through every row; and the validation of one record with the store's
 * context, averaged over 100,000 runs. */
static int
bench_records (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— records list and validation");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgRecordsModel) model = NULL;
  g_autoptr(JgRecordsFilter) filter = jg_records_filter_new ();
  g_autoptr(JgRecord) record = NULL;
  g_autofree char *work = NULL;
  g_autofree char *path = NULL;
  JgValidationContext *validation;
  sqlite3_stmt *stmt;
  int n_records = 1000000, n_validations = 100000;
  long rss_before, rss_peak = 0;
  gint64 start;
  GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Records in the table", "N" },
    { "validations", 0, 0, G_OPTION_ARG_INT, &n_validations, "Validations to average", "N" },
    { NULL },
  };
  static const char * const values[] = {
    "catalogue_code", "44000000000001", "object_type", "1",
    "object_name", "揭阳某食品有限公司", "party_name", "揭阳某食品有限公司",
    "party_nature", "02", "party_doc_type", "001", "party_code", "91440300708461136T",
    "region", "445202", "impl_code", "91440300708461136T3001", "name", "日常检查",
    "number", "BENCH-1", "check_form", "01", "check_category", "01", "check_result", "01",
    "check_time", "2024-03-18", "officers", "o1;o2", NULL,
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  work = g_dir_make_tmp ("jianguan-bench-records-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (work, "jianguan.db", NULL);
  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  jg_record_store_set_department (store, "D1", &error);
  g_assert_no_error (error);

  g_printerr ("Writing %d records…\n", n_records);
  jg_store_exec (store,
                 "INSERT INTO code_entry (tbl, code, name) VALUES"
                 " ('object_type', '1', '企业'), ('check_form', '01', '日常检查'),"
                 " ('check_category', '01', '现场检查'), ('check_result', '01', '未发现问题'),"
                 " ('party_nature', '02', '法人'), ('doc_type', '001', '统一社会信用代码'),"
                 " ('region', '445202', '榕城区');"
                 "INSERT INTO sub_item (code, name, action_type, status, effective_date) VALUES"
                 " ('44000000000001', '食品生产检查', '0', '01', '2020-01-01');"
                 "INSERT INTO impl_entry (code, sub_item) VALUES ('91440300708461136T3001', '44000000000001');"
                 "INSERT INTO officer (id, name, cert_no, cert_valid_from, cert_valid_to) VALUES"
                 " ('o1', '张三', '44050001', '2020-01-01', '2099-12-31'),"
                 " ('o2', '李四', '44050002', '2020-01-01', '2099-12-31');", &error);
  g_assert_no_error (error);
  jg_store_begin (store, &error);
  stmt = jg_store_prepare (store,
                           "INSERT INTO record (uuid, kind, department, state, op, number, name,"
                           " main_date, sort_date, month, catalogue_code, party_doc_type, party_code,"
                           " party_name, fields, created, modified)"
                           " VALUES (?1, 'inspection', 'D1', 'draft', 'i', ?2, '检查', ?3, ?3,"
                           " substr (?3, 1, 7), '44000000000001', '001', '91440300708461136T',"
                           " '揭阳某食品有限公司', '{}', ?4, ?4)", &error);
  g_assert_no_error (error);
  for (int i = 0; i < n_records; i++)
    {
      char uuid[40], number[24], date[12];
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_dmy (&d, 1, 1, 2018);
      g_date_add_days (&d, i / 365);
      g_snprintf (uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
      g_snprintf (number, sizeof number, "JC-%07d", i);
      g_snprintf (date, sizeof date, "%04u-%02u-%02u", g_date_get_year (&d),
                  g_date_get_month (&d), g_date_get_day (&d));
      sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, 1700000000 + i);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("insert failed: %s", sqlite3_errmsg (jg_store_get_db (store)));
      sqlite3_reset (stmt);
    }
  jg_store_commit (store, &error);
  g_assert_no_error (error);
  emit ("records_rows", n_records, "rows");

  rss_before = current_rss_kb ();
  start = g_get_monotonic_time ();
  model = jg_records_model_new (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 30 && i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  emit ("records_open_first_screen", seconds_since (start) * 1000, "ms");

  filter->month = g_strdup ("2020-06");
  start = g_get_monotonic_time ();
  jg_records_model_reload (model, filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 30 && i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  emit ("records_month_filter", seconds_since (start) * 1000, "ms");

  jg_records_model_reload (model, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
      if (i % 65536 == 0)
        rss_peak = MAX (rss_peak, current_rss_kb ());
    }
  rss_peak = MAX (rss_peak, current_rss_kb ());
  emit ("records_scroll_all", seconds_since (start), "s");
  emit ("records_scroll_rss_growth", (rss_peak - rss_before) / 1024.0, "MiB");
  g_clear_object (&model);

  record = jg_record_new (JG_RECORD_INSPECTION, "D1");
  for (guint i = 0; values[i] != NULL; i += 2)
    jg_record_set (record, values[i], values[i + 1]);
  validation = jg_record_store_get_context (store);
  {
    g_autoptr(GPtrArray) issues = jg_validate_record (record, validation);
    emit ("records_validate_issues", issues->len, "issues");
  }
  start = g_get_monotonic_time ();
  for (int i = 0; i < n_validations; i++)
    g_ptr_array_unref (jg_validate_record (record, validation));
  emit ("records_validate_one", (g_get_monotonic_time () - start) / (double) MAX (n_validations, 1), "us");
  jg_validation_context_free (validation);

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", work);
    (void) !system (cmd);
  }
  return 0;
}

/* --- record sync ---------------------------------------------------------- */

/* @n copies of the ready record @template_uuid, each with its own uuid and
 * number, in one transaction. */
static void
clone_records (JgStore    *store,
               const char *template_uuid,
               const char *tag,
               int         n)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  if (!jg_store_begin (store, &error))
    g_error ("%s", error->message);
  stmt = jg_store_prepare (store,
                           "INSERT INTO record (uuid, kind, department, state, revision, op, number, name,"
                           " main_date, sort_date, month, catalogue_code, party_doc_type, party_code,"
                           " party_name, fields, created, modified, holds_number)"
                           " SELECT ?2, kind, department, 'ready', 1, 'i', ?3, name, main_date, sort_date,"
                           " month, catalogue_code, party_doc_type, party_code, party_name,"
                           " json_set (fields, '$.uuid', ?2, '$.fields.number', ?3), created, modified,"
                           " holds_number"
                           " FROM record WHERE uuid = ?1", &error);
  if (stmt == NULL)
    g_error ("%s", error->message);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *number = g_strdup_printf ("JC-%s-%07d", tag, i);

      sqlite3_bind_text (stmt, 1, template_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, number, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (jg_store_get_db (store)));
      sqlite3_reset (stmt);
    }
  if (!jg_store_commit (store, &error))
    g_error ("%s", error->message);
}

static double
timed_outbox_run (const char     *db_path,
                  const char     *url,
                  const char     *token,
                  guint           batch_size,
                  gboolean        pull,
                  JgOutboxResult *result)
{
  g_autoptr(JgOutbox) outbox = jg_outbox_new (db_path, url, token);
  g_autoptr(GError) error = NULL;
  gint64 start;

  jg_outbox_set_batch_size (outbox, batch_size);
  jg_outbox_set_pull (outbox, pull);
  start = g_get_monotonic_time ();
  if (!jg_outbox_run (outbox, result, NULL, &error))
    g_error ("%s", error->message);
  return seconds_since (start);
}

static int
bench_sync (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— record push and state pull");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autoptr(JgCatalogueSync) sync = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgRecord) record = NULL;
  g_autofree char *work = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *template_uuid = NULL;
  const char *demo[] = { "--demo", NULL };
  const char *date = "2025-07-01";
  JgTestServer *server;
  JgOutboxResult result;
  double elapsed, batched_rate, single_rate;
  int records = 100000;
  int single = 2000;
  const GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &records, "Records to push in batches (default 100000)", "N" },
    { "single", 0, 0, G_OPTION_ARG_INT, &single, "Records to push one per request (default 2000)", "N" },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv))
    return 2;

  /* No Secret Service: the token stays in this process. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/jianguan-bench-bus", TRUE);
  work = make_work_dir ("bench-sync", &server_dir);
  g_setenv ("XDG_CONFIG_HOME", work, TRUE);

  server = jg_test_server_start (server_dir, demo);
  account = jg_account_new (server->url, "rc-admin");
  if (!jg_account_login (account, "Jianguan-Demo-2026", NULL, &error))
    g_error ("%s", error->message);
  token = jg_account_get_token (account, &error);
  db_path = jg_paths_database_for_server (server->url, "rc-admin", &error);
  g_assert_no_error (error);
  sync = jg_catalogue_sync_new (db_path, server->url);
  if (!jg_catalogue_sync_run (sync, NULL, NULL, &error))
    g_error ("%s", error->message);

  store = jg_store_open (db_path, &error);
  g_assert_no_error (error);
  record = jg_test_demo_inspection (store, jg_account_get_department (account),
                                    "JC-BENCH-TEMPLATE", date);
  if (!jg_record_store_save (store, record, "bench", &error) ||
      !jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, "bench", &error))
    g_error ("%s", error->message);
  template_uuid = g_strdup (jg_record_get_uuid (record));

  g_printerr ("Generating %d ready records…\n", records);
  clone_records (store, template_uuid, "BATCH", records - 1);

  g_printerr ("Pushing in batches of 1000…\n");
  elapsed = timed_outbox_run (db_path, server->url, token, 1000, FALSE, &result);
  if (result.accepted != (guint) records)
    g_printerr ("Only %u of %d records were accepted (%u rejected).\n",
                result.accepted, records, result.rejected);
  batched_rate = result.accepted / elapsed;
  emit (records == 100000 ? "sync_push_100k" : "sync_push", elapsed, "s");
  emit ("sync_push_rate", batched_rate, "records/s");

  g_printerr ("Pushing %d records one per request…\n", single);
  clone_records (store, template_uuid, "SINGLE", single);
  elapsed = timed_outbox_run (db_path, server->url, token, 1, FALSE, &result);
  single_rate = result.accepted / elapsed;
  emit ("sync_push_single_rate", single_rate, "records/s");
  emit ("sync_push_batch_ratio", batched_rate / single_rate, "x");

  /* Every answer lost: the state feed tells each record's state again. */
  g_printerr ("Pulling the record states…\n");
  if (!jg_store_exec (store, "UPDATE record SET state = 'sending', op = 'i';"
                      "DELETE FROM sync_cursor WHERE feed = 'records'", &error))
    g_error ("%s", error->message);
  elapsed = timed_outbox_run (db_path, server->url, token, 1000, TRUE, &result);
  emit (records == 100000 ? "sync_pull_100k_states" : "sync_pull_states", elapsed, "s");
  emit ("sync_pull_applied", result.states_applied, "records");

  jg_test_server_stop (server);
  g_clear_object (&store);
  remove_work_dir (work);
  return 0;
}

/* --- the catalogue page --------------------------------------------------- */

/* Longest wait for a page to show a query's results before giving up. */
#define PAGE_TIMEOUT_US (30 * G_USEC_PER_SEC)
/* Queries per class by default: each waits for the entry's own delay. */
#define PAGE_DEFAULT_QUERIES 40

/* From "search-changed" to the first frame painted after the list's model
 * changed: what the person at the keyboard waits for. */
typedef struct {
  gint64   changed;        /* monotonic µs; 0 before the first emission */
  gboolean items_changed;
  gint64   painted;
} PageProbe;

static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               user_data)
{
  PageProbe *probe = user_data;

  probe->changed = g_get_monotonic_time ();
  probe->items_changed = FALSE;
  probe->painted = 0;
  return TRUE;
}

static void
results_changed_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    PageProbe  *probe)
{
  if (probe->changed != 0)
    probe->items_changed = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                PageProbe     *probe)
{
  if (probe->items_changed && probe->painted == 0)
    probe->painted = g_get_monotonic_time ();
}

/* The first widget of @type under @widget, outside popovers (the
 * drop-downs have lists of their own). */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  if (GTK_IS_POPOVER (widget))
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Runs the main loop until @done or PAGE_TIMEOUT_US; FALSE on timeout. */
static gboolean
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + PAGE_TIMEOUT_US;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static gboolean
painted (gpointer data)
{
  return ((PageProbe *) data)->painted != 0;
}

typedef struct {
  JgSession  *session;
  GListModel *results;
} PageReady;

static gboolean
page_ready (gpointer data)
{
  PageReady *ready = data;

  return !jg_session_is_syncing (ready->session) &&
         !jg_session_is_catalogue_empty (ready->session) &&
         g_list_model_get_n_items (ready->results) > 0;
}

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static int
bench_catalogue_page (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— search latency of the catalogue page");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(JgCatalogueSync) sync = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(JgSession) session = NULL;
  GtkWidget *window, *page, *entry, *list_view;
  GListModel *results;
  JgTestServer *server;
  PageProbe probe = { 0, };
  PageReady ready;
  gulong hook;
  int items = 200000;
  int seed = 1;
  int n_queries = PAGE_DEFAULT_QUERIES;
  const GOptionEntry entries[] = {
    { "items", 0, 0, G_OPTION_ARG_INT, &items, "Synthetic sub-items (default 200000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Generator seed (default 1)", "S" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Queries per search class (default 40)", "Q" },
    { NULL }
  };

  if (!parse_options (context, entries, &argc, &argv))
    return 2;
  if (!gtk_init_check ())
    {
      g_printerr ("jianguan-bench: catalogue-page needs a display (run it under xvfb-run)\n");
      return 77;
    }
  adw_init ();

  work = make_work_dir ("bench-page", &server_dir);
  server = serve_catalogue (work, server_dir, items, seed, &db_path, &sync);
  store = jg_store_open (db_path, &error);
  g_assert_no_error (error);

  /* The app's session over that server, with no sync of its own. */
  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend ("com.jieyang.Jianguan", backend);
  g_settings_set_uint (settings, "sync-interval", 0);
  g_settings_set_string (settings, "server-url", server->url);
  session = jg_session_new (settings);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  page = g_object_new (JG_TYPE_CATALOGUE_PAGE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), page);
  jg_catalogue_page_set_session (JG_CATALOGUE_PAGE (page), session);
  gtk_window_present (GTK_WINDOW (window));

  entry = find_widget (page, GTK_TYPE_SEARCH_ENTRY);
  list_view = find_widget (page, GTK_TYPE_LIST_VIEW);
  g_assert (entry != NULL && list_view != NULL);
  results = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));

  ready.session = session;
  ready.results = results;
  if (!iterate_until (page_ready, &ready))
    g_error ("The catalogue page did not show the catalogue");
  settle (500);

  g_signal_connect (results, "items-changed", G_CALLBACK (results_changed_cb), &probe);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), &probe);
  hook = g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                                     search_changed_hook, &probe, NULL);

  g_printerr ("Page search latency…\n");
  for (guint k = 0; k < N_CLASSES; k++)
    {
      g_autoptr(GPtrArray) queries = make_queries (store, k, n_queries, seed);
      g_autoptr(GArray) page_ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < queries->len; i++)
        {
          double ms, b;

          /* Same text as before (a class can repeat one): nothing changes. */
          if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), queries->pdata[i]) == 0)
            continue;
          probe.changed = 0;
          probe.items_changed = FALSE;
          probe.painted = 0;
          gtk_editable_set_text (GTK_EDITABLE (entry), queries->pdata[i]);
          if (!iterate_until (painted, &probe))
            g_error ("The page did not show the results of “%s”", (char *) queries->pdata[i]);
          ms = (probe.painted - probe.changed) / 1000.0;
          g_array_append_val (page_ms, ms);
          /* Let the frame finish as a person would before the next query. */
          settle (50);

          b = time_bare (store, queries->pdata[i]);
          g_array_append_val (bare, b);
        }

      emit_latencies ("page_search", class_names[k], page_ms, bare);
    }

  g_signal_remove_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), hook);
  g_signal_handlers_disconnect_by_data (results, &probe);
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (window), &probe);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&session);

  jg_test_server_stop (server);
  g_clear_object (&store);
  remove_work_dir (work);
  return 0;
}

/* The issue's `jianguan-bench posts`: the three posts benchmarks in one
 * run (the editor's only where there is a display: run it under
 * xvfb-run, as `meson test --benchmark posts-editor` does). */
static int
bench_posts (int    argc,
             char **argv)
{
  int status = 0;

  status |= jg_bench_posts_text (argc, argv);
  status |= jg_bench_posts_store (argc, argv);
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    status |= jg_bench_posts_editor (argc, argv);
  else
    g_printerr ("posts-editor skipped: no display (run under xvfb-run)\n");
  return status;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  /* Run from the build tree, the bench finds the server built beside it. */
  if (g_getenv ("JIANGUAN_SERVER_BIN") == NULL)
    g_setenv ("JIANGUAN_SERVER_BIN", JIANGUAN_SERVER_BUILD_PATH, TRUE);

  if (argc >= 2 && g_str_equal (argv[1], "catalogue"))
    return bench_catalogue (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "catalogue-page"))
    return bench_catalogue_page (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "records-import"))
    return bench_import (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "records"))
    return bench_records (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "sync"))
    return bench_sync (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "posts-store"))
    return jg_bench_posts_store (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "posts-editor"))
    return jg_bench_posts_editor (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "posts-text"))
    return jg_bench_posts_text (argc - 1, argv + 1);

  if (argc >= 2 && g_str_equal (argv[1], "posts"))
    return bench_posts (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "search-all"))
    return jg_bench_search_all (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "startup"))
    return jg_bench_startup (argc - 1, argv + 1);

  g_printerr ("Usage: jianguan-bench catalogue|catalogue-page|records|records-import|sync|"
              "posts|posts-text|posts-store|posts-editor|search-all [options]\n");
  return 2;
}
