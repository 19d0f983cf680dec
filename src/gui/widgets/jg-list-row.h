/* jg-list-row.h — a list row: title, dim caption and a badge on the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The look of the badge: the CSS classes "badge" plus "success", "warning"
 * or "error" (src/gui/style.css). */
typedef enum {
  JG_LIST_ROW_BADGE_NEUTRAL,
  JG_LIST_ROW_BADGE_SUCCESS,
  JG_LIST_ROW_BADGE_WARNING,
  JG_LIST_ROW_BADGE_ERROR,
} JgListRowBadgeStyle;

#define JG_TYPE_LIST_ROW_BADGE_STYLE (jg_list_row_badge_style_get_type ())
GType jg_list_row_badge_style_get_type (void) G_GNUC_CONST;

#define JG_TYPE_LIST_ROW (jg_list_row_get_type ())
G_DECLARE_FINAL_TYPE (JgListRow, jg_list_row, JG, LIST_ROW, GtkWidget)

GtkWidget           *jg_list_row_new                  (void);

const char          *jg_list_row_get_title            (JgListRow           *self);
void                 jg_list_row_set_title            (JgListRow           *self,
                                                       const char          *title);
const char          *jg_list_row_get_caption          (JgListRow           *self);
void                 jg_list_row_set_caption          (JgListRow           *self,
                                                       const char          *caption);
/* NULL (or "") hides the badge. */
const char          *jg_list_row_get_badge            (JgListRow           *self);
void                 jg_list_row_set_badge            (JgListRow           *self,
                                                       const char          *badge);
JgListRowBadgeStyle  jg_list_row_get_badge_style      (JgListRow           *self);
void                 jg_list_row_set_badge_style      (JgListRow           *self,
                                                       JgListRowBadgeStyle  style);

/* What a screen reader reads for the row. NULL (the default) is
 * "title, caption, badge"; a page sets its own (translated) sentence. */
const char          *jg_list_row_get_accessible_label (JgListRow           *self);
void                 jg_list_row_set_accessible_label (JgListRow           *self,
                                                       const char          *label);

/* 1 (the default): the title is one ellipsized line; more: it wraps on up
 * to that many lines, the last one ellipsized. */
int                  jg_list_row_get_title_lines      (JgListRow           *self);
void                 jg_list_row_set_title_lines      (JgListRow           *self,
                                                       int                  lines);
/* The natural width of the title and the caption, in characters; -1 (the
 * default) for as wide as the text. */
int                  jg_list_row_get_max_width_chars  (JgListRow           *self);
void                 jg_list_row_set_max_width_chars  (JgListRow           *self,
                                                       int                  n_chars);

/* Appends @widget after the badge (a button acting on the row, say). */
void                 jg_list_row_add_suffix           (JgListRow           *self,
                                                       GtkWidget           *widget);

G_END_DECLS
