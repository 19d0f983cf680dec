/* jg-audit.c — what the records' and the posts' audit trails share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-audit.h"
#include "jg-record-store.h"

gboolean
jg_audit_insert (JgStore       *db,
                 sqlite3_stmt  *stmt,
                 const char    *uuid,
                 const char    *who,
                 const char    *action,
                 const char    *from_state,
                 const char    *to_state,
                 guint          revision,
                 const char    *detail,
                 GError       **error)
{
  g_autofree char *account = jg_record_store_dup_actor ();

  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  jg_store_bind_text (stmt, 3, who);
  jg_store_bind_text (stmt, 4, account);
  jg_store_bind_text (stmt, 5, g_get_host_name ());
  jg_store_bind_text (stmt, 6, action);
  jg_store_bind_text (stmt, 7, from_state);
  jg_store_bind_text (stmt, 8, to_state);
  sqlite3_bind_int (stmt, 9, revision);
  jg_store_bind_text (stmt, 10, detail);
  return jg_store_step_done (db, stmt, error);
}

char *
jg_audit_describe_actor (const char *who,
                         const char *account,
                         const char *host)
{
  const char *name;

  if (who != NULL)
    return g_strdup (who);
  name = account != NULL ? account : _("not signed in");
  if (host == NULL || *host == '\0')
    return g_strdup (name);
  /* TRANSLATORS: who made a change in a record's (or post's) history: the account (or
   * "not signed in") and the workstation's host name */
  return g_strdup_printf (_("%s (workstation %s)"), name, host);
}

void
jg_audit_entry_free (JgAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->who);
  g_free (entry->account);
  g_free (entry->host);
  g_free (entry->action);
  g_free (entry->from_state);
  g_free (entry->to_state);
  g_free (entry->detail);
  g_free (entry);
}

static gpointer
read_entry (JgStore      *db,
            sqlite3_stmt *stmt)
{
  JgAuditEntry *entry = g_new0 (JgAuditEntry, 1);

  entry->at = sqlite3_column_int64 (stmt, 0);
  entry->account = g_strdup (jg_store_column_text (stmt, 2));
  entry->host = g_strdup (jg_store_column_text (stmt, 3));
  entry->who = jg_audit_describe_actor (jg_store_column_text (stmt, 1), entry->account, entry->host);
  entry->action = g_strdup (jg_store_column_text (stmt, 4));
  entry->from_state = g_strdup (jg_store_column_text (stmt, 5));
  entry->to_state = g_strdup (jg_store_column_text (stmt, 6));
  entry->revision = sqlite3_column_int (stmt, 7);
  entry->detail = g_strdup (jg_store_column_text (stmt, 8));
  return entry;
}

GPtrArray *
jg_audit_read (JgStore       *db,
               JgAuditTable   table,
               const char    *uuid,
               GError       **error)
{
  /* The two tables differ in name and in their detail column's. */
  static const char *const sql[] = {
    [JG_AUDIT_RECORDS] = "SELECT at, who, account, host, action, from_state, to_state, revision, fields"
                         " FROM audit WHERE uuid = ? ORDER BY id",
    [JG_AUDIT_POSTS] = "SELECT at, who, account, host, action, from_state, to_state, revision, detail"
                       " FROM post_audit WHERE uuid = ? ORDER BY id",
  };
  sqlite3_stmt *stmt;

  g_return_val_if_fail (table < G_N_ELEMENTS (sql), NULL);

  stmt = jg_store_prepare (db, sql[table], error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, uuid);
  return jg_store_read_rows (db, stmt, read_entry, (GDestroyNotify) jg_audit_entry_free, error);
}

gboolean
jg_audit_last_is_delete (JgStore       *db,
                         JgAuditTable   table,
                         const char    *uuid,
                         gboolean      *is_delete,
                         GError       **error)
{
  static const char *const sql[] = {
    [JG_AUDIT_RECORDS] = "SELECT action FROM audit WHERE uuid = ? ORDER BY id DESC LIMIT 1",
    [JG_AUDIT_POSTS] = "SELECT action FROM post_audit WHERE uuid = ? ORDER BY id DESC LIMIT 1",
  };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (table < G_N_ELEMENTS (sql), FALSE);

  stmt = jg_store_prepare (db, sql[table], error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  *is_delete = rc == SQLITE_ROW && g_strcmp0 (jg_store_column_text (stmt, 0), "delete") == 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (db, error, rc);
  return TRUE;
}
