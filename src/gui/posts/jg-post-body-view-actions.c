/* jg-post-body-view-actions.c — the "body." actions of JgPostBodyView
 *
 *   body.bold                  toggles bold on the selection, or for what
 *                              is typed next (Ctrl+B); its state says
 *                              whether the text at the cursor is bold
 *   body.block ("s")           "paragraph", "heading", "bullet", "number":
 *                              the kind of the cursor's (or selection's)
 *                              lines; a list button pressed on that list
 *                              gives paragraphs back. State: the cursor
 *                              line's kind ("image" on an image)
 *   body.insert-image          a file chooser → "image-requested"
 *   body.edit-image            the image at the cursor: alternative text
 *                              and caption
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "jg-accessible.h"
#include "jg-post-body-view-private.h"

static const struct {
  JgPostBlockKind kind;
  const char *name;
} kind_names[] = {
  { JG_POST_BLOCK_PARAGRAPH, "paragraph" },
  { JG_POST_BLOCK_HEADING, "heading" },
  { JG_POST_BLOCK_BULLET_ITEM, "bullet" },
  { JG_POST_BLOCK_NUMBER_ITEM, "number" },
  { JG_POST_BLOCK_IMAGE, "image" },
};

static const char *
kind_name (JgPostBlockKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (kind_names[i].kind == kind)
      return kind_names[i].name;
  return "paragraph";
}

static gboolean
kind_from_name (const char      *name,
                JgPostBlockKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (kind_names[i].name, name) == 0 && kind_names[i].kind != JG_POST_BLOCK_IMAGE)
      {
        *kind = kind_names[i].kind;
        return TRUE;
      }
  return FALSE;
}

static GtkTextBuffer *
buffer_of (JgPostBodyView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
}

gboolean
jg_post_body_view_is_bold (JgPostBodyView *self)
{
  GtkTextIter start, end, toggle;

  if (!gtk_text_buffer_get_selection_bounds (buffer_of (self), &start, &end))
    return self->typing_bold;
  if (!gtk_text_iter_has_tag (&start, self->bold_tag))
    return FALSE;
  toggle = start;
  return !gtk_text_iter_forward_to_tag_toggle (&toggle, self->bold_tag) ||
         gtk_text_iter_compare (&toggle, &end) >= 0;
}

void
jg_post_body_view_toggle_bold (JgPostBodyView *self)
{
  GtkTextBuffer *buffer = buffer_of (self);
  GtkTextIter start, end;

  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      if (jg_post_body_view_is_bold (self))
        gtk_text_buffer_remove_tag (buffer, self->bold_tag, &start, &end);
      else
        gtk_text_buffer_apply_tag (buffer, self->bold_tag, &start, &end);
      jg_post_body_view_emit_changed (self);
    }
  else
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
      self->typing_bold = !self->typing_bold;
      self->typing_bold_offset = gtk_text_iter_get_offset (&start);
    }
  jg_post_body_view_update_actions (self);
}

void
jg_post_body_view_apply_kind (JgPostBodyView  *self,
                              JgPostBlockKind  kind)
{
  GtkTextBuffer *buffer = buffer_of (self);
  GtkTextIter start, end, line;
  gboolean all_of_kind = TRUE;
  int last;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  /* A selection that ends at the start of a line leaves that line out. */
  if (gtk_text_iter_compare (&start, &end) < 0 && gtk_text_iter_starts_line (&end))
    gtk_text_iter_backward_char (&end);

  line = start;
  last = gtk_text_iter_get_line (&end);
  gtk_text_iter_set_line_offset (&line, 0);
  do
    {
      JgPostBlockKind line_kind = jg_post_body_view_line_kind (self, &line);

      if (line_kind != JG_POST_BLOCK_IMAGE && line_kind != kind)
        all_of_kind = FALSE;
    }
  while (gtk_text_iter_get_line (&line) < last && gtk_text_iter_forward_line (&line));

  if (all_of_kind && (kind == JG_POST_BLOCK_BULLET_ITEM || kind == JG_POST_BLOCK_NUMBER_ITEM))
    kind = JG_POST_BLOCK_PARAGRAPH;
  jg_post_body_view_set_lines_kind (self, &start, &end, kind);
  jg_post_body_view_update_actions (self);
  jg_post_body_view_emit_changed (self);
}

void
jg_post_body_view_update_actions (JgPostBodyView *self)
{
  GtkTextBuffer *buffer = buffer_of (self);
  GtkTextIter iter;
  JgPostBlockKind kind;
  GAction *action;

  if (self->internal > 0 || self->actions == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  kind = jg_post_body_view_line_kind (self, &iter);

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "bold");
  {
    g_autoptr(GVariant) state = g_action_get_state (action);
    gboolean bold = jg_post_body_view_is_bold (self);

    if (bold != g_variant_get_boolean (state))
      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (bold));
  }
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), kind != JG_POST_BLOCK_IMAGE);

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "block");
  {
    g_autoptr(GVariant) state = g_action_get_state (action);

    if (g_strcmp0 (g_variant_get_string (state, NULL), kind_name (kind)) != 0)
      g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (kind_name (kind)));
  }

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "edit-image");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), kind == JG_POST_BLOCK_IMAGE);
}

static void
bold_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  jg_post_body_view_toggle_bold (JG_POST_BODY_VIEW (data));
}

static void
block_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  JgPostBlockKind kind;

  if (kind_from_name (g_variant_get_string (parameter, NULL), &kind))
    jg_post_body_view_apply_kind (JG_POST_BODY_VIEW (data), kind);
}

/* Inserting an image from a file */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     JgPostBodyView  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_signal_emit_by_name (self, "image-requested", file);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
insert_image_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       data)
{
  JgPostBodyView *self = data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Insert Image"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Insert"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The image dialog: alternative text and caption */

typedef struct {
  JgPostBodyView *self;
  GtkTextChildAnchor *anchor;
  GtkWidget *alt_row;
  GtkWidget *caption_row;
  GtkWidget *warning;
} ImageDialog;

static void
image_dialog_free (gpointer data)
{
  ImageDialog *dialog = data;

  g_object_unref (dialog->self);
  g_object_unref (dialog->anchor);
  g_free (dialog);
}

static void
image_dialog_check (ImageDialog *dialog)
{
  const char *alt = gtk_editable_get_text (GTK_EDITABLE (dialog->alt_row));
  const char *caption = gtk_editable_get_text (GTK_EDITABLE (dialog->caption_row));
  g_autofree char *stripped = g_strstrip (g_strdup (alt));
  const char *problem = *stripped == '\0' ? _("Every image needs an alternative text: it is what "
                                              "readers who cannot see the image are told.")
                                          : jg_post_alt_text_problem (alt, caption);

  gtk_label_set_text (GTK_LABEL (dialog->warning), problem != NULL ? problem : "");
  gtk_widget_set_visible (dialog->warning, problem != NULL);
}

static void
image_dialog_response_cb (AdwMessageDialog *message,
                          const char       *response,
                          ImageDialog      *dialog)
{
  if (g_strcmp0 (response, "save") == 0 && !gtk_text_child_anchor_get_deleted (dialog->anchor))
    {
      g_autofree char *alt = g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->alt_row)));
      g_autofree char *caption = g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->caption_row)));

      g_strstrip (alt);
      g_strstrip (caption);

      jg_post_body_view_update_image (dialog->self, dialog->anchor, alt, caption);
    }
}

void
jg_post_body_view_edit_image (JgPostBodyView *self)
{
  GtkTextChildAnchor *anchor;
  JgBodyImage *image;
  ImageDialog *dialog;
  GtkWidget *message, *box, *list;
  GtkRoot *root;

  g_return_if_fail (JG_IS_POST_BODY_VIEW (self));

  anchor = jg_post_body_view_image_at_cursor (self);
  if ((image = jg_post_body_view_image_info (anchor)) == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  message = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    _("Image Description"),
                                    _("The alternative text says what the image shows, for readers "
                                      "who cannot see it; the caption is printed under the image."));
  dialog = g_new0 (ImageDialog, 1);
  dialog->self = g_object_ref (self);
  dialog->anchor = g_object_ref (anchor);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  dialog->alt_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->alt_row), _("_Alternative text"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (dialog->alt_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (dialog->alt_row), image->alt);
  gtk_list_box_append (GTK_LIST_BOX (list), dialog->alt_row);
  dialog->caption_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->caption_row), _("_Caption"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (dialog->caption_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (dialog->caption_row), image->caption);
  gtk_list_box_append (GTK_LIST_BOX (list), dialog->caption_row);
  gtk_box_append (GTK_BOX (box), list);
  dialog->warning = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (dialog->warning), TRUE);
  gtk_label_set_xalign (GTK_LABEL (dialog->warning), 0.0);
  gtk_widget_add_css_class (dialog->warning, "warning");
  gtk_box_append (GTK_BOX (box), dialog->warning);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (message), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (message),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (message), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (message), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (message), "cancel");

  g_signal_connect_swapped (dialog->alt_row, "changed", G_CALLBACK (image_dialog_check), dialog);
  g_signal_connect_swapped (dialog->caption_row, "changed", G_CALLBACK (image_dialog_check), dialog);
  g_signal_connect_data (message, "response", G_CALLBACK (image_dialog_response_cb), dialog,
                         (GClosureNotify) (void (*) (void)) image_dialog_free, 0);
  image_dialog_check (dialog);
  jg_accessible_fix_names (message);
  gtk_window_present (GTK_WINDOW (message));
  gtk_widget_grab_focus (dialog->alt_row);
}

static void
edit_image_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       data)
{
  jg_post_body_view_edit_image (JG_POST_BODY_VIEW (data));
}

GActionGroup *
jg_post_body_view_get_actions (JgPostBodyView *self)
{
  g_return_val_if_fail (JG_IS_POST_BODY_VIEW (self), NULL);
  return G_ACTION_GROUP (self->actions);
}

void
jg_post_body_view_actions_init (JgPostBodyView *self)
{
  const GActionEntry entries[] = {
    { "bold", bold_activated, NULL, "false", NULL },
    { "block", block_activated, "s", "'paragraph'", NULL },
    { "insert-image", insert_image_activated, NULL, NULL, NULL },
    { "edit-image", edit_image_activated, NULL, NULL, NULL },
  };

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "body", G_ACTION_GROUP (self->actions));
  jg_post_body_view_update_actions (self);
}
