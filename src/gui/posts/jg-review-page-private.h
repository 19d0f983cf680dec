/* jg-review-page-private.h — shared by jg-review-page.c and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-post-preview.h"
#include "jg-post-queue.h"
#include "jg-review-page.h"

G_BEGIN_DECLS

struct _JgReviewPage
{
  AdwBin parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  AdwLeaflet *leaflet;
  GtkListBox *queue_list;
  GtkLabel *title_label;
  GtkLabel *meta_label;
  GtkWidget *return_button;
  GtkWidget *approve_button;
  GtkWidget *checks_scrolled;
  GtkListBox *checks_list;
  GtkStack *view_stack;
  JgPostPreview *preview;
  GtkListBox *fields_list;

  GtkWidget *sidebar_row;
  GtkLabel *count_label;

  JgSession *session;
  JgPostStore *store;          /* the session's, followed while shown */
  GPtrArray *queue;            /* JgPostQueueItem*, in list order */
  JgPostQueueItem *current;    /* in queue, or NULL */
  char *busy_uuid;             /* the post whose sign-off is on its way */
  GCancellable *cancellable;
  GSimpleActionGroup *actions;
};

/* jg-review-page.c */
/* Re-reads the queue, keeping the post shown when it is still in it. */
void     jg_review_page_reload        (JgReviewPage *self);
void     jg_review_page_toast         (JgReviewPage *self,
                                       const char   *text);
/* "初审" / "First review" for @level of @levels; NULL for one level. */
const char *jg_review_page_level_name (guint         level,
                                       guint         levels);

/* jg-review-page-actions.c */
/* review.approve and review.return. */
void     jg_review_page_actions_init   (JgReviewPage *self);
/* Enables them for the post shown, unless a sign-off is on its way. */
void     jg_review_page_actions_update (JgReviewPage *self);

G_END_DECLS
