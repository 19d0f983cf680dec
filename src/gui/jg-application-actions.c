/* jg-application-actions.c — the app.* actions and every accelerator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-application-private.h"
#include "jg-paths.h"
#include "jg-preferences-window.h"

static GtkWindow *
get_active_window (JgApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

/* A modal dialog over the active window, if any. */
static void
present_dialog (JgApplication *self,
                GtkWindow     *dialog)
{
  GtkWindow *parent = get_active_window (self);

  if (parent != NULL)
    gtk_window_set_transient_for (dialog, parent);
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_present (dialog);
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

  present_dialog (self, GTK_WINDOW (jg_preferences_window_new (self->settings)));
}

/* The shortcuts window, built when first asked for: at its usual place
 * (gtk/help-overlay.ui) GTK built it with every window, a sixth of the
 * main window's construction before its first frame. */
#define SHORTCUTS_RESOURCE "/com/jieyang/Jianguan/jg-shortcuts-window.ui"

static void
ensure_help_overlay (GtkApplicationWindow *window)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (gtk_application_window_get_help_overlay (window) != NULL)
    return;
  builder = gtk_builder_new_from_resource (SHORTCUTS_RESOURCE);
  gtk_application_window_set_help_overlay (window,
                                           GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  JgApplication *self = user_data;
  GtkWindow *window = get_active_window (self);

  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;
  ensure_help_overlay (GTK_APPLICATION_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

/* --- help, with or without Yelp ------------------------------------------- */

/* help/meson.build installs the help as HTML here, one folder per language. */
#define HELP_HTML_DIR "help-html"

static void
help_not_installed (GtkWindow *parent)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Help Viewer Not Installed"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("The help opens in Yelp, the GNOME help viewer, which is not "
                                    "installed on this computer. Ask your administrator to install "
                                    "it, or run this command in a terminal:\n\nsudo apt install yelp"));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The installed HTML help in the user's language, or NULL. */
static char *
find_html_help (void)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *relative = g_build_filename (HELP_HTML_DIR, languages[i], "index.html", NULL);
      g_autofree char *path = jg_paths_data_file (relative);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_filename_to_uri (path, NULL, NULL);
    }
  return NULL;
}

static void
html_help_shown_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (parent, result, &error))
    {
      g_debug ("No browser for the HTML help: %s", error->message);
      help_not_installed (parent);
    }
}

/* gtk_show_uri() would say only "Could not show link" when no program
 * handles help: URIs (Yelp is not installed): fall back on the HTML help
 * in the browser, and else say how to install Yelp. */
static void
help_shown_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;

  if (gtk_show_uri_full_finish (parent, result, &error))
    return;

  g_debug ("No help viewer: %s", error->message);
  html = find_html_help ();
  if (html == NULL)
    {
      help_not_installed (parent);
      return;
    }
  gtk_show_uri_full (parent, html, GDK_CURRENT_TIME, NULL,
                     html_help_shown_cb, g_steal_pointer (&parent));
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  JgApplication *self = user_data;
  GtkWindow *parent = get_active_window (self);

  if (parent == NULL)
    return;
  gtk_show_uri_full (parent, "help:jianguan", GDK_CURRENT_TIME, NULL,
                     help_shown_cb, g_object_ref (parent));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  JgApplication *self = user_data;
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
                        NULL);
  present_dialog (self, GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "shortcuts", shortcuts_activated },
  { "help", help_activated },
  { "about", about_activated },
};

void
jg_application_actions_init (JgApplication *self)
{
  GtkApplication *gtk_app = GTK_APPLICATION (self);
  /* win.* too: accelerators are the application's, wherever the action is. */
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

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);
  /* app.shortcuts opens the help overlay: one accelerator, not two. */
  gtk_application_set_accels_for_action (gtk_app, "win.show-help-overlay", no_accels);
}
