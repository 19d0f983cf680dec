/* jg-sync-history.c — what the syncs did, for the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libintl.h>
#include <sqlite3.h>
#include <string.h>

#include "jg-account.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-store-private.h"
#include "jg-sync-history.h"
#include "jg-validate.h"

/* sync_run.message holds a sentence as it was written (runs logged before
 * issue 9, jg_sync_history_end) or, after MARK, what a message is made of,
 * its parts separated by SEP (neither occurs in a sentence):
 *   MARK "t" SEP msgid (SEP arg)*                  a template and its arguments
 *   MARK "e" SEP lang SEP domain SEP code SEP text  a failure: the writer's
 *                                                    language, its GError */
#define MARK "\x1e"
#define SEP "\x1f"

/* What a failure says to a reader of another language than the run's:
 * the sentence itself came from the error, in the writer's. */
static const struct {
  GQuark    (*domain) (void);
  int         code;
  const char *message;
} failures[] = {
  { jg_sync_error_quark, JG_SYNC_ERROR_BAD_URL,
    N_("The server address is not valid. Nothing was lost.") },
  { jg_sync_error_quark, JG_SYNC_ERROR_UNREACHABLE,
    N_("Could not reach the server. Nothing was lost.") },
  { jg_sync_error_quark, JG_SYNC_ERROR_TLS,
    N_("The server’s certificate is not trusted. Nothing was lost.") },
  { jg_sync_error_quark, JG_SYNC_ERROR_NOT_A_SERVER,
    N_("The server address does not answer as a Jianguan server. Nothing was lost.") },
  { jg_sync_error_quark, JG_SYNC_ERROR_SERVER,
    N_("The server had an internal error. Nothing was lost.") },
  { jg_sync_error_quark, JG_SYNC_ERROR_BUSY,
    N_("The server was busy. Nothing was lost.") },
  { jg_sync_error_quark, JG_SYNC_ERROR_MALFORMED,
    N_("The server sent a malformed answer. Nothing was lost.") },
  { jg_sync_error_quark, JG_SYNC_ERROR_STORE,
    N_("The local database refused the changes. Nothing was lost.") },
  { jg_outbox_error_quark, JG_OUTBOX_ERROR_NEEDS_SIGN_IN,
    N_("The sign-in had expired. Nothing was lost.") },
  { jg_outbox_error_quark, JG_OUTBOX_ERROR_NOT_ALLOWED,
    N_("This account may not send records. Nothing was lost.") },
  { jg_account_error_quark, JG_ACCOUNT_ERROR_NOT_SIGNED_IN,
    N_("Not signed in. Nothing was lost.") },
};

/* The language messages come out in now: that of the catalogue gettext
 * uses (its header's "Language:"), "C" when none. */
static char *
current_language (void)
{
  const char *header = dgettext (GETTEXT_PACKAGE, "");
  const char *language = header != NULL ? strstr (header, "Language: ") : NULL;

  if (language == NULL)
    return g_strdup ("C");
  language += strlen ("Language: ");
  return g_strndup (language, strcspn (language, "\n"));
}

/* @stored said in the current language (see MARK), NULL for NULL. */
static char *
render_message (const char *stored)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (stored == NULL || !g_str_has_prefix (stored, MARK))
    return g_strdup (stored);

  parts = g_strsplit (stored + strlen (MARK), SEP, -1);
  n = g_strv_length (parts);

  if (n >= 2 && g_str_equal (parts[0], "t"))
    {
      char *text = jg_issue_render (parts[1], (const char * const *) parts + 2, 0);

      /* A template this version no longer has: its untranslated form. */
      return text != NULL ? text : g_strdup (parts[1]);
    }

  if (n >= 5 && g_str_equal (parts[0], "e"))
    {
      g_autofree char *language = current_language ();
      g_autofree char *text = g_strjoinv (SEP, parts + 4);
      gint64 code = g_ascii_strtoll (parts[3], NULL, 10);

      if (g_str_equal (parts[1], language))
        return g_steal_pointer (&text);
      for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
        if (g_str_equal (g_quark_to_string (failures[i].domain ()), parts[2]) && failures[i].code == code)
          return g_strdup (_(failures[i].message));
      return g_strdup (_("The sync failed. Nothing was lost."));
    }

  return g_strdup (stored);
}

void
jg_sync_run_free (JgSyncRun *run)
{
  if (run == NULL)
    return;
  g_free (run->kind);
  g_free (run->message);
  g_free (run);
}

void
jg_rejected_record_free (JgRejectedRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->uuid);
  g_free (record->kind);
  g_free (record->number);
  g_free (record->name);
  g_clear_pointer (&record->reasons, g_ptr_array_unref);
  g_free (record);
}

gint64
jg_sync_history_begin (JgStore    *store,
                       const char *kind)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (store, "INSERT INTO sync_run (kind, started) VALUES (?1, ?2)", NULL);
  if (stmt == NULL)
    return 0;
  jg_store_bind_text (stmt, 1, kind);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (!jg_store_step_done (store, stmt, NULL))
    return 0;
  return sqlite3_last_insert_rowid (jg_store_get_db (store));
}

void
jg_sync_history_end_template (JgStore            *store,
                              gint64              run_id,
                              gboolean            ok,
                              guint64             changes,
                              const char         *msgid,
                              const char * const *args)
{
  g_autoptr(GString) message = g_string_new (MARK "t" SEP);

  g_return_if_fail (msgid != NULL);

  g_string_append (message, msgid);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      g_string_append (message, SEP);
      g_string_append (message, args[i]);
    }
  jg_sync_history_end (store, run_id, ok, changes, message->str);
}

void
jg_sync_history_end_error (JgStore      *store,
                           gint64        run_id,
                           guint64       changes,
                           const GError *error)
{
  g_autofree char *language = current_language ();
  g_autofree char *message = NULL;

  g_return_if_fail (error != NULL);

  message = g_strdup_printf (MARK "e" SEP "%s" SEP "%s" SEP "%d" SEP "%s", language,
                             g_quark_to_string (error->domain), error->code, error->message);
  jg_sync_history_end (store, run_id, FALSE, changes, message);
}

void
jg_sync_history_end (JgStore    *store,
                     gint64      run_id,
                     gboolean    ok,
                     guint64     changes,
                     const char *message)
{
  sqlite3_stmt *stmt;

  if (run_id == 0)
    return;
  stmt = jg_store_prepare (store,
                           "UPDATE sync_run SET finished = ?2, ok = ?3, changes = ?4, message = ?5"
                           " WHERE id = ?1", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, 3, ok);
  sqlite3_bind_int64 (stmt, 4, changes);
  jg_store_bind_text (stmt, 5, message);
  jg_store_step_done (store, stmt, NULL);
}

gboolean
jg_sync_history_get_last (JgStore     *store,
                          const char  *kind,
                          gint64      *finished,
                          gboolean    *ok,
                          char       **message)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = jg_store_prepare (store,
                           "SELECT coalesce (finished, started), coalesce (ok, 0), message FROM sync_run"
                           " WHERE kind = ?1 ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, kind);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      if (finished)
        *finished = sqlite3_column_int64 (stmt, 0);
      if (ok)
        *ok = sqlite3_column_int (stmt, 1);
      if (message)
        *message = render_message (jg_store_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  return found;
}

GPtrArray *
jg_sync_history_list_runs (JgStore  *store,
                           guint     limit,
                           GError  **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_sync_run_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  stmt = jg_store_prepare (store,
                           "SELECT id, kind, started, coalesce (finished, 0), coalesce (ok, 0),"
                           " changes, message FROM sync_run ORDER BY id DESC LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (sqlite3_int64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgSyncRun *run = g_new0 (JgSyncRun, 1);

      run->id = sqlite3_column_int64 (stmt, 0);
      run->kind = g_strdup (jg_store_column_text (stmt, 1));
      run->started = sqlite3_column_int64 (stmt, 2);
      run->finished = sqlite3_column_int64 (stmt, 3);
      run->ok = sqlite3_column_int (stmt, 4) != 0;
      run->changes = (guint64) sqlite3_column_int64 (stmt, 5);
      run->message = render_message (jg_store_column_text (stmt, 6));
      g_ptr_array_add (runs, run);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

GPtrArray *
jg_sync_history_list_rejected (JgStore  *store,
                               guint     limit,
                               GError  **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_rejected_record_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  stmt = jg_store_prepare (store,
                           "SELECT uuid, kind, number, name, modified FROM record"
                           " WHERE state = 'rejected' ORDER BY modified DESC, uuid LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (sqlite3_int64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgRejectedRecord *record = g_new0 (JgRejectedRecord, 1);

      record->uuid = g_strdup (jg_store_column_text (stmt, 0));
      record->kind = g_strdup (jg_store_column_text (stmt, 1));
      record->number = g_strdup (jg_store_column_text (stmt, 2));
      record->name = g_strdup (jg_store_column_text (stmt, 3));
      record->modified = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (records, record);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (store, error, rc);
      return NULL;
    }

  for (guint i = 0; i < records->len; i++)
    {
      JgRejectedRecord *record = g_ptr_array_index (records, i);

      record->reasons = jg_record_store_get_reasons (store, record->uuid, error);
      if (record->reasons == NULL)
        return NULL;
    }

  return g_steal_pointer (&records);
}
