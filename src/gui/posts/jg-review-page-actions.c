/* jg-review-page-actions.c — approving and returning the post shown
 *
 * review.approve signs the post off at its level (at the last level the
 * server publishes it); review.return asks for the comment the author
 * gets back, which the server requires. Both are online
 * (jg_session_review_post_async): the answer comes back through the post
 * store, whose "changed" takes the post out of the queue; a refusal (the
 * network, another reviewer who signed first, a newer revision) is said in
 * a toast and the post stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-protocol.h"
#include "jg-review-page-private.h"

typedef struct {
  JgReviewPage *page;    /* a reference */
  char         *title;
  gboolean      approve;
  gboolean      publishes;
} ReviewCall;

static void
review_call_free (ReviewCall *call)
{
  g_object_unref (call->page);
  g_free (call->title);
  g_free (call);
}

static gboolean
is_last_level (const JgPostQueueItem *item)
{
  return item->level >= item->levels;
}

static void
review_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ReviewCall *call = user_data;
  JgReviewPage *self = call->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!jg_session_review_post_finish (JG_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_pointer (&self->busy_uuid, g_free);
          jg_review_page_toast (self, error->message);
          jg_review_page_actions_update (self);
        }
      review_call_free (call);
      return;
    }

  g_clear_pointer (&self->busy_uuid, g_free);
  if (call->approve && call->publishes)
    text = g_strdup_printf (_("“%s” is approved and published."), call->title);
  else if (call->approve)
    text = g_strdup_printf (_("“%s” is approved and goes to the next review level."), call->title);
  else
    text = g_strdup_printf (_("“%s” is returned to its author with your comment."), call->title);
  jg_review_page_toast (self, text);
  /* The session applied the server's answer to the store; read the queue
   * again in case nothing was left to change there. */
  jg_review_page_reload (self);
  /* The buttons that had the focus may be gone with the post: the
   * keyboard goes on from the next post of the queue. */
  if (gtk_list_box_get_selected_row (self->queue_list) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_selected_row (self->queue_list)));
  review_call_free (call);
}

static void
send_review (JgReviewPage *self,
             gboolean      approve,
             const char   *comment)
{
  JgPostQueueItem *item = self->current;
  ReviewCall *call;

  if (item == NULL || self->busy_uuid != NULL || self->session == NULL)
    return;

  call = g_new0 (ReviewCall, 1);
  call->page = g_object_ref (self);
  call->title = g_strdup (item->title != NULL ? item->title : "");
  call->approve = approve;
  call->publishes = is_last_level (item);
  self->busy_uuid = g_strdup (item->uuid);
  jg_review_page_actions_update (self);
  jg_session_review_post_async (self->session, item->uuid, item->revision, approve, comment,
                                self->cancellable, review_finished_cb, call);
}

static void
approve_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  send_review (JG_REVIEW_PAGE (user_data), TRUE, NULL);
}

/* --- returning with a comment --------------------------------------------- */

#define RESPONSE_RETURN "return"

static gboolean
comment_is_blank (GtkEditable *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  return *text == '\0';
}

static void
comment_changed_cb (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, RESPONSE_RETURN, !comment_is_blank (entry));
}

static void
comment_activate_cb (GtkEntry         *entry,
                     AdwMessageDialog *dialog)
{
  if (!comment_is_blank (GTK_EDITABLE (entry)))
    adw_message_dialog_response (dialog, RESPONSE_RETURN);
}

static void
return_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    JgReviewPage     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "comment-entry");
  g_autofree char *comment = NULL;
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "uuid");

  if (g_strcmp0 (response, RESPONSE_RETURN) != 0 || comment_is_blank (entry))
    return;
  /* The queue may have changed under the dialog (a sync): return only the
   * post the comment was written for. */
  if (self->current == NULL || g_strcmp0 (self->current->uuid, uuid) != 0)
    {
      jg_review_page_toast (self, _("The post is no longer in your queue; your comment was not sent."));
      return;
    }
  comment = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  send_review (self, FALSE, comment);
}

static void
return_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  JgReviewPage *self = JG_REVIEW_PAGE (user_data);
  g_autofree char *body = NULL;
  GtkWidget *dialog, *entry;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->current == NULL || self->busy_uuid != NULL)
    return;

  /* TRANSLATORS: %s is the post's title */
  body = g_strdup_printf (_("“%s” goes back to its author, who can fix it and submit it again. Say what needs to change."),
                          self->current->title != NULL ? self->current->title : "");
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Return Post?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    RESPONSE_RETURN, _("_Return"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), RESPONSE_RETURN,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), RESPONSE_RETURN);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), RESPONSE_RETURN, FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What should the author change?"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), JG_PROTOCOL_MAX_COMMENT_CHARS);
  jg_accessible_set_label (entry, _("Comment for the author"));
  g_signal_connect (entry, "changed", G_CALLBACK (comment_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (comment_activate_cb), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "comment-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "uuid", g_strdup (self->current->uuid), g_free);

  g_signal_connect_object (dialog, "response", G_CALLBACK (return_response_cb), self, 0);
  jg_accessible_fix_names (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
jg_review_page_actions_update (JgReviewPage *self)
{
  gboolean can = self->current != NULL && self->busy_uuid == NULL;
  gboolean last = self->current != NULL && is_last_level (self->current);
  const char *label = last ? _("_Approve and Publish") : _("_Approve");
  g_autofree char *name = jg_accessible_strip_mnemonic (label);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "approve")), can);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "return")), can);
  gtk_button_set_label (GTK_BUTTON (self->approve_button), label);
  gtk_widget_set_tooltip_text (self->approve_button,
                               last ? _("Sign off the post; the server publishes it on the column now")
                                    : _("Sign off the post at your level; the next level reviews it"));
  jg_accessible_set_label (self->approve_button, name);
}

void
jg_review_page_actions_init (JgReviewPage *self)
{
  static const GActionEntry entries[] = {
    { "approve", approve_activated },
    { "return", return_activated },
  };

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "review", G_ACTION_GROUP (self->actions));
}
