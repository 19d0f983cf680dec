/* jg-post-review.c — the reviewers' sign-offs, and both copies of a post
 * returned while it was edited here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-post-store-private.h"

/* --- sign-offs ------------------------------------------------------------ */

void
jg_post_signoff_free (JgPostSignoff *signoff)
{
  if (signoff == NULL)
    return;
  g_free (signoff->reviewer);
  g_free (signoff->decision);
  g_free (signoff->comment);
  g_free (signoff);
}

gboolean
jg_post_store_add_signoff (JgPostStore          *self,
                           const char           *uuid,
                           const JgPostSignoff  *signoff,
                           GError              **error)
{
  JgStore *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (signoff != NULL && signoff->reviewer != NULL && signoff->decision != NULL, FALSE);

  db = jg_post_store_get_store (self);
  stmt = jg_store_prepare (db,
                           "INSERT INTO post_signoff (uuid, revision, level, reviewer, decision, comment, at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int (stmt, 2, signoff->revision);
  sqlite3_bind_int (stmt, 3, signoff->level);
  jg_store_bind_text (stmt, 4, signoff->reviewer);
  jg_store_bind_text (stmt, 5, signoff->decision);
  jg_store_bind_text (stmt, 6, signoff->comment);
  sqlite3_bind_int64 (stmt, 7, signoff->at);
  if (!jg_store_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (jg_store_get_db (db)) > 0)
    jg_post_store_emit_changed (self, uuid);
  return TRUE;
}

GPtrArray *
jg_post_store_list_signoffs (JgPostStore  *self,
                             const char   *uuid,
                             GError      **error)
{
  g_autoptr(GPtrArray) signoffs = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_post_signoff_free);
  JgStore *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);

  db = jg_post_store_get_store (self);
  stmt = jg_store_prepare (db,
                           "SELECT revision, level, reviewer, decision, comment, at FROM post_signoff"
                           " WHERE uuid = ? ORDER BY at, revision, level", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgPostSignoff *signoff = g_new0 (JgPostSignoff, 1);

      signoff->revision = sqlite3_column_int (stmt, 0);
      signoff->level = sqlite3_column_int (stmt, 1);
      signoff->reviewer = g_strdup (jg_store_column_text (stmt, 2));
      signoff->decision = g_strdup (jg_store_column_text (stmt, 3));
      signoff->comment = g_strdup (jg_store_column_text (stmt, 4));
      signoff->at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (signoffs, signoff);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (db, error, rc);
      return NULL;
    }
  return g_steal_pointer (&signoffs);
}

/* --- both copies ---------------------------------------------------------- */

gboolean
jg_post_store_get_conflict (JgPostStore  *self,
                            const char   *uuid,
                            JgPost      **server_post,
                            char        **comment,
                            GError      **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  JgStore *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);

  if (server_post != NULL)
    *server_post = NULL;
  if (comment != NULL)
    *comment = NULL;
  db = jg_post_store_get_store (self);
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    return FALSE;
  if (!stored.exists || stored.server_fields == NULL)
    return FALSE;
  if (server_post != NULL)
    {
      *server_post = jg_post_new_from_json (stored.server_fields, NULL);
      if (*server_post != NULL)
        jg_post_set_identity (*server_post, uuid, stored.server_revision, JG_POST_STATE_RETURNED);
    }
  if (comment != NULL)
    {
      stmt = jg_store_prepare (db, "SELECT review_comment FROM post WHERE uuid = ?", NULL);
      if (stmt != NULL)
        {
          jg_store_bind_text (stmt, 1, uuid);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            *comment = g_strdup (jg_store_column_text (stmt, 0));
          sqlite3_reset (stmt);
        }
    }
  return TRUE;
}

gboolean
jg_post_store_resolve_conflict (JgPostStore  *self,
                                const char   *uuid,
                                gboolean      keep_local,
                                GError      **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  g_autoptr(JgPost) server_post = NULL;
  g_autofree char *json = NULL;
  JgStore *db;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);

  db = jg_post_store_get_store (self);
  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;
  if (!stored.exists || stored.server_fields == NULL)
    {
      jg_store_rollback (db);
      return TRUE;
    }

  if (keep_local)
    {
      if (!jg_post_store_update_row (db, "UPDATE post SET server_fields = NULL WHERE uuid = ?1", uuid, 0, 0, 0, NULL, error)
          || !jg_post_store_add_audit (db, uuid, NULL, "keep-local", NULL, NULL, stored.revision, NULL, error))
        goto fail;
    }
  else
    {
      /* The server's copy, as it returned it: the local edit is dropped. */
      server_post = jg_post_new_from_json (stored.server_fields, error);
      if (server_post == NULL)
        goto fail;
      jg_post_set_identity (server_post, uuid, stored.server_revision, JG_POST_STATE_RETURNED);
      json = jg_post_to_json (server_post);
      if (!jg_post_store_update_row (db, "UPDATE post SET fields = ?5, revision = ?2, state = 'returned', server_fields = NULL,"
                           " title = json_extract (?5, '$.fields.title'), updated_at = ?3 WHERE uuid = ?1", uuid, stored.server_revision,
                       g_get_real_time () / G_USEC_PER_SEC, 0, json, error)
          || !jg_post_store_add_audit (db, uuid, NULL, "take-server", jg_post_state_to_string (stored.state),
                                       "returned", stored.server_revision, NULL, error))
        goto fail;
    }
  if (!jg_store_commit (db, error))
    goto fail;
  jg_post_store_emit_changed (self, uuid);
  return TRUE;

fail:
  jg_store_rollback (db);
  return FALSE;
}
