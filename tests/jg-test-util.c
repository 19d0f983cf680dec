/* jg-test-util.c — helpers shared by the C tests and the benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>
#include <stdlib.h>

#include "jg-record-store.h"
#include "jg-test-util.h"
#include "jg-store-private.h"

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

const char *
jg_test_server_binary (void)
{
  const char *bin = g_getenv ("JIANGUAN_SERVER_BIN");

  if (bin == NULL || *bin == '\0')
    g_error ("JIANGUAN_SERVER_BIN is not set: run the tests through meson");

  return bin;
}

static char *
wait_for_url (JgTestServer  *server,
              GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *log = NULL;
      const char *found;

      if (g_file_get_contents (server->log_path, &log, NULL, NULL) &&
          (found = strstr (log, "listening on ")) != NULL)
        {
          const char *start = found + strlen ("listening on ");
          const char *end = strchr (start, '\n');

          if (end != NULL)
            return g_strndup (start, end - start);
        }

      /* The identifier goes away once the process has exited. */
      if (g_subprocess_get_identifier (server->process) == NULL)
        break;

      g_usleep (20 * 1000);
    }

  {
    g_autofree char *log = NULL;
    g_file_get_contents (server->log_path, &log, NULL, NULL);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "jianguan-server did not start; its log:\n%s", log ? log : "(none)");
  }
  return NULL;
}

JgTestServer *
jg_test_server_try_start (const char         *data_dir,
                          const char * const *extra_args,
                          GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  JgTestServer *server = g_new0 (JgTestServer, 1);
  static guint counter;

  server->data_dir = g_strdup (data_dir);
  server->log_path = g_strdup_printf ("%s/server-%u-%u.log", data_dir, getpid (), counter++);

  g_ptr_array_add (argv, (char *) jg_test_server_binary ());
  g_ptr_array_add (argv, (char *) "--data");
  g_ptr_array_add (argv, (char *) data_dir);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  /* Under the sanitizers the server suite checks the server's leaks (with
   * the slow unwinder libsoup's suppressions need): here the test's own. */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *options = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":detect_leaks=0", NULL);
      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }
  /* A test that fails an assertion aborts without stopping its server:
   * the server goes with it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher,
                                                  (const char * const *) argv->pdata,
                                                  error);
  if (server->process == NULL)
    {
      jg_test_server_stop (server);
      return NULL;
    }

  server->url = wait_for_url (server, error);
  if (server->url == NULL)
    {
      jg_test_server_stop (server);
      return NULL;
    }

  return server;
}

JgTestServer *
jg_test_server_start (const char         *data_dir,
                      const char * const *extra_args)
{
  g_autoptr(GError) error = NULL;
  JgTestServer *server = jg_test_server_try_start (data_dir, extra_args, &error);

  g_assert_no_error (error);
  g_assert_nonnull (server);
  return server;
}

void
jg_test_server_stop (JgTestServer *server)
{
  if (server == NULL)
    return;

  if (server->process != NULL)
    {
      g_subprocess_send_signal (server->process, SIGTERM);
      g_subprocess_wait (server->process, NULL, NULL);
      /* SIGTERM is a clean shutdown: anything else (a crash, a sanitizer's
       * report) fails the test, with the server's log. Not when it did not
       * come up: _try_start reports that. */
      if (server->url != NULL && !g_subprocess_get_successful (server->process))
        {
          g_autofree char *log = NULL;

          g_file_get_contents (server->log_path, &log, NULL, NULL);
          g_printerr ("jianguan-server did not exit cleanly; its log:\n%s\n",
                      log ? log : "(none)");
          g_error ("jianguan-server did not exit cleanly on SIGTERM");
        }
      g_object_unref (server->process);
    }

  g_free (server->url);
  g_free (server->data_dir);
  g_free (server->log_path);
  g_free (server);
}

void
jg_test_server_load (const char *data_dir,
                     const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              jg_test_server_binary (), "load", "--data", data_dir, file, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* The folders jg_test_make_tmpdir () made, removed when the program ends.
 * A failed assertion aborts, which leaves them to look at. */
static GPtrArray *made_dirs;

void
jg_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          jg_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
remove_made_dirs (void)
{
  for (guint i = 0; i < made_dirs->len; i++)
    jg_test_remove_tree (made_dirs->pdata[i]);
  g_clear_pointer (&made_dirs, g_ptr_array_unref);
}

char *
jg_test_make_tmpdir (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("jianguan-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  if (made_dirs == NULL)
    {
      made_dirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_made_dirs);
    }
  g_ptr_array_add (made_dirs, g_strdup (dir));
  return dir;
}

void
jg_test_isolate_xdg (void)
{
  /* GLib reads the XDG folders once per process and keeps them (its own
   * G_TEST_OPTION_ISOLATE_DIRS sets them anew for each case, but leaks
   * the old values on purpose, which LeakSanitizer reports), so the
   * program keeps its first home, and later calls empty it. */
  static const char *const folders[] = { "data", "config", "cache" };
  static char *home;
  static guint emptied;

  if (home == NULL)
    home = jg_test_make_tmpdir ("home");

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (home, folders[i], NULL);
      g_autofree char *old = g_strdup_printf ("%s.old-%u", path, emptied++);
      g_autofree char *variable = g_ascii_strup (folders[i], -1);
      g_autofree char *name = g_strdup_printf ("XDG_%s_HOME", variable);

      /* Moved aside first: a thread of the case before, still ending, may
       * write into it (under its own server's name) while it is removed. */
      if (g_rename (path, old) == 0)
        jg_test_remove_tree (old);
      if (g_mkdir (path, 0700) != 0)
        g_assert_cmpint (errno, ==, EEXIST);
      g_setenv (name, path, TRUE);
    }
  g_unsetenv ("JIANGUAN_SERVER");
}

char *
jg_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

char *
jg_test_use_chinese (void)
{
  const char *localedir = g_getenv ("JIANGUAN_LOCALEDIR");
  char *saved = g_strdup (setlocale (LC_ALL, NULL));

  if (localedir == NULL || setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      setlocale (LC_ALL, saved);
      g_free (saved);
      if (g_getenv ("CI") != NULL)
        g_error ("No zh_CN.UTF-8 locale or JIANGUAN_LOCALEDIR: build-aux/install-deps.sh sets both up");
      g_test_skip ("no zh_CN.UTF-8 locale here");
      return NULL;
    }
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  return saved;
}

void
jg_test_restore_locale (char *saved)
{
  if (saved == NULL)
    return;
  setlocale (LC_ALL, saved);
  g_free (saved);
}

/* The first column of the first row of @sql, with @arg1 and @arg2 (where
 * not NULL) bound to ?1 and ?2, as text; or NULL. */
static char *
query_text2 (JgStore    *store,
             const char *sql,
             const char *arg1,
             const char *arg2)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = jg_store_prepare (store, sql, &error);
  char *text = NULL;

  g_assert_no_error (error);
  if (arg1 != NULL)
    sqlite3_bind_text (stmt, 1, arg1, -1, SQLITE_TRANSIENT);
  if (arg2 != NULL)
    sqlite3_bind_text (stmt, 2, arg2, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

char *
jg_test_query_text (JgStore    *store,
                    const char *sql,
                    const char *arg)
{
  return query_text2 (store, sql, arg, NULL);
}

/* query_text2(), aborting when there is no answer. */
static char *
demo_lookup (JgStore    *store,
             const char *sql,
             const char *arg1,
             const char *arg2)
{
  char *text = query_text2 (store, sql, arg1, arg2);

  if (text == NULL)
    g_error ("The demo catalogue lacks what a valid inspection needs: %s", sql);
  return text;
}

JgRecord *
jg_test_demo_inspection (JgStore    *store,
                         const char *department,
                         const char *number,
                         const char *date)
{
  g_autofree char *item = NULL, *impl = NULL, *officers = NULL;
  JgRecord *record;

  item = demo_lookup (store,
                      "SELECT s.code FROM sub_item s"
                      " WHERE s.action_type = '0' AND s.status = '01'"
                      "   AND coalesce (s.effective_date, '') <= ?1"
                      "   AND (coalesce (s.cancel_date, '') = '' OR s.cancel_date > ?1)"
                      "   AND EXISTS (SELECT 1 FROM impl_entry e WHERE e.sub_item = s.code)"
                      " ORDER BY s.department IS NOT ?2, s.code LIMIT 1", date, department);
  impl = demo_lookup (store, "SELECT min (code) FROM impl_entry WHERE sub_item = ?1", item, NULL);
  officers = demo_lookup (store,
                          "SELECT group_concat (id, ';') FROM (SELECT id FROM officer"
                          " WHERE cert_no <> '' AND cert_valid_from <= ?1 AND cert_valid_to >= ?1"
                          " ORDER BY department IS NOT ?2, id LIMIT 2)", date, department);

  record = jg_record_new (JG_RECORD_INSPECTION, department);
  jg_record_set (record, "catalogue_code", item);
  jg_record_set (record, "object_type", "1");
  jg_record_set (record, "object_name", "榕城区某食品店");
  jg_record_set (record, "party_name", "揭阳市某某食品有限公司");
  jg_record_set (record, "party_nature", "02");
  jg_record_set (record, "party_doc_type", "001");
  jg_record_set (record, "party_code", "91440300708461136T");
  jg_record_set (record, "region", "445202");
  jg_record_set (record, "impl_code", impl);
  jg_record_set (record, "name", "食品经营日常监督检查");
  jg_record_set (record, "number", number);
  jg_record_set (record, "check_form", "01");
  jg_record_set (record, "check_category", "01");
  jg_record_set (record, "check_result", "01");
  jg_record_set (record, "check_time", date);
  jg_record_set (record, "officers", officers);
  return record;
}

void
jg_test_save_ready (JgStore  *store,
                    JgRecord *record)
{
  g_autoptr(GError) error = NULL;

  jg_record_store_save (store, record, "test", &error);
  g_assert_no_error (error);
  jg_record_store_set_state (store, record, JG_RECORD_STATE_READY, "test", &error);
  g_assert_no_error (error);
}

gint64
jg_test_query_int (const char *db_path,
                   const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}
