/* jg-post-body-view-undo.c — images brought back by undo
 *
 * GTK 4.8's undo keeps text only: undoing the deletion of an image puts
 * back the anchor's U+FFFC as a bare character, with neither the image
 * nor its description. Since deleting an image is one Backspace away
 * (at the start of the paragraph after it), the view keeps the images it
 * deleted lately, with their pictures, and when undo inserts those
 * characters again, makes them images again. The repair happens while
 * GTK applies the undo, which it does not record, so redo and a second
 * undo find the same text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-post-body-view-private.h"

/* Images remembered, the oldest forgotten first. */
#define MAX_REMOVED_IMAGES 100

typedef struct {
  JgBodyImage *image;
  GdkPaintable *paintable;
} JgRemovedImage;

void
jg_post_body_view_removed_image_free (gpointer data)
{
  JgRemovedImage *removed = data;

  jg_post_body_image_free (removed->image);
  g_clear_object (&removed->paintable);
  g_free (removed);
}

void
jg_post_body_view_remember_images (JgPostBodyView    *self,
                                   const GtkTextIter *start,
                                   const GtkTextIter *end)
{
  GtkTextIter iter = *start, match_start;

  /* Anchors are where the text has U+FFFC; a search skips the rest. */
  while (gtk_text_iter_forward_search (&iter, JG_POST_BODY_ANCHOR_CHAR, 0, &match_start, &iter, end))
    {
      GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (&match_start);
      JgBodyImage *image;

      image = jg_post_body_view_image_info (anchor);
      if (image != NULL)
        {
          JgRemovedImage *removed = g_new0 (JgRemovedImage, 1);
          guint n_widgets = 0;
          g_autofree GtkWidget **widgets = gtk_text_child_anchor_get_widgets (anchor, &n_widgets);

          removed->image = g_new0 (JgBodyImage, 1);
          removed->image->sha256 = g_strdup (image->sha256);
          removed->image->alt = g_strdup (image->alt);
          removed->image->caption = g_strdup (image->caption);
          if (n_widgets > 0 && JG_IS_POST_FIGURE (widgets[0]) &&
              jg_post_figure_get_paintable (JG_POST_FIGURE (widgets[0])) != NULL)
            removed->paintable = g_object_ref (jg_post_figure_get_paintable (JG_POST_FIGURE (widgets[0])));
          g_ptr_array_add (self->removed_images, removed);
          if (self->removed_images->len > MAX_REMOVED_IMAGES)
            g_ptr_array_remove_index (self->removed_images, 0);
        }
    }
}

void
jg_post_body_view_restore_images (JgPostBodyView *self,
                                  int             offset,
                                  GtkTextIter    *location)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  int end_offset = gtk_text_iter_get_offset (location);
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (int));
  guint first;

  for (int o = offset; o < end_offset; o++)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, o);
      if (gtk_text_iter_get_char (&iter) == 0xFFFC && gtk_text_iter_get_child_anchor (&iter) == NULL &&
          gtk_text_iter_get_paintable (&iter) == NULL)
        g_array_append_val (bare, o);
    }
  if (bare->len == 0 || self->removed_images->len == 0)
    return;

  /* The last deletion's images, in their order. */
  first = self->removed_images->len - MIN (bare->len, self->removed_images->len);
  self->internal++;
  for (guint i = 0; i < bare->len && first < self->removed_images->len; i++)
    {
      JgRemovedImage *removed = g_ptr_array_steal_index (self->removed_images, first);
      int o = g_array_index (bare, int, i);
      GtkTextIter iter, next, line_end;
      GtkTextChildAnchor *anchor;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, o);
      next = iter;
      gtk_text_iter_forward_char (&next);
      gtk_text_buffer_delete (buffer, &iter, &next);
      anchor = gtk_text_buffer_create_child_anchor (buffer, &iter);
      jg_post_body_view_set_image_info (anchor, g_steal_pointer (&removed->image));
      gtk_text_view_add_child_at_anchor (GTK_TEXT_VIEW (self),
                                         jg_post_body_view_make_figure (self, anchor, removed->paintable),
                                         anchor);
      jg_post_body_view_removed_image_free (removed);

      /* Its line is an image's again. */
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, o);
      gtk_text_iter_set_line_offset (&iter, 0);
      line_end = iter;
      if (!gtk_text_iter_forward_line (&line_end))
        gtk_text_iter_forward_to_end (&line_end);
      jg_post_body_view_tag_range (self, &iter, &line_end, JG_POST_BLOCK_IMAGE);
      gtk_text_buffer_remove_tag (buffer, self->bold_tag, &iter, &line_end);
    }
  self->internal--;
  gtk_text_buffer_get_iter_at_offset (buffer, location, end_offset);
}
