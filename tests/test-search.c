/* test-search.c — catalogue search checked against a brute-force scan
 *
 * The demo catalogue is downloaded from a real jianguan-server; then many
 * queries of every class (1, 2, 3+ characters, code prefixes, punctuation,
 * filters) are answered both by jg_catalogue_search_sync and by a plain scan
 * of every sub-item in memory applying the documented semantics
 * (jg-catalogue.h). The two answers must hold the same items, ranked the
 * same: the same order where the ranking fixes it (exact code, names that
 * start with the query, names that contain it), and a first page that is
 * the start of the full answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <string.h>

#include "jg-catalogue.h"
#include "jg-catalogue-sync.h"
#include "jg-paths.h"
#include "jg-test-util.h"
#include "jg-store-private.h"

typedef struct {
  gint64     id;
  char      *code;
  char      *fields[3];   /* name, objects, legal_basis: ASCII-folded */
  char      *raw[3];      /* name, objects, legal_basis as stored */
  char      *department;
  char      *context;     /* main item's and department's names: ASCII-folded */
  char      *action_type;
  GPtrArray *levels;
  gboolean   random_check;
} Row;

static JgStore *store;
static GPtrArray *rows;   /* Row*, by id */

static char *
fold (const char *s)
{
  char *out = g_strdup (s ? s : "");
  for (char *p = out; *p; p++)
    *p = g_ascii_tolower (*p);
  return out;
}

static void
row_free (Row *row)
{
  g_free (row->code);
  for (guint i = 0; i < 3; i++)
    g_free (row->fields[i]);
  for (guint i = 0; i < 3; i++)
    g_free (row->raw[i]);
  g_free (row->department);
  g_free (row->context);
  g_free (row->action_type);
  g_ptr_array_unref (row->levels);
  g_free (row);
}

static void
load_rows (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  GHashTable *by_code = g_hash_table_new (g_str_hash, g_str_equal);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  stmt = jg_store_prepare (store,
                           "SELECT s.id, s.code, s.name, s.objects, s.legal_basis, s.department,"
                           " s.action_type, ifnull (m.name, '') || char (10) || ifnull (d.name, '')"
                           " || char (10) || ifnull (d.short_name, '')"
                           " FROM sub_item s LEFT JOIN main_item m ON m.code = s.main_code"
                           " LEFT JOIN department d ON d.code = s.department ORDER BY s.id",
                           &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row *row = g_new0 (Row, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      for (guint i = 0; i < 3; i++)
        {
          row->raw[i] = g_strdup ((const char *) sqlite3_column_text (stmt, 2 + i));
          row->fields[i] = fold (row->raw[i]);
        }
      row->department = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      row->action_type = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      row->context = fold ((const char *) sqlite3_column_text (stmt, 7));
      row->levels = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (rows, row);
      g_hash_table_insert (by_code, row->code, row);
    }
  sqlite3_reset (stmt);

  stmt = jg_store_prepare (store, "SELECT sub_item, level, random_check FROM impl_entry", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row *row = g_hash_table_lookup (by_code, sqlite3_column_text (stmt, 0));

      if (row == NULL)
        continue;
      g_ptr_array_add (row->levels, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      if (sqlite3_column_int (stmt, 2))
        row->random_check = TRUE;
    }
  sqlite3_reset (stmt);
  g_hash_table_unref (by_code);

  g_assert_cmpuint (rows->len, >=, 400);
}

static gboolean
has_level (Row        *row,
           const char *level)
{
  for (guint i = 0; i < row->levels->len; i++)
    if (g_strcmp0 (row->levels->pdata[i], level) == 0)
      return TRUE;
  return FALSE;
}

static int
by_code (gconstpointer a,
         gconstpointer b)
{
  const Row *ra = *(Row **) a;
  const Row *rb = *(Row **) b;
  return strcmp (ra->code, rb->code);
}

/* The ranking tier of @row for the folded query @q (-1: no match):
 * 0 its code, 1 its name starts with @q, 2 its name contains it, 3 a
 * code prefix, the main item's or department's name, objects, legal basis.
 * A line break never occurs in a query: it separates the context names. */
static int
tier_of (Row        *row,
         const char *q,
         gboolean    digits)
{
  if (digits && strcmp (row->code, q) == 0)
    return 0;
  if (g_str_has_prefix (row->fields[0], q))
    return 1;
  if (strstr (row->fields[0], q))
    return 2;
  if ((digits && g_str_has_prefix (row->code, q)) || strstr (row->fields[1], q)
      || strstr (row->fields[2], q) || strstr (row->context, q))
    return 3;
  return -1;
}

static gboolean
is_digits (const char *q)
{
  for (const char *p = q; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static const char *sort_query;

/* By tier; names that start with the query by name (NOCASE: the folded
 * name), then row; names that contain it by row. Tier 3 is kept in row
 * order here: check_query compares it as a set. */
static int
by_rank (gconstpointer a,
         gconstpointer b)
{
  Row *ra = *(Row **) a;
  Row *rb = *(Row **) b;
  gboolean digits = is_digits (sort_query);
  int ta = tier_of (ra, sort_query, digits);
  int tb = tier_of (rb, sort_query, digits);
  if (ta != tb)
    return ta - tb;
  if (ta == 1 && strcmp (ra->fields[0], rb->fields[0]) != 0)
    return strcmp (ra->fields[0], rb->fields[0]);
  return (ra->id > rb->id) - (ra->id < rb->id);
}

/* The semantics of jg-catalogue.h, by brute force: every match (no limit),
 * ranked. */
static GPtrArray *
brute_force (const JgCatalogueQuery *query)
{
  g_autofree char *q = g_strstrip (fold (query->text));
  GPtrArray *matches = g_ptr_array_new ();
  gboolean digits = is_digits (q);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = rows->pdata[i];
      gboolean text_ok;

      if (*q == '\0')
        text_ok = TRUE;
      else
        text_ok = tier_of (row, q, digits) >= 0;

      if (!text_ok)
        continue;
      if (query->department && g_strcmp0 (row->department, query->department) != 0)
        continue;
      if (query->action_type && g_strcmp0 (row->action_type, query->action_type) != 0)
        continue;
      if (query->level && !has_level (row, query->level))
        continue;
      if (query->random_check == JG_TRISTATE_YES && !row->random_check)
        continue;
      if (query->random_check == JG_TRISTATE_NO && row->random_check)
        continue;

      g_ptr_array_add (matches, row);
    }

  /* The empty query lists in code order. */
  if (*q == '\0')
    g_ptr_array_sort (matches, by_code);
  else
    {
      sort_query = q;
      g_ptr_array_sort (matches, by_rank);
      sort_query = NULL;
    }
  return matches;
}

static guint n_checked;
static guint n_nonempty;

static void
check_query (const JgCatalogueQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = jg_catalogue_search_sync (store, query, &error);
  g_autoptr(GPtrArray) expected = brute_force (query);
  g_autoptr(JgCatalogueQuery) full_query = jg_catalogue_query_copy (query);
  g_autoptr(GListModel) full = NULL;
  g_autoptr(GHashTable) others = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *q = g_strstrip (fold (query->text));
  guint limit = query->limit ? query->limit : JG_CATALOGUE_DEFAULT_LIMIT;
  guint n, n_full;

  g_assert_no_error (error);
  n = g_list_model_get_n_items (results);

  if (n != MIN (limit, expected->len))
    g_error ("query “%s” (dept %s, type %s, level %s, random %d): %u results, brute force %u",
             query->text, query->department, query->action_type, query->level,
             query->random_check, n, MIN (limit, expected->len));

  full_query->limit = G_MAXINT;
  full = jg_catalogue_search_sync (store, full_query, &error);
  g_assert_no_error (error);
  n_full = g_list_model_get_n_items (full);
  g_assert_cmpuint (n_full, ==, expected->len);

  /* The other fields' matches come last, in an order of their own. */
  for (guint i = 0; i < expected->len; i++)
    if (*q != '\0' && tier_of (expected->pdata[i], q, is_digits (q)) == 3)
      g_hash_table_add (others, ((Row *) expected->pdata[i])->code);

  for (guint i = 0; i < n_full; i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (full, i);
      const char *code = jg_sub_item_get_code (item);
      Row *row = expected->pdata[i];

      if (i >= n_full - g_hash_table_size (others))
        {
          if (!g_hash_table_contains (others, code))
            g_error ("query “%s”: result %u (%s) is not among the other fields’ matches",
                     query->text, i, code);
        }
      else if (g_strcmp0 (code, row->code) != 0)
        g_error ("query “%s”: result %u is %s, brute force says %s", query->text, i, code, row->code);

      /* The page asked for is the start of the whole answer. */
      if (i < n)
        {
          g_autoptr(JgSubItem) shown = g_list_model_get_item (results, i);
          g_assert_cmpstr (jg_sub_item_get_code (shown), ==, code);
        }
    }

  n_checked++;
  if (n > 0)
    n_nonempty++;
}

static char *
random_substring (GRand      *rand,
                  const char *text,
                  guint       n_chars)
{
  glong len = g_utf8_strlen (text, -1);
  glong start;
  const char *begin, *end;

  if (len < (glong) n_chars)
    return NULL;

  start = g_rand_int_range (rand, 0, len - n_chars + 1);
  begin = g_utf8_offset_to_pointer (text, start);
  end = g_utf8_offset_to_pointer (begin, n_chars);
  return g_strndup (begin, end - begin);
}

static void
check_text (const char *text,
            guint       limit)
{
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (text);

  query->limit = limit;
  check_query (query);
}

static void
test_substrings_of_each_length (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  const guint lengths[] = { 1, 2, 3, 4, 6 };

  n_checked = n_nonempty = 0;
  for (guint round = 0; round < 120; round++)
    for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        Row *row = rows->pdata[g_rand_int_range (rand, 0, rows->len)];
        const char *field = row->raw[g_rand_int_range (rand, 0, 3)];
        g_autofree char *text = NULL;

        if (field == NULL)
          continue;
        text = random_substring (rand, field, lengths[l]);
        if (text == NULL)
          continue;

        /* Full answers, and the first page as the UI asks for it. */
        check_text (text, 100000);
        check_text (text, 20);
      }

  /* Substrings of real text always match something. */
  g_assert_cmpuint (n_nonempty, ==, n_checked);
  g_assert_cmpuint (n_checked, >, 800);
}

static void
test_rare_and_absent_pairs (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint empty = 0;

  /* Two characters from different items: mostly pairs that never occur. */
  for (guint round = 0; round < 300; round++)
    {
      Row *a = rows->pdata[g_rand_int_range (rand, 0, rows->len)];
      Row *b = rows->pdata[g_rand_int_range (rand, 0, rows->len)];
      g_autofree char *ca = random_substring (rand, a->raw[0], 1);
      g_autofree char *cb = random_substring (rand, b->raw[0], 1);
      g_autofree char *pair = g_strconcat (ca, cb, NULL);
      g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (pair);

      query->limit = 100000;
      n_checked = n_nonempty = 0;
      check_query (query);
      if (n_nonempty == 0)
        empty++;
    }

  g_assert_cmpuint (empty, >, 0);
}

static void
test_codes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);

  for (guint round = 0; round < 200; round++)
    {
      Row *row = rows->pdata[g_rand_int_range (rand, 0, rows->len)];
      guint len = g_rand_int_range (rand, 1, strlen (row->code) + 1);
      g_autofree char *prefix = g_strndup (row->code, len);
      g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (prefix);

      query->limit = 100000;
      n_checked = n_nonempty = 0;
      check_query (query);
      g_assert_cmpuint (n_nonempty, ==, 1);
      query->limit = 20;
      check_query (query);
    }

  /* A whole code finds exactly its item. */
  {
    Row *row = rows->pdata[rows->len / 2];
    g_autoptr(GError) error = NULL;
    g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (row->code);
    g_autoptr(GListModel) results = jg_catalogue_search_sync (store, query, &error);
    g_autoptr(JgSubItem) first = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
    first = g_list_model_get_item (results, 0);
    g_assert_cmpstr (jg_sub_item_get_code (first), ==, row->code);
  }

  check_text ("99999999999999", 20);
  check_text ("0", 20);
}

static void
test_odd_queries (void)
{
  const char *queries[] = {
    "", "   ", "《", "》第", "第一", "、", "（", "法", "A", "a", "zz", "x y",
    "不存在的监管事项名称", "\"", "\"\"", "食品\"", "*", "OR", "AND NOT", "NEAR(",
    "'", "%", "_", "食品 安全", " 食品 ", "《中华人民共和国", "第一百", "\\", NULL,
  };

  for (guint i = 0; queries[i] != NULL; i++)
    {
      check_text (queries[i], 100000);
      check_text (queries[i], 7);
    }
}

static void
test_filters (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  const char *texts[] = { "", "检查", "法", "食品", "44", "处罚", "《中华人民共和国", NULL };
  const char *types[] = { NULL, "0", "1", "2", "3" };
  const char *levels[] = { NULL, "3", "4" };
  guint nonempty_with_filter = 0;

  for (guint t = 0; texts[t] != NULL; t++)
    for (guint round = 0; round < 25; round++)
      {
        Row *row = rows->pdata[g_rand_int_range (rand, 0, rows->len)];
        g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (texts[t]);

        query->limit = 100000;
        if (g_rand_boolean (rand))
          query->department = g_strdup (row->department);
        query->action_type = g_strdup (types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))]);
        query->level = g_strdup (levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (levels))]);
        query->random_check = g_rand_int_range (rand, -1, 2);

        n_checked = n_nonempty = 0;
        check_query (query);
        if (n_nonempty && (query->department || query->action_type || query->level ||
                           query->random_check != JG_TRISTATE_ANY))
          nonempty_with_filter++;
      }

  g_assert_cmpuint (nonempty_with_filter, >, 20);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GListModel **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = jg_catalogue_search_finish (JG_CATALOGUE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async_matches_sync (void)
{
  g_autoptr(JgCatalogue) catalogue = jg_catalogue_new (jg_store_get_path (store));
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new ("检查");
  g_autoptr(GListModel) async_results = NULL;
  g_autoptr(GListModel) sync_results = NULL;
  g_autoptr(GError) error = NULL;

  jg_catalogue_search_async (catalogue, query, NULL, search_done, &async_results);
  while (async_results == NULL)
    g_main_context_iteration (NULL, TRUE);

  sync_results = jg_catalogue_search_sync (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (async_results), ==,
                    g_list_model_get_n_items (sync_results));
  g_assert_cmpuint (g_list_model_get_n_items (async_results), >, 0);
}

static void
test_classes (void)
{
  g_assert_cmpint (jg_catalogue_classify_query (""), ==, JG_QUERY_ALL);
  g_assert_cmpint (jg_catalogue_classify_query("  "), ==, JG_QUERY_ALL);
  g_assert_cmpint (jg_catalogue_classify_query ("4452"), ==, JG_QUERY_CODE_PREFIX);
  g_assert_cmpint (jg_catalogue_classify_query ("食"), ==, JG_QUERY_GRAM);
  g_assert_cmpint (jg_catalogue_classify_query ("食品"), ==, JG_QUERY_GRAM);
  g_assert_cmpint (jg_catalogue_classify_query ("a1"), ==, JG_QUERY_GRAM);
  g_assert_cmpint (jg_catalogue_classify_query ("《"), ==, JG_QUERY_SCAN);
  g_assert_cmpint (jg_catalogue_classify_query ("食品安"), ==, JG_QUERY_TRIGRAM);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *server_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgCatalogueSync) sync = NULL;
  const char *demo[] = { "--demo", NULL };
  JgTestServer *server;
  int status;

  setlocale (LC_ALL, "");
  jg_test_isolate_xdg ();
  g_test_init (&argc, &argv, NULL);

  server_dir = jg_test_make_tmpdir ("search-server");
  server = jg_test_server_start (server_dir, demo);

  db_path = jg_paths_database_for_server (server->url, NULL, &error);
  g_assert_no_error (error);
  sync = jg_catalogue_sync_new (db_path, server->url);
  jg_catalogue_sync_run (sync, NULL, NULL, &error);
  g_assert_no_error (error);
  jg_test_server_stop (server);

  store = jg_store_open (db_path, &error);
  g_assert_no_error (error);
  load_rows ();

  g_test_add_func ("/search/classes", test_classes);
  g_test_add_func ("/search/substrings-of-each-length", test_substrings_of_each_length);
  g_test_add_func ("/search/rare-and-absent-pairs", test_rare_and_absent_pairs);
  g_test_add_func ("/search/codes", test_codes);
  g_test_add_func ("/search/odd-queries", test_odd_queries);
  g_test_add_func ("/search/filters", test_filters);
  g_test_add_func ("/search/async-matches-sync", test_async_matches_sync);

  status = g_test_run ();

  g_ptr_array_unref (rows);
  g_object_unref (store);
  return status;
}
