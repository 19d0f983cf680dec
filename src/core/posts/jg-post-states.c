/* jg-post-states.c — a post's states, its audit trail, its checks and the
 * reviewers' sign-offs
 *
 * See jg-post-states.h for the sync's side of the life cycle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "jg-audit.h"
#include "jg-post-html.h"
#include "jg-post-images.h"
#include "jg-post-store-private.h"
#include "jg-post-validate.h"
#include "jg-record-store.h"

#define SYNC_WHO JG_POST_STORE_SYNC_WHO
#define CHECKS_CLIENT "client"
#define CHECKS_SERVER "server"

/* --- audit ---------------------------------------------------------------- */

gboolean
jg_post_store_add_audit (JgStore     *db,
                         const char  *uuid,
                         const char  *who,
                         const char  *action,
                         const char  *from_state,
                         const char  *to_state,
                         guint        revision,
                         const char  *detail,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (db,
                           "INSERT INTO post_audit (uuid, at, who, account, host, action, from_state,"
                           " to_state, revision, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  return stmt != NULL
         && jg_audit_insert (db, stmt, uuid, who, action, from_state, to_state, revision, detail, error);
}

GPtrArray *
jg_post_store_audit (JgPostStore  *self,
                     const char   *uuid,
                     GError      **error)
{
  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);

  return jg_audit_read (jg_post_store_get_store (self), JG_AUDIT_POSTS, uuid, error);
}

gboolean
jg_post_store_write_state (JgStore     *db,
                           const char  *uuid,
                           JgPostState  from,
                           JgPostState  to,
                           guint        revision,
                           const char  *who,
                           const char  *detail,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (db, "UPDATE post SET state = ?2, blank = 0 WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  jg_store_bind_text (stmt, 2, jg_post_state_to_string (to));
  return jg_store_step_done (db, stmt, error)
         && jg_post_store_add_audit (db, uuid, who, "state", jg_post_state_to_string (from),
                                     jg_post_state_to_string (to), revision, detail, error);
}

/* --- checks --------------------------------------------------------------- */

gboolean
jg_post_store_write_checks (JgStore     *db,
                            const char  *uuid,
                            guint        revision,
                            const char  *source,
                            GPtrArray   *issues,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (db, "DELETE FROM post_check WHERE uuid = ?1 AND revision = ?2 AND source = ?3",
                           error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int (stmt, 2, revision);
  jg_store_bind_text (stmt, 3, source);
  if (!jg_store_step_done (db, stmt, error))
    return FALSE;

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];
      g_autoptr(GString) json = g_string_new (NULL);

      jg_issue_append_json (json, issue);
      /* Positions after the client's for the server's reasons. */
      stmt = jg_store_prepare (db,
                               "INSERT INTO post_check (uuid, revision, pos, source, field, severity, message,"
                               " issue) VALUES (?1, ?2, (SELECT ifnull (max (pos) + 1, 0) FROM post_check"
                               " WHERE uuid = ?1 AND revision = ?2), ?3, ?4, ?5, ?6, ?7)", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, uuid);
      sqlite3_bind_int (stmt, 2, revision);
      jg_store_bind_text (stmt, 3, source);
      jg_store_bind_text (stmt, 4, issue->field);
      jg_store_bind_text (stmt, 5, issue->severity == JG_ISSUE_ERROR ? "error" : "warning");
      jg_store_bind_text (stmt, 6, issue->message);
      jg_store_bind_text (stmt, 7, json->str);
      if (!jg_store_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
jg_post_store_get_checks (JgPostStore  *self,
                          const char   *uuid,
                          GError      **error)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_issue_free);
  JgStore *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);

  db = jg_post_store_get_store (self);
  stmt = jg_store_prepare (db,
                           "SELECT issue FROM post_check"
                           " WHERE uuid = ?1 AND revision = (SELECT revision FROM post WHERE uuid = ?1)"
                           " ORDER BY pos", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = json_from_string (jg_store_column_text (stmt, 0), NULL);
      JgIssue *issue = node != NULL ? jg_issue_new_from_json (node, NULL) : NULL;

      if (issue != NULL)
        g_ptr_array_add (issues, issue);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (db, error, rc);
      return NULL;
    }
  return g_steal_pointer (&issues);
}

/* --- submitting ----------------------------------------------------------- */

/* The wording check of every text field of @post (the body as its text). */
static void
check_wording (JgWordingList *wording,
               JgPost        *post,
               GPtrArray     *issues)
{
  const JgPostFieldSpec *fields;
  guint n;

  fields = jg_post_fields (jg_post_get_column (post), &n);
  for (guint i = 0; i < n; i++)
    {
      const char *value = jg_post_get (post, fields[i].key);

      if (value == NULL)
        continue;
      if (fields[i].type == JG_POST_FIELD_HTML)
        {
          g_autoptr(JgPostDoc) doc = jg_post_doc_from_html (value, NULL);
          g_autofree char *text = jg_post_doc_to_text (doc);
          jg_wording_issues (wording, fields[i].key, text, issues);
        }
      else if (fields[i].type == JG_POST_FIELD_TEXT || fields[i].type == JG_POST_FIELD_LONG_TEXT)
        jg_wording_issues (wording, fields[i].key, value, issues);
    }
}

/* Every image of @post is stored here and none failed to upload. */
static gboolean
check_images (JgStore     *db,
              JgPost      *post,
              GError     **error)
{
  g_auto(GStrv) hashes = jg_post_get_image_hashes (post);
  sqlite3_stmt *stmt;

  for (guint i = 0; hashes != NULL && hashes[i] != NULL; i++)
    {
      gboolean present, failed = FALSE;
      int rc;

      stmt = jg_store_prepare (db, "SELECT upload_state = 'failed' FROM post_image WHERE sha256 = ?", error);
      if (stmt == NULL)
        return FALSE;
      jg_store_bind_text (stmt, 1, hashes[i]);
      rc = sqlite3_step (stmt);
      present = rc == SQLITE_ROW;
      if (present)
        failed = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return jg_store_set_error (db, error, rc);
      if (!present || failed)
        {
          g_set_error_literal (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_IMAGE,
                               present
                               ? _("The post cannot be submitted yet: one of its pictures could not be sent. "
                                   "Remove it or add it again.")
                               : _("The post cannot be submitted yet: one of its pictures is not on this "
                                   "computer. Remove it or add it again."));
          return FALSE;
        }
    }
  return TRUE;
}

static char *
today_in_shanghai (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) shanghai = g_date_time_add_seconds (now, JG_QUOTA_UTC_OFFSET_SECONDS);

  return g_date_time_format (shanghai, "%Y-%m-%d");
}

static gboolean
submit_on (JgStore        *db,
           JgWordingList  *wording,
           const char     *uuid,
           const char     *today,
           GError        **error)
{
  g_autoptr(JgPost) post = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *own_today = NULL;
  JgPostState from;

  if (today == NULL)
    today = own_today = today_in_shanghai ();
  if (!jg_store_begin (db, error))
    return FALSE;
  post = jg_post_store_load_on (db, uuid, error);
  if (post == NULL)
    goto fail;
  from = jg_post_get_state (post);
  if (from == JG_POST_STATE_SUBMITTED)
    {
      jg_store_rollback (db);
      return TRUE;
    }
  /* A returned post goes back once it is edited (its next revision, a
   * draft): the server holds the returned revision as it is. */
  if (from != JG_POST_STATE_DRAFT && from != JG_POST_STATE_REJECTED)
    {
      g_set_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_NOT_ALLOWED,
                   _("The post cannot be submitted: it is %s. Nothing was changed."),
                   jg_post_state_get_label (from));
      goto fail;
    }

  issues = jg_post_validate (post, today);
  if (wording != NULL)
    check_wording (wording, post, issues);
  for (guint i = 0; i < issues->len; i++)
    {
      JgIssue *issue = issues->pdata[i];

      if (issue->severity == JG_ISSUE_ERROR)
        {
          g_set_error (error, JG_POST_STORE_ERROR, JG_POST_STORE_ERROR_INVALID,
                       _("The post cannot be submitted yet: %s"), issue->message);
          goto fail;
        }
    }
  if (!check_images (db, post, error))
    goto fail;

  if (!jg_post_store_write_checks (db, uuid, jg_post_get_revision (post), CHECKS_CLIENT, issues, error)
      || !jg_post_store_write_state (db, uuid, from, JG_POST_STATE_SUBMITTED, jg_post_get_revision (post),
                                     NULL, NULL, error)
      || !jg_store_commit (db, error))
    goto fail;
  return TRUE;

fail:
  jg_store_rollback (db);
  return FALSE;
}

gboolean
jg_post_store_submit (JgPostStore  *self,
                      const char   *uuid,
                      const char   *today,
                      GError      **error)
{
  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (!submit_on (jg_post_store_get_store (self), jg_post_store_get_wording (self), uuid, today, error))
    return FALSE;
  jg_post_store_emit_changed (self, uuid);
  return TRUE;
}

typedef struct {
  char *uuid;
  char *today;
} SubmitData;

static void
submit_data_free (SubmitData *data)
{
  g_free (data->uuid);
  g_free (data->today);
  g_free (data);
}

static void
submit_work (JgPostStore  *self,
             JgStore      *db,
             GTask        *task,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SubmitData *data = task_data;
  GError *error = NULL;

  if (!submit_on (db, jg_post_store_get_wording (self), data->uuid, data->today, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  jg_post_store_emit_changed (self, data->uuid);
  g_task_return_boolean (task, TRUE);
}

void
jg_post_store_submit_async (JgPostStore         *self,
                            const char          *uuid,
                            const char          *today,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SubmitData *data;

  g_return_if_fail (JG_IS_POST_STORE (self));
  g_return_if_fail (uuid != NULL);

  data = g_new0 (SubmitData, 1);
  data->uuid = g_strdup (uuid);
  data->today = g_strdup (today);
  jg_post_store_start_work (self, jg_post_store_submit_async, data, (GDestroyNotify) submit_data_free, submit_work,
                            cancellable, callback, user_data);
}

gboolean
jg_post_store_submit_finish (JgPostStore   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the sync's states ---------------------------------------------------- */

/* The row of @uuid if the server speaks about its current revision, or an
 * edit of it made while it was on its way (local revision one more, a
 * draft, the server holding none newer). */
typedef enum { ROW_GONE, ROW_SAME, ROW_EDITED } RowMatch;

static RowMatch
match_row (const JgStoredPost *stored,
           guint               revision)
{
  if (!stored->exists || stored->deleting)
    return ROW_GONE;
  if (stored->revision == revision && stored->state != JG_POST_STATE_DRAFT)
    return ROW_SAME;
  if ((stored->revision == revision || stored->revision == revision + 1)
      && stored->state == JG_POST_STATE_DRAFT && stored->server_revision <= revision)
    return ROW_EDITED;
  return ROW_GONE;
}

/* The server holds @revision of an edited row: the edit becomes the next
 * revision, a draft. */
static gboolean
note_server_revision (JgStore     *db,
                      const char  *uuid,
                      guint        revision,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (db,
                           "UPDATE post SET server_revision = ?2,"
                           " revision = max (revision, ?2 + 1) WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int (stmt, 2, revision);
  return jg_store_step_done (db, stmt, error);
}

gboolean
jg_post_store_update_row (JgStore     *db,
                          const char  *sql,
                          const char  *uuid,
                          guint        revision,
                          gint64       a,
                          gint64       b,
                          const char  *text,
                          GError     **error)
{
  sqlite3_stmt *stmt = jg_store_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, uuid);
  sqlite3_bind_int (stmt, 2, revision);
  sqlite3_bind_int64 (stmt, 3, a);
  sqlite3_bind_int64 (stmt, 4, b);
  jg_store_bind_text (stmt, 5, text);
  return jg_store_step_done (db, stmt, error);
}

typedef enum {
  TO_SENDING,
  TO_SUBMITTED,
  TO_IN_REVIEW,
  TO_RETURNED,
  TO_PUBLISHED,
  TO_WITHDRAWN,
  TO_REJECTED,
} Transition;

typedef struct {
  Transition   to;
  guint        revision;
  gint64       a;           /* level, published_at, withdrawn_at */
  gint64       b;           /* levels */
  const char  *text;        /* comment, reason */
  const char  *server_json;
  GPtrArray   *issues;
} Change;

/* Whether the row already shows what @change says. */
static gboolean
already_known (const JgStoredPost *stored,
               RowMatch            match,
               const Change       *change)
{
  if (match == ROW_SAME)
    switch (change->to)
      {
      case TO_IN_REVIEW:
        return stored->state == JG_POST_STATE_IN_REVIEW && stored->review_level == change->a;
      case TO_RETURNED:
        return stored->state == JG_POST_STATE_RETURNED;
      case TO_PUBLISHED:
        return stored->state == JG_POST_STATE_PUBLISHED;
      case TO_WITHDRAWN:
        return stored->state == JG_POST_STATE_WITHDRAWN;
      case TO_REJECTED:
        return stored->state == JG_POST_STATE_REJECTED;
      case TO_SENDING:
      case TO_SUBMITTED:
      default:
        return FALSE;
      }
  /* An edit made after the server's answer was taken: the server holds
   * that revision already, with that decision. */
  return stored->server_revision == change->revision
         && ((change->to == TO_RETURNED && g_strcmp0 (stored->review_comment, change->text) == 0)
             || (change->to == TO_IN_REVIEW && stored->review_level == change->a));
}

/* Applies @change to @uuid in one transaction; *@applied (may be NULL)
 * when it did. */
static gboolean
apply_change (JgPostStore   *self,
              const char    *uuid,
              const Change  *change,
              gboolean      *applied,
              GError       **error)
{
  JgStore *db = jg_post_store_get_store (self);
  g_auto(JgStoredPost) stored = { 0 };
  RowMatch match;
  JgPostState to;
  gboolean ok = TRUE;

  if (applied != NULL)
    *applied = FALSE;
  if (!jg_store_begin (db, error))
    return FALSE;
  if (!jg_post_store_read_stored (db, uuid, &stored, error))
    goto fail;

  if (change->to == TO_WITHDRAWN)
    match = stored.exists && !stored.deleting ? ROW_SAME : ROW_GONE;
  else
    match = match_row (&stored, change->revision);
  if (match == ROW_GONE
      || (change->to == TO_SENDING && (match != ROW_SAME || stored.state != JG_POST_STATE_SUBMITTED))
      || (change->to == TO_SUBMITTED && (match != ROW_SAME || stored.state != JG_POST_STATE_SENDING)))
    {
      jg_store_rollback (db);
      return TRUE;
    }

  /* The feed may say again what it said (a page read twice): nothing new. */
  if (already_known (&stored, match, change))
    {
      jg_store_rollback (db);
      return TRUE;
    }

  switch (change->to)
    {
    case TO_SENDING:    to = JG_POST_STATE_SENDING; break;
    case TO_SUBMITTED:  to = JG_POST_STATE_SUBMITTED; break;
    case TO_IN_REVIEW:  to = JG_POST_STATE_IN_REVIEW; break;
    case TO_RETURNED:   to = JG_POST_STATE_RETURNED; break;
    case TO_PUBLISHED:  to = JG_POST_STATE_PUBLISHED; break;
    case TO_WITHDRAWN:  to = JG_POST_STATE_WITHDRAWN; break;
    case TO_REJECTED:   to = JG_POST_STATE_REJECTED; break;
    default: g_assert_not_reached ();
    }

  /* What the server did becomes part of the row whatever happened here. */
  switch (change->to)
    {
    case TO_IN_REVIEW:
      ok = jg_post_store_update_row (db, "UPDATE post SET review_level = ?3, review_levels = ?4, review_comment = NULL"
                           " WHERE uuid = ?1", uuid, change->revision, change->a, change->b, NULL, error);
      break;
    case TO_RETURNED:
      ok = jg_post_store_update_row (db, "UPDATE post SET review_comment = ?5 WHERE uuid = ?1",
                       uuid, change->revision, 0, 0, change->text, error);
      break;
    case TO_PUBLISHED:
      {
        g_autofree char *month = jg_post_store_month_of (change->a);
        ok = jg_post_store_update_row (db, "UPDATE post SET published_at = ?3, month = ?5, review_comment = NULL"
                             " WHERE uuid = ?1", uuid, change->revision, change->a, 0, month, error);
      }
      break;
    case TO_WITHDRAWN:
      ok = jg_post_store_update_row (db, "UPDATE post SET withdrawn_at = ?3, withdraw_reason = ?5 WHERE uuid = ?1",
                       uuid, change->revision, change->a, 0, change->text, error);
      break;
    case TO_REJECTED:
      ok = jg_post_store_write_checks (db, uuid, change->revision, CHECKS_SERVER, change->issues, error);
      break;
    case TO_SENDING:
    case TO_SUBMITTED:
    default:
      break;
    }
  if (!ok)
    goto fail;

  if (match == ROW_EDITED)
    {
      /* Edited here meanwhile: the server's revision is not this one. A
       * rejected revision was not kept by the server, so the edit simply
       * replaces it; any other the server holds, so the edit is the next. */
      if (change->to != TO_REJECTED && !note_server_revision (db, uuid, change->revision, error))
        goto fail;
      if (change->to == TO_RETURNED && change->server_json != NULL
          && !jg_post_store_update_row (db, "UPDATE post SET server_fields = ?5 WHERE uuid = ?1",
                          uuid, change->revision, 0, 0, change->server_json, error))
        goto fail;
      if (!jg_post_store_add_audit (db, uuid, SYNC_WHO, "server-state", jg_post_state_to_string (stored.state),
                                    jg_post_state_to_string (to), change->revision, change->text, error))
        goto fail;
    }
  else
    {
      if (change->to != TO_SENDING && change->to != TO_SUBMITTED && change->to != TO_REJECTED
          && !jg_post_store_update_row (db, "UPDATE post SET server_revision = max (ifnull (server_revision, 0), ?2)"
                              " WHERE uuid = ?1", uuid, change->revision, 0, 0, NULL, error))
        goto fail;
      if (!jg_post_store_write_state (db, uuid, stored.state, to, stored.revision, SYNC_WHO, change->text,
                                      error))
        goto fail;
    }
  if (!jg_post_store_end_write (self, db, uuid, error))
    return FALSE;
  if (applied != NULL)
    *applied = TRUE;
  return TRUE;

fail:
  jg_store_rollback (db);
  return FALSE;
}

gboolean
jg_post_store_mark_sending (JgPostStore  *self,
                            const char   *uuid,
                            guint         revision,
                            GError      **error)
{
  Change change = { .to = TO_SENDING, .revision = revision };

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  return apply_change (self, uuid, &change, NULL, error);
}

gboolean
jg_post_store_unmark_sending (JgPostStore  *self,
                              const char   *uuid,
                              guint         revision,
                              GError      **error)
{
  Change change = { .to = TO_SUBMITTED, .revision = revision };

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  return apply_change (self, uuid, &change, NULL, error);
}

gboolean
jg_post_store_set_in_review (JgPostStore  *self,
                             const char   *uuid,
                             guint         revision,
                             guint         level,
                             guint         levels,
                             gboolean     *applied,
                             GError      **error)
{
  Change change = { .to = TO_IN_REVIEW, .revision = revision, .a = level, .b = MAX (levels, level) };

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  return apply_change (self, uuid, &change, applied, error);
}

gboolean
jg_post_store_set_returned (JgPostStore  *self,
                            const char   *uuid,
                            guint         revision,
                            const char   *comment,
                            const char   *server_json,
                            gboolean     *applied,
                            GError      **error)
{
  Change change = { .to = TO_RETURNED, .revision = revision, .text = comment, .server_json = server_json };

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  return apply_change (self, uuid, &change, applied, error);
}

gboolean
jg_post_store_set_published (JgPostStore  *self,
                             const char   *uuid,
                             guint         revision,
                             gint64        published_at,
                             gboolean     *applied,
                             GError      **error)
{
  Change change = { .to = TO_PUBLISHED, .revision = revision, .a = published_at };

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  return apply_change (self, uuid, &change, applied, error);
}

gboolean
jg_post_store_set_withdrawn (JgPostStore  *self,
                             const char   *uuid,
                             gint64        withdrawn_at,
                             const char   *reason,
                             gboolean     *applied,
                             GError      **error)
{
  Change change = { .to = TO_WITHDRAWN, .a = withdrawn_at, .text = reason };

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (reason != NULL && *reason != '\0', FALSE);
  return apply_change (self, uuid, &change, applied, error);
}

gboolean
jg_post_store_set_rejected (JgPostStore  *self,
                            const char   *uuid,
                            guint         revision,
                            GPtrArray    *issues,
                            gboolean     *applied,
                            GError      **error)
{
  Change change = { .to = TO_REJECTED, .revision = revision, .issues = issues };

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  return apply_change (self, uuid, &change, applied, error);
}
