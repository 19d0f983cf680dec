/* jg-record-store.c — saving, loading and deleting records
 *
 * States, the audit trail and the sync's side are in jg-record-states.c,
 * the validation context in jg-record-context.c, the parties remembered
 * for the form in jg-record-entities.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "jg-audit.h"
#include "jg-record-private.h"
#include "jg-record-store-private.h"
#include "jg-store-private.h"

G_DEFINE_QUARK (jg-record-store-error-quark, jg_record_store_error)

#define DEPARTMENT_KEY "department"
#define WORKSTATION_KEY "workstation.code"
/* The part of a number that stands for the workstation before it has a
 * code: such a number is provisional. */
#define PROVISIONAL_CODE "TMP"

gboolean
jg_record_store_not_found (GError **error)
{
  g_set_error_literal (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NOT_FOUND,
                       _("The record was not found. It may have been deleted in the meantime."));
  return FALSE;
}

/* --- department and workstation ------------------------------------------ */

/* The meta value @key, NULL when unset or empty. */
static char *
get_meta_or_null (JgStore    *store,
                  const char *key)
{
  char *value;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  value = jg_store_get_meta (store, key);
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

char *
jg_record_store_get_department (JgStore *store)
{
  return get_meta_or_null (store, DEPARTMENT_KEY);
}

gboolean
jg_record_store_set_department (JgStore     *store,
                                const char  *department,
                                GError     **error)
{
  g_return_val_if_fail (JG_IS_STORE (store), FALSE);

  return jg_store_set_meta (store, DEPARTMENT_KEY, department ? department : "", error);
}

char *
jg_record_store_get_workstation (JgStore *store)
{
  return get_meta_or_null (store, WORKSTATION_KEY);
}

gboolean
jg_record_store_set_workstation (JgStore     *store,
                                 const char  *code,
                                 GError     **error)
{
  g_return_val_if_fail (JG_IS_STORE (store), FALSE);

  return jg_store_set_meta (store, WORKSTATION_KEY, code ? code : "", error);
}

/* --- records -------------------------------------------------------------- */

void
jg_stored_record_clear (JgStoredRecord *stored)
{
  g_free (stored->op);
  g_free (stored->json);
}

gboolean
jg_record_store_read_stored (JgStore        *store,
                             const char     *uuid,
                             JgStoredRecord *stored,
                             GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (stored, 0, sizeof *stored);
  stmt = jg_store_prepare (store,
                           "SELECT state, revision, op, fields FROM record WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      stored->exists = TRUE;
      if (!jg_record_state_from_string (jg_store_column_text (stmt, 0), &stored->state))
        stored->state = JG_RECORD_STATE_DRAFT;
      stored->revision = sqlite3_column_int (stmt, 1);
      stored->op = g_strdup (jg_store_column_text (stmt, 2));
      stored->json = g_strdup (jg_store_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return jg_store_set_error (store, error, rc);
  return TRUE;
}

/* The keys of the fields that differ between @record and @old (NULL: all
 * non-empty ones), comma-separated, or NULL when none. */
char *
jg_record_store_changed_fields (JgRecord *record,
                                JgRecord *old)
{
  return jg_fields_changed_keys (jg_record_get_fields (record),
                                 old != NULL ? jg_record_get_fields (old) : NULL);
}

gboolean
jg_record_store_write_officers (JgStore    *store,
                                JgRecord   *record,
                                GError    **error)
{
  const char *officers = NULL;
  sqlite3_stmt *stmt;
  g_auto(GStrv) ids = NULL;

  stmt = jg_store_prepare (store, "DELETE FROM record_officer WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, jg_record_get_uuid (record));
  if (!jg_store_step_done (store, stmt, error))
    return FALSE;

  if (jg_record_field_index (jg_record_get_kind (record), "officers") >= 0)
    officers = jg_record_get (record, "officers");
  if (officers == NULL)
    return TRUE;

  ids = g_strsplit (officers, ";", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_strstrip (ids[i]);
      if (*ids[i] == '\0')
        continue;
      stmt = jg_store_prepare (store, "INSERT OR IGNORE INTO record_officer (uuid, officer) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, jg_record_get_uuid (record));
      jg_store_bind_text (stmt, 2, ids[i]);
      if (!jg_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static char *
date_prefix (const char *value)
{
  /* The first 10 characters, when they look like a date. */
  if (value == NULL || strlen (value) < 10 || value[4] != '-' || value[7] != '-')
    return NULL;
  return g_strndup (value, 10);
}

gboolean
jg_record_store_write_row (JgStore    *store,
                           JgRecord   *record,
                           const char *op,
                           gboolean    insert,
                           gboolean    blank,
                           GError    **error)
{
  JgRecordKind kind = jg_record_get_kind (record);
  g_autofree char *json = jg_record_to_json (record);
  g_autofree char *main_date = date_prefix (jg_record_get (record, jg_record_kind_date_key (kind)));
  g_autofree char *month = main_date ? g_strndup (main_date, 7) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  sqlite3_stmt *stmt;

  if (insert)
    stmt = jg_store_prepare (store,
                             "INSERT INTO record (uuid, kind, department, state, revision, op, number, name,"
                             " main_date, sort_date, month, catalogue_code, party_doc_type, party_code,"
                             " party_name, fields, created, modified, holds_number, blank)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, coalesce (?9, ?10), ?11, ?12,"
                             " ?13, ?14, ?15, ?16, ?17, ?17, ?4 <> 'draft', ?18)", error);
  else
    stmt = jg_store_prepare (store,
                             "UPDATE record SET kind = ?2, department = ?3, state = ?4, revision = ?5,"
                             " op = ?6, number = ?7, name = ?8, main_date = ?9,"
                             " sort_date = coalesce (?9, date (created, 'unixepoch', 'localtime')),"
                             " month = ?11, catalogue_code = ?12, party_doc_type = ?13, party_code = ?14,"
                             " party_name = ?15, fields = ?16, modified = ?17, blank = ?18,"
                             " holds_number = (?4 <> 'draft' AND deleting = 0) WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;

  jg_store_bind_text (stmt, 1, jg_record_get_uuid (record));
  jg_store_bind_text (stmt, 2, jg_record_kind_to_string (kind));
  jg_store_bind_text (stmt, 3, jg_record_get_department (record));
  jg_store_bind_text (stmt, 4, jg_record_state_to_string (jg_record_get_state (record)));
  sqlite3_bind_int (stmt, 5, jg_record_get_revision (record));
  jg_store_bind_text (stmt, 6, op);
  jg_store_bind_text (stmt, 7, jg_record_get (record, jg_record_kind_number_key (kind)));
  jg_store_bind_text (stmt, 8, jg_record_get (record, "name"));
  jg_store_bind_text (stmt, 9, main_date);
  jg_store_bind_text (stmt, 10, today);
  jg_store_bind_text (stmt, 11, month);
  jg_store_bind_text (stmt, 12, jg_record_get (record, "catalogue_code"));
  jg_store_bind_text (stmt, 13, jg_record_get (record, "party_doc_type"));
  jg_store_bind_text (stmt, 14, jg_record_get (record, "party_code"));
  jg_store_bind_text (stmt, 15, jg_record_get (record, "party_name"));
  jg_store_bind_text (stmt, 16, json);
  sqlite3_bind_int64 (stmt, 17, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 18, blank);

  return jg_store_step_done (store, stmt, error);
}

gboolean
jg_record_store_validates (JgStore  *store,
                           JgRecord *record,
                           GError  **error)
{
  JgValidationContext *context = jg_record_store_get_context (store);
  g_autoptr(GPtrArray) issues = jg_validate_record (record, context);

  jg_validation_context_free (context);
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      if (issue->severity == JG_ISSUE_ERROR)
        {
          g_set_error (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_INVALID,
                       _("The record cannot be marked ready yet: %s"), issue->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* @blank: a new record holds nothing from the user yet. */
static gboolean
save_record (JgStore     *store,
             JgRecord    *record,
             const char  *who,
             gboolean     blank,
             GError     **error)
{
  g_auto(JgStoredRecord) stored = { 0 };
  g_autoptr(JgRecord) old = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *department = NULL;
  JgRecordState state;
  guint revision;
  const char *op;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (JG_IS_RECORD (record), FALSE);

  if (jg_record_get_department (record) == NULL)
    {
      department = jg_record_store_get_department (store);
      if (department == NULL)
        {
          g_set_error_literal (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NO_DEPARTMENT,
                               _("Choose your department on the Records page (or with jianguan-cli --department) before writing records. Nothing was saved."));
          return FALSE;
        }
      jg_record_set_department (record, department);
    }

  if (!jg_store_begin (store, error))
    return FALSE;
  if (!jg_record_store_read_stored (store, jg_record_get_uuid (record), &stored, error))
    goto fail;

  state = jg_record_get_state (record);
  revision = jg_record_get_revision (record);

  if (!stored.exists)
    {
      fields = jg_record_store_changed_fields (record, NULL);
      if (!jg_record_store_write_row (store, record, "i", TRUE, blank, error)
          || !jg_record_store_add_audit (store, jg_record_get_uuid (record), who, "create",
                                         fields, NULL, jg_record_state_to_string (state),
                                         revision, error))
        goto fail;
    }
  else
    {
      old = jg_record_new_from_json (stored.json, NULL);
      fields = jg_record_store_changed_fields (record, old);
      if (fields == NULL && g_strcmp0 (old ? jg_record_get_department (old) : NULL,
                                       jg_record_get_department (record)) == 0)
        {
          /* Nothing changed: keep the stored identity. */
          jg_record_set_identity (record, NULL, stored.revision, stored.state);
          jg_store_rollback (store);
          return TRUE;
        }

      state = stored.state;
      revision = stored.revision;
      op = stored.op;
      switch (stored.state)
        {
        case JG_RECORD_STATE_ACCEPTED:
          /* The centre holds the previous version: send this one as a new revision. */
          revision++;
          state = JG_RECORD_STATE_DRAFT;
          op = "u";
          break;
        case JG_RECORD_STATE_REJECTED:
          state = JG_RECORD_STATE_DRAFT;
          break;
        case JG_RECORD_STATE_READY:
        case JG_RECORD_STATE_SENDING:
          {
            g_autoptr(GError) invalid = NULL;
            jg_record_set_identity (record, NULL, revision, state);
            if (!jg_record_store_validates (store, record, &invalid))
              state = JG_RECORD_STATE_DRAFT;
            else if (stored.state == JG_RECORD_STATE_SENDING)
              state = JG_RECORD_STATE_READY;
          }
          break;
        case JG_RECORD_STATE_DRAFT:
        default:
          break;
        }
      if (op == NULL)
        op = "u";

      jg_record_set_identity (record, NULL, revision, state);
      if (!jg_record_store_write_row (store, record, op, FALSE, FALSE, error)
          || !jg_record_store_add_audit (store, jg_record_get_uuid (record), who, "edit",
                                         fields, jg_record_state_to_string (stored.state),
                                         jg_record_state_to_string (state), revision, error))
        {
          jg_record_set_identity (record, NULL, stored.revision, stored.state);
          goto fail;
        }
    }

  if (!jg_record_store_remember_entity (store, record, error)
      || !jg_record_store_write_officers (store, record, error)
      || !jg_store_commit (store, error))
    goto fail;

  return TRUE;

fail:
  jg_store_rollback (store);
  return FALSE;
}

gboolean
jg_record_store_save (JgStore     *store,
                      JgRecord    *record,
                      const char  *who,
                      GError     **error)
{
  return save_record (store, record, who, FALSE, error);
}

JgRecord *
jg_record_store_create_blank (JgStore       *store,
                              JgRecordKind   kind,
                              GError       **error)
{
  g_autofree char *department = NULL;
  g_autofree char *number = NULL;
  g_autoptr(JgRecord) record = NULL;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  department = jg_record_store_get_department (store);
  record = jg_record_new (kind, department);
  number = jg_record_store_suggest_number (store, kind, NULL);
  if (number != NULL)
    jg_record_set (record, jg_record_kind_number_key (kind), number);
  if (!save_record (store, record, NULL, TRUE, error))
    return NULL;
  return g_steal_pointer (&record);
}

JgRecord *
jg_record_store_create_blank_for_item (JgStore     *store,
                                       const char  *catalogue_code,
                                       GError     **error)
{
  g_autofree char *department = NULL;
  g_autofree char *number = NULL;
  g_autofree char *action_type = NULL;
  g_autofree char *impl = NULL;
  g_autoptr(JgRecord) record = NULL;
  sqlite3_stmt *stmt;
  JgRecordKind kind = JG_RECORD_INSPECTION;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (catalogue_code != NULL, NULL);

  department = jg_record_store_get_department (store);
  /* The item's kind, and the department's implementation entry of it
   * (the first, when it has several: the person may choose another). */
  stmt = jg_store_prepare (store,
                           "SELECT s.action_type, (SELECT MIN (i.code) FROM impl_entry i"
                           "  WHERE i.sub_item = s.code AND i.body_code = ?2)"
                           " FROM sub_item s WHERE s.code = ?1", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, catalogue_code);
  jg_store_bind_text (stmt, 2, department);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      action_type = g_strdup (jg_store_column_text (stmt, 0));
      impl = g_strdup (jg_store_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  for (guint k = 0; k < JG_RECORD_N_KINDS; k++)
    if (g_strcmp0 (action_type, jg_record_kind_action_type (k)) == 0)
      kind = k;

  record = jg_record_new (kind, department);
  number = jg_record_store_suggest_number (store, kind, NULL);
  if (number != NULL)
    jg_record_set (record, jg_record_kind_number_key (kind), number);
  jg_record_set (record, "catalogue_code", catalogue_code);
  if (impl != NULL && jg_record_field_lookup (kind, "impl_code") != NULL)
    jg_record_set (record, "impl_code", impl);
  /* Still blank: nothing in it is the person's yet, so leaving it
   * unchanged discards it, as a new record from Ctrl+N. */
  if (!save_record (store, record, NULL, TRUE, error))
    return NULL;
  return g_steal_pointer (&record);
}

gboolean
jg_record_store_is_blank (JgStore    *store,
                          const char *uuid)
{
  g_return_val_if_fail (JG_IS_STORE (store), FALSE);

  /* Every save that changes a field and every change of state clears
   * blank; the other conditions guard against a row that was sent. */
  return jg_store_has_row (store,
                           "SELECT 1 FROM record WHERE uuid = ? AND blank = 1 AND state = 'draft'"
                           " AND op = 'i' AND deleting = 0", uuid);
}

gboolean
jg_record_store_discard_blank (JgStore     *store,
                               const char  *uuid,
                               gboolean    *discarded,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);

  if (discarded != NULL)
    *discarded = FALSE;
  if (!jg_store_begin (store, error))
    return FALSE;
  if (!jg_record_store_is_blank (store, uuid))
    {
      jg_store_rollback (store);
      return TRUE;
    }
  /* Its audit trail goes too: nobody did anything worth a trace. */
  stmt = jg_store_prepare (store, "DELETE FROM audit WHERE uuid = ?", error);
  if (stmt == NULL)
    goto fail;
  jg_store_bind_text (stmt, 1, uuid);
  if (!jg_store_step_done (store, stmt, error)
      || !jg_record_store_remove_row (store, uuid, error)
      || !jg_store_commit (store, error))
    goto fail;
  if (discarded != NULL)
    *discarded = TRUE;
  return TRUE;

fail:
  jg_store_rollback (store);
  return FALSE;
}

JgRecord *
jg_record_store_load (JgStore     *store,
                      const char  *uuid,
                      GError     **error)
{
  g_auto(JgStoredRecord) stored = { 0 };
  JgRecord *record;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  if (!jg_record_store_read_stored (store, uuid, &stored, error))
    return NULL;
  if (!stored.exists || g_strcmp0 (stored.op, "d") == 0)
    {
      jg_record_store_not_found (error);
      return NULL;
    }
  record = jg_record_new_from_json (stored.json, error);
  if (record != NULL)
    jg_record_set_identity (record, uuid, stored.revision, stored.state);
  return record;
}

JgRecord *
jg_record_store_find_by_number (JgStore       *store,
                                JgRecordKind   kind,
                                const char    *department,
                                const char    *number,
                                GError       **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *uuid = NULL;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  stmt = jg_store_prepare (store,
                           "SELECT uuid FROM record WHERE department IS ? AND kind = ? AND number = ?"
                           " AND deleting = 0 ORDER BY state = 'draft', modified DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, department);
  jg_store_bind_text (stmt, 2, jg_record_kind_to_string (kind));
  jg_store_bind_text (stmt, 3, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    uuid = g_strdup (jg_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  if (uuid == NULL)
    return NULL;
  return jg_record_store_load (store, uuid, error);
}

gboolean
jg_record_store_delete (JgStore     *store,
                        const char  *uuid,
                        const char  *who,
                        GError     **error)
{
  g_auto(JgStoredRecord) stored = { 0 };
  sqlite3_stmt *stmt;
  gboolean never_sent;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);

  if (!jg_store_begin (store, error))
    return FALSE;
  if (!jg_record_store_read_stored (store, uuid, &stored, error))
    goto fail;
  if (!stored.exists || g_strcmp0 (stored.op, "d") == 0)
    {
      jg_record_store_not_found (error);
      goto fail;
    }

  never_sent = g_strcmp0 (stored.op, "i") == 0 && stored.state != JG_RECORD_STATE_SENDING
               && stored.state != JG_RECORD_STATE_ACCEPTED;
  if (never_sent)
    {
      if (!jg_record_store_remove_row (store, uuid, error))
        goto fail;
    }
  else
    {
      stmt = jg_store_prepare (store, "UPDATE record SET deleted_op = op, op = 'd', deleting = 1, holds_number = 0,"
                                      " modified = ? WHERE uuid = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
      jg_store_bind_text (stmt, 2, uuid);
      if (!jg_store_step_done (store, stmt, error))
        goto fail;
    }

  if (!jg_record_store_add_audit (store, uuid, who, "delete", NULL,
                                  jg_record_state_to_string (stored.state), NULL,
                                  stored.revision, error)
      || !jg_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  jg_store_rollback (store);
  return FALSE;
}

gboolean
jg_record_store_undelete (JgStore     *store,
                          JgRecord    *record,
                          const char  *who,
                          GError     **error)
{
  g_auto(JgStoredRecord) stored = { 0 };
  const char *uuid;
  sqlite3_stmt *stmt;
  gboolean removed;

  g_return_val_if_fail (JG_IS_STORE (store), FALSE);
  g_return_val_if_fail (JG_IS_RECORD (record), FALSE);

  uuid = jg_record_get_uuid (record);
  if (!jg_store_begin (store, error))
    return FALSE;
  if (!jg_record_store_read_stored (store, uuid, &stored, error))
    goto fail;

  if (stored.exists)
    {
      /* A deletion on its way to the server cannot be called back. */
      if (g_strcmp0 (stored.op, "d") != 0 || stored.state == JG_RECORD_STATE_SENDING)
        goto gone;
      stmt = jg_store_prepare (store,
                               "UPDATE record SET op = deleted_op, deleted_op = NULL, deleting = 0,"
                               " holds_number = (state <> 'draft'), modified = ? WHERE uuid = ?", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
      jg_store_bind_text (stmt, 2, uuid);
      if (!jg_store_step_done (store, stmt, error))
        goto fail;
    }
  else
    {
      if (!jg_audit_last_is_delete (store, JG_AUDIT_RECORDS, uuid, &removed, error))
        goto fail;
      if (!removed)
        goto gone;
      if (!jg_record_store_write_row (store, record, "i", TRUE, FALSE, error)
          || !jg_record_store_remember_entity (store, record, error)
          || !jg_record_store_write_officers (store, record, error))
        goto fail;
    }

  if (!jg_record_store_add_audit (store, uuid, who, "restore", NULL, NULL,
                                  jg_record_state_to_string (jg_record_get_state (record)),
                                  jg_record_get_revision (record), error)
      || !jg_store_commit (store, error))
    goto fail;
  return TRUE;

gone:
  g_set_error_literal (error, JG_RECORD_STORE_ERROR, JG_RECORD_STORE_ERROR_NOT_FOUND,
                       _("The record cannot be restored: its deletion has already been sent to the server."));
fail:
  jg_store_rollback (store);
  return FALSE;
}

gboolean
jg_record_store_number_is_provisional (const char *number)
{
  g_auto(GStrv) parts = NULL;

  if (number == NULL)
    return FALSE;
  parts = g_strsplit (number, "-", -1);
  return g_strv_length (parts) == 4 && g_str_equal (parts[2], PROVISIONAL_CODE);
}

char *
jg_record_store_suggest_number (JgStore       *store,
                                JgRecordKind   kind,
                                GError       **error)
{
  static const char * const prefixes[JG_RECORD_N_KINDS] = { "JC", "CF", "QZ", "QT" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *department = jg_record_store_get_department (store);
  g_autofree char *workstation = jg_record_store_get_workstation (store);
  g_autofree char *prefix = NULL;
  sqlite3_stmt *stmt;
  gint64 next = 1;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (kind < JG_RECORD_N_KINDS, NULL);

  /* The workstation's code makes the number its own: no other
   * workstation of the department suggests one with this prefix, and
   * this one knows every number it gave (its records come back from the
   * server after a reinstall). */
  prefix = g_strdup_printf ("%s-%d-%s-", prefixes[kind], g_date_time_get_year (now),
                            workstation != NULL ? workstation : PROVISIONAL_CODE);
  stmt = jg_store_prepare (store,
                           "SELECT max (CAST (substr (number, length (?3) + 1) AS INTEGER)) FROM record"
                           " WHERE department IS ?1 AND kind = ?2 AND substr (number, 1, length (?3)) = ?3",
                           error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, department);
  jg_store_bind_text (stmt, 2, jg_record_kind_to_string (kind));
  jg_store_bind_text (stmt, 3, prefix);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    next = sqlite3_column_int64 (stmt, 0) + 1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  return g_strdup_printf ("%s%04" G_GINT64_FORMAT, prefix, next);
}
