/* jg-window-private.h — shared by jg-window.c and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "jg-catalogue-page.h"
#include "jg-login-dialog.h"
#include "jg-overview-page.h"
#include "jg-posts-page.h"
#include "jg-records-page.h"
#include "jg-review-page.h"
#include "jg-search-popover.h"
#include "jg-sync-page.h"
#include "jg-window.h"

G_BEGIN_DECLS

struct _JgWindow
{
  AdwApplicationWindow parent_instance;

  AdwLeaflet *leaflet;
  GtkListBox *sidebar_list;
  AdwWindowTitle *content_title;
  GtkStack *stack;
  AdwToastOverlay *toast_overlay;
  GtkWidget *sync_button;
  GtkWidget *sync_spinner;
  GtkWidget *sync_icon;
  GtkWidget *sync_label;
  GtkWidget *counts_button;
  GtkWidget *counts_label;
  AdwToast *sign_in_toast;
  JgLoginDialog *login_dialog;
  JgOverviewPage *overview_page;
  /* The other pages: NULL until first shown (jg_window_ensure_page). */
  JgCataloguePage *catalogue_page;
  JgRecordsPage *records_page;
  JgSyncPage *sync_page;
  JgReviewPage *review_page;
  GtkWidget *row_review;
  GtkWidget *row_overview;
  GtkLabel *warnings_count;
  GtkLabel *review_count;
  JgPostsPage *dynamics_page;
  JgPostsPage *exposure_page;
  GtkMenuButton *search_all_button;
  JgSearchPopover *search_popover;

  GSettings *settings;
  JgSession *session;
  guint review_id;          /* the Review page, built after the first frame */
};

/* jg-window.c */
void jg_window_add_toast      (JgWindow   *self,
                               const char *text,
                               const char *button_label,
                               const char *action_name,
                               guint       timeout);
/* Builds the page of section @name if it is not yet (the pages but the
 * Overview are built when first shown); self->records_page and the others
 * are set from then on. */
void jg_window_ensure_page    (JgWindow   *self,
                               const char *name);
/* Opens the sign-in dialog (or raises it), with @message above it. */
void jg_window_sign_in        (JgWindow   *self,
                               const char *message);

/* jg-window-actions.c */
void jg_window_actions_init   (JgWindow   *self);
/* Enables sign-in and sign-out as the session allows. */
void jg_window_actions_update (JgWindow   *self);

G_END_DECLS
