/* jg-post-body-view-clipboard.c — copy, paste and drop in JgPostBodyView
 *
 * Copy offers the selection as our HTML subset and as plain text, so that
 * it keeps its formatting when pasted back here or into an office suite.
 * Paste prefers text/html (what WPS, Word and browsers offer) read through
 * jg_post_doc_from_html, which keeps paragraphs, headings, bold, lists and
 * our own images and drops everything else; then an image (handed to the
 * editor as "image-pasted", which stores it); then plain text, typed in as
 * if by the keyboard. Dropped image files go to "image-requested".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-post-body-view-private.h"

#define HTML_MIME "text/html"
/* The Windows clipboard's HTML starts with a "Version:0.9 StartHTML:…"
 * header, which some programs carry over on Linux. */
#define CF_HTML_HEADER "Version:"
#define UTF16LE_BOM "\xff\xfe"
#define UTF16BE_BOM "\xfe\xff"

void
jg_post_body_view_copy (JgPostBodyView *self,
                        gboolean        cut)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(JgPostDoc) doc = NULL;
  g_autoptr(GdkContentProvider) provider = NULL;
  g_autoptr(GBytes) html_bytes = NULL;
  g_autofree char *text = NULL;
  char *html;
  GdkContentProvider *providers[2];
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;

  doc = jg_post_body_view_get_range_doc (self, &start, &end);
  html = jg_post_doc_to_html (doc);
  html_bytes = g_bytes_new_take (html, strlen (html));
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  providers[0] = gdk_content_provider_new_for_bytes (HTML_MIME, html_bytes);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), provider);

  if (cut)
    {
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (GTK_TEXT_VIEW (self)));
      gtk_text_buffer_end_user_action (buffer);
    }
}

/* Plain text: in as if typed (the line's kind, the typing weight). */
static void
paste_text (JgPostBodyView *self,
            const char     *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gboolean editable = gtk_text_view_get_editable (GTK_TEXT_VIEW (self));

  if (text == NULL || *text == '\0')
    return;
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, editable);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, editable);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer));
}

static void
text_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(JgPostBodyView) self = data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (!g_cancellable_is_cancelled (self->cancellable))
    paste_text (self, text);
}

static void
texture_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(JgPostBodyView) self = data;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result,
                                                                     NULL);

  if (texture != NULL && !g_cancellable_is_cancelled (self->cancellable))
    g_signal_emit_by_name (self, "image-pasted", texture);
}

/* What is on the clipboard after its HTML gave nothing to keep. */
static void
paste_other (JgPostBodyView *self,
             GdkClipboard   *clipboard)
{
  GdkContentFormats *offered = gdk_clipboard_get_formats (clipboard);
  g_autoptr(GdkContentFormats) formats =
    gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (offered));

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
      !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    gdk_clipboard_read_texture_async (clipboard, self->cancellable, texture_read_cb, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    gdk_clipboard_read_text_async (clipboard, self->cancellable, text_read_cb, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, self->cancellable, texture_read_cb, g_object_ref (self));
}

/* @bytes as UTF-8 HTML: UTF-16 with a byte-order mark (Firefox's) is
 * converted, a Windows header skipped, invalid bytes replaced. */
static char *
html_from_bytes (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *utf8 = NULL;
  const char *start;

  if (size >= 2 && (memcmp (data, UTF16LE_BOM, 2) == 0 || memcmp (data, UTF16BE_BOM, 2) == 0))
    utf8 = g_convert (data + 2, size - 2, "UTF-8",
                      memcmp (data, UTF16LE_BOM, 2) == 0 ? "UTF-16LE" : "UTF-16BE", NULL, NULL, NULL);
  if (utf8 == NULL)
    utf8 = g_utf8_make_valid (data != NULL ? data : "", size);
  start = utf8;
  if (g_str_has_prefix (start, CF_HTML_HEADER) && strchr (start, '<') != NULL)
    start = strchr (start, '<');
  return g_strdup (start);
}

static void
html_spliced_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(JgPostBodyView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JgPostDoc) doc = NULL;
  g_autofree char *html = NULL;
  gboolean dropped = FALSE;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error) < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        paste_other (self, clipboard);
      return;
    }
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (source));
  html = html_from_bytes (bytes);
  doc = jg_post_doc_from_html (html, &dropped);
  if (doc->blocks->len == 0)
    {
      /* Only what a post cannot keep (a web page's image, say). */
      paste_other (self, clipboard);
      return;
    }
  jg_post_body_view_insert_doc (self, doc);
  if (dropped)
    g_signal_emit_by_name (self, "paste-cleaned");
}

static void
html_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(JgPostBodyView) self = data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, NULL);
  if (stream == NULL)
    {
      if (!g_cancellable_is_cancelled (self->cancellable))
        paste_other (self, GDK_CLIPBOARD (source));
      return;
    }
  /* Asynchronously: our own copy is written by this very main loop. */
  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, self->cancellable, html_spliced_cb,
                                g_object_ref (self));
}

void
jg_post_body_view_paste (JgPostBodyView *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (!gtk_text_view_get_editable (GTK_TEXT_VIEW (self)))
    return;
  if (gdk_content_formats_contain_mime_type (formats, HTML_MIME))
    {
      const char *mime_types[] = { HTML_MIME, NULL };

      gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, self->cancellable,
                                html_read_cb, g_object_ref (self));
    }
  else
    paste_other (self, clipboard);
}

/* Dropping image files */

static gboolean
is_image_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *type = g_content_type_guess (name, NULL, 0, NULL);

  return type != NULL && g_str_has_prefix (type, "image/");
}

gboolean
jg_post_body_view_drop_files (JgPostBodyView *self,
                              GSList         *files,
                              double          x,
                              double          y)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter;
  gboolean any = FALSE;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y,
                                         &bx, &by);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by);
  gtk_text_buffer_place_cursor (buffer, &iter);
  for (GSList *l = files; l != NULL; l = l->next)
    if (is_image_file (l->data))
      {
        g_signal_emit_by_name (self, "image-requested", l->data);
        any = TRUE;
      }
  return any;
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         JgPostBodyView *self)
{
  return jg_post_body_view_drop_files (self, g_value_get_boxed (value), x, y);
}

void
jg_post_body_view_clipboard_init (JgPostBodyView *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  /* Before the text view's own target, which would take the files'
   * names as text. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (target), GTK_PHASE_CAPTURE);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
