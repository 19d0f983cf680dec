/* test-store.c — the local database: creation, migrations, refusals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "jg-catalogue.h"
#include "jg-paths.h"
#include "jg-store.h"
#include "jg-test-util.h"
#include "jg-store-private.h"

static char *
db_path_in_tmp (const char *name)
{
  g_autofree char *dir = jg_test_make_tmpdir (name);
  return g_build_filename (dir, "jianguan.db", NULL);
}

static void
test_create_private (void)
{
  g_autofree char *path = db_path_in_tmp ("create");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autofree char *mode = NULL;
  GStatBuf st;

  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jg_store_get_schema_version (store), ==, jg_store_latest_schema_version ());

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* WAL, so that readers (the UI) never wait for a sync. */
  mode = NULL;
  {
    sqlite3_stmt *stmt = jg_store_prepare (store, "PRAGMA journal_mode", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_reset (stmt);
  }
}

static void
insert_sub_item_v1 (JgStore    *store,
                    const char *code,
                    const char *name,
                    const char *legal_basis)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store,
                           "INSERT INTO sub_item (code, name, legal_basis, action_type, status)"
                           " VALUES (?1, ?2, ?3, '0', '01')",
                           &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, legal_basis, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);
}

static guint
count_results (JgStore    *store,
               const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgCatalogueQuery) query = jg_catalogue_query_new (text);
  g_autoptr(GListModel) results = jg_catalogue_search_sync (store, query, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (results);
}

static void
test_migrate_old_to_new (void)
{
  g_autofree char *path = db_path_in_tmp ("migrate");
  g_autoptr(GError) error = NULL;

  /* A version-1 database, as the first release wrote it, with data. */
  {
    g_autoptr(JgStore) old = jg_store_open_at_version (path, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (jg_store_get_schema_version (old), ==, 1);
    insert_sub_item_v1 (old, "44520001001001", "对食品生产经营者的监督检查",
                        "《中华人民共和国食品安全法》第一百一十条");
    insert_sub_item_v1 (old, "44520001001002", "对排放污染物单位的现场检查",
                        "《中华人民共和国环境保护法》第二十四条");
  }

  /* Opening with this version migrates step by step, keeping the rows and
   * indexing them for every kind of search. */
  {
    g_autoptr(JgStore) store = jg_store_open (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (jg_store_get_schema_version (store), ==, jg_store_latest_schema_version ());

    g_assert_cmpuint (count_results (store, ""), ==, 2);
    g_assert_cmpuint (count_results (store, "食品安全法"), ==, 1);  /* trigram */
    g_assert_cmpuint (count_results (store, "污染"), ==, 1);        /* bigram */
    g_assert_cmpuint (count_results (store, "检"), ==, 2);          /* unigram */
    g_assert_cmpuint (count_results (store, "445200010010"), ==, 2); /* code prefix */
  }
}

static void
test_newer_refused (void)
{
  g_autofree char *path = db_path_in_tmp ("newer");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) refused = NULL;

  {
    g_autoptr(JgStore) store = jg_store_open (path, &error);
    g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d",
                                            jg_store_latest_schema_version () + 1);
    g_assert_no_error (error);
    jg_store_exec (store, sql, &error);
    g_assert_no_error (error);
  }

  before = jg_test_file_checksum (path);
  refused = jg_store_open (path, &error);
  g_assert_null (refused);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  after = jg_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_not_a_database (void)
{
  g_autofree char *path = db_path_in_tmp ("notadb");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  const char *junk = "Name,Code\n食品,123\nThis is a spreadsheet, not a database.\n"
                     "Padding to make it longer than one SQLite header of 100 bytes......\n";

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  before = jg_test_file_checksum (path);

  store = jg_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_DATABASE);

  after = jg_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_locked (void)
{
  g_autofree char *path = db_path_in_tmp ("locked");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  sqlite3 *other = NULL;

  {
    g_autoptr(JgStore) first = jg_store_open (path, &error);
    g_assert_no_error (error);
  }

  /* Another program holding the database in exclusive mode. */
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other,
                                 "PRAGMA locking_mode = EXCLUSIVE;"
                                 "BEGIN EXCLUSIVE;"
                                 "INSERT INTO meta (key, value) VALUES ('x', 'y');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  store = jg_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "in use"));
  g_clear_error (&error);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  /* Once the other program lets go, it opens again. */
  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
}

/* Another program writes while this one has the database open twice (the
 * app opens one connection per task). A plain open() and close() of the
 * file inside this process would drop every POSIX lock SQLite holds on it
 * (they belong to the process, not the descriptor): the other program
 * would then take itself for the last user, checkpoint and delete the WAL
 * under this one's feet, and the next read here found a "damaged"
 * database. */
static void
test_second_connection_keeps_locks (void)
{
  static char *shared_path;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      /* The other program. */
      sqlite3 *other = NULL;
      const char *path = g_getenv ("JG_TEST_SHARED_DB");

      g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (other, "INSERT OR REPLACE INTO meta (key, value)"
                                     " VALUES ('writer', 'other')", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);
      return;
    }

  shared_path = db_path_in_tmp ("shared");
  {
    g_autoptr(JgStore) first = jg_store_open (shared_path, &error);
    g_autofree char *wal = g_strconcat (shared_path, "-wal", NULL);
    g_autofree char *value = NULL;

    g_assert_no_error (error);
    g_assert_true (jg_store_set_meta (first, "writer", "this", &error));

    /* A second connection of this process comes and goes. */
    {
      g_autoptr(JgStore) second = jg_store_open (shared_path, &error);
      g_assert_no_error (error);
    }

    g_setenv ("JG_TEST_SHARED_DB", shared_path, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();

    /* The other program knew it was not alone: the WAL is still there,
     * and this connection reads what it wrote. */
    g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
    value = jg_store_get_meta (first, "writer");
    g_assert_cmpstr (value, ==, "other");
    g_assert_true (jg_store_set_meta (first, "writer", "this again", &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&shared_path, g_free);
}

static void
test_meta_roundtrip (void)
{
  g_autofree char *path = db_path_in_tmp ("meta");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (path, &error);
  g_autofree char *missing = NULL;
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  missing = jg_store_get_meta (store, "nothing");
  g_assert_null (missing);
  g_assert_true (jg_store_set_meta (store, "k", "值", &error));
  g_assert_true (jg_store_set_meta (store, "k", "新值", &error));
  value = jg_store_get_meta (store, "k");
  g_assert_cmpstr (value, ==, "新值");
}

/* The Overview asks for the account's role before the window's first
 * frame, without opening the store: the value the store wrote, also while
 * the store is open; nothing (and no file made) where there is none. */
static void
test_meta_peek (void)
{
  g_autofree char *path = db_path_in_tmp ("meta-peek");
  g_autofree char *absent_path = db_path_in_tmp ("meta-peek-absent");
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (path, &error);
  g_autofree char *value = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *absent = NULL;

  g_assert_no_error (error);
  g_assert_true (jg_store_set_meta (store, "account.role", "city", &error));
  value = jg_store_peek_meta (path, "account.role");
  g_assert_cmpstr (value, ==, "city");
  missing = jg_store_peek_meta (path, "nothing");
  g_assert_null (missing);
  absent = jg_store_peek_meta (absent_path, "account.role");
  g_assert_null (absent);
  g_assert_false (g_file_test (absent_path, G_FILE_TEST_EXISTS));
}

/* One account, however its server's address is typed. */
static void
test_server_spellings (void)
{
  static const struct { const char *typed, *canonical; } cases[] = {
    { "http://127.0.0.1:8437", "http://127.0.0.1:8437/" },
    { "http://127.0.0.1:8437/", "http://127.0.0.1:8437/" },
    { "HTTP://Server.Example:8437/", "http://Server.Example:8437/" },
    { "https://server.example/jianguan", "https://server.example:443/jianguan/" },
    { "http://server.example/", "http://server.example:80/" },
    { "http://[::1]:8437/", "http://[::1]:8437/" },
    { "ftp://server.example/", NULL },
    { "server.example", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *canonical = jg_paths_canonical_server_url (cases[i].typed);
      g_assert_cmpstr (canonical, ==, cases[i].canonical);
      if (canonical != NULL)
        {
          g_autofree char *a = jg_paths_account_id (cases[i].typed, "rc-admin");
          g_autofree char *b = jg_paths_account_id (canonical, "rc-admin");
          g_assert_cmpstr (a, ==, b);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  jg_test_isolate_xdg ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/create-private", test_create_private);
  g_test_add_func ("/store/migrate-old-to-new", test_migrate_old_to_new);
  g_test_add_func ("/store/newer-refused", test_newer_refused);
  g_test_add_func ("/store/not-a-database", test_not_a_database);
  g_test_add_func ("/store/locked", test_locked);
  g_test_add_func ("/store/meta-roundtrip", test_meta_roundtrip);
  g_test_add_func ("/store/meta-peek", test_meta_peek);
  g_test_add_func ("/store/server-spellings", test_server_spellings);
  g_test_add_func ("/store/second-connection-keeps-locks", test_second_connection_keeps_locks);

  return g_test_run ();
}
