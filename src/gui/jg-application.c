/* jg-application.c — the Jianguan application: options, start-up, the
 * shared settings and session (its actions: jg-application-actions.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "jg-application-private.h"
#include "jg-first-frame.h"
#include "jg-window.h"

G_DEFINE_FINAL_TYPE (JgApplication, jg_application, ADW_TYPE_APPLICATION)

static gint
jg_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  JgApplication *self = JG_APPLICATION (app);
  const char *server = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("jianguan %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (server));

      if (!jg_session_is_valid_server_url (stripped))
        {
          g_printerr (_("“%s” is not a server address: use an http:// or https:// URL.\n"), server);
          return 1;
        }
      /* Stored, so that an instance already running follows too. */
      {
        g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
        g_settings_set_string (settings, "server-url", stripped);
        g_settings_sync ();
      }
      g_free (self->server_override);
      self->server_override = g_steal_pointer (&stripped);
    }

  if (g_variant_dict_lookup (options, "no-sync", "b", NULL))
    self->no_sync = TRUE;

  return -1;
}

static void
jg_application_startup (GApplication *app)
{
  JgApplication *self = JG_APPLICATION (app);

  G_APPLICATION_CLASS (jg_application_parent_class)->startup (app);

  jg_application_actions_init (self);

  self->settings = g_settings_new (APPLICATION_ID);
  if (self->server_override != NULL)
    g_settings_set_string (self->settings, "server-url", self->server_override);

  self->session = jg_session_new (self->settings);
  /* A count of a million records would take the cores the window's first
   * frame needs; nothing in that frame shows one ("—" until read). */
  jg_session_hold_counts (self->session);
  jg_application_reminders_init (self);
}

/* `jianguan-bench startup` (JIANGUAN_BENCH_FIRST_FRAME=1): the time of the
 * window's first painted frame on stdout, as tests/bench/jg-bench-window.c
 * prints its own, g_get_monotonic_time() being comparable across processes. */
static void
first_frame_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, user_data);
}

static void
first_frame_realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_frame_cb), NULL);
}

static gboolean
release_counts_cb (gpointer user_data)
{
  JgApplication *self = user_data;

  if (self->session != NULL)
    jg_session_release_counts (self->session);
  return G_SOURCE_REMOVE;
}

static gboolean
startup_sync_cb (gpointer user_data)
{
  JgApplication *self = user_data;

  if (self->session != NULL)
    jg_session_sync (self->session);
  return G_SOURCE_REMOVE;
}

static void
jg_application_activate (GApplication *app)
{
  JgApplication *self = JG_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      window = GTK_WINDOW (jg_window_new (self));
      /* Not realized before it is presented. */
      if (g_getenv ("JIANGUAN_BENCH_FIRST_FRAME") != NULL)
        g_signal_connect (window, "realize", G_CALLBACK (first_frame_realize_cb), NULL);
    }

  gtk_window_present (window);

  /* After the window's first frame (jg-first-frame.c): the counts, then
   * the run, whose threads would take the cores that frame needs. */
  if (!self->startup_sync_done)
    {
      self->startup_sync_done = TRUE;
      jg_first_frame_idle_add (release_counts_cb, g_object_ref (self), g_object_unref);
      if (!self->no_sync &&
          g_settings_get_boolean (self->settings, "sync-on-startup") &&
          jg_session_has_server (self->session))
        jg_first_frame_idle_add (startup_sync_cb, g_object_ref (self), g_object_unref);
    }
}

static void
jg_application_shutdown (GApplication *app)
{
  JgApplication *self = JG_APPLICATION (app);

  jg_application_reminders_shutdown (self);
  g_clear_object (&self->session);

  G_APPLICATION_CLASS (jg_application_parent_class)->shutdown (app);
}

static void
jg_application_finalize (GObject *object)
{
  JgApplication *self = JG_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_free (self->server_override);

  G_OBJECT_CLASS (jg_application_parent_class)->finalize (object);
}

static void
jg_application_class_init (JgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = jg_application_finalize;

  app_class->handle_local_options = jg_application_handle_local_options;
  app_class->startup = jg_application_startup;
  app_class->activate = jg_application_activate;
  app_class->shutdown = jg_application_shutdown;
}

static void
jg_application_init (JgApplication *self)
{
  static const GOptionEntry entries[] = {
    { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("Use the Jianguan server at URL"), N_("URL") },
    { "no-sync", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Do not sync the catalogue at start"), NULL },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}

JgApplication *
jg_application_new (void)
{
  return g_object_new (JG_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/com/jieyang/Jianguan",
                       NULL);
}

GSettings *
jg_application_get_settings (JgApplication *self)
{
  g_return_val_if_fail (JG_IS_APPLICATION (self), NULL);
  return self->settings;
}

JgSession *
jg_application_get_session (JgApplication *self)
{
  g_return_val_if_fail (JG_IS_APPLICATION (self), NULL);
  return self->session;
}
