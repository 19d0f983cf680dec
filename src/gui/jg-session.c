/* jg-session.c — the server the app works with, its catalogue and its syncs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "jg-catalogue-sync.h"
#include "jg-paths.h"
#include "jg-session.h"

struct _JgSession
{
  GObject parent_instance;

  GSettings *settings;

  char *server_url;
  char *db_path;
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
                    G_DEFINE_ENUM_VALUE (JG_SYNC_STATUS_FAILED, "failed"))

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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SYNC_FINISHED,
  SIGNAL_DATA_CHANGED,
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
stop_sync (JgSession *self)
{
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_object (&self->sync);
}

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

void
jg_session_refresh (JgSession *self)
{
  g_return_if_fail (JG_IS_SESSION (self));

  if (self->stats_cancellable != NULL)
    g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);

  if (self->catalogue == NULL)
    return;

  self->stats_cancellable = g_cancellable_new ();
  jg_catalogue_get_stats_async (self->catalogue, self->stats_cancellable,
                                stats_ready_cb, g_object_ref (self));
}

static void
update_server (JgSession *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  char *stripped;

  stripped = g_strstrip (url);
  if (g_strcmp0 (stripped, self->server_url) == 0 && self->server_url != NULL)
    return;

  stop_sync (self);
  if (self->stats_cancellable != NULL)
    g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->db_path, g_free);
  set_str (&self->server_url, stripped);

  set_progress (self, 0, 0);
  set_last_result (self, NULL);
  set_last_sync (self, 0);
  set_catalogue_empty (self, FALSE);

  if (*stripped == '\0')
    {
      set_status (self, JG_SYNC_STATUS_NO_SERVER);
    }
  else
    {
      db_path = jg_paths_database_for_server (stripped, NULL, &error);
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
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOGUE]);
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
  g_clear_object (&self->sync_cancellable);

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
      set_status (self, JG_SYNC_STATUS_UP_TO_DATE);
    }
  else
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("The sync was cancelled."));
      else
        message = g_strdup (error->message);
      g_message ("Catalogue sync failed: %s", error->message);
      set_last_result (self, message);
      set_status (self, JG_SYNC_STATUS_FAILED);
    }

  g_signal_emit (self, signals[SIGNAL_SYNC_FINISHED], 0, ok, message,
                 (guint64) (ok && !sync_result.not_modified ? sync_result.changes_applied : 0));

  if (ok && !sync_result.not_modified && sync_result.changes_applied > 0)
    g_signal_emit (self, signals[SIGNAL_DATA_CHANGED], 0);

  jg_session_refresh (self);
}

void
jg_session_sync (JgSession *self)
{
  g_autofree char *ca_file = NULL;

  g_return_if_fail (JG_IS_SESSION (self));

  if (self->sync != NULL || self->db_path == NULL || self->server_url == NULL)
    return;

  ca_file = g_settings_get_string (self->settings, "ca-file");

  self->sync = jg_catalogue_sync_new (self->db_path, self->server_url);
  jg_catalogue_sync_set_ca_file (self->sync, ca_file);
  g_signal_connect (self->sync, "progress", G_CALLBACK (sync_progress_cb), self);
  self->sync_cancellable = g_cancellable_new ();

  set_progress (self, 0, 0);
  set_status (self, JG_SYNC_STATUS_SYNCING);

  jg_catalogue_sync_run_async (self->sync, self->sync_cancellable,
                               sync_ready_cb, g_object_ref (self));
}

static void
server_url_changed_cb (GSettings  *settings,
                       const char *key,
                       JgSession  *self)
{
  update_server (self);
}

static void
jg_session_dispose (GObject *object)
{
  JgSession *self = JG_SESSION (object);

  stop_sync (self);
  if (self->stats_cancellable != NULL)
    g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  g_clear_object (&self->catalogue);
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
  g_free (self->db_path);
  g_free (self->last_result);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_session_class_init (JgSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jg_session_dispose;
  object_class->finalize = jg_session_finalize;
  object_class->get_property = jg_session_get_property;

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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_UINT64);
  signals[SIGNAL_DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
jg_session_init (JgSession *self)
{
  self->status = JG_SYNC_STATUS_NO_SERVER;
}

JgSession *
jg_session_new (GSettings *settings)
{
  JgSession *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (JG_TYPE_SESSION, NULL);
  self->settings = g_object_ref (settings);
  g_signal_connect (settings, "changed::server-url",
                    G_CALLBACK (server_url_changed_cb), self);
  update_server (self);

  return self;
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
