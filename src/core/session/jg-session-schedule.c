/* jg-session-schedule.c — when syncs start by themselves
 *
 * Automatic runs come every "sync-interval" minutes and when the network
 * comes back. After a failed records run they come when the server's
 * Retry-After or the outbox's back-off says, and a 401 stops them until the
 * user signs in again. "Sync now" (jg_session_sync) ignores the interval and
 * the back-off; while paused after a 401 it downloads the catalogue but
 * sends no records (jg-session-sync.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-session-private.h"

/* The longest wait for a retry, whatever the outbox's back-off says. */
#define MAX_RETRY_SECONDS (24 * 3600)

/* --- automatic runs -------------------------------------------------------- */

void
jg_session_sync_automatic (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  /* Paused after a 401 until the user signs in again. */
  if (self->needs_sign_in)
    return;
  jg_session_start_sync (self, TRUE);
}

void
jg_session_pause_for_sign_in (JgSession *self)
{
  self->needs_sign_in = TRUE;
  jg_session_forget_token (self, FALSE);
  jg_session_set_signed_in (self, FALSE, FALSE);
}

/* --- the back-off --------------------------------------------------------- */

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

void
jg_session_schedule_back_off (JgSession            *self,
                              const JgOutboxResult *result)
{
  if (result->retry_after > 0)
    schedule_retry (self, result->retry_after);
  else if (result->next_attempt > 0)
    {
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      self->next_attempt = result->next_attempt;
      schedule_retry (self, (guint) CLAMP (result->next_attempt - now, 1, MAX_RETRY_SECONDS));
    }
}

gboolean
jg_session_is_backing_off (JgSession *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* Automatic runs wait for the end of the back-off; "Sync now" does not. */
  return self->automatic && self->next_attempt > now;
}

/* --- the interval and the network ----------------------------------------- */

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

static void
interval_changed_cb (GSettings  *settings,
                     const char *key,
                     JgSession  *self)
{
  update_interval (self);
}


void
jg_session_schedule_init (JgSession *self)
{
  g_signal_connect (self->settings, "changed::sync-interval",
                    G_CALLBACK (interval_changed_cb), self);
  update_interval (self);

  if (self->network_monitor == NULL)
    self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->network_monitor);
  g_signal_connect (self->network_monitor, "network-changed",
                    G_CALLBACK (network_changed_cb), self);
}

void
jg_session_schedule_dispose (JgSession *self)
{
  g_clear_handle_id (&self->interval_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->network_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->network_monitor, self);
  g_clear_object (&self->network_monitor);
}
