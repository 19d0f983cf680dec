/* jg-server-feed.c — reading the change log's feeds a page at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-db.h"
#include "jg-server-db-private.h"

#include <string.h>

#define READ_FAILED "Could not read the change log"

/* Runs @stmt, a one-row query about @feed: *@value is its first column,
 * 0 when there is no row. */
static gboolean
query_feed (JgServerDb    *self,
            sqlite3_stmt  *stmt,
            const char    *feed,
            gint64        *value,
            GError       **error)
{
  int rc;

  sqlite3_bind_text (stmt, 1, feed, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (!jg_server_db_stepped (self, stmt, rc, READ_FAILED, error))
    return FALSE;
  sqlite3_clear_bindings (stmt);
  return TRUE;
}

gboolean
jg_server_db_feed_has_data (JgServerDb  *self,
                            const char  *feed,
                            gboolean    *has_data,
                            GError     **error)
{
  gint64 one;

  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);

  if (!query_feed (self, self->stmt_has_data, feed, &one, error))
    return FALSE;
  *has_data = one != 0;
  return TRUE;
}

gboolean
jg_server_db_get_latest (JgServerDb  *self,
                         const char  *feed,
                         gint64      *latest,
                         GError     **error)
{
  g_return_val_if_fail (JG_IS_SERVER_DB (self), FALSE);
  return query_feed (self, self->stmt_latest, feed, latest, error);
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
  if (!jg_server_db_exec (self, "BEGIN", error))
    return FALSE;

  if (!jg_server_db_get_latest (self, feed, &page->latest, error))
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
      jg_server_db_fail (self, error, READ_FAILED);
      goto fail;
    }

  if (!jg_server_db_exec (self, "COMMIT", error))
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
  jg_server_db_rollback (self);
  return FALSE;
}
