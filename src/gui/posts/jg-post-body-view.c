/* jg-post-body-view.c — the WYSIWYG editor of a 监管动态 post's body
 *
 * A GtkTextView subclass rather than a widget holding one: the editor puts
 * it in a scrolled window like any text view, and it keeps the text view's
 * accessible role, focus, input methods, undo and key bindings; what this
 * adds is the buffer's meaning (JgPostDoc) and the typing rules.
 *
 * The buffer holds the body's text and nothing else: one line per block,
 * tags for the kind of block (on the whole line with its newline) and for
 * bold, an image as a child anchor alone on its line with its JgBodyImage
 * attached (jg-post-body-view-images.c). List bullets and numbers are not text: they are drawn in the
 * list's margin (snapshot_layer), so that numbering never edits the buffer,
 * the undo history or what get_doc returns.
 *
 * Keystrokes stay cheap on a long body: typing applies a few tags to the
 * inserted range and redraws; nothing walks the buffer but get_doc, which
 * the editor calls when it saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "jg-accessible.h"
#include "jg-post-body-view-private.h"

/* Indentation of list items and the gap before their text, in pixels. */
#define LIST_INDENT 36
#define MARKER_GAP 8
/* Space above a heading (below every block: JG_POST_BODY_BLOCK_SPACING),
 * its size, and the text's margin, in pixels. */
#define HEADING_SPACING_ABOVE 14
#define HEADING_SCALE 1.2
#define TEXT_MARGIN 12

G_DEFINE_FINAL_TYPE (JgPostBodyView, jg_post_body_view, GTK_TYPE_TEXT_VIEW)

enum {
  SIGNAL_CHANGED,
  SIGNAL_IMAGE_REQUESTED,
  SIGNAL_IMAGE_PASTED,
  SIGNAL_PASTE_CLEANED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
jg_post_body_view_emit_changed (JgPostBodyView *self)
{
  if (self->internal == 0)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

GtkTextTag *
jg_post_body_view_kind_tag (JgPostBodyView  *self,
                            JgPostBlockKind  kind)
{
  switch (kind)
    {
    case JG_POST_BLOCK_HEADING:
      return self->heading_tag;
    case JG_POST_BLOCK_BULLET_ITEM:
      return self->bullet_tag;
    case JG_POST_BLOCK_NUMBER_ITEM:
      return self->number_tag;
    case JG_POST_BLOCK_IMAGE:
      return self->image_tag;
    case JG_POST_BLOCK_PARAGRAPH:
    default:
      return NULL;
    }
}

static gboolean
is_list (JgPostBlockKind kind)
{
  return kind == JG_POST_BLOCK_BULLET_ITEM || kind == JG_POST_BLOCK_NUMBER_ITEM;
}

/* @iter's line: [start, next line's start or the end). */
static void
line_bounds (const GtkTextIter *iter,
             GtkTextIter       *start,
             GtkTextIter       *end)
{
  *start = *iter;
  gtk_text_iter_set_line_offset (start, 0);
  *end = *start;
  if (!gtk_text_iter_forward_line (end))
    gtk_text_iter_forward_to_end (end);
}

GtkTextChildAnchor *
jg_post_body_view_line_anchor (const GtkTextIter *iter)
{
  GtkTextIter start = *iter;

  gtk_text_iter_set_line_offset (&start, 0);
  return gtk_text_iter_get_child_anchor (&start);
}

JgPostBlockKind
jg_post_body_view_line_kind (JgPostBodyView    *self,
                             const GtkTextIter *iter)
{
  GtkTextIter start = *iter;

  gtk_text_iter_set_line_offset (&start, 0);
  if (gtk_text_iter_is_end (&start))
    return self->tail_kind;
  if (gtk_text_iter_has_tag (&start, self->image_tag))
    return jg_post_body_view_image_info (gtk_text_iter_get_child_anchor (&start)) != NULL
             ? JG_POST_BLOCK_IMAGE : JG_POST_BLOCK_PARAGRAPH;
  if (gtk_text_iter_has_tag (&start, self->heading_tag))
    return JG_POST_BLOCK_HEADING;
  if (gtk_text_iter_has_tag (&start, self->bullet_tag))
    return JG_POST_BLOCK_BULLET_ITEM;
  if (gtk_text_iter_has_tag (&start, self->number_tag))
    return JG_POST_BLOCK_NUMBER_ITEM;
  return JG_POST_BLOCK_PARAGRAPH;
}

/* Tags [start, end) as @kind and nothing else. */
void
jg_post_body_view_tag_range (JgPostBodyView    *self,
                             const GtkTextIter *start,
                             const GtkTextIter *end,
                             JgPostBlockKind    kind)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextTag *tag = jg_post_body_view_kind_tag (self, kind);

  gtk_text_buffer_remove_tag (buffer, self->heading_tag, start, end);
  gtk_text_buffer_remove_tag (buffer, self->bullet_tag, start, end);
  gtk_text_buffer_remove_tag (buffer, self->number_tag, start, end);
  if (kind != JG_POST_BLOCK_IMAGE)
    gtk_text_buffer_remove_tag (buffer, self->image_tag, start, end);
  if (tag != NULL)
    gtk_text_buffer_apply_tag (buffer, tag, start, end);
}

static void
set_line_kind (JgPostBodyView    *self,
               const GtkTextIter *iter,
               JgPostBlockKind    kind)
{
  GtkTextIter start, end;

  line_bounds (iter, &start, &end);
  if (gtk_text_iter_equal (&start, &end))
    self->tail_kind = kind;
  else
    jg_post_body_view_tag_range (self, &start, &end, kind);
}

void
jg_post_body_view_set_lines_kind (JgPostBodyView    *self,
                                  const GtkTextIter *start,
                                  const GtkTextIter *end,
                                  JgPostBlockKind    kind)
{
  GtkTextIter line = *start;
  int last = gtk_text_iter_get_line (end);

  gtk_text_iter_set_line_offset (&line, 0);
  do
    {
      if (jg_post_body_view_line_kind (self, &line) != JG_POST_BLOCK_IMAGE)
        set_line_kind (self, &line, kind);
    }
  while (gtk_text_iter_get_line (&line) < last && gtk_text_iter_forward_line (&line));
  /* The numbers of the lines below may change. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Editing lines (the document's loading and reading are in -doc.c) */


/* Inserts @text at @iter (moved past it) tagged @kind and bold or not. */
void
jg_post_body_view_insert_tagged (JgPostBodyView  *self,
                                 GtkTextIter     *iter,
                                 const char      *text,
                                 JgPostBlockKind  kind,
                                 gboolean         bold)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  int offset = gtk_text_iter_get_offset (iter);
  GtkTextIter start;

  gtk_text_buffer_insert (buffer, iter, text, -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  jg_post_body_view_tag_range (self, &start, iter, kind);
  if (bold)
    gtk_text_buffer_apply_tag (buffer, self->bold_tag, &start, iter);
  else
    gtk_text_buffer_remove_tag (buffer, self->bold_tag, &start, iter);
}

/* Typing */

/* Text typed on an image's line goes on a new line before the image
 * (typed at its start) or after it. Moves @location there. */
static void
leave_image_line (JgPostBodyView *self,
                  GtkTextIter    *location)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  int offset;

  line_bounds (location, &start, &end);
  if (gtk_text_iter_equal (location, &start))
    offset = gtk_text_iter_get_offset (&start);
  else if (gtk_text_iter_starts_line (&end) && gtk_text_iter_ends_line (&end) &&
           jg_post_body_view_line_kind (self, &end) == JG_POST_BLOCK_PARAGRAPH)
    {
      /* An empty paragraph after it already. */
      *location = end;
      return;
    }
  else
    offset = gtk_text_iter_get_offset (&end);

  self->internal++;
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  jg_post_body_view_insert_tagged (self, &start, "\n", JG_POST_BLOCK_PARAGRAPH, FALSE);
  self->internal--;
  gtk_text_buffer_get_iter_at_offset (buffer, location, offset);
}

static void
insert_text_before_cb (GtkTextBuffer  *buffer,
                       GtkTextIter    *location,
                       const char     *text,
                       int             len,
                       JgPostBodyView *self)
{
  if (self->internal > 0)
    return;

  if (jg_post_body_view_line_kind (self, location) == JG_POST_BLOCK_IMAGE)
    leave_image_line (self, location);

  self->insert_offset = gtk_text_iter_get_offset (location);
  self->insert_kind = jg_post_body_view_line_kind (self, location);

  /* Enter on an empty list item ends the list. */
  if (len == 1 && text[0] == '\n' && is_list (self->insert_kind) &&
      gtk_text_iter_starts_line (location) && gtk_text_iter_ends_line (location))
    {
      g_signal_stop_emission_by_name (buffer, "insert-text");
      set_line_kind (self, location, JG_POST_BLOCK_PARAGRAPH);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      jg_post_body_view_update_actions (self);
      jg_post_body_view_emit_changed (self);
    }
}

static void
insert_text_after_cb (GtkTextBuffer  *buffer,
                      GtkTextIter    *location,
                      const char     *text,
                      int             len,
                      JgPostBodyView *self)
{
  JgPostBlockKind kind = self->insert_kind;
  GtkTextIter start;

  if (self->internal > 0)
    return;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, self->insert_offset);
  if (self->typing_bold)
    gtk_text_buffer_apply_tag (buffer, self->bold_tag, &start, location);
  else
    gtk_text_buffer_remove_tag (buffer, self->bold_tag, &start, location);
  jg_post_body_view_tag_range (self, &start, location, kind);

  if (memchr (text, '\n', len) != NULL)
    {
      /* A list goes on; a heading is followed by a paragraph, unless
       * Enter split it. */
      if (kind == JG_POST_BLOCK_HEADING)
        {
          GtkTextIter line = start;
          int last = gtk_text_iter_get_line (location);

          while (gtk_text_iter_forward_line (&line) && gtk_text_iter_get_line (&line) < last)
            set_line_kind (self, &line, JG_POST_BLOCK_PARAGRAPH);
          if (gtk_text_iter_starts_line (location) && gtk_text_iter_ends_line (location))
            set_line_kind (self, location, JG_POST_BLOCK_PARAGRAPH);
        }
      else if (gtk_text_iter_is_end (location) && gtk_text_iter_starts_line (location))
        self->tail_kind = kind;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }

  /* Undo puts back an image deleted before as a bare character. */
  if (g_strstr_len (text, len, JG_POST_BODY_ANCHOR_CHAR) != NULL)
    jg_post_body_view_restore_images (self, self->insert_offset, location);

  self->typing_bold_offset = -1;
  jg_post_body_view_emit_changed (self);
}

/* An image goes as a whole: a range that ends or starts inside its line
 * takes the whole line, so that no text is ever joined to it. */
static void
delete_range_before_cb (GtkTextBuffer  *buffer,
                        GtkTextIter    *start,
                        GtkTextIter    *end,
                        JgPostBodyView *self)
{
  GtkTextIter line_start, line_end;

  if (self->internal > 0)
    return;

  if (jg_post_body_view_line_kind (self, start) == JG_POST_BLOCK_IMAGE &&
      !gtk_text_iter_starts_line (start))
    gtk_text_iter_set_line_offset (start, 0);
  if (jg_post_body_view_line_kind (self, end) == JG_POST_BLOCK_IMAGE &&
      !gtk_text_iter_starts_line (end))
    {
      line_bounds (end, &line_start, &line_end);
      *end = line_end;
    }
  jg_post_body_view_remember_images (self, start, end);
  /* Deleting up to the end: the last line keeps its kind. */
  if (gtk_text_iter_is_end (end))
    {
      JgPostBlockKind kind = jg_post_body_view_line_kind (self, start);
      self->tail_kind = kind == JG_POST_BLOCK_IMAGE ? JG_POST_BLOCK_PARAGRAPH : kind;
    }
}

static void
delete_range_after_cb (GtkTextBuffer  *buffer,
                       GtkTextIter    *start,
                       GtkTextIter    *end,
                       JgPostBodyView *self)
{
  if (self->internal > 0)
    return;
  /* Joined lines take the first one's kind. */
  if (!gtk_text_iter_is_end (start))
    {
      GtkTextIter line_start, line_end;

      line_bounds (start, &line_start, &line_end);
      if (!gtk_text_iter_has_tag (&line_start, self->image_tag))
        jg_post_body_view_tag_range (self, &line_start, &line_end,
                                     jg_post_body_view_line_kind (self, &line_start));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  jg_post_body_view_emit_changed (self);
}

static void
mark_set_cb (GtkTextBuffer  *buffer,
             GtkTextIter    *location,
             GtkTextMark    *mark,
             JgPostBodyView *self)
{
  GtkTextIter before;

  if (mark != gtk_text_buffer_get_insert (buffer))
    return;
  if (gtk_text_iter_get_offset (location) != self->typing_bold_offset)
    {
      /* The weight of the text before the cursor, or after it at the
       * start of a line. */
      before = *location;
      if (!gtk_text_iter_starts_line (&before))
        gtk_text_iter_backward_char (&before);
      self->typing_bold = gtk_text_iter_has_tag (&before, self->bold_tag);
      self->typing_bold_offset = -1;
    }
  jg_post_body_view_update_actions (self);
}

static void
changed_cb (GtkTextBuffer  *buffer,
            JgPostBodyView *self)
{
  jg_post_body_view_update_actions (self);
}

/* List markers: drawn in the margin, not kept in the text */

static void
draw_marker (JgPostBodyView *self,
             GtkSnapshot    *snapshot,
             GtkTextIter    *line,
             const char     *marker,
             const GdkRGBA  *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), marker);
  GdkRectangle rect;
  PangoRectangle logical;

  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), line, &rect);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  gtk_snapshot_save (snapshot);
  /* Right-aligned before the text, at the bottom of its first line. */
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (rect.x - MARKER_GAP - logical.width,
                                                rect.y + rect.height - logical.height));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
jg_post_body_view_snapshot_layer (GtkTextView      *view,
                                  GtkTextViewLayer  layer,
                                  GtkSnapshot      *snapshot)
{
  JgPostBodyView *self = JG_POST_BODY_VIEW (view);
  GtkStyleContext *style;
  GdkRectangle visible;
  GtkTextIter line;
  GdkRGBA color;
  int number = 0;
  int bottom;

  if (layer != GTK_TEXT_VIEW_LAYER_ABOVE_TEXT)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  style = gtk_widget_get_style_context (GTK_WIDGET (view));
  gtk_style_context_get_color (style, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &line, visible.y, NULL);
  bottom = visible.y + visible.height;

  /* The number of the first visible item: count the items above it. */
  if (jg_post_body_view_line_kind (self, &line) == JG_POST_BLOCK_NUMBER_ITEM)
    {
      GtkTextIter above = line;

      while (gtk_text_iter_backward_line (&above) &&
             jg_post_body_view_line_kind (self, &above) == JG_POST_BLOCK_NUMBER_ITEM)
        number++;
    }

  do
    {
      JgPostBlockKind kind = jg_post_body_view_line_kind (self, &line);
      int y, height;

      gtk_text_view_get_line_yrange (view, &line, &y, &height);
      if (y > bottom)
        break;
      if (kind == JG_POST_BLOCK_NUMBER_ITEM)
        {
          g_autofree char *marker = g_strdup_printf ("%d.", ++number);
          draw_marker (self, snapshot, &line, marker, &color);
        }
      else
        {
          number = 0;
          if (kind == JG_POST_BLOCK_BULLET_ITEM)
            draw_marker (self, snapshot, &line, "•", &color);
        }
    }
  while (gtk_text_iter_forward_line (&line));

  /* An empty last line has no line of its own to walk to. */
  if (gtk_text_iter_is_end (&line) && gtk_text_iter_starts_line (&line) &&
      gtk_text_iter_get_line (&line) > 0 && is_list (self->tail_kind))
    {
      g_autofree char *marker = self->tail_kind == JG_POST_BLOCK_NUMBER_ITEM
                                  ? g_strdup_printf ("%d.", number + 1) : g_strdup ("•");
      draw_marker (self, snapshot, &line, marker, &color);
    }
}

/* The class */

static void
jg_post_body_view_copy_clipboard (GtkTextView *view)
{
  jg_post_body_view_copy (JG_POST_BODY_VIEW (view), FALSE);
}

static void
jg_post_body_view_cut_clipboard (GtkTextView *view)
{
  jg_post_body_view_copy (JG_POST_BODY_VIEW (view), TRUE);
}

static void
jg_post_body_view_paste_clipboard (GtkTextView *view)
{
  jg_post_body_view_paste (JG_POST_BODY_VIEW (view));
}

static void
jg_post_body_view_dispose (GObject *object)
{
  JgPostBodyView *self = JG_POST_BODY_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  jg_post_body_view_set_image_loader (self, NULL, NULL, NULL);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->removed_images, g_ptr_array_unref);
  G_OBJECT_CLASS (jg_post_body_view_parent_class)->dispose (object);
}

static void
jg_post_body_view_class_init (JgPostBodyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = jg_post_body_view_dispose;
  text_view_class->snapshot_layer = jg_post_body_view_snapshot_layer;
  text_view_class->copy_clipboard = jg_post_body_view_copy_clipboard;
  text_view_class->cut_clipboard = jg_post_body_view_cut_clipboard;
  text_view_class->paste_clipboard = jg_post_body_view_paste_clipboard;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_IMAGE_REQUESTED] =
    g_signal_new ("image-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[SIGNAL_IMAGE_PASTED] =
    g_signal_new ("image-pasted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, GDK_TYPE_TEXTURE);
  signals[SIGNAL_PASTE_CLEANED] =
    g_signal_new ("paste-cleaned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "body.bold", NULL);
  /* As in the office suites people paste from (Ctrl+Alt+2 heading, 0
   * paragraph; Ctrl+Shift+7 numbers, 8 bullets). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "body.block", "s", "heading");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK | GDK_ALT_MASK,
                                       "body.block", "s", "paragraph");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ampersand,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "body.block", "s", "number");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_asterisk,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "body.block", "s", "bullet");
}

static void
jg_post_body_view_init (JgPostBodyView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  self->typing_bold_offset = -1;
  self->tail_kind = JG_POST_BLOCK_PARAGRAPH;
  self->cancellable = g_cancellable_new ();
  self->removed_images = g_ptr_array_new_with_free_func (jg_post_body_view_removed_image_free);

  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (view, TEXT_MARGIN);
  gtk_text_view_set_right_margin (view, TEXT_MARGIN);
  gtk_text_view_set_top_margin (view, TEXT_MARGIN);
  gtk_text_view_set_bottom_margin (view, TEXT_MARGIN);
  gtk_text_view_set_pixels_below_lines (view, JG_POST_BODY_BLOCK_SPACING);
  gtk_widget_add_css_class (GTK_WIDGET (self), "post-body");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Body"),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE, -1);

  self->bold_tag = gtk_text_buffer_create_tag (buffer, "bold", "weight", PANGO_WEIGHT_BOLD, NULL);
  self->heading_tag = gtk_text_buffer_create_tag (buffer, "heading",
                                                  "weight", PANGO_WEIGHT_BOLD,
                                                  "scale", HEADING_SCALE,
                                                  "pixels-above-lines", HEADING_SPACING_ABOVE,
                                                  NULL);
  self->bullet_tag = gtk_text_buffer_create_tag (buffer, "bullet", "left-margin",
                                                 TEXT_MARGIN + LIST_INDENT, NULL);
  self->number_tag = gtk_text_buffer_create_tag (buffer, "number", "left-margin",
                                                 TEXT_MARGIN + LIST_INDENT, NULL);
  self->image_tag = gtk_text_buffer_create_tag (buffer, "image", "justification", GTK_JUSTIFY_CENTER,
                                                NULL);

  g_signal_connect (buffer, "insert-text", G_CALLBACK (insert_text_before_cb), self);
  g_signal_connect_after (buffer, "insert-text", G_CALLBACK (insert_text_after_cb), self);
  g_signal_connect (buffer, "delete-range", G_CALLBACK (delete_range_before_cb), self);
  g_signal_connect_after (buffer, "delete-range", G_CALLBACK (delete_range_after_cb), self);
  g_signal_connect (buffer, "mark-set", G_CALLBACK (mark_set_cb), self);
  g_signal_connect (buffer, "changed", G_CALLBACK (changed_cb), self);

  jg_post_body_view_actions_init (self);
  jg_post_body_view_clipboard_init (self);
}

GtkWidget *
jg_post_body_view_new (void)
{
  return g_object_new (JG_TYPE_POST_BODY_VIEW, NULL);
}
