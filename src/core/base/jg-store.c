/* jg-store.c — one SQLite connection to an account's local database
 *
 * The catalogue is the same for every account of a server, so it lives
 * once per server (jg_paths_catalogue_for_database(): servers/<host-port>/
 * catalogue.db) and every account's connection ATTACHes it as "catalogue".
 * SQLite looks an unqualified table up in main first, then in the attached
 * databases, so the catalogue's readers (jg-catalogue.c, the records'
 * validation context, queries that join records to items) name its tables
 * as before; its triggers and FTS5 tables live in the cache itself, beside
 * their content, as SQLite requires. The catalogue sync writes the cache on
 * a connection of its own (jg_store_open_catalogue()), and an account's
 * transactions lock the account's file only (see jg_store_begin()), so
 * that two accounts of one server in two programs (the app and the CLI)
 * wait for each other only while one of them writes the catalogue, and
 * then within the busy timeout. Both files are in WAL mode: readers never
 * wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "jg-disk.h"
#include "jg-migrations.h"
#include "jg-paths.h"
#include "jg-search-grams-private.h"
#include "jg-search-private.h"
#include "jg-store.h"
#include "jg-store-private.h"

/* How long a statement waits for another connection's write lock before
 * reporting the database as in use. */
#define BUSY_TIMEOUT_MS 5000

/* The name an account's connection gives the server's catalogue cache;
 * jg-migrations.c (step 10) uses it too. */
#define CATALOGUE_SCHEMA "catalogue"

typedef enum {
  SCHEMA_ACCOUNT,    /* records &c., with the server's cache attached */
  SCHEMA_CATALOGUE,  /* the server's catalogue cache itself */
} Schema;

struct _JgStore
{
  GObject     parent_instance;
  char       *path;
  char       *catalogue_path;  /* the attached cache; NULL on the cache's own connection */
  sqlite3    *db;
  GHashTable *statements;  /* SQL text → sqlite3_stmt* */
  Schema      schema;
  int         schema_version;
  guint       depth;        /* open jg_store_begin () levels */
  gboolean    lock_main_only;  /* see jg_store_begin () */
};

G_DEFINE_FINAL_TYPE (JgStore, jg_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (jg-store-error-quark, jg_store_error)

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
jg_store_finalize (GObject *object)
{
  JgStore *self = JG_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->catalogue_path);

  G_OBJECT_CLASS (jg_store_parent_class)->finalize (object);
}

static void
jg_store_class_init (JgStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_store_finalize;
}

static void
jg_store_init (JgStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            g_free, finalize_statement);
}

/* Whether a failed write ran out of room: SQLite says SQLITE_FULL for a
 * full disk, but a file-size limit (EFBIG) or a quota (EDQUOT) reach us
 * as an I/O error (jg-disk.c). */
static gboolean
is_out_of_room (int         rc,
                int         system_errno,
                const char *path)
{
  return rc == SQLITE_FULL || (rc == SQLITE_IOERR && jg_disk_out_of_room (system_errno, path));
}

static gboolean
is_read_only (int rc,
              int system_errno)
{
  return rc == SQLITE_READONLY || rc == SQLITE_PERM ||
         ((rc == SQLITE_IOERR || rc == SQLITE_CANTOPEN) &&
          (system_errno == EROFS || system_errno == EACCES || system_errno == EPERM));
}

static gboolean
set_error_for_code (GError    **error,
                    const char *path,
                    int         rc,
                    int         system_errno,
                    const char *detail)
{
  g_autofree char *display = g_filename_display_name (path);

  rc &= 0xff;
  if (is_out_of_room (rc, system_errno, path))
    {
      /* A transaction that fails is rolled back whole (jg_store_begin's
       * callers roll back on every error), so "nothing" is true. */
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_FULL,
                   _("The disk holding “%s” is full. Nothing of this change was saved; "
                     "free some space and try again."), display);
      return FALSE;
    }
  if (is_read_only (rc, system_errno))
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_READ_ONLY,
                   _("The database “%s” or its folder is read-only. Nothing was saved; "
                     "make it writable (or copy it to a writable folder) and try again."),
                   display);
      return FALSE;
    }

  switch (rc)
    {
    case SQLITE_NOTADB:
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_DATABASE,
                   _("The file “%s” is not a Jianguan database. It was left untouched."),
                   display);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_LOCKED,
                   _("The database “%s” is in use by another program. Close the other program and try again."),
                   display);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged (%s)."), display, detail);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IO,
                   _("Cannot read or write the database “%s”: %s."), display, detail);
      break;
    default:
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_FAILED,
                   _("The database “%s” reported an error: %s."), display, detail);
      break;
    }

  return FALSE;
}

gboolean
jg_store_set_error (JgStore  *self,
                    GError  **error,
                    int       rc)
{
  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  return set_error_for_code (error, self->path, rc,
                             self->db ? sqlite3_system_errno (self->db) : 0,
                             self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
}

sqlite3_stmt *
jg_store_prepare (JgStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      jg_store_set_error (self, error, rc);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
jg_store_exec (JgStore     *self,
               const char  *sql,
               GError     **error)
{
  int rc;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return jg_store_set_error (self, error, rc);

  return TRUE;
}

gboolean
jg_store_begin (JgStore  *self,
                GError  **error)
{
  if (self->depth > 0)
    {
      /* Inside a caller's transaction: a savepoint, so that an import's
       * many saves are one transaction. */
      if (!jg_store_exec (self, "SAVEPOINT jg_nested", error))
        return FALSE;
      self->depth++;
      return TRUE;
    }
  if (!self->lock_main_only)
    {
      if (!jg_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  /* BEGIN IMMEDIATE takes the write lock of every attached database, the
   * server's catalogue cache included: saving a record would then wait
   * for another account's catalogue download in another program, and give
   * up after BUSY_TIMEOUT_MS. A deferred transaction whose first statement
   * writes main (a DELETE that matches nothing still takes the lock, and
   * waits for it as BEGIN IMMEDIATE does) locks this account's file only;
   * as nothing was read before, no snapshot has to be upgraded. */
  else if (!jg_store_exec (self, "BEGIN DEFERRED; DELETE FROM main.meta WHERE 0", error))
    {
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  self->depth = 1;
  return TRUE;
}

gboolean
jg_store_commit (JgStore  *self,
                 GError  **error)
{
  if (self->depth > 1)
    {
      if (!jg_store_exec (self, "RELEASE jg_nested", error))
        return FALSE;
      self->depth--;
      return TRUE;
    }
  if (!jg_store_exec (self, "COMMIT", error))
    return FALSE;
  self->depth = 0;
  return TRUE;
}

void
jg_store_rollback (JgStore *self)
{
  g_return_if_fail (JG_IS_STORE (self));

  if (self->depth > 1)
    {
      sqlite3_exec (self->db, "ROLLBACK TO jg_nested; RELEASE jg_nested", NULL, NULL, NULL);
      self->depth--;
      return;
    }
  self->depth = 0;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
jg_store_step_done (JgStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return jg_store_set_error (self, error, rc);
  return TRUE;
}

void
jg_store_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

GPtrArray *
jg_store_read_rows (JgStore         *self,
                    sqlite3_stmt    *stmt,
                    JgStoreReadRow   read_row,
                    GDestroyNotify   free_item,
                    GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_item);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer item = read_row (self, stmt);

      if (item != NULL)
        g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&items);
}

gboolean
jg_store_has_row (JgStore    *self,
                  const char *sql,
                  const char *text)
{
  sqlite3_stmt *stmt = jg_store_prepare (self, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, text);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static int
read_user_version (JgStore  *self,
                   GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;
  int version;

  /* Not cached: the first statement also tells a non-database file apart. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      jg_store_set_error (self, error, rc);
      return -1;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      jg_store_set_error (self, error, rc);
      sqlite3_finalize (stmt);
      return -1;
    }

  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* ATTACHes the server's catalogue cache, created and brought to its
 * latest schema first on a connection of its own. From then on the
 * account's transactions lock its own file only (see jg_store_begin ()):
 * meta, which that needs, is there from step 1, and the cache is locked
 * only by what writes it. */
static gboolean
attach_catalogue (JgStore  *self,
                  GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  self->catalogue_path = jg_paths_catalogue_for_database (self->path);
  {
    g_autoptr(JgStore) cache = jg_store_open_catalogue (self, error);

    if (cache == NULL)
      return FALSE;
  }

  rc = sqlite3_prepare_v2 (self->db, "ATTACH DATABASE ?1 AS " CATALOGUE_SCHEMA, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return jg_store_set_error (self, error, rc);
  sqlite3_bind_text (stmt, 1, self->catalogue_path, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_error_for_code (error, self->catalogue_path, rc, sqlite3_system_errno (self->db),
                               sqlite3_errmsg (self->db));

  if (!jg_store_exec (self, "PRAGMA " CATALOGUE_SCHEMA ".synchronous = NORMAL", error))
    return FALSE;
  self->lock_main_only = self->schema_version >= 1;
  return TRUE;
}

static int
latest_version (Schema schema)
{
  return schema == SCHEMA_CATALOGUE ? jg_migrations_catalogue_latest ()
                                    : jg_store_latest_schema_version ();
}

static gboolean
migrate (JgStore  *self,
         int       target,
         GError  **error)
{
  for (int v = self->schema_version + 1; v <= target; v++)
    {
      g_autofree char *bump = NULL;
      int current;
      gboolean ok;

      /* ATTACH cannot run inside a transaction; before the step that
       * hands the account's catalogue over, nothing needs the cache. */
      if (self->schema == SCHEMA_ACCOUNT && self->catalogue_path == NULL &&
          jg_migrations_needs_catalogue (v) && !attach_catalogue (self, error))
        return FALSE;

      if (!jg_store_begin (self, error))
        return FALSE;

      /* Another program may have migrated the file since we read its
       * version (two accounts open the same catalogue cache). */
      current = read_user_version (self, error);
      if (current < 0)
        {
          jg_store_rollback (self);
          return FALSE;
        }
      if (current >= v)
        {
          if (!jg_store_commit (self, error))
            return FALSE;
          self->schema_version = current;
          v = current;
          continue;
        }

      if (self->schema == SCHEMA_CATALOGUE)
        ok = jg_migrations_apply_catalogue (self, v, error);
      else
        ok = jg_migrations_apply (self, v, error);
      if (!ok)
        {
          jg_store_rollback (self);
          return FALSE;
        }

      bump = g_strdup_printf ("PRAGMA user_version = %d", v);
      if (!jg_store_exec (self, bump, error) || !jg_store_commit (self, error))
        {
          jg_store_rollback (self);
          return FALSE;
        }

      self->schema_version = v;
    }

  return TRUE;
}

static gboolean
ensure_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (dir);
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IO,
                   _("Cannot create the folder “%s”: %s."), display, g_strerror (saved));
      return FALSE;
    }

  /* Create the file ourselves so that it is private from the first byte:
   * SQLite gives the -wal and -shm files the same mode.
   *
   * Never open an existing database here: closing any descriptor of a file
   * drops all the POSIX locks this process holds on it, those of SQLite's
   * connections included (the "posix advisory locks" caveat of SQLite's
   * howtocorrupt.html). Another program would then take itself for the
   * database's last user and delete the WAL under our connections. O_EXCL
   * opens only a file that did not exist, which nobody can hold locks on. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return TRUE;    /* created meanwhile, by a thread or another program */
  if (fd < 0)
    {
      int saved = errno;
      return set_error_for_code (error, path, SQLITE_CANTOPEN, saved, g_strerror (saved));
    }
  close (fd);

  return TRUE;
}

/* A database an older Jianguan or a copy left readable by others, with
 * its -wal and -shm (SQLite gives them the database's mode when it
 * creates them, but keeps the mode of those that are there). chmod()
 * opens nothing, so no lock is lost (see ensure_file ()). */
static void
make_files_private (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      jg_paths_make_private (file);
    }
}

static JgStore *
store_open (const char  *path,
            Schema       schema,
            int          target_version,
            gboolean     create,
            GError     **error)
{
  g_autoptr(JgStore) self = NULL;
  int flags = SQLITE_OPEN_READWRITE;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (create && !ensure_file (path, error))
    return NULL;
  make_files_private (path);
  if (schema == SCHEMA_ACCOUNT)
    {
      g_autofree char *images = jg_paths_images_for_database (path);
      jg_paths_make_private (images);
    }

  self = g_object_new (JG_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->schema = schema;

  rc = sqlite3_open_v2 (path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_for_code (error, path, rc, self->db ? sqlite3_system_errno (self->db) : 0,
                          self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 0);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* SQLite falls back to reading a file it may not write (a read-only
   * mount, another user's file): every save would then fail later, and
   * a WAL database cannot even be read without its -shm. Say so now. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      set_error_for_code (error, path, SQLITE_READONLY, 0, "");
      return NULL;
    }

  /* Read the version before anything writes: a database from a newer
   * Jianguan, or a file that is not a database at all, is left untouched. */
  self->schema_version = read_user_version (self, error);
  if (self->schema_version < 0)
    return NULL;

  if (self->schema_version > latest_version (schema))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Jianguan "
                     "(format %d; this version reads up to %d). Update Jianguan to open it. "
                     "The file was left untouched."),
                   display, self->schema_version, latest_version (schema));
      return NULL;
    }

  if (!jg_search_register (self->db, error))
    return NULL;

  if (!jg_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !jg_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !jg_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (target_version > self->schema_version && !migrate (self, target_version, error))
    return NULL;

  if (schema == SCHEMA_ACCOUNT && self->catalogue_path == NULL && !attach_catalogue (self, error))
    return NULL;

  if (schema == SCHEMA_ACCOUNT && !jg_search_index_attach (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

JgStore *
jg_store_open (const char  *path,
               GError     **error)
{
  return store_open (path, SCHEMA_ACCOUNT, jg_store_latest_schema_version (), TRUE, error);
}

JgStore *
jg_store_open_catalogue (JgStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);
  g_return_val_if_fail (self->catalogue_path != NULL, NULL);

  return store_open (self->catalogue_path, SCHEMA_CATALOGUE, jg_migrations_catalogue_latest (),
                     TRUE, error);
}

const char *
jg_store_get_catalogue_path (JgStore *self)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  return self->catalogue_path;
}

JgStore *
jg_store_open_existing (const char  *path,
                        GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IO,
                   _("There is no local catalogue at “%s” yet. Sync with the server first."),
                   display);
      return NULL;
    }

  return store_open (path, SCHEMA_ACCOUNT, jg_store_latest_schema_version (), FALSE, error);
}

JgStore *
jg_store_open_at_version (const char  *path,
                          int          version,
                          GError     **error)
{
  g_return_val_if_fail (version >= 0 && version <= jg_store_latest_schema_version (), NULL);

  return store_open (path, SCHEMA_ACCOUNT, version, TRUE, error);
}

int
jg_store_get_schema_version (JgStore *self)
{
  g_return_val_if_fail (JG_IS_STORE (self), -1);

  return self->schema_version;
}

const char *
jg_store_get_path (JgStore *self)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  return self->path;
}

sqlite3 *
jg_store_get_db (JgStore *self)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  return self->db;
}

/* One meta value, on the store's connection or a peek's own. */
#define META_SELECT "SELECT value FROM meta WHERE key = ?1"

char *
jg_store_get_meta (JgStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (self, META_SELECT, NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      return value;
    }

  sqlite3_reset (stmt);
  return NULL;
}

char *
jg_store_peek_meta (const char *path,
                    const char *key)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_return_val_if_fail (path != NULL && key != NULL, NULL);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      if (sqlite3_prepare_v2 (db, META_SELECT, -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

gboolean
jg_store_set_meta (JgStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (self,
                           "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (self, error, rc);

  return TRUE;
}
