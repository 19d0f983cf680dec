/* jg-server-posts-settings.c — what the city edits with the commands
 *
 * The wording list (the feed "wording" of the change log), each
 * department's review levels and the quota rules (PROTOCOL.md, "Posts",
 * "Commands").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-server-posts-private.h"

#include <string.h>

#include "jg-protocol.h"
#include "jg-quota.h"
#include "jg-wording.h"

#define WORDING_TYPE "wording"
#define DEFAULT_LEVELS_KEY "review_levels.default"
#define WORDING_FAILED "Could not write the wording list"

/* The entry's data as the feed carries it. */
static char *
wording_data (const char *wrong,
              const char *suggestion)
{
  GString *data = g_string_new ("{\"wrong\":");

  jg_json_append_string (data, wrong);
  g_string_append (data, ",\"suggestion\":");
  jg_json_append_string (data, suggestion);
  g_string_append_c (data, '}');
  return g_string_free (data, FALSE);
}

/* Writes one change of the wording feed: @data NULL for a tombstone.
 * Nothing when the feed already says the same. */
static gboolean
wording_write (JgServerDb  *db,
               const char  *wrong,
               const char  *data,
               gboolean    *changed,
               GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean same = FALSE, live = FALSE;
  int rc;

  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT op, data FROM change WHERE feed = '"
                                      JG_SERVER_WORDING_FEED "' AND type = '" WORDING_TYPE
                                      "' AND key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, wrong, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      live = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "put") == 0;
      same = data != NULL ? live && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), data) == 0
                          : !live;
    }
  else
    same = data == NULL;    /* removing what was never there */
  if (!jg_server_db_stepped (db, stmt, rc, WORDING_FAILED, error))
    return FALSE;
  if (changed != NULL)
    *changed = !same;
  if (same)
    return TRUE;

  stmt = jg_server_db_prepare_cached (db,
                                      "INSERT OR REPLACE INTO change (feed, type, key, op, data)"
                                      " VALUES ('" JG_SERVER_WORDING_FEED "', '" WORDING_TYPE
                                      "', ?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, wrong, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, data != NULL ? "put" : "delete", -1, SQLITE_STATIC);
  if (data != NULL)
    sqlite3_bind_text (stmt, 3, data, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  return jg_server_db_step_done (db, stmt, WORDING_FAILED, error);
}

static gboolean
entry_ok (const char  *wrong,
          const char  *suggestion,
          GError     **error)
{
  if (wrong == NULL || *wrong == '\0' || !g_utf8_validate (wrong, -1, NULL) ||
      (suggestion != NULL && (*suggestion == '\0' || !g_utf8_validate (suggestion, -1, NULL))))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The wrong text and its suggestion must be non-empty UTF-8 text");
      return FALSE;
    }
  return TRUE;
}

static gboolean
in_transaction (JgServerDb  *db,
                gboolean     ok,
                GError     **error)
{
  if (ok && jg_server_db_exec (db, "COMMIT", error))
    return TRUE;
  jg_server_db_rollback (db);
  return FALSE;
}

gboolean
jg_server_db_wording_put (JgServerDb  *db,
                          const char  *wrong,
                          const char  *suggestion,
                          gboolean    *changed,
                          GError     **error)
{
  g_autofree char *data = NULL;

  if (!entry_ok (wrong, suggestion != NULL ? suggestion : "", error))
    return FALSE;
  data = wording_data (wrong, suggestion);
  if (!jg_server_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  return in_transaction (db, wording_write (db, wrong, data, changed, error), error);
}

gboolean
jg_server_db_wording_remove (JgServerDb  *db,
                             const char  *wrong,
                             gboolean    *changed,
                             GError     **error)
{
  if (!entry_ok (wrong, NULL, error))
    return FALSE;
  if (!jg_server_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  return in_transaction (db, wording_write (db, wrong, NULL, changed, error), error);
}

gboolean
jg_server_db_wording_load (JgServerDb  *db,
                           const char  *filename,
                           guint       *added,
                           GError     **error)
{
  g_autoptr(JgWordingList) list = jg_wording_list_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gboolean ok = TRUE;

  *added = 0;
  if (!g_file_get_contents (filename, &text, NULL, error))
    return FALSE;
  /* The client's reader of the format, so that both read a file alike. */
  if (!jg_wording_list_add_tsv (list, text, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", filename,
                   local_error->message);
      return FALSE;
    }
  if (!jg_server_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; ok && i < jg_wording_list_get_size (list); i++)
    {
      const char *wrong = jg_wording_list_get_wrong (list, i);
      g_autofree char *data = wording_data (wrong, jg_wording_list_get_suggestion (list, i));
      gboolean changed;

      ok = wording_write (db, wrong, data, &changed, error);
      if (ok && changed)
        (*added)++;
    }
  return in_transaction (db, ok, error);
}

gboolean
jg_server_db_wording_is_empty (JgServerDb  *db,
                               gboolean    *empty,
                               GError     **error)
{
  gboolean has_data;

  if (!jg_server_db_feed_has_data (db, JG_SERVER_WORDING_FEED, &has_data, error))
    return FALSE;
  *empty = !has_data;
  return TRUE;
}

gboolean
jg_server_db_set_review_levels (JgServerDb  *db,
                                const char  *department,
                                guint        levels,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  if (levels < 1 || levels > JG_PROTOCOL_MAX_REVIEW_LEVELS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A department reviews its posts at 1 to %d levels, not %u",
                   JG_PROTOCOL_MAX_REVIEW_LEVELS, levels);
      return FALSE;
    }
  if (department != NULL)
    {
      g_autofree char *name = jg_server_db_department_name (db, department);

      if (name == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "There is no department %s in the server's catalogue", department);
          return FALSE;
        }
      stmt = jg_server_db_prepare_cached (db, "INSERT OR REPLACE INTO review_levels"
                                          " (department, levels) VALUES (?1, ?2)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, department, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, (int) levels);
    }
  else
    {
      stmt = jg_server_db_prepare_cached (db, "INSERT OR REPLACE INTO setting (key, value)"
                                          " VALUES ('" DEFAULT_LEVELS_KEY "', ?1)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, (int) levels);
    }
  return jg_server_db_step_done (db, stmt, "Could not write the review levels", error);
}

gboolean
jg_server_db_get_review_levels (JgServerDb  *db,
                                const char  *department,
                                guint       *levels,
                                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_server_db_prepare_cached (db,
                                      "SELECT COALESCE ((SELECT levels FROM review_levels"
                                      " WHERE department = ?1), (SELECT CAST (value AS INTEGER)"
                                      " FROM setting WHERE key = '" DEFAULT_LEVELS_KEY "'), ?2)",
                                      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, department, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, JG_SERVER_DEFAULT_REVIEW_LEVELS);
  rc = sqlite3_step (stmt);
  *levels = rc == SQLITE_ROW ? (guint) CLAMP (sqlite3_column_int (stmt, 0), 1,
                                              JG_PROTOCOL_MAX_REVIEW_LEVELS)
                             : JG_SERVER_DEFAULT_REVIEW_LEVELS;
  return jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error);
}

gboolean
jg_server_db_set_quota_rule (JgServerDb  *db,
                             const char  *column,
                             guint        updates,
                             guint        items,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  if (!jg_server_posts_column_is_valid (column))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The column is “dynamics” or “exposure”, not “%s”", column ? column : "");
      return FALSE;
    }
  if (updates > items)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%u updates need at least %u items (an update publishes one or more)",
                   updates, updates);
      return FALSE;
    }
  stmt = jg_server_db_prepare_cached (db, "UPDATE quota_rule SET updates = ?2, items = ?3"
                                      " WHERE column_name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, column, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, (int) updates);
  sqlite3_bind_int (stmt, 3, (int) items);
  return jg_server_db_step_done (db, stmt, "Could not write the quota rule", error);
}

/* ------------------------------------------------------------------ */
/* The working-day calendar                                            */

gboolean
jg_server_db_set_work_day (JgServerDb  *db,
                           const char  *date,
                           const char  *kind,
                           gboolean    *changed,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 day;

  if (!jg_quota_parse_day (date, &day))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a date YYYY-MM-DD (years 2000–9999)", date ? date : "");
      return FALSE;
    }
  if (kind != NULL && strcmp (kind, "off") != 0 && strcmp (kind, "work") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A day is “off” or “work”, not “%s”", kind);
      return FALSE;
    }
  if (kind != NULL)
    stmt = jg_server_db_prepare_cached (db, "INSERT INTO work_calendar (day, kind) VALUES (?1, ?2)"
                                        " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind"
                                        " WHERE kind <> excluded.kind", error);
  else
    stmt = jg_server_db_prepare_cached (db, "DELETE FROM work_calendar WHERE day = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, date, -1, SQLITE_TRANSIENT);
  if (kind != NULL)
    sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  if (!jg_server_db_step_done (db, stmt, "Could not write the working-day calendar", error))
    return FALSE;
  if (changed != NULL)
    *changed = sqlite3_changes (db->db) > 0;
  return TRUE;
}

gboolean
jg_server_db_append_work_days (JgServerDb  *db,
                               const char  *from,
                               GString     *out,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_server_db_prepare_cached (db, "SELECT day, kind FROM work_calendar"
                                      " WHERE day >= ?1 ORDER BY day", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, from != NULL ? from : "", -1, SQLITE_TRANSIENT);
  g_string_append_c (out, '[');
  for (guint i = 0; (rc = sqlite3_step (stmt)) == SQLITE_ROW; i++)
    {
      g_string_append (out, i > 0 ? ",{\"date\":" : "{\"date\":");
      jg_json_append_string (out, (const char *) sqlite3_column_text (stmt, 0));
      g_string_append (out, ",\"kind\":");
      jg_json_append_string (out, (const char *) sqlite3_column_text (stmt, 1));
      g_string_append_c (out, '}');
    }
  if (!jg_server_db_stepped (db, stmt, rc, JG_SERVER_POSTS_READ_FAILED, error))
    return FALSE;
  g_string_append_c (out, ']');
  return TRUE;
}
