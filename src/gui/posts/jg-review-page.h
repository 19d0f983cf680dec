/* jg-review-page.h — the reviewer's queue (审核): the department's posts
 * awaiting sign-off, approved or returned with a comment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "jg-session.h"

G_BEGIN_DECLS

#define JG_TYPE_REVIEW_PAGE (jg_review_page_get_type ())
G_DECLARE_FINAL_TYPE (JgReviewPage, jg_review_page, JG, REVIEW_PAGE, AdwBin)

void  jg_review_page_set_session     (JgReviewPage  *self,
                                      JgSession     *session);
/* The window's sidebar row of the page and the label in it for the
 * queue's count: the page shows the row to reviewers only, and leaves for
 * the Overview when the account signed in is no longer one. */
void  jg_review_page_set_sidebar_row (JgReviewPage  *self,
                                      GtkWidget     *row,
                                      GtkLabel      *count_label);

G_END_DECLS
