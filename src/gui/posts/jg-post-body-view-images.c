/* jg-post-body-view-images.c — the images of a post's body
 *
 * An image is a child anchor alone on its line, its JgBodyImage attached
 * to the anchor, and shown as a figure (the picture, its caption, and a
 * warning while it has no alternative text) that a click selects. The
 * pictures come from the editor's image loader, by SHA-256.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "jg-post-body-view-private.h"

#define IMAGE_KEY "jg-post-image"

void
jg_post_body_image_free (gpointer data)
{
  JgBodyImage *image = data;

  if (image == NULL)
    return;
  g_free (image->sha256);
  g_free (image->alt);
  g_free (image->caption);
  g_free (image);
}

JgBodyImage *
jg_post_body_view_image_info (GtkTextChildAnchor *anchor)
{
  return anchor != NULL ? g_object_get_data (G_OBJECT (anchor), IMAGE_KEY) : NULL;
}

void
jg_post_body_view_set_image_info (GtkTextChildAnchor *anchor,
                                  JgBodyImage        *image)
{
  g_object_set_data_full (G_OBJECT (anchor), IMAGE_KEY, image, jg_post_body_image_free);
}

void
jg_post_body_view_insert_image_line (JgPostBodyView *self,
                                     GtkTextIter    *iter,
                                     const char     *sha256,
                                     GdkPaintable   *paintable,
                                     const char     *alt,
                                     const char     *caption)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GdkPaintable) loaded = NULL;
  GtkTextChildAnchor *anchor;
  JgBodyImage *image;
  int offset = gtk_text_iter_get_offset (iter);
  GtkTextIter start;

  anchor = gtk_text_buffer_create_child_anchor (buffer, iter);
  image = g_new0 (JgBodyImage, 1);
  image->sha256 = g_strdup (sha256);
  image->alt = g_strdup (alt != NULL ? alt : "");
  image->caption = g_strdup (caption != NULL ? caption : "");
  jg_post_body_view_set_image_info (anchor, image);
  gtk_text_buffer_insert (buffer, iter, "\n", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  jg_post_body_view_tag_range (self, &start, iter, JG_POST_BLOCK_IMAGE);
  gtk_text_buffer_remove_tag (buffer, self->bold_tag, &start, iter);
  /* The empty line after a last image is a paragraph, whatever it was. */
  if (gtk_text_iter_is_end (iter))
    self->tail_kind = JG_POST_BLOCK_PARAGRAPH;

  if (paintable == NULL && self->loader != NULL)
    paintable = loaded = self->loader (sha256, self->loader_data);
  gtk_text_view_add_child_at_anchor (GTK_TEXT_VIEW (self),
                                     jg_post_body_view_make_figure (self, anchor, paintable),
                                     anchor);
}

/* Images */

static void
figure_pressed_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   JgPostBodyView  *self)
{
  GtkTextChildAnchor *anchor = g_object_get_data (G_OBJECT (gtk_event_controller_get_widget (
                                                    GTK_EVENT_CONTROLLER (gesture))), "anchor");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter;

  if (anchor == NULL || gtk_text_child_anchor_get_deleted (anchor))
    return;
  gtk_text_buffer_get_iter_at_child_anchor (buffer, &iter, anchor);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    jg_post_body_view_edit_image (self);
}

/* What the figure says under an image whose alternative text is missing
 * or poor, as the check before submission will. */
static void
show_alt_problem (GtkWidget         *figure,
                  const JgBodyImage *image)
{
  g_autofree char *alt = g_strstrip (g_strdup (image->alt != NULL ? image->alt : ""));
  const char *problem = *alt == '\0' ? _("No alternative text: double-click the image to describe it.")
                                     : jg_post_alt_text_problem (image->alt, image->caption);

  jg_post_figure_set_warning (JG_POST_FIGURE (figure), problem);
}

GtkWidget *
jg_post_body_view_make_figure (JgPostBodyView     *self,
                               GtkTextChildAnchor *anchor,
                               GdkPaintable       *paintable)
{
  JgBodyImage *image = jg_post_body_view_image_info (anchor);
  GtkWidget *figure = jg_post_figure_new (paintable, image->alt, image->caption);
  GtkGesture *click = gtk_gesture_click_new ();

  /* The figure does not own the anchor: the buffer does. */
  g_object_set_data (G_OBJECT (figure), "anchor", anchor);
  g_signal_connect_object (click, "pressed", G_CALLBACK (figure_pressed_cb), self, 0);
  gtk_widget_add_controller (figure, GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_margin_top (figure, JG_POST_BODY_BLOCK_SPACING);
  gtk_widget_set_margin_bottom (figure, JG_POST_BODY_BLOCK_SPACING);
  gtk_widget_set_tooltip_text (figure, _("Double-click to edit the alternative text and the caption"));
  show_alt_problem (figure, image);
  return figure;
}

GtkTextChildAnchor *
jg_post_body_view_image_at_cursor (JgPostBodyView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  if (jg_post_body_view_line_kind (self, &iter) != JG_POST_BLOCK_IMAGE)
    return NULL;
  return jg_post_body_view_line_anchor (&iter);
}

void
jg_post_body_view_update_image (JgPostBodyView     *self,
                                GtkTextChildAnchor *anchor,
                                const char         *alt,
                                const char         *caption)
{
  JgBodyImage *image = jg_post_body_view_image_info (anchor);
  guint n_widgets = 0;
  g_autofree GtkWidget **widgets = NULL;

  g_return_if_fail (image != NULL);

  g_free (image->alt);
  image->alt = g_strdup (alt != NULL ? alt : "");
  g_free (image->caption);
  image->caption = g_strdup (caption != NULL ? caption : "");
  widgets = gtk_text_child_anchor_get_widgets (anchor, &n_widgets);
  for (guint i = 0; i < n_widgets; i++)
    if (JG_IS_POST_FIGURE (widgets[i]))
      {
        jg_post_figure_set_alt (JG_POST_FIGURE (widgets[i]), image->alt);
        jg_post_figure_set_caption (JG_POST_FIGURE (widgets[i]), image->caption);
        show_alt_problem (widgets[i], image);
      }
  jg_post_body_view_emit_changed (self);
}

void
jg_post_body_view_insert_image (JgPostBodyView *self,
                                const char     *sha256,
                                GdkPaintable   *paintable,
                                const char     *alt,
                                const char     *caption)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_if_fail (JG_IS_POST_BODY_VIEW (self));
  g_return_if_fail (sha256 != NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  self->internal++;
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  /* On its own line: after the cursor's line, unless that is empty. */
  if (!gtk_text_iter_starts_line (&iter) || !gtk_text_iter_ends_line (&iter) ||
      jg_post_body_view_line_kind (self, &iter) == JG_POST_BLOCK_IMAGE)
    {
      JgPostBlockKind kind = jg_post_body_view_line_kind (self, &iter);

      if (!gtk_text_iter_ends_line (&iter))
        gtk_text_iter_forward_to_line_end (&iter);
      if (gtk_text_iter_is_end (&iter))
        jg_post_body_view_insert_tagged (self, &iter, "\n",
                                         kind == JG_POST_BLOCK_IMAGE ? JG_POST_BLOCK_PARAGRAPH : kind,
                                         FALSE);
      else
        gtk_text_iter_forward_line (&iter);
    }
  else if (!gtk_text_iter_is_end (&iter))
    {
      /* An empty line: the image takes its place. */
      GtkTextIter end = iter;

      gtk_text_iter_forward_char (&end);
      gtk_text_buffer_delete (buffer, &iter, &end);
    }
  jg_post_body_view_insert_image_line (self, &iter, sha256, paintable, alt, caption);
  /* The cursor goes after the image, where one writes on. */
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_end_user_action (buffer);
  self->internal--;
  jg_post_body_view_update_actions (self);
  jg_post_body_view_emit_changed (self);
}

void
jg_post_body_view_set_image_loader (JgPostBodyView    *self,
                                    JgPostImageLoader  loader,
                                    gpointer           user_data,
                                    GDestroyNotify     destroy)
{
  g_return_if_fail (JG_IS_POST_BODY_VIEW (self));

  if (self->loader_destroy != NULL)
    self->loader_destroy (self->loader_data);
  self->loader = loader;
  self->loader_data = user_data;
  self->loader_destroy = destroy;
}
