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

static gpointer
read_signoff (JgStore      *db,
              sqlite3_stmt *stmt)
{
  JgPostSignoff *signoff = g_new0 (JgPostSignoff, 1);

  signoff->revision = sqlite3_column_int (stmt, 0);
  signoff->level = sqlite3_column_int (stmt, 1);
  signoff->reviewer = g_strdup (jg_store_column_text (stmt, 2));
  signoff->decision = g_strdup (jg_store_column_text (stmt, 3));
  signoff->comment = g_strdup (jg_store_column_text (stmt, 4));
  signoff->at = sqlite3_column_int64 (stmt, 5);
  signoff->levels = sqlite3_column_int (stmt, 6);
  return signoff;
}

GPtrArray *
jg_post_store_list_signoffs (JgPostStore  *self,
                             const char   *uuid,
                             GError      **error)
{
  JgStore *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);

  db = jg_post_store_get_store (self);
  stmt = jg_store_prepare (db,
                           "SELECT s.revision, s.level, s.reviewer, s.decision, s.comment, s.at,"
                           " ifnull (p.review_levels, 1)"
                           " FROM post_signoff s LEFT JOIN post p ON p.uuid = s.uuid"
                           " WHERE s.uuid = ?1 ORDER BY s.at, s.revision, s.level", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, uuid);
  return jg_store_read_rows (db, stmt, read_signoff, (GDestroyNotify) jg_post_signoff_free, error);
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
  return jg_post_store_end_write (self, db, uuid, error);

fail:
  jg_store_rollback (db);
  return FALSE;
}

/* --- the department's posts from the server ------------------------------ */

gboolean
jg_post_store_apply_copy (JgPostStore       *self,
                          const JgPostCopy  *copy,
                          gboolean          *applied,
                          GError           **error)
{
  g_auto(JgStoredPost) stored = { 0 };
  g_autoptr(JgPost) post = NULL;
  g_autofree char *json = NULL;
  g_autofree char *month = NULL;
  JgStore *db;
  const char *uuid;
  guint revision;
  gboolean take;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (copy != NULL && JG_IS_POST (copy->post), FALSE);

  *applied = FALSE;
  db = jg_post_store_get_store (self);
  uuid = jg_post_get_uuid (copy->post);
  revision = jg_post_get_revision (copy->post);
  post = jg_post_copy (copy->post);
  jg_post_set_identity (post, NULL, revision, copy->state);
  json = jg_post_to_json (post);
  month = jg_post_store_month_of (copy->published_at > 0 ? copy->published_at : now);

  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;
  /* Unsent here: a draft or submitted revision the server does not have. */
  take = !stored.exists
         || (!stored.deleting
             && (stored.revision < revision
                 || (stored.revision == revision && stored.state != JG_POST_STATE_DRAFT
                     && stored.state != JG_POST_STATE_SUBMITTED)));

  if (!stored.exists)
    stmt = jg_store_prepare (db,
                             "INSERT INTO post (uuid, column_key, department, revision, state, title, month,"
                             " fields, review_level, review_levels, review_comment, published_at,"
                             " withdrawn_at, withdraw_reason, created_at, updated_at, server_revision)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, json_extract (?6, '$.fields.title'), ?7, ?6, ?8,"
                             " ?9, ?10, nullif (?11, 0), nullif (?12, 0), ?13, ?14, ?14, ?4)", error);
  else if (take)
    stmt = jg_store_prepare (db,
                             "UPDATE post SET column_key = ?2, department = ?3, revision = ?4, state = ?5,"
                             " title = json_extract (?6, '$.fields.title'), month = ?7, fields = ?6,"
                             " review_level = ?8, review_levels = ?9, review_comment = ?10,"
                             " published_at = nullif (?11, 0), withdrawn_at = nullif (?12, 0),"
                             " withdraw_reason = ?13, updated_at = ?14, server_revision = ?4, blank = 0"
                             " WHERE uuid = ?1", error);
  else
    stmt = jg_store_prepare (db,
                             "UPDATE post SET review_level = ?8, review_levels = ?9, review_comment = ?10,"
                             " published_at = nullif (?11, 0), withdrawn_at = nullif (?12, 0),"
                             " withdraw_reason = ?13, server_revision = max (ifnull (server_revision, 0), ?4),"
                             " month = CASE WHEN ?11 > 0 THEN ?7 ELSE month END"
                             " WHERE uuid = ?1", error);
  if (stmt == NULL)
    goto fail;
  jg_store_bind_text (stmt, 1, uuid);
  jg_store_bind_text (stmt, 2, jg_post_column_to_string (jg_post_get_column (post)));
  jg_store_bind_text (stmt, 3, jg_post_get_department (post));
  sqlite3_bind_int (stmt, 4, revision);
  jg_store_bind_text (stmt, 5, jg_post_state_to_string (copy->state));
  jg_store_bind_text (stmt, 6, json);
  jg_store_bind_text (stmt, 7, month);
  sqlite3_bind_int (stmt, 8, copy->review_level);
  sqlite3_bind_int (stmt, 9, MAX (copy->review_levels, 1));
  jg_store_bind_text (stmt, 10, copy->review_comment);
  sqlite3_bind_int64 (stmt, 11, copy->published_at);
  sqlite3_bind_int64 (stmt, 12, copy->withdrawn_at);
  jg_store_bind_text (stmt, 13, copy->withdraw_reason);
  sqlite3_bind_int64 (stmt, 14, now);
  if (!jg_store_step_done (db, stmt, error)
      || !jg_post_store_add_audit (db, uuid, JG_POST_STORE_SYNC_WHO, "copy",
                                   stored.exists ? jg_post_state_to_string (stored.state) : NULL,
                                   jg_post_state_to_string (copy->state), revision, NULL, error))
    goto fail;
  if (!jg_post_store_end_write (self, db, uuid, error))
    return FALSE;
  *applied = take;
  return TRUE;

fail:
  jg_store_rollback (db);
  return FALSE;
}
