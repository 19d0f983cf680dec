/* jg-post-save.c — saving posts (autosave, blank drafts) and deleting
 * them, with undo
 *
 * Every write here is one transaction with its audit entry; the module's
 * other files are listed in jg-post-store-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-audit.h"
#include "jg-post-store-private.h"
#include "jg-record-store.h"

/* What the list shows as the post's title. */
static const char *
title_of (JgPost *post)
{
  JgPostColumn column = jg_post_get_column (post);

  if (jg_post_field_index (column, "title") >= 0 && jg_post_get (post, "title") != NULL)
    return jg_post_get (post, "title");
  if (jg_post_field_index (column, "party_name") >= 0)
    return jg_post_get (post, "party_name");
  return NULL;
}

/* The keys of the fields that differ between @post and @old (NULL, or
 * of another column: all non-empty ones), or NULL when none. */
static char *
changed_fields (JgPost *post,
                JgPost *old)
{
  gboolean same_column = old != NULL && jg_post_get_column (old) == jg_post_get_column (post);

  return jg_fields_changed_keys (jg_post_get_fields (post), same_column ? jg_post_get_fields (old) : NULL);
}

/* Writes @post's row as it is (identity included); @insert for a new row.
 * The month follows the publication time, else the time of this write. */
static gboolean
write_row (JgStore     *db,
           JgPost      *post,
           const char  *department,
           gboolean     insert,
           gboolean     blank,
           GError     **error)
{
  g_autofree char *json = jg_post_to_json (post);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *month = jg_post_store_month_of (now);
  sqlite3_stmt *stmt;

  if (insert)
    stmt = jg_store_prepare (db,
                             "INSERT INTO post (uuid, column_key, department, revision, state, title, month,"
                             " fields, blank, created_at, updated_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)", error);
  else
    stmt = jg_store_prepare (db,
                             "UPDATE post SET column_key = ?2, department = ?3, revision = ?4, state = ?5,"
                             " title = ?6, month = CASE WHEN published_at IS NULL THEN ?7 ELSE month END,"
                             " fields = ?8, blank = ?9, updated_at = ?10 WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, jg_post_get_uuid (post));
  jg_store_bind_text (stmt, 2, jg_post_column_to_string (jg_post_get_column (post)));
  jg_store_bind_text (stmt, 3, department);
  sqlite3_bind_int (stmt, 4, jg_post_get_revision (post));
  jg_store_bind_text (stmt, 5, jg_post_state_to_string (jg_post_get_state (post)));
  jg_store_bind_text (stmt, 6, title_of (post));
  jg_store_bind_text (stmt, 7, month);
  jg_store_bind_text (stmt, 8, json);
  sqlite3_bind_int (stmt, 9, blank);
  sqlite3_bind_int64 (stmt, 10, now);
  return jg_store_step_done (db, stmt, error);
}

/* Which stored images the post shows, in order. */
static gboolean
write_image_uses (JgStore     *db,
                  JgPost      *post,
                  GError     **error)
{
  g_auto(GStrv) hashes = jg_post_get_image_hashes (post);
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (db, "DELETE FROM post_image_use WHERE uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, jg_post_get_uuid (post));
  if (!jg_store_step_done (db, stmt, error))
    return FALSE;
  for (guint i = 0; hashes != NULL && hashes[i] != NULL; i++)
    {
      stmt = jg_store_prepare (db, "INSERT INTO post_image_use (uuid, pos, sha256) VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, jg_post_get_uuid (post));
      sqlite3_bind_int (stmt, 2, i);
      jg_store_bind_text (stmt, 3, hashes[i]);
      if (!jg_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* --- saving --------------------------------------------------------------- */

/* The state and revision an edit of a stored post gives it: a revision
 * the server holds is never changed, the edit becomes the next one. */
static gboolean
edited_identity (const JgStoredPost  *stored,
                 JgPostState         *state,
                 guint               *revision,
                 GError             **error)
{
  if (stored->state == JG_POST_STATE_WITHDRAWN)
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED,
                           _("A withdrawn post stays in the history as it was published. "
                             "Write a new post instead. Nothing was changed."));
      return FALSE;
    }
  *state = JG_POST_STATE_DRAFT;
  *revision = stored->revision;
  if (stored->server_revision >= stored->revision)
    (*revision)++;
  return TRUE;
}

/* @changed: whether anything was written. */
static gboolean
save_on (JgStore     *db,
         JgPost      *post,
         gboolean     blank,
         gboolean    *changed,
         GError     **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  g_autoptr(JgPost) old = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *department = NULL;
  const char *uuid = jg_post_get_uuid (post);
  JgPostState state = jg_post_get_state (post);
  guint revision = jg_post_get_revision (post);

  *changed = FALSE;
  department = g_strdup (jg_post_get_department (post));
  if (department == NULL)
    department = jg_record_store_get_department (db);
  if (department == NULL)
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NO_DEPARTMENT,
                           _("Choose your department on the Records page (or with jianguan-cli --department) "
                             "before writing posts. Nothing was saved."));
      return FALSE;
    }

  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;

  if (!stored.exists)
    {
      /* A draft nobody wrote anything in is not kept. */
      if (!blank && jg_fields_is_empty (jg_post_get_fields (post)))
        {
          jg_store_rollback (db);
          return TRUE;
        }
      fields = changed_fields (post, NULL);
      if (!write_row (db, post, department, TRUE, blank, error)
          || !write_image_uses (db, post, error)
          || !jg_post_store_add_audit (db, uuid, NULL, "create", NULL, jg_post_state_to_string (state),
                                       revision, fields, error))
        goto fail;
    }
  else
    {
      if (stored.deleting)
        {
          jg_post_store_not_found (error);
          goto fail;
        }
      old = jg_post_new_from_json (stored.json, NULL);
      fields = changed_fields (post, old);
      if (fields == NULL)
        {
          /* Nothing changed: keep the stored identity. */
          jg_post_set_identity (post, NULL, stored.revision, stored.state);
          jg_store_rollback (db);
          return TRUE;
        }
      if (!edited_identity (&stored, &state, &revision, error))
        goto fail;
      jg_post_set_identity (post, NULL, revision, state);
      if (!write_row (db, post, department, FALSE, FALSE, error)
          || !write_image_uses (db, post, error)
          || !jg_post_store_add_audit (db, uuid, NULL, "edit", jg_post_state_to_string (stored.state),
                                       jg_post_state_to_string (state), revision, fields, error))
        {
          jg_post_set_identity (post, NULL, stored.revision, stored.state);
          goto fail;
        }
    }

  if (!jg_store_commit (db, error))
    goto fail;
  *changed = TRUE;
  return TRUE;

fail:
  jg_store_rollback (db);
  return FALSE;
}

gboolean
jg_post_store_save (JgPostStore  *self,
                    JgPost       *post,
                    GError      **error)
{
  gboolean changed;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (JG_IS_POST (post), FALSE);

  if (!save_on (self->store, post, FALSE, &changed, error))
    return FALSE;
  if (changed)
    jg_post_store_emit_changed (self, jg_post_get_uuid (post));
  return TRUE;
}

typedef struct {
  JgPost *post;     /* the caller's */
  JgPost *copy;     /* what is saved */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->post);
  g_clear_object (&data->copy);
  g_free (data);
}

static void
save_work (JgPostStore  *self,
           JgStore      *db,
           GTask        *task,
           gpointer      task_data,
           GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;
  gboolean changed;

  if (!save_on (db, data->copy, FALSE, &changed, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (changed)
    jg_post_store_emit_changed (self, jg_post_get_uuid (data->copy));
  g_task_return_boolean (task, TRUE);
}

void
jg_post_store_save_async (JgPostStore         *self,
                          JgPost              *post,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  SaveData *data;

  g_return_if_fail (JG_IS_POST_STORE (self));
  g_return_if_fail (JG_IS_POST (post));

  data = g_new0 (SaveData, 1);
  data->post = g_object_ref (post);
  data->copy = jg_post_copy (post);
  jg_post_store_start_work (self, jg_post_store_save_async, data, (GDestroyNotify) save_data_free, save_work,
                            cancellable, callback, user_data);
}

gboolean
jg_post_store_save_finish (JgPostStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  SaveData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  jg_post_set_identity (data->post, NULL, jg_post_get_revision (data->copy),
                        jg_post_get_state (data->copy));
  return TRUE;
}

/* --- blank drafts --------------------------------------------------------- */

JgPost *
jg_post_store_create_blank (JgPostStore   *self,
                            JgPostColumn   column,
                            GError       **error)
{
  g_autofree char *department = NULL;
  g_autoptr(JgPost) post = NULL;
  gboolean changed;

  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);

  department = jg_record_store_get_department (self->store);
  post = jg_post_new (column, department);
  if (!save_on (self->store, post, TRUE, &changed, error))
    return NULL;
  jg_post_store_emit_changed (self, jg_post_get_uuid (post));
  return g_steal_pointer (&post);
}

gboolean
jg_post_store_is_blank (JgPostStore *self,
                        const char  *uuid)
{
  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);

  /* Every save that changes a field and every change of state clears
   * blank; the other conditions guard against a row that was sent. */
  return jg_store_has_row (self->store,
                           "SELECT 1 FROM post WHERE uuid = ? AND blank = 1 AND state = 'draft'"
                           " AND server_revision IS NULL AND deleting = 0", uuid);
}

gboolean
jg_post_store_discard_blank (JgPostStore  *self,
                             const char   *uuid,
                             gboolean     *discarded,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);

  if (discarded != NULL)
    *discarded = FALSE;
  if (!jg_store_begin (self->store, error))
    return FALSE;
  if (!jg_post_store_is_blank (self, uuid))
    {
      jg_store_rollback (self->store);
      return TRUE;
    }
  /* Its audit trail goes too: nobody did anything worth a trace. */
  stmt = jg_store_prepare (self->store, "DELETE FROM post_audit WHERE uuid = ?", error);
  if (stmt == NULL)
    goto fail;
  jg_store_bind_text (stmt, 1, uuid);
  if (!jg_store_step_done (self->store, stmt, error)
      || !jg_post_store_remove_row (self->store, uuid, error))
    goto fail;
  if (!jg_post_store_end_write (self, self->store, uuid, error))
    return FALSE;
  if (discarded != NULL)
    *discarded = TRUE;
  return TRUE;

fail:
  jg_store_rollback (self->store);
  return FALSE;
}

/* --- deleting ------------------------------------------------------------- */

/* Marks @uuid deleted (its state kept for an undo) or not. A sent post
 * stays until the server has its deletion. */
static gboolean
set_deleting (JgStore     *db,
              const char  *uuid,
              gboolean     deleting,
              GError     **error)
{
  sqlite3_stmt *stmt;

  if (deleting)
    stmt = jg_store_prepare (db,
                             "UPDATE post SET deleting = 1, deleted_state = state, updated_at = ?2"
                             " WHERE uuid = ?1", error);
  else
    stmt = jg_store_prepare (db,
                             "UPDATE post SET deleting = 0, deleted_state = NULL, updated_at = ?2"
                             " WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  return jg_store_step_done (db, stmt, error);
}

gboolean
jg_post_store_delete (JgPostStore  *self,
                      const char   *uuid,
                      GError      **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  JgStore *db;
  gboolean never_sent;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);

  db = self->store;
  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;
  if (!stored.exists || stored.deleting)
    {
      jg_post_store_not_found (error);
      goto fail;
    }
  if (stored.state == JG_POST_STATE_PUBLISHED || stored.state == JG_POST_STATE_WITHDRAWN)
    {
      g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED,
                           _("A published post is not deleted: withdraw it, with a reason, and it "
                             "leaves the public column. Nothing was deleted."));
      goto fail;
    }

  never_sent = stored.server_revision == 0 && stored.state != JG_POST_STATE_SENDING;
  if (never_sent)
    {
      if (!jg_post_store_remove_row (db, uuid, error))
        goto fail;
    }
  else
    {
      if (!set_deleting (db, uuid, TRUE, error))
        goto fail;
    }
  if (!jg_post_store_add_audit (db, uuid, NULL, "delete", jg_post_state_to_string (stored.state), NULL,
                                stored.revision, NULL, error))
    goto fail;
  return jg_post_store_end_write (self, db, uuid, error);

fail:
  jg_store_rollback (db);
  return FALSE;
}

gboolean
jg_post_store_undelete (JgPostStore  *self,
                        JgPost       *post,
                        GError      **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  g_autofree char *department = NULL;
  JgStore *db;
  const char *uuid;
  gboolean removed;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (JG_IS_POST (post), FALSE);

  db = self->store;
  uuid = jg_post_get_uuid (post);
  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;

  if (stored.exists)
    {
      /* A deletion on its way to the server cannot be called back. */
      if (!stored.deleting || stored.state == JG_POST_STATE_SENDING)
        goto gone;
      if (!set_deleting (db, uuid, FALSE, error))
        goto fail;
    }
  else
    {
      if (!jg_audit_last_is_delete (db, JG_AUDIT_POSTS, uuid, &removed, error))
        goto fail;
      if (!removed)
        goto gone;
      department = g_strdup (jg_post_get_department (post));
      if (department == NULL)
        department = jg_record_store_get_department (db);
      if (!write_row (db, post, department, TRUE, FALSE, error)
          || !write_image_uses (db, post, error))
        goto fail;
    }

  if (!jg_post_store_add_audit (db, uuid, NULL, "restore", NULL,
                                jg_post_state_to_string (jg_post_get_state (post)),
                                jg_post_get_revision (post), NULL, error))
    goto fail;
  return jg_post_store_end_write (self, db, uuid, error);

gone:
  g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_FOUND,
                       _("The post cannot be restored: its deletion has already been sent to the server."));
fail:
  jg_store_rollback (db);
  return FALSE;
}
