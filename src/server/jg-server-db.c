/* jg-server-db.c — the reference server's store: the connection and its statements
 *
 * The schema is in jg-server-db-schema.c, the feeds' reading in
 * jg-server-feed.c, catalogue files in jg-server-catalogue-loader.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-db.h"
#include "jg-server-db-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "jg-disk.h"
#include "jg-quota.h"

/* A loader (another process) may hold the write lock for a few seconds. */
#define BUSY_TIMEOUT_MS 30000

/* Everything the server writes holds the departments' records and the
 * accounts' password hashes: its owner's only (SECURITY.md). */
#define PRIVATE_DIR_MODE  0700
#define PRIVATE_FILE_MODE 0600
#define GROUP_OTHER_BITS  0077

/* The statuses of jg_server_db_error_status (); the store does not
 * include libsoup. */
#define STATUS_INSUFFICIENT_STORAGE 507
#define STATUS_SERVICE_UNAVAILABLE  503
#define STATUS_SERVER_ERROR         500

G_DEFINE_QUARK (jg-server-db-error-quark, jg_server_db_error)

static const char * const feeds[] = { "codes", "catalogue", NULL };
G_STATIC_ASSERT (G_N_ELEMENTS (feeds) == JG_SERVER_N_FEEDS + 1);

G_DEFINE_FINAL_TYPE (JgServerDb, jg_server_db, G_TYPE_OBJECT)

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
jg_server_db_finalize (GObject *object)
{
  JgServerDb *self = JG_SERVER_DB (object);

  sqlite3_finalize (self->stmt_find);
  sqlite3_finalize (self->stmt_delete);
  sqlite3_finalize (self->stmt_insert);
  sqlite3_finalize (self->stmt_latest);
  sqlite3_finalize (self->stmt_has_data);
  sqlite3_finalize (self->stmt_page);
  g_clear_pointer (&self->cached, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (jg_server_db_parent_class)->finalize (object);
}

static void
jg_server_db_class_init (JgServerDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_server_db_finalize;
}

static void
jg_server_db_init (JgServerDb *self)
{
  self->cached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        finalize_stmt);
}

/* What the last failure of @db (the database at @path) means to a
 * client: a full disk (SQLite's SQLITE_FULL, or an I/O error that ran out
 * of room, as a file-size limit gives: jg-disk.c), a read-only file, or
 * anything else. */
static JgServerDbError
error_code_of (sqlite3    *db,
               const char *path)
{
  int rc = sqlite3_errcode (db) & 0xff;
  int system_errno = sqlite3_system_errno (db);

  if (rc == SQLITE_FULL || (rc == SQLITE_IOERR && jg_disk_out_of_room (system_errno, path)))
    return JG_SERVER_DB_ERROR_FULL;
  if (rc == SQLITE_READONLY ||
      ((rc == SQLITE_IOERR || rc == SQLITE_CANTOPEN) && system_errno == EROFS))
    return JG_SERVER_DB_ERROR_READ_ONLY;
  return JG_SERVER_DB_ERROR_SQLITE;
}

static gboolean
sqlite_error (JgServerDb  *self,
              GError     **error,
              const char  *what)
{
  g_set_error (error, JG_SERVER_DB_ERROR, error_code_of (self->db, self->path),
               "%s: %s (%s)", what, sqlite3_errmsg (self->db),
               self->path != NULL ? self->path : "database");
  return FALSE;
}

guint
jg_server_db_error_status (const GError  *error,
                           const char   **word,
                           const char   **message)
{
  if (g_error_matches (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_FULL))
    {
      *word = "storage-full";
      *message = "The server's disk is full; nothing of this request was stored. Try again later";
      return STATUS_INSUFFICIENT_STORAGE;
    }
  if (g_error_matches (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_READ_ONLY))
    {
      *word = "storage-read-only";
      *message = "The server's database is read-only; nothing of this request was stored. "
                 "Try again later";
      return STATUS_SERVICE_UNAVAILABLE;
    }
  *word = "server-error";
  *message = "The server's database failed";
  return STATUS_SERVER_ERROR;
}

gboolean
jg_server_db_file_failed (GError     **error,
                          int          saved_errno,
                          const char  *what,
                          const char  *path)
{
  JgServerDbError code = JG_SERVER_DB_ERROR_FILE;

  if (jg_disk_out_of_room (saved_errno, NULL))
    code = JG_SERVER_DB_ERROR_FULL;
  else if (saved_errno == EROFS)
    code = JG_SERVER_DB_ERROR_READ_ONLY;
  g_set_error (error, JG_SERVER_DB_ERROR, code, "%s %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
make_private (const char  *path,
              GStatBuf    *st,
              GError     **error)
{
  int saved;

  if ((st->st_mode & GROUP_OTHER_BITS) == 0 ||
      g_chmod (path, S_ISDIR (st->st_mode) ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE) == 0)
    return TRUE;
  saved = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               "Could not make %s private: %s", path, g_strerror (saved));
  return FALSE;
}

gboolean
jg_server_data_dir_make_private (const char  *dir,
                                 GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;
  GStatBuf st;

  /* lstat: a symbolic link is left alone, and never followed. */
  if (g_lstat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    return TRUE;
  if (!make_private (dir, &st, error))
    return FALSE;
  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return FALSE;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_lstat (path, &st) != 0 || S_ISLNK (st.st_mode))
        continue;
      if (S_ISDIR (st.st_mode) ? !jg_server_data_dir_make_private (path, error)
                               : !make_private (path, &st, error))
        return FALSE;
    }
  return TRUE;
}

/* Creates the database file 0600 before SQLite does (SQLite gives its
 * -wal and -shm the database's mode), and makes an existing one and
 * those private. O_EXCL: an existing file is never opened here, as
 * closing a descriptor would drop SQLite's POSIX locks of this process. */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  int fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, PRIVATE_FILE_MODE);

  if (fd >= 0)
    close (fd);
  else if (errno != EEXIST)
    {
      int saved = errno;
      g_set_error (error, JG_SERVER_DB_ERROR,
                   saved == EROFS ? JG_SERVER_DB_ERROR_READ_ONLY : JG_SERVER_DB_ERROR_SQLITE,
                   "Could not create %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_lstat (file, &st) == 0 && S_ISREG (st.st_mode) && !make_private (file, &st, error))
        return FALSE;
    }
  return TRUE;
}

/* For constant SQL only: nothing here carries a value. */
static gboolean
exec_sql (JgServerDb  *self,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sqlite_error (self, error, sql);
  return TRUE;
}

static gboolean
prepare (JgServerDb    *self,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (self->db, sql, -1, stmt, NULL) != SQLITE_OK)
    return sqlite_error (self, error, "Could not prepare a statement");
  return TRUE;
}

/* jg_quota_day (unix seconds): the Shanghai day number of jg_quota_day_of,
 * so that the quota query counts days exactly as the client does (NULL
 * stays NULL, and COUNT skips it). */
static void
sql_quota_day (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  sqlite3_result_int64 (context, jg_quota_day_of (sqlite3_value_int64 (argv[0])));
}

JgServerDb *
jg_server_db_open (const char  *path,
                   GError     **error)
{
  g_autoptr(JgServerDb) self = g_object_new (JG_TYPE_SERVER_DB, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  if (!create_private (path, error))
    return NULL;
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      if (self->db == NULL)
        {
          g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_SQLITE,
                       "Could not open %s: out of memory", path);
          return NULL;
        }
      sqlite_error (self, error, "Could not open the database");
      return NULL;
    }

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_create_function (self->db, "jg_quota_day", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, sql_quota_day, NULL, NULL);

  /* page_size only takes on a new database; big pages suit the long
   * entity texts (about 10% faster loads than 4 KiB). */
  if (!exec_sql (self, "PRAGMA page_size = 16384", error) ||
      !exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec_sql (self, "PRAGMA cache_size = -65536", error) ||
      !exec_sql (self, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  if (!jg_server_db_migrate (self, error))
    return NULL;

  if (!prepare (self,
                "SELECT seq, op, data FROM change"
                " WHERE feed = ?1 AND type = ?2 AND key = ?3",
                &self->stmt_find, error) ||
      !prepare (self, "DELETE FROM change WHERE seq = ?1",
                &self->stmt_delete, error) ||
      !prepare (self,
                "INSERT INTO change (feed, type, key, op, data)"
                " VALUES (?1, ?2, ?3, ?4, ?5)",
                &self->stmt_insert, error) ||
      !prepare (self,
                "SELECT seq FROM change WHERE feed = ?1"
                " ORDER BY seq DESC LIMIT 1",
                &self->stmt_latest, error) ||
      !prepare (self,
                "SELECT 1 FROM change WHERE feed = ?1 AND op = 'put' LIMIT 1",
                &self->stmt_has_data, error) ||
      /* Walks the (feed, seq) index from `since`: O(page), plus any
       * tombstones skipped when ?3 is 0. */
      !prepare (self,
                "SELECT seq, type, key, op, data FROM change"
                " WHERE feed = ?1 AND seq > ?2 AND (?3 OR op = 'put')"
                " ORDER BY seq LIMIT ?4",
                &self->stmt_page, error))
    return NULL;

  return g_steal_pointer (&self);
}

sqlite3 *
jg_server_db_get_sqlite (JgServerDb *self)
{
  return self->db;
}

gboolean
jg_server_db_fail (JgServerDb  *self,
                   GError     **error,
                   const char  *what)
{
  return sqlite_error (self, error, what);
}

gboolean
jg_server_db_exec (JgServerDb  *self,
                   const char  *sql,
                   GError     **error)
{
  return exec_sql (self, sql, error);
}

void
jg_server_db_rollback (JgServerDb *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
jg_server_db_prepare_cached (JgServerDb  *self,
                             const char  *sql,
                             GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->cached, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (!prepare (self, sql, &stmt, error))
    return NULL;
  g_hash_table_insert (self->cached, g_strdup (sql), stmt);
  return stmt;
}

const char *
jg_server_db_get_path (JgServerDb *self)
{
  g_return_val_if_fail (JG_IS_SERVER_DB (self), NULL);
  return self->path;
}

gboolean
jg_server_db_is_feed (const char *feed)
{
  return feed != NULL && g_strv_contains (feeds, feed);
}

const char * const *
jg_server_db_get_feeds (void)
{
  return feeds;
}
