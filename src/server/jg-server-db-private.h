/* jg-server-db-private.h — raw SQLite access for the server's other stores
 *
 * jg-server-accounts.c and jg-server-records.c keep their tables in the
 * same database as the change log; they reach it through these. The
 * JgServerDb's own files (jg-server-db.c, jg-server-db-schema.c,
 * jg-server-feed.c, jg-server-catalogue-*.c) also share its fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "jg-server-db.h"

G_BEGIN_DECLS

/* The feeds of jg_server_db_get_feeds(), without its NULL. */
#define JG_SERVER_N_FEEDS 2

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

sqlite3      *jg_server_db_get_sqlite     (JgServerDb  *self);
/* Sets @error from the connection's last error; returns FALSE. */
gboolean      jg_server_db_fail           (JgServerDb  *self,
                                           GError     **error,
                                           const char  *what);
/* Constant SQL only. */
gboolean      jg_server_db_exec           (JgServerDb  *self,
                                           const char  *sql,
                                           GError     **error);
/* Ends the open transaction without its changes; after an error, whose
 * report it must not replace. */
void          jg_server_db_rollback       (JgServerDb  *self);
/* A statement prepared once per connection and kept, reset and with its
 * bindings cleared. @sql must be a constant. */
sqlite3_stmt *jg_server_db_prepare_cached (JgServerDb  *self,
                                           const char  *sql,
                                           GError     **error);
/* Creates or upgrades the tables (jg-server-db-schema.c); refuses a
 * database written by a newer server. */
gboolean      jg_server_db_migrate        (JgServerDb  *self,
                                           GError     **error);
/* Schema step 7 (jg-server-db-uuids.c): every stored UUID lower-cased,
 * one copy kept of each record and post stored under two spellings.
 * Inside the migration's transaction, with sign-offs open to renaming. */
gboolean      jg_server_db_lower_uuids    (JgServerDb  *self,
                                           GError     **error);

/* After sqlite3_step() on @stmt returned @rc: resets @stmt and, unless
 * the step gave a row or finished, fails with @what. Inline: the batch
 * apply runs it several times per record. */
static inline gboolean
jg_server_db_stepped (JgServerDb    *self,
                      sqlite3_stmt  *stmt,
                      int            rc,
                      const char    *what,
                      GError       **error)
{
  sqlite3_reset (stmt);
  if (G_LIKELY (rc == SQLITE_ROW || rc == SQLITE_DONE))
    return TRUE;
  return jg_server_db_fail (self, error, what);
}

/* Runs a statement that returns no row (a write), then resets it. */
static inline gboolean
jg_server_db_step_done (JgServerDb    *self,
                        sqlite3_stmt  *stmt,
                        const char    *what,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (G_LIKELY (rc == SQLITE_DONE))
    return TRUE;
  return jg_server_db_fail (self, error, what);
}

G_END_DECLS
