/* jg-server-db-schema.c — the tables of the reference server's database
 *
 * The server's schema has one step per version, as the client's
 * migrations: a database from a newer server is refused untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-db-private.h"

#define SCHEMA_VERSION 3

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
      !jg_server_db_exec (self, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), error) ||
      !jg_server_db_exec (self, "COMMIT", error))
    {
      jg_server_db_rollback (self);
      return FALSE;
    }
  return TRUE;
}
