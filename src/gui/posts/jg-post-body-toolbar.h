/* jg-post-body-toolbar.h — the formatting buttons of the post body editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "jg-post-body-view.h"

G_BEGIN_DECLS

#define JG_TYPE_POST_BODY_TOOLBAR (jg_post_body_toolbar_get_type ())
G_DECLARE_FINAL_TYPE (JgPostBodyToolbar, jg_post_body_toolbar, JG, POST_BODY_TOOLBAR, GtkWidget)

GtkWidget *jg_post_body_toolbar_new      (void);
/* Binds the buttons to @view's "body." actions (NULL: none). */
void       jg_post_body_toolbar_set_view (JgPostBodyToolbar *self,
                                          JgPostBodyView    *view);

G_END_DECLS
