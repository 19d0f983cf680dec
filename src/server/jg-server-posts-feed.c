/* jg-server-posts-feed.c — a post as JSON, and its entry in the feed
 *
 * The feed "posts/<department>" of the change log holds one change per
 * post, the post whole (PROTOCOL.md, "The department's posts"): rebuilt
 * from the tables whenever the post changes, so that what a workstation
 * restores is exactly what the server holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-posts-private.h"

#include <string.h>

#define FEED_FAILED "Could not write a post to its feed"

char *
jg_server_posts_feed (const char *department)
{
  return g_strconcat (JG_SERVER_POSTS_FEED "/", department, NULL);
}

gboolean
jg_server_posts_column_is_valid (const char *column)
{
  return g_strcmp0 (column, JG_SERVER_COLUMN_DYNAMICS) == 0 ||
         g_strcmp0 (column, JG_SERVER_COLUMN_EXPOSURE) == 0;
}

void
jg_server_outcome_clear (JgServerOutcome *outcome)
{
  g_clear_pointer (&outcome->message, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (outcome->args); i++)
    g_clear_pointer (&outcome->args[i], g_free);
  outcome->msgid = NULL;
  outcome->status = 0;
}

void
jg_server_outcome_set (JgServerOutcome *outcome,
                       guint            status,
                       const char      *msgid,
                       const char      *arg0,
                       const char      *arg1)
{
  jg_server_outcome_clear (outcome);
  outcome->status = status;
  outcome->msgid = msgid;
  outcome->args[0] = g_strdup (arg0);
  outcome->args[1] = arg0 != NULL ? g_strdup (arg1) : NULL;
  /* The templates are the N_() constants of these files; their
   * conversions are %s only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  outcome->message = msgid != NULL ? g_strdup_printf (msgid, arg0, arg1) : NULL;
#pragma GCC diagnostic pop
}

void
jg_server_outcome_reason (const JgServerOutcome *outcome,
                          JgServerReason        *reason)
{
  reason->field = NULL;
  reason->message = outcome->message;
  reason->msgid = outcome->msgid;
  reason->args = (const char * const *) outcome->args;
  reason->msgid_args = 0;
}

void
jg_server_post_head_clear (JgServerPostHead *head)
{
  g_clear_pointer (&head->department, g_free);
  g_clear_pointer (&head->column, g_free);
  g_clear_pointer (&head->state, g_free);
  g_clear_pointer (&head->withdraw_reason, g_free);
  head->found = FALSE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  return text != NULL ? g_strdup (text) : NULL;
}

gboolean
jg_server_posts_read_head (JgServerDb        *db,
                           const char        *uuid,
                           JgServerPostHead  *head,
                           GError           **error)
{
  sqlite3_stmt *stmt;
  int rc;

  jg_server_post_head_clear (head);
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT department, column_name, state, withdraw_reason,"
                                      " revision, level, levels FROM post WHERE uuid = ?1",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      head->found = TRUE;
      head->department = column_dup (stmt, 0);
      head->column = column_dup (stmt, 1);
      head->state = column_dup (stmt, 2);
      head->withdraw_reason = column_dup (stmt, 3);
      head->revision = sqlite3_column_int64 (stmt, 4);
      head->level = sqlite3_column_int64 (stmt, 5);
      head->levels = sqlite3_column_int64 (stmt, 6);
    }
  return jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error);
}

/* ------------------------------------------------------------------ */
/* Canonical JSON                                                      */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (a, b);
}

void
jg_server_append_canonical_json (GString  *out,
                                 JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) names = g_list_sort (json_object_get_members (o), compare_names);

      g_string_append_c (out, '{');
      for (GList *l = names; l != NULL; l = l->next)
        {
          if (l != names)
            g_string_append_c (out, ',');
          jg_json_append_string (out, l->data);
          g_string_append_c (out, ':');
          jg_server_append_canonical_json (out, json_object_get_member (o, l->data));
        }
      g_string_append_c (out, '}');
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          jg_server_append_canonical_json (out, json_array_get_element (a, i));
        }
      g_string_append_c (out, ']');
      return;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      jg_json_append_string (out, json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

/* ------------------------------------------------------------------ */
/* A post as JSON                                                      */

static void
append_text_or_null (GString    *out,
                     const char *text)
{
  if (text != NULL)
    jg_json_append_string (out, text);
  else
    g_string_append (out, "null");
}

static void
append_int_or_null (GString      *out,
                    sqlite3_stmt *stmt,
                    int           i)
{
  if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i));
}

gboolean
jg_server_posts_append_json (JgServerDb  *db,
                             const char  *uuid,
                             GString     *out,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 revision;
  int rc;

  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT revision, department, column_name, state, level,"
                                      " levels, fields, created_by, created_at, updated_by,"
                                      " updated_at, published_at, withdrawn_at, withdrawn_by,"
                                      " withdraw_reason FROM post WHERE uuid = ?1",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, JG_SERVER_DB_ERROR, JG_SERVER_DB_ERROR_SQLITE,
                       "No post %s", uuid);
          return FALSE;
        }
      return jg_server_db_fail (db, error, JG_SERVER_POSTS_READ_FAILED);
    }
  revision = sqlite3_column_int64 (stmt, 0);
  g_string_append (out, "{\"uuid\":");
  jg_json_append_string (out, uuid);
  g_string_append_printf (out, ",\"revision\":%" G_GINT64_FORMAT ",\"department\":", revision);
  append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 1));
  g_string_append (out, ",\"column\":");
  append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 2));
  g_string_append (out, ",\"state\":");
  append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 3));
  g_string_append_printf (out, ",\"level\":%" G_GINT64_FORMAT ",\"levels\":%" G_GINT64_FORMAT,
                          (gint64) sqlite3_column_int64 (stmt, 4),
                          (gint64) sqlite3_column_int64 (stmt, 5));
  /* Stored canonical: written as it is. */
  g_string_append (out, ",\"fields\":");
  g_string_append (out, (const char *) sqlite3_column_text (stmt, 6));
  g_string_append (out, ",\"created_by\":");
  append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 7));
  g_string_append (out, ",\"created_at\":");
  append_int_or_null (out, stmt, 8);
  g_string_append (out, ",\"updated_by\":");
  append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 9));
  g_string_append (out, ",\"updated_at\":");
  append_int_or_null (out, stmt, 10);
  g_string_append (out, ",\"published_at\":");
  append_int_or_null (out, stmt, 11);
  g_string_append (out, ",\"withdrawn_at\":");
  append_int_or_null (out, stmt, 12);
  g_string_append (out, ",\"withdrawn_by\":");
  append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 13));
  g_string_append (out, ",\"withdraw_reason\":");
  append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 14));
  sqlite3_reset (stmt);

  /* The images and checks of the revision held. */
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT sha256 FROM post_image WHERE uuid = ?1"
                                      " AND revision = ?2 ORDER BY ord", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, revision);
  g_string_append (out, ",\"images\":[");
  for (guint i = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      jg_json_append_string (out, (const char *) sqlite3_column_text (stmt, 0));
    }
  if (!jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error))
    return FALSE;

  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT issue FROM post_check WHERE uuid = ?1"
                                      " AND revision = ?2 ORDER BY ord", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, revision);
  g_string_append (out, "],\"checks\":[");
  for (guint i = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, (const char *) sqlite3_column_text (stmt, 0));
    }
  if (!jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error))
    return FALSE;

  /* Every sign-off of every revision: the post's review history. */
  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT revision, level, reviewer, decision, comment, at"
                                      " FROM post_signoff WHERE uuid = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  g_string_append (out, "],\"signoffs\":[");
  for (guint i = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"revision\":%" G_GINT64_FORMAT ",\"level\":%" G_GINT64_FORMAT
                              ",\"reviewer\":",
                              (gint64) sqlite3_column_int64 (stmt, 0),
                              (gint64) sqlite3_column_int64 (stmt, 1));
      append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 2));
      g_string_append (out, ",\"decision\":");
      append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 3));
      g_string_append (out, ",\"comment\":");
      append_text_or_null (out, (const char *) sqlite3_column_text (stmt, 4));
      g_string_append_printf (out, ",\"at\":%" G_GINT64_FORMAT "}",
                              (gint64) sqlite3_column_int64 (stmt, 5));
    }
  if (!jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error))
    return FALSE;
  g_string_append (out, "]}");
  return TRUE;
}

gboolean
jg_server_posts_put_feed (JgServerDb  *db,
                          const char  *uuid,
                          GError     **error)
{
  g_auto(JgServerPostHead) head = { 0, };
  g_autoptr(GString) data = g_string_new (NULL);
  g_autofree char *feed = NULL;
  gboolean deleted;
  sqlite3_stmt *stmt;

  if (!jg_server_posts_read_head (db, uuid, &head, error))
    return FALSE;
  g_return_val_if_fail (head.found, FALSE);
  deleted = strcmp (head.state, JG_SERVER_POST_DELETED) == 0;
  if (!deleted && !jg_server_posts_append_json (db, uuid, data, error))
    return FALSE;

  feed = jg_server_posts_feed (head.department);
  /* REPLACE drops the post's previous change and appends this one with a
   * new seq (AUTOINCREMENT): the feed keeps only the newest. */
  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT OR REPLACE INTO change (feed, type, key, op, data)"
                                      " VALUES (?1, 'post', ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, feed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, deleted ? "delete" : "put", -1, SQLITE_STATIC);
  if (deleted)
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_text (stmt, 4, data->str, data->len, SQLITE_TRANSIENT);
  if (!jg_server_db_step_done (db, stmt, FEED_FAILED, error))
    return FALSE;

  stmt = jg_server_db_prepare_cached (db, "UPDATE post SET seq = last_insert_rowid ()"
                                      " WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  return jg_server_db_step_done (db, stmt, FEED_FAILED, error);
}
