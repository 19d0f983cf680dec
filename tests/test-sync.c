/* test-sync.c — catalogue sync against a real jianguan-server on 127.0.0.1
 *
 * Full download, nothing new (304), delta with edits, cancellations,
 * deletions and additions, and every failure: a connection cut mid-download,
 * malformed JSON, HTTP 500, a server that is down, a wrong URL, a database
 * that is not SQLite or is locked. After each failure the previous cache must
 * be exactly as it was, and the next sync must complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "jg-account.h"
#include "jg-catalogue.h"
#include "jg-catalogue-sync.h"
#include "jg-paths.h"
#include "jg-test-util.h"
#include "jg-store-private.h"

typedef struct {
  char         *server_dir;
  JgTestServer *server;
  char         *url;       /* stays the same across restarts: see restart() */
  char         *db_path;
} Fixture;

static const char *demo_args[] = { "--demo", NULL };

static guint
demo_count (const char *member)
{
  g_autofree char *path = jg_paths_data_file ("demo/catalogue.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (
    json_node_get_object (json_parser_get_root (parser)), member));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  jg_test_isolate_xdg ();
  f->server_dir = jg_test_make_tmpdir ("sync-server");
  f->server = jg_test_server_start (f->server_dir, demo_args);
  f->url = g_strdup (f->server->url);
  f->db_path = jg_paths_database_for_server (f->url, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  jg_test_server_stop (f->server);
  g_free (f->server_dir);
  g_free (f->url);
  g_free (f->db_path);
}

/* Restarts the server on the same data with other options. The port
 * changes, so the client is pointed at the new URL but keeps its database. */
static void
restart (Fixture            *f,
         const char * const *args)
{
  jg_test_server_stop (f->server);
  f->server = jg_test_server_start (f->server_dir, args);
}

static gboolean
sync_once (Fixture       *f,
           guint          page_size,
           JgSyncResult  *result,
           GError       **error)
{
  g_autoptr(JgCatalogueSync) sync = jg_catalogue_sync_new (f->db_path, f->server->url);

  if (page_size)
    jg_catalogue_sync_set_page_size (sync, page_size);
  return jg_catalogue_sync_run (sync, result, NULL, error);
}

static JgCatalogueStats
stats_of (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (f->db_path, &error);
  JgCatalogueStats stats;

  g_assert_no_error (error);
  jg_catalogue_get_stats_sync (store, &stats, &error);
  g_assert_no_error (error);
  return stats;
}

/* Everything the catalogue holds, as one string: to prove "untouched". */
static char *
catalogue_digest (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (f->db_path, &error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *queries[] = {
    "SELECT code, name, status, cancel_date, legal_basis FROM sub_item ORDER BY code",
    "SELECT code, name FROM main_item ORDER BY code",
    "SELECT code, sub_item, body_name FROM impl_entry ORDER BY code",
    "SELECT id, name, cert_valid_to FROM officer ORDER BY id",
    "SELECT tbl, code, name FROM code_entry ORDER BY tbl, code",
    "SELECT feed, cursor FROM sync_cursor ORDER BY feed",
  };

  g_assert_no_error (error);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = jg_store_prepare (store, queries[q], &error);

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *v = (const char *) sqlite3_column_text (stmt, c);
            g_checksum_update (sum, (const guchar *) (v ? v : "\x01"), -1);
            g_checksum_update (sum, (const guchar *) "\x1f", 1);
          }
      sqlite3_reset (stmt);
    }

  return g_strdup (g_checksum_get_string (sum));
}

static JgSubItem *
lookup (Fixture    *f,
        const char *code)
{
  g_autoptr(JgStore) store = jg_store_open (f->db_path, NULL);
  return jg_catalogue_lookup_sync (store, code, NULL);
}

/* Every sub-item a search for @text lists. */
static GListModel *
search (Fixture    *f,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (f->db_path, &error);
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (text);
  GListModel *results;

  g_assert_no_error (error);
  query->limit = 100000;
  results = jg_catalogue_search_sync (store, query, &error);
  g_assert_no_error (error);
  return results;
}

static guint
search_count (Fixture    *f,
              const char *text)
{
  g_autoptr(GListModel) results = search (f, text);

  return g_list_model_get_n_items (results);
}

/* The codes of the first @n sub-items, in code order. */
static GPtrArray *
first_codes (Fixture *f,
             guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (f->db_path, &error);
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new ("");
  g_autoptr(GListModel) results = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  query->limit = n;
  results = jg_catalogue_search_sync (store, query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (results, i);
      g_ptr_array_add (codes, g_strdup (jg_sub_item_get_code (item)));
    }
  return codes;
}

/* A change file renaming @n sub-items (they keep their other fields): each
 * name gets @suffix, or becomes @name if that is not NULL. */
static char *
write_rename_file (Fixture    *f,
                   GPtrArray  *codes,
                   const char *suffix,
                   const char *new_name)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->server_dir, "rename.json", NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "jianguan-catalogue/1");
  json_builder_set_member_name (b, "subitems");
  json_builder_begin_array (b);
  for (guint i = 0; i < codes->len; i++)
    {
      g_autoptr(JgSubItem) item = lookup (f, codes->pdata[i]);
      g_autofree char *name = new_name ? g_strdup (new_name)
                                       : g_strdup_printf ("%s%s", jg_sub_item_get_name (item), suffix);

      json_builder_begin_object (b);
#define FIELD(member, field) \
      json_builder_set_member_name (b, member); \
      json_builder_add_string_value (b, jg_sub_item_get_field (item, field));
      FIELD ("code", JG_SUB_ITEM_CODE)
      FIELD ("main_code", JG_SUB_ITEM_MAIN_CODE)
      FIELD ("department", JG_SUB_ITEM_DEPARTMENT_CODE)
      FIELD ("objects", JG_SUB_ITEM_OBJECTS)
      FIELD ("form", JG_SUB_ITEM_FORM)
      FIELD ("action_type", JG_SUB_ITEM_ACTION_TYPE)
      FIELD ("legal_basis", JG_SUB_ITEM_LEGAL_BASIS)
      FIELD ("method", JG_SUB_ITEM_METHOD)
      FIELD ("process", JG_SUB_ITEM_PROCESS)
      FIELD ("result", JG_SUB_ITEM_RESULT)
      FIELD ("level", JG_SUB_ITEM_LEVEL)
      FIELD ("status", JG_SUB_ITEM_STATUS)
      FIELD ("effective_date", JG_SUB_ITEM_EFFECTIVE_DATE)
#undef FIELD
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, name);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_to_file (gen, path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_full_then_not_modified (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  JgSyncResult result;
  JgCatalogueStats stats;

  g_assert_true (sync_once (f, 0, &result, &error));
  g_assert_no_error (error);
  g_assert_false (result.not_modified);

  stats = stats_of (f);
  g_assert_cmpuint (stats.sub_items, ==, demo_count ("subitems"));
  g_assert_cmpuint (stats.items, ==, demo_count ("items"));
  g_assert_cmpuint (stats.departments, ==, demo_count ("departments"));
  g_assert_cmpuint (stats.implementations, ==, demo_count ("implementations"));
  g_assert_cmpuint (stats.officers, ==, demo_count ("officers"));
  g_assert_cmpuint (stats.code_entries, >, 50);
  g_assert_cmpint (stats.last_sync, >, 0);
  g_assert_cmpuint (result.changes_applied, >=, stats.sub_items + stats.items);

  /* Nothing new: no change applied; the run after that is a 304. */
  g_assert_true (sync_once (f, 0, &result, &error));
  g_assert_cmpuint (result.changes_applied, ==, 0);
  g_assert_true (sync_once (f, 0, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.not_modified);
  g_assert_cmpuint (result.changes_applied, ==, 0);
}

static void
test_small_pages_same_result (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  JgSyncResult result;

  g_assert_true (sync_once (f, 37, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.pages, >, 10);
  g_assert_cmpuint (stats_of (f).sub_items, ==, demo_count ("subitems"));
}

/* Whether any search index of the sub-items holds @text (its bigrams, for
 * the gram indexes) for the sub-item @code: FTS5 keeps what it was given
 * for a row until told to delete it, and its integrity check does not
 * compare an external content. */
static gboolean
indexes_hold (Fixture    *f,
              const char *text,
              const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (f->db_path, &error);
  g_autoptr(JgStore) cache = NULL;
  g_autoptr(GString) grams = g_string_new (NULL);
  g_autofree char *phrase = g_strdup_printf ("\"%s\"", text);
  const struct { const char *sql; gboolean gram; } checks[] = {
    { "SELECT 1 FROM sub_item_fts f JOIN sub_item s ON s.id = f.rowid"
      " WHERE sub_item_fts MATCH ?1 AND s.code = ?2", FALSE },
    { "SELECT 1 FROM sub_item_gram f JOIN sub_item s ON s.id = f.rowid"
      " WHERE sub_item_gram MATCH ?1 AND s.code = ?2", TRUE },
    { "SELECT 1 FROM sub_item_name_gram f JOIN sub_item s ON s.id = f.rowid"
      " WHERE sub_item_name_gram MATCH ?1 AND s.code = ?2", TRUE },
  };
  gboolean held = FALSE;

  for (const char *p = text; *p && *g_utf8_next_char (p); p = g_utf8_next_char (p))
    g_string_append_printf (grams, " \"%.*s\"",
                            (int) (g_utf8_next_char (g_utf8_next_char (p)) - p), p);

  g_assert_no_error (error);
  cache = jg_store_open_catalogue (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      sqlite3_stmt *stmt = jg_store_prepare (cache, checks[i].sql, &error);

      g_assert_no_error (error);
      sqlite3_bind_text (stmt, 1, checks[i].gram ? grams->str : phrase, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
      held |= sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  return held;
}

/* Whether a search for @text lists @code. */
static gboolean
search_finds (Fixture    *f,
              const char *text,
              const char *code)
{
  g_autoptr(GListModel) results = search (f, text);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(JgSubItem) item = g_list_model_get_item (results, i);

      if (g_str_equal (jg_sub_item_get_code (item), code))
        return TRUE;
    }
  return FALSE;
}

static void
test_delta (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(JgSubItem) renamed = NULL;
  g_autoptr(JgSubItem) cancelled = NULL;
  g_autoptr(JgSubItem) deleted = NULL;
  g_autoptr(JgSubItem) added = NULL;
  g_autofree char *path = g_build_filename (f->server_dir, "delta.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *cancel_code = NULL;
  g_autofree char *delete_code = NULL;
  JgSyncResult result;
  guint before;

  g_assert_true (sync_once (f, 0, NULL, &error));
  g_assert_no_error (error);
  before = stats_of (f).sub_items;

  codes = first_codes (f, 3);
  {
    g_autoptr(GPtrArray) one = g_ptr_array_new ();
    g_autofree char *rename = NULL;
    g_ptr_array_add (one, codes->pdata[0]);
    rename = write_rename_file (f, one, "（测试改名）", NULL);
    jg_test_server_load (f->server_dir, rename);
  }

  cancel_code = g_strdup (codes->pdata[1]);
  delete_code = g_strdup (codes->pdata[2]);
  {
    g_autoptr(JgSubItem) c = lookup (f, cancel_code);
    json = g_strdup_printf (
      "{\"format\": \"jianguan-catalogue/1\","
      " \"subitems\": ["
      "  {\"code\": \"%s\", \"name\": \"%s\", \"main_code\": \"%s\", \"department\": \"%s\","
      "   \"action_type\": \"%s\", \"status\": \"02\", \"cancel_date\": \"2026-01-01\","
      "   \"legal_basis\": \"%s\"},"
      "  {\"code\": \"99999999999001\", \"name\": \"对测试用新增事项的监督检查\","
      "   \"main_code\": \"%s\", \"department\": \"%s\", \"action_type\": \"0\","
      "   \"status\": \"01\", \"legal_basis\": \"《测试条例》第九条\", \"objects\": \"测试对象\"}],"
      " \"deletions\": [{\"type\": \"subitem\", \"key\": \"%s\"}]}",
      cancel_code, jg_sub_item_get_name (c),
      jg_sub_item_get_field (c, JG_SUB_ITEM_MAIN_CODE),
      jg_sub_item_get_field (c, JG_SUB_ITEM_DEPARTMENT_CODE),
      jg_sub_item_get_field (c, JG_SUB_ITEM_ACTION_TYPE),
      jg_sub_item_get_field (c, JG_SUB_ITEM_LEGAL_BASIS),
      jg_sub_item_get_field (c, JG_SUB_ITEM_MAIN_CODE),
      jg_sub_item_get_field (c, JG_SUB_ITEM_DEPARTMENT_CODE),
      delete_code);
  }
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  jg_test_server_load (f->server_dir, path);

  g_assert_true (sync_once (f, 0, &result, &error));
  g_assert_no_error (error);
  /* Only the four changes travel: rename, cancellation, addition, deletion. */
  g_assert_cmpuint (result.changes_applied, ==, 4);

  renamed = lookup (f, codes->pdata[0]);
  g_assert_true (g_str_has_suffix (jg_sub_item_get_name (renamed), "（测试改名）"));
  g_assert_cmpuint (search_count (f, "测试改名"), ==, 1);

  cancelled = lookup (f, cancel_code);
  g_assert_nonnull (cancelled);
  g_assert_cmpint (jg_sub_item_get_availability (cancelled, "2026-11-25"), ==, JG_ITEM_CANCELLED);

  deleted = lookup (f, delete_code);
  g_assert_null (deleted);
  g_assert_cmpuint (search_count (f, delete_code), ==, 0);

  added = lookup (f, "99999999999001");
  g_assert_nonnull (added);
  g_assert_cmpuint (search_count (f, "测试用新增"), ==, 1);
  g_assert_cmpuint (search_count (f, "《测试条例》"), ==, 1);

  g_assert_cmpuint (stats_of (f).sub_items, ==, before);  /* +1 −1 */
}

/* A delta updates a row that exists with the columns of no index and only
 * the indexed ones that changed: a sub-item moved to another main item
 * and department is found there by both indexes and no longer under its
 * old main item, one whose status alone changed keeps its place, and the
 * cache's indexes agree with its rows. */
static void
test_delta_moves (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(JgSubItem) moved = NULL;
  g_autoptr(JgSubItem) kept = NULL;
  g_autoptr(JgSubItem) kept_after = NULL;
  g_autofree char *path = g_build_filename (f->server_dir, "moves.json", NULL);
  g_autofree char *cache = NULL;
  g_autofree char *json = NULL;
  g_autofree char *old_main = NULL;
  g_autofree char *sql = NULL;
  JgSyncResult result;

  g_assert_true (sync_once (f, 0, NULL, &error));
  g_assert_no_error (error);
  cache = jg_paths_catalogue_for_database (f->db_path);

  codes = first_codes (f, 2);
  moved = lookup (f, codes->pdata[0]);
  kept = lookup (f, codes->pdata[1]);
  old_main = g_strdup (jg_sub_item_get_field (moved, JG_SUB_ITEM_MAIN_CODE));
  json = g_strdup_printf (
    "{\"format\": \"jianguan-catalogue/1\","
    " \"subitems\": ["
    "  {\"code\": \"%s\", \"name\": \"%s\", \"main_code\": \"99999999999\","
    "   \"department\": \"TESTMOVE\", \"status\": \"01\"},"
    "  {\"code\": \"%s\", \"name\": \"%s\", \"main_code\": \"%s\", \"department\": \"%s\","
    "   \"status\": \"02\", \"cancel_date\": \"2026-01-01\"}]}",
    (char *) codes->pdata[0], jg_sub_item_get_name (moved),
    (char *) codes->pdata[1], jg_sub_item_get_name (kept),
    jg_sub_item_get_field (kept, JG_SUB_ITEM_MAIN_CODE),
    jg_sub_item_get_field (kept, JG_SUB_ITEM_DEPARTMENT_CODE));
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  jg_test_server_load (f->server_dir, path);

  g_assert_true (sync_once (f, 0, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.changes_applied, ==, 2);

  sql = g_strdup_printf ("SELECT count(*) FROM sub_item INDEXED BY sub_item_department"
                         " WHERE department = 'TESTMOVE' AND code = '%s'", (char *) codes->pdata[0]);
  g_assert_cmpint (jg_test_query_int (cache, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM sub_item INDEXED BY sub_item_main_code"
                         " WHERE main_code = '99999999999' AND code = '%s'", (char *) codes->pdata[0]);
  g_assert_cmpint (jg_test_query_int (cache, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM sub_item INDEXED BY sub_item_main_code"
                         " WHERE main_code = '%s' AND code = '%s'", old_main, (char *) codes->pdata[0]);
  g_assert_cmpint (jg_test_query_int (cache, sql), ==, 0);
  g_assert_cmpint (jg_test_query_int (cache, "SELECT count(*) FROM pragma_integrity_check"
                                             " WHERE integrity_check != 'ok'"), ==, 0);

  kept_after = lookup (f, codes->pdata[1]);
  g_assert_cmpint (jg_sub_item_get_availability (kept_after, "2026-11-25"), ==, JG_ITEM_CANCELLED);
  g_assert_cmpstr (jg_sub_item_get_field (kept_after, JG_SUB_ITEM_DEPARTMENT_CODE), ==,
                   jg_sub_item_get_field (kept, JG_SUB_ITEM_DEPARTMENT_CODE));
  g_assert_true (search_finds (f, jg_sub_item_get_name (moved), codes->pdata[0]));
}

/* A delta writes the search indexes at its end, in rowid order, and only
 * the rows whose text changed: after renames in any order, a renamed item
 * is found by its new name and no longer by its old one (nor does any
 * index hold it), the others by their new names; and so after a second
 * delta over the same rows. */
static void
test_delta_reindexes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) backwards = g_ptr_array_new ();
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(JgSubItem) before = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *suffixed = NULL;
  g_autofree char *again = NULL;
  g_autofree char *old_name = NULL;
  const char *new_name = "甲乙丙丁测试事项";

  g_assert_true (sync_once (f, 0, NULL, &error));
  g_assert_no_error (error);

  codes = first_codes (f, 30);
  before = lookup (f, codes->pdata[0]);
  old_name = g_strdup (jg_sub_item_get_name (before));
  g_assert_true (search_finds (f, old_name, codes->pdata[0]));
  g_assert_true (indexes_hold (f, old_name, codes->pdata[0]));

  /* The feed sends them in the order loaded: backwards, rowids falling. */
  for (guint i = codes->len; i-- > 1; )
    g_ptr_array_add (backwards, codes->pdata[i]);
  suffixed = write_rename_file (f, backwards, "（丙版）", NULL);
  jg_test_server_load (f->server_dir, suffixed);
  g_ptr_array_add (one, codes->pdata[0]);
  renamed = write_rename_file (f, one, NULL, new_name);
  jg_test_server_load (f->server_dir, renamed);

  g_assert_true (sync_once (f, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (search_finds (f, new_name, codes->pdata[0]));
  g_assert_true (indexes_hold (f, new_name, codes->pdata[0]));
  g_assert_true (search_finds (f, "甲乙", codes->pdata[0]));
  g_assert_true (search_finds (f, "丁", codes->pdata[0]));
  g_assert_false (search_finds (f, old_name, codes->pdata[0]));
  g_assert_false (indexes_hold (f, old_name, codes->pdata[0]));
  g_assert_cmpuint (search_count (f, "（丙版）"), ==, codes->len - 1);

  /* Renamed again, rowids rising this time: found by the newest names. */
  g_ptr_array_set_size (one, 0);
  g_ptr_array_add (one, codes->pdata[0]);
  g_ptr_array_set_size (backwards, 0);
  for (guint i = 1; i < codes->len; i++)
    g_ptr_array_add (backwards, codes->pdata[i]);
  again = write_rename_file (f, backwards, "（丁版）", NULL);
  jg_test_server_load (f->server_dir, again);
  g_clear_pointer (&renamed, g_free);
  renamed = write_rename_file (f, one, NULL, "戊己庚辛测试事项");
  jg_test_server_load (f->server_dir, renamed);
  g_assert_true (sync_once (f, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (f, "（丙版）（丁版）"), ==, codes->len - 1);
  g_assert_false (indexes_hold (f, new_name, codes->pdata[0]));
  g_assert_false (search_finds (f, new_name, codes->pdata[0]));
  g_assert_true (indexes_hold (f, "戊己庚辛测试事项", codes->pdata[0]));
  g_assert_true (search_finds (f, "庚辛", codes->pdata[0]));
}

/* Fails a sync in one way, checks the cache is intact, then completes. */
static void
check_failure_keeps_cache (Fixture            *f,
                           const char * const *fault_args,
                           guint               page_size,
                           GQuark              domain,
                           int                 code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *rename = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JgSubItem) item = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_assert_true (sync_once (f, 0, NULL, &error));
  g_assert_no_error (error);

  /* Many changes, so the download takes several pages. */
  codes = first_codes (f, 300);
  rename = write_rename_file (f, codes, "（第二版）", NULL);
  jg_test_server_load (f->server_dir, rename);

  before = catalogue_digest (f);

  for (guint i = 0; fault_args[i] != NULL; i++)
    g_ptr_array_add (args, (char *) fault_args[i]);
  g_ptr_array_add (args, NULL);
  restart (f, (const char * const *) args->pdata);

  g_assert_false (sync_once (f, page_size, NULL, &error));
  g_assert_error (error, domain, code);
  g_test_message ("failure message: %s", error->message);
  g_assert_nonnull (strstr (error->message, "not changed"));
  g_clear_error (&error);

  after = catalogue_digest (f);
  g_assert_cmpstr (before, ==, after);
  item = lookup (f, codes->pdata[299]);
  g_assert_false (g_str_has_suffix (jg_sub_item_get_name (item), "（第二版）"));

  /* The next sync, with the server healthy again, completes it. */
  restart (f, NULL);
  g_assert_true (sync_once (f, page_size, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&item);
  item = lookup (f, codes->pdata[299]);
  g_assert_true (g_str_has_suffix (jg_sub_item_get_name (item), "（第二版）"));
  g_assert_cmpuint (search_count (f, "第二版"), ==, 300);
}

static void
test_interrupted_download (Fixture       *f,
                           gconstpointer  data)
{
  /* info and the codes feed succeed, then the third page is cut off. */
  const char *args[] = { "--fault", "truncate", "--fault-after", "3", NULL };
  check_failure_keeps_cache (f, args, 50, JG_SYNC_ERROR, JG_SYNC_ERROR_UNREACHABLE);
}

static void
test_malformed_json (Fixture       *f,
                     gconstpointer  data)
{
  const char *args[] = { "--fault", "malformed", "--fault-after", "3", NULL };
  check_failure_keeps_cache (f, args, 50, JG_SYNC_ERROR, JG_SYNC_ERROR_MALFORMED);
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  const char *args[] = { "--fault", "500", "--fault-after", "3", NULL };
  check_failure_keeps_cache (f, args, 50, JG_SYNC_ERROR, JG_SYNC_ERROR_SERVER);
}

static void
test_server_busy (Fixture       *f,
                  gconstpointer  data)
{
  const char *args[] = { "--fault", "429", NULL };
  check_failure_keeps_cache (f, args, 0, JG_SYNC_ERROR, JG_SYNC_ERROR_BUSY);
}

static void
test_server_down (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JgCatalogueSync) sync = NULL;

  g_assert_true (sync_once (f, 0, NULL, &error));
  before = catalogue_digest (f);

  /* Same address, server stopped: connection refused. */
  jg_test_server_stop (f->server);
  f->server = NULL;
  sync = jg_catalogue_sync_new (f->db_path, f->url);
  g_assert_false (jg_catalogue_sync_run (sync, NULL, NULL, &error));
  g_assert_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, "Could not reach"));
  g_assert_null (strstr (error->message, "queued"));

  after = catalogue_digest (f);
  g_assert_cmpstr (before, ==, after);

  /* A sign-in says what a sign-in failing means, not what a push does. */
  {
    g_autoptr(JgAccount) account = jg_account_new (f->url, "someone");
    g_autoptr(GError) login_error = NULL;

    g_assert_false (jg_account_login (account, "secret", NULL, &login_error));
    g_assert_error (login_error, JG_SYNC_ERROR, JG_SYNC_ERROR_UNREACHABLE);
    g_assert_nonnull (strstr (login_error->message, "not signed in"));
    g_assert_null (strstr (login_error->message, "queued"));
  }
}

static void
test_wrong_url (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgCatalogueSync) sync = NULL;
  g_autoptr(JgCatalogueSync) not_url = NULL;
  g_autofree char *elsewhere = g_strconcat (f->server->url, "not/the/api/", NULL);

  /* Something answers there, but not the Jianguan API. */
  sync = jg_catalogue_sync_new (f->db_path, elsewhere);
  g_assert_false (jg_catalogue_sync_run (sync, NULL, NULL, &error));
  g_assert_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_NOT_A_SERVER);
  g_clear_error (&error);

  not_url = jg_catalogue_sync_new (f->db_path, "ftp//nowhere");
  g_assert_false (jg_catalogue_sync_run (not_url, NULL, NULL, &error));
  g_assert_error (error, JG_SYNC_ERROR, JG_SYNC_ERROR_BAD_URL);

  /* Neither touched the cache. */
  g_assert_cmpuint (stats_of (f).sub_items, ==, 0);
}

static void
test_database_not_sqlite (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (f->db_path,
                                      "This file was overwritten by something else entirely. "
                                      "It is long enough to have an SQLite header's 100 bytes.",
                                      -1, NULL));
  before = jg_test_file_checksum (f->db_path);
  g_assert_false (sync_once (f, 0, NULL, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_DATABASE);
  after = jg_test_file_checksum (f->db_path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_database_locked (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  g_assert_true (sync_once (f, 0, NULL, &error));

  g_assert_cmpint (sqlite3_open (f->db_path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other,
                                 "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;"
                                 "UPDATE sync_cursor SET cursor = cursor;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (sync_once (f, 0, NULL, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_LOCKED);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);
}

static guint64 last_done, last_total;
static guint n_progress;

static void
on_progress (JgCatalogueSync *sync,
             guint64          done,
             guint64          total,
             gpointer         user_data)
{
  g_assert_cmpuint (done, >=, last_done);
  g_assert_cmpuint (done, <=, total);
  last_done = done;
  last_total = total;
  n_progress++;
}

static void
sync_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  gboolean *finished = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_catalogue_sync_run_finish (JG_CATALOGUE_SYNC (source), res, NULL, &error));
  g_assert_no_error (error);
  *finished = TRUE;
}

static void
test_async_progress (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JgCatalogueSync) sync = jg_catalogue_sync_new (f->db_path, f->server->url);
  gboolean finished = FALSE;

  last_done = last_total = 0;
  n_progress = 0;
  jg_catalogue_sync_set_page_size (sync, 100);
  g_signal_connect (sync, "progress", G_CALLBACK (on_progress), NULL);
  jg_catalogue_sync_run_async (sync, NULL, sync_done, &finished);
  while (!finished)
    g_main_context_iteration (NULL, TRUE);
  /* Progress arrives in the caller's context, ending at "all of all". */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (n_progress, >, 5);
  g_assert_cmpuint (last_done, ==, last_total);
  g_assert_cmpuint (stats_of (f).sub_items, ==, demo_count ("subitems"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  jg_test_isolate_xdg ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sync/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("full-then-not-modified", test_full_then_not_modified);
  ADD ("small-pages-same-result", test_small_pages_same_result);
  ADD ("delta", test_delta);
  ADD ("delta-reindexes", test_delta_reindexes);
  ADD ("delta-moves", test_delta_moves);
  ADD ("interrupted-download-keeps-cache", test_interrupted_download);
  ADD ("malformed-json-keeps-cache", test_malformed_json);
  ADD ("server-error-keeps-cache", test_server_error);
  ADD ("server-busy-keeps-cache", test_server_busy);
  ADD ("server-down", test_server_down);
  ADD ("wrong-url", test_wrong_url);
  ADD ("database-not-sqlite", test_database_not_sqlite);
  ADD ("database-locked", test_database_locked);
  ADD ("async-progress", test_async_progress);
#undef ADD

  return g_test_run ();
}
