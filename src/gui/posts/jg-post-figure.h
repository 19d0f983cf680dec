/* jg-post-figure.h — an image of a post with its caption below
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "jg-post-store.h"

G_BEGIN_DECLS

/* The widest a figure is drawn, in pixels: about the measure of the
 * portal's column, and narrow enough for the editor beside its preview. */
#define JG_POST_FIGURE_MAX_WIDTH 480

/* Gives the picture of the stored image @sha256 (a new reference), or NULL
 * when it cannot be read (the figure then shows a placeholder). The post
 * editor passes one that reads the content store, best at the size it is
 * shown (JG_POST_FIGURE_MAX_WIDTH times the scale factor, e.g. with
 * gdk_pixbuf_new_from_stream_at_scale): a bigger texture is scaled down
 * once when it is shown, which costs more than decoding it small. */
typedef GdkPaintable *(*JgPostImageLoader) (const char *sha256,
                                            gpointer    user_data);

/* The picture of the image @sha256 in @store's content store, decoded
 * @width pixels wide, or NULL: what the editor's and the review page's
 * JgPostImageLoader do. */
GdkPaintable *jg_post_figure_load_stored (JgPostStore *store,
                                          const char  *sha256,
                                          int          width);

#define JG_TYPE_POST_FIGURE (jg_post_figure_get_type ())
G_DECLARE_FINAL_TYPE (JgPostFigure, jg_post_figure, JG, POST_FIGURE, GtkWidget)

GtkWidget  *jg_post_figure_new         (GdkPaintable *paintable,
                                        const char   *alt,
                                        const char   *caption);
/* NULL shows a placeholder. */
void        jg_post_figure_set_paintable (JgPostFigure *self,
                                          GdkPaintable *paintable);
/* What is shown (maybe scaled down), NULL for the placeholder. */
GdkPaintable *jg_post_figure_get_paintable (JgPostFigure *self);
const char *jg_post_figure_get_alt     (JgPostFigure *self);
void        jg_post_figure_set_alt     (JgPostFigure *self,
                                        const char   *alt);
/* A warning under the caption (the editor's: no or a poor alternative
 * text); NULL or "" hides it. */
void        jg_post_figure_set_warning (JgPostFigure *self,
                                        const char   *warning);
const char *jg_post_figure_get_caption (JgPostFigure *self);
void        jg_post_figure_set_caption (JgPostFigure *self,
                                        const char   *caption);

G_END_DECLS
