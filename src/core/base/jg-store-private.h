/* jg-store-private.h — the SQLite side of JgStore, for core modules only
 *
 * Public headers never include this: widgets, the CLI and the server see a
 * JgStore as an opaque connection and reach tables through core functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "jg-store.h"

G_BEGIN_DECLS

sqlite3      *jg_store_get_db                 (JgStore      *self);

/* A prepared statement, cached per connection and reset before it is
 * returned: never finalize it. */
sqlite3_stmt *jg_store_prepare                (JgStore      *self,
                                               const char   *sql,
                                               GError      **error);

/* Sets @error from the connection's last SQLite error, mapping the codes to
 * JgStoreError and a translated sentence. Always returns FALSE. */
gboolean      jg_store_set_error              (JgStore      *self,
                                               GError      **error,
                                               int           rc);

/* Steps @stmt once (a write, or a row that is not wanted), resets it, and
 * sets @error from a failure. */
gboolean      jg_store_step_done              (JgStore      *self,
                                               sqlite3_stmt *stmt,
                                               GError      **error);
/* Whether the query @sql, its one parameter bound to @text, gives a row;
 * FALSE when it cannot be run. */
gboolean      jg_store_has_row                (JgStore      *self,
                                               const char   *sql,
                                               const char   *text);
/* Makes the item of @stmt's current row, or NULL to leave the row out. */
typedef gpointer (*JgStoreReadRow) (JgStore      *self,
                                    sqlite3_stmt *stmt);
/* Steps @stmt (prepared on @self, bound) to its end and resets it: the
 * items @read_row makes of its rows, freed by @free_item, or NULL with
 * @error. The tail of every reader of a list. */
GPtrArray    *jg_store_read_rows              (JgStore        *self,
                                               sqlite3_stmt   *stmt,
                                               JgStoreReadRow  read_row,
                                               GDestroyNotify  free_item,
                                               GError        **error);
/* Binds a copy of @text, or NULL. */
void          jg_store_bind_text              (sqlite3_stmt *stmt,
                                               int           index,
                                               const char   *text);

static inline const char *
jg_store_column_text (sqlite3_stmt *stmt,
                      int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

G_END_DECLS
