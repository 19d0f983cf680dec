/* jg-session-sync.c — one run: the catalogue, then the records
 *
 * A run downloads the catalogue (public) and then, when an account is
 * signed in, sends its records through the outbox and learns their states.
 * Whatever ends the run — success, failure, cancel, a 401 — ends in
 * jg_session_finish_sync(), which tells every page once. The posts
 * (jg-session-posts.c) go after the records, whether these went or not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-session-private.h"

void
jg_session_stop_sync (JgSession *self)
{
  jg_session_cancel_clear (&self->sync_cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->outbox);
  if (self->posts_sync != NULL)
    g_signal_handlers_disconnect_by_data (self->posts_sync, self);
  g_clear_object (&self->posts_sync);
  g_clear_pointer (&self->sync_token, g_free);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->sync_again_source, g_source_remove);
  self->sync_requested = FALSE;
  self->phase = JG_SYNC_PHASE_NONE;
}

static gboolean
sync_again_cb (gpointer user_data)
{
  JgSession *self = user_data;

  self->sync_again_source = 0;
  jg_session_start_sync (self, FALSE);
  return G_SOURCE_REMOVE;
}

void
jg_session_finish_sync (JgSession  *self,
                        gboolean    ok,
                        const char *message,
                        guint64     changes,
                        gboolean    records_changed)
{
  jg_session_set_phase (self, JG_SYNC_PHASE_NONE);
  /* Asked for during the run: once more, unless the server wants a new
   * sign-in (then nothing can go until the user signs in). */
  if (self->sync_requested && !self->needs_sign_in && self->sync_again_source == 0)
    self->sync_again_source = g_idle_add (sync_again_cb, self);
  self->sync_requested = FALSE;
  jg_session_emit (self, JG_SESSION_SIGNAL_SYNC_FINISHED, ok, message, changes);
  if (changes > 0 || records_changed)
    jg_session_emit (self, JG_SESSION_SIGNAL_DATA_CHANGED);
  jg_session_refresh (self);
}

/* "progress" of the catalogue sync, the outbox and the posts sync alike. */
void
jg_session_progress_cb (gpointer   engine,
                        guint64    done,
                        guint64    total,
                        JgSession *self)
{
  if (engine != (gpointer) self->sync && engine != (gpointer) self->outbox
      && engine != (gpointer) self->posts_sync)
    return;
  jg_session_set_progress (self, done, MAX (done, total));
}

/* The run ends after the catalogue; @records_result says why the records
 * did not go. */
static void
finish_without_records (JgSession  *self,
                        const char *records_result)
{
  g_clear_object (&self->sync_cancellable);
  jg_session_set_records_result (self, records_result);
  jg_session_set_status (self, JG_SYNC_STATUS_UP_TO_DATE);
  jg_session_finish_sync (self, TRUE, self->catalogue_message, self->catalogue_changes, FALSE);
}

/* What a page says about a run that failed with @error. */
static char *
failure_message (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("The sync was cancelled."));
  return g_strdup (error->message);
}

static void start_records (JgSession *self);

static void
sync_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(JgSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JgSyncResult sync_result = { 0 };
  gboolean ok;

  ok = jg_catalogue_sync_run_finish (JG_CATALOGUE_SYNC (object), result,
                                     &sync_result, &error);

  /* A run that belongs to a server no longer configured. */
  if (JG_CATALOGUE_SYNC (object) != self->sync)
    return;

  g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);

  self->catalogue_ok = ok;
  self->catalogue_changes = ok && !sync_result.not_modified ? sync_result.changes_applied : 0;

  if (ok)
    {
      if (sync_result.not_modified || sync_result.changes_applied == 0)
        message = g_strdup (_("The catalogue was already up to date."));
      else
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Downloaded %llu change.",
                                                "Downloaded %llu changes.",
                                                sync_result.changes_applied),
                                   (unsigned long long) sync_result.changes_applied);
      jg_session_set_last_result (self, message);
      jg_session_set_last_sync (self, g_get_real_time () / G_USEC_PER_SEC);
    }
  else
    {
      message = failure_message (error);
      g_message ("Catalogue sync failed: %s", error->message);
      jg_session_set_last_result (self, message);
    }
  jg_set_str (&self->catalogue_message, message);

  /* The records go to the same server: if it cannot be reached for the
   * catalogue, it cannot be for them either. */
  if (ok && self->account != NULL && !self->needs_sign_in &&
      !g_cancellable_is_cancelled (self->sync_cancellable))
    {
      start_records (self);
      return;
    }

  g_clear_object (&self->sync_cancellable);
  if (ok && self->needs_sign_in)
    jg_session_set_status (self, JG_SYNC_STATUS_NEEDS_SIGN_IN);
  else
    jg_session_set_status (self, ok ? JG_SYNC_STATUS_UP_TO_DATE : JG_SYNC_STATUS_FAILED);
  jg_session_finish_sync (self, ok, message, self->catalogue_changes, FALSE);
}

static char *
records_message (const JgOutboxResult *result)
{
  if (result->sent == 0)
    /* Said of this run only: records marked ready since then are counted
     * beside it on the Sync page, and the sentence must not deny them. */
    return g_strdup (_("This sync had no records to send."));
  if (result->rejected == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Sent %u record; the server accepted it.",
                                         "Sent %u records; the server accepted all of them.",
                                         result->sent), result->sent);
  /* TRANSLATORS: after a records sync; the counts of records */
  return g_strdup_printf (_("Sent %u records: %u accepted, %u rejected. Fix the rejected ones on the Sync page."),
                          result->sent, result->accepted, result->rejected);
}

static void
outbox_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(JgSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JgOutboxResult outbox_result = { 0 };
  gboolean ok;
  gboolean records_changed;

  ok = jg_outbox_run_finish (JG_OUTBOX (object), result, &outbox_result, &error);
  if (JG_OUTBOX (object) != self->outbox)
    return;

  g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->outbox);
  g_clear_object (&self->sync_cancellable);

  records_changed = outbox_result.accepted > 0 || outbox_result.rejected > 0 ||
                    outbox_result.states_applied > 0 || outbox_result.sent > 0 ||
                    /* records other workstations sent */
                    outbox_result.restored > 0 || outbox_result.removed > 0 ||
                    outbox_result.kept_local > 0;

  if (ok)
    {
      message = records_message (&outbox_result);
      self->next_attempt = 0;
      jg_session_set_records_result (self, message);
      jg_session_start_posts (self, TRUE, self->catalogue_changes > 0 && outbox_result.sent == 0
                                          ? self->catalogue_message : message,
                              self->catalogue_changes + outbox_result.sent, records_changed);
      return;
    }

  if (g_error_matches (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN))
    {
      message = g_strdup (_("The server asks you to sign in again. Sync is paused until you do; your records are kept and nothing was lost."));
      jg_session_pause_for_sign_in (self);
      jg_session_set_records_result (self, message);
      jg_session_set_status (self, JG_SYNC_STATUS_NEEDS_SIGN_IN);
      jg_session_finish_sync (self, FALSE, message, 0, records_changed);
      jg_session_emit (self, JG_SESSION_SIGNAL_SIGN_IN_NEEDED, self->automatic);
      return;
    }

  message = failure_message (error);
  g_message ("Records sync failed: %s", error->message);

  jg_session_schedule_back_off (self, &outbox_result);

  jg_session_set_records_result (self, message);
  /* The posts do not depend on the records: they go all the same. */
  jg_session_start_posts (self, FALSE, message, 0, records_changed);
}

static void
records_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JgSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *ca_file = NULL;

  if (self->sync_cancellable == NULL ||
      g_task_get_cancellable (G_TASK (result)) != self->sync_cancellable)
    return;

  if (token == NULL)
    {
      /* Not signed in: the catalogue is public, the records wait. */
      jg_session_set_signed_in (self, FALSE, FALSE);
      finish_without_records (self, error->message);
      return;
    }

  jg_session_set_signed_in (self, TRUE, jg_account_token_is_in_memory (self->account));
  jg_set_str (&self->sync_token, token);
  ca_file = g_settings_get_string (self->settings, "ca-file");
  self->outbox = jg_outbox_new (self->db_path, self->server_url, token);
  jg_outbox_set_ca_file (self->outbox, ca_file);
  g_signal_connect (self->outbox, "progress", G_CALLBACK (jg_session_progress_cb), self);
  jg_session_set_progress (self, 0, 0);
  jg_session_set_phase (self, JG_SYNC_PHASE_RECORDS);
  jg_outbox_run_async (self->outbox, self->sync_cancellable, outbox_ready_cb, g_object_ref (self));
}

static void
start_records (JgSession *self)
{
  if (jg_session_is_backing_off (self))
    {
      g_autofree char *when = jg_session_format_time (self->next_attempt);
      g_autofree char *message = g_strdup_printf (_("Records will be sent again at %s."), when);

      finish_without_records (self, message);
      return;
    }

  jg_session_set_progress (self, 0, 0);
  jg_session_set_phase (self, JG_SYNC_PHASE_RECORDS);
  jg_session_lookup_token_async (self, self->sync_cancellable, records_token_cb, g_object_ref (self));
}

void
jg_session_start_sync (JgSession *self,
                       gboolean   automatic)
{
  g_autofree char *ca_file = NULL;

  if (self->db_path == NULL || self->server_url == NULL)
    return;
  if (self->sync != NULL || self->outbox != NULL || self->posts_sync != NULL ||
      self->sync_cancellable != NULL)
    {
      /* The automatic schedule just waits for its next turn. */
      if (!automatic)
        self->sync_requested = TRUE;
      return;
    }
  g_clear_handle_id (&self->sync_again_source, g_source_remove);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  ca_file = g_settings_get_string (self->settings, "ca-file");

  self->automatic = automatic;
  self->catalogue_changes = 0;
  self->sync = jg_catalogue_sync_new (self->db_path, self->server_url);
  jg_catalogue_sync_set_ca_file (self->sync, ca_file);
  g_signal_connect (self->sync, "progress", G_CALLBACK (jg_session_progress_cb), self);
  self->sync_cancellable = g_cancellable_new ();

  jg_session_set_progress (self, 0, 0);
  jg_session_set_phase (self, JG_SYNC_PHASE_CATALOGUE);
  jg_session_set_status (self, JG_SYNC_STATUS_SYNCING);

  jg_catalogue_sync_run_async (self->sync, self->sync_cancellable,
                               sync_ready_cb, g_object_ref (self));
}

void
jg_session_sync (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));
  jg_session_start_sync (self, FALSE);
}
