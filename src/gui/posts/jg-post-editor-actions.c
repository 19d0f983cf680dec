/* jg-post-editor-actions.c — the "editor." actions of the post editor
 *
 *   editor.submit    check, save, submit (local), then sync: Ctrl+Return
 *   editor.delete    delete; the page offers Undo
 *   editor.withdraw  take a published post off the portal, with a reason
 *   editor.resolve   keep the local edit or take the reviewer's copy
 *
 * Escape and Alt+Left go back to the list, as in the record editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "jg-post-editor-private.h"
#include "jg-post-states.h"

/* --- submit ------------------------------------------------------------------ */

static void
submit_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JgPostEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!jg_post_store_submit_finish (JG_POST_STORE (source), result, &error))
    {
      jg_post_editor_emit_message (self, error->message);
      jg_post_editor_reload (self);
      return;
    }
  /* Sent now when the session can; otherwise with the next sync. */
  if (self->session != NULL && jg_session_is_signed_in (self->session))
    jg_session_sync (self->session);
  jg_post_editor_emit_message (self, _("The post was submitted and goes to the reviewer with the next sync."));
  jg_post_editor_reload (self);
  jg_post_editor_emit_close (self);
}

static const JgIssue *
first_error (GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      const JgIssue *issue = g_ptr_array_index (issues, i);

      if (issue->severity == JG_ISSUE_ERROR)
        return issue;
    }
  return NULL;
}

static void
submit_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  JgPostEditor *self = user_data;
  g_autoptr(GPtrArray) issues = NULL;
  const JgIssue *error;

  /* Every problem shows now, in the list and under the fields. */
  self->show_all = TRUE;
  jg_post_form_show_all_issues (self->form);
  jg_post_editor_show_checks (self);
  issues = jg_post_editor_collect_issues (self);
  error = first_error (issues);
  if (error != NULL)
    {
      jg_post_editor_emit_message (self, error->message);
      if (error->field != NULL)
        jg_post_editor_focus_field (self, error->field);
      return;
    }

  /* The save goes first: the post store's thread runs them in order. */
  jg_post_editor_save_now (self);
  gtk_widget_set_sensitive (self->submit_button, FALSE);
  /* Not cancelled with the editor: the submit's own "changed" may close
   * the editor before this returns, and the post must still go out. */
  jg_post_store_submit_async (self->store, jg_post_get_uuid (self->post), NULL, NULL,
                              submit_done_cb, g_object_ref (self));
}

/* --- delete ------------------------------------------------------------------ */

static void
delete_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  JgPostEditor *self = user_data;
  g_autoptr(JgPost) before = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = jg_post_get_uuid (self->post);

  if (!jg_post_editor_flush (self))
    return;
  before = jg_post_store_load (self->store, uuid, &error);
  if (before == NULL || !jg_post_store_delete (self->store, uuid, &error))
    {
      jg_post_editor_emit_message (self, error->message);
      return;
    }
  jg_post_editor_emit_deleted (self, before);
  jg_post_editor_emit_close (self);
}

/* --- withdraw ---------------------------------------------------------------- */

static void
withdraw_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JgPostEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!jg_session_withdraw_post_finish (JG_SESSION (source), result, &error))
    {
      jg_post_editor_emit_message (self, error->message);
      return;
    }
  jg_post_editor_emit_message (self, _("The post was withdrawn from the portal."));
  jg_post_editor_reload (self);
}

static void
reason_changed_cb (GtkEditable      *reason,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "withdraw", *text != '\0');
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      JgPostEditor     *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  if (g_strcmp0 (response, "withdraw") != 0 || *text == '\0' || self->session == NULL)
    return;
  jg_session_withdraw_post_async (self->session, jg_post_get_uuid (self->post), text, self->cancellable,
                                  withdraw_done_cb, g_object_ref (self));
}

static void
withdraw_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  JgPostEditor *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *reason = adw_entry_row_new ();

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Withdraw the Post From the Portal?"),
                                   _("It disappears from the public column and stays in your department’s "
                                     "history. Say why, as the disclosure rules require: the disclosure "
                                     "period ended, the decision was revoked, or the party’s credit was repaired."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "withdraw", _("_Withdraw"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "withdraw", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  g_signal_connect (reason, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

/* --- both copies --------------------------------------------------------------- */

static void
resolve_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     JgPostEditor     *self)
{
  g_autoptr(GError) error = NULL;
  gboolean keep_local = g_strcmp0 (response, "mine") == 0;

  if (!keep_local && g_strcmp0 (response, "server") != 0)
    return;
  if (!jg_post_editor_flush (self)
      || !jg_post_store_resolve_conflict (self->store, jg_post_get_uuid (self->post), keep_local, &error))
    {
      if (error != NULL)
        jg_post_editor_emit_message (self, error->message);
      return;
    }
  jg_post_editor_emit_message (self, keep_local ? _("Your edit was kept.")
                                                : _("The reviewer’s copy replaced your edit."));
  jg_post_editor_reload (self);
}

static void
resolve_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  JgPostEditor *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(JgPost) server = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  const char *mine, *theirs;

  if (!jg_post_store_get_conflict (self->store, jg_post_get_uuid (self->post), &server, &comment, &error))
    {
      if (error != NULL)
        jg_post_editor_emit_message (self, error->message);
      jg_post_editor_reload (self);
      return;
    }
  mine = jg_post_get (self->post, "title");
  theirs = server != NULL ? jg_post_get (server, "title") : NULL;
  body = g_strdup_printf (_("The reviewer returned the post with this comment: %s\n\n"
                            "Your copy: “%s”\nThe returned copy: “%s”\n\n"
                            "Keep your edit to submit it as the next revision, or take the returned copy "
                            "and lose your edit."),
                          comment != NULL && *comment != '\0' ? comment : _("(none)"),
                          mine != NULL ? mine : "", theirs != NULL ? theirs : "");
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Keep Your Edit or Take the Returned Copy?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "server", _("_Take Returned Copy"),
                                    "mine", _("_Keep My Edit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "server",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mine",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "mine");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (resolve_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- keys and setup ------------------------------------------------------------ */

static gboolean
leave_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  JgPostEditor *self = JG_POST_EDITOR (widget);

  jg_post_editor_flush (self);
  jg_post_editor_emit_close (self);
  return TRUE;
}

static const GActionEntry editor_actions[] = {
  { "submit", submit_activated },
  { "delete", delete_activated },
  { "withdraw", withdraw_activated },
  { "resolve", resolve_activated },
};

void
jg_post_editor_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, leave_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, leave_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK, leave_cb, NULL);
}

void
jg_post_editor_actions_init (JgPostEditor *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  const guint keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter };

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), editor_actions,
                                   G_N_ELEMENTS (editor_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "editor", G_ACTION_GROUP (self->actions));

  /* Ctrl+Return submits from anywhere in the editor: caught before the
   * body's text view, which would take Return as a new paragraph. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i], GDK_CONTROL_MASK),
                                                            gtk_named_action_new ("editor.submit")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

static void
set_enabled (JgPostEditor *self,
             const char   *name,
             gboolean      enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
jg_post_editor_actions_update (JgPostEditor *self)
{
  JgPostState state = jg_post_get_state (self->post);
  gboolean can_submit = state == JG_POST_STATE_DRAFT || state == JG_POST_STATE_RETURNED
                        || state == JG_POST_STATE_REJECTED;

  set_enabled (self, "submit", can_submit && !self->read_only);
  gtk_widget_set_sensitive (self->submit_button, can_submit && !self->read_only);
  gtk_widget_set_visible (self->submit_button, !self->read_only);
  /* A published post is withdrawn, not deleted; a withdrawn one is history. */
  set_enabled (self, "delete", state != JG_POST_STATE_PUBLISHED && state != JG_POST_STATE_WITHDRAWN
                               && state != JG_POST_STATE_SENDING);
  set_enabled (self, "withdraw", state == JG_POST_STATE_PUBLISHED && self->session != NULL);
  set_enabled (self, "resolve", TRUE);
}
