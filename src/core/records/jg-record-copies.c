/* jg-record-copies.c — the server's copies of the department's records
 *
 * What the record-state feed says the server holds of each record
 * (PROTOCOL.md, "Restoring records"), applied to the local store: how a
 * new or reinstalled workstation gets its department's records back, and
 * how every workstation keeps in step with what the others send. Part of
 * the record store (see jg-record-store-private.h): the only writer of
 * the record table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-record-states.h"
#include "jg-record-store-private.h"
#include "jg-store-private.h"

/* The history's actions of this file (the record editor words them). */
#define ACTION_RECEIVED "server-copy"       /* added from the server */
#define ACTION_UPDATED "server-update"      /* a newer revision from the server */
#define ACTION_DELETED "server-delete"      /* deleted on the server */
#define ACTION_KEPT_LOCAL "kept-local"      /* the server's revision set aside */

static gboolean
audit (JgStore     *store,
       const char  *uuid,
       const char  *action,
       const char  *fields,
       const char  *to_state,
       guint        revision,
       GError     **error)
{
  return jg_record_store_add_audit (store, uuid, JG_RECORD_STORE_SYNC_WHO, action, fields,
                                    NULL, to_state, revision, error);
}

/* Whether another record of @copy's department and kind holds its number
 * (an unsent local record numbered alike before numbers had workstation
 * codes: the server will refuse that one). */
static gboolean
number_held_elsewhere (JgStore   *store,
                       JgRecord  *copy,
                       gboolean  *taken,
                       GError   **error)
{
  JgRecordKind kind = jg_record_get_kind (copy);
  const char *number = jg_record_get (copy, jg_record_kind_number_key (kind));
  sqlite3_stmt *stmt;
  int rc;

  *taken = FALSE;
  if (number == NULL)
    return TRUE;
  stmt = jg_store_prepare (store,
                           "SELECT 1 FROM record WHERE department IS ?1 AND kind = ?2 AND number = ?3"
                           " AND holds_number = 1 AND uuid <> ?4", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, jg_record_get_department (copy));
  jg_store_bind_text (stmt, 2, jg_record_kind_to_string (kind));
  jg_store_bind_text (stmt, 3, number);
  jg_store_bind_text (stmt, 4, jg_record_get_uuid (copy));
  rc = sqlite3_step (stmt);
  *taken = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

/* Writes @copy as the accepted revision the server holds, in step (no
 * operation left to send). */
static gboolean
write_copy (JgStore   *store,
            JgRecord  *copy,
            gboolean   insert,
            GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean taken;

  if (!number_held_elsewhere (store, copy, &taken, error))
    return FALSE;
  /* The unique index of numbers holds non-drafts only: a copy whose
   * number a local record holds is written as a draft first, so that it
   * does not hold the number, then made accepted. */
  jg_record_set_identity (copy, NULL, jg_record_get_revision (copy),
                          taken ? JG_RECORD_STATE_DRAFT : JG_RECORD_STATE_ACCEPTED);
  if (!jg_record_store_write_row (store, copy, NULL, insert, FALSE, error))
    return FALSE;
  if (taken)
    {
      stmt = jg_store_prepare (store, "UPDATE record SET state = 'accepted' WHERE uuid = ?1", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, jg_record_get_uuid (copy));
      if (!jg_store_step_done (store, stmt, error))
        return FALSE;
      jg_record_set_identity (copy, NULL, jg_record_get_revision (copy), JG_RECORD_STATE_ACCEPTED);
    }
  return jg_record_store_remember_entity (store, copy, error)
         && jg_record_store_write_officers (store, copy, error);
}

/* The local copy has edits not yet sent and the server holds @held:
 * the edits are kept and go out as the revision after it. @say: the
 * history tells that the server's revision was set aside. */
static gboolean
keep_local (JgStore              *store,
            const char           *uuid,
            const JgStoredRecord *stored,
            guint                 held,
            gboolean              deleted,
            gboolean              deleting,
            gboolean              say,
            GError              **error)
{
  static const char * const rebase_sql[] = {
    /* A conflict with the server's revision (409) is what the rebase
     * resolves; what the rules said of these edits still stands. */
    "DELETE FROM record_reason WHERE uuid = ?1 AND code = " G_STRINGIFY (JG_RECORD_CODE_CONFLICT),
    "UPDATE record_reason SET revision = ?2 WHERE uuid = ?1",
    /* Refused only for the conflict: it goes out again, as it was meant to. */
    "UPDATE record SET state = 'ready' WHERE uuid = ?1 AND state = 'rejected'"
    " AND NOT EXISTS (SELECT 1 FROM record_reason WHERE uuid = ?1)",
  };
  sqlite3_stmt *stmt;
  g_autofree char *state = NULL;
  guint next;

  /* A deletion carries the revision it deletes; an edit the next one. An
   * edit of a record deleted on the server cannot become a revision of
   * it: it stays as it is, and the server's answer will say so. */
  next = deleting ? held : held + 1;
  if (!deleted)
    {
      stmt = jg_store_prepare (store,
                               "UPDATE record SET revision = ?2,"
                               " op = CASE WHEN op = 'd' THEN 'd' ELSE 'u' END WHERE uuid = ?1",
                               error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      sqlite3_bind_int (stmt, 2, next);
      if (!jg_store_step_done (store, stmt, error))
        return FALSE;
      for (guint i = 0; !deleting && stored->state == JG_RECORD_STATE_REJECTED &&
                        i < G_N_ELEMENTS (rebase_sql); i++)
        {
          stmt = jg_store_prepare (store, rebase_sql[i], error);
          if (stmt == NULL)
            return FALSE;
          jg_store_bind_text (stmt, 1, uuid);
          if (i == 1)
            sqlite3_bind_int (stmt, 2, next);
          if (!jg_store_step_done (store, stmt, error))
            return FALSE;
        }
    }
  if (!say)
    return TRUE;
  stmt = jg_store_prepare (store, "SELECT state FROM record WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state = g_strdup (jg_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return audit (store, uuid, ACTION_KEPT_LOCAL, NULL, state, held, error);
}

gboolean
jg_record_store_apply_server_copy (JgStore             *store,
                                   JgRecord            *copy,
                                   gboolean             deleted,
                                   JgServerCopyOutcome *outcome,
                                   GError             **error)
{
  g_auto(JgStoredRecord) stored = { 0 };
  g_autoptr(JgRecord) old = NULL;
  g_autofree char *fields = NULL;
  const char *uuid;
  guint held;
  gboolean in_step, deleting;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (JG_IS_RECORD (copy), FALSE);

  *outcome = JG_SERVER_COPY_NOTHING;
  uuid = jg_record_get_uuid (copy);
  held = jg_record_get_revision (copy);
  if (!jg_record_store_read_stored (store, uuid, &stored, error))
    return FALSE;

  if (!stored.exists)
    {
      if (deleted)
        return TRUE;
      if (!write_copy (store, copy, TRUE, error))
        return FALSE;
      fields = jg_record_store_changed_fields (copy, NULL);
      *outcome = JG_SERVER_COPY_ADDED;
      return audit (store, uuid, ACTION_RECEIVED, fields, "accepted", held, error);
    }

  /* Being sent: the answer (or the state of the revision sent) decides. */
  if (stored.state == JG_RECORD_STATE_SENDING)
    return TRUE;

  deleting = g_strcmp0 (stored.op, "d") == 0;
  in_step = stored.op == NULL && stored.state == JG_RECORD_STATE_ACCEPTED;

  if (deleted)
    {
      if (!in_step && !deleting)
        {
          *outcome = JG_SERVER_COPY_KEPT_LOCAL;
          return keep_local (store, uuid, &stored, held, TRUE, FALSE, TRUE, error);
        }
      *outcome = JG_SERVER_COPY_REMOVED;
      return jg_record_store_remove_row (store, uuid, error)
             && audit (store, uuid, ACTION_DELETED, NULL, NULL, held, error);
    }

  if (held < stored.revision || (held == stored.revision && (in_step || deleting)))
    return TRUE;

  old = jg_record_new_from_json (stored.json, NULL);
  fields = jg_record_store_changed_fields (copy, old);
  if (!in_step)
    {
      /* Edits not yet sent, made on an older revision (another
       * workstation sent a newer one meanwhile) or on this very one (its
       * answer was lost): they are kept, as the next revision. The
       * history says so when the server's differs from them. */
      gboolean say = deleting || fields != NULL;

      if (say)
        *outcome = JG_SERVER_COPY_KEPT_LOCAL;
      return keep_local (store, uuid, &stored, held, FALSE, deleting, say, error);
    }

  if (!write_copy (store, copy, FALSE, error))
    return FALSE;
  *outcome = JG_SERVER_COPY_UPDATED;
  return audit (store, uuid, ACTION_UPDATED, fields, "accepted", held, error);
}
