/* jg-post-body-view-private.h — JgPostBodyView's fields, shared by its own
 * files only (jg-post-body-view.c: lines, typing, images, list markers;
 * -doc.c: the buffer from and to a JgPostDoc; -actions.c: formatting
 * actions and the image dialog; -clipboard.c: copy, paste and drop)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post-body-view.h"

G_BEGIN_DECLS

/* The object replacement character GtkTextBuffer uses for an anchor. */
#define JG_POST_BODY_ANCHOR_CHAR "\xef\xbf\xbc"
/* Space below a block (and around an image's figure), in pixels. */
#define JG_POST_BODY_BLOCK_SPACING 6

/* What the buffer keeps of an image, on its GtkTextChildAnchor. */
typedef struct {
  char *sha256;
  char *alt;
  char *caption;
} JgBodyImage;

struct _JgPostBodyView
{
  GtkTextView parent_instance;

  GtkTextTag *bold_tag;
  /* One tag per kind of block but the paragraph, on every character of
   * the line including its newline (GtkTextView takes a line's margins
   * from them, and an empty line has only its newline). */
  GtkTextTag *heading_tag;
  GtkTextTag *bullet_tag;
  GtkTextTag *number_tag;
  GtkTextTag *image_tag;

  GSimpleActionGroup *actions;

  JgPostImageLoader loader;
  gpointer loader_data;
  GDestroyNotify loader_destroy;

  /* > 0 while the view edits its own buffer (load, paste): the typing
   * rules and "changed" stay out of it. */
  guint internal;
  /* The weight typed text gets: the text's before the cursor, or what
   * Ctrl+B chose at typing_bold_offset (-1: none). */
  gboolean typing_bold;
  int typing_bold_offset;
  /* The kind of an empty last line, which has no character to carry a
   * tag (after Enter at the end of a list). */
  JgPostBlockKind tail_kind;
  /* Set by the insert-text handler that runs before the buffer's, read
   * by the one after it. */
  int insert_offset;
  JgPostBlockKind insert_kind;

  /* The images deleted lately, last last, for undo to bring back
   * (JgRemovedImage*, jg-post-body-view-undo.c). */
  GPtrArray *removed_images;

  GCancellable *cancellable;
};

JgPostBlockKind jg_post_body_view_line_kind      (JgPostBodyView    *self,
                                                  const GtkTextIter *iter);
/* The tag of @kind (NULL for the paragraph). */
GtkTextTag     *jg_post_body_view_kind_tag       (JgPostBodyView    *self,
                                                  JgPostBlockKind    kind);
/* The image anchor at the start of @iter's line, or NULL. */
GtkTextChildAnchor *jg_post_body_view_line_anchor (const GtkTextIter *iter);
/* Tags [start, end) as @kind and no other kind. */
void            jg_post_body_view_tag_range      (JgPostBodyView    *self,
                                                  const GtkTextIter *start,
                                                  const GtkTextIter *end,
                                                  JgPostBlockKind    kind);
/* Inserts @text at @iter (moved past it) tagged @kind, bold or not. */
void            jg_post_body_view_insert_tagged  (JgPostBodyView    *self,
                                                  GtkTextIter       *iter,
                                                  const char        *text,
                                                  JgPostBlockKind    kind,
                                                  gboolean           bold);
/* Inserts an image and its newline at @iter (moved past them). */
void            jg_post_body_view_insert_image_line (JgPostBodyView *self,
                                                     GtkTextIter    *iter,
                                                     const char     *sha256,
                                                     GdkPaintable   *paintable,
                                                     const char     *alt,
                                                     const char     *caption);
/* Gives every line from @start's to @end's @kind (image lines stay). */
void            jg_post_body_view_set_lines_kind (JgPostBodyView    *self,
                                                  const GtkTextIter *start,
                                                  const GtkTextIter *end,
                                                  JgPostBlockKind    kind);
/* The image whose line the cursor is on, or NULL. */
GtkTextChildAnchor *jg_post_body_view_image_at_cursor (JgPostBodyView *self);
JgBodyImage    *jg_post_body_view_image_info     (GtkTextChildAnchor *anchor);
/* Attaches @image (taken) to @anchor. */
void            jg_post_body_view_set_image_info (GtkTextChildAnchor *anchor,
                                                  JgBodyImage        *image);
/* Sets the image's alt and caption, its figure's too; emits "changed". */
void            jg_post_body_view_update_image   (JgPostBodyView     *self,
                                                  GtkTextChildAnchor *anchor,
                                                  const char         *alt,
                                                  const char         *caption);
/* Inserts @doc at the cursor, in place of the selection, as paste does;
 * emits "changed" once. */
void            jg_post_body_view_insert_doc     (JgPostBodyView    *self,
                                                  const JgPostDoc   *doc);
/* The document between @start and @end (whole lines for images). */
JgPostDoc      *jg_post_body_view_get_range_doc  (JgPostBodyView    *self,
                                                  const GtkTextIter *start,
                                                  const GtkTextIter *end);
void            jg_post_body_view_emit_changed   (JgPostBodyView    *self);

/* The figure that shows @anchor's image. */
GtkWidget      *jg_post_body_view_make_figure    (JgPostBodyView     *self,
                                                  GtkTextChildAnchor *anchor,
                                                  GdkPaintable       *paintable);
void            jg_post_body_image_free          (gpointer           image);

/* jg-post-body-view-undo.c */
void            jg_post_body_view_removed_image_free (gpointer        data);
/* Keeps the images of [start, end), about to be deleted. */
void            jg_post_body_view_remember_images (JgPostBodyView    *self,
                                                   const GtkTextIter *start,
                                                   const GtkTextIter *end);
/* Makes images again of the bare anchor characters that undo inserted
 * from @offset to @location (revalidated). */
void            jg_post_body_view_restore_images  (JgPostBodyView    *self,
                                                   int                offset,
                                                   GtkTextIter       *location);

/* jg-post-body-view-actions.c */
void            jg_post_body_view_actions_init   (JgPostBodyView    *self);
void            jg_post_body_view_update_actions (JgPostBodyView    *self);
/* Whether every character of the selection is bold; with no selection,
 * whether typing gives bold. */
gboolean        jg_post_body_view_is_bold        (JgPostBodyView    *self);
void            jg_post_body_view_toggle_bold    (JgPostBodyView    *self);
/* Gives the selected lines @kind, or the paragraph when they all are
 * that list already (the list buttons toggle). */
void            jg_post_body_view_apply_kind     (JgPostBodyView    *self,
                                                  JgPostBlockKind    kind);

/* jg-post-body-view-clipboard.c */
void            jg_post_body_view_clipboard_init (JgPostBodyView    *self);
void            jg_post_body_view_copy           (JgPostBodyView    *self,
                                                  gboolean           cut);
void            jg_post_body_view_paste          (JgPostBodyView    *self);
/* Files dropped at (@x, @y) of the view: the cursor goes there, each image
 * file is requested ("image-requested"); FALSE when none was an image. */
gboolean        jg_post_body_view_drop_files     (JgPostBodyView    *self,
                                                  GSList            *files,
                                                  double             x,
                                                  double             y);

G_END_DECLS
