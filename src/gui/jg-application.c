/* jg-application.c — the Jianguan application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-application.h"
#include "jg-preferences-window.h"
#include "jg-window.h"

struct _JgApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
  JgSession *session;

  char *server_override;
  gboolean no_sync;
  gboolean startup_sync_done;
};

G_DEFINE_FINAL_TYPE (JgApplication, jg_application, ADW_TYPE_APPLICATION)

static GtkWindow *
get_active_window (JgApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  JgApplication *self = user_data;
  GList *windows;

  /* Closing the windows lets them save their size. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;
      windows = windows->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  JgApplication *self = user_data;
  GtkWindow *parent = get_active_window (self);
  JgPreferencesWindow *prefs;

  prefs = jg_preferences_window_new (self->settings);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_set_modal (GTK_WINDOW (prefs), TRUE);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  JgApplication *self = user_data;
  GtkWindow *window = get_active_window (self);

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  JgApplication *self = user_data;

  gtk_show_uri (get_active_window (self), "help:jianguan", GDK_CURRENT_TIME);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  JgApplication *self = user_data;
  GtkWindow *parent = get_active_window (self);
  const char *developers[] = { _("The Jianguan developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("Jianguan"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Jianguan developers"),
                        "developers", developers,
                        "comments", _("Keep supervision records for Jieyang’s Internet + Supervision work: "
                                      "search the supervision item catalogue, even offline, "
                                      "and keep it in sync with your department’s server."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* TRANSLATORS: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        "transient-for", parent,
                        "modal", TRUE,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "shortcuts", shortcuts_activated },
  { "help", help_activated },
  { "about", about_activated },
};

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
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.help", { "F1", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.sync", { "<Control>r", "F5", NULL } },
    { "win.new-inspection", { "<Control>n", NULL } },
    { "win.show-section::overview", { "<Alt>1", NULL } },
    { "win.show-section::catalogue", { "<Alt>2", NULL } },
    { "win.show-section::records", { "<Alt>3", NULL } },
    { "win.show-section::dynamics", { "<Alt>4", NULL } },
    { "win.show-section::exposure", { "<Alt>5", NULL } },
    { "win.show-section::sync", { "<Alt>6", NULL } },
  };
  const char *no_accels[] = { NULL };

  G_APPLICATION_CLASS (jg_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);
  /* app.shortcuts opens the help overlay: one accelerator, not two. */
  gtk_application_set_accels_for_action (gtk_app, "win.show-help-overlay", no_accels);

  self->settings = g_settings_new (APPLICATION_ID);
  if (self->server_override != NULL)
    g_settings_set_string (self->settings, "server-url", self->server_override);

  self->session = jg_session_new (self->settings);
}

static void
jg_application_activate (GApplication *app)
{
  JgApplication *self = JG_APPLICATION (app);
  GtkWindow *window;

  window = get_active_window (self);
  if (window == NULL)
    window = GTK_WINDOW (jg_window_new (self));

  gtk_window_present (window);

  if (!self->startup_sync_done)
    {
      self->startup_sync_done = TRUE;
      if (!self->no_sync &&
          g_settings_get_boolean (self->settings, "sync-on-startup") &&
          jg_session_has_server (self->session))
        jg_session_sync (self->session);
    }
}

static void
jg_application_shutdown (GApplication *app)
{
  JgApplication *self = JG_APPLICATION (app);

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
