/* jg-server-db.c — the reference server's store: change log and catalogue files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-db.h"
#include "jg-server-db-private.h"

#include <string.h>
#include <sqlite3.h>

#define SCHEMA_VERSION 2
#define CATALOGUE_FORMAT "jianguan-catalogue/1"
/* Deepest nesting accepted in a catalogue file (the scanner recurses). */
#define MAX_DEPTH 200

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

void
jg_server_json_append_string (GString    *out,
                              const char *str)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = str;
  const char *p;

  g_string_append_c (out, '"');
  for (p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *esc = NULL;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
          break;
        }
      if (esc != NULL)
        g_string_append (out, esc);
      else
        {
          char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], 0 };
          g_string_append (out, u);
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
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
      jg_server_json_append_string (out, type != NULL ? type : "");
      g_string_append (out, is_put ? ",\"op\":\"put\",\"key\":"
                                   : ",\"op\":\"delete\",\"key\":");
      jg_server_json_append_string (out, key != NULL ? key : "");
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
 * A small validating JSON scanner instead of json-glib: a benchmark file
 * holds ~400,000 entities (hundreds of MB). Building a JsonNode tree for
 * it costs gigabytes and re-serialising every entity costs seconds; the
 * scanner walks the mapped file once to validate it and find the arrays,
 * then once more copying each entity compactly (insignificant whitespace
 * dropped, everything else byte for byte), which is what gets stored and
 * later sent verbatim.
 */

typedef struct {
  const char *buf;      /* whole input, for line numbers */
  const char *p;
  const char *end;
  const char *err_at;
  char *err_msg;
  guint depth;
} Scan;

typedef struct {
  const char *name;
  const char *raw;      /* string contents, still escaped */
  gsize len;
  gboolean found;
  gboolean is_string;
} Capture;

static gboolean scan_value (Scan *s, GString *out);

G_GNUC_PRINTF (2, 3)
static gboolean
scan_fail (Scan       *s,
           const char *format,
           ...)
{
  va_list args;

  if (s->err_msg == NULL)
    {
      va_start (args, format);
      s->err_msg = g_strdup_vprintf (format, args);
      va_end (args);
      s->err_at = s->p;
    }
  return FALSE;
}

static inline void
skip_ws (Scan *s)
{
  while (s->p < s->end &&
         (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
    s->p++;
}

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

/* At an opening quote. Validates the string (escapes, no raw control
 * characters, UTF-8, no unpaired surrogates), appends it as is to @out
 * and returns its raw (escaped) contents in @raw/@len. */
static gboolean
scan_string (Scan        *s,
             GString     *out,
             const char **raw,
             gsize       *len)
{
  const char *begin = ++s->p;
  gboolean ascii = TRUE;

  for (;;)
    {
      guchar c;

      if (s->p >= s->end)
        return scan_fail (s, "unterminated string");
      c = (guchar) *s->p;
      if (c == '"')
        break;
      if (c == '\\')
        {
          if (s->p + 1 >= s->end)
            return scan_fail (s, "unterminated string");
          switch (s->p[1])
            {
            case '"': case '\\': case '/': case 'b': case 'f':
            case 'n': case 'r': case 't':
              s->p += 2;
              break;
            case 'u':
              {
                int cp;

                if (s->end - s->p < 6 || (cp = hex4 (s->p + 2)) < 0)
                  return scan_fail (s, "invalid \\u escape");
                s->p += 6;
                if (cp >= 0xdc00 && cp <= 0xdfff)
                  return scan_fail (s, "unpaired surrogate in \\u escape");
                if (cp >= 0xd800 && cp <= 0xdbff)
                  {
                    int lo;

                    if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
                        (lo = hex4 (s->p + 2)) < 0xdc00 || lo > 0xdfff)
                      return scan_fail (s, "unpaired surrogate in \\u escape");
                    s->p += 6;
                  }
              }
              break;
            default:
              s->p++;
              return scan_fail (s, "invalid escape in string");
            }
          continue;
        }
      if (c < 0x20)
        return scan_fail (s, "control character in string");
      if (c >= 0x80)
        ascii = FALSE;
      s->p++;
    }

  if (!ascii && !g_utf8_validate (begin, s->p - begin, NULL))
    return scan_fail (s, "invalid UTF-8 in string");

  if (raw != NULL)
    {
      *raw = begin;
      *len = s->p - begin;
    }
  s->p++;
  if (out != NULL)
    g_string_append_len (out, begin - 1, s->p - begin + 1);
  return TRUE;
}

/* Unescapes the raw contents of a string validated by scan_string(). */
static char *
unescape (const char *raw,
          gsize       len)
{
  GString *out;
  const char *p = raw;
  const char *end = raw + len;

  if (memchr (raw, '\\', len) == NULL)
    return g_strndup (raw, len);

  out = g_string_sized_new (len);
  while (p < end)
    {
      gunichar cp;

      if (*p != '\\')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      switch (p[1])
        {
        case 'b': g_string_append_c (out, '\b'); p += 2; break;
        case 'f': g_string_append_c (out, '\f'); p += 2; break;
        case 'n': g_string_append_c (out, '\n'); p += 2; break;
        case 'r': g_string_append_c (out, '\r'); p += 2; break;
        case 't': g_string_append_c (out, '\t'); p += 2; break;
        case 'u':
          cp = hex4 (p + 2);
          p += 6;
          if (cp >= 0xd800 && cp <= 0xdbff)
            {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (hex4 (p + 2) - 0xdc00);
              p += 6;
            }
          /* U+0000 cannot live in a C string; keys never hold it. */
          g_string_append_unichar (out, cp != 0 ? cp : 0xfffd);
          break;
        default:
          g_string_append_c (out, p[1]);
          p += 2;
          break;
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
scan_number (Scan    *s,
             GString *out)
{
  const char *begin = s->p;

#define DIGIT(p) ((p) < s->end && g_ascii_isdigit (*(p)))
  if (*s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (DIGIT (s->p))
    while (DIGIT (s->p))
      s->p++;
  else
    return scan_fail (s, "invalid number");
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!DIGIT (s->p))
        return scan_fail (s, "invalid number");
      while (DIGIT (s->p))
        s->p++;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!DIGIT (s->p))
        return scan_fail (s, "invalid number");
      while (DIGIT (s->p))
        s->p++;
    }
#undef DIGIT

  if (out != NULL)
    g_string_append_len (out, begin, s->p - begin);
  return TRUE;
}

static gboolean
scan_literal (Scan    *s,
              GString *out)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if ((gsize) (s->end - s->p) >= n && memcmp (s->p, literals[i], n) == 0)
        {
          if (out != NULL)
            g_string_append_len (out, s->p, n);
          s->p += n;
          return TRUE;
        }
    }
  return scan_fail (s, "unexpected character");
}

static gboolean
name_matches (const char *raw,
              gsize       len,
              const char *name)
{
  g_autofree char *plain = NULL;

  if (memchr (raw, '\\', len) == NULL)
    return strlen (name) == len && memcmp (raw, name, len) == 0;
  plain = unescape (raw, len);
  return strcmp (plain, name) == 0;
}

/* At '{'. Copies the object compactly to @out (if not NULL) and records
 * the string values of the members named in @caps. */
static gboolean
scan_object (Scan    *s,
             GString *out,
             Capture *caps,
             guint    n_caps)
{
  if (++s->depth > MAX_DEPTH)
    return scan_fail (s, "nested too deeply");

  s->p++;
  if (out != NULL)
    g_string_append_c (out, '{');
  skip_ws (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      if (out != NULL)
        g_string_append_c (out, '}');
      s->depth--;
      return TRUE;
    }

  for (;;)
    {
      const char *name;
      gsize name_len;
      Capture *cap = NULL;

      skip_ws (s);
      if (s->p >= s->end || *s->p != '"')
        return scan_fail (s, "expected a member name");
      if (!scan_string (s, out, &name, &name_len))
        return FALSE;
      skip_ws (s);
      if (s->p >= s->end || *s->p != ':')
        return scan_fail (s, "expected ':'");
      s->p++;
      if (out != NULL)
        g_string_append_c (out, ':');
      skip_ws (s);

      for (guint i = 0; i < n_caps; i++)
        if (name_matches (name, name_len, caps[i].name))
          {
            cap = &caps[i];
            break;
          }

      if (cap != NULL && s->p < s->end && *s->p == '"')
        {
          if (!scan_string (s, out, &cap->raw, &cap->len))
            return FALSE;
          cap->found = TRUE;
          cap->is_string = TRUE;
        }
      else
        {
          if (!scan_value (s, out))
            return FALSE;
          if (cap != NULL)
            {
              cap->found = TRUE;
              cap->is_string = FALSE;
            }
        }

      skip_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          if (out != NULL)
            g_string_append_c (out, ',');
          continue;
        }
      if (s->p < s->end && *s->p == '}')
        {
          s->p++;
          if (out != NULL)
            g_string_append_c (out, '}');
          break;
        }
      return scan_fail (s, "expected ',' or '}'");
    }

  s->depth--;
  return TRUE;
}

static gboolean
scan_array (Scan    *s,
            GString *out)
{
  if (++s->depth > MAX_DEPTH)
    return scan_fail (s, "nested too deeply");

  s->p++;
  if (out != NULL)
    g_string_append_c (out, '[');
  skip_ws (s);
  if (s->p < s->end && *s->p == ']')
    {
      s->p++;
      if (out != NULL)
        g_string_append_c (out, ']');
      s->depth--;
      return TRUE;
    }

  for (;;)
    {
      if (!scan_value (s, out))
        return FALSE;
      skip_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          if (out != NULL)
            g_string_append_c (out, ',');
          continue;
        }
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          if (out != NULL)
            g_string_append_c (out, ']');
          break;
        }
      return scan_fail (s, "expected ',' or ']'");
    }

  s->depth--;
  return TRUE;
}

static gboolean
scan_value (Scan    *s,
            GString *out)
{
  skip_ws (s);
  if (s->p >= s->end)
    return scan_fail (s, "unexpected end of file");

  switch (*s->p)
    {
    case '{':
      return scan_object (s, out, NULL, 0);
    case '[':
      return scan_array (s, out);
    case '"':
      return scan_string (s, out, NULL, NULL);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return scan_number (s, out);
    default:
      return scan_literal (s, out);
    }
}

static guint
line_of (const char *buf,
         const char *at)
{
  guint line = 1;

  for (const char *p = buf; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

static gboolean
scan_error (Scan        *s,
            const char  *name,
            GError     **error)
{
  g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_PARSE,
               "%s:%u: invalid JSON: %s", name,
               line_of (s->buf, s->err_at != NULL ? s->err_at : s->p),
               s->err_msg != NULL ? s->err_msg : "syntax error");
  g_clear_pointer (&s->err_msg, g_free);
  return FALSE;
}

typedef struct {
  const char *begin;
  const char *end;
} Span;

/* Members of a catalogue file, as spans of the input. */
typedef struct {
  Span arrays[N_KINDS];
  Span deletions;
  Span format;
} FileSpans;

static gboolean
scan_file (const char  *data,
           gsize        length,
           const char  *name,
           FileSpans   *spans,
           GError     **error)
{
  Scan s = { data, data, data + length, NULL, NULL, 0 };

  memset (spans, 0, sizeof *spans);

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    s.p += 3;
  skip_ws (&s);
  if (s.p >= s.end || *s.p != '{')
    {
      scan_fail (&s, "a catalogue file is one JSON object");
      return scan_error (&s, name, error);
    }
  s.p++;
  s.depth = 1;
  skip_ws (&s);
  if (s.p < s.end && *s.p == '}')
    s.p++;
  else
    for (;;)
      {
        const char *raw;
        gsize raw_len;
        Span *span = NULL;
        g_autofree char *member = NULL;

        skip_ws (&s);
        if (s.p >= s.end || *s.p != '"')
          {
            scan_fail (&s, "expected a member name");
            return scan_error (&s, name, error);
          }
        if (!scan_string (&s, NULL, &raw, &raw_len))
          return scan_error (&s, name, error);
        member = unescape (raw, raw_len);
        skip_ws (&s);
        if (s.p >= s.end || *s.p != ':')
          {
            scan_fail (&s, "expected ':'");
            return scan_error (&s, name, error);
          }
        s.p++;
        skip_ws (&s);

        for (guint k = 0; k < N_KINDS; k++)
          if (strcmp (member, kinds[k].array) == 0)
            span = &spans->arrays[k];
        if (strcmp (member, "deletions") == 0)
          span = &spans->deletions;
        else if (strcmp (member, "format") == 0)
          span = &spans->format;

        if (span != NULL && span->begin != NULL)
          {
            scan_fail (&s, "member \"%s\" appears twice", member);
            return scan_error (&s, name, error);
          }
        if (span != NULL)
          span->begin = s.p;
        if (!scan_value (&s, NULL))
          return scan_error (&s, name, error);
        if (span != NULL)
          span->end = s.p;

        skip_ws (&s);
        if (s.p < s.end && *s.p == ',')
          {
            s.p++;
            continue;
          }
        if (s.p < s.end && *s.p == '}')
          {
            s.p++;
            break;
          }
        scan_fail (&s, "expected ',' or '}'");
        return scan_error (&s, name, error);
      }

  skip_ws (&s);
  if (s.p != s.end)
    {
      scan_fail (&s, "unexpected text after the top-level object");
      return scan_error (&s, name, error);
    }

  if (spans->format.begin != NULL)
    {
      static const char expected[] = "\"" CATALOGUE_FORMAT "\"";
      gsize n = spans->format.end - spans->format.begin;

      if (n != strlen (expected) || memcmp (spans->format.begin, expected, n) != 0)
        {
          g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
                       "%s: unknown \"format\" (expected \"%s\")",
                       name, CATALOGUE_FORMAT);
          return FALSE;
        }
    }

  for (guint k = 0; k < N_KINDS; k++)
    if (spans->arrays[k].begin != NULL && *spans->arrays[k].begin != '[')
      {
        g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
                     "%s: \"%s\" must be an array", name, kinds[k].array);
        return FALSE;
      }
  if (spans->deletions.begin != NULL && *spans->deletions.begin != '[')
    {
      g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_INVALID,
                   "%s: \"deletions\" must be an array", name);
      return FALSE;
    }

  return TRUE;
}

/* Iterates the objects of an array span validated by scan_file(). Returns
 * FALSE at the end (or on error, with s->err_msg set). */
static gboolean
next_object (Scan        *s,
             GString     *out,
             Capture     *caps,
             guint        n_caps,
             gboolean    *is_object)
{
  skip_ws (s);
  if (s->p < s->end && (*s->p == '[' || *s->p == ','))
    s->p++;
  skip_ws (s);
  if (s->p >= s->end || *s->p == ']')
    return FALSE;

  for (guint i = 0; i < n_caps; i++)
    caps[i].found = caps[i].is_string = FALSE;
  g_string_truncate (out, 0);

  *is_object = *s->p == '{';
  if (*is_object)
    return scan_object (s, out, caps, n_caps);
  return scan_value (s, out);
}

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

static char *
capture_key (Capture    *cap,
             const char *name,
             const char *array,
             guint       index,
             GError    **error)
{
  char *value;

  if (!cap->found || !cap->is_string || cap->len == 0)
    {
      invalid (error, name, array, index,
               "\"%s\" must be a non-empty string", cap->name);
      return NULL;
    }
  value = unescape (cap->raw, cap->len);
  if (*value == '\0')
    {
      g_free (value);
      invalid (error, name, array, index,
               "\"%s\" must be a non-empty string", cap->name);
      return NULL;
    }
  return value;
}

static gboolean
apply_entities (JgServerDb         *self,
                const char         *data,
                const char         *name,
                Kind                kind,
                Span               *span,
                GString            *buf,
                gboolean            fresh,
                JgServerLoadStats  *stats,
                GError            **error)
{
  Scan s = { data, span->begin, span->end, NULL, NULL, 0 };
  Capture caps[2] = { { 0 } };
  guint n_caps;
  guint index = 0;
  gboolean is_object;

  switch (kind)
    {
    case KIND_CODE:
      caps[0].name = "table";
      caps[1].name = "code";
      n_caps = 2;
      break;
    case KIND_OFFICER:
      caps[0].name = "id";
      n_caps = 1;
      break;
    default:
      caps[0].name = "code";
      n_caps = 1;
      break;
    }

  for (; next_object (&s, buf, caps, n_caps, &is_object); index++)
    {
      g_autofree char *key = NULL;

      if (!is_object)
        return invalid (error, name, kinds[kind].array, index,
                        "not a JSON object");

      key = capture_key (&caps[0], name, kinds[kind].array, index, error);
      if (key == NULL)
        return FALSE;
      if (kind == KIND_CODE)
        {
          g_autofree char *code = NULL;
          char *table = g_steal_pointer (&key);

          code = capture_key (&caps[1], name, kinds[kind].array, index, error);
          if (code == NULL)
            {
              g_free (table);
              return FALSE;
            }
          key = g_strconcat (table, "/", code, NULL);
          g_free (table);
        }

      if (!apply_change (self, kind, key, buf->str, buf->len, fresh, stats, error))
        return FALSE;
    }
  if (s.err_msg != NULL)
    return scan_error (&s, name, error);
  return TRUE;
}

typedef struct {
  Kind kind;
  char *key;
} Deletion;

static void
deletion_clear (gpointer p)
{
  g_free (((Deletion *) p)->key);
}

static gboolean
apply_deletions (JgServerDb         *self,
                 const char         *data,
                 const char         *name,
                 Span               *span,
                 GString            *buf,
                 JgServerLoadStats  *stats,
                 GError            **error)
{
  Scan s = { data, span->begin, span->end, NULL, NULL, 0 };
  Capture caps[2] = { { "type" }, { "key" } };
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Deletion));
  guint index = 0;
  gboolean is_object;

  g_array_set_clear_func (list, deletion_clear);

  for (; next_object (&s, buf, caps, 2, &is_object); index++)
    {
      g_autofree char *type = NULL;
      Deletion d = { N_KINDS, NULL };

      if (!is_object)
        return invalid (error, name, "deletions", index, "not a JSON object");
      type = capture_key (&caps[0], name, "deletions", index, error);
      if (type == NULL)
        return FALSE;
      for (guint k = 0; k < N_KINDS; k++)
        if (strcmp (type, kinds[k].type) == 0)
          d.kind = k;
      if (d.kind == N_KINDS)
        return invalid (error, name, "deletions", index,
                        "unknown type \"%s\"", type);
      d.key = capture_key (&caps[1], name, "deletions", index, error);
      if (d.key == NULL)
        return FALSE;
      g_array_append_val (list, d);
    }
  if (s.err_msg != NULL)
    return scan_error (&s, name, error);

  /* Referring entities first: officers, implementations, …, codes. */
  for (int k = N_KINDS - 1; k >= 0; k--)
    for (guint i = 0; i < list->len; i++)
      {
        Deletion *d = &g_array_index (list, Deletion, i);

        if ((int) d->kind == k &&
            !apply_change (self, d->kind, d->key, NULL, 0, FALSE, stats, error))
          return FALSE;
      }
  return TRUE;
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
  FileSpans spans;
  g_autoptr(GString) buf = NULL;
  gboolean fresh[G_N_ELEMENTS (feeds)] = { FALSE };

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (name == NULL)
    name = "catalogue";
  if (stats == NULL)
    stats = &local_stats;
  memset (stats, 0, sizeof *stats);

  /* Validate the whole file before touching the database. */
  if (!scan_file (data != NULL ? data : "", length, name, &spans, error))
    return FALSE;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; feeds[i] != NULL; i++)
    {
      gint64 latest;

      if (!query_latest (self, feeds[i], &latest, error))
        goto fail;
      fresh[i] = latest == 0;
    }

  buf = g_string_sized_new (4096);
  for (guint k = 0; k < N_KINDS; k++)
    if (spans.arrays[k].begin != NULL &&
        !apply_entities (self, data, name, k, &spans.arrays[k], buf,
                         fresh[feed_index (kinds[k].feed)],
                         stats, error))
      goto fail;
  if (spans.deletions.begin != NULL &&
      !apply_deletions (self, data, name, &spans.deletions, buf, stats, error))
    goto fail;

  if (!exec_sql (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  memset (stats, 0, sizeof *stats);
  return FALSE;
}

gboolean
jg_server_db_load_file (JgServerDb         *self,
                        const char         *filename,
                        JgServerLoadStats  *stats,
                        GError            **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  mapped = g_mapped_file_new (filename, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_FILE,
                   "%s", local_error->message);
      return FALSE;
    }

  return jg_server_db_load_data (self,
                                 g_mapped_file_get_contents (mapped),
                                 g_mapped_file_get_length (mapped),
                                 filename, stats, error);
}
