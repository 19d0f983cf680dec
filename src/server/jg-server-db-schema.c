/* jg-server-db-schema.c — the tables of the reference server's database
 *
 * The server's schema has one step per version, as the client's
 * migrations: a database from a newer server is refused untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-db-private.h"

#define SCHEMA_VERSION 7

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

/* Version 3: workstations, and records restored from the server.
 *
 * A workstation (one installation of the client, for one department) is
 * given a short code, unique in its department, that goes into every
 * record number it suggests: two workstations can then never number two
 * records alike, even offline (PROTOCOL.md, "Workstations").
 *
 * Each record state in the feed also carries the revision the server
 * holds (`held`), so that a client can restore the department's records.
 * States written by a version 2 server are given theirs here; clients
 * read the feed again from the start (their own migration resets the
 * cursor), so the seqs need not change. */
static const char schema_v3_sql[] =
  "CREATE TABLE IF NOT EXISTS workstation ("
  "  department   TEXT NOT NULL,"
  "  installation TEXT NOT NULL,"   /* chosen by the client, once */
  "  code         TEXT NOT NULL,"   /* W01, W02, … */
  "  username     TEXT NOT NULL,"   /* who registered it first */
  "  created      INTEGER NOT NULL,"
  "  PRIMARY KEY (department, installation),"
  "  UNIQUE (department, code)"
  ");"
  "UPDATE change SET data = json_set (data, '$.held', json ("
  "    '{\"revision\":' || r.revision || ',\"op\":' || json_quote (r.op)"
  "    || ',\"department\":' || json_quote (r.department)"
  "    || ',\"number\":' || json_quote (r.number) || ','"
  "    || substr (CASE WHEN r.op = 'd'"
  "                    THEN '{\"kind\":' || json_quote (r.kind) || ',\"deleted\":true}'"
  "                    ELSE rr.payload END, 2)))"
  "  FROM record r LEFT JOIN record_revision rr"
  "    ON rr.uuid = r.uuid AND rr.revision = r.revision"
  "  WHERE change.feed = 'records/' || r.department AND change.type = 'record'"
  "    AND change.key = r.uuid AND (r.op = 'd' OR rr.payload IS NOT NULL);";

/* A sign-off is never rewritten; step 7 drops this trigger for the length
 * of its renames only. */
#define SIGNOFF_NO_UPDATE_SQL \
  "CREATE TRIGGER IF NOT EXISTS post_signoff_no_update BEFORE UPDATE ON post_signoff" \
  "  BEGIN SELECT RAISE (ABORT, 'a sign-off is never rewritten'); END;"

/* Version 4: posts (监管动态 and 曝光台), their images, review and quota
 * settings (PROTOCOL.md, "Posts"). jg-server-posts*.c and
 * jg-server-images.c are the only writers.
 *
 * `post` holds each post's newest revision and where it stands;
 * `post_revision` every revision the server accepted, with its canonical
 * payload (what an identical resend is compared with); `post_check` the
 * client's wording and privacy results that came with each revision, for
 * the reviewers; `post_signoff` every sign-off, append-only: triggers
 * refuse to change or delete one, since whoever reviews is accountable
 * for what they signed. The feed "posts/<department>" of the change log
 * carries each post whole (its seq is post.seq).
 *
 * The wording list has no table of its own: it is the feed "wording" of
 * the change log (type `wording`, key the wrong text, a `delete`
 * tombstone when removed), so that it pages, and keeps its deletions,
 * exactly like the catalogue. */
static const char schema_v4_sql[] =
  "CREATE TABLE IF NOT EXISTS setting ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE IF NOT EXISTS review_levels ("
  "  department TEXT PRIMARY KEY,"
  "  levels     INTEGER NOT NULL CHECK (levels BETWEEN 1 AND 3)"
  ");"
  "CREATE TABLE IF NOT EXISTS quota_rule ("
  "  column_name TEXT PRIMARY KEY,"
  "  sort        INTEGER NOT NULL,"
  "  updates     INTEGER NOT NULL CHECK (updates >= 0),"
  "  items       INTEGER NOT NULL CHECK (items >= 0)"
  ");"
  /* The plan's thresholds (item 13). */
  "INSERT OR IGNORE INTO quota_rule (column_name, sort, updates, items)"
  "  VALUES ('dynamics', 0, 2, 4), ('exposure', 1, 1, 1);"
  "CREATE TABLE IF NOT EXISTS post ("
  "  uuid            TEXT PRIMARY KEY,"
  "  department      TEXT NOT NULL,"
  "  column_name     TEXT NOT NULL CHECK (column_name IN ('dynamics', 'exposure')),"
  "  revision        INTEGER NOT NULL,"
  "  fields          TEXT NOT NULL,"      /* canonical JSON object */
  "  state           TEXT NOT NULL CHECK (state IN"
  "                    ('in_review', 'returned', 'published', 'withdrawn', 'deleted')),"
  "  level           INTEGER NOT NULL,"   /* waiting, or that returned it */
  "  levels          INTEGER NOT NULL CHECK (levels BETWEEN 1 AND 3),"
  "  created_by      TEXT NOT NULL,"
  "  created_at      INTEGER NOT NULL,"
  "  updated_by      TEXT NOT NULL,"
  "  updated_at      INTEGER NOT NULL,"
  "  published_at    INTEGER,"            /* server time, unix seconds */
  "  withdrawn_at    INTEGER,"
  "  withdrawn_by    TEXT,"
  "  withdraw_reason TEXT,"
  "  seq             INTEGER"             /* its change in the feed */
  ");"
  "CREATE INDEX IF NOT EXISTS post_published ON post (department, published_at);"
  "CREATE TABLE IF NOT EXISTS post_revision ("
  "  uuid        TEXT NOT NULL,"
  "  revision    INTEGER NOT NULL,"
  "  payload     TEXT NOT NULL,"          /* canonical {column, fields, images, checks} */
  "  batch       TEXT NOT NULL,"
  "  received_by TEXT NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  PRIMARY KEY (uuid, revision)"
  ");"
  "CREATE TABLE IF NOT EXISTS post_check ("
  "  uuid     TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  ord      INTEGER NOT NULL,"
  "  field    TEXT,"
  "  severity TEXT NOT NULL,"
  "  issue    TEXT NOT NULL,"             /* the issue as sent, canonical JSON */
  "  PRIMARY KEY (uuid, revision, ord)"
  ");"
  "CREATE TABLE IF NOT EXISTS post_signoff ("
  "  id       INTEGER PRIMARY KEY,"
  "  uuid     TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  level    INTEGER NOT NULL,"
  "  reviewer TEXT NOT NULL,"
  "  decision TEXT NOT NULL CHECK (decision IN ('approve', 'return')),"
  "  comment  TEXT NOT NULL,"
  "  at       INTEGER NOT NULL,"
  "  UNIQUE (uuid, revision, level)"
  ");"
  SIGNOFF_NO_UPDATE_SQL
  "CREATE TRIGGER IF NOT EXISTS post_signoff_no_delete BEFORE DELETE ON post_signoff"
  "  BEGIN SELECT RAISE (ABORT, 'a sign-off is never deleted'); END;"
  "CREATE TABLE IF NOT EXISTS image ("
  "  sha256     TEXT PRIMARY KEY,"          /* 64 lowercase hex: the file's name */
  "  mime       TEXT,"
  "  size       INTEGER NOT NULL,"          /* announced total, in bytes */
  "  width      INTEGER,"
  "  height     INTEGER,"
  "  complete   INTEGER NOT NULL DEFAULT 0,"
  "  received   INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL"
  ");"
  /* Departments that uploaded an image: they may read it back. */
  "CREATE TABLE IF NOT EXISTS image_owner ("
  "  sha256     TEXT NOT NULL,"
  "  department TEXT NOT NULL,"
  "  PRIMARY KEY (sha256, department)"
  ");"
  "CREATE TABLE IF NOT EXISTS post_image ("
  "  uuid     TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  ord      INTEGER NOT NULL,"
  "  sha256   TEXT NOT NULL,"
  "  PRIMARY KEY (uuid, revision, ord)"
  ");"
  "CREATE INDEX IF NOT EXISTS post_image_sha ON post_image (sha256);";

/* Version 5: the city role and the coverage targets (PROTOCOL.md,
 * "Coverage", "The city's view"). SQLite cannot change a CHECK: the
 * account table is copied into one that also takes "city". Every step
 * runs again on a new database (IF NOT EXISTS), so this copy must hold
 * for a table made by version 2 as much as for one made by version 5.
 * coverage_target holds the plan's targets, from a day of every year
 * ("MM-DD"); jg-server-coverage.c is their only writer. */
static const char schema_v5_sql[] =
  "CREATE TABLE account_v5 ("
  "  username   TEXT PRIMARY KEY,"
  "  department TEXT NOT NULL,"
  "  role       TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'city')),"
  "  pwhash     TEXT NOT NULL,"
  "  created    INTEGER NOT NULL"
  ");"
  "INSERT INTO account_v5 (username, department, role, pwhash, created)"
  "  SELECT username, department, role, pwhash, created FROM account;"
  "DROP TABLE account;"
  "ALTER TABLE account_v5 RENAME TO account;"
  "CREATE TABLE IF NOT EXISTS coverage_target ("
  "  from_day TEXT PRIMARY KEY,"
  "  percent  INTEGER NOT NULL CHECK (percent BETWEEN 1 AND 100)"
  ");"
  "INSERT OR IGNORE INTO coverage_target (from_day, percent)"
  "  VALUES ('06-01', 80), ('12-01', 100);";

/* Version 6: the working-day calendar (PROTOCOL.md, "Quota"): the public
 * holidays ("off") and the weekend days worked in their stead ("work");
 * every other day is Monday–Friday. jg-server-posts-settings.c is its only
 * writer; the quota answer carries it to the clients. */
static const char schema_v6_sql[] =
  "CREATE TABLE IF NOT EXISTS work_calendar ("
  "  day  TEXT PRIMARY KEY,"                 /* YYYY-MM-DD, Asia/Shanghai */
  "  kind TEXT NOT NULL CHECK (kind IN ('off', 'work'))"
  ");";

gboolean
jg_server_db_migrate (JgServerDb  *self,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int version;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return jg_server_db_fail (self, error, "Could not prepare a statement");
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return jg_server_db_fail (self, error, "Could not read the schema version");
    }
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_SQLITE,
                   "%s was written by a newer jianguan-server (schema %d)",
                   self->path, version);
      return FALSE;
    }
  if (version == SCHEMA_VERSION)
    return TRUE;

  if (!jg_server_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!jg_server_db_exec (self, schema_sql, error) ||
      !jg_server_db_exec (self, schema_v2_sql, error) ||
      !jg_server_db_exec (self, schema_v3_sql, error) ||
      !jg_server_db_exec (self, schema_v4_sql, error) ||
      !jg_server_db_exec (self, schema_v5_sql, error) ||
      !jg_server_db_exec (self, schema_v6_sql, error) ||
      /* Version 7: the UUIDs an older server kept upper-case, lowered
       * (jg-server-db-uuids.c). */
      !jg_server_db_exec (self, "DROP TRIGGER IF EXISTS post_signoff_no_update", error) ||
      !jg_server_db_lower_uuids (self, error) ||
      !jg_server_db_exec (self, SIGNOFF_NO_UPDATE_SQL, error) ||
      !jg_server_db_exec (self, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), error) ||
      !jg_server_db_exec (self, "COMMIT", error))
    {
      jg_server_db_rollback (self);
      return FALSE;
    }
  return TRUE;
}
