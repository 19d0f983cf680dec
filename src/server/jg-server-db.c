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

#include <string.h>

#include "jg-quota.h"

/* A loader (another process) may hold the write lock for a few seconds. */
#define BUSY_TIMEOUT_MS 30000

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

static gboolean
sqlite_error (JgServerDb  *self,
              GError     **error,
              const char  *what)
{
  g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_SQLITE,
               "%s: %s (%s)", what, sqlite3_errmsg (self->db),
               self->path != NULL ? self->path : "database");
  return FALSE;
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
