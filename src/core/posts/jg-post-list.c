/* jg-post-list.c — listing posts and counting the quota
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-post-store-private.h"
#include "jg-record-store.h"

/* --- listing -------------------------------------------------------------- */

static GPtrArray *
list_on (JgStore     *db,
         int          column,
         const char  *month,
         GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  /* Fixed fragments, so that the list index serves each filter. */
  g_string_append (sql, "SELECT uuid, column_key, title, state, revision, updated_at,"
                        " ifnull (published_at, 0), month, server_fields IS NOT NULL,"
                        " review_level, review_levels"
                        " FROM post WHERE deleting = 0");
  if (column >= 0)
    g_string_append (sql, " AND column_key = ?1");
  if (month != NULL)
    g_string_append (sql, " AND month = ?2");
  g_string_append (sql, " ORDER BY coalesce (published_at, updated_at) DESC, rowid DESC");

  stmt = jg_store_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (column >= 0 && column < JG_POST_N_COLUMNS)
    jg_store_bind_text (stmt, 1, jg_post_column_to_string (column));
  jg_store_bind_text (stmt, 2, month);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgPostColumn row_column;
      JgPostState state;

      /* A column or state this version does not know (a newer client
       * wrote it) is not one the pages can show either. */
      if (!jg_post_column_from_string (jg_store_column_text (stmt, 1), &row_column)
          || !jg_post_state_from_string (jg_store_column_text (stmt, 3), &state))
        continue;
      g_ptr_array_add (rows, jg_post_summary_new (jg_store_column_text (stmt, 0), row_column,
                                                  jg_store_column_text (stmt, 2), state,
                                                  sqlite3_column_int (stmt, 4),
                                                  sqlite3_column_int64 (stmt, 5),
                                                  sqlite3_column_int64 (stmt, 6),
                                                  jg_store_column_text (stmt, 7),
                                                  sqlite3_column_int (stmt, 8) != 0,
                                                  sqlite3_column_int (stmt, 9),
                                                  sqlite3_column_int (stmt, 10)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (db, error, rc);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
jg_post_store_list (JgPostStore  *self,
                    int           column,
                    const char   *month,
                    GError      **error)
{
  g_return_val_if_fail (JG_IS_POST_STORE (self), NULL);

  return list_on (jg_post_store_get_store (self), column, month, error);
}

typedef struct {
  int   column;
  char *month;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->month);
  g_free (data);
}

static void
list_work (JgPostStore  *self,
           JgStore      *db,
           GTask        *task,
           gpointer      task_data,
           GCancellable *cancellable)
{
  ListData *data = task_data;
  GError *error = NULL;
  GPtrArray *rows = list_on (db, data->column, data->month, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

void
jg_post_store_list_async (JgPostStore         *self,
                          int                  column,
                          const char          *month,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  ListData *data;

  g_return_if_fail (JG_IS_POST_STORE (self));

  data = g_new0 (ListData, 1);
  data->column = column;
  data->month = g_strdup (month);
  jg_post_store_start_work (self, jg_post_store_list_async, data, (GDestroyNotify) list_data_free, list_work,
                            cancellable, callback, user_data);
}

GPtrArray *
jg_post_store_list_finish (JgPostStore   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- quota ---------------------------------------------------------------- */

gboolean
jg_post_store_count_quota (JgPostStore   *self,
                           const char    *department,
                           guint          year,
                           guint          month,
                           JgQuotaCount   out[JG_QUOTA_N_COLUMNS],
                           GError       **error)
{
  g_autofree char *own_department = NULL;
  sqlite3_stmt *stmt;
  gint64 start, end;
  int rc;

  g_return_val_if_fail (JG_IS_POST_STORE (self), FALSE);
  g_return_val_if_fail (month >= 1 && month <= 12, FALSE);

  memset (out, 0, sizeof (JgQuotaCount) * JG_QUOTA_N_COLUMNS);
  if (department == NULL)
    department = own_department = jg_record_store_get_department (jg_post_store_get_store (self));
  jg_quota_month_bounds (year, month, &start, &end);

  /* One pass over the month's publications of the department (the quota
   * index): items, and distinct Shanghai days, per column. The day is
   * jg_quota_day_of() written in SQL: floor division of the shifted time
   * (publication times are after 1970, so integer division floors). */
  stmt = jg_store_prepare (jg_post_store_get_store (self),
                           "SELECT column_key, count(*),"
                           " count (DISTINCT (published_at + ?4) / ?5)"
                           " FROM post WHERE department IS ?1 AND published_at >= ?2 AND published_at < ?3"
                           " GROUP BY column_key", error);
  if (stmt == NULL)
    return FALSE;
  jg_store_bind_text (stmt, 1, department);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, JG_QUOTA_UTC_OFFSET_SECONDS);
  sqlite3_bind_int64 (stmt, 5, JG_QUOTA_SECONDS_PER_DAY);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgPostColumn column;

      if (!jg_post_column_from_string (jg_store_column_text (stmt, 0), &column)
          || (int) column >= (int) JG_QUOTA_N_COLUMNS)
        continue;
      /* JgQuotaColumn follows JgPostColumn (jg-quota.h). */
      out[column].items = sqlite3_column_int (stmt, 1);
      out[column].updates = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      memset (out, 0, sizeof (JgQuotaCount) * JG_QUOTA_N_COLUMNS);
      return jg_store_set_error (jg_post_store_get_store (self), error, rc);
    }
  return TRUE;
}
