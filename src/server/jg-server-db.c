/* jg-server-db.c — the reference server's store: change log and catalogue files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-db.h"
#include "jg-server-db-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#define SCHEMA_VERSION 2
#define CATALOGUE_FORMAT "jianguan-catalogue/1"

G_DEFINE_QUARK (jg-server-db-error-quark, jg_server_db_error)

/* The entity kinds, in the order a file is applied: referenced entities
 * (codes, departments, items, …) get lower seqs than the ones that refer to
 * them. Deletions go the other way round. */
typedef enum {
  KIND_CODE,
  KIND_DEPARTMENT,
  KIND_ITEM,
  KIND_SUBITEM,
  KIND_IMPLEMENTATION,
  KIND_OFFICER,
  N_KINDS
} Kind;

static const struct {
  const char *array;    /* member of a catalogue file */
  const char *type;     /* `type` in the change log */
  const char *feed;
} kinds[N_KINDS] = {
  [KIND_CODE] = { "codes", "code", "codes" },
  [KIND_DEPARTMENT] = { "departments", "department", "catalogue" },
  [KIND_ITEM] = { "items", "item", "catalogue" },
  [KIND_SUBITEM] = { "subitems", "subitem", "catalogue" },
  [KIND_IMPLEMENTATION] = { "implementations", "implementation", "catalogue" },
  [KIND_OFFICER] = { "officers", "officer", "catalogue" },
};

static const char * const feeds[] = { "codes", "catalogue", NULL };

static guint
feed_index (const char *feed)
{
  for (guint i = 0; feeds[i] != NULL; i++)
    if (strcmp (feeds[i], feed) == 0)
      return i;
  g_assert_not_reached ();
}

struct _JgServerDb
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;

  sqlite3_stmt *stmt_find;      /* seq, op, data of one entity */
  sqlite3_stmt *stmt_delete;    /* drop one row by seq */
  sqlite3_stmt *stmt_insert;    /* append a change */
  sqlite3_stmt *stmt_latest;    /* highest seq of a feed */
  sqlite3_stmt *stmt_has_data;  /* any put in a feed? */
  sqlite3_stmt *stmt_page;      /* one page of a feed */

  GHashTable *cached;           /* SQL text -> sqlite3_stmt*, see prepare_cached */
};

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

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS change ("
  "  seq  INTEGER PRIMARY KEY AUTOINCREMENT,"  /* never reused: see header */
  "  feed TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  key  TEXT NOT NULL,"
  "  op   TEXT NOT NULL CHECK (op IN ('put', 'delete')),"
  "  data TEXT,"                                /* compact JSON; NULL for delete */
  "  UNIQUE (feed, type, key)"
  ");"
  "CREATE INDEX IF NOT EXISTS change_feed_seq ON change (feed, seq);";

/* Version 2: accounts, tokens and pushed records. The state of each record
 * (accepted/rejected) is a `record` entity in the change log, in the feed
 * "records/<department code>". */
static const char schema_v2_sql[] =
  "CREATE TABLE IF NOT EXISTS account ("
  "  username   TEXT PRIMARY KEY,"
  "  department TEXT NOT NULL,"
  "  role       TEXT NOT NULL CHECK (role IN ('admin', 'reviewer')),"
  "  pwhash     TEXT NOT NULL,"                 /* crypto_pwhash_str */
  "  created    INTEGER NOT NULL"
  ");"
  "CREATE TABLE IF NOT EXISTS token ("
  "  hash     BLOB PRIMARY KEY,"                /* SHA-256 of the 32 token bytes */
  "  username TEXT NOT NULL,"
  "  created  INTEGER NOT NULL,"
  "  expires  INTEGER NOT NULL,"                /* unix time */
  "  revoked  INTEGER NOT NULL DEFAULT 0"
  ");"
  /* The newest accepted revision of every record. */
  "CREATE TABLE IF NOT EXISTS record ("
  "  uuid       TEXT PRIMARY KEY,"
  "  revision   INTEGER NOT NULL,"
  "  department TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  op         TEXT NOT NULL CHECK (op IN ('i', 'u', 'd')),"
  "  number     TEXT,"
  "  batch      TEXT NOT NULL,"
  "  received   INTEGER NOT NULL"
  ");"
  "CREATE INDEX IF NOT EXISTS record_number ON record (department, kind, number)"
  "  WHERE op <> 'd';"
  /* Every accepted revision, with its payload (kind and fields). A rowid
   * table, so that rows are appended in order and only the small
   * (uuid, revision) index takes random writes. */
  "CREATE TABLE IF NOT EXISTS record_revision ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL,"
  "  revision   INTEGER NOT NULL,"
  "  department TEXT NOT NULL,"
  "  kind       TEXT NOT NULL,"
  "  op         TEXT NOT NULL,"
  "  payload    TEXT NOT NULL,"
  "  batch      TEXT NOT NULL,"
  "  received   INTEGER NOT NULL,"
  "  UNIQUE (uuid, revision)"
  ");";

JgServerDb *
jg_server_db_open (const char  *path,
                   GError     **error)
{
  g_autoptr(JgServerDb) self = g_object_new (JG_TYPE_SERVER_DB, NULL);
  sqlite3_stmt *stmt = NULL;
  int version;

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

  /* A loader (another process) may hold the write lock for a few seconds. */
  sqlite3_busy_timeout (self->db, 30000);

  /* page_size only takes on a new database; big pages suit the long
   * entity texts (about 10% faster loads than 4 KiB). */
  if (!exec_sql (self, "PRAGMA page_size = 16384", error) ||
      !exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (self, "PRAGMA synchronous = NORMAL", error) ||
      !exec_sql (self, "PRAGMA cache_size = -65536", error) ||
      !exec_sql (self, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  if (!prepare (self, "PRAGMA user_version", &stmt, error))
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      sqlite_error (self, error, "Could not read the schema version");
      return NULL;
    }
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_SQLITE,
                   "%s was written by a newer jianguan-server (schema %d)",
                   path, version);
      return NULL;
    }
  if (version < SCHEMA_VERSION)
    {
      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return NULL;
      if (!exec_sql (self, schema_sql, error) ||
          !exec_sql (self, schema_v2_sql, error) ||
          !exec_sql (self, "PRAGMA user_version = 2", error) ||
          !exec_sql (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
    }

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

gboolean
jg_server_db_feed_has_data (JgServerDb  *self,
                            const char  *feed,
                            gboolean    *has_data,
                            GError     **error)
{
  int rc;

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);

  sqlite3_bind_text (self->stmt_has_data, 1, feed, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->stmt_has_data);
  sqlite3_reset (self->stmt_has_data);
  sqlite3_clear_bindings (self->stmt_has_data);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sqlite_error (self, error, "Could not read the change log");
  *has_data = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
query_latest (JgServerDb  *self,
              const char  *feed,
              gint64      *latest,
              GError     **error)
{
  int rc;

  sqlite3_bind_text (self->stmt_latest, 1, feed, -1, SQLITE_STATIC);
  rc = sqlite3_step (self->stmt_latest);
  *latest = rc == SQLITE_ROW ? sqlite3_column_int64 (self->stmt_latest, 0) : 0;
  sqlite3_reset (self->stmt_latest);
  sqlite3_clear_bindings (self->stmt_latest);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sqlite_error (self, error, "Could not read the change log");
  return TRUE;
}

gboolean
jg_server_db_get_latest (JgServerDb  *self,
                         const char  *feed,
                         gint64      *latest,
                         GError     **error)
{
  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  return query_latest (self, feed, latest, error);
}

gboolean
jg_server_db_read_changes (JgServerDb    *self,
                           const char    *feed,
                           gint64         since,
                           guint          limit,
                           GString       *out,
                           JgServerPage  *page,
                           GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 last_seq = since;
  int rc;

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (since >= 0, FALSE);
  g_return_val_if_fail (limit > 0, FALSE);

  memset (page, 0, sizeof *page);

  /* One read transaction: a loader committing between the two queries
   * must not make `latest` disagree with the changes. */
  if (!exec_sql (self, "BEGIN", error))
    return FALSE;

  if (!query_latest (self, feed, &page->latest, error))
    goto fail;

  stmt = self->stmt_page;
  sqlite3_bind_text (stmt, 1, feed, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int (stmt, 3, since > 0);
  sqlite3_bind_int64 (stmt, 4, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      const char *key = (const char *) sqlite3_column_text (stmt, 2);
      const char *op = (const char *) sqlite3_column_text (stmt, 3);
      gboolean is_put = g_strcmp0 (op, "put") == 0;

      last_seq = sqlite3_column_int64 (stmt, 0);

      if (page->count > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",\"type\":",
                              last_seq);
      jg_json_append_string (out, type != NULL ? type : "");
      g_string_append (out, is_put ? ",\"op\":\"put\",\"key\":"
                                   : ",\"op\":\"delete\",\"key\":");
      jg_json_append_string (out, key != NULL ? key : "");
      if (is_put)
        {
          /* `data` was validated and compacted when it was loaded. */
          const char *data = (const char *) sqlite3_column_text (stmt, 4);
          int len = sqlite3_column_bytes (stmt, 4);

          g_string_append (out, ",\"data\":");
          if (data != NULL && len > 0)
            g_string_append_len (out, data, len);
          else
            g_string_append (out, "null");
        }
      g_string_append_c (out, '}');
      page->count++;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      sqlite_error (self, error, "Could not read the change log");
      goto fail;
    }

  if (!exec_sql (self, "COMMIT", error))
    goto fail;

  /* A page ends at its last change. An empty page means nothing is left
   * to read: with since = 0 it can still have skipped tombstones, so it
   * ends at `latest` rather than at `since`, else the client would be
   * told there is more and be sent nothing. */
  if (page->count > 0)
    page->cursor = last_seq;
  else
    page->cursor = MAX (since, page->latest);
  page->more = page->cursor < page->latest;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Catalogue files                                                     */
/*
 * Read with yajl's event parser, a chunk at a time, never as a tree: a
 * benchmark file holds ~450,000 entities (hundreds of MB). Each entity is
 * re-emitted compactly with yajl_gen as it is read and stored when it
 * closes. yajl_gen writes equal values as equal text (numbers verbatim,
 * strings with the fewest escapes), so an entity reloaded unchanged gets
 * no new seq however the file is formatted.
 *
 * Seqs follow the kind order (codes, departments, items, …) within each
 * feed, not the file's order. A file whose arrays come in that order (the
 * generator's, the demo's) is read once. Otherwise, at the first array out
 * of order, what was written is rolled back, the rest of the file is only
 * checked, and each array is then read again from its offset in kind
 * order. Deletions are collected and applied last. All of it is one
 * transaction: a file that fails anywhere changes nothing.
 */

static gboolean
step_done (JgServerDb   *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return sqlite_error (self, error, "Could not write the change log");
  return TRUE;
}

/* Writes a put (@data != NULL) or a delete of one entity, unless the log
 * already says exactly that. */
static gboolean
bind_insert (JgServerDb  *self,
             Kind         kind,
             const char  *key,
             const char  *data,
             gsize        data_len)
{
  sqlite3_bind_text (self->stmt_insert, 1, kinds[kind].feed, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->stmt_insert, 2, kinds[kind].type, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->stmt_insert, 3, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->stmt_insert, 4, data != NULL ? "put" : "delete", -1,
                     SQLITE_STATIC);
  if (data != NULL)
    sqlite3_bind_text (self->stmt_insert, 5, data, data_len, SQLITE_STATIC);
  else
    sqlite3_bind_null (self->stmt_insert, 5);
  return TRUE;
}

/* @fresh: the feed was empty when the load began, so a put is almost
 * surely new: try the INSERT first and look up only on a conflict (the
 * same key twice in one file). Saves a lookup per entity on first loads. */
static gboolean
apply_change (JgServerDb         *self,
              Kind                kind,
              const char         *key,
              const char         *data,
              gsize               data_len,
              gboolean            fresh,
              JgServerLoadStats  *stats,
              GError            **error)
{
  sqlite3_stmt *find = self->stmt_find;
  gboolean exists = FALSE;
  gint64 old_seq = 0;
  gboolean same = FALSE;
  gboolean was_put = FALSE;
  int rc;

  if (fresh && data != NULL)
    {
      bind_insert (self, kind, key, data, data_len);
      rc = sqlite3_step (self->stmt_insert);
      sqlite3_reset (self->stmt_insert);
      if (rc == SQLITE_DONE)
        {
          stats->added++;
          return TRUE;
        }
      if (rc != SQLITE_CONSTRAINT)
        return sqlite_error (self, error, "Could not write the change log");
    }

  sqlite3_bind_text (find, 1, kinds[kind].feed, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 2, kinds[kind].type, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 3, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (find);
  if (rc == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (find, 1);

      exists = TRUE;
      old_seq = sqlite3_column_int64 (find, 0);
      was_put = g_strcmp0 (op, "put") == 0;
      if (data == NULL)
        same = !was_put;
      else if (was_put)
        {
          const void *old = sqlite3_column_text (find, 2);
          gsize old_len = sqlite3_column_bytes (find, 2);

          same = old != NULL && old_len == data_len &&
                 memcmp (old, data, data_len) == 0;
        }
    }
  sqlite3_reset (find);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return sqlite_error (self, error, "Could not read the change log");

  if (data == NULL && (!exists || !was_put))
    {
      /* Nothing to delete: no tombstone, no new seq. */
      if (!exists)
        stats->delete_unknown++;
      else
        stats->unchanged++;
      return TRUE;
    }
  if (same)
    {
      stats->unchanged++;
      return TRUE;
    }

  if (exists)
    {
      sqlite3_bind_int64 (self->stmt_delete, 1, old_seq);
      if (!step_done (self, self->stmt_delete, error))
        return FALSE;
    }

  bind_insert (self, kind, key, data, data_len);
  if (!step_done (self, self->stmt_insert, error))
    return FALSE;

  if (data == NULL)
    stats->deleted++;
  else if (exists && was_put)
    stats->changed++;
  else
    stats->added++;
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *name,
         const char *array,
         guint       index,
         const char *format,
         ...) G_GNUC_PRINTF (5, 6);

static gboolean
invalid (GError    **error,
         const char *name,
         const char *array,
         guint       index,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
               "%s: %s[%u]: %s", name, array, index, msg);
  return FALSE;
}

/* Deepest nesting accepted in a catalogue file. Entities sit two levels
 * down, so yajl_gen (at most YAJL_MAX_DEPTH) always has room for them. */
#define MAX_DEPTH YAJL_MAX_DEPTH
#define CHUNK_SIZE (256 * 1024)

/* Top-level members of a catalogue file: the kinds' arrays (a Kind), then
 * these. */
enum {
  MEMBER_DELETIONS = N_KINDS,
  MEMBER_FORMAT,
  N_MEMBERS,
  MEMBER_OTHER = N_MEMBERS,
};

static const char *
member_name (int member)
{
  if (member < N_KINDS)
    return kinds[member].array;
  return member == MEMBER_DELETIONS ? "deletions" : "format";
}

/* Where the bytes come from: memory, or a file read a chunk at a time. */
typedef struct {
  const char *data;     /* NULL for a file */
  gsize length;
  int fd;
  char *buf;            /* CHUNK_SIZE bytes, for a file */
  guint64 pos;          /* offset of the next chunk */
} Source;

static gboolean
source_failed (const char  *name,
               int          saved_errno,
               GError     **error)
{
  g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_FILE,
               "Could not read %s: %s", name, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
source_seek (Source      *src,
             guint64      offset,
             const char  *name,
             GError     **error)
{
  if (src->data == NULL && lseek (src->fd, offset, SEEK_SET) < 0)
    return source_failed (name, errno, error);
  src->pos = offset;
  return TRUE;
}

/* The chunk at src->pos; an empty one at the end. */
static gboolean
source_read (Source       *src,
             const char   *name,
             const char  **chunk,
             gsize        *len,
             GError      **error)
{
  gssize n;

  if (src->data != NULL)
    {
      *chunk = src->data + src->pos;
      *len = src->length - src->pos;
      src->pos = src->length;
      return TRUE;
    }
  do
    n = read (src->fd, src->buf, CHUNK_SIZE);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return source_failed (name, errno, error);
  *chunk = src->buf;
  *len = n;
  src->pos += n;
  return TRUE;
}

/* Line number of byte @offset, for error messages. */
static guint
source_line_at (Source  *src,
                guint64  offset)
{
  guint line = 1;

  if (!source_seek (src, 0, NULL, NULL))
    return 0;
  while (src->pos < offset)
    {
      const char *chunk;
      const char *nl;
      gsize len;

      if (!source_read (src, NULL, &chunk, &len, NULL) || len == 0)
        return 0;
      len = MIN (len, offset - (src->pos - len));
      for (const char *end = chunk + len;
           (nl = memchr (chunk, '\n', end - chunk)) != NULL;
           chunk = nl + 1)
        line++;
    }
  return line;
}

typedef struct {
  const char *name;     /* member whose string value is kept */
  gsize name_len;
  GString *value;
  gboolean found;
  gboolean is_string;
} Capture;

typedef struct {
  Kind kind;
  char *key;
} Deletion;

static void
deletion_clear (gpointer p)
{
  g_free (((Deletion *) p)->key);
}

typedef struct {
  JgServerDb *self;
  const char *name;             /* of the file, for messages */
  JgServerLoadStats *stats;
  gboolean fresh[G_N_ELEMENTS (feeds)];
  yajl_handle parser;
  yajl_gen gen;
  GString *json;                /* what gen writes: the entity's text */
  guint64 chunk_offset;         /* of the chunk being parsed */

  gboolean one_array;           /* reading one array again, from its '[' */
  gboolean array_done;
  gboolean writing;             /* storing entities as they are read */
  gint64 array_at[N_KINDS];     /* offset of each array's '[', or -1 */
  int last_kind[G_N_ELEMENTS (feeds)]; /* highest kind stored, per feed */
  gboolean reordered;           /* an array came out of kind order */

  gboolean started;
  guint depth;                  /* containers open */
  int member;                   /* top-level member being read */
  gboolean seen[N_MEMBERS];

  /* The element of the array being read: an entity or a deletion. */
  guint index;
  gboolean array_fresh;
  Capture caps[2];
  guint n_caps;
  int pending;                  /* capture whose value comes next, or -1 */
  GString *key;
  GArray *deletions;

  /* Why the parse was stopped: a syntax error (reported with its line),
   * or any other error. */
  char *syntax;
  GError *error;

  /* The start of a \u escape cut by the end of the last chunk. */
  char carry[16];
  gsize carry_len;
  gssize bad_escape;            /* offset in the chunk, or -1 */
} Reader;

#define ELEMENT(r) ((r)->member <= MEMBER_DELETIONS)
/* Whether the event goes into the entity's text (depth counted with the
 * event's own container open). */
#define EMITTING(r) ((r)->writing && (r)->member < N_KINDS && (r)->depth >= 3)

G_GNUC_PRINTF (2, 3)
static gboolean
syntax_error (Reader     *r,
              const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  r->syntax = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

G_GNUC_PRINTF (2, 3)
static gboolean
element_error (Reader     *r,
               const char *format,
               ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  return invalid (&r->error, r->name, member_name (r->member), r->index, "%s", msg);
}

/* yajl reads strings without checking their UTF-8 (it lets through
 * surrogates, overlong forms and code points past U+10FFFF); this does,
 * also on what \u escapes decoded to. U+0000 (from \u0000) is fine. */
static gboolean
string_ok (Reader              *r,
           const unsigned char *str,
           size_t               len)
{
  const char *p = (const char *) str;
  const char *end = p + len;
  const char *stop;

  while (!g_utf8_validate (p, end - p, &stop))
    {
      if (*stop != '\0')
        return syntax_error (r, "invalid UTF-8 in string");
      p = stop + 1;
    }
  return TRUE;
}

static void
capture_set (Capture    *cap,
             const char *str,
             size_t      len)
{
  const char *nul;

  g_string_truncate (cap->value, 0);
  /* U+0000 cannot live in a C string; keys never hold it. */
  while ((nul = memchr (str, '\0', len)) != NULL)
    {
      g_string_append_len (cap->value, str, nul - str);
      g_string_append (cap->value, "\xef\xbf\xbd");
      len -= nul + 1 - str;
      str = nul + 1;
    }
  g_string_append_len (cap->value, str, len);
}

/* Appends the captured key member @i to r->key. */
static gboolean
capture_key (Reader *r,
             guint   i)
{
  Capture *cap = &r->caps[i];

  if (!cap->found || !cap->is_string || cap->value->len == 0)
    return element_error (r, "\"%s\" must be a non-empty string", cap->name);
  g_string_append_len (r->key, cap->value->str, cap->value->len);
  return TRUE;
}

/* At the '[' of a kind's array or of "deletions". */
static gboolean
array_begins (Reader *r)
{
  int m = r->member;
  guint f;

  r->index = 0;
  r->n_caps = m == KIND_CODE || m == MEMBER_DELETIONS ? 2 : 1;
  r->caps[0].name = m == KIND_CODE ? "table"
                  : m == KIND_OFFICER ? "id"
                  : m == MEMBER_DELETIONS ? "type" : "code";
  r->caps[1].name = m == KIND_CODE ? "code" : "key";
  for (guint i = 0; i < G_N_ELEMENTS (r->caps); i++)
    r->caps[i].name_len = strlen (r->caps[i].name);
  if (m == MEMBER_DELETIONS)
    return TRUE;

  f = feed_index (kinds[m].feed);
  r->array_fresh = r->fresh[f];
  if (r->one_array)
    return TRUE;

  r->array_at[m] = r->chunk_offset + yajl_get_bytes_consumed (r->parser) - 1;
  if (r->writing && r->last_kind[f] > m)
    {
      /* Out of kind order: undo, check the rest, read again in order. */
      if (!exec_sql (r->self, "ROLLBACK TO entities", &r->error))
        return FALSE;
      memset (r->stats, 0, sizeof *r->stats);
      r->writing = FALSE;
      r->reordered = TRUE;
    }
  r->last_kind[f] = MAX (r->last_kind[f], m);
  return TRUE;
}

/* At the '}' of an element; r->depth is back at 2. */
static gboolean
element_ends (Reader *r)
{
  g_string_truncate (r->key, 0);

  if (r->member == MEMBER_DELETIONS)
    {
      Deletion d = { N_KINDS, NULL };

      if (!capture_key (r, 0))
        return FALSE;
      for (guint k = 0; k < N_KINDS; k++)
        if (strcmp (r->key->str, kinds[k].type) == 0)
          d.kind = k;
      if (d.kind == N_KINDS)
        return element_error (r, "unknown type \"%s\"", r->key->str);
      g_string_truncate (r->key, 0);
      if (!capture_key (r, 1))
        return FALSE;
      d.key = g_strndup (r->key->str, r->key->len);
      g_array_append_val (r->deletions, d);
    }
  else
    {
      if (!capture_key (r, 0))
        return FALSE;
      if (r->member == KIND_CODE)
        {
          g_string_append_c (r->key, '/');
          if (!capture_key (r, 1))
            return FALSE;
        }
      if (r->writing)
        {
          if (!apply_change (r->self, r->member, r->key->str,
                             r->json->str, r->json->len, r->array_fresh,
                             r->stats, &r->error))
            return FALSE;
          g_string_truncate (r->json, 0);
          yajl_gen_reset (r->gen, NULL);
        }
    }
  r->index++;
  return TRUE;
}

typedef enum {
  VALUE_SCALAR,
  VALUE_STRING,
  VALUE_MAP,
  VALUE_ARRAY,
} ValueType;

/* Checks a value against the shape of a catalogue file and keeps what
 * the element's key is made of. @str: a string value. */
static gboolean
begin_value (Reader     *r,
             ValueType   type,
             const char *str,
             size_t      len)
{
  switch (r->depth)
    {
    case 0:
      if (type != VALUE_MAP)
        return syntax_error (r, "a catalogue file is one JSON object");
      r->started = TRUE;
      break;

    case 1:
      if (r->member == MEMBER_FORMAT)
        {
          if (type != VALUE_STRING || len != strlen (CATALOGUE_FORMAT) ||
              memcmp (str, CATALOGUE_FORMAT, len) != 0)
            {
              g_set_error (&r->error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
                           "%s: unknown \"format\" (expected \"%s\")",
                           r->name, CATALOGUE_FORMAT);
              return FALSE;
            }
        }
      else if (ELEMENT (r))
        {
          if (type != VALUE_ARRAY)
            {
              g_set_error (&r->error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
                           "%s: \"%s\" must be an array",
                           r->name, member_name (r->member));
              return FALSE;
            }
          if (!array_begins (r))
            return FALSE;
        }
      break;

    case 2:
      if (ELEMENT (r))
        {
          if (type != VALUE_MAP)
            return element_error (r, "not a JSON object");
          for (guint i = 0; i < r->n_caps; i++)
            r->caps[i].found = FALSE;
          r->pending = -1;
        }
      break;

    case 3:
      if (r->pending >= 0)
        {
          Capture *cap = &r->caps[r->pending];

          cap->found = TRUE;
          cap->is_string = type == VALUE_STRING;
          if (cap->is_string)
            capture_set (cap, str, len);
          r->pending = -1;
        }
      break;

    default:
      break;
    }

  if (type == VALUE_MAP || type == VALUE_ARRAY)
    {
      if (r->depth >= MAX_DEPTH)
        return syntax_error (r, "nested too deeply");
      r->depth++;
    }
  return TRUE;
}

static int
gen_ok (Reader          *r,
        yajl_gen_status  status)
{
  if (status == yajl_gen_status_ok)
    return 1;
  /* Not expected: the parser hands over only well-formed events. */
  return element_error (r, "could not write the entity (yajl_gen status %d)",
                        (int) status);
}

static int
on_null (void *ctx)
{
  Reader *r = ctx;

  if (!begin_value (r, VALUE_SCALAR, NULL, 0))
    return 0;
  return !EMITTING (r) || gen_ok (r, yajl_gen_null (r->gen));
}

static int
on_boolean (void *ctx,
            int   value)
{
  Reader *r = ctx;

  if (!begin_value (r, VALUE_SCALAR, NULL, 0))
    return 0;
  return !EMITTING (r) || gen_ok (r, yajl_gen_bool (r->gen, value));
}

/* Numbers are kept as written. */
static int
on_number (void       *ctx,
           const char *str,
           size_t      len)
{
  Reader *r = ctx;

  if (!begin_value (r, VALUE_SCALAR, NULL, 0))
    return 0;
  return !EMITTING (r) || gen_ok (r, yajl_gen_number (r->gen, str, len));
}

static int
on_string (void                *ctx,
           const unsigned char *str,
           size_t               len)
{
  Reader *r = ctx;

  if (!string_ok (r, str, len) ||
      !begin_value (r, VALUE_STRING, (const char *) str, len))
    return 0;
  return !EMITTING (r) || gen_ok (r, yajl_gen_string (r->gen, str, len));
}

static int
on_start_map (void *ctx)
{
  Reader *r = ctx;

  if (!begin_value (r, VALUE_MAP, NULL, 0))
    return 0;
  return !EMITTING (r) || gen_ok (r, yajl_gen_map_open (r->gen));
}

static int
on_start_array (void *ctx)
{
  Reader *r = ctx;

  if (!begin_value (r, VALUE_ARRAY, NULL, 0))
    return 0;
  return !EMITTING (r) || gen_ok (r, yajl_gen_array_open (r->gen));
}

static int
on_map_key (void                *ctx,
            const unsigned char *str,
            size_t               len)
{
  Reader *r = ctx;

  if (!string_ok (r, str, len))
    return 0;

  if (r->depth == 1)
    {
      r->member = MEMBER_OTHER;
      for (int m = 0; m < N_MEMBERS; m++)
        if (strlen (member_name (m)) == len &&
            memcmp (member_name (m), str, len) == 0)
          r->member = m;
      if (r->member != MEMBER_OTHER)
        {
          if (r->seen[r->member])
            return syntax_error (r, "member \"%s\" appears twice",
                                 member_name (r->member));
          r->seen[r->member] = TRUE;
        }
    }
  else if (r->depth == 3 && ELEMENT (r))
    {
      r->pending = -1;
      for (guint i = 0; i < r->n_caps; i++)
        if (r->caps[i].name_len == len &&
            memcmp (r->caps[i].name, str, len) == 0)
          r->pending = i;
    }

  return !EMITTING (r) || gen_ok (r, yajl_gen_string (r->gen, str, len));
}

static int
on_end (Reader   *r,
        gboolean  map)
{
  if (EMITTING (r) &&
      !gen_ok (r, map ? yajl_gen_map_close (r->gen) : yajl_gen_array_close (r->gen)))
    return 0;
  r->depth--;
  if (r->depth == 2 && ELEMENT (r))
    return element_ends (r);
  if (r->depth == 1 && r->one_array)
    {
      r->array_done = TRUE;
      return 0;
    }
  return 1;
}

static int
on_end_map (void *ctx)
{
  return on_end (ctx, TRUE);
}

static int
on_end_array (void *ctx)
{
  return on_end (ctx, FALSE);
}

static const yajl_callbacks reader_callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

/* yajl_gen's output: called for every piece (quote, separator, run of
 * a string), so the common case avoids a function call. */
static void
gen_print (void       *ctx,
           const char *str,
           size_t      len)
{
  GString *out = ctx;

  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      if (len == 1)
        out->str[out->len] = *str;
      else
        memcpy (out->str + out->len, str, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, str, len);
}

static yajl_handle
reader_new_parser (Reader *r)
{
  yajl_handle parser = yajl_alloc (&reader_callbacks, NULL, r);

  /* string_ok() checks UTF-8, more strictly. */
  yajl_config (parser, yajl_dont_validate_strings, 1);
  return parser;
}

/* yajl decodes a lone high surrogate escape ("\ud800x") as '?' and pairs
 * one with whatever \u escape follows it, so such a file would load
 * altered. Each chunk's \u escapes are looked at before yajl reads it (a
 * "\\" pair is stepped over; an escape cut by the chunk's end is carried
 * over to the next). */

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = (v << 4) | d;
    }
  return v;
}

/* Steps over the escape at @s (a backslash): returns what follows it, or
 * NULL if @end cuts it short. Sets *@bad at an unpaired surrogate. */
static const char *
step_escape (const char *s,
             const char *end,
             gboolean   *bad)
{
  int hi, lo;

  if (end - s < 2)
    return NULL;
  if (s[1] != 'u')
    return s + 2;
  if (end - s < 6)
    return NULL;
  hi = hex4 (s + 2);
  if (hi >= 0xdc00 && hi <= 0xdfff)
    *bad = TRUE;
  if (hi < 0xd800 || hi > 0xdbff)
    return s + 6;       /* not hex: yajl refuses it */
  if (end - s < 12)
    {
      /* Decide now if what is there already is no low surrogate. */
      if ((end - s > 6 && s[6] != '\\') || (end - s > 7 && s[7] != 'u'))
        *bad = TRUE;
      return *bad ? s + 6 : NULL;
    }
  lo = s[6] == '\\' && s[7] == 'u' ? hex4 (s + 8) : -1;
  if (lo < 0xdc00 || lo > 0xdfff)
    *bad = TRUE;
  return s + 12;
}

/* Offset in @chunk of the first unpaired surrogate escape, or -1. */
static gssize
find_bad_escape (Reader     *r,
                 const char *chunk,
                 gsize       len)
{
  const char *s = chunk;
  const char *end = chunk + len;
  gboolean bad = FALSE;

  if (r->carry_len > 0)
    {
      char tmp[sizeof r->carry + 12];
      gsize n = MIN (len, 12);
      const char *next;

      memcpy (tmp, r->carry, r->carry_len);
      memcpy (tmp + r->carry_len, chunk, n);
      next = step_escape (tmp, tmp + r->carry_len + n, &bad);
      if (bad)
        return 0;
      if (next == NULL)
        {
          /* Still cut short: @chunk is tiny. */
          memcpy (r->carry + r->carry_len, chunk, len);
          r->carry_len += len;
          return -1;
        }
      s = chunk + (next - tmp - r->carry_len);
      r->carry_len = 0;
    }

  while ((s = memchr (s, '\\', end - s)) != NULL)
    {
      const char *next = step_escape (s, end, &bad);

      if (bad)
        return s - chunk;
      if (next == NULL)
        {
          r->carry_len = end - s;
          memcpy (r->carry, s, r->carry_len);
          break;
        }
      s = next;
    }
  return -1;
}

static gboolean
parse_failed (Reader       *r,
              Source       *src,
              yajl_status   status,
              gboolean      at_end,
              GError      **error)
{
  g_autofree char *msg = g_steal_pointer (&r->syntax);
  guint64 at;

  if (status == yajl_status_client_canceled && msg == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }

  if (at_end)
    at = src->pos;
  else if (status == yajl_status_ok)  /* stopped before a bad escape */
    at = r->chunk_offset + r->bad_escape;
  else
    at = r->chunk_offset + yajl_get_bytes_consumed (r->parser);
  if (msg == NULL && at_end)
    msg = g_strdup (r->started ? "unexpected end of file (the file is cut short)"
                               : "the file is empty (a catalogue file is one JSON object)");
  if (msg == NULL)
    {
      unsigned char *yajl_msg = yajl_get_error (r->parser, 0, NULL, 0);

      msg = g_strstrip (g_strdup ((const char *) yajl_msg));
      yajl_free_error (r->parser, yajl_msg);
    }

  g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_PARSE,
               "%s:%u: invalid JSON: %s", r->name, source_line_at (src, at), msg);
  return FALSE;
}

/* Parses @src from its position to the end, or when reading one array
 * again, to the end of that array. */
static gboolean
read_source (Reader   *r,
             Source   *src,
             GError  **error)
{
  for (;;)
    {
      const char *chunk;
      gsize len;
      yajl_status status;

      r->chunk_offset = src->pos;
      if (!source_read (src, r->name, &chunk, &len, error))
        return FALSE;
      if (r->chunk_offset == 0 && len >= 3 && memcmp (chunk, "\xef\xbb\xbf", 3) == 0)
        {
          chunk += 3;
          len -= 3;
          r->chunk_offset = 3;
        }

      /* The second reading of an array was checked by the first. */
      r->bad_escape = len > 0 && !r->one_array ? find_bad_escape (r, chunk, len) : -1;
      if (r->bad_escape >= 0)
        {
          /* What comes before it may hold an earlier error. */
          status = yajl_parse (r->parser, (const unsigned char *) chunk, r->bad_escape);
          if (status == yajl_status_ok)
            r->syntax = g_strdup ("unpaired surrogate in \\u escape");
          return parse_failed (r, src, status, FALSE, error);
        }

      if (len > 0)
        status = yajl_parse (r->parser, (const unsigned char *) chunk, len);
      else
        status = yajl_complete_parse (r->parser);
      if (status == yajl_status_client_canceled && r->array_done)
        return TRUE;
      if (status != yajl_status_ok)
        return parse_failed (r, src, status, len == 0, error);
      if (len == 0)
        break;
    }

  if (r->one_array)
    {
      g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_PARSE,
                   "%s: the file changed while it was read", r->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_deletions (Reader  *r,
                 GError **error)
{
  /* Referring entities first: officers, implementations, …, codes. */
  for (int k = N_KINDS - 1; k >= 0; k--)
    for (guint i = 0; i < r->deletions->len; i++)
      {
        Deletion *d = &g_array_index (r->deletions, Deletion, i);

        if ((int) d->kind == k &&
            !apply_change (r->self, d->kind, d->key, NULL, 0, FALSE,
                           r->stats, error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
load_source (JgServerDb         *self,
             Source             *src,
             const char         *name,
             JgServerLoadStats  *stats,
             GError            **error)
{
  Reader r = { 0 };
  gboolean ok = FALSE;

  r.self = self;
  r.name = name;
  r.stats = stats;
  r.parser = reader_new_parser (&r);
  r.json = g_string_sized_new (4096);
  r.gen = yajl_gen_alloc (NULL);
  yajl_gen_config (r.gen, yajl_gen_print_callback, gen_print, r.json);
  r.member = MEMBER_OTHER;
  r.pending = -1;
  r.key = g_string_sized_new (64);
  for (guint i = 0; i < G_N_ELEMENTS (r.caps); i++)
    r.caps[i].value = g_string_sized_new (64);
  for (guint k = 0; k < N_KINDS; k++)
    r.array_at[k] = -1;
  for (guint f = 0; f < G_N_ELEMENTS (r.last_kind); f++)
    r.last_kind[f] = -1;
  r.deletions = g_array_new (FALSE, FALSE, sizeof (Deletion));
  g_array_set_clear_func (r.deletions, deletion_clear);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    goto out;
  for (guint f = 0; feeds[f] != NULL; f++)
    {
      gint64 latest;

      if (!query_latest (self, feeds[f], &latest, error))
        goto fail;
      r.fresh[f] = latest == 0;
    }
  if (!exec_sql (self, "SAVEPOINT entities", error))
    goto fail;

  r.writing = TRUE;
  if (!read_source (&r, src, error))
    goto fail;

  if (r.reordered)
    for (guint k = 0; k < N_KINDS; k++)
      {
        if (r.array_at[k] < 0)
          continue;
        yajl_free (r.parser);
        r.parser = reader_new_parser (&r);
        r.one_array = TRUE;
        r.array_done = FALSE;
        r.writing = TRUE;
        r.depth = 1;
        r.member = k;
        if (!source_seek (src, r.array_at[k], name, error) ||
            !read_source (&r, src, error))
          goto fail;
      }

  if (!apply_deletions (&r, error) ||
      !exec_sql (self, "COMMIT", error))
    goto fail;
  ok = TRUE;
  goto out;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  memset (stats, 0, sizeof *stats);
out:
  yajl_free (r.parser);
  yajl_gen_free (r.gen);
  g_string_free (r.json, TRUE);
  g_string_free (r.key, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (r.caps); i++)
    g_string_free (r.caps[i].value, TRUE);
  g_array_unref (r.deletions);
  g_free (r.syntax);
  g_clear_error (&r.error);
  return ok;
}

gboolean
jg_server_db_load_data (JgServerDb         *self,
                        const char         *data,
                        gsize               length,
                        const char         *name,
                        JgServerLoadStats  *stats,
                        GError            **error)
{
  JgServerLoadStats local_stats = { 0 };
  Source src = { data != NULL ? data : "", length, -1, NULL, 0 };

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (name == NULL)
    name = "catalogue";
  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  return load_source (self, &src, name, stats, error);
}

gboolean
jg_server_db_load_file (JgServerDb         *self,
                        const char         *filename,
                        JgServerLoadStats  *stats,
                        GError            **error)
{
  JgServerLoadStats local_stats = { 0 };
  Source src = { NULL, 0, -1, NULL, 0 };
  gboolean ok;

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  src.fd = g_open (filename, O_RDONLY | O_CLOEXEC, 0);
  if (src.fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_FILE,
                   "Could not open %s: %s", filename, g_strerror (saved_errno));
      return FALSE;
    }
  src.buf = g_malloc (CHUNK_SIZE);
  ok = load_source (self, &src, filename, stats, error);
  g_free (src.buf);
  close (src.fd);
  return ok;
}
