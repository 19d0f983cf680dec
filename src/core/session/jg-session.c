/* jg-session.c — the server and account the app works with, and its syncs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "jg-account.h"
#include "jg-catalogue-sync.h"
#include "jg-outbox.h"
#include "jg-paths.h"
#include "jg-session.h"
#include "jg-session-private.h"
#include "jg-store.h"

struct _JgSession
{
  GObject parent_instance;

  GSettings *settings;

  char *server_url;
  char *username;
  char *db_path;
  gboolean updating_settings;

  JgAccount *account;
  gboolean signed_in;
  gboolean token_in_memory;
  gboolean needs_sign_in;
  GCancellable *token_cancellable;
  char *department_name;
  guint pending_count;
  guint rejected_count;
  gint64 next_attempt;
  GCancellable *counts_cancellable;

  JgOutbox *outbox;
  JgSyncPhase phase;
  gboolean automatic;
  gboolean catalogue_ok;
  char *catalogue_message;
  guint64 catalogue_changes;
  char *records_result;

  GNetworkMonitor *network_monitor;
  gboolean network_available;
  guint interval_source;
  guint interval_unit;        /* seconds per "sync-interval" unit: 60 */
  guint retry_source;

  JgCatalogue *catalogue;
  GCancellable *stats_cancellable;

  JgCatalogueSync *sync;
  GCancellable *sync_cancellable;
  JgSyncStatus status;
  guint64 progress_done;
  guint64 progress_total;

  gint64 last_sync;
  char *last_result;
  gboolean catalogue_empty;
};

G_DEFINE_FINAL_TYPE (JgSession, jg_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (JgSyncStatus, jg_sync_status,
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_NO_SERVER, "no-server"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_NEVER, "never"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_UP_TO_DATE, "up-to-date"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_NEEDS_SIGN_IN, "needs-sign-in"))

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_CATALOGUE,
  PROP_STATUS,
  PROP_SYNCING,
  PROP_PROGRESS_DONE,
  PROP_PROGRESS_TOTAL,
  PROP_LAST_SYNC,
  PROP_LAST_RESULT,
  PROP_CATALOGUE_EMPTY,
  PROP_USERNAME,
  PROP_SIGNED_IN,
  PROP_PENDING_COUNT,
  PROP_REJECTED_COUNT,
  PROP_PHASE,
  PROP_RECORDS_RESULT,
  PROP_SETTINGS,
  PROP_NETWORK_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SYNC_FINISHED,
  SIGNAL_DATA_CHANGED,
  SIGNAL_SIGN_IN_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **ptr,
         const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;
  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

static void
set_status (JgSession    *self,
            JgSyncStatus  status)
{
  gboolean was_syncing = self->status == JG_SYNC_STATUS_SYNCING;

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  if (was_syncing != (status == JG_SYNC_STATUS_SYNCING))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
set_progress (JgSession *self,
              guint64    done,
              guint64    total)
{
  if (self->progress_done != done)
    {
      self->progress_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_DONE]);
    }
  if (self->progress_total != total)
    {
      self->progress_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TOTAL]);
    }
}

static void
set_last_result (JgSession  *self,
                 const char *text)
{
  if (set_str (&self->last_result, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_RESULT]);
}

static void
set_last_sync (JgSession *self,
               gint64     last_sync)
{
  if (self->last_sync == last_sync)
    return;
  self->last_sync = last_sync;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

static void
set_catalogue_empty (JgSession *self,
                     gboolean   empty)
{
  empty = !!empty;
  if (self->catalogue_empty == empty)
    return;
  self->catalogue_empty = empty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE_EMPTY]);
}

static void
cancel_clear (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

static void
stop_sync (JgSession *self)
{
  cancel_clear (&self->sync_cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  g_clear_object (&self->outbox);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->phase = JG_SYNC_PHASE_NONE;
}

static void
set_signed_in (JgSession *self,
               gboolean   signed_in,
               gboolean   in_memory)
{
  signed_in = !!signed_in;
  self->token_in_memory = signed_in && in_memory;
  if (self->signed_in == signed_in)
    return;
  self->signed_in = signed_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

static void
set_records_result (JgSession  *self,
                    const char *text)
{
  if (set_str (&self->records_result, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDS_RESULT]);
}

static void
set_phase (JgSession   *self,
           JgSyncPhase  phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

/* --- statistics ----------------------------------------------------------- */

static void
stats_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JgSession) self = user_data;
  g_autoptr(GError) error = NULL;
  JgCatalogueStats stats = { 0 };

  if (!jg_catalogue_get_stats_finish (JG_CATALOGUE (object), result, &stats, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Before the first sync there may be no database yet: that is an
       * empty catalogue, not a failure worth telling about. */
      g_debug ("Could not read catalogue statistics: %s", error->message);
      memset (&stats, 0, sizeof stats);
    }

  if (JG_CATALOGUE (object) != self->catalogue)
    return;

  set_last_sync (self, stats.last_sync);
  set_catalogue_empty (self, stats.sub_items == 0);

  if (self->status == JG_SYNC_STATUS_NEVER && stats.last_sync > 0)
    set_status (self, JG_SYNC_STATUS_UP_TO_DATE);
}

typedef struct {
  guint pending;
  guint rejected;
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
  g_autoptr(GHashTable) states = NULL;
  Counts *counts = g_new0 (Counts, 1);

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    store = jg_store_open_existing (db_path, NULL);
  if (store != NULL)
    {
      states = jg_outbox_count_states (store, NULL);
      if (states != NULL)
        {
          counts->pending = GPOINTER_TO_UINT (g_hash_table_lookup (states, "ready"))
                          + GPOINTER_TO_UINT (g_hash_table_lookup (states, "sending"))
                          + GPOINTER_TO_UINT (g_hash_table_lookup (states, "deleting"));
          counts->rejected = GPOINTER_TO_UINT (g_hash_table_lookup (states, "rejected"));
        }
      counts->next_attempt = jg_outbox_get_next_attempt (store);
      counts->department_name = jg_store_get_meta (store, "account.department_name");
      if (counts->department_name != NULL && *counts->department_name == '\0')
        g_clear_pointer (&counts->department_name, g_free);
    }
  g_task_return_pointer (task, counts, (GDestroyNotify) counts_free);
}

static void
counts_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  JgSession *self = JG_SESSION (object);
  Counts *counts = g_task_propagate_pointer (G_TASK (result), NULL);

  if (counts == NULL)
    return;

  set_str (&self->department_name, counts->department_name);
  self->next_attempt = counts->next_attempt;
  if (self->pending_count != counts->pending)
    {
      self->pending_count = counts->pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
    }
  if (self->rejected_count != counts->rejected)
    {
      self->rejected_count = counts->rejected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REJECTED_COUNT]);
    }
  /* The department name comes with the counts: say so to whoever shows it. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
  counts_free (counts);
}

void
jg_session_refresh_counts (JgSession *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JG_IS_SESSION (self));

  cancel_clear (&self->counts_cancellable);
  if (self->db_path == NULL)
    return;

  self->counts_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->counts_cancellable, counts_ready_cb, NULL);
  g_task_set_source_tag (task, jg_session_refresh_counts);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (task, counts_thread);
}

void
jg_session_refresh (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  cancel_clear (&self->stats_cancellable);
  jg_session_refresh_counts (self);

  if (self->catalogue == NULL)
    return;

  self->stats_cancellable = g_cancellable_new ();
  jg_catalogue_get_stats_async (self->catalogue, self->stats_cancellable,
                                stats_ready_cb, g_object_ref (self));
}

/* --- the token ------------------------------------------------------------ */

/* The keyring is asked in a thread: D-Bus may take its time. */
static void
token_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  JgAccount *account = task_data;
  GError *error = NULL;
  char *token = jg_account_get_token (account, &error);

  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

static void
lookup_token_async (JgSession           *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, lookup_token_async);
  g_task_set_task_data (task, g_object_ref (self->account), g_object_unref);
  g_task_run_in_thread (task, token_thread);
}

static void
check_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  JgSession *self = JG_SESSION (object);
  JgAccount *account = user_data;
  g_autofree char *token = g_task_propagate_pointer (G_TASK (result), NULL);

  if (account == self->account)
    {
      set_signed_in (self, token != NULL, jg_account_token_is_in_memory (account));
      g_clear_object (&self->token_cancellable);
    }
  g_object_unref (account);
}

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JgAccount *account = task_data;
  g_autoptr(GError) server_error = NULL;
  g_autoptr(GError) error = NULL;

  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "revoke")))
    {
      if (!jg_account_logout (account, NULL, &server_error, &error))
        g_warning ("Could not forget the token: %s", error->message);
      else if (server_error != NULL)
        g_message ("Sign-out not confirmed by the server: %s", server_error->message);
    }
  else
    jg_account_forget_token (account);
  g_task_return_boolean (task, TRUE);
}

static void
forget_token (JgSession *self,
              gboolean   revoke)
{
  g_autoptr(GTask) task = NULL;

  if (self->account == NULL)
    return;
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, forget_token);
  g_object_set_data (G_OBJECT (task), "revoke", GINT_TO_POINTER (revoke));
  g_task_set_task_data (task, g_object_ref (self->account), g_object_unref);
  g_task_run_in_thread (task, forget_thread);
}

/* --- server and account --------------------------------------------------- */

static void
update_account (JgSession *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *user = g_settings_get_string (self->settings, "username");
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  char *stripped;
  const char *username;

  if (self->updating_settings)
    return;

  stripped = g_strstrip (url);
  username = *g_strstrip (user) != '\0' ? user : NULL;
  if (self->server_url != NULL &&
      g_strcmp0 (stripped, self->server_url) == 0 &&
      g_strcmp0 (username, self->username) == 0)
    return;

  stop_sync (self);
  cancel_clear (&self->stats_cancellable);
  cancel_clear (&self->counts_cancellable);
  cancel_clear (&self->token_cancellable);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->account);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->department_name, g_free);
  set_str (&self->server_url, stripped);
  set_str (&self->username, username);

  set_progress (self, 0, 0);
  set_last_result (self, NULL);
  set_records_result (self, NULL);
  set_last_sync (self, 0);
  set_catalogue_empty (self, FALSE);
  set_signed_in (self, FALSE, FALSE);
  self->needs_sign_in = FALSE;
  self->next_attempt = 0;
  self->pending_count = self->rejected_count = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REJECTED_COUNT]);

  if (*stripped == '\0')
    {
      set_status (self, JG_SYNC_STATUS_NO_SERVER);
    }
  else
    {
      /* Each account has its own database; the one without an account
       * holds the catalogue only. Nothing is deleted on a switch. */
      db_path = jg_paths_database_for_server (stripped, username, &error);
      if (db_path == NULL)
        {
          g_warning ("No database for server %s: %s", stripped, error->message);
          set_last_result (self, error->message);
          set_status (self, JG_SYNC_STATUS_FAILED);
        }
      else
        {
          self->db_path = g_steal_pointer (&db_path);
          self->catalogue = jg_catalogue_new (self->db_path);
          set_status (self, JG_SYNC_STATUS_NEVER);
        }

      if (username != NULL)
        {
          g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");

          self->account = jg_account_new (stripped, username);
          jg_account_set_ca_file (self->account, ca_file);
          self->token_cancellable = g_cancellable_new ();
          lookup_token_async (self, self->token_cancellable, check_token_cb,
                              g_object_ref (self->account));
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
  g_signal_emit (self, signals[SIGNAL_DATA_CHANGED], 0);

  jg_session_refresh (self);
}

/* --- sync ----------------------------------------------------------------- */

static void start_records (JgSession *self);

static void
schedule_retry (JgSession *self,
                guint      seconds);

static void
finish_sync (JgSession  *self,
             gboolean    ok,
             const char *message,
             guint64     changes,
             gboolean    records_changed)
{
  set_phase (self, JG_SYNC_PHASE_NONE);
  g_signal_emit (self, signals[SIGNAL_SYNC_FINISHED], 0, ok, message, changes);
  if (changes > 0 || records_changed)
    g_signal_emit (self, signals[SIGNAL_DATA_CHANGED], 0);
  jg_session_refresh (self);
}

static void
sync_progress_cb (JgCatalogueSync *sync,
                  guint64          done,
                  guint64          total,
                  JgSession       *self)
{
  if (sync != self->sync)
    return;
  set_progress (self, done, MAX (done, total));
}

static void
outbox_progress_cb (JgOutbox  *outbox,
                    guint64    done,
                    guint64    total,
                    JgSession *self)
{
  if (outbox != self->outbox)
    return;
  set_progress (self, done, MAX (done, total));
}

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
      set_last_result (self, message);
      set_last_sync (self, g_get_real_time () / G_USEC_PER_SEC);
    }
  else
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("The sync was cancelled."));
      else
        message = g_strdup (error->message);
      g_message ("Catalogue sync failed: %s", error->message);
      set_last_result (self, message);
    }
  set_str (&self->catalogue_message, message);

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
    set_status (self, JG_SYNC_STATUS_NEEDS_SIGN_IN);
  else
    set_status (self, ok ? JG_SYNC_STATUS_UP_TO_DATE : JG_SYNC_STATUS_FAILED);
  finish_sync (self, ok, message, self->catalogue_changes, FALSE);
}

static char *
records_message (const JgOutboxResult *result)
{
  if (result->sent == 0)
    return g_strdup (_("No records were waiting to be sent."));
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
                    outbox_result.states_applied > 0 || outbox_result.sent > 0;

  if (ok)
    {
      message = records_message (&outbox_result);
      self->next_attempt = 0;
      set_records_result (self, message);
      set_status (self, JG_SYNC_STATUS_UP_TO_DATE);
      finish_sync (self, TRUE, self->catalogue_changes > 0 && outbox_result.sent == 0
                                 ? self->catalogue_message : message,
                   self->catalogue_changes + outbox_result.sent, records_changed);
      return;
    }

  if (g_error_matches (error, JG_OUTBOX_ERROR, JG_OUTBOX_ERROR_NEEDS_SIGN_IN))
    {
      message = g_strdup (_("The server asks you to sign in again. Sync is paused until you do; your records are kept and nothing was lost."));
      self->needs_sign_in = TRUE;
      forget_token (self, FALSE);
      set_signed_in (self, FALSE, FALSE);
      set_records_result (self, message);
      set_status (self, JG_SYNC_STATUS_NEEDS_SIGN_IN);
      finish_sync (self, FALSE, message, 0, records_changed);
      g_signal_emit (self, signals[SIGNAL_SIGN_IN_NEEDED], 0, self->automatic);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("The sync was cancelled."));
  else
    message = g_strdup (error->message);
  g_message ("Records sync failed: %s", error->message);

  if (outbox_result.retry_after > 0)
    schedule_retry (self, outbox_result.retry_after);
  else if (outbox_result.next_attempt > 0)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      self->next_attempt = outbox_result.next_attempt;
      schedule_retry (self, (guint) CLAMP (outbox_result.next_attempt - now, 1, 24 * 3600));
    }

  set_records_result (self, message);
  set_status (self, JG_SYNC_STATUS_FAILED);
  finish_sync (self, FALSE, message, 0, records_changed);
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
      g_clear_object (&self->sync_cancellable);
      set_signed_in (self, FALSE, FALSE);
      set_records_result (self, error->message);
      set_status (self, JG_SYNC_STATUS_UP_TO_DATE);
      finish_sync (self, TRUE, self->catalogue_message, self->catalogue_changes, FALSE);
      return;
    }

  set_signed_in (self, TRUE, jg_account_token_is_in_memory (self->account));
  ca_file = g_settings_get_string (self->settings, "ca-file");
  self->outbox = jg_outbox_new (self->db_path, self->server_url, token);
  jg_outbox_set_ca_file (self->outbox, ca_file);
  g_signal_connect (self->outbox, "progress", G_CALLBACK (outbox_progress_cb), self);
  set_progress (self, 0, 0);
  set_phase (self, JG_SYNC_PHASE_RECORDS);
  jg_outbox_run_async (self->outbox, self->sync_cancellable, outbox_ready_cb, g_object_ref (self));
}

static void
start_records (JgSession *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* Automatic runs wait for the end of the back-off; "Sync now" does not. */
  if (self->automatic && self->next_attempt > now)
    {
      g_autofree char *when = jg_session_format_time (self->next_attempt);
      g_autofree char *message = g_strdup_printf (_("Records will be sent again at %s."), when);

      g_clear_object (&self->sync_cancellable);
      set_records_result (self, message);
      set_status (self, JG_SYNC_STATUS_UP_TO_DATE);
      finish_sync (self, TRUE, self->catalogue_message, self->catalogue_changes, FALSE);
      return;
    }

  set_progress (self, 0, 0);
  set_phase (self, JG_SYNC_PHASE_RECORDS);
  lookup_token_async (self, self->sync_cancellable, records_token_cb, g_object_ref (self));
}

static void
start_sync (JgSession *self,
            gboolean   automatic)
{
  g_autofree char *ca_file = NULL;

  if (self->sync != NULL || self->outbox != NULL || self->sync_cancellable != NULL ||
      self->db_path == NULL || self->server_url == NULL)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  ca_file = g_settings_get_string (self->settings, "ca-file");

  self->automatic = automatic;
  self->catalogue_changes = 0;
  self->sync = jg_catalogue_sync_new (self->db_path, self->server_url);
  jg_catalogue_sync_set_ca_file (self->sync, ca_file);
  g_signal_connect (self->sync, "progress", G_CALLBACK (sync_progress_cb), self);
  self->sync_cancellable = g_cancellable_new ();

  set_progress (self, 0, 0);
  set_phase (self, JG_SYNC_PHASE_CATALOGUE);
  set_status (self, JG_SYNC_STATUS_SYNCING);

  jg_catalogue_sync_run_async (self->sync, self->sync_cancellable,
                               sync_ready_cb, g_object_ref (self));
}

void
jg_session_sync (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));
  start_sync (self, FALSE);
}

void
jg_session_sync_automatic (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  /* Paused after a 401 until the user signs in again. */
  if (self->needs_sign_in)
    return;
  start_sync (self, TRUE);
}

static gboolean
retry_cb (gpointer user_data)
{
  JgSession *self = user_data;

  self->retry_source = 0;
  self->next_attempt = 0;
  jg_session_sync_automatic (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (JgSession *self,
                guint      seconds)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add_seconds (seconds, retry_cb, self);
}

static gboolean
interval_cb (gpointer user_data)
{
  jg_session_sync_automatic (JG_SESSION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
update_interval (JgSession *self)
{
  guint minutes = g_settings_get_uint (self->settings, "sync-interval");

  g_clear_handle_id (&self->interval_source, g_source_remove);
  if (minutes > 0)
    self->interval_source = g_timeout_add_seconds (MIN (minutes, G_MAXUINT / self->interval_unit)
                                                   * self->interval_unit,
                                                   interval_cb, self);
}

void
jg_session_set_interval_unit_for_testing (JgSession *self,
                                          guint      seconds_per_unit)
{
  g_return_if_fail (JG_IS_SESSION (self));
  g_return_if_fail (seconds_per_unit > 0);

  self->interval_unit = seconds_per_unit;
  update_interval (self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    JgSession       *self)
{
  gboolean was_available = self->network_available;

  self->network_available = available;
  if (available && !was_available)
    {
      g_debug ("The network is back: syncing");
      jg_session_sync_automatic (self);
    }
}

/* --- signing in ----------------------------------------------------------- */

typedef struct {
  JgAccount *account;
  char *server_url;
  char *username;
} SignIn;

static void
sign_in_free (SignIn *data)
{
  g_clear_object (&data->account);
  g_free (data->server_url);
  g_free (data->username);
  g_free (data);
}

static void
login_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JgSession *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean in_memory;

  if (!jg_account_login_finish (JG_ACCOUNT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  in_memory = jg_account_token_is_in_memory (data->account);
  /* The CLI follows the same account (and so the same database). */
  jg_account_set_default_username (data->server_url, data->username);

  self->updating_settings = TRUE;
  g_settings_set_string (self->settings, "server-url", data->server_url);
  g_settings_set_string (self->settings, "username", data->username);
  self->updating_settings = FALSE;
  update_account (self);

  /* The token was just stored: no need to ask the keyring. */
  cancel_clear (&self->token_cancellable);
  self->needs_sign_in = FALSE;
  set_signed_in (self, TRUE, in_memory);
  if (self->status == JG_SYNC_STATUS_NEEDS_SIGN_IN)
    set_status (self, self->last_sync > 0 ? JG_SYNC_STATUS_UP_TO_DATE : JG_SYNC_STATUS_NEVER);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);

  g_task_return_boolean (task, TRUE);

  stop_sync (self);
  set_status (self, self->last_sync > 0 ? JG_SYNC_STATUS_UP_TO_DATE : JG_SYNC_STATUS_NEVER);
  start_sync (self, FALSE);
}

void
jg_session_sign_in_async (JgSession           *self,
                          const char          *server_url,
                          const char          *username,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *ca_file = NULL;
  SignIn *data;

  g_return_if_fail (JG_IS_SESSION (self));
  g_return_if_fail (server_url != NULL && username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_session_sign_in_async);

  data = g_new0 (SignIn, 1);
  data->server_url = g_strstrip (g_strdup (server_url));
  data->username = g_strstrip (g_strdup (username));
  data->account = jg_account_new (data->server_url, data->username);
  ca_file = g_settings_get_string (self->settings, "ca-file");
  jg_account_set_ca_file (data->account, ca_file);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);

  jg_account_login_async (data->account, password, cancellable,
                          login_ready_cb, g_steal_pointer (&task));
}

gboolean
jg_session_sign_in_finish (JgSession     *self,
                           GAsyncResult  *result,
                           gboolean      *token_in_memory,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (token_in_memory != NULL)
    *token_in_memory = self->token_in_memory;
  return TRUE;
}

void
jg_session_sign_out (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  if (self->account == NULL)
    return;

  /* A records run in flight stops; what it had not sent stays queued. */
  if (self->outbox != NULL)
    cancel_clear (&self->sync_cancellable);
  forget_token (self, TRUE);
  self->needs_sign_in = FALSE;
  set_signed_in (self, FALSE, FALSE);
  if (self->status == JG_SYNC_STATUS_NEEDS_SIGN_IN)
    set_status (self, self->last_sync > 0 ? JG_SYNC_STATUS_UP_TO_DATE : JG_SYNC_STATUS_NEVER);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

/* --- GObject -------------------------------------------------------------- */

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     JgSession  *self)
{
  update_account (self);
}

static void
interval_changed_cb (GSettings  *settings,
                     const char *key,
                     JgSession  *self)
{
  update_interval (self);
}

static void
jg_session_dispose (GObject *object)
{
  JgSession *self = JG_SESSION (object);

  stop_sync (self);
  cancel_clear (&self->stats_cancellable);
  cancel_clear (&self->counts_cancellable);
  cancel_clear (&self->token_cancellable);
  g_clear_handle_id (&self->interval_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->account);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (jg_session_parent_class)->dispose (object);
}

static void
jg_session_finalize (GObject *object)
{
  JgSession *self = JG_SESSION (object);

  g_free (self->server_url);
  g_free (self->username);
  g_free (self->db_path);
  g_free (self->last_result);
  g_free (self->records_result);
  g_free (self->catalogue_message);
  g_free (self->department_name);

  G_OBJECT_CLASS (jg_session_parent_class)->finalize (object);
}

static void
jg_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  JgSession *self = JG_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, jg_session_is_syncing (self));
      break;
    case PROP_PROGRESS_DONE:
      g_value_set_uint64 (value, self->progress_done);
      break;
    case PROP_PROGRESS_TOTAL:
      g_value_set_uint64 (value, self->progress_total);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_LAST_RESULT:
      g_value_set_string (value, self->last_result);
      break;
    case PROP_CATALOGUE_EMPTY:
      g_value_set_boolean (value, self->catalogue_empty);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->signed_in);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;
    case PROP_REJECTED_COUNT:
      g_value_set_uint (value, self->rejected_count);
      break;
    case PROP_PHASE:
      g_value_set_uint (value, self->phase);
      break;
    case PROP_RECORDS_RESULT:
      g_value_set_string (value, self->records_result);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->network_monitor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  JgSession *self = JG_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    case PROP_NETWORK_MONITOR:
      g_set_object (&self->network_monitor, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_session_constructed (GObject *object)
{
  JgSession *self = JG_SESSION (object);

  G_OBJECT_CLASS (jg_session_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  g_signal_connect (self->settings, "changed::server-url",
                    G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->settings, "changed::username",
                    G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->settings, "changed::sync-interval",
                    G_CALLBACK (interval_changed_cb), self);
  update_account (self);
  update_interval (self);

  if (self->network_monitor == NULL)
    self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->network_monitor);
  g_signal_connect (self->network_monitor, "network-changed",
                    G_CALLBACK (network_changed_cb), self);
}

static void
jg_session_class_init (JgSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = jg_session_constructed;
  object_class->dispose = jg_session_dispose;
  object_class->finalize = jg_session_finalize;
  object_class->get_property = jg_session_get_property;
  object_class->set_property = jg_session_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL, JG_TYPE_CATALOGUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, JG_TYPE_SYNC_STATUS,
                       JG_SYNC_STATUS_NO_SERVER,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_DONE] =
    g_param_spec_uint64 ("progress-done", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_TOTAL] =
    g_param_spec_uint64 ("progress-total", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_RESULT] =
    g_param_spec_string ("last-result", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOGUE_EMPTY] =
    g_param_spec_boolean ("catalogue-empty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REJECTED_COUNT] =
    g_param_spec_uint ("rejected-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] =
    g_param_spec_uint ("phase", NULL, NULL, 0, JG_SYNC_PHASE_RECORDS, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDS_RESULT] =
    g_param_spec_string ("records-result", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The "com.jieyang.Jianguan" settings the session follows (required). */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Tells when the network comes back; NULL: g_network_monitor_get_default (). */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_UINT64);
  signals[SIGNAL_DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SIGN_IN_NEEDED] =
    g_signal_new ("sign-in-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
jg_session_init (JgSession *self)
{
  self->status = JG_SYNC_STATUS_NO_SERVER;
  self->interval_unit = 60;
}

JgSession *
jg_session_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (JG_TYPE_SESSION, "settings", settings, NULL);
}

JgSyncPhase
jg_session_get_phase (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), JG_SYNC_PHASE_NONE);
  return self->phase;
}

const char *
jg_session_get_username (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);
  return self->username;
}

gboolean
jg_session_is_signed_in (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), FALSE);
  return self->signed_in;
}

gboolean
jg_session_is_token_in_memory (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), FALSE);
  return self->signed_in && self->token_in_memory;
}

gboolean
jg_session_needs_sign_in (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), FALSE);
  return self->needs_sign_in;
}

const char *
jg_session_get_department_name (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);
  return self->department_name;
}

guint
jg_session_get_pending_count (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), 0);
  return self->pending_count;
}

guint
jg_session_get_rejected_count (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), 0);
  return self->rejected_count;
}

const char *
jg_session_get_records_result (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);
  return self->records_result;
}

gint64
jg_session_get_next_attempt (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), 0);
  return self->next_attempt;
}

const char *
jg_session_get_db_path (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);
  return self->db_path;
}

const char *
jg_session_get_server_url (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);
  return self->server_url;
}

gboolean
jg_session_has_server (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), FALSE);
  return self->server_url != NULL && self->server_url[0] != '\0';
}

JgCatalogue *
jg_session_get_catalogue (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);
  return self->catalogue;
}

JgSyncStatus
jg_session_get_status (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), JG_SYNC_STATUS_NO_SERVER);
  return self->status;
}

gboolean
jg_session_is_syncing (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), FALSE);
  return self->status == JG_SYNC_STATUS_SYNCING;
}

guint64
jg_session_get_progress_done (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), 0);
  return self->progress_done;
}

guint64
jg_session_get_progress_total (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), 0);
  return self->progress_total;
}

gint64
jg_session_get_last_sync (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), 0);
  return self->last_sync;
}

const char *
jg_session_get_last_result (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), NULL);
  return self->last_result;
}

gboolean
jg_session_is_catalogue_empty (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), TRUE);
  return self->catalogue_empty;
}

char *
jg_session_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup (_("Never"));

  dt = g_date_time_new_from_unix_local (unix_time);
  if (dt == NULL)
    return g_strdup (_("Never"));

  /* TRANSLATORS: date and time of the last sync, see the strftime manual */
  return g_date_time_format (dt, _("%Y-%m-%d %H:%M"));
}

gboolean
jg_session_is_valid_server_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL)
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 ||
          g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && *host != '\0';
}
