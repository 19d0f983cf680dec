/* jg-session.c — the server and account the app works with, and its syncs
 *
 * The GObject itself: its properties and signals, and the setters through
 * which the session's other files (see jg-session-private.h) change what
 * pages show, so that every change is notified once, here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-session.h"
#include "jg-session-private.h"
#include "jg-record-store.h"

G_DEFINE_FINAL_TYPE (JgSession, jg_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (JgSyncStatus, jg_sync_status,
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_NO_SERVER, "no-server"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_NEVER, "never"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_UP_TO_DATE, "up-to-date"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_NEEDS_SIGN_IN, "needs-sign-in"))

static GParamSpec *properties[JG_SESSION_N_PROPS];
static guint signals[JG_SESSION_N_SIGNALS];

/* --- what the other files change ------------------------------------------ */

void
jg_session_notify (JgSession         *self,
                   JgSessionProperty  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
jg_session_emit (JgSession       *self,
                 JgSessionSignal  signal,
                 ...)
{
  va_list args;

  va_start (args, signal);
  g_signal_emit_valist (self, signals[signal], 0, args);
  va_end (args);
}

void
jg_session_set_status (JgSession    *self,
                       JgSyncStatus  status)
{
  gboolean was_syncing = self->status == JG_SYNC_STATUS_SYNCING;

  if (self->status == status)
    return;

  self->status = status;
  jg_session_notify (self, JG_SESSION_PROP_STATUS);
  if (was_syncing != (status == JG_SYNC_STATUS_SYNCING))
    jg_session_notify (self, JG_SESSION_PROP_SYNCING);
}

void
jg_session_set_idle_status (JgSession *self)
{
  jg_session_set_status (self, self->last_sync > 0 ? JG_SYNC_STATUS_UP_TO_DATE
                                                   : JG_SYNC_STATUS_NEVER);
}

void
jg_session_set_progress (JgSession *self,
                         guint64    done,
                         guint64    total)
{
  if (self->progress_done != done)
    {
      self->progress_done = done;
      jg_session_notify (self, JG_SESSION_PROP_PROGRESS_DONE);
    }
  if (self->progress_total != total)
    {
      self->progress_total = total;
      jg_session_notify (self, JG_SESSION_PROP_PROGRESS_TOTAL);
    }
}

void
jg_session_set_phase (JgSession   *self,
                      JgSyncPhase  phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  jg_session_notify (self, JG_SESSION_PROP_PHASE);
}

void
jg_session_set_last_result (JgSession  *self,
                            const char *text)
{
  if (jg_set_str (&self->last_result, text))
    jg_session_notify (self, JG_SESSION_PROP_LAST_RESULT);
}

void
jg_session_set_records_result (JgSession  *self,
                               const char *text)
{
  if (jg_set_str (&self->records_result, text))
    jg_session_notify (self, JG_SESSION_PROP_RECORDS_RESULT);
}

void
jg_session_set_last_sync (JgSession *self,
                          gint64     last_sync)
{
  if (self->last_sync == last_sync)
    return;
  self->last_sync = last_sync;
  jg_session_notify (self, JG_SESSION_PROP_LAST_SYNC);
}

void
jg_session_set_catalogue_empty (JgSession *self,
                                gboolean   empty)
{
  empty = !!empty;
  if (self->catalogue_empty == empty)
    return;
  self->catalogue_empty = empty;
  jg_session_notify (self, JG_SESSION_PROP_CATALOGUE_EMPTY);
}

void
jg_session_set_signed_in (JgSession *self,
                          gboolean   signed_in,
                          gboolean   in_memory)
{
  signed_in = !!signed_in;
  self->token_in_memory = signed_in && in_memory;
  /* The audit trail names the account from now on (or nobody). */
  jg_record_store_set_actor (signed_in ? self->username : NULL);
  if (self->signed_in == signed_in)
    return;
  self->signed_in = signed_in;
  jg_session_notify (self, JG_SESSION_PROP_SIGNED_IN);
}

/* --- GObject -------------------------------------------------------------- */

static void
jg_session_dispose (GObject *object)
{
  JgSession *self = JG_SESSION (object);

  jg_session_stop_sync (self);
  jg_session_cancel_clear (&self->status_cancellable);
  jg_session_cancel_clear (&self->counts_cancellable);
  g_clear_handle_id (&self->counts_idle_id, g_source_remove);
  jg_session_cancel_clear (&self->token_cancellable);
  jg_session_schedule_dispose (self);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->account);
  jg_session_posts_reset (self);
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
  g_free (self->records_message);
  g_free (self->sync_token);
  g_free (self->department_name);
  g_free (self->role);

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
    case JG_SESSION_PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case JG_SESSION_PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;
    case JG_SESSION_PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case JG_SESSION_PROP_SYNCING:
      g_value_set_boolean (value, jg_session_is_syncing (self));
      break;
    case JG_SESSION_PROP_PROGRESS_DONE:
      g_value_set_uint64 (value, self->progress_done);
      break;
    case JG_SESSION_PROP_PROGRESS_TOTAL:
      g_value_set_uint64 (value, self->progress_total);
      break;
    case JG_SESSION_PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case JG_SESSION_PROP_LAST_RESULT:
      g_value_set_string (value, self->last_result);
      break;
    case JG_SESSION_PROP_CATALOGUE_EMPTY:
      g_value_set_boolean (value, self->catalogue_empty);
      break;
    case JG_SESSION_PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case JG_SESSION_PROP_SIGNED_IN:
      g_value_set_boolean (value, self->signed_in);
      break;
    case JG_SESSION_PROP_PENDING_COUNT:
      g_value_set_uint (value, self->counts.pending);
      break;
    case JG_SESSION_PROP_REJECTED_COUNT:
      g_value_set_uint (value, self->counts.rejected);
      break;
    case JG_SESSION_PROP_PHASE:
      g_value_set_uint (value, self->phase);
      break;
    case JG_SESSION_PROP_RECORDS_RESULT:
      g_value_set_string (value, self->records_result);
      break;
    case JG_SESSION_PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case JG_SESSION_PROP_NETWORK_MONITOR:
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
    case JG_SESSION_PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    case JG_SESSION_PROP_NETWORK_MONITOR:
      g_set_object (&self->network_monitor, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     JgSession  *self)
{
  jg_session_update_account (self);
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
  jg_session_update_account (self);
  jg_session_schedule_init (self);
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

  properties[JG_SESSION_PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL, JG_TYPE_CATALOGUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, JG_TYPE_SYNC_STATUS,
                       JG_SYNC_STATUS_NO_SERVER,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_PROGRESS_DONE] =
    g_param_spec_uint64 ("progress-done", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_PROGRESS_TOTAL] =
    g_param_spec_uint64 ("progress-total", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_LAST_RESULT] =
    g_param_spec_string ("last-result", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_CATALOGUE_EMPTY] =
    g_param_spec_boolean ("catalogue-empty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_REJECTED_COUNT] =
    g_param_spec_uint ("rejected-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_PHASE] =
    g_param_spec_uint ("phase", NULL, NULL, 0, JG_SYNC_PHASE_RECORDS, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[JG_SESSION_PROP_RECORDS_RESULT] =
    g_param_spec_string ("records-result", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The "com.jieyang.Jianguan" settings the session follows (required). */
  properties[JG_SESSION_PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Tells when the network comes back; NULL: g_network_monitor_get_default (). */
  properties[JG_SESSION_PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, JG_SESSION_N_PROPS, properties);

  signals[JG_SESSION_SIGNAL_SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_UINT64);
  signals[JG_SESSION_SIGNAL_DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[JG_SESSION_SIGNAL_SIGN_IN_NEEDED] =
    g_signal_new ("sign-in-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /* jg-session-counts.c and jg-session-drafts.c */
  signals[JG_SESSION_SIGNAL_COUNTS_CHANGED] =
    g_signal_new ("counts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[JG_SESSION_SIGNAL_DRAFTS_MOVED] =
    g_signal_new ("drafts-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* jg-session-posts.c */
  signals[JG_SESSION_SIGNAL_QUOTA_CHANGED] =
    g_signal_new ("quota-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
jg_session_init (JgSession *self)
{
  self->status = JG_SYNC_STATUS_NO_SERVER;
  self->interval_unit = G_TIME_SPAN_MINUTE / G_TIME_SPAN_SECOND;
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
  return self->counts.pending;
}

guint
jg_session_get_rejected_count (JgSession *self)
{
  g_return_val_if_fail (JG_IS_SESSION (self), 0);
  return self->counts.rejected;
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
