/* jg-session-counts.c — the numbers every page shows
 *
 * Every record count (one JgRecordCounts from jg_record_store_count: one
 * query), the back-off's next attempt and the department's name come from
 * the account's database; the last sync and whether the catalogue is empty
 * from its catalogue. Both are read in a thread after every run and
 * whenever a page says the records changed (jg_session_refresh_counts);
 * each reading ends with one "counts-changed", which the header, the Sync
 * page, the Records page's filters and the Overview all follow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-session-private.h"
#include "jg-store.h"

static void
catalogue_status_ready_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(JgSession) self = user_data;
  g_autoptr(GError) error = NULL;
  JgCatalogueStatus status = { 0 };

  if (!jg_catalogue_get_status_finish (JG_CATALOGUE (object), result, &status, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Before the first sync there may be no database yet: that is an
       * empty catalogue, not a failure worth telling about. */
      g_debug ("Could not read the catalogue's state: %s", error->message);
      status.empty = TRUE;
      status.last_sync = 0;
    }

  if (JG_CATALOGUE (object) != self->catalogue)
    return;

  jg_session_set_last_sync (self, status.last_sync);
  jg_session_set_catalogue_empty (self, status.empty);

  if (self->status == JG_SYNC_STATUS_NEVER && status.last_sync > 0)
    jg_session_set_status (self, JG_SYNC_STATUS_UP_TO_DATE);
}

void
jg_session_read_catalogue_status (JgSession *self)
{
  jg_session_cancel_clear (&self->status_cancellable);
  if (self->catalogue == NULL)
    return;
  self->status_cancellable = g_cancellable_new ();
  jg_catalogue_get_status_async (self->catalogue, self->status_cancellable,
                                 catalogue_status_ready_cb, g_object_ref (self));
}

typedef struct {
  JgRecordCounts records;
  gint64 next_attempt;
  char *department_name;
} Counts;

static void
counts_free (Counts *counts)
{
  g_free (counts->department_name);
  g_free (counts);
}

static void
counts_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *db_path = task_data;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *month = g_date_time_format (now, "%Y-%m");
  Counts *counts = g_new0 (Counts, 1);

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    store = jg_store_open_existing (db_path, NULL);
  if (store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!jg_record_store_count (store, month, &counts->records, &error))
        g_debug ("Could not count the records: %s", error->message);
      counts->next_attempt = jg_outbox_get_next_attempt (store);
      counts->department_name = jg_store_get_meta (store, "account.department_name");
      if (counts->department_name != NULL && *counts->department_name == '\0')
        g_clear_pointer (&counts->department_name, g_free);
    }
  g_task_return_pointer (task, counts, (GDestroyNotify) counts_free);
}

static void start_counts (JgSession *self);

static void
counts_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  JgSession *self = JG_SESSION (object);
  gboolean current = g_task_get_cancellable (G_TASK (result)) == self->counts_cancellable;
  Counts *counts = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled (another account): its reading says nothing of this one. */
  if (!current)
    {
      g_clear_pointer (&counts, counts_free);
      return;
    }
  g_clear_object (&self->counts_cancellable);
  /* Asked for again while it ran: what it read may miss that change, and
   * a count shown must never be one from before it. */
  if (self->counts_again)
    {
      g_clear_pointer (&counts, counts_free);
      start_counts (self);
      return;
    }
  if (counts == NULL)
    return;

  jg_set_str (&self->department_name, counts->department_name);
  self->next_attempt = counts->next_attempt;
  /* The department name comes with the counts: say so to whoever shows it. */
  jg_session_notify (self, JG_SESSION_PROP_USERNAME);
  jg_session_set_counts (self, &counts->records);
  counts_free (counts);
}

void
jg_session_set_counts (JgSession            *self,
                       const JgRecordCounts *counts)
{
  static const JgRecordCounts zeros = { 0 };
  JgRecordCounts old = self->counts;

  self->counts = counts != NULL ? *counts : zeros;
  if (old.pending != self->counts.pending)
    jg_session_notify (self, JG_SESSION_PROP_PENDING_COUNT);
  if (old.rejected != self->counts.rejected)
    jg_session_notify (self, JG_SESSION_PROP_REJECTED_COUNT);
  /* Every reading, changed or not: a page that asked for it waits for it. */
  jg_session_emit (self, JG_SESSION_SIGNAL_COUNTS_CHANGED);
}

const JgRecordCounts *
jg_session_get_record_counts (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);

  return &self->counts;
}

static void
start_counts (JgSession *self)
{
  g_autoptr(GTask) task = NULL;

  self->counts_again = FALSE;
  self->counts_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->counts_cancellable, counts_ready_cb, NULL);
  g_task_set_source_tag (task, jg_session_refresh_counts);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (task, counts_thread);
}

/* One reading at a time: a cancelled SQLite query still runs to its end
 * in its thread, and at start-up the session, the window becoming active
 * and its first page each ask, which made three counts of a million
 * records at once, on the cores the window's first frame needed. Asked
 * while one runs, the next starts when it ends (and the one running is
 * not shown). */
void
jg_session_refresh_counts (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  if (self->db_path == NULL)
    {
      jg_session_cancel_clear (&self->counts_cancellable);
      return;
    }
  if (self->counts_held)
    {
      self->counts_wanted = TRUE;
      return;
    }
  if (self->counts_cancellable != NULL)
    {
      self->counts_again = TRUE;
      return;
    }
  start_counts (self);
}

void
jg_session_hold_counts (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  self->counts_held = TRUE;
}

void
jg_session_release_counts (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  if (!self->counts_held)
    return;
  self->counts_held = FALSE;
  if (self->counts_wanted)
    {
      self->counts_wanted = FALSE;
      jg_session_refresh_counts (self);
    }
}

void
jg_session_refresh (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  jg_session_refresh_counts (self);
  jg_session_read_catalogue_status (self);
}

