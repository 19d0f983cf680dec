/* jg-outbox-queue.c — the outbox's batches, kept in SQLite until answered
 *
 * A batch (label, items, exact body) is committed before it is sent and
 * deleted when its answer is applied; one left behind by a crash or a lost
 * answer is resent byte for byte. Tables: outbox_batch, outbox_item
 * (migration 5).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-json.h"
#include "jg-outbox-private.h"
#include "jg-record-states.h"
#include "jg-record.h"
#include "jg-store-private.h"

/* A full batch of 1000 records is a few hundred KiB: one allocation. */
#define BODY_RESERVE (1024 * 1024)

#define META_RUN_DAY "outbox.run_day"
#define META_RUN_NUMBER "outbox.run_number"

/* The outbox's counters in the meta table. */

gint64
jg_outbox_meta_int (JgStore    *store,
                    const char *key)
{
  g_autofree char *value = jg_store_get_meta (store, key);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
jg_outbox_set_meta_int (JgStore    *store,
                        const char *key,
                        gint64      value,
                        GError    **error)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  return jg_store_set_meta (store, key, text, error);
}

/* --- batches -------------------------------------------------------------- */

static void
item_clear (gpointer data)
{
  JgOutboxItem *item = data;
  g_free (item->uuid);
}

static JgOutboxBatch *
batch_new (void)
{
  JgOutboxBatch *batch = g_new0 (JgOutboxBatch, 1);

  batch->items = g_array_new (FALSE, TRUE, sizeof (JgOutboxItem));
  g_array_set_clear_func (batch->items, item_clear);
  return batch;
}

void
jg_outbox_batch_free (JgOutboxBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->label);
  g_free (batch->body);
  if (batch->text != NULL)
    g_string_free (batch->text, TRUE);
  g_array_unref (batch->items);
  g_free (batch);
}

/* The label of this run's batches: today's date and the run number of the
 * day, counted in the database. */
static gboolean
ensure_label (JgOutboxRun *run,
              GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;
  g_autofree char *day = NULL;
  gint64 number = 1;

  if (run->label != NULL)
    return TRUE;

  now = g_date_time_new_now_local ();
  today = g_date_time_format (now, "%Y%m%d");
  day = jg_store_get_meta (run->store, META_RUN_DAY);
  if (g_strcmp0 (day, today) == 0)
    number = jg_outbox_meta_int (run->store, META_RUN_NUMBER) + 1;
  if (!jg_store_set_meta (run->store, META_RUN_DAY, today, error) ||
      !jg_outbox_set_meta_int (run->store, META_RUN_NUMBER, number, error))
    return FALSE;
  run->label = g_strdup_printf ("%s-%03" G_GINT64_FORMAT, today, number);
  return TRUE;
}

static gboolean
add_queued (const JgQueuedRecord *record,
            gpointer              user_data,
            GError              **error)
{
  JgOutboxBatch *batch = user_data;
  JgOutboxItem item = {
    .uuid = g_strdup (record->uuid),
    .rowid = record->rowid,
    .revision = record->revision,
    .op = record->op,
    .same = record->same,
  };

  if (batch->items->len > 0)
    g_string_append_c (batch->text, ',');
  jg_record_append_wire_json (batch->text, record->uuid, record->revision, record->op,
                              record->kind, record->department, record->fields);
  g_array_append_val (batch->items, item);
  return TRUE;
}

/* Writes the next batch of ready records and pending deletions, oldest
 * first, in one transaction: the items, the exact body, and the records'
 * state "sending". Returns NULL without error when nothing is left. */
JgOutboxBatch *
jg_outbox_create_batch (JgOutboxRun *run,
                        GError     **error)
{
  g_autoptr(JgOutboxBatch) batch = batch_new ();
  sqlite3_stmt *stmt;

  if (!jg_store_begin (run->store, error))
    return NULL;
  if (!ensure_label (run, error))
    goto fail;

  batch->text = g_string_sized_new (BODY_RESERVE);
  g_string_append (batch->text, "{\"batch\":");
  jg_json_append_string (batch->text, run->label);
  g_string_append (batch->text, ",\"records\":[");
  if (!jg_record_store_foreach_queued (run->store, run->self->batch_size, add_queued, batch, error))
    goto fail;
  if (batch->items->len == 0)
    {
      jg_store_rollback (run->store);
      return NULL;
    }
  g_string_append (batch->text, "]}");

  stmt = jg_store_prepare (run->store,
                           "INSERT INTO outbox_batch (label, created, state, body)"
                           " VALUES (?1, ?2, 'sending', ?3)", error);
  if (stmt == NULL)
    goto fail;
  jg_store_bind_text (stmt, 1, run->label);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 3, batch->text->str, batch->text->len, SQLITE_STATIC);
  if (!jg_store_step_done (run->store, stmt, error))
    goto fail;
  batch->id = sqlite3_last_insert_rowid (jg_store_get_db (run->store));

  for (guint i = 0; i < batch->items->len; i++)
    {
      JgOutboxItem *item = &g_array_index (batch->items, JgOutboxItem, i);
      char op[2] = { item->op, 0 };

      stmt = jg_store_prepare (run->store,
                               "INSERT INTO outbox_item (batch, pos, uuid, revision, op)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, batch->id);
      sqlite3_bind_int (stmt, 2, i);
      jg_store_bind_text (stmt, 3, item->uuid);
      sqlite3_bind_int (stmt, 4, item->revision);
      jg_store_bind_text (stmt, 5, op);
      if (!jg_store_step_done (run->store, stmt, error) ||
          !jg_record_store_mark_sending (run->store, item->rowid, item->revision, item->op,
                                         item->same, error))
        goto fail;
    }

  if (!jg_store_commit (run->store, error))
    goto fail;

  batch->label = g_strdup (run->label);
  batch->body = g_string_free (g_steal_pointer (&batch->text), FALSE);
  batch->fresh = TRUE;
  return g_steal_pointer (&batch);

fail:
  jg_store_rollback (run->store);
  return NULL;
}

/* The oldest batch an earlier run left unfinished, or NULL. */
JgOutboxBatch *
jg_outbox_load_unfinished_batch (JgOutboxRun *run,
                                 gint64       after,
                                 GError     **error)
{
  g_autoptr(JgOutboxBatch) batch = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = jg_store_prepare (run->store,
                           "SELECT id, label, body FROM outbox_batch WHERE id > ?1 ORDER BY id LIMIT 1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      batch = batch_new ();
      batch->id = sqlite3_column_int64 (stmt, 0);
      batch->label = g_strdup (jg_store_column_text (stmt, 1));
      batch->body = g_strdup (jg_store_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      jg_store_set_error (run->store, error, rc);
      return NULL;
    }
  if (batch == NULL)
    return NULL;

  stmt = jg_store_prepare (run->store,
                           "SELECT uuid, revision, op FROM outbox_item WHERE batch = ?1 ORDER BY pos",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, batch->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JgOutboxItem item = { 0, };
      item.uuid = g_strdup (jg_store_column_text (stmt, 0));
      item.revision = sqlite3_column_int (stmt, 1);
      item.op = jg_store_column_text (stmt, 2)[0];
      g_array_append_val (batch->items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      jg_store_set_error (run->store, error, rc);
      return NULL;
    }
  return g_steal_pointer (&batch);
}

gboolean
jg_outbox_delete_batch (JgOutboxRun *run,
                        gint64       id,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = jg_store_prepare (run->store, "DELETE FROM outbox_item WHERE batch = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!jg_store_step_done (run->store, stmt, error))
    return FALSE;
  stmt = jg_store_prepare (run->store, "DELETE FROM outbox_batch WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return jg_store_step_done (run->store, stmt, error);
}

/* The server stored nothing of a batch sent for the first time (401, 403,
 * 429, 503, 400, 404): its records are queued again as they were. */
void
jg_outbox_revert_batch (JgOutboxRun   *run,
                        JgOutboxBatch *batch)
{
  if (!batch->fresh || !jg_store_begin (run->store, NULL))
    return;
  for (guint i = 0; i < batch->items->len; i++)
    {
      JgOutboxItem *item = &g_array_index (batch->items, JgOutboxItem, i);

      if (!jg_record_store_unmark_sending (run->store, item->uuid, item->revision, NULL))
        goto fail;
    }
  if (!jg_outbox_delete_batch (run, batch->id, NULL) || !jg_store_commit (run->store, NULL))
    goto fail;
  return;

fail:
  jg_store_rollback (run->store);
}

gboolean
jg_outbox_count_queued (JgOutboxRun *run,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  guint64 queued;

  if (!jg_record_store_count_queued (run->store, &queued, error))
    return FALSE;
  stmt = jg_store_prepare (run->store, "SELECT count(*) FROM outbox_item", error);
  if (stmt == NULL)
    return FALSE;
  run->total = queued;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    run->total += sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

