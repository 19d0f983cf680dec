/* jg-posts-page.h — the 监管动态 or 曝光台 page: the month's quota and posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-post.h"
#include "jg-session.h"

G_BEGIN_DECLS

#define JG_TYPE_POSTS_PAGE (jg_posts_page_get_type ())
G_DECLARE_FINAL_TYPE (JgPostsPage, jg_posts_page, JG, POSTS_PAGE, AdwBin)

/* Property "column" (int JgPostColumn, construct-only). */
GtkWidget    *jg_posts_page_new          (JgPostColumn  column);
JgPostColumn  jg_posts_page_get_column   (JgPostsPage  *self);
void          jg_posts_page_set_session  (JgPostsPage  *self,
                                          JgSession    *session);

/* A new draft of the page's column, opened in the editor ("posts.new",
 * Ctrl+N on the page). */
void          jg_posts_page_new_post     (JgPostsPage  *self);
/* Opens @post (stored) in the editor, in the month it belongs to. */
void          jg_posts_page_open_post    (JgPostsPage  *self,
                                          JgPost       *post);
/* Saves what the editor holds now (the window closes). */
void          jg_posts_page_flush        (JgPostsPage  *self);

G_END_DECLS
