/* jg-post-queue.c — the posts awaiting a reviewer's sign-off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-post-queue.h"
#include "jg-post-store-private.h"
#include "jg-protocol.h"

void
jg_post_queue_item_free (JgPostQueueItem *item)
{
  if (item == NULL)
    return;
  g_free (item->uuid);
  g_free (item->title);
  g_free (item->author);
  g_free (item);
}

static gpointer
read_item (JgStore      *db,
           sqlite3_stmt *stmt)
{
  JgPostQueueItem *item;
  JgPostColumn column;

  /* A column a newer client wrote: not one this version can show. */
  if (!jg_post_column_from_string (jg_store_column_text (stmt, 1), &column))
    return NULL;
  item = g_new0 (JgPostQueueItem, 1);
  item->uuid = g_strdup (jg_store_column_text (stmt, 0));
  item->column = column;
  item->title = g_strdup (jg_store_column_text (stmt, 2));
  item->author = g_strdup (jg_store_column_text (stmt, 3));
  item->revision = sqlite3_column_int (stmt, 4);
  item->levels = CLAMP ((guint) sqlite3_column_int (stmt, 6), 1u, (guint) JG_PROTOCOL_MAX_REVIEW_LEVELS);
  item->level = CLAMP ((guint) sqlite3_column_int (stmt, 5), 1u, item->levels);
  item->since = sqlite3_column_int64 (stmt, 7);
  return item;
}

GPtrArray *
jg_post_queue_list (JgPostStore  *store,
                    GError      **error)
{
  JgStore *db;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (JG_IS_POST_STORE (store), NULL);

  db = jg_post_store_get_store (store);
  /* The author is read from the stored fields (jg_post_to_json) rather
   * than loading every post: the list shows four columns of each. */
  stmt = jg_store_prepare (db,
                           "SELECT uuid, column_key, title, json_extract (fields, '$.fields.author'),"
                           " revision, review_level, review_levels, updated_at"
                           " FROM post WHERE state = ?1 AND deleting = 0"
                           " ORDER BY updated_at, rowid", error);
  if (stmt == NULL)
    return NULL;
  jg_store_bind_text (stmt, 1, jg_post_state_to_string (JG_POST_STATE_IN_REVIEW));
  return jg_store_read_rows (db, stmt, read_item, (GDestroyNotify) jg_post_queue_item_free, error);
}

gboolean
jg_post_queue_set_checks (JgPostStore  *store,
                          const char   *uuid,
                          guint         revision,
                          GPtrArray    *checks,
                          GError      **error)
{
  g_return_val_if_fail (JG_IS_POST_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  return jg_post_store_write_checks (jg_post_store_get_store (store), uuid, revision,
                                     "client", checks, error);
}
