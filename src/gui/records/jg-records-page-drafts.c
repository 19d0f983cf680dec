/* jg-records-page-drafts.c — whose records these are, and drafts brought in
 *
 * The page always says which department the records are written for and
 * whether that is the signed-in account's or one chosen signed out. After
 * a sign-in, the drafts written signed out for the account's department
 * have moved into the account (the session did it; a toast says how
 * many); drafts of another department are not moved without asking: a
 * dialog offers to move them (taking the account's department) or to keep
 * them in the signed-out store, and a toast says what was done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-code.h"
#include "jg-record-store.h"
#include "jg-records-page-private.h"

/* Seconds a toast about moved drafts stays: longer than a toast's usual
 * five, as it comes while the user is still looking at the sign-in. */
#define MOVED_TOAST_TIMEOUT_S 15

#define RESPONSE_KEEP "keep"
#define RESPONSE_MOVE "move"

/* The department's name in the catalogue, or NULL before it is synced. */
static char *
department_name (JgStore    *store,
                 const char *code)
{
  g_autoptr(GListModel) departments = jg_catalogue_list_departments_sync (store, NULL);
  guint n = departments != NULL ? g_list_model_get_n_items (departments) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JgCode) department = g_list_model_get_item (departments, i);

      if (g_strcmp0 (jg_code_get_code (department), code) == 0)
        return g_strdup (jg_code_get_name (department));
    }
  return NULL;
}

void
jg_records_page_show_department (JgRecordsPage *self)
{
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  const char *user;

  if (self->store == NULL)
    return;
  code = jg_record_store_get_department (self->store);
  if (code == NULL)
    return;
  name = department_name (self->store, code);
  user = self->session != NULL ? jg_session_get_username (self->session) : NULL;
  if (user != NULL)
    /* TRANSLATORS: on the Records page: the department records are written
     * for, and the account signed in (or last signed in) on this server */
    text = g_strdup_printf (_("Department: %s · account %s"), name != NULL ? name : code, user);
  else
    /* TRANSLATORS: on the Records page, before any sign-in */
    text = g_strdup_printf (_("Department: %s · not signed in"), name != NULL ? name : code);
  gtk_label_set_label (self->department_label, text);
}

static void
toast_moved (JgRecordsPage *self,
             const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast;

  if (overlay == NULL)
    {
      jg_records_page_toast (self, text);
      return;
    }
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, MOVED_TOAST_TIMEOUT_S);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
other_moved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JgRecordsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint moved = 0;

  if (!jg_session_move_other_drafts_finish (JG_SESSION (object), result, &moved, &error))
    {
      jg_records_page_toast (self, error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u draft of another department was moved into this account and now belongs to its department.",
                                       "%u drafts of another department were moved into this account and now belong to its department.",
                                       moved), moved);
  toast_moved (self, text);
}

static void
choice_cb (AdwMessageDialog *dialog,
           const char       *response,
           JgRecordsPage    *self)
{
  if (g_strcmp0 (response, RESPONSE_MOVE) == 0 && self->session != NULL)
    jg_session_move_other_drafts_async (self->session, NULL, other_moved_cb, g_object_ref (self));
  else
    jg_records_page_toast (self, _("The drafts of another department were kept where they were written, signed out; they are offered again at the next sign-in."));
}

static void
ask_about_others (JgRecordsPage *self,
                  guint          other)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u draft written before signing in is for another department than this account’s. Move it into this account (it then belongs to the account’s department), or keep it in the signed-out store?",
                                       "%u drafts written before signing in are for another department than this account’s. Move them into this account (they then belong to the account’s department), or keep them in the signed-out store?",
                                       other), other);
  dialog = adw_message_dialog_new (jg_records_page_get_window (self),
                                   _("Drafts of Another Department"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    RESPONSE_KEEP, _("_Keep Them Signed Out"),
                                    RESPONSE_MOVE, _("_Move Into This Account"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), RESPONSE_MOVE,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), RESPONSE_KEEP);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), RESPONSE_KEEP);
  g_signal_connect_object (dialog, "response", G_CALLBACK (choice_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
drafts_moved_cb (JgRecordsPage *self,
                 guint          moved,
                 guint          other,
                 JgSession     *session)
{
  if (moved > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u draft written before signing in was moved into this account.",
                                           "%u drafts written before signing in were moved into this account.",
                                           moved), moved);
      toast_moved (self, text);
    }
  if (other > 0)
    ask_about_others (self, other);
}

static void
username_changed_cb (JgRecordsPage *self)
{
  jg_records_page_show_department (self);
}

void
jg_records_page_drafts_connect (JgRecordsPage *self,
                                JgSession     *session)
{
  g_signal_connect_swapped (session, "drafts-moved", G_CALLBACK (drafts_moved_cb), self);
  g_signal_connect_swapped (session, "notify::username", G_CALLBACK (username_changed_cb), self);
}
