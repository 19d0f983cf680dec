/* jg-server-posts-review.c — sign-offs, publication and withdrawal
 *
 * PROTOCOL.md, "Reviewing" and "Withdrawing". Each decision is one
 * transaction: the sign-off (append-only), the post's new state and its
 * feed entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-posts-private.h"
#include "jg-server-log.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <libsoup/soup.h>

#include "jg-protocol.h"

#define ROLE_ADMIN "admin"
#define ROLE_REVIEWER "reviewer"
#define DECISION_APPROVE "approve"
#define DECISION_RETURN "return"

/* An integer member in [min, max]: 1 when valid, 0 when absent, -1 when
 * present but not such an integer. */
static int
int_member (JsonObject *o,
            const char *name,
            gint64      min,
            gint64      max,
            gint64     *value)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL)
    return 0;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
      json_node_get_int (n) < min || json_node_get_int (n) > max)
    return -1;
  *value = json_node_get_int (n);
  return 1;
}

/* A string member: 1 when a string, 0 when absent or null, -1 otherwise. */
static int
text_member (JsonObject  *o,
             const char  *name,
             const char **value)
{
  JsonNode *n = json_object_get_member (o, name);

  *value = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return 0;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return -1;
  *value = json_node_get_string (n);
  return 1;
}

static void
bad_request (JgServerOutcome *outcome,
             const char      *message)
{
  jg_server_outcome_clear (outcome);
  outcome->status = SOUP_STATUS_BAD_REQUEST;
  outcome->message = g_strdup (message);
}

/* The post's head for a request of @account: FALSE with @outcome set
 * (404, 403) when it may not go on. */
static gboolean
department_post (JgServerAccount  *account,
                 const char       *uuid,
                 JgServerPostHead *head,
                 JgServerOutcome  *outcome)
{
  if (!head->found)
    {
      jg_server_outcome_clear (outcome);
      outcome->status = SOUP_STATUS_NOT_FOUND;
      outcome->message = g_strdup_printf ("No such post: %s", uuid);
      return FALSE;
    }
  if (strcmp (head->department, account->department) != 0)
    {
      jg_server_account_log_forbidden (account, head->department);
      jg_server_outcome_clear (outcome);
      outcome->status = SOUP_STATUS_FORBIDDEN;
      outcome->message = g_strdup ("The post belongs to another department");
      return FALSE;
    }
  return TRUE;
}

/* Ends a decision: the feed entry, COMMIT, and {"post":…} as the answer. */
static gboolean
finish (JgServerDb       *db,
        const char       *uuid,
        gboolean          changed,
        JgServerOutcome  *outcome,
        GString          *out,
        GError          **error)
{
  if (changed && !jg_server_posts_put_feed (db, uuid, error))
    return FALSE;
  g_string_append (out, "{\"post\":");
  if (!jg_server_posts_append_json (db, uuid, out, error))
    return FALSE;
  g_string_append_c (out, '}');
  if (!jg_server_db_exec (db, "COMMIT", error))
    return FALSE;
  jg_server_outcome_clear (outcome);
  outcome->status = SOUP_STATUS_OK;
  return TRUE;
}

/* A sign-off already stored at (@uuid, @revision, @level): *@found, and
 * whether it is the very one asked for again (*@same). */
static gboolean
find_signoff (JgServerDb       *db,
              const char       *uuid,
              gint64            revision,
              gint64            level,
              JgServerAccount  *account,
              const char       *decision,
              const char       *comment,
              gboolean         *found,
              gboolean         *same,
              GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *found = *same = FALSE;
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT reviewer, decision, comment FROM post_signoff"
                                      " WHERE uuid = ?1 AND revision = ?2 AND level = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, revision);
  sqlite3_bind_int64 (stmt, 3, level);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      *same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), account->username) == 0 &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), decision) == 0 &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), comment) == 0;
    }
  return jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error);
}

static gboolean
decide (JgServerDb       *db,
        JgServerAccount  *account,
        const char       *uuid,
        gint64            revision,
        gint64            level,       /* 0: the current one */
        const char       *decision,
        const char       *comment,
        gint64            now,
        JgServerOutcome  *outcome,
        GString          *out,
        GError          **error)
{
  g_auto(JgServerPostHead) head = { 0, };
  char revision_text[24], level_text[24];
  gboolean found, same;
  sqlite3_stmt *stmt;

  if (!jg_server_posts_read_head (db, uuid, &head, error))
    return FALSE;
  if (!department_post (account, uuid, &head, outcome))
    return TRUE;
  g_snprintf (revision_text, sizeof revision_text, "%" G_GINT64_FORMAT, revision);

  /* A retry of a sign-off that was stored (its answer lost). */
  if (level > 0)
    {
      if (!find_signoff (db, uuid, revision, level, account, decision, comment,
                         &found, &same, error))
        return FALSE;
      if (same)
        return finish (db, uuid, FALSE, outcome, out, error);
      if (found)
        {
          g_snprintf (level_text, sizeof level_text, "%" G_GINT64_FORMAT, level);
          jg_server_outcome_set (outcome, SOUP_STATUS_CONFLICT,
                                 N_("Level %s of revision %s has already been signed off"),
                                 level_text, revision_text);
          return TRUE;
        }
    }

  if (strcmp (head.state, JG_SERVER_POST_IN_REVIEW) != 0)
    {
      jg_server_outcome_set (outcome, SOUP_STATUS_CONFLICT,
                             N_("The post is no longer in review at revision %s"),
                             revision_text, NULL);
      return TRUE;
    }
  if (revision != head.revision)
    {
      g_autofree char *held = g_strdup_printf ("%" G_GINT64_FORMAT, head.revision);

      jg_server_outcome_set (outcome, SOUP_STATUS_CONFLICT,
                             N_("Revision %s is not the one in review; the post is now at revision %s"),
                             revision_text, held);
      return TRUE;
    }
  if (level > 0 && level != head.level)
    {
      g_snprintf (level_text, sizeof level_text, "%" G_GINT64_FORMAT, head.level);
      jg_server_outcome_set (outcome, SOUP_STATUS_CONFLICT,
                             N_("The post now waits for the sign-off of level %s"),
                             level_text, NULL);
      return TRUE;
    }

  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT INTO post_signoff (uuid, revision, level, reviewer,"
                                      " decision, comment, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, revision);
  sqlite3_bind_int64 (stmt, 3, head.level);
  sqlite3_bind_text (stmt, 4, account->username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, decision, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, comment, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!jg_server_db_step_done (db, stmt, JG_SERVER_POSTS_STORE_FAILED, error))
    return FALSE;

  if (strcmp (decision, DECISION_RETURN) == 0)
    stmt = jg_server_db_prepare_cached (db, "UPDATE post SET state = 'returned' WHERE uuid = ?1",
                                        error);
  else if (head.level < head.levels)
    stmt = jg_server_db_prepare_cached (db, "UPDATE post SET level = level + 1 WHERE uuid = ?1",
                                        error);
  else
    /* The last level: published, at the server's time. */
    stmt = jg_server_db_prepare_cached (db,
                                        "UPDATE post SET state = 'published', published_at = ?2"
                                        " WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (strcmp (decision, DECISION_APPROVE) == 0 && head.level >= head.levels)
    sqlite3_bind_int64 (stmt, 2, now);
  if (!jg_server_db_step_done (db, stmt, JG_SERVER_POSTS_STORE_FAILED, error))
    return FALSE;
  return finish (db, uuid, TRUE, outcome, out, error);
}

gboolean
jg_server_posts_review (JgServerDb       *db,
                        JgServerAccount  *account,
                        const char       *uuid,
                        JsonObject       *body,
                        gint64            now,
                        JgServerOutcome  *outcome,
                        GString          *out,
                        GError          **error)
{
  g_autofree char *comment = NULL;
  const char *decision, *text;
  gint64 revision = 0, level = 0;

  if (strcmp (account->role, ROLE_REVIEWER) != 0)
    {
      jg_server_outcome_clear (outcome);
      outcome->status = SOUP_STATUS_FORBIDDEN;
      outcome->message = g_strdup ("Only a reviewer of the post's department may review it");
      jg_server_log ("FORBIDDEN user=%s department=%s wanted=review-post (role %s)",
                     account->username, account->department, account->role);
      return TRUE;
    }
  if (body == NULL || int_member (body, "revision", 1, G_MAXINT64, &revision) != 1)
    {
      bad_request (outcome, "The body must be a JSON object with an integer \"revision\" >= 1");
      return TRUE;
    }
  if (text_member (body, "decision", &decision) != 1 ||
      (strcmp (decision, DECISION_APPROVE) != 0 && strcmp (decision, DECISION_RETURN) != 0))
    {
      bad_request (outcome, "\"decision\" must be \"approve\" or \"return\"");
      return TRUE;
    }
  decision = strcmp (decision, DECISION_APPROVE) == 0 ? DECISION_APPROVE : DECISION_RETURN;
  if (int_member (body, "level", 1, JG_PROTOCOL_MAX_REVIEW_LEVELS, &level) < 0)
    {
      bad_request (outcome, "\"level\" must be an integer from 1 to "
                   G_STRINGIFY (JG_PROTOCOL_MAX_REVIEW_LEVELS));
      return TRUE;
    }
  if (text_member (body, "comment", &text) < 0)
    {
      bad_request (outcome, "\"comment\" must be a string");
      return TRUE;
    }
  comment = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (strcmp (decision, DECISION_RETURN) == 0 && *comment == '\0')
    {
      jg_server_outcome_set (outcome, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             N_("Say in a comment what the author should change before returning the post"),
                             NULL, NULL);
      return TRUE;
    }
  if (g_utf8_strlen (comment, -1) > JG_PROTOCOL_MAX_COMMENT_CHARS)
    {
      jg_server_outcome_set (outcome, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             N_("The comment is longer than %s characters"),
                             G_STRINGIFY (JG_PROTOCOL_MAX_COMMENT_CHARS), NULL);
      return TRUE;
    }

  if (!jg_server_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!decide (db, account, uuid, revision, level, decision, comment, now, outcome, out, error))
    {
      jg_server_db_rollback (db);
      return FALSE;
    }
  if (outcome->status != SOUP_STATUS_OK)
    jg_server_db_rollback (db);
  return TRUE;
}

gboolean
jg_server_posts_withdraw (JgServerDb       *db,
                          JgServerAccount  *account,
                          const char       *uuid,
                          JsonObject       *body,
                          gint64            now,
                          JgServerOutcome  *outcome,
                          GString          *out,
                          GError          **error)
{
  g_auto(JgServerPostHead) head = { 0, };
  g_autofree char *reason = NULL;
  const char *text;
  sqlite3_stmt *stmt;

  if (strcmp (account->role, ROLE_ADMIN) != 0)
    {
      jg_server_outcome_clear (outcome);
      outcome->status = SOUP_STATUS_FORBIDDEN;
      outcome->message = g_strdup ("Only an admin of the post's department may withdraw it");
      jg_server_log ("FORBIDDEN user=%s department=%s wanted=withdraw-post (role %s)",
                     account->username, account->department, account->role);
      return TRUE;
    }
  if (body == NULL || text_member (body, "reason", &text) < 0)
    {
      bad_request (outcome, "The body must be a JSON object whose \"reason\" is a string");
      return TRUE;
    }
  reason = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (!jg_server_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!jg_server_posts_read_head (db, uuid, &head, error))
    goto fail;
  if (!department_post (account, uuid, &head, outcome))
    goto refused;
  if (*reason == '\0')
    {
      jg_server_outcome_set (outcome, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             N_("Give the reason for the withdrawal: it is made public with it"),
                             NULL, NULL);
      goto refused;
    }
  if (g_utf8_strlen (reason, -1) > JG_PROTOCOL_MAX_COMMENT_CHARS)
    {
      jg_server_outcome_set (outcome, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             N_("The reason is longer than %s characters"),
                             G_STRINGIFY (JG_PROTOCOL_MAX_COMMENT_CHARS), NULL);
      goto refused;
    }
  if (strcmp (head.state, JG_SERVER_POST_WITHDRAWN) == 0 &&
      g_strcmp0 (head.withdraw_reason, reason) == 0)
    {
      /* A retry whose answer was lost. */
      if (!finish (db, uuid, FALSE, outcome, out, error))
        goto fail;
      return TRUE;
    }
  if (strcmp (head.state, JG_SERVER_POST_PUBLISHED) != 0)
    {
      jg_server_outcome_set (outcome, SOUP_STATUS_CONFLICT,
                             N_("Only a published post can be withdrawn"), NULL, NULL);
      goto refused;
    }

  stmt = jg_server_db_prepare_cached (db,
                                      "UPDATE post SET state = 'withdrawn', withdrawn_at = ?2,"
                                      " withdrawn_by = ?3, withdraw_reason = ?4 WHERE uuid = ?1",
                                      error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_text (stmt, 3, account->username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_TRANSIENT);
  if (!jg_server_db_step_done (db, stmt, JG_SERVER_POSTS_STORE_FAILED, error) ||
      !finish (db, uuid, TRUE, outcome, out, error))
    goto fail;
  return TRUE;

refused:
  jg_server_db_rollback (db);
  return TRUE;

fail:
  jg_server_db_rollback (db);
  return FALSE;
}
