/* jg-login-dialog.c — signing in to the central server
 *
 * Server address, user name and password; "Sign In" is the default. While
 * the server is asked, a spinner replaces the button's label and the rows
 * are insensitive; a failure is told in the dialog itself, in the core's
 * words, and the dialog stays open for another try.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-account.h"
#include "jg-catalogue-sync.h"
#include "jg-login-dialog.h"

struct _JgLoginDialog
{
  AdwWindow parent_instance;

  GtkWidget *cancel_button;
  GtkWidget *sign_in_button;
  GtkStack *button_stack;
  GtkSpinner *spinner;
  AdwEntryRow *server_row;
  AdwEntryRow *username_row;
  AdwEntryRow *password_row;
  GtkWidget *message_group;
  GtkLabel *message_label;

  JgSession *session;
  GCancellable *cancellable;
  gboolean busy;
};

G_DEFINE_FINAL_TYPE (JgLoginDialog, jg_login_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
can_sign_in (JgLoginDialog *self)
{
  g_autofree char *url = g_strstrip (g_strdup (row_text (self->server_row)));
  g_autofree char *user = g_strstrip (g_strdup (row_text (self->username_row)));

  return !self->busy && jg_session_is_valid_server_url (url) &&
         *user != '\0' && *row_text (self->password_row) != '\0';
}

static void
show_message (JgLoginDialog *self,
              const char    *text,
              gboolean       error)
{
  gtk_label_set_label (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->message_group, text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

static void
update_sensitivity (JgLoginDialog *self)
{
  g_autofree char *url = g_strstrip (g_strdup (row_text (self->server_row)));

  gtk_widget_set_sensitive (self->sign_in_button, can_sign_in (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !self->busy);
  gtk_stack_set_visible_child_name (self->button_stack, self->busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->spinner, self->busy);

  if (*url != '\0' && !jg_session_is_valid_server_url (url))
    gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
}

static void
entry_changed_cb (JgLoginDialog *self)
{
  update_sensitivity (self);
}

static void
cancel_clicked_cb (JgLoginDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
sign_in_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JgLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean in_memory = FALSE;

  if (!jg_session_sign_in_finish (JG_SESSION (object), result, &in_memory, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      update_sensitivity (self);

      if (g_error_matches (error, JG_ACCOUNT_ERROR, JG_ACCOUNT_ERROR_WRONG_PASSWORD))
        {
          show_message (self, error->message, TRUE);
          gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      else if (g_error_matches (error, JG_SYNC_ERROR, JG_SYNC_ERROR_TLS))
        {
          g_autofree char *text =
            g_strdup_printf ("%s %s", error->message,
                             _("If your extranet has its own certificate authority, choose its certificate in Preferences."));
          show_message (self, text, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
        }
      else
        {
          show_message (self, error->message, TRUE);
          if (error->domain == JG_SYNC_ERROR)
            gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
        }
      return;
    }

  self->busy = FALSE;
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, in_memory);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sign_in_clicked_cb (JgLoginDialog *self)
{
  if (!can_sign_in (self))
    return;

  self->busy = TRUE;
  show_message (self, _("Signing in…"), FALSE);
  update_sensitivity (self);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  jg_session_sign_in_async (self->session,
                            row_text (self->server_row),
                            row_text (self->username_row),
                            row_text (self->password_row),
                            self->cancellable, sign_in_ready_cb, g_object_ref (self));
}

static gboolean
jg_login_dialog_close_request (GtkWindow *window)
{
  JgLoginDialog *self = JG_LOGIN_DIALOG (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (jg_login_dialog_parent_class)->close_request (window);
}

static void
jg_login_dialog_dispose (GObject *object)
{
  JgLoginDialog *self = JG_LOGIN_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (jg_login_dialog_parent_class)->dispose (object);
}

static void
jg_login_dialog_class_init (JgLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = jg_login_dialog_dispose;
  window_class->close_request = jg_login_dialog_close_request;

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/jieyang/Jianguan/sync/jg-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, button_stack);
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, JgLoginDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
jg_login_dialog_init (JgLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  jg_accessible_fix_names (GTK_WIDGET (self));
}

JgLoginDialog *
jg_login_dialog_new (GtkWindow  *parent,
                     JgSession  *session,
                     const char *message)
{
  JgLoginDialog *self;
  const char *url, *user;

  g_return_val_if_fail (JG_IS_SESSION (session), NULL);

  self = g_object_new (JG_TYPE_LOGIN_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);

  url = jg_session_get_server_url (session);
  user = jg_session_get_username (session);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url != NULL ? url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), user != NULL ? user : "");
  show_message (self, message, FALSE);
  update_sensitivity (self);

  if (url == NULL || *url == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else if (user == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));

  return self;
}
