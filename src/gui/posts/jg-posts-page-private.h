/* jg-posts-page-private.h — shared by the posts page's own files
 *
 * jg-posts-page.c: the month, the quota header, the list and the editor
 * pushed over it; jg-posts-page-actions.c: the "posts." actions (new post,
 * months) and deleting with Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>

#include "jg-post-editor.h"
#include "jg-posts-model.h"
#include "jg-posts-page.h"

G_BEGIN_DECLS

struct _JgPostsPage
{
  AdwBin parent_instance;

  AdwLeaflet *leaflet;
  GtkLabel *month_label;
  GtkWidget *quota_box;
  GtkImage *quota_icon;
  GtkLabel *quota_label;
  GtkLabel *quota_detail;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwStatusPage *empty_page;
  AdwBin *editor_bin;

  JgPostColumn column;
  JgSession *session;
  JgPostStore *store;
  JgPostsModel *model;
  GtkNoSelection *selection;
  JgPostEditor *editor;
  guint year;                   /* the month shown (Shanghai) */
  guint month;
};

/* jg-posts-page.c */
void     jg_posts_page_toast         (JgPostsPage *self,
                                      AdwToast    *toast);
/* Shows @year-@month: the quota and the list of that month. */
void     jg_posts_page_show_month    (JgPostsPage *self,
                                      guint        year,
                                      guint        month);
/* The current month in Shanghai (where the quota is counted). */
void     jg_posts_page_this_month    (guint       *year,
                                      guint       *month);
/* Saves and leaves the editor; a draft left without input is not kept. */
void     jg_posts_page_close_editor  (JgPostsPage *self);

/* jg-posts-page-actions.c */
void     jg_posts_page_actions_class_init (GtkWidgetClass *widget_class);
/* Enables the actions for the store and the month shown. */
void     jg_posts_page_actions_update     (JgPostsPage    *self);
/* The editor deleted @before: a toast offers Undo. */
void     jg_posts_page_post_deleted       (JgPostsPage    *self,
                                           JgPost         *before);

G_END_DECLS
