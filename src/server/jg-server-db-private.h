/* jg-server-db-private.h — raw SQLite access for the server's other stores
 *
 * jg-server-accounts.c and jg-server-records.c keep their tables in the
 * same database as the change log; they reach it through these.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "jg-server-db.h"

G_BEGIN_DECLS

sqlite3      *jg_server_db_get_sqlite     (JgServerDb  *self);
/* Sets @error from the connection's last error; returns FALSE. */
gboolean      jg_server_db_fail           (JgServerDb  *self,
                                           GError     **error,
                                           const char  *what);
/* Constant SQL only. */
gboolean      jg_server_db_exec           (JgServerDb  *self,
                                           const char  *sql,
                                           GError     **error);
/* A statement prepared once per connection and kept, reset and with its
 * bindings cleared. @sql must be a constant. */
sqlite3_stmt *jg_server_db_prepare_cached (JgServerDb  *self,
                                           const char  *sql,
                                           GError     **error);

G_END_DECLS
