/* jg-record-states.c — a record's states, its audit trail and the reasons
 * of its rejections
 *
 * See jg-record-states.h for the sync's side of the life cycle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-audit.h"
#include "jg-record-states.h"
#include "jg-record-store-private.h"
#include "jg-store-private.h"
#include "jg-validate.h"

#define SYNC_WHO JG_RECORD_STORE_SYNC_WHO

/* --- who ------------------------------------------------------------------ */

/* The signed-in account, for every connection of the process: the GUI's
 * import and the sync open connections of their own, and all of them
 * write for the person at this workstation. */
static GMutex actor_lock;
static char *actor_account;

void
jg_record_store_set_actor (const char *account)
{
  g_mutex_lock (&actor_lock);
  g_free (actor_account);
  actor_account = account != NULL && *account != '\0' ? g_strdup (account) : NULL;
  g_mutex_unlock (&actor_lock);
}

char *
jg_record_store_dup_actor (void)
{
  char *account;

  g_mutex_lock (&actor_lock);
  account = g_strdup (actor_account);
  g_mutex_unlock (&actor_lock);
  return account;
}

/* --- audit ---------------------------------------------------------------- */

gboolean
jg_record_store_add_audit (JgStore    *store,
                           const char *uuid,
                           const char *who,
                           const char *action,
                           const char *fields,
                           const char *from_state,
                           const char *to_state,
                           guint       revision,
                           GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store,
                           "INSERT INTO audit (uuid, at, who, account, host, action, from_state, to_state,"
                           " revision, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  return stmt != NULL
         && jg_audit_insert (store, stmt, uuid, who, action, from_state, to_state, revision, fields, error);
}

GPtrArray *
jg_record_store_audit (JgStore     *store,
                       const char  *uuid,
                       GError     **error)
{
  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  return jg_audit_read (store, JG_AUDIT_RECORDS, uuid, error);
}

/* --- states set by people ------------------------------------------------- */

gboolean
jg_record_store_set_state (JgStore        *store,
                           JgRecord       *record,
                           JgRecordState   state,
                           const char     *who,
                           GError        **error)
{
  g_auto(JgStoredRecord) stored = { 0 };
  g_autoptr(JgRecord) current = NULL;
  sqlite3_stmt *stmt;
  const char *op;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (JG_IS_RECORD (record), FALSE);

  if (!jg_store_begin (store, error))
    return FALSE;
  if (!jg_record_store_read_stored (store, jg_record_get_uuid (record), &stored, error))
    goto fail;
  if (!stored.exists || g_strcmp0 (stored.op, "d") == 0)
    {
      jg_record_store_not_found (error);
      goto fail;
    }
  if (stored.state == state)
    {
      jg_store_rollback (store);
      jg_record_set_identity (record, NULL, stored.revision, state);
      return TRUE;
    }

  if (state == JG_RECORD_STATE_READY)
    {
      current = jg_record_new_from_json (stored.json, error);
      if (current == NULL)
        goto fail;
      jg_record_set_identity (current, jg_record_get_uuid (record), stored.revision, stored.state);
      if (!jg_record_store_validates (store, current, error))
        goto fail;
    }

  op = stored.op;
  if (state == JG_RECORD_STATE_ACCEPTED)
    op = NULL;

  stmt = jg_store_prepare (store,
                           "UPDATE record SET state = ?1, op = ?2, blank = 0,"
                           " holds_number = (?1 <> 'draft' AND deleting = 0) WHERE uuid = ?3", error);
  if (stmt == NULL)
    goto fail;
  jg_store_bind_text (stmt, 1, jg_record_state_to_string (state));
  jg_store_bind_text (stmt, 2, op);
  jg_store_bind_text (stmt, 3, jg_record_get_uuid (record));
  if (!jg_store_step_done (store, stmt, error)
      || !jg_record_store_add_audit (store, jg_record_get_uuid (record), who, "state", NULL,
                                     jg_record_state_to_string (stored.state),
                                     jg_record_state_to_string (state), stored.revision, error)
      || !jg_store_commit (store, error))
    goto fail;

  jg_record_set_identity (record, NULL, stored.revision, state);
  return TRUE;

fail:
  jg_store_rollback (store);
  return FALSE;
}

/* --- removing ------------------------------------------------------------- */

gboolean
jg_record_store_remove_row (JgStore     *store,
                            const char  *uuid,
                            GError     **error)
{
  static const char * const sql[] = {
    "DELETE FROM record WHERE uuid = ?1",
    "DELETE FROM record_officer WHERE uuid = ?1",
    "DELETE FROM record_reason WHERE uuid = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = jg_store_prepare (store, sql[i], error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      if (!jg_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* --- reasons -------------------------------------------------------------- */

void
jg_record_reason_free (JgRecordReason *reason)
{
  if (reason == NULL)
    return;
  g_free (reason->field);
  g_free (reason->message);
  g_free (reason);
}

GPtrArray *
jg_record_store_get_reasons (JgStore     *store,
                             const char  *uuid,
                             GError     **error)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_record_reason_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (store,
                           "SELECT field, message, code FROM record_reason"
                           " WHERE uuid = ?1 AND revision = (SELECT revision FROM record WHERE uuid = ?1)"
                           " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgRecordReason *reason = g_new0 (JgRecordReason, 1);
      reason->field = g_strdup (jg_store_column_text (stmt, 0));
      reason->message = g_strdup (jg_store_column_text (stmt, 1));
      reason->code = sqlite3_column_int (stmt, 2);
      g_ptr_array_add (reasons, reason);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  return g_steal_pointer (&reasons);
}

static gboolean
clear_reasons (JgStore     *store,
               const char  *uuid,
               GError     **error)
{
  sqlite3_stmt *stmt = jg_store_prepare (store, "DELETE FROM record_reason WHERE uuid = ?1", error);

  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  return jg_store_step_done (store, stmt, error);
}

/* The reason's sentence in this program's language: the server sends, beside
 * its own sentence, the template it was made from (a msgid of the
 * validator or of the server, which this catalogue shares) and its
 * arguments, those that are labels as {"msgid": …}. NULL when there is no
 * template, or one this version cannot render: the server's sentence is
 * shown then. */
static char *
translated_reason (JsonObject *object)
{
  const char *template = json_object_get_string_member_with_default (object, "template", NULL);
  g_autoptr(GPtrArray) args = NULL;
  guint32 msgid_args = 0;
  JsonArray *array;

  if (template == NULL || !json_object_has_member (object, "args") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "args")))
    return NULL;
  array = json_object_get_array_member (object, "args");
  args = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (args, (gpointer) json_node_get_string (node));
      else if (JSON_NODE_HOLDS_OBJECT (node) && i < 32 &&
               json_object_get_string_member_with_default (json_node_get_object (node),
                                                           "msgid", NULL) != NULL)
        {
          g_ptr_array_add (args, (gpointer) json_object_get_string_member (json_node_get_object (node),
                                                                           "msgid"));
          msgid_args |= 1u << i;
        }
      else
        return NULL;
    }
  g_ptr_array_add (args, NULL);
  return jg_issue_render (template, (const char * const *) args->pdata, msgid_args);
}

/* The client's own sentence for @field of record @uuid, when its rules find
 * an error there too: for reasons the server sends without a template (a
 * check-digit error, whose sentence comes from jg-id-check.c). @issues is
 * filled on first use. NULL when the rules here see no error there. */
static const char *
local_reason (JgStore     *store,
              const char  *uuid,
              const char  *field,
              GPtrArray  **issues)
{
  if (field == NULL)
    return NULL;
  if (*issues == NULL)
    {
      g_autoptr(JgRecord) record = jg_record_store_load (store, uuid, NULL);
      JgValidationContext *context;

      if (record == NULL)
        return NULL;
      context = jg_record_store_get_context (store);
      *issues = jg_validate_record (record, context);
      jg_validation_context_free (context);
    }
  for (guint i = 0; i < (*issues)->len; i++)
    {
      JgIssue *issue = (*issues)->pdata[i];
      if (issue->severity == JG_ISSUE_ERROR && g_strcmp0 (issue->field, field) == 0)
        return issue->message;
    }
  return NULL;
}

/* Replaces the record's reasons by those of @reasons (a JSON array, may be
 * NULL); at least one row is written, so that the rejected revision is
 * known to be held by the server. */
static gboolean
store_reasons (JgStore     *store,
               const char  *uuid,
               guint        revision,
               char         op,
               guint        code,
               JsonArray   *reasons,
               GError     **error)
{
  g_autoptr(GPtrArray) local_issues = NULL;
  sqlite3_stmt *stmt;
  guint n = reasons ? json_array_get_length (reasons) : 0;
  guint written = 0;
  char op_text[2] = { op, 0 };

  if (!clear_reasons (store, uuid, error))
    return FALSE;

  for (guint i = 0; i <= n; i++)
    {
      g_autofree char *translated = NULL;
      const char *field = NULL;
      const char *message = NULL;

      if (i < n)
        {
          JsonNode *node = json_array_get_element (reasons, i);
          JsonObject *object;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          object = json_node_get_object (node);
          field = json_object_get_string_member_with_default (object, "field", NULL);
          message = json_object_get_string_member_with_default (object, "message", NULL);
          if (message == NULL)
            continue;
          translated = translated_reason (object);
          if (translated != NULL)
            message = translated;
          else if (!json_object_has_member (object, "template"))
            message = local_reason (store, uuid, field, &local_issues) ?: message;
        }
      else if (written > 0)
        break;
      else
        message = code == JG_RECORD_CODE_CONFLICT ? _("Another version of this record is already on the server.")
                : code == JG_RECORD_CODE_NOT_ALLOWED ? _("The record belongs to another department.")
                : _("The server refused the record.");

      stmt = jg_store_prepare (store,
                               "INSERT INTO record_reason (uuid, revision, op, code, field, message)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      sqlite3_bind_int (stmt, 2, revision);
      jg_store_bind_text (stmt, 3, op ? op_text : NULL);
      sqlite3_bind_int (stmt, 4, code);
      jg_store_bind_text (stmt, 5, field);
      jg_store_bind_text (stmt, 6, message);
      if (!jg_store_step_done (store, stmt, error))
        return FALSE;
      written++;
    }
  return TRUE;
}

/* --- sending -------------------------------------------------------------- */

/* What is queued: ready records and pending deletions, except those being
 * sent and deletions the server refused. */
#define QUEUED_WHERE \
  " WHERE (r.state = 'ready' OR r.deleting = 1) AND r.state <> 'sending'" \
  "   AND NOT (r.deleting = 1 AND r.state = 'rejected')"

gboolean
jg_record_store_count_queued (JgStore  *store,
                              guint64  *count,
                              GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *count = 0;
  stmt = jg_store_prepare (store, "SELECT count(*) FROM record r" QUEUED_WHERE, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

gboolean
jg_record_store_foreach_queued (JgStore             *store,
                                guint                limit,
                                JgQueuedRecordFunc   func,
                                gpointer             user_data,
                                GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* A revision the server holds with other content (409) cannot be sent with
   * other content: the correction goes out as the next revision. */
  stmt = jg_store_prepare (store,
                           "SELECT r.uuid, r.revision, r.op, r.kind, r.department,"
                           " json_extract (r.fields, '$.fields'), r.state,"
                           " EXISTS (SELECT 1 FROM record_reason x WHERE x.uuid = r.uuid"
                           "         AND x.revision = r.revision AND x.code = " G_STRINGIFY (JG_RECORD_CODE_CONFLICT)
                           "         AND x.op IS NOT 'd'), r.rowid"
                           " FROM record r" QUEUED_WHERE
                           " ORDER BY r.created, r.rowid LIMIT ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *op = jg_store_column_text (stmt, 2);
      JgQueuedRecord record = {
        .uuid = jg_store_column_text (stmt, 0),
        .rowid = sqlite3_column_int64 (stmt, 8),
        .revision = sqlite3_column_int (stmt, 1),
        .op = op ? op[0] : 'u',
        .kind = jg_store_column_text (stmt, 3),
        .department = jg_store_column_text (stmt, 4),
        .fields = jg_store_column_text (stmt, 5),
      };

      if (record.op != 'd' && sqlite3_column_int (stmt, 7))
        {
          record.revision++;
          record.op = 'u';
        }
      /* Only the state changes unless the revision or operation does: the
       * narrower UPDATE leaves the indexes that depend on op alone. */
      record.same = op != NULL && op[0] == record.op &&
                    record.revision == (guint) sqlite3_column_int (stmt, 1);
      if (!func (&record, user_data, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

gboolean
jg_record_store_mark_sending (JgStore  *store,
                              gint64    rowid,
                              guint     revision,
                              char      op,
                              gboolean  same,
                              GError  **error)
{
  sqlite3_stmt *stmt;
  char op_text[2] = { op, 0 };

  if (same)
    {
      stmt = jg_store_prepare (store, "UPDATE record SET state = 'sending' WHERE rowid = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      return jg_store_step_done (store, stmt, error);
    }
  stmt = jg_store_prepare (store,
                           "UPDATE record SET state = 'sending', revision = ?2,"
                           " op = CASE WHEN op = 'd' THEN 'd' ELSE ?3 END"
                           " WHERE rowid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_int (stmt, 2, revision);
  jg_store_bind_text (stmt, 3, op_text);
  return jg_store_step_done (store, stmt, error);
}

gboolean
jg_record_store_unmark_sending (JgStore     *store,
                                const char  *uuid,
                                guint        revision,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store,
                           "UPDATE record SET state = 'ready'"
                           " WHERE uuid = ?1 AND revision = ?2 AND state = 'sending'", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int (stmt, 2, revision);
  return jg_store_step_done (store, stmt, error);
}

/* --- answers -------------------------------------------------------------- */

typedef struct {
  gboolean   exists;
  char       state[16];
  guint      revision;
  char       op;              /* 0 when none */
} Row;

static gboolean
read_row (JgStore     *store,
          const char  *uuid,
          Row         *row,
          GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (row, 0, sizeof *row);
  stmt = jg_store_prepare (store, "SELECT state, revision, op FROM record WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->exists = TRUE;
      g_strlcpy (row->state, jg_store_column_text (stmt, 0) ?: "", sizeof row->state);
      row->revision = sqlite3_column_int (stmt, 1);
      row->op = jg_store_column_text (stmt, 2) ? jg_store_column_text (stmt, 2)[0] : 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

static gboolean
set_row (JgStore     *store,
         const char  *uuid,
         const char  *state,
         gboolean     clear_op,
         GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store,
                           "UPDATE record SET state = ?2, op = CASE WHEN ?3 THEN NULL ELSE op END"
                           " WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  jg_store_bind_text (stmt, 2, state);
  sqlite3_bind_int (stmt, 3, clear_op);
  return jg_store_step_done (store, stmt, error);
}

static gboolean
sync_audit (JgStore     *store,
            const char  *uuid,
            const char  *from,
            const char  *to,
            guint        revision,
            GError     **error)
{
  return jg_record_store_add_audit (store, uuid, SYNC_WHO, "state", NULL, from, to, revision, error);
}

/* The server holds @revision: accepted, operation cleared, reasons gone. */
static gboolean
accept (JgStore     *store,
        const char  *uuid,
        const char  *from,
        guint        revision,
        GError     **error)
{
  return set_row (store, uuid, "accepted", TRUE, error)
         && clear_reasons (store, uuid, error)
         && sync_audit (store, uuid, from, "accepted", revision, error);
}

static gboolean
reject (JgStore     *store,
        const char  *uuid,
        const char  *from,
        guint        revision,
        char         op,
        guint        code,
        JsonArray   *reasons,
        GError     **error)
{
  return set_row (store, uuid, "rejected", FALSE, error)
         && store_reasons (store, uuid, revision, op, code, reasons, error)
         && sync_audit (store, uuid, from, "rejected", revision, error);
}

typedef enum { ACCEPT_FAILED = -1, ACCEPT_NOT_SENDING, ACCEPT_DONE } AcceptOutcome;

/* The common case, in one statement: an accepted record still "sending"
 * the revision sent, neither edited nor deleted meanwhile. Any other
 * situation is ACCEPT_NOT_SENDING, and the caller reads the row. */
static AcceptOutcome
accept_sent (JgStore     *store,
             const char  *uuid,
             gint64       rowid,
             guint        revision,
             GError     **error)
{
  sqlite3_stmt *stmt;

  /* By rowid when known; the uuid is checked all the same, as a rowid may
   * have gone to another record since the batch was written. */
  if (rowid > 0)
    stmt = jg_store_prepare (store,
                             "UPDATE record SET state = 'accepted', op = NULL"
                             " WHERE rowid = ?3 AND uuid = ?1 AND revision = ?2"
                             " AND state = 'sending' AND deleting = 0", error);
  else
    stmt = jg_store_prepare (store,
                             "UPDATE record SET state = 'accepted', op = NULL"
                             " WHERE uuid = ?1 AND revision = ?2 AND state = 'sending' AND deleting = 0",
                             error);
  if (stmt == NULL)
    return ACCEPT_FAILED;
  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int (stmt, 2, revision);
  if (rowid > 0)
    sqlite3_bind_int64 (stmt, 3, rowid);
  if (!jg_store_step_done (store, stmt, error))
    return ACCEPT_FAILED;
  if (sqlite3_changes (jg_store_get_db (store)) != 1)
    return ACCEPT_NOT_SENDING;
  if (!clear_reasons (store, uuid, error) ||
      !sync_audit (store, uuid, "sending", "accepted", revision, error))
    return ACCEPT_FAILED;
  return ACCEPT_DONE;
}

gboolean
jg_record_store_apply_answer (JgStore     *store,
                              const char  *uuid,
                              gint64       rowid,
                              guint        revision,
                              char         op,
                              gboolean     accepted,
                              guint        code,
                              JsonArray   *reasons,
                              GError     **error)
{
  Row row;

  if (accepted && op != 'd')
    {
      AcceptOutcome outcome = accept_sent (store, uuid, rowid, revision, error);
      if (outcome != ACCEPT_NOT_SENDING)
        return outcome == ACCEPT_DONE;
    }

  if (!read_row (store, uuid, &row, error))
    return FALSE;
  if (!row.exists || row.revision != revision)
    return TRUE;

  if (op == 'd')
    {
      if (accepted)
        return jg_record_store_remove_row (store, uuid, error);
      return set_row (store, uuid, "rejected", FALSE, error)
             && store_reasons (store, uuid, revision, 'd', code, reasons, error);
    }

  if (row.op == 'd')
    {
      /* Deleted while it was being sent. */
      if (accepted)
        return set_row (store, uuid, "accepted", FALSE, error);
      if (op == 'i' && code != JG_RECORD_CODE_CONFLICT)
        return jg_record_store_remove_row (store, uuid, error);   /* the server never held it */
      return set_row (store, uuid, "ready", FALSE, error);
    }

  if (g_str_equal (row.state, "sending"))
    {
      if (accepted)
        return accept (store, uuid, "sending", revision, error);
      return reject (store, uuid, "sending", revision, op, code, reasons, error);
    }

  /* Edited while it was being sent: the server holds the revision as sent,
   * so the edit becomes the next revision. The history says what became
   * of the revision sent, although the record stays as edited. */
  if (accepted)
    {
      sqlite3_stmt *stmt = jg_store_prepare (store,
                                             "UPDATE record SET revision = revision + 1, op = 'u'"
                                             " WHERE uuid = ?1", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      return jg_store_step_done (store, stmt, error)
             && clear_reasons (store, uuid, error)
             && sync_audit (store, uuid, "sending", "accepted", revision, error);
    }
  return store_reasons (store, uuid, revision, op, code, reasons, error)
         && sync_audit (store, uuid, "sending", "rejected", revision, error);
}

gboolean
jg_record_store_apply_state (JgStore     *store,
                             const char  *uuid,
                             guint        revision,
                             gboolean     accepted,
                             guint        code,
                             JsonArray   *reasons,
                             gboolean    *applied,
                             GError     **error)
{
  Row row;

  *applied = FALSE;
  if (!read_row (store, uuid, &row, error))
    return FALSE;
  if (!row.exists || row.op == 'd' || row.revision != revision)
    return TRUE;
  if (!g_str_equal (row.state, "sending") && !g_str_equal (row.state, "accepted") &&
      !g_str_equal (row.state, "rejected"))
    return TRUE;   /* being edited: the next push decides */

  if (accepted)
    {
      if (g_str_equal (row.state, "accepted") && row.op == 0)
        return TRUE;
      *applied = TRUE;
      return accept (store, uuid, row.state, revision, error);
    }

  if (g_str_equal (row.state, "rejected"))
    return TRUE;
  *applied = TRUE;
  return reject (store, uuid, row.state, revision, row.op ? row.op : 'u', code, reasons, error);
}
