/* jg-post-body-view.h — the WYSIWYG editor of a 监管动态 post's body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "jg-post-figure.h"
#include "jg-post-html.h"

G_BEGIN_DECLS

#define JG_TYPE_POST_BODY_VIEW (jg_post_body_view_get_type ())
G_DECLARE_FINAL_TYPE (JgPostBodyView, jg_post_body_view, JG, POST_BODY_VIEW, GtkTextView)

GtkWidget    *jg_post_body_view_new              (void);

/* Replaces the whole body with @doc (NULL: empty). Not a change: emits no
 * "changed". */
void          jg_post_body_view_set_doc          (JgPostBodyView    *self,
                                                  const JgPostDoc   *doc);
/* The body as it is now (walks the buffer: call it when saving, not on
 * every keystroke). Empty text blocks are left out. */
JgPostDoc    *jg_post_body_view_get_doc          (JgPostBodyView    *self);

/* How the view gets the picture of an image of the document it is given;
 * called at set_doc and at paste. */
void          jg_post_body_view_set_image_loader (JgPostBodyView    *self,
                                                  JgPostImageLoader  loader,
                                                  gpointer           user_data,
                                                  GDestroyNotify     destroy);

/* Inserts the stored image @sha256 on its own line at the cursor (after
 * the cursor's paragraph when it is inside one). @paintable may be NULL
 * (the loader is asked, then a placeholder). */
void          jg_post_body_view_insert_image     (JgPostBodyView    *self,
                                                  const char        *sha256,
                                                  GdkPaintable      *paintable,
                                                  const char        *alt,
                                                  const char        *caption);

/* Opens the dialog that edits the alternative text and the caption of the
 * image at the cursor (the "body.edit-image" action). */
void          jg_post_body_view_edit_image       (JgPostBodyView    *self);

/* The "body." actions (bold, block, insert-image, edit-image); the view
 * inserts them on itself for its shortcuts, a toolbar inserts them on
 * itself (jg_post_body_toolbar_set_view). */
GActionGroup *jg_post_body_view_get_actions      (JgPostBodyView    *self);

/* Signals:
 *   "changed" ()                  every edit of the text, its formatting or
 *                                 an image, right away (no debounce: the
 *                                 editor decides when to save)
 *   "image-requested" (GFile *)   an image file chosen or dropped, to import
 *                                 through the store; then insert_image
 *   "image-pasted" (GdkTexture *) a pasted image, same
 *   "paste-cleaned" ()            a paste dropped formatting or content that
 *                                 a post cannot keep (a toast says so)
 */

G_END_DECLS
