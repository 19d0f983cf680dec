/* jg-post-body-view-doc.c — JgPostBodyView's buffer from and to a JgPostDoc
 *
 * Loading a document (set_doc), reading one back (get_doc, and the
 * selection's for copy) and inserting one at the cursor (paste). Each line
 * of the buffer is a block: its kind is the tag on the whole line, its
 * bold runs the "bold" tag, an image the child anchor alone on its line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "jg-post-body-view-private.h"

/* The object replacement character GtkTextBuffer uses for an anchor; one
 * that undo put back as plain text is not an image and is dropped. */
#define ANCHOR_CHAR "\xef\xbf\xbc"

/* Inserts @block at @iter as a whole line with its newline. */
static void
insert_block (JgPostBodyView    *self,
              GtkTextIter       *iter,
              const JgPostBlock *block)
{
  if (block->kind == JG_POST_BLOCK_IMAGE)
    {
      if (block->image_sha256 != NULL)
        jg_post_body_view_insert_image_line (self, iter, block->image_sha256, NULL, block->image_alt,
                                             block->image_caption);
      return;
    }
  for (guint i = 0; i < block->runs->len; i++)
    {
      const JgPostRun *run = block->runs->pdata[i];
      jg_post_body_view_insert_tagged (self, iter, run->text, block->kind, run->bold);
    }
  jg_post_body_view_insert_tagged (self, iter, "\n", block->kind, FALSE);
}

static gboolean
block_is_empty (const JgPostBlock *block)
{
  if (block->kind == JG_POST_BLOCK_IMAGE)
    return block->image_sha256 == NULL;
  for (guint i = 0; i < block->runs->len; i++)
    if (*((JgPostRun *) block->runs->pdata[i])->text != '\0')
      return FALSE;
  return TRUE;
}

/* Text blocks are loaded a run of them at a time: their text inserted in
 * one go, then each kind's and each bold run's tag applied by offsets.
 * Inserting and tagging run by run made a 20,000-character body take over
 * 100 ms to open, every insert and tag change being a signal the text
 * view's layout listens to. */
typedef struct {
  int start;   /* character offsets in the buffer */
  int end;
  GtkTextTag *tag;
} TagSpan;

typedef struct {
  GString *text;
  GArray *spans;
  int base;    /* the buffer's offset where the text goes */
  int length;  /* characters in text */
} Chunk;

static void
chunk_add (Chunk      *chunk,
           const char *text,
           GtkTextTag *tag)
{
  int length = g_utf8_strlen (text, -1);

  if (tag != NULL && length > 0)
    {
      TagSpan *last = chunk->spans->len > 0 ? &g_array_index (chunk->spans, TagSpan, chunk->spans->len - 1)
                                            : NULL;
      /* Consecutive lines of one kind: one span. */
      if (last != NULL && last->tag == tag && last->end == chunk->base + chunk->length)
        last->end += length;
      else
        {
          TagSpan span = { chunk->base + chunk->length, chunk->base + chunk->length + length, tag };
          g_array_append_val (chunk->spans, span);
        }
    }
  g_string_append (chunk->text, text);
  chunk->length += length;
}

static void
chunk_add_block (JgPostBodyView    *self,
                 Chunk             *chunk,
                 const JgPostBlock *block)
{
  GtkTextTag *tag = jg_post_body_view_kind_tag (self, block->kind);
  int start = chunk->base + chunk->length;

  for (guint i = 0; i < block->runs->len; i++)
    {
      const JgPostRun *run = block->runs->pdata[i];
      chunk_add (chunk, run->text, run->bold ? self->bold_tag : NULL);
    }
  chunk_add (chunk, "\n", NULL);
  if (tag != NULL)
    {
      TagSpan *last = NULL;

      for (guint i = chunk->spans->len; i > 0; i--)
        if (g_array_index (chunk->spans, TagSpan, i - 1).tag == tag)
          {
            last = &g_array_index (chunk->spans, TagSpan, i - 1);
            break;
          }
      if (last != NULL && last->end == start)
        last->end = chunk->base + chunk->length;
      else
        {
          TagSpan span = { start, chunk->base + chunk->length, tag };
          g_array_append_val (chunk->spans, span);
        }
    }
}

/* Inserts the chunk's text at the end, tags it and empties it. */
static void
chunk_flush (JgPostBodyView *self,
             Chunk          *chunk)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter, end;

  if (chunk->length > 0)
    {
      gtk_text_buffer_get_end_iter (buffer, &iter);
      gtk_text_buffer_insert (buffer, &iter, chunk->text->str, chunk->text->len);
      for (guint i = 0; i < chunk->spans->len; i++)
        {
          const TagSpan *span = &g_array_index (chunk->spans, TagSpan, i);

          gtk_text_buffer_get_iter_at_offset (buffer, &iter, span->start);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, span->end);
          gtk_text_buffer_apply_tag (buffer, span->tag, &iter, &end);
        }
    }
  g_string_truncate (chunk->text, 0);
  g_array_set_size (chunk->spans, 0);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  chunk->base = gtk_text_iter_get_offset (&iter);
  chunk->length = 0;
}


/* GTK 4.8 crashes when a text view's child under the pointer is removed
 * with the buffer's text (its unmap during gtk_text_view_remove): the
 * figures are hidden first, so that they are removed unmapped. */
static void
hide_figures (GtkTextBuffer *buffer)
{
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      GtkTextChildAnchor *anchor = gtk_text_iter_get_child_anchor (&iter);
      guint n_widgets = 0;
      g_autofree GtkWidget **widgets = NULL;

      if (anchor == NULL)
        continue;
      widgets = gtk_text_child_anchor_get_widgets (anchor, &n_widgets);
      for (guint i = 0; i < n_widgets; i++)
        gtk_widget_set_visible (widgets[i], FALSE);
    }
  while (gtk_text_iter_forward_char (&iter));
}

void
jg_post_body_view_set_doc (JgPostBodyView  *self,
                           const JgPostDoc *doc)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter, last;
  const JgPostBlock *final = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (TagSpan));
  Chunk chunk = { text, spans, 0, 0 };

  g_return_if_fail (JG_IS_POST_BODY_VIEW (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  self->internal++;
  /* Loading is not an edit one could undo. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  hide_figures (buffer);
  gtk_text_buffer_set_text (buffer, "", 0);
  g_ptr_array_set_size (self->removed_images, 0);
  self->tail_kind = JG_POST_BLOCK_PARAGRAPH;
  for (guint i = 0; doc != NULL && i < doc->blocks->len; i++)
    {
      const JgPostBlock *block = doc->blocks->pdata[i];

      if (block_is_empty (block))
        continue;
      if (block->kind == JG_POST_BLOCK_IMAGE)
        {
          chunk_flush (self, &chunk);
          gtk_text_buffer_get_end_iter (buffer, &iter);
          insert_block (self, &iter, block);
          chunk_flush (self, &chunk);
        }
      else
        chunk_add_block (self, &chunk, block);
      final = block;
    }
  chunk_flush (self, &chunk);
  /* No empty line after the last paragraph; an image keeps one, where
   * the cursor can go to write after it. */
  if (final != NULL && final->kind != JG_POST_BLOCK_IMAGE)
    {
      gtk_text_buffer_get_end_iter (buffer, &iter);
      last = iter;
      gtk_text_iter_backward_char (&last);
      gtk_text_buffer_delete (buffer, &last, &iter);
    }
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_set_modified (buffer, FALSE);
  self->typing_bold_offset = -1;
  self->internal--;
  jg_post_body_view_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Appends the text of [start, end) (one line at most) to @block, run by
 * run. */
static void
append_runs (JgPostBodyView    *self,
             JgPostBlock       *block,
             const GtkTextIter *start,
             const GtkTextIter *end)
{
  GtkTextIter it = *start;

  while (gtk_text_iter_compare (&it, end) < 0)
    {
      GtkTextIter next = it;
      gboolean bold = gtk_text_iter_has_tag (&it, self->bold_tag);
      g_autofree char *text = NULL;
      g_auto(GStrv) parts = NULL;

      if (!gtk_text_iter_forward_to_tag_toggle (&next, self->bold_tag) ||
          gtk_text_iter_compare (&next, end) > 0)
        next = *end;
      text = gtk_text_iter_get_text (&it, &next);
      /* Undo can put an image's character back as text. */
      if (strstr (text, ANCHOR_CHAR) != NULL)
        {
          parts = g_strsplit (text, ANCHOR_CHAR, -1);
          g_free (text);
          text = g_strjoinv ("", parts);
        }
      if (*text != '\0')
        jg_post_block_append_run (block, text, bold);
      it = next;
    }
}

JgPostDoc *
jg_post_body_view_get_range_doc (JgPostBodyView    *self,
                                 const GtkTextIter *start,
                                 const GtkTextIter *end)
{
  JgPostDoc *doc = jg_post_doc_new ();
  GtkTextIter line = *start;

  do
    {
      JgPostBlockKind kind = jg_post_body_view_line_kind (self, &line);
      GtkTextIter from, to;

      if (kind == JG_POST_BLOCK_IMAGE)
        {
          JgBodyImage *image = jg_post_body_view_image_info (jg_post_body_view_line_anchor (&line));
          JgPostBlock *block = jg_post_doc_append_block (doc, JG_POST_BLOCK_IMAGE);

          block->image_sha256 = g_strdup (image->sha256);
          block->image_alt = g_strdup (image->alt);
          block->image_caption = g_strdup (image->caption);
          continue;
        }

      from = line;
      to = line;
      if (!gtk_text_iter_ends_line (&to))
        gtk_text_iter_forward_to_line_end (&to);
      if (gtk_text_iter_compare (&to, end) > 0)
        to = *end;
      if (gtk_text_iter_compare (&from, &to) < 0)
        {
          JgPostBlock *block = jg_post_doc_append_block (doc, kind);

          append_runs (self, block, &from, &to);
          if (block->runs->len == 0)
            g_ptr_array_remove_index (doc->blocks, doc->blocks->len - 1);
        }
    }
  while (gtk_text_iter_forward_line (&line) && gtk_text_iter_compare (&line, end) < 0);

  return doc;
}

JgPostDoc *
jg_post_body_view_get_doc (JgPostBodyView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (JG_IS_POST_BODY_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return jg_post_body_view_get_range_doc (self, &start, &end);
}

/* Pasting a document */

void
jg_post_body_view_insert_doc (JgPostBodyView  *self,
                              const JgPostDoc *doc)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter;
  guint n = 0;
  const JgPostBlock *only = NULL;

  for (guint i = 0; i < doc->blocks->len; i++)
    if (!block_is_empty (doc->blocks->pdata[i]))
      {
        only = doc->blocks->pdata[i];
        n++;
      }
  if (n == 0)
    return;

  self->internal++;
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));

  if (n == 1 && only->kind == JG_POST_BLOCK_PARAGRAPH &&
      jg_post_body_view_line_kind (self, &iter) != JG_POST_BLOCK_IMAGE)
    {
      /* A phrase: it joins the line it is pasted in. */
      JgPostBlockKind kind = jg_post_body_view_line_kind (self, &iter);

      for (guint i = 0; i < only->runs->len; i++)
        {
          const JgPostRun *run = only->runs->pdata[i];
          jg_post_body_view_insert_tagged (self, &iter, run->text, kind, run->bold);
        }
    }
  else
    {
      JgPostBlockKind kind = jg_post_body_view_line_kind (self, &iter);
      gboolean at_end;

      /* Blocks go between the two halves of the cursor's line. */
      if (kind == JG_POST_BLOCK_IMAGE)
        gtk_text_iter_forward_line (&iter);
      else if (!gtk_text_iter_starts_line (&iter))
        jg_post_body_view_insert_tagged (self, &iter, "\n", kind, FALSE);
      for (guint i = 0; i < doc->blocks->len; i++)
        if (!block_is_empty (doc->blocks->pdata[i]))
          insert_block (self, &iter, doc->blocks->pdata[i]);
      /* What was left of the line, if nothing, goes. */
      at_end = gtk_text_iter_is_end (&iter);
      if (gtk_text_iter_ends_line (&iter) && !(at_end && only->kind == JG_POST_BLOCK_IMAGE))
        {
          GtkTextIter end = iter;

          if (at_end)
            gtk_text_iter_backward_char (&iter);
          else
            gtk_text_iter_forward_char (&end);
          gtk_text_buffer_delete (buffer, &iter, &end);
        }
    }
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_end_user_action (buffer);
  self->internal--;
  self->typing_bold_offset = -1;
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  jg_post_body_view_update_actions (self);
  jg_post_body_view_emit_changed (self);
}

