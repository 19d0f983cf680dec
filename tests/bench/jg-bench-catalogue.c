/* jg-bench-catalogue.c — `jianguan-bench catalogue`: download, delta, search
 *
 *   jianguan-bench catalogue [--items N] [--seed S] [--queries Q]
 *
 * prints "name value unit" lines on stdout (progress on stderr):
 *   - the full download of a synthetic catalogue of N sub-items from a
 *     jianguan-server on 127.0.0.1, beside a bare load of the same rows into
 *     a fresh cache of the same schema and indexes (no HTTP, no JSON), and
 *     their ratio (goal ≤ 1.3);
 *   - a delta of 1,000 changes, beside the same 1,000 rows applied bare to
 *     that bare cache, and their ratio (goals ≤ 3, and ≤ 0.1 s);
 *   - search latency p50/p95 per query class, through the same call the UI
 *     makes (objects in a GListModel, default limit), and the same ranked
 *     search's statements stepped bare as far as it runs them, with their
 *     ratio (goal: p95 ratio ≤ 2 for every class); beside, the p95 of the
 *     one unranked statement that was the reference before;
 *   - peak RSS of this process (the client) and of the server.
 * Beside the wall-clock figures, the CPU seconds (the client's and the
 * server's together) and their ratio: on a shared machine the wall clock
 * mostly measures the waits for a core or the disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#include "jg-bench.h"
#include "jg-bench-catalogue.h"
#include "jg-catalogue-private.h"
#include "jg-catalogue-sync.h"
#include "jg-gen.h"
#include "jg-paths.h"
#include "jg-search-private.h"
#include "jg-store-private.h"
#include "jg-sync-limits.h"
#include "jg-test-util.h"

const char * const class_names[N_CLASSES] = {
  "3plus_chars", "1_char", "2_chars", "code_prefix",
};

/* Queries drawn from the data itself, as people type them. */
GPtrArray *
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

/* The statements the ranked search runs for @text, stepped bare as far as
 * the search runs them (jg-search-private.h): what SQLite alone does for
 * the same answer. */
double
time_bare (JgStore    *store,
           const char *text)
{
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (text);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  JgSearchTiers tiers;

  jg_search_tiers_init (&tiers, store, JG_CATALOGUE_DEFAULT_LIMIT, g_object_unref, NULL, NULL);
  if (!jg_catalogue_rank_run (store, query, &tiers, &error))
    g_error ("%s", error->message);
  jg_search_tiers_clear (&tiers);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The one unranked statement for @text (by the same indexes, in catalogue
 * order), as the reference was until the ranked search's own statements
 * replaced it: a code prefix's ranked search runs seven tiers (the code,
 * names, main items, texts, departments may all hold the digits), that
 * statement only the code's. Printed beside, for comparison. */
static double
time_unranked (JgStore    *store,
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
      g_autoptr(GArray) api_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) unranked = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *unranked_name = NULL;

      /* Warm the page cache once, as a user's second keystroke finds it. */
      for (guint i = 0; i < queries->len; i++)
        time_bare (store, queries->pdata[i]);

      for (guint i = 0; i < queries->len; i++)
        {
          double a, b, a_cpu, b_cpu, cpu;

          /* Whichever runs second finds the pages the first read in the
           * connection's cache: each goes first every other query. */
          if (i % 2 == 0)
            {
              cpu = thread_cpu_ms ();
              a = time_api (store, queries->pdata[i]);
              a_cpu = thread_cpu_ms () - cpu;
            }
          cpu = thread_cpu_ms ();
          b = time_bare (store, queries->pdata[i]);
          b_cpu = thread_cpu_ms () - cpu;
          if (i % 2 == 1)
            {
              cpu = thread_cpu_ms ();
              a = time_api (store, queries->pdata[i]);
              a_cpu = thread_cpu_ms () - cpu;
            }

          g_array_append_val (api, a);
          g_array_append_val (bare, b);
          g_array_append_val (api_cpu, a_cpu);
          g_array_append_val (bare_cpu, b_cpu);
          b = time_unranked (store, queries->pdata[i]);
          g_array_append_val (unranked, b);
        }

      emit_latencies ("search", class_names[k], api, bare);
      /* The same in this thread's CPU time: on a shared machine the wall
       * clock's p95 is mostly the scheduler's. */
      emit_latencies ("search_cpu", class_names[k], api_cpu, bare_cpu);
      unranked_name = g_strdup_printf ("search_%s_unranked_sql_p95", class_names[k]);
      emit (unranked_name, percentile (unranked, 0.95), "ms");
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
                 JgCatalogueSync **sync,
                 double           *download_seconds,
                 double           *download_cpu)
{
  g_autofree char *catalogue_file = g_build_filename (work, "catalogue.json", NULL);
  g_autoptr(GError) error = NULL;
  JgTestServer *server;
  JgGenCounts counts;
  JgSyncResult result;
  gint64 start;
  double elapsed, cpu;

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
  cpu = self_cpu_seconds () + server_cpu_seconds (server);
  start = g_get_monotonic_time ();
  if (!jg_catalogue_sync_run (*sync, &result, NULL, &error))
    g_error ("%s", error->message);
  elapsed = seconds_since (start);
  cpu = self_cpu_seconds () + server_cpu_seconds (server) - cpu;
  emit ("catalogue_full_download", elapsed, "s");
  emit ("catalogue_full_download_cpu", cpu, "s");
  if (download_seconds != NULL)
    *download_seconds = elapsed;
  if (download_cpu != NULL)
    *download_cpu = cpu;
  emit ("catalogue_full_download_changes", result.changes_applied, "changes");
  emit ("catalogue_sub_items", counts.sub_items, "items");
  return server;
}


/* --- the bare reference: the same rows, no HTTP, no JSON ----------------- */

/* The cache's tables the catalogue and codes feeds fill, in the order of a
 * load, with their keys. */
static const struct {
  const char *table;
  const char *key;
} cache_tables[] = {
  { "code_entry", "tbl, code" },
  { "department", "code" },
  { "main_item", "code" },
  { "sub_item", "code" },
  { "impl_entry", "code" },
  { "officer", "id" },
};

#define N_CACHE_TABLES G_N_ELEMENTS (cache_tables)

/* Rows held as SQLite values, read before the clock starts. */
typedef struct {
  GPtrArray *puts[N_CACHE_TABLES];      /* of sqlite3_value *[n_columns] */
  GPtrArray *deletes[N_CACHE_TABLES];   /* of sqlite3_value *[n_keys] */
  guint      n_columns[N_CACHE_TABLES];
  guint      n_keys[N_CACHE_TABLES];
  guint      n_rows;
} BareRows;

static void
bare_rows_clear (BareRows *rows)
{
  for (guint t = 0; t < N_CACHE_TABLES; t++)
    {
      g_clear_pointer (&rows->puts[t], g_ptr_array_unref);
      g_clear_pointer (&rows->deletes[t], g_ptr_array_unref);
    }
}

static void
free_values (gpointer data)
{
  sqlite3_value **values = data;

  for (guint i = 0; values[i] != NULL; i++)
    sqlite3_value_free (values[i]);
  g_free (values);
}

/* Every row @sql returns, its values copied. */
static GPtrArray *
read_values (JgStore    *store,
             const char *sql,
             guint      *n_columns)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (free_values);
  sqlite3_stmt *stmt;

  if (sqlite3_prepare_v2 (jg_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (jg_store_get_db (store)));
  *n_columns = sqlite3_column_count (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_value **values = g_new0 (sqlite3_value *, *n_columns + 1);

      for (guint c = 0; c < *n_columns; c++)
        values[c] = sqlite3_value_dup (sqlite3_column_value (stmt, c));
      g_ptr_array_add (rows, values);
    }
  sqlite3_finalize (stmt);
  return rows;
}

/* With the downloaded cache attached to @bare as "src": every row of it
 * (@delta FALSE), or only what differs from @bare's own rows, the rows
 * to write and the keys to delete (@delta TRUE). */
static void
read_bare_rows (JgStore  *bare,
                gboolean  delta,
                BareRows *rows)
{
  rows->n_rows = 0;
  for (guint t = 0; t < N_CACHE_TABLES; t++)
    {
      const char *table = cache_tables[t].table, *key = cache_tables[t].key;
      g_autofree char *puts = NULL;
      g_autofree char *deletes = NULL;

      if (delta)
        {
          puts = g_strdup_printf ("SELECT * FROM src.%s EXCEPT SELECT * FROM main.%s", table, table);
          deletes = g_strdup_printf ("SELECT %s FROM main.%s EXCEPT SELECT %s FROM src.%s",
                                     key, table, key, table);
        }
      else
        {
          puts = g_strdup_printf ("SELECT * FROM src.%s", table);
          deletes = g_strdup_printf ("SELECT %s FROM src.%s WHERE 0", key, table);
        }
      rows->puts[t] = read_values (bare, puts, &rows->n_columns[t]);
      rows->deletes[t] = read_values (bare, deletes, &rows->n_keys[t]);
      rows->n_rows += rows->puts[t]->len + rows->deletes[t]->len;
    }
}

static void
attach_source (JgStore    *bare,
               const char *path)
{
  sqlite3_stmt *stmt;

  if (sqlite3_prepare_v2 (jg_store_get_db (bare), "ATTACH ?1 AS src", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (jg_store_get_db (bare)));
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("%s", sqlite3_errmsg (jg_store_get_db (bare)));
  sqlite3_finalize (stmt);
}

static void
detach_source (JgStore *bare)
{
  g_autoptr(GError) error = NULL;

  if (!jg_store_exec (bare, "DETACH src", &error))
    g_error ("%s", error->message);
}

/* " ON CONFLICT (key) DO UPDATE SET column = excluded.column, …" over
 * every column of @table but its key, as the sync's upserts. */
static void
append_upsert (JgStore    *bare,
               const char *table,
               const char *key,
               GString    *sql)
{
  g_autofree char *info = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s') WHERE pk = 0", table);
  g_autoptr(GPtrArray) names = NULL;
  guint n_columns;

  names = read_values (bare, info, &n_columns);
  g_string_append_printf (sql, " ON CONFLICT (%s) DO UPDATE SET ", key);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = (const char *) sqlite3_value_text (((sqlite3_value **) names->pdata[i])[0]);

      g_string_append_printf (sql, "%s%s = excluded.%s", i ? ", " : "", name, name);
    }
}

/* Steps @sql once for each of @rows, its @n_values values bound. */
static void
step_rows (JgStore    *bare,
           const char *sql,
           GPtrArray  *rows,
           guint       n_values)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = jg_store_prepare (bare, sql, &error);

  if (stmt == NULL)
    g_error ("%s", error->message);
  for (guint r = 0; r < rows->len; r++)
    {
      sqlite3_value **values = rows->pdata[r];

      for (guint c = 0; c < n_values; c++)
        sqlite3_bind_value (stmt, c + 1, values[c]);
      if (!jg_store_step_done (bare, stmt, &error))
        g_error ("%s", error->message);
    }
}

/* Writes @rows into @bare (the cache as "main"), in one transaction: plain
 * INSERTs into an empty cache with the search triggers off and the indexes
 * built at the end (@bulk, as the first download does), or upserts and
 * deletes with the indexes written at the end in rowid order (a delta, as
 * the sync applies one: the same schema and indexes, written the same
 * way). The seconds it took. */
static double
write_bare_rows (JgStore  *bare,
                 BareRows *rows,
                 gboolean  bulk)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!jg_store_begin (bare, &error) ||
      !(bulk ? jg_catalogue_sync_begin_bulk (bare, &error) : jg_catalogue_index_defer (bare, &error)))
    g_error ("%s", error->message);

  for (guint t = 0; t < N_CACHE_TABLES; t++)
    {
      g_autoptr(GString) sql = g_string_new (NULL);

      g_string_printf (sql, "INSERT INTO %s VALUES (", cache_tables[t].table);
      for (guint c = 0; c < rows->n_columns[t]; c++)
        g_string_append (sql, c ? ", ?" : "?");
      g_string_append (sql, ")");
      if (!bulk)
        append_upsert (bare, cache_tables[t].table, cache_tables[t].key, sql);
      step_rows (bare, sql->str, rows->puts[t], rows->n_columns[t]);
    }

  for (guint t = N_CACHE_TABLES; t-- > 0; )
    {
      g_autofree char *sql = NULL;

      if (rows->deletes[t]->len == 0)
        continue;
      sql = g_strdup_printf ("DELETE FROM %s WHERE (%s) = (%s)", cache_tables[t].table,
                             cache_tables[t].key, rows->n_keys[t] == 1 ? "?1" : "?1, ?2");
      step_rows (bare, sql, rows->deletes[t], rows->n_keys[t]);
    }

  if (!(bulk ? jg_catalogue_sync_end_bulk (bare, &error) : jg_catalogue_index_flush (bare, &error)) ||
      !jg_store_commit (bare, &error))
    g_error ("%s", error->message);
  return seconds_since (start);
}

/* Reads from the downloaded cache of @store every row (@delta FALSE) or
 * what differs from @bare (@delta TRUE), writes it into @bare, and prints
 * the time and CPU seconds it took beside @seconds and @cpu_seconds of the
 * sync's own run: "<prefix>_bare", "_bare_cpu", "_bare_rows", "_ratio",
 * "_cpu_ratio". */
static void
bare_apply (JgStore    *bare,
            JgStore    *store,
            gboolean    delta,
            const char *prefix,
            double      seconds,
            double      cpu_seconds)
{
  BareRows rows = { { NULL, }, };
  double elapsed, cpu;
  const struct { const char *suffix; const char *unit; } lines[] = {
    { "bare", "s" }, { "bare_cpu", "s" }, { "bare_rows", "rows" }, { "ratio", "x" }, { "cpu_ratio", "x" },
  };
  double values[G_N_ELEMENTS (lines)];

  attach_source (bare, jg_store_get_catalogue_path (store));
  read_bare_rows (bare, delta, &rows);
  detach_source (bare);
  cpu = self_cpu_seconds ();
  elapsed = write_bare_rows (bare, &rows, !delta);
  cpu = self_cpu_seconds () - cpu;

  values[0] = elapsed;
  values[1] = cpu;
  values[2] = rows.n_rows;
  values[3] = seconds / elapsed;
  values[4] = cpu_seconds / cpu;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%s", prefix, lines[i].suffix);
      emit (name, values[i], lines[i].unit);
    }
  bare_rows_clear (&rows);
}

int
jg_bench_catalogue (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— catalogue download, delta and search");
  g_autoptr(GError) error = NULL;
  g_autofree char *delta_file = NULL;
  g_autofree char *bare_path = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgStore) bare_account = NULL;
  g_autoptr(JgStore) bare = NULL;
  JgBenchSetup setup;
  JgTestServer *server;
  JgSyncResult result;
  struct rusage usage;
  gint64 start;
  double delta, delta_cpu;
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

  bench_setup (&setup, "bench", items, seed, NULL);
  server = setup.server;
  delta_file = g_build_filename (setup.work, "delta.json", NULL);
  store = jg_store_open (setup.db_path, &error);
  g_assert_no_error (error);

  /* The client's peak is the download's: the bare rows below are held in
   * this process's memory too. */
  getrusage (RUSAGE_SELF, &usage);
  emit ("client_peak_rss", usage.ru_maxrss / 1024.0, "MiB");

  /* The same rows into a fresh cache of the same schema, bare. */
  g_printerr ("The same rows loaded bare…\n");
  bare_path = g_build_filename (setup.work, "bare.db", NULL);
  bare_account = jg_store_open (bare_path, &error);
  g_assert_no_error (error);
  bare = jg_store_open_catalogue (bare_account, &error);
  g_assert_no_error (error);
  if (!jg_store_exec (bare, "PRAGMA cache_size = -" G_STRINGIFY (JG_CATALOGUE_SYNC_CACHE_KIB), &error))
    g_error ("%s", error->message);
  bare_apply (bare, store, FALSE, "catalogue_full_download", setup.download_seconds, setup.download_cpu);

  g_printerr ("Delta of 1000 changes…\n");
  if (!jg_gen_write_delta (delta_file, 1000, items, 1, seed, NULL, &error))
    g_error ("%s", error->message);
  jg_test_server_load (setup.server_dir, delta_file);
  delta_cpu = self_cpu_seconds () + server_cpu_seconds (server);
  start = g_get_monotonic_time ();
  if (!jg_catalogue_sync_run (setup.sync, &result, NULL, &error))
    g_error ("%s", error->message);
  delta = seconds_since (start);
  delta_cpu = self_cpu_seconds () + server_cpu_seconds (server) - delta_cpu;
  emit ("catalogue_delta_1000", delta, "s");
  emit ("catalogue_delta_cpu", delta_cpu, "s");
  emit ("catalogue_delta_changes", result.changes_applied, "changes");

  /* What the delta changed in the downloaded cache, applied bare to the
   * bare one (which holds the catalogue as it was before the delta). */
  bare_apply (bare, store, TRUE, "catalogue_delta", delta, delta_cpu);
  g_clear_object (&bare);
  g_clear_object (&bare_account);

  g_printerr ("Search latency…\n");
  /* The connection the catalogue page searches on (JgCatalogue) is tuned
   * so; the bare statements run on the same one. */
  if (!jg_search_all_tune_connection (store, &error))
    g_error ("%s", error->message);
  bench_search (store, n_queries, seed);

  {
    GStatBuf st;
    /* The catalogue lives in the server's cache, not the account's file. */
    if (g_stat (jg_store_get_catalogue_path (store), &st) == 0)
      emit ("catalogue_db_size", st.st_size / (1024.0 * 1024.0), "MiB");
  }

  emit ("server_peak_rss", server_peak_rss_kb (server) / 1024.0, "MiB");

  g_clear_object (&store);
  bench_setup_clear (&setup);

  return 0;
}
