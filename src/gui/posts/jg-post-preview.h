/* jg-post-preview.h — a post as the portal's column will show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "jg-post-figure.h"
#include "jg-post-html.h"

G_BEGIN_DECLS

#define JG_TYPE_POST_PREVIEW (jg_post_preview_get_type ())
G_DECLARE_FINAL_TYPE (JgPostPreview, jg_post_preview, JG, POST_PREVIEW, GtkWidget)

GtkWidget *jg_post_preview_new              (void);
void       jg_post_preview_set_image_loader (JgPostPreview     *self,
                                             JgPostImageLoader  loader,
                                             gpointer           user_data,
                                             GDestroyNotify     destroy);
/* Shows the post: @title, the line of @department and @date (either may
 * be NULL or ""), @summary (may be NULL) and @body (may be NULL). */
void       jg_post_preview_show             (JgPostPreview     *self,
                                             const char        *title,
                                             const char        *department,
                                             const char        *date,
                                             const char        *summary,
                                             const JgPostDoc   *body);

G_END_DECLS
