/* jg-preferences-window.c — server, sync, quota reminder, warning and certificate settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-preferences-window.h"
#include "jg-session.h"

struct _JgPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwEntryRow *server_row;
  GtkSwitch *sync_switch;
  GtkAdjustment *interval_adjustment;
  GtkSwitch *reminders_switch;
  GtkWidget *reminder_days_row;
  GtkAdjustment *reminder_days_adjustment;
  GtkAdjustment *rejected_days_adjustment;
  GtkAdjustment *unsent_days_adjustment;
  GtkAdjustment *sync_days_adjustment;
  AdwActionRow *ca_row;
  GtkWidget *ca_clear_button;
  GtkWidget *ca_choose_button;

  GSettings *settings;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (JgPreferencesWindow, jg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (JgPreferencesWindow *self,
       const char          *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
  jg_accessible_fix_names (GTK_WIDGET (self));
}

static void
server_changed_cb (JgPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
}

static void
server_apply_cb (JgPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autofree char *current = g_settings_get_string (self->settings, "server-url");

  if (*url != '\0' && !jg_session_is_valid_server_url (url))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      toast (self, _("Enter an address that starts with http:// or https://, such as https://jianguan.example.gov.cn/."));
      return;
    }

  if (g_strcmp0 (url, current) == 0)
    return;

  g_settings_set_string (self->settings, "server-url", url);
  if (*url == '\0')
    toast (self, _("No server is configured now."));
  else
    toast (self, _("Server saved. Use Sync Now to download its catalogue."));
}

static void
update_ca_row (JgPreferencesWindow *self)
{
  g_autofree char *ca_file = g_settings_get_string (self->settings, "ca-file");
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  gboolean set = ca_file[0] != '\0';

  if (set)
    /* TRANSLATORS: %s is the path of a certificate file */
    subtitle = g_strdup_printf (_("%s, trusted in addition to the system’s certificate authorities."), ca_file);
  else
    subtitle = g_strdup (_("None. Only the system’s trusted certificate authorities are used."));

  escaped = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (self->ca_row, escaped);
  gtk_widget_set_visible (self->ca_clear_button, set);
}

static void
ca_file_changed_cb (GSettings           *settings,
                    const char          *key,
                    JgPreferencesWindow *self)
{
  update_ca_row (self);
}

static void
ca_clear_clicked_cb (JgPreferencesWindow *self)
{
  g_settings_set_string (self->settings, "ca-file", "");
}

static void
chooser_response_cb (JgPreferencesWindow  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "ca-file", path);
      else
        toast (self, _("The certificate must be a local file."));
    }

  g_clear_object (&self->chooser);
}

static void
ca_choose_clicked_cb (JgPreferencesWindow *self)
{
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose CA Certificate"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("C_hoose"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
jg_preferences_window_dispose (GObject *object)
{
  JgPreferencesWindow *self = JG_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    }
  g_clear_object (&self->chooser);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (jg_preferences_window_parent_class)->dispose (object);
}

static void
jg_preferences_window_class_init (JgPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/preferences/jg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, sync_switch);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, reminders_switch);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, reminder_days_row);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, reminder_days_adjustment);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, rejected_days_adjustment);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, unsent_days_adjustment);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, sync_days_adjustment);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow, ca_choose_button);
  gtk_widget_class_bind_template_callback (widget_class, server_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_clicked_cb);
}

static void
jg_preferences_window_init (JgPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));
}

JgPreferencesWindow *
jg_preferences_window_new (GSettings *settings)
{
  JgPreferencesWindow *self;
  g_autofree char *url = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (JG_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  url = g_settings_get_string (settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  server_changed_cb (self);

  g_settings_bind (settings, "sync-on-startup", self->sync_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "sync-interval", self->interval_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  /* The quota reminders (jg-application-reminders.c): the notice only
   * matters while they are on. */
  g_settings_bind (settings, "quota-reminders", self->reminders_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "quota-reminder-days", self->reminder_days_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "quota-reminders", self->reminder_days_row, "sensitive",
                   G_SETTINGS_BIND_GET);
  /* The Overview's warnings (jg-warnings.h) read these at each evaluation. */
  g_settings_bind (settings, "warning-rejected-days", self->rejected_days_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "warning-unsent-days", self->unsent_days_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "warning-sync-days", self->sync_days_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (settings, "changed::ca-file", G_CALLBACK (ca_file_changed_cb), self);
  update_ca_row (self);

  return self;
}
