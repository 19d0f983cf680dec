/* test-catalogue-cache.c — one catalogue cache per server, against a real
 * jianguan-server on 127.0.0.1
 *
 * The catalogue is the same for every account of a server, so it is kept
 * once per server (servers/<host-port>/catalogue.db) and synced by delta
 * whichever account signs in:
 *
 *  - /catalogue-cache/second-account: rc-admin signs in and downloads the
 *    whole catalogue; hj-admin, of another department, signs in on the same
 *    server and asks only for what changed since (the server's log shows
 *    since > 0 and nothing is applied); the catalogue is on disk once, and
 *    both accounts see it whole. A change on the server then reaches
 *    hj-admin as a delta of one change, and rc-admin sees it too; and while
 *    rc-admin's program writes its records, hj-admin's can still sync;
 *  - /catalogue-cache/old-layout: an account database of the previous
 *    version, with its own copy of the catalogue and records, hands its
 *    copy over to the empty server cache on first open (search works, the
 *    next sync is a delta) and keeps its records; a second old database
 *    whose copy is no newer than the cache's drops it.
 *
 * Signing in is what the session and `jianguan-cli sync` do: JgAccount logs
 * in, then JgCatalogueSync runs on the account's database
 * (jg_paths_database_for_server (url, user)).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "jg-account.h"
#include "jg-catalogue.h"
#include "jg-catalogue-sync.h"
#include "jg-paths.h"
#include "jg-record-store.h"
#include "jg-store.h"
#include "jg-test-util.h"
#include "jg-store-private.h"

#define DEMO_PASSWORD "Jianguan-Demo-2026"
/* The last schema step that kept the catalogue in the account's database. */
#define OLD_LAYOUT_VERSION 9
/* The reviewer's department (src/server/main.c, the demo accounts). */
#define REVIEWER_DEPARTMENT "11445200006295321R"
/* Added on the server between two sign-ins. */
#define NEW_ITEM_CODE "99999999999002"

static const char *demo_args[] = { "--demo", NULL };

typedef struct {
  char         *server_dir;
  JgTestServer *server;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  jg_test_isolate_xdg ();
  f->server_dir = jg_test_make_tmpdir ("cache-server");
  f->server = jg_test_server_start (f->server_dir, demo_args);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  jg_test_server_stop (f->server);
  g_free (f->server_dir);
}

/* How many bytes of the server's log there are now: requests after this
 * point are the next step's. */
static gsize
log_mark (Fixture *f)
{
  g_autofree char *log = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (f->server->log_path, &log, &length, NULL));
  return length;
}

/* The "since" of every request for @feed's changes after @mark, in order. */
static GArray *
requested_since (Fixture    *f,
                 const char *feed,
                 gsize       mark)
{
  g_autofree char *log = NULL;
  g_autofree char *prefix = g_strdup_printf ("GET /api/v1/changes/%s?since=", feed);
  g_auto(GStrv) lines = NULL;
  GArray *since = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_true (g_file_get_contents (f->server->log_path, &log, NULL, NULL));
  lines = g_strsplit (log + mark, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        gint64 value = g_ascii_strtoll (lines[i] + strlen (prefix), NULL, 10);
        g_array_append_val (since, value);
      }
  return since;
}

/* Signs @user in and syncs the catalogue into the account's database, as
 * the session does; returns that database's path. */
static char *
sign_in (Fixture      *f,
         const char   *user,
         JgSyncResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAccount) account = jg_account_new (f->server->url, user);
  g_autoptr(JgCatalogueSync) sync = NULL;
  char *db_path;

  jg_account_login (account, DEMO_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  db_path = jg_paths_database_for_server (f->server->url, user, &error);
  g_assert_no_error (error);

  sync = jg_catalogue_sync_new (db_path, f->server->url);
  jg_catalogue_sync_run (sync, result, NULL, &error);
  g_assert_no_error (error);
  return db_path;
}

/* Signs @user in and checks that the catalogue was asked for once, from
 * @since: a delta, not the whole catalogue again. */
static void
sign_in_for_delta (Fixture      *f,
                   const char   *user,
                   gint64        since,
                   JgSyncResult *result)
{
  gsize mark = log_mark (f);
  g_autoptr(GArray) asked = NULL;

  g_free (sign_in (f, user, result));
  asked = requested_since (f, "catalogue", mark);
  g_assert_cmpuint (asked->len, ==, 1);
  g_assert_cmpint (g_array_index (asked, gint64, 0), ==, since);
}

static JgCatalogueStats
stats_of (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (db_path, &error);
  JgCatalogueStats stats;

  g_assert_no_error (error);
  jg_catalogue_get_stats_sync (store, &stats, &error);
  g_assert_no_error (error);
  return stats;
}

static guint
search_count (const char *db_path,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (db_path, &error);
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (text);
  g_autoptr(GListModel) results = NULL;

  g_assert_no_error (error);
  query->limit = G_MAXINT;
  results = jg_catalogue_search_sync (store, query, &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (results);
}

/* Whether the database file itself (not what it attaches) has @table. */
static gboolean
file_has_table (const char *db_path,
                const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE name = '%s'", table);
  return jg_test_query_int (db_path, sql) > 0;
}

/* Every file called @name under the user's data folder. */
static guint
count_files (const char *dir,
             const char *name)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += count_files (path, name);
      else if (g_str_equal (entry, name))
        n++;
    }
  return n;
}

/* The server adds a sub-item to the catalogue, under the same main item
 * and department as @like. */
static void
add_item_on_server (Fixture    *f,
                    const char *db_path,
                    const char *like)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (db_path, &error);
  g_autoptr(JgSubItem) item = NULL;
  g_autofree char *path = g_build_filename (f->server_dir, "added.json", NULL);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  item = jg_catalogue_lookup_sync (store, like, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  json = g_strdup_printf (
    "{\"format\": \"jianguan-catalogue/1\","
    " \"subitems\": [{\"code\": \"" NEW_ITEM_CODE "\", \"name\": \"对缓存测试新增事项的监督检查\","
    "  \"main_code\": \"%s\", \"department\": \"%s\", \"action_type\": \"0\","
    "  \"status\": \"01\", \"legal_basis\": \"《测试条例》第十条\", \"objects\": \"测试对象\"}]}",
    jg_sub_item_get_field (item, JG_SUB_ITEM_MAIN_CODE),
    jg_sub_item_get_field (item, JG_SUB_ITEM_DEPARTMENT_CODE));
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  jg_test_server_load (f->server_dir, path);
}

static char *
first_item_code (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (db_path, &error);

  g_assert_no_error (error);
  return jg_test_query_text (store, "SELECT code FROM sub_item ORDER BY code LIMIT 1", NULL);
}

static void
test_second_account (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "jianguan", NULL);
  g_autofree char *rc_db = NULL;
  g_autofree char *hj_db = NULL;
  g_autofree char *like = NULL;
  g_autoptr(GArray) since = NULL;
  JgCatalogueStats rc_stats, hj_stats;
  JgSyncResult first, second, third;
  gsize mark;

  /* rc-admin: the first sign-in on this workstation downloads it all. */
  mark = log_mark (f);
  rc_db = sign_in (f, "rc-admin", &first);
  since = requested_since (f, "catalogue", mark);
  g_assert_cmpuint (since->len, >, 0);
  g_assert_cmpint (g_array_index (since, gint64, 0), ==, 0);
  g_clear_pointer (&since, g_array_unref);
  rc_stats = stats_of (rc_db);
  g_assert_cmpuint (rc_stats.sub_items, >, 0);
  g_assert_cmpuint (first.changes_applied, >=, rc_stats.sub_items);

  /* hj-admin, another department of the same server: only what changed
   * since rc-admin's download is asked for, and nothing has. */
  mark = log_mark (f);
  hj_db = sign_in (f, "hj-admin", &second);
  g_assert_cmpstr (hj_db, !=, rc_db);
  for (const char *feed = "codes"; feed != NULL; feed = g_str_equal (feed, "codes") ? "catalogue" : NULL)
    {
      since = requested_since (f, feed, mark);
      g_assert_cmpuint (since->len, ==, 1);
      g_assert_cmpint (g_array_index (since, gint64, 0), >, 0);
      g_clear_pointer (&since, g_array_unref);
    }
  g_assert_cmpuint (second.changes_applied, ==, 0);
  g_assert_cmpint (second.cursor_catalogue, ==, first.cursor_catalogue);

  /* Both see the whole catalogue, which is on disk once: the accounts'
   * own files hold no copy. */
  hj_stats = stats_of (hj_db);
  g_assert_cmpuint (hj_stats.sub_items, ==, rc_stats.sub_items);
  g_assert_cmpuint (hj_stats.officers, ==, rc_stats.officers);
  g_assert_cmpuint (hj_stats.code_entries, ==, rc_stats.code_entries);
  g_assert_cmpuint (search_count (hj_db, "检查"), ==, search_count (rc_db, "检查"));
  g_assert_cmpuint (count_files (data_dir, "catalogue.db"), ==, 1);
  g_assert_cmpuint (count_files (data_dir, "jianguan.db"), ==, 2);
  g_assert_false (file_has_table (rc_db, "sub_item"));
  g_assert_false (file_has_table (hj_db, "sub_item"));

  /* A change on the server reaches hj-admin as a delta of one change, and
   * rc-admin, who shares the cache, sees it without syncing. */
  like = first_item_code (hj_db);
  add_item_on_server (f, hj_db, like);
  sign_in_for_delta (f, "hj-admin", first.cursor_catalogue, &third);
  g_assert_cmpuint (third.changes_applied, ==, 1);
  g_assert_cmpuint (stats_of (hj_db).sub_items, ==, rc_stats.sub_items + 1);
  g_assert_cmpuint (stats_of (rc_db).sub_items, ==, rc_stats.sub_items + 1);
  g_assert_cmpuint (search_count (rc_db, "缓存测试"), ==, 1);

  /* The app and the CLI, two accounts at once: an account's write
   * transaction holds its own file (another writer of it has to wait) but
   * not the shared cache, so the other account's catalogue sync goes on
   * meanwhile instead of giving up as "in use by another program". */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JgStore) rc = jg_store_open (rc_db, &error);
    sqlite3 *other = NULL;

    g_assert_no_error (error);
    g_assert_true (jg_store_begin (rc, &error));
    g_assert_cmpint (sqlite3_open (rc_db, &other), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_BUSY);
    sqlite3_close (other);
    g_free (sign_in (f, "hj-admin", &third));
    g_assert_true (jg_store_commit (rc, &error));
    g_assert_no_error (error);
  }

  /* The other way round: while one program writes the cache (a catalogue
   * download), a third account's database is created on first sign-in,
   * and a record checked against the catalogue and saved in it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JgStore) hj = jg_store_open (hj_db, &error);
    g_autoptr(JgStore) cache = NULL;
    g_autoptr(JgStore) reviewer = NULL;
    g_autoptr(JgRecord) record = NULL;
    g_autofree char *reviewer_db = jg_paths_database_for_server (f->server->url, "reviewer", &error);

    g_assert_no_error (error);
    cache = jg_store_open_catalogue (hj, &error);
    g_assert_no_error (error);
    g_assert_true (jg_store_begin (cache, &error));
    g_assert_no_error (error);

    reviewer = jg_store_open (reviewer_db, &error);
    g_assert_no_error (error);
    jg_record_store_set_department (reviewer, REVIEWER_DEPARTMENT, &error);
    g_assert_no_error (error);
    record = jg_test_demo_inspection (reviewer, REVIEWER_DEPARTMENT, "JC-2025-0001", "2025-07-01");
    jg_test_save_ready (reviewer, record);

    jg_store_rollback (cache);
  }
}

/* --- the previous layout ------------------------------------------------ */

static const char *const catalogue_tables[] = {
  "code_entry", "department", "main_item", "sub_item", "impl_entry", "officer",
};

/* An account database as the previous version wrote it for @user: schema
 * OLD_LAYOUT_VERSION, with its own copy of the catalogue at @seed_cache
 * (cursors included) and two records, one of them ready to send. */
static char *
make_old_database (Fixture    *f,
                   const char *user,
                   const char *seed_cache)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = jg_paths_database_for_server (f->server->url, user, &error);
  g_autoptr(JgStore) store = NULL;
  g_autofree char *attach = NULL;

  g_assert_no_error (error);
  store = jg_store_open_at_version (db_path, OLD_LAYOUT_VERSION, &error);
  g_assert_no_error (error);
  g_assert_true (file_has_table (db_path, "sub_item"));

  attach = g_strdup_printf ("ATTACH DATABASE '%s' AS seed", seed_cache);
  g_assert_true (jg_store_exec (store, attach, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (catalogue_tables); i++)
    {
      g_autofree char *copy = g_strdup_printf ("INSERT INTO main.%s SELECT * FROM seed.%s",
                                               catalogue_tables[i], catalogue_tables[i]);
      g_assert_true (jg_store_exec (store, copy, &error));
      g_assert_no_error (error);
    }
  g_assert_true (jg_store_exec (store,
                                "INSERT INTO main.sync_cursor SELECT * FROM seed.sync_cursor;"
                                "INSERT INTO main.record (uuid, kind, department, state, revision, op,"
                                "  number, name, sort_date, fields, created, modified, holds_number) VALUES"
                                " ('00000000-0000-4000-8000-0000000000a1', 'inspection', 'D1', 'draft', 1,"
                                "  'i', 'JC-2025-0001', '旧草稿', '2025-07-01', '{}', 1, 1, 0),"
                                " ('00000000-0000-4000-8000-0000000000a2', 'inspection', 'D1', 'ready', 1,"
                                "  'i', 'JC-2025-0002', '旧待报送', '2025-07-02', '{}', 2, 2, 1);"
                                "INSERT INTO main.audit (uuid, at, who, action, revision) VALUES"
                                " ('00000000-0000-4000-8000-0000000000a2', 2, 'alice', 'create', 1);",
                                &error));
  g_assert_no_error (error);
  g_assert_true (jg_store_exec (store, "DETACH DATABASE seed", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&db_path);
}

/* The records and their audit trail, as one string: to prove "untouched". */
static char *
records_digest (JgStore *store)
{
  return jg_test_query_text (store,
                             "SELECT (SELECT group_concat (uuid || state || ifnull (op, '') || number"
                             "                             || name || fields, ';')"
                             "        FROM (SELECT * FROM record ORDER BY uuid))"
                             " || '|' || (SELECT group_concat (who || action, ';') FROM audit)"
                             " WHERE ?1 IS NULL",
                             NULL);
}

static void
test_old_layout (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_dir = jg_test_make_tmpdir ("cache-seed");
  g_autofree char *seed_db = g_build_filename (seed_dir, "seed.db", NULL);
  g_autofree char *seed_cache = jg_paths_catalogue_for_database (seed_db);
  g_autofree char *old_db = NULL;
  g_autofree char *old2_db = NULL;
  g_autofree char *server_cache = NULL;
  g_autoptr(JgCatalogueSync) sync = jg_catalogue_sync_new (seed_db, f->server->url);
  JgSyncResult seeded, after;
  JgCatalogueStats stats;

  /* The catalogue an old database would have downloaded. */
  jg_catalogue_sync_run (sync, &seeded, NULL, &error);
  g_assert_no_error (error);
  stats = stats_of (seed_db);
  g_assert_cmpuint (stats.sub_items, >, 0);

  old_db = make_old_database (f, "rc-admin", seed_cache);
  server_cache = jg_paths_catalogue_for_database (old_db);
  g_assert_cmpint (jg_test_query_int (server_cache, "SELECT count(*) FROM sub_item"), ==, 0);

  /* This version opens it: the copy moves to the empty server cache, the
   * records stay as they were, untouched. */
  {
    g_autofree char *before = NULL;
    g_autofree char *after_open = NULL;

    {
      g_autoptr(JgStore) raw = jg_store_open_at_version (old_db, OLD_LAYOUT_VERSION, &error);
      g_assert_no_error (error);
      before = records_digest (raw);
    }
    {
      g_autoptr(JgStore) store = jg_store_open (old_db, &error);
      g_assert_no_error (error);
      g_assert_cmpint (jg_store_get_schema_version (store), ==, jg_store_latest_schema_version ());
      after_open = records_digest (store);
    }
    g_assert_nonnull (before);
    g_assert_cmpstr (after_open, ==, before);
  }
  g_assert_false (file_has_table (old_db, "sub_item"));
  g_assert_false (file_has_table (old_db, "sub_item_fts"));
  g_assert_cmpint (jg_test_query_int (server_cache, "SELECT count(*) FROM sub_item"), ==, stats.sub_items);
  g_assert_cmpint (jg_test_query_int (server_cache, "SELECT cursor FROM sync_cursor WHERE feed = 'catalogue'"),
                   ==, seeded.cursor_catalogue);
  g_assert_cmpint (jg_test_query_int (old_db, "SELECT count(*) FROM sync_cursor WHERE feed = 'catalogue'"),
                   ==, 0);
  g_assert_cmpuint (stats_of (old_db).officers, ==, stats.officers);
  /* Both search indexes were built in the cache. */
  g_assert_cmpuint (search_count (old_db, "检查"), ==, search_count (seed_db, "检查"));
  g_assert_cmpuint (search_count (old_db, "检"), ==, search_count (seed_db, "检"));
  g_assert_cmpuint (search_count (old_db, "监督检查"), ==, search_count (seed_db, "监督检查"));

  /* The next sign-in asks only for what changed since. */
  sign_in_for_delta (f, "rc-admin", seeded.cursor_catalogue, &after);
  g_assert_cmpuint (after.changes_applied, ==, 0);

  /* A ready record of the old database still validates against the
   * catalogue, now the server cache's. */
  {
    g_autoptr(JgStore) store = jg_store_open (old_db, &error);
    g_autofree char *department = NULL;
    g_autoptr(JgRecord) record = NULL;

    g_assert_no_error (error);
    department = jg_test_query_text (store, "SELECT code FROM department ORDER BY code LIMIT 1", NULL);
    record = jg_test_demo_inspection (store, department, "JC-2025-0100", "2025-07-01");
    jg_test_save_ready (store, record);
  }

  /* A second old database, whose copy is no newer than the cache: its copy
   * is dropped, the cache stays as it is, its records stay too. */
  old2_db = make_old_database (f, "reviewer", seed_cache);
  {
    g_autoptr(JgStore) store = jg_store_open (old2_db, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (jg_store_get_catalogue_path (store), ==, server_cache);
  }
  g_assert_false (file_has_table (old2_db, "sub_item"));
  g_assert_cmpint (jg_test_query_int (old2_db, "SELECT count(*) FROM record"), ==, 2);
  g_assert_cmpint (jg_test_query_int (server_cache, "SELECT count(*) FROM sub_item"), ==, stats.sub_items);
  g_assert_cmpuint (search_count (old2_db, "检查"), ==, search_count (seed_db, "检查"));
}

/* A cache of catalogue version 3 (search indexes with column sizes)
 * moves to version 4 when opened: the indexes are rebuilt without their
 * size tables and every search finds what it found before; a later delta
 * still writes them. */
static void
test_column_sizes_dropped (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = jg_test_make_tmpdir ("cache-v3");
  g_autofree char *db = g_build_filename (dir, "account.db", NULL);
  g_autofree char *cache = jg_paths_catalogue_for_database (db);
  g_autoptr(JgCatalogueSync) sync = jg_catalogue_sync_new (db, f->server->url);
  const char *texts[] = { "检查", "检", "监督检查", "许可" };
  guint before[G_N_ELEMENTS (texts)];

  jg_catalogue_sync_run (sync, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    before[i] = search_count (db, texts[i]);
  g_assert_cmpuint (before[0], >, 0);

  /* The indexes as catalogue step 3 left them. */
  {
    g_autoptr(JgStore) store = jg_store_open (db, &error);
    g_autoptr(JgStore) raw = NULL;

    g_assert_no_error (error);
    raw = jg_store_open_catalogue (store, &error);
    g_assert_no_error (error);
    jg_store_exec (raw,
                   "BEGIN;"
                   "DROP TABLE sub_item_fts; DROP TABLE sub_item_gram; DROP TABLE sub_item_name_gram;"
                   "DROP TABLE main_item_fts; DROP TABLE main_item_gram;"
                   "CREATE VIRTUAL TABLE sub_item_fts USING fts5 (name, objects, legal_basis,"
                   "  content = 'sub_item', content_rowid = 'id', tokenize = 'trigram');"
                   "CREATE VIRTUAL TABLE sub_item_gram USING fts5 (name, objects, legal_basis,"
                   "  content = 'sub_item', content_rowid = 'id', tokenize = 'jg_gram', detail = 'none');"
                   "CREATE VIRTUAL TABLE sub_item_name_gram USING fts5 (name,"
                   "  content = 'sub_item', content_rowid = 'id', tokenize = 'jg_gram', detail = 'none');"
                   "CREATE VIRTUAL TABLE main_item_fts USING fts5 (name,"
                   "  content = 'main_item', tokenize = 'trigram');"
                   "CREATE VIRTUAL TABLE main_item_gram USING fts5 (name,"
                   "  content = 'main_item', tokenize = 'jg_gram', detail = 'none');"
                   "INSERT INTO sub_item_fts (sub_item_fts) VALUES ('rebuild');"
                   "INSERT INTO sub_item_gram (sub_item_gram) VALUES ('rebuild');"
                   "INSERT INTO sub_item_name_gram (sub_item_name_gram) VALUES ('rebuild');"
                   "INSERT INTO main_item_fts (main_item_fts) VALUES ('rebuild');"
                   "INSERT INTO main_item_gram (main_item_gram) VALUES ('rebuild');"
                   "PRAGMA user_version = 3;"
                   "COMMIT;", &error);
    g_assert_no_error (error);
  }
  g_assert_true (file_has_table (cache, "sub_item_fts_docsize"));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_assert_cmpuint (search_count (db, texts[i]), ==, before[i]);
  g_assert_cmpint (jg_test_query_int (cache, "PRAGMA user_version"), ==, 4);
  g_assert_false (file_has_table (cache, "sub_item_fts_docsize"));
  g_assert_false (file_has_table (cache, "sub_item_gram_docsize"));
  g_assert_false (file_has_table (cache, "sub_item_name_gram_docsize"));
  g_assert_false (file_has_table (cache, "main_item_fts_docsize"));
  g_assert_false (file_has_table (cache, "main_item_gram_docsize"));
  g_assert_cmpint (jg_test_query_int (cache, "SELECT count(*) FROM pragma_integrity_check"
                                             " WHERE integrity_check != 'ok'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/catalogue-cache/second-account", Fixture, NULL, set_up, test_second_account, tear_down);
  g_test_add ("/catalogue-cache/old-layout", Fixture, NULL, set_up, test_old_layout, tear_down);
  g_test_add ("/catalogue-cache/column-sizes-dropped", Fixture, NULL, set_up,
              test_column_sizes_dropped, tear_down);

  return g_test_run ();
}
