/* test-store-at-rest.c — the local databases at rest: modes, a full disk, a copy taken mid-write
 *
 * SECURITY.md, "Data at rest": an account's folder is 0700 and its
 * databases (with their -wal and -shm) 0600, also when an older version
 * or a copy left them readable; a write that finds the disk full fails
 * with a clear error and leaves the database as it was; a copy of an
 * account's database taken while a writer runs opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "jg-paths.h"
#include "jg-store.h"
#include "jg-store-private.h"
#include "jg-test-util.h"

/* A value big enough that a transaction of a few of them needs new pages. */
#define BIG_VALUE_BYTES (256 * 1024)
#define N_BIG_VALUES 8

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    g_error ("%s is missing", path);
  if ((st.st_mode & 0777) != mode)
    g_error ("%s has mode %o, not %o", path, st.st_mode & 0777, mode);
}

static void
assert_database_private (const char *db_path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (db_path, suffixes[i], NULL);
      assert_mode (file, 0600);
    }
}

static void
write_meta (JgStore    *store,
            const char *key,
            const char *value)
{
  g_autoptr(GError) error = NULL;

  jg_store_set_meta (store, key, value, &error);
  g_assert_no_error (error);
}

/* A new account: every folder from jianguan/ down 0700, the account's
 * database and the server's catalogue cache 0600 with their -wal and -shm,
 * whatever the umask. */
static void
test_new_account_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = jg_paths_database_for_server ("http://127.0.0.1:8437/", "rc-admin",
                                                        &error);
  g_autofree char *dir = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *root = NULL;
  g_autofree char *catalogue_dir = NULL;
  g_autoptr(JgStore) store = NULL;
  mode_t old_umask = umask (022);

  g_assert_no_error (error);
  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  write_meta (store, "probe", "1");

  dir = g_path_get_dirname (path);
  accounts = g_path_get_dirname (dir);
  root = g_path_get_dirname (accounts);
  assert_mode (dir, 0700);
  assert_mode (accounts, 0700);
  assert_mode (root, 0700);
  assert_database_private (path);
  assert_database_private (jg_store_get_catalogue_path (store));
  catalogue_dir = g_path_get_dirname (jg_store_get_catalogue_path (store));
  assert_mode (catalogue_dir, 0700);
  umask (old_umask);
}

/* What an older Jianguan (or a copy) left: a folder 0755, a database and
 * its -wal and -shm 0644, the -wal still held by another connection.
 * Opening the account makes them private. */
static void
test_existing_made_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = jg_paths_database_for_server ("http://127.0.0.1:8438/", "rc-admin",
                                                        &error);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *accounts = g_path_get_dirname (dir);
  g_autofree char *root = g_path_get_dirname (accounts);
  g_autofree char *servers = NULL;
  g_autofree char *server = NULL;
  g_autoptr(JgStore) store = NULL;
  mode_t old_umask = umask (022);
  sqlite3 *other = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (accounts, 0755), ==, 0);
  g_assert_cmpint (g_chmod (root, 0755), ==, 0);
  servers = g_build_filename (root, "servers", NULL);
  server = g_build_filename (servers, "127.0.0.1-8438", NULL);
  g_assert_cmpint (g_mkdir_with_parents (server, 0755), ==, 0);
  g_assert_cmpint (g_chmod (servers, 0755), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "PRAGMA journal_mode = WAL; "
                                 "CREATE TABLE t (x); INSERT INTO t VALUES (1)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  assert_mode (path, 0644);

  /* As the app and the CLI find an account's database, every time. */
  g_free (path);
  path = jg_paths_database_for_server ("http://127.0.0.1:8438/", "rc-admin", &error);
  g_assert_no_error (error);
  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  write_meta (store, "probe", "1");
  assert_database_private (path);
  assert_mode (dir, 0700);
  assert_mode (accounts, 0700);
  assert_mode (root, 0700);
  assert_mode (servers, 0700);
  assert_mode (server, 0700);
  sqlite3_close (other);
  umask (old_umask);
}

static gint64
largest_file (const char *db_path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  gint64 largest = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (db_path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (file, &st) == 0)
        largest = MAX (largest, (gint64) st.st_size);
    }
  return largest;
}

/* Writes N_BIG_VALUES big values in one transaction, as an import does;
 * FALSE with @error when it fails (rolled back). */
static gboolean
write_big_transaction (JgStore  *store,
                       GError  **error)
{
  g_autofree char *value = g_strnfill (BIG_VALUE_BYTES, 'x');

  if (!jg_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < N_BIG_VALUES; i++)
    {
      g_autofree char *key = g_strdup_printf ("big-%u", i);

      if (!jg_store_set_meta (store, key, value, error))
        {
          jg_store_rollback (store);
          return FALSE;
        }
    }
  if (!jg_store_commit (store, error))
    {
      jg_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* A file-size limit (what a full disk looks like to a process that may
 * not fill a small tmpfs): the write fails with JG_STORE_ERROR_FULL and a
 * message that says so, the database is as before, and once room is back
 * the same write succeeds. */
static void
test_disk_full (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("full");
  g_autofree char *path = g_build_filename (dir, "test.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (path, &error);
  g_autofree char *kept = NULL;
  g_autofree char *big = NULL;
  struct rlimit saved, limited;

  g_assert_no_error (error);
  write_meta (store, "kept", "before");
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = (rlim_t) largest_file (path);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

  g_assert_false (write_big_transaction (store, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "is full"));
  g_assert_nonnull (strstr (error->message, "Nothing of this change was saved"));
  g_clear_error (&error);

  /* As before: nothing of the transaction, and the store still usable. */
  kept = jg_store_get_meta (store, "kept");
  g_assert_cmpstr (kept, ==, "before");
  big = jg_store_get_meta (store, "big-0");
  g_assert_null (big);
  g_assert_true (write_big_transaction (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = jg_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&big, g_free);
  big = jg_store_get_meta (store, "big-7");
  g_assert_cmpuint (strlen (big), ==, BIG_VALUE_BYTES);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (to, contents, (gssize) length, G_FILE_SET_CONTENTS_NONE, 0600,
                            &error);
  g_assert_no_error (error);
}

static void
assert_integrity (JgStore *store)
{
  g_autofree char *result = jg_test_query_text (store, "PRAGMA integrity_check", NULL);
  g_assert_cmpstr (result, ==, "ok");
}

/* A copy taken while a writer is in the middle of a transaction (cp of
 * the account's folder, or of the database alone) opens: with its -wal it
 * holds every committed change; without, those up to the last
 * checkpoint. Neither holds the unfinished transaction. */
static void
test_copy_mid_write (void)
{
  g_autofree char *dir = jg_test_make_tmpdir ("copy");
  g_autofree char *path = g_build_filename (dir, "test.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *alone = g_build_filename (dir, "alone.db", NULL);
  g_autofree char *with_wal = g_build_filename (dir, "with-wal.db", NULL);
  g_autofree char *with_wal_wal = g_strconcat (with_wal, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = jg_store_open (path, &error);
  g_autoptr(JgStore) copy = NULL;
  char *value;

  g_assert_no_error (error);
  write_meta (store, "checkpointed", "yes");
  g_assert_true (jg_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  write_meta (store, "committed", "yes");
  g_assert_true (jg_store_begin (store, &error));
  write_meta (store, "unfinished", "yes");

  copy_file (path, alone);
  copy_file (path, with_wal);
  copy_file (wal, with_wal_wal);
  jg_store_rollback (store);

  copy = jg_store_open (alone, &error);
  g_assert_no_error (error);
  assert_integrity (copy);
  value = jg_store_get_meta (copy, "checkpointed");
  g_assert_cmpstr (value, ==, "yes");
  g_free (value);
  g_assert_null (jg_store_get_meta (copy, "unfinished"));
  write_meta (copy, "after", "writable");
  g_clear_object (&copy);

  copy = jg_store_open (with_wal, &error);
  g_assert_no_error (error);
  assert_integrity (copy);
  value = jg_store_get_meta (copy, "committed");
  g_assert_cmpstr (value, ==, "yes");
  g_free (value);
  g_assert_null (jg_store_get_meta (copy, "unfinished"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  jg_test_isolate_xdg ();

  g_test_add_func ("/store-at-rest/new-account-private", test_new_account_private);
  g_test_add_func ("/store-at-rest/existing-made-private", test_existing_made_private);
  g_test_add_func ("/store-at-rest/disk-full", test_disk_full);
  g_test_add_func ("/store-at-rest/copy-mid-write", test_copy_mid_write);

  return g_test_run ();
}
