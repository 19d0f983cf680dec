/* jg-record-move.c — drafts written signed out, moved into the account
 *
 * See jg-record-move.h for the order of the two transactions and why it is
 * safe to run again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-record-move.h"
#include "jg-record-private.h"
#include "jg-record-store-private.h"
#include "jg-store-private.h"

#define MOVE_ACTION "move"
#define DEPARTMENT_FIELD "department"

#define DRAFTS_WHERE " WHERE state = 'draft' AND deleting = 0"

gboolean
jg_record_store_count_drafts_to_move (JgStore     *from,
                                      const char  *department,
                                      guint       *same,
                                      guint       *other,
                                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (from), FALSE);

  *same = *other = 0;
  stmt = jg_store_prepare (from,
                           "SELECT department IS ?1, count(*) FROM record" DRAFTS_WHERE
                           " GROUP BY 1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, department);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_int (stmt, 0) != 0)
        *same = (guint) sqlite3_column_int64 (stmt, 1);
      else
        *other = (guint) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (from, error, rc);
  return TRUE;
}

/* The uuids of @from's drafts in @scope. */
static GPtrArray *
list_drafts (JgStore            *from,
             const char         *department,
             JgRecordMoveScope   scope,
             GError            **error)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (from,
                           "SELECT uuid FROM record" DRAFTS_WHERE " AND (department IS ?1) = ?2"
                           " ORDER BY created, rowid", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, department);
  sqlite3_bind_int (stmt, 2, scope == JG_RECORD_MOVE_SAME_DEPARTMENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup (jg_store_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (from, error, rc);
      return NULL;
    }
  return g_steal_pointer (&uuids);
}

static gboolean
has_key (const char *fields,
         const char *key)
{
  g_auto(GStrv) keys = g_strsplit (fields != NULL ? fields : "", ",", -1);

  return g_strv_contains ((const char * const *) keys, key);
}

/* Whether the record's number is the one the app suggested when it created
 * the draft (jg_record_store_create_blank: a creation listing the number
 * alone) and nobody has changed it since. */
static gboolean
number_is_suggested (GPtrArray  *audit,
                     const char *number_key)
{
  JgAuditEntry *first;

  if (audit->len == 0)
    return FALSE;
  first = g_ptr_array_index (audit, 0);
  if (g_strcmp0 (first->action, "create") != 0 || g_strcmp0 (first->detail, number_key) != 0)
    return FALSE;
  for (guint i = 1; i < audit->len; i++)
    {
      JgAuditEntry *entry = g_ptr_array_index (audit, i);

      if (has_key (entry->detail, number_key))
        return FALSE;
    }
  return TRUE;
}

static gboolean
copy_audit (JgStore     *to,
            const char  *uuid,
            GPtrArray   *audit,
            GError     **error)
{
  for (guint i = 0; i < audit->len; i++)
    {
      JgAuditEntry *entry = g_ptr_array_index (audit, i);
      sqlite3_stmt *stmt;

      stmt = jg_store_prepare (to,
                               "INSERT INTO audit (uuid, at, who, action, fields, from_state, to_state,"
                               " revision, account, host) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                               error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      sqlite3_bind_int64 (stmt, 2, entry->at);
      /* The stored who, not the display one: audit rows name the agent only
       * (NULL for the person at the workstation). */
      jg_store_bind_text (stmt, 3, NULL);
      jg_store_bind_text (stmt, 4, entry->action);
      jg_store_bind_text (stmt, 5, entry->detail);
      jg_store_bind_text (stmt, 6, entry->from_state);
      jg_store_bind_text (stmt, 7, entry->to_state);
      sqlite3_bind_int (stmt, 8, entry->revision);
      jg_store_bind_text (stmt, 9, entry->account);
      jg_store_bind_text (stmt, 10, entry->host);
      if (!jg_store_step_done (to, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The save's own "create" entry becomes the move's, naming what changed. */
static gboolean
mark_move (JgStore     *to,
           const char  *fields,
           GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (to,
                           "UPDATE audit SET action = '" MOVE_ACTION "', fields = ?1"
                           " WHERE id = (SELECT max (id) FROM audit)", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, fields);
  return jg_store_step_done (to, stmt, error);
}

/* Copies one draft into @to, unless it is there already. */
static gboolean
copy_draft (JgStore     *from,
            JgStore     *to,
            const char  *uuid,
            const char  *department,
            gboolean    *copied,
            GError     **error)
{
  g_auto(JgStoredRecord) stored = { 0 };
  g_autoptr(JgRecord) record = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  const char *number_key;
  JgRecordKind kind;

  *copied = FALSE;
  if (!jg_record_store_read_stored (to, uuid, &stored, error))
    return FALSE;
  if (stored.exists)
    return TRUE;

  record = jg_record_store_load (from, uuid, error);
  audit = record != NULL ? jg_record_store_audit (from, uuid, error) : NULL;
  if (audit == NULL)
    return FALSE;

  kind = jg_record_get_kind (record);
  number_key = jg_record_kind_number_key (kind);
  if (g_strcmp0 (jg_record_get_department (record), department) != 0)
    {
      jg_record_set_department (record, department);
      g_string_append (changed, DEPARTMENT_FIELD);
    }
  if (number_key != NULL && number_is_suggested (audit, number_key))
    {
      g_autofree char *number = jg_record_store_suggest_number (to, kind, error);

      if (number == NULL)
        return FALSE;
      if (g_strcmp0 (number, jg_record_get (record, number_key)) != 0)
        {
          jg_record_set (record, number_key, number);
          g_string_append_printf (changed, "%s%s", changed->len > 0 ? "," : "", number_key);
        }
    }

  if (!copy_audit (to, uuid, audit, error)
      || !jg_record_store_save (to, record, NULL, error)
      || !mark_move (to, changed->len > 0 ? changed->str : NULL, error))
    return FALSE;
  *copied = TRUE;
  return TRUE;
}

/* Drops from @from each of @uuids that @to holds. */
static gboolean
drop_moved (JgStore    *from,
            JgStore    *to,
            GPtrArray  *uuids,
            GError    **error)
{
  if (!jg_store_begin (from, error))
    return FALSE;
  for (guint i = 0; i < uuids->len; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      g_auto(JgStoredRecord) stored = { 0 };
      sqlite3_stmt *stmt;

      if (!jg_record_store_read_stored (to, uuid, &stored, error))
        goto fail;
      if (!stored.exists)
        continue;
      stmt = jg_store_prepare (from, "DELETE FROM audit WHERE uuid = ?1", error);
      if (stmt == NULL)
        goto fail;
      jg_store_bind_text (stmt, 1, uuid);
      if (!jg_store_step_done (from, stmt, error)
          || !jg_record_store_remove_row (from, uuid, error))
        goto fail;
    }
  return jg_store_commit (from, error);

fail:
  jg_store_rollback (from);
  return FALSE;
}

gboolean
jg_record_store_move_drafts (JgStore            *from,
                             JgStore            *to,
                             JgRecordMoveScope   scope,
                             guint              *moved,
                             GError            **error)
{
  g_autofree char *department = NULL;
  g_autoptr(GPtrArray) uuids = NULL;

  g_return_val_if_fail (JG_IS_STORE (from), FALSE);
  g_return_val_if_fail (JG_IS_STORE (to), FALSE);

  *moved = 0;
  department = jg_record_store_get_department (to);
  if (department == NULL)
    {
      g_set_error_literal (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NO_DEPARTMENT,
                           _("This account has no department yet: the drafts written before signing in were left where they are."));
      return FALSE;
    }

  uuids = list_drafts (from, department, scope, error);
  if (uuids == NULL)
    return FALSE;
  if (uuids->len == 0)
    return TRUE;

  if (!jg_store_begin (to, error))
    return FALSE;
  for (guint i = 0; i < uuids->len; i++)
    {
      gboolean copied;

      if (!copy_draft (from, to, g_ptr_array_index (uuids, i), department, &copied, error))
        {
          jg_store_rollback (to);
          *moved = 0;
          return FALSE;
        }
      *moved += copied;
    }
  if (!jg_store_commit (to, error))
    {
      *moved = 0;
      return FALSE;
    }

  return drop_moved (from, to, uuids, error);
}
